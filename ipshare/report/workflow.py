"""Renderers for the negotiation workflow: what-if beside the baseline, sweeps, and rule comparisons.

Each returns text; nothing here prints or writes files. Every allocation is rounded once, by
:func:`ipshare.report.figures.rule_figures` with the scenario's rounding, so a rule shows the same cents here as in
``allocate``, each row and column sums exactly, and every derived figure (a change, a total change, an excess) is
computed from the rounded figures beside it. A sampled rule's estimates are shown with the half-width of their
interval, to the digits it supports (full values in JSON). Tables and text are :mod:`ipshare.report.document`
blocks written by the format writers, which fit them to the terminal and escape every user text for its format.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..version import __version__
from ..exact import format_fraction, leading_place, money_difference, money_sum
from . import allocation_table, clause_lines, clauses_document, rounding_document, scenario_identity
from .document import Document, Number, Paragraph, Raw, Table, plain_number
from .figures import estimate_text, grand_of, half_widths, rounding_of, rule_figures, shown_half_width

__all__ = ["render_whatif", "render_sweep", "render_symbolic", "render_compare", "compare_csv_rows"]

_HUNDRED = Decimal("100.00")


# --------------------------------------------------------------------------------------------------------------
# Pieces shared by the three commands


def _dump(document) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n"


def _kind(scenario) -> str:
    return scenario.game.kind if scenario.game is not None else "benefit"


def _unit(scenario, kind: str) -> str:
    """The label of a money column: the currency, "value" for a classic game, cost shares for a cost game."""
    currency = _currency(scenario)
    if kind == "cost":
        return f"cost share ({currency})" if currency else "cost share"
    return currency or "value"


def _amounts(scenario, kind: str) -> str:
    """What the figures of a table are, for its caption: "amounts in CNY", "cost shares", "values"."""
    currency = _currency(scenario)
    what = "cost shares" if kind == "cost" else ("amounts" if currency else "values")
    return f"{what} in {currency}" if currency else what


def _currency(scenario):
    return scenario.currency if scenario.game is None else None


def _names_line(scenario, members) -> list[str]:
    """The members' full names, for tables whose columns carry only their ids."""
    if scenario.game is not None:
        return []
    named = [f"{m} {scenario.members[m].name}" for m in members if m in scenario.members]
    return ["members: " + "; ".join(named)] if named else []


def _names(scenario) -> dict:
    """The ``names`` entry of the JSON outputs: member id -> full name (alliances only)."""
    if scenario.game is not None:
        return {}
    return {"names": {m: str(member.name) for m, member in scenario.members.items()}}


def _name(scenario, member) -> str:
    found = scenario.members.get(member) if scenario.game is None else None
    return str(found.name) if found is not None else member


def _amount_cell(figures, member, widths=None, digits=None):
    """A member's amount as shown: the rounded figure, or a sampled estimate ± its interval's half-width (the
    estimates to the digits the column's widest interval supports, :func:`ipshare.report.figures.rule_figures`)."""
    if not figures.sampled:
        return Number(figures.rounded[member])
    return Raw(estimate_text(figures, member))


def _shown(figures, member, widths=None, digits=None) -> Decimal:
    """The amount a table shows for ``member`` (a sampled estimate to its supported digits)."""
    return figures.shown[member] if widths is not None else figures.rounded[member]


def _shown_percent(figures, member, widths=None) -> Decimal | None:
    """The percentage a table shows: two decimals, or fewer for a sampled estimate whose interval is wider."""
    if figures.percent is None:
        return None
    return figures.shown_percent[member] if widths is not None else figures.percent[member]


def _sampling_note(digits, *columns) -> str | None:
    """How a sampled rule was estimated and what its ± means (one note for the rule's columns: baseline and
    what-if, or every point of a sweep)."""
    sampled = [c for c in columns if c.allocation.stderr is not None]
    if not sampled:
        return None
    allocation = sampled[0].allocation
    facts = allocation.details or {}
    widest = max((shown_half_width(c, p) for c in sampled for p in c.half_width), default=Decimal(0))
    how = ", ".join(part for part in (allocation.method, f"{facts.get('samples', 0):,} samples",
                                      f"seed {facts.get('seed')}") if part)
    stopped = any((c.allocation.details or {}).get("stopped") for c in sampled)
    return (
        f"{sampled[0].rule} is estimated by sampling ({how}): each estimate ± the half-width of its "
        f"{facts.get('confidence', 0.95):.0%} interval (up to {plain_number(widest)}), "
        "shown to the digits the interval supports; full values in -f json"
        + ("; stopped at the time limit with the samples drawn by then" if stopped else "")
    )


