"""The agreement's terms on rights, council, risk and withdrawal, and the alliance's grants: typed and validated.

:mod:`ipshare.model` reads the file and validates the alliance; the parts of the format that belong to rights and
risk are checked here, with the same validator (so every problem is still one line, ``FILE:LINE: field: message``)
and kept in the immutable types below:

- ``agreement.preset`` (:data:`PRESETS`), ``agreement.lead`` and ``agreement.revenue_share``: docs/rights.md;
- ``agreement.council``: the alliance's council and how it votes (:class:`Council`, in :mod:`ipshare.model.council`);
- ``agreement.risk`` and ``agreement.risk_factors``: docs/risk.md (:class:`RiskTerms`, :class:`RiskFactors`);
- ``agreement.withdrawal``: who takes over a leaving member's patent shares (:class:`WithdrawalTerms`);
- ``agreement.rounding``: how shown amounts break ties (:class:`RoundingTerms`);
- a cost's ``members`` given with shares, and its ``distribution`` (:class:`Distribution`);
- the top-level ``grants`` list (:class:`Grant`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType

from ..exact import TIE_RULES, format_number
from .council import Council, council_terms
from .dependencies import patent_closure

__all__ = [
    "PRESETS",
    "PURPOSES",
    "RISK_MEASURES",
    "RISK_RULES",
    "DISTRIBUTIONS",
    "REASSIGNMENTS",
    "Council",
    "RiskTerms",
    "RiskFactors",
    "RoundingTerms",
    "WithdrawalTerms",
    "Distribution",
    "Grant",
]

PRESETS = ("co-owner-exploits", "consortium", "lead-exploiter")
PURPOSES = ("research", "own-use", "licensing")
RISK_MEASURES = ("expected-loss", "std", "cvar")
# The rules `ipshare risk` offers (ipshare.analyses.risk.RISK_RULE_SUMMARIES says what each does).
RISK_RULES = (
    "agreed",
    "proportional-benefit",
    "proportional-contribution",
    "shapley",
    "nucleolus",
    "scrb",
    "aca",
    "ensc",
)
DISTRIBUTIONS = ("triangular", "uniform", "normal", "lognormal")
REASSIGNMENTS = ("pro-rata", "lead")


@dataclass(frozen=True)
class RiskTerms:
    """How `ipshare risk` shares the alliance's risk unless the command line says otherwise."""

    rule: str | None = None
    measure: str = "expected-loss"
    level: Fraction = Fraction(95, 100)
    cap: Mapping[str, Fraction] | None = None  # member -> multiple of its cost share; absent: no cap
    samples: int | None = None
    seed: int = 0


@dataclass(frozen=True)
class RiskFactors:
    """Factor weights and member scores for ``risk-adjusted-shapley`` (R_i = normalised weighted score)."""

    weights: Mapping[str, Fraction]
    scores: Mapping[str, Mapping[str, Fraction]]

    def normalised(self) -> dict[str, Fraction]:
        """R_i = Σ_f w_f s_if / Σ_j Σ_f w_f s_jf, exactly; the R_i sum to 1."""
        raw = {
            m: sum((self.weights[f] * s for f, s in by_factor.items()), Fraction(0))
            for m, by_factor in self.scores.items()
        }
        total = sum(raw.values(), Fraction(0))
        return {member: value / total for member, value in raw.items()}


@dataclass(frozen=True)
class WithdrawalTerms:
    """Who takes over a leaving member's patent shares: ``pro-rata`` (the remaining co-owners, by share) or
    ``lead`` (the lead member, by pre-emption)."""

    reassign: str = "pro-rata"


@dataclass(frozen=True)
class RoundingTerms:
    """How shown amounts are rounded (:class:`ipshare.exact.Rounding`): ``ties`` breaks equal remainders, one of
    :data:`ipshare.exact.TIE_RULES`."""

    ties: str = "listed-first"


