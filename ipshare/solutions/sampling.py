"""Shapley and Banzhaf values estimated by sampling, seeded, with standard errors and confidence intervals.

For games with neither a dense table small enough to sum nor a structure to compute from, the values are
estimated from random samples of marginal contributions. Every estimator here averages independent, identically
distributed sample vectors, each an unbiased estimate of the whole value vector; the standard error of player i
is the sample standard deviation of its entries over √m, and the confidence interval is the normal one,
estimate ± z·stderr (z = 1.96 at 95 %).

Shapley, by default: **permutation sampling** with antithetic pairs (Castro, Gómez, Tejada 2009; Mitchell et al.
2022): a random joining order and its reverse, the sample being the average of the two orders' marginal
contributions. Cost: 2(n + 1) coalition values per sample; every sample is efficient (sums to v(N)).

Shapley with ``method="stratified"``: **stratified by position** (Castro et al. 2009, 2017). φ_i is the average
over positions k = 0 … n−1 of player i's expected marginal contribution when it joins k others chosen at random.
One sample draws, for each player, a random order of the others and its reverse (an antithetic pair: the first k
of the reverse are the complement of the first n−1−k of the order) and takes i's marginal contribution to every
prefix of both: every position stratum is visited exactly twice per sample (proportional allocation; Castro et
al. 2017 also allocate optimally between strata, ipshare does not). Cost: 4n² coalition values per sample. It
pays two coalition values per marginal contribution where a permutation shares each value between two players,
so per evaluation it wins only on games whose marginal contributions depend strongly on the position; on the
benchmark alliance (bench/README.md) the permutation estimator has the smaller error for the same evaluations,
hence the default.

Banzhaf: a uniformly random coalition S and its complement (antithetic); each player's marginal contribution
v(S ∪ i) − v(S \\ i) is read from v(S) and v(S with i toggled). Cost: 2(n + 1) coalition values per sample.

The number of samples is ``samples`` when given; else, when ``tolerance`` is given, it is chosen so that the
largest half-width z·σ_i/√m is at most the tolerance, σ_i estimated from a pilot of 64 samples and re-estimated
when that size is reached, extending the sample while it falls short (Castro et al. 2009, §4); else
:data:`DEFAULT_SAMPLES`. The seed makes results reproducible (default 0).

References
----------
J. Castro, D. Gómez, J. Tejada, "Polynomial calculation of the Shapley value based on sampling", Computers &
Operations Research 36(5), 2009.
J. Castro, D. Gómez, E. Molina, J. Tejada, "Improving polynomial estimation of the Shapley value by stratified
random sampling with optimum allocation", Computers & Operations Research 82, 2017.
R. Mitchell, J. Cooper, E. Frank, G. Holmes, "Sampling permutations for Shapley value estimation", JMLR 23, 2022.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace
from statistics import NormalDist

import numpy as np

from .. import deadline
from ..errors import GameError, RuleError
from .allocation import make_allocation

__all__ = [
    "Sampling",
    "sampled_shapley",
    "sampled_banzhaf",
    "sampled_value",
    "estimate",
    "permutation_samples",
    "game_oracle",
    "with_errors",
    "DEFAULT_SAMPLES",
    "SHAPLEY_METHODS",
]

DEFAULT_SAMPLES = 1000
PILOT_SAMPLES = 64
SHAPLEY_METHODS = ("permutation", "stratified")
# One batch of sampled coalitions is kept to about this many membership cells (booleans).
_BATCH_CELLS = 1 << 22
# Without --time-limit, a request whose projected time (from the first batch) exceeds this is refused early.
TIME_BUDGET_SECONDS = 600.0


@dataclass(frozen=True)
class Sampling:
    """How to sample: a fixed number of samples, or a tolerance at a confidence level; the seed; a progress hook.

    ``progress(done, total)`` is called between batches (``total`` may grow once, after the pilot, when the
    sample size is chosen from the tolerance). ``max_samples`` bounds a tolerance-driven sample size.
    """

    samples: int | None = None
    tolerance: float | None = None
    confidence: float = 0.95
    seed: int = 0
    progress: object = None
    max_samples: int = 10**6
    method: str = "permutation"  # Shapley: "permutation" (antithetic orders) or "stratified" (by position)

    def __post_init__(self):
        if self.method not in SHAPLEY_METHODS:
            raise GameError(f"unknown sampling method {self.method!r}; choose one of {', '.join(SHAPLEY_METHODS)}")
        if self.samples is not None and self.samples < 2:
            raise GameError("sampling needs at least 2 samples to estimate its error")
        if self.tolerance is not None and not self.tolerance > 0:
            raise GameError("the sampling tolerance must be a positive number")
        # Any level strictly between 0 and 1 is served: the quantile is taken from the tail (1 - confidence) / 2,
        # which stays positive where (1 + confidence) / 2 would round to 1.
        if not 0 < self.confidence < 1:
            raise GameError(f"the confidence level must be between 0 and 1 (e.g. 0.95), not {self.confidence!r}")
        if self.seed < 0:  # numpy's generators take seeds of 0 and above
            raise GameError(f"the seed must be a whole number of at least 0, not {self.seed!r}")

    @property
    def z(self) -> float:
        """The normal quantile of the two-sided interval, from its tail: (1 + c)/2 rounds to 1.0 for c within
        2^-53 of 1, where the tail (1 − c)/2 is still a positive float (z ≈ 8.3 at the largest c below 1)."""
        return -NormalDist().inv_cdf((1 - self.confidence) / 2)


def sampled_shapley(game, exact=None, sampling=None):
    """The Shapley value estimated by sampling antithetic pairs of orders (or by position: ``method="stratified"``).

    Examples
    --------
    >>> from ipshare.games import table_game
    >>> game = table_game(["A", "B", "C"], {"A": 6, "B": 12, "C": 42, "A+B": 12, "A+C": 42, "B+C": 42,
    ...                                     "A+B+C": 42})
    >>> result = sampled_shapley(game, sampling=Sampling(samples=200, seed=1, method="stratified"))
    >>> [round(result.values[p], 6) for p in "ABC"], result.method   # exact for 3 players: all orders seen
    ([2.0, 5.0, 35.0], 'sampled-stratified')
    """
    return sampled_value(game, "shapley", sampling, rule_name="shapley-sampled")


def sampled_banzhaf(game, exact=None, sampling=None):
    """The raw Banzhaf value estimated from random coalitions and their complements."""
    return sampled_value(game, "banzhaf", sampling, rule_name="banzhaf-sampled")


def sampled_value(game, rule, sampling=None, rule_name=None):
    """Estimate ``rule`` (``"shapley"`` or ``"banzhaf"``) on ``game`` and return an Allocation with ``stderr``."""
    sampling = sampling or Sampling()
    oracle = game_oracle(game)
    n = game.n
    if rule == "shapley":
        if sampling.method == "stratified":
            draw, cost, method = _stratified_shapley(oracle, n), 4 * n * n, "sampled-stratified"
        else:
            draw, cost, method = permutation_samples(oracle, n), 2 * (n + 1), "sampled-permutation"
    elif rule == "banzhaf":
        draw, cost, method = _banzhaf_samples(oracle, n), 2 * (n + 1), "sampled-coalitions"
    else:
        raise RuleError(f"no sampling method for {rule}")
    mean, stderr, details = estimate(draw, n, sampling, evaluations_per_sample=cost)
    allocation = make_allocation(game, rule_name or rule, mean, method=method, **details)
    return with_errors(allocation, stderr, sampling)


def with_errors(allocation, stderr, sampling):
    """The allocation with its standard errors and the confidence interval's level and half-widths."""
    sampling = sampling or Sampling()
    errors = {player: float(e) for player, e in zip(allocation.players, stderr, strict=True)}
    z = sampling.z
    details = dict(allocation.details)
    details["confidence"] = sampling.confidence
    details["interval"] = {
        player: [allocation.values[player] - z * e, allocation.values[player] + z * e] for player, e in errors.items()
    }
    return replace(allocation, stderr=errors, details=details)


