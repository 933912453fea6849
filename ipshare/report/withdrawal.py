"""The `ipshare withdraw` answer: the settlement with the leaving member and everyone's allocation before and after.

Every figure is rounded once (:mod:`ipshare.report.figures`): the allocations before and after are the rule's
:class:`~ipshare.report.figures.RuleFigures` (the cents ``allocate`` shows), and every derived column is computed
from the rounded figures beside it — change = after − before, percentage points = after % − before %, net change =
change − what the member pays in the settlement — so each row and each column adds up as printed. The leaver's row
is part of every column (its allocation after is nothing, so its change is minus its allocation before), which makes
the Total row mean something: its change is the after-total less the before-total, the value the alliance gains or
loses with the departure. The table, Markdown and CSV are written by the format writers, which escape every text.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..exact import Rounding, decimal_of, format_fraction, money_difference, money_sum
from .document import Document, Number, Paragraph, Raw, Table
from .figures import RuleFigures, rounding_of, rule_figures
from .tables import dump_json, header, percent_rounding, render_document

__all__ = ["WITHDRAW_FORMATS", "WithdrawalFigures", "withdrawal_figures", "withdrawal_document", "render_withdrawal"]

WITHDRAW_FORMATS = ("table", "json", "csv", "markdown")


@dataclass(frozen=True)
class WithdrawalFigures:
    """A withdrawal as it is shown, every figure rounded once and every derived one computed from those.

    ``before`` / ``after``: the rule's figures in the whole and in the remaining alliance. Per member of the whole
    alliance (the leaver included): ``after_amounts`` and ``after_percent`` (the leaver's are 0), ``change`` (after
    − before), ``points`` (after % − before %, None where a total is 0), ``pays`` (what it pays (+) or receives (−)
    in the settlement: the leaver receives its net settlement) and ``net`` (change − pays). ``totals`` holds each
    column's total: ``change`` is ``after`` − ``before``, and ``pays`` what leaves the alliance (grant repayments to
    their providers).
    """

    rounding: Rounding
    before: RuleFigures
    after: RuleFigures
    after_amounts: dict[str, Decimal]
    after_percent: dict[str, Decimal] | None
    change: dict[str, Decimal]
    points: dict[str, Decimal | None]
    pays: dict[str, Decimal]
    net: dict[str, Decimal]
    totals: dict[str, Decimal | None]
    buyout: Decimal
    forfeited: Decimal
    grant_repayment: dict[str, Decimal]
    matching_repayment: dict[str, Decimal]
    net_to_member: Decimal
    reassigned: dict[str, dict[str, Decimal]]


def _games(result):
    if getattr(result, "game_before", None) is not None and getattr(result, "game_after", None) is not None:
        return result.game_before, result.game_after
    from ..alliance.benefit import benefit_game

    return benefit_game(result.scenario), benefit_game(result.remaining)


def withdrawal_figures(result) -> WithdrawalFigures:
    """Round a :class:`~ipshare.analyses.withdrawal.Withdrawal` for display (see :class:`WithdrawalFigures`)."""
    game_before, game_after = _games(result)
    rounding = rounding_of(result.scenario)
    before = rule_figures(result.before, game_before, rounding)
    after = rule_figures(result.after, game_after, rounding_of(result.remaining))
    leaver = result.member
    members = list(result.scenario.members)

    zero, zero_percent = decimal_of(0, rounding.digits), decimal_of(0, 2)
    after_amounts = {m: after.rounded.get(m, zero) for m in members}
    after_percent = None if after.percent is None else {m: after.percent.get(m, zero_percent) for m in members}
    change = {m: money_difference(after_amounts[m], before.rounded[m]) for m in members}
    if before.percent is None or after_percent is None:
        points = {m: None for m in members}
    else:
        points = {m: money_difference(after_percent[m], before.percent[m]) for m in members}

    settlement = result.settlement
    buyout = before.rounded[leaver] if result.mode == "voluntary" else zero
    grants = rounding.column({g: Fraction(a) for g, a in settlement["grant_repayment"].items()})
    matching = rounding.column({m: Fraction(a) for m, a in settlement["matching_repayment"].items()})
    net_to_member = money_difference(buyout, money_sum([*grants.values(), *matching.values()]))
    # The others pay the buyout between them (its cents, the leaver's allocation before) and get their matching
    # funds back; the leaver receives its net settlement.
    stay = [m for m in members if m != leaver]
    shares = {m: Fraction(result.payments[m]) + Fraction(settlement["matching_repayment"].get(m, 0)) for m in stay}
    share_cents = rounding_of(result.remaining).column(shares, Fraction(buyout)) if stay else {}
    pays = {m: money_difference(share_cents[m], matching.get(m, zero)) for m in stay}
    pays[leaver] = -net_to_member
    pays = {m: pays[m] for m in members}
    net = {m: money_difference(change[m], pays[m]) for m in members}

    totals = {
        "before": before.rounded_total,
        "after": after.rounded_total,
        "change": money_sum(change.values()),
        "points": None if any(p is None for p in points.values()) else money_sum(points.values()),
        "pays": money_sum(pays.values()),
        "net": money_sum(net.values()),
    }

    percent = percent_rounding(rounding)
    reassigned = {
        patent: percent.column({m: Fraction(s) * 100 for m, s in taken.items()})
        for patent, taken in result.facts["reassigned"].items()
    }
    return WithdrawalFigures(
        rounding=rounding,
        before=before,
        after=after,
        after_amounts=after_amounts,
        after_percent=after_percent,
        change=change,
        points=points,
        pays=pays,
        net=net,
        totals=totals,
        buyout=buyout,
        forfeited=rounding.amount(Fraction(settlement["contributions_forfeited"])),
        grant_repayment=grants,
        matching_repayment=matching,
        net_to_member=net_to_member,
        reassigned=reassigned,
    )


def render_withdrawal(result, fmt: str, width: int | None = None, lang: str = "en") -> str:
    """The withdrawal as ``table`` (fitted to ``width``; None: natural width), ``json``, ``csv`` or ``markdown``;
    ``lang``: the language of the table's fixed texts."""
    if fmt not in WITHDRAW_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(WITHDRAW_FORMATS)}")
    figures = withdrawal_figures(result)
    if fmt == "json":
        return _json(result, figures)
    if fmt == "csv":
        return _csv(result, figures)
    return render_document(withdrawal_document(result, figures, lang), fmt, width, lang)


