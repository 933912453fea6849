"""``--at DATE`` across the commands (docs/time-and-place.md, "The outputs say the day"): allocate and compare show
the day they are computed at (title, Markdown, CSV, JSON), and whatif, sweep, report, rights and risk take the
alliance as it stands that day. The figures are those of scenarios/staged-alliance.yaml, worked in its header:

- on 2024-06-01 only UA and EB are members, P3 is not filed, and L2 is not signed: L1's 100,000 (5 % of 2,000,000)
  goes half to P1 (UA and EB 25,000 each, by their equal contributions) and half to EB's P2: UA 25,000, EB 75,000;
  at a rate of t it is UA 2,000,000·t/4 = 500,000·t and EB 1,500,000·t (at 10 %: UA 50,000, EB 150,000);
- on 2025-08-01 P2 has lapsed: L1 needs only P1 (UA, EB half each) and L2's 200,000 goes half to P1 and half to
  NC's P3: UA 100,000, EB 100,000, NC 100,000; with L1 at 10 % (200,000 to P1): UA 150,000, EB 150,000.
"""

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ipshare.cli import cli

ROOT = Path(__file__).resolve().parent.parent
STAGED = ROOT / "scenarios" / "staged-alliance.yaml"
GLOVE = ROOT / "scenarios" / "glove-game.yaml"
RATE = "revenue.L1.royalty.rate"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def ok(*args):
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


# -- allocate and compare show the day ---------------------------------------------------------------------------


def test_allocate_at_shows_the_day_in_every_format():
    table = ok("allocate", STAGED, "--at", "2024-06-01")
    assert "Staged battery-materials alliance, as at 2024-06-01" in " ".join(table.split())
    markdown = ok("allocate", STAGED, "--at", "2024-06-01", "-f", "markdown")
    assert markdown.startswith("**Staged battery-materials alliance, as at 2024-06-01**")
    document = json.loads(ok("allocate", STAGED, "--at", "2024-06-01", "-f", "json"))
    assert document["at"] == "2024-06-01" and document["scenario"]["at"] == "2024-06-01"
    assert document["exact"]["graph-flow"] == {"UA": "25000", "EB": "75000"}
    rows = list(csv.DictReader(io.StringIO(ok("allocate", STAGED, "--at", "2024-06-01", "-f", "csv"))))
    assert [(r["member"], r["rounded"], r["at"]) for r in rows] == [("UA", "25000.00", "2024-06-01"),
                                                                      ("EB", "75000.00", "2024-06-01")]


def test_allocate_without_at_says_it_is_undated():
    document = json.loads(ok("allocate", STAGED, "-f", "json"))
    assert document["at"] is None and "at" not in document["scenario"]
    assert "at" not in next(csv.reader(io.StringIO(ok("allocate", STAGED, "-f", "csv"))))
    assert "as at" not in ok("allocate", STAGED)


def test_compare_at_shows_the_day_in_every_format():
    table = ok("compare", STAGED, "-r", "graph-flow", "--at", "2025-08-01")
    assert "Staged battery-materials alliance, as at 2025-08-01: rules compared" in " ".join(table.split())
    document = json.loads(ok("compare", STAGED, "-r", "graph-flow", "--at", "2025-08-01", "-f", "json"))
    (comparison,) = document["comparisons"]
    assert comparison["at"] == "2025-08-01" and comparison["scenario"]["at"] == "2025-08-01"
    assert comparison["rules"]["graph-flow"]["rounded"] == {"UA": "100000.00", "EB": "100000.00", "NC": "100000.00"}
    rows = list(csv.DictReader(io.StringIO(ok("compare", STAGED, "-r", "graph-flow", "--at", "2025-08-01",
                                              "-f", "csv"))))
    assert {r["at"] for r in rows} == {"2025-08-01"} and len(rows) == 3
    undated = json.loads(ok("compare", STAGED, "-r", "graph-flow", "-f", "json"))["comparisons"][0]
    assert undated["at"] is None


# -- whatif, sweep, report, rights, risk at a date ---------------------------------------------------------------


def test_whatif_at_a_date():
    document = json.loads(ok("whatif", STAGED, "--set", f"{RATE}=0.1", "--at", "2024-06-01", "-f", "json"))
    assert document["scenario"]["at"] == "2024-06-01"
    assert document["baseline"]["exact_grand_value"] == "100000"
    assert document["baseline"]["rounded"]["graph-flow"] == {"UA": "25000.00", "EB": "75000.00"}
    assert document["whatif"]["rounded"]["graph-flow"] == {"UA": "50000.00", "EB": "150000.00"}
    rows = list(csv.DictReader(io.StringIO(ok("whatif", STAGED, "--set", f"{RATE}=0.1", "--at", "2024-06-01",
                                              "-f", "csv"))))
    assert [(r["member"], r["baseline"], r["whatif"], r["at"]) for r in rows] == [
        ("UA", "25000.00", "50000.00", "2024-06-01"), ("EB", "75000.00", "150000.00", "2024-06-01")]
    table = ok("whatif", STAGED, "--set", f"{RATE}=0.1", "--at", "2024-06-01")
    assert "as at 2024-06-01: what if" in " ".join(table.split())


