"""Division rules for bankruptcy (claims) problems: an estate E smaller than the sum of the claims c_i.

These rules work on the estate and the claims themselves, not on the game, so they are an independent check on
the game-theoretic ones: the nucleolus of the bankruptcy game is the Talmud rule (Aumann & Maschler 1985), and
the Shapley value is the random-arrival rule (O'Neill 1982). All are exact in rationals.

References
----------
B. O'Neill, "A problem of rights arbitration from the Talmud", Mathematical Social Sciences 2, 1982.
R. J. Aumann and M. Maschler, "Game theoretic analysis of a bankruptcy problem from the Talmud", Journal of
Economic Theory 36, 1985.
W. Thomson, "Axiomatic and game-theoretic analysis of bankruptcy and taxation problems", Mathematical Social
Sciences 45, 2003.
"""

from __future__ import annotations

from fractions import Fraction

from ..errors import RuleError
from .allocation import make_allocation

__all__ = ["constrained_equal_awards", "constrained_equal_losses", "talmud", "proportional_claims", "claims_problem"]


def claims_problem(game):
    """The estate and the claims (exact) of a bankruptcy game, or RuleError for any other game."""
    spec = game.spec
    if spec is None or spec.get("type") != "bankruptcy":
        raise RuleError("this rule divides an estate among claims: it needs a bankruptcy game (game type bankruptcy)")
    return Fraction(spec["estate"]), [Fraction(spec["claims"][player]) for player in game.players]


def _equal_awards(estate, claims):
    """CEA: a_i = min(c_i, λ) with Σ a_i = estate (estate ≤ Σ c_i)."""
    order = sorted(range(len(claims)), key=lambda i: claims[i])
    awards = [Fraction(0)] * len(claims)
    remaining = Fraction(estate)
    for position, i in enumerate(order):
        share = remaining / (len(claims) - position)
        if claims[i] <= share:
            awards[i] = claims[i]
            remaining -= claims[i]
        else:
            for j in order[position:]:
                awards[j] = share
            break
    return awards


def _equal_losses(estate, claims):
    """CEL: a_i = max(0, c_i − μ): the loss Σc − E is shared by constrained equal awards of the claims."""
    losses = _equal_awards(sum(claims) - estate, claims)
    return [claim - loss for claim, loss in zip(claims, losses, strict=True)]


def _talmud(estate, claims):
    half = [claim / 2 for claim in claims]
    if estate <= sum(half):
        return _equal_awards(estate, half)
    return [h + extra for h, extra in zip(half, _equal_losses(estate - sum(half), half), strict=True)]


def constrained_equal_awards(game):
    """Constrained equal awards: everyone gets the same, but nobody more than their claim (Maimonides).

    Examples
    --------
    >>> from ipshare.games import bankruptcy_game
    >>> constrained_equal_awards(bankruptcy_game(200, {"A": 100, "B": 200, "C": 300})).exact
    {'A': Fraction(200, 3), 'B': Fraction(200, 3), 'C': Fraction(200, 3)}
    """
    estate, claims = claims_problem(game)
    return make_allocation(game, "cea", None, exact=_equal_awards(estate, claims), method="closed-form")


def constrained_equal_losses(game):
    """Constrained equal losses: everyone loses the same, but nobody gets less than zero.

    Examples
    --------
    >>> from ipshare.games import bankruptcy_game
    >>> constrained_equal_losses(bankruptcy_game(200, {"A": 100, "B": 200, "C": 300})).exact
    {'A': Fraction(0, 1), 'B': Fraction(50, 1), 'C': Fraction(150, 1)}
    """
    estate, claims = claims_problem(game)
    return make_allocation(game, "cel", None, exact=_equal_losses(estate, claims), method="closed-form")


def talmud(game):
    """The Talmud rule: constrained equal awards of half-claims up to half the total claim, then equal losses.

    Examples
    --------
    >>> from ipshare.games import bankruptcy_game
    >>> [talmud(bankruptcy_game(e, {"A": 100, "B": 200, "C": 300})).exact["C"] for e in (100, 200, 300)]
    [Fraction(100, 3), Fraction(75, 1), Fraction(150, 1)]

    The three estates of the Mishnah, Ketubot 93a (Aumann & Maschler 1985, Table 1).
    """
    estate, claims = claims_problem(game)
    return make_allocation(game, "talmud", None, exact=_talmud(estate, claims), method="closed-form")


def proportional_claims(game):
    """The estate divided in proportion to the claims.

    Examples
    --------
    >>> from ipshare.games import bankruptcy_game
    >>> proportional_claims(bankruptcy_game(200, {"A": 100, "B": 200, "C": 300})).exact["A"]
    Fraction(100, 3)
    """
    estate, claims = claims_problem(game)
    total = sum(claims)
    if total == 0:
        return make_allocation(
            game, "proportional-claims", None, exact=[Fraction(0)] * len(claims), method="closed-form"
        )
    return make_allocation(game, "proportional-claims", None, exact=[estate * c / total for c in claims],
                       method="closed-form")
