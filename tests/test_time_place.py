"""Time and place (issue 16, docs/time-and-place.md): dates and countries in the scenario, the alliance at a date,
a pool counted by country, a member admitted in year 2, a patent lapsing mid-year, the lead leaving with a
successor. Every expected figure is worked by hand in the test or in the bundled scenario's header."""

import datetime
import json
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from ipshare.alliance.at_date import as_of, change_dates, members_in_force, patent_in_force
from ipshare.alliance.graph import value_flow
from ipshare.analyses.timeline import allocation_over, pieces
from ipshare.analyses.withdrawal import WithdrawalError, alliance_at, withdraw
from ipshare.cli import cli
from ipshare.errors import ScenarioError
from ipshare.model.loading import load, loads

ROOT = Path(__file__).resolve().parent.parent
POOL = ROOT / "scenarios" / "pool-by-country.yaml"
STAGED = ROOT / "scenarios" / "staged-alliance.yaml"
D = datetime.date


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


# -- the pool counted by country ---------------------------------------------------------------------------------


def test_pool_splits_each_countrys_royalties_by_the_patents_in_force_there():
    # China: 2 % of 30,000,000 = 600,000 over 9 patents (AH 6, BY 3): AH 400,000, BY 200,000.
    # US: 2 % of 10,000,000 = 200,000 over the 4 in force there (AH 2, BY 2): 100,000 each.
    scenario = load(POOL)
    counted = as_of(scenario)
    assert [(s.id, len(s.requires), s.royalty.base) for s in counted.revenue] == [
        ("POOL@CN", 9, 30_000_000), ("POOL@US", 4, 10_000_000)
    ]
    assert value_flow(counted) == {"AH": 500_000, "BY": 300_000}
    # One global count (6 : 3 over the whole 800,000) would give AH 533,333 1/3: the split differs.
    assert value_flow(scenario) == {"AH": Fraction(1_600_000, 3), "BY": Fraction(800_000, 3)}


def test_allocate_counts_the_pool_by_country_and_at_a_date():
    result = run("allocate", POOL, "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["exact"]["graph-flow"] == {"AH": "500000", "BY": "300000"}
    # On 1 August 2020 only A1, A2 (from June) and B1, B2 (from July) are in force, in China only:
    # 600,000 over 4 patents, 300,000 each; nothing from the US yet.
    result = run("allocate", POOL, "--at", "2020-08-01", "-f", "json")
    assert json.loads(result.stdout)["exact"]["graph-flow"] == {"AH": "300000", "BY": "300000"}


def test_an_ordinary_licence_pays_only_where_all_its_patents_are_in_force():
    text = POOL.read_text().replace("    pool: true\n", "")
    counted = as_of(loads(text))
    assert [s.id for s in counted.revenue] == ["POOL@CN"]  # not in the US: A3..A6 and B3 are not in force there
    assert value_flow(counted) == {"AH": 400_000, "BY": 200_000}


# -- the alliance at a date ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # The working is in scenarios/staged-alliance.yaml's header.
        (D(2024, 6, 1), {"UA": 25_000, "EB": 75_000}),  # NC not a member yet
        (D(2025, 1, 15), {"UA": 25_000, "EB": 75_000, "NC": 0}),  # NC joined, P3 not filed yet: no L2
        (D(2025, 3, 1), {"UA": 75_000, "EB": 125_000, "NC": 100_000}),
        (D(2025, 8, 1), {"UA": 100_000, "EB": 100_000, "NC": 100_000}),  # P2 lapsed on 1 July: stops earning
    ],
)
def test_the_alliance_at_a_date(day, expected):
    assert value_flow(alliance_at(load(STAGED), day)) == expected


def test_a_patent_lapsing_mid_year_stops_earning_from_that_day():
    scenario = load(STAGED)
    p2 = scenario.patents["P2"]
    assert patent_in_force(p2, D(2025, 6, 30), "CN") and not patent_in_force(p2, D(2025, 7, 1), "CN")
    assert value_flow(alliance_at(scenario, D(2025, 6, 30)))["EB"] == 125_000
    assert value_flow(alliance_at(scenario, D(2025, 7, 1)))["EB"] == 100_000


