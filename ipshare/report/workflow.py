"""Renderers for the negotiation workflow: the what-if beside the baseline, and the helpers the sweeps
(:mod:`ipshare.report.sweeps`) and comparisons (:mod:`ipshare.report.comparison`) share.

Each returns text; nothing here prints or writes files. Every allocation is rounded once, by
:func:`ipshare.report.figures.rule_figures` with the scenario's rounding, so a rule shows the same cents here as in
``allocate``, each row and column sums exactly, and every derived figure (a change, a total change, an excess) is
computed from the rounded figures beside it. A sampled rule's estimates are shown with the half-width of their
interval, to the digits it supports (full values in JSON). Tables and text are :mod:`ipshare.report.document`
blocks written by the format writers, which fit them to the terminal and escape every user text for its format.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..exact import format_fraction, money_difference, money_sum
from ..version import __version__
from .allocation import allocation_table, clause_lines, clauses_document
from .document import Document, Number, Raw, Table, plain_number
from .figures import estimate_text, grand_of, half_widths, shown_half_width
from .tables import at_of, dated_name, rounding_document, scenario_identity

__all__ = ["render_whatif"]

_HUNDRED = Decimal("100.00")


# --------------------------------------------------------------------------------------------------------------
# Pieces shared by the three commands


def _dump(document) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n"


def _kind(scenario) -> str:
    return scenario.game.kind if scenario.game is not None else "benefit"


def _unit(scenario, kind: str, lang: str = "en") -> str:
    """The label of a money column: the currency, "value" for a classic game, cost shares for a cost game."""
    from .messages import text

    currency = _currency(scenario)
    if kind == "cost":
        return text("unit.cost_share_of", lang, currency=currency) if currency else text("unit.cost_share", lang)
    return currency or text("unit.value", lang)


def _amounts(scenario, kind: str, lang: str = "en"):
    """What the figures of a table are, for its caption: "amounts in CNY", "cost shares", "values" (``zh+en``: a
    mapping of both, a parameter of :func:`ipshare.report.messages.text`)."""
    if lang == "zh+en":
        return _both(lambda language: _amounts(scenario, kind, language))
    from .messages import text

    currency = _currency(scenario)
    if kind == "cost":
        return text("flow.cost_shares_in", lang, currency=currency) if currency else text("flow.cost_shares", lang)
    return text("flow.amounts_in", lang, currency=currency) if currency else text("flow.values", lang)


def _both(said) -> dict:
    """A text said in each language (``said(language)``), as a mapping that :func:`~ipshare.report.messages.text`
    and :func:`~ipshare.report.messages.block` pick from."""
    return {language: said(language) for language in ("zh", "en")}


def _lines(key: str, lang: str, **params) -> list[str]:
    """A caption line from the catalogue: one, or Chinese then English for ``zh+en``."""
    from .messages import block

    return list(block(key, lang, **params))


def _rounding(rounding, lang: str):
    """The rounding in a caption, in each language asked (``en``: :meth:`ipshare.exact.Rounding.short`)."""
    from .messages import rounding_short

    return rounding.short() if lang == "en" else _both(lambda language: rounding_short(rounding, language))


def _rule(rule: str, lang: str):
    """A rule in a sentence: its id in English, 夏普利值（shapley） in Chinese."""
    from .messages import rule_name

    return rule if lang == "en" else rule_name(rule, lang)


def _currency(scenario):
    return scenario.currency if scenario.game is None else None


def _names_line(scenario, members, lang: str = "en") -> list[str]:
    """The members' full names, for tables whose columns carry only their ids (``zh+en``: a line per language)."""
    if scenario.game is not None:
        return []
    from .messages import pick, text

    known = [m for m in members if m in scenario.members]
    if not known:
        return []
    if lang == "en":
        return ["members: " + "; ".join(f"{m} {scenario.members[m].name}" for m in known)]

    def names(language):
        separator = text("flow.names_separator", language)
        return separator.join(f"{m} {pick(scenario.members[m].name, language)}" for m in known)

    return _lines("flow.members", lang, names=_both(names))


def _names(scenario) -> dict:
    """The ``names`` entry of the JSON outputs: member id -> full name (alliances only)."""
    if scenario.game is not None:
        return {}
    return {"names": {m: str(member.name) for m, member in scenario.members.items()}}


