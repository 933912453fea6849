"""Loading and validating scenario files: formats, typed results, and one-line errors that name file, line and field."""

import json
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ipshare
import ipshare.model
from ipshare.errors import ScenarioError
from ipshare.model.loading import loads

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"

BASE = """\
alliance:
  name: Test alliance
  currency: CNY
  discount_rate: 0.08
members:
  HT: {name: Huatai, type: enterprise, role: lead}
  TU: {name: Tianjin University, type: university}
  IPE: {name: Institute, type: institute}
contributions:
  - {id: C1, member: HT, kind: cash, value: 12000000}
  - {id: C2, member: TU, kind: personnel, value: 2700000, quantity: 36, unit: person-month}
  - {id: C3, member: IPE, kind: equipment, value: 4000000, substitute_cost: 5000000}
patents:
  BG1: {title: Precursor, owners: {TU: 1}, background: true}
  P1: {title: Synthesis, from: [C2, C3], builds_on: [BG1]}
  P2: {title: Stacking, from: [C1, C2]}
revenue:
  - {id: L1, kind: licence, licensee: OEM-A, requires: [P1, P2], upfront: 3000000,
     royalty: {rate: 0.02, base: 400000000, years: 5}, probability: 0.6}
  - {id: S1, kind: own-use, exploiter: HT, requires: [P2], margin: 5000000}
costs:
  - {id: K1, item: pilot line, amount: 8000000, failure_probability: 0.3}
agreement:
  ownership: by-contribution
  joint_licensing: unanimous
  rule: shapley
  clauses:
    - {id: univ-floor, member: TU, min_share: 0.15}
    - {id: lead-cap, member: HT, max_share: 0.45}
    - {id: stand-alone, individual_rationality: true}
"""


def error_of(text, fmt="yaml"):
    with pytest.raises(ScenarioError) as caught:
        loads(text, fmt, name="s.yaml")
    message = str(caught.value)
    assert "\n" not in message
    return caught.value, message


def test_loads_typed_immutable_scenario():
    scenario = loads(BASE, name="s.yaml")
    assert scenario.name == "Test alliance"
    assert scenario.member_ids == ("HT", "TU", "IPE")
    assert scenario.alliance.discount_rate == Fraction(2, 25)
    assert scenario.contributions[2].substitute_cost == 5000000
    assert scenario.patents["P1"].builds_on == ("BG1",)
    assert scenario.revenue[0].royalty.rate == Fraction(1, 50)
    assert scenario.revenue[0].probability == Fraction(3, 5)
    assert [c.kind for c in scenario.agreement.clauses] == ["min_share", "max_share", "individual_rationality"]
    assert scenario.agreement.clauses[0].targets == ("TU",)
    with pytest.raises(TypeError):
        scenario.members["X"] = None
    with pytest.raises(AttributeError):
        scenario.alliance.name = "other"


def test_sha256_is_of_the_file_bytes(tmp_path):
    import hashlib

    path = tmp_path / "a.yaml"
    path.write_text(BASE)
    assert ipshare.load(path).sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_json_and_toml_load_the_same_scenario():
    two = {name: ipshare.load(SCENARIOS / name) for name in ("two-party.json", "two-party.toml")}
    json_scenario, toml_scenario = two["two-party.json"], two["two-party.toml"]
    assert json_scenario.members == toml_scenario.members
    assert json_scenario.contributions == toml_scenario.contributions
    assert json_scenario.revenue == toml_scenario.revenue
    assert dict(json_scenario.patents) == dict(toml_scenario.patents)


def test_json_decimals_are_exact():
    document = json.loads(json.dumps({"game": {"type": "table", "players": ["A"], "values": {"A": 0.1}}}))
    scenario = loads(json.dumps(document), "json")
    assert scenario.game.values[1] == Fraction(1, 10)