@dataclass(frozen=True)
class Distribution:
    """A cost's amount as a random variable; ``mean`` is its expected value (the cost's ``amount``)."""

    type: str
    params: Mapping[str, Fraction]
    mean: Fraction


@dataclass(frozen=True)
class Grant:
    """A government grant to one or more members, with the matching funds members put up beside it."""

    id: str
    shares: Mapping[str, Fraction]  # recipient -> share of the grant (equal when listed without shares)
    amount: Fraction
    matching: Mapping[str, Fraction] = field(default_factory=lambda: MappingProxyType({}))
    repay_on_expulsion: bool = True
    repay_on_withdrawal: bool = False
    source: str | None = None
    description: str | None = None

    @property
    def members(self) -> tuple[str, ...]:
        return tuple(self.shares)


# --------------------------------------------------------------------------------------------------------------
# Validation; ``check`` is ipshare.model's validator (fail, number, keys, ref, … with file:line locations)


AGREEMENT_KEYS = ("preset", "lead", "revenue_share", "council", "risk", "risk_factors", "withdrawal", "rounding")


def agreement_terms(check, raw, path, members) -> dict:
    """The rights, council, risk and withdrawal fields of ``agreement`` (keyword arguments for Agreement)."""
    terms = {}
    preset = None
    if "preset" in raw:
        preset = check.choice(raw["preset"], path + ("preset",), PRESETS, "agreement preset")
        if preset in ("co-owner-exploits", "consortium") and raw.get("joint_licensing", "any-owner") != "any-owner":
            who = "any co-owner" if preset == "co-owner-exploits" else "any joint owner"
            check.fail(
                path + ("joint_licensing",),
                f"preset {preset} lets {who} grant non-exclusive licences alone; remove joint_licensing "
                "(or set it to any-owner), or drop the preset",
            )
    terms["preset"] = preset
    lead = None
    if "lead" in raw:
        lead = check.ref(raw["lead"], path + ("lead",), members, "member")
    elif preset == "lead-exploiter":
        check.fail(path, "preset lead-exploiter needs `lead` (the member the results are assigned to)")
    terms["lead"] = lead
    if "revenue_share" in raw:
        if preset != "lead-exploiter":
            check.fail(path + ("revenue_share",), "revenue_share belongs to the lead-exploiter preset")
        terms["revenue_share"] = _revenue_share(check, raw["revenue_share"], path + ("revenue_share",), members, lead)
    elif preset == "lead-exploiter":
        check.fail(
            path,
            "preset lead-exploiter needs `revenue_share` (what the lead pays the others: a fraction, "
            "or a mapping member: fraction)",
        )
    if "council" in raw:
        terms["council"] = council_terms(check, raw["council"], path + ("council",), members)
    if "risk" in raw:
        terms["risk"] = _risk(check, raw["risk"], path + ("risk",), members)
    if "risk_factors" in raw:
        terms["risk_factors"] = _risk_factors(check, raw["risk_factors"], path + ("risk_factors",), members)
    if "withdrawal" in raw:
        item = check.mapping(raw["withdrawal"], path + ("withdrawal",))
        check.keys(item, path + ("withdrawal",), ("reassign",))
        reassign = check.choice(
            item.get("reassign", "pro-rata"), path + ("withdrawal", "reassign"), REASSIGNMENTS, "reassignment"
        )
        if reassign == "lead" and lead is None and not any(m.role == "lead" for m in members.values()):
            check.fail(
                path + ("withdrawal", "reassign"), "reassign: lead needs agreement.lead or a member with role: lead"
            )
        terms["withdrawal"] = WithdrawalTerms(reassign=reassign)
    if "rounding" in raw:
        item = check.mapping(raw["rounding"], path + ("rounding",))
        check.keys(item, path + ("rounding",), ("ties", "description"))
        check.description(item, path + ("rounding",))
        ties = check.choice(item.get("ties", "listed-first"), path + ("rounding", "ties"), tuple(TIE_RULES), "tie rule")
        terms["rounding"] = RoundingTerms(ties=ties)
    return terms