def _stderr_document(columns) -> dict:
    return {c.rule: dict(c.allocation.stderr) for c in columns if c.allocation.stderr is not None}


def _yes(value) -> str:
    return "" if value is None else ("yes" if value else "NO")


def _verdict(table, rule) -> str:
    """``holds`` or ``breaks lead-cap, bank-cap`` (empty where the agreement has no clause)."""
    checks = table.clauses.get(rule, ())
    if not checks:
        return ""
    broken = [check.clause for check in checks if check.broken]
    return "breaks " + ", ".join(broken) if broken else "holds"


def _csv(rows) -> str:
    from .formats.csv import rows_text

    return rows_text(rows)


def _terminal(blocks, width) -> str:
    from .formats import terminal

    return terminal.render(Document(title="", blocks=tuple(blocks)), width)


# --------------------------------------------------------------------------------------------------------------
# What-if


@dataclass(frozen=True)
class _Change:
    """One member under one rule: before and after (None: not in the what-if), as rounded figures."""

    member: str
    before: Decimal
    before_percent: Decimal | None
    after: Decimal | None
    after_percent: Decimal | None

    @property
    def change(self) -> Decimal | None:
        return None if self.after is None else money_difference(self.after, self.before)

    @property
    def points(self) -> Decimal | None:
        if self.after_percent is None or self.before_percent is None:
            return None
        return money_difference(self.after_percent, self.before_percent)


def _whatif_tables(comparison):
    base = allocation_table(*comparison.baseline)
    variant = allocation_table(*comparison.variant)
    return base, variant, tuple(zip(base.columns, variant.columns, strict=True))


def _changes(base, pairs, shown=False):
    """rule -> [_Change per baseline member]: the rounded figures (``shown``: as the table shows them, sampled
    estimates to their supported digits), changes computed from them."""
    digits = base.rounding.digits
    result = {}
    for before, after in pairs:
        before_widths, after_widths = (half_widths(before.allocation), half_widths(after.allocation)) if shown else (
            None, None)
        rows = []
        for member in base.members:
            present = member in after.rounded
            rows.append(_Change(
                member,
                _shown(before, member, before_widths, digits),
                _shown_percent(before, member, before_widths),
                _shown(after, member, after_widths, digits) if present else None,
                _shown_percent(after, member, after_widths) if present else None,
            ))
        result[before.rule] = rows
    return result


def render_whatif(comparison, fmt: str, width: int | None = None) -> str:
    """Baseline and what-if side by side, with the change per member in money and in percentage points.

    Changes are the what-if's rounded figure less the baseline's, exactly (a total change too), so every change
    can be checked against the two figures beside it."""
    base, variant, pairs = _whatif_tables(comparison)
    if fmt == "json":
        return _whatif_json(comparison, base, variant, pairs)
    if fmt == "csv":
        return _whatif_csv(base, pairs)
    return _whatif_table(comparison, base, variant, pairs, width)


def _figures_document(table) -> dict:
    game = table.game
    document = {
        "grand_value": game.grand_value,
        "rounded_grand_value": str(table.rounding.amount(grand_of(game))),
        "members": list(game.players),
        "allocations": {c.rule: dict(c.allocation.values) for c in table.columns},
        "rounded": {c.rule: {p: str(c.rounded[p]) for p in game.players} for c in table.columns},
        "percent": {c.rule: {p: str(c.percent[p]) for p in game.players} for c in table.columns
                    if c.percent is not None},
        "totals": {c.rule: str(c.rounded_total) for c in table.columns},
    }
    if game.exact_grand_value is not None:
        document["exact_grand_value"] = format_fraction(Fraction(game.exact_grand_value))
    errors = _stderr_document(table.columns)
    if errors:
        document["stderr"] = errors
    if any(table.clauses.get(c.rule) for c in table.columns):
        document["clauses"] = clauses_document(table)
    return document


