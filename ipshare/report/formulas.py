"""Formulas as structured parts, typeset by each format as real mathematics: Typst math (PDF), Office Math (OMML,
DOCX), MathML (HTML), LaTeX in a ``math`` block (Markdown) and a clean one-line text (terminal, CSV, XLSX).

A formula is built by ipshare from the few parts below, never from user text: a rule's formula is written once,
as data (:mod:`ipshare.report.methods`), and every writer turns those parts into its format's own notation,
escaping each symbol for it. No format ever receives a formula as markup someone else wrote.

- :class:`Sym` — a symbol or an identifier, with an optional subscript and superscript (``φ_i``, ``2^(n−1)``); an
  ``upright`` one is a word such as ``min`` or ``EPV``;
- :class:`Op` — an operator or a relation (``=``, ``−``, ``·``, ``≤``, ``⊆``, ``∪``, ``∖``, ``,``);
- :class:`Frac` — a fraction;
- :class:`Big` — a large operator (Σ, max, min) with what it ranges over beneath it (and optionally above it);
- :class:`Fenced` — parts between delimiters (``()``, ``[]``, ``{}``, ``||``).

A part is one of those or a tuple of parts (a row); a :class:`~ipshare.report.document.Formula` holds lines of
parts.

>>> under = (Sym("S"), Op("⊆"), Sym("N"), Op("∖"), Fenced(Sym("i"), "{", "}"))
>>> weight = Frac((Fenced("S", "|", "|"), Op("!")), ("n", Op("!")))
>>> shapley = (Sym("φ", "i"), Op("="), Big("Σ", under, weight))
>>> text(shapley)
'φᵢ = Σ[S ⊆ N ∖ {i}] |S|!/n!'
>>> print(latex(shapley))
\\varphi_{i} = \\sum_{S \\subseteq N \\setminus \\{ i \\}} \\frac{\\lvert S \\rvert !}{n !}
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape as _xml

__all__ = ["Sym", "Op", "Frac", "Big", "Fenced", "text", "latex", "typst", "mathml", "omml"]


@dataclass(frozen=True)
class Sym:
    """A symbol (``x``, ``φ``, ``v``), with a subscript and a superscript (parts, or None); ``upright`` for a word
    (``min``, ``EPV``) or a number."""

    name: str
    sub: object = None
    sup: object = None
    upright: bool = False


@dataclass(frozen=True)
class Op:
    """An operator, a relation or a punctuation mark, spaced as the format spaces it."""

    name: str


@dataclass(frozen=True)
class Frac:
    """``num`` over ``den``."""

    num: object
    den: object


@dataclass(frozen=True)
class Big:
    """A large operator (``Σ``, ``max``, ``min``) applied to ``body``, over ``under`` (and up to ``over``)."""

    name: str
    under: object = None
    body: object = None
    over: object = None


@dataclass(frozen=True)
class Fenced:
    """``body`` between ``open`` and ``close`` (``(`` ``)``, ``[`` ``]``, ``{`` ``}``, ``|`` ``|``)."""

    body: object
    open: str = "("
    close: str = ")"


def _items(part):
    if part is None:
        return []
    if isinstance(part, tuple | list):
        return [item for element in part for item in _items(element)]
    if isinstance(part, str):
        return [Sym(part)]  # a plain string is a symbol: Sym("φ", "i") has the subscript i
    return [part]


# --------------------------------------------------------------------------------------------------------------
# Plain text: one line of Unicode, sub- and superscripts in Unicode where they exist

_SUBSCRIPTS = str.maketrans("0123456789+−=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ")
_SUPERSCRIPTS = str.maketrans("0123456789+−=()in", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁱⁿ")
_SPACED = {"=", "≈", "≤", "≥", "<", ">", "⊆", "⊂", "∪", "∖", "−", "+", "·", "×", ":", "∈", "∀", "≠"}


def _script(part, table) -> str:
    inner = text(part)
    shifted = inner.translate(table)
    if all(char != source for char, source in zip(shifted, inner, strict=True)) and " " not in inner:
        return shifted
    return None


def text(part) -> str:
    """The formula as one line of plain Unicode text (``φᵢ = Σ[S ⊆ N ∖ {i}] …``): a large operator's range in
    brackets after it, a fraction with ``/`` (its parts in parentheses when they are not single symbols)."""
    out = []
    for item in _items(part):
        if isinstance(item, Sym):
            piece = item.name
            if item.sub is not None:
                sub = _script(item.sub, _SUBSCRIPTS)
                piece += sub if sub is not None else "_(" + text(item.sub) + ")"
            if item.sup == "*":
                piece += "*"
            elif item.sup is not None:
                sup = _script(item.sup, _SUPERSCRIPTS)
                piece += sup if sup is not None else "^(" + text(item.sup) + ")"
            out.append(piece)
        elif isinstance(item, Op):
            out.append(f" {item.name} " if item.name in _SPACED else item.name + (" " if item.name in ",;" else ""))
        elif isinstance(item, Frac):
            out.append(f" {_grouped(item.num)}/{_grouped(item.den)} ")
        elif isinstance(item, Big):
            under = f"[{text(item.under)}" + (f" … {text(item.over)}" if item.over is not None else "") + "]"
            out.append(f" {item.name}{under if item.under is not None else ''} {text(item.body)} ")
        elif isinstance(item, Fenced):
            out.append(f"{item.open}{text(item.body)}{item.close}")
    line = "".join(out)
    return " ".join(line.split()).replace("( ", "(").replace(" )", ")").replace(" ,", ",")


def _grouped(part) -> str:
    inner = text(part)
    items = _items(part)
    simple = len(items) == 1 and isinstance(items[0], Sym | Fenced)
    return inner if simple or " " not in inner and "/" not in inner else f"({inner})"


# --------------------------------------------------------------------------------------------------------------
# LaTeX (Markdown's ```math blocks, which GitHub and pandoc typeset)

_LATEX = {
    "φ": r"\varphi", "β": r"\beta", "ε": r"\varepsilon", "λ": r"\lambda", "μ": r"\mu", "θ": r"\theta",
    "π": r"\pi", "Π": r"\Pi", "Σ": r"\sum", "≤": r"\le", "≥": r"\ge", "⊆": r"\subseteq", "⊂": r"\subset",
    "∪": r"\cup", "∖": r"\setminus", "·": r"\cdot", "×": r"\times", "−": "-", "≈": r"\approx", "∈": r"\in",
    "∀": r"\forall", "≠": r"\neq", "…": r"\dots", "∅": r"\emptyset",
}
_LATEX_FENCES = {"(": "(", ")": ")", "[": "[", "]": "]", "{": r"\{", "}": r"\}", "|": (r"\lvert", r"\rvert")}


def _latex_name(name: str, upright: bool) -> str:
    if name in _LATEX:
        return _LATEX[name]
    safe = "".join(char if char.isalnum() else "" for char in name) or "?"
    return rf"\mathrm{{{safe}}}" if upright and len(safe) > 1 else safe


def latex(part) -> str:
    """The formula in LaTeX math (for a Markdown ``math`` block)."""
    out = []
    for item in _items(part):
        if isinstance(item, Sym):
            piece = _latex_name(item.name, item.upright)
            if item.sub is not None:
                piece += "_{" + latex(item.sub) + "}"
            if item.sup is not None:
                piece += "^{" + latex(item.sup) + "}"
            out.append(piece)
        elif isinstance(item, Op):
            out.append(_LATEX.get(item.name, item.name if item.name in "=+-,:;!<>/" else ""))
        elif isinstance(item, Frac):
            out.append(r"\frac{" + latex(item.num) + "}{" + latex(item.den) + "}")
        elif isinstance(item, Big):
            name = {"max": r"\max", "min": r"\min"}.get(item.name, _LATEX.get(item.name, r"\sum"))
            piece = name + ("_{" + latex(item.under) + "}" if item.under is not None else "")
            piece += "^{" + latex(item.over) + "}" if item.over is not None else ""
            out.append(piece + " " + latex(item.body))
        elif isinstance(item, Fenced):
            opening = _LATEX_FENCES[item.open]
            closing = _LATEX_FENCES[item.close]
            if isinstance(opening, tuple):
                opening, closing = opening
            out.append(f"{opening} {latex(item.body)} {closing}")
    return " ".join(piece for piece in out if piece)


# --------------------------------------------------------------------------------------------------------------
# Typst math (the PDF): every symbol a quoted string or a known name, so nothing in it is read as code

_TYPST = {
    "Σ": "sum", "≤": "<=", "≥": ">=", "⊆": "subset.eq", "⊂": "subset", "∪": "union", "∖": "without",
    "·": "dot", "×": "times", "−": "-", "=": "=", "≈": "approx", "∈": "in", "∀": "forall", "≠": "!=", ",": ",",
    ":": ":", "+": "+", "!": "!", "…": "dots", "/": "slash", ";": ";", "<": "<", ">": ">", "∅": "emptyset",
}


def _typst_string(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


_TYPST_GREEK = {"φ": "phi.alt", "β": "beta", "ε": "epsilon", "λ": "lambda", "μ": "mu", "π": "pi", "Π": "Pi",
                "θ": "theta"}


def _typst_symbol(name: str, upright: bool) -> str:
    if name in _TYPST_GREEK and not upright:
        return _TYPST_GREEK[name]
    if upright or len(name) > 1:
        return "upright(" + _typst_string(name) + ")"
    if name.isascii() and name.isalpha():
        return name  # a single Latin letter is a variable in Typst math
    return _typst_string(name)


def typst(part) -> str:
    """The formula as Typst math source (without the ``$`` delimiters)."""
    out = []
    for item in _items(part):
        if isinstance(item, Sym):
            piece = _typst_symbol(item.name, item.upright)
            if item.sub is not None:
                piece += "_(" + typst(item.sub) + ")"
            if item.sup is not None:
                piece += "^(" + typst(item.sup) + ")"
            out.append(piece)
        elif isinstance(item, Op):
            out.append(_TYPST.get(item.name, _typst_string(item.name)))
        elif isinstance(item, Frac):
            out.append("frac(" + typst(item.num) + ", " + typst(item.den) + ")")
        elif isinstance(item, Big):
            name = {"max": "max", "min": "min"}.get(item.name, "sum")
            piece = name if name == "sum" else f"op({_typst_string(name)}, limits: #true)"
            if item.under is not None:
                piece += "_(" + typst(item.under) + ")"
            if item.over is not None:
                piece += "^(" + typst(item.over) + ")"
            out.append(piece + " " + typst(item.body))
        elif isinstance(item, Fenced):
            pairs = {"(": "(", "[": "[", "{": "{", "|": "|"}
            opening, closing = pairs[item.open], {"(": ")", "[": "]", "{": "}", "|": "|"}[item.open]
            inner = typst(item.body)
            out.append(f"lr({opening} {inner} {closing})" if opening != "|" else f"abs({inner})")
    return " ".join(out)


# --------------------------------------------------------------------------------------------------------------
# MathML (the HTML annex: Chromium, Firefox and Safari typeset MathML Core)

_MATHML_OPERATORS = {"−": "−", "·": "·"}


def _mi(name: str, upright: bool) -> str:
    variant = ' mathvariant="normal"' if upright and len(name) == 1 else ""
    tag = "mn" if name.isdigit() else "mi"
    return f"<{tag}{variant if tag == 'mi' else ''}>{_xml(name)}</{tag}>"


def mathml(part) -> str:
    """The formula as MathML presentation markup (the ``<math>`` element's content), every symbol escaped."""
    out = []
    for item in _items(part):
        if isinstance(item, Sym):
            base = _mi(item.name, item.upright)
            if item.sub is not None and item.sup is not None:
                out.append(f"<msubsup>{base}<mrow>{mathml(item.sub)}</mrow><mrow>{mathml(item.sup)}</mrow></msubsup>")
            elif item.sub is not None:
                out.append(f"<msub>{base}<mrow>{mathml(item.sub)}</mrow></msub>")
            elif item.sup is not None:
                out.append(f"<msup>{base}<mrow>{mathml(item.sup)}</mrow></msup>")
            else:
                out.append(base)
        elif isinstance(item, Op):
            out.append(f"<mo>{_xml(_MATHML_OPERATORS.get(item.name, item.name))}</mo>")
        elif isinstance(item, Frac):
            out.append(f"<mfrac><mrow>{mathml(item.num)}</mrow><mrow>{mathml(item.den)}</mrow></mfrac>")
        elif isinstance(item, Big):
            large = ' largeop="true"' if item.name == "Σ" else ""
            operator = f'<mo{large} movablelimits="false">{_xml(item.name)}</mo>'
            if item.under is not None and item.over is not None:
                out.append(f"<munderover>{operator}<mrow>{mathml(item.under)}</mrow>"
                           f"<mrow>{mathml(item.over)}</mrow></munderover>")
            elif item.under is not None:
                out.append(f"<munder>{operator}<mrow>{mathml(item.under)}</mrow></munder>")
            else:
                out.append(operator)
            out.append(mathml(item.body))
        elif isinstance(item, Fenced):
            out.append(f'<mrow><mo fence="true">{_xml(item.open)}</mo>{mathml(item.body)}'
                       f'<mo fence="true">{_xml(item.close)}</mo></mrow>')
    return "".join(out)


# --------------------------------------------------------------------------------------------------------------
# Office Math (OMML, the DOCX annex): Word and LibreOffice typeset it as an equation

_M = "http://schemas.openxmlformats.org/officeDocument/2006/math"


def _run(name: str, upright: bool = False) -> str:
    style = '<m:rPr><m:sty m:val="p"/></m:rPr>' if upright else ""
    return f"<m:r>{style}<m:t xml:space=\"preserve\">{_xml(name)}</m:t></m:r>"


def omml(part) -> str:
    """The formula as OMML elements (the content of an ``m:oMath``), every symbol escaped."""
    out = []
    for item in _items(part):
        if isinstance(item, Sym):
            upright = item.upright or item.name.isdigit()
            base = f"<m:e>{_run(item.name, upright)}</m:e>"
            if item.sub is not None and item.sup is not None:
                out.append(f"<m:sSubSup>{base}<m:sub>{omml(item.sub)}</m:sub><m:sup>{omml(item.sup)}</m:sup>"
                           "</m:sSubSup>")
            elif item.sub is not None:
                out.append(f"<m:sSub>{base}<m:sub>{omml(item.sub)}</m:sub></m:sSub>")
            elif item.sup is not None:
                out.append(f"<m:sSup>{base}<m:sup>{omml(item.sup)}</m:sup></m:sSup>")
            else:
                out.append(_run(item.name, upright))
        elif isinstance(item, Op):
            out.append(_run(item.name, True))
        elif isinstance(item, Frac):
            out.append(f"<m:f><m:num>{omml(item.num)}</m:num><m:den>{omml(item.den)}</m:den></m:f>")
        elif isinstance(item, Big):
            if item.name == "Σ":
                limits = '<m:limLoc m:val="undOvr"/>' + ("" if item.over is not None else '<m:supHide m:val="1"/>')
                out.append(
                    f'<m:nary><m:naryPr><m:chr m:val="∑"/>{limits}</m:naryPr>'
                    f"<m:sub>{omml(item.under)}</m:sub><m:sup>{omml(item.over)}</m:sup>"
                    f"<m:e>{omml(item.body)}</m:e></m:nary>"
                )
            else:
                under = omml(item.under) if item.under is not None else ""
                out.append(
                    f'<m:func><m:fName><m:limLow><m:e>{_run(item.name, True)}</m:e><m:lim>{under}</m:lim></m:limLow>'
                    f"</m:fName><m:e>{omml(item.body)}</m:e></m:func>"
                )
        elif isinstance(item, Fenced):
            out.append(
                f'<m:d><m:dPr><m:begChr m:val="{_xml(item.open)}"/><m:endChr m:val="{_xml(item.close)}"/></m:dPr>'
                f"<m:e>{omml(item.body)}</m:e></m:d>"
            )
    return "".join(out)


def omml_paragraph(lines) -> str:
    """An ``m:oMathPara`` holding one ``m:oMath`` per line (the XML a DOCX paragraph embeds)."""
    maths = "".join(f"<m:oMath>{omml(line)}</m:oMath>" for line in lines)
    return f'<m:oMathPara xmlns:m="{_M}"><m:oMathParaPr><m:jc m:val="left"/></m:oMathParaPr>{maths}</m:oMathPara>'
