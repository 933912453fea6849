"""A JSON Schema of the scenario format, for editors (YAML language servers) and other tools.

The enumerations come from the loader's own definitions (:mod:`ipshare.model`, :mod:`ipshare.model.terms`,
the rule registry), and ``tests/test_schema.py`` probes the loader at every mapping of every bundled scenario to
check that the keys it accepts are exactly the properties here, so the two cannot drift apart. The loader stays
the authority: it checks what a schema cannot (cross-references, owners' shares summing to 1, cycles).

Every property has a ``description`` (meaning, units, default) and, where the loader has a fixed default, a
``default``: editors show them as you type. docs/scenario.md is the field reference; tests/test_schema.py checks
that it documents every property here and gives the same defaults.

Regenerate the file with ``python -m ipshare.model.schema > docs/scenario.schema.json``.
"""

from __future__ import annotations

import json

__all__ = ["scenario_schema", "render", "field_kind"]

# "(?!\n)" after "$": Python's re (which jsonschema uses) lets "$" match before a final line break, as the loader
# (fullmatch) does not. ASCII digits only, as the loader reads them.
ID = r"^[A-Za-z][A-Za-z0-9_\-]*$(?!\n)"
# Numbers may be written as numbers or as exact rationals in a string: "1/3", "0.08", "12".
NUMBER = {
    "anyOf": [
        {"type": "number"},
        {
            "type": "string",
            "pattern": r"^\s*[+-]?([0-9][0-9_]*(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?(\s*/\s*[0-9]+)?\s*$(?!\n)",
        },
    ]
}
# Names, titles and other one-line text (ipshare.model.limits: MAX_LINE_LENGTH, no line break or tab); descriptions
# are free text of at most MAX_TEXT_LENGTH characters. Whole numbers are read as text too.
ONE_LINE = "^[^\\n\\r\\t\u2028\u2029]*$(?!\\n)"
PLAIN_TEXT = {"type": ["string", "integer"], "minLength": 1, "maxLength": 200, "pattern": ONE_LINE}
PLAIN_FREE = {"type": ["string", "integer"], "maxLength": 10_000}


def _bilingual(plain):
    """A display text: ``plain``, or the text in Chinese and/or English (DESIGN.md, "Text in two languages")."""
    languages = {"type": "object", "propertyNames": {"enum": ["zh", "en"]}, "additionalProperties": plain,
                 "minProperties": 1}
    return {"anyOf": [plain, languages]}


TEXT = _bilingual(PLAIN_TEXT)
FREE = _bilingual(PLAIN_FREE)
IDENTIFIER = {"type": "string", "pattern": ID, "maxLength": 64}
ID_LIST = {"type": "array", "items": IDENTIFIER, "uniqueItems": True}
# Dates (docs/time-and-place.md): ISO YYYY-MM-DD; countries: ISO 3166-1 alpha-2 codes.
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$(?!\n)"}
COUNTRY = r"^[A-Z]{2}$(?!\n)"


_NO_DEFAULT = object()


def _d(schema, description, default=_NO_DEFAULT):
    """``schema`` with a ``description`` (and a ``default``, the value the loader takes when the key is absent)."""
    described = {**schema, "description": description}
    if default is not _NO_DEFAULT:
        described["default"] = default
    return described


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


def _enum(values, description=None, default=_NO_DEFAULT):
    schema = {"enum": list(values)}
    if description:
        schema["description"] = description
    if default is not _NO_DEFAULT:
        schema["default"] = default
    return schema


