"""Renderers: the allocation table as JSON (the output contract, docs/output.md), CSV, Markdown and a terminal table.

Every renderer returns text; nothing here prints or writes files. Each allocation is rounded once
(:mod:`ipshare.report.figures`): every column sums exactly to its rounded total and the percentages to 100.00, and
every format shows those same figures. The table, CSV and Markdown are one :class:`~ipshare.report.document.Document`
written by the format writers (:mod:`ipshare.report.formats`), which escape every text for their format.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from fractions import Fraction

from ..exact import (
    Rounding,
    decimal_of,
    format_fraction,
    money_difference,
    money_sum,
)
from ..version import __version__
from .document import Document, Number, Raw, Table
from .figures import RuleFigures, grand_of, rounding_of, rule_figures, shown_half_width
from .tables import at_of, dated_name, rounding_document, scenario_identity

__all__ = [
    "AllocationTable",
    "allocation_table",
    "allocation_document",
    "render_json",
    "render_csv",
    "render_markdown",
    "render_table",
    "render_conflict",
    "clause_lines",
    "ALLOCATION_FORMATS",
]

ALLOCATION_FORMATS = ("table", "json", "csv", "markdown")


@dataclass(frozen=True)
class AllocationTable:
    """Everything a renderer needs: the scenario's identity, the members, one rounded column per rule, and each
    rule's clause checks (:func:`ipshare.solutions.clauses.check_clauses`)."""

    scenario: object
    game: object
    rounding: Rounding
    currency: str | None
    columns: tuple[RuleFigures, ...]
    clauses: dict

    @property
    def members(self):
        return self.game.players

    @property
    def digits(self) -> int:
        return self.rounding.digits

    def broken(self, rule) -> tuple:
        return tuple(check for check in self.clauses.get(rule, ()) if check.broken)


def allocation_table(scenario, game, allocations) -> AllocationTable:
    """Round each allocation for display (amounts to the minor unit, percentages to 0.01) and check the
    agreement's clauses under each."""
    from ..solutions.clauses import check_clauses

    allocations = list(allocations)
    rounding = rounding_of(scenario)
    currency = scenario.currency if scenario.game is None else None
    columns = tuple(rule_figures(allocation, game, rounding) for allocation in allocations)
    return AllocationTable(
        scenario=scenario,
        game=game,
        rounding=rounding,
        currency=currency,
        columns=columns,
        clauses=check_clauses(game, allocations),
    )


def clauses_document(table: AllocationTable) -> dict:
    """The ``clauses`` block: per rule, whether every clause holds, and each clause's status (gaps rounded)."""
    document = {}
    for column in table.columns:
        checks = table.clauses.get(column.rule, ())
        document[column.rule] = {
            "holds": not any(check.broken for check in checks),
            "broken": [check.clause for check in checks if check.broken],
            "checks": [
                {
                    "clause": check.clause,
                    "says": check.says,
                    "status": check.status,
                    **({"by": str(table.rounding.amount(check.gap))} if check.broken else {}),
                    **({"where": list(check.where)} if check.where else {}),
                    **({"shadow_price": check.shadow_price} if check.shadow_price is not None else {}),
                }
                for check in checks
            ],
        }
    return document


def _document(table: AllocationTable) -> dict:
    scenario, game = table.scenario, table.game
    document = {
        "ipshare": __version__,
        "scenario": scenario_identity(scenario),
        "members": list(game.players),
        "grand_value": game.grand_value,
        "allocations": {c.rule: {p: c.allocation.values[p] for p in game.players} for c in table.columns},
        "exact": {
            c.rule: {p: format_fraction(c.allocation.exact[p]) for p in game.players}
            for c in table.columns
            if c.allocation.exact is not None
        },
        "kind": game.kind,
        "currency": table.currency,
        "minor_unit": table.digits,
        "method": {c.rule: c.allocation.method for c in table.columns},
        "rounded": {c.rule: {p: str(c.rounded[p]) for p in game.players} for c in table.columns},
        "percent": {
            c.rule: {p: str(c.percent[p]) for p in game.players} for c in table.columns if c.percent is not None
        },
        "totals": {c.rule: str(c.rounded_total) for c in table.columns},
        "rounded_grand_value": str(table.rounding.amount(grand_of(game))),
        "rounding": rounding_document(table.rounding),
        "at": at_of(scenario),  # --at DATE: the day the allocation is computed at (None: undated)
    }
    if any(table.clauses.get(c.rule) for c in table.columns):
        document["clauses"] = clauses_document(table)
    if game.exact_grand_value is not None:
        document["exact_grand_value"] = format_fraction(game.exact_grand_value)
    details = {c.rule: c.allocation.details for c in table.columns if c.allocation.details}
    if details:
        document["details"] = details
    errors = {c.rule: dict(c.allocation.stderr) for c in table.columns if c.allocation.stderr is not None}
    if errors:
        document["stderr"] = errors  # sampled rules: standard error per member (intervals are in details)
    if scenario.game is None and getattr(scenario.agreement, "council", None) is not None:
        from ..analyses.rights import council_power
        from .rights import council_document

        document["council"] = council_document(council_power(scenario), table.rounding)  # power beside benefit
    return document


