"""Nucleolus, prenucleolus, least core and the claims rules: published values, identities, and certificates.

Sources: Aumann & Maschler (1985) for the Talmud (the nucleolus of a bankruptcy game is the Talmud rule, Table 1
for the Mishnah's three estates); Schmeidler (1969) for the nucleolus lying in a non-empty core; the published
games of shared/data/published-games.yaml (Ferguson's notes, R CoopGame's tests) are run in test_solutions.py.
"""

from fractions import Fraction

import numpy as np
import pulp
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ipshare
from ipshare.games import Game, bankruptcy_game, table_game
from ipshare.solutions.claims import constrained_equal_awards, constrained_equal_losses, proportional_claims, talmud
from ipshare.solutions.core import blocking_coalitions, least_core, least_core_epsilon
from ipshare.solutions.nucleolus import CertificateError, kohlberg_certificate, nucleolus, prenucleolus
from tests.strategies import exact_games, player_ids, quick, thorough

claims_lists = st.lists(st.integers(min_value=0, max_value=60), min_size=2, max_size=6)


@st.composite
def bankruptcy_problems(draw):
    claims = draw(claims_lists)
    estate = draw(st.integers(min_value=0, max_value=sum(claims)))
    return estate, dict(zip(player_ids(len(claims)), claims, strict=True))


def test_talmud_estates_of_the_mishnah():
    # Aumann & Maschler (1985), Table 1: claims 100, 200, 300 and estates 100, 200, 300.
    claims = {"A": 100, "B": 200, "C": 300}
    expected = {100: (Fraction(100, 3),) * 3, 200: (50, 75, 75), 300: (50, 100, 150)}
    for estate, division in expected.items():
        game = bankruptcy_game(estate, claims)
        assert tuple(talmud(game).exact.values()) == division
        assert tuple(nucleolus(game, certify=True).exact.values()) == division


@given(bankruptcy_problems())
@thorough
def test_nucleolus_of_a_bankruptcy_game_is_the_talmud_rule(problem):
    estate, claims = problem
    game = bankruptcy_game(estate, claims)
    assert nucleolus(game).exact == talmud(game).exact


@given(bankruptcy_problems())
@quick
def test_claims_rules_divide_the_estate_within_the_claims(problem):
    estate, claims = problem
    game = bankruptcy_game(estate, claims)
    for rule in (talmud, constrained_equal_awards, constrained_equal_losses, proportional_claims):
        awards = rule(game).exact
        assert sum(awards.values()) == estate
        assert all(0 <= awards[p] <= claims[p] for p in claims)
    # Duality (Thomson 2003): CEL is the dual of CEA, and the Talmud rule is self-dual.
    dual = bankruptcy_game(sum(claims.values()) - estate, claims)
    for first, second in ((constrained_equal_losses, constrained_equal_awards), (talmud, talmud)):
        assert first(game).exact == {p: claims[p] - second(dual).exact[p] for p in claims}


def test_claims_rules_need_a_bankruptcy_game():
    with pytest.raises(ipshare.RuleError, match="bankruptcy"):
        talmud(table_game(["A", "B"], {"A+B": 1}))


def test_nucleolus_differs_from_prenucleolus_where_published():
    # R CoopGame's tests (shared/data/published-games.yaml, coopgame-3).
    game = table_game(["A", "B", "C"], {"A": 2, "B": 6, "C": 5, "A+B": 15, "A+C": 1, "B+C": 18, "A+B+C": 14})
    assert nucleolus(game, certify=True).exact == {"A": 2, "B": 7, "C": 5}
    assert prenucleolus(game, certify=True).exact == {"A": -1, "B": 13, "C": 2}


def test_least_core_of_the_majority_game():
    # Three-player majority game: empty core, least-core value 1/3 (shared/data/published-games.yaml, majority-3).
    game = table_game(["A", "B", "C"], {"A+B": 1, "A+C": 1, "B+C": 1, "A+B+C": 1})
    result = least_core(game)
    assert result.details["epsilon"] == pytest.approx(1 / 3)
    assert result.details["core_empty"] is True
    assert result.exact == {"A": Fraction(1, 3), "B": Fraction(1, 3), "C": Fraction(1, 3)}


@st.composite
def convex_games(draw):
    """(Σ w_i)^2 over S is supermodular, so the core is non-empty (Shapley 1971)."""
    n = draw(st.integers(min_value=2, max_value=6))
    weights = draw(st.lists(st.integers(min_value=0, max_value=9), min_size=n, max_size=n))
    values = [sum(w for i, w in enumerate(weights) if mask >> i & 1) ** 2 for mask in range(1 << n)]
    return Game(player_ids(n), values)


