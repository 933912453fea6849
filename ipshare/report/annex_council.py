"""The annex's council section (:mod:`ipshare.report.annex`): for the council's own rule and each matter of the
charter, the rule in words (in the annex's language) and each member's votes, Shapley–Shubik and normalised Banzhaf
power in percent, rounded as every table is (:func:`ipshare.report.rights.matter_percentages`, the scenario's
:class:`~ipshare.exact.Rounding`). A matter beyond the exact methods' reach says why instead of its table
(:func:`ipshare.analyses.rights.council_power`; docs/rights.md, "Council")."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from ..exact import format_fraction
from .annex_text import _in, _languages, _paragraphs
from .document import Heading, Number, Paragraph, Raw, Section, Table
from .messages import text
from .rights import council_percentages, matter_percentages, rule_words

__all__ = ["council_section", "rule_words"]


def council_section(scenario, digits, lang="en") -> Section | None:
    """The section "Council: power by matter", or None when the agreement has no council."""
    from ..analyses.rights import council_power

    council = scenario.agreement.council if scenario.game is None else None
    if council is None:
        return None
    power = council_power(scenario)
    votes = council_percentages(power, digits)["weights"]
    percent = matter_percentages(power, digits)
    rules = council.rules()
    hundred = Decimal("100.00")
    blocks = [*_paragraphs("annex.council.intro", lang, "note")]
    for name, matter in power["matters"].items():
        rule = rules[name]
        label = text("annex.council.general", lang) if name == "general" else name
        blocks.append(Heading(label))
        blocks.extend(Paragraph(text("annex.council.rule", language, rule=rule_words(rule, language)))
                      for language in _languages(lang))
        if rule.description is not None:
            blocks.append(Paragraph(_in(rule.description, lang), "note"))
        if "refused" in matter:
            blocks.extend(_paragraphs("annex.council.refused", lang, "note", reason=matter["refused"]))
            continue
        shapley, banzhaf = percent[name]["shapley_shubik"], percent[name]["banzhaf_normalized"]

        def cell(column, member):
            return Number(None if column is None else column.get(member), "percent")

        rows = tuple(
            (member, Raw(format_fraction(Fraction(council.weights.get(member, 0)))), cell(votes, member),
             cell(shapley, member), cell(banzhaf, member))
            for member in scenario.members
        )
        footer = (
            text("header.total", lang),
            Raw(format_fraction(sum((Fraction(w) for w in council.weights.values()), Fraction(0)))),
            *(Number(None if column is None else hundred, "percent") for column in (votes, shapley, banzhaf)),
        )
        header = (text("header.member", lang),
                  *(text(f"rights.council.{key}", lang) for key in ("votes", "votes_percent", "shapley_shubik",
                                                                      "banzhaf")))
        blocks.append(Table(f"Council {name}", header, rows, footer))
    return Section("council", text("section.council", lang), tuple(blocks))
