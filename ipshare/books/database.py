"""Where a book lives: a SQLite file or a PostgreSQL database, through SQLAlchemy Core, and its transactions.

A book is named by what the user types (:func:`locate`): a file path is a SQLite book (nothing to start), a
``postgresql://`` URL a PostgreSQL book several people keep (the driver, psycopg 3, is the ``postgres`` extra).
:func:`connect` opens one as a :class:`Database`, which hands out transactions:

- :meth:`Database.reading`: a consistent snapshot (SQLite's deferred ``BEGIN``; ``REPEATABLE READ`` on
  PostgreSQL);
- :meth:`Database.writing`: the one writer at a time. On SQLite the transaction begins with ``BEGIN IMMEDIATE``
  (the database's write lock, taken before anything is read); on PostgreSQL it first takes the book's lock row
  (``SELECT … FOR UPDATE``). So two people closing the same period at once are served one after the other, and
  the second finds it closed.

Anything the database refuses or cannot do (it cannot be reached, the file is no database, a table is missing)
is a :class:`BookError`: one line naming the book, exit status 2, nothing written (the transaction is rolled
back). The tables and their migrations are in :mod:`ipshare.books.tables`.
"""

from __future__ import annotations

import os
import re
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from ..errors import IpshareError
from ..optional import optional_import

__all__ = ["BookError", "BookIntegrityError", "Location", "Database", "locate", "connect"]

# How long a writer waits for another one to finish before giving up (seconds).
WAIT_SECONDS = 60
# How long connecting to a PostgreSQL server may take (seconds).
CONNECT_SECONDS = 10


class BookError(IpshareError):
    """A book that cannot be opened, or a change the book refuses (a closed period, an unknown member …).

    ``str(error)`` is one line; the command line prints it and exits 2. Nothing was written."""


class BookIntegrityError(BookError):
    """``books verify`` found the book altered: ``problems`` holds one line each. Exit status 5."""

    exit_status = 5

    def __init__(self, problems):
        self.problems = tuple(problems)
        super().__init__(f"{len(self.problems)} problem(s): " + "; ".join(self.problems[:3]))


@dataclass(frozen=True)
class Location:
    """A book's address: ``kind`` ``sqlite`` (``path``) or ``postgresql`` (``url``), and how messages show it
    (``shown``: the path as given, or the URL without its password)."""

    kind: str
    shown: str
    path: str | None = None
    url: str | None = None


_URL = re.compile(r"^(postgres|postgresql)(\+[a-z0-9]+)?://", re.I)


def locate(target) -> Location:
    """The book named by ``target``: a ``postgresql://…`` URL, a ``sqlite:///path`` URL, or a file path.

    >>> locate("books/alliance.book").kind, locate("postgresql://ann:secret@db.example/alliance").shown
    ('sqlite', 'postgresql://ann:***@db.example/alliance')
    """
    text = os.fspath(target)
    if isinstance(text, bytes):
        text = os.fsdecode(text)
    if not text:
        raise BookError("the book's name is empty; give a file path or a postgresql:// URL")
    if _URL.match(text):
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            url = make_url(text)
        except ArgumentError:
            raise BookError(f"{_redacted(text)}: not a database URL") from None
        url = url.set(drivername="postgresql+psycopg")
        shown = url.set(drivername="postgresql").render_as_string(hide_password=True)
        return Location("postgresql", shown, url=url.render_as_string(hide_password=False))
    if text.startswith("sqlite:///"):
        return Location("sqlite", text, path=text[len("sqlite:///"):])
    if "://" in text:
        raise BookError(f"{_redacted(text)}: a book is a file path (SQLite) or a postgresql:// URL")
    return Location("sqlite", text, path=text)


def _redacted(text):
    return re.sub(r"(//[^:/@]*:)[^@]*@", r"\1***@", text)


