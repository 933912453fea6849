"""`ipshare books …` and `ipshare schedule` on the command line: one line per change, exit 2 and nothing written on
bad input, exit 5 from verify on an altered book, statements in every format with the same bytes for the same
book, imports from CSV, XLSX and YAML (all rows or none) and their templates (docs/books.md)."""

import json
import sqlite3
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_books import COST_RECOVERY, EXAMPLES, TIERS, book  # noqa: F401 (book: the fixture of both databases)

from ipshare.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def ok(*args):
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.output


def refused(*args, status=2):
    result = run(*args)
    assert result.exit_code == status, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    return lines[0]


def example_book(target):
    ok("books", "init", target, "--scenario", COST_RECOVERY)
    ok("books", "period", target, "2026Q1", "--from", "2026-01-01", "--to", "2026-03-31")
    ok("books", "period", target, "2026Q2", "--from", "2026-04-01", "--to", "2026-06-30")
    ok("books", "record", target, "expense", "--period", "2026Q1", "--member", "JH", "--kind", "patent",
       "--amount", "30000")
    ok("books", "record", target, "expense", "--period", "2026Q1", "--member", "XU", "--kind", "patent",
       "--amount", "10000")
    ok("books", "record", target, "receipt", "--period", "2026Q1", "--source", "L1", "--amount", "30000",
       "--date", "2026-02-14", "--ref", "INV-1")
    ok("books", "record", target, "receipt", "--period", "2026Q1", "--source", "L2", "--amount", "20000")
    ok("books", "close", target, "2026Q1")
    ok("books", "record", target, "receipt", "--period", "2026Q2", "--source", "L1", "--amount", "25000.01")
    ok("books", "record", target, "payment", "--period", "2026Q2", "--member", "JH", "--amount", "37300")
    ok("books", "close", target, "2026Q2")
    return target


def test_a_book_on_the_command_line(book):  # noqa: F811 (the fixture)
    example_book(book)
    data = json.loads(ok("books", "statement", book, "--period", "2026Q2", "-f", "json"))
    # DESIGN.md's contract: strings of exact decimals, every member, distributed = recovered + fee + share.
    assert {"book", "period", "currency", "receipts", "agreement", "members"} <= set(data)
    assert data["currency"] == "CNY" and data["receipts"] == "25000.01"
    assert data["members"]["JH"] | {"sources": None} == {
        "opening": "37300.00", "recovered": "0.00", "fee": "2500.00", "share": "11250.01",
        "distributed": "13750.01", "paid": "37300.00", "closing": "13750.01", "sources": None}
    every = json.loads(ok("books", "statement", book, "-f", "json"))
    assert [item["period"] for item in every["periods"]] == ["2026Q1", "2026Q2"]
    assert "intact" in ok("books", "verify", book)


def test_bad_input_is_one_line_and_writes_nothing(tmp_path):
    target = example_book(str(tmp_path / "a.book"))
    ok("books", "period", target, "2026Q3", "--from", "2026-07-01", "--to", "2026-09-30")
    before = ok("books", "statement", target, "-f", "json")
    for args, message in [
        (("record", target, "receipt", "--period", "2026Q3", "--source", "L9", "--amount", "1"), "unknown source"),
        (("record", target, "expense", "--period", "2026Q3", "--member", "ZZ", "--kind", "patent", "--amount", "1"),
         "unknown member"),
        (("record", target, "receipt", "--period", "2026Q3", "--source", "L1", "--amount", "-5"), "must be positive"),
        (("record", target, "receipt", "--period", "2026Q3", "--source", "L1", "--amount", "1e"), "not a number"),
        (("record", target, "receipt", "--period", "2026Q3", "--source", "L1", "--amount", "1",
          "--date", "2026-01-05"), "outside period"),
        (("record", target, "receipt", "--period", "2026Q1", "--source", "L1", "--amount", "1"), "is closed"),
        (("close", target, "2026Q1"), "closed already"),
        (("statement", target, "--member", "ZZ"), "unknown member"),
        (("verify", str(tmp_path / "none.book")), "no such book"),
        (("init", "postgresql://nobody@127.0.0.1:9/x", "--scenario", COST_RECOVERY), "cannot reach the database"),
    ]:
        assert message in refused("books", *args)
    assert ok("books", "statement", target, "-f", "json") == before


