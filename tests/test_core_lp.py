"""Rule core-lp: its objectives against independent computations, the clauses always hold, shadow prices agree with
re-solving, the same input gives the same bytes, and the command line's conflict contract (exit 3, nothing
written, JSON diagnosis)."""

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import ipshare
from ipshare.alliance.benefit import scenario_game
from ipshare.cli import cli
from ipshare.errors import RuleError
from ipshare.games import Game, table_game
from ipshare.lp import INF, IncrementalLP
from ipshare.model.loading import loads
from ipshare.solutions import allocate
from ipshare.solutions.clauses import ClauseConflict, clause_constraints, violations
from ipshare.solutions.core_lp import parse_objective
from tests.strategies import exact_games, quick

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "scenarios" / "worked-example.yaml"
BATTERY = ROOT / "scenarios" / "battery-alliance.yaml"
PUBLISHED = next(
    path
    for path in (
        ROOT.parent / "shared" / "data" / "published-games.yaml",
        ROOT / "tests" / "data" / "published-games.yaml",
    )
    if path.is_file()
)


def published(entry_id):
    entry = next(e for e in yaml.safe_load(PUBLISHED.read_text(encoding="utf-8")) if e["id"] == entry_id)
    return entry, scenario_game(loads(yaml.safe_dump({"game": entry["game"]}), "yaml"))


def core_lp(game, clauses=None, objective=None, **options):
    return allocate(game, "core-lp", clauses=clauses, objective=objective, **options)


def vector(allocation):
    return np.array([allocation.values[p] for p in allocation.players])


def scale(game):
    return max(1.0, float(np.abs(game.values).max()))


def least_core_epsilon(game):
    """min ε with x(S) + ε ≥ v(S) for every proper coalition and x(N) = v(N), with all 2^n − 2 rows written out."""
    n = game.n
    values = game.values if game.kind == "benefit" else -game.values
    lp = IncrementalLP([0.0] * n + [1.0], [-INF] * (n + 1), [INF] * (n + 1))
    lp.add_rows([[1.0] * n + [0.0]], [values[-1]], [values[-1]])
    masks = range(1, (1 << n) - 1)
    lp.add_rows([[(m >> i) & 1 for i in range(n)] + [1] for m in masks], [values[m] for m in masks], [INF] * len(masks))
    return lp.solve().objective


# ------------------------------------------------------------------------------------------------------------
# Objectives without clauses, against what they must reduce to


def test_maxmin_without_clauses_is_the_least_core():
    entry, game = published("majority-3")  # least-core value 1/3 (shared/data/published-games.yaml)
    result = core_lp(game, objective="maxmin")
    assert result.details["objective_value"] == pytest.approx(float(Fraction(entry["least_core_epsilon"])))
    assert vector(result) == pytest.approx([1 / 3] * 3)


@quick
@given(exact_games(min_players=2, max_players=5))
def test_maxmin_epsilon_matches_the_full_lp(game):
    result = core_lp(game, objective="maxmin")
    assert result.details["objective_value"] == pytest.approx(least_core_epsilon(game), abs=1e-7 * scale(game))


@quick
@given(exact_games(min_players=2, max_players=5))
def test_nucleolus_objective_without_clauses_is_the_prenucleolus(game):
    expected = allocate(game, "prenucleolus")
    result = core_lp(game, objective="nucleolus")
    assert vector(result) == pytest.approx(vector(expected), abs=1e-7 * scale(game))
    if expected.exact is not None and result.exact is not None:
        assert result.exact == expected.exact


@quick
@given(exact_games(min_players=1, max_players=5), st.sampled_from(["shapley", "equal", "banzhaf-normalized"]))
def test_closest_without_clauses_is_the_rule_itself(game, rule):
    try:
        reference = allocate(game, rule)
    except RuleError:  # normalised Banzhaf is undefined on some games
        return
    for norm in ("", ":linf"):
        result = core_lp(game, objective=f"closest:{rule}{norm}")
        assert vector(result) == pytest.approx(vector(reference), abs=1e-7 * scale(game))
        assert result.details["binding"] == []


