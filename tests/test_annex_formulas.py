"""Formulas typeset as mathematics (issue 13): structured parts, a clean text form, Typst math in the PDF."""

import subprocess

import pytest

from ipshare.report.document import Document, Formula, Paragraph, Section, formula
from ipshare.report.formulas import Big, Fenced, Frac, Op, Sym, latex, mathml, text, typst
from ipshare.report.methods import _CORE_LP_FORMULAS, FORMULAS, METHODS

EVERY_LINE = [line for lines in [*FORMULAS.values(), *_CORE_LP_FORMULAS.values()] for line in lines]


def test_every_rule_with_a_method_has_a_formula():
    assert all(METHODS[rule].formula for rule in METHODS), [rule for rule in METHODS if not METHODS[rule].formula]


def test_the_text_form_reads_as_the_textbook_formula():
    # Shapley (1953): φ_i = Σ over S ⊆ N∖{i} of |S|!(n−|S|−1)!/n! · [v(S ∪ {i}) − v(S)]
    assert text(FORMULAS["shapley"][0]) == "φᵢ = Σ[S ⊆ N ∖ {i}] (|S|! · (n − |S| − 1)!)/n! · [v(S ∪ {i}) − v(S)]"
    assert text(FORMULAS["equal"][0]) == "xᵢ = v(N)/n"
    assert text(FORMULAS["least-core"][0]).startswith("ε* = min")
    assert all("  " not in text(line) and " ," not in text(line) for line in EVERY_LINE)


def test_a_formula_block_is_a_formula_paragraph_to_writers_without_mathematics():
    block = formula(FORMULAS["nucleolus"])
    assert isinstance(block, Paragraph) and isinstance(block, Formula) and block.style == "formula"
    assert block.text.splitlines() == [text(line) for line in FORMULAS["nucleolus"]]


def test_symbols_are_escaped_for_every_notation():
    tricky = (Sym('"#x'), Op("<"), Frac(Sym("&"), Fenced(Sym("}"), "{", "}")), Big("Σ", Sym("\\"), Sym("$")))
    assert '"\\"#x"' in typst(tricky)  # a quoted string in Typst math, never code
    assert "&amp;" in mathml(tricky) and "&lt;" in mathml(tricky)
    assert "#" not in latex(tricky).replace("\\#", "")


@pytest.mark.skipif(pytest.importorskip("typst", reason="typst is in the annex extra") is None, reason="no typst")
def test_every_formula_compiles_to_mathematics_in_the_pdf(tmp_path):
    from ipshare.report.formats.pdf import render

    blocks = tuple(formula((line,)) for line in EVERY_LINE)
    pdf = render(Document(title="Formulas", subtitle="", blocks=(Section("f", "Formulas", blocks),)))
    (tmp_path / "f.pdf").write_bytes(pdf)
    shown = subprocess.run(["pdftotext", str(tmp_path / "f.pdf"), "-"], capture_output=True, text=True).stdout
    assert "∑" in shown and "𝑣(𝑆 ∪ {𝑖})" in shown.replace("\n", " ")  # math italic: typeset, not pasted text
