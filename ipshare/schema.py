"""A JSON Schema of the scenario format, for editors (YAML language servers) and other tools.

The enumerations come from the loader's own definitions (:mod:`ipshare.scenario`, :mod:`ipshare.terms`,
the rule registry), and ``tests/test_schema.py`` probes the loader at every mapping of every bundled scenario to
check that the keys it accepts are exactly the properties here, so the two cannot drift apart. The loader stays
the authority: it checks what a schema cannot (cross-references, owners' shares summing to 1, cycles).

Regenerate the file with ``python -m ipshare.schema > docs/scenario.schema.json``.
"""

from __future__ import annotations

import json

__all__ = ["scenario_schema", "render"]

ID = r"^[A-Za-z][A-Za-z0-9_\-]*$"
# Numbers may be written as numbers or as exact rationals in a string: "1/3", "0.08", "12".
NUMBER = {
    "anyOf": [
        {"type": "number"},
        {"type": "string", "pattern": r"^\s*[+-]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][+-]?\d+)?(\s*/\s*\d+)?\s*$"},
    ]
}
TEXT = {"type": ["string", "number"]}
IDENTIFIER = {"type": "string", "pattern": ID}
ID_LIST = {"type": "array", "items": IDENTIFIER, "uniqueItems": True}


def _object(properties, required=(), description=None):
    schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = list(required)
    if description:
        schema["description"] = description
    return schema


def _map_of(value, description=None):
    schema = {"type": "object", "propertyNames": {"pattern": ID}, "additionalProperties": value}
    if description:
        schema["description"] = description
    return schema


def _enum(values, description=None):
    schema = {"enum": list(values)}
    if description:
        schema["description"] = description
    return schema


