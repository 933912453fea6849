"""Sampled values (ipshare.solutions.sampling): unbiased, reproducible, and inside their intervals at the stated rate.

The coverage tests are the point: a 95 % interval must contain the exact value about 95 % of the time. Over
many seeds and players the observed rate is checked to lie in a band that a correct estimator leaves with
probability well under 1e-4 (binomial, several hundred trials), while an error in the standard error
(say a missing √m, or the antithetic pair counted as two independent samples) drops the rate far below it.
"""

import json

import numpy as np
import pytest
from click.testing import CliRunner

import ipshare
from ipshare.cli import cli
from ipshare.errors import GameError
from ipshare.games import Game, table_game
from ipshare.games.lazy import WeightedVotingGame
from ipshare.solutions.banzhaf import banzhaf_value
from ipshare.solutions.sampling import Sampling, sampled_banzhaf, sampled_shapley
from ipshare.solutions.shapley import shapley_value


def coverage(estimator, game, exact, seeds, samples, confidence=0.95, method="permutation"):
    inside = total = 0
    for seed in seeds:
        result = estimator(game, sampling=Sampling(samples=samples, seed=seed, confidence=confidence, method=method))
        low_high = result.details["interval"]
        for player in game.players:
            if result.stderr[player] == 0 and result.values[player] == pytest.approx(exact[player]):
                continue  # no sampling error at all for this player
            low, high = low_high[player]
            inside += low <= exact[player] <= high
            total += 1
    return inside / total, total


@pytest.fixture(scope="module")
def random_game():
    rng = np.random.default_rng(11)
    n = 7
    sizes = np.array([bin(m).count("1") for m in range(1 << n)])
    values = rng.uniform(0, 10, 1 << n) + sizes**2  # increasing in size, with noise
    values[0] = 0
    return Game([f"P{i}" for i in range(n)], values)


def test_stratified_shapley_covers_at_the_stated_rate(random_game):
    exact = shapley_value(random_game).values
    rate, trials = coverage(sampled_shapley, random_game, exact, range(60), samples=40, method="stratified")
    assert trials == 420 and 0.90 <= rate <= 0.99, rate
    assert sampled_shapley(random_game, sampling=Sampling(samples=4, method="stratified")).method == (
        "sampled-stratified"
    )


