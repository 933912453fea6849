"""An alliance's benefit game kept source by source, for alliances too large for a table (docs/scale.md).

Each revenue source depends only on the members it touches; sources sharing a buyable contribution are weighed
together (what to buy in is one decision for them). :func:`structured_benefit_game` groups the sources so and
returns a :class:`~ipshare.games.structured.StructuredGame`: a sum of small component games plus a constant, whose
value of any coalition is that of the dense benefit game (:func:`ipshare.alliance.benefit.benefit_game`).
"""

from __future__ import annotations

import math
from collections import Counter
from fractions import Fraction

import numpy as np

from ..errors import GameError
from ..games.structured import MAX_COMPONENT_PLAYERS, Component, StructuredGame
from ..games.table import require_memory
from ..model.dependencies import sharing_groups
from ..model.limits import MAX_BUYABLE_CONTRIBUTIONS
from ..model.loading import _collector_paused
from ..model.money import revenue_value
from .ownership import patent_owners

__all__ = ["structured_benefit_game", "MAX_CLASS_STATES"]


# A component without a table is valued exactly from the counts of its interchangeable members when it has at most
# this many count vectors (Π (class size + 1)); beyond, its values are estimated by sampling.
MAX_CLASS_STATES = 1 << 18


# A group of revenue sources evaluates coalitions in chunks of about this many bytes of working memory.
_CHUNK_BYTES = 32 << 20


@_collector_paused
def structured_benefit_game(scenario) -> StructuredGame:
    """The alliance's benefit game (docs/model.md) as a sum of small games, one per group of revenue sources.

    A revenue source depends only on the members it touches: the owners whose consent its patents need (with
    the patents they build on), the members whose contributions those patents are made from, and its exploiter.
    Substitute purchases couple sources: a contribution bought in once serves every source that needs it, and
    v(S) maximises over which contributions S buys. So sources that need a common buyable contribution are put in
    one component, whose value is maximised over its own purchases; components share no purchase, and the sum of
    their maxima is the maximum of the sum. The result equals :func:`ipshare.alliance.benefit_game` coalition by
    coalition (tests/test_structure.py checks it on generated alliances).

    What a component can do with no member at all (patents made only from contributions anyone can buy) is not
    a value of the empty coalition, which is 0; it becomes the constant that every non-empty coalition gets.
    """
    from .consent import consent_members, source_consent
    from .ownership import required_patents

    if scenario.game is not None:
        raise GameError("this scenario is a classic game, not an alliance")
    from .at_date import as_of

    scenario = as_of(scenario)  # patents and licences counted by country (docs/time-and-place.md)
    players = tuple(scenario.members)
    index = {member: i for i, member in enumerate(players)}
    owners = patent_owners(scenario)
    contributions = {c.id: c for c in scenario.contributions}
    rate = scenario.alliance.discount_rate

    # Which members and buyable contributions each source depends on.
    needs = []
    consents = {}  # source id -> each patent's consent groups (computed once: many owners make it costly)
    for source in scenario.revenue:
        patents = required_patents(scenario, source)
        touched = set()
        buyable = set()
        if source.exploiter is not None:
            touched.add(source.exploiter)
        consent = source_consent(scenario, source, owners)  # who may agree to each patent's use (alliance.consent)
        consents[source.id] = consent
        for patent_id in patents:
            patent = scenario.patents[patent_id]
            touched.update(consent_members(consent[patent_id]))
            for contribution_id in patent.made_from:
                contribution = contributions[contribution_id]
                touched.add(contribution.member)
                if contribution.substitute_cost is not None:
                    buyable.add(contribution_id)
        needs.append((source, patents, touched, buyable))

    # Sources sharing a buyable contribution form one component (as the loader groups them, to refuse what is too
    # many to weigh).
    groups = sharing_groups([buyable for *_, buyable in needs])
    grouped = [[needs[i] for i in members_of_group] for members_of_group in groups]
    _require_table_memory(grouped)
    components = []
    constant = Fraction(0)
    from ..deadline import check as check_deadline

    for sources in grouped:
        check_deadline("the benefit game")
        touched = sorted(set().union(*(s[2] for s in sources)), key=index.__getitem__)
        buyable = sorted(set().union(*(s[3] for s in sources)))
        if len(buyable) > MAX_BUYABLE_CONTRIBUTIONS:
            raise GameError(
                f"{len(buyable)} contributions with a substitute_cost are shared by one group of revenue sources; "
                f"at most {MAX_BUYABLE_CONTRIBUTIONS} can be weighed at once"
            )
        worth = [revenue_value(s[0], rate) for s in sources]
        prices = [contributions[c].substitute_cost for c in buyable]
        denominator = math.lcm(1, *(f.denominator for f in worth + prices))
        evaluator = _SourceGroup(
            scenario, touched, sources, buyable, [consents[s[0].id] for s in sources], worth, prices, denominator
        )
        label = "+".join(s[0].id for s in sources)
        if len(touched) > MAX_COMPONENT_PLAYERS:
            empty = evaluator.numerators(np.zeros((1, len(touched)), dtype=bool))[0]
            constant += Fraction(int(empty), denominator)
            component = Component(
                tuple(index[m] for m in touched),
                evaluate=evaluator.shifted(empty),
                label=label,
                classes=evaluator.interchangeable(),
                numerators=evaluator.shifted_numerators(empty),
                denominator=denominator,
            )
        else:
            numerators = evaluator.table()
            empty = numerators[0]  # row 0 is the empty coalition
            constant += Fraction(int(empty), denominator)
            numerators = numerators - empty
            if not touched:  # realised by any coalition whatever its members: all of it is in the constant
                continue
            component = Component(
                tuple(index[m] for m in touched),
                values=numerators.astype(np.float64) / denominator,
                exact=(numerators, denominator),
                label=label,
            )
        components.append(component)
    components = _merge_same_players(components)
    return StructuredGame(
        players,
        components,
        "benefit",
        constant=constant,
        name=scenario.name,
        scenario=scenario,
        unions=_blocs(scenario),
    )


