"""Exact money: rationals inside, rounding once at the edge so that every column still adds up.

Amounts stay :class:`~fractions.Fraction` through every computation. Only when a table is shown are they rounded
to the currency's minor unit, by the largest-remainder method (Hamilton's method): every amount is rounded
down, and the units still missing to reach the rounded total go, one each, to the amounts that lost the most
(ties to the earlier member). The rounded column therefore sums exactly to the rounded total, and no amount
moves by a whole unit or more. Percentages are rounded the same way to two decimals and sum to exactly 100.00.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

__all__ = ["MINOR_UNITS", "minor_unit", "round_half_up", "round_reconciled", "percentages", "format_fraction"]

# ISO 4217 minor units of the currencies alliances commonly contract in; others default to 2.
MINOR_UNITS = {
    "BHD": 3,
    "CLP": 0,
    "IQD": 3,
    "ISK": 0,
    "JOD": 3,
    "JPY": 0,
    "KRW": 0,
    "KWD": 3,
    "LYD": 3,
    "OMR": 3,
    "PYG": 0,
    "TND": 3,
    "UGX": 0,
    "VND": 0,
    "XAF": 0,
    "XOF": 0,
}


def minor_unit(currency: str | None, override: int | None = None) -> int:
    """Decimal places of a currency's minor unit (``CNY`` → 2, ``JPY`` → 0); ``override`` wins when given."""
    if override is not None:
        return override
    return MINOR_UNITS.get(currency or "", 2)


def round_half_up(value: Fraction) -> int:
    """The nearest integer, halves rounded up (toward +∞): the rule a reader checks by hand."""
    return math.floor(value + Fraction(1, 2))


def round_reconciled(values: Mapping[str, Fraction], digits: int, total: Fraction | None = None) -> dict[str, Decimal]:
    """Round ``values`` to ``digits`` decimals so that they sum exactly to ``total`` rounded the same way.

    ``total`` defaults to the exact sum of the values. When it is given it must be within one unit per value of
    their sum (as for a float allocation of the grand value), else ``ValueError``.

    Examples
    --------
    >>> third = Fraction(1, 3)
    >>> round_reconciled({"A": third, "B": third, "C": third}, 2)
    {'A': Decimal('0.34'), 'B': Decimal('0.33'), 'C': Decimal('0.33')}
    """
    unit = 10**digits
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
    if missing >= 0:
        order = sorted(range(len(keys)), key=lambda i: (-remainders[keys[i]], i))
        for i in order[:missing]:
            floors[keys[i]] += 1
    else:
        # Only reachable with float inputs whose sum overshoots the total: take back from the smallest remainders.
        order = sorted(range(len(keys)), key=lambda i: (remainders[keys[i]], i))
        for i in order[:-missing]:
            floors[keys[i]] -= 1
    return {key: _decimal(floors[key], digits) for key in keys}


def percentages(values: Mapping[str, Fraction], total: Fraction | None = None) -> dict[str, Decimal] | None:
    """Each value as a percentage of the total, to two decimals, summing to exactly 100.00 (None if total is 0)."""
    total = sum(values.values(), Fraction(0)) if total is None else Fraction(total)
    if total == 0:
        return None
    return round_reconciled(
        {key: Fraction(value) * 100 / total for key, value in values.items()}, 2, total=Fraction(100)
    )


def _decimal(units: int, digits: int) -> Decimal:
    return Decimal(units).scaleb(-digits).quantize(Decimal(1).scaleb(-digits))


def format_fraction(value: Fraction) -> str:
    """``"469/2"`` or ``"600"``: the form the JSON contract uses for exact values."""
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