def test_permutation_shapley_covers_at_the_stated_rate():
    weights = {f"V{i}": 1 + (i * 37) % 11 for i in range(45)}
    game = WeightedVotingGame(weights, sum(weights.values()) // 2 + 1)
    exact = shapley_value(game).values  # exact by the voting DP
    # Swings are rare events here: the normal interval needs a few thousand samples to be right (at 60 samples
    # most players have seen no swing, a zero-width interval; docs/scale.md says so).
    rate, trials = coverage(sampled_shapley, game, exact, range(10), samples=2000)
    assert trials == 450 and 0.91 <= rate <= 0.99, rate
    assert sampled_shapley(game, sampling=Sampling(samples=4)).method == "sampled-permutation"


def test_banzhaf_sampling_covers_at_the_stated_rate(random_game):
    exact = banzhaf_value(random_game).values
    rate, _ = coverage(sampled_banzhaf, random_game, exact, range(60), samples=40)
    assert 0.90 <= rate <= 0.99, rate


def test_a_lower_confidence_gives_narrower_intervals_that_cover_less(random_game):
    exact = shapley_value(random_game).values
    rate, _ = coverage(sampled_shapley, random_game, exact, range(60), samples=40, confidence=0.5)
    assert 0.40 <= rate <= 0.62, rate


def test_same_seed_same_answer_other_seed_other_answer(random_game):
    first = sampled_shapley(random_game, sampling=Sampling(samples=30, seed=5))
    again = sampled_shapley(random_game, sampling=Sampling(samples=30, seed=5))
    other = sampled_shapley(random_game, sampling=Sampling(samples=30, seed=6))
    assert first.values == again.values and first.stderr == again.stderr
    assert first.values != other.values


def test_tolerance_chooses_the_sample_size(random_game):
    result = sampled_shapley(random_game, sampling=Sampling(tolerance=0.05, seed=1))
    z = 1.959963984540054
    assert result.details["tolerance_met"] is True
    assert max(result.stderr.values()) * z <= 0.05 * (1 + 1e-9)
    assert result.details["samples"] > 64  # more than the pilot was needed
    exact = shapley_value(random_game).values
    assert max(abs(result.values[p] - exact[p]) for p in exact) < 0.1


def test_permutation_sampling_is_efficient_sample_by_sample():
    weights = {f"V{i}": 1 + i % 4 for i in range(60)}
    game = WeightedVotingGame(weights, 80)
    result = sampled_shapley(game, sampling=Sampling(samples=20))
    assert sum(result.values.values()) == pytest.approx(1.0)  # each order's marginals add up to v(N)


def test_three_players_are_exact_when_every_order_is_seen():
    game = table_game(["A", "B", "C"], {"A": 6, "B": 12, "C": 42, "A+B": 12, "A+C": 42, "B+C": 42, "A+B+C": 42})
    result = sampled_shapley(game, sampling=Sampling(samples=10, method="stratified"))
    assert result.values == pytest.approx({"A": 2.0, "B": 5.0, "C": 35.0})
    assert max(result.stderr.values()) == pytest.approx(0.0, abs=1e-12)


def test_bad_sampling_options_are_refused():
    with pytest.raises(GameError):
        Sampling(samples=1)
    with pytest.raises(GameError):
        Sampling(tolerance=0)
    with pytest.raises(GameError):
        Sampling(confidence=1.5)
    with pytest.raises(GameError, match="permutation, stratified"):
        Sampling(method="quasi-random")


def test_progress_is_reported_to_the_hook(random_game):
    calls = []
    sampled_shapley(random_game, sampling=Sampling(samples=200, progress=lambda done, total: calls.append(done)))
    assert calls and calls[-1] == 200 and calls == sorted(calls)


def test_command_line_sampling_options_and_json_errors(tmp_path):
    path = tmp_path / "council.yaml"
    path.write_text("game: {type: weighted-voting, quota: 4, weights: {A: 3, B: 2, C: 1, D: 1}}\n")
    runner = CliRunner()
    args = ["allocate", str(path), "-r", "shapley-sampled", "-r", "banzhaf", "--samples", "50", "--seed", "3"]
    run = runner.invoke(cli, [*args, "--format", "json"])
    assert run.exit_code == 0, run.output
    document = json.loads(run.output)
    assert document["method"]["shapley-sampled"] == "sampled-permutation"
    assert set(document["stderr"]) == {"shapley-sampled"}  # exact rules have no standard errors
    assert document["details"]["shapley-sampled"]["samples"] == 50
    assert document["details"]["shapley-sampled"]["seed"] == 3
    low, high = document["details"]["shapley-sampled"]["interval"]["A"]
    assert low <= document["allocations"]["shapley-sampled"]["A"] <= high
    assert runner.invoke(cli, [*args, "--format", "json"]).output == run.output  # reproducible
    table = runner.invoke(cli, args)
    assert "estimated by sampling" in " ".join(table.output.split())
    both = runner.invoke(cli, [*args, "--tolerance", "0.1"])
    assert both.exit_code == 2 and "not both" in both.output


def test_sampled_rules_work_on_scenarios_through_allocate():
    scenario = ipshare.load("scenarios/worked-example.yaml")
    result = ipshare.allocate(scenario, "shapley-sampled", sampling=Sampling(samples=100))
    exact = ipshare.allocate(scenario, "shapley").values
    for player, value in exact.items():
        assert abs(result.values[player] - value) <= 5 * max(result.stderr[player], 1e-9)