def _whatif_json(comparison, base, variant, pairs) -> str:
    changes = _changes(base, pairs)
    baseline = _figures_document(base)
    baseline.pop("members")
    document = {
        "ipshare": __version__,
        "scenario": scenario_identity(comparison.baseline[0]),
        "overrides": list(comparison.overrides),
        "dropped": list(comparison.dropped),
        "members": list(base.members),
        **_names(base.scenario),
        "currency": base.currency,
        "minor_unit": base.digits,
        "rounding": rounding_document(base.rounding),
        "baseline": baseline,
        "whatif": _figures_document(variant),
        "change": {
            rule: {
                row.member: {"amount": None if row.change is None else str(row.change),
                             "points": None if row.points is None else str(row.points)}
                for row in rows
            }
            for rule, rows in changes.items()
        },
        "total_change": {before.rule: str(money_difference(after.rounded_total, before.rounded_total))
                         for before, after in pairs},
    }
    return _dump(document)


def _whatif_csv(base, pairs) -> str:
    rows = [["rule", "member", "baseline", "baseline_percent", "whatif", "whatif_percent", "change", "change_points",
             "name", "baseline_half_width", "whatif_half_width"]]
    for (before, after), (rule, changes) in zip(pairs, _changes(base, pairs).items(), strict=True):
        for row in changes:
            rows.append([
                rule,
                row.member,
                Number(row.before),
                Number(row.before_percent, "percent"),
                Number(row.after),
                Number(row.after_percent, "percent"),
                Number(row.change, "signed"),
                Number(row.points, "signed-percent"),
                _name(base.scenario, row.member),
                _width_cell(before, row.member),
                _width_cell(after if row.after is not None else None, row.member),
            ])
    return _csv(rows)


def _width_cell(figures, member):
    """The half-width of a sampled estimate's interval as shown (empty for exact figures)."""
    if figures is None or not figures.sampled or member not in figures.half_width:
        return Number(None)
    return Number(shown_half_width(figures, member))


def _whatif_table(comparison, base, variant, pairs, width) -> str:
    scenario = base.scenario
    named = scenario.game is None
    unit = _unit(scenario, base.game.kind)
    header = ["Member", "Name"] if named else ["Player"]
    groups = []
    for before, after in pairs:
        marks = (" *" if base.broken(before.rule) else "", " *" if variant.broken(after.rule) else "")
        for title, mark in ((f"baseline {unit}", marks[0]), (f"what-if {unit}", marks[1]), ("change", "")):
            start = len(header)
            header += [f"{before.rule}{mark}\n{title}", "%" if title != "change" else "pp"]
            groups.append((start, start + 1))
    changes = _changes(base, pairs, shown=True)
    digits = base.rounding.digits
    rows = []
    for index, member in enumerate(base.members):
        row = [member, _name(scenario, member)] if named else [member]
        for before, after in pairs:
            change = changes[before.rule][index]
            present = change.after is not None
            row += [
                _amount_cell(before, member, half_widths(before.allocation), digits),
                Number(change.before_percent, "percent"),
                _amount_cell(after, member, half_widths(after.allocation), digits) if present else "—",
                Number(change.after_percent, "percent") if present else "—",
                Number(change.change, "signed") if present else "left",
                Number(change.points, "signed-percent"),
            ]
        rows.append(tuple(row))
    footer = ["Total", ""] if named else ["Total"]
    for before, after in pairs:
        footer += [
            Number(before.rounded_total), Number(_HUNDRED if before.percent is not None else None, "percent"),
            Number(after.rounded_total), Number(_HUNDRED if after.percent is not None else None, "percent"),
            Number(money_difference(after.rounded_total, before.rounded_total), "signed"), Number(None),
        ]
    changed = [f"--set {o}" for o in comparison.overrides] + [f"--drop {m}" for m in comparison.dropped]
    currency = f" {base.currency}" if base.currency else ""
    caption = [
        f"baseline v(N) = {Number(base.rounding.amount(grand_of(base.game))).text}{currency}; what-if v(N) = "
        f"{Number(variant.rounding.amount(grand_of(variant.game))).text}{currency}",
        f"{base.rounding.short()}; change = what-if − baseline, of the figures shown; pp = percentage points",
    ]
    if comparison.dropped:
        left = [m for m in base.members if m not in variant.members]
        for before, _ in pairs:
            had = money_sum(before.rounded[m] for m in left)
            caption.append(f"{before.rule}: the total change includes the {Number(had).text}{currency} that "
                           f"{', '.join(left)} had in the baseline")
    caption += [note for before, after in pairs if (note := _sampling_note(digits, before, after))]
    caption += ["baseline: " + line for line in clause_lines(base)]
    caption += ["what-if: " + line for line in clause_lines(variant)]
    grid = Table(
        "whatif",
        tuple(header),
        tuple(rows),
        tuple(footer),
        title=f"{scenario.name}: what if {', '.join(changed) or '(no change)'}",
        caption=tuple(caption),
        keys=2 if named else 1,
        groups=tuple(groups),
    )
    return _terminal([grid], width)


