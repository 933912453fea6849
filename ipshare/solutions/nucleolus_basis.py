"""The nucleolus's settled span, kept exact in integers (:class:`_IntegerBasis`).

The LP sequence of :mod:`ipshare.solutions.nucleolus` asks at every stage whether a coalition's vector lies in
the span of the coalitions already settled; this answers it fraction-free.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

__all__ = []


class _IntegerBasis:
    """Linearly independent vectors, grown one at a time, to test membership of their span: exact, in integers.

    The same as :class:`ipshare.linalg.Basis` (which is in Fractions) for the LP sequence, where it is asked at
    every stage: rows are kept fraction-free (integer vectors, each with a non-zero pivot that the other rows
    are zero at, divided by their gcd), so that reducing a 0/1 coalition vector costs integer operations only.
    """

    def __init__(self, columns):
        self.columns = columns
        self._rows = []  # integer vectors
        self._pivots = []

    def __len__(self):
        return len(self._rows)

    def _integers(self, vector):
        vector = list(vector)
        if all(type(value) is int for value in vector):
            return vector
        values = [Fraction(value) for value in vector]
        scale = math.lcm(*(value.denominator for value in values)) if values else 1
        return [int(value * scale) for value in values]

    def _reduce(self, vector):
        for row, pivot in zip(self._rows, self._pivots, strict=True):
            factor = vector[pivot]
            if factor:
                lead = row[pivot]
                vector = [lead * a - factor * b for a, b in zip(vector, row, strict=True)]
        divisor = math.gcd(*vector)
        return [a // divisor for a in vector] if divisor > 1 else vector

    def contains(self, vector) -> bool:
        return not any(self._reduce(self._integers(vector)))

    def add(self, vector) -> bool:
        """Add a vector; False (and nothing changes) when it is already in the span."""
        reduced = self._reduce(self._integers(vector))
        pivot = next((c for c, value in enumerate(reduced) if value), None)
        if pivot is None:
            return False
        lead = reduced[pivot]
        for index, row in enumerate(self._rows):
            factor = row[pivot]
            if factor:
                row = [lead * a - factor * b for a, b in zip(row, reduced, strict=True)]
                divisor = math.gcd(*row)
                self._rows[index] = [a // divisor for a in row] if divisor > 1 else row
        self._rows.append(reduced)
        self._pivots.append(pivot)
        return True

    def null_space(self) -> np.ndarray:
        """Integer vectors (rows of an int64 array) spanning {z : row · z = 0 for every row}."""
        n = self.columns
        pivots = set(self._pivots)
        common = math.lcm(*(row[p] for row, p in zip(self._rows, self._pivots, strict=True))) if self._rows else 1
        vectors = []
        for column in range(n):
            if column in pivots:
                continue
            vector = [0] * n
            vector[column] = common
            for row, pivot in zip(self._rows, self._pivots, strict=True):
                vector[pivot] = -(common // row[pivot]) * row[column]
            divisor = math.gcd(*vector)
            vectors.append([a // divisor for a in vector])
        return np.array(vectors, dtype=np.int64).reshape(-1, n)
