"""Numbers as a scenario writes them: exact rationals, ASCII digits only, within the range money needs.

``0.08`` is 2/25 whatever format wrote it; ``"1/3"`` is a rational; ``1_000`` groups digits; ``1e6`` is a million.
A number written as text uses the digits 0-9 only (``"１００"`` and Arabic-Indic digits, which Python's own parsers
would take for 100, are refused). Amounts are at most :data:`~ipshare.model.limits.MAX_MAGNITUDE` with at most 18
decimals; an exponent like ``1e999999999`` is refused without computing it.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

from .limits import MAX_DENOMINATOR, MAX_MAGNITUDE
from .paths import _quoted
from .text import _character

__all__ = [
    "parse_number",
    "check_number",
    "NumberOutOfRange",
]


def _exact_float(text):
    # Keep the decimal the file wrote: "0.1" stays 1/10 rather than the nearest binary float. A number whose
    # exponent is out of all range stays text, which validation refuses just as it refuses the same text in YAML.
    return text if _wild_exponent(text) else Fraction(text)


def _toml_float(text):
    text = text.replace("_", "")
    if _wild_exponent(text):
        return text
    try:
        return Fraction(text)
    except ValueError:  # inf and nan: left for validation to reject with the field's name
        return float(text)


_EXPONENT = re.compile(r"[eE]\s*([+-]?)\s*0*([0-9]+)\s*$")


def _wild_exponent(text):
    """Whether a number's decimal exponent is so large that computing 10**exponent exactly would take minutes
    (``1e999999999``): far beyond MAX_MAGNITUDE and MAX_DENOMINATOR, so refused without computing it."""
    found = _EXPONENT.search(text)
    return found is not None and len(found.group(2)) > 4


def parse_number(text) -> Fraction:
    """A number written as text (``12``, ``0.5``, ``1/3``, ``1e6``, ``1_000``) as an exact Fraction.

    Raises ValueError for text that is not a number (its message says why: a non-ASCII digit such as ``"１"``
    is named), :class:`NumberOutOfRange` for one out of the range :func:`check_number` allows (found without
    computing a huge power of ten first).
    """
    return check_number(_number_text(str(text)))


class NumberOutOfRange(ValueError):
    """A number beyond MAX_MAGNITUDE, or with a denominator beyond MAX_DENOMINATOR."""


def check_number(number: Fraction) -> Fraction:
    """``number``, or :class:`NumberOutOfRange` when it is too large or too finely divided to be money."""
    if abs(number) > MAX_MAGNITUDE or number.denominator > MAX_DENOMINATOR:
        raise NumberOutOfRange(_out_of_range(number))
    return number


def _out_of_range(number):
    if number is not None and abs(number) > MAX_MAGNITUDE:
        size = f"about 1e{math.floor(math.log10(abs(number.numerator) // number.denominator))}"
        return f"{size} is too large: ipshare reads numbers up to 1e18; state amounts in thousands or millions"
    return ("out of the range ipshare reads: numbers up to 1e18, with at most 18 decimal places; state amounts in "
            "other units or round the number")


def _number_text(text):
    """A number written as text, as an exact Fraction (ValueError with a message, or NumberOutOfRange).

    ASCII digits only: Python's int and Fraction also read any Unicode digit ("１００" as 100), which a reader of
    the file would not take for a number the program computes with.
    """
    stripped = text.strip(" \t\r\n")
    for index, char in enumerate(stripped):
        if not char.isascii():
            import unicodedata

            at = f" at character {index + 1}"
            if unicodedata.digit(char, None) is not None or char.isdigit():
                raise ValueError(
                    f"{_quoted(text)} has the non-ASCII digit {char!r} {_character(char)}{at}; write numbers with "
                    "the digits 0-9"
                )
            raise ValueError(
                f"must be a number (like 12, 0.5 or 1/3), not {_quoted(text)}: it has {_character(char)}{at}"
            )
    if stripped.endswith("%"):
        raise ValueError(f"must be a number (like 12, 0.5 or 1/3), not {_quoted(text)}; write 15 % as 0.15")
    cleaned = stripped.replace("_", "")
    if _wild_exponent(cleaned):
        raise NumberOutOfRange(_out_of_range(None))
    try:
        return Fraction(cleaned)
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"must be a number (like 12, 0.5 or 1/3), not {_quoted(text)}") from None
