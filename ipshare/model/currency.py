"""Currencies: ISO 4217 codes with their minor units, rate tables read from CSV, and the agreement's conversion rule
(docs/time-and-place.md, "Currencies").

Everything is exact: a rate is the :class:`~fractions.Fraction` of its decimal text, a converted amount is
``amount × rate`` exactly, and only the outputs round (to the target currency's minor unit, through
:class:`ipshare.exact.Rounding`). A rate table is a CSV file with the columns ``date,from,to,rate``: one unit of
``from`` is worth ``rate`` units of ``to`` on ``date``. The table also converts the other way (``1/rate``). A
line starting ``#`` is a comment; ``# source: …`` names where the rates come from (shown in statements).

The conversion rules (``agreement.conversion.rule``):

- ``receipt-date``: the rate of the receipt's date or, when none is published that day (a weekend, a holiday),
  of the latest day before it no more than ``max_age_days`` (default 7) earlier;
- ``period-average``: the mean of the rates published in the period ``[start, end)`` the receipt is booked in.

A rate missing for a date is a :class:`~ipshare.errors.ScenarioError` naming the date and the pair.
"""

from __future__ import annotations

import bisect
import csv
import datetime
import io
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType

from ..errors import ScenarioError
from .codes import CURRENCIES
from .dates import parse_date
from .numbers import _number_text

__all__ = [
    "CONVERSION_RULES",
    "currency_problem",
    "currency_minor_unit",
    "RateTable",
    "read_rates",
    "Conversion",
    "ConversionRule",
    "convert",
    "check_conversion",
]

CONVERSION_RULES = ("receipt-date", "period-average")


def currency_problem(code) -> str | None:
    """Why ``code`` is not an ISO 4217 currency code (a sentence), or None."""
    if isinstance(code, str) and code in CURRENCIES:
        return None
    hint = ""
    if isinstance(code, str) and code.upper() in CURRENCIES:
        hint = f"; did you mean {code.upper()!r}?"
    elif code == "RMB":
        hint = "; the renminbi's ISO 4217 code is CNY"
    return f"unknown currency code {code!r}: use an ISO 4217 code like CNY, USD, EUR{hint}"


def currency_minor_unit(code: str) -> int:
    """The number of decimals of the currency's minor unit (ISO 4217 list one; 2 where ISO gives none)."""
    unit = CURRENCIES[code][0]
    return 2 if unit is None else unit


@dataclass(frozen=True)
class RateTable:
    """Exchange rates by pair and date: ``rates[(from, to)]`` is a date-sorted tuple of ``(date, rate)``."""

    rates: MappingProxyType
    source: str | None = None
    name: str = "<rates>"

    def pairs(self):
        return tuple(self.rates)

    def _series(self, base, quote):
        """The pair's rates as (dates, rates), inverted when only the reverse pair is in the table."""
        if (base, quote) in self.rates:
            series = self.rates[(base, quote)]
            return [d for d, _ in series], [r for _, r in series]
        if (quote, base) in self.rates:
            series = self.rates[(quote, base)]
            return [d for d, _ in series], [1 / r for _, r in series]
        known = ", ".join(f"{a}/{b}" for a, b in self.rates) or "none"
        raise ScenarioError(f"{self.name}: no rate from {base} to {quote} (pairs in the table: {known})")

    def rate_on(self, base, quote, day, max_age_days=7):
        """The rate of ``day`` or of the latest day before it no more than ``max_age_days`` earlier: (rate, date)."""
        if base == quote:
            return Fraction(1), day
        dates, rates = self._series(base, quote)
        index = bisect.bisect_right(dates, day) - 1
        if index < 0 or (day - dates[index]).days > max_age_days:
            latest = f"; the latest before it is of {dates[index]}" if index >= 0 else ""
            raise ScenarioError(
                f"{self.name}: no {base}/{quote} rate for {day} (nor in the {max_age_days} days before){latest}"
            )
        return rates[index], dates[index]

    def average(self, base, quote, start, end):
        """The mean of the rates published in ``[start, end)``, exactly, and how many there were."""
        if base == quote:
            return Fraction(1), 0
        dates, rates = self._series(base, quote)
        first, last = bisect.bisect_left(dates, start), bisect.bisect_left(dates, end)
        if first == last:
            raise ScenarioError(f"{self.name}: no {base}/{quote} rate in the period {start} to {end}")
        chosen = rates[first:last]
        return sum(chosen, Fraction(0)) / len(chosen), len(chosen)


