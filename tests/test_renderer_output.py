"""Hostile text through every renderer of withdraw, risk, rights, the annex, the plots and the graph exports.

A scenario is written by whoever sends it. Each text in it — the alliance's name, members' names, patent titles,
licensees, cost items, grant sources, clause purposes — is set here, in turn, to each entry of a pool of texts that
break one format or another: rich markup (``[/]`` crashed the terminal tables with a MarkupError, ``[red]x[/red]``
and ``:cd:`` silently changed names), spreadsheet formulas (``=cmd|' /C calc'!A0``, ``+1``, ``-1``, ``@SUM(A1)``,
HYPERLINK: live in the XLSX annex and unneutralised in CSV), Markdown syntax (``|`` and newlines forged rows),
HTML/XML markup, mathtext (``$x^$`` crashed the plots), backslashes and quotes (DOT), a 300-character name, CJK and
right-to-left text. Each output must show the text as data: literally (terminal, JSON, DOCX, XLSX, plots, GraphML),
or in the format's own escaped form (:mod:`ipshare.report.escape`: Markdown, HTML, CSV, DOT), and nothing may crash.

Texts the loader refuses (control characters, lone surrogates; the loader's own tests cover them) are written here
straight into the writers, which must hold them too.
"""

import csv
import io
import json
import re
import xml.etree.ElementTree as ElementTree
from collections import Counter
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

import ipshare
from ipshare.alliance.benefit import scenario_game
from ipshare.alliance.graph import alliance_graph
from ipshare.analyses.rights import rights_report
from ipshare.analyses.risk import risk_allocation
from ipshare.analyses.withdrawal import withdraw
from ipshare.cli import cli
from ipshare.errors import ScenarioError
from ipshare.model.loading import loads
from ipshare.report import escape
from ipshare.report.annex import build_annex, render_annex
from ipshare.report.document import Annex, Facts, Number, Paragraph, Section, Table
from ipshare.report.graph_export import export_graph
from ipshare.report.plots import plot_allocations, plot_graph, plot_sweep
from ipshare.report.rights import render_rights
from ipshare.report.risk import render_risk
from ipshare.report.withdrawal import render_withdrawal

ROOT = Path(__file__).resolve().parent.parent
PNG = b"\x89PNG\r\n\x1a\n"

POOL = [
    "[/]",
    "[red]x[/red]",
    ":cd:",
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://example.invalid","click")',
    "+1",
    "-1",
    "@SUM(A1)",
    "a|b",
    "<script>alert(1)</script>",
    "&amp;",
    "$x^$",
    "\\",
    '"quoted" \'single\' \\n',
    "*bold* _it_ `code` # [link](x)",
    "line\nbreak",
    "long name " * 20,  # 199 characters (the loader's limit for a name is 200) with spaces to wrap at
    "N" * 200,  # 200 characters with none
    "固态电池技术创新联盟",
    "شركة النور للتقنية",
]
COUNTS = Counter()


