"""The checks every section of a scenario is validated with: each failure one line, ``FILE:LINE: field: message``.

:class:`Validator` holds the file's name, its line map and the ``--set`` changes, and checks a value's shape
(mapping, list, keys), its text (:mod:`ipshare.model.text`), numbers (:mod:`ipshare.model.numbers`), choices and
references to other ids. The sections are checked by mixins over it (:mod:`ipshare.model.sections`,
:mod:`ipshare.model.agreement`, :mod:`ipshare.model.gamespec`, and the agreement's terms in
:mod:`ipshare.model.terms`).
"""

from __future__ import annotations

import datetime
import difflib
import math
import re
from fractions import Fraction

from ..errors import ScenarioError
from .limits import MAX_LINE_LENGTH, MAX_TEXT_LENGTH
from .numbers import NumberOutOfRange, _number_text, check_number
from .paths import _BOOLEAN_HINT, _describe, _dotted, _Item, _line_of, _quoted, _raw_path, _show
from .text import TEXT_LANGUAGES, Text, _holds_unholdable, _id_problem, _value_at, text_problem

__all__ = [
    "Validator",
    "parse_coalition",
]


class Validator:
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

    def text(self, value, path, *, optional=False, free=False, plain=False):
        """One-line text (a name, title, licensee …), or with ``free`` a description (module docstring); unless
        ``plain``, also a mapping of languages to such texts, ``{zh: …, en: …}``, which becomes a
        :class:`~ipshare.model.text.Text` whose ``str`` is the scenario's default language (``alliance.language``)."""
        if value is None and optional:
            return None
        if isinstance(value, dict) and not plain:
            return self.bilingual(value, path, free=free)
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

    def bilingual(self, value, path, *, free=False):
        """A text given in one or both languages: ``{zh: 江海新能源有限公司, en: Jianghai New Energy Co., Ltd.}``."""
        if not value:
            self.fail(path, f"is an empty mapping; give the text, or the text in {' and '.join(TEXT_LANGUAGES)}")
        for key in value:
            if key not in TEXT_LANGUAGES:
                shown = key if isinstance(key, str) else _describe(key)
                self.fail(
                    path + ((key,) if isinstance(key, str) else ()),
                    f"unknown language {shown!r}; a text in two languages is a mapping of "
                    f"{' and '.join(TEXT_LANGUAGES)} to texts, e.g. {{zh: 星河大学, en: Xinghe University}}",
                )
        texts = {lang: self.text(value[lang], path + (lang,), free=free, plain=True) for lang in value}
        if not any(texts.values()):
            self.fail(path, "is empty in every language; give the text")
        return Text(texts, default=getattr(self, "display_language", None) or getattr(self, "language", "en"))

    def date(self, value, path):
        """A calendar date: a YAML or TOML date (``2026-03-01``), or that text in quotes (JSON has no dates)."""
        if isinstance(value, datetime.datetime):
            self.fail(path, f"must be a date without a time, like 2026-03-01, not {value.isoformat()}")
        if isinstance(value, datetime.date):
            return value
        if not isinstance(value, str):
            self.fail(path, f"must be a date like 2026-03-01, not {_describe(value)}")
        text = value.strip()
        try:
            if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
                raise ValueError("year-month-day, as 2026-03-01")
            return datetime.date.fromisoformat(text)
        except ValueError as error:
            self.fail(path, f"must be a date like 2026-03-01, got {_quoted(value)} ({error})")

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




