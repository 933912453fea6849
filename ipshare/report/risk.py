"""The `ipshare risk` answer: each member's benefit, expected cost, risk and net position, and the cost items."""

from __future__ import annotations

import csv
import io
from fractions import Fraction

from ..exact import format_fraction
from .tables import as_fraction, digits_of, dump_json, exact_text, header, money_column, rich_text, show_money

__all__ = ["RISK_FORMATS", "render_risk"]

RISK_FORMATS = ("table", "json", "csv", "markdown")
_MEASURE_LABEL = {"expected-loss": "expected loss", "std": "standard deviation", "cvar": "CVaR"}


def render_risk(result, fmt: str) -> str:
    return {"table": _table, "json": _json, "csv": _csv, "markdown": _markdown}[fmt](result)


def _measure_name(result):
    name = _MEASURE_LABEL[result.measure]
    if result.measure == "cvar":
        name += f" {float(result.level) * 100:g} %"
    return name


def _columns(result):
    """The reconciled money columns: benefit, expected cost, risk, cap and net, each summing to its total."""
    digits = digits_of(result.scenario)
    grand = sum((as_fraction(v) for v in result.benefit.values()), Fraction(0))
    columns = {
        "benefit": money_column(result.benefit, digits, grand),
        "expected_cost": money_column(result.expected_cost, digits, result.total_cost),
        "risk": money_column(result.risk, digits, as_fraction(result.total_risk)),
        "euler": money_column(result.euler, digits, as_fraction(result.total_risk)),
        "net": money_column(result.net, digits, grand - result.total_cost),
    }
    if result.caps:
        columns["cap"] = money_column(result.caps, digits)
    return columns


def _method_line(result):
    if result.method == "exact":
        return "exact (closed form; CVaR by enumerating every failure pattern)"
    errors = result.stderr or {}
    return (
        f"Monte Carlo, {result.samples:,} samples, seed {result.seed}; standard error of the expected loss "
        f"{errors.get('expected_loss', 0):,.2f}, of the CVaR {errors.get('cvar', 0):,.2f} (batch means)"
    )


def _statistics_line(result):
    statistics = result.statistics
    parts = [f"expected loss {float(statistics['expected_loss']):,.2f}", f"std {statistics['std']:,.2f}"]
    if "cvar" in statistics:
        parts.append(f"VaR {float(result.level) * 100:g} % {float(statistics['var']):,.2f}")
        parts.append(f"CVaR {float(statistics['cvar']):,.2f}")
    return "loss if items fail: " + ", ".join(parts)


def _caption(result):
    lines = [
        f"rule {result.rule}; risk = {_measure_name(result)} of the loss, total {float(result.total_risk):,.2f}; "
        f"expected costs total {float(result.total_cost):,.2f}",
        _statistics_line(result),
        _method_line(result),
        f"net position = benefit ({result.benefit_rule}) - expected cost",
    ]
    if result.capped:
        lines.append(f"liability caps bind for {', '.join(result.capped)}; the excess went to the others")
    return lines


def _table(result) -> str:
    from rich.table import Table

    scenario = result.scenario
    columns = _columns(result)
    unit = scenario.currency or "value"
    grid = Table(
        title=f"{scenario.name}: cost and risk",
        caption="\n".join(_caption(result)),
        show_footer=True,
        title_style="bold",
    )
    grid.add_column("Member", footer="Total", no_wrap=True)
    grid.add_column("Name")
    heads = [
        ("benefit", f"Benefit\n{unit}"),
        ("expected_cost", "Expected cost"),
        ("risk", f"Risk\n{_measure_name(result)}"),
    ]
    if result.caps:
        heads.append(("cap", "Cap"))
    heads += [("euler", "Euler contribution\n(agreed shares)"), ("net", "Net position")]
    for key, title in heads:
        grid.add_column(title, justify="right", footer=show_money(columns[key][1]), no_wrap=True)
    for member in result.members:
        row = [member, scenario.members[member].name]
        for key, _ in heads:
            rounded = columns[key][0]
            row.append(show_money(rounded[member]) if member in rounded else "-")
        grid.add_row(*row)
    items = Table(title="Cost items", title_style="bold")
    for title in ("Item", "What", "Amount", "Failure p", "Borne by", "Expected loss"):
        items.add_column(title, justify="right" if title in ("Amount", "Failure p", "Expected loss") else "left")
    for item in result.items:
        bearers = ", ".join(f"{m} {float(s) * 100:.4g} %" for m, s in item.shares.items())
        amount = f"{float(item.amount):,.2f}" + (f" ({item.distribution.type})" if item.distribution else "")
        items.add_row(
            item.id, item.item, amount, f"{float(item.probability):g}", bearers, f"{float(item.expected_loss):,.2f}"
        )
    return rich_text(grid, items)


