"""The fixed texts of annexes and tables in English and Chinese: one message catalogue, as gettext or Babel keep one.

Every fixed text (a section title, a table header, a method's description, a clause status, a caveat) has a key,
and a text per language in :mod:`ipshare.report.catalogue.en` and :mod:`ipshare.report.catalogue.zh` (with
their parts ``*_methods`` and ``*_books``), with named
placeholders (``{member}``) that both languages share. Code asks for a key, never writes the sentence itself:

- :func:`text` — one string: ``en``, ``zh``, or ``zh+en`` as ``中文 / English`` (inline: headers, labels, statuses);
- :func:`block` — the texts as lines: one line for ``en`` or ``zh``, Chinese then English for ``zh+en`` (paragraphs,
  notes, where each language is a sentence of its own).

A key that lacks the asked language falls back to the other one (DESIGN.md, "Text in two languages"); the tests
check that every key has both. A parameter may itself be bilingual (a mapping ``{"zh": …, "en": …}``, a member's
name): each language's text gets its own language of it.

Examples
--------
>>> text("section.parties", "zh"), text("section.parties", "en"), text("section.parties", "zh+en")
('协议各方', 'Parties', '协议各方 / Parties')
>>> block("caveat.research_exemption", "zh+en")[0][:10]
'本表未反映法律规定的'
>>> text("signature.party", "zh+en", name={"zh": "江海新能源有限公司", "en": "Jianghai New Energy Co., Ltd."})
'当事方：江海新能源有限公司 / Party: Jianghai New Energy Co., Ltd.'
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping

from ..errors import IpshareError
from ..model.text import Text
from .catalogue import en as _en
from .catalogue import en_books as _en_books
from .catalogue import en_methods as _en_methods
from .catalogue import zh as _zh
from .catalogue import zh_books as _zh_books
from .catalogue import zh_methods as _zh_methods
from .document import Facts, Paragraph, Section

__all__ = [
    "LANGUAGES",
    "CATALOGUES",
    "UnknownLanguage",
    "text",
    "block",
    "keys",
    "missing",
    "placeholders",
    "pick",
    "page_words",
    "join_words",
    "signature_block",
    "signature_section",
    "party_label",
    "rule_name",
    "rounding_short",
]

LANGUAGES = ("en", "zh", "zh+en")
CATALOGUES: dict[str, Mapping[str, str]] = {
    "en": {**_en.MESSAGES, **_en_methods.MESSAGES, **_en_books.MESSAGES},
    "zh": {**_zh.MESSAGES, **_zh_methods.MESSAGES, **_zh_books.MESSAGES},
}
INLINE_SEPARATOR = " / "


class UnknownLanguage(IpshareError):
    """A language that is not ``en``, ``zh`` or ``zh+en``."""


def _languages(lang: str) -> tuple[str, ...]:
    if lang not in LANGUAGES:
        raise UnknownLanguage(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    return ("zh", "en") if lang == "zh+en" else (lang,)


def pick(value, lang: str) -> str:
    """A text in one language (``en`` or ``zh``): a plain string as it is; of a mapping ``{"zh": …, "en": …}`` the
    asked language, else the other one; a :class:`~ipshare.model.text.Text` likewise."""
    if isinstance(value, Text):
        return value.get(lang)
    if isinstance(value, Mapping):
        other = "en" if lang == "zh" else "zh"
        found = value.get(lang) or value.get(other)
        if found is None:
            found = next((item for item in value.values() if item), "")
        return str(found)
    return "" if value is None else str(value)


def _one(key: str, lang: str, params: dict) -> str:
    other = "en" if lang == "zh" else "zh"
    template = CATALOGUES[lang].get(key)
    if template is None:
        template = CATALOGUES[other].get(key)
    if template is None:
        raise KeyError(f"no message {key!r}")
    values = {name: pick(value, lang) for name, value in params.items()}
    return template.format_map(values)


def text(key: str, lang: str, **params) -> str:
    """The message ``key`` in ``lang`` as one string (``zh+en``: ``中文 / English``, once when both are the same).

    Raises ``KeyError`` for an unknown key, :class:`UnknownLanguage` for an unknown language.
    """
    parts = block(key, lang, **params)
    lines = [part.split("\n") for part in parts]
    if len(parts) > 1 and len({len(split) for split in lines}) == 1 and len(lines[0]) > 1:
        # a header of several lines ("收益\nshapley，CNY"): each line in both languages, once when they agree
        return "\n".join(
            INLINE_SEPARATOR.join(dict.fromkeys(line for line in row)) for row in zip(*lines, strict=True)
        )
    return INLINE_SEPARATOR.join(parts)


def block(key: str, lang: str, **params) -> tuple[str, ...]:
    """The message ``key`` in ``lang`` as lines: one, or for ``zh+en`` Chinese then English (one when the two are
    the same, as for a formula or an identifier)."""
    parts = []
    for language in _languages(lang):
        part = _one(key, language, params)
        if part not in parts:
            parts.append(part)
    return tuple(parts)


def keys() -> list[str]:
    """Every key of the catalogue, sorted."""
    return sorted(set(CATALOGUES["en"]) | set(CATALOGUES["zh"]))


def missing(lang: str) -> list[str]:
    """The keys that have no text in ``lang`` (``en`` or ``zh``)."""
    return [key for key in keys() if key not in CATALOGUES[lang]]


def placeholders(template: str) -> set[str]:
    """The named placeholders of a template (``{member}`` → ``member``)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def join_words(items, lang: str) -> str:
    """``A, B and C`` / ``A、B和C``; for ``zh+en`` the Chinese way, since the items are the same in both."""
    items = [str(item) for item in items]
    language = _languages(lang)[0]
    if len(items) < 2:
        return "".join(items)
    separator = CATALOGUES[language]["list.separator"]
    return _one("list.and", language, {"first": separator.join(items[:-1]), "last": items[-1]})