def test_verify_exits_5_and_names_each_problem(tmp_path):
    target = example_book(str(tmp_path / "a.book"))
    connection = sqlite3.connect(target)
    connection.execute("DROP TRIGGER ipshare_entries_append_only_UPDATE")
    connection.execute("UPDATE ipshare_entries SET amount = '31000.00' WHERE ref = 'INV-1'")
    connection.commit()
    connection.close()
    result = run("books", "verify", target)
    assert result.exit_code == 5
    lines = result.output.strip().splitlines()
    assert any("does not match its hash" in line for line in lines)
    assert any("period 2026Q1: receipts frozen as 50000.00, the entries sum to 51000.00" in line for line in lines)


def test_statements_in_every_format_are_the_same_bytes_for_the_same_book(tmp_path):
    target = example_book(str(tmp_path / "a.book"))
    for fmt in ("md", "csv", "html", "docx", "xlsx", "pdf"):
        first, second = tmp_path / f"one.{fmt}", tmp_path / f"two.{fmt}"
        ok("books", "statement", target, "-o", first)
        ok("books", "statement", target, "-o", second)
        assert first.read_bytes() == second.read_bytes(), fmt
        assert first.stat().st_size > 200
    markdown = (tmp_path / "one.md").read_text()
    assert "Xuhe Institute of Technology" in markdown and "13,750.01" in markdown
    table = ok("books", "statement", target, "--member", "XU", "--period", "2026Q2")
    assert "Alliance" in table and "23,950.00" in table and "JH " not in table


def _write_xlsx(path, rows, title="Receipts"):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def test_import_from_csv_xlsx_and_yaml(tmp_path):
    target = str(tmp_path / "a.book")
    ok("books", "init", target, "--scenario", COST_RECOVERY)
    ok("books", "period", target, "2026Q1", "--from", "2026-01-01", "--to", "2026-03-31")
    (tmp_path / "r.csv").write_text("entry,period,source,amount,date,ref\nreceipt,2026Q1,L1,30000,2026-01-10,A1\n"
                                    "receipt,2026Q1,L2,20000,,\n")
    _write_xlsx(tmp_path / "e.xlsx", [["entry", "period", "member", "kind", "amount"],
                                      ["expense", "2026Q1", "JH", "patent", 30000],
                                      ["expense", "2026Q1", "XU", "patent", 10000.5]])
    (tmp_path / "t.yaml").write_text("- {entry: expense, period: 2026Q1, member: JH, kind: travel, amount: 5000}\n")
    assert "2 entries recorded" in ok("books", "import", target, tmp_path / "r.csv")
    assert "2 entries recorded" in ok("books", "import", target, tmp_path / "e.xlsx")
    assert "1 entry recorded" in ok("books", "import", target, tmp_path / "t.yaml")
    ok("books", "close", target, "2026Q1")
    data = json.loads(ok("books", "statement", target, "-f", "json", "--period", "2026Q1"))
    assert data["members"]["XU"]["recovered"] == "10000.50"


def test_a_bad_row_records_nothing_and_names_file_row_and_column(tmp_path):
    target = str(tmp_path / "a.book")
    ok("books", "init", target, "--scenario", COST_RECOVERY)
    ok("books", "period", target, "2026Q1", "--from", "2026-01-01", "--to", "2026-03-31")
    (tmp_path / "r.csv").write_text("entry,period,source,amount\nreceipt,2026Q1,L1,100\nreceipt,2026Q1,L1,-3\n")
    assert refused("books", "import", target, tmp_path / "r.csv") == \
        f"error: {tmp_path / 'r.csv'}:3:4: amount: must be positive, not -3"
    _write_xlsx(tmp_path / "r.xlsx", [["entry", "period", "source", "amount"], ["receipt", "2026Q1", "L1", 5],
                                      ["receipt", "2026Q1", "L7", 5]])
    assert refused("books", "import", target, tmp_path / "r.xlsx").startswith(
        f"error: {tmp_path / 'r.xlsx'}:Receipts:3:C: source: unknown source 'L7'")
    (tmp_path / "r.yaml").write_text("- {entry: receipt, period: 2026Q1, source: L1, amount: 5}\n"
                                     "- entry: receipt\n  period: 2026Q1\n  source: L1\n  amount: ten\n")
    assert refused("books", "import", target, tmp_path / "r.yaml") == \
        f"error: {tmp_path / 'r.yaml'}:5: [1].amount: 'ten' is not a number"
    (tmp_path / "c.csv").write_text("entry,period,colour,amount\n")
    assert "1:3: unknown column 'colour'" in refused("books", "import", target, tmp_path / "c.csv")
    with sqlite3.connect(target) as connection:
        assert connection.execute("SELECT count(*) FROM ipshare_entries").fetchone() == (0,)


