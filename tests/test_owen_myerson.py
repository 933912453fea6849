"""Owen and Myerson values: published and textbook games, the definitions by brute force, and their axioms.

Sources:
- owen-3 in /work/shared/data/published-games.yaml: R GameTheoryAllocation, Owen_value help (also R TUvalues), a
  cost game with unions {A, B}, {C}: Owen (1/4, 1/4, 3/2).
- The three-player majority game on the line A–B–C: Myerson value (1/6, 2/3, 1/6) (Myerson 1977's example of a
  player who links the others; e.g. Slikker & van den Nouweland, Social and Economic Networks in Cooperative
  Game Theory, 2001, ch. 2).
- Owen (1977): with singleton unions, or one union of everybody, the Owen value is the Shapley value.
- Myerson (1977): the value is component efficient and fair (cutting a link changes both ends' values equally),
  and on the complete graph it is the Shapley value.
"""

import itertools
import math
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from strategies import brute_force_shapley, exact_games, quick
from test_structure import alliances

import ipshare
from ipshare.alliance.structured import structured_benefit_game
from ipshare.errors import RuleError
from ipshare.games import Game, table_game
from ipshare.games.lazy import WeightedVotingGame
from ipshare.model.loading import loads
from ipshare.solutions.myerson import contract_links, myerson_value, restricted_game
from ipshare.solutions.owen import owen_value
from ipshare.solutions.sampling import Sampling
from ipshare.solutions.shapley import shapley_value

PUBLISHED = Path("/work/shared/data/published-games.yaml")


def brute_force_owen(game, unions):
    """Average marginal contribution over every order that keeps each union together (Owen 1977)."""
    values = game.exact_values()
    index = {p: i for i, p in enumerate(game.players)}
    groups = [[index[p] for p in union] for union in unions]
    totals = [Fraction(0)] * game.n
    count = 0
    for union_order in itertools.permutations(groups):
        for inner in itertools.product(*(itertools.permutations(g) for g in union_order)):
            coalition = 0
            for player in itertools.chain(*inner):
                totals[player] += values[coalition | 1 << player] - values[coalition]
                coalition |= 1 << player
            count += 1
    return [t / count for t in totals]


@st.composite
def partitions(draw, n):
    labels = draw(st.lists(st.integers(min_value=0, max_value=n - 1), min_size=n, max_size=n))
    groups = {}
    for player, label in enumerate(labels):
        groups.setdefault(label, []).append(f"P{player}")
    return tuple(tuple(g) for g in groups.values())


# ------------------------------------------------------------------------------------------------------------
# Owen


def test_published_owen_game():
    entry = next(e for e in yaml.safe_load(PUBLISHED.read_text(encoding="utf-8")) if e["id"] == "owen-3")
    scenario = loads(yaml.safe_dump({"game": entry["game"]}), "yaml")
    result = ipshare.allocate(scenario, "owen")
    assert result.exact == {p: Fraction(v) for p, v in entry["expect"]["owen"].items()}
    assert result.kind == "cost"


@quick
@given(game=exact_games(min_players=2, max_players=6), data=st.data())
def test_owen_is_the_average_over_union_respecting_orders(game, data):
    unions = data.draw(partitions(game.n))
    assert list(owen_value(game, unions=unions).exact.values()) == brute_force_owen(game, unions)


@quick
@given(game=exact_games(min_players=1, max_players=6))
def test_owen_with_trivial_unions_is_shapley(game):
    shapley = brute_force_shapley(game)
    singletons = tuple((p,) for p in game.players)
    assert list(owen_value(game, unions=singletons).exact.values()) == shapley
    assert list(owen_value(game, unions=(game.players,)).exact.values()) == shapley


def test_owen_needs_unions():
    game = table_game(["A", "B"], {"A+B": 1})
    with pytest.raises(RuleError, match="unions"):
        owen_value(game)
    with pytest.raises(RuleError, match="missing B"):
        owen_value(game, unions=(("A",),))


def test_owen_of_an_alliance_with_blocs_by_type_structured_equals_dense():
    text = Path("scenarios/battery-alliance.yaml").read_text(encoding="utf-8")
    text = text.replace("agreement:\n", "agreement:\n  blocs: by-type\n", 1)
    scenario = loads(text, "yaml")
    assert scenario.agreement.blocs
    dense = ipshare.benefit_game(scenario)
    structured = structured_benefit_game(scenario)
    by_table = owen_value(dense)
    by_structure = owen_value(structured)
    assert by_structure.method == "exact-structured"
    assert by_structure.exact == by_table.exact
    assert sum(by_table.exact.values()) == dense.exact_grand_value
    assert by_table.exact == dict(zip(dense.players, brute_force_owen(dense, scenario.agreement.blocs), strict=True))


def test_blocs_must_partition_the_members():
    text = Path("scenarios/worked-example.yaml").read_text(encoding="utf-8")
    from ipshare.errors import ScenarioError

    with pytest.raises(ScenarioError, match="agreement.blocs"):
        loads(text.replace("agreement:\n", "agreement:\n  blocs: [[A, U]]\n", 1), "yaml")


def test_owen_is_sampled_on_a_game_without_a_table():
    weights = {f"V{i}": 1 + i % 3 for i in range(9)}
    unions = (("V0", "V1", "V2"), ("V3", "V4"), ("V5", "V6", "V7", "V8"))
    lazy = WeightedVotingGame(weights, 10, unions=unions)
    exact = owen_value(lazy.dense(), unions=unions).values
    sampled = owen_value(lazy, sampling=Sampling(samples=3000, seed=2))
    assert sampled.method == "sampled-permutation"
    assert sum(sampled.values.values()) == pytest.approx(1.0)
    for player, value in exact.items():
        assert abs(sampled.values[player] - value) <= 4.5 * sampled.stderr[player] + 1e-12


