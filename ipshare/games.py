"""Cooperative games: the characteristic function of an alliance, and the classic games.

A :class:`Game` holds its players and the value of every coalition in a numpy array indexed by bitmask
(player ``i`` is bit ``i``; ``values[0b101]`` is the value of players 0 and 2 together). Where the values are
rational, the game also keeps them exactly, as integer numerators over one common denominator, so that rules can
return exact rationals.

Constructors: :func:`table_game`, :func:`weighted_voting_game`, :func:`bankruptcy_game`, :func:`airport_game`,
and :func:`benefit_game`, which derives an alliance's game from its scenario as docs/model.md describes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from functools import lru_cache
from types import MappingProxyType

import numpy as np

from .errors import GameError
from .scenario import MAX_BUYABLE_CONTRIBUTIONS

__all__ = [
    "Game",
    "Players",
    "GAME_KINDS",
    "MAX_DENSE_PLAYERS",
    "table_game",
    "weighted_voting_game",
    "bankruptcy_game",
    "airport_game",
    "benefit_game",
    "scenario_game",
    "popcounts",
    "member_sums",
    "coalition_values",
]

GAME_KINDS = ("benefit", "cost")
# 2^28 float64 values are 2 GiB: the largest dense table ipshare will build.
MAX_DENSE_PLAYERS = 28
# Exact rationals are carried along while the table is small enough for Python integers to stay quick.
MAX_EXACT_PLAYERS = 16
# Larger weighted voting games are kept as weights and quota (ipshare.structure.WeightedVotingGame).
MAX_DENSE_VOTING_PLAYERS = 20
_INT64_SAFE = 1 << 62


class Players:
    """Naming the coalitions of a fixed list of players: player ``i`` is bit ``i`` of a coalition's mask.

    Shared by every kind of game (dense tables here, games kept by their structure in :mod:`ipshare.structure`);
    a subclass sets ``players`` (a tuple of ids) and ``_index`` (id -> position).
    """

    __slots__ = ()

    @staticmethod
    def _checked(players, kind) -> tuple[str, ...]:
        """The players as a tuple, after the checks every game makes (and of its kind)."""
        players = tuple(players)
        if not players:
            raise GameError("a game needs at least one player")
        if len(set(players)) != len(players):
            raise GameError("player ids must be distinct")
        for player in players:
            if not isinstance(player, str) or not player or "+" in player:
                raise GameError(f"player ids must be non-empty text without '+', got {player!r}")
        if kind not in GAME_KINDS:
            raise GameError(f"kind must be benefit or cost, not {kind!r}")
        return players

    @property
    def n(self) -> int:
        return len(self.players)

    @property
    def grand_mask(self) -> int:
        return (1 << self.n) - 1

    def mask(self, coalition) -> int:
        """The bitmask of a coalition given as a mask, a ``"A+B"`` string or an iterable of player ids."""
        if isinstance(coalition, int | np.integer):
            mask = int(coalition)
            if not 0 <= mask <= self.grand_mask:
                raise GameError(f"mask {mask} is not a coalition of {self.n} players")
            return mask
        if isinstance(coalition, str):
            coalition = [name.strip() for name in coalition.split("+")] if coalition.strip() else []
        mask = 0
        for player in coalition:
            try:
                mask |= 1 << self._index[player]
            except KeyError:
                raise GameError(f"unknown player {player!r}") from None
        return mask

    def members(self, mask: int) -> tuple[str, ...]:
        return tuple(player for i, player in enumerate(self.players) if mask >> i & 1)

    def label(self, mask: int) -> str:
        """A coalition's name, player ids joined by ``+`` (``"∅"`` for the empty coalition)."""
        return "+".join(self.members(mask)) or "∅"


