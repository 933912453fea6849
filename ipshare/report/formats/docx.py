"""An annex as a Word document (DOCX), with python-docx (the ``annex`` extra).

The layout is plain and printable: A4 with 2 cm margins (landscape when a table has more than eight columns),
numbered section headings, tables with a shaded header row repeated on every page and totals in bold, and a page
footer naming the scenario's SHA-256 and the page number. The package's dates are pinned
(:func:`.package.pin_package`), so the same annex gives the same bytes.

Text is written as runs of text (never fields or markup); characters XML cannot hold are replaced
(:func:`..escape.xml_text`), and the document's properties (title, comments, keywords) are cut to the 255 characters
Office and python-docx allow a core property — only the metadata: the title on the page keeps every character.
"""

from __future__ import annotations

import io

from ...optional import optional_import
from .. import escape
from ..document import Annex, Facts, Heading, Number, Paragraph, Table, cell_text
from .package import pin_package

__all__ = ["render_docx"]

ACCENT = "143D66"
ZEBRA = "F3F6F9"
FOOT = "DCE4EC"
GREY = (0x4A, 0x58, 0x66)
# Landscape pages when a table is wider than this many columns.
WIDE = 8
# The most characters a core property (title, subject, keywords, comments...) may hold: python-docx refuses more
# (ValueError "exceeded 255 char limit for property"), as Word's own properties dialog does.
METADATA_LIMIT = 255


def metadata_text(text: str) -> str:
    """A core property: one line, characters XML can hold, cut to :data:`METADATA_LIMIT` with an ellipsis."""
    text = escape.one_line(escape.xml_text(str(text)))
    return text if len(text) <= METADATA_LIMIT else text[: METADATA_LIMIT - 1] + "…"


def _safe(text) -> str:
    return escape.xml_text(str(text))


def render_docx(annex: Annex) -> bytes:
    """The annex as the bytes of a .docx file."""
    docx = optional_import("docx", package="python-docx", extra="annex", needed_for="A DOCX annex")
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt, RGBColor

    document = docx.Document()
    _styles(document, Pt, RGBColor)
    widest = max(
        (len(block.header) for section in annex.sections for block in section.blocks if isinstance(block, Table)),
        default=0,
    )
    page = document.sections[0]
    page.page_width, page.page_height = Cm(21), Cm(29.7)
    if widest > WIDE:
        page.orientation = WD_ORIENT.LANDSCAPE
        page.page_width, page.page_height = Cm(29.7), Cm(21)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(page, side, Cm(2))
    usable = page.page_width - page.left_margin - page.right_margin

    properties = document.core_properties
    properties.title = metadata_text(annex.title)
    properties.subject = "Allocation annex"
    properties.author = metadata_text(f"ipshare {annex.version}")
    properties.last_modified_by = metadata_text(f"ipshare {annex.version}")
    properties.keywords = metadata_text(f"scenario sha256 {annex.sha256}")
    properties.comments = metadata_text(annex.subtitle)
    properties.revision = 1

    document.add_heading(_safe(annex.title), level=0)
    subtitle = document.add_paragraph(_safe(annex.subtitle))
    _grey(subtitle, RGBColor)
    for number, section in annex.numbered_sections():
        document.add_heading(_safe(f"{number}. {section.title}"), level=1)
        for block in section.blocks:
            if isinstance(block, Heading):
                document.add_heading(_safe(block.text), level=2)
            elif isinstance(block, Paragraph):
                _paragraph(document, block, Pt, Cm, RGBColor)
            elif isinstance(block, Facts):
                _facts(document, block, usable)
            elif isinstance(block, Table):
                _table(document, block, usable)
    _footer(page, annex.footer, Pt, RGBColor)
    buffer = io.BytesIO()
    document.save(buffer)
    return pin_package(buffer.getvalue(), annex.timestamp)


def _styles(document, Pt, RGBColor):
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(4)
    for name, size in (("Title", 20), ("Heading 1", 14), ("Heading 2", 11.5)):
        style = styles[name]
        style.font.name = "Calibri"
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor.from_string(ACCENT)
        style.font.bold = True
    styles["Heading 1"].paragraph_format.space_before = Pt(16)
    styles["Heading 2"].paragraph_format.space_before = Pt(10)


def _grey(paragraph, RGBColor):
    for run in paragraph.runs:
        run.font.color.rgb = RGBColor(*GREY)


def _paragraph(document, block, Pt, Cm, RGBColor):
    paragraph = document.add_paragraph()
    run = paragraph.add_run(_safe(block.text))
    if block.style == "formula":
        run.font.name = "Cambria Math"
        paragraph.paragraph_format.left_indent = Cm(0.8)
        paragraph.paragraph_format.space_before = Pt(2)
        paragraph.paragraph_format.space_after = Pt(6)
    elif block.style == "note":
        run.font.size = Pt(8.5)
        run.font.italic = True
        run.font.color.rgb = RGBColor(*GREY)


def _shade(cell, fill):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _repeat_header(row):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def _fill(cell, text, *, bold=False, right=False, white=False, size=8.5):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(_safe(text))
    run.font.size = Pt(size)
    run.bold = bold
    if white:
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)


def _widths(rows, usable, numeric):
    """Column widths in proportion to their longest text (capped, so one long description cannot starve the
    others), numbers kept on one line."""
    lengths = []
    for j in range(len(rows[0])):
        longest = max(len(row[j]) for row in rows)
        lengths.append(min(max(longest, 4), 14 if numeric[j] else 40))
    total = sum(lengths)
    return [int(usable * length / total) for length in lengths]


def _set_widths(table, widths):
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _facts(document, block, usable):
    table = document.add_table(rows=len(block.pairs), cols=2)
    table.style = "Table Grid"
    for row, (label, value) in zip(table.rows, block.pairs, strict=True):
        label_cell, value_cell = row.cells
        _fill(label_cell, label, bold=True, size=9)
        _shade(label_cell, ZEBRA)
        _fill(value_cell, value, size=9)
    _set_widths(table, [int(usable * 0.25), usable - int(usable * 0.25)])
    document.add_paragraph()


def _table(document, block, usable):
    rows = [*block.rows, *([block.footer] if block.footer else [])]
    table = document.add_table(rows=1 + len(rows), cols=len(block.header))
    table.style = "Table Grid"
    numeric = [block.numeric(j) for j in range(len(block.header))]
    texts = [list(block.header)] + [[cell_text(cell) for cell in row] for row in rows]
    header_row = table.rows[0]
    _repeat_header(header_row)
    for j, cell in enumerate(header_row.cells):
        _fill(cell, block.header[j], bold=True, right=numeric[j], white=True)
        _shade(cell, ACCENT)
    for i, row in enumerate(rows, start=1):
        is_footer = block.footer is not None and i == len(rows)
        for j, cell in enumerate(table.rows[i].cells):
            _fill(cell, texts[i][j], bold=is_footer, right=isinstance(row[j], Number) or numeric[j])
            if is_footer:
                _shade(cell, FOOT)
            elif i % 2 == 0:
                _shade(cell, ZEBRA)
    _set_widths(table, _widths(texts, usable, numeric))
    document.add_paragraph()


def _footer(page, text, Pt, RGBColor):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = page.footer.paragraphs[0]
    run = paragraph.add_run(_safe(f"{text} — page "))
    run.font.size = Pt(8)
    run.font.color.rgb = RGBColor(*GREY)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    number = OxmlElement("w:r")
    number_text = OxmlElement("w:t")
    number_text.text = "1"
    number.append(number_text)
    field.append(number)
    paragraph._p.append(field)
