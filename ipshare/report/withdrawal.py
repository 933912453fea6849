"""The `ipshare withdraw` answer: the settlement with the leaving member and everyone's allocation before and after."""

from __future__ import annotations

import csv
import io
from fractions import Fraction

from ..exact import format_fraction, percentages
from .tables import digits_of, dump_json, header, money_column, rich_text, show_money

__all__ = ["WITHDRAW_FORMATS", "render_withdrawal"]

WITHDRAW_FORMATS = ("table", "json", "csv", "markdown")


def render_withdrawal(result, fmt: str) -> str:
    return {"table": _table, "json": _json, "csv": _csv, "markdown": _markdown}[fmt](result)


def _amounts(allocation):
    if allocation.exact is not None:
        return dict(allocation.exact)
    return {m: Fraction(v) for m, v in allocation.values.items()}


def _rows(result):
    """Reconciled columns: before (everyone), after, change, settlement payment and net change (those who stay)."""
    digits = digits_of(result.scenario)
    before = _amounts(result.before)
    after = _amounts(result.after)
    stay = tuple(result.remaining.members)
    columns = {
        "before": money_column(before, digits),
        "after": money_column(after, digits),
        "change": money_column(result.difference, digits),
        "pays": money_column(result.payments, digits),
        "net": money_column(result.net_change, digits),
    }
    share_before = percentages(before) or {m: None for m in before}
    share_after = percentages(after) or {m: None for m in after}
    return columns, share_before, share_after, stay


def _settlement_lines(result):
    settlement = result.settlement
    member = result.member
    lines = []
    if result.mode == "voluntary":
        lines.append(f"{member} is bought out for {float(settlement['buyout']):,.2f}: {settlement['buyout_basis']}")
    else:
        forfeited = float(settlement["contributions_forfeited"])
        lines.append(f"{member} is expelled: no buyout; its contributions ({forfeited:,.2f}) are forfeited")
    for grant, amount in settlement["grant_repayment"].items():
        lines.append(f"{member} repays {float(amount):,.2f} of grant {grant}")
    for provider, amount in settlement["matching_repayment"].items():
        lines.append(f"{member} repays {provider}'s matching funds: {float(amount):,.2f}")
    lines.append(f"net settlement to {member}: {float(settlement['net_to_member']):,.2f}")
    facts = result.facts
    if facts["licences_continue"]:
        lines.append(f"{member} keeps {', '.join(facts['licences_continue'])}; the alliance's licences continue")
    for patent_id, taken in facts["reassigned"].items():
        moved = ", ".join(f"{m} +{float(s) * 100:.4g} %" for m, s in taken.items())
        lines.append(f"{patent_id}: {member}'s share goes to {moved} ({facts['reassign']})")
    dropped = facts["dropped"]
    for what in ("revenue", "costs", "clauses"):
        if dropped[what]:
            lines.append(f"leaves with {member}: {what} {', '.join(dropped[what])}")
    lines += facts["notes"]
    return lines


def _title(result):
    how = "withdraws" if result.mode == "voluntary" else "is expelled"
    return f"{result.scenario.name}: {result.member} {how} ({result.rule})"


def _table(result) -> str:
    from rich.table import Table

    columns, share_before, share_after, stay = _rows(result)
    grid = Table(
        title=_title(result), caption="\n".join(_settlement_lines(result)), show_footer=True, title_style="bold"
    )
    grid.add_column("Member", footer="Total", no_wrap=True)
    heads = [
        ("before", "Before"),
        (None, "%"),
        ("after", "After"),
        (None, "% "),
        ("change", "Change"),
        (None, "pp"),
        ("pays", "Pays (+) / gets (-)"),
        ("net", "Net change"),
    ]
    for key, title in heads:
        footer = show_money(columns[key][1]) if key else ("100.00" if title.strip() == "%" else "")
        grid.add_column(title, justify="right", footer=footer, no_wrap=True)
    for member in result.scenario.members:
        if member not in stay:
            grid.add_row(
                f"{member} (leaves)",
                show_money(columns["before"][0][member]),
                str(share_before[member]),
                "-",
                "-",
                "-",
                "-",
                "-",
                "-",
            )
            continue
        grid.add_row(
            member,
            show_money(columns["before"][0][member]),
            str(share_before[member]),
            show_money(columns["after"][0][member]),
            str(share_after[member]),
            show_money(columns["change"][0][member]),
            f"{float(result.points[member]):+.2f}",
            show_money(columns["pays"][0][member]),
            show_money(columns["net"][0][member]),
        )
    return rich_text(grid)


