"""The one place that talks to linear-programming solvers.

Two ways in:

- :class:`IncrementalLP`, HiGHS's own API (highspy), for hot loops that add rows to a solved LP and re-solve
  from the previous basis (the nucleolus and least-core constraint generation).
- :func:`solve_pulp`, for models written with pulp (the agreement's clauses), solved by HiGHS by default or CBC.
- :func:`row_lp`, the interface of :class:`IncrementalLP` whichever solver is chosen (:class:`PulpLP` over pulp
  for CBC), for the clause LPs of ``core-lp`` and the conflict diagnosis.

Every solve checks its status: an LP that is infeasible, unbounded or stopped for any reason raises
:class:`LPError` (or :class:`Infeasible`), never returns a half-answer.

Tolerances, stated once:

- ``FEASIBILITY = 1e-9``: primal and dual feasibility tolerance handed to the solver.
- ``tight_tolerance(scale) = 1e-7 · max(1, scale)``: when two excesses (or a constraint and its bound) count as
  equal, scaled by the largest absolute coalition value. Results are then certified (Kohlberg's criterion,
  and exactly in rationals for small games), so a tolerance never decides an answer silently.
- ``DUAL_POSITIVE = 1e-9``: a dual value above this counts as positive.
"""

from __future__ import annotations

import ctypes
import os
import sys
from dataclasses import dataclass

import numpy as np

from . import deadline
from .errors import IpshareError

__all__ = [
    "FEASIBILITY",
    "DUAL_POSITIVE",
    "SOLVERS",
    "LPError",
    "Infeasible",
    "Solution",
    "IncrementalLP",
    "PulpLP",
    "row_lp",
    "tight_tolerance",
    "solve_pulp",
    "pulp_solver",
]

FEASIBILITY = 1e-9
DUAL_POSITIVE = 1e-9
SOLVERS = ("highs", "cbc")
INF = float("inf")


class LPError(IpshareError):
    """A linear program the solver could not solve to optimality when it should have (exit status 4)."""

    exit_status = 4


class Infeasible(LPError):
    """A linear program with no feasible point (for the clauses: they cannot all hold)."""


def tight_tolerance(scale: float) -> float:
    return 1e-7 * max(1.0, abs(scale))


_banner_silenced = False


def _highs():
    """A silent HiGHS instance. HiGHS prints a banner on standard output the first time one is made; that first
    one is made with the C-level stdout pointed at /dev/null, so piped output stays clean."""
    global _banner_silenced
    highspy = _highspy()

    if not _banner_silenced:
        sys.stdout.flush()
        saved = os.dup(1)
        sink = os.open(os.devnull, os.O_WRONLY)
        os.dup2(sink, 1)
        try:
            highs = highspy.Highs()
            highs.setOptionValue("output_flag", False)
            try:
                ctypes.CDLL(None).fflush(None)
            except (OSError, AttributeError):  # no C library to flush on this platform
                pass
        finally:
            os.dup2(saved, 1)
            os.close(saved)
            os.close(sink)
        _banner_silenced = True
        return highs
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    return highs


@dataclass(frozen=True)
class Solution:
    x: np.ndarray
    objective: float
    row_duals: np.ndarray
    column_duals: np.ndarray
    row_values: np.ndarray


class IncrementalLP:
    """A HiGHS LP over a fixed set of columns, to which rows are added between solves.

    Each :meth:`solve` starts from the previous optimal basis (HiGHS keeps it when rows are added), which is
    what makes constraint generation cheap.

    Parameters
    ----------
    costs : objective coefficients, one per column.
    lower, upper : column bounds (``-inf``/``inf`` for free).
    maximize : maximise instead of minimise.
    """

    def __init__(self, costs, lower, upper, *, maximize=False):
        highspy = _highspy()
        self._highspy = highspy
        self._h = _highs()
        for option, value in (
            ("primal_feasibility_tolerance", FEASIBILITY),
            ("dual_feasibility_tolerance", FEASIBILITY),
        ):
            self._h.setOptionValue(option, value)
        costs = np.asarray(costs, dtype=np.float64)
        self.columns = len(costs)
        self._h.addVars(self.columns, _bounds(lower), _bounds(upper))
        self._h.changeColsCost(self.columns, np.arange(self.columns, dtype=np.int32), costs)
        if maximize:
            self._h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        self.rows = 0

    def add_rows(self, matrix, lower, upper) -> range:
        """Add rows ``lower ≤ matrix @ x ≤ upper`` (``matrix`` dense, one row per constraint)."""
        matrix = np.atleast_2d(np.asarray(matrix, dtype=np.float64))
        count = matrix.shape[0]
        if count == 0:
            return range(self.rows, self.rows)
        rows, columns = np.nonzero(matrix)
        starts = np.searchsorted(rows, np.arange(count)).astype(np.int32)
        self._h.addRows(
            count, _bounds(lower), _bounds(upper), len(columns), starts, columns.astype(np.int32), matrix[rows, columns]
        )
        added = range(self.rows, self.rows + count)
        self.rows += count
        return added

    def set_row_bounds(self, row, lower, upper):
        self._h.changeRowBounds(int(row), float(lower), float(upper))

    def set_coefficient(self, row, column, value):
        self._h.changeCoeff(int(row), int(column), float(value))

    def set_column_bounds(self, column, lower, upper):
        self._h.changeColBounds(int(column), float(lower), float(upper))

    def set_costs(self, costs):
        """Replace the objective coefficients (one per column); the basis is kept for the next solve."""
        costs = np.asarray(costs, dtype=np.float64)
        self._h.changeColsCost(self.columns, np.arange(self.columns, dtype=np.int32), costs)

    def solve(self) -> Solution:
        """Solve; raise :class:`Infeasible` or :class:`LPError` unless the solver reports an optimum, and
        :class:`~ipshare.deadline.TimeLimitReached` when the time limit passes first (HiGHS gets what is left)."""
        left = deadline.remaining()
        if left is not None:
            deadline.check()
            self._h.setOptionValue("time_limit", float(left))
        self._h.run()
        status = self._h.getModelStatus()
        statuses = self._highspy.HighsModelStatus
        if status == statuses.kTimeLimit and left is not None:
            raise deadline.TimeLimitReached()
        if status == statuses.kInfeasible:
            raise Infeasible("the linear program is infeasible")
        if status != statuses.kOptimal:
            raise LPError(f"the LP solver (HiGHS) stopped without an optimum: {self._h.modelStatusToString(status)}")
        solution = self._h.getSolution()
        return Solution(
            x=np.array(solution.col_value),
            objective=float(self._h.getInfo().objective_function_value),
            row_duals=np.array(solution.row_dual),
            column_duals=np.array(solution.col_dual),
            row_values=np.array(solution.row_value),
        )


