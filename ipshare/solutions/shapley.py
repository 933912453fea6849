"""The Shapley value (Shapley 1953), exactly, on dense games.

On a weighted voting game it is the Shapley–Shubik power index (Shapley & Shubik 1954).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from ..errors import GameError
from ..games.table import MAX_EXACT_PLAYERS, Game, member_sums, popcounts
from .allocation import make_allocation
from .structured import additive_value, as_table, is_voting

__all__ = ["shapley_value"]

# The dense path weighs the table in blocks of this many cells (512 KiB of float64: they stay in cache).
_BLOCK_CELLS = 1 << 16


def shapley_value(game, exact=None, sampling=None):
    """The Shapley value of ``game``: each player's marginal contribution averaged over all joining orders.

    Computed from the identity φ_i = Σ_{S∋i} (a_s + b_s)·v(S) − Σ_S b_s·v(S), with
    a_s = (s−1)!(n−s)!/n! and b_s = s!(n−s−1)!/n! for a coalition of size s, so that the n sums over
    "coalitions containing i" come from one blocked pass over the table (:func:`size_weighted_member_sums`):
    O(2^n) memory traffic, no temporary of size 2^n, no loop over coalitions in Python.

    Parameters
    ----------
    game : Game
    exact : bool or None
        Also compute exact rationals (needs the game's exact values). ``None``: when the game has them and
        ``n ≤ 16``.

    Returns
    -------
    Allocation
        ``method`` is ``"exact-dense"`` (floats) or ``"exact-rational"``.

    Examples
    --------
    >>> from ipshare.games import table_game
    >>> game = table_game(["A", "B", "C"], {"A": 6, "B": 12, "C": 42, "A+B": 12, "A+C": 42, "B+C": 42,
    ...                                     "A+B+C": 42})
    >>> shapley_value(game).exact     # SageMath reference manual, CooperativeGame
    {'A': Fraction(2, 1), 'B': Fraction(5, 1), 'C': Fraction(35, 1)}

    References
    ----------
    L. S. Shapley, "A value for n-person games", Contributions to the Theory of Games II, 1953.
    """
    if not isinstance(game, Game) or is_voting(game):
        # No table (a large alliance or voting game), or weights to count swings with: exact by structure.
        result = additive_value(game, "shapley", exact=exact, sampling=sampling)
        if result is not None:
            return result
        game = as_table(game)  # weights too fine for the dynamic programme: the table, by the dense path
    n = game.n
    if exact is None:
        exact = game.is_exact and n <= MAX_EXACT_PLAYERS
    elif exact and not game.is_exact:
        raise GameError("exact values were asked for, but this game's values are floats")
    sizes = popcounts(n)
    if exact and game.is_exact:
        return _exact_shapley(game, sizes)
    # a_s = 1/(n·C(n−1, s−1)) for s ≥ 1 and b_s = 1/(n·C(n−1, s)) for s ≤ n−1: one rounding each.
    a = np.array([1.0 / (n * math.comb(n - 1, s - 1)) if s >= 1 else 0.0 for s in range(n + 1)])
    b = np.array([1.0 / (n * math.comb(n - 1, s)) if s <= n - 1 else 0.0 for s in range(n + 1)])
    inside = size_weighted_member_sums(game.values, a + b, n)
    # Σ_S b_s·v(S) is the same for every player, so efficiency (Σ_i φ_i = v(N)) gives it without another pass.
    phi = inside - (inside.sum() - game.values[-1]) / n
    return make_allocation(game, "shapley", phi, method="exact-dense")


def size_weighted_member_sums(values, coefficients, n):
    """For each player i, Σ_{S∋i} coefficients[|S|]·values[S], in float64, without a temporary of size 2^n.

    The masks are split into high and low bits, making the table a 2^h × 2^l matrix. A coalition's weight depends
    on the sizes of its two halves only: row r is weighted by the row vector coefficients[|r| + |low|], taken from
    a small (h+1) × 2^l table. The matrix is read once, in blocks of 2^16 cells that stay in cache, each weighted
    and summed along its rows and its columns; each player's sum is then a sum of a few of those 2^(n/2) row or
    column sums. O(2^n) time, O(2^(n/2)·n) extra memory, and no matrix product (a multi-threaded BLAS handles
    these thin products badly on a busy machine).
    """
    low_bits = n // 2
    high_bits = n - low_bits
    grid = values.reshape(1 << high_bits, 1 << low_bits)
    low_sizes = popcounts(low_bits).astype(np.intp)
    high_sizes = popcounts(high_bits).astype(np.intp)
    by_size = coefficients[np.arange(high_bits + 1)[:, None] + low_sizes[None, :]]
    rows = max(1, _BLOCK_CELLS >> low_bits)
    row_sums = np.empty(1 << high_bits)
    column_sums = np.zeros(1 << low_bits)
    block = np.empty((rows, 1 << low_bits))
    for start in range(0, 1 << high_bits, rows):
        stop = min(start + rows, 1 << high_bits)
        weighted = block[: stop - start]
        np.take(by_size, high_sizes[start:stop], axis=0, out=weighted)
        weighted *= grid[start:stop]
        weighted.sum(axis=1, out=row_sums[start:stop])
        column_sums += weighted.sum(axis=0)
    sums = []
    for sums_of, bits in ((column_sums, low_bits), (row_sums, high_bits)):
        for i in range(bits):
            sums.append(sums_of.reshape(-1, 2, 1 << i)[:, 1, :].sum())
    return np.array(sums)


def _exact_shapley(game, sizes):
    n = game.n
    numerators, denominator = game.exact_scaled
    factorial = [math.factorial(k) for k in range(n + 1)]
    a = [factorial[s - 1] * factorial[n - s] if s >= 1 else 0 for s in range(n + 1)]
    b = [factorial[s] * factorial[n - s - 1] if s <= n - 1 else 0 for s in range(n + 1)]
    combined = np.array([x + y for x, y in zip(a, b, strict=True)], dtype=object)
    values = numerators.astype(object)
    weighted = combined[sizes] * values
    subtract = int((np.array(b, dtype=object)[sizes] * values).sum())
    scale = factorial[n] * denominator
    phi = [Fraction(int(total) - subtract, scale) for total in member_sums(weighted, n)]
    return make_allocation(game, "shapley", None, exact=phi, method="exact-rational")

