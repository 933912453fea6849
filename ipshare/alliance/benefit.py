"""The benefit game of an alliance: what every coalition of members can realise on its own (docs/model.md).

:func:`benefit_game` builds the dense table (exact rationals) for alliances of up to 16 members, and hands larger
ones to :func:`ipshare.alliance.structured.structured_benefit_game`, which keeps the same game source by source.
:func:`scenario_game` is the game a scenario describes: its ``game:`` section, or else the benefit game.
"""

from __future__ import annotations

import math

import numpy as np

from ..games.classic import airport_game, bankruptcy_game, table_game, weighted_voting_game
from ..games.table import _INT64_SAFE, MAX_DENSE_VOTING_PLAYERS, MAX_EXACT_PLAYERS, Game, _check_dense, scaled_floats
from ..model.limits import MAX_BUYABLE_CONTRIBUTIONS
from ..model.money import revenue_value
from .at_date import as_of
from .consent import source_access
from .ownership import patent_owners

__all__ = ["benefit_game", "scenario_game"]


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
            from ..games.lazy import WeightedVotingGame

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
      (``joint_licensing: unanimous``) or any one (``any-owner``); with one, as :mod:`ipshare.alliance.consent` decides.
    - A patent that ``builds_on`` another can be used only when the base patent can be used too.
    - S realises a revenue source when it can use every patent the source requires (and, for own use, the
      exploiter is in S); the source is worth its expected present value (:func:`ipshare.model.money.revenue_value`).
    - v(S) is the most S can get: the value of the sources it realises less the substitute costs it pays,
      maximised over which missing contributions it buys in. v(∅) = 0.

    - Patents in force by country and licences by country count as :func:`ipshare.alliance.at_date.as_of` says
      (docs/time-and-place.md); the game's scenario is that one.

    For a scenario with a ``game:`` section this returns that game (see :func:`scenario_game`).
    """
    if scenario.game is not None:
        return scenario_game(scenario)
    # Patents counted by country, lapsed ones left out (ipshare.alliance.at_date; unchanged when nothing is dated).
    scenario = as_of(scenario)

    players = tuple(scenario.members)
    n = len(players)
    if n > MAX_EXACT_PLAYERS:
        # Too many members for an exact table: the same game kept source by source (ipshare.games.lazy).
        from .structured import structured_benefit_game

        return structured_benefit_game(scenario)
    _check_dense(n)
    bit = {member: i for i, member in enumerate(players)}
    masks = np.arange(1 << n, dtype=np.int64)
    member_in = {member: ((masks >> i) & 1).astype(bool) for member, i in bit.items()}
    everyone = np.ones(1 << n, dtype=bool)

    # Which coalitions hold the consent to every patent a source needs, for the source's purpose (licensing or
    # own use): one rule for the rights table and the game, in ipshare.alliance.consent (docs/rights.md).

    owners = patent_owners(scenario)
    consent = [source_access(scenario, source, member_in.__getitem__, everyone, owners) for source in scenario.revenue]

    used = {c for patent in scenario.patents.values() for c in patent.made_from}
    buyable = [c for c in scenario.contributions if c.id in used and c.substitute_cost is not None]
    if len(buyable) > MAX_BUYABLE_CONTRIBUTIONS:
        # Too many to weigh all at once here; the structured game weighs the sources that share none apart and
        # equals this game coalition by coalition (the loader refuses a group beyond the limit).
        from .structured import structured_benefit_game

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
    from ..deadline import check as check_deadline

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
