"""The classic games, built from their parameters: a table of values, weighted voting, bankruptcy, airport.

Each constructor returns a dense :class:`~ipshare.games.table.Game` (exact where its parameters are rational). A
weighted voting game too large for a table is a :class:`~ipshare.games.lazy.WeightedVotingGame` instead.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction

import numpy as np

from ..errors import GameError
from .table import _INT64_SAFE, Game, _by_doubling, _check_dense, _scaled

__all__ = ["table_game", "weighted_voting_game", "bankruptcy_game", "airport_game"]


def table_game(players: Sequence[str], values: Mapping, kind="benefit", **metadata) -> Game:
    """A game from a table of coalition values; coalitions not listed are worth 0.

    ``values`` maps coalitions (``"A+B"`` strings, tuples of player ids, or masks) to numbers.

    Examples
    --------
    >>> game = table_game(["A", "B", "C"], {"A+B": 1, "A+C": 1, "B+C": 1, "A+B+C": 1})
    >>> game.value("A+C"), game.exact_value("A")
    (1.0, Fraction(0, 1))
    """
    players = tuple(players)
    _check_dense(len(players))
    skeleton = Game(players, np.zeros(1 << len(players)))
    entries = {}
    for coalition, value in values.items():
        mask = skeleton.mask(coalition)
        if mask in entries:
            raise GameError(f"coalition {skeleton.label(mask)} is given twice")
        entries[mask] = value
    exact = all(isinstance(v, int | Fraction) and not isinstance(v, bool) for v in entries.values())
    if exact:
        table = [Fraction(0)] * (1 << len(players))
        for mask, value in entries.items():
            table[mask] = Fraction(value)
        return Game(players, np.array([float(v) for v in table]), kind, exact=_scaled(table), **metadata)
    array = np.zeros(1 << len(players))
    for mask, value in entries.items():
        array[mask] = float(value)
    return Game(players, array, kind, **metadata)


def weighted_voting_game(weights: Mapping[str, object], quota, **metadata) -> Game:
    """The simple game in which a coalition wins (is worth 1) when its total weight reaches the quota.

    Examples
    --------
    >>> game = weighted_voting_game({"A": 50, "B": 49, "C": 1}, quota=51)
    >>> game.value("A+C"), game.value("B+C")
    (1.0, 0.0)
    """
    players = tuple(weights)
    _check_dense(len(players))
    exact_weights = [Fraction(w) for w in weights.values()]
    quota = Fraction(quota)
    denominator = math.lcm(quota.denominator, *(w.denominator for w in exact_weights))
    integer_weights = [int(w * denominator) for w in exact_weights]
    integer_quota = quota * denominator
    dtype = np.int64 if sum(integer_weights) < _INT64_SAFE else object
    totals = _by_doubling(integer_weights, lambda table, w: table + w, 0, dtype)
    wins = (totals >= integer_quota).astype(np.int64)
    spec = {"type": "weighted-voting", "weights": dict(zip(players, exact_weights, strict=True)), "quota": quota}
    return Game(players, wins.astype(np.float64), "benefit", exact=(wins, 1), spec=spec, **metadata)


def bankruptcy_game(estate, claims: Mapping[str, object], **metadata) -> Game:
    """O'Neill's bankruptcy game: v(S) = max(0, estate − claims of the players outside S).

    Examples
    --------
    >>> game = bankruptcy_game(200, {"A": 100, "B": 200, "C": 300})
    >>> game.value("B+C"), game.value("A")
    (100.0, 0.0)
    """
    players = tuple(claims)
    _check_dense(len(players))
    exact_claims = [Fraction(c) for c in claims.values()]
    estate = Fraction(estate)
    if any(c < 0 for c in exact_claims) or estate < 0:
        raise GameError("claims and the estate must not be negative")
    denominator = math.lcm(estate.denominator, *(c.denominator for c in exact_claims))
    integer_claims = [int(c * denominator) for c in exact_claims]
    total = sum(integer_claims)
    dtype = np.int64 if total < _INT64_SAFE else object
    inside = _by_doubling(integer_claims, lambda table, c: table + c, 0, dtype)
    outside = total - inside
    numerators = np.maximum(int(estate * denominator) - outside, 0)
    numerators[0] = 0
    values = numerators.astype(np.float64) / denominator
    spec = {"type": "bankruptcy", "estate": estate, "claims": dict(zip(players, exact_claims, strict=True))}
    return Game(players, values, "benefit", exact=(numerators, denominator), spec=spec, **metadata)


def airport_game(costs: Mapping[str, object], **metadata) -> Game:
    """Littlechild & Owen's airport game, a cost game: c(S) = the largest cost of a member of S.

    Examples
    --------
    >>> game = airport_game({"A": 1, "B": 2, "C": 3})
    >>> game.kind, game.value("A+B")
    ('cost', 2.0)
    """
    players = tuple(costs)
    _check_dense(len(players))
    exact_costs = [Fraction(c) for c in costs.values()]
    if any(c < 0 for c in exact_costs):
        raise GameError("costs must not be negative")
    denominator = math.lcm(*(c.denominator for c in exact_costs))
    integer_costs = [int(c * denominator) for c in exact_costs]
    dtype = np.int64 if max(integer_costs) < _INT64_SAFE else object
    numerators = _by_doubling(integer_costs, lambda table, c: np.maximum(table, c), 0, dtype)
    values = numerators.astype(np.float64) / denominator
    spec = {"type": "airport", "costs": dict(zip(players, exact_costs, strict=True))}
    return Game(players, values, "cost", exact=(numerators, denominator), spec=spec, **metadata)