def test_a_member_admitted_in_year_2_shares_only_from_then():
    scenario = load(STAGED)
    assert members_in_force(scenario, D(2024, 1, 1), D(2026, 1, 1)) == {"UA": 731, "EB": 731, "NC": 365}
    assert change_dates(scenario, D(2025, 1, 1), D(2026, 1, 1)) == [D(2025, 2, 1), D(2025, 7, 1)]
    # 2024: NC is not a member and gets nothing.
    assert allocation_over(scenario, D(2024, 1, 1), D(2025, 1, 1), "graph-flow")["NC"] == 0
    # 2025: January (31 days) UA 25,000 / EB 75,000 / NC 0; February to June (150 days) 75,000 / 125,000 /
    # 100,000; July to December (184 days) 100,000 each. Weighted by days over 365:
    # UA (31·25,000 + 150·75,000 + 184·100,000)/365 = 30,425,000/365; EB (31·75,000 + 150·125,000 +
    # 184·100,000)/365 = 39,475,000/365; NC (150·100,000 + 184·100,000)/365 = 33,400,000/365.
    parts = pieces(scenario, D(2025, 1, 1), D(2026, 1, 1), "graph-flow")
    assert [p.days for p in parts] == [31, 150, 184]
    year2 = allocation_over(scenario, D(2025, 1, 1), D(2026, 1, 1), "graph-flow")
    assert year2 == {
        "UA": Fraction(30_425_000, 365), "EB": Fraction(39_475_000, 365), "NC": Fraction(33_400_000, 365)
    }


def test_without_a_date_nothing_dated_is_left_out():
    # Dates matter only with --at: the whole history counts (P2's licence share included).
    assert value_flow(as_of(load(STAGED))) == {"UA": 75_000, "EB": 125_000, "NC": 100_000}


def test_allocate_at_a_date_before_anyone_joined_is_one_line_exit_2():
    result = run("allocate", STAGED, "--at", "2023-01-01")
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: no member is a member on 2023-01-01: the alliance has no members then"
    result = run("allocate", STAGED, "--at", "2025-02-30")
    assert result.exit_code == 2 and "'2025-02-30' is not a date written YYYY-MM-DD" in result.stderr


# -- withdrawal at a date, succession ----------------------------------------------------------------------------


def test_the_lead_withdraws_with_a_successor():
    scenario = load(STAGED)
    with pytest.raises(WithdrawalError, match="unknown successor 'XX'"):
        withdraw(scenario, "EB", successor="XX")
    # EB (role: lead) leaves on 1 August 2025, NC takes over. Before: 100,000 each (test above). After: EB keeps
    # nothing it shares; P1 is then made from UA's contribution alone, so L1 (now P1 only) and L2's P1 half go to
    # UA: UA 100,000 + 100,000 = 200,000, NC keeps P3's 100,000.
    result = withdraw(scenario, "EB", rule="graph-flow", at=D(2025, 8, 1), successor="NC")
    assert result.remaining.members["NC"].role == "lead" and "EB" not in result.remaining.members
    assert dict(result.after.exact) == {"UA": 200_000, "NC": 100_000}
    assert result.settlement["buyout"] == 100_000
    # L1 was signed before EB left: EB goes on being paid its graph-flow part of it (P1's half-share through its
    # contribution: 100,000 · 1/2 = 50,000 once P2 has lapsed); L2 was signed in March 2025, also before: P1's
    # half of 200,000 is 100,000, EB's half of that 50,000.
    assert result.continuing == {"L1": 50_000, "L2": 50_000}
    assert result.stopping == ()


def test_the_lead_exploiter_cannot_leave_without_a_successor():
    terms = "agreement:\n  preset: lead-exploiter\n  lead: EB\n  revenue_share: 0.5\n"
    text = STAGED.read_text().replace("agreement:\n", terms)
    scenario = loads(text)
    with pytest.raises(WithdrawalError, match="name the member who takes over"):
        withdraw(scenario, "EB", at=D(2025, 8, 1))
    result = withdraw(scenario, "EB", rule="graph-flow", at=D(2025, 8, 1), successor="UA")
    assert result.remaining.agreement.lead == "UA"