def hostile_data(name):
    """A small alliance (3 members, a background patent, a licence and an own use, two costs, a grant, a council
    and a clause) with ``name`` in every text field."""
    return {
        "alliance": {"name": name, "currency": "EUR", "discount_rate": 0.1},
        "members": {
            "A": {"name": name, "type": "enterprise", "role": "lead", "description": name},
            "U": {"name": name, "type": "university"},
            "I": {"name": name, "type": "institute"},
        },
        "contributions": [
            {"id": "CA", "member": "A", "kind": "cash", "value": 600, "description": name},
            {"id": "CU", "member": "U", "kind": "personnel", "value": 300, "quantity": 12, "unit": "person-month"},
            {"id": "CI", "member": "I", "kind": "equipment", "value": 100, "substitute_cost": 50},
        ],
        "patents": {
            "BG": {"title": name, "owners": {"U": 1}, "background": True},
            "P1": {"title": name, "from": ["CU", "CI"], "builds_on": ["BG"]},
            "P2": {"title": name, "from": ["CA", "CU"]},
        },
        "revenue": [
            {"id": "L", "kind": "licence", "licensee": name, "requires": ["P1"], "upfront": 100,
             "royalty": {"rate": 0.1, "base": 1100, "years": 2}, "probability": 0.5},
            {"id": "S", "kind": "own-use", "exploiter": "A", "requires": ["P2"], "margin": 220, "description": name},
        ],
        "costs": [
            {"id": "K1", "item": name, "amount": 90, "failure_probability": 0.3, "members": {"A": 0.5, "U": 0.5}},
            {"id": "K2", "item": name, "amount": 30, "failure_probability": 0.2},
        ],
        "grants": [{"id": "G1", "member": "I", "amount": 40, "matching": {"A": 20}, "repay_on_expulsion": True,
                    "source": name}],
        "agreement": {
            "rule": "shapley",
            "ownership": "by-contribution",
            "joint_licensing": "unanimous",
            "council": {"weights": {"A": 2, "U": 1, "I": 1}, "quota": 3, "description": name},
            "clauses": [{"id": "floor", "member": "U", "min_share": 0.1, "description": name}],
        },
    }


SLOTS = 7  # the texts a packed scenario holds, each in its own place (below)


def packed_data(names):
    """The same alliance with up to :data:`SLOTS` different texts: the three members' names, the three patents'
    titles and the licensee (the alliance's name, the cost items and the rest take the first)."""
    data = hostile_data(names[0])
    slots = [
        (data["members"]["A"], "name"),
        (data["members"]["U"], "name"),
        (data["members"]["I"], "name"),
        (data["patents"]["BG"], "title"),
        (data["patents"]["P1"], "title"),
        (data["patents"]["P2"], "title"),
        (data["revenue"][0], "licensee"),
    ]
    for (place, key), name in zip(slots, names, strict=False):
        place[key] = name
    return data


PACKS = [POOL[start : start + SLOTS] for start in range(0, len(POOL), SLOTS)]


class Pack:
    def __init__(self, names):
        self.names = names
        self.scenario = loads(json.dumps(packed_data(names)), "json", name="packed.json")
        self.game = scenario_game(self.scenario)
        self.allocation = ipshare.allocate(self.game, "shapley")
        self.annex = build_annex(self.scenario, self.game, [self.allocation])


@pytest.fixture(scope="module")
def packs():
    built = []
    for names in PACKS:
        try:
            built.append(Pack(names))
        except ScenarioError:  # a pack holding a text the loader refuses: its names one by one
            for name in names:
                try:
                    built.append(Pack([name]))
                except ScenarioError:
                    pass
    return built


class Case:
    def __init__(self, name):
        self.name = name
        self.refused = None
        try:
            self.scenario = loads(json.dumps(hostile_data(name)), "json", name="hostile.json")
        except ScenarioError as error:  # refusing a text no format can hold is a correct answer too
            self.refused = str(error)
            return
        self.game = scenario_game(self.scenario)
        self.allocation = ipshare.allocate(self.game, "shapley")
        self.withdrawal = withdraw(self.scenario, "I", "expelled")
        self.risk = risk_allocation(self.scenario)
        self.rights = rights_report(self.scenario)
        self.annex = build_annex(self.scenario, self.game, [self.allocation])


@pytest.fixture(scope="module")
def cases():
    built = [Case(name) for name in POOL]
    for case in built:
        if case.refused is not None:
            assert len(case.refused.splitlines()) == 1 and "hostile.json" in case.refused
    return [case for case in built if case.refused is None]


def render_all(case, fmt):
    return {
        "withdraw": render_withdrawal(case.withdrawal, fmt),
        "risk": render_risk(case.risk, fmt),
        "rights": render_rights(case.rights, fmt),
    }


def json_strings(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item)
    elif isinstance(value, str):
        yield value


FORMULA_START = tuple(escape.FORMULA_PREFIXES)
MACHINE_NUMBER = re.compile(r"^[-+]?\d[\d.]*(/\d+)?(E[-+]?\d+)?$")


