"""A document as a PDF, typeset by Typst (the ``typst`` package: the Typst compiler, with no other dependency).

Nothing a user wrote is ever markup here. The document is turned into plain data (JSON) and handed to one fixed
Typst template through ``sys.inputs``; the template reads it with ``json(…)`` and places every name, title and cell
as a string, which Typst sets as text whatever it holds (``#``, ``*``, ``$``, ``[``, ``<``, ``@``, backslashes). So
there is no escaping function to get wrong: the template is the only markup, and it is ipshare's.

What the template does with the document (DESIGN.md, "The annex as a document"):

- A4 pages, with the document's footer line and "page X of Y" (in the document's language) on every page;
- tables whose header row repeats on every page, whose rows never split across pages, and whose totals row is
  printed once, at the end; numbers in a box, so that no amount ever breaks inside its cell;
- column widths from the content: each column's natural width and its narrowest (its longest word; a number's
  whole width), measured by Typst in the fonts used, and shared out as browsers lay out automatic tables (CSS 2.1,
  section 17.5.2.2): natural widths when they fit, else each column its narrowest plus a share of the rest in
  proportion to what it would like more. A table that does not fit the page even so is set on a landscape page,
  at the body size or, if it must, in a smaller size (down to 6 pt);
- fonts embedded: Libertinus Serif (bundled with Typst, the same on every machine) for Latin text, and, when any
  text needs CJK glyphs, the font :func:`~ipshare.report.fonts.require_cjk_font` finds (or a one-line refusal
  saying how to install one: never empty boxes). System fonts are otherwise ignored, so the output does not
  depend on what else is installed;
- same input, same bytes: no creation date unless the document has a ``timestamp`` (then that is the PDF's date,
  and the file is PDF/A-2b, for archiving); Typst derives the file's ID from its content;
- metadata: the document's title, its subtitle as the description, the author given (default: ipshare and its
  version, which wrote it) and the scenario's SHA-256 as a keyword.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

from ...errors import IpshareError
from ...optional import optional_import
from ..document import Document, Facts, Formula, Heading, Number, Paragraph, Raw, Section, Table, cell_text
from ..fonts import CjkFont, needs_cjk, require_cjk_font
from ..formulas import typst as typst_math

__all__ = ["PdfError", "render", "document_data", "TEMPLATE", "LATIN_FONT"]

LATIN_FONT = "Libertinus Serif"  # bundled with Typst
FORMULA_FONTS = ("New Computer Modern", "New Computer Modern Math")  # bundled with Typst: Greek, ∑, ⊆, ∖
MONO_FONT = "DejaVu Sans Mono"  # bundled with Typst
_INPUT = "ipshare-document"
_TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
# Page geometry, in millimetres: A4 with 20 mm side margins.
_MARGIN = 20
_PORTRAIT_WIDTH = 210 - 2 * _MARGIN
_LANDSCAPE_WIDTH = 297 - 2 * _MARGIN
# A word longer than this many characters (a path, a hash in a cell) may break anywhere rather than push a column
# off the page; names and amounts are far shorter.
_LONG_WORD = 40
# How many of a column's longest words Typst measures to find the column's narrowest width.
_WORDS_MEASURED = 8


# A value of underscores alone is a line to write on: drawn as a rule with room above it to sign or date.
_WRITING_LINE = re.compile(r"_{5,}")


class PdfError(IpshareError):
    """The PDF could not be typeset (Typst reported an error)."""


def render(
    document: Document,
    *,
    lang: str = "en",
    author: str | None = None,
    page_words: tuple[str, ...] | None = None,
    cjk_font: CjkFont | None = None,
) -> bytes:
    """The document as the bytes of a PDF file.

    Parameters
    ----------
    document : the :class:`~ipshare.report.document.Document` (an :class:`~ipshare.report.document.Annex`).
    lang : ``en``, ``zh`` or ``zh+en``: the language Typst sets the text in (line breaking, punctuation) and of
        "page X of Y".
    author : the PDF's author; default ``ipshare <version>`` for an annex (the program that wrote it).
    page_words : "page X of Y" as pieces, with ``{page}`` and ``{pages}`` where the numbers go
        (``("page ", "{page}", " of ", "{pages}", "")``); default from the message catalogue
        (:func:`~ipshare.report.messages.page_words`).
    cjk_font : the CJK font to embed; default the one :func:`~ipshare.report.fonts.require_cjk_font` finds, and
        only when some text needs one.

    Raises
    ------
    MissingExtra
        when the ``typst`` package is not installed (``pip install 'ipshare[annex]'``).
    MissingCjkFont
        when some text needs CJK glyphs and no CJK font is found.
    PdfError
        when Typst fails.
    """
    typst = optional_import("typst", package="typst", extra="annex", needed_for="A PDF annex")
    data = document_data(document, lang=lang, author=author, page_words=page_words)
    font = None
    if needs_cjk(*_all_text(data)):
        font = cjk_font or require_cjk_font("the PDF annex")
        data["fonts"]["body"].append(font.family)
        data["fonts"]["formula"].append(font.family)
    source = json.dumps(data, ensure_ascii=False, sort_keys=True)
    with tempfile.TemporaryDirectory(prefix="ipshare-fonts-") as folder:
        if font is not None:
            _link_fonts(font, Path(folder))
        try:
            return typst.compile(
                TEMPLATE.encode("utf-8"),
                format="pdf",
                font_paths=[folder],
                ignore_system_fonts=True,
                sys_inputs={_INPUT: source},
                pdf_standards=["a-2b"] if data["date"] else [],
            )
        except typst.TypstError as error:
            message = " ".join(str(getattr(error, "message", error)).split())
            raise PdfError(f"the PDF could not be typeset: {message}") from None


def _link_fonts(font: CjkFont, folder: Path) -> None:
    """Typst loads fonts from folders: give it one holding only the chosen font's files."""
    for number, path in enumerate(font.files):
        target = folder / f"{number}-{Path(path).name}"
        try:
            os.symlink(path, target)
        except OSError:
            shutil.copyfile(path, target)


