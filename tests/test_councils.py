"""Councils as their charters have them vote: quorum, shares of all or of those present, double majorities, vetoes,
abstention, a rule per matter (ipshare.model.council, ipshare.games.simple, ipshare.solutions.council_power).

Why the numbers are right:
- a council with a quorum and a double majority is worked by hand below (the working is in the test);
- the UN Security Council (UN Charter art. 27(3): 9 of 15 votes including the 5 permanent members) has the
  published Shapley–Shubik index 421/2145 ≈ 0.1963 for a permanent and 4/2145 ≈ 0.00186 for an elected member, and
  normalised Banzhaf ≈ 0.1669 and 0.0165 (Felsenthal & Machover, "The Measurement of Voting Power", 1998, ch. 8;
  Straffin, "Power and stability in politics", Handbook of Game Theory 2, 1994);
- Nassau County's board [16; 9, 9, 7, 3, 1, 1] has three powerless members (Banzhaf 1965), none once four heads are
  required as well (COMAP's exercise; the swings counted by hand in the test);
- the plain [q; w] gives exactly today's numbers (pinned from the main branch's `ipshare rights -f json`);
- the dynamic programme and the enumeration of all coalitions agree on generated rules, and both agree with a
  brute-force count over orders and coalitions written here independently.
"""

import itertools
import json
import math
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from ipshare.analyses.rights import council_game, council_power
from ipshare.analyses.withdrawal import remaining_alliance
from ipshare.cli import cli
from ipshare.errors import GameError, ScenarioError
from ipshare.games.simple import Condition, RuleGame
from ipshare.model import load, loads
from ipshare.solutions.council_power import rule_power

ROOT = Path(__file__).resolve().parent.parent
FUEL = ROOT / "scenarios" / "fuel-cell-alliance.yaml"
CHARTER = ROOT / "scenarios" / "alliance-charter.yaml"
PLAIN = """  council:
    weights: {HP: 3, SM: 2, NU: 2, CI: 2, PF: 1}
    quota: 7
"""


def fuel_with(council_yaml: str):
    """The fuel-cell alliance with its council replaced by ``council_yaml`` (indented under agreement)."""
    text = FUEL.read_text()
    assert PLAIN in text
    return loads(text.replace(PLAIN, council_yaml), name="fuel.yaml")


def exact(mapping):
    return {m: Fraction(v) for m, v in mapping.items()}


# -- the hand-worked council ---------------------------------------------------------------------------------------

# Four members with votes A 4, B 3, C 2, D 1 (10 in all). A motion needs more than half the votes present, a majority
# of at least 3 of the 4 members, and a quorum: members holding 7 of the 10 votes take part; an abstention counts as
# absence.
HAND = """  council:
    weights: {HP: 4, SM: 3, NU: 2, CI: 1}
    more_than: 1/2
    of: present
    majorities: [{votes: heads, threshold: 3/4}]
    quorum: {votes: 7}
    abstention: absent
"""


def test_quorum_and_double_majority_by_hand():
    # The game (docs/rights.md, "Council"): S wins when its yes carries the motion whatever the others do. Against
    # the share of the votes present, the others' worst answer is to come and vote no: S needs more than 5 of the
    # 10 votes (6 or more). Against the quorum, it is to abstain, which counts as absence: S must bring 7 votes
    # itself. And S needs 3 of the 4 heads. So S wins iff w(S) >= 7 and |S| >= 3:
    #   HP+SM+NU 9, HP+SM+CI 8, HP+NU+CI 7 win; SM+NU+CI has 6 votes (short of the quorum); HP+SM has 7 votes but
    #   2 heads. The minimal winning coalitions are HP with two of SM, NU, CI: HP is a veto player, the others a
    #   2-of-3 majority among themselves.
    # Shapley–Shubik: HP is pivotal when it comes after two of the others, in positions 3 or 4 of the 4: 1/2. SM,
    #   NU, CI share the other 1/2 by symmetry: 1/6 each.
    # Banzhaf: HP swings for the 4 coalitions of 2 or 3 of the others (of the 8 without it): 4/8 = 1/2. SM swings
    #   for {HP, NU} and {HP, CI}: 2/8 = 1/4; so NU and CI. Normalised: 1/2 : 3/4 in all -> HP 2/5, the others 1/5.
    power = council_power(fuel_with(HAND))
    assert power["quota"] is None and power["method"] == "dp"
    assert exact(power["shapley_shubik"]) == {"HP": Fraction(1, 2), "SM": Fraction(1, 6), "NU": Fraction(1, 6),
                                              "CI": Fraction(1, 6), "PF": 0}
    assert exact(power["banzhaf"]) == {"HP": Fraction(1, 2), "SM": Fraction(1, 4), "NU": Fraction(1, 4),
                                       "CI": Fraction(1, 4), "PF": 0}
    assert exact(power["banzhaf_normalized"]) == {"HP": Fraction(2, 5), "SM": Fraction(1, 5), "NU": Fraction(1, 5),
                                                  "CI": Fraction(1, 5), "PF": 0}


