"""A document as Markdown: pipe tables with totals in bold, every text escaped (:func:`..escape.markdown`)."""

from __future__ import annotations

from .. import escape
from ..document import Document, Facts, Heading, Number, Paragraph, Raw, Section, Table, cell_text

__all__ = ["render", "table_lines"]


def _cell(cell) -> str:
    return cell.text if isinstance(cell, Number | Raw) else escape.markdown(cell)


def table_lines(table: Table) -> list[str]:
    """A pipe table: header, alignment row (numbers right), rows and the footer in bold, then its caption."""
    lines = []
    if table.title:
        lines += [f"**{escape.markdown(table.title)}**", ""]
    columns = range(len(table.header))
    lines.append("| " + " | ".join(escape.markdown(h) for h in table.header) + " |")
    lines.append("|" + "|".join("---:" if table.numeric(j) else "---" for j in columns) + "|")
    for row in table.rows:
        lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
    if table.footer:
        lines.append("| " + " | ".join(f"**{_cell(c)}**" if cell_text(c) else "" for c in table.footer) + " |")
    lines.append("")
    for line in table.caption:
        lines += [escape.markdown(line, cell=False), ""]
    return lines


def _blocks(blocks, level, numbered) -> list[str]:
    lines = []
    number = 0
    for block in blocks:
        if isinstance(block, Section):
            number += 1
            title = f"{number}. {block.title}" if numbered else block.title
            if title:
                lines += [f"{'#' * level} {escape.markdown(title)}", ""]
            lines += _blocks(block.blocks, level + 1, numbered)
        elif isinstance(block, Heading):
            lines += [f"{'#' * level} {escape.markdown(block.text)}", ""]
        elif isinstance(block, Paragraph):
            if block.style == "formula":
                lines += [f"    {escape.one_line(block.text)}", ""]
            elif block.style == "note":
                lines += [f"*{escape.markdown(block.text)}*", ""]
            else:
                lines += [escape.markdown(block.text, cell=False), ""]
        elif isinstance(block, Facts):
            lines += ["| | |", "|---|---|"]
            lines += [f"| **{escape.markdown(label)}** | {escape.markdown(value)} |" for label, value in block.pairs]
            lines.append("")
        elif isinstance(block, Table):
            lines += table_lines(block)
    return lines


def render(document: Document, *, level: int = 1) -> str:
    """The document as Markdown; its title is a heading of ``level`` (1: ``#``), sections one level below."""
    lines = []
    if document.title:
        lines += [f"{'#' * level} {escape.markdown(document.title)}", ""]
    if document.subtitle:
        lines += [escape.markdown(document.subtitle, cell=False), ""]
    lines += _blocks(document.blocks, level + 1, document.numbered)
    if document.footer:
        lines += ["---", "", escape.markdown(document.footer, cell=False), ""]
    return "\n".join(lines)