def _name(scenario, member) -> str:
    found = scenario.members.get(member) if scenario.game is None else None
    return str(found.name) if found is not None else member


def _amount_cell(figures, member, widths=None, digits=None):
    """A member's amount as shown: the rounded figure, or a sampled estimate ± its interval's half-width (the
    estimates to the digits the column's widest interval supports, :func:`ipshare.report.figures.rule_figures`)."""
    if not figures.sampled:
        return Number(figures.rounded[member])
    return Raw(estimate_text(figures, member))


def _shown(figures, member, widths=None, digits=None) -> Decimal:
    """The amount a table shows for ``member`` (a sampled estimate to its supported digits)."""
    return figures.shown[member] if widths is not None else figures.rounded[member]


def _shown_percent(figures, member, widths=None) -> Decimal | None:
    """The percentage a table shows: two decimals, or fewer for a sampled estimate whose interval is wider."""
    if figures.percent is None:
        return None
    return figures.shown_percent[member] if widths is not None else figures.percent[member]


def _sampling_note(digits, *columns, lang: str = "en") -> list[str]:
    """How a sampled rule was estimated and what its ± means (one note for the rule's columns: baseline and
    what-if, or every point of a sweep), as caption lines (none for exact rules; ``zh+en``: Chinese, English)."""
    from .messages import text

    sampled = [c for c in columns if c.allocation.stderr is not None]
    if not sampled:
        return []
    allocation = sampled[0].allocation
    facts = allocation.details or {}
    widest = max((shown_half_width(c, p) for c in sampled for p in c.half_width), default=Decimal(0))
    stopped = any((c.allocation.details or {}).get("stopped") for c in sampled)

    def how(language):
        return text("flow.sampled.separator", language).join(part for part in (
            allocation.method, text("flow.sampled.samples", language, count=f"{facts.get('samples', 0):,}"),
            text("flow.sampled.seed", language, seed=str(facts.get("seed")))) if part)

    return _lines(
        "flow.sampled", lang, rule=_rule(sampled[0].rule, lang), how=_both(how),
        confidence=f"{facts.get('confidence', 0.95):.0%}", widest=plain_number(widest),
        stopped=_both(lambda language: text("flow.sampled.stopped", language)) if stopped else "",
    )


def _stderr_document(columns) -> dict:
    return {c.rule: dict(c.allocation.stderr) for c in columns if c.allocation.stderr is not None}


def _yes(value, lang: str = "en") -> str:
    from .messages import text

    return "" if value is None else text("flow.yes" if value else "flow.no", lang)


def _verdict(table, rule, lang: str = "en") -> str:
    """``holds`` or ``breaks lead-cap, bank-cap`` (empty where the agreement has no clause)."""
    from .messages import text

    checks = table.clauses.get(rule, ())
    if not checks:
        return ""
    broken = [check.clause for check in checks if check.broken]
    return text("flow.breaks", lang, clauses=", ".join(broken)) if broken else text("flow.holds", lang)


def _csv(rows) -> str:
    from .formats.csv import rows_text

    return rows_text(rows)


def _terminal(blocks, width, lang: str = "en") -> str:
    from .formats import terminal

    return terminal.render(Document(title="", blocks=tuple(blocks)), width, lang)


# --------------------------------------------------------------------------------------------------------------
# What-if


@dataclass(frozen=True)
class _Change:
    """One member under one rule: before and after (None: not in the what-if), as rounded figures."""

    member: str
    before: Decimal
    before_percent: Decimal | None
    after: Decimal | None
    after_percent: Decimal | None

    @property
    def change(self) -> Decimal | None:
        return None if self.after is None else money_difference(self.after, self.before)

    @property
    def points(self) -> Decimal | None:
        if self.after_percent is None or self.before_percent is None:
            return None
        return money_difference(self.after_percent, self.before_percent)


def _whatif_tables(comparison):
    base = allocation_table(*comparison.baseline)
    variant = allocation_table(*comparison.variant)
    return base, variant, tuple(zip(base.columns, variant.columns, strict=True))