# --------------------------------------------------------------------------------------------------------------
# Sweeps

# The last field of a parameter path that holds a rate or a share (a fraction of 1): shown as a percentage.
RATE_FIELDS = frozenset({"rate", "discount_rate", "probability", "failure_probability", "min_share", "max_share",
                         "revenue_share", "share"})
# A parameter's values are shown exactly when they need at most this many decimals.
_PARAMETER_DECIMALS = 6


@dataclass(frozen=True)
class _PointGame:
    """What :func:`rule_figures` reads of a game: its players and v(N)."""

    players: tuple
    grand_value: float
    exact_grand_value: Fraction | None


def _point_figures(point, rules, members, rounding):
    """rule -> RuleFigures at one sweep point, rounded the way ``allocate`` rounds the same scenario."""
    from ..solutions import Allocation

    game = _PointGame(tuple(members), point.grand_value, point.exact_grand_value)
    figures = {}
    for rule in rules:
        allocation = Allocation(
            rule=rule,
            players=tuple(members),
            values=point.allocations[rule],
            exact=point.exact.get(rule),
            grand_value=point.grand_value,
            exact_grand_value=point.exact_grand_value,
            details=point.details.get(rule, {}),
            stderr=point.stderr.get(rule),
        )
        figures[rule] = rule_figures(allocation, game, rounding)
    return game, figures


def _leaf(parameter: str) -> str:
    last = parameter.rsplit(".", 1)[-1]
    return last.split("[", 1)[0]


def _parameter_shown(parameter, values):
    """How the swept values are shown: ``(header, cells, note)``. Rates and shares as percentages; every value
    exactly when the values need few decimals, else rounded to the digits that tell the steps apart."""
    rate = _leaf(parameter) in RATE_FIELDS
    scaled = [Fraction(v) * (100 if rate else 1) for v in values]
    places = next((d for d in range(_PARAMETER_DECIMALS + 1) if all((v * 10**d).denominator == 1 for v in scaled)),
                  None)
    note = None
    if places is None:
        steps = [abs(b - a) for a, b in zip(scaled, scaled[1:], strict=False) if b != a]
        step = min(steps) if steps else Fraction(1)
        places = min(_PARAMETER_DECIMALS, max(0, 2 - leading_place(step)))
        unit = "decimal" if places == 1 else "decimals"
        note = f"values of {parameter} rounded to {places} {unit}; exact values in -f json and -f csv"
    from ..exact import round_amount

    cells = [Number(round_amount(v, places), "percent" if rate else "plain") for v in scaled]
    header = f"{parameter}\n%" if rate else parameter
    return header, cells, note


def render_sweep(scenario, parameter, points, rules, members, fmt: str, width: int | None = None) -> str:
    """One row per parameter value, one column per rule and member: each point's allocation rounded exactly as
    ``allocate`` rounds the scenario at that value."""
    rounding = rounding_of(scenario)
    shown = [(point, *_point_figures(point, rules, members, rounding)) for point in points]
    if fmt == "json":
        return _sweep_json(scenario, parameter, rules, members, rounding, shown)
    sampled = [rule for rule in rules if shown and shown[0][2][rule].allocation.stderr is not None]
    if fmt == "csv":
        header = [parameter, "grand_value"] + [f"{rule}:{member}" for rule in rules for member in members]
        header += [f"{rule}:{member}:half_width" for rule in sampled for member in members]
        rows = [header]
        for point, game, figures in shown:
            row = [Raw(format_fraction(point.value)), Number(rounding.amount(grand_of(game)))]
            row += [Number(figures[rule].rounded[m]) for rule in rules for m in members]
            row += [_width_cell(figures[rule], m) for rule in sampled for m in members]
            rows.append(row)
        return _csv(rows)
    label, values, note = _parameter_shown(parameter, [point.value for point, _, _ in shown])
    unit = _unit(scenario, _kind(scenario))
    header = [label, f"v(N)\n{unit}"] + [f"{rule}\n{member}" for rule in rules for member in members]
    rows = []
    for value, (_, game, figures) in zip(values, shown, strict=True):
        row = [value, Number(rounding.amount(grand_of(game)))]
        for rule in rules:
            widths = half_widths(figures[rule].allocation)
            row += [_amount_cell(figures[rule], m, widths, rounding.digits) for m in members]
        rows.append(tuple(row))
    caption = [f"{_amounts(scenario, _kind(scenario))}, {rounding.short()}", *_names_line(scenario, members)]
    if note:
        caption.append(note)
    caption += [_sampling_note(rounding.digits, *(figures[rule] for _, _, figures in shown)) for rule in sampled]
    grid = Table("sweep", tuple(header), tuple(rows), title=f"{scenario.name}: sweep of {parameter}",
                 caption=tuple(caption), keys=1)
    return _terminal([grid], width)


