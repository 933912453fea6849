"""Cost and risk: published cost allocations, the risk measures against their definitions, and the properties every
risk allocation must have.

Sources of the numbers:
- Young, Okada & Hashimoto (1982), six Swedish municipalities: the published SCRB row (shared/data/
  published-games.yaml, ``sweden-water-scrb``, with its rounding tolerance 0.011);
- the Ibn Ezra airport problem, Aumann (2010): Shapley value 485/6, 125/6, 65/6, 15/2 for stand-alone costs
  120, 60, 40, 30 — built here as an alliance whose cost items are runway segments, so the alliance's cost game
  c(S) = Σ costs of the items a member of S needs is checked against a published shared-infrastructure game;
- CVaR against Rockafellar & Uryasev (2002): CVaR_α(L) = min_t t + E[(L − t)+] / (1 − α), evaluated exactly.
"""

import json
import math
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from random_alliances import alliance_data, load, with_distributions

import ipshare
from ipshare.alliance.benefit import benefit_game
from ipshare.alliance.costs import (
    Outcomes,
    RiskError,
    cost_game,
    cost_items,
    enumerate_outcomes,
    simulate,
    tail_contributions,
)
from ipshare.analyses.risk import apply_caps, risk_allocation
from ipshare.cli import cli
from ipshare.errors import RuleError
from ipshare.games import table_game

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
FUEL = SCENARIOS / "fuel-cell-alliance.yaml"
RULES = ("agreed", "proportional-benefit", "proportional-contribution", "shapley", "nucleolus", "scrb", "aca", "ensc")


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def published(entry_id):
    for path in (
        ROOT.parent / "shared" / "data" / "published-games.yaml",
        ROOT / "tests" / "data" / "published-games.yaml",
    ):
        if path.is_file():
            entries = yaml.safe_load(path.read_text())
            return next(e for e in entries if e["id"] == entry_id)
    pytest.skip("published-games.yaml not found")


# -- published cost allocations -----------------------------------------------------------------------------------


def test_scrb_reproduces_young_okada_hashimoto_sweden():
    entry = published("sweden-water-scrb")
    spec = entry["game"]
    game = table_game(spec["players"], {k: Fraction(str(v)) for k, v in spec["values"].items()}, kind="cost")
    allocation = ipshare.allocate(game, "scrb")
    for player, value in entry["expect"]["scrb"].items():
        assert abs(allocation.values[player] - value) <= entry["tolerance"], player
    assert allocation.exact_grand_value == sum(allocation.exact.values())


def test_the_bundled_sweden_file_gives_the_published_scrb_row():
    entry = published("sweden-water-scrb")
    document = json.loads(
        run("allocate", SCENARIOS / "sweden-water.yaml", "-r", "scrb", "-r", "aca", "-r", "ensc", "-f", "json").stdout
    )
    for player, value in entry["expect"]["scrb"].items():
        assert abs(document["allocations"]["scrb"][player] - value) <= entry["tolerance"]
    assert document["allocations"]["aca"] == document["allocations"]["scrb"]  # no benefits given: the same key


def test_ensc_and_aca_follow_their_definitions_on_the_sweden_data():
    spec = published("sweden-water-scrb")["game"]
    values = {k: Fraction(str(v)) for k, v in spec["values"].items()}
    game = table_game(spec["players"], values, kind="cost")
    players = spec["players"]
    grand = values["+".join(players)]
    separable = {p: grand - values["+".join(q for q in players if q != p)] for p in players}
    nonseparable = grand - sum(separable.values())
    ensc = ipshare.allocate(game, "ensc").exact
    assert ensc == {p: separable[p] + nonseparable / 6 for p in players}
    avoided = {p: values[p] - separable[p] for p in players}
    aca = ipshare.allocate(game, "aca").exact
    assert aca == {p: separable[p] + nonseparable * avoided[p] / sum(avoided.values()) for p in players}


