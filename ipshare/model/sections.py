"""The sections of an alliance scenario: alliance, members, contributions, patents, revenue, costs (and the
cross-references between them: a patent's contributions, a source's patents, cycles of ``builds_on``, groups of
sources that buy in the same contribution)."""

from __future__ import annotations

import re
from pathlib import Path
from types import MappingProxyType

from . import dates, terms
from .currency import currency_problem
from .dependencies import patent_closure, sharing_groups
from .limits import MAX_BUYABLE_CONTRIBUTIONS
from .negotiable import check_paths
from .paths import _describe, _printable, _show
from .reading import _LazyLines
from .types import (
    CONTRIBUTION_KINDS,
    MEMBER_TYPES,
    OUTPUT_LANGUAGES,
    REVENUE_KINDS,
    Alliance,
    Contribution,
    Cost,
    Member,
    Patent,
    RevenueSource,
    Royalty,
    Scenario,
)
from .validator import _find_cycle, _replace

__all__ = [
    "SectionChecks",
]


class SectionChecks:
    """The alliance's sections, checked (a mixin of :class:`~ipshare.model.validator.Validator`)."""

    def scenario(self, raw, sha256):
        root = ()
        self.check_text(raw)
        if not isinstance(raw, dict):
            self.fail(root, f"a scenario must be a mapping with `members` or `game`, not {_describe(raw)}")
        top = ("alliance", "members", "contributions", "patents", "revenue", "costs", "agreement", "grants", "game")
        self.keys(raw, root, top)
        if "game" in raw:
            for key in ("members", "contributions", "patents", "revenue", "costs", "agreement", "grants"):
                if key in raw:
                    self.fail((key,), "a scenario with a `game:` section cannot also describe an alliance")
            alliance = self.alliance(raw.get("alliance"), ("alliance",), game_only=True)
            game = self.game(raw["game"], ("game",))
            if alliance is None:
                # Named after the file when the game has no name: its stem escaped and cut short, as a file name
                # may hold what no output can (a control character, a bidi override).
                alliance = Alliance(name=game.name or _printable(Path(self.name).stem))
            return Scenario(
                path=self.name,
                sha256=sha256,
                alliance=alliance,
                members=MappingProxyType({}),
                game=game,
                source_lines=self._frozen_lines(),
            )
        if "members" not in raw:
            self.fail(root, "missing `members` (an alliance) or `game` (a classic game)")
        if "alliance" not in raw:
            self.fail(root, "missing required key 'alliance'")
        alliance = self.alliance(raw["alliance"], ("alliance",))
        members = self.members(raw["members"], ("members",))
        contributions = self.contributions(raw.get("contributions", []), ("contributions",), members)
        agreement_raw = raw.get("agreement", {})
        agreement = self.agreement(agreement_raw, ("agreement",), members)
        check_paths(self, raw, agreement.negotiable, ("agreement", "negotiable"))
        patents = self.patents(raw.get("patents", {}), ("patents",), members, contributions, agreement)
        revenue = self.revenue(raw.get("revenue", []), ("revenue",), members, patents)
        self.buyable_groups(contributions, patents, revenue)
        costs = self.costs(raw.get("costs", []), ("costs",), members)
        grants = terms.grants(self, raw.get("grants", []), ("grants",), members)
        implied = terms.revenue_share_clauses(
            agreement, patents, revenue, contributions.values(), alliance.discount_rate, self, ("agreement",)
        )
        if implied:
            agreement = _replace(agreement, clauses=agreement.clauses + implied)
        return Scenario(
            path=self.name,
            sha256=sha256,
            alliance=alliance,
            members=MappingProxyType(members),
            contributions=tuple(contributions.values()),
            patents=MappingProxyType(patents),
            revenue=revenue,
            costs=costs,
            agreement=agreement,
            source_lines=self._frozen_lines(),
            grants=grants,
        )

    def _frozen_lines(self):
        return self.lines if isinstance(self.lines, _LazyLines) else MappingProxyType(dict(self.lines))

    def alliance(self, raw, path, game_only=False):
        if raw is None and game_only:
            return None
        self.mapping(raw, path)
        self.keys(raw, path, ("name", "currency", "discount_rate", "minor_unit", "description", "language"), ("name",))
        # The default language of outputs, and of the scenario's texts given in two languages (read first).
        self.language = self.choice(raw.get("language", "en"), path + ("language",), OUTPUT_LANGUAGES, "language")
        currency = self.text(raw.get("currency"), path + ("currency",), optional=True, plain=True)
        if currency is not None and not re.fullmatch(r"[A-Z]{3}", currency):
            self.fail(path + ("currency",), f"must be a three-letter currency code like CNY or EUR, got {currency!r}")
        if currency is not None and currency_problem(currency):
            self.fail(path + ("currency",), currency_problem(currency))
        minor_unit = raw.get("minor_unit")
        return Alliance(
            name=self.text(raw["name"], path + ("name",)),
            currency=currency,
            discount_rate=self.number(raw.get("discount_rate", 0), path + ("discount_rate",), minimum=0, below=1),
            minor_unit=None
            if minor_unit is None
            else self.integer(minor_unit, path + ("minor_unit",), minimum=0, maximum=6),
            description=self.description(raw, path),
            language=self.language,
        )

    def members(self, raw, path):
        self.mapping(raw, path, "a mapping of member id to member")
        if not raw:
            self.fail(path, "an alliance needs at least one member")
        members = {}
        seen = {}
        for member_id, item in raw.items():
            item_path = path + (member_id,)
            self.identifier(member_id, item_path, "a member id")
            self.distinct(seen, member_id, item_path, "member id", "a member")
            if item is None:
                self.fail(item_path, "missing required key 'type'")
            self.mapping(item, item_path)
            self.keys(item, item_path, ("name", "type", "role", "description", "joined", "left"), ("type",))
            joined = dates.check_date(self, item.get("joined"), item_path + ("joined",))
            left = dates.check_date(self, item.get("left"), item_path + ("left",))
            dates.check_order(
                self, joined, left, item_path + ("left",), f"leaves on {left}, before joining on {joined}"
            )
            members[member_id] = Member(
                id=member_id,
                name=self.text(item.get("name", member_id), item_path + ("name",)),
                type=self.choice(item["type"], item_path + ("type",), MEMBER_TYPES, "member type"),
                role=self.text(item.get("role"), item_path + ("role",), optional=True, plain=True),
                description=self.description(item, item_path),
                joined=joined,
                left=left,
            )
        return members

    def contributions(self, raw, path, members):
        contributions = {}
        allowed = ("id", "member", "kind", "value", "substitute_cost", "quantity", "unit", "description", "date")
        self.contribution_paths = {}
        for item_path, item, item_id in self.items_with_ids(raw, path, "contributions"):
            self.contribution_paths[item_id] = item_path
            self.keys(item, item_path, allowed, ("member", "kind", "value"))
            contributions[item_id] = Contribution(
                id=item_id,
                member=self.ref(item["member"], item_path + ("member",), members, "member"),
                kind=self.choice(item["kind"], item_path + ("kind",), CONTRIBUTION_KINDS, "contribution kind"),
                value=self.number(item["value"], item_path + ("value",), minimum=0),
                substitute_cost=self.number(
                    item.get("substitute_cost"), item_path + ("substitute_cost",), minimum=0, optional=True
                ),
                quantity=self.number(item.get("quantity"), item_path + ("quantity",), minimum=0, optional=True),
                unit=self.text(item.get("unit"), item_path + ("unit",), optional=True),
                description=self.description(item, item_path),
                date=dates.check_date(self, item.get("date"), item_path + ("date",)),
            )
            made, member = contributions[item_id].date, members[contributions[item_id].member]
            if made is not None and not dates.in_period(made, member.joined, member.left):
                self.fail(item_path + ("date",), f"made on {made}, when {member.id} is not a member (joined "
                          f"{member.joined or '-'}, left {member.left or '-'})")
        return contributions

    def owners(self, raw, path, members):
        self.mapping(raw, path, "a mapping of member id to share")
        if not raw:
            self.fail(path, "must name at least one owner")
        owners = {}
        for member_id, share in raw.items():
            self.ref(member_id, path + (member_id,), members, "member")
            owners[member_id] = self.number(share, path + (member_id,), above=0, maximum=1)
        total = sum(owners.values())
        if total != 1:
            self.fail(path, f"owners' shares must sum to 1, they sum to {_show(total)}")
        return MappingProxyType(owners)

    def patents(self, raw, path, members, contributions, agreement):
        self.mapping(raw, path, "a mapping of patent id to patent")
        patents = {}
        seen = {}
        allowed = ("title", "owners", "background", "from", "builds_on", "description", "filed", "granted", "in_force")
        for patent_id, item in raw.items():
            item_path = path + (patent_id,)
            self.identifier(patent_id, item_path, "a patent id")
            self.distinct(seen, patent_id, item_path, "patent id", "a patent")
            self.mapping(item, item_path)
            self.keys(item, item_path, allowed)
            background = self.boolean(item.get("background", False), item_path + ("background",))
            owners = None
            if "owners" in item:
                owners = self.owners(item["owners"], item_path + ("owners",), members)
            made_from = ()
            if "from" in item:
                made_from = self.refs(item["from"], item_path + ("from",), contributions, "contribution")
            if background:
                if made_from:
                    self.fail(item_path + ("from",), "a background patent is not made from contributions")
                if owners is None:
                    self.fail(item_path, "a background patent needs `owners`")
            else:
                if not made_from:
                    self.fail(item_path, "a foreground patent needs `from` (the contributions it was made from)")
                if owners is None and agreement.ownership == "as-given":
                    self.fail(item_path, "agreement.ownership is as-given, so this patent needs `owners`")
            filed = dates.check_date(self, item.get("filed"), item_path + ("filed",))
            granted = dates.check_date(self, item.get("granted"), item_path + ("granted",))
            dates.check_order(self, filed, granted, item_path + ("granted",), f"granted on {granted}, before it was "
                              f"filed on {filed}")
            in_force = None
            if "in_force" in item:
                in_force = dates.check_in_force(self, item["in_force"], item_path + ("in_force",), filed)
            patents[patent_id] = Patent(
                id=patent_id,
                title=self.text(item.get("title", patent_id), item_path + ("title",)),
                owners=owners,
                background=background,
                made_from=made_from,
                builds_on=(),
                description=self.description(item, item_path),
                filed=filed,
                granted=granted,
                in_force=in_force,
            )
        # builds_on refers to patents, so it is read once every patent id is known.
        for patent_id, item in raw.items():
            if "builds_on" in item:
                item_path = path + (patent_id, "builds_on")
                bases = self.refs(item["builds_on"], item_path, patents, "patent")
                if patent_id in bases:
                    self.fail(item_path, f"patent {patent_id!r} cannot build on itself")
                patents[patent_id] = _replace(patents[patent_id], builds_on=bases)
        cycle = _find_cycle({pid: p.builds_on for pid, p in patents.items()})
        if cycle:
            self.fail(path + (cycle[0], "builds_on"), "builds_on forms a cycle: " + " -> ".join(cycle))
        return patents

    def revenue(self, raw, path, members, patents):
        sources = []
        common = ("id", "kind", "requires", "probability", "description")
        licence_keys = common + ("licensee", "upfront", "royalty", "exclusive", "signed", "pool")
        own_use_keys = common + ("exploiter", "margin", "years")
        for item_path, item, item_id in self.items_with_ids(raw, path, "revenue sources"):
            if "kind" not in item:
                self.fail(item_path, "missing required key 'kind' (licence or own-use)")
            kind = self.choice(item["kind"], item_path + ("kind",), REVENUE_KINDS, "revenue kind")
            requires = ()
            if "requires" in item:
                requires = self.refs(item["requires"], item_path + ("requires",), patents, "patent")
            probability = self.number(item.get("probability", 1), item_path + ("probability",), minimum=0, maximum=1)
            description = self.description(item, item_path)
            if kind == "licence":
                self.keys(item, item_path, licence_keys, ("requires",))
                if not requires:
                    self.fail(item_path + ("requires",), "a licence must require at least one patent")
                if "upfront" not in item and "royalty" not in item:
                    self.fail(item_path, "a licence needs `upfront`, `royalty` or both")
                royalty = None
                if "royalty" in item:
                    royalty_path = item_path + ("royalty",)
                    royalty_raw = self.mapping(item["royalty"], royalty_path)
                    self.keys(royalty_raw, royalty_path, ("rate", "base", "years", "by_country"), ("rate",))
                    by_country = base = None
                    if "by_country" in royalty_raw:
                        by_country = dates.check_countries(
                            self, royalty_raw["by_country"], royalty_path + ("by_country",)
                        )
                        base = sum(by_country.values())
                    if "base" in royalty_raw:
                        given = self.number(royalty_raw["base"], royalty_path + ("base",), minimum=0)
                        if base is not None and given != base:
                            self.fail(royalty_path + ("base",), f"is {_show(given)}, but by_country sums to "
                                      f"{_show(base)}; give one of them, or make them agree")
                        base = given
                    if base is None:
                        self.fail(royalty_path, "missing required key 'base' (or by_country, the base by country)")
                    royalty = Royalty(
                        rate=self.number(royalty_raw["rate"], royalty_path + ("rate",), minimum=0, maximum=1),
                        base=base,
                        by_country=by_country,
                        years=self.integer(
                            royalty_raw.get("years", 1), royalty_path + ("years",), minimum=1, maximum=100
                        ),
                    )
                sources.append(
                    RevenueSource(
                        id=item_id,
                        kind=kind,
                        requires=requires,
                        licensee=self.text(item.get("licensee"), item_path + ("licensee",), optional=True),
                        upfront=self.number(item.get("upfront", 0), item_path + ("upfront",), minimum=0),
                        royalty=royalty,
                        probability=probability,
                        description=description,
                        exclusive=self.boolean(item.get("exclusive", False), item_path + ("exclusive",)),
                        signed=dates.check_date(self, item.get("signed"), item_path + ("signed",)),
                        pool=self.boolean(item.get("pool", False), item_path + ("pool",)),
                    )
                )
            else:
                self.keys(item, item_path, own_use_keys, ("exploiter", "margin"))
                sources.append(
                    RevenueSource(
                        id=item_id,
                        kind=kind,
                        requires=requires,
                        exploiter=self.ref(item["exploiter"], item_path + ("exploiter",), members, "member"),
                        margin=self.number(item["margin"], item_path + ("margin",), minimum=0),
                        years=self.integer(item.get("years", 1), item_path + ("years",), minimum=1, maximum=100),
                        probability=probability,
                        description=description,
                    )
                )
        return tuple(sources)

    def buyable_groups(self, contributions, patents, revenue):
        """Refuse a group of revenue sources that needs more than MAX_BUYABLE_CONTRIBUTIONS buyable contributions.

        A source needs the contributions its patents (and the patents they build on) are made from; those with a
        ``substitute_cost`` are bought in or not, and sources that share one are weighed together, over every
        choice of what to buy (ipshare.alliance.structured_benefit_game builds the game so, and refuses beyond
        the limit). The error points at the first contribution beyond the limit.
        """
        needs = [
            {c for patent_id in patent_closure(patents, source.requires) for c in patents[patent_id].made_from
             if contributions[c].substitute_cost is not None}
            for source in revenue
        ]
        groups = [
            (set().union(*(needs[i] for i in group)), [revenue[i].id for i in group]) for group in sharing_groups(needs)
        ]
        position = {contribution_id: i for i, contribution_id in enumerate(contributions)}
        for buyable, sources in groups:
            if len(buyable) > MAX_BUYABLE_CONTRIBUTIONS:
                beyond = sorted(buyable, key=position.__getitem__)[MAX_BUYABLE_CONTRIBUTIONS]
                shown = ", ".join(sources[:5]) + (f" and {len(sources) - 5} more" if len(sources) > 5 else "")
                self.fail(
                    self.contribution_paths[beyond] + ("substitute_cost",),
                    f"{len(buyable)} contributions with a substitute_cost are needed together by revenue source"
                    f"{'s' if len(sources) > 1 else ''} {shown} (sources that share one are weighed together); at "
                    f"most {MAX_BUYABLE_CONTRIBUTIONS} can be weighed at once: give fewer of them a substitute_cost",
                )

    def costs(self, raw, path, members):
        costs = []
        allowed = ("id", "item", "amount", "failure_probability", "members", "distribution", "description")
        for item_path, item, item_id in self.items_with_ids(raw, path, "costs"):
            self.keys(item, item_path, allowed, () if "distribution" in item else ("amount",))
            members_of, shares = (), None
            if "members" in item:
                members_of, shares = terms.cost_members(self, item["members"], item_path + ("members",), members)
            amount = self.number(item.get("amount"), item_path + ("amount",), minimum=0, optional=True)
            distribution = None
            if "distribution" in item:
                distribution = terms.distribution(self, item["distribution"], item_path + ("distribution",), amount)
                amount = distribution.mean
            costs.append(
                Cost(
                    id=item_id,
                    item=self.text(item.get("item", item_id), item_path + ("item",)),
                    amount=amount,
                    shares=shares,
                    distribution=distribution,
                    failure_probability=self.number(
                        item.get("failure_probability", 0),
                        item_path + ("failure_probability",),
                        minimum=0,
                        maximum=1,
                    ),
                    members=members_of,
                    description=self.description(item, item_path),
                )
            )
        return tuple(costs)
