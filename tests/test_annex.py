"""Agreement annexes: every format read back (html.parser, python-docx, openpyxl, csv) reconciles and has every
section; the same input gives the same bytes; files are written whole or not at all; a missing optional package is
one line naming the extra to install."""

import csv
import io
import re
import sys
import time
import zipfile
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

import ipshare
from ipshare.alliance.benefit import scenario_game
from ipshare.cli import cli
from ipshare.report.annex import ANNEX_FORMATS, build_annex, clause_statuses, pin_package, render_annex

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
BATTERY = SCENARIOS / "battery-alliance.yaml"
RULES = ("shapley", "proportional", "core-lp")
ALLIANCE_SECTIONS = (
    "identification",
    "parties",
    "contributions",
    "patents",
    "revenue",
    "method",
    "allocation",
    "clauses",
    "risk",
    "signatures",  # a signature block for every member (issue 13)
)
TITLES = {
    "identification": "Identification",
    "parties": "Parties",
    "contributions": "Contributions",
    "patents": "Patents",
    "revenue": "Revenue sources",
    "method": "Method",
    "allocation": "Allocation",
    "clauses": "Clauses",
    "risk": "Costs and risk",
    "signatures": "Signatures",
}


def run(*args, catch=False):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=catch)


@pytest.fixture(scope="module")
def battery_annex():
    scenario = ipshare.load(BATTERY)
    game = scenario_game(scenario)
    allocations = [ipshare.allocate(game, rule) for rule in RULES]
    return scenario, game, allocations, build_annex(scenario, game, allocations)


@pytest.fixture(scope="module")
def floor_scenario(tmp_path_factory):
    """The worked example with a floor that Shapley misses and core-lp must meet exactly."""
    text = (SCENARIOS / "worked-example.yaml").read_text()
    text += (
        "  clauses:\n"
        "    - {id: a-floor, member: A, min_share: 0.5, description: The lead gets at least half.}\n"
        "    - {id: u-cap, member: U, max_amount: 1000}\n"
        '    - {id: u-at-shapley, member: U, max_amount: "2425/11"}\n'
    )
    path = tmp_path_factory.mktemp("floor") / "floor.yaml"
    path.write_text(text)
    return path


def decimal(text):
    return Decimal(str(text).replace(",", ""))


def check_reconciles(header, rows, footer, rules=RULES):
    """Each rule's amounts add up to its total row, and its percentages to exactly 100.00."""
    for rule in rules:
        amount = next(i for i, h in enumerate(header) if h.startswith(f"{rule} (") and h.endswith(")"))
        percent = header.index(f"{rule} %")
        assert sum(decimal(row[amount]) for row in rows) == decimal(footer[amount]), rule
        assert sum(decimal(row[percent]) for row in rows) == Decimal("100.00"), rule
        assert decimal(footer[percent]) == Decimal("100.00")


# -- reading each format back --------------------------------------------------------------------------------------


class AnnexHTML(HTMLParser):
    """Section ids, headings, and each data table as header / body rows / footer rows of cell texts."""

    def __init__(self):
        super().__init__()
        self.sections, self.headings, self.tables = [], [], {}
        self.text = []
        self._table = self._part = self._row = self._cell = None
        self._heading = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section":
            self.sections.append(attrs["id"])
        elif tag in ("h1", "h2", "h3"):
            self._heading = ""
        elif tag == "table" and "data-name" in attrs:
            self._table = self.tables[attrs["data-name"]] = {"thead": [], "tbody": [], "tfoot": []}
        elif tag in ("thead", "tbody", "tfoot") and self._table is not None:
            self._part = tag
        elif tag == "tr" and self._table is not None:
            self._row = []
            self._total = attrs.get("class") == "total"  # the totals row, printed once (not a repeated tfoot)
        elif tag in ("td", "th") and self._row is not None:
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("h1", "h2", "h3"):
            self.headings.append(self._heading)
            self._heading = None
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append(self._cell)
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self._table["tfoot" if self._total else self._part].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        self.text.append(data)
        if self._cell is not None:
            self._cell += data
        if self._heading is not None:
            self._heading += data


def read_html(text):
    parser = AnnexHTML()
    parser.feed(text)
    parser.close()
    return parser


def read_docx(data):
    import docx

    document = docx.Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    return document, headings, tables


def read_csv_rows(text):
    return list(csv.reader(io.StringIO(text)))


def allocation_rows(rows):
    """The allocation table in a list of rows (CSV, a sheet): its header, its body and its total row."""
    start = next(i for i, row in enumerate(rows) if row and row[0] == "Member" and "shapley %" in row)
    end = next(i for i in range(start + 1, len(rows)) if rows[i] and rows[i][0] == "Total")
    return rows[start], rows[start + 1 : end], rows[end]


