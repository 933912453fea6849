"""The `ipshare rights` answer: ownership, the access-rights matrix, council power beside benefit shares, and the
lead-exploiter revenue share, as a terminal table, JSON, CSV or Markdown.

Percentages and amounts are rounded by the scenario's :class:`~ipshare.exact.Rounding`: each patent's owners'
shares and each council column sum to 100.00, the benefit shares are the benefit rule's percentages (those
``allocate`` shows), and the revenue-share amounts reconcile to their total. The tables are one document written by
the format writers, which escape every text.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

from ..exact import Rounding, format_fraction, money_sum
from ..model.terms import PURPOSES
from .document import Document, Number, Raw, Section, Table
from .figures import rounding_of, rule_figures
from .messages import CATALOGUES, text
from .tables import dated_name, dump_json, header, percent_rounding, render_document

__all__ = [
    "RIGHTS_FORMATS",
    "render_rights",
    "rights_document",
    "council_document",
    "council_percentages",
    "matter_percentages",
    "rule_words",
]

RIGHTS_FORMATS = ("table", "json", "csv", "markdown")
COUNCIL_INDICES = ("weights", "shapley_shubik", "banzhaf_normalized")
MATTER_INDICES = ("shapley_shubik", "banzhaf_normalized")


def render_rights(report, fmt: str, width: int | None = None, lang: str = "en") -> str:
    """The rights report as ``table`` (fitted to ``width``; None: natural width), ``json``, ``csv`` or
    ``markdown``; ``lang`` (``en``, ``zh``, ``zh+en``): the language of the table's fixed texts (JSON and CSV keep
    theirs)."""
    if fmt not in RIGHTS_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(RIGHTS_FORMATS)}")
    if fmt == "json":
        return _json(report)
    if fmt == "csv":
        return _csv(report)
    return render_document(rights_document(report, lang), fmt, width, lang)


def _cell(found, lang="en") -> str:
    if found.term == "needs-consent":
        return text("rights.term.consent_of", lang, who=found.consent_text())
    return text(f"rights.term.{found.term}", lang)


def _owner_percentages(owners: dict, rounding: Rounding) -> dict[str, Decimal]:
    return rounding.percentages(owners, Fraction(1)) or {}


def _owners_text(owners: dict, rounding: Rounding) -> str:
    shown = _owner_percentages(owners, rounding)
    return ", ".join(f"{member} {Number(shown[member], 'percent').text} %" for member in owners)


def _purposes(report):
    columns = [(purpose, report.access) for purpose in PURPOSES]
    if report.exclusive is not None:
        columns.append(("licensing", report.exclusive))
    return columns


def _purpose_title(index, purpose, report, lang="en"):
    if report.exclusive is not None and index == len(PURPOSES):
        return text("rights.purpose.exclusive", lang)
    return text(f"rights.purpose.{purpose}", lang)


def _preset_line(report, lang="en"):
    agreement = report.scenario.agreement
    if agreement.preset is None:
        return text("rights.no_preset", lang, rule=agreement.joint_licensing)
    if agreement.lead:
        return text("rights.preset_lead", lang, preset=agreement.preset, lead=agreement.lead)
    return text("rights.preset", lang, preset=agreement.preset)


def _basis(row, report, lang):
    """Where a patent's ownership comes from (``row["basis"]`` of the analysis, in ``lang``)."""
    if lang == "en":
        return row["basis"]
    scenario = report.scenario
    patent = scenario.patents.get(row["patent"])
    agreement = scenario.agreement
    if patent is None:
        return row["basis"]
    if patent.owners is not None:
        return text("rights.basis.background" if patent.background else "rights.basis.stated", lang)
    if agreement.preset == "lead-exploiter":
        return text("rights.basis.lead", lang, lead=agreement.lead)
    way = f"ownership.{agreement.ownership}"
    ownership = {"zh": text(way, "zh"), "en": agreement.ownership} if way in CATALOGUES["zh"] else agreement.ownership
    return text("rights.basis.ownership", lang, ownership=ownership)


