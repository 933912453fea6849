"""The alliance council as its charter has it vote: types and checks of ``agreement.council``.

A council gives each member's votes (``weights``; the members listed have a seat, the others none) and the rule a
motion passes by. The plain rule is a quota of votes, [q; w] (``quota``); a charter may instead, or as well, ask
for a share of the votes (``threshold``: at least; ``more_than``: strictly more), of all the votes or of those
present (``of``), further majorities that must all be reached (``majorities``: of the members — one a seat — or of
another count, such as capital or population: a double or triple majority), a quorum (``quorum``: how many members,
or what votes, must take part), members whose yes is required (``vetoes``), and whether an abstention counts as a
vote against or as absence (``abstention``). ``matters`` gives a rule per kind of decision (admissions, the annual
plan, licensing …): each matter takes the council's fields and replaces those it states.

docs/rights.md ("Council") says which game the power indices are computed on; ``ipshare.games.simple`` turns a rule
into that game. Every check is one line, ``FILE:LINE: field: message`` (``check`` is the model's validator).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction
from types import MappingProxyType

from ..exact import format_fraction, format_number

__all__ = [
    "ABSTENTION",
    "SHARE_BASES",
    "GENERAL",
    "Majority",
    "Quorum",
    "DecisionRule",
    "Council",
    "council_terms",
]

# How an abstention counts: as a vote against (``against``), or as if the member were absent (``absent``).
ABSTENTION = ("against", "absent")
# What a share is of: all the votes (of every seat), or the votes of the members present.
SHARE_BASES = ("all", "present")
# The council's own rule is reported under this name, beside the matters the charter lists.
GENERAL = "general"

RULE_KEYS = ("quota", "threshold", "more_than", "of", "majorities", "quorum", "vetoes", "abstention", "description")
COUNCIL_KEYS = ("weights", *RULE_KEYS, "matters")
MAJORITY_KEYS = ("votes", "name", "quota", "threshold", "more_than", "of")
QUORUM_KEYS = ("members", "members_share", "votes", "votes_share")
_TESTS = ("quota", "threshold", "more_than")


@dataclass(frozen=True)
class Majority:
    """One count a motion must reach: the yes votes under ``weights`` (every seat), at least ``quota``, or at least
    (``strict``: more than) ``share`` of the weights of all seats or of the seats present (``of``)."""

    counts: str  # what is counted, for messages and tables: "votes", "members" or the name the file gives
    weights: Mapping[str, Fraction]
    quota: Fraction | None = None
    share: Fraction | None = None
    strict: bool = False
    of: str = "all"
    heads: bool = False  # one a seat

    @property
    def total(self) -> Fraction:
        return sum(self.weights.values(), Fraction(0))

    def text(self) -> str:
        if self.quota is not None:
            return f"at least {format_number(self.quota)} of the {format_number(self.total)} {self.counts}"
        comparison = "more than" if self.strict else "at least"
        whose = f"of the {self.counts} present" if self.of == "present" else f"of all {self.counts}"
        return f"{comparison} {format_fraction(self.share)} {whose}"

    def without(self, member):
        return replace(self, weights=MappingProxyType({m: w for m, w in self.weights.items() if m != member}))

    def reachable(self) -> bool:
        """With every seat voting yes: a quota within the total, a share of a positive total."""
        return self.total >= self.quota if self.quota is not None else self.total > 0


@dataclass(frozen=True)
class Quorum:
    """How many must take part for a vote to count: members (a number, or a share of the seats) and votes (an
    amount, or a share of all the votes); each one given must be met."""

    members: int | None = None
    members_share: Fraction | None = None
    votes: Fraction | None = None
    votes_share: Fraction | None = None

    def text(self) -> str:
        parts = []
        if self.members is not None:
            parts.append(f"{self.members} members")
        if self.members_share is not None:
            parts.append(f"{format_fraction(self.members_share)} of the members")
        if self.votes is not None:
            parts.append(f"{format_number(self.votes)} votes")
        if self.votes_share is not None:
            parts.append(f"{format_fraction(self.votes_share)} of the votes")
        return "quorum: " + " and ".join(parts) + " present"

    def reachable(self, seats, total) -> bool:
        return (self.members or 0) <= len(seats) and (self.votes or 0) <= total


@dataclass(frozen=True)
class DecisionRule:
    """The rule one kind of decision passes by: every majority reached, the quorum met, every veto a yes."""

    majorities: tuple[Majority, ...]
    quorum: Quorum | None = None
    vetoes: tuple[str, ...] = ()
    abstention: str = "against"
    description: str | None = None

    @property
    def quorum_binds(self) -> bool:
        """Whether the quorum changes which coalitions win (docs/rights.md, "Council"): only when an abstention
        counts as absence, so that the members against a motion can break the quorum by abstaining."""
        return self.abstention == "absent" and self.quorum is not None

    @property
    def plain(self) -> bool:
        """Today's [q; w]: one quota of votes, nothing else."""
        return len(self.majorities) == 1 and self.majorities[0].quota is not None and self.quorum is None and (
            not self.vetoes
        )

    def text(self) -> str:
        parts = [majority.text() for majority in self.majorities]
        if self.vetoes:
            parts.append(("veto: " if len(self.vetoes) == 1 else "vetoes: ") + ", ".join(self.vetoes)
                         + " must vote yes")
        if self.quorum is not None:
            parts.append(self.quorum.text())
        if self.abstention == "absent":
            parts.append("an abstention counts as absence")
        return "; ".join(parts)

    def without(self, member):
        return replace(
            self,
            majorities=tuple(m.without(member) for m in self.majorities),
            vetoes=tuple(v for v in self.vetoes if v != member),
        )

    def reachable(self, seats) -> bool:
        votes = self.majorities[0].total
        return all(m.reachable() for m in self.majorities) and (
            self.quorum is None or self.quorum.reachable(seats, votes)
        )


