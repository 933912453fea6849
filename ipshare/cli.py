"""The ``ipshare`` command line: parse, call the library, render. No computation lives here.

Errors the library raises on purpose (:class:`~ipshare.errors.IpshareError`) become one line on stderr and exit
status 2. Standard output carries only the requested output, so it can be piped. Output files are written whole
(a temporary file renamed into place) or not at all. Heavy modules are imported inside the commands so that
``ipshare --help`` answers at once.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from . import __version__
from .errors import IpshareError

ALLOCATION_FORMATS = ("table", "json", "csv", "markdown")
GAME_FORMATS = ("table", "json", "csv")
GRAPH_FORMATS = ("dot", "graphml", "json")

scenario_argument = click.argument("scenario_file", metavar="FILE", type=click.Path(dir_okay=True, path_type=Path))
output_option = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (whole or not at all) instead of standard output.",
)


class _Group(click.Group):
    """Turns ipshare's own errors into one line and exit status 2, never a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except IpshareError as error:
            click.echo(f"error: {error}" if not _has_location(error) else str(error), err=True)
            ctx.exit(error.exit_status)


def _has_location(error):
    return getattr(error, "file", None) is not None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ipshare")
def cli():
    """ipshare: share the rights, benefits and risk of an R&D alliance by contract-based rules.

    Give a scenario file (YAML, JSON or TOML) describing the alliance's members, contributions, patents,
    revenue and agreement, or a classic game; ipshare derives what every coalition is worth and splits it.
    """


def _load(path):
    from .scenario import load

    return load(path)


def _write(text: str, output: Path | None, inputs=()):
    """Standard output, or a file written atomically; an output path equal to an input is refused."""
    if output is None:
        click.echo(text, nl=False)
        return
    target = output.resolve()
    for source in inputs:
        if Path(source).resolve() == target:
            raise click.UsageError(f"the output {output} is the scenario file itself; choose another path")
    directory = target.parent
    if not directory.is_dir():
        raise click.UsageError(f"cannot write {output}: folder {directory} does not exist")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


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
    default="table",
    show_default=True,
    help="Output format.",
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
@output_option
def allocate(scenario_file, rules, fmt, certify, objective, solver, output):
    """Split the alliance's value among its members by one or more rules."""
    from . import report
    from .games import scenario_game
    from .solutions import allocate as run_rule

    scenario = _load(scenario_file)
    if not rules:
        rules = (scenario.agreement.rule or "shapley",)
    rules = tuple(dict.fromkeys(rules))
    game = scenario_game(scenario)
    from .clauses import ClauseConflict
    from .solutions import RULES

    options = {"certify": True} if certify else {}
    options["solver"] = solver
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
    table = report.allocation_table(scenario, game, allocations)
    renderer = {
        "table": report.render_table,
        "json": report.render_json,
        "csv": report.render_csv,
        "markdown": report.render_markdown,
    }[fmt]
    _write(renderer(table), output, [scenario_file])


@cli.command()
@scenario_argument
@click.option("-f", "--format", "fmt", type=click.Choice(GAME_FORMATS), default="table", show_default=True)
@click.option(
    "--max-players",
    default=12,
    show_default=True,
    help="Refuse to list more than 2^N coalitions (the list doubles with every player).",
)
@output_option
def game(scenario_file, fmt, max_players, output):
    """List the value of every coalition (by bitmask: player i is bit i)."""
    from .games import scenario_game
    from .report import render_game

    scenario = _load(scenario_file)
    the_game = scenario_game(scenario)
    if the_game.n > max_players:
        raise click.UsageError(
            f"{the_game.n} players make {2**the_game.n} coalitions; raise --max-players to list them all"
        )
    _write(render_game(scenario, the_game, fmt), output, [scenario_file])


@cli.command()
@scenario_argument
@click.option("-f", "--format", "fmt", type=click.Choice(GRAPH_FORMATS), default="dot", show_default=True)
@output_option
def graph(scenario_file, fmt, output):
    """Export the alliance's contribution-patent-revenue graph (Graphviz dot, GraphML or JSON)."""
    from .graph import alliance_graph, export_graph

    scenario = _load(scenario_file)
    _write(export_graph(alliance_graph(scenario), fmt), output, [scenario_file])


@cli.command()
@click.option("-f", "--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
def rules(fmt):
    """List the sharing rules, one line each."""
    from .report import render_rules
    from .solutions import RULES

    click.echo(render_rules(RULES, fmt), nl=False)


def main(argv=None):
    """Console-script entry point."""
    try:
        cli.main(args=argv, prog_name="ipshare", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
