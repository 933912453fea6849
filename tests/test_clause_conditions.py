"""A clause's condition in Chinese: the catalogue's template for its kind (``condition.*``), filled from the
clause's fields (report.allocation.clause_condition); used by the annex's clause table and by allocate's table of
binding clauses under --lang zh and zh+en, while --lang en keeps the solver's English sentence as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ipshare.cli import cli
from ipshare.games import table_game
from ipshare.report.allocation import clause_condition
from ipshare.report.fonts import needs_cjk
from ipshare.solutions.clauses import as_clauses, clause_constraints

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "scenarios" / "worked-example.yaml"

# v(A+B+C) = 120 (docs/stability.md's three-player table): 25 % of it is 30, 1/3 of it 40
GAME = table_game(["A", "B", "C"], {"A+B": 60, "A+C": 80, "B+C": 100, "A+B+C": 120})
CLAUSES = [
    ({"id": "a-floor", "member": "A", "min_share": 0.25}, "A的分配不低于总价值的 25 %（≥ 30）"),
    ({"id": "bc-cap", "members": ["B", "C"], "max_share": 0.5}, "B+C 合计的分配不高于总价值的 50 %（≤ 60）"),
    ({"id": "a-min", "member": "A", "min_amount": 10}, "A的分配不低于 10"),
    ({"id": "c-max", "member": "C", "max_amount": 70}, "C的分配不高于 70"),
    ({"id": "b-fixed", "member": "B", "fixed": 35}, "B的分配恰为 35"),
    ({"id": "c-over-a", "member": "C", "ratio": 1.5, "over": "A"}, "C的分配不低于 A 的 1.5 倍（C ≥ 1.5 × A）"),
    ({"id": "ir", "individual_rationality": True}, "每个成员所得不低于其单独行动可得的价值（x_i ≥ v(i)）"),
    ({"id": "core", "core": True}, "任何联盟所得均不低于其单独行动可得（对每个联盟 S，x(S) ≥ v(S)）"),
    ({"id": "some", "core": ["A+B", "B+C"]}, "所列每个联盟所得均不低于其单独行动可得（A+B ≥ 60；B+C ≥ 100）"),
    ({"id": "near-all", "near": "shapley", "distance": 5}, "任何成员的分配与其夏普利值（shapley）分配之差均不超过 5"),
    ({"id": "near-a", "member": "A", "near": "shapley", "distance": 5}, "A的分配与夏普利值（shapley）分配之差不超过 5"),
]


@pytest.mark.parametrize(("given", "chinese"), CLAUSES, ids=[given["id"] for given, _ in CLAUSES])
def test_every_kind_of_clause_has_its_condition_in_chinese(given, chinese):
    (clause,) = as_clauses([given], GAME)
    assert clause_condition(clause, GAME, "zh") == chinese


@pytest.mark.parametrize(("given", "chinese"), CLAUSES, ids=[given["id"] for given, _ in CLAUSES])
def test_the_english_template_says_what_the_solver_says(given, chinese):
    """The English templates, filled the same way, give the solver's sentence (``v(i)`` for its ``v({i})``)."""
    (clause,) = as_clauses([given], GAME)
    (constraint,) = clause_constraints(GAME, [given])
    assert clause_condition(clause, GAME, "en") == constraint.says.replace("({i})", "(i)")
    assert clause_condition(clause, GAME, "en", constraint.says) == constraint.says
    both = clause_condition(clause, GAME, "zh+en", constraint.says)
    assert both == f"{chinese} / {constraint.says}" and not needs_cjk(constraint.says)


def test_a_cost_game_says_cost():
    game = table_game(["A", "B"], {"A": 10, "B": 8, "A+B": 15}, kind="cost")
    (share, ir) = as_clauses([{"id": "a", "member": "A", "max_share": 0.6},
                              {"id": "ir", "individual_rationality": True}], game)
    assert clause_condition(share, game, "zh") == "A的分配不高于总成本的 60 %（≤ 9）"
    assert clause_condition(ir, game, "zh") == "每个成员分摊的成本不超过其单独承担的成本（y_i ≤ c(i)）"


def _run(*arguments):
    result = CliRunner(env={"COLUMNS": "120"}).invoke(cli, [str(a) for a in arguments])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_allocate_binding_clauses_say_their_condition_in_the_language_asked(tmp_path):
    path = tmp_path / "floors.yaml"
    path.write_text(
        EXAMPLE.read_text(encoding="utf-8") + "  clauses:\n    - {id: lead-floor, member: A, min_share: 0.4}\n",
        encoding="utf-8",
    )
    # the English sentence as the solver writes it (tests/test_core_lp.py), unchanged under en
    english = _run("allocate", path, "-r", "core-lp", "-f", "markdown", "--lang", "en")
    assert "| lead-floor | A ≥ 40 % of the grand value (≥ 138.18) | A | -2 |" in english
    chinese = _run("allocate", path, "-r", "core-lp", "-f", "markdown", "--lang", "zh")
    assert "| lead-floor | A的分配不低于总价值的 40 %（≥ 138.18） | A | -2 |" in chinese
    both = _run("allocate", path, "-r", "core-lp", "-f", "markdown", "--lang", "zh+en")
    assert "A的分配不低于总价值的 40 %（≥ 138.18） / A ≥ 40 % of the grand value (≥ 138.18)" in both


def test_the_annex_clause_table_states_each_condition_in_chinese():
    chinese = _run("report", ROOT / "scenarios" / "battery-alliance-zh.yaml", "-f", "md", "--lang", "zh")
    assert "XU+QU 合计的分配不低于总价值的 15 %（≥ 24,771,437.46）" in chinese
    assert "HB的分配不低于 400,000" in chinese
    assert "grand value" not in chinese and "stand-alone value" not in chinese
    english = _run("report", ROOT / "scenarios" / "battery-alliance.yaml", "-f", "md", "--lang", "en")
    assert "XU+QU together ≥ 15 % of the grand value (≥ 24,771,437.46)" in english
