"""One period's distribution by the agreement's waterfall, exactly, and its cumulative rounding.

Pure computation, no database: :func:`distribute` takes the balances carried from the period before (a
:class:`State`), the period's receipts, expenses and payments, the waterfall's steps and the frozen schedules, and
returns the new state and the period's figures per member (:class:`Period`). :mod:`ipshare.books.ledger` stores
both; ``books verify`` runs this again and compares.

The steps (:mod:`ipshare.model.distribution`) each take from what the steps before them left (``left``):

- ``recover``: the members' unreimbursed expenses of the step's kind (every kind when absent), recorded up to and
  including this period, are repaid pro rata to what each is owed, at most what is left, ``rate`` × the period's
  receipts and ``cap``; each member's debt of each kind shrinks by what it was repaid of that kind.
- ``fee``: ``rate`` × what is left to the fee's member.
- ``split`` by ``shares``: what is left, by the shares. By a rule: what is left is attributed to the revenue sources
  in proportion to their receipts in the period, and each source's part goes to the members in the frozen
  schedule's shares of that source (:mod:`ipshare.books.schedule`).
- ``tiers``: what is left moves the cumulative amount that has reached the step from ``C`` to ``C + left``; the
  part of that interval inside each tier goes by that tier's shares.

Rounding (DESIGN.md, "The alliance's books"): everything above is exact (Fractions). Each member's cumulative
amount since the books began, per kind of line (recovered, fee, share), is rounded to the minor unit: first the
three cumulative totals by largest remainder to the cumulative receipts (so they add up to them to the cent), then
each line's members by largest remainder to its rounded total, ties to the member listed first. A period's amount
is the difference of two cumulative figures, so a member's periods sum to its cumulative total and every period's
amounts sum to its receipts.

Members who join and leave (issue 16): :func:`distribute` takes ``sharing``, the members in force in the period
with the part of it each was a member (:func:`ipshare.books.ledger.sharing_of` computes it from the members'
``joined`` and ``left``); everyone else keeps its balances and is repaid what it is owed, but shares in nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from ..exact import Rounding, decimal_of, money_difference, money_sum
from ..model.distribution import Fee, Recover, Split, Tiers

__all__ = ["LINES", "State", "Period", "WaterfallError", "distribute"]

#: The kinds of line a distribution has, in the order a statement shows them.
LINES = ("recovered", "fee", "share")


class WaterfallError(ValueError):
    """A receipt the waterfall cannot split (a source the schedule gives no shares of)."""


@dataclass
class State:
    """What a book carries from one period to the next, exactly.

    ``owed[member][kind]``: unreimbursed expenses; ``tiers``: the cumulative amount that has reached a tiers step;
    ``exact[line][member]``: what each member got since the books began; ``rounded[line][member]``: the same,
    rounded (Decimal); ``receipts``: the cumulative receipts; ``balance[member]``: owed to the member (Decimal,
    distributed less paid)."""

    owed: dict = field(default_factory=dict)
    tiers: Fraction = Fraction(0)
    exact: dict = field(default_factory=lambda: {line: {} for line in LINES})
    rounded: dict = field(default_factory=lambda: {line: {} for line in LINES})
    receipts: Fraction = Fraction(0)
    balance: dict = field(default_factory=dict)

    def to_data(self) -> dict:
        def fractions(mapping):
            return {key: str(value) for key, value in mapping.items()}

        return {
            "owed": {member: fractions(kinds) for member, kinds in self.owed.items()},
            "tiers": str(self.tiers),
            "exact": {line: fractions(values) for line, values in self.exact.items()},
            "rounded": {line: fractions(values) for line, values in self.rounded.items()},
            "receipts": str(self.receipts),
            "balance": fractions(self.balance),
        }

    @classmethod
    def from_data(cls, data) -> State:
        return cls(
            owed={member: {kind: Fraction(v) for kind, v in kinds.items()} for member, kinds in data["owed"].items()},
            tiers=Fraction(data["tiers"]),
            exact={line: {m: Fraction(v) for m, v in values.items()} for line, values in data["exact"].items()},
            rounded={line: {m: Decimal(v) for m, v in values.items()} for line, values in data["rounded"].items()},
            receipts=Fraction(data["receipts"]),
            balance={member: Decimal(v) for member, v in data["balance"].items()},
        )


@dataclass(frozen=True)
class Period:
    """A period's figures per member (Decimals in the minor unit): ``lines[member]`` maps ``opening``,
    ``recovered``, ``fee``, ``share``, ``distributed``, ``paid``, ``closing``; ``by_source[member][source]`` the
    part of ``distributed`` that came from each source (rounded to sum to it)."""

    receipts: Decimal
    lines: dict
    by_source: dict


def _add(mapping, key, value):
    mapping[key] = mapping.get(key, Fraction(0)) + value


def _recover(step, state, left, receipts, give):
    owed = {}
    for member, kinds in state.owed.items():
        amount = sum((v for k, v in kinds.items() if step.kind is None or k == step.kind), Fraction(0))
        if amount > 0:
            owed[member] = amount
    total = sum(owed.values(), Fraction(0))
    limit = min(left, total)
    if step.rate is not None:
        limit = min(limit, step.rate * receipts)
    if step.cap is not None:
        limit = min(limit, step.cap)
    if limit <= 0:
        return Fraction(0)
    part = limit / total
    for member, amount in owed.items():
        give("recovered", member, amount * part)
        kinds = state.owed[member]
        for kind in list(kinds):
            if step.kind is None or kind == step.kind:
                kinds[kind] -= kinds[kind] * part
    return limit


def _in_force(shares, sharing, what):
    """``shares`` over the members in force, each weighted by its part of the period (``sharing``), summing to 1
    again; unchanged when everyone is in force (``sharing`` None)."""
    if sharing is None:
        return shares
    weighted = {member: share * sharing[member] for member, share in shares.items() if member in sharing}
    total = sum(weighted.values(), Fraction(0))
    if total == 0:
        raise WaterfallError(f"no member in force in the period has a share of {what}")
    return {member: value / total for member, value in weighted.items()}


def _split(step, left, sources, receipts, schedules, give, sharing):
    if step.shares is not None:
        for member, share in _in_force(step.shares, sharing, "the split").items():
            give("share", member, left * share, sources=None)
        return
    schedule = schedules[step.rule]
    for source, amount in sources.items():
        if amount == 0:
            continue
        shares = schedule.of(source)
        if shares is None:
            raise WaterfallError(f"rule {step.rule} gives no shares of source {source} (it is worth nothing to the "
                                 "alliance in the scenario); split by shares, or amend the agreement")
        part = left * amount / receipts
        for member, share in _in_force(shares, sharing, f"source {source}").items():
            give("share", member, part * share, sources={source: Fraction(1)})


def _tiers(step, state, left, give, sharing):
    start, end = state.tiers, state.tiers + left
    below = Fraction(0)
    for tier in step.tiers:
        top = tier.upto
        low, high = max(start, below), end if top is None else min(end, top)
        if high > low:
            for member, share in _in_force(tier.shares, sharing, "a tier").items():
                give("share", member, (high - low) * share)
        if top is not None:
            below = top
    state.tiers = end


def distribute(state: State, *, members, steps, schedules, receipts, expenses, payments, rounding: Rounding,
               default_rule: str, sharing=None) -> tuple[State, Period]:
    """The period's distribution and the state after it.

    ``receipts``: ``{source: amount}``; ``expenses``: ``[(member, kind, amount)]``; ``payments``: ``{member:
    amount}`` (exact Fractions in the currency); ``schedules``: ``{rule: Schedule}`` frozen from the agreement;
    ``members``: every member with a line, in the scenario's order. ``sharing``: the members in force in the
    period, each with its part of the period (a Fraction in (0, 1]); None: every member, all of it. Splits, tiers and
    fees go to the members in force only, each share weighted by its part of the period and the weighted shares
    summed to 1 again; a fee to a member not in force is not charged. Recovery repays whoever is owed.
    ``state`` is not changed; a new one is returned.
    """
    state = State.from_data(state.to_data())
    for member, kind, amount in expenses:
        state.owed.setdefault(member, {})
        _add(state.owed[member], kind, amount)
    total = sum(receipts.values(), Fraction(0))
    exact = {line: {} for line in LINES}
    by_source = {}

    def give(line, member, amount, sources=None):
        if amount == 0:
            return
        _add(exact[line], member, amount)
        spread = sources if sources is not None else {s: v / total for s, v in receipts.items() if v}
        mine = by_source.setdefault(member, {})
        for source, part in spread.items():
            _add(mine, source, amount * part)

    left = total
    if total > 0:
        for step in steps:
            if isinstance(step, Recover):
                left -= _recover(step, state, left, total, give)
            elif isinstance(step, Fee):
                if sharing is not None and step.member not in sharing:
                    continue
                fee = step.rate * left
                give("fee", step.member, fee)
                left -= fee
            elif isinstance(step, Split):
                _split(step if step.rule or step.shares else Split(rule=default_rule), left, receipts, total,
                       schedules, give, sharing)
                left = Fraction(0)
            elif isinstance(step, Tiers):
                _tiers(step, state, left, give, sharing)
                left = Fraction(0)
    state.receipts += total
    for line in LINES:
        for member, amount in exact[line].items():
            _add(state.exact[line], member, amount)
    previous = {line: dict(state.rounded[line]) for line in LINES}
    _round(state, members, rounding)
    zero = decimal_of(0, rounding.digits)
    lines, sources = {}, {}
    for member in members:
        row = {"opening": state.balance.get(member, zero)}
        for line in LINES:
            row[line] = money_difference(state.rounded[line].get(member, zero), previous[line].get(member, zero))
        row["distributed"] = money_sum(row[line] for line in LINES)
        row["paid"] = rounding.amount(Fraction(payments.get(member, 0)))
        row["closing"] = money_difference(money_sum((row["opening"], row["distributed"])), row["paid"])
        state.balance[member] = row["closing"]
        lines[member] = row
        parts = by_source.get(member, {})
        exact_total = sum(parts.values(), Fraction(0))
        if exact_total and row["distributed"]:
            scale = Fraction(row["distributed"]) / exact_total
            sources[member] = rounding.column({s: v * scale for s, v in parts.items()}, Fraction(row["distributed"]))
        else:
            sources[member] = {}
    return state, Period(rounding.amount(total), lines, sources)


def _round(state, members, rounding):
    """Round the cumulative figures: the lines' totals to the cumulative receipts, then each line's members."""
    totals = {line: sum(state.exact[line].values(), Fraction(0)) for line in LINES}
    rounded_totals = Rounding(rounding.digits, rounding.ties, LINES).column(totals, state.receipts)
    order = list(members) + [m for line in LINES for m in state.exact[line] if m not in members]
    listed = tuple(dict.fromkeys(order))
    by_member = Rounding(rounding.digits, rounding.ties, listed)
    for line in LINES:
        values = {member: state.exact[line].get(member, Fraction(0)) for member in listed}
        state.rounded[line] = by_member.column(values, Fraction(rounded_totals[line]))
