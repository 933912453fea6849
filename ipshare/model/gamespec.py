"""The ``game:`` section: a classic game given directly (table, weighted voting, bankruptcy, airport), with its
unions and cooperation graph."""

from __future__ import annotations

from types import MappingProxyType

from .limits import MAX_TABLE_PLAYERS
from .paths import _show
from .types import GAME_KINDS, GAME_TYPES, GameSpec
from .validator import parse_coalition

__all__ = [
    "GameChecks",
]


class GameChecks:
    """The game section, checked (a mixin of :class:`~ipshare.model.validator.Validator`)."""

    def game(self, raw, path):
        self.mapping(raw, path)
        if "type" not in raw:
            self.fail(path, "missing required key 'type' (table, weighted-voting, bankruptcy or airport)")
        game_type = self.choice(raw["type"], path + ("type",), GAME_TYPES, "game type")
        common = ("type", "name", "description", "kind", "unions", "cooperation", "bargaining", "shapley_weights")
        specific = {
            "table": ("players", "values", "values_by_mask"),
            "weighted-voting": ("quota", "weights"),
            "bankruptcy": ("estate", "claims"),
            "airport": ("costs",),
        }[game_type]
        required = {
            "table": ("players",),
            "weighted-voting": ("quota", "weights"),
            "bankruptcy": ("estate", "claims"),
            "airport": ("costs",),
        }[game_type]
        self.keys(raw, path, common + specific, required)
        default_kind = "cost" if game_type == "airport" else "benefit"
        kind = self.choice(raw.get("kind", default_kind), path + ("kind",), GAME_KINDS, "game kind")
        if game_type == "airport" and kind != "cost":
            self.fail(path + ("kind",), "an airport game is a cost game")
        if game_type in ("weighted-voting", "bankruptcy") and kind != "benefit":
            self.fail(path + ("kind",), f"a {game_type} game is a benefit game")
        spec = {"type": game_type, "kind": kind}
        if game_type == "table":
            players = self.players(raw["players"], path + ("players",))
            spec["values"] = self.table_values(raw, path, players)
        elif game_type == "weighted-voting":
            weights = self.player_numbers(raw["weights"], path + ("weights",), minimum=0)
            players = tuple(weights)
            spec["weights"] = weights
            spec["quota"] = self.number(raw["quota"], path + ("quota",), above=0)
            if spec["quota"] > sum(weights.values()):
                self.fail(
                    path + ("quota",),
                    f"quota {_show(spec['quota'])} exceeds the total weight "
                    f"{_show(sum(weights.values()))}: no coalition could win",
                )
        elif game_type == "bankruptcy":
            claims = self.player_numbers(raw["claims"], path + ("claims",), minimum=0)
            players = tuple(claims)
            spec["claims"] = claims
            spec["estate"] = self.number(raw["estate"], path + ("estate",), minimum=0)
            if spec["estate"] > sum(claims.values()):
                self.fail(path + ("estate",), "the estate exceeds the sum of the claims: not a bankruptcy problem")
        else:
            costs = self.player_numbers(raw["costs"], path + ("costs",), minimum=0)
            players = tuple(costs)
            spec["costs"] = costs
        if "unions" in raw:
            spec["unions"] = self.unions(raw["unions"], path + ("unions",), players)
        if "cooperation" in raw:
            spec["cooperation"] = self.cooperation(raw["cooperation"], path + ("cooperation",), players)
        spec.update(self.rule_parameters(raw, path, players, "player"))
        return GameSpec(
            players=players,
            name=self.text(raw.get("name"), path + ("name",), optional=True),
            description=self.description(raw, path),
            **spec,
        )

    def players(self, raw, path):
        items = self.sequence(raw, path, "a list of player ids")
        if not items:
            self.fail(path, "a game needs at least one player")
        if len(items) > MAX_TABLE_PLAYERS:
            self.fail(path, f"{len(items)} players: a table game holds at most {MAX_TABLE_PLAYERS}")
        players = []
        seen = {}
        for index, player in enumerate(items):
            self.identifier(player, path + (index,), "a player id")
            if player in players:
                self.fail(path + (index,), f"player {player!r} is listed twice")
            self.distinct(seen, player, path + (index,), "player id", f"players [{index}]")
            players.append(player)
        return tuple(players)

    def player_numbers(self, raw, path, minimum=None):
        self.mapping(raw, path, "a mapping of player id to number")
        if not raw:
            self.fail(path, "a game needs at least one player")
        if len(raw) > 4096:
            self.fail(path, f"{len(raw)} players is more than ipshare handles in one game (4096)")
        numbers = {}
        seen = {}
        for player, value in raw.items():
            self.identifier(player, path + (player,), "a player id")
            self.distinct(seen, player, path + (player,), "player id", "a player")
            numbers[player] = self.number(value, path + (player,), minimum=minimum)
        return MappingProxyType(numbers)

    def table_values(self, raw, path, players):
        if ("values" in raw) == ("values_by_mask" in raw):
            self.fail(path, "a table game needs exactly one of `values` or `values_by_mask`")
        values = {}
        if "values" in raw:
            values_path = path + ("values",)
            self.mapping(raw["values"], values_path, 'a mapping of coalition (like "A+B") to value')
            for key, value in raw["values"].items():
                key_path = values_path + (key,)
                coalition = parse_coalition(key, players, lambda message, p=key_path: self.fail(p, message))
                mask = sum(1 << players.index(p) for p in coalition)
                if mask in values:
                    self.fail(key_path, "this coalition is listed twice (the order of names does not matter)")
                values[mask] = self.number(value, key_path)
        else:
            mask_path = path + ("values_by_mask",)
            items = self.sequence(raw["values_by_mask"], mask_path, "a list of 2^n values")
            if len(items) != 1 << len(players):
                self.fail(
                    mask_path,
                    f"has {len(items)} values; {len(players)} players need 2^{len(players)} = {1 << len(players)}",
                )
            for mask, value in enumerate(items):
                number = self.number(value, mask_path + (mask,))
                if number:
                    values[mask] = number
        if values.get(0, 0) != 0:
            self.fail(path, "the empty coalition must be worth 0")
        values.pop(0, None)
        return MappingProxyType(dict(sorted(values.items())))

    def unions(self, raw, path, players):
        groups = self.sequence(raw, path, "a list of groups of players")
        seen = set()
        unions = []
        for index, group in enumerate(groups):
            members = self.refs(group, path + (index,), players, "player")
            if not members:
                self.fail(path + (index,), "a union needs at least one player")
            for player in members:
                if player in seen:
                    self.fail(path + (index,), f"player {player!r} is in two unions")
                seen.add(player)
            unions.append(members)
        missing = [p for p in players if p not in seen]
        if missing:
            self.fail(path, f"every player must be in a union; missing {', '.join(missing)}")
        return tuple(unions)

    def cooperation(self, raw, path, players):
        links = self.sequence(raw, path, "a list of pairs of players")
        result = []
        for index, link in enumerate(links):
            pair = self.refs(link, path + (index,), players, "player")
            if len(pair) != 2:
                self.fail(path + (index,), "a cooperation link joins exactly two players")
            result.append(pair)
        return tuple(result)
