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
from collections.abc import Iterable
from fractions import Fraction
from functools import lru_cache
from types import MappingProxyType

import numpy as np

from ..errors import GameError

__all__ = [
    "Game",
    "Players",
    "GAME_KINDS",
    "MAX_DENSE_PLAYERS",
    "popcounts",
    "member_sums",
    "coalition_values",
]

GAME_KINDS = ("benefit", "cost")
# 2^28 float64 values are 2 GiB: the largest dense table ipshare will build.
MAX_DENSE_PLAYERS = 28
# Exact rationals are carried along while the table is small enough for Python integers to stay quick.
MAX_EXACT_PLAYERS = 16
# Larger weighted voting games are kept as weights and quota (ipshare.games.WeightedVotingGame).
MAX_DENSE_VOTING_PLAYERS = 20
_INT64_SAFE = 1 << 62


class Players:
    """Naming the coalitions of a fixed list of players: player ``i`` is bit ``i`` of a coalition's mask.

    Shared by every kind of game (dense tables here, games kept by their structure in :mod:`ipshare.games.structured`);
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


# ------------------------------------------------------------------------------------------------------------
# The games of a scenario


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