def check_csv(text, name):
    rows = list(csv.reader(io.StringIO(text)))
    cells = [cell for row in rows for cell in row]
    assert escape.spreadsheet(escape.one_line(name)) in cells, name
    for cell in cells:
        # No text reaches a spreadsheet as a formula: a cell starting like one is neutralised, or is a number
        # ipshare wrote itself (-726233.84, -1/3).
        if cell.startswith(FORMULA_START):
            assert MACHINE_NUMBER.match(cell), cell


def check_markdown_tables(text):
    """Every row of every pipe table has as many cells as its header: no "|" or line break forged a cell or a row."""
    pipes = re.compile(r"(?<!\\)\|")
    table = None
    for line in text.splitlines():
        if not line.startswith("|"):
            table = None
            continue
        if table is None:
            table = len(pipes.findall(line))
        assert len(pipes.findall(line)) == table, line


# -- withdraw, risk, rights in every format ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_withdraw_risk_and_rights_show_hostile_text_as_data(cases, fmt):
    for case in cases:
        for command, text in render_all(case, fmt).items():
            name = case.name
            if fmt == "table":
                for line in name.split("\n"):
                    assert line in text, (command, name)
            elif fmt == "markdown":
                assert escape.markdown(name) in text, (command, name)
                check_markdown_tables(text)
            elif fmt == "csv":
                check_csv(text, name)
            else:
                assert name in set(json_strings(json.loads(text))), (command, name)
            COUNTS[f"{command} {fmt}"] += 1
    assert COUNTS[f"withdraw {fmt}"] >= len(POOL) - 1  # only "line\nbreak" is refused (names are one line)


def test_terminal_tables_fitted_to_a_width_take_hostile_text(cases):
    from rich.cells import cell_len

    for case in cases:
        texts = (
            render_withdrawal(case.withdrawal, "table", 80),
            render_risk(case.risk, "table", 80),
            render_rights(case.rights, "table", 80),
        )
        for text in texts:
            assert max(cell_len(line) for line in text.splitlines()) <= 80, case.name


# -- the annex in every format -------------------------------------------------------------------------------------


class Texts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.data = []

    def handle_data(self, data):
        self.data.append(data)


