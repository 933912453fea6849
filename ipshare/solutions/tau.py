"""The τ-value (Tijs 1981) and the equal split of non-separable contributions (ENSC), both built on the utopia vector.

- The **utopia payoff** of member i is M_i = v(N) − v(N∖{i}): what i adds to all the others together. Paid more
  than M_i, i would leave the others better off going on without it.
- The **minimal right** of i is m_i = max over coalitions S ∋ i of v(S) − Σ_{j∈S∖{i}} M_j: what i can secure by
  forming S and paying every other member of S its utopia payoff.
- The game is **quasi-balanced** when m ≤ M and Σ m ≤ v(N) ≤ Σ M (every game with a non-empty core is). Then the
  τ-value is the efficient point on the segment from m to M: τ = m + λ·(M − m).
- **ENSC** gives every member its utopia payoff (its separable contribution) and splits what is left,
  v(N) − Σ M, equally. In a cost game, with M read as the separable cost c(N) − c(N∖{i}), it is the classical
  "equal charge of non-separable costs".

The minimal rights need every coalition: they are computed in one vectorised pass per member over the bitmask
array (the largest remainder v(S) − M(S) among the coalitions that contain i), exactly in integers when the game is
exact. A cost game is handled as v = −c (docs/stability.md); the details report M and m in the game's own units.

References
----------
S. H. Tijs, "Bounds for the core and the τ-value", in O. Moeschlin, D. Pallaschke (eds.), Game Theory and
Mathematical Economics, North-Holland, 1981, pp. 123–132.
T. S. H. Driessen, Cooperative Games, Solutions and Applications, Kluwer, 1988 (ch. 4 on the τ-value).
I. J. Curiel, M. Maschler, S. H. Tijs, "Bankruptcy games", Zeitschrift für Operations Research 31, 1987 (the τ-value
of a bankruptcy game is the adjusted proportional rule).
H. Moulin, "The separability axiom and equal-sharing methods", J. Econ. Theory 36, 1985 (ENSC).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from ..errors import RuleError
from ..games.table import Game
from ..lp import tight_tolerance
from .parameters import finish, in_game_units, key_values, show

__all__ = ["utopia_payoffs", "minimal_rights", "tau_value", "ensc"]

_INT64_SAFE = 1 << 62


def utopia_payoffs(game) -> list:
    """M_i = v(N) − v(N∖{i}) for every player, in the benefit convention (Fractions when the game is exact)."""
    return list(key_values(game).utopia)


def minimal_rights(game, utopia=None) -> list:
    """m_i = max_{S∋i} (v(S) − Σ_{j∈S∖{i}} M_j), in the benefit convention (Fractions when the game is exact).

    With R(S) = v(S) − M(S), m_i = M_i + max_{S∋i} R(S): one table R, then for each member the maximum over the
    half of the table whose masks contain it.
    """
    if not isinstance(game, Game):
        game = game.dense()
    n = game.n
    sign = -1 if game.kind == "cost" else 1
    if game.exact_scaled is not None:
        numerators, denominator = game.exact_scaled
        numerators = sign * numerators
        full = (1 << n) - 1
        utopia_numerators = [int(numerators[full]) - int(numerators[full ^ (1 << i)]) for i in range(n)]
        largest = max([abs(int(v)) for v in (numerators.max(), numerators.min())] + [abs(u) for u in utopia_numerators])
        # |v(S) − M(S)| ≤ (2n + 1)·max|v|: int64 when that cannot overflow.
        dtype = np.int64 if (2 * n + 1) * largest < _INT64_SAFE and numerators.dtype != object else object
        remainder = numerators.astype(dtype) - _subset_sums(utopia_numerators, dtype)
        return [Fraction(utopia_numerators[i] + int(_max_containing(remainder, i)), denominator) for i in range(n)]
    values = sign * game.values
    if utopia is None:
        utopia = utopia_payoffs(game)
    utopia = [float(u) for u in utopia]
    remainder = values - _subset_sums(utopia, np.float64)
    return [utopia[i] + float(_max_containing(remainder, i)) for i in range(n)]


def _subset_sums(items, dtype):
    sums = np.zeros(1, dtype=dtype)
    for item in items:
        sums = np.concatenate([sums, sums + item])
    return sums


def _max_containing(table, player):
    """The largest entry of ``table`` over the masks that contain ``player``."""
    return table.reshape(-1, 2, 1 << player)[:, 1, :].max()


def tau_value(game):
    """The τ-value: τ = m + λ·(M − m) with Σ τ = v(N), for quasi-balanced games.

    Raises
    ------
    RuleError
        When the game is not quasi-balanced (some minimal right above its utopia payoff, the minimal rights adding
        up to more than v(N), or the utopia payoffs to less): the τ-value is then undefined.

    Examples
    --------
    >>> from ipshare.games import table_game
    >>> game = table_game(["A", "B", "C"], {"A+B": 2, "A+C": 2, "B+C": 3, "A+B+C": 5})
    >>> tau_value(game).exact           # M = (2, 3, 3), m = 0, so τ = 5/8 · M (R package CoopGame, tauValue tests)
    {'A': Fraction(5, 4), 'B': Fraction(15, 8), 'C': Fraction(15, 8)}

    References
    ----------
    S. H. Tijs, "Bounds for the core and the τ-value", in Game Theory and Mathematical Economics, 1981.
    """
    if not isinstance(game, Game):
        game = game.dense()
    keys = key_values(game)
    utopia = list(keys.utopia)
    rights = minimal_rights(game, utopia)
    scale = max(abs(keys.grand), *(abs(u) for u in utopia), *(abs(m) for m in rights))
    tolerance = 0 if keys.exact else tight_tolerance(float(scale))
    cost = game.kind == "cost"
    sign = -1 if cost else 1
    for player, low, high in zip(game.players, rights, utopia, strict=True):
        if low > high + tolerance:
            raise RuleError(
                "the τ-value is undefined: the game is not quasi-balanced — "
                + (
                    f"{player}'s separable cost ({show(-high)}) exceeds the most it can be asked to pay ({show(-low)})"
                    if cost
                    else f"{player}'s minimal right ({show(low)}) exceeds its utopia payoff ({show(high)})"
                )
            )
    low_total, high_total = sum(rights), sum(utopia)
    if low_total > keys.grand + tolerance or keys.grand > high_total + tolerance:
        too = "minimal rights add up to more" if low_total > keys.grand + tolerance else "utopia payoffs add up to less"
        raise RuleError(
            f"the τ-value is undefined: the game is not quasi-balanced — the {too} than the grand coalition's "
            f"{'cost' if cost else 'value'} (Σm = {show(sign * low_total)}, v(N) = {show(sign * keys.grand)}, "
            f"ΣM = {show(sign * high_total)}{', in costs' if cost else ''})"
        )
    spread = high_total - low_total
    if spread == 0 or (not keys.exact and abs(spread) <= tolerance):
        step = Fraction(0) if keys.exact else 0.0
    else:
        step = (keys.grand - low_total) / spread
    x = [low + step * (high - low) for low, high in zip(rights, utopia, strict=True)]
    return finish(
        game,
        "tau",
        x,
        keys.exact,
        "exact-rational" if keys.exact else "dense",
        utopia=in_game_units(game, utopia),
        minimal_rights=in_game_units(game, rights),
        **{"lambda": show(step)},
    )


def ensc(game):
    """Equal split of non-separable contributions: x_i = M_i + (v(N) − Σ_j M_j) / n, with M_i = v(N) − v(N∖{i}).

    Each member is credited with what it alone adds to the alliance; the rest (usually negative: the utopia
    payoffs over-count) is split equally. Always defined; needs only v(N) and v(N∖{i}).

    Examples
    --------
    >>> from ipshare.games import table_game
    >>> game = table_game(["A", "B", "C"], {"A+B": 60, "A+C": 80, "B+C": 100, "A+B+C": 150})
    >>> ensc(game).exact                 # M = (50, 70, 90), Σ M − v(N) = 60 taken back equally
    {'A': Fraction(30, 1), 'B': Fraction(50, 1), 'C': Fraction(70, 1)}

    References
    ----------
    H. Moulin, "The separability axiom and equal-sharing methods", J. Econ. Theory 36, 1985.
    T. Driessen, Y. Funaki, "Coincidence of and collinearity between game theoretic solutions", OR Spektrum 13, 1991.
    """
    keys = key_values(game)
    remainder = keys.grand - sum(keys.utopia)
    x = [m + remainder / game.n for m in keys.utopia]
    return finish(
        game,
        "ensc",
        x,
        keys.exact,
        "exact-rational" if keys.exact else "closed-form",
        utopia=in_game_units(game, keys.utopia),
        non_separable=show(remainder),
    )
