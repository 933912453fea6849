"""What the bargaining and weighted rules need besides the game: a few key values, a threat point, weights.

The rules of :mod:`~ipshare.solutions.bargaining`, :mod:`~ipshare.solutions.tau` and
:mod:`~ipshare.solutions.weighted` read their parameters here, in one place:

- the **key values** v(N), v({i}) and v(N∖{i}), exactly when the game is exact; they need 2n + 1 coalition values,
  so the rules built on them also work on games kept by their structure (no table of 2^n values);
- the **disagreement point** d (``bargaining.disagreement``; members not listed keep their stand-alone value);
- **weights** (``bargaining.weights``, ``shapley_weights``): a weight per member, ``equal``, or ``proportional``
  (the weights of the ``proportional`` rule: contribution value in an alliance, claims, voting weights,
  stand-alone costs or stand-alone values in a classic game), which is the default.

Everything is in the **benefit convention**: a cost game c is handled as v = −c with allocations x = −y (as for
the nucleolus, docs/stability.md), so a disagreement point written in costs is negated on the way in and every
allocation on the way out. All the rules here are covariant under that change, so the cost-game allocations are
the usual cost-sharing ones (e.g. ``egalitarian`` charges each member its stand-alone cost less an equal share of
the savings).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ..errors import RuleError
from .allocation import make_allocation

__all__ = ["KeyValues", "key_values", "disagreement_point", "rule_weights", "scenario_parameters"]


@dataclass(frozen=True)
class KeyValues:
    """v(N), the stand-alone values v({i}) and the utopia payoffs M_i = v(N) − v(N∖{i}), in the benefit convention.

    ``exact`` says whether the numbers are ``Fraction``s (the game's exact values) or floats.
    """

    grand: object
    singles: tuple
    utopia: tuple
    exact: bool


def key_values(game) -> KeyValues:
    """The key values of ``game`` (a dense :class:`~ipshare.games.Game` or a game kept by its structure)."""
    n = game.n
    full = (1 << n) - 1
    sign = -1 if game.kind == "cost" else 1
    exact = game.exact_grand_value is not None

    def value(mask):
        if exact:
            found = game.exact_value(mask)
            if found is not None:
                return sign * found
        return sign * float(game.value(mask))

    if exact and _is_structured(game):
        return _structured_key_values(game, sign)
    if exact and any(game.exact_value(1 << i) is None for i in range(n)):
        exact = False
    grand = value(full)
    singles = tuple(value(1 << i) for i in range(n))
    utopia = tuple(grand - value(full ^ (1 << i)) for i in range(n))
    return KeyValues(grand, singles, utopia, exact)


def _is_structured(game):
    from ..games.structured import StructuredGame

    return isinstance(game, StructuredGame) and all(c.exact is not None for c in game.components)


def _structured_key_values(game, sign) -> KeyValues:
    """The key values of a sum of component games (a large alliance), from each component's few players.

    v(S) = K + Σ_c v_c(S ∩ P_c) for non-empty S, with v_c(∅) = 0; so v({i}) = K + Σ_{c∋i} v_c({i}) and
    v(N∖{i}) = v(N) − Σ_{c∋i} (v_c(P_c) − v_c(P_c∖{i})): one pass over the components, exactly, instead of 2n + 1
    evaluations of the whole sum.
    """
    n = game.n
    constant = Fraction(game.constant)
    grand = constant
    singles = [constant] * n
    drops = [Fraction(0)] * n
    for component in game.components:
        numerators, denominator = component.exact
        full = (1 << component.size) - 1
        whole = Fraction(int(numerators[full]), denominator)
        grand += whole
        for j, player in enumerate(component.players):
            singles[player] += Fraction(int(numerators[1 << j]), denominator)
            drops[player] += whole - Fraction(int(numerators[full ^ (1 << j)]), denominator)
    if n == 1:
        drops = [grand]
    utopia = tuple(sign * drop for drop in drops)
    return KeyValues(sign * grand, tuple(sign * s for s in singles), utopia, True)


def scenario_parameters(game):
    """``(bargaining, shapley_weights)`` from the game's scenario: its agreement or its ``game:`` section."""
    scenario = getattr(game, "scenario", None)
    if scenario is None:
        return None, None
    section = scenario.game if scenario.game is not None else scenario.agreement
    return getattr(section, "bargaining", None), getattr(section, "shapley_weights", None)


def _where(game, key):
    scenario = getattr(game, "scenario", None)
    if scenario is not None and scenario.game is not None:
        return f"game.{key}"
    return f"agreement.{key}"


def disagreement_point(game, disagreement=None, keys: KeyValues | None = None):
    """The threat point d (benefit convention) and where it comes from.

    ``disagreement`` maps players to amounts (costs in a cost game); players it does not list, and every player
    when neither it nor the scenario gives one, keep their stand-alone value v({i}).
    """
    keys = keys or key_values(game)
    source = "given"
    if disagreement is None:
        bargaining, _ = scenario_parameters(game)
        disagreement = bargaining.disagreement if bargaining is not None else None
        source = _where(game, "bargaining.disagreement")
    if disagreement is None:
        return list(keys.singles), "stand-alone values"
    unknown = [player for player in disagreement if player not in game.players]
    if unknown:
        raise RuleError(f"the disagreement point names unknown members: {', '.join(map(str, unknown))}")
    sign = -1 if game.kind == "cost" else 1
    point = []
    for i, player in enumerate(game.players):
        if player in disagreement:
            amount = Fraction(disagreement[player]) if keys.exact else float(disagreement[player])
            point.append(sign * amount)
        else:
            point.append(keys.singles[i])
    listed = len(disagreement) == game.n
    return point, source if listed else f"{source} (stand-alone values for the members it does not list)"


def rule_weights(game, weights=None, *, kind, positive):
    """A weight per player (``Fraction``s) and where they come from.

    ``kind`` is ``"bargaining"`` or ``"shapley"``: which scenario key to read when ``weights`` is None.
    ``weights`` may be a mapping player -> weight, ``"equal"`` or ``"proportional"`` (the default).
    ``positive``: every weight must be > 0 (weighted Shapley); else ≥ 0 and not all zero.
    """
    where = _where(game, "bargaining.weights" if kind == "bargaining" else "shapley_weights")
    source = "given"
    if weights is None:
        bargaining, shapley_weights = scenario_parameters(game)
        weights = (bargaining.weights if bargaining is not None else None) if kind == "bargaining" else shapley_weights
        source = where
        if weights is None:
            weights = "proportional"
            source = f"the default, {where} not being given"
    if isinstance(weights, str):
        if weights == "equal":
            return [Fraction(1)] * game.n, f"equal ({source})"
        if weights != "proportional":
            raise RuleError(f"unknown weight source {weights!r}: use equal, proportional or a weight per member")
        from .proportional import proportional_weights

        found, what = proportional_weights(game)
        values = [Fraction(found.get(player, 0)) for player in game.players]
        source = f"{what}, as for the proportional rule ({source})"
    else:
        unknown = [player for player in weights if player not in game.players]
        if unknown:
            raise RuleError(f"weights are given for unknown members: {', '.join(map(str, unknown))}")
        missing = [player for player in game.players if player not in weights]
        if missing:
            raise RuleError(f"give every member a weight; missing {', '.join(missing)}")
        values = [Fraction(weights[player]) for player in game.players]
    rule = "nash-weighted" if kind == "bargaining" else "shapley-weighted"
    for player, weight in zip(game.players, values, strict=True):
        if weight < 0 or (positive and weight == 0):
            need = "positive" if positive else "non-negative"
            raise RuleError(
                f"{rule} needs {need} weights, but {player}'s weight is {weight} (weights: {source}); set {where}"
            )
    if sum(values) == 0:
        raise RuleError(f"{rule} is undefined: the weights are all zero (weights: {source}); set {where}")
    return values, source


def show(value) -> str | float:
    """A number for an Allocation's details: exact rationals as text, floats as they are."""
    if isinstance(value, Fraction):
        return str(value)
    return float(value)


def finish(game, rule, x, exact, method, **details):
    """The Allocation of a benefit-convention vector ``x`` (negated back into cost shares for a cost game)."""
    sign = -1 if game.kind == "cost" else 1
    amounts = [sign * value for value in x]
    if exact:
        return make_allocation(game, rule, None, exact=amounts, method=method, **details)
    return make_allocation(game, rule, [float(value) for value in amounts], method=method, **details)


def in_game_units(game, values):
    """Benefit-convention numbers back in the game's own units (costs for a cost game), for details."""
    sign = -1 if game.kind == "cost" else 1
    return {player: show(sign * value) for player, value in zip(game.players, values, strict=True)}
