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
from .messages import CATALOGUES, text

__all__ = ["council_section", "rule_words"]


def council_section(scenario, digits, lang="en") -> Section | None:
    """The section "Council: power by matter", or None when the agreement has no council."""
    from ..analyses.rights import council_power
    from .rights import council_percentages, matter_percentages

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


def _counts(counts: str, lang: str) -> str:
    """What a majority counts, in ``lang``: votes and members are catalogued, any other name is the file's."""
    key = f"annex.council.counts.{counts}"
    return text(key, lang) if key in CATALOGUES["en"] else counts


def rule_words(rule, lang: str) -> str:
    """A :class:`~ipshare.model.council.DecisionRule` in words in one language (``en`` or ``zh``)."""
    parts = []
    for majority in rule.majorities:
        counts = _counts(majority.counts, lang)
        if majority.quota is not None:
            parts.append(text("annex.council.quota", lang, quota=format_fraction(majority.quota),
                              total=format_fraction(majority.total), counts=counts))
        else:
            test = "more_than" if majority.strict else "at_least"
            of = "present" if majority.of == "present" else "all"
            parts.append(text(f"annex.council.{test}.{of}", lang, share=format_fraction(majority.share),
                              counts=counts))
    if rule.vetoes:
        parts.append(text("annex.council.veto", lang, members=text("annex.council.and", lang).join(rule.vetoes)))
    quorum = rule.quorum
    if quorum is not None:
        needs = []
        if quorum.members is not None:
            needs.append(text("annex.council.quorum.members", lang, n=str(quorum.members)))
        if quorum.members_share is not None:
            needs.append(text("annex.council.quorum.members_share", lang, share=format_fraction(quorum.members_share)))
        if quorum.votes is not None:
            needs.append(text("annex.council.quorum.votes", lang, n=format_fraction(quorum.votes)))
        if quorum.votes_share is not None:
            needs.append(text("annex.council.quorum.votes_share", lang, share=format_fraction(quorum.votes_share)))
        parts.append(text("annex.council.quorum", lang, needs=text("annex.council.and", lang).join(needs)))
    if rule.abstention == "absent":
        parts.append(text("annex.council.absent", lang))
    return text("annex.council.separator", lang).join(parts)
