"""Games too large for a table of 2^n values, kept by their structure instead.

A :class:`~ipshare.games.Game` holds every coalition's value. That stops at about 28 players. Two kinds of game
that ipshare meets are much larger but have a structure that additive rules (Shapley, Banzhaf, Owen) can use:

- :class:`WeightedVotingGame`: a coalition wins when its weight reaches the quota. The weights and the quota are
  the whole game; :mod:`ipshare.solutions.voting` computes power indices from them by dynamic programming.
- :class:`StructuredGame`: a sum of small component games, each depending only on the few players it touches,
  plus a constant that every non-empty coalition gets. An alliance's benefit game is one
  (:func:`structured_benefit_game`): each revenue source depends only on the members it touches.

Both answer the value of any coalition (:meth:`LazyGame.value`, and :meth:`LazyGame.evaluate` for many
coalitions at once, given as rows of a boolean membership matrix), and both can be expanded into a dense
:class:`~ipshare.games.Game` while n is small enough (:meth:`LazyGame.dense`), for the rules that need the table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import numpy as np

from .errors import GameError
from .games import MAX_DENSE_PLAYERS, Game, Players, require_memory
from .scenario import MAX_BUYABLE_CONTRIBUTIONS

__all__ = [
    "LazyGame",
    "WeightedVotingGame",
    "Component",
    "StructuredGame",
    "structured_benefit_game",
    "integer_weights",
    "MAX_COMPONENT_PLAYERS",
]

# A component's table has 2^k entries; above this many players a component is evaluated coalition by coalition.
MAX_COMPONENT_PLAYERS = 20
# A voting game's weights are scaled to integers; above this quota the dynamic programme is refused.
MAX_INTEGER_QUOTA = 10**7


class LazyGame(Players):
    """A game known by a rule for the value of any coalition rather than by a table.

    Subclasses implement :meth:`evaluate` (and :meth:`exact_value` where the values are rational) and
    :meth:`dense`. Coalitions are given as masks (Python ints, player ``i`` is bit ``i``), ``"A+B"`` strings or
    iterables of player ids, as for :class:`~ipshare.games.Game`.
    """

    def __init__(self, players, kind="benefit", *, name=None, unions=None, cooperation=None, scenario=None, spec=None):
        players = self._checked(players, kind)
        self.players = players
        self.kind = kind
        self.name = name
        self.unions = unions
        self.cooperation = cooperation
        self.scenario = scenario
        self.spec = spec
        self._index = {player: i for i, player in enumerate(players)}

    def membership(self, coalition) -> np.ndarray:
        """One coalition as a boolean row of length n."""
        mask = self.mask(coalition)
        return np.array([mask >> i & 1 for i in range(self.n)], dtype=bool)

    def evaluate(self, membership: np.ndarray) -> np.ndarray:
        """The values (float64) of the coalitions given as the rows of a boolean (m × n) matrix."""
        raise NotImplementedError

    def value(self, coalition) -> float:
        return float(self.evaluate(self.membership(coalition)[None, :])[0])

    def exact_value(self, coalition) -> Fraction | None:
        return None

    @property
    def is_exact(self) -> bool:
        return self.exact_grand_value is not None

    @property
    def grand_value(self) -> float:
        return self.value(self.grand_mask)

    @property
    def exact_grand_value(self) -> Fraction | None:
        return self.exact_value(self.grand_mask)

    def dense(self) -> Game:
        """The same game as a dense table (GameError when 2^n values are too many)."""
        raise NotImplementedError

    def _metadata(self):
        return {
            "name": self.name,
            "unions": self.unions,
            "cooperation": self.cooperation,
            "scenario": self.scenario,
            "spec": self.spec,
        }

    def __repr__(self):
        return f"{type(self).__name__}({self.n} players, kind={self.kind!r})"


# ------------------------------------------------------------------------------------------------------------
# Weighted voting


def integer_weights(weights, quota, limit=True) -> tuple[list[int], int, Fraction]:
    """Weights and quota scaled exactly to the smallest integers that describe the same game.

    Returns ``(integer_weights, integer_quota, scale)`` with ``w(S) ≥ quota ⇔ Σ integer_weights ≥ integer_quota``.
    Rational weights are multiplied by the least common multiple of their denominators and divided by the
    greatest common divisor of the results; the quota is then rounded up (the weights being integers, a
    coalition reaches q exactly when it reaches ⌈q⌉).

    Raises
    ------
    GameError
        A weight is negative, or (with ``limit``) the scaled quota exceeds :data:`MAX_INTEGER_QUOTA` (weights
        with many decimals): the dynamic programme would be too large.

    Examples
    --------
    >>> integer_weights([Fraction("0.5"), Fraction("0.25"), Fraction("0.25")], Fraction("0.6"))
    ([2, 1, 1], 3, Fraction(4, 1))
    """
    exact = [Fraction(w) for w in weights]
    quota = Fraction(quota)
    if any(w < 0 for w in exact):
        raise GameError("voting weights must not be negative")
    denominator = math.lcm(*(w.denominator for w in exact))
    scaled = [int(w * denominator) for w in exact]
    divisor = math.gcd(*scaled) or 1
    scaled = [w // divisor for w in scaled]
    integer_quota = max(0, math.ceil(quota * denominator / divisor))
    if limit and integer_quota > MAX_INTEGER_QUOTA:
        raise GameError(
            f"the voting weights scale to integers with a quota of {integer_quota}, too many for exact dynamic "
            f"programming (at most {MAX_INTEGER_QUOTA}); round the weights to fewer decimals, or use sampling "
            "(rules shapley-sampled, banzhaf-sampled)"
        )
    return scaled, integer_quota, Fraction(denominator, divisor)


class WeightedVotingGame(LazyGame):
    """[q; w_1, …, w_n]: a coalition is worth 1 when its weight reaches the quota q, else 0.

    Examples
    --------
    >>> game = WeightedVotingGame({"A": 50, "B": 49, "C": 1}, 51)
    >>> game.value("A+C"), game.value("B+C"), game.integer_quota
    (1.0, 0.0, 51)
    """

    def __init__(self, weights, quota, **metadata):
        metadata.setdefault("spec", {"type": "weighted-voting", "weights": dict(weights), "quota": Fraction(quota)})
        super().__init__(tuple(weights), "benefit", **metadata)
        self.weights = tuple(Fraction(w) for w in weights.values())
        self.quota = Fraction(quota)
        # Exact integers whatever the decimals: the game can always be evaluated (and sampled); only the dynamic
        # programme needs them small (the integer_weights property says so).
        self._weights, self.integer_quota, self.scale = integer_weights(self.weights, self.quota, limit=False)
        exact_in_floats = sum(self._weights) < 2**53
        self._weight_vector = np.array(self._weights, dtype=np.float64 if exact_in_floats else object)

    @property
    def integer_weights(self) -> list[int]:
        """The weights as the smallest integers with the same winning coalitions (GameError when too fine for the
        dynamic programme: see :func:`integer_weights`)."""
        integer_weights(self.weights, self.quota)
        return self._weights

    def evaluate(self, membership):
        membership = np.asarray(membership)
        if self._weight_vector.dtype == object:
            totals = membership.astype(object) @ self._weight_vector
            return np.array([float(total >= self.integer_quota) for total in totals])
        return (membership.astype(np.float64) @ self._weight_vector >= self.integer_quota).astype(float)

    def exact_value(self, coalition):
        mask = self.mask(coalition)
        weight = sum(w for i, w in enumerate(self._weights) if mask >> i & 1)
        return Fraction(int(weight >= self.integer_quota))

    def dense(self):
        from .games import weighted_voting_game

        return weighted_voting_game(dict(zip(self.players, self.weights, strict=True)), self.quota, **_named(self))


def _named(game):
    metadata = game._metadata()
    metadata.pop("spec")
    return metadata


# ------------------------------------------------------------------------------------------------------------
# Sums of small games


@dataclass(frozen=True)
class Component:
    """One summand of a :class:`StructuredGame`: a game on a few of the players.

    ``players`` are indices into the whole game's players; the component's own coalitions are masks over
    them (``players[j]`` is local bit ``j``). ``values`` holds the 2^k local values, with ``values[0] == 0``,
    and ``exact`` the same as ``(integer numerators, denominator)`` when exact. A component with more than
    :data:`MAX_COMPONENT_PLAYERS` players has no table: ``evaluate`` maps a boolean (m × k) membership matrix
    to its m values instead. ``label`` says where it came from (e.g. the revenue sources it sums).
    """

    players: tuple[int, ...]
    values: np.ndarray | None = None
    exact: tuple | None = None
    evaluate: object = None
    label: str = ""

    @property
    def size(self) -> int:
        return len(self.players)


class StructuredGame(LazyGame):
    """v(S) = Σ_c v_c(S ∩ P_c) + K·[S ≠ ∅]: a sum of component games, plus a constant for non-empty coalitions.

    Additive rules are computed component by component over the few players each touches
    (:mod:`ipshare.solutions.structured`). ``constant`` is ``K`` (exact when given as a Fraction).

    Examples
    --------
    >>> import numpy as np
    >>> glove = Component((0, 1), np.array([0.0, 0.0, 0.0, 1.0]), (np.array([0, 0, 0, 1]), 1))
    >>> game = StructuredGame(["L", "R", "X"], [glove], constant=Fraction(2))
    >>> game.value("L+R"), game.value("X"), game.exact_value("L+R+X")
    (3.0, 2.0, Fraction(3, 1))
    """

    def __init__(self, players, components, kind="benefit", *, constant=Fraction(0), **metadata):
        super().__init__(players, kind, **metadata)
        self.components = tuple(components)
        self.constant = constant
        for component in self.components:
            if any(not 0 <= p < self.n for p in component.players) or len(set(component.players)) != component.size:
                raise GameError(f"component {component.label or '?'} names players outside the game")
            if component.values is None and component.evaluate is None:
                raise GameError(f"component {component.label or '?'} has neither a table nor an evaluator")

    @property
    def is_exact(self) -> bool:
        return isinstance(self.constant, int | Fraction) and all(c.exact is not None for c in self.components)

    def evaluate(self, membership):
        membership = np.asarray(membership, dtype=bool)
        total = np.where(membership.any(axis=1), float(self.constant), 0.0)
        for component in self.components:
            local = membership[:, list(component.players)]
            if component.values is not None:
                total += component.values[_local_masks(local)]
            else:
                total += component.evaluate(local)
        return total

    def exact_value(self, coalition):
        if not self.is_exact:
            return None
        mask = self.mask(coalition)
        if mask == 0:
            return Fraction(0)
        total = Fraction(self.constant)
        for component in self.components:
            local = sum(1 << j for j, p in enumerate(component.players) if mask >> p & 1)
            numerators, denominator = component.exact
            total += Fraction(int(numerators[local]), denominator)
        return total

    def dense(self):
        """Expand into a dense Game: each component's table is read at every coalition's local mask."""
        n = self.n
        if n > MAX_DENSE_PLAYERS:
            raise GameError(
                f"{n} players: this rule needs a dense table of 2^{n} coalition values, too large (at most "
                f"2^{MAX_DENSE_PLAYERS}); use shapley, banzhaf or owen, which use the game's structure, or sampling"
            )
        exact = self.is_exact and n <= 16
        require_memory((24 + (8 if exact else 0)) << n, f"a dense table of 2^{n} coalition values")
        masks = np.arange(1 << n, dtype=np.int64)
        values = np.where(masks > 0, float(self.constant), 0.0)
        if exact:
            denominator = math.lcm(Fraction(self.constant).denominator, *(c.exact[1] for c in self.components))
            numerators = np.where(masks > 0, int(Fraction(self.constant) * denominator), 0).astype(object)
        for component in self.components:
            local = np.zeros(1 << n, dtype=np.int64)
            for j, p in enumerate(component.players):
                local |= ((masks >> p) & 1) << j
            if component.values is None:
                bits = ((local[:, None] >> np.arange(component.size)) & 1).astype(bool)
                values += component.evaluate(bits)
            else:
                values += component.values[local]
            if exact:
                scaled, component_denominator = component.exact
                numerators += np.asarray(scaled, dtype=object)[local] * (denominator // component_denominator)
        if exact:
            return Game(self.players, values, self.kind, exact=(numerators, denominator), **_named(self))
        return Game(self.players, values, self.kind, **_named(self))


def _local_masks(local: np.ndarray) -> np.ndarray:
    """Rows of a boolean (m × k) matrix as masks (bit j = column j)."""
    return local.astype(np.int64) @ (np.int64(1) << np.arange(local.shape[1], dtype=np.int64))


# ------------------------------------------------------------------------------------------------------------
# The alliance's benefit game, source by source


def structured_benefit_game(scenario) -> StructuredGame:
    """The alliance's benefit game (docs/model.md) as a sum of small games, one per group of revenue sources.

    A revenue source depends only on the members it touches: the owners whose consent its patents need (with
    the patents they build on), the members whose contributions those patents are made from, and its exploiter.
    Substitute purchases couple sources: a contribution bought in once serves every source that needs it, and
    v(S) maximises over which contributions S buys. So sources that need a common buyable contribution are put in
    one component, whose value is maximised over its own purchases; components share no purchase, and the sum of
    their maxima is the maximum of the sum. The result equals :func:`ipshare.games.benefit_game` coalition by
    coalition (tests/test_structure.py checks it on generated alliances).

    What a component can do with no member at all (patents made only from contributions anyone can buy) is not
    a value of the empty coalition, which is 0; it becomes the constant that every non-empty coalition gets.
    """
    from .graph import patent_owners, required_patents, revenue_value
    from .rights import consent_members, source_consent

    if scenario.game is not None:
        raise GameError("this scenario is a classic game, not an alliance")
    players = tuple(scenario.members)
    index = {member: i for i, member in enumerate(players)}
    owners = patent_owners(scenario)
    contributions = {c.id: c for c in scenario.contributions}
    rate = scenario.alliance.discount_rate

    # Which members and buyable contributions each source depends on.
    needs = []
    for source in scenario.revenue:
        patents = required_patents(scenario, source)
        touched = set()
        buyable = set()
        if source.exploiter is not None:
            touched.add(source.exploiter)
        consent = source_consent(scenario, source, owners)  # who may agree to each patent's use (ipshare.rights)
        for patent_id in patents:
            patent = scenario.patents[patent_id]
            touched.update(consent_members(consent[patent_id]))
            for contribution_id in patent.made_from:
                contribution = contributions[contribution_id]
                touched.add(contribution.member)
                if contribution.substitute_cost is not None:
                    buyable.add(contribution_id)
        needs.append((source, patents, touched, buyable))

    # Sources sharing a buyable contribution form one component (union-find over sources).
    parent = list(range(len(needs)))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_user = {}
    for i, (_, _, _, buyable) in enumerate(needs):
        for contribution_id in buyable:
            if contribution_id in first_user:
                parent[root(i)] = root(first_user[contribution_id])
            else:
                first_user[contribution_id] = i
    groups = {}
    for i in range(len(needs)):
        groups.setdefault(root(i), []).append(i)

    components = []
    constant = Fraction(0)
    joint = scenario.agreement.joint_licensing
    for members_of_group in groups.values():
        sources = [needs[i] for i in members_of_group]
        touched = sorted(set().union(*(s[2] for s in sources)), key=index.__getitem__)
        buyable = sorted(set().union(*(s[3] for s in sources)))
        if len(buyable) > MAX_BUYABLE_CONTRIBUTIONS:
            raise GameError(
                f"{len(buyable)} contributions with a substitute_cost are shared by one group of revenue sources; "
                f"at most {MAX_BUYABLE_CONTRIBUTIONS} can be weighed at once"
            )
        worth = [revenue_value(s[0], rate) for s in sources]
        prices = [contributions[c].substitute_cost for c in buyable]
        denominator = math.lcm(1, *(f.denominator for f in worth + prices))
        evaluator = _SourceGroup(scenario, touched, sources, buyable, owners, joint, worth, prices, denominator)
        label = "+".join(s[0].id for s in sources)
        if len(touched) > MAX_COMPONENT_PLAYERS:
            empty = evaluator.numerators(np.zeros((1, len(touched)), dtype=bool))[0]
            constant += Fraction(int(empty), denominator)
            component = Component(tuple(index[m] for m in touched), evaluate=evaluator.shifted(empty), label=label)
        else:
            numerators = evaluator.numerators(_all_coalitions(len(touched)))
            empty = numerators[0]  # row 0 is the empty coalition
            constant += Fraction(int(empty), denominator)
            numerators = numerators - empty
            if not touched:  # realised by any coalition whatever its members: all of it is in the constant
                continue
            component = Component(
                tuple(index[m] for m in touched),
                values=numerators.astype(np.float64) / denominator,
                exact=(numerators, denominator),
                label=label,
            )
        components.append(component)
    components = _merge_same_players(components)
    return StructuredGame(
        players,
        components,
        "benefit",
        constant=constant,
        name=scenario.name,
        scenario=scenario,
        unions=_blocs(scenario),
    )


@lru_cache(maxsize=32)
def _all_coalitions(k):
    """Every coalition of k players as rows of a boolean (2^k × k) matrix (read-only, cached)."""
    local = np.arange(1 << k, dtype=np.int64)
    membership = ((local[:, None] >> np.arange(k)) & 1).astype(bool)
    membership.flags.writeable = False
    return membership


def _blocs(scenario):
    return getattr(scenario.agreement, "blocs", None)


class _SourceGroup:
    """The worth of a group of revenue sources for coalitions of the members it touches (exact numerators)."""

    def __init__(self, scenario, touched, sources, buyable, owners, joint, worth, prices, denominator):
        self.scenario = scenario
        self.column = {member: j for j, member in enumerate(touched)}
        self.sources = sources
        self.buyable = buyable
        self.owners = owners
        self.joint = joint
        self.worth = [int(w * denominator) for w in worth]
        self.prices = [int(p * denominator) for p in prices]
        self.denominator = denominator
        total = sum(map(abs, self.worth)) + sum(self.prices)
        self.dtype = np.int64 if total < 1 << 62 else object

    def numerators(self, membership):
        from .rights import source_access

        scenario = self.scenario
        m = membership.shape[0]
        everyone = np.ones(m, dtype=bool)

        def member_in(member):
            return membership[:, self.column[member]]

        patents = []
        for _, needed, _, _ in self.sources:
            patents.extend(p for p in needed if p not in patents)
        order = _patent_order(scenario, patents)
        # The coalitions holding the consent each source's patents need for its purpose: ipshare.rights decides.
        consent = [source_access(scenario, source, member_in, everyone, self.owners) for source, *_ in self.sources]
        best = None
        for choice in range(1 << len(self.buyable)):
            bought = {c for j, c in enumerate(self.buyable) if choice >> j & 1}
            usable = {}
            for patent_id in order:
                ok = everyone
                for contribution_id in scenario.patents[patent_id].made_from:
                    if contribution_id not in bought:
                        ok = ok & member_in(scenario.contribution(contribution_id).member)
                for base in scenario.patents[patent_id].builds_on:
                    ok = ok & usable[base]
                usable[patent_id] = ok
            total = np.zeros(m, dtype=self.dtype)
            for (source, needed, _, _), value, allowed in zip(self.sources, self.worth, consent, strict=True):
                ok = allowed
                for patent_id in needed:
                    ok = ok & usable[patent_id]
                if source.exploiter is not None:
                    ok = ok & member_in(source.exploiter)
                total += ok.astype(self.dtype) * value
            for j, contribution_id in enumerate(self.buyable):
                if choice >> j & 1:
                    pays = ~member_in(scenario.contribution(contribution_id).member)
                    total -= pays.astype(self.dtype) * self.prices[j]
            best = total if best is None else np.maximum(best, total)
        return best

    def shifted(self, empty):
        def evaluate(membership):
            return (self.numerators(np.asarray(membership, dtype=bool)) - empty).astype(np.float64) / self.denominator

        return evaluate


def _patent_order(scenario, patents):
    """The given patents with every base patent before the patents built on it."""
    order = []

    def place(patent_id):
        if patent_id in order:
            return
        for base in scenario.patents[patent_id].builds_on:
            place(base)
        order.append(patent_id)

    for patent_id in patents:
        place(patent_id)
    return order


def _merge_same_players(components):
    """Components on the same players are added into one (fewer, larger sums; the game is unchanged)."""
    merged = {}
    for component in components:
        merged.setdefault(component.players, []).append(component)
    result = []
    for key, group in merged.items():
        tables = [c for c in group if c.values is not None]
        others = [c for c in group if c.values is None]
        result.extend(others)
        if not tables:
            continue
        if len(tables) == 1:
            result.append(tables[0])
            continue
        denominator = math.lcm(*(c.exact[1] for c in tables))
        numerators = sum(np.asarray(c.exact[0], dtype=object) * (denominator // c.exact[1]) for c in tables)
        if max(abs(int(x)) for x in numerators) < 1 << 62:
            numerators = numerators.astype(np.int64)
        result.append(
            Component(
                key,
                values=np.asarray(numerators, dtype=np.float64) / denominator,
                exact=(numerators, denominator),
                label="+".join(c.label for c in tables),
            )
        )
    return result
