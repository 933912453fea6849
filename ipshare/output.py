"""Output files: written whole or not at all, only where a regular file belongs, in the format their name says.

:func:`write_file` is the one place ipshare writes a file (the command line's ``-o``, a plot given a ``path``):

- The bytes go to a temporary file beside the target, are flushed to disk (``fsync``), and the temporary file
  is renamed onto the target: a reader sees the old file or the new one, never a part, and an error, Ctrl-C or
  SIGTERM leaves no temporary file behind.
- Only a regular file is written. A device (``/dev/null``), a FIFO, a socket or a folder is refused: renaming a
  file over it would replace the device node or the pipe, not write to it.
- A symbolic link is followed and the file it leads to is updated in place: the temporary file is made in that
  file's folder and renamed onto it, so the link stays a link. A link to nothing is refused, and so is a link in
  a shared sticky folder (``/tmp``) that belongs to someone else than the caller and the folder's owner -- the
  kernel's ``protected_symlinks`` rule, applied whatever the sysctl says, so that nobody can aim a file written
  by root at ``/etc/passwd``.
- An existing file keeps its mode, and its owner where the caller may keep it (as root, always).
- A failure (read-only folder or file system, full disk, quota) is an :class:`OutputError`: one line naming the
  file and the reason; the old file, if any, is unchanged.

:func:`format_for` tells the format from the name: ``out.json`` is JSON. An extension that names no format the
caller writes is refused, and so is a format given beside an extension that says another.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from .errors import IpshareError

__all__ = ["OutputError", "OutputFormatError", "EXTENSIONS", "check_name", "check_target", "write_file", "format_for"]


class OutputError(IpshareError):
    """An output file that cannot or must not be written. Nothing was written."""


class OutputFormatError(OutputError, ValueError):
    """A file name whose extension names no format the output has, or another format than the one asked for."""


# --------------------------------------------------------------------------------------------------------------
# Formats by extension

#: Extension -> the format it names. A command writes the formats it has; the others are refused by name.
EXTENSIONS = {
    ".json": "json",
    ".csv": "csv",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "table",
    ".html": "html",
    ".htm": "html",
    ".dot": "dot",
    ".gv": "dot",
    ".graphml": "graphml",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".pdf": "pdf",
    ".png": "png",
    ".svg": "svg",
}
# Format names a command may spell its own way (``report -f md``), by the format they are.
_SPELLINGS = {"md": "markdown"}
_SHOWN = {"table": "table", "markdown": "Markdown", "json": "JSON", "csv": "CSV", "html": "HTML", "dot": "Graphviz dot",
          "graphml": "GraphML", "docx": "DOCX", "xlsx": "XLSX", "pdf": "PDF", "png": "PNG", "svg": "SVG"}


def format_for(path, formats, *, fmt=None, default=None, what="this output", unavailable=None):
    """The format to write ``path`` in: the one its extension names, among ``formats`` (in their spelling).

    Parameters
    ----------
    path : the file to write, or None (standard output): then ``fmt`` or ``default``.
    formats : the format names the output has, e.g. ``("table", "json", "csv", "markdown")``.
    fmt : the format asked for (``-f``), or None. It must agree with the extension when there is one.
    default : the format when neither ``fmt`` nor an extension says one.
    what : how messages name the output (``"allocate"``, ``"an annex"``).
    unavailable : format -> why it is refused, for formats that are planned but not in ``formats`` yet (a
        ``.pdf`` annex); used only while the format is missing from ``formats``.

    Raises
    ------
    OutputFormatError
        The extension names no format of ``formats``, or another one than ``fmt``.

    Examples
    --------
    >>> format_for(Path("out.json"), ("table", "json"))
    'json'
    >>> format_for(Path("annex.markdown"), ("md", "html"))
    'md'
    >>> format_for(None, ("table", "json"), default="table")
    'table'
    """
    suffix = Path(path).suffix if path is not None else ""
    if not suffix:
        return fmt if fmt is not None else default
    by_kind = {_SPELLINGS.get(name, name): name for name in formats}
    kind = EXTENSIONS.get(suffix.lower())
    name = Path(path).name
    if kind not in by_kind:
        if kind is not None and kind in (unavailable or {}):
            reason = unavailable[kind]
        elif kind is not None:
            reason = f"{what} has no {_SHOWN.get(kind, kind)} output"
        else:
            reason = f"the extension {suffix} names no format {what} writes"
        raise OutputFormatError(f"cannot write {name!r}: {reason}; end it in {_extensions(formats)}")
    chosen = by_kind[kind]
    if fmt is not None and fmt != chosen:
        raise OutputFormatError(f"-f {fmt} contradicts the name {name!r}, whose extension {suffix} means {chosen}; "
                                "drop -f or change the extension")
    return chosen


def _extensions(formats):
    kinds = [_SPELLINGS.get(name, name) for name in formats]
    shown = [f"{ext} ({kind})" if kind == "table" else ext for kind in kinds for ext, named in EXTENSIONS.items()
             if named == kind]
    return ", ".join(shown[:-1]) + f" or {shown[-1]}" if len(shown) > 1 else shown[0]


# --------------------------------------------------------------------------------------------------------------
# Where a write may go

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
)
_MAX_LINKS = 40  # as the kernel's ELOOP limit


def check_name(path) -> str:
    """``path`` as text, if it can name a file at all: not empty, no NUL, not a folder's name (``out/``, ``.``).

    Give the name as typed: :class:`pathlib.Path` turns ``''`` into ``.`` and drops a trailing ``/`` or ``/.``.
    """
    text = os.fsdecode(os.fspath(path))
    if not text:
        raise OutputError("the output file name is empty; name a file, or leave out -o to write to standard output")
    if "\0" in text:
        raise OutputError(f"cannot write {text!r}: a file name cannot hold a NUL character")
    if text.endswith(os.sep) or os.path.basename(text) in (".", ".."):
        raise OutputError(f"cannot write {text}: it names a folder, not a file")
    return text


def check_target(path, inputs=()):
    """The file a write to ``path`` replaces, as ``(real path, its stat or None)``; refuses what must not be written.

    ``inputs`` are files the output must not be (the scenario it was computed from), however spelt or linked.

    Raises
    ------
    OutputError
        An empty path, a folder, a device, a FIFO or a socket, a link to nothing or through a shared folder,
        a missing folder, or one of ``inputs``.
    """
    text = check_name(path)
    try:
        opened = os.stat(text)  # what the kernel reaches through every link
    except FileNotFoundError:
        opened = None
    except OSError as error:
        raise OutputError(f"cannot write {text}: {_reason(error)}") from None
    if opened is not None:
        for test, kind in _KINDS:
            if test(opened.st_mode):
                hint = "; leave out -o to write to standard output" if kind != "a folder" else ""
                raise OutputError(f"cannot write {text}: it is {kind}, not a regular file{hint}")
    real = _follow(text)
    try:
        found = os.lstat(real)
    except FileNotFoundError:
        found = None
    except OSError as error:
        raise OutputError(f"cannot write {text}: {_reason(error)}") from None
    if opened is None and os.path.islink(text):
        raise OutputError(f"cannot write {text}: it is a symbolic link to {os.readlink(text)}, which does not exist")
    if opened is not None and (found is None or not os.path.samestat(opened, found)):
        # A link the kernel follows to something that has no name there (/proc/self/fd/N of a deleted file).
        raise OutputError(f"cannot write {text}: it does not lead to a file by name; write to the file itself")
    if found is None:
        folder = real.parent
        if not folder.is_dir():
            raise OutputError(f"cannot write {text}: folder {folder} does not exist")
    for source in inputs:
        try:
            same = found is not None and os.path.samestat(found, os.stat(source))
        except OSError:
            same = False
        if same or real == Path(os.path.realpath(source)):
            raise OutputError(f"the output {text} is the scenario file itself; choose another path")
    return real, found


def _follow(text):
    """The real path of ``text``, walking each symbolic link as the kernel would, and refusing the ones the
    kernel's protected_symlinks rule would not follow (a link in a sticky world-writable folder, owned by
    neither the caller nor the folder's owner)."""
    pending = list(reversed(Path(os.getcwd(), text).parts))
    current = Path(pending.pop())  # the root
    links = 0
    while pending:
        part = pending.pop()
        if part == "..":
            current = current.parent
            continue
        candidate = current / part
        try:
            info = os.lstat(candidate)
        except OSError:
            # Missing (a new file, or a missing folder reported by the caller): the rest of the path as it is.
            return Path(candidate, *reversed(pending))
        if not stat.S_ISLNK(info.st_mode):
            current = candidate
            continue
        links += 1
        if links > _MAX_LINKS:
            raise OutputError(f"cannot write {text}: too many levels of symbolic links")
        _check_link(candidate, info, text)
        target = Path(os.readlink(candidate))
        if target.is_absolute():
            current = Path(target.anchor)
            target = target.relative_to(target.anchor)
        pending.extend(reversed(target.parts))
    return current


