"""The ``ipshare`` command line: parse, call the library, render. No computation lives here.

Errors the library raises on purpose (:class:`~ipshare.errors.IpshareError`) become one line on stderr and exit
status 2. Standard output carries only the requested output, so it can be piped. Output files are written whole
(a temporary file renamed into place) or not at all, only where a regular file belongs, in the format their
extension names (:mod:`ipshare.output`). Ctrl-C exits 130 and SIGTERM 143, leaving no file behind. Heavy modules are
imported inside the commands so that ``ipshare --help`` answers at once.
"""

from __future__ import annotations

import math
import os
import signal
import sys
from pathlib import Path

import click

from . import __version__
from .errors import IpshareError

ALLOCATION_FORMATS = ("table", "json", "csv", "markdown")
GAME_FORMATS = ("table", "json", "csv")
GRAPH_FORMATS = ("dot", "graphml", "json")
# Local sweep workers: more processes than four per core only queue for the cores (and each holds a scenario).
MAX_WORKERS = 4 * (os.cpu_count() or 1)
CORE_FORMATS = ("table", "json")
WORKFLOW_FORMATS = ("table", "json", "csv")  # whatif, sweep, compare
TABLE_FORMATS = ("table", "json", "csv", "markdown")  # rights, risk, withdraw

_file_argument = click.argument("scenario_file", metavar="FILE", type=click.Path(dir_okay=True, path_type=Path))


def _remember_overrides(ctx, param, value):
    ctx.meta["ipshare.overrides"] = tuple(value)


_set_option = click.option(
    "--set",
    "overrides",
    multiple=True,
    metavar="PATH=VALUE",
    expose_value=False,
    callback=_remember_overrides,
    help="What-if change to the scenario before it is used (repeatable), e.g. --set revenue.L1.royalty.rate=0.03; "
    "VALUE is read as YAML data.",
)


def scenario_argument(command):
    """The scenario FILE argument, with the --set overrides every command that reads a scenario accepts."""
    return _file_argument(_set_option(command))
class OutputPath(click.ParamType):
    """An output file's name, as given (``-o ''`` is refused in one line, not taken for the current folder); what
    it may name is checked before the command works and again when it writes (ipshare.output)."""

    name = "file"

    def convert(self, value, param, ctx):
        if isinstance(value, Path):
            return value
        from .output import OutputError, check_name

        if not value:
            raise OutputError(f"{param.opts[0] if param else '-o'}: the output file name is empty; name a file, or "
                              "leave the option out")
        return Path(check_name(value))


output_option = click.option(
    "-o",
    "--output",
    type=OutputPath(),
    help="Write to this file (whole or not at all) instead of standard output; its extension (.json, .csv, .md, "
    ".txt, …) gives the format.",
)


def _output_format(fmt, output, formats, default, inputs=(), *, what=None, unavailable=None):
    """The format to write, from -f and the extension of -o (which must agree), the output checked beforehand:
    a bad -o is refused before any work, with nothing written."""
    from .output import check_target, format_for

    if output is not None:
        check_target(output, inputs)
    context = click.get_current_context(silent=True)
    what = what or (context.info_name if context is not None else "this command")
    return format_for(output, formats, fmt=fmt, default=default, what=what, unavailable=unavailable)


def _format_help(default):
    return f"Output format; default: the one the extension of -o names, else {default}."


class FiniteRange(click.FloatRange):
    """click's FloatRange without NaN and the infinities, which click lets through every range (and which
    ``Fraction``, the samplers and the solvers cannot take)."""

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return number


def time_limited(command):
    """The --time-limit SECONDS option: the command runs under that deadline (ipshare.deadline)."""
    import functools

    @functools.wraps(command)
    def run(*args, time_limit=None, **kwargs):
        from .deadline import time_limit as deadline

        with deadline(time_limit):
            return command(*args, **kwargs)

    return click.option(
        "--time-limit",
        "time_limit",
        type=FiniteRange(min=0, min_open=True),
        metavar="SECONDS",
        help="Stop long computations after this long: sampled rules end with their best estimate so far (and say "
        "so); exact ones, which have no partial answer, stop with an error (exit 4).",
    )(run)


def _say_if_stopped(allocations):
    """A note on stderr for each sampled result cut short by --time-limit, or short of its --tolerance (its details
    say so too)."""
    for allocation in allocations:
        if allocation.details.get("stopped") == "time limit":
            click.echo(
                f"note: {allocation.rule} stopped at the time limit after {allocation.details.get('samples', 0):,} "
                "samples: the estimate so far, as good as its standard errors say",
                err=True,
            )
        elif allocation.details.get("tolerance_met") is False:
            click.echo(
                f"note: {allocation.rule} did not reach --tolerance {allocation.details.get('tolerance'):g} with the "
                f"most samples it draws ({allocation.details.get('samples', 0):,}): the estimate is as good as its "
                "standard errors say",
                err=True,
            )


