"""What depends on what inside a scenario: the patents a revenue source needs (with the patents they build on),
and the groups of sources that share something (a buyable contribution), which the loader and the game builders
must see alike."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

__all__ = ["patent_closure", "sharing_groups"]


def patent_closure(patents: Mapping, requires: Sequence[str]) -> tuple[str, ...]:
    """The patents ``requires`` names and, transitively, the patents they build on, in the order a depth-first
    walk meets them (each once).

    >>> from types import SimpleNamespace as P
    >>> patent_closure({"A": P(builds_on=("B",)), "B": P(builds_on=()), "C": P(builds_on=("B",))}, ["A", "C"])
    ('A', 'B', 'C')
    """
    needed = []
    stack = list(reversed(requires))
    while stack:
        patent_id = stack.pop()
        if patent_id in needed:
            continue
        needed.append(patent_id)
        stack.extend(reversed(patents[patent_id].builds_on))
    return tuple(needed)


def sharing_groups(items: Sequence[Iterable]) -> list[list[int]]:
    """The indices of ``items`` grouped so that two items sharing an element are in one group (connected
    components, by union-find); groups in the order of their first index, each in increasing order.

    >>> sharing_groups([{"x"}, {"y"}, {"x", "z"}, set(), {"z"}])
    [[0, 2, 4], [1], [3]]
    """
    parent = list(range(len(items)))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_user = {}
    for i, elements in enumerate(items):
        for element in elements:
            if element in first_user:
                parent[root(i)] = root(first_user[element])
            else:
                first_user[element] = i
    groups = {}
    for i in range(len(items)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())
