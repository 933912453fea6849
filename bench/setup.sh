#!/usr/bin/env bash
# Create the benchmark venv: ipshare (editable, from this checkout) + the peer coopgame-py + numpy.
#
#   bash bench/setup.sh                    # venv in bench/.venv
#   BENCH_VENV=/tmp/v bash bench/setup.sh  # venv elsewhere
#   PYTHON=python3.11 bash bench/setup.sh  # pick the interpreter (3.11 or newer)
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(dirname "$BENCH_DIR")"
VENV="${BENCH_VENV:-$BENCH_DIR/.venv}"
PYTHON="${PYTHON:-python3}"

# The peer, pinned to the version the figures in bench/README.md were measured with.
COOPGAME_PY_VERSION="0.3.0"
COOPGT_VERSION="0.0.3"  # pure Python; bench/scale.py uses it where its n! enumeration can finish
POWERINDEX_VERSION="0.3.5"  # weighted voting power indices (bench/issue14.py); fails from 171 voters

if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
    echo "setup.sh: $PYTHON is $("$PYTHON" --version 2>&1); ipshare needs Python >= 3.11 (set PYTHON=...)" >&2
    exit 1
fi

echo "setup.sh: venv at $VENV"
if ! "$PYTHON" -m venv "$VENV"; then
    echo "setup.sh: '$PYTHON -m venv' failed (on Debian/Ubuntu: apt-get install python3-venv)" >&2
    exit 1
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -e "$REPO_ROOT"
"$VENV/bin/python" -m pip install --quiet "coopgame-py==$COOPGAME_PY_VERSION" "coopgt==$COOPGT_VERSION" \
    "powerindex==$POWERINDEX_VERSION" "numpy>=1.24"

"$VENV/bin/python" - <<'PY'
import importlib.metadata as md
for dist in ("ipshare", "coopgame-py", "coopgt", "powerindex", "numpy"):
    try:
        print(f"setup.sh: {dist} {md.version(dist)}")
    except md.PackageNotFoundError:
        print(f"setup.sh: {dist} NOT installed")
PY
echo "setup.sh: run with  $VENV/bin/python $BENCH_DIR/shapley_dense.py  (or bench/scale.py)"
