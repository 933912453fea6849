"""The registry of sharing rules and the one entry point that runs them.

Rules are pure functions from a game (:mod:`ipshare.games`) to an :class:`~ipshare.solutions.allocation.Allocation`.

:data:`RULES` maps each rule's name to its function and a one-line description; :func:`allocate` is the single
entry point the command line and notebooks use. The rule modules are imported only when a rule is run.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass

from ..errors import GameError, RuleError
from ..rule_names import RULE_NAMES
from .allocation import Allocation

__all__ = ["Rule", "RULES", "OPTION_HELP", "allocate", "rule_names"]


# What each option of a rule means, by keyword of :func:`allocate` (the command line's flag in brackets). A rule
# may say more about an option in its ``notes``. ``sampling`` in a rule's options stands for the sampling keywords.
OPTION_HELP = {
    "samples": "number of samples to draw, a whole number of at least 2 (default 1000, or chosen from `tolerance`)"
    " [--samples]",
    "tolerance": "instead of `samples`: sample until every confidence half-width is at most this amount (> 0)"
    " [--tolerance]",
    "confidence": "confidence level of the intervals, strictly between 0 and 1 (default 0.95) [--confidence]",
    "seed": "seed of the random draws, a whole number of at least 0 (default 0): the same seed, the same estimate"
    " [--seed]",
    "max_samples": "with `tolerance`: draw at most this many samples (default 1,000,000)",
    "method": "how joining orders are sampled: 'permutation' (antithetic pairs, default) or 'stratified' (by"
    " position; docs/scale.md) [--sampling-method]",
    "progress": "a function progress(done, total) called between batches of samples (the command line draws a bar)",
    "sampling": "the sampling keywords above as one ipshare.solutions.sampling.Sampling object, instead of them",
    "exact": "True: also compute exact rationals (the game's values must be exact); False: floats only; None"
    " (default): exactly when the game's values are exact and it has at most 16 players",
    "certify": "True: re-verify the result exactly in rationals (Kohlberg's criterion; games with rational values,"
    " at most 16 players), else an error; default: a numerical certificate [--certify]",
    "constraints": "further linear constraints (ipshare.solutions.nucleolus.LinearConstraint) the point must meet;"
    " core-lp passes the agreement's clauses this way",
    "clauses": "the clauses to meet, as ipshare.model.Clause objects or mappings written as in"
    " agreement.clauses; default: the scenario's agreement.clauses (none for a game built in Python)",
    "objective": "closest:RULE (default closest:shapley), closest:RULE:linf, maxmin, maxmin:RULE or nucleolus"
    " (docs/clauses.md) [--objective]",
    "solver": "LP solver for the clause LPs: 'highs' (default) or 'cbc' [--solver]",
    "weights": "a weight per member (a mapping member -> number); default from the scenario",
    "disagreement": "the threat point: a mapping member -> amount (costs in a cost game); members not listed keep"
    " their stand-alone value v({i}); default: the scenario's bargaining.disagreement",
    "unions": "a priori unions: a list of lists of members covering every member once; default: the game's"
    " unions (game.unions, or agreement.blocs in an alliance)",
    "links": "the cooperation graph: pairs of members; default: the game's cooperation (an alliance: its contract"
    " graph)",
    "benefits": "each member's benefit b_i (a mapping member -> amount); default: its alternative cost c({i})",
    "shares": "each member's risk factor R_i (a mapping member -> number, summing to 1); default: from"
    " agreement.risk_factors",
}
# The keywords that make up a Sampling (``sampling`` in a rule's options). ``method`` is listed by the Shapley
# rules only: the Banzhaf, Owen and Myerson samplers have a single method.
SAMPLING_KEYWORDS = ("samples", "tolerance", "confidence", "seed", "max_samples", "progress")
_SAMPLED_WHEN_LARGE = "used only when the game is too large to compute exactly; the value is then estimated"


@dataclass(frozen=True)
class Rule:
    """A sharing rule of :data:`RULES`: its name, a one-line summary, where it lives and the options it takes.

    ``options`` are the keywords :func:`allocate` passes on to the rule (``sampling`` standing for the sampling
    keywords, see :attr:`keywords`); ``notes`` say what an option means for this rule where :data:`OPTION_HELP`
    does not say it all; :attr:`help` is the full text ``ipshare rules RULE`` shows.
    """

    name: str
    summary: str
    module: str
    function: str
    options: tuple[str, ...] = ()  # keyword options the rule accepts (e.g. certify, solver)
    lazy: bool = False  # works on games without a dense table (ipshare.games.lazy); others get game.dense()
    notes: tuple[tuple[str, str], ...] = ()  # (option, what it means for this rule), instead of OPTION_HELP's

    @property
    def keywords(self) -> tuple[str, ...]:
        """Every keyword :func:`allocate` accepts for this rule, in the order :attr:`help` lists them."""
        names = []
        for option in self.options:
            if option == "sampling":
                names.extend(SAMPLING_KEYWORDS)
                if "method" in self.options:
                    names.append("method")
            names.append(option)
        return tuple(dict.fromkeys(names))

    def option_help(self) -> dict[str, str]:
        """keyword -> what it means for this rule, for every keyword in :attr:`keywords`."""
        notes = dict(self.notes)
        return {keyword: notes.get(keyword, OPTION_HELP[keyword]) if keyword != "sampling" else OPTION_HELP[keyword]
                for keyword in self.keywords}

    @property
    def help(self) -> str:
        """The summary and every option with what it means, as ``ipshare rules RULE`` shows it."""
        lines = [f"{self.name}: {self.summary}"]
        if not self.keywords:
            return lines[0] + "\noptions: none\n"
        lines.append("options (keywords of ipshare.allocate; in brackets the command line's flag, where there is one;"
                     " the command line takes the others from the scenario):")
        notes = dict(self.notes)
        for keyword, text in self.option_help().items():
            if keyword == SAMPLING_KEYWORDS[0] and "sampling" in notes:
                group = [k for k in self.keywords if k in _SAMPLING_FIELDS]
                lines.append(f"  sampling keywords ({', '.join(group)}, sampling): {notes['sampling']}")
            lines.append(f"  {keyword}: {text}")
        return "\n".join(lines) + "\n"

    def supported(self, options: dict) -> dict:
        """The subset of ``options`` this rule accepts (the command line offers options that only some rules use)."""
        return {key: value for key, value in options.items() if key in self.keywords}

    def arguments(self, options: dict, players=None) -> dict:
        """``options`` checked and made into the rule function's keyword arguments (the sampling keywords become
        one :class:`~ipshare.solutions.sampling.Sampling`). ``players``, the game's, are checked against the
        members an option names.

        Raises
        ------
        RuleError
            An option this rule does not take (naming the ones it takes), or a value of the wrong kind or out of
            its range (naming the option).
        """
        accepted = self.keywords
        for key in options:
            if key not in accepted:
                raise RuleError(f"{self.name}: {_not_an_option(key, accepted)}")
        # None is an option left at its default: not passed on (a rule's own default then applies).
        arguments = {key: value for key, value in options.items() if key not in _SAMPLING_FIELDS and value is not None}
        for key, value in arguments.items():
            check = _CHECKS.get(key)
            if check is not None:
                problem = check(value, _Context(self.name, tuple(players) if players is not None else None))
                if problem:
                    raise RuleError(f"{self.name}: {key} {problem}")
        fields = {key: value for key, value in options.items() if key in _SAMPLING_FIELDS and value is not None}
        if fields:
            arguments["sampling"] = _sampling(self.name, fields, arguments.get("sampling"))
        return arguments

    def __call__(self, game, **options):
        implementation = getattr(importlib.import_module(self.module, __package__), self.function)
        return implementation(game, **options)


_SAMPLING_FIELDS = (*SAMPLING_KEYWORDS, "method")


def _not_an_option(key, accepted) -> str:
    takes = f"it takes {', '.join(accepted)}" if accepted else "it takes no options"
    if key in OPTION_HELP:
        return f"does not take the option {key!r}; {takes}"
    import difflib

    close = difflib.get_close_matches(str(key), accepted, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown option {key!r}{hint}; {takes}"


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _is_whole(value) -> bool:
    import numbers

    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _is_real(value) -> bool:
    """A number a float can hold: finite, within float's range (not a bool, not text)."""
    import math
    import numbers

    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(float(value))
    except (OverflowError, ValueError):
        return False


