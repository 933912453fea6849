"""Two nucleoli of weighted excesses: the proportional nucleolus and the disruption nucleolus.

Both rank coalitions by a **weighted excess** r(S, x) = e(S, x) / d_S, with e(S, x) = v(S) − x(S) and a positive
weight d_S per ranked coalition, and take the allocation of a feasible set whose vector of weighted excesses,
sorted from largest to smallest, is lexicographically smallest:

- the **proportional nucleolus** (Young, Okada & Hashimoto 1982) ranks the coalitions S ≠ N with v(S) > 0,
  singletons included, by their *relative* excess (v(S) − x(S)) / v(S), over the imputations (x_i ≥ v({i})). In a
  cost game the coalitions with c(S) > 0 are ranked by (y(S) − c(S)) / c(S), over the cost imputations
  (y_i ≤ c({i})). When the ranked coalitions do not pin one imputation down (few coalitions have a positive
  worth) the rule is set-valued and ipshare refuses it, saying so.
- the **disruption nucleolus** (Littlechild & Vaidya 1976) ranks every proper coalition by its **propensity to
  disrupt**, d(S, x) = (x(N∖S) − v(N∖S)) / (x(S) − v(S)) — what the others lose if S walks out, over what S
  loses — over the core. With the gap D(S) = v(N) − v(S) − v(N∖S) = (x(S) − v(S)) + (x(N∖S) − v(N∖S)) on the
  core, d(S, x) = −1 − D(S)/e(S, x) is an increasing function of r(S, x) = e(S, x)/D(S), so ranking by propensity
  is ranking by e/D, and the rule is the lexicographic centre with d_S = D(S). A coalition with D(S) = 0 is held
  at x(S) = v(S) by every core allocation (its propensity is 0/0) and is a constraint, not ranked; D(S) < 0 means
  the core is empty. The core must not be empty, else the rule is refused. ``details.propensity`` is the largest
  propensity to disrupt at the result, −1 − 1/ε₁ with ε₁ the first stage's level (≥ 1, because S and N∖S have
  reciprocal propensities).

Method: the sequence of LPs of the nucleolus (Maschler, Peleg & Shapley 1979) with each ranked coalition's row
x(S) + d_S·ε ≥ v(S), constraint generation over the bitmask array, and a coalition settled when its row has a
positive dual value; the allocation is rebuilt in rationals from the settled coalitions when the game is exact.
Certificate: Kohlberg's criterion for weighted excesses — dividing an excess by d_S > 0 does not change the sign
of how a direction moves it, so x is the centre iff each top collection of weighted excesses, with the members
held at a bound and the coalitions held at their worth, admits balancing weights (checked by LP, level by level,
until the collections span R^n). Both rules are computed for at most :data:`MAX_FAMILY_PLAYERS` members.

References
----------
H. P. Young, N. Okada, T. Hashimoto, "Cost allocation in water resources development", Water Resources Research
18, 1982, pp. 463–475.
S. C. Littlechild, K. G. Vaidya, "The propensity to disrupt and the disruption nucleolus of a characteristic
function game", International Journal of Game Theory 5, 1976, pp. 151–161.
M. Maschler, B. Peleg, L. S. Shapley, "Geometric properties of the kernel, nucleolus and related solution
concepts", Mathematics of Operations Research 4, 1979, pp. 303–338.
E. Kohlberg, "On the nucleolus of a characteristic function game", SIAM J. Appl. Math. 20, 1971.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from ..errors import RuleError
from ..games.table import MAX_EXACT_PLAYERS
from ..lp import DUAL_POSITIVE, INF, IncrementalLP, Infeasible, LPError, tight_tolerance
from .allocation import make_allocation
from .dense import dense_game

__all__ = ["proportional_nucleolus", "disruption_nucleolus", "weighted_centre", "MAX_FAMILY_PLAYERS"]

MAX_FAMILY_PLAYERS = MAX_EXACT_PLAYERS


@dataclass
class WeightedCentre:
    """The result of :func:`weighted_centre`: the point, exactly when rebuilt, and each stage's level ε."""

    x: np.ndarray
    exact: list | None
    levels: list = field(default_factory=list)
    certificate: str = ""


