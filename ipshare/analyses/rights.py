"""Rights: who owns each patent in what share, and who may use it for what purpose, on which terms.

One rule answers "may member M use patent P for purpose Q, and on what terms?" (:func:`access`), for the three
purposes of :data:`PURPOSES` — research, the member's own use, and licensing to outsiders — under the agreement's
``preset`` (docs/rights.md says what each models and where it comes from):

- no preset: the file's ``joint_licensing`` decides (``unanimous``: every co-owner must agree to any use or licence;
  ``any-owner``: any co-owner may act alone);
- ``co-owner-exploits``: Chinese Patent Law art. 14 — a co-owner may exploit the patent itself and grant
  non-exclusive licences alone (fees shared by ownership share); an exclusive licence needs every co-owner;
- ``consortium``: DESCA — royalty-free access for internal research, fair-and-reasonable access for a member's
  exploitation; a joint owner may grant non-exclusive licences with fair and reasonable compensation to the others;
- ``lead-exploiter``: Lambert consortium model B — results are assigned to the lead exploitation party, which alone
  licenses and exploits them (the others need its licence; research use stays free) and pays the others a revenue
  share.

The benefit game asks the same rule about coalitions (:func:`coalition_consent`, :func:`source_access`): a
coalition S may use P for a revenue source when S contains one of the groups of members whose agreement suffices.
:func:`ipshare.alliance.benefit_game` and :func:`ipshare.alliance.structured_benefit_game` both call it, so the
rights table and the allocation cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ..alliance.consent import Access, access
from ..errors import IpshareError
from ..model.terms import PURPOSES

__all__ = [
    "PURPOSES",
    "Access",
    "access",
    "access_matrix",
    "ownership_table",
    "council_power",
    "revenue_shares",
    "RightsReport",
    "rights_report",
]


# --------------------------------------------------------------------------------------------------------------
# Tables


def _require_alliance(scenario):
    if scenario.game is not None:
        raise IpshareError("this scenario is a classic game, not an alliance: it has no patents or rights")


def ownership_table(scenario) -> list[dict]:
    """One row per patent: its owners and exact shares, and where the ownership comes from."""
    from ..alliance.ownership import patent_owners

    _require_alliance(scenario)
    owners = patent_owners(scenario)
    agreement = scenario.agreement
    rows = []
    for patent in scenario.patents.values():
        if patent.owners is not None:
            basis = "background, as stated" if patent.background else "as stated in the file"
        elif agreement.preset == "lead-exploiter":
            basis = f"assigned to the lead exploitation party {agreement.lead} (lead-exploiter)"
        else:
            basis = f"{agreement.ownership} (agreement.ownership)"
        rows.append(
            {
                "patent": patent.id,
                "title": patent.title,
                "background": patent.background,
                "owners": dict(owners[patent.id]),
                "basis": basis,
            }
        )
    return rows


def access_matrix(scenario, *, exclusive=False) -> dict[str, dict[str, dict[str, Access]]]:
    """member → patent → purpose → :class:`Access`, for every member, patent and purpose."""
    from ..alliance.ownership import patent_owners

    _require_alliance(scenario)
    owners = patent_owners(scenario)
    return {
        member: {
            patent_id: {
                purpose: access(scenario, member, patent_id, purpose, exclusive=exclusive, owners=owners)
                for purpose in PURPOSES
            }
            for patent_id in scenario.patents
        }
        for member in scenario.members
    }


def council_power(scenario) -> dict | None:
    """The council's voting power: Shapley–Shubik index and Banzhaf value (raw and normalised), exactly, for the
    council's own rule (today's keys) and for each matter (``matters``, the own rule first as ``general``).

    A matter whose rule is beyond the exact methods' reach (:mod:`ipshare.solutions.council_power`) is refused
    alone: its entry has ``refused`` (the reason) and ``method`` None instead of the indices; the other matters are
    computed. When ``general`` is refused, today's index keys are None and ``refused`` is beside them.

    Returns None when the agreement has no council. Members without votes are players with weight 0. The plain
    [q; w] is computed as before (:func:`ipshare.solutions.voting.voting_power`); any other rule on the simple game
    :func:`council_game` builds (docs/rights.md, "Council"), by :func:`ipshare.solutions.council_power.rule_power`.
    """
    council = scenario.agreement.council if scenario.game is None else None
    if council is None:
        return None
    from ..model.council import GENERAL

    matters = {}
    for name, rule in council.rules().items():
        matters[name] = {"rule": rule.text(), "description": rule.description, **_rule_power(council, rule)}
    general = matters[GENERAL]
    power = {
        "weights": dict(council.weights),
        "quota": council.quota,
        "shapley_shubik": general.get("shapley_shubik"),
        "banzhaf": general.get("banzhaf"),
        "banzhaf_normalized": general.get("banzhaf_normalized"),
        "rule": general["rule"],
        "method": general["method"],
        "matters": matters,
    }
    if "refused" in general:
        power["refused"] = general["refused"]
    return power


def council_game(council, rule):
    """The simple game whose power indices are reported for ``rule`` (docs/rights.md, "Council"): a coalition S
    wins when its yes carries the motion whatever the others do. Everyone takes part, each voting yes, no or
    abstaining; the others' worst answer is to vote no (every share then a share of all) or, where an abstention
    counts as absence, to abstain against a quorum (S must make the quorum by itself). So S wins when it reaches
    every majority as a share of all (or its quota), includes every veto, and — abstention as absence — meets the
    quorum alone."""
    from ..games.simple import Condition, RuleGame

    members = tuple(council.weights)

    def vector(weights):
        return tuple(Fraction(weights.get(m, 0)) for m in members)

    conditions = []
    for majority in rule.majorities:
        weights = vector(majority.weights)
        if majority.quota is not None:
            conditions.append(Condition(weights, majority.quota))
        else:
            conditions.append(Condition(weights, majority.share * majority.total, strict=majority.strict))
    if rule.vetoes:
        conditions.append(Condition(vector({m: 1 for m in rule.vetoes}), Fraction(len(rule.vetoes))))
    quorum = rule.quorum
    if rule.quorum_binds:
        heads = vector({m: 1 for m in council.seats})
        votes = vector(rule.majorities[0].weights)
        total = rule.majorities[0].total
        if quorum.members is not None:
            conditions.append(Condition(heads, Fraction(quorum.members)))
        if quorum.members_share is not None:
            conditions.append(Condition(heads, quorum.members_share * len(council.seats)))
        if quorum.votes is not None:
            conditions.append(Condition(votes, quorum.votes))
        if quorum.votes_share is not None:
            conditions.append(Condition(votes, quorum.votes_share * total))
    return RuleGame(members, tuple(conditions))


def _rule_power(council, rule) -> dict:
    """The indices of one matter, or ``{"method": None, "refused": reason}`` when no exact method reaches it."""
    from ..errors import GameError

    try:
        return _exact_power(council, rule)
    except GameError as error:
        return {"method": None, "refused": str(error)}


def _exact_power(council, rule) -> dict:
    if rule.plain:  # today's [q; w], computed as before
        from ..games.lazy import WeightedVotingGame
        from ..solutions.voting import voting_power

        majority = rule.majorities[0]
        game = WeightedVotingGame(dict(council.weights), majority.quota, name="council")
        shapley = voting_power(game, "shapley", exact=True).exact  # exact rationals, as before issue 14
        banzhaf = voting_power(game, "banzhaf", exact=True).exact
        method = "weighted-voting"
    else:
        from ..solutions.council_power import rule_power

        shapley, banzhaf, method = rule_power(council_game(council, rule))
    swings = sum(banzhaf.values(), Fraction(0))
    normalised = {m: (b / swings if swings else Fraction(0)) for m, b in banzhaf.items()}
    return {"method": method, "shapley_shubik": shapley, "banzhaf": banzhaf, "banzhaf_normalized": normalised}


def revenue_shares(scenario) -> dict | None:
    """Under ``lead-exploiter``: the lead, its expected revenue from the results, each member's share and amount."""
    agreement = scenario.agreement
    if scenario.game is not None or agreement.preset != "lead-exploiter":
        return None
    from ..model.terms import lead_revenue_shares

    base, shares = lead_revenue_shares(
        agreement, scenario.patents, scenario.revenue, scenario.contributions, scenario.alliance.discount_rate
    )
    return {
        "lead": agreement.lead,
        "revenue": base,
        "shares": shares,
        "amounts": {member: share * base for member, share in shares.items()},
    }


