"""The faster paths of loading and of the structured benefit game (round four of issue 14) give the same results.

No timings here (bench/loading.py measures them): each test compares a fast path with the path it replaces, or
with the definition.
"""

from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import ipshare
from ipshare.alliance import structured
from ipshare.errors import ScenarioError
from ipshare.model import reading
from ipshare.model.limits import MAX_NESTING

ROOT = Path(__file__).resolve().parent.parent
YAML_FILES = sorted(p for p in ROOT.glob("scenarios/**/*.y*ml"))
ALLIANCES = [p for p in YAML_FILES if "members:" in p.read_text(encoding="utf-8")]


def _tree(node, seen):
    """A node tree as plain data: kind, tag, style (plain as None), line, value; aliases by first visit."""
    if id(node) in seen:
        return ("alias", seen[id(node)])
    seen[id(node)] = len(seen)
    head = (type(node).__name__, node.tag, getattr(node, "style", None) or None, node.start_mark.line)
    if isinstance(node, yaml.ScalarNode):
        return head + (node.value,)
    if isinstance(node, yaml.SequenceNode):
        return head + tuple(_tree(item, seen) for item in node.value)
    return head + tuple((_tree(k, seen), _tree(v, seen)) for k, v in node.value)


@pytest.mark.skipif(not getattr(yaml, "__with_libyaml__", False), reason="PyYAML without libyaml")
@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.name)
def test_libyaml_composes_the_tree_pyyaml_composes(path):
    text = path.read_text(encoding="utf-8")
    assert _tree(reading._libyaml_node(text), {}) == _tree(yaml.SafeLoader(text).get_single_node(), {})


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.name)
def test_a_file_reads_the_same_without_libyaml(path, monkeypatch):
    text = path.read_text(encoding="utf-8")
    raw, lines = reading._parse_yaml(text, str(path))  # the data and the line of every field
    monkeypatch.setattr(reading, "_libyaml_node", lambda text: None)
    assert reading._parse_yaml(text, str(path)) == (raw, lines)


@pytest.mark.parametrize("text", ["a: 017\n", "a: 1:30\n", "a: [1, 2]\na: 3\n", "a: b: c\n", "- 1\n--- \n- 2\n"])
def test_yaml_errors_are_pyyaml_s_with_or_without_libyaml(text, monkeypatch):
    with pytest.raises(ScenarioError) as fast:
        reading._parse_yaml(text, "f.yaml")
    monkeypatch.setattr(reading, "_libyaml_node", lambda text: None)
    with pytest.raises(ScenarioError) as slow:
        reading._parse_yaml(text, "f.yaml")
    assert str(fast.value) == str(slow.value)


def _too_deep(raw):
    """The definition: some value (a scalar too) lies more than MAX_NESTING levels below the document."""
    stack = [(raw, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_NESTING:
            return True
        if isinstance(value, dict):
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
    return False


def _chain(depth, leaf):
    value = leaf
    for level in range(depth):
        value = [value] if level % 2 else {"k": value}
    return value


nested = st.recursive(
    st.one_of(st.integers(0, 3), st.just([]), st.just({})),
    lambda children: st.lists(children, max_size=2) | st.dictionaries(st.sampled_from("ab"), children, max_size=2),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(st.integers(MAX_NESTING - 3, MAX_NESTING + 1), nested)
def test_nesting_check_is_the_definition(depth, leaf):
    raw = _chain(depth, leaf)
    try:
        reading._check_nesting(raw, "f.json")
        refused = False
    except ScenarioError:
        refused = True
    assert refused == _too_deep(raw)


def test_json_duplicate_key_named_as_before():
    with pytest.raises(ScenarioError, match="duplicate key 'b'"):
        reading._parse_json('{"a": {"b": 1, "c": 2, "b": 3}}', "f.json")


@pytest.mark.parametrize("path", ALLIANCES, ids=lambda p: p.name)
def test_bit_set_tables_equal_array_tables(path, monkeypatch):
    scenario = ipshare.load(path)
    fast = structured.structured_benefit_game(scenario)
    monkeypatch.setattr(structured, "_BITSET_ROWS", 0)
    slow = structured.structured_benefit_game(scenario)
    assert fast.constant == slow.constant
    assert len(fast.components) == len(slow.components)
    for a, b in zip(fast.components, slow.components, strict=True):
        assert a.players == b.players and a.label == b.label
        if a.exact is None:
            assert b.exact is None
            continue
        assert a.exact[1] == b.exact[1]
        assert np.asarray(a.exact[0]).dtype == np.asarray(b.exact[0]).dtype
        assert np.array_equal(a.exact[0], b.exact[0]) and np.array_equal(a.values, b.values)
