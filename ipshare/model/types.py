"""The typed, immutable scenario and its parts (docs/scenario.md is the field reference).

A :class:`Scenario` is what the loader (:mod:`ipshare.model.loading`) returns: read-only mappings in the file's
order, exact :class:`~fractions.Fraction` numbers, and the line of every field for later messages. The agreement's
terms on rights, council, risk, withdrawal and rounding have their own types in :mod:`ipshare.model.terms`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from functools import cached_property
from types import MappingProxyType

from .paths import _line_of

__all__ = [
    "OUTPUT_LANGUAGES",
    "MEMBER_TYPES",
    "CONTRIBUTION_KINDS",
    "OWNERSHIP_RULES",
    "JOINT_LICENSING",
    "REVENUE_KINDS",
    "GAME_TYPES",
    "GAME_KINDS",
    "WEIGHT_SOURCES",
    "CLAUSE_KINDS",
    "Alliance",
    "Member",
    "Contribution",
    "Patent",
    "Royalty",
    "RevenueSource",
    "Cost",
    "Clause",
    "Agreement",
    "Bargaining",
    "GameSpec",
    "Scenario",
]


# The languages of outputs: alliance.language and --lang (DESIGN.md, "Text in two languages"); zh+en is both,
# Chinese first.
OUTPUT_LANGUAGES = ("en", "zh", "zh+en")


MEMBER_TYPES = ("enterprise", "university", "institute", "financial", "government", "other")


CONTRIBUTION_KINDS = ("cash", "personnel", "equipment", "background-ip", "data", "other")


OWNERSHIP_RULES = ("by-contribution", "equal", "as-given")


JOINT_LICENSING = ("unanimous", "any-owner")


REVENUE_KINDS = ("licence", "own-use")


GAME_TYPES = ("table", "weighted-voting", "bankruptcy", "airport")


GAME_KINDS = ("benefit", "cost")


# Where the weights of the weighted rules (nash-weighted, shapley-weighted) come from, when not given member by member.
WEIGHT_SOURCES = ("proportional", "equal")


CLAUSE_KINDS = (
    "min_share",
    "max_share",
    "min_amount",
    "max_amount",
    "fixed",
    "ratio",
    "individual_rationality",
    "core",
    "near",
)


@dataclass(frozen=True)
class Alliance:
    name: str
    currency: str | None = None
    discount_rate: Fraction = Fraction(0)
    minor_unit: int | None = None
    description: str | None = None
    language: str = "en"  # the default language of outputs (OUTPUT_LANGUAGES)


@dataclass(frozen=True)
class Member:
    id: str
    name: str
    type: str
    role: str | None = None
    description: str | None = None
    joined: date | None = None  # a member from this date (included); None: from the start (ipshare.model.dates)
    left: date | None = None  # until this date (excluded); None: still a member


@dataclass(frozen=True)
class Contribution:
    id: str
    member: str
    kind: str
    value: Fraction
    substitute_cost: Fraction | None = None
    quantity: Fraction | None = None
    unit: str | None = None
    description: str | None = None
    date: date | None = None  # when it was made; at an earlier date it does not count (ipshare.alliance.at_date)


@dataclass(frozen=True)
class Patent:
    """A patent. ``owners`` is what the file says (``None`` when the agreement's ownership rule derives it)."""

    id: str
    title: str
    owners: Mapping[str, Fraction] | None = None
    background: bool = False
    made_from: tuple[str, ...] = ()
    builds_on: tuple[str, ...] = ()
    description: str | None = None
    filed: date | None = None
    granted: date | None = None
    # country -> (from, to or None): the half-open periods it is in force in; None: in force everywhere, always
    in_force: Mapping[str, tuple[date, date | None]] | None = None


@dataclass(frozen=True)
class Royalty:
    rate: Fraction
    base: Fraction
    years: int
    by_country: Mapping[str, Fraction] | None = None  # the base country by country (base is their sum)


@dataclass(frozen=True)
class RevenueSource:
    id: str
    kind: str  # licence | own-use
    requires: tuple[str, ...] = ()
    licensee: str | None = None
    upfront: Fraction = Fraction(0)
    royalty: Royalty | None = None
    exploiter: str | None = None
    margin: Fraction = Fraction(0)
    years: int = 1
    probability: Fraction = Fraction(1)
    description: str | None = None
    exclusive: bool = False  # licences: an exclusive licence (co-owners' consent under the presets)
    signed: date | None = None  # licences: when it was signed (a leaver keeps its part of licences signed before)
    pool: bool = False  # licences: a pool licence, paying in a country where any of its patents is in force there


@dataclass(frozen=True)
class Cost:
    id: str
    item: str
    amount: Fraction
    failure_probability: Fraction = Fraction(0)
    members: tuple[str, ...] = ()
    description: str | None = None
    shares: Mapping[str, Fraction] | None = None  # members' agreed shares of the cost (equal when None)
    distribution: object = None  # ipshare.model.terms.Distribution: the amount as a random variable


@dataclass(frozen=True)
class Clause:
    """One voluntary clause of the agreement, validated here and applied by the LP rules.

    ``kind`` is the clause's operative key (``min_share``, ``ratio``, ``core``, …); ``targets`` the members it
    names (a member, a list, or every member of a ``type``), already resolved; ``params`` the rest.
    """

    id: str
    kind: str
    value: object
    targets: tuple[str, ...] = ()
    params: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))
    description: str | None = None


