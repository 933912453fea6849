"""Comparing sharing rules on the same alliance: axioms and stability, side by side.

For each rule: its allocation, and whether it is efficient, individually rational, in the core (with the largest
excess, a coalition that has it, and how many coalitions block it), whether symmetric members are treated equally;
its Gini coefficient and max/min ratio; and its distance from the Shapley value. Conventions are those of
docs/stability.md (a cost game's allocations are cost shares; excess y(S) − c(S)).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import IpshareError
from ..lp import tight_tolerance

__all__ = ["RuleProperties", "rule_properties", "symmetric_pairs", "compare_rules", "default_rules", "METRICS"]

# Rules left out of "every rule that applies": estimates of rules already in the list, and old names of rules in it
# (egalitarian is equal-surplus).
_NOT_BY_DEFAULT = ("shapley-sampled", "banzhaf-sampled", "egalitarian")
# Symmetry is checked pair by pair over the whole table: affordable up to this many players.
MAX_SYMMETRY_PLAYERS = 16

METRICS = ("efficient", "efficiency_gap", "individually_rational", "in_core", "largest_excess", "blocking_coalitions",
           "equal_treatment", "gini", "max_min_ratio", "l1_from_shapley", "linf_from_shapley", "worst_coalition")


@dataclass(frozen=True)
class RuleProperties:
    rule: str
    allocation: object | None
    error: str | None = None
    efficient: bool | None = None
    efficiency_gap: float | None = None
    individually_rational: bool | None = None
    in_core: bool | None = None
    largest_excess: float | None = None
    blocking_coalitions: int | None = None
    equal_treatment: bool | None = None
    gini: float | None = None
    max_min_ratio: float | None = None
    l1_from_shapley: float | None = None
    linf_from_shapley: float | None = None
    # The members of a coalition with the largest excess (so an output can show that excess from its own figures).
    worst_coalition: tuple[str, ...] | None = None

    def metrics(self):
        return {name: getattr(self, name) for name in METRICS}


def default_rules(game) -> tuple[str, ...]:
    from ..solutions import RULES

    return tuple(name for name in RULES if name not in _NOT_BY_DEFAULT)


def symmetric_pairs(game):
    """Pairs (i, j) of players that are interchangeable: v(S ∪ i) = v(S ∪ j) for every S without both."""
    from ..games.table import Game

    n = game.n
    if n > MAX_SYMMETRY_PLAYERS or not isinstance(game, Game):
        return None
    values = game.values
    tolerance = tight_tolerance(float(np.max(np.abs(values))))
    masks = np.arange(1 << n)
    pairs = []
    for i in range(n):
        for j in range(i + 1, n):
            without = masks[(masks >> i & 1) == 0]
            without = without[(without >> j & 1) == 0]
            if np.all(np.abs(values[without | (1 << i)] - values[without | (1 << j)]) <= tolerance):
                pairs.append((game.players[i], game.players[j]))
    return pairs


def rule_properties(game, allocation, shapley=None, pairs=None) -> RuleProperties:
    """The axioms and stability measures of one allocation of ``game``.

    Efficiency, individual rationality and core membership come from
    :func:`ipshare.solutions.properties.allocation_properties` (exact when the game and the allocation are).
    """
    from ..solutions.properties import allocation_properties

    players = game.players
    values = allocation.exact if allocation.exact is not None else allocation.values
    facts = allocation_properties(game, values)
    x = np.array([allocation.values[p] for p in players], dtype=np.float64)
    tolerance = tight_tolerance(max(abs(float(game.grand_value)), float(np.max(np.abs(x)))))
    equal = None
    if pairs is not None:
        equal = all(abs(allocation.values[a] - allocation.values[b]) <= tolerance for a, b in pairs)
    gini = ratio = None
    if np.all(x >= -tolerance) and x.sum() > tolerance:
        gini = float(np.abs(x[:, None] - x[None, :]).sum() / (2 * len(x) ** 2 * x.mean()))
        ratio = float(x.max() / x.min()) if x.min() > tolerance else None
    largest, worst = _largest_excess(game, x)
    l1 = linf = None
    if shapley is not None:
        difference = x - np.array([shapley.values[p] for p in players])
        l1, linf = float(np.abs(difference).sum()), float(np.abs(difference).max())
    return RuleProperties(
        rule=allocation.rule,
        allocation=allocation,
        efficient=facts["efficient"],
        efficiency_gap=float(x.sum() - game.grand_value),
        individually_rational=facts["individually_rational"],
        in_core=facts["in_core"],
        largest_excess=largest,
        blocking_coalitions=facts["blocking_count"],
        equal_treatment=equal,
        gini=gini,
        max_min_ratio=ratio,
        l1_from_shapley=l1,
        linf_from_shapley=linf,
        worst_coalition=worst,
    )


def _largest_excess(game, x):
    """The largest excess over the coalitions other than ∅ and N, and the members of one that has it."""
    from ..games.table import Game
    from ..solutions.nucleolus import subset_sums

    if not isinstance(game, Game):
        return None, None  # a game kept by its structure has no table of every coalition to scan

    benefit = game.values if game.kind == "benefit" else -game.values
    excess = benefit - subset_sums(x if game.kind == "benefit" else -x)
    if game.n == 1:
        return 0.0, None
    mask = 1 + int(np.argmax(excess[1:-1]))
    return float(excess[mask]), tuple(game.members(mask))


def compare_rules(game, rules=None, options=None) -> list[RuleProperties]:
    """Every rule (or the given ones) on ``game`` with its properties; a rule that does not apply carries its reason."""
    from ..deadline import check as check_deadline
    from ..solutions import RULES, allocate

    requested = rules
    rules = tuple(dict.fromkeys(rules or default_rules(game)))
    options = options or {}
    pairs = symmetric_pairs(game)
    try:
        shapley = allocate(game, "shapley")
    except IpshareError:
        shapley = None
    results = []
    for rule in rules:
        chosen = RULES.get(rule)
        try:
            check_deadline(rule)  # past --time-limit, the rules not yet computed say so instead of running
            allocation = allocate(game, rule, **(chosen.supported(options) if chosen else {}))
        except IpshareError as error:
            if requested and chosen is None:  # a misspelt rule the user asked for: say so, don't tabulate it
                raise
            results.append(RuleProperties(rule=rule, allocation=None, error=str(error)))
            continue
        results.append(rule_properties(game, allocation, shapley, pairs))
    return results
