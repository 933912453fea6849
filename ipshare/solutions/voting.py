"""Power indices of weighted voting games by dynamic programming over the weights, exactly.

In [q; w_1, …, w_n] player i swings for a coalition S ∌ i when w(S) < q ≤ w(S) + w_i. The Shapley–Shubik index
(Shapley & Shubik 1954) and the raw Banzhaf value (Banzhaf 1965) count swings:

    φ_i = Σ_s s!(n−1−s)!/n! · #{S ∌ i : |S| = s, q − w_i ≤ w(S) < q},
    β_i = #{S ∌ i : q − w_i ≤ w(S) < q} / 2^(n−1).

The counts come from the generating function Π_j (1 + y·x^{w_j}) truncated to weights below q: one table of
counts by size and weight for all players, built in O(n²q) steps, from which each distinct weight is divided out
again in O(nq) (the method of Mann & Shapley 1962 and Brams & Affuso 1976, with the division used by Uno 2012).
Weights are integers inside (:func:`ipshare.games.lazy.integer_weights` scales rational weights exactly).

Counts reach 2^(n−1), so they are computed modulo 2^64 (numpy's wrapping uint64 arithmetic) and, for more than
63 players, modulo enough primes below 2^31 besides, and put together by the Chinese remainder theorem: integer
arithmetic throughout, with exact rational results for hundreds of voters.

References
----------
L. S. Shapley and M. Shubik, "A method for evaluating the distribution of power in a committee system", American
Political Science Review 48, 1954.
I. Mann and L. S. Shapley, "Values of large games VI: evaluating the electoral college exactly", RAND RM-3158, 1962.
S. J. Brams and P. J. Affuso, "Power and size: a new paradox", Theory and Decision 7, 1976.
T. Uno, "Efficient computation of power indices for weighted majority games", ISAAC 2012, LNCS 7676.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from .. import deadline
from ..errors import GameError
from .allocation import make_allocation

__all__ = ["voting_power", "swing_counts", "MAX_DP_CELLS"]

# The dynamic programme is refused beyond this many table cells (moduli × sizes × weights × players / 2).
MAX_DP_CELLS = 4 * 10**10


def voting_power(game, rule="shapley"):
    """The Shapley–Shubik index (``rule="shapley"``) or raw Banzhaf value (``"banzhaf"``) of a weighted voting game.

    ``game`` is a :class:`~ipshare.games.WeightedVotingGame` or a dense game built by
    :func:`~ipshare.games.weighted_voting_game` (its ``spec`` holds the weights and quota).

    Examples
    --------
    >>> from ipshare.games import WeightedVotingGame
    >>> eec = WeightedVotingGame({"FR": 4, "DE": 4, "IT": 4, "BE": 2, "NL": 2, "LU": 1}, 12)
    >>> voting_power(eec, "shapley").exact["FR"], voting_power(eec, "shapley").exact["LU"]
    (Fraction(7, 30), Fraction(0, 1))
    """
    from ..games.lazy import WeightedVotingGame, integer_weights

    if isinstance(game, WeightedVotingGame):
        weights, quota = game.integer_weights, game.integer_quota
    else:
        spec = game.spec
        weights, quota, _ = integer_weights([spec["weights"][p] for p in game.players], spec["quota"])
    counts = swing_counts(weights, quota, by_size=rule == "shapley")
    n = len(weights)
    if rule == "shapley":
        factorial = [math.factorial(j) for j in range(n + 1)]
        by_counts = {}  # players of equal weight share their counts: weigh each distinct row once
        values = []
        for row in counts:
            key = id(row)
            if key not in by_counts:
                weighted = sum(c * factorial[s] * factorial[n - 1 - s] for s, c in enumerate(row) if c)
                by_counts[key] = Fraction(weighted, factorial[n])
            values.append(by_counts[key])
    else:
        values = [Fraction(c, 1 << (n - 1)) for c in counts]
    return make_allocation(game, rule, None, exact=values, method="exact-voting-dp", quota=quota)


def swing_counts(weights, quota, by_size=True):
    """For each player, the number of coalitions of the others for which it swings (by coalition size if asked).

    ``weights`` are non-negative integers and ``quota`` an integer. Returns a list of n lists of n counts
    (index = size of the coalition joined) when ``by_size``, else a list of n counts.

    Examples
    --------
    >>> swing_counts([2, 1, 1], 3)        # [3; 2, 1, 1]: A swings with B, C or both, B and C only with A
    [[0, 2, 1], [0, 1, 0], [0, 1, 0]]
    >>> swing_counts([2, 1, 1], 3, by_size=False)
    [3, 1, 1]
    """
    n = len(weights)
    if n == 0:
        return []
    if quota <= 0:
        return [[0] * n for _ in weights] if by_size else [0] * n
    sizes = n + 1 if by_size else 1
    moduli = _moduli(n)
    cells = len(moduli) * sizes * quota * n // (2 if by_size else 1)
    if cells > MAX_DP_CELLS:
        raise GameError(
            f"exact voting power needs about {cells:.1e} table steps ({n} players, integer quota {quota}); "
            "round the weights to fewer significant digits, or use sampling (rules shapley-sampled, banzhaf-sampled)"
        )
    from ..games.table import require_memory

    # The counts table and its spare, and one copy per weight being divided out: uint64 cells.
    require_memory(
        3 * 8 * sizes * quota,
        f"exact voting power ({n} players, integer quota {quota})",
        "round the weights to fewer significant digits, or use sampling (rules shapley-sampled, banzhaf-sampled)",
    )
    distinct = sorted(set(weights))
    residues = {weight: [] for weight in distinct}  # weight -> per modulus: window counts (by size)
    for modulus in moduli:
        table = _product_table(weights, quota, by_size, modulus)
        for weight in distinct:
            if weight == 0:  # never swings: w(S) < q ≤ w(S) + 0 is impossible
                residues[weight].append([0] * sizes if not by_size else [0] * (n + 1))
                continue
            others = _divide_out(table, weight, by_size, modulus)
            residues[weight].append(_window_sums(others, max(0, quota - weight), modulus))
    counts = {}
    for weight in distinct:
        per_modulus = residues[weight]
        if by_size:
            counts[weight] = [_crt([r[s] for r in per_modulus], moduli) for s in range(n)]
        else:
            counts[weight] = _crt([r[0] for r in per_modulus], moduli)
    return [counts[w] for w in weights]


def _moduli(n):
    """2^64 (wrapping uint64), then primes below 2^31 until their product exceeds 2^(n+1)."""
    moduli = [1 << 64]
    product = 1 << 64
    candidate = (1 << 31) - 1
    while product <= 1 << (n + 1):
        if _is_prime(candidate):
            moduli.append(candidate)
            product *= candidate
        candidate -= 2
    return moduli


def _is_prime(m):
    if m < 2:
        return False
    for p in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        if m % p == 0:
            return m == p
    d, r = m - 1, 0
    while d % 2 == 0:
        d //= 2
        r += 1
    for a in (2, 3, 5, 7, 11, 13, 17):
        x = pow(a, d, m)
        if x in (1, m - 1):
            continue
        for _ in range(r - 1):
            x = x * x % m
            if x == m - 1:
                break
        else:
            return False
    return True


def _reduce(table, modulus):
    if modulus != 1 << 64:
        np.remainder(table, np.uint64(modulus), out=table)


def _product_table(weights, quota, by_size, modulus):
    """Counts of coalitions by (size and) weight below the quota, modulo ``modulus``."""
    n = len(weights)
    table = np.zeros((n + 1 if by_size else 1, quota), dtype=np.uint64)
    table[0, 0] = 1
    # Two tables in turn: writing the new counts beside the old ones streams through memory once per player
    # (an in-place shifted add would make numpy copy the overlapping operand first).
    spare = table.copy()
    rows = 1  # rows in use: a coalition of the first j players has at most j members
    # Residues below 2^31 at most double per player, so reducing every 32 players keeps them below 2^63.
    for j, weight in enumerate(weights):
        deadline.check()
        if weight >= quota:
            continue
        if by_size:
            rows = min(rows + 1, n + 1)
            spare[0] = table[0]
            spare[1:rows, :weight] = table[1:rows, :weight]
            np.add(table[1:rows, weight:], table[0 : rows - 1, : quota - weight], out=spare[1:rows, weight:])
        else:
            spare[0, :weight] = table[0, :weight]
            np.add(table[0, weight:], table[0, : quota - weight], out=spare[0, weight:])
        table, spare = spare, table
        if j % 32 == 31:
            _reduce(table[:rows], modulus)
    _reduce(table, modulus)
    return table


def _divide_out(table, weight, by_size, modulus):
    """The table without one player of this weight: division by (1 + y·x^weight), modulo ``modulus``."""
    quota = table.shape[1]
    if weight >= quota:
        return table
    wrap = modulus == 1 << 64
    if by_size:
        result = table.copy()
        for s in range(1, table.shape[0]):
            if wrap:
                result[s, weight:] -= result[s - 1, : quota - weight]
            else:
                result[s, weight:] += np.uint64(modulus) - result[s - 1, : quota - weight]
                np.remainder(result[s], np.uint64(modulus), out=result[s])
        return result
    # One row: r[w] = t[w] − r[w − weight], an alternating sum along each residue class of w modulo the weight.
    row = table[0]
    blocks = -(-quota // weight)
    padded = np.zeros(blocks * weight, dtype=np.uint64)
    padded[:quota] = row
    grid = padded.reshape(blocks, weight)
    signs = np.where(np.arange(blocks) % 2 == 0, 1, -1)
    if wrap:
        signed = grid * signs.astype(np.uint64)[:, None]  # −1 wraps to 2^64 − 1: multiplication by −1 mod 2^64
        result = np.cumsum(signed, axis=0, dtype=np.uint64) * signs.astype(np.uint64)[:, None]
    else:
        negated = np.where(signs[:, None] > 0, grid, (np.uint64(modulus) - grid) % np.uint64(modulus))
        result = np.cumsum(negated, axis=0, dtype=np.uint64) % np.uint64(modulus)
        result = np.where(signs[:, None] > 0, result, (np.uint64(modulus) - result) % np.uint64(modulus))
    return result.reshape(-1)[:quota][None, :]


def _window_sums(table, start, modulus):
    """Σ_{w ≥ start} table[s, w] for each row, as Python ints modulo ``modulus`` (exact: summed in 32-bit halves)."""
    window = table[:, start:]
    low = (window & np.uint64(0xFFFFFFFF)).sum(axis=1, dtype=np.uint64)
    high = (window >> np.uint64(32)).sum(axis=1, dtype=np.uint64)
    return [((int(h) << 32) + int(lo)) % modulus for h, lo in zip(high, low, strict=True)]


def _crt(residues, moduli):
    """The integer in [0, Π moduli) with the given residues."""
    value, product = 0, 1
    for residue, modulus in zip(residues, moduli, strict=True):
        step = ((residue - value) * pow(product, -1, modulus)) % modulus
        value += product * step
        product *= modulus
    return value
