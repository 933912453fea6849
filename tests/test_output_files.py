"""Output files (ipshare.output, the command line's -o and --plot): only regular files are written, whole or not
at all, keeping an existing file's mode and owner; a symbolic link's file is updated in place; the format is the
one the extension names, and an extension no format has is refused.

Hostile paths are made for real where the machine allows it (device nodes and a tiny tmpfs need root, as the
tests run in CI) and the failures a disk can have (full, read-only, an I/O error at fsync) are also made to
happen by patching the system calls, so that every failure path runs everywhere.
"""

import errno
import io
import json
import os
import socket
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from ipshare.cli import cli
from ipshare.output import OutputError, OutputFormatError, check_target, format_for, write_file

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "scenarios" / "worked-example.yaml"
ROOT_USER = os.geteuid() == 0

# Every command that takes -o, with what it needs to run on the worked example (members A, U, I).
COMMANDS = {
    "allocate": [],
    "game": [],
    "graph": [],
    "core": [],
    "whatif": ["--set", "revenue.S.probability=0.5"],
    "sweep": ["--param", "revenue.L.upfront", "--from", "0", "--to", "100", "--steps", "3", "--workers", "1"],
    "compare": ["-r", "shapley"],
    "report": [],
    "rights": [],
    "risk": [],
    "withdraw": ["-m", "U"],
    "plot": [],
}
# The extensions each command writes, and the format each names.
EXTENSIONS = {
    "allocate": {".txt": "table", ".json": "json", ".csv": "csv", ".md": "markdown", ".markdown": "markdown"},
    "game": {".txt": "table", ".json": "json", ".csv": "csv"},
    "graph": {".dot": "dot", ".gv": "dot", ".graphml": "graphml", ".json": "json"},
    "core": {".txt": "table", ".json": "json"},
    "whatif": {".txt": "table", ".json": "json", ".csv": "csv"},
    "sweep": {".txt": "table", ".json": "json", ".csv": "csv"},
    "compare": {".txt": "table", ".json": "json", ".csv": "csv"},
    "report": {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".csv": "csv", ".docx": "docx",
               ".xlsx": "xlsx", ".pdf": "pdf"},
    "rights": {".txt": "table", ".json": "json", ".csv": "csv", ".md": "markdown"},
    "risk": {".txt": "table", ".json": "json", ".csv": "csv", ".md": "markdown"},
    "withdraw": {".txt": "table", ".json": "json", ".csv": "csv", ".md": "markdown"},
    "plot": {".png": "png", ".svg": "svg"},
}


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


def command_line(command, output, *extra):
    return [command, EXAMPLE, *COMMANDS[command], *extra, "-o", output]


BINARY = {"png": b"\x89PNG", "docx": b"PK", "xlsx": b"PK", "pdf": b"%PDF-"}


def written_as(command, output, fmt, *extra):
    """Is the file at ``output`` what ``-f fmt`` shows on standard output (or, binary, a file of that format)?"""
    data = output.read_bytes()
    if fmt in BINARY:
        if not data.startswith(BINARY[fmt]):
            return False
        if fmt in ("docx", "xlsx"):
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
            return {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}[fmt] in names
        return True
    if fmt == "svg":
        return b"<svg" in data[:400]
    shown = run(command, EXAMPLE, *COMMANDS[command], *extra, "-f", fmt)
    assert shown.exit_code == 0, shown.output
    return data.decode("utf-8") == shown.stdout


def only(folder, *names):
    assert sorted(p.name for p in Path(folder).iterdir()) == sorted(names)


# --------------------------------------------------------------------------------------------------------------
# The format follows the extension


@pytest.mark.parametrize(("command", "extension"),
                         [(c, e) for c, extensions in EXTENSIONS.items() for e in extensions])
