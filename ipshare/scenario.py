"""Scenario files: loading (YAML, JSON, TOML), validation with file:line locations, the typed Scenario.

A scenario describes one alliance (members, contributions, patents, revenue, costs, agreement) or, for research
and teaching, one classic game (a ``game:`` section). :func:`load` reads a file by its extension, validates
everything in the format of docs/scenario.md and returns an immutable :class:`Scenario`. Every problem is reported as a
:class:`~ipshare.errors.ScenarioError` whose text is one line, ``FILE:LINE: path.to.field: what is wrong``.

Numbers are kept exact: integers and decimals written in the file become :class:`fractions.Fraction` (``0.08`` is
``2/25``, in YAML as in JSON and TOML, however many digits it has), and strings such as ``"1/3"`` are read as
rationals. A number written as text uses the ASCII digits 0-9 only: ``"１００"`` (fullwidth) or ``"١٠٠"``
(Arabic-Indic), which Python's own parsers would take for 100, are refused. User text is never evaluated: YAML goes
through the safe loader (merge keys ``<<: *base`` included), and rationals are parsed by ``Fraction``'s own string
parser.

Text is data, and every output (terminal, CSV, XLSX, DOCX, HTML, XML, JSON) must be able to hold it, so the loader
refuses, in every string of the file (keys included) and of ``--set`` values, the characters no output can hold or
show honestly: C0 control characters other than line feed and tab, DEL, the C1 controls U+0080-U+009F, lone
surrogates (a JSON ``"\ud800"``), the noncharacters (U+FFFE, U+FFFF, U+FDD0-U+FDEF and the last two code points of
every plane), and the bidirectional embedding, override and isolate controls U+202A-U+202E and U+2066-U+2069, which
make a name display as another. The message names the character (``U+0007 (BELL) at character 3``) and the field.

Text fields are of three classes:

- **ids**: member, contribution, patent, revenue, cost, clause and grant ids, game players (and the keys that are
  ids: ``members``, ``patents``, voting ``weights``, ``claims``, airport ``costs``, risk factor names). An id
  starts with an ASCII letter and uses only ASCII letters, digits, ``-`` and ``_`` (so never ``+``, which joins
  ids in coalition keys such as ``A+B``, nor whitespace), is at most :data:`MAX_ID_LENGTH` characters, and may not
  differ from another id of the same kind only in upper/lower case (``HT`` beside ``ht``). Being ASCII, two ids
  can never differ only by Unicode normalisation.
- **one-line text**: names (alliance, member, game), patent titles, licensees, cost items, units, roles and grant
  sources. One line (no line feed, tab, U+2028 or U+2029), not empty, at most :data:`MAX_LINE_LENGTH` characters.
- **free text**: the ``description`` fields, which may hold line breaks and tabs, at most :data:`MAX_TEXT_LENGTH`
  characters.

A whole number where text is expected is read as its digits; a decimal is refused (``0.1`` is text ``0.1`` to a
YAML reader but the number 1/10 to the others), as is a boolean (YAML reads an unquoted ``no`` or ``on`` as one):
put such text in quotes.
"""

from __future__ import annotations

import datetime
import difflib
import hashlib
import json
import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from pathlib import Path
from types import MappingProxyType

import yaml

from . import terms
from .errors import ScenarioError

__all__ = [
    "MEMBER_TYPES",
    "CONTRIBUTION_KINDS",
    "OWNERSHIP_RULES",
    "JOINT_LICENSING",
    "GAME_TYPES",
    "Alliance",
    "Member",
    "Contribution",
    "Patent",
    "Royalty",
    "RevenueSource",
    "Cost",
    "Clause",
    "Agreement",
    "GameSpec",
    "Bargaining",
    "WEIGHT_SOURCES",
    "Scenario",
    "load",
    "loads",
    "read",
    "Source",
    "apply_overrides",
    "parse_override",
    "parse_number",
    "parse_clauses",
    "parse_coalition",
    "MAX_ID_LENGTH",
    "MAX_LINE_LENGTH",
    "MAX_TEXT_LENGTH",
    "MAX_BUYABLE_CONTRIBUTIONS",
]

MEMBER_TYPES = ("enterprise", "university", "institute", "financial", "government", "other")
CONTRIBUTION_KINDS = ("cash", "personnel", "equipment", "background-ip", "data", "other")
OWNERSHIP_RULES = ("by-contribution", "equal", "as-given")
JOINT_LICENSING = ("unanimous", "any-owner")
REVENUE_KINDS = ("licence", "own-use")
GAME_TYPES = ("table", "weighted-voting", "bankruptcy", "airport")
GAME_KINDS = ("benefit", "cost")
# Where the weights of the weighted rules (nash-weighted, shapley-weighted) come from, when not given member by member.
WEIGHT_SOURCES = ("proportional", "equal")
CLAUSE_KINDS = (
    "min_share",
    "max_share",
    "min_amount",
    "max_amount",
    "fixed",
    "ratio",
    "individual_rationality",
    "core",
    "near",
)
_FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".toml": "toml"}
_ID = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*")  # used with fullmatch: "$" would also match before a final "\n"
# A dense table of 2^n coalition values is the largest object a classic game section may ask for.
MAX_TABLE_PLAYERS = 24
# Limits on what a scenario file may ask of the loader (docs/scale.md, "Limits"). A real alliance is a few hundred
# kilobytes, nests a handful of levels deep and uses YAML aliases, if at all, to repeat a few small items.
MAX_FILE_BYTES = 50 * 2**20
MAX_NESTING = 64
MAX_ALIAS_EXPANSION = 100_000  # nodes that YAML aliases may add to the document, beyond the nodes written out
# Numbers are exact rationals; beyond these a table of them stops being a table of money.
MAX_MAGNITUDE = 10**18
MAX_DENOMINATOR = 10**18
# Text (see the module docstring for the classes of fields). A name or title is read in a table cell, a heading or a
# signature block: 200 characters is about two printed lines of an A4 page, and the longest in the bundled files is 85.
MAX_ID_LENGTH = 64
MAX_LINE_LENGTH = 200
MAX_TEXT_LENGTH = 10_000
# Contributions with a substitute_cost that one group of revenue sources needs together (sources that share such a
# contribution are one group): the benefit game weighs every choice of which of them to buy in, 2^k choices.
MAX_BUYABLE_CONTRIBUTIONS = 16


# --------------------------------------------------------------------------------------------------------------
# The typed, immutable scenario


@dataclass(frozen=True)
class Alliance:
    name: str
    currency: str | None = None
    discount_rate: Fraction = Fraction(0)
    minor_unit: int | None = None
    description: str | None = None


@dataclass(frozen=True)
class Member:
    id: str
    name: str
    type: str
    role: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class Contribution:
    id: str
    member: str
    kind: str
    value: Fraction
    substitute_cost: Fraction | None = None
    quantity: Fraction | None = None
    unit: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class Patent:
    """A patent. ``owners`` is what the file says (``None`` when the agreement's ownership rule derives it)."""

    id: str
    title: str
    owners: Mapping[str, Fraction] | None = None
    background: bool = False
    made_from: tuple[str, ...] = ()
    builds_on: tuple[str, ...] = ()
    description: str | None = None


@dataclass(frozen=True)
class Royalty:
    rate: Fraction
    base: Fraction
    years: int


@dataclass(frozen=True)
class RevenueSource:
    id: str
    kind: str  # licence | own-use
    requires: tuple[str, ...] = ()
    licensee: str | None = None
    upfront: Fraction = Fraction(0)
    royalty: Royalty | None = None
    exploiter: str | None = None
    margin: Fraction = Fraction(0)
    years: int = 1
    probability: Fraction = Fraction(1)
    description: str | None = None
    exclusive: bool = False  # licences: an exclusive licence (co-owners' consent under the presets)


@dataclass(frozen=True)
class Cost:
    id: str
    item: str
    amount: Fraction
    failure_probability: Fraction = Fraction(0)
    members: tuple[str, ...] = ()
    description: str | None = None
    shares: Mapping[str, Fraction] | None = None  # members' agreed shares of the cost (equal when None)
    distribution: object = None  # ipshare.terms.Distribution: the amount as a random variable


@dataclass(frozen=True)
class Clause:
    """One voluntary clause of the agreement, validated here and applied by the LP rules.

    ``kind`` is the clause's operative key (``min_share``, ``ratio``, ``core``, …); ``targets`` the members it
    names (a member, a list, or every member of a ``type``), already resolved; ``params`` the rest.
    """

    id: str
    kind: str
    value: object
    targets: tuple[str, ...] = ()
    params: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))
    description: str | None = None


@dataclass(frozen=True)
class Agreement:
    ownership: str = "by-contribution"
    joint_licensing: str = "unanimous"
    rule: str | None = None
    clauses: tuple[Clause, ...] = ()
    blocs: tuple[tuple[str, ...], ...] | None = None  # a priori unions of members, for the owen rule
    bargaining: Bargaining | None = None  # threat point and bargaining weights of the bargaining rules
    shapley_weights: Mapping[str, Fraction] | str | None = None  # weights of shapley-weighted, or a WEIGHT_SOURCE
    # Rights and risk (ipshare.terms, docs/rights.md, docs/risk.md)
    preset: str | None = None
    lead: str | None = None
    revenue_share: Mapping[str, Fraction] | None = None
    council: object = None  # ipshare.terms.Council
    risk: object = None  # ipshare.terms.RiskTerms
    risk_factors: object = None  # ipshare.terms.RiskFactors
    withdrawal: object = None  # ipshare.terms.WithdrawalTerms
    rounding: object = None  # ipshare.terms.RoundingTerms: how shown amounts break ties


@dataclass(frozen=True)
class Bargaining:
    """The bargaining rules' parameters (docs/rules.md), from ``agreement.bargaining`` or ``game.bargaining``.

    ``disagreement``: what a member gets if no agreement is reached, for the members the file lists (the others
    keep their stand-alone value v({i})); in a cost game, what it would pay. ``weights``: the bargaining weights
    of ``nash-weighted``, a weight for every member or a WEIGHT_SOURCE.
    """

    disagreement: Mapping[str, Fraction] | None = None
    weights: Mapping[str, Fraction] | str | None = None


@dataclass(frozen=True)
class GameSpec:
    """A classic game given directly in a scenario's ``game:`` section."""

    type: str
    players: tuple[str, ...]
    kind: str = "benefit"
    values: Mapping[int, Fraction] | None = None  # table: bitmask -> value (unlisted coalitions are 0)
    quota: Fraction | None = None
    weights: Mapping[str, Fraction] | None = None
    estate: Fraction | None = None
    claims: Mapping[str, Fraction] | None = None
    costs: Mapping[str, Fraction] | None = None
    unions: tuple[tuple[str, ...], ...] | None = None
    cooperation: tuple[tuple[str, str], ...] | None = None
    name: str | None = None
    description: str | None = None
    bargaining: Bargaining | None = None
    shapley_weights: Mapping[str, Fraction] | str | None = None