def _check_link(link, info, text):
    folder = os.stat(link.parent)
    shared = folder.st_mode & stat.S_ISVTX and folder.st_mode & stat.S_IWOTH
    if shared and info.st_uid not in (os.geteuid(), folder.st_uid):
        raise OutputError(f"cannot write {text}: {link} is a symbolic link in the shared folder {link.parent} "
                          f"owned by another user (uid {info.st_uid}); it is not followed. Write to the file itself")


# --------------------------------------------------------------------------------------------------------------
# Writing


def write_file(path, data: bytes | str, *, inputs=()) -> None:
    """Write ``data`` (text as UTF-8, bytes as they are) to ``path`` whole, or raise and write nothing.

    See the module's description for what is refused and what an existing file keeps.

    Raises
    ------
    OutputError
        The target is refused (:func:`check_target`) or the write failed; the old file, if any, is unchanged and
        no temporary file is left.
    """
    real, existing = check_target(path, inputs)
    if isinstance(data, str):
        data = data.encode("utf-8")
    shown = os.fspath(path)
    folder = real.parent
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{real.name[:64]}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise OutputError(f"cannot write {shown}: {_reason(error, folder)}") from None
    try:
        try:
            _take_mode(handle, existing)
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view):]
            os.fsync(handle)  # on disk before it takes the old file's place
        finally:
            os.close(handle)
        os.replace(temporary, real)
    except BaseException as error:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(error, OSError):
            kept = "; the old file is unchanged" if existing is not None else ""
            raise OutputError(f"cannot write {shown}: {_reason(error, folder)}{kept}") from None
        raise
    _sync_folder(folder)


