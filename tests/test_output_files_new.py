"""The output-file guarantees of tests/test_output_files.py (issue 11) for the commands that came after it:
``books statement -o``, ``books template -o``, ``schedule -o`` and ``dissolve -o``; and the paths a book command
reads (its BOOK, the FILE ``books import`` records).

The same matrix: the extension gives the format (the file is what ``-f`` shows on standard output, byte for byte),
an extension the command has no format for is one line, only a regular file is written, a link to a file updates
that file in place keeping its mode, a link to a FIFO, a folder or nothing is refused, an existing file keeps its
mode, a failing disk is one line with the old file whole, and the command's input (the scenario, the book) is never
its output however it is spelt or linked. Every refusal is exit 2 with one line on stderr and nothing on stdout,
and leaves nothing behind.
"""

import errno
import hashlib
import importlib.util
import io
import os
import shutil
import socket
import stat
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from ipshare.cli import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "scenarios" / "worked-example.yaml"
BOOKS = ROOT / "scenarios" / "books"
TIERS = BOOKS / "tiers.yaml"
ROOT_USER = os.geteuid() == 0


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The example books of docs/books.md, built by scenarios/books/build.py as a user would."""
    spec = importlib.util.spec_from_file_location("build_books", BOOKS / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    folder = tmp_path_factory.mktemp("books")

    def ok(args):
        result = run(*args)
        assert result.exit_code == 0, result.output

    return {path.stem: path for path in module.build(folder, run=ok)}


@pytest.fixture
def tiers_book(built, tmp_path):
    """A copy of the tiers book outside tmp_path (which the tests list), unchanged unless a test changes it."""
    copy = Path(str(tmp_path) + "-book") / "tiers.book"
    copy.parent.mkdir()
    shutil.copy(built["tiers"], copy)
    yield copy
    shutil.rmtree(copy.parent, ignore_errors=True)


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def refused(result, *words):
    """Exit 2, one line on stderr holding ``words``, nothing on stdout."""
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def only(folder, *names):
    assert sorted(p.name for p in Path(folder).iterdir()) == sorted(names)


def digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


# The new commands that take -o: the command line before -o (BOOK stands for the tiers book) and the format each
# extension names.
COMMANDS = {
    "statement": (["books", "statement", "BOOK"],
                  {".txt": "table", ".json": "json", ".csv": "csv", ".md": "md", ".html": "html", ".docx": "docx",
                   ".xlsx": "xlsx", ".pdf": "pdf"}),
    "template": (["books", "template", "receipts"], {".csv": "csv", ".xlsx": "xlsx", ".yaml": "yaml"}),
    "schedule": (["schedule", TIERS], {".txt": "table", ".json": "json", ".csv": "csv", ".md": "markdown"}),
    "dissolve": (["dissolve", EXAMPLE], {".txt": "table", ".json": "json", ".md": "markdown", ".html": "html",
                                         ".docx": "docx", ".xlsx": "xlsx"}),
}
BINARY = {"docx": b"PK", "xlsx": b"PK", "pdf": b"%PDF"}


def line(command, book, output=None, *extra):
    args = [book if a == "BOOK" else a for a in COMMANDS[command][0]]
    return [*args, *extra, *(["-o", output] if output is not None else [])]


def written_as(command, book, output, fmt):
    data = output.read_bytes()
    if fmt in BINARY:
        if not data.startswith(BINARY[fmt]):
            return False
        if fmt in ("docx", "xlsx"):
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
            return {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}[fmt] in names
        return True
    if command == "template":
        shown = run(*line(command, book)) if fmt == "csv" else None
        return shown is None or data == shown.stdout_bytes
    shown = run(*line(command, book, None, "-f", fmt))
    assert shown.exit_code == 0, shown.output
    return data == shown.stdout_bytes  # bytes: click's Result.stdout turns CRLF into LF


def needs(fmt):
    if fmt in ("docx", "xlsx", "pdf"):
        pytest.importorskip({"docx": "docx", "xlsx": "openpyxl", "pdf": "typst"}[fmt])


# --------------------------------------------------------------------------------------------------------------
# The format follows the extension


@pytest.mark.parametrize(("command", "extension"),
                         [(c, e) for c, (_, extensions) in COMMANDS.items() for e in extensions])
def test_the_extension_gives_the_format(tmp_path, tiers_book, command, extension):
    fmt = COMMANDS[command][1][extension]
    needs(fmt)
    output = tmp_path / f"out{extension}"
    result = run(*line(command, tiers_book, output))
    assert result.exit_code == 0, result.output
    assert written_as(command, tiers_book, output, fmt)
    only(tmp_path, output.name)


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("extension", [".doc", ".jpg", ".tsv", ".out", ".book"])
def test_an_extension_the_command_has_no_format_for_is_one_line(tmp_path, tiers_book, command, extension):
    before = digest(tiers_book)
    refused(run(*line(command, tiers_book, tmp_path / f"out{extension}")), f"out{extension}")
    only(tmp_path)
    assert digest(tiers_book) == before


@pytest.mark.parametrize("command", list(COMMANDS))
def test_an_empty_output_name_is_one_line(tiers_book, command):
    refused(run(*line(command, tiers_book, "")), "-o", "empty")


def make_device(path):
    if not ROOT_USER:
        pytest.skip("making a device node needs root (the tests run as root in CI)")
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))


@pytest.mark.parametrize("kind", ["device", "fifo", "socket", "folder"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_only_a_regular_file_is_written(tmp_path, tiers_book, kind, command):
    extension = next(iter(COMMANDS[command][1]))
    target = tmp_path / f"out{extension}"
    server = None
    if kind == "device":
        make_device(target)
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(target))
    else:
        target.mkdir()
    before = os.lstat(target)
    try:
        refused(run(*line(command, tiers_book, target)), str(target), "not a regular file")
        after = os.lstat(target)
        assert (after.st_ino, after.st_mode, after.st_rdev) == (before.st_ino, before.st_mode, before.st_rdev)
        only(tmp_path, target.name)
    finally:
        if server is not None:
            server.close()


@pytest.mark.parametrize("kind", ["fifo", "folder", "missing"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_link_to_what_must_not_be_written_is_refused(tmp_path, tiers_book, kind, command):
    real = tmp_path / "real"
    if kind == "fifo":
        os.mkfifo(real)
    elif kind == "folder":
        real.mkdir()
    link = tmp_path / f"out{next(iter(COMMANDS[command][1]))}"
    link.symlink_to(real)
    refused(run(*line(command, tiers_book, link)), "does not exist" if kind == "missing" else "not a regular file")
    assert link.is_symlink() and os.readlink(link) == str(real)
    only(tmp_path, link.name, *([] if kind == "missing" else ["real"]))


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_link_to_a_file_updates_that_file_in_place_keeping_its_mode(tmp_path, tiers_book, command):
    extension, fmt = next(iter(COMMANDS[command][1].items()))
    folder = tmp_path / "kept"
    folder.mkdir()
    real = folder / f"real{extension}"
    real.write_text("old")
    real.chmod(0o640)
    link = tmp_path / f"latest{extension}"
    link.symlink_to(real)
    assert run(*line(command, tiers_book, link)).exit_code == 0
    assert link.is_symlink() and stat.S_IMODE(real.stat().st_mode) == 0o640
    assert written_as(command, tiers_book, real, fmt)
    only(folder, real.name)
    only(tmp_path, "kept", link.name)


@pytest.mark.parametrize("mode", [0o600, 0o444, 0o4755])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_an_existing_file_keeps_its_mode(tmp_path, tiers_book, command, mode):
    extension, fmt = next(iter(COMMANDS[command][1].items()))
    target = tmp_path / f"out{extension}"
    target.write_text("old")
    target.chmod(mode)
    assert run(*line(command, tiers_book, target)).exit_code == 0
    assert stat.S_IMODE(target.stat().st_mode) == mode & 0o777  # a set-user-id bit is dropped
    assert written_as(command, tiers_book, target, fmt)
    only(tmp_path, target.name)


@pytest.mark.parametrize(("name", "words"), [("missing/out.csv", "folder"), ("file.txt/out.csv", "not a folder"),
                                             ("x" * 300 + ".csv", "too long"), ("out\0.csv", "NUL")])
@pytest.mark.parametrize("command", ["statement", "template", "schedule"])
def test_paths_that_cannot_be_a_new_file_are_one_line(tmp_path, tiers_book, command, name, words):
    (tmp_path / "file.txt").write_text("a file, not a folder")
    refused(run(*line(command, tiers_book, f"{tmp_path}/{name}")), words)
    only(tmp_path, "file.txt")


@pytest.mark.parametrize(("call", "code", "words"), [("write", errno.ENOSPC, "no space left on the device"),
                                                     ("fsync", errno.EIO, "input/output error"),
                                                     ("replace", errno.EROFS, "read-only")])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_failing_disk_is_one_line_and_changes_nothing(tmp_path, tiers_book, monkeypatch, command, call, code,
                                                       words):
    from ipshare import output as module

    extension = next(iter(COMMANDS[command][1]))
    target = tmp_path / f"out{extension}"
    target.write_text("the signed version")
    before = digest(tiers_book)

    def failing(*args):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(module.os, call, failing)
    assert "the old file is unchanged" in refused(run(*line(command, tiers_book, target)), str(target), words)
    assert target.read_text() == "the signed version"
    assert digest(tiers_book) == before
    only(tmp_path, target.name)


@pytest.fixture
def tiny_mount(tmp_path):
    point = tmp_path / "mount"
    point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(point)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_read_only_file_system_for_real(tiny_mount, tiers_book, command):
    extension = next(iter(COMMANDS[command][1]))
    target = tiny_mount / f"out{extension}"
    target.write_text("the signed version")
    subprocess.run(["mount", "-o", "remount,ro", str(tiny_mount)], check=True)
    refused(run(*line(command, tiers_book, target)), "read-only")
    refused(run(*line(command, tiers_book, tiny_mount / f"new{extension}")), "read-only")
    assert target.read_text() == "the signed version"
    only(tiny_mount, target.name)


# --------------------------------------------------------------------------------------------------------------
# The input is not the output


@pytest.mark.parametrize("spelling", ["link", "hard link", "dot", "sqlite url"])
def test_a_statement_never_replaces_its_book(tmp_path, tiers_book, spelling):
    # books statement BOOK -o statement.json, where statement.json was a link to the book (or the book's hard link),
    # replaced the book with its own statement: the only copy of the alliance's accounts.
    book = tmp_path / "a.book"
    shutil.copy(tiers_book, book)
    before = digest(book)
    if spelling == "link":
        (tmp_path / "out.json").symlink_to(book)
        output, named = tmp_path / "out.json", book
    elif spelling == "hard link":
        os.link(book, tmp_path / "out.json")
        output, named = tmp_path / "out.json", book
    elif spelling == "dot":
        (tmp_path / "out.json").symlink_to("a.book")
        output, named = tmp_path / "." / "out.json", tmp_path / "." / "a.book"
    else:
        (tmp_path / "out.json").symlink_to(book)
        output, named = tmp_path / "out.json", f"sqlite:///{book}"
    refused(run("books", "statement", named, "-o", output), "is the book itself")
    assert digest(book) == before


@pytest.mark.parametrize("command", ["schedule", "dissolve"])
def test_a_scenario_is_not_its_own_output(tmp_path, command):
    source = tmp_path / "s.yaml"
    shutil.copy(EXAMPLE, source)
    (tmp_path / "out.json").symlink_to(source)
    refused(run(command, source, "-o", tmp_path / "out.json"), "is the scenario file itself")
    assert source.read_bytes() == EXAMPLE.read_bytes()


# --------------------------------------------------------------------------------------------------------------
# What BOOK and FILE may name


def hostile_book(tmp_path, kind):
    target = tmp_path / "x.book"
    if kind == "folder":
        target.mkdir()
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "link to /dev/null":
        target.symlink_to("/dev/null")
    elif kind == "not a database":
        target.write_text("name,amount\nJH,5\n")
    elif kind == "a scenario":
        shutil.copy(TIERS, target)
    elif kind == "missing":
        pass
    elif kind == "dangling link":
        target.symlink_to(tmp_path / "nowhere.book")
    return target


BOOK_KINDS = {"folder": "folder", "fifo": "not a regular file", "link to /dev/null": "not a regular file",
              "not a database": "not a book", "a scenario": "not a book", "missing": "no such book",
              "dangling link": "no such book"}
BOOK_COMMANDS = [["statement"], ["statement", "-f", "json"], ["verify"], ["period", "Q9", "--from", "2027-01-01",
                 "--to", "2027-03-31"], ["close", "2026Q1"], ["record", "receipt", "--period", "2026Q1", "--source",
                 "L1", "--amount", "5"], ["import", BOOKS / "tiers-entries.yaml"],
                 ["amend", "--scenario", TIERS, "--effective", "2027-01-01"]]


@pytest.mark.parametrize("kind", list(BOOK_KINDS))
@pytest.mark.parametrize("command", BOOK_COMMANDS, ids=lambda c: c[0] + ("-json" if "json" in c else ""))
def test_a_book_that_is_not_a_book_is_one_line_and_left_as_it_was(tmp_path, kind, command):
    target = hostile_book(tmp_path, kind)
    before = sorted(p.name for p in tmp_path.iterdir())
    kept = target.read_bytes() if kind in ("not a database", "a scenario") else None
    refused(run("books", command[0], target, *command[1:]), str(target), BOOK_KINDS[kind])
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no journal, no new book
    if kept is not None:
        assert target.read_bytes() == kept
    assert not Path("/dev/null").is_file() and Path("/dev/null").is_char_device()


@pytest.mark.parametrize("kind", ["folder", "fifo", "link to /dev/null", "not a database"])
def test_init_does_not_make_a_book_over_what_is_there(tmp_path, kind):
    target = hostile_book(tmp_path, kind)
    refused(run("books", "init", target, "--scenario", TIERS), "exists already")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.book"]


def test_a_read_only_book_refuses_changes_and_still_reads(tiny_mount, tiers_book):
    book = tiny_mount / "tiers.book"
    shutil.copy(tiers_book, book)
    before = digest(book)
    subprocess.run(["mount", "-o", "remount,ro", str(tiny_mount)], check=True)
    refused(run("books", "period", book, "Q9", "--from", "2027-01-01", "--to", "2027-03-31"), "readonly")
    refused(run("books", "amend", book, "--scenario", TIERS, "--effective", "2027-01-01"), "readonly")
    assert run("books", "statement", book, "-f", "json").exit_code == 0
    assert run("books", "verify", book).exit_code == 0
    assert digest(book) == before
    only(tiny_mount, "tiers.book")


@pytest.mark.parametrize("kind", ["fifo", "link to /dev/zero", "folder", "device", "wrong extension", "missing"])
def test_an_import_file_that_is_not_a_file_is_one_line_and_records_nothing(tmp_path, tiers_book, kind):
    # books import BOOK fifo.csv waited for ever for a writer, and a link to /dev/zero read until memory ran out.
    target = tmp_path / "entries.csv"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "link to /dev/zero":
        target.symlink_to("/dev/zero")
    elif kind == "folder":
        target = tmp_path / "entries.yaml"
        target.mkdir()
    elif kind == "device":
        make_device(target)
    elif kind == "wrong extension":
        target = tmp_path / "entries.txt"
        target.write_text("entry,period,source,amount\nreceipt,2026Q1,L1,5\n")
    before = digest(tiers_book)
    words = {"wrong extension": "import reads .csv, .xlsx and .yaml", "missing": "cannot read",
             "folder": "directory"}
    refused(run("books", "import", tiers_book, target), str(target), words.get(kind, "not a regular file"))
    assert digest(tiers_book) == before


def test_an_import_file_larger_than_the_limit_is_one_line(tmp_path, tiers_book, monkeypatch):
    from ipshare.books import entries

    monkeypatch.setattr(entries, "MAX_BYTES", 64)
    target = tmp_path / "entries.csv"
    target.write_text("entry,period,source,amount\n" + "receipt,2026Q1,L1,5\n" * 10)
    before = digest(tiers_book)
    refused(run("books", "import", tiers_book, target), str(target), "larger than")
    assert digest(tiers_book) == before


# --------------------------------------------------------------------------------------------------------------
# The room's save-as (ipshare serve, POST /save): a NEW file beside the scenario, whole or not at all


def room_in(folder):
    from ipshare.room.engine import Room

    scenario = folder / "alliance.yaml"
    shutil.copy(EXAMPLE, scenario)
    return Room(scenario), scenario


@pytest.mark.parametrize("kind", ["fifo", "folder", "dangling link", "link to the scenario", "link to a file"])
def test_the_room_saves_over_nothing_that_is_there(tmp_path, kind):
    from ipshare.output import OutputError

    room, scenario = room_in(tmp_path)
    target = tmp_path / "terms.yaml"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
    elif kind == "dangling link":
        target.symlink_to(tmp_path / "nowhere.yaml")
    elif kind == "link to the scenario":
        target.symlink_to(scenario)
    else:
        (tmp_path / "other.yaml").write_text("keep me")
        target.symlink_to(tmp_path / "other.yaml")
    names = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(OutputError, match="exists; the room writes only new files"):
        room.save_as("terms.yaml", {})
    assert sorted(p.name for p in tmp_path.iterdir()) == names
    assert scenario.read_bytes() == EXAMPLE.read_bytes()


@pytest.mark.parametrize(("name", "words"), [("x" * 300 + ".yaml", "too long"), ("out\0.yaml", "without a folder"),
                                             ("a\nb.yaml", "without a folder"), ("..", "without a folder"),
                                             ("out.yaml\u202e", "without a folder")])
def test_the_rooms_bad_names_are_one_line(tmp_path, name, words):
    # A 300-character name was an OSError from Path.exists: the room answered "internal error" (500).
    from ipshare.output import OutputError

    room, scenario = room_in(tmp_path)
    with pytest.raises(OutputError, match=words) as raised:
        room.save_as(name, {})
    assert "\n" not in str(raised.value).replace(repr(name), "")
    only(tmp_path, "alliance.yaml")


def test_the_room_on_a_full_disk_writes_nothing(tmp_path, monkeypatch):
    from ipshare import output as module
    from ipshare.output import OutputError

    room, scenario = room_in(tmp_path)

    def failing(*args):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(module.os, "write", failing)
    with pytest.raises(OutputError, match="no space left"):
        room.save_as("terms.yaml", {})
    only(tmp_path, "alliance.yaml")


def test_the_room_in_a_read_only_folder_writes_nothing(tiny_mount):
    from ipshare.output import OutputError

    room, scenario = room_in(tiny_mount)
    subprocess.run(["mount", "-o", "remount,ro", str(tiny_mount)], check=True)
    with pytest.raises(OutputError, match="read-only"):
        room.save_as("terms.yaml", {})
    only(tiny_mount, "alliance.yaml")


# --------------------------------------------------------------------------------------------------------------
# Bad input on the book commands: one line naming the file, line and field; the book as it was


BAD_SCENARIO = "alliance: {name: x}\nmembers:\n  A: {name: Alpha, type: nope}\n"


@pytest.mark.parametrize(("args", "words"), [
    (["amend", "BOOK", "--scenario", "BAD", "--effective", "2027-01-01"], "bad.yaml:3: members.A.type: unknown"),
    (["amend", "BOOK", "--scenario", TIERS, "--effective", "2027-02-30"], "--effective: '2027-02-30' is not a date"),
    (["period", "BOOK", "Q3", "--from", "2026-09-01", "--to", "2026-07-01"], "ends (2026-07-01) before it begins"),
    (["period", "BOOK", "Q3", "--from", "2026-06-01", "--to", "2026-07-01"], "overlaps period 2026Q2"),
    (["close", "BOOK", "nope"], "no such period"),
    (["close", "BOOK", "2026Q1"], "closed already"),
    (["record", "BOOK", "receipt", "--period", "2026Q1", "--source", "L1", "--amount", "5"], "2026Q1 is closed"),
    (["record", "BOOK", "receipt", "--period", "2026Q3", "--source", "L1", "--amount", "１００"], "not a number"),
    (["record", "BOOK", "receipt", "--period", "2026Q3", "--source", "L1", "--amount", "1e3"], "not a number"),
    (["record", "BOOK", "receipt", "--period", "2026Q3", "--source", "L1", "--amount", "1_000"], "not a number"),
    (["statement", "BOOK", "--period", "nope"], "--period: no period 'nope'"),
    (["statement", "BOOK", "--member", "ZZ"], "--member: unknown member 'ZZ'"),
    (["init", "NEW", "--scenario", "BAD"], "bad.yaml:3: members.A.type: unknown"),
], ids=lambda a: " ".join(map(str, a))[:40] if isinstance(a, list) else None)
def test_bad_input_on_a_book_is_one_line_and_changes_nothing(tmp_path, tiers_book, args, words):
    (tmp_path / "bad.yaml").write_text(BAD_SCENARIO)
    swap = {"BOOK": tiers_book, "BAD": tmp_path / "bad.yaml", "NEW": tmp_path / "new.book"}
    assert run("books", "period", tiers_book, "2026Q3", "--from", "2026-07-01", "--to", "2026-09-30").exit_code == 0
    before = digest(tiers_book)
    refused(run("books", *(swap.get(a, a) for a in args)), words)
    assert digest(tiers_book) == before
    only(tmp_path, "bad.yaml")  # no new book, no journal
