"""The rules for comparison: τ-value, ENSC, equal surplus division, Nash (symmetric and weighted),
Kalai–Smorodinsky, weighted Shapley, per-capita nucleolus and modiclus.

Evidence, in this order:

1. published values, each with its source (the R package CoopGame's test suite for τ, the per-capita nucleolus and
   the modiclus; Young 1985 for the per-capita nucleolus of a cost game; the Talmud's estates for τ of a bankruptcy
   game), re-derived by hand in the comments where that is short;
2. identities from the literature checked over generated games (hypothesis): τ of a bankruptcy game is the
   adjusted proportional rule (Curiel, Maschler & Tijs 1987); the symmetric Nash solution with linear utilities
   maximises the Nash product and is the equal division of the surplus over the stand-alone values; weighted
   Shapley with equal weights is Shapley; the modiclus of a constant-sum game is its prenucleolus (Sudhölter 1997);
   ENSC is the equal surplus division of the dual game; Kalai–Smorodinsky from the minimal rights is τ;
3. the cases where a rule is undefined, which must be clear errors.
"""

import itertools
import json
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import ipshare
from ipshare.cli import cli
from ipshare.errors import GameError, RuleError, ScenarioError
from ipshare.games import Game, bankruptcy_game, table_game, weighted_voting_game
from ipshare.model.loading import loads
from ipshare.solutions import RULES, allocate
from ipshare.solutions.bargaining import equal_surplus, kalai_smorodinsky, nash, nash_weighted
from ipshare.solutions.nucleolus import CertificateError, kohlberg_certificate, nucleolus, prenucleolus
from ipshare.solutions.nucleolus_variants import dual_cover_game, modiclus, per_capita_nucleolus
from ipshare.solutions.properties import allocation_properties
from ipshare.solutions.shapley import shapley_value
from ipshare.solutions.tau import ensc, minimal_rights, tau_value, utopia_payoffs
from ipshare.solutions.weighted import harsanyi_dividends, weighted_shapley_value
from tests.strategies import exact_games, player_ids, quick

NEW_RULES = (
    "tau",
    "ensc",
    "equal-surplus",
    "nash",
    "nash-weighted",
    "kalai-smorodinsky",
    "shapley-weighted",
    "per-capita-nucleolus",
    "modiclus",
)
few = settings(max_examples=25, deadline=None)


def lexicographic_table(n, values):
    """A table by mask from CoopGame's order: coalitions by size, then lexicographically ({1}, {2}, …, {1,2}, …)."""
    table = [0] * (1 << n)
    listed = (c for size in range(1, n + 1) for c in itertools.combinations(range(n), size))
    for coalition, value in zip(listed, values, strict=True):
        table[sum(1 << i for i in coalition)] = value
    return table


@st.composite
def convex_games(draw, min_players=2, max_players=5):
    """Sums of unanimity games with non-negative dividends: convex, so the core is non-empty (Shapley 1971)."""
    n = draw(st.integers(min_value=min_players, max_value=max_players))
    dividends = draw(st.lists(st.integers(0, 12), min_size=(1 << n) - 1, max_size=(1 << n) - 1))
    values = [0] * (1 << n)
    for mask in range(1, 1 << n):
        values[mask] = sum(d for sub, d in enumerate(dividends, start=1) if sub & mask == sub)
    return Game(player_ids(n), values)


@st.composite
def bankruptcy_problems(draw, max_players=5):
    claims = draw(st.lists(st.integers(0, 40), min_size=1, max_size=max_players))
    estate = draw(st.integers(0, sum(claims)))
    return estate, claims


# ------------------------------------------------------------------------------------------------------------
# Published values


