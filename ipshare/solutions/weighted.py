"""The weighted Shapley value (Shapley 1953a; Kalai & Samet 1987), from the Harsanyi dividends of the game.

Every game is a unique sum of unanimity games, v = Σ_S Δ(S)·u_S, where u_S(T) = 1 when T ⊇ S and the Harsanyi
dividend Δ(S) = Σ_{T⊆S} (−1)^{|S|−|T|} v(T) is what S adds beyond its sub-coalitions. The Shapley value splits each
dividend equally among the members of S; the **weighted Shapley value** with positive weights w splits it in
proportion to the weights:

    φ^w_i = Σ_{S∋i} Δ(S) · w_i / w(S),   w(S) = Σ_{j∈S} w_j.

(Kalai & Samet's weight systems also allow an ordering of players with zero weight; ipshare takes positive weights
only.) The dividends come from a fast Möbius transform of the bitmask array (n vectorised passes, O(n·2^n)), the
sums over "coalitions containing i" from :func:`ipshare.games.member_sums`; no loop over coalitions in Python.
With equal weights it is the Shapley value. It is linear in v, so a cost game's value is the cost shares directly:
a member with a larger weight bears a larger part of every joint cost.

References
----------
L. S. Shapley, "Additive and non-additive set functions", PhD thesis, Princeton, 1953.
E. Kalai, D. Samet, "On weighted Shapley values", Int. J. Game Theory 16, 1987.
J. C. Harsanyi, "A simplified bargaining model for the n-person cooperative game", Int. Econ. Review 4, 1963.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from ..errors import GameError
from ..games.table import Game, member_sums
from .allocation import make_allocation
from .parameters import rule_weights

__all__ = ["harsanyi_dividends", "weighted_shapley_value"]

_INT64_SAFE = 1 << 62
# Dividends over w(S) as exact rationals: one Fraction per coalition, so exactness is kept to this size.
MAX_EXACT_WEIGHTED_PLAYERS = 16


def harsanyi_dividends(values: np.ndarray) -> np.ndarray:
    """Δ(S) for every coalition, indexed by mask, by the Möbius transform of a table of 2^n values.

    Works on float and on integer tables (int64, or Python integers in an object array when int64 could
    overflow: a dividend can be up to 2^n times the largest value).

    Examples
    --------
    >>> harsanyi_dividends(np.array([0, 1, 2, 6]))     # Δ(A) = 1, Δ(B) = 2, Δ(A+B) = 6 − 1 − 2
    array([0, 1, 2, 3])
    """
    size = len(values)
    n = size.bit_length() - 1
    if values.dtype.kind in "iu":
        largest = int(np.abs(values).max()) if size else 0
        dividends = values.astype(np.int64 if largest << n < _INT64_SAFE else object)
    else:
        dividends = values.copy()
    for i in range(n):
        view = dividends.reshape(-1, 2, 1 << i)
        view[:, 1, :] -= view[:, 0, :]
    return dividends


def weighted_shapley_value(game, weights=None, exact=None):
    """The weighted Shapley value with positive weights: φ^w_i = Σ_{S∋i} Δ(S)·w_i/w(S).

    Parameters
    ----------
    game : Game
    weights : mapping player -> positive weight, ``"equal"`` or ``"proportional"``, optional
        Default: the scenario's ``shapley_weights``, else ``proportional`` (contribution value in an alliance; the
        ``proportional`` rule's weights in a classic game).
    exact : bool or None
        Exact rationals (needs the game's exact values and n ≤ 16). ``None``: when possible.

    Raises
    ------
    RuleError
        A weight that is zero or negative (e.g. a member with no contribution under the default).

    Examples
    --------
    >>> from ipshare.games import table_game
    >>> game = table_game(["A", "B", "C"], {"A+B": 6, "A+B+C": 6})     # 6·u_{A,B}
    >>> weighted_shapley_value(game, weights={"A": 2, "B": 1, "C": 1}).exact
    {'A': Fraction(4, 1), 'B': Fraction(2, 1), 'C': Fraction(0, 1)}

    References
    ----------
    E. Kalai, D. Samet, "On weighted Shapley values", Int. J. Game Theory 16, 1987.
    """
    if not isinstance(game, Game):
        game = game.dense()
    n = game.n
    positive, source = rule_weights(game, weights, kind="shapley", positive=True)
    details = {"weights": {p: str(w) for p, w in zip(game.players, positive, strict=True)}, "weights_source": source}
    if exact is None:
        exact = game.is_exact and n <= MAX_EXACT_WEIGHTED_PLAYERS
    elif exact and not game.is_exact:
        raise GameError("exact values were asked for, but this game's values are floats")
    # Weights matter only through their ratios: scale them to integers.
    scale = math.lcm(*(w.denominator for w in positive))
    integer_weights = [int(w * scale) for w in positive]
    if exact and game.is_exact:
        numerators, denominator = game.exact_scaled
        dividends = harsanyi_dividends(numerators)
        totals = _subset_sums(integer_weights, object)
        totals[0] = 1
        ratios = np.array([Fraction(int(d), int(t)) for d, t in zip(dividends, totals, strict=True)], dtype=object)
        sums = member_sums(ratios, n)
        phi = [Fraction(sums[i]) * integer_weights[i] / denominator for i in range(n)]
        return make_allocation(game, "shapley-weighted", None, exact=phi, method="exact-rational", **details)
    dividends = harsanyi_dividends(np.asarray(game.values, dtype=np.float64))
    totals = _subset_sums([float(w) for w in integer_weights], np.float64)
    totals[0] = 1.0
    sums = member_sums(dividends / totals, n)
    phi = [float(sums[i]) * integer_weights[i] for i in range(n)]
    return make_allocation(game, "shapley-weighted", phi, method="exact-dense", **details)


def _subset_sums(items, dtype):
    sums = np.zeros(1, dtype=dtype)
    for item in items:
        sums = np.concatenate([sums, sums + item])
    return sums
