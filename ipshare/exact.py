"""Exact money: rationals inside, rounding once at the edge so that every column still adds up.

Amounts stay :class:`~fractions.Fraction` through every computation. Only when a table is shown are they rounded
to the currency's minor unit, by the largest-remainder method (Hamilton's method): every amount is rounded
down, and the units still missing to reach the rounded total go, one each, to the amounts that lost the most
(equal remainders broken by a tie rule the agreement may set, by default to the member listed first: see
:data:`TIE_RULES`). The rounded column therefore sums exactly to the rounded total, and no amount
moves by a whole unit or more. Percentages are rounded the same way to two decimals and sum to exactly 100.00.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal, DivisionByZero, InvalidOperation, Overflow, localcontext
from fractions import Fraction

__all__ = [
    "MINOR_UNITS",
    "TIE_RULES",
    "DEFAULT_TIES",
    "Rounding",
    "minor_unit",
    "round_half_up",
    "round_reconciled",
    "reconciled_units",
    "round_amount",
    "supported_digits",
    "leading_place",
    "tie_order",
    "percentages",
    "decimal_of",
    "money_sum",
    "money_difference",
    "format_fraction",
    "format_number",
]

# ISO 4217 minor units (list one) of every current currency whose minor unit is not 2; the others, and codes ISO gives
# none (metals, XXX), default to 2. ipshare.model.codes holds the whole list, which tests/test_time_place_currency.py
# checks against this one.
MINOR_UNITS = {
    "BHD": 3,
    "BIF": 0,
    "CLF": 4,
    "CLP": 0,
    "DJF": 0,
    "GNF": 0,
    "IQD": 3,
    "ISK": 0,
    "JOD": 3,
    "JPY": 0,
    "KMF": 0,
    "KRW": 0,
    "KWD": 3,
    "LYD": 3,
    "OMR": 3,
    "PYG": 0,
    "RWF": 0,
    "TND": 3,
    "UGX": 0,
    "UYI": 0,
    "UYW": 4,
    "VND": 0,
    "VUV": 0,
    "XAF": 0,
    "XOF": 0,
    "XPF": 0,
}


def minor_unit(currency: str | None, override: int | None = None) -> int:
    """Decimal places of a currency's minor unit (``CNY`` → 2, ``JPY`` → 0); ``override`` wins when given."""
    if override is not None:
        return override
    return MINOR_UNITS.get(currency or "", 2)


def round_half_up(value: Fraction) -> int:
    """The nearest integer, halves rounded up (toward +∞): the rule a reader checks by hand."""
    return math.floor(value + Fraction(1, 2))


TIE_RULES = {
    "listed-first": "the member listed first in the scenario",
    "listed-last": "the member listed last in the scenario",
    "by-id": "the member whose id comes first in code-point order",
}
DEFAULT_TIES = "listed-first"

# Amounts are at most 1e18 with at most 18 decimals (the loader refuses more), so sums of many of them stay far
# below this many significant digits; Decimal's default of 28 would round (or raise) on such sums.
MONEY_CONTEXT = Context(prec=120, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow])


def tie_order(keys, ties: str = DEFAULT_TIES, listed=None) -> list:
    """``keys`` in the order in which they receive a unit when their remainders are equal.

    ``listed`` is the scenario's own order of its members (by default the order of ``keys``).

    >>> tie_order(["B", "A", "C"], "by-id")
    ['A', 'B', 'C']
    >>> tie_order(["B", "A", "C"], "listed-last")
    ['C', 'A', 'B']
    """
    keys = list(keys)
    if ties not in TIE_RULES:
        raise ValueError(f"unknown tie rule {ties!r}; use one of {', '.join(TIE_RULES)}")
    if ties == "by-id":
        return sorted(keys, key=str)
    position = {key: i for i, key in enumerate(listed if listed is not None else keys)}
    ranked = sorted(keys, key=lambda key: position.get(key, len(position)))
    return ranked[::-1] if ties == "listed-last" else ranked


