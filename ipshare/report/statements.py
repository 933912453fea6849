"""Statements of the alliance's books as documents: one section per closed period, in every annex format.

The figures are the book's, frozen when each period closed (:func:`ipshare.books.ledger.book_figures`); nothing
here rounds or recomputes them. Each period shows its facts (dates, the agreement version in force and its
SHA-256), its receipts by source, and per member the opening balance, what it was distributed (recovered, fee,
share), what it was paid and its closing balance, with the alliance's line under them: the line that reconciles
to the period's receipts (distributed) and to the members' balances. A statement for one member keeps the
alliance's line, so the member sees its part of the whole. The foot names the book's head (the hash of its last
row), which seals the book as it stood.

The JSON format is the figures themselves (docs/output.md, "books statement"); the others are the document below,
written by :mod:`ipshare.report.formats` (user text escaped by the writers). The same book gives the same bytes.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from ..version import __version__
from .document import Annex, Document, Facts, Number, Paragraph, Raw, Section, Table
from .tables import dump_json

__all__ = ["STATEMENT_FORMATS", "statement_document", "render_statement", "exact_percent", "schedule_document",
           "render_schedule"]

STATEMENT_FORMATS = ("table", "json", "csv", "md", "html", "docx", "xlsx", "pdf")
_COLUMNS = ("opening", "recovered", "fee", "share", "distributed", "paid", "closing")


def _money(text) -> Number:
    return Number(Decimal(text))


def _period_section(item, names, currency) -> Section:
    unit = f" ({currency})" if currency else ""
    agreement = item["agreement"]
    effective = agreement["effective"] or "the start of the book"
    facts = Facts((
        ("Period", f"{item['period']}: {item['from']} to {item['to']}"),
        ("Agreement", f"version {agreement['version']} ({agreement['name']}), in force from {effective}"),
        ("Agreement SHA-256", agreement["sha256"]),
        ("Receipts" + unit, _money(item["receipts"]).text),
    ))
    sources = Table(
        name=f"receipts-{item['period']}",
        title="Receipts by revenue source",
        header=("Source", "Received" + unit),
        rows=tuple((source, _money(amount)) for source, amount in item["sources"].items()),
        footer=("Total", _money(item["receipts"])),
    )
    conversions = None
    if item.get("conversions"):
        def rate_of(line):
            if line.get("rate_period"):
                span = line["rate_period"]
                return f"mean of {span['rates']} rate(s), {span['from']} to {span['to']} (excl.)"
            return line["rate_date"]

        conversions = Table(
            name=f"conversions-{item['period']}",
            title="Receipts in other currencies, converted by the agreement's rule",
            header=("Source", "Date", "Ref", "Amount", "Currency", "Rate", "Rate of", "Rate source",
                    "Converted" + unit, "Booked" + unit),
            rows=tuple((line["source"], line["date"], line["ref"] or "", _money(line["amount"]), line["currency"],
                        line["rate"], rate_of(line), line["rate_source"] or "", line["converted"],
                        _money(line["booked"])) for line in item["conversions"]),
            caption=("converted = amount × rate, exactly; booked: rounded to the currency's minor unit, and "
                     "distributed",),
        )
    header = ("Member", "Name", "Opening", "Recovered", "Fee", "Share", "Distributed", "Paid", "Closing")
    rows = tuple(
        (member, names.get(member, member), *(_money(row[key]) for key in _COLUMNS))
        for member, row in item["members"].items()
    )
    total = item["alliance"]
    members = Table(
        name=f"distribution-{item['period']}",
        title="Distribution" + unit,
        header=header,
        rows=rows,
        footer=("Alliance", "all members", *(_money(total[key]) for key in _COLUMNS)),
        keys=2,
        caption=("distributed = recovered + fee + share; closing = opening + distributed - paid",),
    )
    source_ids = list(item["sources"])
    by_source = Table(
        name=f"by-source-{item['period']}",
        title="Distributed, by revenue source" + unit,
        header=("Member", *source_ids, "Distributed"),
        rows=tuple((member, *(_money(row["sources"].get(s, "0")) for s in source_ids), _money(row["distributed"]))
                   for member, row in item["members"].items()),
    ) if len(source_ids) > 1 else None
    reconciled = Decimal(total["distributed"]) == Decimal(item["receipts"])
    check = Paragraph(
        f"Reconciliation: the period's receipts, {_money(item['receipts']).text}, are distributed in full "
        f"({_money(total['distributed']).text} to the members)." if reconciled else
        f"Reconciliation FAILS: receipts {item['receipts']}, distributed {total['distributed']}.",
        "note",
    )
    return Section(key=f"period-{item['period']}", title=f"Period {item['period']}",
                   blocks=tuple(b for b in (facts, sources, conversions, members, by_source, check)
                                if b is not None))


def statement_document(data, member: str | None = None) -> Annex:
    """The statement of ``data`` (:func:`ipshare.books.ledger.book_figures`) as a document."""
    items = data["periods"] if "periods" in data else [data]
    names = data.get("names", {})
    who = f" for {member} ({names.get(member, member)})" if member else ""
    scope = f"period {items[0]['period']}" if "periods" not in data else (
        f"{len(items)} closed period(s)" if items else "no closed period yet")
    blocks = tuple(_period_section(item, names, item.get("currency") or data.get("currency")) for item in items)
    if not blocks:
        blocks = (Paragraph("The book has no closed period yet; close one with `ipshare books close`."),)
    head = data["head"]
    return Annex(
        title=f"Statement of the books{who}: {data['name']}",
        subtitle=f"Book {data['book']}, {scope}",
        blocks=blocks,
        footer=f"Book head after {head['rows']} rows: SHA-256 {head['sha256']}. ipshare {__version__}.",
        sha256=head["sha256"],
        version=__version__,
        numbered=False,
        meta={"book-head": head["sha256"]},
    )


def render_statement(data, fmt: str, *, member: str | None = None, width: int | None = None,
                     lang: str = "en") -> str | bytes:
    """The statement in ``fmt`` (:data:`STATEMENT_FORMATS`); docx, xlsx and pdf are bytes."""
    if fmt == "json":
        return dump_json(data)
    document = statement_document(data, member)
    if fmt == "table":
        from .formats import terminal

        return terminal.render(document, width)
    if fmt == "md":
        from .formats import markdown

        return markdown.render(document)
    if fmt == "csv":
        from .formats import csv

        return csv.render(document)
    if fmt == "html":
        from .formats import html

        return html.render(document, meta={"generator": f"ipshare {__version__}", "book-head": document.sha256},
                           lang=lang)
    if fmt == "docx":
        from .formats.docx import render_docx

        return render_docx(document)
    if fmt == "xlsx":
        from .formats.xlsx import render_xlsx

        return render_xlsx(document)
    if fmt == "pdf":
        from .formats import pdf

        return pdf.render(document, lang=lang)
    raise ValueError(f"unknown statement format {fmt!r}; use one of {', '.join(STATEMENT_FORMATS)}")


def exact_percent(share: Fraction) -> str:
    """A share as an exact percentage: a terminating decimal (``"62.5"``), else a fraction (``"100/3"``).

    >>> exact_percent(Fraction(5, 8)), exact_percent(Fraction(1, 3)), exact_percent(Fraction(1))
    ('62.5', '100/3', '100')
    """
    percent = share * 100
    denominator = percent.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator != 1:
        return f"{percent.numerator}/{percent.denominator}"
    text = f"{Decimal(percent.numerator) / Decimal(percent.denominator):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def schedule_document(scenario, schedule) -> Document:
    """``ipshare schedule``: one row per revenue source (``*`` for a rule that is not additive), a column of exact
    percentages per member."""
    members = list(schedule.members)
    rows = []
    notes = any(shares is None for shares in schedule.shares.values())
    for source, shares in schedule.shares.items():
        if shares is None:
            rows.append((source, *("" for _ in members), "no shares: the source is worth nothing to the rule"))
        else:
            rows.append((source, *(Raw(exact_percent(shares[m])) for m in members), *(("",) if notes else ())))
    what = ("each revenue source alone (the rule is additive over sources)" if schedule.additive else
            "the whole alliance (the rule is not additive: the same shares apply to every source)")
    return Document(
        title=f"Schedule by {schedule.rule}: {scenario.name}",
        subtitle=f"members' shares of {what}, exact percentages",
        blocks=(Table(name="schedule", header=("Source", *(f"{m} %" for m in members), *(("Note",) if notes else ())),
                      rows=tuple(rows),
                      caption=("Each row sums to 100; a fraction such as 100/3 is an exact percentage.",)),),
    )


def render_schedule(scenario, schedule, fmt: str, width: int | None = None) -> str:
    """The schedule as ``table``, ``json``, ``csv`` or ``markdown`` (docs/output.md, "schedule")."""
    if fmt == "json":
        data = {"scenario": scenario.path, "sha256": scenario.sha256, **schedule.to_data(),
                "percent": {source: None if shares is None else {m: exact_percent(v) for m, v in shares.items()}
                            for source, shares in schedule.shares.items()}}
        return dump_json(data)
    document = schedule_document(scenario, schedule)
    if fmt == "csv":
        from .formats import csv

        return csv.render(document)
    from .tables import render_document

    return render_document(document, fmt, width)
