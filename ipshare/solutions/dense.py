"""The dense table a rule needs, refused before it is built when the game is beyond the rule's size limit.

Rules that read every coalition of a large game take minutes or gigabytes; the ones with a stated limit ask
:func:`dense_game` for the table, which says why in one line instead of building 2^n values first.
"""

from __future__ import annotations

from ..errors import RuleError
from ..games.table import Game

__all__ = ["dense_game"]


def dense_game(game, limit: int, rule: str, why: str = "it reads every coalition") -> Game:
    """``game`` as a dense :class:`~ipshare.games.Game`, or RuleError when it has more than ``limit`` players."""
    if game.n > limit:
        raise RuleError(f"{rule} is computed for at most {limit} members ({why}); this game has {game.n}")
    return game if isinstance(game, Game) else game.dense()