def _sweep_json(scenario, parameter, rules, members, rounding, shown) -> str:
    points = []
    for point, game, figures in shown:
        entry = {
            "value": format_fraction(point.value),
            "grand_value": point.grand_value,
            "allocations": point.allocations,
            "exact": {rule: {m: format_fraction(v) for m, v in values.items()} for rule, values in point.exact.items()},
            "rounded_grand_value": str(rounding.amount(grand_of(game))),
            "rounded": {rule: {m: str(figures[rule].rounded[m]) for m in members} for rule in rules},
            "percent": {rule: {m: str(figures[rule].percent[m]) for m in members} for rule in rules
                        if figures[rule].percent is not None},
            "totals": {rule: str(figures[rule].rounded_total) for rule in rules},
        }
        if point.exact_grand_value is not None:
            entry["exact_grand_value"] = format_fraction(Fraction(point.exact_grand_value))
        if point.stderr:
            entry["stderr"] = point.stderr
        points.append(entry)
    document = {
        "ipshare": __version__,
        "scenario": scenario_identity(scenario),
        "parameter": parameter,
        "members": list(members),
        **_names(scenario),
        "currency": _currency(scenario),
        "minor_unit": rounding.digits,
        "rounding": rounding_document(rounding),
        "points": points,
    }
    return _dump(document)


# --------------------------------------------------------------------------------------------------------------
# Symbolic sweeps: readable piecewise formulas (exact rationals in JSON)


def _exact_decimal(value: Fraction, places: int) -> str | None:
    """``value`` in positional notation when it has at most ``places`` decimals (trailing zeros dropped)."""
    scaled = value * 10**places
    if scaled.denominator != 1:
        return None
    from ..exact import decimal_of

    return plain_number(decimal_of(scaled.numerator, places).normalize() + 0)


def _coefficient(value: Fraction, places: int) -> tuple[str, bool]:
    """A coefficient as shown: exactly when it has at most ``places`` decimals, else rounded to them."""
    exact = _exact_decimal(value, places)
    if exact is not None:
        return exact, True
    from ..exact import round_amount

    return plain_number(round_amount(value, places)), False


def _approximate(value: Fraction) -> str:
    """``145.455``: six significant digits, never in scientific notation."""
    from ..exact import round_amount

    places = max(0, 5 - leading_place(abs(value))) if value else 0
    return plain_number(round_amount(value, min(places, 12)).normalize() + 0)


_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _parameter_names(sweep) -> dict:
    """Names t₁, t₂, … for the parameter values that have no short decimal form (a breakpoint at 1600/11), so
    that ranges read ``0 ≤ t ≤ t₁`` and the breakpoints table says what t₁ is."""
    values = {sweep.start, sweep.stop}
    values.update(p.start for pieces in sweep.pieces.values() for p in pieces)
    values.update(Fraction(b["at"]) for b in sweep.breakpoints)
    awkward = sorted(v for v in values if _exact_decimal(v, _PARAMETER_DECIMALS) is None)
    return {value: "t" + str(number).translate(_SUBSCRIPTS) for number, value in enumerate(awkward, start=1)}


def _parameter_value(value: Fraction, names: dict) -> str:
    """A parameter value in a range: its exact decimals, or its name (t₁)."""
    return names.get(value) or _exact_decimal(value, _PARAMETER_DECIMALS)


def _breakpoint_value(value: Fraction, names: dict) -> str:
    """A breakpoint in full: ``t₁ = 1600/11 ≈ 145.455``, or its exact decimals."""
    if value in names:
        return f"{names[value]} = {format_fraction(value)} ≈ {_approximate(value)}"
    return _exact_decimal(value, _PARAMETER_DECIMALS)


