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
The words are the message catalogue's (``statement.*`` in :mod:`ipshare.report.catalogue`), in English, Chinese,
or both (``--lang zh+en``: Chinese then English).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from ..version import __version__
from .document import Annex, Document, Facts, Number, Paragraph, Raw, Section, Table
from .messages import block, text
from .tables import dump_json

__all__ = ["STATEMENT_FORMATS", "statement_document", "render_statement", "exact_percent", "schedule_document",
           "render_schedule"]

STATEMENT_FORMATS = ("table", "json", "csv", "md", "html", "docx", "xlsx", "pdf")
_COLUMNS = ("opening", "recovered", "fee", "share", "distributed", "paid", "closing")


def _money(text) -> Number:
    return Number(Decimal(text))


def _word(key, **params) -> dict:
    """A catalogue text in both languages, as a parameter of another text (each language gets its own)."""
    return {lang: text(f"statement.{key}", lang, **params) for lang in ("en", "zh")}


def _period_section(item, names, currency, lang="en") -> Section:
    def t(key, **params):
        return text(f"statement.{key}", lang, **params)

    def unit(key):
        return t("in_currency", label=_word(key), currency=currency) if currency else t(key)

    agreement = item["agreement"]
    effective = agreement["effective"] or _word("book_start")
    facts = Facts((
        (t("period"), t("period_dates", period=item["period"], first=item["from"], last=item["to"])),
        (t("agreement"), t("agreement_version", version=agreement["version"], name=agreement["name"],
                           effective=effective)),
        (t("agreement_sha256"), agreement["sha256"]),
        (unit("receipts"), _money(item["receipts"]).text),
    ))
    sources = Table(
        name=f"receipts-{item['period']}",
        title=t("receipts_by_source"),
        header=(t("source"), unit("received")),
        rows=tuple((source, _money(amount)) for source, amount in item["sources"].items()),
        footer=(t("total"), _money(item["receipts"])),
    )
    conversions = None
    if item.get("conversions"):
        def rate_of(line):
            if line.get("rate_period"):
                span = line["rate_period"]
                return t("rate_mean", rates=span["rates"], first=span["from"], last=span["to"])
            return line["rate_date"]

        conversions = Table(
            name=f"conversions-{item['period']}",
            title=t("conversions"),
            header=(t("source"), t("date"), t("ref"), t("amount"), t("currency"), t("rate"), t("rate_of"),
                    t("rate_source"), unit("converted"), unit("booked")),
            rows=tuple((line["source"], line["date"], line["ref"] or "", _money(line["amount"]), line["currency"],
                        line["rate"], rate_of(line), line["rate_source"] or "", line["converted"],
                        _money(line["booked"])) for line in item["conversions"]),
            caption=block("statement.conversions_caption", lang),
        )
    header = (t("member"), t("name"), *(t(key) for key in _COLUMNS))
    rows = tuple(
        (member, names.get(member, member), *(_money(row[key]) for key in _COLUMNS))
        for member, row in item["members"].items()
    )
    total = item["alliance"]
    members = Table(
        name=f"distribution-{item['period']}",
        title=unit("distribution"),
        header=header,
        rows=rows,
        footer=(t("alliance"), t("all_members"), *(_money(total[key]) for key in _COLUMNS)),
        keys=2,
        caption=block("statement.distribution_caption", lang),
    )
    source_ids = list(item["sources"])
    by_source = Table(
        name=f"by-source-{item['period']}",
        title=unit("by_source"),
        header=(t("member"), *source_ids, t("distributed")),
        rows=tuple((member, *(_money(row["sources"].get(s, "0")) for s in source_ids), _money(row["distributed"]))
                   for member, row in item["members"].items()),
    ) if len(source_ids) > 1 else None
    reconciled = Decimal(total["distributed"]) == Decimal(item["receipts"])
    if reconciled:
        words = block("statement.reconciled", lang, receipts=_money(item["receipts"]).text,
                      distributed=_money(total["distributed"]).text)
    else:
        words = block("statement.not_reconciled", lang, receipts=item["receipts"], distributed=total["distributed"])
    check = tuple(Paragraph(line, "note") for line in words)
    return Section(key=f"period-{item['period']}", title=t("section", period=item["period"]),
                   blocks=tuple(b for b in (facts, sources, conversions, members, by_source, *check)
                                if b is not None))


def statement_document(data, member: str | None = None, lang: str = "en") -> Annex:
    """The statement of ``data`` (:func:`ipshare.books.ledger.book_figures`) as a document, its words in ``lang``
    (``en``, ``zh`` or ``zh+en``: the message catalogue, :mod:`ipshare.report.messages`)."""
    items = data["periods"] if "periods" in data else [data]
    names = data.get("names", {})
    if "periods" not in data:
        scope = _word("scope_period", period=items[0]["period"])
    elif items:
        scope = _word("scope_periods", count=len(items))
    else:
        scope = _word("scope_none")
    if member:
        title = text("statement.title_member", lang, member=member, member_name=names.get(member, member),
                     name=data["name"])
    else:
        title = text("statement.title", lang, name=data["name"])
    blocks = tuple(_period_section(item, names, item.get("currency") or data.get("currency"), lang)
                   for item in items)
    if not blocks:
        blocks = tuple(Paragraph(line) for line in block("statement.empty", lang))
    head = data["head"]
    return Annex(
        title=title,
        subtitle=text("statement.subtitle", lang, book=data["book"], scope=scope),
        blocks=blocks,
        footer=text("statement.footer", lang, rows=head["rows"], sha256=head["sha256"], version=__version__),
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
    document = statement_document(data, member, lang)
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
