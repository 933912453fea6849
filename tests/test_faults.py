"""Faults: a missing or failing solver, an LP that comes back infeasible or unbounded where it cannot be, numeric
trouble in a nucleolus, an interrupted run, an output path equal to the input.

Each is made to happen on purpose (a solver reported missing, a monkeypatched status or solve, a perturbed
result, Ctrl-C raised inside a command or sent to a running process) and must end in one line naming what failed,
the documented exit status (4 for a computation that stopped without an answer, 130 for Ctrl-C, 2 for bad
input), and no file written, never a silently wrong allocation.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from ipshare.cli import cli, main

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
BATTERY = SCENARIOS / "battery-alliance.yaml"
GLOVE = SCENARIOS / "glove-game.yaml"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def failed(result, status=4):
    assert result.exit_code == status, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


# --------------------------------------------------------------------------------------------------------------
# Solvers


def test_a_missing_cbc_is_named_with_the_alternative(tmp_path, monkeypatch):
    import pulp

    monkeypatch.setattr(pulp.COIN_CMD, "available", lambda self: False)
    monkeypatch.setattr(pulp.PULP_CBC_CMD, "available", lambda self: False)
    output = tmp_path / "out.json"
    line = failed(run("allocate", BATTERY, "-r", "core-lp", "--solver", "cbc", "-o", output))
    assert line == "error: core-lp: the cbc solver is not available on this machine; try --solver highs"
    assert not output.exists()


def test_cbc_when_present_agrees_with_highs():
    from ipshare import lp

    try:
        lp.pulp_solver("cbc")
    except lp.LPError:
        pytest.skip("no CBC on this machine")
    highs = run("allocate", BATTERY, "-r", "core-lp", "-f", "csv")
    cbc = run("allocate", BATTERY, "-r", "core-lp", "--solver", "cbc", "-f", "csv")
    assert highs.exit_code == cbc.exit_code == 0

    def cents(text):  # the rounded column; the unrounded floats may differ in their last digits
        return [line.split(",")[-3:] for line in text.splitlines()]

    assert cents(highs.stdout) == cents(cbc.stdout)


def test_a_missing_highs_is_named_with_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "highspy", None)  # import highspy now fails, as on a machine without it
    line = failed(run("allocate", GLOVE, "-r", "nucleolus"))
    assert line == "error: nucleolus: the HiGHS solver (the highspy package) is not installed: pip install highspy"


@pytest.mark.parametrize(
    "status, words",
    [
        ("kInfeasible", "nucleolus: the linear program is infeasible"),
        ("kUnbounded", "nucleolus: the LP solver (HiGHS) stopped without an optimum: Unbounded"),
        ("kSolveError", "nucleolus: the LP solver (HiGHS) stopped without an optimum"),
    ],
)
def test_an_lp_status_that_cannot_be_right_is_an_error_not_an_answer(tmp_path, monkeypatch, status, words):
    import highspy

    # The nucleolus's LPs are always feasible and bounded (the least core exists); make HiGHS say otherwise.
    monkeypatch.setattr(highspy.Highs, "getModelStatus", lambda self: getattr(highspy.HighsModelStatus, status))
    output = tmp_path / "out.csv"
    line = failed(run("allocate", GLOVE, "-r", "shapley", "-r", "nucleolus", "-f", "csv", "-o", output))
    assert line.startswith(f"error: {words}")
    assert not output.exists()


def test_clause_lps_that_fail_for_no_reason_are_not_reported_as_conflicts(monkeypatch):
    import highspy

    monkeypatch.setattr(highspy.Highs, "getModelStatus", lambda self: highspy.HighsModelStatus.kInfeasible)
    line = failed(run("allocate", BATTERY, "-r", "core-lp"))
    assert line.startswith("error: core-lp:") and "infeasib" in line


def test_a_pulp_solver_that_fails_is_named(monkeypatch):
    import pulp

    from ipshare import lp

    def broken(self, solver=None, **kwargs):
        raise pulp.PulpSolverError("cbc: executable crashed")

    monkeypatch.setattr(pulp.LpProblem, "solve", broken)
    monkeypatch.setattr(lp, "pulp_solver", lambda name=None: None)
    model = lp.PulpLP([1.0], [0.0], [1.0])
    with pytest.raises(lp.LPError, match="the LP solver failed: cbc: executable crashed"):
        model.solve()


def test_numeric_trouble_in_a_nucleolus_is_reported_not_returned(tmp_path, monkeypatch):
    from ipshare.solutions import nucleolus as module

    original = module._sequence

    def perturbed(*args, **kwargs):
        x, stages, rows = original(*args, **kwargs)
        return x + np.linspace(-0.05, 0.05, len(x)), stages, rows

    monkeypatch.setattr(module, "_sequence", perturbed)
    output = tmp_path / "out.json"
    line = failed(run("allocate", SCENARIOS / "sweden-water.yaml", "-r", "nucleolus", "-f", "json", "-o", output))
    assert line.startswith("error: nucleolus: ") and ("numeric trouble" in line or "certificate" in line.lower())
    assert not output.exists()


# --------------------------------------------------------------------------------------------------------------
# Ctrl-C


def test_ctrl_c_inside_a_command_exits_130_and_leaves_no_file(tmp_path, monkeypatch, capsys):
    from ipshare.report import allocation as report

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(report, "render_json", interrupted)
    output = tmp_path / "out.json"
    with pytest.raises(SystemExit) as exit_:
        main(["allocate", str(BATTERY), "-f", "json", "-o", str(output)])
    assert exit_.value.code == 130
    assert capsys.readouterr().err.strip() == "interrupted"
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_while_the_file_is_written_leaves_the_old_file_whole(tmp_path, monkeypatch, capsys):
    from ipshare import output as module

    output = tmp_path / "out.json"
    output.write_text("the previous annex\n")

    def interrupted(source, target):
        assert Path(source).stat().st_size > 0  # the new text is all in the temporary file, not yet in place
        raise KeyboardInterrupt

    monkeypatch.setattr(module.os, "replace", interrupted)
    with pytest.raises(SystemExit) as exit_:
        main(["allocate", str(BATTERY), "-f", "json", "-o", str(output)])
    assert exit_.value.code == 130
    assert output.read_text() == "the previous annex\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary file left beside it


def test_ctrl_c_through_the_test_runner_is_exit_130_too(monkeypatch):
    from ipshare.report import allocation as report

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(report, "render_table", interrupted)
    result = CliRunner().invoke(cli, ["allocate", str(BATTERY)])
    assert result.exit_code == 130 and result.stderr.strip() == "interrupted"


def cpu_seconds(pid):
    """User and system CPU time of a running process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads a process's CPU time from /proc")
