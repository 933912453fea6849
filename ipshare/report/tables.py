"""Shared pieces of the rights, risk and withdrawal renderers: the JSON header, percentages as a rounded column, and
a document written in the asked format."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

from ..exact import Rounding, format_fraction
from ..version import __version__

__all__ = ["percent_rounding", "render_document", "header", "dump_json", "exact_text", "dated_name", "at_of"]


def percent_rounding(rounding: Rounding) -> Rounding:
    """``rounding``'s tie rule at two decimals: for percentages that are not of one total (shares taken over,
    shares of a revenue), rounded as a column like every other."""
    return Rounding(2, rounding.ties, rounding.listed)


def render_document(document, fmt: str, width: int | None = None, lang: str = "en") -> str:
    """``document`` as terminal text fitted to ``width`` (``table``) or as Markdown (``markdown``); ``lang``: the
    language of the words the terminal writer adds ("part 1 of 2")."""
    if fmt == "markdown":
        from .formats import markdown

        return markdown.render(document, level=2)
    from .formats import terminal

    return terminal.render(document, width, lang)


def exact_text(value) -> str:
    """An exact amount as ``"469/2"``, a float as its repr (for JSON and CSV)."""
    return format_fraction(value) if isinstance(value, Fraction) else repr(float(value))


def header(scenario) -> dict:
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


def scenario_identity(scenario) -> dict:
    """Where a result came from: the scenario's name, the SHA-256 of its file, and any --set overrides on top."""
    identity = {"name": scenario.name, "sha256": scenario.sha256, "file": scenario.path}
    if scenario.overrides:
        identity["overrides"] = list(scenario.overrides)
    # Texts in two languages (DESIGN.md, "Text in two languages"): "name" stays the shown language's string; these
    # keys add every language given, {"zh": …, "en": …}, when the scenario gives more than one.
    translations = getattr(scenario.name, "translations", None)
    if translations and len(translations) > 1:
        identity["name_translations"] = translations
    members = getattr(scenario, "members", None) or {}
    names = {m: member.name.translations for m, member in members.items()
             if len(getattr(member.name, "translations", ())) > 1}
    if names:
        identity["member_names"] = names
    if getattr(scenario, "at", None) is not None:
        identity["at"] = scenario.at.isoformat()  # --at DATE: the day the alliance is taken at
    return identity


def dated_name(scenario, lang: str = "en") -> str:
    """The scenario's name for a title, with the day it is taken at when ``--at`` gave one ("…, as at DATE";
    "…（截至 DATE）" in Chinese), so that a table read alone says which day it shows."""
    at = getattr(scenario, "at", None)
    if at is None:
        return scenario.name
    from .messages import text

    return text("title.as_at", lang, name=scenario.name, date=at.isoformat())


def at_of(scenario) -> str | None:
    """The day the scenario is taken at, as an ISO date (None when undated): the JSON key ``at``."""
    at = getattr(scenario, "at", None)
    return None if at is None else at.isoformat()


def rounding_document(rounding: Rounding) -> dict:
    """The ``rounding`` block of the JSON outputs: how every shown figure was rounded."""
    return {
        "method": "largest-remainder",
        "digits": rounding.digits,
        "ties": rounding.ties,
        "tie_order": list(rounding.priority(rounding.listed)),
        "says": rounding.describe(),
    }