def test_tau_published_three_and_five_players():
    # R package CoopGame, test suite (tests/test_73_tauValue.R), games in its lexicographic order.
    # 73.1: v(12) = v(13) = 2, v(23) = 3, v(N) = 5: M = (2, 3, 3), m = 0, so τ = 5/8 · (2, 3, 3).
    three = Game(player_ids(3), lexicographic_table(3, [0, 0, 0, 2, 2, 3, 5]))
    assert list(tau_value(three).exact.values()) == [Fraction(5, 4), Fraction(15, 8), Fraction(15, 8)]
    # 73.3: published to six decimals as 7.391304, 14.782609, 18.478261, 27.173913, 32.173913 (= k/23).
    five = Game(
        player_ids(5),
        lexicographic_table(
            5,
            [
                0,
                0,
                0,
                5,
                10,
                0,
                5,
                15,
                20,
                15,
                25,
                30,
                30,
                35,
                45,
                25,
                35,
                40,
                40,
                45,
                55,
                50,
                55,
                65,
                70,
                60,
                65,
                75,
                80,
                90,
                100,
            ],
        ),
    )
    result = tau_value(five)
    assert list(result.exact.values()) == [Fraction(k, 23) for k in (170, 340, 425, 625, 740)]
    assert [round(v, 6) for v in result.values.values()] == [7.391304, 14.782609, 18.478261, 27.173913, 32.173913]


def test_tau_undefined_where_published():
    # CoopGame 73.2: v = 1, 2, …, 7 is not quasi-balanced (M = (1, 2, 3), but m_1 = v(12) − M_2 = 2 > M_1).
    game = Game(player_ids(3), lexicographic_table(3, [1, 2, 3, 4, 5, 6, 7]))
    assert minimal_rights(game)[0] == 2 and utopia_payoffs(game)[0] == 1
    with pytest.raises(RuleError, match="not quasi-balanced"):
        tau_value(game)


def test_tau_of_the_talmud_estates():
    # Claims 100, 200, 300 and the Mishnah's estates (Aumann & Maschler 1985). By hand: the utopia payoff of a
    # claimant is min(c_i, E); nobody is owed anything by the others (E ≤ the other two claims), so m = 0 and
    # τ is the estate split in proportion to min(c_i, E).
    claims = {"A": 100, "B": 200, "C": 300}
    expected = {
        100: [Fraction(100, 3)] * 3,  # truncated claims 100, 100, 100
        200: [40, 80, 80],  # truncated claims 100, 200, 200: 200 · (1, 2, 2)/5
        300: [50, 100, 150],  # claims untruncated: the proportional rule
    }
    for estate, division in expected.items():
        assert list(tau_value(bankruptcy_game(estate, claims)).exact.values()) == division


def test_per_capita_nucleolus_of_youngs_cost_game():
    # Young (1985), Cost Allocation: Methods, Principles, Applications, p. 68, as in R CoopGame (test 69.1 and the
    # perCapitaNucleolus help): stand-alone costs 15, 20, 55; c(AB) = 35, c(AC) = 61, c(BC) = 65, c(N) = 78. Its
    # savings game v(S) = Σ_{i∈S} c_i − c(S) is 0, 0, 0, 0, 9, 10, 12, and CoopGame's answer there is
    # (4/6, 7/6, 61/6). By hand: the per-capita excesses at (a, b, c) are −a, −b, −c, (c − 12)/2, (b − 3)/2,
    # (a − 2)/2; {A} and {B, C} are complementary, so the first level −a = (a − 2)/2 fixes a = 2/3 (excess −2/3);
    # then (b − 3)/2 = (−2/3 − b)/2 for {A, B} and {A, C} gives b = 7/6 (excess −11/12), and c = 12 − a − b = 61/6.
    # Cost shares: 15 − 2/3, 20 − 7/6, 55 − 61/6.
    cost = table_game(
        ["A", "B", "C"],
        {"A": 15, "B": 20, "C": 55, "A+B": 35, "A+C": 61, "B+C": 65, "A+B+C": 78},
        kind="cost",
    )
    result = per_capita_nucleolus(cost, certify=True)
    assert result.exact == {"A": Fraction(43, 3), "B": Fraction(113, 6), "C": Fraction(269, 6)}
    assert result.details["epsilons"] == pytest.approx([-2 / 3, -11 / 12])
    assert result.details["certificate"] == "kohlberg-exact (per-capita excess levels)"
    savings = Game(player_ids(3), lexicographic_table(3, [0, 0, 0, 0, 9, 10, 12]))
    assert list(per_capita_nucleolus(savings).exact.values()) == [Fraction(4, 6), Fraction(7, 6), Fraction(61, 6)]