@dataclass(frozen=True)
class _Context:
    rule: str
    players: tuple[str, ...] | None


def _flag(value, context):
    return None if isinstance(value, bool) else f"must be True, False or None, not {_shown(value)}"


def _solver(value, context):
    from ..lp import SOLVERS

    if not isinstance(value, str) or value.lower() not in SOLVERS:
        return f"must be one of {', '.join(SOLVERS)}, not {_shown(value)}"
    return None


def _objective(value, context):
    from .core_lp import Objective

    if isinstance(value, str | Objective):
        return None
    return f"must be text such as 'closest:shapley' or 'nucleolus', not {_shown(value)}"


def _sampling_object(value, context):
    from .sampling import Sampling

    if isinstance(value, Sampling):
        return None
    return f"must be an ipshare.solutions.sampling.Sampling, not {_shown(value)}"


def _is_amount(value) -> bool:
    """A finite number, kept exact by the rules: an int, a Fraction, a finite Decimal or float (not a bool, text)."""
    import numbers
    from decimal import Decimal

    if isinstance(value, Decimal):
        return value.is_finite()
    if isinstance(value, numbers.Rational) and not isinstance(value, bool):
        return True
    return _is_real(value)


def _unknown_player(names, context):
    if context.players is None:
        return None
    unknown = [name for name in names if name not in context.players]
    if unknown:
        return f"names {_shown(unknown[0])}, not a member of this game (members: {', '.join(context.players)})"
    return None