def render_json(table: AllocationTable) -> str:
    """The JSON output contract (docs/output.md): keys are only ever added, never renamed."""
    return json.dumps(_document(table), indent=2, ensure_ascii=False, default=str) + "\n"


def render_csv(table: AllocationTable) -> str:
    """One row per rule and member: the amount, its reconciled rounding, the percentage, the exact value, and
    whether the rule keeps every clause of the agreement."""
    from .formats.csv import rows_text

    at = at_of(table.scenario)
    rows = [["rule", "member", "name", "value", "rounded", "percent", "exact", "clauses"] + (["at"] if at else [])]
    for column in table.columns:
        broken = table.broken(column.rule)
        verdict = ("breaks " + " ".join(c.clause for c in broken)) if broken else "holds"
        if not table.clauses.get(column.rule):
            verdict = ""
        for player in table.members:
            exact = column.allocation.exact
            rows.append(
                [
                    column.rule,
                    player,
                    _name(table, player),
                    Raw(repr(column.allocation.values[player])),
                    Number(column.rounded[player]),
                    Number(None if column.percent is None else column.percent[player], "percent"),
                    Raw("" if exact is None else format_fraction(exact[player])),
                    verdict,
                ]
                + ([at] if at else [])
            )
    return rows_text(rows)


def _name(table, player):
    member = table.scenario.members.get(player)
    return member.name if member is not None else player


def _notes(table, lang="en"):
    """Say so when a rule's column does not add up to the grand value (the raw Banzhaf value need not), and how
    a sampled rule was estimated."""
    if lang != "en":
        return _notes_in(table, lang)
    notes = []
    for column in table.columns:
        if column.allocation.stderr is not None:
            facts = column.allocation.details
            largest = table.rounding.amount(max(column.allocation.stderr.values()))
            notes.append(
                f"{column.rule} is estimated by sampling ({column.allocation.method}, {facts.get('samples'):,} "
                f"samples, seed {facts.get('seed')}): ± is the half-width of each {facts.get('confidence', 0.95):.0%}"
                f" confidence interval; amounts are shown to the digits the widest supports (standard errors up to"
                f" {Number(largest).text}; full figures and intervals in the JSON output)"
                + ("; stopped at the time limit with the samples drawn by then" if facts.get("stopped") else "")
            )
        if not column.efficient:
            notes.append(
                f"{column.rule} does not sum to the grand value: its column totals {Number(column.rounded_total).text}"
                " and its percentages are of that total"
            )
    return notes


def _notes_in(table, lang):
    """:func:`_notes` from the message catalogue (``zh``, ``zh+en``: each note a line per language)."""
    from .messages import block, text

    notes = []
    for column in table.columns:
        rule = _rule_name(column.rule, lang)
        if column.allocation.stderr is not None:
            facts = column.allocation.details
            largest = table.rounding.amount(max(column.allocation.stderr.values()))
            for language in ("zh", "en") if lang == "zh+en" else (lang,):
                notes.append(
                    text(
                        "note.sampled", language, rule=rule, method=column.allocation.method,
                        samples=f"{facts.get('samples'):,}", seed=str(facts.get("seed")),
                        confidence=f"{facts.get('confidence', 0.95):.0%}", largest=Number(largest).text,
                    )
                    + (text("note.sampled_stopped", language) if facts.get("stopped") else "")
                )
        if not column.efficient:
            notes.extend(block("note.not_efficient", lang, rule=rule, total=Number(column.rounded_total).text))
    return notes


def _rule_name(rule: str, lang: str):
    from .messages import rule_name

    return rule_name(rule, lang)