class Terminated(BaseException):
    """Raised by the command line's SIGTERM handler: unwinds like Ctrl-C (files being written are removed, worker
    processes ended) and exits 143."""


def _terminate(signum, frame):
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once: the clean-up under way is not interrupted again
    raise Terminated


class _Group(click.Group):
    """Turns ipshare's own errors into one line and exit status 2, never a traceback; Ctrl-C into exit 130 and
    SIGTERM into 143."""

    def invoke(self, ctx):
        import warnings

        from .errors import IpshareWarning

        # ipshare's own warnings (an old rule name) become one line each on stderr once the command has done its
        # work; a command that fails says only its one-line error.
        pending = []
        try:
            with warnings.catch_warnings():
                shown = warnings.showwarning

                def collect(message, category, filename, lineno, file=None, line=None):
                    if issubclass(category, IpshareWarning):
                        pending.append(f"warning: {message}")
                    else:
                        shown(message, category, filename, lineno, file, line)

                warnings.showwarning = collect
                result = super().invoke(ctx)
            _say(pending)
            return result
        except click.exceptions.Exit as done:
            if done.exit_code == 0:
                _say(pending)
            raise
        except IpshareError as error:
            click.echo(f"error: {error}" if not _has_location(error) else str(error), err=True)
            ctx.exit(error.exit_status)
        except KeyboardInterrupt:
            # Caught here, inside click: click itself would turn it into "Aborted!" and exit status 1. Any output
            # file being written has already been removed by _write.
            click.echo("interrupted", err=True)
            ctx.exit(130)
        except Terminated:
            click.echo("terminated", err=True)
            ctx.exit(143)


def _say(lines):
    for line in lines:
        click.echo(line, err=True)


def _has_location(error):
    return getattr(error, "file", None) is not None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ipshare")
def cli():
    """ipshare: share the rights, benefits and risk of an R&D alliance by contract-based rules.

    Give a scenario file (YAML, JSON or TOML) describing the alliance's members, contributions, patents,
    revenue and agreement, or a classic game; ipshare derives what every coalition is worth and splits it.
    """


def _load(path, overrides=None):
    """Load the scenario at ``path`` with the command's --set overrides (or the ones given)."""
    from .scenario import load

    if overrides is None:
        context = click.get_current_context(silent=True)
        overrides = context.meta.get("ipshare.overrides", ()) if context is not None else ()
    return load(path, overrides)


def _read(path):
    """The scenario file's bytes, read once, for commands that load it several times (ipshare.scenario.Source)."""
    from .scenario import read

    return read(path)


def _overrides():
    context = click.get_current_context(silent=True)
    return context.meta.get("ipshare.overrides", ()) if context is not None else ()


def _write(text: str | bytes, output: Path | None, inputs=()):
    """Standard output, or a file written whole (ipshare.output.write_file); an output equal to an input, a
    device, a FIFO or a folder is refused.

    ``bytes`` (a DOCX, XLSX or PNG) are written as they are, and only to a file."""
    if output is None:
        if isinstance(text, bytes):
            raise click.UsageError("this output is a binary file: name it with -o FILE")
        click.echo(text, nl=False)
        return
    from .output import write_file

    write_file(output, text, inputs=inputs)


def _width() -> int | None:
    """The width terminal tables are fitted to: the terminal's when standard output is one, else $COLUMNS when
    set, else None (natural width: files and pipes get whole lines)."""
    import shutil

    if sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isascii() and columns.isdigit() and int(columns) >= 20 else None


@cli.command()
@scenario_argument
def validate(scenario_file):
    """Check a scenario file; print what it holds, or the first problem as FILE:LINE: field: message."""
    from .report import describe_scenario

    click.echo(describe_scenario(_load(scenario_file)))


@cli.command()
@scenario_argument
@click.option(
    "-r",
    "--rule",
    "rules",
    multiple=True,
    metavar="RULE",
    help="Sharing rule (repeatable); default: the agreement's rule, else shapley. See `ipshare rules`.",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(ALLOCATION_FORMATS),
    help=_format_help("table"),
)
@click.option("--certify", is_flag=True,
              help="Re-verify nucleolus-family results exactly in rationals (games with rational values, n <= 16).")
