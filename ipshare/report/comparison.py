"""Rules compared as an output: every rule's allocation (the cents allocate shows) and its properties
(efficiency, individual rationality, core, largest excess, symmetry, Gini, distance from Shapley, clauses), over one
or more scenarios."""

from __future__ import annotations

from fractions import Fraction

from ..exact import format_fraction, money_difference, money_sum
from ..version import __version__
from .allocation import allocation_table, clauses_document
from .document import Number, Raw, Table
from .figures import grand_of, half_widths
from .tables import at_of, dated_name, rounding_document, scenario_identity
from .workflow import (
    _amount_cell,
    _amounts,
    _both,
    _csv,
    _dump,
    _lines,
    _name,
    _names,
    _names_line,
    _rounding,
    _rule,
    _sampling_note,
    _terminal,
    _verdict,
    _width_cell,
    _yes,
)

__all__ = ["render_compare", "compare_csv_rows"]


def _compared(scenario, game, results):
    """The allocation table of the rules that applied (rounded figures and clause checks), and each result
    with its figures (None for a rule that did not apply)."""
    table = allocation_table(scenario, game, [r.allocation for r in results if r.allocation is not None])
    columns = iter(table.columns)
    return table, [(r, None if r.allocation is None else next(columns)) for r in results]


def _worst_excess(table, figures, coalition):
    """The excess of ``coalition`` computed from the rounded figures shown (stand-alone value rounded alone)."""
    game = table.game
    if coalition is None:
        return None
    mask = sum(1 << game.players.index(p) for p in coalition)
    exact = game.exact_value(mask) if hasattr(game, "exact_value") else None
    worth = table.rounding.amount(exact if exact is not None else Fraction(float(game.values[mask])))
    allocated = money_sum(figures.rounded[p] for p in coalition)
    return money_difference(allocated, worth) if game.kind == "cost" else money_difference(worth, allocated)


def _decimal(value, places) -> Number:
    if value is None:
        return Number(None, "plain")
    from ..exact import round_amount

    return Number(round_amount(Fraction(value), places), "plain")


def compare_csv_rows(scenario, game, results):
    """One row per rule and member (one per rule that did not apply) of ``compare -f csv``: cells for the CSV
    writer (:func:`ipshare.report.formats.csv.rows_text`)."""
    from ..analyses.compare import METRICS

    table, pairs = _compared(scenario, game, results)
    for result, figures in pairs:
        base = [scenario.path, scenario.name, Raw(scenario.sha256), result.rule]
        if figures is None:
            yield base + ["", "", ""] + [""] * len(METRICS) + [result.error, "", "", "", "", ""]
            continue
        allocation = result.allocation
        verdict = _verdict(table, result.rule)
        for member in allocation.players:
            yield (base + [member, Raw(repr(allocation.values[member])),
                           Raw("" if allocation.exact is None else format_fraction(allocation.exact[member]))]
                   + [_metric(result.metrics()[name]) for name in METRICS]
                   + ["", _name(scenario, member), Number(figures.rounded[member]),
                      Number(None if figures.percent is None else figures.percent[member], "percent"), verdict,
                      _width_cell(figures, member)])