def test_abstention_against_makes_the_quorum_idle():
    # The same charter with abstention counted as a vote against: everyone takes part, the quorum is always met,
    # and S wins iff w(S) >= 6 and |S| >= 3. Now SM+NU+CI (6 votes) wins too: every 3 of the 4 seats win, none of 2
    # (HP+SM has 2 heads): the symmetric 3-of-4 majority, 1/4 each; Banzhaf: a seat swings for the 3 coalitions of
    # exactly 2 others, 3/8 each.
    power = council_power(fuel_with(HAND.replace("abstention: absent", "abstention: against")))
    assert exact(power["shapley_shubik"]) == {m: Fraction(1, 4) for m in ("HP", "SM", "NU", "CI")} | {"PF": 0}
    assert exact(power["banzhaf"]) == {m: Fraction(3, 8) for m in ("HP", "SM", "NU", "CI")} | {"PF": 0}


def test_a_veto_on_one_matter_only():
    # Licensing needs HP's yes besides 7 of the 10 votes. [7; 3, 2, 2, 2, 1] with HP a veto: HP with 4 or more of
    # the others' 7 votes: {any two of SM, NU, CI} (4) ± PF, or all three: subsets T of {SM, NU, CI, PF} with
    # w(T) >= 4. The council's own rule stays today's.
    council = PLAIN + "    matters:\n      licensing: {vetoes: [HP]}\n"
    power = council_power(fuel_with(council))
    assert list(power["matters"]) == ["general", "licensing"]
    assert exact(power["shapley_shubik"])["HP"] == Fraction(3, 10)  # today's, unchanged
    licensing = power["matters"]["licensing"]
    # Shapley–Shubik by orders: HP is pivotal when the others before it hold >= 4 votes. HP in place k (each 1/5)
    # has a random (k-1)-set of {SM 2, NU 2, CI 2, PF 1} before it: none or one: never; two: 3 of the 6 pairs (two
    # of the 2s); three or four: always. φ_HP = (0 + 0 + 1/2 + 1 + 1) / 5 = 1/2. PF would need the others before it
    # to hold exactly 3 (with HP): impossible with 2s, so PF is a dummy, and SM, NU, CI share 1/2: 1/6 each.
    assert exact(licensing["shapley_shubik"]) == {"HP": Fraction(1, 2), "SM": Fraction(1, 6), "NU": Fraction(1, 6),
                                                  "CI": Fraction(1, 6), "PF": 0}
    scenario = fuel_with(council)
    game = council_game(scenario.agreement.council, scenario.agreement.council.matters["licensing"])
    assert exact(licensing["shapley_shubik"]) == brute_shapley(game)


# -- published values ------------------------------------------------------------------------------------------------


def security_council():
    permanent = ("CN", "FR", "RU", "UK", "US")
    players = permanent + tuple(f"E{i}" for i in range(1, 11))
    return RuleGame(players, (
        Condition(tuple(Fraction(1) for _ in players), Fraction(9)),
        Condition(tuple(Fraction(p in permanent) for p in players), Fraction(5)),
    ))


