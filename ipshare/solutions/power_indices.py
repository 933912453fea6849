"""Power indices of simple games beyond Shapley–Shubik and Banzhaf: Deegan–Packel, Johnston, Public Good, Coleman.

A **simple game** has v(S) ∈ {0, 1}, v(N) = 1 and is monotone (a coalition that contains a winning one wins): a
weighted voting game [q; w], or a table game with those values. In a winning coalition S member i is **critical**
(a swing) when S∖{i} loses; S is **minimal winning** when every member is critical. With W the winning and L the
losing coalitions (L includes ∅), MW the minimal winning ones and C(S) the critical members of S:

- **Deegan–Packel** (1978): a minimal winning coalition is formed, each equally likely, and splits the win
  equally: DP_i = (1/|MW|) Σ_{S∈MW, S∋i} 1/|S| (sums to 1);
- **Public Good** (Holler 1982): the number of minimal winning coalitions i is in, normalised to sum to 1;
- **Johnston** (1978): each winning coalition with critical members gives each of them 1/|C(S)|; the totals are
  normalised to sum to 1;
- **Coleman's power to prevent action** (1971): the share of winning coalitions i can turn into losing ones,
  swings_i / |W|;
- **Coleman's power to initiate action** (1971): the share of losing coalitions i can turn into winning ones,
  swings_i / |L| (the same swings, seen from S∖{i}).

The Coleman indices need not add up to 1 (``details.total`` gives what they add up to). All five are exact
rationals, from one pass per member over the 2^n coalitions; they are computed for at most
:data:`MAX_POWER_INDEX_PLAYERS` members (a weighted voting game with more is kept by weights and quota only;
its Shapley–Shubik and Banzhaf indices are computed there by dynamic programming, these are not). Any other game
is refused with the reason it is not simple.

References
----------
J. Deegan, E. W. Packel, "A new index of power for simple n-person games", International Journal of Game Theory 7,
1978, pp. 113–123.
R. J. Johnston, "On the measurement of power: some reactions to Laver", Environment and Planning A 10, 1978,
pp. 907–914.
M. J. Holler, "Forming coalitions and measuring voting power", Political Studies 30, 1982, pp. 262–271.
J. S. Coleman, "Control of collectivities and the power of a collectivity to act", in B. Lieberman (ed.), Social
Choice, Gordon and Breach, 1971, pp. 269–300.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..errors import RuleError
from ..exact import format_number
from ..games.table import MAX_DENSE_VOTING_PLAYERS, Game, popcounts
from .allocation import make_allocation

__all__ = [
    "deegan_packel",
    "johnston",
    "public_good",
    "coleman_prevent",
    "coleman_initiate",
    "simple_game_counts",
    "MAX_POWER_INDEX_PLAYERS",
]

MAX_POWER_INDEX_PLAYERS = MAX_DENSE_VOTING_PLAYERS


@dataclass(frozen=True)
class SimpleGameCounts:
    """What the indices are made of, exactly (integers)."""

    winning: int
    losing: int
    minimal_winning: int
    swings: list  # per player: winning coalitions in which it is critical
    minimal_in: list  # per player: minimal winning coalitions it is in
    deegan_packel: list  # per player: Σ L/|S| over the minimal winning S ∋ i, with L = lcm(1..n)
    johnston: list  # per player: Σ L/|C(S)| over the winning S in which it is critical
    common: int  # L


def simple_game_counts(game, rule="this power index") -> SimpleGameCounts:
    """Count the winning, losing, minimal winning coalitions and each member's swings; RuleError if not simple."""
    win = _winning(game, rule)
    n = game.n
    masks = np.arange(1 << n, dtype=np.int64)
    critical = np.zeros(1 << n, dtype=np.int64)
    critical_of = []
    for i in range(n):
        inside = masks[(masks >> i) & 1 == 1]
        swing = inside[win[inside] & ~win[inside ^ (1 << i)]]
        critical[swing] += 1
        critical_of.append(swing)
    sizes = popcounts(n).astype(np.int64)
    minimal = win & (critical == sizes)
    common = math.lcm(*range(1, n + 1))
    share = np.zeros(n + 1, dtype=np.int64)
    share[1:] = common // np.arange(1, n + 1)
    minimal_masks = masks[minimal]
    deegan, inside_minimal, johnston_totals = [], [], []
    for i in range(n):
        mine = minimal_masks[(minimal_masks >> i) & 1 == 1]
        inside_minimal.append(int(mine.size))
        deegan.append(int(share[sizes[mine]].astype(object).sum()) if mine.size else 0)
        swing = critical_of[i]
        johnston_totals.append(int(share[critical[swing]].astype(object).sum()) if swing.size else 0)
    winning = int(win.sum())
    return SimpleGameCounts(
        winning=winning,
        losing=(1 << n) - winning,
        minimal_winning=int(minimal.sum()),
        swings=[int(s.size) for s in critical_of],
        minimal_in=inside_minimal,
        deegan_packel=deegan,
        johnston=johnston_totals,
        common=common,
    )