def test_cost_game_maxmin_is_the_benefit_game_of_negated_costs():
    costs = {"A": 10, "B": 8, "C": 7, "A+B": 15, "A+C": 14, "B+C": 12, "A+B+C": 20}
    cost_game = table_game(["A", "B", "C"], costs, "cost")
    benefit_game = table_game(["A", "B", "C"], {k: -v for k, v in costs.items()})
    for objective in ("maxmin", "nucleolus"):
        as_cost = core_lp(cost_game, objective=objective)
        as_benefit = core_lp(benefit_game, objective=objective)
        assert vector(as_cost) == pytest.approx(-vector(as_benefit))
        assert as_cost.details["objective_value"] == pytest.approx(as_benefit.details["objective_value"])
        assert as_cost.details["convention"].startswith("cost game")


def test_one_player():
    game = Game(["A"], [0, 5])
    for objective in ("closest:shapley", "maxmin", "nucleolus"):
        assert core_lp(game, objective=objective).values == {"A": 5.0}
    with pytest.raises(ClauseConflict):
        core_lp(game, [{"id": "cap", "member": "A", "max_amount": 4}])


def test_objective_syntax():
    assert parse_objective(None).text == "closest:shapley"
    assert parse_objective("closest:equal:linf").norm == "linf"
    assert parse_objective("maxmin:equal").rule == "equal"
    for bad, message in (
        ("closest:shaply", "did you mean 'shapley'"),
        ("closest:core-lp", "its own reference"),
        ("closest:shapley:l2", "unknown norm"),
        ("fairest", "unknown objective"),
    ):
        with pytest.raises(RuleError, match=message):
            parse_objective(bad)


# ------------------------------------------------------------------------------------------------------------
# With clauses: they hold, the objective is as good as any feasible point, shadow prices are right


@st.composite
def games_with_clauses(draw):
    game = draw(exact_games(min_players=2, max_players=5))
    players = game.players
    clauses = []
    for index in range(draw(st.integers(min_value=1, max_value=4))):
        members = draw(st.lists(st.sampled_from(players), min_size=1, max_size=len(players), unique=True))
        kind = draw(
            st.sampled_from(["min_share", "max_share", "min_amount", "max_amount", "ratio", "near", "ir", "core"])
        )
        if kind in ("min_share", "max_share"):
            clauses.append({"id": f"c{index}", "members": members, kind: draw(st.sampled_from([0.1, 0.25, 0.5, 0.8]))})
        elif kind in ("min_amount", "max_amount"):
            clauses.append({"id": f"c{index}", "members": members, kind: draw(st.integers(-40, 60))})
        elif kind == "ratio" and len(members) >= 2:
            clauses.append({"id": f"c{index}", "member": members[0], "over": members[1], "ratio": 0.5})
        elif kind == "near":
            clauses.append({"id": f"c{index}", "near": "equal", "distance": draw(st.integers(0, 30))})
        elif kind == "ir":
            clauses.append({"id": f"c{index}", "individual_rationality": True})
        elif kind == "core":
            clauses.append({"id": f"c{index}", "core": draw(st.sampled_from([True, ["+".join(members)]]))})
    return game, clauses


@quick
@given(games_with_clauses(), st.sampled_from(["closest:shapley", "closest:equal:linf", "maxmin", "nucleolus"]))
def test_the_result_satisfies_every_clause(case, objective):
    game, clauses = case
    try:
        result = core_lp(game, clauses, objective)
    except ClauseConflict as conflict:
        # Then the named clauses really cannot hold, and each of them is needed.
        named = [c for c in clauses if c["id"] in conflict.clauses]
        with pytest.raises(ClauseConflict):
            core_lp(game, named, "closest:equal")
        for left_out in named:
            core_lp(game, [c for c in named if c is not left_out], "closest:equal")
        return
    constraints = clause_constraints(game, clauses)
    assert violations(game, constraints, result.values) == []
    assert sum(result.values.values()) == pytest.approx(game.grand_value, abs=1e-9 * scale(game))
    for entry in result.details["binding"]:
        assert entry["shadow_price"] <= 0


