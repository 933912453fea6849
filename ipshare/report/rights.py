"""The `ipshare rights` answer: ownership, the access-rights matrix, council power beside benefit shares, and the
lead-exploiter revenue share, as a terminal table, JSON, CSV or Markdown."""

from __future__ import annotations

import csv
import io
from fractions import Fraction

from ..exact import format_fraction, percentages
from ..rights import PURPOSES
from .tables import as_fraction, digits_of, dump_json, header, money_column, rich_text, show_money

__all__ = ["RIGHTS_FORMATS", "render_rights"]

RIGHTS_FORMATS = ("table", "json", "csv", "markdown")
_PURPOSE_LABEL = {"research": "research", "own-use": "own use", "licensing": "licensing to outsiders"}
_TERM_LABEL = {
    "royalty-free": "royalty-free",
    "fair-and-reasonable": "fair & reasonable royalty",
    "needs-consent": "needs consent",
    "none": "none",
}


def render_rights(report, fmt: str) -> str:
    return {"table": _table, "json": _json, "csv": _csv, "markdown": _markdown}[fmt](report)


def _cell(found) -> str:
    if found.term == "needs-consent":
        return f"consent of {found.consent_text()}"
    return _TERM_LABEL[found.term]


def _owners_text(owners: dict) -> str:
    shown = percentages(owners)
    return ", ".join(f"{member} {shown[member]} %" for member in owners)


def _purposes(report):
    columns = [(purpose, report.access) for purpose in PURPOSES]
    if report.exclusive is not None:
        columns.append(("licensing", report.exclusive))
    return columns


def _purpose_title(index, purpose, report):
    if report.exclusive is not None and index == len(PURPOSES):
        return "exclusive licence"
    return _PURPOSE_LABEL[purpose]


def _preset_line(report):
    agreement = report.scenario.agreement
    if agreement.preset is None:
        return f"no preset: agreement.joint_licensing = {agreement.joint_licensing}"
    return f"preset {agreement.preset}" + (f" (lead {agreement.lead})" if agreement.lead else "")


def _council_rows(report):
    council = report.council
    benefit = report.benefit
    values = benefit.exact if benefit.exact is not None else {m: Fraction(v) for m, v in benefit.values.items()}
    shares = percentages(values) or {m: None for m in values}
    power = percentages(council["shapley_shubik"]) or {m: None for m in values}
    banzhaf = percentages(council["banzhaf_normalized"]) or {m: None for m in values}
    votes = percentages(council["weights"]) or {m: None for m in values}
    for member in report.scenario.members:
        yield member, council["weights"][member], votes[member], power[member], banzhaf[member], shares[member]


# -- terminal --------------------------------------------------------------------------------------------------


def _table(report) -> str:
    from rich.table import Table

    scenario = report.scenario
    parts = []
    owners = Table(title=f"{scenario.name}: who owns what", caption=_preset_line(report), title_style="bold")
    for title in ("Patent", "Title", "Kind", "Owners", "Basis"):
        owners.add_column(title)
    for row in report.ownership:
        owners.add_row(
            row["patent"],
            row["title"],
            "background" if row["background"] else "foreground",
            _owners_text(row["owners"]),
            row["basis"],
        )
    parts.append(owners)
    grid = Table(
        title="Access rights: who may use what, on which terms",
        title_style="bold",
        caption="needs consent: of the members named (A+B: both; A | B: either)",
    )
    grid.add_column("Member", no_wrap=True)
    grid.add_column("Patent", no_wrap=True)
    columns = _purposes(report)
    for index, (purpose, _) in enumerate(columns):
        grid.add_column(_purpose_title(index, purpose, report))
    for member in scenario.members:
        for patent_id in scenario.patents:
            grid.add_row(member, patent_id, *(_cell(matrix[member][patent_id][purpose]) for purpose, matrix in columns))
    parts.append(grid)
    if report.council is not None:
        council = Table(
            title=f"Council (quota {format_fraction(report.council['quota'])}): control beside benefit",
            title_style="bold",
            caption=f"benefit share: {report.benefit.rule} of the benefit game",
        )
        for title in ("Member", "Votes", "Votes %", "Shapley-Shubik %", "Banzhaf %", "Benefit share %"):
            council.add_column(title, justify="left" if title == "Member" else "right")
        for member, weight, votes, power, banzhaf, share in _council_rows(report):
            council.add_row(member, format_fraction(weight), str(votes), str(power), str(banzhaf), str(share))
        parts.append(council)
    if report.revenue_share is not None:
        parts.append(_revenue_table(report))
    return rich_text(*parts)


def _revenue_table(report):
    from rich.table import Table

    shares = report.revenue_share
    digits = digits_of(report.scenario)
    amounts, total = money_column(shares["amounts"], digits)
    grid = Table(
        title=f"Revenue share paid by the lead exploitation party {shares['lead']}",
        title_style="bold",
        caption=f"of its expected revenue from the assigned results: {float(shares['revenue']):,.2f}; applied as "
        "min_amount clauses (rule core-lp)",
    )
    grid.add_column("Member")
    grid.add_column("Share %", justify="right")
    grid.add_column("Expected amount", justify="right", footer=show_money(total))
    for member, share in shares["shares"].items():
        grid.add_row(member, f"{float(share) * 100:.2f}", show_money(amounts[member]))
    return grid