class Game(Players):
    """A transferable-utility game in bitmask form.

    Parameters
    ----------
    players : sequence of str
        Player ids; player ``i`` is bit ``i`` of a coalition's mask.
    values : array-like of length ``2 ** len(players)``
        ``values[mask]`` is the worth of the coalition ``mask``; ``values[0]`` must be 0. A numpy float array is
        taken as floats (kept exact too when every value is a whole number); a sequence of ints and
        ``Fraction``s is kept exactly.
    kind : ``"benefit"`` or ``"cost"``
        A cost game's values are costs, and its allocations are cost shares.

    Examples
    --------
    >>> import numpy as np
    >>> game = Game(["A", "B"], np.array([0.0, 1.0, 2.0, 6.0]))
    >>> game.grand_value, game.value(["B"]), game.label(0b11)
    (6.0, 2.0, 'A+B')
    """

    __slots__ = ("players", "values", "kind", "name", "unions", "cooperation", "scenario", "spec", "_exact", "_index")

    def __init__(
        self, players, values, kind="benefit", *, exact=None, name=None, unions=None, cooperation=None, scenario=None,
        spec=None
    ):
        players = self._checked(players, kind)
        size = 1 << len(players)
        if exact is None and not isinstance(values, np.ndarray):
            values = list(values)
            if all(isinstance(v, int | Fraction) and not isinstance(v, bool) for v in values):
                exact = _scaled(values)
        try:
            array = np.array(values, dtype=np.float64)
        except (TypeError, ValueError, OverflowError):
            raise GameError("values must be numbers, one per coalition") from None
        if array.shape != (size,):
            raise GameError(f"{len(players)} players need {size} values (one per coalition), got {array.shape}")
        if not np.all(np.isfinite(array)):
            raise GameError("every coalition value must be a finite number")
        if array[0] != 0 or (exact is not None and exact[0][0] != 0):
            raise GameError(f"the empty coalition must be worth 0, got {array[0]}")
        if (
            exact is None
            and len(players) <= MAX_EXACT_PLAYERS
            and np.all(np.abs(array) < 2**53)
            and np.all(array == np.round(array))
        ):
            exact = (array.astype(np.int64), 1)
        array.flags.writeable = False
        self.players = players
        self.values = array
        self.kind = kind
        self.name = name
        self.unions = unions
        self.cooperation = cooperation
        self.scenario = scenario
        # The parameters of a classic game (weights and quota, estate and claims, costs) for rules that need them.
        self.spec = MappingProxyType(dict(spec)) if spec is not None else None
        self._exact = exact
        self._index = {player: i for i, player in enumerate(players)}

    # -- size and coalitions -----------------------------------------------------------------------------------

    @property
    def grand_value(self) -> float:
        return float(self.values[-1])

    def value(self, coalition) -> float:
        return float(self.values[self.mask(coalition)])

    # -- exactness ---------------------------------------------------------------------------------------------

    @property
    def is_exact(self) -> bool:
        return self._exact is not None

    @property
    def exact_scaled(self):
        """``(numerators, denominator)``: the exact values as integers over one denominator, or ``None``."""
        return self._exact

    def exact_value(self, coalition) -> Fraction | None:
        if self._exact is None:
            return None
        numerators, denominator = self._exact
        return Fraction(int(numerators[self.mask(coalition)]), denominator)

    @property
    def exact_grand_value(self) -> Fraction | None:
        return self.exact_value(self.grand_mask)

    def exact_values(self) -> list[Fraction] | None:
        if self._exact is None:
            return None
        numerators, denominator = self._exact
        return [Fraction(int(v), denominator) for v in numerators]

    def __repr__(self):
        return f"Game({list(self.players)!r}, kind={self.kind!r}, grand_value={self.grand_value!r})"


def scaled_floats(numerators: np.ndarray, denominator: int) -> np.ndarray:
    """``numerators / denominator`` as floats. Exact integers beyond a float's range (a rational discount rate
    over many years makes the common denominator huge) are divided exactly first, each value the float of its
    ratio."""
    if numerators.dtype == object:
        return np.array([float(Fraction(int(v), denominator)) for v in numerators], dtype=np.float64)
    return numerators.astype(np.float64) / denominator