@pytest.mark.parametrize("method", ["dp", "enumeration"])
def test_un_security_council(method):
    shapley, banzhaf, used = rule_power(security_council(), method)
    assert used == method
    assert shapley["US"] == Fraction(421, 2145) and shapley["E1"] == Fraction(4, 2145)
    total = sum(banzhaf.values())
    assert round(float(banzhaf["US"] / total), 4) == 0.1669 and round(float(banzhaf["E1"] / total), 4) == 0.0165


def test_security_council_as_a_charter():
    # The same rule written as a council: 9 heads of 15 and vetoes, through the loader, matches.
    members = ["CN", "FR", "RU", "UK", "US"] + [f"E{i}" for i in range(1, 11)]
    data = {
        "alliance": {"name": "UN Security Council"},
        "members": {m: {"name": m, "type": "government"} for m in members},
        "agreement": {"council": {"weights": {m: 1 for m in members}, "quota": 9, "vetoes": members[:5]}},
    }
    scenario = loads(json.dumps(data), "json")
    power = council_power(scenario)
    assert power["shapley_shubik"]["US"] == Fraction(421, 2145)


def test_nassau_county_with_a_majority_of_heads():
    # Nassau County's Board of Supervisors, 1958: [16; 9, 9, 7, 3, 1, 1] (Hempstead 1 and 2, North Hempstead, Oyster
    # Bay, Glen Cove, Long Beach). Banzhaf (1965) showed the last three powerless: any winning coalition wins
    # without them. The textbook exercise (COMAP, "For All Practical Purposes", ch. 11) adds "at least four
    # supervisors" and asks to show that no one is a dummy any more. By hand, Banzhaf swings out of 2^5 = 32:
    #   with the total 30, a 4-set wins iff the pair left out weighs at most 14: the 4-sets without H1+H2 (18),
    #   H1+NH or H2+NH (16) lose — {NH, OB, GC, LB}, {H2, OB, GC, LB}, {H1, OB, GC, LB} — the other 12 win; every
    #   5-set and the 6-set wins; no smaller set has 4 heads.
    #   OB swings where S ∪ OB is a winning 4-set: 10 4-sets hold OB, 3 of them lose: 7 (no losing 4-set lacks
    #   OB, so none at size 5). H1: 9 winning 4-sets hold H1, and S ∪ H1 of size 5 where S is one of the two losing
    #   4-sets without H1: 11.
    players = ("H1", "H2", "NH", "OB", "GC", "LB")
    votes = tuple(Fraction(w) for w in (9, 9, 7, 3, 1, 1))
    plain = RuleGame(players, (Condition(votes, Fraction(16)),))
    shapley, banzhaf, _ = rule_power(plain)
    assert [banzhaf[p] for p in ("OB", "GC", "LB")] == [0, 0, 0]
    heads = RuleGame(players, (*plain.conditions, Condition(tuple(Fraction(1) for _ in players), Fraction(4))))
    shapley, banzhaf, _ = rule_power(heads)
    assert {p: b * 32 for p, b in banzhaf.items()} == {"H1": 11, "H2": 11, "NH": 11, "OB": 7, "GC": 7, "LB": 7}
    assert shapley == brute_shapley(heads) and all(value > 0 for value in shapley.values())


# -- the plain [q; w] is today's --------------------------------------------------------------------------------------


def test_plain_council_gives_todays_numbers():
    # From the main branch before councils: `ipshare rights scenarios/fuel-cell-alliance.yaml -f json`, council.exact
    power = council_power(load(FUEL))
    assert power["method"] == "weighted-voting" and power["quota"] == 7
    assert exact(power["shapley_shubik"]) == exact(
        {"HP": "3/10", "SM": "13/60", "NU": "13/60", "CI": "13/60", "PF": "1/20"})
    assert exact(power["banzhaf"]) == exact({"HP": "7/16", "SM": "5/16", "NU": "5/16", "CI": "5/16", "PF": "1/16"})
    assert exact(power["banzhaf_normalized"]) == exact(
        {"HP": "7/23", "SM": "5/23", "NU": "5/23", "CI": "5/23", "PF": "1/23"})
    # the general rule through the new programme gives the same numbers
    council = load(FUEL).agreement.council
    shapley, banzhaf, _ = rule_power(council_game(council, council.rule), "dp")
    assert shapley == power["shapley_shubik"] and banzhaf == power["banzhaf"]