def round_reconciled(
    values: Mapping[str, Fraction], digits: int, total: Fraction | None = None, *, priority=None
) -> dict[str, Decimal]:
    """Round ``values`` to ``digits`` decimals so that they sum exactly to ``total`` rounded the same way.

    ``total`` defaults to the exact sum of the values. When it is given it must be within one unit per value of
    their sum (as for a float allocation of the grand value), else ``ValueError``. Equal remainders are broken
    in the order of ``priority`` (a list of the keys, see :func:`tie_order`; by default the order of ``values``).

    Examples
    --------
    >>> third = Fraction(1, 3)
    >>> round_reconciled({"A": third, "B": third, "C": third}, 2)
    {'A': Decimal('0.34'), 'B': Decimal('0.33'), 'C': Decimal('0.33')}
    >>> round_reconciled({"A": third, "B": third, "C": third}, 2, priority=["C", "B", "A"])
    {'A': Decimal('0.33'), 'B': Decimal('0.33'), 'C': Decimal('0.34')}
    """
    units = reconciled_units(values, digits, total, priority=priority)
    return {key: decimal_of(count, digits) for key, count in units.items()}


def supported_digits(half_width, finest: int) -> int:
    """The decimals an estimate of uncertainty ``half_width`` supports: its first two significant digits (a
    half-width of 1,938,000 gives -5: hundreds of thousands), never finer than ``finest``.

    >>> supported_digits(1938000, 2), supported_digits(0.0123, 2), supported_digits(0, 2)
    (-5, 2, 2)
    """
    half_width = abs(Fraction(half_width))
    if half_width == 0:
        return finest
    return min(finest, 1 - leading_place(half_width))


def leading_place(value) -> int:
    """The power of ten of the first significant digit of a positive ``value``: 10**p <= value < 10**(p+1).

    >>> leading_place(Fraction(1938000)), leading_place(Fraction(1, 200)), leading_place(1)
    (6, -3, 0)
    """
    value = Fraction(value)
    place = len(str(value.numerator)) - len(str(value.denominator))
    while Fraction(10) ** place > value:
        place -= 1
    while Fraction(10) ** (place + 1) <= value:
        place += 1
    return place


def reconciled_units(
    values: Mapping[str, Fraction], digits: int, total: Fraction | None = None, *, priority=None
) -> dict[str, int]:
    """:func:`round_reconciled` in whole minor units (integers), for callers that add and subtract them."""
    unit = Fraction(10) ** digits
    exact_total = sum(values.values(), Fraction(0)) if total is None else Fraction(total)
    target = round_half_up(exact_total * unit)
    floors = {}
    remainders = {}
    for key, value in values.items():
        scaled = Fraction(value) * unit
        floors[key] = math.floor(scaled)
        remainders[key] = scaled - floors[key]
    missing = target - sum(floors.values())
    if not -len(values) <= missing <= len(values):
        raise ValueError("the amounts do not add up to the total they are reconciled to")
    keys = list(values)
    rank = {key: i for i, key in enumerate(priority if priority is not None else keys)}
    if missing >= 0:
        order = sorted(keys, key=lambda key: (-remainders[key], rank.get(key, len(rank))))
        for key in order[:missing]:
            floors[key] += 1
    else:
        # Only reachable with float inputs whose sum overshoots the total: take back from the smallest remainders.
        order = sorted(keys, key=lambda key: (remainders[key], -rank.get(key, len(rank))))
        for key in order[:-missing]:
            floors[key] -= 1
    return floors


def percentages(
    values: Mapping[str, Fraction], total: Fraction | None = None, *, priority=None, digits: int = 2
) -> dict[str, Decimal] | None:
    """Each value as a percentage of the total, to two decimals (or ``digits``), summing to exactly 100 (None if
    the total is 0)."""
    total = sum(values.values(), Fraction(0)) if total is None else Fraction(total)
    if total == 0:
        return None
    return round_reconciled(
        {key: Fraction(value) * 100 / total for key, value in values.items()}, digits, total=Fraction(100),
        priority=priority,
    )


def round_amount(value: Fraction, digits: int) -> Decimal:
    """One figure on its own (a grand value, a threshold) to ``digits`` decimals, halves up."""
    return decimal_of(round_half_up(Fraction(value) * Fraction(10) ** digits), digits)