def airport_alliance():
    """The Ibn Ezra estate as a runway: segment k serves every member whose plane needs at least that length."""
    stand_alone = {"A": 120, "B": 60, "C": 40, "D": 30}
    levels = sorted(set(stand_alone.values()))
    costs, previous = [], 0
    for k, level in enumerate(levels):
        users = [m for m, c in stand_alone.items() if c >= level]
        costs.append({"id": f"S{k}", "amount": level - previous, "members": users})
        previous = level
    return {
        "alliance": {"name": "Ibn Ezra runway", "currency": "EUR"},
        "members": {m: {"type": "other"} for m in stand_alone},
        "costs": costs,
    }


def test_alliance_cost_game_shapley_is_the_published_airport_value():
    scenario = load(airport_alliance())
    game = cost_game(cost_items(scenario), tuple(scenario.members))
    assert [game.exact_value(1 << i) for i in range(4)] == [120, 60, 40, 30]  # stand-alone costs
    expected = {"A": Fraction(485, 6), "B": Fraction(125, 6), "C": Fraction(65, 6), "D": Fraction(15, 2)}
    assert ipshare.allocate(game, "shapley").exact == expected
    result = risk_allocation(scenario, "shapley")
    assert result.expected_cost == expected


# -- measures against their definitions ---------------------------------------------------------------------------


def rockafellar_uryasev(outcomes, level):
    """min over t of t + E[(L − t)+]/(1 − α); for a discrete L the minimum is at one of its values."""
    totals = [sum(row, Fraction(0)) for row in outcomes.losses]
    tail = 1 - level

    def objective(t):
        return (
            t
            + sum((w * max(total - t, 0) for w, total in zip(outcomes.weights, totals, strict=True)), Fraction(0))
            / tail
        )

    return min(objective(t) for t in set(totals))


@pytest.mark.parametrize("seed", range(15))
def test_exact_cvar_is_rockafellar_uryasev_and_its_euler_contributions_add_up(seed):
    scenario = load(alliance_data(seed, 3))
    items = cost_items(scenario)
    outcomes = enumerate_outcomes(items)
    assert sum(outcomes.weights) == 1
    for level in (Fraction(1, 2), Fraction(9, 10), Fraction(95, 100)):
        cvar, _, contributions = tail_contributions(outcomes, range(len(items)), level)
        assert cvar == rockafellar_uryasev(outcomes, level)
        assert sum(contributions) == cvar


def test_simulated_cvar_agrees_with_the_exact_one_within_its_standard_error():
    scenario = ipshare.load(SCENARIOS / "battery-alliance.yaml")
    exact = risk_allocation(scenario, measure="cvar")
    simulated = risk_allocation(scenario, measure="cvar", samples=40_000, seed=11)
    assert exact.method == "exact" and simulated.method == "monte-carlo"
    assert abs(float(exact.total_risk) - simulated.total_risk) <= 4 * simulated.stderr["cvar"]
    assert risk_allocation(scenario, measure="cvar", samples=40_000, seed=11).risk == simulated.risk
    assert risk_allocation(scenario, measure="cvar", samples=40_000, seed=12).risk != simulated.risk


def test_simulated_amounts_have_the_stated_means():
    data = with_distributions(alliance_data(5, 3), 5)
    data["costs"] = [{**item, "failure_probability": 1} for item in data["costs"]]
    items = cost_items(load(data))
    outcomes = simulate(items, 200_000, seed=1)
    for k, item in enumerate(items):
        column = outcomes.losses[:, k]
        if item.distribution is None:
            assert np.all(column == float(item.amount))
        else:
            se = math.sqrt(float(item.loss_variance) / len(column))
            assert abs(column.mean() - float(item.amount)) <= 5 * se + 1e-9


def test_standard_deviation_is_exact_and_matches_simulation():
    scenario = load(with_distributions(alliance_data(21, 3), 21))
    result = risk_allocation(scenario, "agreed", measure="std")
    outcomes = simulate(cost_items(scenario), 100_000, seed=3)
    sampled = outcomes.losses.sum(axis=1).std()
    assert abs(sampled - result.total_risk) <= 0.03 * result.total_risk + 1e-9
    assert sum(result.euler.values()) == pytest.approx(result.total_risk)


