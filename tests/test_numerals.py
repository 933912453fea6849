"""ipshare.report.numerals: CNY amounts in Chinese capital numerals (大写).

The expected strings follow the People's Bank of China, 《支付结算办法》 (1997), annex 1, 《正确填写票据和结算凭证的基本
规定》, points 2 to 4. Cases marked "PBoC" are the rules' own examples, word for word (where the rules allow two forms,
the first they give); the others were checked by hand against the same rules: one 零 for a run of zeros inside an
amount, none at the end of a four-digit section, 元 … 整 when the amount ends at 元, 零 after 元 when the 元 digit or
the 角 digit is 0 before a non-zero digit, and 壹拾 for a leading 拾 (the banking convention, as in the rules'
¥107,000.53 → 人民币壹拾万…).

A property test reads the numerals back with a small parser written here from the reading rules of Chinese numbers
(digit × 拾佰仟 within a section of four digits; what stands before 万, 亿 or 亿亿, read as a number, times the
unit), for random amounts up to 10^16.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipshare.report.numerals import capital_numerals, rmb_capitals

CASES = [
    # The brief's and DESIGN.md's examples
    ("5080.00", "人民币伍仟零捌拾元整"),
    ("2000.06", "人民币贰仟元零陆分"),
    ("123.45", "人民币壹佰贰拾叁元肆角伍分"),
    # PBoC, point 4 (1)-(4)
    ("1409.50", "人民币壹仟肆佰零玖元伍角"),
    ("6007.14", "人民币陆仟零柒元壹角肆分"),
    ("1680.32", "人民币壹仟陆佰捌拾元零叁角贰分"),
    ("107000.53", "人民币壹拾万柒仟元零伍角叁分"),
    ("16409.02", "人民币壹万陆仟肆佰零玖元零贰分"),
    ("325.04", "人民币叁佰贰拾伍元零肆分"),
    # Small amounts: 角 and 分 alone, no 元, no 整 after 角 or 分
    ("0.00", "人民币零元整"),
    ("0.50", "人民币伍角"),
    ("0.05", "人民币伍分"),
    ("0.55", "人民币伍角伍分"),
    ("0.01", "人民币壹分"),
    ("1.00", "人民币壹元整"),
    ("1.01", "人民币壹元零壹分"),
    ("1.10", "人民币壹元壹角"),
    # 拾 always with its digit
    ("10.00", "人民币壹拾元整"),
    ("11.00", "人民币壹拾壹元整"),
    ("10.50", "人民币壹拾元零伍角"),
    ("110.00", "人民币壹佰壹拾元整"),
    ("100010.00", "人民币壹拾万零壹拾元整"),
    ("150000.00", "人民币壹拾伍万元整"),
    # Zeros: one 零 for a run inside, none at the end of a section
    ("101.00", "人民币壹佰零壹元整"),
    ("1001.00", "人民币壹仟零壹元整"),
    ("1010.00", "人民币壹仟零壹拾元整"),
    ("1100.00", "人民币壹仟壹佰元整"),
    ("10000.00", "人民币壹万元整"),
    ("10001.00", "人民币壹万零壹元整"),
    ("10100.00", "人民币壹万零壹佰元整"),
    ("11000.00", "人民币壹万壹仟元整"),
    ("100000.00", "人民币壹拾万元整"),
    ("1000000.00", "人民币壹佰万元整"),
    ("1005000.00", "人民币壹佰万伍仟元整"),  # like PBoC's 壹拾万柒仟
    ("1000500.00", "人民币壹佰万零伍佰元整"),
    ("10000000.00", "人民币壹仟万元整"),
    # 亿 and above
    ("100000000.00", "人民币壹亿元整"),
    ("100000001.00", "人民币壹亿零壹元整"),
    ("101000000.00", "人民币壹亿零壹佰万元整"),
    ("110000000.00", "人民币壹亿壹仟万元整"),
    ("1000010000.00", "人民币壹拾亿零壹万元整"),
    ("165142916.40", "人民币壹亿陆仟伍佰壹拾肆万贰仟玖佰壹拾陆元肆角"),
    ("75200000.00", "人民币柒仟伍佰贰拾万元整"),
    ("1000000000000.00", "人民币壹万亿元整"),
    ("1200000030000.00", "人民币壹万贰仟亿零叁万元整"),
    ("9999999999999999.99", "人民币玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
    ("10000000000000000.00", "人民币壹亿亿元整"),
    ("10000000100000000.00", "人民币壹亿亿零壹亿元整"),
    ("120000000000000000000.00", "人民币壹万贰仟亿亿元整"),
    # Negative amounts: 负 right after the currency name
    ("-5000.00", "人民币负伍仟元整"),
    ("-0.05", "人民币负伍分"),
]


@pytest.mark.parametrize(("amount", "expected"), CASES)
def test_hand_checked_amounts(amount, expected):
    assert rmb_capitals(Decimal(amount)) == expected


def test_amounts_without_decimals_and_ints():
    assert capital_numerals(Decimal("5080")) == "伍仟零捌拾元整"
    assert capital_numerals(5080) == "伍仟零捌拾元整"
    assert capital_numerals(Decimal("5080.000")) == "伍仟零捌拾元整"  # trailing zeros are not 厘
    assert capital_numerals(Decimal("-0.00")) == "零元整"


@pytest.mark.parametrize("bad", [Decimal("1.005"), Decimal("NaN"), Decimal("Infinity"), 1.5, "12.00", True, None])
def test_what_is_not_an_amount_in_fen_is_refused(bad):
    with pytest.raises(ValueError, match="amount in capital numerals"):
        capital_numerals(bad)


# ------------------------------------------------------------------------------------------------------------
# Reading the numerals back

DIGIT_VALUES = {ch: i for i, ch in enumerate("零壹贰叁肆伍陆柒捌玖")}
PLACE_VALUES = {"拾": 10, "佰": 100, "仟": 1000}
BIG_VALUES = {"万": 10**4, "亿": 10**8}


def read_section(text: str) -> int:
    """A section of up to four digits: digit × place, 零 only marks skipped places."""
    value = 0
    digit = None
    for ch in text:
        if ch == "零":
            digit = None
        elif ch in DIGIT_VALUES:
            assert digit is None, f"two digits in a row in {text!r}"
            digit = DIGIT_VALUES[ch]
        else:
            assert digit is not None, f"{ch} without its digit in {text!r}"
            value += digit * PLACE_VALUES[ch]
            digit = None
    return value + (digit or 0)


def read_integer(text: str) -> int:
    """A whole number: the part before its largest unit (the longest run of 亿, else 万) times that unit, plus the
    part after it (亿亿 = 10^16; the part before 亿 may itself hold 万: 壹万零壹亿 = 10001 × 10^8)."""
    runs = re.findall(r"亿+", text)
    if runs:
        run = max(runs, key=len)
        unit = 10 ** (8 * len(run))
    elif "万" in text:
        run, unit = "万", 10**4
    else:
        return read_section(text)
    before, _, after = text.partition(run)
    assert before, f"{run} without a number before it in {text!r}"
    return read_integer(before) * unit + (read_integer(after) if after else 0)


def read_amount(text: str) -> Decimal:
    """人民币 [负] [integer 元] [零] [digit 角] [digit 分] [整] → the amount."""
    match = re.fullmatch(r"人民币(负?)(?:(.+?)元)?(零)?(?:(.)角)?(?:(.)分)?(整)?", text)
    assert match, text
    sign, integer, _, jiao, fen, whole = match.groups()
    yuan = read_integer(integer) if integer and integer != "零" else 0
    cents = DIGIT_VALUES[jiao] * 10 if jiao else 0
    cents += DIGIT_VALUES[fen] if fen else 0
    assert bool(whole) == (cents == 0), f"整 exactly when the amount ends at 元: {text!r}"
    value = Decimal(yuan * 100 + cents) / 100
    return -value if sign else value


amounts = st.builds(lambda fen: Decimal(fen).scaleb(-2), st.integers(-(10**18), 10**18))


@given(amounts)
@settings(max_examples=400, deadline=None)
def test_numerals_read_back_to_the_amount(amount):
    text = rmb_capitals(amount)
    assert read_amount(text) == amount
    body = text.removeprefix("人民币").removeprefix("负")
    assert "零零" not in body  # one 零 for a run of zeros
    assert not re.search(r"零[万亿元角分整]", body) or body == "零元整"  # no 零 at the end of a section
    assert not re.search(r"(^|[^壹贰叁肆伍陆柒捌玖])拾", body)  # 拾 always with its digit: 壹拾
    if amount == 0:
        assert body == "零元整"


def test_reader_is_not_a_mirror_of_the_writer():
    # The reader accepts the common forms the writer does not produce, so agreeing with it is a real check.
    assert read_amount("人民币壹拾万零柒仟元伍角叁分") == Decimal("107000.53")
    assert read_amount("人民币壹仟陆佰捌拾元叁角贰分") == Decimal("1680.32")
    assert read_amount("人民币壹万亿贰仟亿零叁万元整") == Decimal("1200000030000")  # the flat form of 万亿
