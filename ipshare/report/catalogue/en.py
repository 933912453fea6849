"""English texts of the message catalogue (:mod:`ipshare.report.messages`).

Keys are grouped by where the text appears; each template's ``{placeholders}`` are the same in every language.
The method descriptions are those of :data:`ipshare.report.annex.METHODS` (a test keeps them equal); formulas and
bibliographic references are not words of a language and stay there.
"""

MESSAGES = {
    # ---- pages, the annex as a document
    "page.of": "page {page} of {pages}",
    "table.part": "part {number} of {count}",
    "annex.title.benefits": "Annex: allocation of benefits — {name}",
    "annex.title.costs": "Annex: allocation of costs — {name}",
    "annex.title.benefits_at": "Annex: allocation of benefits — {name}, as at {date}",
    "annex.title.costs_at": "Annex: allocation of costs — {name}, as at {date}",
    "annex.of_agreement": "{annex} to the {agreement} dated {date}",
    "annex.of_agreement_undated": "{annex} to the {agreement}",
    "annex.subtitle": "Computed by ipshare {version} under {rules} from the scenario file with SHA-256 {sha256}.",
    "annex.footer": "{name} — ipshare {version} — scenario SHA-256 {sha256}…",
    "annex.operative": "The operative rule is {rule}, the agreement's rule; {others} are shown for comparison only.",
    "annex.operative_alone": "The allocation follows {rule}, the agreement's rule.",
    "annex.language_precedence": (
        "This annex is made in Chinese and English; where the two texts differ, the Chinese text prevails."
    ),
    "amount.in_words": "In words: {words}",
    "amount.with_words": "{figures} (in words: {words})",
    "list.separator": ", ",
    "list.and": "{first} and {last}",
    # ---- section titles
    "section.identification": "Identification",
    "section.parties": "Parties",
    "section.players": "Players",
    "section.game": "Game",
    "section.contributions": "Contributions",
    "section.patents": "Patents",
    "section.revenue": "Revenue sources",
    "section.method": "Method",
    "section.allocation": "Allocation",
    "section.clauses": "Clauses",
    "section.risk": "Costs and risk",
    "section.signatures": "Signatures",
    # ---- identification
    "identification.intro": (
        "This annex states how {whole} is divided and why. Anyone holding the scenario file whose SHA-256 is given"
        " below can reproduce every number in it with the command shown."
    ),
    "identification.whole.alliance": "the alliance's value",
    "identification.whole.game_value": "the game's value",
    "identification.whole.game_cost": "the game's cost",
    "identification.whatif_note": (
        "This annex describes the scenario file with the what-if changes above applied; the SHA-256 is that of the"
        " unchanged file."
    ),
    "fact.alliance": "Alliance",
    "fact.game": "Game",
    "fact.agreement": "Agreement",
    "fact.agreement_date": "Date of the agreement",
    "fact.operative_rule": "Operative rule",
    "fact.scenario_file": "Scenario file",
    "fact.sha256": "Scenario SHA-256",
    "fact.whatif": "What-if changes",
    "fact.produced_by": "Produced by",
    "fact.rules": "Rules",
    "fact.solver": "Solver",
    "fact.grand.alliance": "Value of the whole alliance",
    "fact.grand.game": "Value of the grand coalition",
    "fact.grand.cost": "Cost of the grand coalition",
    "fact.rounding": "Rounding",
    "fact.reproduce": "To reproduce",
    "fact.generated": "Generated",
    # ---- rounding
    "rounding.describe": (
        "amounts rounded to {digits} decimals by largest remainder, each column summing to its total; equal"
        " remainders go to {ties}"
    ),
    "rounding.describe_one": (
        "amounts rounded to 1 decimal by largest remainder, each column summing to its total; equal remainders go"
        " to {ties}"
    ),
    "rounding.short": "rounded by largest remainder to {step}; equal remainders go to {ties}",
    "rounding.with_percentages": "{rounding}; the percentages likewise to 0.01, summing to 100.00",
    "rounding.table_line": "{rounding}; percentages to 0.01, summing to 100.00",
    "ties.listed-first": "the member listed first in the scenario",
    "ties.listed-last": "the member listed last in the scenario",
    "ties.by-id": "the member whose id comes first in code-point order",
    "allocation.rounding_note": (
        "Amounts are exact rationals rounded once, to {digits} decimals, by the largest-remainder method: each is"
        " rounded down and the units still missing go to the largest remainders (equal remainders to {ties}), so"
        " each column sums exactly to its total; the percentages are rounded the same way to 0.01 and sum to"
        " 100.00."
    ),
    # ---- table headers
    "header.member": "Member",
    "header.name": "Name",
    "header.player": "Player",
    "header.type": "Type",
    "header.role": "Role",
    "header.id": "ID",
    "header.kind": "Kind",
    "header.total": "Total",
    "header.exact": "exact",
    "header.amount_in": "{rule} ({unit})",
    "header.percent_of": "{rule} %",
    "header.value_in": "Value ({unit})",
    "header.quantity": "Quantity",
    "header.substitute_cost": "Substitute cost ({unit})",
    "header.description": "Description",
    "header.title": "Title",
    "header.made_from": "Made from",
    "header.builds_on": "Builds on",
    "header.owners": "Owners (share)",
    "header.patent": "Patent",
    "header.research": "Research",
    "header.own_use": "Own use",
    "header.licensing": "Licensing to outsiders",
    "header.counterparty": "Counterparty",
    "header.requires": "Requires",
    "header.terms": "Terms",
    "header.probability": "Probability",
    "header.epv": "Expected present value ({unit})",
    "header.clause": "Clause",
    "header.purpose": "Purpose",
    "header.condition": "Condition",
    "header.what_it_says": "What it says",
    "header.at_bound": "At its bound",
    "header.shadow_price": "Shadow price",
    "header.item": "Item",
    "header.amount": "Amount ({unit})",
    "header.failure_probability": "Failure probability",
    "header.expected_loss": "Expected loss ({unit})",
    "header.borne_by": "Borne by",
    "header.expected_cost": "Expected cost ({unit})",
    "header.risk": "Risk: {measure} ({unit})",
    "header.benefit": "Benefit, {rule} ({unit})",
    "header.net": "Net position ({unit})",
    "header.coalition": "Coalition",
    "header.value": "Value",
    "header.cost": "Cost",
    "header.weight": "Weight",
    "header.claim": "Claim",
    "header.stand_alone_cost": "Stand-alone cost",
    "unit.value": "value",
    "unit.cost_share": "cost share",
    "unit.cost_share_in": "cost share, {currency}",
    "unit.cost_share_of": "cost share ({currency})",
    # ---- words in cells
    "type.enterprise": "enterprise",
    "type.university": "university",
    "type.institute": "institute",
    "type.financial": "financial",
    "type.government": "government",
    "type.other": "other",
    "contribution.cash": "cash",
    "contribution.personnel": "personnel",
    "contribution.equipment": "equipment",
    "contribution.background-ip": "background IP",
    "contribution.data": "data",
    "contribution.other": "other",
    "patent.background": "background",
    "patent.foreground": "foreground",
    "revenue.licence": "licence",
    "revenue.own-use": "own-use",
    "revenue.own_use_by": "own use by {member}",
    "revenue.built_on": "{requires} (and {extra}, built on)",
    "terms.upfront": "upfront {amount}",
    "terms.royalty": "royalty {rate} of {base} a year for {years}",
    "terms.margin": "margin {amount} a year for {years}",
    "years.one": "1 year",
    "years.many": "{years} years",
    "borne_by.all": "all members",
    "none": "—",
    # ---- game section
    "game.type": "Type",
    "game.kind": "Kind",
    "game.players": "Players",
    "game.quota": "Quota",
    "game.estate": "Estate",
    "game.in_file": "The {count} coalition values are in the scenario file.",
    # ---- contributions, patents, rights, revenue
    "contributions.none": "The scenario lists no contributions.",
    "contributions.note": (
        "A substitute cost is what a group of members lacking the contribution would pay an outsider for it; a"
        " contribution without one cannot be replaced."
    ),
    "patents.none": "The scenario lists no patents.",
    "patents.ownership": (
        "Ownership: foreground patents whose owners the agreement does not name are owned {ownership} ({basis})."
        " Joint licensing ({rule}): {licensing}. A patent that builds on another can be used only together with it."
    ),
    "ownership.by-contribution": "in proportion to the value of the contributions they were made from",
    "ownership.equal": "in equal shares by the members whose contributions they were made from",
    "ownership.as-given": "as the scenario states",
    "ownership.lead": "by the lead exploitation party {lead}, to whom the results are assigned",
    "licensing.unanimous": "a jointly owned patent may be licensed or used only with the consent of all its owners",
    "licensing.any-owner": (
        "any owner of a jointly owned patent may license it non-exclusively without the others' consent"
    ),
    "access.heading": "Access rights",
    "access.intro": (
        "What each member may do with each patent: royalty-free, on fair and reasonable terms, only with the"
        " consent of the members named (A+B: both; A | B: either), or not at all."
    ),
    "access.preset": "Agreement preset: {preset}.",
    "access.basis": "Basis: {bases}.",
    "access.royalty-free": "royalty-free",
    "access.fair-and-reasonable": "fair and reasonable",
    "access.needs-consent": "needs consent",
    "access.needs_consent_of": "needs consent of {who}",
    "access.none": "none",
    # ---- the rights command (ipshare rights): its tables
    "rights.title": "{name}: rights",
    "rights.subtitle": "{preset}; scenario sha256 {sha256}…",
    "rights.no_preset": "no preset: agreement.joint_licensing = {rule}",
    "rights.preset": "preset {preset}",
    "rights.preset_lead": "preset {preset} (lead {lead})",
    "rights.owners.title": "Who owns what",
    "rights.header.patent": "Patent",
    "rights.header.title": "Title",
    "rights.header.kind": "Kind",
    "rights.header.owners": "Owners",
    "rights.header.basis": "Basis",
    "rights.kind.background": "background",
    "rights.kind.foreground": "foreground",
    "rights.basis.background": "background, as stated",
    "rights.basis.stated": "as stated in the file",
    "rights.basis.lead": "assigned to the lead exploitation party {lead} (lead-exploiter)",
    "rights.basis.ownership": "{ownership} (agreement.ownership)",
    "rights.access.title": "Access rights: who may use what, on which terms",
    "rights.header.member": "Member",
    "rights.purpose.research": "research",
    "rights.purpose.own-use": "own use",
    "rights.purpose.licensing": "licensing to outsiders",
    "rights.purpose.exclusive": "exclusive licence",
    "rights.term.royalty-free": "royalty-free",
    "rights.term.fair-and-reasonable": "fair & reasonable royalty",
    "rights.term.needs-consent": "needs consent",
    "rights.term.none": "none",
    "rights.term.consent_of": "consent of {who}",
    "rights.access.caption": "needs consent: of the members named (A+B: both; A | B: either)",
    "rights.total": "Total",
    "rights.council.votes": "Votes",
    "rights.council.votes_percent": "Votes %",
    "rights.council.shapley_shubik": "Shapley-Shubik %",
    "rights.council.banzhaf": "Banzhaf %",
    "rights.council.benefit": "Benefit share %\n{rule}",
    "rights.council.caption": (
        "benefit share: {rule} of the benefit game, as allocate shows it; every column rounded to 0.01 by largest"
        " remainder, summing to 100.00"
    ),
    "rights.council.title_quota": "Council (quota {quota}): control beside benefit",
    "rights.council.title": "Council: control beside benefit",
    "rights.council.rule": "the council's rule: {rule}",
    "rights.matters.title": "Council: power by matter",
    "rights.matters.shapley_shubik": "Shapley-Shubik %\n{matter}",
    "rights.matters.banzhaf": "Banzhaf %\n{matter}",
    "rights.matters.rule": "{matter}: {rule}",
    "rights.matters.caption": (
        "power on the simple game of docs/rights.md (\"Council\"): a coalition wins when its yes carries the motion"
        " whatever the others do"
    ),
    "rights.revenue.title": "Revenue share paid by {lead}",
    "rights.revenue.share": "Share %",
    "rights.revenue.amount": "Expected amount\n{unit}",
    "rights.revenue.value": "value",
    "rights.revenue.caption": (
        "paid by the lead exploitation party {lead} of its expected revenue from the assigned results: {revenue}"
        " {unit}; applied as min_amount clauses (rule core-lp)"
    ),
    "revenue.none": "The scenario lists no revenue sources.",
    "revenue.note": (
        "Expected present value = probability × (upfront + each year's royalty or margin discounted at {rate} a"
        " year, paid at the end of the year). The alliance's value v(N) can differ from the total: sources the"
        " alliance cannot realise count for nothing, and substitute costs paid are deducted."
    ),
    # ---- councils, round five: a matter beyond the exact methods' reach, and the annex's council section
    #      (issue 17, branch councils; ipshare.report.rights, ipshare.report.annex_council)
    "rights.council.refused": "not computed: {reason}",
    "rights.matters.refused": "{matter}: not computed: {reason}",
    "section.council": "Council: power by matter",
    "annex.council.intro": (
        "Voting power in the council, for its own rule and each matter of the charter: the Shapley-Shubik index and"
        " the normalised Banzhaf index, exact, on the simple game in which a coalition wins when its yes carries"
        " the motion whatever the other members do (docs/rights.md, \"Council\"). They measure a priori power"
        " under the rule, not the outcome of a given vote."
    ),
    "annex.council.general": "The council's own rule",
    "annex.council.rule": "Rule: {rule}.",
    "annex.council.refused": "Not computed: {reason}.",
    "annex.council.counts.votes": "votes",
    "annex.council.counts.members": "members",
    "annex.council.quota": "at least {quota} of the {total} {counts}",
    "annex.council.at_least.present": "at least {share} of the {counts} present",
    "annex.council.at_least.all": "at least {share} of all {counts}",
    "annex.council.more_than.present": "more than {share} of the {counts} present",
    "annex.council.more_than.all": "more than {share} of all {counts}",
    "annex.council.veto": "a yes of {members} is required (veto)",
    "annex.council.quorum": "quorum: {needs} present",
    "annex.council.quorum.members": "{n} members",
    "annex.council.quorum.members_share": "{share} of the members",
    "annex.council.quorum.votes": "{n} votes",
    "annex.council.quorum.votes_share": "{share} of the votes",
    "annex.council.absent": "an abstention counts as absence",
    "annex.council.and": " and ",
    "annex.council.separator": "; ",
    # ---- where access rights come from: the presets, their statutes and model agreements
    "statute.patent_law_14": "Patent Law of the People's Republic of China, art. 14",
    "statute.patent_law_75": "Patent Law of the People's Republic of China, art. 75",
    "statute.civil_code_technology_contracts": (
        "Civil Code of the People's Republic of China, Book Three, Part Two, Chapter 20 (technology contracts)"
    ),
    "statute.civil_code_860": (
        "Civil Code of the People's Republic of China, art. 860 (inventions made under a cooperative development"
        " contract)"
    ),
    "statute.civil_code_861": (
        "Civil Code of the People's Republic of China, art. 861 (technical secrets developed under a technology"
        " development contract)"
    ),
    "statute.transformation_law_45": (
        "Law of the People's Republic of China on Promoting the Transformation of Scientific and Technological"
        " Achievements, art. 45"
    ),
    "model.desca": "DESCA model consortium agreement (EU framework programmes)",
    "model.lambert_b": "Lambert Toolkit consortium agreement B (United Kingdom)",
    "preset.co-owner-exploits": (
        "co-owner-exploits: a co-owner may exploit a jointly owned patent itself or license it non-exclusively"
        " without the others' consent, the licence fees being shared among the co-owners; anything else needs every"
        " co-owner (Patent Law of the People's Republic of China, art. 14)"
    ),
    "preset.consortium": (
        "consortium: results belong to the party that generates them; royalty-free access for internal research,"
        " access on fair and reasonable terms for exploitation, no right to sublicense (DESCA model consortium"
        " agreement)"
    ),
    "preset.lead-exploiter": (
        "lead-exploiter: results are assigned to the lead exploitation party, which alone licenses them; the other"
        " parties may use them for research (Lambert Toolkit consortium agreement B)"
    ),
    "preset.none": (
        "no preset: jointly owned results under the agreement's joint licensing rule; absent an agreement, jointly"
        " developed inventions belong to the parties jointly (Civil Code of the People's Republic of China,"
        " art. 860)"
    ),
    "basis.lead_research": "lead-exploiter: every party may use the results for research",
    "basis.lead_assigned": "lead-exploiter: results assigned to the lead exploitation party",
    "basis.lead_assigned_to": "lead-exploiter: results assigned to {lead}",
    "basis.lead_licenses": "lead-exploiter: only {lead} licenses the results",
    "basis.art14_exploit": "Patent Law art. 14: a co-owner may exploit the patent itself",
    "basis.art14_any_one": "Patent Law art. 14: any co-owner may grant a non-exclusive licence",
    "basis.art14_exclusive": "Patent Law art. 14: an exclusive licence needs every co-owner",
    "basis.art14_fees": (
        "Patent Law art. 14: a co-owner may license non-exclusively alone; fees shared by ownership share"
    ),
    "basis.owner_only": "only an owner licenses the patent",
    "basis.owner": "owner",
    "basis.sole_owner": "sole owner",
    "basis.desca_research": "DESCA: royalty-free access for internal research",
    "basis.desca_fair": "DESCA: access for exploitation on fair and reasonable terms",
    "basis.desca_no_sublicense": "DESCA: access rights carry no right to sublicense",
    "basis.desca_exclusive": "DESCA: an exclusive licence needs every joint owner",
    "basis.desca_joint": (
        "DESCA: a joint owner may license non-exclusively with notice and fair and reasonable compensation to the"
        " other joint owners"
    ),
    "basis.any_owner": "joint_licensing: any-owner",
    "basis.any_owner_licenses": "joint_licensing: any-owner (any owner may license)",
    "basis.unanimous_co_owners": "joint_licensing: unanimous (every co-owner agrees)",
    "basis.unanimous_owners": "joint_licensing: unanimous (every owner agrees)",
    # ---- caveats where the model simplifies
    "caveat.research_exemption": (
        "The matrix shows what the agreement gives each member. What the law allows without it is not modelled:"
        " use for scientific research and experiment (Patent Law of the People's Republic of China, art. 75),"
        " technical secrets (Civil Code, art. 861) and the inventors' statutory reward (Law on Promoting the"
        " Transformation of Scientific and Technological Achievements, art. 45)."
    ),
    "caveat.fair_and_reasonable": (
        "Where a term is fair and reasonable, the royalty it implies is not computed: the model counts the access"
        " as granted."
    ),
    "caveat.expected_values": (
        "Revenue and costs are expected values under the probabilities the scenario states; actual amounts will"
        " differ, and the agreement's distribution of what is actually received governs."
    ),
    # ---- method
    "method.heading": "{name} — {rule}",
    "method.cost_game": (
        "This is a cost game: v is the cost c, the amounts are cost shares, and a coalition's excess is what it"
        " pays beyond its stand-alone cost, y(S) − c(S)."
    ),
    "method.computed_by": "Computed by: {method}; solver: {solver}.",
    "method.reference": "Reference: {reference}",
    "method.objective": "Objective: {objective} — {meaning}.",
    "method.ties": "Ties: {tie_break}.",
    "method.least_core": "Least-core ε = {epsilon}; the core is {state}.",
    "core.empty": "empty",
    "core.not_empty": "not empty",
    "method.weights": "Weights ({weights}): {values}.",
    "method.sampled": "Estimated by sampling ({samples} samples, seed {seed}); standard errors up to {largest}.",
    "solver.closed_form_exact": "none (closed form, exact rational arithmetic)",
    "solver.closed_form": "none (closed form)",
    "solver.sampling": "none (random sampling with seed {seed})",
    "solver.highs": "HiGHS (highspy {version})",
    "solver.cbc": "CBC (bundled with PuLP {version})",
    "solver.unknown_version": "unknown version",
    "formula.core_lp.closest": (
        "min Σ_i |x_i − r_i| subject to x(N) = v(N) and every clause in force, r = the {rule} allocation"
    ),
    "formula.core_lp.closest_linf": (
        "min max_i |x_i − r_i| subject to x(N) = v(N) and every clause in force, r = the {rule} allocation"
    ),
    "formula.core_lp.maxmin": (
        "min ε subject to x(N) = v(N) and every clause in force and v(S) − x(S) ≤ ε for every proper coalition S"
    ),
    "formula.core_lp.nucleolus": "x = the nucleolus of the allocations x(N) = v(N) and every clause in force",
    # ---- allocation table notes (ipshare.report)
    "grand.value": "grand coalition value",
    "grand.cost": "grand coalition cost",
    "grand.line": "{word}: {grand}{unit}; scenario sha256 {sha256}…",
    "methods.line": "method: {parts}",
    "method.certified": "certified exactly",
    "method.certified_by": "certified exactly ({certificate})",
    "note.not_efficient": (
        "{rule} does not sum to the grand value: its column totals {total} and its percentages are of that total"
    ),
    "note.sampled": (
        "{rule} is estimated by sampling ({method}, {samples} samples, seed {seed}): ± is the half-width of each"
        " {confidence} confidence interval; amounts are shown to the digits the widest supports (standard errors"
        " up to {largest}; full figures and intervals in the JSON output)"
    ),
    "note.sampled_stopped": "; stopped at the time limit with the samples drawn by then",
    "clauses.line.breaks": "{rule} breaks {count} of the agreement's {total} clauses: {said}",
    "clauses.line.breaks_of_one": "{rule} breaks the agreement's one clause: {said}",
    "clauses.line.hold_one": "clauses: the agreement's one clause holds under {rules}",
    "clauses.line.hold_all": "clauses: all {count} of the agreement's clauses hold under {rules}",
    "clauses.said": "{clause} by {amount}{unit} ({where})",
    "binding.none": "{rule}: no clause binds ({objective})",
    "binding.title": "{rule}: binding clauses",
    "binding.objective": "objective {objective}: {meaning} = {value}",
    "binding.shadow_price": "shadow price: {meaning}",
    # ---- clauses
    "clauses.none": "The agreement states no clauses.",
    "clauses.unavailable": "The clauses could not be evaluated in this installation.",
    "clauses.note": (
        "Satisfied: the allocation meets the clause with room to spare. Binding: it meets the clause exactly, at"
        " the members or coalitions named. Violated by X: the allocation misses the clause by X (the largest amount"
        " over the clause's members or coalitions). For core-lp every clause holds by construction; a shadow price"
        " is the change in its objective per unit by which the clause is relaxed."
    ),
    "status.satisfied": "satisfied",
    "status.binding": "binding",
    "status.binding_at": "binding ({details})",
    "status.shadow_price": "shadow price {price}",
    "status.violated": "violated by {amount} ({where})",
    "status.more": "{where} and {count} more",
    "status.not_in_force": "not in force",
    # ---- costs and risk
    "risk.expected_loss_note": (
        "Expected loss = amount × failure probability: the part of the cost expected to be lost if the work fails."
    ),
    "risk.heading": "Risk shares — {rule}",
    "risk.intro": (
        "Each member's expected cost and its share of the alliance's risk ({measure}) under the {rule} risk rule;"
        " its net position is its benefit under {benefit} less its expected cost."
    ),
    "risk.computed_exactly": "Computed exactly.",
    "risk.computed_by_simulation": "Computed by Monte Carlo simulation.",
    "risk.measure.expected-loss": "expected loss",
    "risk.measure.std": "standard deviation",
    "risk.measure.cvar": "CVaR",
    "risk.measure_at": "{measure} at {level}",
    "risk.caps": "Liability caps bind for {members}.",
    "risk.simulated": "Simulated ({samples} samples, seed {seed}); standard errors: {errors}.",
    # ---- the risk command (ipshare risk): its tables
    "risk.table.title": "{name}: cost and risk",
    "risk.table.sha256": "scenario sha256 {sha256}…",
    "risk.measure.cvar_at": "CVaR {level} %",
    "risk.col.benefit": "Benefit\n{rule}, {unit}",
    "risk.col.expected_cost": "Expected cost\n{unit}",
    "risk.col.risk": "Risk\n{measure}",
    "risk.col.cap": "Cap\n{unit}",
    "risk.col.euler": "Euler contribution\n(agreed shares)",
    "risk.col.net": "Net position\n{unit}",
    "risk.col.member": "Member",
    "risk.col.name": "Name",
    "risk.total": "Total",
    "risk.value": "value",
    "risk.caption.rule": (
        "rule {rule}; risk = {measure} of the loss, total {risk}; expected costs total {expected}"
    ),
    "risk.caption.loss": "loss if items fail: {parts}",
    "risk.caption.expected_loss": "expected loss {amount}",
    "risk.caption.std": "std {amount}",
    "risk.caption.var": "VaR {level} % {amount}",
    "risk.caption.cvar": "CVaR {amount}",
    "risk.caption.exact": "exact (closed form; CVaR by enumerating every failure pattern)",
    "risk.caption.monte_carlo": (
        "Monte Carlo, {samples} samples, seed {seed}; standard error of the expected loss {loss}, of the CVaR {cvar}"
        " (batch means)"
    ),
    "risk.caption.net": "net position = benefit ({rule}) - expected cost, from the rounded figures shown; {rounding}",
    "risk.caption.caps": "liability caps bind for {members}; the excess went to the others",
    "risk.items.title": "Cost items",
    "risk.items.item": "Item",
    "risk.items.what": "What",
    "risk.items.amount": "Amount\n{unit}",
    "risk.items.distribution": "Distribution",
    "risk.items.failure": "Failure p",
    "risk.items.borne_by": "Borne by",
    "risk.items.expected_loss": "Expected loss\n{unit}",
    "risk.items.fixed": "fixed",
    # ---- the withdraw command (ipshare withdraw): its table and settlement
    "withdraw.leaves_on": "{member} leaves on {date}; the alliance as it stands that day",
    "withdraw.successor": "{successor} takes over from {member} as lead",
    "withdraw.bought_out": "{member} is bought out for {amount}{unit}: {basis}",
    "withdraw.expelled": "{member} is expelled: no buyout; its contributions ({amount}{unit}) are forfeited",
    "withdraw.repays_grant": "{member} repays {amount}{unit} of grant {grant}",
    "withdraw.repays_matching": "{member} repays {provider}'s matching funds: {amount}{unit}",
    "withdraw.net_settlement": "net settlement to {member}: {amount}{unit}",
    "withdraw.licences_continue": "{member} keeps {licences}; the alliance's licences continue",
    "withdraw.share_goes": "{patent}: {member}'s share goes to {moved} ({how})",
    "withdraw.leaves_with": "leaves with {member}: {what} {items}",
    "withdraw.what.revenue": "revenue",
    "withdraw.what.costs": "costs",
    "withdraw.what.clauses": "clauses",
    "withdraw.keeps_paid": "{member} keeps being paid {amount}{unit} from {licence}, signed before it left",
    "withdraw.stop_paying": "stop paying {member}: {licences} (signed on or after its departure, or undated)",
    "withdraw.loses": "the value the alliance loses with {member}'s departure",
    "withdraw.gains": "the value the alliance gains with {member}'s departure",
    "withdraw.unchanged": "the alliance's value is unchanged by {member}'s departure",
    "withdraw.total_change": (
        "total change = after-total - before-total = {after} - {before} = {change}{unit}: {meaning}; {member}'s"
        " change is its whole allocation before, which leaves with it"
    ),
    "withdraw.every_change": (
        "every change is after - before and every net change is change - pays, from the rounded figures shown;"
        " {rounding}"
    ),
    "withdraw.pays_total": (
        "the settlement's total {amount}{unit} is what leaves the alliance: grant repayments to the grants' providers"
    ),
    "withdraw.title.voluntary": "{name}: {member} withdraws ({rule})",
    "withdraw.title.expelled": "{name}: {member} is expelled ({rule})",
    "withdraw.sha256": "scenario sha256 {sha256}…",
    "withdraw.col.member": "Member",
    "withdraw.col.name": "Name",
    "withdraw.col.before": "Before\n{unit}",
    "withdraw.col.before_percent": "Before\n%",
    "withdraw.col.after": "After\n{unit}",
    "withdraw.col.after_percent": "After\n%",
    "withdraw.col.change": "Change\n{unit}",
    "withdraw.col.change_points": "Change\npp",
    "withdraw.col.pays": "Pays (+) /\ngets (-)",
    "withdraw.col.net": "Net change\n{unit}",
    "withdraw.leaves": "{member} (leaves)",
    "withdraw.total": "Total",
    "withdraw.buyout_basis": (
        "{member}'s {rule} allocation in the whole alliance (fair value), paid by the others in proportion to their"
        " new allocations"
    ),
    "withdraw.note.risk_factors": "the remaining members' risk-factor scores are all zero; risk factors dropped",
    "withdraw.note.bargaining": "agreement.bargaining is not carried over to the remaining alliance",
    "withdraw.value": "value",
    # ---- compare, whatif and sweep (round 5, task 1): their tables' fixed texts under --lang
    "flow.amounts_in": "amounts in {currency}",
    "flow.cost_shares_in": "cost shares in {currency}",
    "flow.cost_shares": "cost shares",
    "flow.values": "values",
    "flow.members": "members: {names}",
    "flow.names_separator": "; ",
    "flow.yes": "yes",
    "flow.no": "NO",
    "flow.holds": "holds",
    "flow.breaks": "breaks {clauses}",
    "flow.sampled": (
        "{rule} is estimated by sampling ({how}): each estimate ± the half-width of its {confidence} interval (up to"
        " {widest}), shown to the digits the interval supports; full values in -f json{stopped}"
    ),
    "flow.sampled.samples": "{count} samples",
    "flow.sampled.seed": "seed {seed}",
    "flow.sampled.separator": ", ",
    "flow.sampled.stopped": "; stopped at the time limit with the samples drawn by then",
    "compare.title": "{name}: rules compared",
    "compare.caption": "{amounts}, {rounding}{marked}",
    "compare.marked": "; * breaks a clause of the agreement",
    "compare.not_applicable": "{rule}: not applicable — {error}",
    "compare.col.rule": "rule",
    "compare.col.total": "total",
    "compare.properties": "properties",
    "compare.col.eff": "eff.",
    "compare.col.ir": "IR",
    "compare.col.core": "core",
    "compare.col.max_excess": "max excess",
    "compare.col.sym": "sym.",
    "compare.col.gini": "Gini",
    "compare.col.max_min": "max/min",
    "compare.col.l1": "L1 from Shapley",
    "compare.col.clauses": "clauses",
    "compare.properties_note": (
        "max excess: {excess} for a coalition S with the largest excess, from the figures above (core and excess as"
        " in docs/stability.md); L1 from Shapley: the sum of the absolute differences from the Shapley value, in the"
        " same units; Gini and max/min of the figures above"
    ),
    "whatif.title": "{name}: what if {changes}",
    "whatif.no_change": "(no change)",
    "whatif.col.baseline": "baseline {unit}",
    "whatif.col.whatif": "what-if {unit}",
    "whatif.col.change": "change",
    "whatif.col.pp": "pp",
    "whatif.left": "left",
    "whatif.grand": "baseline v(N) = {before}{currency}; what-if v(N) = {after}{currency}",
    "whatif.rounding": "{rounding}; change = what-if − baseline, of the figures shown; pp = percentage points",
    "whatif.dropped_had": "{rule}: the total change includes the {amount}{currency} that {members} had in the baseline",
    "whatif.baseline_line": "baseline: {line}",
    "whatif.whatif_line": "what-if: {line}",
    "sweep.title": "{name}: sweep of {parameter}",
    "sweep.caption": "{amounts}, {rounding}",
    "sweep.rounded_values_one": "values of {parameter} rounded to {places} decimal; exact values in -f json and -f csv",
    "sweep.rounded_values": "values of {parameter} rounded to {places} decimals; exact values in -f json and -f csv",
    "sweep.symbolic.title": "{name}: allocation as a function of {parameter} (exact, piecewise linear)",
    "sweep.symbolic.caption": (
        "t = {parameter}; {amounts}; ≈: coefficients rounded, the formula within {step} of the exact allocation over"
        " the range; exact rationals in -f json"
    ),
    "sweep.col.rule": "rule",
    "sweep.col.allocation": "allocation",
    "sweep.col.for": "for",
    "sweep.breakpoints": "breakpoints",
    "sweep.col.what_changes": "what changes",
    "sweep.no_breakpoints": "breakpoints: none (every allocation is linear on the whole range)",
    "sweep.changes_course": "{rule} changes course for {members}",
    "sweep.change_places": "{rule}: {first} and {second} change places",
    "sweep.binding_change": "{rule}: binding clauses change from {before} to {after}",
    "sweep.none": "none",
    # ---- a clause's condition in words (round 5, task 2: report.allocation.clause_condition)
    "condition.whole.value": "the grand value",
    "condition.whole.cost": "the grand cost",
    "condition.together": "{members} together",
    "condition.min_share": "{who} ≥ {percent} of {whole} (≥ {bound})",
    "condition.max_share": "{who} ≤ {percent} of {whole} (≤ {bound})",
    "condition.min_amount": "{who} ≥ {amount}",
    "condition.max_amount": "{who} ≤ {amount}",
    "condition.fixed": "{member} = {amount}",
    "condition.ratio": "{member} ≥ {factor} × {over}",
    "condition.ir.value": "every member gets at least its stand-alone value (x_i ≥ v(i))",
    "condition.ir.cost": "every member pays at most its stand-alone cost (y_i ≤ c(i))",
    "condition.ir.off": "individual rationality switched off",
    "condition.core.value": "no coalition gets less than it could alone (x(S) ≥ v(S) for every coalition S)",
    "condition.core.cost": "no coalition pays more than its stand-alone cost (y(S) ≤ c(S) for every coalition S)",
    "condition.core.off": "core switched off",
    "condition.core_listed.value": "each listed coalition gets at least what it could alone ({listed})",
    "condition.core_listed.cost": "each listed coalition pays at most its stand-alone cost ({listed})",
    "condition.core_listed.separator": ", ",
    "condition.near.all": "no member is more than {distance} away from its {rule} allocation",
    "condition.near.one": "{members} is at most {distance} away from the {rule} allocation",
    "condition.near.some": "{members} are each at most {distance} away from the {rule} allocation",
    # ---- signatures
    "signature.title": "Signatures",
    "signature.intro": "Signed for and on behalf of each party by its legal or authorised representative:",
    "signature.party": "Party: {name}",
    "signature.party_number": "Party {number}",
    "signature.full_name": "{name}",
    "signature.name": "{name} ({member})",
    "signature.representative": "Legal or authorised representative (signature)",
    "signature.seal": "Seal",
    "signature.date": "Date",
    # ---- what a formula's symbols mean (under each formula)
    "formula.where.shapley": (
        "where N is the set of the n members, S a coalition of members without i, |S| its number of members and"
        " v(S) the value of S (what it could earn on its own)."
    ),
    "formula.where.banzhaf": "where N is the set of the n members, S a coalition without i and v(S) its value.",
    "formula.where.banzhaf-normalized": (
        "where β is the raw Banzhaf value, N the set of the n members, S a coalition without i and v(S) its value."
    ),
    "formula.where.nucleolus": (
        "where e(S, x) is the excess of coalition S at the allocation x (its grievance) and x(S) what x gives its"
        " members; x makes the excesses, sorted from largest to smallest, lexicographically as small as possible."
    ),
    "formula.where.prenucleolus": (
        "where e(S, x) is the excess of coalition S at the allocation x (its grievance) and x(S) what x gives its"
        " members; x makes the excesses, sorted from largest to smallest, lexicographically as small as possible."
    ),
    "formula.where.least-core": "where x(S) is what the allocation x gives the members of S and v(S) their value.",
    "formula.where.proportional": "where w is each member's weight (listed below) and v(N) the alliance's value.",
    "formula.where.graph-flow": (
        "where EPV(r) is the expected present value of revenue source r, P(r) the patents it needs and a(p, i)"
        " member i's share of patent p (ownership share for background patents, contribution value share for"
        " foreground patents)."
    ),
    "formula.where.equal": "where v(N) is the alliance's value and n the number of members.",
    "formula.where.owen": (
        "where Π_U is the set of the orders of joining in which every union's members are consecutive and P_i^π"
        " the members before i in the order π."
    ),
    "formula.where.myerson": (
        "where g is the graph of who can cooperate with whom and S/g the connected groups of S in it."
    ),
    "formula.where.shapley-sampled": (
        "where m is the number of sampled orders and P_i^k the members before i in the k-th sampled order."
    ),
    "formula.where.talmud": (
        "where E is the estate, c the claims, and λ and μ are chosen so that the awards add up to E."
    ),
    "formula.where.core-lp.closest": (
        "where C is the set of allocations of v(N) that satisfy every clause in force and r the {rule} allocation."
    ),
    "formula.where.core-lp.closest_linf": (
        "where C is the set of allocations of v(N) that satisfy every clause in force and r the {rule} allocation."
    ),
    "formula.where.core-lp.maxmin": (
        "where C is the set of allocations of v(N) that satisfy every clause in force; S runs over the proper"
        " coalitions."
    ),
    "formula.where.core-lp.nucleolus": "where C is the set of allocations of v(N) that satisfy every clause in force.",
    "objective.closest": "L1 distance to the {rule} allocation: the sum of |x_i - {rule}_i|",
    "objective.closest_linf": "L-infinity distance to the {rule} allocation: the largest |x_i - {rule}_i|",
    "objective.maxmin": "the largest excess of any coalition (the least-core e within the clauses)",
    "objective.nucleolus": (
        "the largest excess at the nucleolus within the clauses (its first level, the least-core e within the clauses)"
    ),
    "tie_break.closest": (
        "among the nearest allocations, the change from {rule} spread as evenly as possible (lexicographic centre of"
        " the changes)"
    ),
    "tie_break.closest_linf": (
        "among the nearest allocations, the change from {rule} spread as evenly as possible (lexicographic centre of"
        " the changes)"
    ),
    "tie_break.maxmin": (
        "among the least-core allocations, the closest to {rule} in L1, with the change spread as evenly as possible"
    ),
    "tie_break.nucleolus": "none needed: the nucleolus is unique",
    "annex.default": "Annex",
    "standing.operative": "the operative rule",
    "standing.comparison": "for comparison",
    "amount.capitals_intro": "The amounts under {rule} in figures and in words:",
    "header.committed_cost": "Committed cost ({unit})",
    "risk.intro_committed": (
        "Each member's committed cost (its share of the costs in full, as the agreement distributes them, not"
        " weighted by their failure probabilities) and its share of the alliance's risk ({measure}) under the {rule}"
        " risk rule; its net position is its benefit under {benefit} less its committed cost."
    ),
    "title.as_at": "{name}, as at {date}",
    "withdraw.title.voluntary_on": "{name}: {member} withdraws on {date} ({rule})",
    "withdraw.title.expelled_on": "{name}: {member} is expelled on {date} ({rule})",
}
