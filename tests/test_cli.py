"""The command line through click's test runner: outputs, the JSON contract, and bad input (exit 2, one line)."""

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

from ipshare.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
EXAMPLE = SCENARIOS / "worked-example.yaml"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_validate():
    result = run("validate", EXAMPLE)
    assert result.exit_code == 0
    assert result.stdout.startswith("valid: ") and "3 members" in result.stdout


def test_allocate_json_follows_the_contract():
    result = run("allocate", EXAMPLE, "-r", "shapley", "-r", "banzhaf", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    for key in ("ipshare", "scenario", "members", "grand_value", "allocations", "exact"):
        assert key in document
    assert set(document["scenario"]) >= {"name", "sha256"}
    assert document["members"] == ["A", "U", "I"]
    assert document["grand_value"] == pytest.approx(3800 / 11)
    assert document["exact"]["shapley"] == {"A": "100", "U": "2425/11", "I": "25"}
    assert document["allocations"]["shapley"]["U"] == pytest.approx(2425 / 11)
    import hashlib

    assert document["scenario"]["sha256"] == hashlib.sha256(EXAMPLE.read_bytes()).hexdigest()
    # Reconciled money: the rounded column and the percentages add up exactly.
    rounded = document["rounded"]["shapley"]
    assert sum(Fraction(v) for v in rounded.values()) == Fraction("345.45")
    assert sum(Fraction(v) for v in document["percent"]["shapley"].values()) == 100


def test_default_rule_is_the_agreements():
    document = json.loads(run("allocate", SCENARIOS / "standards-pool.yaml", "-f", "json").stdout)
    assert list(document["allocations"]) == ["graph-flow"]


def test_classic_game_members_are_its_players():
    document = json.loads(run("allocate", SCENARIOS / "glove-game.yaml", "-f", "json").stdout)
    assert document["exact"]["shapley"] == {
        document["members"][0]: "2/3",
        **{p: "1/6" for p in document["members"][1:]},
    }


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown"])
def test_other_formats_reconcile(fmt):
    result = run("allocate", EXAMPLE, "-r", "shapley", "-r", "proportional", "-f", fmt)
    assert result.exit_code == 0
    text = result.stdout
    if fmt == "csv":
        import csv

        rows = list(csv.DictReader(text.splitlines()))
        assert len(rows) == 2 * 3
        for rule in ("shapley", "proportional"):
            assert sum(Fraction(r["rounded"]) for r in rows if r["rule"] == rule) == Fraction("345.45")
            assert sum(Fraction(r["percent"]) for r in rows if r["rule"] == rule) == 100
    else:
        assert "345.45" in text and "100.00" in text and "220.45" in text


def test_output_file_written_whole(tmp_path):
    target = tmp_path / "out.json"
    result = run("allocate", EXAMPLE, "-f", "json", "-o", target)
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(target.read_text())["exact"]["shapley"]["A"] == "100"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_output_equal_to_input_is_refused(tmp_path):
    copy = tmp_path / "s.yaml"
    copy.write_bytes(EXAMPLE.read_bytes())
    result = run("allocate", copy, "-o", copy)
    assert result.exit_code == 2
    assert copy.read_bytes() == EXAMPLE.read_bytes()


def test_game_listing():
    document = json.loads(run("game", EXAMPLE, "-f", "json").stdout)
    assert [c["mask"] for c in document["coalitions"]] == list(range(8))
    assert document["coalitions"][3] == {
        "mask": 3,
        "members": ["A", "U"],
        "value": pytest.approx(3250 / 11),
        "exact": "3250/11",
    }
    csv = run("game", EXAMPLE, "-f", "csv").stdout.splitlines()
    assert csv[0] == "mask,coalition,value,exact" and len(csv) == 9
    assert run("game", EXAMPLE, "--max-players", "2").exit_code == 2


@pytest.mark.parametrize("fmt", ["dot", "graphml", "json"])
def test_graph_formats(fmt):
    result = run("graph", SCENARIOS / "battery-alliance.yaml", "-f", fmt)
    assert result.exit_code == 0 and result.stdout


def test_rules_lists_every_rule():
    from ipshare.solutions.registry import RULES

    text = run("rules").stdout
    assert [line.split()[0] for line in text.splitlines()] == list(RULES)
    assert json.loads(run("rules", "-f", "json").stdout).keys() == RULES.keys()


BAD_INPUTS = {
    "broken YAML": ("alliance: {name: [x\n", "not valid YAML"),
    "unknown member": (
        EXAMPLE.read_text().replace("member: U, kind: personnel", "member: Q, kind: personnel"),
        "contributions.CU.member: unknown member 'Q'",
    ),
    "unknown contribution": (
        EXAMPLE.read_text().replace("from: [CU, CI]", "from: [CU, CX]"),
        "patents.P1.from[1]: unknown contribution 'CX'",
    ),
    "unknown patent": (
        EXAMPLE.read_text().replace("requires: [P2]", "requires: [P3]"),
        "revenue.S.requires[0]: unknown patent 'P3'",
    ),
    "negative value": (EXAMPLE.read_text().replace("value: 600", "value: -600"), "contributions.CA.value"),
    "unknown key": (EXAMPLE.read_text().replace("discount_rate:", "discount:"), "did you mean 'discount_rate'"),
    "cyclic builds_on": (
        EXAMPLE.read_text()
        .replace(
            "P2: {title: Product design, from: [CA, CU]}",
            "P2: {title: Product design, from: [CA, CU], builds_on: [P1]}",
        )
        .replace("builds_on: [BG]", "builds_on: [BG, P2]"),
        "cycle",
    ),
    "unknown player in coalition": ("game: {type: table, players: [A, B], values: {'A+C': 1}}\n", "unknown player 'C'"),
    "not a mapping": ("- just\n- a list\n", "must be a mapping"),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
@pytest.mark.parametrize("command", ["validate", "allocate"])
def test_bad_input_exits_2_with_one_line(tmp_path, case, command):
    text, words = BAD_INPUTS[case]
    source = tmp_path / "bad.yaml"
    source.write_text(text)
    output = tmp_path / "out.json"
    args = [command, source] + (["-o", output] if command == "allocate" else [])
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"{source}:") and words in lines[0]
    assert "Traceback" not in result.output
    assert not output.exists()


def test_missing_file_and_unknown_rule(tmp_path):
    result = run("allocate", tmp_path / "none.yaml")
    assert result.exit_code == 2 and result.stderr.strip() == f"{tmp_path / 'none.yaml'}: no such file"
    result = run("allocate", EXAMPLE, "-r", "shaply")
    assert result.exit_code == 2 and "did you mean 'shapley'" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_undefined_rule_is_an_error_not_a_traceback():
    result = run("allocate", SCENARIOS / "glove-game.yaml", "-r", "proportional")
    assert result.exit_code == 2 and result.stderr.startswith("error: ")


def test_python_cli_from_checkout_and_help_is_quick():
    result = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "--help"], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert "allocate" in result.stdout
    # --help must not pull in the heavy modules.
    probe = (
        "import sys; from ipshare.cli import cli; from click.testing import CliRunner; "
        "CliRunner().invoke(cli, ['--help']); "
        "print(sorted(m for m in ('numpy', 'networkx', 'pulp', 'sympy', 'rich', 'yaml') if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    assert loaded.stdout.strip() == "[]"


def test_same_input_same_bytes():
    for fmt in ("json", "csv", "markdown", "table"):
        first = run("allocate", SCENARIOS / "battery-alliance.yaml", "-r", "shapley", "-r", "graph-flow", "-f", fmt)
        second = run("allocate", SCENARIOS / "battery-alliance.yaml", "-r", "shapley", "-r", "graph-flow", "-f", fmt)
        assert first.stdout == second.stdout


@pytest.mark.parametrize("kind", ["fifo", "device", "directory"])
@pytest.mark.parametrize("command", ["allocate", "validate", "schedule"])
def test_a_scenario_that_is_not_a_regular_file_is_one_line_and_never_waits(tmp_path, kind, command):
    """A FIFO named like a scenario used to block for ever waiting for a writer; a link to a device read it."""
    import os

    source = tmp_path / "s.yaml"
    if kind == "fifo":
        os.mkfifo(source)
    elif kind == "device":
        source.symlink_to("/dev/null")
    else:
        source.mkdir()
    result = run(command, source)
    assert result.exit_code == 2 and result.stdout == ""
    expected = "is a directory, not a scenario file" if kind == "directory" else "is not a regular file"
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"{source}: {expected}")
