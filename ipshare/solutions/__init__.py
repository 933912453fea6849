"""Sharing rules: pure functions from a :class:`~ipshare.games.Game` to an :class:`Allocation`.

:data:`RULES` maps each rule's name to its function and a one-line description; :func:`allocate` is the single
entry point the command line and notebooks use. The rule modules are imported only when a rule is run.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from fractions import Fraction

from ..errors import RuleError

__all__ = ["Allocation", "Rule", "RULES", "allocate", "rule_names"]


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

    @property
    def total(self) -> float:
        return sum(self.values.values())

    def __getitem__(self, player):
        return self.values[player]


@dataclass(frozen=True)
class Rule:
    name: str
    summary: str
    module: str
    function: str
    options: tuple[str, ...] = ()  # keyword options the rule accepts (e.g. certify, solver)

    def supported(self, options: dict) -> dict:
        """The subset of ``options`` this rule accepts (the command line offers options that only some rules use)."""
        return {key: value for key, value in options.items() if key in self.options}

    def __call__(self, game, **options):
        implementation = getattr(importlib.import_module(self.module, __package__), self.function)
        return implementation(game, **options)


RULES: dict[str, Rule] = {
    rule.name: rule
    for rule in (
        Rule("equal", "the grand value split equally among all members", ".proportional", "equal_split"),
        Rule(
            "proportional",
            "pro rata by contribution value (classic games: claims, weights, costs or stand-alone values)",
            ".proportional",
            "proportional",
        ),
        Rule(
            "graph-flow",
            "each revenue source flows back through its patents to their contributions and members (patent-pool"
            " pro rata)",
            ".proportional",
            "graph_flow",
        ),
        Rule(
            "shapley",
            "average marginal contribution over all orders of joining (Shapley 1953); Shapley-Shubik on voting games",
            ".shapley",
            "shapley_value",
        ),
        Rule(
            "banzhaf",
            "raw Banzhaf value: average marginal contribution over all coalitions",
            ".banzhaf",
            "banzhaf_value",
        ),
        Rule(
            "banzhaf-normalized",
            "Banzhaf value scaled to sum to the grand value",
            ".banzhaf",
            "normalized_banzhaf_value",
        ),
        Rule(
            "nucleolus",
            "the imputation that satisfies the most dissatisfied coalition first, then the next (Schmeidler 1969)",
            ".nucleolus",
            "nucleolus",
            ("certify", "constraints"),
        ),
        Rule(
            "prenucleolus",
            "the nucleolus without the stand-alone floor x_i >= v(i)",
            ".nucleolus",
            "prenucleolus",
            ("certify", "constraints"),
        ),
    )
}


def rule_names() -> tuple[str, ...]:
    return tuple(RULES)


def allocate(game, rule: str = "shapley", **options) -> Allocation:
    """Allocate ``game`` (a :class:`~ipshare.games.Game`, or a Scenario whose game is built) by ``rule``.

    Examples
    --------
    >>> from ipshare.games import table_game
    >>> game = table_game(["A", "B", "C"], {"A": 6, "B": 12, "C": 42, "A+B": 12, "A+C": 42, "B+C": 42,
    ...                                     "A+B+C": 42})
    >>> allocate(game, "shapley").values    # SageMath's CooperativeGame example
    {'A': 2.0, 'B': 5.0, 'C': 35.0}
    """
    from ..games import Game, scenario_game

    if not isinstance(game, Game):
        game = scenario_game(game)
    try:
        chosen = RULES[rule]
    except KeyError:
        import difflib

        close = difflib.get_close_matches(str(rule), RULES, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise RuleError(f"unknown rule {rule!r}{hint} (known: {', '.join(RULES)})") from None
    return chosen(game, **options)


def _allocation(game, rule, floats, exact=None, method="", **details) -> Allocation:
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
