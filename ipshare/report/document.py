"""The one document model every output is built as: headings, running text, label-value facts and tables.

A command's output (the allocation table, a what-if, a comparison) and an agreement annex are both a
:class:`Document`; the format writers (:mod:`ipshare.report.formats`) turn a document into terminal text, Markdown,
HTML, CSV, DOCX or XLSX, and depend on this module alone, never on each other.

Cells are plain data. A ``str`` is text: user text (a member's name) and fixed text alike, escaped by each writer
for its format at the moment it is written, so a name can never become markup, a formula or a row. A
:class:`Number` is a figure already rounded by the scenario's :class:`~ipshare.exact.Rounding`: writers show it,
never round it again, so the same figure has the same digits in every format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

__all__ = [
    "Number",
    "Raw",
    "Paragraph",
    "Heading",
    "Formula",
    "formula",
    "Facts",
    "Table",
    "Section",
    "Document",
    "Annex",
    "cell_text",
    "plain_number",
]

NUMBER_STYLES = ("money", "percent", "plain", "signed", "signed-percent")


@dataclass(frozen=True)
class Number:
    """A figure: kept as a number in XLSX, written with thousands separators elsewhere.

    ``style``: ``money`` (in the document's currency), ``percent`` (two decimals; the ``%`` is in the column's
    header), ``plain``, or ``signed`` / ``signed-percent`` (a change, always with its sign: ``+1,200.00``).
    ``value`` is ``None`` for a figure that does not exist (shown empty).

    >>> Number(Decimal("-1234.50")).text, Number(Decimal("0.50"), "signed").text, Number(Decimal("1E+6")).text
    ('-1,234.50', '+0.50', '1,000,000')
    """

    value: Decimal | None
    style: str = "money"

    @property
    def text(self) -> str:
        if self.value is None:
            return ""
        if self.style in ("percent", "plain"):
            return plain_number(self.value, separators=self.style == "plain")
        text = plain_number(self.value, separators=True)
        if self.style in ("signed", "signed-percent") and self.value > 0:
            text = "+" + text
        return text

    @property
    def digits(self) -> int:
        if self.value is None:
            return 0
        exponent = self.value.as_tuple().exponent
        return max(0, -exponent) if isinstance(exponent, int) else 0


def plain_number(value: Decimal, *, separators: bool = True) -> str:
    """A Decimal in positional notation, never scientific (``1E+6`` is ``1,000,000``), with its own decimals."""
    text = f"{value:,f}" if separators else f"{value:f}"
    return text[1:] if value == 0 and text.startswith("-") else text


@dataclass(frozen=True)
class Raw:
    """A value ipshare wrote itself in a machine-readable form (a float's repr, an exact fraction ``469/2``, a
    hash): written exactly as it is, never treated as user text. ``numeric`` ones are right-aligned."""

    text: str
    numeric: bool = True


@dataclass(frozen=True)
class Paragraph:
    """Running text. ``style``: ``body``, ``formula`` (set in a fixed-width font) or ``note`` (small print)."""

    text: str
    style: str = "body"


@dataclass(frozen=True)
class Formula(Paragraph):
    """A displayed formula: ``lines`` of structured parts (:mod:`ipshare.report.formulas`), which a writer that
    knows mathematics typesets in its own notation (Typst math in the PDF); to every other writer it is a
    ``formula`` paragraph whose ``text`` is the formula in plain Unicode, one line per line. ipshare builds
    formulas itself; no user text is ever a formula. Make one with :func:`formula`."""

    lines: tuple = ()


def formula(lines) -> Formula:
    """The :class:`Formula` of ``lines`` (each a part or a row of parts of :mod:`ipshare.report.formulas`)."""
    from .formulas import text

    lines = tuple(lines)
    return Formula("\n".join(text(line) for line in lines), "formula", lines)


@dataclass(frozen=True)
class Heading:
    """A heading inside a section (one per rule in the method section)."""

    text: str


@dataclass(frozen=True)
class Facts:
    """Label-value pairs (the identification of an annex)."""

    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    """A table: ``header``, ``rows`` of cells (``str`` or :class:`Number`), an optional ``footer`` (totals).

    A header cell may hold ``"\\n"`` (a line break where the format has one). ``keys`` is how many leading
    columns identify a row (repeated when a writer must split a wide table into parts), and ``groups`` the
    column spans that must stay together when it does (an amount and its percentage). ``caption`` lines are
    printed under the table.
    """

    name: str
    header: tuple[str, ...]
    rows: tuple[tuple, ...]
    footer: tuple | None = None
    title: str = ""
    caption: tuple[str, ...] = ()
    keys: int = 1
    groups: tuple[tuple[int, ...], ...] = ()

    def numeric(self, column: int) -> bool:
        """True when the column holds numbers (they are right-aligned and never wrapped)."""
        cells = [row[column] for row in self.rows] + ([self.footer[column]] if self.footer else [])
        return any(isinstance(cell, Number) or (isinstance(cell, Raw) and cell.numeric) for cell in cells)


@dataclass(frozen=True)
class Section:
    """A section: ``key`` (stable, e.g. ``allocation``), ``title`` and its blocks in order."""

    key: str
    title: str
    blocks: tuple


@dataclass(frozen=True)
class Document:
    """A whole output: a ``title``, a ``subtitle`` line, ``blocks`` (any of the above, or :class:`Section`\\ s,
    numbered from 1 when ``numbered``), and a ``footer`` line."""

    title: str
    blocks: tuple
    subtitle: str = ""
    footer: str = ""
    numbered: bool = False


@dataclass(frozen=True)
class Annex(Document):
    """An agreement annex: a document of numbered sections that names the scenario it came from.

    ``timestamp`` is ``None`` unless one was asked for; ``lang`` is the language it is written in (``en``, ``zh``
    or ``zh+en``)."""

    sha256: str = ""
    version: str = ""
    timestamp: str | None = None
    lang: str = "en"
    numbered: bool = True
    meta: dict = field(default_factory=dict)

    @property
    def sections(self) -> tuple[Section, ...]:
        return tuple(block for block in self.blocks if isinstance(block, Section))

    def section(self, key: str) -> Section:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)

    def numbered_sections(self):
        """(number, section) pairs: sections are numbered from 1 in order."""
        return list(enumerate(self.sections, start=1))


def cell_text(cell) -> str:
    """A cell as the text every format shows (before the format's own escaping)."""
    return cell.text if isinstance(cell, Number | Raw) else str(cell)
