"""The alliance's costs as random losses, and the cost and risk games they define (docs/risk.md).

A cost item K has an amount X_K (fixed, or a distribution whose mean is the amount), a failure probability p_K
and the members who bear it; its loss is L_K = F_K · X_K with F_K ~ Bernoulli(p_K), independent across items.
:func:`cost_items` reads them from a scenario; the outcomes of the losses are enumerated exactly
(:func:`enumerate_outcomes`, at most :data:`MAX_EXACT_ITEMS` fixed items) or simulated (:func:`simulate`, seeded).
A coalition alone would carry every item one of its members needs: the cost game c(S) (:func:`cost_game`) and the
risk game r(S) = ρ(its loss) of a measure ρ (:func:`risk_game`). How members share them is an analysis
(:mod:`ipshare.analyses.risk`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..errors import IpshareError
from ..games.table import Game, require_memory

__all__ = [
    "RiskError",
    "CostItem",
    "cost_items",
    "exposed_members",
    "Outcomes",
    "enumerate_outcomes",
    "simulate",
    "tail_contributions",
    "cost_game",
    "risk_game",
    "MAX_EXACT_ITEMS",
    "DEFAULT_SAMPLES",
]


MAX_EXACT_ITEMS = 12


DEFAULT_SAMPLES = 100_000


# Batches for the standard errors of simulated measures (batch means).
BATCHES = 20


# Game rules work on a dense table of 2^n coalitions of the exposed members.
MAX_GAME_MEMBERS = 20


class RiskError(IpshareError):
    """Risk cannot be shared as asked: caps that cannot hold, a rule undefined on these costs, too many members."""


@dataclass(frozen=True)
class CostItem:
    """One cost of the alliance, ready for risk: amount, failure probability, bearers with exact shares."""

    id: str
    item: str
    amount: Fraction  # the expected amount E[X]
    probability: Fraction
    shares: dict[str, Fraction]  # bearer -> agreed share, summing to 1
    distribution: object = None  # ipshare.model.terms.Distribution or None (fixed amount)

    @property
    def bearers(self) -> tuple[str, ...]:
        return tuple(self.shares)

    @property
    def second_moment(self) -> Fraction:
        """E[X²], exactly: the amount squared plus the distribution's variance."""
        return self.amount**2 + _variance(self.distribution)

    @property
    def expected_loss(self) -> Fraction:
        return self.probability * self.amount

    @property
    def loss_variance(self) -> Fraction:
        """Var(F·X) = p·E[X²] − (p·E[X])², F and X independent."""
        return self.probability * self.second_moment - self.expected_loss**2


def _variance(distribution) -> Fraction:
    if distribution is None:
        return Fraction(0)
    params = distribution.params
    if distribution.type == "triangular":
        a, c, b = params["low"], params["mode"], params["high"]
        return (a * a + b * b + c * c - a * b - a * c - b * c) / 18
    if distribution.type == "uniform":
        return (params["high"] - params["low"]) ** 2 / 12
    return params["sd"] ** 2  # normal and lognormal are given by mean and standard deviation


def cost_items(scenario) -> tuple[CostItem, ...]:
    """The scenario's costs as :class:`CostItem` s: a cost without ``members`` is borne by every member equally."""
    if scenario.game is not None:
        raise RiskError("this scenario is a classic game, not an alliance: it has no cost items (use `allocate`)")
    members = tuple(scenario.members)
    items = []
    for cost in scenario.costs:
        if cost.shares is not None:
            shares = dict(cost.shares)
        else:
            bearers = cost.members or members
            shares = {member: Fraction(1, len(bearers)) for member in bearers}
        items.append(
            CostItem(
                id=cost.id,
                item=cost.item,
                amount=cost.amount,
                probability=cost.failure_probability,
                shares=shares,
                distribution=cost.distribution,
            )
        )
    return tuple(items)


def exposed_members(scenario, items=None) -> tuple[str, ...]:
    """The members who bear some cost item, in file order."""
    items = cost_items(scenario) if items is None else items
    bearing = {member for item in items for member in item.bearers}
    return tuple(member for member in scenario.members if member in bearing)


@dataclass(frozen=True)
class Outcomes:
    """Equally or unequally weighted outcomes of the items' losses.

    ``weights`` has one probability per outcome (summing to 1) and ``losses`` one row per outcome, one column per
    item. Exact (Fractions in Python lists) when ``method`` is ``"exact"``, else numpy float arrays from a seeded
    simulation of ``samples`` draws.
    """

    method: str
    weights: object
    losses: object
    samples: int | None = None
    seed: int | None = None

    @property
    def exact(self) -> bool:
        return self.method == "exact"


