"""Currencies (issue 16, docs/time-and-place.md "Currencies"): ISO 4217 codes and minor units, rate tables from
CSV, the agreement's conversion rule, exact rationals. Expected figures are worked by hand beside each test."""

import datetime
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipshare.errors import ScenarioError
from ipshare.exact import MINOR_UNITS, Rounding
from ipshare.model.codes import COUNTRIES, CURRENCIES
from ipshare.model.currency import ConversionRule, convert, currency_minor_unit, read_rates
from ipshare.model.loading import loads

ROOT = Path(__file__).resolve().parent.parent
MARCH = ROOT / "scenarios" / "rates" / "usd-cny-2025-03.csv"
D = datetime.date


TABLE = read_rates(MARCH.read_text(), name=MARCH.name)


def table():
    return TABLE


def test_exact_minor_units_agree_with_the_iso_list():
    # ipshare.exact keeps the currencies whose minor unit is not 2; the ISO list in ipshare.model.codes holds all.
    not_two = {code: unit for code, (unit, _) in CURRENCIES.items() if unit is not None and unit != 2}
    assert not_two == MINOR_UNITS
    assert currency_minor_unit("JPY") == 0 and currency_minor_unit("KWD") == 3 and currency_minor_unit("XAU") == 2
    assert len(COUNTRIES) == 249 and COUNTRIES["CN"] == "China"


def test_a_usd_receipt_distributed_in_cny_by_the_receipt_date_rule():
    # 12,345.67 USD received on Wednesday 12 March 2025, at that day's rate 7.1752:
    # 12,345.67 × 7.1752 = 86,419.69 + 2,162.961384 = 88,582.651384 (12,345.67 × 7 = 86,419.69; × 0.1752 =
    # 2,162.961384), exactly: the product of the two decimals has at most 6 decimals.
    rates = table()
    assert rates.source.startswith("People's Bank of China")
    receipt = convert(Fraction("12345.67"), "USD", "CNY", D(2025, 3, 12), rates)
    assert receipt.rate == Fraction("7.1752") and receipt.rate_date == D(2025, 3, 12)
    assert receipt.converted == Fraction(1234567, 100) * Fraction(71752, 10000)
    assert receipt.converted == Fraction("88582.651384")
    # Shown in CNY with its minor unit (2) and split 60:40 by the agreement's rule, to the cent:
    cny = Rounding(currency_minor_unit("CNY"))
    assert str(cny.amount(receipt.converted)) == "88582.65"
    shares = cny.column({"A": receipt.converted * Fraction(3, 5), "B": receipt.converted * Fraction(2, 5)},
                        receipt.converted)
    # 88,582.651384 × 0.6 = 53,149.5908304 and × 0.4 = 35,433.0605536: the cents 53,149.59 + 35,433.06 =
    # 88,582.65, the rounded receipt.
    assert {m: str(v) for m, v in shares.items()} == {"A": "53149.59", "B": "35433.06"}


def test_a_weekend_receipt_takes_the_latest_rate_within_the_agreed_age():
    rates = table()
    # Sunday 9 March: Friday 7 March's 7.1702.
    assert convert(100, "USD", "CNY", D(2025, 3, 9), rates).rate == Fraction("7.1702")
    with pytest.raises(ScenarioError, match=r"no USD/CNY rate for 2025-03-09 \(nor in the 1 days before\); "
                       r"the latest before it is of 2025-03-07"):
        convert(100, "USD", "CNY", D(2025, 3, 9), rates, ConversionRule("receipt-date", max_age_days=1))
    with pytest.raises(ScenarioError, match="no USD/CNY rate for 2025-03-01"):
        convert(100, "USD", "CNY", D(2025, 3, 1), rates)


def test_the_period_average_rule():
    # The mean of the ten rates of March 3-14: (7.1726 + 7.1740 + 7.1733 + 7.1717 + 7.1702 + 7.1728 + 7.1741 +
    # 7.1752 + 7.1757 + 7.1760) / 10 = 71.7356 / 10 = 7.17356.
    rates = table()
    receipt = convert(1000, "USD", "CNY", D(2025, 3, 12), rates, ConversionRule("period-average"),
                      period=(D(2025, 3, 1), D(2025, 4, 1)))
    assert receipt.rate == Fraction("7.17356") and receipt.period[2] == 10
    assert receipt.converted == 7173 + Fraction(56, 100)
    with pytest.raises(ScenarioError, match="not in its period"):
        convert(1000, "USD", "CNY", D(2025, 4, 2), rates, ConversionRule("period-average"),
                period=(D(2025, 3, 1), D(2025, 4, 1)))


def test_the_table_converts_the_other_way_exactly():
    receipt = convert(Fraction("7.1752"), "CNY", "USD", D(2025, 3, 12), table())
    assert receipt.converted == 1 and receipt.rate == 1 / Fraction("7.1752")


@given(st.fractions(min_value=0, max_value=10**9), st.sampled_from([D(2025, 3, d) for d in range(3, 17)]))
def test_converting_there_and_back_is_exact(amount, day):
    rates = table()
    there = convert(amount, "USD", "CNY", day, rates)
    assert convert(there.converted, "CNY", "USD", day, rates).converted == amount


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("date,from,to,rate\n2025-03-32,USD,CNY,7.1\n", "r.csv:2: date: '2025-03-32' is not a date on the calendar"),
        ("date,from,to,rate\n2025-03-03,USD,RMB,7.1\n", "r.csv:2: to: unknown currency code 'RMB': use an ISO 4217 "
         "code like CNY, USD, EUR; the renminbi's ISO 4217 code is CNY"),
        ("date,from,to,rate\n2025-03-03,usd,CNY,7.1\n", "did you mean 'USD'?"),
        ("date,from,to,rate\n2025-03-03,USD,CNY,-7.1\n", "r.csv:2: rate: must be above 0, got -7.1"),
        ("date,from,to,rate\n2025-03-03,USD,CNY,7.1\n2025-03-03,USD,CNY,7.2\n", "r.csv:3: rate: a second USD/CNY "
         "rate for 2025-03-03"),
        ("day,from,to,rate\n", "r.csv:1: the header must be date,from,to,rate"),
        ("# nothing\n", "r.csv: holds no rates"),
        ("date,from,to,rate\n2025-03-03,USD,USD,1\n", "r.csv:2: to: converts USD to itself"),
    ],
)
def test_bad_rate_tables_are_one_line(text, message):
    with pytest.raises(ScenarioError) as error:
        read_rates(text, name="r.csv")
    assert message in str(error.value) and "\n" not in str(error.value)


def test_a_missing_pair_names_the_pairs_there_are():
    with pytest.raises(ScenarioError, match=r"no rate from EUR to CNY \(pairs in the table: USD/CNY\)"):
        convert(1, "EUR", "CNY", D(2025, 3, 12), table())


def test_the_scenario_checks_its_currency_and_conversion_rule():
    base = "alliance: {name: T, currency: CNY}\nmembers:\n  A: {type: enterprise}\n"
    scenario = loads(base + "agreement:\n  conversion: {rule: period-average}\n")
    assert scenario.agreement.conversion == ConversionRule("period-average", 7)
    with pytest.raises(ScenarioError, match="alliance.currency: unknown currency code 'ABC'"):
        loads(base.replace("CNY", "ABC"))
    with pytest.raises(ScenarioError, match=":5: agreement.conversion.rule: unknown conversion rule 'monthly'"):
        loads(base + "agreement:\n  conversion: {rule: monthly}\n")
