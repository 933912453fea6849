"""A document as CSV: spreadsheets read its numbers as numbers and its texts as texts, never as formulas.

Every text cell goes through :func:`ipshare.report.escape.spreadsheet`; numbers (:class:`Number`) are written
without thousands separators; :class:`Raw` cells (a float's repr, an exact fraction, a hash: values ipshare wrote
itself) as they are.
"""

from __future__ import annotations

import csv
import io

from .. import escape
from ..document import Document, Facts, Heading, Number, Paragraph, Raw, Section, Table

__all__ = ["render", "rows_text", "cell"]


def cell(value) -> str:
    """One cell as CSV text (before csv's own quoting)."""
    if isinstance(value, Number):
        return "" if value.value is None else format(value.value, "f")
    if isinstance(value, Raw):
        return value.text
    if value is None:
        return ""
    return escape.spreadsheet(escape.one_line(str(value)))


def rows_text(rows) -> str:
    """Rows of cells (a header row of text first, usually) as CSV text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return buffer.getvalue()


def _rows(blocks, numbered):
    number = 0
    for block in blocks:
        if isinstance(block, Section):
            number += 1
            yield []
            yield [f"{number}. {block.title}" if numbered else block.title]
            yield from _rows(block.blocks, numbered)
        elif isinstance(block, Heading | Paragraph):
            yield [block.text]
            yield []
        elif isinstance(block, Facts):
            yield from ([label, value] for label, value in block.pairs)
            yield []
        elif isinstance(block, Table):
            yield list(block.header)
            yield from block.rows
            if block.footer:
                yield block.footer
            yield []


def render(document: Document) -> str:
    """The document section after section: a title row, then each block (a table: its header, rows and totals;
    text: one cell per row), a blank row after each block."""
    head = [[line] for line in (document.title, document.subtitle) if line]
    return rows_text([*head, *_rows(document.blocks, document.numbered)])