def _member_amounts(every=False, minimum=None):
    """A mapping member -> finite number (``every``: for every member; ``minimum``: no number below it)."""

    def check(value, context):
        if not isinstance(value, Mapping):
            return f"must be a mapping of member to number, not {_shown(value)}"
        problem = _unknown_player(value, context)
        if problem:
            return problem
        for member, amount in value.items():
            if not _is_amount(amount):
                return f"must give each member a finite number, but {member} has {_shown(amount)}"
            if minimum is not None and amount < minimum:
                return f"must give each member at least {minimum}, but {member} has {_shown(amount)}"
        if every and context.players is not None:
            missing = [player for player in context.players if player not in value]
            if missing:
                return f"must give every member a number; missing {', '.join(missing)}"
        return None

    return check


def _weights(value, context):
    from ..model.types import WEIGHT_SOURCES

    if context.rule in _WEIGHT_SOURCE_RULES and isinstance(value, str):
        if value not in WEIGHT_SOURCES:
            return f"must be {' or '.join(WEIGHT_SOURCES)}, or a weight per member, not {_shown(value)}"
        return None
    return _member_amounts(minimum=0)(value, context)


def _member_lists(size=None, what="lists of members"):
    def check(value, context):
        if isinstance(value, str | bytes | Mapping) or not isinstance(value, Sequence | Set):
            return f"must be a list of {what}, not {_shown(value)}"
        for group in value:
            if isinstance(group, str | bytes | Mapping) or not isinstance(group, Sequence | Set):
                return f"must be a list of {what}, but one item is {_shown(group)}"
            if size is not None and len(group) != size:
                return f"must be a list of {what}, but {_shown(group)} has {len(group)}"
            if not all(isinstance(member, str) for member in group):
                return f"must name members by their ids (text), but one item is {_shown(group)}"
            problem = _unknown_player(group, context)
            if problem:
                return problem
        return None

    return check


def _sequence_of(kind, what):
    def check(value, context):
        if isinstance(value, str | bytes | Mapping) or not isinstance(value, Sequence | Set):
            return f"must be a list of {what}, not {_shown(value)}"
        if kind is not None:
            wrong = [item for item in value if not isinstance(item, kind())]
            if wrong:
                return f"must be a list of {what}, but one item is {_shown(wrong[0])}"
        return None

    return check


def _linear_constraint():
    from .nucleolus import LinearConstraint

    return LinearConstraint