def council_percentages(council, rounding: Rounding | None = None) -> dict[str, dict[str, Decimal] | None]:
    """The council's votes, Shapley–Shubik and normalised Banzhaf indices as percentages, each column summing to
    100.00 (None for a column that is all zero), equal remainders broken by ``rounding``'s tie rule."""
    rounding = rounding or Rounding(2, listed=tuple(council["weights"]))
    return {
        index: None if council[index] is None  # a refused rule (council["refused"])
        else rounding.percentages({m: Fraction(v) for m, v in council[index].items()})
        for index in COUNCIL_INDICES
    }


def matter_percentages(council, rounding: Rounding | None = None) -> dict[str, dict[str, dict | None]]:
    """Each matter's Shapley–Shubik and normalised Banzhaf percentages (``general`` first), as
    :func:`council_percentages` rounds them (None for a refused matter's columns)."""
    rounding = rounding or Rounding(2, listed=tuple(council["weights"]))
    return {
        name: {
            index: None if "refused" in matter
            else rounding.percentages({m: Fraction(v) for m, v in matter[index].items()})
            for index in MATTER_INDICES
        }
        for name, matter in council.get("matters", {}).items()
    }


def _rule_text(report, name, words):
    """A matter's rule for the tables: ``words`` (the analysis's English) with its Chinese words beside it
    (:func:`ipshare.report.annex_council.rule_words`), so that each language of a message takes its own."""
    from ..model.text import Text

    council = report.scenario.agreement.council
    rule = None if council is None else council.rules().get(name)
    return words if rule is None else Text({"en": words, "zh": rule_words(rule, "zh")})


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


def _benefit_figures(report, rounding):
    game = getattr(report, "benefit_game", None)
    if game is None:
        from ..alliance.benefit import benefit_game

        game = benefit_game(report.scenario)
    return rule_figures(report.benefit, game, rounding)


def _revenue_figures(report, rounding):
    shares = report.revenue_share
    percent = percent_rounding(rounding).column({m: Fraction(s) * 100 for m, s in shares["shares"].items()})
    amounts = rounding.column({m: Fraction(a) for m, a in shares["amounts"].items()})
    return percent, amounts


def rights_document(report, lang: str = "en") -> Document:
    """The rights report as a document: ownership, access rights, the council and the revenue share, one section
    each; every fixed text from the message catalogue in ``lang``."""
    scenario = report.scenario
    rounding = rounding_of(scenario)
    owners = Table(
        "ownership",
        tuple(text(f"rights.header.{key}", lang) for key in ("patent", "title", "kind", "owners", "basis")),
        tuple(
            (
                row["patent"],
                row["title"],
                text("rights.kind.background" if row["background"] else "rights.kind.foreground", lang),
                _owners_text(row["owners"], rounding),
                _basis(row, report, lang),
            )
            for row in report.ownership
        ),
        caption=(_preset_line(report, lang),),
    )
    sections = [Section("ownership", text("rights.owners.title", lang), (owners,))]
    columns = _purposes(report)
    access = Table(
        "access",
        (
            text("rights.header.member", lang),
            text("rights.header.patent", lang),
            *(_purpose_title(i, purpose, report, lang) for i, (purpose, _) in enumerate(columns)),
        ),
        tuple(
            (member, patent_id, *(_cell(matrix[member][patent_id][purpose], lang) for purpose, matrix in columns))
            for member in scenario.members
            for patent_id in scenario.patents
        ),
        caption=(text("rights.access.caption", lang),),
        keys=2,
    )
    sections.append(Section("access", text("rights.access.title", lang), (access,)))
    if report.council is not None:
        sections.append(_council_section(report, rounding, lang))
        if len(report.council.get("matters", {})) > 1:
            sections.append(_matters_section(report, rounding, lang))
    if report.revenue_share is not None:
        sections.append(_revenue_section(report, rounding, lang))
    return Document(
        title=text("rights.title", lang, name=dated_name(scenario, lang)),
        subtitle=text("rights.subtitle", lang, preset=_preset_line(report, lang), sha256=scenario.sha256[:16]),
        blocks=tuple(sections),
    )


