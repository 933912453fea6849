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

import functools
import math
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction

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
    "MAX_CLASS_STATES",
]

# A component's table has 2^k entries; above this many players a component is evaluated coalition by coalition.
MAX_COMPONENT_PLAYERS = 20
# A component without a table is valued exactly from the counts of its interchangeable members when it has at most
# this many count vectors (Π (class size + 1)); beyond, its values are estimated by sampling.
MAX_CLASS_STATES = 1 << 18
# A group of revenue sources evaluates coalitions in chunks of about this many bytes of working memory.
_CHUNK_BYTES = 32 << 20
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
        # Through the mask's bytes: linear in n (shifting an n-bit integer n times would be quadratic).
        octets = np.frombuffer(mask.to_bytes((self.n + 7) // 8, "little"), dtype=np.uint8)
        return np.unpackbits(octets, bitorder="little")[: self.n].astype(bool)

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

    # A game is immutable: its grand value is computed once, however often rules read it (once per member, say).
    @functools.cached_property
    def grand_value(self) -> float:
        return self.value(self.grand_mask)

    @functools.cached_property
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
    to its m values instead, and ``numerators`` (when the values are rational) to their integer numerators over
    ``denominator``. ``classes``, when known, partitions the local positions into classes of interchangeable
    players (swapping two players of a class never changes a value), so that the values depend only on how many
    of each class a coalition holds. ``label`` says where it came from (e.g. the revenue sources it sums).
    """

    players: tuple[int, ...]
    values: np.ndarray | None = None
    exact: tuple | None = None
    evaluate: object = None
    label: str = ""
    classes: tuple[tuple[int, ...], ...] | None = None
    numerators: object = None
    denominator: int = 1

    @property
    def size(self) -> int:
        return len(self.players)

    @property
    def is_exact(self) -> bool:
        return self.exact is not None or self.numerators is not None

    @property
    def class_states(self) -> int | None:
        """How many count vectors the classes give (Π (class size + 1)), or None without classes."""
        return math.prod(len(c) + 1 for c in self.classes) if self.classes is not None else None

    def exact_numerators(self, local: np.ndarray):
        """Integer numerators (over the component's denominator) of the coalitions given as rows of ``local``."""
        if self.exact is not None:
            return np.asarray(self.exact[0])[_local_masks(local)]
        return self.numerators(local)

    @property
    def exact_denominator(self) -> int:
        return self.exact[1] if self.exact is not None else self.denominator


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
        return isinstance(self.constant, int | Fraction) and all(c.is_exact for c in self.components)

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
        membership = self.membership(mask)
        for component in self.components:
            local = membership[None, list(component.players)]
            total += Fraction(int(component.exact_numerators(local)[0]), component.exact_denominator)
        return total


    def dense(self):
        """Expand into a dense Game: each component's table added to the whole table by broadcasting.

        The table of 2^n values is viewed as an n-dimensional array of 2 × … × 2 (one axis per player), and a
        component's 2^k table as the same with only its players' axes: one vectorised in-place add per component,
        with no index array of 2^n local masks. Components without a table (more than MAX_COMPONENT_PLAYERS
        players) are evaluated at every coalition instead.
        """
        n = self.n
        if n > MAX_DENSE_PLAYERS:
            raise GameError(
                f"{n} players: this rule needs a dense table of 2^{n} coalition values, too large (at most "
                f"2^{MAX_DENSE_PLAYERS}); use shapley, banzhaf or owen, which use the game's structure, or sampling"
            )
        exact = self.is_exact and n <= 16
        require_memory((24 + (8 if exact else 0)) << n, f"a dense table of 2^{n} coalition values")
        values = np.full(1 << n, float(self.constant))
        values[0] = 0.0
        grid = values.reshape((2,) * n)
        if exact:
            denominator = math.lcm(Fraction(self.constant).denominator, *(c.exact_denominator for c in self.components))
            constant = int(Fraction(self.constant) * denominator)
            factors = [denominator // c.exact_denominator for c in self.components]
            bound = abs(constant) + sum(
                _largest_numerator(c) * f for c, f in zip(self.components, factors, strict=True)
            )
            numerators = np.full(1 << n, constant, dtype=np.int64 if bound < 1 << 62 else object)
            numerators[0] = 0
            exact_grid = numerators.reshape((2,) * n)
        tabled = [i for i, c in enumerate(self.components) if c.values is not None and c.size]
        grouped = _grouped_tables(
            self.components, tabled, factors if exact else None, numerators.dtype if exact else np.int64
        )
        for players, table, scaled in grouped:
            grid += _spread(table, players, n)
            if exact:
                exact_grid += _spread(scaled.astype(numerators.dtype), players, n)
        for index, component in enumerate(self.components):
            if component.size == 0 or component.values is not None:
                continue
            bits = None
            if component.values is None:
                masks = np.arange(1 << n, dtype=np.int64)
                local = np.zeros(1 << n, dtype=np.int64)
                for j, p in enumerate(component.players):
                    local |= ((masks >> p) & 1) << j
                bits = ((local[:, None] >> np.arange(component.size)) & 1).astype(bool)
                values += component.evaluate(bits)
            if exact:
                if component.exact is not None:
                    scaled = np.asarray(component.exact[0]).astype(numerators.dtype) * factors[index]
                    exact_grid += _spread(scaled, component.players, n)
                else:
                    numerators += np.asarray(component.numerators(bits)).astype(numerators.dtype) * factors[index]
        if exact:
            return Game(self.players, values, self.kind, exact=(numerators, denominator), **_named(self))
        return Game(self.players, values, self.kind, **_named(self))


def _spread(table, players, n):
    """A component's table of 2^k values (local bit j = player ``players[j]``) as an array that broadcasts against
    the whole game's table viewed as 2 × … × 2 (axis n − 1 − p for player p): its own axes in their places, 1
    elsewhere."""
    k = len(players)
    local = table.reshape((2,) * k)  # axis a is local bit k − 1 − a
    axes = [n - 1 - players[k - 1 - a] for a in range(k)]
    order = sorted(range(k), key=axes.__getitem__)
    shape = [1] * n
    for a in order:
        shape[axes[a]] = 2
    return local.transpose(order).reshape(shape)


# Components are added to the dense table in groups whose players number at most this many: one pass over the
# 2^n table per group instead of one per component (the group's own table of 2^k values stays in cache).
_GROUP_PLAYERS = 14


def _grouped_tables(components, indices, factors=None, dtype=np.int64):
    """(players, float table, scaled exact numerators or None) for groups of the given components: each group's
    tables summed over the union of its players (in order of first appearance), by the same broadcasting."""
    groups = []
    for index in indices:
        players = components[index].players
        for group in groups:
            union = group[0] | set(players)
            if len(union) <= _GROUP_PLAYERS:
                group[0].update(players)
                group[1].append(index)
                break
        else:
            groups.append([set(players), [index]])
    for members, group in groups:
        players = tuple(sorted(members))
        k = len(players)
        position = {p: j for j, p in enumerate(players)}
        table = np.zeros((2,) * k)
        scaled = None
        if factors is not None:  # the exact numerators in the dtype of the whole table (int64 only when safe)
            scaled = np.zeros((2,) * k, dtype=dtype)
        for index in group:
            component = components[index]
            local = tuple(position[p] for p in component.players)
            table += _spread(np.asarray(component.values, dtype=np.float64), local, k)
            if scaled is not None:
                numerators = np.asarray(component.exact[0]).astype(scaled.dtype) * factors[index]
                scaled += _spread(numerators, local, k)
        yield players, table.reshape(-1), None if scaled is None else scaled.reshape(-1)


def _largest_numerator(component):
    if component.exact is None:
        return 1 << 62  # numerators computed on demand: no bound known, Python integers
    numerators = np.asarray(component.exact[0])
    return int(np.abs(numerators).max()) if numerators.size else 0


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
    consents = {}  # source id -> each patent's consent groups (computed once: many owners make it costly)
    for source in scenario.revenue:
        patents = required_patents(scenario, source)
        touched = set()
        buyable = set()
        if source.exploiter is not None:
            touched.add(source.exploiter)
        consent = source_consent(scenario, source, owners)  # who may agree to each patent's use (ipshare.rights)
        consents[source.id] = consent
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

    grouped = [[needs[i] for i in members_of_group] for members_of_group in groups.values()]
    _require_table_memory(grouped)
    components = []
    constant = Fraction(0)
    from .deadline import check as check_deadline

    for sources in grouped:
        check_deadline("the benefit game")
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
        evaluator = _SourceGroup(
            scenario, touched, sources, buyable, [consents[s[0].id] for s in sources], worth, prices, denominator
        )
        label = "+".join(s[0].id for s in sources)
        if len(touched) > MAX_COMPONENT_PLAYERS:
            empty = evaluator.numerators(np.zeros((1, len(touched)), dtype=bool))[0]
            constant += Fraction(int(empty), denominator)
            component = Component(
                tuple(index[m] for m in touched),
                evaluate=evaluator.shifted(empty),
                label=label,
                classes=evaluator.interchangeable(),
                numerators=evaluator.shifted_numerators(empty),
                denominator=denominator,
            )
        else:
            numerators = evaluator.table()
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


def _require_table_memory(grouped):
    """Refuse, before building any, tables of the groups of revenue sources that would not fit in memory.

    Each group of at most MAX_COMPONENT_PLAYERS members keeps 2^k values twice (float64 and int64 numerators); a
    group is evaluated in chunks of coalitions, so its working memory is bounded apart from that.
    """
    sizes = [len(set().union(*(s[2] for s in sources))) for sources in grouped]
    tabulated = [k for k in sizes if k <= MAX_COMPONENT_PLAYERS]
    table_bytes = sum(16 << k for k in tabulated)
    if tabulated:
        require_memory(
            table_bytes + _CHUNK_BYTES,
            f"the alliance's game by revenue source ({len(tabulated):,} groups of sources, the largest touching "
            f"{max(tabulated)} members, each kept as a table of 2^k coalition values)",
            "describe fewer members per revenue source (each source's patents, contributions and consent), or "
            "merge sources that share their members",
        )


def _coalition_rows(k, start, stop):
    """The coalitions with masks start..stop−1 of k players, as rows of a boolean matrix (bit j = column j)."""
    masks = np.arange(start, stop, dtype=np.int64)
    return ((masks[:, None] >> np.arange(k)) & 1).astype(bool)


def _blocs(scenario):
    return getattr(scenario.agreement, "blocs", None)


class _SourceGroup:
    """The worth of a group of revenue sources for coalitions of the members it touches (exact numerators)."""

    def __init__(self, scenario, touched, sources, buyable, consents, worth, prices, denominator):
        self.scenario = scenario
        self.column = {member: j for j, member in enumerate(touched)}
        self.sources = sources
        self.buyable = buyable
        self.consents = consents  # per source: patent -> consent groups (ipshare.rights.source_consent)
        self.worth = [int(w * denominator) for w in worth]
        self.prices = [int(p * denominator) for p in prices]
        self.denominator = denominator
        total = sum(map(abs, self.worth)) + sum(self.prices)
        self.dtype = np.int64 if total < 1 << 62 else object
        patents = []
        for _, needed, _, _ in self.sources:
            patents.extend(p for p in needed if p not in patents)
        self.order = _patent_order(scenario, patents)
        # Boolean arrays alive at once while a chunk of coalitions is evaluated: one per patent and per source,
        # and a few more; the chunk is sized so that they stay within _CHUNK_BYTES.
        per_row = len(self.order) + len(self.sources) + 8 + 3 * 8
        self.chunk_rows = max(1024, _CHUNK_BYTES // per_row)

    def table(self):
        """The numerators of all 2^k coalitions of the touched members, by mask, computed chunk by chunk."""
        k = len(self.column)
        size = 1 << k
        result = None
        for start in range(0, size, self.chunk_rows):
            stop = min(size, start + self.chunk_rows)
            part = self._numerators(_coalition_rows(k, start, stop))
            if result is None:
                result = np.empty(size, dtype=part.dtype)
            result[start:stop] = part
        return result

    def numerators(self, membership):
        """The numerators of the coalitions given as rows of a boolean matrix over the touched members."""
        membership = np.asarray(membership, dtype=bool)
        m = membership.shape[0]
        if m <= self.chunk_rows:
            return self._numerators(membership)
        step = self.chunk_rows
        return np.concatenate([self._numerators(membership[start : start + step]) for start in range(0, m, step)])

    def _numerators(self, membership):
        from .rights import consent_holds

        scenario = self.scenario
        m = membership.shape[0]
        everyone = np.ones(m, dtype=bool)

        def member_in(member):
            return membership[:, self.column[member]]

        # The coalitions holding the consent each source's patents need for its purpose, as ipshare.rights decides
        # (its source_access, from the consent groups computed once).
        consent = []
        for groups_by_patent in self.consents:
            allowed = everyone
            for groups in groups_by_patent.values():
                allowed = allowed & consent_holds(groups, member_in, everyone)
            consent.append(allowed)
        best = None
        for choice in range(1 << len(self.buyable)):
            bought = {c for j, c in enumerate(self.buyable) if choice >> j & 1}
            usable = {}
            for patent_id in self.order:
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
            return (self.numerators(membership) - empty).astype(np.float64) / self.denominator

        return evaluate

    def shifted_numerators(self, empty):
        def numerators(membership):
            return self.numerators(membership) - empty

        return numerators

    # -- interchangeable members ---------------------------------------------------------------------------------

    def interchangeable(self, max_states=MAX_CLASS_STATES):
        """Classes of members that the group's worth treats alike, or None when they give too many count vectors.

        Two members are put in one class when swapping them (and, with them, the buyable contributions each makes,
        paired by price) maps the group's description — each source's worth with the condition under which a
        coalition realises it, and each purchase with its price and payer — onto itself: then no coalition's worth
        changes. Checking the swaps of every member with its class's first member proves the whole class
        interchangeable (those transpositions generate every permutation of the class). A sufficient test: two
        members it keeps apart may still be interchangeable, which costs time, never exactness.
        """
        k = len(self.column)
        terms, buys = self._description()
        mentions = [[] for _ in range(k)]  # column -> indices of the terms whose condition names it
        for t, (_, condition) in enumerate(terms):
            for column in _members_named(condition):
                mentions[column].append(t)
        made = [[] for _ in range(k)]  # column -> the buyable contributions it makes, by price
        for j, (_, price, (_, column)) in enumerate(buys):
            made[column].append((price, j))
        for row in made:
            row.sort()

        def signature(column):
            return (tuple(sorted(terms[t][0] for t in mentions[column])), tuple(p for p, _ in made[column]))

        classes = []
        for column in range(k):
            for members in classes:
                if signature(members[0]) == signature(column) and self._swap_keeps(
                    members[0], column, terms, buys, mentions, made
                ):
                    members.append(column)
                    break
            else:
                classes.append([column])
                if 1 << len(classes) > max_states:
                    return None
        classes = tuple(tuple(members) for members in classes)
        if math.prod(len(c) + 1 for c in classes) > max_states or not self._spot_check(classes):
            return None
        return classes

    def _description(self):
        """The group's worth as data: (worth, condition) per source, and (bought, price, payer) per purchase."""
        scenario = self.scenario
        buy_index = {c: j for j, c in enumerate(self.buyable)}

        def member(member_id):
            return ("m", self.column[member_id])

        def held(contribution_id):
            maker = member(scenario.contribution(contribution_id).member)
            return _any([("b", buy_index[contribution_id]), maker]) if contribution_id in buy_index else maker

        usable = {}
        for patent_id in self.order:
            patent = scenario.patents[patent_id]
            usable[patent_id] = _all([held(c) for c in patent.made_from] + [usable[b] for b in patent.builds_on])
        terms = []
        for (source, needed, _, _), value, groups_by_patent in zip(
            self.sources, self.worth, self.consents, strict=True
        ):
            consent = _all(
                [_any([_all([member(m) for m in group]) for group in groups]) for groups in groups_by_patent.values()]
            )
            parts = [consent] + [usable[p] for p in needed]
            if source.exploiter is not None:
                parts.append(member(source.exploiter))
            terms.append((value, _all(parts)))
        buys = [
            (("b", j), price, member(scenario.contribution(c).member))
            for j, (c, price) in enumerate(zip(self.buyable, self.prices, strict=True))
        ]
        return terms, buys

    def _swap_keeps(self, first, second, terms, buys, mentions, made):
        """Whether swapping two members (and their purchases, paired by price) maps the description onto itself."""
        if len(made[first]) != len(made[second]):
            return False
        columns = {first: second, second: first}
        purchases = {}
        for (_, a), (_, b) in zip(made[first], made[second], strict=True):
            purchases[a], purchases[b] = b, a
        renamed = {}

        def rename(node):
            kind = node[0]
            if kind == "m":
                return ("m", columns.get(node[1], node[1]))
            if kind == "b":
                return ("b", purchases.get(node[1], node[1]))
            if node not in renamed:
                renamed[node] = (kind, frozenset(rename(child) for child in node[1]))
            return renamed[node]

        # Terms that name neither member are unchanged; the others must be permuted among themselves.
        affected = sorted(set(mentions[first]) | set(mentions[second]))
        before = Counter(terms[t] for t in affected)
        after = Counter((terms[t][0], rename(terms[t][1])) for t in affected)
        if before != after:
            return False
        touched = [buys[j] for _, j in made[first] + made[second]]
        return Counter(touched) == Counter((rename(b), price, rename(payer)) for b, price, payer in touched)

    def _spot_check(self, classes, rows=64):
        """Random coalitions keep their worth when members are permuted within their classes (a guard)."""
        rng = np.random.default_rng(len(self.column))
        k = len(self.column)
        membership = rng.random((rows, k)) < 0.5
        permuted = membership.copy()
        for members in classes:
            if len(members) > 1:
                members = np.array(members)
                for row in range(rows):
                    permuted[row, members] = membership[row, rng.permutation(members)]
        return bool(np.array_equal(self.numerators(membership), self.numerators(permuted)))


# Conditions on coalitions as data: ("m", column) a member, ("b", j) purchase j, and ("and" | "or", frozenset).
_TRUE = ("and", frozenset())
_FALSE = ("or", frozenset())


def _all(parts):
    return _combine("and", parts, _FALSE)


def _any(parts):
    return _combine("or", parts, _TRUE)


def _combine(kind, parts, absorbing):
    children = set()
    for part in parts:
        if part == absorbing:
            return absorbing
        if part[0] == kind:
            children.update(part[1])
        else:
            children.add(part)
    if len(children) == 1:
        return next(iter(children))
    return (kind, frozenset(children))


def _members_named(condition, found=None):
    found = set() if found is None else found
    if condition[0] == "m":
        found.add(condition[1])
    elif condition[0] in ("and", "or"):
        for child in condition[1]:
            _members_named(child, found)
    return found


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
        factors = [denominator // c.exact[1] for c in tables]
        bound = sum(int(np.abs(np.asarray(c.exact[0])).max()) * f for c, f in zip(tables, factors, strict=True))
        if bound < 1 << 62:  # int64 throughout: no array of Python integers for 2^k coalitions
            numerators = sum(np.asarray(c.exact[0]).astype(np.int64) * f for c, f in zip(tables, factors, strict=True))
        else:
            numerators = sum(np.asarray(c.exact[0], dtype=object) * f for c, f in zip(tables, factors, strict=True))
        result.append(
            Component(
                key,
                values=np.asarray(numerators, dtype=np.float64) / denominator,
                exact=(numerators, denominator),
                label="+".join(c.label for c in tables),
            )
        )
    return result