def test_sigint_to_a_running_process_exits_130_and_leaves_no_file(tmp_path):
    output = tmp_path / "out.json"
    command = [
        sys.executable,
        "-m",
        "ipshare.cli",
        "allocate",
        str(SCENARIOS / "standards-pool.yaml"),
        "-r",
        "shapley-sampled",
        "--samples",
        str(10**9),
        "--time-limit",
        "300",
        "-f",
        "json",
        "-o",
        str(output),
    ]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # Wait until it is sampling (10^9 samples take minutes): imports take well under a second of CPU, so a second
    # and a half of it means the command is running, however loaded the machine is.
    waited = time.monotonic()
    while cpu_seconds(process.pid) < 1.5 and time.monotonic() - waited < 60:
        assert process.poll() is None, process.communicate()
        time.sleep(0.1)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 130, stderr
    assert stderr.strip().splitlines()[-1] == "interrupted" and "Traceback" not in stderr
    assert stdout == "" and list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------------------------------------------
# SIGTERM: like Ctrl-C, exit 143


def command(*args):
    return [sys.executable, "-m", "ipshare.cli", *map(str, args)]


def wait_for_cpu(pid, seconds, limit=60):
    """Until the process has used ``seconds`` of CPU: it is at work by then, however loaded the machine is."""
    waited = time.monotonic()
    while cpu_seconds(pid) < seconds and time.monotonic() - waited < limit:
        time.sleep(0.05)


