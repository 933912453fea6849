"""The Python API: ``ipshare.allocate``'s options by keyword, checked and refused in one place (the same path the
command line takes), every option documented, ``Allocation.to_frame`` indexed by member."""

import inspect
import json
import math
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ipshare
from ipshare.cli import cli
from ipshare.errors import IpshareError, RuleError
from ipshare.games import bankruptcy_game, table_game
from ipshare.solutions import OPTION_HELP, RULES, allocate
from ipshare.solutions.registry import SAMPLING_KEYWORDS
from ipshare.solutions.sampling import Sampling

ROOT = Path(__file__).resolve().parent.parent
BATTERY = ROOT / "scenarios" / "battery-alliance.yaml"
# SageMath's CooperativeGame example: Shapley value (2, 5, 35).
SAGE = table_game(["A", "B", "C"], {"A": 6, "B": 12, "C": 42, "A+B": 12, "A+C": 42, "B+C": 42, "A+B+C": 42})
MAJORITY = table_game(["A", "B", "C"], {"A+B": 1, "A+C": 1, "B+C": 1, "A+B+C": 1})


# -- sampling options by keyword ---------------------------------------------------------------------------------


def test_sampling_keywords_equal_the_sampling_object():
    by_keyword = allocate(SAGE, "shapley-sampled", samples=300, seed=7, confidence=0.9)
    by_object = allocate(SAGE, "shapley-sampled", sampling=Sampling(samples=300, seed=7, confidence=0.9))
    assert by_keyword.values == by_object.values and by_keyword.stderr == by_object.stderr
    assert by_keyword.details["samples"] == 300 and by_keyword.details["seed"] == 7
    assert by_keyword.details["confidence"] == 0.9
    other_seed = allocate(SAGE, "shapley-sampled", samples=300, seed=8)
    assert other_seed.details["seed"] == 8


def test_the_issue_example_works_by_keyword():
    result = ipshare.allocate(SAGE, "shapley-sampled", samples=1000)
    assert result.details["samples"] == 1000
    # Three players: every antithetic pair of orders covers the 6 orders evenly enough to be within the error.
    for player, exact in {"A": 2, "B": 5, "C": 35}.items():
        assert abs(result.values[player] - exact) <= 4 * result.stderr[player] + 1e-9


def test_tolerance_method_max_samples_and_progress():
    seen = []
    result = allocate(MAJORITY, "shapley-sampled", tolerance=0.01, method="stratified", max_samples=5000,
                      progress=lambda done, total: seen.append((done, total)))
    assert result.method == "sampled-stratified"
    assert result.details["tolerance"] == 0.01 and result.details["samples"] <= 5000
    assert seen and seen[-1][0] == result.details["samples"]
    banzhaf = allocate(MAJORITY, "banzhaf-sampled", samples=50, seed=3)
    assert banzhaf.details["samples"] == 50 and banzhaf.method == "sampled-coalitions"


def test_exact_rules_take_the_sampling_keywords_for_large_games():
    # A dense game is computed exactly: the keywords are accepted (they would apply past the exact limits).
    result = allocate(SAGE, "shapley", samples=10, seed=1, exact=True)
    assert result.exact == {"A": 2, "B": 5, "C": 35}


def test_lp_options_by_keyword():
    nucleolus = allocate(bankruptcy_game(200, {"A": 100, "B": 200, "C": 300}), "nucleolus", certify=True)
    assert nucleolus.exact == {"A": 50, "B": 75, "C": 75}  # Aumann & Maschler (1985), estate 200
    assert "kohlberg-exact" in nucleolus.details.get("certificate", "") or nucleolus.method
    floor = [{"id": "a-floor", "member": "A", "min_share": 0.5}]
    core_lp = allocate(MAJORITY, "core-lp", clauses=floor, objective="closest:shapley", solver="highs")
    assert {p: round(v, 6) for p, v in core_lp.values.items()} == {"A": 0.5, "B": 0.25, "C": 0.25}
    weighted = allocate(table_game(["A", "B"], {"A+B": 4}), "nash-weighted", weights={"A": 1, "B": 3})
    assert weighted.exact == {"A": 1, "B": 3}  # surplus 4 shared 1 : 3 over a threat point of 0


# -- refusals ----------------------------------------------------------------------------------------------------


def test_an_unknown_option_names_the_rule_and_its_options():
    with pytest.raises(RuleError) as caught:
        allocate(SAGE, "shapley-sampled", sample=100)
    message = str(caught.value)
    assert message.startswith("shapley-sampled: unknown option 'sample'") and "did you mean 'samples'" in message
    assert "samples, tolerance, confidence, seed" in message


