"""ipshare: intellectual-property sharing and benefit allocation for R&D alliances.

A scenario (a file, YAML, JSON or TOML: docs/scenario.md) describes the alliance; its benefit game says what every
coalition of members could achieve; a sharing rule splits the grand value::

    import ipshare
    scenario = ipshare.load("scenarios/battery-alliance.yaml")   # from a checkout of the repository
    game = ipshare.benefit_game(scenario)
    result = ipshare.allocate(game, "shapley")
    result.values                                                # {"JH": 50676279.27..., "XU": ..., ...}

The same with the scenario given as text (:func:`loads`), so that this example runs anywhere:

>>> import ipshare
>>> scenario = ipshare.loads('''
... alliance: {name: Sensor alliance, currency: CNY}
... members:
...   U: {name: University, type: university}
...   E: {name: Enterprise, type: enterprise}
... contributions:
...   - {id: C1, member: U, kind: personnel, value: 300000}
...   - {id: C2, member: E, kind: cash, value: 700000}
... patents:
...   P1: {title: Sensor coating, from: [C1, C2]}
... revenue:
...   - {id: L1, kind: licence, licensee: OEM, requires: [P1], upfront: 1000000}
...   - {id: S1, kind: own-use, exploiter: E, requires: [P1], margin: 200000}
... ''')
>>> game = ipshare.benefit_game(scenario)
>>> game.players, game.grand_value          # the patent needs both: alone, each is worth 0
(('U', 'E'), 1200000.0)
>>> ipshare.allocate(game, "shapley").values
{'U': 600000.0, 'E': 600000.0}
>>> ipshare.allocate(game, "proportional").exact     # pro rata by contribution value, 30 : 70
{'U': Fraction(360000, 1), 'E': Fraction(840000, 1)}

Options go by keyword; ``ipshare.RULES[rule].help`` (or ``ipshare rules RULE``) lists a rule's, and anything else
is refused naming the rule:

>>> estimate = ipshare.allocate(game, "shapley-sampled", samples=500, seed=1)
>>> estimate.details["samples"], estimate.details["seed"], round(estimate.values["U"])
(500, 1, 600000)
>>> ipshare.allocate(game, "shapley", samples="many")
Traceback (most recent call last):
  ...
ipshare.errors.RuleError: shapley: samples must be a whole number of at least 2, not 'many'

A classic game directly (a numpy table indexed by bitmask, player i being bit i, or :func:`table_game`):

>>> three = ipshare.table_game(["A", "B", "C"], {"A+B": 60, "A+C": 80, "B+C": 100, "A+B+C": 120})
>>> ipshare.allocate(three, "shapley").exact, ipshare.allocate(three, "nucleolus", certify=True).exact
({'A': Fraction(30, 1), 'B': Fraction(40, 1), 'C': Fraction(50, 1)}, {'A': Fraction(20, 1), \
'B': Fraction(40, 1), 'C': Fraction(60, 1)})
>>> ipshare.allocate(three, "shapley").to_frame(digits=2).loc["C", "rounded"]    # needs pandas
Decimal('50.00')

Errors are :class:`IpshareError` subclasses (:class:`ScenarioError` with ``file``, ``line`` and ``field``,
:class:`RuleError`, :class:`GameError`). Names are imported lazily so that ``import ipshare`` (and
``ipshare --help``) stays instant.
"""

from .version import __version__

_LAZY = {
    "load": ("ipshare.model", "load"),
    "loads": ("ipshare.model", "loads"),
    "Scenario": ("ipshare.model", "Scenario"),
    "Game": ("ipshare.games", "Game"),
    "benefit_game": ("ipshare.alliance", "benefit_game"),
    "scenario_game": ("ipshare.alliance", "scenario_game"),
    "table_game": ("ipshare.games", "table_game"),
    "weighted_voting_game": ("ipshare.games", "weighted_voting_game"),
    "bankruptcy_game": ("ipshare.games", "bankruptcy_game"),
    "airport_game": ("ipshare.games", "airport_game"),
    "Allocation": ("ipshare.solutions", "Allocation"),
    "allocate": ("ipshare.solutions", "allocate"),
    "RULES": ("ipshare.solutions", "RULES"),
    "Sampling": ("ipshare.solutions.sampling", "Sampling"),
    "alliance_graph": ("ipshare.alliance.graph", "alliance_graph"),
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
