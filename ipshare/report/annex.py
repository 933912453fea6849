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

from ..exact import TIE_RULES, Rounding, money_sum
from ..version import __version__
from .document import Annex, Facts, Heading, Number, Paragraph, Section, Table
from .formats.package import pin_package
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
    "pin_package",
    "timestamp_now",
]

ANNEX_FORMATS = ("md", "html", "docx", "xlsx", "csv")
BINARY_FORMATS = ("docx", "xlsx")
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
    game, allocations, rounding: Rounding | None = None, currency: str | None = None
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
    result = []
    for index, check in enumerate(first):
        statuses = tuple(_status(checks[a.rule][index], rounding, currency) for a in allocations)
        result.append(ClauseStatus(check.clause, check.description, check.says, statuses))
    return result


def _status(check, rounding, currency) -> str:
    if check.status == "broken":
        more = f" and {len(check.where) - 1} more" if len(check.where) > 1 else ""
        amount = _amount(check.gap, rounding) + (f" {currency}" if currency else "")
        return f"violated by {amount} ({check.where[0]}{more})"
    if check.status == "binding":
        parts = [", ".join(check.where)] if check.where else []
        if check.shadow_price:
            parts.append(f"shadow price {check.shadow_price:,.6g}")
        return "binding" + (f" ({'; '.join(parts)})" if parts else "")
    return "satisfied" if check.status == "holds" else check.status


def _amount(value, rounding) -> str:
    return Number(_quantize(value, rounding)).text


def _quantize(value, rounding) -> Decimal:
    """One amount rounded half up (amounts that are not summed in a column)."""
    return rounding.amount(Fraction(value))


# --------------------------------------------------------------------------------------------------------------
# Building the annex


def build_annex(scenario, game, allocations, *, timestamp: str | None = None, options=None) -> Annex:
    """The annex of ``allocations`` (one or more, in order) of ``game``, built from ``scenario``.

    Parameters
    ----------
    scenario : the :class:`~ipshare.model.Scenario` the game was built from.
    game : its game (:func:`ipshare.games.scenario_game`).
    allocations : the :class:`~ipshare.solutions.Allocation` s to show, one column each.
    timestamp : a time to state in the annex (:data:`TIMESTAMP_FORMAT`), or None (the default) for none.
    options : the rule options used (``objective``, ``solver``), for the command that reproduces the annex.
    """
    from .allocation import allocation_table

    allocations = list(allocations)
    table = allocation_table(scenario, game, allocations)
    digits = table.rounding
    is_game = scenario.game is not None
    sections = [_identification(scenario, game, allocations, table, timestamp, options or {})]
    if is_game:
        sections.append(_players(scenario, game))
        sections.append(_game_section(scenario, game, digits))
    else:
        sections.append(_parties(scenario))
        sections.append(_contributions(scenario, digits))
        sections.append(_patents(scenario))
        sections.append(_revenue(scenario, digits))
    sections.append(Section("method", "Method", tuple(b for a in allocations for b in method_blocks(a, game))))
    sections.append(_allocation_section(table))
    sections.append(_clauses_section(game, allocations, digits, table.currency))
    if not is_game and scenario.costs:
        sections.append(_risk_section(scenario, allocations, digits))
    word = "costs" if game.kind == "cost" else "benefits"
    rules = ", ".join(a.rule for a in allocations)
    return Annex(
        title=f"Annex: allocation of {word} — {scenario.name}",
        subtitle=f"Computed by ipshare {__version__} under {rules} from the scenario file with SHA-256 "
        f"{scenario.sha256}.",
        blocks=tuple(sections),
        sha256=scenario.sha256,
        version=__version__,
        timestamp=timestamp,
        footer=f"{scenario.name} — ipshare {__version__} — scenario SHA-256 {scenario.sha256[:16]}…",
    )


def _unit(table_or_currency, kind="benefit") -> str:
    currency = table_or_currency
    if kind == "cost":
        return f"cost share, {currency}" if currency else "cost share"
    return currency or "value"


