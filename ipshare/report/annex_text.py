"""Helpers the annex's sections share (:mod:`ipshare.report.annex`, :mod:`ipshare.report.annex_costs`): display
texts and catalogue messages in the annex's language, the unit of a column, rounding a column of amounts once."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from ..exact import Rounding, money_sum
from ..model.text import text_in
from .document import Paragraph
from .messages import block, text

__all__ = []


def _catalogued(key: str, lang: str, fallback: str) -> str:
    try:
        return text(key, lang)
    except KeyError:
        return fallback


def _in(value, lang: str) -> str:
    """A display text (a :class:`~ipshare.model.text.Text` or a string) in ``lang``; zh+en: 中文 / English."""
    return text_in(value, lang)


def _languages(lang: str) -> tuple[str, ...]:
    return ("zh", "en") if lang == "zh+en" else (lang,)


def _paragraphs(key: str, lang: str, style: str = "body", **params) -> list:
    return [Paragraph(line, style) for line in block(key, lang, **params)]


def _plain_percent(value) -> str:
    percent = Fraction(value) * 100
    if percent.denominator == 1:
        return f"{percent.numerator} %"
    text = f"{float(percent):.4f}".rstrip("0").rstrip(".")
    return f"{text} %"


def _reconciled(amounts: dict, rounding: Rounding) -> tuple[dict, Decimal]:
    rounded = rounding.column(amounts)
    return rounded, money_sum(rounded.values())


def _unit(table_or_currency, kind="benefit", lang: str = "en") -> str:
    currency = table_or_currency
    if kind == "cost":
        return text("unit.cost_share_in", lang, currency=currency) if currency else text("unit.cost_share", lang)
    return currency or text("unit.value", lang)
