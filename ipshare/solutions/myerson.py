"""The Myerson value (Myerson 1977): the Shapley value when only players linked in a graph can cooperate.

A coalition S can only realise what its connected parts can: the graph-restricted game is
v^G(S) = Σ_{C ∈ S/G} v(C), the sum over the connected components C of S in the cooperation graph G, and the
Myerson value is the Shapley value of v^G.

The graph is the game section's ``cooperation:`` pairs or, for an alliance, the **contract graph**
(:func:`contract_links`): two members are linked when they have a stake in a common patent — as owners of it, or
as makers of a contribution it was made from.

Dense games: v^G is tabulated exactly (the component of each coalition's lowest player is found for all
coalitions at once, then peeled off), and its Shapley value computed as for any table. Larger games are sampled
(antithetic permutations): as each player joins, its component merges with its present neighbours' components
and v^G rises by v(merged) − Σ v(old components), one coalition value per join.

References
----------
R. B. Myerson, "Graphs and cooperation in games", Mathematics of Operations Research 2(3), 1977.
"""

from __future__ import annotations

import numpy as np

from ..errors import RuleError
from ..games.table import MAX_EXACT_PLAYERS, Game, require_memory, scaled_floats
from .allocation import make_allocation

__all__ = ["myerson_value", "restricted_game", "contract_links", "cooperation_links"]

# The restricted table costs a few passes of n operations over 2^n coalitions; beyond this it is sampled.
MAX_DENSE_MYERSON_PLAYERS = 22


def myerson_value(game, exact=None, sampling=None, links=None):
    """The Myerson value of ``game`` on its cooperation graph (``links``: pairs of player ids, by default the
    game's ``cooperation`` or, for an alliance, :func:`contract_links`).

    Examples
    --------
    >>> from ipshare.games import table_game
    >>> line = table_game(["A", "B", "C"], {"A+B": 1, "A+C": 1, "B+C": 1, "A+B+C": 1},
    ...                   cooperation=(("A", "B"), ("B", "C")))
    >>> myerson_value(line).exact    # majority game on the line A–B–C: B is needed by A and C
    {'A': Fraction(1, 6), 'B': Fraction(2, 3), 'C': Fraction(1, 6)}
    """
    from .shapley import shapley_value

    edges = cooperation_links(game, links)
    details = {"links": [[game.players[a], game.players[b]] for a, b in edges]}
    if isinstance(game, Game) and game.n <= MAX_DENSE_MYERSON_PLAYERS:
        restricted = restricted_game(game, edges, exact=exact)
        result = shapley_value(restricted, exact=exact if restricted.is_exact else None)
        return make_allocation(
            game,
            "myerson",
            list(result.values.values()),
            exact=None if result.exact is None else list(result.exact.values()),
            method=result.method,
            **details,
        )
    from .sampling import Sampling, estimate, game_oracle, with_errors

    sampling = sampling or Sampling()
    draw = _joining_samples(game_oracle(game), game.n, edges)
    mean, stderr, sampled = estimate(draw, game.n, sampling, evaluations_per_sample=2 * game.n)
    allocation = make_allocation(game, "myerson", mean, method="sampled-permutation", **details, **sampled)
    return with_errors(allocation, stderr, sampling)


def cooperation_links(game, links=None):
    """The cooperation graph as pairs of player indices."""
    if links is None:
        links = game.cooperation
    if links is None and game.scenario is not None and game.scenario.game is None:
        links = contract_links(game.scenario)
    if links is None:
        raise RuleError(
            "the myerson rule needs a cooperation graph: `cooperation:` pairs in a game section (an alliance uses "
            "its contract graph)"
        )
    index = {player: i for i, player in enumerate(game.players)}
    edges = []
    for pair in links:
        try:
            a, b = (index[p] for p in pair)
        except KeyError as error:
            raise RuleError(f"cooperation link names {error.args[0]!r}, not a player of this game") from None
        except ValueError:
            raise RuleError("a cooperation link joins exactly two players") from None
        if a != b and (a, b) not in edges and (b, a) not in edges:
            edges.append((a, b))
    return edges


