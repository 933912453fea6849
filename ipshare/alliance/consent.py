"""Consent: who may use each patent for what purpose, on which terms, and which coalitions hold the consent a
revenue source needs.

One rule answers "may member M use patent P for purpose Q, and on what terms?" (:func:`access`), for the three
purposes of :data:`~ipshare.model.terms.PURPOSES` — research, the member's own use, and licensing to outsiders —
under the agreement's ``preset`` (docs/rights.md says what each models and where it comes from):

- no preset: the file's ``joint_licensing`` decides (``unanimous``: every co-owner must agree to any use or licence;
  ``any-owner``: any co-owner may act alone);
- ``co-owner-exploits``: Chinese Patent Law art. 14 — a co-owner may exploit the patent itself and grant
  non-exclusive licences alone (fees shared by ownership share); an exclusive licence needs every co-owner;
- ``consortium``: DESCA — royalty-free access for internal research, fair-and-reasonable access for a member's
  exploitation; a joint owner may grant non-exclusive licences with fair and reasonable compensation to the others;
- ``lead-exploiter``: Lambert consortium model B — results are assigned to the lead exploitation party, which alone
  licenses and exploits them (the others need its licence; research use stays free) and pays the others a revenue
  share.

The benefit game asks the same rule about coalitions (:func:`coalition_consent`, :func:`source_access`): a
coalition S may use P for a revenue source when S contains one of the groups of members whose agreement suffices.
:func:`ipshare.alliance.benefit.benefit_game` and :func:`ipshare.alliance.structured.structured_benefit_game` both
call it, so the rights table and the allocation cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..errors import IpshareError
from ..model.terms import PURPOSES
from .ownership import patent_owners, required_patents

ART_14 = "Patent Law art. 14"

__all__ = [
    "TERMS",
    "FREE_TERMS",
    "Access",
    "access",
    "makers_own",
    "coalition_consent",
    "source_consent",
    "consent_holds",
    "consent_members",
    "source_access",
]


TERMS = ("royalty-free", "fair-and-reasonable", "needs-consent", "none")


# Terms under which a member may go ahead without anyone's agreement (a fair-and-reasonable royalty is owed, but the
# access right cannot be refused).
FREE_TERMS = ("royalty-free", "fair-and-reasonable")


@dataclass(frozen=True)
class Access:
    """A member's access to one patent for one purpose.

    ``term`` is one of :data:`TERMS`. For ``needs-consent``, ``consent`` lists the groups of members any one of
    which must agree (``({"A", "B"},)``: both A and B; ``({"A"}, {"B"})``: A or B). ``basis`` says why.
    """

    term: str
    consent: tuple[frozenset[str], ...] = ()
    basis: str = ""

    def consent_text(self) -> str:
        """``"A+B"`` (both must agree) or ``"A | B"`` (either may), '' when no consent is needed."""
        return " | ".join("+".join(sorted(group)) for group in self.consent)

    def to_dict(self) -> dict:
        return {"term": self.term, "consent": [sorted(group) for group in self.consent], "basis": self.basis}


def _owners(scenario, owners):
    if owners is not None:
        return owners

    return patent_owners(scenario)


def makers_own(scenario, patent_id) -> bool:
    """Whether a coalition that makes the patent itself owns its version (docs/model.md, rule 1).

    True for a foreground patent whose owners the file does not state, unless the agreement assigns results to
    a lead exploitation party (preset ``lead-exploiter``): then the lead holds every such patent, whoever makes it.
    """
    patent = scenario.patents[patent_id]
    return not patent.background and patent.owners is None and scenario.agreement.preset != "lead-exploiter"


def access(scenario, member, patent_id, purpose, *, exclusive=False, owners=None) -> Access:
    """May ``member`` use ``patent_id`` for ``purpose`` (research, own-use, licensing), and on which terms?

    ``exclusive`` asks about an exclusive licence (purpose ``licensing``). ``owners`` is
    :func:`ipshare.alliance.ownership.patent_owners` of the scenario, passed in when already computed.

    Examples
    --------
    >>> import ipshare
    >>> scenario = ipshare.load("scenarios/worked-example.yaml")
    >>> access(scenario, "A", "BG", "own-use").consent_text()      # U's background patent, unanimous licensing
    'U'
    >>> access(scenario, "U", "BG", "licensing").term
    'royalty-free'
    """
    if purpose not in PURPOSES:
        raise IpshareError(f"unknown purpose {purpose!r}; choose one of {', '.join(PURPOSES)}")
    agreement = scenario.agreement
    preset = agreement.preset
    patent = scenario.patents[patent_id]
    holders = tuple(_owners(scenario, owners)[patent_id])
    is_owner = member in holders
    joint = len(holders) > 1
    others = frozenset(holders) - {member}
    any_one = tuple(frozenset({holder}) for holder in holders)

    if preset == "lead-exploiter" and not patent.background and patent.owners is None:
        lead = agreement.lead
        if purpose == "research":
            return Access("royalty-free", basis="lead-exploiter: every party may use the results for research")
        if member == lead:
            return Access("royalty-free", basis="lead-exploiter: results assigned to the lead exploitation party")
        if purpose == "own-use":
            return Access("needs-consent", (frozenset({lead}),), basis=f"lead-exploiter: results assigned to {lead}")
        return Access("none", basis=f"lead-exploiter: only {lead} licenses the results")

    if preset == "co-owner-exploits":
        if purpose != "licensing":
            if is_owner:
                return Access("royalty-free", basis=f"{ART_14}: a co-owner may exploit the patent itself")
            return Access("needs-consent", any_one, basis=f"{ART_14}: any co-owner may grant a non-exclusive licence")
        if not is_owner:
            return Access("none", basis="only an owner licenses the patent")
        if exclusive and joint:
            return Access("needs-consent", (others,), basis=f"{ART_14}: an exclusive licence needs every co-owner")
        return Access(
            "royalty-free",
            basis=f"{ART_14}: a co-owner may license non-exclusively alone; fees shared by ownership share"
            if joint
            else "sole owner",
        )

    if preset == "consortium":
        if purpose == "research":
            return Access("royalty-free", basis="DESCA: royalty-free access for internal research")
        if purpose == "own-use":
            if is_owner:
                return Access("royalty-free", basis="owner")
            return Access("fair-and-reasonable", basis="DESCA: access for exploitation on fair and reasonable terms")
        if not is_owner:
            return Access("none", basis="DESCA: access rights carry no right to sublicense")
        if not joint:
            return Access("royalty-free", basis="sole owner")
        if exclusive:
            return Access("needs-consent", (others,), basis="DESCA: an exclusive licence needs every joint owner")
        return Access(
            "fair-and-reasonable",
            basis="DESCA: a joint owner may license non-exclusively with notice and fair and reasonable "
            "compensation to the other joint owners",
        )

    # No preset (and background patents under lead-exploiter): the file's joint_licensing rule.
    unanimous = agreement.joint_licensing == "unanimous"
    if purpose == "licensing" and not is_owner:
        return Access("none", basis="only an owner licenses the patent")
    if is_owner and (not joint or not unanimous):
        return Access("royalty-free", basis="sole owner" if not joint else "joint_licensing: any-owner")
    if is_owner:
        return Access("needs-consent", (others,), basis="joint_licensing: unanimous (every co-owner agrees)")
    if unanimous:
        return Access("needs-consent", (frozenset(holders),), basis="joint_licensing: unanimous (every owner agrees)")
    return Access("needs-consent", any_one, basis="joint_licensing: any-owner (any owner may license)")


def _acting(found: Access, member) -> tuple[frozenset[str], ...]:
    """The groups that let ``member`` act on its access: itself, plus one consenting group if needed."""
    if found.term in FREE_TERMS:
        return (frozenset({member}),)
    if found.term == "needs-consent":
        return tuple(group | {member} for group in found.consent)
    return ()


def _minimal(groups: Iterable[frozenset[str]]) -> tuple[frozenset[str], ...]:
    """Drop duplicates and every group that contains another (it adds nothing to 'contains one of them')."""
    unique = sorted(set(groups), key=lambda group: (len(group), sorted(group)))
    kept = []
    for group in unique:
        if not any(smaller <= group for smaller in kept):
            kept.append(group)
    return tuple(kept)


def coalition_consent(
    scenario, patent_id, purpose, *, exploiter=None, exclusive=False, owners=None
) -> tuple[frozenset[str], ...]:
    """The groups of members one of which a coalition must contain to use the patent for the purpose.

    ``(frozenset(),)`` means any coalition may (no one's agreement is needed); ``()`` that no coalition may. For
    own use, ``exploiter`` is the member who uses it. A coalition that makes a foreground patent itself owns its
    version (:func:`makers_own`), so needs no one; otherwise a coalition may license the patent when one of its
    members may (with the consent that member's access needs, from inside the coalition), and may use it when the
    exploiter's access allows.
    """
    if makers_own(scenario, patent_id):
        return (frozenset(),)
    owners = _owners(scenario, owners)
    if purpose == "own-use":
        return _minimal(_acting(access(scenario, exploiter, patent_id, purpose, owners=owners), exploiter))
    # Under every preset only a holder of the patent (or the lead it is assigned to) may license it.
    candidates = list(owners[patent_id])
    lead = scenario.agreement.lead
    if lead is not None and lead not in candidates:
        candidates.append(lead)
    groups = []
    for member in candidates:
        groups.extend(_acting(access(scenario, member, patent_id, purpose, exclusive=exclusive, owners=owners), member))
    return _minimal(groups)


def source_consent(scenario, source, owners=None) -> dict[str, tuple[frozenset[str], ...]]:
    """For each patent a revenue source needs (with the patents they build on), the coalitions' consent groups.

    A licence to an outsider is the purpose ``licensing`` (exclusive if the source says so); own use is
    ``own-use`` by the source's exploiter.
    """

    owners = _owners(scenario, owners)
    purpose = "licensing" if source.kind == "licence" else "own-use"
    return {
        patent_id: coalition_consent(
            scenario,
            patent_id,
            purpose,
            exploiter=source.exploiter,
            exclusive=getattr(source, "exclusive", False),
            owners=owners,
        )
        for patent_id in required_patents(scenario, source)
    }


def consent_holds(groups, member_in: Callable, everyone):
    """Boolean array: the coalitions (rows of ``everyone``'s shape) that contain at least one of ``groups``.

    ``member_in(member)`` gives the boolean array of coalitions containing that member; ``everyone`` is an
    all-true array of the same shape.
    """
    result = everyone & False
    for group in groups:
        held = everyone
        for member in sorted(group):
            held = held & member_in(member)
        result = result | held
    return result


def consent_members(groups) -> set[str]:
    """Every member whose presence can matter to the consent ``groups``."""
    return set().union(*groups) if groups else set()


def source_access(scenario, source, member_in: Callable, everyone, owners=None):
    """Boolean array: the coalitions that hold the consent to every patent the source needs."""
    allowed = everyone
    for groups in source_consent(scenario, source, owners).values():
        allowed = allowed & consent_holds(groups, member_in, everyone)
    return allowed