def _methods_line(table, lang="en") -> str:
    parts = []
    for column in table.columns:
        method = column.allocation.method or "?"
        certificate = column.allocation.details.get("certificate") if column.allocation.details else None
        if lang != "en":
            from .messages import text

            said = [method]
            if certificate:
                said.append(
                    text("method.certified_by", "zh", certificate=certificate) if isinstance(certificate, str)
                    else text("method.certified", "zh")
                )
            parts.append(_rule_name(column.rule, "zh")["zh"] + " " + "，".join(said))
            continue
        if certificate:
            method += f", certified exactly ({certificate})" if isinstance(certificate, str) else ", certified exactly"
        parts.append(f"{column.rule} {method}")
    if lang != "en":
        from .messages import text

        return text("methods.line", "zh", parts="；".join(parts))
    return "method: " + "; ".join(parts)


def clause_lines(table, lang="en") -> list[str]:
    """One line per rule that breaks a clause (which, by how much, where), or one line saying they all hold.

    ``lang`` ``zh`` or ``zh+en``: the lines from the message catalogue, in Chinese (the English lines stay
    under ``en`` exactly as they were)."""
    if lang != "en":
        return _clause_lines_zh(table)
    lines, keeping = [], []
    unit = f" {table.currency}" if table.currency else ""
    for column in table.columns:
        checks = table.clauses.get(column.rule, ())
        if not checks:
            continue
        broken = [check for check in checks if check.broken]
        if not broken:
            keeping.append(column.rule)
            continue
        said = "; ".join(
            f"{check.clause} by {Number(table.rounding.amount(check.gap)).text}{unit} ({', '.join(check.where[:3])}"
            + (f" and {len(check.where) - 3} more" if len(check.where) > 3 else "")
            + ")"
            for check in broken
        )
        count = len([c for c in checks if c.status != "not in force"])
        clauses = "clause" if count == 1 else "clauses"
        lines.append(f"* {column.rule} breaks {len(broken)} of the agreement's {count} {clauses}: {said}")
    if keeping:
        count = max(len([c for c in table.clauses[rule] if c.status != "not in force"]) for rule in keeping)
        said = "the agreement's one clause holds" if count == 1 else f"all {count} of the agreement's clauses hold"
        lines.append(f"clauses: {said} under {_join(keeping)}")
    return lines


def _clause_lines_zh(table) -> list[str]:
    """:func:`clause_lines` in Chinese (one language: a line of a table's caption, the rule ids kept)."""
    from .messages import join_words, text

    lines, keeping = [], []
    unit = f" {table.currency}" if table.currency else ""
    for column in table.columns:
        checks = table.clauses.get(column.rule, ())
        if not checks:
            continue
        broken = [check for check in checks if check.broken]
        if not broken:
            keeping.append(column.rule)
            continue
        said = "；".join(
            text(
                "clauses.said", "zh", clause=check.clause, amount=Number(table.rounding.amount(check.gap)).text,
                unit=unit,
                where=text("status.more", "zh", where="、".join(check.where[:3]), count=str(len(check.where) - 3))
                if len(check.where) > 3 else "、".join(check.where),
            )
            for check in broken
        )
        count = len([c for c in checks if c.status != "not in force"])
        if count == 1:
            line = text("clauses.line.breaks_of_one", "zh", rule=_rule_name(column.rule, "zh"), said=said)
        else:
            line = text("clauses.line.breaks", "zh", rule=_rule_name(column.rule, "zh"), count=str(len(broken)),
                        total=str(count), said=said)
        lines.append("* " + line)
    if keeping:
        count = max(len([c for c in table.clauses[rule] if c.status != "not in force"]) for rule in keeping)
        rules = join_words([_rule_name(rule, "zh")["zh"] for rule in keeping], "zh")
        lines.append(text("clauses.line.hold_one", "zh", rules=rules) if count == 1
                     else text("clauses.line.hold_all", "zh", count=str(count), rules=rules))
    return lines


def _join(names):
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _unit_label(table, lang="en"):
    if lang != "en":
        from .messages import text

        if table.game.kind == "cost":
            return (text("unit.cost_share_of", lang, currency=table.currency) if table.currency
                    else text("unit.cost_share", lang))
        return table.currency or text("unit.value", lang)
    if table.game.kind == "cost":
        return f"cost share ({table.currency})" if table.currency else "cost share"
    return table.currency or "value"