# -- JSON, CSV, Markdown ---------------------------------------------------------------------------------------


def _json(report) -> str:
    scenario = report.scenario
    agreement = scenario.agreement
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
    if report.exclusive is not None:
        document["exclusive_licensing"] = {
            member: {pid: by_purpose["licensing"].to_dict() for pid, by_purpose in by_patent.items()}
            for member, by_patent in report.exclusive.items()
        }
    if report.council is not None:
        document["council"] = council_document(report.council)
    if report.revenue_share is not None:
        shares = report.revenue_share
        document["revenue_share"] = {
            "lead": shares["lead"],
            "revenue": float(shares["revenue"]),
            "shares": {m: float(s) for m, s in shares["shares"].items()},
            "amounts": {m: float(a) for m, a in shares["amounts"].items()},
            "exact": {m: format_fraction(a) for m, a in shares["amounts"].items()},
        }
    return dump_json(document)


def council_document(council) -> dict:
    """The council's voting power for JSON: floats, with exact rationals beside them."""
    return {
        "quota": float(council["quota"]),
        "weights": {m: float(w) for m, w in council["weights"].items()},
        "shapley_shubik": {m: float(v) for m, v in council["shapley_shubik"].items()},
        "banzhaf": {m: float(v) for m, v in council["banzhaf"].items()},
        "banzhaf_normalized": {m: float(v) for m, v in council["banzhaf_normalized"].items()},
        "exact": {
            index: {m: format_fraction(as_fraction(v)) for m, v in council[index].items()}
            for index in ("shapley_shubik", "banzhaf", "banzhaf_normalized")
        },
    }


def _csv(report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["table", "member", "patent", "purpose", "term", "consent", "value", "basis"])
    for row in report.ownership:
        for member, share in row["owners"].items():
            writer.writerow(["ownership", member, row["patent"], "", "", "", format_fraction(share), row["basis"]])
    for index, (purpose, matrix) in enumerate(_purposes(report)):
        label = "licensing-exclusive" if index == len(PURPOSES) else purpose
        for member, by_patent in matrix.items():
            for patent_id, by_purpose in by_patent.items():
                found = by_purpose[purpose]
                writer.writerow(["access", member, patent_id, label, found.term, found.consent_text(), "", found.basis])
    if report.council is not None:
        for index in ("shapley_shubik", "banzhaf", "banzhaf_normalized"):
            for member, value in report.council[index].items():
                writer.writerow(["council", member, "", index, "", "", format_fraction(value), ""])
    return buffer.getvalue()


def _markdown(report) -> str:
    scenario = report.scenario
    lines = [
        f"## {scenario.name}: rights",
        "",
        f"{_preset_line(report)}; scenario sha256 {scenario.sha256[:16]}…",
        "",
        "### Ownership",
        "",
        "| Patent | Title | Kind | Owners | Basis |",
        "|---|---|---|---|---|",
    ]
    for row in report.ownership:
        kind = "background" if row["background"] else "foreground"
        lines.append(f"| {row['patent']} | {row['title']} | {kind} | {_owners_text(row['owners'])} | {row['basis']} |")
    columns = _purposes(report)
    titles = [_purpose_title(i, purpose, report) for i, (purpose, _) in enumerate(columns)]
    lines += [
        "",
        "### Access rights",
        "",
        "| Member | Patent | " + " | ".join(titles) + " |",
        "|---|---|" + "---|" * len(titles),
    ]
    for member in scenario.members:
        for patent_id in scenario.patents:
            cells = [_cell(matrix[member][patent_id][purpose]) for purpose, matrix in columns]
            lines.append(f"| {member} | {patent_id} | " + " | ".join(cells) + " |")
    if report.council is not None:
        lines += [
            "",
            f"### Council (quota {format_fraction(report.council['quota'])})",
            "",
            f"| Member | Votes | Votes % | Shapley-Shubik % | Banzhaf % | Benefit share % ({report.benefit.rule}) |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for member, weight, votes, power, banzhaf, share in _council_rows(report):
            lines.append(f"| {member} | {format_fraction(weight)} | {votes} | {power} | {banzhaf} | {share} |")
    if report.revenue_share is not None:
        shares = report.revenue_share
        amounts, total = money_column(shares["amounts"], digits_of(scenario))
        lines += [
            "",
            f"### Revenue share paid by {shares['lead']}",
            "",
            "| Member | Share % | Expected amount |",
            "|---|---:|---:|",
        ]
        lines += [f"| {m} | {float(s) * 100:.2f} | {amounts[m]} |" for m, s in shares["shares"].items()]
        lines.append(f"| **Total** | | **{total}** |")
    return "\n".join(lines) + "\n"
