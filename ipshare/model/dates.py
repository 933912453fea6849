"""Dates and places in a scenario: ISO dates, periods, the countries a patent is in force in (docs/time-and-place.md).

The checks here are called by the section checks (:mod:`ipshare.model.sections`) with the validator, so that each
failure is one line ``FILE:LINE: field: message``. A period is half-open, ``[from, to)``: a patent in force
``CN: [2020-01-01, 2024-07-01]`` is in force on 30 June 2024 and not on 1 July; ``to`` may be left out (``null``)
for a period still running. A member is one from its ``joined`` date (included) until its ``left`` date (excluded).
"""

from __future__ import annotations

import datetime
import re
from types import MappingProxyType

from .codes import COUNTRIES
from .paths import _describe, _quoted

__all__ = ["parse_date", "check_date", "check_in_force", "check_countries", "in_period"]

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(text):
    """An ISO date ``YYYY-MM-DD`` (text or a :class:`datetime.date`) as a date; ValueError with a sentence."""
    if isinstance(text, datetime.datetime):
        raise ValueError(f"must be a date (YYYY-MM-DD), not the date and time {text.isoformat()}")
    if isinstance(text, datetime.date):
        return text
    if not isinstance(text, str) or not _ISO.fullmatch(text):
        raise ValueError(f"must be a date written YYYY-MM-DD, not {_describe(text)}")
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date on the calendar") from None


def check_date(validator, value, path, *, optional=True):
    """A date field: None when absent and optional; else the date, or a one-line failure."""
    if value is None and optional:
        return None
    try:
        return parse_date(value)
    except ValueError as error:
        validator.fail(path, str(error))


def check_order(validator, earlier, later, path, message):
    """Fail at ``path`` when both dates are given and ``later`` comes before ``earlier``."""
    if earlier is not None and later is not None and later < earlier:
        validator.fail(path, message)


def check_country(validator, code, path):
    if not isinstance(code, str) or code not in COUNTRIES:
        hint = ""
        if isinstance(code, str) and code.upper() in COUNTRIES:
            hint = f"; did you mean {code.upper()!r}? (codes are upper case)"
        elif isinstance(code, str) and code.upper() == "UK":
            hint = "; the United Kingdom's ISO code is 'GB'"
        validator.fail(
            path, f"unknown country code {_quoted(code)}: use ISO 3166-1 alpha-2 codes like CN, US, DE{hint}"
        )
    return code


def check_countries(validator, raw, path, what="a mapping of country code to amount"):
    """A mapping keyed by ISO 3166-1 alpha-2 codes, amounts >= 0, as a read-only mapping."""
    validator.mapping(raw, path, what)
    if not raw:
        validator.fail(path, "must name at least one country")
    result = {}
    for code, amount in raw.items():
        check_country(validator, code, path + (code,))
        result[code] = validator.number(amount, path + (code,), minimum=0)
    return MappingProxyType(result)


def check_in_force(validator, raw, path, filed=None):
    """``in_force: {CN: [from, to], US: [from]}``: country -> (from, to or None), each ``from <= to`` and not
    before the patent was filed."""
    validator.mapping(raw, path, "a mapping of country code to [from, to]")
    if not raw:
        validator.fail(path, "must name at least one country")
    periods = {}
    for code, period in raw.items():
        item_path = path + (code,)
        check_country(validator, code, item_path)
        if isinstance(period, str | datetime.date):
            period = [period]
        if not isinstance(period, list) or not 1 <= len(period) <= 2:
            validator.fail(item_path, f"must be [from, to] (to may be left out or null), not {_describe(period)}")
        start = check_date(validator, period[0], item_path + (0,), optional=False)
        end = check_date(validator, period[1], item_path + (1,)) if len(period) == 2 else None
        check_order(validator, start, end, item_path + (1,), f"ends on {end} before it starts on {start}")
        check_order(
            validator, filed, start, item_path + (0,), f"the patent is in force from {start}, before it was filed on "
            f"{filed}",
        )
        periods[code] = (start, end)
    return MappingProxyType(periods)


def in_period(day, start, end):
    """Whether ``day`` lies in the half-open period ``[start, end)`` (None: open on that side)."""
    return (start is None or start <= day) and (end is None or day < end)
