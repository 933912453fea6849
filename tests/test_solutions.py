"""Sharing rules: Shapley, Banzhaf (raw and normalized), equal split and proportional.

Three kinds of evidence, in this order:

1. published values (shared/data/published-games.yaml), compared exactly as rationals;
2. textbook games whose answers are derived in the comments from the definitions or cited;
3. the axioms that characterise each value, checked over many random games with hypothesis, together with
   agreement with brute-force definitions (permutation average for Shapley, swing count for Banzhaf).
"""

import itertools
import math
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import (
    brute_force_banzhaf,
    brute_force_shapley,
    exact_games,
    float_games,
    game_from,
    player_ids,
    quick,
    swap_bits,
    thorough,
)

import ipshare
from ipshare.alliance.benefit import scenario_game
from ipshare.errors import GameError, RuleError
from ipshare.games import Game, airport_game, bankruptcy_game, table_game, weighted_voting_game
from ipshare.model.loading import loads
from ipshare.solutions.banzhaf import banzhaf_value, normalized_banzhaf_value
from ipshare.solutions.proportional import equal_split, proportional
from ipshare.solutions.shapley import shapley_value

# The project's shared data set when it lies beside the checkout (as for developers and CI), else the copy in
# tests/data taken from it.
PUBLISHED = next(
    path
    for path in (
        Path(__file__).resolve().parents[2] / "shared" / "data" / "published-games.yaml",
        Path(__file__).resolve().parent / "data" / "published-games.yaml",
    )
    if path.is_file()
)

# Both values are linear in v, so the axioms below hold for each of them alike.
LINEAR_VALUES = {"shapley": shapley_value, "banzhaf": banzhaf_value}


def exact_list(allocation):
    return [allocation.exact[player] for player in allocation.players]


def float_list(allocation):
    return [allocation.values[player] for player in allocation.players]


def scale(game) -> float:
    """The size of the game's numbers: float results are compared relative to it (a φ_i may itself be ~0)."""
    return max(1.0, float(np.abs(game.values).max()))


def exact_twin(game) -> Game:
    """The same game with every float taken at its exact binary value, so that the exact path can judge floats."""
    return Game(game.players, [Fraction(float(value)) for value in game.values], game.kind)


def game_scenario(text):
    return loads(text, "yaml")


# ------------------------------------------------------------------------------------------------------------
# 1. Published values


def as_fraction(number) -> Fraction:
    # YAML gives "8/3" as text, 2 as int and 19.54 as float; the float means the decimal the author wrote.
    return Fraction(repr(number)) if isinstance(number, float) else Fraction(number)


def published_cases():
    for entry in yaml.safe_load(PUBLISHED.read_text(encoding="utf-8")):
        for rule, expected in entry["expect"].items():
            yield pytest.param(entry, rule, expected, id=f"{entry['id']}:{rule}")


@pytest.mark.parametrize(("entry", "rule", "expected"), published_cases())
def test_published_values(entry, rule, expected):
    if rule not in ipshare.RULES:
        pytest.skip(f"rule {rule!r} is not in ipshare.RULES (published by {entry['source']})")
    scenario = loads(yaml.safe_dump({"game": entry["game"]}), "yaml")
    allocation = ipshare.allocate(scenario_game(scenario), rule)
    wanted = {player: as_fraction(value) for player, value in expected.items()}
    if "tolerance" in entry:
        # The source rounded its figures: compare to that rounding, whether or not the rule is exact.
        tolerance = float(as_fraction(entry["tolerance"]))
        for player, value in wanted.items():
            assert allocation.values[player] == pytest.approx(float(value), abs=tolerance), (player, entry["source"])
    else:
        assert allocation.exact == wanted, entry["source"]


# ------------------------------------------------------------------------------------------------------------
# 2. Textbook games


def glove_game():
    # Shapley's glove market with one left glove L and two right gloves R1, R2: v(S) = pairs S can match.
    return table_game(["L", "R1", "R2"], {"L+R1": 1, "L+R2": 1, "L+R1+R2": 1})


def test_shapley_of_the_glove_game():
    """Maschler, Solan & Zamir, Game Theory (2013), the glove game: Shapley value (2/3, 1/6, 1/6).

    By the definition: L adds 1 whenever it is not first (4 of 6 orders); R1 adds 1 only in the order L, R1, R2.
    """
    assert shapley_value(glove_game()).exact == {"L": Fraction(2, 3), "R1": Fraction(1, 6), "R2": Fraction(1, 6)}


