"""Power indices of weighted voting games by dynamic programming over the weights: exactly, or in floats with a bound.

In [q; w_1, …, w_n] player i swings for a coalition S ∌ i when w(S) < q ≤ w(S) + w_i. The Shapley–Shubik index
(Shapley & Shubik 1954) and the raw Banzhaf value (Banzhaf 1965) count swings:

    φ_i = Σ_s s!(n−1−s)!/n! · #{S ∌ i : |S| = s, q − w_i ≤ w(S) < q},
    β_i = #{S ∌ i : q − w_i ≤ w(S) < q} / 2^(n−1).

The counts come from the generating function Π_j (1 + y·x^{w_j}) truncated to the weights needed: one table of
counts by size and weight for all players, from which each distinct weight is divided out again (the method of
Mann & Shapley 1962 and Brams & Affuso 1976, with the division of Uno 2012; :mod:`ipshare.solutions.voting_dp`
has the details: sizes above (n − 1)/2 through complements, block sums instead of a copy of the table per weight).
Weights are integers inside (:func:`ipshare.games.lazy.integer_weights` scales rational weights exactly).

Exact rationals where they are cheap: the counts modulo 2^64 and primes below 2^39, put together by the Chinese
remainder theorem. Beyond that (by default, when the exact programme would cost more than :data:`EXACT_CELLS`
table cells, about a second) the same programme runs in float64, where it is numerically stable: every result
carries a rigorous bound on its absolute error, computed from the magnitudes of the terms it summed, and its
``method`` says so (``"float-voting-dp, |error| <= 4e-15"``). A programme beyond :data:`MAX_DP_CELLS` cells (some
minutes) is refused before it starts, with advice.

References
----------
L. S. Shapley and M. Shubik, "A method for evaluating the distribution of power in a committee system", American
Political Science Review 48, 1954.
I. Mann and L. S. Shapley, "Values of large games VI: evaluating the electoral college exactly", RAND RM-3158, 1962.
S. J. Brams and P. J. Affuso, "Power and size: a new paradox", Theory and Decision 7, 1976.
T. Uno, "Efficient computation of power indices for weighted majority games", ISAAC 2012, LNCS 7676.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from ..errors import GameError
from .allocation import make_allocation

__all__ = ["voting_power", "swing_counts", "MAX_DP_CELLS", "EXACT_CELLS"]

# The cost model counts table cells (one add, or one cell read by a block sum): about a nanosecond each here
# (bench/issue14.py). A programme of more cells than this is refused: about ten minutes, far above what finishes
# in a minute, far below an hour.
MAX_DP_CELLS = 6 * 10**11
# By default exact rationals are computed up to this many cells (about a second), floats with a bound beyond.
EXACT_CELLS = 10**9
# A float result whose error bound is above this is not returned when the exact programme fits. The bound is a
# small multiple of n·2^-53 on councils whose quota is a third of the weight or more; with a quota far below half
# the weight it is loose (stated up to ~1e-9 where the measured error is ~1e-17: tests/test_speed_results.py).
FLOAT_TOLERANCE = 1e-9
_ADVICE = "round the weights to fewer significant digits, or use sampling (rules shapley-sampled, banzhaf-sampled)"


def voting_power(game, rule="shapley", exact=None):
    """The Shapley–Shubik index (``rule="shapley"``) or raw Banzhaf value (``"banzhaf"``) of a weighted voting game.

    ``game`` is a :class:`~ipshare.games.WeightedVotingGame` or a dense game built by
    :func:`~ipshare.games.weighted_voting_game` (its ``spec`` holds the weights and quota). ``exact``: ``True`` for
    exact rationals whatever they cost (up to :data:`MAX_DP_CELLS`), ``False`` for floats with an error bound,
    ``None`` (default) for exact rationals when they cost at most :data:`EXACT_CELLS` table cells.

    Examples
    --------
    >>> from ipshare.games import WeightedVotingGame
    >>> eec = WeightedVotingGame({"FR": 4, "DE": 4, "IT": 4, "BE": 2, "NL": 2, "LU": 1}, 12)
    >>> voting_power(eec, "shapley").exact["FR"], voting_power(eec, "shapley").exact["LU"]
    (Fraction(7, 30), Fraction(0, 1))
    >>> voting_power(eec, "shapley", exact=False).method
    'float-voting-dp, |error| <= 8e-15'
    """
    from ..games.lazy import WeightedVotingGame, integer_weights

    if isinstance(game, WeightedVotingGame):
        weights, quota = game.integer_weights, game.integer_quota
    else:
        spec = game.spec
        weights, quota, _ = integer_weights([spec["weights"][p] for p in game.players], spec["quota"])
    n = len(weights)
    by_size = rule == "shapley"
    if quota <= 0 or quota > sum(weights):  # nobody ever swings
        return make_allocation(game, rule, None, exact=[Fraction(0)] * n, method="exact-voting-dp", quota=quota)
    from .voting_dp import plan

    layout = plan(weights, quota, by_size)
    if exact is None:
        exact = layout.exact_cells <= EXACT_CELLS
    if not exact:
        values, bound = _float_power(weights, quota, layout)
        if bound <= FLOAT_TOLERANCE or layout.exact_cells > MAX_DP_CELLS:
            method = f"float-voting-dp, |error| <= {_round_up(bound)}"
            return make_allocation(game, rule, values, method=method, quota=quota, error_bound=bound)
    counts = swing_counts(weights, quota, by_size=by_size)
    if by_size:
        factorial = [math.factorial(j) for j in range(n + 1)]
        by_counts = {}  # players of equal weight share their counts: weigh each distinct row once
        values = []
        for row in counts:
            key = id(row)
            if key not in by_counts:
                weighted = sum(c * factorial[s] * factorial[n - 1 - s] for s, c in enumerate(row) if c)
                by_counts[key] = Fraction(weighted, factorial[n])
            values.append(by_counts[key])
    else:
        values = [Fraction(c, 1 << (n - 1)) for c in counts]
    return make_allocation(game, rule, None, exact=values, method="exact-voting-dp", quota=quota)


def _float_power(weights, quota, layout):
    """The indices in float64 and a bound on the absolute error of every one of them."""
    from ..games.table import require_memory
    from .voting_dp import float_counts, float_error_factor

    n = len(weights)
    _refuse_beyond(layout.cells, n, quota)
    require_memory(2 * layout.table_bytes(), f"voting power in floats ({n} players, integer quota {quota})", _ADVICE)
    counts, exponents = float_counts(weights, quota, layout)
    gamma = float_error_factor(layout)
    values = {}
    bound = 0.0
    if layout.sized:
        # coefficient of size s: s!(n−1−s)!/n! = 1/(n·C(n−1, s)), times the row's scale 2^e_s (exact integers,
        # divided once: correctly rounded)
        coefficient = [(1 << exponents[s]) / (n * math.comb(n - 1, s)) for s in range(layout.top + 1)]
        for weight, windows in counts.items():
            total = magnitude = 0.0
            for signed, absolute in windows:
                scale = np.array(coefficient[: signed.size])
                total += float(scale @ signed)
                magnitude += float(scale @ absolute)
            values[weight] = total
            bound = max(bound, gamma * magnitude * (1 + 1e-6))
    else:
        for weight, ((signed, absolute),) in counts.items():
            values[weight] = math.ldexp(float(signed[0]), exponents - (n - 1))
            bound = max(bound, gamma * math.ldexp(float(absolute[0]), exponents - (n - 1)) * (1 + 1e-6))
    return [values.get(w, 0.0) for w in weights], bound


def _round_up(bound):
    """A bound as one significant digit, rounded up (so that it stays a bound)."""
    if bound <= 0:
        return "0"
    exponent = math.floor(math.log10(bound))
    digit = math.ceil(bound / 10.0**exponent * (1 + 1e-9))
    if digit >= 10:
        digit, exponent = 1, exponent + 1
    return f"{digit}e{exponent:+03d}".replace("e+0", "e+").replace("e-0", "e-")


def _refuse_beyond(cells, n, quota, what="voting power"):
    if cells > MAX_DP_CELLS:
        raise GameError(
            f"{what} needs about {cells:.1e} table steps ({n} players, integer quota {quota}), minutes beyond "
            f"what ipshare starts; {_ADVICE}"
        )


def swing_counts(weights, quota, by_size=True):
    """For each player, the number of coalitions of the others for which it swings (by coalition size if asked).

    ``weights`` are non-negative integers and ``quota`` an integer. Returns a list of n lists of n counts
    (index = size of the coalition joined) when ``by_size``, else a list of n counts. Exact integers.

    Examples
    --------
    >>> swing_counts([2, 1, 1], 3)        # [3; 2, 1, 1]: A swings with B, C or both, B and C only with A
    [[0, 2, 1], [0, 1, 0], [0, 1, 0]]
    >>> swing_counts([2, 1, 1], 3, by_size=False)
    [3, 1, 1]
    """
    n = len(weights)
    if n == 0:
        return []
    if quota <= 0 or quota > sum(weights):
        return [[0] * n for _ in weights] if by_size else [0] * n
    from ..games.table import require_memory
    from .voting_dp import exact_counts, plan

    layout = plan(weights, quota, by_size)
    _refuse_beyond(layout.exact_cells, n, quota, "exact voting power")
    # The stacked table of the 2^64 layer and at least one prime (uint64 cells), and the block sums.
    require_memory(
        3 * layout.table_bytes(min(2, layout.moduli_count())),
        f"exact voting power ({n} players, integer quota {quota})",
        _ADVICE,
    )
    counts = exact_counts(weights, quota, layout)
    zero = [0] * n if by_size else 0
    return [counts.get(w, zero) if w > 0 else ([0] * n if by_size else 0) for w in weights]