def _formula(member: str, slope: Fraction, intercept: Fraction, digits: int, slope_places: int) -> str:
    """``JH = 1,200,000 + 450,000·t``; ``≈`` for ``=`` when a coefficient is rounded."""
    constant, exact_constant = _coefficient(intercept, digits)
    if slope == 0:
        return f"{member} {'=' if exact_constant else '≈'} {constant}"
    rate, exact_rate = _coefficient(abs(slope), slope_places)
    term = "t" if rate == "1" else f"{rate}·t"
    if intercept == 0:
        text = term if slope > 0 else "−" + term
        exact_constant = True
    else:
        text = f"{constant} {'+' if slope > 0 else '−'} {term}"
    return f"{member} {'=' if exact_constant and exact_rate else '≈'} {text}"


def _slope_places(sweep, digits) -> int:
    """Decimals of a slope so that slope × t is right to the minor unit over the whole range."""
    largest = max(abs(sweep.start), abs(sweep.stop))
    return min(18, digits + max(0, leading_place(largest) + 1)) if largest else digits


def _formulas(sweep, digits, names):
    """rule -> member -> [(formula, range text)]: a member's pieces, those where its own line does not change
    (only another member's does) joined into one."""
    places = _slope_places(sweep, digits)
    result = {}
    for rule, pieces in sweep.pieces.items():
        result[rule] = {}
        for i, member in enumerate(sweep.members):
            spans = []  # [start, stop, slope, intercept]
            for p in pieces:
                if spans and spans[-1][2:] == [p.slopes[i], p.intercepts[i]]:
                    spans[-1][1] = p.stop
                else:
                    spans.append([p.start, p.stop, p.slopes[i], p.intercepts[i]])
            result[rule][member] = [
                (_formula(member, slope, intercept, digits, places),
                 f"{_parameter_value(start, names)} ≤ t ≤ {_parameter_value(stop, names)}")
                for start, stop, slope, intercept in spans
            ]
    return result


def render_symbolic(scenario, sweep, fmt: str, width: int | None = None) -> str:
    """Each member's allocation as an exact piecewise function of the parameter, and the breakpoints: readable
    formulas in a table, exact rationals (and SymPy's forms) in JSON."""
    rounding = rounding_of(scenario)
    names = _parameter_names(sweep)
    formulas = _formulas(sweep, rounding.digits, names)
    if fmt == "json":
        exact = {value: format_fraction(value) for value in names}  # JSON ranges name no t₁: exact fractions
        return _symbolic_json(scenario, sweep, _formulas(sweep, rounding.digits, exact))
    rows = []
    for rule, by_member in formulas.items():
        pieces = [piece for member_pieces in by_member.values() for piece in member_pieces]
        rows += [(rule if index == 0 else "", formula, where) for index, (formula, where) in enumerate(pieces)]
    caption = [
        f"t = {sweep.parameter}; {_amounts(scenario, _kind(scenario))}; ≈: coefficients rounded, the formula within "
        f"{plain_number(rounding.amount(Fraction(1, 10**rounding.digits)))} of the exact allocation over the range; "
        "exact rationals in -f json",
        *_names_line(scenario, sweep.members),
    ]
    listed = {Fraction(b["at"]) for b in sweep.breakpoints}
    caption += [_breakpoint_value(value, names) for value in names if value not in listed]
    blocks = [Table(
        "formulas",
        ("rule", "allocation", "for"),
        tuple(rows),
        title=f"{scenario.name}: allocation as a function of {sweep.parameter} (exact, piecewise linear)",
        caption=tuple(caption),
        keys=1,
    )]
    if sweep.breakpoints:
        blocks.append(Table(
            "breakpoints",
            ("t", "what changes"),
            tuple((_breakpoint_value(Fraction(b["at"]), names), _describe(b)) for b in sweep.breakpoints),
            title="breakpoints",
        ))
    else:
        blocks.append(Paragraph("breakpoints: none (every allocation is linear on the whole range)"))
    return _terminal(blocks, width)


