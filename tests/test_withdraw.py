"""Withdrawal and expulsion: the alliance without a member, the settlement, and everyone else's change.

What must hold, whatever the alliance:
- a null member's withdrawal changes nobody's allocation under rules with the null-player property (Shapley,
  normalised Banzhaf): the remaining game is the restriction of the old one;
- money adds up: the voluntary buyout equals the leaver's allocation and the others' payments sum to it; an
  expelled member repays exactly its share of the grants with ``repay_on_expulsion`` and the matching funds;
- shares move as the agreement says: a jointly owned patent's leaving share goes to the other co-owners pro rata
  (or to the lead), what the leaver owns alone stays with it and the alliance keeps using it (licences continue).
"""

import json
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from random_alliances import PRESETS, alliance_data, load

import ipshare
from ipshare.alliance.benefit import benefit_game
from ipshare.alliance.ownership import patent_owners
from ipshare.analyses.withdrawal import WithdrawalError, remaining_alliance, withdraw
from ipshare.cli import cli

ROOT = Path(__file__).resolve().parent.parent
FUEL = ROOT / "scenarios" / "fuel-cell-alliance.yaml"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize("seed", range(6))
def test_a_null_member_leaving_changes_nobody(preset, seed):
    scenario = load(alliance_data(400 + seed, 3 + seed % 2, preset=preset, null_member=True))
    remaining, _ = remaining_alliance(scenario, "Z")
    old, new = benefit_game(scenario), benefit_game(remaining)
    assert old.exact_values()[: 1 << new.n] == new.exact_values()  # Z is the last bit: the restriction
    for rule in ("shapley", "banzhaf-normalized"):
        for mode in ("voluntary", "expelled"):
            result = withdraw(scenario, "Z", mode, rule)
            assert all(change == 0 for change in result.difference.values()), (rule, mode)
            assert result.settlement["buyout"] == 0


def test_the_fuel_cell_fund_is_a_null_member():
    result = withdraw(ipshare.load(FUEL), "PF")
    assert result.before.exact["PF"] == 0
    assert set(result.difference.values()) == {0} and set(result.net_change.values()) == {0}


@pytest.mark.parametrize("seed", range(8))
def test_a_voluntary_buyout_is_paid_in_full(seed):
    scenario = load(alliance_data(500 + seed, 3))
    leaver = "M1"
    result = withdraw(scenario, leaver, "voluntary")
    assert result.settlement["buyout"] == result.before.exact[leaver]
    assert sum(result.payments.values()) == result.settlement["buyout"]
    assert result.net_change == {m: result.difference[m] - result.payments[m] for m in result.difference}
    assert sum(result.after.exact.values()) == benefit_game(result.remaining).exact_grand_value
    assert sum(result.percent_after.values()) == 100


def test_expulsion_repays_the_grant_and_the_matching_funds():
    result = withdraw(ipshare.load(FUEL), "CI", "expelled")
    settlement = result.settlement
    assert settlement["buyout"] == 0
    assert settlement["contributions_forfeited"] == 2_100_000 + 3_000_000
    assert settlement["grant_repayment"] == {"G1": 3_000_000}
    assert settlement["matching_repayment"] == {"HP": 1_500_000}
    assert settlement["net_to_member"] == -4_500_000
    assert result.payments["HP"] == -1_500_000  # HP gets its matching funds back
    assert settlement["licences_continue"] == ["BC"]
    voluntary = withdraw(ipshare.load(FUEL), "CI", "voluntary")
    assert voluntary.settlement["grant_repayment"] == {}  # repay_on_withdrawal is false


def test_shares_move_as_the_agreement_says():
    scenario = ipshare.load(FUEL)
    # NU leaves: its half of the joint background BM stays a licence to SM's half; its P1 share goes to CI.
    remaining, facts = remaining_alliance(scenario, "NU")
    owners = patent_owners(remaining)
    assert owners["BM"] == {"SM": 1}
    assert owners["P1"] == {"CI": 1} and "NU" not in facts["reassigned"]["P1"]
    # SM leaves: its 40 % of P2 (owners stated) goes to the other co-owner, HP.
    remaining, facts = remaining_alliance(scenario, "SM")
    assert patent_owners(remaining)["P2"] == {"HP": 1} and facts["reassigned"]["P2"] == {"HP": Fraction(2, 5)}
    assert facts["dropped"]["revenue"] == ["U2"]  # SM's own exploitation leaves with it
    # CI leaves: it keeps BC, which it owns alone; P1 no longer needs it, and L1 still earns.
    remaining, facts = remaining_alliance(scenario, "CI")
    assert facts["licences_continue"] == ["BC"] and "BC" not in remaining.patents
    assert remaining.patents["P1"].builds_on == ()
    assert [s.id for s in remaining.revenue] == ["L1", "L2", "U1", "U2"]


