"""Counting the coalitions of a weighted voting game by size and weight: the dynamic programmes of voting.py.

For [q; w_1, …, w_n] with integer weights, the table T[s, w] = #{S ⊆ N : |S| = s, w(S) = w} (the coefficients of
Π_j (1 + y·x^{w_j})) is built once for all players, one player at a time, row by row in place. A player i of
weight d swings for S ∌ i when q − d ≤ w(S) < q, so its swing counts by size are window sums of the table of the
others, C = T / (1 + y·x^d):

    C[s, w] = Σ_{k ≥ 0} (−1)^k T[s − k, w − k·d],

whose sum over the window [q − d, q) is an alternating sum, along a diagonal, of sums of T over blocks of d
consecutive weights. Those block sums are read in one vectorised pass per distinct weight: no copy of the table
per weight (Uno 2012 divides the generating function out the same way, row by row).

Two things keep the table small and the float version stable:

- Sizes above (n − 1)/2 are counted through complements: S ⊆ N∖i of size s and weight w is the complement of one
  of size n − 1 − s and weight W − d − w (W = Σ w_j), so its window is [W − q − d + 1, W − q] at size n − 1 − s.
  The table needs only the rows s ≤ (n − 1)/2, and columns up to max(q, W − q + 1).
- In floating point the alternating sum at size s is then a sum of terms each at most T[s − k, ·], and for
  s < n/2 those shrink geometrically with k: the absolute error of a Shapley–Shubik index stays a small multiple
  of n·u (u = 2^-53) instead of growing with the largest count. The bound is computed for each result from the
  same block sums (:func:`float_counts`), and stated in the allocation's ``method``.

Exact counts are taken modulo 2^64 (numpy's wrapping uint64 arithmetic) and, beyond 63 players, modulo primes
below 2^39 besides, all moduli in one stacked table, and put together by the Chinese remainder theorem.

References
----------
T. Uno, "Efficient computation of power indices for weighted majority games", ISAAC 2012, LNCS 7676.
S. Kurz, "Computing the power distribution in the IMF", arXiv:1603.01443, 2016 (the complement trick for sizes).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import deadline

__all__ = ["Plan", "plan", "exact_counts", "float_counts", "float_error_factor", "UNIT_ROUNDOFF"]

UNIT_ROUNDOFF = 2.0**-53
# In floats, rows whose counts could pass 2^960 are scaled by a power of two (exactly) to stay far from overflow.
_FLOAT_EXPONENT_CAP = 960
# The exact table is built for a group of moduli at a time, in at most this many bytes.
_EXACT_GROUP_BYTES = 256 << 20
# Block sums read the table this many rows at a time (each group only over the blocks its rows' bands meet).
_ROWS_PER_READ = 16


@dataclass(frozen=True)
class Plan:
    """How the counts of one game are laid out, and what they cost (in table cells, the unit of the cost model).

    ``top`` is the largest size row kept; ``width`` the number of weight columns; ``complement`` whether sizes above
    ``top`` are counted through complements. ``cells`` counts every term of the float programme: the product (one
    add per cell of the rows in use, per player) and the block sums read per distinct weight and window.
    """

    n: int
    quota: int
    total: int
    sized: bool
    top: int
    width: int
    complement: bool
    distinct: int
    product_cells: int
    window_cells: int

    @property
    def cells(self) -> int:
        return self.product_cells + self.window_cells

    def moduli_count(self) -> int:
        return len(moduli_for(self.n))

    @property
    def exact_cells(self) -> int:
        """Cells of the exact programme: the float programme's once per modulus, plus the CRT of every count."""
        moduli = self.moduli_count()
        crt = self.distinct * (self.n if self.sized else 1) * moduli * 64
        return moduli * self.cells + crt

    def table_bytes(self, moduli=1) -> int:
        return 8 * moduli * (self.top + 1) * self.width


def plan(weights, quota, by_size=True) -> Plan:
    """The layout and cost of counting swings in [quota; weights] (weights non-negative integers, quota ≥ 1)."""
    n = len(weights)
    total = sum(weights)
    distinct = len({w for w in weights if w > 0})
    if not by_size:
        width = max(1, min(quota, total + 1))
        product = sum(width - w for w in weights if w < width)
        return Plan(n, quota, total, False, 0, width, False, distinct, product, distinct * width)
    half = (n - 1) // 2
    direct_width = max(1, min(quota, total + 1))
    folded_width = max(direct_width, min(total - quota + 1, total + 1))
    # Through complements when the table stays about as wide; otherwise every size directly (a low quota with
    # a large total weight would make the folded table much wider than the quota).
    complement = folded_width <= 4 * direct_width
    top, width = (half, folded_width) if complement else (n - 1, direct_width)
    rows_in_use = sum(min(j + 2, top + 1) for j in range(n))
    product = rows_in_use * width
    windows = 2 if complement else 1
    window = distinct * windows * (top + 1) * width
    return Plan(n, quota, total, True, top, width, complement, distinct, product, window)


