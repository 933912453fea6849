"""Voting power by dynamic programming (ipshare.solutions.voting) against published indices and the definitions.

Published values:
- EEC Council of Ministers 1958, [12; 4, 4, 4, 2, 2, 1] (France, Germany, Italy; Belgium, the Netherlands;
  Luxembourg). Shapley–Shubik 14/60, 9/60, 0 and normalised Banzhaf 5/21, 3/21, 0: Felsenthal & Machover, The
  Measurement of Voting Power (1998), §2.3 and §3.2; Luxembourg is a dummy.
- A symmetric majority [q; 1, …, 1] of n: Shapley–Shubik 1/n; Banzhaf C(n−1, q−1)/2^(n−1) (a player swings
  exactly when q−1 of the others vote yes).
"""

import json
import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import brute_force_banzhaf, brute_force_shapley, quick

import ipshare
from ipshare.errors import GameError
from ipshare.games import weighted_voting_game
from ipshare.games.lazy import WeightedVotingGame, integer_weights
from ipshare.model.loading import loads
from ipshare.solutions.voting import swing_counts, voting_power

EEC = {"FR": 4, "DE": 4, "IT": 4, "BE": 2, "NL": 2, "LU": 1}


def test_eec_council_1958_shapley_shubik():
    power = voting_power(WeightedVotingGame(EEC, 12), "shapley").exact
    assert power == {
        "FR": Fraction(14, 60),
        "DE": Fraction(14, 60),
        "IT": Fraction(14, 60),
        "BE": Fraction(9, 60),
        "NL": Fraction(9, 60),
        "LU": 0,
    }


def test_eec_council_1958_normalized_banzhaf():
    game = WeightedVotingGame(EEC, 12)
    result = ipshare.allocate(game, "banzhaf-normalized")
    assert result.exact == {
        "FR": Fraction(5, 21),
        "DE": Fraction(5, 21),
        "IT": Fraction(5, 21),
        "BE": Fraction(3, 21),
        "NL": Fraction(3, 21),
        "LU": 0,
    }
    assert result.method == "exact-voting-dp"


@pytest.mark.parametrize("n, quota", [(70, 36), (101, 51), (130, 90)])
def test_symmetric_majority_beyond_64_players_uses_several_moduli(n, quota):
    game = WeightedVotingGame({f"V{i}": 1 for i in range(n)}, quota)
    shapley = voting_power(game, "shapley").exact
    banzhaf = voting_power(game, "banzhaf").exact
    assert set(shapley.values()) == {Fraction(1, n)}
    assert set(banzhaf.values()) == {Fraction(math.comb(n - 1, quota - 1), 2 ** (n - 1))}


def test_large_game_is_efficient_and_symmetric_exactly():
    weights = {f"V{i}": 1 + (i * 7919) % 9 for i in range(150)}
    game = WeightedVotingGame(weights, sum(weights.values()) * 2 // 3)
    power = voting_power(game, "shapley").exact
    assert sum(power.values()) == 1
    by_weight = {}
    for player, weight in weights.items():
        by_weight.setdefault(weight, set()).add(power[player])
    assert all(len(values) == 1 for values in by_weight.values())  # equal weights, equal power
    ordered = [next(iter(by_weight[w])) for w in sorted(by_weight)]
    assert ordered == sorted(ordered)  # more weight, no less power


def test_dictator_and_dummies():
    # The 40 others together weigh 40 < 41: only coalitions with D win, and D alone does.
    game = WeightedVotingGame({"D": 41, **{f"x{i}": 1 for i in range(40)}}, 41)
    power = voting_power(game, "shapley").exact
    assert power["D"] == 1 and all(power[f"x{i}"] == 0 for i in range(40))


weights_lists = st.lists(st.integers(min_value=0, max_value=9), min_size=1, max_size=7)


@quick
@given(weights=weights_lists, data=st.data())
def test_dp_agrees_with_the_definitions_on_small_games(weights, data):
    total = sum(weights)
    quota = data.draw(st.integers(min_value=1, max_value=max(1, total)))
    game = weighted_voting_game({f"P{i}": w for i, w in enumerate(weights)}, quota)
    assert list(voting_power(game, "shapley").exact.values()) == brute_force_shapley(game)
    assert list(voting_power(game, "banzhaf").exact.values()) == brute_force_banzhaf(game)


@quick
@given(
    weights=st.lists(st.decimals(min_value=0, max_value=5, places=2), min_size=1, max_size=6),
    share=st.fractions(min_value=Fraction(1, 10), max_value=1),
)
def test_decimal_weights_are_scaled_exactly(weights, share):
    weights = [Fraction(w) for w in weights]
    if sum(weights) == 0:
        return
    quota = sum(weights) * share
    game = weighted_voting_game({f"P{i}": w for i, w in enumerate(weights)}, quota)
    integers, integer_quota, scale = integer_weights(weights, quota)
    assert [w * scale for w in weights] == integers
    assert list(voting_power(game, "shapley").exact.values()) == brute_force_shapley(game)


def test_weights_too_fine_for_the_dp_are_refused_with_advice_that_works():
    weights = {"A": Fraction(1, 999983), "B": Fraction(1, 1000003), "C": 1}
    lazy = WeightedVotingGame(weights, 1)  # the game itself is exact whatever the decimals
    assert lazy.exact_value("C") == 1 and lazy.exact_value("A+B") == 0
    with pytest.raises(GameError, match="fewer decimals.*shapley-sampled"):
        ipshare.allocate(lazy, "shapley")
    sampled = ipshare.allocate(lazy, "shapley-sampled")  # the advice can be followed
    assert sampled.method == "sampled-permutation" and sampled.values["C"] == pytest.approx(1.0)
    # With a table there is no need to refuse: the dense path is exact.
    dense = ipshare.allocate(weighted_voting_game(weights, 1), "shapley")
    assert dense.method == "exact-rational" and dense.exact == {"A": 0, "B": 0, "C": 1}


def test_swing_counts_by_size():
    # [3; 2, 1, 1]: A swings for {B}, {C} and {B, C}; B and C only for {A}.
    assert swing_counts([2, 1, 1], 3) == [[0, 2, 1], [0, 1, 0], [0, 1, 0]]


def test_a_large_voting_section_is_kept_by_its_weights(tmp_path):
    weights = ", ".join(f"V{i}: {1 + i % 5}" for i in range(60))
    text = f"game: {{type: weighted-voting, quota: 91, weights: {{{weights}}}}}\n"
    scenario = loads(text, "yaml")
    game = ipshare.scenario_game(scenario)
    assert isinstance(game, WeightedVotingGame)
    result = ipshare.allocate(game, "shapley")
    assert result.method == "exact-voting-dp" and sum(result.exact.values()) == 1

    path = tmp_path / "council.yaml"
    path.write_text(text)
    from click.testing import CliRunner

    from ipshare.cli import cli

    run = CliRunner().invoke(cli, ["allocate", str(path), "-r", "shapley", "-r", "banzhaf", "--format", "json"])
    assert run.exit_code == 0, run.output
    document = json.loads(run.output)
    assert document["method"] == {"shapley": "exact-voting-dp", "banzhaf": "exact-voting-dp"}
    assert sum(Fraction(v) for v in document["exact"]["shapley"].values()) == 1


def test_small_voting_games_use_the_dp_too():
    game = weighted_voting_game(EEC, 12)
    assert ipshare.allocate(game, "shapley").method == "exact-voting-dp"
    assert ipshare.allocate(game, "shapley").exact == voting_power(WeightedVotingGame(EEC, 12)).exact