def test_plain_json_keeps_todays_keys():
    result = CliRunner().invoke(cli, ["rights", str(FUEL), "-f", "json"])
    assert result.exit_code == 0, result.output
    council = json.loads(result.output)["council"]
    assert council["quota"] == 7.0
    assert council["percent"]["shapley_shubik"] == {"HP": "30.00", "SM": "21.67", "NU": "21.67", "CI": "21.66",
                                                    "PF": "5.00"}
    assert set(council) >= {"quota", "weights", "shapley_shubik", "banzhaf", "banzhaf_normalized", "exact", "percent",
                            "matters"}
    assert list(council["matters"]) == ["general"]


def test_a_share_of_all_equals_its_quota():
    # threshold 7/10 of the 10 votes is the quota 7.
    power = council_power(fuel_with("  council:\n    weights: {HP: 3, SM: 2, NU: 2, CI: 2, PF: 1}\n"
                                    "    threshold: 7/10\n"))
    assert power["shapley_shubik"] == council_power(load(FUEL))["shapley_shubik"]


# -- the programme against enumeration and brute force ---------------------------------------------------------------


def brute_shapley(game):
    n = game.n
    pivots = dict.fromkeys(game.players, 0)
    for order in itertools.permutations(range(n)):
        for k in range(n):
            if game.wins(order[: k + 1]):
                pivots[game.players[order[k]]] += 1
                break
    return {p: Fraction(c, math.factorial(n)) for p, c in pivots.items()}


def brute_banzhaf(game):
    n = game.n
    counts = dict.fromkeys(game.players, 0)
    for i in range(n):
        others = [j for j in range(n) if j != i]
        for size in range(n):
            for coalition in itertools.combinations(others, size):
                if game.wins(coalition + (i,)) and not game.wins(coalition):
                    counts[game.players[i]] += 1
    return {p: Fraction(c, 2 ** (n - 1)) for p, c in counts.items()}


@st.composite
def rule_games(draw):
    n = draw(st.integers(1, 6))
    players = tuple(f"P{i}" for i in range(n))
    conditions = []
    for _ in range(draw(st.integers(1, 3))):
        weights = tuple(Fraction(draw(st.integers(0, 6)), draw(st.sampled_from([1, 2, 3]))) for _ in players)
        total = sum(weights)
        if total == 0:
            continue
        share = Fraction(draw(st.integers(1, 12)), 12)
        conditions.append(Condition(weights, share * total, strict=draw(st.booleans()) and share < 1))
    if not conditions:
        conditions.append(Condition(tuple(Fraction(1) for _ in players), Fraction(n)))
    return RuleGame(players, tuple(conditions))


@settings(max_examples=60, deadline=None)
@given(rule_games())
def test_programme_enumeration_and_brute_force_agree(game):
    if not game.wins(range(game.n)):
        with pytest.raises(GameError):
            rule_power(game)
        return
    dp = rule_power(game, "dp")
    enumerated = rule_power(game, "enumeration")
    assert dp[:2] == enumerated[:2]
    assert dp[0] == brute_shapley(game)
    assert dp[1] == brute_banzhaf(game)
    assert sum(dp[0].values()) == 1  # efficiency of the Shapley–Shubik index


def test_too_large_a_council_is_refused_with_a_reason():
    players = tuple(f"P{i}" for i in range(30))
    weights = tuple(Fraction(10**9 + 7 * i) for i in range(30))
    game = RuleGame(players, (Condition(weights, sum(weights) / 2), Condition(weights[::-1], sum(weights) / 2)))
    with pytest.raises(GameError, match="too many to enumerate"):
        rule_power(game)


