"""The alliance's graph written out: Graphviz DOT, GraphML or JSON, every text escaped for its format."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ..errors import IpshareError

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["GRAPH_FORMATS", "export_graph"]


GRAPH_FORMATS = ("dot", "graphml", "json")


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
    from .escape import xml_text

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
    from .escape import dot

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