def _json(result) -> str:
    scenario = result.scenario
    columns = _columns(result)

    def values(mapping):
        return {m: float(v) for m, v in mapping.items()}

    def exact(mapping):
        return (
            {m: format_fraction(v) for m, v in mapping.items()}
            if all(isinstance(v, Fraction) for v in mapping.values())
            else None
        )

    document = {
        **header(scenario),
        "members": list(result.members),
        "exposed": list(result.exposed),
        "currency": scenario.currency,
        "rule": result.rule,
        "measure": result.measure,
        "level": float(result.level),
        "method": result.method,
        "samples": result.samples,
        "seed": result.seed,
        "total_cost": float(result.total_cost),
        "total_risk": float(result.total_risk),
        "statistics": {k: float(v) for k, v in result.statistics.items()},
        "expected_cost": values(result.expected_cost),
        "risk": values(result.risk),
        "euler": values(result.euler),
        "benefit": {"rule": result.benefit_rule, "values": values(result.benefit)},
        "net": values(result.net),
        "rounded": {key: {m: str(v) for m, v in column[0].items()} for key, column in columns.items()},
        "exact": {
            key: found
            for key, found in (
                ("expected_cost", exact(result.expected_cost)),
                ("risk", exact(result.risk)),
                ("euler", exact(result.euler)),
                ("net", exact(result.net)),
            )
            if found is not None
        },
        "items": [
            {
                "id": item.id,
                "item": item.item,
                "amount": float(item.amount),
                "failure_probability": float(item.probability),
                "shares": {m: float(s) for m, s in item.shares.items()},
                "distribution": None
                if item.distribution is None
                else {
                    "type": item.distribution.type,
                    **{k: float(v) for k, v in item.distribution.params.items()},
                },
                "expected_loss": float(item.expected_loss),
            }
            for item in result.items
        ],
    }
    if result.caps is not None:
        document["caps"] = values(result.caps)
        document["capped"] = list(result.capped)
    if result.stderr is not None:
        document["stderr"] = dict(result.stderr)
    if result.details:
        document["details"] = result.details
    return dump_json(document)


def _csv(result) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["member", "name", "benefit", "expected_cost", "risk", "euler", "net", "cap", "rule", "measure"])
    for member in result.members:
        cap = "" if not result.caps or member not in result.caps else exact_text(result.caps[member])
        writer.writerow(
            [
                member,
                result.scenario.members[member].name,
                exact_text(result.benefit[member]),
                exact_text(result.expected_cost[member]),
                exact_text(result.risk[member]),
                exact_text(result.euler[member]),
                exact_text(result.net[member]),
                cap,
                result.rule,
                result.measure,
            ]
        )
    return buffer.getvalue()


def _markdown(result) -> str:
    scenario = result.scenario
    columns = _columns(result)
    keys = ["benefit", "expected_cost", "risk"] + (["cap"] if result.caps else []) + ["euler", "net"]
    titles = {
        "benefit": f"Benefit ({result.benefit_rule})",
        "expected_cost": "Expected cost",
        "risk": f"Risk ({_measure_name(result)})",
        "cap": "Cap",
        "euler": "Euler contribution (agreed)",
        "net": "Net position",
    }
    lines = [
        f"## {scenario.name}: cost and risk",
        "",
        f"scenario sha256 {scenario.sha256[:16]}…",
        "",
        "| Member | Name | " + " | ".join(titles[k] for k in keys) + " |",
        "|---|---|" + "---:|" * len(keys),
    ]
    for member in result.members:
        cells = [str(columns[k][0].get(member, "-")) for k in keys]
        lines.append(f"| {member} | {scenario.members[member].name} | " + " | ".join(cells) + " |")
    lines.append("| **Total** | | " + " | ".join(f"**{columns[k][1]}**" for k in keys) + " |")
    lines += ["", *(f"{line}." for line in _caption(result)), ""]
    return "\n".join(lines)
