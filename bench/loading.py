#!/usr/bin/env python3
"""Loading a large alliance and building its benefit game (round four of issue 14): CPU seconds per phase.

The alliances are bench/alliances.py's (``alliance_json(members, 2 × members, 6, seed)``: every revenue source
touches at most 6 members), written to a temporary JSON file (and, with ``--yaml``, the 2,000-member one as YAML
too). For each, in this process: the parse alone (``ipshare.model.reading``), the whole load (``ipshare.loads``:
parse, line map, validation), and the benefit game (``ipshare.benefit_game``: structured, source by source); then
``ipshare allocate FILE -f json`` as a whole process (``python -m ipshare.cli`` of this interpreter), its CPU
seconds (user + system) and wall seconds, and the SHA-256 of its output with the file's name taken out, so that
two checkouts can be seen to give the same answer byte for byte.

Times are CPU seconds (``time.process_time``), best of ``--repeat`` runs, with the garbage collector left as a
program has it (its passes over a large heap are part of the cost). CPU rather than wall seconds: the bench
machine is shared. To measure another checkout: ``PYTHONPATH=/path/to/checkout python bench/loading.py``.

Run:   python3 bench/loading.py [--members 2000,10000] [--repeat 3] [--yaml] [--json figures.json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from alliances import alliance, alliance_json  # noqa: E402

import ipshare  # noqa: E402


def cpu(fn, repeat):
    best, result = None, None
    for _ in range(repeat):
        started = time.process_time()
        result = fn()
        seconds = time.process_time() - started
        best = seconds if best is None else min(best, seconds)
    return best, result


def parse(text, fmt):
    from ipshare.model import reading

    return getattr(reading, f"_parse_{fmt}")(text, "bench")


def whole_process(path, runs):
    """(best CPU s, best wall s, SHA-256 of the output without the file name) of ``ipshare allocate``."""
    best_cpu = best_wall = None
    digest = None
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "ipshare.cli", "allocate", str(path), "-f", "json"],
            capture_output=True, check=False, env=os.environ.copy(),
        )
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            raise SystemExit(f"ipshare allocate failed: {done.stderr.decode()[-500:]}")
        used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        best_cpu = used if best_cpu is None else min(best_cpu, used)
        best_wall = wall if best_wall is None else min(best_wall, wall)
        digest = hashlib.sha256(done.stdout.replace(str(path).encode(), b"FILE")).hexdigest()[:16]
    return best_cpu, best_wall, digest


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", default="2000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--process-runs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--yaml", action="store_true", help="also the 2,000-member alliance as a YAML file")
    parser.add_argument("--json", dest="json_path")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        cases = []
        for members in (int(m) for m in args.members.split(",")):
            path = Path(folder) / f"alliance-{members}.json"
            path.write_text(alliance_json(members, 2 * members, 6, args.seed), encoding="utf-8")
            cases.append((members, "json", path))
            if args.yaml and members <= 2000:
                import yaml

                path = Path(folder) / f"alliance-{members}.yaml"
                path.write_text(yaml.safe_dump(alliance(members, 2 * members, 6, args.seed), sort_keys=False),
                                encoding="utf-8")
                cases.append((members, "yaml", path))
        for members, fmt, path in cases:
            text = path.read_text(encoding="utf-8")
            parsed, _ = cpu(lambda text=text, fmt=fmt: parse(text, fmt), args.repeat)
            loaded, scenario = cpu(lambda text=text, fmt=fmt: ipshare.loads(text, fmt), args.repeat)
            built, _ = cpu(lambda scenario=scenario: ipshare.benefit_game(scenario), args.repeat)
            process_cpu, process_wall, digest = whole_process(path, args.process_runs)
            rows.append({"members": members, "format": fmt, "bytes": len(text.encode()), "parse": parsed,
                         "load": loaded, "game": built, "allocate_cpu": process_cpu, "allocate_wall": process_wall,
                         "output_sha256": digest})
    print("| members | file | parse s | load s (all) | benefit game s | `ipshare allocate` CPU s | wall s | output |")
    print("|---:|---|---:|---:|---:|---:|---:|---|")
    for r in rows:
        print(f"| {r['members']:,} | {r['format']}, {r['bytes'] / 1e6:.1f} MB | {r['parse']:.3f} | {r['load']:.3f} | "
              f"{r['game']:.3f} | {r['allocate_cpu']:.2f} | {r['allocate_wall']:.2f} | `{r['output_sha256']}` |")
    if args.json_path:
        Path(args.json_path).write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