def test_per_capita_certificate_tells_the_two_nucleoli_apart():
    # On Young's savings game the nucleolus and the per-capita nucleolus differ; each certificate accepts its own
    # point and rejects the other's, so the per-capita levels are really what is checked.
    game = Game(player_ids(3), lexicographic_table(3, [0, 0, 0, 0, 9, 10, 12]))
    ordinary = np.array([float(v) for v in nucleolus(game).exact.values()])
    per_capita = np.array([float(v) for v in per_capita_nucleolus(game).exact.values()])
    assert np.abs(ordinary - per_capita).max() > 0.1
    sizes = np.array([max(1, bin(mask).count("1")) for mask in range(8)], dtype=float)
    lower = np.zeros(3)
    kohlberg_certificate(game.values, per_capita, 3, lower, divisors=sizes)
    kohlberg_certificate(game.values, ordinary, 3, lower)
    with pytest.raises(CertificateError):
        kohlberg_certificate(game.values, ordinary, 3, lower, divisors=sizes)
    with pytest.raises(CertificateError):
        kohlberg_certificate(game.values, per_capita, 3, lower)


def test_modiclus_of_a_weighted_majority_game():
    # R CoopGame, test 70.1: v(AB) = v(AC) = v(N) = 1, the weighted majority game [3; 2, 1, 1]; modiclus
    # (1/2, 1/4, 1/4), the normalised homogeneous weights, as Sudhölter (1996, Math. Oper. Res. 21) proved the
    # modiclus of a homogeneous weighted majority game to be. The nucleolus is (1, 0, 0), the core's only point.
    game = weighted_voting_game({"A": 2, "B": 1, "C": 1}, quota=3)
    assert modiclus(game, certify=True).exact == {"A": Fraction(1, 2), "B": Fraction(1, 4), "C": Fraction(1, 4)}
    assert nucleolus(game).exact == {"A": 1, "B": 0, "C": 0}


def test_weighted_shapley_splits_each_dividend_by_weight():
    # By hand (Kalai & Samet 1987, the definition on unanimity games): v = 4·u_A + 6·u_{A,B} + 12·u_{A,B,C}, weights
    # (1, 2, 3): A gets 4 + 6·1/3 + 12·1/6 = 8, B gets 6·2/3 + 12·2/6 = 8, C gets 12·3/6 = 6.
    game = table_game(["A", "B", "C"], {"A": 4, "A+B": 10, "A+C": 4, "A+B+C": 22})
    assert list(harsanyi_dividends(np.array(game.exact_scaled[0]))) == [0, 4, 0, 6, 0, 0, 0, 12]
    result = weighted_shapley_value(game, weights={"A": 1, "B": 2, "C": 3})
    assert result.exact == {"A": 8, "B": 8, "C": 6}
    # Shapley value of the same game: 4 + 3 + 4 = 11, 3 + 4 = 7, 4.
    assert shapley_value(game).exact == {"A": 11, "B": 7, "C": 4}


def test_bargaining_rules_by_hand():
    # v(A) = 1, v(B) = 2, v(AB) = 6: surplus 3.
    game = table_game(["A", "B"], {"A": 1, "B": 2, "A+B": 6})
    assert nash(game).exact == {"A": Fraction(5, 2), "B": Fraction(7, 2)}
    assert equal_surplus(game).exact == nash(game).exact
    # Weights 1 : 2 share the surplus 1 : 2.
    assert nash_weighted(game, weights={"A": 1, "B": 2}).exact == {"A": 2, "B": 4}
    # Utopia payoffs M = (6 − 2, 6 − 1) = (4, 5); gains over d = (1, 2) are 3 and 3: equal.
    assert kalai_smorodinsky(game).exact == {"A": Fraction(5, 2), "B": Fraction(7, 2)}
    # ENSC: M = (4, 5), 6 − 9 = −3 taken back equally.
    assert ensc(game).exact == {"A": Fraction(5, 2), "B": Fraction(7, 2)}


# ------------------------------------------------------------------------------------------------------------
# Identities


def adjusted_proportional(estate, claims):
    """Curiel, Maschler & Tijs (1987): minimal rights first, then the rest pro rata to the revised claims truncated
    at the remaining estate."""
    total = sum(claims)
    rights = [max(0, estate - (total - c)) for c in claims]
    rest = estate - sum(rights)
    revised = [min(c - m, rest) for c, m in zip(claims, rights, strict=True)]
    if sum(revised) == 0:
        return [Fraction(m) for m in rights]
    return [m + Fraction(rest * r, sum(revised)) for m, r in zip(rights, revised, strict=True)]


