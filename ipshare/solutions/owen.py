"""The Owen value (Owen 1977): the Shapley value when players negotiate in a priori unions (blocs).

The players are partitioned into unions U_1, …, U_m. Orders of joining are restricted to those that keep every
union together: the unions join in a random order, and inside each union its members in a random order. The Owen
value is each player's marginal contribution averaged over those orders:

    O_i = Σ_{R ⊆ M∖{k}} Σ_{T ⊆ U_k∖{i}} r!(m−r−1)!/m! · t!(u_k−t−1)!/u_k! · [v(Q_R ∪ T ∪ i) − v(Q_R ∪ T)]

for i in union U_k of size u_k, where Q_R is the union of the unions in R, r = |R| and t = |T|. With one union
it is the Shapley value; with singletons too.

Dense games are computed exactly from that sum (vectorised over R and T); structured games component by
component, each with the unions it meets (a player outside a component is a null player there and leaving it
out keeps the induced order on the rest uniform); other games are sampled over union-respecting orders with
antithetic pairs (the reverse of such an order respects the unions too).

References
----------
G. Owen, "Values of games with a priori unions", in Mathematical Economics and Game Theory (Henn, Moeschlin
eds.), Lecture Notes in Economics and Mathematical Systems 141, Springer, 1977.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from ..errors import RuleError
from ..games.table import MAX_EXACT_PLAYERS, Game, popcounts
from .allocation import make_allocation

__all__ = ["owen_value", "union_indices"]

# A dense Owen value loops over up to 2^(n−2) coalitions per player; beyond this it is sampled.
MAX_DENSE_OWEN_PLAYERS = 22


def owen_value(game, exact=None, sampling=None, unions=None):
    """The Owen value of ``game`` with a priori ``unions`` (default: the game's own, from ``unions:`` or
    ``agreement.blocs``).

    Examples
    --------
    >>> from ipshare.games import table_game
    >>> game = table_game(["A", "B", "C"], {"A": 1, "B": 1, "C": 2, "A+B": 1, "A+C": 2, "B+C": 2, "A+B+C": 2},
    ...                   kind="cost", unions=(("A", "B"), ("C",)))
    >>> owen_value(game).exact       # R GameTheoryAllocation, Owen_value help
    {'A': Fraction(1, 4), 'B': Fraction(1, 4), 'C': Fraction(3, 2)}
    """
    from ..games.structured import StructuredGame

    groups = union_indices(game, unions)
    details = {"unions": [[game.players[i] for i in group] for group in groups]}
    if isinstance(game, Game) and game.n <= MAX_DENSE_OWEN_PLAYERS:
        if exact is None:
            exact = game.is_exact and game.n <= MAX_EXACT_PLAYERS
        if exact and game.is_exact:
            numerators, denominator = game.exact_scaled
            values = _dense_owen(np.asarray(numerators), groups, game.n, exact=True)
            return make_allocation(
                game, "owen", None, exact=[v / denominator for v in values], method="exact-rational", **details
            )
        return make_allocation(game, "owen", _dense_owen(game.values, groups, game.n), method="exact-dense", **details)
    if isinstance(game, StructuredGame) and all(c.values is not None for c in game.components):
        return _structured_owen(game, groups, exact, details)
    from .sampling import Sampling, estimate, game_oracle, permutation_samples, with_errors

    sampling = sampling or Sampling()
    draw = permutation_samples(game_oracle(game), game.n, _union_orders(groups, game.n))
    mean, stderr, sampled = estimate(draw, game.n, sampling, evaluations_per_sample=2 * (game.n + 1))
    allocation = make_allocation(game, "owen", mean, method="sampled-permutation", **details, **sampled)
    return with_errors(allocation, stderr, sampling)


def union_indices(game, unions=None):
    """The unions as lists of player indices; every player in exactly one (RuleError otherwise)."""
    unions = unions if unions is not None else game.unions
    if not unions:
        raise RuleError(
            "the owen rule needs a priori unions: `unions:` in a game section, or `agreement.blocs` in an alliance"
        )
    index = {player: i for i, player in enumerate(game.players)}
    groups = []
    seen = set()
    for union in unions:
        try:
            group = [index[player] for player in union]
        except KeyError as error:
            raise RuleError(f"union member {error.args[0]!r} is not a player of this game") from None
        if seen.intersection(group) or not group:
            raise RuleError("the unions must be non-empty and must not overlap")
        seen.update(group)
        groups.append(group)
    if len(seen) != game.n:
        missing = [p for i, p in enumerate(game.players) if i not in seen]
        raise RuleError(f"every player must be in a union; missing {', '.join(missing)}")
    return groups


def _subset_masks(bits):
    """Masks of every subset of the given bit positions (or of given masks), with their sizes."""
    masks = np.zeros(1, dtype=np.int64)
    for bit in bits:
        masks = np.concatenate([masks, masks | np.int64(bit)])
    return masks, popcounts(len(bits)).astype(np.int64)


def _dense_owen(values, groups, n, exact=False):
    """The Owen value from a table (floats, or integer numerators with ``exact`` for Fractions)."""
    m = len(groups)
    union_masks = [sum(1 << i for i in group) for group in groups]
    factorial = [math.factorial(j) for j in range(max(m, n) + 1)]
    result = [None] * n
    for k, group in enumerate(groups):
        outside, r = _subset_masks([union_masks[j] for j in range(m) if j != k])
        union_weight = [factorial[s] * factorial[m - s - 1] for s in range(m)]
        u = len(group)
        for i in group:
            inside, t = _subset_masks([1 << j for j in group if j != i])
            player_weight = [factorial[s] * factorial[u - s - 1] for s in range(u)]
            coalitions = outside[:, None] | inside[None, :]
            marginal = values[coalitions | (1 << i)] - values[coalitions]
            if exact:
                from .structured import exact_matrix_product

                by_outside = exact_matrix_product(
                    np.asarray(marginal, dtype=np.int64) if marginal.dtype != object else marginal,
                    np.array(player_weight, dtype=np.int64)[t][:, None],
                )[:, 0]
                total = sum(int(x) * union_weight[s] for x, s in zip(by_outside, r, strict=True))
                result[i] = Fraction(total, factorial[m] * factorial[u])
            else:
                row = np.array(union_weight, dtype=np.float64)[r] / factorial[m]
                column = np.array(player_weight, dtype=np.float64)[t] / factorial[u]
                result[i] = float(row @ marginal @ column)
    return result


def _structured_owen(game, groups, exact, details):
    """Owen value of a StructuredGame: each component with the unions it meets, plus the constant's share."""
    n = game.n
    union_of = {}
    for k, group in enumerate(groups):
        for i in group:
            union_of[i] = k
    if exact is None:
        exact = game.is_exact
    totals = [Fraction(0)] * n if exact else np.zeros(n)
    for component in game.components:
        local_groups = {}
        for j, player in enumerate(component.players):
            local_groups.setdefault(union_of[player], []).append(j)
        local = list(local_groups.values())
        if exact:
            numerators, denominator = component.exact
            values = _dense_owen(np.asarray(numerators), local, component.size, exact=True)
            for j, value in enumerate(values):
                totals[component.players[j]] += value / denominator
        else:
            values = _dense_owen(component.values, local, component.size)
            totals[list(component.players)] += values
    # K·[S ≠ ∅] pays K to whoever joins first: the first union with probability 1/m, then 1/|U_k| inside it.
    m = len(groups)
    constant = Fraction(game.constant) if exact else float(game.constant)
    for group in groups:
        for i in group:
            totals[i] += constant / (m * len(group))
    method = "exact-structured"
    if exact:
        return make_allocation(game, "owen", None, exact=totals, method=method, **details)
    return make_allocation(game, "owen", totals, method=method, **details)


def _union_orders(groups, n):
    """Random orders that keep unions together, as each player's place (for antithetic permutation sampling)."""
    union_of = np.empty(n, dtype=np.int64)
    for k, group in enumerate(groups):
        union_of[group] = k

    def draw(rng, count):
        union_rank = np.argsort(rng.random((count, len(groups))), axis=1).argsort(axis=1)
        key = union_rank[:, union_of] * 2.0 + rng.random((count, n))
        return np.argsort(key, axis=1).argsort(axis=1)

    return draw