@given(convex_games())
@quick
def test_nucleolus_lies_in_a_non_empty_core(game):
    result = nucleolus(game, certify=True)
    assert blocking_coalitions(game, result)[1] == 0
    assert least_core_epsilon(game) <= 1e-9


@given(exact_games(min_players=2, max_players=5))
@thorough
def test_prenucleolus_passes_exact_kohlberg_and_is_efficient(game):
    result = prenucleolus(game, certify=True)
    assert sum(result.exact.values()) == game.exact_grand_value
    assert result.details["certificate"] == "kohlberg-exact"


@given(exact_games(min_players=2, max_players=6))
@quick
def test_symmetric_players_get_the_same_nucleolus(game):
    # Symmetrise players 0 and 1: v(S) = v(S with 0 and 1 swapped).
    n = game.n
    values = game.exact_values()

    def swap(mask):
        a, b = mask & 1, (mask >> 1) & 1
        return (mask & ~3) | (a << 1) | b

    symmetric = Game(game.players, [max(values[m], values[swap(m)]) for m in range(1 << n)])
    result = prenucleolus(symmetric)
    assert result.exact["P0"] == result.exact["P1"]


def reference_prenucleolus(game):
    """The textbook sequence of LPs (Maschler, Peleg & Shapley 1979), settling a coalition only if no optimum gives
    it slack (one extra LP per coalition), over every coalition: slow, simple, independent of ipshare's duals."""
    n = game.n
    v = game.values
    proper = [m for m in range(1, (1 << n) - 1)]
    fixed = {}
    while True:
        free = [m for m in proper if m not in fixed]
        problem, x, eps = model(n, v, fixed)
        for m in free:
            problem += pulp.lpSum(x[i] for i in range(n) if m >> i & 1) + eps >= v[m]
        problem += eps
        problem.solve(pulp.HiGHS(msg=False))
        level = eps.value()
        if np.linalg.matrix_rank([[m >> i & 1 for i in range(n)] for m in list(fixed) + [(1 << n) - 1]]) == n:
            return [x[i].value() for i in range(n)]
        settled = []
        for m in free:
            check, y, delta = model(n, v, fixed)
            for other in free:
                check += pulp.lpSum(y[i] for i in range(n) if other >> i & 1) + level >= v[other]
            slack = pulp.lpSum(y[i] for i in range(n) if m >> i & 1) + level - v[m]
            check += -slack
            check.solve(pulp.HiGHS(msg=False))
            if -pulp.value(check.objective) <= 1e-7:
                settled.append(m)
        for m in settled:
            fixed[m] = level


def model(n, v, fixed):
    problem = pulp.LpProblem("reference", pulp.LpMinimize)
    new_variable = getattr(problem, "add_variable", None) or pulp.LpVariable  # pulp 4 spelling where available
    x = [new_variable(f"x{i}") for i in range(n)]
    eps = new_variable("eps")
    problem += pulp.lpSum(x) == v[(1 << n) - 1]
    for m, level in fixed.items():
        problem += pulp.lpSum(x[i] for i in range(n) if m >> i & 1) + level == v[m]
    return problem, x, eps


@given(exact_games(min_players=2, max_players=4, values=st.integers(min_value=-20, max_value=20)))
@settings(max_examples=25, deadline=None)
def test_prenucleolus_agrees_with_the_textbook_reference(game):
    expected = reference_prenucleolus(game)
    got = prenucleolus(game).values
    assert [got[p] for p in game.players] == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize("n", [2, 3, 5, 8])
def test_degenerate_games(n):
    players = player_ids(n)
    zero = Game(players, np.zeros(1 << n))
    assert prenucleolus(zero, certify=True).exact == {p: 0 for p in players}
    assert nucleolus(zero).values == {p: 0 for p in players}
    majority = Game(players, [int(bin(m).count("1") > n / 2) for m in range(1 << n)])
    assert set(nucleolus(majority, certify=True).exact.values()) == {Fraction(1, n)}
    unanimity = Game(players, [int(m == (1 << n) - 1) for m in range(1 << n)])
    assert set(nucleolus(unanimity, certify=True).exact.values()) == {Fraction(1, n)}
    flat = Game(players, [5 * (m != 0) for m in range(1 << n)])  # every coalition worth 5: all tie
    assert set(prenucleolus(flat, certify=True).exact.values()) == {Fraction(5, n)}


def test_one_player():
    game = Game(["A"], [0, 7])
    assert nucleolus(game).exact == {"A": 7}