@dataclass(frozen=True)
class Council:
    """The alliance council: each member's votes (every member of the scenario, 0 for those without), the seats
    (the members ``weights`` lists), the council's own rule and a rule per matter.

    ``quota`` is the plain quota when the file gives one (None when the council decides by a share)."""

    weights: Mapping[str, Fraction]
    quota: Fraction | None
    seats: tuple[str, ...] = ()
    rule: DecisionRule | None = None
    matters: Mapping[str, DecisionRule] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self):
        if not self.seats:
            object.__setattr__(self, "seats", tuple(m for m, w in self.weights.items() if w > 0))
        if self.rule is None:  # built by hand as [q; w]: the plain rule
            seated = MappingProxyType({m: Fraction(self.weights[m]) for m in self.seats})
            object.__setattr__(self, "rule", DecisionRule((Majority("votes", seated, quota=Fraction(self.quota)),)))

    @property
    def plain(self) -> bool:
        return self.rule.plain and not self.matters

    def rules(self) -> dict[str, DecisionRule]:
        """The council's own rule (as :data:`GENERAL`) and each matter's, in the file's order."""
        return {GENERAL: self.rule, **self.matters}

    def without(self, member) -> tuple[Council | None, list[str]]:
        """The council once ``member`` has left: its seat, votes and veto gone; a matter that can no longer pass is
        dropped, and the council if its own rule cannot (with a note saying so)."""
        if member not in self.weights:
            return self, []
        weights = MappingProxyType({m: w for m, w in self.weights.items() if m != member})
        seats = tuple(m for m in self.seats if m != member)
        if self.plain:
            if self.quota > sum(weights.values(), Fraction(0)):
                return None, [f"the council's quota {self.quota} exceeds the remaining votes; council dropped"]
            return replace(self, weights=weights, seats=seats, rule=self.rule.without(member)), []
        rule = self.rule.without(member)
        if not seats or not rule.reachable(seats):
            return None, [f"without {member} no motion of the council could pass ({rule.text()}); council dropped"]
        notes, matters = [], {}
        for name, matter in self.matters.items():
            matter = matter.without(member)
            if matter.reachable(seats):
                matters[name] = matter
            else:
                notes.append(f"without {member} no motion on {name} could pass ({matter.text()}); matter dropped")
        return replace(self, weights=weights, seats=seats, rule=rule, matters=MappingProxyType(matters)), notes


