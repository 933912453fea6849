"""What-if analysis: a scenario changed by overrides or without some members, beside its baseline; sweeps of one
parameter, numeric (in parallel, locally or on a Dask cluster) and exact-symbolic (piecewise in the parameter).

Overrides are applied by the loader (:func:`ipshare.model.load` with ``overrides``): ``PATH=VALUE`` with VALUE
read as YAML data, never evaluated.

Each function reads its scenario file once (:func:`ipshare.model.read`) and loads every variant it needs from
those bytes, in this process or in its workers: a file changed or replaced while a sweep runs changes nothing, and
every point is of the file whose SHA-256 the results carry. A :class:`~ipshare.model.Source` already read may
be given instead of a path.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from fractions import Fraction

import numpy as np

from ..errors import IpshareError, RuleError

__all__ = [
    "drop_members",
    "Comparison",
    "whatif",
    "sweep_values",
    "SweepPoint",
    "numeric_sweep",
    "scheduler_address",
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
    from ..games.table import Game

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
    from ..solutions import RULES, allocate

    results = []
    for rule in rules:
        chosen = RULES.get(rule)
        supported = chosen.supported(options) if chosen is not None else {}
        results.append(allocate(game, rule, **supported))
    return results


def _source(path):
    """The scenario's bytes, read once: ``path`` may be a path or a :class:`~ipshare.model.Source`."""
    from ..model.loading import Source, read

    return path if isinstance(path, Source) else read(path)


def dated(scenario, at):
    """The scenario as it stands on ``at`` (``--at DATE``; :func:`ipshare.analyses.withdrawal.alliance_at`); itself
    when ``at`` is None. A classic game has no dates: refused."""
    if at is None:
        return scenario
    if scenario.game is not None:
        raise IpshareError("--at needs an alliance scenario; this one is a classic game")
    from .withdrawal import alliance_at

    return alliance_at(scenario, at)


def whatif(path, overrides=(), drop=(), rules=None, options=None, *, at=None) -> Comparison:
    """Allocate the scenario at ``path`` (a path or a :class:`~ipshare.model.Source`) as it is and with
    ``overrides`` applied and ``drop`` members removed; both from the same bytes, read once; both as they stand
    on ``at`` when given (a datetime.date)."""
    from ..alliance.benefit import scenario_game

    options = options or {}
    source = _source(path)
    base_scenario = dated(source.load(), at)
    variant_scenario = dated(source.load(overrides), at) if overrides else base_scenario
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


def _bound(value, name) -> Fraction:
    """A sweep's end as an exact number: read as the scenario's numbers are (ASCII digits, rationals, in range)."""
    from ..model.numbers import parse_number

    if isinstance(value, Fraction | int) and not isinstance(value, bool):
        return Fraction(value)
    try:
        return parse_number(value)
    except (ValueError, ZeroDivisionError) as error:
        raise IpshareError(f"{name} {value!r}: {error or 'not a number'}") from None


def check_parameter(parameter: str) -> None:
    """Refuse a sweep of a field that is not a number (a name, a choice, a list): by the scenario's schema."""
    from ..model.overrides import parse_override
    from ..model.schema import field_kind

    kind = field_kind(parse_override((parameter, 0))[0])
    if kind == "number":
        return
    what = {"text": "is a text field", "other": "is not a number (it is a choice, a list, a mapping or a yes/no)",
            None: "is no field of a scenario"}
    raise IpshareError(f"--param {parameter} {what[kind]}; a sweep varies a number: an amount, a rate, a probability"
                       " or a count (docs/scenario.md)")


def sweep_values(start, stop, steps) -> list[Fraction]:
    """``steps`` evenly spaced exact values from ``start`` to ``stop`` inclusive."""
    start, stop = _bound(start, "--from"), _bound(stop, "--to")
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
    """Evaluate one point of a sweep; a plain function of plain data so that it runs in any worker process.

    The task carries the scenario's bytes (a Source), never its path: no worker reads the file."""
    source, overrides, parameter, value, rules, options = task
    from .. import deadline
    from ..alliance.benefit import scenario_game

    # The sweep's time limit travels as a wall-clock end (another process's monotonic clock may differ).
    with deadline.until(options.get("deadline"), options.get("time_limit")):
        deadline.check("the sweep")
        scenario = dated(source.load((*overrides, _override_text(parameter, value))), options.get("at"))
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


