"""The risk-adjusted Shapley value common in the literature on enterprise–university–institute alliances.

φ'_i = φ_i + (R_i − 1/n) · v(N), where φ is the Shapley value and R_i a member's normalised weighted factor score
(Σ R_i = 1): the weights of factors such as risk borne, investment and innovation capability (usually from AHP or
entropy weighting) and each member's score on each factor are given in the scenario, under
``agreement.risk_factors`` (docs/risk.md). A member whose score is above the average 1/n gains at the expense of
those below it; the total is still v(N).
"""

from __future__ import annotations

from fractions import Fraction

from ..errors import RuleError
from .allocation import make_allocation

__all__ = ["risk_adjusted_shapley", "risk_factor_shares"]


def risk_factor_shares(game) -> dict[str, Fraction]:
    """R_i for the game's players, from the scenario's ``agreement.risk_factors`` (RuleError when absent)."""
    scenario = getattr(game, "scenario", None)
    factors = None
    if scenario is not None and scenario.game is None:
        factors = scenario.agreement.risk_factors
    if factors is None:
        raise RuleError(
            "risk-adjusted-shapley needs agreement.risk_factors (factor weights and each member's scores) in an "
            "alliance scenario"
        )
    shares = factors.normalised()
    return {player: shares[player] for player in game.players}


def risk_adjusted_shapley(game, shares=None):
    """φ_i + (R_i − 1/n) · v(N); ``shares`` (player → R_i, summing to 1) defaults to the scenario's factors.

    Examples
    --------
    >>> from ipshare.games import table_game
    >>> game = table_game(["A", "B"], {"A": 0, "B": 0, "A+B": 10})
    >>> risk_adjusted_shapley(game, {"A": Fraction(3, 5), "B": Fraction(2, 5)}).exact
    {'A': Fraction(6, 1), 'B': Fraction(4, 1)}
    """
    from .shapley import shapley_value

    if shares is None:
        shares = risk_factor_shares(game)
    shares = {player: Fraction(shares[player]) for player in game.players}
    if sum(shares.values()) != 1:
        raise RuleError("risk-adjusted-shapley: the factor shares R_i must sum to 1")
    phi = shapley_value(game)
    n = game.n
    details = {"factor_shares": {p: float(r) for p, r in shares.items()}}
    if phi.exact is not None and game.exact_grand_value is not None:
        grand = game.exact_grand_value
        values = [phi.exact[p] + (shares[p] - Fraction(1, n)) * grand for p in game.players]
        return make_allocation(game, "risk-adjusted-shapley", None, exact=values, method="exact-rational", **details)
    grand = game.grand_value
    values = [phi.values[p] + (float(shares[p]) - 1 / n) * grand for p in game.players]
    return make_allocation(game, "risk-adjusted-shapley", values, method=phi.method, **details)
