"""What a string of a scenario may hold: characters, ids, one-line text and free text.

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

Display texts in two languages (DESIGN.md, "Text in two languages"): a one-line text or a description may also be
a mapping of language codes to texts, ``{zh: 江海新能源有限公司, en: Jianghai New Energy Co., Ltd.}``, each checked
as above. The loader makes it a :class:`Text`: a string (the scenario's default language, ``alliance.language``)
that also knows its other language, so that every renderer can ask for the language it writes.
"""

from __future__ import annotations

import re
import unicodedata

from .limits import MAX_ID_LENGTH

__all__ = [
    "TEXT_LANGUAGES",
    "Text",
    "text_in",
    "text_problem",
]

# The languages a display text may be given in, in the order a bilingual output shows them (Chinese first).
TEXT_LANGUAGES = ("zh", "en")


class Text(str):
    """A display text in one or both of :data:`TEXT_LANGUAGES`: immutable, and a ``str`` of its default language.

    ``str(text)`` (and every use of it as a string: a JSON value, a comparison, a dictionary key) is the text in
    ``default``, else in the other language (``zh+en``: both, Chinese first); :meth:`get` gives the text in a
    language, falling back to the other one when it is missing; :attr:`translations` the languages given,
    Chinese first.

    >>> name = Text({"zh": "星河大学", "en": "Xinghe University"}, default="en")
    >>> str(name), name.get("zh"), name.get("en"), name.bilingual
    ('Xinghe University', '星河大学', 'Xinghe University', True)
    >>> Text({"en": "Xinghe University"}, default="zh").get("zh")
    'Xinghe University'
    >>> str(Text({"zh": "星河大学", "en": "Xinghe University"}, default="zh+en"))
    '星河大学 / Xinghe University'
    """

    __slots__ = ("_translations", "_default")

    def __new__(cls, translations, default: str = "en"):
        given = {lang: str(translations[lang]) for lang in TEXT_LANGUAGES if translations.get(lang)}
        if not given:
            raise ValueError("a text needs at least one of the languages " + ", ".join(TEXT_LANGUAGES))
        if default != "zh+en":
            default = "zh" if default.startswith("zh") else "en"
        if default == "zh+en":
            shown = " / ".join(dict.fromkeys(given.values()))
        else:
            other = "en" if default == "zh" else "zh"
            shown = given.get(default) or given[other]
        self = super().__new__(cls, shown)
        object.__setattr__(self, "_translations", tuple(given.items()))
        object.__setattr__(self, "_default", default)
        return self

    def __setattr__(self, name, value):
        raise AttributeError("a Text is immutable")

    def __reduce__(self):
        return (Text, (dict(self._translations), self._default))

    def __repr__(self):
        return f"Text({dict(self._translations)!r}, default={self._default!r})"

    def __str__(self):
        return str.__str__(self)

    @property
    def translations(self) -> dict[str, str]:
        """The languages given and their texts, Chinese first."""
        return dict(self._translations)

    @property
    def default(self) -> str:
        """The language ``str()`` gives."""
        return self._default

    @property
    def bilingual(self) -> bool:
        """Whether both languages are given (and differ)."""
        texts = dict(self._translations)
        return len(texts) == 2 and texts["zh"] != texts["en"]

    def get(self, lang: str) -> str:
        """The text in ``lang`` (``en`` or ``zh``), else in the other language; ``zh+en``: the Chinese text then
        the English one, joined by " / " (once when they are the same)."""
        texts = dict(self._translations)
        if lang == "zh+en":
            parts = list(dict.fromkeys(texts.values()))
            return " / ".join(parts)
        other = "en" if lang == "zh" else "zh"
        return texts.get(lang) or texts[other]


def text_in(value, lang: str) -> str:
    """Any display value in ``lang``: a :class:`Text` in that language, a mapping ``{"zh": …, "en": …}`` likewise,
    a plain string as it is, ``None`` as an empty string."""
    if value is None:
        return ""
    if isinstance(value, Text):
        return value.get(lang)
    if isinstance(value, dict):
        return Text(value).get(lang) if any(value.get(code) for code in TEXT_LANGUAGES) else ""
    return str(value)


_ID = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*")  # used with fullmatch: "$" would also match before a final "\n"


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
