"""The alliance over a period: its allocation piece by piece, as members join and leave and patents lapse
(docs/time-and-place.md).

Between two days on which nothing changes (:func:`ipshare.alliance.at_date.change_dates`) the alliance is the
same, so a period ``[start, end)`` is cut there and each piece allocated as the alliance stands on its first day
(:func:`ipshare.analyses.withdrawal.alliance_at`). :func:`allocation_over` weighs the pieces by their days: each
member's average yearly share over the period, a member counting only from the day it joins.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ..errors import IpshareError

__all__ = ["Piece", "pieces", "allocation_over"]


@dataclass(frozen=True)
class Piece:
    """One stretch of days ``[start, end)`` on which the alliance does not change, and its allocation then."""

    start: object
    end: object
    days: int
    members: tuple[str, ...]
    allocation: dict  # member -> exact Fraction (the rule's allocation of the yearly value)


def pieces(scenario, start, end, rule=None) -> list[Piece]:
    """The period ``[start, end)`` cut where the alliance changes, each piece allocated under ``rule``."""
    from ..alliance.at_date import change_dates
    from ..alliance.benefit import benefit_game
    from ..solutions import allocate
    from .withdrawal import alliance_at

    if not start < end:
        raise IpshareError(f"the period must end after it starts: {start} to {end}")
    rule = rule or scenario.agreement.rule or "shapley"
    bounds = [start, *change_dates(scenario, start, end), end]
    result = []
    for first, last in zip(bounds, bounds[1:], strict=False):
        at = alliance_at(scenario, first)
        allocation = allocate(benefit_game(at), rule)
        exact = allocation.exact or {m: Fraction(v) for m, v in allocation.values.items()}
        result.append(Piece(first, last, (last - first).days, tuple(at.members), dict(exact)))
    return result


def allocation_over(scenario, start, end, rule=None) -> dict[str, Fraction]:
    """Each member's allocation averaged over ``[start, end)`` by days (0 for the days it is not a member)."""
    parts = pieces(scenario, start, end, rule)
    total = sum(p.days for p in parts)
    shares = {m: Fraction(0) for m in scenario.members}
    for piece in parts:
        for member, amount in piece.allocation.items():
            shares[member] += amount * piece.days / total
    return shares