@dataclass(frozen=True, eq=False)
class Scenario:
    """A validated scenario. Immutable; mappings are read-only views that keep the file's order."""

    path: str
    sha256: str
    alliance: Alliance
    members: Mapping[str, Member]
    contributions: tuple[Contribution, ...] = ()
    patents: Mapping[str, Patent] = field(default_factory=lambda: MappingProxyType({}))
    revenue: tuple[RevenueSource, ...] = ()
    costs: tuple[Cost, ...] = ()
    agreement: Agreement = Agreement()
    game: GameSpec | None = None
    source_lines: Mapping[tuple, int] = field(default_factory=lambda: MappingProxyType({}), repr=False)
    overrides: tuple[str, ...] = ()  # what-if changes applied on top of the file ("PATH=VALUE")
    grants: tuple = ()  # ipshare.terms.Grant: government grants and the members' matching funds

    @property
    def name(self) -> str:
        return self.alliance.name

    @property
    def member_ids(self) -> tuple[str, ...]:
        """The members in file order; for a game section, its players."""
        if self.game is not None:
            return self.game.players
        return tuple(self.members)

    @property
    def currency(self) -> str | None:
        return self.alliance.currency

    def contribution(self, contribution_id: str) -> Contribution:
        return self._contributions_by_id[contribution_id]

    @cached_property
    def _contributions_by_id(self) -> Mapping[str, Contribution]:
        # Built once: large alliances look contributions up tens of thousands of times.
        return MappingProxyType({contribution.id: contribution for contribution in self.contributions})

    def line_of(self, *path) -> int | None:
        """The line in the source file of a field, by its path of keys and list indices (best effort)."""
        return _line_of(self.source_lines, tuple(path))


# --------------------------------------------------------------------------------------------------------------
# Loading


def load(path, overrides=()) -> Scenario:
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
    return read(path).load(overrides)


@dataclass(frozen=True)
class Source:
    """A scenario file's bytes, read once (:func:`read`), with its format and the name errors give it.

    Everything that loads a scenario several times (a sweep's points, a what-if's two sides, in this process,
    worker processes or a Dask cluster) loads this, not the path: every load sees the same bytes under the same
    SHA-256, whatever happens to the file meanwhile. Small and picklable."""

    data: bytes
    fmt: str
    name: str

    def load(self, overrides=()) -> Scenario:
        """The scenario these bytes hold, with ``overrides`` (as :func:`load`)."""
        return loads(self.data, self.fmt, name=self.name, overrides=overrides)


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
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)  # never more: the size is checked before anything is parsed
    except FileNotFoundError:
        raise ScenarioError("no such file", file=shown) from None
    except IsADirectoryError:
        raise ScenarioError("is a directory, not a scenario file", file=shown) from None
    except OSError as error:
        raise ScenarioError(f"cannot read: {error.strerror or error}", file=shown) from None
    return Source(data, fmt, shown)


def loads(data: bytes | str, fmt: str = "yaml", *, name: str = "<scenario>", overrides=()) -> Scenario:
    """Validate a scenario given as bytes or text in ``fmt`` (``yaml``, ``json`` or ``toml``), after ``overrides``."""
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
    scenario = _Validator(name, lines, changed, clean_source=clean).scenario(raw, sha256)
    if changed:
        scenario = _replace(scenario, overrides=tuple(changed.values()))
    return scenario


def parse_override(text):
    """Split ``"PATH=VALUE"`` into the path's parts and the value read as YAML data (safe loader)."""
    if isinstance(text, tuple):
        path, value = text
        return _path_parts(path), value, f"{path}={value}"
    if "=" not in text:
        raise ScenarioError(f"--set {_printable(text)}: expected PATH=VALUE, like revenue.L1.royalty.rate=0.03")
    path, _, value_text = text.partition("=")
    path = _printable(path.strip())
    try:
        value = _yaml_data(value_text) if value_text.strip() else None
    except yaml.YAMLError:
        raise ScenarioError(f"--set {path}: the value {value_text!r} is not valid YAML data") from None
    except ScenarioError as error:
        raise ScenarioError(f"--set {path}: {error.message}") from None
    if value is None and value_text.strip() not in ("null", "~"):
        raise ScenarioError(f"--set {path}: give a value after '='")
    return _path_parts(path), value, f"{path}={value_text.strip()}"


def _path_parts(path):
    parts = []
    for piece in path.split("."):
        match = re.fullmatch(r"([^\[\]]*)((?:\[[0-9]+\])*)", piece)
        if not match or (not match.group(1) and not match.group(2)):
            raise ScenarioError(f"--set {path}: {piece!r} is not a field name or [index]")
        if match.group(1):
            parts.append(match.group(1))
        parts.extend(int(index) for index in re.findall(r"\[([0-9]+)\]", match.group(2)))
    return parts


def apply_overrides(raw, overrides, *, name="<scenario>"):
    """Apply what-if overrides to the raw (unvalidated) data; returns (new data, {raw path: "PATH=VALUE"}).

    Every part of a path but the last must exist; the last may be a new key of an existing mapping (the
    validator then checks it like any other field). List items are found by their ``id`` or by ``[index]``.
    The original data is not modified.
    """
    import copy

    if not overrides:
        return raw, {}
    raw = copy.deepcopy(raw)
    changed = {}
    for override in overrides:
        parts, value, shown = parse_override(override)
        path_text = shown.partition("=")[0]
        node = raw
        raw_path = []
        for depth, part in enumerate(parts):
            last = depth == len(parts) - 1
            where = ".".join(str(p) for p in parts[:depth]) or "the top level"
            if isinstance(node, dict):
                if part not in node and not last:
                    hint = difflib.get_close_matches(str(part), [str(k) for k in node], n=1, cutoff=0.6)
                    hint = f"; did you mean {hint[0]!r}?" if hint else ""
                    raise ScenarioError(f"no {_quoted(part)} in {where}{hint}", file=name, field=f"--set {path_text}")
                key = part
            elif isinstance(node, list):
                if isinstance(part, int):
                    key = part
                    if not 0 <= key < len(node):
                        raise ScenarioError(f"{where} has {len(node)} items; [{key}] is out of range", file=name,
                                            field=f"--set {path_text}")
                else:
                    ids = [item.get("id") for item in node if isinstance(item, dict)]
                    if part not in ids:
                        hint = difflib.get_close_matches(str(part), [str(i) for i in ids if i], n=1, cutoff=0.6)
                        hint = f"; did you mean {hint[0]!r}?" if hint else ""
                        raise ScenarioError(f"no item with id {_quoted(part)} in {where}{hint}", file=name,
                                            field=f"--set {path_text}")
                    key = ids.index(part)
            else:
                raise ScenarioError(f"{where} is a single value, it has no field {_quoted(part)}", file=name,
                                    field=f"--set {path_text}")
            raw_path.append(key)
            if last:
                node[key] = value
            else:
                node = node[key]
        changed[tuple(raw_path)] = shown
    return raw, changed


def parse_clauses(items, members, *, name: str = "<clauses>") -> tuple[Clause, ...]:
    """Validate agreement clauses given as data: a list of mappings written as in ``agreement.clauses``.

    ``members`` maps member ids to :class:`Member` (for ``type`` targets), or lists player ids (members of
    type ``other``). Raises :class:`~ipshare.errors.ScenarioError` naming the clause and field.
    """
    if not isinstance(members, Mapping):
        members = {player: Member(id=player, name=player, type="other") for player in members}
    validator = _Validator(name, {})
    items = list(items)
    validator.check_text(items)
    found = validator.items_with_ids(items, ("clauses",), "clauses")
    return tuple(validator.clause(item, path, item_id, dict(members)) for path, item, item_id in found)


class _LineLoader(yaml.SafeLoader):
    """The safe YAML loader; only used to compose a node tree whose marks give line numbers.

    Its one change to the safe loader: a decimal is built as the exact Fraction of the digits written, as the JSON
    and TOML readers build it (the safe loader's binary float would keep only 17 digits: ``0.1000000000000000055``
    would be 1/10 in YAML but not in JSON).
    """


def _construct_yaml_decimal(loader, node):
    text = loader.construct_scalar(node).replace("_", "")
    lowered = text.lower()
    if lowered.lstrip("+-") in (".inf", ".nan"):
        return yaml.SafeLoader.construct_yaml_float(loader, node)  # left for validation to refuse by its field
    return _exact_float(text)  # base 60 ("1:30.5") is refused before anything is built (_yaml_surprise)


_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"


def _yaml_surprise(node):
    """Why a plain YAML number would be read as another number than other formats (and people) read it, or None.

    YAML 1.1, which PyYAML implements, reads ``017`` as octal 15 (``019``, not octal, is text) and ``1:30`` as
    base 60, 90; JSON and TOML have neither, and a ratio written ``1:3`` would silently be 63.
    """
    if not isinstance(node, yaml.ScalarNode) or node.style is not None or node.tag not in (_INT_TAG, _FLOAT_TAG):
        return None
    text = node.value.replace("_", "")
    if ":" in text:
        return (f"{node.value} is a base-60 number to YAML 1.1 (1:30 is 90); write the number itself, a fraction "
                "in quotes ('1/3'), or put text in quotes")
    digits = text.lstrip("+-")
    if node.tag == _INT_TAG and len(digits) > 1 and digits[0] == "0" and digits.isdigit():
        if int(digits, 8) != int(digits):
            return (f"{node.value} is the octal number {int(digits, 8)} to YAML 1.1 but {int(digits)} to other "
                    f"readers; write {int(digits)}, or put text in quotes")
    return None


_LineLoader.add_constructor(_FLOAT_TAG, _construct_yaml_decimal)


def _parse_yaml(text, name):
    try:
        loader = _LineLoader(text)  # reads the text at once: a character YAML forbids is found here
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        raise ScenarioError(f"not valid YAML: {str(error).splitlines()[0]}", file=name, line=line) from None
    try:
        node = loader.get_single_node()
        if node is None:
            raise ScenarioError("empty file; a scenario is a mapping with `members` or `game`", file=name, line=1)
        lines = {}
        _yaml_lines(loader, node, lines, name)
        raw = loader.construct_document(node)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise ScenarioError(f"not valid YAML: {problem}", file=name, line=line) from None
    except RecursionError:  # PyYAML composes nested collections recursively
        raise ScenarioError(_TOO_DEEP, file=name) from None
    except ValueError as error:  # a scalar the constructor cannot build: a date like 2025-02-30, 5,000 digits
        raise ScenarioError(f"not valid YAML: {error}", file=name) from None
    finally:
        loader.dispose()
    return raw, lines


def _yaml_data(text, name="<value>"):
    """YAML text as data under the same guards as a scenario file (nesting, alias expansion), for --set values."""
    loader = _LineLoader(text)  # a ReaderError here is a YAMLError, which the caller reports
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _yaml_lines(loader, node, {}, name)
        return loader.construct_document(node)
    except RecursionError:
        raise ScenarioError(_TOO_DEEP) from None
    except ValueError as error:
        raise ScenarioError(f"not valid YAML data: {error}") from None
    finally:
        loader.dispose()


_TOO_DEEP = f"nested more than {MAX_NESTING} levels deep; a scenario needs only a handful of levels"