def test_lead_reassignment_and_the_lead_exploiter_guard(tmp_path):
    data = json.loads(json.dumps(alliance_data(9, 3, costs=False)))
    data["members"]["M0"]["role"] = "lead"
    data["patents"] = {"P0": {"from": ["C1", "C2"], "owners": {"M1": "1/2", "M2": "1/2"}}}
    data["revenue"] = [{"id": "L0", "kind": "licence", "requires": ["P0"], "upfront": 10}]
    data["agreement"]["withdrawal"] = {"reassign": "lead"}
    remaining, facts = remaining_alliance(load(data), "M1")
    assert patent_owners(remaining)["P0"] == {"M0": Fraction(1, 2), "M2": Fraction(1, 2)}
    lead = load(alliance_data(9, 3, preset="lead-exploiter"))
    with pytest.raises(WithdrawalError, match="lead exploitation party"):
        withdraw(lead, "M0")


def test_withdraw_command_and_its_formats():
    table = run("withdraw", FUEL, "--member", "CI", "--mode", "expelled")
    assert table.exit_code == 0 and "CI is expelled" in table.stdout
    assert "repays 3,000,000.00 CNY of grant G1" in table.stdout
    document = json.loads(run("withdraw", FUEL, "-m", "SM", "-f", "json").stdout)
    assert document["member"] == "SM" and document["mode"] == "voluntary"
    assert document["remaining"] == ["HP", "NU", "CI", "PF"]
    assert sum(document["payments"].values()) == pytest.approx(document["settlement"]["buyout"])
    assert run("withdraw", FUEL, "-m", "SM", "-f", "csv").stdout.startswith("member,before,after,difference")
    assert "(leaves)" in run("withdraw", FUEL, "-m", "SM", "-f", "markdown").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--member", "CJ"), "unknown member 'CJ'; did you mean 'CI'?"),
        (("--member", "HP"), None),  # fine: HP may leave the unassigned base alliance
    ],
)
def test_unknown_member_is_one_line_exit_2_and_nothing_written(tmp_path, args, message):
    output = tmp_path / "out.md"
    result = run("withdraw", FUEL, *args, "-f", "markdown", "-o", output)
    if message is None:
        assert result.exit_code == 0 and output.exists()
        return
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]
    assert not output.exists()


def test_withdrawing_the_lead_exploitation_party_is_refused():
    result = run("withdraw", ROOT / "scenarios" / "fuel-cell-lead.yaml", "-m", "HP")
    assert result.exit_code == 2 and "lead exploitation party" in result.stderr


BAD_GRANTS = [
    ([{"id": "G", "member": "MX", "amount": 1}], "grants.G.member: unknown member 'MX'"),
    ([{"id": "G", "member": "M0", "amount": -1}], "grants.G.amount: must be at least 0"),
    ([{"id": "G", "member": "M0", "members": ["M1"], "amount": 1}], "a grant names its recipient"),
    ([{"id": "G", "member": "M0", "amount": 1, "matching": {"M1": -5}}], "grants.G.matching.M1: must be at least 0"),
    ([{"id": "G", "member": "M0", "amount": 1, "repay_on_expulsion": "yes"}], "must be true or false"),
]


@pytest.mark.parametrize(("grants", "message"), BAD_GRANTS)
def test_bad_grants_are_one_line_and_exit_2(tmp_path, grants, message):
    data = alliance_data(4, 3)
    data["grants"] = grants
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    result = run("withdraw", path, "-m", "M0")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{path}:") and message in lines[0], lines


# -- what the withdraw outputs show: the same cents as allocate, derived columns from the rounded figures ----------


def three_equal_members(tmp_path):
    """Three members whose contributions are all needed for the one patent behind a licence worth 1.00: each has
    1/3 (0.34, 0.33, 0.33 rounded, ties to the member listed first); without one of them the other two need only
    their own contributions and have 1/2 each (0.50, 0.50)."""
    data = {
        "alliance": {"name": "Three equal members", "currency": "EUR"},
        "members": {m: {"name": f"Member {m}", "type": "enterprise"} for m in "ABC"},
        "contributions": [{"id": f"C{m}", "member": m, "kind": "cash", "value": 1} for m in "ABC"],
        "patents": {"P": {"title": "Joint result", "from": ["CA", "CB", "CC"]}},
        "revenue": [{"id": "L", "kind": "licence", "requires": ["P"], "upfront": 1}],
        "agreement": {"rule": "shapley"},
    }
    path = tmp_path / "three.json"
    path.write_text(json.dumps(data))
    return path


