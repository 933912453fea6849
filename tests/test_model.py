"""The benefit game's semantics, checked on the example worked by hand in docs/model.md and on small variations."""

from fractions import Fraction
from pathlib import Path

import pytest

import ipshare
from ipshare.alliance.graph import value_flow
from ipshare.alliance.ownership import patent_owners
from ipshare.model.loading import loads
from ipshare.model.money import revenue_value

EXAMPLE = Path(__file__).resolve().parent.parent / "scenarios" / "worked-example.yaml"


@pytest.fixture(scope="module")
def scenario():
    return ipshare.load(EXAMPLE)


def test_revenue_values_by_hand(scenario):
    licence, own_use = scenario.revenue
    # docs/model.md: 0.5 × (100 + 110/1.1 + 110/1.1²) and 220/1.1
    assert revenue_value(licence, scenario.alliance.discount_rate) == Fraction(1600, 11)
    assert revenue_value(own_use, scenario.alliance.discount_rate) == 200


def test_coalition_values_by_hand(scenario):
    game = ipshare.benefit_game(scenario)
    by_hand = {
        "A": 0,
        "U": Fraction(1050, 11),
        "I": 0,
        "A+U": Fraction(3250, 11),
        "A+I": 0,
        "U+I": Fraction(1600, 11),
        "A+U+I": Fraction(3800, 11),
    }
    for coalition, value in by_hand.items():
        assert game.exact_value(coalition) == value, coalition


def test_rules_by_hand(scenario):
    game = ipshare.benefit_game(scenario)
    assert ipshare.allocate(game, "shapley").exact == {"A": 100, "U": Fraction(2425, 11), "I": 25}
    assert ipshare.allocate(game, "graph-flow").exact == {
        "A": Fraction(400, 3),
        "U": Fraction(6400, 33),
        "I": Fraction(200, 11),
    }
    assert ipshare.allocate(game, "proportional").exact == {
        "A": Fraction(2280, 11),
        "U": Fraction(1140, 11),
        "I": Fraction(380, 11),
    }


def test_ownership_by_contribution_and_equal(scenario):
    owners = patent_owners(scenario)
    assert owners["P1"] == {"U": Fraction(3, 4), "I": Fraction(1, 4)}
    assert owners["P2"] == {"A": Fraction(2, 3), "U": Fraction(1, 3)}
    assert owners["BG"] == {"U": 1}
    equal = loads(EXAMPLE.read_text().replace("ownership: by-contribution", "ownership: equal"))
    assert patent_owners(equal)["P1"] == {"U": Fraction(1, 2), "I": Fraction(1, 2)}


def variant(old, new):
    text = EXAMPLE.read_text()
    assert old in text
    return ipshare.benefit_game(loads(text.replace(old, new)))


def test_substitute_bought_only_when_it_pays():
    # At 200 the rig costs more than the licence is worth to U alone: U does not rent it.
    game = variant("substitute_cost: 50", "substitute_cost: 200")
    assert game.exact_value("U") == 0
    assert game.exact_value("A+U") == 200


def test_no_substitute_means_no_patent():
    game = variant(",\n     description: test rig; an outsider rents an equivalent one for 50", "")
    game = variant("substitute_cost: 50,", "")
    assert game.exact_value("U") == 0
    assert game.exact_value("U+I") == Fraction(1600, 11)


def test_blocking_background_patent():
    # The base patent BG moves to the institute: the university's own P1 is blocked without I's consent.
    game = variant("owners: {U: 1}", "owners: {I: 1}")
    assert game.exact_value("U") == 0
    assert game.exact_value("A+U") == 200
    assert game.exact_value("U+I") == Fraction(1600, 11)


def test_joint_licensing_of_background_patent():
    unanimous = variant("owners: {U: 1}", "owners: {U: 0.5, A: 0.5}")
    assert unanimous.exact_value("U+I") == 0  # A's consent missing
    any_owner = loads(
        EXAMPLE.read_text()
        .replace("owners: {U: 1}", "owners: {U: 0.5, A: 0.5}")
        .replace("joint_licensing: unanimous", "joint_licensing: any-owner")
    )
    assert ipshare.benefit_game(any_owner).exact_value("U+I") == Fraction(1600, 11)


def test_probability_and_discount_scale_the_source():
    game = variant("probability: 0.5", "probability: 1")
    assert game.exact_value("U+I") == Fraction(3200, 11)
    game = variant("discount_rate: 0.1", "discount_rate: 0")
    assert game.exact_value("U+I") == Fraction(1, 2) * (100 + 110 + 110)


def test_graph_flow_sums_to_grand_value_on_bundled_alliances():
    for name in ("battery-alliance.yaml", "standards-pool.yaml", "university-licence.yaml"):
        scenario = ipshare.load(EXAMPLE.parent / name)
        game = ipshare.benefit_game(scenario)
        assert sum(value_flow(scenario).values()) == game.exact_grand_value, name


def test_game_is_monotone_in_members_for_bundled_alliances():
    # With no costs beyond optional substitutes, adding a member never lowers what a coalition can realise.
    for name in ("battery-alliance.yaml", "standards-pool.yaml", "worked-example.yaml"):
        game = ipshare.benefit_game(ipshare.load(EXAMPLE.parent / name))
        values = game.values
        for mask in range(1 << game.n):
            for i in range(game.n):
                assert values[mask | 1 << i] >= values[mask] - 1e-6, (name, mask, i)
