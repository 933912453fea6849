"""The agreement's clauses as linear constraints on the allocation, and the diagnosis of clauses that conflict.

Every clause of ``agreement.clauses`` (validated by :mod:`ipshare.model`) becomes one or more rows
``lower ≤ Σ a_i·y_i ≤ upper`` on the allocation y, in the game's own units: amounts of benefit in a benefit game,
cost shares in a cost game (``kind: cost``). With V the grand value v(N) (the grand cost c(N) in a cost game) and
T the clause's members (a ``member``, a list of ``members`` or every member of a ``type``):

==========================  ==================================  ==================================
clause                      benefit game                        cost game
==========================  ==================================  ==================================
``min_share: s``            y(T) ≥ s·V                          y(T) ≥ s·V (a share of the cost)
``max_share: s``            y(T) ≤ s·V                          y(T) ≤ s·V
``min_amount: a``           y(T) ≥ a                            y(T) ≥ a
``max_amount: a``           y(T) ≤ a                            y(T) ≤ a
``fixed: a``                y_i = a                             y_i = a
``ratio: k, over: j``       y_i ≥ k·y_j                         y_i ≥ k·y_j
``individual_rationality``  y_i ≥ v({i}) for every i            y_i ≤ c({i}) for every i
``core: true``              y(S) ≥ v(S) for every coalition S   y(S) ≤ c(S) for every coalition S
``core: [S, …]``            the same, for the listed coalitions
``near: RULE, distance: d`` |y_i − RULE_i| ≤ d for every member (or only the clause's members)
==========================  ==================================  ==================================

Efficiency, y(N) = V, is not a clause: every allocation satisfies it. Nothing else is implied: without a clause
saying so, a member may receive a negative amount.

``core: true`` has a row for each of the 2^n − 2 proper coalitions; those rows are never all built. The LPs here
start from the singletons and their complements and add the most violated coalitions, found by one vectorised
scan of the bitmask array, until none is violated (constraint generation).

When the clauses cannot all hold, :func:`find_conflict` names a minimal set of them that cannot hold together,
found by Chinneck's deletion filter (Chinneck & Dravnieks 1991): drop each clause in turn and leave it out for
good when the others still conflict. Every clause left is needed: without any one of them the rest can hold.
An elastic LP over that set (each clause relaxed by a variable, the total relaxation minimised) gives its
multipliers, which say what the clauses together demand: more than the grand value, less than it, or something
self-contradictory whatever the grand value.

References
----------
J. W. Chinneck, E. W. Dravnieks, "Locating minimal infeasible constraint sets in linear programs", ORSA Journal
on Computing 3 (1991) 157-168.
J. W. Chinneck, *Feasibility and Infeasibility in Optimization*, Springer, 2008, ch. 2.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from ..errors import IpshareError, RuleError
from ..exact import format_number
from ..lp import FEASIBILITY, INF, Infeasible, LPError, row_lp, tight_tolerance

__all__ = [
    "Row",
    "ClauseConstraint",
    "ClauseConflict",
    "ClauseModel",
    "as_clauses",
    "clause_constraints",
    "violations",
    "tight_rows",
    "ClauseCheck",
    "check_clauses",
    "find_conflict",
    "format_amount",
]

# How many of a clause's tight coalitions or members are named in a report.
MAX_NAMED = 12


@dataclass(frozen=True)
class Row:
    """``lower ≤ Σ coefficients[i]·y_i ≤ upper`` on the allocation y in the game's own units.

    Coefficients and finite bounds are exact (``int``/``Fraction``) where the game and the clause are, else
    floats; an absent bound is ``-inf`` or ``inf``. ``label`` names the row ("TU", "A+B").
    """

    coefficients: tuple
    lower: object = -INF
    upper: object = INF
    label: str = ""


@dataclass(frozen=True)
class ClauseConstraint:
    """One clause as linear constraints: its ``id``, ``kind``, a plain sentence (``says``) and its rows.

    ``every_coalition`` marks a ``core: true`` clause, whose 2^n − 2 rows y(S) ≥ v(S) (≤ c(S) in a cost game)
    are generated when needed instead of being listed in ``rows``.
    """

    id: str
    kind: str
    says: str
    rows: tuple[Row, ...] = ()
    every_coalition: bool = False
    clause: object = None

    @property
    def sentence(self) -> str:
        return f"{self.id}: {self.says}"

    @property
    def active(self) -> bool:
        """False for a clause that constrains nothing (``individual_rationality: false``, ``core: false``)."""
        return bool(self.rows) or self.every_coalition


class ClauseConflict(IpshareError):
    """The agreement's clauses cannot all hold. Exit status 3.

    Attributes
    ----------
    clauses : the ids of a minimal conflicting set, in the agreement's order.
    sentences : one sentence per clause of that set, ``"id: what it says"``.
    reason : what the clauses demand together (one sentence).
    message : the first line: what happened.
    """

    exit_status = 3

    def __init__(self, clauses, sentences, reason, *, rule="core-lp"):
        self.clauses = tuple(clauses)
        self.sentences = tuple(sentences)
        self.reason = reason
        self.rule = rule
        names = _join(self.clauses)
        self.message = (
            f"the agreement's clauses cannot all hold ({rule}): {names} conflict"
            if len(self.clauses) > 1
            else f"the agreement's clause {names} cannot hold ({rule})"
        )
        super().__init__(str(self))

    @property
    def explanation(self) -> list[str]:
        """One line per clause, then what they demand together."""
        return [*self.sentences, self.reason]

    def __str__(self):
        return "\n".join([self.message, *(f"  {line}" for line in self.explanation)])

    def as_dict(self) -> dict:
        return {
            "clauses": list(self.clauses),
            "explanation": self.explanation,
            "message": self.message,
            "reason": self.reason,
        }


# --------------------------------------------------------------------------------------------------------------
# Clauses → rows


def as_clauses(clauses, game) -> tuple:
    """The clauses to apply to ``game``: the scenario's when ``clauses`` is None, else those given.

    Clauses may be given as :class:`~ipshare.model.Clause` objects or as mappings written as in a scenario
    file (``{"id": "a-floor", "member": "A", "min_share": 0.3}``), which are validated the same way.
    """
    if clauses is None:
        scenario = getattr(game, "scenario", None)
        return tuple(scenario.agreement.clauses) if scenario is not None else ()
    from ..model.loading import parse_clauses
    from ..model.types import Clause, Member

    clauses = list(clauses)
    scenario = getattr(game, "scenario", None)
    if scenario is not None and scenario.game is None:
        members = dict(scenario.members)
    else:
        members = {player: Member(id=player, name=player, type="other") for player in game.players}
    given = [item for item in clauses if isinstance(item, Mapping)]
    parsed = iter(parse_clauses(given, members) if given else ())
    result = []
    for item in clauses:
        if isinstance(item, Mapping):
            result.append(next(parsed))
        elif isinstance(item, Clause):
            unknown = [p for p in (*item.targets, item.params.get("over")) if p is not None and p not in game.players]
            if unknown:
                raise RuleError(f"clause {item.id!r} names {unknown[0]!r}, who is not a player of this game")
            result.append(item)
        else:
            raise RuleError(f"a clause is a mapping or an ipshare.model.Clause, not {type(item).__name__}")
    ids = [clause.id for clause in result]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise RuleError(f"clause id {duplicates[0]!r} is used twice")
    return tuple(result)


def clause_constraints(game, clauses=None, *, references=None, resolve=None) -> tuple[ClauseConstraint, ...]:
    """The clauses (the scenario's by default) as :class:`ClauseConstraint` s, in the agreement's order.

    ``references`` is an optional dict rule name → :class:`~ipshare.solutions.Allocation`, used and filled as
    ``near`` clauses need their reference rules, computed by ``resolve(game, rule)`` (:func:`ipshare.allocate`)
    when they are not there.

    Examples
    --------
    >>> from ipshare.games import table_game
    >>> game = table_game(["A", "B", "C"], {"A+B": 60, "A+C": 80, "B+C": 100, "A+B+C": 120})
    >>> (floor,) = clause_constraints(game, [{"id": "a-floor", "member": "A", "min_share": 0.25}])
    >>> floor.sentence
    'a-floor: A ≥ 25 % of the grand value (≥ 30)'
    >>> floor.rows[0].coefficients, floor.rows[0].lower
    ((1, 0, 0), Fraction(30, 1))
    """
    references = {} if references is None else references
    return tuple(_constraint(game, clause, references, resolve) for clause in as_clauses(clauses, game))


def _grand(game):
    exact = game.exact_grand_value
    return exact if exact is not None else game.grand_value


def _worth(game, mask):
    exact = game.exact_value(mask)
    return exact if exact is not None else float(game.values[mask])


def _indicator(game, members):
    chosen = set(members)
    return tuple(1 if player in chosen else 0 for player in game.players)


def _who(targets):
    if len(targets) == 1:
        return targets[0]
    return "+".join(targets) + " together"


def _constraint(game, clause, references, resolve=None):
    kind, value, targets = clause.kind, clause.value, tuple(clause.targets)
    cost = game.kind == "cost"
    whole = "the grand cost" if cost else "the grand value"
    grand = _grand(game)
    rows = ()
    every = False
    if kind in ("min_share", "max_share"):
        bound = value * grand if isinstance(grand, Fraction) else float(value) * grand
        sign = "≥" if kind == "min_share" else "≤"
        says = f"{_who(targets)} {sign} {format_percent(value)} of {whole} ({sign} {format_amount(bound)})"
        row = Row(_indicator(game, targets), label="+".join(targets))
        rows = (_bounded(row, bound, kind == "min_share"),)
    elif kind in ("min_amount", "max_amount"):
        sign = "≥" if kind == "min_amount" else "≤"
        says = f"{_who(targets)} {sign} {format_amount(value)}"
        rows = (_bounded(Row(_indicator(game, targets), label="+".join(targets)), value, kind == "min_amount"),)
    elif kind == "fixed":
        says = f"{targets[0]} = {format_amount(value)}"
        rows = (Row(_indicator(game, targets), value, value, targets[0]),)
    elif kind == "ratio":
        over = clause.params["over"]
        coefficients = tuple(
            1 if player == targets[0] else (-value if player == over else 0) for player in game.players
        )
        says = f"{targets[0]} ≥ {format_number(value)} × {over}"
        rows = (Row(coefficients, 0, INF, f"{targets[0]}/{over}"),)
    elif kind == "individual_rationality":
        if value:
            if cost:
                says = "every member pays at most its stand-alone cost (y_i ≤ c({i}))"
            else:
                says = "every member gets at least its stand-alone value (x_i ≥ v({i}))"
            rows = tuple(
                _bounded(Row(_indicator(game, [player]), label=player), _worth(game, 1 << i), not cost)
                for i, player in enumerate(game.players)
            )
        else:
            says = "individual rationality switched off"
    elif kind == "core":
        if value is True:
            every = True
            if cost:
                says = "no coalition pays more than its stand-alone cost (y(S) ≤ c(S) for every coalition S)"
            else:
                says = "no coalition gets less than it could alone (x(S) ≥ v(S) for every coalition S)"
        elif value is False:
            says = "core switched off"
        else:
            coalitions = [tuple(c) for c in value if c]
            built = []
            for members in coalitions:
                mask = game.mask(members)
                built.append(
                    _bounded(Row(_indicator(game, members), label=game.label(mask)), _worth(game, mask), not cost)
                )
            rows = tuple(built)
            listed = ", ".join(
                f"{game.label(game.mask(m))} {'≤' if cost else '≥'} {format_amount(_worth(game, game.mask(m)))}"
                for m in coalitions
            )
            verb = "pays at most its stand-alone cost" if cost else "gets at least what it could alone"
            says = f"each listed coalition {verb} ({listed})"
    elif kind == "near":
        rule = value
        distance = clause.params["distance"]
        reference = _reference(game, rule, references, resolve)
        members = targets or game.players
        built = []
        for player in members:
            centre = reference.exact[player] if reference.exact is not None else reference.values[player]
            if isinstance(centre, Fraction):
                low, high = centre - distance, centre + distance
            else:
                low, high = float(centre) - float(distance), float(centre) + float(distance)
            built.append(Row(_indicator(game, [player]), low, high, player))
        rows = tuple(built)
        who = "no member is" if not targets else " and ".join(targets) + (" is" if len(targets) == 1 else " are each")
        says = f"{who} at most {format_amount(distance)} away from the {rule} allocation"
        if not targets:
            says = f"no member is more than {format_amount(distance)} away from its {rule} allocation"
    else:  # pragma: no cover - the scenario validator knows every kind
        raise RuleError(f"unknown clause kind {kind!r}")
    return ClauseConstraint(clause.id, kind, says, rows, every, clause)


def _bounded(row, bound, is_lower):
    return Row(row.coefficients, bound if is_lower else -INF, INF if is_lower else bound, row.label)


def _reference(game, rule, references, resolve):
    if rule == "core-lp":
        raise RuleError("a near clause cannot refer to core-lp itself; name the rule it should stay near")
    if rule not in references:
        references[rule] = resolved(game, rule, resolve)
    return references[rule]


# How another rule's allocation is computed (a near clause's reference rule, core-lp's objective): the registry
# (ipshare.solutions.registry) installs ipshare.allocate here as it is built, so that the rules that need other
# rules do not import the registry that names them back.
_RESOLVER = None


def use_resolver(resolve) -> None:
    """Install ``resolve(game, rule) -> Allocation`` as the way other rules' allocations are computed."""
    global _RESOLVER
    _RESOLVER = resolve


def resolved(game, rule, resolve=None):
    """The allocation of ``rule`` on ``game``, by ``resolve`` or the installed resolver."""
    resolve = resolve if resolve is not None else _RESOLVER
    if resolve is None:  # only when the registry was never imported, which importing this package does
        raise RuleError(f"the allocation of {rule} is needed, and no rule registry is installed to compute it")
    return resolve(game, rule)


# --------------------------------------------------------------------------------------------------------------
# Checking an allocation


def _as_float(value):
    return float(value)


def _row_activity(row, y):
    return float(np.dot(np.asarray(row.coefficients, dtype=np.float64), y))


def _tolerance(game):
    if hasattr(game, "values"):
        return tight_tolerance(float(np.max(np.abs(game.values))))
    return tight_tolerance(abs(float(game.grand_value)))


def violations(game, constraints, allocation, tolerance=None) -> list[tuple[str, str, float]]:
    """The rows the allocation breaks, as (clause id, row label, amount by which it is broken).

    ``allocation`` is a vector in the game's player order or a mapping player → amount (game's own units).
    """
    y = _vector(game, allocation)
    tolerance = _tolerance(game) if tolerance is None else tolerance
    broken = []
    for constraint in constraints:
        for row in constraint.rows:
            activity = _row_activity(row, y)
            gap = max(_as_float(row.lower) - activity, activity - _as_float(row.upper))
            if gap > tolerance:
                broken.append((constraint.id, row.label, gap))
        if constraint.every_coalition:
            gaps = _coalition_gaps(game, y)
            for mask in np.flatnonzero(gaps > tolerance)[:MAX_NAMED]:
                broken.append((constraint.id, game.label(int(mask)), float(gaps[mask])))
    return broken


def tight_rows(game, constraints, allocation, tolerance=None) -> dict[str, list[str]]:
    """For each clause with a row at its bound, the labels of those rows (at most :data:`MAX_NAMED` each,
    then a count of the rest)."""
    y = _vector(game, allocation)
    tolerance = _tolerance(game) if tolerance is None else tolerance
    tight = {}
    for constraint in constraints:
        labels = []
        for row in constraint.rows:
            activity = _row_activity(row, y)
            if abs(activity - _as_float(row.lower)) <= tolerance or abs(activity - _as_float(row.upper)) <= tolerance:
                labels.append(row.label)
        if constraint.every_coalition:
            gaps = _coalition_gaps(game, y)
            labels.extend(game.label(int(mask)) for mask in np.flatnonzero(np.abs(gaps) <= tolerance))
        if labels:
            shown = labels[:MAX_NAMED]
            if len(labels) > MAX_NAMED:
                shown.append(f"… and {len(labels) - MAX_NAMED} more")
            tight[constraint.id] = shown
    return tight


@dataclass(frozen=True)
class ClauseCheck:
    """One clause under one allocation.

    ``status``: ``holds`` (with room to spare), ``binding`` (exactly at its bound, at the rows in ``where``),
    ``broken`` (missed by ``gap``, the largest amount over its rows, in the game's units; ``where`` names the
    broken rows, worst first) or ``not in force`` (a clause that constrains nothing). ``shadow_price`` is set
    for a clause binding in core-lp's LP.
    """

    clause: str
    says: str
    description: str
    status: str
    gap: float = 0.0
    where: tuple[str, ...] = ()
    shadow_price: float | None = None

    @property
    def broken(self) -> bool:
        return self.status == "broken"


def check_clauses(game, allocations, resolve=None) -> dict[str, tuple[ClauseCheck, ...]]:
    """Every clause of the game's agreement checked under each allocation: rule name → its checks, in the
    agreement's order (empty when there are no clauses).

    core-lp reports its own binding clauses (with their shadow prices); every clause holds there by
    construction. Other rules are checked row by row against the allocation (in floats, to the solver's
    tolerance of the game's scale). ``near`` clauses use the listed allocations of their reference rules, and
    ``resolve(game, rule)`` (:func:`ipshare.solutions.allocate`) for the others.
    """
    allocations = list(allocations)
    if not as_clauses(None, game):
        return {a.rule: () for a in allocations}
    references = {a.rule: a for a in allocations if "binding" not in a.details}
    constraints = clause_constraints(game, references=references, resolve=resolve)
    checks = {}
    for allocation in allocations:
        found = []
        for constraint in constraints:
            description = (constraint.clause.description if constraint.clause is not None else None) or ""
            common = {"clause": constraint.id, "says": constraint.says, "description": description}
            if not constraint.active:
                found.append(ClauseCheck(status="not in force", **common))
            elif "binding" in allocation.details:
                found.append(_lp_check(constraint, allocation.details["binding"], common))
            else:
                broken = sorted(violations(game, [constraint], allocation.values), key=lambda item: -item[2])
                if broken:
                    found.append(
                        ClauseCheck(status="broken", gap=broken[0][2], where=tuple(b[1] for b in broken), **common)
                    )
                    continue
                tight = tight_rows(game, [constraint], allocation.values).get(constraint.id)
                found.append(ClauseCheck(status="binding" if tight else "holds", where=tuple(tight or ()), **common))
        checks[allocation.rule] = tuple(found)
    return checks


def _lp_check(constraint, binding, common) -> ClauseCheck:
    for entry in binding:
        if entry["clause"] == constraint.id:
            return ClauseCheck(
                status="binding",
                where=tuple(entry.get("at_bound") or ()),
                shadow_price=float(entry.get("shadow_price") or 0),
                **common,
            )
    return ClauseCheck(status="holds", **common)


def _vector(game, allocation):
    if isinstance(allocation, Mapping):
        return np.array([float(allocation[p]) for p in game.players])
    return np.asarray(allocation, dtype=np.float64)


def _coalition_gaps(game, y):
    """By how much each proper coalition's core row is broken (negative: slack), indexed by mask."""
    from .nucleolus import subset_sums

    sums = subset_sums(y)
    gaps = (sums - game.values) if game.kind == "cost" else (game.values - sums)
    gaps[0] = gaps[-1] = -INF
    return gaps


# --------------------------------------------------------------------------------------------------------------
# The LP over the clauses


@dataclass
class _Family:
    """Rows x(S) + coefficient·column ≥ v(S) − shift for every proper coalition S, generated when violated."""

    column: int | None
    coefficient: float
    shift: float
    clause: int | None
    in_lp: np.ndarray
    rows: dict = field(default_factory=dict)  # LP row -> mask


class ClauseModel:
    """The LP the clause rules solve, in the benefit convention and scaled.

    Columns: the allocation x (n, free; in a cost game x = −y, the cost shares negated, and v = −c), then
    ``extra`` auxiliary columns. Rows: efficiency x(N) = v(N); every clause's rows; rows the caller adds; and
    coalition families (``core: true``, or the least-core rows x(S) + ε ≥ v(S)) generated when violated. All
    amounts are divided by ``scale`` (the largest |v(S)|), which leaves duals unchanged: a dual is the change in
    the objective per unit of a bound, and both are scaled alike.

    With ``elastic=True`` each clause gets its own relaxation column s_c ≥ 0 with cost 1 (lower bounds become
    ``a·x + s_c ≥ lower``, upper bounds ``a·x − s_c ≤ upper``): the phase-one LP of the conflict diagnosis.
    """

    def __init__(self, game, constraints, *, extra_lower=(), extra_upper=(), solver=None, elastic=False):
        self.game = game
        self.n = n = game.n
        self.sign = -1.0 if game.kind == "cost" else 1.0
        values = self.sign * np.asarray(game.values, dtype=np.float64)
        largest = float(np.max(np.abs(values)))
        self.scale = largest if largest > 0 else 1.0
        self.values = values / self.scale
        self.full = (1 << n) - 1
        self.constraints = tuple(constraints)
        self.extra = len(extra_lower)
        elastic_columns = len(self.constraints) if elastic else 0
        self.elastic_column = {index: n + self.extra + index for index in range(elastic_columns)}
        lower = [-INF] * n + list(extra_lower) + [0.0] * elastic_columns
        upper = [INF] * n + list(extra_upper) + [INF] * elastic_columns
        self.columns = len(lower)
        self.costs = np.zeros(self.columns)
        if elastic:
            self.costs[n + self.extra :] = 1.0
        self.lp = row_lp(self.costs, lower, upper, solver=solver)
        self.lp.add_rows([self._full_row([1.0] * n)], [self.values[self.full]], [self.values[self.full]])
        self.efficiency_row = 0
        self.clause_rows = {index: [] for index in range(len(self.constraints))}
        self.row_bound = {}  # elastic rows: row -> (bound, is_lower), for the Farkas reading
        self.families = []
        for index, constraint in enumerate(self.constraints):
            column = self.elastic_column.get(index)
            for row in constraint.rows:
                coefficients = self.sign * np.asarray(row.coefficients, dtype=np.float64)
                low, high = _as_float(row.lower) / self.scale, _as_float(row.upper) / self.scale
                if column is None:
                    added = self.lp.add_rows([self._full_row(coefficients)], [low], [high])
                    self.clause_rows[index].extend(added)
                    continue
                if low != -INF:
                    full = self._full_row(coefficients)
                    full[column] = 1.0
                    (added,) = self.lp.add_rows([full], [low], [INF])
                    self.clause_rows[index].append(added)
                    self.row_bound[added] = (low, True, coefficients)
                if high != INF:
                    full = self._full_row(coefficients)
                    full[column] = -1.0
                    (added,) = self.lp.add_rows([full], [-INF], [high])
                    self.clause_rows[index].append(added)
                    self.row_bound[added] = (high, False, coefficients)
            if constraint.every_coalition:
                self.add_family(column, 1.0 if column is not None else 0.0, 0.0, clause=index)
        self.batch = max(4 * n, 32)
        self.tolerance = FEASIBILITY * 10

    def _full_row(self, coefficients):
        row = np.zeros(self.columns)
        row[: self.n] = coefficients
        return row

    def add_rows(self, matrix, lower, upper) -> range:
        """Add rows over all columns, bounds in the scaled benefit convention."""
        return self.lp.add_rows(matrix, lower, upper)

    def add_family(self, column=None, coefficient=1.0, shift=0.0, *, clause=None) -> _Family:
        """Coalition rows x(S) + coefficient·column ≥ v(S) − shift, seeded with the singletons and their
        complements, the rest generated by :meth:`solve` when violated."""
        family = _Family(column, coefficient, shift, clause, np.zeros(1 << self.n, dtype=bool))
        self.families.append(family)
        seeds = sorted({1 << i for i in range(self.n)} | {self.full ^ (1 << i) for i in range(self.n)} - {0, self.full})
        self._add_coalitions(family, seeds)
        return family

    def _add_coalitions(self, family, masks):
        if not masks:
            return
        masks = np.asarray(masks, dtype=np.int64)
        matrix = np.zeros((len(masks), self.columns))
        matrix[:, : self.n] = (masks[:, None] >> np.arange(self.n)) & 1
        if family.column is not None:
            matrix[:, family.column] = family.coefficient
        rows = self.lp.add_rows(matrix, self.values[masks] - family.shift, np.full(len(masks), INF))
        for row, mask in zip(rows, masks, strict=True):
            family.rows[row] = int(mask)
            if family.clause is not None:
                self.clause_rows[family.clause].append(row)
                if family.clause in self.elastic_column:
                    members = ((int(mask) >> np.arange(self.n)) & 1).astype(np.float64)
                    self.row_bound[row] = (self.values[mask] - family.shift, True, members)
        family.in_lp[masks] = True

    def set_costs(self, costs):
        self.costs = np.asarray(costs, dtype=np.float64)
        self.lp.set_costs(self.costs)

    def solve(self):
        """Solve, adding violated coalition rows until none is; raise :class:`~ipshare.lp.Infeasible` when the
        rows cannot all hold."""
        from .nucleolus import subset_sums

        while True:
            solution = self.lp.solve()
            if not self.families:
                return solution
            sums = subset_sums(solution.x[: self.n])
            added = False
            for family in self.families:
                lhs = sums + (family.coefficient * solution.x[family.column] if family.column is not None else 0.0)
                violation = self.values - family.shift - lhs
                violation[[0, self.full]] = -INF
                violation[family.in_lp] = -INF
                candidates = np.flatnonzero(violation > self.tolerance)
                if candidates.size:
                    order = candidates[np.argsort(-violation[candidates], kind="stable")][: self.batch]
                    self._add_coalitions(family, sorted(int(m) for m in order))
                    added = True
            if not added:
                return solution

    def allocation(self, solution) -> np.ndarray:
        """The allocation in the game's own units (cost shares in a cost game)."""
        return self.sign * self.scale * solution.x[: self.n]

    def shadow_prices(self, solution) -> dict[int, float]:
        """Per clause (by index): the change in the objective per unit of money by which all the clause's rows
        are relaxed at once: −Σ|dual| (≤ 0: relaxing can only lower a minimised objective)."""
        prices = {}
        for index, rows in self.clause_rows.items():
            total = float(sum(abs(solution.row_duals[row]) for row in rows))
            prices[index] = -total
        return prices


# --------------------------------------------------------------------------------------------------------------
# Conflicts


def _feasible(game, constraints, solver):
    try:
        ClauseModel(game, constraints, solver=solver).solve()
    except Infeasible:
        return False
    return True


def find_conflict(game, constraints, *, solver=None, rule="core-lp") -> ClauseConflict | None:
    """None when the clauses can all hold (with efficiency); else a :class:`ClauseConflict` naming a minimal
    conflicting set, found by the deletion filter in the agreement's order, with a sentence for each clause
    and one for what they demand together.

    Examples
    --------
    >>> from ipshare.games import table_game
    >>> game = table_game(["A", "B", "C"], {"A+B": 60, "A+C": 80, "B+C": 100, "A+B+C": 120})
    >>> clauses = [{"id": "a-floor", "member": "A", "min_share": 0.5}, {"id": "b-cap", "member": "B", "max_amount": 50},
    ...            {"id": "core", "core": True}]
    >>> conflict = find_conflict(game, clause_constraints(game, clauses))
    >>> conflict.clauses
    ('a-floor', 'core')
    >>> conflict.reason
    'together they require the members to receive at least 160 in total, more than the grand value of 120'

    A gets at least 60, and B+C can get 100 alone: 160 of a grand value of 120.
    """
    active = [c for c in constraints if c.active]
    if _feasible(game, active, solver):
        return None
    kept = list(active)
    for constraint in list(kept):
        trial = [c for c in kept if c is not constraint]
        if not _feasible(game, trial, solver):
            kept = trial
    if not kept:
        # Without any clause the LP (an allocation of the grand value) always has a point: the solver failed.
        raise LPError("the LP solver reports the allocation infeasible even without any clause: a solver failure, "
                      "not a conflict of clauses")
    reason = _reason(game, kept, solver)
    return ClauseConflict([c.id for c in kept], [c.sentence for c in kept], reason, rule=rule)


def _reason(game, constraints, solver):
    """What a conflicting set of clauses demands together, from the multipliers of the elastic LP.

    At the elastic optimum the duals π_r of the clause rows and π_e of efficiency satisfy Σ π_r·a_r = −π_e·1
    (x is free), so Σ π_r·(a_r·x) ≥ Σ π_r·b_r =: B reads c·x(N) ≥ B with c = −π_e: the clauses demand
    x(N) ≥ B/c when c > 0, allow only x(N) ≤ B/c when c < 0, and contradict each other when c = 0 — and in each
    case B/c is on the wrong side of v(N) (B > c·v(N) because the least total relaxation, B − c·v(N), is
    positive).
    """
    cost = game.kind == "cost"
    whole = "grand cost" if cost else "grand value"
    grand = format_amount(_grand(game))
    together = "they cannot hold together" if len(constraints) > 1 else "it cannot hold"
    model = ClauseModel(game, constraints, solver=solver, elastic=True)
    try:
        solution = model.solve()
    except Infeasible:  # an elastic LP always has a feasible point: the solver failed
        raise LPError("the LP solver reports the elastic LP infeasible, which it cannot be: a solver failure") from None
    duals = solution.row_duals
    combined = np.zeros(model.n)
    demand = 0.0
    for row, (bound, _, coefficients) in model.row_bound.items():
        combined += duals[row] * np.asarray(coefficients, dtype=np.float64)
        demand += duals[row] * bound
    c = -float(duals[model.efficiency_row])
    consistent = np.allclose(combined, c, atol=1e-6 * max(1.0, float(np.max(np.abs(combined)))))
    if not consistent or abs(c) <= 1e-9:
        return f"{together} whatever the {whole} is: they contradict each other"
    implied = demand / c * model.scale * model.sign
    plural = len(constraints) > 1
    subject = "together they" if plural else "it"

    def verb(word):
        return word if plural else word + "s"

    amount = format_amount(implied)
    if c > 0:  # x(N) ≥ X > v(N); in a cost game (y = −x) y(N) ≤ Y < c(N)
        if cost:
            return (
                f"{subject} {verb('let')} the members pay at most {amount} in total, less than the {whole} of {grand}"
            )
        return (
            f"{subject} {verb('require')} the members to receive at least {amount} in total, "
            f"more than the {whole} of {grand}"
        )
    # x(N) ≤ X < v(N); in a cost game y(N) ≥ Y > c(N)
    if cost:
        return f"{subject} {verb('make')} the members pay at least {amount} in total, more than the {whole} of {grand}"
    return f"{subject} {verb('allow')} the members at most {amount} in total, less than the {whole} of {grand}"


# --------------------------------------------------------------------------------------------------------------
# Words


def format_amount(value) -> str:
    """An amount of money or value for a sentence; nearly whole floats are shown whole."""
    number = float(value)
    if not isinstance(value, Fraction) and abs(number - round(number)) <= 1e-9 * max(1.0, abs(number)):
        return format_number(Fraction(round(number)))
    return format_number(value)


def format_percent(share) -> str:
    return f"{format_number(Fraction(share) * 100)} %"


def _join(names):
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