def test_an_option_of_another_rule_is_refused_the_same_way():
    with pytest.raises(RuleError, match=r"^equal: does not take the option 'certify'; it takes no options$"):
        allocate(SAGE, "equal", certify=True)
    with pytest.raises(RuleError, match=r"^nucleolus: does not take the option 'samples'; it takes certify"):
        allocate(SAGE, "nucleolus", samples=100)
    with pytest.raises(RuleError, match=r"^banzhaf-sampled: does not take the option 'method'"):
        allocate(SAGE, "banzhaf-sampled", method="stratified")  # Banzhaf sampling has a single method


# Hostile values for each option (counted in the report): every one is a RuleError naming rule and option.
HOSTILE = [
    ("shapley-sampled", "samples", value) for value in ("1000", 1.5, True, 1, 0, -5, None.__class__, [10], 10**400)
] + [
    ("shapley-sampled", "seed", value) for value in (-1, 0.5, "0", False, float("nan"))
] + [
    ("shapley-sampled", "tolerance", value) for value in (0, -1, float("nan"), float("inf"), "0.1", 10**400)
] + [
    ("shapley-sampled", "confidence", value)
    for value in (0, 1, 1.5, -0.1, float("nan"), "0.95", True, 1 - 1e-17)
] + [
    ("shapley-sampled", "method", value) for value in ("bogus", 1, "", "Permutation")
] + [
    ("shapley-sampled", "max_samples", value) for value in (1, "x", 2.5)
] + [
    ("shapley-sampled", "progress", value) for value in (1, "print")
] + [
    ("shapley-sampled", "sampling", value) for value in (3, {"samples": 10}, "Sampling()")
] + [
    ("nucleolus", "certify", value) for value in ("yes", 1, "False")
] + [
    ("shapley", "exact", value) for value in ("yes", 0)
] + [
    ("core-lp", "solver", value) for value in ("glpk", 5, "")
] + [
    ("core-lp", "objective", value) for value in (5, ["closest:shapley"])
] + [
    ("core-lp", "clauses", value) for value in (5, "a-floor", {"id": "x"})
] + [
    ("nucleolus", "constraints", value) for value in (5, [5], "x")
] + [
    ("proportional", "weights", value) for value in (5, {"A": "x"}, {"Z": 1}, {"A": float("nan")}, {"A": -1}, "equal")
] + [
    ("nash-weighted", "weights", value) for value in ("bogus", [1, 2], {"A": True})
] + [
    ("nash", "disagreement", value) for value in (3, {"A": "x"}, {"A": float("inf")}, {"Q": 1}, ["A"])
] + [
    ("owen", "unions", value) for value in (5, "AB", [["A", "Z"]], ["A", "B"], [[1, 2]], {"A": 1})
] + [
    ("myerson", "links", value) for value in (5, [["A"]], [[1, 2]], [["A", "B", "C"]], "AB", [["A", "Q"]])
] + [
    ("scrb", "benefits", value) for value in (4, {"A": "x"}, {"A": 1})
] + [
    ("risk-adjusted-shapley", "shares", value) for value in (3, {"A": 1}, {"A": 1, "B": 0, "C": "0"})
]


@pytest.mark.parametrize("rule, option, value", HOSTILE, ids=[f"{r}-{o}-{i}" for i, (r, o, _) in enumerate(HOSTILE)])
def test_hostile_option_values_are_refused_naming_rule_and_option(rule, option, value):
    with pytest.raises(IpshareError) as caught:
        allocate(SAGE, rule, **{option: value})
    message = str(caught.value)
    assert "\n" not in message
    if isinstance(caught.value, RuleError) and option not in ("clauses",):
        assert message.startswith(f"{rule}: {option} ") or option in message, message


def test_sampling_values_at_the_ends_of_their_ranges():
    # The issue's --tolerance 1e-300: tolerance² underflows to 0; the sample size is then capped, not a traceback.
    result = allocate(MAJORITY, "shapley-sampled", tolerance=1e-300, max_samples=300)
    assert result.details["samples"] == 300 and result.details["tolerance_met"] is False
    # --confidence 0.9999999999999999: (1 + c) / 2 is 1.0 in floating point; the quantile from the tail serves it.
    served = allocate(MAJORITY, "shapley-sampled", confidence=0.9999999999999999, samples=100)
    assert served.details["confidence"] == 0.9999999999999999
    with pytest.raises(IpshareError, match=r"about 1e400 samples would take more than a thousand years"):
        allocate(SAGE, "shapley-sampled", samples=10**400)


def test_sampling_object_and_keywords_together_or_samples_with_tolerance():
    with pytest.raises(RuleError, match="not both"):
        allocate(SAGE, "shapley-sampled", sampling=Sampling(samples=10), seed=3)
    with pytest.raises(RuleError, match="samples or tolerance, not both"):
        allocate(SAGE, "shapley-sampled", samples=10, tolerance=0.1)