def test_banzhaf_of_the_glove_game():
    # L swings in 3 of the 4 coalitions of the others ({R1}, {R2}, {R1, R2}); R1 only in {L}: raw (3/4, 1/4, 1/4),
    # which sums to 5/4, so the normalized value is (3/5, 1/5, 1/5).
    game = glove_game()
    assert banzhaf_value(game).exact == {"L": Fraction(3, 4), "R1": Fraction(1, 4), "R2": Fraction(1, 4)}
    assert normalized_banzhaf_value(game).exact == {"L": Fraction(3, 5), "R1": Fraction(1, 5), "R2": Fraction(1, 5)}


def test_shapley_of_the_talmud_bankruptcy_game():
    """Aumann & Maschler (1985), estate 200 and claims A 100, B 200, C 300, as O'Neill's (1982) bankruptcy game.

    Only v(B+C) = 100 and v(A+B+C) = 200 are non-zero. Marginal contributions over the six orders (A, B, C):
    ABC (0, 0, 200), ACB (0, 200, 0), BAC (0, 0, 200), BCA (100, 0, 100), CAB (0, 200, 0), CBA (100, 100, 0),
    so φ = (200/6, 500/6, 500/6) = (33 1/3, 83 1/3, 83 1/3) — not the Talmud's own (50, 75, 75), which is the
    nucleolus.
    """
    claims = {"A": 100, "B": 200, "C": 300}
    estate = 200
    by_definition = game_from(
        tuple(claims),
        lambda mask: max(0, estate - sum(claim for i, claim in enumerate(claims.values()) if not mask >> i & 1)),
    )
    expected = [Fraction(100, 3), Fraction(250, 3), Fraction(250, 3)]
    assert brute_force_shapley(by_definition) == expected
    assert exact_list(shapley_value(bankruptcy_game(estate, claims))) == expected


def random_arrival(estate, claims):
    """O'Neill (1982): claimants arrive in a random order, each paid in full while the estate lasts."""
    totals = [Fraction(0)] * len(claims)
    for order in itertools.permutations(range(len(claims))):
        left = estate
        for claimant in order:
            paid = min(claims[claimant], left)
            totals[claimant] += paid
            left -= paid
    return [total / math.factorial(len(claims)) for total in totals]


@given(st.lists(st.fractions(0, 100, max_denominator=5), min_size=1, max_size=5), st.fractions(0, 1, max_denominator=5))
@quick
def test_shapley_of_a_bankruptcy_game_is_the_random_arrival_rule(claims, share):
    # O'Neill (1982): the Shapley value of the bankruptcy game is the random-arrival rule.
    estate = share * sum(claims)
    game = bankruptcy_game(estate, dict(zip(player_ids(len(claims)), claims, strict=True)))
    assert exact_list(shapley_value(game)) == random_arrival(estate, claims)


def test_shapley_shubik_of_51_50_49_1():
    """Shapley & Shubik (1954) index of [51; 50, 49, 1] is (2/3, 1/6, 1/6).

    A is pivotal whenever it is not first (4 of 6 orders); B only in A, B, C; C only in A, C, B.
    """
    game = weighted_voting_game({"A": 50, "B": 49, "C": 1}, 51)
    assert shapley_value(game).exact == {"A": Fraction(2, 3), "B": Fraction(1, 6), "C": Fraction(1, 6)}


def test_shapley_shubik_of_the_security_council():
    """The UN Security Council as [39; 7 × 5 permanent, 1 × 10 elected]: an elected member's index is 4/2145.

    It is pivotal only as the 9th voter after all five permanent members and three of the nine other elected
    ones: C(9, 3) · 8! · 6! / 15! = 84 / 45045 = 4/2145 (≈ 0.19 %, the figure quoted since Shapley & Shubik's
    method was applied to the enlarged council). The permanent members share the rest: (1 − 40/2145)/5 = 421/2145.
    """
    weights = {f"P{i}": 7 for i in range(5)} | {f"E{i}": 1 for i in range(10)}
    index = shapley_value(weighted_voting_game(weights, 39)).exact
    assert {index[f"E{i}"] for i in range(10)} == {Fraction(4, 2145)}
    assert {index[f"P{i}"] for i in range(5)} == {Fraction(421, 2145)}