@given(bankruptcy_problems())
@settings(max_examples=150, deadline=None)
def test_tau_of_a_bankruptcy_game_is_the_adjusted_proportional_rule(problem):
    estate, claims = problem
    game = bankruptcy_game(estate, dict(zip(player_ids(len(claims)), claims, strict=True)))
    tau = list(tau_value(game).exact.values())
    assert tau == adjusted_proportional(estate, claims)
    # With no minimal rights (each claimant's rivals could take the whole estate) it is the proportional rule on
    # the claims truncated by the estate, min(c_i, E).
    if all(estate <= sum(claims) - c for c in claims) and estate > 0:
        truncated = [min(c, estate) for c in claims]
        assert tau == [Fraction(estate * t, sum(truncated)) for t in truncated]


@given(exact_games(min_players=1, max_players=6))
@quick
def test_symmetric_nash_is_the_equal_division_of_the_surplus(game):
    singles = [game.exact_value(1 << i) for i in range(game.n)]
    surplus = game.exact_grand_value - sum(singles)
    if surplus < 0:
        with pytest.raises(RuleError, match="disagreement payoffs add up to more"):
            nash(game)
        return
    result = nash(game).exact
    assert list(result.values()) == [s + surplus / game.n for s in singles]
    assert result == equal_surplus(game).exact


@given(exact_games(min_players=2, max_players=5), st.data())
@quick
def test_nash_maximises_the_nash_product(game, data):
    # With linear utilities the Nash solution maximises Π (x_i − d_i)^α_i over efficient x ≥ d: no other efficient
    # point above d does better (compared in logarithms).
    singles = np.array([float(game.exact_value(1 << i)) for i in range(game.n)])
    surplus = game.grand_value - singles.sum()
    if surplus <= 0:
        return
    weights = data.draw(st.lists(st.integers(1, 5), min_size=game.n, max_size=game.n))
    alpha = np.array(weights, dtype=float)
    best = np.array(list(nash_weighted(game, weights=dict(zip(game.players, weights, strict=True))).values.values()))
    shares = np.array(data.draw(st.lists(st.floats(0.01, 1), min_size=game.n, max_size=game.n)))
    other = singles + surplus * shares / shares.sum()

    def log_product(x):
        return float(np.sum(alpha * np.log(x - singles)))

    assert log_product(best) >= log_product(other) - 1e-9


@given(exact_games(min_players=1, max_players=6, values=st.integers(-30, 30)))
@quick
def test_weighted_shapley_with_equal_weights_is_shapley(game):
    assert weighted_shapley_value(game, weights="equal").exact == shapley_value(game).exact


@given(exact_games(min_players=1, max_players=5), st.data())
@quick
def test_weighted_shapley_matches_its_definition(game, data):
    # Dividends by their definition Δ(S) = Σ_{T⊆S} (−1)^{|S|−|T|} v(T), then φ_i = Σ_{S∋i} Δ(S)·w_i/w(S), in plain
    # Python over every coalition and subset.
    weights = data.draw(st.lists(st.integers(1, 9), min_size=game.n, max_size=game.n))
    values = game.exact_values()
    phi = [Fraction(0)] * game.n
    for mask in range(1, 1 << game.n):
        dividend = sum(
            (-1) ** (bin(mask).count("1") - bin(sub).count("1")) * values[sub]
            for sub in range(1 << game.n)
            if sub & mask == sub
        )
        total = sum(w for i, w in enumerate(weights) if mask >> i & 1)
        for i in range(game.n):
            if mask >> i & 1:
                phi[i] += dividend * Fraction(weights[i], total)
    result = weighted_shapley_value(game, weights=dict(zip(game.players, weights, strict=True)))
    assert list(result.exact.values()) == phi
    assert sum(phi) == game.exact_grand_value


@given(exact_games(min_players=1, max_players=6))
@quick
def test_ensc_is_the_equal_surplus_division_of_the_dual_game(game):
    # The dual game v*(S) = v(N) − v(N∖S) has v*({i}) = M_i, so ENSC(v) = ESD(v*) (Driessen & Funaki 1991).
    full = (1 << game.n) - 1
    values = game.exact_values()
    dual = Game(game.players, [values[full] - values[full ^ mask] for mask in range(1 << game.n)])
    assert ensc(game).exact == equal_surplus(dual).exact


