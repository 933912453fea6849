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
from .tables import rounding_document, scenario_identity
from .workflow import (
    _amount_cell,
    _amounts,
    _csv,
    _dump,
    _name,
    _names,
    _names_line,
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


def render_compare(entries, fmt: str, width: int | None = None) -> str:
    """``entries``: (scenario, game, results) per file. One CSV for batches; JSON or tables per file."""
    from ..analyses.compare import METRICS

    if fmt == "csv":
        rows = [["file", "scenario", "sha256", "rule", "member", "value", "exact", *METRICS, "error", "name",
                 "rounded", "percent", "clauses", "half_width"]]
        for scenario, game, results in entries:
            rows += list(compare_csv_rows(scenario, game, results))
        return _csv(rows)
    compared = [(scenario, game, results, *_compared(scenario, game, results)) for scenario, game, results in entries]
    if fmt == "json":
        documents = [_compare_document(scenario, game, table, pairs) for scenario, game, _, table, pairs in compared]
        return _dump({"ipshare": __version__, "comparisons": documents})
    return "\n".join(_terminal(_compare_blocks(scenario, game, table, pairs), width)
                     for scenario, game, _, table, pairs in compared)


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
    }
    return document


def _compare_blocks(scenario, game, table, pairs) -> list:
    digits = table.rounding.digits
    applied = [(r, f) for r, f in pairs if f is not None]
    amounts = []
    for result, figures in applied:
        widths = half_widths(result.allocation)
        mark = " *" if table.broken(result.rule) else ""
        amounts.append((f"{result.rule}{mark}", *(_amount_cell(figures, m, widths, digits) for m in game.players),
                        Number(figures.rounded_total)))
    marked = "; * breaks a clause of the agreement" if any(table.broken(r.rule) for r, _ in applied) else ""
    caption = [f"{_amounts(scenario, game.kind)}, {table.rounding.short()}{marked}",
               *_names_line(scenario, game.players)]
    caption += [note for _, figures in applied if (note := _sampling_note(digits, figures))]
    caption += [f"{r.rule}: not applicable — {r.error}" for r, f in pairs if f is None]
    allocations = Table(
        "compare-allocations",
        ("rule", *game.players, "total"),
        tuple(amounts),
        title=f"{scenario.name}: rules compared",
        caption=tuple(caption),
        keys=1,
    )
    has_clauses = any(table.clauses.get(c.rule) for c in table.columns)
    header = ["rule", "eff.", "IR", "core", "max excess", "sym.", "Gini", "max/min", "L1 from Shapley"]
    if has_clauses:
        header.append("clauses")
    properties = []
    for result, figures in applied:
        row = [
            result.rule,
            _yes(result.efficient),
            _yes(result.individually_rational),
            _yes(result.in_core),
            Number(_worst_excess(table, figures, result.worst_coalition)),
            _yes(result.equal_treatment),
            _decimal(result.gini, 3),
            _decimal(result.max_min_ratio, 2),
            Number(None if result.l1_from_shapley is None else table.rounding.amount(Fraction(result.l1_from_shapley))),
        ]
        if has_clauses:
            row.append(_verdict(table, result.rule))
        properties.append(tuple(row))
    excess = "x(S) − c(S)" if game.kind == "cost" else "v(S) − x(S)"
    notes = (
        f"max excess: {excess} for a coalition S with the largest excess, from the figures above (core and excess "
        "as in docs/stability.md); L1 from Shapley: the sum of the absolute differences from the Shapley value, "
        "in the same units; Gini and max/min of the figures above",
    )
    blocks = [allocations, Table("compare-properties", tuple(header), tuple(properties), title="properties",
                                 caption=notes, keys=1)]
    return blocks