def proportional_nucleolus(game):
    """The proportional nucleolus: the imputation that lexicographically minimises (v(S) − x(S)) / v(S), v(S) > 0.

    Raises
    ------
    RuleError
        When there is no imputation, when no coalition other than N has a positive worth, or when the ranked
        coalitions leave more than one imputation (the rule is then set-valued).

    Examples
    --------
    >>> from ipshare.games import table_game
    >>> game = table_game(["A", "B", "C"], {"A+B": 48, "A+C": 60, "B+C": 72, "A+B+C": 140})
    >>> proportional_nucleolus(game).exact   # the game of R CoopGame's help; every pair's relative excess is −5/9
    {'A': Fraction(28, 1), 'B': Fraction(140, 3), 'C': Fraction(196, 3)}

    References
    ----------
    H. P. Young, N. Okada, T. Hashimoto, Water Resources Research 18, 1982.
    """
    game = dense_game(game, MAX_FAMILY_PLAYERS, "proportional-nucleolus", "an LP sequence over every coalition")
    n = game.n
    if n == 1:
        return make_allocation(game, "proportional-nucleolus", [game.grand_value],
                           exact=[game.exact_grand_value] if game.is_exact else None, method="trivial")
    sign = -1 if game.kind == "cost" else 1
    own = game.values  # the game's own worths: benefits, or costs
    full = (1 << n) - 1
    ranked = own > 0
    ranked[[0, full]] = False
    values, exact_values = _benefit(game)
    singles = np.array([values[1 << i] for i in range(n)])
    if singles.sum() > values[full] + tight_tolerance(float(np.max(np.abs(values)))):
        raise RuleError(
            "the proportional nucleolus is undefined: the members' stand-alone "
            + ("costs are below the grand coalition's cost" if sign < 0 else "values exceed the grand value")
            + ", so there is no imputation"
        )
    if not ranked.any():
        raise RuleError(
            "the proportional nucleolus is undefined: no coalition other than the grand one has a positive "
            + ("cost" if sign < 0 else "worth")
            + ", so there is no relative excess to rank"
        )
    exact_divisor = None
    if exact_values is not None:
        numerators, denominator = game.exact_scaled

        def exact_divisor(mask):
            return Fraction(int(numerators[mask]), denominator)

    centre = weighted_centre(
        values, exact_values, n, np.where(ranked, own, 1.0), ranked, lower=singles, exact_divisor=exact_divisor,
        rule="proportional-nucleolus",
    )
    details = {
        "levels": [float(level) for level in centre.levels],
        "certificate": centre.certificate,
        "ranked_coalitions": int(ranked.sum()),
        "convention": "relative excess = (y(S) - c(S)) / c(S) over c(S) > 0 (cost game)" if sign < 0
        else "relative excess = (v(S) - x(S)) / v(S) over v(S) > 0",
    }
    return _finish(game, "proportional-nucleolus", centre, sign, details)