def default_joint_licensing(preset) -> str:
    """Under co-owner-exploits and consortium any co-owner may license alone; otherwise all must agree."""
    return "any-owner" if preset in ("co-owner-exploits", "consortium") else "unanimous"


def _revenue_share(check, raw, path, members, lead):
    if isinstance(raw, dict):
        shares = {}
        for member, value in raw.items():
            check.ref(member, path + (member,), members, "member")
            if member == lead:
                check.fail(path + (member,), "the lead pays the revenue share; it does not receive one")
            shares[member] = check.number(value, path + (member,), minimum=0, maximum=1)
        if sum(shares.values()) > 1:
            check.fail(path, f"the revenue shares sum to {float(sum(shares.values())):g}, more than the whole revenue")
        return MappingProxyType(shares)
    total = check.number(raw, path, minimum=0, maximum=1)
    # One number: the part of the lead's revenue the others share, split later by their contribution value.
    return MappingProxyType({"*": total})


def _risk(check, raw, path, members):
    check.mapping(raw, path)
    check.keys(raw, path, ("rule", "measure", "level", "cap", "samples", "seed", "description"))
    check.description(raw, path)
    rule = None
    if "rule" in raw:
        rule = check.choice(raw["rule"], path + ("rule",), RISK_RULES, "risk rule")
    cap = None
    if "cap" in raw:
        cap = _caps(check, raw["cap"], path + ("cap",), members)
    samples = None
    if "samples" in raw:
        samples = check.integer(raw["samples"], path + ("samples",), minimum=100, maximum=10**7)
    return RiskTerms(
        rule=rule,
        measure=check.choice(raw.get("measure", "expected-loss"), path + ("measure",), RISK_MEASURES, "risk measure"),
        level=check.number(raw.get("level", Fraction(95, 100)), path + ("level",), above=0, below=1),
        cap=cap,
        samples=samples,
        seed=check.integer(raw.get("seed", 0), path + ("seed",), minimum=0, maximum=2**32 - 1),
    )


def _caps(check, raw, path, members):
    if isinstance(raw, dict):
        caps = {}
        for member, value in raw.items():
            check.ref(member, path + (member,), members, "member")
            caps[member] = check.number(value, path + (member,), minimum=0)
        return MappingProxyType(caps)
    multiple = check.number(raw, path, minimum=0)
    return MappingProxyType({member: multiple for member in members})


def _risk_factors(check, raw, path, members):
    check.mapping(raw, path)
    check.keys(raw, path, ("weights", "scores", "description"), ("weights", "scores"))
    check.description(raw, path)
    weights_raw = check.mapping(raw["weights"], path + ("weights",), "a mapping of factor name to weight")
    if not weights_raw:
        check.fail(path + ("weights",), "name at least one factor")
    weights = {}
    seen = {}
    for factor, value in weights_raw.items():
        check.identifier(factor, path + ("weights", factor), "a factor name")
        check.distinct(seen, factor, path + ("weights", factor), "factor name", "a factor")
        weights[factor] = check.number(value, path + ("weights", factor), minimum=0)
    if not any(weights.values()):
        check.fail(path + ("weights",), "at least one factor weight must be positive")
    scores_raw = check.mapping(raw["scores"], path + ("scores",), "a mapping of member id to factor scores")
    scores = {}
    for member, by_factor in scores_raw.items():
        member_path = path + ("scores", member)
        check.ref(member, member_path, members, "member")
        check.mapping(by_factor, member_path, "a mapping of factor name to score")
        row = {}
        for factor, value in by_factor.items():
            if factor not in weights:
                check.fail(member_path + (factor,), f"unknown factor {factor!r}{check.suggest(factor, weights)}")
            row[factor] = check.number(value, member_path + (factor,), minimum=0)
        missing = [factor for factor in weights if factor not in row]
        if missing:
            check.fail(member_path, f"missing a score for factor {missing[0]!r}")
        scores[member] = MappingProxyType(row)
    absent = [member for member in members if member not in scores]
    if absent:
        check.fail(path + ("scores",), f"every member needs scores; missing {', '.join(absent)}")
    total = sum(weights[f] * s for row in scores.values() for f, s in row.items())
    if total == 0:
        check.fail(path + ("scores",), "the weighted scores are all zero, so they cannot be normalised")
    return RiskFactors(
        weights=MappingProxyType(weights),
        scores=MappingProxyType({member: scores[member] for member in members}),
    )


