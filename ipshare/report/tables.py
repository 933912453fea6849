"""Shared pieces of the rights, risk and withdrawal renderers: money columns that reconcile, rich tables as text."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from fractions import Fraction

from .. import __version__
from ..exact import format_fraction, minor_unit, round_reconciled

__all__ = ["digits_of", "money_column", "show_money", "as_fraction", "rich_text", "header", "dump_json", "exact_text"]


def digits_of(scenario) -> int:
    """Decimal places of the scenario's currency (its minor unit)."""
    return minor_unit(scenario.currency, scenario.alliance.minor_unit)


def as_fraction(value) -> Fraction:
    return value if isinstance(value, Fraction) else Fraction(float(value))


def money_column(values: dict, digits: int, total=None) -> tuple[dict[str, Decimal], Decimal]:
    """Round a column of amounts once, by largest remainder, so that it sums to its rounded total."""
    exact = {key: as_fraction(value) for key, value in values.items()}
    if total is None:
        total = sum(exact.values(), Fraction(0))
    rounded = round_reconciled(exact, digits, as_fraction(total)) if exact else {}
    return rounded, sum(rounded.values(), Decimal(0))


def show_money(amount: Decimal) -> str:
    return f"{amount:,}"


def exact_text(value) -> str:
    """An exact amount as ``"469/2"``, a float as its repr (for JSON and CSV)."""
    return format_fraction(value) if isinstance(value, Fraction) else repr(float(value))


def header(scenario) -> dict:
    from . import scenario_identity

    return {"ipshare": __version__, "scenario": scenario_identity(scenario)}


def dump_json(document) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False, default=_default) + "\n"


def _default(value):
    if isinstance(value, Fraction):
        return float(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, set | frozenset | tuple):
        return sorted(value) if isinstance(value, set | frozenset) else list(value)
    return str(value)


def rich_text(*renderables, width=None) -> str:
    """Render rich renderables at their natural width, as plain text without colour codes."""
    from rich.console import Console

    console = Console(file=io.StringIO(), width=width or 1000, force_terminal=False, color_system=None)
    for renderable in renderables:
        console.print(renderable)
    return "\n".join(line.rstrip() for line in console.file.getvalue().splitlines()) + "\n"