def disruption_nucleolus(game):
    """The disruption nucleolus: the core allocation that lexicographically minimises the propensities to disrupt.

    Raises
    ------
    RuleError
        When the core is empty.

    Examples
    --------
    >>> from ipshare.games import table_game
    >>> game = table_game(["A", "B", "C"], {"A+B": 1, "A+C": 1, "A+B+C": 1})
    >>> disruption_nucleolus(game).exact       # the glove game: its core is the single point (1, 0, 0)
    {'A': Fraction(1, 1), 'B': Fraction(0, 1), 'C': Fraction(0, 1)}

    References
    ----------
    S. C. Littlechild, K. G. Vaidya, International Journal of Game Theory 5, 1976.
    """
    game = dense_game(game, MAX_FAMILY_PLAYERS, "disruption-nucleolus", "an LP sequence over every coalition")
    n = game.n
    sign = -1 if game.kind == "cost" else 1
    full = (1 << n) - 1
    values, exact_values = _benefit(game)
    masks = np.arange(1 << n)
    gap = values[full] - values - values[full ^ masks]
    tolerance = tight_tolerance(float(np.max(np.abs(values))))
    proper = np.ones(1 << n, dtype=bool)
    proper[[0, full]] = False
    if exact_values is not None:
        numerators, denominator = exact_values
        exact_gap = numerators[full] - numerators - numerators[full ^ masks]
        negative = proper & (exact_gap < 0)
        zero = proper & (exact_gap == 0)
    else:
        negative = proper & (gap < -tolerance)
        zero = proper & (np.abs(gap) <= tolerance)
    if negative.any():
        mask = int(np.flatnonzero(negative)[0])
        raise RuleError(
            f"the disruption nucleolus is undefined: the core is empty ({game.label(mask)} and "
            f"{game.label(full ^ mask)} together are worth more than the grand coalition)"
        )
    ranked = proper & ~zero
    exact_divisor = None
    if exact_values is not None:

        def exact_divisor(mask):
            return Fraction(int(exact_gap[mask]), denominator)

    centre = weighted_centre(
        values, exact_values, n, np.where(ranked, gap, 1.0), ranked, fixed=[int(m) for m in np.flatnonzero(zero)],
        exact_divisor=exact_divisor, rule="disruption-nucleolus", core=True,
    )
    first = centre.levels[0] if centre.levels else None
    propensity = None
    if first is not None and first < -tolerance:
        propensity = -1.0 - 1.0 / first
    details = {
        "levels": [float(level) for level in centre.levels],
        "propensity": propensity,
        "certificate": centre.certificate,
        "convention": "propensity to disrupt d(S) = (x(N-S) - v(N-S)) / (x(S) - v(S)), over the core",
    }
    return _finish(game, "disruption-nucleolus", centre, sign, details)


def _benefit(game):
    """Values in the benefit convention (v = −c for a cost game), floats and exact numerators."""
    sign = -1 if game.kind == "cost" else 1
    values = sign * game.values
    exact = None
    if game.exact_scaled is not None:
        numerators, denominator = game.exact_scaled
        exact = (sign * numerators, denominator)
    return values, exact


def _finish(game, rule, centre, sign, details):
    if centre.exact is not None:
        exact = [sign * v for v in centre.exact]
        return make_allocation(game, rule, None, exact=exact, method="lp-sequence", **details)
    return make_allocation(game, rule, sign * centre.x, method="lp-sequence", **details)


# ------------------------------------------------------------------------------------------------------------
# The LP sequence


def weighted_centre(values, exact_values, n, divisors, ranked, *, lower=None, fixed=(), exact_divisor=None,
                    rule="this rule", core=False) -> WeightedCentre:
    """The lexicographic centre of the weighted excesses (v(S) − x(S)) / divisors[S] over the ``ranked`` coalitions.

    The feasible set is x(N) = v(N), x ≥ ``lower`` (when given) and x(T) = v(T) for each mask T in ``fixed``.
    ``values`` are in the benefit convention; ``exact_values`` (numerators, denominator) and ``exact_divisor``
    (mask → Fraction) let the point be rebuilt in rationals. With ``core`` the first level must be ≤ 0 (the core
    is not empty), else RuleError.
    """
    largest = float(np.max(np.abs(values)))
    unit = 2.0 ** np.floor(np.log2(largest)) if largest > 0 else 1.0
    # Weighted excesses are ratios of two amounts: dividing both by the same power of two changes nothing.
    scaled_values, scaled_divisors = values / unit, divisors / unit
    scaled_lower = None if lower is None else np.asarray(lower) / unit
    x, stages = _sequence(scaled_values, n, scaled_divisors, ranked, scaled_lower, list(fixed), rule, core)
    x = x * unit
    levels = [stage.epsilon for stage in stages]
    if core and levels and levels[0] > tight_tolerance(1.0):
        raise RuleError(f"the {rule.replace('-', ' ')} is undefined: the core is empty")
    exact = None
    if exact_values is not None and exact_divisor is not None:
        exact = _exact_point(exact_values, exact_divisor, n, stages, fixed, x)
    certificate = _certify(values, exact_values, exact, x, n, divisors, ranked, lower, fixed, exact_divisor)
    return WeightedCentre(x=x, exact=exact, levels=levels, certificate=certificate)