def test_an_unknown_or_unhashable_rule_is_a_rule_error():
    with pytest.raises(RuleError, match="did you mean 'shapley'"):
        allocate(SAGE, "shapely")
    with pytest.raises(RuleError, match="unknown rule"):
        allocate(SAGE, ["shapley"])


# Any option name and value, on any rule: a result or one of ipshare's own errors, never a TypeError, KeyError …
_KEYS = st.sampled_from(sorted({k for rule in RULES.values() for k in rule.keywords} | {"bogus", "Samples", ""}))
_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 5000), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=6), st.lists(st.sampled_from(["A", "B", "C", "Z", 1]), max_size=3),
    st.lists(st.lists(st.sampled_from(["A", "B", "C", "Z"]), max_size=3), max_size=3),
    st.dictionaries(st.sampled_from(["A", "B", "C", "Z"]), st.one_of(st.integers(-2, 9), st.text(max_size=2),
                                                                       st.floats()), max_size=3),
    st.sampled_from(["equal", "proportional", "highs", "cbc", "permutation", "stratified", "closest:shapley",
                     "nucleolus", "maxmin"]),
)
_NOT_THESE = ("progress",)  # a function, drawn separately below


@pytest.mark.filterwarnings("ignore:rule 'egalitarian' is the old name")  # the alias warns by design
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rule=st.sampled_from(sorted(RULES)), options=st.dictionaries(_KEYS.filter(lambda k: k not in _NOT_THESE),
                                                                    _VALUES, max_size=3))
def test_any_options_give_a_result_or_an_ipshare_error(rule, options):
    if isinstance(options.get("samples"), int) and options["samples"] > 2000:
        options["samples"] = 2000  # keep the run short; large counts are the sampler's business, not this test's
    options.pop("max_samples", None) if options.get("tolerance") is not None else None
    try:
        allocate(MAJORITY, rule, **options)
    except IpshareError as error:
        assert "\n" not in str(error)


# -- the command line goes the same way --------------------------------------------------------------------------


