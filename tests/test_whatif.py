"""What-if (--set, --drop), sweeps (numeric, parallel, Dask, symbolic) and rule comparison.

The worked example of docs/model.md has one breakpoint worked by hand: the university rents the institute's rig
on its own only while the rent is below what the licence it enables is worth (1600/11), so every rule changes
course there, and the institute's Shapley value is half the rent up to it (docs/model.md: "half of what its own
equipment saves the university").
"""

import json
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

import ipshare
from ipshare.analyses.whatif import drop_members, numeric_sweep, sweep_values, symbolic_sweep, whatif
from ipshare.cli import cli
from ipshare.errors import IpshareError, ScenarioError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "scenarios" / "worked-example.yaml"
BATTERY = ROOT / "scenarios" / "battery-alliance.yaml"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_set_changes_the_field_and_is_recorded():
    scenario = ipshare.load(EXAMPLE, ["revenue.L.royalty.rate=0.2", "members.U.type=institute",
                                      "agreement.rule=nucleolus"])
    assert scenario.revenue[0].royalty.rate == Fraction(1, 5)
    assert scenario.members["U"].type == "institute"
    assert scenario.agreement.rule == "nucleolus"
    assert scenario.overrides == ("revenue.L.royalty.rate=0.2", "members.U.type=institute", "agreement.rule=nucleolus")
    assert scenario.sha256 == ipshare.load(EXAMPLE).sha256  # the file's identity; the overrides are listed beside it


@pytest.mark.parametrize(
    "override, words",
    [
        ("revenue.X.royalty.rate=1", "--set revenue.X.royalty.rate: no item with id 'X' in revenue"),
        ("revenue.L.royalty.rate=abc", "--set revenue.L.royalty.rate: must be a number"),
        ("revenue.L.royalty.rat=0.1", "did you mean 'rate'"),
        ("members.U.type=firm", "--set members.U.type: unknown member type 'firm'"),
        ("alliance.name.x=1", "alliance.name is a single value"),
        ("revenue[7].upfront=1", "out of range"),
        ("nonsense", "expected PATH=VALUE"),
        ("contributions.CA.value=[1", "not valid YAML data"),
    ],
)
def test_bad_overrides_are_one_line_errors(override, words):
    with pytest.raises(ScenarioError) as caught:
        ipshare.load(EXAMPLE, [override])
    assert words in str(caught.value) and "\n" not in str(caught.value)


def test_set_values_are_data_never_code():
    # A YAML tag that would construct an object is refused by the safe loader, not run.
    with pytest.raises(ScenarioError):
        ipshare.load(EXAMPLE, ["alliance.name=!!python/object/apply:os.system ['echo hi']"])


def test_every_scenario_command_takes_set():
    for command in ("validate", "allocate", "game", "core"):
        result = run(command, EXAMPLE, "--set", "revenue.L.royalty.rate=abc")
        assert result.exit_code == 2 and "--set revenue.L.royalty.rate" in result.stderr, command


def test_allocate_json_lists_the_overrides():
    document = json.loads(run("allocate", EXAMPLE, "--set", "contributions.CI.substitute_cost=200", "-f",
                              "json").stdout)
    assert document["scenario"]["overrides"] == ["contributions.CI.substitute_cost=200"]
    assert document["exact"]["shapley"]["I"] == "800/11"


def test_whatif_side_by_side():
    comparison = whatif(EXAMPLE, ["contributions.CI.substitute_cost=200"], rules=["shapley"])
    assert comparison.baseline[2][0].exact["I"] == 25
    assert comparison.variant[2][0].exact["I"] == Fraction(800, 11)
    document = json.loads(run("whatif", EXAMPLE, "--set", "contributions.CI.substitute_cost=200", "-f",
                              "json").stdout)
    assert document["change"]["shapley"]["I"] == {"amount": "47.72", "points": "13.81"}
    assert sum(Fraction(v["amount"]) for v in document["change"]["shapley"].values()) == 0
    assert run("whatif", EXAMPLE).exit_code == 2  # nothing to change


def test_drop_member_is_the_subgame():
    game = ipshare.benefit_game(ipshare.load(EXAMPLE))
    smaller = drop_members(game, ["I"])
    assert smaller.players == ("A", "U")
    assert [smaller.exact_value(c) for c in ("A", "U", "A+U")] == [0, Fraction(1050, 11), Fraction(3250, 11)]
    with pytest.raises(IpshareError, match="did you mean 'I'"):
        drop_members(game, ["Ii"])
    result = run("whatif", EXAMPLE, "--drop", "I", "-r", "shapley", "-r", "proportional", "-f", "json")
    document = json.loads(result.stdout)
    assert document["whatif"]["members"] == ["A", "U"]
    assert document["change"]["shapley"]["I"] == {"amount": None, "points": None}
    # Proportional to the remaining members' contributions: 600 : 300 of v(A+U) = 3250/11.
    assert document["whatif"]["allocations"]["proportional"]["A"] == pytest.approx(3250 / 11 * 2 / 3)
    bad = run("whatif", EXAMPLE, "--drop", "Z")
    assert bad.exit_code == 2 and "no member 'Z'" in bad.stderr


