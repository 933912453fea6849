"""Simple games given by rules: a coalition wins when it reaches every one of several weighted quotas.

A council's rule (a quota of votes, a share of them, a majority of heads beside it, a quorum, vetoes) comes down,
once the game is fixed (docs/rights.md, "Council"), to conditions of one shape: Σ_{i∈S} w_i ≥ b, or > b, each
with its own weights. A veto of the members V is the condition "all of V": weight 1 on each of them, at least |V|.
:class:`RuleGame` is that intersection of weighted games (a "vector-weighted" game: A. D. Taylor and W. S.
Zwicker, "Simple Games", Princeton, 1999); :mod:`ipshare.solutions.council_power` computes its power indices.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from ..errors import GameError

__all__ = ["Condition", "RuleGame"]


@dataclass(frozen=True)
class Condition:
    """Σ_{i∈S} weights[i] ≥ bound (``strict``: > bound); weights non-negative, one per player."""

    weights: tuple[Fraction, ...]
    bound: Fraction
    strict: bool = False

    def integer(self) -> tuple[tuple[int, ...], int]:
        """The same condition as integer weights W and an integer bound B with Σ W ≥ B (strictness folded in)."""
        scale = math.lcm(*(Fraction(w).denominator for w in self.weights), Fraction(self.bound).denominator)
        weights = tuple(int(Fraction(w) * scale) for w in self.weights)
        bound = Fraction(self.bound) * scale
        need = math.floor(bound) + 1 if self.strict else math.ceil(bound)
        common = math.gcd(*weights)
        if common > 1:  # Σ W ≥ B  ⇔  Σ W/g ≥ ⌈B/g⌉: a smaller table for votes in hundreds or thousands
            weights = tuple(w // common for w in weights)
            need = -(-need // common)
        return weights, max(need, 0)

    def met(self, coalition) -> bool:
        total = sum((Fraction(self.weights[i]) for i in coalition), Fraction(0))
        return total > self.bound if self.strict else total >= self.bound


@dataclass(frozen=True)
class RuleGame:
    """A simple game on ``players``: a coalition wins when it meets every condition."""

    players: tuple[str, ...]
    conditions: tuple[Condition, ...]

    def __post_init__(self):
        for condition in self.conditions:
            if len(condition.weights) != len(self.players):
                raise GameError("every condition needs one weight per player")
            if any(Fraction(w) < 0 for w in condition.weights):
                raise GameError("a condition's weights must be non-negative")

    @property
    def n(self) -> int:
        return len(self.players)

    def wins(self, coalition) -> bool:
        """``coalition``: player names or indices."""
        index = {p: i for i, p in enumerate(self.players)}
        members = [index.get(c, c) for c in coalition]
        return all(condition.met(members) for condition in self.conditions)

    def dp_cells(self) -> int:
        cells = 1
        for condition in self.conditions:
            cells *= condition.integer()[1] + 1
        return cells * max(self.n, 1) ** 2