def _changes(base, pairs, shown=False):
    """rule -> [_Change per baseline member]: the rounded figures (``shown``: as the table shows them, sampled
    estimates to their supported digits), changes computed from them."""
    digits = base.rounding.digits
    result = {}
    for before, after in pairs:
        before_widths, after_widths = (half_widths(before.allocation), half_widths(after.allocation)) if shown else (
            None, None)
        rows = []
        for member in base.members:
            present = member in after.rounded
            rows.append(_Change(
                member,
                _shown(before, member, before_widths, digits),
                _shown_percent(before, member, before_widths),
                _shown(after, member, after_widths, digits) if present else None,
                _shown_percent(after, member, after_widths) if present else None,
            ))
        result[before.rule] = rows
    return result


def render_whatif(comparison, fmt: str, width: int | None = None, lang: str = "en") -> str:
    """Baseline and what-if side by side, with the change per member in money and in percentage points; ``lang``:
    the language of the table's fixed texts (JSON and CSV are the same in every language).

    Changes are the what-if's rounded figure less the baseline's, exactly (a total change too), so every change
    can be checked against the two figures beside it."""
    base, variant, pairs = _whatif_tables(comparison)
    if fmt == "json":
        return _whatif_json(comparison, base, variant, pairs)
    if fmt == "csv":
        return _whatif_csv(base, pairs)
    return _whatif_table(comparison, base, variant, pairs, width, lang)


def _figures_document(table) -> dict:
    game = table.game
    document = {
        "grand_value": game.grand_value,
        "rounded_grand_value": str(table.rounding.amount(grand_of(game))),
        "members": list(game.players),
        "allocations": {c.rule: dict(c.allocation.values) for c in table.columns},
        "rounded": {c.rule: {p: str(c.rounded[p]) for p in game.players} for c in table.columns},
        "percent": {c.rule: {p: str(c.percent[p]) for p in game.players} for c in table.columns
                    if c.percent is not None},
        "totals": {c.rule: str(c.rounded_total) for c in table.columns},
    }
    if game.exact_grand_value is not None:
        document["exact_grand_value"] = format_fraction(Fraction(game.exact_grand_value))
    errors = _stderr_document(table.columns)
    if errors:
        document["stderr"] = errors
    if any(table.clauses.get(c.rule) for c in table.columns):
        document["clauses"] = clauses_document(table)
    return document


def _whatif_json(comparison, base, variant, pairs) -> str:
    changes = _changes(base, pairs)
    baseline = _figures_document(base)
    baseline.pop("members")
    document = {
        "ipshare": __version__,
        "scenario": scenario_identity(comparison.baseline[0]),
        "overrides": list(comparison.overrides),
        "dropped": list(comparison.dropped),
        "members": list(base.members),
        **_names(base.scenario),
        "currency": base.currency,
        "minor_unit": base.digits,
        "rounding": rounding_document(base.rounding),
        "baseline": baseline,
        "whatif": _figures_document(variant),
        "change": {
            rule: {
                row.member: {"amount": None if row.change is None else str(row.change),
                             "points": None if row.points is None else str(row.points)}
                for row in rows
            }
            for rule, rows in changes.items()
        },
        "total_change": {before.rule: str(money_difference(after.rounded_total, before.rounded_total))
                         for before, after in pairs},
    }
    return _dump(document)


def _whatif_csv(base, pairs) -> str:
    rows = [["rule", "member", "baseline", "baseline_percent", "whatif", "whatif_percent", "change", "change_points",
             "name", "baseline_half_width", "whatif_half_width"]]
    for (before, after), (rule, changes) in zip(pairs, _changes(base, pairs).items(), strict=True):
        for row in changes:
            rows.append([
                rule,
                row.member,
                Number(row.before),
                Number(row.before_percent, "percent"),
                Number(row.after),
                Number(row.after_percent, "percent"),
                Number(row.change, "signed"),
                Number(row.points, "signed-percent"),
                _name(base.scenario, row.member),
                _width_cell(before, row.member),
                _width_cell(after if row.after is not None else None, row.member),
            ])
    at = at_of(base.scenario)
    if at:  # --at DATE: a last column with the day
        rows = [rows[0] + ["at"]] + [row + [at] for row in rows[1:]]
    return _csv(rows)


