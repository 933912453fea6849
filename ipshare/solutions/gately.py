"""The Gately point (Gately 1974): the split at which every member is equally inclined to walk away.

Member i's **propensity to disrupt** an efficient split x is what the others lose if i leaves, over what i loses:

    d_i(x) = (x(N∖{i}) − v(N∖{i})) / (x_i − v({i})) = (M_i − x_i) / (x_i − v({i})),

with the utopia payoff M_i = v(N) − v(N∖{i}) (x(N) = v(N) turns the numerator into M_i − x_i). The Gately point
gives every member the same propensity d. Solving d_i(x) = d for all i with Σ x = v(N):

    x_i = v({i}) + t·(M_i − v({i})),   t = 1/(1 + d) = (v(N) − Σ_j v({j})) / Σ_j (M_j − v({j})).

So the surplus over the stand-alone values is shared in proportion to M_i − v({i}) (Littlechild & Vaidya 1976;
the closed form and its conditions in Staudacher & Anwander 2019). ipshare computes it exactly from the 2n + 1 key
values v(N), v({i}), v(N∖{i}), so it also runs on games kept by their structure.

When it is undefined (refused with :class:`~ipshare.errors.RuleError`):

- Σ v({i}) > v(N): there is no imputation to choose from;
- Σ (M_j − v({j})) = 0 with a surplus to share: no common propensity exists (for instance when every member's
  utopia payoff is its stand-alone value, v(N∖{i}) + v({i}) = v(N) for all i);
- the M_i − v({i}) have both signs: the point would leave the members with M_i < v({i}) below their stand-alone
  value, where a propensity to disrupt means nothing.

When v(N) = Σ v({i}) the only imputation is the stand-alone vector and that is the answer (no propensity is
defined; details give ``propensity: None``).

**Gately and τ.** With m the minimal rights, τ = m + λ(M − m) on the same segment construction; the two coincide
exactly when the minimal rights are the stand-alone values (m_i = v({i}) for every i), on any number of players.
On three players m_i = max(v({i}), v({i,j}) − M_j, v({i,k}) − M_k, v(N) − M_j − M_k) can exceed v({i}): in Gately's
own game of 1974 m = (410, 0, 0) and τ ≠ Gately. So "Gately = τ on three-player games" holds where m = v({i}),
not on every three-player game where both are defined; docs/rules.md gives the example.

References
----------
D. Gately, "Sharing the gains from regional cooperation: a game theoretic application to planning investment in
electric power", International Economic Review 15, 1974, pp. 195–208.
S. C. Littlechild, K. G. Vaidya, "The propensity to disrupt and the disruption nucleolus of a characteristic
function game", International Journal of Game Theory 5, 1976, pp. 151–161.
J. Staudacher, J. Anwander, "Conditions for the uniqueness of the Gately point for cooperative games",
arXiv:1901.01485, 2019.
"""

from __future__ import annotations

from ..errors import RuleError
from ..lp import tight_tolerance
from .parameters import finish, in_game_units, key_values, show

__all__ = ["gately_point"]


def gately_point(game):
    """The Gately point: x_i = v({i}) + t·(M_i − v({i})) with the t that makes Σ x = v(N).

    Raises
    ------
    RuleError
        When the stand-alone values exceed v(N), when Σ (M_j − v({j})) = 0 with a surplus to share, or when the
        M_i − v({i}) have both signs (see the module text).

    Examples
    --------
    >>> from ipshare.games import table_game
    >>> game = table_game(["A", "B", "C"], {"A+B": 4, "B+C": 3, "A+B+C": 6})
    >>> result = gately_point(game)     # M = (3, 6, 2): 6/11 of each (R package CoopGame, gatelyValue help)
    >>> result.exact, result.details["propensity"]
    ({'A': Fraction(18, 11), 'B': Fraction(36, 11), 'C': Fraction(12, 11)}, '5/6')

    References
    ----------
    D. Gately, International Economic Review 15, 1974; Staudacher & Anwander, arXiv:1901.01485, 2019.
    """
    keys = key_values(game)
    singles, utopia = keys.singles, keys.utopia
    gains = [m - v for m, v in zip(utopia, singles, strict=True)]
    surplus = keys.grand - sum(singles)
    total_gain = sum(gains)
    scale = max(abs(keys.grand), *(abs(v) for v in singles), *(abs(m) for m in utopia))
    tolerance = 0 if keys.exact else tight_tolerance(float(scale))
    cost = game.kind == "cost"
    details = {"utopia": in_game_units(game, utopia)}
    if surplus < -tolerance:
        raise RuleError(
            "the Gately point is undefined: the members' stand-alone "
            + ("costs are less than the grand coalition's cost" if cost else "values exceed the grand value")
            + f" (by {show(-surplus)}), so there is no imputation"
        )
    if abs(surplus) <= tolerance:
        # One imputation only: the stand-alone vector.
        return finish(game, "gately", list(singles), keys.exact, _method(keys), propensity=None, t=None,
                      note="v(N) equals the sum of the stand-alone values: the only imputation", **details)
    if abs(total_gain) <= tolerance:
        raise RuleError(
            "the Gately point is undefined: the utopia payoffs v(N) − v(N∖i) add up to the stand-alone values "
            "(Σ (M_i − v(i)) = 0), so no common propensity to disrupt shares the surplus"
        )
    above = [p for p, g in zip(game.players, gains, strict=True) if g > tolerance]
    below = [p for p, g in zip(game.players, gains, strict=True) if g < -tolerance]
    if above and below:
        raise RuleError(
            f"the Gately point is undefined: {', '.join(below)} would "
            + ("pay more" if cost else "get less")
            + " than alone — it shares the surplus in proportion to M_i − v(i) (M_i = v(N) − v(N∖i)), which is "
            f"negative for {', '.join(below)} and positive for {', '.join(above)}, so the split is not an imputation"
        )
    t = surplus / total_gain
    x = [single + t * gain for single, gain in zip(singles, gains, strict=True)]
    propensity = (1 - t) / t
    return finish(game, "gately", x, keys.exact, _method(keys), propensity=show(propensity), t=show(t), **details)


def _method(keys):
    return "exact-rational" if keys.exact else "closed-form"
