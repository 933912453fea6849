"""The figures every output shows, rounded once: one :class:`~ipshare.exact.Rounding` per scenario, one
:class:`RuleFigures` per allocation.

Every command and format that shows a rule's allocation (allocate in four formats, compare, sweep, whatif, the
annex in every format, plots) reads the same :class:`RuleFigures`, so the same rule on the same scenario shows the
same cents everywhere; totals and derived columns are computed from these rounded figures, never rounded again.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..exact import DEFAULT_TIES, Rounding, decimal_of, minor_unit, money_sum, round_half_up

__all__ = [
    "GAME_DIGITS",
    "RuleFigures",
    "rounding_of",
    "rule_figures",
    "grand_of",
    "efficient",
    "half_widths",
    "supported",
    "estimate_text",
    "leading_place",
]

# Classic games have no currency; their values are shown to this many decimals (exact values beside them).
GAME_DIGITS = 4
# A float rule whose total is within this relative distance of v(N) is taken to be efficient.
EFFICIENT = Fraction(1, 10**9)


def rounding_of(scenario) -> Rounding:
    """How ``scenario``'s figures are shown: its currency's minor unit (``alliance.minor_unit`` if given; classic
    games 4 decimals) and the agreement's tie rule (``agreement.rounding.ties``, else listed-first) over the
    members in the scenario's order."""
    if scenario.game is None:
        digits = minor_unit(scenario.currency, scenario.alliance.minor_unit)
        listed = tuple(scenario.members)
    else:
        digits = GAME_DIGITS if scenario.alliance.minor_unit is None else scenario.alliance.minor_unit
        listed = tuple(scenario.game.players)
    terms = getattr(scenario.agreement, "rounding", None)
    return Rounding(digits=digits, ties=terms.ties if terms is not None else DEFAULT_TIES, listed=listed)


def grand_of(game) -> Fraction:
    """v(N) exactly where the game knows it, else its float's exact binary value."""
    exact = getattr(game, "exact_grand_value", None)
    return Fraction(exact) if exact is not None else Fraction(game.grand_value)


def efficient(total: Fraction, grand: Fraction) -> bool:
    """Whether a column totalling ``total`` is an allocation of ``grand`` (up to a float rule's error)."""
    return abs(total - grand) <= EFFICIENT * max(1, abs(grand))


@dataclass(frozen=True)
class RuleFigures:
    """One rule's allocation as it is shown.

    ``exact``: the amounts as rationals (exact where the rule was; a float rule's amounts reconciled to v(N)
    when it is efficient); ``total``: what they sum to (v(N) for an efficient rule); ``rounded``: the amounts
    rounded by the scenario's :class:`Rounding`, summing to ``rounded_total``; ``percent``: percentages of
    ``total``, summing to 100.00 (None when the total is 0); ``efficient``: whether the column is a split of
    v(N).
    """

    rule: str
    allocation: object
    exact: dict[str, Fraction]
    total: Fraction
    rounded: dict[str, Decimal]
    rounded_total: Decimal
    percent: dict[str, Decimal] | None
    efficient: bool


def rule_figures(allocation, game, rounding: Rounding) -> RuleFigures:
    """Round ``allocation`` of ``game`` for display, the one way every output does."""
    grand = grand_of(game)
    if allocation.exact is not None:
        exact = {p: Fraction(allocation.exact[p]) for p in game.players}
        total = sum(exact.values(), Fraction(0))
    else:
        exact = {p: Fraction(allocation.values[p]) for p in game.players}
        total = sum(exact.values(), Fraction(0))
        # A float rule that is efficient is reconciled to v(N) itself, exactly as the game knows it, not to its
        # float sum nor to v(N)'s float. Its float residue (at 1e18 hundreds of units, more than rounding absorbs)
        # goes to the amounts in proportion to their size, as their own float errors are: small amounts keep
        # their value.
        if efficient(total, grand):
            size = sum(abs(v) for v in exact.values())
            if size:
                exact = {p: v + (grand - total) * abs(v) / size for p, v in exact.items()}
            total = grand
    rounded = rounding.column(exact, total)
    return RuleFigures(
        rule=allocation.rule,
        allocation=allocation,
        exact=exact,
        total=total,
        rounded=rounded,
        rounded_total=money_sum(rounded.values()),
        percent=rounding.percentages(exact, total),
        efficient=efficient(total, grand),
    )


# -- sampled estimates: shown with their interval, to the digits the interval supports ---------------------------


def half_widths(allocation) -> dict[str, Fraction] | None:
    """Half the width of each member's confidence interval for a sampled rule (None for an exact method)."""
    if allocation.stderr is None:
        return None
    intervals = (allocation.details or {}).get("interval") or {}
    widths = {}
    for player, error in allocation.stderr.items():
        if player in intervals:
            low, high = intervals[player]
            widths[player] = (Fraction(high) - Fraction(low)) / 2
        else:  # no interval recorded: the normal one at 95 %
            widths[player] = Fraction(error) * Fraction(196, 100)
    return widths


def supported(estimate: Fraction, half_width: Fraction, digits: int) -> tuple[Decimal, Decimal]:
    """An estimate and its interval's half-width as they are shown: the half-width to two significant digits,
    rounded up (the interval shown is never narrower than the one computed), the estimate half up to one digit
    beyond the half-width's last (a guard digit); neither finer than ``digits`` decimals.

    >>> supported(Fraction("50676279.27"), Fraction(205_000), 2)
    (Decimal('5.0676E+7'), Decimal('2.1E+5'))
    >>> [str(x) for x in supported(Fraction("7437510.24"), Fraction("0.004"), 2)]
    ['7437510.24', '0.01']
    """
    estimate, half_width = Fraction(estimate), abs(Fraction(half_width))
    if half_width == 0:
        place = -digits
    else:
        first = leading_place(half_width)  # 10**first <= half_width < 10**(first + 1)
        place = max(first - 1, -digits)  # two significant digits, or the minor unit
    shown_width = _round_up(half_width, place)
    shown_estimate = _round_at(estimate, place - 1, digits)
    return shown_estimate, shown_width


def estimate_text(estimate: Fraction, half_width: Fraction, digits: int) -> str:
    """``"50,676,000 ± 210,000"``: :func:`supported`, written with thousands separators."""
    from .document import plain_number

    shown, width = supported(estimate, half_width, digits)
    return f"{plain_number(shown)} ± {plain_number(width)}"


def leading_place(value: Fraction) -> int:
    """The power of ten of the first significant digit of a positive ``value``."""
    place = len(str(value.numerator)) - len(str(value.denominator))
    while Fraction(10) ** place > value:
        place -= 1
    while Fraction(10) ** (place + 1) <= value:
        place += 1
    return place


def _round_up(value: Fraction, place: int) -> Decimal:
    """``value`` (not negative) rounded up to a multiple of 10**place."""
    units = -((-value) // (Fraction(10) ** place))
    return decimal_of(int(units), -place)


def _round_at(value: Fraction, place: int, digits: int) -> Decimal:
    """``value`` rounded half up to a multiple of 10**place, never finer than ``digits`` decimals."""
    place = max(place, -digits)
    return decimal_of(round_half_up(value / Fraction(10) ** place), -place)