def _distribution(rules):
    """``agreement.distribution``: the books' waterfall (ipshare.model.distribution, docs/books.md)."""
    shares = _map_of(NUMBER, "member id -> share (0 to 1), summing to 1")
    rate = "recover: at most this share of each period's receipts (above 0, at most 1); fee: the share of what is left"

    def step(name, properties, required=()):
        return _object({"step": {"const": name, "description": f"the kind of step: {name}"}, **properties,
                        "description": _d(FREE, FREE_TEXT)}, required=("step", *required))

    tier = _object({"upto": _d(NUMBER, "the cumulative amount (since the books began) where the tier ends; every "
                               "tier but the last"),
                    "shares": _d(shares, "the members' shares of what falls in the tier")}, required=("shares",))
    return {
        "type": "array",
        "minItems": 1,
        "items": {"anyOf": [
            step("recover", {"kind": _d(IDENTIFIER, "recover: the kind of expense repaid (default: every kind)"),
                             "rate": _d(NUMBER, rate),
                             "cap": _d(NUMBER, "recover: at most this amount a period")}),
            step("fee", {"member": _d(IDENTIFIER, "fee: the member who receives the fee"),
                         "rate": _d(NUMBER, rate)}, ("member", "rate")),
            step("split", {"rule": _enum(rules, "split: the rule (default: agreement.rule, else shapley)"),
                           "shares": _d(shares, "split: fixed shares instead of a rule")}),
            step("tiers", {"tiers": {"type": "array", "items": tier, "minItems": 1,
                                     "description": "tiers: the tiers, in increasing order of upto"}}, ("tiers",)),
        ]},
        "description": "how the books (docs/books.md) distribute each period's receipts: an ordered waterfall of "
        "steps recover, fee, then one split or tiers step last; default: the whole receipt split by agreement.rule",
    }


MONEY = "an amount in the alliance's currency (whole units such as yuan or euros, not cents)"
FREE_TEXT = "free text shown in reports; not used in any computation"


def _council_schema() -> dict:
    """``agreement.council``: the seats' votes, the council's rule and a rule per matter (ipshare.model.council)."""
    share = {"threshold": _d(NUMBER, "a motion needs at least this share of the votes (above 0, at most 1)"),
             "more_than": _d(NUMBER, "a motion needs more than this share of the votes (0 or more, below 1)"),
             "of": _enum(("all", "present"), "what a share is of: all the votes, or those of the members present",
                         "all")}
    majority = _object(
        {
            "votes": _d({"anyOf": [{"const": "heads"}, _map_of(NUMBER)]},
                        "what this majority counts: heads (one a member of the council) or council member id -> "
                        "weight (capital, population …)"),
            "name": _d(TEXT, "what is counted, in tables and messages (default: members for heads)"),
            "quota": _d(NUMBER, "the count a motion needs"),
            **share,
        },
        required=("votes",),
        description="a further majority a motion must also reach (double or triple majority)",
    )
    quorum = _object(
        {
            "members": _d({"type": "integer", "minimum": 1}, "at least this many council members take part"),
            "members_share": _d(NUMBER, "at least this share of the council's members take part"),
            "votes": _d(NUMBER, "members holding at least these votes take part"),
            "votes_share": _d(NUMBER, "members holding at least this share of the votes take part"),
        },
        description="how many must take part for a vote to count (each part given must be met)",
    )
    rule = {
        "quota": _d(NUMBER, "the votes a motion needs to pass (one of quota, threshold, more_than is required)"),
        **share,
        "majorities": _d({"type": "array", "items": majority}, "further majorities that must all be reached"),
        "quorum": quorum,
        "vetoes": _d(ID_LIST, "council members whose yes is required"),
        "abstention": _enum(("against", "absent"), "an abstention counts as a vote against or as absence", "against"),
        "description": _d(FREE, FREE_TEXT),
    }
    return _object(
        {
            "weights": _map_of(NUMBER, "member id -> its votes (the members listed have a seat; the others none)"),
            **rule,
            "matters": _map_of(
                _object(rule, description="a matter's rule: the council's keys it replaces"),
                "matter id -> its rule (admissions, the annual plan, licensing …)",
            ),
        },
        required=("weights",),
        description="the alliance council and how it votes; its voting power is shown beside the benefit shares",
    )


