"""What compare, sweep and whatif show (issue 11, "One rounding" and "Presentation").

The same rule on the same scenario shows the same cents as ``allocate`` in every format; each row sums to its total;
changes are the differences of the rounded figures beside them; compare says which clauses each rule breaks; money
is never in scientific notation; symbolic sweeps read as formulas; tables fit the terminal; sampled estimates carry
their ± and only the digits it supports; user text is shown as text in every format.

Expected figures come from ``allocate`` itself (the one rounding every output must agree with) or are worked by
hand in the test; the battery-alliance numbers are the ones quoted in issue 11.
"""

import csv
import io
import json
import re
import tomllib
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import ipshare
from ipshare.cli import cli
from ipshare.errors import IpshareError
from ipshare.report.figures import estimate_text

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted(p for p in (ROOT / "scenarios").iterdir() if p.suffix in (".yaml", ".json", ".toml"))
BATTERY = ROOT / "scenarios" / "battery-alliance.yaml"
EXAMPLE = ROOT / "scenarios" / "worked-example.yaml"
RULES = ("equal", "proportional", "shapley", "nucleolus", "banzhaf")


def run(*args, columns=None):
    env = {"COLUMNS": str(columns)} if columns else {"COLUMNS": ""}
    return CliRunner(env=env).invoke(cli, [str(a) for a in args], catch_exceptions=False)


def ok(*args, columns=None):
    result = run(*args, columns=columns)
    assert result.exit_code == 0, result.output
    return result.stdout


def csv_rows(text):
    rows = list(csv.reader(io.StringIO(text)))
    assert len({len(row) for row in rows}) == 1, "every CSV row has the header's columns"
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def allocated(path, rules):
    """rule -> member -> rounded cents, from ``allocate -f json`` (rules that do not apply are left out)."""
    found = {}
    for rule in rules:
        result = run("allocate", path, "-r", rule, "-f", "json")
        if result.exit_code == 0:
            found[rule] = json.loads(result.stdout)["rounded"][rule]
    assert found, f"no rule of {rules} applies to {path.name}"
    return found


def _data(path):
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return json.loads(text)
    if path.suffix == ".toml":
        return tomllib.loads(text)
    return yaml.safe_load(text)


