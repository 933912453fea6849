"""Sweeps as outputs: each member's allocation at every value of a parameter (numeric), or as exact piecewise
formulas with their breakpoints (symbolic), the parameter shown as written (rates as percentages)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ..exact import format_fraction, leading_place
from ..version import __version__
from .document import Number, Paragraph, Raw, Table, plain_number
from .figures import grand_of, half_widths, rounding_of, rule_figures
from .tables import at_of, dated_name, rounding_document, scenario_identity
from .workflow import (
    _amount_cell,
    _amounts,
    _both,
    _csv,
    _currency,
    _dump,
    _kind,
    _lines,
    _names,
    _names_line,
    _rounding,
    _rule,
    _sampling_note,
    _terminal,
    _unit,
    _width_cell,
)

__all__ = ["render_sweep", "render_symbolic", "RATE_FIELDS"]


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


def _parameter_shown(parameter, values, lang="en"):
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
        note = _lines("sweep.rounded_values_one" if places == 1 else "sweep.rounded_values", lang,
                      parameter=parameter, places=str(places))
    from ..exact import round_amount

    cells = [Number(round_amount(v, places), "percent" if rate else "plain") for v in scaled]
    header = f"{parameter}\n%" if rate else parameter
    return header, cells, note


def render_sweep(scenario, parameter, points, rules, members, fmt: str, width: int | None = None,
                 lang: str = "en") -> str:
    """One row per parameter value, one column per rule and member: each point's allocation rounded exactly as
    ``allocate`` rounds the scenario at that value. ``lang``: the language of the table's fixed texts."""
    from .messages import text

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
        if at_of(scenario):  # --at DATE: a last column with the day
            rows = [rows[0] + ["at"]] + [row + [at_of(scenario)] for row in rows[1:]]
        return _csv(rows)
    label, values, note = _parameter_shown(parameter, [point.value for point, _, _ in shown], lang)
    unit = _unit(scenario, _kind(scenario), lang)
    header = [label, f"v(N)\n{unit}"] + [f"{rule}\n{member}" for rule in rules for member in members]
    rows = []
    for value, (_, game, figures) in zip(values, shown, strict=True):
        row = [value, Number(rounding.amount(grand_of(game)))]
        for rule in rules:
            widths = half_widths(figures[rule].allocation)
            row += [_amount_cell(figures[rule], m, widths, rounding.digits) for m in members]
        rows.append(tuple(row))
    caption = [*_lines("sweep.caption", lang, amounts=_amounts(scenario, _kind(scenario), lang),
                       rounding=_rounding(rounding, lang)), *_names_line(scenario, members, lang)]
    if note:
        caption += note
    caption += [line for rule in sampled
                for line in _sampling_note(rounding.digits, *(figures[rule] for _, _, figures in shown), lang=lang)]
    grid = Table("sweep", tuple(header), tuple(rows),
                 title=text("sweep.title", lang, name=dated_name(scenario, lang), parameter=parameter),
                 caption=tuple(caption), keys=1)
    return _terminal([grid], width, lang)


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


def render_symbolic(scenario, sweep, fmt: str, width: int | None = None, lang: str = "en") -> str:
    """Each member's allocation as an exact piecewise function of the parameter, and the breakpoints: readable
    formulas in a table, exact rationals (and SymPy's forms) in JSON. ``lang``: the language of the fixed texts."""
    from .messages import text

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
        *_lines("sweep.symbolic.caption", lang, parameter=sweep.parameter,
                amounts=_amounts(scenario, _kind(scenario), lang),
                step=plain_number(rounding.amount(Fraction(1, 10**rounding.digits)))),
        *_names_line(scenario, sweep.members, lang),
    ]
    listed = {Fraction(b["at"]) for b in sweep.breakpoints}
    caption += [_breakpoint_value(value, names) for value in names if value not in listed]
    blocks = [Table(
        "formulas",
        tuple(text(f"sweep.col.{key}", lang) for key in ("rule", "allocation", "for")),
        tuple(rows),
        title=text("sweep.symbolic.title", lang, name=dated_name(scenario, lang), parameter=sweep.parameter),
        caption=tuple(caption),
        keys=1,
    )]
    if sweep.breakpoints:
        blocks.append(Table(
            "breakpoints",
            ("t", text("sweep.col.what_changes", lang)),
            tuple((_breakpoint_value(Fraction(b["at"]), names), _describe(b, lang)) for b in sweep.breakpoints),
            title=text("sweep.breakpoints", lang),
        ))
    else:
        blocks += [Paragraph(line) for line in _lines("sweep.no_breakpoints", lang)]
    return _terminal(blocks, width, lang)


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


def _describe(b, lang="en"):
    """What changes at a breakpoint, in a cell (``zh+en``: ``中文 / English``)."""
    from .messages import text

    rule = _rule(b["rule"], lang)
    if b["kind"] == "slope":
        return text("sweep.changes_course", lang, rule=rule, members=", ".join(b["members"]))
    if b["kind"] == "ranking":
        first, second = b["members"]
        return text("sweep.change_places", lang, rule=rule, first=first, second=second)
    none = _both(lambda language: text("sweep.none", language))
    return text("sweep.binding_change", lang, rule=rule, before=", ".join(b["binding_before"]) or none,
                after=", ".join(b["binding_after"]) or none)


def _breakpoint_json(b):
    result = {key: value for key, value in b.items() if key != "at"}
    result["at"] = format_fraction(Fraction(b["at"]))
    result["at_float"] = float(b["at"])
    return result
