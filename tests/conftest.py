"""Shared pytest hooks: the fuzz suite's tally, printed at the end of every run that fuzzed (tests/test_fuzz.py), and
CI's rule that a test skipped for a missing package or program fails."""

import os
from collections import Counter

import pytest

FUZZ_TALLY = pytest.StashKey[Counter]()


@pytest.fixture(scope="session")
def fuzz_tally(request):
    """Counts of fuzzed inputs by outcome (``accepted``, ``exit 2`` …), summed over the fuzz tests of the run."""
    return request.config.stash.setdefault(FUZZ_TALLY, Counter())


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    counts = config.stash.get(FUZZ_TALLY, None)
    if not counts:
        return
    # Outcomes are counted once per input; "hostile text: CLASS" counts the inputs that held such text.
    hostile = {key: count for key, count in counts.items() if key.startswith("hostile text: ")}
    tally = Counter({key: count for key, count in counts.items() if key not in hostile})
    total = sum(tally.values())
    rejected = total - tally["accepted"]
    statuses = ", ".join(f"{count} {outcome}" for outcome, count in sorted(tally.items()) if outcome != "accepted")
    terminalreporter.write_line(
        f"fuzz: {total} inputs, {tally['accepted']} accepted, {rejected} rejected cleanly"
        + (f" ({statuses})" if statuses else "")
    )
    if hostile:
        terminalreporter.write_line(
            "fuzz: inputs with hostile text, by class: "
            + ", ".join(f"{key.removeprefix('hostile text: ')} {count}" for key, count in sorted(hostile.items()))
        )


# In CI (.ci/run sets IPSHARE_CI) a test skipped because a package or program is missing is a failure: .ci/run
# installs everything the suite needs, so such a skip means an install step broke and the test never ran.
MISSING = ("not installed", "could not import", "no module named")


def _missing_dependency(report):
    if not report.skipped or not os.environ.get("IPSHARE_CI"):
        return False
    reason = str(report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr).lower()
    return any(marker in reason for marker in MISSING)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if _missing_dependency(report):
        report.outcome = "failed"


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield
    report = outcome.get_result()
    if _missing_dependency(report):
        report.outcome = "failed"
