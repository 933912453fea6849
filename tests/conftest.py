"""Shared pytest hooks: the fuzz suite's tally, printed at the end of every run that fuzzed (tests/test_fuzz.py)."""

from collections import Counter

import pytest

FUZZ_TALLY = pytest.StashKey[Counter]()


@pytest.fixture(scope="session")
def fuzz_tally(request):
    """Counts of fuzzed inputs by outcome (``accepted``, ``exit 2`` …), summed over the fuzz tests of the run."""
    return request.config.stash.setdefault(FUZZ_TALLY, Counter())


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    tally = config.stash.get(FUZZ_TALLY, None)
    if not tally:
        return
    total = sum(tally.values())
    rejected = total - tally["accepted"]
    statuses = ", ".join(f"{count} {outcome}" for outcome, count in sorted(tally.items()) if outcome != "accepted")
    terminalreporter.write_line(
        f"fuzz: {total} inputs, {tally['accepted']} accepted, {rejected} rejected cleanly"
        + (f" ({statuses})" if statuses else "")
    )