def _yaml_lines(loader, root, lines, name):
    """Record the line of every field, walking the node tree the way the data will be built (aliases expanded).

    The walk refuses, before anything is built: duplicate keys, keys that are not plain values, nesting deeper
    than MAX_NESTING (which includes an alias inside the collection it names), and aliases that would add more
    than MAX_ALIAS_EXPANSION nodes to the document (a "billion laughs": ten aliases to ten aliases to …). Merge
    keys (``<<: *base``) are resolved here, on the node tree (see :func:`_merged_pairs`), so a merged field has
    the line where it is written.
    """
    stack = [(root, (), (), 0, root.start_mark.line + 1)]  # node, raw path, path as shown (items by id), depth, line
    distinct = set()
    visits = 0
    merged = {"pairs": 0}  # pairs copied by merge keys, counted against MAX_ALIAS_EXPANSION like aliases
    while stack:
        node, path, shown, depth, line = stack.pop()
        lines[path] = line
        if depth > MAX_NESTING:
            raise ScenarioError(
                f"nested more than {MAX_NESTING} levels deep (or an alias inside the collection it names); a "
                "scenario needs only a handful of levels",
                file=name,
                line=node.start_mark.line + 1,
            )
        visits += 1
        distinct.add(id(node))
        if visits - len(distinct) > MAX_ALIAS_EXPANSION:
            raise _alias_bomb(name, node)
        surprise = _yaml_surprise(node)
        if surprise:
            raise ScenarioError(surprise, file=name, line=node.start_mark.line + 1, field=_dotted(shown) or None)
        children = []
        if isinstance(node, yaml.MappingNode):
            for key, key_node, value_node in _merged_pairs(loader, node, name, shown, merged, set()):
                children.append((value_node, path + (key,), shown + (key,), depth + 1, key_node.start_mark.line + 1))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                item_shown = shown + (_Item(index, _node_id(item)),)
                children.append((item, path + (index,), item_shown, depth + 1, item.start_mark.line + 1))
        stack.extend(reversed(children))  # depth first, in file order: the first duplicate found is the first


def _alias_bomb(name, node):
    return ScenarioError(
        f"YAML aliases here expand the document by more than {MAX_ALIAS_EXPANSION:,} items; write the "
        "repeated parts out, or repeat fewer of them",
        file=name,
        line=node.start_mark.line + 1,
    )


_MERGE_TAG = "tag:yaml.org,2002:merge"


