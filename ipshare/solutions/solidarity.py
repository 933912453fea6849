"""The solidarity value (Nowak & Radzik 1994).

The Shapley value pays each member its own marginal contribution v(S) − v(S∖{i}) as it joins S. The solidarity
value pays it instead the **average** marginal contribution of the members of S,

    A(S) = (1/|S|) Σ_{k∈S} (v(S) − v(S∖{k})),

with the Shapley weights:

    ψ_i = Σ_{S∋i} (n − |S|)! (|S| − 1)! / n! · A(S).

The fortunate share with the unproductive: a null player gets something, unless every coalition's average
contribution is zero where it is present (the "A-null player" axiom replaces the null player one). The value is
efficient, symmetric and linear. ipshare computes it in n + 2 vectorised passes over the bitmask array (the sums
Σ_k v(S∖{k}), then the weighted sums over the coalitions that contain i), exactly in integers when the game is
exact.

References
----------
A. S. Nowak, T. Radzik, "A solidarity value for n-person transferable utility games", International Journal of
Game Theory 23, 1994, pp. 43–48.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from ..games.table import MAX_DENSE_VOTING_PLAYERS, MAX_EXACT_PLAYERS, member_sums, popcounts
from .allocation import make_allocation
from .dense import dense_game

__all__ = ["solidarity_value", "MAX_SOLIDARITY_PLAYERS"]

MAX_SOLIDARITY_PLAYERS = MAX_DENSE_VOTING_PLAYERS


def solidarity_value(game):
    """The solidarity value ψ_i = Σ_{S∋i} (n−s)!(s−1)!/n! · A(S), A(S) the average marginal contribution in S.

    Examples
    --------
    >>> from ipshare.games import table_game
    >>> game = table_game(["A", "B", "C"], {"A+B": 1, "A+C": 1, "A+B+C": 1})   # the glove game, L = A
    >>> solidarity_value(game).exact    # A(AB) = A(AC) = 1, A(N) = 1/3: ψ_A = (1 + 1)/6 + (1/3)/3
    {'A': Fraction(4, 9), 'B': Fraction(5, 18), 'C': Fraction(5, 18)}

    References
    ----------
    A. S. Nowak, T. Radzik, International Journal of Game Theory 23, 1994.
    """
    game = dense_game(game, MAX_SOLIDARITY_PLAYERS, "solidarity")
    n = game.n
    sizes = popcounts(n).astype(np.int64)
    factorial = [math.factorial(k) for k in range(n + 1)]
    common = math.lcm(*range(1, n + 1))
    # ψ_i = Σ_{S∋i} W(|S|)·(|S|·v(S) − Σ_{k∈S} v(S∖k)) / (n!·L), with W(s) = (n−s)!(s−1)!·L/s an integer.
    weight = [0] + [factorial[n - s] * factorial[s - 1] * (common // s) for s in range(1, n + 1)]
    if game.is_exact and n <= MAX_EXACT_PLAYERS:
        numerators, denominator = game.exact_scaled
        values = numerators.astype(object)
        table = np.array(weight, dtype=object)[sizes] * (sizes.astype(object) * values - _without_one(values, n))
        scale = factorial[n] * common * denominator
        psi = [Fraction(int(total), scale) for total in member_sums(table, n)]
        return make_allocation(game, "solidarity", None, exact=psi, method="exact-rational")
    values = game.values
    table = np.array(weight, dtype=np.float64)[sizes] * (sizes * values - _without_one(values, n))
    psi = member_sums(table, n) / (factorial[n] * common)
    return make_allocation(game, "solidarity", psi, method="dense")


def _without_one(values, n):
    """Σ_{k∈S} v(S∖{k}) for every coalition S, indexed by mask (n passes)."""
    total = np.zeros_like(values)
    masks = np.arange(1 << n, dtype=np.int64)
    for k in range(n):
        inside = masks[(masks >> k) & 1 == 1]
        total[inside] = total[inside] + values[inside ^ (1 << k)]
    return total
