#!/usr/bin/env python3
"""Dense exact Shapley value: ipshare beside coopgame-py, in one process, on the same games.

For every n in ``--n-min, --n-min + --step, ..., --n-max`` one random dense game is drawn
(float64 array of length 2**n, index = bitmask, player i = bit i, v(empty) = 0, seeded
by ``(--seed, n)``).  On that array the script times, best of ``--repeat`` runs each:

* ipshare:     ``ipshare.Game(players, values)`` (build) and
               ``ipshare.solutions.shapley.shapley_value(game, exact=False)`` (Shapley);
* coopgame-py: ``coopgame.Game(values[1:])`` (build: its vector leaves out the empty
               coalition, ``values[mask - 1]``) and ``coopgame.shapley(game)`` (Shapley).

Only the Shapley columns enter the ratio; the build columns are reported beside them.
The two Shapley vectors are compared (max abs difference / max |v(S)|), and each is
checked for efficiency (sum = v(N)).  A library that is not installed, raises, or is
predicted to exceed ``--max-seconds`` shows "n/a" with a note under the table.

The first call at each n is also reported on its own (cold), beside the best (warm) per-call time.

Run:  bench/.venv/bin/python bench/shapley_dense.py [--n-min 10 --n-max 24 --step 2 --repeat 5]
Exit status: 0 when every computed pair agreed, 2 on any mismatch or failed self-check.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import gc
import importlib.metadata as _md
import json
import os
import platform
import sys
import time
import tracemalloc

import numpy as np

TOLERANCE = 1e-6  # max |phi_ipshare - phi_peer| / max |v(S)|

# The 3-player check game: A = bit 0, B = bit 1, C = bit 2; Shapley value (2, 5, 35).
CHECK_VALUES = {0b001: 6.0, 0b010: 12.0, 0b100: 42.0, 0b011: 12.0, 0b101: 42.0, 0b110: 42.0, 0b111: 42.0}
CHECK_SHAPLEY = (2.0, 5.0, 35.0)


# --------------------------------------------------------------------------- adapters


class Unavailable(Exception):
    """The library cannot be used in this run (not installed, import error, ...)."""


class IpshareImpl:
    name = "ipshare"

    def __init__(self):
        try:
            import ipshare
            from ipshare.solutions.shapley import shapley_value
        except Exception as exc:  # ImportError, or a half-written package
            raise Unavailable(f"{type(exc).__name__}: {exc}") from exc
        self._game_cls = ipshare.Game
        self._shapley = shapley_value
        self.version = _version("ipshare", ipshare)

    def build(self, players, values):
        return self._game_cls(players, values)

    def solve(self, game):
        return self._shapley(game, exact=False)

    @staticmethod
    def as_array(result, players):
        values = getattr(result, "values", result)
        if callable(values):  # a method rather than an attribute
            values = values()
        if hasattr(values, "keys"):
            return np.array([float(values[p]) for p in players], dtype=np.float64)
        return np.asarray(values, dtype=np.float64)


class CoopgameImpl:
    name = "coopgame-py"

    def __init__(self):
        try:
            import coopgame
        except Exception as exc:
            raise Unavailable(f"{type(exc).__name__}: {exc}") from exc
        self._cg = coopgame
        self.version = _version("coopgame-py", coopgame)

    def build(self, players, values):
        # coopgame.Game takes the 2**n - 1 values of the non-empty coalitions in bit order
        # (values[mask - 1]); it reads any float sequence (the ndarray view is read element
        # by element into its own Vec<f64>, so this build includes that conversion).
        return self._cg.Game(values[1:])

    def solve(self, game):
        return self._cg.shapley(game)

    @staticmethod
    def as_array(result, players):
        return np.asarray(result, dtype=np.float64)


def _version(dist, module):
    try:
        return _md.version(dist)
    except _md.PackageNotFoundError:
        return getattr(module, "__version__", "?")


# --------------------------------------------------------------------------- helpers


def random_game(n: int, seed: int) -> np.ndarray:
    """Dense game on n players: v(S) ~ U[0, 100) for S non-empty, v(empty) = 0."""
    rng = np.random.default_rng([seed, n])
    values = rng.uniform(0.0, 100.0, size=1 << n)
    values[0] = 0.0
    return values


def best_of(fn, repeat: int, min_run: float = 0.05):
    """(best seconds per call, first-call seconds, a result) of ``fn``.

    The first call is timed on its own (cold: fresh size, caches not warm).  Then ``repeat`` runs are
    timed; a call shorter than ``min_run`` is looped within each run so that a run lasts about
    ``min_run`` seconds, and the run's time is divided by the loop count.  GC is collected before and
    disabled during each run (as :mod:`timeit` does).
    """

    def timed(number):
        gc.collect()
        enabled = gc.isenabled()
        gc.disable()
        try:
            start = time.perf_counter()
            for _ in range(number):
                out = fn()
            elapsed = time.perf_counter() - start
        finally:
            if enabled:
                gc.enable()
        return elapsed / number, out

    first, result = timed(1)
    number = 1 if first >= min_run else min(100_000, max(1, int(min_run / max(first, 1e-7))))
    best = float("inf")
    for _ in range(repeat):
        result = None  # let the previous result go before the next run
        per_call, result = timed(number)
        best = min(best, per_call)
    return best, first, result


def fmt_seconds(t):
    if t is None:
        return "n/a"
    if t >= 10:
        return f"{t:.1f}"
    if t >= 0.1:
        return f"{t:.3f}"
    if t >= 0.001:
        return f"{t:.4f}"
    return f"{t:.2e}"


def machine_summary() -> str:
    cpu = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("MemTotal:"):
                    mem = f"{int(line.split()[1]) / 2**20:.1f} GiB"
                    break
    except OSError:
        pass
    return f"{cpu}; {os.cpu_count()} logical CPUs; {mem} RAM; {platform.system()} {platform.release()}"


def self_check(impl) -> str | None:
    """Bit order check on the 3-player game; returns an error text or None."""
    full = np.zeros(8)
    for mask, value in CHECK_VALUES.items():
        full[mask] = value
    players = ["A", "B", "C"]
    try:
        phi = impl.as_array(impl.solve(impl.build(players, full)), players)
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    if phi.shape != (3,) or np.max(np.abs(phi - np.array(CHECK_SHAPLEY))) > 1e-9:
        return f"3-player check game gave {phi.tolist()}, expected {list(CHECK_SHAPLEY)}"
    return None


# --------------------------------------------------------------------------- main


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n-min", type=int, default=10)
    p.add_argument("--n-max", type=int, default=24)
    p.add_argument("--step", type=int, default=2)
    p.add_argument("--repeat", type=int, default=5, help="best of this many timed runs (default 5)")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument(
        "--max-seconds",
        type=float,
        default=60.0,
        help="skip a library at the next n once one of its Shapley runs is predicted to exceed this",
    )
    p.add_argument(
        "--memory",
        action="store_true",
        help="also report ipshare's peak traced memory (tracemalloc, one extra untimed run per n)",
    )
    p.add_argument("--json", metavar="PATH", help="also write the raw figures as JSON")
    args = p.parse_args(argv)
    if args.n_min < 1 or args.n_max < args.n_min or args.step < 1 or args.repeat < 1:
        p.error("need 1 <= --n-min <= --n-max, --step >= 1, --repeat >= 1")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    failures: list[str] = []
    notes: list[str] = []

    impls = {}
    for cls in (IpshareImpl, CoopgameImpl):
        try:
            impl = cls()
        except Unavailable as exc:
            notes.append(f"{cls.name} not available: {exc}")
            continue
        err = self_check(impl)
        if err is not None:
            failures.append(f"{cls.name} failed the 3-player self-check: {err}")
            continue
        impls[cls.name] = impl
    ours = impls.get("ipshare")
    peer = impls.get("coopgame-py")
    if ours is None and peer is None:
        print("\n".join(failures + notes), file=sys.stderr)
        print("shapley_dense: neither ipshare nor coopgame-py can be run", file=sys.stderr)
        return 2

    print(f"# Dense exact Shapley: ipshare vs coopgame-py  ({_dt.date.today().isoformat()})")
    print()
    print(f"- machine: {machine_summary()}")
    print(
        f"- python {platform.python_version()}, numpy {np.__version__}, "
        f"ipshare {ours.version if ours else 'n/a'}, coopgame-py {peer.version if peer else 'n/a'}"
    )
    print(
        f"- n = {args.n_min}..{args.n_max} step {args.step}, best of {args.repeat}, seed {args.seed}, "
        f"v(S) ~ U[0,100), tolerance {TOLERANCE:g} x max|v|"
    )
    print()

    rows = []
    skip_reason = {}  # impl name -> reason once it is skipped for all larger n
    last_time = {}  # impl name -> (n, Shapley seconds)

    for n in range(args.n_min, args.n_max + 1, args.step):
        values = random_game(n, args.seed)
        players = [f"p{i}" for i in range(n)]
        scale = float(np.max(np.abs(values)))
        row = {"n": n, "coalitions": 1 << n}
        phis = {}

        for name, impl in impls.items():
            if name in skip_reason:
                row[name] = {"error": skip_reason[name]}
                continue
            if name in last_time:
                n0, t0 = last_time[name]
                predicted = t0 * 2.0 ** (n - n0) * n / n0
                if predicted > args.max_seconds:
                    skip_reason[name] = (
                        f"skipped from n={n}: predicted {predicted:.3g} s per Shapley run "
                        f"> --max-seconds {args.max_seconds:g}"
                    )
                    row[name] = {"error": skip_reason[name]}
                    continue
            print(f"[n={n}] {name} ...", file=sys.stderr, flush=True)
            try:
                t_build, _, game = best_of(
                    lambda impl=impl, players=players, values=values: impl.build(players, values), args.repeat
                )
                t_solve, t_first, result = best_of(lambda impl=impl, game=game: impl.solve(game), args.repeat)
                phi = impl.as_array(result, players)
            except MemoryError:
                skip_reason[name] = f"MemoryError at n={n}"
                row[name] = {"error": skip_reason[name]}
                continue
            except Exception as exc:  # e.g. the peer refusing a size
                row[name] = {"error": f"n={n}: {type(exc).__name__}: {exc}"}
                continue
            entry = {"build_s": t_build, "shapley_s": t_solve, "shapley_first_call_s": t_first}
            if phi.shape != (n,):
                failures.append(f"n={n}: {name} returned shape {phi.shape}, expected ({n},)")
            else:
                eff = abs(float(phi.sum()) - values[-1]) / scale
                entry["efficiency_err"] = eff
                if not eff <= TOLERANCE:
                    failures.append(f"n={n}: {name} is not efficient: |sum phi - v(N)| / max|v| = {eff:.3g}")
                phis[name] = phi
            if name == "ipshare" and args.memory:
                del result
                gc.collect()
                tracemalloc.start()
                impl.solve(game)
                entry["peak_traced_mib"] = tracemalloc.get_traced_memory()[1] / 2**20
                tracemalloc.stop()
            row[name] = entry
            last_time[name] = (n, t_solve)
            del game
            result = None

        if "ipshare" in phis and "coopgame-py" in phis:
            diff = float(np.max(np.abs(phis["ipshare"] - phis["coopgame-py"]))) / scale
            row["max_rel_diff"] = diff
            if not diff <= TOLERANCE:
                failures.append(
                    f"n={n}: ipshare and coopgame-py DISAGREE: max|diff| / max|v| = {diff:.3g} "
                    f"(tolerance {TOLERANCE:g})"
                )
        rows.append(row)
        del values

    print_table(rows, args.memory)
    for row in rows:
        for name in impls:
            err = row.get(name, {}).get("error")
            if err and f"{name}: {err}" not in notes:
                notes.append(f"{name}: {err}")
    if notes:
        print()
        for note in notes:
            print(f"- note: {note}")
    if failures:
        print()
        print("!!! MISMATCH / CHECK FAILURES !!!")
        for f in failures:
            print(f"!!! {f}")
        print(f"shapley_dense: {len(failures)} check(s) FAILED, see the end of the table", file=sys.stderr)

    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(
                {
                    "date": _dt.date.today().isoformat(),
                    "machine": machine_summary(),
                    "python": platform.python_version(),
                    "numpy": np.__version__,
                    "versions": {name: impl.version for name, impl in impls.items()},
                    "args": vars(args),
                    "rows": rows,
                    "notes": notes,
                    "failures": failures,
                },
                fh,
                indent=2,
            )
    return 2 if failures else 0


def print_table(rows, memory):
    head = [
        "n",
        "ipshare shapley s",
        "coopgame shapley s",
        "ratio peer/ipshare",
        "ipshare 1st call s",
        "coopgame 1st call s",
        "ipshare Game() s",
        "coopgame Game() s",
        "max rel diff",
    ]
    if memory:
        head.append("ipshare peak MiB")
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---:" for _ in head) + "|")
    for row in rows:
        ours = row.get("ipshare", {})
        peer = row.get("coopgame-py", {})
        t_ours, t_peer = ours.get("shapley_s"), peer.get("shapley_s")
        ratio = f"{t_peer / t_ours:.2f}" if t_ours and t_peer else "n/a"
        diff = row.get("max_rel_diff")
        diff_cell = "n/a" if diff is None else f"{diff:.1e}" + ("" if diff <= TOLERANCE else " MISMATCH")
        cells = [
            str(row["n"]),
            fmt_seconds(t_ours),
            fmt_seconds(t_peer),
            ratio,
            fmt_seconds(ours.get("shapley_first_call_s")),
            fmt_seconds(peer.get("shapley_first_call_s")),
            fmt_seconds(ours.get("build_s")),
            fmt_seconds(peer.get("build_s")),
            diff_cell,
        ]
        if memory:
            peak = ours.get("peak_traced_mib")
            cells.append("n/a" if peak is None else f"{peak:.1f}")
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    sys.exit(main())
