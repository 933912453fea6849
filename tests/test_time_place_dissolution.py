"""Dissolution (issue 16, docs/time-and-place.md "Dissolution"): the final settlement of funds, jointly held
patents and licences, worked by hand, and summing to the alliance's balance to the cent."""

import datetime
import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from ipshare.analyses.dissolution import DissolutionError, dissolve
from ipshare.cli import cli
from ipshare.model.loading import load, loads
from ipshare.report.dissolution import dissolution_figures, render_dissolution

ROOT = Path(__file__).resolve().parent.parent
D = datetime.date

TWO = """
alliance: {name: Two, currency: CNY}
members:
  A: {name: Anhe Motors, type: enterprise}
  B: {name: Beihai University, type: university}
contributions:
  - {id: CA, member: A, kind: cash, value: 600000}
  - {id: CB, member: B, kind: personnel, value: 400000}
patents:
  P1: {title: Joint result, from: [CA, CB]}
revenue:
  - {id: L1, kind: licence, requires: [P1], upfront: 100000}
costs:
  - {id: K1, item: Pilot line, amount: 700000}
grants:
  - {id: G1, member: B, amount: 300000, matching: {A: 100000}, source: Municipal science fund}
"""


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_the_funds_by_hand():
    # Balance (estimated) = cash 600,000 + grant 300,000 + matching 100,000 - costs 700,000 = 300,000.
    # B advanced 30,000 of costs: paid back first. The rest, 270,000, goes back as money was put in: A 600,000 cash
    # + 100,000 matching = 700,000, the grant 300,000 (of 1,000,000): A 189,000, the grant's funder 81,000.
    result = dissolve(loads(TWO), owed={"B": 30_000})
    assert result.balance == 300_000
    assert result.funds == {"B": 30_000, "A": 189_000, "grant:G1": 81_000}
    assert sum(result.funds.values()) == result.balance


def test_a_deficit_is_made_good_by_contribution_value():
    # -50,000 by contribution value 600,000 : 400,000: A pays 30,000, B 20,000.
    result = dissolve(loads(TWO), funds=-50_000)
    assert result.funds == {"A": -30_000, "B": -20_000}
    assert result.notes


def test_jointly_held_patents_by_the_fates():
    scenario = loads(TWO)
    # P1 is made from CA (600,000) and CB (400,000): A 3/5, B 2/5. v(N) = 100,000 (L1's upfront), 0 without P1.
    kept = dissolve(scenario)  # no preset: kept in co-ownership
    (fate,) = kept.patents
    assert (fate.fate, fate.to, fate.value, fate.payments) == ("co-ownership", None, 100_000, {})
    assert kept.licences == {"L1": {"A": 60_000, "B": 40_000}}
    # Largest share: A takes P1 and pays B its 2/5 of the value, 40,000; L1 is then A's alone.
    taken = dissolve(scenario, fate="largest-share")
    assert (taken.patents[0].to, taken.patents[0].payments) == ("A", {"B": 40_000, "A": -40_000})
    assert taken.licences == {"L1": {"A": 100_000}}
    # Highest bidder: B bids 120,000 against A's 90,000, takes P1 and pays A 3/5 of its bid, 72,000.
    bid = dissolve(scenario, fate="highest-bidder", bids={"P1": {"A": 90_000, "B": 120_000}})
    assert (bid.patents[0].to, bid.patents[0].price, bid.patents[0].payments) == (
        "B", 120_000, {"A": 72_000, "B": -72_000})
    with pytest.raises(DissolutionError, match="highest-bidder needs the members' bids on P1"):
        dissolve(scenario, fate="highest-bidder")


def test_the_presets_default_fate():
    # The consortium preset keeps joint results in co-ownership (docs/rights.md).
    result = dissolve(load(ROOT / "scenarios" / "fuel-cell-consortium.yaml"))
    assert {f.fate for f in result.patents} == {"co-ownership"}


@settings(max_examples=40, deadline=None)
@given(st.fractions(min_value=-10**7, max_value=10**7), st.integers(min_value=0, max_value=10**6))
def test_the_settlement_sums_to_the_balance_to_the_cent(balance, owed_cents):
    result = dissolve(loads(TWO), funds=balance, owed={"B": Fraction(owed_cents, 100)})
    assert sum(result.funds.values()) == balance
    figures = dissolution_figures(result)
    assert sum(figures["funds"].values(), Decimal(0)) == figures["balance"]


def test_thirds_still_sum_to_the_cent():
    text = TWO.replace("value: 400000}", "value: 400000}\n  - {id: CC, member: B, kind: cash, value: 300000}")
    text = text.replace("matching: {A: 100000}", "matching: {A: 0}").replace("amount: 300000", "amount: 900000")
    result = dissolve(loads(text), funds=100)  # put in: A 600,000, B 300,000, the grant 900,000 -> 1/3 : 1/6 : 1/2
    figures = dissolution_figures(result)
    assert {k: str(v) for k, v in figures["funds"].items()} == {"A": "33.33", "B": "16.67", "grant:G1": "50.00"}


def test_dissolve_cli(tmp_path):
    source = tmp_path / "two.yaml"
    source.write_text(TWO)
    result = run("dissolve", source, "--owed", "B=30000", "--fate", "largest-share", "-f", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["funds"]["rounded"] == {"B": "30000.00", "A": "189000.00", "grant:G1": "81000.00"}
    assert document["balance"]["rounded"] == "300000.00"
    assert document["patents"][0]["to"] == "A" and document["owners_after"]["P1"] == {"A": "1"}
    text = run("dissolve", source, "--bid", "P1:B=120000", "--bid", "P1:A=90000", "--fate", "highest-bidder").stdout
    assert "Dissolution of Two" in text and "returned to Municipal science fund" in text
    for bad, words in ((["--owed", "B30000"], "write --owed KEY=AMOUNT"), (["--owed", "Z=1"], "'Z' is not a member"),
                       (["--at", "2020-02-30"], "is not a date")):
        failed = run("dissolve", source, *bad)
        assert failed.exit_code == 2 and words in failed.stderr, failed.stderr
    out = tmp_path / "dissolution.docx"
    assert run("dissolve", source, "-o", out).exit_code == 0
    assert out.read_bytes()[:2] == b"PK"


def test_dissolving_at_a_date_uses_the_alliance_then():
    # On 1 August 2025 in the staged alliance (scenarios/staged-alliance.yaml): P1 is made from UA's and EB's
    # contributions of 1,000,000 each, held half and half; it is the only jointly held patent.
    result = dissolve(load(ROOT / "scenarios" / "staged-alliance.yaml"), D(2025, 8, 1))
    assert [(f.patent, f.owners) for f in result.patents] == [("P1", {"UA": Fraction(1, 2), "EB": Fraction(1, 2)})]
    # P1's value: v(N) = 300,000 (L1 100,000 + L2 200,000), without P1 no licence pays: 300,000.
    assert result.patents[0].value == 300_000
    assert "2025-08-01" in render_dissolution(result, "markdown")


def test_the_json_keys_are_documented(tmp_path):
    source = tmp_path / "two.yaml"
    source.write_text(TWO)
    document = json.loads(run("dissolve", source, "-f", "json").stdout)
    section = (ROOT / "docs" / "output.md").read_text().split("### `ipshare dissolve -f json`", 1)[1]
    section = section.split("\n### ", 1)[0]
    assert all(f"`{key}`" in section for key in document), [k for k in document if f"`{k}`" not in section]
