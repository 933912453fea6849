"""What a book holds and owes when the alliance is dissolved (``ipshare dissolve FILE --book BOOK``;
docs/time-and-place.md, "Dissolution", and docs/books.md)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from .chain import head
from .ledger import _agreement, _agreement_rows, _check_schema, _closed, _last_state, _period_rows
from .tables import entries

__all__ = ["book_balance"]


def book_balance(database) -> dict:
    """What a dissolution takes from the book (``ipshare dissolve FILE --book BOOK``), exactly, as Fractions:

    - ``cash``: what the book holds, every receipt recorded less every payment to a member;
    - ``unpaid``: member -> distributed to it and not yet paid (its last closing less payments recorded since);
    - ``costs``: member -> its expenses not yet recovered (the last closing's balances plus expenses recorded in
      open periods);
    - ``undistributed``: receipts recorded in open periods (not yet distributed);
    - ``currency``, ``members``, ``closed`` (the last closed period, or None), ``head`` (rows and SHA-256)."""
    with database.reading() as connection:
        _check_schema(connection, database.shown)
        seq, seal = head(connection)
        agreement_rows = _agreement_rows(connection)
        current = _agreement(agreement_rows[-1])
        closed = _closed(connection)
        state = _last_state(closed)
        open_ids = [row["id"] for row in _period_rows(connection) if row["id"] not in closed]
        unpaid = {m: Fraction(state.balance.get(m, Decimal(0))) for m in current.members}
        costs = {m: sum(state.owed.get(m, {}).values(), Fraction(0)) for m in current.members}
        cash = undistributed = Fraction(0)
        query = entries.select().with_only_columns(entries.c.entry, entries.c.period, entries.c.member,
                                                    entries.c.amount)
        for kind, period_id, member, amount in connection.execute(query):
            value = Fraction(amount)
            if kind == "receipt":
                cash += value
                if period_id in open_ids:
                    undistributed += value
            elif kind == "payment":
                cash -= value
                if period_id in open_ids:
                    unpaid[member] -= value
            elif period_id in open_ids:
                costs[member] += value
    return {"book": database.shown, "currency": current.scenario.currency, "members": current.members,
            "cash": cash, "unpaid": unpaid, "costs": costs, "undistributed": undistributed,
            "closed": list(closed)[-1] if closed else None, "head": {"rows": seq, "sha256": seal}}