@pytest.mark.parametrize(
    "old, new, line, field, words",
    [
        ("type: university", "type: universty", 7, "members.TU.type", "did you mean 'university'"),
        (
            "member: TU, kind: personnel",
            "member: TX, kind: personnel",
            11,
            "contributions.C2.member",
            "unknown member 'TX'",
        ),
        ("value: 12000000", "value: -5", 10, "contributions.C1.value", "at least 0"),
        ("  rule: shapley", "  rules: shapley", 26, "agreement.rules", "did you mean 'rule'"),
        ("requires: [P1, P2]", "requires: [P1, P9]", 18, "revenue.L1.requires[1]", "unknown patent 'P9'"),
        ("from: [C2, C3]", "from: [C2, C7]", 15, "patents.P1.from[1]", "unknown contribution 'C7'"),
        ("owners: {TU: 1}", "owners: {TU: 0.5}", 14, "patents.BG1.owners", "sum to 1"),
        ("owners: {TU: 1}", "owners: {TU: 0.5, XX: 0.5}", 14, "patents.BG1.owners.XX", "unknown member 'XX'"),
        ("probability: 0.6", "probability: 1.5", 19, "revenue.L1.probability", "at most 1"),
        ("kind: cash", "kind: money", 10, "contributions.C1.kind", "unknown contribution kind 'money'"),
        ("discount_rate: 0.08", "discount_rate: eight", 4, "alliance.discount_rate", "must be a number"),
        (
            "member: TU, min_share: 0.15",
            "member: TU, min_share: 1.5",
            28,
            "agreement.clauses.univ-floor.min_share",
            "at most 1",
        ),
        ("{id: C3, member: IPE", "{id: C1, member: IPE", 12, "contributions.C1.id", "duplicate id"),
        ("ownership: by-contribution", "ownership: by-contrib", 24, "agreement.ownership", "did you mean"),
        ("exploiter: HT", "exploiter: HX", 20, "revenue.S1.exploiter", "unknown member 'HX'"),
    ],
)
def test_errors_name_line_and_field(old, new, line, field, words):
    assert old in BASE
    error, message = error_of(BASE.replace(old, new, 1))
    assert error.line == line, message
    assert error.field == field, message
    assert words in message
    assert message.startswith(f"s.yaml:{line}: {field}: ")


def test_cycle_in_builds_on_is_reported_with_the_cycle():
    text = BASE.replace(
        "P2: {title: Stacking, from: [C1, C2]}", "P2: {title: Stacking, from: [C1, C2], builds_on: [P1]}"
    )
    text = text.replace("builds_on: [BG1]", "builds_on: [BG1, P2]")
    _, message = error_of(text)
    assert "cycle" in message and ("P1 -> P2 -> P1" in message or "P2 -> P1 -> P2" in message)


def test_self_reference_in_builds_on():
    _, message = error_of(BASE.replace("builds_on: [BG1]", "builds_on: [P1]"))
    assert "cannot build on itself" in message


@pytest.mark.parametrize(
    "text, words",
    [
        ("- 1\n", "must be a mapping"),
        ("", "empty file"),
        ("alliance: {name: X}\n", "missing `members`"),
        ("a: [1,\n", "not valid YAML"),
        ("members: {A: {type: enterprise}}\n", "missing required key 'alliance'"),
        ("alliance: {name: X}\nmembers: {A: {type: enterprise}}\nmembers: {}\n", "duplicate key 'members'"),
        ("game: {type: table, players: [A, B], values: {'A+X': 1}}\n", "unknown player 'X'"),
        ("game: {type: table, players: [A, B], values: {'A+B': 1, 'B+A': 2}}\n", "listed twice"),
        ("game: {type: table, players: [A, B], values_by_mask: [0, 1, 2]}\n", "need 2^2 = 4"),
        ("game: {type: table, players: [A, B], values_by_mask: [1, 1, 2, 3]}\n", "empty coalition"),
        ("game: {type: voting, quota: 2}\n", "unknown game type"),
        ("game: {type: weighted-voting, quota: 10, weights: {A: 1, B: 2}}\n", "exceeds the total weight"),
        ("game: {type: bankruptcy, estate: 10, claims: {A: 1, B: 2}}\n", "exceeds the sum of the claims"),
        ("game: {type: airport, kind: benefit, costs: {A: 1}}\n", "cost game"),
        ("game: {type: table, players: [A, B], values: {A: 1}, unions: [[A]]}\n", "missing B"),
        ("game: {type: table, players: [A], values: {A: true}}\n", "must be a number"),
        ("game: {type: table, players: [A], values: {A: '1/0'}}\n", "must be a number"),
        ("game: {type: table, players: [A], values: {A: .nan}}\n", "finite"),
    ],
)
def test_structural_errors(text, words):
    _, message = error_of(text)
    assert words in message, message


