"""Limits: inputs and requests too large to serve are refused early, in one line that says what to do instead; and
``--time-limit`` ends long computations with the best answer so far (sampled rules) or a clear error (exact ones).

Each refusal is checked for its exit status, its one line, the advice in it, that nothing was written, and that it
came quickly (the point of a limit is not to start the work).
"""

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from ipshare import deadline
from ipshare.cli import cli
from ipshare.errors import GameError, ScenarioError
from ipshare.model.limits import (
    MAX_ALIAS_EXPANSION,
    MAX_BUYABLE_CONTRIBUTIONS,
    MAX_FILE_BYTES,
    MAX_ID_LENGTH,
    MAX_LINE_LENGTH,
    MAX_NESTING,
    MAX_TEXT_LENGTH,
)
from ipshare.model.loading import loads

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
POOL = SCENARIOS / "standards-pool.yaml"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def refused(result, status=2):
    """The stderr line of a clean refusal: the status, one line, nothing on stdout."""
    assert result.exit_code == status, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert result.stdout == ""
    return lines[0]


def timed(*args):
    started = time.perf_counter()
    result = run(*args)
    return result, time.perf_counter() - started


# --------------------------------------------------------------------------------------------------------------
# Scenario files


def test_a_file_of_hundreds_of_megabytes_is_refused_by_its_size_before_reading(tmp_path):
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as stream:
        stream.truncate(500 * 2**20)  # sparse: 500 MB of zeros that take no disk
    output = tmp_path / "out.json"
    result, seconds = timed("allocate", huge, "-o", output)
    line = refused(result)
    assert "larger than 50 MB" in line and "structure" in line
    assert seconds < 1 and not output.exists()


def test_the_size_limit_holds_for_text_given_in_memory_too():
    with pytest.raises(ScenarioError, match="larger than 50 MB"):
        loads(b"#" * (MAX_FILE_BYTES + 1))


def billion_laughs(levels=9):
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 10)}]")
    return "\n".join(lines) + f"\nmembers: *a{levels - 1}\n"


def test_a_yaml_alias_bomb_is_refused_without_expanding_it(tmp_path):
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(billion_laughs())  # 10^9 items once expanded
    result, seconds = timed("validate", bomb)
    line = refused(result)
    assert "aliases" in line and f"{MAX_ALIAS_EXPANSION:,}" in line and "write the repeated parts out" in line
    assert seconds < 2


def test_a_few_aliases_are_fine():
    text = (SCENARIOS / "worked-example.yaml").read_text()
    text = text.replace(
        "  I: {name: Institute of Instruments, type: institute}",
        "  I: &institute {name: Institute of Instruments, type: institute}\n  J: *institute",
    )
    assert loads(text).members["J"].type == "institute"


def test_a_recursive_alias_is_refused(tmp_path):
    source = tmp_path / "loop.yaml"
    source.write_text("alliance: {name: x}\nmembers: &m {A: *m}\n")
    assert "nested more than" in refused(run("validate", source))


@pytest.mark.parametrize("depth", [MAX_NESTING + 5, 5000])
@pytest.mark.parametrize("suffix", [".yaml", ".json", ".toml"])
def test_deep_nesting_is_refused_in_every_format(tmp_path, suffix, depth):
    nested = "[" * depth + "1" + "]" * depth
    text = {
        ".yaml": f"alliance: {{name: x}}\nmembers: {nested}\n",
        ".json": f'{{"alliance": {{"name": "x"}}, "members": {nested}}}',
        ".toml": f'members = {nested}\n[alliance]\nname = "x"\n',
    }[suffix]
    source = tmp_path / f"deep{suffix}"
    source.write_text(text)
    line = refused(run("validate", source))
    assert "nested more than" in line and "levels deep" in line


def test_a_set_value_is_read_under_the_same_guards():
    bomb = billion_laughs().replace("\nmembers: *a8\n", "\nall: *a8\n").replace("\n", ", ")
    line = refused(run("validate", SCENARIOS / "worked-example.yaml", "--set", f"alliance.name={{{bomb}}}"))
    assert line.startswith("error: --set alliance.name: YAML aliases")