def _node_id(node):
    """The ``id`` a list item's mapping node gives itself (as written, plain text), to name the item by."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == "id" and key_node.tag != _MERGE_TAG:
                if isinstance(value_node, yaml.ScalarNode) and value_node.tag == "tag:yaml.org,2002:str":
                    return value_node.value
    return None


def _merged_pairs(loader, node, name, path, merged, open_nodes):
    """A mapping node's (key, key node, value node) triples, its merge keys resolved; refuses duplicate keys.

    YAML's merge key (https://yaml.org/type/merge.html): ``<<: *base`` or ``<<: [*a, *b]`` inserts the pairs of
    those mappings; a key written in the mapping itself wins over a merged one, and among the merged mappings the
    first listed wins. The node's pairs are replaced by the resolved ones (one per key, in the order PyYAML's
    constructor would give), so the constructor builds exactly what was walked; a mapping is resolved once however
    often it is merged, and each merged pair counts against MAX_ALIAS_EXPANSION.
    """
    own, sources, seen = [], [], {}
    has_merge = False
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise ScenarioError("a key must be a plain value", file=name, line=key_node.start_mark.line + 1)
        is_merge = key_node.tag == _MERGE_TAG
        key = "<<" if is_merge else loader.construct_object(key_node)
        if key in seen:
            raise ScenarioError(
                f"duplicate key {_quoted(key)} (first at line {seen[key]})",
                file=name,
                line=key_node.start_mark.line + 1,
                field=_dotted(path + (key,)),
            )
        seen[key] = key_node.start_mark.line + 1
        if not is_merge:
            own.append((key, key_node, value_node))
            continue
        has_merge = True
        if isinstance(value_node, yaml.MappingNode):
            sources.append(value_node)
        elif isinstance(value_node, yaml.SequenceNode) and all(
            isinstance(item, yaml.MappingNode) for item in value_node.value
        ):
            sources.extend(value_node.value)
        else:
            raise ScenarioError(
                "a merge key (<<) takes a mapping or a list of mappings, such as *base or [*a, *b]",
                file=name,
                line=value_node.start_mark.line + 1,
                field=_dotted(path + ("<<",)),
            )
    if not has_merge:
        return own
    if id(node) in open_nodes:
        raise ScenarioError("a mapping merges itself (<< names an alias of the mapping it is in)", file=name,
                            line=node.start_mark.line + 1, field=_dotted(path) or None)
    open_nodes.add(id(node))
    resolved = {}
    for source in sources:
        for key, key_node, value_node in _merged_pairs(loader, source, name, path, merged, open_nodes):
            merged["pairs"] += 1
            if merged["pairs"] > MAX_ALIAS_EXPANSION:
                raise _alias_bomb(name, node)
            resolved.setdefault(key, (key, key_node, value_node))
    for key, key_node, value_node in own:
        resolved[key] = (key, key_node, value_node)
    open_nodes.discard(id(node))
    triples = list(resolved.values())
    node.value = [(key_node, value_node) for _, key_node, value_node in triples]
    return triples


class _DuplicateKey(ValueError):
    pass


def _parse_json(text, name):
    def pairs(items):
        result = {}
        for key, value in items:
            if key in result:
                raise _DuplicateKey(key)
            result[key] = value
        return result

    try:
        raw = json.loads(text, object_pairs_hook=pairs, parse_float=_exact_float)
    except json.JSONDecodeError as error:
        raise ScenarioError(f"not valid JSON: {error.msg}", file=name, line=error.lineno) from None
    except _DuplicateKey as error:
        duplicates = []
        try:
            _scan_json(text, {}, duplicates)
        except (IndexError, ValueError):
            pass
        path, line = duplicates[0] if duplicates else ((error.args[0],), None)
        raise ScenarioError(f"duplicate key {_quoted(error.args[0])}", file=name, line=line,
                            field=_dotted(path)) from None
    except ValueError as error:  # an integer of more digits than Python converts
        raise ScenarioError(f"not valid JSON: {error}", file=name, line=_line_of_long_number(text)) from None
    except RecursionError:
        raise ScenarioError(_TOO_DEEP, file=name) from None
    _check_nesting(raw, name)
    return raw, _LazyLines(text, _scan_json)


def _line_of_long_number(text):
    """The line of the first integer too long for Python to convert (the parsers' ValueError names none)."""
    found = re.search(r"[0-9_]{4300,}", text)
    return text.count("\n", 0, found.start()) + 1 if found else None


def _exact_float(text):
    # Keep the decimal the file wrote: "0.1" stays 1/10 rather than the nearest binary float. A number whose
    # exponent is out of all range stays text, which validation refuses just as it refuses the same text in YAML.
    return text if _wild_exponent(text) else Fraction(text)


def _toml_float(text):
    text = text.replace("_", "")
    if _wild_exponent(text):
        return text
    try:
        return Fraction(text)
    except ValueError:  # inf and nan: left for validation to reject with the field's name
        return float(text)


def _parse_toml(text, name):
    try:
        raw = tomllib.loads(text, parse_float=_toml_float)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = re.search(r"\(at line ([0-9]+)", message)
        line = getattr(error, "lineno", None) or (int(found.group(1)) if found else None)  # lineno: Python 3.14
        message = getattr(error, "msg", None) or re.sub(r"\s*\(at line [0-9]+, column [0-9]+\)", "", message)
        raise ScenarioError(f"not valid TOML: {message}", file=name, line=line) from None
    except RecursionError:
        raise ScenarioError(_TOO_DEEP, file=name) from None
    except ValueError as error:  # an integer of more digits than Python converts
        raise ScenarioError(f"not valid TOML: {error}", file=name, line=_line_of_long_number(text)) from None
    _check_nesting(raw, name)
    return raw, _LazyLines(text, _scan_toml)


def _check_nesting(raw, name):
    """Refuse data nested deeper than MAX_NESTING (JSON and TOML; YAML is checked on its node tree)."""
    stack = [(raw, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_NESTING:
            raise ScenarioError(_TOO_DEEP, file=name)
        if isinstance(value, dict):
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)


_EXPONENT = re.compile(r"[eE]\s*([+-]?)\s*0*([0-9]+)\s*$")


def _wild_exponent(text):
    """Whether a number's decimal exponent is so large that computing 10**exponent exactly would take minutes
    (``1e999999999``): far beyond MAX_MAGNITUDE and MAX_DENOMINATOR, so refused without computing it."""
    found = _EXPONENT.search(text)
    return found is not None and len(found.group(2)) > 4


def parse_number(text) -> Fraction:
    """A number written as text (``12``, ``0.5``, ``1/3``, ``1e6``, ``1_000``) as an exact Fraction.

    Raises ValueError for text that is not a number (its message says why: a non-ASCII digit such as ``"１"``
    is named), :class:`NumberOutOfRange` for one out of the range :func:`check_number` allows (found without
    computing a huge power of ten first).
    """
    return check_number(_number_text(str(text)))


class NumberOutOfRange(ValueError):
    """A number beyond MAX_MAGNITUDE, or with a denominator beyond MAX_DENOMINATOR."""


def check_number(number: Fraction) -> Fraction:
    """``number``, or :class:`NumberOutOfRange` when it is too large or too finely divided to be money."""
    if abs(number) > MAX_MAGNITUDE or number.denominator > MAX_DENOMINATOR:
        raise NumberOutOfRange(_out_of_range(number))
    return number


def _out_of_range(number):
    if number is not None and abs(number) > MAX_MAGNITUDE:
        size = f"about 1e{math.floor(math.log10(abs(number.numerator) // number.denominator))}"
        return f"{size} is too large: ipshare reads numbers up to 1e18; state amounts in thousands or millions"
    return ("out of the range ipshare reads: numbers up to 1e18, with at most 18 decimal places; state amounts in "
            "other units or round the number")


class _LazyLines(Mapping):
    """Line numbers for formats whose parsers give none (JSON, TOML): ``scan(text, lines)`` fills a mapping of raw
    path -> line once, when a line is first asked for (most loads never ask). The text has been parsed already, so
    a scanner that meets something it does not expect stops there; what it recorded so far stays valid."""

    def __init__(self, text, scan):
        self._text = text
        self._scan = scan
        self._lines = None

    def _table(self):
        if self._lines is None:
            lines = {}
            try:
                self._scan(self._text, lines)
            except (_ScanStop, IndexError, ValueError, RecursionError):
                pass
            self._lines = lines
            self._text = None
        return self._lines

    def __getitem__(self, path):
        return self._table()[path]

    def __iter__(self):
        return iter(self._table())

    def __len__(self):
        return len(self._table())


class _ScanStop(Exception):
    """A scanner met text it does not expect (it records lines; the parser has judged the text already)."""


_JSON_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|[{}\[\],:\n]|[^\s{}\[\],:"]+')


def _scan_json(text, lines, duplicates=None):
    """Record the line of every key (an object member's path) and array element of a JSON text.

    ``duplicates``, when given, gets the (path, line) of each key repeated within its object, in text order.
    """
    line = 1
    stack = []  # ["object", path, key, expecting a key, keys seen] or ["array", path, index, expecting an element]
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token == "\n":
            line += 1
            continue
        top = stack[-1] if stack else None
        if token in ("}", "]"):
            stack.pop()
            continue
        if token == ":":
            continue
        if token == ",":
            if top[0] == "object":
                top[3] = True
            else:
                top[2] += 1
                top[3] = True
            continue
        if top is not None and top[0] == "object" and top[3]:
            key = token[1:-1] if "\\" not in token else json.loads(token)
            path = top[1] + (key,)
            if key in top[4]:
                if duplicates is not None:
                    duplicates.append((path, line))
            else:
                lines[path] = line
            top[4].add(key)
            top[2], top[3] = key, False
            continue
        if top is None:
            path = ()
            lines[path] = line
        elif top[0] == "object":
            path = top[1] + (top[2],)
        else:
            path = top[1] + (top[2],)
            lines[path] = line
            top[3] = False
        if token == "{":
            stack.append(["object", path, None, True, set()])
        elif token == "[":
            stack.append(["array", path, 0, True])


def _scan_toml(text, lines):
    """Record the line of every key, table header and array element of a TOML text (by raw path)."""
    _TomlScanner(text, lines).run()


_TOML_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_TOML_SCALAR = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[ Tt][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:[Zz]|[+-][0-9]{2}:[0-9]{2})?"
    r"|[^,\]}\s#]+"
)


class _TomlScanner:
    def __init__(self, text, lines):
        self.text = text
        self.at = 0
        self.line = 1
        self.lines = lines
        self.arrays = {}  # path of an array of tables -> index of its last table so far

    def run(self):
        table = ()
        self.lines[()] = 1
        while True:
            self.blank(newlines=True)
            if self.at >= len(self.text):
                return
            line = self.line
            if self.text.startswith("[[", self.at):
                self.at += 2
                table = self.header(self.keys(), line, array=True)
                self.expect("]]")
            elif self.text[self.at] == "[":
                self.at += 1
                table = self.header(self.keys(), line, array=False)
                self.expect("]")
            else:
                path = table + tuple(self.keys())
                self.record(path, line, len(table))
                self.expect("=")
                self.value(path)

    def record(self, path, line, known):
        for end in range(known + 1, len(path)):
            self.lines.setdefault(path[:end], line)
        self.lines[path] = line

    def header(self, keys, line, *, array):
        path = ()
        for position, key in enumerate(keys):
            path += (key,)
            if array and position == len(keys) - 1:
                index = self.arrays.get(path, -1) + 1
                self.arrays[path] = index
                self.lines.setdefault(path, line)
                path += (index,)
            elif path in self.arrays:
                path += (self.arrays[path],)
            self.lines.setdefault(path, line)
        self.lines[path] = line
        return path

    def blank(self, *, newlines):
        text = self.text
        while self.at < len(text):
            char = text[self.at]
            if char in " \t\r":
                self.at += 1
            elif char == "\n" and newlines:
                self.line += 1
                self.at += 1
            elif char == "#":
                end = text.find("\n", self.at)
                self.at = len(text) if end < 0 else end
            else:
                return

    def expect(self, token):
        self.blank(newlines=False)
        if not self.text.startswith(token, self.at):
            raise _ScanStop(token)
        self.at += len(token)

    def keys(self):
        keys = []
        while True:
            self.blank(newlines=False)
            char = self.text[self.at]
            if char == '"':
                start = self.at
                self.basic_string()
                keys.append(tomllib.loads("k = " + self.text[start : self.at])["k"])
            elif char == "'":
                end = self.text.index("'", self.at + 1)
                keys.append(self.text[self.at + 1 : end])
                self.at = end + 1
            else:
                match = _TOML_BARE_KEY.match(self.text, self.at)
                if match is None:
                    raise _ScanStop("key")
                keys.append(match.group())
                self.at = match.end()
            self.blank(newlines=False)
            if self.text.startswith(".", self.at):
                self.at += 1
                continue
            return keys

    def basic_string(self):
        at = self.at + 1
        text = self.text
        while text[at] != '"':
            at += 2 if text[at] == "\\" else 1
        self.at = at + 1

    def multiline_string(self, quotes):
        text = self.text
        at = self.at + 3
        while not text.startswith(quotes, at):
            at += 2 if quotes == '"""' and text[at] == "\\" else 1
        end = at + 3
        for _ in range(2):  # up to two quotes just before the closing three belong to the string
            if text.startswith(quotes[0], end):
                end += 1
        self.line += text.count("\n", self.at, end)
        self.at = end

    def value(self, path):
        self.blank(newlines=False)
        text = self.text
        char = text[self.at]
        if text.startswith('"""', self.at) or text.startswith("'''", self.at):
            self.multiline_string(text[self.at : self.at + 3])
        elif char == '"':
            self.basic_string()
        elif char == "'":
            self.at = text.index("'", self.at + 1) + 1
        elif char == "[":
            self.at += 1
            index = 0
            while True:
                self.blank(newlines=True)
                if text[self.at] == "]":
                    self.at += 1
                    return
                self.lines[path + (index,)] = self.line
                self.value(path + (index,))
                self.blank(newlines=True)
                if text[self.at] == ",":
                    self.at += 1
                    index += 1
        elif char == "{":
            self.at += 1
            while True:
                self.blank(newlines=True)
                if text[self.at] == "}":
                    self.at += 1
                    return
                line = self.line
                inner = path + tuple(self.keys())
                self.record(inner, line, len(path))
                self.expect("=")
                self.value(inner)
                self.blank(newlines=True)
                if text[self.at] == ",":
                    self.at += 1
        else:
            match = _TOML_SCALAR.match(text, self.at)
            if match is None:
                raise _ScanStop("value")
            self.at = match.end()


def _line_of(lines, path):
    while True:
        try:
            return lines[path]
        except KeyError:
            if not path:
                return None
            path = path[:-1]


def _dotted(path):
    """A field's path as messages show it: ``revenue.L1.royalty.rate``, ``players[2]``; an empty key as ``""``."""
    text = ""
    for element in path:
        if isinstance(element, _Item) and element.id:
            text += f".{_printable(element.id)}"
        elif isinstance(element, _Item):
            text += f"[{element.index}]"
        elif isinstance(element, int) and not isinstance(element, bool):
            text += f"[{element}]"
        else:
            text += "." + (_printable(element) if element != "" else '""')
    return text[1:] if text.startswith(".") else text


def _printable(key):
    """A key as shown in a message: unprintable characters (a line break, U+2028, a bidi control …) escaped, so
    the message stays on one line and reads in order, and a long key cut short."""
    text = str(key)
    if len(text) > _SHOWN:
        text = text[:_SHOWN] + "…"
    return text if text.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


@dataclass(frozen=True)
class _Item:
    """A list element in a path: located by its index, shown by its id when it has one."""

    index: int
    id: str | None


def _raw_path(path):
    return tuple(element.index if isinstance(element, _Item) else element for element in path)


# --------------------------------------------------------------------------------------------------------------
# Text: what a string of a scenario may hold


def _ranges(*pairs):
    return "".join(f"{re.escape(chr(low))}-{re.escape(chr(high))}" for low, high in pairs)


# The noncharacters are U+FDD0-U+FDEF and the last two code points of every plane. Those beyond the first plane
# are found by a broad range (all of planes 2-16 and the end of plane 1) that _find then narrows: a character class
# of 32 scattered astral ranges makes every search of a large file ten times slower.
_NONCHARACTERS = ((0xFDD0, 0xFDEF), (0xFFFE, 0xFFFF), (0x1FFFE, 0x10FFFF))
_BIDI_CONTROLS = ((0x202A, 0x202E), (0x2066, 0x2069))
# No output can hold these anywhere (free text included): XML and the Office formats refuse C0 controls, surrogates
# and U+FFFE/U+FFFF outright; C1 controls and noncharacters are not text; bidi controls reorder what is shown.
_UNHOLDABLE = re.compile(
    "["
    + _ranges((0x00, 0x08), (0x0B, 0x1F), (0x7F, 0x9F), (0xD800, 0xDFFF), *_NONCHARACTERS, *_BIDI_CONTROLS)
    + "]"
)
# One-line text also has no line break or tab.
_NOT_ONE_LINE = re.compile("[" + _ranges((0x00, 0x1F), (0x7F, 0x9F), (0xD800, 0xDFFF), *_NONCHARACTERS,
                                        *_BIDI_CONTROLS, (0x2028, 0x2029)) + "]")


def _find(pattern, text):
    """The first match of _UNHOLDABLE or _NOT_ONE_LINE in ``text`` that is one (narrowing the astral range)."""
    position = 0
    while True:
        found = pattern.search(text, position)
        if found is None:
            return None
        code = ord(found.group())
        if code < 0x1FFFE or code & 0xFFFE == 0xFFFE:
            return found
        position = found.end()


_CONTROL_NAMES = {
    0x00: "NULL",
    0x07: "BELL",
    0x08: "BACKSPACE",
    0x09: "TAB",
    0x0A: "LINE FEED",
    0x0B: "LINE TABULATION",
    0x0C: "FORM FEED",
    0x0D: "CARRIAGE RETURN",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
    0x85: "NEXT LINE",
}


def _character(char):
    """A character as a message names it: ``U+0007 (BELL)``, ``U+FF11 (FULLWIDTH DIGIT ONE)``."""
    import unicodedata

    code = ord(char)
    name = _CONTROL_NAMES.get(code) or unicodedata.name(char, "")
    return f"U+{code:04X} ({name})" if name else f"U+{code:04X}"


def _character_problem(char, index, *, in_id=False):
    """What is wrong with ``char`` at ``index`` of a text (one of those _UNHOLDABLE or _NOT_ONE_LINE finds)."""
    code = ord(char)
    at = f" at character {index + 1}"
    if in_id and code in (0x09, 0x0A, 0x2028, 0x2029):
        return f"contains {'a tab' if code == 0x09 else 'a line break'} {_character(char)}{at}"
    if code in (0x0A, 0x2028, 0x2029):
        return (f"contains a line break {_character(char)}{at}; a name, title or id is one line (a description may "
                "hold several)")
    if code == 0x09:
        return f"contains a tab {_character(char)}{at}; a name, title or id is one line of text without tabs"
    if 0xD800 <= code <= 0xDFFF:
        return (f"contains a lone surrogate U+{code:04X}{at} (half of a UTF-16 pair, such as the JSON escape "
                f"\\u{code:04x}), which is not a character; no output can hold it")
    if 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
        return f"contains the noncharacter U+{code:04X}{at}, which is not text; no output can hold it"
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return (f"contains the bidirectional control {_character(char)}{at}, which makes text display in another "
                "order than it is written (a name can pass for another); remove it")
    kind = "C1 control character" if 0x80 <= code <= 0x9F else "control character"
    return (f"contains the {kind} {_character(char)}{at}, which no output can hold; remove it (a description may "
            "hold line breaks and tabs, nothing else of the kind)")


def text_problem(text: str, *, one_line: bool) -> str | None:
    """Why ``text`` cannot be stored in a one-line field (``one_line``) or a description, or None when it can.

    Length and emptiness are the field's concern; this finds the characters no output can hold (the module
    docstring lists them) and, in one-line text, line breaks and tabs.
    """
    found = _find(_NOT_ONE_LINE if one_line else _UNHOLDABLE, text)
    return None if found is None else _character_problem(found.group(), found.start())


def _value_at(raw, path):
    for part in path:
        raw = raw[part]
    return raw


def _holds_unholdable(raw):
    """Whether any string of the data, key or value, holds a character no output can hold."""
    def search(text):
        return _find(_UNHOLDABLE, text)

    stack = [raw]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str) and search(key):
                    return True
                if isinstance(item, str):
                    if search(item):
                        return True
                elif isinstance(item, dict | list):
                    stack.append(item)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, str):
                    if search(item):
                        return True
                elif isinstance(item, dict | list):
                    stack.append(item)
        elif isinstance(value, str) and search(value):
            return True
    return False