def test_numeric_sweep_in_order_locally_and_in_parallel():
    values = sweep_values(0, 300, 7)
    serial, rules = numeric_sweep(EXAMPLE, "contributions.CI.substitute_cost", values, ["shapley"], workers=1)
    parallel, _ = numeric_sweep(EXAMPLE, "contributions.CI.substitute_cost", values, ["shapley"], workers=2)
    assert [p.value for p in serial] == values == [p.value for p in parallel]
    assert [p.exact for p in serial] == [p.exact for p in parallel]
    assert [p.exact["shapley"]["I"] for p in serial] == [0, 25, 50] + [Fraction(800, 11)] * 4


def test_dask_sweep_matches_local():
    distributed = pytest.importorskip("distributed")
    values = sweep_values(0, 300, 5)
    local, _ = numeric_sweep(EXAMPLE, "contributions.CI.substitute_cost", values, ["shapley", "nucleolus"], workers=1)
    cluster = distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None)
    with cluster:
        remote, _ = numeric_sweep(EXAMPLE, "contributions.CI.substitute_cost", values, ["shapley", "nucleolus"],
                                  scheduler=cluster.scheduler_address)
    assert [p.exact for p in remote] == [p.exact for p in local]


def test_symbolic_sweep_finds_the_breakpoint_by_hand():
    result = symbolic_sweep(EXAMPLE, "contributions.CI.substitute_cost", 0, 300, ["shapley", "nucleolus"])
    for rule in ("shapley", "nucleolus"):
        pieces = result.pieces[rule]
        assert [(p.start, p.stop) for p in pieces] == [(0, Fraction(1600, 11)), (Fraction(1600, 11), 300)]
        index = result.members.index("I")
        assert (pieces[0].slopes[index], pieces[0].intercepts[index]) == (Fraction(1, 2), 0)
        assert (pieces[1].slopes[index], pieces[1].intercepts[index]) == (0, Fraction(800, 11))
    assert {b["at"] for b in result.breakpoints if b["kind"] == "slope"} == {Fraction(1600, 11)}


@pytest.mark.parametrize("parameter, start, stop", [
    ("contributions.CI.substitute_cost", 0, 300),
    ("revenue.L.royalty.rate", 0, Fraction(3, 10)),
    ("revenue.S.margin", 0, 1000),
])
def test_symbolic_agrees_with_numeric_at_sampled_points(parameter, start, stop):
    rules = ["shapley", "banzhaf", "nucleolus"]
    result = symbolic_sweep(EXAMPLE, parameter, start, stop, rules)
    values = sweep_values(start, stop, 9)
    points, _ = numeric_sweep(EXAMPLE, parameter, values, rules, workers=1)
    for point in points:
        for rule in rules:
            piece = next(p for p in result.pieces[rule] if p.start <= point.value <= p.stop)
            assert dict(zip(result.members, piece.at(point.value), strict=True)) == point.exact[rule]


def test_ranking_breakpoints_are_where_the_numeric_ranking_changes():
    result = symbolic_sweep(EXAMPLE, "revenue.S.margin", 0, 1000, ["shapley"])
    crossings = [b for b in result.breakpoints if b["kind"] == "ranking"]
    assert crossings
    for crossing in crossings:
        first, second = crossing["members"]
        at = crossing["at"]
        points, _ = numeric_sweep(EXAMPLE, "revenue.S.margin", [at - 1, at, at + 1], ["shapley"], workers=1)
        before, exactly, after = (p.exact["shapley"] for p in points)
        assert exactly[first] == exactly[second]
        assert (before[first] - before[second]) * (after[first] - after[second]) < 0


def test_symbolic_refuses_a_non_linear_parameter():
    with pytest.raises(IpshareError, match="not piecewise linear"):
        symbolic_sweep(EXAMPLE, "alliance.discount_rate", 0, Fraction(1, 5), ["shapley"])