def _bounds(values):
    return np.asarray(values, dtype=np.float64)


def _highspy():
    try:
        import highspy
    except ImportError:
        raise LPError("the HiGHS solver (the highspy package) is not installed: pip install highspy") from None
    return highspy


def pulp_solver(name: str | None = None):
    """The pulp solver object for ``name`` (``highs``, the default, or ``cbc``), silent."""
    import pulp

    name = (name or "highs").lower()
    left = deadline.remaining()
    limit = {} if left is None else {"timeLimit": max(left, 0.01)}  # the solver stops at the time limit too
    if name == "highs":
        _highs()  # make sure the HiGHS banner has been silenced before pulp creates its own instance
        solver = pulp.HiGHS(msg=False, **limit)
    elif name == "cbc":
        # A CBC installed on its own (pulp[cbc]) is preferred; else the copy bundled with pulp, whose class pulp
        # marks as deprecated for its 4.0 (the warning is pulp's plan, not a fault here).
        solver = pulp.COIN_CMD(msg=False, **limit)
        if not solver.available():
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                solver = pulp.PULP_CBC_CMD(msg=False, **limit)
    else:
        raise LPError(f"unknown solver {name!r}; choose one of {', '.join(SOLVERS)}")
    if not solver.available():
        raise LPError(
            f"the {name} solver is not available on this machine; try --solver {'cbc' if name == 'highs' else 'highs'}"
        )
    return solver


def solve_pulp(problem, solver: str | None = None) -> None:
    """Solve a pulp model in place; raise :class:`Infeasible` or :class:`LPError` unless it is optimal."""
    import pulp

    deadline.check()
    try:
        problem.solve(pulp_solver(solver))
    except pulp.PulpSolverError as error:
        raise LPError(f"the LP solver failed: {error}") from None
    status = pulp.LpStatus[problem.status]
    if status != "Optimal" and deadline.expired():
        raise deadline.TimeLimitReached()
    if status == "Infeasible":
        raise Infeasible("the linear program is infeasible")
    if status != "Optimal":
        raise LPError(f"the LP solver stopped without an optimum: {status}")


