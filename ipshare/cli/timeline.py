"""The commands of time and place: dissolve (the final settlement). ``--at`` on allocate and withdraw is with
those commands (docs/time-and-place.md)."""

from __future__ import annotations

import click

from .base import (
    DATE,
    cli,
    format_help,
    load_scenario,
    output_format,
    output_option,
    scenario_argument,
    terminal_width,
    write,
)

DISSOLVE_FORMATS = ("table", "json", "markdown", "html", "docx", "xlsx")  # ipshare.report.dissolution's


def _amounts(values, option, parse_key):
    """``KEY=AMOUNT`` options as a mapping of exact amounts (a usage error, exit 2, on a bad one)."""
    from fractions import Fraction

    found = {}
    for text in values:
        key, sep, amount = text.partition("=")
        try:
            if not sep or not key:
                raise ValueError
            number = Fraction(amount.strip())
        except (ValueError, ZeroDivisionError):
            raise click.BadParameter(f"{text!r}: write {option} KEY=AMOUNT, like {option} HX=120000",
                                     param_hint=option) from None
        parse_key(found, key.strip(), number)
    return found


@cli.command()
@scenario_argument
@click.option("--at", "at", type=DATE, metavar="DATE", help="Dissolve on this date (YYYY-MM-DD): the alliance as it "
              "stands then.")
@click.option("--funds", metavar="AMOUNT", help="The alliance's balance; default: estimated from the scenario (cash "
              "contributions + grants + matching funds - costs).")
@click.option("--owed", "owed", multiple=True, metavar="MEMBER=AMOUNT",
              help="Costs MEMBER advanced that the alliance has not reimbursed (repeatable); paid back first.")
@click.option("--fate", type=click.Choice(("co-ownership", "largest-share", "highest-bidder")),
              help="What becomes of each jointly held patent; default: the rights preset's.")
@click.option("--bid", "bids", multiple=True, metavar="PATENT:MEMBER=AMOUNT",
              help="A member's bid for a jointly held patent (highest-bidder; repeatable).")
@click.option("--book", "book", metavar="BOOK", help="Take the balance and what is owed from the alliance's books "
              "(a book file or postgresql:// URL): its cash (receipts less payments), and to each member what was "
              "distributed to it and not paid plus its costs not yet recovered. Not with --funds or --owed.")
@click.option("-f", "--format", "fmt", type=click.Choice(DISSOLVE_FORMATS), help=format_help("table"))
@output_option
def dissolve(scenario_file, at, funds, owed, fate, bids, book, fmt, output):
    """The final settlement: funds returned, jointly held patents' fate and buy-outs, who collects the licences."""
    from fractions import Fraction

    from ..analyses.dissolution import dissolve as run_dissolution
    from ..report.dissolution import render_dissolution

    fmt = output_format(fmt, output, DISSOLVE_FORMATS, "table", [scenario_file])
    if fmt in ("docx", "xlsx") and output is None:
        raise click.UsageError(f"a {fmt} document is a binary file: name it with -o FILE")
    if funds is not None:
        try:
            funds = Fraction(funds.strip())
        except (ValueError, ZeroDivisionError):
            raise click.BadParameter(f"{funds!r} is not an amount", param_hint="--funds") from None

    def add_owed(found, key, number):
        found[key] = number

    def add_bid(found, key, number):
        patent, sep, member = key.partition(":")
        if not sep or not patent or not member:
            raise click.BadParameter(f"{key!r}: write --bid PATENT:MEMBER=AMOUNT", param_hint="--bid")
        found.setdefault(patent, {})[member] = number

    owed = _amounts(owed, "--owed", add_owed)
    scenario = load_scenario(scenario_file)
    basis, notes = None, ()
    if book is not None:
        if funds is not None or owed:
            from ..books.database import BookError

            raise BookError("--book takes the balance and what is owed from the book: not with --funds or --owed")
        funds, owed, basis, notes = _from_book(book, scenario)
    result = run_dissolution(scenario, at, funds=funds, owed=owed, fate=fate, bids=_amounts(bids, "--bid", add_bid),
                             basis=basis, notes=notes)
    write(render_dissolution(result, fmt, terminal_width() if output is None else None), output, [scenario_file])


def _from_book(book, scenario):
    """The balance, what is owed to each member, the basis and notes of a dissolution, from the book BOOK."""
    from ..books.balance import book_balance
    from ..books.database import BookError
    from ..books.ledger import open_book
    from ..exact import minor_unit, round_amount

    found = book_balance(open_book(book))
    if found["currency"] != scenario.currency:
        raise BookError(f"--book: the book is in {found['currency']}, the scenario in {scenario.currency}")
    digits = minor_unit(found["currency"], scenario.alliance.minor_unit)

    def money(value):
        return f"{round_amount(value, digits):,}"

    owed = {m: found["unpaid"][m] + found["costs"][m] for m in found["members"]
            if found["unpaid"][m] + found["costs"][m]}
    closed = f"closed up to {found['closed']}" if found["closed"] else "no period closed"
    basis = (f"from the book {found['book']} ({closed}; head {found['head']['sha256'][:12]}): its receipts less "
             "its payments")
    notes = [f"owed from the book to {m}: {money(found['unpaid'][m])} distributed and not yet paid, "
             f"{money(found['costs'][m])} of costs not yet recovered" for m in owed]
    if found["undistributed"]:
        notes.append(f"the book's open periods hold {money(found['undistributed'])} of receipts not yet distributed "
                     "(close them first to distribute them by the agreement); here they are returned with the rest")
    return found["cash"], owed, basis, tuple(notes)
