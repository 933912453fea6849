"""The alliance as it stands at a date and in each country (docs/time-and-place.md).

The engine computes on one scenario; time and place enter by rewriting it, so that every rule, clause and output
works unchanged:

- :func:`as_of` (contributions, patents and revenue at a date, country by country): contributions dated after
  the day are not made yet; a patent filed after it does not exist yet, and one in force in no country that day
  (lapsed, expired) is free for anyone to use, so nothing needs it any more and it stops earning: a licence goes
  on for its other patents, and stops when none is left. A licence whose royalty base is given ``by_country``
  becomes one source per country (``L1@CN``, ``L1@US``, and ``L1`` for the upfront), each paying only where its
  patents are in force: an ordinary licence where every patent it still requires is in force in that country, a
  pool licence (``pool: true``) where any is, needing there only the patents in force there. So the ``graph-flow``
  rule counts a pool's patents country by country.
- the membership at a date: :func:`member_in_force` and, for a period, :func:`members_in_force` with each member's
  days in it (the books share a period's receipts by them). Removing the members who are not members on the day is
  the analyses' job (:func:`ipshare.analyses.withdrawal.alliance_at`), which settles what a leaver takes along.

Periods are half-open: ``[from, to)``.
"""

from __future__ import annotations

import datetime
from dataclasses import replace
from types import MappingProxyType

from ..model.dates import in_period

__all__ = [
    "has_time_or_place",
    "member_in_force",
    "members_in_force",
    "patent_exists",
    "patent_countries",
    "patent_in_force",
    "as_of",
    "before_joining",
    "change_dates",
]


def has_time_or_place(scenario) -> bool:
    """Whether the scenario dates anything or counts anything by country (else :func:`as_of` changes nothing)."""
    if scenario.game is not None:
        return False
    return (
        any(m.joined or m.left for m in scenario.members.values())
        or any(c.date for c in scenario.contributions)
        or any(p.filed or p.granted or p.in_force for p in scenario.patents.values())
        or any(s.signed or s.pool or (s.royalty is not None and s.royalty.by_country) for s in scenario.revenue)
    )


def member_in_force(member, day) -> bool:
    """Whether ``member`` is a member on ``day`` (from ``joined`` included to ``left`` excluded)."""
    return in_period(day, member.joined, member.left)


def members_in_force(scenario, start, end) -> dict[str, int]:
    """The members who are members on some day of ``[start, end)``, each with its number of days in it."""
    days = {}
    for member in scenario.members.values():
        first = max(start, member.joined) if member.joined else start
        last = min(end, member.left) if member.left else end
        if first < last:
            days[member.id] = (last - first).days
    return days


def patent_exists(patent, day) -> bool:
    """Whether the patent has been filed by ``day`` (a patent without a filing date always exists)."""
    return patent.filed is None or patent.filed <= day


def patent_countries(patent, day=None):
    """The countries the patent is in force in on ``day`` (any day, when None); None means everywhere."""
    if patent.in_force is None:
        return None if day is None or patent_exists(patent, day) else frozenset()
    return frozenset(
        country for country, (start, end) in patent.in_force.items() if day is None or in_period(day, start, end)
    )


def patent_in_force(patent, day=None, country=None) -> bool:
    """Whether the patent is in force on ``day`` (any day: None) in ``country`` (any country: None)."""
    countries = patent_countries(patent, day)
    if countries is None:
        return True
    return bool(countries) if country is None else country in countries


def change_dates(scenario, start, end) -> list[datetime.date]:
    """The days in ``(start, end)`` on which the alliance changes: a member joins or leaves, a contribution is made,
    a patent is filed or enters or leaves force. Between two of them, :func:`as_of` gives the same scenario."""
    days = set()
    for member in scenario.members.values():
        days.update(d for d in (member.joined, member.left) if d)
    days.update(c.date for c in scenario.contributions if c.date)
    for patent in scenario.patents.values():
        if patent.filed:
            days.add(patent.filed)
        for first, last in (patent.in_force or {}).values():
            days.update(d for d in (first, last) if d)
    return sorted(d for d in days if start < d < end)


