"""Entries read from files (``books import``) and the files' templates (``books template``).

A file holds one entry a row, with the columns of :data:`~ipshare.books.ledger.FIELDS` (``entry`` receipt, expense
or payment, ``period``, ``source``, ``member``, ``kind``, ``amount``, ``date``, ``ref``, ``corrects``,
``currency``; an empty cell is absent):

- CSV: a header row naming the columns, in any order (UTF-8, an optional byte-order mark);
- XLSX: the same on the workbook's first sheet;
- YAML: a list of mappings with those keys.

Each row becomes a mapping plus a function that places a field in the file, so that a refused entry is one line
``FILE:ROW:COLUMN: field: message`` (``FILE:SHEET:ROW:COLUMN`` for XLSX, ``FILE:LINE`` for YAML). The ledger
records a file's rows in one transaction: all of them, or none when any row is refused.
"""

from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path

from .database import BookError

__all__ = ["TEMPLATES", "read_entries", "template"]

FIELDS = ("entry", "period", "source", "member", "kind", "amount", "date", "ref", "corrects", "currency")
#: The columns of each template.
TEMPLATES = {
    "receipts": ("entry", "period", "source", "amount", "currency", "date", "ref"),
    "expenses": ("entry", "period", "member", "kind", "amount", "date", "ref"),
    "payments": ("entry", "period", "member", "amount", "date", "ref"),
    "entries": FIELDS,
}
_HELP = {
    "entry": "receipt, expense or payment",
    "period": "the period's id (ipshare books period)",
    "source": "receipt: the revenue source's id in the scenario",
    "member": "expense, payment: the member's id",
    "kind": "expense: the kind of cost (patent, ...), as the agreement's recover steps name it",
    "amount": "a positive decimal in the currency, at most its minor unit's decimals (no thousands separators)",
    "date": "optional: YYYY-MM-DD, inside the period",
    "ref": "optional: your reference (invoice number), unique in the book",
    "corrects": "optional: the ref of the entry this one corrects (its amount may then be negative)",
    "currency": "optional, receipt: the ISO 4217 code of the amount's currency when it is not the book's (needs a "
                "date and the book's rates: ipshare books rates)",
}
MAX_ROWS = 1_000_000
MAX_BYTES = 256 * 2**20  # a file to import is read whole: at most this many bytes


def _letters(index: int) -> str:
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(65 + rest) + text
    return text


def _header(names, where_of):
    columns = []
    for index, name in enumerate(names):
        name = ("" if name is None else str(name)).strip()
        if name not in FIELDS:
            raise BookError(f"{where_of(index)}: unknown column {name!r}; the columns are {', '.join(FIELDS)}")
        if name in columns:
            raise BookError(f"{where_of(index)}: column {name} appears twice")
        columns.append(name)
    for needed in ("entry", "period", "amount"):
        if needed not in columns:
            raise BookError(f"{where_of(None)}: no column {needed!r}; the columns are {', '.join(FIELDS)}")
    return columns


def _cell(value):
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if hasattr(value, "isoformat") and not isinstance(value, str):
        value = value.isoformat()[:10]
    text = str(value).strip()
    return text or None


def _table_rows(rows, shown, columns, place):
    for number, cells in rows:
        if all(_cell(c) is None for c in cells):
            continue
        values = {column: _cell(cells[i]) if i < len(cells) else None for i, column in enumerate(columns)}

        def where(field, number=number):
            index = columns.index(field) if field in columns else None
            return f"{place(number, index)}: "

        yield values, where


def _csv(path, data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BookError(f"{path}: not UTF-8 text") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = list(reader)
    if not rows:
        raise BookError(f"{path}: empty; the first row names the columns ({', '.join(FIELDS)})")

    def place(row, index):
        return f"{path}:{row}" + ("" if index is None else f":{index + 1}")

    columns = _header(rows[0], lambda index: place(1, index))
    for number, cells in enumerate(rows[1:], start=2):
        if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns):]):
            raise BookError(f"{place(number, len(columns))}: a cell beyond the named columns")
    return list(_table_rows(enumerate(rows[1:], start=2), path, columns, place))


def _xlsx(path, data):
    from ..optional import optional_import

    openpyxl = optional_import("openpyxl", package="openpyxl", extra="annex", needed_for="Importing XLSX")
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a file that is not a workbook
        raise BookError(f"{path}: not an XLSX workbook ({type(error).__name__})") from None
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))

    def place(row, index):
        return f"{path}:{sheet.title}:{row}" + ("" if index is None else f":{_letters(index)}")

    if not rows:
        raise BookError(f"{place(1, None)}: empty; the first row names the columns ({', '.join(FIELDS)})")
    header = list(rows[0])
    while header and header[-1] is None:
        header.pop()
    columns = _header(header, lambda index: place(1, index))
    # A formula is read as the value the spreadsheet saved with it; one saved without a value would read as an
    # empty cell (a ref or corrects silently lost), so it is refused. ipshare never evaluates a formula.
    formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False).worksheets[0]
    for number, (cells, values) in enumerate(zip(formulas.iter_rows(), rows, strict=False), start=1):
        for index, cell in enumerate(cells[:len(columns)]):
            if getattr(cell, "data_type", None) == "f" and (index >= len(values) or values[index] is None):
                raise BookError(f"{place(number, index)}: {columns[index]}: a formula with no saved value; ipshare "
                                "does not evaluate formulas: enter the value, or save the workbook in a spreadsheet")
    return list(_table_rows(enumerate(rows[1:], start=2), path, columns, place))