def _identification(scenario, game, allocations, table, timestamp, options) -> Section:
    from .allocation import _heading

    file_name = Path(scenario.path).name
    overrides = tuple(getattr(scenario, "overrides", ()) or ())
    rules = " ".join(f"--rule {a.rule}" for a in allocations)
    extra = "".join(f" --set {shlex.quote(change)}" for change in overrides)
    if options.get("objective"):
        extra += f" --objective {options['objective']}"
    if options.get("solver") and options["solver"] != "highs":
        extra += f" --solver {options['solver']}"
    grand = _heading(table)[1].split(";")[0].split(": ", 1)[1]
    pairs = [
        ("Alliance" if scenario.game is None else "Game", scenario.name),
        ("Scenario file", file_name),
        ("Scenario SHA-256", scenario.sha256),
        ("Produced by", f"ipshare {__version__}"),
        ("Rules", ", ".join(a.rule for a in allocations)),
        ("Solver", "; ".join(f"{a.rule}: {_solver(a)}" for a in allocations)),
        (_grand_label(scenario, game), grand),
        ("Rounding", f"{table.rounding.describe()}; the percentages likewise to 0.01, summing to 100.00"),
        ("To reproduce", f"ipshare report {shlex.quote(file_name)} {rules}{extra}"),
    ]
    if overrides:
        pairs.insert(3, ("What-if changes", "; ".join(overrides)))
    if timestamp is not None:
        pairs.append(("Generated", timestamp))
    whole = (
        "the alliance's value"
        if scenario.game is None
        else "the game's " + ("cost" if game.kind == "cost" else "value")
    )
    blocks = [
        Paragraph(
            f"This annex states how {whole} is divided and why. Anyone holding the scenario file whose SHA-256 is"
            " given below can reproduce every number in it with the command shown."
        ),
        Facts(tuple(pairs)),
    ]
    if overrides:
        blocks.append(
            Paragraph(
                "This annex describes the scenario file with the what-if changes above applied; the SHA-256 is that"
                " of the unchanged file.",
                "note",
            )
        )
    description = scenario.alliance.description if scenario.game is None else scenario.game.description
    if description:
        blocks.append(Paragraph(" ".join(description.split()), "note"))
    return Section("identification", "Identification", tuple(blocks))


def _grand_label(scenario, game) -> str:
    if game.kind == "cost":
        return "Cost of the grand coalition"
    return "Value of the whole alliance" if scenario.game is None else "Value of the grand coalition"


def _parties(scenario) -> Section:
    rows = tuple((m.id, m.name, m.type, m.role or "") for m in scenario.members.values())
    table = Table("Parties", ("Member", "Name", "Type", "Role"), rows)
    return Section("parties", "Parties", (table,))


def _players(scenario, game) -> Section:
    spec = scenario.game
    parameters = {
        "weighted-voting": ("Weight", spec.weights),
        "bankruptcy": ("Claim", spec.claims),
        "airport": ("Stand-alone cost", spec.costs),
    }.get(spec.type)
    if parameters is None:
        table = Table("Players", ("Player",), tuple((p,) for p in game.players))
    else:
        label, values = parameters
        table = Table("Players", ("Player", label), tuple((p, _plain(values[p])) for p in game.players))
    return Section("parties", "Players", (table,))


def _game_section(scenario, game, digits) -> Section:
    spec = scenario.game
    pairs = [("Type", spec.type), ("Kind", spec.kind), ("Players", str(len(spec.players)))]
    if spec.quota is not None:
        pairs.append(("Quota", _plain(spec.quota)))
    if spec.estate is not None:
        pairs.append(("Estate", _plain(spec.estate)))
    blocks = [Facts(tuple(pairs))]
    if spec.type == "table":
        if (1 << game.n) <= MAX_LISTED_COALITIONS:
            word = "Cost" if game.kind == "cost" else "Value"
            rows = []
            for mask in range(1, 1 << game.n):
                exact = game.exact_value(mask)
                value = _plain(exact) if exact is not None else _amount(float(game.values[mask]), digits)
                rows.append((game.label(mask), value))
            blocks.append(Table("Coalitions", ("Coalition", word), tuple(rows)))
        else:
            blocks.append(Paragraph(f"The {1 << game.n} coalition values are in the scenario file.", "note"))
    return Section("game", "Game", tuple(blocks))


def _reconciled(amounts: dict, rounding: Rounding) -> tuple[dict, Decimal]:
    rounded = rounding.column(amounts)
    return rounded, money_sum(rounded.values())