def cost_members(check, raw, path, members):
    """A cost's ``members``: a list (equal shares) or a mapping member: share (summing to 1)."""
    if isinstance(raw, dict):
        if not raw:
            check.fail(path, "must name at least one member")
        shares = {}
        for member, value in raw.items():
            check.ref(member, path + (member,), members, "member")
            shares[member] = check.number(value, path + (member,), above=0, maximum=1)
        if sum(shares.values()) != 1:
            check.fail(path, f"the shares must sum to 1, they sum to {_show(sum(shares.values()))}")
        return tuple(shares), MappingProxyType(shares)
    listed = check.refs(raw, path, members, "member")
    if not listed:
        check.fail(path, "must list at least one member (or leave `members` out: the cost is everyone's)")
    return listed, None


def distribution(check, raw, path, amount):
    """A cost's ``distribution``; its mean must equal ``amount`` when the amount is given (else it is the amount)."""
    check.mapping(raw, path)
    if "type" not in raw:
        check.fail(path, f"missing required key 'type' ({', '.join(DISTRIBUTIONS)})")
    kind = check.choice(raw["type"], path + ("type",), DISTRIBUTIONS, "distribution")
    keys = {
        "triangular": ("low", "mode", "high"),
        "uniform": ("low", "high"),
        "normal": ("mean", "sd"),
        "lognormal": ("mean", "sd"),
    }[kind]
    required = keys if kind in ("triangular", "uniform") else ("sd",)
    check.keys(raw, path, ("type", *keys), required)
    params = {}
    for key in keys:
        if key in raw:
            params[key] = check.number(raw[key], path + (key,), minimum=0)
    if kind == "triangular":
        if not params["low"] <= params["mode"] <= params["high"]:
            check.fail(path, "a triangular distribution needs low <= mode <= high")
        if params["low"] == params["high"]:
            check.fail(path + ("high",), "high must be above low (or leave out the distribution: the cost is fixed)")
        mean = (params["low"] + params["mode"] + params["high"]) / 3
    elif kind == "uniform":
        if params["low"] >= params["high"]:
            check.fail(path + ("high",), "high must be above low")
        mean = (params["low"] + params["high"]) / 2
    else:
        if "mean" not in params:
            if amount is None:
                check.fail(path, "give the distribution's `mean` or the cost's `amount`")
            params["mean"] = amount
        mean = params["mean"]
        if kind == "lognormal" and mean == 0:
            check.fail(path + ("mean",), "a lognormal cost needs a positive mean")
    if amount is not None and amount != mean:
        check.fail(
            path,
            f"the distribution's mean is {_show(mean)} but the cost's amount is {_show(amount)}; the amount is the "
            "expected cost, so give the two alike or leave out `amount`",
        )
    return Distribution(type=kind, params=MappingProxyType(params), mean=mean)


