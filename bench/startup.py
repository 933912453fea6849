"""Start-up time of the command line, measured as whole processes (issue 7: aims 0.2 s and 0.5 s on 2 cores).

Times ``ipshare --help`` and ``ipshare allocate scenarios/battery-alliance.yaml`` (the agreement's rule, a table)
from process start to exit, best of N and median, beside ``python -c pass`` (the interpreter alone), in two
settings:

- **cached bytecode**: the normal case after ``pip install`` (which compiles the package) or after a first run
  of an editable install. PYTHONDONTWRITEBYTECODE is removed and the bytecode goes to a temporary
  PYTHONPYCACHEPREFIX, warmed by one untimed run.
- **as the environment is**: the inherited environment unchanged. Where it sets PYTHONDONTWRITEBYTECODE=1 (some
  sandboxes and containers do) every run compiles ipshare's sources again.

Then ``python -X importtime`` of the allocate run: the imports that cost most (cumulative, at the top two levels)
and the modules with the largest own time, so a slow start-up can be traced to what imports what.

    python bench/startup.py [--runs 15] [--json figures.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = "scenarios/battery-alliance.yaml"
AIMS = {"help": 0.2, "allocate": 0.5}


def entry_point():
    """The installed console script beside this interpreter (not a version manager's shell shim, which adds its
    own start-up), else ``python -m ipshare.cli``."""
    script = Path(sys.executable).parent / "ipshare"
    if script.is_file():
        return [str(script)], str(script)
    return [sys.executable, "-m", "ipshare.cli"], f"{Path(sys.executable).name} -m ipshare.cli"


def _children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_runs(command, runs, environment):
    """Wall-clock and CPU seconds (user + system, all threads) of ``runs`` whole-process runs (after one untimed
    warm-up run). CPU above wall time means a second thread was busy: with nothing to share, a spinning one."""
    subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, check=True)
    times, cpu = [], []
    for _ in range(runs):
        started, used = time.perf_counter(), _children_cpu()
        subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, check=True)
        times.append(time.perf_counter() - started)
        cpu.append(_children_cpu() - used)
    return {"best": min(times), "median": statistics.median(times), "cpu_median": statistics.median(cpu),
            "runs": runs}


def environments(cache):
    inherited = dict(os.environ)
    cached = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    cached["PYTHONPYCACHEPREFIX"] = cache
    settings = {"cached bytecode": cached}
    if inherited.get("PYTHONDONTWRITEBYTECODE"):
        settings["as the environment is (PYTHONDONTWRITEBYTECODE=1: sources compiled every run)"] = inherited
    else:
        settings["as the environment is"] = inherited
    return settings


def import_times(command_args, environment):
    """(top imports by cumulative time, modules by own time) in ms, from ``python -X importtime``."""
    code = f"import sys; from ipshare.cli import main; sys.argv = ['ipshare', *{command_args!r}]; main()"
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    rows = []
    for line in completed.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        head, cumulative, name = line.split("|")
        own = head.split(":")[1]
        depth = (len(name) - len(name.lstrip(" "))) // 2
        rows.append((name.strip(), depth, int(own) / 1000, int(cumulative) / 1000))
    top = sorted((r for r in rows if r[1] <= 1), key=lambda r: -r[3])
    own = sorted(rows, key=lambda r: -r[2])
    return top, own


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs per command (best and median reported)")
    parser.add_argument("--top", type=int, default=12, help="rows of each import table")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    options = parser.parse_args(argv)

    command, shown = entry_point()
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "help": [*command, "--help"],
        "allocate": [*command, "allocate", SCENARIO],
    }
    print(
        f"# ipshare start-up: {platform.processor() or platform.machine()}, {os.cpu_count()} logical CPUs, "
        f"Python {platform.python_version()}, {platform.system()}"
    )
    print(f"command: {shown}; {options.runs} runs each after one warm-up, wall clock per whole process\n")
    figures = {"entry": shown, "settings": {}}
    with tempfile.TemporaryDirectory(prefix="ipshare-bench-pycache-") as cache:
        settings = environments(cache)
        print("| setting | command | best s | median s | median CPU s | aim s |")
        print("|---|---|---:|---:|---:|---:|")
        for setting, environment in settings.items():
            figures["settings"][setting] = {}
            for name, line in commands.items():
                result = timed_runs(line, options.runs, environment)
                figures["settings"][setting][name] = result
                label = {"help": "ipshare --help", "allocate": f"ipshare allocate {SCENARIO}"}.get(name, name)
                aim = f"{AIMS[name]:.1f}" if name in AIMS else ""
                print(
                    f"| {setting} | `{label}` | {result['best']:.3f} | {result['median']:.3f} | "
                    f"{result['cpu_median']:.3f} | {aim} |"
                )
        top, own = import_times(["allocate", SCENARIO], settings["cached bytecode"])
    print(f"\nimports of `ipshare allocate {SCENARIO}` (cached bytecode, -X importtime), top {options.top}:\n")
    print("| import (top two levels) | cumulative ms | | module | own ms |")
    print("|---|---:|---|---|---:|")
    for (name, _, _, cumulative), (module, _, own_ms, _) in zip(top[: options.top], own[: options.top], strict=False):
        print(f"| {name} | {cumulative:.1f} | | {module} | {own_ms:.1f} |")
    figures["imports_cumulative_ms"] = {name: cumulative for name, _, _, cumulative in top[: options.top]}
    figures["imports_own_ms"] = {name: own_ms for name, _, own_ms, _ in own[: options.top]}
    if options.json:
        options.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
