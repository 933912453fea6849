"""Rights: the access model under each preset, the one consent rule the benefit game and the rights table share,
council voting power, and the `ipshare rights` command.

Why the numbers are right:
- the default (no preset) is checked against the pre-rights semantics of docs/model.md re-implemented here
  independently, on generated alliances: adding the rights model changed no existing game;
- under every preset, the game's consent is checked coalition by coalition against ``access`` read member by member
  (a coalition may use a patent when one of its members may, with consent from inside the coalition), and the dense
  and structured games agree;
- council power is checked against published indices: [51; 50, 49, 1] (R CoopGame's tests: normalised Banzhaf
  3/5, 1/5, 1/5) and its Shapley–Shubik index 2/3, 1/6, 1/6 (A is pivotal in 4 of the 6 orders).
"""

import itertools
import json
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from random_alliances import PRESETS, alliance_data, load, random_alliance

import ipshare
import ipshare.model.money
from ipshare.alliance.benefit import benefit_game
from ipshare.alliance.consent import FREE_TERMS, access, coalition_consent, source_access
from ipshare.alliance.ownership import patent_owners, required_patents
from ipshare.alliance.structured import structured_benefit_game
from ipshare.analyses.rights import access_matrix, council_power
from ipshare.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
FUEL = {
    None: SCENARIOS / "fuel-cell-alliance.yaml",
    "co-owner-exploits": SCENARIOS / "fuel-cell-co-owner.yaml",
    "consortium": SCENARIOS / "fuel-cell-consortium.yaml",
    "lead-exploiter": SCENARIOS / "fuel-cell-lead.yaml",
}


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


# -- the default is unchanged ------------------------------------------------------------------------------------


def reference_game(scenario):
    """docs/model.md's benefit game as it was before presets, coalition by coalition, by brute force."""
    members = tuple(scenario.members)
    owners = patent_owners(scenario)
    unanimous = scenario.agreement.joint_licensing == "unanimous"
    used = {c for p in scenario.patents.values() for c in p.made_from}
    buyable = [c for c in scenario.contributions if c.id in used and c.substitute_cost is not None]
    values = []
    for mask in range(1 << len(members)):
        inside = {m for i, m in enumerate(members) if mask >> i & 1}
        best = None
        for choice in range(1 << len(buyable)):
            bought = {c.id for j, c in enumerate(buyable) if choice >> j & 1}

            def usable(patent_id, bought=bought, inside=inside):
                patent = scenario.patents[patent_id]
                if patent.background or patent.owners is not None:
                    holders = owners[patent_id]
                    ok = all(h in inside for h in holders) if unanimous else any(h in inside for h in holders)
                    if not ok:
                        return False
                for c in patent.made_from:
                    if c not in bought and scenario.contribution(c).member not in inside:
                        return False
                return all(usable(base) for base in patent.builds_on)

            total = Fraction(0)
            for source in scenario.revenue:
                if source.exploiter is not None and source.exploiter not in inside:
                    continue
                if all(usable(p) for p in source.requires):
                    total += ipshare.model.money.revenue_value(source, scenario.alliance.discount_rate)
            total -= sum((c.substitute_cost for c in buyable if c.id in bought and c.member not in inside), Fraction(0))
            best = total if best is None else max(best, total)
        values.append(best if mask else Fraction(0))
    return values


@pytest.mark.parametrize("seed", range(40))
def test_without_a_preset_the_game_is_the_documented_one(seed):
    scenario = random_alliance(seed, 2 + seed % 4)
    assert benefit_game(scenario).exact_values() == reference_game(scenario)


# -- one consent rule for the table and the game -----------------------------------------------------------------