@dataclass(frozen=True)
class RightsReport:
    """Everything `ipshare rights` shows: ownership, access, council power beside benefit shares, revenue shares."""

    scenario: object
    ownership: list
    access: dict
    exclusive: dict | None  # access for exclusive licences, when a revenue source is exclusive
    benefit: object  # Allocation of the benefit game by the agreement's rule
    council: dict | None
    revenue_share: dict | None
    benefit_game: object = None  # the game ``benefit`` allocates (to round it as allocate does)


def rights_report(scenario, rule=None) -> RightsReport:
    """Compute the rights tables of an alliance scenario (``rule``: the benefit rule shown beside council power)."""
    from ..alliance.benefit import benefit_game
    from ..solutions import allocate

    _require_alliance(scenario)
    exclusive = None
    if any(getattr(source, "exclusive", False) for source in scenario.revenue):
        exclusive = access_matrix(scenario, exclusive=True)
    game = benefit_game(scenario)
    benefit = allocate(game, rule or scenario.agreement.rule or "shapley")
    return RightsReport(
        scenario=scenario,
        ownership=ownership_table(scenario),
        access=access_matrix(scenario),
        exclusive=exclusive,
        benefit=benefit,
        council=council_power(scenario),
        revenue_share=revenue_shares(scenario),
        benefit_game=game,
    )