def test_game_section_values():
    scenario = loads("game: {type: table, players: [A, B], values: {A: '1/3', 'B+A': 2.5}}\n")
    assert scenario.member_ids == ("A", "B")
    assert dict(scenario.game.values) == {1: Fraction(1, 3), 3: Fraction(5, 2)}


def test_toml_error_has_line():
    _, message = error_of('[alliance]\nname = "x"\nname = "y"\n', "toml")
    assert message.startswith("s.yaml:3:") and "TOML" in message


def test_json_error_has_line_and_field():
    text = json.dumps(json.loads(json.dumps({"alliance": {"name": "X"}, "members": {"A": {"type": "firm"}}})), indent=2)
    error, message = error_of(text, "json")
    assert error.field == "members.A.type"
    assert error.line == text.splitlines().index('      "type": "firm"') + 1


def test_unknown_extension_and_missing_file(tmp_path):
    with pytest.raises(ScenarioError, match="unknown file extension"):
        ipshare.load(tmp_path / "x.txt")
    with pytest.raises(ScenarioError, match="no such file"):
        ipshare.load(tmp_path / "x.yaml")


def test_clause_shapes():
    def clause(text):
        return BASE.replace("    - {id: stand-alone, individual_rationality: true}", "    - " + text)

    scenario = loads(clause("{id: g, type: university, min_share: 0.2}"))
    assert scenario.agreement.clauses[-1].targets == ("TU",)
    scenario = loads(clause("{id: r, member: HT, ratio: 1.5, over: TU}"))
    assert scenario.agreement.clauses[-1].params["over"] == "TU"
    scenario = loads(clause("{id: c, core: ['HT+TU', 'IPE']}"))
    assert scenario.agreement.clauses[-1].value == (("HT", "TU"), ("IPE",))
    for bad, words in [
        ("{id: x, member: HT}", "needs one of"),
        ("{id: x, member: HT, min_share: 0.1, max_share: 0.2}", "states one thing"),
        ("{id: x, min_share: 0.1}", "needs `member`"),
        ("{id: x, type: government, min_share: 0.1}", "no member is of type"),
        ("{id: x, member: HT, ratio: 2}", "needs `over`"),
        ("{id: x, near: shapley}", "needs `distance`"),
        ("{id: x, member: HT, individual_rationality: true}", "whole alliance"),
    ]:
        _, message = error_of(clause(bad))
        assert words in message, message


def test_every_bundled_scenario_is_valid():
    files = sorted(p for p in SCENARIOS.iterdir() if p.suffix in (".yaml", ".json", ".toml"))
    assert len(files) >= 7
    for path in files:
        ipshare.load(path)


# -- YAML merge keys ----------------------------------------------------------------------------------------------

MERGED = """\
alliance: {name: Merged, currency: CNY}
members:
  HT: &enterprise
    type: enterprise
    name: Huatai
  JH: {<<: *enterprise, name: Jianghai}
  TU:
    <<: [*enterprise, {type: university, role: partner}]
    name: Tianjin University
contributions:
  - &cash {id: C1, member: HT, kind: cash, value: 100}
  - {<<: *cash, id: C2, member: JH}
  - {<<: *cash, id: C3, member: TU, value: -1}
"""


