"""A member leaves: the alliance without it, its settlement, and what changes for everyone else.

:func:`remaining_alliance` builds the scenario of the alliance after member X has left (docs/risk.md,
"Withdrawal and expulsion", states the rules and their sources):

- results made up to the departure exist: X's contributions are taken out of the patents they went into, which no
  longer need them; X's own contributions leave the scenario (bought out, or forfeited when X is expelled);
- X's shares of jointly owned foreground patents go as the agreement says (``agreement.withdrawal.reassign``):
  ``pro-rata`` to the remaining co-owners in proportion to their shares, or ``lead`` to the lead member, which
  pre-empts them (Civil Code art. 860; under ``lead`` it pre-empts the results X owns alone too);
- X keeps what it owns alone (its background patents; under ``pro-rata`` also its own results: DESCA, results
  belong to the party that generates them), and the licences the alliance holds to them continue on their
  original terms (the alliance drafting guide; DESCA keeps access rights granted before a departure): the
  remaining members need no one's consent for them any more. A jointly owned background patent keeps its other
  owners, their shares scaled up;
- X's own exploitation (its own-use revenue) and licences that need only X's background patents leave with it;
  costs it bore alone leave with it; its share of shared costs is spread over the other bearers pro rata;
- clauses about X, its council votes, its risk factors and caps are dropped.

:func:`withdraw` then compares the rule's allocation before and after and settles with X: a voluntary leaver is
bought out at fair value — its allocation under the rule — paid by the others in proportion to their new
allocations; an expelled member forfeits its contributions, gets no buyout and repays the government grants it
received and the matching funds the others put up beside them (grants with ``repay_on_expulsion``; a voluntary
leaver repays those with ``repay_on_withdrawal``).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from fractions import Fraction
from types import MappingProxyType

from ..errors import IpshareError

__all__ = ["MODES", "WithdrawalError", "Withdrawal", "remaining_alliance", "withdraw", "alliance_at", "with_successor"]

MODES = ("voluntary", "expelled")


class WithdrawalError(IpshareError):
    """The withdrawal asked for cannot be computed (unknown member, the only member, the lead exploitation party)."""


def _check(scenario, member, mode):
    if scenario.game is not None:
        raise WithdrawalError("this scenario is a classic game, not an alliance: no member can withdraw from it")
    if member not in scenario.members:
        close = difflib.get_close_matches(str(member), list(scenario.members), n=1, cutoff=0.5)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise WithdrawalError(f"unknown member {member!r}{hint} (members: {', '.join(scenario.members)})")
    if mode not in MODES:
        raise WithdrawalError(f"unknown mode {mode!r}; choose one of {', '.join(MODES)}")
    if len(scenario.members) == 1:
        raise WithdrawalError(f"{member} is the only member: without it there is no alliance")
    agreement = scenario.agreement
    if agreement.preset == "lead-exploiter" and agreement.lead == member:
        raise WithdrawalError(
            f"{member} is the lead exploitation party (agreement.lead) that holds the results; name the member who "
            "takes over as lead before computing its withdrawal"
        )


def _lead(scenario, member):
    agreement = scenario.agreement
    if agreement.lead is not None and agreement.lead != member:
        return agreement.lead
    for candidate in scenario.members.values():
        if candidate.role == "lead" and candidate.id != member:
            return candidate.id
    raise WithdrawalError(f"reassign: lead needs a lead member other than {member} (agreement.lead or role: lead)")


def _spread(share, weights):
    total = sum(weights.values(), Fraction(0))
    return {m: share * w / total for m, w in weights.items() if w}


def remaining_alliance(scenario, member, mode="voluntary"):
    """The scenario after ``member`` has left, and what moved: ``(remaining, facts)``.

    ``facts`` holds ``reassigned`` (patent -> {member: share taken over}), ``licences_continue`` (X's background
    patents the alliance keeps using), ``dropped`` (revenue sources, costs and clauses that left with X) and
    ``notes``.
    """
    from ..alliance.ownership import patent_owners

    _check(scenario, member, mode)
    agreement = scenario.agreement
    reassign = agreement.withdrawal.reassign if agreement.withdrawal is not None else "pro-rata"
    stay = tuple(m for m in scenario.members if m != member)
    owners = patent_owners(scenario)
    leaving_contributions = {c.id for c in scenario.contributions if c.member == member}

    patents = {}
    licensed = []
    reassigned = {}
    for patent in scenario.patents.values():
        held = owners[patent.id]
        share = held.get(member, Fraction(0))
        made_from = tuple(c for c in patent.made_from if c not in leaving_contributions)
        if share == 1 and (patent.background or reassign != "lead"):
            licensed.append(patent.id)  # X keeps what it owns alone; the alliance's licence continues
            continue
        if patent.background:
            if share:
                rest = {m: s for m, s in held.items() if m != member}
                total = sum(rest.values(), Fraction(0))
                patent = replace(patent, owners=MappingProxyType({m: s / total for m, s in rest.items()}))
            patents[patent.id] = patent
            continue
        new_owners = None
        # A derived ownership (no owners stated) needs nothing more under pro-rata: without X's contributions the
        # agreement's ownership rule gives the others X's share in proportion to theirs.
        if (share and (patent.owners is not None or reassign == "lead")) or not made_from:
            new_owners = {m: s for m, s in held.items() if m != member}
            if share:
                receivers = {_lead(scenario, member): Fraction(1)} if reassign == "lead" else dict(new_owners)
                for m, taken in _spread(share, receivers).items():
                    new_owners[m] = new_owners.get(m, Fraction(0)) + taken
        if new_owners is not None:
            patents[patent.id] = replace(
                patent,
                owners=MappingProxyType(new_owners),
                made_from=made_from,
                background=not made_from,  # made wholly by X: a result that now exists, held by the others
            )
        else:
            patents[patent.id] = replace(patent, made_from=made_from)
    # Base patents that are now licensed no longer constrain the patents built on them.
    gone = set(licensed)
    patents = {pid: replace(p, builds_on=tuple(b for b in p.builds_on if b not in gone)) for pid, p in patents.items()}

    revenue, dropped_revenue = [], []
    for source in scenario.revenue:
        requires = tuple(p for p in source.requires if p not in gone)
        if source.kind == "own-use" and source.exploiter == member:
            dropped_revenue.append(source.id)
        elif source.requires and not requires:
            dropped_revenue.append(source.id)  # it needs only X's own patents: X's business now
        else:
            revenue.append(replace(source, requires=requires))

    costs, dropped_costs = [], []
    for cost in scenario.costs:
        bearers = cost.members or tuple(scenario.members)
        if member not in bearers:
            costs.append(cost)
            continue
        rest = tuple(m for m in bearers if m != member)
        if not rest:
            dropped_costs.append(cost.id)
            continue
        shares = None
        if cost.shares is not None:
            total = sum((cost.shares[m] for m in rest), Fraction(0))
            shares = MappingProxyType({m: cost.shares[m] / total for m in rest})
        costs.append(replace(cost, members=rest if cost.members else (), shares=shares))

    clauses, dropped_clauses = [], []
    for clause in agreement.clauses:
        over = clause.params.get("over") if clause.params else None
        targets = tuple(t for t in clause.targets if t != member)
        if over == member or (clause.targets and not targets) or clause.id == f"revenue-share-{member}":
            dropped_clauses.append(clause.id)
            continue
        clauses.append(replace(clause, targets=targets) if targets != clause.targets else clause)

    notes = []
    council = agreement.council
    if council is not None:  # its seat, votes and vetoes gone; a matter that can no longer pass dropped
        council, council_notes = council.without(member)
        notes.extend(council_notes)
    risk_terms = agreement.risk
    if risk_terms is not None and risk_terms.cap is not None:
        risk_terms = replace(risk_terms, cap=MappingProxyType({m: k for m, k in risk_terms.cap.items() if m != member}))
    factors = agreement.risk_factors
    if factors is not None:
        scores = {m: s for m, s in factors.scores.items() if m != member}
        if sum(factors.weights[f] * v for row in scores.values() for f, v in row.items()) == 0:
            notes.append("the remaining members' risk-factor scores are all zero; risk factors dropped")
            factors = None
        else:
            factors = replace(factors, scores=MappingProxyType(scores))
    blocs = agreement.blocs
    if blocs is not None:
        blocs = tuple(tuple(m for m in bloc if m != member) for bloc in blocs)
        blocs = tuple(bloc for bloc in blocs if bloc) or None
    revenue_share = agreement.revenue_share
    if revenue_share is not None:
        revenue_share = MappingProxyType({m: s for m, s in revenue_share.items() if m != member})
    new_agreement = replace(
        agreement,
        clauses=tuple(clauses),
        council=council,
        risk=risk_terms,
        risk_factors=factors,
        blocs=blocs,
        revenue_share=revenue_share,
    )
    bargaining = getattr(agreement, "bargaining", None)
    if bargaining is not None:
        new_agreement = replace(new_agreement, bargaining=None)
        notes.append("agreement.bargaining is not carried over to the remaining alliance")
    weights = getattr(agreement, "shapley_weights", None)
    if isinstance(weights, MappingProxyType | dict):
        new_agreement = replace(
            new_agreement, shapley_weights=MappingProxyType({m: w for m, w in weights.items() if m != member})
        )

    grants = []
    for grant in scenario.grants:
        rest = {m: s for m, s in grant.shares.items() if m != member}
        if not rest:
            continue
        total = sum(rest.values(), Fraction(0))
        grants.append(
            replace(
                grant,
                shares=MappingProxyType({m: s / total for m, s in rest.items()}),
                amount=grant.amount * total,
                matching=MappingProxyType({m: a for m, a in grant.matching.items() if m != member}),
            )
        )

    remaining = replace(
        scenario,
        members=MappingProxyType({m: scenario.members[m] for m in stay}),
        contributions=tuple(c for c in scenario.contributions if c.member != member),
        patents=MappingProxyType(patents),
        revenue=tuple(revenue),
        costs=tuple(costs),
        agreement=new_agreement,
        grants=tuple(grants),
    )
    after = patent_owners(remaining)
    for patent_id, held in owners.items():
        if member in held and patent_id in after:
            gained = {m: after[patent_id].get(m, Fraction(0)) - held.get(m, Fraction(0)) for m in after[patent_id]}
            reassigned[patent_id] = {m: g for m, g in gained.items() if g}
    facts = {
        "reassign": reassign,
        "reassigned": reassigned,
        "licences_continue": licensed,
        "dropped": {"revenue": dropped_revenue, "costs": dropped_costs, "clauses": dropped_clauses},
        "notes": notes,
    }
    return remaining, facts


def alliance_at(scenario, day):
    """The alliance as it stands on ``day`` (docs/time-and-place.md): its contributions, patents and revenue then
    (:func:`ipshare.alliance.at_date.as_of`), without the members who have not joined yet (nor what they bring)
    and without those who have left (taken out as :func:`remaining_alliance` takes out a voluntary leaver)."""
    from ..alliance.at_date import as_of, before_joining, member_in_force

    current = as_of(scenario, day)
    if day is None or current.game is not None:
        return current
    absent = [m for m in scenario.members.values() if not member_in_force(m, day)]
    if len(absent) == len(scenario.members):
        raise WithdrawalError(f"no member is a member on {day}: the alliance has no members then")
    for member in absent:
        if member.joined is not None and day < member.joined:
            current = before_joining(current, member.id)
        agreement = current.agreement
        if agreement.preset == "lead-exploiter" and agreement.lead == member.id:
            raise WithdrawalError(
                f"{member.id}, the lead exploitation party (agreement.lead), is not a member on {day}: name the "
                "member who took over as lead in agreement.lead"
            )
        current, _ = remaining_alliance(current, member.id)
    return current


def with_successor(scenario, member, successor):
    """The scenario with ``successor`` named lead in place of ``member`` (agreement.lead, and role: lead)."""
    if successor not in scenario.members:
        close = difflib.get_close_matches(str(successor), list(scenario.members), n=1, cutoff=0.5)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise WithdrawalError(f"unknown successor {successor!r}{hint} (members: {', '.join(scenario.members)})")
    if successor == member:
        raise WithdrawalError(f"{member} cannot succeed itself: name another member as the new lead")
    agreement = scenario.agreement
    members = {
        m: replace(x, role="lead") if m == successor else replace(x, role=None) if x.role == "lead" else x
        for m, x in scenario.members.items()
    }
    lead = successor if agreement.lead is not None or agreement.preset == "lead-exploiter" else agreement.lead
    return replace(scenario, members=MappingProxyType(members), agreement=replace(agreement, lead=lead))


def continuing_licences(scenario, member, day):
    """What the leaver keeps being paid: its graph-flow part of each licence signed before ``day`` (it made
    them possible), and the licences that stop paying it (signed on or after ``day``, or undated)."""
    from ..alliance.graph import value_flow

    continues, stops = {}, []
    for source in scenario.revenue:
        if source.kind != "licence":
            continue
        if source.signed is not None and source.signed < day:
            part = value_flow(replace(scenario, revenue=(source,))).get(member, Fraction(0))
            if part:
                continues[source.id] = part
        else:
            stops.append(source.id)
    return continues, stops


@dataclass(frozen=True)
class Withdrawal:
    """The answer of `ipshare withdraw`: before and after, the settlement with the leaver, the others' changes.

    Amounts are exact Fractions where the rule is exact. ``payments`` are what each remaining member pays (+) or
    receives (−) in the settlement; ``net_change`` is its new allocation less its old one, less what it pays.
    """

    scenario: object
    remaining: object
    member: str
    mode: str
    rule: str
    before: object  # Allocation of the whole alliance
    after: object  # Allocation of the remaining alliance
    facts: dict
    settlement: dict
    payments: dict
    difference: dict
    percent_before: dict
    percent_after: dict
    points: dict  # percentage-point change of each remaining member's share
    net_change: dict
    game_before: object = None  # the benefit games the allocations are of (for rounding them as allocate does)
    game_after: object = None
    at: object = None  # the departure date (datetime.date), or None
    successor: str | None = None  # the member who takes over as lead
    continuing: dict = None  # licence id -> what the leaver keeps being paid from it (licences signed before `at`)
    stopping: tuple = ()  # licences that stop paying the leaver


def _amounts(allocation):
    return (
        dict(allocation.exact)
        if allocation.exact is not None
        else {p: Fraction(v) for p, v in allocation.values.items()}
    )


def _percent(values):
    total = sum(values.values(), Fraction(0))
    return {m: (v * 100 / total if total else Fraction(0)) for m, v in values.items()}


def withdraw(scenario, member, mode="voluntary", rule=None, *, at=None, successor=None) -> Withdrawal:
    """What ``member`` leaving (``voluntary``) or being ``expelled`` means, under ``rule`` (default: the
    agreement's, else shapley); ``at`` a date (the alliance as it stands then, see :func:`alliance_at`), with
    ``successor`` taking over as lead (so that the lead can leave)."""
    from ..alliance.benefit import benefit_game
    from ..solutions import allocate

    if at is not None:
        scenario = alliance_at(scenario, at)
        if member not in scenario.members:
            raise WithdrawalError(f"{member} is not a member on {at}")
    else:
        from ..alliance.at_date import as_of

        scenario = as_of(scenario)
    if successor is not None:
        scenario = with_successor(scenario, member, successor)
    continuing, stopping = continuing_licences(scenario, member, at) if at is not None else ({}, ())
    _check(scenario, member, mode)
    rule = rule or scenario.agreement.rule or "shapley"
    remaining, facts = remaining_alliance(scenario, member, mode)
    game_before, game_after = benefit_game(scenario), benefit_game(remaining)
    before = allocate(game_before, rule)
    after = allocate(game_after, rule)
    old, new = _amounts(before), _amounts(after)
    stay = tuple(remaining.members)

    grant_repayment = {}
    matching_repayment = {}
    repay = (lambda g: g.repay_on_expulsion) if mode == "expelled" else (lambda g: g.repay_on_withdrawal)
    for grant in scenario.grants:
        share = grant.shares.get(member, Fraction(0))
        if share and repay(grant):
            grant_repayment[grant.id] = grant.amount * share
            for provider, amount in grant.matching.items():
                if provider != member:
                    matching_repayment[provider] = matching_repayment.get(provider, Fraction(0)) + amount * share
    repaid = sum(grant_repayment.values(), Fraction(0)) + sum(matching_repayment.values(), Fraction(0))
    contributed = sum((c.value for c in scenario.contributions if c.member == member), Fraction(0))
    payments = {m: -matching_repayment.get(m, Fraction(0)) for m in stay}
    if mode == "voluntary":
        buyout = old[member]
        total_after = sum((new[m] for m in stay), Fraction(0))
        basis = (
            {m: new[m] for m in stay}
            if total_after > 0 and all(new[m] >= 0 for m in stay)
            else {m: Fraction(1) for m in stay}
        )
        basis_total = sum(basis.values(), Fraction(0))
        for m in stay:
            payments[m] += buyout * basis[m] / basis_total
        settlement = {
            "buyout": buyout,
            "buyout_basis": f"{member}'s {rule} allocation in the whole alliance (fair value), paid by the others "
            "in proportion to their new allocations",
            "contributions_forfeited": Fraction(0),
        }
    else:
        settlement = {
            "buyout": Fraction(0),
            "buyout_basis": "expelled: no buyout",
            "contributions_forfeited": contributed,
        }
    settlement.update(
        grant_repayment=grant_repayment,
        matching_repayment=matching_repayment,
        net_to_member=settlement["buyout"] - repaid,
        licences_continue=list(facts["licences_continue"]),
    )
    difference = {m: new[m] - old[m] for m in stay}
    before_percent = _percent(old)
    after_percent = _percent({m: new[m] for m in stay})
    return Withdrawal(
        scenario=scenario,
        remaining=remaining,
        member=member,
        mode=mode,
        rule=rule,
        before=before,
        after=after,
        facts=facts,
        settlement=settlement,
        payments=payments,
        difference=difference,
        percent_before=before_percent,
        percent_after=after_percent,
        points={m: after_percent[m] - before_percent[m] for m in stay},
        net_change={m: difference[m] - payments[m] for m in stay},
        game_before=game_before,
        game_after=game_after,
        at=at,
        successor=successor,
        continuing=continuing,
        stopping=tuple(stopping),
    )