@given(convex_games())
@quick
def test_kalai_smorodinsky_from_the_minimal_rights_is_tau(game):
    # τ = m + λ(M − m) is the Kalai–Smorodinsky point with the minimal rights as threat point (Tijs 1981).
    # Convex games are quasi-balanced (their core is non-empty) and their minimal rights are v({i}).
    rights = minimal_rights(game)
    assert rights == [game.exact_value(1 << i) for i in range(game.n)]
    threat = dict(zip(game.players, rights, strict=True))
    assert kalai_smorodinsky(game, disagreement=threat).exact == tau_value(game).exact


@given(st.integers(-20, 20), st.integers(-20, 20), st.integers(-40, 40))
@quick
def test_two_player_rules_give_the_standard_solution(a, b, grand):
    # For two players ENSC, equal surplus division, the modiclus and, where defined, τ, Nash (d = stand-alone) and the
    # per-capita nucleolus all give each player its stand-alone value plus half the surplus (Tijs 1981 for τ).
    game = table_game(["A", "B"], {"A": a, "B": b, "A+B": grand})
    standard = {"A": a + Fraction(grand - a - b, 2), "B": b + Fraction(grand - a - b, 2)}
    assert ensc(game).exact == standard
    assert equal_surplus(game).exact == standard
    assert modiclus(game).exact == standard
    if grand >= a + b:  # a two-player game is quasi-balanced exactly when it is essential
        assert tau_value(game).exact == standard
        assert nash(game).exact == standard
        assert per_capita_nucleolus(game).exact == standard
    else:
        with pytest.raises(RuleError, match="not quasi-balanced"):
            tau_value(game)


@given(convex_games(max_players=5))
@few
def test_per_capita_nucleolus_lies_in_a_non_empty_core(game):
    result = per_capita_nucleolus(game, certify=True)
    facts = allocation_properties(game, result)
    assert facts["exact"] and facts["efficient"] and facts["in_core"]


@given(
    exact_games(min_players=2, max_players=4, values=st.integers(-20, 40)),
    st.lists(st.integers(-9, 9), min_size=4, max_size=4),
)
@few
def test_per_capita_nucleolus_is_covariant(game, shift):
    # Adding an additive game a(S) = Σ_{i∈S} a_i leaves every excess unchanged, so the point moves by a.
    additive = shift[: game.n]
    values = game.exact_values()
    shifted = Game(
        game.players, [v + sum(a for i, a in enumerate(additive) if m >> i & 1) for m, v in enumerate(values)]
    )
    singles = sum(values[1 << i] for i in range(game.n))
    if singles > game.exact_grand_value:
        with pytest.raises(RuleError, match="per-capita nucleolus is undefined"):
            per_capita_nucleolus(game)
        return
    base = per_capita_nucleolus(game).exact
    moved = per_capita_nucleolus(shifted).exact
    assert moved == {p: base[p] + additive[i] for i, p in enumerate(game.players)}


@st.composite
def constant_sum_games(draw, min_players=2, max_players=4):
    n = draw(st.integers(min_value=min_players, max_value=max_players))
    full = (1 << n) - 1
    values = [0] * (1 << n)
    values[full] = draw(st.integers(-20, 40))
    for mask in range(1, full):
        if mask & 1:  # coalitions with player 0 are drawn; their complements are fixed by v(S) + v(N∖S) = v(N)
            values[mask] = draw(st.integers(-20, 40))
            values[full ^ mask] = values[full] - values[mask]
    return Game(player_ids(n), values)


@given(constant_sum_games())
@few
def test_modiclus_of_a_constant_sum_game_is_its_prenucleolus(game):
    # Sudhölter (1997): on constant-sum games the modiclus coincides with the prenucleolus.
    assert modiclus(game).exact == prenucleolus(game).exact


@given(exact_games(min_players=1, max_players=4, values=st.integers(-20, 40)))
@few
def test_modiclus_is_efficient_and_its_dual_cover_symmetric(game):
    result = modiclus(game)
    assert sum(result.exact.values()) == game.exact_grand_value
    cover = dual_cover_game(game)
    n = game.n
    swap = [((mask >> n) | (mask << n)) & ((1 << 2 * n) - 1) for mask in range(1 << 2 * n)]
    assert np.array_equal(cover.values, cover.values[swap])
    assert cover.grand_value == 2 * game.grand_value


