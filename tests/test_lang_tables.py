"""Under ``--lang zh`` every command's table has no fixed English text left: each header, label, note and status
comes from the message catalogue (ipshare/report/catalogue/zh.py); under ``--lang en`` the output is what it was.

How "fixed English text" is found without a list of every sentence: take the words of the English output, drop
the words of the scenario file itself (names, descriptions, ids: the user's text, shown as the user wrote it) and
the identifiers a reader types (rule ids, method ids, currency codes); what is left is the command's own English.
None of those words may appear in the Chinese output.
"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from ipshare.cli import cli

# identifiers, not words: rule and method ids (typed as they are, shown beside their Chinese names), codes, units
IDENTIFIERS = {
    "shapley", "nucleolus", "banzhaf", "core-lp", "exact-rational", "lp-sequence", "kohlberg-numeric",
    "sha", "cny", "allocate", "agreed", "equal", "proportional", "closest", "linear", "programming", "cvar", "var",
    "euler",
}

ALLIANCE = "scenarios/battery-alliance.yaml"


def _words(text: str) -> set[str]:
    return {word.lower() for word in re.findall(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z-]*[A-Za-z](?![A-Za-z0-9])", text)}


def _fixed_english(arguments, lang="zh"):
    runner = CliRunner(env={"COLUMNS": "80"})
    english = runner.invoke(cli, [*arguments, "--lang", "en"])
    chinese = runner.invoke(cli, [*arguments, "--lang", lang])
    assert english.exit_code == 0, english.output
    assert chinese.exit_code == 0, chinese.output
    scenario = _words(open(arguments[1], encoding="utf-8").read())
    own = _words(english.stdout) - scenario - IDENTIFIERS
    assert own, "the English output has words of its own to look for"
    return sorted(own & _words(chinese.stdout)), chinese.stdout


ALLOCATE = ["allocate", ALLIANCE, "-r", "shapley", "-r", "nucleolus", "-r", "banzhaf", "-r", "core-lp"]


@pytest.mark.parametrize("arguments", [ALLOCATE, ["allocate", ALLIANCE, "-f", "markdown"]], ids=["table", "md"])
def test_allocate_has_no_fixed_english_under_zh(arguments):
    left, shown = _fixed_english(arguments)
    # the LP objective's meaning is the solver's own sentence (solutions.clauses), not a fixed text of the table
    left = [word for word in left if word not in _words("L1 distance to the shapley allocation: the sum of")]
    assert left == [], shown
    assert "计算方法" in shown and "条款" in shown


def test_allocate_names_a_rule_in_chinese_with_its_id_and_says_which_clause_breaks_by_how_much():
    shown = CliRunner(env={"COLUMNS": "80"}).invoke(cli, [*ALLOCATE, "--lang", "zh"]).stdout
    flat = " ".join(line.strip() for line in shown.splitlines())
    assert "班扎夫值（原始，banzhaf）违反协议 5 项条款中的 1 项：bank-arrangement-fee 相差 100,000.00 CNY（HB）" in flat
    assert "协议的全部 5 项条款均得到满足" in flat


def test_a_long_chinese_line_breaks_before_an_id_not_inside_it():
    from ipshare.report.formats.terminal import _wrap

    lines = _wrap("条款：在夏普利值（shapley）和协议条款约束下的线性规划分配（core-lp）下均得到满足", 40)
    assert all("core-lp" in line or "core" not in line for line in lines), lines


# the council's rule ("at least 2/3 of the votes present; quorum: ...") is written by the model's council code from
# the scenario (analyses.rights), not a fixed text of the table; the test takes those words out
COUNCIL_RULE_WORDS = _words(
    "at least of the votes present quorum members an abstention counts as absence more than all veto must vote yes"
)


@pytest.mark.parametrize("scenario", [ALLIANCE, "scenarios/alliance-charter.yaml", "scenarios/fuel-cell-lead.yaml"])
def test_rights_has_no_fixed_english_under_zh(scenario):
    left, shown = _fixed_english(["rights", scenario])
    assert [word for word in left if word not in COUNCIL_RULE_WORDS] == [], shown
    assert "使用权" in shown and "权属" in shown


def test_rights_in_chinese_keeps_every_column_whole_at_80_columns():
    """The key column's width is measured in terminal cells: 成员 and 合计 never fold into one character a line."""
    shown = CliRunner(env={"COLUMNS": "80"}).invoke(cli, ["rights", "scenarios/alliance-charter.yaml", "--lang", "zh"])
    from rich.cells import cell_len

    assert all(cell_len(line) <= 80 for line in shown.stdout.splitlines())
    assert "┃ 成 ┃" not in shown.stdout and "│ 合 │" not in shown.stdout
    assert "│ 合计 │" in shown.stdout