def grants(check, raw, path, members) -> tuple[Grant, ...]:
    """The top-level ``grants`` list."""
    allowed = (
        "id",
        "member",
        "members",
        "amount",
        "matching",
        "repay_on_expulsion",
        "repay_on_withdrawal",
        "source",
        "description",
    )
    result = []
    for item_path, item, item_id in check.items_with_ids(raw, path, "grants"):
        check.keys(item, item_path, allowed, ("amount",))
        if ("member" in item) == ("members" in item):
            check.fail(item_path, "a grant names its recipient: `member`, or `members` (a list or member: share)")
        if "member" in item:
            recipient = check.ref(item["member"], item_path + ("member",), members, "member")
            shares = MappingProxyType({recipient: Fraction(1)})
        else:
            listed, given = cost_members(check, item["members"], item_path + ("members",), members)
            shares = given or MappingProxyType({m: Fraction(1, len(listed)) for m in listed})
        matching = {}
        if "matching" in item:
            matching_path = item_path + ("matching",)
            check.mapping(item["matching"], matching_path, "a mapping of member id to matching funds")
            for member, value in item["matching"].items():
                check.ref(member, matching_path + (member,), members, "member")
                matching[member] = check.number(value, matching_path + (member,), minimum=0)
        result.append(
            Grant(
                id=item_id,
                shares=shares,
                amount=check.number(item["amount"], item_path + ("amount",), minimum=0),
                matching=MappingProxyType(matching),
                repay_on_expulsion=check.boolean(
                    item.get("repay_on_expulsion", True), item_path + ("repay_on_expulsion",)
                ),
                repay_on_withdrawal=check.boolean(
                    item.get("repay_on_withdrawal", False), item_path + ("repay_on_withdrawal",)
                ),
                source=check.text(item.get("source"), item_path + ("source",), optional=True),
                description=check.description(item, item_path),
            )
        )
    return tuple(result)


def lead_revenue_shares(agreement, patents, revenue, contributions, rate) -> tuple[Fraction, dict[str, Fraction]]:
    """Under the lead-exploiter preset: the lead's revenue and each other member's share of it.

    The lead's revenue is the expected present value of the revenue sources that need a foreground patent the
    preset assigns to the lead (one whose owners the file does not state). A single fraction is split among the
    other members in proportion to their contribution value. ``contributions`` is an iterable of Contribution.
    """
    from .money import revenue_value

    assigned = {pid for pid, p in patents.items() if not p.background and p.owners is None}
    base = Fraction(0)
    for source in revenue:
        if set(patent_closure(patents, source.requires)) & assigned:
            base += revenue_value(source, rate)
    shares = dict(agreement.revenue_share or {})
    if "*" in shares:
        total = shares.pop("*")
        weights = {}
        for contribution in contributions:
            if contribution.member != agreement.lead:
                weights[contribution.member] = weights.get(contribution.member, Fraction(0)) + contribution.value
        weight_sum = sum(weights.values(), Fraction(0))
        shares = {m: total * w / weight_sum for m, w in weights.items() if w} if weight_sum else {}
    return base, shares


def revenue_share_clauses(agreement, patents, revenue, contributions, rate, check, path):
    """The lead-exploiter preset's revenue share as ``min_amount`` clauses: x_i ≥ s_i · the lead's revenue
    (DOMAIN.md, "How clauses become mathematics"). Returns the clauses to add to ``agreement.clauses``."""
    from .types import Clause

    if agreement.preset != "lead-exploiter":
        return ()
    base, shares = lead_revenue_shares(agreement, patents, revenue, contributions, rate)
    taken = {clause.id.casefold() for clause in agreement.clauses}
    clauses = []
    for member, share in shares.items():
        clause_id = f"revenue-share-{member}"
        if clause_id.casefold() in taken:
            check.fail(
                path + ("revenue_share",),
                f"clause id {clause_id!r} is taken; the preset needs it for {member}'s revenue share",
            )
        clauses.append(
            Clause(
                id=clause_id,
                kind="min_amount",
                value=share * base,
                targets=(member,),
                description=f"lead-exploiter preset: {agreement.lead} pays {member} {_percent(share)} of the "
                f"expected revenue from the assigned results",
            )
        )
    return tuple(clauses)


def _percent(share):
    return f"{float(share) * 100:.4g} %"


def _show(number):
    return format_number(number)
