"""Computations at the edges of what they serve (issue 11, "other tracebacks and misleading errors").

Each case gives a correct answer, or a one-line refusal with exit status 2 (4 for a numerical failure): never a
traceback, never an estimate that does not say it is one. The expected numbers are derived in the comments (closed
forms of symmetric games) or compared with the dense reference computation.
"""

import json
import math
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import ipshare
from ipshare.cli import MAX_WORKERS, cli
from ipshare.errors import RuleError
from ipshare.games import table_game
from ipshare.solutions import allocate
from ipshare.solutions.sampling import Sampling
from ipshare.structure import Component, StructuredGame

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
sys.path.insert(0, str(Path(__file__).resolve().parent))


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def refused(result, status=2):
    """The stderr line of a clean refusal: the status, one line, nothing on stdout."""
    assert result.exit_code == status, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert result.stdout == ""
    return lines[0]


def bad_option(result):
    """click's refusal of an option value: exit 2, its usage lines, and the reason on the last line."""
    assert result.exit_code == 2 and result.stdout == "", result.output
    return result.stderr.splitlines()[-1]


def write(tmp_path, document, name="scenario.json"):
    path = tmp_path / name
    path.write_text(json.dumps(document))
    return path


def alliance(members, extra_sources=()):
    """Members M0…M{n−1}, each licence needing the joint patent of a neighbouring pair (components of 2)."""
    document = {
        "alliance": {"name": f"{members} members", "currency": "EUR"},
        "members": {f"M{i}": {"type": "enterprise"} for i in range(members)},
        "contributions": [{"id": f"C{i}", "member": f"M{i}", "kind": "cash", "value": 1 + i} for i in range(members)],
        "patents": {f"P{i}": {"from": [f"C{i}", f"C{(i + 1) % members}"]} for i in range(members)},
        "revenue": [
            {"id": f"L{i}", "kind": "licence", "requires": [f"P{i}"], "upfront": 100 + i} for i in range(members)
        ],
    }
    for add in extra_sources:
        add(document)
    return document


def pool(makers, upfront=3000):
    """A licence that needs one patent made from a contribution of each of the first ``makers`` members."""

    def add(document):
        for i in range(makers):
            document["contributions"].append({"id": f"POOL{i}", "member": f"M{i}", "kind": "cash", "value": 1})
        document["patents"]["POOL"] = {"from": [f"POOL{i}" for i in range(makers)]}
        document["revenue"].append({"id": "LPOOL", "kind": "licence", "requires": ["POOL"], "upfront": upfront})

    return add


def chain(members):
    """Licences on overlapping windows of four of the first ``members`` members, sharing one buyable contribution:
    one group of sources whose members all play different parts (no two interchangeable)."""

    def add(document):
        document["contributions"].append(
            {"id": "SHARED", "member": "M0", "kind": "cash", "value": 1, "substitute_cost": 5}
        )
        for i in range(members):
            document["contributions"].append({"id": f"W{i}", "member": f"M{i}", "kind": "cash", "value": 1})
        for j in range(members - 3):
            document["patents"][f"PW{j}"] = {"from": ["SHARED"] + [f"W{j + d}" for d in range(4)]}
            document["revenue"].append(
                {"id": f"LW{j}", "kind": "licence", "requires": [f"PW{j}"], "upfront": 1000 + 37 * j}
            )

    return add


# --------------------------------------------------------------------------------------------------------------
# 5. `proportional` linear in the members


def test_proportional_reads_the_grand_value_once():
    """It read v(N) once per member (10,000 members: 793 s); a large game evaluates v(N) at a cost that grows with
    the members, so that was quadratic."""
    players = [f"P{i}" for i in range(3000)]
    calls = []

    def additive(membership):
        calls.append(len(membership))
        return membership.astype(float) @ np.arange(1.0, 26.0)

    game = StructuredGame(players, [Component(tuple(range(25)), evaluate=additive)], constant=0.5)
    result = allocate(game, "proportional", weights={p: 1 for p in players})
    assert len(calls) <= 2
    assert sum(result.values.values()) == pytest.approx(0.5 + 325)


# --------------------------------------------------------------------------------------------------------------
# 6. Option values that cannot be served: refused with the usable range, or served


POOL = SCENARIOS / "standards-pool.yaml"
GLOVE = SCENARIOS / "glove-game.yaml"


@pytest.mark.parametrize("workers", ["0", "-3", str(MAX_WORKERS + 1)])
def test_sweep_workers_must_be_between_one_and_four_per_core(workers):
    line = bad_option(
        run("sweep", POOL, "--param", "alliance.discount_rate", "--from", "0", "--to", "0.1", "--workers", workers)
    )
    assert f"'--workers': {workers} is not in the range 1<=x<={MAX_WORKERS}" in line


def test_sweep_help_states_the_workers_range():
    assert f"1 to {MAX_WORKERS}" in run("sweep", "--help").stdout


@pytest.mark.parametrize(
    "args, words",
    [
        (("core", GLOVE, "--top", "-2"), "'--top': -2 is not in the range x>=0"),
        (("game", GLOVE, "--max-players", "-3"), "'--max-players': -3 is not in the range 1<=x<=28"),
        (("game", GLOVE, "--max-players", "29"), "'--max-players': 29 is not in the range 1<=x<=28"),
    ],
)
def test_counts_below_their_range_are_refused(args, words):
    assert words in bad_option(run(*args))


def test_core_top_zero_counts_the_blocking_coalitions_and_lists_none():
    output = json.loads(run("core", GLOVE, "-r", "equal", "--top", "0", "-f", "json").stdout)
    checked = output["allocations"]["equal"] if "allocations" in output else output["core"]["allocations"]["equal"]
    assert checked["blocking"] == [] and checked["blocking_count"] > 0
    with pytest.raises(RuleError, match="at least 0"):
        from ipshare.solutions.core import blocking_coalitions

        blocking_coalitions(table_game(["A", "B"], {"A+B": 1}), {"A": 1, "B": 0}, limit=-2)


def test_a_confidence_next_to_one_is_served():
    """(1 + c)/2 rounded to 1.0 for c = 0.9999999999999999 and the normal quantile raised StatisticsError; from the
    tail (1 − c)/2 = 5.55e-17 the quantile is 8.29."""
    assert Sampling(confidence=0.9999999999999999).z == pytest.approx(8.29, abs=0.01)
    assert Sampling(confidence=0.95).z == pytest.approx(1.959964, abs=1e-6)
    result = run("allocate", GLOVE, "-r", "shapley-sampled", "--confidence", "0.9999999999999999", "-f", "json")
    assert result.exit_code == 0, result.stderr
    low, high = json.loads(result.stdout)["details"]["shapley-sampled"]["interval"]["L"]
    assert math.isfinite(low) and math.isfinite(high) and high > low


def test_a_tolerance_that_cannot_be_reached_gets_the_most_samples_and_says_so():
    """z²σ²/ε² divided by 1e-300² (0.0 in floats): ZeroDivisionError. Served with the cap, tolerance_met false."""
    game = ipshare.scenario_game(ipshare.load(GLOVE))
    result = allocate(game, "shapley-sampled", sampling=Sampling(tolerance=1e-300, max_samples=300))
    assert result.details["samples"] == 300 and result.details["tolerance_met"] is False
    cli_result = run("allocate", GLOVE, "-r", "shapley-sampled", "--tolerance", "1e-300", "--seed", "2")
    assert cli_result.exit_code == 0
    assert "did not reach --tolerance 1e-300" in cli_result.stderr