# -- contents ------------------------------------------------------------------------------------------------------


def test_html_has_every_section_and_reconciles(battery_annex):
    scenario, _, _, annex = battery_annex
    page = read_html(render_annex(annex, "html"))
    assert page.sections == list(ALLIANCE_SECTIONS)
    text = "".join(page.text)
    assert scenario.sha256 in text and f"ipshare {ipshare.__version__}" in text
    assert "HiGHS" in text  # the solver core-lp used
    allocation = page.tables["Allocation"]
    check_reconciles(allocation["thead"][0], allocation["tbody"], allocation["tfoot"][0])
    assert [row[0] for row in allocation["tbody"]] == list(scenario.members)
    # Revenue: expected present values reconcile too.
    revenue = page.tables["Revenue"]
    assert sum(decimal(row[-1]) for row in revenue["tbody"]) == decimal(revenue["tfoot"][0][-1])
    # Patents with their owners, contributions with their members.
    owners = {row[0]: row[-1] for row in page.tables["Patents"]["tbody"]}
    assert owners["BG1"] == "XU 100 %" and owners["P4"] == "JH 8/11 (72.73 %); QU 3/11 (27.27 %)"
    assert "Generated" not in text


def test_access_rights(battery_annex):
    pytest.importorskip("ipshare.analyses.rights")
    rights = read_html(render_annex(battery_annex[3], "html")).tables["Access rights"]
    assert rights["thead"][0] == ["Patent", "Member", "Research", "Own use", "Licensing to outsiders"]
    rows = {(row[0], row[1]): row[2:] for row in rights["tbody"]}
    assert len(rows) == 6 * 5  # every patent, every member
    assert rows[("BG1", "XU")] == ["royalty-free"] * 3  # its sole owner


def test_risk_shares(battery_annex):
    pytest.importorskip("ipshare.analyses.risk")
    tables = read_html(render_annex(battery_annex[3], "html")).tables
    risk = tables["Risk"]
    rows, total = risk["tbody"], risk["tfoot"][0]
    for column in range(1, 5):
        assert sum(decimal(row[column]) for row in rows) == decimal(total[column])
    for row in [*rows, total]:
        assert decimal(row[4]) == decimal(row[3]) - decimal(row[1])  # net = benefit - expected cost, as printed
    assert total[1] == tables["Costs"]["tfoot"][0][2] == "31,900,000.00"  # every cost is borne by someone
    assert total[3] == "165,142,916.40"  # the benefit is the first rule's (shapley) allocation


def test_method_states_words_formula_and_reference(battery_annex):
    _, _, _, annex = battery_annex
    page = read_html(render_annex(annex, "html"))
    assert "Shapley value — shapley (the operative rule)" in page.headings  # the agreement's rule; others compared
    text = "".join(page.text)
    # The formulas in their plain Unicode form (ipshare.report.formulas.text): the HTML annex shows that form.
    assert "(|S|! · (n − |S| − 1)!)/n!" in text and 'Shapley, "A value for n-person games"' in text
    assert "min[x ∈ C] Σ[i ∈ N] |xᵢ − rᵢ|" in text  # core-lp's objective as a formula
    assert "Weights (contribution value): JH 40,800,000" in text


def test_clause_status_per_rule(battery_annex):
    _, _, _, annex = battery_annex
    clauses = read_html(render_annex(annex, "html")).tables["Clauses"]
    header, rows = clauses["thead"][0], {row[0]: row for row in clauses["tbody"]}
    shapley, proportional, core_lp = (header.index(rule) for rule in RULES)
    assert rows["lead-cap"][shapley] == "satisfied"
    # Proportional pays the lead 89,598,816.35 against a cap of half of 165,142,916.40.
    assert rows["lead-cap"][proportional] == "violated by 7,027,358.14 CNY (JH)"
    assert rows["universities-floor"][proportional].startswith("violated by")
    assert all(row[core_lp] == "satisfied" for row in rows.values())


def test_binding_clauses(floor_scenario):
    scenario = ipshare.load(floor_scenario)
    game = scenario_game(scenario)
    allocations = [ipshare.allocate(game, "shapley"), ipshare.allocate(game, "core-lp")]
    statuses = {s.id: s for s in clause_statuses(game, allocations, 2, "EUR")}
    # v(N) = 3800/11, so the floor is 1900/11 = 172.73; Shapley gives A 100.
    assert statuses["a-floor"].statuses[0] == "violated by 72.73 EUR (A)"
    assert statuses["a-floor"].statuses[1].startswith("binding (A; shadow price")
    assert statuses["a-floor"].text == "The lead gets at least half."
    assert statuses["u-cap"].statuses == ("satisfied", "satisfied")
    # A clause that holds with equality under a closed-form rule binds too: U's cap is its Shapley value.
    assert statuses["u-at-shapley"].statuses[0] == "binding (U)"


