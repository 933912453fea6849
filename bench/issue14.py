#!/usr/bin/env python3
"""Issue 14's figures in one run: ipshare beside coopgame-py and powerindex, on the same games, same process.

Parts (``--parts``, all by default), each printed as a Markdown table; ``--json PATH`` writes every figure:

voting      Shapley–Shubik of [q; w], q = ⌊Σw/2⌋ + 1, w_i uniform in 1..W (seeded): ``ipshare allocate FILE -r
            shapley -f json`` as a whole process (start to exit, best of ``--process-runs``) for 500 voters with
            W = 100 and 1,000 voters with W = 10; the in-process time; the largest difference from ipshare's exact
            rationals (``voting_power(game, exact=True)``, minutes: ``--no-exact`` skips it); and powerindex
            (``Game(quota, weights).calc_shapley_shubik()``) on councils of 50…171 voters with weights 1..10 (it
            fails from 171 voters, after building an n × n × q table of Python integers: not run on the large ones).
nucleolus   the nucleolus of random (size-scaled), |S|² and (Σw)² games at n = 12, 16, 20 against coopgame-py
            (``bench/nucleolus.py``'s families and checks), and ipshare alone at n = 24.
dense       exact float Shapley and Banzhaf at n = 16, 20, 22, 24 against one read pass over the table
            (``values.sum()``, the floor) and coopgame-py.
structured  the 22-member structured alliance of bench/alliances.py expanded to its 2^22 table (``game.dense()``).
linear      ``proportional`` on a 10,000-member alliance (20,000 revenue sources), after loading it.

Everything runs single-threaded (OPENBLAS_NUM_THREADS=1 etc. set before numpy is imported, as the command line
does). Times are seconds, best of ``--repeat`` runs unless said. To measure an older ipshare in the same way, run
this script with ``PYTHONPATH=/path/to/that/checkout``: the whole-process runs use ``python -m ipshare.cli`` of
the interpreter and path this script runs with.

Run:   bash bench/setup.sh && bench/.venv/bin/python bench/issue14.py [--parts voting,nucleolus] [--json f.json]
Exit status: 0 when every cross-check agreed, 2 otherwise.
"""

from __future__ import annotations

import os

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from alliances import alliance_json  # noqa: E402
from nucleolus import draw  # noqa: E402
from shapley_dense import best_of, fmt_seconds, machine_summary, random_game  # noqa: E402

import ipshare  # noqa: E402

FAILURES = []


def optional(module):
    try:
        return __import__(module)
    except ImportError:
        return None


coopgame = optional("coopgame")
powerindex = optional("powerindex")


def version(dist):
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as _version

    try:
        return _version(dist)
    except PackageNotFoundError:
        return "not installed"


# ------------------------------------------------------------------------------------------------------- voting


def council(n, top, seed):
    rng = np.random.default_rng([seed, n, top])
    weights = [int(w) for w in rng.integers(1, top + 1, n)]
    return weights, sum(weights) // 2 + 1


def whole_process(path, runs):
    """(best seconds, the JSON document or None, the error line) of ``python -m ipshare.cli allocate``."""
    command = [sys.executable, "-m", "ipshare.cli", "allocate", str(path), "-r", "shapley", "-f", "json"]
    best, document, error = None, None, None
    for _ in range(runs):
        started = time.perf_counter()
        try:
            completed = subprocess.run(command, capture_output=True, text=True, timeout=600)
        except subprocess.TimeoutExpired:
            return None, None, "did not finish in 600 s"
        elapsed = time.perf_counter() - started
        if completed.returncode != 0:
            return None, None, (completed.stderr.strip().splitlines() or ["?"])[-1]
        best = elapsed if best is None else min(best, elapsed)
        document = json.loads(completed.stdout)
    return best, document, error


