"""Build the example books of docs/books.md from their scenarios and entries: ``python scenarios/books/build.py DIR``.

Each book is a SQLite file in DIR (``cost-recovery.book``, ``throttled-recovery.book``, ``tiers.book``,
``usd-receipts.book``), made by the command line exactly as a user would: ``books init``, one ``books period`` a
quarter, then ``books rates`` of a rate table, ``books import`` of the entries files and ``books close`` of the
periods in turn. tests/test_books_cli.py builds them and checks the figures
docs/books.md works out by hand.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
QUARTERS = [("2026Q1", "2026-01-01", "2026-03-31"), ("2026Q2", "2026-04-01", "2026-06-30"),
            ("2026Q3", "2026-07-01", "2026-09-30")]
#: book -> (scenario, number of quarters, what is done after adding them: import a file or close a period)
BOOKS = {
    "cost-recovery": ("cost-recovery.yaml", 2, [("import", "cost-recovery-entries.yaml"), ("close", "2026Q1"),
                                                 ("import", "cost-recovery-payments.yaml"), ("close", "2026Q2")]),
    "throttled-recovery": ("throttled-recovery.yaml", 3, [("import", "throttled-recovery-entries.csv"),
                                                          ("close", "2026Q1"), ("close", "2026Q2"),
                                                          ("close", "2026Q3")]),
    "tiers": ("tiers.yaml", 2, [("import", "tiers-entries.yaml"), ("close", "2026Q1"), ("close", "2026Q2")]),
    # Receipts in US dollars in a CNY book (docs/books.md, "Receipts in other currencies"): one quarter of 2025.
    "usd-receipts": ("usd-receipts.yaml", 0, [("period", "2025Q1 2025-01-01 2025-03-31"),
                                              ("rates", "../rates/usd-cny-2025-03.csv"),
                                              ("import", "usd-receipts-entries.csv"), ("close", "2025Q1")]),
}


def build(folder, run=None):
    """Build every example book in ``folder``; ``run(args)`` runs one ipshare command (default: in this process)."""
    if run is None:
        from ipshare.cli import main

        def run(args):
            try:
                main(args)
            except SystemExit as done:
                if done.code:
                    raise
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for name, (scenario, count, actions) in BOOKS.items():
        book = folder / f"{name}.book"
        if book.exists():
            book.unlink()
        run(["books", "init", str(book), "--scenario", str(HERE / scenario)])
        for period, first, last in QUARTERS[:count]:
            run(["books", "period", str(book), period, "--from", first, "--to", last])
        for action, what in actions:
            if action == "period":
                period, first, last = what.split()
                run(["books", "period", str(book), period, "--from", first, "--to", last])
            else:
                run(["books", action, str(book), str(HERE / what) if action in ("import", "rates") else what])
        made.append(book)
    return made


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1].startswith("-"):
        sys.exit("usage: python scenarios/books/build.py DIR  (builds the example books of docs/books.md in DIR)")
    for path in build(sys.argv[1]):
        print(path)