def _numeric_leaves(data, path=()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _numeric_leaves(value, path + (str(key),))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            step = value["id"] if isinstance(value, dict) and isinstance(value.get("id"), str) else f"[{index}]"
            yield from _numeric_leaves(value, path + (step,))
    elif isinstance(data, int | float) and not isinstance(data, bool):
        dotted = ""
        for step in path:
            dotted += step if step.startswith("[") else f".{step}"
        yield dotted.lstrip("."), data


def sweepable(path):
    """A numeric field of the scenario and its value as written: sweeping it from that value to itself leaves
    the scenario as it is."""
    for leaf, value in _numeric_leaves(_data(path)):
        text = repr(value)
        try:
            ipshare.load(path, [f"{leaf}={text}"])
        except IpshareError:
            continue
        return leaf, text
    pytest.fail(f"{path.name} has no numeric field to sweep")


# -- one rounding ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_compare_and_sweep_show_the_cents_of_allocate(path):
    expected = allocated(path, RULES)
    rules = [arg for rule in expected for arg in ("-r", rule)]
    comparison = json.loads(ok("compare", path, *rules, "-f", "json"))["comparisons"][0]
    for rule, cents in expected.items():
        entry = comparison["rules"][rule]
        assert entry["rounded"] == cents, rule
        assert sum(Fraction(c) for c in cents.values()) == Fraction(entry["total"]), rule  # the row adds up
    for row in csv_rows(ok("compare", path, *rules, "-f", "csv")):
        assert row["rounded"] == expected[row["rule"]][row["member"]]
    parameter, value = sweepable(path)
    args = ("sweep", path, "--param", parameter, "--from", value, "--to", value, "--steps", "2", "--workers", "1",
            *rules)
    point = json.loads(ok(*args, "-f", "json"))["points"][0]
    assert point["rounded"] == expected
    first = csv_rows(ok(*args, "-f", "csv"))[0]
    for rule, cents in expected.items():
        assert {member: first[f"{rule}:{member}"] for member in cents} == cents


def test_the_figures_quoted_in_the_issue():
    """Issue 11: compare's proportional row summed to 165,142,916.39 and its nucleolus gave JH .48 (allocate: .47)."""
    text = ok("compare", BATTERY, "-r", "proportional", "-r", "nucleolus").split("properties")[0]
    rows = {line.split("│")[1].strip(" *"): line for line in text.splitlines() if line.startswith("│")}
    nucleolus = allocated(BATTERY, ["nucleolus"])["nucleolus"]
    assert nucleolus["JH"] == "54285291.47" and "54,285,291.47" in rows["nucleolus"]
    proportional = json.loads(ok("compare", BATTERY, "-r", "proportional", "-f", "json"))["comparisons"][0]
    cents = proportional["rules"]["proportional"]["rounded"]
    assert sum(Fraction(c) for c in cents.values()) == Fraction("165142916.40") == Fraction(proportional[
        "rounded_grand_value"])
    assert rows["proportional"].rstrip("│ ").endswith("165,142,916.40")


def _three_way(tmp_path):
    path = tmp_path / "thirds.yaml"
    path.write_text(
        "alliance: {name: Thirds, currency: CNY}\n"
        "members:\n  A: {name: Alpha, type: enterprise}\n  B: {name: Beta, type: university}\n"
        "  C: {name: Gamma, type: institute}\n"
        "contributions:\n  - {id: CA, member: A, kind: cash, value: 1}\n  - {id: CB, member: B, kind: cash, value: 1}\n"
        "  - {id: CC, member: C, kind: cash, value: 1}\n"
        "patents:\n  P: {title: Joint, from: [CA, CB, CC]}\n"
        "revenue:\n  - {id: L, kind: licence, licensee: X, requires: [P], upfront: 1}\n"
    )
    return path


def test_an_equal_split_of_one_is_the_same_cents_everywhere(tmp_path):
    """1.00 in three: 0.34/0.33/0.33 (largest remainder, the tie to the member listed first) in every output;
    sweep -f csv and compare used to show 0.33/0.33/0.33."""
    path = _three_way(tmp_path)
    thirds = {"A": "0.34", "B": "0.33", "C": "0.33"}
    assert allocated(path, ["equal"])["equal"] == thirds
    table = ok("compare", path, "-r", "equal")
    assert re.search(r"│ equal\s+│\s+0\.34 │\s+0\.33 │\s+0\.33 │\s+1\.00 │", table), table
    sweep = csv_rows(ok("sweep", path, "--param", "revenue.L.upfront", "--from", "1", "--to", "2", "--steps", "2",
                        "-r", "equal", "-f", "csv"))
    assert [sweep[0][f"equal:{m}"] for m in "ABC"] == ["0.34", "0.33", "0.33"]
    assert sweep[0]["grand_value"] == "1.00"
    whatif = json.loads(ok("whatif", path, "--set", "revenue.L.upfront=2", "-r", "equal", "-f", "json"))
    assert whatif["baseline"]["rounded"]["equal"] == thirds
    assert whatif["whatif"]["rounded"]["equal"] == {"A": "0.67", "B": "0.67", "C": "0.66"}


# -- whatif: changes from the figures beside them ------------------------------------------------------------------


def _check_changes(document):
    for rule, changes in document["change"].items():
        before, after = document["baseline"]["rounded"][rule], document["whatif"]["rounded"][rule]
        for member, change in changes.items():
            if member not in after:
                assert change == {"amount": None, "points": None}
                continue
            assert Fraction(change["amount"]) == Fraction(after[member]) - Fraction(before[member])
            if rule not in document["whatif"]["percent"]:  # a what-if worth nothing has no percentages
                assert change["points"] is None
                continue
            points = Fraction(document["whatif"]["percent"][rule][member]) - Fraction(
                document["baseline"]["percent"][rule][member])
            assert Fraction(change["points"]) == points
        total = Fraction(document["whatif"]["totals"][rule]) - Fraction(document["baseline"]["totals"][rule])
        assert Fraction(document["total_change"][rule]) == total


def test_whatif_changes_are_differences_of_the_rounded_figures():
    args = ("whatif", BATTERY, "--set", "revenue.L1.royalty.rate=0.01", "-r", "shapley", "-r", "nucleolus")
    document = json.loads(ok(*args, "-f", "json"))
    _check_changes(document)
    # nucleolus QU: 8,087,510.24 before, 8,087,510.23 after: the change shown is that cent, not a separately
    # rounded difference of the exact values.
    assert document["change"]["nucleolus"]["QU"]["amount"] == "-0.01"
    for row in csv_rows(ok(*args, "-f", "csv")):
        assert Fraction(row["change"]) == Fraction(row["whatif"]) - Fraction(row["baseline"])
        assert Fraction(row["change_points"]) == Fraction(row["whatif_percent"]) - Fraction(row["baseline_percent"])
    table = ok(*args)
    assert "-5,989,065.06" in table  # 159,153,851.34 − 165,142,916.40, the totals beside it


def test_whatif_changes_are_exact_at_any_size(tmp_path):
    """Totals above 1e22 with six decimals have 29 digits: Decimal's default 28-digit context rounded them."""
    licences = "".join(
        f"  - {{id: L{i}, kind: licence, licensee: X, requires: [P], royalty: {{rate: 1, base: 999999999999999999, "
        "years: 100}}\n" for i in range(110)
    )
    path = tmp_path / "big.yaml"
    path.write_text(
        "alliance: {name: Big, currency: XXX, minor_unit: 6}\n"
        "members:\n  A: {name: Alpha, type: enterprise}\n  B: {name: Beta, type: university}\n"
        "  C: {name: Gamma, type: institute}\n"
        "contributions:\n  - {id: CA, member: A, kind: cash, value: 1}\n  - {id: CB, member: B, kind: cash, value: 2}\n"
        "  - {id: CC, member: C, kind: cash, value: 3}\n"
        "patents:\n  P: {title: Joint, from: [CA, CB, CC]}\n"
        "revenue:\n  - {id: U, kind: licence, licensee: X, requires: [P], upfront: 0.000001}\n" + licences
    )
    document = json.loads(ok("whatif", path, "--drop", "A", "-r", "equal", "-r", "proportional", "-f", "json"))
    _check_changes(document)
    assert document["total_change"]["equal"] == "-" + document["baseline"]["totals"]["equal"]
    assert len(document["baseline"]["totals"]["equal"].replace(".", "")) == 29


def test_whatif_says_what_a_dropped_member_had():
    text = ok("whatif", BATTERY, "--drop", "HB", "-r", "shapley")
    assert "the total change includes the 600,000.00 CNY that HB had in the baseline" in " ".join(text.split())
    assert "-2,400,000.00" in text  # 162,742,916.40 − 165,142,916.40


# -- compare: clauses, money and plain decimals ------------------------------------------------------------------


def test_compare_says_which_clauses_each_rule_breaks():
    rules = ("-r", "proportional", "-r", "shapley")
    expected = json.loads(ok("allocate", BATTERY, *rules, "-f", "json"))["clauses"]
    compared = json.loads(ok("compare", BATTERY, *rules, "-f", "json"))["comparisons"][0]["rules"]
    assert {rule: compared[rule]["clauses"] for rule in expected} == expected
    assert expected["proportional"]["holds"] is False and expected["shapley"]["holds"] is True
    broken = ", ".join(expected["proportional"]["broken"])
    table = " ".join(ok("compare", BATTERY, *rules).split())
    assert f"breaks {broken}" in table and "│ holds │" in table
    assert "proportional *" in table  # the allocation table marks it too
    verdicts = {row["rule"]: row["clauses"] for row in csv_rows(ok("compare", BATTERY, *rules, "-f", "csv"))}
    assert verdicts == {"proportional": f"breaks {broken}", "shapley": "holds"}


SCIENTIFIC = re.compile(r"\d(\.\d+)?[eE][+-]?\d")


def test_compare_shows_money_and_plain_decimals():
    text = ok("compare", BATTERY)
    assert not SCIENTIFIC.search(text), text
    rows = {line.split("│")[1].strip(): line.split("│")[2:-1] for line in text.split("properties")[1].splitlines()
            if line.startswith("│")}
    # The nucleolus leaves HB's 1,200,000.00 short of nothing: its largest excess is v(HB) − x(HB) = 0 − 1,200,000.
    # (compare used to print "-1.2e+06"; the equal split's "4.748e+07" is now money too.)
    assert rows["nucleolus"][3].strip() == "-1,200,000.00"
    assert re.fullmatch(r"[\d,]+\.\d\d", rows["equal"][3].strip())
    assert rows["proportional"][5].strip() == "0.478" and rows["proportional"][6].strip() == "10.74"


def test_sweep_shows_the_parameter_as_written_and_rates_as_percentages():
    text = ok("sweep", BATTERY, "--param", "revenue.L1.royalty.rate", "--from", "0.01", "--to", "0.02", "--steps", "3")
    values = [line.split("│")[1].strip() for line in text.splitlines() if line.startswith("│")]
    assert values == ["1.0", "1.5", "2.0"]  # percent (the header says so), not 1/100, 3/200, 1/50
    assert "revenue.L1.royalty.rate" in text and "┃                       % ┃" in text
    assert not SCIENTIFIC.search(text) and "/" not in "".join(values)
    assert "159,153,851.34" in text  # money with separators
    exact = csv_rows(ok("sweep", BATTERY, "--param", "revenue.L1.royalty.rate", "--from", "0.01", "--to", "0.02",
                        "--steps", "3", "-f", "csv"))
    assert [row["revenue.L1.royalty.rate"] for row in exact] == ["1/100", "3/200", "1/50"]  # exact in CSV
    thirds = ok("sweep", EXAMPLE, "--param", "contributions.CI.substitute_cost", "--from", "0", "--to", "100",
                "--steps", "4")
    assert [line.split("│")[1].strip() for line in thirds.splitlines() if line.startswith("│")] == [
        "0.0", "33.3", "66.7", "100.0"]  # three digits of the step, 100/3
    assert "rounded to 1 decimal; exact values in -f json and -f csv" in " ".join(thirds.split())


# -- symbolic sweeps -------------------------------------------------------------------------------------------


def test_symbolic_sweep_reads_as_formulas():
    """docs/model.md: the institute's Shapley value is half the rent up to 1600/11, then 800/11."""
    args = ("sweep", EXAMPLE, "--param", "contributions.CI.substitute_cost", "--from", "0", "--to", "300",
            "--symbolic", "-r", "shapley")
    text = ok(*args)
    assert "Piecewise" not in text and "contributions_CI" not in text
    assert re.search(r"│ I = 0\.5·t\s+│ 0 ≤ t ≤ t₁\s+│", text), text
    assert re.search(r"│ I ≈ 72\.73\s+│ t₁ ≤ t ≤ 300\s+│", text), text
    assert "t₁ = 1600/11 ≈ 145.455" in text and "A = 100" in text
    document = json.loads(ok(*args, "-f", "json"))
    assert document["expressions"]["shapley"]["I"].startswith("Piecewise(")  # exact forms stay in JSON
    assert document["pieces"]["shapley"]["I"][1]["intercept"] == "800/11"
    assert document["formulas"]["shapley"]["I"] == [
        "I = 0.5·t  for 0 ≤ t ≤ 1600/11", "I ≈ 72.73  for 1600/11 ≤ t ≤ 300"]


def _evaluate(formula, t):
    """The value of a shown formula (``JH ≈ 44,687,214.22 + 399,271,003.71·t``) at ``t``."""
    expression = re.sub(r"^\S+ [=≈] ", "", formula).replace(",", "").replace("−", "-")
    total = Fraction(0)
    for sign, number, variable in re.findall(r"([+-]?)\s*([\d.]*)(·?t?)", expression.replace(" ", "")):
        if not number and not variable:
            continue
        term = Fraction(number or "1") * (t if variable else 1)
        total += -term if sign == "-" else term
    return total


@pytest.mark.parametrize("path, parameter, start, stop", [
    (BATTERY, "revenue.L1.royalty.rate", "0.01", "0.03"),
    (EXAMPLE, "revenue.S.margin", "0", "1000"),
    (EXAMPLE, "contributions.CI.substitute_cost", "0", "300"),
])
def test_rounded_formulas_stay_within_a_cent_of_the_exact_pieces(path, parameter, start, stop):
    document = json.loads(ok("sweep", path, "--param", parameter, "--from", start, "--to", stop, "--symbolic",
                             "-r", "shapley", "-r", "nucleolus", "-f", "json"))
    for rule, members in document["formulas"].items():
        for member, formulas in members.items():
            pieces = document["pieces"][rule][member]
            for formula in formulas:
                text, where = formula.split("  for ")
                low, high = (Fraction(x) for x in re.findall(r"[\d./]+", where.replace(",", "")))
                for t in (low, high, (low + high) / 2):
                    piece = next(p for p in pieces if Fraction(p["from"]) <= t <= Fraction(p["to"]))
                    exact = Fraction(piece["slope"]) * t + Fraction(piece["intercept"])
                    assert abs(_evaluate(text, t) - exact) <= Fraction(1, 100), (formula, t)
                    if " = " in text:
                        assert _evaluate(text, t) == exact


# -- tables fit the terminal ------------------------------------------------------------------------------------

WIDE_COMMANDS = {
    "compare (22 rules, 5 members)": ("compare", BATTERY),
    "whatif --set": ("whatif", BATTERY, "--set", "revenue.L1.royalty.rate=0.01", "-r", "shapley", "-r", "nucleolus"),
    "whatif --drop": ("whatif", BATTERY, "--drop", "HB", "-r", "shapley", "-r", "proportional"),
    "sweep": ("sweep", BATTERY, "--param", "revenue.L1.royalty.rate", "--from", "0.01", "--to", "0.03", "--steps",
              "3", "-r", "shapley", "-r", "nucleolus", "--workers", "1"),
    "compare sampled": ("compare", BATTERY, "-r", "shapley", "-r", "shapley-sampled", "-r", "banzhaf-sampled"),
    "sweep --symbolic": ("sweep", BATTERY, "--param", "revenue.L1.royalty.rate", "--from", "0.01", "--to", "0.03",
                         "--symbolic", "-r", "shapley"),
}


@pytest.mark.parametrize("columns", [80, 60])
@pytest.mark.parametrize("command", list(WIDE_COMMANDS))
def test_tables_fit_the_terminal_and_numbers_stay_whole(command, columns):
    args = WIDE_COMMANDS[command]
    text = ok(*args, columns=columns)
    too_wide = [line for line in text.splitlines() if len(line) > columns]
    assert not too_wide, "\n".join(too_wide)
    natural = ok(*args)
    assert max(len(line) for line in natural.splitlines()) > columns  # the table had to be fitted
    # Every figure (an amount, or an estimate ± its half-width) is whole in the fitted output: none cropped or
    # folded (rich used to crop "49,940,000 ± 2,000,000" when it measured only its widest word).
    figure = re.compile(r"-?\d{1,3}(?:,\d{3})+(?:\.\d\d)?(?: ± [\d,.]+)?")
    figures = set(figure.findall(natural))
    assert figures and figures <= set(figure.findall(text))


# -- sampled estimates ----------------------------------------------------------------------------------------


def _sampled_figures(path=BATTERY):
    import ipshare
    from ipshare.report.figures import rounding_of, rule_figures
    from ipshare.solutions.sampling import Sampling

    scenario = ipshare.load(path)
    game = ipshare.scenario_game(scenario)
    allocation = ipshare.allocate(game, "shapley-sampled", sampling=Sampling(confidence=0.95, seed=0))
    return rule_figures(allocation, game, rounding_of(scenario))


def test_an_estimate_is_shown_to_the_digits_its_column_supports():
    figures = _sampled_figures()
    widest = max(figures.half_width.values())
    step = Fraction(10) ** -figures.shown_digits
    assert step > Fraction(1, 100)  # a thousand samples do not support cents here
    assert widest / 100 <= step <= widest / 10  # two significant digits of the widest half-width
    assert sum(figures.shown.values()) == figures.shown_total  # the shown column still adds up
    for member, shown in figures.shown.items():
        assert abs(Fraction(shown) - figures.exact[member]) <= step  # largest remainder: within one step
        assert estimate_text(figures, member).startswith(f"{shown:,f} ± ")


@settings(max_examples=200, deadline=None)
@given(st.fractions(min_value=Fraction(1, 10**6), max_value=10**9), st.integers(0, 6))
def test_shown_intervals_are_never_narrower_and_keep_two_digits(half_width, digits):
    from ipshare.exact import supported_digits
    from ipshare.report.figures import _round_up

    places = supported_digits(half_width, digits)
    width = _round_up(half_width, places)
    assert Fraction(width) >= half_width
    assert Fraction(width) - half_width < Fraction(10) ** -places
    significant = str(width.normalize()).replace(".", "").lstrip("0").split("E")[0].rstrip("0")
    assert len(significant) <= 2 or places == digits


SAMPLED = re.compile(r"\d[\d,]* ± \d[\d,.]*")


def test_sampled_rules_show_their_interval():
    document = json.loads(ok("compare", BATTERY, "-r", "shapley-sampled", "-f", "json"))["comparisons"][0]
    entry = document["rules"]["shapley-sampled"]
    table = ok("compare", BATTERY, "-r", "shapley-sampled")
    figures = _sampled_figures()
    for member in entry["allocation"]:
        shown = estimate_text(figures, member)
        assert shown in table, shown
    assert entry["stderr"] and entry["rounded"]  # JSON keeps the full values beside the estimates
    assert "95% interval" in " ".join(table.split())
    whatif = ok("whatif", BATTERY, "--set", "revenue.L1.royalty.rate=0.01", "-r", "shapley-sampled")
    assert len(SAMPLED.findall(whatif)) == 10  # five members, before and after
    sweep = ok("sweep", BATTERY, "--param", "revenue.L1.royalty.rate", "--from", "0.01", "--to", "0.02", "--steps",
               "2", "-r", "shapley-sampled", "--workers", "1")
    assert len(SAMPLED.findall(sweep)) == 10
    rows = csv_rows(ok("sweep", BATTERY, "--param", "revenue.L1.royalty.rate", "--from", "0.01", "--to", "0.02",
                       "--steps", "2", "-r", "shapley-sampled", "--workers", "1", "-f", "csv"))
    assert all(Fraction(row["shapley-sampled:JH:half_width"]) > 0 for row in rows)


# -- user text is data --------------------------------------------------------------------------------------------

# A name is one line: "A\nB" is refused at load (tests/test_hostile_input.py), so it is not among these.
HOSTILE = ["[/]", "[red]x[/red]", ":cd:", "=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1)", "a|b"]
ALLIANCE = '=HYPERLINK("http://x")|[/]'


@pytest.fixture
def hostile(tmp_path):
    ids = [f"M{i}" for i in range(len(HOSTILE))]
    data = {
        "alliance": {"name": ALLIANCE, "currency": "CNY"},
        "members": {m: {"name": name, "type": "enterprise"} for m, name in zip(ids, HOSTILE, strict=True)},
        "contributions": [{"id": f"C{m}", "member": m, "kind": "cash", "value": i + 1} for i, m in enumerate(ids)],
        "patents": {"P": {"title": "[b]bold[/b]", "from": [f"C{m}" for m in ids[:3]]}},
        "revenue": [{"id": "L", "kind": "licence", "licensee": "[/]", "requires": ["P"], "upfront": 1000}],
    }
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path, dict(zip(ids, HOSTILE, strict=True))


HOSTILE_COMMANDS = {
    "compare": ("compare", "{path}", "-r", "shapley", "-r", "equal"),
    "whatif": ("whatif", "{path}", "--set", "revenue.L.upfront=2000", "-r", "shapley"),
    "sweep": ("sweep", "{path}", "--param", "revenue.L.upfront", "--from", "1000", "--to", "2000", "--steps", "2",
              "-r", "shapley", "--workers", "1"),
}


@pytest.mark.parametrize("command", list(HOSTILE_COMMANDS))
def test_hostile_names_show_as_written_in_every_format(hostile, command):
    path, names = hostile
    args = [str(path) if a == "{path}" else a for a in HOSTILE_COMMANDS[command]]
    table = ok(*args)
    for name in HOSTILE:
        shown = " ".join(name.split())  # a line break in a name is a space in running text (or a new line in a cell)
        assert shown in table or all(part in table for part in name.split()), name
    assert ALLIANCE in table
    for columns in (80, 60):
        assert max(len(line) for line in ok(*args, columns=columns).splitlines()) <= columns
    document = json.loads(ok(*args, "-f", "json"))
    assert document.get("names", document.get("comparisons", [{}])[0].get("names")) == names
    assert (document.get("scenario") or document["comparisons"][0]["scenario"])["name"] == ALLIANCE
    rows = csv_rows(ok(*args, "-f", "csv"))  # rectangular: no name forged a row or a column
    if command == "sweep":
        assert len(rows) == 2  # the sweep's CSV holds ids and figures only
        return
    shown = {row["member"]: row["name"] for row in rows}
    for member, name in names.items():
        expected = " ".join(name.split())
        assert shown[member] == ("'" + expected if expected[0] in "=+-@" else expected)
    if command == "compare":
        assert {row["scenario"] for row in rows} == {"'" + ALLIANCE}
