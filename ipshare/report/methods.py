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

__all__ = ["MethodText", "METHODS", "TEXT_METHODS", "FORMULAS", "REFERENCES", "method_blocks"]


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


# Rules whose method is given as text alone (name, words, a formula in plain text, reference): the rules of
# issue 17; their names and words are in the catalogue too (method.<rule>.name, method.<rule>.words).
TEXT_METHODS: dict[str, MethodText] = {
    # -- the rules of issue 17 (docs/rules.md, "More rules from the literature") --------------------------------
    "equal-surplus": MethodText(
        "Equal surplus division",
        "Each member receives what it could earn alone, and the surplus of the whole alliance over the sum of those"
        " stand-alone values is divided equally (a loss, if the alliance earns less, is shared equally too). Until"
        " issue 17 ipshare called this rule egalitarian.",
        "x_i = v({i}) + (v(N) − Σ_j v({j})) / n",
        'T. Driessen, Y. Funaki, "Coincidence of and collinearity between game theoretic solutions", OR Spektrum 13'
        " (1991) 15–30.",
    ),
    "gately": MethodText(
        "Gately point",
        "Each member's propensity to disrupt the agreement is what the others would lose if it left, over what it"
        " would lose itself. The Gately point gives every member the same propensity: each receives its stand-alone"
        " value plus the same fraction t of the gap between its utopia payoff and that value.",
        "x_i = v({i}) + t · (M_i − v({i})),  M_i = v(N) − v(N∖{i}),  t = (v(N) − Σ_j v({j})) / Σ_j (M_j − v({j}))",
        'D. Gately, "Sharing the gains from regional cooperation: a game theoretic application to planning'
        ' investment in electric power", International Economic Review 15 (1974) 195–208; S. C. Littlechild,'
        ' K. G. Vaidya, "The propensity to disrupt and the disruption nucleolus of a characteristic function game",'
        " International Journal of Game Theory 5 (1976) 151–161.",
    ),
    "dutta-ray": MethodText(
        "Egalitarian solution (Dutta–Ray)",
        "The most equal split that no coalition would block: the core allocation that Lorenz-dominates every other."
        " On a convex game it is found by paying the largest coalition with the largest average worth that average"
        " per member, and repeating with the remaining members on what they add to it. Computed for convex games"
        " only.",
        "S_1 = the largest S maximising v(S)/|S|; x_i = v(S_1)/|S_1| for i ∈ S_1; then the same in"
        " v'(T) = v(S_1 ∪ T) − v(S_1) on N∖S_1",
        'B. Dutta, D. Ray, "A concept of egalitarianism under participation constraints", Econometrica 57 (1989)'
        " 615–635.",
    ),
    "banzhaf-owen": MethodText(
        "Banzhaf–Owen value",
        "The raw Banzhaf value played twice: among the a priori unions (blocs) taken as wholes, and among the"
        " members inside each union. Each member receives its added value averaged uniformly over every set of the"
        " other unions and every set of the other members of its own union. Like the raw Banzhaf value it need not"
        " add up to the value of the whole alliance.",
        "BO_i = Σ_{R ⊆ M∖{k}} Σ_{T ⊆ U_k∖{i}} 2^−(m−1) · 2^−(|U_k|−1) · [v(Q_R ∪ T ∪ {i}) − v(Q_R ∪ T)],"
        "  i ∈ U_k, Q_R the members of the unions in R",
        'G. Owen, "Modification of the Banzhaf–Coleman index for games with a priori unions", in M. J. Holler'
        " (ed.), Power, Voting and Voting Power, Physica, 1982, pp. 232–238.",
    ),
    "kernel": MethodText(
        "Kernel (the nucleolus as its point)",
        "An allocation in which no member can out-threaten another: the largest surplus one member could claim"
        " in a coalition without the other equals the other's claim against it, unless the other already has only"
        " its stand-alone value. The kernel may hold several allocations; ipshare gives the nucleolus, which always"
        " lies in it, and checks the kernel's condition.",
        "s_ij(x) = max {v(S) − x(S) : i ∈ S, j ∉ S};  (s_ij(x) − s_ji(x)) · (x_j − v({j})) ≤ 0 for all i, j",
        'M. Davis, M. Maschler, "The kernel of a cooperative game", Naval Research Logistics Quarterly 12 (1965)'
        " 223–259.",
    ),
    "prekernel": MethodText(
        "Prekernel (the prenucleolus as its point)",
        "An efficient allocation in which, for every pair of members, the largest surplus each could claim in a"
        " coalition without the other is the same. The prekernel may hold several allocations; ipshare gives the"
        " prenucleolus, which always lies in it, and checks the condition.",
        "s_ij(x) = max {v(S) − x(S) : i ∈ S, j ∉ S};  s_ij(x) = s_ji(x) for all i, j;  x(N) = v(N)",
        'M. Maschler, B. Peleg, L. S. Shapley, "The kernel and bargaining set for convex games", International'
        " Journal of Game Theory 1 (1972) 73–93.",
    ),
    "proportional-nucleolus": MethodText(
        "Proportional nucleolus",
        "Like the nucleolus, but a coalition's grievance is measured relative to its worth: what it could earn"
        " alone less what the allocation gives it, divided by what it could earn alone, for the coalitions worth"
        " more than nothing. The most aggrieved coalition is made as well off as possible, then the next, and so"
        " on.",
        "r(S, x) = (v(S) − x(S)) / v(S) for v(S) > 0; x minimises the sorted r(S, x) lexicographically over the"
        " imputations",
        'H. P. Young, N. Okada, T. Hashimoto, "Cost allocation in water resources development", Water Resources'
        " Research 18 (1982) 463–475.",
    ),
    "disruption-nucleolus": MethodText(
        "Disruption nucleolus",
        "Among the allocations no coalition would block, the one that makes the largest propensity of a coalition"
        " to disrupt the agreement (what the others lose if it leaves, over what it loses) as small as possible,"
        " then the next largest, and so on.",
        "d(S, x) = (x(N∖S) − v(N∖S)) / (x(S) − v(S)); x minimises the sorted d(S, x) lexicographically over the core",
        'S. C. Littlechild, K. G. Vaidya, "The propensity to disrupt and the disruption nucleolus of a'
        ' characteristic function game", International Journal of Game Theory 5 (1976) 151–161.',
    ),
    "solidarity": MethodText(
        "Solidarity value",
        "The Shapley value with each member's own added value replaced by the average added value of the members"
        " of the coalition it joins, so that the productive members support the less productive ones. The amounts"
        " add up to the value of the whole alliance.",
        "ψ_i = Σ_{S ∋ i} (n − |S|)!·(|S| − 1)!/n! · A(S),  A(S) = (1/|S|) Σ_{k ∈ S} [v(S) − v(S∖{k})]",
        'A. S. Nowak, T. Radzik, "A solidarity value for n-person transferable utility games", International'
        " Journal of Game Theory 23 (1994) 43–48.",
    ),
    "chi": MethodText(
        "χ-value",
        "A compromise between each member's largest added value to any coalition and what it must concede: every"
        " member starts from its largest added value, and the excess of those over the value of the whole alliance"
        " is taken back in proportion to the members' concessions (the smallest gap, over the coalitions it belongs"
        " to, between the coalition's largest added values and its worth).",
        "b_i = max(0, max_{S ∌ i} [v(S ∪ {i}) − v(S)]);  g(S) = b(S) − v(S);  λ_i = min_{S ∋ i} g(S);"
        "  χ_i = b_i − g(N) · λ_i / Σ_j λ_j",
        'G. Bergantiños, J. Massó, "Notes on a new compromise value: the χ-value", Optimization 38 (1996) 277–286.',
    ),
    "core-center": MethodText(
        "Core centre",
        "The centre of gravity of the core — the set of allocations no coalition would block — taken with the"
        " core's own dimension: every allocation in the core counts equally. Computed exactly from the core's"
        " vertices.",
        "x = ∫_C y dy / ∫_C dy,  C = {y : y(N) = v(N), y(S) ≥ v(S) for every S}",
        'J. González-Díaz, E. Sánchez-Rodríguez, "A natural selection from the core of a TU game: the'
        ' core-center", International Journal of Game Theory 36 (2007) 27–46.',
    ),
    "deegan-packel": MethodText(
        "Deegan–Packel index",
        "For a simple game (every coalition wins or loses): every minimal winning coalition is equally likely to"
        " form, and its members share the win equally.",
        "DP_i = (1/|MW|) · Σ_{S ∈ MW, i ∈ S} 1/|S|,  MW = the minimal winning coalitions",
        'J. Deegan, E. W. Packel, "A new index of power for simple n-person games", International Journal of Game'
        " Theory 7 (1978) 113–123.",
    ),
    "johnston": MethodText(
        "Johnston index",
        "For a simple game: in every winning coalition, the members whose leaving would make it lose share one"
        " unit equally; each member's total, normalised to sum to 1.",
        "J_i ∝ Σ_{S winning, i critical in S} 1/|C(S)|,  C(S) = the critical members of S",
        'R. J. Johnston, "On the measurement of power: some reactions to Laver", Environment and Planning A 10'
        " (1978) 907–914.",
    ),
    "public-good": MethodText(
        "Public Good index (Holler)",
        "For a simple game: the number of minimal winning coalitions a member belongs to, normalised to sum to 1"
        " (the win is a public good, shared by every member of the coalition that brings it about).",
        "PGI_i = |{S ∈ MW : i ∈ S}| / Σ_j |{S ∈ MW : j ∈ S}|",
        'M. J. Holler, "Forming coalitions and measuring voting power", Political Studies 30 (1982) 262–271.',
    ),
    "coleman-prevent": MethodText(
        "Coleman's power to prevent action",
        "For a simple game: the share of the winning coalitions that a member can turn into losing ones by"
        " leaving. The indices need not sum to 1.",
        "P_i = |{S winning : i ∈ S, S∖{i} losing}| / |W|",
        'J. S. Coleman, "Control of collectivities and the power of a collectivity to act", in B. Lieberman (ed.),'
        " Social Choice, Gordon and Breach, 1971, pp. 269–300.",
    ),
    "coleman-initiate": MethodText(
        "Coleman's power to initiate action",
        "For a simple game: the share of the losing coalitions that a member can turn into winning ones by"
        " joining. The indices need not sum to 1.",
        "I_i = |{S losing : i ∉ S, S ∪ {i} winning}| / |L|",
        'J. S. Coleman, "Control of collectivities and the power of a collectivity to act", in B. Lieberman (ed.),'
        " Social Choice, Gordon and Breach, 1971, pp. 269–300.",
    ),
}

