"""Shapley and Banzhaf values of structured games, component by component, exactly.

Both values are linear in v, and a player outside a component's players is a null player of that component. So
for v = Σ_c v_c + K·[S ≠ ∅] (:class:`~ipshare.games.StructuredGame`)

    φ_i(v) = Σ_{c ∋ i} φ_i(v_c on its k_c players) + K/n,
    β_i(v) = Σ_{c ∋ i} β_i(v_c on its k_c players) + K/2^(n−1),

and each component's value is computed on its own 2^k_c coalitions. Components of the same size are stacked
and done together by matrix products. With exact (integer over a denominator) tables the products are exact: the
numerators are cut into limbs small enough that every float64 product and sum stays below 2^53, and the limbs
are put together again as Python integers. A component too large for a table is valued exactly from the counts
of its classes of interchangeable members when it has few (:func:`_counted_component`: a patent pool whose licence
needs every one of 30 makers has one class, 31 count vectors); else it is sampled
(:mod:`ipshare.solutions.sampling`), and the result then says so (method ``sampled-structured``) and carries
standard errors.

:func:`additive_value` is the entry point :func:`~ipshare.solutions.shapley.shapley_value` and
:func:`~ipshare.solutions.banzhaf.banzhaf_value` hand large games to; it also dispatches weighted voting games to
:mod:`ipshare.solutions.voting`.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np

from ..errors import GameError
from ..games.structured import StructuredGame
from ..games.table import Game, member_sums, popcounts, require_memory
from .allocation import make_allocation

__all__ = ["additive_value", "structured_value", "exact_matrix_product"]

# Stacked component tables are processed in batches of about this many bytes.
_BATCH_BYTES = 32 << 20
# Components of this many players or more are summed by coalition size, without a design matrix.
_BY_SIZE_PLAYERS = 15


def additive_value(game, rule, exact=None, sampling=None):
    """Shapley (``rule="shapley"``) or raw Banzhaf (``"banzhaf"``) of a game without a usable dense table.

    Weighted voting games go to the dynamic programme of :mod:`ipshare.solutions.voting`, structured games
    component by component (:func:`structured_value`); any other game is sampled. Returns None for a weighted
    voting game whose weights are too fine for the dynamic programme but which has its table: the caller (the
    dense rule) then computes it from :func:`as_table` of it.
    """
    from .voting import voting_power

    if is_voting(game):
        try:
            return voting_power(game, rule, exact=exact)
        except GameError:
            if isinstance(game, Game):
                return None  # weights too fine for the dynamic programme, but the table is there: the dense path
            raise  # no table either: a clear error that advises the sampled rules, never a silent estimate
    if isinstance(game, StructuredGame):
        return structured_value(game, rule, exact=exact, sampling=sampling)
    from .sampling import sampled_value

    return sampled_value(game, rule, sampling)


def is_voting(game) -> bool:
    """Whether ``game`` is a weighted voting game (its weights let its power be counted, table or not)."""
    spec = getattr(game, "spec", None)
    return spec is not None and spec.get("type") == "weighted-voting"


def as_table(game) -> Game:
    """A weighted voting game's table as a plain game (without its weights), for the dense rules."""
    metadata = {"name": game.name, "unions": game.unions, "cooperation": game.cooperation}
    return Game(game.players, game.values, game.kind, exact=game.exact_scaled, scenario=game.scenario, **metadata)