def _council_section(report, rounding, lang="en"):
    council = report.council
    percent = council_percentages(council, rounding)
    benefit = _benefit_figures(report, rounding)
    hundred = Decimal("100.00")

    def shown(index, member):
        column = percent[index]
        return Number(None if column is None else column.get(member), "percent")

    rows = tuple(
        (
            member,
            Raw(format_fraction(Fraction(council["weights"].get(member, 0)))),
            shown("weights", member),
            shown("shapley_shubik", member),
            shown("banzhaf_normalized", member),
            Number(None if benefit.percent is None else benefit.percent[member], "percent"),
        )
        for member in report.scenario.members
    )
    footer = (
        text("rights.total", lang),
        Raw(format_fraction(sum((Fraction(w) for w in council["weights"].values()), Fraction(0)))),
        *(Number(hundred if percent[index] is not None else None, "percent") for index in COUNCIL_INDICES),
        Number(hundred if benefit.percent is not None else None, "percent"),
    )
    table = Table(
        "council",
        (
            text("rights.header.member", lang),
            *(text(f"rights.council.{key}", lang) for key in ("votes", "votes_percent", "shapley_shubik", "banzhaf")),
            text("rights.council.benefit", lang, rule=report.benefit.rule),
        ),
        rows,
        footer,
        caption=(text("rights.council.caption", lang, rule=report.benefit.rule),),
    )
    if council.get("quota") is not None and council.get("method", "weighted-voting") == "weighted-voting":
        title = text("rights.council.title_quota", lang, quota=format_fraction(Fraction(council["quota"])))
    else:
        title = text("rights.council.title", lang)
        rule = _rule_text(report, "general", council["rule"])
        table = replace(table, caption=(text("rights.council.rule", lang, rule=rule), *table.caption))
    if council.get("refused"):
        refused = text("rights.council.refused", lang, reason=council["refused"])
        table = replace(table, caption=(*table.caption, refused))
    return Section("council", title, (table,))


def _matters_section(report, rounding, lang="en"):
    """Power by matter: each matter's Shapley–Shubik and normalised Banzhaf percentages side by side."""
    matters = report.council["matters"]
    percent = matter_percentages(report.council, rounding)
    hundred = Decimal("100.00")
    header_cells, footer = [text("rights.header.member", lang)], [text("rights.total", lang)]
    for name in matters:
        header_cells += [text("rights.matters.shapley_shubik", lang, matter=name),
                         text("rights.matters.banzhaf", lang, matter=name)]
        footer += [Number(hundred if percent[name][index] is not None else None, "percent")
                   for index in MATTER_INDICES]
    rows = tuple(
        (member, *(Number(None if percent[name][index] is None else percent[name][index].get(member), "percent")
                   for name in matters for index in MATTER_INDICES))
        for member in report.scenario.members
    )
    caption = tuple(text("rights.matters.rule", lang, matter=name, rule=_rule_text(report, name, matter["rule"]))
                    for name, matter in matters.items()) + (text("rights.matters.caption", lang),)
    caption += tuple(text("rights.matters.refused", lang, matter=name, reason=matter["refused"])
                     for name, matter in matters.items() if "refused" in matter)
    table = Table(
        "council-matters",
        tuple(header_cells),
        rows,
        tuple(footer),
        caption=caption,
        groups=tuple((1 + 2 * k, 2 + 2 * k) for k in range(len(matters))),
    )
    return Section("council-matters", text("rights.matters.title", lang), (table,))


