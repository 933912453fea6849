"""The annex's costs and risk section (:mod:`ipshare.report.annex`): the costs with their failure probabilities
and expected losses, then each member's committed cost, risk and net position (:mod:`ipshare.analyses.risk`), in
the annex's language."""

from __future__ import annotations

from .annex_text import _catalogued, _in, _languages, _paragraphs, _plain_percent, _reconciled, _unit
from .document import Heading, Number, Paragraph, Section, Table
from .messages import text

__all__ = ["risk_section", "risk_blocks"]


def risk_section(scenario, allocations, digits, lang="en") -> Section:
    """The costs and their risks; the risk shares when :mod:`ipshare.analyses.risk` is available."""
    unit = _unit(scenario.currency, lang=lang)
    amounts = {cost.id: cost.amount for cost in scenario.costs}
    expected = {cost.id: cost.amount * cost.failure_probability for cost in scenario.costs}
    rounded, total = _reconciled(amounts, digits)
    rounded_loss, total_loss = _reconciled(expected, digits)
    rows = tuple(
        (
            cost.id,
            _in(cost.item, lang),
            Number(rounded[cost.id]),
            _plain_percent(cost.failure_probability),
            Number(rounded_loss[cost.id]),
            ", ".join(cost.members) or text("borne_by.all", lang),
        )
        for cost in scenario.costs
    )
    header = (text("header.id", lang), text("header.item", lang), text("header.amount", lang, unit=unit),
              text("header.failure_probability", lang), text("header.expected_loss", lang, unit=unit),
              text("header.borne_by", lang))
    blocks = [
        Table("Costs", header, rows, (text("header.total", lang), "", Number(total), "", Number(total_loss), "")),
        *_paragraphs("risk.expected_loss_note", lang, "note"),
    ]
    blocks.extend(risk_blocks(scenario, allocations, digits, lang))
    return Section("risk", text("section.risk", lang), tuple(blocks))


def risk_blocks(scenario, allocations, digits, lang="en") -> list:
    """Each member's committed cost, risk and net position, from :func:`ipshare.analyses.risk.risk_allocation` when
    it is available, with the annex's first rule as the benefit the net position starts from."""
    try:
        from ..analyses.risk import risk_allocation
    except ImportError:  # pragma: no cover - partial checkouts without ipshare.analyses.risk
        return []
    from ..solutions import RULES

    benefit_rule = next((a.rule for a in allocations if a.rule in RULES), None)
    result = risk_allocation(scenario, benefit_rule=benefit_rule)
    unit = _unit(scenario.currency, lang=lang)
    # The figures `ipshare risk` shows: the benefit in allocate's cents for its rule, the net position from the
    # rounded figures beside it, so that every row and the total row add up as printed.
    from .risk import risk_figures

    figures = risk_figures(result)
    keys = {"expected": "expected_cost", "risk": "risk", "benefit": "benefit", "net": "net"}
    rounded = {key: figures.columns[name] for key, name in keys.items()}
    totals = {key: figures.totals[name] for key, name in keys.items()}
    columns = rounded

    def measure_in(language):
        measure = _catalogued(f"risk.measure.{result.measure}", language, result.measure)
        if result.measure == "cvar":
            measure = text("risk.measure_at", language, measure=measure, level=_plain_percent(result.level))
        return measure

    # The column ipshare.analyses.risk calls the expected cost is each member's share of the costs in full (the
    # amounts committed, not weighted by their failure probabilities): the annex names it for what it is.
    header = (
        text("header.member", lang),
        text("header.committed_cost", lang, unit=unit),
        " / ".join(dict.fromkeys(text("header.risk", language, measure=measure_in(language), unit=unit)
                                 for language in _languages(lang))),
        text("header.benefit", lang, rule=result.benefit_rule, unit=unit),
        text("header.net", lang, unit=unit),
    )
    rows = tuple((m, *(Number(rounded[key][m]) for key in columns)) for m in result.members)
    footer = (text("header.total", lang), *(Number(totals[key]) for key in columns))
    blocks = [Heading(text("risk.heading", lang, rule=result.rule))]
    computed = "risk.computed_exactly" if result.method == "exact" else "risk.computed_by_simulation"
    for language in _languages(lang):
        intro = text("risk.intro_committed", language, measure=measure_in(language), rule=result.rule,
                     benefit=result.benefit_rule)
        blocks.append(Paragraph(intro + (" " if language == "en" else "") + text(computed, language)))
    blocks.append(Table("Risk", header, rows, footer))
    if result.capped:
        blocks.extend(_paragraphs("risk.caps", lang, "note", members=", ".join(result.capped)))
    if result.stderr:
        errors = ", ".join(f"{key} {value:,.4g}" for key, value in result.stderr.items())
        blocks.extend(_paragraphs("risk.simulated", lang, "note", samples=str(result.samples), seed=str(result.seed),
                                  errors=errors))
    return blocks