def structured_value(game, rule, exact=None, sampling=None):
    """The Shapley or raw Banzhaf value of a :class:`~ipshare.games.StructuredGame`, source by source.

    ``exact``: also exact rationals (default: when every component is exact and none is sampled).

    Examples
    --------
    >>> import numpy as np
    >>> from ipshare.games import Component, StructuredGame
    >>> glove = Component((0, 1), np.array([0.0, 0.0, 0.0, 1.0]), (np.array([0, 0, 0, 1]), 1))
    >>> majority = Component((1, 2, 3), np.array([0.0, 0, 0, 6, 0, 6, 6, 6]), (np.array([0, 0, 0, 6, 0, 6, 6, 6]), 1))
    >>> structured_value(StructuredGame(["L", "R", "A", "B"], [glove, majority]), "shapley").exact
    {'L': Fraction(1, 2), 'R': Fraction(5, 2), 'A': Fraction(2, 1), 'B': Fraction(2, 1)}
    """
    if rule not in ("shapley", "banzhaf"):
        raise GameError(f"no structured method for {rule}")
    n = game.n
    tabulated = [c for c in game.components if c.values is not None]
    by_counts = [c for c in game.components if c.values is None and _countable(c)]
    sampled = [c for c in game.components if c.values is None and not _countable(c)]
    if exact is None:
        exact = game.is_exact and not sampled
    elif exact and not game.is_exact:
        raise GameError("exact values were asked for, but this game has components with float values")
    elif exact and sampled:
        raise GameError(
            f"exact values were asked for, but {_too_large(sampled)}: no exact method is known for them"
        )
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
    for component in by_counts:
        check_deadline()
        numerators, denominator = _counted_component(component, rule)
        if exact:
            target = sums.setdefault(denominator, np.zeros(n, dtype=object))
            target[list(component.players)] += numerators
        else:
            floats[list(component.players)] += [float(Fraction(int(x), denominator)) for x in numerators]
    # K/n, or K/2^(n−1): exactly, then to a float (2^(n−1) has no float beyond 1,024 players; the share is 0.0).
    constant = Fraction(game.constant)
    share = constant / n if rule == "shapley" else constant / 2 ** (n - 1)
    method = "exact-structured"
    details = {
        "components": len(game.components),
        "largest_component": max((c.size for c in game.components), default=0),
    }
    if by_counts:
        details["counted_components"] = len(by_counts)
    stderr = None
    if sampled:
        from .sampling import sample_components

        estimate, stderr, sampled_details = sample_components(game, sampled, rule, sampling)
        floats += estimate
        method = "sampled-structured"
        details.update(sampled_details)
    if exact:
        totals = [Fraction(0)] * n
        for denominator, numerators in sums.items():
            for i in np.flatnonzero(numerators != 0):
                totals[i] += Fraction(int(numerators[i]), denominator)
        values = [total + share for total in totals]
        return make_allocation(game, rule, None, exact=values, method=method, **details)
    allocation = make_allocation(game, rule, floats + float(share), method=method, **details)
    if stderr is not None:
        from .sampling import with_errors

        allocation = with_errors(allocation, stderr, sampling)
    return allocation


def _countable(component):
    """Whether a component without a table can be valued exactly from the counts of its classes."""
    from ..alliance.structured import MAX_CLASS_STATES

    states = component.class_states
    return component.numerators is not None and states is not None and states <= MAX_CLASS_STATES


def _too_large(components):
    labels = ", ".join(c.label or "?" for c in components[:3]) + (" …" if len(components) > 3 else "")
    largest = max(c.size for c in components)
    return (
        f"{len(components)} group(s) of revenue sources ({labels}) touch more than 20 members (up to {largest}) "
        "without enough interchangeable members to be counted"
    )