@given(exact_games(min_players=1, max_players=5, values=st.integers(-30, 60)))
@few
def test_every_new_rule_is_efficient_where_defined(game):
    weights = {p: i + 1 for i, p in enumerate(game.players)}
    options = {"nash-weighted": {"weights": weights}, "shapley-weighted": {"weights": weights}}
    for rule in NEW_RULES:
        try:
            result = allocate(game, rule, **options.get(rule, {}))
        except RuleError:
            continue
        facts = allocation_properties(game, result)
        assert facts["exact"] and facts["efficient"], rule


@given(exact_games(min_players=2, max_players=4, values=st.integers(0, 40)))
@few
def test_cost_games_are_the_negated_benefit_games(game):
    # Every rule is computed on v = −c and negated back: the cost shares of c are minus the allocation of −c.
    cost = Game(game.players, game.exact_values(), kind="cost")
    negated = Game(game.players, [-v for v in game.exact_values()])
    for rule in NEW_RULES:
        try:
            shares = allocate(cost, rule, **({"weights": "equal"} if "weighted" in rule else {})).exact
        except RuleError:
            with pytest.raises(RuleError):
                allocate(negated, rule, **({"weights": "equal"} if "weighted" in rule else {}))
            continue
        benefit = allocate(negated, rule, **({"weights": "equal"} if "weighted" in rule else {})).exact
        assert shares == {p: -value for p, value in benefit.items()}, rule


def test_float_games_agree_with_exact_games():
    rng = np.random.default_rng(7)
    values = np.concatenate([[0.0], rng.integers(0, 50, 31).astype(float)])
    values *= np.array([bin(m).count("1") for m in range(32)])  # larger coalitions worth more
    exact = Game(player_ids(5), [int(v) for v in values])
    third = Game(player_ids(5), values / 3)  # a float table, not kept exactly
    assert not third.is_exact
    for rule in NEW_RULES:
        weights = {"weights": "equal"} if "weighted" in rule else {}
        try:
            expected = allocate(exact, rule, **weights).exact
        except RuleError:
            continue
        got = allocate(third, rule, **weights).values
        assert got == pytest.approx({p: float(v) / 3 for p, v in expected.items()}, rel=1e-9, abs=1e-9), rule


# ------------------------------------------------------------------------------------------------------------
# Undefined cases and errors


def test_errors_for_undefined_cases():
    crowded = table_game(["A", "B"], {"A": 5, "B": 5, "A+B": 6})  # stand-alone values exceed v(N)
    with pytest.raises(RuleError, match="nash is undefined"):
        nash(crowded)
    with pytest.raises(RuleError, match="kalai-smorodinsky is undefined"):
        kalai_smorodinsky(crowded)
    with pytest.raises(RuleError, match="per-capita nucleolus is undefined"):
        per_capita_nucleolus(crowded)
    assert equal_surplus(crowded).exact == {"A": 3, "B": 3}  # defined: the loss is shared equally
    game = table_game(["A", "B", "C"], {"A+B+C": 6})
    with pytest.raises(RuleError, match="all zero"):
        nash_weighted(game, weights={"A": 0, "B": 0, "C": 0})
    with pytest.raises(RuleError, match="positive weights, but B's weight is 0"):
        weighted_shapley_value(game, weights={"A": 1, "B": 0, "C": 1})
    with pytest.raises(RuleError, match="missing C"):
        weighted_shapley_value(game, weights={"A": 1, "B": 1})
    # A adds only M_A = 6 − v(B+C) = 1 to the others, less than its threat point 2 (Σ d = 2 ≤ 6 is feasible).
    with pytest.raises(RuleError, match="A's utopia payoff .* is below its disagreement payoff"):
        kalai_smorodinsky(table_game(["A", "B", "C"], {"B+C": 5, "A+B+C": 6}), disagreement={"A": 2})
    with pytest.raises(GameError, match="floats"):
        weighted_shapley_value(Game(["A", "B"], np.array([0, 0.5, 0.25, 1.1])), exact=True)
    big = Game(player_ids(11), [0] * ((1 << 11) - 1) + [1])
    with pytest.raises(RuleError, match="at most 10 members"):
        modiclus(big)