# --------------------------------------------------------------------------------------------------------------
# The document as data


def document_data(
    document: Document,
    *,
    lang: str = "en",
    author: str | None = None,
    page_words: tuple[str, ...] | None = None,
) -> dict:
    """The plain data the template typesets: every text a string, every block a mapping with its ``kind``."""
    if page_words is None:
        from ..messages import page_words as catalogue_page_words

        page_words = catalogue_page_words(lang)
    version = getattr(document, "version", "")
    sha256 = getattr(document, "sha256", "")
    if author is None:
        author = f"ipshare {version}".strip()
    timestamp = getattr(document, "timestamp", None)
    return {
        "lang": "zh" if lang.startswith("zh") else "en",
        "region": "cn" if lang.startswith("zh") else None,
        "title": _text(document.title),
        "subtitle": _text(document.subtitle),
        "footer": _text(document.footer),
        "author": _text(author),
        "keywords": [f"scenario SHA-256 {sha256}"] if sha256 else [],
        "date": _date(timestamp),
        "page": list(page_words),
        "fonts": {"body": [LATIN_FONT], "formula": list(FORMULA_FONTS) + [LATIN_FONT], "mono": [MONO_FONT]},
        "geometry": {"margin": _MARGIN, "portrait": _PORTRAIT_WIDTH, "landscape": _LANDSCAPE_WIDTH},
        "blocks": _blocks(document.blocks, document.numbered, level=2),
    }


def _date(timestamp: str | None) -> dict | None:
    if timestamp is None:
        return None
    moment = datetime.strptime(timestamp, _TIMESTAMP_FORMAT)
    return {name: getattr(moment, name) for name in ("year", "month", "day", "hour", "minute", "second")}


def _text(value) -> str:
    return "" if value is None else str(value)


