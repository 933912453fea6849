"""A first scenario for a new alliance: asked for in the terminal (or defaults), written as commented YAML.

:func:`starter_answers` holds the defaults; :func:`render_scenario` turns answers into a scenario text that
loads and allocates; the questions themselves are asked by the command line (``ipshare init``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

__all__ = ["MemberAnswer", "Answers", "starter_answers", "render_scenario", "member_id", "FIELD_REFERENCE"]

# Where the scenario format is documented, field by field (in ipshare's source tree).
FIELD_REFERENCE = "docs/scenario.md"


@dataclass
class MemberAnswer:
    id: str
    name: str
    type: str
    contribution_kind: str
    contribution_value: float
    substitute_cost: float | None = None  # what the others would pay to replace it (rent, hire), if they could


@dataclass
class Answers:
    alliance: str = "New Technology Innovation Alliance"
    currency: str = "CNY"
    discount_rate: float = 0.08
    members: list = field(default_factory=list)
    patent_title: str = "Joint foreground patent"
    licensee: str = "Outside licensee"
    upfront: float = 1_000_000
    royalty_rate: float = 0.02
    royalty_base: float = 50_000_000
    royalty_years: int = 5
    probability: float = 0.6
    own_use_margin: float = 800_000
    own_use_years: int = 3
    rule: str = "shapley"


def starter_answers() -> Answers:
    """The defaults: an enterprise, a university and a research institute developing one patent together."""
    return Answers(
        members=[
            MemberAnswer("ENT", "Lead Enterprise Co., Ltd.", "enterprise", "cash", 6_000_000),
            MemberAnswer("UNI", "Partner University", "university", "personnel", 2_500_000),
            MemberAnswer("INS", "Research Institute", "institute", "equipment", 1_500_000, substitute_cost=900_000),
        ]
    )


def member_id(name: str, taken=()) -> str:
    """A short id from a name: its capital letters or first letters (``Tianjin University`` -> ``TU``)."""
    words = re.findall(r"[A-Za-z][A-Za-z0-9]*", name)
    candidate = "".join(word[0].upper() for word in words)[:6] or "M"
    if not candidate[0].isalpha():
        candidate = "M" + candidate
    unique, number = candidate, 2
    while unique in taken:
        unique = f"{candidate}{number}"
        number += 1
    return unique


def _quote(text) -> str:
    # JSON strings are valid YAML scalars: names with colons, quotes or unicode stay exactly as typed.
    return json.dumps(str(text), ensure_ascii=False)


def _number(value) -> str:
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


def render_scenario(answers: Answers) -> str:
    """The scenario as commented YAML (deterministic: the same answers give the same bytes)."""
    lines = [
        f"# {answers.alliance}: a starting scenario written by `ipshare init`.",
        "# Edit it to describe your alliance, then:",
        "#   ipshare validate THIS_FILE",
        "#   ipshare allocate THIS_FILE --rule shapley --rule proportional --rule nucleolus",
        f"# Every section and field, with its meaning, unit and default: {FIELD_REFERENCE}",
        "# (what a coalition is worth: docs/model.md). Any field can also be changed for a what-if with",
        "#   ipshare whatif THIS_FILE --set revenue.L1.royalty.rate=0.03",
        "",
        "alliance:",
        f"  name: {_quote(answers.alliance)}",
        f"  currency: {answers.currency}        # ISO 4217 code; amounts are rounded to its minor unit",
        f"  discount_rate: {_number(answers.discount_rate)}    # yearly; present value of royalties and margins",
        "",
        "members:                  # id: {name, type}; type is enterprise, university, institute, financial,",
        "                          # government or other",
    ]
    for member in answers.members:
        lines.append(f"  {member.id}: {{name: {_quote(member.name)}, type: {member.type}}}")
    lines += [
        "",
        "contributions:            # what each member puts in; value in the alliance's currency",
    ]
    for number, member in enumerate(answers.members, start=1):
        substitute = ""
        if member.substitute_cost is not None:
            substitute = f", substitute_cost: {_number(member.substitute_cost)}"
        lines.append(f"  - {{id: C{number}, member: {member.id}, kind: {member.contribution_kind}, "
                     f"value: {_number(member.contribution_value)}{substitute}}}")
    if any(member.substitute_cost is not None for member in answers.members):
        lines.append("    # substitute_cost: what the others would pay to replace that contribution without its member")
    made_from = ", ".join(f"C{number}" for number in range(1, len(answers.members) + 1))
    lines += [
        "",
        "patents:                  # foreground patents are made `from` contributions; their owners follow",
        "                          # agreement.ownership unless `owners` is given",
        f"  P1: {{title: {_quote(answers.patent_title)}, from: [{made_from}]}}",
        "",
        "revenue:                  # licences to outsiders and members' own use; probability scales each source",
        "  - id: L1",
        "    kind: licence",
        f"    licensee: {_quote(answers.licensee)}",
        "    requires: [P1]",
        f"    upfront: {_number(answers.upfront)}",
        f"    royalty: {{rate: {_number(answers.royalty_rate)}, base: {_number(answers.royalty_base)}, "
        f"years: {int(answers.royalty_years)}}}",
        f"    probability: {_number(answers.probability)}",
    ]
    exploiter = next((m for m in answers.members if m.type == "enterprise"), None)
    if exploiter is not None and answers.own_use_margin > 0:
        lines += [
            f"  - id: S1                 # {exploiter.id} uses the patent in its own products",
            "    kind: own-use",
            f"    exploiter: {exploiter.id}",
            "    requires: [P1]",
            f"    margin: {_number(answers.own_use_margin)}        # extra profit per year",
            f"    years: {int(answers.own_use_years)}",
        ]
    lines += [
        "",
        "agreement:",
        "  ownership: by-contribution   # shares of a joint patent in proportion to the contributions it came from",
        "  joint_licensing: unanimous   # licensing a joint patent needs every owner (any-owner: any one of them)",
        f"  rule: {answers.rule}                # the default rule of `ipshare allocate`",
        "  clauses: []                  # e.g. - {id: univ-floor, type: university, min_share: 0.15}",
        "",
    ]
    return "\n".join(lines)
