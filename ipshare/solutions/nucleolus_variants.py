"""Two relatives of the nucleolus: the per-capita nucleolus and the modiclus (modified nucleolus).

Both are computed by the nucleolus's own LP sequence (:func:`ipshare.solutions.nucleolus.lexicographic_centre`),
so they share its constraint generation, exact rebuilding and certificates.

- The **per-capita nucleolus** ranks coalitions by their excess per member, e(S, x)/|S| (in a cost game
  (y(S) − c(S))/|S|), and takes the imputation whose sorted per-capita excesses are lexicographically smallest
  (Grotte 1970; Young, Okada & Hashimoto 1982, who call it the weak nucleolus; Young 1985). A large coalition's
  complaint is spread over its members, so the rule leans less toward big groups than the nucleolus does.
  In the LP sequence each coalition's row carries |S| in front of ε instead of 1. Its certificate is Kohlberg's
  criterion on the levels of per-capita excess: the criterion's proof only uses the sign of the change of each
  coalition's excess along a direction, which dividing by |S| > 0 does not alter, so x is the per-capita
  nucleolus iff every collection {S : e(S, x)/|S| ≥ α} is balanced (with the players held at v({i}) allowed
  weight zero). docs/stability.md states it.
- The **modiclus** (Sudhölter 1997) lexicographically minimises the differences of excesses e(S, x) − e(T, x)
  over all pairs of coalitions: it treats what a coalition can get and what it can block alike. It is the
  prenucleolus, restricted to N, of the **dual cover** game on N ∪ N* (N* a copy of N):
  ṽ(S ∪ T*) = max{v(S) + v*(T), v*(S) + v(T)}, with the dual game v*(S) = v(N) − v(N∖S). The dual cover has 2n
  players and 4^n coalitions, so ipshare computes the modiclus for at most :data:`MAX_MODICLUS_PLAYERS` members;
  its certificate is Kohlberg's criterion on the dual cover (it is that game's prenucleolus). The modiclus is
  efficient and need not be individually rational; on constant-sum games it is the prenucleolus.

References
----------
J. H. Grotte, "Computation of and observations on the nucleolus, the normalized nucleolus and the central games",
M.Sc. thesis, Cornell University, 1970.
H. P. Young, N. Okada, T. Hashimoto, "Cost allocation in water resources development", Water Resources Research
18, 1982.
H. P. Young, "Producer incentives in cost allocation", Econometrica 53, 1985; and H. P. Young (ed.), Cost
Allocation: Methods, Principles, Applications, North-Holland, 1985.
P. Sudhölter, "The modified nucleolus: properties and axiomatizations", Int. J. Game Theory 26, 1997.
B. Peleg, P. Sudhölter, Introduction to the Theory of Cooperative Games, 2nd ed., Springer, 2007, ch. 5.
"""

from __future__ import annotations

import numpy as np

from ..errors import RuleError
from ..games.table import Game
from .allocation import make_allocation
from .nucleolus import (
    EXACT_CERTIFY_MAX,
    CertificateError,
    _benefit_values,
    lexicographic_centre,
    stand_alone_exceeds_grand,
)

__all__ = ["per_capita_nucleolus", "modiclus", "dual_cover_game", "MAX_MODICLUS_PLAYERS"]

# The dual cover of an n-player game has 2n players and 4^n coalitions: 10 members make 2^20 coalitions, about a
# second. Exact certification stops at a 16-player cover (8 members), as for every nucleolus.
MAX_MODICLUS_PLAYERS = 10
MAX_CERTIFIED_MODICLUS_PLAYERS = EXACT_CERTIFY_MAX // 2
_INT64_SAFE = 1 << 62


def per_capita_nucleolus(game, *, certify=None):
    """The per-capita nucleolus: the imputation that lexicographically minimises the excesses per member.

    Parameters
    ----------
    certify : bool, optional
        Rebuild the allocation in exact rationals and verify the (per-capita) Kohlberg certificate exactly (games
        with rational values, n ≤ 16).

    Raises
    ------
    RuleError
        When there is no imputation (the stand-alone values exceed the grand value).

    Examples
    --------
    >>> from ipshare.games import table_game
    >>> game = table_game(["A", "B", "C"], {"A": 15, "B": 20, "C": 55, "A+B": 35, "A+C": 61, "B+C": 65,
    ...                                     "A+B+C": 78}, kind="cost")
    >>> per_capita_nucleolus(game, certify=True).exact     # Young (1985), p. 68
    {'A': Fraction(43, 3), 'B': Fraction(113, 6), 'C': Fraction(269, 6)}

    References
    ----------
    H. P. Young, N. Okada, T. Hashimoto, "Cost allocation in water resources development", Water Resources
    Research 18, 1982.
    """
    if not isinstance(game, Game):
        game = game.dense()
    values, exact_values = _benefit_values(game)
    if stand_alone_exceeds_grand(values, exact_values, game.n):
        raise RuleError(
            "the per-capita nucleolus is undefined: the members' stand-alone values exceed the grand value, so "
            "there is no imputation"
        )
    centre = lexicographic_centre(game, imputations=True, certify=certify, per_capita=True)
    sign = -1 if game.kind == "cost" else 1
    details = {
        "stages": len(centre.stages),
        "epsilons": [stage.epsilon + 0.0 for stage in centre.stages],
        "certificate": centre.certificate,
        "lp_rows": centre.rows,
        "convention": "per-capita excess = (x(S) - c(S)) / |S| (cost game)"
        if game.kind == "cost"
        else "per-capita excess = (v(S) - x(S)) / |S|",
    }
    if centre.exact is not None:
        return make_allocation(
            game,
            "per-capita-nucleolus",
            None,
            exact=[sign * v for v in centre.exact],
            method="lp-sequence",
            **details,
        )
    return make_allocation(game, "per-capita-nucleolus", sign * centre.x, method="lp-sequence", **details)