def enumerate_outcomes(items) -> Outcomes:
    """Every failure pattern of fixed-amount items with its exact probability (zero-probability patterns dropped)."""
    if any(item.distribution is not None for item in items):
        raise RiskError("exact enumeration needs fixed amounts; an item has a distribution (simulate instead)")
    if len(items) > MAX_EXACT_ITEMS:
        raise RiskError(f"{len(items)} cost items: exact enumeration stops at {MAX_EXACT_ITEMS} (simulate instead)")
    weights, losses = [], []
    for pattern in range(1 << len(items)):
        probability = Fraction(1)
        row = []
        for k, item in enumerate(items):
            failed = pattern >> k & 1
            probability *= item.probability if failed else 1 - item.probability
            row.append(item.amount if failed else Fraction(0))
        if probability:
            weights.append(probability)
            losses.append(row)
    return Outcomes("exact", weights, losses)


def simulate(items, samples=DEFAULT_SAMPLES, seed=0) -> Outcomes:
    """A seeded Monte Carlo simulation of the items' losses (numpy PCG64; same seed, same outcomes).

    Items are drawn in file order, each with its failures first and then its amounts. A lognormal amount is given
    by its mean m and standard deviation s: σ² = ln(1 + s²/m²), μ = ln m − σ²/2.
    """
    if samples < BATCHES:
        raise RiskError(f"simulate at least {BATCHES} samples")

    # The losses table, the draws of one item, and what the measures and their contributions make of them.
    require_memory(
        8 * samples * (2 * len(items) + 8),
        f"a simulation of {samples:,} outcomes",
        "simulate fewer outcomes (--samples; the error falls only as 1/sqrt(samples)), or leave --samples out for "
        "the exact distribution where the cost items allow it",
    )
    rng = np.random.Generator(np.random.PCG64(seed))
    losses = np.zeros((samples, len(items)))
    for k, item in enumerate(items):
        failed = rng.random(samples) < float(item.probability)
        losses[:, k] = failed * _draw_amounts(item, rng, samples)
    return Outcomes("monte-carlo", np.full(samples, 1.0 / samples), losses, samples=samples, seed=seed)


def _draw_amounts(item, rng, samples):
    distribution = item.distribution
    if distribution is None:
        return np.full(samples, float(item.amount))
    params = {key: float(value) for key, value in distribution.params.items()}
    if distribution.type == "triangular":
        return rng.triangular(params["low"], params["mode"], params["high"], samples)
    if distribution.type == "uniform":
        return rng.uniform(params["low"], params["high"], samples)
    if distribution.type == "normal":
        return rng.normal(params["mean"], params["sd"], samples)
    mean, sd = params["mean"], params["sd"]
    sigma2 = math.log1p((sd / mean) ** 2)
    return rng.lognormal(math.log(mean) - sigma2 / 2, math.sqrt(sigma2), samples)


def tail_contributions(outcomes: Outcomes, columns, level):
    """CVaR_α of the summed ``columns`` of the losses, its VaR, and each column's Euler contribution.

    The tail is the worst (1 − α) of probability: outcomes are ranked by total loss and the level at the boundary
    is shared in proportion to probability among all outcomes tied there, so ties never depend on the order of
    outcomes. A column's contribution is its probability-weighted mean over the same tail, so the contributions
    sum to the CVaR exactly (Tasche 1999: E[L_K | tail] is the Euler derivative of CVaR).
    Returns ``(cvar, var, contributions)``; Fractions for exact outcomes, floats otherwise.
    """
    level = Fraction(level)
    columns = list(columns)
    if outcomes.exact:
        totals = [sum((row[k] for k in columns), Fraction(0)) for row in outcomes.losses]
        tail = 1 - level
        taken = _tail_weights(totals, outcomes.weights, tail)
        cvar = sum((t * total for t, total in zip(taken, totals, strict=True)), Fraction(0)) / tail
        contributions = [
            sum((t * row[k] for t, row in zip(taken, outcomes.losses, strict=True)), Fraction(0)) / tail
            for k in columns
        ]
        boundary = min((total for t, total in zip(taken, totals, strict=True) if t), default=Fraction(0))
        return cvar, boundary, contributions
    losses = outcomes.losses[:, columns]
    totals = losses.sum(axis=1)
    tail = 1.0 - float(level)
    taken = _tail_weights_float(totals, outcomes.weights, tail)
    contributions = (taken @ losses) / tail
    positive = taken > 0
    boundary = float(totals[positive].min()) if positive.any() else 0.0
    return float(contributions.sum()), boundary, [float(c) for c in contributions]