def sequential_equal_split(costs):
    """Littlechild & Owen (1973): cut the runway at every aircraft's requirement; each segment is paid in equal
    parts by the aircraft that need it (those whose requirement reaches the segment's end)."""
    levels = sorted(set(costs))
    shares = []
    for cost in costs:
        share, previous = Fraction(0), Fraction(0)
        for level in levels:
            if level > cost:
                break
            share += Fraction(level - previous) / sum(1 for other in costs if other >= level)
            previous = level
        shares.append(share)
    return shares


def test_airport_game_example_by_littlechild_and_owen():
    # Costs 12, 20, 30, 45: segments 12/4 = 3, 8/3, 10/2 = 5 and 15 give (3, 17/3, 32/3, 77/3).
    game = airport_game({"A": 12, "B": 20, "C": 30, "D": 45})
    assert exact_list(shapley_value(game)) == [3, Fraction(17, 3), Fraction(32, 3), Fraction(77, 3)]


@given(st.lists(st.fractions(0, 100, max_denominator=6) | st.sampled_from([5, 10]), min_size=1, max_size=7))
@quick
def test_shapley_of_an_airport_game_is_the_sequential_equal_split(costs):
    # Repeated costs (drawn often via the sampled 5 and 10) test that tied aircraft share segments evenly.
    game = airport_game(dict(zip(player_ids(len(costs)), costs, strict=True)))
    allocation = shapley_value(game)
    assert allocation.kind == "cost"
    assert exact_list(allocation) == sequential_equal_split(costs)


# ------------------------------------------------------------------------------------------------------------
# 3. Properties of Shapley and Banzhaf


@given(exact_games(max_players=6))
@thorough
def test_shapley_is_the_average_over_orders(game):
    assert exact_list(shapley_value(game)) == brute_force_shapley(game)


@given(exact_games())
@thorough
def test_banzhaf_is_the_average_swing(game):
    assert exact_list(banzhaf_value(game)) == brute_force_banzhaf(game)


@given(exact_games())
@quick
def test_shapley_is_efficient_exactly(game):
    assert sum(exact_list(shapley_value(game))) == game.exact_grand_value


@given(float_games())
@quick
def test_shapley_is_efficient_on_float_games(game):
    allocation = shapley_value(game, exact=False)
    assert allocation.method == "exact-dense"
    assert abs(sum(float_list(allocation)) - game.grand_value) <= 1e-9 * scale(game)


@pytest.mark.parametrize("rule", LINEAR_VALUES)
@given(game=exact_games(min_players=2), data=st.data())
@quick
def test_symmetric_players_get_the_same(rule, game, data):
    i, j = data.draw(st.lists(st.integers(0, game.n - 1), min_size=2, max_size=2, unique=True))
    values = game.exact_values()
    # v(S) + v(σS), σ swapping i and j, is unchanged by that swap: i and j are symmetric in it.
    symmetric = game_from(game.players, lambda mask: values[mask] + values[swap_bits(mask, i, j)])
    result = exact_list(LINEAR_VALUES[rule](symmetric))
    assert result[i] == result[j]


@pytest.mark.parametrize("rule", LINEAR_VALUES)
@given(game=exact_games(min_players=2), data=st.data())
@quick
def test_swapping_players_swaps_their_values(rule, game, data):
    # Anonymity, the sharper form of symmetry: relabelling two players relabels their values, nothing else.
    i, j = data.draw(st.lists(st.integers(0, game.n - 1), min_size=2, max_size=2, unique=True))
    values = game.exact_values()
    swapped = game_from(game.players, lambda mask: values[swap_bits(mask, i, j)])
    before = exact_list(LINEAR_VALUES[rule](game))
    after = exact_list(LINEAR_VALUES[rule](swapped))
    before[i], before[j] = before[j], before[i]
    assert after == before


@pytest.mark.parametrize("rule", LINEAR_VALUES)
@given(game=exact_games(), data=st.data())
@quick
def test_null_player_gets_nothing(rule, game, data):
    null = data.draw(st.integers(0, game.n - 1))
    values = game.exact_values()
    # v(S) = v(S without k): k adds nothing anywhere.
    with_null = game_from(game.players, lambda mask: values[mask & ~(1 << null)])
    assert exact_list(LINEAR_VALUES[rule](with_null))[null] == 0


