"""The book's hash chain: every row carries the SHA-256 of its content and of the row written before it.

A row's hash is the SHA-256 of a canonical JSON text (keys sorted, no spaces, UTF-8) of its table's name, its
columns but ``row_hash`` (``prev_hash`` among them) and, for the scenario file an agreement row holds, the SHA-256
of its bytes. Rows are numbered by ``seq``, one sequence over the whole book; the first row's ``prev_hash`` is 64
zeros. Changing, removing or inserting any row therefore changes every hash after it: ``books verify`` walks the
chain and names the first row where it breaks, and the hash of the last row (the book's *head*, printed on every
statement as its seal) pins the whole book as it stood.

:class:`Appender` writes rows inside a write transaction (the writer holds the book's lock, so no other writer
can take the same ``seq``).
"""

from __future__ import annotations

import hashlib
import json

__all__ = ["GENESIS", "row_hash", "Appender", "head", "chain_rows"]

GENESIS = "0" * 64


def _canonical(value):
    if isinstance(value, bytes | bytearray | memoryview):
        return {"sha256": hashlib.sha256(bytes(value)).hexdigest()}
    return value


def row_hash(table: str, values: dict) -> str:
    """The SHA-256 (hex) of row ``values`` of ``table`` (``row_hash`` itself left out).

    >>> row_hash("ipshare_periods", {"id": "Q1", "seq": 1, "prev_hash": GENESIS})[:16]
    'cbca0e47c29b422e'
    """
    content = {key: _canonical(value) for key, value in values.items() if key != "row_hash"}
    text = json.dumps([table, content], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def head(connection) -> tuple[int, str]:
    """The book's last row: its ``seq`` and ``row_hash`` (0 and 64 zeros for an empty book)."""
    from sqlalchemy import func, select

    from .tables import CHAINED

    last, table = 0, None
    for candidate in CHAINED:
        found = connection.execute(select(func.max(candidate.c.seq))).scalar()
        if found is not None and found > last:
            last, table = found, candidate
    if table is None:
        return 0, GENESIS
    return last, connection.execute(select(table.c.row_hash).where(table.c.seq == last)).scalar_one()


class Appender:
    """Rows to append to the book in one write transaction, each numbered and hashed onto the one before.

    ``add`` numbers and hashes a row and keeps it; ``flush`` inserts what was kept, in order (consecutive rows of
    one table in one statement, for large imports)."""

    def __init__(self, connection):
        self.connection = connection
        self.seq, self.last = head(connection)
        self.pending: list[tuple] = []

    def add(self, table, values: dict) -> int:
        self.seq += 1
        row = dict(values, seq=self.seq, prev_hash=self.last)
        row["row_hash"] = row_hash(table.name, row)
        self.last = row["row_hash"]
        self.pending.append((table, row))
        return self.seq

    def flush(self):
        batch, table = [], None
        for candidate, row in self.pending:
            if candidate is not table and batch:
                self.connection.execute(table.insert(), batch)
                batch = []
            table = candidate
            batch.append(row)
        if batch:
            self.connection.execute(table.insert(), batch)
        self.pending = []


def _stream(name, rows):
    for row in rows:
        yield row["seq"], name, dict(row)


def chain_rows(connection):
    """Every chained row of the book as ``(table name, row as a dict)``, in ``seq`` order."""
    import heapq

    from sqlalchemy import select

    from .tables import CHAINED

    streams = []
    for table in CHAINED:
        rows = connection.execute(select(table).order_by(table.c.seq)).mappings()
        streams.append(_stream(table.name, rows))
    for _seq, name, row in heapq.merge(*streams, key=lambda item: item[0]):
        yield name, row
