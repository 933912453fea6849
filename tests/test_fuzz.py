"""Fuzzing: mutated bundled scenarios through every command that reads one. Nothing a user types may crash ipshare.

Each generated input starts from a bundled scenario (scenarios/*.yaml|json|toml) and is mutated: keys dropped,
renamed or duplicated, values of the wrong type, huge and tiny numbers, NaN and infinity, unicode ids, emptied
sections, references to nothing, deep nesting, raw number tokens no serialiser writes (``1e999999999``, a
5,000-digit integer), or random bytes written into the file. It is then run, in-process through click's test
runner, by one of the commands (validate, allocate with various rules, game, graph, core, whatif, sweep, compare,
rights, risk, withdraw, report, schedule, dissolve; allocate, rights and dissolve sometimes ``--at`` a date),
sometimes with ``--set`` overrides, option values at or beyond their ends (``--seed -1``, ``--samples 10^12``,
``--time-limit nan``, ``--steps 10^12``) and ``-o``.

Every input must be accepted (exit 0) or refused cleanly: exit 2 (bad input), 3 (clauses that conflict) or 4 (a
numerical failure, reported not returned), with one line on stderr (a conflict diagnosis may take several, and a
bad command-line option gets click's usage report ending in one ``Error:`` line), never a traceback, never exit 1,
and never a partial or stray file beside the output.

The number of inputs is ``IPSHARE_FUZZ_EXAMPLES`` (default 200); CI runs a separate fuzz job with 10,000. The
count and the outcomes are printed at the end of the run (tests/conftest.py).
"""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import re
import tempfile
import tomllib
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ipshare.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted(p for p in (ROOT / "scenarios").iterdir() if p.suffix in (".yaml", ".json", ".toml"))
EXAMPLES = int(os.environ.get("IPSHARE_FUZZ_EXAMPLES", "200"))
# Most inputs are structured mutations; a quarter are byte-level edits of the files as written.
TREE_EXAMPLES = max(1, EXAMPLES - EXAMPLES // 4)
BYTE_EXAMPLES = max(1, EXAMPLES // 4)
# Inputs that would make a dense game much larger than the bundled ones are not run (the limits are tested in
# test_limits.py); the generated inputs stay as cheap as the bundled scenarios.
MAX_PLAYERS = 12


def _read(path):
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return json.loads(text)
    if path.suffix == ".toml":
        return tomllib.loads(text)
    return yaml.safe_load(text)


BUNDLED = [(path, path.read_bytes(), _read(path)) for path in SCENARIOS]

# CI draws the same inputs on every run (derandomised), so a submission cannot fail on luck; set
# IPSHARE_FUZZ_RANDOM=1 to explore new inputs on a developer's machine.
fuzz_settings = settings(
    deadline=None,
    database=None,
    derandomize=os.environ.get("IPSHARE_FUZZ_RANDOM", "") != "1",
    print_blob=True,
    suppress_health_check=list(HealthCheck),
)

# --------------------------------------------------------------------------------------------------------------
# Values and mutations

# Tokens written into the serialised text as they are: numbers no serialiser would produce.
RAW_TOKENS = [
    "1" + "0" * 5000,  # more digits than Python converts to int by default
    "1e999999999",
    "-1e-999999999",
    "1.5e+400",
    "1e-400",
    "9" * 40,
    "0.000000000000000000000000000001",
    "1_000",
    "0x1F",
    "1/0",
    "[" * 3000 + "1" + "]" * 3000,  # deep nesting, written as text: too deep to build and copy as data here
    '{"a": ' * 3000 + "1" + "}" * 3000,
]
ODD_TEXT = [
    "",
    " ",
    "x",
    "Ωμέγα",
    "联盟",
    "🙂",
    "A+B",
    "a b",
    "-1",
    "1/3",
    "nan",
    "inf",
    "null",
    "None",
    "\u202e",
    "x" * 300,
    "*",
    "&",
    "%",
    "{",
    "P1+",
    "+",
    "0",
]
ODD_NUMBERS = [
    0,
    -1,
    1,
    2,
    -0.0,
    0.5,
    1e-300,
    5e-324,
    1e308,
    -1e308,
    1e18,
    1e19,
    10**18,
    10**19,
    10**40,
    2**63,
    -(2**63),
    1e-18,
    1e-19,
    float("nan"),
    float("inf"),
    float("-inf"),
    101,
    1000,
    10**6,
    10**9,
    0.1,
]


def odd_values(leaf=None):
    values = [None, True, False, [], {}, [1, 2], {"a": 1}, ["A", "B"], {"id": "X"}, *ODD_TEXT, *ODD_NUMBERS]
    return st.sampled_from(values) | st.text(max_size=12) | st.integers() | st.floats()


def _locations(node, path=()):
    """Every (container, key, path) in the tree, the root excluded."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            found.append((node, key, path + (key,)))
            found.extend(_locations(value, path + (key,)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.append((node, index, path + (index,)))
            found.extend(_locations(value, path + (index,)))
    return found


def _ids(data):
    """Ids that occur in the scenario: members, players, contributions, patents, revenue and cost items."""
    ids = set()
    if not isinstance(data, dict):
        return []
    for section in ("members", "patents"):
        if isinstance(data.get(section), dict):
            ids.update(k for k in data[section] if isinstance(k, str))
    for section in ("contributions", "revenue", "costs"):
        if isinstance(data.get(section), list):
            ids.update(i["id"] for i in data[section] if isinstance(i, dict) and isinstance(i.get("id"), str))
    game = data.get("game")
    if isinstance(game, dict):
        for key in ("players",):
            if isinstance(game.get(key), list):
                ids.update(p for p in game[key] if isinstance(p, str))
        for key in ("weights", "claims", "costs"):
            if isinstance(game.get(key), dict):
                ids.update(k for k in game[key] if isinstance(k, str))
    return sorted(ids)


def _nest(value, depth, as_list):
    for _ in range(depth):
        value = [value] if as_list else {"a": value}
    return value


class RawTokens:
    """Markers put into the data and replaced by raw tokens once the text is written."""

    def __init__(self):
        self.tokens = {}

    def marker(self, token):
        name = f"RAWTOKEN{len(self.tokens)}X"
        self.tokens[name] = token
        return name

    def apply(self, text):
        if not self.tokens:
            return text
        return re.sub(r"""["']?(RAWTOKEN\d+X)["']?""", lambda m: self.tokens.get(m.group(1), m.group(0)), text)


MUTATIONS = (
    "drop",
    "retype",
    "rename",
    "empty",
    "dangle",
    "nest",
    "duplicate",
    "transplant",
    "scale",
    "raw",
    "ids",
    "grow",
)
# Changes that often keep the scenario valid, so that many inputs get past the loader into the computations.
BENIGN = ("renumber", "retext", "reorder", "clause", "hostile", "hostile", "hostile")

# Text that must stay text in every output (markup, formulas, forged rows), and text no output can hold (which the
# loader refuses with one line): drawn into every text field of a scenario by the "hostile" mutation.
HOSTILE_TEXT = [
    "[/]",
    "[red]x[/red]",
    "[bold",
    ":cd:",
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://example.invalid","x")',
    "+1",
    "-1",
    "@SUM(A1)",
    "\t=1",
    "a|b",
    "| forged | row |",
    "a\nb",
    "<script>alert(1)</script>",
    "&amp;",
    "]]><x/>",
    '"quoted" \\ back',
    "$x^$",
    "$\\frac{",
    "*bold* _it_ `code` # [link](x)",
    "- item",
    "固态电池技术创新联盟",
    "شركة النور",
    "🙂" * 3,
    "x" * 199,
    "x" * 201,
    "bell\x07",
    "nul\x00",
    "c1\x85",
    "bidi\u202e",
    "lone\ud800",
    "１００",
]
TEXT_KEYS = ("name", "title", "description", "licensee", "item", "unit", "role", "source")
# The classes of HOSTILE_TEXT, for the tally the run prints (how many inputs of each class were tried).
HOSTILE_CLASSES = {
    "rich markup": ("[/]", "[red]x[/red]", "[bold", ":cd:"),
    "spreadsheet formula": ("=cmd|' /C calc'!A0", '=HYPERLINK("http://example.invalid","x")', "+1", "-1", "@SUM(A1)",
                            "\t=1"),
    "forged rows and markdown": ("a|b", "| forged | row |", "a\nb", "*bold* _it_ `code` # [link](x)", "- item"),
    "html and xml": ("<script>alert(1)</script>", "&amp;", "]]><x/>", '"quoted" \\ back'),
    "mathtext": ("$x^$", "$\\frac{"),
    "characters no format holds": ("bell\x07", "nul\x00", "c1\x85", "bidi\u202e", "lone\ud800"),
    "non-ASCII digits": ("１００",),
    "long": ("x" * 199, "x" * 201),
    "scripts": ("固态电池技术创新联盟", "شركة النور", "🙂" * 3),
}


@st.composite
def mutate(draw, data, raw):
    """Apply one mutation to ``data`` in place (the root itself may be replaced: the new root is returned)."""
    kind = draw(st.sampled_from(MUTATIONS + BENIGN * 4))
    locations = _locations(data)
    if not locations or draw(st.integers(0, 40)) == 0:
        # The whole document replaced.
        return draw(st.sampled_from([None, [], {}, "text", 3, [data], {"game": None}, {"members": {}}]))
    container, key, path = draw(st.sampled_from(locations))
    value = container[key]
    if kind == "drop":
        del container[key]
    elif kind == "retype":
        container[key] = draw(odd_values())
    elif kind == "rename" and isinstance(container, dict):
        new = draw(
            st.sampled_from(["Ωμέγα", "name", "id", "type", "value", "x", "", "members", "1", "A+B"])
            | st.text(min_size=1, max_size=8)
        )
        container.pop(key)
        container[new] = value
    elif kind == "empty":
        container[key] = draw(st.sampled_from([{}, [], None, ""]))
    elif kind == "dangle":
        # A reference to nothing: a string replaced by an unknown id, or an id by another id of the scenario.
        ids = _ids(data)
        options = ["NOPE", "Ω", "P9", "A"] + ids
        container[key] = draw(st.sampled_from(options))
    elif kind == "nest":
        depth = draw(st.sampled_from([1, 2, 5, 30, 150]))
        container[key] = _nest(value, depth, draw(st.booleans()))
    elif kind == "duplicate":
        if isinstance(container, list):
            container.insert(key, copy.deepcopy(value))
        else:
            # Duplicate keys are only expressible in text: done by duplicate_line() after writing.
            container[key] = copy.deepcopy(value)
    elif kind == "transplant":
        _, _, other = draw(st.sampled_from(locations))
        source = data
        try:
            for step in other:
                source = source[step]
            container[key] = copy.deepcopy(source)
        except (KeyError, IndexError, TypeError):
            pass
    elif kind == "scale":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            factor = draw(st.sampled_from([-1, 0, 10**-30, 10**-12, 1e-6, 1e6, 1e12, 1e30, 1e300]))
            try:
                container[key] = value * factor
            except OverflowError:
                container[key] = float("inf")
        else:
            container[key] = draw(st.sampled_from(ODD_NUMBERS))
    elif kind == "clause":
        # An agreement clause made demanding: with core-lp, clauses that cannot all hold (exit 3).
        agreement = data.get("agreement") if isinstance(data, dict) else None
        clauses = agreement.get("clauses") if isinstance(agreement, dict) else None
        if isinstance(clauses, list) and clauses and isinstance(data.get("members"), dict) and data["members"]:
            member = draw(st.sampled_from(sorted(k for k in data["members"] if isinstance(k, str)) or ["A"]))
            key = draw(st.sampled_from(["min_share", "max_share", "min_amount", "fixed"]))
            amount = draw(st.sampled_from([0, 0.01, 0.5, 0.9, 1, 10**9, -5]))
            clauses.append({"id": f"fuzz-{len(clauses)}", "member": member, key: amount})
    elif kind == "renumber":
        numbers = [(c, k) for c, k, _ in locations if isinstance(c[k], (int, float)) and not isinstance(c[k], bool)]
        if numbers:
            container, key = draw(st.sampled_from(numbers))
            value = container[key]
            if draw(st.integers(0, 3)) == 0:
                # Extreme values the loader accepts: the computations must cope with them too.
                container[key] = draw(
                    st.sampled_from([10**18, 10**18 - 1, 1e18, 1e-18, 0.999999999999999999, "1/3", "2/7", 1e-9, 0])
                )
            else:
                factor = draw(st.sampled_from([0, 0.5, 0.9, 1.1, 2, 3, 10, 1000, 1e6, 1e9]))
                changed = value * factor
                container[key] = int(changed) if isinstance(value, int) and changed == int(changed) else changed
    elif kind == "retext":
        texts = [
            (c, k)
            for c, k, _ in locations
            if isinstance(c[k], str) and k in ("name", "title", "description", "licensee", "item", "unit")
        ]
        if texts:
            container, key = draw(st.sampled_from(texts))
            container[key] = draw(st.sampled_from(["Ωμέγα 联盟 🙂", "", "x" * 500, "a\nb", "'\"", "#"]) | st.text())
    elif kind == "hostile":
        # Every text field of the scenario (names, titles, descriptions, licensees, ...) or an id: hostile text.
        texts = [(c, k) for c, k, _ in locations if isinstance(c[k], str) and k in TEXT_KEYS]
        if texts:
            container, key = draw(st.sampled_from(texts))
            container[key] = draw(st.sampled_from(HOSTILE_TEXT))
            if draw(st.integers(0, 3)) == 0:  # sometimes all of them at once
                text = draw(st.sampled_from(HOSTILE_TEXT))
                for other, other_key in texts:
                    other[other_key] = text
    elif kind == "reorder":
        if isinstance(value, dict):
            items = list(value.items())
            draw(st.randoms(use_true_random=False)).shuffle(items)
            container[key] = dict(items)
        elif isinstance(value, list):
            items = list(value)
            draw(st.randoms(use_true_random=False)).shuffle(items)
            container[key] = items
    elif kind == "raw":
        container[key] = raw.marker(draw(st.sampled_from(RAW_TOKENS)))
    elif kind == "ids":
        # Unicode and odd ids as keys of a mapping, or as list items.
        new_id = draw(st.sampled_from(["Ωμέγα", "联盟", "A-1", "a_b", "Z" * 64, "1A", "A+B", "A B", ""]))
        if isinstance(container, dict):
            container.pop(key)
            container[new_id] = value
        else:
            container[key] = new_id
    elif kind == "grow" and isinstance(value, (dict, list)):
        # More of the same: a section's items repeated (new ids), bounded by MAX_PLAYERS below.
        times = draw(st.integers(1, 4))
        if isinstance(value, dict):
            for number in range(times):
                for item_key, item in list(value.items())[:3]:
                    value[f"{item_key}x{number}"] = copy.deepcopy(item)
        else:
            for number in range(times):
                for item in value[:3]:
                    item = copy.deepcopy(item)
                    if isinstance(item, dict) and isinstance(item.get("id"), str):
                        item["id"] = f"{item['id']}x{number}"
                    value.append(item)
    return data


def _too_large(data):
    """Inputs whose game would be far larger than any bundled one (see MAX_PLAYERS)."""
    if not isinstance(data, dict):
        return False
    members = data.get("members")
    if isinstance(members, dict) and len(members) > MAX_PLAYERS:
        return True
    game = data.get("game")
    if isinstance(game, dict):
        for key in ("players", "weights", "claims", "costs"):
            if isinstance(game.get(key), (dict, list)) and len(game[key]) > MAX_PLAYERS:
                return True
    for section in ("contributions", "revenue", "costs"):
        if isinstance(data.get(section), list) and len(data[section]) > 40:
            return True
    return False


class Input:
    """A generated scenario file: its name, its bytes and the data it was written from (None for byte edits).

    Its repr is short: Hypothesis prints failing inputs, and a tree nested 3,000 deep cannot be pretty-printed."""

    def __init__(self, name, content, tree):
        self.name, self.content, self.tree = name, content, tree

    def __repr__(self):
        return f"Input({self.name!r}, {self.content[:2000]!r}{'...' if len(self.content) > 2000 else ''})"


class _Dumper(yaml.SafeDumper):
    """Writes shared subtrees out in full (no anchors): aliases are a mutation of their own."""

    def ignore_aliases(self, data):
        return True


def serialise(data, fmt, raw):
    """Text of ``data`` in ``fmt``; None when that format cannot hold it (TOML has no null, for one)."""
    try:
        if fmt == "yaml":
            text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
        elif fmt == "json":
            text = json.dumps(data, ensure_ascii=False, indent=1)
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate: JSON writes it as the escape "\ud800", as JSON may
                text = json.dumps(data, ensure_ascii=True, indent=1)
        else:
            import tomli_w

            if not isinstance(data, dict):
                return None
            text = tomli_w.dumps(data)
    except (ValueError, TypeError, RecursionError, yaml.YAMLError):
        return None
    return raw.apply(text)


@st.composite
def tree_inputs(draw):
    """(file name, bytes, data) of a structurally mutated bundled scenario."""
    path, _, original = draw(st.sampled_from(BUNDLED))
    data = copy.deepcopy(original)
    raw = RawTokens()
    for _ in range(draw(st.sampled_from([0, 1, 1, 1, 2, 3]))):
        data = draw(mutate(data, raw))
    fmt = draw(st.sampled_from(["yaml", "yaml", "json", "toml", path.suffix.lstrip(".")]))
    text = serialise(data, fmt, raw)
    if text is None:
        fmt, text = "yaml", serialise(data, "yaml", raw)
    if text is None:
        fmt, text = "json", json.dumps({"members": None})
    if draw(st.integers(0, 10)) == 0:
        text = _duplicate_line(text, draw(st.randoms(use_true_random=False)))
    if fmt == "yaml" and isinstance(data, dict) and data and draw(st.integers(0, 12)) == 0:
        text = _alias_trick(text, draw(st.sampled_from(["bomb", "recursive", "anchor"])))
    # A lone surrogate YAML or TOML cannot escape is written as its (invalid) UTF-8 bytes: the loader must refuse
    # the file in one line.
    content = text.encode("utf-8", "surrogatepass")
    return Input(f"s.{'yml' if fmt == 'yaml' and draw(st.booleans()) else fmt}", content, data)


def _duplicate_line(text, rng):
    """A key written twice: one line of the text repeated right after itself."""
    lines = text.splitlines(keepends=True)
    if not lines:
        return text
    index = rng.randrange(len(lines))
    return "".join(lines[: index + 1] + [lines[index]] + lines[index + 1 :])


def _alias_trick(text, kind):
    """YAML anchors and aliases: a billion-laughs bomb, a recursive alias, or a plain anchor reused."""
    if kind == "bomb":
        levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in range(1, 9):
            previous = f"*a{level - 1}"
            levels.append(f"a{level}: &a{level} [{', '.join([previous] * 10)}]")
        return "\n".join(levels) + "\nmembers: *a8\n" + text
    if kind == "recursive":
        return "members: &m {A: *m}\n" + text
    return text.replace("members:", "members: &members", 1) + "\nextra: *members\n"


@st.composite
def byte_inputs(draw):
    """(file name, bytes, None): a bundled file with random bytes flipped, inserted, deleted or repeated."""
    path, content, _ = draw(st.sampled_from(BUNDLED))
    content = bytearray(content)
    for _ in range(draw(st.integers(1, 4))):
        if not content:
            break
        position = draw(st.integers(0, len(content) - 1))
        action = draw(st.sampled_from(["flip", "insert", "delete", "repeat", "truncate"]))
        if action == "flip":
            content[position] = draw(st.integers(0, 255))
        elif action == "insert":
            content[position:position] = draw(st.binary(min_size=1, max_size=8))
        elif action == "delete":
            del content[position : position + draw(st.integers(1, 40))]
        elif action == "repeat":
            size = draw(st.integers(1, 80))
            content[position:position] = content[position : position + size]
        else:
            del content[position:]
    try:
        tree = _read_bytes(path.suffix, bytes(content))
    except Exception:  # noqa: BLE001 - whatever the reference parsers make of it, ipshare must refuse it cleanly
        tree = None
    return Input(f"s{path.suffix}", bytes(content), tree)


# --------------------------------------------------------------------------------------------------------------
# Commands

CHEAP_RULES = [
    "shapley",
    "banzhaf",
    "banzhaf-normalized",
    "proportional",
    "equal",
    "graph-flow",
    "nucleolus",
    "prenucleolus",
    "least-core",
    "core-lp",
    "tau",
    "ensc",
    "nash",
    "owen",
    "myerson",
    "talmud",
    "scrb",
    "shapley-sampled",
    "equal-surplus",
    "kalai-smorodinsky",
    "risk-adjusted-shapley",
    "nosuchrule",
    "per-capita-nucleolus",
    "modiclus",
    "shapley-weighted",
    "nash-weighted",
    "banzhaf-sampled",
    "aca",
    "cea",
    "cel",
    "proportional-claims",
    "gately",
    "dutta-ray",
    "banzhaf-owen",
    "kernel",
    "prekernel",
    "proportional-nucleolus",
    "disruption-nucleolus",
    "solidarity",
    "chi",
    "core-center",
    "deegan-packel",
    "johnston",
    "public-good",
    "coleman-prevent",
    "coleman-initiate",
    "egalitarian",
]


def _leaves(data, path=()):
    """Dotted paths of the scalar leaves of the data, for --set and sweep --param."""
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str):
                found.extend(_leaves(value, path + (key,)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            step = value["id"] if isinstance(value, dict) and isinstance(value.get("id"), str) else f"[{index}]"
            found.extend(_leaves(value, path + (step,)))
    elif path:
        dotted = ""
        for step in path:
            dotted += step if step.startswith("[") else f".{step}"
        found.append(dotted.lstrip("."))
    return found


@st.composite
def set_override(draw, data):
    leaves = _leaves(data) or ["alliance.name"]
    path = draw(st.sampled_from(leaves + ["nowhere.at.all", "members", "[0]", "a..b"]))
    value = draw(
        st.sampled_from(
            [
                "0",
                "1",
                "-5",
                "0.5",
                "1/3",
                "x",
                "null",
                "[1, 2]",
                "{a: 1}",
                "1e999999999",
                "'[",
                "&a [*a]",
                ".nan",
                "true",
                "NOPE",
                "",
            ]
        )
        | st.text(max_size=10)
    )
    return f"{path}={value}"


# Dates for --at (allocate, rights, dissolve): inside and outside the bundled alliances' lives, and not dates.
DATES = ["2020-01-01", "2026-06-30", "1900-01-01", "2999-12-31", "2026-02-30", "x", "", "2026-13-01", "0001-01-01"]

# Option values at and beyond their ends: every command must refuse them cleanly or cope (quickly).
HUGE = str(10**12)
ODD_OPTIONS = {
    "allocate": [
        ("--seed", ["-1", "0", str(10**40)]),
        ("--samples", ["0", "1", "2", HUGE]),
        ("--tolerance", ["0", "-1", "1e-300", "inf", "nan"]),
        ("--confidence", ["0", "1", "0.999999999", "nan"]),
        ("--time-limit", ["0", "-1", "1e-9", "nan", "inf"]),
        ("--objective", ["closest:nosuchrule", "closest:shapley:linf", "maxmin"]),
    ],
    "game": [("--max-players", ["-1", "0", "40", HUGE])],
    "core": [("--top", ["-1", "0", HUGE])],
    "sweep": [("--steps", ["-5", "0", "1", "2", HUGE]), ("--time-limit", ["1e-9"])],
    "compare": [("--time-limit", ["1e-9", "0"])],
    "plot": [("--kind", ["allocation", "graph", "pie"])],
    "risk": [
        ("--samples", ["100", "99", HUGE]),
        ("--level", ["0", "1", "0.999999"]),
        ("--seed", ["-1", str(10**40)]),
    ],
}


@st.composite
def command_args(draw, data, scenario, output):
    """A command line that reads ``scenario``, with options drawn to match the command."""
    ids = _ids(data) or ["A"]
    command = draw(
        st.sampled_from(
            [
                "validate",
                "allocate",
                "allocate",
                "allocate",
                "game",
                "graph",
                "core",
                "whatif",
                "sweep",
                "compare",
                "rights",
                "risk",
                "withdraw",
                "report",
                "report",
                "plot",
                "schedule",
                "dissolve",
            ]
        )
    )
    args = [command, str(scenario)]
    rules = draw(st.lists(st.sampled_from(CHEAP_RULES), max_size=3, unique=True))
    use_output = draw(st.booleans()) and command != "validate"
    if command == "allocate":
        for rule in rules:
            args += ["-r", rule]
        args += ["-f", draw(st.sampled_from(["table", "json", "csv", "markdown"]))]
        if "shapley-sampled" in rules or "banzhaf-sampled" in rules:
            # The sampling options with or without --samples (a tolerance alone decides the sample size).
            sampling = draw(st.sampled_from([["--samples", "20"], ["--tolerance", "1e9"], ["--tolerance", "1e12",
                                                                                       "--confidence", "0.5"],
                                             ["--samples", "20", "--sampling-method", "stratified"],
                                             ["--samples", "20", "--seed", "7"], ["--samples", "20", "--tolerance",
                                                                                  "1"]]))
            args += sampling
        if draw(st.integers(0, 5)) == 0:
            args.append("--certify")
        if "core-lp" in rules and draw(st.booleans()):
            args += ["--objective", draw(st.sampled_from(["nucleolus", "maxmin", "closest:proportional", "bad"]))]
        if draw(st.integers(0, 4)) == 0:
            args += ["--at", draw(st.sampled_from(DATES))]
    elif command == "game":
        args += ["-f", draw(st.sampled_from(["table", "json", "csv"]))]
    elif command == "graph":
        args += ["-f", draw(st.sampled_from(["dot", "graphml", "json"]))]
    elif command == "core":
        for rule in rules[:1]:
            args += ["-r", rule]
        args += ["-f", draw(st.sampled_from(["table", "json"]))]
    elif command == "whatif":
        if draw(st.booleans()):
            args += ["--drop", draw(st.sampled_from(ids + ["NOPE"]))]
        else:
            args += ["--set", draw(set_override(data))]
        for rule in rules[:2]:
            args += ["-r", rule]
    elif command == "sweep":
        leaves = _leaves(data) or ["alliance.discount_rate"]
        args += [
            "--param",
            draw(st.sampled_from(leaves)),
            "--from",
            draw(st.sampled_from(["0", "1/2", "x", "-1"])),
            "--to",
            draw(st.sampled_from(["1", "2", "1e3"])),
            "--steps",
            "3",
            "--workers",
            "1",
        ]
        if draw(st.integers(0, 4)) == 0:
            args.append("--symbolic")
        for rule in rules[:1]:
            args += ["-r", rule]
        if draw(st.integers(0, 6)) == 0:
            # Scheduler addresses of the wrong form are refused before any work (reachable ones are not drawn:
            # a connection attempt takes seconds).
            args += ["--scheduler", draw(st.sampled_from(["bogus", "http://x", "inproc://x", "tcp://", "tcp://:x",
                                                          "tcp://[::1", ""]))]
        if draw(st.integers(0, 6)) == 0:
            args += ["--plot", str(output.with_name(draw(st.sampled_from(["lines.svg", "lines.jpg", "lines"]))))]
    elif command == "compare":
        for rule in rules or ["shapley", "nucleolus"]:
            args += ["-r", rule]
        args += ["-f", draw(st.sampled_from(["table", "json", "csv"]))]
    elif command == "rights":
        args += ["-f", draw(st.sampled_from(["table", "json", "csv", "markdown"]))]
        if draw(st.integers(0, 4)) == 0:
            args += ["--at", draw(st.sampled_from(DATES))]
    elif command == "schedule":
        for rule in rules[:1]:
            args += ["-r", rule]
        args += ["-f", draw(st.sampled_from(["table", "json", "csv", "markdown"]))]
    elif command == "dissolve":
        fmt = draw(st.sampled_from(["table", "json", "markdown", "html", "docx", "xlsx"]))
        if fmt in ("docx", "xlsx"):
            use_output = True
        args += ["-f", fmt]
        if draw(st.integers(0, 2)) == 0:
            args += ["--at", draw(st.sampled_from(DATES))]
        if draw(st.integers(0, 2)) == 0:
            args += ["--fate", draw(st.sampled_from(["co-ownership", "largest-share", "highest-bidder"]))]
        if draw(st.integers(0, 3)) == 0:
            args += ["--funds", draw(st.sampled_from(["0", "-100", "1e3", "1/3", "x", "1" + "0" * 30]))]
        if draw(st.integers(0, 4)) == 0:
            args += ["--owed", f"{draw(st.sampled_from(ids + ['NOPE']))}={draw(st.sampled_from(['5', '-1', 'x']))}"]
        if draw(st.integers(0, 4)) == 0:
            args += ["--bid", draw(st.sampled_from([f"P1:{ids[0]}=100", "P1=5", f"NOPE:{ids[0]}=1", ":=1"]))]
    elif command == "risk":
        args += ["-f", draw(st.sampled_from(["table", "json", "csv", "markdown"]))]
        if draw(st.booleans()):
            args += ["--measure", draw(st.sampled_from(["expected-loss", "std", "cvar"]))]
        if draw(st.integers(0, 3)) == 0:
            args += ["--samples", "200"]
    elif command == "withdraw":
        args += ["-m", draw(st.sampled_from(ids + ["NOPE"]))]
        args += ["--mode", draw(st.sampled_from(["voluntary", "expelled"]))]
        args += ["-f", draw(st.sampled_from(["table", "json", "csv", "markdown"]))]
    elif command == "report":
        for rule in rules[:2]:
            args += ["-r", rule]
        fmt = draw(st.sampled_from(["md", "html", "csv", "docx", "xlsx"]))
        if fmt in ("docx", "xlsx"):
            use_output = True  # binary annexes are files
        args += ["-f", fmt]
    elif command == "plot":
        use_output = False
        kind = draw(st.sampled_from(["allocation", "graph"]))
        args += ["--kind", kind]
        if kind == "allocation":
            for rule in rules[:2]:
                args += ["-r", rule]
        # The image's path: its extension names the format (a wrong one is refused).
        image = draw(st.sampled_from(["out.png", "out.svg", "out.jpg", "out", "out.PNG"]))
        args += ["-o", str(output.with_name(image))]
    if command != "compare" and draw(st.integers(0, 10)) == 0:
        args += ["--set", draw(set_override(data))]
    if command in ODD_OPTIONS and draw(st.integers(0, 8)) == 0:
        option, values = draw(st.sampled_from(ODD_OPTIONS[command]))
        args += [option, draw(st.sampled_from(values))]
    if use_output:
        args += ["-o", str(output)]
    return args


# --------------------------------------------------------------------------------------------------------------
# The check


def _written(args):
    """The files a command line asks for: its -o and --plot paths."""
    return [Path(args[i + 1]) for i, arg in enumerate(args[:-1]) if arg in ("-o", "--plot")]


def check(runner, args, folder, scenario, output, tally):
    result = runner.invoke(cli, args, catch_exceptions=True)
    where = f"ipshare {' '.join(args)}"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        trace = "".join(traceback.format_exception(result.exception))
        pytest.fail(f"{where}\ncrashed:\n{trace}", pytrace=False)
    status = result.exit_code
    assert status in (0, 2, 3, 4), f"{where}\nexit {status}\n{result.stderr}"
    assert "Traceback" not in result.stderr, f"{where}\n{result.stderr}"
    asked = _written(args)
    leftovers = sorted(p.name for p in folder.iterdir() if p.name not in {scenario.name, *(f.name for f in asked)})
    assert not leftovers, f"{where}\nleft files behind: {leftovers}"
    if status == 0:
        tally["accepted"] += 1
        for path in asked:
            assert path.exists(), f"{where}\nexit 0 without writing {path.name}"
        main = next((path for path in asked if args[args.index(str(path)) - 1] == "-o"), None)
        _check_output_is_data(where, args, main.read_bytes() if main is not None else result.stdout.encode())
        return
    tally[f"exit {status}"] += 1
    lines = result.stderr.splitlines()
    assert lines, f"{where}\nexit {status} without a word on stderr"
    if status != 3 and not _usage_error(lines):
        assert len(lines) == 1, f"{where}\nexit {status}, {len(lines)} lines on stderr:\n{result.stderr}"
        assert result.stdout == "", f"{where}\nexit {status} with output:\n{result.stdout[:500]}"
    for path in asked:
        assert not path.exists(), f"{where}\nexit {status} but {path.name} was written"


def _format_of(args):
    if "-f" in args:
        return args[args.index("-f") + 1]
    return None


_NUMBER = re.compile(r"[+-]?[0-9][0-9,]*(\.[0-9]+)?([eE][+-]?[0-9]+)?(/[0-9]+)?")


def _check_output_is_data(where, args, data: bytes):
    """What an accepted command wrote holds user text as data: a CSV has no cell a spreadsheet would run as a
    formula (a leading = + - @ on anything but a number), a Markdown table no forged column, JSON parses, an
    XLSX no formula cell, a GraphML or SVG file is well-formed XML."""
    fmt = _format_of(args)
    command = args[0]
    if fmt == "csv":
        for row in csv.reader(io.StringIO(data.decode("utf-8"))):
            for cell in row:
                if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not _NUMBER.fullmatch(cell):
                    pytest.fail(f"{where}\nCSV cell a spreadsheet reads as a formula: {cell[:80]!r}", pytrace=False)
    elif fmt in ("markdown", "md"):
        _check_markdown(where, data.decode("utf-8"))
    elif fmt == "json":
        json.loads(data)
    elif fmt == "graphml" or (command == "plot" and data.lstrip().startswith(b"<")):
        ElementTree.fromstring(data)
    elif fmt == "xlsx":
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(data))
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", f"{where}\nXLSX formula in {sheet.title}!{cell.coordinate}"
    elif fmt == "html":
        assert "<script" not in data.decode("utf-8").lower(), f"{where}\nHTML holds a live script tag"


def _check_markdown(where, text):
    """Every row of a pipe table has as many unescaped column bars as the table's header."""
    bars = None
    for line in text.splitlines():
        if not line.startswith("|"):
            bars = None
            continue
        count = len(re.findall(r"(?<!\\)\|", line))
        if bars is None:
            bars = count
        elif count != bars:
            pytest.fail(f"{where}\nMarkdown row with {count} column bars under a header with {bars}:\n{line[:200]}",
                        pytrace=False)


def _usage_error(lines):
    """click's report of a bad command-line option: the usage, a hint, and one ``Error:`` line."""
    return (
        len(lines) == 4
        and lines[0].startswith("Usage: ")
        and lines[1].startswith("Try ")
        and not lines[2]
        and lines[3].startswith("Error: ")
    )


def _hostile_classes(tree) -> set[str]:
    found = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                walk(key)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str):
            found.update(name for name, texts in HOSTILE_CLASSES.items() if node in texts)

    walk(tree)
    return found


def run_input(generated, draw, tally):
    for name in _hostile_classes(generated.tree):
        tally[f"hostile text: {name}"] += 1
    with tempfile.TemporaryDirectory(prefix="ipshare-fuzz-") as directory:
        folder = Path(directory)
        scenario = folder / generated.name
        scenario.write_bytes(generated.content)
        output = folder / "out"  # no extension: the format is -f (or the default), as the draw says
        args = draw(command_args(generated.tree, scenario, output), label="command")
        check(CliRunner(), args, folder, scenario, output, tally)


@settings(fuzz_settings, max_examples=TREE_EXAMPLES)
@given(st.data())
def test_mutated_scenarios_are_accepted_or_refused_cleanly(fuzz_tally, data):
    generated = data.draw(tree_inputs(), label="input")
    assume(not _too_large(generated.tree))
    run_input(generated, data.draw, fuzz_tally)


@settings(fuzz_settings, max_examples=BYTE_EXAMPLES)
@given(st.data())
def test_byte_mutations_are_accepted_or_refused_cleanly(fuzz_tally, data):
    generated = data.draw(byte_inputs(), label="input")
    assume(not _too_large(generated.tree))
    run_input(generated, data.draw, fuzz_tally)


def _read_bytes(suffix, content):
    text = content.decode("utf-8")
    if suffix == ".json":
        return json.loads(text)
    if suffix == ".toml":
        return tomllib.loads(text)
    return yaml.safe_load(text)