@click.option(
    "--objective",
    metavar="OBJECTIVE",
    help="For core-lp: closest:RULE (default closest:shapley), closest:RULE:linf, maxmin or nucleolus.",
)
@click.option(
    "--solver",
    type=click.Choice(("highs", "cbc")),
    default="highs",
    show_default=True,
    help="LP solver for the clause rule core-lp.",
)
@click.option("--samples", type=click.IntRange(min=2), help="Sampled rules: use this many samples.")
@click.option(
    "--tolerance",
    type=FiniteRange(min=0, min_open=True),
    help="Sampled rules: sample until every confidence half-width is at most this (instead of --samples).",
)
@click.option(
    "--confidence",
    type=FiniteRange(0, 1, min_open=True, max_open=True),
    default=0.95,
    show_default=True,
    help="Confidence level of the intervals of sampled rules.",
)
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True,
              help="Seed of sampled rules (reproducible results).")
@click.option(
    "--sampling-method",
    type=click.Choice(("permutation", "stratified")),
    default="permutation",
    show_default=True,
    help="Sampled Shapley: antithetic pairs of joining orders, or stratified by position (docs/scale.md).",
)
@click.option("--strict", is_flag=True,
              help="Exit with status 3 (and write nothing) when a rule's allocation breaks a clause of the agreement.")
@output_option
@time_limited
def allocate(
    scenario_file, rules, fmt, certify, objective, solver, output, samples, tolerance, confidence, seed,
    sampling_method, strict,
):
    """Split the alliance's value among its members by one or more rules."""
    from . import report
    from .games import scenario_game
    from .solutions import allocate as run_rule

    fmt = _output_format(fmt, output, ALLOCATION_FORMATS, "table", [scenario_file])
    scenario = _load(scenario_file)
    if not rules:
        rules = (scenario.agreement.rule or "shapley",)
    rules = tuple(dict.fromkeys(rules))
    game = scenario_game(scenario)
    from .clauses import ClauseConflict
    from .solutions import RULES

    options = {"certify": True} if certify else {}
    options["solver"] = solver
    if samples is not None and tolerance is not None:
        raise click.UsageError("give --samples or --tolerance, not both")
    # The sampling options go to the library by keyword, as from Python (RULES[rule].keywords, ipshare rules RULE).
    options.update(samples=samples, tolerance=tolerance, confidence=confidence, seed=seed, method=sampling_method,
                   progress=_Progress())
    if objective is not None:
        if not any("objective" in RULES[rule].options for rule in rules if rule in RULES):
            raise click.UsageError("--objective applies to the rule core-lp; add --rule core-lp")
        options["objective"] = objective
    try:
        allocations = [
            run_rule(game, rule, **(RULES[rule].supported(options) if rule in RULES else {})) for rule in rules
        ]
    except ClauseConflict as conflict:
        if fmt != "json":
            raise
        # The diagnosis is the answer: JSON on standard output, the first line on stderr, exit 3, no file.
        click.echo(f"error: {conflict.message}", err=True)
        click.echo(report.render_conflict(scenario, game, conflict), nl=False)
        click.get_current_context().exit(conflict.exit_status)
    _say_if_stopped(allocations)
    table = report.allocation_table(scenario, game, allocations)
    if strict:
        _refuse_broken_clauses(table)
    renderer = {
        "table": lambda t: report.render_table(t, _width() if output is None else None),
        "json": report.render_json,
        "csv": report.render_csv,
        "markdown": report.render_markdown,
    }[fmt]
    _write(renderer(table), output, [scenario_file])


def _refuse_broken_clauses(table):
    """--strict: one line per rule that breaks a clause on stderr, exit status 3, nothing written."""
    from .report import clause_lines

    broken = [column.rule for column in table.columns if table.broken(column.rule)]
    if broken:
        for line in clause_lines(table):
            if line.startswith("* "):
                click.echo(f"error: {line[2:]}", err=True)
        click.echo(f"error: --strict: {', '.join(broken)} break(s) the agreement's clauses; nothing written", err=True)
        click.get_current_context().exit(3)


@cli.command()
@scenario_argument
@click.option("-f", "--format", "fmt", type=click.Choice(GAME_FORMATS), help=_format_help("table"))
@click.option(
    "--max-players",
    type=click.IntRange(1, 28),  # games.MAX_DENSE_PLAYERS: no larger table is ever built
    default=12,
    show_default=True,
    help="Refuse to list more than 2^N coalitions (the list doubles with every player); at most 28.",
)
@output_option
def game(scenario_file, fmt, max_players, output):
    """List the value of every coalition (by bitmask: player i is bit i)."""
    from .games import scenario_game
    from .report import render_game

    fmt = _output_format(fmt, output, GAME_FORMATS, "table", [scenario_file])
    scenario = _load(scenario_file)
    the_game = scenario_game(scenario)
    if the_game.n <= max_players and not hasattr(the_game, "values"):
        the_game = the_game.dense()  # a large game kept by its structure, small enough to list
    if the_game.n > max_players:
        advice = "raise --max-players to list them all" if the_game.n <= 28 else "too many to list (at most 2^28)"
        raise click.UsageError(f"{the_game.n} players make 2^{the_game.n} coalitions; {advice}")
    _write(render_game(scenario, the_game, fmt, _width() if output is None else None), output, [scenario_file])