def test_withdraw_cli_at_a_date_with_a_successor():
    result = run("withdraw", STAGED, "-m", "EB", "--at", "2025-08-01", "--successor", "NC", "-r", "graph-flow",
                 "-f", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["at"] == "2025-08-01" and document["successor"] == "NC"
    assert document["continuing"]["L1"] == {"exact": "50000", "rounded": "50000.00"}
    text = run("withdraw", STAGED, "-m", "EB", "--at", "2025-08-01", "--successor", "NC", "-r", "graph-flow").stdout
    assert "NC takes over from EB as lead" in text and "signed before it left" in text


# -- validation: one line, file, line and field ------------------------------------------------------------------


BASE = """
alliance: {name: T}
members:
  A: {type: enterprise}
  B: {type: university}
contributions:
  - {id: C1, member: A, kind: cash, value: 10}
patents:
  P1: {from: [C1]}
revenue:
  - {id: L1, kind: licence, requires: [P1], upfront: 10}
"""


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("A: {type: enterprise}", "A: {type: enterprise, joined: 2024-05-01, left: 2024-01-01}",
         ":4: members.A.left: leaves on 2024-01-01, before joining on 2024-05-01"),
        ("A: {type: enterprise}", "A: {type: enterprise, joined: '2024-02-30'}",
         ":4: members.A.joined: '2024-02-30' is not a date on the calendar"),
        ("A: {type: enterprise}", "A: {type: enterprise, joined: 'May 2024'}",
         "members.A.joined: must be a date written YYYY-MM-DD, not the text 'May 2024'"),
        ("P1: {from: [C1]}", "P1: {from: [C1], filed: 2024-03-01, in_force: {CN: [2024-01-01]}}",
         "patents.P1.in_force.CN[0]: the patent is in force from 2024-01-01, before it was filed on 2024-03-01"),
        ("P1: {from: [C1]}", "P1: {from: [C1], in_force: {XY: [2024-01-01]}}",
         "patents.P1.in_force.XY: unknown country code 'XY': use ISO 3166-1 alpha-2 codes like CN, US, DE"),
        ("P1: {from: [C1]}", "P1: {from: [C1], in_force: {UK: [2024-01-01]}}",
         "the United Kingdom's ISO code is 'GB'"),
        ("P1: {from: [C1]}", "P1: {from: [C1], in_force: {CN: [2024-06-01, 2024-01-01]}}",
         "patents.P1.in_force.CN[1]: ends on 2024-01-01 before it starts on 2024-06-01"),
        ("P1: {from: [C1]}", "P1: {from: [C1], filed: 2024-06-01, granted: 2024-01-01}",
         "patents.P1.granted: granted on 2024-01-01, before it was filed on 2024-06-01"),
        ("upfront: 10}", "royalty: {rate: 0.1, by_country: {cn: 100}}}",
         "unknown country code 'cn': use ISO 3166-1 alpha-2 codes like CN, US, DE; did you mean 'CN'?"),
        ("upfront: 10}", "royalty: {rate: 0.1, base: 50, by_country: {CN: 100}}}",
         "revenue.L1.royalty.base: is 50, but by_country sums to 100"),
        ("upfront: 10}", "royalty: {rate: 0.1}}",
         "revenue.L1.royalty: missing required key 'base' (or by_country, the base by country)"),
    ],
)
def test_bad_dates_and_countries_are_one_line(old, new, message):
    assert old in BASE
    with pytest.raises(ScenarioError) as error:
        loads(BASE.replace(old, new), name="t.yaml")
    assert message in str(error.value), str(error.value)
    assert "\n" not in str(error.value)


def test_a_contribution_made_when_its_member_is_not_one_is_refused():
    text = BASE.replace("A: {type: enterprise}", "A: {type: enterprise, joined: 2024-05-01}")
    with pytest.raises(ScenarioError) as error:
        loads(text.replace("value: 10}", "value: 10, date: 2024-04-30}"), name="t.yaml")
    assert str(error.value) == ("t.yaml:7: contributions.C1.date: made on 2024-04-30, when A is not a member "
                                "(joined 2024-05-01, left -)")
    loads(text.replace("value: 10}", "value: 10, date: 2024-05-01}"))


