"""ipshare: intellectual-property sharing and benefit allocation for R&D alliances.

The public surface::

    import ipshare
    scenario = ipshare.load("scenarios/battery-alliance.yaml")
    game = ipshare.benefit_game(scenario)
    result = ipshare.allocate(game, "shapley")
    result.values          # {"HT": 600.0, ...}

Names are imported lazily so that ``import ipshare`` (and ``ipshare --help``) stays instant.
"""

__version__ = "0.1.0"

_LAZY = {
    "load": ("ipshare.scenario", "load"),
    "loads": ("ipshare.scenario", "loads"),
    "Scenario": ("ipshare.scenario", "Scenario"),
    "Game": ("ipshare.games", "Game"),
    "benefit_game": ("ipshare.games", "benefit_game"),
    "scenario_game": ("ipshare.games", "scenario_game"),
    "table_game": ("ipshare.games", "table_game"),
    "weighted_voting_game": ("ipshare.games", "weighted_voting_game"),
    "bankruptcy_game": ("ipshare.games", "bankruptcy_game"),
    "airport_game": ("ipshare.games", "airport_game"),
    "Allocation": ("ipshare.solutions", "Allocation"),
    "allocate": ("ipshare.solutions", "allocate"),
    "RULES": ("ipshare.solutions", "RULES"),
    "alliance_graph": ("ipshare.graph", "alliance_graph"),
    "IpshareError": ("ipshare.errors", "IpshareError"),
    "ScenarioError": ("ipshare.errors", "ScenarioError"),
    "GameError": ("ipshare.errors", "GameError"),
    "RuleError": ("ipshare.errors", "RuleError"),
    "time_limit": ("ipshare.deadline", "time_limit"),
    "TimeLimitReached": ("ipshare.deadline", "TimeLimitReached"),
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name):
    try:
        module_name, attribute = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'ipshare' has no attribute {name!r}") from None
    import importlib

    value = getattr(importlib.import_module(module_name), attribute)
    globals()[name] = value
    return value


def __dir__():
    return sorted(__all__)