@dataclass
class _Stage:
    epsilon: float
    settled: list = field(default_factory=list)
    players: list = field(default_factory=list)


def _members(masks, n):
    return ((np.asarray(masks, dtype=np.int64)[:, None] >> np.arange(n)) & 1).astype(np.float64)


def _indicator(mask, n):
    return [(mask >> i) & 1 for i in range(n)]


def _subset_sums(x):
    sums = np.zeros(1)
    for value in x:
        sums = np.concatenate([sums, sums + value])
    return sums


def _sequence(values, n, divisors, ranked, lower, fixed, rule, core):
    from ..linalg import Basis

    full = (1 << n) - 1
    tolerance = tight_tolerance(float(np.max(np.abs(values))))
    epsilon_column = n
    column_lower = list(lower) if lower is not None else [-INF] * n
    lp = IncrementalLP([0.0] * n + [1.0], column_lower + [-INF], [INF] * (n + 1))
    lp.add_rows([[1.0] * n + [0.0]], [values[full]], [values[full]])
    basis = Basis(n)
    basis.add([1] * n)
    for mask in fixed:
        lp.add_rows([_indicator(mask, n) + [0]], [values[mask]], [values[mask]])
        basis.add(_indicator(mask, n))
    in_lp = np.zeros(1 << n, dtype=bool)
    spanned = ~ranked.copy()  # unranked coalitions are never rows
    row_mask = {}
    active = set()

    def refresh_span():
        null = np.array(basis.null_space(), dtype=np.float64).reshape(-1, n)
        if null.shape[0] == 0:
            spanned[:] = True
            return
        open_masks = np.flatnonzero(~spanned)
        if open_masks.size:
            inside = np.all(np.abs(_members(open_masks, n) @ null.T) < 0.5, axis=1)
            spanned[open_masks[inside]] = True

    def add(masks):
        masks = np.asarray(sorted(set(int(m) for m in masks)), dtype=np.int64)
        if masks.size == 0:
            return
        matrix = np.hstack([_members(masks, n), divisors[masks][:, None]])
        rows = lp.add_rows(matrix, values[masks], np.full(len(masks), INF))
        for row, mask in zip(rows, masks, strict=True):
            row_mask[row] = int(mask)
            active.add(row)
        in_lp[masks] = True

    refresh_span()
    # Start from the singletons and complements that are ranked (complements keep ε bounded for the disruption
    # nucleolus) and the worst coalitions at an interior-looking point.
    start_point = np.full(n, values[full] / n) if lower is None else lower + (values[full] - lower.sum()) / n
    ratio = (values - _subset_sums(start_point)) / divisors
    ratio[~ranked | spanned] = -INF
    seed = [1 << i for i in range(n)] + [full ^ (1 << i) for i in range(n)]
    seed += [int(m) for m in np.argsort(-ratio, kind="stable")[: 2 * n]]
    seed = [m for m in seed if ranked[m] and not spanned[m]]
    if core:
        seed += [full ^ m for m in seed]
    add(seed)
    batch = max(4 * n, 32)
    stages = []
    solution = None
    if len(basis) == n:
        # The equalities alone pin the point down: solve for it with ε held at 0 (the ranked rows, if any, then
        # say whether it is feasible: for the core, whether the core is that point or empty).
        lp.set_column_bounds(epsilon_column, 0.0, 0.0)
        try:
            solution = lp.solve()
        except Infeasible:
            raise RuleError(f"the {rule.replace('-', ' ')} is undefined: the core is empty") from None
    while len(basis) < n:
        if not active:
            remaining = np.flatnonzero(ranked & ~spanned & ~in_lp)
            if remaining.size == 0:
                raise RuleError(
                    f"the {rule.replace('-', ' ')} is not a single point here: the ranked coalitions settle "
                    f"{len(basis)} of the {n} independent directions and leave a set of allocations tied"
                )
            add(remaining[:batch].tolist() + ([full ^ int(m) for m in remaining[:batch]] if core else []))
        while True:
            try:
                solution = lp.solve()
            except Infeasible:
                if core:
                    raise RuleError(f"the {rule.replace('-', ' ')} is undefined: the core is empty") from None
                raise
            x = solution.x[:n]
            epsilon = solution.x[epsilon_column]
            ratio = (values - _subset_sums(x)) / divisors
            candidates = np.flatnonzero(ranked & ~in_lp & ~spanned & (ratio > epsilon + tolerance))
            if candidates.size == 0:
                break
            order = candidates[np.argsort(-ratio[candidates], kind="stable")][:batch]
            add(order.tolist() + ([full ^ int(m) for m in order if ranked[full ^ int(m)]] if core else []))
        stage = _Stage(epsilon=float(epsilon))
        duals = solution.row_duals
        for row in sorted(active):
            if duals[row] > DUAL_POSITIVE:
                stage.settled.append(row_mask[row])
        if lower is not None:
            for player in range(n):
                if solution.column_duals[player] > DUAL_POSITIVE and not basis.contains(_unit(player, n)):
                    stage.players.append(player)
        if not (stage.settled or stage.players):
            raise LPError(f"numeric trouble in the {rule}: no coalition became settled at stage {len(stages) + 1}")
        for mask in stage.settled:
            row = next(r for r in active if row_mask[r] == mask)
            active.discard(row)
            lp.set_coefficient(row, epsilon_column, 0.0)
            if basis.add(_indicator(mask, n)):
                level = values[mask] - divisors[mask] * stage.epsilon
                lp.set_row_bounds(row, level, level)
            else:
                lp.set_row_bounds(row, -INF, INF)
        for player in stage.players:
            if basis.add(_unit(player, n)):
                lp.set_column_bounds(player, lower[player], lower[player])
        stages.append(stage)
        refresh_span()
        for row in sorted(active):
            if spanned[row_mask[row]]:
                lp.set_row_bounds(row, -INF, INF)
                active.discard(row)
    x = solution.x[:n].copy()
    return x, stages