def _require_table_memory(grouped):
    """Refuse, before building any, tables of the groups of revenue sources that would not fit in memory.

    Each group of at most MAX_COMPONENT_PLAYERS members keeps 2^k values twice (float64 and int64 numerators); a
    group is evaluated in chunks of coalitions, so its working memory is bounded apart from that.
    """
    sizes = [len(set().union(*(s[2] for s in sources))) for sources in grouped]
    tabulated = [k for k in sizes if k <= MAX_COMPONENT_PLAYERS]
    table_bytes = sum(16 << k for k in tabulated)
    if tabulated:
        require_memory(
            table_bytes + _CHUNK_BYTES,
            f"the alliance's game by revenue source ({len(tabulated):,} groups of sources, the largest touching "
            f"{max(tabulated)} members, each kept as a table of 2^k coalition values)",
            "describe fewer members per revenue source (each source's patents, contributions and consent), or "
            "merge sources that share their members",
        )


def _coalition_rows(k, start, stop):
    """The coalitions with masks start..stop−1 of k players, as rows of a boolean matrix (bit j = column j)."""
    masks = np.arange(start, stop, dtype=np.int64)
    return ((masks[:, None] >> np.arange(k)) & 1).astype(bool)


# A table of at most this many coalitions is computed on Python ints as bit sets (numpy's cost per operation would
# dominate on arrays this short).
_BITSET_ROWS = 1 << 12


_BITS = {}


def _coalition_bits(k):
    """For k players, k ints: bit s of the j-th is bit j of the mask s (coalition s holds player j), s < 2^k."""
    if k not in _BITS:
        rows = _coalition_rows(k, 0, 1 << k)
        _BITS[k] = tuple(
            int.from_bytes(np.packbits(rows[:, j], bitorder="little").tobytes(), "little") for j in range(k)
        )
    return _BITS[k]


def _blocs(scenario):
    return getattr(scenario.agreement, "blocs", None)


