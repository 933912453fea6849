"""Renderers: the allocation table as JSON (the output contract of DESIGN.md), CSV, Markdown and a terminal table.

Every renderer returns text; nothing here prints or writes files. The numbers shown in currency are reconciled
(:mod:`ipshare.exact`): each column sums exactly to its rounded total and the percentages to 100.00.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .. import __version__
from ..exact import format_fraction, minor_unit, percentages, round_reconciled

__all__ = [
    "AllocationTable",
    "allocation_table",
    "render_json",
    "render_csv",
    "render_markdown",
    "render_table",
    "render_conflict",
    "ALLOCATION_FORMATS",
]

ALLOCATION_FORMATS = ("table", "json", "csv", "markdown")
# Classic games have no currency; their values are shown to this many decimals (exact values beside them).
GAME_DIGITS = 4


@dataclass(frozen=True)
class RuleColumn:
    rule: str
    allocation: object  # Allocation
    exact: dict[str, Fraction]  # exact where the rule was, else the floats' exact binary values
    rounded: dict[str, Decimal]
    percent: dict[str, Decimal] | None
    total: Fraction
    rounded_total: Decimal


@dataclass(frozen=True)
class AllocationTable:
    """Everything a renderer needs: the scenario's identity, the members, and one reconciled column per rule."""

    scenario: object
    game: object
    digits: int
    currency: str | None
    columns: tuple[RuleColumn, ...]

    @property
    def members(self):
        return self.game.players


def allocation_table(scenario, game, allocations) -> AllocationTable:
    """Reconcile each allocation for display: amounts to the minor unit and percentages to 0.01."""
    currency = scenario.currency if scenario.game is None else None
    if scenario.game is None:
        digits = minor_unit(currency, scenario.alliance.minor_unit)
    else:
        digits = GAME_DIGITS if scenario.alliance.minor_unit is None else scenario.alliance.minor_unit
    columns = []
    for allocation in allocations:
        if allocation.exact is not None:
            exact = dict(allocation.exact)
            total = sum(exact.values(), Fraction(0))
        else:
            exact = {p: Fraction(v) for p, v in allocation.values.items()}
            total = sum(exact.values(), Fraction(0))
            grand = Fraction(game.grand_value)
            # A float rule that is efficient is reconciled to v(N) itself, not to its float sum. Its float residue
            # (at 1e18 hundreds of units, more than rounding absorbs) goes to the amounts in proportion to their
            # size, as their own float errors are: small amounts keep their value.
            if abs(total - grand) <= Fraction(1, 10**9) * max(1, abs(grand)):
                size = sum(abs(v) for v in exact.values())
                if size:
                    exact = {p: v + (grand - total) * abs(v) / size for p, v in exact.items()}
                total = grand
        rounded = round_reconciled(exact, digits, total)
        columns.append(
            RuleColumn(
                rule=allocation.rule,
                allocation=allocation,
                exact=exact,
                rounded=rounded,
                percent=percentages(exact, total),
                total=total,
                rounded_total=sum(rounded.values(), Decimal(0)),
            )
        )
    return AllocationTable(scenario=scenario, game=game, digits=digits, currency=currency, columns=tuple(columns))


def scenario_identity(scenario) -> dict:
    """Where a result came from: the scenario's name, the SHA-256 of its file, and any --set overrides on top."""
    identity = {"name": scenario.name, "sha256": scenario.sha256, "file": scenario.path}
    if scenario.overrides:
        identity["overrides"] = list(scenario.overrides)
    return identity


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
    }
    if game.exact_grand_value is not None:
        document["exact_grand_value"] = format_fraction(game.exact_grand_value)
    details = {c.rule: c.allocation.details for c in table.columns if c.allocation.details}
    if details:
        document["details"] = details
    errors = {c.rule: dict(c.allocation.stderr) for c in table.columns if c.allocation.stderr is not None}
    if errors:
        document["stderr"] = errors  # sampled rules: standard error per member (intervals are in details)
    if scenario.game is None and getattr(scenario.agreement, "council", None) is not None:
        from ..rights import council_power
        from .rights import council_document

        document["council"] = council_document(council_power(scenario))  # voting power beside the benefit shares
    return document


def render_json(table: AllocationTable) -> str:
    """The JSON output contract (DESIGN.md): keys are only ever added, never renamed."""
    return json.dumps(_document(table), indent=2, ensure_ascii=False, default=str) + "\n"