def _unit(player, n):
    return [1 if i == player else 0 for i in range(n)]


def _exact_point(exact_values, exact_divisor, n, stages, fixed, x):
    """The allocation in rationals from the settled coalitions and players, or None when they do not pin it."""
    from ..linalg import solve

    numerators, denominator = exact_values
    full = (1 << n) - 1

    def value(mask):
        return Fraction(int(numerators[mask]), denominator)

    k = len(stages)
    rows, rhs = [[1] * n + [0] * k], [value(full)]
    for mask in fixed:
        rows.append(_indicator(mask, n) + [0] * k)
        rhs.append(value(mask))
    for position, stage in enumerate(stages):
        for mask in stage.settled:
            row = _indicator(mask, n) + [0] * k
            row[n + position] = exact_divisor(mask)
            rows.append(row)
            rhs.append(value(mask))
        for player in stage.players:
            rows.append(_unit(player, n) + [0] * k)
            rhs.append(value(1 << player))
    # A stage without settled coalitions leaves its ε out of every row: give it a trivial equation.
    for position, stage in enumerate(stages):
        if not stage.settled:
            row = [0] * (n + k)
            row[n + position] = 1
            rows.append(row)
            rhs.append(Fraction(stage.epsilon).limit_denominator(1 << 20))
    solution = solve(rows, rhs, n + k)
    if solution is None:
        return None
    point = solution[:n]
    scale = max(1.0, float(max(abs(int(v)) for v in numerators)) / denominator)
    if max(abs(float(p) - float(q)) for p, q in zip(point, x, strict=True)) > 1e-6 * scale:
        return None
    return point