# Rules whose ``weights`` may also be a source ("equal", "proportional") rather than a weight per member.
_WEIGHT_SOURCE_RULES = ("nash-weighted", "shapley-weighted")
_CHECKS = {
    "certify": _flag,
    "exact": _flag,
    "solver": _solver,
    "objective": _objective,
    "sampling": _sampling_object,
    "weights": _weights,
    "disagreement": _member_amounts(),
    "benefits": _member_amounts(every=True),
    "shares": _member_amounts(every=True),
    "unions": _member_lists(),
    "links": _member_lists(size=2, what="pairs of members"),
    "clauses": _sequence_of(None, "clauses (mappings written as in agreement.clauses, or Clause objects)"),
    "constraints": _sequence_of(_linear_constraint, "ipshare.solutions.nucleolus.LinearConstraint"),
}


def _sampling(rule, fields, given):
    """The Sampling that the sampling keywords ``fields`` describe, each value checked (RuleError naming ``rule``)."""
    from .sampling import SHAPLEY_METHODS, Sampling

    if given is not None:
        named = ", ".join(f"{key}=" for key in fields)
        raise RuleError(f"{rule}: give sampling=Sampling(...) or the keywords {named}, not both")
    if "samples" in fields and "tolerance" in fields:
        raise RuleError(f"{rule}: give samples or tolerance, not both")
    problems = {
        "samples": lambda v: None if _is_whole(v) and v >= 2 else "must be a whole number of at least 2",
        "max_samples": lambda v: None if _is_whole(v) and v >= 2 else "must be a whole number of at least 2",
        "seed": lambda v: None if _is_whole(v) and v >= 0 else "must be a whole number of at least 0",
        "tolerance": lambda v: None if _is_real(v) and v > 0 else "must be a finite number above 0",
        "confidence": lambda v: None if _is_real(v) and 0 < v < 1 else "must be a number strictly between 0 and 1",
        "method": lambda v: None if v in SHAPLEY_METHODS else f"must be one of {', '.join(SHAPLEY_METHODS)}",
        "progress": lambda v: None if callable(v) else "must be a function progress(done, total)",
    }
    for key, value in fields.items():
        problem = problems[key](value)
        if problem:
            raise RuleError(f"{rule}: {key} {problem}, not {_shown(value)}")
    converted = {key: int(value) if key in ("samples", "max_samples", "seed") else value
                 for key, value in fields.items()}
    for key in ("tolerance", "confidence"):
        if key in converted:
            converted[key] = float(converted[key])
    try:
        return Sampling(**converted)
    except GameError as error:  # a value at the end of its range (a confidence within 1e-16 of 1)
        raise RuleError(f"{rule}: {error}") from None


_LARGE = (("sampling", _SAMPLED_WHEN_LARGE),)


