"""The agreement section: ownership, joint licensing, the default rule, clauses, bargaining, blocs and weights (its
terms on rights, council, risk, withdrawal and rounding are in :mod:`ipshare.model.terms`)."""

from __future__ import annotations

from types import MappingProxyType

from ..rule_names import RULE_NAMES
from . import terms
from .currency import check_conversion
from .distribution import distribution_steps
from .negotiable import negotiable_terms
from .types import (
    CLAUSE_KINDS,
    JOINT_LICENSING,
    MEMBER_TYPES,
    OWNERSHIP_RULES,
    WEIGHT_SOURCES,
    Agreement,
    Bargaining,
    Clause,
)
from .validator import parse_coalition

__all__ = [
    "AgreementChecks",
    "DOCUMENT_KEYS",
]

# The keys that name the agreement as a document (the annex's heading).
DOCUMENT_KEYS = ("title", "date", "annex")


class AgreementChecks:
    """The agreement, checked (a mixin of :class:`~ipshare.model.validator.Validator`)."""

    def agreement(self, raw, path, members):
        self.mapping(raw, path)
        self.keys(
            raw,
            path,
            ("ownership", "joint_licensing", "rule", "clauses", "blocs", "bargaining", "shapley_weights",
             "distribution")
            + terms.AGREEMENT_KEYS
            + ("negotiable", "conversion")
            + DOCUMENT_KEYS,
        )
        rights_and_risk = terms.agreement_terms(self, raw, path, members)
        rule = raw.get("rule")
        if rule is not None:
            rule = self.choice(rule, path + ("rule",), RULE_NAMES, "rule")
        clauses = []
        if "clauses" in raw:
            for item_path, item, item_id in self.items_with_ids(raw["clauses"], path + ("clauses",), "clauses"):
                clauses.append(self.clause(item, item_path, item_id, members))
        return Agreement(
            ownership=self.choice(
                raw.get("ownership", "by-contribution"), path + ("ownership",), OWNERSHIP_RULES, "ownership rule"
            ),
            joint_licensing=self.choice(
                raw.get("joint_licensing", terms.default_joint_licensing(rights_and_risk["preset"])),
                path + ("joint_licensing",),
                JOINT_LICENSING,
                "joint licensing rule",
            ),
            rule=rule,
            clauses=tuple(clauses),
            blocs=self.blocs(raw["blocs"], path + ("blocs",), members) if "blocs" in raw else None,
            distribution=(distribution_steps(self, raw["distribution"], path + ("distribution",), members)
                          if "distribution" in raw else None),
            **self.rule_parameters(raw, path, tuple(members), "member"),
            **rights_and_risk,
            **({"negotiable": negotiable_terms(self, raw["negotiable"], path + ("negotiable",))}
               if "negotiable" in raw else {}),
            # How receipts in another currency are converted (ipshare.model.currency, docs/time-and-place.md).
            conversion=check_conversion(self, raw["conversion"], path + ("conversion",)) if "conversion" in raw
            else None,
            **self.document_terms(raw, path),
        )

    def document_terms(self, raw, path):
        """The agreement as a document (DESIGN.md, "The annex as a document"): ``title`` and ``annex`` (texts,
        possibly in two languages) and ``date``."""
        found = {}
        for key in ("title", "annex"):
            if key in raw:
                found[key] = self.text(raw[key], path + (key,))
        if "date" in raw:
            found["date"] = self.date(raw["date"], path + ("date",))
        return found

    def rule_parameters(self, raw, path, players, what):
        """``bargaining`` and ``shapley_weights`` of an agreement or a game section, as keyword arguments."""
        found = {}
        if "bargaining" in raw:
            found["bargaining"] = self.bargaining(raw["bargaining"], path + ("bargaining",), players, what)
        if "shapley_weights" in raw:
            found["shapley_weights"] = self.rule_weights(
                raw["shapley_weights"], path + ("shapley_weights",), players, what, positive=True
            )
        return found

    def bargaining(self, raw, path, players, what):
        """``disagreement`` (amounts for some or all players) and ``weights`` (see :meth:`rule_weights`)."""
        self.mapping(raw, path)
        self.keys(raw, path, ("disagreement", "weights"))
        disagreement = None
        if "disagreement" in raw:
            point_path = path + ("disagreement",)
            self.mapping(raw["disagreement"], point_path, f"a mapping of {what} id to amount")
            disagreement = {}
            for player, amount in raw["disagreement"].items():
                self.ref(player, point_path + (player,), players, what)
                disagreement[player] = self.number(amount, point_path + (player,))
            disagreement = MappingProxyType(disagreement)
        weights = None
        if "weights" in raw:
            weights = self.rule_weights(raw["weights"], path + ("weights",), players, what, positive=False)
        return Bargaining(disagreement=disagreement, weights=weights)

    def rule_weights(self, raw, path, players, what, *, positive):
        """A weight for every player (positive, or non-negative and not all zero), or one of WEIGHT_SOURCES."""
        if isinstance(raw, str):
            return self.choice(raw, path, WEIGHT_SOURCES, "weight source")
        self.mapping(raw, path, f"{' or '.join(WEIGHT_SOURCES)}, or a mapping of {what} id to weight")
        weights = {}
        for player, weight in raw.items():
            self.ref(player, path + (player,), players, what)
            if positive:
                weights[player] = self.number(weight, path + (player,), above=0)
            else:
                weights[player] = self.number(weight, path + (player,), minimum=0)
        missing = [player for player in players if player not in weights]
        if missing:
            self.fail(path, f"give every {what} a weight; missing {', '.join(missing)}")
        if not any(weights.values()):
            self.fail(path, "the weights are all zero")
        return MappingProxyType(weights)

    def blocs(self, raw, path, members):
        """``by-type`` (one bloc per member type, e.g. the enterprises and the universities), or lists of members."""
        if raw == "by-type":
            groups = {}
            for member_id, member in members.items():
                groups.setdefault(member.type, []).append(member_id)
            return tuple(tuple(group) for group in groups.values())
        if isinstance(raw, str):
            self.fail(path, f"must be by-type or a list of lists of members, not {raw!r}")
        return self.unions(raw, path, tuple(members))

    def clause(self, item, path, clause_id, members):
        target_keys = ("member", "members", "type")
        allowed = ("id", "description", *target_keys, *CLAUSE_KINDS, "over", "distance")
        self.keys(item, path, allowed)
        kinds = [key for key in CLAUSE_KINDS if key in item]
        if not kinds:
            self.fail(path, f"a clause needs one of {', '.join(CLAUSE_KINDS)}")
        if len(kinds) > 1:
            self.fail(path + (kinds[1],), f"a clause states one thing; split {kinds[0]!r} and {kinds[1]!r}")
        kind = kinds[0]
        named = [key for key in target_keys if key in item]
        if len(named) > 1:
            self.fail(path + (named[1],), f"name the clause's target once: {named[0]!r} or {named[1]!r}")
        targets = ()
        if named:
            key = named[0]
            if key == "member":
                targets = (self.ref(item["member"], path + ("member",), members, "member"),)
            elif key == "members":
                targets = self.refs(item["members"], path + ("members",), members, "member")
                if not targets:
                    self.fail(path + ("members",), "must list at least one member")
            else:
                member_type = self.choice(item["type"], path + ("type",), MEMBER_TYPES, "member type")
                targets = tuple(m for m, member in members.items() if member.type == member_type)
                if not targets:
                    self.fail(path + ("type",), f"no member is of type {member_type!r}")
        needs_target = kind in ("min_share", "max_share", "min_amount", "max_amount", "fixed", "ratio")
        if needs_target and not targets:
            self.fail(path, f"a {kind} clause needs `member`, `members` or `type`")
        if not needs_target and kind != "near" and targets:
            self.fail(path + (named[0],), f"a {kind} clause applies to the whole alliance; remove {named[0]!r}")
        for extra, owner in (("over", "ratio"), ("distance", "near")):
            if extra in item and kind != owner:
                self.fail(path + (extra,), f"{extra!r} belongs to a {owner} clause")
        value_path = path + (kind,)
        params = {}
        value = item[kind]
        if kind in ("min_share", "max_share"):
            value = self.number(value, value_path, minimum=0, maximum=1)
        elif kind in ("min_amount", "max_amount", "fixed"):
            value = self.number(value, value_path)
            if kind == "fixed" and len(targets) != 1:
                self.fail(path, "a fixed clause names exactly one `member`")
        elif kind == "ratio":
            value = self.number(value, value_path, minimum=0)
            if len(targets) != 1:
                self.fail(path, "a ratio clause names exactly one `member` (x_member ≥ ratio · x_over)")
            if "over" not in item:
                self.fail(path, "a ratio clause needs `over` (the member it is compared with)")
            params["over"] = self.ref(item["over"], path + ("over",), members, "member")
            if params["over"] == targets[0]:
                self.fail(path + ("over",), "a ratio compares two different members")
        elif kind == "individual_rationality":
            value = self.boolean(value, value_path)
        elif kind == "core":
            if isinstance(value, bool):
                pass
            else:
                coalitions = self.sequence(value, value_path, 'true or a list of coalitions like "A+B"')
                value = tuple(
                    parse_coalition(c, tuple(members), lambda message, i=i: self.fail(value_path + (i,), message))
                    for i, c in enumerate(coalitions)
                )
        elif kind == "near":
            value = self.choice(value, value_path, RULE_NAMES, "rule")
            if "distance" not in item:
                self.fail(path, "a near clause needs `distance` (how far any member may be from the rule)")
            params["distance"] = self.number(item["distance"], path + ("distance",), minimum=0)
        return Clause(
            id=clause_id,
            kind=kind,
            value=value,
            targets=targets,
            params=MappingProxyType(params),
            description=self.description(item, path),
        )