def test_yaml_merge_keys_are_supported_with_their_precedence():
    scenario = loads(MERGED.replace("value: -1", "value: 7"), name="m.yaml")
    assert scenario.members["JH"] == ipshare.model.Member(id="JH", name="Jianghai", type="enterprise")
    # Among merged mappings the first listed wins; a key written in the mapping wins over all of them.
    assert (scenario.members["TU"].type, scenario.members["TU"].role) == ("enterprise", "partner")
    assert scenario.members["TU"].name == "Tianjin University"
    assert [(c.id, c.member, c.value) for c in scenario.contributions] == [("C1", "HT", 100), ("C2", "JH", 100),
                                                                           ("C3", "TU", 7)]
    assert scenario.line_of("members", "JH", "type") == 4  # a merged field has the line where it is written


def test_an_error_in_a_merged_mapping_names_the_field_and_line():
    error, message = error_of(MERGED)
    assert (error.line, error.field) == (13, "contributions.C3.value") and "at least 0" in message
    error, message = error_of(MERGED.replace("name: Huatai", "name: 5.5"))
    assert error.field == "members.HT.name" and error.line == 5


@pytest.mark.parametrize(
    "text, words",
    [
        ("alliance: {name: x}\nmembers:\n  A: &a {<<: *a, type: enterprise}\n", "merges itself"),
        ("alliance: {name: x}\nmembers:\n  A: {<<: 3, type: enterprise}\n", "a mapping or a list of mappings"),
        ("alliance: {name: x}\nmembers:\n  A: {<<: [[1]], type: enterprise}\n", "a mapping or a list of mappings"),
        ("alliance: {name: x}\nmembers:\n  A: {<<: {type: enterprise}, <<: {name: q}}\n", "duplicate key '<<'"),
        ("alliance: {name: x}\nmembers:\n  A: {type: enterprise, <<: {name: q}, type: university}\n",
         "duplicate key 'type'"),
    ],
)
def test_bad_merge_keys_are_one_line_errors(text, words):
    error, message = error_of(text)
    assert words in message and error.line == 3


def test_merge_keys_cannot_multiply_a_document():
    """Merges that copy merges are counted like aliases (tests/test_limits.py, the alias bomb)."""
    lines = ["alliance: {name: x}", "members: {A: {type: enterprise}}", "agreement:",
             "  a0: &a0 {" + ", ".join(f"k{i}: {i}" for i in range(400)) + "}"]
    for level in range(1, 400):
        lines.append(f"  a{level}: &a{level} {{<<: *a{level - 1}}}")
    _, message = error_of("\n".join(lines) + "\n")
    assert "aliases here expand the document by more than 100,000 items" in message


# -- line numbers in JSON and TOML --------------------------------------------------------------------------------


def test_json_validation_errors_point_at_the_line_of_the_field():
    text = (SCENARIOS / "two-party.json").read_text()
    lines = text.splitlines()
    # The second licence's royalty rate: the search by key name found the first licence's "rate" (line 101).
    bad = text.replace('"rate": 0.02', '"rate": 2')
    error, message = error_of(bad, "json")
    assert (error.field, error.line) == ("revenue.L2.royalty.rate", lines.index('        "rate": 0.02,') + 1)
    # The third contribution's quantity, and an element of a list written one item a line.
    document = json.loads(text)
    document["contributions"][2]["quantity"] = -36
    document["patents"]["P1"]["from"][2] = "UNI-x"
    written = json.dumps(document, indent=2)
    error, _ = error_of(written, "json")
    assert error.field == "contributions.UNI-staff.quantity"
    assert written.splitlines()[error.line - 1].strip() == '"quantity": -36,'
    document["contributions"][2]["quantity"] = 36
    written = json.dumps(document, indent=2)
    error, _ = error_of(written, "json")
    assert error.field == "patents.P1.from[2]" and written.splitlines()[error.line - 1].strip() == '"UNI-x"'


