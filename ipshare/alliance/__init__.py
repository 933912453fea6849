"""The alliance's semantics: what a coalition of members is worth, the one place that says it.

Who owns each patent (:mod:`.ownership`), who may use it for what under the agreement's presets (:mod:`.consent`),
the alliance as a graph (:mod:`.graph`), the benefit game, dense (:mod:`.benefit`) or source by source
(:mod:`.structured`), and the costs as random losses with their cost and risk games (:mod:`.costs`). Built on the
model (:mod:`ipshare.model`) and the game representations (:mod:`ipshare.games`).
"""

from .benefit import benefit_game, scenario_game
from .ownership import patent_owners, required_patents
from .structured import structured_benefit_game

__all__ = ["benefit_game", "scenario_game", "structured_benefit_game", "patent_owners", "required_patents"]
