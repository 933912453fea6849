"""The alliance graph: typed nodes and edges, ownership shares, and the three export formats."""

import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

import ipshare
from ipshare.alliance.graph import alliance_graph
from ipshare.errors import IpshareError
from ipshare.report.graph_export import export_graph

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


@pytest.fixture(scope="module")
def graph():
    return alliance_graph(ipshare.load(SCENARIOS / "worked-example.yaml"))


def test_nodes_and_edges_are_typed(graph):
    kinds = {attributes["kind"] for _, attributes in graph.nodes(data=True)}
    assert kinds == {"member", "contribution", "patent", "revenue"}
    relations = {(u, v): a["relation"] for u, v, a in graph.edges(data=True)}
    assert relations[("member:U", "contribution:CU")] == "contributes"
    assert relations[("contribution:CI", "patent:P1")] == "made-from"
    assert relations[("patent:BG", "patent:P1")] == "builds-on"
    assert relations[("patent:P1", "revenue:L")] == "requires"
    assert relations[("member:A", "revenue:S")] == "exploits"
    assert graph.edges["member:I", "patent:P1"]["share_exact"] == "1/4"


def test_exports(graph):
    document = json.loads(export_graph(graph, "json"))
    assert len(document["nodes"]) == graph.number_of_nodes()
    assert len(document["edges"]) == graph.number_of_edges()
    root = ElementTree.fromstring(export_graph(graph, "graphml"))
    assert root.tag.endswith("graphml")
    dot = export_graph(graph, "dot")
    assert dot.startswith("digraph") and '"member:A" -> "contribution:CA"' in dot
    with pytest.raises(IpshareError):
        export_graph(graph, "png")


def test_game_scenario_has_no_graph():
    with pytest.raises(IpshareError, match="classic game"):
        alliance_graph(ipshare.load(SCENARIOS / "glove-game.yaml"))
