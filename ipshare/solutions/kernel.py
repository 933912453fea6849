"""The kernel and the prekernel (Davis & Maschler 1965): a point of each, and membership.

The **maximum surplus** of member i over member j at an allocation x is the most that i can gain, without j's
consent, by leaving with some coalition:

    s_ij(x) = max { e(S, x) : S ∋ i, S ∌ j },    e(S, x) = v(S) − x(S).

- The **prekernel** is the set of efficient x with s_ij(x) = s_ji(x) for every pair: nobody can threaten anybody
  harder than they are threatened back.
- The **kernel** is the set of imputations (x_i ≥ v({i})) with (s_ij − s_ji)·(x_j − v({j})) ≤ 0 for every pair: i
  may out-threaten j only when j is down to its stand-alone value, so nothing can be taken from j.

Both sets may hold more than one point. ipshare's rules return one, and say which:

- ``prekernel`` returns the **prenucleolus**, which always lies in the prekernel (Schmeidler 1969; Maschler,
  Peleg & Shapley 1979), computed by the nucleolus's LP sequence and checked against the definition;
- ``kernel`` returns the **nucleolus**, which always lies in the kernel, checked likewise. On a convex game the
  kernel is that single point (Maschler, Peleg & Shapley 1972), and ``details.single_point`` says so; on other
  games ``details.single_point`` is ``None`` (not known: the kernel may be larger).

The check is exact when the game and the point are (Fractions), else within the LP tolerance; a point that fails
it raises :class:`~ipshare.solutions.nucleolus.CertificateError` (a numerical failure, never returned).

:func:`max_surpluses`, :func:`in_prekernel` and :func:`in_kernel` test any allocation; :func:`transfer_scheme`
finds the (pre)kernel point that Stearns' (1968) transfer scheme reaches from a given start (repeatedly moving
half the largest surplus difference from j to i; for the kernel never below v({j})), for exploring kernels with
more than one point. The rules and the membership tests read every coalition once per pair of members: they are
computed for at most :data:`MAX_KERNEL_PLAYERS` members (the transfer scheme, which takes many such steps, for at
most :data:`MAX_TRANSFER_PLAYERS`). In a cost game everything is in the benefit convention
v = −c, x = −y (docs/stability.md).

References
----------
M. Davis, M. Maschler, "The kernel of a cooperative game", Naval Research Logistics Quarterly 12, 1965.
D. Schmeidler, "The nucleolus of a characteristic function game", SIAM J. Appl. Math. 17, 1969.
M. Maschler, B. Peleg, L. S. Shapley, "The kernel and bargaining set for convex games", International Journal of
Game Theory 1, 1972, pp. 73–93.
M. Maschler, B. Peleg, L. S. Shapley, "Geometric properties of the kernel, nucleolus and related solution
concepts", Mathematics of Operations Research 4, 1979, pp. 303–338.
R. E. Stearns, "Convergent transfer schemes for n-person games", Transactions of the AMS 134, 1968, pp. 449–459.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from .. import deadline
from ..errors import RuleError
from ..games.table import MAX_EXACT_PLAYERS
from ..lp import tight_tolerance
from .allocation import make_allocation
from .dense import dense_game
from .egalitarian import convexity_violation
from .nucleolus import CertificateError, nucleolus, prenucleolus

__all__ = [
    "kernel",
    "prekernel",
    "max_surpluses",
    "in_kernel",
    "in_prekernel",
    "transfer_scheme",
    "MAX_KERNEL_PLAYERS",
]

MAX_KERNEL_PLAYERS = MAX_EXACT_PLAYERS
# The transfer scheme takes thousands of steps, each a pass over the table per pair of members.
MAX_TRANSFER_PLAYERS = 10


def prekernel(game, *, certify=None):
    """A point of the prekernel: the prenucleolus, checked to satisfy s_ij = s_ji for every pair.

    Examples
    --------
    >>> from ipshare.games import table_game
    >>> game = table_game(["A", "B", "C"], {"A+B": 10, "A+B+C": 2})
    >>> prekernel(game).exact      # Peleg & Sudhölter (2007), Example 5.5.12 (its prenucleolus)
    {'A': Fraction(3, 1), 'B': Fraction(3, 1), 'C': Fraction(-4, 1)}

    References
    ----------
    M. Maschler, B. Peleg, L. S. Shapley, Mathematics of Operations Research 4, 1979.
    """
    game = dense_game(game, MAX_KERNEL_PLAYERS, "prekernel", "it compares every pair's maximum surpluses")
    point = prenucleolus(game, certify=certify)
    return _checked(game, point, "prekernel", imputations=False)


def kernel(game, *, certify=None):
    """A point of the kernel: the nucleolus, checked against the kernel's conditions.

    Raises
    ------
    RuleError
        When there is no imputation (the kernel is then empty).

    Examples
    --------
    >>> from ipshare.games import table_game
    >>> game = table_game(["A", "B", "C"], {"A+B": 10, "A+B+C": 2})
    >>> kernel(game).exact         # Peleg & Sudhölter (2007), Example 5.5.12 (its nucleolus)
    {'A': Fraction(1, 1), 'B': Fraction(1, 1), 'C': Fraction(0, 1)}

    References
    ----------
    M. Davis, M. Maschler, Naval Research Logistics Quarterly 12, 1965.
    """
    game = dense_game(game, MAX_KERNEL_PLAYERS, "kernel", "it compares every pair's maximum surpluses")
    try:
        point = nucleolus(game, certify=certify)
    except RuleError as error:
        if "no imputation" in str(error):
            raise RuleError(
                "the kernel is empty: the members' stand-alone values exceed the grand value, so there is no "
                "imputation (the prekernel is not empty: try prekernel)"
            ) from None
        raise
    return _checked(game, point, "kernel", imputations=True)


def _checked(game, point, rule, imputations):
    sign = -1 if game.kind == "cost" else 1
    amounts = point.exact if point.exact is not None else point.values
    x = [sign * amounts[p] for p in game.players]  # the benefit convention, as the check reads it
    gap = _largest_breach(game, x, imputations)
    tolerance = 0 if point.exact is not None and game.is_exact else 1e3 * tight_tolerance(_scale(game))
    if gap > tolerance:
        raise CertificateError(
            f"the {'nucleolus' if imputations else 'prenucleolus'} failed the {rule}'s conditions by {float(gap):g} "
            "(numeric trouble)"
        )
    single = None
    if imputations and convexity_violation(_benefit_table(game)[0], game.n, _benefit_tolerance(game)) is None:
        single = True
    details = {
        "point": (
            "the nucleolus, which lies in the kernel (Schmeidler 1969)"
            if imputations
            else "the prenucleolus, which lies in the prekernel (Schmeidler 1969; Maschler, Peleg & Shapley 1979)"
        ),
        "single_point": single if imputations else (True if game.n <= 2 else None),
        "largest_surplus_gap": float(gap),
        "certificate": point.details.get("certificate"),
    }
    method = point.method
    if point.exact is not None:
        return make_allocation(game, rule, None, exact=[point.exact[p] for p in game.players], method=method, **details)
    return make_allocation(game, rule, [point.values[p] for p in game.players], method=method, **details)


def _scale(game):
    return float(np.max(np.abs(game.values)))


def _benefit_tolerance(game):
    return 0 if game.is_exact else tight_tolerance(_scale(game))


def _benefit_table(game):
    """The game in the benefit convention: (table, denominator) — integer numerators when exact, else floats."""
    sign = -1 if game.kind == "cost" else 1
    if game.exact_scaled is not None:
        numerators, denominator = game.exact_scaled
        return (sign * numerators).astype(object), denominator
    return sign * game.values, 1


def max_surpluses(game, allocation):
    """The matrix s[i][j] = max{v(S) − x(S) : S ∋ i, S ∌ j} (benefit convention; diagonal None).

    ``allocation`` is an Allocation or a mapping player → amount; Fractions on an exact game give Fractions.

    Examples
    --------
    >>> from ipshare.games import table_game
    >>> game = table_game(["A", "B"], {"A": 1, "A+B": 3})
    >>> max_surpluses(game, {"A": 2, "B": 1})       # s_AB = v(A) − 2 = −1, s_BA = v(B) − 1 = −1
    [[None, Fraction(-1, 1)], [Fraction(-1, 1), None]]
    """
    game = dense_game(game, MAX_KERNEL_PLAYERS, "the maximum surpluses", "they compare every pair")
    x = _vector(game, allocation)
    excess, scale = _excess(game, x)
    n = game.n
    masks = np.arange(1 << n, dtype=np.int64)
    result = [[None] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            if i != j:
                chosen = masks[((masks >> i) & 1 == 1) & ((masks >> j) & 1 == 0)]
                best = excess[chosen].max()
                result[i][j] = Fraction(int(best), scale) if scale is not None else float(best)
    return result


def in_prekernel(game, allocation) -> bool:
    """Whether ``allocation`` is efficient with s_ij = s_ji for every pair (exactly for Fractions on exact games)."""
    game = dense_game(game, MAX_KERNEL_PLAYERS, "in_prekernel", "it compares every pair's maximum surpluses")
    x = _vector(game, allocation)
    return _largest_breach(game, x, imputations=False) <= _membership_tolerance(game, x)


def in_kernel(game, allocation) -> bool:
    """Whether ``allocation`` is an imputation with (s_ij − s_ji)(x_j − v({j})) ≤ 0 for every pair."""
    game = dense_game(game, MAX_KERNEL_PLAYERS, "in_kernel", "it compares every pair's maximum surpluses")
    x = _vector(game, allocation)
    return _largest_breach(game, x, imputations=True) <= _membership_tolerance(game, x)


def _membership_tolerance(game, x):
    exact = game.is_exact and all(isinstance(value, Fraction | int) for value in x)
    return 0 if exact else 1e3 * tight_tolerance(_scale(game))


def _vector(game, allocation):
    """The allocation in the benefit convention, in player order (exact amounts where an Allocation has them)."""
    from .allocation import Allocation

    if isinstance(allocation, Allocation):
        allocation = allocation.exact if allocation.exact is not None else allocation.values
    sign = -1 if game.kind == "cost" else 1
    return [sign * allocation[p] for p in game.players]


def _excess(game, x):
    """e(S, x) for every mask: exact integers over a common scale (returned) when possible, else floats (None)."""
    table, denominator = _benefit_table(game)
    if game.is_exact and all(isinstance(value, Fraction | int) for value in x):
        fractions = [Fraction(value) for value in x]
        scale = math.lcm(denominator, *(f.denominator for f in fractions))
        integers = [int(f * scale) for f in fractions]
        sums = np.zeros(1, dtype=object)
        for value in integers:
            sums = np.concatenate([sums, sums + value])
        return table * (scale // denominator) - sums, scale
    sums = np.zeros(1)
    for value in x:
        sums = np.concatenate([sums, sums + float(value)])
    return np.asarray(table, dtype=np.float64) / denominator - sums, None


def _largest_breach(game, x, imputations):
    """How far x is from the (pre)kernel: |Σx − v(N)|, and per pair |s_ij − s_ji| (prekernel) or, for the
    kernel, the surplus difference where x_j is above v({j}) and the shortfall below v({i})."""
    n = game.n
    excess, scale = _excess(game, x)
    unit = scale if scale is not None else 1
    total = excess[-1]  # v(N) − x(N)
    breach = abs(total)
    if n == 1:
        return Fraction(breach, unit) if scale is not None else float(breach)
    masks = np.arange(1 << n, dtype=np.int64)
    surplus = np.empty((n, n), dtype=object)
    for i in range(n):
        for j in range(n):
            if i != j:
                surplus[i, j] = excess[masks[((masks >> i) & 1 == 1) & ((masks >> j) & 1 == 0)]].max()
    singles = [excess[1 << i] for i in range(n)]  # v(i) − x_i: ≤ 0 on an imputation
    tolerance = 0 if scale is not None else tight_tolerance(_scale(game))
    for i in range(n):
        if imputations and singles[i] > breach:
            breach = singles[i]
        for j in range(n):
            if i == j:
                continue
            difference = surplus[i, j] - surplus[j, i]
            if not imputations:
                breach = max(breach, abs(difference))
            elif difference > 0 and -singles[j] > tolerance:
                # i out-threatens j although j holds more than alone: the smaller of the two is the breach.
                breach = max(breach, min(difference, -singles[j]))
    return Fraction(breach, unit) if scale is not None else float(breach)


def transfer_scheme(game, start=None, *, kernel=False, tolerance=None, max_iterations=None):
    """A (pre)kernel point reached by Stearns' (1968) transfer scheme from ``start`` (floats).

    At each step the pair (i, j) with the largest s_ij − s_ji = δ > 0 is found and δ/2 moves from j to i (for the
    kernel at most x_j − v({j})); the scheme stops when no pair differs by more than ``tolerance``.

    Parameters
    ----------
    start : mapping player → amount, optional
        An efficient allocation (an imputation for the kernel); default the equal split of the surplus over the
        stand-alone values (the kernel) or of v(N) (the prekernel).

    Raises
    ------
    RuleError
        When ``start`` is not efficient (or not an imputation for the kernel), or the scheme has not converged
        after ``max_iterations`` steps.

    Examples
    --------
    >>> from ipshare.games import table_game
    >>> game = table_game(["A", "B", "C"], {"A+B": 1, "A+C": 1, "B+C": 1, "A+B+C": 1})
    >>> point = transfer_scheme(game, {"A": 1, "B": 0, "C": 0})
    >>> [round(point[p], 9) for p in "ABC"]        # the majority game's kernel is its centre
    [0.333333333, 0.333333333, 0.333333333]
    """
    game = dense_game(game, MAX_TRANSFER_PLAYERS, "the transfer scheme",
                      "each of its many steps compares every pair's maximum surpluses")
    n = game.n
    sign = -1 if game.kind == "cost" else 1
    values = sign * game.values
    full = (1 << n) - 1
    singles = np.array([values[1 << i] for i in range(n)])
    scale = max(1.0, _scale(game))
    tolerance = tolerance if tolerance is not None else 1e-10 * scale
    max_iterations = max_iterations if max_iterations is not None else 20000 * n
    if start is None:
        base = singles if kernel else np.zeros(n)
        x = base + (values[full] - base.sum()) / n
    else:
        x = np.array([sign * float(start[p]) for p in game.players])
    if abs(x.sum() - values[full]) > tight_tolerance(scale):
        raise RuleError("the transfer scheme needs an efficient start (its amounts must add up to v(N))")
    if kernel and np.any(x < singles - tight_tolerance(scale)):
        raise RuleError("the kernel's transfer scheme needs an imputation to start from (x_i >= v(i))")
    masks = np.arange(1 << n, dtype=np.int64)
    pairs = {(i, j): masks[((masks >> i) & 1 == 1) & ((masks >> j) & 1 == 0)] for i in range(n) for j in range(n)
             if i != j}
    members = ((masks[:, None] >> np.arange(n)) & 1).astype(np.float64)
    for _ in range(max_iterations):
        deadline.check("the transfer scheme")
        excess = values - members @ x
        surplus = {pair: excess[chosen].max() for pair, chosen in pairs.items()}
        best, move = 1e-3 * tolerance, None
        for (i, j) in pairs:
            difference = surplus[i, j] - surplus[j, i]
            room = x[j] - singles[j] if kernel else np.inf
            step = min(difference / 2, room)
            if difference > tolerance and step > best:
                best, move = step, (i, j)
        if move is None:
            return dict(zip(game.players, (sign * x).tolist(), strict=True))
        i, j = move
        x[i] += best
        x[j] -= best
    raise RuleError(f"the transfer scheme did not converge within {max_iterations} steps")