@pytest.mark.parametrize("rule", LINEAR_VALUES)
@given(game=exact_games(), data=st.data())
@quick
def test_dummy_player_gets_its_stand_alone_value(rule, game, data):
    dummy = data.draw(st.integers(0, game.n - 1))
    own = data.draw(st.fractions(-20, 20, max_denominator=7))
    values = game.exact_values()
    # v(S ∪ k) = v(S) + v({k}) for every S: k brings exactly its own worth, whoever it joins.
    with_dummy = game_from(game.players, lambda mask: values[mask & ~(1 << dummy)] + (own if mask >> dummy & 1 else 0))
    assert with_dummy.exact_value(1 << dummy) == own
    assert exact_list(LINEAR_VALUES[rule](with_dummy))[dummy] == own


@pytest.mark.parametrize("rule", LINEAR_VALUES)
@given(games=st.integers(1, 7).flatmap(lambda n: st.tuples(*[exact_games(n, n)] * 2)))
@quick
def test_additivity(rule, games):
    v, w = games
    v_values, w_values = v.exact_values(), w.exact_values()
    total = game_from(v.players, lambda mask: v_values[mask] + w_values[mask])
    value = LINEAR_VALUES[rule]
    expected = [a + b for a, b in zip(exact_list(value(v)), exact_list(value(w)), strict=True)]
    assert exact_list(value(total)) == expected


@pytest.mark.parametrize("rule", LINEAR_VALUES)
@given(game=exact_games(), data=st.data())
@quick
def test_covariance_under_scaling_and_an_additive_game(rule, game, data):
    factor = data.draw(st.fractions(Fraction(1, 10), 10, max_denominator=10))
    additive = data.draw(
        st.lists(st.fractions(-20, 20, max_denominator=5), min_size=game.n, max_size=game.n), label="m"
    )
    values = game.exact_values()
    transformed = game_from(
        game.players,
        lambda mask: factor * values[mask] + sum(m for i, m in enumerate(additive) if mask >> i & 1),
    )
    value = LINEAR_VALUES[rule]
    expected = [factor * x + m for x, m in zip(exact_list(value(game)), additive, strict=True)]
    assert exact_list(value(transformed)) == expected


@pytest.mark.parametrize("rule", LINEAR_VALUES)
@given(game=exact_games())
@quick
def test_float_path_agrees_with_exact_path(rule, game):
    value = LINEAR_VALUES[rule]
    exact = exact_list(value(game))
    floats = value(game, exact=False)
    assert floats.exact is None and floats.method == "exact-dense"
    for got, want in zip(float_list(floats), exact, strict=True):
        assert abs(got - float(want)) <= 1e-9 * scale(game)


@pytest.mark.parametrize("rule", LINEAR_VALUES)
@given(game=float_games())
@quick
def test_float_games_agree_with_their_exact_values(rule, game):
    # A float game judged by the exact rational value of the very same binary numbers.
    value = LINEAR_VALUES[rule]
    exact = exact_list(value(exact_twin(game)))
    for got, want in zip(float_list(value(game, exact=False)), exact, strict=True):
        assert abs(got - float(want)) <= 1e-9 * scale(game)


@pytest.mark.parametrize("rule", LINEAR_VALUES)
def test_exact_values_of_a_float_game_are_refused(rule):
    # 0.1 is not 1/10 in binary: an "exact" answer from floats would be exact about the wrong numbers.
    game = Game(["A", "B"], np.array([0.0, 0.1, 0.2, 0.5]))
    with pytest.raises(GameError, match="values are floats"):
        LINEAR_VALUES[rule](game, exact=True)
    assert LINEAR_VALUES[rule](game).exact is None


def merge(game, i, j):
    """The game in which players i and j act as one player, placed last: it is in S exactly when both are."""
    others = [k for k in range(game.n) if k not in (i, j)]
    values = game.exact_values()

    def worth(mask):
        original = sum(1 << k for position, k in enumerate(others) if mask >> position & 1)
        if mask >> len(others) & 1:
            original |= (1 << i) | (1 << j)
        return values[original]

    players = [game.players[k] for k in others] + [f"{game.players[i]}_{game.players[j]}"]
    return game_from(players, worth)


def test_merging_the_right_gloves():
    # One left glove against a merged right-glove holder: v = 1 only together, so β = (1/2, 1/2); the merged
    # player's 1/2 is the sum of R1's and R2's 1/4.
    merged = merge(glove_game(), 1, 2)
    assert merged.exact_values() == [0, 0, 0, 1]
    assert exact_list(banzhaf_value(merged)) == [Fraction(1, 2), Fraction(1, 2)]