class PulpLP:
    """The interface of :class:`IncrementalLP` over a pulp model, for solvers without an incremental API (CBC).

    Rows and bounds are kept as arrays and the pulp model is rebuilt at every :meth:`solve`; the duals are
    reported in HiGHS's convention, so callers need not know which solver ran: for a minimisation,
    ``row_duals[r]`` is the rate of change of the optimal objective per unit increase of row ``r``'s binding
    bound (≥ 0 when its lower bound binds, ≤ 0 when its upper bound binds).
    """

    def __init__(self, costs, lower, upper, *, solver="cbc"):
        self._solver = solver
        self._costs = np.asarray(costs, dtype=np.float64).copy()
        self.columns = len(self._costs)
        self._lower = _bounds(lower).copy()
        self._upper = _bounds(upper).copy()
        self._matrix = np.zeros((0, self.columns))
        self._row_lower = np.zeros(0)
        self._row_upper = np.zeros(0)

    @property
    def rows(self) -> int:
        return self._matrix.shape[0]

    def add_rows(self, matrix, lower, upper) -> range:
        matrix = np.atleast_2d(np.asarray(matrix, dtype=np.float64))
        if matrix.shape[0] == 0:
            return range(self.rows, self.rows)
        start = self.rows
        self._matrix = np.vstack([self._matrix, matrix])
        self._row_lower = np.concatenate([self._row_lower, _bounds(lower)])
        self._row_upper = np.concatenate([self._row_upper, _bounds(upper)])
        return range(start, self.rows)

    def set_row_bounds(self, row, lower, upper):
        self._row_lower[row], self._row_upper[row] = float(lower), float(upper)

    def set_coefficient(self, row, column, value):
        self._matrix[row, column] = float(value)

    def set_column_bounds(self, column, lower, upper):
        self._lower[column], self._upper[column] = float(lower), float(upper)

    def set_costs(self, costs):
        self._costs = np.asarray(costs, dtype=np.float64).copy()

    def solve(self) -> Solution:
        import pulp

        problem = pulp.LpProblem("ipshare", pulp.LpMinimize)
        # pulp 3.3 prefers variables made by the model and constraints looked up by name; older pulp has neither.
        new_variable = getattr(problem, "add_variable", None) or pulp.LpVariable
        variables = [
            new_variable(
                f"c{j}",
                None if self._lower[j] == -INF else float(self._lower[j]),
                None if self._upper[j] == INF else float(self._upper[j]),
            )
            for j in range(self.columns)
        ]
        problem += pulp.lpSum(float(c) * v for c, v in zip(self._costs, variables, strict=True) if c != 0)
        names = []  # per row: the names of its pulp constraints (one, or two for a row bounded on both sides)
        for r in range(self.rows):
            expression = pulp.lpSum(float(self._matrix[r, j]) * variables[j] for j in np.flatnonzero(self._matrix[r]))
            lower, upper = self._row_lower[r], self._row_upper[r]
            own = []
            if lower == upper:
                problem += (expression == float(lower), f"r{r}e")
                own.append(f"r{r}e")
            else:
                if lower != -INF:
                    problem += (expression >= float(lower), f"r{r}l")
                    own.append(f"r{r}l")
                if upper != INF:
                    problem += (expression <= float(upper), f"r{r}u")
                    own.append(f"r{r}u")
            names.append(own)
        solve_pulp(problem, self._solver)
        x = self._polish(np.array([v.value() or 0.0 for v in variables]))
        by_name = getattr(problem, "get_constraint_by_name", None) or problem.constraints.__getitem__
        row_duals = np.array([sum(by_name(name).pi or 0.0 for name in own) for own in names])
        column_duals = np.array([v.dj or 0.0 for v in variables])
        objective = float(self._costs @ x)
        return Solution(
            x=x,
            objective=objective,
            row_duals=row_duals,
            column_duals=column_duals,
            row_values=self._matrix @ x,
        )

    def _polish(self, x):
        """CBC hands pulp its values with 8 significant digits. The optimum is a vertex, where the rows and bounds
        that are tight hold with equality, so x is moved (by the least amount) onto all of them at once; the
        polished point is kept only when it breaks no row or bound by more than the rounded one did."""
        tolerance = POLISH * max(1.0, float(np.max(np.abs(x))) if x.size else 1.0)
        activity = self._matrix @ x
        rows, targets = [], []
        for r in range(self.rows):
            for bound in (self._row_lower[r], self._row_upper[r]):
                if abs(bound) != INF and abs(activity[r] - bound) <= tolerance * max(1.0, abs(bound)):
                    rows.append(self._matrix[r])
                    targets.append(bound)
                    break
        for j in range(self.columns):
            for bound in (self._lower[j], self._upper[j]):
                if abs(bound) != INF and abs(x[j] - bound) <= tolerance * max(1.0, abs(bound)):
                    unit = np.zeros(self.columns)
                    unit[j] = 1.0
                    rows.append(unit)
                    targets.append(bound)
                    break
        if not rows:
            return x
        tight = np.array(rows)
        step = np.linalg.lstsq(tight, np.array(targets) - tight @ x, rcond=None)[0]
        polished = x + step
        return polished if self._breach(polished) <= self._breach(x) else x

    def _breach(self, x):
        activity = self._matrix @ x
        worst = [0.0]
        worst.extend(np.maximum(self._row_lower - activity, activity - self._row_upper))
        worst.extend(np.maximum(self._lower - x, x - self._upper))
        return float(np.max(worst))


# Relative distance within which a CBC value counts as sitting on a bound (its 8 significant digits, and a margin).
POLISH = 1e-7


def row_lp(costs, lower, upper, *, solver=None):
    """A minimisation LP over fixed columns to which rows are added between solves, by ``solver``.

    ``highs`` (the default) is :class:`IncrementalLP`, warm-started from the previous basis; ``cbc`` is
    :class:`PulpLP`, rebuilt at each solve. Both have the same methods and report duals the same way.
    """
    name = (solver or "highs").lower()
    if name == "highs":
        return IncrementalLP(costs, lower, upper)
    if name == "cbc":
        pulp_solver(name)  # fail early, with advice, when CBC is missing
        return PulpLP(costs, lower, upper, solver=name)
    raise LPError(f"unknown solver {solver!r}; choose one of {', '.join(SOLVERS)}")