def test_templates_import_once_filled_in(tmp_path):
    import openpyxl

    target = str(tmp_path / "a.book")
    ok("books", "init", target, "--scenario", COST_RECOVERY)
    ok("books", "period", target, "2026Q1", "--from", "2026-01-01", "--to", "2026-03-31")
    ok("books", "template", "receipts", "-o", tmp_path / "receipts.xlsx")
    workbook = openpyxl.load_workbook(tmp_path / "receipts.xlsx")
    assert [c.value for c in workbook.worksheets[0][1]] == ["entry", "period", "source", "amount", "currency", "date",
                                                          "ref"]
    workbook.worksheets[0].append(["receipt", "2026Q1", "L1", "1250.50", "CNY", "2026-03-01", "R-7"])
    workbook.save(tmp_path / "receipts.xlsx")
    assert "1 entry recorded" in ok("books", "import", target, tmp_path / "receipts.xlsx")
    for suffix in ("csv", "yaml"):
        ok("books", "template", "expenses", "-o", tmp_path / f"expenses.{suffix}")
        assert "0 entries recorded" in ok("books", "import", target, tmp_path / f"expenses.{suffix}")


def test_amend_on_the_command_line(tmp_path):
    target = str(tmp_path / "a.book")
    ok("books", "init", target, "--scenario", COST_RECOVERY)
    ok("books", "period", target, "2026Q1", "--from", "2026-01-01", "--to", "2026-03-31")
    assert "version 2" in ok("books", "amend", target, "--scenario", TIERS, "--effective", "2026-01-01")
    assert "is not a date" in refused("books", "amend", target, "--scenario", TIERS, "--effective", "soon")


def test_schedule_command():
    data = json.loads(ok("schedule", COST_RECOVERY, "-f", "json"))
    # L1 needs the joint patent P1 (JH and XU, unanimous licensing): each is a veto player, 1/2 each; L2 needs
    # JH's background patent alone: all JH's.
    assert data["shares"] == {"L1": {"JH": "1/2", "XU": "1/2"}, "L2": {"JH": "1", "XU": "0"}}
    assert data["percent"]["L1"] == {"JH": "50", "XU": "50"}
    assert "L2" in ok("schedule", COST_RECOVERY, "-f", "markdown")
    assert ok("schedule", COST_RECOVERY, "-r", "nucleolus", "-f", "csv").count("\n") >= 2


@pytest.mark.parametrize("path", sorted((ROOT / "scenarios").glob("*.yaml")) +
                         [COST_RECOVERY, EXAMPLES / "throttled-recovery.yaml", TIERS],
                         ids=lambda p: p.name)
def test_schedules_add_up_to_the_rules_allocation(path):
    """Additivity: where no two sources share a buyable contribution, the rule's allocation of the whole benefit
    game is the sum over sources of each source's schedule times what the rule gives out of that source alone."""
    from ipshare.alliance.benefit import benefit_game
    from ipshare.books.schedule import ScheduleError, schedule_of
    from ipshare.model import load
    from ipshare.solutions import allocate

    scenario = load(path)
    if scenario.game is not None or not scenario.revenue or len(scenario.members) > 8:
        pytest.skip("not a small alliance")
    if any(c.substitute_cost is not None for c in scenario.contributions):
        pytest.skip("sources share buyable contributions: the benefit game is not the sum of the sources' games")
    try:
        schedule = schedule_of(scenario, "shapley")
    except ScheduleError:
        pytest.skip("no exact schedule")
    whole = allocate(benefit_game(scenario), "shapley").exact
    for member in scenario.members:
        parts = sum(((schedule.shares[s][member] if schedule.shares[s] else 0) * schedule.worth[s]
                     for s in schedule.shares), Fraction(0))
        assert parts == Fraction(whole[member]), (path.name, member)


def test_bundled_example_books_scenarios_are_valid_against_the_schema():
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    from ipshare.model.schema import scenario_schema

    for path in (COST_RECOVERY, EXAMPLES / "throttled-recovery.yaml", TIERS, EXAMPLES / "usd-receipts.yaml"):
        jsonschema.Draft202012Validator(scenario_schema()).validate(yaml.safe_load(path.read_text()))


