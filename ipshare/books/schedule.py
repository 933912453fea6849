"""Each revenue source's split among the members by a rule: the schedule an agreement freezes and the books apply.

For a rule that is additive over revenue sources (:data:`ADDITIVE_RULES`: the Shapley value, the raw Banzhaf value,
the proportional and the equal split) a receipt from licence L1 goes to the members in their shares *of L1*: the
rule applied to the game of L1 alone, each member's amount divided by what the rule gives out in that game. The
game of a source alone is the scenario's benefit game with its revenue reduced to that one source
(:func:`source_game`): the dense game restricted to the source, substitute costs included as that source alone
would pay them. (Not the source's component of the structured game, which merges the sources that share a
buyable contribution: a schedule is per source.) When no two sources share a buyable contribution, the benefit
game is the sum of the sources' games, and the rule's allocation of the whole game is the sum of the sources'
schedules applied to their values (additivity; tests/test_books_schedule.py checks it).

Any other rule (the nucleolus, the τ-value, …) is not additive: its shares of the whole game apply to every
source alike (the schedule's one row ``*``).

Shares are exact rationals. A rule that gives no exact allocation, a negative share, or a source worth nothing to
the alliance (so that the rule gives out nothing from it) has no schedule: :class:`ScheduleError`, or for the last
case a source without shares, which a book refuses receipts from while it splits them by that rule.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType

from ..errors import IpshareError
from ..exact import format_fraction

__all__ = ["ADDITIVE_RULES", "ALL_SOURCES", "Schedule", "ScheduleError", "source_game", "schedule_of", "rule_of"]

ADDITIVE_RULES = ("shapley", "banzhaf", "proportional", "equal")
#: The row of a schedule by a rule that is not additive: the same shares for every source.
ALL_SOURCES = "*"


class ScheduleError(IpshareError):
    """A rule that gives the books no schedule (not exact, a negative share, a classic game)."""


@dataclass(frozen=True)
class Schedule:
    """``rule``'s shares of each revenue source (``shares[source][member]``, summing to 1 for each source); a source
    worth nothing has ``None``. For a rule that is not ``additive``, one row, :data:`ALL_SOURCES`. ``worth`` is
    what the rule gives out in each source's game (the whole game's for ``*``): the shares' denominators."""

    rule: str
    additive: bool
    members: tuple[str, ...]
    shares: Mapping[str, Mapping[str, Fraction] | None]
    worth: Mapping[str, Fraction]

    def of(self, source: str) -> Mapping[str, Fraction] | None:
        """The members' shares of ``source``'s receipts (None: the rule gives no split of them)."""
        if not self.additive:
            return self.shares[ALL_SOURCES]
        return self.shares.get(source)

    def to_data(self) -> dict:
        """As JSON data: exact rationals as strings (``"1/3"``), None for a source without shares."""
        return {
            "rule": self.rule,
            "additive": self.additive,
            "members": list(self.members),
            "shares": {
                source: None if row is None else {member: format_fraction(share) for member, share in row.items()}
                for source, row in self.shares.items()
            },
            "worth": {source: format_fraction(value) for source, value in self.worth.items()},
        }

    @classmethod
    def from_data(cls, data) -> Schedule:
        shares = {
            source: None if row is None else MappingProxyType({m: Fraction(s) for m, s in row.items()})
            for source, row in data["shares"].items()
        }
        return cls(
            rule=data["rule"],
            additive=data["additive"],
            members=tuple(data["members"]),
            shares=MappingProxyType(shares),
            worth=MappingProxyType({source: Fraction(value) for source, value in data["worth"].items()}),
        )


def rule_of(scenario, rule: str | None = None) -> str:
    """The rule a split uses: the one given, else the agreement's, else shapley."""
    return rule or scenario.agreement.rule or "shapley"


def source_game(scenario, source_id: str):
    """The benefit game of revenue source ``source_id`` alone: the scenario with only that source."""
    from ..alliance.benefit import benefit_game

    source = next(s for s in scenario.revenue if s.id == source_id)
    return benefit_game(dataclasses.replace(scenario, revenue=(source,)))


def schedule_of(scenario, rule: str | None = None) -> Schedule:
    """The members' shares of every revenue source of ``scenario`` by ``rule`` (default :func:`rule_of`).

    Raises
    ------
    ScheduleError
        The scenario is a classic game, or the rule gives no exact allocation or a negative share.
    """
    from ..alliance.benefit import benefit_game
    from ..solutions import allocate

    if scenario.game is not None:
        raise ScheduleError("a schedule splits an alliance's revenue sources; this scenario is a classic game")
    rule = rule_of(scenario, rule)
    members = tuple(scenario.members)
    additive = rule in ADDITIVE_RULES
    games = ([(source.id, source_game(scenario, source.id)) for source in scenario.revenue] if additive
             else [(ALL_SOURCES, benefit_game(scenario))])
    shares, worth = {}, {}
    for key, game in games:
        allocation = allocate(game, rule)
        if allocation.exact is None:
            raise ScheduleError(
                f"rule {rule} gives no exact allocation ({allocation.method or 'floating point'}); the books split "
                "receipts by exact shares: choose an exact rule (shapley, banzhaf, nucleolus, …) or split by shares")
        amounts = {member: Fraction(allocation.exact[member]) for member in members}
        total = sum(amounts.values(), Fraction(0))
        worth[key] = total
        negative = [member for member, amount in amounts.items() if amount < 0]
        if negative:
            where = f"source {key}" if key != ALL_SOURCES else "the alliance"
            raise ScheduleError(f"rule {rule} gives {negative[0]} a negative amount of {where}; the books cannot "
                                "split receipts by negative shares: choose another rule or split by shares")
        shares[key] = None if total == 0 else MappingProxyType({m: a / total for m, a in amounts.items()})
    return Schedule(rule, additive, members, MappingProxyType(shares), MappingProxyType(worth))