# -- published values ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["dp", "enumeration"])
def test_victoria_charter_published_values(method):
    """The Victoria Charter's amendment formula for Canada (1971): a change needs Ontario, Quebec, two of the four
    Western provinces holding half their population (1961 census: BC with any other, or any three without BC, so
    [3; BC 2, AB 1, SK 1, MB 1]) and two of the four Atlantic provinces. Published Shapley–Shubik indices: Ontario
    and Quebec 31.55 %, British Columbia 12.50 %, Alberta, Saskatchewan and Manitoba 4.17 % each, each Atlantic
    province 2.98 % (D. R. Miller, "A Shapley value analysis of the proposed Canadian constitutional amendment
    scheme", Canadian Journal of Political Science 6, 1973, 140–143); normalised Banzhaf 21.78, 16.34, 5.45 and
    5.94 % (P. D. Straffin, "Homogeneity, independence, and power indices", Public Choice 30, 1977, 107–118; both in
    Straffin, "Game Theory and Strategy", MAA, 1993, ch. 10)."""
    provinces = ("ON", "QC", "BC", "AB", "SK", "MB", "NS", "NB", "NL", "PE")

    def vector(weights):
        return tuple(Fraction(weights.get(p, 0)) for p in provinces)

    game = RuleGame(provinces, (
        Condition(vector({"ON": 1, "QC": 1}), Fraction(2)),  # the two vetoes
        Condition(vector({"BC": 2, "AB": 1, "SK": 1, "MB": 1}), Fraction(3)),
        Condition(vector({"NS": 1, "NB": 1, "NL": 1, "PE": 1}), Fraction(2)),
    ))
    shapley, banzhaf, used = rule_power(game, method)
    assert used == method
    published = {"ON": 31.55, "QC": 31.55, "BC": 12.50, "AB": 4.17, "SK": 4.17, "MB": 4.17,
                 "NS": 2.98, "NB": 2.98, "NL": 2.98, "PE": 2.98}
    assert {p: round(float(v) * 100, 2) for p, v in shapley.items()} == published
    assert shapley["ON"] == Fraction(53, 168) and shapley["BC"] == Fraction(1, 8) and shapley["PE"] == Fraction(5, 168)
    swings = sum(banzhaf.values())
    assert {p: round(float(v / swings) * 100, 2) for p, v in banzhaf.items()} == {
        "ON": 21.78, "QC": 21.78, "BC": 16.34, "AB": 5.45, "SK": 5.45, "MB": 5.45,
        "NS": 5.94, "NB": 5.94, "NL": 5.94, "PE": 5.94}


def test_eec_council_of_ministers_1958():
    """The EEC's Council of Ministers, 1958–72: France, Germany, Italy 4 votes, Belgium and the Netherlands 2,
    Luxembourg 1; a qualified majority 12 of the 17. Luxembourg is a dummy (every other total is even): published
    Shapley–Shubik 7/30 (23.33 %) for each large member, 3/20 (15 %) for Belgium and the Netherlands, 0 for
    Luxembourg; Banzhaf 5/16, 3/16, 0 (Felsenthal & Machover, "The Measurement of Voting Power", 1998, ch. 5, the
    EEC Council of Ministers). By hand, France swings for the coalitions of the other five with 8 to 11 votes: both
    other large members with nothing, L, B, N, B+L or N+L (6), or one of them with B+N or B+N+L (2 × 2 = 4): 10 of
    the 2^5 = 32, so 5/16; Belgium for two large members with N or N+L (3 × 2 = 6): 3/16."""
    members = ("F", "G", "I", "B", "N", "L")
    game = RuleGame(members, (Condition(tuple(Fraction(w) for w in (4, 4, 4, 2, 2, 1)), Fraction(12)),))
    shapley, banzhaf, _ = rule_power(game)
    assert shapley == {"F": Fraction(7, 30), "G": Fraction(7, 30), "I": Fraction(7, 30), "B": Fraction(3, 20),
                       "N": Fraction(3, 20), "L": Fraction(0)}
    assert banzhaf == {"F": Fraction(5, 16), "G": Fraction(5, 16), "I": Fraction(5, 16), "B": Fraction(3, 16),
                       "N": Fraction(3, 16), "L": Fraction(0)}