def numeric_sweep(path, parameter, values, rules, *, overrides=(), options=None, workers=None, scheduler=None,
                  at=None):
    """Allocate at every value of ``parameter``; in parallel on local processes, or on a Dask cluster.

    ``path`` is the scenario file (read once here) or a :class:`~ipshare.model.Source`; every point is loaded
    from those bytes. ``scheduler`` is a Dask scheduler's address (``tcp://host:port``; see
    :func:`scheduler_address`) or a ``distributed.Client``. ``at`` (a datetime.date): every point as the alliance
    stands on that day.

    The points come back in the order of ``values`` whichever way they were computed. Under a time limit
    (:mod:`ipshare.deadline`) a sweep is all its points or an error: a point not reached, or a sampled rule cut
    short at some point, raises TimeLimitReached. Interrupted (KeyboardInterrupt, or any exception raised in
    this process while the workers run), the sweep ends its worker processes before it lets the exception go.
    """
    from .. import deadline

    check_parameter(parameter)
    source = _source(path)
    base = dated(source.load(overrides), at)  # a date before anyone joined fails here, once
    rules = tuple(dict.fromkeys(rules or (base.agreement.rule or "shapley",)))
    if at is not None:
        options = {**(options or {}), "at": at}
    # Validate the parameter path and the first value here, so that a bad --param fails once, clearly.
    source.load((*overrides, _override_text(parameter, values[0])))
    if isinstance(scheduler, str):
        scheduler = scheduler_address(scheduler)
    limit = {"deadline": deadline.wall_end(), "time_limit": deadline.limit_seconds()}
    tasks = [(source, tuple(overrides), parameter, value, rules, {**(options or {}), **limit}) for value in values]
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or workers < 1):
        raise IpshareError(f"workers must be a whole number of at least 1, not {workers!r}")
    workers = workers if workers is not None else min(len(tasks), os.cpu_count() or 1)
    if scheduler:
        points = _dask_map(scheduler, tasks)
    elif workers <= 1 or len(tasks) < 4:
        points = [_sweep_point(task) for task in tasks]
    else:
        points = _local_map(tasks, workers)
    if any(facts.get("stopped") for point in points for facts in point.details.values()):
        raise deadline.TimeLimitReached("the sweep")
    return points, rules


def _local_map(tasks, workers):
    """The points on ``workers`` local processes, in order; the processes ended whatever happens."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    before = set(multiprocessing.active_children())
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_signals)
    try:
        points = list(pool.map(_sweep_point, tasks, chunksize=max(1, len(tasks) // (4 * workers))))
    except BaseException:
        # Ctrl-C, SIGTERM (as the command line raises it) or a failed point: the executor would wait for the
        # points under way (minutes, perhaps); its workers are ended instead, so that none outlives the sweep.
        pool.shutdown(wait=False, cancel_futures=True)
        _end(set(multiprocessing.active_children()) - before)
        _quiet_manager(pool)
        raise
    pool.shutdown()
    return points


def _quiet_manager(pool):
    """After its workers were ended: let the executor's manager thread finish (a few seconds at most), and keep a
    pipe it finds closed meanwhile (OSError) from printing a thread's traceback on the way out, under the one line
    the command line says (``terminated``, ``interrupted``)."""
    import threading

    previous = threading.excepthook

    def hook(args):
        if not issubclass(args.exc_type, OSError):
            previous(args)

    threading.excepthook = hook
    manager = getattr(pool, "_executor_manager_thread", None)
    if manager is not None and manager is not threading.current_thread():
        manager.join(timeout=5)


def _worker_signals():
    """In a worker: Ctrl-C is for the parent, which ends the workers; SIGTERM (how it ends them) ends at once."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _end(processes):
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=5)
        if process.is_alive():
            process.kill()
            process.join(timeout=5)


#: Seconds to wait for a Dask scheduler to answer before giving up (a wrong address fails at once or after this).
DASK_CONNECT_TIMEOUT = 5.0
_DASK_SCHEMES = ("tcp", "tls", "ws", "wss", "inproc")


