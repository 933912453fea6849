"""The core centre (González-Díaz & Sánchez-Rodríguez 2007): the centre of gravity of the core.

The core-center is the mean of the uniform distribution on the core, in the core's own dimension: when the core
is a polygon in the plane x(N) = v(N) it is the polygon's centroid (not the average of its vertices); when the
core is a segment, the segment's midpoint; when it is a single point, that point. It lies in the core, treats
symmetric members alike and, unlike the Shapley value, never leaves a non-empty core.

Method, exact in rationals (the game's values are read exactly; a float game's binary values too):

1. **Vertices.** The core is {x : x(N) = v(N), x(S) ≥ v(S) for every proper S}. With x_n eliminated it is a
   polytope in R^(n−1); its vertices are enumerated by the double description method (Motzkin et al. 1953;
   Fukuda & Prodon 1996) in integer arithmetic: the constraints are added one at a time to the cone
   {(y, t) : a·y ≥ b·t, t ≥ 0}, new extreme rays are formed from adjacent pairs across each new hyperplane, and
   adjacency is tested combinatorially on the sets of tight constraints.
2. **Triangulation.** The core (of dimension k, found from the vertices) is cut into k-simplices by a pulling
   triangulation: from its first vertex, cone over a triangulation of every facet that does not contain it, down
   to points. Faces are read off the tight-constraint sets of the vertices (the facets of a face are its
   maximal proper intersections with one constraint's hyperplane).
3. **Centroid.** Each simplex weighs its k-dimensional volume, |det| of its edge vectors in k coordinates on
   which the core projects one to one (a common factor, which cancels), and contributes the mean of its
   vertices.

The number of core vertices grows like n! (a strictly convex game has n! of them), so the rule is computed for
at most :data:`MAX_CORE_CENTER_PLAYERS` members and refused beyond; an empty core is refused too.

References
----------
J. González-Díaz, E. Sánchez-Rodríguez, "A natural selection from the core of a TU game: the core-center",
International Journal of Game Theory 36, 2007, pp. 27–46.
T. S. Motzkin, H. Raiffa, G. L. Thompson, R. M. Thrall, "The double description method", in Contributions to the
Theory of Games II, Princeton, 1953.
K. Fukuda, A. Prodon, "Double description method revisited", in Combinatorics and Computer Science, LNCS 1120,
Springer, 1996, pp. 91–111.
"""

from __future__ import annotations

import math
from fractions import Fraction

from .. import deadline
from ..errors import RuleError
from .allocation import make_allocation
from .dense import dense_game

__all__ = ["core_center", "core_vertices", "MAX_CORE_CENTER_PLAYERS"]

# A strictly convex game on 6 members has 720 core vertices, a 5-dimensional core: a few seconds. 7 would be 5040.
MAX_CORE_CENTER_PLAYERS = 6


def core_center(game):
    """The core centre: the centroid of the core in its own dimension, exactly.

    Raises
    ------
    RuleError
        When the core is empty, or the game has more than :data:`MAX_CORE_CENTER_PLAYERS` members.

    Examples
    --------
    >>> from ipshare.games import table_game
    >>> game = table_game(["A", "B", "C"], {"A+B": 1, "A+C": 1, "B+C": 1, "A+B+C": 2})
    >>> core_center(game).exact    # the core is a triangle symmetric in A, B, C: its centroid is the centre
    {'A': Fraction(2, 3), 'B': Fraction(2, 3), 'C': Fraction(2, 3)}
    >>> game = table_game(["A", "B", "C"], {"A+B": 1, "A+B+C": 1})
    >>> core_center(game).exact    # the core is the segment from (1, 0, 0) to (0, 1, 0): its midpoint
    {'A': Fraction(1, 2), 'B': Fraction(1, 2), 'C': Fraction(0, 1)}

    References
    ----------
    J. González-Díaz, E. Sánchez-Rodríguez, International Journal of Game Theory 36, 2007.
    """
    game = dense_game(game, MAX_CORE_CENTER_PLAYERS, "core-center",
                      "the core's vertices, up to n! of them, are enumerated exactly")
    vertices, tight = core_vertices(game)
    if not vertices:
        raise RuleError("the core-center is undefined: the core is empty")
    dimension, coordinates = _affine_frame(vertices)
    centre = _centroid(vertices, tight, dimension, coordinates)
    sign = -1 if game.kind == "cost" else 1
    details = {"core_vertices": len(vertices), "core_dimension": dimension}
    amounts = [sign * value for value in centre]
    if game.is_exact:
        return make_allocation(game, "core-center", None, exact=amounts, method="exact-vertices", **details)
    return make_allocation(game, "core-center", [float(value) for value in amounts], method="exact-vertices",
                       **details)