# -- the scenario, the commands, withdrawal -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("    threshold: 2/3\n", "give one of quota, threshold and more_than"),
        ("    vetoes: [XX]\n", "unknown council member"),
        ("    abstention: no\n", "YAML reads a bare no as false"),
        ("    quorum: {members: 9}\n", "a quorum of 9 could never meet"),
        ("    of: present\n", "`of` says what a share is of"),
        ("    matters: {general: {quota: 3}}\n", "names the council's own rule"),
        ("    majorities: [{votes: heads, quota: 6}]\n", "quota 6 exceeds the 5 members"),
    ],
)
def test_bad_councils_are_one_line_errors(change, message):
    with pytest.raises(ScenarioError, match=message) as error:
        fuel_with(PLAIN + change)
    assert "\n" not in str(error.value) and "fuel.yaml:" in str(error.value)


def test_withdrawal_takes_the_veto_and_drops_an_impossible_matter():
    council = PLAIN + ("    matters:\n      licensing: {vetoes: [HP]}\n"
                       "      unanimous: {threshold: 1, majorities: [{votes: heads, quota: 5}]}\n")
    scenario = fuel_with(council)
    reduced, notes = scenario.agreement.council.without("PF")
    assert reduced is not None and "unanimous" not in reduced.matters and reduced.matters["licensing"].vetoes == ("HP",)
    assert any("unanimous" in note for note in notes)
    reduced, _ = scenario.agreement.council.without("HP")
    assert reduced.matters["licensing"].vetoes == ()
    remaining, facts = remaining_alliance(scenario, "PF")
    assert list(remaining.agreement.council.matters) == ["licensing"]
    assert any("unanimous" in note for note in facts["notes"])


def test_charter_scenario_by_matter():
    result = CliRunner().invoke(cli, ["rights", str(CHARTER), "-f", "json"])
    assert result.exit_code == 0, result.output
    council = json.loads(result.output)["council"]
    assert list(council["matters"])[0] == "general" and len(council["matters"]) >= 3
    for matter in council["matters"].values():
        assert sum(Fraction(v) for v in matter["exact"]["shapley_shubik"].values()) == 1
        assert sum(Fraction(v) for v in matter["percent"]["shapley_shubik"].values()) == 100
    for fmt in ("table", "markdown", "csv"):
        result = CliRunner().invoke(cli, ["rights", str(CHARTER), "-f", fmt], env={"COLUMNS": "80"})
        assert result.exit_code == 0, result.output
        assert "admissions" in result.output
    allocated = CliRunner().invoke(cli, ["allocate", str(CHARTER), "-f", "json"])
    assert allocated.exit_code == 0, allocated.output
    assert json.loads(allocated.output)["council"]["matters"].keys() == council["matters"].keys()


# -- a matter beyond the exact methods' reach is refused alone ------------------------------------------------------


@pytest.fixture
def small_reach(monkeypatch):
    """The exact methods' reach cut down so that the charter's matters straddle it: enumeration to 4 members (the
    charter has 5), the programme to 1,500 cells. council_game(...).dp_cells() of the charter's matters: general
    1,000 and annual-plan 175 (computed), licensing 2,000 and admissions 5,000 (refused)."""
    import ipshare.solutions.council_power as council_power_module

    monkeypatch.setattr(council_power_module, "MAX_ENUMERATED", 4)
    monkeypatch.setattr(council_power_module, "SMALL_DP_CELLS", 0)
    monkeypatch.setattr(council_power_module, "MAX_DP_CELLS", 1500)