METHODS: dict[str, MethodText] = {
    **{
        rule: MethodText(
            text(f"method.{rule}.name", "en"),
            text(f"method.{rule}.words", "en"),
            FORMULAS.get(rule, _CORE_LP_FORMULAS["closest"] if rule == "core-lp" else ()),
            reference,
        )
        for rule, reference in REFERENCES.items()
    },
    **TEXT_METHODS,
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
    described = TEXT_METHODS.get(rule)
    if described is not None:
        name = _catalogued(f"method.{rule}.name", lang, described.name)
        heading = text("method.heading", lang, name=name, rule=rule)
    else:
        heading = text("method.heading", lang, name=text(f"method.{rule}.name", lang), rule=rule) if known else rule
    if standing:
        heading = f"{heading} ({standing})" if lang == "en" else f"{heading}（{standing}）"
    blocks = [Heading(heading)]
    if described is not None:
        words = block(f"method.{rule}.words", lang) if _has(f"method.{rule}.words") else (described.words,)
        blocks.extend(Paragraph(line) for line in words)
        if described.formula:
            blocks.append(Paragraph(described.formula, "formula"))
    elif not known:
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
    reference = REFERENCES.get(rule) if known else (described.reference if described is not None else None)
    if reference and reference != "—":
        blocks.append(Paragraph(text("method.reference", lang if lang != "zh+en" else "zh",
                                     reference=reference), "note"))
    return blocks


def _has(key: str) -> bool:
    from .messages import keys

    return key in keys()


def _catalogued(key: str, lang: str, fallback: str) -> str:
    try:
        return text(key, lang)
    except KeyError:
        return fallback


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
