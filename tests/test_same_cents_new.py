"""The same cents everywhere (issue 11) for the commands that came after it: a book's statement, ``schedule`` and
``dissolve`` show the same figures in every format they write.

Each format's tables are read back as rows of cells (CSV rows, Markdown pipe rows, HTML ``<tr>``, the terminal's
box rows, XLSX and DOCX table rows) and compared with the command's JSON, the figures' contract
(docs/output.md): a statement's distribution lines and receipts by source to the cent, each period's members
adding up to the alliance's line and that line's distributed to the period's receipts; a schedule's exact
percentages (Fractions, each source's row summing to exactly 100); the dissolution's funds, buy-out and licence
amounts to the cent, the funds summing to the balance and each patent's owners' percentages to 100.00.
"""

import csv
import html.parser
import importlib.util
import io
import json
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

from ipshare.cli import cli

ROOT = Path(__file__).resolve().parent.parent
BOOKS = ROOT / "scenarios" / "books"
SCENARIOS = sorted(p for p in (ROOT / "scenarios").glob("*.yaml")) + sorted(BOOKS.glob("*.yaml"))
SCENARIOS = [p for p in SCENARIOS if not p.name.endswith(("-entries.yaml", "-payments.yaml"))]


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def output(tmp_path, *args, fmt):
    """What the command writes in ``fmt``, through -o (every format, the binary ones too)."""
    extension = {"table": "txt", "markdown": "md"}.get(fmt, fmt)
    target = tmp_path / f"out-{fmt}.{extension}"
    result = run(*args, "-f", fmt, "-o", target)
    assert result.exit_code == 0, result.output
    return target.read_bytes()


