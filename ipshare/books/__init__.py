"""The alliance's books: receipts, expenses and payments period after period, distributed by the agreement's
waterfall and kept in a database (SQLite or PostgreSQL), append-only and verifiable (DESIGN.md, "The alliance's
books"; docs/books.md).

- :mod:`.database`: where a book lives and its transactions; :mod:`.tables`: its tables and migrations;
- :mod:`.chain`: the hash chain over its rows; :mod:`.schedule`: each revenue source's shares by a rule;
- :mod:`.waterfall`: one period's distribution, exact, and its cumulative rounding;
- :mod:`.ledger`: the operations (init, period, record, close, amend, verify, statement figures);
- :mod:`.entries`: entries read from CSV, XLSX and YAML files, and their templates.
"""