def scenario_schema() -> dict:
    """The JSON Schema (draft 2020-12) of a scenario file."""
    from .exact import TIE_RULES
    from .scenario import (
        CLAUSE_KINDS,
        CONTRIBUTION_KINDS,
        GAME_KINDS,
        GAME_TYPES,
        JOINT_LICENSING,
        MEMBER_TYPES,
        OWNERSHIP_RULES,
        WEIGHT_SOURCES,
    )
    from .solutions import RULES
    from .terms import DISTRIBUTIONS, PRESETS, REASSIGNMENTS, RISK_MEASURES, RISK_RULES

    rule = _enum(RULES, "a sharing rule (ipshare rules)")
    weights = {"anyOf": [_enum(WEIGHT_SOURCES), _map_of(NUMBER)]}
    bargaining = _object(
        {"disagreement": _map_of(NUMBER), "weights": weights},
        description="threat point and bargaining weights for nash, nash-weighted, …",
    )
    groups = {"type": "array", "items": ID_LIST}

    clause_properties = {
        "id": IDENTIFIER,
        "description": TEXT,
        "member": IDENTIFIER,
        "members": ID_LIST,
        "type": _enum(MEMBER_TYPES),
        "over": IDENTIFIER,
        "distance": NUMBER,
    }
    for kind in CLAUSE_KINDS:
        clause_properties[kind] = {
            "individual_rationality": {"type": "boolean"},
            "core": {"anyOf": [{"type": "boolean"}, {"type": "array", "items": {"type": "string"}}]},
            "near": rule,
        }.get(kind, NUMBER)

    parameters = {
        "triangular": ("low", "mode", "high"),
        "uniform": ("low", "high"),
        "normal": ("mean", "sd"),
        "lognormal": ("mean", "sd"),
    }
    distribution = {
        "anyOf": [
            _object({"type": {"const": kind}, **{name: NUMBER for name in parameters[kind]}}, required=("type",))
            for kind in DISTRIBUTIONS
        ],
        "description": "the cost's distribution (triangular: low, mode, high; uniform: low, high; normal and "
        "lognormal: mean, sd)",
    }
    members = _map_of(
        _object({"name": TEXT, "type": _enum(MEMBER_TYPES), "role": TEXT, "description": TEXT}, required=("type",)),
        "member id -> member",
    )
    contribution = _object(
        {
            "id": IDENTIFIER,
            "member": IDENTIFIER,
            "kind": _enum(CONTRIBUTION_KINDS),
            "value": NUMBER,
            "substitute_cost": NUMBER,
            "quantity": NUMBER,
            "unit": TEXT,
            "description": TEXT,
        },
        required=("id", "member", "kind", "value"),
    )
    patent = _object(
        {
            "title": TEXT,
            "owners": _map_of(NUMBER, "member id -> share; shares sum to 1"),
            "background": {"type": "boolean"},
            "from": ID_LIST,
            "builds_on": ID_LIST,
            "description": TEXT,
        }
    )
    common = {"id": IDENTIFIER, "requires": ID_LIST, "probability": NUMBER, "description": TEXT}
    licence = _object(
        {
            **common,
            "kind": {"const": "licence"},
            "licensee": TEXT,
            "upfront": NUMBER,
            "royalty": _object(
                {"rate": NUMBER, "base": NUMBER, "years": {"type": "integer", "minimum": 1}}, required=("rate", "base")
            ),
            "exclusive": {"type": "boolean"},
        },
        required=("id", "kind", "requires"),
        description="a licence to an outsider",
    )
    own_use = _object(
        {
            **common,
            "kind": {"const": "own-use"},
            "exploiter": IDENTIFIER,
            "margin": NUMBER,
            "years": {"type": "integer", "minimum": 1},
        },
        required=("id", "kind", "exploiter", "margin"),
        description="a member's own use of the results",
    )
    revenue = {"anyOf": [licence, own_use]}
    cost = _object(
        {
            "id": IDENTIFIER,
            "item": TEXT,
            "amount": NUMBER,
            "failure_probability": NUMBER,
            "members": {"anyOf": [ID_LIST, _map_of(NUMBER)]},
            "distribution": distribution,
            "description": TEXT,
        },
        required=("id",),
    )
    grant = _object(
        {
            "id": IDENTIFIER,
            "source": TEXT,
            "member": IDENTIFIER,
            "members": ID_LIST,
            "amount": NUMBER,
            "matching": _map_of(NUMBER, "member id -> matching funds"),
            "repay_on_expulsion": {"type": "boolean"},
            "repay_on_withdrawal": {"type": "boolean"},
            "description": TEXT,
        },
        required=("id", "amount"),
    )
    agreement = _object(
        {
            "ownership": _enum(OWNERSHIP_RULES),
            "joint_licensing": _enum(JOINT_LICENSING),
            "rule": rule,
            "clauses": {"type": "array", "items": _object(clause_properties, required=("id",))},
            "blocs": {"anyOf": [_enum(("by-type",)), groups]},
            "bargaining": bargaining,
            "shapley_weights": weights,
            "preset": _enum(PRESETS),
            "lead": IDENTIFIER,
            "revenue_share": {"anyOf": [NUMBER, _map_of(NUMBER)]},
            "council": _object(
                {"weights": _map_of(NUMBER), "quota": NUMBER, "description": TEXT}, required=("weights", "quota")
            ),
            "risk": _object(
                {
                    "rule": _enum(RISK_RULES),
                    "measure": _enum(RISK_MEASURES),
                    "level": NUMBER,
                    "cap": {"anyOf": [NUMBER, _map_of(NUMBER)]},
                    "samples": {"type": "integer"},
                    "seed": {"type": "integer"},
                    "description": TEXT,
                }
            ),
            "risk_factors": _object(
                {"weights": _map_of(NUMBER), "scores": _map_of(_map_of(NUMBER)), "description": TEXT},
                required=("weights", "scores"),
            ),
            "withdrawal": _object({"reassign": _enum(REASSIGNMENTS)}),
            "rounding": _object({"ties": _enum(tuple(TIE_RULES)), "description": TEXT}),
        }
    )
    game = _object(
        {
            "type": _enum(GAME_TYPES),
            "name": TEXT,
            "description": TEXT,
            "kind": _enum(GAME_KINDS),
            "unions": groups,
            "cooperation": groups,
            "bargaining": bargaining,
            "shapley_weights": weights,
            "players": ID_LIST,
            "values": {
                "type": "object",
                "additionalProperties": NUMBER,
                "description": "coalition (player ids joined by +) -> value; unlisted coalitions are 0",
            },
            "values_by_mask": {
                "type": "array",
                "items": NUMBER,
                "description": "value of each bitmask (player i is bit i)",
            },
            "quota": NUMBER,
            "weights": _map_of(NUMBER),
            "estate": NUMBER,
            "claims": _map_of(NUMBER),
            "costs": _map_of(NUMBER),
        },
        required=("type",),
        description="a classic game instead of an alliance",
    )
    alliance = _object(
        {
            "name": TEXT,
            "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
            "discount_rate": NUMBER,
            "minor_unit": {"type": "integer", "minimum": 0, "maximum": 6},
            "description": TEXT,
        },
        required=("name",),
    )
    schema = _object(
        {
            "alliance": alliance,
            "members": members,
            "contributions": {"type": "array", "items": contribution},
            "patents": _map_of(patent, "patent id -> patent"),
            "revenue": {"type": "array", "items": revenue},
            "costs": {"type": "array", "items": cost},
            "grants": {"type": "array", "items": grant},
            "agreement": agreement,
            "game": game,
        },
        description="An ipshare scenario: an R&D alliance (members, contributions, patents, revenue, costs, "
        "agreement) or a classic cooperative game (game).",
    )
    schema["anyOf"] = [{"required": ["alliance", "members"]}, {"required": ["game"]}]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://ipshare.invalid/scenario.schema.json",
        "title": "ipshare scenario",
        **schema,
    }


def render() -> str:
    """The schema as the text of docs/scenario.schema.json (stable key order, so regeneration is diff-free)."""
    return json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(render(), end="")