def docx_texts(data):
    import docx

    document = docx.Document(io.BytesIO(data))
    texts = [paragraph.text for paragraph in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return document, texts


def xlsx_cells(data):
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return workbook, [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def check_no_formula(data):
    """No cell of the workbook is a formula, read back by openpyxl and in the sheets' XML itself."""
    import zipfile

    workbook, cells = xlsx_cells(data)
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    package = zipfile.ZipFile(io.BytesIO(data))
    for entry in package.namelist():
        if entry.startswith("xl/worksheets/"):
            assert "<f>" not in package.read(entry).decode() and "<f " not in package.read(entry).decode()
    for cell in cells:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
            assert cell.data_type == "s" and cell.quotePrefix, cell.value
    return workbook, cells


@pytest.mark.parametrize("fmt", ["md", "html", "csv"])
def test_the_annex_text_formats_show_hostile_text_as_data(cases, fmt):
    for case in cases:
        name = case.name
        out = render_annex(case.annex, fmt)
        if fmt == "md":
            assert escape.markdown(name) in out
        elif fmt == "html":
            assert escape.html(name) in out
            parser = Texts()
            parser.feed(out)
            assert name in "".join(parser.data)
            assert "<script>" not in out
        else:
            check_csv(out, name)
        COUNTS[f"annex {fmt}"] += 1


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_the_office_annexes_show_hostile_text_as_data(packs, fmt):
    for pack in packs:
        out = render_annex(pack.annex, fmt)
        if fmt == "docx":
            document, texts = docx_texts(out)
            assert len(document.core_properties.title) <= 255
        else:
            _, cells = check_no_formula(out)
            texts = [cell.value for cell in cells]
        for name in pack.names:
            assert name in texts, name  # in the parties, patents and revenue tables, as written
            COUNTS[f"annex {fmt}"] += 1


def test_xlsx_percentages_are_fractions_with_a_percent_format(packs):
    _, cells = xlsx_cells(render_annex(packs[0].annex, "xlsx"))
    percent = [cell for cell in cells if isinstance(cell.value, int | float) and cell.number_format.endswith("%")]
    assert percent and all(0 <= cell.value <= 1 for cell in percent)


# -- writers hold what the loader refuses --------------------------------------------------------------------------


def annex_of(text, title=None):
    table = Table("Allocation", ("Member", "Name", "%"), (("A", text, Number(Decimal("30.69"), "percent")),))
    return Annex(
        title=title or f"Annex — {text}",
        subtitle=text,
        blocks=(Section("allocation", text, (Paragraph(text), Facts(((text, text),)), table)),),
        footer=text,
        sha256="0" * 64,
        version=ipshare.__version__,
    )


@pytest.mark.parametrize("text", ["x\x01y\x0bz", "lone \ud800 surrogate", "\ufffe", "=cmd|' /C calc'!A0\x00"])
def test_office_writers_hold_characters_xml_cannot(text):
    shown = escape.xml_text(text)
    _, texts = docx_texts(render_annex(annex_of(text), "docx"))
    assert shown in texts
    _, cells = check_no_formula(render_annex(annex_of(text), "xlsx"))
    assert shown in [cell.value for cell in cells]
    assert escape.html(text) in render_annex(annex_of(text), "html")
    COUNTS["writers control"] += 1


@pytest.mark.parametrize("length", [190, 200])
def test_a_long_alliance_name_cuts_only_the_metadata(length):
    # A 224-character alliance name crashed the DOCX writer: python-docx refuses a core property of more than 255
    # characters ("Annex: allocation of benefits — " + name). The loader now takes names of at most 200
    # characters; the writers still cut only the metadata, whatever the title (test below), and the title on the
    # page keeps every character.
    name = ("Solid-State Battery Alliance " * 40)[:length].strip()
    data = hostile_data(name)
    scenario = loads(json.dumps(data), "json", name="long.json")
    game = scenario_game(scenario)
    annex = build_annex(scenario, game, [ipshare.allocate(game, "shapley")])
    document, texts = docx_texts(render_annex(annex, "docx"))
    title = document.core_properties.title
    assert len(title) <= 255 and title.startswith("Annex: allocation of benefits")
    assert any(name in text for text in texts)  # the heading and the parties keep the whole name
    workbook, _ = xlsx_cells(render_annex(annex, "xlsx"))
    assert len(workbook.properties.title) <= 255


@pytest.mark.parametrize("length", [224, 256, 1000])
def test_the_office_writers_cut_a_long_title_only_in_the_metadata(length):
    from dataclasses import replace

    scenario = loads(json.dumps(hostile_data("Short")), "json", name="short.json")
    game = scenario_game(scenario)
    annex = build_annex(scenario, game, [ipshare.allocate(game, "shapley")])
    title = ("Solid-State Battery Alliance " * 40)[:length]
    annex = replace(annex, title=title)
    document, texts = docx_texts(render_annex(annex, "docx"))
    assert len(document.core_properties.title) <= 255 and any(title in text for text in texts)
    workbook, _ = xlsx_cells(render_annex(annex, "xlsx"))
    assert len(workbook.properties.title) <= 255


# -- plots ---------------------------------------------------------------------------------------------------------


def svg_texts(svg: bytes) -> str:
    root = ElementTree.fromstring(svg)  # well-formed XML, whatever the names hold
    return "\n".join("".join(element.itertext()) for element in root.iter() if element.tag.endswith("text"))


@pytest.mark.filterwarnings("ignore:Glyph")  # CJK glyphs are missing from DejaVu Sans: boxes, not a crash
@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_plots_draw_hostile_text_as_text(packs, fmt):
    for pack in packs:
        bars = plot_allocations([pack.allocation], fmt=fmt, scenario=pack.scenario)
        graph = plot_graph(pack.scenario, fmt=fmt)
        if fmt == "png":
            assert bars.startswith(PNG) and graph.startswith(PNG)
        else:
            drawn = svg_texts(bars) + svg_texts(graph)
            for name in pack.names:
                if len(name) <= 20 and "\n" not in name and " " not in name:
                    assert name in drawn, name  # "$x^$" drawn as the four characters, not as mathtext
        COUNTS[f"plot {fmt}"] += 2 * len(pack.names)


@pytest.mark.filterwarnings("ignore:constrained_layout")  # a 300-character legend entry leaves no room
def test_sweep_plot_takes_hostile_labels():
    for name in ("$x^$", "[/]", "line\nbreak", "x\x01y", "N" * 300):
        svg = plot_sweep(name, [0, 1], {"shapley": {name: [1, 2], "B": [2, 1]}}, [(0.5, name)], fmt="svg", unit=name)
        assert svg_texts(svg)
        COUNTS["plot sweep svg"] += 1


def test_the_bars_show_the_percentages_every_output_shows():
    path = ROOT / "scenarios" / "battery-alliance.yaml"
    scenario = ipshare.load(path)
    game = scenario_game(scenario)
    rules = ("shapley", "nucleolus")
    svg = plot_allocations([ipshare.allocate(game, rule) for rule in rules], fmt="svg", scenario=scenario)
    document = json.loads(CliRunner().invoke(cli, ["allocate", str(path), "-r", rules[0], "-r", rules[1],
                                                   "-f", "json"]).stdout)
    drawn = svg_texts(svg)
    for rule in rules:
        for member, percent in document["percent"][rule].items():
            assert f"{percent} %" in drawn, (rule, member)


def test_plot_command_with_a_hostile_name(tmp_path):
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(hostile_data("$x^$ [/]")))
    for kind in ("allocation", "graph"):
        result = CliRunner().invoke(cli, ["plot", str(path), "--kind", kind, "-o", str(tmp_path / f"{kind}.svg")])
        assert result.exit_code == 0, result.output
        assert "$x^$ [/]" in svg_texts((tmp_path / f"{kind}.svg").read_bytes())


# -- graph exports -------------------------------------------------------------------------------------------------


def test_graph_exports_keep_hostile_text_as_data(cases):
    for case in cases:
        graph = alliance_graph(case.scenario)
        dot = export_graph(graph, "dot")
        assert escape.dot(case.name) in dot
        for line in dot.splitlines()[2:-1]:  # every statement: its texts stay inside their quoted strings
            shape = re.sub(r'"(?:[^"\\]|\\.)*"', "S", line)
            assert re.fullmatch(r"  S( -> S)? \[(shape=[a-z]+, )?label=S\];", shape), line
        root = ElementTree.fromstring(export_graph(graph, "graphml"))
        assert case.name in {element.text for element in root.iter() if element.tag.endswith("data")}
        nodes = json.loads(export_graph(graph, "json"))["nodes"]
        assert case.name in {node["label"] for node in nodes}
        COUNTS["graph dot"] += 1
        COUNTS["graph graphml"] += 1
        COUNTS["graph json"] += 1


@pytest.mark.parametrize("text", ["x\x01y", "lone \ud800", "]]> <!-- & \""])
def test_graphml_is_well_formed_with_text_xml_cannot_hold(text):
    scenario = loads(json.dumps(hostile_data("placeholder")), "json")
    graph = alliance_graph(scenario)
    graph.graph["name"] = text
    for _, data in graph.nodes(data=True):
        data["label"] = text
    root = ElementTree.fromstring(export_graph(graph, "graphml"))
    assert escape.xml_text(text) in {element.text for element in root.iter() if element.tag.endswith("data")}
    assert escape.dot(text) in export_graph(graph, "dot")
