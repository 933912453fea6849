"""Small exact linear algebra over the rationals, for certificates: rank, null space, solving a system.

The matrices here have at most a few dozen columns (one per player), so plain Gaussian elimination on
``Fraction`` is quick and never wrong.
"""

from __future__ import annotations

from fractions import Fraction
from math import lcm

__all__ = ["row_reduce", "rank", "null_space", "solve", "Basis"]


def row_reduce(rows, columns):
    """Reduced row echelon form: (the nonzero rows, their pivot columns), in Fractions.

    Row operations touch only the pivot row's nonzero entries: the matrices here (coalition indicators) are sparse
    in practice, and Fraction arithmetic on zeros is most of the cost otherwise.
    """
    matrix = [[Fraction(value) for value in row] for row in rows]
    pivots = []
    row_count = len(matrix)
    top = 0
    for column in range(columns):
        pivot = next((r for r in range(top, row_count) if matrix[r][column] != 0), None)
        if pivot is None:
            continue
        matrix[top], matrix[pivot] = matrix[pivot], matrix[top]
        lead = matrix[top][column]
        support = [j for j, value in enumerate(matrix[top]) if value != 0]
        if lead != 1:
            for j in support:
                matrix[top][j] /= lead
        pivot_row = matrix[top]
        for r in range(row_count):
            factor = matrix[r][column]
            if r != top and factor != 0:
                row = matrix[r]
                for j in support:
                    row[j] -= factor * pivot_row[j]
        pivots.append(column)
        top += 1
        if top == row_count:
            break
    return matrix[:top], pivots


def rank(rows, columns) -> int:
    return len(row_reduce(rows, columns)[1])


def null_space(rows, columns) -> list[list[int]]:
    """Integer vectors spanning {z : row · z = 0 for every row}."""
    reduced, pivots = row_reduce(rows, columns)
    free = [c for c in range(columns) if c not in pivots]
    basis = []
    for column in free:
        vector = [Fraction(0)] * columns
        vector[column] = Fraction(1)
        for row, pivot in zip(reduced, pivots, strict=True):
            vector[pivot] = -row[column]
        scale = lcm(*(value.denominator for value in vector))
        basis.append([int(value * scale) for value in vector])
    return basis


def solve(rows, right_hand_side, columns):
    """The unique solution of ``rows · x = rhs`` in Fractions, or None when it is not unique or inconsistent."""
    augmented = [list(row) + [value] for row, value in zip(rows, right_hand_side, strict=True)]
    reduced, pivots = row_reduce(augmented, columns + 1)
    if columns in pivots or len(pivots) != columns:
        return None
    return [row[columns] for row in reduced]


class Basis:
    """An incrementally grown set of linearly independent vectors (exact), to test membership of their span."""

    def __init__(self, columns):
        self.columns = columns
        self._rows = []  # reduced rows, each with its pivot column
        self._pivots = []

    def __len__(self):
        return len(self._rows)

    def _reduce(self, vector):
        vector = [Fraction(value) for value in vector]
        for row, pivot in zip(self._rows, self._pivots, strict=True):
            factor = vector[pivot]
            if factor != 0:
                for j, value in enumerate(row):
                    if value != 0:
                        vector[j] -= factor * value
        return vector

    def contains(self, vector) -> bool:
        return not any(self._reduce(vector))

    def add(self, vector) -> bool:
        """Add a vector; False (and nothing changes) when it is already in the span."""
        reduced = self._reduce(vector)
        pivot = next((c for c, value in enumerate(reduced) if value != 0), None)
        if pivot is None:
            return False
        lead = reduced[pivot]
        reduced = [value / lead for value in reduced]
        for index, row in enumerate(self._rows):
            if row[pivot] != 0:
                factor = row[pivot]
                self._rows[index] = [a - factor * b for a, b in zip(row, reduced, strict=True)]
        self._rows.append(reduced)
        self._pivots.append(pivot)
        return True

    def null_space(self) -> list[list[int]]:
        return null_space(self._rows, self.columns)
