"""Games too large for a table of 2^n values, answered coalition by coalition.

:class:`LazyGame` is the interface: the value of any coalition (:meth:`LazyGame.value`, and
:meth:`LazyGame.evaluate` for many coalitions at once, given as rows of a boolean membership matrix), and its
expansion into a dense :class:`~ipshare.games.table.Game` while n is small enough (:meth:`LazyGame.dense`).
:class:`WeightedVotingGame` is one: a coalition wins when its weight reaches the quota; the weights and the quota
are the whole game, and :mod:`ipshare.solutions.voting` computes power indices from them by dynamic programming.
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction

import numpy as np

from ..errors import GameError
from .table import Game, Players

__all__ = ["LazyGame", "WeightedVotingGame", "integer_weights", "MAX_INTEGER_QUOTA"]


# A voting game's weights are scaled to integers; above this quota the dynamic programme is refused.
MAX_INTEGER_QUOTA = 10**7


class LazyGame(Players):
    """A game known by a rule for the value of any coalition rather than by a table.

    Subclasses implement :meth:`evaluate` (and :meth:`exact_value` where the values are rational) and
    :meth:`dense`. Coalitions are given as masks (Python ints, player ``i`` is bit ``i``), ``"A+B"`` strings or
    iterables of player ids, as for :class:`~ipshare.games.Game`.
    """

    def __init__(self, players, kind="benefit", *, name=None, unions=None, cooperation=None, scenario=None, spec=None):
        players = self._checked(players, kind)
        self.players = players
        self.kind = kind
        self.name = name
        self.unions = unions
        self.cooperation = cooperation
        self.scenario = scenario
        self.spec = spec
        self._index = {player: i for i, player in enumerate(players)}

    def membership(self, coalition) -> np.ndarray:
        """One coalition as a boolean row of length n."""
        mask = self.mask(coalition)
        # Through the mask's bytes: linear in n (shifting an n-bit integer n times would be quadratic).
        octets = np.frombuffer(mask.to_bytes((self.n + 7) // 8, "little"), dtype=np.uint8)
        return np.unpackbits(octets, bitorder="little")[: self.n].astype(bool)

    def evaluate(self, membership: np.ndarray) -> np.ndarray:
        """The values (float64) of the coalitions given as the rows of a boolean (m × n) matrix."""
        raise NotImplementedError

    def value(self, coalition) -> float:
        return float(self.evaluate(self.membership(coalition)[None, :])[0])

    def exact_value(self, coalition) -> Fraction | None:
        return None

    @property
    def is_exact(self) -> bool:
        return self.exact_grand_value is not None

    # A game is immutable: its grand value is computed once, however often rules read it (once per member, say).
    @functools.cached_property
    def grand_value(self) -> float:
        return self.value(self.grand_mask)

    @functools.cached_property
    def exact_grand_value(self) -> Fraction | None:
        return self.exact_value(self.grand_mask)

    def dense(self) -> Game:
        """The same game as a dense table (GameError when 2^n values are too many)."""
        raise NotImplementedError

    def _metadata(self):
        return {
            "name": self.name,
            "unions": self.unions,
            "cooperation": self.cooperation,
            "scenario": self.scenario,
            "spec": self.spec,
        }

    def __repr__(self):
        return f"{type(self).__name__}({self.n} players, kind={self.kind!r})"


def integer_weights(weights, quota, limit=True) -> tuple[list[int], int, Fraction]:
    """Weights and quota scaled exactly to the smallest integers that describe the same game.

    Returns ``(integer_weights, integer_quota, scale)`` with ``w(S) ≥ quota ⇔ Σ integer_weights ≥ integer_quota``.
    Rational weights are multiplied by the least common multiple of their denominators and divided by the
    greatest common divisor of the results; the quota is then rounded up (the weights being integers, a
    coalition reaches q exactly when it reaches ⌈q⌉).

    Raises
    ------
    GameError
        A weight is negative, or (with ``limit``) the scaled quota exceeds :data:`MAX_INTEGER_QUOTA` (weights
        with many decimals): the dynamic programme would be too large.

    Examples
    --------
    >>> integer_weights([Fraction("0.5"), Fraction("0.25"), Fraction("0.25")], Fraction("0.6"))
    ([2, 1, 1], 3, Fraction(4, 1))
    """
    exact = [Fraction(w) for w in weights]
    quota = Fraction(quota)
    if any(w < 0 for w in exact):
        raise GameError("voting weights must not be negative")
    denominator = math.lcm(*(w.denominator for w in exact))
    scaled = [int(w * denominator) for w in exact]
    divisor = math.gcd(*scaled) or 1
    scaled = [w // divisor for w in scaled]
    integer_quota = max(0, math.ceil(quota * denominator / divisor))
    if limit and integer_quota > MAX_INTEGER_QUOTA:
        raise GameError(
            f"the voting weights scale to integers with a quota of {integer_quota}, too many for exact dynamic "
            f"programming (at most {MAX_INTEGER_QUOTA}); round the weights to fewer decimals, or use sampling "
            "(rules shapley-sampled, banzhaf-sampled)"
        )
    return scaled, integer_quota, Fraction(denominator, divisor)


class WeightedVotingGame(LazyGame):
    """[q; w_1, …, w_n]: a coalition is worth 1 when its weight reaches the quota q, else 0.

    Examples
    --------
    >>> game = WeightedVotingGame({"A": 50, "B": 49, "C": 1}, 51)
    >>> game.value("A+C"), game.value("B+C"), game.integer_quota
    (1.0, 0.0, 51)
    """

    def __init__(self, weights, quota, **metadata):
        metadata.setdefault("spec", {"type": "weighted-voting", "weights": dict(weights), "quota": Fraction(quota)})
        super().__init__(tuple(weights), "benefit", **metadata)
        self.weights = tuple(Fraction(w) for w in weights.values())
        self.quota = Fraction(quota)
        # Exact integers whatever the decimals: the game can always be evaluated (and sampled); only the dynamic
        # programme needs them small (the integer_weights property says so).
        self._weights, self.integer_quota, self.scale = integer_weights(self.weights, self.quota, limit=False)
        exact_in_floats = sum(self._weights) < 2**53
        self._weight_vector = np.array(self._weights, dtype=np.float64 if exact_in_floats else object)

    @property
    def integer_weights(self) -> list[int]:
        """The weights as the smallest integers with the same winning coalitions (GameError when too fine for the
        dynamic programme: see :func:`integer_weights`)."""
        integer_weights(self.weights, self.quota)
        return self._weights

    def evaluate(self, membership):
        membership = np.asarray(membership)
        if self._weight_vector.dtype == object:
            totals = membership.astype(object) @ self._weight_vector
            return np.array([float(total >= self.integer_quota) for total in totals])
        return (membership.astype(np.float64) @ self._weight_vector >= self.integer_quota).astype(float)

    def exact_value(self, coalition):
        mask = self.mask(coalition)
        weight = sum(w for i, w in enumerate(self._weights) if mask >> i & 1)
        return Fraction(int(weight >= self.integer_quota))

    def dense(self):
        from .classic import weighted_voting_game

        return weighted_voting_game(dict(zip(self.players, self.weights, strict=True)), self.quota, **_named(self))


def _named(game):
    metadata = game._metadata()
    metadata.pop("spec")
    return metadata