@pytest.mark.parametrize(
    "value, words",
    [
        ("1e999999999", "out of the range"),
        ("-1e-999999999", "out of the range"),
        ("1e19", "too large"),
        ("0.0000000000000000001", "out of the range"),
        ("1" + "0" * 5000, "4300"),
    ],
)
@pytest.mark.parametrize("suffix", [".yaml", ".json", ".toml"])
def test_numbers_beyond_what_money_needs_are_refused_quickly(tmp_path, suffix, value, words):
    text = {
        ".yaml": f"alliance: {{name: x}}\nmembers: {{A: {{type: other}}}}\n"
        f"contributions: [{{id: C, member: A, kind: cash, value: {value}}}]\n",
        ".json": f'{{"alliance": {{"name": "x"}}, "members": {{"A": {{"type": "other"}}}}, '
        f'"contributions": [{{"id": "C", "member": "A", "kind": "cash", "value": {value}}}]}}',
        ".toml": f'[alliance]\nname = "x"\n[members.A]\ntype = "other"\n'
        f'[[contributions]]\nid = "C"\nmember = "A"\nkind = "cash"\nvalue = {value}\n',
    }[suffix]
    source = tmp_path / f"s{suffix}"
    source.write_text(text)
    result, seconds = timed("validate", source)
    assert words in refused(result)
    assert seconds < 1


def test_sweep_bounds_are_read_the_same_way():
    result, seconds = timed(
        "sweep",
        SCENARIOS / "worked-example.yaml",
        "--param",
        "alliance.discount_rate",
        "--from",
        "0",
        "--to",
        "1e999999999",
    )
    assert result.exit_code == 2 and "out of the range" in result.stderr
    assert seconds < 1


@pytest.mark.parametrize(
    "field, value, limit",
    [
        ("alliance.name", "N" * (MAX_LINE_LENGTH + 1), f"has at most {MAX_LINE_LENGTH}"),
        ("members.A.name", "联" * (MAX_LINE_LENGTH + 1), f"has at most {MAX_LINE_LENGTH}"),
        ("alliance.description", "d" * (MAX_TEXT_LENGTH + 1), f"has at most {MAX_TEXT_LENGTH:,}"),
        ("members", "M" * (MAX_ID_LENGTH + 1), f"an id has at most {MAX_ID_LENGTH}"),
    ],
)
def test_text_longer_than_its_field_holds_is_refused_with_the_limit(tmp_path, field, value, limit):
    """The 224-character alliance name that crashed the DOCX writer is refused at load, before any output."""
    data = {"alliance": {"name": "x"}, "members": {"A": {"type": "enterprise", "name": "A"}}}
    if field == "members":
        data["members"] = {value: {"type": "enterprise"}}
    else:
        section, *rest = field.split(".")
        node = data[section]
        for key in rest[:-1]:
            node = node[key]
        node[rest[-1]] = value
    source = tmp_path / "long.json"
    source.write_text(json.dumps(data, ensure_ascii=False, indent=1))
    output = tmp_path / "annex.docx"
    line = refused(run("report", source, "-o", output))
    shown = field if field != "members" else "members."
    assert "long.json:" in line and f": {shown}" in line and f"{len(value):,} characters long" in line
    assert limit in line and not output.exists()


def buyable_alliance(groups, per_group, members=2):
    """``groups`` revenue sources, each needing its own patent made from ``per_group`` buyable contributions."""
    document = {"alliance": {"name": "Buyable"}, "members": {f"M{i}": {"type": "enterprise"} for i in range(members)},
                "contributions": [], "patents": {}, "revenue": []}
    for group in range(groups):
        made_from = []
        for j in range(per_group):
            contribution_id = f"C{group}-{j}"
            document["contributions"].append({"id": contribution_id, "member": f"M{j % members}", "kind": "cash",
                                              "value": 10 + j, "substitute_cost": 1 + group + j})
            made_from.append(contribution_id)
        document["patents"][f"P{group}"] = {"from": made_from}
        document["revenue"].append({"id": f"L{group}", "kind": "licence", "requires": [f"P{group}"],
                                    "upfront": 100 * (group + 1)})
    return document


