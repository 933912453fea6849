"""BLAS threads for the command line: one, unless the user chose otherwise.

A command works on one scenario: its matrix products are small (blocks of a dense table, matrices of a few dozen
rows), far too small to share between threads, and OpenBLAS's extra threads spin while they wait for work: on a
two-core machine ``ipshare allocate`` used 0.28 s of CPU in 0.18 s of wall time, half of it a second thread that
did nothing useful, and a core taken from whatever else runs (another ``ipshare`` of a sweep, a test suite).

So the console-script entry point (and only it) asks for one BLAS thread, before numpy is first imported (the
variables are read when the BLAS library loads). It never overrides a value the user set, and the library never
does this on its own: a notebook or a program that imports ipshare keeps its BLAS as it configured it, since it
may well have large matrix products of its own.
"""

from __future__ import annotations

import os
import sys

__all__ = ["single_blas_thread"]

# OpenBLAS (numpy's wheels), MKL (some distributions' numpy), and the Accelerate/vecLib framework on macOS.
_VARIABLES = ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS")


def single_blas_thread(environ=None) -> bool:
    """Ask for one BLAS thread where the user has not chosen a number; False when numpy is already imported (then
    the setting could not take effect, and nothing is changed)."""
    environ = os.environ if environ is None else environ
    if "numpy" in sys.modules:
        return False
    for variable in _VARIABLES:
        environ.setdefault(variable, "1")
    return True
