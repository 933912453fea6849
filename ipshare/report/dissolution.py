"""The `ipshare dissolve` answer: the final settlement as a table, JSON, or an annex-like document.

Every money column is rounded once (:class:`ipshare.exact.Rounding`, the scenario's minor unit and tie rule): the
funds lines as one column whose total is the rounded balance, so the settlement sums to the balance to the cent;
each patent's buy-out payments as a column summing to nothing (what the taker pays the others receive); each
licence's collections as a column summing to its rounded expected value. The document goes through the document
model and the format writers (terminal, Markdown, HTML, DOCX, XLSX), which escape every user text.
"""

from __future__ import annotations

from fractions import Fraction

from ..exact import format_fraction
from ..version import __version__
from .document import Annex, Number, Paragraph, Section, Table
from .figures import rounding_of
from .tables import dump_json, header, percent_rounding, rounding_document

__all__ = ["DISSOLVE_FORMATS", "dissolution_figures", "dissolution_document", "render_dissolution"]

DISSOLVE_FORMATS = ("table", "json", "markdown", "html", "docx", "xlsx")
BINARY = ("docx", "xlsx")


def dissolution_figures(result) -> dict:
    """The rounded figures: ``funds``, ``reimbursed``, ``returned`` (party -> Decimal), ``balance``,
    ``patents`` (patent -> {value, price, payments}), ``licences`` (licence -> member -> Decimal)."""
    rounding = rounding_of(result.scenario)
    balance = rounding.amount(result.balance)
    funds = rounding.column(result.funds, result.balance) if result.funds else {}
    patents = {
        f.patent: {
            "value": rounding.amount(f.value),
            "price": rounding.amount(f.price),
            "payments": rounding.column(f.payments, Fraction(0)) if f.payments else {},
        }
        for f in result.patents
    }
    licences = {lid: rounding.column(collected) for lid, collected in result.licences.items()}
    return {"rounding": rounding, "balance": balance, "funds": funds, "patents": patents, "licences": licences}


def _party(result, party):
    if party.startswith("grant:"):
        grant_id = party[len("grant:"):]
        grant = next(g for g in result.scenario.grants if g.id == grant_id)
        return f"grant {grant_id}", f"returned to {grant.source}" if grant.source else "returned to its funder"
    return party, result.scenario.members[party].name


def dissolution_document(result, figures=None) -> Annex:
    figures = figures or dissolution_figures(result)
    scenario = result.scenario
    unit = scenario.currency or "value"
    when = f" on {result.at.isoformat()}" if result.at is not None else ""
    rows = []
    for party, amount in figures["funds"].items():
        label, name = _party(result, party)
        what = "reimbursed costs" if party in result.reimbursed and party not in result.returned else (
            "reimbursed costs and returned" if party in result.reimbursed else
            "pays in (deficit)" if result.funds[party] < 0 else "returned")
        rows.append((label, name, what, Number(amount)))
    funds = Table(
        "funds", ("Party", "Name", "As", f"Amount\n{unit}"), tuple(rows),
        ("Total", "", "the balance", Number(figures["balance"])),
        caption=(f"balance {Number(figures['balance']).text} {unit} ({result.balance_basis}); "
                 f"{figures['rounding'].short()}", *result.notes),
    )
    patent_rows = []
    for fate in result.patents:
        shown = figures["patents"][fate.patent]
        percent = percent_rounding(figures["rounding"]).column({m: s * 100 for m, s in fate.owners.items()})
        owners = ", ".join(f"{m} {Number(p, 'percent').text} %" for m, p in percent.items())
        payments = "; ".join(f"{m} {Number(v, 'signed').text}" for m, v in shown["payments"].items())
        patent_rows.append((fate.patent, scenario.patents[fate.patent].title, owners, fate.fate, fate.to or "",
                            Number(shown["value"]), Number(shown["price"]), payments))
    patents = Table(
        "patents",
        ("Patent", "Title", "Owners before", "Fate", "To", f"Value\n{unit}", f"Price\n{unit}", "Payments"),
        tuple(patent_rows),
        caption=("value: the patent's value to the alliance, v(N) - v(N without it); the taker pays each other "
                 "co-owner its share of the price",) if patent_rows else ("no patent is held jointly",),
    )
    licence_rows = []
    for licence, collected in figures["licences"].items():
        for member, amount in collected.items():
            licence_rows.append((licence, member, scenario.members[member].name, Number(amount)))
    licences = Table(
        "licences", ("Licence", "Member", "Name", f"Collects\n{unit}"), tuple(licence_rows),
        caption=("each licence's expected value (as allocate values it) split equally among the patents it needs, "
                 "each patent's part by its owners after the fates",),
    )
    return Annex(
        title=f"Dissolution of {scenario.name}{when}",
        subtitle=f"Final settlement computed by ipshare {__version__} from the scenario file with SHA-256 "
        f"{scenario.sha256}.",
        blocks=(
            Section("funds", "Funds", (funds,)),
            Section("patents", "Jointly held patents", (patents,)),
            Section("licences", "Continuing licences", (licences,)),
            Section("notes", "How it is settled", tuple(Paragraph(line) for line in _how())),
        ),
        numbered=True,
        sha256=scenario.sha256,
        version=__version__,
        footer=f"{scenario.name} — ipshare {__version__} — scenario SHA-256 {scenario.sha256[:16]}…",
    )