# --------------------------------------------------------------------------------------------------------------
# Checks


def council_terms(check, raw, path, members) -> Council:
    """``agreement.council`` read and checked (``members``: the scenario's members, in order)."""
    check.mapping(raw, path)
    check.keys(raw, path, COUNCIL_KEYS, ("weights",))
    check.description(raw, path)
    weights_raw = check.mapping(raw["weights"], path + ("weights",), "a mapping of member id to votes")
    if not weights_raw:
        check.fail(path + ("weights",), "the council needs at least one member with votes")
    weights = {}
    for member, value in weights_raw.items():
        check.ref(member, path + ("weights", member), members, "member")
        weights[member] = check.number(value, path + ("weights", member), minimum=0)
    seats = tuple(m for m in members if m in weights)
    given = [key for key in _TESTS if key in raw]
    if not given:
        check.fail(path, "missing required key 'quota' (the votes a motion needs), or 'threshold' / 'more_than' "
                         "(the share of the votes it needs)")
    fields = {key: (raw[key], path) for key in RULE_KEYS if key in raw}
    votes = MappingProxyType({m: weights[m] for m in seats})
    rule = _rule(check, fields, path, seats, votes)
    matters = {}
    if "matters" in raw:
        matters_path = path + ("matters",)
        items = check.mapping(raw["matters"], matters_path, "a mapping of matter id to its rule")
        for name, item in items.items():
            item_path = matters_path + (name,)
            check.identifier(name, item_path, "a matter id")
            if name == GENERAL:
                check.fail(item_path, f"{GENERAL!r} names the council's own rule (the keys beside `matters`); "
                                      "give this matter another id")
            check.mapping(item, item_path, "a mapping of the matter's rule (the council's keys it replaces)")
            check.keys(item, item_path, RULE_KEYS)
            merged = {key: value for key, value in fields.items() if key != "description"}
            if any(key in item for key in _TESTS):  # the matter's own test replaces the council's
                merged = {key: value for key, value in merged.items() if key not in _TESTS}
            merged.update({key: (item[key], item_path) for key in item})
            matters[name] = _rule(check, merged, item_path, seats, votes)
    ordered = {member: weights.get(member, Fraction(0)) for member in members}
    quota = rule.majorities[0].quota if given == ["quota"] else None
    return Council(
        weights=MappingProxyType(ordered),
        quota=quota,
        seats=seats,
        rule=rule,
        matters=MappingProxyType(matters),
    )


def _rule(check, fields, where, seats, votes) -> DecisionRule:
    """One rule from ``fields`` (key -> (value, the path of the mapping it was written in))."""
    def at(key):
        return fields[key][1] + (key,)

    given = [key for key in _TESTS if key in fields]
    if len(given) > 1:
        check.fail(at(given[1]), f"give one of quota, threshold and more_than, not {given[0]} and {given[1]}")
    total = sum(votes.values(), Fraction(0))
    main = _majority(check, {key: value for key, (value, _) in fields.items()}, at, "votes", votes, total,
                     owner=where)
    majorities = [main]
    if "majorities" in fields:
        items = check.sequence(fields["majorities"][0], at("majorities"), "a list of majorities")
        for index, item in enumerate(items):
            item_path = at("majorities") + (index,)
            check.mapping(item, item_path)
            check.keys(item, item_path, MAJORITY_KEYS, ("votes",))
            counts, weights, heads = _count(check, item, item_path, seats, index)
            majorities.append(
                _majority(check, item, lambda key, p=item_path: p + (key,), counts, weights,
                          sum(weights.values(), Fraction(0)), heads=heads, owner=item_path)
            )
    quorum = None
    if "quorum" in fields:
        quorum = _quorum(check, fields["quorum"][0], at("quorum"), seats, total)
    vetoes = ()
    if "vetoes" in fields:
        vetoes = check.refs(fields["vetoes"][0], at("vetoes"), seats, "council member (a member under weights)")
        vetoes = tuple(m for m in seats if m in vetoes)
    abstention = "against"
    if "abstention" in fields:
        value = fields["abstention"][0]
        if isinstance(value, bool):  # YAML reads a bare no as false
            check.fail(at("abstention"), f"must be against or absent, not {str(value).lower()} (YAML reads a bare "
                                         "no as false: write against)")
        abstention = check.choice(value, at("abstention"), ABSTENTION, "abstention rule")
    description = None
    if "description" in fields:
        value, owner = fields["description"]
        description = check.description({"description": value}, owner)
    return DecisionRule(tuple(majorities), quorum, vetoes, abstention, description)


