"""An annex as an Excel workbook (XLSX), with openpyxl (the ``annex`` extra).

One sheet per section, in the annex's order, named after it. Tables keep their numbers as numbers (amounts with
the currency's decimals and thousands separators; percentages stored as fractions, 30.69 % as 0.3069, with a
percent format, as DESIGN.md's annex asks), so a reader can re-add a column and find its total; totals are values,
not formulas, so the file shows the reconciled figures without being recalculated. The package's dates are pinned
(:func:`.package.pin_package`), so the same annex gives the same bytes.

Every text is a text cell, whatever it starts with: openpyxl takes a string starting with ``=`` for a formula, so
each text cell is typed as a string and one that a spreadsheet would read as a formula (``=``, ``+``, ``-``, ``@``)
also gets Excel's quote prefix; the value stays the text itself. Characters XML cannot hold are replaced
(:func:`..escape.xml_text`) and the workbook's properties are cut to the 255 characters Office allows them.
"""

from __future__ import annotations

import io
import re

from ...optional import optional_import
from .. import escape
from ..document import Annex, Facts, Heading, Number, Paragraph, Raw, Table, cell_text
from .package import pin_package

__all__ = ["render_xlsx", "sheet_title"]

ACCENT = "143D66"
ZEBRA = "F3F6F9"
FOOT = "DCE4EC"
GREY = "4A5866"
# Widths (in characters) a column may take; longer text wraps.
MIN_WIDTH, MAX_WIDTH = 8, 60
# The column widths (in characters) an A4 portrait page holds at a readable size once fitted to its width.
PORTRAIT_WIDTH = 130
# The width (in characters) of the one column of a sheet of running text (the method): what an A4 portrait page
# holds between its margins at 11 pt, so that the text wraps inside the page instead of running past its edge.
TEXT_WIDTH = 64
# The height (in points) of one line of wrapped running text: Chinese, Latin.
CJK_LINE, LATIN_LINE = 17.0, 13.5
# The most characters an Excel cell holds.
CELL_LIMIT = 32_767
# The most characters Office (and python-docx) lets a document property (title, subject, keywords...) hold.
METADATA_LIMIT = 255


def metadata_text(text: str) -> str:
    """A document property: one line, characters XML can hold, cut to :data:`METADATA_LIMIT` with an ellipsis.
    Only the metadata is cut; the document's own text keeps every character."""
    text = escape.one_line(escape.xml_text(str(text)))
    return text if len(text) <= METADATA_LIMIT else text[: METADATA_LIMIT - 1] + "…"


def sheet_title(number: int, title: str) -> str:
    """The sheet's name: ``"7 Allocation"``, within Excel's 31 characters and without the characters it forbids."""
    name = re.sub(r"[\[\]:*?/\\]", " ", escape.one_line(escape.xml_text(f"{number} {title}")))
    return name[:31].rstrip().rstrip("'")


def render_xlsx(annex: Annex) -> bytes:
    """The annex as the bytes of an .xlsx file."""
    openpyxl = optional_import("openpyxl", package="openpyxl", extra="annex", needed_for="An XLSX annex")
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    styles = {
        "title": Font(bold=True, size=14, color=ACCENT),
        "heading": Font(bold=True, size=11, color=ACCENT),
        "note": Font(italic=True, size=9, color=GREY),
        "formula": Font(name="Cambria Math", size=10),
        "bold": Font(bold=True),
        "header_font": Font(bold=True, color="FFFFFF"),
        "header_fill": PatternFill("solid", start_color=ACCENT, end_color=ACCENT),
        "zebra": PatternFill("solid", start_color=ZEBRA, end_color=ZEBRA),
        "foot": PatternFill("solid", start_color=FOOT, end_color=FOOT),
        "top": Border(top=Side(style="thin", color=ACCENT)),
        "wrap": Alignment(wrap_text=True, vertical="top"),
        "right": Alignment(horizontal="right", vertical="top"),
    }
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    properties = workbook.properties
    properties.title = metadata_text(annex.title)
    properties.subject = "Allocation annex"
    properties.creator = metadata_text(f"ipshare {annex.version}")
    properties.lastModifiedBy = metadata_text(f"ipshare {annex.version}")
    properties.keywords = metadata_text(f"scenario sha256 {annex.sha256}")
    properties.description = metadata_text(annex.subtitle)
    for number, section in annex.numbered_sections():
        sheet = workbook.create_sheet(sheet_title(number, section.title))
        _section(sheet, number, section, annex, styles)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return pin_package(buffer.getvalue(), annex.timestamp)


def text_cell(sheet, row, column, text):
    """A cell holding ``text`` as text: typed as a string (never a formula, whatever it starts with), with the quote
    prefix when a spreadsheet would read it as a formula, and only characters XML can hold."""
    text = escape.xml_text(str(text))
    if len(text) > CELL_LIMIT:
        text = text[: CELL_LIMIT - 1] + "…"
    cell = sheet.cell(row=row, column=column)
    cell.value = text if text != "" else None
    if text:
        cell.data_type = "s"
        if text.startswith(escape.FORMULA_PREFIXES):
            cell.quotePrefix = True
    return cell