def _width_cell(figures, member):
    """The half-width of a sampled estimate's interval as shown (empty for exact figures)."""
    if figures is None or not figures.sampled or member not in figures.half_width:
        return Number(None)
    return Number(shown_half_width(figures, member))


def _whatif_table(comparison, base, variant, pairs, width, lang="en") -> str:
    from .messages import text

    scenario = base.scenario
    named = scenario.game is None
    unit = _unit(scenario, base.game.kind, lang)
    header = [text("header.member", lang), text("header.name", lang)] if named else [text("header.player", lang)]
    groups = []
    change_title = text("whatif.col.change", lang)
    for before, after in pairs:
        marks = (" *" if base.broken(before.rule) else "", " *" if variant.broken(after.rule) else "")
        for title, mark in ((text("whatif.col.baseline", lang, unit=unit), marks[0]),
                            (text("whatif.col.whatif", lang, unit=unit), marks[1]), (change_title, "")):
            start = len(header)
            header += [f"{before.rule}{mark}\n{title}", "%" if title != change_title else text("whatif.col.pp", lang)]
            groups.append((start, start + 1))
    changes = _changes(base, pairs, shown=True)
    digits = base.rounding.digits
    rows = []
    for index, member in enumerate(base.members):
        row = [member, _name(scenario, member)] if named else [member]
        for before, after in pairs:
            change = changes[before.rule][index]
            present = change.after is not None
            row += [
                _amount_cell(before, member, half_widths(before.allocation), digits),
                Number(change.before_percent, "percent"),
                _amount_cell(after, member, half_widths(after.allocation), digits) if present else "—",
                Number(change.after_percent, "percent") if present else "—",
                Number(change.change, "signed") if present else text("whatif.left", lang),
                Number(change.points, "signed-percent"),
            ]
        rows.append(tuple(row))
    total = text("header.total", lang)
    footer = [total, ""] if named else [total]
    for before, after in pairs:
        footer += [
            Number(before.rounded_total), Number(_HUNDRED if before.percent is not None else None, "percent"),
            Number(after.rounded_total), Number(_HUNDRED if after.percent is not None else None, "percent"),
            Number(money_difference(after.rounded_total, before.rounded_total), "signed"), Number(None),
        ]
    changed = [f"--set {o}" for o in comparison.overrides] + [f"--drop {m}" for m in comparison.dropped]
    currency = f" {base.currency}" if base.currency else ""
    caption = [
        *_lines("whatif.grand", lang, before=Number(base.rounding.amount(grand_of(base.game))).text,
                after=Number(variant.rounding.amount(grand_of(variant.game))).text, currency=currency),
        *_lines("whatif.rounding", lang, rounding=_rounding(base.rounding, lang)),
    ]
    if comparison.dropped:
        left = [m for m in base.members if m not in variant.members]
        for before, _ in pairs:
            had = money_sum(before.rounded[m] for m in left)
            caption += _lines("whatif.dropped_had", lang, rule=_rule(before.rule, lang), amount=Number(had).text,
                              currency=currency, members=_both(lambda language: text(
                                  "list.separator", "en" if language == "en" else "zh").join(left)))
    caption += [line for before, after in pairs for line in _sampling_note(digits, before, after, lang=lang)]
    said = "en" if lang == "en" else "zh"  # clause_lines is one language: Chinese under zh and zh+en
    caption += [text("whatif.baseline_line", said, line=line) for line in clause_lines(base, lang)]
    caption += [text("whatif.whatif_line", said, line=line) for line in clause_lines(variant, lang)]
    grid = Table(
        "whatif",
        tuple(header),
        tuple(rows),
        tuple(footer),
        title=text("whatif.title", lang, name=dated_name(scenario, lang),
                   changes=", ".join(changed) or text("whatif.no_change", lang)),
        caption=tuple(caption),
        keys=2 if named else 1,
        groups=tuple(groups),
    )
    return _terminal([grid], width, lang)


# --------------------------------------------------------------------------------------------------------------
# Sweeps


# --------------------------------------------------------------------------------------------------------------
# Symbolic sweeps: readable piecewise formulas (exact rationals in JSON)


# --------------------------------------------------------------------------------------------------------------
# Comparisons


