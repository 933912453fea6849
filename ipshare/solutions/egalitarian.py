"""The egalitarian solution of Dutta & Ray (1989), on convex games: rule ``dutta-ray``.

Dutta and Ray look for the most equal split that no coalition would block: the core allocation that Lorenz
dominates every other one. On a convex game (v(S ∪ T) + v(S ∩ T) ≥ v(S) + v(T)) it exists, is unique, and their
algorithm finds it:

1. among all non-empty coalitions take the one with the largest average worth v(S)/|S| — the largest such
   coalition when several tie (on a convex game the union of the maximisers is one too);
2. pay each of its members that average;
3. go on with the rest of the players in the game v'(T) = v(S₁ ∪ T) − v(S₁) (convex again), until no one is left.

In a bankruptcy game (convex) this is the constrained-equal-awards division of the estate (Dutta & Ray 1989;
the tests check it on random problems).

**Other games.** On a game that is not convex the Lorenz-undominated core allocations may be several or none,
and the algorithm's result need not be in the core; ipshare therefore computes ``dutta-ray`` for convex games
only and refuses the others, naming a pair of members and a coalition where convexity fails. (Dutta & Ray's
general definition through the Lorenz core is not computed.)

**Cost games** are taken as v = −c, as everywhere in ipshare (docs/stability.md): v is convex when the costs are
concave (sharing gets cheaper the more join), and the result is the core cost split whose shares are as equal
as possible. The check and the algorithm are exact in integers when the game is exact.

References
----------
B. Dutta, D. Ray, "A concept of egalitarianism under participation constraints", Econometrica 57, 1989,
pp. 615–635.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from ..errors import RuleError
from ..games.table import MAX_DENSE_VOTING_PLAYERS, popcounts
from ..lp import tight_tolerance
from .dense import dense_game
from .parameters import finish

__all__ = ["dutta_ray", "convexity_violation", "MAX_DUTTA_RAY_PLAYERS"]

# The convexity check reads n²/2 second differences over 2^(n−2) coalitions each: about a second at 20 players.
MAX_DUTTA_RAY_PLAYERS = MAX_DENSE_VOTING_PLAYERS
_INT64_SAFE = 1 << 62


def dutta_ray(game):
    """The Dutta–Ray egalitarian solution of a convex game, by the Dutta–Ray (1989) algorithm.

    Raises
    ------
    RuleError
        When the game is not convex (the message names where), or has more than
        :data:`MAX_DUTTA_RAY_PLAYERS` members.

    Examples
    --------
    >>> from ipshare.games import table_game
    >>> game = table_game(["A", "B", "C"], {"A": 1, "B+C": 3, "A+B": 2, "A+C": 2, "A+B+C": 6})
    >>> dutta_ray(game).exact    # A+B+C averages 2, the best: everyone gets 2 (convex: all second differences ≥ 0)
    {'A': Fraction(2, 1), 'B': Fraction(2, 1), 'C': Fraction(2, 1)}

    References
    ----------
    B. Dutta, D. Ray, "A concept of egalitarianism under participation constraints", Econometrica 57, 1989.
    """
    game = dense_game(game, MAX_DUTTA_RAY_PLAYERS, "dutta-ray", "its convexity check reads every coalition pair")
    n = game.n
    sign = -1 if game.kind == "cost" else 1
    values = sign * game.values
    exact = None
    if game.exact_scaled is not None:
        numerators, denominator = game.exact_scaled
        exact = (sign * numerators, denominator)
    table = exact[0] if exact is not None else values
    tolerance = 0 if exact is not None else tight_tolerance(float(np.max(np.abs(values))))
    violation = convexity_violation(table, n, tolerance)
    if violation is not None:
        i, j, coalition, gap = violation
        shown = Fraction(int(gap), exact[1]) if exact is not None else float(gap)
        raise RuleError(
            f"dutta-ray is computed for convex games only (Dutta & Ray 1989's algorithm), and this one is not: "
            f"{game.players[i]} adds {shown} less to {game.label(coalition | 1 << j)} than to "
            f"{game.label(coalition)} (v(S+i+j) - v(S+j) < v(S+i) - v(S) with S = {game.label(coalition)}, "
            f"i = {game.players[i]}, j = {game.players[j]})"
        )
    shares, steps = _algorithm(table, n, exact is not None, tolerance)
    if exact is not None:
        denominator = exact[1]
        x = [share / denominator for share in shares]
    else:
        x = shares
    details = {"coalitions": [[game.players[i] for i in range(n) if mask >> i & 1] for mask in steps]}
    return finish(game, "dutta-ray", x, exact is not None, "exact-rational" if exact is not None else "dense",
                  **details)


def convexity_violation(table, n, tolerance=0):
    """The first (i, j, S, gap) with v(S∪i∪j) − v(S∪j) − v(S∪i) + v(S) = −gap < −tolerance, or None if convex.

    ``table`` is indexed by mask (numbers, or integer numerators for an exact check). One vectorised pass per pair
    of players over the coalitions without them.
    """
    masks = np.arange(1 << n, dtype=np.int64)
    for i in range(n):
        for j in range(i + 1, n):
            both = (1 << i) | (1 << j)
            base = masks[(masks & both) == 0]
            second = table[base | both] - table[base | (1 << i)] - table[base | (1 << j)] + table[base]
            bad = np.flatnonzero(second < -tolerance)
            if bad.size:
                k = int(bad[0])
                return i, j, int(base[k]), -second[k]
    return None


def _algorithm(table, n, exact, tolerance):
    """The Dutta–Ray steps: (each player's share, the coalitions in the order they were paid).

    Exact tables are integer numerators: averages v(S)/|S| are compared as v(S)·(L/|S|) with L = lcm(1..n), in
    Python integers when int64 could overflow.
    """
    masks = np.arange(1 << n, dtype=np.int64)
    sizes = popcounts(n).astype(np.int64)
    common = math.lcm(*range(1, n + 1))
    if exact and (table.dtype == object or int(np.max(np.abs(table))) * 2 * common >= _INT64_SAFE):
        table = table.astype(object)
    shares = [None] * n
    done = 0
    steps = []
    while done != (1 << n) - 1:
        candidates = masks[((masks & done) == 0) & (masks != 0)]
        gains = table[candidates | done] - table[done]
        if exact:
            averages = gains * (common // sizes[candidates])
            best = averages.max()
            chosen = candidates[averages == best]
        else:
            averages = gains / sizes[candidates]
            best = averages.max()
            chosen = candidates[averages >= best - tolerance]
        # On a convex game the union of the maximisers is a maximiser, and the rule takes the largest one.
        union = int(np.bitwise_or.reduce(chosen))
        gain = table[union | done] - table[done]
        size = union.bit_count()
        attains = gain * (common // size) == best if exact else float(gain) / size >= best - tolerance
        if not attains:  # cannot happen on a convex game; keep to a maximiser all the same
            union = int(max(chosen, key=lambda mask: (int(mask).bit_count(), -int(mask))))
            gain = table[union | done] - table[done]
            size = union.bit_count()
        average = Fraction(int(gain), size) if exact else float(gain) / size
        for i in range(n):
            if union >> i & 1:
                shares[i] = average
        steps.append(union)
        done |= union
    return shares, steps
