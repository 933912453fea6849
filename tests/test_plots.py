"""Plots (allocation by rule, sweep lines, the IP graph) and Allocation.to_frame: deterministic bytes, what is drawn,
written whole, and one line naming the extra when matplotlib or pandas is missing."""

import math
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

import ipshare
from ipshare.alliance.benefit import scenario_game
from ipshare.cli import cli
from ipshare.games import table_game
from ipshare.optional import MissingExtra
from ipshare.report.plots import plot_allocations, plot_graph, plot_sweep

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
EXAMPLE = SCENARIOS / "worked-example.yaml"
PNG = b"\x89PNG\r\n\x1a\n"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def example():
    scenario = ipshare.load(EXAMPLE)
    game = scenario_game(scenario)
    return scenario, [ipshare.allocate(game, rule) for rule in ("shapley", "graph-flow", "proportional")]


def test_allocation_bars(example):
    scenario, allocations = example
    svg = plot_allocations(allocations, fmt="svg", scenario=scenario).decode()
    assert svg == plot_allocations(allocations, fmt="svg", scenario=scenario).decode()
    for rule in ("shapley", "graph-flow", "proportional"):
        assert rule in svg  # the legend
    # Each bar is labelled with its reconciled percentage: Shapley gives A, U, I 28.947…, 63.815…, 7.236… %; the
    # two hundredths the floors miss go to the largest remainders, A's and I's, so U shows 63.81 (not 63.82).
    assert ">28.95 %<" in svg and ">63.81 %<" in svg and ">7.24 %<" in svg and "University of Upton" in svg
    assert "<dc:date>" not in svg and "ipshare" in svg
    png = plot_allocations(allocations, scenario=scenario)
    assert png.startswith(PNG) and png == plot_allocations(allocations, scenario=scenario)


def test_graph_draws_every_node(example):
    scenario, _ = example
    svg = plot_graph(scenario, fmt="svg").decode()
    for label in (
        "CA · cash",
        "CU · personnel",
        "BG (background)",
        "P1",
        "P2",
        "own use by A",
        "S · 200",
        "L · 145.5",
        "builds on (blocking patent)",
    ):
        assert label in svg, label
    assert svg == plot_graph(scenario, fmt="svg").decode()


def test_graph_of_a_classic_game_is_refused():
    with pytest.raises(ipshare.IpshareError, match="classic game"):
        plot_graph(ipshare.load(SCENARIOS / "glove-game.yaml"))


def test_sweep_lines(tmp_path):
    values = [0, 0.01, 0.02, 0.03]
    series = {
        "shapley": {"A": [1.0, 2.0, 3.0, 4.0], "B": [4.0, 3.0, 2.0, 1.0]},
        "nucleolus": {"A": [1.5, None, 2.5, 3.0], "B": [3.5, 3.0, 2.5, 2.0]},  # None: undefined there, a gap
    }
    out = tmp_path / "sweep.svg"
    data = plot_sweep("revenue.L.royalty.rate", values, series, [(0.015, "A overtakes B"), 0.025], out)
    assert out.read_bytes() == data
    text = data.decode()
    assert "A overtakes B" in text and "revenue.L.royalty.rate" in text and "nucleolus" in text
    assert plot_sweep("revenue.L.royalty.rate", values, series, [(0.015, "A overtakes B"), 0.025], fmt="svg") == data
    with pytest.raises(ValueError, match="one per value"):
        plot_sweep("x", [0, 1], {"shapley": {"A": [1.0]}})


def test_unknown_image_format_is_refused(example, tmp_path):
    with pytest.raises(ValueError, match=r"\.png or \.svg"):
        plot_allocations(example[1], tmp_path / "bars.pdf")
    assert list(tmp_path.iterdir()) == []


def test_plot_command(tmp_path):
    first, second = tmp_path / "a.png", tmp_path / "b.png"
    assert run("plot", EXAMPLE, "-r", "shapley", "-r", "nucleolus", "-o", first).exit_code == 0
    assert run("plot", EXAMPLE, "-r", "shapley", "-r", "nucleolus", "-o", second).exit_code == 0
    assert first.read_bytes().startswith(PNG) and first.read_bytes() == second.read_bytes()
    graph = tmp_path / "graph.svg"
    assert run("plot", EXAMPLE, "--kind", "graph", "-o", graph).exit_code == 0
    assert graph.read_text().startswith("<?xml")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--kind", "graph", "-o", "out.pdf"), "end it in .png or .svg"),
        (("--kind", "graph", "-r", "shapley", "-o", "out.png"), "--rule applies to --kind allocation"),
    ],
)
def test_plot_command_bad_options(tmp_path, args, message):
    result = run("plot", EXAMPLE, *[tmp_path / a if a.startswith("out.") else a for a in args])
    assert result.exit_code == 2 and message in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_plot_of_a_classic_game_graph_is_one_line(tmp_path):
    result = run("plot", SCENARIOS / "glove-game.yaml", "--kind", "graph", "-o", tmp_path / "g.png")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1


def test_plot_output_equal_to_input_is_refused(tmp_path):
    copy = tmp_path / "example.svg"  # an odd name for a scenario, but the command must not overwrite its input
    copy.write_bytes(EXAMPLE.read_bytes())
    result = run("plot", copy, "-o", copy)
    assert result.exit_code == 2


def test_missing_matplotlib(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    out = tmp_path / "bars.png"
    result = run("plot", EXAMPLE, "-o", out)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "pip install 'ipshare[plot]'" in result.stderr
    assert not out.exists()


# -- Allocation.to_frame -------------------------------------------------------------------------------------------


def test_to_frame(example):
    pytest.importorskip("pandas")
    _, allocations = example
    frame = allocations[0].to_frame(digits=2)
    assert list(frame.columns) == ["value", "exact", "percent", "rounded"]
    assert frame.index.name == "member" and list(frame.index) == ["A", "U", "I"]
    assert list(frame["exact"]) == [Fraction(100), Fraction(2425, 11), Fraction(25)]
    assert sum(frame["rounded"]) == Decimal("345.45")  # v(N) = 3800/11, reconciled
    assert round(sum(Decimal(str(p)) for p in frame["percent"]), 2) == Decimal("100.00")


def test_to_frame_of_a_sampled_rule_and_a_zero_game():
    pytest.importorskip("pandas")
    game = table_game(["A", "B", "C"], {"A+B": 1, "A+B+C": 1})
    frame = ipshare.allocate(game, "shapley-sampled").to_frame()
    assert "stderr" in frame.columns and "rounded" not in frame.columns
    zero = ipshare.allocate(table_game(["A", "B"], {}), "shapley").to_frame()
    assert all(math.isnan(p) for p in zero["percent"])


def test_to_frame_without_pandas(example, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="pip install pandas") as caught:
        example[1][0].to_frame()
    assert isinstance(caught.value, MissingExtra)
