"""The `ipshare risk` answer: each member's benefit, expected cost, risk and net position, and the cost items.

Every column is rounded once: the benefit is the benefit rule's :class:`~ipshare.report.figures.RuleFigures` (the
cents ``allocate`` shows for that rule), expected cost, risk, Euler contributions and caps are reconciled columns
of the scenario's :class:`~ipshare.exact.Rounding`, and the net position is computed from the rounded benefit and
expected cost beside it, so every row and the Total row add up as printed. The table, Markdown and CSV are written
by the format writers, which escape every text.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..exact import Rounding, format_fraction, money_difference, money_sum
from .document import Document, Number, Raw, Table
from .figures import RuleFigures, rounding_of, rule_figures
from .tables import dated_name, dump_json, exact_text, header, percent_rounding, render_document

__all__ = ["RISK_FORMATS", "RiskFigures", "risk_figures", "risk_document", "render_risk"]

RISK_FORMATS = ("table", "json", "csv", "markdown")


@dataclass(frozen=True)
class RiskFigures:
    """A risk allocation as it is shown: ``columns`` (benefit, expected_cost, risk, euler, cap when there are caps,
    net) of rounded amounts per member, their ``totals``, the benefit rule's figures, and the cost items' rounded
    amounts, expected losses and bearers' percentages."""

    rounding: Rounding
    benefit: RuleFigures | None
    columns: dict[str, dict[str, Decimal]]
    totals: dict[str, Decimal]
    item_amounts: dict[str, Decimal]
    item_losses: dict[str, Decimal]
    item_shares: dict[str, dict[str, Decimal]]


def _fraction(value) -> Fraction:
    return value if isinstance(value, Fraction) else Fraction(float(value))


def _column(rounding, values, total=None):
    exact = {key: _fraction(value) for key, value in values.items()}
    rounded = rounding.column(exact, None if total is None else _fraction(total))
    return rounded, money_sum(rounded.values())


def _benefit(result, rounding):
    """The benefit rule's figures (allocate's cents) when the result carries its allocation, else its column."""
    if result.benefit_allocation is not None and result.benefit_game is not None:
        figures = rule_figures(result.benefit_allocation, result.benefit_game, rounding)
        return figures, dict(figures.rounded), figures.rounded_total
    rounded, total = _column(rounding, result.benefit)
    return None, rounded, total


def risk_figures(result) -> RiskFigures:
    """Round a :class:`~ipshare.analyses.risk.RiskResult` for display (see :class:`RiskFigures`)."""
    rounding = rounding_of(result.scenario)
    benefit, columns, totals = _benefit(result, rounding), {}, {}
    figures, columns["benefit"], totals["benefit"] = benefit
    columns["expected_cost"], totals["expected_cost"] = _column(rounding, result.expected_cost, result.total_cost)
    columns["risk"], totals["risk"] = _column(rounding, result.risk, result.total_risk)
    if result.caps:
        columns["cap"], totals["cap"] = _column(rounding, result.caps)
    columns["euler"], totals["euler"] = _column(rounding, result.euler, result.total_risk)
    # The net position from the rounded figures beside it, so that each row and the Total row add up as printed.
    columns["net"] = {
        m: money_difference(columns["benefit"][m], columns["expected_cost"][m]) for m in result.members
    }
    totals["net"] = money_sum(columns["net"].values())
    items = {item.id: item for item in result.items}
    percent = percent_rounding(rounding)
    return RiskFigures(
        rounding=rounding,
        benefit=figures,
        columns=columns,
        totals=totals,
        item_amounts=rounding.column({key: item.amount for key, item in items.items()}),
        item_losses=rounding.column({key: Fraction(item.expected_loss) for key, item in items.items()}),
        item_shares={key: percent.percentages(dict(item.shares)) or {} for key, item in items.items()},
    )


def render_risk(result, fmt: str, width: int | None = None, lang: str = "en") -> str:
    """The risk allocation as ``table`` (fitted to ``width``; None: natural width), ``json``, ``csv`` or
    ``markdown``; ``lang`` (``en``, ``zh``, ``zh+en``): the language of the table's fixed texts."""
    if fmt not in RISK_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(RISK_FORMATS)}")
    figures = risk_figures(result)
    if fmt == "json":
        return _json(result, figures)
    if fmt == "csv":
        return _csv(result, figures)
    return render_document(risk_document(result, figures, lang), fmt, width, lang)


def _measure_name(result, lang="en"):
    from .messages import text

    if result.measure == "cvar":
        return text("risk.measure.cvar_at", lang, level=_probability(result.level * 100))
    return text(f"risk.measure.{result.measure}", lang)


def _probability(value) -> str:
    """An exact rate as a short decimal (``0.3``, ``95``), or a fraction when it has no short decimal."""
    value = Fraction(value)
    for places in range(7):
        scaled = value * 10**places
        if scaled.denominator == 1:
            return format(Decimal(scaled.numerator).scaleb(-places), "f")
    return format_fraction(value)


def _money(rounding, value) -> str:
    return Number(rounding.amount(_fraction(value))).text


def _method_line(result, rounding, lang="en"):
    from .messages import text

    if result.method == "exact":
        return text("risk.caption.exact", lang)
    errors = result.stderr or {}
    return text(
        "risk.caption.monte_carlo", lang, samples=f"{result.samples:,}", seed=str(result.seed),
        loss=_money(rounding, errors.get("expected_loss", 0)), cvar=_money(rounding, errors.get("cvar", 0)),
    )