def test_nucleolus_within_a_floor():
    # Majority game with A ≥ 1/2: the worst excess is B+C's, 1 − x_B − x_C = x_A, least at x_A = 1/2; then
    # A+B's and A+C's excesses, x_C and x_B, are evened out at 1/4. Relaxing the floor lowers the first level
    # one for one.
    _, game = published("majority-3")
    result = core_lp(game, [{"id": "a-floor", "member": "A", "min_share": "1/2"}], "nucleolus")
    assert result.exact == {"A": Fraction(1, 2), "B": Fraction(1, 4), "C": Fraction(1, 4)}
    assert result.details["epsilons"] == pytest.approx([1 / 2, 1 / 4])
    (binding,) = result.details["binding"]
    assert binding["clause"] == "a-floor" and binding["shadow_price"] == pytest.approx(-1)


def test_closest_beats_every_vertex_it_could_have_chosen():
    # Shapley of the worked example violates the lead's floor; any allocation satisfying the clauses is at least
    # as far from Shapley as core-lp's.
    scenario = ipshare.load(EXAMPLE)
    game = scenario_game(scenario)
    clauses = [
        {"id": "lead-floor", "member": "A", "min_share": 0.4},
        {"id": "univ-cap", "member": "U", "max_share": 0.55},
    ]
    result = core_lp(game, clauses)
    shapley = vector(allocate(game, "shapley"))
    best = np.abs(vector(result) - shapley).sum()
    grand = game.grand_value
    rng = np.random.default_rng(7)
    for _ in range(200):
        a = 0.4 * grand + rng.uniform(0, 0.3) * grand
        u = rng.uniform(0, 0.55) * grand
        candidate = np.array([a, u, grand - a - u])
        assert np.abs(candidate - shapley).sum() >= best - 1e-9


def test_shadow_prices_agree_with_re_solving():
    # The worked example with floors for the lead (40 %) and the institute (30): both bind, and relaxing
    # either a little changes the distance to Shapley by its shadow price times the relaxation.
    game = scenario_game(ipshare.load(EXAMPLE))
    grand = game.grand_value

    def solve(share, floor):
        clauses = [
            {"id": "lead-floor", "member": "A", "min_share": share},
            {"id": "inst-floor", "member": "I", "min_amount": floor},
        ]
        result = core_lp(game, clauses)
        return result.details["objective_value"], {b["clause"]: b for b in result.details["binding"]}

    base, binding = solve(Fraction(2, 5), 30)
    assert set(binding) == {"lead-floor", "inst-floor"}
    step = Fraction(1, 1000)
    lowered, _ = solve(Fraction(2, 5) - step, 30)
    assert lowered - base == pytest.approx(binding["lead-floor"]["shadow_price"] * float(step) * grand, rel=1e-6)
    assert binding["lead-floor"]["shadow_price_per_point"] == pytest.approx(
        binding["lead-floor"]["shadow_price"] * grand / 100
    )
    relaxed, _ = solve(Fraction(2, 5), 29)
    assert relaxed - base == pytest.approx(binding["inst-floor"]["shadow_price"], rel=1e-6)
    assert binding["lead-floor"]["shadow_price"] == pytest.approx(-2)
    assert binding["inst-floor"]["shadow_price"] == pytest.approx(-2)


def test_battery_alliance():
    game = scenario_game(ipshare.load(BATTERY))
    # Shapley already satisfies every clause of the agreement (the scenario's own comment).
    result = core_lp(game)
    assert vector(result) == pytest.approx(vector(allocate(game, "shapley")), rel=1e-9)
    assert result.details["binding"] == []
    assert result.details["clauses"] == [
        "universities-floor",
        "lead-cap",
        "bank-cap",
        "bank-arrangement-fee",
        "stand-alone",
    ]
    # Proportional breaks the lead and bank caps: moving each unit back saves two units of distance.
    result = core_lp(game, objective="closest:proportional")
    prices = {b["clause"]: b["shadow_price"] for b in result.details["binding"]}
    assert prices == pytest.approx({"lead-cap": -2.0, "bank-cap": -2.0})
    assert result.values["JH"] == pytest.approx(0.5 * game.grand_value, rel=1e-9)


def test_cbc_agrees_with_highs():
    game = scenario_game(ipshare.load(BATTERY))
    for objective in ("closest:proportional", "maxmin", "closest:equal:linf"):
        highs = core_lp(game, objective=objective, solver="highs")
        cbc = core_lp(game, objective=objective, solver="cbc")
        assert vector(cbc) == pytest.approx(vector(highs), rel=1e-8, abs=1e-8 * game.grand_value)
        assert [b["clause"] for b in cbc.details["binding"]] == [b["clause"] for b in highs.details["binding"]]


