"""Games too large for a table of 2^n values, kept by their structure instead.

A :class:`~ipshare.games.Game` holds every coalition's value. That stops at about 28 players. Two kinds of game
that ipshare meets are much larger but have a structure that additive rules (Shapley, Banzhaf, Owen) can use:

- :class:`WeightedVotingGame`: a coalition wins when its weight reaches the quota. The weights and the quota are
  the whole game; :mod:`ipshare.solutions.voting` computes power indices from them by dynamic programming.
- :class:`StructuredGame`: a sum of small component games, each depending only on the few players it touches,
  plus a constant that every non-empty coalition gets. An alliance's benefit game is one
  (:func:`structured_benefit_game`): each revenue source depends only on the members it touches.

Both answer the value of any coalition (:meth:`LazyGame.value`, and :meth:`LazyGame.evaluate` for many
coalitions at once, given as rows of a boolean membership matrix), and both can be expanded into a dense
:class:`~ipshare.games.Game` while n is small enough (:meth:`LazyGame.dense`), for the rules that need the table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..errors import GameError
from .lazy import LazyGame, _named
from .table import MAX_DENSE_PLAYERS, Game, require_memory

__all__ = [
    "LazyGame",
    "Component",
    "StructuredGame",
    "MAX_COMPONENT_PLAYERS",
]

# A component's table has 2^k entries; above this many players a component is evaluated coalition by coalition.
MAX_COMPONENT_PLAYERS = 20


# ------------------------------------------------------------------------------------------------------------
# Weighted voting


# ------------------------------------------------------------------------------------------------------------
# Sums of small games


@dataclass(frozen=True)
class Component:
    """One summand of a :class:`StructuredGame`: a game on a few of the players.

    ``players`` are indices into the whole game's players; the component's own coalitions are masks over
    them (``players[j]`` is local bit ``j``). ``values`` holds the 2^k local values, with ``values[0] == 0``,
    and ``exact`` the same as ``(integer numerators, denominator)`` when exact. A component with more than
    :data:`MAX_COMPONENT_PLAYERS` players has no table: ``evaluate`` maps a boolean (m × k) membership matrix
    to its m values instead, and ``numerators`` (when the values are rational) to their integer numerators over
    ``denominator``. ``classes``, when known, partitions the local positions into classes of interchangeable
    players (swapping two players of a class never changes a value), so that the values depend only on how many
    of each class a coalition holds. ``label`` says where it came from (e.g. the revenue sources it sums).
    """

    players: tuple[int, ...]
    values: np.ndarray | None = None
    exact: tuple | None = None
    evaluate: object = None
    label: str = ""
    classes: tuple[tuple[int, ...], ...] | None = None
    numerators: object = None
    denominator: int = 1

    @property
    def size(self) -> int:
        return len(self.players)

    @property
    def is_exact(self) -> bool:
        return self.exact is not None or self.numerators is not None

    @property
    def class_states(self) -> int | None:
        """How many count vectors the classes give (Π (class size + 1)), or None without classes."""
        return math.prod(len(c) + 1 for c in self.classes) if self.classes is not None else None

    def exact_numerators(self, local: np.ndarray):
        """Integer numerators (over the component's denominator) of the coalitions given as rows of ``local``."""
        if self.exact is not None:
            return np.asarray(self.exact[0])[_local_masks(local)]
        return self.numerators(local)

    @property
    def exact_denominator(self) -> int:
        return self.exact[1] if self.exact is not None else self.denominator


class StructuredGame(LazyGame):
    """v(S) = Σ_c v_c(S ∩ P_c) + K·[S ≠ ∅]: a sum of component games, plus a constant for non-empty coalitions.

    Additive rules are computed component by component over the few players each touches
    (:mod:`ipshare.solutions.structured`). ``constant`` is ``K`` (exact when given as a Fraction).

    Examples
    --------
    >>> import numpy as np
    >>> glove = Component((0, 1), np.array([0.0, 0.0, 0.0, 1.0]), (np.array([0, 0, 0, 1]), 1))
    >>> game = StructuredGame(["L", "R", "X"], [glove], constant=Fraction(2))
    >>> game.value("L+R"), game.value("X"), game.exact_value("L+R+X")
    (3.0, 2.0, Fraction(3, 1))
    """

    def __init__(self, players, components, kind="benefit", *, constant=Fraction(0), **metadata):
        super().__init__(players, kind, **metadata)
        self.components = tuple(components)
        self.constant = constant
        for component in self.components:
            if any(not 0 <= p < self.n for p in component.players) or len(set(component.players)) != component.size:
                raise GameError(f"component {component.label or '?'} names players outside the game")
            if component.values is None and component.evaluate is None:
                raise GameError(f"component {component.label or '?'} has neither a table nor an evaluator")

    @property
    def is_exact(self) -> bool:
        return isinstance(self.constant, int | Fraction) and all(c.is_exact for c in self.components)

    def evaluate(self, membership):
        membership = np.asarray(membership, dtype=bool)
        total = np.where(membership.any(axis=1), float(self.constant), 0.0)
        for component in self.components:
            local = membership[:, list(component.players)]
            if component.values is not None:
                total += component.values[_local_masks(local)]
            else:
                total += component.evaluate(local)
        return total

    def exact_value(self, coalition):
        if not self.is_exact:
            return None
        mask = self.mask(coalition)
        if mask == 0:
            return Fraction(0)
        total = Fraction(self.constant)
        membership = self.membership(mask)
        for component in self.components:
            local = membership[None, list(component.players)]
            total += Fraction(int(component.exact_numerators(local)[0]), component.exact_denominator)
        return total


    def dense(self):
        """Expand into a dense Game: each component's table is read at every coalition's local mask."""
        n = self.n
        if n > MAX_DENSE_PLAYERS:
            raise GameError(
                f"{n} players: this rule needs a dense table of 2^{n} coalition values, too large (at most "
                f"2^{MAX_DENSE_PLAYERS}); use shapley, banzhaf or owen, which use the game's structure, or sampling"
            )
        exact = self.is_exact and n <= 16
        require_memory((24 + (8 if exact else 0)) << n, f"a dense table of 2^{n} coalition values")
        masks = np.arange(1 << n, dtype=np.int64)
        values = np.where(masks > 0, float(self.constant), 0.0)
        if exact:
            denominator = math.lcm(Fraction(self.constant).denominator, *(c.exact_denominator for c in self.components))
            numerators = np.where(masks > 0, int(Fraction(self.constant) * denominator), 0).astype(object)
        for component in self.components:
            local = np.zeros(1 << n, dtype=np.int64)
            for j, p in enumerate(component.players):
                local |= ((masks >> p) & 1) << j
            if component.values is None:
                bits = ((local[:, None] >> np.arange(component.size)) & 1).astype(bool)
                values += component.evaluate(bits)
            else:
                values += component.values[local]
            if exact:
                if component.exact is not None:
                    scaled = np.asarray(component.exact[0], dtype=object)[local]
                else:
                    scaled = np.asarray(component.numerators(bits), dtype=object)
                numerators += scaled * (denominator // component.exact_denominator)
        if exact:
            return Game(self.players, values, self.kind, exact=(numerators, denominator), **_named(self))
        return Game(self.players, values, self.kind, **_named(self))


def _local_masks(local: np.ndarray) -> np.ndarray:
    """Rows of a boolean (m × k) matrix as masks (bit j = column j)."""
    return local.astype(np.int64) @ (np.int64(1) << np.arange(local.shape[1], dtype=np.int64))


# ------------------------------------------------------------------------------------------------------------
# The alliance's benefit game, source by source