def test_buyable_contributions_beyond_what_the_game_can_weigh_are_refused_by_validate(tmp_path):
    """17 buyable contributions needed by one licence passed validate, then allocate failed naming no file or field.
    The loader now refuses them (the limit is ipshare.model.limits.MAX_BUYABLE_CONTRIBUTIONS, which the game builders
    import), pointing at the 17th contribution's substitute_cost."""
    source = tmp_path / "buy.json"
    text = json.dumps(buyable_alliance(1, MAX_BUYABLE_CONTRIBUTIONS + 1), indent=2)
    source.write_text(text)
    for command in ("validate", "allocate"):
        line = refused(run(command, source))
        lines = text.splitlines()
        start = lines.index('      "id": "C0-16",')
        expected_line = next(i for i in range(start, len(lines)) if '"substitute_cost"' in lines[i]) + 1
        assert line.startswith(f"{source}:{expected_line}: contributions.C0-16.substitute_cost: 17 "), line
        assert f"at most {MAX_BUYABLE_CONTRIBUTIONS} can be weighed at once" in line and "L0" in line


def test_buyable_contributions_of_independent_sources_are_weighed_apart():
    """Two licences needing 9 and 8 buyable contributions (17 in all, none shared): the game is the sum of the two
    one-licence games (v is additive over revenue sources that share no purchase, docs/model.md)."""
    from ipshare.alliance.benefit import benefit_game

    both = benefit_game(loads(json.dumps(buyable_alliance(2, 9)), "json"))
    first = buyable_alliance(2, 9)
    first["revenue"] = first["revenue"][:1]
    second = buyable_alliance(2, 9)
    second["revenue"] = second["revenue"][1:]
    parts = [benefit_game(loads(json.dumps(document), "json")) for document in (first, second)]
    for mask in range(1, 4):
        assert both.exact_value(mask) == parts[0].exact_value(mask) + parts[1].exact_value(mask)
    assert both.exact_grand_value == 300


# --------------------------------------------------------------------------------------------------------------
# Games too large


def alliance(members):
    """An alliance of ``members`` members, one licence each needing the joint patent of a pair."""
    lines = ["alliance: {name: Wide alliance}", "members:"]
    lines += [f"  M{i}: {{type: enterprise}}" for i in range(members)]
    lines.append("contributions:")
    lines += [f"  - {{id: C{i}, member: M{i}, kind: cash, value: {1 + i}}}" for i in range(members)]
    lines.append("patents:")
    lines += [f"  P{i}: {{from: [C{i}, C{(i + 1) % members}]}}" for i in range(members)]
    lines.append("revenue:")
    lines += [f"  - {{id: L{i}, kind: licence, requires: [P{i}], upfront: {100 + i}}}" for i in range(members)]
    return "\n".join(lines) + "\n"


def test_a_dense_table_beyond_the_largest_is_refused_with_advice(tmp_path):
    source = tmp_path / "wide.yaml"
    source.write_text(alliance(30))
    assert run("allocate", source, "-r", "shapley").exit_code == 0  # kept by its structure: fine
    result, seconds = timed("allocate", source, "-r", "nucleolus")
    line = refused(result)
    assert "2^30" in line and "too large" in line and "shapley" in line and "sampling" in line
    assert seconds < 2


def test_a_dense_table_beyond_memory_is_refused_with_advice(tmp_path, monkeypatch):
    import ipshare.games.table as games

    monkeypatch.setattr(games, "available_memory", lambda: 2**30)  # 1 GiB free
    source = tmp_path / "wide.yaml"
    source.write_text(alliance(26))
    line = refused(run("allocate", source, "-r", "nucleolus"))
    assert "GiB of memory" in line and "1.0 GiB is available" in line and "sampling" in line


def test_a_table_game_section_is_limited_by_the_loader(tmp_path):
    players = [f"P{i}" for i in range(25)]
    source = tmp_path / "table.json"
    source.write_text(json.dumps({"game": {"type": "table", "players": players, "values": {"P0": 1}}}))
    assert "at most 24" in refused(run("validate", source))


