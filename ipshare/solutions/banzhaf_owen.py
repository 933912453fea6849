"""The Banzhaf–Owen value (Owen 1982): the raw Banzhaf value when members negotiate in a priori unions.

The players are partitioned into unions U_1, …, U_m (``unions:`` in a game section, ``agreement.blocs`` in an
alliance). Member i of union U_k is credited with its marginal contribution averaged **uniformly** over the
coalitions it can meet: any set R of the other unions, as wholes, and any set T of its own union's other members,

    BO_i = Σ_{R ⊆ M∖{k}} Σ_{T ⊆ U_k∖{i}} 2^−(m−1) · 2^−(|U_k|−1) · [v(Q_R ∪ T ∪ {i}) − v(Q_R ∪ T)],

with Q_R the union of the unions in R. It is the Owen value with Banzhaf's uniform weights in place of Shapley's
at both levels; like the raw Banzhaf value it need not add up to v(N) (``details.total`` says what it adds up to).
With every member its own union, or with one union of everybody, it is the raw Banzhaf value. On a simple game
it is Owen's (1982) modification of the Banzhaf–Coleman index.

Computed from the table, one vectorised pass per member over the 2^(m−1)·2^(|U_k|−1) coalitions it meets (at
most 2^(n−2)); exact in integers when the game is exact.

References
----------
G. Owen, "Modification of the Banzhaf–Coleman index for games with a priori unions", in M. J. Holler (ed.), Power,
Voting and Voting Power, Physica-Verlag, 1982, pp. 232–238.
J. M. Alonso-Meijide, M. G. Fiestras-Janeiro, "Modification of the Banzhaf value for games with a coalition
structure", Annals of Operations Research 109, 2002 (the axioms; there the symmetric coalitional Banzhaf value too).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from ..errors import RuleError
from ..games.table import MAX_EXACT_PLAYERS
from .allocation import make_allocation
from .dense import dense_game
from .owen import MAX_DENSE_OWEN_PLAYERS, union_indices

__all__ = ["banzhaf_owen_value"]

_INT64_SAFE = 1 << 62


def banzhaf_owen_value(game, unions=None):
    """The Banzhaf–Owen value of ``game`` with a priori ``unions`` (default: the game's own).

    Raises
    ------
    RuleError
        When the game has no unions (or they do not partition the players), or more than 22 members.

    Examples
    --------
    >>> from ipshare.games import table_game
    >>> game = table_game(["A", "B", "C"], {"A+B": 1, "A+C": 1, "A+B+C": 1}, unions=(("A",), ("B", "C")))
    >>> banzhaf_owen_value(game).exact   # the glove game, L = A facing the union of the right gloves
    {'A': Fraction(1, 2), 'B': Fraction(1, 4), 'C': Fraction(1, 4)}

    References
    ----------
    G. Owen, "Modification of the Banzhaf–Coleman index for games with a priori unions", 1982.
    """
    if not (unions if unions is not None else game.unions):
        raise RuleError(
            "banzhaf-owen needs a priori unions: `unions:` in a game section, or `agreement.blocs` in an alliance"
        )
    game = dense_game(game, MAX_DENSE_OWEN_PLAYERS, "banzhaf-owen")
    groups = union_indices(game, unions)
    n = game.n
    exact = game.is_exact and n <= MAX_EXACT_PLAYERS
    if exact:
        numerators, denominator = game.exact_scaled
        table = numerators
        if table.dtype != object and int(np.max(np.abs(table))) * (1 << n) >= _INT64_SAFE:
            table = table.astype(object)
    else:
        table = game.values
    union_masks = [sum(1 << i for i in group) for group in groups]
    m = len(groups)
    result = [None] * n
    for k, group in enumerate(groups):
        outside = _subset_masks([union_masks[j] for j in range(m) if j != k])
        for i in group:
            inside = _subset_masks([1 << j for j in group if j != i])
            coalitions = (outside[:, None] | inside[None, :]).reshape(-1)
            total = (table[coalitions | (1 << i)] - table[coalitions]).sum()
            count = (1 << (m - 1)) * (1 << (len(group) - 1))
            result[i] = Fraction(int(total), count * denominator) if exact else float(total) / count
    details = {"unions": [[game.players[i] for i in group] for group in groups]}
    if exact:
        details["total"] = str(sum(result))
        return make_allocation(game, "banzhaf-owen", None, exact=result, method="exact-rational", **details)
    details["total"] = float(sum(result))
    return make_allocation(game, "banzhaf-owen", result, method="exact-dense", **details)


def _subset_masks(bits):
    """The masks of every union of the given masks (2^len(bits) of them)."""
    masks = np.zeros(1, dtype=np.int64)
    for bit in bits:
        masks = np.concatenate([masks, masks | np.int64(bit)])
    return masks
