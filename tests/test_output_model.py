"""One rounding and one document model: the same cents in every format, stated tie rules, clause status with every
allocation, text that stays text, tables that fit the terminal.

The expected cents are derived here by hand (a three-way split of 1.00, a licence of 0.285) or are properties that
must hold of any output (rows sum to their totals; every format shows the same figures as ``allocate -f json``).
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from ipshare.cli import cli
from ipshare.exact import Rounding, decimal_of, money_sum, reconciled_units, round_reconciled, tie_order
from ipshare.report import escape
from ipshare.report.document import Document, Number, Table
from ipshare.report.formats import markdown, terminal

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
BATTERY = SCENARIOS / "battery-alliance.yaml"


def run(*args, env=None):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, env=env)


def _write(tmp_path, text, name="s.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


THREE = """
alliance: {{name: Three equal, currency: CNY}}
members:
  A: {{name: {a}, type: enterprise}}
  B: {{name: Bee, type: university}}
  C: {{name: Cee, type: institute}}
contributions:
  - {{id: C1, member: A, kind: cash, value: 1}}
  - {{id: C2, member: B, kind: cash, value: 1}}
  - {{id: C3, member: C, kind: cash, value: 1}}
patents:
  P1: {{title: Joint, from: [C1, C2, C3]}}
revenue:
  - {{id: L1, kind: licence, licensee: Outsider, requires: [P1], upfront: 1}}
