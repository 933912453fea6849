"""Exact Shapley–Shubik index and raw Banzhaf value of a simple game given by rules (:class:`RuleGame`).

- For a small table (:data:`SMALL_DP_CELLS`), and beyond enumeration's reach up to :data:`MAX_DP_CELLS`: by
  dynamic programming over the conditions' running sums, each sum capped at its bound (the players' weights
  are integers after an exact scaling per condition), counting coalitions by size: one weighted quota with vetoes
  is a one-dimensional table (the vetoes a second, tiny count), a double majority a two-dimensional one over
  (weight, heads); the table for each player is built over the other players, O(n² · cells);
- else by enumerating the 2^n coalitions (numpy, at most :data:`MAX_ENUMERATED` players);
- else refused, with the reason (:class:`~ipshare.errors.GameError`).

Both check the time limit (``--time-limit``, :mod:`ipshare.deadline`) once per player.

Swings are the usual ones: i swings for S ∌ i when S ∪ {i} wins and S does not, and

    φ_i = Σ_S |S|! (n−1−|S|)! / n! · [i swings for S],     β_i = #{S : i swings for S} / 2^(n−1).

The plain [q; w] has its own, faster programme in :mod:`ipshare.solutions.voting`.

References
----------
L. S. Shapley and M. Shubik, "A method for evaluating the distribution of power in a committee system", APSR 48,
1954. J. F. Banzhaf, "Weighted voting doesn't work", Rutgers Law Review 19, 1965. D. S. Felsenthal and M.
Machover, "The Measurement of Voting Power", Edward Elgar, 1998.
"""

from __future__ import annotations

import math
from fractions import Fraction

from .. import deadline
from ..errors import GameError
from ..games.simple import RuleGame

__all__ = ["rule_power", "MAX_ENUMERATED", "SMALL_DP_CELLS", "MAX_DP_CELLS"]

# Enumeration of all coalitions is refused beyond this many players (2^20 coalitions: about a second).
MAX_ENUMERATED = 20
# The dynamic programme (players² × table cells) is preferred up to SMALL_DP_CELLS (under a second), used beyond
# enumeration's reach up to MAX_DP_CELLS (tens of seconds in Python), and refused beyond.
SMALL_DP_CELLS = 2 * 10**6
MAX_DP_CELLS = 3 * 10**7


def rule_power(game: RuleGame, method: str = "auto") -> tuple[dict, dict, str]:
    """(Shapley–Shubik, raw Banzhaf, the method used: "dp" or "enumeration"), exact, one entry per player.

    ``method``: "auto" (the programme when its table is small enough, else enumeration), "dp" or "enumeration"."""
    if method not in ("auto", "dp", "enumeration"):
        raise GameError(f"unknown method {method!r}")
    if not game.conditions or not _grand_wins(game):
        raise GameError("no coalition wins under this rule (not even all the members together)")
    cells = game.dp_cells()
    if method == "dp" or (method == "auto" and (cells <= SMALL_DP_CELLS or (
            game.n > MAX_ENUMERATED and cells <= MAX_DP_CELLS))):
        swings = _dp_swings(game)
        used = "dp"
    elif method == "enumeration" or game.n <= MAX_ENUMERATED:
        swings = _enumerated_swings(game)
        used = "enumeration"
    else:
        raise GameError(
            f"the council's rule has {game.n} members and a table of {game.dp_cells():,} cells: too many to "
            f"enumerate the coalitions (at most {MAX_ENUMERATED} members) and too large a programme "
            f"(at most {MAX_DP_CELLS:,} cells)"
        )
    n = game.n
    weights = [Fraction(math.factorial(s) * math.factorial(n - 1 - s), math.factorial(n)) for s in range(n)]
    shapley, banzhaf = {}, {}
    for i, player in enumerate(game.players):
        by_size = swings[i]
        shapley[player] = sum((weights[s] * by_size[s] for s in range(n)), Fraction(0))
        banzhaf[player] = Fraction(sum(by_size), 2 ** (n - 1))
    return shapley, banzhaf, used


def _grand_wins(game) -> bool:
    return game.wins(range(game.n))


def _dp_swings(game) -> list[list[int]]:
    """swings[i][s]: the coalitions S ∌ i of size s for which i swings; by a table over the other players of
    (size, capped sums) → number of coalitions."""
    integer = [condition.integer() for condition in game.conditions]
    bounds = tuple(bound for _, bound in integer)
    columns = [tuple(weights[i] for weights, _ in integer) for i in range(game.n)]

    def add(state, column):
        return tuple(min(s + w, b) for s, w, b in zip(state, column, bounds, strict=True))

    result = []
    for i in range(game.n):
        deadline.check()
        table = [{tuple(0 for _ in bounds): 1}]  # table[s][state]
        for j in range(game.n):
            if j == i:
                continue
            column = columns[j]
            table.append({})
            for size in range(len(table) - 2, -1, -1):
                target = table[size + 1]
                for state, count in table[size].items():
                    grown = add(state, column)
                    target[grown] = target.get(grown, 0) + count
        own = columns[i]
        counts = []
        for size in range(game.n):
            total = 0
            for state, count in table[size].items():
                if state != bounds and add(state, own) == bounds:
                    total += count
            counts.append(total)
        result.append(counts)
    return result


def _enumerated_swings(game) -> list[list[int]]:
    """The same counts by evaluating every coalition (bit j of a mask: player j)."""
    import numpy as np

    n = game.n
    masks = np.arange(1 << n, dtype=np.int64)
    wins = np.ones(1 << n, dtype=bool)
    bits = [((masks >> j) & 1).astype(bool) for j in range(n)]
    for weights, bound in (condition.integer() for condition in game.conditions):
        if sum(weights) < 2**62:
            totals = np.zeros(1 << n, dtype=np.int64)
            for j in range(n):
                if weights[j]:
                    totals += bits[j] * np.int64(weights[j])
            wins &= totals >= bound
        else:  # weights too large for int64: Python integers
            totals = np.zeros(1 << n, dtype=object)
            for j in range(n):
                if weights[j]:
                    totals = totals + bits[j].astype(object) * weights[j]
            wins &= np.array(totals >= bound, dtype=bool)
    sizes = np.zeros(1 << n, dtype=np.int64)
    for j in range(n):
        sizes += bits[j]
    result = []
    for i in range(n):
        deadline.check()
        without = masks[~bits[i]]
        swing = wins[without | (1 << i)] & ~wins[without]
        result.append([int(c) for c in np.bincount(sizes[without][swing], minlength=n)[:n]])
    return result