# ------------------------------------------------------------------------------------------------------------
# The estimator


def estimate(draw, n, sampling, evaluations_per_sample):
    """Average i.i.d. sample vectors drawn by ``draw(rng, count) -> (count × n) array``.

    Returns ``(mean, stderr, details)``; details say how many samples and coalition evaluations were used, the
    seed, and, for a tolerance, whether it was met.

    Under a time limit (:mod:`ipshare.deadline`) the estimate stops at the deadline with the samples drawn so far
    (at least 2) and its details say ``"stopped": "time limit"``. Without one, a sample size whose projected time
    (measured on the batches drawn) exceeds :data:`TIME_BUDGET_SECONDS` is refused early with a GameError.
    """
    rng = np.random.default_rng(sampling.seed)
    started = time.perf_counter()
    stopped = False
    batch = max(1, _BATCH_CELLS // max(1, evaluations_per_sample * n))
    total = sampling.samples if sampling.samples is not None else DEFAULT_SAMPLES
    if sampling.samples is None and sampling.tolerance is not None:
        total = PILOT_SAMPLES
    count = 0
    sums = np.zeros(n)
    squares = np.zeros(n)
    shift = None  # samples are centred on the first batch's mean, for a stable variance
    while count < total:
        size = min(batch, total - count)
        if deadline.expired():
            if count >= 2:
                stopped = True
                break
            size = min(size, 2 - count)  # the least that gives an estimate with an error
        samples = draw(rng, size)
        if shift is None:
            shift = samples.mean(axis=0)
        centred = samples - shift
        sums += centred.sum(axis=0)
        squares += (centred * centred).sum(axis=0)
        count += size
        if count >= total and sampling.tolerance is not None and sampling.samples is None:
            # Two-stage (Castro et al. 2009, §4), repeated while the variance estimate grows: the sample size
            # that brings the largest half-width to the tolerance, with 5 % to spare.
            variance = _variance(sums, squares, count)
            total = max(count, _needed_samples(float(variance.max()), sampling))
        if sampling.progress is not None:
            sampling.progress(count, total)
        _within_budget(time.perf_counter() - started, count, total)
    mean = shift + sums / count
    stderr = np.sqrt(_variance(sums, squares, count) / count)
    details = {
        "samples": count,
        "evaluations": count * evaluations_per_sample,
        "seed": sampling.seed,
    }
    if sampling.tolerance is not None and sampling.samples is None:
        details["tolerance"] = sampling.tolerance
        details["tolerance_met"] = bool(sampling.z * float(stderr.max()) <= sampling.tolerance * (1 + 1e-9))
    if stopped:
        details["stopped"] = "time limit"
        details["time_limit"] = deadline.limit_seconds()
    return mean, stderr, details


def _needed_samples(variance, sampling):
    """The sample size that brings z·σ/√m to the tolerance, with 5 % to spare, capped at ``max_samples``.

    Computed as a ratio first: z²σ²/ε² overflows, and ε² underflows to 0, for tolerances such as 1e-300 that are
    valid but cannot be reached; those get the cap (and ``tolerance_met`` says they were not reached).
    """
    ratio = sampling.z * math.sqrt(variance) / sampling.tolerance
    needed = 1.05 * ratio * ratio
    if not math.isfinite(needed) or needed >= sampling.max_samples:
        return sampling.max_samples
    return math.ceil(needed)


def _within_budget(elapsed, count, total):
    """Refuse, early, a sample size that would run for longer than TIME_BUDGET_SECONDS without a time limit."""
    if count >= total or deadline.remaining() is not None:
        return
    try:
        projected = elapsed / count * total
    except OverflowError:  # a sample count beyond float's range (samples=10**400)
        projected = math.inf
    if projected > TIME_BUDGET_SECONDS:
        count_text = f"{total:,}" if total < 10**15 else f"about 1e{len(str(total)) - 1}"
        raise GameError(
            f"{count_text} samples would take {_about(projected)} here, more than the "
            f"{_duration(TIME_BUDGET_SECONDS)} ipshare runs without a time limit; ask for fewer samples (--samples) "
            "or a looser --tolerance, or give --time-limit SECONDS to end with the best estimate by then"
        )


def _about(seconds):
    if seconds > 1000 * 365.25 * 86400:
        return "more than a thousand years"
    return f"about {_duration(seconds)}"


def _duration(seconds):
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} minutes"
    return f"{seconds / 3600:,.0f} hours"