def decimal_of(units: int, digits: int) -> Decimal:
    """``units`` minor units as a Decimal with exactly ``digits`` decimals (exact at any size)."""
    return Decimal(units).scaleb(-digits, MONEY_CONTEXT)


def money_sum(amounts) -> Decimal:
    """The exact sum of Decimal amounts (no rounding at 28 digits, as Decimal's default context would)."""
    with localcontext(MONEY_CONTEXT):
        return sum(amounts, Decimal(0))


def money_difference(a: Decimal, b: Decimal) -> Decimal:
    """``a - b`` exactly."""
    with localcontext(MONEY_CONTEXT):
        return a - b


@dataclass(frozen=True)
class Rounding:
    """How a scenario's figures are shown: to ``digits`` decimals, by largest remainder, equal remainders broken
    by the tie rule ``ties`` (:data:`TIE_RULES`) over the members in their ``listed`` order.

    Every output rounds through one of these, so the same figure shows the same cents everywhere.

    >>> rounding = Rounding(2, "listed-last", ("A", "B", "C"))
    >>> rounding.column({"A": Fraction(1, 3), "B": Fraction(1, 3), "C": Fraction(1, 3)})
    {'A': Decimal('0.33'), 'B': Decimal('0.33'), 'C': Decimal('0.34')}
    >>> rounding.describe()
    'amounts rounded to 2 decimals by largest remainder, each column summing to its total; equal remainders \
go to the member listed last in the scenario'
    """

    digits: int = 2
    ties: str = DEFAULT_TIES
    listed: tuple = ()

    def priority(self, keys) -> list:
        return tie_order(keys, self.ties, self.listed or None)

    def column(self, values: Mapping, total: Fraction | None = None) -> dict[str, Decimal]:
        """Round a column of amounts so that it sums to its rounded ``total`` (default: their exact sum)."""
        if not values:
            return {}
        return round_reconciled(values, self.digits, total, priority=self.priority(values))

    def percentages(self, values: Mapping, total: Fraction | None = None, digits: int = 2) -> dict[str, Decimal] | None:
        """Percentages of ``total`` to two decimals (or ``digits``), summing to 100 (None when the total is 0)."""
        return percentages(values, total, priority=self.priority(values), digits=digits)

    def coarser(self, digits: int) -> Rounding:
        """The same rounding to fewer decimals (``digits`` may be negative: -3 rounds to thousands)."""
        return Rounding(min(digits, self.digits), self.ties, self.listed)

    def amount(self, value: Fraction) -> Decimal:
        """A single figure, halves up: the same cents as the total of a column of that value."""
        return round_amount(value, self.digits)

    def short(self) -> str:
        """The rounding in a few words, for the foot of a table."""
        step = "1" if self.digits == 0 else "0." + "0" * (self.digits - 1) + "1"
        return f"rounded by largest remainder to {step}; equal remainders go to {TIE_RULES[self.ties]}"

    def describe(self) -> str:
        places = "decimal" if self.digits == 1 else "decimals"
        return (
            f"amounts rounded to {self.digits} {places} by largest remainder, each column summing to its total; "
            f"equal remainders go to {TIE_RULES[self.ties]}"
        )


def format_number(value) -> str:
    """A plain number for a sentence, never in scientific notation: ``1,050``, ``13,575,000``, ``0.3333``
    (``2/3`` readable as ``0.6667``), ``1,234.57`` (an amount of money: both decimals).

    >>> format_number(Fraction(13575000)), format_number(2 / 3), format_number(1234.567), format_number(-0.00001)
    ('13,575,000', '0.6667', '1,234.57', '0')
    """
    if isinstance(value, Fraction) and value.denominator == 1:
        return f"{value.numerator:,}"
    number = float(value)
    if number == round(number) and abs(number) < 1e15:
        return f"{int(round(number)):,}"
    if abs(number) >= 100:  # an amount of money: both decimals
        return f"{number:,.2f}"
    text = f"{number:,.4f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


def format_fraction(value: Fraction) -> str:
    """``"469/2"`` or ``"600"``: the form the JSON contract uses for exact values."""
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
