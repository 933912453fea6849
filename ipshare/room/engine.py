"""The negotiation room's engine: one scenario file, read once (:class:`~ipshare.model.Source`), and the views
of it under changed terms, computed by the library as ``ipshare whatif`` computes them.

Nothing here knows HTTP or HTML (:mod:`.app` and :mod:`.page` do). A :class:`Room` holds the scenario's bytes,
its baseline (scenario, game and each rule's allocation, computed once per rule and kept), the numeric fields
a control can change, and the terms on the table (``agreement.negotiable``, else the revenue sources' chances and
the clauses' shares). :meth:`Room.view` turns a request's values into ``--set`` overrides, loads the changed
scenario from the same bytes, allocates it under each rule and rounds both sides with
:func:`ipshare.report.allocation.allocation_table` (the rounding of every other output); a problem with the
values is the loader's one-line :class:`~ipshare.errors.ScenarioError`, the same text the command line prints.
"""

from __future__ import annotations

import shlex
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from ..errors import IpshareError
from ..exact import money_difference

__all__ = ["Room", "Term", "View", "message_of", "COMPARISON_RULES", "SAVE_EXTENSIONS"]

# Rules offered beside the agreement's (those the scenario's game can take are computed; one that has no answer
# for it says so on the page).
COMPARISON_RULES = ("shapley", "nucleolus", "banzhaf-normalized", "proportional", "equal", "tau", "graph-flow")
SAVE_EXTENSIONS = (".yaml", ".yml", ".json", ".toml")
MAX_CHANGES = 200  # --set lines one request may carry


def message_of(error: IpshareError) -> str:
    """The one line the command line prints for ``error`` (``FILE:LINE: field: message``, else ``error: …``)."""
    return str(error) if getattr(error, "file", None) is not None else f"error: {error}"


@dataclass(frozen=True)
class Term:
    """A control on the page: the field at ``path`` with its value in the file (None: not in the file), the
    range of its slider (None: a plain box), its step and label."""

    path: str
    value: Fraction | None
    start: Fraction | None = None
    stop: Fraction | None = None
    step: Fraction | None = None
    label: str | None = None

    @property
    def ranged(self) -> bool:
        return self.start is not None


@dataclass
class View:
    """What the page shows for one request: the overrides it made, the tables (baseline and now, rounded), each
    rule's failure, the clause checks, the council's power, and the error that stopped it (then nothing else)."""

    overrides: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    error: str | None = None
    scenario: object = None
    game: object = None
    base: object = None  # AllocationTable of the baseline
    now: object = None  # AllocationTable of the changed terms
    failed: dict = field(default_factory=dict)  # rule -> one-line message
    council: dict | None = None
    seconds: float = 0.0

    def changes(self, rule):
        """member -> (amount change, percentage-point change) of the rounded figures of ``rule``."""
        before = next(c for c in self.base.columns if c.rule == rule)
        after = next(c for c in self.now.columns if c.rule == rule)
        result = {}
        for member in self.base.members:
            points = None
            if before.percent is not None and after.percent is not None:
                points = money_difference(after.percent[member], before.percent[member])
            result[member] = (money_difference(after.rounded[member], before.rounded[member]), points)
        return result

    def total_change(self, rule) -> Decimal:
        before = next(c for c in self.base.columns if c.rule == rule)
        after = next(c for c in self.now.columns if c.rule == rule)
        return money_difference(after.rounded_total, before.rounded_total)


def _same(text: str, value: Fraction | None) -> bool:
    """Whether the control's text is the file's value (so no --set is made for it)."""
    from ..model.numbers import parse_number

    text = text.strip()
    if value is None:
        return text == ""
    try:
        return parse_number(text) == value
    except (ValueError, ZeroDivisionError, ArithmeticError):
        return False


