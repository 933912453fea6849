"""Hostile text (every class tests/test_fuzz.py draws) through the commands that came after issue 11: a book's
statement in every format, ``schedule`` and ``dissolve``; and hostile cells in the files ``books import`` reads.

Text a scenario may hold (member names, the alliance's name, patent titles, licensees) comes out as data: the same
checks as the fuzz harness (no CSV cell a spreadsheet runs as a formula, no forged Markdown column, JSON that parses
and holds the text as it is, no XLSX formula, no live HTML tag), and the terminal table shows rich markup as the
characters typed. Text no output can hold is refused by the loader in one line. An imported file's hostile cells
(formulas, markup, control characters, forged rows) are refused in one line naming file, row and column, and the
book is left as it was.
"""

import csv
import hashlib
import io
import json
import shutil
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from ipshare.cli import cli

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_fuzz import HOSTILE_CLASSES, HOSTILE_TEXT, _check_output_is_data  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BOOKS = ROOT / "scenarios" / "books"
TIERS = BOOKS / "tiers.yaml"
EXAMPLE = ROOT / "scenarios" / "worked-example.yaml"
CLASS_OF = {text: name for name, texts in HOSTILE_CLASSES.items() for text in texts}
# A few texts go through the PDF writer too (typst is slow; tests/test_pdf.py has the rest).
FIRST_OF_CLASS = {"[red]x[/red]", "<script>alert(1)</script>", "$\\frac{", "| forged | row |"}


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def refused(result, *words):
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr and result.stdout == "", result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def hostile_scenario(folder, text, base=TIERS):
    data = yaml.safe_load(base.read_text())
    data["alliance"]["name"] = text
    first = next(iter(data["members"]))
    data["members"][first]["name"] = text
    for patent in data.get("patents", {}).values():
        patent["title"] = text
    for source in data.get("revenue", []):
        source["licensee"] = text
    path = folder / "hostile.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8", errors="surrogatepass")
    return path


def as_read(path):
    """The text as YAML gives it back (U+0085 NEXT LINE, say, is a line break to YAML and folds into a space)."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8", errors="surrogatepass"))["alliance"]["name"]
    except (yaml.YAMLError, UnicodeError):
        return None


def in_json(text, data):
    found = []

    def walk(node):
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str):
            found.append(node)

    walk(data)
    return any(text in value for value in found)


def check_formats(tmp_path, args, formats, text, *, named_in_json=True):
    """Every format of ``args`` holds ``text`` as data."""
    for fmt in formats:
        extension = {"table": "txt", "markdown": "md"}.get(fmt, fmt)
        target = tmp_path / f"out.{extension}"
        result = run(*args, "-f", fmt, "-o", target)
        assert result.exit_code == 0, (fmt, result.output)
        data = target.read_bytes()
        _check_output_is_data(f"{' '.join(map(str, args))} -f {fmt}", ["x", "-f", fmt], data)
        if fmt == "json":
            assert in_json(text, json.loads(data)) or not named_in_json, fmt
        elif fmt == "table" and text.isprintable():
            assert text[:40] in data.decode("utf-8"), "the terminal shows the text as typed (no markup run)"
        elif fmt in ("docx", "xlsx"):
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
            assert ("word/document.xml" if fmt == "docx" else "xl/workbook.xml") in names
        elif fmt == "pdf":
            assert data.startswith(b"%PDF")
        elif fmt == "html":
            assert "<script>alert" not in data.decode("utf-8")
        target.unlink()


@pytest.fixture(scope="module")
def book_of(tmp_path_factory):
    """text -> a closed book whose scenario holds ``text`` in every text field, or the loader's refusal."""
    made = {}

    def make(text):
        if text not in made:
            folder = tmp_path_factory.mktemp("hostile")
            scenario = hostile_scenario(folder, text)
            book = folder / "h.book"
            result = run("books", "init", book, "--scenario", scenario)
            if result.exit_code != 0:
                made[text] = ("refused", result)
            else:
                made[text + "/read"] = as_read(scenario)
                for args in (["period", book, "2026Q1", "--from", "2026-01-01", "--to", "2026-03-31"],
                             ["period", book, "2026Q2", "--from", "2026-04-01", "--to", "2026-06-30"],
                             ["import", book, BOOKS / "tiers-entries.yaml"], ["close", book, "2026Q1"],
                             ["close", book, "2026Q2"]):
                    done = run("books", *args)
                    assert done.exit_code == 0, done.output
                made[text] = ("book", book)
        return made[text]

    return make


STATEMENT_FORMATS = ["table", "json", "csv", "md", "html", "docx", "xlsx"]


@pytest.mark.parametrize("text", HOSTILE_TEXT, ids=lambda t: f"{CLASS_OF[t]}:{t[:12]!r}")
def test_hostile_names_in_a_books_statement_are_data_in_every_format(tmp_path, book_of, text):
    pytest.importorskip("docx")
    pytest.importorskip("openpyxl")
    kind, made = book_of(text)
    if kind == "refused":
        refused(made)  # text no output can hold: one line from the loader, and no book
        return
    # The binary writers (slow) take one text of each class, and the PDF writer a few.
    formats = STATEMENT_FORMATS if text in FIRST_OF_CLASS or text == HOSTILE_CLASSES[CLASS_OF[text]][-1] else \
        STATEMENT_FORMATS[:5]
    formats = formats + (["pdf"] if text in FIRST_OF_CLASS and shutil.which("typst") else [])
    shown = book_of(text + "/read")
    check_formats(tmp_path, ["books", "statement", made], formats, shown)
    check_formats(tmp_path, ["books", "statement", made, "--member", "JH"], ["table", "csv", "md"], shown)


