"""The alliance as a graph: who contributed what, which patents came of it, which revenue needs which patent.

Every edge points the way value is created::

    member --contributes--> contribution --made-from--> patent --requires--> revenue source
    base patent --builds-on--> patent that builds on it
    member --owns (share)--> patent
    member --exploits--> own-use revenue source
    member --bears--> cost

Ownership of foreground patents is derived here from the agreement's ownership rule (:func:`patent_owners`),
and so is the value-flow attribution behind the ``graph-flow`` rule (:func:`value_flow`).
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from ..model.money import revenue_value
from .ownership import patent_owners, required_patents

if TYPE_CHECKING:
    import networkx as nx

from ..errors import IpshareError

__all__ = ["patent_owners", "required_patents", "revenue_value", "value_flow", "alliance_graph"]


def value_flow(scenario) -> dict[str, Fraction]:
    """The ``graph-flow`` attribution: each revenue source's value flowed back to the members, exactly.

    A source's expected present value is split equally among the patents it needs (those it requires and the
    patents they build on: pro rata by essential patent, as patent pools divide royalties). A background
    patent passes its part to its owners by share; a foreground patent passes it to the contributions it was
    made from in proportion to their value (equally if all are zero), and each contribution to its member. An
    own-use source that needs no patent goes to its exploiter.
    """
    flows = {member: Fraction(0) for member in scenario.members}
    owners = patent_owners(scenario)
    for source in scenario.revenue:
        amount = revenue_value(source, scenario.alliance.discount_rate)
        patents = required_patents(scenario, source)
        if not patents:
            flows[source.exploiter] += amount
            continue
        per_patent = amount / len(patents)
        for patent_id in patents:
            patent = scenario.patents[patent_id]
            if patent.background:
                for member, share in owners[patent_id].items():
                    flows[member] += per_patent * share
                continue
            contributions = [scenario.contribution(c) for c in patent.made_from]
            total = sum(c.value for c in contributions)
            for contribution in contributions:
                weight = contribution.value / total if total else Fraction(1, len(contributions))
                flows[contribution.member] += per_patent * weight
    return flows


def alliance_graph(scenario) -> nx.DiGraph:
    """The scenario as a typed ``networkx.DiGraph``.

    Nodes are keyed ``"kind:id"`` (``member:HT``, ``contribution:C1``, ``patent:P1``, ``revenue:L1``,
    ``cost:K1``) and carry ``kind``, ``id``, ``label`` and the item's figures (floats, with exact values as
    strings under ``*_exact``). Edges carry ``relation`` and, for ``owns``, ``share``.
    """
    import networkx as nx

    if scenario.game is not None:
        raise IpshareError("this scenario is a classic game, not an alliance: it has no contribution graph")
    graph = nx.DiGraph(name=scenario.name)
    rate = scenario.alliance.discount_rate
    for member in scenario.members.values():
        graph.add_node(
            f"member:{member.id}",
            kind="member",
            id=member.id,
            label=member.name,
            type=member.type,
            **({"role": member.role} if member.role else {}),
        )
    for contribution in scenario.contributions:
        node = f"contribution:{contribution.id}"
        attributes = _money("value", contribution.value)
        if contribution.substitute_cost is not None:
            attributes.update(_money("substitute_cost", contribution.substitute_cost))
        graph.add_node(
            node,
            kind="contribution",
            id=contribution.id,
            label=contribution.id,
            contribution_kind=contribution.kind,
            **attributes,
        )
        graph.add_edge(f"member:{contribution.member}", node, relation="contributes")
    owners = patent_owners(scenario)
    for patent in scenario.patents.values():
        node = f"patent:{patent.id}"
        graph.add_node(node, kind="patent", id=patent.id, label=patent.title, background=patent.background)
        for contribution_id in patent.made_from:
            graph.add_edge(f"contribution:{contribution_id}", node, relation="made-from")
        for member, share in owners[patent.id].items():
            graph.add_edge(f"member:{member}", node, relation="owns", share=float(share), share_exact=str(share))
    for patent in scenario.patents.values():
        for base in patent.builds_on:
            graph.add_edge(f"patent:{base}", f"patent:{patent.id}", relation="builds-on")
    for source in scenario.revenue:
        node = f"revenue:{source.id}"
        label = source.licensee or source.exploiter or source.id
        graph.add_node(
            node,
            kind="revenue",
            id=source.id,
            label=label,
            revenue_kind=source.kind,
            probability=float(source.probability),
            **_money("expected_value", revenue_value(source, rate)),
        )
        for patent_id in source.requires:
            graph.add_edge(f"patent:{patent_id}", node, relation="requires")
        if source.exploiter:
            graph.add_edge(f"member:{source.exploiter}", node, relation="exploits")
    for cost in scenario.costs:
        node = f"cost:{cost.id}"
        graph.add_node(
            node,
            kind="cost",
            id=cost.id,
            label=cost.item,
            failure_probability=float(cost.failure_probability),
            **_money("amount", cost.amount),
        )
        for member in cost.members:
            graph.add_edge(f"member:{member}", node, relation="bears")
    return graph


def _money(name, value):
    return {name: float(value), f"{name}_exact": str(value)}
