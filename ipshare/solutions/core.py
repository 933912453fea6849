"""The core and the least core: is there a split no group of members would walk away from, and who would block one.

Conventions, stated once:

- An allocation x is **blocked** by a coalition S when S can do better on its own: e(S, x) = v(S) − x(S) > 0 in a
  benefit game, or, in a cost game, when S pays more than its stand-alone cost: e(S, y) = y(S) − c(S) > 0.
- The **core** is the set of efficient allocations that no coalition blocks.
- The **least core** (Maschler, Peleg & Shapley 1979) relaxes every proper, non-empty coalition's constraint by
  the same ε and takes the smallest ε that leaves an efficient allocation: ε* = min over x with x(N) = v(N) of
  max over proper S of e(S, x). ε* may be negative (the core is then "thick"); the core is empty exactly when
  ε* > 0. Individual rationality is not imposed beyond the singletons' own constraints.
- The ``least-core`` rule returns, of all the points of the least core, its lexicographic centre: the
  prenucleolus, which always lies in the least core. ``details.epsilon`` carries ε*.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import RuleError
from ..lp import tight_tolerance
from .allocation import make_allocation
from .nucleolus import _benefit_values, lexicographic_centre, subset_sums

__all__ = ["least_core", "least_core_epsilon", "blocking_coalitions", "CoreReport", "core_report"]


def least_core_epsilon(game) -> float:
    """ε*, the least-core value (cost convention for cost games; see the module text)."""
    if game.n == 1:
        return 0.0
    centre = lexicographic_centre(game, imputations=False)
    return centre.stages[0].epsilon + 0.0


def least_core(game, *, certify=None):
    """The least core's lexicographic centre (the prenucleolus), with ε* in ``details["epsilon"]``.

    Examples
    --------
    >>> from ipshare.games import table_game
    >>> game = table_game(["A", "B", "C"], {"A+B": 1, "A+C": 1, "B+C": 1, "A+B+C": 1})
    >>> result = least_core(game)            # three-player majority game: empty core, ε* = 1/3
    >>> round(result.details["epsilon"], 12), result.exact["A"]
    (0.333333333333, Fraction(1, 3))
    """
    centre = lexicographic_centre(game, imputations=False, certify=certify)
    epsilon = centre.stages[0].epsilon + 0.0 if centre.stages else 0.0
    sign = -1 if game.kind == "cost" else 1
    details = {"epsilon": epsilon, "core_empty": bool(epsilon > tight_tolerance(_scale(game))),
               "point": "prenucleolus (the lexicographic centre of the least core)", "certificate": centre.certificate}
    if centre.exact is not None:
        return make_allocation(game, "least-core", None, exact=[sign * v for v in centre.exact], method="lp-sequence",
                           **details)
    return make_allocation(game, "least-core", sign * centre.x, method="lp-sequence", **details)


def _scale(game):
    return float(np.max(np.abs(game.values)))


def blocking_coalitions(game, allocation, limit=None):
    """The coalitions that block ``allocation``, worst first: list of (mask, excess), excess > tolerance.

    ``allocation`` is an :class:`~ipshare.solutions.Allocation` or a mapping player -> amount; ``limit`` (a whole
    number of at least 0, or None for all) bounds the list, not the count.
    """
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int | np.integer) or limit < 0):
        raise RuleError(f"the number of blocking coalitions to list must be a whole number, at least 0, not {limit!r}")
    values, _ = _benefit_values(game)
    amounts = allocation.values if hasattr(allocation, "values") and not isinstance(allocation, dict) else allocation
    x = np.array([float(amounts[p]) for p in game.players])
    if game.kind == "cost":
        x = -x
    excess = values - subset_sums(x)
    excess[0] = excess[-1] = -np.inf
    blocking = np.flatnonzero(excess > tight_tolerance(_scale(game)))
    order = blocking[np.argsort(-excess[blocking], kind="stable")]
    if limit is not None:
        order = order[:limit]
    return [(int(mask), float(excess[mask])) for mask in order], int(blocking.size)


@dataclass(frozen=True)
class CoreReport:
    epsilon: float
    core_empty: bool
    checks: list  # (rule, allocation, blocking list, number blocking)

    def to_dict(self, game):
        return {
            "least_core_epsilon": self.epsilon,
            "core_empty": self.core_empty,
            "convention": ("excess = y(S) - c(S), cost shares" if game.kind == "cost"
                           else "excess = v(S) - x(S)") + "; least core over all proper coalitions, epsilon may be "
                                                          "negative",
            "allocations": {
                rule: {
                    "values": {p: allocation.values[p] for p in game.players},
                    "in_core": count == 0,
                    "blocking_count": count,
                    "blocking": [{"coalition": list(game.members(mask)), "excess": excess} for mask, excess in blocks],
                }
                for rule, allocation, blocks, count in self.checks
            },
        }


def core_report(game, allocations, limit=10) -> CoreReport:
    """Is the core empty, the least-core ε*, and for each allocation the coalitions that would block it."""
    epsilon = least_core_epsilon(game)
    checks = []
    for allocation in allocations:
        blocks, count = blocking_coalitions(game, allocation, limit)
        checks.append((allocation.rule, allocation, blocks, count))
    return CoreReport(epsilon=epsilon, core_empty=bool(epsilon > tight_tolerance(_scale(game))), checks=checks)