def consent_by_members(scenario, source, inside):
    """May the coalition ``inside`` use every patent the source needs, reading access member by member?"""
    owners = patent_owners(scenario)
    purpose = "licensing" if source.kind == "licence" else "own-use"
    for patent_id in required_patents(scenario, source):
        patent = scenario.patents[patent_id]
        if not patent.background and patent.owners is None and scenario.agreement.preset != "lead-exploiter":
            continue  # the coalition that makes it owns its version
        actors = [source.exploiter] if purpose == "own-use" else list(inside)
        allowed = False
        for member in actors:
            found = access(scenario, member, patent_id, purpose, exclusive=source.exclusive, owners=owners)
            if found.term in FREE_TERMS or (
                found.term == "needs-consent" and any(group <= inside for group in found.consent)
            ):
                allowed = True
        if not allowed:
            return False
    return True


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize("seed", range(8))
def test_game_consent_is_the_access_table_read_for_coalitions(preset, seed):
    scenario = random_alliance(100 + seed, 3 + seed % 2, preset=preset)
    members = tuple(scenario.members)
    masks = np.arange(1 << len(members))
    member_in = {m: (masks >> i & 1).astype(bool) for i, m in enumerate(members)}
    everyone = np.ones(len(masks), dtype=bool)
    for source in scenario.revenue:
        held = source_access(scenario, source, member_in.__getitem__, everyone)
        for mask in masks:
            inside = frozenset(m for i, m in enumerate(members) if mask >> i & 1)
            if source.exploiter is not None and source.exploiter not in inside:
                continue
            assert held[mask] == consent_by_members(scenario, source, inside), (source.id, sorted(inside))


@pytest.mark.parametrize("preset", PRESETS)
def test_dense_and_structured_games_agree_under_every_preset(preset):
    for seed in range(6):
        scenario = random_alliance(200 + seed, 3 + seed % 3, preset=preset)
        assert benefit_game(scenario).exact_values() == structured_benefit_game(scenario).dense().exact_values()


def test_coalition_consent_by_licensing_rule():
    scenario = ipshare.load(SCENARIOS / "fuel-cell-alliance.yaml")  # BM owned by NU and SM, unanimous
    assert coalition_consent(scenario, "BM", "licensing") == (frozenset({"NU", "SM"}),)
    assert coalition_consent(scenario, "P1", "licensing") == (frozenset(),)  # made by the coalition: its own
    co_owner = ipshare.load(FUEL["co-owner-exploits"])
    assert coalition_consent(co_owner, "BM", "licensing") == (frozenset({"NU"}), frozenset({"SM"}))
    assert coalition_consent(co_owner, "BM", "licensing", exclusive=True) == (frozenset({"NU", "SM"}),)
    consortium = ipshare.load(FUEL["consortium"])
    assert coalition_consent(consortium, "BM", "own-use", exploiter="HP") == (frozenset({"HP"}),)
    lead = ipshare.load(FUEL["lead-exploiter"])
    assert coalition_consent(lead, "P1", "own-use", exploiter="CI") == (frozenset({"CI", "HP"}),)
    assert coalition_consent(lead, "P1", "licensing") == (frozenset({"HP"}),)


# -- the presets, as DOMAIN.md describes them ---------------------------------------------------------------------


def test_co_owner_exploits_follows_patent_law_article_14():
    scenario = ipshare.load(FUEL["co-owner-exploits"])
    matrix = access_matrix(scenario)
    assert matrix["SM"]["BM"]["own-use"].term == "royalty-free"  # a co-owner exploits alone
    assert matrix["SM"]["BM"]["licensing"].term == "royalty-free"  # and licenses non-exclusively alone
    assert matrix["HP"]["BM"]["own-use"].consent == (frozenset({"NU"}), frozenset({"SM"}))  # any co-owner may
    assert matrix["HP"]["BM"]["licensing"].term == "none"  # a non-owner cannot license
    exclusive = access(scenario, "HP", "P2", "licensing", exclusive=True)
    assert exclusive.term == "needs-consent" and exclusive.consent == (frozenset({"SM"}),)


def test_consortium_follows_desca():
    scenario = ipshare.load(FUEL["consortium"])
    matrix = access_matrix(scenario)
    assert all(matrix[m][p]["research"].term == "royalty-free" for m in scenario.members for p in scenario.patents)
    assert matrix["HP"]["BM"]["own-use"].term == "fair-and-reasonable"
    assert matrix["SM"]["P2"]["licensing"].term == "fair-and-reasonable"  # joint owner, with compensation
    assert matrix["CI"]["P2"]["licensing"].term == "none"  # access rights do not include sublicensing
    assert access(scenario, "SM", "P2", "licensing", exclusive=True).consent == (frozenset({"HP"}),)