@dataclass(frozen=True)
class Agreement:
    ownership: str = "by-contribution"
    joint_licensing: str = "unanimous"
    rule: str | None = None
    clauses: tuple[Clause, ...] = ()
    blocs: tuple[tuple[str, ...], ...] | None = None  # a priori unions of members, for the owen rule
    bargaining: Bargaining | None = None  # threat point and bargaining weights of the bargaining rules
    shapley_weights: Mapping[str, Fraction] | str | None = None  # weights of shapley-weighted, or a WEIGHT_SOURCE
    # Rights and risk (ipshare.model.terms, docs/rights.md, docs/risk.md)
    preset: str | None = None
    lead: str | None = None
    revenue_share: Mapping[str, Fraction] | None = None
    council: object = None  # ipshare.model.terms.Council
    risk: object = None  # ipshare.model.terms.RiskTerms
    risk_factors: object = None  # ipshare.model.terms.RiskFactors
    withdrawal: object = None  # ipshare.model.terms.WithdrawalTerms
    rounding: object = None  # ipshare.model.terms.RoundingTerms: how shown amounts break ties
    negotiable: tuple = ()  # ipshare.model.negotiable.Negotiable: the terms on the table, for `ipshare serve`
    conversion: object = None  # ipshare.model.currency.ConversionRule: how receipts in other currencies convert
    distribution: tuple | None = None  # ipshare.model.distribution: the books' waterfall (None: split by rule)
    # The document this agreement is (DESIGN.md, "The annex as a document"): its title, date, and how it names the
    # annex ipshare writes ("Annex 2"). Texts may be in two languages (ipshare.model.text.Text).
    title: str | None = None
    date: object = None  # datetime.date
    annex: str | None = None


@dataclass(frozen=True)
class Bargaining:
    """The bargaining rules' parameters (docs/rules.md), from ``agreement.bargaining`` or ``game.bargaining``.

    ``disagreement``: what a member gets if no agreement is reached, for the members the file lists (the others
    keep their stand-alone value v({i})); in a cost game, what it would pay. ``weights``: the bargaining weights
    of ``nash-weighted``, a weight for every member or a WEIGHT_SOURCE.
    """

    disagreement: Mapping[str, Fraction] | None = None
    weights: Mapping[str, Fraction] | str | None = None


@dataclass(frozen=True)
class GameSpec:
    """A classic game given directly in a scenario's ``game:`` section."""

    type: str
    players: tuple[str, ...]
    kind: str = "benefit"
    values: Mapping[int, Fraction] | None = None  # table: bitmask -> value (unlisted coalitions are 0)
    quota: Fraction | None = None
    weights: Mapping[str, Fraction] | None = None
    estate: Fraction | None = None
    claims: Mapping[str, Fraction] | None = None
    costs: Mapping[str, Fraction] | None = None
    unions: tuple[tuple[str, ...], ...] | None = None
    cooperation: tuple[tuple[str, str], ...] | None = None
    name: str | None = None
    description: str | None = None
    bargaining: Bargaining | None = None
    shapley_weights: Mapping[str, Fraction] | str | None = None


@dataclass(frozen=True, eq=False)
class Scenario:
    """A validated scenario. Immutable; mappings are read-only views that keep the file's order."""

    path: str
    sha256: str
    alliance: Alliance
    members: Mapping[str, Member]
    contributions: tuple[Contribution, ...] = ()
    patents: Mapping[str, Patent] = field(default_factory=lambda: MappingProxyType({}))
    revenue: tuple[RevenueSource, ...] = ()
    costs: tuple[Cost, ...] = ()
    agreement: Agreement = Agreement()
    game: GameSpec | None = None
    source_lines: Mapping[tuple, int] = field(default_factory=lambda: MappingProxyType({}), repr=False)
    overrides: tuple[str, ...] = ()  # what-if changes applied on top of the file ("PATH=VALUE")
    grants: tuple = ()  # ipshare.model.terms.Grant: government grants and the members' matching funds

    @property
    def name(self) -> str:
        return self.alliance.name

    @property
    def member_ids(self) -> tuple[str, ...]:
        """The members in file order; for a game section, its players."""
        if self.game is not None:
            return self.game.players
        return tuple(self.members)

    @property
    def currency(self) -> str | None:
        return self.alliance.currency

    def contribution(self, contribution_id: str) -> Contribution:
        return self._contributions_by_id[contribution_id]

    @cached_property
    def _contributions_by_id(self) -> Mapping[str, Contribution]:
        # Built once: large alliances look contributions up tens of thousands of times.
        return MappingProxyType({contribution.id: contribution for contribution in self.contributions})

    def line_of(self, *path) -> int | None:
        """The line in the source file of a field, by its path of keys and list indices (best effort)."""
        return _line_of(self.source_lines, tuple(path))