def test_the_cli_passes_the_same_keywords():
    result = CliRunner().invoke(cli, ["allocate", str(BATTERY), "-r", "shapley-sampled", "--samples", "40",
                                      "--seed", "3", "--sampling-method", "stratified", "-f", "json"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)["allocations"]["shapley-sampled"]
    library = ipshare.allocate(ipshare.load(BATTERY), "shapley-sampled", samples=40, seed=3, method="stratified")
    assert shown == pytest.approx(library.values, rel=1e-12)


def test_rules_command_shows_a_rules_options():
    runner = CliRunner()
    text = runner.invoke(cli, ["rules", "shapley-sampled", "core-lp"]).stdout
    for keyword in (*SAMPLING_KEYWORDS, "method", "sampling", "objective", "solver", "clauses"):
        assert f"  {keyword}: " in text
    assert "[--samples]" in text and "[--sampling-method]" in text
    document = json.loads(runner.invoke(cli, ["rules", "nash", "-f", "json"]).stdout)
    assert list(document["nash"]["options"]) == ["disagreement"]
    refused = runner.invoke(cli, ["rules", "shapely"])
    assert refused.exit_code == 2 and "did you mean 'shapley'" in refused.output


# -- every option documented -------------------------------------------------------------------------------------


def _function(rule):
    import importlib

    return getattr(importlib.import_module(rule.module, "ipshare.solutions"), rule.function)


@pytest.mark.parametrize("name", sorted(RULES))
def test_every_option_is_documented_and_reaches_its_function(name):
    rule = RULES[name]
    parameters = inspect.signature(_function(rule)).parameters
    for option in rule.options:
        if option != "method":  # folded into the Sampling with the other sampling keywords
            assert option in parameters, f"{name}: {option} is not a parameter of {rule.function}"
    for keyword in rule.keywords:
        assert keyword in OPTION_HELP
        assert f"``{keyword}``" in allocate.__doc__, f"allocate's docstring does not explain {keyword}"
        assert f"  {keyword}: " in rule.help
    # A parameter the function takes but the registry does not offer is an option nobody can reach: say why.
    hidden = {"game", "exact"} if name in ("shapley-sampled", "banzhaf-sampled") else {"game"}  # samplers: no exact
    if name == "core-lp":
        hidden.add("resolve")  # how the rules it refers to are computed: the registry's allocate by default
    unreachable = set(parameters) - set(rule.options) - hidden
    assert not unreachable, f"{name}: {sorted(unreachable)} are not registered options"


def test_help_of_ipshare_and_of_allocate():
    assert "ipshare.allocate" in ipshare.__doc__ and "samples=" in ipshare.__doc__
    assert allocate.__doc__.count("``") > 40


# -- Allocation.to_frame -----------------------------------------------------------------------------------------


def test_to_frame_is_indexed_by_member():
    pytest.importorskip("pandas")
    frame = allocate(SAGE, "shapley").to_frame(digits=2)
    assert frame.index.name == "member" and list(frame.index) == ["A", "B", "C"]
    assert frame.loc["C", "exact"] == 35 and frame.loc["C", "rounded"] == Decimal("35.00")
    assert list(frame.reset_index().columns) == ["member", "value", "exact", "percent", "rounded"]
    ties = allocate(MAJORITY, "shapley").to_frame(digits=2, ties="listed-last")
    assert list(ties["rounded"]) == [Decimal("0.33"), Decimal("0.33"), Decimal("0.34")]  # 1/3 each: C gets the cent
    with pytest.raises(RuleError, match="unknown tie rule"):
        allocate(MAJORITY, "shapley").to_frame(ties="random")


@pytest.mark.parametrize("path", sorted((ROOT / "scenarios").glob("*.yaml")), ids=lambda p: p.name)
def test_to_frame_shows_the_cents_and_percentages_allocate_shows(path):
    """One rounding: a notebook's frame and `ipshare allocate -f json` agree to the cent for every rule that runs
    (float rules too, reconciled to the exact v(N))."""
    pytest.importorskip("pandas")
    from ipshare.analyses.compare import default_rules

    scenario = ipshare.load(path)
    game = ipshare.scenario_game(scenario)
    # core-lp and shapley-sampled are float rules: their cents come from the reconciliation to the exact v(N).
    rules = [rule for rule in default_rules(game) if rule not in ("modiclus",)] + ["shapley-sampled"]
    allocations = {}
    for rule in rules:
        try:
            allocations[rule] = ipshare.allocate(game, rule)
        except IpshareError:
            pass  # undefined on this game (a bankruptcy rule on an alliance, …)
    arguments = [a for rule in allocations for a in ("-r", rule)]
    result = CliRunner().invoke(cli, ["allocate", str(path), *arguments, "-f", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    digits, ties = document["minor_unit"], document["rounding"]["ties"]
    compared = floats = 0
    for rule, rounded in document["rounded"].items():
        allocation = allocations[rule]
        floats += allocation.exact is None
        frame = allocation.to_frame(digits=digits, ties=ties)
        assert {m: str(frame.loc[m, "rounded"]) for m in frame.index} == rounded, rule
        if rule in document["percent"]:
            shown = {m: Decimal(text) for m, text in document["percent"][rule].items()}
            assert {m: Decimal(str(frame.loc[m, "percent"])).quantize(Decimal("0.01")) for m in frame.index} \
                == shown, rule
        else:
            assert all(math.isnan(p) for p in frame["percent"])
        compared += 1
    assert compared >= 1 and floats >= 1


TIED = """
alliance: {name: Three equal partners, currency: EUR}
members: {A: {type: enterprise}, B: {type: university}, C: {type: institute}}
contributions:
  - {id: CA, member: A, kind: cash, value: 1}
  - {id: CB, member: B, kind: cash, value: 1}
  - {id: CC, member: C, kind: cash, value: 1}
patents: {P: {from: [CA, CB, CC]}}
revenue: [{id: L, kind: licence, requires: [P], upfront: 1}]
agreement: {rounding: {ties: listed-last}}
"""


def test_frames_and_plots_break_ties_as_the_agreement_says():
    """Thirds of 1.00 EUR with `ties: listed-last`: C takes the spare cent and the spare hundredth of a percent
    in allocate's JSON, in to_frame and in the plot's labels alike."""
    pytest.importorskip("pandas")
    pytest.importorskip("matplotlib")
    from ipshare.report.plots import plot_allocations

    scenario = ipshare.loads(TIED)
    shapley = ipshare.allocate(ipshare.benefit_game(scenario), "shapley")
    frame = shapley.to_frame(digits=2, ties="listed-last")
    assert [str(x) for x in frame["rounded"]] == ["0.33", "0.33", "0.34"]
    assert list(frame["percent"]) == [33.33, 33.33, 33.34]
    svg = plot_allocations([shapley], fmt="svg", scenario=scenario).decode()
    assert svg.count(">33.33 %<") == 2 and svg.count(">33.34 %<") == 1
    assert svg.index(">33.34 %<") > svg.rindex(">33.33 %<")  # the third bar, C's


def test_an_option_given_as_none_is_left_at_its_default():
    # Found by the generated options test: prenucleolus(constraints=None) raised TypeError from the rule.
    majority = table_game(["A", "B", "C"], {"A+B": 1, "A+C": 1, "B+C": 1, "A+B+C": 1})
    assert allocate(majority, "prenucleolus", constraints=None).exact == allocate(majority, "prenucleolus").exact