def _blocks(blocks, numbered: bool, level: int) -> list[dict]:
    out = []
    number = 0
    for block in blocks:
        if isinstance(block, Section):
            number += 1
            title = f"{number}. {block.title}" if numbered and block.title else _text(block.title)
            out.append(
                {
                    "kind": "section",
                    "key": block.key,
                    "title": title,
                    "level": min(level, 6),
                    "blocks": _blocks(block.blocks, numbered, level + 1),
                }
            )
        elif isinstance(block, Heading):
            out.append({"kind": "heading", "text": _text(block.text), "level": min(level, 6)})
        elif isinstance(block, Formula) and block.lines:
            # Typst math built by ipshare.report.formulas from ipshare's own parts (never user text); the
            # template evaluates it in math mode.
            out.append({"kind": "paragraph", "style": "formula", "text": _text(block.text),
                        "math": [typst_math(line) for line in block.lines]})
        elif isinstance(block, Paragraph):
            out.append({"kind": "paragraph", "style": block.style, "text": _text(block.text)})
        elif isinstance(block, Facts):
            out.append(
                {
                    "kind": "facts",
                    "pairs": [
                        [_text(label), _text(value) if str(label).endswith("SHA-256") else _breakable(_text(value))]
                        for label, value in block.pairs
                    ],
                    "hash": [str(label).endswith("SHA-256") for label, _ in block.pairs],
                    "line": [bool(_WRITING_LINE.fullmatch(str(value))) for _, value in block.pairs],
                }
            )
        elif isinstance(block, Table):
            if block.header:  # a table of no columns shows nothing
                out.append(_table(block))
        else:
            raise TypeError(f"a PDF cannot show a {type(block).__name__}")
    return out


def _table(table: Table) -> dict:
    columns = len(table.header)
    numeric = [table.numeric(j) for j in range(columns)]

    def cells(row, bold=False):
        out = []
        for j, cell in enumerate(row):
            text = cell_text(cell)
            number = numeric[j] or isinstance(cell, Number) or (isinstance(cell, Raw) and cell.numeric)
            out.append(text if number else _breakable(text))
        return out

    rows = [cells(row) for row in table.rows]
    footer = cells(table.footer) if table.footer else None
    tokens = []
    for j in range(columns):
        words = [(word, True) for word in _words(table.header[j])]
        if not numeric[j]:  # a number column's cells are measured whole; only its header may wrap
            words += [(word, False) for row in rows for word in _words(row[j])]
            if footer is not None:
                words += [(word, True) for word in _words(footer[j])]
        longest = sorted(set(words), key=lambda item: (-_estimate(item[0]), item))[:_WORDS_MEASURED]
        tokens.append([[word, bold] for word, bold in longest])
    return {
        "kind": "table",
        "title": _text(table.title),
        "header": [_text(cell) for cell in table.header],
        "rows": rows,
        "footer": footer,
        "numeric": numeric,
        "tokens": tokens,
        "caption": [_text(line) for line in table.caption],
    }


_CJK_CHARACTER = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]")


# A cell word of at most this many CJK characters alone (资金, 高等学校) is measured whole, so that its column is
# wide enough for it on one line; a longer run of Chinese may break between any two characters.
_SHORT_CJK_WORD = 4


def _words(text: str) -> list[str]:
    """The pieces of ``text`` a line never breaks inside: words, and each CJK character on its own (a short word
    of CJK characters alone whole)."""
    pieces = []
    for word in re.split(r"[\s\u200b]+", text):  # a zero-width space (see _breakable) is a break too
        if 1 < len(word) <= _SHORT_CJK_WORD and all(_CJK_CHARACTER.match(char) for char in word):
            pieces.append(word)
            continue
        pieces.extend(piece for piece in re.split(f"({_CJK_CHARACTER.pattern})", word) if piece)
    return pieces


def _estimate(word: str) -> int:
    return sum(2 if _CJK_CHARACTER.match(ch) else 1 for ch in word)


def _breakable(text: str) -> str:
    """A word longer than :data:`_LONG_WORD` characters gets a zero-width space every 20 characters, so that a
    path or a hash in a cell wraps instead of running off the page; shorter words are left whole."""
    if len(text) <= _LONG_WORD:
        return text
    return re.sub(
        rf"\S{{{_LONG_WORD + 1},}}",
        lambda match: "\u200b".join(match.group(0)[i : i + 20] for i in range(0, len(match.group(0)), 20)),
        text,
    )


def _all_text(data) -> list[str]:
    """Every string in the data (to decide whether a CJK font is needed)."""
    found = []

    def walk(value):
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for key, item in value.items():
                if key != "fonts":
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(data)
    return found


# --------------------------------------------------------------------------------------------------------------
# The template: the only Typst markup, ipshare's own. Every user text reaches it as a string in `doc`.