def _symbolic_json(scenario, sweep, formulas) -> str:
    import sympy

    expressions = sweep.expressions()
    document = {
        "ipshare": __version__,
        "scenario": scenario_identity(scenario),
        "parameter": sweep.parameter,
        "from": format_fraction(sweep.start),
        "to": format_fraction(sweep.stop),
        "members": list(sweep.members),
        "pieces": {
            rule: {
                member: [
                    {"from": format_fraction(p.start), "to": format_fraction(p.stop),
                     "slope": format_fraction(p.slopes[i]), "intercept": format_fraction(p.intercepts[i])}
                    for p in pieces
                ]
                for i, member in enumerate(sweep.members)
            }
            for rule, pieces in sweep.pieces.items()
        },
        "expressions": {rule: {m: sympy.sstr(e) for m, e in by_member.items()}
                        for rule, by_member in expressions.items()},
        "formulas": {rule: {m: [f"{formula}  for {where}" for formula, where in pieces] for m, pieces in by.items()}
                     for rule, by in formulas.items()},
        "breakpoints": [_breakpoint_json(b) for b in sweep.breakpoints],
        "evaluations": sweep.evaluations,
    }
    return _dump(document)


def _describe(b):
    if b["kind"] == "slope":
        return f"{b['rule']} changes course for {', '.join(b['members'])}"
    if b["kind"] == "ranking":
        first, second = b["members"]
        return f"{b['rule']}: {first} and {second} change places"
    return (f"{b['rule']}: binding clauses change from {', '.join(b['binding_before']) or 'none'} to "
            f"{', '.join(b['binding_after']) or 'none'}")


def _breakpoint_json(b):
    result = {key: value for key, value in b.items() if key != "at"}
    result["at"] = format_fraction(Fraction(b["at"]))
    result["at_float"] = float(b["at"])
    return result


# --------------------------------------------------------------------------------------------------------------
# Comparisons


def _compared(scenario, game, results):
    """The allocation table of the rules that applied (rounded figures and clause checks), and each result
    with its figures (None for a rule that did not apply)."""
    table = allocation_table(scenario, game, [r.allocation for r in results if r.allocation is not None])
    columns = iter(table.columns)
    return table, [(r, None if r.allocation is None else next(columns)) for r in results]


def _worst_excess(table, figures, coalition):
    """The excess of ``coalition`` computed from the rounded figures shown (stand-alone value rounded alone)."""
    game = table.game
    if coalition is None:
        return None
    mask = sum(1 << game.players.index(p) for p in coalition)
    exact = game.exact_value(mask) if hasattr(game, "exact_value") else None
    worth = table.rounding.amount(exact if exact is not None else Fraction(float(game.values[mask])))
    allocated = money_sum(figures.rounded[p] for p in coalition)
    return money_difference(allocated, worth) if game.kind == "cost" else money_difference(worth, allocated)


def _decimal(value, places) -> Number:
    if value is None:
        return Number(None, "plain")
    from ..exact import round_amount

    return Number(round_amount(Fraction(value), places), "plain")


def compare_csv_rows(scenario, game, results):
    """One row per rule and member (one per rule that did not apply) of ``compare -f csv``: cells for the CSV
    writer (:func:`ipshare.report.formats.csv.rows_text`)."""
    from ..compare import METRICS

    table, pairs = _compared(scenario, game, results)
    for result, figures in pairs:
        base = [scenario.path, scenario.name, Raw(scenario.sha256), result.rule]
        if figures is None:
            yield base + ["", "", ""] + [""] * len(METRICS) + [result.error, "", "", "", "", ""]
            continue
        allocation = result.allocation
        verdict = _verdict(table, result.rule)
        for member in allocation.players:
            yield (base + [member, Raw(repr(allocation.values[member])),
                           Raw("" if allocation.exact is None else format_fraction(allocation.exact[member]))]
                   + [_metric(result.metrics()[name]) for name in METRICS]
                   + ["", _name(scenario, member), Number(figures.rounded[member]),
                      Number(None if figures.percent is None else figures.percent[member], "percent"), verdict,
                      _width_cell(figures, member)])


