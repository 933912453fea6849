"""Structured games (ipshare.structure, ipshare.solutions.structured) against the dense reference.

The alliance's benefit game kept source by source must be the same game as the dense table of docs/model.md,
coalition by coalition, on many generated alliances (with shared substitute purchases, background owners under
both joint-licensing rules, blocking patents and own use); and Shapley and Banzhaf computed component by
component must equal the dense values exactly.
"""

import json
import sys
import time
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import quick

import ipshare
from ipshare.alliance.benefit import benefit_game
from ipshare.alliance.structured import structured_benefit_game
from ipshare.errors import GameError
from ipshare.games.structured import Component, StructuredGame
from ipshare.model.loading import loads
from ipshare.solutions.banzhaf import banzhaf_value
from ipshare.solutions.shapley import shapley_value
from ipshare.solutions.structured import exact_matrix_product, structured_value

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))


@st.composite
def alliances(draw, max_members=6):
    """A random alliance document in the scenario format (small enough for the dense reference)."""
    n = draw(st.integers(min_value=1, max_value=max_members))
    members = [f"M{i}" for i in range(n)]
    types = ("enterprise", "university", "institute")
    document = {
        "alliance": {"name": "generated", "discount_rate": draw(st.sampled_from([0, "0.1", "0.05"]))},
        "members": {m: {"type": draw(st.sampled_from(types))} for m in members},
        "contributions": [],
        "patents": {},
        "revenue": [],
        "agreement": {"joint_licensing": draw(st.sampled_from(["unanimous", "any-owner"]))},
    }
    for j in range(draw(st.integers(min_value=1, max_value=7))):
        contribution = {
            "id": f"C{j}",
            "member": draw(st.sampled_from(members)),
            "kind": "cash",
            "value": draw(st.integers(min_value=0, max_value=50)),
        }
        if draw(st.booleans()):
            contribution["substitute_cost"] = draw(st.integers(min_value=0, max_value=40))
        document["contributions"].append(contribution)
    contribution_ids = [c["id"] for c in document["contributions"]]
    patent_ids = []
    for j in range(draw(st.integers(min_value=1, max_value=5))):
        patent = {}
        if draw(st.integers(min_value=0, max_value=3)) == 0:
            owners = draw(st.lists(st.sampled_from(members), min_size=1, max_size=2, unique=True))
            patent = {"background": True, "owners": {m: f"1/{len(owners)}" for m in owners}}
        else:
            patent["from"] = draw(st.lists(st.sampled_from(contribution_ids), min_size=1, max_size=3, unique=True))
            if draw(st.integers(min_value=0, max_value=4)) == 0:
                patent["owners"] = {draw(st.sampled_from(members)): 1}
        if patent_ids and draw(st.booleans()):
            patent["builds_on"] = [draw(st.sampled_from(patent_ids))]
        document["patents"][f"P{j}"] = patent
        patent_ids.append(f"P{j}")
    for j in range(draw(st.integers(min_value=1, max_value=5))):
        requires = draw(st.lists(st.sampled_from(patent_ids), min_size=1, max_size=2, unique=True))
        if draw(st.booleans()):
            source = {"id": f"L{j}", "kind": "licence", "requires": requires}
            source["upfront"] = draw(st.integers(min_value=1, max_value=200))
            source["probability"] = draw(st.sampled_from([1, "0.5", "0.3"]))
        else:
            source = {"id": f"S{j}", "kind": "own-use", "exploiter": draw(st.sampled_from(members))}
            source["margin"] = draw(st.integers(min_value=1, max_value=200))
            source["years"] = draw(st.integers(min_value=1, max_value=3))
            if draw(st.booleans()):
                source["requires"] = requires
        document["revenue"].append(source)
    return loads(json.dumps(document), "json")


@quick
@given(scenario=alliances())
def test_structured_game_is_the_dense_game(scenario):
    dense = benefit_game(scenario)
    structured = structured_benefit_game(scenario)
    assert structured.dense().exact_values() == dense.exact_values()
    for mask in range(1 << dense.n):
        assert structured.exact_value(mask) == dense.exact_value(mask)


@quick
@given(scenario=alliances())
def test_shapley_and_banzhaf_source_by_source_equal_the_dense_values(scenario):
    dense = benefit_game(scenario)
    structured = structured_benefit_game(scenario)
    for value in (shapley_value, banzhaf_value):
        by_structure = value(structured)
        assert by_structure.method == "exact-structured"
        assert by_structure.exact == value(dense, exact=True).exact


@quick
@given(scenario=alliances(max_members=5))
def test_float_path_agrees_with_the_exact_path(scenario):
    structured = structured_benefit_game(scenario)
    exact = structured_value(structured, "shapley", exact=True).exact
    floats = structured_value(structured, "shapley", exact=False).values
    scale = max(1.0, max(abs(float(v)) for v in exact.values()))
    assert all(abs(floats[p] - float(exact[p])) <= 1e-9 * scale for p in exact)


