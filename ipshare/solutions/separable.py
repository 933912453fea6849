"""Separable-cost rules of cost-allocation practice: SCRB, alternative cost avoided, equal non-separable costs.

For a cost game c on players N, player i's **separable cost** is what it adds by joining last,
SC_i = c(N) − c(N∖i), and the **non-separable cost** is what is left, NSC = c(N) − Σ_j SC_j. Each rule gives every
player its separable cost and divides the non-separable cost by a key:

- ``scrb`` (separable costs remaining benefits; US Federal Inter-Agency River Basin Committee 1950, analysed by
  Young, Okada & Hashimoto 1982): in proportion to the remaining benefit r_i = min(b_i, c({i})) − SC_i, where b_i
  is player i's benefit; when benefits are not given, the alternative cost c({i}) stands for it;
- ``aca`` (alternative cost avoided; Straffin & Heaney 1981): in proportion to c({i}) − SC_i, the part of its
  alternative cost a player avoids beyond its separable cost — SCRB without a benefit bound;
- ``ensc`` (equal non-separable costs): NSC / n each — registered from :mod:`ipshare.solutions.tau`.

All three need only c({i}), c(N∖i) and c(N), and are efficient (Σ x = c(N)). They are defined the same way on a
benefit game (values in place of costs). Exact when the game is.

References
----------
H. P. Young, N. Okada, T. Hashimoto, "Cost allocation in water resources development", Water Resources Research
18(3), 1982 (IIASA WP-79-77).
P. D. Straffin, J. P. Heaney, "Game theory and the Tennessee Valley Authority", Int. J. Game Theory 10, 1981.
"""

from __future__ import annotations

from fractions import Fraction

from ..errors import RuleError
from ..exact import format_number
from .allocation import make_allocation

__all__ = ["separable_costs", "scrb", "alternative_cost_avoided"]


def _values(game):
    """(grand value, stand-alone values, values of N∖i), exact Fractions when the game is exact, else floats."""
    n = game.n
    full = game.grand_mask
    if game.is_exact:
        return (
            game.exact_value(full),
            [game.exact_value(1 << i) for i in range(n)],
            [game.exact_value(full & ~(1 << i)) for i in range(n)],
            True,
        )
    return (
        float(game.values[full]),
        [float(game.values[1 << i]) for i in range(n)],
        [float(game.values[full & ~(1 << i)]) for i in range(n)],
        False,
    )


def separable_costs(game):
    """``(SC, NSC)``: each player's separable cost c(N) − c(N∖i), and c(N) − Σ SC.

    Examples
    --------
    >>> from ipshare.games import table_game
    >>> game = table_game(["A", "B"], {"A": 10, "B": 8, "A+B": 15}, kind="cost")
    >>> separable_costs(game)
    ([Fraction(7, 1), Fraction(5, 1)], Fraction(3, 1))
    """
    grand, _, without, _ = _values(game)
    separable = [grand - value for value in without]
    return separable, grand - sum(separable)


def _split(game, name, keys, key_name, method_note, **details):
    grand, _, _, exact = _values(game)
    separable, nonseparable = separable_costs(game)
    total = sum(keys)
    if total == 0:
        if nonseparable != 0:
            raise RuleError(
                f"{name}: every {key_name} is 0, so the non-separable cost {format_number(nonseparable)} has nothing"
                " to be shared by; ensc shares it equally"
            )
        shares = [0 * k for k in keys]
    else:
        shares = [nonseparable * k / total for k in keys]
    values = [sc + share for sc, share in zip(separable, shares, strict=True)]
    details = {
        "separable": {p: float(v) for p, v in zip(game.players, separable, strict=True)},
        "nonseparable": float(nonseparable),
        **details,
    }
    if exact:
        return make_allocation(game, name, None, exact=values, method="exact-rational", **details)
    return make_allocation(game, name, values, method=method_note, **details)


def scrb(game, benefits=None):
    """Separable costs remaining benefits: x_i = SC_i + NSC · r_i / Σ r_j, r_i = min(b_i, c({i})) − SC_i.

    ``benefits`` maps players to their benefit b_i; without it the alternative cost c({i}) is used (so r_i is the
    alternative cost avoided beyond the separable cost).

    Examples
    --------
    Three users of a shared facility: SC = (2, 5, 7), NSC = 4, remaining benefits (4, 3, 3):

    >>> from ipshare.games import table_game
    >>> costs = {"A": 6, "B": 8, "C": 10, "A+B": 11, "A+C": 13, "B+C": 16, "A+B+C": 18}
    >>> scrb(table_game(["A", "B", "C"], costs, kind="cost")).exact
    {'A': Fraction(18, 5), 'B': Fraction(31, 5), 'C': Fraction(41, 5)}
    """
    grand, alone, _, exact = _values(game)
    separable, _ = separable_costs(game)
    if benefits is not None:
        missing = [p for p in game.players if p not in benefits]
        if missing:
            raise RuleError(f"scrb: no benefit given for {missing[0]!r}")
        cast = Fraction if exact else float
        justifiable = [min(cast(benefits[p]), a) for p, a in zip(game.players, alone, strict=True)]
    else:
        justifiable = alone
    remaining = [j - sc for j, sc in zip(justifiable, separable, strict=True)]
    return _split(
        game,
        "scrb",
        remaining,
        "remaining benefit min(b_i, c({i})) - SC_i",
        "closed-form",
        remaining_benefit={p: float(r) for p, r in zip(game.players, remaining, strict=True)},
        benefit="given" if benefits is not None else "alternative cost c({i})",
    )


def alternative_cost_avoided(game):
    """Alternative cost avoided: x_i = SC_i + NSC · (c({i}) − SC_i) / Σ_j (c({j}) − SC_j)."""
    _, alone, _, _ = _values(game)
    separable, _ = separable_costs(game)
    avoided = [a - sc for a, sc in zip(alone, separable, strict=True)]
    return _split(
        game,
        "aca",
        avoided,
        "alternative cost avoided c({i}) - SC_i",
        "closed-form",
        alternative_cost_avoided={p: float(r) for p, r in zip(game.players, avoided, strict=True)},
    )
