#!/usr/bin/env python3
"""Nucleolus: ipshare beside coopgame-py, in one process, on the same games.

For every n in ``--n-min, --n-min + --step, ..., --n-max`` and each family of games below, one random game is
drawn (seeded by ``(--seed, n, family)``) and both libraries compute its nucleolus (over imputations):

* ``size-scaled``: v(S) = |S| · U[0, 1), v(N) = n (a non-empty imputation set; few ties);
* ``tied-integers``: v(S) = |S| · randint(0, 3), v(N) above the singletons' sum (many ties, degenerate LPs).
* ``size-squared``: v(S) = |S|² (convex and symmetric: the nucleolus is equal shares; a degenerate LP sequence).
* ``weight-squared``: v(S) = (Σ_{i∈S} w_i)² with w_i ~ U[1, 2) (convex, no symmetry).

ipshare's time includes its Kohlberg certificate (every result it returns is certified); coopgame-py's is
``coopgame.nucleolus(game)`` (its constraint-generation sequence). Building the game objects is not timed. The
two allocations are compared: max |x_ipshare − x_peer| / max |v(S)| must stay below 1e-6, else the exit status is 2.

Run:  bench/.venv/bin/python bench/nucleolus.py [--n-min 8 --n-max 22 --step 2 --repeat 3]
"""

from __future__ import annotations

import os

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")  # both libraries single-threaded, as in bench/scale.py

import argparse  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

TOLERANCE = 1e-6


FAMILIES = ("size-scaled", "tied-integers", "size-squared", "weight-squared")


def draw(family, n, seed):
    rng = np.random.default_rng([seed, n, FAMILIES.index(family)])
    sizes = np.array([bin(mask).count("1") for mask in range(1 << n)], dtype=np.float64)
    if family == "size-squared":
        return sizes**2
    if family == "weight-squared":
        weights = 1.0 + rng.random(n)
        totals = np.zeros(1)
        for weight in weights:
            totals = np.concatenate([totals, totals + weight])
        return totals**2
    if family == "size-scaled":
        values = rng.random(1 << n) * sizes
        values[-1] = n
    else:
        values = rng.integers(0, 3, 1 << n) * sizes
        values[-1] = max(values[-1], sum(values[1 << i] for i in range(n)) + 1)
    values[0] = 0.0
    return values


def best_of(function, repeat):
    best = None
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-min", type=int, default=8)
    parser.add_argument("--n-max", type=int, default=22)
    parser.add_argument("--step", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs (1 run above n = 18)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--families", default=",".join(FAMILIES), help=f"comma-separated, of {', '.join(FAMILIES)}")
    parser.add_argument("--peer-max", type=int, default=22, help="run coopgame-py up to this n")
    args = parser.parse_args(argv)
    families = [f for f in args.families.split(",") if f]

    import ipshare
    from ipshare.solutions.nucleolus import nucleolus

    try:
        from importlib.metadata import version

        import coopgame

        peer_version = version("coopgame-py")
    except ImportError:
        coopgame, peer_version = None, "not installed"
    print(f"# nucleolus, {platform.machine()}, Python {platform.python_version()}, "
          f"ipshare {ipshare.__version__}, coopgame-py {peer_version}")
    print()
    print("| n | family | ipshare s | coopgame-py s | ratio peer/ipshare | ipshare LP rows | max rel diff |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    failed = False
    for n in range(args.n_min, args.n_max + 1, args.step):
        for family in families:
            values = draw(family, n, args.seed)
            players = [f"P{i}" for i in range(n)]
            repeat = args.repeat if n <= 18 else 1
            game = ipshare.Game(players, values)
            ours_time, ours = best_of(lambda game=game: nucleolus(game), repeat)
            x = np.array([ours.values[p] for p in players])
            peer_time, diff, peer_note = None, None, "n/a"
            if coopgame is not None and n <= args.peer_max:
                peer_game = coopgame.Game(values[1:])
                try:
                    peer_time, theirs = best_of(lambda peer_game=peer_game: coopgame.nucleolus(peer_game), repeat)
                except Exception as error:  # the peer's own failure is a result to report, not a crash
                    peer_note = f"failed ({type(error).__name__}: {error})"
                else:
                    y = np.asarray(theirs["allocation"], dtype=np.float64)
                    diff = float(np.max(np.abs(x - y)) / max(1.0, float(np.max(np.abs(values)))))
                    failed |= diff > TOLERANCE
            ratio = f"{peer_time / ours_time:.2f}" if peer_time else "n/a"
            print(f"| {n} | {family} | {ours_time:.4f} | {peer_note if peer_time is None else f'{peer_time:.4f}'} | "
                  f"{ratio} | {ours.details['lp_rows']} | {'n/a' if diff is None else f'{diff:.1e}'} |", flush=True)
    if failed:
        print("\n!!! the two libraries disagree beyond the tolerance", file=sys.stderr)
    return 2 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