def _money(value: Decimal) -> str:
    return Number(value).text


def _settlement_lines(result, figures, lang="en"):
    from .messages import text

    if lang == "zh+en":
        return _both(_settlement_lines(result, figures, "zh"), _settlement_lines(result, figures, "en"))
    member = result.member
    unit = f" {result.scenario.currency}" if result.scenario.currency else ""
    comma = ", " if lang == "en" else "、"
    lines = []
    if getattr(result, "at", None) is not None:
        lines.append(text("withdraw.leaves_on", lang, member=member, date=result.at.isoformat()))
    if getattr(result, "successor", None) is not None:
        lines.append(text("withdraw.successor", lang, successor=result.successor, member=member))
    if result.mode == "voluntary":
        basis = result.settlement["buyout_basis"]
        if lang != "en":  # the analysis says it in English; the same sentence from the catalogue
            basis = text("withdraw.buyout_basis", lang, member=member, rule=result.rule)
        lines.append(text("withdraw.bought_out", lang, member=member, amount=_money(figures.buyout), unit=unit,
                          basis=basis))
    else:
        lines.append(text("withdraw.expelled", lang, member=member, amount=_money(figures.forfeited), unit=unit))
    for grant, amount in figures.grant_repayment.items():
        lines.append(text("withdraw.repays_grant", lang, member=member, amount=_money(amount), unit=unit, grant=grant))
    for provider, amount in figures.matching_repayment.items():
        lines.append(text("withdraw.repays_matching", lang, member=member, provider=provider, amount=_money(amount),
                          unit=unit))
    lines.append(text("withdraw.net_settlement", lang, member=member, amount=_money(figures.net_to_member), unit=unit))
    facts = result.facts
    if facts["licences_continue"]:
        lines.append(text("withdraw.licences_continue", lang, member=member,
                          licences=comma.join(facts["licences_continue"])))
    for patent_id, taken in figures.reassigned.items():
        moved = ", ".join(f"{m} +{Number(share, 'percent').text} %" for m, share in taken.items())
        lines.append(text("withdraw.share_goes", lang, patent=patent_id, member=member, moved=moved,
                          how=facts["reassign"]))
    dropped = facts["dropped"]
    for what in ("revenue", "costs", "clauses"):
        if dropped[what]:
            lines.append(text("withdraw.leaves_with", lang, member=member, what=text(f"withdraw.what.{what}", lang),
                              items=comma.join(dropped[what])))
    for licence, amount in (getattr(result, "continuing", None) or {}).items():
        lines.append(text("withdraw.keeps_paid", lang, member=member, licence=licence, unit=unit,
                          amount=_money(figures.rounding.amount(Fraction(amount)))))
    if getattr(result, "stopping", ()):
        lines.append(text("withdraw.stop_paying", lang, member=member, licences=comma.join(result.stopping)))
    lines += [_note(note, lang) for note in facts["notes"]]
    return lines