def number_text(value: Fraction | None) -> str:
    """A value as a control shows it: an integer, a finite decimal, else ``p/q`` (exact, as the loader reads it)."""
    if value is None:
        return ""
    if value.denominator == 1:
        return str(value.numerator)
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator == 1:
        text = format(Decimal(value.numerator) / Decimal(value.denominator), "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return f"{value.numerator}/{value.denominator}"


class Room:
    """One scenario file in the negotiation room (``ipshare serve FILE``).

    The file is read once; every view is of those bytes. The baseline's game and allocations are kept (they
    never change); a lock makes the views one at a time, so the server's threads share the caches safely."""

    def __init__(self, path, lang: str | None = None):
        from ..alliance.benefit import scenario_game
        from ..model.loading import read
        from ..model.negotiable import numeric_fields, scenario_data

        self.path = Path(path)
        self.source = read(self.path)
        self.scenario = self.source.load(language=lang)  # a bad file is refused here, before the server starts
        # The room's language: --lang, else the scenario's alliance.language, else English (as every command).
        self.lang = lang or getattr(getattr(self.scenario, "alliance", None), "language", None) or "en"
        self.game = scenario_game(self.scenario)
        self.fields = numeric_fields(scenario_data(self.source))
        self.values = dict(self.fields)
        self.rule = (self.scenario.agreement.rule if self.scenario.game is None else None) or "shapley"
        self.terms = self._terms()
        self._baseline = {}  # rule -> Allocation or IpshareError
        self._marks = {}  # (path, rule, other overrides) -> (sweep, breakpoints or message)
        self._wanted = None  # the newest --set list whose breakpoints the background thread is to compute
        self._worker = None  # that thread
        # One lock per cache, so a view never waits for a sweep or a picture: the views' (the baseline's
        # allocations), the sweeps' (breakpoints, sweep lines) and matplotlib's (which is not thread-safe).
        self._lock = threading.RLock()
        self._sweep_lock = threading.RLock()
        self._plot_lock = threading.Lock()
        self._pending_lock = threading.Lock()
        self._graph = None
        self._sweeps = {}  # (path, other overrides, rules) -> (values, series, marks)

    # ---- what the page offers

    def _terms(self) -> tuple[Term, ...]:
        listed = self.scenario.agreement.negotiable if self.scenario.game is None else ()
        if listed:
            return tuple(Term(t.path, self.values.get(t.path), t.start, t.stop, t.step, t.label) for t in listed)
        # No list: the revenue sources' chances and the clauses' shares, each over [0, 1].
        chosen = [p for p, _ in self.fields if p.startswith("revenue.") and p.endswith(".probability")]
        chosen += [p for p, _ in self.fields if p.startswith("agreement.clauses.") and p.endswith("_share")]
        return tuple(Term(p, self.values[p], Fraction(0), Fraction(1), Fraction(1, 100)) for p in chosen)

    def other_fields(self) -> list[tuple[str, Fraction]]:
        """The numeric fields not on the table, in the file's order (each can still be changed)."""
        shown = {term.path for term in self.terms}
        return [(p, v) for p, v in self.fields if p not in shown]

    def view_rounding(self):
        """The scenario's rounding (:func:`ipshare.report.figures.rounding_of`), for amounts outside the tables."""
        from ..report.figures import rounding_of

        return rounding_of(self.scenario)

    def rules_offered(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.rule, *COMPARISON_RULES)))

    # ---- a request's values as --set overrides

    def overrides(self, values, more: str = "") -> tuple[str, ...]:
        """The ``--set`` list of a request: each control whose text is not the file's value (in the file's order),
        then the free lines of ``more`` (``PATH=VALUE``, one a line)."""
        known = {term.path: term.value for term in self.terms}
        known.update(self.values)
        found = []
        for path, text in values.items():
            text = str(text)
            if path in known and _same(text, known[path]):
                continue
            found.append(f"{path}={text.strip()}")
        found += [line.strip() for line in more.splitlines() if line.strip()]
        if len(found) > MAX_CHANGES:
            raise IpshareError(f"--set: at most {MAX_CHANGES} changes at once ({len(found)} given)")
        return tuple(found)

    def command(self, overrides, rules) -> str:
        """The command that reproduces a view: ``ipshare whatif FILE --set … -r …`` (``allocate`` when nothing
        is changed), quoted for a POSIX shell."""
        words = ["ipshare", "whatif" if overrides else "allocate", str(self.path)]
        for override in overrides:
            words += ["--set", override]
        for rule in rules:
            words += ["-r", rule]
        return " ".join(shlex.quote(word) for word in words)

    # ---- computing

    def _allocate(self, game, rule, **options):
        from ..solutions import allocate

        return allocate(game, rule, **options)

    def _base(self, rule):
        if rule not in self._baseline:
            try:
                self._baseline[rule] = self._allocate(self.game, rule)
            except IpshareError as error:
                self._baseline[rule] = error
        return self._baseline[rule]

    def view(self, values=None, more: str = "", rules=()) -> View:
        """The view for a request: the controls' ``values`` (path -> text), the free ``more`` lines and the
        comparison ``rules`` (the agreement's first, always)."""
        from ..alliance.benefit import scenario_game
        from ..analyses.rights import council_power
        from ..report.allocation import allocation_table
        from ..solutions import RULES

        started = time.perf_counter()
        rules = tuple(dict.fromkeys((self.rule, *(r for r in rules if r in RULES))))
        view = View(rules=rules)
        try:
            view.overrides = self.overrides(values or {}, more)
            with self._lock:
                scenario = self.source.load(view.overrides) if view.overrides else self.scenario
                game = scenario_game(scenario) if view.overrides else self.game
                base, now = [], []
                for rule in rules:
                    before = self._base(rule)
                    if isinstance(before, IpshareError):
                        view.failed[rule] = message_of(before)
                        continue
                    try:
                        after = self._allocate(game, rule) if view.overrides else before
                    except IpshareError as error:
                        view.failed[rule] = message_of(error)
                        continue
                    base.append(before)
                    now.append(after)
                view.scenario, view.game = scenario, game
                view.base = allocation_table(self.scenario, self.game, base)
                view.now = allocation_table(scenario, game, now)
                view.council = council_power(scenario) if scenario.game is None else None
        except IpshareError as error:
            view.error = message_of(error)
        view.seconds = time.perf_counter() - started
        return view

    def _marks_key(self, path: str, overrides=()):
        others = tuple(o for o in overrides if o.partition("=")[0].strip() != path)
        return (path, self.rule, others)

    def marks(self, path: str, overrides=()):
        """The exact breakpoints of the agreement's rule along a term on the table, over its range, the other
        fields at their values under ``overrides`` (the view's ``--set`` list; a change of ``path`` itself is left
        out): :func:`ipshare.analyses.whatif.symbolic_sweep`, as ``ipshare sweep --symbolic --set …``. A list of
        (value, kind, detail), or the one-line reason there are none (the field enters non-linearly, the rule is
        not exact, a change is refused)."""
        from ..analyses.whatif import symbolic_sweep

        term = next((t for t in self.terms if t.path == path and t.ranged), None)
        if term is None:
            return f"error: {path} is not a term on the table"
        key = self._marks_key(path, overrides)
        with self._sweep_lock:
            if key not in self._marks:
                if len(self._marks) > 256:  # one entry per term and set of other changes: bounded
                    self._marks = {k: v for k, v in self._marks.items() if not k[2]}
                try:
                    sweep = symbolic_sweep(self.source, path, term.start, term.stop, (self.rule,), overrides=key[2])
                    self._marks[key] = (sweep, [(b["at"], b["kind"], b.get("detail", "")) for b in sweep.breakpoints])
                except IpshareError as error:
                    self._marks[key] = (None, message_of(error))
            return self._marks[key][1]

    def ready_marks(self, path: str, overrides=()):
        """The breakpoints :meth:`marks` gives if they are computed already, else None (ask :meth:`marks_later`
        to compute them). Never waits for a sweep (a dictionary look-up, no lock)."""
        found = self._marks.get(self._marks_key(path, overrides))
        return None if found is None else found[1]

    def marks_later(self, overrides=()) -> threading.Thread:
        """Compute every ranged term's breakpoints under ``overrides`` in a background thread, and return it.

        One thread at a time, for the newest request only: while it computes, a newer set of changes replaces
        the one waiting, so fast moves of a control never pile up sweeps. Views never wait for it (they take
        another lock)."""
        with self._pending_lock:
            self._wanted = tuple(overrides)
            if self._worker is not None and self._worker.is_alive():
                return self._worker

            def run():
                while True:
                    with self._pending_lock:
                        wanted, self._wanted = self._wanted, None
                        if wanted is None:
                            self._worker = None
                            return
                    for term in self.terms:
                        if term.ranged:
                            self.marks(term.path, wanted)

            self._worker = threading.Thread(target=run, name="ipshare-room-marks", daemon=True)
            self._worker.start()
            return self._worker

    def warm(self) -> None:
        """Compute every term's breakpoints now (the server does this in a thread as it starts), so that the
        page's first requests for them find them ready."""
        for term in self.terms:
            if term.ranged:
                self.marks(term.path)

    # ---- pictures (SVG, ipshare.report.plots; matplotlib is needed: ipshare[plot])

    def graph_svg(self) -> bytes:
        from ..report.plots import plot_graph

        with self._plot_lock:
            if self._graph is None:
                self._graph = plot_graph(self.scenario, fmt="svg", title=str(self.scenario.name))
            return self._graph

    def _in_language(self, view: View, lang: str):
        """The view's scenario with its texts (names, titles) in ``lang``: loaded again when that is not the
        room's language."""
        if lang == self.lang or view.scenario.game is not None:
            return view.scenario
        return self.source.load(view.overrides, language=lang)

    def split_svg(self, view: View, lang: str | None = None) -> bytes:
        """The split by rule (:func:`ipshare.report.plots.plot_allocations`), names, title and axes in ``lang``."""
        from ..report.plots import plot_allocations
        from .labels import label, localised_svg, user_text

        lang = lang or self.lang
        scenario = self._in_language(view, lang)
        title = f"{user_text(scenario.name, lang)}: {label('plot.split', lang)}"
        with self._plot_lock:
            data = plot_allocations([c.allocation for c in view.now.columns], fmt="svg", scenario=scenario,
                                    title=title)
        return localised_svg(data, lang)

    def sweep_svg(self, path: str, view: View, lang: str | None = None) -> bytes:
        """Each member's share along a term on the table, over its range, under the view's rules and its other
        changes: the exact pieces of the symbolic sweep drawn finely, its breakpoints and the current value marked;
        a numeric sweep of 21 points where the term enters non-linearly."""
        from ..analyses.whatif import numeric_sweep, sweep_values, symbolic_sweep
        from ..report.plots import plot_sweep
        from .labels import label, localised_svg, user_text

        term = next((t for t in self.terms if t.path == path and t.ranged), None)
        if term is None:
            raise IpshareError(f"{path} is not a term on the table")
        others = tuple(o for o in view.overrides if o.partition("=")[0].strip() != path)
        rules = tuple(c.rule for c in view.now.columns)
        key = (path, others, rules)
        with self._sweep_lock:
            if key not in self._sweeps:
                if len(self._sweeps) > 32:
                    self._sweeps.clear()
                try:
                    result = symbolic_sweep(self.source, path, term.start, term.stop, rules, overrides=others)
                    values = [term.start + (term.stop - term.start) * k / 200 for k in range(201)]
                    series = {}
                    for rule, pieces in result.pieces.items():
                        rows = [next(p for p in pieces if p.start <= t <= p.stop).at(t) for t in values]
                        series[rule] = {m: [float(row[i]) for row in rows] for i, m in enumerate(result.members)}
                    marks = sorted({(float(b["at"]), "") for b in result.breakpoints})
                except IpshareError:
                    values = sweep_values(term.start, term.stop, 21)
                    points, rules = numeric_sweep(self.source, path, values, rules, overrides=others, workers=1)
                    members = list(points[0].allocations[rules[0]])
                    series = {r: {m: [p.allocations[r].get(m) for p in points] for m in members} for r in rules}
                    marks = []
                self._sweeps[key] = ([float(v) for v in values], series, marks)
            values, series, marks = self._sweeps[key]
        with self._plot_lock:
            current = next((_number(o.partition("=")[2]) for o in view.overrides
                            if o.partition("=")[0].strip() == path and _is_number(o.partition("=")[2])), term.value)
            if current is not None:
                marks = sorted({*marks, (float(current), label("now", lang or self.lang))})
            lang = lang or self.lang
            title = f"{user_text(self._in_language(view, lang).name, lang)}: " + label(
                "plot.sweep", lang, path=term.label or path)
            data = plot_sweep(path, values, series, marks, fmt="svg", title=title,
                              unit=self.scenario.currency if self.scenario.game is None else None)
        return localised_svg(data, lang)

    # ---- documents

    def annex(self, view: View, fmt: str, lang: str | None = None):
        """The agreement annex of the view's terms and rules, in ``fmt`` (one of
        :data:`ipshare.report.annex.ANNEX_FORMATS`) and ``lang`` (default: the room's): the bytes ``ipshare report
        FILE --set … -r … --lang LANG -f FMT`` writes, computed as that command computes them (the scenario loaded
        in that language, its game, each rule with the report's default options)."""
        from ..alliance.benefit import scenario_game
        from ..report.annex import build_annex, render_annex
        from ..solutions import RULES

        lang = lang or self.lang
        scenario = self.source.load(view.overrides, language=lang)
        game = scenario_game(scenario)
        options = {"solver": "highs"}  # ipshare report's default --solver
        rules = [column.rule for column in view.now.columns]
        allocations = [self._allocate(game, rule, **RULES[rule].supported(options)) for rule in rules]
        return render_annex(build_annex(scenario, game, allocations, options=options, lang=lang), fmt)

    def save_as(self, name: str, overrides) -> Path:
        """Write the scenario with ``overrides`` applied to a NEW file ``name`` beside it (YAML, JSON or TOML, by
        its extension), whole, through :func:`ipshare.output.write_file`. Refused: a name with a folder in it,
        another extension, an existing file (the scenario itself among them), a change the loader refuses.

        The name is taken by creating the file exclusively (``O_CREAT | O_EXCL``, no link followed) before the
        text is written whole over that empty file of the room's own: a file another program creates between the
        check and the write is never replaced (the save is refused, as for a name taken before). On a failure
        the empty file is removed again, only if it is still the one the room made."""
        import os

        from ..model.loading import loads
        from ..model.negotiable import scenario_data
        from ..output import OutputError, write_file

        name = name.strip()
        if not name or "/" in name or "\\" in name or name.startswith(".") or not name.isprintable():
            raise OutputError(f"save as {name!r}: give a file name without a folder, like terms-2.yaml")
        suffix = Path(name).suffix.lower()
        if suffix not in SAVE_EXTENSIONS:
            raise OutputError(f"save as {name}: the name must end in {', '.join(SAVE_EXTENSIONS)}")
        target = self.path.parent / name
        taken = OutputError(f"save as {name}: {target} exists; the room writes only new files, choose another name")
        try:
            if target.exists() or target.is_symlink() or target.resolve() == self.path.resolve():
                raise taken
        except OSError as error:  # a name too long for the file system: a refusal, not an internal error
            raise OutputError(f"save as {name}: {error.strerror or error}") from None
        self.source.load(overrides)  # the changes are checked as the command line checks them
        text, fmt = _serialised(_plain(scenario_data(self.source, overrides)), suffix, name)
        loads(text.encode("utf-8"), fmt, name=name)  # what is written loads back
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            handle = os.open(target, flags, 0o666)
        except FileExistsError:
            raise taken from None
        except OSError as error:
            reason = error.strerror or str(error)
            raise OutputError(f"save as {name}: cannot write {target}: {reason[:1].lower() + reason[1:]}") from None
        try:
            reserved = os.fstat(handle)
        finally:
            os.close(handle)
        try:
            write_file(target, text, inputs=[self.path])
        except BaseException:
            _release(target, reserved)
            raise
        return target