def read_rates(text: str, name: str = "<rates>", source: str | None = None) -> RateTable:
    """A rate table from CSV text (``date,from,to,rate``; module docstring); errors are ``NAME:LINE: column: …``."""
    rates: dict[tuple[str, str], dict[datetime.date, Fraction]] = {}
    found_source = None
    lines = io.StringIO(text)
    reader = csv.reader(lines)
    header = None
    for row in reader:
        number = reader.line_num
        if not row or not "".join(row).strip():
            continue
        if row[0].lstrip().startswith("#"):
            comment = ",".join(row).lstrip()[1:].strip()
            if comment.lower().startswith("source:"):
                found_source = comment[len("source:"):].strip()
            continue
        if header is None:
            header = [cell.strip().lower() for cell in row]
            if header[:4] != ["date", "from", "to", "rate"]:
                raise ScenarioError(
                    "the header must be date,from,to,rate", file=name, line=number, field=None
                )
            continue
        cells = dict(zip(header, (cell.strip() for cell in row), strict=False))
        if len(row) < 4:
            raise ScenarioError(f"needs 4 columns (date,from,to,rate), has {len(row)}", file=name, line=number)
        try:
            day = parse_date(cells["date"])
        except ValueError as error:
            raise ScenarioError(str(error), file=name, line=number, field="date") from None
        for column in ("from", "to"):
            problem = currency_problem(cells[column])
            if problem:
                raise ScenarioError(problem, file=name, line=number, field=column)
        if cells["from"] == cells["to"]:
            raise ScenarioError(f"converts {cells['from']} to itself", file=name, line=number, field="to")
        try:
            rate = _number_text(cells["rate"])
        except ValueError as error:
            raise ScenarioError(str(error), file=name, line=number, field="rate") from None
        if rate <= 0:
            raise ScenarioError(f"must be above 0, got {cells['rate']}", file=name, line=number, field="rate")
        series = rates.setdefault((cells["from"], cells["to"]), {})
        if day in series and series[day] != rate:
            raise ScenarioError(
                f"a second {cells['from']}/{cells['to']} rate for {day} ({cells['rate']}, the first was "
                f"{series[day]})", file=name, line=number, field="rate"
            )
        series[day] = rate
    if header is None:
        raise ScenarioError("holds no rates (expected a header date,from,to,rate and rows)", file=name)
    frozen = MappingProxyType({pair: tuple(sorted(series.items())) for pair, series in rates.items()})
    return RateTable(frozen, source if source is not None else found_source, name)


@dataclass(frozen=True)
class ConversionRule:
    """The agreement's conversion rule: ``receipt-date`` (with ``max_age_days``) or ``period-average``."""

    rule: str = "receipt-date"
    max_age_days: int = 7


@dataclass(frozen=True)
class Conversion:
    """An amount in its own currency and converted, with the rate and where it comes from: what a statement shows
    beside each receipt. ``converted`` is exact; round it with the target currency's minor unit."""

    amount: Fraction
    currency: str
    converted: Fraction
    to: str
    rate: Fraction
    rule: str
    rate_date: datetime.date | None = None  # receipt-date: the day the rate is of
    period: tuple | None = None  # period-average: [start, end) and how many rates were averaged
    source: str | None = None
    notes: tuple = field(default=())

    @property
    def minor_unit(self) -> int:
        return currency_minor_unit(self.to)


def convert(amount, currency, to, day, table: RateTable, rule: ConversionRule | None = None, period=None):
    """``amount`` in ``currency`` received on ``day``, converted to ``to`` by the agreement's ``rule``, exactly.

    ``period`` is the ``(start, end)`` the receipt is booked in, needed by ``period-average``.

    Examples
    --------
    >>> table = read_rates("date,from,to,rate\\n2025-03-14,USD,CNY,7.2345\\n", source="PBOC central parity")
    >>> c = convert(Fraction(1000), "USD", "CNY", datetime.date(2025, 3, 16), table)  # a Sunday: Friday's rate
    >>> c.converted, c.rate_date
    (Fraction(14469, 2), datetime.date(2025, 3, 14))
    """
    rule = rule or ConversionRule()
    for code in (currency, to):
        problem = currency_problem(code)
        if problem:
            raise ScenarioError(problem)
    amount = Fraction(amount)
    if rule.rule == "receipt-date":
        rate, rate_date = table.rate_on(currency, to, day, rule.max_age_days)
        return Conversion(amount, currency, amount * rate, to, rate, rule.rule, rate_date=rate_date,
                          source=table.source)
    if rule.rule == "period-average":
        if period is None:
            raise ScenarioError("period-average needs the period the receipt is booked in")
        start, end = period
        if not start <= day < end:
            raise ScenarioError(f"the receipt of {day} is not in its period {start} to {end}")
        rate, count = table.average(currency, to, start, end)
        return Conversion(amount, currency, amount * rate, to, rate, rule.rule, period=(start, end, count),
                          source=table.source)
    raise ScenarioError(f"unknown conversion rule {rule.rule!r}; choose one of {', '.join(CONVERSION_RULES)}")


def check_conversion(validator, raw, path):
    """``agreement.conversion: {rule: receipt-date | period-average, max_age_days: 7}`` as a ConversionRule."""
    validator.mapping(raw, path)
    validator.keys(raw, path, ("rule", "max_age_days", "description"), ("rule",))
    validator.description(raw, path)
    return ConversionRule(
        rule=validator.choice(raw["rule"], path + ("rule",), CONVERSION_RULES, "conversion rule"),
        max_age_days=validator.integer(raw.get("max_age_days", 7), path + ("max_age_days",), minimum=0,
                                       maximum=366),
    )
