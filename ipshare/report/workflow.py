"""Renderers for the negotiation workflow: what-if beside the baseline, sweeps, and rule comparisons.

Each returns text; nothing here prints or writes files. Money columns are reconciled as everywhere else
(:mod:`ipshare.exact`), and changes are differences of the reconciled figures, so a reader can check every row.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from fractions import Fraction

from .. import __version__
from ..exact import format_fraction
from . import allocation_table, scenario_identity
from .tables import rich_text as _rich_text


def _thousands(amount: Decimal) -> str:
    return f"{amount:,}"

__all__ = ["render_whatif", "render_sweep", "render_symbolic", "render_compare", "compare_csv_rows"]


# --------------------------------------------------------------------------------------------------------------
# What-if


def _whatif_rows(comparison):
    base_scenario, base_game, base_allocations = comparison.baseline
    variant_scenario, variant_game, variant_allocations = comparison.variant
    base = allocation_table(base_scenario, base_game, base_allocations)
    variant = allocation_table(variant_scenario, variant_game, variant_allocations)
    rows = {}
    for base_column, variant_column in zip(base.columns, variant.columns, strict=True):
        rule_rows = []
        for member in base_game.players:
            before = base_column.rounded[member]
            before_percent = base_column.percent[member] if base_column.percent else None
            if member in variant_game.players:
                after = variant_column.rounded[member]
                after_percent = variant_column.percent[member] if variant_column.percent else None
            else:
                after, after_percent = None, None
            change = None if after is None else after - before
            points = None if after_percent is None or before_percent is None else after_percent - before_percent
            rule_rows.append((member, before, before_percent, after, after_percent, change, points))
        rows[base_column.rule] = (rule_rows, base_column.rounded_total, variant_column.rounded_total)
    return base, variant, rows


def render_whatif(comparison, fmt: str) -> str:
    """Baseline and what-if side by side, with the change per member in money and in percentage points."""
    base, variant, rows = _whatif_rows(comparison)
    base_scenario, base_game, _ = comparison.baseline
    variant_scenario, variant_game, variant_allocations = comparison.variant
    if fmt == "json":
        document = {
            "ipshare": __version__,
            "scenario": scenario_identity(base_scenario),
            "overrides": list(comparison.overrides),
            "dropped": list(comparison.dropped),
            "members": list(base_game.players),
            "baseline": {"grand_value": base_game.grand_value,
                         "allocations": {a.rule: dict(a.values) for a in comparison.baseline[2]}},
            "whatif": {"grand_value": variant_game.grand_value, "members": list(variant_game.players),
                       "allocations": {a.rule: dict(a.values) for a in variant_allocations}},
            "change": {
                rule: {
                    member: {"amount": None if change is None else str(change),
                             "points": None if points is None else str(points)}
                    for member, _, _, _, _, change, points in rule_rows
                }
                for rule, (rule_rows, _, _) in rows.items()
            },
        }
        return json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["rule", "member", "baseline", "baseline_percent", "whatif", "whatif_percent", "change",
                         "change_points"])
        for rule, (rule_rows, _, _) in rows.items():
            for member, before, before_percent, after, after_percent, change, points in rule_rows:
                writer.writerow([rule, member, before, _text(before_percent), _text(after), _text(after_percent),
                                 _text(change), _text(points)])
        return buffer.getvalue()
    from rich.table import Table

    changes = [f"--set {o}" for o in comparison.overrides] + [f"--drop {m}" for m in comparison.dropped]
    unit = base.currency or "value"
    grid = Table(title=f"{base_scenario.name}: what if {', '.join(changes) or '(no change)'}",
                 caption=f"baseline v(N) = {base_game.grand_value:,.2f}; what-if v(N) = {variant_game.grand_value:,.2f}"
                         f" {base.currency or ''}".rstrip(), show_footer=True)
    grid.add_column("Member", footer="Total", no_wrap=True)
    for rule, (_, before_total, after_total) in rows.items():
        grid.add_column(f"{rule}\nbaseline {unit}", justify="right", footer=_thousands(before_total), no_wrap=True)
        grid.add_column("%", justify="right", footer="100.00", no_wrap=True)
        grid.add_column(f"{rule}\nwhat-if {unit}", justify="right", footer=_thousands(after_total), no_wrap=True)
        grid.add_column("%", justify="right", footer="100.00", no_wrap=True)
        grid.add_column("change", justify="right", footer=_signed(after_total - before_total), no_wrap=True)
        grid.add_column("pp", justify="right", no_wrap=True)
    for index, member in enumerate(base_game.players):
        row = [member]
        for rule_rows, _, _ in rows.values():
            _, before, before_percent, after, after_percent, change, points = rule_rows[index]
            row += [_thousands(before), _text(before_percent), "—" if after is None else _thousands(after),
                    _text(after_percent) or "—", "left" if change is None else _signed(change),
                    "" if points is None else _signed(points)]
        grid.add_row(*row)
    return _rich_text(grid)


def _text(value):
    return "" if value is None else str(value)


def _signed(value: Decimal) -> str:
    return f"{value:+,}" if value else "0"


# --------------------------------------------------------------------------------------------------------------
# Sweeps


def render_sweep(scenario, parameter, points, rules, members, fmt: str) -> str:
    """One row per parameter value, one column per rule and member."""
    if fmt == "json":
        document = {
            "ipshare": __version__,
            "scenario": scenario_identity(scenario),
            "parameter": parameter,
            "members": list(members),
            "points": [
                {
                    "value": format_fraction(point.value),
                    "grand_value": point.grand_value,
                    "allocations": point.allocations,
                    "exact": {rule: {m: format_fraction(v) for m, v in values.items()}
                              for rule, values in point.exact.items()},
                }
                for point in points
            ],
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    header = [parameter, "grand_value"] + [f"{rule}:{member}" for rule in rules for member in members]
    table = [[format_fraction(point.value), f"{point.grand_value:.2f}"]
             + [f"{point.allocations[rule].get(member, float('nan')):.2f}" for rule in rules for member in members]
             for point in points]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(table)
        return buffer.getvalue()
    from rich.table import Table

    grid = Table(title=f"{scenario.name}: sweep of {parameter}")
    for name in header:
        grid.add_column(name, justify="right", no_wrap=True)
    for row in table:
        grid.add_row(*row)
    return _rich_text(grid)


def render_symbolic(scenario, sweep, fmt: str) -> str:
    """Each member's allocation as an exact piecewise function of the parameter, and the breakpoints."""
    import sympy

    expressions = sweep.expressions()
    if fmt == "json":
        document = {
            "ipshare": __version__,
            "scenario": scenario_identity(scenario),
            "parameter": sweep.parameter,
            "from": format_fraction(sweep.start),
            "to": format_fraction(sweep.stop),
            "members": list(sweep.members),
            "pieces": {
                rule: {
                    member: [
                        {"from": format_fraction(p.start), "to": format_fraction(p.stop),
                         "slope": format_fraction(p.slopes[i]), "intercept": format_fraction(p.intercepts[i])}
                        for p in pieces
                    ]
                    for i, member in enumerate(sweep.members)
                }
                for rule, pieces in sweep.pieces.items()
            },
            "expressions": {rule: {m: sympy.sstr(e) for m, e in by_member.items()}
                            for rule, by_member in expressions.items()},
            "breakpoints": [_breakpoint_json(b) for b in sweep.breakpoints],
            "evaluations": sweep.evaluations,
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    lines = [f"{scenario.name}: allocation as a function of {sweep.parameter} on "
             f"[{format_fraction(sweep.start)}, {format_fraction(sweep.stop)}] (exact)", ""]
    for rule, by_member in expressions.items():
        lines.append(f"{rule}:")
        for member, expression in by_member.items():
            lines.append(f"  {member} = {sympy.sstr(expression)}")
        lines.append("")
    if sweep.breakpoints:
        lines.append("breakpoints:")
        for b in sweep.breakpoints:
            lines.append(f"  {sweep.parameter} = {format_fraction(b['at'])} (≈ {float(b['at']):,.6g}): {_describe(b)}")
    else:
        lines.append("breakpoints: none (every allocation is linear on the whole range)")
    return "\n".join(lines) + "\n"


def _describe(b):
    if b["kind"] == "slope":
        return f"{b['rule']} changes course for {', '.join(b['members'])}"
    if b["kind"] == "ranking":
        first, second = b["members"]
        return f"{b['rule']}: {first} and {second} change places"
    return (f"{b['rule']}: binding clauses change from {', '.join(b['binding_before']) or 'none'} to "
            f"{', '.join(b['binding_after']) or 'none'}")


def _breakpoint_json(b):
    result = {key: value for key, value in b.items() if key != "at"}
    result["at"] = format_fraction(Fraction(b["at"]))
    result["at_float"] = float(b["at"])
    return result


# --------------------------------------------------------------------------------------------------------------
# Comparisons


def compare_csv_rows(scenario, results):
    from ..compare import METRICS

    for result in results:
        base = [scenario.path, scenario.name, scenario.sha256, result.rule]
        if result.allocation is None:
            yield base + ["", "", ""] + [""] * len(METRICS) + [result.error]
            continue
        for member in result.allocation.players:
            yield (base + [member, repr(result.allocation.values[member]),
                           "" if result.allocation.exact is None else format_fraction(result.allocation.exact[member])]
                   + [_metric(result.metrics()[name]) for name in METRICS] + [""])


def _metric(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def render_compare(entries, fmt: str) -> str:
    """``entries``: (scenario, game, results) per file. One CSV for batches; JSON or a table per file."""
    from ..compare import METRICS

    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["file", "scenario", "sha256", "rule", "member", "value", "exact", *METRICS, "error"])
        for scenario, _, results in entries:
            writer.writerows(compare_csv_rows(scenario, results))
        return buffer.getvalue()
    if fmt == "json":
        documents = []
        for scenario, game, results in entries:
            documents.append({
                "scenario": scenario_identity(scenario),
                "members": list(game.players),
                "grand_value": game.grand_value,
                "rules": {
                    r.rule: ({"error": r.error} if r.allocation is None else
                             {"allocation": dict(r.allocation.values), **r.metrics()})
                    for r in results
                },
            })
        return json.dumps({"ipshare": __version__, "comparisons": documents}, indent=2, ensure_ascii=False) + "\n"
    from rich.table import Table

    texts = []
    for scenario, game, results in entries:
        grid = Table(title=f"{scenario.name}: rules compared", caption="excess and core as in docs/stability.md")
        grid.add_column("rule", no_wrap=True)
        for member in game.players:
            grid.add_column(member, justify="right", no_wrap=True)
        for title in ("eff.", "IR", "core", "max excess", "sym.", "Gini", "max/min", "L1 from Shapley"):
            grid.add_column(title, justify="right", no_wrap=True)
        notes = []
        for r in results:
            if r.allocation is None:
                notes.append(f"{r.rule}: not applicable — {r.error}")
                continue
            grid.add_row(
                r.rule,
                *(f"{r.allocation.values[m]:,.2f}" for m in game.players),
                _mark(r.efficient), _mark(r.individually_rational), _mark(r.in_core),
                "" if r.largest_excess is None else f"{r.largest_excess:,.4g}", _mark(r.equal_treatment),
                "" if r.gini is None else f"{r.gini:.3f}", "" if r.max_min_ratio is None else f"{r.max_min_ratio:.2f}",
                "" if r.l1_from_shapley is None else f"{r.l1_from_shapley:,.2f}",
            )
        texts.append(_rich_text(grid) + "".join(f"{note}\n" for note in notes))
    return "\n".join(texts)


def _mark(value):
    return "" if value is None else ("yes" if value else "NO")
