"""What-if analysis: a scenario changed by overrides or without some members, beside its baseline; sweeps of one
parameter, numeric (in parallel, locally or on a Dask cluster) and exact-symbolic (piecewise in the parameter).

Overrides are applied by the loader (:func:`ipshare.scenario.load` with ``overrides``): ``PATH=VALUE`` with VALUE
read as YAML data, never evaluated.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from fractions import Fraction

import numpy as np

from .errors import IpshareError, RuleError

__all__ = [
    "drop_members",
    "Comparison",
    "whatif",
    "sweep_values",
    "SweepPoint",
    "numeric_sweep",
    "SymbolicSweep",
    "symbolic_sweep",
]


# --------------------------------------------------------------------------------------------------------------
# Dropping members


def drop_members(game, members):
    """The game of the alliance without ``members``: v restricted to the coalitions of the others (the members
    leave and take their contributions, consent and patents with them; substitutes can still be bought in).

    Rules that read the contract graph see the scenario without the dropped members and their contributions.
    """
    from .games import Game

    members = tuple(dict.fromkeys(members))
    for member in members:
        if member not in game.players:
            import difflib

            close = difflib.get_close_matches(member, game.players, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise IpshareError(f"--drop {member}: no member {member!r}{hint}")
    kept = [i for i, player in enumerate(game.players) if player not in members]
    if not kept:
        raise IpshareError("--drop: at least one member must stay")
    masks = np.zeros(1, dtype=np.int64)
    for i in kept:
        masks = np.concatenate([masks, masks + (1 << i)])
    exact = None
    if game.exact_scaled is not None:
        numerators, denominator = game.exact_scaled
        exact = (numerators[masks], denominator)
    scenario = game.scenario
    if scenario is not None and scenario.game is None:
        # The contract graph of the smaller alliance: its members and their contributions. The graph-flow rule,
        # which follows the whole graph, has no answer here (it reports that its split does not add up).
        remaining = {m: member for m, member in scenario.members.items() if m not in members}
        scenario = replace(
            scenario,
            members=remaining,
            contributions=tuple(c for c in scenario.contributions if c.member in remaining),
            revenue=(),
            patents={},
        )
    return Game(
        [game.players[i] for i in kept],
        game.values[masks],
        game.kind,
        exact=exact,
        name=game.name,
        scenario=scenario,
    )


# --------------------------------------------------------------------------------------------------------------
# Baseline and what-if


@dataclass(frozen=True)
class Comparison:
    """A baseline and a what-if, each (scenario, game, allocations), with what was changed."""

    baseline: tuple
    variant: tuple
    rules: tuple[str, ...]
    overrides: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()


def _allocations(game, rules, options):
    from .solutions import RULES, allocate

    results = []
    for rule in rules:
        chosen = RULES.get(rule)
        supported = chosen.supported(options) if chosen is not None else {}
        results.append(allocate(game, rule, **supported))
    return results


def whatif(path, overrides=(), drop=(), rules=None, options=None) -> Comparison:
    """Allocate the scenario at ``path`` as it is and with ``overrides`` applied and ``drop`` members removed."""
    from .games import scenario_game
    from .scenario import load

    options = options or {}
    base_scenario = load(path)
    variant_scenario = load(path, overrides) if overrides else base_scenario
    rules = tuple(dict.fromkeys(rules or (base_scenario.agreement.rule or "shapley",)))
    if drop and "graph-flow" in rules:
        raise RuleError("graph-flow follows the whole contract graph, so it has no answer without a member; use "
                        "`ipshare withdraw` for a withdrawal under the agreement, or another rule")
    base_game = scenario_game(base_scenario)
    variant_game = scenario_game(variant_scenario)
    if drop:
        variant_game = drop_members(variant_game, drop)
    return Comparison(
        baseline=(base_scenario, base_game, _allocations(base_game, rules, options)),
        variant=(variant_scenario, variant_game, _allocations(variant_game, rules, options)),
        rules=rules,
        overrides=tuple(variant_scenario.overrides),
        dropped=tuple(drop),
    )


# --------------------------------------------------------------------------------------------------------------
# Numeric sweeps

MAX_SWEEP_STEPS = 10_000


def sweep_values(start, stop, steps) -> list[Fraction]:
    """``steps`` evenly spaced exact values from ``start`` to ``stop`` inclusive."""
    start, stop = Fraction(str(start)), Fraction(str(stop))
    if steps < 2:
        raise IpshareError("--steps must be at least 2")
    if steps > MAX_SWEEP_STEPS:
        raise IpshareError(f"--steps {steps}: a sweep computes every point in full, at most {MAX_SWEEP_STEPS:,}; "
                           "sweep a narrower range, or use --symbolic for exact functions of the parameter")
    return [start + (stop - start) * k / (steps - 1) for k in range(steps)]


@dataclass(frozen=True)
class SweepPoint:
    value: Fraction
    grand_value: float
    allocations: dict  # rule -> member -> float
    exact: dict = field(default_factory=dict)  # rule -> member -> Fraction (where exact)
    details: dict = field(default_factory=dict)  # rule -> the rule's details (binding clauses, …)
    exact_grand_value: Fraction | None = None  # v(N) exactly where known: float rules are rounded against it
    stderr: dict = field(default_factory=dict)  # rule -> member -> standard error (sampled rules)


def _override_text(parameter, value):
    value = Fraction(value)
    return f"{parameter}={value.numerator}" if value.denominator == 1 else f"{parameter}={value}"


def _sweep_point(task):
    """Evaluate one point of a sweep; a plain function of plain data so that it runs in any worker process."""
    path, overrides, parameter, value, rules, options = task
    from . import deadline
    from .games import scenario_game
    from .scenario import load

    # The sweep's time limit travels as a wall-clock end (another process's monotonic clock may differ).
    with deadline.until(options.get("deadline"), options.get("time_limit")):
        deadline.check("the sweep")
        scenario = load(path, (*overrides, _override_text(parameter, value)))
        game = scenario_game(scenario)
        allocations = _allocations(game, rules, options)
    return SweepPoint(
        value=Fraction(value),
        grand_value=game.grand_value,
        allocations={a.rule: dict(a.values) for a in allocations},
        exact={a.rule: dict(a.exact) for a in allocations if a.exact is not None},
        details={a.rule: a.details for a in allocations if a.details},
        exact_grand_value=game.exact_grand_value,
        stderr={a.rule: dict(a.stderr) for a in allocations if a.stderr is not None},
    )


def numeric_sweep(path, parameter, values, rules, *, overrides=(), options=None, workers=None, scheduler=None):
    """Allocate at every value of ``parameter``; in parallel on local processes, or on a Dask cluster.

    The points come back in the order of ``values`` whichever way they were computed. Under a time limit
    (:mod:`ipshare.deadline`) a sweep is all its points or an error: a point not reached, or a sampled rule cut
    short at some point, raises TimeLimitReached.
    """
    from . import deadline
    from .scenario import load

    base = load(path, overrides)
    rules = tuple(dict.fromkeys(rules or (base.agreement.rule or "shapley",)))
    # Validate the parameter path and the first value here, so that a bad --param fails once, clearly.
    load(path, (*overrides, _override_text(parameter, values[0])))
    limit = {"deadline": deadline.wall_end(), "time_limit": deadline.limit_seconds()}
    tasks = [(str(path), tuple(overrides), parameter, value, rules, {**(options or {}), **limit}) for value in values]
    workers = workers if workers is not None else min(len(tasks), os.cpu_count() or 1)
    if scheduler:
        points = _dask_map(scheduler, tasks)
    elif workers <= 1 or len(tasks) < 4:
        points = [_sweep_point(task) for task in tasks]
    else:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            points = list(pool.map(_sweep_point, tasks, chunksize=max(1, len(tasks) // (4 * workers))))
    if any(facts.get("stopped") for point in points for facts in point.details.values()):
        raise deadline.TimeLimitReached("the sweep")
    return points, rules


def _dask_map(scheduler, tasks):
    try:
        from distributed import Client
    except ImportError:
        raise IpshareError("--scheduler needs Dask: pip install 'ipshare[dask]'") from None
    client = scheduler if hasattr(scheduler, "map") else Client(scheduler, timeout=10)
    try:
        futures = client.map(_sweep_point, tasks, pure=False)
        return client.gather(futures)
    finally:
        if client is not scheduler:
            client.close()


# --------------------------------------------------------------------------------------------------------------
# Symbolic sweeps: exact piecewise-linear functions of the parameter


@dataclass(frozen=True)
class Piece:
    start: Fraction
    stop: Fraction
    slopes: tuple  # per member, Fraction
    intercepts: tuple  # per member, Fraction

    def at(self, t):
        return tuple(s * t + c for s, c in zip(self.slopes, self.intercepts, strict=True))


@dataclass(frozen=True)
class SymbolicSweep:
    parameter: str
    start: Fraction
    stop: Fraction
    members: tuple
    pieces: dict  # rule -> list[Piece]
    breakpoints: list  # dicts: at, rule, kind, detail
    evaluations: int

    def expressions(self, symbol=None):
        """rule -> member -> sympy Piecewise in the parameter (exact rationals)."""
        import sympy

        t = symbol if symbol is not None else sympy.Symbol(_symbol_name(self.parameter), real=True)
        result = {}
        for rule, pieces in self.pieces.items():
            result[rule] = {}
            for index, member in enumerate(self.members):
                branches = []
                for number, piece in enumerate(pieces):
                    expression = sympy.Rational(piece.slopes[index]) * t + sympy.Rational(piece.intercepts[index])
                    condition = t <= sympy.Rational(piece.stop) if number < len(pieces) - 1 else True
                    branches.append((expression, condition))
                result[rule][member] = sympy.Piecewise(*branches) if len(branches) > 1 else branches[0][0]
        return result


def _symbol_name(parameter):
    return parameter.replace(".", "_").replace("-", "_").replace("[", "_").replace("]", "")


_MAX_EVALUATIONS = 400


def symbolic_sweep(path, parameter, start, stop, rules, *, overrides=(), options=None) -> SymbolicSweep:
    """Each member's allocation as an exact piecewise-linear function of ``parameter`` on [start, stop].

    The allocation of every exact rule is piecewise linear in a parameter that enters the coalition values
    linearly (amounts, rates, bases, probabilities, substitute costs): the values are maxima of linear functions
    of it, and the rules are linear (Shapley, Banzhaf, …) or piecewise linear (the nucleolus) in the values. The
    pieces are found exactly: on an interval where the function is not linear, the lines through its two ends
    are intersected and the intersection is checked exactly; where that fails the interval is halved. Each piece
    is verified at interior points. A parameter that enters non-linearly (a discount rate, a contribution value
    under the proportional rule) is detected and refused with a clear message: use a numeric sweep for it.

    Breakpoints reported: where a piece changes (a coalition's best option or a clause's binding changes), where
    two members' ranking changes, and, for rules that report binding clauses, where the binding set changes.
    """
    from .scenario import load

    start, stop = Fraction(str(start)), Fraction(str(stop))
    if not start < stop:
        raise IpshareError("--from must be below --to")
    base = load(path, overrides)
    rules = tuple(dict.fromkeys(rules or (base.agreement.rule or "shapley",)))
    options = dict(options or {})
    cache = {}
    members_seen = []

    def evaluate(value):
        if value not in cache:
            if len(cache) >= _MAX_EVALUATIONS:
                raise IpshareError(
                    f"the allocation is not piecewise linear in {parameter} within {_MAX_EVALUATIONS} evaluations "
                    "(it enters the values non-linearly, e.g. a discount rate); use a numeric sweep without --symbolic"
                )
            point = _sweep_point((str(path), tuple(overrides), parameter, value, rules, options))
            for rule in rules:
                if rule not in point.exact:
                    raise RuleError(f"--symbolic needs exact results; {rule} gave floats here (a float game, or too "
                                    "many members for exact arithmetic)")
            if not members_seen:
                members_seen.extend(point.exact[rules[0]])
            cache[value] = point
        return cache[value]

    pieces = {}
    for rule in rules:
        def vector(value, rule=rule):
            exact = evaluate(value).exact[rule]
            return tuple(exact[m] for m in members_seen or exact)

        evaluate(start)
        pieces[rule] = _merge(_pieces(vector, start, stop))
    members = tuple(members_seen)
    breakpoints = _breakpoints(pieces, members, rules, evaluate)
    return SymbolicSweep(parameter, start, stop, members, pieces, breakpoints, len(cache))


def _line(t0, f0, t1, f1):
    slopes = tuple((b - a) / (t1 - t0) for a, b in zip(f0, f1, strict=True))
    intercepts = tuple(a - s * t0 for a, s in zip(f0, slopes, strict=True))
    return slopes, intercepts


def _linear_on(vector, left, right):
    slopes, intercepts = _line(left, vector(left), right, vector(right))
    for fraction in (Fraction(1, 2), Fraction(1, 4), Fraction(3, 4), Fraction(1, 3)):
        t = left + (right - left) * fraction
        if vector(t) != tuple(s * t + c for s, c in zip(slopes, intercepts, strict=True)):
            return None
    return slopes, intercepts


def _pieces(vector, left, right, depth=0):
    line = _linear_on(vector, left, right)
    if line is not None:
        return [Piece(left, right, *line)]
    if depth > 40:
        raise IpshareError("the allocation is not piecewise linear in this parameter (it enters the values "
                           "non-linearly, e.g. a discount rate); use a numeric sweep without --symbolic")
    width = right - left
    near = width / 64
    left_line = _linear_on(vector, left, left + near)
    right_line = _linear_on(vector, right - near, right)
    if left_line is not None and right_line is not None:
        crossing = _crossing(left_line, right_line)
        if crossing is not None and left < crossing < right:
            first = _linear_on(vector, left, crossing)
            second = _linear_on(vector, crossing, right)
            if first is not None and second is not None:
                return [Piece(left, crossing, *first), Piece(crossing, right, *second)]
    middle = left + width / 2
    return _pieces(vector, left, middle, depth + 1) + _pieces(vector, middle, right, depth + 1)


def _crossing(first, second):
    """The one parameter value where two lines (vectors of them) meet in every component that differs."""
    point = None
    for s1, c1, s2, c2 in zip(*first, *second, strict=True):
        if s1 == s2:
            if c1 != c2:
                return None
            continue
        here = (c2 - c1) / (s1 - s2)
        if point is None:
            point = here
        elif here != point:
            return None
    return point


def _merge(pieces):
    merged = [pieces[0]]
    for piece in pieces[1:]:
        last = merged[-1]
        if last.slopes == piece.slopes and last.intercepts == piece.intercepts:
            merged[-1] = Piece(last.start, piece.stop, last.slopes, last.intercepts)
        else:
            merged.append(piece)
    return merged


def _breakpoints(pieces, members, rules, evaluate):
    found = []
    for rule in rules:
        rule_pieces = pieces[rule]
        for before, after in zip(rule_pieces, rule_pieces[1:], strict=False):
            changed = [m for i, m in enumerate(members) if before.slopes[i] != after.slopes[i]]
            found.append({"at": before.stop, "rule": rule, "kind": "slope", "members": changed})
        for piece in rule_pieces:
            for i in range(len(members)):
                for j in range(i + 1, len(members)):
                    slope = piece.slopes[i] - piece.slopes[j]
                    if slope == 0:
                        continue
                    root = -(piece.intercepts[i] - piece.intercepts[j]) / slope
                    if piece.start < root < piece.stop:
                        found.append({"at": root, "rule": rule, "kind": "ranking", "members": [members[i], members[j]]})
        # Where the rule reports binding clauses (core-lp), a change of the binding set between pieces.
        previous = None
        for piece in rule_pieces:
            middle = (piece.start + piece.stop) / 2
            point = evaluate(middle)
            binding = point_binding(point, rule)
            if previous is not None and binding is not None and binding != previous[1]:
                found.append({"at": piece.start, "rule": rule, "kind": "clauses",
                              "members": [], "binding_before": sorted(previous[1]), "binding_after": sorted(binding)})
            if binding is not None:
                previous = (piece, binding)
    found.sort(key=lambda item: (item["at"], item["rule"], item["kind"]))
    return found


def point_binding(point, rule):
    """The binding clause ids a rule reported at a sweep point, when it reports them."""
    details = point.details.get(rule)
    if not details:
        return None
    binding = details.get("binding")
    if binding is None:
        return None
    return frozenset(item.get("clause", item.get("id")) if isinstance(item, dict) else str(item) for item in binding)