def as_of(scenario, day=None):
    """The scenario's contributions, patents and revenue as they stand on ``day`` (None: counted by country only).

    Returns the scenario itself when nothing in it is dated or counted by country. Members are left as they are
    (see the module docstring).
    """
    if not has_time_or_place(scenario):
        return scenario
    contributions = tuple(c for c in scenario.contributions if day is None or c.date is None or c.date <= day)
    made = {c.id for c in contributions}
    patents, gone, future = {}, set(), set()
    for patent in scenario.patents.values():
        exists = day is None or patent_exists(patent, day)
        if exists and patent.filed is None and not patent.background:
            exists = all(c in made for c in patent.made_from)  # not filed yet: it exists once it is made
        if not exists:
            future.add(patent.id)
        if not exists or not patent_in_force(patent, day):
            gone.add(patent.id)
            continue
        patents[patent.id] = patent
    if gone:
        patents = {
            pid: replace(p, builds_on=tuple(b for b in p.builds_on if b not in gone)) for pid, p in patents.items()
        }
    # A filed patent was made: the contributions it was made from count, whatever their dates say.
    used = {c for p in patents.values() for c in p.made_from}
    contributions = tuple(c for c in scenario.contributions if c.id in made or c.id in used)
    revenue = []
    for source in scenario.revenue:
        if source.pool or not future.intersection(source.requires):  # nothing is earned from what is not made yet
            revenue.extend(_source_parts(source, patents, gone, day))
    return replace(
        scenario,
        contributions=contributions,
        patents=MappingProxyType(patents),
        revenue=tuple(revenue),
    )


def _source_parts(source, patents, gone, day):
    """The source as it pays on ``day``: dropped, without its lapsed patents, or one part per country."""
    if source.kind != "licence":
        requires = tuple(p for p in source.requires if p not in gone)
        return [replace(source, requires=requires)] if requires or not source.requires else []
    in_force = tuple(p for p in source.requires if p not in gone)
    if not in_force:
        return []  # every patent it needs has lapsed (or is not filed yet): nothing left to license
    royalty = source.royalty
    if royalty is None or royalty.by_country is None:
        return [replace(source, requires=in_force)]
    parts = []
    if source.upfront:
        parts.append(replace(source, requires=in_force, royalty=None))
    for country, base in royalty.by_country.items():
        here = tuple(
            p for p in in_force if (patent_countries(patents[p], day) is None or country in
                                    patent_countries(patents[p], day))
        )
        if not here or (not source.pool and len(here) < len(in_force)):
            continue  # pays nothing in this country
        single = len(royalty.by_country) == 1 and source.id.endswith(f"@{country}")  # split already
        parts.append(
            replace(
                source,
                id=source.id if single else f"{source.id}@{country}",
                requires=here,
                upfront=0,
                royalty=replace(royalty, base=base, by_country=MappingProxyType({country: base})),
            )
        )
    return parts


def before_joining(scenario, member):
    """The scenario before ``member`` joins: what it brings (its contributions, the patents it owns or that are
    made from them, and the revenue that needs those) is not there yet. The member itself stays: the analyses take
    it out with the rest of its bookkeeping (clauses, council votes, costs)."""
    brought = {c.id for c in scenario.contributions if c.member == member}
    gone = {
        p.id for p in scenario.patents.values()
        if (p.owners is not None and member in p.owners) or any(c in brought for c in p.made_from)
    }
    patents = {
        pid: replace(p, builds_on=tuple(b for b in p.builds_on if b not in gone))
        for pid, p in scenario.patents.items() if pid not in gone
    }
    revenue = []
    for source in scenario.revenue:
        if source.kind == "own-use" and source.exploiter == member:
            continue
        requires = tuple(p for p in source.requires if p not in gone)
        if len(requires) == len(source.requires) or (source.pool and requires):
            revenue.append(replace(source, requires=requires))
    return replace(
        scenario,
        contributions=tuple(c for c in scenario.contributions if c.id not in brought),
        patents=MappingProxyType(patents),
        revenue=tuple(revenue),
    )
