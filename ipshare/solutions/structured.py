"""Shapley and Banzhaf values of structured games, component by component, exactly.

Both values are linear in v, and a player outside a component's players is a null player of that component. So
for v = Σ_c v_c + K·[S ≠ ∅] (:class:`~ipshare.structure.StructuredGame`)

    φ_i(v) = Σ_{c ∋ i} φ_i(v_c on its k_c players) + K/n,
    β_i(v) = Σ_{c ∋ i} β_i(v_c on its k_c players) + K/2^(n−1),

and each component's value is computed on its own 2^k_c coalitions. Components of the same size are stacked
and done together by matrix products. With exact (integer over a denominator) tables the products are exact: the
numerators are cut into limbs small enough that every float64 product and sum stays below 2^53, and the limbs
are put together again as Python integers. Components too large for a table are sampled
(:mod:`ipshare.solutions.sampling`); the result then says so and carries standard errors.

:func:`additive_value` is the entry point :func:`~ipshare.solutions.shapley.shapley_value` and
:func:`~ipshare.solutions.banzhaf.banzhaf_value` hand large games to; it also dispatches weighted voting games to
:mod:`ipshare.solutions.voting`.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from ..errors import GameError
from ..games import Game, popcounts
from . import _allocation

__all__ = ["additive_value", "structured_value", "exact_matrix_product"]

# Stacked component tables are processed in batches of about this many bytes.
_BATCH_BYTES = 32 << 20


def additive_value(game, rule, exact=None, sampling=None):
    """Shapley (``rule="shapley"``) or raw Banzhaf (``"banzhaf"``) of a game without a usable dense table.

    Weighted voting games go to the dynamic programme of :mod:`ipshare.solutions.voting`, structured games
    component by component (:func:`structured_value`); any other game is sampled.
    """
    from ..structure import StructuredGame
    from .voting import voting_power

    spec = getattr(game, "spec", None)
    if spec is not None and spec.get("type") == "weighted-voting":
        try:
            return voting_power(game, rule)
        except GameError:
            if isinstance(game, Game):
                # Weights too fine for the dynamic programme, but the table is there: the dense path.
                from .banzhaf import banzhaf_value
                from .shapley import shapley_value

                metadata = {"name": game.name, "unions": game.unions, "cooperation": game.cooperation}
                plain = Game(
                    game.players, game.values, game.kind, exact=game.exact_scaled, scenario=game.scenario, **metadata
                )
                return (shapley_value if rule == "shapley" else banzhaf_value)(plain, exact=exact)
            raise  # no table either: a clear error that advises the sampled rules, never a silent estimate
    if isinstance(game, StructuredGame):
        return structured_value(game, rule, exact=exact, sampling=sampling)
    from .sampling import sampled_value

    return sampled_value(game, rule, sampling)


def structured_value(game, rule, exact=None, sampling=None):
    """The Shapley or raw Banzhaf value of a :class:`~ipshare.structure.StructuredGame`, source by source.

    ``exact``: also exact rationals (default: when every component is exact and none is sampled).

    Examples
    --------
    >>> import numpy as np
    >>> from ipshare.structure import Component, StructuredGame
    >>> glove = Component((0, 1), np.array([0.0, 0.0, 0.0, 1.0]), (np.array([0, 0, 0, 1]), 1))
    >>> majority = Component((1, 2, 3), np.array([0.0, 0, 0, 6, 0, 6, 6, 6]), (np.array([0, 0, 0, 6, 0, 6, 6, 6]), 1))
    >>> structured_value(StructuredGame(["L", "R", "A", "B"], [glove, majority]), "shapley").exact
    {'L': Fraction(1, 2), 'R': Fraction(5, 2), 'A': Fraction(2, 1), 'B': Fraction(2, 1)}
    """
    if rule not in ("shapley", "banzhaf"):
        raise GameError(f"no structured method for {rule}")
    n = game.n
    tabulated = [c for c in game.components if c.values is not None]
    untabulated = [c for c in game.components if c.values is None]
    if exact is None:
        exact = game.is_exact and not untabulated
    elif exact and (not game.is_exact or untabulated):
        raise GameError("exact values were asked for, but this game has float or sampled components")
    floats = np.zeros(n)
    sums = {}  # denominator -> object array of numerators per player
    by_size = {}
    for component in tabulated:
        by_size.setdefault(component.size, []).append(component)
    from ..deadline import check as check_deadline

    for k, components in sorted(by_size.items()):
        check_deadline()
        if exact:
            _exact_components(components, k, rule, sums, n)
        else:
            _float_components(components, k, rule, floats)
    constant = Fraction(game.constant) if exact else float(game.constant)
    share = constant / n if rule == "shapley" else constant / 2 ** (n - 1)
    method = "exact-structured"
    details = {
        "components": len(game.components),
        "largest_component": max((c.size for c in game.components), default=0),
    }
    stderr = None
    if untabulated:
        from .sampling import sample_components

        estimate, stderr, sampled_details = sample_components(game, untabulated, rule, sampling)
        floats += estimate
        method = "exact-structured+sampled"
        details.update(sampled_details)
    if exact:
        totals = [Fraction(0)] * n
        for denominator, numerators in sums.items():
            for i in np.flatnonzero(numerators != 0):
                totals[i] += Fraction(int(numerators[i]), denominator)
        values = [total + share for total in totals]
        return _allocation(game, rule, None, exact=values, method=method, **details)
    allocation = _allocation(game, rule, floats + float(share), method=method, **details)
    if stderr is not None:
        from .sampling import with_errors

        allocation = with_errors(allocation, stderr, sampling)
    return allocation


def _weights(k, rule):
    """Integer coefficients per coalition size, and the common denominator, for one component of k players.

    Shapley: φ_i·k! = Σ_{S∋i} (a_s + b_s)·v(S) − Σ_S b_s·v(S), a_s = (s−1)!(k−s)!, b_s = s!(k−s−1)!.
    Banzhaf: β_i·2^(k−1) = Σ_{S∋i} 2·v(S) − Σ_S v(S).
    """
    if rule == "shapley":
        factorial = [math.factorial(j) for j in range(k + 1)]
        a = [factorial[s - 1] * factorial[k - s] if s >= 1 else 0 for s in range(k + 1)]
        b = [factorial[s] * factorial[k - s - 1] if s <= k - 1 else 0 for s in range(k + 1)]
        return [x + y for x, y in zip(a, b, strict=True)], b, factorial[k]
    return [2] * (k + 1), [1] * (k + 1), 1 << (k - 1)


def _design(k, inside, everyone):
    """The (2^k × (k+1)) matrix whose product with a table gives Σ_{S∋i} inside_s·v(S) and Σ_S everyone_s·v(S)."""
    masks = np.arange(1 << k, dtype=np.int64)
    sizes = popcounts(k).astype(np.intp)
    bits = ((masks[:, None] >> np.arange(k)) & 1).astype(np.int64)
    matrix = np.empty((1 << k, k + 1), dtype=np.int64 if max(inside) < 1 << 62 else object)
    matrix[:, :k] = bits * np.asarray(inside, dtype=matrix.dtype)[sizes][:, None]
    matrix[:, k] = np.asarray(everyone, dtype=matrix.dtype)[sizes]
    return matrix


def _batches(components, k):
    step = max(1, _BATCH_BYTES // (8 << k))
    for start in range(0, len(components), step):
        yield components[start : start + step]


def _float_components(components, k, rule, floats):
    inside, everyone, scale = _weights(k, rule)
    design = _design(k, inside, everyone).astype(np.float64) / float(scale)
    for batch in _batches(components, k):
        tables = np.stack([c.values for c in batch])
        sums = tables @ design
        phi = sums[:, :k] - sums[:, k : k + 1]
        for component, row in zip(batch, phi, strict=True):
            floats[list(component.players)] += row


def _exact_components(components, k, rule, sums, n):
    inside, everyone, scale = _weights(k, rule)
    design = _design(k, inside, everyone)
    for batch in _batches(components, k):
        common = math.lcm(*(c.exact[1] for c in batch))
        tables = np.stack([_rescaled(c.exact[0], common // c.exact[1]) for c in batch])
        if tables.dtype == object:
            tables = np.stack([np.asarray(_rescaled(c.exact[0], common // c.exact[1]), dtype=object) for c in batch])
        products = exact_matrix_product(tables, design)
        phi = products[:, :k] - products[:, k : k + 1]
        target = sums.setdefault(scale * common, np.zeros(n, dtype=object))
        for component, row in zip(batch, phi, strict=True):
            target[list(component.players)] += row


def _rescaled(numerators, factor):
    """Numerators times an integer factor: int64 while that is safe, else Python integers."""
    numerators = np.asarray(numerators)
    if numerators.dtype != object:
        largest = int(np.abs(numerators).max()) if numerators.size else 0
        if largest * factor < 1 << 62:
            return numerators.astype(np.int64) * np.int64(factor)
    return numerators.astype(object) * factor


def exact_matrix_product(left, right):
    """``left @ right`` exactly, as an object array of Python ints, using float64 matrix products.

    ``left`` is an integer array (int64, or object holding Python ints), ``right`` a non-negative integer matrix.
    The left operand is shifted to be non-negative and cut into limbs of L bits, L chosen so that every entry of
    a limb's product is below 2^52 and so computed exactly by the float64 product; the limbs' products are then
    shifted back and added as Python integers. Falls back to object arithmetic when ``right`` is too large for
    any limb width.

    Examples
    --------
    >>> left = np.array([[2**60 + 3, -(2**61)], [5, 7]], dtype=np.int64)
    >>> right = np.array([[1, 2], [3, 4]], dtype=np.int64)
    >>> exact_matrix_product(left, right).tolist() == (left.astype(object) @ right.astype(object)).tolist()
    True
    """
    rows = left.shape[1]
    right_max = int(np.max(right)) if right.size else 0
    budget = 52 - max(1, right_max.bit_length()) - max(1, (rows - 1).bit_length())
    if left.dtype == object or right.dtype == object or budget < 4:
        return np.asarray(left, dtype=object) @ np.asarray(right, dtype=object)
    shift = int(left.min())
    unsigned = (left.astype(np.int64) - np.int64(shift)) if shift > -(1 << 62) and int(left.max()) < 1 << 62 else None
    if unsigned is None:
        return np.asarray(left, dtype=object) @ np.asarray(right, dtype=object)
    limb_bits = budget
    top = int(unsigned.max()).bit_length()
    right_float = right.astype(np.float64)
    result = np.zeros((left.shape[0], right.shape[1]), dtype=object)
    mask = np.int64((1 << limb_bits) - 1)
    for limb in range(max(1, -(-top // limb_bits))):
        part = ((unsigned >> np.int64(limb * limb_bits)) & mask).astype(np.float64)
        product = (part @ right_float).astype(np.int64).astype(object)
        result += product * (1 << (limb * limb_bits))
    column_sums = right.astype(object).sum(axis=0)
    return result + shift * column_sums[None, :]