def render_csv(table: AllocationTable) -> str:
    """One row per rule and member: the amount, its reconciled rounding, the percentage, the exact value."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["rule", "member", "name", "value", "rounded", "percent", "exact"])
    for column in table.columns:
        for player in table.members:
            exact = column.allocation.exact
            writer.writerow(
                [
                    column.rule,
                    player,
                    _name(table, player),
                    repr(column.allocation.values[player]),
                    str(column.rounded[player]),
                    "" if column.percent is None else str(column.percent[player]),
                    "" if exact is None else format_fraction(exact[player]),
                ]
            )
    return buffer.getvalue()


def _name(table, player):
    member = table.scenario.members.get(player)
    return member.name if member is not None else player


def _notes(table):
    """Say so when a rule's column does not add up to the grand value (the raw Banzhaf value need not)."""
    grand = table.game.exact_grand_value
    grand = Fraction(table.game.grand_value) if grand is None else grand
    notes = []
    for column in table.columns:
        if column.allocation.stderr is not None:
            facts = column.allocation.details
            notes.append(
                f"{column.rule} is estimated by sampling ({column.allocation.method}, {facts.get('samples')} samples, "
                f"seed {facts.get('seed')}): standard errors up to {max(column.allocation.stderr.values()):,.4g}; "
                f"{facts.get('confidence', 0.95):.0%} intervals in the JSON output"
                + ("; stopped at the time limit with the samples drawn by then" if facts.get("stopped") else "")
            )
        if abs(column.total - grand) > Fraction(1, 10**9) * max(1, abs(grand)):
            notes.append(
                f"{column.rule} does not sum to the grand value: its column totals {column.rounded_total}"
                " and its percentages are of that total"
            )
    return notes


def _unit_label(table):
    if table.game.kind == "cost":
        return f"cost share ({table.currency})" if table.currency else "cost share"
    return table.currency or "value"


def _heading(table):
    scenario, game = table.scenario, table.game
    exact_grand = game.exact_grand_value if game.exact_grand_value is not None else Fraction(game.grand_value)
    if table.currency is not None:
        grand = _thousands(round_reconciled({"v": exact_grand}, table.digits)["v"])
    else:
        grand = format_fraction(exact_grand) if game.exact_grand_value is not None else repr(game.grand_value)
    word = "grand coalition cost" if game.kind == "cost" else "grand coalition value"
    return [
        f"{scenario.name}",
        f"{word}: {grand}{' ' + table.currency if table.currency else ''}; scenario sha256 {scenario.sha256[:16]}…",
    ]


def render_markdown(table: AllocationTable) -> str:
    """A Markdown table, members by rows, each rule an amount and a percentage column, totals at the foot."""
    lines = [f"## {_heading(table)[0]}", "", _heading(table)[1], ""]
    named = table.scenario.game is None
    header = ["Member", "Name"] if named else ["Player"]
    for column in table.columns:
        header += [f"{column.rule} ({_unit_label(table)})", f"{column.rule} %"]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "|".join(["---"] * (2 if named else 1) + ["---:", "---:"] * len(table.columns)) + "|")
    for player in table.members:
        row = [player, _name(table, player)] if named else [player]
        for column in table.columns:
            row += [str(column.rounded[player]), "" if column.percent is None else str(column.percent[player])]
        lines.append("| " + " | ".join(row) + " |")
    total = ["**Total**", ""] if named else ["**Total**"]
    for column in table.columns:
        total += [f"**{column.rounded_total}**", "**100.00**" if column.percent is not None else ""]
    lines.append("| " + " | ".join(total) + " |")
    methods = ", ".join(f"{c.rule}: {c.allocation.method}" for c in table.columns)
    lines += [
        "",
        f"Method: {methods}. Amounts rounded to {table.digits} decimals by largest remainder; "
        "each column sums to its total.",
        *(f"{note}." for note in _notes(table)),
        "",
    ]
    lines += _binding_markdown(table)
    return "\n".join(lines)


def render_table(table: AllocationTable, width: int | None = None) -> str:
    """A readable terminal table (rich), as text."""
    from rich.table import Table

    heading = _heading(table)
    caption = "\n".join([heading[1], *_notes(table)])
    grid = Table(title=heading[0], caption=caption, show_footer=True, title_style="bold")
    show_exact = table.scenario.game is not None
    grid.add_column("Player" if show_exact else "Member", footer="Total", no_wrap=True)
    if not show_exact:
        grid.add_column("Name", no_wrap=True)
    for column in table.columns:
        grid.add_column(
            f"{column.rule}\n{_unit_label(table)}",
            justify="right",
            no_wrap=True,
            footer=_thousands(column.rounded_total),
        )
        grid.add_column("%", justify="right", no_wrap=True, footer="100.00" if column.percent is not None else "")
        if show_exact and column.allocation.exact is not None:
            grid.add_column("exact", justify="right", no_wrap=True)
    for player in table.members:
        row = [player] if show_exact else [player, _name(table, player)]
        for column in table.columns:
            row += [_thousands(column.rounded[player]), "" if column.percent is None else str(column.percent[player])]
            if show_exact and column.allocation.exact is not None:
                row.append(format_fraction(column.allocation.exact[player]))
        grid.add_row(*row)
    return _rich_text(grid, width) + _binding_tables(table, width)


def _rich_text(renderable, width=None):
    """Render with rich at the table's natural width (no truncation), plain text without colour codes."""
    from rich.console import Console

    console = Console(file=io.StringIO(), width=width or 1000, force_terminal=False, color_system=None)
    console.print(renderable)
    return "\n".join(line.rstrip() for line in console.file.getvalue().splitlines()) + "\n"


def _thousands(amount: Decimal) -> str:
    return f"{amount:,}"