agreement:
  rule: equal
{extra}
"""


# -- the rounding service ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ties", "expected"),
    [("listed-first", ["0.34", "0.33", "0.33"]), ("listed-last", ["0.33", "0.33", "0.34"]),
     ("by-id", ["0.34", "0.33", "0.33"])],
)
def test_a_three_way_split_of_one_gives_the_odd_cent_by_the_stated_tie_rule(tmp_path, ties, expected):
    path = _write(tmp_path, THREE.format(a="Ay", extra=f"  rounding: {{ties: {ties}}}"))
    document = json.loads(run("allocate", path, "-f", "json").output)
    assert [document["rounded"]["equal"][m] for m in "ABC"] == expected
    assert document["rounding"]["ties"] == ties
    assert document["rounding"]["method"] == "largest-remainder"
    table = run("allocate", path).output
    assert {"listed-first": "listed first", "listed-last": "listed last", "by-id": "code-point order"}[ties] in table


def test_by_id_ties_follow_the_ids_not_the_listing():
    assert tie_order(["Z", "A", "M"], "by-id") == ["A", "M", "Z"]
    third = Fraction(1, 3)
    rounding = Rounding(2, "by-id", ("Z", "A", "M"))
    assert rounding.column({"Z": third, "A": third, "M": third}) == {
        "Z": Decimal("0.33"), "A": Decimal("0.34"), "M": Decimal("0.33")}


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.fractions(min_value=-10**6, max_value=10**6, max_denominator=10**4), min_size=1, max_size=12),
    st.integers(0, 6),
    st.sampled_from(["listed-first", "listed-last", "by-id"]),
)
def test_a_rounded_column_sums_to_its_rounded_total_and_moves_no_amount_a_whole_unit(amounts, digits, ties):
    values = {f"M{i}": value for i, value in enumerate(amounts)}
    rounding = Rounding(digits, ties, tuple(values))
    rounded = rounding.column(values)
    total = rounding.amount(sum(values.values(), Fraction(0)))
    assert money_sum(rounded.values()) == total
    unit = Fraction(1, 10**digits)
    for key, value in values.items():
        assert abs(Fraction(rounded[key]) - value) < unit
        assert rounded[key].as_tuple().exponent == -digits


def test_amounts_far_beyond_decimals_default_precision_round_and_add_exactly():
    # 1e22 with six decimals is 29 significant digits: Decimal's default context (28) raised InvalidOperation.
    big = Fraction(10**22) + Fraction(1, 3)
    rounded = round_reconciled({"A": big, "B": big, "C": big}, 6)
    assert str(rounded["A"]) == "10000000000000000000000.333334"
    assert money_sum(rounded.values()) == Decimal("30000000000000000000001.000000")
    assert decimal_of(-5, 2) == Decimal("-0.05")
    assert reconciled_units({"A": Fraction(1, 2), "B": Fraction(1, 2)}, 0) == {"A": 1, "B": 0}


def test_huge_amounts_with_six_decimals_through_every_allocate_format(tmp_path):
    text = THREE.format(a="Ay", extra="").replace("currency: CNY", "currency: CNY, minor_unit: 6").replace(
        "upfront: 1}", "upfront: 900000000000000000}")
    path = _write(tmp_path, text)
    for fmt in ("table", "json", "csv", "markdown"):
        result = run("allocate", path, "-f", fmt)
        assert result.exit_code == 0, result.output
    document = json.loads(run("allocate", path, "-f", "json").output)
    assert document["totals"]["equal"] == "900000000000000000.000000"


# -- the same cents everywhere ---------------------------------------------------------------------------------------


def test_a_float_rule_reconciles_to_the_exact_grand_value(tmp_path):
    # v(N) = 0.285 exactly, 0.29 rounded; core-lp's floats 0.1425 + 0.1425 summed to 0.28 when rounded against the
    # float 0.285 (0.28499999...), under a heading saying 0.29.
    path = _write(tmp_path, THREE.format(a="Ay", extra="").replace("upfront: 1}", "upfront: 0.285}"))
    document = json.loads(run("allocate", path, "-r", "core-lp", "-r", "shapley", "-f", "json").output)
    assert document["rounded_grand_value"] == "0.29"
    for rule in ("core-lp", "shapley"):
        assert document["totals"][rule] == "0.29"
        assert money_sum(Decimal(v) for v in document["rounded"][rule].values()) == Decimal("0.29")
    assert document["rounded"]["core-lp"] == document["rounded"]["shapley"]


def _bundled():
    return sorted(p for p in SCENARIOS.iterdir() if p.suffix == ".yaml")


@pytest.mark.parametrize("path", _bundled(), ids=lambda p: p.stem)
def test_every_format_of_allocate_shows_the_cents_of_the_json(path):
    rules = [rule for rule in ("shapley", "proportional", "equal", "nucleolus")
             if run("allocate", path, "-r", rule, "-f", "json").exit_code == 0]
    args = [a for rule in rules for a in ("-r", rule)]
    document = json.loads(run("allocate", path, *args, "-f", "json").output)
    members = document["members"]
    rows = list(csv.DictReader(io.StringIO(run("allocate", path, *args, "-f", "csv").output)))
    table = run("allocate", path, *args).output
    md = run("allocate", path, *args, "-f", "markdown").output
    for rule in rules:
        rounded = document["rounded"][rule]
        assert money_sum(Decimal(rounded[m]) for m in members) == Decimal(document["totals"][rule])
        assert {row["member"]: row["rounded"] for row in rows if row["rule"] == rule} == rounded
        for member in members:
            shown = Number(Decimal(rounded[member])).text
            assert shown in table and shown in md
        if document["percent"].get(rule):
            assert money_sum(Decimal(v) for v in document["percent"][rule].values()) == Decimal("100.00")


def test_the_annex_shows_the_cents_of_allocate():
    document = json.loads(run("allocate", BATTERY, "-r", "nucleolus", "-r", "proportional", "-f", "json").output)
    annex = run("report", BATTERY, "-r", "nucleolus", "-r", "proportional").output
    for rule in ("nucleolus", "proportional"):
        for amount in document["rounded"][rule].values():
            assert Number(Decimal(amount)).text in annex


# -- clause status with every allocation -----------------------------------------------------------------------------


def test_a_rule_that_breaks_clauses_says_so_in_every_format():
    document = json.loads(run("allocate", BATTERY, "-r", "proportional", "-r", "shapley", "-f", "json").output)
    proportional = document["clauses"]["proportional"]
    assert proportional["holds"] is False
    assert set(proportional["broken"]) == {"universities-floor", "lead-cap", "bank-cap"}
    lead = next(check for check in proportional["checks"] if check["clause"] == "lead-cap")
    # JH's proportional share 89,598,816.35 against the cap of half of 165,142,916.40.
    assert lead["status"] == "broken" and lead["by"] == "7027358.14" and lead["where"] == ["JH"]
    assert document["clauses"]["shapley"] == {
        "holds": True, "broken": [], "checks": document["clauses"]["shapley"]["checks"]}
    table = run("allocate", BATTERY, "-r", "proportional", "-r", "shapley").output
    assert "proportional *" in table
    assert "* proportional breaks 3 of the agreement's 5 clauses" in table
    assert "lead-cap by 7,027,358.14 CNY (JH)" in table
    assert "all 5 of the agreement's clauses hold under shapley" in table
    rows = list(csv.DictReader(io.StringIO(run("allocate", BATTERY, "-r", "proportional", "-f", "csv").output)))
    assert {row["clauses"] for row in rows} == {"breaks universities-floor lead-cap bank-cap"}


def test_strict_refuses_a_rule_that_breaks_a_clause_and_writes_nothing(tmp_path):
    output = tmp_path / "out.json"
    result = CliRunner().invoke(cli, ["allocate", str(BATTERY), "-r", "proportional", "--strict", "-f", "json",
                                      "-o", str(output)])
    assert result.exit_code == 3
    assert "--strict" in result.output and "proportional" in result.output
    assert not output.exists()
    assert run("allocate", BATTERY, "-r", "shapley", "--strict").exit_code == 0


# -- text is data ------------------------------------------------------------------------------------------------------

HOSTILE = ["[/]", "[red]x[/red]", ":cd:", "=cmd|' /C calc'!A0", "+1", "-1", "@SUM(A1)", "a|b", "<script>", "&amp;",
           "$x^$", "\\", "固态电池", "x" * 150]


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_member_name_stays_text_in_every_allocate_format(tmp_path, name):
    path = _write(tmp_path, THREE.format(a=json.dumps(name), extra=""))
    table = run("allocate", path)
    assert table.exit_code == 0, table.output
    assert name in table.output.replace("\n", "") or name == "x" * 150
    rows = list(csv.reader(io.StringIO(run("allocate", path, "-f", "csv").output)))
    named = rows[1][2]
    assert named == escape.spreadsheet(name)
    assert not named.startswith(("=", "+", "-", "@"))
    md = run("allocate", path, "-f", "markdown").output
    table_rows = [line for line in md.splitlines() if line.startswith("| ")]
    assert len(table_rows) == 5  # header, three members, total: no row forged
    assert all(line.count(" | ") == table_rows[0].count(" | ") for line in table_rows)
    assert json.loads(run("allocate", path, "-f", "json").output)["members"] == ["A", "B", "C"]


def test_markdown_escaping_keeps_text_literal():
    assert escape.markdown("a|b") == "a\\|b"
    assert escape.markdown("*x* _y_ `z` [l](u) <b> #h ~s~ $m$") == (
        "\\*x\\* \\_y\\_ \\`z\\` \\[l\\](u) \\<b\\> \\#h \\~s\\~ \\$m\\$")
    assert escape.markdown("- item", cell=False) == "\\- item"
    assert escape.markdown("line\nbreak") == "line break"
    assert escape.markdown("&amp;") == "&amp;amp;"


def test_spreadsheet_neutralising():
    for text in ("=1+1", "+1", "-1", "@A1", "\t=1", "\r=1", "＝1"):
        assert escape.spreadsheet(text).startswith("'")
    assert escape.spreadsheet("Jianghai") == "Jianghai"


def test_xml_text_replaces_what_xml_cannot_hold():
    assert escape.xml_text("a\x00b\x1fc\ud800d") == "a\ufffdb\ufffdc\ufffdd"
    assert escape.html('<a href="x">&') == "&lt;a href=&quot;x&quot;&gt;&amp;"


# -- presentation ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [60, 80, 100])
def test_the_main_table_fits_the_terminal_without_breaking_a_number(width):
    result = run("allocate", BATTERY, "-r", "shapley", "-r", "proportional", "-r", "graph-flow",
                 env={"COLUMNS": str(width)})
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= width
    document = json.loads(run("allocate", BATTERY, "-r", "shapley", "-r", "proportional", "-r", "graph-flow",
                              "-f", "json").output)
    for rule in ("shapley", "proportional", "graph-flow"):
        for amount in document["rounded"][rule].values():
            assert Number(Decimal(amount)).text in result.output  # every number whole on one line


def test_without_a_terminal_tables_keep_their_natural_width():
    lines = run("allocate", BATTERY, "-r", "shapley", "-r", "proportional", "-r", "graph-flow").output.splitlines()
    assert max(len(line) for line in lines) > 100


def test_a_table_too_wide_is_split_into_parts_that_repeat_its_keys():
    rows = tuple((f"M{i}", f"Member number {i}", *(Number(Decimal("1234567.89")) for _ in range(8)))
                 for i in range(3))
    table = Table("t", ("Member", "Name", *(f"rule{j}" for j in range(8))), rows, keys=2,
                  groups=tuple((j, j + 1) for j in range(2, 10, 2)))
    text = terminal.render_table(table, 70)
    assert max(len(line) for line in text.splitlines()) <= 70
    assert "part 1 of" in text and text.count("│ M2 ") >= 2  # the id column repeated in every part
    legend = " ".join(text.split())
    assert "member / name: M0 Member number 0; M1 Member number 1; M2 Member number 2" in legend  # names: a legend
    assert text.count("1,234,567.89") == 24


def test_numbers_are_never_in_scientific_notation():
    assert Number(Decimal("1E+6")).text == "1,000,000"
    assert Number(Decimal("-1.2E+6"), "signed").text == "-1,200,000"
    assert Number(Decimal("0.00"), "signed").text == "0.00"
    assert Number(Decimal("-0.00")).text == "0.00"
    core = run("core", BATTERY, "-r", "shapley").output
    assert "e+0" not in core and "least-core epsilon = -" in core


def test_rich_markup_in_a_document_is_shown_literally():
    document = Document(title="[bold]t[/bold]", blocks=("[/] :cd:",))
    assert terminal.render(document) == "[bold]t[/bold]\n[/] :cd:\n"
    assert markdown.render(document).startswith("# \\[bold\\]t\\[/bold\\]")


def test_sampled_figures_show_their_plus_minus_and_only_the_digits_they_support():
    from ipshare.exact import supported_digits

    document = json.loads(run("allocate", BATTERY, "-r", "shapley-sampled", "-f", "json").output)
    interval = document["details"]["shapley-sampled"]["interval"]
    widest = max((high - low) / 2 for low, high in interval.values())
    digits = supported_digits(widest, 2)
    assert digits < 0  # a thousand samples on this alliance do not support cents
    table = run("allocate", BATTERY, "-r", "shapley-sampled").output
    assert "±" in table and "half-width" in table
    step = 10 ** -digits
    grid = [line for line in table.splitlines() if line.startswith("│ ")]
    shown = [int(line.split("│")[3].strip().replace(",", "")) for line in grid]
    assert all(amount % step == 0 for amount in shown)
    assert sum(shown[:-1]) == shown[-1]  # the members' estimates add up to the total row
    assert all(Decimal(v).as_tuple().exponent == -2 for v in document["rounded"]["shapley-sampled"].values())


def test_a_three_decimal_currency_reconciles_to_its_exact_grand_value(tmp_path):
    # 81.2375 is a half at the third decimal; its float is 81.23749999999999716: rounded against the float the
    # column said 81.237 under a grand value of 81.238.
    text = THREE.format(a="Ay", extra="").replace("currency: CNY", "currency: KWD").replace(
        "upfront: 1}", "upfront: 81.2375}")
    path = _write(tmp_path, text)
    document = json.loads(run("allocate", path, "-r", "core-lp", "-r", "nucleolus", "-f", "json").output)
    assert document["minor_unit"] == 3 and document["rounded_grand_value"] == "81.238"
    assert document["totals"] == {"core-lp": "81.238", "nucleolus": "81.238"}


def test_a_sweep_from_python_refuses_workers_below_one():
    from ipshare.analyses.whatif import numeric_sweep, sweep_values
    from ipshare.errors import IpshareError

    for workers in (0, -3, 1.5, True):
        with pytest.raises(IpshareError, match="workers"):
            numeric_sweep(SCENARIOS / "worked-example.yaml", "contributions.CI.substitute_cost",
                          sweep_values(0, 300, 3), ["shapley"], workers=workers)


def test_a_rational_discount_over_a_century_builds_its_game():
    # 0.137 a year over 100 years makes the common denominator of the exact values too large for a float: the
    # benefit game raised OverflowError converting its exact integers (found by the rules helper's fuzzing).
    result = run("allocate", SCENARIOS / "worked-example.yaml", "--set", "alliance.discount_rate=0.137",
                 "--set", "revenue.S.years=100", "-r", "shapley", "-r", "myerson", "-f", "json")
    assert result.exit_code in (0, 2), result.output
    document = json.loads(run("allocate", SCENARIOS / "worked-example.yaml", "--set", "alliance.discount_rate=0.137",
                              "--set", "revenue.S.years=100", "-f", "json").output)
    assert document["totals"]["shapley"] == document["rounded_grand_value"]


@pytest.mark.parametrize(("parameter", "says"), [
    ("members.JH.name", "is a text field"), ("agreement.rule", "is not a number"),
    ("revenue.L1.requires", "is not a number"), ("alliance.colour", "is no field"),
])
def test_a_sweep_of_a_field_that_is_not_a_number_is_refused(parameter, says):
    result = CliRunner().invoke(cli, ["sweep", str(BATTERY), "--param", parameter, "--from", "0", "--to", "1"])
    assert result.exit_code == 2 and says in result.stderr and len(result.stderr.splitlines()) == 1
    symbolic = CliRunner().invoke(cli, ["sweep", str(BATTERY), "--param", parameter, "--from", "0", "--to", "1",
                                        "--symbolic"])
    assert symbolic.exit_code == 2 and says in symbolic.stderr
