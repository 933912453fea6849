"""Determinism: every bundled scenario, run twice in separate processes, gives byte-identical output.

The two processes differ in everything that may leak into output by accident: the hash seed (the order of sets
and of dicts built from them), the working directory, the temporary directory and the environment's locale.
Each process runs the commands in-process through click's test runner (this file run as a script prints them
all as JSON); a few real command lines (``python -m ipshare.cli``, ``python cli.py``) are compared too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted(p for p in (ROOT / "scenarios").iterdir() if p.suffix in (".yaml", ".json", ".toml"))


def command_lines(scenario):
    """The command lines run on each scenario: allocate in every format (the agreement's rule, and a set that
    mixes exact, LP and seeded sampled rules), the game, the core, the annex, a comparison, the graph, rights and
    simulated risk (seeded)."""
    path = str(scenario)
    lines = [["allocate", path, "-f", fmt] for fmt in ("table", "json", "csv", "markdown")]
    rules = ["-r", "shapley", "-r", "nucleolus", "-r", "shapley-sampled", "--samples", "200"]
    lines += [["allocate", path, *rules, "-f", fmt] for fmt in ("json", "table")]
    lines += [["game", path, "-f", fmt] for fmt in ("table", "json", "csv")]
    lines += [["core", path, "-f", fmt] for fmt in ("table", "json")]
    lines += [["report", path, "-f", "md"], ["compare", path, "-r", "shapley", "-r", "nucleolus", "-f", "json"]]
    lines += [["graph", path, "-f", fmt] for fmt in ("dot", "graphml", "json")]
    lines += [["rights", path, "-f", "json"], ["risk", path, "--samples", "500", "-f", "json"]]
    return lines


def outputs():
    """{command line: [exit status, stdout, stderr]} for every scenario and command line, in this process."""
    from click.testing import CliRunner

    from ipshare.cli import cli

    runner = CliRunner()
    found = {}
    for scenario in SCENARIOS:
        for line in command_lines(scenario.relative_to(ROOT)):
            result = runner.invoke(cli, line, catch_exceptions=False)
            found[" ".join(line)] = [result.exit_code, result.stdout, result.stderr]
    return found


def start_elsewhere(hash_seed, tmp_path, name):
    """A fresh process printing the outputs, with its own hash seed, temporary directory and locale."""
    temporary = tmp_path / name
    temporary.mkdir()
    environment = {
        **os.environ,
        "PYTHONHASHSEED": str(hash_seed),
        "TMPDIR": str(temporary),
        "LC_ALL": "C.UTF-8" if hash_seed % 2 else "C",
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve())],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def collect(process):
    stdout, stderr = process.communicate(timeout=600)
    assert process.returncode == 0, stderr.decode()
    return json.loads(stdout)


def test_bundled_scenarios_give_the_same_bytes_in_two_processes(tmp_path):
    processes = [start_elsewhere(1, tmp_path, "first"), start_elsewhere(2**31 - 1, tmp_path, "second")]
    first, second = (collect(process) for process in processes)
    assert first.keys() == second.keys()
    assert len(first) == len(SCENARIOS) * len(command_lines(SCENARIOS[0]))
    different = [line for line in first if first[line] != second[line]]
    assert not different, f"{len(different)} outputs differ, first: ipshare {different[0]}"
    succeeded = [line for line, (status, _, _) in first.items() if status == 0]
    assert len(succeeded) > len(first) // 2  # most run: the comparison is not of error messages


def test_command_lines_give_the_same_bytes_in_two_processes(tmp_path):
    scenario = "scenarios/battery-alliance.yaml"
    entries = [
        [sys.executable, "-m", "ipshare.cli", "allocate", scenario, "-r", "shapley", "-r", "core-lp", "-f", "json"],
        [sys.executable, "cli.py", "allocate", scenario, "-f", "csv"],
        [sys.executable, "-m", "ipshare.cli", "game", scenario, "-f", "json"],
        [sys.executable, "-m", "ipshare.cli", "core", scenario],
    ]
    for command in entries:
        runs = []
        for seed in (3, 4):
            environment = {**os.environ, "PYTHONHASHSEED": str(seed), "PYTHONPATH": str(ROOT)}
            completed = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, check=True)
            runs.append(completed.stdout)
        assert runs[0] == runs[1], " ".join(command[1:])
        assert runs[0]


# The annex in every format and language, from the bilingual scenario (issue 13): the SHA-256 of each file.
ANNEX_DIGESTS = """
import hashlib, sys, tempfile
from pathlib import Path
from click.testing import CliRunner
from ipshare.cli import cli
out = Path(tempfile.mkdtemp())
for lang in ("en", "zh", "zh+en"):
    for fmt in ("md", "html", "csv", "docx", "xlsx", "pdf"):
        target = out / f"annex-{lang}.{fmt}"
        result = CliRunner().invoke(cli, ["report", "scenarios/battery-alliance-zh.yaml", "-r", "shapley", "-r",
                                          "nucleolus", "--lang", lang, "-o", str(target)])
        assert result.exit_code == 0, result.output
        print(lang, fmt, hashlib.sha256(target.read_bytes()).hexdigest())
"""


def test_the_annex_gives_the_same_bytes_in_every_format_and_language_in_two_processes(tmp_path):
    pytest.importorskip("typst")
    pytest.importorskip("docx")
    runs = []
    for seed, locale in ((5, "C"), (6, "C.UTF-8")):
        temporary = tmp_path / str(seed)
        temporary.mkdir()
        environment = {**os.environ, "PYTHONHASHSEED": str(seed), "PYTHONPATH": str(ROOT), "LC_ALL": locale,
                       "TMPDIR": str(temporary)}
        completed = subprocess.run([sys.executable, "-c", ANNEX_DIGESTS], cwd=ROOT, env=environment,
                                   capture_output=True, text=True, timeout=600)
        assert completed.returncode == 0, completed.stderr
        runs.append(completed.stdout)
    assert runs[0] == runs[1]
    assert len(runs[0].splitlines()) == 18


if __name__ == "__main__":
    sys.stdout.write(json.dumps(outputs(), sort_keys=True))
