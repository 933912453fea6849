"""Recompute time of the negotiation room (ipshare serve): each bundled scenario, one change after another.

    PYTHONPATH=. python3 bench/room.py [--changes 5] [--rules shapley,nucleolus] [--marks]

For every scenario in scenarios/ the room is opened (the file read once, the baseline computed), then each of
the first terms on the table is moved to a few values in its range and the view is recomputed and rendered as
the page's fragment (what one change costs the server: load the changed scenario from the same bytes, build
its game, allocate under the agreement's rule and the comparison rules, round, check the clauses, write HTML).
Prints the median and the largest time per change, per scenario. With --marks, also the time the background
thread takes to recompute every term's exact breakpoints under that change (Room.marks_later, which a view never
waits for).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ipshare.errors import IpshareError  # noqa: E402
from ipshare.room.engine import Room, number_text  # noqa: E402
from ipshare.room.page import view_fragment  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=5, help="values per term")
    parser.add_argument("--terms", type=int, default=3, help="terms moved per scenario")
    parser.add_argument("--rules", default="", help="comparison rules, comma-separated")
    parser.add_argument("--marks", action="store_true", help="also time the background breakpoints per change")
    args = parser.parse_args(argv)
    rules = tuple(r for r in args.rules.split(",") if r)
    print(f"{'scenario':32} {'rule':22} {'changes':>7} {'median s':>9} {'max s':>7}"
          + (f" {'marks median s':>14} {'marks max s':>11}" if args.marks else ""))
    worst = 0.0
    for path in sorted((ROOT / "scenarios").glob("*.*")):
        if path.suffix not in (".yaml", ".json", ".toml"):
            continue
        try:
            room = Room(path)
        except IpshareError as error:
            print(f"{path.name:32} not opened: {error}")
            continue
        terms = [t for t in room.terms if t.ranged][: args.terms]
        if not terms:  # a classic game, or no term on the table: its first numeric fields
            from ipshare.room.engine import Term

            terms = [Term(p, v) for p, v in room.fields if v][: args.terms]
        times, marks = [], []
        room.view({}, "", rules)  # the baseline, computed once when the server starts
        for term in terms:
            start = term.start if term.ranged else term.value * Fraction(9, 10)
            stop = term.stop if term.ranged else term.value * Fraction(11, 10)
            for k in range(1, args.changes + 1):
                value = start + (stop - start) * k / (args.changes + 1)
                values = {term.path: number_text(value)}
                began = time.perf_counter()
                view = room.view(values, "", rules)
                view_fragment(room, view, values, "", "en")
                times.append(time.perf_counter() - began)
                if args.marks and view.error is None:
                    began = time.perf_counter()
                    room.marks_later(view.overrides).join()
                    marks.append(time.perf_counter() - began)
        if times:
            worst = max(worst, max(times))
            line = f"{path.name:32} {room.rule:22} {len(times):>7} {statistics.median(times):>9.3f} {max(times):>7.3f}"
            if marks:
                line += f" {statistics.median(marks):>14.3f} {max(marks):>11.3f}"
            print(line)
    print(f"largest time for one change: {worst:.3f} s")


if __name__ == "__main__":
    main()