@given(game=exact_games(min_players=2), data=st.data())
@quick
def test_banzhaf_is_2_efficient(game, data):
    # Lehrer (1988), "An axiomatization of the Banzhaf value", IJGT 17: merging two players into one gives the
    # merged player the sum of their two values.
    i, j = data.draw(st.lists(st.integers(0, game.n - 1), min_size=2, max_size=2, unique=True))
    raw = exact_list(banzhaf_value(game))
    assert exact_list(banzhaf_value(merge(game, i, j)))[-1] == raw[i] + raw[j]


@given(exact_games())
@quick
def test_normalized_banzhaf_is_raw_banzhaf_scaled_to_the_grand_value(game):
    raw = exact_list(banzhaf_value(game))
    total = sum(raw)
    if total == 0:
        with pytest.raises(RuleError, match="sum to zero"):
            normalized_banzhaf_value(game)
        return
    normalized = exact_list(normalized_banzhaf_value(game))
    assert sum(normalized) == game.exact_grand_value
    assert normalized == [x * game.exact_grand_value / total for x in raw]


@given(float_games())
@quick
def test_normalized_banzhaf_is_efficient_on_float_games(game):
    raw_total = sum(float_list(banzhaf_value(game, exact=False)))
    if abs(raw_total) <= 1e-6 * scale(game):
        return  # too close to zero to scale by; the exact test covers that case
    shares = float_list(normalized_banzhaf_value(game, exact=False))
    # Scaling by v(N)/Σβ can make the shares much larger than the game's values: judge relative to the shares.
    assert abs(sum(shares) - game.grand_value) <= 1e-9 * max(scale(game), *map(abs, shares))


@given(exact_games(), st.booleans())
@quick
def test_normalized_banzhaf_is_undefined_when_raw_values_sum_to_zero(game, exact):
    # Σ_i β_i = Σ_S v(S)·(2|S| − n) / 2^(n−1), and v(N) enters with weight n: choose v(N) to make the sum 0.
    n = game.n
    values = game.exact_values()
    rest = sum(values[mask] * (2 * bin(mask).count("1") - n) for mask in range(game.grand_mask))
    values[game.grand_mask] = -rest / n
    balanced = Game(game.players, values)
    assert sum(exact_list(banzhaf_value(balanced))) == 0
    with pytest.raises(RuleError, match="sum to zero"):
        normalized_banzhaf_value(balanced, exact=exact)


@pytest.mark.parametrize("exact", [None, False])
def test_normalized_banzhaf_of_a_zero_sum_two_player_game(exact):
    # β_A = (1 + (0 − (−3)))/2 = 2 and β_B = (−3 + (0 − 1))/2 = −2.
    game = table_game(["A", "B"], {"A": 1, "B": -3, "A+B": 0})
    assert banzhaf_value(game).exact == {"A": 2, "B": -2}
    with pytest.raises(RuleError, match="sum to zero"):
        normalized_banzhaf_value(game, exact=exact)


# ------------------------------------------------------------------------------------------------------------
# Larger games: the float path against the exact rational path


@given(st.integers(12, 16), st.integers(0, 2**32 - 1))
@settings(quick, max_examples=6)
def test_float_values_of_larger_games_agree_with_exact(n, seed):
    rng = np.random.default_rng(seed)
    cents = rng.integers(-(10**6), 10**6, 1 << n)
    cents[0] = 0
    players = player_ids(n)
    float_game = Game(players, cents / 100)
    exact_game = Game(players, [Fraction(int(c), 100) for c in cents])
    tolerance = 1e-9 * scale(float_game)
    for value in (shapley_value, banzhaf_value):
        floats = float_list(value(float_game, exact=False))
        exact = exact_list(value(exact_game))
        assert max(abs(got - float(want)) for got, want in zip(floats, exact, strict=True)) <= tolerance
    shapley = shapley_value(float_game, exact=False)
    assert abs(shapley.total - float_game.grand_value) <= tolerance
    assert sum(exact_list(shapley_value(exact_game))) == exact_game.exact_grand_value


def test_games_beyond_the_exact_limit_use_floats():
    n = 17
    players = player_ids(n)
    # The unanimity game of P0 and P1: they split 1, everyone else is a null player.
    masks = np.arange(1 << n)
    game = Game(players, ((masks & 0b11) == 0b11).astype(np.float64))
    allocation = shapley_value(game)
    assert allocation.exact is None
    assert allocation.values["P0"] == allocation.values["P1"] == pytest.approx(0.5, rel=1e-12)
    assert max(abs(allocation.values[p]) for p in players[2:]) <= 1e-12