RULES: dict[str, Rule] = {
    rule.name: rule
    for rule in (
        Rule("equal", "the grand value split equally among all members", ".proportional", "equal_split", lazy=True),
        Rule(
            "proportional",
            "pro rata by contribution value (classic games: claims, weights, costs or stand-alone values)",
            ".proportional",
            "proportional",
            ("weights",),
            lazy=True,
            notes=(("weights", "the weight of each member (a mapping member -> non-negative number; members not"
                    " listed weigh 0); default: contribution value in an alliance, else claims, voting weights,"
                    " costs or stand-alone values"),),
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
            ("exact", "sampling", "method"),
            lazy=True,
            notes=_LARGE,
        ),
        Rule(
            "banzhaf",
            "raw Banzhaf value: average marginal contribution over all coalitions",
            ".banzhaf",
            "banzhaf_value",
            ("exact", "sampling"),
            lazy=True,
            notes=_LARGE,
        ),
        Rule(
            "banzhaf-normalized",
            "Banzhaf value scaled to sum to the grand value",
            ".banzhaf",
            "normalized_banzhaf_value",
            ("exact", "sampling"),
            lazy=True,
            notes=_LARGE,
        ),
        Rule(
            "shapley-sampled",
            "Shapley value estimated from sampled joining orders, with standard errors (Castro et al. 2009, 2017)",
            ".sampling",
            "sampled_shapley",
            ("sampling", "method"),
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
            ("unions", "exact", "sampling"),
            lazy=True,
            notes=_LARGE,
        ),
        Rule(
            "myerson",
            "Shapley value of the game restricted to who can cooperate directly (Myerson 1977)",
            ".myerson",
            "myerson_value",
            ("links", "exact", "sampling"),
            lazy=True,
            notes=_LARGE,
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
             ".bargaining", "nash", ("disagreement",), lazy=True),
        Rule("nash-weighted", "asymmetric Nash bargaining: the surplus shared by bargaining weights (Kalai 1977)",
             ".bargaining", "nash_weighted", ("weights", "disagreement"), lazy=True,
             notes=(("weights", "the bargaining weights: a mapping member -> non-negative number (not all 0) for"
                     " every member, or 'equal' or 'proportional'; default: the scenario's bargaining.weights, else"
                     " proportional"),)),
        Rule("kalai-smorodinsky", "the surplus shared in proportion to each member's utopia gain over its "
             "disagreement payoff (Kalai & Smorodinsky 1975)", ".bargaining", "kalai_smorodinsky", ("disagreement",),
             lazy=True),
        Rule("shapley-weighted", "weighted Shapley value: each Harsanyi dividend split by weights (Kalai & Samet 1987)",
             ".weighted", "weighted_shapley_value", ("weights", "exact"),
             notes=(("weights", "a mapping member -> positive number for every member, or 'equal' or"
                     " 'proportional'; default: the scenario's shapley_weights, else proportional"),)),
        Rule("per-capita-nucleolus", "the nucleolus with each coalition's excess divided by its size (Young et al."
             " 1982)", ".nucleolus_variants", "per_capita_nucleolus", ("certify",)),
        Rule("modiclus", "the modified nucleolus: lexicographically smallest excess differences (Sudholter 1997);"
             " at most 10 members", ".nucleolus_variants", "modiclus", ("certify",)),
        # Cost-allocation practice and the alliance literature (docs/risk.md).
        Rule("scrb", "separable costs remaining benefits: separable costs, the rest by remaining benefit (Young,"
             " Okada & Hashimoto 1982)", ".separable", "scrb", ("benefits",)),
        Rule("aca", "alternative cost avoided: separable costs, the rest in proportion to c(i) - SC_i (Straffin &"
             " Heaney 1981)", ".separable", "alternative_cost_avoided"),
        Rule("risk-adjusted-shapley", "Shapley value corrected by risk factors: phi_i + (R_i - 1/n) v(N), R from"
             " agreement.risk_factors", ".risk_adjusted", "risk_adjusted_shapley", ("shares",)),
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
             " 1982)", ".banzhaf_owen", "banzhaf_owen_value", ("unions",), lazy=True),
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


if tuple(RULES) != RULE_NAMES:  # the model validates rule names against the plain list at the bottom
    raise RuntimeError("ipshare.rule_names.RULE_NAMES must list the names of RULES, in order")


def rule_names() -> tuple[str, ...]:
    return tuple(RULES)


def _install_resolver():
    """Rules that need other rules' allocations (core-lp, near clauses) get them from :func:`allocate`."""
    from .clauses import use_resolver

    use_resolver(allocate)


def allocate(game, rule: str = "shapley", **options) -> Allocation:
    """Allocate ``game`` by ``rule``: the single entry point of every sharing rule.

    Parameters
    ----------
    game : Game
        A :class:`~ipshare.games.Game` (or a game kept by its structure), or a
        :class:`~ipshare.model.Scenario`, whose game (:func:`~ipshare.alliance.scenario_game`) is built.
    rule : str
        A name in :data:`RULES` (``ipshare rules`` lists them, ``ipshare rules RULE`` shows one's options).
    **options
        The rule's options, by keyword. Each rule takes only its own (``RULES[rule].keywords``, explained in
        ``RULES[rule].help``); any other keyword is refused with a :class:`~ipshare.errors.RuleError` that names
        the rule and the options it takes.

        Sampled estimates (``shapley-sampled``, ``banzhaf-sampled``; ``shapley``, ``banzhaf``,
        ``banzhaf-normalized``, ``owen`` and ``myerson`` too, when the game is too large to compute exactly):

        - ``samples`` -- how many samples (a whole number of at least 2; default 1000);
        - ``tolerance`` -- instead of ``samples``: sample until every confidence half-width is at most this;
        - ``confidence`` -- the intervals' confidence level, between 0 and 1 (default 0.95);
        - ``seed`` -- the random seed, a whole number of at least 0 (default 0): results are reproducible;
        - ``max_samples`` -- with ``tolerance``, the most samples drawn (default 1,000,000);
        - ``method`` -- Shapley rules only: ``"permutation"`` (default) or ``"stratified"``;
        - ``progress`` -- a function ``progress(done, total)`` called between batches;
        - ``sampling`` -- all of these as one :class:`~ipshare.solutions.sampling.Sampling` instead.

        Exact and LP rules:

        - ``exact`` -- ``shapley``, ``banzhaf``, ``banzhaf-normalized``, ``owen``, ``myerson``,
          ``shapley-weighted``: ``True`` to compute exact rationals too, ``False`` for floats only (default: when
          the game's values are exact and it has at most 16 players);
        - ``certify`` -- ``nucleolus``, ``prenucleolus``, ``least-core``, ``per-capita-nucleolus``, ``modiclus``:
          ``True`` re-verifies the result exactly (Kohlberg's criterion);
        - ``constraints`` -- ``nucleolus``, ``prenucleolus``: further linear constraints on the point;
        - ``objective``, ``solver``, ``clauses`` -- ``core-lp``: what to optimise (``"closest:shapley"``,
          ``"closest:RULE:linf"``, ``"maxmin"``, ``"nucleolus"``), the LP solver (``"highs"`` or ``"cbc"``) and
          the clauses (default: the scenario's).

        Parameters of particular rules (default: from the scenario):

        - ``weights`` -- ``proportional``, ``nash-weighted``, ``shapley-weighted``: a weight per member (the last
          two also ``"equal"`` or ``"proportional"``);
        - ``disagreement`` -- ``nash``, ``nash-weighted``, ``kalai-smorodinsky``: the threat point, member ->
          amount;
        - ``unions`` -- ``owen``: a priori unions, lists of members;
        - ``links`` -- ``myerson``: the cooperation graph, pairs of members;
        - ``benefits`` -- ``scrb``: each member's benefit;
        - ``shares`` -- ``risk-adjusted-shapley``: each member's risk factor R_i.

    Returns
    -------
    Allocation

    Raises
    ------
    RuleError
        An unknown rule, an option the rule does not take or a value out of range, or a rule undefined on this
        game. A solver failure raises :class:`~ipshare.lp.LPError` (exit status 4 on the command line).

    Examples
    --------
    >>> from ipshare.games import table_game
    >>> game = table_game(["A", "B", "C"], {"A": 6, "B": 12, "C": 42, "A+B": 12, "A+C": 42, "B+C": 42,
    ...                                     "A+B+C": 42})
    >>> allocate(game, "shapley").values    # SageMath's CooperativeGame example
    {'A': 2.0, 'B': 5.0, 'C': 35.0}
    >>> sampled = allocate(game, "shapley-sampled", samples=200, seed=1)
    >>> sampled.details["samples"], sampled.details["seed"]
    (200, 1)
    >>> allocate(game, "shapley-sampled", sample=200)     # doctest: +ELLIPSIS
    Traceback (most recent call last):
      ...
    ipshare.errors.RuleError: shapley-sampled: unknown option 'sample' (did you mean 'samples'?); it takes samples, ...
    """
    from ..alliance.benefit import scenario_game
    from ..games.lazy import LazyGame
    from ..games.table import Game

    if not isinstance(game, Game | LazyGame):
        game = scenario_game(game)
    try:
        chosen = RULES[rule]
    except (KeyError, TypeError):
        import difflib

        close = difflib.get_close_matches(str(rule), RULES, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise RuleError(f"unknown rule {rule!r}{hint} (known: {', '.join(RULES)})") from None
    arguments = chosen.arguments(options, game.players)
    from ..deadline import TimeLimitReached
    from ..lp import LPError

    try:
        if isinstance(game, LazyGame) and not chosen.lazy:
            game = game.dense()
        return chosen(game, **arguments)
    except TimeLimitReached as error:
        if error.what is None:
            error.what = rule  # the computation that ran out of time did not know which rule it served
        raise
    except LPError as error:
        # A solver or numerical failure, reported (exit 4) with the rule it stopped, in the error's own type.
        if not str(error).startswith(f"{rule}:"):
            error.args = (f"{rule}: {error}",)
        raise


_install_resolver()
