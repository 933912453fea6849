"""The alliance's books (``ipshare books …``, docs/books.md) and ``ipshare schedule`` (each revenue source's split).

Every ``books`` command opens the book named by BOOK (a file path for SQLite, or a ``postgresql://`` URL), does one
transaction and says in one line what it did; a refused change is one line on stderr, exit status 2, nothing
written. ``books verify`` prints each problem it finds on its own line and exits 5 when the book was altered.
"""

from __future__ import annotations

import click

from .base import cli, format_help, output_format, output_option, scenario_argument, terminal_width, write

SCHEDULE_FORMATS = ("table", "json", "csv", "markdown")


def _book_argument(command):
    return click.argument("book", metavar="BOOK")(command)


def _scenario_option(command):
    return click.option("--scenario", "scenario_file", required=True, metavar="FILE",
                        type=click.Path(dir_okay=False), help="The scenario file: the agreement.")(command)


@cli.group()
def books():
    """The alliance's books: receipts, expenses and payments, distributed period after period by the agreement."""


@books.command("init")
@_book_argument
@_scenario_option
def books_init(book, scenario_file):
    """Create a new book for the agreement in FILE (a new SQLite file, or tables in an existing PostgreSQL
    database)."""
    from ..books.ledger import init_book

    database = init_book(book, scenario_file)
    click.echo(f"{database.shown}: a new book under {scenario_file} (agreement version 1)")


@books.command("period")
@_book_argument
@click.argument("period_id", metavar="ID")
@click.option("--from", "first", required=True, metavar="DATE", help="The period's first day (YYYY-MM-DD).")
@click.option("--to", "last", required=True, metavar="DATE", help="The period's last day (YYYY-MM-DD).")
def books_period(book, period_id, first, last):
    """Add an accounting period ID from DATE to DATE (inclusive)."""
    from ..books.ledger import add_period, open_book

    add_period(open_book(book), period_id, first, last)
    click.echo(f"period {period_id}: {first} to {last}, open")


@books.command("record")
@_book_argument
@click.argument("entry", type=click.Choice(("receipt", "expense", "payment")))
@click.option("--period", required=True, metavar="ID", help="The open period the entry belongs to.")
@click.option("--source", metavar="ID", help="receipt: the revenue source.")
@click.option("--member", metavar="ID", help="expense, payment: the member.")
@click.option("--kind", metavar="KIND", help="expense: the kind of cost (patent, …).")
@click.option("--amount", required=True, metavar="AMOUNT", help="A positive amount in the currency.")
@click.option("--date", metavar="DATE", help="The entry's date (YYYY-MM-DD), inside the period.")
@click.option("--ref", metavar="TEXT", help="Your reference (an invoice number), unique in the book.")
@click.option("--corrects", metavar="REF",
              help="This entry corrects the entry REF (of the same kind; its amount may be negative).")
@click.option("--currency", metavar="CODE",
              help="receipt: the amount's currency (ISO 4217) when it is not the book's; converted by the "
                   "agreement's rule with the book's rates (books rates).")
def books_record(book, entry, period, source, member, kind, amount, date, ref, corrects, currency):
    """Record a receipt (from a revenue source), an expense (a member paid for the alliance) or a payment (to a
    member)."""
    from ..books.ledger import open_book, record

    values = dict(entry=entry, period=period, source=source, member=member, kind=kind, amount=amount, date=date,
                  ref=ref, corrects=corrects, currency=currency)
    record(open_book(book), [values])
    who = source or member
    click.echo(f"{period}: {entry} of {amount}{' ' + currency if currency else ''} ({who}) recorded")


@books.command("rates")
@_book_argument
@click.argument("file", metavar="FILE.csv", type=click.Path(dir_okay=False))
@click.option("--source", metavar="TEXT", help="Where the rates come from (default: the file's `# source:` line).")
def books_rates(book, file, source):
    """Give the book the exchange rates of FILE (date,from,to,rate), recorded with their source, never changed."""
    from ..books.ledger import open_book
    from ..books.rates import record_rates

    version, count, said = record_rates(open_book(book), file, source)
    click.echo(f"{file}: {count} rate(s) recorded as rate table {version}"
               + (f" (source: {said})" if said else " (no source given)"))


@books.command("import")
@_book_argument
@click.argument("file", metavar="FILE", type=click.Path())  # what FILE may be: ipshare.books.entries, one line
def books_import(book, file):
    """Record the entries of FILE (CSV, XLSX or YAML; one entry a row): all of them, or none if any row is
    refused."""
    from ..books.entries import read_entries
    from ..books.ledger import open_book, record

    database = open_book(book)
    count = record(database, read_entries(file))
    click.echo(f"{file}: {count} {'entry' if count == 1 else 'entries'} recorded")