# ------------------------------------------------------------------------------------------------------------
# Myerson


def test_majority_on_a_line():
    game = table_game(["A", "B", "C"], {"A+B": 1, "A+C": 1, "B+C": 1, "A+B+C": 1}, cooperation=(("A", "B"), ("B", "C")))
    assert ipshare.allocate(game, "myerson").exact == {"A": Fraction(1, 6), "B": Fraction(2, 3), "C": Fraction(1, 6)}


@st.composite
def graphs(draw, n):
    pairs = [(f"P{a}", f"P{b}") for a in range(n) for b in range(a + 1, n)]
    return tuple(draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs)))) if pairs else ()


def components(n, links):
    parent = list(range(n))

    def root(i):
        while parent[i] != i:
            i = parent[i]
        return i

    for a, b in links:
        parent[root(int(a[1:]))] = root(int(b[1:]))
    groups = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


@quick
@given(game=exact_games(min_players=1, max_players=6), data=st.data())
def test_myerson_is_component_efficient_and_fair(game, data):
    links = data.draw(graphs(game.n))
    value = myerson_value(game, links=links).exact
    for group in components(game.n, links):
        assert sum(value[f"P{i}"] for i in group) == game.exact_value(sum(1 << i for i in group))
    for cut in links:
        without = myerson_value(game, links=[link for link in links if link != cut]).exact
        a, b = cut
        assert value[a] - without[a] == value[b] - without[b]


@quick
@given(game=exact_games(min_players=1, max_players=6), data=st.data())
def test_restricted_game_by_definition(game, data):
    links = data.draw(graphs(game.n))
    restricted = restricted_game(game, [(int(a[1:]), int(b[1:])) for a, b in links])
    for mask in range(1 << game.n):
        expected = Fraction(0)
        for group in components(game.n, links):
            part = mask & sum(1 << i for i in group)
            # components of S: split `part` further by the links inside S
            sub_links = [(a, b) for a, b in links if mask >> int(a[1:]) & 1 and mask >> int(b[1:]) & 1]
            for sub in components(game.n, sub_links):
                piece = part & sum(1 << i for i in sub)
                if piece and all(i in group for i in sub):
                    expected += game.exact_value(piece)
        assert restricted.exact_value(mask) == expected


@quick
@given(game=exact_games(min_players=1, max_players=5))
def test_myerson_on_the_complete_graph_is_shapley(game):
    links = [(a, b) for a, b in itertools.combinations(game.players, 2)]
    assert list(myerson_value(game, links=links).exact.values()) == brute_force_shapley(game)


def test_myerson_of_an_alliance_uses_the_contract_graph():
    scenario = ipshare.load("scenarios/worked-example.yaml")
    game = ipshare.benefit_game(scenario)
    links = contract_links(scenario)
    assert set(links) == {("U", "I"), ("A", "U")}  # P1 from CU, CI; P2 from CA, CU
    result = ipshare.allocate(game, "myerson")
    # A and I are linked only through U; the coalition A+I is worth 0 anyway, so here Myerson = Shapley.
    assert result.exact == ipshare.allocate(game, "shapley").exact
    assert result.details["links"] == [["U", "I"], ["A", "U"]]


def test_myerson_needs_a_graph_for_a_classic_game():
    with pytest.raises(RuleError, match="cooperation"):
        myerson_value(table_game(["A", "B"], {"A+B": 1}))


def test_myerson_is_sampled_on_a_game_without_a_table():
    weights = {f"V{i}": 1 + i % 3 for i in range(8)}
    links = tuple((f"V{i}", f"V{i + 1}") for i in range(7))  # a path
    lazy = WeightedVotingGame(weights, 7, cooperation=links)
    exact = myerson_value(lazy.dense()).values
    sampled = myerson_value(lazy, sampling=Sampling(samples=3000, seed=4))
    assert sampled.method == "sampled-permutation"
    for player, value in exact.items():
        assert abs(sampled.values[player] - value) <= 4.5 * sampled.stderr[player] + 1e-12


def test_dense_restricted_table_matches_a_direct_count():
    # A star: the centre links everyone; a coalition without the centre splits into singletons.
    n = 5
    values = np.array([bin(m).count("1") ** 2 for m in range(1 << n)], dtype=float)
    game = Game([f"P{i}" for i in range(n)], values)
    restricted = restricted_game(game, [(0, j) for j in range(1, n)])
    for mask in range(1 << n):
        size = bin(mask).count("1")
        expected = size**2 if mask & 1 else size
        assert restricted.values[mask] == expected
    assert math.isclose(sum(shapley_value(restricted).values.values()), n**2)


@quick
@given(data=st.data())
def test_owen_by_structure_equals_owen_on_the_table_for_generated_alliances(data):
    scenario = data.draw(alliances(max_members=5))
    blocs = data.draw(partitions(len(scenario.members)))
    names = {f"P{i}": member for i, member in enumerate(scenario.members)}
    unions = tuple(tuple(names[p] for p in bloc) for bloc in blocs)
    dense = ipshare.benefit_game(scenario)
    structured = structured_benefit_game(scenario)
    assert owen_value(structured, unions=unions).exact == owen_value(dense, unions=unions).exact