def _grand_line(table, lang="en"):
    scenario, game = table.scenario, table.game
    exact_grand = grand_of(game)
    if table.currency is not None:
        grand = Number(table.rounding.amount(exact_grand)).text
    else:
        grand = format_fraction(exact_grand) if game.exact_grand_value is not None else repr(game.grand_value)
    unit = " " + table.currency if table.currency else ""
    if lang != "en":
        from .messages import text

        word = text("grand.cost" if game.kind == "cost" else "grand.value", "zh")
        return text("grand.line", "zh", word=word, grand=grand, unit=unit, sha256=scenario.sha256[:16])
    word = "grand coalition cost" if game.kind == "cost" else "grand coalition value"
    return f"{word}: {grand}{unit}; scenario sha256 {scenario.sha256[:16]}…"


def _heading(table):
    return [table.scenario.name, _grand_line(table)]


def _rounding_line(table, lang="en"):
    if lang != "en":
        from .messages import text

        digits = table.rounding.digits
        step = "1" if digits == 0 else "0." + "0" * (digits - 1) + "1"
        short = text("rounding.short", "zh", step=step, ties=text(f"ties.{table.rounding.ties}", "zh"))
        return text("rounding.table_line", "zh", rounding=short)
    return f"{table.rounding.short()}; percentages to 0.01, summing to 100.00"


def allocation_document(table: AllocationTable, lang: str = "en") -> Document:
    """The allocation as a document: members by rows, each rule an amount and a percentage column (and the exact
    value for a classic game), totals at the foot, the grand value, methods, rounding, notes and clause status
    under it; then core-lp's binding clauses.

    ``lang``: ``en`` (the default, as it always was), or ``zh``/``zh+en``: every fixed text from the message
    catalogue (Chinese; zh+en: Chinese / English for the headers and notes, the caption lines in Chinese). Rule
    ids, method ids and clause ids stay as typed; the clauses' own texts (``says``, the LP objective) are the
    solver's and stay English."""
    from .messages import text

    named = table.scenario.game is None
    show_exact = not named
    if lang == "en":
        header = ["Member", "Name"] if named else ["Player"]
    else:
        header = [text("header.member", lang), text("header.name", lang)] if named else [text("header.player", lang)]
    groups = []
    for column in table.columns:
        mark = " *" if table.broken(column.rule) else ""
        start = len(header)
        header += [f"{column.rule}{mark}\n{_unit_label(table, lang)}", *(["±"] if column.sampled else []), "%"]
        if show_exact and column.allocation.exact is not None:
            header.append("exact" if lang == "en" else text("header.exact", lang))
        groups.append(tuple(range(start, len(header))))
    rows = []
    for player in table.members:
        row = [player, _name(table, player)] if named else [player]
        for column in table.columns:
            row.append(Number(column.shown[player]))
            if column.sampled:
                row.append(Number(shown_half_width(column, player)))
            row.append(Number(None if column.shown_percent is None else column.shown_percent[player], "percent"))
            if show_exact and column.allocation.exact is not None:
                row.append(Raw(format_fraction(column.allocation.exact[player])))
        rows.append(tuple(row))
    total = "Total" if lang == "en" else text("header.total", lang)
    footer = [total, ""] if named else [total]
    for column in table.columns:
        footer.append(Number(column.shown_total))
        if column.sampled:
            footer.append("")
        hundred = decimal_of(100 * 10**column.percent_digits, column.percent_digits)
        footer.append(Number(hundred if column.shown_percent is not None else None, "percent"))
        if show_exact and column.allocation.exact is not None:
            footer.append("")
    caption = (
        _grand_line(table, lang),
        _methods_line(table, lang),
        _rounding_line(table, lang),
        *_notes(table, lang),
        *clause_lines(table, lang),
    )
    grid = Table(
        "allocation",
        tuple(header),
        tuple(rows),
        tuple(footer),
        title=dated_name(table.scenario, lang),
        caption=caption,
        keys=2 if named else 1,
        groups=tuple(groups),
    )
    return Document(title="", blocks=(grid, *_binding_blocks(table, lang)))


def render_markdown(table: AllocationTable, lang: str = "en") -> str:
    """The allocation document as Markdown."""
    from .formats import markdown

    return markdown.render(allocation_document(table, lang))


def render_table(table: AllocationTable, width: int | None = None, lang: str = "en") -> str:
    """The allocation document as terminal text, fitted to ``width`` (None: its natural width)."""
    from .formats import terminal

    return terminal.render(allocation_document(table, lang), width, lang)