def _statistics_line(result, rounding, lang="en"):
    from .messages import text

    statistics = result.statistics
    parts = [
        text("risk.caption.expected_loss", lang, amount=_money(rounding, statistics["expected_loss"])),
        text("risk.caption.std", lang, amount=_money(rounding, statistics["std"])),
    ]
    if "cvar" in statistics:
        parts.append(text("risk.caption.var", lang, level=_probability(result.level * 100),
                          amount=_money(rounding, statistics["var"])))
        parts.append(text("risk.caption.cvar", lang, amount=_money(rounding, statistics["cvar"])))
    return text("risk.caption.loss", lang, parts=("，" if lang == "zh" else ", ").join(parts))


def _caption(result, figures, lang="en"):
    """The lines under the members' table; ``zh+en``: each line in Chinese, then in English."""
    from .messages import rounding_short, text

    if lang == "zh+en":
        chinese, english = _caption(result, figures, "zh"), _caption(result, figures, "en")
        return [line for pair in zip(chinese, english, strict=True) for line in pair]
    rounding = figures.rounding
    lines = [
        text("risk.caption.rule", lang, rule=result.rule, measure=_measure_name(result, lang),
             risk=Number(figures.totals["risk"]).text, expected=Number(figures.totals["expected_cost"]).text),
        _statistics_line(result, rounding, lang),
        _method_line(result, rounding, lang),
        text("risk.caption.net", lang, rule=result.benefit_rule, rounding=rounding_short(rounding, lang)),
    ]
    if result.capped:
        lines.append(text("risk.caption.caps", lang, members=", ".join(result.capped)))
    return lines


_KEYS = ("benefit", "expected_cost", "risk", "cap", "euler", "net")


def risk_document(result, figures: RiskFigures | None = None, lang: str = "en") -> Document:
    """The risk allocation as a document: the members' table (totals at the foot) and the cost items; every fixed
    text from the message catalogue in ``lang``."""
    from .messages import text

    figures = figures or risk_figures(result)
    scenario = result.scenario
    unit = scenario.currency or text("risk.value", lang)
    measure = {language: _measure_name(result, language) for language in ("zh", "en")}
    titles = {
        "benefit": text("risk.col.benefit", lang, rule=result.benefit_rule, unit=unit),
        "expected_cost": text("risk.col.expected_cost", lang, unit=unit),
        "risk": text("risk.col.risk", lang, measure=measure),
        "cap": text("risk.col.cap", lang, unit=unit),
        "euler": text("risk.col.euler", lang),
        "net": text("risk.col.net", lang, unit=unit),
    }
    keys = [key for key in _KEYS if key in figures.columns]
    rows = tuple(
        (member, scenario.members[member].name, *(Number(figures.columns[key].get(member)) for key in keys))
        for member in result.members
    )
    total = text("risk.total", lang)
    members = Table(
        "risk",
        (text("risk.col.member", lang), text("risk.col.name", lang), *(titles[key] for key in keys)),
        rows,
        (total, "", *(Number(figures.totals[key]) for key in keys)),
        title=text("risk.table.title", lang, name=dated_name(scenario, lang)),
        caption=(text("risk.table.sha256", "en" if lang == "en" else "zh", sha256=scenario.sha256[:16]),
                 *_caption(result, figures, lang)),
        keys=2,
    )
    item_rows = []
    for item in result.items:
        shares = figures.item_shares[item.id]
        item_rows.append(
            (
                item.id,
                item.item,
                Number(figures.item_amounts[item.id]),
                item.distribution.type if item.distribution else text("risk.items.fixed", lang),
                Raw(_probability(item.probability)),
                ", ".join(f"{m} {Number(s, 'percent').text} %" for m, s in shares.items()),
                Number(figures.item_losses[item.id]),
            )
        )
    items = Table(
        "cost-items",
        (
            text("risk.items.item", lang),
            text("risk.items.what", lang),
            text("risk.items.amount", lang, unit=unit),
            text("risk.items.distribution", lang),
            text("risk.items.failure", lang),
            text("risk.items.borne_by", lang),
            text("risk.items.expected_loss", lang, unit=unit),
        ),
        tuple(item_rows),
        (
            total,
            "",
            Number(money_sum(figures.item_amounts.values())),
            "",
            "",
            "",
            Number(money_sum(figures.item_losses.values())),
        ),
        title=text("risk.items.title", lang),
        keys=1,
    )
    return Document(title="", blocks=(members, items))


def _json(result, figures) -> str:
    from .tables import rounding_document

    scenario = result.scenario

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
        "rounded": {key: {m: str(v) for m, v in column.items()} for key, column in figures.columns.items()},
        "totals": {key: str(total) for key, total in figures.totals.items()},
        "rounding": rounding_document(figures.rounding),
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
                "rounded_expected_loss": str(figures.item_losses[item.id]),
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


def _csv(result, figures) -> str:
    """One row per member: the rounded figures of the table, then the exact (or float) amounts."""
    from .formats.csv import rows_text

    exact_keys = ("benefit", "expected_cost", "risk", "euler", "net")
    rows = [
        [
            "member", "name", "benefit", "expected_cost", "risk", "euler", "net", "cap", "rule", "measure",
            *(f"exact_{key}" for key in exact_keys),
        ]
    ]
    columns = figures.columns
    exact = {
        "benefit": figures.benefit.exact if figures.benefit is not None else result.benefit,
        "expected_cost": result.expected_cost,
        "risk": result.risk,
        "euler": result.euler,
        "net": result.net,
    }
    for member in result.members:
        rows.append(
            [
                member,
                result.scenario.members[member].name,
                *(Number(columns[key][member]) for key in ("benefit", "expected_cost", "risk", "euler", "net")),
                Number(columns["cap"].get(member) if "cap" in columns else None),
                result.rule,
                result.measure,
                *(Raw(exact_text(exact[key][member])) for key in exact_keys),
            ]
        )
    return rows_text(rows)