def _take_mode(handle, existing):
    """The new file gets the old one's mode and, where allowed, its owner; a new file an ordinary file's mode."""
    if existing is None:
        mask = os.umask(0o022)
        os.umask(mask)
        os.fchmod(handle, 0o666 & ~mask)  # mkstemp makes the file private
        return
    if (existing.st_uid, existing.st_gid) != (os.geteuid(), os.getegid()):
        for owner in ((existing.st_uid, existing.st_gid), (-1, existing.st_gid)):
            try:
                os.fchown(handle, *owner)
                break
            except OSError:
                continue
    # Not set-user/group-id: those bits belong to programs, and a rewritten file is not the program it was.
    os.fchmod(handle, stat.S_IMODE(existing.st_mode) & ~(stat.S_ISUID | stat.S_ISGID))


def _sync_folder(folder):
    """The rename on disk too (best effort: not every file system lets a folder be synced)."""
    try:
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


_REASONS = {
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "the disk quota is exhausted",
    errno.EROFS: "the file system is read-only",
    errno.EFBIG: "the file would be too large for the file system",
    errno.ENAMETOOLONG: "the file name is too long",
    errno.ELOOP: "too many levels of symbolic links",
    errno.ENOTDIR: "a part of the path is not a folder",
}


def _reason(error, folder=None):
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"permission denied (the folder {folder} is not writable)" if folder is not None else "permission denied"
    if error.errno in _REASONS:
        return _REASONS[error.errno]
    text = error.strerror or str(error)
    return text[:1].lower() + text[1:]
