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

from ..exact import DEFAULT_TIES, Rounding, decimal_of, minor_unit, money_sum, supported_digits

__all__ = [
    "GAME_DIGITS",
    "RuleFigures",
    "rounding_of",
    "rule_figures",
    "grand_of",
    "efficient",
    "half_widths",
    "shown_half_width",
    "estimate_text",
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

    A sampled rule's estimates are also given as people should read them: ``half_width`` (each member's
    confidence half-width), and ``shown`` / ``shown_total`` / ``shown_percent``: the column rounded (again summing
    to its total) to the digits its largest half-width supports (two significant digits of it), ``shown_digits``
    and ``percent_digits`` decimals. Human formats show those with their ±; data formats (JSON, CSV) keep
    ``rounded``. For an exact rule the shown figures are the rounded ones.
    """

    rule: str
    allocation: object
    exact: dict[str, Fraction]
    total: Fraction
    rounded: dict[str, Decimal]
    rounded_total: Decimal
    percent: dict[str, Decimal] | None
    efficient: bool
    half_width: dict[str, Fraction] | None = None
    shown: dict[str, Decimal] | None = None
    shown_total: Decimal | None = None
    shown_percent: dict[str, Decimal] | None = None
    shown_digits: int = 2
    percent_digits: int = 2
    minor_digits: int = 2

    @property
    def sampled(self) -> bool:
        return self.half_width is not None


def rule_figures(allocation, game, rounding: Rounding) -> RuleFigures:
    """Round ``allocation`` of ``game`` for display, the one way every output does."""
    grand = grand_of(game)
    # Exact rules as they are; a float rule read on a grid of its v(N)'s size and, when efficient, reconciled to
    # the exact v(N) (Allocation.reconciled: the one place that does it).
    exact, total = allocation.reconciled(rounding.digits)
    rounded = rounding.column(exact, total)
    percent = rounding.percentages(exact, total)
    figures = {
        "rule": allocation.rule,
        "allocation": allocation,
        "exact": exact,
        "total": total,
        "rounded": rounded,
        "rounded_total": money_sum(rounded.values()),
        "percent": percent,
        "efficient": efficient(total, grand),
        "shown": rounded,
        "shown_total": money_sum(rounded.values()),
        "shown_percent": percent,
        "shown_digits": rounding.digits,
        "minor_digits": rounding.digits,
    }
    half_width = half_widths(allocation)
    if half_width is not None:
        largest = max(half_width.values(), default=Fraction(0))
        coarse = rounding.coarser(supported_digits(largest, rounding.digits))
        shown = coarse.column(exact, total)
        percent_digits = supported_digits(largest * 100 / abs(total), 2) if total else 2
        figures.update(
            half_width=half_width,
            shown=shown,
            shown_total=money_sum(shown.values()),
            shown_percent=rounding.percentages(exact, total, digits=percent_digits),
            shown_digits=coarse.digits,
            percent_digits=percent_digits,
        )
    return RuleFigures(**figures)


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


def shown_half_width(figures: RuleFigures, member: str) -> Decimal | None:
    """A member's half-width as shown beside its estimate: to two significant digits, rounded up (the interval
    shown is never narrower than the one computed), never finer than the currency's minor unit.

    >>> _round_up(Fraction(205_001), supported_digits(205_001, 2))
    Decimal('2.1E+5')
    """
    if figures.half_width is None:
        return None
    width = figures.half_width[member]
    return _round_up(width, supported_digits(width, figures.minor_digits))


def estimate_text(figures: RuleFigures, member: str) -> str:
    """``"49,900,000 ± 1,900,000"``: a sampled member's shown estimate and its half-width; the rounded figure
    alone for an exact rule."""
    from .document import plain_number

    shown = plain_number(figures.shown[member])
    width = shown_half_width(figures, member)
    return shown if width is None else f"{shown} ± {plain_number(width)}"


def _round_up(value: Fraction, digits: int) -> Decimal:
    """``value`` (not negative) rounded up to ``digits`` decimals (negative: to tens, hundreds, ...)."""
    step = Fraction(10) ** -digits
    units = -((-Fraction(value)) // step)
    return decimal_of(int(units), digits)
