"""The Banzhaf value (Banzhaf 1965; Owen 1975), raw and normalised to the grand value."""

from __future__ import annotations

from fractions import Fraction

from ..errors import GameError, RuleError
from ..games.table import MAX_EXACT_PLAYERS, Game, member_sums
from .allocation import make_allocation
from .shapley import _blocked_sums
from .structured import additive_value, as_table, is_voting

__all__ = ["banzhaf_value", "normalized_banzhaf_value"]


def banzhaf_value(game, exact=None, sampling=None):
    """The raw Banzhaf value: each player's marginal contribution averaged over the 2^(n−1) coalitions without it.

    β_i = (2·Σ_{S∋i} v(S) − Σ_S v(S)) / 2^(n−1), from two passes over the table. It need not sum to v(N);
    on a simple game it is the number of swings divided by 2^(n−1) (the Banzhaf–Coleman measure).

    Examples
    --------
    >>> from ipshare.games import table_game
    >>> game = table_game(["A", "B", "C"], {"A+B": 1, "A+C": 2, "B+C": 1, "A+B+C": 3})
    >>> banzhaf_value(game).exact       # Gambarelli (2011), in R CoopGame's banzhafValue help
    {'A': Fraction(5, 4), 'B': Fraction(3, 4), 'C': Fraction(5, 4)}

    References
    ----------
    J. F. Banzhaf, "Weighted voting doesn't work", Rutgers Law Review 19, 1965.
    G. Owen, "Multilinear extensions and the Banzhaf value", Naval Research Logistics Quarterly 22, 1975.
    """
    if not isinstance(game, Game) or is_voting(game):
        # No table (a large alliance or voting game), or weights to count swings with: exact by structure.
        result = additive_value(game, "banzhaf", exact=exact, sampling=sampling)
        if result is not None:
            return result
        game = as_table(game)  # weights too fine for the dynamic programme: the table, by the dense path
    n = game.n
    if exact is None:
        exact = game.is_exact and n <= MAX_EXACT_PLAYERS
    elif exact and not game.is_exact:
        raise GameError("exact values were asked for, but this game's values are floats")
    if exact and game.is_exact:
        numerators, denominator = game.exact_scaled
        values = numerators.astype(object)
        total = values.sum()
        scale = (1 << (n - 1)) * denominator
        beta = [Fraction(2 * int(inside) - int(total), scale) for inside in member_sums(values, n)]
        return make_allocation(game, "banzhaf", None, exact=beta, method="exact-rational")
    inside, total = _blocked_sums(game.values, n)  # one pass over the table for both
    beta = (2 * inside - total) / (1 << (n - 1))
    return make_allocation(game, "banzhaf", beta, method="exact-dense")


def normalized_banzhaf_value(game, exact=None, sampling=None):
    """The Banzhaf value scaled so that it sums to the grand value: β_i · v(N) / Σ_j β_j.

    On a simple game this is the normalised Banzhaf power index.

    Raises
    ------
    RuleError
        When the raw values sum to zero, so that no scaling makes them efficient.
    """
    raw = banzhaf_value(game, exact, sampling)
    if raw.exact is not None:
        total = sum(raw.exact.values())
        if total == 0:
            raise RuleError("the Banzhaf values sum to zero, so banzhaf-normalized is undefined for this game")
        grand = game.exact_grand_value
        scaled = [raw.exact[p] * grand / total for p in game.players]
        return make_allocation(game, "banzhaf-normalized", None, exact=scaled, method=raw.method, raw_total=str(total))
    total = raw.total
    grand_value = game.grand_value  # read once: on a large game each reading may be an evaluation
    if abs(total) <= 1e-12 * max(1.0, abs(grand_value)):
        raise RuleError("the Banzhaf values sum to zero, so banzhaf-normalized is undefined for this game")
    factor = grand_value / total
    scaled = [raw.values[p] * factor for p in game.players]
    if raw.stderr is None:
        return make_allocation(game, "banzhaf-normalized", scaled, method=raw.method, raw_total=total)
    # An estimate stays one: its sampling facts, and the raw standard errors scaled by the same factor.
    details = {key: value for key, value in raw.details.items() if key not in ("interval", "confidence")}
    details.update(
        raw_total=total,
        stderr_note="the raw Banzhaf standard errors times v(N)/Σβ; the sampling error of Σβ itself is not included",
    )
    allocation = make_allocation(game, "banzhaf-normalized", scaled, method=raw.method, **details)
    from .sampling import with_errors

    return with_errors(allocation, [raw.stderr[p] * abs(factor) for p in game.players], sampling)
