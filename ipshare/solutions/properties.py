"""Is an allocation efficient, individually rational, in the core? One function for any rule's result.

:func:`allocation_properties` answers the three questions a comparison of sharing rules asks of every column
(``compare`` reports them side by side):

- **efficient**: the amounts add up to v(N) (cost games: to c(N));
- **individually rational**: nobody gets less than alone, x_i ≥ v({i}) (cost games: nobody pays more than
  alone, y_i ≤ c({i}));
- **in the core**: efficient, and no coalition S would do better alone, x(S) ≥ v(S) (cost games: y(S) ≤ c(S)).

The check is exact, in integers over a common denominator, when both the game and the allocation are exact and
n ≤ 16; otherwise in floats with the tolerance of :func:`ipshare.lp.tight_tolerance`. Core membership scans the
2^n coalitions of the bitmask array in one vectorised pass; a game kept by its structure is expanded while it has
at most :data:`MAX_CORE_CHECK_PLAYERS` players, and above that the core is reported as not checked (``None``).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from ..games.table import MAX_EXACT_PLAYERS, Game
from ..lp import tight_tolerance

__all__ = ["allocation_properties", "MAX_CORE_CHECK_PLAYERS"]

MAX_CORE_CHECK_PLAYERS = 24
_INT64_SAFE = 1 << 62


def allocation_properties(game, allocation) -> dict:
    """Efficiency, individual rationality and core membership of ``allocation`` in ``game`` (JSON-friendly).

    ``allocation`` is an :class:`~ipshare.solutions.Allocation` or a mapping player -> amount (``Fraction``s are
    checked exactly). Keys of the result: ``efficient``, ``total``, ``grand_value``, ``individually_rational``,
    ``below_stand_alone`` (the members who get less than alone, or pay more), ``in_core`` (``None`` when not
    checked), ``blocking_count``, ``worst_blocking`` (the coalition with the largest excess and that excess, or
    ``None``), ``exact`` (whether the check was exact) and ``convention``.

    Examples
    --------
    >>> from ipshare.games import table_game
    >>> game = table_game(["A", "B", "C"], {"A+B": 1, "A+C": 1, "B+C": 1, "A+B+C": 1})
    >>> facts = allocation_properties(game, {"A": 0.5, "B": 0.5, "C": 0})
    >>> facts["efficient"], facts["individually_rational"], facts["in_core"], facts["worst_blocking"]
    (True, True, False, {'coalition': ['A', 'C'], 'excess': 0.5})
    """
    amounts = _amounts(allocation)
    players = tuple(game.players)
    n = len(players)
    exact_amounts = all(isinstance(amounts[p], Fraction | int) for p in players)
    sign = -1 if game.kind == "cost" else 1
    dense = game if isinstance(game, Game) else (game.dense() if n <= MAX_CORE_CHECK_PLAYERS else None)
    exact = exact_amounts and game.exact_grand_value is not None and n <= MAX_EXACT_PLAYERS
    if exact and dense is not None and dense.exact_scaled is None:
        exact = False
    result = {"convention": "cost shares: y_i <= c(i), y(S) <= c(S)" if sign < 0 else "x_i >= v(i), x(S) >= v(S)"}

    # Efficiency and individual rationality need only v(N) and v({i}).
    if exact:
        grand = game.exact_grand_value
        singles = [game.exact_value(1 << i) for i in range(n)]
        total = sum((Fraction(amounts[p]) for p in players), Fraction(0))
        efficient = total == grand
        below = [p for i, p in enumerate(players) if sign * (Fraction(amounts[p]) - singles[i]) < 0]
        result.update(total=str(total), grand_value=str(grand))
    else:
        grand = float(game.grand_value)
        singles = [float(game.value(1 << i)) for i in range(n)]
        x = [float(amounts[p]) for p in players]
        tolerance = tight_tolerance(max([abs(grand)] + [abs(s) for s in singles] + [abs(v) for v in x]))
        total = sum(x)
        efficient = abs(total - grand) <= tolerance
        below = [p for i, p in enumerate(players) if sign * (x[i] - singles[i]) < -tolerance]
        result.update(total=total, grand_value=grand)
    result.update(efficient=bool(efficient), individually_rational=not below, below_stand_alone=below)

    if dense is None:
        result.update(in_core=None, blocking_count=None, worst_blocking=None, exact=bool(exact))
        return result
    # e(S) = v(S) − x(S); in a cost game, y(S) − c(S). Exact: integer numerators over one denominator.
    excess, denominator = _excesses(dense, amounts, exact)
    proper = excess[1:-1]
    threshold = 0 if exact else _core_tolerance(dense, amounts)
    blocking = np.flatnonzero(proper > threshold) + 1
    worst = None
    if blocking.size:
        mask = int(blocking[np.argmax(proper[blocking - 1])])
        amount = str(Fraction(int(excess[mask]), denominator)) if exact else float(excess[mask])
        worst = {"coalition": list(dense.members(mask)), "excess": amount}
    result.update(
        in_core=bool(efficient and blocking.size == 0),
        blocking_count=int(blocking.size),
        worst_blocking=worst,
        exact=bool(exact),
    )
    return result


def _amounts(allocation):
    if hasattr(allocation, "exact") and hasattr(allocation, "values") and not isinstance(allocation, dict):
        return dict(allocation.exact) if allocation.exact is not None else dict(allocation.values)
    return dict(allocation)


def _core_tolerance(game, amounts):
    scale = max(float(np.max(np.abs(game.values))), *(abs(float(v)) for v in amounts.values()))
    return tight_tolerance(scale)


def _excesses(game, amounts, exact):
    """e(S) = v(S) − x(S) (cost game: y(S) − c(S)) by mask, and the denominator of exact excesses (else None)."""
    sign = -1 if game.kind == "cost" else 1
    if not exact:
        x = np.array([float(amounts[p]) for p in game.players])
        return sign * (game.values - _subset_sums(x, np.float64)), None
    numerators, denominator = game.exact_scaled
    x = [Fraction(amounts[p]) for p in game.players]
    common = math.lcm(denominator, *(value.denominator for value in x))
    factor = common // denominator
    x_scaled = [int(value * common) for value in x]
    largest = max([abs(int(numerators.max())), abs(int(numerators.min()))]) * factor + sum(map(abs, x_scaled))
    dtype = np.int64 if largest < _INT64_SAFE and numerators.dtype != object else object
    return sign * (numerators.astype(dtype) * factor - _subset_sums(x_scaled, dtype)), common


def _subset_sums(items, dtype):
    sums = np.zeros(1, dtype=dtype)
    for item in items:
        sums = np.concatenate([sums, sums + item])
    return sums