def test_sweep_command():
    result = run("sweep", EXAMPLE, "--param", "contributions.CI.substitute_cost", "--from", "0", "--to", "300",
                 "--steps", "4", "-f", "csv")
    lines = result.stdout.splitlines()
    assert result.exit_code == 0 and len(lines) == 5
    assert lines[0] == "contributions.CI.substitute_cost,grand_value,shapley:A,shapley:U,shapley:I"
    symbolic = json.loads(run("sweep", EXAMPLE, "--param", "contributions.CI.substitute_cost", "--from", "0", "--to",
                              "300", "--symbolic", "-f", "json").stdout)
    assert symbolic["breakpoints"][0]["at"] == "1600/11"
    assert symbolic["pieces"]["shapley"]["I"][0] == {"from": "0", "to": "1600/11", "slope": "1/2", "intercept": "0"}
    bad = run("sweep", EXAMPLE, "--param", "revenue.Q.upfront", "--from", "0", "--to", "1")
    assert bad.exit_code == 2 and "no item with id 'Q'" in bad.stderr


def test_compare_command_and_batch_csv(tmp_path):
    result = run("compare", EXAMPLE, "-r", "shapley", "-r", "proportional", "-r", "nucleolus", "-f", "json")
    assert result.exit_code == 0, result.output
    rules = json.loads(result.stdout)["comparisons"][0]["rules"]
    assert rules["shapley"]["efficient"] and rules["shapley"]["in_core"]
    assert rules["proportional"]["in_core"] is False and rules["proportional"]["blocking_coalitions"] == 1
    assert rules["shapley"]["l1_from_shapley"] == 0
    batch = run("compare", EXAMPLE, ROOT / "scenarios" / "glove-game.yaml", "-f", "csv", "-o", tmp_path / "c.csv")
    assert batch.exit_code == 0
    text = (tmp_path / "c.csv").read_text()
    assert "glove-game.yaml" in text and "worked-example.yaml" in text
    assert "stand-alone values sum to zero" in text  # proportional does not apply to the glove game: said, not hidden


def test_compare_symmetry_and_axioms():
    from ipshare.analyses.compare import compare_rules, symmetric_pairs

    glove = ipshare.scenario_game(ipshare.load(ROOT / "scenarios" / "glove-game.yaml"))
    assert symmetric_pairs(glove) == [("R1", "R2")]
    results = {r.rule: r for r in compare_rules(glove, ["shapley", "nucleolus", "equal"])}
    assert results["shapley"].equal_treatment and results["nucleolus"].in_core
    assert not results["shapley"].in_core  # the glove game's core is the single point (1, 0, 0)
    assert results["equal"].individually_rational


@pytest.mark.parametrize("symbolic", [False, True])
def test_sweep_plot(tmp_path, symbolic):
    pytest.importorskip("matplotlib")
    target = tmp_path / "sweep.png"
    args = ["sweep", EXAMPLE, "--param", "contributions.CI.substitute_cost", "--from", "0", "--to", "300",
            "--steps", "4", "--plot", target] + (["--symbolic"] if symbolic else [])
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"\x89PNG")
    refused = run("sweep", EXAMPLE, "--param", "revenue.L.upfront", "--from", "0", "--to", "1", "--plot", EXAMPLE)
    assert refused.exit_code == 2 and EXAMPLE.read_text().startswith("# The worked example")


# --------------------------------------------------------------------------------------------------------------
# Read once: every point of a sweep, both sides of a what-if, are of the bytes read at the start


def replaced_after_the_first_load(monkeypatch, path):
    """``path`` holds the worked example; after the scenario is first loaded the file is replaced by another
    alliance (a margin ten times larger), as an editor or a script might do while a sweep runs. Returns the
    original's SHA-256."""
    import hashlib

    from ipshare.model import loading as module

    original = EXAMPLE.read_bytes()
    path.write_bytes(original)
    changed = original.replace(b"margin: 220", b"margin: 2200")
    assert changed != original
    real_loads = module.loads
    calls = []

    def loads(*args, **kwargs):
        result = real_loads(*args, **kwargs)
        calls.append(1)
        if len(calls) == 1:
            path.write_bytes(changed)
        return result

    monkeypatch.setattr(module, "loads", loads)
    return hashlib.sha256(original).hexdigest(), calls


