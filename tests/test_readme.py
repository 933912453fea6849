"""README.md, docs/output.md and .ci/run agree with the code: CI runs exactly the test command the README gives,
both commands install into a virtual environment, the README's Python example runs as written (doctest), and
docs/output.md lists every key each command's JSON has."""

import doctest
import json
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from ipshare.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def code_blocks(text, language="bash"):
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


def two_commands():
    """The main command and the test command of "Two commands"."""
    section = README.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    blocks = [block.strip() for block in code_blocks(section)]
    main = next(block for block in blocks if "ipshare allocate" in block)
    test = next(block for block in blocks if "pytest" in block)
    return main, test


def test_ci_runs_the_readme_test_command():
    _, test_command = two_commands()
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert test_command in ci_lines


def test_main_command_names_a_bundled_scenario():
    main_command, _ = two_commands()
    scenario = re.search(r"ipshare allocate (\S+)", main_command).group(1)
    assert (ROOT / scenario).is_file()


@pytest.mark.parametrize("which", ["main", "test"])
def test_both_commands_create_and_use_a_virtual_environment(which):
    """PEP 668: a stock Debian/Ubuntu Python refuses `pip install` outside a virtual environment, so each command
    makes one and runs every program from it (never a bare pip, python3 -m pip or ipshare)."""
    command = dict(zip(("main", "test"), two_commands(), strict=True))[which]
    steps = [shlex.split(step) for step in command.split("&&")]
    assert steps[0] == ["python3", "-m", "venv", ".venv"]
    for step in steps[1:]:
        program = next(word for word in step if "=" not in word)  # after any VARIABLE=value
        assert program.startswith(".venv/bin/"), f"{' '.join(step)} does not run from the virtual environment"
    assert any(step[:2] == [".venv/bin/pip", "install"] for step in steps)
    assert "python3 -m pip" not in command


def test_the_readme_says_why_and_what_pip_does():
    section = README.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    assert "externally-managed-environment" in section and "PEP 668" in section
    assert "python3-venv" in section  # Debian and Ubuntu ship venv separately


def test_the_python_example_runs_as_written(monkeypatch):
    """Every ```python block of the README, run as a doctest from the root of the checkout."""
    pytest.importorskip("pandas")
    monkeypatch.chdir(ROOT)
    blocks = code_blocks(README, "python")
    assert blocks and all(">>> " in block for block in blocks), "write the README's Python as a doctest session"
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for number, block in enumerate(blocks):
        test = parser.get_doctest(block, {}, f"README.md python block {number + 1}", "README.md", 0)
        runner.run(test)
    results = runner.summarize(verbose=False)
    assert results.attempted > 5 and results.failed == 0


# -- docs/output.md lists every key ------------------------------------------------------------------------------

OUTPUT = (ROOT / "docs" / "output.md").read_text()
SCENARIOS = ROOT / "scenarios"


def documented_keys(section_title):
    """The keys a section of docs/output.md lists (a ``##`` section with its subsections, or one ``###``
    subsection): the first column of its tables, and of the table of keys every document begins with."""
    if f"\n## {section_title}\n" in OUTPUT:
        section = OUTPUT.split(f"\n## {section_title}\n", 1)[1].split("\n## ", 1)[0]
    else:
        section = re.split(r"\n### |\n## ", OUTPUT.split(f"\n### {section_title}\n", 1)[1], maxsplit=1)[0]
    common = OUTPUT.split("## `ipshare allocate", 1)[0]
    return set(re.findall(r"^\| `([^`]+)` \|", section + common, flags=re.M))


def run_json(*arguments):
    result = CliRunner().invoke(cli, [str(argument) for argument in arguments])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def flat_keys(document, prefix="", depth=1):
    keys = set()
    for key, value in document.items():
        keys.add(prefix + key)
        if depth > 0 and isinstance(value, dict):
            keys |= flat_keys(value, f"{prefix}{key}.", depth - 1)
    return keys


def test_allocate_json_keys_are_documented():
    documented = documented_keys("`ipshare allocate --format json`")
    documents = [
        run_json("allocate", SCENARIOS / "battery-alliance.yaml", "-r", "proportional", "-r", "core-lp", "-f", "json"),
        run_json("allocate", SCENARIOS / "fuel-cell-alliance.yaml", "-r", "shapley-sampled", "--samples", "20",
                 "-f", "json", "--set", "alliance.discount_rate=0.05"),
    ]
    for document in documents:
        top = set(document)
        assert top <= documented, sorted(top - documented)
        assert {f"scenario.{key}" for key in document["scenario"]} <= documented
        assert {f"rounding.{key}" for key in document["rounding"]} <= documented
        for rule_block in document.get("clauses", {}).values():
            assert {f"clauses.RULE.{key}" for key in rule_block} <= documented
    assert {"clauses", "council", "stderr", "details", "scenario.overrides"} <= {
        key for document in documents for key in flat_keys(document)
    }  # the optional blocks really were produced, so the check above covered them


@pytest.mark.parametrize(
    "title, arguments",
    [
        ("`ipshare core -f json`", ("core", SCENARIOS / "worked-example.yaml")),
        ("`ipshare game -f json`", ("game", SCENARIOS / "worked-example.yaml")),
        ("`ipshare graph -f json`", ("graph", SCENARIOS / "worked-example.yaml")),
        ("`ipshare whatif -f json`", ("whatif", SCENARIOS / "worked-example.yaml", "--set",
                                      "revenue.L.probability=0.3", "--drop", "I")),
        ("`ipshare sweep -f json`", ("sweep", SCENARIOS / "worked-example.yaml", "--param", "revenue.L.probability",
                                     "--from", "0", "--to", "1", "--steps", "2", "--workers", "1")),
        ("`ipshare sweep -f json`", ("sweep", SCENARIOS / "worked-example.yaml", "--param", "revenue.L.probability",
                                     "--from", "0", "--to", "1", "--symbolic")),
        ("`ipshare compare -f json`", ("compare", SCENARIOS / "worked-example.yaml", "-r", "shapley")),
        ("`ipshare rights -f json`", ("rights", SCENARIOS / "fuel-cell-lead.yaml")),
        ("`ipshare risk -f json`", ("risk", SCENARIOS / "fuel-cell-alliance.yaml", "--samples", "1000")),
        ("`ipshare withdraw -f json`", ("withdraw", SCENARIOS / "fuel-cell-alliance.yaml", "-m", "CI")),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_other_commands_json_keys_are_documented(title, arguments):
    document = run_json(*arguments, "-f", "json")
    documented = documented_keys(title.replace("## ", ""))
    if title.startswith("`ipshare graph"):
        # Documented in a sentence, not a table: node-link form.
        section = OUTPUT.split("### `ipshare graph -f json`", 1)[1].split("\n### ", 1)[0]
        assert all(f"`{key}`" in section for key in document)
        return
    undocumented = set(document) - documented
    assert not undocumented, sorted(undocumented)
