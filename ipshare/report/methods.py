"""The method of each rule, in words, for the annex: what it does, its formula, its reference, and how this
allocation was computed (exactly, by LP, by sampling; which solver)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from .document import Heading, Paragraph

__all__ = ["MethodText", "METHODS", "method_blocks"]


@dataclass(frozen=True)
class MethodText:
    name: str
    words: str
    formula: str
    reference: str


METHODS: dict[str, MethodText] = {
    "shapley": MethodText(
        "Shapley value",
        "Each member receives what it adds to the members already present when it joins, averaged over every order"
        " in which the members could have joined the alliance, each order being equally likely. The amounts add up"
        " to the value of the whole alliance; members who add the same to every coalition receive the same; a"
        " member who adds nothing receives nothing.",
        "φ_i = Σ_{S ⊆ N∖{i}} |S|!·(n − |S| − 1)!/n! · [v(S ∪ {i}) − v(S)]",
        'L. S. Shapley, "A value for n-person games", in H. W. Kuhn and A. W. Tucker (eds.), Contributions to the'
        " Theory of Games II, Annals of Mathematics Studies 28, Princeton University Press, 1953, pp. 307–317.",
    ),
    "banzhaf": MethodText(
        "Banzhaf value (raw)",
        "Each member receives what it adds to a coalition of the other members, averaged over all such coalitions,"
        " each coalition being equally likely. The raw Banzhaf value need not add up to the value of the whole"
        " alliance; the column total states what it adds up to, and the percentages are of that total.",
        "β_i = 1/2^(n−1) · Σ_{S ⊆ N∖{i}} [v(S ∪ {i}) − v(S)]",
        'J. F. Banzhaf III, "Weighted voting doesn\'t work: a mathematical analysis", Rutgers Law Review 19 (1965)'
        ' 317–343; G. Owen, "Multilinear extensions and the Banzhaf value", Naval Research Logistics Quarterly 22'
        " (1975) 741–750.",
    ),
    "banzhaf-normalized": MethodText(
        "Normalised Banzhaf value",
        "The raw Banzhaf values (each member's added value averaged over all coalitions of the others) scaled by one"
        " common factor so that they add up to the value of the whole alliance.",
        "x_i = β_i · v(N) / Σ_j β_j,  with  β_i = 1/2^(n−1) · Σ_{S ⊆ N∖{i}} [v(S ∪ {i}) − v(S)]",
        'J. F. Banzhaf III, "Weighted voting doesn\'t work: a mathematical analysis", Rutgers Law Review 19 (1965)'
        " 317–343.",
    ),
    "nucleolus": MethodText(
        "Nucleolus",
        "Among the allocations that give every member at least what it could earn alone, the one that leaves the"
        " most aggrieved coalition as well off as possible, then the next most aggrieved, and so on. A coalition's"
        " grievance (its excess) is what it could earn on its own less what the allocation gives its members."
        " Computed by a sequence of linear programs and checked by Kohlberg's criterion.",
        "e(S, x) = v(S) − x(S);  x minimises the excesses sorted from largest to smallest, lexicographically,"
        " subject to x(N) = v(N) and x_i ≥ v({i})",
        'D. Schmeidler, "The nucleolus of a characteristic function game", SIAM Journal on Applied Mathematics 17'
        ' (1969) 1163–1170; E. Kohlberg, "On the nucleolus of a characteristic function game", SIAM Journal on'
        " Applied Mathematics 20 (1971) 62–66.",
    ),
    "prenucleolus": MethodText(
        "Prenucleolus",
        "The allocation of the alliance's value that leaves the most aggrieved coalition as well off as possible,"
        " then the next most aggrieved, and so on, without the floor of each member's stand-alone value that the"
        " nucleolus adds. A coalition's grievance (its excess) is what it could earn on its own less what the"
        " allocation gives its members.",
        "e(S, x) = v(S) − x(S);  x minimises the excesses sorted from largest to smallest, lexicographically,"
        " subject to x(N) = v(N)",
        'D. Schmeidler, "The nucleolus of a characteristic function game", SIAM Journal on Applied Mathematics 17'
        ' (1969) 1163–1170; M. Maschler, B. Peleg, L. S. Shapley, "Geometric properties of the kernel, nucleolus'
        ' and related solution concepts", Mathematics of Operations Research 4 (1979) 303–338.',
    ),
    "least-core": MethodText(
        "Least core (its centre)",
        "The smallest amount ε such that some allocation of the alliance's value gives every group of members at"
        " least what it could earn on its own less ε; when ε is zero or negative no group gains by leaving (the core"
        " is not empty). Of the allocations meeting that bound, the one reported is the centre (the prenucleolus).",
        "ε* = min { ε : x(N) = v(N) and x(S) ≥ v(S) − ε for every non-empty proper coalition S }",
        'M. Maschler, B. Peleg, L. S. Shapley, "Geometric properties of the kernel, nucleolus and related solution'
        ' concepts", Mathematics of Operations Research 4 (1979) 303–338.',
    ),
    "proportional": MethodText(
        "Pro rata by contribution",
        "The alliance's value divided in proportion to each member's weight: for an alliance, the total value of"
        " the contributions it made; for a classic game, its claim, voting weight, stand-alone cost or stand-alone"
        " value. The weights used are listed below.",
        "x_i = v(N) · w_i / Σ_j w_j",
        'the proportional rule; see B. O\'Neill, "A problem of rights arbitration from the Talmud", Mathematical'
        " Social Sciences 2 (1982) 345–371, and H. Moulin, Fair Division and Collective Welfare, MIT Press, 2003.",
    ),
    "graph-flow": MethodText(
        "Graph flow (patent-pool rule)",
        "Each revenue source's expected present value is divided equally among the patents it needs (those it"
        " requires and the patents they build on), as patent pools divide royalties per essential patent. A"
        " background patent passes its part to its owners by ownership share; a foreground patent passes it to the"
        " contributions it was made from in proportion to their value; each contribution passes it to the member"
        " that made it.",
        "x_i = Σ_r EPV(r)/|P(r)| · Σ_{p ∈ P(r)} a_{p,i},  a_{p,i} = member i's share of patent p"
        " (ownership share for background patents, contribution value share for foreground patents)",
        'ipshare, docs/model.md (the graph-flow rule); on patent pools: J. Lerner, J. Tirole, "Efficient patent'
        ' pools", American Economic Review 94 (2004) 691–711.',
    ),
    "equal": MethodText(
        "Equal split",
        "The alliance's value divided equally among all members.",
        "x_i = v(N) / n",
        "—",
    ),
    "core-lp": MethodText(
        "Allocation within the agreement's clauses, by linear programming",
        "Of the allocations of the alliance's value that satisfy every clause of the agreement (listed in the"
        " clauses section), the one that best meets the objective stated below; ties are broken by a fixed"
        " sequence of further linear programs, so the same scenario always gives the same allocation.",
        "",  # depends on the objective: see _core_lp_formula
        "Linear programming over the agreement's clauses (ipshare, docs/stability.md); the core: D. B. Gillies,"
        ' "Solutions to general non-zero-sum games", in Contributions to the Theory of Games IV, Annals of'
        " Mathematics Studies 40, Princeton University Press, 1959, pp. 47–85.",
    ),
    "owen": MethodText(
        "Owen value",
        "The Shapley value when the members join in a priori unions (blocs): the orders of joining are those in"
        " which each bloc's members arrive together.",
        "φ_i averaged over the orders of joining in which every union's members are consecutive",
        'G. Owen, "Values of games with a priori unions", in R. Henn and O. Moeschlin (eds.), Mathematical'
        " Economics and Game Theory, Lecture Notes in Economics and Mathematical Systems 141, Springer, 1977,"
        " pp. 76–88.",
    ),
    "myerson": MethodText(
        "Myerson value",
        "The Shapley value of the game in which a coalition is worth what its connected groups (members who can"
        " cooperate directly or through each other) are worth together.",
        "x = φ(v^g),  v^g(S) = Σ_{C component of S in g} v(C)",
        'R. B. Myerson, "Graphs and cooperation in games", Mathematics of Operations Research 2 (1977) 225–229.',
    ),
    "shapley-sampled": MethodText(
        "Shapley value, estimated by sampling",
        "The Shapley value estimated from randomly drawn orders of joining, with a fixed seed (so the estimate is"
        " reproducible) and a standard error for each member.",
        "φ_i ≈ (1/m) Σ_{k=1..m} [v(P_i^k ∪ {i}) − v(P_i^k)],  P_i^k = the members before i in the k-th sampled order",
        'J. Castro, D. Gómez, J. Tejada, "Polynomial calculation of the Shapley value based on sampling",'
        " Computers & Operations Research 36 (2009) 1726–1730.",
    ),
    "talmud": MethodText(
        "Talmud rule",
        "For a bankruptcy problem: when the estate is at most half the claims, equal awards on the half-claims;"
        " otherwise each claimant gets half its claim plus equal losses on the rest. It equals the nucleolus of the"
        " bankruptcy game.",
        "E ≤ Σc/2: x_i = min(c_i/2, λ);  else x_i = c_i − min(c_i/2, μ), with λ, μ making Σ x_i = E",
        'R. J. Aumann, M. Maschler, "Game theoretic analysis of a bankruptcy problem from the Talmud", Journal of'
        " Economic Theory 36 (1985) 195–213.",
    ),
}


def method_blocks(allocation, game) -> list:
    from ..solutions import RULES

    rule = allocation.rule
    text = METHODS.get(rule)
    summary = RULES[rule].summary if rule in RULES else rule
    blocks = [Heading(f"{text.name} — {rule}" if text else rule)]
    if text is None:
        blocks.append(Paragraph(_sentence(summary)))
    else:
        blocks.append(Paragraph(text.words))
        formula = _core_lp_formula(allocation.details) if rule == "core-lp" else text.formula
        if formula:
            blocks.append(Paragraph(formula, "formula"))
    if game.kind == "cost":
        blocks.append(
            Paragraph(
                "This is a cost game: v is the cost c, the amounts are cost shares, and a coalition's excess is what it"
                " pays beyond its stand-alone cost, y(S) − c(S).",
                "note",
            )
        )
    blocks.extend(Paragraph(line) for line in _rule_facts(allocation))
    blocks.append(Paragraph(f"Computed by: {_computation(allocation)}.", "note"))
    if text is not None and text.reference != "—":
        blocks.append(Paragraph(f"Reference: {text.reference}", "note"))
    return blocks


def _sentence(text: str) -> str:
    text = text[:1].upper() + text[1:]
    return text if text.endswith(".") else text + "."


def _core_lp_formula(details) -> str:
    objective = str(details.get("objective", "closest:shapley"))
    constraint = "subject to x(N) = v(N) and every clause in force"
    parts = objective.split(":")
    if parts[0] == "closest":
        rule = parts[1] if len(parts) > 1 else "shapley"
        if len(parts) > 2 and parts[2] == "linf":
            return f"min max_i |x_i − r_i| {constraint}, r = the {rule} allocation"
        return f"min Σ_i |x_i − r_i| {constraint}, r = the {rule} allocation"
    if parts[0] == "maxmin":
        return f"min ε {constraint} and v(S) − x(S) ≤ ε for every proper coalition S"
    return f"x = the nucleolus of the allocations {constraint[len('subject to ') :]}"


def _rule_facts(allocation) -> list[str]:
    details = allocation.details
    facts = []
    if "objective" in details:
        facts.append(f"Objective: {details['objective']} — {details.get('objective_meaning', '')}.")
        if details.get("tie_break"):
            facts.append(f"Ties: {details['tie_break']}.")
    if "epsilon" in details:
        word = "empty" if details.get("core_empty") else "not empty"
        facts.append(f"Least-core ε = {details['epsilon']:,.6g}; the core is {word}.")
    if "weight_values" in details:
        weights = ", ".join(f"{member} {_plain(Fraction(value))}" for member, value in details["weight_values"].items())
        facts.append(f"Weights ({details.get('weights', 'weights')}): {weights}.")
    if allocation.stderr is not None:
        facts.append(
            f"Estimated by sampling ({details.get('samples')} samples, seed {details.get('seed')}); standard errors"
            f" up to {max(allocation.stderr.values()):,.4g}."
        )
    return facts


def _computation(allocation) -> str:
    solver = _solver(allocation)
    method = allocation.method or "—"
    return f"{method}; solver: {solver}"


def _solver(allocation) -> str:
    """Which solver computed an allocation: an LP solver with its version, or none (closed form)."""
    solver = allocation.details.get("solver")
    if solver is None and allocation.method.startswith("lp"):
        solver = "highs"
    if solver == "highs":
        return f"HiGHS (highspy {_version_of('highspy')})"
    if solver == "cbc":
        return f"CBC (bundled with PuLP {_version_of('pulp')})"
    if solver is not None:
        return str(solver)
    if allocation.stderr is not None:
        return f"none (random sampling with seed {allocation.details.get('seed')})"
    if allocation.exact is not None:
        return "none (closed form, exact rational arithmetic)"
    return "none (closed form)"


def _version_of(package):
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "unknown version"


def _plain(value) -> str:
    value = Fraction(value)
    if value.denominator == 1:
        return f"{value.numerator:,}"
    return f"{value.numerator}/{value.denominator}"