# -- properties of every risk allocation ----------------------------------------------------------------------------


CASES = [(seed, rule, measure) for seed in range(6) for rule in RULES for measure in ("expected-loss", "std", "cvar")]


@pytest.mark.parametrize(("seed", "rule", "measure"), CASES)
def test_every_allocation_adds_up_and_spares_the_unexposed(seed, rule, measure):
    data = alliance_data(300 + seed, 3 + seed % 2, null_member=True)
    if seed % 2:
        data = with_distributions(data, seed)
    scenario = load(data)
    try:
        result = risk_allocation(scenario, rule, measure=measure, samples=2_000 if seed % 2 else None, seed=seed)
    except RiskError as error:  # e.g. proportional-benefit with a negative benefit: refused, never wrong
        assert "proportional-benefit" in str(error) or "undefined" in str(error)
        return
    except RuleError:  # scrb/aca with every key zero (no non-separable cost to split): refused with a message
        assert rule in ("scrb", "aca")
        return
    tolerance = 1e-7 * max(1.0, float(result.total_cost))
    assert float(sum(result.expected_cost.values())) == pytest.approx(float(result.total_cost), abs=tolerance)
    assert float(sum(result.risk.values())) == pytest.approx(float(result.total_risk), abs=tolerance)
    assert float(sum(result.euler.values())) == pytest.approx(float(result.total_risk), abs=tolerance)
    unexposed = [m for m in scenario.members if m not in result.exposed]
    assert "Z" in unexposed
    for member in unexposed:
        assert result.expected_cost[member] == 0 and result.risk[member] == 0 and result.euler[member] == 0


amounts = st.integers(min_value=0, max_value=60)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(amounts, amounts), min_size=1, max_size=7))
def test_caps_hold_and_keep_the_total(pairs):
    risk = {f"M{i}": Fraction(r) for i, (r, _) in enumerate(pairs)}
    caps = {f"M{i}": Fraction(c) for i, (_, c) in enumerate(pairs)}
    total = sum(risk.values())
    if sum(caps.values()) < total:
        with pytest.raises(RiskError, match="cannot hold"):
            apply_caps(risk, caps)
        return
    capped, which = apply_caps(risk, caps)
    assert sum(capped.values()) == total
    assert all(capped[m] <= caps[m] for m in risk)
    assert all(capped[m] == caps[m] for m in which)
    assert all(capped[m] >= risk[m] for m in risk if m not in which)  # the others only take on more


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(1, 9), st.lists(st.integers(0, 20), min_size=3, max_size=3)), min_size=1, max_size=12
    ),
    st.sampled_from([Fraction(1, 2), Fraction(3, 4), Fraction(9, 10), Fraction(19, 20)]),
)
def test_euler_contributions_of_cvar_sum_to_the_cvar_on_any_distribution(atoms, level):
    """Any discrete joint distribution of three positions, ties included: exact CVaR, contributions add up."""
    total_weight = sum(weight for weight, _ in atoms)
    weights = [Fraction(weight, total_weight) for weight, _ in atoms]
    losses = [[Fraction(v) for v in row] for _, row in atoms]
    outcomes = Outcomes("exact", weights, losses)
    cvar, var, contributions = tail_contributions(outcomes, range(3), level)
    assert sum(contributions) == cvar == rockafellar_uryasev(outcomes, level)
    totals = [sum(row) for row in losses]
    assert min(totals) <= var <= cvar <= max(totals)
    floats = Outcomes("monte-carlo", np.array([float(w) for w in weights]), np.array(losses, dtype=float))
    float_cvar, _, float_contributions = tail_contributions(floats, range(3), level)
    assert float_cvar == pytest.approx(float(cvar)) and sum(float_contributions) == pytest.approx(float_cvar)