def test_the_extension_gives_the_format_in_every_command(tmp_path, command, extension):
    if command == "plot" or extension in (".docx", ".xlsx"):
        pytest.importorskip("matplotlib" if command == "plot" else "docx" if extension == ".docx" else "openpyxl")
    fmt = EXTENSIONS[command][extension]
    output = tmp_path / f"out{extension}"
    result = run(*command_line(command, output))
    assert result.exit_code == 0, result.output
    assert written_as(command, output, fmt)
    only(tmp_path, output.name)


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_a_file_named_by_its_format_holds_what_standard_output_shows(tmp_path, fmt):
    # allocate -o out.json wrote a box-drawing table (issue 11); now the file is the -f output, byte for byte.
    extension = {"table": ".txt", "json": ".json", "csv": ".csv", "markdown": ".md"}[fmt]
    output = tmp_path / f"out{extension.upper()}"  # the extension's case does not matter
    assert run("allocate", EXAMPLE, "-o", output).exit_code == 0
    assert output.read_text(encoding="utf-8") == run("allocate", EXAMPLE, "-f", fmt).stdout


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("extension", [".pdf", ".doc", ".yaml", ".jpg", ".tsv", ".out"])
def test_an_extension_the_command_has_no_format_for_is_refused(tmp_path, command, extension):
    if extension in EXTENSIONS[command]:
        pytest.skip(f"{command} writes {extension}")  # report -o annex.pdf (issue 13)
    output = tmp_path / f"out{extension}"
    line = refused(run(*command_line(command, output)), f"'out{extension}'", "end it in")
    for known in EXTENSIONS[command]:
        assert known in line
    only(tmp_path)


@pytest.mark.parametrize("extension", [".txt", ".doc"])
def test_an_annex_is_not_silently_markdown_under_another_name(tmp_path, extension):
    # report -o annex.pdf (or .doc, .txt) wrote Markdown (issue 11).
    output = tmp_path / f"annex{extension}"
    refused(run("report", EXAMPLE, "-o", output), f"'annex{extension}'")
    only(tmp_path)


def test_report_o_annex_pdf_writes_a_pdf(tmp_path):
    # The refusal of issue 11 is gone: -o annex.pdf writes a real PDF (issue 13).
    pytest.importorskip("typst")
    output = tmp_path / "annex.pdf"
    result = run("report", EXAMPLE, "-o", output)
    assert result.exit_code == 0, result.output
    assert output.read_bytes().startswith(b"%PDF-")


def test_a_pdf_annex_is_refused_only_while_there_is_no_pdf_writer():
    planned = {"pdf": "PDF annexes are not available yet"}
    with pytest.raises(OutputFormatError, match="PDF annexes are not available yet"):
        format_for(Path("annex.pdf"), ("md", "html"), what="an annex", unavailable=planned)
    assert format_for(Path("annex.pdf"), ("md", "html", "pdf"), what="an annex", unavailable=planned) == "pdf"


@pytest.mark.parametrize("command", [c for c in COMMANDS if c != "plot"])
def test_a_format_that_contradicts_the_extension_is_refused_naming_both(tmp_path, command):
    extension, named = next(iter(EXTENSIONS[command].items()))
    other = next(f for f in EXTENSIONS[command].values() if f != named)
    output = tmp_path / f"out{extension}"
    refused(run(*command_line(command, output, "-f", other)), f"-f {other}", f"'out{extension}'", named)
    only(tmp_path)


@pytest.mark.parametrize("command", [c for c in COMMANDS if c != "plot"])
def test_a_name_without_extension_keeps_f_or_the_default(tmp_path, command):
    output = tmp_path / "out"
    asked = "json" if command != "report" else "html"
    assert run(*command_line(command, output, "-f", asked)).exit_code == 0
    assert written_as(command, output, asked)
    output.unlink()
    assert run(*command_line(command, output)).exit_code == 0
    assert written_as(command, output, {"graph": "dot", "report": "md"}.get(command, "table"))


def test_the_sweep_plot_takes_its_format_from_its_name(tmp_path):
    pytest.importorskip("matplotlib")
    base = ["sweep", EXAMPLE, *COMMANDS["sweep"]]
    # p.jpg was a traceback from matplotlib after the whole sweep had run (issue 11).
    refused(run(*base, "--plot", tmp_path / "p.jpg"), "'p.jpg'", ".png or .svg")
    refused(run(*base, "--plot", tmp_path / "p", "-o", tmp_path / "p"), "name the same file")
    refused(run(*base, "--plot", ""), "--plot", "empty")
    only(tmp_path)
    assert run(*base, "--plot", tmp_path / "p.svg", "-o", tmp_path / "s.csv").exit_code == 0
    assert b"<svg" in (tmp_path / "p.svg").read_bytes()[:400]
    assert (tmp_path / "s.csv").read_text().startswith("revenue.L.upfront,")
    only(tmp_path, "p.svg", "s.csv")