def core_vertices(game):
    """The vertices of the core (benefit convention, Fractions) and, for each, the set of tight coalitions.

    The tight sets are bitmasks over the proper coalitions' constraints, constraint ``S − 1`` for coalition S.
    An empty core gives ``([], [])``.
    """
    n = game.n
    sign = -1 if game.kind == "cost" else 1
    if game.exact_scaled is not None:
        numerators, denominator = game.exact_scaled
        worth = [sign * int(value) for value in numerators]
    else:
        fractions = [Fraction(float(value)) for value in sign * game.values]
        denominator = math.lcm(*(f.denominator for f in fractions))
        worth = [int(f * denominator) for f in fractions]
    full = (1 << n) - 1
    if n == 1:
        return [[Fraction(worth[full], denominator)]], [0]
    rows = _constraint_rows(worth, n)
    rays = _double_description(rows, n - 1)
    vertices, tight = [], []
    for ray, zero in rays:
        t = ray[-1]
        if t <= 0:
            continue  # a direction of recession: none when the core is bounded and not empty
        y = [Fraction(value, t * denominator) for value in ray[:-1]]
        vertices.append(y + [Fraction(worth[full], denominator) - sum(y)])
        tight.append(zero & ((1 << (full - 1)) - 1))
    order = sorted(range(len(vertices)), key=lambda k: vertices[k])
    return [vertices[k] for k in order], [tight[k] for k in order]


def _constraint_rows(worth, n):
    """x(S) ≥ v(S) for the proper coalitions, in y = (x_1..x_{n−1}), homogenised: rows (a, −b) with a·y − b·t ≥ 0.

    Row S − 1 is coalition S; the last row is t ≥ 0.
    """
    full = (1 << n) - 1
    last = 1 << (n - 1)
    rows = []
    for mask in range(1, full):
        if mask & last:
            # x(S) = v(N) − Σ_{i∉S} y_i ≥ v(S)  ⇔  −Σ_{i∉S, i<n} y_i − (v(S) − v(N))·t ≥ 0
            a = [-1 if not (mask >> i) & 1 else 0 for i in range(n - 1)]
            b = worth[mask] - worth[full]
        else:
            a = [1 if (mask >> i) & 1 else 0 for i in range(n - 1)]
            b = worth[mask]
        rows.append(a + [-b])
    rows.append([0] * (n - 1) + [1])
    return rows


def _double_description(rows, d):
    """The extreme rays of {z ∈ R^(d+1) : row·z ≥ 0 for every row}, with the set of rows each makes tight.

    Integer arithmetic; the cone is pointed (the singletons' rows and t ≥ 0 have full rank).
    """
    size = d + 1
    # An initial simplicial cone: d + 1 independent rows, singletons and t ≥ 0 first.
    chosen, basis = [], []
    order = sorted(range(len(rows)), key=lambda r: (sum(1 for a in rows[r][:-1] if a) != 1, r))
    order = [len(rows) - 1] + [r for r in order if r != len(rows) - 1]
    for r in order:
        if _rank(basis + [rows[r]]) > len(basis):
            basis.append(rows[r])
            chosen.append(r)
        if len(basis) == size:
            break
    inverse = _inverse_columns(basis)  # column k is tight on every chosen row but k, positive on row k
    rays = []
    for column in inverse:
        zero = 0
        for r in chosen:
            if _dot(rows[r], column) == 0:
                zero |= 1 << r
        rays.append((column, zero))
    processed = set(chosen)
    for r in order:
        if r in processed:
            continue
        deadline.check("the core's vertices")
        processed.add(r)
        row = rows[r]
        plus, minus, keep = [], [], []
        for ray, zero in rays:
            value = _dot(row, ray)
            if value > 0:
                plus.append((ray, zero, value))
                keep.append((ray, zero))
            elif value < 0:
                minus.append((ray, zero, value))
            else:
                keep.append((ray, zero | 1 << r))
        if not minus:
            rays = keep
            continue
        zeros = [zero for _, zero in rays]
        needed = size - 2
        new = []
        for p, zero_p, value_p in plus:
            for q, zero_q, value_q in minus:
                common = zero_p & zero_q
                if common.bit_count() < needed:
                    continue
                # Adjacent when no other ray is tight on every row both are tight on.
                if sum(1 for zero in zeros if zero & common == common) > 2:
                    continue
                combined = [value_p * b - value_q * a for a, b in zip(p, q, strict=True)]
                new.append((_normalised(combined), common | 1 << r))
        rays = keep + new
    return rays


