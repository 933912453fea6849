"""The nucleolus and the prenucleolus (Schmeidler 1969), by a sequence of LPs with constraint generation, certified.

Convention. In a benefit game the excess of coalition S at x is e(S, x) = v(S) − x(S): how much S would gain by
leaving. The prenucleolus is the efficient x (x(N) = v(N)) whose vector of excesses over the non-empty proper
coalitions, sorted from largest to smallest, is lexicographically smallest; the nucleolus is the same over
imputations (x_i ≥ v({i}) as well). In a cost game (``kind: cost``) a coalition complains when it pays more than
its stand-alone cost: e(S, y) = y(S) − c(S); this is the benefit convention applied to v = −c and x = −y.

Method (Maschler, Peleg & Shapley 1979; the dual test of when a coalition is settled is the classical one, see
e.g. Fromen 1997). Stage k minimises ε over the x that keep every coalition settled so far at its excess, with
v(S) − x(S) ≤ ε for every other coalition. A coalition is settled only when its excess is the same in *every*
optimum: when its constraint has a positive dual value. Coalitions whose indicator vector is a combination of the
settled ones have a fixed excess and leave the LP. The stages end when the settled coalitions span the space, so
the point is unique. The 2^n coalition constraints are never all built: each stage starts from a small set and
adds the most violated coalitions, found by a vectorised scan over the bitmask array, until none is violated.

Certificate. Every result is checked by Kohlberg's criterion (Kohlberg 1971): x is the prenucleolus iff for
every α the coalitions with excess ≥ α form a balanced collection (for the nucleolus, balanced together with the
players held at their stand-alone value, who may carry weight zero). Levels are checked from the top until the
collection spans R^n; after that every larger collection is balanced too. With ``certify=True`` (exact games,
n ≤ 16) the allocation is rebuilt in rationals from the settled coalitions and every balancing weight is
verified exactly. A result that fails its certificate raises :class:`CertificateError`; it is never returned.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from ..errors import RuleError
from ..lp import DUAL_POSITIVE, INF, IncrementalLP, LPError, tight_tolerance
from .allocation import make_allocation
from .nucleolus_basis import _IntegerBasis

__all__ = [
    "nucleolus",
    "prenucleolus",
    "lexicographic_centre",
    "LinearConstraint",
    "CertificateError",
    "subset_sums",
    "kohlberg_certificate",
]

EXACT_CERTIFY_MAX = 16


class CertificateError(LPError):
    """A computed allocation failed its certificate: a numerical failure, reported instead of a wrong answer."""

    exit_status = 4


@dataclass(frozen=True)
class LinearConstraint:
    """``lower ≤ Σ coefficients[i]·x_i ≤ upper`` on an allocation (benefit convention), e.g. a contract clause."""

    coefficients: tuple
    lower: float = -INF
    upper: float = INF
    name: str = ""


@dataclass
class Stage:
    epsilon: float
    coalitions: list = field(default_factory=list)  # settled and independent of those settled before
    settled: list = field(default_factory=list)  # every coalition settled at this stage
    settled_players: list = field(default_factory=list)
    players: list = field(default_factory=list)
    constraints: list = field(default_factory=list)
    settled_constraints: list = field(default_factory=list)  # every clause row settled at this stage: (row, value)


@dataclass
class Centre:
    x: np.ndarray
    exact: list | None
    stages: list
    certificate: str
    rows: int


def subset_sums(x, out=None) -> np.ndarray:
    """x(S) for every coalition S, indexed by mask (one pass of doubling, written into ``out`` when given).

    The sums of the masks with bit i set are those without it, plus x_i: each half is written once, in place,
    so that no table is rebuilt per player.
    """
    n = len(x)
    sums = np.empty(1 << n, dtype=np.float64) if out is None else out
    sums[0] = 0.0
    for i, value in enumerate(x):
        np.add(sums[: 1 << i], value, out=sums[1 << i : 2 << i])
    return sums


class _Ones:
    """Indexed like a table of per-coalition divisors that are all 1, without holding 2^n of them."""

    def __getitem__(self, masks):
        return np.ones(np.shape(masks)) if np.ndim(masks) else 1.0


def _top(scores, masks, count):
    """The ``count`` masks of highest score, ordered by score (high first) then by mask: the first entries of a
    stable sort by descending score, found by partial selection (np.argpartition) instead of sorting them all.
    ``masks=None``: the masks are the positions in ``scores`` (returned as masks, not positions)."""
    if masks is None:
        chosen = _top(scores, _Positions(scores.size), count)
        return chosen
    if count < masks.size:
        # Partition, then keep every mask that ties with the last one selected, so the stable order is exact.
        chosen = np.argpartition(-scores, count - 1)[:count]
        cut = scores[chosen].min()
        chosen = np.flatnonzero(scores >= cut)
    else:
        chosen = np.arange(masks.size)
    order = np.lexsort((masks[chosen], -scores[chosen]))
    return chosen[order][:count]


class _Positions:
    """masks[i] = i for a table indexed by mask, without building the 2^n of them."""

    def __init__(self, size):
        self.size = size

    def __getitem__(self, index):
        return np.asarray(index)


def _members(masks, n):
    return ((np.asarray(masks, dtype=np.int64)[:, None] >> np.arange(n)) & 1).astype(np.int64)


def prenucleolus(game, *, certify=None, constraints=()):
    """The prenucleolus: the lexicographic centre of the efficient allocations.

    Examples
    --------
    >>> from ipshare.games import table_game
    >>> game = table_game(["A", "B", "C"], {"A": 2, "B": 6, "C": 5, "A+B": 15, "A+C": 1, "B+C": 18, "A+B+C": 14})
    >>> prenucleolus(game, certify=True).exact    # R package CoopGame, test suite
    {'A': Fraction(-1, 1), 'B': Fraction(13, 1), 'C': Fraction(2, 1)}

    References
    ----------
    D. Schmeidler, "The nucleolus of a characteristic function game", SIAM J. Appl. Math. 17, 1969.
    E. Kohlberg, "On the nucleolus of a characteristic function game", SIAM J. Appl. Math. 20, 1971.
    """
    return _rule(game, "prenucleolus", imputations=False, certify=certify, constraints=constraints)


def nucleolus(game, *, certify=None, constraints=()):
    """The nucleolus: the lexicographic centre of the imputations (x(N) = v(N), x_i ≥ v({i})).

    Raises
    ------
    RuleError
        When there is no imputation (the stand-alone values exceed the grand value).

    Examples
    --------
    >>> from ipshare.games import bankruptcy_game
    >>> nucleolus(bankruptcy_game(200, {"A": 100, "B": 200, "C": 300}), certify=True).exact
    {'A': Fraction(50, 1), 'B': Fraction(75, 1), 'C': Fraction(75, 1)}

    The Talmud's division of an estate of 200 (Aumann & Maschler 1985).
    """
    return _rule(game, "nucleolus", imputations=True, certify=certify, constraints=constraints)


def _rule(game, name, *, imputations, certify, constraints):
    centre = lexicographic_centre(game, imputations=imputations, certify=certify, constraints=constraints)
    sign = -1 if game.kind == "cost" else 1
    details = {
        "stages": len(centre.stages),
        "epsilons": [stage.epsilon + 0.0 for stage in centre.stages],
        "certificate": centre.certificate,
        "lp_rows": centre.rows,
        "convention": "excess = x(S) - c(S) (cost game)" if game.kind == "cost" else "excess = v(S) - x(S)",
    }
    if centre.exact is not None:
        return make_allocation(
            game, name, None, exact=[sign * value for value in centre.exact], method="lp-sequence", **details
        )
    return make_allocation(game, name, sign * centre.x, method="lp-sequence", **details)


def _benefit_values(game):
    """The game in the benefit convention (a cost game's values negated), floats and exact."""
    values = game.values if game.kind == "benefit" else -game.values
    exact = None
    if game.exact_scaled is not None:
        numerators, denominator = game.exact_scaled
        exact = (numerators if game.kind == "benefit" else -numerators, denominator)
    return values, exact


def beyond_float_resolution(exact_values) -> bool:
    """Whether two distinct coalition values (or a value and 0) differ by less than 10^-9 of the largest: finer
    than the LP's tolerance (:func:`ipshare.lp.tight_tolerance`, 10^-7 of the scale) tells apart, with a margin.
    Judged on the exact values: the float table may have lost the difference already (10^18 + 10^-18)."""
    numerators, _ = exact_values
    distinct = np.unique(np.asarray(numerators))
    largest = max(abs(int(distinct[0])), abs(int(distinct[-1])))
    if distinct.size < 2 or largest == 0:
        return False
    smallest_gap = min(int(b) - int(a) for a, b in zip(distinct[:-1], distinct[1:], strict=True))
    return smallest_gap * 10**9 < largest


def stand_alone_exceeds_grand(values, exact_values, n) -> bool:
    """Whether Σ v({i}) > v(N), so that there is no imputation: exactly when the exact values are known (at 10^18 a
    float cannot see an excess of 10^-18, and the LP would return a point below a stand-alone value), else within
    the LP tolerance."""
    full = (1 << n) - 1
    if exact_values is not None:
        numerators, _ = exact_values
        return sum(int(numerators[1 << i]) for i in range(n)) > int(numerators[full])
    return float(sum(values[1 << i] for i in range(n))) > values[full] + tight_tolerance(values[full])


def lexicographic_centre(game, *, imputations, certify=None, constraints=(), per_capita=False) -> Centre:
    """The (pre)nucleolus of ``game`` in the benefit convention, with its stages and certificate.

    ``per_capita=True`` ranks coalitions by their excess per member, e(S, x)/|S| (Grotte 1970; Young, Okada &
    Hashimoto 1982): each coalition's row carries |S| instead of 1 in front of ε, and the certificate is
    Kohlberg's criterion on the levels of per-capita excess (the balancedness test is unchanged, since dividing a
    coalition's excess by |S| > 0 does not change the sign of how a direction moves it; docs/stability.md).
    """
    n = game.n
    values, exact_values = _benefit_values(game)
    if certify and (exact_values is None or n > EXACT_CERTIFY_MAX):
        raise RuleError(
            f"exact certification needs a game with rational values and at most {EXACT_CERTIFY_MAX} players"
        )
    full = (1 << n) - 1
    singles = np.array([values[1 << i] for i in range(n)])
    if imputations and stand_alone_exceeds_grand(values, exact_values, n):
        raise RuleError(
            "the nucleolus is undefined: the members' stand-alone values exceed the grand value, so there "
            "is no imputation (the prenucleolus is defined)"
        )
    lower = singles if imputations else None
    if n == 1:
        x = np.array([values[full]])
        exact = None if exact_values is None else [Fraction(int(exact_values[0][full]), exact_values[1])]
        return Centre(x, exact, [], "trivial (one player)", 0)
    # Values finer than the LP's tolerance can settle the wrong coalitions, and the exact point rebuilt from them
    # would look exact: such a game is certified exactly whenever it can be (a wrong answer becomes exit 4).
    unresolved = (
        not certify and exact_values is not None and n <= EXACT_CERTIFY_MAX and beyond_float_resolution(exact_values)
    )
    if not constraints and _symmetric(values, n):
        # Every player is interchangeable with every other, and the (pre)nucleolus is unique, so it gives them
        # equal shares (the imputations are symmetric too): no LP. Certified below like any other result.
        x, rows = np.full(n, values[full] / n), 0
        # At equal shares a coalition's excess depends on its size; the coalitions of any one size 1 … n−1 span
        # R^n, so the sequence has one stage, at the largest of those excesses.
        sizes = np.arange(1, n)
        level = (values[(1 << sizes) - 1] - sizes * values[full] / n) / (sizes if per_capita else 1)
        stages = [Stage(epsilon=float(level.max()))]
        exact = None if exact_values is None else [Fraction(int(exact_values[0][full]), exact_values[1] * n)] * n
    else:
        x, stages, rows = _sequence_at_unit_scale(values, n, lower, constraints, per_capita)
        exact = (
            _exact_point(game, exact_values, x, stages, constraints, n, per_capita)
            if exact_values is not None
            else None
        )
    levels = " (per-capita excess levels)" if per_capita else ""
    if certify or unresolved:
        why = (
            " (coalition values differ by less than 10^-9 of the largest, finer than the floating-point LP resolves,"
            " so the result was checked exactly)" if unresolved else ""
        )
        if exact is None:
            raise CertificateError(
                f"the allocation could not be rebuilt in exact rationals from its settled coalitions{why}"
            )
        try:
            _exact_kohlberg(exact_values, exact, n, imputations, per_capita)
        except CertificateError as error:
            raise CertificateError(f"{error}{why}") from None
        certificate = "kohlberg-exact" + levels
    elif constraints:
        certificate = "none (constrained by clauses: Kohlberg's criterion does not apply)"
    else:
        settled = [mask for stage in stages for mask in stage.settled]
        kohlberg_certificate(values, x, n, lower, hint=settled, divisors=_divisors(n) if per_capita else None)
        certificate = "kohlberg-numeric" + levels
    return Centre(x, exact, stages, certificate, rows)


def _symmetric(values, n):
    """Whether v(S) depends on |S| only (checked exactly; first on the singletons and their complements)."""
    full = (1 << n) - 1
    singles = values[[1 << i for i in range(n)]]
    complements = values[[full ^ (1 << i) for i in range(n)]]
    if np.any(singles != singles[0]) or np.any(complements != complements[0]):
        return False
    from ..games.table import popcounts

    by_size = values[(1 << np.arange(n + 1)) - 1]  # the first k players: one coalition of each size
    return bool(np.array_equal(values, by_size[popcounts(n)]))


def _sequence_at_unit_scale(values, n, lower, constraints, per_capita):
    """The LP sequence on the game divided by a power of two that brings its largest value near 1.

    HiGHS's tolerances are absolute: coalition values of 10^8 (an alliance in CNY) can leave it without a status.
    Dividing by a power of two is exact in floating point, so scaling back loses nothing.
    """
    largest = float(np.max(np.abs(values)))
    unit = 2.0 ** np.floor(np.log2(largest)) if largest > 0 else 1.0
    if unit == 1.0:
        return _sequence(values, n, lower, constraints, per_capita)
    scaled_constraints = [
        LinearConstraint(c.coefficients, c.lower / unit, c.upper / unit, c.name) for c in constraints
    ]
    x, stages, rows = _sequence(values / unit, n, None if lower is None else lower / unit, scaled_constraints,
                                per_capita)
    for stage in stages:
        stage.epsilon *= unit
        stage.constraints = [(row, value * unit) for row, value in stage.constraints]
    return x * unit, stages, rows


def _sequence(values, n, lower, constraints, per_capita=False):
    full = (1 << n) - 1
    scale = float(np.max(np.abs(values)))
    tolerance = tight_tolerance(scale)
    epsilon_column = n
    # A coalition's row is x(S) + d_S·ε ≥ v(S): d_S = 1 for the nucleolus, |S| for the per-capita nucleolus.
    divisor = _divisors(n) if per_capita else _Ones()  # no table of 2^n ones for the plain nucleolus
    column_lower = list(lower) if lower is not None else [-INF] * n
    lp = IncrementalLP([0.0] * n + [1.0], column_lower + [-INF], [INF] * (n + 1))
    lp.add_rows([[1.0] * n + [0.0]], [values[full]], [values[full]])
    basis = _IntegerBasis(n)
    basis.add([1] * n)
    constraint_rows = {}
    for constraint in constraints:
        row = lp.add_rows([list(map(float, constraint.coefficients)) + [0.0]], [constraint.lower], [constraint.upper])[
            0
        ]
        constraint_rows[row] = constraint
    row_mask = {}
    in_lp = np.zeros(1 << n, dtype=bool)
    known_in_span = np.zeros(1 << n, dtype=bool)
    known_in_span[0] = known_in_span[full] = True
    active = set()
    null = basis.null_space()

    def in_span(masks):
        if null.shape[0] == 0:
            return np.ones(len(masks), dtype=bool)
        return np.all(_members(masks, n) @ null.T == 0, axis=1)

    def add_coalitions(masks):
        masks = np.asarray(masks, dtype=np.int64)
        matrix = np.hstack([_members(masks, n).astype(np.float64), divisor[masks][:, None]])
        rows = lp.add_rows(matrix, values[masks], np.full(len(masks), INF))
        for row, mask in zip(rows, masks, strict=True):
            row_mask[row] = int(mask)
            active.add(row)
        in_lp[masks] = True

    # Every singleton keeps ε bounded below; complements and the worst coalitions at equal split start the search.
    start = [1 << i for i in range(n)] + [full ^ (1 << i) for i in range(n)]
    equal_excess = values - subset_sums(np.full(n, values[full] / n))
    if per_capita:
        equal_excess /= divisor
    equal_excess[[0, full]] = -INF
    start += list(_top(equal_excess, None, 2 * n))
    add_coalitions(sorted(set(int(m) for m in start) - {0, full}))
    batch = max(4 * n, 32)

    stages = []
    solution = None
    while len(basis) < n:
        while True:
            solution = lp.solve()
            x = solution.x[:n]
            epsilon = solution.x[epsilon_column]
            # The violated coalitions first (few, after the first solves), then those not yet in the LP or spanned.
            candidates, scores = _violated(values, x, epsilon + tolerance, divisor if per_capita else None)
            keep = ~(in_lp[candidates] | known_in_span[candidates])
            candidates, scores = candidates[keep], scores[keep]
            if candidates.size == 0:
                break
            fresh = _fresh_coalitions(candidates, scores, batch, in_span, known_in_span)
            if not fresh:
                break
            add_coalitions(fresh)
        stage = Stage(epsilon=float(solution.x[epsilon_column]))
        duals = solution.row_duals
        for row in sorted(active):
            if duals[row] > DUAL_POSITIVE:
                stage.coalitions.append(row_mask[row])
        if lower is not None:
            for player in range(n):
                if solution.column_duals[player] > DUAL_POSITIVE and not basis.contains(_unit(player, n)):
                    stage.players.append(player)
        for row, constraint in constraint_rows.items():
            if abs(duals[row]) > DUAL_POSITIVE and not basis.contains(constraint.coefficients):
                stage.constraints.append((row, float(solution.row_values[row])))
        if not (stage.coalitions or stage.players or stage.constraints):
            raise LPError(
                "numeric trouble in the nucleolus: no coalition became settled at stage "
                f"{len(stages) + 1} (ε = {stage.epsilon:g})"
            )
        # Only independent settled rows become equalities: a dependent one is implied, and fixing it too, with
        # its own rounding, could make the equalities inconsistent.
        independent = []
        for mask in stage.coalitions:
            row = next(r for r in active if row_mask[r] == mask)
            active.discard(row)
            lp.set_coefficient(row, epsilon_column, 0.0)
            if basis.add(_indicator(mask, n)):
                level = values[mask] - divisor[mask] * stage.epsilon
                lp.set_row_bounds(row, level, level)
                independent.append(mask)
            else:
                lp.set_row_bounds(row, -INF, INF)
                known_in_span[mask] = True
        stage.settled = stage.coalitions
        stage.coalitions = independent
        stage.settled_players = stage.players
        stage.players = [p for p in stage.players if basis.add(_unit(p, n))]
        for player in stage.players:
            lp.set_column_bounds(player, lower[player], lower[player])
        stage.settled_constraints = stage.constraints
        stage.constraints = [
            (row, value) for row, value in stage.constraints if basis.add(constraint_rows[row].coefficients)
        ]
        for row, value in stage.constraints:
            lp.set_row_bounds(row, value, value)
        stages.append(stage)
        null = basis.null_space()
        still = sorted(active)
        if still:
            for row, spanned in zip(still, in_span([row_mask[row] for row in still]), strict=True):
                if spanned:  # its excess is fixed by the settled coalitions: it leaves the LP
                    lp.set_row_bounds(row, -INF, INF)
                    active.discard(row)
                    known_in_span[row_mask[row]] = True
    return solution.x[:n].copy(), stages, lp.rows


# The violation scan reads the table in blocks of this many coalitions (kept in cache with their excesses).
_SCAN_BITS = 16


def _violated(values, x, threshold, divisor=None):
    """The masks S with (v(S) − x(S))/d_S > threshold, and those ratios: one blocked pass over the table.

    x(S) is the sum of x over the low bits of S plus the sum over its high bits (two small tables of subset sums),
    so no table of 2^n sums or excesses is written; each block's excesses stay in cache.
    """
    n = len(x)
    low_bits = min(n, _SCAN_BITS)
    low = subset_sums(x[:low_bits])
    high = subset_sums(x[low_bits:])
    width = 1 << low_bits
    block = np.empty(width)
    found, scores = [], []
    for row, offset in enumerate(high.tolist()):
        start = row * width
        np.subtract(values[start : start + width], low, out=block)
        block -= offset
        if divisor is not None:
            block /= divisor[start : start + width]
        hits = np.flatnonzero(block > threshold)
        if hits.size:
            found.append(hits + start)
            scores.append(block[hits])
    if not found:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    return np.concatenate(found), np.concatenate(scores)


def _fresh_coalitions(candidates, scores, batch, in_span, known_in_span):
    """Up to ``batch`` of the candidates with the largest scores whose indicators are outside the settled span,
    in order of score. The best few are selected partially (growing the selection only when too many of them are
    spanned) instead of sorting every violated coalition."""
    fresh = []
    seen = 0
    want = min(candidates.size, 4 * batch)
    while True:
        order = candidates[_top(scores, candidates, want)]
        for begin in range(seen, order.size, batch):
            chunk = order[begin : begin + batch]
            spanned = in_span(chunk)
            known_in_span[chunk[spanned]] = True
            fresh.extend(chunk[~spanned][: batch - len(fresh)])
            if len(fresh) >= batch:
                return fresh
        seen = order.size
        if want >= candidates.size:
            return fresh
        want = min(candidates.size, 4 * want)


def _sizes(n):
    from ..games.table import popcounts

    return popcounts(n).astype(np.float64)


def _divisors(n):
    """|S| for every coalition (1 for the empty one, which is never ranked): the per-capita excess divisors."""
    divisors = _sizes(n).copy()
    divisors[0] = 1.0
    return divisors


def _indicator(mask, n):
    return [(mask >> i) & 1 for i in range(n)]


def _unit(player, n):
    return [1 if i == player else 0 for i in range(n)]


def _exact_point(game, exact_values, x, stages, constraints, n, per_capita=False):
    """Rebuild the allocation in rationals from the settled coalitions (and players and clauses) of each stage."""
    from ..linalg import solve

    numerators, denominator = exact_values
    full = (1 << n) - 1

    def value(mask):
        return Fraction(int(numerators[mask]), denominator)

    epsilon_stages = [k for k, stage in enumerate(stages) if stage.settled]
    columns = n + len(epsilon_stages)
    rows, rhs = [[1] * n + [0] * len(epsilon_stages)], [value(full)]
    for position, k in enumerate(epsilon_stages):
        for mask in stages[k].settled:
            row = _indicator(mask, n) + [0] * len(epsilon_stages)
            row[n + position] = sum(row[:n]) if per_capita else 1
            rows.append(row)
            rhs.append(value(mask))
    for stage in stages:
        for player in stage.settled_players:
            rows.append(_unit(player, n) + [0] * len(epsilon_stages))
            rhs.append(value(1 << player))
        # Dependent clause rows too: one may be what fixes a stage's ε (like a dependent coalition).
        for row_index, row_value in stage.settled_constraints:
            constraint = _constraint_of(constraints, row_index)
            bound = (
                constraint.lower
                if abs(row_value - constraint.lower) <= abs(row_value - constraint.upper)
                else (constraint.upper)
            )
            rows.append([Fraction(c) for c in constraint.coefficients] + [0] * len(epsilon_stages))
            rhs.append(Fraction(bound))
    solution = _rounded_solution(rows, rhs, columns)
    if solution is None:  # not found by rounding: Gaussian elimination in rationals decides
        solution = solve(rows, rhs, columns)
    if solution is None:
        return None
    point = solution[:n]
    scale = float(np.max(np.abs(game.values)))
    if max(abs(float(p) - float(q)) for p, q in zip(point, x, strict=True)) > 1e3 * tight_tolerance(scale):
        return None
    return point


def _rounded_solution(rows, rhs, columns):
    """The unique rational solution of ``rows · z = rhs``, guessed from the float solution by rounding each entry to
    a nearby fraction and accepted only when it satisfies every equation exactly (in integers); None otherwise.

    The system's matrix has full column rank (checked in floats, then implied by the exact check: a unique float
    solution that is an exact solution is the exact solution). The caller falls back to elimination on None.
    """
    matrix = np.array([[float(value) for value in row] for row in rows])
    if matrix.shape[0] < columns or np.linalg.matrix_rank(matrix) < columns:
        return None
    target = np.array([float(value) for value in rhs])
    if not np.all(np.isfinite(target)):
        return None
    estimate = np.linalg.lstsq(matrix, target, rcond=None)[0]
    bound = 10**6 * max(Fraction(value).denominator for value in rhs)
    guess = [Fraction(float(value)).limit_denominator(bound) for value in estimate]
    common = math.lcm(*(value.denominator for value in guess))
    scaled = [int(value * common) for value in guess]
    for row, value in zip(rows, rhs, strict=True):
        total = sum(coefficient * z for coefficient, z in zip(row, scaled, strict=True) if coefficient)
        if Fraction(total) != Fraction(value) * common:
            return None
    return guess


def _constraint_of(constraints, row_index):
    # Constraint rows follow the efficiency row, in order.
    return constraints[row_index - 1]


def _balanced_weights(matrix, optional):
    """Max t such that Σ λ_S·1_S + Σ μ_i·e_i = 1_N with λ_S ≥ t, μ ≥ 0; returns (t, λ, μ)."""
    members = matrix.shape[0]
    n = matrix.shape[1]
    extras = len(optional)
    costs = [0.0] * (members + extras) + [1.0]
    lp = IncrementalLP(costs, [0.0] * (members + extras + 1), [INF] * (members + extras) + [1.0], maximize=True)
    block = np.zeros((n, members + extras + 1))
    block[:, :members] = matrix.T
    for column, player in enumerate(optional):
        block[player, members + column] = 1.0
    block[:, -1] = matrix.sum(axis=0)
    lp.add_rows(block, np.ones(n), np.ones(n))
    try:
        solution = lp.solve()
    except LPError:
        return 0.0, None, None
    t = solution.x[-1]
    return t, solution.x[:members] + t, solution.x[members : members + extras]


def kohlberg_certificate(values, x, n, lower=None, hint=(), divisors=None):
    """Check Kohlberg's criterion numerically; raise :class:`CertificateError` when some level is not balanced.

    ``divisors`` (indexed by mask) rank the coalitions by excess divided by them, e.g. |S| for the per-capita
    nucleolus; the levels change, the balancedness test does not.

    Each level's collection D (the coalitions with excess ≥ α) is tested in its dual form (Farkas): D, with the
    players held at their stand-alone value as optional members, is balanced exactly when no direction y with
    y(N) = 0 and y_i ≥ 0 for those players has y(S) ≥ 0 on D and y(S) > 0 somewhere on D. One LP,

        max Σ_{S∈D} y(S)  subject to  y(N) = 0,  0 ≤ y(S) ≤ 1 (S ∈ D),  y_i ≥ 0 (optional i),

    is 0 when D is balanced and at least 1 when it is not (scale any improving y until some y(S) = 1), so the
    test has a margin instead of a tolerance. The LP of one level is that of the level above with D's new
    coalitions added as rows: one HiGHS model for all levels, each solve warm-started. The levels are found by
    one comparison pass each (no sort of all 2^n excesses) and stop when D spans R^n (its rank, exactly, from the
    integer Gram matrix of D). ``hint`` is accepted for compatibility; every member of D is used.
    """
    full = (1 << n) - 1
    scale = float(np.max(np.abs(values)))
    tolerance = tight_tolerance(scale)
    excess = values - subset_sums(x)
    if divisors is not None:
        excess = excess / divisors
    excess[0] = excess[full] = -np.inf  # only proper coalitions are ranked
    optional = [] if lower is None else [i for i in range(n) if abs(x[i] - lower[i]) <= tolerance]
    if full <= 1:
        return
    lp = IncrementalLP(
        [0.0] * n, [0.0 if i in optional else -INF for i in range(n)], [INF] * n, maximize=True
    )
    lp.add_rows([[1.0] * n], [0.0], [0.0])
    gram = np.zeros((n, n), dtype=np.int64)
    counts = np.zeros(n)
    included = np.zeros(1 << n, dtype=bool)
    level = float(excess.max())
    while level > -np.inf:
        fresh = np.flatnonzero(excess >= level - tolerance)
        fresh = fresh[~included[fresh]]
        included[fresh] = True
        members = _members(fresh, n)
        lp.add_rows(members.astype(np.float64), np.zeros(fresh.size), np.ones(fresh.size))
        counts += members.sum(axis=0)
        lp.set_costs(counts)
        gram += members.T @ members
        try:
            improvement = lp.solve().objective
        except LPError:
            improvement = np.inf
        if not improvement < 0.5:
            raise CertificateError(
                f"Kohlberg's criterion fails: the coalitions with excess ≥ {level:g} are not balanced, so this is not "
                "the (pre)nucleolus (numeric trouble)"
            )
        # A rank below n in floats costs at most a level more (every larger collection is then balanced too);
        # full rank is confirmed exactly before the levels below are left unchecked.
        if np.linalg.matrix_rank(gram.astype(np.float64)) == n and _rank(gram) == n:
            return
        level = float(np.max(excess, where=excess < level - tolerance, initial=-np.inf))


def _rank(gram):
    """The exact rank of an integer matrix (a Gram matrix: the rank of the vectors it was made from)."""
    basis = _IntegerBasis(gram.shape[1])
    for row in gram.tolist():
        basis.add(row)
    return len(basis)


def _exact_kohlberg(exact_values, x, n, imputations, per_capita=False):
    """Kohlberg's criterion in exact rationals, with balancing weights found by LP and verified exactly."""
    from ..linalg import Basis, solve

    numerators, denominator = exact_values
    full = (1 << n) - 1
    x_scaled = [value * denominator for value in x]
    sums = [Fraction(0)]
    for value in x_scaled:
        sums = sums + [s + value for s in sums]
    excess = {mask: Fraction(int(numerators[mask])) - sums[mask] for mask in range(1, full)}  # times denominator
    if per_capita:
        excess = {mask: value / mask.bit_count() for mask, value in excess.items()}
    optional = []
    if imputations:
        optional = [i for i in range(n) if x_scaled[i] == int(numerators[1 << i])]
    order = sorted(excess, key=lambda mask: (-excess[mask], mask))
    taken = 0
    while taken < len(order):
        level = excess[order[taken]]
        end = taken
        while end < len(order) and excess[order[end]] == level:
            end += 1
        collection = order[:end]
        matrix = _members(collection, n).astype(np.float64)
        t, weights, extra = _balanced_weights(matrix, optional)
        if weights is None or t <= 0:
            raise CertificateError(
                f"exact Kohlberg check failed: the coalitions with excess ≥ {level / denominator} are not balanced"
            )
        basis = Basis(n)
        chosen = []
        for index in np.argsort(-weights, kind="stable"):
            if basis.add(_indicator(collection[index], n)):
                chosen.append(int(index))
        chosen_set = set(chosen)
        residual = [Fraction(1)] * n
        for index, mask in enumerate(collection):
            if index in chosen_set:
                continue
            weight = Fraction(float(weights[index])).limit_denominator(10**6)
            if weight <= 0:
                raise CertificateError("exact Kohlberg check failed: a balancing weight is not positive")
            for i in range(n):
                if mask >> i & 1:
                    residual[i] -= weight
        for column, player in enumerate(optional):
            weight = max(Fraction(0), Fraction(float(extra[column])).limit_denominator(10**6))
            residual[player] -= weight
        system = [[(collection[index] >> i) & 1 for index in chosen] for i in range(n)]
        solved = solve(system, residual, len(chosen))
        if solved is None or any(weight <= 0 for weight in solved):
            raise CertificateError(
                f"exact Kohlberg check failed: no exact positive balancing weights for the "
                f"coalitions with excess ≥ {level / denominator}"
            )
        if len(basis) == n:
            return
        taken = end