def test_the_plot_library_refuses_what_its_path_contradicts(tmp_path):
    pytest.importorskip("matplotlib")
    from ipshare.report.plots import plot_sweep

    series = {"shapley": {"A": [1.0, 2.0]}}
    with pytest.raises(OutputFormatError, match="-f png contradicts"):
        plot_sweep("x", [0, 1], series, path=tmp_path / "p.svg", fmt="png")
    with pytest.raises(OutputError, match="not a regular file"):
        plot_sweep("x", [0, 1], series, path=tmp_path)
    only(tmp_path)


# --------------------------------------------------------------------------------------------------------------
# What -o may name


@pytest.mark.parametrize("command", list(COMMANDS))
def test_an_empty_output_name_is_one_line(tmp_path, command):
    # -o '' became the current folder and a traceback (issue 11).
    refused(run(command, EXAMPLE, *COMMANDS[command], "-o", ""), "-o", "empty")


def make_device(path):
    if not ROOT_USER:
        pytest.skip("making a device node needs root (the tests run as root in CI)")
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a null device of our own, never the system's


def make_socket(path):
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    return server


@pytest.mark.parametrize("kind", ["device", "fifo", "socket", "folder"])
@pytest.mark.parametrize("command", ["allocate", "report", "graph", "sweep"])
def test_only_a_regular_file_is_written(tmp_path, kind, command):
    target = tmp_path / "out.json"
    server = None
    if kind == "device":
        make_device(target)
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "socket":
        server = make_socket(target)
    else:
        target.mkdir()
    before = os.lstat(target)
    try:
        if command == "report":
            target = target.rename(tmp_path / "out.md")
            before = os.lstat(target)
        refused(run(*command_line(command, target)), str(target), "not a regular file")
        after = os.lstat(target)
        assert (after.st_ino, after.st_mode, after.st_rdev) == (before.st_ino, before.st_mode, before.st_rdev)
        only(tmp_path, target.name)
    finally:
        if server is not None:
            server.close()


@pytest.mark.parametrize("kind", ["device", "fifo", "folder", "missing"])
def test_a_link_to_what_must_not_be_written_is_refused(tmp_path, kind):
    real = tmp_path / "real"
    if kind == "device":
        make_device(real)
    elif kind == "fifo":
        os.mkfifo(real)
    elif kind == "folder":
        real.mkdir()
    link = tmp_path / "out.json"
    link.symlink_to(real)
    words = {"missing": "does not exist"}.get(kind, "not a regular file")
    refused(run("allocate", EXAMPLE, "-o", link), words)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["out.json"] + ([] if kind == "missing" else ["real"]))


def test_a_link_to_a_file_updates_that_file_in_place(tmp_path):
    # The temporary file is made beside the file linked to and renamed onto it: the link stays a link (issue 11:
    # the link's target was replaced by a file from elsewhere, with another mode).
    folder = tmp_path / "kept"
    folder.mkdir()
    real = folder / "annex.json"
    real.write_text("old")
    real.chmod(0o640)
    first = tmp_path / "latest.json"
    first.symlink_to("second.json")  # relative, and a chain of two links
    (tmp_path / "second.json").symlink_to(real)
    assert run("allocate", EXAMPLE, "-o", first).exit_code == 0
    assert first.is_symlink() and (tmp_path / "second.json").is_symlink()
    assert json.loads(real.read_text())["members"] == ["A", "U", "I"]
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    only(folder, "annex.json")
    only(tmp_path, "kept", "latest.json", "second.json")


def test_a_link_loop_is_refused(tmp_path):
    (tmp_path / "a.json").symlink_to("b.json")
    (tmp_path / "b.json").symlink_to("a.json")
    refused(run("allocate", EXAMPLE, "-o", tmp_path / "a.json"), "symbolic links")
    only(tmp_path, "a.json", "b.json")


