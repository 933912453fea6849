"""Amounts in Chinese capital numerals (大写), as Chinese contracts, cheques and invoices write them.

The rules are those of the People's Bank of China, 《支付结算办法》 (1997), annex 1,
《正确填写票据和结算凭证的基本规定》, points 2 to 4, on the Chinese amount in capitals (中文大写金额数字):

- the digits 零壹贰叁肆伍陆柒捌玖 and the units 拾佰仟万亿元角分; the amount follows 人民币 with no gap;
- 整 after 元 when the amount ends at 元 (¥5,080.00 → 人民币伍仟零捌拾元整); none after 分, none after 角 (the rules
  allow it there; ipshare leaves it out: ¥0.50 → 人民币伍角);
- a zero between digits is written 零, and a run of zeros once (¥6,007.14 → 人民币陆仟零柒元壹角肆分); zeros at the
  end of a four-digit section (万, 亿) are not written; where the 万 or 元 digit is 0 and the next digit is not,
  the rules allow 零 or nothing, and ipshare writes what the rules give first: ¥107,000.53 →
  人民币壹拾万柒仟元零伍角叁分, ¥1,680.32 → 人民币壹仟陆佰捌拾元零叁角贰分;
- 角 zero and 分 not: 零 after 元 (¥16,409.02 → 人民币壹万陆仟肆佰零玖元零贰分);
- a leading 拾 is written 壹拾 (¥107,000.53 → 人民币壹拾万…, ¥10.00 → 人民币壹拾元整): the banking convention, so
  that nothing can be written in front of it.

Above 亿 the part before 亿 is read as a number of its own (¥1,200,000,030,000.00 → 人民币壹万贰仟亿零叁万元整), up to
亿亿 (10^16) and beyond. A negative amount gets 负 after
the currency name (人民币负伍仟元整): the sign is part of the amount, which the rules want right after 人民币.

Examples
--------
>>> from decimal import Decimal
>>> rmb_capitals(Decimal("5080.00")), rmb_capitals(Decimal("2000.06")), rmb_capitals(Decimal("123.45"))
('人民币伍仟零捌拾元整', '人民币贰仟元零陆分', '人民币壹佰贰拾叁元肆角伍分')
>>> capital_numerals(Decimal("0.05")), capital_numerals(Decimal("10")), capital_numerals(Decimal("0"))
('伍分', '壹拾元整', '零元整')
"""

from __future__ import annotations

from decimal import Decimal

__all__ = ["DIGITS", "capital_numerals", "rmb_capitals"]

DIGITS = "零壹贰叁肆伍陆柒捌玖"
_PLACES = ("", "拾", "佰", "仟")  # within a section of four digits


def capital_numerals(amount) -> str:
    """``amount`` (a :class:`~decimal.Decimal` or an ``int``, at most two decimals) in capital numerals, without a
    currency name: ``Decimal("5080.00")`` → ``伍仟零捌拾元整``.

    Raises
    ------
    ValueError
        for a value that is not a finite amount in 分 (more than two decimals that are not zeros, NaN, infinity),
        or a float (round to the minor unit first: a float's binary digits are not an amount).
    """
    fen = _fen(amount)
    sign = "负" if fen < 0 else ""
    fen = abs(fen)
    yuan, rest = divmod(fen, 100)
    jiao, fen_digit = divmod(rest, 10)
    if fen == 0:
        return "零元整"
    out = _integer(yuan) + "元" if yuan else ""
    if jiao == 0 and fen_digit == 0:
        return sign + out + "整"
    if yuan and (yuan % 10 == 0 or jiao == 0):
        out += "零"  # 元 digit 0 before a 角, or 角 0 before a 分 (point 4 of the rules)
    if jiao:
        out += DIGITS[jiao] + "角"
    if fen_digit:
        out += DIGITS[fen_digit] + "分"
    return sign + out


def rmb_capitals(amount) -> str:
    """``人民币`` followed by the amount in capital numerals, as a Chinese contract writes a CNY amount."""
    return "人民币" + capital_numerals(amount)


def _fen(amount) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int | Decimal):
        raise ValueError(f"an amount in capital numerals must be a Decimal or an int, not {type(amount).__name__}")
    value = Decimal(amount)
    if not value.is_finite():
        raise ValueError(f"an amount in capital numerals must be finite, not {value}")
    fen = value * 100
    if fen != fen.to_integral_value():
        raise ValueError(f"an amount in capital numerals has at most two decimals (分), not {value}")
    return int(fen)


def _integer(number: int) -> str:
    """A positive whole number of 元 in capital numerals: the part above the largest unit (万, 亿, 亿亿, …) that fits,
    read the same way, then the unit, then the rest, after one 零 when the digit just below the unit is 0."""
    if number < 10_000:
        return _section(number)
    unit, name = 10_000, "万"
    if number >= 10**8:
        unit, name = 10**8, "亿"
        while number >= unit * unit:
            unit, name = unit * unit, name * 2  # 亿亿 = 10^16, and so on
    high, low = divmod(number, unit)
    out = _integer(high) + name
    if low:
        out += ("零" if low < unit // 10 else "") + _integer(low)
    return out


def _section(section: int) -> str:
    """1 to 9999 in capital numerals: one 零 for a run of zeros inside, none at the end."""
    digits = f"{section:04d}".lstrip("0")
    out = ""
    zero = False
    for position, digit in enumerate(digits):
        place = len(digits) - 1 - position
        if digit == "0":
            zero = True
            continue
        if zero:
            out += "零"
            zero = False
        out += DIGITS[int(digit)] + _PLACES[place]
    return out