def _contributions(scenario, digits) -> Section:
    currency = scenario.currency
    values = {c.id: c.value for c in scenario.contributions}
    if not values:
        return Section("contributions", "Contributions", (Paragraph("The scenario lists no contributions."),))
    rounded, total = _reconciled(values, digits)
    rows = []
    for c in scenario.contributions:
        quantity = f"{_plain(c.quantity)} {c.unit or ''}".strip() if c.quantity is not None else ""
        substitute = Number(_quantize(c.substitute_cost, digits)) if c.substitute_cost is not None else "—"
        description = " ".join(c.description.split()) if c.description else ""
        rows.append((c.id, c.member, c.kind, Number(rounded[c.id]), quantity, substitute, description))
    header = (
        "ID",
        "Member",
        "Kind",
        f"Value ({_unit(currency)})",
        "Quantity",
        f"Substitute cost ({_unit(currency)})",
        "Description",
    )
    footer = ("Total", "", "", Number(total), "", "", "")
    blocks = (
        Table("Contributions", header, tuple(rows), footer),
        Paragraph(
            "A substitute cost is what a group of members lacking the contribution would pay an outsider for it;"
            " a contribution without one cannot be replaced.",
            "note",
        ),
    )
    return Section("contributions", "Contributions", blocks)


def _patents(scenario) -> Section:
    from ..alliance.ownership import patent_owners

    owners = patent_owners(scenario)
    if not scenario.patents:
        return Section("patents", "Patents", (Paragraph("The scenario lists no patents."),))
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
                patent.title,
                kind,
                ", ".join(patent.made_from) or "—",
                ", ".join(patent.builds_on) or "—",
                owned,
            )
        )
    agreement = scenario.agreement
    ownership = {
        "by-contribution": "in proportion to the value of the contributions they were made from",
        "equal": "in equal shares by the members whose contributions they were made from",
        "as-given": "as the scenario states",
    }.get(agreement.ownership, agreement.ownership)
    licensing = {
        "unanimous": "a jointly owned patent may be licensed or used only with the consent of all its owners",
        "any-owner": "any owner of a jointly owned patent may license it non-exclusively without the others' consent",
    }.get(agreement.joint_licensing, agreement.joint_licensing)
    basis = getattr(agreement, "preset", None) or agreement.ownership
    if basis == "lead-exploiter":
        ownership = f"by the lead exploitation party {agreement.lead}, to whom the results are assigned"
    blocks = [
        Table("Patents", ("ID", "Title", "Kind", "Made from", "Builds on", "Owners (share)"), tuple(rows)),
        Paragraph(
            f"Ownership: foreground patents whose owners the agreement does not name are owned {ownership}"
            f" ({basis}). Joint licensing ({agreement.joint_licensing}): {licensing}. A patent that builds on another"
            " can be used only together with it."
        ),
    ]
    blocks.extend(_rights_blocks(scenario))
    return Section("patents", "Patents", tuple(blocks))


def _rights_blocks(scenario) -> list:
    """Access rights, member × patent × purpose, from :func:`ipshare.analyses.rights.access_matrix` when it is
    available."""
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
                term = found.term.replace("-", " ") if found.term != "royalty-free" else found.term
                cells.append(f"needs consent of {consent}" if found.term == "needs-consent" and consent else term)
                if found.basis:
                    bases.setdefault(found.basis, None)
            rows.append((patent_id, member, *cells))
    preset = getattr(scenario.agreement, "preset", None)
    table = Table("Access rights", ("Patent", "Member", "Research", "Own use", "Licensing to outsiders"), tuple(rows))
    return [
        Heading("Access rights"),
        Paragraph(
            "What each member may do with each patent: royalty-free, on fair and reasonable terms, only with the"
            " consent of the members named (A+B: both; A | B: either), or not at all."
            + (f" Agreement preset: {preset}." if preset else "")
        ),
        table,
        Paragraph("Basis: " + "; ".join(bases) + ".", "note"),
    ]


def _revenue(scenario, digits) -> Section:
    from ..alliance.ownership import required_patents
    from ..model.money import revenue_value

    if not scenario.revenue:
        return Section("revenue", "Revenue sources", (Paragraph("The scenario lists no revenue sources."),))
    rate = scenario.alliance.discount_rate
    values = {source.id: revenue_value(source, rate) for source in scenario.revenue}
    rounded, total = _reconciled(values, digits)
    rows = []
    for source in scenario.revenue:
        needed = required_patents(scenario, source)
        extra = [p for p in needed if p not in source.requires]
        requires = ", ".join(source.requires) + (f" (and {', '.join(extra)}, built on)" if extra else "")
        party = source.licensee if source.kind == "licence" else f"own use by {source.exploiter}"
        rows.append(
            (
                source.id,
                source.kind,
                party or "",
                requires or "—",
                _terms(source, digits),
                _plain_percent(source.probability),
                Number(rounded[source.id]),
            )
        )
    unit = _unit(scenario.currency)
    header = ("ID", "Kind", "Counterparty", "Requires", "Terms", "Probability", f"Expected present value ({unit})")
    footer = ("Total", "", "", "", "", "", Number(total))
    rate_text = _plain_percent(rate)
    blocks = (
        Table("Revenue", header, tuple(rows), footer),
        Paragraph(
            f"Expected present value = probability × (upfront + each year's royalty or margin discounted at"
            f" {rate_text} a year, paid at the end of the year). The alliance's value v(N) can differ from the total:"
            " sources the alliance cannot realise count for nothing, and substitute costs paid are deducted.",
            "note",
        ),
    )
    return Section("revenue", "Revenue sources", blocks)