def test_the_example_books_of_docs_books_md(tmp_path):
    """scenarios/books/build.py builds the three example books; their figures are docs/books.md's, worked by hand
    there (and in tests/test_books.py)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_books", EXAMPLES / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    books = {path.stem: str(path) for path in module.build(tmp_path, run=lambda args: ok(*args))}

    def lines(name, *keys):
        data = json.loads(ok("books", "statement", books[name], "-f", "json"))
        return {item["period"]: {m: tuple(row[k] for k in keys) for m, row in item["members"].items()}
                for item in data["periods"]}

    assert lines("cost-recovery", "recovered", "fee", "share", "paid", "closing") == {
        "2026Q1": {"JH": ("30000.00", "1000.00", "6300.00", "0.00", "37300.00"),
                   "XU": ("10000.00", "0.00", "2700.00", "0.00", "12700.00")},
        "2026Q2": {"JH": ("0.00", "2500.00", "11250.01", "37300.00", "13750.01"),
                   "XU": ("0.00", "0.00", "11250.00", "0.00", "23950.00")},
    }
    assert lines("throttled-recovery", "recovered", "share") == {
        "2026Q1": {"JH": ("7500.00", "54000.00"), "XU": ("2500.00", "36000.00")},
        "2026Q2": {"JH": ("15000.00", "108000.00"), "XU": ("5000.00", "72000.00")},
        "2026Q3": {"JH": ("7500.00", "84000.00"), "XU": ("2500.00", "56000.00")},
    }
    assert lines("tiers", "recovered", "share") == {
        "2026Q1": {"JH": ("20000.00", "200000.00"), "XU": ("0.00", "200000.00")},
        "2026Q2": {"JH": ("0.00", "190000.00"), "XU": ("0.00", "110000.00")},
    }
    assert lines("usd-receipts", "share") == {"2025Q1": {"JH": ("57455.19",), "XU": ("38303.46",)}}
    for path in books.values():
        assert "intact" in ok("books", "verify", path)


def test_the_json_keys_are_documented_in_docs_output_md(tmp_path):
    import re

    text = (ROOT / "docs" / "output.md").read_text()

    def documented(title):
        section = re.split(r"\n### |\n## ", text.split(f"\n### {title}\n", 1)[1], maxsplit=1)[0]
        return set(re.findall(r"^\| `([^`]+)` \|", section, flags=re.M))

    target = example_book(str(tmp_path / "a.book"))
    one = json.loads(ok("books", "statement", target, "--period", "2026Q1", "-f", "json"))
    every = json.loads(ok("books", "statement", target, "-f", "json"))
    keys = documented("`ipshare books statement -f json`")
    assert set(one) <= keys and set(every) <= keys and set(every["periods"][0]) <= keys
    assert set(json.loads(ok("schedule", COST_RECOVERY, "-f", "json"))) == documented("`ipshare schedule -f json`")


def test_receipts_in_usd_on_the_command_line(tmp_path):
    # docs/books.md, "Receipts in other currencies": the figures are worked there.
    target = str(tmp_path / "usd.book")
    rates = ROOT / "scenarios" / "rates" / "usd-cny-2025-03.csv"
    ok("books", "init", target, "--scenario", EXAMPLES / "usd-receipts.yaml")
    ok("books", "period", target, "2025Q1", "--from", "2025-01-01", "--to", "2025-03-31")
    line = refused("books", "record", target, "receipt", "--period", "2025Q1", "--source", "L1", "--amount", "10",
                   "--currency", "USD", "--date", "2025-03-12")
    assert "no exchange rates" in line
    assert "rate table 1 (source: People's Bank of China" in ok("books", "rates", target, rates)
    ok("books", "record", target, "receipt", "--period", "2025Q1", "--source", "L1", "--amount", "12345.67",
       "--currency", "USD", "--date", "2025-03-12")
    entries = tmp_path / "receipts.csv"
    entries.write_text("entry,period,source,amount,currency,date\n"
                       "receipt,2025Q1,L2,1000,USD,2025-03-16\n"
                       "receipt,2025Q1,L2,5,USD,2025-03-31\n")
    line = refused("books", "import", target, entries)
    assert line.startswith(f"error: {entries}:3:5: currency: ") and "no USD/CNY rate for 2025-03-31" in line
    entries.write_text("entry,period,source,amount,currency,date\nreceipt,2025Q1,L2,1000,USD,2025-03-16\n")
    ok("books", "import", target, entries)
    ok("books", "close", target, "2025Q1")
    data = json.loads(ok("books", "statement", target, "-f", "json"))["periods"][0]
    assert data["sources"] == {"L1": "88582.65", "L2": "7176.00"}
    assert [(c["amount"], c["currency"], c["rate"], c["rate_date"], c["booked"]) for c in data["conversions"]] == [
        ("12345.67", "USD", "7.1752", "2025-03-12", "88582.65"), ("1000.00", "USD", "7.176", "2025-03-14", "7176.00")]
    table = ok("books", "statement", target)
    assert "Receipts in other currencies" in table and "88582.651384" in table
    assert "intact" in ok("books", "verify", target)


def test_dissolve_takes_its_balance_and_what_is_owed_from_a_book(tmp_path):
    """The cost-recovery example book after 2026Q2 (docs/books.md, example 1): receipts 30,000 + 20,000 +
    25,000.01 = 75,000.01, less the payment of 37,300 to JH, leaves 37,700.01 of cash. Owed: JH 13,750.01
    distributed and not paid plus its 5,000 of travel the waterfall does not recover (18,750.01); XU 23,950.00
    distributed and not paid. 42,700.01 owed > 37,700.01 held, so pro rata: JH 37,700.01 × 18,750.01 / 42,700.01
    = 7,068,755,645,001 / 427,000,100 = 16,554.463…, XU 37,700.01 × 23,950 / 42,700.01 = 21,145.546…; rounded as
    one column, 16,554.46 + 21,145.55 = 37,700.01."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_books", EXAMPLES / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    books = {path.stem: str(path) for path in module.build(tmp_path, run=lambda args: ok(*args))}
    target = books["cost-recovery"]
    data = json.loads(ok("dissolve", COST_RECOVERY, "--book", target, "-f", "json"))
    assert data["balance"]["exact"] == "3770001/100" and data["balance"]["basis"].startswith("from the book")
    assert data["funds"]["exact"] == {"JH": "7068755645001/427000100", "XU": "90291523950/4270001"}
    assert data["funds"]["rounded"] == {"JH": "16554.46", "XU": "21145.55"}
    assert any("JH: 13,750.01 distributed and not yet paid, 5,000.00 of costs" in n for n in data["notes"])
    # Receipts in an open period are cash not yet distributed: returned with the rest, and said so.
    ok("books", "period", target, "2026Q3", "--from", "2026-07-01", "--to", "2026-09-30")
    ok("books", "record", target, "receipt", "--period", "2026Q3", "--source", "L1", "--amount", "5000")
    data = json.loads(ok("dissolve", COST_RECOVERY, "--book", target, "-f", "json"))
    assert data["balance"]["rounded"] == "42700.01"
    assert data["funds"]["exact"] == {"JH": "1875001/100", "XU": "23950"} and data["funds"]["returned"] == {}
    assert any("5,000.00 of receipts not yet distributed" in n for n in data["notes"])
    assert "--book" in refused("dissolve", COST_RECOVERY, "--book", target, "--funds", "10")
    other = tmp_path / "in-eur.yaml"
    other.write_text(COST_RECOVERY.read_text().replace("currency: CNY", "currency: EUR"))
    assert "the book is in CNY, the scenario in EUR" in refused("dissolve", other, "--book", target)
    assert "no such book" in refused("dissolve", COST_RECOVERY, "--book", tmp_path / "none.book")


