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

    def to_frame(self, digits: int | None = None):
        """The allocation as a pandas DataFrame, one row per player in order (needs pandas).

        Columns: ``member``; ``value`` (float); ``exact`` (a Fraction, or None where the rule is not exact);
        ``percent`` of the allocation's total, reconciled to sum to exactly 100.00 (NaN when the total is 0); with
        ``digits``, ``rounded`` (Decimal, reconciled to the rounded total, :mod:`ipshare.exact`); ``stderr`` for a
        sampled rule.

        Examples
        --------
        >>> from ipshare.games import table_game
        >>> allocate(table_game(["A", "B"], {"A": 1, "A+B": 3}), "shapley").to_frame(digits=2)
          member  value exact  percent rounded
        0      A    2.0     2    66.67    2.00
        1      B    1.0     1    33.33    1.00
        """
        from ..exact import percentages, round_reconciled
        from ..optional import optional_import

        pandas = optional_import("pandas", package="pandas", needed_for="Allocation.to_frame()")
        exact = self.exact or {player: Fraction(value) for player, value in self.values.items()}
        percent = percentages(exact)
        columns = {
            "member": list(self.players),
            "value": [self.values[p] for p in self.players],
            "exact": [self.exact[p] if self.exact is not None else None for p in self.players],
            "percent": [float(percent[p]) if percent else float("nan") for p in self.players],
        }
        if digits is not None:
            rounded = round_reconciled(exact, digits)
            columns["rounded"] = [rounded[p] for p in self.players]
        if self.stderr is not None:
            columns["stderr"] = [self.stderr[p] for p in self.players]
        return pandas.DataFrame(columns)


@dataclass(frozen=True)
class Rule:
    name: str
    summary: str
    module: str
    function: str
    options: tuple[str, ...] = ()  # keyword options the rule accepts (e.g. certify, solver)
    lazy: bool = False  # works on games without a dense table (ipshare.structure); others get game.dense()

    def supported(self, options: dict) -> dict:
        """The subset of ``options`` this rule accepts (the command line offers options that only some rules use)."""
        return {key: value for key, value in options.items() if key in self.options}

    def __call__(self, game, **options):
        implementation = getattr(importlib.import_module(self.module, __package__), self.function)
        return implementation(game, **options)


