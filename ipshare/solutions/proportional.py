"""Rules that split the grand value by a key: equal shares, pro rata by weight, and the graph-flow rule."""

from __future__ import annotations

from fractions import Fraction

from ..errors import RuleError
from .allocation import make_allocation

__all__ = ["equal_split", "proportional", "proportional_weights", "graph_flow"]


def equal_split(game):
    """v(N)/n to every player.

    Examples
    --------
    >>> from ipshare.games import table_game
    >>> equal_split(table_game(["A", "B", "C"], {"A+B+C": 10})).exact["A"]
    Fraction(10, 3)
    """
    n = game.n
    grand = game.exact_grand_value
    if grand is not None:
        return make_allocation(game, "equal", None, exact=[grand / n] * n, method="exact-rational")
    return make_allocation(game, "equal", [game.grand_value / n] * n, method="closed-form")


def proportional_weights(game) -> tuple[dict[str, Fraction], str]:
    """The weights the ``proportional`` rule uses for ``game``, and where they come from.

    An alliance: each member's total contribution value. A classic game section: a bankruptcy game's claims,
    a weighted voting game's weights, an airport game's costs; a table game's stand-alone values v({i}).
    """
    scenario = game.scenario
    if scenario is not None and scenario.game is None:
        weights = {member: Fraction(0) for member in game.players}
        for contribution in scenario.contributions:
            weights[contribution.member] += contribution.value
        return weights, "contribution value"
    spec = game.spec or {}
    if spec.get("type") == "bankruptcy":
        return dict(spec["claims"]), "claims"
    if spec.get("type") == "weighted-voting":
        return dict(spec["weights"]), "voting weights"
    if spec.get("type") == "airport":
        return dict(spec["costs"]), "stand-alone costs"
    weights = {}
    for i, player in enumerate(game.players):
        exact = game.exact_value(1 << i)
        weights[player] = exact if exact is not None else Fraction(float(game.values[1 << i]))
    return weights, "stand-alone values"


def proportional(game, weights=None):
    """The grand value split pro rata: x_i = v(N) · w_i / Σ_j w_j.

    Parameters
    ----------
    weights : mapping player -> non-negative number, optional
        Defaults to :func:`proportional_weights` (contribution value in an alliance).

    Raises
    ------
    RuleError
        A negative weight, or weights that sum to zero.
    """
    source = "given weights"
    if weights is None:
        weights, source = proportional_weights(game)
    weights = {player: Fraction(weights.get(player, 0)) for player in game.players}
    if any(weight < 0 for weight in weights.values()):
        raise RuleError(f"proportional needs non-negative weights ({source})")
    total = sum(weights.values())
    if total == 0:
        raise RuleError(f"proportional is undefined: the {source} sum to zero")
    grand = game.exact_grand_value
    shares = [weights[player] / total for player in game.players]
    details = {"weights": source, "weight_values": {p: str(w) for p, w in weights.items()}}
    if grand is not None:
        return make_allocation(
            game, "proportional", None, exact=[grand * share for share in shares], method="exact-rational", **details
        )
    grand_value = game.grand_value  # read once: on a large game each reading may be an evaluation
    return make_allocation(
        game, "proportional", [grand_value * float(share) for share in shares], method="closed-form", **details
    )


def graph_flow(game):
    """Each revenue source's expected value flowed back through the contract graph to the members.

    See :func:`ipshare.alliance.graph.value_flow`. Needs an alliance scenario (a game built by
    :func:`ipshare.benefit_game`).
    """
    scenario = game.scenario
    if scenario is None or scenario.game is not None:
        raise RuleError("graph-flow needs an alliance scenario (contributions, patents and revenue), not a bare game")
    from ..alliance.graph import value_flow

    flows = value_flow(scenario)
    exact = [flows[player] for player in game.players]
    grand = game.exact_grand_value
    if grand is not None and sum(exact) != grand:
        raise RuleError(
            "graph-flow does not add up to the grand value: some revenue is not realised by the whole alliance"
        )
    return make_allocation(game, "graph-flow", None, exact=exact, method="exact-rational")
