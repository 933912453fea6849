"""The alliance dissolved: the final settlement of its funds, its jointly held patents and its licences
(docs/time-and-place.md, "Dissolution").

:func:`dissolve` settles, exactly, in this order:

1. **Funds.** The alliance's balance (given, else estimated from the scenario: cash contributions, grants and
   matching funds in, costs out). Costs members advanced and the alliance has not yet reimbursed (``owed``) are
   paid back first (pro rata if the balance does not cover them). What is left goes back to those who put money
   in, in proportion to what each put in: each grant's unspent part to its funder (unspent public money is
   returned), the matching funds and cash contributions to the members. A grant's own terms
   (``grants[].on_dissolution``) may say otherwise: ``first``, returned to its funder before anyone else's money,
   up to its amount (pro rata among such grants if short); ``kept``, its part goes to its recipients by their
   shares. A deficit is made good by the members in
   proportion to the value of their contributions (partners share losses as they contributed, absent other
   terms). The lines sum to the balance exactly, and the report rounds them as one column, so to the cent.
2. **Jointly held patents.** Each patent held by two or more members goes as the rights preset says (or
   ``fate``): ``co-ownership`` (kept; each owner keeps its share: no preset, ``consortium``), ``largest-share``
   (the member with the largest share takes it and buys the others out: ``co-owner-exploits``,
   ``lead-exploiter``), or ``highest-bidder`` (the member bidding most takes it, at its bid). The buy-out price is
   the engine's: the patent's value to the alliance, ``v(N) − v(N without the patent)`` in the benefit game
   (what the licences and own use it enables are worth, by the agreement's valuation), or the winning bid; each
   other co-owner receives its share of it.
3. **Continuing licences.** Licences go on after the alliance; each one's expected value (its present value, as
   the benefit game counts it) is collected by the owners of the patents it needs after step 2, split equally among
   those patents (as a pool divides royalties) and each patent's part by its owners' shares.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from types import MappingProxyType

from ..errors import IpshareError

__all__ = ["FATES", "PRESET_FATES", "DissolutionError", "PatentFate", "Dissolution", "dissolve", "patent_value"]

FATES = ("co-ownership", "largest-share", "highest-bidder")
PRESET_FATES = {None: "co-ownership", "consortium": "co-ownership", "co-owner-exploits": "largest-share",
                "lead-exploiter": "largest-share"}


class DissolutionError(IpshareError):
    """A dissolution that cannot be computed (a classic game, an unknown member, a bid on an unknown patent)."""


@dataclass(frozen=True)
class PatentFate:
    patent: str
    owners: dict  # member -> share before
    fate: str
    to: str | None  # the member who takes it (None: kept in co-ownership)
    value: Fraction  # the patent's value to the alliance (the engine's price)
    price: Fraction  # what the taker pays for the whole patent (value, or its bid)
    payments: dict  # member -> received (+) or paid (-)


@dataclass(frozen=True)
class Dissolution:
    """The settlement. Money lines: ``funds`` (party -> amount received, negative: paid in); parties are member
    ids or ``grant:ID``. ``patents``: each jointly held patent's fate; ``licences``: licence -> member -> what
    it collects; ``owners_after``: every patent's owners after the fates."""

    scenario: object
    at: object
    balance: Fraction
    balance_basis: str
    owed: dict
    reimbursed: dict
    returned: dict
    funds: dict
    patents: tuple
    licences: dict
    owners_after: dict
    notes: tuple = ()

    @property
    def patent_payments(self) -> dict:
        total = {m: Fraction(0) for m in self.scenario.members}
        for fate in self.patents:
            for member, amount in fate.payments.items():
                total[member] += amount
        return total