def test_caps_in_the_scenario_bind_and_redistribute():
    data = alliance_data(1, 3)
    data["costs"] = [
        {"id": "K0", "amount": 100, "failure_probability": 1, "members": {"M0": "1/2", "M1": "1/2"}},
        {"id": "K1", "amount": 100, "failure_probability": "1/2", "members": ["M2"]},
    ]
    data["agreement"]["risk"] = {"cap": {"M2": "1/2"}, "measure": "expected-loss", "rule": "agreed"}
    result = risk_allocation(load(data))
    # agreed: M2 bears 50 of expected loss, its cap is 1/2 x its expected cost 100 = 50: it just holds
    assert result.risk["M2"] == 50 and result.capped == []
    data["agreement"]["risk"]["cap"] = {"M2": "1/5"}
    result = risk_allocation(load(data))
    assert result.risk == {"M0": 65, "M1": 65, "M2": 20} and result.capped == ["M2"]


def test_risk_adjusted_shapley_is_the_literature_formula():
    scenario = ipshare.load(FUEL)
    game = benefit_game(scenario)
    phi = ipshare.allocate(game, "shapley").exact
    adjusted = ipshare.allocate(game, "risk-adjusted-shapley").exact
    shares = scenario.agreement.risk_factors.normalised()
    assert sum(shares.values()) == 1
    grand = game.exact_grand_value
    assert adjusted == {m: phi[m] + (shares[m] - Fraction(1, 5)) * grand for m in scenario.members}
    assert sum(adjusted.values()) == grand
    with pytest.raises(RuleError, match="risk_factors"):
        ipshare.allocate(benefit_game(ipshare.load(SCENARIOS / "worked-example.yaml")), "risk-adjusted-shapley")


# -- the command ---------------------------------------------------------------------------------------------------