@books.command("template")
@click.argument("kind", type=click.Choice(("receipts", "expenses", "payments", "entries")))
@output_option
def books_template(kind, output):
    """An empty import file for KIND; its format from the extension of -o (.xlsx, .csv or .yaml), else CSV."""
    from pathlib import Path

    from ..books.entries import template
    from ..output import OutputFormatError, check_target

    suffix = Path(output).suffix.lower() if output is not None else ".csv"
    formats = {".csv": "csv", ".xlsx": "xlsx", ".yaml": "yaml", ".yml": "yaml"}
    if output is not None:
        check_target(output)  # an empty name, a folder, a FIFO, a device: one line before the extension
    if suffix not in formats:
        raise OutputFormatError(f"cannot write {str(output)!r}: a template is a .csv, .xlsx or .yaml file")
    write(template(kind, formats[suffix]), output)


@books.command("close")
@_book_argument
@click.argument("period_id", metavar="ID")
def books_close(book, period_id):
    """Close period ID: distribute its receipts by the agreement in force and freeze the result."""
    from ..books.ledger import close, open_book

    figures = close(open_book(book), period_id)
    click.echo(f"period {period_id}: closed; receipts {figures.receipts} distributed to {len(figures.lines)} members")


@books.command("statement")
@_book_argument
@click.option("--period", metavar="ID", help="One closed period; default: every closed period, in order.")
@click.option("--member", metavar="ID", help="One member's statement (with the alliance's line).")
@click.option("-f", "--format", "fmt", type=click.Choice(("table", "json", "csv", "md", "html", "docx", "xlsx", "pdf")),
              help=format_help("table") + " docx, xlsx and pdf need -o and ipshare[annex].")
@click.option("--lang", type=click.Choice(("en", "zh", "zh+en")), default="en", show_default=True,
              help="The statement's language: English, Chinese, or both (Chinese then English).")
@output_option
def books_statement(book, period, member, fmt, lang, output):
    """Statements of the closed periods: opening, receipts by source, recovered, fee, share, paid, closing."""
    from ..books.ledger import book_figures, open_book
    from ..report.statements import STATEMENT_FORMATS, render_statement

    fmt = output_format(fmt, output, STATEMENT_FORMATS, "table", what="a statement")
    if fmt in ("docx", "xlsx", "pdf") and output is None:
        raise click.UsageError(f"a {fmt} statement is a binary file: name it with -o FILE")
    files = _not_the_book(book, output)
    data = book_figures(open_book(book), period=period, member=member)
    width = terminal_width() if output is None else None
    write(render_statement(data, fmt, member=member, width=width, lang=lang), output, files)


def _not_the_book(book, output):
    """The book's file (a SQLite book), refused as the output however it is spelt or linked: a statement written
    through a link to the book replaced the book."""
    from ..books.database import locate
    from ..output import OutputError, check_target

    location = locate(book)
    files = [location.path] if location.kind == "sqlite" else []
    if output is not None and files:
        try:
            check_target(output, files)
        except OutputError as error:
            if "itself" in str(error):
                raise OutputError(f"the output {output} is the book itself; choose another path") from None
            raise
    return files


@books.command("amend")
@_book_argument
@_scenario_option
@click.option("--effective", required=True, metavar="DATE",
              help="The first day the amended agreement applies to (periods beginning on or after it).")
def books_amend(book, scenario_file, effective):
    """Record a new version of the agreement, in force for the periods that begin on or after DATE."""
    from ..books.ledger import amend, open_book

    version = amend(open_book(book), scenario_file, effective)
    click.echo(f"agreement version {version} ({scenario_file}) in force from {effective}")


@books.command("verify")
@_book_argument
def books_verify(book):
    """Check the hash chain and recompute every closed period; each problem on its own line, exit 5 if any."""
    from ..books.database import BookIntegrityError
    from ..books.ledger import open_book, verify

    database = open_book(book)
    problems = verify(database)
    if problems:
        for problem in problems:
            click.echo(f"{database.shown}: {problem}", err=True)
        raise click.exceptions.Exit(BookIntegrityError.exit_status)
    from ..books.chain import head

    with database.reading() as connection:
        rows, seal = head(connection)
    click.echo(f"{database.shown}: intact; {rows} rows, every closed period recomputes to what was frozen; head {seal}")


@cli.command()
@scenario_argument
@click.option("-r", "--rule", "rule", metavar="RULE", help="The rule; default: the agreement's, else shapley.")
@click.option("-f", "--format", "fmt", type=click.Choice(SCHEDULE_FORMATS), help=format_help("table"))
@output_option
def schedule(scenario_file, rule, fmt, output):
    """Each revenue source's split among the members by RULE (exact percentages): the table the books apply."""
    from ..books.schedule import schedule_of
    from ..report.statements import render_schedule
    from .base import load_scenario

    fmt = output_format(fmt, output, SCHEDULE_FORMATS, "table", [scenario_file])
    scenario = load_scenario(scenario_file)
    width = terminal_width() if output is None else None
    write(render_schedule(scenario, schedule_of(scenario, rule), fmt, width), output, [scenario_file])