def _metric(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return Raw(repr(value))
    if isinstance(value, tuple):
        return "+".join(value)
    return Raw(str(value)) if isinstance(value, int) else str(value)


def render_compare(entries, fmt: str, width: int | None = None, lang="en") -> str:
    """``entries``: (scenario, game, results) per file. One CSV for batches; JSON or tables per file. ``lang``: the
    language of the tables' fixed texts, or a list of one per entry (JSON and CSV are the same in every language)."""
    from ..analyses.compare import METRICS

    if fmt == "csv":
        rows = [["file", "scenario", "sha256", "rule", "member", "value", "exact", *METRICS, "error", "name",
                 "rounded", "percent", "clauses", "half_width"]]
        dated = any(at_of(scenario) for scenario, _, _ in entries)
        if dated:
            rows[0].append("at")  # --at DATE: the day each row is computed at
        for scenario, game, results in entries:
            rows += [row + [at_of(scenario) or ""] if dated else row
                     for row in compare_csv_rows(scenario, game, results)]
        return _csv(rows)
    compared = [(scenario, game, results, *_compared(scenario, game, results)) for scenario, game, results in entries]
    if fmt == "json":
        documents = [_compare_document(scenario, game, table, pairs) for scenario, game, _, table, pairs in compared]
        return _dump({"ipshare": __version__, "comparisons": documents})
    languages = [lang] * len(compared) if isinstance(lang, str) else list(lang)
    return "\n".join(_terminal(_compare_blocks(scenario, game, table, pairs, language), width, language)
                     for (scenario, game, _, table, pairs), language in zip(compared, languages, strict=True))


def _compare_document(scenario, game, table, pairs) -> dict:
    has_clauses = any(table.clauses.get(c.rule) for c in table.columns)
    clauses = clauses_document(table) if has_clauses else {}
    rules = {}
    for result, figures in pairs:
        if figures is None:
            rules[result.rule] = {"error": result.error}
            continue
        allocation = result.allocation
        entry = {
            "allocation": dict(allocation.values),
            **result.metrics(),
            "rounded": {p: str(figures.rounded[p]) for p in game.players},
            "total": str(figures.rounded_total),
            "method": allocation.method,
        }
        if figures.percent is not None:
            entry["percent"] = {p: str(figures.percent[p]) for p in game.players}
        if allocation.exact is not None:
            entry["exact"] = {p: format_fraction(allocation.exact[p]) for p in game.players}
        if allocation.stderr is not None:
            entry["stderr"] = dict(allocation.stderr)
        if allocation.details:
            entry["details"] = allocation.details
        if has_clauses:
            entry["clauses"] = clauses[result.rule]
        rules[result.rule] = entry
    document = {
        "scenario": scenario_identity(scenario),
        "members": list(game.players),
        **_names(scenario),
        "grand_value": game.grand_value,
        "rounded_grand_value": str(table.rounding.amount(grand_of(game))),
        "currency": table.currency,
        "minor_unit": table.digits,
        "rounding": rounding_document(table.rounding),
        "rules": rules,
        "at": at_of(scenario),  # --at DATE: the day the rules are compared at (None: undated)
    }
    return document


def _compare_blocks(scenario, game, table, pairs, lang="en") -> list:
    from .messages import text

    digits = table.rounding.digits
    applied = [(r, f) for r, f in pairs if f is not None]
    amounts = []
    for result, figures in applied:
        widths = half_widths(result.allocation)
        mark = " *" if table.broken(result.rule) else ""
        amounts.append((f"{result.rule}{mark}", *(_amount_cell(figures, m, widths, digits) for m in game.players),
                        Number(figures.rounded_total)))
    marked = _both(lambda language: text("compare.marked", language)) if any(
        table.broken(r.rule) for r, _ in applied) else ""
    caption = [*_lines("compare.caption", lang, amounts=_amounts(scenario, game.kind, lang),
                       rounding=_rounding(table.rounding, lang), marked=marked),
               *_names_line(scenario, game.players, lang)]
    caption += [line for _, figures in applied for line in _sampling_note(digits, figures, lang=lang)]
    caption += [line for r, f in pairs if f is None
                for line in _lines("compare.not_applicable", lang, rule=_rule(r.rule, lang), error=r.error)]
    allocations = Table(
        "compare-allocations",
        (text("compare.col.rule", lang), *game.players, text("compare.col.total", lang)),
        tuple(amounts),
        title=text("compare.title", lang, name=dated_name(scenario, lang)),
        caption=tuple(caption),
        keys=1,
    )
    has_clauses = any(table.clauses.get(c.rule) for c in table.columns)
    header = [text(f"compare.col.{key}", lang)
              for key in ("rule", "eff", "ir", "core", "max_excess", "sym", "gini", "max_min", "l1")]
    if has_clauses:
        header.append(text("compare.col.clauses", lang))
    properties = []
    for result, figures in applied:
        row = [
            result.rule,
            _yes(result.efficient, lang),
            _yes(result.individually_rational, lang),
            _yes(result.in_core, lang),
            Number(_worst_excess(table, figures, result.worst_coalition)),
            _yes(result.equal_treatment, lang),
            _decimal(result.gini, 3),
            _decimal(result.max_min_ratio, 2),
            Number(None if result.l1_from_shapley is None else table.rounding.amount(Fraction(result.l1_from_shapley))),
        ]
        if has_clauses:
            row.append(_verdict(table, result.rule, lang))
        properties.append(tuple(row))
    excess = "x(S) − c(S)" if game.kind == "cost" else "v(S) − x(S)"
    notes = tuple(_lines("compare.properties_note", lang, excess=excess))
    blocks = [allocations, Table("compare-properties", tuple(header), tuple(properties),
                                 title=text("compare.properties", lang), caption=notes, keys=1)]
    return blocks
