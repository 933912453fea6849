"""Games: representations of cooperative games, pure mathematics that knows nothing of scenarios.

A dense table of every coalition's value (:class:`~.table.Game`, values by bitmask, exact where rational), the
classic constructors (:mod:`.classic`: table, weighted voting, bankruptcy, airport), and games answered coalition
by coalition (:mod:`.lazy`: :class:`~.lazy.LazyGame`, :class:`~.lazy.WeightedVotingGame`; :mod:`.structured`: a sum
of small component games, :class:`~.structured.StructuredGame`).
"""

from .classic import airport_game, bankruptcy_game, table_game, weighted_voting_game
from .lazy import LazyGame, WeightedVotingGame, integer_weights
from .structured import Component, StructuredGame
from .table import GAME_KINDS, MAX_DENSE_PLAYERS, Game, Players, coalition_values, member_sums, popcounts

__all__ = [
    "Game",
    "Players",
    "GAME_KINDS",
    "MAX_DENSE_PLAYERS",
    "LazyGame",
    "WeightedVotingGame",
    "StructuredGame",
    "Component",
    "integer_weights",
    "table_game",
    "weighted_voting_game",
    "bankruptcy_game",
    "airport_game",
    "popcounts",
    "member_sums",
    "coalition_values",
]