@pytest.mark.skipif(not ROOT_USER, reason="a link owned by another user is made with lchown, which needs root")
def test_a_strangers_link_in_a_shared_folder_is_not_followed(tmp_path):
    # A sticky world-writable folder (/tmp): another user's link there could aim root's output at /etc/passwd.
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    precious = tmp_path / "precious"
    precious.write_text("keep me")
    link = shared / "out.json"
    link.symlink_to(precious)
    os.lchown(link, 4242, 4242)
    refused(run("allocate", EXAMPLE, "-o", link), "shared folder", "uid 4242")
    assert precious.read_text() == "keep me"
    os.lchown(link, os.geteuid(), os.getegid())  # the caller's own link is followed
    assert run("allocate", EXAMPLE, "-o", link).exit_code == 0
    assert json.loads(precious.read_text())["members"] == ["A", "U", "I"]
    only(shared, "out.json")


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o444, 0o4755])
def test_an_existing_file_keeps_its_mode_and_owner(tmp_path, mode):
    target = tmp_path / "out.json"
    target.write_text("old")
    target.chmod(mode)
    owner = (1234, 5678) if ROOT_USER else (os.geteuid(), os.getegid())
    if ROOT_USER:
        os.chown(target, *owner)
    assert run("allocate", EXAMPLE, "-o", target).exit_code == 0
    info = target.stat()
    # A set-user-id bit is dropped: the JSON that replaces a program is not that program.
    assert stat.S_IMODE(info.st_mode) == mode & 0o777
    assert (info.st_uid, info.st_gid) == owner
    assert json.loads(target.read_text())["members"] == ["A", "U", "I"]
    only(tmp_path, "out.json")


def test_a_new_file_gets_an_ordinary_mode(tmp_path):
    previous = os.umask(0o027)
    try:
        assert run("allocate", EXAMPLE, "-o", tmp_path / "new.json").exit_code == 0
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o640


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("missing/out.json", "folder"),
        ("file.txt/out.json", "not a folder"),
        ("sub/", "names a folder"),
        ("sub/.", "names a folder"),
        ("sub/..", "names a folder"),
        ("x" * 300 + ".json", "too long"),
        ("out\0.json", "NUL"),
    ],
)
def test_paths_that_cannot_be_a_new_file_are_one_line(tmp_path, name, words):
    (tmp_path / "file.txt").write_text("a file, not a folder")
    (tmp_path / "sub").mkdir()
    refused(run("allocate", EXAMPLE, "-o", f"{tmp_path}/{name}"), words)
    only(tmp_path, "file.txt", "sub")
    only(tmp_path / "sub")


def test_the_input_is_not_the_output_however_it_is_reached(tmp_path):
    source = tmp_path / "s.yaml"
    source.write_bytes(EXAMPLE.read_bytes())
    os.link(source, tmp_path / "hard.yaml")
    (tmp_path / "soft.yaml").symlink_to(source)
    for spelling in (tmp_path / "hard.yaml", tmp_path / "soft.yaml", tmp_path / "." / "s.yaml"):
        refused(run("allocate", source, "-o", spelling.with_suffix(".yaml")), "is the scenario file itself")
    # .yaml is no output format either, but the more important reason is the one given.
    assert source.read_bytes() == EXAMPLE.read_bytes()


@pytest.mark.skipif(not Path("/dev/stdout").exists(), reason="needs /dev/stdout")
def test_dev_stdout_through_a_pipe_is_refused_and_to_a_file_is_that_file(tmp_path):
    command = [sys.executable, "-m", "ipshare.cli", "allocate", str(EXAMPLE), "-f", "json", "-o", "/dev/stdout"]
    piped = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert piped.returncode == 2 and piped.stdout == ""
    assert piped.stderr.splitlines() == ["error: cannot write /dev/stdout: it is a pipe (FIFO), not a regular file; "
                                         "leave out -o to write to standard output"]
    target = tmp_path / "out.json"
    with target.open("w") as stream:
        redirected = subprocess.run(command, cwd=ROOT, stdout=stream, stderr=subprocess.PIPE, text=True, timeout=60)
    assert redirected.returncode == 0, redirected.stderr
    assert json.loads(target.read_text())["members"] == ["A", "U", "I"]
    only(tmp_path, "out.json")


# --------------------------------------------------------------------------------------------------------------
# Failures while writing: one line, exit 2, the old file whole, no temporary file