def _id_problem(value):
    """Why ``value`` is not an id, or None (ids: an ASCII letter, then ASCII letters, digits, '-' and '_')."""
    if len(value) <= MAX_ID_LENGTH and _ID.fullmatch(value):
        return None
    if not value:
        return "is empty"
    if len(value) > MAX_ID_LENGTH:
        return f"is {len(value):,} characters long; an id has at most {MAX_ID_LENGTH}"
    for index, char in enumerate(value):
        at = f" at character {index + 1}"
        if _find(_NOT_ONE_LINE, char):
            return _character_problem(char, index, in_id=True)
        if char.isspace():
            where = "at its start" if index == 0 else "at its end" if index == len(value) - 1 else f"inside,{at}"
            return f"has whitespace {_character(char)} {where}"
        if char == "+":
            return f"contains '+'{at}, which joins ids in coalitions such as A+B"
        if not char.isascii():
            return f"contains the non-ASCII character {char!r} {_character(char)}{at}"
        if not (char.isalnum() or char in "-_"):
            return f"contains {char!r}{at}"
    if not _ID.fullmatch(value):
        return "must start with a letter"
    return None


def _number_text(text):
    """A number written as text, as an exact Fraction (ValueError with a message, or NumberOutOfRange).

    ASCII digits only: Python's int and Fraction also read any Unicode digit ("１００" as 100), which a reader of
    the file would not take for a number the program computes with.
    """
    stripped = text.strip(" \t\r\n")
    for index, char in enumerate(stripped):
        if not char.isascii():
            import unicodedata

            at = f" at character {index + 1}"
            if unicodedata.digit(char, None) is not None or char.isdigit():
                raise ValueError(
                    f"{_quoted(text)} has the non-ASCII digit {char!r} {_character(char)}{at}; write numbers with "
                    "the digits 0-9"
                )
            raise ValueError(
                f"must be a number (like 12, 0.5 or 1/3), not {_quoted(text)}: it has {_character(char)}{at}"
            )
    if stripped.endswith("%"):
        raise ValueError(f"must be a number (like 12, 0.5 or 1/3), not {_quoted(text)}; write 15 % as 0.15")
    cleaned = stripped.replace("_", "")
    if _wild_exponent(cleaned):
        raise NumberOutOfRange(_out_of_range(None))
    try:
        return Fraction(cleaned)
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"must be a number (like 12, 0.5 or 1/3), not {_quoted(text)}") from None


# --------------------------------------------------------------------------------------------------------------
# Validation