# -- clauses (rule core-lp): the binding clauses and their shadow prices, and the diagnosis of a conflict ----------


def _clause_columns(table):
    return [c for c in table.columns if "binding" in c.allocation.details]


def _price(value) -> str:
    return f"{value:,.6g}" if value else "0"


def _objective_line(details):
    from ..clauses import format_amount

    value = format_amount(details["objective_value"])
    return f"objective {details['objective']}: {details['objective_meaning']} = {value}"


def _upper_first(text):
    return text[:1].upper() + text[1:]


def _binding_markdown(table) -> list[str]:
    lines = []
    for column in _clause_columns(table):
        details = column.allocation.details
        lines += [f"### Clauses under {column.rule}", "", f"{_upper_first(_objective_line(details))}.", ""]
        if not details["binding"]:
            lines += ["No clause binds: every clause holds with room to spare.", ""]
            continue
        lines += [
            "| Clause | What it says | At its bound | Shadow price |",
            "|---|---|---|---:|",
            *(
                f"| {b['clause']} | {b['says']} | {', '.join(b['at_bound'])} | {_price(b['shadow_price'])} |"
                for b in details["binding"]
            ),
            "",
            f"Shadow price: {details['shadow_price']}.",
            "",
        ]
    return lines


def _binding_tables(table, width=None) -> str:
    from rich.table import Table

    text = ""
    for column in _clause_columns(table):
        details = column.allocation.details
        if not details["binding"]:
            text += f"{column.rule}: no clause binds ({_objective_line(details)})\n"
            continue
        grid = Table(
            title=f"{column.rule}: binding clauses",
            caption=f"{_objective_line(details)}\nshadow price: {details['shadow_price']}",
        )
        grid.add_column("Clause", no_wrap=True)
        grid.add_column("What it says")
        grid.add_column("At its bound")
        grid.add_column("Shadow price", justify="right", no_wrap=True)
        for b in details["binding"]:
            grid.add_row(b["clause"], b["says"], ", ".join(b["at_bound"]), _price(b["shadow_price"]))
        text += _rich_text(grid, width)
    return text


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


def render_game(scenario, game, fmt: str) -> str:
    """Every coalition's value, by mask (player i is bit i), in ``table``, ``json`` or ``csv``."""
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
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["mask", "coalition", "value", "exact"])
        for mask, members, value, exact in rows:
            writer.writerow([mask, "+".join(members), repr(value), exact or ""])
        return buffer.getvalue()
    from rich.table import Table

    word = "cost" if game.kind == "cost" else "value"
    grid = Table(title=f"{scenario.name}: {word} of every coalition", caption="mask: player i is bit i")
    grid.add_column("mask", justify="right")
    grid.add_column("coalition")
    grid.add_column(word, justify="right")
    grid.add_column("exact", justify="right")
    for mask, members, value, exact in rows:
        grid.add_row(
            str(mask), "+".join(members) or "∅", f"{value:,.{GAME_DIGITS}f}".rstrip("0").rstrip("."), exact or ""
        )
    return _rich_text(grid)


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


def _epsilon_sentence(game, epsilon):
    amount = f"{abs(epsilon):,.6g}"
    if epsilon > 0:
        return (f"whatever the split, some coalition pays at least {amount} more than alone" if game.kind == "cost"
                else f"whatever the split, some coalition gains at least {amount} by leaving")
    if game.kind == "cost":
        return f"a split exists in which every coalition pays at least {amount} less than alone"
    return f"a split exists that gives every coalition at least {amount} more than it gets alone"


def render_core(scenario, game, core, fmt: str) -> str:
    """The `ipshare core` answer: is the core empty, the least-core ε, and who blocks each allocation."""
    document = {
        "ipshare": __version__,
        "scenario": scenario_identity(scenario),
        "members": list(game.players),
        "kind": game.kind,
        "grand_value": game.grand_value,
        **core.to_dict(game),
    }
    if fmt == "json":
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    from rich.table import Table

    word = "cost" if game.kind == "cost" else "value"
    lines = [
        f"{scenario.name}",
        f"core: {'EMPTY' if core.core_empty else 'not empty'}; least-core epsilon = {core.epsilon:,.6g}: "
        + _epsilon_sentence(game, core.epsilon),
        "",
    ]
    for rule, entry in document["allocations"].items():
        if entry["in_core"]:
            lines.append(f"{rule}: in the core (no coalition blocks it)")
            continue
        lines.append(f"{rule}: blocked by {entry['blocking_count']} coalition(s); worst first:")
        grid = Table(show_header=True)
        grid.add_column("coalition")
        grid.add_column(f"stand-alone {word}", justify="right")
        grid.add_column("allocated", justify="right")
        grid.add_column("excess", justify="right")
        for block in entry["blocking"]:
            mask = game.mask(block["coalition"])
            allocated = sum(entry["values"][p] for p in block["coalition"])
            grid.add_row("+".join(block["coalition"]), f"{game.values[mask]:,.2f}", f"{allocated:,.2f}",
                         f"{block['excess']:,.2f}")
        lines.append(_rich_text(grid).rstrip("\n"))
    return "\n".join(lines) + "\n"