def _section(sheet, number, section, annex, styles):
    widths = {}
    header_rows = []
    paragraphs = []
    text_cell(sheet, 1, 1, f"{number}. {section.title}").font = styles["title"]
    text_cell(sheet, 2, 1, annex.footer).font = styles["note"]
    row = 4
    for block in section.blocks:
        if isinstance(block, Heading):
            text_cell(sheet, row, 1, block.text).font = styles["heading"]
            row += 1
        elif isinstance(block, Paragraph):
            cell = text_cell(sheet, row, 1, block.text)
            if block.style in ("note", "formula"):
                cell.font = styles[block.style]
            paragraphs.append((row, block.text))
            row += 2 if block.style != "formula" else 1
        elif isinstance(block, Facts):
            for label, value in block.pairs:
                text_cell(sheet, row, 1, label).font = styles["bold"]
                text_cell(sheet, row, 2, value).alignment = styles["wrap"]  # wrapped in its column, not spilling
                _widen(widths, 1, label)
                _widen(widths, 2, str(value)[:MAX_WIDTH])
                row += 1
            row += 1
        elif isinstance(block, Table):
            header_rows.append(row)
            row = _table(sheet, row, block, styles, widths) + 1
    for column, width in widths.items():
        sheet.column_dimensions[_letter(column)].width = max(MIN_WIDTH, min(MAX_WIDTH, width + 2))
    sheet.sheet_view.showGridLines = False
    _wrap_paragraphs(sheet, paragraphs, widths, styles)
    _print_setup(sheet, annex, widths, header_rows[0] if len(header_rows) == 1 else None)


def _wrap_paragraphs(sheet, paragraphs, widths, styles):
    """Running text across the sheet's columns, wrapped (merged cells, a row tall enough for its lines), so that
    it neither spills past the printed page nor makes fitting to the page's width shrink everything."""
    import math

    from openpyxl.styles import Alignment

    columns = max(widths, default=1)
    if columns == 1:  # a sheet of running text (the method): one column as wide as an A4 page's text
        sheet.column_dimensions["A"].width = max(sheet.column_dimensions["A"].width or 0, TEXT_WIDTH)
    across = sum(sheet.column_dimensions[_letter(j)].width or 8 for j in range(1, columns + 1))
    for row, text in paragraphs:
        if columns > 1:
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
        sheet.cell(row=row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
        lines = sum(max(1, math.ceil(sum(2 if ord(char) > 0x2E7F else 1 for char in line) * 1.1 / across))
                    for line in text.split("\n"))
        # a line of Chinese (CJK fonts are taller) takes about 17 pt, a line of Latin text 13.5 pt
        height = CJK_LINE if any(ord(char) > 0x2E7F for char in text) else LATIN_LINE
        if lines > 1 or height == CJK_LINE:
            sheet.row_dimensions[row].height = height * lines


def _print_setup(sheet, annex, widths, header_row):
    """Printed as a schedule: A4, fitted to the page's width (as many pages down as it takes), landscape only
    when the columns need it, the table's header row repeated on every page (when the sheet has one table), and
    the annex's footer line with "page X of Y" in its language."""
    from ..messages import page_words

    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    total = sum(max(MIN_WIDTH, min(MAX_WIDTH, width + 2)) for width in widths.values())
    sheet.page_setup.orientation = "landscape" if total > PORTRAIT_WIDTH else "portrait"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_options.horizontalCentered = False
    sheet.page_margins.left = sheet.page_margins.right = 0.6
    if header_row is not None:
        sheet.print_title_rows = f"{header_row}:{header_row}"
    pieces = page_words(getattr(annex, "lang", "en"))
    page = "".join("&P" if piece == "{page}" else "&N" if piece == "{pages}" else piece.replace("&", "&&")
                   for piece in pieces)
    sheet.oddFooter.left.text = escape.xml_text(annex.footer).replace("&", "&&")[:200]
    sheet.oddFooter.left.size = 7
    sheet.oddFooter.right.text = page
    sheet.oddFooter.right.size = 7


def _widen(widths, column, text):
    import unicodedata

    shown = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in str(text))  # CJK: two columns
    widths[column] = max(widths.get(column, 0), shown)


def _letter(column):
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


PERCENT_STYLES = ("percent", "signed-percent")


def _number_format(cell_value: Number) -> str:
    digits = cell_value.digits
    if cell_value.style in PERCENT_STYLES:
        # Stored as a fraction (30.69 % as 0.3069): the percent format shows the figure's own two decimals.
        shown = "0" + ("." + "0" * digits if digits else "") + "%"
    else:
        shown = "#,##0" + ("." + "0" * digits if digits else "")
    if cell_value.style in ("signed", "signed-percent"):
        return f"+{shown};-{shown};{shown}"
    return shown


def _number_value(cell_value: Number):
    """The figure as the cell stores it: percentages as fractions of 1 (exactly: 30.69 -> 0.3069)."""
    if cell_value.value is None:
        return None
    if cell_value.style in PERCENT_STYLES:
        return cell_value.value.scaleb(-2)
    return cell_value.value


def _table(sheet, row, block, styles, widths) -> int:
    numeric = [block.numeric(j) for j in range(len(block.header))]
    for j, text in enumerate(block.header, start=1):
        cell = text_cell(sheet, row, j, text)
        cell.font = styles["header_font"]
        cell.fill = styles["header_fill"]
        cell.alignment = styles["right"] if numeric[j - 1] else styles["wrap"]
        _widen(widths, j, text if numeric[j - 1] else text[:MAX_WIDTH])
    rows = [*block.rows, *([block.footer] if block.footer else [])]
    for index, values in enumerate(rows, start=1):
        row += 1
        is_footer = block.footer is not None and index == len(rows)
        for j, value in enumerate(values, start=1):
            if isinstance(value, Number):
                cell = sheet.cell(row=row, column=j, value=_number_value(value))
                cell.number_format = _number_format(value)
                cell.alignment = styles["right"]
            else:
                cell = text_cell(sheet, row, j, cell_text(value))
                cell.alignment = styles["right"] if isinstance(value, Raw) and value.numeric else styles["wrap"]
            _widen(widths, j, cell_text(value))
            if is_footer:
                cell.font = styles["bold"]
                cell.fill = styles["foot"]
                cell.border = styles["top"]
            elif index % 2 == 0:
                cell.fill = styles["zebra"]
    return row + 1