class Database:
    """An open book's database: SQLAlchemy engine, dialect, and its transactions."""

    def __init__(self, location: Location, engine):
        self.location = location
        self.engine = engine
        self.postgresql = location.kind == "postgresql"

    @property
    def shown(self) -> str:
        return self.location.shown

    @contextmanager
    def reading(self):
        """A read-only transaction over a consistent snapshot of the book."""
        with self._connection(write=False) as connection:
            yield connection

    @contextmanager
    def writing(self, *, creating=False):
        """The write transaction: one writer at a time; committed when the block ends, rolled back on any error.
        ``creating``: the book's tables do not exist yet (PostgreSQL then serialises on an advisory lock)."""
        from .tables import lock

        with self._connection(write=True) as connection:
            if self.postgresql and creating:
                connection.exec_driver_sql("SELECT pg_advisory_xact_lock(7461626)")
            elif self.postgresql:
                from sqlalchemy import select

                found = connection.execute(select(lock.c.id).where(lock.c.id == 1).with_for_update()).first()
                if found is None:
                    raise BookError(f"{self.shown}: the book has no lock row; it is damaged")
            yield connection

    @contextmanager
    def _connection(self, *, write):
        from sqlalchemy.exc import DBAPIError, SQLAlchemyError

        try:
            with self.engine.connect() as connection:
                if self.postgresql and not write:
                    connection = connection.execution_options(isolation_level="REPEATABLE READ")
                connection.info["ipshare.write"] = write
                with connection.begin():
                    yield connection
        except IpshareError:
            raise
        except DBAPIError as error:
            raise BookError(f"{self.shown}: {_database_message(error)}") from None
        except SQLAlchemyError as error:
            raise BookError(f"{self.shown}: {_first_line(str(error))}") from None

    def dispose(self):
        self.engine.dispose()


def _first_line(text) -> str:
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return lines[0] if lines else "the database refused"


def _database_message(error) -> str:
    original = getattr(error, "orig", None)
    text = _first_line(original if original is not None else error)
    if "append-only" in text:
        return "an ipshare book is append-only; rows are never changed or deleted"
    return text


def connect(target, *, create: bool = False) -> Database:
    """Open the book ``target`` (see :func:`locate`); ``create`` makes a new SQLite file (a PostgreSQL database must
    exist already). The connection is tried at once, so an unreachable server is one line now, not later.

    Raises
    ------
    BookError
        The file does not exist (or, with ``create``, does), the server cannot be reached, or the URL is wrong.
    """
    location = target if isinstance(target, Location) else locate(target)
    if location.kind == "sqlite":
        engine = _sqlite_engine(location, create)
    else:
        engine = _postgresql_engine(location)
    database = Database(location, engine)
    _probe(database)
    return database


def _sqlite_engine(location, create):
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import NullPool

    path = Path(location.path)
    if create:
        if path.exists() and (not path.is_file() or path.stat().st_size > 0):
            raise BookError(f"{location.shown}: exists already; a new book needs a new file (or an empty one)")
        if not path.parent.is_dir():
            raise BookError(f"{location.shown}: folder {path.parent} does not exist")
    elif not path.exists():
        raise BookError(f"{location.shown}: no such book (create one with `ipshare books init`)")
    elif path.is_dir():
        raise BookError(f"{location.shown}: is a folder, not a book")
    elif not path.is_file():
        raise BookError(f"{location.shown}: is not a regular file (a FIFO, socket or device), not a book")
    mode = "rwc" if create else "rw"
    uri = f"file:{quote(str(path.absolute()))}?mode={mode}"

    def creator():
        connection = sqlite3.connect(uri, uri=True, timeout=WAIT_SECONDS, isolation_level=None,
                                     check_same_thread=False)
        connection.execute("PRAGMA foreign_keys = ON")
        return connection

    engine = create_engine("sqlite+pysqlite://", creator=creator, poolclass=NullPool)

    @event.listens_for(engine, "begin")
    def begin(connection):
        # pysqlite's own transaction handling is off (isolation_level=None): the transaction is ours, and a writer
        # takes the write lock before it reads anything (two writers never both see a period open).
        connection.exec_driver_sql("BEGIN IMMEDIATE" if connection.info.get("ipshare.write") else "BEGIN")

    return engine


def _postgresql_engine(location):
    optional_import("psycopg", package="psycopg[binary]", extra="postgres", needed_for="A PostgreSQL book")
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    return create_engine(location.url, poolclass=NullPool,
                         connect_args={"connect_timeout": CONNECT_SECONDS, "application_name": "ipshare books"})


def _probe(database):
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError, SQLAlchemyError

    try:
        with database.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            if database.location.kind == "sqlite":
                # An existing file that is not a SQLite database fails here, not in the middle of a command.
                connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
    except DBAPIError as error:
        message = _database_message(error)
        if database.location.kind == "postgresql":
            raise BookError(f"{database.shown}: cannot reach the database: {message}") from None
        raise BookError(f"{database.shown}: not a book ({message})") from None
    except SQLAlchemyError as error:
        raise BookError(f"{database.shown}: {_first_line(str(error))}") from None