def _dot(row, ray):
    return sum(a * b for a, b in zip(row, ray, strict=True))


def _normalised(vector):
    divisor = math.gcd(*vector)
    return [value // divisor for value in vector] if divisor > 1 else vector


def _rank(rows):
    from ..linalg import rank

    return rank(rows, len(rows[0])) if rows else 0


def _inverse_columns(matrix):
    """The columns of the inverse of a square integer matrix, each scaled to the smallest integer vector."""
    from ..linalg import solve

    size = len(matrix)
    columns = []
    for k in range(size):
        target = [1 if i == k else 0 for i in range(size)]
        solution = solve(matrix, target, size)
        scale = math.lcm(*(value.denominator for value in solution))
        columns.append(_normalised([int(value * scale) for value in solution]))
    return columns


def _affine_frame(vertices):
    """The dimension k of the vertices' affine hull and k coordinates on which it projects one to one."""
    from ..linalg import row_reduce

    origin = vertices[0]
    differences = [[a - b for a, b in zip(vertex, origin, strict=True)] for vertex in vertices[1:]]
    if not differences:
        return 0, []
    reduced, pivots = row_reduce(differences, len(origin))
    return len(pivots), list(pivots)


def _centroid(vertices, tight, dimension, coordinates):
    if dimension == 0:
        return list(vertices[0])
    faces = {}

    def facets(face):
        candidates = set()
        for constraint in range(max(tight).bit_length()):
            bit = 1 << constraint
            sub = frozenset(v for v in face if tight[v] & bit)
            if sub and sub != face:
                candidates.add(sub)
        return [c for c in candidates if not any(c < other for other in candidates)]

    def triangulate(face, k):
        if k == 0:
            return [(min(face),)]
        key = face
        if key in faces:
            return faces[key]
        apex = min(face)
        simplices = []
        for facet in facets(face):
            if apex in facet:
                continue
            for simplex in triangulate(facet, k - 1):
                simplices.append((apex, *simplex))
        faces[key] = simplices
        return simplices

    simplices = triangulate(frozenset(range(len(vertices))), dimension)
    total = Fraction(0)
    moment = [Fraction(0)] * len(vertices[0])
    for simplex in simplices:
        base = vertices[simplex[0]]
        edges = [[vertices[v][c] - base[c] for c in coordinates] for v in simplex[1:]]
        volume = abs(_determinant(edges))
        total += volume
        for c in range(len(moment)):
            moment[c] += volume * sum(vertices[v][c] for v in simplex) / (dimension + 1)
    return [value / total for value in moment]


def _determinant(matrix):
    """The determinant of a small square matrix of Fractions (Gaussian elimination)."""
    matrix = [list(row) for row in matrix]
    size = len(matrix)
    result = Fraction(1)
    for column in range(size):
        pivot = next((r for r in range(column, size) if matrix[r][column] != 0), None)
        if pivot is None:
            return Fraction(0)
        if pivot != column:
            matrix[column], matrix[pivot] = matrix[pivot], matrix[column]
            result = -result
        lead = matrix[column][column]
        result *= lead
        for r in range(column + 1, size):
            factor = matrix[r][column] / lead
            if factor:
                for c in range(column, size):
                    matrix[r][c] -= factor * matrix[column][c]
    return result
