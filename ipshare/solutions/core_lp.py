"""Rule ``core-lp``: the allocation that satisfies the agreement's clauses, chosen by linear programming.

The feasible set is every efficient allocation (x(N) = v(N), always) that satisfies the clauses
(:mod:`ipshare.solutions.clauses`). Which point of it is returned depends on the objective:

``closest:RULE`` (the default is ``closest:shapley``)
    least L1 distance Σ|x_i − RULE_i| to RULE's allocation: the reference rule, changed as little as the
    clauses require. ``closest:RULE:linf`` minimises the largest single change max|x_i − RULE_i| instead.
``maxmin`` (or ``maxmin:RULE``)
    the least core within the clauses: least ε with v(S) − x(S) ≤ ε for every proper coalition S (ε may be
    negative; in a cost game y(S) − c(S) ≤ ε).
``nucleolus``
    the nucleolus within the clauses: the lexicographic centre (Schmeidler 1969) of the efficient allocations
    that satisfy them, with no stand-alone floor unless a clause asks for one.

Ties. An L1 or least-core optimum is rarely unique. Ties are broken by further LPs, always the same way, so the
same input gives the same bytes: among the optima of ``maxmin``, the allocations closest in L1 to RULE's
(Shapley's by default) are kept; then, for both, the change from RULE's allocation is spread as evenly as
possible: the largest |x_i − RULE_i| is minimised, the members who reach it in every optimum are held there, and
so on until every member is held (the lexicographic centre of the changes, which is a single point). The
nucleolus is unique by itself.

Shadow prices. For each binding clause (one whose constraint holds with equality at the result), the details
give ``shadow_price``: the change in the objective value per unit of money by which the clause is relaxed (every
row of it at once: each coalition of a ``core`` clause, each member of ``individual_rationality`` or ``near``).
It is read from the duals of the objective's LP, so it is ≤ 0 — relaxing a clause can only lower the minimised
distance or ε — and 0 for a clause that holds with equality without pushing the result. For share clauses,
``shadow_price_per_point`` is the same per percentage point of the grand value. For ``nucleolus`` the price is
on the first level of the lexicographic centre (its largest excess, the least-core ε within the clauses).

When the clauses cannot all hold, :class:`~ipshare.solutions.clauses.ClauseConflict` (exit status 3) names a minimal
conflicting set.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import RuleError
from ..lp import DUAL_POSITIVE, INF, SOLVERS, Infeasible, LPError
from .allocation import make_allocation
from .clauses import ClauseModel, clause_constraints, find_conflict, resolved, tight_rows, violations

__all__ = ["core_lp", "Objective", "parse_objective", "DEFAULT_OBJECTIVE", "OBJECTIVES"]

DEFAULT_OBJECTIVE = "closest:shapley"
OBJECTIVES = ("closest:RULE", "closest:RULE:linf", "maxmin", "maxmin:RULE", "nucleolus")
NORMS = ("l1", "linf")
# Bounds fixed from an optimum are widened by this much (in units of the largest |v(S)|) so that rounding cannot
# make a later LP infeasible: far below HiGHS's tolerance; CBC's values reach pulp with 8 significant digits only.
SLACK = {"highs": 1e-12, "cbc": 1e-9}


@dataclass(frozen=True)
class Objective:
    """What core-lp optimises: ``kind`` (closest, maxmin, nucleolus), the reference ``rule`` and the ``norm``."""

    kind: str
    rule: str | None = None
    norm: str = "l1"

    @property
    def text(self) -> str:
        if self.kind == "closest":
            return f"closest:{self.rule}" + (":linf" if self.norm == "linf" else "")
        if self.kind == "maxmin":
            return "maxmin" if self.rule == "shapley" else f"maxmin:{self.rule}"
        return self.kind


def parse_objective(text=None) -> Objective:
    """Read ``closest:RULE[:l1|linf]``, ``maxmin[:RULE]`` or ``nucleolus`` (None: :data:`DEFAULT_OBJECTIVE`)."""
    from ..rule_names import RULE_NAMES as RULES

    if isinstance(text, Objective):
        return text
    text = DEFAULT_OBJECTIVE if text is None else str(text).strip()
    parts = [part.strip() for part in text.split(":")]
    kind = parts[0].lower()

    def rule(name):
        if name == "core-lp":
            raise RuleError("core-lp cannot be its own reference; name another rule, e.g. closest:shapley")
        if name not in RULES:
            import difflib

            close = difflib.get_close_matches(name, RULES, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise RuleError(f"unknown rule {name!r} in objective {text!r}{hint}")
        return name

    if kind == "closest" and len(parts) in (2, 3):
        norm = parts[2].lower() if len(parts) == 3 else "l1"
        if norm not in NORMS:
            raise RuleError(f"unknown norm {parts[2]!r} in objective {text!r}; choose l1 or linf")
        return Objective("closest", rule(parts[1]), norm)
    if kind == "maxmin" and len(parts) in (1, 2):
        return Objective("maxmin", rule(parts[1]) if len(parts) == 2 else "shapley")
    if kind == "nucleolus" and len(parts) == 1:
        return Objective("nucleolus")
    raise RuleError(f"unknown objective {text!r}; use one of {', '.join(OBJECTIVES)}")


def core_lp(game, *, clauses=None, objective=None, solver=None, resolve=None):
    """The allocation within the agreement's clauses that best meets ``objective`` (see the module docstring).

    Parameters
    ----------
    game : Game
    clauses : the clauses to apply; None (the default) takes the scenario's ``agreement.clauses`` (none for a
        game built in Python). Either :class:`~ipshare.model.Clause` objects or mappings written as in a
        scenario file.
    objective : ``closest:RULE`` (default ``closest:shapley``), ``closest:RULE:linf``, ``maxmin[:RULE]`` or
        ``nucleolus``.
    solver : ``highs`` (default) or ``cbc``, for the clause LPs (the nucleolus sequence always runs on HiGHS).
    resolve : ``resolve(game, rule)`` -> the Allocation of another rule, for the objective's reference rule and
        ``near`` clauses (default: the rule registry's :func:`ipshare.solutions.allocate`).

    Raises
    ------
    ClauseConflict
        The clauses cannot all hold; it names a minimal conflicting set (exit status 3).

    Examples
    --------
    >>> from ipshare.games import table_game
    >>> game = table_game(["A", "B", "C"], {"A+B": 1, "A+C": 1, "B+C": 1, "A+B+C": 1})
    >>> result = core_lp(game, clauses=[{"id": "a-floor", "member": "A", "min_share": 0.5}])
    >>> {player: round(value, 4) for player, value in result.values.items()}
    {'A': 0.5, 'B': 0.25, 'C': 0.25}
    >>> [(b["clause"], round(b["shadow_price"], 4)) for b in result.details["binding"]]
    [('a-floor', -2.0)]

    Shapley gives each a third; the floor moves 1/6 to A, taken equally from B and C (L1 distance 1/3); each
    unit the floor is lowered saves two units of distance.
    """
    objective = parse_objective(objective)
    solver = (solver or "highs").lower()
    if solver not in SOLVERS:
        raise RuleError(f"unknown solver {solver!r}; choose one of {', '.join(SOLVERS)}")
    references = {}
    constraints = clause_constraints(game, clauses, references=references, resolve=resolve)
    active = [c for c in constraints if c.active]
    try:
        if objective.kind == "closest":
            reference = _reference(game, objective.rule, references, resolve)
            chain = _Chain(game, active, solver)
            if objective.norm == "l1":
                primary = chain.minimise_l1(reference)
                chain.spread(reference)
            else:
                primary = chain.spread(reference)
            value = primary.objective * chain.model.scale
            meaning = (
                f"L1 distance to the {objective.rule} allocation: the sum of |x_i - {objective.rule}_i|"
                if objective.norm == "l1"
                else f"L-infinity distance to the {objective.rule} allocation: the largest |x_i - {objective.rule}_i|"
            )
            tie_break = (
                f"among the nearest allocations, the change from {objective.rule} spread as evenly as possible "
                "(lexicographic centre of the changes)"
            )
            y = chain.model.allocation(chain.last)
            exact, extra = None, {}
        else:
            chain = _Chain(game, active, solver)
            primary = chain.minimise_epsilon()
            value = primary.objective * chain.model.scale
            meaning = _epsilon_meaning(game)
            if objective.kind == "maxmin":
                reference = _reference(game, objective.rule, references, resolve)
                chain.minimise_l1(reference)
                chain.spread(reference)
                tie_break = (
                    f"among the least-core allocations, the closest to {objective.rule} in L1, with the change "
                    "spread as evenly as possible"
                )
                y = chain.model.allocation(chain.last)
                exact, extra = None, {}
            else:
                y, exact, extra = _nucleolus(game, active)
                meaning = (
                    "the largest excess at the nucleolus within the clauses (its first level, the least-core e "
                    "within the clauses)"
                )
                tie_break = "none needed: the nucleolus is unique"
    except Infeasible:
        conflict = find_conflict(game, constraints, solver=solver)
        if conflict is None:  # pragma: no cover - the clauses hold, so the LP failed for another reason
            raise LPError("core-lp: the LP solver reported infeasibility, but the clauses can hold") from None
        raise conflict from None
    if exact is None:
        # Spread the last rounding of the efficiency row evenly so that the amounts add up to v(N).
        y = y + (game.grand_value - float(np.sum(y))) / game.n
    broken = violations(game, active, y)
    if broken:
        clause, label, gap = broken[0]
        raise LPError(f"core-lp: the LP result breaks clause {clause} ({label}) by {gap:g} (numeric trouble)")
    details = {
        "objective": objective.text,
        "objective_value": _clean(value),
        "objective_meaning": meaning,
        "tie_break": tie_break,
        "solver": solver,
        "clauses": [c.id for c in constraints],
        "binding": _binding(game, active, y, chain.model.shadow_prices(primary)),
        "shadow_price": (
            "change in the objective value per unit of money by which the clause is relaxed "
            "(<= 0: relaxing a clause can only lower the minimised objective)"
        ),
        **extra,
    }
    if game.kind == "cost":
        details["convention"] = "cost game: amounts are cost shares; excess y(S) - c(S)"
    method = f"linear programming ({objective.text})"
    return make_allocation(game, "core-lp", y, exact=exact, method=method, **details)


def _epsilon_meaning(game):
    if game.kind == "cost":
        return "least core within the clauses: the least e with y(S) - c(S) <= e for every proper coalition S"
    return "least core within the clauses: the least e with v(S) - x(S) <= e for every proper coalition S"


def _reference(game, rule, references, resolve):
    if rule not in references:
        references[rule] = resolved(game, rule, resolve)
    allocation = references[rule]
    return np.array([float(allocation.values[player]) for player in game.players])


def _clean(value):
    """A float without solver noise in its last digits, and never -0.0."""
    return float(f"{value:.12g}") + 0.0


class _Chain:
    """The sequence of LPs over one model: columns x (n), d (n, L1 changes), t (largest change), e (ε)."""

    def __init__(self, game, constraints, solver):
        n = game.n
        self.n = n
        self.model = ClauseModel(
            game,
            constraints,
            extra_lower=[0.0] * n + [0.0, 0.0],
            extra_upper=[INF] * n + [INF, 0.0],
            solver=solver,
        )
        self.d = np.arange(n, 2 * n)
        self.t = 2 * n
        self.e = 2 * n + 1
        self.last = None
        self.slack = SLACK[solver]

    def _costs(self, columns):
        costs = np.zeros(self.model.columns)
        costs[columns] = 1.0
        self.model.set_costs(costs)

    def _solve(self):
        self.last = self.model.solve()
        return self.last

    def _scaled(self, reference):
        return self.model.sign * reference / self.model.scale

    def minimise_epsilon(self):
        """min ε over the clauses, with x(S) + ε ≥ v(S) for every proper coalition; then hold ε at its least."""
        model = self.model
        model.lp.set_column_bounds(self.e, -INF, INF)
        if self.n > 1:
            model.add_family(self.e, 1.0)
        else:  # no proper coalition: ε is 0 by convention
            model.lp.set_column_bounds(self.e, 0.0, 0.0)
        self._costs([self.e])
        solution = self._solve()
        epsilon = solution.x[self.e]
        model.lp.set_column_bounds(self.e, -INF, epsilon + self.slack)
        return solution

    def minimise_l1(self, reference):
        """min Σ d_i with d_i ≥ |x_i − r_i|; then hold the sum at its least."""
        model, n = self.model, self.n
        r = self._scaled(reference)
        matrix = np.zeros((2 * n, model.columns))
        for i in range(n):
            matrix[2 * i, i], matrix[2 * i, self.d[i]] = -1.0, 1.0
            matrix[2 * i + 1, i], matrix[2 * i + 1, self.d[i]] = 1.0, 1.0
        lower = np.ravel(np.column_stack([-r, r]))
        model.add_rows(matrix, lower, np.full(2 * n, INF))
        self._costs(self.d)
        solution = self._solve()
        total = np.zeros((1, model.columns))
        total[0, self.d] = 1.0
        model.add_rows(total, [-INF], [solution.objective + self.slack * max(1.0, abs(solution.objective))])
        return solution

    def spread(self, reference):
        """The lexicographic centre of the changes |x_i − r_i|; returns the first stage (min of the largest)."""
        model, n = self.model, self.n
        r = self._scaled(reference)
        matrix = np.zeros((2 * n, model.columns))
        for i in range(n):
            matrix[2 * i, i], matrix[2 * i, self.t] = 1.0, 1.0  # x_i + t ≥ r_i
            matrix[2 * i + 1, i], matrix[2 * i + 1, self.t] = 1.0, -1.0  # x_i − t ≤ r_i
        lower = np.ravel(np.column_stack([r, np.full(n, -INF)]))
        upper = np.ravel(np.column_stack([np.full(n, INF), r]))
        rows = model.add_rows(matrix, lower, upper)
        above, below = rows[0::2], rows[1::2]
        self._costs([self.t])
        unsettled = list(range(n))
        first = None
        while unsettled:
            solution = self._solve()
            if first is None:
                first = solution
            level = solution.x[self.t]
            x = solution.x[:n]
            if level <= self.slack:
                settled = list(unsettled)
            else:
                duals = solution.row_duals
                settled = [i for i in unsettled if max(abs(duals[above[i]]), abs(duals[below[i]])) > DUAL_POSITIVE]
                if not settled:  # numerically silent duals: hold the member furthest away
                    settled = [max(unsettled, key=lambda i: (abs(x[i] - r[i]), -i))]
            for i in settled:
                model.lp.set_coefficient(above[i], self.t, 0.0)
                model.lp.set_row_bounds(above[i], r[i] - level - self.slack, INF)
                model.lp.set_coefficient(below[i], self.t, 0.0)
                model.lp.set_row_bounds(below[i], -INF, r[i] + level + self.slack)
                unsettled.remove(i)
        return first


def _nucleolus(game, constraints):
    """The lexicographic centre within the clauses. A ``core: true`` clause is left out of that LP sequence: the
    clauses and the core meet (their least-core ε ≤ 0 was just found), so the centre of the rest has every
    excess ≤ 0 and already lies in the core."""
    from .nucleolus import LinearConstraint, lexicographic_centre

    sign = -1 if game.kind == "cost" else 1
    linear = []
    for constraint in constraints:
        for row in constraint.rows:
            linear.append(
                LinearConstraint(
                    tuple(sign * c for c in row.coefficients), row.lower, row.upper, f"{constraint.id}:{row.label}"
                )
            )
    centre = lexicographic_centre(game, imputations=False, constraints=linear)
    extra = {
        "epsilons": [_clean(sign * stage.epsilon) for stage in centre.stages],
        "nucleolus_solver": "highs",
        "certificate": centre.certificate,
    }
    if centre.exact is not None:
        exact = [sign * value for value in centre.exact]
        return np.array([float(v) for v in exact]), exact, extra
    return sign * centre.x, None, extra


def _binding(game, constraints, y, prices):
    """The clauses with a row at its bound, in the agreement's order, each with its shadow price."""
    tight = tight_rows(game, constraints, y)
    grand = abs(game.grand_value)
    binding = []
    for index, constraint in enumerate(constraints):
        price = _clean(prices.get(index, 0.0))
        if constraint.id not in tight and price == 0:
            continue
        entry = {"clause": constraint.id, "says": constraint.says, "shadow_price": price}
        if constraint.kind in ("min_share", "max_share"):
            entry["shadow_price_per_point"] = _clean(price * grand / 100)
        entry["at_bound"] = tight.get(constraint.id, [])
        binding.append(entry)
    return binding