def _variance(sums, squares, count):
    if count < 2:
        return np.zeros_like(sums)
    return np.maximum(squares - sums * sums / count, 0.0) / (count - 1)


# ------------------------------------------------------------------------------------------------------------
# Coalition values


def game_oracle(game):
    """A function from a boolean (m × n) membership matrix to the m coalition values, for any game."""
    values = getattr(game, "values", None)
    if isinstance(values, np.ndarray):
        weights = np.int64(1) << np.arange(game.n, dtype=np.int64)

        def dense(membership):
            return values[np.asarray(membership, dtype=np.int64) @ weights]

        return dense
    return game.evaluate


def _prefix_values(oracle, positions):
    """Values of every prefix of each order: positions (m × n) give each player's place; returns (m × (n+1))."""
    m, n = positions.shape
    steps = np.arange(n + 1)
    membership = positions[:, None, :] < steps[None, :, None]  # (m, n+1, n): prefix k holds places < k
    return oracle(membership.reshape(m * (n + 1), n)).reshape(m, n + 1)


def permutation_samples(oracle, n, draw_positions=None):
    """Antithetic permutation sampling: each sample averages the marginal contributions along an order and its
    reverse. ``draw_positions(rng, count)`` gives each player's place in random orders (uniform by default; the
    Owen value passes orders that keep unions together)."""

    def uniform(rng, count):
        return np.argsort(rng.random((count, n)), axis=1).argsort(axis=1)

    draw_positions = draw_positions or uniform

    def draw(rng, count):
        positions = draw_positions(rng, count)
        total = np.zeros((count, n))
        for places in (positions, n - 1 - positions):
            prefix = _prefix_values(oracle, places)
            total += np.take_along_axis(prefix, places + 1, axis=1) - np.take_along_axis(prefix, places, axis=1)
        return total / 2

    return draw