def test_a_shared_substitute_couples_sources_into_one_component():
    # Both licences need P1, made from U's staff or a rented substitute: one purchase serves both.
    text = """
alliance: {name: shared substitute}
members: {A: {type: enterprise}, U: {type: university}, B: {type: enterprise}}
contributions:
  - {id: CU, member: U, kind: personnel, value: 10, substitute_cost: 30}
patents:
  P1: {from: [CU]}
revenue:
  - {id: S1, kind: own-use, exploiter: A, requires: [P1], margin: 20}
  - {id: S2, kind: own-use, exploiter: B, requires: [P1], margin: 20}
"""
    scenario = loads(text, "yaml")
    structured = structured_benefit_game(scenario)
    assert len(structured.components) == 1  # coupled: A+B buy CU once (40 − 30), neither alone would
    assert structured.exact_value("A+B") == 10 and structured.exact_value("A") == 0
    assert structured.dense().exact_values() == benefit_game(scenario).exact_values()


def test_what_anyone_can_do_is_a_constant_for_non_empty_coalitions():
    text = """
alliance: {name: free patent}
members: {A: {type: enterprise}, B: {type: enterprise}}
contributions:
  - {id: C, member: A, kind: equipment, value: 10, substitute_cost: 0}
patents:
  P: {from: [C]}
revenue:
  - {id: L, kind: licence, requires: [P], upfront: 12}
"""
    scenario = loads(text, "yaml")
    structured = structured_benefit_game(scenario)
    assert structured.constant == 12 and structured.exact_value(0) == 0
    assert shapley_value(structured).exact == {"A": 6, "B": 6}
    assert banzhaf_value(structured).exact == {"A": 6, "B": 6}  # 12 / 2^(2−1)


def test_large_alliances_are_structured_and_exact():
    from alliances import alliance_json

    scenario = loads(alliance_json(members=120, sources=400, touch=8, seed=7), "json")
    started = time.perf_counter()
    game = ipshare.benefit_game(scenario)
    assert isinstance(game, StructuredGame)
    shapley = ipshare.allocate(game, "shapley")
    assert time.perf_counter() - started < 20
    assert shapley.method == "exact-structured"
    assert sum(shapley.exact.values()) == game.exact_grand_value  # efficiency, exactly
    # A member touched by no source is a null player.
    touched = {p for c in game.components for p in c.players}
    for i, player in enumerate(game.players):
        if i not in touched:
            assert shapley.exact[player] == game.constant / game.n
    with pytest.raises(GameError, match="dense table"):
        ipshare.allocate(game, "nucleolus")


def test_structured_game_with_a_component_too_large_for_a_table_is_sampled():
    players = [f"P{i}" for i in range(30)]
    everyone = tuple(range(30))

    def additive(membership):  # v(S) = Σ_{i∈S} (i + 1): every marginal contribution is fixed
        return membership.astype(float) @ np.arange(1.0, 31.0)

    small = Component((0, 1), np.array([0.0, 1, 1, 4]), (np.array([0, 1, 1, 4]), 1))
    game = StructuredGame(players, [small, Component(everyone, evaluate=additive)])
    from ipshare.solutions.sampling import Sampling

    result = shapley_value(game, sampling=Sampling(samples=50, seed=3))
    # Sampled, and it says so: the method, the seed and the samples, and which members' values are estimates.
    assert result.method == "sampled-structured" and result.exact is None
    assert result.details["seed"] == 3 and result.details["samples"] == 50
    assert result.details["estimated_members"] == players
    # The additive part gives i + 1 to player i, with no sampling error; the small component 2 to P0 and P1.
    assert result.values["P0"] == pytest.approx(3.0) and result.values["P5"] == pytest.approx(6.0)
    assert result.stderr["P5"] == pytest.approx(0.0, abs=1e-12)


@quick
@given(
    st.lists(st.lists(st.integers(min_value=-(2**61), max_value=2**61), min_size=8, max_size=8), min_size=1),
    st.integers(min_value=0, max_value=2**20),
)
def test_exact_matrix_product_is_exact(rows, weight):
    left = np.array(rows, dtype=np.int64)
    right = (np.arange(16, dtype=np.int64).reshape(8, 2) * weight) % (2**21)
    expected = left.astype(object) @ right.astype(object)
    assert exact_matrix_product(left, right).tolist() == expected.tolist()


def test_fractions_stay_exact_in_the_structure():
    structured = structured_benefit_game(ipshare.load("scenarios/worked-example.yaml"))
    # docs/model.md: Shapley A = 100, U = 2425/11, I = 25
    assert shapley_value(structured).exact == {"A": 100, "U": Fraction(2425, 11), "I": 25}


def test_dense_tables_check_memory_first(monkeypatch):
    import ipshare.games.table as games
    from ipshare.games import weighted_voting_game

    monkeypatch.setattr(games, "available_memory", lambda: 1 << 30)  # pretend 1 GiB is free
    with pytest.raises(GameError, match="structure.*or sampling"):
        weighted_voting_game({f"V{i}": 1 for i in range(26)}, 14)  # 2^26 coalitions need ~2 GiB
    assert weighted_voting_game({f"V{i}": 1 for i in range(10)}, 6).n == 10
    monkeypatch.setattr(games, "available_memory", lambda: None)  # unknown: nothing is checked
    games.require_memory(1 << 60, "anything")
