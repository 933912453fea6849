"""Shared pytest hooks: the fuzz suite's tally, printed at the end of every run that fuzzed (tests/test_fuzz.py)."""

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