@pytest.mark.parametrize("scenario", [ALLIANCE, "scenarios/fuel-cell-alliance.yaml"])
def test_risk_has_no_fixed_english_under_zh(scenario):
    left, shown = _fixed_english(["risk", scenario])
    # a cost item's distribution is the scenario's own id (triangular, lognormal), "VaR"/"CVaR" the measures' names
    assert [word for word in left if word not in {"triangular", "lognormal", "uniform", "normal"}] == [], shown
    assert "成本项目" in shown and "净额" in shown


def test_a_header_of_two_lines_in_zh_en_is_bilingual_line_by_line():
    from ipshare.report.messages import text

    assert text("risk.col.benefit", "zh+en", rule="shapley", unit="CNY") == "收益 / Benefit\nshapley, CNY"
    assert text("risk.col.expected_cost", "zh+en", unit="CNY") == "预期成本 / Expected cost\nCNY"


def test_chinese_lines_never_begin_with_a_comma_nor_break_a_number():
    from ipshare.report.formats.terminal import _wrap

    line = "净额 = 收益（shapley）− 预期成本，按所示舍入后数字计算；按最大余额法舍入至 0.01；余数相同时归于最前的成员"
    for width in range(20, 60):
        lines = _wrap(line, width)
        assert not any(part.strip()[:1] in "，。；：、）" for part in lines[1:]), (width, lines)
        assert any("0.01" in part for part in lines), (width, lines)


@pytest.mark.parametrize(
    "arguments",
    [["withdraw", ALLIANCE, "-m", "JH"], ["withdraw", "scenarios/fuel-cell-alliance.yaml", "-m", "SM", "--mode",
                                          "expelled"]],
    ids=["voluntary", "expelled"],
)
def test_withdraw_has_no_fixed_english_under_zh(arguments):
    left, shown = _fixed_english(arguments)
    assert [word for word in left if word not in {"pro-rata"}] == [], shown  # pro-rata: the reassignment's id
    assert "合计变动" in shown and "结算" in shown


def test_withdraw_in_zh_en_gives_each_settlement_line_in_chinese_then_english():
    shown = CliRunner(env={"COLUMNS": "100"}).invoke(
        cli, ["withdraw", "scenarios/fuel-cell-alliance.yaml", "-m", "SM", "--mode", "expelled", "--lang", "zh+en"]
    ).stdout
    lines = shown.splitlines()
    chinese = lines.index("向 SM 结算的净额：0.00 CNY")
    assert lines[chinese + 1] == "net settlement to SM: 0.00 CNY"


def test_english_output_of_every_command_is_what_it_was():
    """--lang en against the English strings of the catalogue, which are the texts the code used to hold: a few
    lines the commands printed before the catalogue (copied from their output at commit b8f1e8b)."""
    runner = CliRunner(env={"COLUMNS": "80"})
    risk = runner.invoke(cli, ["risk", "scenarios/fuel-cell-alliance.yaml", "--lang", "en"]).stdout
    assert "loss if items fail: expected loss 3,930,000.00, std 4,355,088.98, VaR 95 %" in risk
    withdraw = runner.invoke(cli, ["withdraw", ALLIANCE, "-m", "JH", "--lang", "en"]).stdout
    assert "net settlement to JH: 50,676,279.27 CNY" in withdraw
    rights = runner.invoke(cli, ["rights", ALLIANCE, "--lang", "en"]).stdout
    assert "needs consent: of the members named (A+B: both; A | B: either)" in rights
    assert "│ JH     │ P1     │ consent of IAM+XU │ consent of IAM+XU │ none               │" in rights


# ---- compare, whatif and sweep (round 5): their tables from the catalogue too

SYMBOLIC = ["sweep", ALLIANCE, "--param", "revenue.L2.probability", "--from", "0", "--to", "1", "--symbolic", "-r",
            "shapley", "-r", "nucleolus"]
FLOW = {
    "compare": ["compare", ALLIANCE, "-r", "shapley", "-r", "nucleolus", "-r", "banzhaf", "-r", "core-lp"],
    "compare-sampled": ["compare", ALLIANCE, "-r", "shapley", "-r", "shapley-sampled"],
    "compare-game": ["compare", "scenarios/airport.yaml", "-r", "shapley", "-r", "nucleolus"],
    "whatif-drop": ["whatif", ALLIANCE, "--drop", "JH"],
    "whatif-set": ["whatif", ALLIANCE, "--set", "alliance.discount_rate=0.1", "-r", "shapley", "-r", "core-lp"],
    "sweep": ["sweep", ALLIANCE, "--param", "alliance.discount_rate", "--from", "0", "--to", "1/30", "--steps", "4",
              "--workers", "1"],
    "sweep-symbolic": SYMBOLIC,
    "sweep-linear": ["sweep", "scenarios/worked-example.yaml", "--param", "revenue.L.upfront", "--from", "0", "--to",
                     "100", "--symbolic"],
}
# typed as they are: the options a what-if title repeats, file names and formats a note points to, the sampler's id
FLOW_IDENTIFIERS = {"set", "drop", "docs", "stability", "md", "json", "csv", "sampled-permutation", "shapley-sampled",
                    "upfront", "probability", "discount", "rate"}


