"""Random alliances for the structured-game benchmark: many members, many revenue sources, each touching few.

``alliance(members, sources, touch, seed)`` returns a scenario document (a dict in the scenario file format of
DESIGN.md) that ``ipshare.loads(json.dumps(doc), "json")`` validates. Every revenue source gets its own
foreground patent made from contributions of up to ``touch`` members (some buyable at a substitute cost), and
about a third of them also need a background patent of another member; licences and own use alternate.
"""

from __future__ import annotations

import json

import numpy as np

TYPES = ("enterprise", "university", "institute", "financial")


def alliance(members=1000, sources=10000, touch=12, seed=2026) -> dict:
    rng = np.random.default_rng([seed, members, sources, touch])
    ids = [f"M{i}" for i in range(members)]
    document = {
        "alliance": {"name": f"Random alliance of {members} members", "currency": "EUR", "discount_rate": 0.05},
        "members": {m: {"type": TYPES[int(rng.integers(len(TYPES)))]} for m in ids},
        "contributions": [],
        "patents": {},
        "revenue": [],
        "agreement": {"rule": "shapley"},
    }
    for s in range(sources):
        size = int(rng.integers(2, touch + 1))
        chosen = [ids[i] for i in rng.choice(members, size=size, replace=False)]
        background = rng.random() < 0.35
        makers = chosen[1:] if background else chosen
        made_from = []
        for j, member in enumerate(makers):
            contribution = {
                "id": f"C{s}_{j}",
                "member": member,
                "kind": "personnel",
                "value": int(rng.integers(1, 100)) * 1000,
            }
            if rng.random() < 0.2:
                contribution["substitute_cost"] = int(rng.integers(1, 50)) * 1000
            document["contributions"].append(contribution)
            made_from.append(contribution["id"])
        patent = {"from": made_from}
        requires = [f"P{s}"]
        if background:
            document["patents"][f"B{s}"] = {"background": True, "owners": {chosen[0]: 1}}
            patent["builds_on"] = [f"B{s}"]
        document["patents"][f"P{s}"] = patent
        if s % 2 == 0:
            source = {
                "id": f"L{s}",
                "kind": "licence",
                "requires": requires,
                "upfront": int(rng.integers(10, 500)) * 1000,
                "probability": float(np.round(rng.uniform(0.2, 1.0), 2)),
            }
        else:
            source = {
                "id": f"S{s}",
                "kind": "own-use",
                "exploiter": makers[0],
                "requires": requires,
                "margin": int(rng.integers(10, 500)) * 1000,
                "years": int(rng.integers(1, 4)),
            }
        document["revenue"].append(source)
    return document


def alliance_json(members=1000, sources=10000, touch=12, seed=2026) -> str:
    return json.dumps(alliance(members, sources, touch, seed))