def _without_patent(scenario, patent_id):
    patents = {
        pid: replace(p, builds_on=tuple(b for b in p.builds_on if b != patent_id))
        for pid, p in scenario.patents.items() if pid != patent_id
    }
    revenue = []
    for source in scenario.revenue:
        if patent_id not in source.requires:
            revenue.append(source)
        elif source.pool and len(source.requires) > 1:
            revenue.append(replace(source, requires=tuple(p for p in source.requires if p != patent_id)))
    return replace(scenario, patents=MappingProxyType(patents), revenue=tuple(revenue))


def _grand(scenario):
    from ..alliance.benefit import benefit_game

    game = benefit_game(scenario)
    value = game.exact_grand_value
    return Fraction(value) if value is not None else Fraction(game.grand_value)


def patent_value(scenario, patent_id) -> Fraction:
    """The patent's value to the alliance: the grand coalition's value less its value without the patent."""
    return _grand(scenario) - _grand(_without_patent(scenario, patent_id))


def estimated_balance(scenario) -> Fraction:
    """Cash contributions + grants + matching funds − the costs' expected amounts."""
    cash = sum((c.value for c in scenario.contributions if c.kind == "cash"), Fraction(0))
    grants = sum((g.amount for g in scenario.grants), Fraction(0))
    matching = sum((a for g in scenario.grants for a in g.matching.values()), Fraction(0))
    costs = sum((c.amount for c in scenario.costs), Fraction(0))
    return cash + grants + matching - costs


def _pro_rata(total, weights):
    weight = sum(weights.values(), Fraction(0))
    return {k: total * w / weight for k, w in weights.items() if w} if weight else {}