def _note(note: str, lang: str) -> str:
    """A note of the analysis (English) in ``lang`` when the catalogue has it."""
    from .messages import text

    for key in ("withdraw.note.risk_factors", "withdraw.note.bargaining"):
        if note == text(key, "en"):
            return text(key, lang)
    return note


def _both(chinese, english):
    """zh+en: each line in Chinese, then in English (a line both share once)."""
    lines = []
    for pair in zip(chinese, english, strict=True):
        lines.extend(dict.fromkeys(pair))
    return lines


def _total_lines(result, figures, lang="en"):
    """What the Total row means."""
    from .messages import rounding_short, text

    if lang == "zh+en":
        return _both(_total_lines(result, figures, "zh"), _total_lines(result, figures, "en"))
    totals = figures.totals
    unit = f" {result.scenario.currency}" if result.scenario.currency else ""
    change = totals["change"]
    meaning = "withdraw.loses" if change < 0 else "withdraw.gains" if change > 0 else "withdraw.unchanged"
    lines = [
        text("withdraw.total_change", lang, after=_money(totals["after"]), before=_money(totals["before"]),
             change=Number(change, "signed").text, unit=unit, member=result.member,
             meaning=text(meaning, lang, member=result.member)),
        text("withdraw.every_change", lang, rounding=rounding_short(figures.rounding, lang)),
    ]
    if totals["pays"]:
        lines.append(text("withdraw.pays_total", lang, amount=Number(totals["pays"], "signed").text, unit=unit))
    return lines


def _title(result, lang="en"):
    from .messages import text

    how = "voluntary" if result.mode == "voluntary" else "expelled"
    at = getattr(result, "at", None)  # --at DATE: the title says the day
    if at is not None:
        return text(f"withdraw.title.{how}_on", lang, name=result.scenario.name, member=result.member,
                    date=at.isoformat(), rule=result.rule)
    return text(f"withdraw.title.{how}", lang, name=result.scenario.name, member=result.member, rule=result.rule)


def withdrawal_document(result, figures: WithdrawalFigures | None = None, lang: str = "en") -> Document:
    """The withdrawal as a document: one row per member of the whole alliance (the leaver marked), the totals,
    what they mean, and the settlement; every fixed text from the message catalogue in ``lang``."""
    from .messages import text

    figures = figures or withdrawal_figures(result)
    unit = result.scenario.currency or text("withdraw.value", lang)
    header_row = (
        text("withdraw.col.member", lang),
        text("withdraw.col.name", lang),
        text("withdraw.col.before", lang, unit=unit),
        text("withdraw.col.before_percent", lang),
        text("withdraw.col.after", lang, unit=unit),
        text("withdraw.col.after_percent", lang),
        text("withdraw.col.change", lang, unit=unit),
        text("withdraw.col.change_points", lang),
        text("withdraw.col.pays", lang),
        text("withdraw.col.net", lang, unit=unit),
    )
    rows = []
    for member in result.scenario.members:
        stays = member != result.member
        rows.append(
            (
                member if stays else text("withdraw.leaves", lang, member=member),
                result.scenario.members[member].name,
                Number(figures.before.rounded[member]),
                Number(None if figures.before.percent is None else figures.before.percent[member], "percent"),
                Number(figures.after_amounts[member]),
                Number(None if figures.after_percent is None else figures.after_percent[member], "percent"),
                Number(figures.change[member], "signed"),
                Number(figures.points[member], "signed-percent"),
                Number(figures.pays[member], "signed"),
                Number(figures.net[member], "signed"),
            )
        )
    totals = figures.totals
    hundred = Decimal("100.00")
    footer = (
        text("withdraw.total", lang),
        "",
        Number(totals["before"]),
        Number(hundred if figures.before.percent is not None else None, "percent"),
        Number(totals["after"]),
        Number(hundred if figures.after.percent is not None else None, "percent"),
        Number(totals["change"], "signed"),
        Number(totals["points"], "signed-percent"),
        Number(totals["pays"], "signed"),
        Number(totals["net"], "signed"),
    )
    grid = Table(
        "withdrawal",
        header_row,
        tuple(rows),
        footer,
        title=_title(result, lang),
        caption=(text("withdraw.sha256", "en" if lang == "en" else "zh", sha256=result.scenario.sha256[:16]),
                 *_total_lines(result, figures, lang)),
        keys=2,
        groups=((2, 3), (4, 5), (6, 7), (8, 9)),
    )
    settlement = tuple(Paragraph(line) for line in _settlement_lines(result, figures, lang))
    return Document(title="", blocks=(grid, *settlement))


