"""The command line's group and what its commands share: the scenario argument and --set, -o and the format it
names, numeric option types, the time limit, the error handling (one line, exit statuses 2/3/4, Ctrl-C 130,
SIGTERM 143), reading a scenario, writing an output, and the terminal's width."""

from __future__ import annotations

import math
import os
import signal
import sys
from pathlib import Path

import click

from ..errors import IpshareError
from ..version import __version__
from .threads import single_blas_thread

_file_argument = click.argument("scenario_file", metavar="FILE", type=click.Path(dir_okay=True, path_type=Path))


def _remember_overrides(ctx, param, value):
    ctx.meta["ipshare.overrides"] = tuple(value)


set_option = click.option(
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
    return _file_argument(set_option(command))
class OutputPath(click.ParamType):
    """An output file's name, as given (``-o ''`` is refused in one line, not taken for the current folder); what
    it may name is checked before the command works and again when it writes (ipshare.output)."""

    name = "file"

    def convert(self, value, param, ctx):
        if isinstance(value, Path):
            return value
        from ..output import OutputError, check_name

        if not value:
            raise OutputError(f"{param.opts[0] if param else '-o'}: the output file name is empty; name a file, or "
                              "leave the option out")
        return Path(check_name(value))


def _remember_lang(context, parameter, value):
    if value is not None:
        context.meta["ipshare.lang"] = value
    return value


# The language of the texts a command shows (DESIGN.md, "Text in two languages"): names given in two languages
# are loaded in it (load_scenario); the annex also takes its fixed texts from the catalogue in it.
lang_option = click.option(
    "--lang",
    type=click.Choice(("en", "zh", "zh+en")),
    callback=_remember_lang,
    expose_value=False,
    help="Language of the text shown: en, zh, or zh+en (Chinese first, then English); default: the scenario's "
    "alliance.language, else en.",
)


def current_lang():
    """The --lang of the running command, or None."""
    context = click.get_current_context(silent=True)
    return context.meta.get("ipshare.lang") if context is not None else None


output_option = click.option(
    "-o",
    "--output",
    type=OutputPath(),
    help="Write to this file (whole or not at all) instead of standard output; its extension (.json, .csv, .md, "
    ".txt, …) gives the format.",
)


def output_format(fmt, output, formats, default, inputs=(), *, what=None, unavailable=None):
    """The format to write, from -f and the extension of -o (which must agree), the output checked beforehand:
    a bad -o is refused before any work, with nothing written."""
    from ..output import check_target, format_for

    if output is not None:
        check_target(output, inputs)
    context = click.get_current_context(silent=True)
    what = what or (context.info_name if context is not None else "this command")
    return format_for(output, formats, fmt=fmt, default=default, what=what, unavailable=unavailable)


def format_help(default):
    return f"Output format; default: the one the extension of -o names, else {default}."


class FiniteRange(click.FloatRange):
    """click's FloatRange without NaN and the infinities, which click lets through every range (and which
    ``Fraction``, the samplers and the solvers cannot take)."""

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return number


class DateType(click.ParamType):
    """An ISO date YYYY-MM-DD (``--at``), as a datetime.date; a bad one is a usage error (exit 2)."""

    name = "date"

    def convert(self, value, param, ctx):
        import datetime

        if isinstance(value, datetime.date):
            return value
        try:
            if len(value) == 10:
                return datetime.date.fromisoformat(value)
        except ValueError:
            pass
        self.fail(f"{value!r} is not a date written YYYY-MM-DD", param, ctx)


DATE = DateType()


def time_limited(command):
    """The --time-limit SECONDS option: the command runs under that deadline (ipshare.deadline)."""
    import functools

    @functools.wraps(command)
    def run(*args, time_limit=None, **kwargs):
        from ..deadline import time_limit as deadline

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


def say_if_stopped(allocations):
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

        from ..errors import IpshareWarning

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
            say(pending)
            return result
        except click.exceptions.Exit as done:
            if done.exit_code == 0:
                say(pending)
            raise
        except IpshareError as error:
            click.echo(f"error: {error}" if not _has_location(error) else str(error), err=True)
            ctx.exit(error.exit_status)
        except KeyboardInterrupt:
            # Caught here, inside click: click itself would turn it into "Aborted!" and exit status 1. Any output
            # file being written has already been removed by write.
            click.echo("interrupted", err=True)
            ctx.exit(130)
        except Terminated:
            click.echo("terminated", err=True)
            ctx.exit(143)


def say(lines):
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


def load_scenario(path, overrides=None):
    """Load the scenario at ``path`` with the command's --set overrides (or the ones given)."""
    from ..model.loading import load

    if overrides is None:
        context = click.get_current_context(silent=True)
        overrides = context.meta.get("ipshare.overrides", ()) if context is not None else ()
    return load(path, overrides, language=current_lang())


def read_scenario(path):
    """The scenario file's bytes, read once, for commands that load it several times (ipshare.model.Source)."""
    from ..model.loading import read

    return read(path)


def current_overrides():
    context = click.get_current_context(silent=True)
    return context.meta.get("ipshare.overrides", ()) if context is not None else ()


def write(text: str | bytes, output: Path | None, inputs=()):
    """Standard output, or a file written whole (ipshare.output.write_file); an output equal to an input, a
    device, a FIFO or a folder is refused.

    ``bytes`` (a DOCX, XLSX or PNG) are written as they are, and only to a file."""
    if output is None:
        if isinstance(text, bytes):
            raise click.UsageError("this output is a binary file: name it with -o FILE")
        click.echo(text, nl=False)
        return
    from ..output import write_file

    write_file(output, text, inputs=inputs)


def terminal_width() -> int | None:
    """The width terminal tables are fitted to: the terminal's when standard output is one, else $COLUMNS when
    set, else None (natural width: files and pipes get whole lines)."""
    import shutil

    if sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isascii() and columns.isdigit() and int(columns) >= 20 else None


def main(argv=None):
    """Console-script entry point. SIGTERM is handled like Ctrl-C: unwound (no temporary file left, worker
    processes ended), then exit status 143."""
    signal.signal(signal.SIGTERM, _terminate)
    single_blas_thread()  # before numpy loads BLAS (ipshare/cli/threads.py says why)
    try:
        cli.main(args=argv, prog_name="ipshare", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Terminated:
        click.echo("terminated", err=True)
        sys.exit(143)


