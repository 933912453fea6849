"""English texts of the method of each rule, in words (:data:`ipshare.report.annex.METHODS`), a part of the
message catalogue (:mod:`ipshare.report.messages`) kept apart from :mod:`.en`."""

MESSAGES = {
    "method.shapley.name": "Shapley value",
    "method.shapley.words": (
        "Each member receives what it adds to the members already present when it joins, averaged over every "
        "order in which the members could have joined the alliance, each order being equally likely. The "
        "amounts add up to the value of the whole alliance; members who add the same to every coalition "
        "receive the same; a member who adds nothing receives nothing."
    ),
    "method.banzhaf.name": "Banzhaf value (raw)",
    "method.banzhaf.words": (
        "Each member receives what it adds to a coalition of the other members, averaged over all such "
        "coalitions, each coalition being equally likely. The raw Banzhaf value need not add up to the value "
        "of the whole alliance; the column total states what it adds up to, and the percentages are of that "
        "total."
    ),
    "method.banzhaf-normalized.name": "Normalised Banzhaf value",
    "method.banzhaf-normalized.words": (
        "The raw Banzhaf values (each member's added value averaged over all coalitions of the others) scaled"
        " by one common factor so that they add up to the value of the whole alliance."
    ),
    "method.nucleolus.name": "Nucleolus",
    "method.nucleolus.words": (
        "Among the allocations that give every member at least what it could earn alone, the one that leaves "
        "the most aggrieved coalition as well off as possible, then the next most aggrieved, and so on. A "
        "coalition's grievance (its excess) is what it could earn on its own less what the allocation gives "
        "its members. Computed by a sequence of linear programs and checked by Kohlberg's criterion."
    ),
    "method.prenucleolus.name": "Prenucleolus",
    "method.prenucleolus.words": (
        "The allocation of the alliance's value that leaves the most aggrieved coalition as well off as "
        "possible, then the next most aggrieved, and so on, without the floor of each member's stand-alone "
        "value that the nucleolus adds. A coalition's grievance (its excess) is what it could earn on its own"
        " less what the allocation gives its members."
    ),
    "method.least-core.name": "Least core (its centre)",
    "method.least-core.words": (
        "The smallest amount ε such that some allocation of the alliance's value gives every group of members"
        " at least what it could earn on its own less ε; when ε is zero or negative no group gains by leaving"
        " (the core is not empty). Of the allocations meeting that bound, the one reported is the centre (the"
        " prenucleolus)."
    ),
    "method.proportional.name": "Pro rata by contribution",
    "method.proportional.words": (
        "The alliance's value divided in proportion to each member's weight: for an alliance, the total value"
        " of the contributions it made; for a classic game, its claim, voting weight, stand-alone cost or "
        "stand-alone value. The weights used are listed below."
    ),
    "method.graph-flow.name": "Graph flow (patent-pool rule)",
    "method.graph-flow.words": (
        "Each revenue source's expected present value is divided equally among the patents it needs (those it"
        " requires and the patents they build on), as patent pools divide royalties per essential patent. A "
        "background patent passes its part to its owners by ownership share; a foreground patent passes it to"
        " the contributions it was made from in proportion to their value; each contribution passes it to the"
        " member that made it."
    ),
    "method.equal.name": "Equal split",
    "method.equal.words": ("The alliance's value divided equally among all members."),
    "method.core-lp.name": "Allocation within the agreement's clauses, by linear programming",
    "method.core-lp.words": (
        "Of the allocations of the alliance's value that satisfy every clause of the agreement (listed in the"
        " clauses section), the one that best meets the objective stated below; ties are broken by a fixed "
        "sequence of further linear programs, so the same scenario always gives the same allocation."
    ),
    "method.owen.name": "Owen value",
    "method.owen.words": (
        "The Shapley value when the members join in a priori unions (blocs): the orders of joining are those "
        "in which each bloc's members arrive together."
    ),
    "method.myerson.name": "Myerson value",
    "method.myerson.words": (
        "The Shapley value of the game in which a coalition is worth what its connected groups (members who "
        "can cooperate directly or through each other) are worth together."
    ),
    "method.shapley-sampled.name": "Shapley value, estimated by sampling",
    "method.shapley-sampled.words": (
        "The Shapley value estimated from randomly drawn orders of joining, with a fixed seed (so the "
        "estimate is reproducible) and a standard error for each member."
    ),
    "method.talmud.name": "Talmud rule",
    "method.talmud.words": (
        "For a bankruptcy problem: when the estate is at most half the claims, equal awards on the half-"
        "claims; otherwise each claimant gets half its claim plus equal losses on the rest. It equals the "
        "nucleolus of the bankruptcy game."
    ),
    # the rules of issue 17 (docs/rules.md, "More rules from the literature")
    "method.equal-surplus.name": "Equal surplus division",
    "method.equal-surplus.words": (
        "Each member receives what it could earn alone, and the surplus of the whole alliance over the sum"
        " of those stand-alone values is divided equally (a loss, if the alliance earns less, is shared"
        " equally too). Until issue 17 ipshare called this rule egalitarian."
    ),
    "method.gately.name": "Gately point",
    "method.gately.words": (
        "Each member's propensity to disrupt the agreement is what the others would lose if it left, over"
        " what it would lose itself. The Gately point gives every member the same propensity: each receives"
        " its stand-alone value plus the same fraction t of the gap between its utopia payoff and that value."
    ),
    "method.dutta-ray.name": "Egalitarian solution (Dutta–Ray)",
    "method.dutta-ray.words": (
        "The most equal split that no coalition would block: the core allocation that Lorenz-dominates every"
        " other. On a convex game it is found by paying the largest coalition with the largest average worth"
        " that average per member, and repeating with the remaining members on what they add to it. Computed"
        " for convex games only."
    ),
    "method.banzhaf-owen.name": "Banzhaf–Owen value",
    "method.banzhaf-owen.words": (
        "The raw Banzhaf value played twice: among the a priori unions (blocs) taken as wholes, and among"
        " the members inside each union. Each member receives its added value averaged uniformly over every"
        " set of the other unions and every set of the other members of its own union. Like the raw Banzhaf"
        " value it need not add up to the value of the whole alliance."
    ),
    "method.kernel.name": "Kernel (the nucleolus as its point)",
    "method.kernel.words": (
        "An allocation in which no member can out-threaten another: the largest surplus one member could"
        " claim in a coalition without the other equals the other's claim against it, unless the other"
        " already has only its stand-alone value. The kernel may hold several allocations; ipshare gives the"
        " nucleolus, which always lies in it, and checks the kernel's condition."
    ),
    "method.prekernel.name": "Prekernel (the prenucleolus as its point)",
    "method.prekernel.words": (
        "An efficient allocation in which, for every pair of members, the largest surplus each could claim"
        " in a coalition without the other is the same. The prekernel may hold several allocations; ipshare"
        " gives the prenucleolus, which always lies in it, and checks the condition."
    ),
    "method.proportional-nucleolus.name": "Proportional nucleolus",
    "method.proportional-nucleolus.words": (
        "Like the nucleolus, but a coalition's grievance is measured relative to its worth: what it could"
        " earn alone less what the allocation gives it, divided by what it could earn alone, for the"
        " coalitions worth more than nothing. The most aggrieved coalition is made as well off as possible,"
        " then the next, and so on."
    ),
    "method.disruption-nucleolus.name": "Disruption nucleolus",
    "method.disruption-nucleolus.words": (
        "Among the allocations no coalition would block, the one that makes the largest propensity of a"
        " coalition to disrupt the agreement (what the others lose if it leaves, over what it loses) as"
        " small as possible, then the next largest, and so on."
    ),
    "method.solidarity.name": "Solidarity value",
    "method.solidarity.words": (
        "The Shapley value with each member's own added value replaced by the average added value of the"
        " members of the coalition it joins, so that the productive members support the less productive"
        " ones. The amounts add up to the value of the whole alliance."
    ),
    "method.chi.name": "χ-value",
    "method.chi.words": (
        "A compromise between each member's largest added value to any coalition and what it must concede:"
        " every member starts from its largest added value, and the excess of those over the value of the"
        " whole alliance is taken back in proportion to the members' concessions (the smallest gap, over the"
        " coalitions it belongs to, between the coalition's largest added values and its worth)."
    ),
    "method.core-center.name": "Core centre",
    "method.core-center.words": (
        "The centre of gravity of the core — the set of allocations no coalition would block — taken with"
        " the core's own dimension: every allocation in the core counts equally. Computed exactly from the"
        " core's vertices."
    ),
    "method.deegan-packel.name": "Deegan–Packel index",
    "method.deegan-packel.words": (
        "For a simple game (every coalition wins or loses): every minimal winning coalition is equally"
        " likely to form, and its members share the win equally."
    ),
    "method.johnston.name": "Johnston index",
    "method.johnston.words": (
        "For a simple game: in every winning coalition, the members whose leaving would make it lose share"
        " one unit equally; each member's total, normalised to sum to 1."
    ),
    "method.public-good.name": "Public Good index (Holler)",
    "method.public-good.words": (
        "For a simple game: the number of minimal winning coalitions a member belongs to, normalised to sum"
        " to 1 (the win is a public good, shared by every member of the coalition that brings it about)."
    ),
    "method.coleman-prevent.name": "Coleman's power to prevent action",
    "method.coleman-prevent.words": (
        "For a simple game: the share of the winning coalitions that a member can turn into losing ones by"
        " leaving. The indices need not sum to 1."
    ),
    "method.coleman-initiate.name": "Coleman's power to initiate action",
    "method.coleman-initiate.words": (
        "For a simple game: the share of the losing coalitions that a member can turn into winning ones by"
        " joining. The indices need not sum to 1."
    ),
}