def _stratified_shapley(oracle, n):
    """One sample: for each player, its marginal contribution at every position along a random order of the
    others and along the reverse order; the sample is the average over the 2n positions visited."""

    def draw(rng, count):
        result = np.zeros((count, n))
        if n == 1:
            result[:, 0] = oracle(np.ones((1, 1), dtype=bool))[0]
            return result
        for player in range(n):
            others = np.array([j for j in range(n) if j != player])
            order = np.argsort(rng.random((count, n - 1)), axis=1)
            total = np.zeros(count)
            for sequence in (order, order[:, ::-1]):
                places = np.empty((count, n - 1), dtype=np.int64)
                np.put_along_axis(places, sequence, np.arange(n - 1)[None, :].repeat(count, 0), axis=1)
                steps = np.arange(n)
                without = np.zeros((count, n, n), dtype=bool)
                without[:, :, others] = places[:, None, :] < steps[None, :, None]
                with_player = without.copy()
                with_player[:, :, player] = True
                rows = np.concatenate([without, with_player]).reshape(2 * count * n, n)
                values = oracle(rows).reshape(2, count, n)
                total += (values[1] - values[0]).sum(axis=1)
            result[:, player] = total / (2 * n)
        return result

    return draw


def _banzhaf_samples(oracle, n):
    def draw(rng, count):
        coalitions = rng.random((count, n)) < 0.5
        total = np.zeros((count, n))
        for members in (coalitions, ~coalitions):
            toggled = np.repeat(members[:, None, :], n, axis=1)
            index = np.arange(n)
            toggled[:, index, index] = ~toggled[:, index, index]
            rows = np.concatenate([members, toggled.reshape(count * n, n)])
            values = oracle(rows)
            base = values[:count]
            flipped = values[count:].reshape(count, n)
            # v(S ∪ i) − v(S \ i): the toggled value is the larger coalition exactly when i was not in S.
            total += np.where(members, base[:, None] - flipped, flipped - base[:, None])
        return total / 2

    return draw


# ------------------------------------------------------------------------------------------------------------
# Components of structured games too large for a table


def sample_components(game, components, rule, sampling):
    """Sum of the sampled values of the given components of a StructuredGame, with combined standard errors.

    The components are sampled independently (one seed each, derived from the sampling seed), so their
    variances add. The summary's ``samples`` is the number drawn for each component, ``evaluations`` the total.
    """
    sampling = sampling or Sampling()
    n = game.n
    mean = np.zeros(n)
    variance = np.zeros(n)
    samples = evaluations = 0
    stopped = False
    for number, component in enumerate(components):
        k = component.size
        part = replace(sampling, seed=sampling.seed * 1_000_003 + number)
        if rule == "shapley":
            draw, cost = permutation_samples(component.evaluate, k), 2 * (k + 1)
        else:
            draw, cost = _banzhaf_samples(component.evaluate, k), 2 * (k + 1)
        local_mean, local_error, details = estimate(draw, k, part, cost)
        mean[list(component.players)] += local_mean
        variance[list(component.players)] += local_error**2
        samples = max(samples, details["samples"])  # per component (each drew its own)
        evaluations += details["evaluations"]
        stopped = stopped or "stopped" in details
    summary = {
        "sampled_components": len(components),
        "sampled_sources": [component.label for component in components],
        # Members whose value includes an estimate (the others' values are exact, with a standard error of 0).
        "estimated_members": [game.players[p] for p in sorted({p for c in components for p in c.players})],
        "samples": samples,
        "evaluations": evaluations,
        "seed": sampling.seed,
    }
    if stopped:
        summary.update(stopped="time limit", time_limit=deadline.limit_seconds())
    return mean, np.sqrt(variance), summary
