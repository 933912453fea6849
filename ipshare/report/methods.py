"""The method of each rule, for the annex: what it does in words, its formula typeset as mathematics, what the
formula's symbols mean, its reference, and how this allocation was computed (exactly, by LP, by sampling; which
solver).

The words come from the message catalogue (``method.<rule>.name``, ``method.<rule>.words``,
``formula.where.<rule>``: :mod:`ipshare.report.messages`), in the annex's language; the formulas are structured
parts (:mod:`ipshare.report.formulas`) that each format typesets in its own notation; the references are
bibliographic and stay as they are. :data:`METHODS` gathers the English texts (for Python users and the tests).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from .document import Heading, Paragraph, formula
from .formulas import Big, Fenced, Frac, Op, Sym
from .messages import block, text

__all__ = ["MethodText", "METHODS", "FORMULAS", "REFERENCES", "method_blocks"]


# --------------------------------------------------------------------------------------------------------------
# The formulas, as structured parts

def _set(*body):
    return Fenced(body, "{", "}")


def _abs(*body):
    return Fenced(body, "|", "|")


def _of(function, *argument):
    return (Sym(function) if isinstance(function, str) else function, Fenced(argument))


_I = Sym("i")
_N_MINUS_I = (Sym("S"), Op("⊆"), Sym("N"), Op("∖"), _set(_I))
_MARGINAL = Fenced((_of("v", "S", Op("∪"), _set(_I)), Op("−"), _of("v", "S")), "[", "]")
_EXCESS = (_of("e", "S", Op(","), "x"), Op("="), _of("v", "S"), Op("−"), _of("x", "S"))
_SUM_OF_X = (_of("x", "S"), Op("="), Big("Σ", (_I, Op("∈"), Sym("S")), Sym("x", "i")))
_EFFICIENT = (_of("x", "N"), Op("="), _of("v", "N"))
_STAND_ALONE = (Sym("x", "i"), Op("≥"), _of("v", _set(_I)), Op(","), Op("∀"), _I, Op("∈"), Sym("N"))


def _sampled_marginal(order):
    before = Sym("P", "i", order)
    return Fenced((_of("v", before, Op("∪"), _set(_I)), Op("−"), _of("v", before)), "[", "]")


_SHAPLEY_WEIGHT = Frac(
    (_abs("S"), Op("!"), Op("·"), Fenced(("n", Op("−"), _abs("S"), Op("−"), Sym("1", upright=True))), Op("!")),
    ("n", Op("!")),
)
_BANZHAF = (Frac(Sym("1", upright=True), Sym("2", sup=("n", Op("−"), Sym("1", upright=True)), upright=True)),
            Big("Σ", _N_MINUS_I, _MARGINAL))
_CLOSEST = (Sym("x"), Op("∈"), Sym("C"))

FORMULAS: dict[str, tuple] = {
    "shapley": ((Sym("φ", "i"), Op("="), Big("Σ", _N_MINUS_I, (_SHAPLEY_WEIGHT, Op("·"), _MARGINAL))),),
    "banzhaf": ((Sym("β", "i"), Op("="), *_BANZHAF),),
    "banzhaf-normalized": (
        (Sym("x", "i"), Op("="), Frac(Sym("β", "i"), Big("Σ", (Sym("j"), Op("∈"), Sym("N")), Sym("β", "j"))),
         Op("·"), _of("v", "N")),
        (Sym("β", "i"), Op("="), *_BANZHAF),
    ),
    "nucleolus": (_EXCESS, _SUM_OF_X, (*_EFFICIENT, Op(","), *_STAND_ALONE)),
    "prenucleolus": (_EXCESS, _SUM_OF_X, _EFFICIENT),
    "least-core": (
        (Sym("ε", sup="*"), Op("="), Big("min", (Sym("x"), Op(","), Sym("ε")), Sym("ε"))),
        (*_EFFICIENT, Op(","), _of("x", "S"), Op("≥"), _of("v", "S"), Op("−"), Sym("ε"), Op(","), Op("∀"),
         Sym("S"), Op("⊂"), Sym("N"), Op(","), Sym("S"), Op("≠"), Op("∅")),
    ),
    "proportional": (
        (Sym("x", "i"), Op("="), _of("v", "N"), Op("·"),
         Frac(Sym("w", "i"), Big("Σ", (Sym("j"), Op("∈"), Sym("N")), Sym("w", "j")))),
    ),
    "graph-flow": (
        (Sym("x", "i"), Op("="), Big("Σ", Sym("r"), (
            Frac(_of(Sym("EPV", upright=True), "r"), _abs(_of("P", "r"))),
            Big("Σ", (Sym("p"), Op("∈"), _of("P", "r")), Sym("a", ("p", Op(","), "i"))),
        ))),
    ),
    "equal": ((Sym("x", "i"), Op("="), Frac(_of("v", "N"), Sym("n"))),),
    "owen": (
        (Sym("x", "i"), Op("="), Frac(Sym("1", upright=True), _abs(Sym("Π", "U"))),
         Big("Σ", (Sym("π"), Op("∈"), Sym("Π", "U")), _sampled_marginal("π"))),
    ),
    "myerson": (
        (Sym("x"), Op("="), _of("φ", Sym("v", sup="g"))),
        (_of(Sym("v", sup="g"), "S"), Op("="), Big("Σ", (Sym("C"), Op("∈"), Sym("S"), Op("/"), Sym("g")),
                                                     _of("v", "C"))),
    ),
    "shapley-sampled": (
        (Sym("φ", "i"), Op("≈"), Frac(Sym("1", upright=True), Sym("m")),
         Big("Σ", (Sym("k"), Op("="), Sym("1", upright=True)), _sampled_marginal("k"), over=Sym("m"))),
    ),
    "talmud": (
        (Sym("E"), Op("≤"), Frac(Sym("1", upright=True), Sym("2", upright=True)),
         Big("Σ", (Sym("j"), Op("∈"), Sym("N")), Sym("c", "j")), Op(":"), Sym("x", "i"), Op("="),
         Sym("min", upright=True), Fenced((Frac(Sym("c", "i"), Sym("2", upright=True)), Op(","), Sym("λ")))),
        (Sym("E"), Op(">"), Frac(Sym("1", upright=True), Sym("2", upright=True)),
         Big("Σ", (Sym("j"), Op("∈"), Sym("N")), Sym("c", "j")), Op(":"), Sym("x", "i"), Op("="), Sym("c", "i"),
         Op("−"), Sym("min", upright=True), Fenced((Frac(Sym("c", "i"), Sym("2", upright=True)), Op(","),
                                                    Sym("μ")))),
        (Big("Σ", (_I, Op("∈"), Sym("N")), Sym("x", "i")), Op("="), Sym("E")),
    ),
}

_CORE_LP_FORMULAS = {
    "closest": (Big("min", _CLOSEST, Big("Σ", (_I, Op("∈"), Sym("N")), _abs(Sym("x", "i"), Op("−"), Sym("r", "i")))),),
    "closest_linf": (Big("min", _CLOSEST, Big("max", (_I, Op("∈"), Sym("N")),
                                               _abs(Sym("x", "i"), Op("−"), Sym("r", "i")))),),
    "maxmin": (
        (Big("min", (*_CLOSEST, Op(","), Sym("ε")), Sym("ε"))),
        (_of("v", "S"), Op("−"), _of("x", "S"), Op("≤"), Sym("ε"), Op(","), Op("∀"), Sym("S"), Op("⊂"), Sym("N")),
    ),
    "nucleolus": ((Sym("x"), Op("="), _of(Sym("nucleolus", upright=True), "C")),),
}


def core_lp_variant(objective) -> tuple[str, str]:
    """Which formula of core-lp an objective (``closest:shapley``, ``closest:nucleolus:linf``, ``maxmin``,
    ``nucleolus``) takes, and the rule it is measured against."""
    parts = str(objective or "closest:shapley").split(":")
    if parts[0] == "closest":
        rule = parts[1] if len(parts) > 1 else "shapley"
        return ("closest_linf" if len(parts) > 2 and parts[2] == "linf" else "closest"), rule
    return ("maxmin" if parts[0] == "maxmin" else "nucleolus"), "shapley"


REFERENCES: dict[str, str] = {
    "shapley": 'L. S. Shapley, "A value for n-person games", in H. W. Kuhn and A. W. Tucker (eds.), Contributions to'
    " the Theory of Games II, Annals of Mathematics Studies 28, Princeton University Press, 1953, pp. 307–317.",
    "banzhaf": 'J. F. Banzhaf III, "Weighted voting doesn\'t work: a mathematical analysis", Rutgers Law Review 19'
    ' (1965) 317–343; G. Owen, "Multilinear extensions and the Banzhaf value", Naval Research Logistics Quarterly 22'
    " (1975) 741–750.",
    "banzhaf-normalized": 'J. F. Banzhaf III, "Weighted voting doesn\'t work: a mathematical analysis", Rutgers Law'
    " Review 19 (1965) 317–343.",
    "nucleolus": 'D. Schmeidler, "The nucleolus of a characteristic function game", SIAM Journal on Applied'
    ' Mathematics 17 (1969) 1163–1170; E. Kohlberg, "On the nucleolus of a characteristic function game", SIAM'
    " Journal on Applied Mathematics 20 (1971) 62–66.",
    "prenucleolus": 'D. Schmeidler, "The nucleolus of a characteristic function game", SIAM Journal on Applied'
    ' Mathematics 17 (1969) 1163–1170; M. Maschler, B. Peleg, L. S. Shapley, "Geometric properties of the kernel,'
    ' nucleolus and related solution concepts", Mathematics of Operations Research 4 (1979) 303–338.',
    "least-core": 'M. Maschler, B. Peleg, L. S. Shapley, "Geometric properties of the kernel, nucleolus and related'
    ' solution concepts", Mathematics of Operations Research 4 (1979) 303–338.',
    "proportional": 'the proportional rule; see B. O\'Neill, "A problem of rights arbitration from the Talmud",'
    " Mathematical Social Sciences 2 (1982) 345–371, and H. Moulin, Fair Division and Collective Welfare, MIT Press,"
    " 2003.",
    "graph-flow": 'ipshare, docs/model.md (the graph-flow rule); on patent pools: J. Lerner, J. Tirole, "Efficient'
    ' patent pools", American Economic Review 94 (2004) 691–711.',
    "equal": "—",
    "core-lp": "Linear programming over the agreement's clauses (ipshare, docs/stability.md); the core: D. B."
    ' Gillies, "Solutions to general non-zero-sum games", in Contributions to the Theory of Games IV, Annals of'
    " Mathematics Studies 40, Princeton University Press, 1959, pp. 47–85.",
    "owen": 'G. Owen, "Values of games with a priori unions", in R. Henn and O. Moeschlin (eds.), Mathematical'
    " Economics and Game Theory, Lecture Notes in Economics and Mathematical Systems 141, Springer, 1977,"
    " pp. 76–88.",
    "myerson": 'R. B. Myerson, "Graphs and cooperation in games", Mathematics of Operations Research 2 (1977)'
    " 225–229.",
    "shapley-sampled": 'J. Castro, D. Gómez, J. Tejada, "Polynomial calculation of the Shapley value based on'
    ' sampling", Computers & Operations Research 36 (2009) 1726–1730.',
    "talmud": 'R. J. Aumann, M. Maschler, "Game theoretic analysis of a bankruptcy problem from the Talmud",'
    " Journal of Economic Theory 36 (1985) 195–213.",
}


@dataclass(frozen=True)
class MethodText:
    """A rule's method in English: its name, what it does in words, its formula (structured parts, one tuple per
    line) and its reference."""

    name: str
    words: str
    formula: tuple
    reference: str


METHODS: dict[str, MethodText] = {
    rule: MethodText(
        text(f"method.{rule}.name", "en"),
        text(f"method.{rule}.words", "en"),
        FORMULAS.get(rule, _CORE_LP_FORMULAS["closest"] if rule == "core-lp" else ()),
        reference,
    )
    for rule, reference in REFERENCES.items()
}


# --------------------------------------------------------------------------------------------------------------
# The method section of one rule


def method_blocks(allocation, game, lang: str = "en", standing: str | None = None) -> list:
    """The blocks describing how ``allocation`` was made, in ``lang``: a heading (with ``standing``, e.g. "the
    operative rule", when given), the method in words, its formula and the meaning of its symbols, this run's
    facts, how it was computed and the reference."""
    from ..solutions import RULES

    rule = allocation.rule
    known = rule in REFERENCES
    heading = text("method.heading", lang, name=text(f"method.{rule}.name", lang), rule=rule) if known else rule
    if standing:
        heading = f"{heading} ({standing})" if lang == "en" else f"{heading}（{standing}）"
    blocks = [Heading(heading)]
    if not known:
        summary = RULES[rule].summary if rule in RULES else rule
        blocks.append(Paragraph(_sentence(summary)))
    else:
        blocks.extend(Paragraph(line) for line in block(f"method.{rule}.words", lang))
        if rule == "core-lp":
            variant, reference_rule = core_lp_variant(allocation.details.get("objective"))
            blocks.append(formula(_CORE_LP_FORMULAS[variant]))
            blocks.extend(Paragraph(line, "note") for line in block(f"formula.where.core-lp.{variant}", lang,
                                                                        rule=reference_rule))
        else:
            blocks.append(formula(FORMULAS[rule]))
            blocks.extend(Paragraph(line, "note") for line in block(f"formula.where.{rule}", lang))
    if game.kind == "cost":
        blocks.extend(Paragraph(line, "note") for line in block("method.cost_game", lang))
    blocks.extend(Paragraph(line) for line in _rule_facts(allocation, lang))
    blocks.extend(
        Paragraph(line, "note")
        for line in block("method.computed_by", lang, method=allocation.method or "—", solver=_solver(allocation, lang))
    )
    if known and REFERENCES[rule] != "—":
        blocks.append(Paragraph(text("method.reference", lang if lang != "zh+en" else "zh",
                                     reference=REFERENCES[rule]), "note"))
    return blocks


def _sentence(text: str) -> str:
    text = text[:1].upper() + text[1:]
    return text if text.endswith(".") else text + "."


def _rule_facts(allocation, lang: str = "en") -> list[str]:
    details = allocation.details
    facts = []
    if "objective" in details:
        variant, reference_rule = core_lp_variant(details["objective"])
        for language in _each(lang):
            meaning = details.get("objective_meaning", "") if language == "en" else text(
                f"objective.{variant}", "zh", rule=reference_rule)
            facts.append(text("method.objective", language, objective=details["objective"], meaning=meaning))
            if details.get("tie_break"):
                tie_break = details["tie_break"] if language == "en" else text(f"tie_break.{variant}", "zh",
                                                                               rule=reference_rule)
                facts.append(text("method.ties", language, tie_break=tie_break))
    if "epsilon" in details:
        state = text("core.empty" if details.get("core_empty") else "core.not_empty", "en")
        for language in _each(lang):
            state = text("core.empty" if details.get("core_empty") else "core.not_empty", language)
            facts.append(text("method.least_core", language, epsilon=f"{details['epsilon']:,.6g}", state=state))
    if "weight_values" in details:
        weights = ", ".join(f"{member} {_plain(Fraction(value))}" for member, value in details["weight_values"].items())
        facts.extend(block("method.weights", lang, weights=str(details.get("weights", "weights")), values=weights))
    if allocation.stderr is not None:
        facts.extend(block("method.sampled", lang, samples=str(details.get("samples")), seed=str(details.get("seed")),
                           largest=f"{max(allocation.stderr.values()):,.4g}"))
    return facts


def _each(lang: str) -> tuple[str, ...]:
    return ("zh", "en") if lang == "zh+en" else (lang,)


def _computation(allocation, lang: str = "en") -> str:
    return f"{allocation.method or '—'}; solver: {_solver(allocation, lang)}"


def _solver(allocation, lang: str = "en") -> str:
    """Which solver computed an allocation: an LP solver with its version, or none (closed form)."""
    solver = allocation.details.get("solver")
    if solver is None and allocation.method.startswith("lp"):
        solver = "highs"
    if solver == "highs":
        return text("solver.highs", lang, version=_version_of("highspy", lang))
    if solver == "cbc":
        return text("solver.cbc", lang, version=_version_of("pulp", lang))
    if solver is not None:
        return str(solver)
    if allocation.stderr is not None:
        return text("solver.sampling", lang, seed=str(allocation.details.get("seed")))
    if allocation.exact is not None:
        return text("solver.closed_form_exact", lang)
    return text("solver.closed_form", lang)


def _version_of(package, lang: str = "en"):
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return text("solver.unknown_version", lang)


def _plain(value) -> str:
    value = Fraction(value)
    if value.denominator == 1:
        return f"{value.numerator:,}"
    return f"{value.numerator}/{value.denominator}"