def children(pid):
    """The processes whose parent is ``pid``, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def alive(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@contextlib.contextmanager
def spawned(args):
    """A process in a session of its own, and whatever it started ended by that session's id afterwards, so that
    a failing test leaves no process behind."""
    process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        yield process
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.communicate()


def ended(process, status, words):
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == status, stderr
    assert stderr.strip().splitlines()[-1] == words and "Traceback" not in stderr
    return stdout


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads a process's CPU time from /proc")
def test_sigterm_to_a_running_process_exits_143_and_leaves_no_file(tmp_path):
    output = tmp_path / "out.json"
    with spawned(command("allocate", SCENARIOS / "standards-pool.yaml", "-r", "shapley-sampled", "--samples",
                         10**9, "--time-limit", 300, "-o", output)) as process:
        wait_for_cpu(process.pid, 1.5)
        assert process.poll() is None, process.communicate()
        process.send_signal(signal.SIGTERM)
        assert ended(process, 143, "terminated") == ""
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_sigterm_while_the_file_is_written_leaves_no_temporary_file_and_the_old_file_whole(tmp_path):
    # The disk made slow where it matters: fsync of the new file sleeps, so the signal comes while the
    # temporary file exists beside the old one. Before, SIGTERM killed the process there and left it behind.
    output = tmp_path / "out.json"
    output.write_text("the signed version")
    slow_disk = (
        "import os, sys, time\n"
        "os.fsync = lambda handle: time.sleep(120)\n"
        "from ipshare.cli import main\n"
        "main(sys.argv[1:])\n"
    )
    with spawned([sys.executable, "-c", slow_disk, "allocate", str(BATTERY), "-o", str(output)]) as process:
        waited = time.monotonic()
        while len(list(tmp_path.iterdir())) < 2 and time.monotonic() - waited < 60:
            assert process.poll() is None, process.communicate()
            time.sleep(0.05)
        (temporary,) = [p.name for p in tmp_path.iterdir() if p.name != "out.json"]
        assert temporary.startswith(".out.json.")
        process.send_signal(signal.SIGTERM)
        ended(process, 143, "terminated")
    assert output.read_text() == "the signed version"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def slow_sweep(output, workers=2):
    """A sweep of 10,000 nucleolus points: minutes of work for the workers."""
    return command("sweep", BATTERY, "--param", "alliance.discount_rate", "--from", 0, "--to", "0.1", "--steps",
                   10_000, "-r", "nucleolus", "--workers", workers, "-o", output)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
@pytest.mark.parametrize(("sent", "status", "words"), [(signal.SIGTERM, 143, "terminated"),
                                                      (signal.SIGINT, 130, "interrupted")])
def test_a_signal_to_a_parallel_sweep_ends_its_workers(tmp_path, sent, status, words):
    # Sent to the parent alone (kill PID, a job scheduler), not to the process group as a terminal's Ctrl-C is:
    # the workers get nothing, so the sweep must end them. Before, SIGTERM left both running as orphans.
    output = tmp_path / "sweep.json"
    with spawned(slow_sweep(output)) as process:
        waited = time.monotonic()
        workers = []
        while time.monotonic() - waited < 60:
            assert process.poll() is None, process.communicate()
            workers = children(process.pid)
            if len(workers) == 2 and all(cpu_seconds(pid) > 0.3 for pid in workers if alive(pid)):
                break
            time.sleep(0.05)
        assert len(workers) == 2
        process.send_signal(sent)
        ended(process, status, words)
        waited = time.monotonic()
        while any(alive(pid) for pid in workers) and time.monotonic() - waited < 10:
            time.sleep(0.05)
        assert not any(alive(pid) for pid in workers), "a worker outlived the sweep"
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------------------------------------------
# Output paths


COMMANDS_WITH_OUTPUT = {
    "allocate": [],
    "game": [],
    "graph": [],
    "core": [],
    "whatif": ["--set", "revenue.S.probability=0.5"],
    "sweep": ["--param", "alliance.discount_rate", "--from", "0", "--to", "0.1", "--steps", "3", "--workers", "1"],
    "compare": ["-r", "shapley"],
    "report": [],
    "rights": [],
    "risk": [],
    "withdraw": ["-m", "U"],
}


@pytest.mark.parametrize("command", list(COMMANDS_WITH_OUTPUT))
def test_an_output_path_equal_to_the_input_is_refused_by_every_command(tmp_path, command):
    source = tmp_path / "s.yaml"
    original = (SCENARIOS / "worked-example.yaml").read_bytes()
    source.write_bytes(original)
    same = tmp_path / "sub" / ".." / "s.yaml"  # the same file, spelt differently
    (tmp_path / "sub").mkdir()
    result = run(command, source, *COMMANDS_WITH_OUTPUT[command], "-o", same)
    assert result.exit_code == 2, result.output
    assert "is the scenario file itself" in result.stderr
    assert source.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.yaml", "sub"]


def test_an_output_through_a_symlink_to_the_input_is_refused(tmp_path):
    source = tmp_path / "s.yaml"
    source.write_bytes((SCENARIOS / "worked-example.yaml").read_bytes())
    link = tmp_path / "link.yaml"
    os.symlink(source, link)
    assert run("allocate", source, "-o", link).exit_code == 2
    assert source.read_bytes() == (SCENARIOS / "worked-example.yaml").read_bytes()


def test_the_plot_and_the_output_of_a_sweep_are_not_the_input(tmp_path):
    pytest.importorskip("matplotlib")
    source = tmp_path / "s.yaml"
    source.write_bytes((SCENARIOS / "worked-example.yaml").read_bytes())
    result = run("plot", source, "-o", tmp_path / "s.yaml")
    assert result.exit_code == 2
    assert source.read_bytes() == (SCENARIOS / "worked-example.yaml").read_bytes()