def _certify(values, exact_values, exact, x, n, divisors, ranked, lower, fixed, exact_divisor):
    """Kohlberg's criterion for weighted excesses at the result (exact levels when the point is exact)."""
    from ..linalg import Basis

    masks = np.flatnonzero(ranked)
    if exact is not None:
        numerators, denominator = exact_values
        sums = [Fraction(0)]
        for value in exact:
            sums = sums + [s + value for s in sums]
        ratio = {int(m): (Fraction(int(numerators[m]), denominator) - sums[m]) / exact_divisor(int(m)) for m in masks}
        optional = [] if lower is None else [i for i in range(n) if exact[i] == Fraction(int(numerators[1 << i]),
                                                                                         denominator)]
        tolerance = 0
        kind = "kohlberg (exact levels)"
    else:
        excess = (values - _subset_sums(x)) / divisors
        ratio = {int(m): float(excess[m]) for m in masks}
        scale = tight_tolerance(float(np.max(np.abs(values))))
        optional = [] if lower is None else [i for i in range(n) if abs(x[i] - lower[i]) <= scale]
        tolerance = scale / max(1e-300, float(np.min(divisors[masks])) if masks.size else 1.0)
        kind = "kohlberg-numeric"
    order = sorted(ratio, key=lambda m: (-ratio[m], m))
    span = Basis(n)
    span.add([1] * n)
    for mask in fixed:
        span.add(_indicator(mask, n))
    taken = 0
    while taken < len(order) and len(span) < n:
        level = ratio[order[taken]]
        end = taken + 1
        while end < len(order) and ratio[order[end]] >= level - tolerance:
            end += 1
        collection = order[:end]
        if not _balanced(collection, optional, fixed, n):
            raise LPError(
                f"Kohlberg's criterion fails at weighted excess {float(level):g}: the result is not the centre "
                "(numeric trouble)"
            )
        for mask in order[taken:end]:
            span.add(_indicator(mask, n))
        taken = end
    # Levels exhausted before the span is complete: the bounds pinned the rest (as the LP sequence found).
    return kind


def _balanced(collection, optional, fixed, n):
    """Positive weights λ_S on ``collection``, μ_i ≥ 0 on ``optional`` players, free η_T on ``fixed`` coalitions and
    a free c with Σ λ_S 1_S + Σ μ_i e_i + Σ η_T 1_T = c·1_N (no direction improves them all)."""
    count, extras, free = len(collection), len(optional), len(fixed)
    columns = count + extras + 2 * free + 2 + 1  # λ' ≥ 0, μ ≥ 0, η = η⁺ − η⁻, c = c⁺ − c⁻, t
    lp = IncrementalLP([0.0] * (columns - 1) + [1.0], [0.0] * columns, [INF] * (columns - 1) + [1.0], maximize=True)
    block = np.zeros((n, columns))
    block[:, :count] = _members(collection, n).T
    for column, player in enumerate(optional):
        block[player, count + column] = 1.0
    if free:
        fixed_members = _members(fixed, n).T
        block[:, count + extras: count + extras + free] = fixed_members
        block[:, count + extras + free: count + extras + 2 * free] = -fixed_members
    block[:, count + extras + 2 * free] = -1.0
    block[:, count + extras + 2 * free + 1] = 1.0
    block[:, -1] = block[:, :count].sum(axis=1)  # λ_S = λ'_S + t
    lp.add_rows(block, np.zeros(n), np.zeros(n))
    try:
        solution = lp.solve()
    except LPError:
        return False
    return solution.x[-1] > 1e-9