def _how():
    return (
        "Costs members advanced and not yet reimbursed are paid back first; the rest of the balance goes back to "
        "those who put money in, in proportion to what each put in (a grant's unspent part to its funder); a "
        "deficit is made good by the members in proportion to the value of their contributions.",
        "Each jointly held patent is kept in co-ownership, or taken by the member with the largest share or the "
        "highest bid, who buys the other co-owners out (docs/time-and-place.md, \"Dissolution\").",
    )


def _json(result, figures) -> str:
    def text(mapping):
        return {k: str(v) for k, v in mapping.items()}

    def exact(mapping):
        return {k: format_fraction(Fraction(v)) for k, v in mapping.items()}

    document = {
        **header(result.scenario),
        "at": None if result.at is None else result.at.isoformat(),
        "members": list(result.scenario.members),
        "balance": {"exact": format_fraction(result.balance), "rounded": str(figures["balance"]),
                    "basis": result.balance_basis},
        "funds": {"exact": exact(result.funds), "rounded": text(figures["funds"]),
                  "reimbursed": exact(result.reimbursed), "returned": exact(result.returned)},
        "patents": [
            {
                "patent": f.patent,
                "owners_before": exact(f.owners),
                "fate": f.fate,
                "to": f.to,
                "value": format_fraction(f.value),
                "price": format_fraction(f.price),
                "payments": exact(f.payments),
                "rounded": {"value": str(figures["patents"][f.patent]["value"]),
                            "price": str(figures["patents"][f.patent]["price"]),
                            "payments": text(figures["patents"][f.patent]["payments"])},
            }
            for f in result.patents
        ],
        "owners_after": {pid: exact(held) for pid, held in result.owners_after.items()},
        "licences": {lid: {"exact": exact(c), "rounded": text(figures["licences"][lid])}
                     for lid, c in result.licences.items()},
        "notes": list(result.notes),
        "rounding": rounding_document(figures["rounding"]),
    }
    return dump_json(document)


def render_dissolution(result, fmt: str, width: int | None = None) -> str | bytes:
    """The settlement as ``table`` (fitted to ``width``), ``json``, ``markdown``, ``html``, ``docx`` or ``xlsx``."""
    if fmt not in DISSOLVE_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(DISSOLVE_FORMATS)}")
    figures = dissolution_figures(result)
    if fmt == "json":
        return _json(result, figures)
    document = dissolution_document(result, figures)
    if fmt == "table":
        from .formats import terminal

        return terminal.render(document, width)
    from .annex import render_annex

    return render_annex(document, {"markdown": "md"}.get(fmt, fmt))