def _serialised(data, suffix: str, name: str) -> tuple[str, str]:
    """The text of a saved copy and its loader format, by the name's extension."""
    if suffix == ".json":
        import json

        return json.dumps(data, indent=2, ensure_ascii=False) + "\n", "json"
    if suffix == ".toml":
        from ..output import OutputError

        try:
            import tomli_w
        except ImportError:
            raise OutputError(f"save as {name}: writing TOML needs tomli-w (pip install tomli-w); "
                              "or save as .yaml or .json") from None
        return tomli_w.dumps(_no_nulls(data)), "toml"
    import yaml

    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120), "yaml"


def _no_nulls(node):
    """TOML has no null: a key whose value is null is left out (the copy is loaded back before it is written, and
    the tests compare its figures with the room's on every bundled scenario); a null inside a list cannot be
    written, and the save says so."""
    if isinstance(node, dict):
        return {key: _no_nulls(value) for key, value in node.items() if value is not None}
    if isinstance(node, list):
        if any(value is None for value in node):
            from ..output import OutputError

            raise OutputError("save as TOML: a list holds a null value, which TOML cannot write; save as .yaml")
        return [_no_nulls(value) for value in node]
    return node


def _release(target: Path, reserved) -> None:
    """Remove the empty file the room created for a save that then failed, if it is still that file."""
    import os

    try:
        found = os.lstat(target)
        if (found.st_dev, found.st_ino) == (reserved.st_dev, reserved.st_ino) and found.st_size == 0:
            os.unlink(target)
    except OSError:
        pass


def _number(text: str) -> Fraction:
    from ..model.numbers import parse_number

    return parse_number(text.strip())


def _is_number(text: str) -> bool:
    try:
        _number(text)
    except (ValueError, ZeroDivisionError, ArithmeticError):
        return False
    return True


def _plain(node):
    """Parsed scenario data as YAML/JSON can write it: exact numbers as integers, finite decimals (text, read back
    exactly) or ``p/q`` text."""
    if isinstance(node, dict):
        return {key: _plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_plain(value) for value in node]
    if isinstance(node, Fraction):
        return node.numerator if node.denominator == 1 else number_text(node)
    if isinstance(node, Decimal):
        return number_text(Fraction(node))
    return node
