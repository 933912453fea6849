"""What-if changes to a scenario: ``--set PATH=VALUE``, applied to the raw data before it is validated.

PATH names a field by keys and list-item ids (``revenue.L1.royalty.rate``, ``members.TU.type``,
``agreement.clauses.univ-floor.min_share``; ``[2]`` indexes a list); VALUE is read as YAML data, never evaluated.
"""

from __future__ import annotations

import copy
import difflib
import re

import yaml

from ..errors import ScenarioError
from .paths import _printable, _quoted
from .reading import _yaml_data

__all__ = [
    "parse_override",
    "apply_overrides",
]


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