def test_risk_command_prints_expected_cost_risk_and_net_position():
    result = run("risk", FUEL, "-f", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["method"] == "monte-carlo" and document["samples"] == 40_000 and document["seed"] == 2025
    for member in document["members"]:
        assert document["net"][member] == pytest.approx(
            document["benefit"]["values"][member] - document["expected_cost"][member]
        )
    # Reconciled rounding: the rounded column adds up to the rounded total, to the fen.
    rounded_total = Fraction(round(Fraction(document["total_risk"]) * 100), 100)
    assert sum(Fraction(v) for v in document["rounded"]["risk"].values()) == rounded_total
    table = run("risk", FUEL, "-r", "shapley", "--measure", "expected-loss")
    assert table.exit_code == 0 and "Net position" in table.stdout
    assert run("risk", FUEL, "-f", "csv").stdout.startswith("member,name,benefit,expected_cost,risk")
    assert "| **Total** |" in run("risk", FUEL, "-f", "markdown").stdout


def bad_file(tmp_path, change):
    data = alliance_data(2, 3)
    change(data)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    return path


BAD = [
    (lambda d: d["costs"][0].update(failure_probability=1.5), "failure_probability: must be at most 1"),
    (lambda d: d["costs"][0].update(failure_probability=-0.1), "failure_probability: must be at least 0"),
    (
        lambda d: d["costs"][0].update(distribution={"type": "uniform", "low": 0, "high": 1}),
        "the distribution's mean is 0.5 but the cost's amount",
    ),
    (lambda d: d["costs"][0].update(distribution={"type": "gamma"}), "unknown distribution 'gamma'"),
    (lambda d: d["agreement"].update(risk={"rule": "shapely"}), "did you mean 'shapley'"),
    (lambda d: d["agreement"].update(risk={"level": 1}), "agreement.risk.level: must be below 1"),
    (
        lambda d: d["agreement"].update(risk_factors={"weights": {"risk": 1}, "scores": {"M0": {"risk": 1}}}),
        "every member needs scores; missing M1, M2",
    ),
    (lambda d: d["costs"][0].update(members={"M0": "1/2", "M1": "1/3"}), "the shares must sum to 1"),
]


@pytest.mark.parametrize(("change", "message"), BAD)
def test_bad_risk_input_is_one_line_and_exit_2(tmp_path, change, message):
    path = bad_file(tmp_path, change)
    output = tmp_path / "out.txt"
    result = run("risk", path, "-o", output)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{path}:") and message in lines[0], lines
    assert not output.exists()


def test_caps_that_cannot_hold_are_an_error(tmp_path):
    def tight(data):
        data["costs"] = [{"id": "K0", "amount": 10, "failure_probability": 1, "members": ["M0", "M1"]}]
        data["agreement"]["risk"] = {"cap": "1/2", "measure": "expected-loss"}

    output = tmp_path / "out.txt"
    result = run("risk", bad_file(tmp_path, tight), "-o", output)
    assert result.exit_code == 2 and "liability caps cannot hold" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and not output.exists()


def test_risk_of_a_classic_game_is_refused():
    result = run("risk", SCENARIOS / "sweden-water.yaml")
    assert result.exit_code == 2 and "classic game" in result.stderr


# -- what the risk outputs show: benefit in allocate's cents, net from the rounded figures beside it ---------------


@pytest.mark.parametrize(("seed", "benefit_rule"), [(s, r) for s in range(10) for r in ("shapley", "nucleolus")])
def test_net_is_benefit_less_expected_cost_as_shown(tmp_path, seed, benefit_rule):
    # The case: a net position of 6.63 - 38.20 shown as -31.56 (each column rounded on its own), in about
    # one row in five. Now every row's net is the difference of the rounded figures beside it, and the benefit is
    # the benefit rule's allocation in the cents `allocate` shows.
    path = tmp_path / "alliance.json"
    path.write_text(json.dumps(alliance_data(900 + seed, 3 + seed % 3)))
    document = json.loads(run("risk", path, "--benefit-rule", benefit_rule, "-f", "json").stdout)
    rounded, totals = document["rounded"], document["totals"]
    allocated = json.loads(run("allocate", path, "-r", benefit_rule, "-f", "json").stdout)
    assert rounded["benefit"] == allocated["rounded"][benefit_rule]
    for member in document["members"]:
        assert Fraction(rounded["net"][member]) == Fraction(rounded["benefit"][member]) - Fraction(
            rounded["expected_cost"][member]
        )
    for key, column in rounded.items():
        assert Fraction(totals[key]) == sum(Fraction(v) for v in column.values()), key
    table = run("risk", path, "--benefit-rule", benefit_rule)
    csv_rows = list(__import__("csv").DictReader(run("risk", path, "--benefit-rule", benefit_rule, "-f", "csv")
                                                 .stdout.splitlines()))
    for row in csv_rows:
        assert row["net"] == rounded["net"][row["member"]] and row["benefit"] == rounded["benefit"][row["member"]]
    assert table.exit_code == 0


def test_the_annex_risk_table_shows_the_risk_commands_figures():
    from ipshare.alliance.benefit import scenario_game
    from ipshare.report.annex import build_annex

    scenario = ipshare.load(FUEL)
    game = scenario_game(scenario)
    annex = build_annex(scenario, game, [ipshare.allocate(game, "shapley")])
    risk = next(b for b in annex.section("risk").blocks if getattr(b, "name", "") == "Risk")
    document = json.loads(run("risk", FUEL, "-f", "json").stdout)
    for row in risk.rows:
        member = row[0]
        expected, _, benefit, net = (cell.value for cell in row[1:])
        assert str(expected) == document["rounded"]["expected_cost"][member]
        assert str(benefit) == document["rounded"]["benefit"][member]
        assert str(net) == document["rounded"]["net"][member] and net == benefit - expected


def test_risk_table_fits_the_terminal():
    result = CliRunner().invoke(cli, ["risk", str(FUEL)], env={"COLUMNS": "100"})
    assert result.exit_code == 0
    assert max(len(line) for line in result.stdout.splitlines()) <= 100
