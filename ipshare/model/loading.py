"""Loading a scenario: a file's bytes read once (:func:`read`, :class:`Source`), parsed with the line of every
field (:mod:`ipshare.model.reading`), changed by ``--set`` (:mod:`ipshare.model.overrides`) and validated section by
section into an immutable :class:`~ipshare.model.types.Scenario` (:class:`ScenarioValidator`).

Every problem is a :class:`~ipshare.errors.ScenarioError` whose text is one line, ``FILE:LINE: path.to.field:
what is wrong``. Numbers stay exact (:mod:`ipshare.model.numbers`) and text is checked for what no output can hold
(:mod:`ipshare.model.text`). Nothing a user writes is evaluated: YAML goes through the safe loader, and rationals
through ``Fraction``'s own string parser.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import ScenarioError
from .agreement import AgreementChecks
from .gamespec import GameChecks
from .limits import MAX_FILE_BYTES
from .overrides import apply_overrides
from .reading import _FORMATS, _parse_json, _parse_toml, _parse_yaml
from .sections import SectionChecks
from .text import _UNHOLDABLE, _find
from .types import Clause, Member, Scenario
from .validator import Validator, _replace

__all__ = ["load", "loads", "read", "Source", "parse_clauses", "ScenarioValidator"]


class ScenarioValidator(SectionChecks, AgreementChecks, GameChecks, Validator):
    """A whole scenario's validator: the core checks with every section's (:meth:`scenario` runs them all)."""


def load(path, overrides=(), *, language: str | None = None) -> Scenario:
    """Read and validate the scenario file at ``path`` (format by extension: .yaml/.yml, .json, .toml).

    ``overrides`` are what-if changes applied before validation, each ``"PATH=VALUE"`` (or a ``(path, value)``
    pair): PATH names a field by keys and list-item ids (``revenue.L1.royalty.rate``, ``members.TU.type``,
    ``agreement.clauses.univ-floor.min_share``; ``[2]`` indexes a list), VALUE is read as YAML data, never
    evaluated. See :func:`apply_overrides`.

    Raises
    ------
    ScenarioError
        The file cannot be read, is not valid in its format, or is not a valid scenario.
    """
    return read(path).load(overrides, language=language)


@dataclass(frozen=True)
class Source:
    """A scenario file's bytes, read once (:func:`read`), with its format and the name errors give it.

    Everything that loads a scenario several times (a sweep's points, a what-if's two sides, in this process,
    worker processes or a Dask cluster) loads this, not the path: every load sees the same bytes under the same
    SHA-256, whatever happens to the file meanwhile. Small and picklable."""

    data: bytes
    fmt: str
    name: str

    def load(self, overrides=(), *, language: str | None = None) -> Scenario:
        """The scenario these bytes hold, with ``overrides`` (as :func:`load`)."""
        return loads(self.data, self.fmt, name=self.name, overrides=overrides, language=language)


def read(path) -> Source:
    """The bytes of the scenario file at ``path``, to load once or many times (:class:`Source`).

    Raises
    ------
    ScenarioError
        The file cannot be read, has no scenario extension, or is larger than ipshare reads.
    """
    path = Path(path)
    shown = str(path)
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(_FORMATS))
        raise ScenarioError(f"unknown file extension {path.suffix or '(none)'!r}; use one of {known}", file=shown)
    try:
        # Opened without waiting (a FIFO with no writer would block for ever), then only a regular file is read.
        with os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as stream:
            kind = stat.S_IFMT(os.fstat(stream.fileno()).st_mode)
            if kind == stat.S_IFDIR:
                raise IsADirectoryError
            if kind != stat.S_IFREG:
                raise ScenarioError("is not a regular file (a FIFO, socket or device), not a scenario file",
                                    file=shown)
            data = stream.read(MAX_FILE_BYTES + 1)  # never more: the size is checked before anything is parsed
    except FileNotFoundError:
        raise ScenarioError("no such file", file=shown) from None
    except IsADirectoryError:
        raise ScenarioError("is a directory, not a scenario file", file=shown) from None
    except OSError as error:
        raise ScenarioError(f"cannot read: {error.strerror or error}", file=shown) from None
    return Source(data, fmt, shown)


def _collector_paused(function):
    """``function`` run with Python's cyclic garbage collector paused, and resumed after (unless already paused).

    Loading a large scenario (and building its game) makes hundreds of thousands of small objects that form no
    cycles; the collector's passes meanwhile walk the objects alive, at a cost that grew faster than the file (a
    10,000-member alliance: about a second of its loading; bench/loading.py). What cycles the work leaves are
    collected when the collector resumes."""

    @functools.wraps(function)
    def paused(*args, **kwargs):
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return paused


@_collector_paused
def loads(
    data: bytes | str, fmt: str = "yaml", *, name: str = "<scenario>", overrides=(), language: str | None = None
) -> Scenario:
    """Validate a scenario given as bytes or text in ``fmt`` (``yaml``, ``json`` or ``toml``), after ``overrides``.

    ``language`` (``en``, ``zh`` or ``zh+en``; ``--lang``) is the language texts given in two languages show as
    strings (:class:`~ipshare.model.text.Text`); default: the scenario's ``alliance.language``."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_FILE_BYTES:
        raise ScenarioError(
            f"the file is larger than {MAX_FILE_BYTES // 2**20} MB, the most ipshare reads; describe a large game "
            "by its structure (members' contributions and revenue sources, voting weights) rather than by listing "
            "coalitions",
            file=name,
        )
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ScenarioError("not UTF-8 text", file=name, line=line) from None
    if fmt == "yaml":
        raw, lines = _parse_yaml(text, name)
    elif fmt == "json":
        raw, lines = _parse_json(text, name)
    elif fmt == "toml":
        raw, lines = _parse_toml(text, name)
    else:
        raise ScenarioError(f"unknown format {fmt!r}; use yaml, json or toml", file=name)
    raw, changed = apply_overrides(raw, overrides, name=name)
    # A text without a backslash escape or a character no output can hold cannot give a string that holds one, so
    # only what --set changed is searched then (checking every string of a large file costs a walk of the data).
    clean = "\\" not in text and not _find(_UNHOLDABLE, text)
    validator = ScenarioValidator(name, lines, changed, clean_source=clean)
    validator.display_language = language
    scenario = validator.scenario(raw, sha256)
    if changed:
        scenario = _replace(scenario, overrides=tuple(changed.values()))
    return scenario


def parse_clauses(items, members, *, name: str = "<clauses>") -> tuple[Clause, ...]:
    """Validate agreement clauses given as data: a list of mappings written as in ``agreement.clauses``.

    ``members`` maps member ids to :class:`Member` (for ``type`` targets), or lists player ids (members of
    type ``other``). Raises :class:`~ipshare.errors.ScenarioError` naming the clause and field.
    """
    if not isinstance(members, Mapping):
        members = {player: Member(id=player, name=player, type="other") for player in members}
    validator = ScenarioValidator(name, {})
    items = list(items)
    validator.check_text(items)
    found = validator.items_with_ids(items, ("clauses",), "clauses")
    return tuple(validator.clause(item, path, item_id, dict(members)) for path, item, item_id in found)
