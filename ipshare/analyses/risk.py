"""Cost and risk: who bears which cost of the alliance, and how much of its risk, under which rule.

The model (docs/risk.md states it with its sources):

- A **cost item** K (``costs:`` in the scenario) has an amount X_K — fixed, or a random variable with the given
  ``distribution`` whose mean is the amount — a ``failure_probability`` p_K, and the members who bear it
  (``members``, with agreed shares or equal shares; everyone when absent). Failures are independent.
- The amount is spent either way; if the item fails, what was spent on it is lost (Civil Code art. 858: the risk of
  failure from technical difficulty). The **loss** of K is L_K = F_K · X_K with F_K ~ Bernoulli(p_K), and the
  alliance's loss is L = Σ_K L_K.
- **Risk measures** of L: expected loss E[L]; standard deviation σ(L); CVaR at level α, the mean of the worst
  (1 − α) of outcomes (Rockafellar & Uryasev 2002; Acerbi & Tasche 2002).
- **Coalition games.** A coalition S undertaking the project alone would have to carry every item one of its
  members needs, N(S) = {K : members_K ∩ S ≠ ∅} (a shared facility is needed by any coalition with one of its
  users, as in the airport game of Littlechild & Owen 1973). The **cost game** is c(S) = Σ_{K ∈ N(S)} E[X_K];
  the **risk game** of a measure ρ is r(S) = ρ(Σ_{K ∈ N(S)} L_K). Both are played by the *exposed* members (those
  who bear some item); a member with no exposure bears nothing under every rule.
- **Rules** (:data:`RISK_RULE_SUMMARIES`): the share rules (``agreed``, ``proportional-benefit``,
  ``proportional-contribution``) give every member a share of every item it bears; its expected cost is
  Σ_K s_iK E[X_K] and its risk is its **Euler contribution** to ρ(L) through its position L_i = Σ_K s_iK L_K. The
  game rules (``shapley``, ``nucleolus``, ``scrb``, ``aca``, ``ensc``) are applied to the cost game for the
  expected cost and to the risk game for the risk.
- **Liability caps** (``agreement.risk.cap``: k, or k per member): no member's risk exceeds k times its expected
  cost share; what a cap cuts off goes to the uncapped members in proportion to their risk, and when the caps
  together are below the total risk they cannot all hold (an error).

Expected costs, expected losses and standard deviations are exact (independence gives Var L = Σ Var L_K). CVaR is
exact, by enumerating the 2^K failure patterns, when every amount is fixed and there are at most
:data:`MAX_EXACT_ITEMS` items; otherwise it comes from a seeded Monte Carlo simulation with standard errors by batch
means.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from ..alliance.costs import (
    BATCHES,
    DEFAULT_SAMPLES,
    MAX_EXACT_ITEMS,
    MAX_GAME_MEMBERS,
    CostItem,
    Outcomes,
    RiskError,
    _measure,
    cost_game,
    cost_items,
    enumerate_outcomes,
    exposed_members,
    risk_game,
    simulate,
    tail_contributions,
)
from ..model.terms import RISK_MEASURES, RISK_RULES

__all__ = [
    "RISK_RULES",
    "RISK_MEASURES",
    "RISK_RULE_SUMMARIES",
    "MAX_EXACT_ITEMS",
    "DEFAULT_SAMPLES",
    "RiskError",
    "CostItem",
    "cost_items",
    "exposed_members",
    "Outcomes",
    "simulate",
    "enumerate_outcomes",
    "tail_contributions",
    "cost_game",
    "risk_game",
    "apply_caps",
    "RiskResult",
    "risk_allocation",
]

RISK_RULE_SUMMARIES = {
    "agreed": "each item borne in the shares the agreement gives its members (equal when none); risk by Euler "
    "contributions",
    "proportional-benefit": "each item among its members in proportion to their benefit (risk follows benefit)",
    "proportional-contribution": "each item among its members in proportion to their contribution value",
    "shapley": "Shapley value of the cost game and of the risk game",
    "nucleolus": "nucleolus of the cost game and of the risk game",
    "scrb": "separable costs remaining benefits (Young, Okada & Hashimoto 1982), benefits bounding the alternative "
    "cost",
    "aca": "alternative cost avoided: separable costs, the rest by stand-alone cost less separable cost",
    "ensc": "separable costs, the rest split equally",
}
SHARE_RULES = ("agreed", "proportional-benefit", "proportional-contribution")


# --------------------------------------------------------------------------------------------------------------
# Cost items


# --------------------------------------------------------------------------------------------------------------
# Outcomes: the joint distribution of the items' losses


# --------------------------------------------------------------------------------------------------------------
# Measures of the loss of a set of items


# --------------------------------------------------------------------------------------------------------------
# Caps


def apply_caps(risk: dict, caps: dict, total=None) -> tuple[dict, list[str]]:
    """Hold every member's risk at or below its cap, passing what is cut off to the others.

    Members above their cap are set to it; the excess goes to the members still below theirs in proportion to
    their risk (in proportion to their room below the cap when none of them bears any), repeated until every
    cap holds. The total is unchanged. Raises RiskError when the caps together are below the total.

    Examples
    --------
    >>> apply_caps({"A": Fraction(6), "B": Fraction(3), "C": Fraction(1)}, {"A": 4, "B": 10, "C": 10})
    ({'A': Fraction(4, 1), 'B': Fraction(9, 2), 'C': Fraction(3, 2)}, ['A'])
    """
    exact = all(isinstance(v, Fraction | int) for v in (*risk.values(), *caps.values()))
    cast = Fraction if exact else float
    risk = {member: cast(value) for member, value in risk.items()}
    caps = {member: cast(caps[member]) for member in risk}
    total = sum(risk.values(), cast(0)) if total is None else cast(total)
    room = sum(caps.values(), cast(0))
    tolerance = 0 if exact else 1e-9 * max(1.0, abs(total))
    if room < total - tolerance:
        raise RiskError(
            f"the liability caps cannot hold: together they allow {float(room):,.2f}, less than the total risk "
            f"{float(total):,.2f}"
        )
    capped = []
    for _ in range(len(risk) + 1):
        over = [m for m, value in risk.items() if value > caps[m] + tolerance]
        if not over:
            break
        excess = sum((risk[m] - caps[m] for m in over), cast(0))
        for member in over:
            risk[member] = caps[member]
            if member not in capped:
                capped.append(member)
        free = [m for m in risk if m not in capped and caps[m] > risk[m]]
        weights = {m: risk[m] for m in free}
        if sum(weights.values(), cast(0)) <= 0:
            weights = {m: caps[m] - risk[m] for m in free}
        weight_total = sum(weights.values(), cast(0))
        for member in free:
            risk[member] += excess * weights[member] / weight_total
    return risk, capped


# --------------------------------------------------------------------------------------------------------------
# The risk allocation


@dataclass(frozen=True)
class RiskResult:
    """Everything `ipshare risk` shows, per member and for the alliance. Amounts are Fractions where exact."""

    scenario: object
    rule: str
    measure: str
    level: Fraction
    members: tuple[str, ...]
    exposed: tuple[str, ...]
    items: tuple[CostItem, ...]
    total_cost: Fraction
    total_risk: object
    statistics: dict  # expected_loss, std, var, cvar of the alliance's loss
    expected_cost: dict
    risk: dict
    euler: dict  # Euler contributions to the measure under the agreed shares
    benefit_rule: str
    benefit: dict
    net: dict
    caps: dict | None = None
    capped: list = field(default_factory=list)
    method: str = "exact"
    samples: int | None = None
    seed: int | None = None
    stderr: dict | None = None  # standard errors of simulated measures (batch means)
    details: dict = field(default_factory=dict)
    benefit_allocation: object = None  # the Allocation behind ``benefit`` and its game (to round it as allocate does)
    benefit_game: object = None


def _item_shares(items, rule, scenario, benefit):
    """The share rules: each item's split among its bearers."""
    if rule == "agreed":
        return [dict(item.shares) for item in items], {}
    if rule == "proportional-benefit":
        key = {member: Fraction(value) for member, value in benefit.items()}
        negative = [m for m in key if key[m] < 0 and any(m in item.shares for item in items)]
        if negative:
            raise RiskError(
                f"proportional-benefit is undefined: {negative[0]} bears a cost but its benefit is negative"
            )
    else:
        key = {member: Fraction(0) for member in scenario.members}
        for contribution in scenario.contributions:
            key[contribution.member] += contribution.value
    shares, equal_items = [], []
    for item in items:
        weight = sum((key[m] for m in item.bearers), Fraction(0))
        if weight == 0:
            equal_items.append(item.id)
            shares.append({m: Fraction(1, len(item.bearers)) for m in item.bearers})
        else:
            shares.append({m: key[m] / weight for m in item.bearers})
    return shares, ({"split_equally_no_key": equal_items} if equal_items else {})


