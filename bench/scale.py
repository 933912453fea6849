#!/usr/bin/env python3
"""Scale benchmark (issue 4): ipshare beside coopgame-py and coopgt, in one run, on the same games.

Four parts, each printed as a Markdown table (and all figures written with ``--json PATH``):

1. dense    exact Shapley and Banzhaf on dense games, n = 12 … 26 (float64 tables, v(S) ~ U[0, 100)):
            ipshare ``shapley_value(game, exact=False)`` / ``banzhaf_value``, coopgame-py ``shapley`` /
            ``banzhaf``, coopgt ``shapley_value.calculate`` (dict keyed by coalitions; it enumerates all n!
            orders, so it runs only where its predicted time is under ``--max-seconds``).
2. voting   weighted voting games [q; w] with w_i uniform in 1..W and q = ⌊Σw/2⌋ + 1: ipshare's DP (exact, or
            floats with a stated bound beyond its exact budget: the method column says which)
            (Shapley–Shubik and Banzhaf, exact rationals) for 20 … 500 voters; the peers on the dense table
            where one can be built (n ≤ 24), since neither has a weighted-voting method.
3. alliance the structured alliance of bench/alliances.py (1,000 members, 10,000 revenue sources touching at
            most 12 members each): load, build by structure, exact Shapley and Banzhaf; and a 22-member
            alliance where the peers can use the dense table, for a like-for-like time and a cross-check.
4. sampling error of sampled Shapley against the number of coalition evaluations, on a 20-member alliance
            (its dense table gives the exact value, and every evaluation is a table look-up): ipshare stratified
            and permutation sampling, and coopgame-py ``shapley_sampling`` (a Python function game reading the
            same table) with the same budgets; RMSE over seeds, relative to the mean |φ_i|, and ipshare's mean
            stated standard error beside it.

Every library runs single-threaded (OPENBLAS_NUM_THREADS=1 etc. are set before numpy is imported, unless
already set). Times are the best of ``--repeat`` runs (first calls are reported in the JSON).

Run:   bash bench/setup.sh && bench/.venv/bin/python bench/scale.py [--parts dense,voting,alliance,sampling]
Exit status: 0 when every cross-check agreed, 2 otherwise.
"""

from __future__ import annotations

import os

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import argparse  # noqa: E402
import importlib.metadata as metadata  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from alliances import alliance_json  # noqa: E402
from shapley_dense import best_of, fmt_seconds, machine_summary, random_game  # noqa: E402

import ipshare  # noqa: E402
from ipshare.games import Game  # noqa: E402
from ipshare.games.lazy import WeightedVotingGame  # noqa: E402
from ipshare.solutions.banzhaf import banzhaf_value  # noqa: E402
from ipshare.solutions.sampling import Sampling, sampled_shapley  # noqa: E402
from ipshare.solutions.shapley import shapley_value  # noqa: E402
from ipshare.solutions.voting import voting_power  # noqa: E402

TOLERANCE = 1e-6
FAILURES = []


def version(dist):
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def optional(module):
    try:
        return __import__(module)
    except Exception:
        return None


coopgame = optional("coopgame")
coopgt_shapley = None
if optional("coopgt") is not None:
    from coopgt import shapley_value as coopgt_shapley  # noqa: E402


def check(label, ours, theirs, scale):
    difference = float(np.max(np.abs(np.asarray(ours) - np.asarray(theirs)))) / max(1.0, scale)
    if difference > TOLERANCE:
        FAILURES.append(f"{label}: relative difference {difference:.2e}")
    return difference


def ipshare_vector(allocation):
    return np.array([allocation.values[p] for p in allocation.players])


# ------------------------------------------------------------------------------------------------------------ 1


def coopgt_table(values, n):
    table = {}
    for mask in range(1 << n):
        table[tuple(i + 1 for i in range(n) if mask >> i & 1)] = float(values[mask])
    return table


