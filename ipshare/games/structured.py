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
        """Expand into a dense Game: each component's table added to the whole table by broadcasting.

        The table of 2^n values is viewed as an n-dimensional array of 2 × … × 2 (one axis per player), and a
        component's 2^k table as the same with only its players' axes: one vectorised in-place add per component,
        with no index array of 2^n local masks. Components without a table (more than MAX_COMPONENT_PLAYERS
        players) are evaluated at every coalition instead.
        """
        n = self.n
        if n > MAX_DENSE_PLAYERS:
            raise GameError(
                f"{n} players: this rule needs a dense table of 2^{n} coalition values, too large (at most "
                f"2^{MAX_DENSE_PLAYERS}); use shapley, banzhaf or owen, which use the game's structure, or sampling"
            )
        exact = self.is_exact and n <= 16
        require_memory((24 + (8 if exact else 0)) << n, f"a dense table of 2^{n} coalition values")
        values = np.full(1 << n, float(self.constant))
        values[0] = 0.0
        grid = values.reshape((2,) * n)
        if exact:
            denominator = math.lcm(Fraction(self.constant).denominator, *(c.exact_denominator for c in self.components))
            constant = int(Fraction(self.constant) * denominator)
            factors = [denominator // c.exact_denominator for c in self.components]
            bound = abs(constant) + sum(
                _largest_numerator(c) * f for c, f in zip(self.components, factors, strict=True)
            )
            numerators = np.full(1 << n, constant, dtype=np.int64 if bound < 1 << 62 else object)
            numerators[0] = 0
            exact_grid = numerators.reshape((2,) * n)
        tabled = [i for i, c in enumerate(self.components) if c.values is not None and c.size]
        grouped = _grouped_tables(
            self.components, tabled, factors if exact else None, numerators.dtype if exact else np.int64
        )
        for players, table, scaled in grouped:
            grid += _spread(table, players, n)
            if exact:
                exact_grid += _spread(scaled.astype(numerators.dtype), players, n)
        for index, component in enumerate(self.components):
            if component.size == 0 or component.values is not None:
                continue
            bits = None
            if component.values is None:
                masks = np.arange(1 << n, dtype=np.int64)
                local = np.zeros(1 << n, dtype=np.int64)
                for j, p in enumerate(component.players):
                    local |= ((masks >> p) & 1) << j
                bits = ((local[:, None] >> np.arange(component.size)) & 1).astype(bool)
                values += component.evaluate(bits)
            if exact:
                if component.exact is not None:
                    scaled = np.asarray(component.exact[0]).astype(numerators.dtype) * factors[index]
                    exact_grid += _spread(scaled, component.players, n)
                else:
                    numerators += np.asarray(component.numerators(bits)).astype(numerators.dtype) * factors[index]
        if exact:
            return Game(self.players, values, self.kind, exact=(numerators, denominator), **_named(self))
        return Game(self.players, values, self.kind, **_named(self))


def _spread(table, players, n):
    """A component's table of 2^k values (local bit j = player ``players[j]``) as an array that broadcasts against
    the whole game's table viewed as 2 × … × 2 (axis n − 1 − p for player p): its own axes in their places, 1
    elsewhere."""
    k = len(players)
    local = table.reshape((2,) * k)  # axis a is local bit k − 1 − a
    axes = [n - 1 - players[k - 1 - a] for a in range(k)]
    order = sorted(range(k), key=axes.__getitem__)
    shape = [1] * n
    for a in order:
        shape[axes[a]] = 2
    return local.transpose(order).reshape(shape)


# Components are added to the dense table in groups whose players number at most this many: one pass over the
# 2^n table per group instead of one per component (the group's own table of 2^k values stays in cache).
_GROUP_PLAYERS = 14


def _grouped_tables(components, indices, factors=None, dtype=np.int64):
    """(players, float table, scaled exact numerators or None) for groups of the given components: each group's
    tables summed over the union of its players (in order of first appearance), by the same broadcasting."""
    groups = []
    for index in indices:
        players = components[index].players
        for group in groups:
            union = group[0] | set(players)
            if len(union) <= _GROUP_PLAYERS:
                group[0].update(players)
                group[1].append(index)
                break
        else:
            groups.append([set(players), [index]])
    for members, group in groups:
        players = tuple(sorted(members))
        k = len(players)
        position = {p: j for j, p in enumerate(players)}
        table = np.zeros((2,) * k)
        scaled = None
        if factors is not None:  # the exact numerators in the dtype of the whole table (int64 only when safe)
            scaled = np.zeros((2,) * k, dtype=dtype)
        for index in group:
            component = components[index]
            local = tuple(position[p] for p in component.players)
            table += _spread(np.asarray(component.values, dtype=np.float64), local, k)
            if scaled is not None:
                numerators = np.asarray(component.exact[0]).astype(scaled.dtype) * factors[index]
                scaled += _spread(numerators, local, k)
        yield players, table.reshape(-1), None if scaled is None else scaled.reshape(-1)


def _largest_numerator(component):
    if component.exact is None:
        return 1 << 62  # numerators computed on demand: no bound known, Python integers
    numerators = np.asarray(component.exact[0])
    return int(np.abs(numerators).max()) if numerators.size else 0


def _local_masks(local: np.ndarray) -> np.ndarray:
    """Rows of a boolean (m × k) matrix as masks (bit j = column j)."""
    return local.astype(np.int64) @ (np.int64(1) << np.arange(local.shape[1], dtype=np.int64))


# ------------------------------------------------------------------------------------------------------------
# The alliance's benefit game, source by source


