"""``agreement.distribution``: how the alliance's books distribute each period's receipts, as an ordered waterfall.

Each step takes from what the steps before it left (DESIGN.md, "The alliance's books"; docs/books.md):

- ``recover`` repays members' unreimbursed expenses of one ``kind`` (every kind when absent), pro rata to what
  each is owed; ``rate`` limits it to that share of the period's receipts, ``cap`` to that amount a period;
- ``fee`` gives one ``member`` the share ``rate`` of what is left (an administration fee);
- ``split`` gives the rest to the members by a ``rule`` (default: ``agreement.rule``, else shapley) or by fixed
  ``shares``;
- ``tiers`` gives the rest by shares that change with the cumulative amount that has reached the step since the
  books began (each tier ``upto`` a cumulative threshold, the last one without).

A waterfall ends with exactly one ``split`` or ``tiers`` step, so that every receipt goes somewhere. The steps are
checked with the scenario's validator (one line, ``FILE:LINE: field: message``) and kept in the immutable types
below; :mod:`ipshare.books` applies them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType

from ..exact import format_number
from ..rule_names import RULE_NAMES

__all__ = [
    "STEPS",
    "Recover",
    "Fee",
    "Split",
    "Tier",
    "Tiers",
    "distribution_steps",
    "default_waterfall",
    "waterfall_of",
]

STEPS = ("recover", "fee", "split", "tiers")


@dataclass(frozen=True)
class Recover:
    """Repay unreimbursed expenses of ``kind`` (every kind when None), pro rata to what each member is owed, at most
    ``rate`` × the period's receipts and at most ``cap`` a period (no limit when None)."""

    kind: str | None = None
    rate: Fraction | None = None
    cap: Fraction | None = None
    description: str | None = None
    step: str = "recover"


@dataclass(frozen=True)
class Fee:
    """An administration fee: ``member`` receives ``rate`` × what the steps before left."""

    member: str
    rate: Fraction
    description: str | None = None
    step: str = "fee"


@dataclass(frozen=True)
class Split:
    """The rest, by a ``rule`` (None: the agreement's rule, else shapley) or by fixed ``shares`` (summing to 1)."""

    rule: str | None = None
    shares: Mapping[str, Fraction] | None = None
    description: str | None = None
    step: str = "split"


@dataclass(frozen=True)
class Tier:
    """One tier: ``shares`` (summing to 1) of the part of the cumulative amount up to ``upto`` (None: no limit)."""

    shares: Mapping[str, Fraction]
    upto: Fraction | None = None


@dataclass(frozen=True)
class Tiers:
    """The rest, by tiers of the cumulative amount that has reached this step since the books began."""

    tiers: tuple[Tier, ...]
    description: str | None = None
    step: str = "tiers"


_KEYS = {
    "recover": ("step", "kind", "rate", "cap", "description"),
    "fee": ("step", "member", "rate", "description"),
    "split": ("step", "rule", "shares", "description"),
    "tiers": ("step", "tiers", "description"),
}


def default_waterfall() -> tuple:
    """The waterfall of an agreement without ``distribution``: the whole receipt split by the agreement's rule."""
    return (Split(),)


def waterfall_of(agreement) -> tuple:
    """The steps of ``agreement.distribution``, or the default waterfall."""
    steps = getattr(agreement, "distribution", None)
    return tuple(steps) if steps else default_waterfall()


