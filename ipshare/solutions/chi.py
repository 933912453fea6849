"""The χ-value (Bergantiños & Massó 1996): a compromise value built on the largest marginal contributions.

Like the τ-value it starts from an upper vector and concedes from it; the upper vector is each member's **largest
marginal contribution** to any coalition, floored at 0:

    b_i = max(0, max_{S∌i} [v(S ∪ {i}) − v(S)]).

v(N) is a sum of marginal contributions along any order of joining, so v(N) ≤ Σ b and every coalition's **gap**
g(S) = Σ_{i∈S} b_i − v(S) is ≥ 0. Member i's **concession** is the smallest gap of a coalition it is in,
λ_i = min_{S∋i} g(S), and the gap of the grand coalition is shared in proportion to the concessions:

    χ_i = b_i − g(N) · λ_i / Σ_j λ_j        (χ = b when g(N) = 0).

It is undefined — refused with :class:`~ipshare.errors.RuleError` — when g(N) > 0 but every concession is zero
(there is no proportion to concede in). On a convex game the largest marginal contribution of i is
v(N) − v(N∖{i}), the utopia payoff, and χ is the τ-value; the tests check this.

Cost games are taken as v = −c (docs/stability.md). Where costs only grow as members join, every marginal
contribution of −c is ≤ 0, the floor makes b = 0, the gaps are the costs and the concessions the stand-alone
costs: χ then charges c(N) in proportion to c({i}). Exact in integers when the game is exact.

References
----------
G. Bergantiños, J. Massó, "Notes on a new compromise value: the χ-value", Optimization 38, 1996, pp. 277–286.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from ..errors import RuleError
from ..games.table import MAX_DENSE_VOTING_PLAYERS
from ..lp import tight_tolerance
from .dense import dense_game
from .parameters import finish, in_game_units, show

__all__ = ["chi_value", "largest_marginal_contributions", "MAX_CHI_PLAYERS"]

MAX_CHI_PLAYERS = MAX_DENSE_VOTING_PLAYERS


def largest_marginal_contributions(table, n):
    """max(0, max_{S∌i} v(S ∪ i) − v(S)) for every player, from a table indexed by mask (numbers or integers)."""
    largest = []
    for i in range(n):
        halves = table.reshape(-1, 2, 1 << i)  # [:, 1, :] holds the coalitions with i, [:, 0, :] the same without
        largest.append(max(0, (halves[:, 1, :] - halves[:, 0, :]).max()))
    return largest


def chi_value(game):
    """The χ-value χ = b − g(N)·λ/Σλ (see the module text).

    Raises
    ------
    RuleError
        When g(N) > 0 and every concession λ_i is zero.

    Examples
    --------
    >>> from ipshare.games import table_game
    >>> game = table_game(["A", "B", "C"], {"A+B": 4, "A+C": 2, "B+C": 1, "A+B+C": 5})
    >>> result = chi_value(game)       # b = (4, 4, 2), g(N) = 10 − 5 = 5, λ = (4, 4, 2): χ = b − 5·λ/10
    >>> result.exact
    {'A': Fraction(2, 1), 'B': Fraction(2, 1), 'C': Fraction(1, 1)}

    References
    ----------
    G. Bergantiños, J. Massó, "Notes on a new compromise value: the χ-value", Optimization 38, 1996.
    """
    game = dense_game(game, MAX_CHI_PLAYERS, "chi")
    n = game.n
    sign = -1 if game.kind == "cost" else 1
    exact = game.exact_scaled is not None
    if exact:
        numerators, denominator = game.exact_scaled
        table = (sign * numerators).astype(object)
    else:
        table = sign * game.values
        denominator = 1
    upper = largest_marginal_contributions(table, n)
    gap = _subset_sums(upper, table.dtype) - table
    concessions = [gap.reshape(-1, 2, 1 << i)[:, 1, :].min() for i in range(n)]
    grand_gap = gap[-1]
    total = sum(concessions)
    tolerance = 0 if exact else tight_tolerance(float(np.max(np.abs(table))))
    if grand_gap <= tolerance:
        x = list(upper)
    elif total <= tolerance:
        raise RuleError(
            "the chi-value is undefined: the largest marginal contributions exceed v(N) "
            f"(gap {show(_scaled(grand_gap, denominator, exact))}) but every member's concession "
            "min_{S∋i} g(S) is zero, so there is no proportion to concede in"
        )
    elif exact:
        x = [Fraction(int(b)) - Fraction(int(grand_gap) * int(c), int(total)) for b, c in zip(upper, concessions,
                                                                                              strict=True)]
    else:
        x = [float(b) - float(grand_gap) * float(c) / float(total) for b, c in zip(upper, concessions, strict=True)]
    x = [_scaled(value, denominator, exact) for value in x]
    return finish(
        game,
        "chi",
        x,
        exact,
        "exact-rational" if exact else "dense",
        upper=in_game_units(game, [_scaled(b, denominator, exact) for b in upper]),
        concessions=in_game_units(game, [_scaled(c, denominator, exact) for c in concessions]),
        gap=show(_scaled(grand_gap, denominator, exact)),
    )


def _scaled(value, denominator, exact):
    return Fraction(value) / denominator if exact else float(value)


def _subset_sums(items, dtype):
    sums = np.zeros(1, dtype=dtype)
    for item in items:
        sums = np.concatenate([sums, sums + item])
    return sums