def test_a_matter_out_of_reach_is_refused_alone(small_reach):
    result = CliRunner().invoke(cli, ["rights", str(CHARTER), "-f", "json"])
    assert result.exit_code == 0, result.output
    council = json.loads(result.output)["council"]
    matters = council["matters"]
    assert list(matters) == ["general", "admissions", "annual-plan", "licensing"]
    for name in ("admissions", "licensing"):
        assert "too many to enumerate" in matters[name]["refused"]
        assert matters[name]["method"] is None and "shapley_shubik" not in matters[name]
        assert matters[name]["rule"] and matters[name]["description"]
    # the computed matters keep their numbers (the charter's header: HP 7/20, SM, NU, CI 11/60, PF 1/10; 1/5 each)
    assert matters["annual-plan"]["exact"]["shapley_shubik"] == {
        "HP": "7/20", "SM": "11/60", "NU": "11/60", "CI": "11/60", "PF": "1/10"}
    assert set(matters["general"]["exact"]["shapley_shubik"].values()) == {"1/5"}
    assert "refused" not in council and council["shapley_shubik"]["PF"] == pytest.approx(0.2)
    table = CliRunner().invoke(cli, ["rights", str(CHARTER)], env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    assert "licensing: not computed: the council's rule has 5 members" in " ".join(table.output.split())
    csv_out = CliRunner().invoke(cli, ["rights", str(CHARTER), "-f", "csv"])
    council_rows = [line for line in csv_out.output.splitlines() if line.startswith("council,")]
    assert csv_out.exit_code == 0 and any(",annual-plan," in line for line in council_rows)
    assert not any(",licensing," in line or ",admissions," in line for line in council_rows)
    allocated = CliRunner().invoke(cli, ["allocate", str(CHARTER), "-f", "json"])
    assert allocated.exit_code == 0, allocated.output
    assert json.loads(allocated.output)["council"]["matters"]["licensing"]["refused"] == matters["licensing"]["refused"]


def test_the_council_own_rule_out_of_reach(small_reach, monkeypatch):
    import ipshare.solutions.council_power as council_power_module

    monkeypatch.setattr(council_power_module, "MAX_DP_CELLS", 500)  # general (1,000 cells) refused too
    power = council_power(load(CHARTER))
    assert power["shapley_shubik"] is None and "too large a programme" in power["refused"]
    assert power["matters"]["annual-plan"]["shapley_shubik"]["HP"] == Fraction(7, 20)
    result = CliRunner().invoke(cli, ["rights", str(CHARTER), "-f", "json"])
    assert result.exit_code == 0, result.output
    council = json.loads(result.output)["council"]
    assert council["shapley_shubik"] is None and council["exact"] is None and council["refused"] == power["refused"]
    assert council["percent"]["shapley_shubik"] is None and council["percent"]["weights"]["HP"] == "30.00"
    for fmt, lang in (("table", "en"), ("markdown", "zh"), ("csv", "en")):
        shown = CliRunner().invoke(cli, ["rights", str(CHARTER), "-f", fmt, "--lang", lang], env={"COLUMNS": "80"})
        assert shown.exit_code == 0, shown.output
    assert "未计算" in CliRunner().invoke(cli, ["rights", str(CHARTER), "-f", "markdown", "--lang", "zh"]).output


# -- the annex's method texts of the rules of issue 17 ----------------------------------------------------------------

ISSUE_17_RULES = ("equal-surplus", "gately", "dutta-ray", "banzhaf-owen", "kernel", "prekernel",
                  "proportional-nucleolus", "disruption-nucleolus", "solidarity", "chi", "core-center",
                  "deegan-packel", "johnston", "public-good", "coleman-prevent", "coleman-initiate")


def test_every_rule_of_issue_17_has_its_method_text():
    from ipshare.report.methods import METHODS
    from ipshare.solutions import RULES

    for rule in ISSUE_17_RULES:
        assert rule in RULES and rule in METHODS, rule
        assert METHODS[rule].formula and METHODS[rule].reference.endswith("."), rule


@pytest.mark.parametrize(("scenario", "rule", "name"), [
    ("worked-example.yaml", "gately", "Gately point"),
    ("worked-example.yaml", "solidarity", "Solidarity value"),
    ("eec-council-1958.yaml", "deegan-packel", "Deegan–Packel index"),
])
def test_the_annex_states_the_method(scenario, rule, name):
    result = CliRunner().invoke(cli, ["report", str(ROOT / "scenarios" / scenario), "-r", rule])
    assert result.exit_code == 0, result.output
    assert f"{name} — {rule}" in result.output and "Reference:" in result.output


# -- the annex's council section --------------------------------------------------------------------------------------


def charter_annex(lang="en"):
    from ipshare.alliance import scenario_game
    from ipshare.report.annex import build_annex
    from ipshare.solutions import allocate

    scenario = load(CHARTER)
    game = scenario_game(scenario)
    return build_annex(scenario, game, [allocate(game, "shapley")], lang=lang)


def test_the_annex_shows_power_by_matter():
    from ipshare.report.annex import render_annex

    annex = charter_annex()
    council = next(section for section in annex.blocks if section.key == "council")
    assert council.title == "Council: power by matter"
    tables = [block for block in council.blocks if hasattr(block, "rows")]
    assert len(tables) == 4  # general, admissions, annual-plan, licensing
    # annual-plan, [6; 3, 2, 2, 2, 1] (the charter's header): Shapley–Shubik HP 7/20, SM, NU, CI 11/60, PF 1/10;
    # 11/60 = 18.333...% three times, largest remainder to 100.00: the first listed tie gets the cent (18.34).
    plan = tables[2]
    assert [(row[0], row[3].text) for row in plan.rows] == [
        ("HP", "35.00"), ("SM", "18.34"), ("NU", "18.33"), ("CI", "18.33"), ("PF", "10.00")]
    assert plan.footer[3].text == "100.00"
    words = " ".join(getattr(block, "text", "") for block in council.blocks)
    assert "Rule: more than 1/2 of all votes; quorum: 2/3 of the members present." in words
    assert "a yes of HP is required (veto)" in words
    markdown = render_annex(annex, "md")
    assert "## 10. Council: power by matter" in markdown and "### licensing" in markdown
    for fmt in ("html", "csv"):
        assert "annual-plan" in render_annex(annex, fmt)
    for fmt, magic in (("docx", b"PK"), ("xlsx", b"PK"), ("pdf", b"%PDF")):
        assert render_annex(annex, fmt).startswith(magic)


def test_the_council_section_in_chinese():
    from ipshare.report.annex import render_annex

    markdown = render_annex(charter_annex("zh"), "md")
    assert "理事会：按事项的表决权力" in markdown
    assert "规则：超过全部表决票的 1/2；法定人数：2/3 的成员出席。" in markdown
    both = render_annex(charter_annex("zh+en"), "md")
    assert "规则：至少为出席表决票的 2/3" in both and "Rule: at least 2/3 of the votes present" in both


def test_the_annex_says_why_a_matter_is_not_computed(small_reach):
    from ipshare.report.annex import render_annex

    markdown = render_annex(charter_annex(), "md")
    section = markdown.split("Council: power by matter")[1]
    assert section.count("Not computed: the council's rule has 5 members") == 2  # admissions and licensing
    assert section.count("| **Total** |") == 2  # general and annual-plan keep their tables


def test_the_room_shows_a_council_that_decides_by_a_share():
    """The negotiation room's council panel: a rule without a quota (two thirds of those present) is captioned by
    the rule in words; an own rule beyond the exact methods' reach leaves the panel out (rights says why)."""
    from types import SimpleNamespace

    from ipshare.room.page import _council

    power = council_power(load(CHARTER))
    html = _council(SimpleNamespace(council=power), "en")
    assert "at least 2/3 of the votes present" in html and "<td>PF</td>" in html
    assert _council(SimpleNamespace(council={**power, "refused": "too large"}), "en") == ""


def test_the_rights_tables_give_the_rule_in_chinese():
    shown = CliRunner().invoke(cli, ["rights", str(CHARTER), "--lang", "zh", "-f", "markdown"])
    assert shown.exit_code == 0, shown.output
    assert "理事会议事规则：至少为出席表决票的 2/3；法定人数：2/3 的成员出席；弃权视为缺席" in shown.output
    assert "licensing：至少为出席表决票的 2/3；须经 HP 投赞成票（否决权）" in shown.output