def _json(result, figures) -> str:
    from .tables import rounding_document

    def floats(mapping):
        return {m: float(v) for m, v in mapping.items()}

    def exact(mapping):
        return {m: format_fraction(Fraction(v)) for m, v in mapping.items()}

    def text(mapping):
        return {m: None if v is None else str(v) for m, v in mapping.items()}

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
            "before": exact(figures.before.exact),
            "after": exact(figures.after.exact),
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
        # Time and succession (docs/time-and-place.md): the departure date, the new lead, and the leaver's part of
        # each licence signed before it left (it keeps being paid), and the licences that stop paying it.
        "at": None if getattr(result, "at", None) is None else result.at.isoformat(),
        "successor": getattr(result, "successor", None),
        "continuing": {
            lid: {"exact": format_fraction(Fraction(v)), "rounded": str(figures.rounding.amount(Fraction(v)))}
            for lid, v in (getattr(result, "continuing", None) or {}).items()
        },
        "stopping": list(getattr(result, "stopping", ())),
        # The figures the table shows, every member of the whole alliance included (the leaver's after is 0).
        "rounded": {
            "before": text(figures.before.rounded),
            "after": text(figures.after_amounts),
            "percent_before": None if figures.before.percent is None else text(figures.before.percent),
            "percent_after": None if figures.after_percent is None else text(figures.after_percent),
            "difference": text(figures.change),
            "percentage_points": text(figures.points),
            "payments": text(figures.pays),
            "net_change": text(figures.net),
            "settlement": {
                "buyout": str(figures.buyout),
                "contributions_forfeited": str(figures.forfeited),
                "grant_repayment": text(figures.grant_repayment),
                "matching_repayment": text(figures.matching_repayment),
                "net_to_member": str(figures.net_to_member),
            },
        },
        "totals": text(figures.totals),
        "total_change_says": _total_lines(result, figures)[0],
        "rounding": rounding_document(figures.rounding),
    }
    return dump_json(document)


def _csv(result, figures) -> str:
    """One row per member of the whole alliance: the rounded figures of the table, then the exact amounts."""
    from .formats.csv import rows_text

    rows = [
        [
            "member", "before", "after", "difference", "percentage_points", "pays", "net_change",
            "name", "status", "before_percent", "after_percent", "exact_before", "exact_after", "exact_difference",
        ]
    ]
    before_exact, after_exact = figures.before.exact, figures.after.exact
    for member in result.scenario.members:
        stays = member != result.member
        rows.append(
            [
                member,
                Number(figures.before.rounded[member]),
                Number(figures.after_amounts[member]),
                Number(figures.change[member]),
                Number(figures.points[member]),
                Number(figures.pays[member]),
                Number(figures.net[member]),
                result.scenario.members[member].name,
                "stays" if stays else "leaves",
                Number(None if figures.before.percent is None else figures.before.percent[member]),
                Number(None if figures.after_percent is None else figures.after_percent[member]),
                Raw(format_fraction(before_exact[member])),
                Raw(format_fraction(after_exact[member]) if stays else "0"),
                Raw(format_fraction(after_exact.get(member, Fraction(0)) - before_exact[member])),
            ]
        )
    return rows_text(rows)