def _tail_weights(totals, weights, tail):
    """Exact tail weights: worst levels first, the boundary level shared by probability among its outcomes."""
    levels = sorted(set(totals), reverse=True)
    mass = {level: Fraction(0) for level in levels}
    for total, weight in zip(totals, weights, strict=True):
        mass[total] += weight
    fraction = {}
    remaining = tail
    for level in levels:
        take = min(mass[level], remaining)
        fraction[level] = take / mass[level] if mass[level] else Fraction(0)
        remaining -= take
    return [weight * fraction[total] for total, weight in zip(totals, weights, strict=True)]


def _tail_weights_float(totals, weights, tail):
    levels, inverse = np.unique(totals, return_inverse=True)
    mass = np.bincount(inverse, weights=weights, minlength=len(levels))
    order = np.arange(len(levels))[::-1]  # worst level first
    before = np.concatenate([[0.0], np.cumsum(mass[order])[:-1]])
    take = np.clip(tail - before, 0.0, mass[order])
    fraction = np.zeros(len(levels))
    fraction[order] = np.divide(take, mass[order], out=np.zeros(len(levels)), where=mass[order] > 0)
    return weights * fraction[inverse]


def _measure(items, chosen, measure, level, outcomes):
    """ρ of Σ_{K ∈ chosen} L_K and the Euler contribution of each chosen item (same order), exact when possible."""
    chosen = list(chosen)
    if not chosen:
        return Fraction(0), []
    if measure == "expected-loss":
        contributions = [items[k].expected_loss for k in chosen]
        return sum(contributions, Fraction(0)), contributions
    if measure == "std":
        variances = [items[k].loss_variance for k in chosen]
        total = sum(variances, Fraction(0))
        if total == 0:
            return 0.0, [0.0] * len(chosen)
        sigma = math.sqrt(total)
        # Independent items: Cov(L_K, L) = Var(L_K), so K's Euler contribution is Var(L_K) / σ(L).
        return sigma, [float(v) / sigma for v in variances]
    cvar, _, contributions = tail_contributions(outcomes, chosen, level)
    return cvar, contributions


def _item_sets(items, members):
    """For every coalition (by mask over ``members``), the set of items it needs, as a bit signature over items.

    Item K is needed by S when one of its bearers is in S: ``mask & bearers_K != 0``. Returns one integer per mask
    (bit k set when item k is needed), computed over all 2^n masks at once.
    """
    index = {member: i for i, member in enumerate(members)}
    masks = np.arange(1 << len(members), dtype=np.int64)
    signature = np.zeros(len(masks), dtype=np.int64)
    for k, item in enumerate(items):
        bearers = sum(1 << index[m] for m in item.bearers if m in index)
        signature |= ((masks & bearers) != 0).astype(np.int64) << k
    return signature


def _by_item_set(items, members, evaluate):
    """Coalition values from one evaluation per distinct set of needed items (at most 2^K of them)."""
    signature = _item_sets(items, members)
    distinct, inverse = np.unique(signature, return_inverse=True)
    found = [evaluate(tuple(k for k in range(len(items)) if int(sig) >> k & 1)) for sig in distinct]
    if all(isinstance(v, Fraction) for v in found):
        denominator = math.lcm(1, *(v.denominator for v in found))
        numerators = [v.numerator * (denominator // v.denominator) for v in found]
        dtype = np.int64 if sum(abs(v) for v in numerators) < 1 << 62 else object
        table = np.array(numerators, dtype=dtype)[inverse]
        return table.astype(np.float64) / denominator, (table, denominator)
    return np.array([float(v) for v in found])[inverse], None


def cost_game(items, members, **metadata):
    """c(S) = Σ E[X_K] over the items with a bearer in S, a cost game on ``members`` (exact)."""

    values, exact = _by_item_set(items, members, lambda needed: sum((items[k].amount for k in needed), Fraction(0)))
    return Game(members, values, "cost", exact=exact, **metadata)


def risk_game(items, members, measure, level, outcomes, **metadata):
    """r(S) = ρ(Σ L_K over the items with a bearer in S), a cost game on ``members``.

    Coalitions needing the same items share one evaluation, on the same outcomes (at most 2^K distinct item sets).
    """

    values, exact = _by_item_set(items, members, lambda needed: _measure(items, needed, measure, level, outcomes)[0])
    return Game(members, values, "cost", exact=exact, **metadata)