def _yaml(path, data):
    import yaml

    try:
        node = yaml.compose(data.decode("utf-8"), Loader=yaml.SafeLoader)
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise BookError(f"{path}: not YAML: {str(error).splitlines()[0]}") from None
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode):
        raise BookError(f"{path}:{node.start_mark.line + 1}: a list of entries (mappings), one an entry")
    found = []
    for index, item in enumerate(node.value):
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode):
            raise BookError(f"{path}:{line}: [{index}]: an entry is a mapping of {', '.join(FIELDS)}")
        values, lines = {}, {}
        for key, value in item.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else None
            if name not in FIELDS:
                raise BookError(f"{path}:{key.start_mark.line + 1}: [{index}]: unknown key {name!r}; the keys are "
                                f"{', '.join(FIELDS)}")
            if not isinstance(value, yaml.ScalarNode):
                raise BookError(f"{path}:{value.start_mark.line + 1}: [{index}].{name}: a single value")
            values[name] = None if value.tag.endswith(":null") else _cell(value.value)
            lines[name] = value.start_mark.line + 1

        def where(field, index=index, line=line, lines=lines):
            return f"{path}:{lines.get(field, line)}: [{index}]."

        found.append((values, where))
    return found


def read_entries(path) -> list:
    """The rows of the file at ``path`` as ``(values, where)``; ``where(field)`` is the prefix of a message about
    ``field`` of that row."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".yaml", ".yml"):
        raise BookError(f"{path}: import reads .csv, .xlsx and .yaml files")
    try:
        # Only a regular file, and not a huge one: a FIFO would wait for a writer, a link to /dev/zero never end.
        with os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as stream:
            info = os.fstat(stream.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise BookError(f"{path}: not a regular file (a folder, FIFO or device); import reads a file")
            data = stream.read(MAX_BYTES + 1)
    except OSError as error:
        raise BookError(f"{path}: cannot read: {error.strerror or error}") from None
    if len(data) > MAX_BYTES:
        raise BookError(f"{path}: larger than {MAX_BYTES // 2**20} MiB; import at most {MAX_ROWS} rows at once")
    if suffix == ".csv":
        rows = _csv(path, data)
    elif suffix == ".xlsx":
        rows = _xlsx(path, data)
    elif suffix in (".yaml", ".yml"):
        rows = _yaml(path, data)
    if len(rows) > MAX_ROWS:
        raise BookError(f"{path}: {len(rows)} rows; import at most {MAX_ROWS} at once")
    return rows


def template(kind: str, fmt: str) -> str | bytes:
    """An empty file to fill in: the columns of :data:`TEMPLATES` ``[kind]`` as ``csv``, ``xlsx`` or ``yaml``."""
    columns = TEMPLATES[kind]
    if fmt == "csv":
        out = io.StringIO(newline="")
        csv.writer(out, lineterminator="\r\n").writerow(columns)
        return out.getvalue()
    if fmt == "yaml":
        lines = [f"# ipshare books import: {kind}, one mapping an entry (the keys below; leave out what is absent)"]
        lines += [f"#   {column}: {_HELP[column]}" for column in columns]
        example = {"receipts": "- {entry: receipt, period: 2026Q1, source: L1, amount: 25000.00}",
                   "expenses": "- {entry: expense, period: 2026Q1, member: JH, kind: patent, amount: 30000.00}",
                   "payments": "- {entry: payment, period: 2026Q2, member: JH, amount: 18750.00}",
                   "entries": "- {entry: receipt, period: 2026Q1, source: L1, amount: 25000.00}"}[kind]
        return "\n".join(lines + ["# for example:", "# " + example, "[]", ""])
    from ..optional import optional_import

    openpyxl = optional_import("openpyxl", package="openpyxl", extra="annex", needed_for="An XLSX template")
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = kind.capitalize()
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(columns):
        sheet.column_dimensions[_letters(index)].width = 14 if column != "ref" else 18
        sheet.column_dimensions[_letters(index)].number_format = "@"
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet("Columns")
    notes.append(["column", "what it holds"])
    for column in columns:
        notes.append([column, _HELP[column]])
    notes.column_dimensions["B"].width = 90
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
