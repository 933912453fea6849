"""docs/scenario.schema.json: regenerated from ipshare.schema, valid for every bundled scenario, and in step with the
loader (probed at every mapping of every bundled scenario: the keys the loader accepts are the schema's)."""

import copy
import json
import re
import tomllib
from pathlib import Path

import pytest
import yaml

from ipshare.errors import ScenarioError
from ipshare.scenario import loads
from ipshare.schema import render, scenario_schema

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted(p for p in (ROOT / "scenarios").iterdir() if p.suffix in (".yaml", ".json", ".toml"))
PROBE = "zz_probe_key"


def raw_data(path):
    if path.suffix == ".json":
        return json.loads(path.read_text())
    if path.suffix == ".toml":
        return tomllib.loads(path.read_text())
    return yaml.safe_load(path.read_text())


def test_the_file_is_the_generated_schema():
    assert (ROOT / "docs" / "scenario.schema.json").read_text() == render(), (
        "regenerate: python -m ipshare.schema > docs/scenario.schema.json"
    )


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_bundled_scenarios_validate_against_the_schema(path):
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator(scenario_schema()).validate(raw_data(path))


def test_the_schema_rejects_what_the_loader_rejects():
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(scenario_schema())
    good = raw_data(ROOT / "scenarios" / "worked-example.yaml")
    for mutate in (
        lambda d: d["members"]["A"].update(type="firm"),
        lambda d: d["alliance"].update(colour="red"),
        lambda d: d["contributions"][0].pop("value"),
        lambda d: d.pop("members"),
        lambda d: d["revenue"][0].update(kind="gift"),
    ):
        bad = copy.deepcopy(good)
        mutate(bad)
        assert not validator.is_valid(bad)
        with pytest.raises(ScenarioError):
            loads(yaml.safe_dump(bad))


def schema_node(schema, data):
    """The alternative of ``schema`` that describes ``data`` (objects and arrays only; a ``const`` property, like a
    revenue source's kind, picks among objects)."""
    for option in [schema] if "type" in schema else schema.get("anyOf", []):
        kind = option.get("type")
        if isinstance(data, list) and kind == "array":
            return option
        if isinstance(data, dict) and kind == "object":
            constants = {k: v["const"] for k, v in option.get("properties", {}).items() if "const" in v}
            if all(data.get(k) == v for k, v in constants.items()):
                return option
    return None


def loader_keys(root, path):
    """The keys the loader accepts at ``path``: ask it about an unknown key and read its answer."""
    trial = copy.deepcopy(root)
    node = trial
    for part in path:
        node = node[part]
    node[PROBE] = 1
    try:
        loads(yaml.safe_dump(trial, allow_unicode=True))
    except ScenarioError as error:
        found = re.search(rf"unknown key '{PROBE}'; known keys: (.*)$", str(error))
        if found:
            return {key.strip() for key in found.group(1).split(",")}
    return None  # accepted as an id (a member, a player) or refused for another reason: not a fixed-key mapping


def walk(schema, data, root, path, checked):
    node = schema_node(schema, data)
    if node is None:
        return
    if isinstance(data, dict):
        fixed = node.get("additionalProperties") is False
        accepted = loader_keys(root, path)
        where = ".".join(map(str, path)) or "<top>"
        if fixed and where == "game":
            # A game section's keys depend on its type (table, weighted-voting, …): the schema lists them all.
            assert accepted is not None and accepted <= set(node["properties"]), f"{where}: {sorted(accepted or ())}"
            checked.add(where)
        elif fixed:
            assert accepted == set(node["properties"]), f"{where}: loader {sorted(accepted or ())} vs schema"
            checked.add(where)
        else:
            assert accepted is None, f"{where}: the loader takes fixed keys {sorted(accepted)}; the schema a map"
        for key, value in data.items():
            child = node["properties"].get(key) if fixed else node.get("additionalProperties")
            if isinstance(child, dict):
                walk(child, value, root, path + [key], checked)
    else:
        for index, value in enumerate(data):
            walk(node.get("items", {}), value, root, path + [index], checked)


def test_schema_keys_are_the_loaders_keys():
    schema = scenario_schema()
    checked = set()
    for path in SCENARIOS:
        if path.suffix == ".yaml":
            walk(schema, raw_data(path), raw_data(path), [], checked)
    assert len(checked) > 30  # the probe really reached the sections