def contract_links(scenario):
    """Pairs of members linked by the contract graph: both owners of, or makers of contributions to, one patent.

    Examples
    --------
    >>> import ipshare
    >>> contract_links(ipshare.load("scenarios/worked-example.yaml"))
    [('U', 'I'), ('A', 'U')]
    """
    from ..alliance.ownership import patent_owners

    owners = patent_owners(scenario)
    contributors = {c.id: c.member for c in scenario.contributions}
    order = {member: i for i, member in enumerate(scenario.members)}
    links = []
    for patent in scenario.patents.values():
        stake = set(owners[patent.id]) | {contributors[c] for c in patent.made_from}
        members = sorted(stake, key=order.__getitem__)
        for x, first in enumerate(members):
            for second in members[x + 1 :]:
                if (first, second) not in links:
                    links.append((first, second))
    return links


def restricted_game(game, edges, exact=None) -> Game:
    """The graph-restricted game v^G(S) = Σ over the connected components C of S of v(C), as a dense Game."""
    n = game.n
    require_memory(40 << n, f"the graph-restricted table of 2^{n} coalitions")
    neighbours = [0] * n
    for a, b in edges:
        neighbours[a] |= 1 << b
        neighbours[b] |= 1 << a
    masks = np.arange(1 << n, dtype=np.int64)
    component = masks & -masks  # grows from each coalition's lowest player
    while True:
        grown = component.copy()
        for j in range(n):
            grown |= np.where((component >> j) & 1 == 1, np.int64(neighbours[j]), 0)
        grown &= masks
        if np.array_equal(grown, component):
            break
        component = grown
    if exact is None:
        exact = game.is_exact and n <= MAX_EXACT_PLAYERS
    exact = exact and game.is_exact
    values = game.exact_scaled[0] if exact else game.values
    if values.dtype == np.int64 and n * int(np.abs(values).max()) >= 1 << 62:
        values = values.astype(object)
    total = np.zeros(1 << n, dtype=values.dtype)
    rest = masks.copy()
    while rest.any():
        part = component[rest]
        total += values[part]
        rest ^= part
    metadata = {"name": game.name, "unions": game.unions, "scenario": game.scenario}
    if exact:
        denominator = game.exact_scaled[1]
        return Game(
            game.players, scaled_floats(total, denominator), game.kind, exact=(total, denominator), **metadata
        )
    return Game(game.players, total, game.kind, **metadata)


def _joining_samples(oracle, n, edges):
    """Antithetic permutation samples of the Myerson value, following the components as players join.

    When player p joins, its component merges p with the components of its neighbours already present, and
    v^G rises by v(merged) − Σ v(old components): one coalition value per join (evaluated for a whole batch of
    orders at once), with the components kept per order in a union-find.
    """
    neighbours = [[] for _ in range(n)]
    for a, b in edges:
        neighbours[a].append(b)
        neighbours[b].append(a)

    def draw(rng, count):
        orders = np.argsort(rng.random((count, n)), axis=1)
        total = np.zeros((count, n))
        for sequence in (orders, orders[:, ::-1]):
            root = [list(range(n)) for _ in range(count)]
            members = [dict() for _ in range(count)]
            worth = [dict() for _ in range(count)]
            present = np.zeros((count, n), dtype=bool)

            def find(parents, q):
                while parents[q] != q:
                    parents[q] = parents[parents[q]]
                    q = parents[q]
                return q

            for step in range(n):
                rows = np.zeros((count, n), dtype=bool)
                merging = []
                for b in range(count):
                    player = int(sequence[b, step])
                    roots = {find(root[b], q) for q in neighbours[player] if present[b, q]}
                    merged = [player]
                    for r in roots:
                        merged.extend(members[b][r])
                    rows[b, merged] = True
                    merging.append((player, roots, merged))
                values = oracle(rows)
                for b, (player, roots, merged) in enumerate(merging):
                    total[b, player] += values[b] - sum(worth[b].pop(r) for r in roots)
                    for r in roots:
                        root[b][r] = player
                        del members[b][r]
                    members[b][player] = merged
                    worth[b][player] = values[b]
                    present[b, player] = True
        return total / 2

    return draw
