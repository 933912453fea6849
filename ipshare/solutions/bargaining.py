"""Bargaining solutions with transferable utility: Nash (symmetric and weighted), Kalai–Smorodinsky, equal surplus.

The alliance bargains over v(N). If no agreement is reached, member i gets its disagreement payoff d_i: by default
its stand-alone value v({i}), or the amounts of ``bargaining.disagreement`` in the scenario (docs/rules.md). With
money transferable one for one (linear utilities) the feasible set is {x : Σ x_i ≤ v(N)}, and:

- the **Nash solution** maximises Π (x_i − d_i) over it: every member gets d_i plus an equal share of the surplus
  v(N) − Σ d (Nash 1950);
- the **weighted (asymmetric) Nash solution** maximises Π (x_i − d_i)^α_i: member i gets the share α_i / Σ α of the
  surplus (Kalai 1977; Roth 1979), the form used in the alliance literature (DOMAIN.md);
- the **Kalai–Smorodinsky solution** moves from d toward each member's ideal payoff until the split is efficient
  (Kalai & Smorodinsky 1975). On the plain TU bargaining set the ideal payoff is v(N) − Σ_{j≠i} d_j, which makes it
  the Nash solution again; ipshare therefore takes the coalitional ideal, the utopia payoff M_i = v(N) − v(N∖{i})
  (what i adds to the rest, the most i can claim without the rest preferring to go on alone), so that the surplus
  is shared in proportion to M_i − d_i. With d = the minimal rights this is the τ-value (Tijs 1981);
- **equal-surplus** (equal surplus division): d = the stand-alone values, defined whatever the surplus's sign
  (Driessen & Funaki 1991). It was called ``egalitarian`` before; that name still works, warns once, and is
  not the egalitarian solution of Dutta & Ray (1989), which is the rule ``dutta-ray``.

A Nash or Kalai–Smorodinsky bargaining problem needs a feasible threat point: Σ d ≤ v(N); otherwise these rules
raise :class:`~ipshare.errors.RuleError`. All are exact in rationals when the game's values are, and need only
v(N), v({i}) and v(N∖{i}), so they also run on games kept by their structure.

References
----------
J. F. Nash, "The bargaining problem", Econometrica 18, 1950.
E. Kalai, M. Smorodinsky, "Other solutions to Nash's bargaining problem", Econometrica 43, 1975.
E. Kalai, "Nonsymmetric Nash solutions and replications of 2-person bargaining", Int. J. Game Theory 6, 1977.
T. Driessen, Y. Funaki, "Coincidence of and collinearity between game theoretic solutions", OR Spektrum 13, 1991.
"""

from __future__ import annotations

from fractions import Fraction

from ..errors import RuleError, warn_renamed
from ..lp import tight_tolerance
from .parameters import disagreement_point, finish, in_game_units, key_values, rule_weights, show

__all__ = ["equal_surplus", "egalitarian", "nash", "nash_weighted", "kalai_smorodinsky"]


def _surplus(keys, point, rule):
    """v(N) − Σ d, refused when negative (the threat point is not feasible)."""
    surplus = keys.grand - sum(point)
    if keys.exact:
        negative = surplus < 0
    else:
        negative = surplus < -tight_tolerance(max(abs(keys.grand), *(abs(d) for d in point)))
    if negative:
        raise RuleError(
            f"{rule} is undefined: the disagreement payoffs add up to more than the grand coalition can share "
            f"(surplus v(N) − Σd = {show(surplus)}); equal-surplus and ensc are defined"
        )
    return surplus


def _method(keys):
    return "exact-rational" if keys.exact else "closed-form"