class _Validator:
    def __init__(self, name, lines, overridden=None, *, clean_source=False):
        self.name = name
        self.lines = lines
        self.overridden = overridden or {}
        self.clean_source = clean_source  # the file's text holds nothing check_text refuses (see loads)

    # -- reporting ---------------------------------------------------------------------------------------------

    def fail(self, path, message):
        shown = self.override_of(path)
        if shown is not None:
            # The culprit came from the command line, not from a line of the file.
            set_path = shown.partition("=")[0]
            where = "" if _dotted(path) == set_path else f" ({_dotted(path)})"
            raise ScenarioError(message, file=self.name, field=f"--set {set_path}{where}")
        raw = _raw_path(path)
        raise ScenarioError(message, file=self.name, line=_line_of(self.lines, raw), field=_dotted(path) or None)

    def override_of(self, path):
        """The ``--set PATH=VALUE`` that gave the field at ``path`` (or a field around it), or None."""
        raw = _raw_path(path)
        for changed, shown in self.overridden.items():
            if raw[: len(changed)] == changed:
                return shown
        return None

    def suggest(self, word, candidates):
        close = difflib.get_close_matches(str(word), [str(c) for c in candidates], n=1, cutoff=0.6)
        return f"; did you mean {close[0]!r}?" if close else ""

    # -- shapes ------------------------------------------------------------------------------------------------

    def mapping(self, value, path, what="a mapping"):
        if not isinstance(value, dict):
            self.fail(path, f"must be {what}, not {_describe(value)}")
        return value

    def sequence(self, value, path, what="a list"):
        if not isinstance(value, list):
            self.fail(path, f"must be {what}, not {_describe(value)}")
        return value

    def keys(self, value, path, allowed, required=()):
        for key in value:
            if not isinstance(key, str):
                hint = _BOOLEAN_HINT if isinstance(key, bool) else ""
                self.fail(path, f"key {_quoted(key)} must be text{hint}")
            if key not in allowed:
                known = ", ".join(allowed)
                hint = self.suggest(key, allowed) or f"; known keys: {known}"
                self.fail(path + (key,), f"unknown key {_quoted(key)}{hint}")
        for key in required:
            if key not in value:
                self.fail(path, f"missing required key {key!r}")

    def text(self, value, path, *, optional=False, free=False):
        """One-line text (a name, title, licensee …), or with ``free`` a description (module docstring)."""
        if value is None and optional:
            return None
        if isinstance(value, bool):
            self.fail(path, f"must be text, not {_describe(value)}{_BOOLEAN_HINT}")
        if isinstance(value, int):
            value = str(value)  # a whole number is its digits in every format
        elif isinstance(value, float | Fraction):
            self.fail(
                path,
                f"must be text, not {_describe(value)}; put it in quotes (formats write decimals differently: "
                "YAML's 0.1 is JSON's 1/10)",
            )
        elif isinstance(value, datetime.date):
            self.fail(path, f"must be text, not the date {value.isoformat()}; put it in quotes")
        elif not isinstance(value, str):
            hint, shown = "", self.override_of(path)
            if isinstance(value, list | dict) and shown is not None:
                hint = (f"; --set reads its value as YAML: put text that starts with [ or {{ in quotes, as in "
                        f"--set '{shown.partition('=')[0]}=\"[x]\"'")
            self.fail(path, f"must be text, not {_describe(value)}{hint}")
        limit = MAX_TEXT_LENGTH if free else MAX_LINE_LENGTH
        if len(value) > limit:
            what = "a description" if free else "a name, title or other one-line text"
            self.fail(path, f"is {len(value):,} characters long; {what} has at most {limit:,}")
        problem = text_problem(value, one_line=not free)
        if problem:
            self.fail(path, problem)
        if not free and not value.strip():
            self.fail(path, "is empty; give the text, or leave the field out where it is optional")
        return value

    def description(self, raw, path):
        """The free text under ``raw``'s ``description`` key, or None."""
        return self.text(raw.get("description"), path + ("description",), optional=True, free=True)

    def identifier(self, value, path, what="an id"):
        problem = _id_problem(value) if isinstance(value, str) else f"must be text, not {_describe(value)}"
        if problem:
            hint = _BOOLEAN_HINT if isinstance(value, bool) else ""
            self.fail(
                path,
                f"{what} {problem}; ids start with a letter and use only ASCII letters, digits, '-' and '_' "
                f"(got {_quoted(value)}){hint}",
            )
        return value

    def distinct(self, seen, value, path, what, where):
        """Record id ``value`` in ``seen`` (folded id -> (id, where)), refusing one met before, also in another case."""
        folded = value.casefold()
        if folded in seen:
            first, first_where = seen[folded]
            if first == value:
                self.fail(path, f"duplicate id {value!r} (also {first_where})")
            self.fail(
                path,
                f"{what} {value!r} differs from {first!r} ({first_where}) only in upper/lower case; ids must differ "
                "by more than case, which some readers and spreadsheets ignore",
            )
        seen[folded] = (value, where)

    def check_text(self, raw):
        """Refuse, anywhere in the data (keys included), characters no output can hold (module docstring)."""
        if self.clean_source:
            changed = [_value_at(raw, path) for path in self.overridden]
            changed += [path[-1] for path in self.overridden if path and isinstance(path[-1], str)]
            if not _holds_unholdable(changed):
                return
        elif not _holds_unholdable(raw):
            return  # the usual case, found without building a path for every field
        stack = [(raw, ())]
        while stack:
            value, path = stack.pop()
            if isinstance(value, str):
                problem = text_problem(value, one_line=False)
                if problem:
                    self.fail(path, problem)
            elif isinstance(value, dict):
                for key, item in value.items():
                    if isinstance(key, str):
                        problem = text_problem(key, one_line=False)
                        if problem:
                            self.fail(path + (key,), "the key " + problem)
                    stack.append((item, path + (key,)))
            elif isinstance(value, list):
                for index, item in enumerate(value):
                    item_id = item.get("id") if isinstance(item, dict) else None
                    stack.append((item, path + (_Item(index, item_id if isinstance(item_id, str) else None),)))

    def number(self, value, path, *, minimum=None, maximum=None, below=None, above=None, optional=False):
        if value is None and optional:
            return None
        if isinstance(value, bool):
            self.fail(path, f"must be a number, not {_describe(value)}")
        if isinstance(value, Fraction):
            number = value
        elif isinstance(value, int):
            number = Fraction(value)
        elif isinstance(value, float):
            if not math.isfinite(value):
                self.fail(path, f"must be a finite number, not {value}")
            number = Fraction(repr(value))
        elif isinstance(value, str):
            try:
                number = _number_text(value)
            except ValueError as error:  # NumberOutOfRange included
                self.fail(path, str(error))
        else:
            self.fail(path, f"must be a number, not {_describe(value)}")
        try:
            check_number(number)
        except NumberOutOfRange as error:
            self.fail(path, str(error))
        if minimum is not None and number < minimum:
            self.fail(path, f"must be at least {_show(minimum)}, got {_show(number)}")
        if maximum is not None and number > maximum:
            self.fail(path, f"must be at most {_show(maximum)}, got {_show(number)}")
        if below is not None and number >= below:
            self.fail(path, f"must be below {_show(below)}, got {_show(number)}")
        if above is not None and number <= above:
            self.fail(path, f"must be above {_show(above)}, got {_show(number)}")
        return number

    def integer(self, value, path, *, minimum=None, maximum=None):
        number = self.number(value, path, minimum=minimum, maximum=maximum)
        if number.denominator != 1:
            self.fail(path, f"must be a whole number, got {_show(number)}")
        return int(number)

    def boolean(self, value, path):
        if not isinstance(value, bool):
            self.fail(path, f"must be true or false, not {_describe(value)}")
        return value

    def choice(self, value, path, choices, what="value"):
        if value not in choices:
            hint = self.suggest(value, choices)
            self.fail(path, f"unknown {what} {_quoted(value)}; choose one of {', '.join(choices)}{hint}")
        return value

    def ref(self, value, path, pool, what):
        if not isinstance(value, str) or value not in pool:
            hint = self.suggest(value, pool)
            self.fail(path, f"unknown {what} {_quoted(value)}{hint}")
        return value

    def refs(self, value, path, pool, what):
        items = self.sequence(value, path, f"a list of {what} ids")
        result = []
        for index, item in enumerate(items):
            self.ref(item, path + (index,), pool, what)
            if item in result:
                self.fail(path + (index,), f"{what} {item!r} is listed twice")
            result.append(item)
        return tuple(result)

    def items_with_ids(self, value, path, what):
        """A list of mappings each with a unique ``id``; yields (path, item, id)."""
        items = self.sequence(value, path, f"a list of {what}")
        seen = {}
        for index, item in enumerate(items):
            item_id = item.get("id") if isinstance(item, dict) else None
            item_path = path + (_Item(index, item_id if isinstance(item_id, str) else None),)
            self.mapping(item, item_path)
            if "id" not in item:
                self.fail(item_path, "missing required key 'id'")
            self.identifier(item_id, item_path + ("id",))
            self.distinct(seen, item_id, item_path + ("id",), "id", f"{what} [{index}]")
            yield item_path, item, item_id

    # -- the scenario ------------------------------------------------------------------------------------------

    def scenario(self, raw, sha256):
        root = ()
        self.check_text(raw)
        if not isinstance(raw, dict):
            self.fail(root, f"a scenario must be a mapping with `members` or `game`, not {_describe(raw)}")
        top = ("alliance", "members", "contributions", "patents", "revenue", "costs", "agreement", "grants", "game")
        self.keys(raw, root, top)
        if "game" in raw:
            for key in ("members", "contributions", "patents", "revenue", "costs", "agreement", "grants"):
                if key in raw:
                    self.fail((key,), "a scenario with a `game:` section cannot also describe an alliance")
            alliance = self.alliance(raw.get("alliance"), ("alliance",), game_only=True)
            game = self.game(raw["game"], ("game",))
            if alliance is None:
                # Named after the file when the game has no name: its stem escaped and cut short, as a file name
                # may hold what no output can (a control character, a bidi override).
                alliance = Alliance(name=game.name or _printable(Path(self.name).stem))
            return Scenario(
                path=self.name,
                sha256=sha256,
                alliance=alliance,
                members=MappingProxyType({}),
                game=game,
                source_lines=self._frozen_lines(),
            )
        if "members" not in raw:
            self.fail(root, "missing `members` (an alliance) or `game` (a classic game)")
        if "alliance" not in raw:
            self.fail(root, "missing required key 'alliance'")
        alliance = self.alliance(raw["alliance"], ("alliance",))
        members = self.members(raw["members"], ("members",))
        contributions = self.contributions(raw.get("contributions", []), ("contributions",), members)
        agreement_raw = raw.get("agreement", {})
        agreement = self.agreement(agreement_raw, ("agreement",), members)
        patents = self.patents(raw.get("patents", {}), ("patents",), members, contributions, agreement)
        revenue = self.revenue(raw.get("revenue", []), ("revenue",), members, patents)
        self.buyable_groups(contributions, patents, revenue)
        costs = self.costs(raw.get("costs", []), ("costs",), members)
        grants = terms.grants(self, raw.get("grants", []), ("grants",), members)
        implied = terms.revenue_share_clauses(
            agreement, patents, revenue, contributions.values(), alliance.discount_rate, self, ("agreement",)
        )
        if implied:
            agreement = _replace(agreement, clauses=agreement.clauses + implied)
        return Scenario(
            path=self.name,
            sha256=sha256,
            alliance=alliance,
            members=MappingProxyType(members),
            contributions=tuple(contributions.values()),
            patents=MappingProxyType(patents),
            revenue=revenue,
            costs=costs,
            agreement=agreement,
            source_lines=self._frozen_lines(),
            grants=grants,
        )

    def _frozen_lines(self):
        return self.lines if isinstance(self.lines, _LazyLines) else MappingProxyType(dict(self.lines))

    def alliance(self, raw, path, game_only=False):
        if raw is None and game_only:
            return None
        self.mapping(raw, path)
        self.keys(raw, path, ("name", "currency", "discount_rate", "minor_unit", "description"), ("name",))
        currency = self.text(raw.get("currency"), path + ("currency",), optional=True)
        if currency is not None and not re.fullmatch(r"[A-Z]{3}", currency):
            self.fail(path + ("currency",), f"must be a three-letter currency code like CNY or EUR, got {currency!r}")
        minor_unit = raw.get("minor_unit")
        return Alliance(
            name=self.text(raw["name"], path + ("name",)),
            currency=currency,
            discount_rate=self.number(raw.get("discount_rate", 0), path + ("discount_rate",), minimum=0, below=1),
            minor_unit=None
            if minor_unit is None
            else self.integer(minor_unit, path + ("minor_unit",), minimum=0, maximum=6),
            description=self.description(raw, path),
        )

    def members(self, raw, path):
        self.mapping(raw, path, "a mapping of member id to member")
        if not raw:
            self.fail(path, "an alliance needs at least one member")
        members = {}
        seen = {}
        for member_id, item in raw.items():
            item_path = path + (member_id,)
            self.identifier(member_id, item_path, "a member id")
            self.distinct(seen, member_id, item_path, "member id", "a member")
            if item is None:
                self.fail(item_path, "missing required key 'type'")
            self.mapping(item, item_path)
            self.keys(item, item_path, ("name", "type", "role", "description"), ("type",))
            members[member_id] = Member(
                id=member_id,
                name=self.text(item.get("name", member_id), item_path + ("name",)),
                type=self.choice(item["type"], item_path + ("type",), MEMBER_TYPES, "member type"),
                role=self.text(item.get("role"), item_path + ("role",), optional=True),
                description=self.description(item, item_path),
            )
        return members

    def contributions(self, raw, path, members):
        contributions = {}
        allowed = ("id", "member", "kind", "value", "substitute_cost", "quantity", "unit", "description")
        self.contribution_paths = {}
        for item_path, item, item_id in self.items_with_ids(raw, path, "contributions"):
            self.contribution_paths[item_id] = item_path
            self.keys(item, item_path, allowed, ("member", "kind", "value"))
            contributions[item_id] = Contribution(
                id=item_id,
                member=self.ref(item["member"], item_path + ("member",), members, "member"),
                kind=self.choice(item["kind"], item_path + ("kind",), CONTRIBUTION_KINDS, "contribution kind"),
                value=self.number(item["value"], item_path + ("value",), minimum=0),
                substitute_cost=self.number(
                    item.get("substitute_cost"), item_path + ("substitute_cost",), minimum=0, optional=True
                ),
                quantity=self.number(item.get("quantity"), item_path + ("quantity",), minimum=0, optional=True),
                unit=self.text(item.get("unit"), item_path + ("unit",), optional=True),
                description=self.description(item, item_path),
            )
        return contributions

    def owners(self, raw, path, members):
        self.mapping(raw, path, "a mapping of member id to share")
        if not raw:
            self.fail(path, "must name at least one owner")
        owners = {}
        for member_id, share in raw.items():
            self.ref(member_id, path + (member_id,), members, "member")
            owners[member_id] = self.number(share, path + (member_id,), above=0, maximum=1)
        total = sum(owners.values())
        if total != 1:
            self.fail(path, f"owners' shares must sum to 1, they sum to {_show(total)}")
        return MappingProxyType(owners)

    def patents(self, raw, path, members, contributions, agreement):
        self.mapping(raw, path, "a mapping of patent id to patent")
        patents = {}
        seen = {}
        allowed = ("title", "owners", "background", "from", "builds_on", "description")
        for patent_id, item in raw.items():
            item_path = path + (patent_id,)
            self.identifier(patent_id, item_path, "a patent id")
            self.distinct(seen, patent_id, item_path, "patent id", "a patent")
            self.mapping(item, item_path)
            self.keys(item, item_path, allowed)
            background = self.boolean(item.get("background", False), item_path + ("background",))
            owners = None
            if "owners" in item:
                owners = self.owners(item["owners"], item_path + ("owners",), members)
            made_from = ()
            if "from" in item:
                made_from = self.refs(item["from"], item_path + ("from",), contributions, "contribution")
            if background:
                if made_from:
                    self.fail(item_path + ("from",), "a background patent is not made from contributions")
                if owners is None:
                    self.fail(item_path, "a background patent needs `owners`")
            else:
                if not made_from:
                    self.fail(item_path, "a foreground patent needs `from` (the contributions it was made from)")
                if owners is None and agreement.ownership == "as-given":
                    self.fail(item_path, "agreement.ownership is as-given, so this patent needs `owners`")
            patents[patent_id] = Patent(
                id=patent_id,
                title=self.text(item.get("title", patent_id), item_path + ("title",)),
                owners=owners,
                background=background,
                made_from=made_from,
                builds_on=(),
                description=self.description(item, item_path),
            )
        # builds_on refers to patents, so it is read once every patent id is known.
        for patent_id, item in raw.items():
            if "builds_on" in item:
                item_path = path + (patent_id, "builds_on")
                bases = self.refs(item["builds_on"], item_path, patents, "patent")
                if patent_id in bases:
                    self.fail(item_path, f"patent {patent_id!r} cannot build on itself")
                patents[patent_id] = _replace(patents[patent_id], builds_on=bases)
        cycle = _find_cycle({pid: p.builds_on for pid, p in patents.items()})
        if cycle:
            self.fail(path + (cycle[0], "builds_on"), "builds_on forms a cycle: " + " -> ".join(cycle))
        return patents

    def revenue(self, raw, path, members, patents):
        sources = []
        common = ("id", "kind", "requires", "probability", "description")
        licence_keys = common + ("licensee", "upfront", "royalty", "exclusive")
        own_use_keys = common + ("exploiter", "margin", "years")
        for item_path, item, item_id in self.items_with_ids(raw, path, "revenue sources"):
            if "kind" not in item:
                self.fail(item_path, "missing required key 'kind' (licence or own-use)")
            kind = self.choice(item["kind"], item_path + ("kind",), REVENUE_KINDS, "revenue kind")
            requires = ()
            if "requires" in item:
                requires = self.refs(item["requires"], item_path + ("requires",), patents, "patent")
            probability = self.number(item.get("probability", 1), item_path + ("probability",), minimum=0, maximum=1)
            description = self.description(item, item_path)
            if kind == "licence":
                self.keys(item, item_path, licence_keys, ("requires",))
                if not requires:
                    self.fail(item_path + ("requires",), "a licence must require at least one patent")
                if "upfront" not in item and "royalty" not in item:
                    self.fail(item_path, "a licence needs `upfront`, `royalty` or both")
                royalty = None
                if "royalty" in item:
                    royalty_path = item_path + ("royalty",)
                    royalty_raw = self.mapping(item["royalty"], royalty_path)
                    self.keys(royalty_raw, royalty_path, ("rate", "base", "years"), ("rate", "base"))
                    royalty = Royalty(
                        rate=self.number(royalty_raw["rate"], royalty_path + ("rate",), minimum=0, maximum=1),
                        base=self.number(royalty_raw["base"], royalty_path + ("base",), minimum=0),
                        years=self.integer(
                            royalty_raw.get("years", 1), royalty_path + ("years",), minimum=1, maximum=100
                        ),
                    )
                sources.append(
                    RevenueSource(
                        id=item_id,
                        kind=kind,
                        requires=requires,
                        licensee=self.text(item.get("licensee"), item_path + ("licensee",), optional=True),
                        upfront=self.number(item.get("upfront", 0), item_path + ("upfront",), minimum=0),
                        royalty=royalty,
                        probability=probability,
                        description=description,
                        exclusive=self.boolean(item.get("exclusive", False), item_path + ("exclusive",)),
                    )
                )
            else:
                self.keys(item, item_path, own_use_keys, ("exploiter", "margin"))
                sources.append(
                    RevenueSource(
                        id=item_id,
                        kind=kind,
                        requires=requires,
                        exploiter=self.ref(item["exploiter"], item_path + ("exploiter",), members, "member"),
                        margin=self.number(item["margin"], item_path + ("margin",), minimum=0),
                        years=self.integer(item.get("years", 1), item_path + ("years",), minimum=1, maximum=100),
                        probability=probability,
                        description=description,
                    )
                )
        return tuple(sources)

    def buyable_groups(self, contributions, patents, revenue):
        """Refuse a group of revenue sources that needs more than MAX_BUYABLE_CONTRIBUTIONS buyable contributions.

        A source needs the contributions its patents (and the patents they build on) are made from; those with a
        ``substitute_cost`` are bought in or not, and sources that share one are weighed together, over every
        choice of what to buy (ipshare.structure.structured_benefit_game builds the game so, and refuses beyond
        the limit). The error points at the first contribution beyond the limit.
        """
        parent = list(range(len(revenue)))

        def root(i):
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        first_user = {}
        needs = []
        for i, source in enumerate(revenue):
            stack, seen, buyable = list(source.requires), set(), set()
            while stack:
                patent_id = stack.pop()
                if patent_id not in seen:
                    seen.add(patent_id)
                    stack.extend(patents[patent_id].builds_on)
                    buyable.update(c for c in patents[patent_id].made_from
                                   if contributions[c].substitute_cost is not None)
            needs.append(buyable)
            for contribution_id in buyable:
                if contribution_id in first_user:
                    parent[root(i)] = root(first_user[contribution_id])
                else:
                    first_user[contribution_id] = i
        groups = {}
        for i, buyable in enumerate(needs):
            group = groups.setdefault(root(i), (set(), []))
            group[0].update(buyable)
            group[1].append(revenue[i].id)
        position = {contribution_id: i for i, contribution_id in enumerate(contributions)}
        for buyable, sources in groups.values():
            if len(buyable) > MAX_BUYABLE_CONTRIBUTIONS:
                beyond = sorted(buyable, key=position.__getitem__)[MAX_BUYABLE_CONTRIBUTIONS]
                shown = ", ".join(sources[:5]) + (f" and {len(sources) - 5} more" if len(sources) > 5 else "")
                self.fail(
                    self.contribution_paths[beyond] + ("substitute_cost",),
                    f"{len(buyable)} contributions with a substitute_cost are needed together by revenue source"
                    f"{'s' if len(sources) > 1 else ''} {shown} (sources that share one are weighed together); at "
                    f"most {MAX_BUYABLE_CONTRIBUTIONS} can be weighed at once: give fewer of them a substitute_cost",
                )

    def costs(self, raw, path, members):
        costs = []
        allowed = ("id", "item", "amount", "failure_probability", "members", "distribution", "description")
        for item_path, item, item_id in self.items_with_ids(raw, path, "costs"):
            self.keys(item, item_path, allowed, () if "distribution" in item else ("amount",))
            members_of, shares = (), None
            if "members" in item:
                members_of, shares = terms.cost_members(self, item["members"], item_path + ("members",), members)
            amount = self.number(item.get("amount"), item_path + ("amount",), minimum=0, optional=True)
            distribution = None
            if "distribution" in item:
                distribution = terms.distribution(self, item["distribution"], item_path + ("distribution",), amount)
                amount = distribution.mean
            costs.append(
                Cost(
                    id=item_id,
                    item=self.text(item.get("item", item_id), item_path + ("item",)),
                    amount=amount,
                    shares=shares,
                    distribution=distribution,
                    failure_probability=self.number(
                        item.get("failure_probability", 0),
                        item_path + ("failure_probability",),
                        minimum=0,
                        maximum=1,
                    ),
                    members=members_of,
                    description=self.description(item, item_path),
                )
            )
        return tuple(costs)

    def agreement(self, raw, path, members):
        self.mapping(raw, path)
        self.keys(
            raw,
            path,
            ("ownership", "joint_licensing", "rule", "clauses", "blocs", "bargaining", "shapley_weights")
            + terms.AGREEMENT_KEYS,
        )
        rights_and_risk = terms.agreement_terms(self, raw, path, members)
        rule = raw.get("rule")
        if rule is not None:
            from .solutions import RULES

            rule = self.choice(rule, path + ("rule",), tuple(RULES), "rule")
        clauses = []
        if "clauses" in raw:
            for item_path, item, item_id in self.items_with_ids(raw["clauses"], path + ("clauses",), "clauses"):
                clauses.append(self.clause(item, item_path, item_id, members))
        return Agreement(
            ownership=self.choice(
                raw.get("ownership", "by-contribution"), path + ("ownership",), OWNERSHIP_RULES, "ownership rule"
            ),
            joint_licensing=self.choice(
                raw.get("joint_licensing", terms.default_joint_licensing(rights_and_risk["preset"])),
                path + ("joint_licensing",),
                JOINT_LICENSING,
                "joint licensing rule",
            ),
            rule=rule,
            clauses=tuple(clauses),
            blocs=self.blocs(raw["blocs"], path + ("blocs",), members) if "blocs" in raw else None,
            **self.rule_parameters(raw, path, tuple(members), "member"),
            **rights_and_risk,
        )

    def rule_parameters(self, raw, path, players, what):
        """``bargaining`` and ``shapley_weights`` of an agreement or a game section, as keyword arguments."""
        found = {}
        if "bargaining" in raw:
            found["bargaining"] = self.bargaining(raw["bargaining"], path + ("bargaining",), players, what)
        if "shapley_weights" in raw:
            found["shapley_weights"] = self.rule_weights(
                raw["shapley_weights"], path + ("shapley_weights",), players, what, positive=True
            )
        return found

    def bargaining(self, raw, path, players, what):
        """``disagreement`` (amounts for some or all players) and ``weights`` (see :meth:`rule_weights`)."""
        self.mapping(raw, path)
        self.keys(raw, path, ("disagreement", "weights"))
        disagreement = None
        if "disagreement" in raw:
            point_path = path + ("disagreement",)
            self.mapping(raw["disagreement"], point_path, f"a mapping of {what} id to amount")
            disagreement = {}
            for player, amount in raw["disagreement"].items():
                self.ref(player, point_path + (player,), players, what)
                disagreement[player] = self.number(amount, point_path + (player,))
            disagreement = MappingProxyType(disagreement)
        weights = None
        if "weights" in raw:
            weights = self.rule_weights(raw["weights"], path + ("weights",), players, what, positive=False)
        return Bargaining(disagreement=disagreement, weights=weights)

    def rule_weights(self, raw, path, players, what, *, positive):
        """A weight for every player (positive, or non-negative and not all zero), or one of WEIGHT_SOURCES."""
        if isinstance(raw, str):
            return self.choice(raw, path, WEIGHT_SOURCES, "weight source")
        self.mapping(raw, path, f"{' or '.join(WEIGHT_SOURCES)}, or a mapping of {what} id to weight")
        weights = {}
        for player, weight in raw.items():
            self.ref(player, path + (player,), players, what)
            if positive:
                weights[player] = self.number(weight, path + (player,), above=0)
            else:
                weights[player] = self.number(weight, path + (player,), minimum=0)
        missing = [player for player in players if player not in weights]
        if missing:
            self.fail(path, f"give every {what} a weight; missing {', '.join(missing)}")
        if not any(weights.values()):
            self.fail(path, "the weights are all zero")
        return MappingProxyType(weights)

    def blocs(self, raw, path, members):
        """``by-type`` (one bloc per member type, e.g. the enterprises and the universities), or lists of members."""
        if raw == "by-type":
            groups = {}
            for member_id, member in members.items():
                groups.setdefault(member.type, []).append(member_id)
            return tuple(tuple(group) for group in groups.values())
        if isinstance(raw, str):
            self.fail(path, f"must be by-type or a list of lists of members, not {raw!r}")
        return self.unions(raw, path, tuple(members))

    def clause(self, item, path, clause_id, members):
        target_keys = ("member", "members", "type")
        allowed = ("id", "description", *target_keys, *CLAUSE_KINDS, "over", "distance")
        self.keys(item, path, allowed)
        kinds = [key for key in CLAUSE_KINDS if key in item]
        if not kinds:
            self.fail(path, f"a clause needs one of {', '.join(CLAUSE_KINDS)}")
        if len(kinds) > 1:
            self.fail(path + (kinds[1],), f"a clause states one thing; split {kinds[0]!r} and {kinds[1]!r}")
        kind = kinds[0]
        named = [key for key in target_keys if key in item]
        if len(named) > 1:
            self.fail(path + (named[1],), f"name the clause's target once: {named[0]!r} or {named[1]!r}")
        targets = ()
        if named:
            key = named[0]
            if key == "member":
                targets = (self.ref(item["member"], path + ("member",), members, "member"),)
            elif key == "members":
                targets = self.refs(item["members"], path + ("members",), members, "member")
                if not targets:
                    self.fail(path + ("members",), "must list at least one member")
            else:
                member_type = self.choice(item["type"], path + ("type",), MEMBER_TYPES, "member type")
                targets = tuple(m for m, member in members.items() if member.type == member_type)
                if not targets:
                    self.fail(path + ("type",), f"no member is of type {member_type!r}")
        needs_target = kind in ("min_share", "max_share", "min_amount", "max_amount", "fixed", "ratio")
        if needs_target and not targets:
            self.fail(path, f"a {kind} clause needs `member`, `members` or `type`")
        if not needs_target and kind != "near" and targets:
            self.fail(path + (named[0],), f"a {kind} clause applies to the whole alliance; remove {named[0]!r}")
        for extra, owner in (("over", "ratio"), ("distance", "near")):
            if extra in item and kind != owner:
                self.fail(path + (extra,), f"{extra!r} belongs to a {owner} clause")
        value_path = path + (kind,)
        params = {}
        value = item[kind]
        if kind in ("min_share", "max_share"):
            value = self.number(value, value_path, minimum=0, maximum=1)
        elif kind in ("min_amount", "max_amount", "fixed"):
            value = self.number(value, value_path)
            if kind == "fixed" and len(targets) != 1:
                self.fail(path, "a fixed clause names exactly one `member`")
        elif kind == "ratio":
            value = self.number(value, value_path, minimum=0)
            if len(targets) != 1:
                self.fail(path, "a ratio clause names exactly one `member` (x_member ≥ ratio · x_over)")
            if "over" not in item:
                self.fail(path, "a ratio clause needs `over` (the member it is compared with)")
            params["over"] = self.ref(item["over"], path + ("over",), members, "member")
            if params["over"] == targets[0]:
                self.fail(path + ("over",), "a ratio compares two different members")
        elif kind == "individual_rationality":
            value = self.boolean(value, value_path)
        elif kind == "core":
            if isinstance(value, bool):
                pass
            else:
                coalitions = self.sequence(value, value_path, 'true or a list of coalitions like "A+B"')
                value = tuple(
                    parse_coalition(c, tuple(members), lambda message, i=i: self.fail(value_path + (i,), message))
                    for i, c in enumerate(coalitions)
                )
        elif kind == "near":
            from .solutions import RULES

            value = self.choice(value, value_path, tuple(RULES), "rule")
            if "distance" not in item:
                self.fail(path, "a near clause needs `distance` (how far any member may be from the rule)")
            params["distance"] = self.number(item["distance"], path + ("distance",), minimum=0)
        return Clause(
            id=clause_id,
            kind=kind,
            value=value,
            targets=targets,
            params=MappingProxyType(params),
            description=self.description(item, path),
        )

    # -- classic games -----------------------------------------------------------------------------------------

    def game(self, raw, path):
        self.mapping(raw, path)
        if "type" not in raw:
            self.fail(path, "missing required key 'type' (table, weighted-voting, bankruptcy or airport)")
        game_type = self.choice(raw["type"], path + ("type",), GAME_TYPES, "game type")
        common = ("type", "name", "description", "kind", "unions", "cooperation", "bargaining", "shapley_weights")
        specific = {
            "table": ("players", "values", "values_by_mask"),
            "weighted-voting": ("quota", "weights"),
            "bankruptcy": ("estate", "claims"),
            "airport": ("costs",),
        }[game_type]
        required = {
            "table": ("players",),
            "weighted-voting": ("quota", "weights"),
            "bankruptcy": ("estate", "claims"),
            "airport": ("costs",),
        }[game_type]
        self.keys(raw, path, common + specific, required)
        default_kind = "cost" if game_type == "airport" else "benefit"
        kind = self.choice(raw.get("kind", default_kind), path + ("kind",), GAME_KINDS, "game kind")
        if game_type == "airport" and kind != "cost":
            self.fail(path + ("kind",), "an airport game is a cost game")
        if game_type in ("weighted-voting", "bankruptcy") and kind != "benefit":
            self.fail(path + ("kind",), f"a {game_type} game is a benefit game")
        spec = {"type": game_type, "kind": kind}
        if game_type == "table":
            players = self.players(raw["players"], path + ("players",))
            spec["values"] = self.table_values(raw, path, players)
        elif game_type == "weighted-voting":
            weights = self.player_numbers(raw["weights"], path + ("weights",), minimum=0)
            players = tuple(weights)
            spec["weights"] = weights
            spec["quota"] = self.number(raw["quota"], path + ("quota",), above=0)
            if spec["quota"] > sum(weights.values()):
                self.fail(
                    path + ("quota",),
                    f"quota {_show(spec['quota'])} exceeds the total weight "
                    f"{_show(sum(weights.values()))}: no coalition could win",
                )
        elif game_type == "bankruptcy":
            claims = self.player_numbers(raw["claims"], path + ("claims",), minimum=0)
            players = tuple(claims)
            spec["claims"] = claims
            spec["estate"] = self.number(raw["estate"], path + ("estate",), minimum=0)
            if spec["estate"] > sum(claims.values()):
                self.fail(path + ("estate",), "the estate exceeds the sum of the claims: not a bankruptcy problem")
        else:
            costs = self.player_numbers(raw["costs"], path + ("costs",), minimum=0)
            players = tuple(costs)
            spec["costs"] = costs
        if "unions" in raw:
            spec["unions"] = self.unions(raw["unions"], path + ("unions",), players)
        if "cooperation" in raw:
            spec["cooperation"] = self.cooperation(raw["cooperation"], path + ("cooperation",), players)
        spec.update(self.rule_parameters(raw, path, players, "player"))
        return GameSpec(
            players=players,
            name=self.text(raw.get("name"), path + ("name",), optional=True),
            description=self.description(raw, path),
            **spec,
        )

    def players(self, raw, path):
        items = self.sequence(raw, path, "a list of player ids")
        if not items:
            self.fail(path, "a game needs at least one player")
        if len(items) > MAX_TABLE_PLAYERS:
            self.fail(path, f"{len(items)} players: a table game holds at most {MAX_TABLE_PLAYERS}")
        players = []
        seen = {}
        for index, player in enumerate(items):
            self.identifier(player, path + (index,), "a player id")
            if player in players:
                self.fail(path + (index,), f"player {player!r} is listed twice")
            self.distinct(seen, player, path + (index,), "player id", f"players [{index}]")
            players.append(player)
        return tuple(players)

    def player_numbers(self, raw, path, minimum=None):
        self.mapping(raw, path, "a mapping of player id to number")
        if not raw:
            self.fail(path, "a game needs at least one player")
        if len(raw) > 4096:
            self.fail(path, f"{len(raw)} players is more than ipshare handles in one game (4096)")
        numbers = {}
        seen = {}
        for player, value in raw.items():
            self.identifier(player, path + (player,), "a player id")
            self.distinct(seen, player, path + (player,), "player id", "a player")
            numbers[player] = self.number(value, path + (player,), minimum=minimum)
        return MappingProxyType(numbers)

    def table_values(self, raw, path, players):
        if ("values" in raw) == ("values_by_mask" in raw):
            self.fail(path, "a table game needs exactly one of `values` or `values_by_mask`")
        values = {}
        if "values" in raw:
            values_path = path + ("values",)
            self.mapping(raw["values"], values_path, 'a mapping of coalition (like "A+B") to value')
            for key, value in raw["values"].items():
                key_path = values_path + (key,)
                coalition = parse_coalition(key, players, lambda message, p=key_path: self.fail(p, message))
                mask = sum(1 << players.index(p) for p in coalition)
                if mask in values:
                    self.fail(key_path, "this coalition is listed twice (the order of names does not matter)")
                values[mask] = self.number(value, key_path)
        else:
            mask_path = path + ("values_by_mask",)
            items = self.sequence(raw["values_by_mask"], mask_path, "a list of 2^n values")
            if len(items) != 1 << len(players):
                self.fail(
                    mask_path,
                    f"has {len(items)} values; {len(players)} players need 2^{len(players)} = {1 << len(players)}",
                )
            for mask, value in enumerate(items):
                number = self.number(value, mask_path + (mask,))
                if number:
                    values[mask] = number
        if values.get(0, 0) != 0:
            self.fail(path, "the empty coalition must be worth 0")
        values.pop(0, None)
        return MappingProxyType(dict(sorted(values.items())))

    def unions(self, raw, path, players):
        groups = self.sequence(raw, path, "a list of groups of players")
        seen = set()
        unions = []
        for index, group in enumerate(groups):
            members = self.refs(group, path + (index,), players, "player")
            if not members:
                self.fail(path + (index,), "a union needs at least one player")
            for player in members:
                if player in seen:
                    self.fail(path + (index,), f"player {player!r} is in two unions")
                seen.add(player)
            unions.append(members)
        missing = [p for p in players if p not in seen]
        if missing:
            self.fail(path, f"every player must be in a union; missing {', '.join(missing)}")
        return tuple(unions)

    def cooperation(self, raw, path, players):
        links = self.sequence(raw, path, "a list of pairs of players")
        result = []
        for index, link in enumerate(links):
            pair = self.refs(link, path + (index,), players, "player")
            if len(pair) != 2:
                self.fail(path + (index,), "a cooperation link joins exactly two players")
            result.append(pair)
        return tuple(result)