def test_lead_exploiter_assigns_results_to_the_lead():
    scenario = ipshare.load(FUEL["lead-exploiter"])
    owners = patent_owners(scenario)
    assert owners["P1"] == {"HP": 1} and owners["P2"] == {"HP": 1}
    assert owners["BM"] == {"NU": Fraction(1, 2), "SM": Fraction(1, 2)}  # background stays with its owners
    matrix = access_matrix(scenario)
    assert matrix["CI"]["P1"]["research"].term == "royalty-free"
    assert matrix["CI"]["P1"]["own-use"].consent == (frozenset({"HP"}),)
    assert matrix["CI"]["P1"]["licensing"].term == "none"
    shares = {c.targets[0]: c.value for c in scenario.agreement.clauses if c.id.startswith("revenue-share-")}
    revenue = sum(ipshare.model.money.revenue_value(s, scenario.alliance.discount_rate) for s in scenario.revenue)
    assert shares == {
        "SM": revenue * Fraction(8, 100),
        "NU": revenue * Fraction(6, 100),
        "CI": revenue * Fraction(10, 100),
    }


def test_changing_the_preset_changes_the_allocation():
    shapley = {}
    for preset, path in FUEL.items():
        shapley[preset] = ipshare.allocate(benefit_game(ipshare.load(path)), "shapley").exact
    assert len({tuple(values.values()) for values in shapley.values()}) == 4
    # The figures the scenario files' comments quote (millions of CNY, rounded to 0.01).
    quoted = {
        None: (17.18, 17.18, 18.24, 13.13),
        "co-owner-exploits": (26.08, 11.86, 7.15, 20.63),
        "consortium": (28.31, 9.62, 4.92, 22.86),
        "lead-exploiter": (17.88, 17.18, 17.88, 12.77),
    }
    for preset, figures in quoted.items():
        got = tuple(round(float(shapley[preset][m]) / 1e6, 2) for m in ("HP", "SM", "NU", "CI"))
        assert got == figures, preset
        assert shapley[preset]["PF"] == 0


# -- council ------------------------------------------------------------------------------------------------------


def council_scenario(weights, quota):
    data = alliance_data(7, 3, costs=False)
    data["agreement"]["council"] = {"weights": weights, "quota": quota}
    return load(data)


def test_council_power_matches_published_indices():
    power = council_power(council_scenario({"M0": 50, "M1": 49, "M2": 1}, 51))
    assert power["banzhaf_normalized"] == {"M0": Fraction(3, 5), "M1": Fraction(1, 5), "M2": Fraction(1, 5)}
    assert power["shapley_shubik"] == {"M0": Fraction(2, 3), "M1": Fraction(1, 6), "M2": Fraction(1, 6)}


def test_council_power_by_brute_force_on_the_fuel_cell_council():
    scenario = ipshare.load(SCENARIOS / "fuel-cell-alliance.yaml")
    power = council_power(scenario)
    weights = dict(scenario.agreement.council.weights)
    quota = scenario.agreement.council.quota
    members = list(weights)
    pivots = dict.fromkeys(members, 0)
    orders = list(itertools.permutations(members))
    for order in orders:
        total = 0
        for member in order:
            if total < quota <= total + weights[member]:
                pivots[member] += 1
            total += weights[member]
    assert power["shapley_shubik"] == {m: Fraction(pivots[m], len(orders)) for m in members}
    assert sum(power["banzhaf_normalized"].values()) == 1