@cli.command()
@scenario_argument
@click.option("-f", "--format", "fmt", type=click.Choice(GRAPH_FORMATS), help=_format_help("dot"))
@output_option
def graph(scenario_file, fmt, output):
    """Export the alliance's contribution-patent-revenue graph (Graphviz dot, GraphML or JSON)."""
    from .graph import alliance_graph, export_graph

    fmt = _output_format(fmt, output, GRAPH_FORMATS, "dot", [scenario_file])
    scenario = _load(scenario_file)
    _write(export_graph(alliance_graph(scenario), fmt), output, [scenario_file])


@cli.command()
@scenario_argument
@click.option("-r", "--rule", "rules", multiple=True, metavar="RULE",
              help="Check this rule's allocation against the core (repeatable); default: the agreement's rule, else "
                   "shapley.")
@click.option("--top", type=click.IntRange(min=0), default=10, show_default=True,
              help="Show at most this many blocking coalitions per rule (0: only count them).")
@click.option("-f", "--format", "fmt", type=click.Choice(CORE_FORMATS), help=_format_help("table"))
@output_option
def core(scenario_file, rules, top, fmt, output):
    """Is the core empty? The least-core epsilon, and the coalitions that would block each rule's split."""
    from .games import scenario_game
    from .report import render_core
    from .solutions import allocate as run_rule
    from .solutions.core import core_report

    fmt = _output_format(fmt, output, CORE_FORMATS, "table", [scenario_file])
    scenario = _load(scenario_file)
    game = scenario_game(scenario)
    if not hasattr(game, "values"):
        game = game.dense()  # the core needs every coalition: a clear error beyond 28 players
    rules = tuple(dict.fromkeys(rules or (scenario.agreement.rule or "shapley",)))
    report = core_report(game, [run_rule(game, rule) for rule in rules], limit=top)
    _write(render_core(scenario, game, report, fmt, _width() if output is None else None), output, [scenario_file])


@cli.command()
@scenario_argument
@click.option("-r", "--rule", "rules", multiple=True, metavar="RULE",
              help="Rule to compare (repeatable); default: the agreement's rule, else shapley.")
@click.option("--drop", "dropped", multiple=True, metavar="MEMBER",
              help="What if this member were not in the alliance (repeatable).")
@click.option("-f", "--format", "fmt", type=click.Choice(WORKFLOW_FORMATS), help=_format_help("table"))
@output_option
def whatif(scenario_file, rules, dropped, fmt, output):
    """Baseline and what-if (--set PATH=VALUE, --drop MEMBER) side by side, with the change per member."""
    from .report.workflow import render_whatif
    from .whatif import whatif as run_whatif

    overrides = _overrides()
    if not overrides and not dropped:
        raise click.UsageError("say what changes: --set PATH=VALUE and/or --drop MEMBER")
    fmt = _output_format(fmt, output, WORKFLOW_FORMATS, "table", [scenario_file])
    source = _read(scenario_file)  # once: the baseline and the what-if are of the same bytes
    source.load(overrides)  # a bad file or --set is reported once, before any work
    comparison = run_whatif(source, overrides, dropped, rules)
    _write(render_whatif(comparison, fmt, _width() if output is None else None), output, [scenario_file])


@cli.command()
@scenario_argument
@click.option("--param", "parameter", required=True, metavar="PATH",
              help="The scenario field to vary, e.g. revenue.L1.royalty.rate.")
@click.option("--from", "start", required=True, metavar="A", help="First value (exact: 0.02 or 1/50).")
@click.option("--to", "stop", required=True, metavar="B", help="Last value.")
@click.option("--steps", type=click.IntRange(2, 10_000), default=11, show_default=True,
              help="Number of values, ends included (numeric sweep).")
@click.option("-r", "--rule", "rules", multiple=True, metavar="RULE",
              help="Rule (repeatable); default: the agreement's rule, else shapley.")
@click.option("--symbolic", is_flag=True,
              help="Exact piecewise functions of the parameter, with the breakpoints (sympy), instead of samples.")