def _positions(shares, members, per_item):
    """Each member's part of per-item amounts: Σ_K s_iK · a_K (exact when every amount is)."""
    exact = all(isinstance(amount, Fraction) for amount in per_item)
    result = {member: Fraction(0) if exact else 0.0 for member in members}
    for item_shares, amount in zip(shares, per_item, strict=True):
        for member, share in item_shares.items():
            result[member] += share * amount if exact else float(share) * float(amount)
    return result


def _exact_or_float(values):
    if all(isinstance(v, Fraction) for v in values.values()):
        return values
    return {m: float(v) for m, v in values.items()}


def _simulated_errors(items, outcomes, level):
    """Standard errors of the simulated expected loss and CVaR by batch means (BATCHES equal batches)."""
    losses = outcomes.losses
    batches = np.array_split(np.arange(len(losses)), BATCHES)
    means, cvars = [], []
    for batch in batches:
        part = Outcomes("monte-carlo", np.full(len(batch), 1.0 / len(batch)), losses[batch])
        means.append(float(losses[batch].sum(axis=1).mean()))
        cvars.append(tail_contributions(part, range(len(items)), level)[0])
    scale = math.sqrt(BATCHES)
    return {"expected_loss": float(np.std(means, ddof=1)) / scale, "cvar": float(np.std(cvars, ddof=1)) / scale}