def page_words(lang: str) -> tuple[str, ...]:
    """"page X of Y" as pieces: text, and the marks ``{page}`` and ``{pages}`` where the numbers go (twice in
    ``zh+en``): ``("page ", "{page}", " of ", "{pages}", "")``."""
    line = text("page.of", lang, page="{page}", pages="{pages}")
    return tuple(re.split(r"(\{pages?\})", line))


def rule_name(rule: str, lang: str = "zh"):
    """A rule as a Chinese reader names it, its id kept so that it can be typed: 夏普利值（shapley）, 班扎夫值（原始，
    banzhaf）; in English the id alone. A mapping ``{"zh": …, "en": …}`` to pass as a parameter of :func:`text`.

    >>> rule_name("shapley")["zh"], rule_name("banzhaf")["zh"], rule_name("shapley")["en"]
    ('夏普利值（shapley）', '班扎夫值（原始，banzhaf）', 'shapley')
    """
    name = CATALOGUES["zh"].get(f"method.{rule}.name")
    if not name:
        return {"zh": rule, "en": rule}
    said = f"{name[:-1]}，{rule}）" if name.endswith("）") else f"{name}（{rule}）"
    return {"zh": said, "en": rule}


def rounding_short(rounding, lang: str) -> str:
    """:meth:`ipshare.exact.Rounding.short` in ``lang`` (``en``: exactly that)."""
    if lang == "en":
        return rounding.short()
    digits = rounding.digits
    step = "1" if digits == 0 else "0." + "0" * (digits - 1) + "1"
    return text("rounding.short", lang, step=step, ties={
        language: _one(f"ties.{rounding.ties}", language, {}) for language in ("zh", "en")
    })


# --------------------------------------------------------------------------------------------------------------
# The signature block

_PARTY_LETTERS = "甲乙丙丁戊己庚辛壬癸"  # the heavenly stems: 甲方, 乙方, … as Chinese contracts name the parties


def party_label(position: int, lang: str) -> str:
    """How the ``position``-th party (0-based) is named in a Chinese contract: 甲方, 乙方, … 癸方, then 第十一方 …;
    in English, ``Party 1``, ``Party 2`` …"""
    parts = []
    for language in _languages(lang):
        if language == "zh":
            parts.append(
                _PARTY_LETTERS[position] + "方" if position < len(_PARTY_LETTERS) else f"第{_chinese(position + 1)}方"
            )
        else:
            parts.append(_one("signature.party_number", "en", {"number": str(position + 1)}))
    return INLINE_SEPARATOR.join(parts)


def _chinese(number: int) -> str:
    """A whole number below 1000 in Chinese numerals, as ordinals are written (十一, 二十, 一百零五, 一百一十二)."""
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    if number < 100:
        tens, units = divmod(number, 10)
        return ("" if tens == 1 else digits[tens]) + "十" + (digits[units] if units else "")
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        if rest == 0:
            return digits[hundreds] + "百"
        if rest < 10:
            return digits[hundreds] + "百零" + digits[rest]
        return digits[hundreds] + "百" + ("一" if rest < 20 else "") + _chinese(rest)
    return str(number)


SIGNATURE_LINE = "_" * 28


def signature_block(members, lang: str) -> tuple:
    """The blocks that let every party sign an annex: one sentence, then for every member (in order) a
    :class:`~ipshare.report.document.Facts` with the party's full name and the lines for its legal or authorised
    representative's signature, its seal and the date (a value of underscores: a line to write on).

    ``members``: a mapping of member id to full name, or ``(id, name)`` pairs; a name may be bilingual
    (``{"zh": …, "en": …}``). :func:`signature_section` puts them in a section of their own.

    >>> blocks = signature_block({"JH": {"zh": "江海新能源有限公司", "en": "Jianghai New Energy Co., Ltd."}}, "zh")
    >>> [pair[0] for pair in blocks[1].pairs]
    ['甲方', '法定代表人或授权代表（签字）', '盖章', '日期']
    >>> blocks[1].pairs[0][1]
    '江海新能源有限公司（JH）'
    """
    pairs = list(members.items()) if isinstance(members, Mapping) else [tuple(pair) for pair in members]
    blocks = [Paragraph(line) for line in block("signature.intro", lang)]
    for position, (member, name) in enumerate(pairs):
        blocks.append(
            Facts(
                (
                    (party_label(position, lang), _party_name(member, name, lang)),
                    (text("signature.representative", lang), SIGNATURE_LINE),
                    (text("signature.seal", lang), SIGNATURE_LINE),
                    (text("signature.date", lang), SIGNATURE_LINE),
                )
            )
        )
    return tuple(blocks)


def _party_name(member: str, name, lang: str) -> str:
    """The party's full name in the asked language(s), then its id once: 江海新能源有限公司 / Jianghai New Energy
    Co., Ltd.（JH）."""
    full = text("signature.full_name", lang, name=name)
    return _one("signature.name", _languages(lang)[0], {"name": full, "member": member})


def signature_section(members, lang: str) -> Section:
    """:func:`signature_block` as the section ``signatures`` of an annex, titled 签署页 / Signatures."""
    return Section("signatures", text("signature.title", lang), signature_block(members, lang))
