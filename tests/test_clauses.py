"""Clauses as linear constraints: every kind on games small enough to check by hand, the cost convention, and the
diagnosis of clauses that conflict (minimal, and right, against a closed-form oracle for floors and caps)."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipshare.errors import RuleError, ScenarioError
from ipshare.games import Game, table_game
from ipshare.model.types import Clause
from ipshare.solutions import allocate
from ipshare.solutions.clauses import ClauseConflict, ClauseModel, clause_constraints, find_conflict, violations
from tests.strategies import quick

# The three-player majority game: any two players win 1 (empty core; Shapley and nucleolus give 1/3 each).
MAJORITY = table_game(["A", "B", "C"], {"A+B": 1, "A+C": 1, "B+C": 1, "A+B+C": 1})


def core_lp(game, clauses, objective=None, **options):
    return allocate(game, "core-lp", clauses=clauses, objective=objective, **options)


def values(allocation, digits=9):
    return {player: round(value, digits) for player, value in allocation.values.items()}


def close(allocation, expected):
    assert allocation.values == pytest.approx({p: float(v) for p, v in expected.items()}, abs=1e-9)


def price(allocation, clause_id):
    return next(b["shadow_price"] for b in allocation.details["binding"] if b["clause"] == clause_id)


# ------------------------------------------------------------------------------------------------------------
# Each kind of clause, its rows and what core-lp (closest to Shapley, L1) does with it


def test_min_share_of_one_member():
    (constraint,) = clause_constraints(MAJORITY, [{"id": "a-floor", "member": "A", "min_share": 0.5}])
    assert constraint.sentence == "a-floor: A ≥ 50 % of the grand value (≥ 0.5)"
    assert constraint.rows[0].coefficients == (1, 0, 0) and constraint.rows[0].lower == Fraction(1, 2)
    result = core_lp(MAJORITY, [{"id": "a-floor", "member": "A", "min_share": 0.5}])
    # The 1/6 that A gains comes equally from B and C (the L1 tie broken evenly); each unit the floor is lowered
    # saves two units of distance (A's own change and the change of whoever pays for it).
    close(result, {"A": Fraction(1, 2), "B": Fraction(1, 4), "C": Fraction(1, 4)})
    assert result.details["objective_value"] == pytest.approx(1 / 3)
    assert price(result, "a-floor") == pytest.approx(-2)
    assert result.details["binding"][0]["shadow_price_per_point"] == pytest.approx(-2 / 100)


def test_max_share_of_a_group():
    clauses = [{"id": "ab-cap", "members": ["A", "B"], "max_share": 0.5}]
    (constraint,) = clause_constraints(MAJORITY, clauses)
    assert constraint.says == "A+B together ≤ 50 % of the grand value (≤ 0.5)"
    close(core_lp(MAJORITY, clauses), {"A": Fraction(1, 4), "B": Fraction(1, 4), "C": Fraction(1, 2)})


def test_amounts_for_a_member_and_a_group():
    clauses = [
        {"id": "c-min", "member": "C", "min_amount": "1/2"},
        {"id": "bc-max", "members": ["B", "C"], "max_amount": 0.6},
    ]
    result = core_lp(MAJORITY, clauses)
    # C ≥ 1/2 and B + C ≤ 0.6 leave A ≥ 0.4; nearest Shapley: A = 0.4, B = 0.1, C = 0.5.
    close(result, {"A": Fraction(2, 5), "B": Fraction(1, 10), "C": Fraction(1, 2)})
    assert {b["clause"] for b in result.details["binding"]} == {"c-min", "bc-max"}


def test_fixed_amount():
    result = core_lp(MAJORITY, [{"id": "a-fixed", "member": "A", "fixed": 0.6}])
    close(result, {"A": Fraction(3, 5), "B": Fraction(1, 5), "C": Fraction(1, 5)})
    assert price(result, "a-fixed") == pytest.approx(-2)


def test_ratio():
    (constraint,) = clause_constraints(MAJORITY, [{"id": "r", "member": "A", "ratio": 2, "over": "B"}])
    assert constraint.says == "A ≥ 2 × B" and constraint.rows[0].coefficients == (1, -2, 0)
    # From (1/3, 1/3, 1/3): moving δ from B to A raises A − 2B by 3δ at a distance of 2δ, the cheapest way:
    # δ = 1/9, so A = 4/9, B = 2/9, C = 1/3 at distance 2/9.
    result = core_lp(MAJORITY, [{"id": "r", "member": "A", "ratio": 2, "over": "B"}])
    close(result, {"A": Fraction(4, 9), "B": Fraction(2, 9), "C": Fraction(1, 3)})
    assert result.details["objective_value"] == pytest.approx(2 / 9)


def test_individual_rationality():
    game = table_game(["A", "B", "C"], {"A": 3, "A+B": 3, "A+C": 3, "A+B+C": 6})
    clauses = [{"id": "ir", "individual_rationality": True}]
    constraint = clause_constraints(game, clauses)[0]
    assert [row.lower for row in constraint.rows] == [3, 0, 0]
    # Equal split (2, 2, 2) leaves A below its stand-alone 3; the nearest split gives A 3 and takes 1/2 from each.
    result = core_lp(game, clauses, "closest:equal")
    close(result, {"A": 3, "B": Fraction(3, 2), "C": Fraction(3, 2)})
    assert price(result, "ir") == pytest.approx(-2)
    assert result.details["binding"][0]["at_bound"] == ["A"]


def test_core_for_listed_coalitions():
    clauses = [{"id": "ab", "core": ["A+B"]}]
    assert (
        clause_constraints(MAJORITY, clauses)[0].says
        == "each listed coalition gets at least what it could alone (A+B ≥ 1)"
    )
    result = core_lp(MAJORITY, clauses)
    close(result, {"A": Fraction(1, 2), "B": Fraction(1, 2), "C": 0})
    assert price(result, "ab") == pytest.approx(-2)


def test_core_for_every_coalition():
    # Equal split gives A+B 6 < v(A+B) = 8; the nearest core allocation moves 2 from C to A and B.
    game = table_game(["A", "B", "C"], {"A+B": 8, "A+B+C": 9})
    result = core_lp(game, [{"id": "core", "core": True}], "closest:equal")
    close(result, {"A": 4, "B": 4, "C": 1})
    assert result.details["binding"][0]["at_bound"] == ["A+B"]


def test_core_for_every_coalition_is_generated_not_listed():
    # A convex game of 14 players: 16,382 proper coalitions, of which the LP holds only what it needs.
    n = 14
    weights = np.arange(1, n + 1, dtype=np.float64)
    from ipshare.solutions.nucleolus import subset_sums

    game = Game([f"P{i}" for i in range(n)], subset_sums(weights) ** 2)
    (constraint,) = clause_constraints(game, [{"id": "core", "core": True}])
    assert constraint.every_coalition and constraint.rows == ()
    model = ClauseModel(game, [constraint])
    model.set_costs(np.eye(model.columns)[0])  # push player 0 as low as the core allows
    solution = model.solve()
    assert model.lp.rows < 1000
    y = model.allocation(solution)
    assert violations(game, [constraint], y) == []
    # The least player 0 gets in the core of the convex game (v(S) = (Σ w)^2) is its stand-alone value.
    assert y[0] == pytest.approx(1.0)


def test_near_a_rule_for_everyone_and_for_named_members():
    everyone = clause_constraints(MAJORITY, [{"id": "near", "near": "shapley", "distance": 0.1}])[0]
    assert [(row.lower, row.upper) for row in everyone.rows] == [(Fraction(7, 30), Fraction(13, 30))] * 3
    assert everyone.says == "no member is more than 0.1 away from its shapley allocation"
    named = [{"id": "b-near", "near": "shapley", "members": ["B"], "distance": 0.01}]
    assert [row.label for row in clause_constraints(MAJORITY, named)[0].rows] == ["B"]
    # A ≥ 1/2 needs 1/6 from B and C; spread evenly B would drop to 1/4, but it may not go below 1/3 − 0.01.
    result = core_lp(MAJORITY, [*named, {"id": "a-floor", "member": "A", "min_share": 0.5}])
    close(result, {"A": Fraction(1, 2), "B": Fraction(1, 3) - Fraction(1, 100), "C": Fraction(1, 6) + Fraction(1, 100)})


def test_near_cannot_refer_to_core_lp():
    with pytest.raises(RuleError, match="core-lp itself"):
        clause_constraints(MAJORITY, [{"id": "loop", "near": "core-lp", "distance": 1}])


def test_switched_off_clauses_constrain_nothing():
    constraints = clause_constraints(
        MAJORITY, [{"id": "ir", "individual_rationality": False}, {"id": "core", "core": False}]
    )
    assert not any(c.active for c in constraints)


def test_clause_objects_and_scenario_clauses():
    clause = Clause(id="a-floor", kind="min_share", value=Fraction(1, 2), targets=("A",))
    close(core_lp(MAJORITY, [clause]), {"A": Fraction(1, 2), "B": Fraction(1, 4), "C": Fraction(1, 4)})
    with pytest.raises(RuleError, match="not a player"):
        core_lp(MAJORITY, [Clause(id="x", kind="fixed", value=Fraction(1), targets=("Z",))])
    with pytest.raises(ScenarioError, match="min_share"):
        core_lp(MAJORITY, [{"id": "bad", "member": "A", "min_share": 2}])
    with pytest.raises(RuleError, match="used twice"):
        core_lp(MAJORITY, [{"id": "a", "member": "A", "min_share": 0.1}, clause.__class__("a", "fixed", 0, ("B",))])


def test_type_targets_in_an_alliance():
    import ipshare

    scenario = ipshare.load("scenarios/battery-alliance.yaml")
    constraints = clause_constraints(ipshare.scenario_game(scenario))
    floor = next(c for c in constraints if c.id == "universities-floor")
    assert floor.says.startswith("XU+QU together ≥ 15 % of the grand value")


# ------------------------------------------------------------------------------------------------------------
# Cost games: allocations are cost shares; IR and core bound them from above


COST = table_game(["A", "B"], {"A": 10, "B": 8, "A+B": 15}, "cost")


def test_cost_game_convention():
    ir, cap = clause_constraints(
        COST, [{"id": "ir", "individual_rationality": True}, {"id": "a-cap", "member": "A", "max_share": 0.4}]
    )
    assert ir.says == "every member pays at most its stand-alone cost (y_i ≤ c({i}))"
    assert [(row.lower, row.upper) for row in ir.rows] == [(-np.inf, 10), (-np.inf, 8)]
    assert cap.says == "A ≤ 40 % of the grand cost (≤ 6)"
    # Equal split 7.5 each; A ≤ 6 puts B at 9, above its stand-alone cost 8: the two clauses conflict.
    result = core_lp(COST, [{"id": "a-cap", "member": "A", "max_share": 0.4}], "closest:equal")
    close(result, {"A": 6, "B": 9})
    with pytest.raises(ClauseConflict) as caught:
        core_lp(COST, [{"id": "ir", "individual_rationality": True}, {"id": "a-cap", "member": "A", "max_share": 0.4}])
    assert caught.value.reason == (
        "together they let the members pay at most 14 in total, less than the grand cost of 15"
    )


def test_cost_game_core_bounds_every_coalition_from_above():
    airport = table_game(["A", "B", "C"], {"A": 1, "B": 2, "C": 3, "A+B": 2, "A+C": 3, "B+C": 3, "A+B+C": 3}, "cost")
    result = core_lp(airport, [{"id": "core", "core": True}], "closest:proportional")
    y = [result.values[p] for p in airport.players]
    for mask in range(1, 8):
        paid = sum(y[i] for i in range(3) if mask >> i & 1)
        assert paid <= airport.values[mask] + 1e-9
    assert sum(y) == pytest.approx(3)


# ------------------------------------------------------------------------------------------------------------
# Conflicts


def test_conflict_names_a_minimal_set_with_a_sentence_each():
    clauses = [
        {"id": "univ-floor", "member": "B", "min_share": 0.3},
        {"id": "lead-floor", "member": "A", "min_share": 0.75},
        {"id": "c-cap", "member": "C", "max_amount": 5},
        {"id": "stand-alone", "individual_rationality": True},
    ]
    conflict = find_conflict(MAJORITY, clause_constraints(MAJORITY, clauses))
    assert conflict.clauses == ("univ-floor", "lead-floor", "stand-alone")
    assert conflict.sentences[0] == "univ-floor: B ≥ 30 % of the grand value (≥ 0.3)"
    assert conflict.reason == (
        "together they require the members to receive at least 1.05 in total, more than the grand value of 1"
    )
    assert conflict.exit_status == 3
    assert str(conflict).splitlines()[0] == (
        "the agreement's clauses cannot all hold (core-lp): univ-floor, lead-floor and stand-alone conflict"
    )


def test_conflict_without_the_grand_value():
    clauses = [{"id": "fix", "member": "A", "fixed": 0.5}, {"id": "cap", "member": "A", "max_amount": 0.2}]
    conflict = find_conflict(MAJORITY, clause_constraints(MAJORITY, clauses))
    assert conflict.clauses == ("fix", "cap")
    assert "contradict each other" in conflict.reason


def test_an_empty_core_is_a_conflict_of_one_clause():
    conflict = find_conflict(MAJORITY, clause_constraints(MAJORITY, [{"id": "core", "core": True}]))
    assert conflict.clauses == ("core",)
    # The pairs, each with weight 1/2, claim 3/2 of a grand value of 1.
    assert conflict.reason == "it requires the members to receive at least 1.5 in total, more than the grand value of 1"


def test_caps_that_leave_value_unshared():
    clauses = [{"id": "caps", "members": ["A", "B", "C"], "max_share": 0.5}]
    conflict = find_conflict(MAJORITY, clause_constraints(MAJORITY, clauses))
    assert conflict.reason == "it allows the members at most 0.5 in total, less than the grand value of 1"


def test_no_conflict_when_the_clauses_hold():
    assert find_conflict(MAJORITY, clause_constraints(MAJORITY, [{"id": "f", "member": "A", "min_share": 0.2}])) is None


def _oracle_feasible(players, grand, clauses):
    """Floors and caps on single members, with x otherwise free: feasible iff no member's floor exceeds its
    cap and the grand value lies between the sum of the floors (if every member has one) and of the caps."""
    low = {p: -np.inf for p in players}
    high = {p: np.inf for p in players}
    for clause in clauses:
        (member,) = clause["members"]
        if "min_amount" in clause:
            low[member] = max(low[member], clause["min_amount"])
        else:
            high[member] = min(high[member], clause["max_amount"])
    if any(low[p] > high[p] for p in players):
        return False
    return sum(low.values()) <= grand <= sum(high.values())


@st.composite
def floors_and_caps(draw):
    n = draw(st.integers(min_value=2, max_value=5))
    players = [f"P{i}" for i in range(n)]
    grand = draw(st.integers(min_value=0, max_value=40))
    count = draw(st.integers(min_value=1, max_value=2 * n + 1))
    clauses = []
    for index in range(count):
        member = draw(st.sampled_from(players))
        amount = draw(st.integers(min_value=-5, max_value=20))
        kind = draw(st.sampled_from(["min_amount", "max_amount"]))
        clauses.append({"id": f"c{index}", "members": [member], kind: amount})
    values = [0] * (1 << n)
    values[-1] = grand
    return Game(players, values), clauses


@quick
@given(floors_and_caps())
def test_conflict_diagnosis_is_minimal_and_right(case):
    game, clauses = case
    constraints = clause_constraints(game, clauses)
    conflict = find_conflict(game, constraints)
    feasible = _oracle_feasible(game.players, game.grand_value, clauses)
    assert (conflict is None) == feasible
    if conflict is None:
        return
    named = [c for c in clauses if c["id"] in conflict.clauses]
    assert not _oracle_feasible(game.players, game.grand_value, named)
    for left_out in named:  # dropping any named clause lets the rest hold
        rest = [c for c in named if c is not left_out]
        assert _oracle_feasible(game.players, game.grand_value, rest)
        assert find_conflict(game, clause_constraints(game, rest)) is None