def dense_part(args, figures):
    rows = []
    coopgt_rate = None  # seconds per (order × player), measured at a small n to predict larger ones
    if coopgt_shapley is not None:
        values = random_game(8, args.seed)
        started = time.perf_counter()
        coopgt_shapley.calculate(coopgt_table(values, 8), 8)
        coopgt_rate = (time.perf_counter() - started) / (math.factorial(8) * 8)
    for n in range(12, args.dense_max + 1, 2):
        values = random_game(n, args.seed)
        players = [f"P{i}" for i in range(n)]
        game = Game(players, values)
        row = {"n": n}
        row["ipshare_shapley"], row["ipshare_shapley_first"], ours = best_of(
            lambda game=game: shapley_value(game, exact=False), args.repeat
        )
        row["ipshare_banzhaf"], _, ours_banzhaf = best_of(
            lambda game=game: banzhaf_value(game, exact=False), args.repeat
        )
        scale = float(np.abs(values).max())
        if coopgame is not None:
            peer_game = coopgame.Game(values[1:])
            repeat = args.repeat if n <= 24 else 1
            row["coopgame_shapley"], row["coopgame_shapley_first"], theirs = best_of(
                lambda g=peer_game: coopgame.shapley(g), repeat
            )
            row["coopgame_banzhaf"], _, theirs_banzhaf = best_of(lambda g=peer_game: coopgame.banzhaf(g), repeat)
            row["diff_shapley"] = check(f"dense n={n} shapley", ipshare_vector(ours), theirs, scale)
            row["diff_banzhaf"] = check(f"dense n={n} banzhaf", ipshare_vector(ours_banzhaf), theirs_banzhaf, scale)
            del peer_game
        if coopgt_rate is not None:
            predicted = coopgt_rate * math.factorial(n) * n
            row["coopgt_predicted"] = predicted
            if predicted <= args.max_seconds:
                started = time.perf_counter()
                theirs = coopgt_shapley.calculate(coopgt_table(values, n), n)
                row["coopgt_shapley"] = time.perf_counter() - started
                check(f"dense n={n} coopgt", ipshare_vector(ours), theirs, scale)
        del game, values
        rows.append(row)
        print(f"  dense n={n} done", file=sys.stderr)
    figures["dense"] = rows
    print("\n### Dense exact Shapley and Banzhaf (seconds, best of runs; ratio = peer / ipshare)\n")
    print(
        "| n | ipshare shapley | coopgame shapley | ratio | coopgt shapley | ipshare banzhaf | coopgame banzhaf |"
        " ratio | max rel diff |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        ratio = row.get("coopgame_shapley", 0) / row["ipshare_shapley"] if "coopgame_shapley" in row else None
        ratio_b = row.get("coopgame_banzhaf", 0) / row["ipshare_banzhaf"] if "coopgame_banzhaf" in row else None
        coopgt = (
            fmt_seconds(row["coopgt_shapley"])
            if "coopgt_shapley" in row
            else (f"n/a (≈{row['coopgt_predicted']:.0e} s)" if "coopgt_predicted" in row else "n/a")
        )
        print(
            f"| {row['n']} | {fmt_seconds(row['ipshare_shapley'])} | {fmt_seconds(row.get('coopgame_shapley'))} | "
            f"{'n/a' if ratio is None else f'{ratio:.1f}'} | {coopgt} | {fmt_seconds(row['ipshare_banzhaf'])} | "
            f"{fmt_seconds(row.get('coopgame_banzhaf'))} | {'n/a' if ratio_b is None else f'{ratio_b:.1f}'} | "
            f"{max(row.get('diff_shapley', 0), row.get('diff_banzhaf', 0)):.1e} |"
        )


# ------------------------------------------------------------------------------------------------------------ 2


def voting_part(args, figures):
    rows = []
    for n, top in [
        (20, 10),
        (24, 10),
        (50, 10),
        (100, 10),
        (200, 10),
        (300, 10),
        (500, 10),
        (50, 100),
        (100, 100),
        (200, 100),
    ]:
        rng = np.random.default_rng([args.seed, n, top])
        weights = {f"V{i}": int(w) for i, w in enumerate(rng.integers(1, top + 1, n))}
        quota = sum(weights.values()) // 2 + 1
        game = WeightedVotingGame(weights, quota)
        row = {"n": n, "max_weight": top, "quota": quota}
        started = time.perf_counter()
        shapley = voting_power(game, "shapley")
        row["ipshare_shapley"] = time.perf_counter() - started
        started = time.perf_counter()
        banzhaf = voting_power(game, "banzhaf")
        row["ipshare_banzhaf"] = time.perf_counter() - started
        row["method"] = shapley.method
        if shapley.exact is not None:
            row["exact_sum"] = str(sum(shapley.exact.values()))
            if sum(shapley.exact.values()) != 1:
                FAILURES.append(f"voting n={n}: Shapley-Shubik does not sum to 1")
        elif abs(sum(shapley.values.values()) - 1) > n * shapley.details["error_bound"]:
            # floats beyond the exact programme's budget (issue 14): efficient within n times the stated bound
            FAILURES.append(f"voting n={n}: Shapley-Shubik floats do not sum to 1 within their bound")
        if n <= 24 and coopgame is not None:
            dense = game.dense()
            peer = coopgame.Game(dense.values[1:])
            started = time.perf_counter()
            theirs = coopgame.shapley(peer)
            row["coopgame_shapley_dense"] = time.perf_counter() - started
            started = time.perf_counter()
            theirs_banzhaf = coopgame.banzhaf(peer)
            row["coopgame_banzhaf_dense"] = time.perf_counter() - started
            check(f"voting n={n} shapley", ipshare_vector(shapley), theirs, 1.0)
            check(f"voting n={n} banzhaf", ipshare_vector(banzhaf), theirs_banzhaf, 1.0)
        rows.append(row)
        print(f"  voting n={n} done", file=sys.stderr)
    figures["voting"] = rows
    print("\n### Weighted voting: exact Shapley–Shubik and Banzhaf by dynamic programming (seconds)\n")
    print(
        "| voters | weights | quota | ipshare Shapley–Shubik (method) | ipshare Banzhaf |"
        " coopgame shapley / banzhaf on the dense table |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        peer = (
            f"{fmt_seconds(row['coopgame_shapley_dense'])} / {fmt_seconds(row['coopgame_banzhaf_dense'])}"
            if "coopgame_shapley_dense" in row
            else "n/a (2^n table)"
        )
        print(
            f"| {row['n']} | 1..{row['max_weight']} | {row['quota']} | {fmt_seconds(row['ipshare_shapley'])} "
            f"({row['method']}) | "
            f"{fmt_seconds(row['ipshare_banzhaf'])} | {peer} |"
        )


# ------------------------------------------------------------------------------------------------------------ 3


def alliance_part(args, figures):
    rows = []
    for members, sources, touch in [(22, 60, 8), (1000, 10000, 12)]:
        row = {"members": members, "sources": sources, "touch": touch}
        text = alliance_json(members, sources, touch, args.seed)
        started = time.perf_counter()
        scenario = ipshare.loads(text, "json")
        row["load"] = time.perf_counter() - started
        from ipshare.alliance.structured import structured_benefit_game

        started = time.perf_counter()
        game = structured_benefit_game(scenario)
        row["structure"] = time.perf_counter() - started
        row["components"] = len(game.components)
        started = time.perf_counter()
        shapley = shapley_value(game)
        row["shapley_exact"] = time.perf_counter() - started
        started = time.perf_counter()
        banzhaf = banzhaf_value(game)
        row["banzhaf_exact"] = time.perf_counter() - started
        started = time.perf_counter()
        shapley_value(game, exact=False)
        row["shapley_float"] = time.perf_counter() - started
        if sum(shapley.exact.values()) != game.exact_grand_value:
            FAILURES.append(f"alliance {members}: Shapley is not efficient")
        if members <= 24 and coopgame is not None:
            started = time.perf_counter()
            dense = game.dense()
            row["ipshare_dense_table"] = time.perf_counter() - started
            started = time.perf_counter()
            shapley_value(dense, exact=False)
            row["ipshare_dense_shapley"] = time.perf_counter() - started
            peer = coopgame.Game(dense.values[1:])
            started = time.perf_counter()
            theirs = coopgame.shapley(peer)
            row["coopgame_shapley"] = time.perf_counter() - started
            started = time.perf_counter()
            theirs_banzhaf = coopgame.banzhaf(peer)
            row["coopgame_banzhaf"] = time.perf_counter() - started
            scale = float(np.abs(dense.values).max())
            row["diff"] = max(
                check("alliance shapley", ipshare_vector(shapley), theirs, scale),
                check("alliance banzhaf", ipshare_vector(banzhaf), theirs_banzhaf, scale),
            )
        rows.append(row)
        print(f"  alliance {members} done", file=sys.stderr)
    figures["alliance"] = rows
    print("\n### Structured alliances: exact values source by source (seconds)\n")
    print(
        "| members | sources | ≤ members per source | components | load | structure | Shapley exact |"
        " Banzhaf exact | Shapley float | peers (dense table) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for row in rows:
        peer = (
            f"coopgame shapley {fmt_seconds(row['coopgame_shapley'])}, banzhaf {fmt_seconds(row['coopgame_banzhaf'])}"
            f" (after ipshare builds the 2^{row['members']} table in {fmt_seconds(row['ipshare_dense_table'])});"
            f" agree to {row['diff']:.0e}"
            if "coopgame_shapley" in row
            else "n/a: a table of 2^1000 values"
        )
        print(
            f"| {row['members']} | {row['sources']} | {row['touch']} | {row['components']} | "
            f"{fmt_seconds(row['load'])} | {fmt_seconds(row['structure'])} | {fmt_seconds(row['shapley_exact'])} | "
            f"{fmt_seconds(row['banzhaf_exact'])} | {fmt_seconds(row['shapley_float'])} | {peer} |"
        )


# ------------------------------------------------------------------------------------------------------------ 4


def sampling_part(args, figures):
    from ipshare.alliance.structured import structured_benefit_game

    # 20 members: small enough for a dense table, so that both libraries read coalition values at the same cost
    # (a table look-up) and the exact value is known.
    scenario = ipshare.loads(alliance_json(20, 80, 6, args.seed), "json")
    game = structured_benefit_game(scenario).dense()
    exact = ipshare_vector(shapley_value(game, exact=False))
    scale = float(np.mean(np.abs(exact)))
    n = game.n
    rows = []
    for budget in (int(float(b)) for b in args.budgets.split(",")):
        row = {"evaluations": budget}
        for label, stratified in (("stratified", True), ("permutation", False)):
            errors, stated, seconds = [], [], 0.0
            cost = 4 * n * n if stratified else 2 * (n + 1)
            samples = max(2, budget // cost)
            for seed in range(args.seeds):
                started = time.perf_counter()
                result = sampled_shapley(game, sampling=Sampling(samples=samples, seed=seed, method=label))
                seconds += time.perf_counter() - started
                errors.append(ipshare_vector(result) - exact)
                stated.append(np.mean(list(result.stderr.values())))
            row[f"ipshare_{label}_rmse"] = float(np.sqrt(np.mean(np.square(errors)))) / scale
            row[f"ipshare_{label}_stated"] = float(np.mean(stated)) / scale
            row[f"ipshare_{label}_seconds"] = seconds / args.seeds
        if coopgame is not None:
            table = game.values

            def function(coalition, table=table):
                return float(table[sum(1 << i for i in coalition)])

            peer = coopgame.FunctionGame(n, function)
            errors, seconds = [], 0.0
            permutations = max(1, budget // n)
            for seed in range(args.seeds):
                started = time.perf_counter()
                theirs = coopgame.shapley_sampling(peer, permutations, seed=seed)
                seconds += time.perf_counter() - started
                errors.append(np.asarray(theirs["values"]) - exact)
            row["coopgame_rmse"] = float(np.sqrt(np.mean(np.square(errors)))) / scale
            row["coopgame_seconds"] = seconds / args.seeds
        rows.append(row)
        print(f"  sampling {budget} done", file=sys.stderr)
    figures["sampling"] = {"members": n, "seeds": args.seeds, "rows": rows}
    print(
        f"\n### Sampled Shapley: error against coalition evaluations ({n}-member alliance, {args.seeds} seeds;"
        " RMSE and stated standard error relative to mean |φ|; seconds per run)\n"
    )
    print(
        "| evaluations | ipshare stratified RMSE | stated s.e. | s | ipshare permutation RMSE | stated s.e. | s |"
        " coopgame shapley_sampling RMSE | s |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row['evaluations']:,} | {row['ipshare_stratified_rmse']:.2e} | {row['ipshare_stratified_stated']:.2e} "
            f"| {fmt_seconds(row['ipshare_stratified_seconds'])} | {row['ipshare_permutation_rmse']:.2e} | "
            f"{row['ipshare_permutation_stated']:.2e} | {fmt_seconds(row['ipshare_permutation_seconds'])} | "
            f"{row.get('coopgame_rmse', float('nan')):.2e} | {fmt_seconds(row.get('coopgame_seconds'))} |"
        )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", default="dense,voting,alliance,sampling")
    parser.add_argument("--dense-max", type=int, default=26)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--seeds", type=int, default=10, help="sampling: runs per budget")
    parser.add_argument("--budgets", default="1e4,1e5,1e6,1e7", help="sampling: coalition evaluations per run")
    parser.add_argument("--max-seconds", type=float, default=60.0)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    print(
        f"Machine: {machine_summary()}; Python {sys.version.split()[0]}; numpy {np.__version__}; ipshare "
        f"{version('ipshare')}; coopgame-py {version('coopgame-py')}; coopgt {version('coopgt')}; threads: "
        f"OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}"
    )
    figures = {}
    parts = {"dense": dense_part, "voting": voting_part, "alliance": alliance_part, "sampling": sampling_part}
    for name in args.parts.split(","):
        parts[name](args, figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str))
    if FAILURES:
        print("\n!!! " + "\n!!! ".join(FAILURES))
        return 2
    print("\nAll cross-checks passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