TEMPLATE = r"""
#let doc = json(bytes(sys.inputs.at("ipshare-document")))
#let ink = rgb("#1d2733")
#let accent = rgb("#143d66")
#let grey = rgb("#4a5866")
#let rule = rgb("#c5ced8")
#let head-fill = rgb("#dce4ec")
#let zebra = rgb("#f3f6f9")
#let body-size = 10pt
#let table-size = 8.5pt
#let smallest = 6pt
#let inset = 3.5pt
#let margin = doc.geometry.margin * 1mm

#set document(
  title: doc.title,
  author: doc.author,
  keywords: doc.keywords,
  description: if doc.subtitle == "" { none } else { doc.subtitle },
  date: if doc.date == none { none } else { datetime(..doc.date) },
)
#set page(
  paper: "a4",
  margin: (x: margin, top: 20mm, bottom: 22mm),
  footer: context {
    set text(size: 7.5pt, fill: grey)
    let current = str(counter(page).get().first())
    let last = str(counter(page).final().first())
    let numbers = box(doc.page.map(piece => if piece == "{page}" { current } else if piece == "{pages}" { last }
      else { piece }).join())
    grid(columns: (1fr, auto), column-gutter: 2em, align: (left + top, right + top), doc.footer, numbers)
  },
)
#set text(font: doc.fonts.body, size: body-size, fill: ink, lang: doc.lang, region: doc.region,
  hyphenate: false)
#set par(leading: 0.62em, spacing: 0.9em)
#set table.cell(breakable: false)
#show heading: set text(fill: accent)
#show heading.where(level: 1): set text(size: 15pt)
#show heading.where(level: 2): set text(size: 12pt)
#show heading.where(level: 3): set text(size: 10.5pt)

#let lines(s) = s.split("\n").map(part => [#part]).join(linebreak())
#let weight(bold) = if bold { "bold" } else { "regular" }
#let width-of(s, bold, size) = calc.max(0pt, ..s.split("\n").map(part =>
  measure(text(size: size, weight: weight(bold), part)).width))

// Each column's natural width and its narrowest, at `size`; shared out over `avail` as CSS automatic table
// layout does. Returns none when even the narrowest widths do not fit.
#let plan(t, avail, size) = {
  let n = t.header.len()
  let natural = ()
  let narrowest = ()
  let pad = 2 * inset + 0.5pt
  for j in range(n) {
    let cells = 0pt
    for row in t.rows { cells = calc.max(cells, width-of(row.at(j), false, size)) }
    if t.footer != none { cells = calc.max(cells, width-of(t.footer.at(j), true, size)) }
    let w = calc.max(cells, width-of(t.header.at(j), true, size))
    natural.push(w + pad)
    // The narrowest: the longest word (for a number column: its numbers whole, and its header's longest word).
    let m = if t.numeric.at(j) { cells } else { 0pt }
    for token in t.tokens.at(j) { m = calc.max(m, width-of(token.at(0), token.at(1), size)) }
    narrowest.push(calc.min(m + pad, natural.at(j)))
  }
  let total = natural.sum(default: 0pt)
  let least = narrowest.sum(default: 0pt)
  if total <= avail { return natural }
  if least > avail { return none }
  let share = (avail - least) / (total - least) * 0.999
  range(n).map(j => narrowest.at(j) + (natural.at(j) - narrowest.at(j)) * share)
}

#let note(s) = block(above: 0.5em, below: 0.8em, text(size: 8.5pt, fill: grey, s))

#let render-table(t, widths, size) = {
  set text(size: size)
  set par(leading: 0.5em)
  let n = t.header.len()
  let cell(j, s, bold) = {
    let c = lines(s)
    let c = if bold { strong(c) } else { c }
    if t.numeric.at(j) { box(c) } else { c }
  }
  if t.title != "" { block(sticky: true, below: 0.45em, text(size: body-size, strong(t.title))) }
  table(
    columns: widths,
    inset: inset,
    stroke: 0.4pt + rule,
    align: (x, y) => (if t.numeric.at(x) { right } else { left }) + top,
    fill: (x, y) => if y == 0 { head-fill } else if calc.even(y) { zebra } else { none },
    table.header(repeat: true, ..range(n).map(j => cell(j, t.header.at(j), true))),
    ..t.rows.map(row => range(n).map(j => cell(j, row.at(j), false))).flatten(),
    ..if t.footer != none {
      (table.footer(repeat: false, ..range(n).map(j => cell(j, t.footer.at(j), true))),)
    } else { () },
  )
  for line in t.caption { note(line) }
}

// Portrait at the table size if it fits, else landscape, in a smaller size if it must.
#let place-table(t) = context {
  let portrait = doc.geometry.portrait * 1mm
  let landscape = doc.geometry.landscape * 1mm
  let tries = ((false, table-size), (true, table-size), (true, 7.5pt), (true, 6.5pt), (true, smallest))
  let chosen = none
  for (flipped, size) in tries {
    if chosen == none {
      let widths = plan(t, if flipped { landscape } else { portrait }, size)
      if widths != none { chosen = (flipped, size, widths) }
    }
  }
  if chosen == none {
    // Not even the narrowest widths fit a landscape page at the smallest size: set it at those widths.
    let n = t.header.len()
    chosen = (true, smallest, range(n).map(j => auto))
  }
  let (flipped, size, widths) = chosen
  if flipped { page(flipped: true, render-table(t, widths, size)) } else { render-table(t, widths, size) }
}

// A value of underscores alone is a line to write on (a signature, a date): a rule with room above it.
#let writing-line = box(width: 100%, height: 1.3cm, align(bottom, line(length: 100%, stroke: 0.5pt + ink)))

#let render-facts(f) = {
  let signing = f.line.any(line => line)
  block(breakable: f.pairs.len() > 6, above: 0.8em, below: if signing { 2.4em } else { 1.1em }, layout(size => {
    let labels = f.pairs.map(pair => measure(strong(pair.at(0))).width)
    let label-width = calc.min(calc.max(0pt, ..labels), size.width * 0.42)
    let cells = ()
    for (i, pair) in f.pairs.enumerate() {
      cells.push(strong(pair.at(0)))
      cells.push(if f.hash.at(i) {
        // a SHA-256 on one line when it fits beside its label, else in two halves of 32 (never past the margin)
        let mono(s) = text(font: doc.fonts.mono, size: 0.85em, s)
        let room = size.width - label-width - 1.2em.to-absolute()
        let value = pair.at(1)
        if measure(mono(value)).width <= room or value.len() < 33 { mono(value) } else {
          mono(value.slice(0, 32)) + linebreak() + mono(value.slice(32))
        }
      } else if f.line.at(i) { writing-line } else if signing and i == 0 { strong(pair.at(1)) } else { pair.at(1) })
    }
    grid(
      columns: (label-width, 1fr),
      column-gutter: 1.2em,
      row-gutter: 0.65em,
      align: (x, y) => left + if f.line.at(y) { bottom } else { top },
      ..cells,
    )
  }))
}

#let render-blocks(blocks) = {
  for b in blocks {
    if b.kind == "section" {
      if b.title != "" { heading(level: b.level, b.title) }
      render-blocks(b.blocks)
    } else if b.kind == "heading" {
      heading(level: b.level, b.text)
    } else if b.kind == "paragraph" {
      if b.style == "formula" and "math" in b {
        block(width: 100%, fill: zebra, inset: (x: 8pt, y: 6pt), stroke: (left: 2pt + accent), breakable: false,
          text(font: doc.fonts.formula, stack(spacing: 0.8em,
            ..b.math.map(line => math.equation(block: true, eval(line, mode: "math"))))))
      } else if b.style == "formula" {
        block(width: 100%, fill: zebra, inset: (x: 8pt, y: 6pt), stroke: (left: 2pt + accent),
          text(font: doc.fonts.formula, b.text))
      } else if b.style == "note" {
        note(b.text)
      } else {
        par(b.text)
      }
    } else if b.kind == "facts" {
      render-facts(b)
    } else if b.kind == "table" {
      place-table(b)
    }
  }
}

#if doc.title != "" { heading(level: 1, doc.title) }
#if doc.subtitle != "" { block(below: 1.2em, text(fill: grey, doc.subtitle)) }
#render-blocks(doc.blocks)
"""
