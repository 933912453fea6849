"""User text as data in every format: one escaping function per format, applied when the text is written.

Names, titles and descriptions come from the scenario file, that is from whoever wrote it. Written into an output
they must stay text: never markup (rich, Markdown, HTML, XML), never a formula (a spreadsheet opening a CSV or an
XLSX runs ``=cmd|' /C calc'!A0``), never a new row or column (``|`` and newlines in Markdown, quotes in DOT).
The loader refuses what no format can hold (control characters, lone surrogates: :mod:`ipshare.model`); what
remains is escaped here.

>>> markdown("A | B *bold* [x](y)")
'A \\\\| B \\\\*bold\\\\* \\\\[x\\\\](y)'
>>> spreadsheet("=cmd|' /C calc'!A0"), spreadsheet("-1"), spreadsheet("Jianghai")
("'=cmd|' /C calc'!A0", "'-1", 'Jianghai')
>>> html("<b>&</b>")
'&lt;b&gt;&amp;&lt;/b&gt;'
>>> dot('say "hi" \\\\')
'say \\\\"hi\\\\" \\\\\\\\'
"""

from __future__ import annotations

import html as _html
import re

__all__ = ["markdown", "html", "spreadsheet", "FORMULA_PREFIXES", "xml_text", "dot", "one_line"]

# A spreadsheet (Excel, LibreOffice, Google Sheets) reads a cell that starts with one of these as a formula or
# a DDE command (OWASP "CSV injection"); tab and carriage return too, since some importers strip them first.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#!$])")
_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+[.)])")
# Characters XML 1.0 cannot hold at all (the loader refuses them; this is the last line of defence).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def one_line(text: str) -> str:
    """Line breaks and tabs as single spaces (for cells and headings, which are one line)."""
    return re.sub(r"\s*[\r\n\t\u2028\u2029]+\s*", " ", text)


def markdown(text: str, *, cell: bool = True) -> str:
    """Text for a Markdown cell or paragraph: every character Markdown (or the HTML inside it) reads as syntax
    is backslash-escaped, ``&`` written as an entity, and line breaks become spaces, so the text can neither open
    markup nor start a new row, column, list or heading."""
    text = one_line(str(text))
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("&", "&amp;")
    if not cell:
        text = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    return text


def html(text: str) -> str:
    """Text for HTML element content or a quoted attribute."""
    return _html.escape(xml_text(str(text)), quote=True)


def xml_text(text: str) -> str:
    """Text XML can hold: characters it forbids replaced by U+FFFD (markup escaping is the XML writer's job)."""
    return _NOT_XML.sub("\ufffd", str(text))


def spreadsheet(text: str) -> str:
    """Text for a CSV or XLSX cell: a leading formula character is neutralised with an apostrophe, the prefix
    spreadsheets themselves use to mark a cell as text."""
    text = str(text)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def dot(text: str) -> str:
    """Text inside a double-quoted Graphviz DOT string (backslashes and quotes escaped, lines joined)."""
    return one_line(xml_text(str(text))).replace("\\", "\\\\").replace('"', '\\"')