def test_rules_are_registered_with_their_options():
    for rule in NEW_RULES:
        assert rule in RULES
    assert RULES["per-capita-nucleolus"].options == ("certify",)
    assert RULES["modiclus"].options == ("certify",)
    assert all(RULES[rule].lazy for rule in ("ensc", "equal-surplus", "nash", "nash-weighted", "kalai-smorodinsky"))


def test_rules_that_need_few_values_run_on_large_structured_games():
    # 30 voters: the game is kept by weights and quota (no table of 2^30 values); ENSC, equal-surplus and Nash need
    # only v(N), v({i}) and v(N∖{i}).
    weights = {f"V{i}": 1 + i % 3 for i in range(30)}
    listed = ", ".join(f"{p}: {w}" for p, w in weights.items())
    quota = sum(weights.values()) // 2 + 1
    scenario = loads(f"game: {{type: weighted-voting, quota: {quota}, weights: {{{listed}}}}}")
    game = ipshare.scenario_game(scenario)
    assert not isinstance(game, Game)
    result = allocate(game, "ensc")
    # Nobody is pivotal in the grand coalition with so much weight to spare: M = 0, so each gets 1/30.
    assert set(result.exact.values()) == {Fraction(1, 30)}
    assert allocate(game, "equal-surplus").exact == allocate(game, "nash").exact


# ------------------------------------------------------------------------------------------------------------
# Scenario parameters


GAME_WITH_PARAMETERS = """\
game:
  type: table
  players: [A, B, C]
  values: {"A": 1, "B": 2, "A+B": 6, "A+C": 4, "B+C": 5, "A+B+C": 12}
  bargaining:
    disagreement: {A: 2}
    weights: {A: 1, B: 1, C: 2}
  shapley_weights: {A: 3, B: 2, C: 1}
"""


def test_rules_read_their_parameters_from_a_game_section():
    game = ipshare.scenario_game(loads(GAME_WITH_PARAMETERS))
    # d = (2, 2, 0): A's from the file, B and C their stand-alone values; surplus 12 − 4 = 8.
    result = nash(game)
    assert result.exact == {"A": Fraction(14, 3), "B": Fraction(14, 3), "C": Fraction(8, 3)}
    assert result.details["disagreement"] == {"A": "2", "B": "2", "C": "0"}
    assert "game.bargaining.disagreement" in result.details["disagreement_source"]
    assert nash_weighted(game).exact == {"A": 4, "B": 4, "C": 4}  # 2 + 8/4, 2 + 8/4, 0 + 8/2
    direct = weighted_shapley_value(game, weights={"A": 3, "B": 2, "C": 1})
    assert weighted_shapley_value(game).exact == direct.exact
    assert weighted_shapley_value(game).details["weights_source"] == "game.shapley_weights"
    # Arguments given in Python win over the file.
    assert nash(game, disagreement={"A": 1, "B": 2, "C": 0}).exact == equal_surplus(game).exact


ALLIANCE = """\
alliance: {name: Two-party licence}
members:
  E: {type: enterprise}
  U: {type: university}
contributions:
  - {id: CE, member: E, kind: cash, value: 300}
  - {id: CU, member: U, kind: personnel, value: 100}
patents:
  P: {title: Process, from: [CE, CU]}
revenue:
  - {id: L, kind: licence, requires: [P], upfront: 1000}
agreement:
  rule: nash-weighted
  bargaining: {disagreement: {U: 200}}
"""


def test_alliance_defaults_and_agreement_parameters():
    game = ipshare.benefit_game(loads(ALLIANCE))
    # Bargaining weights default to contribution value (300 : 100); U's threat point is 200, E's its v({E}) = 0.
    result = nash_weighted(game)
    assert result.exact == {"E": 600, "U": 400}
    assert result.details["weights_source"].startswith("contribution value")
    assert weighted_shapley_value(game).exact == {"E": 750, "U": 250}  # the one dividend 1000, split 3 : 1


