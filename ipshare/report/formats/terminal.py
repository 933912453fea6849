"""A document as terminal text (rich), fitted to a width: text columns wrap, numbers never do.

User text is handed to rich as :class:`rich.text.Text`, never as a markup string, so ``[/]``, ``[red]x[/red]`` or
``:cd:`` in a name is shown as written. When a table cannot fit the width even with its text columns wrapped, it
is split into parts, each repeating the columns that identify a row (:attr:`Table.keys`) and keeping column
groups (an amount and its percentage) together. Without a width, tables take their natural width.
"""

from __future__ import annotations

import io
import textwrap

from ..document import Document, Facts, Heading, Number, Paragraph, Section, Table, cell_text

__all__ = ["render", "render_table", "NATURAL"]

# The width used when none is given: wide enough that nothing wraps.
NATURAL = 100_000
# A text column is not squeezed below this many characters (or its natural width, if smaller).
MIN_TEXT_WIDTH = 10


def _console(width):
    from rich.console import Console

    return Console(
        file=io.StringIO(),
        width=width or NATURAL,
        force_terminal=False,
        color_system=None,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
    )


def _text(value, style=""):
    from rich.text import Text

    return Text(str(value), style=style)


def _print(console, renderable) -> str:
    console.print(renderable)
    text = console.file.getvalue()
    console.file.seek(0)
    console.file.truncate()
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def _grid(table: Table, columns, title: str, console):
    from rich import box
    from rich.table import Table as RichTable

    grid = RichTable(
        title=_text(title) if title else None,
        show_footer=table.footer is not None,
        title_style="bold",
        box=box.HEAVY_HEAD,
    )
    for j in columns:
        numeric = table.numeric(j)
        natural = max([len(part) for part in table.header[j].split("\n")] + [len(cell_text(r[j])) for r in table.rows])
        grid.add_column(
            _text(table.header[j]),
            footer=_text(cell_text(table.footer[j])) if table.footer is not None else "",
            justify="right" if numeric else "left",
            no_wrap=numeric,
            overflow="fold",
            # A number is never wrapped, so its whole width is the column's least (rich would otherwise measure
            # the widest word of "50,676,000 ± 210,000" and crop the figure to fit).
            min_width=natural if numeric else min(MIN_TEXT_WIDTH, natural),
        )
    for row in table.rows:
        grid.add_row(*(_text(cell_text(row[j])) for j in columns))
    return grid


def _width_of(console, renderable) -> tuple[int, int]:
    """The least and the natural width of ``renderable`` (measured unclamped: rich clamps to the console)."""
    measurement = _console(None).measure(renderable)
    return measurement.minimum, measurement.maximum


def _parts(table: Table, width: int, console) -> list[list[int]]:
    """Column lists, each with the key columns first, that each fit ``width`` (one list when the table does)."""
    everything = list(range(len(table.header)))
    if _width_of(console, _grid(table, everything, "", console))[0] <= width:
        return [everything]
    keys = list(range(min(table.keys, len(table.header))))
    grouped = set(keys)
    units = []
    for group in table.groups:
        units.append([j for j in group if j not in grouped])
        grouped.update(group)
    units += [[j] for j in everything if j not in grouped]
    units = [unit for unit in units if unit]
    parts, current = [], []
    for unit in units:
        trial = keys + current + unit
        if current and _width_of(console, _grid(table, trial, "", console))[0] > width:
            parts.append(keys + current)
            current = list(unit)
        else:
            current += unit
    if current or not parts:
        parts.append(keys + current)
    return [sorted(part, key=everything.index) for part in parts]


def render_table(table: Table, width: int | None = None) -> str:
    """One table (in parts when it must be), its title above and its caption lines below."""
    console = _console(width)
    limit = width or NATURAL
    parts = _parts(table, limit, console) if width else [list(range(len(table.header)))]
    out = []
    if len(parts) > 1 and table.title:
        out.append(_lines([table.title], width))  # once, whole, above its parts
    for number, columns in enumerate(parts, start=1):
        title = table.title if len(parts) == 1 else f"part {number} of {len(parts)}"
        out.append(_print(console, _grid(table, columns, title, console)))
    out.append(_lines(table.caption, width))
    return "".join(out)


def _lines(lines, width) -> str:
    text = ""
    for line in lines:
        if width:
            # Only a word longer than the whole line is broken (a 300-character name), never a number in a line.
            wrapped = textwrap.wrap(
                line, width=max(20, width), subsequent_indent="  ", break_long_words=True, break_on_hyphens=False
            )
            text += "\n".join(wrapped or [""]) + "\n"
        else:
            text += line + "\n"
    return text


def _facts(block: Facts, width, console) -> str:
    from rich.table import Table as RichTable

    grid = RichTable(show_header=False, box=None, pad_edge=False)
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(overflow="fold")
    for label, value in block.pairs:
        grid.add_row(_text(label), _text(value))
    return _print(console, grid)


def _blocks(blocks, width, console, numbered, depth=0) -> str:
    out = []
    number = 0
    for block in blocks:
        if isinstance(block, Section):
            number += 1
            title = f"{number}. {block.title}" if numbered else block.title
            if title:
                out.append(_lines([title], width))
            out.append(_blocks(block.blocks, width, console, numbered, depth + 1))
        elif isinstance(block, Table):
            out.append(render_table(block, width))
        elif isinstance(block, Heading):
            out.append(_lines([block.text], width))
        elif isinstance(block, Paragraph):
            out.append(_lines([block.text], width))
        elif isinstance(block, Facts):
            out.append(_facts(block, width, console))
        elif isinstance(block, str):
            out.append(_lines([block], width))
        elif isinstance(block, Number):
            out.append(_lines([block.text], width))
    return "".join(out)


def render(document: Document, width: int | None = None) -> str:
    """The whole document as terminal text; ``width`` is the terminal's (None: natural width)."""
    console = _console(width)
    head = [line for line in (document.title, document.subtitle) if line]
    text = _lines(head, width) + _blocks(document.blocks, width, console, document.numbered)
    if document.footer:
        text += _lines([document.footer], width)
    return text