def test_voting_weights_that_make_the_programme_too_large_are_refused(tmp_path):
    weights = ", ".join(f"V{i}: {1 + i}.{i:07d}1" for i in range(30))  # eight decimals each
    source = tmp_path / "voting.yaml"
    source.write_text(f"game: {{type: weighted-voting, quota: 100, weights: {{{weights}}}}}\n")
    result, seconds = timed("allocate", source, "-r", "shapley")
    line = refused(result)
    assert "fewer decimals" in line and "shapley-sampled" in line
    assert seconds < 2


def test_voting_power_checks_the_memory_of_its_table(monkeypatch):
    import ipshare.games.table as games
    from ipshare.solutions.voting import swing_counts

    monkeypatch.setattr(games, "available_memory", lambda: 2**30)
    with pytest.raises(GameError, match="exact voting power .* GiB of memory.*fewer significant digits"):
        # 40 sizes × 2·10^6 weights below the quota, uint64 cells, for two moduli at once (a quota above the total
        # weight, as [2·10^6; 3, …, 5] once was here, has no winning coalition and needs no table at all)
        swing_counts([300_000] * 20 + [500_000] * 20, 2_000_000)
    assert swing_counts([2, 1, 1], 3) == [[0, 2, 1], [0, 1, 0], [0, 1, 0]]


# --------------------------------------------------------------------------------------------------------------
# Sampling beyond a time budget, and --time-limit


def test_sampling_beyond_the_time_budget_is_refused_early(monkeypatch):
    from ipshare.solutions import sampling

    monkeypatch.setattr(sampling, "TIME_BUDGET_SECONDS", 0.2)
    result, seconds = timed("allocate", POOL, "-r", "shapley-sampled", "--samples", 10**9)
    line = refused(result)
    assert "1,000,000,000 samples would take about" in line
    assert "--samples" in line and "--tolerance" in line and "--time-limit SECONDS" in line
    assert seconds < 3


def test_sampled_rules_end_at_the_time_limit_with_their_best_estimate_and_say_so():
    result, seconds = timed(
        "allocate", POOL, "-r", "shapley-sampled", "--samples", 10**9, "--time-limit", "0.5", "-f", "json"
    )
    assert result.exit_code == 0, result.output
    assert seconds < 3
    document = json.loads(result.stdout)
    details = document["details"]["shapley-sampled"]
    assert details["stopped"] == "time limit" and details["time_limit"] == 0.5
    assert 2 <= details["samples"] < 10**9
    assert sum(document["allocations"]["shapley-sampled"].values()) == pytest.approx(document["grand_value"])
    assert "note: shapley-sampled stopped at the time limit" in result.stderr


def test_a_tolerance_not_reached_by_the_time_limit_says_so():
    result = run("allocate", POOL, "-r", "banzhaf-sampled", "--tolerance", "1e-6", "--time-limit", "0.3", "-f", "json")
    assert result.exit_code == 0, result.output
    details = json.loads(result.stdout)["details"]["banzhaf-sampled"]
    assert details["stopped"] == "time limit" and details["tolerance_met"] is False


def test_exact_rules_have_no_partial_answer_and_stop_with_exit_4(tmp_path):
    output = tmp_path / "out.json"
    result = run("allocate", SCENARIOS / "glove-game.yaml", "-r", "nucleolus", "--time-limit", "1e-9", "-o", output)
    line = refused(result, status=4)
    assert line.startswith("error: the time limit of 1e-09 s ran out while computing nucleolus")
    assert "no partial answer" in line and "--time-limit" in line and "shapley-sampled" in line
    assert not output.exists()


def test_a_time_limit_reached_while_building_the_game_names_it():
    line = refused(run("allocate", SCENARIOS / "battery-alliance.yaml", "--time-limit", "1e-9"), status=4)
    assert "while computing the benefit game" in line


def test_a_sweep_is_all_its_points_or_an_error():
    args = (
        "sweep",
        SCENARIOS / "worked-example.yaml",
        "--param",
        "alliance.discount_rate",
        "--from",
        "0",
        "--to",
        "0.1",
        "--steps",
        "5",
        "--workers",
        "1",
    )
    assert run(*args, "--time-limit", "60").exit_code == 0
    line = refused(run(*args, "--time-limit", "1e-9"), status=4)
    assert "while computing the sweep" in line