@pytest.mark.parametrize(
    ("snippet", "message"),
    [
        ("bargaining: {disagreement: {X: 1}}", "game.bargaining.disagreement.X: unknown player 'X'"),
        ("bargaining: {weights: {A: 1, B: 1}}", "game.bargaining.weights: give every player a weight; missing C"),
        ("bargaining: {weights: equl}", "unknown weight source 'equl'; choose one of proportional, equal; did you"),
        ("bargaining: {threat: {A: 1}}", "game.bargaining.threat: unknown key 'threat'"),
        ("shapley_weights: {A: 1, B: 0, C: 1}", "game.shapley_weights.B: must be above 0, got 0"),
        ("shapley_weights: {A: 1, B: 1, C: 1, D: 1}", "game.shapley_weights.D: unknown player 'D'"),
        ("bargaining: {weights: {A: 0, B: 0, C: 0}}", "game.bargaining.weights: the weights are all zero"),
        ("shapley_weight: equal", "unknown key 'shapley_weight'; did you mean 'shapley_weights'?"),
    ],
)
def test_scenario_errors_name_file_line_and_field(snippet, message):
    text = 'game:\n  type: table\n  players: [A, B, C]\n  values: {"A+B+C": 1}\n  ' + snippet + "\n"
    with pytest.raises(ScenarioError) as error:
        loads(text, name="rules.yaml")
    assert str(error.value).startswith("rules.yaml:5: ")
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_allocate_command(tmp_path):
    path = tmp_path / "game.yaml"
    path.write_text(GAME_WITH_PARAMETERS)
    result = CliRunner().invoke(cli, ["allocate", str(path), "-r", "nash", "-r", "shapley-weighted", "-f", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["exact"]["nash"] == {"A": "14/3", "B": "14/3", "C": "8/3"}
    assert document["details"]["shapley-weighted"]["weights"] == {"A": "3", "B": "2", "C": "1"}
    # An undefined rule: one line on stderr, exit status 2.
    undefined = tmp_path / "undefined.yaml"
    undefined.write_text(
        'game: {type: table, players: [A, B, C], values: {"A": 1, "B": 2, "C": 3, "A+B": 4, '
        '"A+C": 5, "B+C": 6, "A+B+C": 7}}\n'
    )
    failed = CliRunner().invoke(cli, ["allocate", str(undefined), "-r", "tau"])
    assert failed.exit_code == 2
    assert failed.output.strip().count("\n") == 0 and "not quasi-balanced" in failed.output


def test_bundled_bargaining_scenario():
    # scenarios/bargaining-alliance.yaml: GE's and NU's threat points are in the file, MI keeps v({MI}) = 0;
    # weights 3 : 2 : 1 share the surplus over the threat point.
    scenario = ipshare.load(Path(__file__).resolve().parent.parent / "scenarios" / "bargaining-alliance.yaml")
    game = ipshare.benefit_game(scenario)
    result = allocate(game, scenario.agreement.rule)
    surplus = game.exact_grand_value - 1500000 - 400000
    assert result.exact == {"GE": 1500000 + surplus / 2, "NU": 400000 + surplus / 3, "MI": surplus / 6}
    assert result.details["weights_source"] == "agreement.bargaining.weights"
    assert weighted_shapley_value(game).details["weights"] == {"GE": "6000000", "NU": "1800000", "MI": "2400000"}


@given(st.integers(1, 6), st.data())
@few
def test_rules_on_a_structured_game_match_its_dense_table(n, data):
    # A sum of small component games plus a constant (how a large alliance is kept): the key values are read from
    # the components; they must agree with the expanded table.
    from ipshare.games.structured import Component, StructuredGame

    components = []
    for _ in range(data.draw(st.integers(0, 4))):
        players = tuple(data.draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=min(n, 3), unique=True)))
        numerators = [0] + data.draw(
            st.lists(st.integers(-9, 30), min_size=(1 << len(players)) - 1, max_size=(1 << len(players)) - 1)
        )
        denominator = data.draw(st.integers(1, 4))
        table = np.array(numerators, dtype=np.float64) / denominator
        components.append(Component(players, table, (np.array(numerators, dtype=np.int64), denominator)))
    game = StructuredGame(player_ids(n), components, constant=Fraction(data.draw(st.integers(-3, 3))))
    dense = game.dense()
    for rule in ("ensc", "equal-surplus", "nash", "kalai-smorodinsky"):
        try:
            expected = allocate(dense, rule).exact
        except RuleError:
            with pytest.raises(RuleError):
                allocate(game, rule)
            continue
        assert allocate(game, rule).exact == expected, rule
