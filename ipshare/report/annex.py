"""Agreement annexes: the allocation with everything a legal team needs to attach it to the contract.

:func:`build_annex` collects, from a scenario, its game and one or more allocations, the sections of an annex —
identification (scenario SHA-256, ipshare's version, the solver), parties, contributions, patents and their owners,
revenue sources with their expected present value, the method of each rule in words with its formula and reference,
the allocation in money and percent (reconciled exactly, :mod:`ipshare.exact`), the agreement's clauses and whether
each binds, and the costs and risks. The result is plain data (:class:`Annex`); :func:`render_annex` writes it as
Markdown, HTML or CSV text, or as DOCX or XLSX bytes (:mod:`ipshare.report.docx`, :mod:`ipshare.report.xlsx`).

Same input, same bytes: nothing in an annex depends on the time, the machine or the path the scenario was read
from, unless a ``timestamp`` is asked for; DOCX and XLSX packages have their dates pinned (:func:`pin_package`).
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from ..exact import TIE_RULES, Rounding
from ..version import __version__
from .annex_costs import risk_section
from .annex_council import council_section
from .annex_text import _catalogued, _in, _languages, _paragraphs, _plain_percent, _reconciled, _unit
from .document import Annex, Facts, Heading, Number, Paragraph, Section, Table
from .formats.package import pin_package
from .messages import block, join_words, page_words, signature_section, text
from .methods import METHODS, _plain, _sentence, _solver, method_blocks

__all__ = [
    "ANNEX_FORMATS",
    "TIMESTAMP_FORMAT",
    "Annex",
    "Section",
    "Paragraph",
    "Heading",
    "Facts",
    "Table",
    "Number",
    "METHODS",
    "build_annex",
    "clause_statuses",
    "render_annex",
    "render_markdown",
    "render_html",
    "render_csv",
    "render_pdf",
    "pin_package",
    "timestamp_now",
]

ANNEX_FORMATS = ("md", "html", "docx", "xlsx", "csv", "pdf")
BINARY_FORMATS = ("docx", "xlsx", "pdf")
# The one format a requested timestamp is written in: ISO 8601, UTC, to the second.
TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
# A classic table game lists its coalition values in the annex up to this many coalitions.
MAX_LISTED_COALITIONS = 64


def timestamp_now() -> str:
    """The current time in :data:`TIMESTAMP_FORMAT` (for ``--timestamp``)."""
    return datetime.now(UTC).strftime(TIMESTAMP_FORMAT)


# --------------------------------------------------------------------------------------------------------------
# The method of each rule, in words


# --------------------------------------------------------------------------------------------------------------
# Clauses: does each hold under each rule, and does it bind


@dataclass(frozen=True)
class ClauseStatus:
    """One clause: its id, its text, the condition it imposes, and a status per rule (in the allocations' order)."""

    id: str
    text: str
    says: str
    statuses: tuple[str, ...]


def clause_statuses(
    game, allocations, rounding: Rounding | None = None, currency: str | None = None, lang: str = "en"
) -> list[ClauseStatus] | None:
    """Whether each of the agreement's clauses is satisfied, binding or violated under each allocation.

    For ``core-lp`` the binding clauses are those its LP reports (with their shadow prices); every clause holds
    there. For other rules each clause is checked against the allocation: ``violated by X (where)`` when a
    constraint of it is broken (by the largest amount), ``binding`` when it holds with equality, else
    ``satisfied``. Returns None when :mod:`ipshare.solutions.clauses` is not available.
    """
    from ..solutions.clauses import check_clauses

    rounding = Rounding(rounding) if isinstance(rounding, int) else rounding if rounding is not None else Rounding(2)
    checks = check_clauses(game, allocations)
    first = checks[allocations[0].rule] if allocations else ()
    if lang != "en":  # the condition in the asked language(s), from the clause's fields (report.allocation)
        from .allocation import clause_condition, clauses_by_id

        clauses = clauses_by_id(game)
    result = []
    for index, check in enumerate(first):
        statuses = tuple(_status(checks[a.rule][index], rounding, currency, lang) for a in allocations)
        says = check.says
        if lang != "en" and check.clause in clauses:
            says = clause_condition(clauses[check.clause], game, lang, check.says)
        result.append(ClauseStatus(check.clause, check.description, says, statuses))
    return result


def _status(check, rounding, currency, lang="en") -> str:
    if check.status == "broken":
        amount = _amount(check.gap, rounding) + (f" {currency}" if currency else "")
        where = check.where[0]
        if len(check.where) > 1:
            where = text("status.more", lang, where=where, count=str(len(check.where) - 1))
        return text("status.violated", lang, amount=amount, where=where)
    if check.status == "binding":
        parts = [", ".join(check.where)] if check.where else []
        if check.shadow_price:
            parts.append(text("status.shadow_price", lang, price=f"{check.shadow_price:,.6g}"))
        if not parts:
            return text("status.binding", lang)
        return text("status.binding_at", lang, details="; ".join(parts))
    if check.status == "holds":
        return text("status.satisfied", lang)
    return check.status


def _amount(value, rounding) -> str:
    return Number(_quantize(value, rounding)).text


def _quantize(value, rounding) -> Decimal:
    """One amount rounded half up (amounts that are not summed in a column)."""
    return rounding.amount(Fraction(value))


# --------------------------------------------------------------------------------------------------------------
# Building the annex


def build_annex(
    scenario, game, allocations, *, timestamp: str | None = None, options=None, lang: str | None = None
) -> Annex:
    """The annex of ``allocations`` (one or more, in order) of ``game``, built from ``scenario``.

    Parameters
    ----------
    scenario : the :class:`~ipshare.model.Scenario` the game was built from.
    game : its game (:func:`ipshare.games.scenario_game`).
    allocations : the :class:`~ipshare.solutions.Allocation` s to show, one column each.
    timestamp : a time to state in the annex (:data:`TIMESTAMP_FORMAT`), or None (the default) for none.
    options : the rule options used (``objective``, ``solver``), for the command that reproduces the annex.
    lang : ``en``, ``zh`` or ``zh+en`` (Chinese first, then English); default: the scenario's
        ``alliance.language`` (``en`` when absent). Every fixed text comes from the message catalogue
        (:mod:`ipshare.report.messages`), every display text in that language (:class:`~ipshare.model.text.Text`).
    """
    from .allocation import allocation_table

    lang = lang or _scenario_language(scenario)
    text("section.method", lang)  # refuses an unknown language before any work
    allocations = list(allocations)
    table = allocation_table(scenario, game, allocations)
    digits = table.rounding
    is_game = scenario.game is not None
    operative = _operative_rule(scenario, allocations)
    sections = [_identification(scenario, game, allocations, table, timestamp, options or {}, lang, operative)]
    if is_game:
        sections.append(_players(scenario, game, lang))
        sections.append(_game_section(scenario, game, digits, lang))
    else:
        sections.append(_parties(scenario, lang))
        sections.append(_contributions(scenario, digits, lang))
        sections.append(_patents(scenario, lang))
        sections.append(_revenue(scenario, digits, lang))
    method = []
    for allocation in allocations:
        standing = None
        if operative is not None and len(allocations) > 1:
            standing = text("standing.operative" if allocation.rule == operative else "standing.comparison", lang)
        method.extend(method_blocks(allocation, game, lang, standing))
    sections.append(Section("method", text("section.method", lang), tuple(method)))
    sections.append(_allocation_section(table, lang, operative))
    sections.append(_clauses_section(game, allocations, digits, table.currency, lang))
    if not is_game and scenario.costs:
        sections.append(risk_section(scenario, allocations, digits, lang))
    council = None if is_game else council_section(scenario, digits, lang)  # power by matter (issue 17)
    if council is not None:
        sections.append(council)
    if not is_game:
        members = {member.id: member.name for member in scenario.members.values()}
        sections.append(signature_section(members, lang))
    word = "costs" if game.kind == "cost" else "benefits"
    rules = ", ".join(a.rule for a in allocations)
    name = scenario.name  # a Text: each language of a message takes its own language of it
    at = getattr(scenario, "at", None)  # --at DATE: the annex says the day ("…, as at DATE")
    title = (text(f"annex.title.{word}", lang, name=name) if at is None
             else text(f"annex.title.{word}_at", lang, name=name, date=at.isoformat()))
    subtitle = text("annex.subtitle", lang, version=__version__, rules=rules, sha256=scenario.sha256)
    of_agreement = _of_agreement(scenario, lang)
    if of_agreement:
        title, subtitle = of_agreement, f"{title}. {subtitle}" if lang == "en" else f"{title}。{subtitle}"
    return Annex(
        title=title,
        subtitle=subtitle,
        blocks=tuple(sections),
        sha256=scenario.sha256,
        version=__version__,
        timestamp=timestamp,
        lang=lang,
        footer=text("annex.footer", "zh" if lang == "zh+en" else lang, name=_in(name, lang), version=__version__,
                    sha256=scenario.sha256[:16]),
    )


def _scenario_language(scenario) -> str:
    alliance = getattr(scenario, "alliance", None)
    return getattr(alliance, "language", None) or "en"








def _word(key: str, raw: str, lang: str) -> str:
    """A code shown in a cell (a member type, a contribution kind): as it is in English, the catalogue's word in
    Chinese (zh+en: the Chinese word)."""
    if lang == "en":
        return raw
    try:
        return text(key, "zh")
    except KeyError:
        return raw


def _operative_rule(scenario, allocations) -> str | None:
    """The agreement's rule when the annex shows it (the operative rule; the others are for comparison)."""
    agreement = getattr(scenario, "agreement", None)
    rule = getattr(agreement, "rule", None) if agreement is not None else None
    rules = [a.rule for a in allocations]
    if rule in rules:
        return rule
    return None


def _date(value, lang: str) -> str:
    if value is None:
        return ""
    if lang == "en":
        return value.isoformat()
    chinese = f"{value.year}年{value.month}月{value.day}日"
    return chinese if lang == "zh" else f"{chinese} / {value.isoformat()}"


def _of_agreement(scenario, lang: str) -> str:
    """The annex's heading from agreement.title, date and annex (DESIGN.md, "The annex as a document"), or ""."""
    agreement = getattr(scenario, "agreement", None)
    title = getattr(agreement, "title", None)
    annex = getattr(agreement, "annex", None)
    if title is None and annex is None:
        return ""
    lines = []
    for language in _languages(lang):
        named = _in(annex, language) if annex is not None else text("annex.default", language)
        if title is None:
            lines.append(named)
            continue
        date = _date(agreement.date, language)
        key = "annex.of_agreement" if date else "annex.of_agreement_undated"
        lines.append(text(key, language, annex=named, agreement=_in(title, language), date=date))
    return " / ".join(dict.fromkeys(lines))




def _identification(scenario, game, allocations, table, timestamp, options, lang="en", operative=None) -> Section:
    from .allocation import _heading

    file_name = Path(scenario.path).name
    overrides = tuple(getattr(scenario, "overrides", ()) or ())
    rules = " ".join(f"--rule {a.rule}" for a in allocations)
    extra = "".join(f" --set {shlex.quote(change)}" for change in overrides)
    if options.get("objective"):
        extra += f" --objective {options['objective']}"
    if options.get("solver") and options["solver"] != "highs":
        extra += f" --solver {options['solver']}"
    if getattr(scenario, "at", None) is not None:
        extra += f" --at {scenario.at.isoformat()}"  # the alliance as it stood that day
    if lang != _scenario_language(scenario):
        extra += f" --lang {lang}"
    grand = _heading(table)[1].split(";")[0].split(": ", 1)[1]
    roundings = []
    for language in _languages(lang):
        if language == "en":
            roundings.append(f"{table.rounding.describe()}; the percentages likewise to 0.01, summing to 100.00")
            continue
        ties = text(f"ties.{table.rounding.ties}", language)
        key = "rounding.describe_one" if table.digits == 1 else "rounding.describe"
        rounding = text(key, language, digits=str(table.digits), ties=ties)
        roundings.append(text("rounding.with_percentages", language, rounding=rounding))
    solvers = " / ".join(
        dict.fromkeys("; ".join(f"{a.rule}: {_solver(a, language)}" for a in allocations)
                      for language in _languages(lang))
    )
    pairs = [
        (text("fact.alliance" if scenario.game is None else "fact.game", lang), _in(scenario.name, lang)),
    ]
    agreement = getattr(scenario, "agreement", None)
    if getattr(agreement, "title", None) is not None:
        pairs.append((text("fact.agreement", lang), _in(agreement.title, lang)))
        if agreement.date is not None:
            pairs.append((text("fact.agreement_date", lang), _date(agreement.date, lang)))
    if operative is not None and len(allocations) > 1:
        pairs.append((text("fact.operative_rule", lang), operative))
    pairs += [
        (text("fact.scenario_file", lang), file_name),
        ("Scenario SHA-256" if lang == "en" else text("fact.sha256", lang), scenario.sha256),
        (text("fact.produced_by", lang), f"ipshare {__version__}"),
        (text("fact.rules", lang), ", ".join(a.rule for a in allocations)),
        (text("fact.solver", lang), solvers),
        (_grand_label(scenario, game, lang), grand),
        (text("fact.rounding", lang), " / ".join(roundings)),
        (text("fact.reproduce", lang), f"ipshare report {shlex.quote(file_name)} {rules}{extra}"),
    ]
    if overrides:
        pairs.insert(pairs.index(next(p for p in pairs if p[1] == scenario.sha256)) + 2,
                     (text("fact.whatif", lang), "; ".join(overrides)))
    if timestamp is not None:
        pairs.append((text("fact.generated", lang), timestamp))
    whole_key = (
        "identification.whole.alliance"
        if scenario.game is None
        else "identification.whole." + ("game_cost" if game.kind == "cost" else "game_value")
    )
    blocks = [
        Paragraph(line)
        for language in _languages(lang)
        for line in block("identification.intro", language, whole=text(whole_key, language))
    ]
    if lang == "zh+en":
        blocks.extend(_paragraphs("annex.language_precedence", lang, "note"))
    blocks.append(Facts(tuple(pairs)))
    if overrides:
        blocks.extend(_paragraphs("identification.whatif_note", lang, "note"))
    description = scenario.alliance.description if scenario.game is None else scenario.game.description
    if description:
        texts = dict.fromkeys(" ".join(_in(description, language).split()) for language in _languages(lang))
        blocks.extend(Paragraph(line, "note") for line in texts)
    return Section("identification", text("section.identification", lang), tuple(blocks))


def _grand_label(scenario, game, lang="en") -> str:
    if game.kind == "cost":
        return text("fact.grand.cost", lang)
    return text("fact.grand.alliance" if scenario.game is None else "fact.grand.game", lang)


def _parties(scenario, lang="en") -> Section:
    rows = tuple(
        (m.id, _in(m.name, lang), _word(f"type.{m.type}", m.type, lang), m.role or "")
        for m in scenario.members.values()
    )
    header = tuple(text(f"header.{key}", lang) for key in ("member", "name", "type", "role"))
    table = Table("Parties", header, rows)
    return Section("parties", text("section.parties", lang), (table,))


def _players(scenario, game, lang="en") -> Section:
    spec = scenario.game
    parameters = {
        "weighted-voting": ("header.weight", spec.weights),
        "bankruptcy": ("header.claim", spec.claims),
        "airport": ("header.stand_alone_cost", spec.costs),
    }.get(spec.type)
    player = text("header.player", lang)
    if parameters is None:
        table = Table("Players", (player,), tuple((p,) for p in game.players))
    else:
        label, values = parameters
        table = Table("Players", (player, text(label, lang)), tuple((p, _plain(values[p])) for p in game.players))
    return Section("parties", text("section.players", lang), (table,))


def _game_section(scenario, game, digits, lang="en") -> Section:
    spec = scenario.game
    pairs = [(text("game.type", lang), spec.type), (text("game.kind", lang), spec.kind),
             (text("game.players", lang), str(len(spec.players)))]
    if spec.quota is not None:
        pairs.append((text("game.quota", lang), _plain(spec.quota)))
    if spec.estate is not None:
        pairs.append((text("game.estate", lang), _plain(spec.estate)))
    blocks = [Facts(tuple(pairs))]
    if spec.type == "table":
        if (1 << game.n) <= MAX_LISTED_COALITIONS:
            word = text("header.cost" if game.kind == "cost" else "header.value", lang)
            rows = []
            for mask in range(1, 1 << game.n):
                exact = game.exact_value(mask)
                value = _plain(exact) if exact is not None else _amount(float(game.values[mask]), digits)
                rows.append((game.label(mask), value))
            blocks.append(Table("Coalitions", (text("header.coalition", lang), word), tuple(rows)))
        else:
            blocks.extend(_paragraphs("game.in_file", lang, "note", count=str(1 << game.n)))
    return Section("game", text("section.game", lang), tuple(blocks))




def _contributions(scenario, digits, lang="en") -> Section:
    currency = scenario.currency
    title = text("section.contributions", lang)
    values = {c.id: c.value for c in scenario.contributions}
    if not values:
        return Section("contributions", title, tuple(_paragraphs("contributions.none", lang)))
    rounded, total = _reconciled(values, digits)
    rows = []
    for c in scenario.contributions:
        quantity = f"{_plain(c.quantity)} {_in(c.unit, lang)}".strip() if c.quantity is not None else ""
        substitute = Number(_quantize(c.substitute_cost, digits)) if c.substitute_cost is not None else "—"
        description = " ".join(_in(c.description, lang).split()) if c.description else ""
        kind = _word(f"contribution.{c.kind}", c.kind, lang)
        rows.append((c.id, c.member, kind, Number(rounded[c.id]), quantity, substitute, description))
    unit = _unit(currency, lang=lang)
    header = (
        text("header.id", lang),
        text("header.member", lang),
        text("header.kind", lang),
        text("header.value_in", lang, unit=unit),
        text("header.quantity", lang),
        text("header.substitute_cost", lang, unit=unit),
        text("header.description", lang),
    )
    footer = (text("header.total", lang), "", "", Number(total), "", "", "")
    blocks = (Table("Contributions", header, tuple(rows), footer), *_paragraphs("contributions.note", lang, "note"))
    return Section("contributions", title, blocks)


def _patents(scenario, lang="en") -> Section:
    from ..alliance.ownership import patent_owners

    owners = patent_owners(scenario)
    title = text("section.patents", lang)
    if not scenario.patents:
        return Section("patents", title, tuple(_paragraphs("patents.none", lang)))
    rows = []
    for patent in scenario.patents.values():
        shares = owners[patent.id]
        percent = Rounding(2, listed=tuple(scenario.members)).percentages(shares, Fraction(1)) or {}
        owned = "; ".join(
            f"{member} {_plain(share)} ({percent[member]} %)" if share != 1 else f"{member} 100 %"
            for member, share in shares.items()
        )
        kind = "background" if patent.background else "foreground"
        rows.append(
            (
                patent.id,
                _in(patent.title, lang),
                _word(f"patent.{kind}", kind, lang),
                ", ".join(patent.made_from) or "—",
                ", ".join(patent.builds_on) or "—",
                owned,
            )
        )
    agreement = scenario.agreement
    basis = getattr(agreement, "preset", None) or agreement.ownership
    header = tuple(text(f"header.{key}", lang) for key in ("id", "title", "kind", "made_from", "builds_on", "owners"))
    blocks = [Table("Patents", header, tuple(rows))]
    for language in _languages(lang):
        if basis == "lead-exploiter":
            ownership = text("ownership.lead", language, lead=agreement.lead)
        else:
            ownership = _catalogued(f"ownership.{agreement.ownership}", language, agreement.ownership)
        licensing = _catalogued(f"licensing.{agreement.joint_licensing}", language, agreement.joint_licensing)
        blocks.append(Paragraph(text("patents.ownership", language, ownership=ownership, basis=basis,
                                     rule=agreement.joint_licensing, licensing=licensing)))
    blocks.extend(_rights_blocks(scenario, lang))
    return Section("patents", title, tuple(blocks))




def _rights_blocks(scenario, lang="en") -> list:
    """Access rights, member × patent × purpose, from :func:`ipshare.analyses.rights.access_matrix` when it is
    available, with the caveat that what the law allows without the agreement is not modelled."""
    try:
        from ..analyses.rights import access_matrix
    except ImportError:  # pragma: no cover - partial checkouts without ipshare.analyses.rights
        return []
    matrix = access_matrix(scenario)
    purposes = ("research", "own-use", "licensing")
    rows = []
    bases = {}
    for patent_id in scenario.patents:
        for member in scenario.members:
            terms = matrix[member][patent_id]
            cells = []
            for purpose in purposes:
                found = terms[purpose]
                consent = found.consent_text()
                if lang == "en":
                    term = found.term.replace("-", " ") if found.term != "royalty-free" else found.term
                    cells.append(f"needs consent of {consent}" if found.term == "needs-consent" and consent else term)
                elif found.term == "needs-consent" and consent:
                    cells.append(text("access.needs_consent_of", lang, who=consent))
                else:
                    cells.append(_catalogued(f"access.{found.term}", lang, found.term))
                if found.basis:
                    bases.setdefault(found.basis, None)
            rows.append((patent_id, member, *cells))
    preset = getattr(scenario.agreement, "preset", None)
    header = tuple(text(f"header.{key}", lang) for key in ("patent", "member", "research", "own_use", "licensing"))
    table = Table("Access rights", header, tuple(rows))
    intro = [
        Paragraph(line + (" " if language == "en" else "") + text("access.preset", language, preset=preset)
                  if preset else line)
        for language in _languages(lang)
        for line in block("access.intro", language)
    ]
    return [
        Heading(text("access.heading", lang)),
        *intro,
        table,
        Paragraph(text("access.basis", "en", bases="; ".join(bases)), "note"),
        *_paragraphs("caveat.research_exemption", lang, "note"),
    ]


def _revenue(scenario, digits, lang="en") -> Section:
    from ..alliance.ownership import required_patents
    from ..model.money import revenue_value

    title = text("section.revenue", lang)
    if not scenario.revenue:
        return Section("revenue", title, tuple(_paragraphs("revenue.none", lang)))
    rate = scenario.alliance.discount_rate
    values = {source.id: revenue_value(source, rate) for source in scenario.revenue}
    rounded, total = _reconciled(values, digits)
    rows = []
    for source in scenario.revenue:
        needed = required_patents(scenario, source)
        extra = [p for p in needed if p not in source.requires]
        requires = ", ".join(source.requires)
        if extra:
            requires = text("revenue.built_on", "zh" if lang == "zh+en" else lang, requires=requires,
                            extra=", ".join(extra))
        if source.kind == "licence":
            party = _in(source.licensee, lang)
        else:
            party = text("revenue.own_use_by", lang if lang != "zh+en" else "zh", member=source.exploiter)
        rows.append(
            (
                source.id,
                _word(f"revenue.{source.kind}", source.kind, lang),
                party or "",
                requires or "—",
                _terms(source, digits, lang),
                _plain_percent(source.probability),
                Number(rounded[source.id]),
            )
        )
    unit = _unit(scenario.currency, lang=lang)
    header = (*(text(f"header.{key}", lang) for key in ("id", "kind", "counterparty", "requires", "terms",
                                                         "probability")), text("header.epv", lang, unit=unit))
    footer = (text("header.total", lang), "", "", "", "", "", Number(total))
    blocks = (
        Table("Revenue", header, tuple(rows), footer),
        *_paragraphs("revenue.note", lang, "note", rate=_plain_percent(rate)),
        *_paragraphs("caveat.expected_values", lang, "note"),
    )
    return Section("revenue", title, blocks)


def _terms(source, digits, lang="en") -> str:
    language = "zh" if lang == "zh+en" else lang
    parts = []
    if source.kind == "licence":
        if source.upfront:
            parts.append(text("terms.upfront", language, amount=_amount(source.upfront, digits)))
        if source.royalty is not None:
            royalty = source.royalty
            years = _years(royalty.years, language)
            base = _amount(royalty.base, digits)
            parts.append(text("terms.royalty", language, rate=_plain_percent(royalty.rate), base=base, years=years))
    else:
        parts.append(text("terms.margin", language, amount=_amount(source.margin, digits),
                          years=_years(source.years, language)))
    return ("; " if language == "en" else "；").join(parts) or "—"


def _years(count, lang) -> str:
    return text("years.one", lang) if count == 1 else text("years.many", lang, years=str(count))




def _allocation_section(table, lang="en", operative=None) -> Section:
    from .allocation import _heading, _notes

    kind = table.game.kind
    named = table.scenario.game is None
    header = [text("header.member", lang), text("header.name", lang)] if named else [text("header.player", lang)]
    unit = _unit(table.currency, kind, lang)
    for column in table.columns:
        header += [text("header.amount_in", lang, rule=column.rule, unit=unit),
                   text("header.percent_of", lang, rule=column.rule)]
    rows = []
    for player in table.members:
        member = table.scenario.members.get(player) if named else None
        row = [player, _in(member.name if member is not None else player, lang)] if named else [player]
        for column in table.columns:
            row += [Number(column.rounded[player]), Number(column.percent[player], "percent") if column.percent else ""]
        rows.append(tuple(row))
    footer = [text("header.total", lang), ""] if named else [text("header.total", lang)]
    for column in table.columns:
        footer += [Number(column.rounded_total), Number(Decimal("100.00"), "percent") if column.percent else ""]
    grand = _heading(table)[1].split(";")[0]
    blocks = []
    for language in _languages(lang):
        if language == "en":
            blocks.append(Paragraph(f"{grand[:1].upper()}{grand[1:]}."))
        else:
            word = text("grand.cost" if kind == "cost" else "grand.value", language)
            blocks.append(Paragraph(f"{word}：{grand.split(': ', 1)[1]}。"))
    if operative is not None:
        others = [column.rule for column in table.columns if column.rule != operative]
        for language in _languages(lang):
            if others:
                blocks.append(Paragraph(text("annex.operative", language, rule=operative,
                                             others=join_words(others, language))))
            else:
                blocks.append(Paragraph(text("annex.operative_alone", language, rule=operative)))
    blocks.append(Table("Allocation", tuple(header), tuple(rows), tuple(footer)))
    blocks.extend(_capitals(table, lang, operative))
    ties = TIE_RULES[table.rounding.ties]
    for language in _languages(lang):
        if language == "en":
            blocks.append(Paragraph(text("allocation.rounding_note", "en", digits=str(table.digits), ties=ties),
                                    "note"))
        else:
            blocks.append(Paragraph(text("allocation.rounding_note", language, digits=str(table.digits),
                                         ties=text(f"ties.{table.rounding.ties}", language)), "note"))
    blocks.extend(Paragraph(_sentence(note), "note") for note in _notes(table))
    return Section("allocation", text("section.allocation", lang), tuple(blocks))


def _capitals(table, lang, operative) -> list:
    """CNY amounts also in capitals (大写) in a Chinese annex: every member's amount under the operative rule (else
    the first), and the total, as a Chinese contract states a sum of money."""
    if lang == "en" or table.currency != "CNY" or not table.columns or table.game.kind == "cost":
        return []
    from .numerals import rmb_capitals

    column = next((c for c in table.columns if c.rule == operative), table.columns[0])
    named = table.scenario.game is None
    pairs = []
    for player in table.members:
        member = table.scenario.members.get(player) if named else None
        name = _in(member.name, "zh") if member is not None else player
        amount = column.rounded[player]
        pairs.append((name, text("amount.with_words", "zh", figures=Number(amount).text, words=rmb_capitals(amount))))
    total = column.rounded_total
    pairs.append((text("header.total", "zh"), text("amount.with_words", "zh", figures=Number(total).text,
                                                  words=rmb_capitals(total))))
    return [Paragraph(text("amount.capitals_intro", lang, rule=column.rule)), Facts(tuple(pairs))]


def _clauses_section(game, allocations, digits, currency, lang="en") -> Section:
    title = text("section.clauses", lang)
    statuses = clause_statuses(game, allocations, digits, currency, lang)  # digits: the annex's Rounding
    if statuses is None:
        return Section("clauses", title, tuple(_paragraphs("clauses.unavailable", lang)))
    if not statuses:
        return Section("clauses", title, tuple(_paragraphs("clauses.none", lang)))
    header = (text("header.clause", lang), text("header.purpose", lang), text("header.condition", lang),
              *(a.rule for a in allocations))
    rows = tuple((s.id, _in(s.text, lang), s.says, *s.statuses) for s in statuses)
    blocks = (Table("Clauses", header, rows), *_paragraphs("clauses.note", lang, "note"))
    return Section("clauses", title, blocks)


# --------------------------------------------------------------------------------------------------------------
# Renderers


def render_annex(annex: Annex, fmt: str) -> str | bytes:
    """The annex in ``fmt``: ``md``, ``html`` or ``csv`` (text), ``docx``, ``xlsx`` or ``pdf`` (bytes)."""
    if fmt == "md":
        return render_markdown(annex)
    if fmt == "html":
        return render_html(annex)
    if fmt == "csv":
        return render_csv(annex)
    if fmt == "docx":
        from .formats.docx import render_docx

        return render_docx(annex)
    if fmt == "xlsx":
        from .formats.xlsx import render_xlsx

        return render_xlsx(annex)
    if fmt == "pdf":
        return render_pdf(annex)
    raise ValueError(f"unknown annex format {fmt!r}; use one of {', '.join(ANNEX_FORMATS)}")


def render_pdf(annex: Annex) -> bytes:
    """The annex as a PDF typeset by Typst (:mod:`ipshare.report.formats.pdf`): A4, "page X of Y" in the annex's
    language, formulas as mathematics, a CJK font embedded when a text needs one (refused in one line when none
    is installed)."""
    from .formats import pdf

    return pdf.render(annex, lang=annex.lang, page_words=page_words(annex.lang))


def render_markdown(annex: Annex) -> str:
    """The annex as Markdown: numbered sections, pipe tables with totals in bold."""
    from .formats import markdown

    return markdown.render(annex)


def render_html(annex: Annex) -> str:
    """The annex as one self-contained HTML page (styles inline, no scripts, nothing fetched)."""
    from .formats import html

    return html.render(annex, meta={"generator": f"ipshare {annex.version}", "scenario-sha256": annex.sha256},
                       lang="zh-CN" if annex.lang.startswith("zh") else "en", page_words=page_words(annex.lang))


def render_csv(annex: Annex) -> str:
    """The annex as CSV, section after section (numbers without thousands separators, so spreadsheets read them
    as numbers; texts neutralised so they never read as formulas)."""
    from .formats import csv

    return csv.render(annex)