def scenario_schema() -> dict:
    """The JSON Schema (draft 2020-12) of a scenario file.

    Every property carries a ``description`` (its meaning, units and default) and, where the loader has one, a
    ``default``; docs/scenario.md is the reference the descriptions summarise (tests/test_schema.py keeps the
    two in step).
    """
    from ..exact import TIE_RULES
    from ..rule_names import RULE_NAMES as RULES
    from .currency import CONVERSION_RULES
    from .terms import DISTRIBUTIONS, PRESETS, REASSIGNMENTS, RISK_MEASURES, RISK_RULES
    from .types import (
        CLAUSE_KINDS,
        CONTRIBUTION_KINDS,
        GAME_KINDS,
        GAME_TYPES,
        JOINT_LICENSING,
        MEMBER_TYPES,
        OWNERSHIP_RULES,
        WEIGHT_SOURCES,
    )

    def rule(description):
        return _enum(RULES, description)

    def weights(description):
        return _d(
            {"anyOf": [_enum(WEIGHT_SOURCES), _map_of(NUMBER)]},
            f"{description}: a weight for every member (id -> number), or `proportional` (contribution value; in a "
            "classic game claims, voting weights, costs or stand-alone values) or `equal`",
        )

    def bargaining(players):
        return _object(
            {
                "disagreement": _map_of(
                    NUMBER,
                    f"the threat point: {players} id -> what it gets if no agreement is reached (what it pays, in a "
                    f"cost game); {players}s not listed keep their stand-alone value v({{i}})",
                ),
                "weights": weights("the bargaining weights of nash-weighted (non-negative, not all zero)"),
            },
            description="threat point and bargaining weights of the bargaining rules nash, nash-weighted and "
            "kalai-smorodinsky (docs/rules.md)",
        )

    groups = {"type": "array", "items": ID_LIST}
    clause_texts = {
        "min_share": "the members named receive together at least this share of the grand value (0 to 1)",
        "max_share": "the members named receive together at most this share of the grand value (0 to 1)",
        "min_amount": f"the members named receive together at least this amount ({MONEY})",
        "max_amount": f"the members named receive together at most this amount ({MONEY})",
        "fixed": f"the one member named receives exactly this amount ({MONEY})",
        "ratio": "the one member named receives at least this multiple of what the member `over` receives",
        "individual_rationality": "true: every member receives at least its stand-alone value v({i}) (in a cost "
        "game pays at most c({i}))",
        "core": 'true: no coalition receives less than it could alone (the core); or a list of coalitions like "A+B" '
        "to which this applies",
        "near": "no member (or no member named) is further than `distance` from this rule's allocation",
    }
    clause_properties = {
        "id": _d(IDENTIFIER, "the clause's id, unique among the clauses; named in reports and conflicts"),
        "description": _d(FREE, "what the clause says in the agreement's words; " + FREE_TEXT),
        "member": _d(IDENTIFIER, "the member the clause is about"),
        "members": _d(ID_LIST, "the members the clause is about, together"),
        "type": _enum(MEMBER_TYPES, "every member of this type, together (e.g. university)"),
        "over": _d(IDENTIFIER, "for a ratio clause: the member compared with"),
        "distance": _d(NUMBER, f"for a near clause: the largest distance allowed from the rule ({MONEY})"),
    }
    for kind in CLAUSE_KINDS:
        shape = {
            "individual_rationality": {"type": "boolean"},
            "core": {"anyOf": [{"type": "boolean"}, {"type": "array", "items": {"type": "string"}}]},
            "near": _enum(RULES),
        }.get(kind, NUMBER)
        clause_properties[kind] = _d(shape, clause_texts[kind])

    parameters = {
        "triangular": ("low", "mode", "high"),
        "uniform": ("low", "high"),
        "normal": ("mean", "sd"),
        "lognormal": ("mean", "sd"),
    }
    parameter_texts = {
        "low": "the smallest amount",
        "mode": "the most likely amount",
        "high": "the largest amount",
        "mean": "the mean amount (default: the cost's amount)",
        "sd": "the standard deviation of the amount",
    }
    distribution = {
        "anyOf": [
            _object(
                {
                    "type": {"const": kind, "description": f"the distribution: {kind}"},
                    **{name: _d(NUMBER, f"{parameter_texts[name]} ({MONEY})") for name in parameters[kind]},
                },
                required=("type",),
            )
            for kind in DISTRIBUTIONS
        ],
        "description": "the cost's amount as a random variable; its mean is the amount (triangular: low, mode, "
        "high; uniform: low, high; normal and lognormal: mean, sd)",
    }
    members = _map_of(
        _object(
            {
                "name": _d(TEXT, "the member's full name, as in the agreement (default: its id)"),
                "type": _enum(MEMBER_TYPES, "what kind of organisation the member is"),
                "role": _d(PLAIN_TEXT, "its role in the alliance; `lead` makes it the lead member (withdrawal: "
                           "reassign: lead)"),
                "description": _d(FREE, FREE_TEXT),
                "joined": _d(DATE, "the date it joined (YYYY-MM-DD; a member from that day); absent: from the start"),
                "left": _d(DATE, "the date it left (not a member from that day on); absent: still a member"),
            },
            required=("type",),
        ),
        "the alliance's members: member id -> member (ids start with a letter: letters, digits, - and _)",
    )
    contribution = _object(
        {
            "id": _d(IDENTIFIER, "the contribution's id, named by patents' `from`"),
            "member": _d(IDENTIFIER, "the member who makes the contribution"),
            "kind": _enum(CONTRIBUTION_KINDS, "what is contributed"),
            "value": _d(NUMBER, f"what the contribution is worth ({MONEY}); weighs ownership by-contribution and "
                        "the proportional rule"),
            "substitute_cost": _d(NUMBER, f"what a coalition without this member pays to replace the contribution "
                                  f"({MONEY}); absent: it cannot be replaced"),
            "quantity": _d(NUMBER, "how much, in `unit` (e.g. 36 person-months); shown in the annex only"),
            "unit": _d(TEXT, "the unit of `quantity`, e.g. person-month; shown in the annex only"),
            "description": _d(FREE, FREE_TEXT),
            "date": _d(DATE, "when it was made (YYYY-MM-DD); at an earlier date (--at) it does not count yet"),
        },
        required=("id", "member", "kind", "value"),
    )
    patent = _object(
        {
            "title": _d(TEXT, "the patent's title (default: its id)"),
            "owners": _map_of(NUMBER, "member id -> share of ownership (above 0, summing to 1); required for a "
                              "background patent, else derived by agreement.ownership"),
            "background": _d({"type": "boolean"}, "true: owned before the alliance (needs `owners`, no `from`)",
                             False),
            "from": _d(ID_LIST, "the contributions a foreground patent is made from (required unless background)"),
            "builds_on": _d(ID_LIST, "patents that must be usable too for this one to be used (blocking patents)"),
            "description": _d(FREE, FREE_TEXT),
            "filed": _d(DATE, "the filing date (YYYY-MM-DD); before it the patent does not exist"),
            "granted": _d(DATE, "the grant date (YYYY-MM-DD), not before `filed`"),
            "in_force": {
                "type": "object",
                "propertyNames": {"pattern": COUNTRY},
                "additionalProperties": {"type": "array", "items": {"anyOf": [DATE, {"type": "null"}]},
                                         "minItems": 1, "maxItems": 2},
                "description": "country (ISO 3166-1 alpha-2) -> [from, to]: the periods it is in force in, from "
                "included to `to` excluded (left out or null: still in force); absent: in force everywhere",
            },
        }
    )

    def common(kind):
        return {
            "id": _d(IDENTIFIER, "the revenue source's id"),
            "requires": _d(ID_LIST, "the patents it needs (with the patents they build on)"
                           + ("; at least one" if kind == "licence" else "; none: the exploiter alone realises it")),
            "probability": _d(NUMBER, "the chance it happens (0 to 1); scales its whole value", 1),
            "description": _d(FREE, FREE_TEXT),
        }

    licence = _object(
        {
            **common("licence"),
            "kind": {"const": "licence", "description": "a licence to an outsider"},
            "licensee": _d(TEXT, "who takes the licence; " + FREE_TEXT),
            "upfront": _d(NUMBER, f"paid when the licence is signed ({MONEY})", 0),
            "royalty": _object(
                {
                    "rate": _d(NUMBER, "the royalty rate, a fraction of the base (0.02 is 2 %)"),
                    "base": _d(NUMBER, f"the licensee's sales the rate applies to, per year ({MONEY}); required "
                               "unless by_country gives it"),
                    "by_country": {
                        "type": "object",
                        "propertyNames": {"pattern": COUNTRY},
                        "additionalProperties": NUMBER,
                        "description": f"the base country by country (ISO 3166-1 alpha-2 -> {MONEY}); the licence "
                        "pays in a country only where its patents are in force there",
                    },
                    "years": _d({"type": "integer", "minimum": 1}, "how many years it is paid, at the end of each "
                                "(1 to 100)", 1),
                },
                required=("rate",),
                description="a running royalty: rate × base at the end of each of its years, discounted",
            ),
            "exclusive": _d({"type": "boolean"}, "true: an exclusive licence (under the presets it needs every "
                            "co-owner's consent)", False),
            "signed": _d(DATE, "when it was signed (YYYY-MM-DD); a member who leaves later goes on being paid its "
                         "part"),
            "pool": _d({"type": "boolean"}, "true: a pool licence, paying in a country where any of its patents is "
                       "in force, split among those in force there", False),
        },
        required=("id", "kind", "requires"),
        description="a licence to an outsider",
    )
    own_use = _object(
        {
            **common("own-use"),
            "kind": {"const": "own-use", "description": "a member's own use of the results"},
            "exploiter": _d(IDENTIFIER, "the member who uses the patents in its own business"),
            "margin": _d(NUMBER, f"the extra profit it earns per year ({MONEY})"),
            "years": _d({"type": "integer", "minimum": 1}, "how many years it earns the margin, at the end of "
                        "each (1 to 100)", 1),
        },
        required=("id", "kind", "exploiter", "margin"),
        description="a member's own use of the results",
    )
    revenue = {"anyOf": [licence, own_use]}
    cost = _object(
        {
            "id": _d(IDENTIFIER, "the cost item's id"),
            "item": _d(TEXT, "what is paid for (default: its id)"),
            "amount": _d(NUMBER, f"the expected amount ({MONEY}); required unless a distribution gives it"),
            "failure_probability": _d(NUMBER, "the chance the work fails and the amount is lost (0 to 1)", 0),
            "members": _d({"anyOf": [ID_LIST, _map_of(NUMBER)]},
                          "who bears the cost: a list (equal shares) or member id -> share (summing to 1); absent: "
                          "every member"),
            "distribution": distribution,
            "description": _d(FREE, FREE_TEXT),
        },
        required=("id",),
    )
    grant = _object(
        {
            "id": _d(IDENTIFIER, "the grant's id"),
            "source": _d(TEXT, "who gives the grant (a government fund); " + FREE_TEXT),
            "member": _d(IDENTIFIER, "the member who receives it (or give `members`)"),
            "members": _d({"anyOf": [ID_LIST, _map_of(NUMBER)]},
                          "the members who receive it: a list (equal shares) or member id -> share (summing to 1)"),
            "amount": _d(NUMBER, f"the grant ({MONEY})"),
            "matching": _map_of(NUMBER, f"member id -> the matching funds it puts up beside the grant ({MONEY})"),
            "repay_on_expulsion": _d({"type": "boolean"}, "an expelled recipient repays its share", True),
            "repay_on_withdrawal": _d({"type": "boolean"}, "a recipient that leaves voluntarily repays its share",
                                      False),
            "description": _d(FREE, FREE_TEXT),
        },
        required=("id", "amount"),
    )
    amount_or_map = {"anyOf": [NUMBER, _map_of(NUMBER)]}
    agreement = _object(
        {
            "ownership": _enum(OWNERSHIP_RULES, "how a foreground patent without `owners` is owned: by-contribution "
                               "(in proportion to the value of the contributions it is made from), equal, or "
                               "as-given (every patent must state its owners)", "by-contribution"),
            "joint_licensing": _enum(JOINT_LICENSING, "who may license or use a jointly owned patent: unanimous "
                                     "(every owner) or any-owner; default unanimous, any-owner under the presets "
                                     "co-owner-exploits and consortium"),
            "rule": rule("the default sharing rule of `ipshare allocate` and the annex (default: shapley)"),
            "clauses": _d(
                {"type": "array", "items": _object(clause_properties, required=("id",))},
                "the agreement's voluntary constraints on the allocation, one statement each (docs/clauses.md); "
                "rule core-lp meets them, every allocation is checked against them",
            ),
            "blocs": _d({"anyOf": [_enum(("by-type",)), groups]},
                        "a priori unions for the owen rule: lists of members covering every member once, or "
                        "by-type (one bloc per member type)"),
            "bargaining": bargaining("member"),
            "shapley_weights": weights("the weights of shapley-weighted (positive)"),
            "title": _d(TEXT, "the agreement's title, as the annex's heading names it"),
            "date": _d({"type": "string", "format": "date"}, "the date of the agreement (2026-03-01)"),
            "annex": _d(TEXT, "how the agreement names the annex ipshare writes, e.g. Annex 2 / 附件二"),
            "preset": _enum(PRESETS, "access rights by a model agreement (docs/rights.md): co-owner-exploits (PRC "
                            "Patent Law art. 14), consortium (DESCA), lead-exploiter (Lambert B); absent: "
                            "joint_licensing alone decides"),
            "lead": _d(IDENTIFIER, "the lead exploitation party (required by preset lead-exploiter)"),
            "revenue_share": _d(amount_or_map, "preset lead-exploiter: the share of the lead's revenue the others "
                                "receive, one fraction (split by contribution value) or member id -> fraction"),
            "council": _council_schema(),
            "risk": _object(
                {
                    "rule": _enum(RISK_RULES, "the default rule of `ipshare risk` (default: agreed)"),
                    "measure": _enum(RISK_MEASURES, "the risk measure: expected-loss, std or cvar",
                                     "expected-loss"),
                    "level": _d(NUMBER, "the CVaR level α, between 0 and 1", 0.95),
                    "cap": _d(amount_or_map, "liability cap: each member's risk at most this multiple of its "
                              "expected cost (one number, or member id -> multiple); absent: no cap"),
                    "samples": _d({"type": "integer"}, "simulate this many outcomes (100 to 10,000,000) instead of "
                                  "enumerating them exactly"),
                    "seed": _d({"type": "integer"}, "the simulation's seed (0 to 2^32 - 1)", 0),
                    "description": _d(FREE, FREE_TEXT),
                },
                description="how `ipshare risk` shares the alliance's risk unless the command line says otherwise "
                "(docs/risk.md)",
            ),
            "risk_factors": _object(
                {
                    "weights": _map_of(NUMBER, "factor name -> its weight (non-negative, one above 0)"),
                    "scores": _map_of(_map_of(NUMBER), "member id -> factor name -> score (non-negative), for "
                                      "every member and factor"),
                    "description": _d(FREE, FREE_TEXT),
                },
                required=("weights", "scores"),
                description="factor weights and member scores of the rule risk-adjusted-shapley (docs/risk.md)",
            ),
            "withdrawal": _object(
                {"reassign": _enum(REASSIGNMENTS, "who takes over a leaving member's patent shares: pro-rata (the "
                                   "other co-owners) or lead (the lead member)", "pro-rata")},
                description="what happens when a member leaves (`ipshare withdraw`, docs/risk.md)",
            ),
            "distribution": _distribution(RULES),
            "rounding": _object(
                {
                    "ties": _enum(tuple(TIE_RULES), "which member receives the last cent when rounded amounts tie: "
                                  + "; ".join(f"{name}: {says}" for name, says in TIE_RULES.items()),
                                  "listed-first"),
                    "description": _d(FREE, FREE_TEXT),
                },
                description="how shown amounts are rounded: largest remainder to the currency's minor unit, ties "
                "broken as stated",
            ),
            "negotiable": _d(
                {"type": "array", "items": _object(
                    {
                        "path": _d({"type": "string", "minLength": 1, "maxLength": 200, "pattern": ONE_LINE},
                                   "the numeric field, as --set names it (revenue.L1.probability)"),
                        "from": _d(NUMBER, "the low end of the control's range"),
                        "to": _d(NUMBER, "the high end of the control's range (above from)"),
                        "step": _d(NUMBER, "the control's step (above 0; default: a hundredth of the range)"),
                        "label": _d(TEXT, "what the control is called (default: its path)"),
                    },
                    required=("path", "from", "to"),
                )},
                "the terms on the table: numeric fields `ipshare serve` shows first, each with the range of its "
                "control (docs/room.md)",
            ),
            "conversion": _object(
                {
                    "rule": _enum(CONVERSION_RULES, "receipt-date: the rate of the receipt's date (or the latest "
                                  "before it within max_age_days); period-average: the mean of the period's rates"),
                    "max_age_days": _d({"type": "integer", "minimum": 0, "maximum": 366}, "receipt-date: how many "
                                       "days before the receipt the latest rate may be", 7),
                    "description": _d(FREE, FREE_TEXT),
                },
                required=("rule",),
                description="how receipts in another currency are converted to the alliance's (docs/time-and-"
                "place.md)",
            ),
        },
        description="the agreement: ownership, licensing, the default rule, clauses, rights, council, risk, "
        "withdrawal and rounding",
    )
    game = _object(
        {
            "type": _enum(GAME_TYPES, "the kind of game and so its other keys: table (players, values or "
                          "values_by_mask), weighted-voting (quota, weights), bankruptcy (estate, claims), airport "
                          "(costs)"),
            "name": _d(TEXT, "the game's name (default: the file's name)"),
            "description": _d(FREE, FREE_TEXT),
            "kind": _enum(GAME_KINDS, "benefit (values are worth) or cost (values are costs, allocations cost "
                          "shares); default benefit, cost for airport"),
            "unions": _d(groups, "a priori unions for the owen rule: lists of players covering every player once"),
            "cooperation": _d(groups, "who can cooperate directly, for the myerson rule: pairs of players"),
            "bargaining": bargaining("player"),
            "shapley_weights": weights("the weights of shapley-weighted (positive)"),
            "players": _d(ID_LIST, "table: the players, in order (player i is bit i of a coalition's mask)"),
            "values": {
                "type": "object",
                "additionalProperties": NUMBER,
                "description": 'table: coalition (player ids joined by "+") -> value; unlisted coalitions are 0',
            },
            "values_by_mask": {
                "type": "array",
                "items": NUMBER,
                "description": "table: the value of every coalition by bitmask (player i is bit i), 2^n numbers "
                "starting with the empty coalition's 0",
            },
            "quota": _d(NUMBER, "weighted-voting: the weight a coalition needs to win"),
            "weights": _map_of(NUMBER, "weighted-voting: player id -> voting weight"),
            "estate": _d(NUMBER, "bankruptcy: what there is to divide (at most the claims' sum)"),
            "claims": _map_of(NUMBER, "bankruptcy: player id -> its claim"),
            "costs": _map_of(NUMBER, "airport: player id -> the cost of the facility it needs (a cost game)"),
        },
        required=("type",),
        description="a classic game instead of an alliance",
    )
    alliance = _object(
        {
            "name": _d(TEXT, "the alliance's name, as in the agreement"),
            "currency": _d({"type": "string", "pattern": "^[A-Z]{3}$"},
                           "the ISO 4217 code of the currency amounts are in (CNY, EUR, …); amounts are rounded to its "
                           "minor unit"),
            "discount_rate": _d(NUMBER, "the yearly rate royalties and margins are discounted at (0.08 is 8 %; at "
                                "least 0, below 1)", 0),
            "minor_unit": _d({"type": "integer", "minimum": 0, "maximum": 6},
                             "decimals amounts are rounded to (default: the currency's, 2 for most; JPY 0, KWD 3)"),
            "description": _d(FREE, FREE_TEXT),
            "language": _enum(("en", "zh", "zh+en"), "the default language of outputs and of texts given in two "
                              "languages: en, zh or zh+en (Chinese first, then English); --lang overrides it", "en"),
        },
        required=("name",),
        description="the alliance: its name, currency and discount rate (with a game section: name and currency "
        "only)",
    )
    schema = _object(
        {
            "alliance": alliance,
            "members": members,
            "contributions": _d({"type": "array", "items": contribution},
                                "what each member puts in: cash, personnel, equipment, background IP, data"),
            "patents": _map_of(patent, "the alliance's patents: patent id -> patent (background and foreground)"),
            "revenue": _d({"type": "array", "items": revenue},
                          "what the patents earn: licences to outsiders and members' own use"),
            "costs": _d({"type": "array", "items": cost},
                        "what the alliance spends, and the risk of losing it (docs/risk.md)"),
            "grants": _d({"type": "array", "items": grant},
                         "government grants to members and the matching funds beside them (they matter when a "
                         "member leaves)"),
            "agreement": agreement,
            "game": game,
        },
        description="An ipshare scenario: an R&D alliance (members, contributions, patents, revenue, costs, "
        "agreement) or a classic cooperative game (game). Field reference: docs/scenario.md.",
    )
    schema["anyOf"] = [{"required": ["alliance", "members"]}, {"required": ["game"]}]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://ipshare.invalid/scenario.schema.json",
        "title": "ipshare scenario",
        **schema,
    }


