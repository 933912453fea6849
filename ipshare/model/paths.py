"""Fields named by their paths: how messages show a field (``revenue.L1.royalty.rate``) and which line of the file
it is on."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

# Characters of a long text that a message quotes.
SHOWN = 60


def _line_of(lines, path):
    while True:
        try:
            return lines[path]
        except KeyError:
            if not path:
                return None
            path = path[:-1]


def _dotted(path):
    """A field's path as messages show it: ``revenue.L1.royalty.rate``, ``players[2]``; an empty key as ``""``."""
    text = ""
    for element in path:
        if isinstance(element, _Item) and element.id:
            text += f".{_printable(element.id)}"
        elif isinstance(element, _Item):
            text += f"[{element.index}]"
        elif isinstance(element, int) and not isinstance(element, bool):
            text += f"[{element}]"
        else:
            text += "." + (_printable(element) if element != "" else '""')
    return text[1:] if text.startswith(".") else text


def _printable(key):
    """A key as shown in a message: unprintable characters (a line break, U+2028, a bidi control …) escaped, so
    the message stays on one line and reads in order, and a long key cut short."""
    text = str(key)
    if len(text) > SHOWN:
        text = text[:SHOWN] + "…"
    return text if text.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


@dataclass(frozen=True)
class _Item:
    """A list element in a path: located by its index, shown by its id when it has one."""

    index: int
    id: str | None


def _raw_path(path):
    return tuple(element.index if isinstance(element, _Item) else element for element in path)


def _describe(value):
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text {_quoted(value)}"
    if isinstance(value, int | float | Fraction):
        return f"the number {_show(value)}"
    return type(value).__name__


def _quoted(value):
    """A value as a message quotes it: text in quotes (escaped, and cut short when long), a number as the file wrote
    it (not ``Fraction(1, 2)``)."""
    if isinstance(value, Fraction):
        return _show(value)
    if isinstance(value, str) and len(value) > SHOWN:
        return repr(value[:SHOWN]) + f"… ({len(value):,} characters)"
    return repr(value)


_BOOLEAN_HINT = "; if this is text, put it in quotes (YAML reads an unquoted yes, no, on or off as true or false)"


def _show(number):
    if isinstance(number, Fraction):
        if number.denominator == 1:
            return str(number.numerator)
        decimal = float(number)
        if Fraction(repr(decimal)) == number:
            return repr(decimal)
        return f"{number.numerator}/{number.denominator}"
    return str(number)
