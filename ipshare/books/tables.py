"""A book's tables (SQLAlchemy Core) and the numbered migrations that build them; the schema version.

The tables, all named ``ipshare_…`` so that a book can share a PostgreSQL database with other tables:

- ``ipshare_schema``: one row per migration step applied; the book's schema version is the highest step;
- ``ipshare_lock``: one row, which PostgreSQL writers lock (``SELECT … FOR UPDATE``) to write one at a time;
- ``ipshare_agreements``: each agreement version (the scenario file's bytes, its SHA-256, the date it takes effect,
  and the schedule frozen from it);
- ``ipshare_periods``: each accounting period (id, first and last day);
- ``ipshare_entries``: receipts, expenses and payments;
- ``ipshare_closings``: each closed period's distribution state (exact balances carried to the next period);
- ``ipshare_distributions``: each closed period's figures per member, as statements show them;
- ``ipshare_rates`` (step 3): each exchange-rate table given to the book (``books rates``: the CSV text, its name,
  source and SHA-256);
- ``ipshare_conversions`` (step 3): for each receipt in another currency than the book's, its amount in that
  currency, the rate and where it comes from, and the exact converted amount (the entry holds it rounded).

Every row of the last seven carries ``seq`` (one sequence over the whole book, in the order rows were written),
``agreement`` (the SHA-256 of the agreement in force), ``prev_hash`` and ``row_hash`` (:mod:`ipshare.books.chain`).

Migrations are a plain list of numbered steps, each one transaction (DDL is transactional in both databases), run
by :func:`migrate`; a book records each step it has had. A tiny runner of our own rather than Alembic: a book has a
handful of tables, the steps must run the same on SQLite and PostgreSQL inside the command that opens the book,
and Alembic would add a dependency, a configuration file and a migration folder to find at run time for that.
Step 1 creates the tables; a later step that changes a table must alter it (step 1 keeps creating what version 1
had). Step 2 makes the tables append-only in the database itself (triggers that refuse UPDATE, DELETE and, on
PostgreSQL, TRUNCATE) and adds the indexes large books need. Step 3 adds the rate tables and conversions (new
tables only, append-only like the others): a book of version 2 is migrated to 3 (one transaction) when it is opened.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, LargeBinary, MetaData, String, Table, Text, UniqueConstraint

__all__ = [
    "metadata",
    "schema",
    "lock",
    "agreements",
    "periods",
    "entries",
    "closings",
    "distributions",
    "rates",
    "conversions",
    "CHAINED",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "schema_version",
    "migrate",
]

metadata = MetaData()
HASH = String(64)

schema = Table(
    "ipshare_schema", metadata,
    Column("step", Integer, primary_key=True, autoincrement=False),
    Column("name", String(200), nullable=False),
)
lock = Table("ipshare_lock", metadata, Column("id", Integer, primary_key=True, autoincrement=False))


def _chained():
    return [
        Column("seq", Integer, nullable=False, unique=True),
        Column("agreement", HASH, nullable=False),
        Column("prev_hash", HASH, nullable=False),
        Column("row_hash", HASH, nullable=False),
    ]


agreements = Table(
    "ipshare_agreements", metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("effective", String(10)),  # None: from the start of the book
    Column("sha256", HASH, nullable=False),
    Column("name", Text, nullable=False),  # the scenario file's name as given
    Column("format", String(8), nullable=False),
    Column("scenario", LargeBinary, nullable=False),
    Column("schedule", Text, nullable=False),  # JSON: the shares frozen from the scenario
    *_chained(),
)
periods = Table(
    "ipshare_periods", metadata,
    Column("id", String(32), primary_key=True),
    Column("first_day", String(10), nullable=False),
    Column("last_day", String(10), nullable=False),
    *_chained(),
)
entries = Table(
    "ipshare_entries", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("period", String(32), ForeignKey("ipshare_periods.id"), nullable=False),
    Column("entry", String(8), nullable=False),  # receipt | expense | payment
    Column("source", String(64)),
    Column("member", String(64)),
    Column("kind", String(64)),
    Column("amount", String(40), nullable=False),  # an exact decimal, in the currency's minor unit
    Column("day", String(10)),
    Column("ref", String(64), unique=True),
    Column("corrects", String(64)),
    Column("agreement", HASH, nullable=False),
    Column("prev_hash", HASH, nullable=False),
    Column("row_hash", HASH, nullable=False),
)
closings = Table(
    "ipshare_closings", metadata,
    Column("period", String(32), ForeignKey("ipshare_periods.id"), primary_key=True),
    Column("version", Integer, ForeignKey("ipshare_agreements.version"), nullable=False),
    Column("receipts", String(40), nullable=False),
    Column("state", Text, nullable=False),  # JSON: exact balances and cumulative figures after the period
    *_chained(),
)
distributions = Table(
    "ipshare_distributions", metadata,
    Column("period", String(32), ForeignKey("ipshare_closings.period"), nullable=False),
    Column("member", String(64), nullable=False),
    Column("opening", String(40), nullable=False),
    Column("recovered", String(40), nullable=False),
    Column("fee", String(40), nullable=False),
    Column("share", String(40), nullable=False),
    Column("distributed", String(40), nullable=False),
    Column("paid", String(40), nullable=False),
    Column("closing", String(40), nullable=False),
    Column("by_source", Text, nullable=False),  # JSON: source -> the part of `distributed` it came from
    *_chained(),
    UniqueConstraint("period", "member", name="ipshare_distributions_period_member"),
)

rates = Table(
    "ipshare_rates", metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", Text, nullable=False),  # the CSV file's name as given
    Column("source", Text),  # where the rates come from (`# source:` in the file, or --source)
    Column("sha256", HASH, nullable=False),  # of the CSV text
    Column("csv", Text, nullable=False),
    *_chained(),
)
conversions = Table(
    "ipshare_conversions", metadata,
    Column("entry", Integer, ForeignKey("ipshare_entries.seq"), primary_key=True, autoincrement=False),
    Column("currency", String(3), nullable=False),  # the receipt's own currency
    Column("amount", String(40), nullable=False),  # in that currency, an exact decimal in its minor unit
    Column("rate", String(80), nullable=False),  # exact: a decimal, or p/q for a period's mean
    Column("rule", String(16), nullable=False),  # receipt-date | period-average
    Column("rate_date", String(10)),  # receipt-date: the day the rate is of
    Column("rate_from", String(10)),  # period-average: the period averaged, [from, to)
    Column("rate_to", String(10)),
    Column("rate_count", Integer),  # period-average: how many rates were averaged
    Column("rates", Integer, nullable=False),  # the last rate table the book had when the receipt was recorded
    Column("source", Text),  # where the rate comes from
    Column("converted", String(80), nullable=False),  # exact, in the book's currency
    *_chained(),
)

#: The tables whose rows form the book's hash chain (``chain_rows`` merges them by ``seq``).
CHAINED = (agreements, periods, entries, closings, distributions, rates, conversions)
_VERSION_1 = (schema, lock, agreements, periods, entries, closings, distributions)


def _create_tables(connection):
    metadata.create_all(connection, tables=list(_VERSION_1))
    connection.execute(lock.insert().values(id=1))


_SQLITE_GUARD = (
    "CREATE TRIGGER {table}_append_only_{action} BEFORE {action} ON {table} "
    "BEGIN SELECT RAISE(ABORT, 'an ipshare book is append-only: {table} rows are never changed or deleted'); END"
)
_POSTGRESQL_GUARD = """
CREATE OR REPLACE FUNCTION ipshare_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING MESSAGE = 'an ipshare book is append-only: ' || TG_TABLE_NAME
    || ' rows are never changed or deleted';
