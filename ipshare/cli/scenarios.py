"""The commands that read a scenario and split it: validate, allocate, game, graph, core, rules."""

from __future__ import annotations

import sys

import click

from .base import (
    DATE,
    FiniteRange,
    cli,
    current_lang,
    format_help,
    lang_option,
    load_scenario,
    output_format,
    output_option,
    say_if_stopped,
    scenario_argument,
    terminal_width,
    time_limited,
    write,
)

ALLOCATION_FORMATS = ("table", "json", "csv", "markdown")


GAME_FORMATS = ("table", "json", "csv")


GRAPH_FORMATS = ("dot", "graphml", "json")


CORE_FORMATS = ("table", "json")


@cli.command()
@scenario_argument
def validate(scenario_file):
    """Check a scenario file; print what it holds, or the first problem as FILE:LINE: field: message."""
    from ..report.allocation import describe_scenario

    click.echo(describe_scenario(load_scenario(scenario_file)))


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
    help=format_help("table"),
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
@click.option("--at", "at", type=DATE, metavar="DATE",
              help="The alliance as it stands on this date (YYYY-MM-DD): its members then, its patents in force.")
@lang_option
@output_option
@time_limited
def allocate(
    scenario_file, rules, fmt, certify, objective, solver, output, samples, tolerance, confidence, seed,
    sampling_method, strict, at=None,
):
    """Split the alliance's value among its members by one or more rules."""
    from ..alliance.benefit import scenario_game
    from ..report import allocation as report
    from ..solutions import allocate as run_rule

    fmt = output_format(fmt, output, ALLOCATION_FORMATS, "table", [scenario_file])
    scenario = load_scenario(scenario_file)
    if not rules:
        rules = (scenario.agreement.rule or "shapley",)
    rules = tuple(dict.fromkeys(rules))
    scenario = _at_date(scenario, at)
    game = scenario_game(scenario)
    from ..solutions import RULES
    from ..solutions.clauses import ClauseConflict

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
    say_if_stopped(allocations)
    table = report.allocation_table(scenario, game, allocations)
    if strict:
        _refuse_broken_clauses(table)
    # the language of the table's fixed texts: --lang, else the scenario's alliance.language (JSON and CSV keep
    # their English keys and headers)
    lang = current_lang() or getattr(getattr(scenario, "alliance", None), "language", None) or "en"
    renderer = {
        "table": lambda t: report.render_table(t, terminal_width() if output is None else None, lang),
        "json": report.render_json,
        "csv": report.render_csv,
        "markdown": lambda t: report.render_markdown(t, lang),
    }[fmt]
    write(renderer(table), output, [scenario_file])


def _at_date(scenario, at):
    """The scenario as it stands on ``at`` (docs/time-and-place.md)."""
    if at is None:
        return scenario  # the benefit game counts by country itself
    if scenario.game is not None:
        raise click.UsageError("--at needs an alliance scenario; this one is a classic game")
    from ..analyses.withdrawal import alliance_at

    return alliance_at(scenario, at)


def _refuse_broken_clauses(table):
    """--strict: one line per rule that breaks a clause on stderr, exit status 3, nothing written."""
    from ..report.allocation import clause_lines

    broken = [column.rule for column in table.columns if table.broken(column.rule)]
    if broken:
        for line in clause_lines(table):
            if line.startswith("* "):
                click.echo(f"error: {line[2:]}", err=True)
        click.echo(f"error: --strict: {', '.join(broken)} break(s) the agreement's clauses; nothing written", err=True)
        click.get_current_context().exit(3)


@cli.command()
@scenario_argument
@click.option("-f", "--format", "fmt", type=click.Choice(GAME_FORMATS), help=format_help("table"))
@click.option(
    "--max-players",
    type=click.IntRange(1, 28),  # games.MAX_DENSE_PLAYERS: no larger table is ever built
    default=12,
    show_default=True,
    help="Refuse to list more than 2^N coalitions (the list doubles with every player); at most 28.",
)
@lang_option
@output_option
def game(scenario_file, fmt, max_players, output):
    """List the value of every coalition (by bitmask: player i is bit i)."""
    from ..alliance.benefit import scenario_game
    from ..report.allocation import render_game

    fmt = output_format(fmt, output, GAME_FORMATS, "table", [scenario_file])
    scenario = load_scenario(scenario_file)
    the_game = scenario_game(scenario)
    if the_game.n <= max_players and not hasattr(the_game, "values"):
        the_game = the_game.dense()  # a large game kept by its structure, small enough to list
    if the_game.n > max_players:
        advice = "raise --max-players to list them all" if the_game.n <= 28 else "too many to list (at most 2^28)"
        raise click.UsageError(f"{the_game.n} players make 2^{the_game.n} coalitions; {advice}")
    write(render_game(scenario, the_game, fmt, terminal_width() if output is None else None), output, [scenario_file])


@cli.command()
@scenario_argument
@click.option("-f", "--format", "fmt", type=click.Choice(GRAPH_FORMATS), help=format_help("dot"))
@output_option
def graph(scenario_file, fmt, output):
    """Export the alliance's contribution-patent-revenue graph (Graphviz dot, GraphML or JSON)."""
    from ..alliance.graph import alliance_graph
    from ..report.graph_export import export_graph

    fmt = output_format(fmt, output, GRAPH_FORMATS, "dot", [scenario_file])
    scenario = load_scenario(scenario_file)
    write(export_graph(alliance_graph(scenario), fmt), output, [scenario_file])


@cli.command()
@scenario_argument
@click.option("-r", "--rule", "rules", multiple=True, metavar="RULE",
              help="Check this rule's allocation against the core (repeatable); default: the agreement's rule, else "
                   "shapley.")
@click.option("--top", type=click.IntRange(min=0), default=10, show_default=True,
              help="Show at most this many blocking coalitions per rule (0: only count them).")
@click.option("-f", "--format", "fmt", type=click.Choice(CORE_FORMATS), help=format_help("table"))
@lang_option
@output_option
def core(scenario_file, rules, top, fmt, output):
    """Is the core empty? The least-core epsilon, and the coalitions that would block each rule's split."""
    from ..alliance.benefit import scenario_game
    from ..report.allocation import render_core
    from ..solutions import allocate as run_rule
    from ..solutions.core import core_report

    fmt = output_format(fmt, output, CORE_FORMATS, "table", [scenario_file])
    scenario = load_scenario(scenario_file)
    game = scenario_game(scenario)
    if not hasattr(game, "values"):
        game = game.dense()  # the core needs every coalition: a clear error beyond 28 players
    rules = tuple(dict.fromkeys(rules or (scenario.agreement.rule or "shapley",)))
    report = core_report(game, [run_rule(game, rule) for rule in rules], limit=top)
    width = terminal_width() if output is None else None
    write(render_core(scenario, game, report, fmt, width), output, [scenario_file])


@cli.command()
@click.argument("names", metavar="[RULE]...", nargs=-1)
@click.option("-f", "--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
def rules(names, fmt):
    """List the sharing rules, one line each; with RULE, that rule's options (keywords of ipshare.allocate)."""
    from ..report.allocation import render_rule_help, render_rules
    from ..solutions import RULES

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