def scheduler_address(text: str, *, in_process: bool = True) -> str:
    """A Dask scheduler's address checked for its form before anything connects: ``tcp://host:port`` (also
    ``tls://``, ``ws://``, ``wss://``; ``host:port`` means tcp), or, with ``in_process``, an ``inproc://``
    address of a scheduler in this very process (``LocalCluster(processes=False)``).

    Raises
    ------
    IpshareError
        Not an address of that form (a dashboard's ``http://`` address, a missing or invalid port, …).

    Examples
    --------
    >>> scheduler_address("127.0.0.1:8786")
    'tcp://127.0.0.1:8786'
    """
    from urllib.parse import urlsplit

    text = text.strip()
    shown = f"--scheduler {text!r}"
    if "://" not in text:
        text = f"tcp://{text}"
    scheme = text.split("://", 1)[0].lower()
    if scheme in ("http", "https"):
        raise IpshareError(f"{shown}: that is a web address (the dashboard's, perhaps); give the scheduler's own "
                           "address, tcp://HOST:PORT (port 8786 by default)")
    if scheme not in _DASK_SCHEMES:
        raise IpshareError(f"{shown}: unknown address scheme {scheme!r}; give tcp://HOST:PORT")
    if scheme == "inproc":
        if not in_process:
            raise IpshareError(f"{shown}: an inproc:// address names a scheduler inside one Python process, which "
                               "a new command cannot reach; give tcp://HOST:PORT")
        if not re.fullmatch(r"inproc://[^/\s]+/\d+/\d+", text):
            raise IpshareError(f"{shown}: not an in-process scheduler address (inproc://HOST/PID/N)")
        return text
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        port, parts = None, None
    if parts is None or not parts.hostname or port is None or not 0 < port < 65536:
        raise IpshareError(f"{shown}: expected {scheme}://HOST:PORT with a port from 1 to 65535")
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username or parts.password:
        raise IpshareError(f"{shown}: expected {scheme}://HOST:PORT, nothing more")
    return f"{scheme}://{parts.netloc}"


def _dask_map(scheduler, tasks):
    try:
        from distributed import Client
    except ImportError:
        raise IpshareError("--scheduler needs Dask: pip install 'ipshare[dask]'") from None
    if hasattr(scheduler, "map"):
        client = scheduler
    else:
        if scheduler.startswith(("tls://", "wss://")):
            from distributed.security import Security

            if Security().get_connection_args("client").get("ssl_context") is None:
                raise IpshareError(f"--scheduler {scheduler}: a TLS connection needs Dask's TLS settings (a client "
                                   "certificate and key: distributed.comm.tls.* in the Dask configuration)")
        try:
            client = Client(scheduler, timeout=DASK_CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError) as error:
            reason = str(error).split("\n", 1)[0] or type(error).__name__
            message = f"cannot reach the Dask scheduler at {scheduler}: {reason}; is it running there?"
            raise IpshareError(message) from None
    futures = ()
    try:
        # The scenario's bytes go to the cluster once, not with every point.
        source = client.scatter(tasks[0][0], broadcast=True) if tasks else None
        futures = client.map(_dask_point, [task[1:] for task in tasks], source=source, pure=False)
        return client.gather(futures)
    except BaseException:
        client.cancel(futures)
        raise
    finally:
        if client is not scheduler:
            client.close()


def _dask_point(task, source):
    return _sweep_point((source, *task))


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


def symbolic_sweep(path, parameter, start, stop, rules, *, overrides=(), options=None, at=None) -> SymbolicSweep:
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
    check_parameter(parameter)
    start, stop = _bound(start, "--from"), _bound(stop, "--to")
    if not start < stop:
        raise IpshareError("--from must be below --to")
    source = _source(path)
    base = dated(source.load(overrides), at)
    rules = tuple(dict.fromkeys(rules or (base.agreement.rule or "shapley",)))
    options = dict(options or {})
    if at is not None:
        options["at"] = at  # every point as the alliance stands on that day
    cache = {}
    members_seen = []

    def evaluate(value):
        if value not in cache:
            if len(cache) >= _MAX_EVALUATIONS:
                raise IpshareError(
                    f"the allocation is not piecewise linear in {parameter} within {_MAX_EVALUATIONS} evaluations "
                    "(it enters the values non-linearly, e.g. a discount rate); use a numeric sweep without --symbolic"
                )
            point = _sweep_point((source, tuple(overrides), parameter, value, rules, options))
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