def _metric(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return Raw(repr(value))
    if isinstance(value, tuple):
        return "+".join(value)
    return Raw(str(value)) if isinstance(value, int) else str(value)


def render_compare(entries, fmt: str, width: int | None = None) -> str:
    """``entries``: (scenario, game, results) per file. One CSV for batches; JSON or tables per file."""
    from ..compare import METRICS

    if fmt == "csv":
        rows = [["file", "scenario", "sha256", "rule", "member", "value", "exact", *METRICS, "error", "name",
                 "rounded", "percent", "clauses", "half_width"]]
        for scenario, game, results in entries:
            rows += list(compare_csv_rows(scenario, game, results))
        return _csv(rows)
    compared = [(scenario, game, results, *_compared(scenario, game, results)) for scenario, game, results in entries]
    if fmt == "json":
        documents = [_compare_document(scenario, game, table, pairs) for scenario, game, _, table, pairs in compared]
        return _dump({"ipshare": __version__, "comparisons": documents})
    return "\n".join(_terminal(_compare_blocks(scenario, game, table, pairs), width)
                     for scenario, game, _, table, pairs in compared)


def _compare_document(scenario, game, table, pairs) -> dict:
    has_clauses = any(table.clauses.get(c.rule) for c in table.columns)
    clauses = clauses_document(table) if has_clauses else {}
    rules = {}
    for result, figures in pairs:
        if figures is None:
            rules[result.rule] = {"error": result.error}
            continue
        allocation = result.allocation
        entry = {
            "allocation": dict(allocation.values),
            **result.metrics(),
            "rounded": {p: str(figures.rounded[p]) for p in game.players},
            "total": str(figures.rounded_total),
            "method": allocation.method,
        }
        if figures.percent is not None:
            entry["percent"] = {p: str(figures.percent[p]) for p in game.players}
        if allocation.exact is not None:
            entry["exact"] = {p: format_fraction(allocation.exact[p]) for p in game.players}
        if allocation.stderr is not None:
            entry["stderr"] = dict(allocation.stderr)
        if allocation.details:
            entry["details"] = allocation.details
        if has_clauses:
            entry["clauses"] = clauses[result.rule]
        rules[result.rule] = entry
    document = {
        "scenario": scenario_identity(scenario),
        "members": list(game.players),
        **_names(scenario),
        "grand_value": game.grand_value,
        "rounded_grand_value": str(table.rounding.amount(grand_of(game))),
        "currency": table.currency,
        "minor_unit": table.digits,
        "rounding": rounding_document(table.rounding),
        "rules": rules,
    }
    return document


def _compare_blocks(scenario, game, table, pairs) -> list:
    digits = table.rounding.digits
    applied = [(r, f) for r, f in pairs if f is not None]
    amounts = []
    for result, figures in applied:
        widths = half_widths(result.allocation)
        mark = " *" if table.broken(result.rule) else ""
        amounts.append((f"{result.rule}{mark}", *(_amount_cell(figures, m, widths, digits) for m in game.players),
                        Number(figures.rounded_total)))
    marked = "; * breaks a clause of the agreement" if any(table.broken(r.rule) for r, _ in applied) else ""
    caption = [f"{_amounts(scenario, game.kind)}, {table.rounding.short()}{marked}",
               *_names_line(scenario, game.players)]
    caption += [note for _, figures in applied if (note := _sampling_note(digits, figures))]
    caption += [f"{r.rule}: not applicable — {r.error}" for r, f in pairs if f is None]
    allocations = Table(
        "compare-allocations",
        ("rule", *game.players, "total"),
        tuple(amounts),
        title=f"{scenario.name}: rules compared",
        caption=tuple(caption),
        keys=1,
    )
    has_clauses = any(table.clauses.get(c.rule) for c in table.columns)
    header = ["rule", "eff.", "IR", "core", "max excess", "sym.", "Gini", "max/min", "L1 from Shapley"]
    if has_clauses:
        header.append("clauses")
    properties = []
    for result, figures in applied:
        row = [
            result.rule,
            _yes(result.efficient),
            _yes(result.individually_rational),
            _yes(result.in_core),
            Number(_worst_excess(table, figures, result.worst_coalition)),
            _yes(result.equal_treatment),
            _decimal(result.gini, 3),
            _decimal(result.max_min_ratio, 2),
            Number(None if result.l1_from_shapley is None else table.rounding.amount(Fraction(result.l1_from_shapley))),
        ]
        if has_clauses:
            row.append(_verdict(table, result.rule))
        properties.append(tuple(row))
    excess = "x(S) − c(S)" if game.kind == "cost" else "v(S) − x(S)"
    notes = (
        f"max excess: {excess} for a coalition S with the largest excess, from the figures above (core and excess "
        "as in docs/stability.md); L1 from Shapley: the sum of the absolute differences from the Shapley value, "
        "in the same units; Gini and max/min of the figures above",
    )
    blocks = [allocations, Table("compare-properties", tuple(header), tuple(properties), title="properties",
                                 caption=notes, keys=1)]
    return blocks
