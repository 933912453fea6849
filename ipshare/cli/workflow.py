"""The what-if commands: whatif (baseline beside a change), sweep (one parameter from A to B), compare (rules
side by side, over one or more scenarios)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from .base import (
    DATE,
    OutputPath,
    at_date,
    at_option,
    cli,
    current_lang,
    current_overrides,
    format_help,
    lang_option,
    load_scenario,
    output_format,
    output_option,
    read_scenario,
    say_if_stopped,
    scenario_argument,
    set_option,
    terminal_width,
    time_limited,
    write,
)

# Local sweep workers: more processes than four per core only queue for the cores (and each holds a scenario).
MAX_WORKERS = 4 * (os.cpu_count() or 1)


WORKFLOW_FORMATS = ("table", "json", "csv")  # whatif, sweep, compare


@cli.command()
@scenario_argument
@click.option("-r", "--rule", "rules", multiple=True, metavar="RULE",
              help="Rule to compare (repeatable); default: the agreement's rule, else shapley.")
@click.option("--drop", "dropped", multiple=True, metavar="MEMBER",
              help="What if this member were not in the alliance (repeatable).")
@click.option("-f", "--format", "fmt", type=click.Choice(WORKFLOW_FORMATS), help=format_help("table"))
@at_option("The baseline and the what-if")
@lang_option
@output_option
def whatif(scenario_file, rules, dropped, fmt, output, at=None):
    """Baseline and what-if (--set PATH=VALUE, --drop MEMBER) side by side, with the change per member."""
    from ..analyses.whatif import whatif as run_whatif
    from ..report.workflow import render_whatif

    overrides = current_overrides()
    if not overrides and not dropped:
        raise click.UsageError("say what changes: --set PATH=VALUE and/or --drop MEMBER")
    fmt = output_format(fmt, output, WORKFLOW_FORMATS, "table", [scenario_file])
    source = read_scenario(scenario_file)  # once: the baseline and the what-if are of the same bytes
    source.load(overrides)  # a bad file or --set is reported once, before any work
    comparison = run_whatif(source, overrides, dropped, rules, at=at)
    lang = _lang(comparison.baseline[0])
    write(render_whatif(comparison, fmt, terminal_width() if output is None else None, lang), output,
          [scenario_file])


def _lang(scenario):
    """The language of a table's fixed texts: --lang, else the scenario's alliance.language, else en."""
    return current_lang() or getattr(getattr(scenario, "alliance", None), "language", None) or "en"


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
@click.option("-f", "--format", "fmt", type=click.Choice(WORKFLOW_FORMATS), help=format_help("table"))
@at_option("Every point: the alliance")
@lang_option
@output_option
@time_limited
def sweep(scenario_file, parameter, start, stop, steps, rules, symbolic, workers, scheduler, plot_path, fmt, output,
          at=None):
    """Vary one parameter from A to B: each member's allocation along the way (or exactly, with --symbolic)."""
    from fractions import Fraction

    from ..analyses.whatif import numeric_sweep, scheduler_address, sweep_values, symbolic_sweep
    from ..model.numbers import NumberOutOfRange, parse_number
    from ..report.sweeps import render_sweep, render_symbolic

    overrides = current_overrides()
    fmt = output_format(fmt, output, WORKFLOW_FORMATS, "table", [scenario_file])
    plot_format = _plot_format(plot_path, output, scenario_file) if plot_path is not None else None
    if scheduler is not None:
        scheduler = scheduler_address(scheduler, in_process=False)  # its form, before any work
    source = read_scenario(scenario_file)  # once: every point is of these bytes, whatever happens to the file meanwhile
    scenario = at_date(source.load(overrides, language=current_lang()), at)  # a date before anyone joined fails here
    width = terminal_width() if output is None else None
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
        result = symbolic_sweep(source, parameter, start, stop, rules, overrides=overrides, at=at)
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
        text = render_symbolic(scenario, result, fmt, width, _lang(scenario))
    else:
        points, rules = numeric_sweep(source, parameter, sweep_values(start, stop, steps), rules,
                                      overrides=overrides, workers=workers, scheduler=scheduler, at=at)
        members = list(points[0].allocations[rules[0]])
        text = render_sweep(scenario, parameter, points, rules, members, fmt, width, _lang(scenario))
        image = None
        if plot_path is not None:
            series = {rule: {m: [p.allocations[rule].get(m) for p in points] for m in members} for rule in rules}
            image = _plot_sweep(scenario, parameter, [float(p.value) for p in points], series, (), plot_format)
    # Both outputs rendered before either is written: an error while rendering leaves neither.
    if image is not None:
        write(image, plot_path, [scenario_file])
    write(text, output, [scenario_file])


def _plot_format(path, output, scenario_file):
    """The image format of --plot (.png or .svg; png without an extension), checked before the sweep runs."""
    from ..output import OutputError, check_target, format_for

    real, _ = check_target(path, [scenario_file])
    if output is not None and check_target(output, [scenario_file])[0] == real:
        raise OutputError(f"--plot {path} and -o {output} name the same file; choose two")
    return format_for(path, ("png", "svg"), default="png", what="--plot")


def _plot_sweep(scenario, parameter, values, series, breakpoints, fmt):
    from ..report.messages import text
    from ..report.plots import plot_sweep

    title = text("sweep.title", _lang(scenario), name=scenario.name, parameter=parameter)  # as the table's title
    return plot_sweep(parameter, values, series, breakpoints, fmt=fmt, title=title, unit=scenario.currency)


@cli.command()
@click.argument("scenario_files", metavar="FILE...", nargs=-1, required=True,
                type=click.Path(dir_okay=True, path_type=Path))
@set_option
@click.option("-r", "--rule", "rules", multiple=True, metavar="RULE",
              help="Rule to include (repeatable); default: every rule that applies.")
@click.option("-f", "--format", "fmt", type=click.Choice(WORKFLOW_FORMATS),
              help=format_help("table") + " Several files give one CSV (or JSON) for research batches.")
@click.option("--at", "at", type=DATE, metavar="DATE",
              help="The alliances as they stand on this date (YYYY-MM-DD): members then, patents in force.")
@lang_option
@output_option
@time_limited
def compare(scenario_files, rules, fmt, output, at=None):
    """Rules side by side: allocations, efficiency, individual rationality, core, symmetry, Gini, distance."""
    from ..alliance.benefit import scenario_game
    from ..analyses.compare import compare_rules
    from ..report.comparison import render_compare

    fmt = output_format(fmt, output, WORKFLOW_FORMATS, "table", scenario_files)
    entries = []
    for path in scenario_files:
        scenario = load_scenario(path)  # each file read once, its scenario used for every rule
        if at is not None:
            from ..analyses.withdrawal import alliance_at

            if scenario.game is not None:
                raise click.UsageError(f"--at needs alliance scenarios; {path} is a classic game")
            scenario = alliance_at(scenario, at)  # docs/time-and-place.md
        game = scenario_game(scenario)
        entries.append((scenario, game, compare_rules(game, rules)))
    say_if_stopped([r.allocation for _, _, results in entries for r in results if r.allocation is not None])
    from ..deadline import expired

    if expired():
        click.echo("note: the time limit ran out; the rules not computed by then say so in their row", err=True)
    languages = [_lang(scenario) for scenario, _, _ in entries]  # each file's tables in its own language
    write(render_compare(entries, fmt, terminal_width() if output is None else None, languages), output,
          scenario_files)