def test_docx_reads_back(battery_annex):
    scenario, _, _, annex = battery_annex
    document, headings, tables = read_docx(render_annex(annex, "docx"))
    for number, key in enumerate(ALLIANCE_SECTIONS, start=1):
        assert f"{number}. {TITLES[key]}" in headings
    allocation = next(t for t in tables if t[0][0] == "Member" and any(h.endswith(" %") for h in t[0]))
    check_reconciles(allocation[0], allocation[1:-1], allocation[-1])
    assert allocation[-1][0] == "Total"
    identification = {row[0]: row[1] for row in tables[0]}
    assert identification["Scenario SHA-256"] == scenario.sha256
    assert identification["Produced by"] == f"ipshare {ipshare.__version__}"
    properties = document.core_properties
    assert properties.created is None and properties.modified is None
    assert scenario.sha256 in properties.keywords


def test_xlsx_reads_back(battery_annex):
    import openpyxl

    scenario, _, _, annex = battery_annex
    workbook = openpyxl.load_workbook(io.BytesIO(render_annex(annex, "xlsx")))
    assert workbook.sheetnames == [f"{n} {TITLES[key]}" for n, key in enumerate(ALLIANCE_SECTIONS, start=1)]
    sheet = workbook["7 Allocation"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header, body, footer = allocation_rows(rows)
    assert all(isinstance(row[2], int | float) for row in body)  # numbers stay numbers
    # Percentages are stored as fractions with a percent format (DESIGN.md, "The annex as a document"): JH's
    # Shapley share 30.69 % is the cell value 0.3069, shown as 30.69%.
    assert body[0][:4] == ["JH", "Jianghai New Energy Co., Ltd.", 50676279.27, 0.3069]
    start = next(i for i, row in enumerate(rows) if row and row[0] == "Member")
    assert sheet.cell(row=start + 2, column=4).number_format == "0.00%"
    assert sheet.cell(row=start + 2, column=3).number_format == "#,##0.00"
    percent = [j for j, h in enumerate(header) if h.endswith(" %")]
    scaled = [[Decimal(str(v)) * 100 if j in percent else v for j, v in enumerate(row)] for row in [*body, footer]]
    check_reconciles(header, scaled[:-1], scaled[-1])
    identification = {row[0]: row[1] for row in workbook["1 Identification"].iter_rows(values_only=True)}
    assert identification["Scenario SHA-256"] == scenario.sha256
    assert workbook.properties.creator == f"ipshare {ipshare.__version__}"


def test_csv_and_markdown_read_back(battery_annex):
    _, _, _, annex = battery_annex
    rows = read_csv_rows(render_annex(annex, "csv"))
    titles = [row[0] for row in rows if row and re.match(r"^\d+\. ", row[0])]
    assert titles == [f"{n}. {TITLES[key]}" for n, key in enumerate(ALLIANCE_SECTIONS, start=1)]
    check_reconciles(*allocation_rows(rows))
    markdown = render_annex(annex, "md")
    for number, key in enumerate(ALLIANCE_SECTIONS, start=1):
        assert f"\n## {number}. {TITLES[key]}\n" in markdown
    assert "| **Total** |  | **165,142,916.40** | **100.00** |" in markdown


@pytest.mark.parametrize("name", ["glove-game.yaml", "airport.yaml"])
def test_classic_games(name):
    scenario = ipshare.load(SCENARIOS / name)
    game = scenario_game(scenario)
    allocations = [ipshare.allocate(game, "shapley"), ipshare.allocate(game, "nucleolus")]
    page = read_html(render_annex(build_annex(scenario, game, allocations), "html"))
    assert page.sections == ["identification", "parties", "game", "method", "allocation", "clauses"]
    allocation = page.tables["Allocation"]
    check_reconciles(allocation["thead"][0], allocation["tbody"], allocation["tfoot"][0], ("shapley", "nucleolus"))
    if game.kind == "cost":
        assert "shapley (cost share)" in allocation["thead"][0]


# -- the command line: same bytes, timestamps, atomic files ----------------------------------------------------------


def test_same_input_same_bytes(tmp_path):
    # The scenario copied elsewhere under the same name: nothing in the annex depends on where it was read from.
    elsewhere = tmp_path / "copy" / BATTERY.name
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(BATTERY.read_bytes())
    first = {}
    for fmt in ANNEX_FORMATS:
        out = tmp_path / f"first.{fmt}"
        result = run("report", BATTERY, "-r", "shapley", "-r", "core-lp", "-o", out)
        assert result.exit_code == 0, result.output
        first[fmt] = out.read_bytes()
    time.sleep(2.1)  # ZIP entries carry times to 2 seconds: a later second run would differ if they were not pinned
    for fmt in ANNEX_FORMATS:
        out = tmp_path / f"second.{fmt}"
        assert run("report", elsewhere, "-r", "shapley", "-r", "core-lp", "-f", fmt, "-o", out).exit_code == 0
        assert out.read_bytes() == first[fmt], fmt
    for fmt in ("docx", "xlsx"):
        for entry in zipfile.ZipFile(io.BytesIO(first[fmt])).infolist():
            assert entry.date_time == (1980, 1, 1, 0, 0, 0)


def test_timestamp_when_asked(tmp_path):
    import docx
    import openpyxl

    stamp = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
    result = run("report", BATTERY, "-f", "md", "--timestamp")
    assert result.exit_code == 0
    (line,) = [line for line in result.stdout.splitlines() if "**Generated**" in line]
    assert stamp.search(line)
    assert run("report", BATTERY, "--timestamp", "-o", tmp_path / "a.docx").exit_code == 0
    created = docx.Document(tmp_path / "a.docx").core_properties.created
    assert stamp.fullmatch(created.strftime("%Y-%m-%dT%H:%M:%SZ"))
    assert run("report", BATTERY, "--timestamp", "-o", tmp_path / "a.xlsx").exit_code == 0
    assert openpyxl.load_workbook(tmp_path / "a.xlsx").properties.modified is not None


def test_pin_package_sets_or_removes_the_dates(battery_annex):
    data = render_annex(battery_annex[3], "xlsx")
    core = zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml").decode()
    assert "dcterms:created" not in core and "dcterms:modified" not in core
    pinned = pin_package(data, "2030-05-01T08:00:00Z")
    core = zipfile.ZipFile(io.BytesIO(pinned)).read("docProps/core.xml").decode()
    assert core.count("2030-05-01T08:00:00Z") == 2
    assert pin_package(pinned, "2030-05-01T08:00:00Z") == pinned


def test_what_if_changes_are_stated():
    result = run("report", BATTERY, "--set", "revenue.L1.probability=0.3", "-f", "md")
    assert result.exit_code == 0, result.output
    assert "| **What-if changes** | revenue.L1.probability=0.3 |" in result.stdout
    assert "--rule shapley --set revenue.L1.probability=0.3 |" in result.stdout  # the command to reproduce it


def test_output_equal_to_input_is_refused(tmp_path):
    copy = tmp_path / "alliance.yaml"
    copy.write_bytes(BATTERY.read_bytes())
    result = run("report", copy, "-f", "md", "-o", copy)
    assert result.exit_code == 2 and "is the scenario file itself" in result.stderr
    assert copy.read_bytes() == BATTERY.read_bytes()


def test_binary_formats_need_a_file():
    result = run("report", BATTERY, "-f", "docx")
    assert result.exit_code == 2 and "-o FILE" in result.stderr


def test_failure_mid_render_leaves_no_file(tmp_path, monkeypatch):
    import ipshare.report.formats.docx as docx_renderer

    calls = []
    original = docx_renderer._table

    def failing(*args):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("disk on fire")
        return original(*args)

    monkeypatch.setattr(docx_renderer, "_table", failing)
    out = tmp_path / "annex.docx"
    result = run("report", BATTERY, "-o", out, catch=True)
    assert result.exit_code != 0 and isinstance(result.exception, RuntimeError)
    assert list(tmp_path.iterdir()) == []


def test_failure_while_writing_keeps_the_old_file(tmp_path, monkeypatch):
    out = tmp_path / "annex.xlsx"
    out.write_bytes(b"the signed version")

    def no_rename(*args):
        raise OSError("no space left on device")

    monkeypatch.setattr("ipshare.output.os.replace", no_rename)
    result = run("report", BATTERY, "-o", out, catch=True)
    assert result.exit_code != 0
    assert out.read_bytes() == b"the signed version"
    assert list(tmp_path.iterdir()) == [out]  # the temporary file is gone


@pytest.mark.parametrize(("fmt", "module"), [("docx", "docx"), ("xlsx", "openpyxl")])
def test_missing_optional_package(tmp_path, monkeypatch, fmt, module):
    monkeypatch.setitem(sys.modules, module, None)  # makes `import module` fail
    out = tmp_path / f"annex.{fmt}"
    result = run("report", BATTERY, "-o", out)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "pip install 'ipshare[annex]'" in result.stderr
    assert not out.exists()