def distribution_steps(check, raw, path, members) -> tuple:
    """The ``agreement.distribution`` list, checked (``check`` is the scenario's validator)."""
    items = check.sequence(raw, path, "a list of steps (recover, fee, split, tiers)")
    if not items:
        check.fail(path, "name at least one step, ending with split or tiers (or leave out `distribution`: the "
                         "whole receipt is then split by agreement.rule)")
    steps = []
    for index, item in enumerate(items):
        item_path = path + (index,)
        check.mapping(item, item_path)
        if "step" not in item:
            check.fail(item_path, f"missing required key 'step' ({', '.join(STEPS)})")
        kind = check.choice(item["step"], item_path + ("step",), STEPS, "step")
        check.keys(item, item_path, _KEYS[kind])
        description = check.description(item, item_path)
        if kind == "recover":
            steps.append(_recover(check, item, item_path, description))
        elif kind == "fee":
            check.keys(item, item_path, _KEYS[kind], ("member", "rate"))
            steps.append(Fee(
                member=check.ref(item["member"], item_path + ("member",), members, "member"),
                rate=check.number(item["rate"], item_path + ("rate",), minimum=0, maximum=1),
                description=description,
            ))
        elif kind == "split":
            steps.append(_split(check, item, item_path, members, description))
        else:
            check.keys(item, item_path, _KEYS[kind], ("tiers",))
            steps.append(Tiers(tiers=_tiers(check, item["tiers"], item_path + ("tiers",), members),
                               description=description))
        last = index == len(items) - 1
        if kind in ("split", "tiers") and not last:
            check.fail(item_path, f"a {kind} step gives away all that is left, so it comes last; the steps after it "
                                  "would have nothing")
        if last and kind not in ("split", "tiers"):
            check.fail(item_path, "the distribution ends with a split or tiers step, so that what is left goes "
                                  "somewhere")
    return tuple(steps)


def _recover(check, item, path, description):
    kind = None
    if "kind" in item:
        kind = check.identifier(item["kind"], path + ("kind",), "an expense kind")
    rate = cap = None
    if "rate" in item:
        rate = check.number(item["rate"], path + ("rate",), above=0, maximum=1)
    if "cap" in item:
        cap = check.number(item["cap"], path + ("cap",), above=0)
    return Recover(kind=kind, rate=rate, cap=cap, description=description)


def _split(check, item, path, members, description):
    if "rule" in item and "shares" in item:
        check.fail(path + ("shares",), "a split is by a rule or by shares; give `rule` or `shares`, not both")
    rule = None
    if "rule" in item:
        rule = check.choice(item["rule"], path + ("rule",), RULE_NAMES, "rule")
    shares = None
    if "shares" in item:
        shares = _shares(check, item["shares"], path + ("shares",), members)
    return Split(rule=rule, shares=shares, description=description)


def _shares(check, raw, path, members):
    check.mapping(raw, path, "a mapping of member id to share")
    if not raw:
        check.fail(path, "give at least one member a share")
    shares = {}
    for member, value in raw.items():
        check.ref(member, path + (member,), members, "member")
        shares[member] = check.number(value, path + (member,), minimum=0, maximum=1)
    total = sum(shares.values(), Fraction(0))
    if total != 1:
        check.fail(path, f"the shares must sum to 1, they sum to {format_number(total)}")
    return MappingProxyType({member: shares[member] for member in members if member in shares})


def _tiers(check, raw, path, members):
    items = check.sequence(raw, path, "a list of tiers, each with `shares` and, but for the last, `upto`")
    if not items:
        check.fail(path, "give at least one tier")
    tiers = []
    below = Fraction(0)
    for index, item in enumerate(items):
        item_path = path + (index,)
        check.mapping(item, item_path)
        check.keys(item, item_path, ("upto", "shares"), ("shares",))
        last = index == len(items) - 1
        upto = None
        if "upto" in item:
            if last:
                check.fail(item_path + ("upto",), "the last tier takes everything above the one before it; remove "
                                                  "`upto` (or add a tier above it)")
            upto = check.number(item["upto"], item_path + ("upto",), above=below)
            below = upto
        elif not last:
            check.fail(item_path, "every tier but the last needs `upto` (the cumulative amount where it ends)")
        tiers.append(Tier(shares=_shares(check, item["shares"], item_path + ("shares",), members), upto=upto))
    return tuple(tiers)