def _terms(source, digits) -> str:
    parts = []
    if source.kind == "licence":
        if source.upfront:
            parts.append(f"upfront {_amount(source.upfront, digits)}")
        if source.royalty is not None:
            royalty = source.royalty
            years = "year" if royalty.years == 1 else f"{royalty.years} years"
            base = _amount(royalty.base, digits)
            parts.append(f"royalty {_plain_percent(royalty.rate)} of {base} a year for {years}")
    else:
        years = "1 year" if source.years == 1 else f"{source.years} years"
        parts.append(f"margin {_amount(source.margin, digits)} a year for {years}")
    return "; ".join(parts) or "—"


def _plain_percent(value) -> str:
    percent = Fraction(value) * 100
    if percent.denominator == 1:
        return f"{percent.numerator} %"
    text = f"{float(percent):.4f}".rstrip("0").rstrip(".")
    return f"{text} %"


def _allocation_section(table) -> Section:
    from .allocation import _heading, _name, _notes

    kind = table.game.kind
    named = table.scenario.game is None
    header = ["Member", "Name"] if named else ["Player"]
    for column in table.columns:
        header += [f"{column.rule} ({_unit(table.currency, kind)})", f"{column.rule} %"]
    rows = []
    for player in table.members:
        row = [player, _name(table, player)] if named else [player]
        for column in table.columns:
            row += [Number(column.rounded[player]), Number(column.percent[player], "percent") if column.percent else ""]
        rows.append(tuple(row))
    footer = ["Total", ""] if named else ["Total"]
    for column in table.columns:
        footer += [Number(column.rounded_total), Number(Decimal("100.00"), "percent") if column.percent else ""]
    heading = _heading(table)[1].split(";")[0]
    blocks = [
        Paragraph(f"{heading[:1].upper()}{heading[1:]}."),
        Table("Allocation", tuple(header), tuple(rows), tuple(footer)),
        Paragraph(
            f"Amounts are exact rationals rounded once, to {table.digits} decimals, by the largest-remainder method:"
            " each is rounded down and the units still missing go to the largest remainders (equal remainders to"
            f" {TIE_RULES[table.rounding.ties]}), so each column sums exactly to its total; the percentages are"
            " rounded the same way to 0.01 and sum to 100.00.",
            "note",
        ),
    ]
    blocks.extend(Paragraph(_sentence(note), "note") for note in _notes(table))
    return Section("allocation", "Allocation", tuple(blocks))


def _clauses_section(game, allocations, digits, currency) -> Section:
    statuses = clause_statuses(game, allocations, digits, currency)  # digits: the annex's Rounding
    if statuses is None:
        return Section("clauses", "Clauses", (Paragraph("The clauses could not be evaluated in this installation."),))
    if not statuses:
        return Section("clauses", "Clauses", (Paragraph("The agreement states no clauses."),))
    header = ("Clause", "Purpose", "Condition", *(a.rule for a in allocations))
    rows = tuple((s.id, s.text, s.says, *s.statuses) for s in statuses)
    blocks = (
        Table("Clauses", header, rows),
        Paragraph(
            "Satisfied: the allocation meets the clause with room to spare. Binding: it meets the clause exactly, at"
            " the members or coalitions named. Violated by X: the allocation misses the clause by X (the largest"
            " amount over the clause's members or coalitions). For core-lp every clause holds by construction; a"
            " shadow price is the change in its objective per unit by which the clause is relaxed.",
            "note",
        ),
    )
    return Section("clauses", "Clauses", blocks)