def test_a_sweep_over_worker_processes_keeps_the_time_limit():
    args = (
        "sweep",
        SCENARIOS / "worked-example.yaml",
        "--param",
        "alliance.discount_rate",
        "--from",
        "0",
        "--to",
        "0.1",
        "--steps",
        "4",
        "--workers",
        "2",
        "-r",
        "shapley-sampled",
    )
    line = refused(run(*args, "--time-limit", "1e-9"), status=4)
    assert "time limit" in line


def test_compare_shows_what_it_computed_before_the_time_limit():
    result = run(
        "compare",
        SCENARIOS / "glove-game.yaml",
        "-r",
        "nucleolus",
        "-r",
        "shapley",
        "--time-limit",
        "1e-9",
        "-f",
        "json",
    )
    assert result.exit_code == 0, result.output
    assert "the time limit ran out" in result.stderr
    assert "time limit" in result.stdout


def test_without_a_time_limit_nothing_changes():
    assert run("allocate", SCENARIOS / "glove-game.yaml", "-r", "nucleolus").exit_code == 0


def test_deadlines_nest_and_the_earlier_one_wins():
    assert deadline.remaining() is None and not deadline.expired()
    with deadline.time_limit(100):
        with deadline.time_limit(1000):
            assert deadline.remaining() <= 100 and deadline.limit_seconds() == 100
        with deadline.time_limit(1e-9):
            time.sleep(0.001)
            assert deadline.expired()
            with pytest.raises(deadline.TimeLimitReached, match="time limit of 1e-09 s ran out while computing x"):
                deadline.check("x")
        assert not deadline.expired()
    assert deadline.remaining() is None
    with pytest.raises(ValueError):
        with deadline.time_limit(0):
            pass


def test_the_library_honours_a_time_limit_too():
    import ipshare
    from ipshare.solutions.sampling import Sampling

    game = ipshare.benefit_game(ipshare.load(POOL))
    with deadline.time_limit(0.2):
        result = ipshare.allocate(game, "shapley-sampled", sampling=Sampling(samples=10**9))
    assert result.details["stopped"] == "time limit"
    with deadline.time_limit(1e-9), pytest.raises(deadline.TimeLimitReached, match="nucleolus"):
        time.sleep(0.001)
        ipshare.allocate(game, "nucleolus")


def test_a_risk_simulation_beyond_memory_is_refused_with_advice(tmp_path):
    output = tmp_path / "risk.json"
    result, seconds = timed("risk", SCENARIOS / "fuel-cell-alliance.yaml", "--samples", 10**10, "-o", output)
    line = refused(result)
    assert "a simulation of 10,000,000,000 outcomes needs about" in line and "fewer outcomes (--samples" in line
    assert seconds < 2 and not output.exists()


@pytest.mark.parametrize(
    "args, words",
    [
        (("allocate", POOL, "-r", "shapley-sampled", "--seed", "-1"), "'--seed': -1 is not in the range x>=0"),
        (("allocate", POOL, "-r", "shapley-sampled", "--tolerance", "nan"), "'--tolerance': 'nan' is not a finite"),
        (("allocate", POOL, "--time-limit", "inf"), "'--time-limit': 'inf' is not a finite number"),
        (("risk", SCENARIOS / "fuel-cell-alliance.yaml", "--level", "nan"), "'--level': 'nan' is not a finite"),
        (
            ("sweep", POOL, "--param", "alliance.discount_rate", "--from", "0", "--to", "0.1", "--steps", 10**12),
            "'--steps': 1000000000000 is not in the range 2<=x<=10000",
        ),
    ],
)
def test_option_values_beyond_their_ends_are_refused_quickly(args, words):
    """Found by the fuzz suite: a negative seed and NaN were tracebacks, 10^12 sweep steps a hang."""
    result, seconds = timed(*args)
    assert result.exit_code == 2 and words in result.stderr.splitlines()[-1]
    assert seconds < 2


def test_the_library_refuses_them_too():
    from ipshare.analyses.whatif import sweep_values
    from ipshare.solutions.sampling import Sampling

    with pytest.raises(GameError, match="seed"):
        Sampling(seed=-1)
    with pytest.raises(Exception, match="at most 10,000"):
        sweep_values(0, 1, 10**12)