@click.option("--workers", type=click.IntRange(1, MAX_WORKERS), default=None,
              help=f"Local worker processes, 1 to {MAX_WORKERS} (four per core); default: one per core.")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Run the points on a Dask cluster (tcp://host:port); needs ipshare[dask].")
@click.option("--plot", "plot_path", type=OutputPath(), default=None,
              help="Also draw the sweep lines to this .png or .svg file (needs ipshare[plot]).")
@click.option("-f", "--format", "fmt", type=click.Choice(WORKFLOW_FORMATS), help=_format_help("table"))
@output_option
@time_limited
def sweep(scenario_file, parameter, start, stop, steps, rules, symbolic, workers, scheduler, plot_path, fmt, output):
    """Vary one parameter from A to B: each member's allocation along the way (or exactly, with --symbolic)."""
    from fractions import Fraction

    from .report.workflow import render_sweep, render_symbolic
    from .scenario import NumberOutOfRange, parse_number
    from .whatif import numeric_sweep, scheduler_address, sweep_values, symbolic_sweep

    overrides = _overrides()
    fmt = _output_format(fmt, output, WORKFLOW_FORMATS, "table", [scenario_file])
    plot_format = _plot_format(plot_path, output, scenario_file) if plot_path is not None else None
    if scheduler is not None:
        scheduler = scheduler_address(scheduler, in_process=False)  # its form, before any work
    source = _read(scenario_file)  # once: every point is of these bytes, whatever happens to the file meanwhile
    scenario = source.load(overrides)
    width = _width() if output is None else None
    for name, text in (("--from", start), ("--to", stop)):
        try:
            parse_number(text)
        except NumberOutOfRange as error:
            raise click.BadParameter(f"{text!r}: {error}", param_hint=name) from None
        except (ValueError, ZeroDivisionError) as error:
            raise click.BadParameter(f"{text!r}: {error or 'not a number'}", param_hint=name) from None
    if symbolic:
        if fmt == "csv":
            raise click.UsageError("--symbolic gives functions, not rows: use --format table or json")
        result = symbolic_sweep(source, parameter, start, stop, rules, overrides=overrides)
        image = None
        if plot_path is not None:
            # The exact pieces drawn finely (no recomputation), with the breakpoints marked.
            values = [Fraction(start) + (Fraction(stop) - Fraction(start)) * k / 400 for k in range(401)]
            series = {}
            for rule, pieces in result.pieces.items():
                rows = [next(p for p in pieces if p.start <= t <= p.stop).at(t) for t in values]
                series[rule] = {m: [float(row[i]) for row in rows] for i, m in enumerate(result.members)}
            marks = sorted({(float(b["at"]), "") for b in result.breakpoints})
            image = _plot_sweep(scenario, parameter, [float(t) for t in values], series, marks, plot_format)
        text = render_symbolic(scenario, result, fmt, width)
    else:
        points, rules = numeric_sweep(source, parameter, sweep_values(start, stop, steps), rules,
                                      overrides=overrides, workers=workers, scheduler=scheduler)
        members = list(points[0].allocations[rules[0]])
        text = render_sweep(scenario, parameter, points, rules, members, fmt, width)
        image = None
        if plot_path is not None:
            series = {rule: {m: [p.allocations[rule].get(m) for p in points] for m in members} for rule in rules}
            image = _plot_sweep(scenario, parameter, [float(p.value) for p in points], series, (), plot_format)
    # Both outputs rendered before either is written: an error while rendering leaves neither.
    if image is not None:
        _write(image, plot_path, [scenario_file])
    _write(text, output, [scenario_file])


def _plot_format(path, output, scenario_file):
    """The image format of --plot (.png or .svg; png without an extension), checked before the sweep runs."""
    from .output import OutputError, check_target, format_for

    real, _ = check_target(path, [scenario_file])
    if output is not None and check_target(output, [scenario_file])[0] == real:
        raise OutputError(f"--plot {path} and -o {output} name the same file; choose two")
    return format_for(path, ("png", "svg"), default="png", what="--plot")


def _plot_sweep(scenario, parameter, values, series, breakpoints, fmt):
    from .report.plots import plot_sweep

    return plot_sweep(parameter, values, series, breakpoints, fmt=fmt, title=f"{scenario.name}: sweep of {parameter}",
                      unit=scenario.currency)


@cli.command()
@click.argument("scenario_files", metavar="FILE...", nargs=-1, required=True,
                type=click.Path(dir_okay=True, path_type=Path))
@_set_option
@click.option("-r", "--rule", "rules", multiple=True, metavar="RULE",
              help="Rule to include (repeatable); default: every rule that applies.")
@click.option("-f", "--format", "fmt", type=click.Choice(WORKFLOW_FORMATS),
              help=_format_help("table") + " Several files give one CSV (or JSON) for research batches.")
@output_option
@time_limited
def compare(scenario_files, rules, fmt, output):
    """Rules side by side: allocations, efficiency, individual rationality, core, symmetry, Gini, distance."""
    from .compare import compare_rules
    from .games import scenario_game
    from .report.workflow import render_compare

    fmt = _output_format(fmt, output, WORKFLOW_FORMATS, "table", scenario_files)
    entries = []
    for path in scenario_files:
        scenario = _load(path)  # each file read once, its scenario used for every rule
        game = scenario_game(scenario)
        entries.append((scenario, game, compare_rules(game, rules)))
    _say_if_stopped([r.allocation for _, _, results in entries for r in results if r.allocation is not None])
    from .deadline import expired

    if expired():
        click.echo("note: the time limit ran out; the rules not computed by then say so in their row", err=True)
    _write(render_compare(entries, fmt, _width() if output is None else None), output, scenario_files)


ANNEX_FORMATS = ("md", "html", "docx", "xlsx", "csv")  # the extension of -o names one (ipshare.output.EXTENSIONS)
# Formats an annex will have, and why it has not yet; a format added to ANNEX_FORMATS is no longer refused.
_ANNEX_PLANNED = {"pdf": "PDF annexes are not available yet"}


@cli.command()
@scenario_argument
@click.option("-r", "--rule", "rules", multiple=True, metavar="RULE",
              help="Sharing rule (repeatable); default: the agreement's rule, else shapley.")
@click.option("-f", "--format", "fmt", type=click.Choice(ANNEX_FORMATS),
              help="Annex format; default: from the extension of -o, else md. docx and xlsx need ipshare[annex].")
@click.option("--timestamp", is_flag=True,
              help="State the time of writing (UTC, 2025-01-31T12:00:00Z); without it the same input gives the same "
                   "bytes.")
@click.option("--objective", metavar="OBJECTIVE",
              help="For core-lp: closest:RULE (default closest:shapley), closest:RULE:linf, maxmin or nucleolus.")
@click.option("--solver", type=click.Choice(("highs", "cbc")), default="highs", show_default=True,
              help="LP solver for the clause rule core-lp.")
@output_option
def report(scenario_file, rules, fmt, timestamp, objective, solver, output):
    """Write an agreement annex: parties, patents, revenue, method, clauses and the reconciled allocation."""
    from .games import scenario_game
    from .report.annex import build_annex, render_annex, timestamp_now
    from .solutions import RULES
    from .solutions import allocate as run_rule

    fmt = _output_format(fmt, output, ANNEX_FORMATS, "md", [scenario_file], what="an annex",
                         unavailable=_ANNEX_PLANNED)
    if fmt in ("docx", "xlsx") and output is None:
        raise click.UsageError(f"a {fmt} annex is a binary file: name it with -o FILE")
    scenario = _load(scenario_file)
    rules = tuple(dict.fromkeys(rules or (scenario.agreement.rule or "shapley",)))
    options = {"solver": solver}
    if objective is not None:
        if not any("objective" in RULES[rule].options for rule in rules if rule in RULES):
            raise click.UsageError("--objective applies to the rule core-lp; add --rule core-lp")
        options["objective"] = objective
    game = scenario_game(scenario)
    allocations = [run_rule(game, rule, **(RULES[rule].supported(options) if rule in RULES else {})) for rule in rules]
    annex = build_annex(scenario, game, allocations, timestamp=timestamp_now() if timestamp else None, options=options)
    _write(render_annex(annex, fmt), output, [scenario_file])


@cli.command()
@scenario_argument
@click.option("--kind", type=click.Choice(("allocation", "graph")), default="allocation", show_default=True,
              help="allocation: bars by member and rule; graph: members, contributions, patents and revenue.")
@click.option("-r", "--rule", "rules", multiple=True, metavar="RULE",
              help="Rule to draw (repeatable, --kind allocation); default: the agreement's rule, else shapley.")
@click.option("-o", "--output", required=True, type=OutputPath(),
              help="The image to write: .png or .svg (written whole or not at all). Needs ipshare[plot].")
def plot(scenario_file, kind, rules, output):
    """Draw the allocation by rule, or the alliance's IP graph, as PNG or SVG."""
    from .output import OutputFormatError

    fmt = _output_format(None, output, ("png", "svg"), None, [scenario_file], what="plot")
    if fmt is None:
        raise OutputFormatError(f"cannot tell the image format from {output.name!r}: end it in .png or .svg")
    from .report import plots

    scenario = _load(scenario_file)
    if kind == "graph":
        if rules:
            raise click.UsageError("--rule applies to --kind allocation")
        image = plots.plot_graph(scenario, fmt=fmt)
    else:
        from .games import scenario_game
        from .solutions import allocate as run_rule

        game = scenario_game(scenario)
        rules = tuple(dict.fromkeys(rules or (scenario.agreement.rule or "shapley",)))
        image = plots.plot_allocations([run_rule(game, rule) for rule in rules], fmt=fmt, scenario=scenario)
    _write(image, output, [scenario_file])


@cli.command()
@click.argument("path", metavar="[FILE]", default="alliance.yaml", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--no-input", is_flag=True, help="Ask nothing: write the defaults (for scripts).")
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
def init(path, no_input, force):
    """Start a new alliance: answer a few questions, get a valid, commented scenario file."""
    import re

    from .init import FIELD_REFERENCE, MemberAnswer, member_id, render_scenario, starter_answers
    from .scenario import CONTRIBUTION_KINDS, MEMBER_TYPES, loads
    from .solutions import RULES

    if path.exists() and not force:
        raise click.UsageError(f"{path} exists; choose another name or add --force")
    answers = starter_answers()
    if not no_input:
        def identifier(value):
            if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", value):
                raise click.BadParameter("start with a letter; use letters, digits, '-' and '_'")
            return value

        def currency(value):
            if not re.fullmatch(r"[A-Z]{3}", value):
                raise click.BadParameter("a three-letter code like CNY, EUR or USD")
            return value

        answers.alliance = click.prompt("Alliance name", default=answers.alliance)
        answers.currency = click.prompt("Currency (ISO code)", default=answers.currency, value_proc=currency)
        answers.discount_rate = click.prompt("Discount rate per year", default=answers.discount_rate,
                                             type=click.FloatRange(0, 1, max_open=True))
        count = click.prompt("How many members", default=len(answers.members), type=click.IntRange(1, 40))
        members, taken = [], set()
        for number in range(count):
            default = answers.members[number] if number < len(answers.members) else MemberAnswer(
                f"M{number + 1}", f"Member {number + 1}", "enterprise", "cash", 1_000_000)
            name = click.prompt(f"Member {number + 1}: name", default=default.name)
            suggested = member_id(name, taken) if name != default.name else default.id
            while True:
                member = click.prompt("  id", default=suggested, value_proc=identifier)
                if member not in taken:
                    break
                click.echo(f"  {member} is taken", err=True)
            taken.add(member)
            kind = click.prompt("  type", default=default.type, type=click.Choice(MEMBER_TYPES))
            contribution = click.prompt("  main contribution", default=default.contribution_kind,
                                        type=click.Choice(CONTRIBUTION_KINDS))
            value = click.prompt("  its value", default=default.contribution_value, type=click.FloatRange(0))
            members.append(MemberAnswer(member, name, kind, contribution, value))
        answers.members = members
        answers.patent_title = click.prompt("The patent you expect to file together", default=answers.patent_title)
        answers.licensee = click.prompt("Who would license it", default=answers.licensee)
        answers.upfront = click.prompt("Upfront licence fee", default=answers.upfront, type=click.FloatRange(0))
        answers.royalty_rate = click.prompt("Royalty rate", default=answers.royalty_rate, type=click.FloatRange(0, 1))
        answers.royalty_base = click.prompt("Royalty base (licensee's sales per year)", default=answers.royalty_base,
                                            type=click.FloatRange(0))
        answers.royalty_years = click.prompt("Royalty years", default=answers.royalty_years,
                                             type=click.IntRange(1, 100))
        answers.probability = click.prompt("Probability the licence happens", default=answers.probability,
                                           type=click.FloatRange(0, 1))
        if any(m.type == "enterprise" for m in members):
            answers.own_use_margin = click.prompt("Yearly profit an enterprise member makes using it itself",
                                                  default=answers.own_use_margin, type=click.FloatRange(0))
        answers.rule = click.prompt("Default sharing rule", default=answers.rule, type=click.Choice(tuple(RULES)))
    text = render_scenario(answers)
    loads(text, name=str(path))  # never write a file ipshare itself would refuse
    _write(text, path)
    click.echo(f"wrote {path}; next: ipshare allocate {path} (every field explained: {FIELD_REFERENCE})", err=True)


@cli.command()
@scenario_argument
@click.option("-r", "--rule", "rule", metavar="RULE",
              help="Benefit rule shown beside council power; default: the agreement's rule, else shapley.")
@click.option("-f", "--format", "fmt", type=click.Choice(TABLE_FORMATS), help=_format_help("table"))
@output_option
def rights(scenario_file, rule, fmt, output):
    """Who owns each patent, who may use it for research, own use or licensing, on which terms; council power."""
    from .report.rights import render_rights
    from .rights import rights_report

    fmt = _output_format(fmt, output, TABLE_FORMATS, "table", [scenario_file])
    _write(render_rights(rights_report(_load(scenario_file), rule), fmt, _width() if output is None else None), output,
           [scenario_file])


@cli.command()
@scenario_argument
@click.option("-r", "--rule", "rule", metavar="RULE",
              help="Risk rule (see docs/risk.md): agreed, proportional-benefit, proportional-contribution, shapley, "
                   "nucleolus, scrb, aca, ensc; default: agreement.risk.rule, else agreed.")
@click.option("--measure", type=click.Choice(("expected-loss", "std", "cvar")),
              help="Risk measure of the loss; default: agreement.risk.measure, else expected-loss.")
@click.option("--level", type=FiniteRange(0, 1, min_open=True, max_open=True),
              help="CVaR level; default: agreement.risk.level, else 0.95.")
@click.option("--samples", type=click.IntRange(min=100),
              help="Simulate this many outcomes (Monte Carlo) instead of enumerating them exactly.")
@click.option("--seed", type=click.IntRange(min=0),
              help="Seed of the simulation; default: agreement.risk.seed, else 0.")
@click.option("--benefit-rule", metavar="RULE", help="Benefit rule for the net position; default: the agreement's.")
@click.option("--no-caps", is_flag=True, help="Ignore the agreement's liability caps.")
@click.option("-f", "--format", "fmt", type=click.Choice(TABLE_FORMATS), help=_format_help("table"))
@output_option
def risk(scenario_file, rule, measure, level, samples, seed, benefit_rule, no_caps, fmt, output):
    """Each member's expected cost, risk contribution and net position (benefit - expected cost)."""
    from fractions import Fraction

    from .report.risk import render_risk
    from .risk import risk_allocation

    fmt = _output_format(fmt, output, TABLE_FORMATS, "table", [scenario_file])
    result = risk_allocation(
        _load(scenario_file),
        rule,
        measure=measure,
        level=None if level is None else Fraction(str(level)),
        samples=samples,
        seed=seed,
        benefit_rule=benefit_rule,
        caps=None if no_caps else "agreement",
    )
    _write(render_risk(result, fmt, _width() if output is None else None), output, [scenario_file])


@cli.command()
@scenario_argument
@click.option("-m", "--member", required=True, metavar="MEMBER", help="The member who leaves.")
@click.option("--mode", type=click.Choice(("voluntary", "expelled")), default="voluntary", show_default=True,
              help="voluntary: bought out at fair value; expelled: contributions forfeited, grants repaid.")
@click.option("-r", "--rule", "rule", metavar="RULE", help="Sharing rule; default: the agreement's, else shapley.")
@click.option("-f", "--format", "fmt", type=click.Choice(TABLE_FORMATS), help=_format_help("table"))
@output_option
def withdraw(scenario_file, member, mode, rule, fmt, output):
    """The alliance without MEMBER: its settlement, and everyone else's allocation before and after."""
    from .report.withdrawal import render_withdrawal
    from .withdrawal import withdraw as run_withdrawal

    fmt = _output_format(fmt, output, TABLE_FORMATS, "table", [scenario_file])
    _write(render_withdrawal(run_withdrawal(_load(scenario_file), member, mode, rule), fmt,
                             _width() if output is None else None), output, [scenario_file])


@cli.command()
@click.argument("names", metavar="[RULE]...", nargs=-1)
@click.option("-f", "--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
def rules(names, fmt):
    """List the sharing rules, one line each; with RULE, that rule's options (keywords of ipshare.allocate)."""
    from .report import render_rule_help, render_rules
    from .solutions import RULES

    if not names:
        click.echo(render_rules(RULES, fmt), nl=False)
        return
    for name in names:
        if name not in RULES:
            import difflib

            close = difflib.get_close_matches(name, RULES, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise click.UsageError(f"unknown rule {name!r}{hint} (ipshare rules lists them)")
    click.echo(render_rule_help({name: RULES[name] for name in dict.fromkeys(names)}, fmt), nl=False)


class _Progress:
    """A rich progress bar on stderr, shown only when stderr is a terminal and sampling runs past half a second."""

    DELAY = 0.5

    def __init__(self):
        self.bar = None
        self.task = None
        self.started = None

    def __call__(self, done, total):
        import time

        if not sys.stderr.isatty():
            return
        now = time.monotonic()
        if self.started is None:
            self.started = now
        if self.bar is None and now - self.started >= self.DELAY and done < total:
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("sampling", total=total)
        if self.bar is not None:
            self.bar.update(self.task, completed=done, total=total)
        if done >= total:
            if self.bar is not None:
                self.bar.stop()
            self.bar = self.task = self.started = None


def main(argv=None):
    """Console-script entry point. SIGTERM is handled like Ctrl-C: unwound (no temporary file left, worker
    processes ended), then exit status 143."""
    signal.signal(signal.SIGTERM, _terminate)
    __import__("ipshare.threads").threads.single_blas_thread()  # before numpy loads BLAS (ipshare/threads.py)
    try:
        cli.main(args=argv, prog_name="ipshare", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Terminated:
        click.echo("terminated", err=True)
        sys.exit(143)


if __name__ == "__main__":
    main()
