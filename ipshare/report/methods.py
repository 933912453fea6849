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