def test_same_input_same_result():
    game = scenario_game(ipshare.load(BATTERY))
    for objective in ("closest:proportional", "maxmin", "nucleolus"):
        first, second = core_lp(game, objective=objective), core_lp(game, objective=objective)
        assert first.values == second.values and first.details == second.details


# ------------------------------------------------------------------------------------------------------------
# The command line


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def conflicting(tmp_path):
    path = tmp_path / "conflict.yaml"
    path.write_text(
        EXAMPLE.read_text(encoding="utf-8")
        + """  clauses:
    - {id: univ-floor, member: U, min_share: 0.3}
    - {id: lead-floor, member: A, min_share: 0.72}
    - {id: stand-alone, individual_rationality: true}
""",
        encoding="utf-8",
    )
    return path


def test_cli_conflict_exits_3_and_writes_nothing(conflicting, tmp_path):
    output = tmp_path / "out.md"
    result = run("allocate", conflicting, "-r", "core-lp", "-f", "markdown", "-o", output)
    assert result.exit_code == 3
    assert not output.exists() and result.stdout == ""
    lines = result.stderr.splitlines()
    assert (
        lines[0]
        == "error: the agreement's clauses cannot all hold (core-lp): univ-floor, lead-floor and stand-alone conflict"
    )
    assert lines[1].strip().startswith("univ-floor: U ≥ 30 %")
    assert "more than the grand value" in lines[-1]


def test_cli_conflict_as_json(conflicting, tmp_path):
    output = tmp_path / "out.json"
    result = run("allocate", conflicting, "-r", "core-lp", "-f", "json", "-o", output)
    assert result.exit_code == 3 and not output.exists()
    document = json.loads(result.stdout)
    assert document["conflict"]["clauses"] == ["univ-floor", "lead-floor", "stand-alone"]
    assert len(document["conflict"]["explanation"]) == 4
    assert document["scenario"]["sha256"] and document["error"] == "clause-conflict" and document["exit_status"] == 3
    assert result.stderr.startswith("error: the agreement's clauses cannot all hold")


def test_cli_reports_binding_clauses(tmp_path):
    path = tmp_path / "floors.yaml"
    path.write_text(
        EXAMPLE.read_text(encoding="utf-8") + "  clauses:\n    - {id: lead-floor, member: A, min_share: 0.4}\n",
        encoding="utf-8",
    )
    document = json.loads(run("allocate", path, "-r", "core-lp", "-f", "json").stdout)
    (binding,) = document["details"]["core-lp"]["binding"]
    assert binding["clause"] == "lead-floor" and binding["shadow_price"] == pytest.approx(-2)
    markdown = run("allocate", path, "-r", "core-lp", "-f", "markdown").stdout
    assert "| lead-floor | A ≥ 40 % of the grand value (≥ 138.18) | A | -2 |" in markdown
    table = run("allocate", path, "-r", "core-lp", "--objective", "closest:shapley:linf").stdout
    assert "core-lp: binding clauses" in table and "lead-floor" in table
    assert "objective closest:shapley:linf" in table


def test_cli_objective_needs_core_lp_and_solver_is_checked():
    result = run("allocate", EXAMPLE, "-r", "shapley", "--objective", "maxmin")
    assert result.exit_code == 2 and "core-lp" in result.stderr
    result = run("allocate", EXAMPLE, "-r", "core-lp", "--solver", "glpk")
    assert result.exit_code == 2
    result = run("allocate", EXAMPLE, "-r", "core-lp", "--objective", "closest:nope")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1


def test_cli_same_bytes_in_separate_processes(tmp_path):
    outputs = []
    for _ in range(2):
        completed = subprocess.run(
            [
                sys.executable,
                str(ROOT / "cli.py"),
                "allocate",
                str(BATTERY),
                "-r",
                "core-lp",
                "--objective",
                "closest:proportional",
                "-f",
                "json",
            ],
            capture_output=True,
            check=True,
            cwd=tmp_path,
        )
        outputs.append(completed.stdout)
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0])["details"]["core-lp"]["binding"]