def old_file(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("the signed version")
    return target


@pytest.mark.parametrize(
    ("call", "code", "words"),
    [
        ("write", errno.ENOSPC, "no space left on the device"),
        ("write", errno.EDQUOT, "quota"),
        ("write", errno.EFBIG, "too large"),
        ("fsync", errno.EIO, "input/output error"),
        ("fsync", errno.ENOSPC, "no space left on the device"),
        ("replace", errno.EROFS, "read-only"),
        ("replace", errno.EBUSY, "busy"),
    ],
)
def test_a_failing_disk_is_one_line_and_changes_nothing(tmp_path, monkeypatch, call, code, words):
    from ipshare import output as module

    target = old_file(tmp_path)

    def failing(*args):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(module.os, call, failing)
    line = refused(run("allocate", EXAMPLE, "-f", "json", "-o", target), str(target), words)
    assert "the old file is unchanged" in line
    assert target.read_text() == "the signed version"
    only(tmp_path, "out.json")


@pytest.mark.parametrize(("code", "words"), [(errno.EACCES, "not writable"), (errno.EROFS, "read-only")])
def test_a_folder_that_takes_no_new_file_is_one_line(tmp_path, monkeypatch, code, words):
    # As root a folder's permissions do not stop a write, so the refusal the kernel gives others is made here.
    import tempfile

    def refusing(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(tempfile, "mkstemp", refusing)
    refused(run("report", EXAMPLE, "-o", tmp_path / "annex.md"), "annex.md", words)
    only(tmp_path)


def test_bytes_are_written_whole_even_when_the_system_writes_them_in_parts(tmp_path, monkeypatch):
    from ipshare import output as module

    real_write = os.write
    monkeypatch.setattr(module.os, "write", lambda handle, data: real_write(handle, bytes(data[:7])))
    data = bytes(range(256)) * 40
    write_file(tmp_path / "out.bin", data)
    assert (tmp_path / "out.bin").read_bytes() == data


def test_the_file_is_on_disk_before_it_takes_the_old_ones_place(tmp_path, monkeypatch):
    from ipshare import output as module

    calls = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(module.os, "fsync", lambda handle: (calls.append("fsync"), real_fsync(handle))[1])
    monkeypatch.setattr(module.os, "replace", lambda *paths: (calls.append("replace"), real_replace(*paths))[1])
    write_file(tmp_path / "out.txt", "text")
    assert calls[:2] == ["fsync", "replace"]


@pytest.fixture
def tiny_mount(tmp_path):
    """A 16 KiB tmpfs (root, and a kernel that lets this container mount; else the patched tests above stand)."""
    point = tmp_path / "mount"
    point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(point)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)


def big_game(folder):
    players = [f"P{i}" for i in range(10)]
    values = [0] + [100 * bin(mask).count("1") ** 2 for mask in range(1, 2**10)]
    path = folder / "game.json"
    path.write_text(json.dumps({"game": {"type": "table", "players": players, "values_by_mask": values}}))
    return path


def test_a_full_file_system_for_real(tmp_path, tiny_mount):
    target = tiny_mount / "out.json"
    target.write_text("the signed version")
    line = refused(run("game", big_game(tmp_path), "-o", target), "no space left on the device")
    assert "the old file is unchanged" in line
    assert target.read_text() == "the signed version"
    only(tiny_mount, "out.json")


def test_a_read_only_file_system_for_real(tiny_mount):
    target = tiny_mount / "out.json"
    target.write_text("the signed version")
    subprocess.run(["mount", "-o", "remount,ro", str(tiny_mount)], check=True)
    refused(run("allocate", EXAMPLE, "-o", target), "read-only")
    refused(run("allocate", EXAMPLE, "-o", tiny_mount / "new.json"), "read-only")
    assert target.read_text() == "the signed version"
    only(tiny_mount, "out.json")


# --------------------------------------------------------------------------------------------------------------
# The library's checks, one by one


def test_check_target_names_the_real_file(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("{}")
    (tmp_path / "link.json").symlink_to("real.json")
    found, info = check_target(tmp_path / "link.json")
    assert found == real and info.st_ino == real.stat().st_ino
    assert check_target(tmp_path / "new.json") == (tmp_path / "new.json", None)
    with pytest.raises(OutputError, match="scenario file itself"):
        check_target(tmp_path / "link.json", inputs=[real])


def test_format_for_says_what_the_output_has():
    assert format_for(Path("a.JSON"), ("table", "json")) == "json"
    assert format_for(Path("a"), ("table", "json"), fmt="json", default="table") == "json"
    assert format_for(Path(".hidden"), ("table", "json"), default="table") == "table"
    with pytest.raises(OutputFormatError, match=r"core has no CSV output; end it in \.txt \(table\) or \.json"):
        format_for(Path("a.csv"), ("table", "json"), what="core")