def equal_surplus(game):
    """Equal surplus division: x_i = v({i}) + (v(N) − Σ_j v({j})) / n.

    Every member first gets what it could get alone, then the surplus of cooperating (which may be negative) is
    split equally. It is the Nash solution with the stand-alone values as threat point, but stays defined when
    the surplus is negative. In a cost game each member pays its stand-alone cost less an equal share of the
    savings.

    Examples
    --------
    >>> from ipshare.games import table_game
    >>> game = table_game(["A", "B", "C"], {"A": 6, "B": 12, "C": 42, "A+B": 12, "A+C": 42, "B+C": 42,
    ...                                     "A+B+C": 42})
    >>> equal_surplus(game).exact          # surplus 42 − 60 = −18, a loss of 6 each
    {'A': Fraction(0, 1), 'B': Fraction(6, 1), 'C': Fraction(36, 1)}

    References
    ----------
    T. Driessen, Y. Funaki, "Coincidence of and collinearity between game theoretic solutions", OR Spektrum 13, 1991.
    """
    return _equal_surplus(game, "equal-surplus")


def egalitarian(game):
    """The old name of :func:`equal_surplus`: the same allocation, under the rule name ``egalitarian``.

    Warns once per process (:class:`~ipshare.errors.RenamedRuleWarning`): "egalitarian" means equal surplus
    division here, while other tools (and the literature since Dutta & Ray 1989) give the name to the Lorenz-fairest
    core allocation, which ipshare calls ``dutta-ray``.
    """
    warn_renamed("egalitarian", "equal-surplus", "equal surplus division; the Dutta-Ray egalitarian solution is "
                 "'dutta-ray'")
    return _equal_surplus(game, "egalitarian", alias_of="equal-surplus")


def _equal_surplus(game, rule, **details):
    keys = key_values(game)
    surplus = keys.grand - sum(keys.singles)
    share = surplus / game.n
    x = [single + share for single in keys.singles]
    return finish(game, rule, x, keys.exact, _method(keys), surplus=show(surplus), **details)


def nash(game, disagreement=None):
    """The Nash bargaining solution with transferable utility: x_i = d_i + (v(N) − Σ d) / n.

    Parameters
    ----------
    disagreement : mapping player -> amount, optional
        The threat point (costs in a cost game). Default: the scenario's ``bargaining.disagreement``, and the
        stand-alone values v({i}) for every member it does not list.

    Raises
    ------
    RuleError
        When the disagreement payoffs add up to more than v(N): no feasible agreement is better for everyone.

    Examples
    --------
    >>> from ipshare.games import table_game
    >>> game = table_game(["A", "B"], {"A": 1, "B": 2, "A+B": 6})
    >>> nash(game).exact                      # surplus 3, split equally
    {'A': Fraction(5, 2), 'B': Fraction(7, 2)}
    >>> nash(game, disagreement={"A": 3}).exact
    {'A': Fraction(7, 2), 'B': Fraction(5, 2)}

    References
    ----------
    J. F. Nash, "The bargaining problem", Econometrica 18, 1950.
    """
    keys = key_values(game)
    point, source = disagreement_point(game, disagreement, keys)
    surplus = _surplus(keys, point, "nash")
    x = [d + surplus / game.n for d in point]
    return finish(
        game,
        "nash",
        x,
        keys.exact,
        _method(keys),
        disagreement=in_game_units(game, point),
        disagreement_source=source,
        surplus=show(surplus),
    )


