"""``agreement.negotiable``: the terms the parties put on the table, each a numeric field with the range it may move
in (``ipshare serve`` shows them first, as sliders); and the scenario's fields as data, for tools that list them.

Each item names a field by its ``--set`` path (``revenue.L1.probability``, ``agreement.clauses.lead-cap.max_share``)
and gives ``from`` and ``to`` (the range of the control), optionally ``step`` and a ``label``::

    agreement:
      negotiable:
        - {path: revenue.L1.probability, from: 0.2, to: 0.9, step: 0.05, label: Licence L1 closes}
        - {path: agreement.clauses.lead-cap.max_share, from: 0.3, to: 0.6}

The path must name a number (an amount, a rate, a probability, a count: :func:`ipshare.model.schema.field_kind`)
that the scenario has, or may have (every part of the path but the last exists, as ``--set`` requires). The range
is the control's, not a limit on the scenario: ``--set`` may still take the field outside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ..errors import ScenarioError
from .paths import _Item, _quoted

__all__ = ["Negotiable", "NEGOTIABLE_KEYS", "negotiable_terms", "check_paths", "scenario_data", "numeric_fields"]

NEGOTIABLE_KEYS = ("path", "from", "to", "step", "label")


@dataclass(frozen=True)
class Negotiable:
    """One term on the table: the field at ``path`` (a ``--set`` path), moved from ``start`` to ``stop`` in steps
    of ``step`` (None: the control's own fine step), shown as ``label`` (None: the path)."""

    path: str
    start: Fraction
    stop: Fraction
    step: Fraction | None = None
    label: str | None = None


def negotiable_terms(check, raw, path) -> tuple[Negotiable, ...]:
    """``agreement.negotiable`` checked with the validator ``check`` (each problem one line naming the field)."""
    from .overrides import _path_parts
    from .schema import field_kind

    items = check.sequence(raw, path, "a list of {path, from, to} mappings")
    found, seen = [], {}
    for index, item in enumerate(items):
        item_path = path + (_Item(index, None),)
        check.mapping(item, item_path, "a mapping {path, from, to, step, label}")
        check.keys(item, item_path, NEGOTIABLE_KEYS, required=("path", "from", "to"))
        field = check.text(item["path"], item_path + ("path",))
        try:
            parts = _path_parts(field)
        except ScenarioError:
            check.fail(item_path + ("path",), f"{_quoted(field)} is not a field path like revenue.L1.probability")
        kind = field_kind(parts)
        if kind != "number":
            what = {"text": "is a text field", None: "is no field of a scenario"}.get(
                kind, "is not a number (a choice, a list, a mapping or a yes/no)")
            check.fail(item_path + ("path",), f"{field} {what}; a negotiable term is a number: an amount, a rate, "
                       "a probability or a count")
        if field in seen:
            check.fail(item_path + ("path",), f"{field} is listed twice (also [{seen[field]}])")
        seen[field] = index
        start = check.number(item["from"], item_path + ("from",))
        stop = check.number(item["to"], item_path + ("to",), above=start)
        step = None
        if "step" in item:
            step = check.number(item["step"], item_path + ("step",), above=0, maximum=stop - start)
        label = check.text(item.get("label"), item_path + ("label",), optional=True)
        found.append(Negotiable(field, start, stop, step, label))
    return tuple(found)


def check_paths(check, data, terms, path) -> None:
    """Every term's field exists in the scenario's ``data`` (the parts of its path but the last; the last may be
    a field the file leaves at its default), as ``--set`` would find it."""
    from .overrides import _path_parts

    for index, term in enumerate(terms):
        problem = _missing(data, _path_parts(term.path))
        if problem:
            check.fail(path + (_Item(index, None), "path"), f"{term.path}: {problem}")


def _missing(data, parts) -> str | None:
    node = data
    for depth, part in enumerate(parts):
        last = depth == len(parts) - 1
        where = ".".join(str(p) for p in parts[:depth]) or "the top level"
        if isinstance(node, dict):
            if part not in node:
                return None if last else f"no {_quoted(part)} in {where}"
            node = node[part]
        elif isinstance(node, list):
            if isinstance(part, int):
                if not 0 <= part < len(node):
                    return f"{where} has {len(node)} items; [{part}] is out of range"
                node = node[part]
            else:
                ids = [item.get("id") if isinstance(item, dict) else None for item in node]
                if part not in ids:
                    return f"no item with id {_quoted(part)} in {where}"
                node = node[ids.index(part)]
        else:
            return f"{where} is a single value, it has no field {_quoted(part)}"
    return None


def scenario_data(source, overrides=()):
    """The data of a :class:`~ipshare.model.Source` as parsed (mappings, lists, exact numbers, text), with
    ``overrides`` applied as ``--set`` applies them; not validated (load the source for that)."""
    from .overrides import apply_overrides
    from .reading import _parse_json, _parse_toml, _parse_yaml

    parse = {"yaml": _parse_yaml, "json": _parse_json, "toml": _parse_toml}[source.fmt]
    data, _ = parse(source.data.decode("utf-8-sig"), source.name)
    return apply_overrides(data, overrides, name=source.name)[0]


def numeric_fields(data, limit=None) -> list[tuple[str, Fraction]]:
    """Every number of a scenario's ``data`` that ``--set`` can change, as (path, value) in the file's order:
    list items by their ``id`` (``[index]`` without one), only fields the schema says hold a number; the first
    ``limit`` of them when given."""
    from .numbers import parse_number
    from .schema import field_kind

    found, kinds = [], {}
    stack = [(data, (), "")]
    while stack and (limit is None or len(found) < limit):
        node, shape, text = stack.pop()
        if isinstance(node, dict):
            children = [(value, (*shape, key), f"{text}.{key}" if text else str(key)) for key, value in node.items()
                        if isinstance(key, str) and key.isprintable() and "." not in key and "=" not in key]
        elif isinstance(node, list):
            children = []
            for index, value in enumerate(node):
                # A list item's kind is its list's, whatever its id: one schema look-up serves every item.
                item_id = value.get("id") if isinstance(value, dict) else None
                if isinstance(item_id, str) and item_id.isprintable() and "." not in item_id and "=" not in item_id:
                    children.append((value, (*shape, 0), f"{text}.{item_id}"))
                else:
                    children.append((value, (*shape, 0), f"{text}[{index}]"))
        else:
            if isinstance(node, bool) or not isinstance(node, int | float | Fraction | str):
                continue
            try:
                value = parse_number(node) if isinstance(node, str) else Fraction(node)
            except (ValueError, ZeroDivisionError, OverflowError):
                continue
            if shape not in kinds:
                kinds[shape] = field_kind(list(shape))
            if kinds[shape] == "number":
                found.append((text, value))
            continue
        stack.extend(reversed(children))
    return found