def test_statements_in_chinese_and_in_both_languages(tmp_path):
    """`--lang zh` / `zh+en`: the statement's words from the message catalogue (statement.*), the figures the
    same; English stays the default, and JSON has no words to translate."""
    target = example_book(str(tmp_path / "a.book"))
    english = ok("books", "statement", target, "--period", "2026Q2", "-f", "md")
    chinese = ok("books", "statement", target, "--period", "2026Q2", "-f", "md", "--lang", "zh")
    both = ok("books", "statement", target, "--period", "2026Q2", "-f", "md", "--lang", "zh+en")
    assert english == ok("books", "statement", target, "--period", "2026Q2", "-f", "md", "--lang", "en")
    assert "Statement of the books" in english and "联盟" not in english
    assert "联盟账簿对账单" in chinese and "Statement of the books" not in chinese
    assert "核对：本期收入 25,000.01 已全部分配（分配给成员 25,000.01）。" in chinese
    assert "期末余额" in chinese and "自账簿开立之日起生效" in chinese
    assert "期末余额 / Closing" in both and "Reconciliation: the period's receipts, 25,000.01" in both
    for text in (english, chinese, both):
        assert "13,750.01" in text and "37,700.01" in text
    assert ok("books", "statement", target, "-f", "json", "--lang", "zh") == ok("books", "statement", target,
                                                                                  "-f", "json")
    html = ok("books", "statement", target, "-f", "html", "--lang", "zh")
    assert 'lang="zh' in html and "联盟账簿对账单" in html