END
$$
"""


def _guard(connection, names):
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(_POSTGRESQL_GUARD)
        for name in names:
            connection.exec_driver_sql(
                f"CREATE TRIGGER {name}_append_only BEFORE UPDATE OR DELETE ON {name} "
                "FOR EACH ROW EXECUTE FUNCTION ipshare_append_only()")
            connection.exec_driver_sql(
                f"CREATE TRIGGER {name}_no_truncate BEFORE TRUNCATE ON {name} "
                "FOR EACH STATEMENT EXECUTE FUNCTION ipshare_append_only()")
    else:
        for name in names:
            for action in ("UPDATE", "DELETE"):
                connection.exec_driver_sql(_SQLITE_GUARD.format(table=name, action=action))


def _append_only(connection):
    _guard(connection, [table.name for table in _VERSION_1])
    connection.exec_driver_sql("CREATE INDEX ipshare_entries_period ON ipshare_entries (period, seq)")
    connection.exec_driver_sql("CREATE INDEX ipshare_entries_member ON ipshare_entries (entry, member)")


def _currencies(connection):
    metadata.create_all(connection, tables=[rates, conversions])
    _guard(connection, [rates.name, conversions.name])


#: The migrations, in order: (step number, what it does, the function that does it on a connection).
MIGRATIONS = (
    (1, "the tables of a book", _create_tables),
    (2, "append-only triggers and the indexes of large books", _append_only),
    (3, "exchange-rate tables and receipts converted from other currencies", _currencies),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]


def schema_version(connection) -> int | None:
    """The book's schema version (the highest migration step it has had), or None when it has no schema table."""
    from sqlalchemy import func, inspect, select

    if not inspect(connection).has_table(schema.name):
        return None
    return connection.execute(select(func.max(schema.c.step))).scalar() or 0


def migrate(connection, upto: int = SCHEMA_VERSION, steps=MIGRATIONS) -> list[int]:
    """Apply the steps above the book's version, up to ``upto``, inside the caller's transaction; the steps done."""
    current = schema_version(connection) or 0
    done = []
    for number, name, step in steps:
        if current < number <= upto:
            step(connection)
            connection.execute(schema.insert().values(step=number, name=name))
            done.append(number)
    return done
