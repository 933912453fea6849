"""A document as terminal text (rich), fitted to a width: text columns wrap, numbers never do.

User text is handed to rich as :class:`rich.text.Text`, never as a markup string, so ``[/]``, ``[red]x[/red]`` or
``:cd:`` in a name is shown as written. When a table cannot fit the width even with its text columns wrapped, it
is split into parts, each repeating the columns that identify a row (:attr:`Table.keys`) and keeping column
groups (an amount and its percentage) together. Without a width, tables take their natural width.
"""

from __future__ import annotations

import io
from dataclasses import replace

from ..document import Document, Facts, Heading, Number, Paragraph, Section, Table, cell_text

__all__ = ["render", "render_table", "NATURAL"]

# The width used when none is given: wide enough that nothing wraps.
NATURAL = 100_000
# A text column is not squeezed below this many characters (or its natural width, if smaller); a table split into
# parts keeps its text columns at least the comfortable width where it can.
MIN_TEXT_WIDTH = 10
COMFORTABLE_TEXT_WIDTH = 24


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


def _grid(table: Table, columns, title: str, console, text_min: int = MIN_TEXT_WIDTH):
    from rich import box
    from rich.cells import cell_len
    from rich.table import Table as RichTable

    grid = RichTable(
        title=_text(title) if title else None,
        show_footer=table.footer is not None,
        title_style="bold",
        box=box.HEAVY_HEAD,
    )
    for j in columns:
        numeric = table.numeric(j)
        # widths in terminal cells (a Chinese character takes two), the footer's too ("合计" must not fold)
        natural = max([cell_len(part) for part in table.header[j].split("\n")]
                      + [cell_len(cell_text(r[j])) for r in table.rows]
                      + ([cell_len(cell_text(table.footer[j]))] if table.footer is not None else []))
        grid.add_column(
            _text(table.header[j]),
            footer=_text(cell_text(table.footer[j])) if table.footer is not None else "",
            justify="right" if numeric else "left",
            no_wrap=numeric,
            overflow="fold",
            # A number is never wrapped, so its whole width is the column's least (rich would otherwise measure
            # the widest word of "50,676,000 ± 210,000" and crop the figure to fit).
            min_width=natural if numeric else min(text_min, natural),
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
    # Parts are packed so that their text columns keep a comfortable width; only when a single group cannot
    # fit that way are they squeezed to the least width.
    comfortable = all(
        _width_of(console, _grid(table, keys + unit, "", console, COMFORTABLE_TEXT_WIDTH))[0] <= width
        for unit in units
    )
    text_min = COMFORTABLE_TEXT_WIDTH if comfortable else MIN_TEXT_WIDTH
    parts, current = [], []
    for unit in units:
        trial = keys + current + unit
        if current and _width_of(console, _grid(table, trial, "", console, text_min))[0] > width:
            parts.append(keys + current)
            current = list(unit)
        else:
            current += unit
    if current or not parts:
        parts.append(keys + current)
    return [sorted(part, key=everything.index) for part in parts]


def _without_names(table: Table, lang: str = "en") -> Table:
    """The table with its secondary key columns (a member's name beside its id) moved to a legend line below it,
    for a terminal too narrow to show both beside the figures."""
    if table.keys < 2:
        return table
    keep = [0, *range(table.keys, len(table.header))]
    legend = ("; " if lang == "en" else "；").join(
        " ".join(cell_text(row[j]) for j in range(table.keys) if cell_text(row[j])) for row in table.rows
    )
    heading = " / ".join(table.header[j].replace("\n", " ") for j in range(table.keys))
    groups = tuple(tuple(keep.index(j) for j in group if j in keep) for group in table.groups)
    return replace(
        table,
        header=tuple(table.header[j] for j in keep),
        rows=tuple(tuple(row[j] for j in keep) for row in table.rows),
        footer=None if table.footer is None else tuple(table.footer[j] for j in keep),
        keys=1,
        groups=groups,
        caption=(*table.caption, f"{heading.lower()}: {legend}" if lang == "en" else f"{heading}：{legend}"),
    )


def render_table(table: Table, width: int | None = None, lang: str = "en") -> str:
    """One table (in parts when it must be), its title above and its caption lines below.

    A table that does not fit ``width`` first loses its secondary key columns (names beside ids) to a legend,
    then is split into parts. ``lang``: the language of the words the writer adds ("part 1 of 2")."""
    console = _console(width)
    limit = width or NATURAL
    if width and table.keys > 1 and _width_of(console, _grid(table, range(len(table.header)), "", console))[0] > width:
        table = _without_names(table, lang)
    parts = _parts(table, limit, console) if width else [list(range(len(table.header)))]
    out = []
    if len(parts) > 1 and table.title:
        out.append(_lines([table.title], width))  # once, whole, above its parts
    for number, columns in enumerate(parts, start=1):
        title = table.title if len(parts) == 1 else _part(number, len(parts), lang)
        out.append(_print(console, _grid(table, columns, title, console)))
    out.append(_lines(table.caption, width))
    return "".join(out)


def _lines(lines, width) -> str:
    text = ""
    for line in lines:
        text += "\n".join(_wrap(line, max(20, width)) if width else [line]) + "\n"
    return text


def _wrap(line: str, width: int, indent: str = "  ") -> list[str]:
    """``line`` in lines of at most ``width`` terminal cells (CJK characters take two), continuation lines
    indented; only a word longer than a whole line (a 300-character name, a run of Chinese) is broken, never a
    number that fits."""
    from rich.cells import cell_len

    out, current = [], ""
    for word in line.split(" "):
        room = width - (cell_len(indent) if out else 0)
        candidate = f"{current} {word}" if current else word
        if cell_len(candidate) <= room:
            current = candidate
            continue
        if current and (cell_len(word) > width - cell_len(indent) or cell_len(word) > len(word)):
            current = candidate  # Chinese (or a run longer than a line) goes on on this line, as Chinese text does
        elif current:
            out.append(current)
            room = width - cell_len(indent)
            current = word
        else:
            current = word
        while cell_len(current) > room:
            cut = _fits(current, room)
            out.append(current[:cut])
            current = current[cut:]
            room = width - cell_len(indent)
    if current or not out:
        out.append(current)
    return [out[0], *(indent + rest for rest in out[1:])]


def _fits(text: str, room: int) -> int:
    """How many leading characters of ``text`` fit in ``room`` cells (at least one)."""
    from rich.cells import cell_len

    count = 0
    while count < len(text) and cell_len(text[: count + 1]) <= room:
        count += 1
    if 1 < count < len(text) and text[count] in _NO_LINE_START:
        count -= 1  # Chinese never begins a line with a comma, a full stop or a closing bracket
    back = count  # in a run of Chinese, break before an id or a number (core-lp, 5,000) rather than inside it
    while 0 < back < len(text) and _latin(text[back - 1]) and _latin(text[back]):
        back -= 1
    if back > 0 and back != count and not _latin(text[back - 1]):
        return back
    return max(1, count)


_NO_LINE_START = "，。；：、！？）】》」』%"


def _latin(char: str) -> bool:
    return char.isascii() and not char.isspace()


def _facts(block: Facts, width, console) -> str:
    from rich.table import Table as RichTable

    grid = RichTable(show_header=False, box=None, pad_edge=False)
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(overflow="fold")
    for label, value in block.pairs:
        grid.add_row(_text(label), _text(value))
    return _print(console, grid)


def _part(number: int, count: int, lang: str) -> str:
    if lang == "en":
        return f"part {number} of {count}"
    from ..messages import text

    return text("table.part", lang, number=str(number), count=str(count))


def _blocks(blocks, width, console, numbered, depth=0, lang="en") -> str:
    out = []
    number = 0
    for block in blocks:
        if isinstance(block, Section):
            number += 1
            title = f"{number}. {block.title}" if numbered else block.title
            if title:
                out.append(_lines([title], width))
            out.append(_blocks(block.blocks, width, console, numbered, depth + 1, lang))
        elif isinstance(block, Table):
            out.append(render_table(block, width, lang))
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


def render(document: Document, width: int | None = None, lang: str | None = None) -> str:
    """The whole document as terminal text; ``width`` is the terminal's (None: natural width); ``lang`` the
    language of the words the writer adds (default: the document's, else en)."""
    console = _console(width)
    head = [line for line in (document.title, document.subtitle) if line]
    lang = lang or getattr(document, "lang", "en")
    text = _lines(head, width) + _blocks(document.blocks, width, console, document.numbered, lang=lang)
    if document.footer:
        text += _lines([document.footer], width)
    return text