def _json(result) -> str:
    def floats(mapping):
        return {m: float(v) for m, v in mapping.items()}

    def exact(mapping):
        return {m: format_fraction(Fraction(v)) for m, v in mapping.items()}

    settlement = result.settlement
    facts = result.facts
    document = {
        **header(result.scenario),
        "member": result.member,
        "mode": result.mode,
        "rule": result.rule,
        "members": list(result.scenario.members),
        "remaining": list(result.remaining.members),
        "grand_value_before": result.before.grand_value,
        "grand_value_after": result.after.grand_value,
        "before": floats(result.before.values),
        "after": floats(result.after.values),
        "difference": floats(result.difference),
        "percentage_points": floats(result.points),
        "payments": floats(result.payments),
        "net_change": floats(result.net_change),
        "exact": {
            "before": exact(_amounts(result.before)),
            "after": exact(_amounts(result.after)),
            "difference": exact(result.difference),
        },
        "settlement": {
            "buyout": float(settlement["buyout"]),
            "buyout_basis": settlement["buyout_basis"],
            "contributions_forfeited": float(settlement["contributions_forfeited"]),
            "grant_repayment": floats(settlement["grant_repayment"]),
            "matching_repayment": floats(settlement["matching_repayment"]),
            "net_to_member": float(settlement["net_to_member"]),
            "licences_continue": settlement["licences_continue"],
        },
        "reassigned": {pid: floats(taken) for pid, taken in facts["reassigned"].items()},
        "reassign": facts["reassign"],
        "dropped": facts["dropped"],
        "notes": facts["notes"],
    }
    return dump_json(document)


def _csv(result) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["member", "before", "after", "difference", "percentage_points", "pays", "net_change"])
    before = _amounts(result.before)
    after = _amounts(result.after)
    for member in result.scenario.members:
        if member not in result.difference:
            writer.writerow([member, format_fraction(before[member]), "", "", "", "", ""])
            continue
        writer.writerow(
            [
                member,
                format_fraction(before[member]),
                format_fraction(after[member]),
                format_fraction(result.difference[member]),
                f"{float(result.points[member]):.4f}",
                format_fraction(result.payments[member]),
                format_fraction(result.net_change[member]),
            ]
        )
    return buffer.getvalue()


def _markdown(result) -> str:
    columns, share_before, share_after, stay = _rows(result)
    lines = [
        f"## {_title(result)}",
        "",
        f"scenario sha256 {result.scenario.sha256[:16]}…",
        "",
        "| Member | Before | % | After | % | Change | pp | Pays (+) / gets (-) | Net change |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for member in result.scenario.members:
        if member not in stay:
            lines.append(f"| {member} (leaves) | {columns['before'][0][member]} | {share_before[member]} | | | | | | |")
            continue
        lines.append(
            f"| {member} | {columns['before'][0][member]} | {share_before[member]} | {columns['after'][0][member]} | "
            f"{share_after[member]} | {columns['change'][0][member]} | {float(result.points[member]):+.2f} | "
            f"{columns['pays'][0][member]} | {columns['net'][0][member]} |"
        )
    lines.append(
        f"| **Total** | **{columns['before'][1]}** | 100.00 | **{columns['after'][1]}** | 100.00 | "
        f"**{columns['change'][1]}** | | **{columns['pays'][1]}** | **{columns['net'][1]}** |"
    )
    lines += ["", *(f"- {line}" for line in _settlement_lines(result)), ""]
    return "\n".join(lines)