def dissolve(scenario, at=None, *, funds=None, owed=None, fate=None, bids=None, basis=None, notes=()) -> Dissolution:
    """The final settlement (module docstring). ``at``: the date (the alliance as it stands then); ``funds``: the
    balance (default: :func:`estimated_balance`); ``owed``: member -> unreimbursed costs; ``fate``: one of FATES
    for every jointly held patent (default: the preset's); ``bids``: patent -> member -> bid (highest-bidder).
    ``basis``: where a given balance comes from (default "given"; the books: ``dissolve --book``); ``notes``: lines
    added to the settlement's notes."""
    from ..alliance.ownership import patent_owners, required_patents
    from ..model.money import revenue_value
    from .withdrawal import alliance_at

    if scenario.game is not None:
        raise DissolutionError("this scenario is a classic game, not an alliance: there is nothing to dissolve")
    current = alliance_at(scenario, at)
    members = tuple(current.members)
    notes = list(notes)
    owed = {m: Fraction(a) for m, a in (owed or {}).items()}
    for member in owed:
        if member not in current.members:
            raise DissolutionError(f"owed: {member!r} is not a member (members: {', '.join(members)})")
    if funds is None:
        balance, basis = estimated_balance(current), "estimated: cash contributions + grants + matching - costs"
    else:
        balance, basis = Fraction(funds), basis or "given"

    # 1. Funds.
    owed_total = sum(owed.values(), Fraction(0))
    reimbursed = dict(owed) if balance >= owed_total else _pro_rata(max(balance, Fraction(0)), owed)
    rest = balance - sum(reimbursed.values(), Fraction(0))
    returned = {}
    if rest > 0:
        # Grants returned first (grants[].on_dissolution: first), up to their amounts, pro rata if short.
        first = {f"grant:{g.id}": g.amount for g in current.grants if g.on_dissolution == "first" and g.amount}
        first_total = sum(first.values(), Fraction(0))
        returned = dict(first) if rest >= first_total else _pro_rata(rest, first)
        rest_after = rest - sum(returned.values(), Fraction(0))
        for grant in current.grants:
            if grant.on_dissolution == "first" and grant.amount:
                notes.append(f"grant {grant.id} is returned to its funder first, up to its amount (on_dissolution: "
                             "first)")
            elif grant.on_dissolution == "kept":
                notes.append(f"grant {grant.id}'s unspent part is kept by its recipients (on_dissolution: kept)")
        put_in = {m: Fraction(0) for m in members}
        for c in current.contributions:
            if c.kind == "cash":
                put_in[c.member] += c.value
        for grant in current.grants:
            if grant.on_dissolution != "first":
                put_in[f"grant:{grant.id}"] = grant.amount
            for member, amount in grant.matching.items():
                put_in[member] = put_in.get(member, Fraction(0)) + amount
        if rest_after > 0:
            pro_rata = _pro_rata(rest_after, put_in) or _pro_rata(rest_after, {m: Fraction(1) for m in members})
            for party, amount in pro_rata.items():
                returned[party] = returned.get(party, Fraction(0)) + amount
        for grant in current.grants:  # a kept grant's part goes to its recipients, by their shares
            if grant.on_dissolution == "kept" and f"grant:{grant.id}" in returned:
                kept = returned.pop(f"grant:{grant.id}")
                for member, share in grant.shares.items():
                    returned[member] = returned.get(member, Fraction(0)) + kept * share
    elif rest < 0:
        weights = {m: Fraction(0) for m in members}
        for c in current.contributions:
            weights[c.member] += c.value
        returned = _pro_rata(rest, weights) or _pro_rata(rest, {m: Fraction(1) for m in members})
        notes.append("a deficit: the members make it good in proportion to the value of their contributions")
    funds_lines = {}
    for party, amount in [*reimbursed.items(), *returned.items()]:
        funds_lines[party] = funds_lines.get(party, Fraction(0)) + amount

    # 2. Jointly held patents.
    owners = patent_owners(current)
    chosen = fate or PRESET_FATES.get(current.agreement.preset, "co-ownership")
    if chosen not in FATES:
        raise DissolutionError(f"unknown fate {chosen!r}; choose one of {', '.join(FATES)}")
    bids = bids or {}
    for patent_id, offers in bids.items():
        if patent_id not in current.patents:
            raise DissolutionError(f"a bid on {patent_id!r}, which is not a patent of the alliance")
        for member in offers:
            if member not in current.members:
                raise DissolutionError(f"a bid on {patent_id} by {member!r}, who is not a member")
    fates, owners_after = [], {pid: dict(held) for pid, held in owners.items()}
    for patent_id, held in owners.items():
        if len(held) < 2:
            continue
        value = patent_value(current, patent_id)
        if chosen == "co-ownership":
            fates.append(PatentFate(patent_id, dict(held), chosen, None, value, Fraction(0), {}))
            continue
        if chosen == "highest-bidder":
            offers = bids.get(patent_id)
            if not offers:
                raise DissolutionError(f"highest-bidder needs the members' bids on {patent_id} (--bid {patent_id}:"
                                       "MEMBER=AMOUNT)")
            best = max(offers.values())
            taker = next(m for m in members if offers.get(m) == best)
            price = Fraction(best)
        else:
            largest = max(held.values())
            taker = next(m for m in members if held.get(m) == largest)
            price = value
        payments = {m: price * s for m, s in held.items() if m != taker}
        payments[taker] = -sum(payments.values(), Fraction(0))
        fates.append(PatentFate(patent_id, dict(held), chosen, taker, value, price, payments))
        owners_after[patent_id] = {taker: Fraction(1)}

    # 3. Continuing licences.
    licences = {}
    rate = current.alliance.discount_rate
    for source in current.revenue:
        if source.kind != "licence":
            continue
        needed = required_patents(current, source)
        if not needed:
            continue
        each = revenue_value(source, rate) / len(needed)
        collected = {}
        for patent_id in needed:
            for member, share in owners_after[patent_id].items():
                collected[member] = collected.get(member, Fraction(0)) + each * share
        licences[source.id] = collected
    return Dissolution(
        scenario=current,
        at=at,
        balance=balance,
        balance_basis=basis,
        owed=owed,
        reimbursed=reimbursed,
        returned=returned,
        funds=funds_lines,
        patents=tuple(fates),
        licences=licences,
        owners_after=owners_after,
        notes=tuple(notes),
    )
