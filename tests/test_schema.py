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
from ipshare.model.loading import loads
from ipshare.model.schema import render, scenario_schema

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
        # what the loader refuses as text no output can hold, or numbers written with other digits
        lambda d: d["members"].update({"B\n": {"name": "x", "type": "enterprise"}}),
        lambda d: d["members"]["A"].update(name="x" * 201),
        lambda d: d["members"]["A"].update(name="two\nlines"),
        lambda d: d["members"]["A"].update(name=""),
        lambda d: d["contributions"][0].update(value="１００"),
        lambda d: d["alliance"].update(description="x" * 10_001),
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


# -- docs/scenario.md, the field reference: every property of the schema, with the schema's defaults --------------

MISSING = object()


def schema_fields(node, path="", found=None):
    """{documented path: {property: default or MISSING}} over the whole schema; a mapping's values are at
    ``path.<id>``, a list's items at ``path[]``; the alternatives of an anyOf (a licence or an own-use source)
    share their path."""
    found = {} if found is None else found
    if not isinstance(node, dict):
        return found
    for alternative in node.get("anyOf", []):
        schema_fields(alternative, path, found)
    if isinstance(node.get("items"), dict):
        schema_fields(node["items"], f"{path}[]", found)
    if isinstance(node.get("additionalProperties"), dict):
        schema_fields(node["additionalProperties"], f"{path}.<id>", found)
    for name, child in node.get("properties", {}).items():
        found.setdefault(path, {})
        if name not in found[path] or found[path][name] is MISSING:
            found[path][name] = child.get("default", MISSING)
        schema_fields(child, f"{path}.{name}".lstrip("."), found)
    return found


def documented_fields(text):
    """{path: {field: default cell}} from docs/scenario.md: the tables under each heading whose code spans name the
    paths they describe ("## Top level" is the top level)."""
    found = {}
    paths = None
    for line in text.splitlines():
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
            codes = re.findall(r"`([^`]+)`", heading)
            paths = codes if codes else ([""] if heading == "Top level" else None)
        elif paths is not None and re.match(r"^\| `[^`]+` \|", line):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            field = cells[0].strip("`")
            for path in paths:
                found.setdefault(path, {})[field] = cells[2]
    return found


def test_scenario_md_documents_every_property_of_the_schema():
    schema = schema_fields(scenario_schema())
    documented = documented_fields((ROOT / "docs" / "scenario.md").read_text())
    assert len(schema) >= 20  # the walk reached the nested sections
    for path, properties in schema.items():
        assert path in documented, f"docs/scenario.md has no section for `{path}`"
        assert set(documented[path]) == set(properties), (
            f"`{path}`: undocumented {sorted(set(properties) - set(documented[path]))}, "
            f"not in the schema {sorted(set(documented[path]) - set(properties))}"
        )
    assert set(documented) <= set(schema), f"sections for no schema object: {sorted(set(documented) - set(schema))}"


def test_scenario_md_gives_the_schemas_defaults():
    schema = schema_fields(scenario_schema())
    documented = documented_fields((ROOT / "docs" / "scenario.md").read_text())
    checked = 0
    for path, properties in schema.items():
        for name, default in properties.items():
            if default is MISSING:
                continue
            cell = documented[path][name]
            shown = re.fullmatch(r"`([^`]+)`", cell)
            assert shown, f"`{path}.{name}`: the schema's default is {default!r}, the page says {cell!r}"
            assert yaml.safe_load(shown.group(1)) == default, f"`{path}.{name}`: {cell} vs {default!r}"
            checked += 1
    assert checked >= 15


def test_every_property_has_a_description():
    missing = []

    def walk(node, path):
        if not isinstance(node, dict):
            return
        for alternative in node.get("anyOf", []):
            walk(alternative, path)
        if isinstance(node.get("items"), dict):
            walk(node["items"], f"{path}[]")
        if isinstance(node.get("additionalProperties"), dict):
            walk(node["additionalProperties"], f"{path}.<id>")
        for name, child in node.get("properties", {}).items():
            if not child.get("description"):
                missing.append(f"{path}.{name}")
            walk(child, f"{path}.{name}")

    walk(scenario_schema(), "")
    assert not missing, missing


def test_the_loaders_defaults_are_the_schemas():
    """A scenario with every optional field left out reads as the schema's defaults say."""
    scenario = loads("""
alliance: {name: x}
members: {A: {type: enterprise}, B: {type: university}}
contributions: [{id: C, member: A, kind: cash, value: 1}]
patents: {B1: {owners: {B: 1}, background: true}, P: {from: [C]}}
revenue:
  - {id: L, kind: licence, requires: [P], royalty: {rate: 0.1, base: 10}}
  - {id: S, kind: own-use, exploiter: A, margin: 1}
costs: [{id: K, amount: 1}]
grants: [{id: G, member: A, amount: 1}]
agreement: {risk: {}, withdrawal: {}, rounding: {}}
""")
    defaults = schema_fields(scenario_schema())
    licence, own_use = scenario.revenue
    assert scenario.alliance.discount_rate == defaults["alliance"]["discount_rate"]
    assert scenario.patents["P"].background is defaults["patents.<id>"]["background"]
    assert licence.probability == own_use.probability == defaults["revenue[]"]["probability"]
    assert licence.upfront == defaults["revenue[]"]["upfront"]
    assert licence.exclusive is defaults["revenue[]"]["exclusive"]
    assert licence.royalty.years == defaults["revenue[].royalty"]["years"] == own_use.years
    assert scenario.costs[0].failure_probability == defaults["costs[]"]["failure_probability"]
    grant = scenario.grants[0]
    assert grant.repay_on_expulsion is defaults["grants[]"]["repay_on_expulsion"]
    assert grant.repay_on_withdrawal is defaults["grants[]"]["repay_on_withdrawal"]
    agreement = scenario.agreement
    assert agreement.ownership == defaults["agreement"]["ownership"]
    assert agreement.risk.measure == defaults["agreement.risk"]["measure"]
    assert float(agreement.risk.level) == defaults["agreement.risk"]["level"]
    assert agreement.risk.seed == defaults["agreement.risk"]["seed"]
    assert agreement.withdrawal.reassign == defaults["agreement.withdrawal"]["reassign"]
    assert agreement.rounding.ties == defaults["agreement.rounding"]["ties"]