def test_toml_validation_errors_point_at_the_line_of_the_field():
    text = (SCENARIOS / "two-party.toml").read_text()
    lines = text.splitlines()
    bad = text.replace("rate = 0.02", "rate = 2")
    error, _ = error_of(bad, "toml")
    assert error.field == "revenue.L2.royalty.rate"
    assert error.line == next(i for i, line in enumerate(lines, 1) if "rate = 0.02" in line)
    # A field of the third table of an array of tables, and an element of an inline array.
    bad = text.replace('probability = 0.9', 'probability = 9')
    error, _ = error_of(bad, "toml")
    assert (error.field, error.line) == ("revenue.L2.probability",
                                         next(i for i, line in enumerate(lines, 1) if "probability = 0.9" in line))
    bad = text.replace('from = ["CW-cash", "CW-skid", "UNI-staff"]',
                       'from = [\n  "CW-cash",\n  "CW-skid",  # a comment\n  "UNI-x",\n]')
    error, _ = error_of(bad, "toml")
    assert error.field == "patents.P1.from[2]" and bad.splitlines()[error.line - 1].strip() == '"UNI-x",'


TOML_FIXTURE = '''\
# a comment with [brackets] and "quotes" = 1
[alliance]
name = """Multi
line "name" """
currency = 'CNY'

[members.A]
type = "enterprise"
"quoted key" = 1

[[contributions]]
id = "C1"
member = "A"
kind = "cash"
value = 5

[[contributions]]
id = "C2"
member = "A"
kind = "cash"
value = { nested = [1, 2] }
'''


def test_toml_lines_survive_multiline_strings_quoted_keys_and_inline_tables():
    error, message = error_of(TOML_FIXTURE, "toml")
    assert error.line == 3 and error.field == "alliance.name"  # one-line text (the name's first line)
    fixed = TOML_FIXTURE.replace('"""Multi\nline "name" """', '"Multi"')
    error, message = error_of(fixed, "toml")
    assert (error.line, error.field) == (8, 'members.A.quoted key'), message
    fixed = fixed.replace('"quoted key" = 1\n', "")
    error, message = error_of(fixed, "toml")
    assert (error.line, error.field) == (19, "contributions.C2.value"), message


def test_json_and_toml_syntax_errors_give_their_own_line():
    error, message = error_of('{\n  "alliance": {\n    "name": "x",\n  }\n}\n', "json")
    assert error.line == 4 and "not valid JSON" in message
    error, message = error_of('[alliance]\nname = "x"\n\n[members.A]\ntype = enterprise\n', "toml")
    assert error.line == 5 and "not valid TOML" in message


def test_a_duplicate_json_key_names_its_line_and_field():
    text = '{\n  "alliance": {"name": "x"},\n  "members": {\n    "A": {"type": "enterprise"},\n    "A": {}\n  }\n}\n'
    error, message = error_of(text, "json")
    assert (error.line, error.field) == (5, "members.A") and "duplicate key 'A'" in message


def test_a_too_long_integer_in_json_or_toml_names_its_line():
    digits = "1" * 5000
    error, _ = error_of(f'{{\n"alliance": {{"name": "x"}},\n"x": {digits}\n}}', "json")
    assert error.line == 3
    error, _ = error_of(f'[alliance]\nname = "x"\nx = {digits}\n', "toml")
    assert error.line == 3


# -- numbers read alike in every format ---------------------------------------------------------------------------


def test_a_yaml_decimal_is_exact_as_written_like_json_and_toml():
    digits = "0.100000000000000006"  # 18 places, which a binary float would round to 0.1
    value = Fraction(digits)
    yaml_game = loads(f"game: {{type: table, players: [A], values: {{A: {digits}}}}}\n")
    json_game = loads(json.dumps({"game": {"type": "table", "players": ["A"]}})[:-2]
                      + f', "values": {{"A": {digits}}}}}}}', "json")
    toml_game = loads(f'[game]\ntype = "table"\nplayers = ["A"]\nvalues = {{A = {digits}}}\n', "toml")
    assert yaml_game.game.values[1] == json_game.game.values[1] == toml_game.game.values[1] == value
    _, message = error_of("game: {type: table, players: [A], values: {A: .inf}}\n")
    assert "finite" in message