def _risk_section(scenario, allocations, digits) -> Section:
    """The costs and their risks; the risk shares when :mod:`ipshare.analyses.risk` is available."""
    unit = _unit(scenario.currency)
    amounts = {cost.id: cost.amount for cost in scenario.costs}
    expected = {cost.id: cost.amount * cost.failure_probability for cost in scenario.costs}
    rounded, total = _reconciled(amounts, digits)
    rounded_loss, total_loss = _reconciled(expected, digits)
    rows = tuple(
        (
            cost.id,
            cost.item,
            Number(rounded[cost.id]),
            _plain_percent(cost.failure_probability),
            Number(rounded_loss[cost.id]),
            ", ".join(cost.members) or "all members",
        )
        for cost in scenario.costs
    )
    header = ("ID", "Item", f"Amount ({unit})", "Failure probability", f"Expected loss ({unit})", "Borne by")
    blocks = [
        Table("Costs", header, rows, ("Total", "", Number(total), "", Number(total_loss), "")),
        Paragraph(
            "Expected loss = amount × failure probability: the part of the cost expected to be lost if the work fails.",
            "note",
        ),
    ]
    blocks.extend(_risk_blocks(scenario, allocations, digits))
    return Section("risk", "Costs and risk", tuple(blocks))


def _risk_blocks(scenario, allocations, digits) -> list:
    """Each member's expected cost, risk and net position, from :func:`ipshare.analyses.risk.risk_allocation` when it is
    available, with the annex's first rule as the benefit the net position starts from."""
    try:
        from ..analyses.risk import risk_allocation
    except ImportError:  # pragma: no cover - partial checkouts without ipshare.analyses.risk
        return []
    from ..solutions import RULES

    benefit_rule = next((a.rule for a in allocations if a.rule in RULES), None)
    result = risk_allocation(scenario, benefit_rule=benefit_rule)
    unit = _unit(scenario.currency)
    # The figures `ipshare risk` shows: the benefit in allocate's cents for its rule, the net position from the
    # rounded figures beside it, so that every row and the total row add up as printed.
    from .risk import risk_figures

    figures = risk_figures(result)
    keys = {"expected": "expected_cost", "risk": "risk", "benefit": "benefit", "net": "net"}
    rounded = {key: figures.columns[name] for key, name in keys.items()}
    totals = {key: figures.totals[name] for key, name in keys.items()}
    columns = rounded
    measure = {"expected-loss": "expected loss", "std": "standard deviation", "cvar": "CVaR"}.get(
        result.measure, result.measure
    )
    if result.measure == "cvar":
        measure += f" at {_plain_percent(result.level)}"
    header = (
        "Member",
        f"Expected cost ({unit})",
        f"Risk: {measure} ({unit})",
        f"Benefit, {result.benefit_rule} ({unit})",
        f"Net position ({unit})",
    )
    rows = tuple((m, *(Number(rounded[key][m]) for key in columns)) for m in result.members)
    footer = ("Total", *(Number(totals[key]) for key in columns))
    blocks = [
        Heading(f"Risk shares — {result.rule}"),
        Paragraph(
            f"Each member's expected cost and its share of the alliance's risk ({measure}) under the {result.rule}"
            f" risk rule; its net position is its benefit under {result.benefit_rule} less its expected cost."
            f" Computed {'exactly' if result.method == 'exact' else 'by Monte Carlo simulation'}."
        ),
        Table("Risk", header, rows, footer),
    ]
    if result.capped:
        blocks.append(Paragraph(f"Liability caps bind for {', '.join(result.capped)}.", "note"))
    if result.stderr:
        errors = ", ".join(f"{key} {value:,.4g}" for key, value in result.stderr.items())
        blocks.append(
            Paragraph(f"Simulated ({result.samples} samples, seed {result.seed}); standard errors: {errors}.", "note")
        )
    return blocks


# --------------------------------------------------------------------------------------------------------------
# Renderers


def render_annex(annex: Annex, fmt: str) -> str | bytes:
    """The annex in ``fmt``: ``md``, ``html`` or ``csv`` (text), ``docx`` or ``xlsx`` (bytes)."""
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
    raise ValueError(f"unknown annex format {fmt!r}; use one of {', '.join(ANNEX_FORMATS)}")


def render_markdown(annex: Annex) -> str:
    """The annex as Markdown: numbered sections, pipe tables with totals in bold."""
    from .formats import markdown

    return markdown.render(annex)


def render_html(annex: Annex) -> str:
    """The annex as one self-contained HTML page (styles inline, no scripts, nothing fetched)."""
    from .formats import html

    return html.render(annex, meta={"generator": f"ipshare {annex.version}", "scenario-sha256": annex.sha256})


def render_csv(annex: Annex) -> str:
    """The annex as CSV, section after section (numbers without thousands separators, so spreadsheets read them
    as numbers; texts neutralised so they never read as formulas)."""
    from .formats import csv

    return csv.render(annex)
