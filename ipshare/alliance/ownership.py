"""Who owns each patent, in what share, and which patents a revenue source needs.

Ownership of foreground patents is derived from the agreement's ownership rule (:func:`patent_owners`): the
owners the file gives, else the members whose contributions the patent was made from, by contribution value or
equally. A source needs the patents it ``requires`` and every patent they build on (:func:`required_patents`).
"""

from __future__ import annotations

from fractions import Fraction

from ..model.dependencies import patent_closure

__all__ = ["patent_owners", "required_patents"]


def patent_owners(scenario) -> dict[str, dict[str, Fraction]]:
    """Each patent's owners and their shares (exact, summing to 1), in file order.

    Owners written in the file are kept. Otherwise a foreground patent is owned as the agreement says:
    ``by-contribution`` gives each member a share proportional to the value of its contributions the patent
    was made from (equal shares among them if those values are all zero); ``equal`` gives every contributing
    member the same share. Under the ``lead-exploiter`` preset such patents are assigned to ``agreement.lead``
    (docs/rights.md).
    """
    rule = scenario.agreement.ownership
    lead = scenario.agreement.lead if scenario.agreement.preset == "lead-exploiter" else None
    owners = {}
    for patent in scenario.patents.values():
        if patent.owners is not None:
            owners[patent.id] = dict(patent.owners)
            continue
        if lead is not None:
            owners[patent.id] = {lead: Fraction(1)}
            continue
        weights = {}
        for contribution_id in patent.made_from:
            contribution = scenario.contribution(contribution_id)
            value = contribution.value
            if value.denominator == 1:
                value = value.numerator  # whole amounts summed as ints (the shares below are the same Fractions)
            weights[contribution.member] = weights.get(contribution.member, 0) + value
        total = sum(weights.values())
        if rule == "equal" or total == 0:
            owners[patent.id] = {member: Fraction(1, len(weights)) for member in weights}
        else:
            owners[patent.id] = {member: Fraction(weight, total) for member, weight in weights.items() if weight}
    return owners


def required_patents(scenario, source) -> tuple[str, ...]:
    """The patents a revenue source needs: those it requires and, transitively, the patents they build on."""
    return patent_closure(scenario.patents, source.requires)