@pytest.mark.parametrize(
    "written, words",
    [
        ("017", "017 is the octal number 15 to YAML 1.1 but 17 to other readers; write 17"),
        ("-0_10", "octal number 8"),
        ("1:30", "base-60 number"),  # YAML 1.1 reads it as 90
        ("1:3", "base-60 number"),  # a ratio that would have been 63
        ("1:30.5", "base-60 number"),
    ],
)
def test_yaml_numbers_other_formats_would_read_otherwise_are_refused(written, words):
    error, message = error_of(BASE.replace("value: 12000000", f"value: {written}"))
    assert (error.line, error.field) == (10, "contributions.C1.value") and words in message
    with pytest.raises(ScenarioError, match=words.split(";")[0]) as caught:
        loads(BASE, overrides=[f"revenue.L1.upfront={written}"])
    assert str(caught.value).startswith("--set revenue.L1.upfront: ")


def test_yaml_numbers_read_alike_stay_numbers():
    for written, value in (("007", 7), ("0", 0), ("0x1F", 31), ("0b101", 5), ("'017'", 17)):
        scenario = loads(BASE.replace("value: 12000000", f"value: {written}"))
        assert scenario.contributions[0].value == value, written
    _, message = error_of(BASE.replace("name: Test alliance", "name: 2025-01-01"))
    assert "not the date 2025-01-01; put it in quotes" in message


# The line scanners of JSON and TOML, on generated documents: every key and list element is found, on its line.
_KEYS = st.text(alphabet=st.sampled_from(list('abAB1_- ."#=[]{}é')), min_size=1, max_size=4)
_SCALARS = st.one_of(st.integers(-10**6, 10**6), st.booleans(), st.floats(allow_nan=False, allow_infinity=False),
                     st.text(alphabet=st.sampled_from(list("ab \"'#=[]{},\\\n\té")), max_size=5))
_DOCUMENTS = st.dictionaries(_KEYS, st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(_KEYS, inner, max_size=3)), max_leaves=15), max_size=4)


def _keys_and_items(data, path=()):
    """(path, key) of every key, (path, None) of every list element."""
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        yield path + (key,), key if isinstance(data, dict) else None
        yield from _keys_and_items(value, path + (key,))


@settings(max_examples=150, deadline=None, database=None, derandomize=True)
@given(document=_DOCUMENTS, indent=st.sampled_from([None, 1, 4]))
def test_the_json_scanner_finds_every_key_on_its_line(document, indent):
    from ipshare.model.reading import _scan_json

    text = json.dumps(document, indent=indent)
    lines, written = {}, text.splitlines()
    _scan_json(text, lines)
    for path, key in _keys_and_items(document):
        assert path in lines
        assert key is None or json.dumps(key) + ":" in written[lines[path] - 1]


@settings(max_examples=150, deadline=None, database=None, derandomize=True)
@given(document=_DOCUMENTS, multiline=st.booleans())
def test_the_toml_scanner_finds_every_key_on_its_line(document, multiline):
    import tomli_w

    from ipshare.model.reading import _scan_toml

    text = tomli_w.dumps(document, multiline_strings=multiline)  # arrays of tables, inline tables, long strings
    lines, written = {}, text.splitlines()
    _scan_toml(text, lines)
    for path, key in _keys_and_items(document):
        assert path in lines
        bare = all(char.isascii() and (char.isalnum() or char in "_-") for char in str(key))
        assert key is None or (key if bare else json.dumps(key, ensure_ascii=False)) in written[lines[path] - 1]
