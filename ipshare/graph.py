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

import json
from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

from .errors import IpshareError

__all__ = ["patent_owners", "required_patents", "revenue_value", "value_flow", "alliance_graph", "export_graph"]

GRAPH_FORMATS = ("dot", "graphml", "json")


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
            weights[contribution.member] = weights.get(contribution.member, Fraction(0)) + contribution.value
        total = sum(weights.values())
        if rule == "equal" or total == 0:
            owners[patent.id] = {member: Fraction(1, len(weights)) for member in weights}
        else:
            owners[patent.id] = {member: weight / total for member, weight in weights.items() if weight}
    return owners


def required_patents(scenario, source) -> tuple[str, ...]:
    """The patents a revenue source needs: those it requires and, transitively, the patents they build on."""
    needed = []
    stack = list(reversed(source.requires))
    while stack:
        patent_id = stack.pop()
        if patent_id in needed:
            continue
        needed.append(patent_id)
        stack.extend(reversed(scenario.patents[patent_id].builds_on))
    return tuple(needed)


def revenue_value(source, discount_rate=Fraction(0)) -> Fraction:
    """Expected present value of a revenue source, exactly.

    ``upfront`` is paid at once; a royalty pays ``rate × base`` at the end of each of its ``years``; an own-use
    ``margin`` is earned at the end of each of its ``years``; each yearly amount is discounted by
    ``(1 + discount_rate) ** year``; ``probability`` scales the whole.

    Examples
    --------
    >>> from ipshare.scenario import RevenueSource, Royalty
    >>> licence = RevenueSource(id="L", kind="licence", requires=("P",), upfront=Fraction(100),
    ...                         royalty=Royalty(rate=Fraction(1, 10), base=Fraction(1100), years=2),
    ...                         probability=Fraction(1, 2))
    >>> revenue_value(licence, Fraction(1, 10))    # (100 + 110/1.1 + 110/1.21) / 2
    Fraction(1600, 11)
    """
    factor = 1 / (1 + Fraction(discount_rate))
    if source.kind == "licence":
        total = source.upfront
        if source.royalty is not None:
            yearly = source.royalty.rate * source.royalty.base
            total += yearly * _annuity(factor, source.royalty.years)
    else:
        total = source.margin * _annuity(factor, source.years)
    return source.probability * total


def _annuity(factor, years):
    return sum((factor**year for year in range(1, years + 1)), Fraction(0))


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


def export_graph(graph: nx.DiGraph, fmt: str) -> str:
    """Render the alliance graph as Graphviz ``dot``, ``graphml`` or ``json`` text (deterministic).

    Names and titles are data in every format: GraphML is well-formed XML whatever they hold (characters XML
    cannot hold replaced, markup escaped by the XML writer), DOT strings escape quotes and backslashes
    (:func:`ipshare.report.escape.dot`), and JSON keeps them exactly.
    """
    import networkx as nx

    if fmt == "graphml":
        return "\n".join(nx.generate_graphml(_xml_safe(graph))) + "\n"
    if fmt == "json":
        document = {
            "name": graph.graph.get("name"),
            "nodes": [{"key": key, **attributes} for key, attributes in graph.nodes(data=True)],
            "edges": [{"source": u, "target": v, **attributes} for u, v, attributes in graph.edges(data=True)],
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if fmt == "dot":
        return _dot(graph)
    raise IpshareError(f"unknown graph format {fmt!r}; choose one of {', '.join(GRAPH_FORMATS)}")


_DOT_SHAPES = {"member": "box", "contribution": "ellipse", "patent": "note", "revenue": "cds", "cost": "octagon"}


def _xml_safe(graph):
    """A copy of ``graph`` whose text (keys and attribute values) XML can hold."""
    from .report.escape import xml_text

    def clean(value):
        return xml_text(value) if isinstance(value, str) else value

    def attributes(mapping):
        return {clean(key): clean(value) for key, value in mapping.items()}

    safe = type(graph)()
    safe.graph.update(attributes(graph.graph))
    safe.add_nodes_from((clean(node), attributes(data)) for node, data in graph.nodes(data=True))
    safe.add_edges_from((clean(u), clean(v), attributes(data)) for u, v, data in graph.edges(data=True))
    return safe


def _dot(graph):
    from .report.escape import dot

    def quote(*lines):
        # Each line escaped as data (quotes, backslashes, its own line breaks joined); "\n" between them is
        # DOT's line break.
        return '"' + "\\n".join(dot(str(line)) for line in lines) + '"'

    lines = [f"digraph {quote(graph.graph.get('name') or 'alliance')} {{", "  rankdir=LR;"]
    for key, attributes in graph.nodes(data=True):
        parts = (
            (attributes["id"],)
            if attributes["label"] == attributes["id"]
            else (attributes["id"], attributes["label"])
        )
        lines.append(f"  {quote(key)} [shape={_DOT_SHAPES[attributes['kind']]}, label={quote(*parts)}];")
    for source, target, attributes in graph.edges(data=True):
        label = attributes["relation"]
        if "share_exact" in attributes:
            label += f" {attributes['share_exact']}"
        lines.append(f"  {quote(source)} -> {quote(target)} [label={quote(label)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