def moduli_for(n):
    """2^64 (wrapping uint64), then primes below 2^39 until their product exceeds 2^(n+1) (every count is < 2^n)."""
    moduli = [1 << 64]
    product = 1 << 64
    candidate = (1 << 39) - 1
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
    for a in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):  # deterministic for m < 3.3·10^24
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


def _windows(layout: Plan, weight):
    """(end, sizes) of the windows a player of this weight swings in: the direct one, and the folded one."""
    windows = [(layout.quota, layout.top if layout.sized else 0)]
    if layout.complement:
        end = layout.total - layout.quota + 1
        sizes = layout.n - 2 - layout.top
        if end > 0 and sizes >= 0:
            windows.append((min(end, layout.width), sizes))
    return windows


# ------------------------------------------------------------------------------------------------------------
# The table


def _count_table(weights, layout: Plan, dtype, primes=None, exponents=None):
    """T[m, s, w] for s ≤ layout.top and w < layout.width, modulo each modulus m (exact) or scaled (float, m = 0).

    Players are added heaviest first, each row updated in place from the row below it (rows from the top down, so
    that every row still holds the counts without this player when it is read). Each row's non-zero columns form
    a band [lo, hi], tracked so that the work is only where counts are.
    """
    top, width = layout.top, layout.width
    layers = 1 if primes is None else 1 + len(primes)
    table = np.zeros((layers, top + 1, width), dtype=dtype)
    table[:, 0, 0] = 1
    lo = [0] + [width] * top
    hi = [0] + [-1] * top
    scaled = exponents is not None and any(exponents)
    buffer = np.empty((layers, width), dtype=dtype) if scaled else None
    if primes is not None and len(primes):
        divisors = np.array(primes, dtype=np.uint64)[:, None, None]
        # Residues below 2^b at most double per player: reduce before they could pass 2^63.
        period = 63 - max(p.bit_length() for p in primes)
    rows = 1
    for j, weight in enumerate(sorted(weights, reverse=True)):
        deadline.check()
        rows = min(rows + 1, top + 1)
        if weight >= width:
            continue
        for s in range(rows - 1, 0, -1):
            a, b = lo[s - 1], hi[s - 1]
            if b < a or a + weight >= width:
                continue
            start, stop = a + weight, min(b + weight, width - 1)
            source = table[:, s - 1, a : a + stop - start + 1]
            target = table[:, s, start : stop + 1]
            if scaled and exponents[s - 1] != exponents[s]:
                part = buffer[:, : stop - start + 1]
                np.multiply(source, 2.0 ** (exponents[s - 1] - exponents[s]), out=part)
                target += part
            else:
                target += source
            if start < lo[s]:
                lo[s] = start
            if stop > hi[s]:
                hi[s] = stop
        if primes is not None and len(primes) and j % period == period - 1:
            np.remainder(table[1:, :rows], divisors, out=table[1:, :rows])
    if primes is not None and len(primes):
        np.remainder(table[1:], divisors, out=table[1:])
    return table, (lo, hi)


def _unsized_table(weights, layout: Plan, dtype, primes=None):
    """T[m, 0, w] = #{S : w(S) = w} for w < width (Banzhaf needs no sizes). Floats are rescaled as they grow."""
    width = layout.width
    layers = 1 if primes is None else 1 + len(primes)
    table = np.zeros((layers, 1, width), dtype=dtype)
    table[:, 0, 0] = 1
    row = table[:, 0, :]
    scale_exponent = 0
    if primes is not None and len(primes):
        divisors = np.array(primes, dtype=np.uint64)[:, None]
        period = 63 - max(p.bit_length() for p in primes)
    for j, weight in enumerate(weights):
        deadline.check()
        if weight < width:
            np.add(row[:, weight:], row[:, : width - weight], out=row[:, weight:])  # numpy buffers the overlap
        if primes is not None and len(primes) and j % period == period - 1:
            np.remainder(row[1:], divisors, out=row[1:])
        if primes is None and j % 64 == 63:
            largest = float(row.max())
            if largest > 2.0**_FLOAT_EXPONENT_CAP:
                shift = math.frexp(largest)[1] - 1
                row *= 2.0**-shift
                scale_exponent += shift
    if primes is not None and len(primes):
        np.remainder(row[1:], divisors, out=row[1:])
    return table, scale_exponent


