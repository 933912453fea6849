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
    _footer(page, annex.footer, getattr(annex, "lang", "en"), Pt, RGBColor)
    buffer = io.BytesIO()
    document.save(buffer)
    return pin_package(_honest_package(buffer.getvalue(), annex.version), annex.timestamp)


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


def display_width(text: str) -> int:
    """How many columns a text takes in print: a Chinese, Japanese or Korean character two, others one."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in str(text))


def _widths(rows, usable, numeric):
    """Column widths from the content: a number column as wide as its widest amount (amounts never wrap), a
    text column in proportion to its longest text (capped, so one long description cannot starve the others) and
    at least as wide as its longest word; shrunk in proportion only when the numbers alone overflow the page."""
    longest = [max(display_width(row[j]) for row in rows) for j in range(len(rows[0]))]
    words = [max((display_width(word) for row in rows for word in str(row[j]).split()), default=1)
             for j in range(len(rows[0]))]
    # a character of 8.5 pt Calibri is about 0.19 cm wide; a cell has about 0.2 cm of padding
    per_character, padding = 0.19 * 360000, 0.25 * 360000
    # numbers: wide enough for the bold total row (bold digits are about a tenth wider)
    fixed = {j: longest[j] * per_character * 1.15 + padding for j in range(len(rows[0])) if numeric[j]}
    left = usable - sum(fixed.values())
    text_columns = [j for j in range(len(rows[0])) if not numeric[j]]
    floor = {j: min(words[j], 14) * per_character + padding for j in text_columns}
    if text_columns and left > sum(floor.values()):
        weights = {j: min(max(longest[j], 4), 40) for j in text_columns}
        spare = left - sum(floor.values())
        total = sum(weights.values())
        wanted = {j: floor[j] + spare * weights[j] / total for j in text_columns}
        # a short column gets what it needs, the rest goes to the long ones
        for j in text_columns:
            need = longest[j] * per_character + padding
            if wanted[j] > need:
                wanted[j] = need
        extra = left - sum(wanted.values())
        growing = [j for j in text_columns if wanted[j] < longest[j] * per_character + padding]
        for j in growing or text_columns:
            wanted[j] += extra / len(growing or text_columns)
        fixed.update(wanted)
    elif text_columns:
        fixed.update(floor)
    total = sum(fixed.values())
    scale = min(1.0, usable / total) if total else 1.0
    return [int(fixed[j] * scale) for j in range(len(rows[0]))]


def _set_widths(table, widths):
    """Widths on the grid (LibreOffice reads it) and on every cell (Word reads those), rows never split across
    pages."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table.autofit = False
    grid = table._tbl.tblGrid
    for column, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), str(int(width / 635)))  # EMU to twentieths of a point
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for row in table.rows:
        keep = OxmlElement("w:cantSplit")
        keep.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(keep)
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _no_wrap(cell):
    from docx.oxml import OxmlElement

    cell._tc.get_or_add_tcPr().append(OxmlElement("w:noWrap"))


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
            if numeric[j] or isinstance(row[j], Number):
                _no_wrap(cell)
            if is_footer:
                _shade(cell, FOOT)
            elif i % 2 == 0:
                _shade(cell, ZEBRA)
    _set_widths(table, _widths(texts, usable, numeric))
    document.add_paragraph()


def _footer(page, text, lang, Pt, RGBColor):
    """The footer: the annex's line, then "page X of Y" in the annex's language with Word's PAGE and NUMPAGES
    fields (第 X 页，共 Y 页)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from ..messages import page_words

    paragraph = page.footer.paragraphs[0]

    def run_of(words):
        run = paragraph.add_run(_safe(words))
        run.font.size = Pt(8)
        run.font.color.rgb = RGBColor(*GREY)

    run_of(f"{text} — ")
    for piece in page_words(lang):
        if piece in ("{page}", "{pages}"):
            field = OxmlElement("w:fldSimple")
            field.set(qn("w:instr"), "PAGE" if piece == "{page}" else "NUMPAGES")
            number = OxmlElement("w:r")
            number_text = OxmlElement("w:t")
            number_text.text = "1"
            number.append(number_text)
            field.append(number)
            paragraph._p.append(field)
        elif piece:
            run_of(piece)


def _honest_package(data: bytes, version: str) -> bytes:
    """The package without what python-docx's default template brings: its thumbnail (a blank page) and the
    application it names (Microsoft Macintosh Word); ipshare wrote the file."""
    import re
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            if entry.filename == "docProps/thumbnail.jpeg":
                continue
            content = source.read(entry.filename)
            if entry.filename == "_rels/.rels":
                content = re.sub(rb"<Relationship [^>]*thumbnail\.jpeg\"/>", b"", content)
            elif entry.filename == "[Content_Types].xml":
                content = re.sub(rb'<Default Extension="jpeg"[^>]*/>', b"", content)
            elif entry.filename == "docProps/app.xml":
                content = re.sub(rb"<Application>[^<]*</Application>",
                                 f"<Application>ipshare {version}</Application>".encode(), content)
                content = re.sub(rb"<AppVersion>[^<]*</AppVersion>", b"", content)
                content = re.sub(rb"<Template>[^<]*</Template>", b"", content)
                # the template's counts (1 page, 0 words) are not this document's; Word recounts on opening
                content = re.sub(rb"\s*<(Pages|Words|Characters|Lines|Paragraphs|CharactersWithSpaces)>[^<]*</\1>",
                                 b"", content)
            target.writestr(entry, content)
    return out.getvalue()
