"""A document as one self-contained HTML page (styles inline, no scripts, nothing fetched), every text escaped."""

from __future__ import annotations

from .. import escape
from ..document import Document, Facts, Heading, Paragraph, Section, Table, cell_text

__all__ = ["render", "CSS"]

CSS = """
body { font-family: "Segoe UI", "Helvetica Neue", Arial, sans-serif; color: #1d2733; margin: 2.5em auto;
       max-width: 68em; padding: 0 1.5em; line-height: 1.45; font-size: 10.5pt; }
h1 { font-size: 1.6em; color: #143d66; border-bottom: 2px solid #143d66; padding-bottom: .3em; }
h2 { font-size: 1.25em; color: #143d66; margin-top: 1.8em; }
h3 { font-size: 1.05em; margin-bottom: .3em; }
p.subtitle { color: #4a5866; }
p.note { font-size: .9em; color: #4a5866; }
pre.formula { font-family: "Cambria Math", "DejaVu Serif", serif; background: #f3f6f9; padding: .5em .8em;
              border-left: 3px solid #143d66; white-space: pre-wrap; }
table { border-collapse: collapse; margin: .6em 0 1em; font-size: .92em; }
th, td { border: 1px solid #c5ced8; padding: .3em .55em; vertical-align: top; text-align: left; }
thead th { background: #143d66; color: #fff; font-weight: 600; }
tbody tr:nth-child(even) td { background: #f3f6f9; }
tr.total td { font-weight: 700; border-top: 2px solid #143d66; background: #dce4ec; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.facts th { background: #f3f6f9; color: #1d2733; width: 12em; }
td.hash { font-family: monospace; word-break: break-all; }
caption { caption-side: bottom; text-align: left; font-size: .9em; color: #4a5866; padding-top: .3em; }
footer { margin-top: 2.5em; border-top: 1px solid #c5ced8; padding-top: .5em; font-size: .85em; color: #4a5866; }
@media print { body { margin: 0; max-width: none; } h2, h3 { break-after: avoid; } tr { break-inside: avoid; }
               thead { display: table-header-group; } footer { display: none; } }
""".strip()
# Printed pages: A4, the document's footer line and "page X of Y" (CSS page counters) in the margin of every page.
PAGE_CSS = """
@page { size: A4; margin: 2cm 2cm 2.2cm;
        @bottom-left { content: %(footer)s; font-size: 7.5pt; color: #4a5866; }
        @bottom-right { content: %(page)s; font-size: 7.5pt; color: #4a5866; } }
""".strip()


def css_string(text: str) -> str:
    """A CSS string literal: every character that could end or escape it written as a CSS escape."""
    return '"' + "".join(f"\\{ord(char):x} " if char in '"\\\n\r<>' else char for char in str(text)) + '"'


def page_content(pieces) -> str:
    """``content`` of "page X of Y" from :func:`~ipshare.report.messages.page_words` pieces."""
    parts = []
    for piece in pieces:
        if piece == "{page}":
            parts.append("counter(page)")
        elif piece == "{pages}":
            parts.append("counter(pages)")
        elif piece:
            parts.append(css_string(piece))
    return " ".join(parts) or '""'


e = escape.html


def _cells(row, tag, classes) -> str:
    return "".join(f"<{tag}{cls}>{e(cell_text(cell))}</{tag}>" for cell, cls in zip(row, classes, strict=True))


def _header_cells(header, classes) -> str:
    return "".join(
        f"<th{cls}>{'<br>'.join(e(part) for part in text.split(chr(10)))}</th>"
        for text, cls in zip(header, classes, strict=True)
    )


def _table(block: Table) -> list[str]:
    out = [f'<table class="data" data-name="{e(block.name)}">']
    if block.title:
        out.append(f"<caption>{e(block.title)}</caption>")
    classes = [' class="num"' if block.numeric(j) else "" for j in range(len(block.header))]
    out.append(f"<thead><tr>{_header_cells(block.header, classes)}</tr></thead>")
    out.append("<tbody>")
    out.extend(f"<tr>{_cells(row, 'td', classes)}</tr>" for row in block.rows)
    if block.footer:
        # The totals row closes the body, printed once: Chromium repeats a <tfoot> on every printed page.
        out.append(f'<tr class="total">{_cells(block.footer, "td", classes)}</tr>')
    out.append("</tbody>")
    out.append("</table>")
    out.extend(f'<p class="note">{e(line)}</p>' for line in block.caption)
    return out


def _blocks(blocks, level, numbered) -> list[str]:
    out = []
    number = 0
    for block in blocks:
        if isinstance(block, Section):
            number += 1
            title = f"{number}. {block.title}" if numbered else block.title
            out.append(f'<section id="{e(block.key)}">')
            if title:
                out.append(f"<h{level}>{e(title)}</h{level}>")
            out += _blocks(block.blocks, level + 1, numbered)
            out.append("</section>")
        elif isinstance(block, Heading):
            out.append(f"<h{level}>{e(block.text)}</h{level}>")
        elif isinstance(block, Paragraph):
            if block.style == "formula":
                out.append(f'<pre class="formula">{e(block.text)}</pre>')
            elif block.style == "note":
                out.append(f'<p class="note">{e(block.text)}</p>')
            else:
                out.append(f"<p>{e(block.text)}</p>")
        elif isinstance(block, Facts):
            out.append('<table class="facts">')
            for label, value in block.pairs:
                style = ' class="hash"' if label.endswith("SHA-256") else ""
                out.append(f"<tr><th>{e(label)}</th><td{style}>{e(value)}</td></tr>")
            out.append("</table>")
        elif isinstance(block, Table):
            out += _table(block)
    return out


def render(document: Document, *, meta: dict | None = None, lang: str = "en", page_words=None) -> str:
    """The document as an HTML page; ``meta`` adds ``<meta name=… content=…>`` lines (generator, SHA-256);
    ``page_words`` (:func:`~ipshare.report.messages.page_words`) makes printed pages A4 with the footer and "page X
    of Y" in their margins."""
    from ..messages import page_words as words

    page = PAGE_CSS % {"footer": css_string(document.footer or ""), "page": page_content(page_words or words("en"))}
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{e(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        *(f'<meta name="{e(name)}" content="{e(value)}">' for name, value in (meta or {}).items()),
        f"<title>{e(document.title)}</title>",
        f"<style>\n{CSS}\n{page}\n</style>",
        "</head>",
        "<body>",
    ]
    if document.title:
        out.append(f"<h1>{e(document.title)}</h1>")
    if document.subtitle:
        out.append(f'<p class="subtitle">{e(document.subtitle)}</p>')
    out += _blocks(document.blocks, 2, document.numbered)
    if document.footer:
        out.append(f"<footer>{e(document.footer)}</footer>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)