def _counted_component(component, rule):
    """Shapley or raw Banzhaf value of a component from the counts of its classes of interchangeable players.

    The values depend only on how many members of each class a coalition holds, so with V(c) the value at count
    vector c, M(c) = Π_j C(m_j, c_j) coalitions having it, s = |c| and k the component's players, a member of
    class j gets

        φ_j·k! = Σ_c V(c)·M(c)·[(a_s + b_s)·c_j/m_j − b_s],   a_s = (s−1)!(k−s)!, b_s = s!(k−s−1)!,
        β_j·2^(k−1) = Σ_c V(c)·M(c)·(2·c_j/m_j − 1),

    (M(c)·c_j/m_j of those coalitions contain a given member of class j), as for a table but over Π (m_j + 1)
    count vectors instead of 2^k coalitions. Returns per local player the integer numerators and their common
    denominator.
    """
    classes = component.classes
    k = component.size
    sizes = [len(members) for members in classes]
    counts = np.array(list(itertools.product(*(range(m + 1) for m in sizes))), dtype=np.int64).reshape(-1, len(sizes))
    values = np.empty(len(counts), dtype=object)
    step = max(1, (16 << 20) // max(1, k))  # coalitions evaluated at once: about 16 MB of membership cells
    for start in range(0, len(counts), step):
        block = counts[start : start + step]
        membership = np.zeros((len(block), k), dtype=bool)
        for j, members in enumerate(classes):
            membership[:, list(members)] = block[:, j : j + 1] > np.arange(len(members))[None, :]
        values[start : start + step] = [int(v) for v in component.numerators(membership)]
    multiplicity = np.ones(len(counts), dtype=object)
    for j, m in enumerate(sizes):
        binomials = np.array([math.comb(m, c) for c in range(m + 1)], dtype=object)
        multiplicity = multiplicity * binomials[counts[:, j]]
    weighted = values * multiplicity  # V(c)·M(c)
    result = [0] * k
    if rule == "banzhaf":
        everyone = int(weighted.sum())
        for j, members in enumerate(classes):
            inside = int((weighted * counts[:, j]).sum()) // sizes[j]
            for position in members:
                result[position] = 2 * inside - everyone
        return result, (1 << (k - 1)) * component.denominator
    totals = counts.sum(axis=1)
    order = np.argsort(totals, kind="stable")
    present, starts = np.unique(totals[order], return_index=True)
    factorial = [math.factorial(j) for j in range(k + 1)]
    a = [factorial[s - 1] * factorial[k - s] if s >= 1 else 0 for s in present]
    b = [factorial[s] * factorial[k - s - 1] if s <= k - 1 else 0 for s in present]
    everyone = np.add.reduceat(weighted[order], starts)
    subtract = sum(int(x) * y for x, y in zip(everyone, b, strict=True))
    for j, members in enumerate(classes):
        inside = np.add.reduceat((weighted * counts[:, j])[order], starts)
        total = sum((int(x) // sizes[j]) * (y + z) for x, y, z in zip(inside, a, b, strict=True)) - subtract
        for position in members:
            result[position] = total
    return result, factorial[k] * component.denominator


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


def _design(k, inside, everyone, scale=None):
    """The (2^k × (k+1)) matrix whose product with a table gives Σ_{S∋i} inside_s·v(S) and Σ_S everyone_s·v(S).

    Integers (int64, or Python integers beyond), or with ``scale`` floats divided by it.
    """
    if scale is not None:
        dtype = np.float64
        inside = [float(Fraction(x, scale)) for x in inside]
        everyone = [float(Fraction(x, scale)) for x in everyone]
    else:
        dtype = np.int64 if max(inside) < 1 << 62 else object
    # Column by column: the only temporaries have 2^k entries (a (2^k × k) matrix of bits would double the memory).
    require_memory((1 << k) * (k + 1) * 8 + (1 << k) * 24, f"the weights of a {k}-member component")
    masks = np.arange(1 << k, dtype=np.int64)
    sizes = popcounts(k).astype(np.intp)
    weights = np.asarray(inside, dtype=dtype)[sizes]
    matrix = np.empty((1 << k, k + 1), dtype=dtype)
    for j in range(k):
        matrix[:, j] = ((masks >> j) & 1).astype(dtype) * weights
    matrix[:, k] = np.asarray(everyone, dtype=dtype)[sizes]
    return matrix


def _limb_budget(k, inside, everyone):
    """Bits per limb that keep exact_matrix_product in float64 for this design (below 4: it would not)."""
    return 52 - max(1, max(max(inside), max(everyone)).bit_length()) - max(1, ((1 << k) - 1).bit_length())


def _exact_by_size(numerators, k, inside, everyone):
    """Σ_{S∋i} inside_s·v(S) − Σ_S everyone_s·v(S) for each of k players, exactly, from a table of numerators.

    For weights too large for exact float64 products (Shapley on 15 or more players: (k−1)! alone has 37 bits and
    more), without a (2^k × (k+1)) matrix of Python integers: the sums of v over the coalitions of each size s,
    with and without each player, are computed first — on limbs of the numerators small enough that every float64
    sum is exact — and only those (k + 1)² integers are weighted.
    """
    values = np.asarray(numerators)
    shift = int(values.min())
    unsigned = values.astype(object) - shift if values.dtype == object or shift < -(1 << 62) else None
    if unsigned is None:
        wide = values.astype(np.int64)
        unsigned = wide - np.int64(shift) if int(wide.max()) - shift < 1 << 63 else wide.astype(object) - shift
    # Weights that do not depend on the size (Banzhaf) need one pass, not one per size.
    by_size = len(set(inside)) > 1 or len(set(everyone)) > 1
    sizes = popcounts(k) if by_size else np.zeros(1 << k, dtype=np.uint8)
    groups = range(k + 1) if by_size else range(1)
    limb_bits = 52 - k  # a sum of at most 2^k values below 2^limb_bits stays below 2^52
    top = int(unsigned.max()).bit_length()
    with_player = [[0] * (k + 1) for _ in range(k)]  # [i][s]: Σ_{S∋i, |S|=s} v(S)
    every = [0] * (k + 1)  # [s]: Σ_{|S|=s} v(S)
    mask = (1 << limb_bits) - 1
    for limb in range(max(1, -(-top // limb_bits))):
        offset = limb * limb_bits
        if unsigned.dtype == object:
            part = ((unsigned >> offset) & mask).astype(np.float64)
        else:
            part = ((unsigned >> np.int64(offset)) & np.int64(mask)).astype(np.float64)
        for size in groups:
            masked = np.where(sizes == size, part, 0.0) if by_size else part
            every[size] += int(masked.sum()) << offset
            for i, total in enumerate(member_sums(masked, k)):
                with_player[i][size] += int(total) << offset
    # The shift: shift·C(k−1, s−1) coalitions of size s contain i, shift·C(k, s) have size s.
    if not by_size:  # every coalition counted as size 0, weighed by the common weights
        every[0] += shift << k
        for i in range(k):
            with_player[i][0] += shift << (k - 1)
        subtract = everyone[0] * every[0]
        return [inside[0] * row[0] - subtract for row in with_player]
    for size in range(k + 1):
        every[size] += shift * math.comb(k, size)
        for i in range(k):
            with_player[i][size] += shift * (math.comb(k - 1, size - 1) if size else 0)
    subtract = sum(w * t for w, t in zip(everyone, every, strict=True))
    return [sum(w * t for w, t in zip(inside, row, strict=True)) - subtract for row in with_player]


def _batches(components, k):
    step = max(1, _BATCH_BYTES // (8 << k))
    for start in range(0, len(components), step):
        yield components[start : start + step]


def _float_components(components, k, rule, floats):
    inside, everyone, scale = _weights(k, rule)
    design = _design(k, inside, everyone, scale)
    for batch in _batches(components, k):
        tables = np.stack([c.values for c in batch])
        sums = tables @ design
        phi = sums[:, :k] - sums[:, k : k + 1]
        for component, row in zip(batch, phi, strict=True):
            floats[list(component.players)] += row


def _exact_components(components, k, rule, sums, n):
    inside, everyone, scale = _weights(k, rule)
    # Beyond 15 players the design matrix has millions of cells (Python integers, for Shapley's weights): the
    # sums by size are computed from the table instead, one component at a time.
    if k >= _BY_SIZE_PLAYERS or _limb_budget(k, inside, everyone) < 4:
        for component in components:
            numerators, denominator = component.exact
            target = sums.setdefault(scale * denominator, np.zeros(n, dtype=object))
            target[list(component.players)] += _exact_by_size(numerators, k, inside, everyone)
        return
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
