"""ipshare.exact: rounding money once, at the edge, so that the column still adds up.

The method is Hamilton's largest-remainder method (as for apportionment): round every amount down, then hand the
units still missing from the rounded total, one each, to the amounts with the largest remainders, ties to the
earlier member. The tests state what a legal annex needs from it: the rounded column sums exactly to the rounded
total, no amount moves by a whole unit, and who gets the odd cent is decided by the remainders alone.
"""

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import thorough

from ipshare.exact import format_fraction, minor_unit, percentages, round_half_up, round_reconciled

amounts = st.builds(Fraction, st.integers(-(10**7), 10**7), st.integers(1, 999))
columns = st.lists(amounts, min_size=1, max_size=12).map(lambda xs: {f"M{i}": x for i, x in enumerate(xs)})
digit_counts = st.integers(0, 3)


def units(decimal: Decimal, digits: int) -> int:
    """A rounded amount in minor units (cents for 2 digits), checking it has exactly ``digits`` decimals."""
    assert decimal.as_tuple().exponent == -digits
    return int(decimal.scaleb(digits))


# ------------------------------------------------------------------------------------------------------------
# round_reconciled


@given(columns, digit_counts)
@thorough
def test_rounded_column_sums_exactly_to_the_rounded_total(values, digits):
    rounded = round_reconciled(values, digits)
    assert list(rounded) == list(values)
    exact_total = sum(values.values())
    assert sum(units(r, digits) for r in rounded.values()) == round_half_up(exact_total * 10**digits)


@given(columns, digit_counts)
@thorough
def test_each_amount_is_its_floor_or_its_ceiling(values, digits):
    # So each rounded amount is less than one minor unit from the exact one (equal when it was already whole).
    for key, result in round_reconciled(values, digits).items():
        scaled = values[key] * 10**digits
        assert units(result, digits) in {math.floor(scaled), math.ceil(scaled)}
        assert abs(units(result, digits) - scaled) < 1


@given(columns, digit_counts)
@thorough
def test_the_units_go_to_the_largest_remainders_ties_to_the_earlier(values, digits):
    keys = list(values)
    rounded = round_reconciled(values, digits)

    def remainder(key):
        scaled = values[key] * 10**digits
        return scaled - math.floor(scaled)

    up = [k for k in keys if units(rounded[k], digits) > math.floor(values[k] * 10**digits)]
    down = [k for k in keys if k not in up]
    for winner in up:
        for loser in down:
            assert remainder(winner) >= remainder(loser)
            if remainder(winner) == remainder(loser):
                assert keys.index(winner) < keys.index(loser)


def test_three_thirds():
    third = Fraction(1, 3)
    assert round_reconciled({"A": third, "B": third, "C": third}, 2) == {
        "A": Decimal("0.34"),
        "B": Decimal("0.33"),
        "C": Decimal("0.33"),
    }


def test_ties_go_to_the_earlier_member_whatever_the_names():
    third = Fraction(1, 3)
    assert round_reconciled({"Z": third, "A": third, "M": third}, 0) == {
        "Z": Decimal("1"),
        "A": Decimal("0"),
        "M": Decimal("0"),
    }


def test_negative_amounts():
    # −1/3 rounds down to −0.34, leaving a remainder of 0.66… cent. The total −2/3 rounds to −0.67, one cent
    # above the floors' −0.68; both remainders are equal, so the cent goes to the earlier member, A.
    values = {"A": Fraction(-1, 3), "B": Fraction(-1, 3)}
    assert round_reconciled(values, 2) == {"A": Decimal("-0.33"), "B": Decimal("-0.34")}


def test_mixed_signs_that_cancel():
    values = {"A": Fraction(1001, 1000), "B": Fraction(-1001, 1000)}
    rounded = round_reconciled(values, 2)
    assert sum(rounded.values()) == 0
    assert rounded == {"A": Decimal("1.00"), "B": Decimal("-1.00")}


@pytest.mark.parametrize(("digits", "expected"), [(0, "2"), (1, "1.7"), (2, "1.67"), (3, "1.667")])
def test_digits(digits, expected):
    assert round_reconciled({"A": Fraction(5, 3)}, digits) == {"A": Decimal(expected)}


def test_a_given_total_is_honoured():
    # Float shares of 100 that do not quite add up: the column is reconciled to the stated total.
    values = {"A": 33.333333333333336, "B": 33.333333333333336, "C": 33.33333333333333}
    rounded = round_reconciled(values, 2, total=100)
    assert sum(rounded.values()) == Decimal("100.00")


def test_a_total_far_from_the_amounts_is_refused():
    with pytest.raises(ValueError, match="do not add up"):
        round_reconciled({"A": Fraction(1), "B": Fraction(1)}, 2, total=5)


# ------------------------------------------------------------------------------------------------------------
# percentages


@given(columns.filter(lambda values: sum(values.values()) != 0))
@thorough
def test_percentages_sum_to_exactly_100(values):
    shares = percentages(values)
    assert sum(shares.values()) == Decimal("100.00")
    total = sum(values.values())
    for key, share in shares.items():
        assert share.as_tuple().exponent == -2
        assert abs(Fraction(share) - values[key] * 100 / total) < Fraction(1, 100)


def test_percentages_of_three_thirds():
    assert percentages({"A": 1, "B": 1, "C": 1}) == {
        "A": Decimal("33.34"),
        "B": Decimal("33.33"),
        "C": Decimal("33.33"),
    }


def test_percentages_of_a_given_total():
    # Float shares 0.1 + 0.2 overshoot 0.3 in binary; against the stated total they still make 100.00.
    shares = percentages({"A": 0.1, "B": 0.2}, total=Fraction(3, 10))
    assert shares == {"A": Decimal("33.33"), "B": Decimal("66.67")}


@pytest.mark.parametrize("values", [{"A": 0, "B": 0}, {"A": 5, "B": -5}])
def test_percentages_of_a_zero_total_are_none(values):
    assert percentages(values) is None


# ------------------------------------------------------------------------------------------------------------
# minor units and small helpers


@pytest.mark.parametrize(
    ("currency", "override", "digits"),
    [
        ("CNY", None, 2),  # ISO 4217: fen
        ("JPY", None, 0),  # ISO 4217: no minor unit in use
        ("KWD", None, 3),  # ISO 4217: fils, 1/1000 dinar
        ("XYZ", None, 2),  # unknown currencies default to cents
        (None, None, 2),
        ("CNY", 0, 0),  # an override wins, even 0
        ("KWD", 2, 2),
        ("JPY", 3, 3),
    ],
)
def test_minor_unit(currency, override, digits):
    assert minor_unit(currency, override) == digits


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Fraction(1, 2), 1), (Fraction(-1, 2), 0), (Fraction(5, 2), 3), (Fraction(-5, 2), -2), (Fraction(7, 3), 2)],
)
def test_round_half_up(value, expected):
    assert round_half_up(value) == expected


@pytest.mark.parametrize(
    ("value", "text"), [(Fraction(600), "600"), (Fraction(469, 2), "469/2"), (Fraction(-1, 3), "-1/3")]
)
def test_format_fraction(value, text):
    assert format_fraction(value) == text