class _SourceGroup:
    """The worth of a group of revenue sources for coalitions of the members it touches (exact numerators)."""

    def __init__(self, scenario, touched, sources, buyable, consents, worth, prices, denominator):
        self.scenario = scenario
        self.column = {member: j for j, member in enumerate(touched)}
        self.sources = sources
        self.buyable = buyable
        self.consents = consents  # per source: patent -> consent groups (ipshare.alliance.consent.source_consent)
        self.worth = [int(w * denominator) for w in worth]
        self.prices = [int(p * denominator) for p in prices]
        self.denominator = denominator
        total = sum(map(abs, self.worth)) + sum(self.prices)
        self.dtype = np.int64 if total < 1 << 62 else object
        patents = []
        for _, needed, _, _ in self.sources:
            patents.extend(p for p in needed if p not in patents)
        self.order = _patent_order(scenario, patents)
        # Boolean arrays alive at once while a chunk of coalitions is evaluated: one per patent and per source,
        # and a few more; the chunk is sized so that they stay within _CHUNK_BYTES.
        per_row = len(self.order) + len(self.sources) + 8 + 3 * 8
        self.chunk_rows = max(1024, _CHUNK_BYTES // per_row)

    def table(self):
        """The numerators of all 2^k coalitions of the touched members, by mask, computed chunk by chunk."""
        k = len(self.column)
        size = 1 << k
        if size <= _BITSET_ROWS:  # a small table: its coalitions as bits of Python ints, one int per member
            return self._numerators(None, bits=_coalition_bits(k))
        result = None
        for start in range(0, size, self.chunk_rows):
            stop = min(size, start + self.chunk_rows)
            part = self._numerators(_coalition_rows(k, start, stop))
            if result is None:
                result = np.empty(size, dtype=part.dtype)
            result[start:stop] = part
        return result

    def numerators(self, membership):
        """The numerators of the coalitions given as rows of a boolean matrix over the touched members."""
        membership = np.asarray(membership, dtype=bool)
        m = membership.shape[0]
        if m <= self.chunk_rows:
            return self._numerators(membership)
        step = self.chunk_rows
        return np.concatenate([self._numerators(membership[start : start + step]) for start in range(0, m, step)])

    def _numerators(self, membership, bits=None):
        from .consent import consent_holds

        scenario = self.scenario
        if bits is None:
            m = membership.shape[0]
            everyone = np.ones(m, dtype=bool)

            def member_in(member):
                return membership[:, self.column[member]]

            def rows(held):
                return held
        else:  # bits[j]: an int whose bit s says whether coalition s holds member j; & | ^ as on boolean arrays
            m = 1 << len(bits)
            everyone = (1 << m) - 1

            def member_in(member):
                return bits[self.column[member]]

            def rows(held):
                data = np.frombuffer(held.to_bytes((m + 7) // 8, "little"), dtype=np.uint8)
                return np.unpackbits(data, count=m, bitorder="little")

        # The coalitions holding the consent each source's patents need for its purpose, as ipshare.alliance.consent
        # decides (its source_access, from the consent groups computed once).
        consent = []
        for groups_by_patent in self.consents:
            allowed = everyone
            for groups in groups_by_patent.values():
                allowed = allowed & consent_holds(groups, member_in, everyone)
            consent.append(allowed)
        best = None
        for choice in range(1 << len(self.buyable)):
            bought = {c for j, c in enumerate(self.buyable) if choice >> j & 1}
            usable = {}
            for patent_id in self.order:
                ok = everyone
                for contribution_id in scenario.patents[patent_id].made_from:
                    if contribution_id not in bought:
                        ok = ok & member_in(scenario.contribution(contribution_id).member)
                for base in scenario.patents[patent_id].builds_on:
                    ok = ok & usable[base]
                usable[patent_id] = ok
            total = np.zeros(m, dtype=self.dtype)
            for (source, needed, _, _), value, allowed in zip(self.sources, self.worth, consent, strict=True):
                ok = allowed
                for patent_id in needed:
                    ok = ok & usable[patent_id]
                if source.exploiter is not None:
                    ok = ok & member_in(source.exploiter)
                total += rows(ok).astype(self.dtype) * value
            for j, contribution_id in enumerate(self.buyable):
                if choice >> j & 1:
                    pays = everyone ^ member_in(scenario.contribution(contribution_id).member)
                    total -= rows(pays).astype(self.dtype) * self.prices[j]
            best = total if best is None else np.maximum(best, total)
        return best

    def shifted(self, empty):
        def evaluate(membership):
            return (self.numerators(membership) - empty).astype(np.float64) / self.denominator

        return evaluate

    def shifted_numerators(self, empty):
        def numerators(membership):
            return self.numerators(membership) - empty

        return numerators

    # -- interchangeable members ---------------------------------------------------------------------------------

    def interchangeable(self, max_states=MAX_CLASS_STATES):
        """Classes of members that the group's worth treats alike, or None when they give too many count vectors.

        Two members are put in one class when swapping them (and, with them, the buyable contributions each makes,
        paired by price) maps the group's description — each source's worth with the condition under which a
        coalition realises it, and each purchase with its price and payer — onto itself: then no coalition's worth
        changes. Checking the swaps of every member with its class's first member proves the whole class
        interchangeable (those transpositions generate every permutation of the class). A sufficient test: two
        members it keeps apart may still be interchangeable, which costs time, never exactness.
        """
        k = len(self.column)
        terms, buys = self._description()
        mentions = [[] for _ in range(k)]  # column -> indices of the terms whose condition names it
        for t, (_, condition) in enumerate(terms):
            for column in _members_named(condition):
                mentions[column].append(t)
        made = [[] for _ in range(k)]  # column -> the buyable contributions it makes, by price
        for j, (_, price, (_, column)) in enumerate(buys):
            made[column].append((price, j))
        for row in made:
            row.sort()

        def signature(column):
            return (tuple(sorted(terms[t][0] for t in mentions[column])), tuple(p for p, _ in made[column]))

        classes = []
        for column in range(k):
            for members in classes:
                if signature(members[0]) == signature(column) and self._swap_keeps(
                    members[0], column, terms, buys, mentions, made
                ):
                    members.append(column)
                    break
            else:
                classes.append([column])
                if 1 << len(classes) > max_states:
                    return None
        classes = tuple(tuple(members) for members in classes)
        if math.prod(len(c) + 1 for c in classes) > max_states or not self._spot_check(classes):
            return None
        return classes

    def _description(self):
        """The group's worth as data: (worth, condition) per source, and (bought, price, payer) per purchase."""
        scenario = self.scenario
        buy_index = {c: j for j, c in enumerate(self.buyable)}

        def member(member_id):
            return ("m", self.column[member_id])

        def held(contribution_id):
            maker = member(scenario.contribution(contribution_id).member)
            return _any([("b", buy_index[contribution_id]), maker]) if contribution_id in buy_index else maker

        usable = {}
        for patent_id in self.order:
            patent = scenario.patents[patent_id]
            usable[patent_id] = _all([held(c) for c in patent.made_from] + [usable[b] for b in patent.builds_on])
        terms = []
        for (source, needed, _, _), value, groups_by_patent in zip(
            self.sources, self.worth, self.consents, strict=True
        ):
            consent = _all(
                [_any([_all([member(m) for m in group]) for group in groups]) for groups in groups_by_patent.values()]
            )
            parts = [consent] + [usable[p] for p in needed]
            if source.exploiter is not None:
                parts.append(member(source.exploiter))
            terms.append((value, _all(parts)))
        buys = [
            (("b", j), price, member(scenario.contribution(c).member))
            for j, (c, price) in enumerate(zip(self.buyable, self.prices, strict=True))
        ]
        return terms, buys

    def _swap_keeps(self, first, second, terms, buys, mentions, made):
        """Whether swapping two members (and their purchases, paired by price) maps the description onto itself."""
        if len(made[first]) != len(made[second]):
            return False
        columns = {first: second, second: first}
        purchases = {}
        for (_, a), (_, b) in zip(made[first], made[second], strict=True):
            purchases[a], purchases[b] = b, a
        renamed = {}

        def rename(node):
            kind = node[0]
            if kind == "m":
                return ("m", columns.get(node[1], node[1]))
            if kind == "b":
                return ("b", purchases.get(node[1], node[1]))
            if node not in renamed:
                renamed[node] = (kind, frozenset(rename(child) for child in node[1]))
            return renamed[node]

        # Terms that name neither member are unchanged; the others must be permuted among themselves.
        affected = sorted(set(mentions[first]) | set(mentions[second]))
        before = Counter(terms[t] for t in affected)
        after = Counter((terms[t][0], rename(terms[t][1])) for t in affected)
        if before != after:
            return False
        touched = [buys[j] for _, j in made[first] + made[second]]
        return Counter(touched) == Counter((rename(b), price, rename(payer)) for b, price, payer in touched)

    def _spot_check(self, classes, rows=64):
        """Random coalitions keep their worth when members are permuted within their classes (a guard)."""
        rng = np.random.default_rng(len(self.column))
        k = len(self.column)
        membership = rng.random((rows, k)) < 0.5
        permuted = membership.copy()
        for members in classes:
            if len(members) > 1:
                members = np.array(members)
                for row in range(rows):
                    permuted[row, members] = membership[row, rng.permutation(members)]
        return bool(np.array_equal(self.numerators(membership), self.numerators(permuted)))


# Conditions on coalitions as data: ("m", column) a member, ("b", j) purchase j, and ("and" | "or", frozenset).
_TRUE = ("and", frozenset())


_FALSE = ("or", frozenset())


def _all(parts):
    return _combine("and", parts, _FALSE)


def _any(parts):
    return _combine("or", parts, _TRUE)


def _combine(kind, parts, absorbing):
    children = set()
    for part in parts:
        if part == absorbing:
            return absorbing
        if part[0] == kind:
            children.update(part[1])
        else:
            children.add(part)
    if len(children) == 1:
        return next(iter(children))
    return (kind, frozenset(children))


def _members_named(condition, found=None):
    found = set() if found is None else found
    if condition[0] == "m":
        found.add(condition[1])
    elif condition[0] in ("and", "or"):
        for child in condition[1]:
            _members_named(child, found)
    return found


def _patent_order(scenario, patents):
    """The given patents with every base patent before the patents built on it."""
    order = []

    def place(patent_id):
        if patent_id in order:
            return
        for base in scenario.patents[patent_id].builds_on:
            place(base)
        order.append(patent_id)

    for patent_id in patents:
        place(patent_id)
    return order


def _merge_same_players(components):
    """Components on the same players are added into one (fewer, larger sums; the game is unchanged)."""
    merged = {}
    for component in components:
        merged.setdefault(component.players, []).append(component)
    result = []
    for key, group in merged.items():
        tables = [c for c in group if c.values is not None]
        others = [c for c in group if c.values is None]
        result.extend(others)
        if not tables:
            continue
        if len(tables) == 1:
            result.append(tables[0])
            continue
        denominator = math.lcm(*(c.exact[1] for c in tables))
        factors = [denominator // c.exact[1] for c in tables]
        bound = sum(int(np.abs(np.asarray(c.exact[0])).max()) * f for c, f in zip(tables, factors, strict=True))
        if bound < 1 << 62:  # int64 throughout: no array of Python integers for 2^k coalitions
            numerators = sum(np.asarray(c.exact[0]).astype(np.int64) * f for c, f in zip(tables, factors, strict=True))
        else:
            numerators = sum(np.asarray(c.exact[0], dtype=object) * f for c, f in zip(tables, factors, strict=True))
        result.append(
            Component(
                key,
                values=np.asarray(numerators, dtype=np.float64) / denominator,
                exact=(numerators, denominator),
                label="+".join(c.label for c in tables),
            )
        )
    return result
