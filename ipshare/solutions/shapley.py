"""The Shapley value (Shapley 1953), exactly, on dense games.

On a weighted voting game it is the Shapley–Shubik power index (Shapley & Shubik 1954).
"""

from __future__ import annotations

import functools
import math
import threading
from fractions import Fraction

import numpy as np

from ..errors import GameError
from ..games.table import MAX_EXACT_PLAYERS, Game, member_sums, popcounts
from .allocation import make_allocation
from .structured import additive_value, as_table, is_voting

__all__ = ["shapley_value"]


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
    if exact and game.is_exact:
        return _exact_shapley(game, popcounts(n))  # the sizes of all 2^n coalitions: only the exact path needs them
    # a_s = 1/(n·C(n−1, s−1)) for s ≥ 1 and b_s = 1/(n·C(n−1, s)) for s ≤ n−1: one rounding each.
    a = np.array([1.0 / (n * math.comb(n - 1, s - 1)) if s >= 1 else 0.0 for s in range(n + 1)])
    b = np.array([1.0 / (n * math.comb(n - 1, s)) if s <= n - 1 else 0.0 for s in range(n + 1)])
    inside = size_weighted_member_sums(game.values, a + b, n)
    # Σ_S b_s·v(S) is the same for every player, so efficiency (Σ_i φ_i = v(N)) gives it without another pass.
    phi = inside - (inside.sum() - game.values[-1]) / n
    return make_allocation(game, "shapley", phi, method="exact-dense")


def size_weighted_member_sums(values, coefficients, n):
    """For each player i, Σ_{S∋i} coefficients[|S|]·values[S], in float64, without a temporary of size 2^n.

    The masks are split into high and low bits, making the table a 2^h × 2^l matrix, read in blocks of 2^16 cells
    (2^b rows; l ≤ 16). A coalition's weight depends on the sizes of its parts only, so a block whose top h − b
    bits hold k members is weighted by one precomputed 2^b × 2^l matrix M_k[mid, low] = coefficients[k + |mid| +
    |low|] (cached per n). Each block is multiplied by its matrix into a buffer reused from call to call (a fresh
    one would cost its page faults every time) and summed along its rows and its columns by two matrix–vector
    products; each player's sum is then a 0/1 matrix times those row or column sums. O(2^n) time, one read of the
    table, O(2^(n/2)·n) extra memory. (The matrix–vector products are small enough that a multi-threaded BLAS
    gains nothing from sharing them; the command line pins BLAS to one thread.)
    """
    return _blocked_sums(values, n, coefficients)[0]


# A block of the dense table: 2^16 float64 cells (512 KiB), in cache with its weights and its buffer.
_BLOCK_BITS = 16
_SMALL_BLOCK_BITS = 13


def _split(n, weighted=True):
    """(high, low, mid) bits of a mask: the table is 2^high × 2^low, read 2^mid rows at a time."""
    # A small weighted table: smaller blocks, less to multiply per call (unweighted sums need no multiplication).
    block_bits = _BLOCK_BITS if n > 18 or not weighted else _SMALL_BLOCK_BITS
    low_bits = min(n // 2, block_bits)
    high_bits = n - low_bits
    mid_bits = min(high_bits, max(0, block_bits - low_bits))
    return high_bits, low_bits, mid_bits


@functools.lru_cache(maxsize=2)
def _block_weights(n, coefficients: bytes):
    """M[k] = coefficients[k + |mid| + |low|] for every count k of members in the top bits: (top + 1) blocks."""
    weights = np.frombuffer(coefficients, dtype=np.float64)
    high_bits, low_bits, mid_bits = _split(n)
    inside = popcounts(mid_bits).astype(np.intp)[:, None] + popcounts(low_bits).astype(np.intp)[None, :]
    matrices = np.stack([weights[k + inside] for k in range(high_bits - mid_bits + 1)])
    matrices.flags.writeable = False
    return matrices


_buffers = threading.local()  # per thread: a block buffer and its sums, reused from call to call


def _work_buffers(n, weighted=True):
    high_bits, low_bits, mid_bits = _split(n, weighted)
    key = (high_bits, low_bits, mid_bits)
    cached = getattr(_buffers, "by_split", None)
    if cached is None or cached[0] != key:
        cached = (
            key,
            np.empty((1 << mid_bits, 1 << low_bits)),  # the weighted block
            np.empty(1 << high_bits),  # row sums
            np.empty(1 << low_bits),  # a block's column sums
            np.ones(1 << low_bits),
            np.ones(1 << mid_bits),
        )
        _buffers.by_split = cached
    return cached[1:]


def _blocked_sums(values, n, coefficients=None):
    """(member sums, total): Σ_{S∋i} c[|S|]·v(S) for each i, and Σ_S c[|S|]·v(S) (c ≡ 1 when None), one pass."""
    weighted = coefficients is not None
    high_bits, low_bits, mid_bits = _split(n, weighted)
    top_bits = high_bits - mid_bits
    blocks = values.reshape(1 << top_bits, 1 << mid_bits, 1 << low_bits)
    buffer, row_sums, block_columns, ones_low, ones_mid = _work_buffers(n, weighted)
    column_sums = np.zeros(1 << low_bits)
    rows = 1 << mid_bits
    if coefficients is None:
        for top in range(1 << top_bits):
            block = blocks[top]
            np.dot(block, ones_low, out=row_sums[top * rows : (top + 1) * rows])
            np.dot(ones_mid, block, out=block_columns)
            column_sums += block_columns
    else:
        weights = _block_weights(n, np.ascontiguousarray(coefficients, dtype=np.float64).tobytes())
        top_sizes = popcounts(top_bits)
        # Blocks of one top size in a row: their weight matrix stays in cache from one block to the next.
        for top in _by_size(top_bits):
            np.multiply(blocks[top], weights[top_sizes[top]], out=buffer)
            np.dot(buffer, ones_low, out=row_sums[top * rows : (top + 1) * rows])
            np.dot(ones_mid, buffer, out=block_columns)
            column_sums += block_columns
    # Player i's sum: the row or column sums of the masks with bit i set (a 0/1 matrix times the sums).
    sums = np.concatenate([_bit_matrix(low_bits) @ column_sums, _bit_matrix(high_bits) @ row_sums])
    return sums, float(column_sums.sum())


@functools.lru_cache(maxsize=8)
def _by_size(bits):
    """The masks of ``bits`` bits ordered by size (then by mask), as a list of ints."""
    return sorted(range(1 << bits), key=lambda mask: (mask.bit_count(), mask))


@functools.lru_cache(maxsize=8)
def _bit_matrix(bits):
    """B[i, mask] = bit i of mask (float64, read-only): B @ sums adds up the sums of the masks containing i."""
    masks = np.arange(1 << bits)
    matrix = ((masks[None, :] >> np.arange(bits)[:, None]) & 1).astype(np.float64)
    matrix.flags.writeable = False
    return matrix


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