def _revenue_section(report, rounding, lang="en"):
    shares = report.revenue_share
    percent, amounts = _revenue_figures(report, rounding)
    unit = report.scenario.currency or text("rights.revenue.value", lang)
    table = Table(
        "revenue-share",
        (text("rights.header.member", lang), text("rights.revenue.share", lang),
         text("rights.revenue.amount", lang, unit=unit)),
        tuple((m, Number(percent[m], "percent"), Number(amounts[m])) for m in shares["shares"]),
        (text("rights.total", lang), Number(money_sum(percent.values()), "percent"),
         Number(money_sum(amounts.values()))),
        caption=(
            text("rights.revenue.caption", lang, lead=shares["lead"], unit=unit,
                 revenue=Number(rounding.amount(Fraction(shares["revenue"]))).text),
        ),
    )
    return Section("revenue-share", text("rights.revenue.title", lang, lead=shares["lead"]), (table,))


# -- JSON, CSV -------------------------------------------------------------------------------------------------


def _json(report) -> str:
    scenario = report.scenario
    agreement = scenario.agreement
    rounding = rounding_of(scenario)
    document = {
        **header(scenario),
        "members": list(scenario.members),
        "preset": agreement.preset,
        "lead": agreement.lead,
        "joint_licensing": agreement.joint_licensing,
        "patents": {
            row["patent"]: {
                "title": row["title"],
                "background": row["background"],
                "basis": row["basis"],
                "owners": {m: float(s) for m, s in row["owners"].items()},
                "owners_exact": {m: format_fraction(s) for m, s in row["owners"].items()},
                "owners_percent": {m: str(p) for m, p in _owner_percentages(row["owners"], rounding).items()},
            }
            for row in report.ownership
        },
        "purposes": list(PURPOSES),
        "access": {
            member: {
                pid: {purpose: found.to_dict() for purpose, found in by_purpose.items()}
                for pid, by_purpose in by_patent.items()
            }
            for member, by_patent in report.access.items()
        },
        "benefit": {"rule": report.benefit.rule, "values": dict(report.benefit.values)},
    }
    benefit = _benefit_figures(report, rounding)
    document["benefit"]["rounded"] = {m: str(v) for m, v in benefit.rounded.items()}
    if benefit.percent is not None:
        document["benefit"]["percent"] = {m: str(v) for m, v in benefit.percent.items()}
    if report.exclusive is not None:
        document["exclusive_licensing"] = {
            member: {pid: by_purpose["licensing"].to_dict() for pid, by_purpose in by_patent.items()}
            for member, by_patent in report.exclusive.items()
        }
    if report.council is not None:
        document["council"] = council_document(report.council, rounding)
    if report.revenue_share is not None:
        shares = report.revenue_share
        percent, amounts = _revenue_figures(report, rounding)
        document["revenue_share"] = {
            "lead": shares["lead"],
            "revenue": float(shares["revenue"]),
            "shares": {m: float(s) for m, s in shares["shares"].items()},
            "amounts": {m: float(a) for m, a in shares["amounts"].items()},
            "exact": {m: format_fraction(a) for m, a in shares["amounts"].items()},
            "percent": {m: str(p) for m, p in percent.items()},
            "rounded": {m: str(a) for m, a in amounts.items()},
            "rounded_total": str(money_sum(amounts.values())),
        }
    return dump_json(document)