def dual_cover_game(game) -> Game:
    """The dual cover of ``game`` (benefit convention): players N then N*, ṽ(S ∪ T*) = max{v(S)+v*(T), v*(S)+v(T)}.

    Player i of N is bit i, its copy i* is bit n + i; the copies are named ``<id>*``.

    Examples
    --------
    >>> from ipshare.games import table_game
    >>> cover = dual_cover_game(table_game(["A", "B"], {"A": 1, "A+B": 3}))   # v* = (0, 3, 2, 3)
    >>> cover.players, cover.value("A+B*"), cover.value("A+B+A*+B*")
    (('A', 'B', 'A*', 'B*'), 3.0, 6.0)
    """
    n = game.n
    if n > MAX_MODICLUS_PLAYERS:
        raise RuleError(
            f"the modiclus is computed for at most {MAX_MODICLUS_PLAYERS} members (its dual cover game has 2n "
            f"players and 4^n coalitions); this game has {n}"
        )
    values, exact = _benefit_values(game)
    table = _cover(values, n)
    exact_pair = None
    if exact is not None:
        numerators, denominator = exact
        largest = int(np.abs(numerators).max())
        dtype = np.int64 if 4 * largest < _INT64_SAFE and numerators.dtype != object else object
        exact_pair = (_cover(numerators.astype(dtype), n), denominator)
    copies = [f"{player}*" for player in game.players]
    while set(copies) & set(game.players):
        copies = [f"{copy}*" for copy in copies]
    return Game(list(game.players) + copies, table.astype(np.float64), "benefit", exact=exact_pair, name=game.name)


def _cover(values, n):
    full = (1 << n) - 1
    dual = values[full] - values[full ^ np.arange(1 << n)]
    # Row T (the copies), column S (the originals): mask S | T << n.
    return np.maximum(values[None, :] + dual[:, None], values[:, None] + dual[None, :]).reshape(-1)


def modiclus(game, *, certify=None):
    """The modiclus: the efficient x that lexicographically minimises the excess differences e(S, x) − e(T, x).

    Computed as the prenucleolus of the dual cover game (:func:`dual_cover_game`), restricted to the members.

    Parameters
    ----------
    certify : bool, optional
        Verify the dual cover's Kohlberg certificate exactly in rationals (games with rational values, at most
        8 members).

    Raises
    ------
    RuleError
        More than :data:`MAX_MODICLUS_PLAYERS` members.

    Examples
    --------
    >>> from ipshare.games import weighted_voting_game
    >>> modiclus(weighted_voting_game({"A": 2, "B": 1, "C": 1}, quota=3)).exact   # R package CoopGame, tests
    {'A': Fraction(1, 2), 'B': Fraction(1, 4), 'C': Fraction(1, 4)}

    References
    ----------
    P. Sudhölter, "The modified nucleolus: properties and axiomatizations", Int. J. Game Theory 26, 1997.
    """
    if not isinstance(game, Game):
        game = game.dense()
    n = game.n
    if certify and n > MAX_CERTIFIED_MODICLUS_PLAYERS:
        raise RuleError(
            f"exact certification of the modiclus needs at most {MAX_CERTIFIED_MODICLUS_PLAYERS} members (its dual "
            f"cover game has 2n players)"
        )
    cover = dual_cover_game(game)
    centre = lexicographic_centre(cover, imputations=False, certify=certify)
    sign = -1 if game.kind == "cost" else 1
    # The centre is at unit scale (its largest coalition value between 1 and 2).
    if np.max(np.abs(centre.x[:n] - centre.x[n:])) > 1e-6 or (
        centre.exact is not None and centre.exact[:n] != centre.exact[n:]
    ):
        raise CertificateError("the dual cover's prenucleolus is not symmetric between members and their copies")
    details = {
        "stages": len(centre.stages),
        "certificate": f"{centre.certificate} (on the dual cover game, {2 * n} players)",
        "lp_rows": centre.rows,
        "dual_cover_players": 2 * n,
    }
    if centre.exact is not None:
        return make_allocation(
            game, "modiclus", None, exact=[sign * v for v in centre.exact[:n]], method="lp-sequence", **details
        )
    return make_allocation(game, "modiclus", sign * centre.x[:n], method="lp-sequence", **details)
