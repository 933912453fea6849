"""Sharing rules on games: one module per family of rules, each a function from a game to an
:class:`~ipshare.solutions.allocation.Allocation`; :mod:`.registry` names them (:data:`RULES`) and runs them
(:func:`allocate`, the single entry point of the command line and of notebooks). The shared parts sit below the
rules that use them: :mod:`.allocation` (the result type), :mod:`.dense` and :mod:`.additive` (the structured-game
dispatcher), :mod:`.clauses` (the agreement's clauses as linear constraints), :mod:`.sampling`.
"""

from .allocation import Allocation
from .registry import OPTION_HELP, RULES, Rule, allocate, rule_names

__all__ = ["Allocation", "Rule", "RULES", "OPTION_HELP", "allocate", "rule_names"]
