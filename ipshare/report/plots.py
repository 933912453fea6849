"""Plots with matplotlib (the ``plot`` extra): allocation by rule, sweep lines, and the alliance's IP graph.

Every function draws on its own :class:`matplotlib.figure.Figure` with the Agg renderer — pyplot and the user's
backend are never touched, so the functions are safe in notebooks and servers — and returns the image's bytes
(PNG or SVG). Given a ``path``, the image is also written there whole or not at all, and only to a regular file
(:func:`ipshare.output.write_file`); the format is then the path's extension (an extension other than .png or
.svg is refused, and so is a ``fmt`` the extension contradicts).

Same input, same bytes: SVG ids come from a fixed hash salt and carry no date, and PNG metadata names ipshare,
not the time or the matplotlib build. SVG text is kept as text (searchable), in DejaVu Sans, which matplotlib
ships.

User text (names, titles, licensees, the swept parameter) is drawn as it is written: mathtext is off
(``text.parse_math``), so ``$x^$`` is a name, not a formula, and characters an SVG (XML) cannot hold are replaced
(:func:`.escape.xml_text`) before they reach matplotlib.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence

from ..optional import optional_import
from ..version import __version__
from . import escape

__all__ = ["PLOT_FORMATS", "plot_allocations", "plot_sweep", "plot_graph", "figure_bytes"]

PLOT_FORMATS = ("png", "svg")
DPI = 150
# Rules (bars) and members (lines) are told apart by these colours, in order.
PALETTE = ("#1f4e79", "#c55a11", "#548235", "#7030a0", "#bf9000", "#2e75b6", "#a5a5a5", "#843c0c", "#0b7a75", "#d6336c")
INK = "#1d2733"
MUTED = "#6b7785"
GRID = "#d9dee4"
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "axes.titleweight": "bold",
    "axes.titlesize": 10,
    "xtick.color": INK,
    "ytick.color": INK,
    "svg.hashsalt": "ipshare",
    "svg.fonttype": "none",  # text stays text: searchable, selectable, and small
    "text.parse_math": False,  # a "$" in a name is a dollar sign, never mathtext
    "text.usetex": False,
}
MEMBER_FILL = {
    "enterprise": "#cfe0f1",
    "university": "#d9ead3",
    "institute": "#fde9c9",
    "financial": "#ead1dc",
    "government": "#e2e2e2",
    "other": "#eeeeee",
}


def _matplotlib():
    return optional_import("matplotlib", package="matplotlib", extra="plot", needed_for="Plots")


def _figure(width, height):
    _matplotlib()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def figure_bytes(figure, fmt: str = "png") -> bytes:
    """The figure as PNG or SVG bytes, with metadata that depend on nothing but the drawing."""
    matplotlib = _matplotlib()
    if fmt not in PLOT_FORMATS:
        raise ValueError(f"unknown image format {fmt!r}; use one of {', '.join(PLOT_FORMATS)}")
    metadata = (
        {"Software": f"ipshare {__version__}"} if fmt == "png" else {"Creator": f"ipshare {__version__}", "Date": None}
    )
    buffer = io.BytesIO()
    with matplotlib.rc_context(STYLE):
        figure.savefig(buffer, format=fmt, metadata=metadata, dpi=DPI, facecolor="white")
    return buffer.getvalue()


def _format_of(path, fmt):
    from ..output import format_for

    return format_for(path, PLOT_FORMATS, fmt=fmt, default="png", what="a plot")


def _finish(figure, path, fmt) -> bytes:
    fmt = _format_of(path, fmt)
    if path is not None:
        from ..output import check_target

        check_target(path)  # a device, a folder or a link to nothing refused before drawing
    _cjk_fallback(figure)
    data = figure_bytes(figure, fmt)
    if path is not None:
        from ..output import write_file

        write_file(path, data)
    return data


def _cjk_fallback(figure) -> None:
    """Chinese names never drawn as boxes: when a text of the figure needs a CJK font, every text falls back to
    one (ipshare.report.fonts; the same font on the same machine) after the Latin font; with none installed, the
    plot is refused in one line saying how to install one."""
    from matplotlib.text import Text as TextArtist

    from .fonts import matplotlib_family, needs_cjk, require_cjk_font

    texts = figure.findobj(TextArtist)
    if not needs_cjk(*(artist.get_text() for artist in texts)):
        return
    import logging

    family = matplotlib_family(require_cjk_font("the plot", prefer="sans"))
    # a CJK face without a bold weight is drawn in its regular weight; matplotlib would log that for every title
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    for artist in texts:
        artist.set_fontfamily([STYLE["font.family"], family])


def _user(text) -> str:
    """User text as matplotlib may draw it into any format: characters XML cannot hold replaced."""
    return escape.xml_text(str(text))


def _scale(largest: float) -> tuple[float, str]:
    """A divisor and its word, so that axis labels show 12.5 (million) rather than 12,500,000."""
    for divisor, word in ((1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
        if largest >= divisor:
            return divisor, word
    return 1.0, ""


def _short(value: float) -> str:
    for divisor, word in ((1e9, " bn"), (1e6, " M"), (1e3, " k")):
        if abs(value) >= divisor:
            return f"{value / divisor:,.1f}{word}"
    return f"{value:,.4g}"


def _style_axes(axes):
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", color=GRID, linewidth=0.6)
    axes.set_axisbelow(True)


# --------------------------------------------------------------------------------------------------------------
# Allocation by rule


def plot_allocations(allocations, path=None, *, fmt=None, scenario=None, title=None) -> bytes:
    """Grouped bars: one group per member, one bar per rule, each labelled with the member's percentage — the
    percentages every other output shows (:func:`~ipshare.report.figures.rule_figures`).

    Parameters
    ----------
    allocations : :class:`~ipshare.solutions.Allocation` s of the same game (one per rule).
    path : write the image here too (format from the extension: .png or .svg).
    fmt : ``png`` (default) or ``svg`` when no path gives it.
    scenario : the scenario, for member names, the currency and the rounding.
    """
    allocations = list(allocations)
    if not allocations:
        raise ValueError("plot_allocations needs at least one allocation")
    members = allocations[0].players
    shares = _percentages(allocations, scenario)
    currency = scenario.currency if scenario is not None and scenario.game is None else None
    kind = allocations[0].kind
    largest = max((abs(v) for a in allocations for v in a.values.values()), default=0.0)
    divisor, word = _scale(largest)
    figure = _figure(min(14.0, max(6.5, 2 + len(members) * (0.5 + 0.35 * len(allocations)))), 4.8)
    with _matplotlib().rc_context(STYLE):
        axes = figure.add_subplot()
        width = 0.8 / len(allocations)
        for index, (allocation, percent) in enumerate(zip(allocations, shares, strict=True)):
            xs = [i - 0.4 + width * (index + 0.5) for i in range(len(members))]
            heights = [allocation.values[p] / divisor for p in members]
            colour = PALETTE[index % len(PALETTE)]
            bars = axes.bar(xs, heights, width * 0.92, label=_user(allocation.rule), color=colour)
            if len(allocations) * len(members) <= 40:
                labels = [f"{percent[p]} %" if p in percent else "" for p in members]
                axes.bar_label(bars, labels, fontsize=6.5, color=INK, padding=2, rotation=90)
        names = []
        for member in members:
            name = _user(escape.one_line(member))
            if scenario is not None and scenario.game is None and member in scenario.members:
                name = f"{name}\n{_wrap(scenario.members[member].name, 20, 2)}"
            names.append(name)
        axes.set_xticks(range(len(members)), names, fontsize=8)
        axes.axhline(0, color=MUTED, linewidth=0.8)
        _style_axes(axes)
        unit = _user(" ".join(part for part in (currency, word) if part))
        noun = "cost share" if kind == "cost" else "allocation"
        axes.set_ylabel(f"{noun} ({unit})" if unit else noun)
        axes.margins(y=0.18)
        axes.legend(
            title="rule", frameon=False, fontsize=8, title_fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0)
        )
        name = scenario.name if scenario is not None else ""
        heading = title or (f"{name}: {noun} by rule" if name else f"{noun.capitalize()} by rule")
        axes.set_title(_wrap(heading, 110, 2), loc="left")
    return _finish(figure, path, fmt)


def _percentages(allocations, scenario) -> list[dict]:
    """Each allocation's percentages as every output rounds them (the scenario's rounding and tie rule, float rules
    reconciled to the exact v(N): :meth:`Allocation.reconciled`), or {} where its total is 0."""
    from ..exact import Rounding
    from .figures import rounding_of

    rounding = rounding_of(scenario) if scenario is not None else Rounding(listed=tuple(allocations[0].players))
    return [rounding.percentages(*allocation.reconciled(rounding.digits)) or {} for allocation in allocations]


# --------------------------------------------------------------------------------------------------------------
# Sweeps


def plot_sweep(
    parameter_name: str,
    parameter_values: Sequence[float],
    series: Mapping[str, Mapping[str, Sequence[float | None]]],
    breakpoints=(),
    path=None,
    *,
    fmt=None,
    title=None,
    unit=None,
) -> bytes:
    """Each member's allocation as a line over the swept parameter, one panel per rule.

    Parameters
    ----------
    parameter_name : the swept field (``revenue.L1.royalty.rate``), the x axis's label.
    parameter_values : the parameter's values, in order.
    series : rule → member → one amount per parameter value (``None`` where the rule was undefined: a gap).
    breakpoints : parameter values to mark with a dashed vertical line: numbers, or ``(value, label)`` pairs.
    path : write the image here too (format from the extension: .png or .svg).
    fmt : ``png`` (default) or ``svg`` when no path gives it.
    unit : the y axis's unit (e.g. ``CNY``).

    Examples
    --------
    >>> image = plot_sweep("rate", [0, 1, 2], {"shapley": {"A": [1, 2, 3], "B": [3, 2, 1]}}, [(1, "tie")])
    >>> image[:4] == b"\\x89PNG"
    True
    """
    rules = list(series)
    if not rules:
        raise ValueError("plot_sweep needs at least one rule's series")
    xs = [float(x) for x in parameter_values]
    members = list(dict.fromkeys(m for rule in rules for m in series[rule]))
    for rule in rules:
        for member, values in series[rule].items():
            if len(values) != len(xs):
                raise ValueError(
                    f"{rule}/{member}: {len(values)} values for {len(xs)} parameter values; give one per value"
                )
    largest = max((abs(v) for rule in rules for vs in series[rule].values() for v in vs if v is not None), default=0.0)
    divisor, word = _scale(largest)
    columns = min(len(rules), 2)
    rows = math.ceil(len(rules) / columns)
    figure = _figure(5.2 * columns + 1.6, 3.6 * rows + 0.6)
    marks = [(float(b[0]), _user(b[1])) if isinstance(b, tuple | list) else (float(b), "") for b in breakpoints]
    with _matplotlib().rc_context(STYLE):
        grid = figure.subplots(rows, columns, sharex=True, sharey=True, squeeze=False)
        for index, rule in enumerate(rules):
            axes = grid[index // columns][index % columns]
            for number, member in enumerate(members):
                values = series[rule].get(member)
                if values is None:
                    continue
                ys = [math.nan if v is None else float(v) / divisor for v in values]
                axes.plot(
                    xs,
                    ys,
                    color=PALETTE[number % len(PALETTE)],
                    linewidth=1.6,
                    label=_user(escape.one_line(member)),
                    marker="o" if len(xs) <= 25 else None,
                    markersize=3,
                )
            for value, label in marks:
                axes.axvline(value, color=MUTED, linestyle="--", linewidth=0.8)
                if label:
                    axes.annotate(
                        label,
                        (value, 1.0),
                        xycoords=("data", "axes fraction"),
                        xytext=(2, -2),
                        textcoords="offset points",
                        fontsize=7,
                        color=MUTED,
                        va="top",
                        rotation=90,
                    )
            axes.set_title(_user(rule), loc="left")
            _style_axes(axes)
            axes.grid(axis="x", color=GRID, linewidth=0.4)
            if index % columns == 0:
                label = _user(" ".join(part for part in (unit, word) if part))
                axes.set_ylabel(f"allocation ({label})" if label else "allocation")
            if index // columns == rows - 1:
                axes.set_xlabel(_wrap(parameter_name, 80, 2))
        for index in range(len(rules), rows * columns):
            grid[index // columns][index % columns].set_visible(False)
        handles, labels = grid[0][0].get_legend_handles_labels()
        figure.legend(
            handles, labels, title="member", loc="outside right upper", frameon=False, fontsize=8, title_fontsize=8
        )
        heading = _wrap(title or f"Allocation as {parameter_name} varies", 110, 2)
        figure.suptitle(heading, x=0.01, ha="left", fontweight="bold", fontsize=11)
    return _finish(figure, path, fmt)


# --------------------------------------------------------------------------------------------------------------
# The IP graph


def plot_graph(scenario, path=None, *, fmt=None, title=None) -> bytes:
    """The alliance as layers — members → contributions → patents → revenue sources — from
    :func:`ipshare.alliance.graph.alliance_graph`: who contributed what, which patents came of it (with their owners
    and the patents they build on), and which revenue needs which patent, with its expected present value."""
    from ..alliance.graph import alliance_graph

    graph = alliance_graph(scenario)
    layers = {
        kind: [n for n, data in graph.nodes(data=True) if data["kind"] == kind]
        for kind in ("member", "contribution", "patent", "revenue")
    }
    order = {node: i for i, node in enumerate(layers["member"])}

    def barycentre(node, relations):
        positions = [
            order[source]
            for source, _, data in graph.in_edges(node, data=True)
            if data["relation"] in relations and source in order
        ]
        return sum(positions) / len(positions) if positions else len(order)

    for kind, relations in (
        ("contribution", ("contributes",)),
        ("patent", ("made-from", "owns")),
        ("revenue", ("requires",)),
    ):
        ranked = sorted(layers[kind], key=lambda node, r=relations: barycentre(node, r))
        if kind == "patent":
            ranked = _bases_first(graph, ranked)
        layers[kind] = ranked
        for i, node in enumerate(ranked):
            order[node] = i * len(layers["member"]) / max(1, len(ranked))
    tallest = max(len(nodes) for nodes in layers.values())
    height = max(4.5, 0.62 * tallest + 1.6)
    figure = _figure(13, height)
    currency = _user(scenario.currency or "")
    with _matplotlib().rc_context(STYLE):
        axes = figure.add_subplot()
        axes.set_axis_off()
        axes.set_xlim(-0.55, 3.55)
        axes.set_ylim(-0.9, tallest - 0.1)
        texts, positions = {}, {}
        revenue = f"Revenue (expected present value{', ' + currency if currency else ''})"
        headers = ("Members", "Contributions", "Patents", revenue)
        for column, (kind, header) in enumerate(zip(layers, headers, strict=True)):
            nodes = layers[kind]
            axes.text(
                column, tallest - 0.35, header, ha="center", va="bottom", fontsize=9, fontweight="bold", color=INK
            )
            step = min(1.0 if len(nodes) <= 1 else (tallest - 1) / (len(nodes) - 1), 1.6)
            top = (tallest - 1) / 2 + step * (len(nodes) - 1) / 2
            for i, node in enumerate(nodes):
                x, y = column, top - step * i
                positions[node] = (x, y)
                label, fill, edge, style = _node_look(graph.nodes[node], scenario)
                texts[node] = axes.text(
                    x,
                    y,
                    label,
                    ha="center",
                    va="center",
                    fontsize=7.2,
                    color=INK,
                    zorder=3,
                    bbox={
                        "boxstyle": "round,pad=0.45",
                        "facecolor": fill,
                        "edgecolor": edge,
                        "linewidth": 0.9,
                        "linestyle": style,
                    },
                )
        looks = {
            "contributes": ("#8a96a3", "-", 0.0),
            "made-from": ("#8a96a3", "-", 0.0),
            "requires": ("#548235", "-", 0.0),
            "builds-on": ("#c00000", "--", -0.45),
            "owns": ("#7030a0", ":", 0.12),
        }
        for source, target, data in graph.edges(data=True):
            relation = data["relation"]
            if relation not in looks or source not in texts or target not in texts:
                continue
            if relation == "owns" and not graph.nodes[target].get("background"):
                continue  # foreground ownership follows from the contributions drawn already
            colour, style, bend = looks[relation]
            axes.annotate(
                "",
                xy=positions[target],
                xytext=positions[source],
                zorder=2,
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": colour,
                    "linewidth": 0.9,
                    "linestyle": style,
                    "shrinkA": 1,
                    "shrinkB": 1,
                    "mutation_scale": 9,
                    "patchA": texts[source].get_bbox_patch(),
                    "patchB": texts[target].get_bbox_patch(),
                    "connectionstyle": f"arc3,rad={bend}",
                },
            )
        from matplotlib.lines import Line2D

        legend = [
            Line2D([], [], color=c, linestyle=s, linewidth=1.2, label=label)
            for label, (c, s) in (
                ("contributes / made from", ("#8a96a3", "-")),
                ("needed by the revenue source", ("#548235", "-")),
                ("builds on (blocking patent)", ("#c00000", "--")),
                ("owns (background patent)", ("#7030a0", ":")),
            )
        ]
        axes.legend(
            handles=legend, loc="lower center", bbox_to_anchor=(0.5, -0.02), ncols=4, frameon=False, fontsize=7.5
        )
        heading = title or f"{scenario.name}: contributions, patents and revenue"
        axes.set_title(_wrap(heading, 110, 2), loc="left", fontsize=11)
    return _finish(figure, path, fmt)


def _bases_first(graph, patents):
    """Foreground patents in their order, each preceded by the patents it builds on (so a blocking patent sits just
    above what it blocks); background patents nothing builds on keep their place at the end."""
    result = []

    def place(node):
        if node in result:
            return
        for base, _, data in sorted(graph.in_edges(node, data=True)):
            if data["relation"] == "builds-on":
                place(base)
        result.append(node)

    for node in patents:
        if not graph.nodes[node].get("background"):
            place(node)
    result.extend(node for node in patents if node not in result)
    return result


def _wrap(text: str, width: int, lines: int) -> str:
    """``text`` on at most ``lines`` lines of ``width`` characters, with an ellipsis when it is cut."""
    import textwrap

    wrapped = textwrap.wrap(_user(text), width)
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "…"
    return "\n".join(wrapped)


def _node_look(data, scenario):
    """A node's label, fill, edge colour and line style."""
    kind = data["kind"]
    if kind == "member":
        member = scenario.members[data["id"]]
        role = f", {member.role}" if member.role else ""
        label = f"{member.id}\n{_wrap(member.name, 24, 2)}\n({member.type}{role})"
        return label, MEMBER_FILL.get(member.type, "#eeeeee"), MUTED, "-"
    if kind == "contribution":
        return f"{data['id']} · {data['contribution_kind']}\n{_short(data['value'])}", "#f4f5f7", "#b4bcc6", "-"
    if kind == "patent":
        patent = scenario.patents[data["id"]]
        words = _wrap(patent.title, 30, 2)
        if patent.background:
            return f"{patent.id} (background)\n{words}", "#e6e0f0", "#7030a0", "--"
        return f"{patent.id}\n{words}", "#fff2cc", "#bf9000", "-"
    source = next(s for s in scenario.revenue if s.id == data["id"])
    who = f"own use by {source.exploiter}" if source.kind == "own-use" else (source.licensee or "licence")
    who = _wrap(who, 28, 2)
    return f"{source.id} · {_short(data['expected_value'])}\n{who}", "#d5e8d4", "#548235", "-"