def voting_part(args, figures):
    try:
        from ipshare.games.lazy import WeightedVotingGame
    except ImportError:  # an ipshare before issue 12's layers
        from ipshare.structure import WeightedVotingGame
    from ipshare.solutions.voting import voting_power

    rows = []
    with tempfile.TemporaryDirectory(prefix="ipshare-bench-") as folder:
        for n, top in ((500, 100), (1000, 10)):
            weights, quota = council(n, top, args.seed)
            players = [f"V{i}" for i in range(n)]
            listed = ", ".join(f"{p}: {w}" for p, w in zip(players, weights, strict=True))
            text = f"game: {{type: weighted-voting, quota: {quota}, weights: {{{listed}}}}}\n"
            path = Path(folder) / f"council-{n}.yaml"
            path.write_text(text)
            row = {"n": n, "max_weight": top, "quota": quota}
            row["process"], document, row["process_error"] = whole_process(path, args.process_runs)
            game = WeightedVotingGame(dict(zip(players, weights, strict=True)), quota)
            started = time.perf_counter()
            try:
                ours = voting_power(game, "shapley")
            except ipshare.IpshareError as error:  # an ipshare before issue 14 refused 1,000 voters
                row.update(in_process=None, method=f"refused: {str(error)[:50]}…", powerindex=None,
                           powerindex_error="not run: fails from 171 voters")
                rows.append(row)
                continue
            row["in_process"] = time.perf_counter() - started
            row["method"] = ours.method
            if document is not None:
                row["process_method"] = document.get("method", {}).get("shapley")
            if not args.no_exact:
                started = time.perf_counter()
                try:
                    exact = voting_power(game, "shapley", exact=True)
                except TypeError:  # an ipshare before issue 14: its default is exact
                    exact = ours
                row["exact_seconds"] = time.perf_counter() - started
                if exact.exact is not None:
                    row["max_error"] = max(abs(ours.values[p] - float(exact.exact[p])) for p in players)
                    if document is not None:
                        shown = document["allocations"]["shapley"]
                        row["process_max_error"] = max(abs(float(shown[p]) - float(exact.exact[p])) for p in players)
                    if row["max_error"] > 1e-12:
                        FAILURES.append(f"voting n={n}: {row['max_error']:.1e} from exact")
            # powerindex builds an n × n × q table of Python integers before it fails from 171 voters (float(171!)
            # overflows): here that table would need hundreds of GB, so it is not started.
            row["powerindex"], row["powerindex_error"] = None, "not run: fails from 171 voters"
            rows.append(row)
            print(f"  voting n={n} done", file=sys.stderr)
        small = []
        for n in (50, 100, 170, 171):
            weights, quota = council(n, 10, args.seed)
            game = WeightedVotingGame({f"V{i}": w for i, w in enumerate(weights)}, quota)
            mine, _, result = best_of(lambda game=game: voting_power(game, "shapley"), args.repeat)
            theirs, error = _powerindex(weights, quota, result)
            small.append({"n": n, "ipshare": mine, "method": result.method, "powerindex": theirs, "error": error})
    figures["voting"] = {"targets": rows, "beside_powerindex": small}
    print("\n### Weighted voting: Shapley–Shubik, whole process and in process (seconds)\n")
    print("| voters | weights | `ipshare allocate` process | in process | method | max \\|φ − exact\\| |"
          " exact rationals | powerindex |")
    print("|---:|---:|---:|---:|---|---:|---:|---|")
    for row in rows:
        process = fmt_seconds(row["process"]) if row["process"] is not None else f"refused: {row['process_error']}"
        error = f"{row['max_error']:.1e}" if "max_error" in row else "n/a"
        print(f"| {row['n']} | 1..{row['max_weight']} | {process} | {fmt_seconds(row['in_process'])} | "
              f"{_cell(row['method'])} | {error} | {fmt_seconds(row.get('exact_seconds'))} | "
              f"{row['powerindex_error'] or fmt_seconds(row['powerindex'])} |")
    print("\n| voters (weights 1..10) | ipshare | method | powerindex | ratio powerindex/ipshare |")
    print("|---:|---:|---|---:|---:|")
    for row in small:
        ratio = f"{row['powerindex'] / row['ipshare']:.0f}" if row["powerindex"] else "n/a"
        print(f"| {row['n']} | {fmt_seconds(row['ipshare'])} | {_cell(row['method'])} | "
              f"{row['error'] or fmt_seconds(row['powerindex'])} | {ratio} |")


def _cell(text):
    """Text for a Markdown table cell (the float method's name holds |error|)."""
    return str(text).replace("|", "\\|")