def test_sweep_at_a_date():
    document = json.loads(ok("sweep", STAGED, "--param", RATE, "--from", "0.05", "--to", "0.1", "--steps", "2",
                             "--at", "2025-08-01", "-f", "json"))
    assert document["scenario"]["at"] == "2025-08-01"
    assert [p["exact"]["graph-flow"] for p in document["points"]] == [
        {"UA": "100000", "EB": "100000", "NC": "100000"},
        {"UA": "150000", "EB": "150000", "NC": "100000"},
    ]
    rows = list(csv.DictReader(io.StringIO(ok("sweep", STAGED, "--param", RATE, "--from", "0.05", "--to", "0.1",
                                              "--steps", "2", "--at", "2025-08-01", "-f", "csv"))))
    assert [(r["graph-flow:UA"], r["graph-flow:NC"], r["at"]) for r in rows] == [
        ("100000.00", "100000.00", "2025-08-01"), ("150000.00", "100000.00", "2025-08-01")]
    table = ok("sweep", STAGED, "--param", RATE, "--from", "0.05", "--to", "0.1", "--steps", "2", "--at", "2025-08-01")
    assert "as at 2025-08-01: sweep of" in " ".join(table.split())


def test_symbolic_sweep_at_a_date():
    document = json.loads(ok("sweep", STAGED, "--param", RATE, "--from", "0.05", "--to", "0.1", "--symbolic",
                             "--at", "2024-06-01", "-f", "json"))
    assert document["members"] == ["UA", "EB"]  # NC is not a member yet
    assert {m: [(p["slope"], p["intercept"]) for p in pieces] for m, pieces in document["pieces"]["graph-flow"].items()
            } == {"UA": [("500000", "0")], "EB": [("1500000", "0")]}


def test_report_at_a_date_says_as_at():
    annex = ok("report", STAGED, "--at", "2024-06-01")
    assert annex.startswith("# Annex: allocation of benefits — Staged battery-materials alliance, as at 2024-06-01")
    assert "Nanchuan Cells" not in annex and "25,000.00" in annex and "75,000.00" in annex
    assert "Nanchuan Cells" in ok("report", STAGED, "--at", "2025-08-01")
    assert "ipshare report staged-alliance.yaml --rule graph-flow --at 2024-06-01" in annex  # to reproduce it
    html = ok("report", STAGED, "--at", "2024-06-01", "-f", "html")
    assert "<title>Annex: allocation of benefits — Staged battery-materials alliance, as at 2024-06-01</title>" in html


def test_rights_at_a_date():
    document = json.loads(ok("rights", STAGED, "--at", "2024-06-01", "-f", "json"))
    assert document["scenario"]["at"] == "2024-06-01"
    assert document["members"] == ["UA", "EB"] and list(document["patents"]) == ["P1", "P2"]  # P3 not filed yet
    later = json.loads(ok("rights", STAGED, "--at", "2025-03-01", "-f", "json"))
    assert later["members"] == ["UA", "EB", "NC"] and "P3" in later["patents"]
    assert "as at 2024-06-01: rights" in " ".join(ok("rights", STAGED, "--at", "2024-06-01").split())


def test_risk_at_a_date():
    document = json.loads(ok("risk", STAGED, "--at", "2024-06-01", "-f", "json"))
    assert document["scenario"]["at"] == "2024-06-01" and document["members"] == ["UA", "EB"]
    assert document["benefit"]["values"] == {"UA": 25000.0, "EB": 75000.0}  # the net position uses the day's benefit
    assert "as at 2024-06-01: cost and risk" in " ".join(ok("risk", STAGED, "--at", "2024-06-01").split())


# -- the same one-line errors on every command -------------------------------------------------------------------

COMMANDS = [
    ("allocate",),
    ("compare",),
    ("whatif", "--set", f"{RATE}=0.1"),
    ("sweep", "--param", RATE, "--from", "0.05", "--to", "0.1", "--steps", "2"),
    ("sweep", "--param", RATE, "--from", "0.05", "--to", "0.1", "--symbolic"),
    ("report",),
    ("rights",),
    ("risk",),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:1] + c[-1:]))
def test_a_date_before_anyone_joined_is_one_line_exit_2(command):
    result = run(command[0], STAGED, *command[1:], "--at", "2023-12-31")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "error: no member is a member on 2023-12-31: the alliance has no members then"
    ]


@pytest.mark.parametrize("command", [("whatif", "--drop", "R2"), ("rights",), ("risk",), ("report",)],
                         ids=lambda c: c[0])
def test_a_classic_game_has_no_dates(command):
    result = run(command[0], GLOVE, *command[1:], "--at", "2024-06-01")
    assert result.exit_code == 2
    assert "--at needs an alliance scenario" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:1] + c[-1:]))
def test_a_bad_date_is_a_usage_error(command):
    result = run(command[0], STAGED, *command[1:], "--at", "2024-13-01")
    assert result.exit_code == 2
    assert "is not a date written YYYY-MM-DD" in result.stderr


def test_withdraw_at_says_the_day():
    table = ok("withdraw", STAGED, "-m", "EB", "--at", "2025-08-01", "--successor", "NC")
    assert "Staged battery-materials alliance: EB withdraws on 2025-08-01 (graph-flow)" in " ".join(table.split())
    document = json.loads(ok("withdraw", STAGED, "-m", "EB", "--at", "2025-08-01", "--successor", "NC", "-f", "json"))
    assert document["scenario"]["at"] == "2025-08-01"


def test_the_annex_says_the_day_in_each_language():
    chinese = ok("report", STAGED, "--at", "2024-06-01", "--lang", "zh")
    assert chinese.startswith("# 附件：收益分配 — Staged battery-materials alliance（截至 2024-06-01）")
    assert "--at 2024-06-01 --lang zh" in chinese  # the command that reproduces it