class _Rows(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows, self.row, self.cell = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append("".join(self.cell))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.rows.append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def rows_of(fmt, data: bytes) -> list[list[str]]:
    """The table rows of a rendered output, as cell texts (markup and thousands separators left for ``number``)."""
    if fmt == "csv":
        return [row for row in csv.reader(io.StringIO(data.decode("utf-8"))) if row]
    if fmt in ("md", "markdown"):
        rows = []
        for line in data.decode("utf-8").splitlines():
            if line.startswith("|") and not set(line) <= set("|-: "):
                cells = re.split(r"(?<!\\)\|", line)[1:-1]
                cells = [c.strip() for c in cells]
                cells = [c[2:-2] if len(c) > 4 and c.startswith("**") and c.endswith("**") else c for c in cells]
                rows.append([re.sub(r"\\(.)", r"\1", c) for c in cells])
        return rows
    if fmt == "html":
        parser = _Rows()
        parser.feed(data.decode("utf-8"))
        return parser.rows
    if fmt == "table":
        return [[c.strip() for c in re.split("[│┃]", line)[1:-1]] for line in data.decode("utf-8").splitlines()
                if line.startswith(("│", "┃"))]
    if fmt == "xlsx":
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data))
        return [["" if v is None else str(v) for v in row] for sheet in book.worksheets
                for row in sheet.iter_rows(values_only=True)]
    if fmt == "docx":
        import docx

        document = docx.Document(io.BytesIO(data))
        return [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    raise AssertionError(fmt)


def number(text) -> Decimal:
    return Decimal(str(text).replace(",", "").replace("\u2212", "-").strip())


# --------------------------------------------------------------------------------------------------------------
# Statements of the bundled books


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    spec = importlib.util.spec_from_file_location("build_books", BOOKS / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    def ok(args):
        result = run(*args)
        assert result.exit_code == 0, result.output

    return {path.stem: path for path in module.build(tmp_path_factory.mktemp("books"), run=ok)}


STATEMENT_FORMATS = ["table", "csv", "md", "html", "xlsx", "docx"]
COLUMNS = ("opening", "recovered", "fee", "share", "distributed", "paid", "closing")


@pytest.mark.parametrize("fmt", STATEMENT_FORMATS)
@pytest.mark.parametrize("name", ["cost-recovery", "throttled-recovery", "tiers"])
@pytest.mark.parametrize("member", [None, "JH"])
def test_a_statement_shows_the_same_cents_in_every_format(tmp_path, built, name, fmt, member):
    pytest.importorskip({"xlsx": "openpyxl", "docx": "docx"}.get(fmt, "csv"))
    book = built[name]
    extra = ["--member", member] if member else []
    data = json.loads(run("books", "statement", book, *extra, "-f", "json").stdout)
    rows = rows_of(fmt, output(tmp_path, "books", "statement", book, *extra, fmt=fmt))
    expected_lines, expected_sources = [], []
    for period in data["periods"]:
        for who, line in [*period["members"].items(), ("Alliance", period["alliance"])]:
            expected_lines.append([who, *(Decimal(line[c]) for c in COLUMNS)])
        expected_sources += [[s, Decimal(a)] for s, a in period["sources"].items()]
        expected_sources.append(["Total", Decimal(period["receipts"])])
        # The figures add up: the members to the alliance's line (a member's statement keeps the alliance's line
        # whole), its distributed to the receipts.
        for column in COLUMNS if member is None else ():
            assert sum(Decimal(m[column]) for m in period["members"].values()) == Decimal(period["alliance"][column])
        assert Decimal(period["alliance"]["distributed"]) == Decimal(period["receipts"])
        assert sum(Decimal(a) for a in period["sources"].values()) == Decimal(period["receipts"])
    members = set(data["periods"][0]["members"]) | {"Alliance"} if data["periods"] else set()
    shown_lines = [[row[0], *(number(c) for c in row[2:9])] for row in rows
                   if len(row) >= 9 and row[0] in members and all(row[2:9])]
    assert shown_lines == expected_lines
    sources = {s for p in data["periods"] for s in p["sources"]} | {"Total"}
    shown_sources = [[row[0], number(row[1])] for row in rows
                     if row[0] in sources and len([c for c in row if c]) == 2]
    assert shown_sources == expected_sources


def test_a_statement_of_one_member_is_that_members_lines(built):
    every = json.loads(run("books", "statement", built["tiers"], "-f", "json").stdout)
    one = json.loads(run("books", "statement", built["tiers"], "--member", "XU", "-f", "json").stdout)
    for whole, part in zip(every["periods"], one["periods"], strict=True):
        assert part["members"] == {"XU": whole["members"]["XU"]}
        assert part["alliance"] == whole["alliance"]


# --------------------------------------------------------------------------------------------------------------
# Schedules of the bundled scenarios


def _schedulable():
    found = []
    for path in SCENARIOS:
        result = run("schedule", path, "-f", "json")
        if result.exit_code == 0:
            found.append(path)
    return found


SCHEDULABLE = _schedulable()


def test_most_bundled_scenarios_have_a_schedule():
    assert len(SCHEDULABLE) >= 8, [p.name for p in SCHEDULABLE]


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown"])
@pytest.mark.parametrize("path", SCHEDULABLE, ids=lambda p: p.name)
def test_a_schedule_shows_the_same_exact_percentages_in_every_format(tmp_path, path, fmt):
    data = json.loads(run("schedule", path, "-f", "json").stdout)
    members = data["members"]
    for source, shares in data["shares"].items():
        if shares is None:
            continue
        # The percent column is the share times 100, exactly, and a source's row sums to exactly 100.
        assert {m: Fraction(v) * 100 for m, v in shares.items()} == \
            {m: Fraction(v) for m, v in data["percent"][source].items()}
        assert sum(Fraction(data["percent"][source][m]) for m in members) == 100
    rows = rows_of(fmt, output(tmp_path, "schedule", path, fmt=fmt))
    shown = {row[0]: row[1:1 + len(members)] for row in rows if row and row[0] in data["shares"]}
    assert set(shown) == set(data["shares"])
    for source, cells in shown.items():
        if data["percent"][source] is None:
            assert not any(cells)
            continue
        assert [Fraction(c) for c in cells] == [Fraction(data["percent"][source][m]) for m in members]


# --------------------------------------------------------------------------------------------------------------
# Dissolutions of the bundled scenarios


def _dissolvable():
    found = []
    for path in SCENARIOS:
        result = run("dissolve", path, "-f", "json")
        if result.exit_code == 0:
            found.append(path)
    return found


DISSOLVABLE = _dissolvable()


def test_most_bundled_scenarios_dissolve():
    assert len(DISSOLVABLE) >= 8, [p.name for p in DISSOLVABLE]


@pytest.mark.parametrize("fate", [[], ["--fate", "largest-share"]], ids=["preset", "largest-share"])
@pytest.mark.parametrize("fmt", ["table", "markdown", "html", "xlsx", "docx"])
@pytest.mark.parametrize("path", DISSOLVABLE, ids=lambda p: p.name)
def test_a_dissolution_shows_the_same_cents_in_every_format(tmp_path, path, fmt, fate):
    pytest.importorskip({"xlsx": "openpyxl", "docx": "docx"}.get(fmt, "csv"))
    data = json.loads(run("dissolve", path, *fate, "-f", "json").stdout)
    funds = {party: Decimal(v) for party, v in data["funds"]["rounded"].items()}
    if funds:
        assert sum(funds.values()) == Decimal(data["balance"]["rounded"])  # the settlement is the balance
    rows = rows_of(fmt, output(tmp_path, "dissolve", path, *fate, fmt=fmt))
    # Funds: Party, Name, As, Amount (a grant's party is shown as "grant ID").
    shown_funds = {row[0].replace("grant ", "grant:"): number(row[3]) for row in rows
                   if len(row) >= 4 and row[0].replace("grant ", "grant:") in funds and row[2] != "the balance"}
    assert shown_funds == funds
    totals = [number(row[3]) for row in rows if len(row) >= 4 and row[0] == "Total" and row[2] == "the balance"]
    assert totals == [Decimal(data["balance"]["rounded"])]
    # Patents: Patent, Title, Owners before, Fate, To, Value, Price, Payments.
    for patent in data["patents"]:
        row = next(r for r in rows if len(r) >= 8 and r[0] == patent["patent"] and r[3] == patent["fate"])
        assert [number(row[5]), number(row[6])] == [Decimal(patent["rounded"]["value"]),
                                                    Decimal(patent["rounded"]["price"])]
        percents = [Decimal(p) for p in re.findall(r"(-?[0-9][0-9.,]*) %", row[2].replace(",", ""))]
        assert len(percents) == len(patent["owners_before"]) and sum(percents) == Decimal("100.00"), row[2]
        payments = dict(re.findall(r"(\S+) ([+\-\u2212]?[0-9][0-9,]*\.[0-9]+)", row[7]))
        assert {m: number(v) for m, v in payments.items()} == \
            {m: Decimal(v) for m, v in patent["rounded"]["payments"].items()}
    # Licences: Licence, Member, Name, Collects.
    expected = {(lid, m): Decimal(v) for lid, licence in data["licences"].items()
                for m, v in licence["rounded"].items()}
    shown = {(row[0], row[1]): number(row[3]) for row in rows if len(row) == 4 and (row[0], row[1]) in expected}
    assert shown == expected