def _powerindex(weights, quota, ours=None):
    """(seconds, None) or (None, what went wrong) for powerindex's Shapley–Shubik index of the same council."""
    if powerindex is None:
        return None, "not installed"
    game = powerindex.Game(quota, weights=list(weights))
    started = time.perf_counter()
    try:
        game.calc_shapley_shubik()
    except Exception as error:  # its own failure is a result to report
        return None, f"fails: {type(error).__name__}: {str(error)[:60]}"
    elapsed = time.perf_counter() - started
    if ours is not None:
        mine = np.array([ours.values[f"V{i}"] for i in range(len(weights))])
        difference = float(np.max(np.abs(mine - np.asarray(game.shapley_shubik))))
        if difference > 1e-9:
            FAILURES.append(f"powerindex differs by {difference:.1e} at n={len(weights)}")
    return elapsed, None


# ---------------------------------------------------------------------------------------------------- nucleolus


def nucleolus_part(args, figures):
    from ipshare.solutions.nucleolus import nucleolus

    rows = []
    for n in (12, 16, 20, 24):
        for family in ("size-scaled", "size-squared", "weight-squared"):
            values = draw(family, n, args.seed)
            players = [f"P{i}" for i in range(n)]
            game = ipshare.Game(players, values)
            repeat = args.repeat if n <= 16 else 1
            row = {"n": n, "family": family}
            row["ipshare"], _, ours = best_of(lambda game=game: nucleolus(game), repeat, min_run=0)
            row["certificate"] = ours.details["certificate"]
            if coopgame is not None and n <= 20:
                peer = coopgame.Game(values[1:])
                row["coopgame"], _, theirs = best_of(lambda peer=peer: coopgame.nucleolus(peer), repeat, min_run=0)
                x = np.array([ours.values[p] for p in players])
                y = np.asarray(theirs["allocation"], dtype=np.float64)
                row["diff"] = float(np.max(np.abs(x - y)) / max(1.0, float(np.max(np.abs(values)))))
                if row["diff"] > 1e-6:
                    FAILURES.append(f"nucleolus n={n} {family}: differs by {row['diff']:.1e}")
            rows.append(row)
            print(f"  nucleolus n={n} {family} done", file=sys.stderr)
    figures["nucleolus"] = rows
    print("\n### Nucleolus (over imputations; ipshare's time includes its Kohlberg certificate)\n")
    print("| n | family | ipshare s | coopgame-py s | ratio peer/ipshare | max rel diff |")
    print("|---:|---|---:|---:|---:|---:|")
    for row in rows:
        ratio = f"{row['coopgame'] / row['ipshare']:.2f}" if "coopgame" in row else "n/a"
        diff = f"{row['diff']:.1e}" if "diff" in row else "n/a"
        print(f"| {row['n']} | {row['family']} | {fmt_seconds(row['ipshare'])} | "
              f"{fmt_seconds(row.get('coopgame'))} | {ratio} | {diff} |")


# -------------------------------------------------------------------------------------------------------- dense