@pytest.mark.parametrize("workers", [1, 2])
def test_a_sweep_whose_file_is_replaced_while_it_runs_is_all_of_the_original(tmp_path, monkeypatch, workers):
    # Issue 11: replaced mid-run, 2,694 of 3,000 points came from the new file under the old file's SHA-256.
    expected = json.loads(run("sweep", EXAMPLE, "--param", "revenue.L.upfront", "--from", "0", "--to", "100",
                              "--steps", "5", "--workers", "1", "-f", "json").stdout)
    path = tmp_path / "alliance.yaml"
    sha256, calls = replaced_after_the_first_load(monkeypatch, path)
    result = run("sweep", path, "--param", "revenue.L.upfront", "--from", "0", "--to", "100", "--steps", "5",
                 "--workers", workers, "-f", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["scenario"]["sha256"] == sha256 == expected["scenario"]["sha256"]
    assert document["points"] == expected["points"]
    assert calls  # the patched loader ran, so the file was replaced during the sweep


def test_the_library_sweeps_read_the_file_once(tmp_path, monkeypatch):
    from ipshare.model import loading as module

    values = sweep_values(0, 300, 7)
    expected, _ = numeric_sweep(EXAMPLE, "contributions.CI.substitute_cost", values, ["shapley"], workers=1)
    path = tmp_path / "alliance.yaml"
    replaced_after_the_first_load(monkeypatch, path)
    reads = []
    real_read = module.read
    monkeypatch.setattr(module, "read", lambda where: (reads.append(where), real_read(where))[1])
    points, _ = numeric_sweep(path, "contributions.CI.substitute_cost", values, ["shapley"], workers=2)
    assert [p.exact for p in points] == [p.exact for p in expected]
    path.write_bytes(EXAMPLE.read_bytes())
    symbolic = symbolic_sweep(path, "contributions.CI.substitute_cost", 0, 300, ["shapley"])
    assert [(p.start, p.stop) for p in symbolic.pieces["shapley"]] == [(0, Fraction(1600, 11)),
                                                                          (Fraction(1600, 11), 300)]
    assert reads == [path, path]  # once per sweep


def test_whatif_and_compare_read_each_file_once(tmp_path, monkeypatch):
    from ipshare.model import loading as module

    expected = json.loads(run("whatif", EXAMPLE, "--set", "revenue.L.upfront=50", "-f", "json").stdout)
    path = tmp_path / "alliance.yaml"
    sha256, _ = replaced_after_the_first_load(monkeypatch, path)
    reads = []
    real_read = module.read
    monkeypatch.setattr(module, "read", lambda where: (reads.append(Path(where).name), real_read(where))[1])
    document = json.loads(run("whatif", path, "--set", "revenue.L.upfront=50", "-f", "json").stdout)
    assert reads == ["alliance.yaml"]
    for side in ("baseline", "whatif", "change"):
        assert document[side] == expected[side]
    assert document["scenario"]["sha256"] == sha256 == expected["scenario"]["sha256"]
    reads.clear()
    assert run("compare", EXAMPLE, ROOT / "scenarios" / "glove-game.yaml", "-r", "shapley").exit_code == 0
    assert reads == ["worked-example.yaml", "glove-game.yaml"]


# --------------------------------------------------------------------------------------------------------------
# Dask scheduler addresses


SWEEP = ["sweep", EXAMPLE, "--param", "revenue.L.upfront", "--from", "0", "--to", "1", "--steps", "3"]


@pytest.mark.parametrize(
    ("address", "words"),
    [
        ("bogus", "expected tcp://HOST:PORT"),
        ("", "expected tcp://HOST:PORT"),
        ("http://x", "web address"),
        ("https://dashboard:8787/status", "web address"),
        ("inproc://x", "inside one Python process"),
        ("inproc://127.0.0.1/1/1", "inside one Python process"),
        ("tcp://h:99999", "port from 1 to 65535"),
        ("tcp://h:0", "port from 1 to 65535"),
        ("tcp://h:port", "port from 1 to 65535"),
        ("tcp://:8786", "expected tcp://HOST:PORT"),
        ("tcp://h:8786/path", "nothing more"),
        ("tcp://user@h:8786", "nothing more"),
        ("ftp://h:21", "unknown address scheme 'ftp'"),
    ],
)
def test_a_scheduler_address_of_the_wrong_form_is_one_line_before_any_work(address, words):
    # Each was a traceback (issue 11), after the scenario had been read and validated.
    result = run(*SWEEP, "--scheduler", address)
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and words in lines[0] and "Traceback" not in result.stderr, result.stderr


def test_scheduler_address_forms():
    from ipshare.analyses.whatif import scheduler_address

    assert scheduler_address("127.0.0.1:8786") == "tcp://127.0.0.1:8786"
    assert scheduler_address(" tcp://[::1]:8786 ") == "tcp://[::1]:8786"
    assert scheduler_address("ws://h:80") == "ws://h:80"
    assert scheduler_address("inproc://10.0.0.1/123/4") == "inproc://10.0.0.1/123/4"  # the library's own cluster


@pytest.mark.parametrize("address", ["tcp://127.0.0.1:1", "127.0.0.1:1", "tls://127.0.0.1:1"])
def test_a_scheduler_that_does_not_answer_is_one_line_after_a_short_wait(monkeypatch, address):
    pytest.importorskip("distributed")
    import time

    from ipshare.analyses import whatif as module

    monkeypatch.setattr(module, "DASK_CONNECT_TIMEOUT", 0.5)
    began = time.monotonic()
    result = run(*SWEEP, "--scheduler", address)
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert ("cannot reach the Dask scheduler" in lines[0]) or ("TLS" in lines[0])
    assert time.monotonic() - began < 5