RULES: dict[str, Rule] = {
    rule.name: rule
    for rule in (
        Rule("equal", "the grand value split equally among all members", ".proportional", "equal_split", lazy=True),
        Rule(
            "proportional",
            "pro rata by contribution value (classic games: claims, weights, costs or stand-alone values)",
            ".proportional",
            "proportional",
            lazy=True,
        ),
        Rule(
            "graph-flow",
            "each revenue source flows back through its patents to their contributions and members (patent-pool"
            " pro rata)",
            ".proportional",
            "graph_flow",
            lazy=True,
        ),
        Rule(
            "shapley",
            "average marginal contribution over all orders of joining (Shapley 1953); Shapley-Shubik on voting games",
            ".shapley",
            "shapley_value",
            ("sampling",),
            lazy=True,
        ),
        Rule(
            "banzhaf",
            "raw Banzhaf value: average marginal contribution over all coalitions",
            ".banzhaf",
            "banzhaf_value",
            ("sampling",),
            lazy=True,
        ),
        Rule(
            "banzhaf-normalized",
            "Banzhaf value scaled to sum to the grand value",
            ".banzhaf",
            "normalized_banzhaf_value",
            ("sampling",),
            lazy=True,
        ),
        Rule(
            "shapley-sampled",
            "Shapley value estimated from sampled joining orders, with standard errors (Castro et al. 2009, 2017)",
            ".sampling",
            "sampled_shapley",
            ("sampling",),
            lazy=True,
        ),
        Rule(
            "banzhaf-sampled",
            "raw Banzhaf value estimated from sampled coalitions, with standard errors",
            ".sampling",
            "sampled_banzhaf",
            ("sampling",),
            lazy=True,
        ),
        Rule(
            "owen",
            "Shapley value with a priori unions (blocs) that join as wholes (Owen 1977)",
            ".owen",
            "owen_value",
            ("sampling",),
            lazy=True,
        ),
        Rule(
            "myerson",
            "Shapley value of the game restricted to who can cooperate directly (Myerson 1977)",
            ".myerson",
            "myerson_value",
            ("sampling",),
            lazy=True,
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
        Rule(
            "core-lp",
            "the allocation within the agreement's clauses nearest a rule (default shapley), or their least core or"
            " nucleolus (--objective)",
            ".core_lp",
            "core_lp",
            ("objective", "solver", "clauses"),
        ),
        Rule(
            "least-core",
            "the least core's centre (the prenucleolus); details give the least-core epsilon (empty core if > 0)",
            ".core",
            "least_core",
            ("certify",),
        ),
        # Rules for comparison (docs/rules.md): the τ-value, bargaining solutions, weighted and per-capita variants.
        Rule("tau", "the tau-value: utopia payoffs and minimal rights compromised (Tijs 1981); quasi-balanced games",
             ".tau", "tau_value"),
        Rule("ensc", "each member's separable contribution v(N) - v(N-i), the remainder split equally", ".tau", "ensc",
             lazy=True),
        Rule("equal-surplus", "stand-alone values plus an equal share of the surplus (equal surplus division)",
             ".bargaining", "equal_surplus", lazy=True),
        Rule("egalitarian", "old name of equal-surplus (warns once); the Dutta-Ray egalitarian solution is dutta-ray",
             ".bargaining", "egalitarian", lazy=True),
        Rule("nash", "Nash bargaining: the disagreement payoffs plus an equal share of the surplus (Nash 1950)",
             ".bargaining", "nash", lazy=True),
        Rule("nash-weighted", "asymmetric Nash bargaining: the surplus shared by bargaining weights (Kalai 1977)",
             ".bargaining", "nash_weighted", lazy=True),
        Rule("kalai-smorodinsky", "the surplus shared in proportion to each member's utopia gain over its "
             "disagreement payoff (Kalai & Smorodinsky 1975)", ".bargaining", "kalai_smorodinsky", lazy=True),
        Rule("shapley-weighted", "weighted Shapley value: each Harsanyi dividend split by weights (Kalai & Samet 1987)",
             ".weighted", "weighted_shapley_value"),
        Rule("per-capita-nucleolus", "the nucleolus with each coalition's excess divided by its size (Young et al."
             " 1982)", ".nucleolus_variants", "per_capita_nucleolus", ("certify",)),
        Rule("modiclus", "the modified nucleolus: lexicographically smallest excess differences (Sudholter 1997);"
             " at most 10 members", ".nucleolus_variants", "modiclus", ("certify",)),
        # Cost-allocation practice and the alliance literature (docs/risk.md).
        Rule("scrb", "separable costs remaining benefits: separable costs, the rest by remaining benefit (Young,"
             " Okada & Hashimoto 1982)", ".separable", "scrb"),
        Rule("aca", "alternative cost avoided: separable costs, the rest in proportion to c(i) - SC_i (Straffin &"
             " Heaney 1981)", ".separable", "alternative_cost_avoided"),
        Rule("risk-adjusted-shapley", "Shapley value corrected by risk factors: phi_i + (R_i - 1/n) v(N), R from"
             " agreement.risk_factors", ".risk_adjusted", "risk_adjusted_shapley"),
        Rule("talmud", "bankruptcy games: the Talmud rule (equals the nucleolus, Aumann & Maschler 1985)", ".claims",
             "talmud"),
        Rule("proportional-claims", "bankruptcy games: the estate pro rata to the claims", ".claims",
             "proportional_claims"),
        Rule("cea", "bankruptcy games: constrained equal awards (equal shares, capped at each claim)", ".claims",
             "constrained_equal_awards"),
        Rule("cel", "bankruptcy games: constrained equal losses (equal losses, floored at zero)", ".claims",
             "constrained_equal_losses"),
        # The rules of issue 17 (docs/rules.md, "More rules from the literature"). lazy=True: each checks its own
        # size limit before it asks for the table (solutions/dense.py), instead of having a table built first.
        Rule("gately", "equal propensity to disrupt: the surplus shared in proportion to v(N) - v(N-i) - v(i)"
             " (Gately 1974)", ".gately", "gately_point", lazy=True),
        Rule("dutta-ray", "the egalitarian solution: the Lorenz-fairest core split of a convex game (Dutta & Ray"
             " 1989)", ".egalitarian", "dutta_ray", lazy=True),
        Rule("banzhaf-owen", "Banzhaf value with a priori unions: Banzhaf among the unions and inside each (Owen"
             " 1982)", ".banzhaf_owen", "banzhaf_owen_value", lazy=True),
        Rule("kernel", "a point of the kernel (equal maximum surpluses between members): the nucleolus (Davis &"
             " Maschler 1965)", ".kernel", "kernel", ("certify",), lazy=True),
        Rule("prekernel", "a point of the prekernel (the kernel without x_i >= v(i)): the prenucleolus",
             ".kernel", "prekernel", ("certify",), lazy=True),
        Rule("proportional-nucleolus", "the nucleolus of the relative excesses (v(S) - x(S))/v(S) (Young, Okada &"
             " Hashimoto 1982)", ".nucleolus_family", "proportional_nucleolus", lazy=True),
        Rule("disruption-nucleolus", "the core split that lexicographically minimises the propensities to disrupt"
             " (Littlechild & Vaidya 1976)", ".nucleolus_family", "disruption_nucleolus", lazy=True),
        Rule("solidarity", "Shapley with each marginal contribution replaced by the coalition's average one"
             " (Nowak & Radzik 1994)", ".solidarity", "solidarity_value", lazy=True),
        Rule("chi", "the chi-value: a compromise between largest marginal contributions and concessions"
             " (Bergantinos & Masso 1996)", ".chi", "chi_value", lazy=True),
        Rule("core-center", "the centre of gravity of the core (Gonzalez-Diaz & Sanchez-Rodriguez 2007); at most 6"
             " members", ".core_center", "core_center", lazy=True),
        Rule("deegan-packel", "simple games: each minimal winning coalition equally likely, split equally inside"
             " (Deegan & Packel 1978)", ".power_indices", "deegan_packel", lazy=True),
        Rule("johnston", "simple games: each winning coalition's win shared by its critical members, normalised"
             " (Johnston 1978)", ".power_indices", "johnston", lazy=True),
        Rule("public-good", "simple games: minimal winning coalitions a member is in, normalised (Holler 1982)",
             ".power_indices", "public_good", lazy=True),
        Rule("coleman-prevent", "simple games: the share of winning coalitions a member can block (Coleman 1971)",
             ".power_indices", "coleman_prevent", lazy=True),
        Rule("coleman-initiate", "simple games: the share of losing coalitions a member can turn (Coleman 1971)",
             ".power_indices", "coleman_initiate", lazy=True),
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
    from ..structure import LazyGame

    if not isinstance(game, Game | LazyGame):
        game = scenario_game(game)
    try:
        chosen = RULES[rule]
    except KeyError:
        import difflib

        close = difflib.get_close_matches(str(rule), RULES, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise RuleError(f"unknown rule {rule!r}{hint} (known: {', '.join(RULES)})") from None
    from ..deadline import TimeLimitReached
    from ..lp import LPError

    try:
        if isinstance(game, LazyGame) and not chosen.lazy:
            game = game.dense()
        return chosen(game, **options)
    except TimeLimitReached as error:
        if error.what is None:
            error.what = rule  # the computation that ran out of time did not know which rule it served
        raise
    except LPError as error:
        # A solver or numerical failure, reported (exit 4) with the rule it stopped, in the error's own type.
        if not str(error).startswith(f"{rule}:"):
            error.args = (f"{rule}: {error}",)
        raise


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