def _count(check, item, path, seats, index):
    """What a further majority counts: ``heads`` (one a seat) or a weight for each seat."""
    name = check.text(item["name"], path + ("name",)) if "name" in item else None
    value = item["votes"]
    if value == "heads":
        return name or "members", MappingProxyType({m: Fraction(1) for m in seats}), True
    if not isinstance(value, dict):
        check.fail(path + ("votes",), "must be heads (one a member) or a mapping of council member to weight")
    weights = {}
    for member, amount in value.items():
        check.ref(member, path + ("votes", member), seats, "council member (a member under weights)")
        weights[member] = check.number(amount, path + ("votes", member), minimum=0)
    return name or f"majorities[{index}] weights", MappingProxyType({m: weights.get(m, Fraction(0)) for m in seats}), \
        False


def _majority(check, values, at, counts, weights, total, *, heads=False, owner):
    given = [key for key in _TESTS if key in values]
    if not given:
        check.fail(owner, "missing required key 'quota', 'threshold' or 'more_than' (what this majority needs)")
    if len(given) > 1:
        check.fail(at(given[1]), f"give one of quota, threshold and more_than, not {given[0]} and {given[1]}")
    test = given[0]
    of = "all"
    if "of" in values:
        of = check.choice(values["of"], at("of"), SHARE_BASES, "share base")
        if test == "quota":
            check.fail(at("of"), "`of` says what a share is of; a quota is a number of votes (use threshold or "
                                 "more_than for a share of those present)")
    if test == "quota":
        quota = check.number(values["quota"], at("quota"), above=0)
        if quota > total:
            check.fail(at("quota"), f"quota {format_number(quota)} exceeds the {format_number(total)} {counts}: no "
                                    "motion could pass")
        return Majority(counts, weights, quota=quota, heads=heads)
    if test == "threshold":
        share = check.number(values["threshold"], at("threshold"), above=0, maximum=1)
    else:
        share = check.number(values["more_than"], at("more_than"), minimum=0, below=1)
    if total <= 0:
        check.fail(at(test), f"the {counts} add up to 0: no share of them could pass a motion")
    return Majority(counts, weights, share=share, strict=test == "more_than", of=of, heads=heads)


def _quorum(check, raw, path, seats, total) -> Quorum:
    check.mapping(raw, path)
    check.keys(raw, path, QUORUM_KEYS)
    if not raw:
        check.fail(path, "a quorum needs members, members_share, votes or votes_share")
    found = {}
    if "members" in raw:
        found["members"] = check.integer(raw["members"], path + ("members",), minimum=1)
        if found["members"] > len(seats):
            check.fail(path + ("members",), f"the council has {len(seats)} members: a quorum of "
                                            f"{found['members']} could never meet")
    for key in ("members_share", "votes_share"):
        if key in raw:
            found[key] = check.number(raw[key], path + (key,), above=0, maximum=1)
    if "votes" in raw:
        found["votes"] = check.number(raw["votes"], path + ("votes",), above=0)
        if found["votes"] > total:
            check.fail(path + ("votes",), f"quorum {format_number(found['votes'])} exceeds the "
                                          f"{format_number(total)} votes: the council could never meet")
    return Quorum(**found)