# -- clauses (rule core-lp): the binding clauses and their shadow prices, and the diagnosis of a conflict ----------


def _clause_columns(table):
    return [c for c in table.columns if "binding" in c.allocation.details]


def _price(value) -> str:
    return f"{value:,.6g}" if value else "0"


def _objective_line(details, lang="en"):
    from ..solutions.clauses import format_amount

    value = format_amount(details["objective_value"])
    if lang != "en":
        from .messages import text

        return text("binding.objective", "zh", objective=details["objective"], meaning=details["objective_meaning"],
                    value=value)
    return f"objective {details['objective']}: {details['objective_meaning']} = {value}"


def _binding_blocks(table, lang="en") -> list:
    from .document import Paragraph
    from .messages import text

    blocks = []
    for column in _clause_columns(table):
        details = column.allocation.details
        if not details["binding"]:
            if lang != "en":
                blocks.append(Paragraph(text("binding.none", "zh", rule=column.rule,
                                             objective=_objective_line(details, lang))))
                continue
            blocks.append(Paragraph(f"{column.rule}: no clause binds ({_objective_line(details)})"))
            continue
        if lang == "en":
            header = ("Clause", "What it says", "At its bound", "Shadow price")
            title = f"{column.rule}: binding clauses"
            shadow = f"shadow price: {details['shadow_price']}"
        else:
            keys = ("clause", "what_it_says", "at_bound", "shadow_price")
            header = tuple(text(f"header.{key}", lang) for key in keys)
            title = text("binding.title", "zh", rule=column.rule)
            shadow = text("binding.shadow_price", "zh", meaning=details["shadow_price"])
        blocks.append(
            Table(
                "binding",
                header,
                tuple(
                    (b["clause"], _says(table, b, lang), ", ".join(b["at_bound"]), Raw(_price(b["shadow_price"])))
                    for b in details["binding"]
                ),
                title=title,
                caption=(_objective_line(details, lang), shadow),
            )
        )
    return blocks


def _says(table, binding, lang):
    """What a binding clause says, in ``lang`` (the LP's English sentence under ``en``)."""
    if lang == "en":
        return binding["says"]
    clause = clauses_by_id(table.game).get(binding["clause"])
    return binding["says"] if clause is None else clause_condition(clause, table.game, lang, binding["says"])


def clauses_by_id(game) -> dict:
    """The game's agreement's clauses by id (empty for a game without a scenario's agreement)."""
    from ..solutions.clauses import as_clauses

    return {clause.id: clause for clause in as_clauses(None, game)}


