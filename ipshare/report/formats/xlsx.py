"""An annex as an Excel workbook (XLSX), with openpyxl (the ``annex`` extra).

One sheet per section, in the annex's order, named after it. Tables keep their numbers as numbers (amounts with
the currency's decimals and thousands separators, percentages with two decimals), so a reader can re-add a column
and find its total; totals are values, not formulas, so the file shows the reconciled figures without being
recalculated. The package's dates are pinned (:func:`.package.pin_package`), so the same annex gives
the same bytes.
"""

from __future__ import annotations

import io
import re

from ...optional import optional_import
from ..document import Annex, Facts, Heading, Number, Paragraph, Table, cell_text
from .package import pin_package

__all__ = ["render_xlsx", "sheet_title"]

ACCENT = "143D66"
ZEBRA = "F3F6F9"
FOOT = "DCE4EC"
GREY = "4A5866"
# Widths (in characters) a column may take; longer text wraps.
MIN_WIDTH, MAX_WIDTH = 8, 60


def sheet_title(number: int, title: str) -> str:
    """The sheet's name: ``"7 Allocation"``, within Excel's 31 characters and without the characters it forbids."""
    name = re.sub(r"[\[\]:*?/\\]", " ", f"{number} {title}")
    return name[:31].rstrip()


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
    properties.title = annex.title
    properties.subject = "Allocation annex"
    properties.creator = f"ipshare {annex.version}"
    properties.lastModifiedBy = f"ipshare {annex.version}"
    properties.keywords = f"scenario sha256 {annex.sha256}"
    properties.description = annex.subtitle
    for number, section in annex.numbered_sections():
        sheet = workbook.create_sheet(sheet_title(number, section.title))
        _section(sheet, number, section, annex, styles)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return pin_package(buffer.getvalue(), annex.timestamp)


def _section(sheet, number, section, annex, styles):
    widths = {}
    sheet.cell(row=1, column=1, value=f"{number}. {section.title}").font = styles["title"]
    sheet.cell(row=2, column=1, value=annex.footer).font = styles["note"]
    row = 4
    for block in section.blocks:
        if isinstance(block, Heading):
            sheet.cell(row=row, column=1, value=block.text).font = styles["heading"]
            row += 1
        elif isinstance(block, Paragraph):
            cell = sheet.cell(row=row, column=1, value=block.text)
            if block.style in ("note", "formula"):
                cell.font = styles[block.style]
            row += 2 if block.style != "formula" else 1
        elif isinstance(block, Facts):
            for label, value in block.pairs:
                sheet.cell(row=row, column=1, value=label).font = styles["bold"]
                sheet.cell(row=row, column=2, value=value)
                _widen(widths, 1, label)
                row += 1
            row += 1
        elif isinstance(block, Table):
            row = _table(sheet, row, block, styles, widths) + 1
    for column, width in widths.items():
        sheet.column_dimensions[_letter(column)].width = max(MIN_WIDTH, min(MAX_WIDTH, width + 2))
    sheet.sheet_view.showGridLines = False


def _widen(widths, column, text):
    widths[column] = max(widths.get(column, 0), len(text))


def _letter(column):
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


def _number_format(cell_value: Number) -> str:
    if cell_value.style == "percent":
        return "0.00"
    digits = cell_value.digits
    return "#,##0" + ("." + "0" * digits if digits else "")


def _table(sheet, row, block, styles, widths) -> int:
    numeric = [block.numeric(j) for j in range(len(block.header))]
    for j, text in enumerate(block.header, start=1):
        cell = sheet.cell(row=row, column=j, value=text)
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
                cell = sheet.cell(row=row, column=j, value=value.value)
                cell.number_format = _number_format(value)
                cell.alignment = styles["right"]
            else:
                cell = sheet.cell(row=row, column=j, value=value if value != "" else None)
                cell.alignment = styles["wrap"]
            _widen(widths, j, cell_text(value))
            if is_footer:
                cell.font = styles["bold"]
                cell.fill = styles["foot"]
                cell.border = styles["top"]
            elif index % 2 == 0:
                cell.fill = styles["zebra"]
    return row + 1
