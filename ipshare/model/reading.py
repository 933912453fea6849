"""Reading scenario files: YAML (safe loader, merge keys, alias and nesting limits), JSON and TOML, each with the
line of every field, so that errors name the line they are on."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

import yaml

from ..errors import ScenarioError
from .limits import MAX_ALIAS_EXPANSION, MAX_NESTING
from .numbers import _exact_float, _toml_float
from .paths import _dotted, _Item, _quoted

_FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".toml": "toml"}


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


def _parse_toml(text, name):
    import tomllib  # here: a YAML or JSON file never needs it (issue 14)

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
                import tomllib

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


_LineLoader.add_constructor(_FLOAT_TAG, _construct_yaml_decimal)