def nash_weighted(game, weights=None, disagreement=None):
    """The weighted (asymmetric) Nash solution: x_i = d_i + α_i / Σα · (v(N) − Σ d).

    It maximises Π (x_i − d_i)^α_i over the efficient splits; with linear utilities the maximiser gives each
    member the share α_i / Σα of the surplus.

    Parameters
    ----------
    weights : mapping player -> non-negative weight, ``"equal"`` or ``"proportional"``, optional
        The bargaining weights α. Default: the scenario's ``bargaining.weights``, else ``proportional`` (the
        ``proportional`` rule's weights: contribution value in an alliance).
    disagreement : mapping player -> amount, optional
        As for :func:`nash`.

    Raises
    ------
    RuleError
        Negative or all-zero weights, or an infeasible threat point.

    Examples
    --------
    >>> from ipshare.games import table_game
    >>> game = table_game(["A", "B"], {"A": 1, "B": 2, "A+B": 6})
    >>> nash_weighted(game, weights={"A": 1, "B": 3}).exact
    {'A': Fraction(7, 4), 'B': Fraction(17, 4)}

    References
    ----------
    E. Kalai, "Nonsymmetric Nash solutions and replications of 2-person bargaining", Int. J. Game Theory 6, 1977.
    A. E. Roth, Axiomatic Models of Bargaining, Springer, 1979.
    """
    keys = key_values(game)
    point, source = disagreement_point(game, disagreement, keys)
    alpha, weight_source = rule_weights(game, weights, kind="bargaining", positive=False)
    surplus = _surplus(keys, point, "nash-weighted")
    total = sum(alpha)
    if keys.exact:
        x = [d + a / total * surplus for d, a in zip(point, alpha, strict=True)]
    else:
        x = [d + float(a / total) * surplus for d, a in zip(point, alpha, strict=True)]
    return finish(
        game,
        "nash-weighted",
        x,
        keys.exact,
        _method(keys),
        weights={p: str(a) for p, a in zip(game.players, alpha, strict=True)},
        weights_source=weight_source,
        disagreement=in_game_units(game, point),
        disagreement_source=source,
        surplus=show(surplus),
    )


def kalai_smorodinsky(game, disagreement=None):
    """Kalai–Smorodinsky with the coalitional ideal point: x = d + λ·(M − d), M_i = v(N) − v(N∖{i}), Σ x = v(N).

    Each member's gain over its threat point is proportional to its largest sensible gain, M_i − d_i: its utopia
    payoff (what it adds to all the others together) less its disagreement payoff. λ (in ``details``) is how far
    along the way from d to M the alliance gets; λ > 1 when v(N) exceeds Σ M.

    Raises
    ------
    RuleError
        When the threat point is infeasible (Σ d > v(N)), when some member's utopia payoff is below its
        disagreement payoff, or when every M_i − d_i is zero but there is a surplus to share.

    Examples
    --------
    >>> from ipshare.games import table_game
    >>> game = table_game(["A", "B", "C"], {"A+B": 60, "A+C": 80, "B+C": 100, "A+B+C": 150})
    >>> result = kalai_smorodinsky(game)     # utopia payoffs 50, 70, 90; d = 0
    >>> result.exact, result.details["lambda"]
    ({'A': Fraction(250, 7), 'B': Fraction(50, 1), 'C': Fraction(450, 7)}, '5/7')

    References
    ----------
    E. Kalai, M. Smorodinsky, "Other solutions to Nash's bargaining problem", Econometrica 43, 1975.
    S. H. Tijs, "Bounds for the core and the τ-value", in Game Theory and Mathematical Economics, 1981.
    """
    keys = key_values(game)
    point, source = disagreement_point(game, disagreement, keys)
    surplus = _surplus(keys, point, "kalai-smorodinsky")
    gains = [m - d for m, d in zip(keys.utopia, point, strict=True)]
    tolerance = 0 if keys.exact else tight_tolerance(max(abs(keys.grand), *(abs(v) for v in keys.utopia)))
    for player, gain in zip(game.players, gains, strict=True):
        if gain < -tolerance:
            raise RuleError(
                f"kalai-smorodinsky is undefined: {player}'s utopia payoff v(N) − v(N∖{player}) is below its "
                f"disagreement payoff (by {show(-gain)})"
            )
    total = sum(gains)
    if total <= tolerance:
        if surplus > tolerance:
            raise RuleError(
                "kalai-smorodinsky is undefined: no member adds anything over its disagreement payoff "
                "(every M_i − d_i is 0), yet there is a surplus to share"
            )
        step = Fraction(0) if keys.exact else 0.0
    else:
        step = surplus / total
    x = [d + step * gain for d, gain in zip(point, gains, strict=True)]
    return finish(
        game,
        "kalai-smorodinsky",
        x,
        keys.exact,
        _method(keys),
        utopia=in_game_units(game, keys.utopia),
        disagreement=in_game_units(game, point),
        disagreement_source=source,
        **{"lambda": show(step)},
    )