def council_document(council, rounding: Rounding | None = None) -> dict:
    """The council's voting power for JSON: floats, with exact rationals and rounded percentages beside them."""
    percent = council_percentages(council, rounding)
    by_matter = matter_percentages(council, rounding)
    indices = ("shapley_shubik", "banzhaf", "banzhaf_normalized")
    refused = council.get("refused")
    document = {
        "quota": None if council["quota"] is None else float(council["quota"]),
        "weights": {m: float(w) for m, w in council["weights"].items()},
        **{index: None if refused else {m: float(v) for m, v in council[index].items()} for index in indices},
        "exact": None if refused else {
            index: {m: format_fraction(Fraction(v)) for m, v in council[index].items()} for index in indices
        },
        "percent": {
            index: None if column is None else {m: str(v) for m, v in column.items()}
            for index, column in percent.items()
        },
    }
    if refused:
        document["refused"] = refused
    if "matters" in council:
        document["rule"] = council["rule"]
        document["method"] = council["method"]
        document["matters"] = {
            name: {
                "rule": matter["rule"],
                "description": matter["description"],
                "method": None,
                "refused": matter["refused"],
            } if "refused" in matter else {
                "rule": matter["rule"],
                "description": matter["description"],
                "method": matter["method"],
                **{index: {m: float(v) for m, v in matter[index].items()}
                   for index in ("shapley_shubik", "banzhaf", "banzhaf_normalized")},
                "exact": {
                    index: {m: format_fraction(Fraction(v)) for m, v in matter[index].items()}
                    for index in ("shapley_shubik", "banzhaf", "banzhaf_normalized")
                },
                "percent": {
                    index: None if column is None else {m: str(v) for m, v in column.items()}
                    for index, column in by_matter[name].items()
                },
            }
            for name, matter in council["matters"].items()
        }
    return document


def _csv(report) -> str:
    """One row per fact: ownership shares, access terms, council indices, revenue shares; exact values in
    ``value``, the rounded percentage (or amount) in ``percent`` (``amount``), and the patent's title."""
    from .formats.csv import rows_text

    rounding = rounding_of(report.scenario)
    rows = [["table", "member", "patent", "purpose", "term", "consent", "value", "basis", "percent", "amount", "title"]]
    titles = {patent_id: patent.title for patent_id, patent in report.scenario.patents.items()}
    for row in report.ownership:
        percent = _owner_percentages(row["owners"], rounding)
        for member, share in row["owners"].items():
            rows.append(
                ["ownership", member, row["patent"], "", "", "", Raw(format_fraction(share)), row["basis"],
                 Number(percent.get(member), "percent"), Number(None), row["title"]]
            )
    for index, (purpose, matrix) in enumerate(_purposes(report)):
        label = "licensing-exclusive" if index == len(PURPOSES) else purpose
        for member, by_patent in matrix.items():
            for patent_id, by_purpose in by_patent.items():
                found = by_purpose[purpose]
                rows.append(
                    ["access", member, patent_id, label, found.term, found.consent_text(), Raw(""), found.basis,
                     Number(None), Number(None), titles.get(patent_id, "")]
                )
    if report.council is not None:
        percent = council_percentages(report.council, rounding)
        for index in ("shapley_shubik", "banzhaf", "banzhaf_normalized"):
            column = percent.get(index)
            for member, value in (report.council[index] or {}).items():
                rows.append(
                    ["council", member, "", index, "", "", Raw(format_fraction(Fraction(value))), "",
                     Number(None if column is None else column.get(member), "percent"), Number(None), ""]
                )
        by_matter = matter_percentages(report.council, rounding)
        for name, matter in report.council.get("matters", {}).items():
            if name == "general" or "refused" in matter:
                continue  # the rows above; a refused matter has no indices (the JSON and the table say why)
            for index in ("shapley_shubik", "banzhaf", "banzhaf_normalized"):
                column = by_matter[name].get(index)
                for member, value in matter[index].items():
                    rows.append(
                        ["council", member, "", index, name, "", Raw(format_fraction(Fraction(value))), "",
                         Number(None if column is None else column.get(member), "percent"), Number(None), ""]
                    )
    if report.revenue_share is not None:
        shares = report.revenue_share
        percent, amounts = _revenue_figures(report, rounding)
        for member, share in shares["shares"].items():
            rows.append(
                ["revenue-share", member, "", "", "", "", Raw(format_fraction(Fraction(share))), "",
                 Number(percent[member], "percent"), Number(amounts[member]), ""]
            )
    return rows_text(rows)
