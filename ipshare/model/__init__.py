"""The model: the typed, immutable scenario and its loading, knowing nothing of games or rules.

:func:`load` reads a scenario file (YAML, JSON or TOML), validates it with one-line ``FILE:LINE: field: message``
errors and returns a :class:`Scenario`; :func:`loads` does the same for bytes or text; :func:`read` gives the bytes
once (:class:`Source`) for commands that load them several times. The parts: :mod:`.types` (the dataclasses),
:mod:`.terms` (the agreement's terms on rights, council, risk, withdrawal and rounding, and grants),
:mod:`.reading` (the file formats with line numbers), :mod:`.text` and :mod:`.numbers` (what a string and a number
may be), :mod:`.validator` with the sections' checks (:mod:`.sections`, :mod:`.agreement`, :mod:`.gamespec`),
:mod:`.overrides` (``--set``), :mod:`.money` (what a revenue source's cash flows are worth), :mod:`.schema` (the
JSON Schema) and :mod:`.starter` (the file ``ipshare init`` writes).
"""

from .limits import MAX_BUYABLE_CONTRIBUTIONS, MAX_ID_LENGTH, MAX_LINE_LENGTH, MAX_TEXT_LENGTH
from .loading import Source, load, loads, parse_clauses, read
from .numbers import NumberOutOfRange, parse_number
from .overrides import apply_overrides, parse_override
from .types import (
    CONTRIBUTION_KINDS,
    GAME_TYPES,
    JOINT_LICENSING,
    MEMBER_TYPES,
    OWNERSHIP_RULES,
    WEIGHT_SOURCES,
    Agreement,
    Alliance,
    Bargaining,
    Clause,
    Contribution,
    Cost,
    GameSpec,
    Member,
    Patent,
    RevenueSource,
    Royalty,
    Scenario,
)
from .validator import parse_coalition

__all__ = [
    "MEMBER_TYPES",
    "CONTRIBUTION_KINDS",
    "OWNERSHIP_RULES",
    "JOINT_LICENSING",
    "GAME_TYPES",
    "WEIGHT_SOURCES",
    "Alliance",
    "Member",
    "Contribution",
    "Patent",
    "Royalty",
    "RevenueSource",
    "Cost",
    "Clause",
    "Agreement",
    "GameSpec",
    "Bargaining",
    "Scenario",
    "load",
    "loads",
    "read",
    "Source",
    "apply_overrides",
    "parse_override",
    "parse_number",
    "NumberOutOfRange",
    "parse_clauses",
    "parse_coalition",
    "MAX_ID_LENGTH",
    "MAX_LINE_LENGTH",
    "MAX_TEXT_LENGTH",
    "MAX_BUYABLE_CONTRIBUTIONS",
]