def parse_coalition(text, players, fail=None):
    """Parse ``"A+B"`` into a tuple of player ids (checked against ``players``); ``""`` is the empty coalition."""

    def default_fail(message):
        raise ScenarioError(message)

    fail = fail or default_fail
    if not isinstance(text, str):
        fail(f"a coalition is written as player ids joined by '+', not {_describe(text)}")
    # Spaces around '+' are allowed ("A + B"); any other whitespace is kept, so "A\n" is an unknown player, not A.
    names = [name.strip(" ") for name in text.split("+")] if text.strip(" ") else []
    coalition = []
    for name in names:
        if name not in players:
            close = difflib.get_close_matches(name, players, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            fail(f"unknown player {_quoted(name)} in coalition {_quoted(text)}{hint}")
        if name in coalition:
            fail(f"player {name!r} appears twice in coalition {_quoted(text)}")
        coalition.append(name)
    return tuple(coalition)


def _replace(instance, **changes):
    from dataclasses import replace

    return replace(instance, **changes)


def _find_cycle(edges):
    """A cycle in a directed graph given as node -> successors, as a list of nodes (first repeated), or None."""
    state = {}
    for start in edges:
        if start in state:
            continue
        stack = [(start, iter(edges[start]))]
        state[start] = "open"
        trail = [start]
        while stack:
            node, successors = stack[-1]
            advanced = False
            for successor in successors:
                if state.get(successor) == "open":
                    return trail[trail.index(successor) :] + [successor]
                if successor not in state:
                    state[successor] = "open"
                    trail.append(successor)
                    stack.append((successor, iter(edges.get(successor, ()))))
                    advanced = True
                    break
            if not advanced:
                state[node] = "done"
                trail.pop()
                stack.pop()
    return None


def _describe(value):
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text {_quoted(value)}"
    if isinstance(value, int | float | Fraction):
        return f"the number {_show(value)}"
    return type(value).__name__


def _quoted(value):
    """A value as a message quotes it: text in quotes (escaped, and cut short when long), a number as the file wrote
    it (not ``Fraction(1, 2)``)."""
    if isinstance(value, Fraction):
        return _show(value)
    if isinstance(value, str) and len(value) > _SHOWN:
        return repr(value[:_SHOWN]) + f"… ({len(value):,} characters)"
    return repr(value)


_SHOWN = 60  # characters of a long text that a message quotes
_BOOLEAN_HINT = "; if this is text, put it in quotes (YAML reads an unquoted yes, no, on or off as true or false)"


def _show(number):
    if isinstance(number, Fraction):
        if number.denominator == 1:
            return str(number.numerator)
        decimal = float(number)
        if Fraction(repr(decimal)) == number:
            return repr(decimal)
        return f"{number.numerator}/{number.denominator}"
    return str(number)
