"""What a rule gives each player: the :class:`Allocation`, and how rules build one (:func:`make_allocation`).

Below every rule and the registry, so that a rule imports its result type and nothing that imports it back.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

from ..errors import RuleError
from ..exact import leading_place

__all__ = ["Allocation", "make_allocation"]


@dataclass(frozen=True)
class Allocation:
    """What a rule gives each player.

    Attributes
    ----------
    rule : the rule's name, as in :data:`RULES`.
    players : the players in the game's order.
    values : player -> amount (float). For a cost game the amounts are cost shares.
    exact : player -> ``Fraction`` where the rule computed exactly, else ``None``.
    kind : ``"benefit"`` or ``"cost"``, the game's kind.
    method : how it was computed (e.g. ``"exact-dense"``).
    grand_value, exact_grand_value : v(N), as a float and exactly when known.
    details : rule-specific facts (weights used, normalisation, …), JSON-friendly.
    stderr : player -> standard error of a sampled estimate, else ``None`` (exact methods).
    """

    rule: str
    players: tuple[str, ...]
    values: dict[str, float]
    exact: dict[str, Fraction] | None = None
    kind: str = "benefit"
    method: str = ""
    grand_value: float = 0.0
    exact_grand_value: Fraction | None = None
    details: dict = field(default_factory=dict)
    stderr: dict[str, float] | None = None

    @property
    def total(self) -> float:
        return sum(self.values.values())

    def __getitem__(self, player):
        return self.values[player]

    def reconciled(self, digits: int = 2) -> tuple[dict[str, Fraction], Fraction]:
        """The amounts as rationals and their total, as every output shows them before rounding to ``digits``.

        An exact rule's amounts are its rationals. A float rule's are read on a grid four decimals finer than
        shown (and no finer than 1e-12 of v(N), so amounts equal but for float noise are equal); when they add up
        to v(N) (within 1e-9 of it) they are reconciled to the exact v(N), the float residue spread in proportion
        to their size, and the total is v(N). The same computation as :func:`ipshare.report.figures.rule_figures`
        (tests/test_api.py checks that the two agree), so a notebook shows the cents the annex shows.
        """
        if self.exact is not None:
            amounts = {player: Fraction(self.exact[player]) for player in self.players}
            return amounts, sum(amounts.values(), Fraction(0))
        grand = Fraction(self.exact_grand_value if self.exact_grand_value is not None else self.grand_value)
        finest = Fraction(1, 10 ** (digits + 4))
        quantum = finest if grand == 0 else max(finest, Fraction(10) ** (leading_place(abs(grand)) - 12))
        amounts = {player: round(Fraction(self.values[player]) / quantum) * quantum for player in self.players}
        total = sum(amounts.values(), Fraction(0))
        # Efficiency is judged on the floats themselves: reading each on the grid moves their total by up to half
        # a quantum per player (500 voters' indices on a grid of 1e-8 once totalled 1.00000003).
        floats = Fraction(math.fsum(self.values[player] for player in self.players))
        if abs(floats - grand) <= Fraction(1, 10**9) * max(1, abs(grand)):
            size = sum(abs(amount) for amount in amounts.values())
            if size:
                amounts = {player: amount + (grand - total) * abs(amount) / size for player, amount in amounts.items()}
            total = grand
        return amounts, total

    def to_frame(self, digits: int | None = None, ties: str = "listed-first"):
        """The allocation as a pandas DataFrame indexed by member, in the game's order (needs pandas).

        Columns: ``value`` (float); ``exact`` (a Fraction, or None where the rule is not exact); ``percent`` of the
        allocation's total (v(N) for an efficient rule), reconciled to sum to exactly 100.00 (NaN when the total is
        0); with ``digits``, ``rounded`` (Decimal), reconciled to the rounded total by largest remainder, equal
        remainders going to the member ``ties`` names (``listed-first``, ``listed-last`` or ``by-id``,
        :data:`ipshare.exact.TIE_RULES`): the cents ``ipshare allocate`` shows with the scenario's
        ``agreement.rounding.ties``; ``stderr`` for a sampled rule. ``frame.reset_index()`` makes ``member`` a
        column.

        Examples
        --------
        >>> from ipshare.games import table_game
        >>> from ipshare.solutions import allocate
        >>> frame = allocate(table_game(["A", "B"], {"A": 1, "A+B": 3}), "shapley").to_frame(digits=2)
        >>> frame                      # doctest: +NORMALIZE_WHITESPACE
                value exact  percent rounded
        member
        A         2.0     2    66.67    2.00
        B         1.0     1    33.33    1.00
        >>> frame.loc["A", "rounded"]
        Decimal('2.00')
        """
        from ..exact import TIE_RULES, Rounding
        from ..optional import optional_import

        pandas = optional_import("pandas", package="pandas", needed_for="Allocation.to_frame()")
        if ties not in TIE_RULES:
            raise RuleError(f"to_frame: unknown tie rule {ties!r}; use one of {', '.join(TIE_RULES)}")
        rounding = Rounding(digits if digits is not None else 2, ties, tuple(self.players))
        amounts, total = self.reconciled(rounding.digits)
        percent = rounding.percentages(amounts, total)
        columns = {
            "value": [self.values[p] for p in self.players],
            "exact": [self.exact[p] if self.exact is not None else None for p in self.players],
            "percent": [float(percent[p]) if percent else float("nan") for p in self.players],
        }
        if digits is not None:
            rounded = rounding.column(amounts, total)
            columns["rounded"] = [rounded[p] for p in self.players]
        if self.stderr is not None:
            columns["stderr"] = [self.stderr[p] for p in self.players]
        return pandas.DataFrame(columns, index=pandas.Index(list(self.players), name="member"))


def make_allocation(game, rule, floats, exact=None, method="", **details) -> Allocation:
    """Build an Allocation from per-player floats (and exact Fractions) in the game's player order."""
    exact_values = None
    if exact is not None:
        exact_values = {player: Fraction(value) for player, value in zip(game.players, exact, strict=True)}
        values = {player: float(value) for player, value in exact_values.items()}
    else:
        values = {player: float(value) for player, value in zip(game.players, floats, strict=True)}
    return Allocation(
        rule=rule,
        players=game.players,
        values=values,
        exact=exact_values,
        kind=game.kind,
        method=method,
        grand_value=game.grand_value,
        exact_grand_value=game.exact_grand_value,
        details=details,
    )