@pytest.mark.parametrize("name", sorted(FLOW))
def test_compare_whatif_and_sweep_have_no_fixed_english_under_zh(name):
    left, shown = _fixed_english(FLOW[name])
    assert [word for word in left if word not in FLOW_IDENTIFIERS] == [], shown


def test_compare_whatif_and_sweep_in_zh_say_what_their_tables_are_in_chinese():
    runner = CliRunner(env={"COLUMNS": "80"})
    compare = runner.invoke(cli, [*FLOW["compare"], "--lang", "zh"]).stdout
    assert "各分配规则比较" in compare and "性质" in compare and "│ 违反 bank-arrangement-fee │" in compare
    assert "│ 否     │" in compare  # banzhaf is not efficient
    whatif = runner.invoke(cli, [*FLOW["whatif-drop"], "--lang", "zh"]).stdout
    assert "│ JH   │          已退出 │" in whatif and "│ 合计 │" in whatif
    assert "假设：* 夏普利值（shapley）违反协议 5 项条款中的 1 项" in whatif
    symbolic = CliRunner(env={"COLUMNS": "120"}).invoke(cli, [*SYMBOLIC, "--lang", "zh"]).stdout
    assert "│ 夏普利值（shapley）：JH 与 IAM 的位次互换 │" in symbolic and "断点" in symbolic


def test_compare_whatif_and_sweep_in_zh_en_give_each_caption_line_in_chinese_then_english():
    runner = CliRunner(env={"COLUMNS": "200"})
    lines = runner.invoke(cli, [*FLOW["whatif-drop"], "--lang", "zh+en"]).stdout.splitlines()
    chinese = lines.index("基准 v(N) = 165,142,916.40 CNY；假设 v(N) = 18,651,588.82 CNY")
    assert lines[chinese + 1] == "baseline v(N) = 165,142,916.40 CNY; what-if v(N) = 18,651,588.82 CNY"
    compare = runner.invoke(cli, [*FLOW["compare"], "--lang", "zh+en"]).stdout
    assert "性质 / properties" in compare and "基尼系数 / Gini" in compare
    sweep = runner.invoke(cli, [*FLOW["sweep"], "--lang", "zh+en"]).stdout.splitlines()
    chinese = next(i for i, line in enumerate(sweep) if line.startswith("成员："))
    assert sweep[chinese + 1].startswith("members: JH Jianghai New Energy Co., Ltd.; XU")


@pytest.mark.parametrize("name", sorted(FLOW))
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_json_and_csv_of_compare_whatif_and_sweep_are_the_same_in_every_language(name, fmt):
    if name.startswith("sweep-") and fmt == "csv":
        pytest.skip("a symbolic sweep has no CSV")
    runner = CliRunner()
    outputs = {lang: runner.invoke(cli, [*FLOW[name], "-f", fmt, "--lang", lang]) for lang in ("en", "zh", "zh+en")}
    assert all(result.exit_code == 0 for result in outputs.values()), outputs
    assert len({result.stdout for result in outputs.values()}) == 1


def test_english_compare_whatif_and_sweep_are_what_they_were():
    """Lines of their --lang en output copied from the output before the catalogue (commit 903e8aa)."""
    runner = CliRunner(env={"COLUMNS": "80"})
    compare = runner.invoke(cli, [*FLOW["compare"], "--lang", "en"]).stdout
    assert "│ banzhaf   │   34,479,076.78 │ breaks bank-arrangement-fee │" in compare
    assert "max excess: v(S) − x(S) for a coalition S with the largest excess, from the\n" in compare
    assert "amounts in CNY, rounded by largest remainder to 0.01; equal remainders go to the\n" in compare
    whatif = runner.invoke(cli, [*FLOW["whatif-drop"], "--lang", "en"]).stdout
    assert "│ JH     │            left │        │" in whatif
    assert "baseline: clauses: all 5 of the agreement's clauses hold under shapley\n" in whatif
    assert "member / name: JH Jianghai New Energy Co., Ltd.; XU Xinghe University; QU\n" in whatif
    symbolic = runner.invoke(cli, [*FLOW["sweep-linear"], "--lang", "en"]).stdout
    assert symbolic.endswith("breakpoints: none (every allocation is linear on the whole range)\n")