# ------------------------------------------------------------------------------------------------------------
# Equal split and proportional


@given(exact_games())
@quick
def test_equal_split_gives_everyone_the_same_exact_share(game):
    shares = exact_list(equal_split(game))
    assert shares == [game.exact_grand_value / game.n] * game.n


def test_equal_split_of_a_float_game():
    game = Game(["A", "B", "C"], np.array([0, 0, 0, 0, 0, 0, 0, 1.5]))
    allocation = equal_split(game)
    assert allocation.exact is None
    assert float_list(allocation) == [0.5, 0.5, 0.5]


def test_proportional_to_claims_in_the_talmud_game():
    # Estate 200 pro rata to claims 100 : 200 : 300.
    scenario = game_scenario("game: {type: bankruptcy, estate: 200, claims: {A: 100, B: 200, C: 300}}")
    allocation = ipshare.allocate(scenario_game(scenario), "proportional")
    assert allocation.exact == {"A": Fraction(100, 3), "B": Fraction(200, 3), "C": Fraction(100)}
    assert allocation.details["weights"] == "claims"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "{type: weighted-voting, quota: 51, weights: {A: 50, B: 49, C: 1}}",
            [Fraction(1, 2), Fraction(49, 100), Fraction(1, 100)],
        ),
        ("{type: airport, costs: {A: 1, B: 3}}", [Fraction(3, 4), Fraction(9, 4)]),
        ('{type: table, players: [A, B], values: {"A": 1, "B": 3, "A+B": 8}}', [2, 6]),
    ],
    ids=["voting-weights", "airport-costs", "stand-alone-values"],
)
def test_proportional_uses_the_game_sections_own_weights(text, expected):
    allocation = proportional(scenario_game(game_scenario(f"game: {text}")))
    assert exact_list(allocation) == expected


@given(exact_games(), st.data())
@quick
def test_proportional_to_given_weights(game, data):
    weights = data.draw(st.lists(st.integers(0, 9), min_size=game.n, max_size=game.n).filter(any))
    allocation = proportional(game, dict(zip(game.players, weights, strict=True)))
    shares = exact_list(allocation)
    assert sum(shares) == game.exact_grand_value
    assert shares == [game.exact_grand_value * Fraction(w, sum(weights)) for w in weights]


def test_proportional_of_a_float_game_is_float():
    game = Game(["A", "B"], np.array([0.0, 1.0, 3.0, 2.5]))
    allocation = proportional(game)
    assert allocation.exact is None
    assert float_list(allocation) == [0.625, 1.875]


@pytest.mark.parametrize(
    ("weights", "message"),
    [({"A": 1, "B": -1}, "non-negative"), ({"A": 0, "B": 0}, "sum to zero")],
)
def test_proportional_refuses_weights_it_cannot_use(weights, message):
    with pytest.raises(RuleError, match=message):
        proportional(table_game(["A", "B"], {"A+B": 1}), weights)


def test_proportional_refuses_negative_stand_alone_values():
    with pytest.raises(RuleError, match="non-negative"):
        ipshare.allocate(table_game(["A", "B"], {"A": -1, "B": 2, "A+B": 3}), "proportional")


# ------------------------------------------------------------------------------------------------------------
# allocate


@pytest.mark.parametrize("rule", ["shapley", "banzhaf", "banzhaf-normalized", "equal", "proportional"])
def test_allocate_runs_each_rule_by_name(rule):
    game = table_game(["A", "B", "C"], {"A": 6, "B": 12, "C": 42, "A+B": 12, "A+C": 42, "B+C": 42, "A+B+C": 42})
    allocation = ipshare.allocate(game, rule)
    assert allocation.rule == rule
    assert allocation.players == game.players
    assert allocation.values == {player: float(value) for player, value in allocation.exact.items()}


def test_allocate_refuses_an_unknown_rule():
    game = table_game(["A", "B"], {"A+B": 1})
    with pytest.raises(ipshare.RuleError, match="unknown rule 'nonsense'"):
        ipshare.allocate(game, "nonsense")
    with pytest.raises(ipshare.RuleError, match="did you mean 'shapley'"):
        ipshare.allocate(game, "shapely")