def _winning(game, rule):
    """The winning coalitions of a simple game as a boolean array by mask; RuleError with the reason otherwise."""
    n = game.n
    if n > MAX_POWER_INDEX_PLAYERS:
        raise RuleError(
            f"{rule} is computed for at most {MAX_POWER_INDEX_PLAYERS} members (it reads the 2^n coalitions one by "
            f"one); this game has {n}"
        )
    if not isinstance(game, Game):
        game = game.dense()
    if game.kind != "benefit":
        raise RuleError(f"{rule} applies to simple (voting) games; this is a cost game")
    scaled = game.exact_scaled
    zero_one = False
    if scaled is not None:
        numerators, denominator = scaled
        win = numerators == denominator
        zero_one = bool(np.all(win | (numerators == 0)))
    if not zero_one:
        odd = int(np.flatnonzero((game.values != 0) & (game.values != 1))[0]) if np.any(
            (game.values != 0) & (game.values != 1)) else None
        worth = game.exact_value(odd) if odd is not None else None
        worth = worth if worth is not None else (float(game.values[odd]) if odd is not None else None)
        where = f" (v({game.label(odd)}) = {format_number(worth)})" if odd is not None else ""
        raise RuleError(f"{rule} applies to simple games, whose coalitions are worth 0 or 1; this one is not{where}")
    win = np.asarray(win, dtype=bool)
    if not win[-1]:
        raise RuleError(f"{rule} applies to simple games, in which the grand coalition wins; here v(N) = 0")
    masks = np.arange(1 << n, dtype=np.int64)
    for i in range(n):
        without = masks[(masks >> i) & 1 == 0]
        broken = without[win[without] & ~win[without | (1 << i)]]
        if broken.size:
            mask = int(broken[0])
            raise RuleError(
                f"{rule} applies to simple games, which are monotone; here {game.label(mask)} wins but "
                f"{game.label(mask | 1 << i)} loses"
            )
    return win


def _result(game, rule, numerators, denominator, **details):
    values = [Fraction(value, denominator) for value in numerators]
    details["total"] = str(sum(values))
    return make_allocation(game, rule, None, exact=values, method="exact-simple-game", **details)


def deegan_packel(game):
    """The Deegan–Packel index: each minimal winning coalition equally likely, the win split equally inside.

    Examples
    --------
    >>> from ipshare.games import weighted_voting_game
    >>> deegan_packel(weighted_voting_game({"A": 3, "B": 2, "C": 1}, quota=4)).exact   # MW: A+B, A+C
    {'A': Fraction(1, 2), 'B': Fraction(1, 4), 'C': Fraction(1, 4)}
    """
    counts = simple_game_counts(game, "deegan-packel")
    return _result(game, "deegan-packel", counts.deegan_packel, counts.common * counts.minimal_winning,
                   minimal_winning=counts.minimal_winning)


def public_good(game):
    """The Public Good (Holler) index: the minimal winning coalitions each member is in, normalised.

    Examples
    --------
    >>> from ipshare.games import weighted_voting_game
    >>> public_good(weighted_voting_game({"A": 3, "B": 2, "C": 1}, quota=4)).exact
    {'A': Fraction(1, 2), 'B': Fraction(1, 4), 'C': Fraction(1, 4)}
    """
    counts = simple_game_counts(game, "public-good")
    return _result(game, "public-good", counts.minimal_in, sum(counts.minimal_in),
                   minimal_winning=counts.minimal_winning)


def johnston(game):
    """The Johnston index: every winning coalition's win shared equally by its critical members, normalised.

    Examples
    --------
    >>> from ipshare.games import weighted_voting_game
    >>> johnston(weighted_voting_game({"A": 3, "B": 2, "C": 1}, quota=4)).exact   # R CoopGame, johnstonIndex help
    {'A': Fraction(2, 3), 'B': Fraction(1, 6), 'C': Fraction(1, 6)}
    """
    counts = simple_game_counts(game, "johnston")
    return _result(game, "johnston", counts.johnston, sum(counts.johnston), winning=counts.winning)


def coleman_prevent(game):
    """Coleman's power to prevent action: swings_i / |W|.

    Examples
    --------
    >>> from ipshare.games import weighted_voting_game
    >>> coleman_prevent(weighted_voting_game({"A": 3, "B": 2, "C": 1}, quota=4)).exact   # W: AB, AC, ABC
    {'A': Fraction(1, 1), 'B': Fraction(1, 3), 'C': Fraction(1, 3)}
    """
    counts = simple_game_counts(game, "coleman-prevent")
    return _result(game, "coleman-prevent", counts.swings, counts.winning, winning=counts.winning,
                   swings=dict(zip(game.players, counts.swings, strict=True)))


def coleman_initiate(game):
    """Coleman's power to initiate action: swings_i / |L| (L the losing coalitions, ∅ among them).

    Examples
    --------
    >>> from ipshare.games import weighted_voting_game
    >>> coleman_initiate(weighted_voting_game({"A": 3, "B": 2, "C": 1}, quota=4)).exact   # 5 losing coalitions
    {'A': Fraction(3, 5), 'B': Fraction(1, 5), 'C': Fraction(1, 5)}
    """
    counts = simple_game_counts(game, "coleman-initiate")
    return _result(game, "coleman-initiate", counts.swings, counts.losing, losing=counts.losing,
                   swings=dict(zip(game.players, counts.swings, strict=True)))