def _block_sums(table, end, weight, sizes, bands=None):
    """R[m, i, k] = Σ_{end − (k+1)·weight ≤ w < end − k·weight} table[m, i, w], for rows i ≤ sizes and k ≤ sizes − i
    (k < the number of blocks above weight 0): the block sums an alternating diagonal sum is made of.

    ``bands`` (each row's first and last non-zero column) limit what is read: rows are taken a few at a time, and
    only the blocks that meet their bands (and that a size up to ``sizes`` needs) are summed.
    """
    layers = table.shape[0]
    rows = min(sizes, table.shape[1] - 1) + 1
    blocks = min(-(-end // weight), sizes + 1)
    sums = np.zeros((layers, rows, blocks), dtype=table.dtype)
    lo, hi = bands if bands is not None else ([0] * rows, [table.shape[2] - 1] * rows)
    for first_row in range(0, rows, _ROWS_PER_READ):
        last_row = min(rows, first_row + _ROWS_PER_READ)
        k_low, k_high = blocks, -1
        for i in range(first_row, last_row):
            if hi[i] < lo[i]:
                continue
            k_low = min(k_low, max(0, -((hi[i] + weight - end) // weight)))
            k_high = max(k_high, (end - 1 - lo[i]) // weight)
        k_high = min(k_high, blocks - 1, sizes - first_row)
        if k_high < k_low:
            continue
        part = table[:, first_row:last_row]
        stop = end - k_low * weight
        start = end - (k_high + 1) * weight
        full = k_high - k_low + 1 if start >= 0 else k_high - k_low
        if full:
            view = part[:, :, stop - full * weight : stop].reshape(layers, last_row - first_row, full, weight)
            sums[:, first_row:last_row, k_low : k_low + full] = view.sum(axis=3)[:, :, ::-1]
        if start < 0:  # the lowest block starts below weight 0: the part above 0 alone
            sums[:, first_row:last_row, k_high] = part[:, :, : end - k_high * weight].sum(axis=2)
    return sums


def _diagonals(blocks, sizes):
    """D[m, t] = Σ_{i + k = t} blocks[m, i, k] for t ≤ sizes (sums along anti-diagonals, by a skewed copy)."""
    layers, rows, count = blocks.shape
    span = rows + count
    skewed = np.zeros((layers, rows * (span + 1)), dtype=blocks.dtype)
    view = np.lib.stride_tricks.as_strided(
        skewed, shape=(layers, rows, count), strides=(skewed.strides[0], (span + 1) * skewed.strides[1],
                                                      skewed.strides[1])
    )
    view[...] = blocks
    sums = skewed[:, : rows * span].reshape(layers, rows, span).sum(axis=1)
    return sums[:, : sizes + 1]


# ------------------------------------------------------------------------------------------------------------
# Exact


def exact_counts(weights, quota, layout: Plan):
    """{weight: swing counts by size (a list of n ints), or the total (an int) when not by size}, exactly."""
    moduli = moduli_for(layout.n)
    distinct = sorted({w for w in weights if w > 0})
    primes = moduli[1:]
    per_group = max(1, _EXACT_GROUP_BYTES // max(1, layout.table_bytes()) - 1)
    groups = [primes[start : start + per_group] for start in range(0, len(primes), per_group)] or [[]]
    residues = {w: [[] for _ in _windows(layout, w)] for w in distinct}  # per window: one array per modulus
    for number, group in enumerate(groups):
        # Every group's table has the wrapping 2^64 layer first (it costs one layer); the first group's is kept.
        if layout.sized:
            table, bands = _count_table(weights, layout, np.uint64, primes=group)
        else:
            table, bands = _unsized_table(weights, layout, np.uint64, primes=group)[0], None
        layer_moduli = np.array([0] + group, dtype=np.uint64)[:, None]
        for weight in distinct:
            for index, (end, sizes) in enumerate(_windows(layout, weight)):
                signed = _exact_window(table, bands, end, weight, sizes, layer_moduli, layout.sized)
                residues[weight][index].extend(signed if number == 0 else signed[1:])
        del table
    counts = {}
    for weight in distinct:
        windows = [
            [_crt([int(r[t]) for r in per_modulus], moduli) for t in range(len(per_modulus[0]))]
            for per_modulus in residues[weight]
        ]
        if not layout.sized:
            counts[weight] = windows[0][0]
            continue
        direct = windows[0]
        folded = windows[1] if len(windows) > 1 else []
        by_size = [0] * layout.n
        for s in range(layout.n):
            if s <= layout.top:
                by_size[s] = direct[s] if s < len(direct) else 0
            else:
                t = layout.n - 1 - s
                by_size[s] = folded[t] if t < len(folded) else 0
        counts[weight] = by_size
    return counts


def _exact_window(table, bands, end, weight, sizes, moduli, sized):
    """Residues (one array per modulus) of the window counts for sizes 0..sizes (or the total when not sized)."""
    if not sized:
        sizes = -(-end // weight)  # every block: sizes do not limit the alternating sum
    blocks = _block_sums(table, end, weight, sizes, bands)
    primes = moduli[:, :, None]
    prime_layers = moduli[:, 0] != 0
    if prime_layers.any():
        blocks[prime_layers] %= primes[prime_layers]
    # Even k add, odd k subtract: two sums of residues, then one subtraction per modulus.
    plus = blocks.copy()
    plus[:, :, 1::2] = 0
    minus = blocks
    minus[:, :, ::2] = 0
    if sized:
        plus, minus = _diagonals(plus, sizes), _diagonals(minus, sizes)
    else:
        plus, minus = plus.sum(axis=(1, 2))[:, None], minus.sum(axis=(1, 2))[:, None]
    if prime_layers.any():
        plus[prime_layers] %= moduli[prime_layers]
        minus[prime_layers] %= moduli[prime_layers]
    result = plus + (moduli - minus)  # modulus 0 (2^64): plain wrapping subtraction
    if prime_layers.any():
        result[prime_layers] %= moduli[prime_layers]
    return list(result)


def _crt(residues, moduli):
    """The integer in [0, Π moduli) with the given residues."""
    value, product = 0, 1
    for residue, modulus in zip(residues, moduli, strict=True):
        step = ((residue - value) * pow(product, -1, modulus)) % modulus
        value += product * step
        product *= modulus
    return value


# ------------------------------------------------------------------------------------------------------------
# Floating point


def float_error_factor(layout: Plan) -> float:
    """γ_k = k·u/(1 − k·u) for the longest chain of roundings a float result goes through: ``n`` additions into a
    table cell, a block sum (numpy's pairwise sum: at most 128 + log2 terms in a chain), the alternating diagonal
    sum, and the sum over sizes."""
    block = 128 + max(1, layout.width).bit_length()
    chain = layout.n + block + (layout.top + 2) + layout.n + 4
    return chain * UNIT_ROUNDOFF / (1 - chain * UNIT_ROUNDOFF)


def float_counts(weights, quota, layout: Plan):
    """{weight: (scaled signed counts, scaled absolute sums, exponents)} per window, in float64.

    Returns ``(per_weight, exponents)`` where ``per_weight[weight]`` is a list over windows of (signed, absolute)
    arrays indexed by size t: the window count at size t is ``signed[t] · 2^exponents[t]`` and ``absolute[t]``
    (same scale) is the sum of the magnitudes of the terms it was computed from, for the error bound.
    Without sizes, ``exponents`` is a single exponent.
    """
    distinct = sorted({w for w in weights if w > 0})
    if not layout.sized:
        table, exponent = _unsized_table(weights, layout, np.float64)
        result = {}
        for weight in distinct:
            end = layout.quota
            blocks = _block_sums(table, end, weight, -(-end // weight))[0, 0]
            signs = np.where(np.arange(blocks.size) % 2 == 0, 1.0, -1.0)
            result[weight] = [(np.array([float(signs @ blocks)]), np.array([float(blocks.sum())]))]
        return result, exponent
    exponents = _row_exponents(layout)
    table, bands = _count_table(weights, layout, np.float64, exponents=exponents)
    scaled = any(exponents)
    result = {}
    for weight in distinct:
        windows = []
        for end, sizes in _windows(layout, weight):
            blocks = _block_sums(table, end, weight, sizes, bands)[0]
            if scaled:  # block sums of row i in the units of row t = i + k
                rows, count = blocks.shape
                target = np.minimum(np.arange(rows)[:, None] + np.arange(count)[None, :], layout.top)
                blocks = np.ldexp(blocks, np.asarray(exponents)[:rows, None] - np.asarray(exponents)[target])
            signs = np.where(np.arange(blocks.shape[1]) % 2 == 0, 1.0, -1.0)
            signed = _diagonals((blocks * signs)[None], sizes)[0]
            absolute = _diagonals(blocks[None], sizes)[0]
            windows.append((signed, absolute))
        result[weight] = windows
    return result, exponents


def _row_exponents(layout: Plan):
    """e_s ≥ 0 with C(n, s)·2^-e_s ≤ 2^960: rows are held as counts times 2^-e_s (all 0 up to about 960 players)."""
    n = layout.n
    exponents = []
    for s in range(layout.top + 1):
        bits = math.comb(n, s).bit_length()
        exponents.append(max(0, bits - _FLOAT_EXPONENT_CAP))
    return exponents