def _scaled(fractions):
    """Rationals as (integer numerators, common denominator); int64 when every sum of them is safe."""
    fractions = [Fraction(v) for v in fractions]
    denominator = math.lcm(*(f.denominator for f in fractions)) if fractions else 1
    numerators = [f.numerator * (denominator // f.denominator) for f in fractions]
    total = sum(abs(v) for v in numerators)
    dtype = np.int64 if total < _INT64_SAFE else object
    return np.array(numerators, dtype=dtype), denominator


@lru_cache(maxsize=4)
def popcounts(n: int) -> np.ndarray:
    """The size of every coalition of ``n`` players, indexed by mask (uint8, read-only, cached)."""
    counts = np.zeros(1, dtype=np.uint8)
    for _ in range(n):
        counts = np.concatenate([counts, counts + 1])
    counts.flags.writeable = False
    return counts


def _check_dense(n, bytes_per_coalition=32):
    if n > MAX_DENSE_PLAYERS:
        raise GameError(
            f"{n} players: a dense table of 2^{n} coalition values is too large (ipshare builds at most "
            f"2^{MAX_DENSE_PLAYERS}); use the alliance's structure or sampling instead"
        )
    require_memory(bytes_per_coalition << n, f"a dense table of 2^{n} coalition values")


def available_memory() -> int | None:
    """Bytes that can be allocated without swapping (Linux ``MemAvailable``), or None where that is unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def require_memory(nbytes: int, what: str, instead: str | None = None) -> None:
    """Raise a GameError with advice, before allocating, when ``nbytes`` would not fit in the available memory.

    A fifth of what is available is left for the rest of the process; where that is unknown nothing is checked.
    ``instead`` says what to do instead (default: use the game's structure or sampling).
    """
    available = available_memory()
    if available is not None and nbytes > 0.8 * available:
        instead = instead or (
            "use the game's structure (an alliance's revenue sources, a voting game's weights) or sampling "
            "(rules shapley-sampled, banzhaf-sampled) instead"
        )
        raise GameError(
            f"{what} needs about {nbytes / 2**30:.1f} GiB of memory and {available / 2**30:.1f} GiB is available; "
            f"{instead}"
        )


def _by_doubling(items, combine, start, dtype):
    """Fold per-player items into a table indexed by mask: the half with bit i set is combine(half, item_i)."""
    table = np.array([start], dtype=dtype)
    for item in items:
        table = np.concatenate([table, combine(table, item)])
    return table


# ------------------------------------------------------------------------------------------------------------
# Classic games


def table_game(players: Sequence[str], values: Mapping, kind="benefit", **metadata) -> Game:
    """A game from a table of coalition values; coalitions not listed are worth 0.

    ``values`` maps coalitions (``"A+B"`` strings, tuples of player ids, or masks) to numbers.

    Examples
    --------
    >>> game = table_game(["A", "B", "C"], {"A+B": 1, "A+C": 1, "B+C": 1, "A+B+C": 1})
    >>> game.value("A+C"), game.exact_value("A")
    (1.0, Fraction(0, 1))
    """
    players = tuple(players)
    _check_dense(len(players))
    skeleton = Game(players, np.zeros(1 << len(players)))
    entries = {}
    for coalition, value in values.items():
        mask = skeleton.mask(coalition)
        if mask in entries:
            raise GameError(f"coalition {skeleton.label(mask)} is given twice")
        entries[mask] = value
    exact = all(isinstance(v, int | Fraction) and not isinstance(v, bool) for v in entries.values())
    if exact:
        table = [Fraction(0)] * (1 << len(players))
        for mask, value in entries.items():
            table[mask] = Fraction(value)
        return Game(players, np.array([float(v) for v in table]), kind, exact=_scaled(table), **metadata)
    array = np.zeros(1 << len(players))
    for mask, value in entries.items():
        array[mask] = float(value)
    return Game(players, array, kind, **metadata)


def weighted_voting_game(weights: Mapping[str, object], quota, **metadata) -> Game:
    """The simple game in which a coalition wins (is worth 1) when its total weight reaches the quota.

    Examples
    --------
    >>> game = weighted_voting_game({"A": 50, "B": 49, "C": 1}, quota=51)
    >>> game.value("A+C"), game.value("B+C")
    (1.0, 0.0)
    """
    players = tuple(weights)
    _check_dense(len(players))
    exact_weights = [Fraction(w) for w in weights.values()]
    quota = Fraction(quota)
    denominator = math.lcm(quota.denominator, *(w.denominator for w in exact_weights))
    integer_weights = [int(w * denominator) for w in exact_weights]
    integer_quota = quota * denominator
    dtype = np.int64 if sum(integer_weights) < _INT64_SAFE else object
    totals = _by_doubling(integer_weights, lambda table, w: table + w, 0, dtype)
    wins = (totals >= integer_quota).astype(np.int64)
    spec = {"type": "weighted-voting", "weights": dict(zip(players, exact_weights, strict=True)), "quota": quota}
    return Game(players, wins.astype(np.float64), "benefit", exact=(wins, 1), spec=spec, **metadata)


def bankruptcy_game(estate, claims: Mapping[str, object], **metadata) -> Game:
    """O'Neill's bankruptcy game: v(S) = max(0, estate − claims of the players outside S).

    Examples
    --------
    >>> game = bankruptcy_game(200, {"A": 100, "B": 200, "C": 300})
    >>> game.value("B+C"), game.value("A")
    (100.0, 0.0)
    """
    players = tuple(claims)
    _check_dense(len(players))
    exact_claims = [Fraction(c) for c in claims.values()]
    estate = Fraction(estate)
    if any(c < 0 for c in exact_claims) or estate < 0:
        raise GameError("claims and the estate must not be negative")
    denominator = math.lcm(estate.denominator, *(c.denominator for c in exact_claims))
    integer_claims = [int(c * denominator) for c in exact_claims]
    total = sum(integer_claims)
    dtype = np.int64 if total < _INT64_SAFE else object
    inside = _by_doubling(integer_claims, lambda table, c: table + c, 0, dtype)
    outside = total - inside
    numerators = np.maximum(int(estate * denominator) - outside, 0)
    numerators[0] = 0
    values = numerators.astype(np.float64) / denominator
    spec = {"type": "bankruptcy", "estate": estate, "claims": dict(zip(players, exact_claims, strict=True))}
    return Game(players, values, "benefit", exact=(numerators, denominator), spec=spec, **metadata)


def airport_game(costs: Mapping[str, object], **metadata) -> Game:
    """Littlechild & Owen's airport game, a cost game: c(S) = the largest cost of a member of S.

    Examples
    --------
    >>> game = airport_game({"A": 1, "B": 2, "C": 3})
    >>> game.kind, game.value("A+B")
    ('cost', 2.0)
    """
    players = tuple(costs)
    _check_dense(len(players))
    exact_costs = [Fraction(c) for c in costs.values()]
    if any(c < 0 for c in exact_costs):
        raise GameError("costs must not be negative")
    denominator = math.lcm(*(c.denominator for c in exact_costs))
    integer_costs = [int(c * denominator) for c in exact_costs]
    dtype = np.int64 if max(integer_costs) < _INT64_SAFE else object
    numerators = _by_doubling(integer_costs, lambda table, c: np.maximum(table, c), 0, dtype)
    values = numerators.astype(np.float64) / denominator
    spec = {"type": "airport", "costs": dict(zip(players, exact_costs, strict=True))}
    return Game(players, values, "cost", exact=(numerators, denominator), spec=spec, **metadata)


# ------------------------------------------------------------------------------------------------------------
# The games of a scenario


def scenario_game(scenario) -> Game:
    """The game a scenario describes: its ``game:`` section, or else the alliance's benefit game."""
    spec = scenario.game
    if spec is None:
        return benefit_game(scenario)
    metadata = {
        "name": spec.name or scenario.name,
        "unions": spec.unions,
        "cooperation": spec.cooperation,
        "scenario": scenario,
    }
    if spec.type == "table":
        return table_game(spec.players, dict(spec.values), spec.kind, **metadata)
    if spec.type == "weighted-voting":
        if len(spec.weights) > MAX_DENSE_VOTING_PLAYERS:
            from .structure import WeightedVotingGame  # weights and quota only: no table of 2^n coalitions

            return WeightedVotingGame(spec.weights, spec.quota, **metadata)
        return weighted_voting_game(spec.weights, spec.quota, **metadata)
    if spec.type == "bankruptcy":
        return bankruptcy_game(spec.estate, spec.claims, **metadata)
    return airport_game(spec.costs, **metadata)


def benefit_game(scenario) -> Game:
    """The alliance's benefit game: what every coalition of members can realise on its own.

    The semantics (documented with a worked example in docs/model.md):

    - A foreground patent exists for a coalition S when S holds every contribution it was made from, or buys a
      missing contribution at its ``substitute_cost``. S's own version of the patent is owned by its makers.
    - A background patent, or a foreground patent whose owners the file gives, can be used by S when S holds
      the consent the source's purpose needs (licensing or own use): without a preset, its owners' — all of them
      (``joint_licensing: unanimous``) or any one (``any-owner``); with one, as :mod:`ipshare.rights` decides.
    - A patent that ``builds_on`` another can be used only when the base patent can be used too.
    - S realises a revenue source when it can use every patent the source requires (and, for own use, the
      exploiter is in S); the source is worth its expected present value (:func:`ipshare.graph.revenue_value`).
    - v(S) is the most S can get: the value of the sources it realises less the substitute costs it pays,
      maximised over which missing contributions it buys in. v(∅) = 0.

    For a scenario with a ``game:`` section this returns that game (see :func:`scenario_game`).
    """
    if scenario.game is not None:
        return scenario_game(scenario)
    from .graph import patent_owners, revenue_value

    players = tuple(scenario.members)
    n = len(players)
    if n > MAX_EXACT_PLAYERS:
        # Too many members for an exact table: the same game kept source by source (ipshare.structure).
        from .structure import structured_benefit_game

        return structured_benefit_game(scenario)
    _check_dense(n)
    bit = {member: i for i, member in enumerate(players)}
    masks = np.arange(1 << n, dtype=np.int64)
    member_in = {member: ((masks >> i) & 1).astype(bool) for member, i in bit.items()}
    everyone = np.ones(1 << n, dtype=bool)

    # Which coalitions hold the consent to every patent a source needs, for the source's purpose (licensing or
    # own use): one rule for the rights table and the game, in ipshare.rights (docs/rights.md).
    from .rights import source_access

    owners = patent_owners(scenario)
    consent = [source_access(scenario, source, member_in.__getitem__, everyone, owners) for source in scenario.revenue]

    used = {c for patent in scenario.patents.values() for c in patent.made_from}
    buyable = [c for c in scenario.contributions if c.id in used and c.substitute_cost is not None]
    if len(buyable) > MAX_BUYABLE_CONTRIBUTIONS:
        # Too many to weigh all at once here; the structured game weighs the sources that share none apart and
        # equals this game coalition by coalition (the loader refuses a group beyond the limit).
        from .structure import structured_benefit_game

        return structured_benefit_game(scenario).dense()
    worth = [revenue_value(source, scenario.alliance.discount_rate) for source in scenario.revenue]
    prices = [c.substitute_cost for c in buyable]
    exact = n <= MAX_EXACT_PLAYERS
    if exact:
        denominator = math.lcm(1, *(f.denominator for f in worth + prices))
        worth_scaled = [int(f * denominator) for f in worth]
        price_scaled = [int(f * denominator) for f in prices]
        dtype = np.int64 if sum(map(abs, worth_scaled)) + sum(price_scaled) < _INT64_SAFE else object

    order = _patent_order(scenario)
    best = None
    best_exact = None
    from .deadline import check as check_deadline

    for choice in range(1 << len(buyable)):
        check_deadline("the benefit game")  # up to 2^16 choices of what to buy in, each a pass over 2^n coalitions
        bought = {c.id for j, c in enumerate(buyable) if choice >> j & 1}
        held = {c.id: everyone if c.id in bought else member_in[c.member] for c in scenario.contributions}
        usable = {}
        for patent_id in order:
            patent = scenario.patents[patent_id]
            ok = everyone
            for contribution_id in patent.made_from:
                ok = ok & held[contribution_id]
            for base in patent.builds_on:
                ok = ok & usable[base]
            usable[patent_id] = ok
        realised = []
        for source, allowed in zip(scenario.revenue, consent, strict=True):
            ok = allowed
            for patent_id in source.requires:
                ok = ok & usable[patent_id]
            if source.exploiter is not None:
                ok = ok & member_in[source.exploiter]
            realised.append(ok)
        paying = [~member_in[c.member] for c in buyable if c.id in bought]
        paid_prices = [p for c, p in zip(buyable, prices, strict=True) if c.id in bought]
        total = np.zeros(1 << n)
        for ok, value in zip(realised, worth, strict=True):
            total += ok * float(value)
        for pays, price in zip(paying, paid_prices, strict=True):
            total -= pays * float(price)
        best = total if best is None else np.maximum(best, total)
        if exact:
            total_exact = np.zeros(1 << n, dtype=dtype)
            for ok, value in zip(realised, worth_scaled, strict=True):
                total_exact += ok.astype(dtype) * value
            for c, pays in zip([c for c in buyable if c.id in bought], paying, strict=True):
                total_exact -= pays.astype(dtype) * price_scaled[buyable.index(c)]
            best_exact = total_exact if best_exact is None else np.maximum(best_exact, total_exact)
    best[0] = 0.0
    exact_pair = None
    if exact:
        best_exact[0] = 0
        exact_pair = (best_exact, denominator)
        best = scaled_floats(best_exact, denominator)
    blocs = scenario.agreement.blocs
    return Game(players, best, "benefit", exact=exact_pair, name=scenario.name, unions=blocs, scenario=scenario)


def _patent_order(scenario):
    """Patents with every base patent before the patents built on it."""
    order = []
    placed = set()

    def place(patent_id):
        if patent_id in placed:
            return
        for base in scenario.patents[patent_id].builds_on:
            place(base)
        placed.add(patent_id)
        order.append(patent_id)

    for patent_id in scenario.patents:
        place(patent_id)
    return order


def member_sums(table: np.ndarray, n: int) -> np.ndarray:
    """For each player i, the sum of ``table[mask]`` over the coalitions that contain i.

    Two passes over the table instead of n: the masks are split into high and low halves of bits, the table is
    summed along rows and columns, and each bit's total is read off the small row or column sums. Works for
    float and for object (exact integer) tables.
    """
    low_bits = n // 2
    high_bits = n - low_bits
    grid = table.reshape(1 << high_bits, 1 << low_bits)
    by_low = grid.sum(axis=0)
    by_high = grid.sum(axis=1)
    sums = []
    for sums_of, bits in ((by_low, low_bits), (by_high, high_bits)):
        for i in range(bits):
            sums.append(sums_of.reshape(-1, 2, 1 << i)[:, 1, :].sum())
    return np.array(sums, dtype=table.dtype)


def coalition_values(game: Game, masks: Iterable[int] | None = None):
    """(mask, label, float value, exact value or None) for the given masks, all coalitions by default."""
    masks = range(1 << game.n) if masks is None else masks
    for mask in masks:
        yield mask, game.label(mask), float(game.values[mask]), game.exact_value(mask)