def render_conflict(scenario, game, conflict) -> str:
    """The JSON answer when the clauses cannot all hold: the scenario's identity and the diagnosis."""
    document = {
        "ipshare": __version__,
        "scenario": scenario_identity(scenario),
        "members": list(game.players),
        "grand_value": game.grand_value,
        "kind": game.kind,
        "rule": conflict.rule,
        "error": "clause-conflict",
        "exit_status": conflict.exit_status,
        "conflict": conflict.as_dict(),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


GAME_FORMATS = ("table", "json", "csv")


def render_game(scenario, game, fmt: str, width: int | None = None) -> str:
    """Every coalition's value, by mask (player i is bit i), in ``table``, ``json`` or ``csv``."""
    rounding = rounding_of(scenario)
    rows = []
    for mask in range(1 << game.n):
        exact = game.exact_value(mask)
        rows.append(
            (mask, game.members(mask), float(game.values[mask]), None if exact is None else format_fraction(exact))
        )
    if fmt == "json":
        document = {
            "ipshare": __version__,
            "scenario": scenario_identity(scenario),
            "players": list(game.players),
            "kind": game.kind,
            "order": "bitmask: player i is bit i",
            "coalitions": [
                {"mask": mask, "members": list(members), "value": value, **({"exact": exact} if exact else {})}
                for mask, members, value, exact in rows
            ],
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        from .formats.csv import rows_text

        return rows_text(
            [["mask", "coalition", "value", "exact"]]
            + [[Raw(str(mask)), "+".join(members), Raw(repr(value)), Raw(exact or "")] for mask, members, value, exact
               in rows]
        )
    from .formats import terminal

    word = "cost" if game.kind == "cost" else "value"
    shown = []
    for mask, members, value, exact in rows:
        exact_value = game.exact_value(mask)
        amount = rounding.amount(exact_value if exact_value is not None else Fraction(value))
        shown.append((Raw(str(mask)), "+".join(members) or "∅", Number(amount), Raw(exact or "")))
    grid = Table(
        "coalitions",
        ("mask", "coalition", word, "exact"),
        tuple(shown),
        title=f"{scenario.name}: {word} of every coalition",
        caption=(f"mask: player i is bit i; {word}s to {rounding.digits} decimals, exact values beside them",),
    )
    return terminal.render_table(grid, width)


def describe_scenario(scenario) -> str:
    """One line saying what a valid scenario holds."""
    if scenario.game is not None:
        spec = scenario.game
        return (
            f"valid: {scenario.path}: {scenario.name} — a {spec.kind} game ({spec.type}) of {len(spec.players)} players"
        )
    clauses = len(scenario.agreement.clauses)
    return (
        f"valid: {scenario.path}: {scenario.name} — {len(scenario.members)} members, "
        f"{len(scenario.contributions)} contributions, {len(scenario.patents)} patents, "
        f"{len(scenario.revenue)} revenue sources, {len(scenario.costs)} costs, {clauses} clauses"
        + (f", {len(scenario.grants)} grants" if getattr(scenario, "grants", ()) else "")
        + (f", preset {scenario.agreement.preset}" if getattr(scenario.agreement, "preset", None) else "")
    )


def render_rules(rules, fmt: str) -> str:
    if fmt == "json":
        return json.dumps({name: rule.summary for name, rule in rules.items()}, indent=2) + "\n"
    width = max(len(name) for name in rules)
    return "".join(f"{name:<{width}}  {rule.summary}\n" for name, rule in rules.items())


def render_rule_help(rules, fmt: str) -> str:
    """`ipshare rules RULE…`: each rule's summary and options (text: Rule.help; JSON: summary and keyword -> help)."""
    if fmt == "json":
        document = {name: {"summary": rule.summary, "options": rule.option_help()} for name, rule in rules.items()}
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return "\n".join(rule.help for rule in rules.values())


def _epsilon_sentence(game, amount: str, epsilon):
    if epsilon > 0:
        return (f"whatever the split, some coalition pays at least {amount} more than alone" if game.kind == "cost"
                else f"whatever the split, some coalition gains at least {amount} by leaving")
    if game.kind == "cost":
        return f"a split exists in which every coalition pays at least {amount} less than alone"
    return f"a split exists that gives every coalition at least {amount} more than it gets alone"


def render_core(scenario, game, core, fmt: str, width: int | None = None) -> str:
    """The `ipshare core` answer: is the core empty, the least-core ε, and who blocks each allocation.

    Allocated amounts are the rule's rounded figures (the cents ``allocate`` shows) and each excess is computed
    from the figures beside it."""
    document = {
        "ipshare": __version__,
        "scenario": scenario_identity(scenario),
        "members": list(game.players),
        "kind": game.kind,
        "grand_value": game.grand_value,
        **core.to_dict(game),
    }
    rounding = rounding_of(scenario)
    document["rounded_least_core_epsilon"] = str(rounding.amount(Fraction(core.epsilon)))
    if fmt == "json":
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    from .formats import terminal

    word = "cost" if game.kind == "cost" else "value"
    unit = f" {scenario.currency}" if scenario.game is None and scenario.currency else ""
    epsilon = Number(rounding.amount(Fraction(core.epsilon)))
    size = Number(rounding.amount(abs(Fraction(core.epsilon)))).text + unit
    lines = [
        f"{scenario.name}",
        f"core: {'EMPTY' if core.core_empty else 'not empty'}; least-core epsilon = {epsilon.text}{unit}: "
        + _epsilon_sentence(game, size, core.epsilon),
        "",
    ]
    text = terminal.render(Document(title="", blocks=tuple(lines)), width)
    for rule, allocation, blocks, count in core.checks:
        if count == 0:
            text += f"{rule}: in the core (no coalition blocks it)\n"
            continue
        figures = rule_figures(allocation, game, rounding)
        rows = []
        for mask, _excess in blocks:
            members = game.members(mask)
            worth = game.exact_value(mask)
            stand_alone = rounding.amount(worth if worth is not None else Fraction(float(game.values[mask])))
            allocated = money_sum(figures.rounded[p] for p in members)
            excess = money_difference(allocated, stand_alone) if game.kind == "cost" else money_difference(
                stand_alone, allocated)
            rows.append(("+".join(members), Number(stand_alone), Number(allocated), Number(excess)))
        grid = Table(
            "blocking",
            ("coalition", f"stand-alone {word}", "allocated", "excess"),
            tuple(rows),
            title=f"{rule}: blocked by {count} coalition(s); worst first",
        )
        text += terminal.render_table(grid, width)
    return text


# --------------------------------------------------------------------------------------------------------------
# A clause's condition in words, in each language (the solver's own sentence, ClauseConstraint.says, is English)


def clause_condition(clause, game, lang: str, english: str | None = None) -> str:
    """What ``clause`` (an :class:`ipshare.model.Clause`) requires of an allocation of ``game``, in ``lang``: the
    catalogue's template for its kind (``condition.*``) filled from the clause's own fields and the game's values,
    as :func:`ipshare.solutions.clauses.clause_constraints` states it in English. ``english``: that English
    sentence, given as it is under ``en`` and as the English half of ``zh+en`` (``中文 / English``).

    >>> from ipshare.games import table_game
    >>> from ipshare.solutions.clauses import as_clauses
    >>> game = table_game(["A", "B", "C"], {"A+B": 60, "A+C": 80, "B+C": 100, "A+B+C": 120})
    >>> (floor,) = as_clauses([{"id": "a-floor", "member": "A", "min_share": 0.25}], game)
    >>> clause_condition(floor, game, "zh")
    'A的分配不低于总价值的 25 %（≥ 30）'
    >>> clause_condition(floor, game, "zh+en", "A ≥ 25 % of the grand value (≥ 30)")
    'A的分配不低于总价值的 25 %（≥ 30） / A ≥ 25 % of the grand value (≥ 30)'
    """
    from .messages import INLINE_SEPARATOR

    if lang == "en" and english is not None:
        return english
    if lang == "zh+en":
        chinese = _condition(clause, game, "zh")
        other = english if english is not None else _condition(clause, game, "en")
        return chinese if chinese == other else chinese + INLINE_SEPARATOR + other
    return _condition(clause, game, lang)


def _condition(clause, game, lang: str) -> str:
    from ..solutions.clauses import format_amount, format_number, format_percent
    from .messages import join_words, rule_name, text

    kind, value, targets = clause.kind, clause.value, tuple(clause.targets)
    cost = game.kind == "cost"
    side = "cost" if cost else "value"

    def who():
        if len(targets) == 1:
            return targets[0]
        return text("condition.together", lang, members="+".join(targets))

    def worth(mask):
        exact = game.exact_value(mask)
        return exact if exact is not None else float(game.values[mask])

    if kind in ("min_share", "max_share"):
        grand = game.exact_grand_value if game.exact_grand_value is not None else game.grand_value
        bound = value * grand if isinstance(grand, Fraction) else float(value) * grand
        return text(f"condition.{kind}", lang, who=who(), percent=format_percent(value),
                    whole=text(f"condition.whole.{side}", lang), bound=format_amount(bound))
    if kind in ("min_amount", "max_amount"):
        return text(f"condition.{kind}", lang, who=who(), amount=format_amount(value))
    if kind == "fixed":
        return text("condition.fixed", lang, member=targets[0], amount=format_amount(value))
    if kind == "ratio":
        return text("condition.ratio", lang, member=targets[0], factor=format_number(value),
                    over=clause.params["over"])
    if kind == "individual_rationality":
        return text(f"condition.ir.{side}" if value else "condition.ir.off", lang)
    if kind == "core":
        if value is True:
            return text(f"condition.core.{side}", lang)
        if value is False:
            return text("condition.core.off", lang)
        listed = text("condition.core_listed.separator", lang).join(
            f"{game.label(game.mask(m))} {'≤' if cost else '≥'} {format_amount(worth(game.mask(m)))}"
            for m in (tuple(c) for c in value if c)
        )
        return text(f"condition.core_listed.{side}", lang, listed=listed)
    if kind == "near":
        rule = rule_name(value, lang)
        distance = format_amount(clause.params["distance"])
        if not targets:
            return text("condition.near.all", lang, distance=distance, rule=rule)
        key = "condition.near.one" if len(targets) == 1 else "condition.near.some"
        return text(key, lang, members=join_words(targets, lang), distance=distance, rule=rule)
    return str(kind)