def field_kind(parts) -> str | None:
    """What the field at ``parts`` (a --set path split into keys, ids and indexes) holds, by the schema:
    ``number`` (an amount, a rate, a count), ``text``, ``other`` (a choice, a list, a mapping, a boolean), or
    None when the schema has no such field.

    >>> field_kind(["revenue", "L1", "royalty", "rate"]), field_kind(["members", "JH", "name"])
    ('number', 'text')
    >>> field_kind(["agreement", "rule"]), field_kind(["alliance", "colour"])
    ('other', None)
    """
    nodes = [scenario_schema()]
    for part in parts:
        found = []
        for node in nodes:
            for branch in _branches(node):
                if branch.get("type") == "array" and "items" in branch:
                    found.append(branch["items"])  # a list item, by its id or its index
                elif isinstance(part, str) and part in branch.get("properties", {}):
                    found.append(branch["properties"][part])
                elif isinstance(branch.get("additionalProperties"), dict):
                    found.append(branch["additionalProperties"])
        if not found:
            return None
        nodes = found
    types = set()
    for node in nodes:
        for branch in _branches(node):
            kinds = branch.get("type", [])
            kinds = {kinds} if isinstance(kinds, str) else set(kinds)
            if "string" in kinds and "pattern" in branch and "[0-9]" in branch["pattern"] and "enum" not in branch:
                kinds = {"number"}  # a rational written as text, "1/3"
            types |= kinds
    if types & {"number", "integer"} and not types & {"string", "boolean", "array", "object"}:
        return "number"
    if "string" in types and not any("enum" in branch for node in nodes for branch in _branches(node)):
        return "text"
    return "other"


def _branches(node):
    """A schema node's alternatives: itself where it describes a value, and its anyOf/oneOf branches."""
    own = [node] if any(key in node for key in ("type", "properties", "items", "enum")) else []
    return own + [leaf for key in ("anyOf", "oneOf") for branch in node.get(key, ()) for leaf in _branches(branch)]


def render() -> str:
    """The schema as the text of docs/scenario.schema.json (stable key order, so regeneration is diff-free)."""
    return json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(render(), end="")
