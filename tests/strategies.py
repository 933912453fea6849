"""Hypothesis strategies for random games, and brute-force solution concepts straight from their definitions.

The brute-force functions loop over coalitions or orders in plain Python, one line of definition each, so that the
fast table identities in ``ipshare.solutions`` are checked against something a reader verifies by eye.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from ipshare.games import Game

# Random games of up to 2^7 values are large examples; the checks are cheap, so keep the count moderate.
quick = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
thorough = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

integer_values = st.integers(min_value=-60, max_value=60)
# st.fractions is slow to draw by the hundred; numerator over denominator gives the same kind of table quickly.
rational_values = st.builds(
    Fraction, st.integers(min_value=-720, max_value=720), st.integers(min_value=1, max_value=12)
)
float_values = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False, allow_infinity=False)


def player_ids(n: int) -> tuple[str, ...]:
    return tuple(f"P{i}" for i in range(n))


@st.composite
def value_tables(draw, n, values=integer_values):
    """2^n coalition values with v(∅) = 0."""
    return [0, *draw(st.lists(values, min_size=(1 << n) - 1, max_size=(1 << n) - 1))]


@st.composite
def exact_games(draw, min_players=1, max_players=7, values=None):
    """A game with exact values: integers or rationals (which one is drawn too unless ``values`` is given)."""
    n = draw(st.integers(min_value=min_players, max_value=max_players))
    values = values if values is not None else draw(st.sampled_from([integer_values, rational_values]))
    return Game(player_ids(n), draw(value_tables(n, values)))


@st.composite
def float_games(draw, min_players=1, max_players=7):
    """A game given as floats (kept exact by ipshare only when every value happens to be whole)."""
    import numpy as np

    n = draw(st.integers(min_value=min_players, max_value=max_players))
    return Game(player_ids(n), np.array(draw(value_tables(n, float_values)), dtype=np.float64))


# ------------------------------------------------------------------------------------------------------------
# Building games from a function of the coalition


def game_from(players, worth, kind="benefit") -> Game:
    """The game whose coalition ``mask`` is worth ``worth(mask)`` (exact when ``worth`` returns rationals)."""
    return Game(players, [worth(mask) for mask in range(1 << len(players))], kind)


def swap_bits(mask: int, i: int, j: int) -> int:
    """The coalition with players i and j exchanged."""
    if (mask >> i & 1) != (mask >> j & 1):
        mask ^= (1 << i) | (1 << j)
    return mask


# ------------------------------------------------------------------------------------------------------------
# Solution concepts by their definitions


def brute_force_shapley(game) -> list[Fraction]:
    """Shapley (1953): each player's marginal contribution, averaged over all n! orders of joining."""
    values = game.exact_values()
    n = game.n
    totals = [Fraction(0)] * n
    for order in itertools.permutations(range(n)):
        coalition = 0
        for player in order:
            totals[player] += values[coalition | 1 << player] - values[coalition]
            coalition |= 1 << player
    return [total / math.factorial(n) for total in totals]


def brute_force_banzhaf(game) -> list[Fraction]:
    """Banzhaf (1965), Owen (1975): marginal contribution averaged over the 2^(n−1) coalitions without the player."""
    values = game.exact_values()
    n = game.n
    result = []
    for player in range(n):
        bit = 1 << player
        swings = sum(values[mask | bit] - values[mask] for mask in range(1 << n) if not mask & bit)
        result.append(Fraction(swings, 1 << (n - 1)))
    return result