def dense_part(args, figures):
    from ipshare.solutions.banzhaf import banzhaf_value
    from ipshare.solutions.shapley import shapley_value

    rows = []
    for n in (16, 20, 22, 24):
        values = random_game(n, args.seed)
        game = ipshare.Game([f"P{i}" for i in range(n)], values)
        row = {"n": n}
        row["floor"], _, _ = best_of(lambda values=game.values: values.sum(), args.repeat)
        row["shapley"], row["shapley_first"], ours = best_of(
            lambda game=game: shapley_value(game, exact=False), args.repeat
        )
        row["banzhaf"], _, ours_banzhaf = best_of(lambda game=game: banzhaf_value(game, exact=False), args.repeat)
        if coopgame is not None:
            peer = coopgame.Game(values[1:])
            row["coopgame_shapley"], _, theirs = best_of(lambda peer=peer: coopgame.shapley(peer), args.repeat)
            row["coopgame_banzhaf"], _, theirs_b = best_of(lambda peer=peer: coopgame.banzhaf(peer), args.repeat)
            scale = float(np.abs(values).max())
            for label, mine, other in (("shapley", ours, theirs), ("banzhaf", ours_banzhaf, theirs_b)):
                x = np.array([mine.values[p] for p in game.players])
                difference = float(np.max(np.abs(x - np.asarray(other))) / scale)
                row[f"diff_{label}"] = difference
                if difference > 1e-6:
                    FAILURES.append(f"dense n={n} {label}: differs by {difference:.1e}")
            del peer
        rows.append(row)
        del game, values
        print(f"  dense n={n} done", file=sys.stderr)
    figures["dense"] = rows
    print("\n### Dense exact (float) Shapley and Banzhaf against one read pass over the table (seconds)\n")
    print("| n | read pass (values.sum()) | ipshare shapley | × floor | ipshare banzhaf | × floor |"
          " coopgame shapley | ratio | coopgame banzhaf | ratio |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        cs, cb = row.get("coopgame_shapley"), row.get("coopgame_banzhaf")
        ratio_s = "n/a" if cs is None else f"{cs / row['shapley']:.0f}"
        ratio_b = "n/a" if cb is None else f"{cb / row['banzhaf']:.0f}"
        print(f"| {row['n']} | {fmt_seconds(row['floor'])} | {fmt_seconds(row['shapley'])} | "
              f"{row['shapley'] / row['floor']:.2f} | {fmt_seconds(row['banzhaf'])} | "
              f"{row['banzhaf'] / row['floor']:.2f} | {fmt_seconds(cs)} | {ratio_s} | {fmt_seconds(cb)} | {ratio_b} |")


# ------------------------------------------------------------------------------------------ structured, linear


def structured_part(args, figures):
    try:
        from ipshare.alliance.structured import structured_benefit_game
    except ImportError:  # an ipshare before issue 12's layers
        from ipshare.structure import structured_benefit_game

    game = structured_benefit_game(ipshare.loads(alliance_json(22, 60, 8, args.seed), "json"))
    row = {"members": 22, "components": len(game.components)}
    row["dense"], row["dense_first"], dense = best_of(game.dense, args.repeat, min_run=0)
    masks = np.random.default_rng(args.seed).integers(0, 1 << 22, 2000)
    membership = ((masks[:, None] >> np.arange(22)) & 1).astype(bool)
    difference = float(np.max(np.abs(dense.values[masks] - game.evaluate(membership))))
    row["max_diff_sampled"] = difference
    if difference > 1e-6 * float(np.abs(dense.values).max()):
        FAILURES.append(f"structured expansion differs by {difference:.1e}")
    figures["structured"] = row
    print("\n### Structured → dense: the 22-member alliance (60 sources) to its 2^22 table\n")
    print("| members | components | `game.dense()` s (best) | first call s | max \\|diff\\| on 2,000 coalitions |")
    print("|---:|---:|---:|---:|---:|")
    print(f"| 22 | {row['components']} | {fmt_seconds(row['dense'])} | {fmt_seconds(row['dense_first'])} | "
          f"{difference:.1e} |")


def linear_part(args, figures):
    text = alliance_json(10000, 20000, 6, args.seed)
    started = time.perf_counter()
    scenario = ipshare.loads(text, "json")
    load = time.perf_counter() - started
    started = time.perf_counter()
    game = ipshare.benefit_game(scenario)
    build = time.perf_counter() - started
    seconds, _, result = best_of(lambda: ipshare.allocate(game, "proportional"), 1, min_run=0)
    if result.exact is not None and sum(result.exact.values()) != game.exact_grand_value:
        FAILURES.append("proportional is not efficient")
    figures["linear"] = {"members": 10000, "load": load, "game": build, "proportional": seconds,
                         "method": result.method}
    print("\n### A linear rule on 10,000 members (20,000 revenue sources)\n")
    print("| members | load s | game s | `proportional` s | method |")
    print("|---:|---:|---:|---:|---|")
    print(f"| 10,000 | {fmt_seconds(load)} | {fmt_seconds(build)} | {fmt_seconds(seconds)} | {result.method} |")


PARTS = {
    "voting": voting_part,
    "nucleolus": nucleolus_part,
    "dense": dense_part,
    "structured": structured_part,
    "linear": linear_part,
}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", default=",".join(PARTS))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--process-runs", type=int, default=3)
    parser.add_argument("--no-exact", action="store_true", help="voting: skip the exact rationals (minutes)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    print(f"# issue 14 benchmark: {machine_summary()}; Python {sys.version.split()[0]}, numpy {np.__version__}, "
          f"ipshare {ipshare.__version__} ({Path(ipshare.__file__).parent}), coopgame-py {version('coopgame-py')}, "
          f"powerindex {version('powerindex')}")
    figures = {}
    for part in args.parts.split(","):
        PARTS[part](args, figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str) + "\n")
    if FAILURES:
        print("\n" + "\n".join(f"!!! {line}" for line in FAILURES), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