def test_allocate_json_adds_a_council_key_and_keeps_the_contract():
    result = run("allocate", SCENARIOS / "fuel-cell-alliance.yaml", "-f", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    for key in ("ipshare", "scenario", "members", "grand_value", "allocations", "exact"):
        assert key in document
    assert document["council"]["exact"]["shapley_shubik"]["PF"] == "1/20"
    assert "council" not in json.loads(run("allocate", SCENARIOS / "worked-example.yaml", "-f", "json").stdout)


# -- the command ---------------------------------------------------------------------------------------------------


def test_rights_command_formats():
    path = FUEL["lead-exploiter"]
    table = run("rights", path)
    assert table.exit_code == 0 and "Access rights" in table.stdout and "Council" in table.stdout
    document = json.loads(run("rights", path, "-f", "json").stdout)
    assert document["preset"] == "lead-exploiter"
    assert document["patents"]["P1"]["owners_exact"] == {"HP": "1"}
    assert document["access"]["CI"]["P1"]["own-use"] == {
        "term": "needs-consent",
        "consent": [["HP"]],
        "basis": "lead-exploiter: results assigned to HP",
    }
    assert set(document["revenue_share"]["shares"]) == {"SM", "NU", "CI"}
    assert "exclusive_licensing" in document  # L2 is an exclusive licence
    csv_lines = run("rights", path, "-f", "csv").stdout.splitlines()
    assert csv_lines[0] == "table,member,patent,purpose,term,consent,value,basis,percent,amount,title"
    markdown = run("rights", path, "-f", "markdown").stdout
    assert "### Access rights" in markdown and "### Revenue share paid by HP" in markdown


BAD_AGREEMENTS = [
    ({"preset": "co-owner"}, "agreement.preset: unknown agreement preset 'co-owner'", "did you mean"),
    ({"preset": "lead-exploiter", "revenue_share": 0.1}, "agreement: preset lead-exploiter needs `lead`", None),
    ({"preset": "lead-exploiter", "lead": "M0"}, "needs `revenue_share`", None),
    ({"revenue_share": 0.1}, "agreement.revenue_share: revenue_share belongs to the lead-exploiter preset", None),
    ({"preset": "consortium", "joint_licensing": "unanimous"}, "agreement.joint_licensing: preset consortium", None),
    ({"council": {"weights": {"M0": 1, "M1": 1}, "quota": 3}}, "agreement.council.quota: quota 3 exceeds", None),
    ({"council": {"weights": {"MX": 1}, "quota": 1}}, "agreement.council.weights.MX: unknown member 'MX'", None),
]


@pytest.mark.parametrize(("extra", "message", "hint"), BAD_AGREEMENTS)
def test_bad_rights_terms_get_one_line_and_exit_2(tmp_path, extra, message, hint):
    data = alliance_data(3, 3, costs=False)
    data["agreement"] = {**{k: v for k, v in data["agreement"].items() if k != "joint_licensing"}, **extra}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    output = tmp_path / "out.json"
    result = run("rights", path, "-o", output)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{path}:") and message in lines[0], lines
    if hint:
        assert hint in lines[0]
    assert not output.exists()


def test_rights_of_a_classic_game_is_refused():
    result = run("rights", SCENARIOS / "glove-game.yaml")
    assert result.exit_code == 2 and "classic game" in result.stderr


# -- what the rights outputs show: percentages through the rounding service --------------------------------------


def test_council_percentages_sum_to_100_and_benefit_shares_are_allocates():
    # fuel-cell council [7; 3, 2, 2, 2, 1]: Shapley-Shubik 3/10, 13/60, 13/60, 13/60, 1/20. The three equal 13/60
    # (21.666...%) share two hundredths: the tie rule (listed first) gives them to SM and NU, so the column is
    # 30.00 + 21.67 + 21.67 + 21.66 + 5.00 = 100.00.
    path = FUEL["lead-exploiter"]
    document = json.loads(run("rights", path, "-f", "json").stdout)
    percent = document["council"]["percent"]
    assert percent["shapley_shubik"] == {"HP": "30.00", "SM": "21.67", "NU": "21.67", "CI": "21.66", "PF": "5.00"}
    for column in percent.values():
        assert sum(Fraction(v) for v in column.values()) == 100
    allocated = json.loads(run("allocate", path, "-f", "json").stdout)
    assert document["benefit"]["percent"] == allocated["percent"]["shapley"]
    assert document["benefit"]["rounded"] == allocated["rounded"]["shapley"]
    for patent in document["patents"].values():
        assert sum(Fraction(v) for v in patent["owners_percent"].values()) == 100
    shares = document["revenue_share"]
    assert sum(Fraction(v) for v in shares["rounded"].values()) == Fraction(shares["rounded_total"])
    table = run("rights", path).stdout
    council = table[table.index("Council"):]
    total = next(line for line in council.splitlines() if "Total" in line)
    assert "21.66" in council and total.split() == ["│", "Total", "│", "10", *["│", "100.00"] * 4, "│"]


def test_council_ties_follow_the_agreements_rule(tmp_path):
    import yaml

    data = yaml.safe_load(FUEL["lead-exploiter"].read_text())
    data["agreement"]["rounding"] = {"ties": "listed-last"}
    path = tmp_path / "ties.json"
    path.write_text(json.dumps(data))
    percent = json.loads(run("rights", path, "-f", "json").stdout)["council"]["percent"]
    assert percent["shapley_shubik"] == {"HP": "30.00", "SM": "21.66", "NU": "21.67", "CI": "21.67", "PF": "5.00"}
    assert json.loads(run("allocate", path, "-f", "json").stdout)["council"]["percent"] == percent


def test_rights_tables_fit_the_terminal():
    result = CliRunner().invoke(cli, ["rights", str(FUEL["lead-exploiter"])], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