def test_changes_are_after_minus_before_as_shown(tmp_path):
    # The case: 0.34 -> 0.50 was shown as +0.17 and 0.33 -> 0.50 as +0.16 (each change rounded on its own).
    path = three_equal_members(tmp_path)
    document = json.loads(run("withdraw", path, "-m", "C", "-f", "json").stdout)
    rounded = document["rounded"]
    assert rounded["before"] == {"A": "0.34", "B": "0.33", "C": "0.33"}
    assert rounded["after"] == {"A": "0.50", "B": "0.50", "C": "0.00"}
    assert rounded["difference"] == {"A": "0.16", "B": "0.17", "C": "-0.33"}
    # Percentages 33.34, 33.33, 33.33 before and 50.00, 50.00 after: points from those, not rounded again.
    assert rounded["percentage_points"] == {"A": "16.66", "B": "16.67", "C": "-33.33"}
    assert document["totals"]["change"] == "0.00"  # 1.00 before, 1.00 after: nothing is lost
    table = run("withdraw", path, "-m", "C").stdout
    assert "+0.16" in table and "+0.17" in table and "-0.33" in table
    markdown = run("withdraw", path, "-m", "C", "-f", "markdown").stdout
    assert "| A | Member A | 0.34 | 33.34 | 0.50 | 50.00 | +0.16 | +16.66 |" in markdown


def test_the_total_change_is_after_total_minus_before_total():
    # The case: CI expelled from the fuel-cell alliance showed a Total change of +11,005,835.33 (the sum of
    # the others' changes) where the totals fell by 2,119,761.18 (65,716,818.40 -> 63,597,057.22).
    document = json.loads(run("withdraw", FUEL, "-m", "CI", "--mode", "expelled", "-f", "json").stdout)
    totals = document["totals"]
    assert (totals["before"], totals["after"], totals["change"]) == ("65716818.40", "63597057.22", "-2119761.18")
    assert "loses with CI's departure" in document["total_change_says"]
    table = run("withdraw", FUEL, "-m", "CI", "--mode", "expelled").stdout
    total_row = next(line for line in table.splitlines() if "Total" in line)
    assert "-2,119,761.18" in total_row and "11,005,835.33" not in table
    assert "the value the alliance loses with CI's departure" in table


def cents(text) -> Fraction:
    return Fraction(text)


@pytest.mark.parametrize("mode", ["voluntary", "expelled"])
@pytest.mark.parametrize(("seed", "rule"), [(s, r) for s in range(8) for r in ("shapley", "nucleolus")])
def test_every_row_and_column_adds_up_as_shown(tmp_path, seed, rule, mode):
    data = alliance_data(700 + seed, 3 + seed % 3)
    if seed % 2:
        data["grants"] = [{"id": "G", "member": "M0", "amount": 7, "matching": {"M1": 3}, "repay_on_expulsion": True,
                           "repay_on_withdrawal": True}]
    path = tmp_path / "alliance.json"
    path.write_text(json.dumps(data))
    document = json.loads(run("withdraw", path, "-m", "M0", "--mode", mode, "-r", rule, "-f", "json").stdout)
    rounded, totals = document["rounded"], document["totals"]
    allocated = json.loads(run("allocate", path, "-r", rule, "-f", "json").stdout)
    assert rounded["before"] == allocated["rounded"][rule]  # the cents allocate shows
    for member in document["members"]:
        before, after = cents(rounded["before"][member]), cents(rounded["after"][member])
        assert cents(rounded["difference"][member]) == after - before
        assert cents(rounded["net_change"][member]) == after - before - cents(rounded["payments"][member])
        if rounded["percent_before"] and rounded["percent_after"]:
            points = cents(rounded["percent_after"][member]) - cents(rounded["percent_before"][member])
            assert cents(rounded["percentage_points"][member]) == points
    for key, column in (("before", "before"), ("after", "after"), ("change", "difference"),
                        ("pays", "payments"), ("net", "net_change")):
        assert cents(totals[key]) == sum(cents(v) for v in rounded[column].values()), key
    assert cents(totals["change"]) == cents(totals["after"]) - cents(totals["before"])
    settlement = rounded["settlement"]
    assert cents(rounded["payments"]["M0"]) == -cents(settlement["net_to_member"])
    repaid = sum(cents(v) for v in settlement["grant_repayment"].values())
    assert cents(totals["pays"]) == repaid  # what leaves the alliance: grant repayments to their providers
    if mode == "voluntary":
        assert settlement["buyout"] == rounded["before"]["M0"]


def test_withdraw_table_fits_the_terminal():
    result = CliRunner().invoke(cli, ["withdraw", str(FUEL), "-m", "CI"], env={"COLUMNS": "90"})
    assert result.exit_code == 0
    assert max(len(line) for line in result.stdout.splitlines()) <= 90
    assert "part 1 of 2" in result.stdout  # split into parts repeating the member columns, numbers never wrapped