def risk_allocation(
    scenario, rule=None, *, measure=None, level=None, samples=None, seed=None, benefit_rule=None, caps="agreement"
) -> RiskResult:
    """Share the alliance's expected costs and risk among its members by ``rule`` (see the module docstring).

    Defaults come from ``agreement.risk`` (rule ``agreed``, measure ``expected-loss``, level 0.95, no caps).
    ``samples`` forces a Monte Carlo simulation of that many draws for CVaR (else exact when possible, or
    :data:`DEFAULT_SAMPLES`); ``seed`` seeds it. ``benefit_rule`` (default the agreement's rule, else shapley)
    gives the benefit that ``proportional-benefit`` and ``scrb`` use and that the net position subtracts the
    expected cost from. ``caps``: ``"agreement"`` (the agreement's), None (none), or member -> multiple.
    """
    from ..alliance.benefit import benefit_game
    from ..solutions import RULES, allocate

    items = cost_items(scenario)
    terms = scenario.agreement.risk
    rule = rule or (terms.rule if terms else None) or "agreed"
    if rule not in RISK_RULES:
        import difflib

        close = difflib.get_close_matches(str(rule), RISK_RULES, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise RiskError(f"unknown risk rule {rule!r}{hint} (known: {', '.join(RISK_RULES)})")
    measure = measure or (terms.measure if terms else "expected-loss")
    if measure not in RISK_MEASURES:
        raise RiskError(f"unknown risk measure {measure!r}; choose one of {', '.join(RISK_MEASURES)}")
    level = Fraction(level if level is not None else (terms.level if terms else Fraction(95, 100)))
    if not 0 < level < 1:
        raise RiskError(f"the CVaR level must be between 0 and 1, not {float(level):g}")
    seed = seed if seed is not None else (terms.seed if terms else 0)
    samples = samples if samples is not None else (terms.samples if terms else None)
    if caps == "agreement":
        caps = dict(terms.cap) if terms and terms.cap else None
    members = tuple(scenario.members)
    exposed = exposed_members(scenario, items)

    benefit_rule = benefit_rule or scenario.agreement.rule or "shapley"
    if benefit_rule not in RULES:
        raise RiskError(f"unknown benefit rule {benefit_rule!r}; see `ipshare rules`")
    the_benefit_game = benefit_game(scenario)
    benefit_allocation = allocate(the_benefit_game, benefit_rule)
    benefit = (
        dict(benefit_allocation.exact) if benefit_allocation.exact is not None else dict(benefit_allocation.values)
    )

    exact_possible = all(item.distribution is None for item in items) and len(items) <= MAX_EXACT_ITEMS
    outcomes = None
    if measure == "cvar" or samples is not None:
        if exact_possible and samples is None:
            outcomes = enumerate_outcomes(items)
        else:
            outcomes = simulate(items, samples or DEFAULT_SAMPLES, seed)

    everything = range(len(items))
    total_cost = sum((item.amount for item in items), Fraction(0))
    total_risk, item_euler = _measure(items, everything, measure, level, outcomes)
    statistics = _statistics(items, outcomes, level)

    agreed = [dict(item.shares) for item in items]
    euler = _positions(agreed, members, item_euler)
    details = {}
    if rule in SHARE_RULES:
        shares, note = _item_shares(items, rule, scenario, benefit)
        details.update(note)
        expected_cost = _positions(shares, members, [item.amount for item in items])
        risk = _positions(shares, members, item_euler)
        details["item_shares"] = {
            item.id: {m: float(s) for m, s in share.items()} for item, share in zip(items, shares, strict=True)
        }
    else:
        expected_cost, risk = _game_rule(rule, items, exposed, members, measure, level, outcomes, benefit, scenario)
    expected_cost = _exact_or_float(expected_cost)
    risk = _exact_or_float(risk)
    capped = []
    cap_amounts = None
    if caps:
        # A member without a cap can take the whole risk; a capped one at most k times its expected cost.
        limits = {m: _times(caps[m], expected_cost[m]) if m in caps else total_risk for m in members}
        risk, capped = apply_caps(risk, limits, total_risk)
        cap_amounts = {m: limits[m] for m in members if m in caps}
    net = {m: _minus(benefit[m], expected_cost[m]) for m in members}
    stderr = None
    if outcomes is not None and not outcomes.exact:
        stderr = _simulated_errors(items, outcomes, level)
    return RiskResult(
        scenario=scenario,
        rule=rule,
        measure=measure,
        level=level,
        members=members,
        exposed=exposed,
        items=items,
        total_cost=total_cost,
        total_risk=total_risk,
        statistics=statistics,
        expected_cost=expected_cost,
        risk=risk,
        euler=_exact_or_float(euler),
        benefit_rule=benefit_rule,
        benefit=benefit,
        net=net,
        caps=cap_amounts,
        capped=capped,
        method="exact" if outcomes is None or outcomes.exact else "monte-carlo",
        samples=outcomes.samples if outcomes is not None else None,
        seed=outcomes.seed if outcomes is not None else None,
        stderr=stderr,
        details=details,
        benefit_allocation=benefit_allocation,
        benefit_game=the_benefit_game,
    )


def _times(multiple, amount):
    return Fraction(multiple) * amount if isinstance(amount, Fraction) else float(multiple) * float(amount)


def _minus(a, b):
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return a - b
    return float(a) - float(b)


def _statistics(items, outcomes, level):
    variance = sum((item.loss_variance for item in items), Fraction(0))
    statistics = {
        "expected_loss": sum((item.expected_loss for item in items), Fraction(0)),
        "variance": variance,
        "std": math.sqrt(variance),
    }
    if outcomes is not None:
        cvar, var, _ = tail_contributions(outcomes, range(len(items)), level)
        statistics["cvar"] = cvar
        statistics["var"] = var
    return statistics


def _game_rule(rule, items, exposed, members, measure, level, outcomes, benefit, scenario):
    """Expected cost and risk by a rule of the cost game and the risk game, played by the exposed members."""
    from ..solutions import allocate
    from ..solutions.separable import scrb

    zero_cost = {m: Fraction(0) for m in members}
    zero_risk = dict(zero_cost)
    if not exposed:
        return zero_cost, zero_risk
    if len(exposed) > MAX_GAME_MEMBERS:
        raise RiskError(
            f"{len(exposed)} members bear costs: the {rule} rule needs every coalition of them (at most "
            f"{MAX_GAME_MEMBERS}); use a share rule (agreed, proportional-benefit, proportional-contribution)"
        )
    metadata = {"name": scenario.name, "scenario": None}
    games = {
        "cost": cost_game(items, exposed, **metadata),
        "risk": risk_game(items, exposed, measure, level, outcomes, **metadata),
    }
    results = {}
    for which, game in games.items():
        if rule == "scrb":
            allocation = scrb(game, benefits={m: benefit[m] for m in exposed})
        else:
            allocation = allocate(game, rule)
        values = allocation.exact if allocation.exact is not None else allocation.values
        result = dict(zero_cost)
        result.update(values)
        results[which] = result
    return results["cost"], results["risk"]
