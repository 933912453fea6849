"""Exchange rates in a book, and receipts in another currency than the book's (docs/books.md, "Receipts in other
currencies").

``books rates BOOK FILE.csv`` records a rate table (:func:`ipshare.model.currency.read_rates`: ``date,from,to,rate``
with a ``# source:`` line) in the book: its text, name, source and SHA-256, as a row of the hash chain, never
changed. A book may be given several tables (one a month, say); the book's rates are all of them together, and a
table that gives a pair another rate for a day the book has already is refused.

A receipt recorded in another currency is converted to the book's by the agreement's rule
(``agreement.conversion``, :func:`ipshare.model.currency.convert`), exactly, with the rates the book had when it
was recorded; the entry holds the converted amount rounded to the book currency's minor unit (what is distributed,
as a bank credits it), and a conversion row beside it holds the amount in its own currency, the exact rate, the day
(or the period) it is of, its source and the exact converted amount. ``books verify`` converts again and compares.
"""

from __future__ import annotations

import datetime
import hashlib
from fractions import Fraction
from pathlib import Path
from types import MappingProxyType

from ..errors import IpshareError
from ..model.currency import ConversionRule, RateTable, convert, read_rates
from .chain import Appender
from .database import BookError

__all__ = ["exact_text", "record_rates", "book_rates", "conversion_of"]


def exact_text(value: Fraction) -> str:
    """A rational as exact text: a decimal when it has one (``7.1752``), else ``p/q``.

    >>> exact_text(Fraction(8969, 1250)), exact_text(Fraction(1, 3))
    ('7.1752', '1/3')
    """
    value = Fraction(value)
    q = value.denominator
    for factor in (2, 5):
        while q % factor == 0:
            q //= factor
    if q != 1:
        return f"{value.numerator}/{value.denominator}"
    places = 0
    while (value * 10 ** places).denominator != 1:
        places += 1
    units = abs((value * 10 ** places).numerator)
    sign = "-" if value < 0 else ""
    digits = str(units).rjust(places + 1, "0")
    return sign + (digits if places == 0 else f"{digits[:-places]}.{digits[-places:]}")


class BookRates:
    """The book's rate tables together: one :class:`RateTable` and where each rate comes from."""

    def __init__(self, rows, name):
        merged: dict[tuple, dict] = {}
        self.origin: dict[tuple, tuple] = {}  # (from, to, date) -> (table version, source text)
        self.version = 0
        for row in rows:
            table = read_rates(row["csv"], name=row["name"], source=row["source"])
            said = table.source or f"rate table {row['version']} ({row['name']})"
            for pair, series in table.rates.items():
                mine = merged.setdefault(pair, {})
                for day, rate in series:
                    mine[day] = rate
                    self.origin[(*pair, day)] = (row["version"], said)
            self.version = row["version"]
        self.table = RateTable(MappingProxyType({pair: tuple(sorted(s.items())) for pair, s in merged.items()}),
                               None, name)

    def source_of(self, base, quote, days) -> str | None:
        said = []
        for day in days:
            found = self.origin.get((base, quote, day)) or self.origin.get((quote, base, day))
            if found is not None and found[1] not in said:
                said.append(found[1])
        return "; ".join(said) or None


def book_rates(connection, shown, before_seq=None) -> BookRates:
    """The book's rates (those recorded before row ``before_seq`` of the chain, when given)."""
    from .tables import rates

    query = rates.select().order_by(rates.c.version)
    if before_seq is not None:
        query = query.where(rates.c.seq < before_seq)
    return BookRates([dict(row) for row in connection.execute(query).mappings()], f"{shown} rates")


def record_rates(database, path, source=None, agreement_sha256=None) -> tuple[int, int, str | None]:
    """Record the rate table in the CSV file ``path``: (its version in the book, how many rates, its source)."""
    from ..errors import ScenarioError
    from .tables import agreements, rates

    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise BookError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise BookError(f"{path}: not UTF-8 text") from None
    except OSError as error:
        raise BookError(f"{path}: cannot be read ({error.strerror})") from None
    try:
        table = read_rates(text, name=str(path), source=source)
    except ScenarioError as error:
        raise BookError(str(error)) from None
    count = sum(len(series) for series in table.rates.values())
    with database.writing() as connection:
        known = book_rates(connection, database.shown)
        for (base, quote), series in table.rates.items():
            for day, rate in series:
                for pair, value in (((base, quote), rate), ((quote, base), 1 / rate)):
                    held = dict(known.table.rates.get(pair, ()))
                    if day in held and held[day] != value:
                        origin = known.origin.get((*pair, day))
                        raise BookError(
                            f"{path}: {base}/{quote} on {day}: the book has another rate for that day "
                            f"({exact_text(held[day] if pair == (base, quote) else 1 / held[day])}, rate table "
                            f"{origin[0] if origin else '?'}); the book's rates are never changed")
        sha = agreement_sha256 or connection.execute(
            agreements.select().with_only_columns(agreements.c.sha256).order_by(agreements.c.version.desc())
        ).first()[0]
        version = known.version + 1
        appender = Appender(connection)
        appender.add(rates, {"version": version, "name": path.name, "source": table.source,
                             "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), "csv": text,
                             "agreement": sha})
        appender.flush()
    return version, count, table.source


def conversion_of(known: BookRates, amount: Fraction, currency: str, to: str, day: str, first_day: str,
                  last_day: str, rule: ConversionRule | None) -> dict:
    """The conversion row's values for a receipt of ``amount`` ``currency`` on ``day`` (ISO dates), booked in the
    period ``first_day`` to ``last_day`` (inclusive). Raises :class:`BookError` (one line) when a rate is missing."""
    rule = rule or ConversionRule()
    start = datetime.date.fromisoformat(first_day)
    end = datetime.date.fromisoformat(last_day) + datetime.timedelta(days=1)
    received = datetime.date.fromisoformat(day)
    if not known.table.rates:
        raise BookError(f"the book has no exchange rates to convert {currency} to {to}; give it a rate table "
                        "with `ipshare books rates BOOK FILE.csv`")
    try:
        c = convert(amount, currency, to, received, known.table, rule, period=(start, end))
    except IpshareError as error:
        raise BookError(str(error)) from None
    row = {"currency": currency, "rate": exact_text(c.rate), "rule": c.rule, "rate_date": None, "rate_from": None,
           "rate_to": None, "rate_count": None, "rates": known.version, "converted": exact_text(c.converted)}
    if c.rate_date is not None:
        row["rate_date"] = c.rate_date.isoformat()
        row["source"] = known.source_of(currency, to, [c.rate_date])
    else:
        first, stop, count = c.period
        row.update(rate_from=first.isoformat(), rate_to=stop.isoformat(), rate_count=count)
        series = known.table.rates.get((currency, to)) or known.table.rates.get((to, currency)) or ()
        row["source"] = known.source_of(currency, to, [d for d, _ in series if first <= d < stop])
    return row, c.converted