def test_no_imputation_means_no_nucleolus():
    game = table_game(["A", "B"], {"A": 5, "B": 5, "A+B": 6})
    with pytest.raises(ipshare.RuleError, match="no imputation"):
        nucleolus(game)
    assert prenucleolus(game).exact == {"A": 3, "B": 3}


def test_cost_game_convention():
    # A cost game is the benefit game of -c: cost shares y = -x, and a coalition complains when y(S) > c(S).
    costs = {"A": 12, "B": 20, "C": 30, "D": 45}
    airport = ipshare.airport_game(costs)
    benefit = Game(airport.players, -airport.values)
    shares = nucleolus(airport, certify=True).exact
    assert shares == {p: -x for p, x in nucleolus(benefit).exact.items()}
    assert all(shares[p] <= costs[p] for p in costs)
    assert sum(shares.values()) == 45


def test_certificate_rejects_a_point_that_is_not_the_nucleolus():
    game = table_game(["A", "B", "C"], {"A": 2, "B": 6, "C": 5, "A+B": 15, "A+C": 1, "B+C": 18, "A+B+C": 14})
    shapley = ipshare.allocate(game, "shapley")
    x = np.array([shapley.values[p] for p in game.players])
    with pytest.raises(CertificateError):
        kohlberg_certificate(game.values, x, game.n)
    kohlberg_certificate(game.values, np.array([-1.0, 13.0, 2.0]), game.n)  # the prenucleolus passes


def test_a_numerical_failure_is_an_error_not_an_answer(monkeypatch):
    from ipshare.solutions import nucleolus as module

    game = table_game(["A", "B", "C"], {"A+B": 1, "A+C": 2, "B+C": 3, "A+B+C": 4})
    original = module._sequence

    def perturbed(*args, **kwargs):
        x, stages, rows = original(*args, **kwargs)
        return x + np.array([0.1, -0.1, 0.0]), stages, rows

    monkeypatch.setattr(module, "_sequence", perturbed)
    with pytest.raises(CertificateError):
        module.prenucleolus(Game(game.players, game.values + 0.5 * (np.arange(8) > 0)))


def test_larger_random_game_is_certified():
    rng = np.random.default_rng(3)
    n = 12
    values = rng.random(1 << n) * np.array([bin(m).count("1") for m in range(1 << n)])
    values[0] = 0
    values[-1] = n
    game = Game(player_ids(n), values)
    result = nucleolus(game)
    assert result.details["certificate"] == "kohlberg-numeric"
    assert sum(result.values.values()) == pytest.approx(n)
    assert all(result.values[p] >= values[1 << i] - 1e-9 for i, p in enumerate(game.players))


def test_core_command(tmp_path):
    import json

    from click.testing import CliRunner

    from ipshare.cli import cli

    result = CliRunner().invoke(cli, ["core", "scenarios/worked-example.yaml", "-r", "shapley", "-r", "proportional",
                                      "-f", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["core_empty"] is False and document["least_core_epsilon"] == pytest.approx(-25)
    assert document["allocations"]["shapley"]["in_core"] is True
    blocking = document["allocations"]["proportional"]["blocking"]
    assert blocking[0]["coalition"] == ["U", "I"]
    assert blocking[0]["excess"] == pytest.approx(1600 / 11 - 1520 / 11)


def test_allocate_certify_flag():
    import json

    from click.testing import CliRunner

    from ipshare.cli import cli

    result = CliRunner().invoke(cli, ["allocate", "scenarios/bankruptcy-talmud.yaml", "-r", "nucleolus", "-r",
                                      "talmud", "-r", "shapley", "--certify", "-f", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["exact"]["nucleolus"] == document["exact"]["talmud"] == {"A": "50", "B": "75", "C": "75"}
    assert document["details"]["nucleolus"]["certificate"] == "kohlberg-exact"


def test_a_solver_failure_exits_4_with_one_line(monkeypatch):
    from click.testing import CliRunner

    from ipshare import lp
    from ipshare.cli import cli

    def failing(self):
        raise lp.LPError("the LP solver (HiGHS) stopped without an optimum: Time limit reached")

    monkeypatch.setattr(lp.IncrementalLP, "solve", failing)
    result = CliRunner().invoke(cli, ["allocate", "scenarios/worked-example.yaml", "-r", "nucleolus"])
    assert result.exit_code == 4
    assert result.stderr.strip() == (
        "error: nucleolus: the LP solver (HiGHS) stopped without an optimum: Time limit reached"
    )
    assert result.stdout == ""
