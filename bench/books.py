"""Benchmark: a large book. ``python bench/books.py [--entries 100000] [--periods 40] [--book PATH_OR_URL]``.

Builds a book of the first example's alliance (scenarios/books/cost-recovery.yaml: recovery of patent costs, a
fee, a split by each licence's Shapley shares) with ``--entries`` entries spread over ``--periods`` quarters
(receipts from both licences, patent and travel expenses, payments of what members are owed), closes every
period, prints every period's statement as JSON and as a table, and verifies the book. Prints the seconds each
phase took. The book is a new SQLite file in a temporary folder unless ``--book`` names one (a PostgreSQL URL: an
empty database). Amounts are drawn from a seeded generator (``--seed``), so every run builds the same book.
"""

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ipshare.books import ledger  # noqa: E402
from ipshare.report.statements import render_statement  # noqa: E402

SCENARIO = ROOT / "scenarios" / "books" / "cost-recovery.yaml"


class _Clock:
    """Wall-clock and CPU seconds together (a shared machine's wall clock includes other processes' turns)."""

    def __init__(self, wall, cpu):
        self.wall, self.cpu = wall, cpu

    def __sub__(self, other):
        return _Clock(self.wall - other.wall, self.cpu - other.cpu)

    def __add__(self, other):
        return _Clock(self.wall + other.wall, self.cpu + other.cpu)


def _now():
    return _Clock(time.perf_counter(), time.process_time())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--periods", type=int, default=40)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--book", help="where the book goes (default: a new SQLite file in a temporary folder)")
    options = parser.parse_args(argv)
    folder = tempfile.TemporaryDirectory(prefix="ipshare-bench-books-")
    target = options.book or str(Path(folder.name) / "bench.book")
    rng = random.Random(options.seed)
    timings = {}

    started = _now()
    database = ledger.init_book(target, SCENARIO)
    ids = []
    for index in range(options.periods):
        year, quarter = 2026 + index // 4, index % 4
        first = f"{year}-{3 * quarter + 1:02d}-01"
        last = f"{year}-{3 * quarter + 3:02d}-{30 if quarter in (1, 2) else 31}"
        ids.append(f"{year}Q{quarter + 1}")
        ledger.add_period(database, ids[-1], first, last)
    timings["init and periods"] = _now() - started

    per_period = options.entries // options.periods
    record_seconds = close_seconds = _Clock(0.0, 0.0)
    owed = {"JH": 0, "XU": 0}
    for index, period in enumerate(ids):
        rows = []
        for number in range(per_period):
            draw = rng.random()
            if draw < 0.6:
                rows.append({"entry": "receipt", "period": period, "source": rng.choice(("L1", "L2")),
                             "amount": f"{rng.randint(100, 2_000_000) / 100:.2f}", "ref": f"R{index}-{number}"})
            elif draw < 0.9 or not any(owed.values()):
                rows.append({"entry": "expense", "period": period, "member": rng.choice(("JH", "XU")),
                             "kind": rng.choice(("patent", "travel")),
                             "amount": f"{rng.randint(100, 500_000) / 100:.2f}"})
            else:
                member = max(owed, key=owed.get)
                amount = min(owed[member], rng.randint(100, 1_000_000))
                if amount <= 0:
                    continue
                owed[member] -= amount
                rows.append({"entry": "payment", "period": period, "member": member, "amount": f"{amount / 100:.2f}"})
        started = _now()
        ledger.record(database, rows)
        record_seconds += _now() - started
        started = _now()
        figures = ledger.close(database, period)
        close_seconds += _now() - started
        for member, line in figures.lines.items():
            owed[member] = int(line["closing"] * 100)
    timings[f"record {per_period * len(ids)} entries"] = record_seconds
    timings[f"close {len(ids)} periods"] = close_seconds

    started = _now()
    data = ledger.book_figures(database)
    json_text = render_statement(data, "json")
    timings["statement of every period, JSON"] = _now() - started
    started = _now()
    table = render_statement(data, "table", width=120)
    timings["statement of every period, table"] = _now() - started
    started = _now()
    problems = ledger.verify(database)
    timings["verify (chain and recompute every period)"] = _now() - started

    print(f"book: {target}; {len(ids)} periods, {per_period * len(ids)} entries; statement JSON {len(json_text):,} "
          f"characters, table {len(table):,}")
    print(f"{'phase':45s} {'wall s':>8s} {'CPU s':>8s}")
    for phase, seconds in timings.items():
        print(f"{phase:45s} {seconds.wall:8.2f} {seconds.cpu:8.2f}")
    database.dispose()
    folder.cleanup()
    if problems:
        print("verify found problems:", *problems[:5], sep="\n  ")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
