"""Random small alliances for property tests of rights, risk and withdrawal (seeded, so failures reproduce).

Each alliance is built as scenario data and loaded through ipshare.loads, so it is validated like a file.
"""

from __future__ import annotations

import json
import random

import ipshare

PRESETS = (None, "co-owner-exploits", "consortium", "lead-exploiter")


def alliance_data(seed: int, n: int, *, preset=None, costs=True, null_member=False) -> dict:
    """Scenario data: n members, contributions (some buyable), background and foreground patents (some with stated
    joint owners, some building on others), licences (some exclusive) and own uses, cost items with failure
    probabilities, shares and distributions. ``null_member`` adds a member with nothing at all."""
    rng = random.Random(seed)
    members = {f"M{i}": {"type": rng.choice(["enterprise", "university", "institute"])} for i in range(n)}
    names = sorted(members)
    contributions = []
    for i in range(2 * n):
        contribution = {"id": f"C{i}", "member": names[i % n], "kind": "cash", "value": rng.randint(0, 40)}
        if rng.random() < 0.35:
            contribution["substitute_cost"] = rng.randint(0, 25)
        contributions.append(contribution)
    patents = {}
    for j in range(4):
        owners = rng.sample(names, rng.randint(1, min(3, n)))
        stated = {o: f"1/{len(owners)}" for o in owners}
        if rng.random() < 0.3:
            patents[f"B{j}"] = {"background": True, "owners": stated}
        else:
            patent = {"from": rng.sample([c["id"] for c in contributions], rng.randint(1, 3))}
            if rng.random() < 0.3:
                patent["owners"] = stated
            patents[f"P{j}"] = patent
    ids = list(patents)
    for j, patent_id in enumerate(ids[1:], 1):
        if rng.random() < 0.35:
            patents[patent_id]["builds_on"] = [ids[rng.randrange(j)]]
    revenue = []
    for k in range(4):
        requires = rng.sample(ids, rng.randint(1, 2))
        if rng.random() < 0.5:
            source = {"id": f"L{k}", "kind": "licence", "requires": requires, "upfront": rng.randint(1, 90)}
            if rng.random() < 0.3:
                source["exclusive"] = True
        else:
            source = {
                "id": f"U{k}",
                "kind": "own-use",
                "requires": requires,
                "exploiter": rng.choice(names),
                "margin": rng.randint(1, 90),
                "probability": f"{rng.randint(1, 10)}/10",
            }
        revenue.append(source)
    agreement = {"rule": "shapley"}
    if preset is None:
        agreement["joint_licensing"] = rng.choice(["unanimous", "any-owner"])
    else:
        agreement["preset"] = preset
    if preset == "lead-exploiter":
        agreement["lead"] = names[0]
        agreement["revenue_share"] = "1/10"
    data = {
        "alliance": {"name": f"random alliance {seed}", "currency": "EUR"},
        "members": members,
        "contributions": contributions,
        "patents": patents,
        "revenue": revenue,
        "agreement": agreement,
    }
    if costs:
        data["costs"] = _costs(rng, names)
    if null_member:
        data["members"]["Z"] = {"type": "other"}
    return data


def _costs(rng, names):
    items = []
    for k in range(rng.randint(1, 4)):
        item = {"id": f"K{k}", "amount": rng.randint(1, 60), "failure_probability": f"{rng.randint(0, 10)}/10"}
        bearers = rng.sample(names, rng.randint(1, len(names)))
        if rng.random() < 0.4:
            weights = [rng.randint(1, 5) for _ in bearers]
            item["members"] = {m: f"{w}/{sum(weights)}" for m, w in zip(bearers, weights, strict=True)}
        elif rng.random() < 0.8:
            item["members"] = bearers
        items.append(item)
    return items


def with_distributions(data: dict, seed: int) -> dict:
    """The same data with random distributions on some cost items (their means kept equal to the amounts)."""
    rng = random.Random(seed)
    for item in data.get("costs", []):
        amount = item["amount"]
        choice = rng.choice(["none", "triangular", "uniform", "normal", "lognormal"])
        if choice == "triangular":
            item["distribution"] = {
                "type": "triangular",
                "low": amount - 1 if amount > 1 else 0,
                "mode": amount,
                "high": amount + 1 if amount > 1 else 0,
            }
            if amount <= 1:
                del item["distribution"]
        elif choice == "uniform" and amount >= 1:
            item["distribution"] = {"type": "uniform", "low": amount - 1, "high": amount + 1}
        elif choice in ("normal", "lognormal"):
            item["distribution"] = {"type": choice, "sd": rng.randint(1, 5)}
    return data


def load(data: dict):
    return ipshare.loads(json.dumps(data), "json", name=f"<{data['alliance']['name']}>")


def random_alliance(seed: int, n: int, **options):
    return load(alliance_data(seed, n, **options))