def test_good_dates_load():
    text = BASE.replace("A: {type: enterprise}", "A: {type: enterprise, joined: 2024-01-01, left: '2026-01-01'}")
    text = text.replace("P1: {from: [C1]}", "P1: {from: [C1], filed: 2024-03-01, in_force: {CN: [2024-03-01, null]"
                        ", DE: '2024-09-01'}}")
    scenario = loads(text)
    assert scenario.members["A"].left == D(2026, 1, 1)
    assert scenario.patents["P1"].in_force == {"CN": (D(2024, 3, 1), None), "DE": (D(2024, 9, 1), None)}


# -- properties ------------------------------------------------------------------------------------------------


def _pool(a_cn, b_cn, a_us, b_us, cn, us):
    """A two-member pool: A holds max(a_cn, a_us) patents, in force in China for the first a_cn and in the US for
    the first a_us (likewise B); royalties 1 % of cn and us."""
    lines = ["alliance: {name: P}", "members:", "  A: {type: enterprise}", "  B: {type: enterprise}", "patents:"]
    ids = []
    for owner, in_cn, in_us in (("A", a_cn, a_us), ("B", b_cn, b_us)):
        for i in range(max(in_cn, in_us)):
            countries = [c for c, n in (("CN", in_cn), ("US", in_us)) if i < n]
            periods = ", ".join(f"{c}: [2020-01-01]" for c in countries)
            ids.append(f"{owner}{i}")
            lines.append(f"  {owner}{i}: {{owners: {{{owner}: 1}}, background: true, in_force: {{{periods}}}}}")
    lines += ["revenue:", f"  - {{id: L, kind: licence, pool: true, requires: [{', '.join(ids)}],",
              f"     royalty: {{rate: 0.01, by_country: {{CN: {cn}, US: {us}}}}}}}"]
    return loads("\n".join(lines) + "\n")


counts = st.integers(min_value=0, max_value=4)


@settings(max_examples=30, deadline=None)
@given(counts, counts, counts, counts, st.integers(1, 10**8), st.integers(1, 10**8))
def test_the_pool_shares_each_country_by_its_count(a_cn, b_cn, a_us, b_us, cn, us):
    if not (a_cn + b_cn and a_us + b_us):
        return  # a country without any patent in force earns nothing; covered by the ordinary-licence test
    expected_a = Fraction(cn, 100) * a_cn / (a_cn + b_cn) + Fraction(us, 100) * a_us / (a_us + b_us)
    scenario = _pool(a_cn, b_cn, a_us, b_us, cn, us)
    flows = value_flow(as_of(scenario))
    assert flows["A"] == expected_a and flows["A"] + flows["B"] == Fraction(cn + us, 100)


@pytest.mark.parametrize("path", sorted(p for p in (ROOT / "scenarios").glob("*.yaml")))
def test_a_scenario_without_dates_or_countries_is_unchanged(path):
    scenario = load(path)
    if scenario.game is None and path.name not in ("pool-by-country.yaml", "staged-alliance.yaml"):
        assert as_of(scenario) is scenario


def test_compare_at_a_date():
    result = run("compare", STAGED, "-r", "graph-flow", "--at", "2024-06-01", "-f", "json")
    assert result.exit_code == 0, result.output
    assert "NC" not in result.stdout.split('"members"', 1)[1].split("]", 1)[0]
    assert run("compare", ROOT / "scenarios" / "glove-game.yaml", "--at", "2024-06-01").exit_code == 2


def test_a_lead_exploiter_who_has_left_must_be_replaced_in_the_file():
    terms = "agreement:\n  preset: lead-exploiter\n  lead: EB\n  revenue_share: 0.5\n"
    text = STAGED.read_text().replace("agreement:\n", terms).replace('joined: "2024-01-01"}\n  NC',
                                                                     'joined: "2024-01-01", left: "2025-06-01"}\n  NC')
    with pytest.raises(WithdrawalError, match="EB, the lead exploitation party .* is not a member on 2025-08-01"):
        alliance_at(loads(text), D(2025, 8, 1))