@pytest.mark.parametrize("text", HOSTILE_TEXT, ids=lambda t: f"{CLASS_OF[t]}:{t[:12]!r}")
@pytest.mark.parametrize("base", [TIERS, EXAMPLE], ids=lambda p: p.stem)
def test_hostile_names_in_schedule_and_dissolve_are_data_in_every_format(tmp_path, text, base):
    pytest.importorskip("docx")
    pytest.importorskip("openpyxl")
    scenario = hostile_scenario(tmp_path, text, base)
    loaded = run("validate", scenario)
    if loaded.exit_code != 0:
        refused(run("schedule", scenario))
        refused(run("dissolve", scenario, "-o", tmp_path / "out.json"))
        assert not (tmp_path / "out.json").exists()
        return
    folder = tmp_path / "out"
    folder.mkdir()
    shown = as_read(scenario)
    check_formats(folder, ["schedule", scenario], ["table", "json", "csv", "markdown"], shown, named_in_json=False)
    check_formats(folder, ["dissolve", scenario], ["table", "json", "markdown", "html", "docx", "xlsx"], shown)


# --------------------------------------------------------------------------------------------------------------
# Hostile cells in the files books import reads


@pytest.fixture
def open_book(tmp_path):
    book = tmp_path / "open.book"
    for args in (["init", book, "--scenario", TIERS], ["period", book, "2026Q1", "--from", "2026-01-01", "--to",
                                                      "2026-03-31"]):
        assert run("books", *args).exit_code == 0
    return book


def write_rows(path, rows):
    if path.suffix == ".csv":
        out = io.StringIO(newline="")
        csv.writer(out).writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8", errors="surrogatepass")
    elif path.suffix == ".yaml":
        header, *body = rows
        path.write_text(yaml.safe_dump([dict(zip(header, row, strict=True)) for row in body], allow_unicode=True),
                        encoding="utf-8", errors="surrogatepass")
    else:
        openpyxl = pytest.importorskip("openpyxl")
        workbook = openpyxl.Workbook()
        for row in rows:
            workbook.active.append(row)
        workbook.save(path)


FIELDS = ["ref", "period", "source", "kind", "member", "amount", "date", "corrects"]


# "-1" and "+1" are numbers (an amount of -1 is refused as not positive, elsewhere they are ids); "c1\x85" ends in
# U+0085 NEXT LINE, which str.strip() removes as white space, leaving the good reference "c1".
@pytest.mark.parametrize("text", [t for t in HOSTILE_TEXT if t not in ("-1", "+1", "c1\x85")
                                  and (t in FIRST_OF_CLASS or t == HOSTILE_CLASSES[CLASS_OF[t]][-1])],
                         ids=lambda t: f"{CLASS_OF[t]}:{t[:12]!r}")
@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".yaml"])
def test_a_hostile_cell_in_an_imported_file_is_one_line_and_records_nothing(tmp_path, open_book, text, suffix):
    if suffix == ".xlsx" and any(ord(c) < 32 and c not in "\t\n\r" for c in text) or "\ud800" in text:
        pytest.skip("openpyxl cannot write this character in a cell")
    before = digest(open_book)
    for field in FIELDS:
        row = {"entry": "expense" if field in ("kind", "member") else "receipt", "period": "2026Q1",
               "source": "L1", "amount": "10", "ref": "R-1"}
        if field in ("kind", "member"):
            row.pop("source")
            row.update(member="JH", kind="patent")
        row[field] = text
        path = tmp_path / f"entries-{field}{suffix}"
        write_rows(path, [list(row), list(row.values())])
        result = run("books", "import", open_book, path)
        line = refused(result, str(path))
        if suffix == ".csv":
            assert f"{path}:2:{list(row).index(field) + 1}: {field}: " in line, line
        elif suffix == ".yaml":
            assert f": [0].{field}: " in line, line
        else:
            assert f":2:{'ABCDEFGH'[list(row).index(field)]}: {field}: " in line, line
        assert digest(open_book) == before


@pytest.mark.parametrize("suffix", [".csv", ".yaml"])
def test_a_forged_row_in_a_cell_stays_in_its_cell(tmp_path, open_book, suffix):
    # A cell holding a line break and a whole second row is one cell (refused), not a second entry.
    path = tmp_path / f"entries{suffix}"
    write_rows(path, [["entry", "period", "source", "amount", "ref"],
                      ["receipt", "2026Q1", "L1", "10", "A-1\nreceipt,2026Q1,L1,999999,B-2"]])
    before = digest(open_book)
    refused(run("books", "import", open_book, path), "ref")
    assert digest(open_book) == before


def test_a_formula_cell_in_an_xlsx_import_is_refused_not_evaluated(tmp_path, open_book):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    workbook.active.append(["entry", "period", "source", "amount"])
    workbook.active.append(["receipt", "2026Q1", "L1", "=1000*1000"])
    path = tmp_path / "entries.xlsx"
    workbook.save(path)
    before = digest(open_book)
    line = refused(run("books", "import", open_book, path), str(path), ":2:D: amount")
    assert "1000000" not in line
    assert digest(open_book) == before
