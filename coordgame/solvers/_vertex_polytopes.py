"""The float path of vertex enumeration: best-response polytopes, their vertices, their partners.

See :mod:`coordgame.solvers.vertex_enumeration` for the mathematics.  Qhull lists the vertices
of the lower-dimensional polytope ``P`` (by polar duality, as the facets of a convex hull); each
vertex's partners in ``Q`` are found by batched linear solves (or by the compiled loop of
:mod:`coordgame.solvers._vertex_loop`); any degeneracy sends both polytopes to Qhull and their
label sets are matched.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import NamedTuple

import numpy as np

from coordgame.solvers._bimatrix import complete_pairs, pack_labels
from coordgame.solvers._vertex_loop import _PAIRED, _SINGULAR_GAIN

#: Up to this many flops (vertices x n^3) the partner systems are solved as one batch of n x n
#: systems (fewest numpy calls); above, as reduced k x k systems batched by support size (least
#: LAPACK work).  The two cost the same at about 350 vertices of an 8 x 8 game.
_ONE_BATCH_FLOPS = 200_000

def _direct(function: Callable[[], object]) -> object:
    """Run ``function`` here (the runner of short computations)."""
    return function()

#: Multiply-adds per matrix product below which OpenBLAS uses one thread (65536 x 4 in its gemm).
_SINGLE_THREAD_PRODUCT = 200_000


class _Matched(NamedTuple):
    """The completely labelled vertex pairs found by one path.

    ``x``/``y`` are the normalised strategies (float rows, or tuples of Fractions on the exact
    path); ``x_ids``/``y_ids`` identify the vertices (for components); ``degenerate`` says
    whether a vertex with surplus labels was met, ``missing_labels`` whether one with fewer
    labels than its polytope's dimension was (see :func:`_missing_labels`).
    """

    x: object
    y: object
    x_ids: np.ndarray
    y_ids: np.ndarray
    degenerate: bool
    missing_labels: bool = False


def _product(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """``left @ right`` in row blocks small enough for BLAS to stay on the calling thread.

    These products are thin (a few thousand rows, at most a few dozen columns): on the calling
    thread they do not wait for BLAS's worker threads to be scheduled, which on a busy machine
    takes longer than the product.
    """
    step = max(1, _SINGLE_THREAD_PRODUCT // (left.shape[1] * right.shape[1]))
    if len(left) <= step:
        return left @ right
    out = np.empty((len(left), right.shape[1]))
    for start in range(0, len(left), step):
        np.matmul(left[start : start + step], right, out=out[start : start + step])
    return out


@cache
def _identity(size: int) -> np.ndarray:
    """The read-only ``size x size`` identity, built once per size."""
    identity = np.eye(size)
    identity.setflags(write=False)
    return identity


def _unit_range(matrix: np.ndarray) -> np.ndarray:
    """Map a payoff matrix affinely onto [1, 2] (all ones if it is constant)."""
    low, high = matrix.min(), matrix.max()
    if high == low:
        return np.ones_like(matrix)
    return 1.0 + (matrix - low) / (high - low)


def _facet_equations(points: np.ndarray) -> np.ndarray:
    """Facet equations ``[normal | offset]`` of the triangulated convex hull of ``points`` (Qhull).

    Only the facet equations are needed, not the volume and area that ``scipy.spatial.ConvexHull``
    also computes, so Qhull is run through scipy's ``_Qhull`` with ConvexHull's options, and
    through ConvexHull itself on a scipy whose private interface differs.  Qhull's own errors
    (``QhullError``) propagate.
    """
    options = b"Qx" if points.shape[1] > 4 else b""  # ConvexHull's defaults; it requires Qt
    try:
        from scipy.spatial._qhull import _Qhull

        qhull = _Qhull(b"i", points, options, required_options=b"Qt")
        try:
            equations = qhull.get_simplex_facet_array()[2]
        finally:
            qhull.close()
        if equations.shape[1:] == (points.shape[1] + 1,):
            return equations
    except (ImportError, TypeError, AttributeError, IndexError):  # another private interface
        pass
    from scipy.spatial import ConvexHull

    return ConvexHull(points).equations


def _hull_facets(matrix: np.ndarray) -> tuple[np.ndarray, float]:
    """Qhull's facet equations for the vertices of ``{z >= 0, matrix @ z <= 1}`` (entries of ``matrix`` in [1, 2]).

    Returns the equations and the shift ``s``: facet ``(normal, offset)`` is the vertex
    ``z = s - normal / offset`` (see the module docstring).
    """
    d = matrix.shape[1]
    row_sums = matrix.sum(axis=1)
    shift = 0.5 / row_sums.max()  # z = shift * 1 is interior: matrix @ z <= 1/2
    # With w = z - shift * 1 the constraints read points @ w <= 1 (-w_i <= shift, and
    # matrix_j @ w <= 1 - shift * row_sums_j): a facet (normal, offset) of their hull is w = -normal / offset.
    points = np.concatenate([_identity(d) * (-1.0 / shift), matrix / (1.0 - shift * row_sums)[:, None]])
    return _facet_equations(points), float(shift)


def _hull_vertices(
    matrix: np.ndarray, tol: float, facets: tuple[np.ndarray, float] | None = None
) -> tuple[np.ndarray, np.ndarray, bool]:
    """Non-zero vertices of ``{z >= 0, matrix @ z <= 1}`` (entries of ``matrix`` in [1, 2]) via Qhull.

    Returns the distinct vertices ``z``, their full label sets in local order (``z_i = 0``
    first, then ``(matrix @ z)_j = 1``) and whether some vertex has surplus labels (or, in
    floating point, too few: either way it cannot be treated as a simple vertex).  ``facets``
    is :func:`_hull_facets` of ``matrix`` when already computed.
    """
    d = matrix.shape[1]
    equations, shift = _hull_facets(matrix) if facets is None else facets
    vertices = shift - equations[:, :d] / equations[:, d:]
    # A constraint is tight when its slack (z_i, or 1 - matrix_j @ z) is at most tol.
    labels = np.concatenate([vertices <= tol, _product(vertices, matrix.T) >= 1.0 - tol], axis=1)
    surplus = bool((labels.sum(axis=1) != d).any())
    if surplus:
        # A degenerate vertex is reported once per simplex of its triangulated facet (a vertex
        # with exactly d labels is a simplicial facet: reported once).
        _, first, _ = _unique_rows(pack_labels(labels))
        vertices, labels = vertices[first], labels[first]
    keep = labels[:, d:].any(axis=1)  # drop the origin: the one vertex with no payoff constraint tight
    return vertices[keep], labels[keep], surplus


def _unique_rows(masks: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct rows of a ``(V, W)`` mask array, each one's first occurrence, and each row's distinct id."""
    if masks.shape[1] == 1:
        keys, first, inverse = np.unique(masks[:, 0], return_index=True, return_inverse=True)
        return keys[:, None], first, inverse
    keys, first, inverse = np.unique(masks, axis=0, return_index=True, return_inverse=True)
    return keys, first, inverse.ravel()


def _to_global(local: np.ndarray, dimension: int, first_player: bool) -> np.ndarray:
    """Reorder local labels (non-negativity first) into the global order (player 1's actions first)."""
    if first_player:
        return local
    return np.concatenate([local[:, dimension:], local[:, :dimension]], axis=1)


def _normalised(points: np.ndarray, unplayed: np.ndarray) -> np.ndarray:
    """Normalise vertices into mixed strategies, with labelled (unplayed) actions exactly zero."""
    strategies = np.where(unplayed, 0.0, points)
    # With a tol as large as the coordinates every action can look unplayed: the row becomes NaN
    # and fails verification (dropped, with a note), as in the compiled loop.
    with np.errstate(invalid="ignore", divide="ignore"):
        return strategies / strategies.sum(axis=1, keepdims=True)


class _NeedsBothPolytopes(Exception):
    """The one-polytope shortcut cannot decide (degenerate or ill-conditioned): enumerate both."""


def _partners(lx: np.ndarray, Q: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For non-degenerate vertices ``x`` of ``P``, the unique ``y`` in ``Q`` completing their labels.

    A vertex ``x`` with exactly ``m`` labels leaves ``n`` labels for ``y``: with ``S`` the
    support of ``x`` and ``R`` player 2's best responses to it (``|R| = |S|``, as ``x`` has
    ``m - |S|`` zero labels), ``y`` must make each action in ``S`` a best response,
    ``(Q y)_i = 1``, and play nothing outside ``R``.  These systems are solved in batches; a
    pair is kept when ``y`` lies in ``Q``.  Returns the indices of the vertices that pair,
    their (unnormalised) ``y``'s and the labels of these.
    """
    m, n = Q.shape
    # Q's m + n constraints as rows of `constraints @ y <= bounds`: (Q y)_i <= 1, then -y_j <= 0.
    constraints, bounds = np.concatenate([Q, -_identity(n)]), _bounds(m, n)
    if len(lx) * n**3 <= _ONE_BATCH_FLOPS:
        y = _full_systems_solutions(lx, constraints, bounds)
    else:
        y = _reduced_systems_solutions(lx, Q)
    ok, labels = _in_Q(y, constraints, bounds, tol)
    return ok.nonzero()[0], y[ok], labels


@cache
def _bounds(m: int, n: int) -> np.ndarray:
    """The read-only right-hand sides of ``Q``'s constraints: ``m`` ones, then ``n`` zeros."""
    bounds = np.concatenate([np.ones(m), np.zeros(n)])
    bounds.setflags(write=False)
    return bounds


def _full_systems_solutions(lx: np.ndarray, constraints: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """The partners as ``n x n`` systems in one batch: the constraints of ``Q`` whose labels ``x`` lacks, tight.

    Row ``i`` of ``Q`` (right-hand side 1) for each action in ``S``, ``-e_j`` (``y_j = 0``) for
    each column outside ``R``.  The fewest numpy calls: for few vertices, where the fixed cost of
    each call outweighs LAPACK's.
    """
    missing = _positions(~lx, constraints.shape[1])
    return _solve(constraints[missing], bounds[missing])


def _reduced_systems_solutions(lx: np.ndarray, Q: np.ndarray) -> np.ndarray:
    """The partners from the reduced ``k x k`` systems ``Q[S, R] y_R = 1``, batched by support size.

    For many vertices, where LAPACK's cost (cubic in the system size) dominates.  Vertices are
    batched two support sizes wide (1-2, 3-4, ...) and each batch is padded to its largest size
    ``s`` by an identity block: with ``Q`` bordered by identity rows and columns, listing each
    vertex's support ``S`` and then ``s - k`` padding rows, and its best responses ``R`` and then
    as many padding columns, one :func:`_positions` gives every system's rows and columns in
    order and one gather builds the systems ``diag(Q[S, R], I)``.  Padding entries are dropped.
    """
    m, n = Q.shape
    support_size = m - lx[:, :m].sum(axis=1)
    largest = int(support_size.max())
    bordered = np.zeros((m + largest, n + largest))
    bordered[:m, :n] = Q
    bordered[m:, n:] = _identity(largest)
    y = np.zeros((len(lx), n + largest))
    for top in range(2, largest + 2, 2):
        members = np.flatnonzero((support_size > top - 2) & (support_size <= top))
        if not members.size:
            continue
        size = min(top, largest)
        padding = np.arange(size) < size - support_size[members, None]
        chosen = np.concatenate([~lx[members, :m], padding, lx[members, m:], padding], axis=1)
        index = _positions(chosen, 2 * size)
        rows, cols = index[:, :size], index[:, size:] - (m + size)
        # bordered[rows[:, :, None], cols[:, None, :]], as one take on the flattened matrix
        systems = bordered.ravel().take((rows * bordered.shape[1])[:, :, None] + cols[:, None, :])
        y[members[:, None], cols] = _solve(systems, np.ones((len(members), size)))
    return y[:, :n]


def _positions(mask: np.ndarray, count: int) -> np.ndarray:
    """The columns of the ``count`` True entries of each row of ``mask``, in increasing order.

    (``np.nonzero`` of a 2-D mask also builds the row indices: several times slower.)
    """
    return (mask.ravel().nonzero()[0] % mask.shape[1]).reshape(len(mask), count)


def _solve(systems: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    """Solve a batch of partner systems; refuse (:class:`_NeedsBothPolytopes`) if one is near-singular.

    A partner system that is singular in exact arithmetic may be consistent, with a segment of
    solutions whose end points are the partners (vertices of ``Q`` with surplus labels); in
    floating point elimination usually leaves a pivot of rounding size instead of zero, and a
    solve returns an arbitrary point of the segment.  So the systems are inverted: the inverse of
    a system singular in exact arithmetic has entries of order ``1 / eps``, and a system whose
    inverse has an entry above ``_SINGULAR_GAIN`` (its entries are in [-1, 2]) sends the game to
    the enumeration of both polytopes.
    """
    try:
        inverses = np.linalg.inv(systems)
    except np.linalg.LinAlgError:  # an exactly singular system
        raise _NeedsBothPolytopes from None
    if not np.abs(inverses).max(initial=0.0) <= _SINGULAR_GAIN:  # NaN too
        raise _NeedsBothPolytopes
    return np.matmul(inverses, rhs[:, :, None])[:, :, 0]


def _in_Q(y: np.ndarray, constraints: np.ndarray, bounds: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray]:
    """Which rows ``y`` satisfy ``constraints @ y <= bounds`` within ``tol``, and the labels of those that do.

    One product gives every constraint's excess ``[Q y - 1 | -y]``: a row is in ``Q`` when no
    excess is above ``tol``, and its labels (in global order) are the constraints within ``tol``
    of tight.  Refuses to guess when a row is just outside.
    """
    excess = _product(y, constraints.T) - bounds
    worst = excess.max(axis=1, initial=-np.inf)
    if ((worst > tol) & (worst < 1e-6)).any():  # too close to call in floating point
        raise _NeedsBothPolytopes
    ok = worst <= tol
    return ok, excess[ok] >= -tol


def _float_pairs(A: np.ndarray, B: np.ndarray, tol: float, compiled: Callable | None = None,
                 runner: Callable = _direct) -> _Matched:
    """Completely labelled pairs in floating point, with ``P`` the lower-dimensional polytope (m <= n).

    ``compiled`` is the numba-compiled :func:`_pairs_loop`: when given, it replaces the numpy
    shortcut, and what it cannot decide goes straight to the enumeration of both polytopes.
    ``runner`` runs each Qhull call (:func:`coordgame._progress.run_in_thread` for long runs).
    """
    m, n = A.shape
    P, Q = _unit_range(B).T, _unit_range(A)
    facets = runner(lambda: _hull_facets(P))
    if compiled is not None:
        found = _loop_pairs(compiled, facets, P, Q, tol)
        if found is not None:
            return found
        zx, lx, _ = _hull_vertices(P, tol, facets)
        return _both_polytopes(zx, lx, Q, tol, runner)
    zx, lx, surplus = _hull_vertices(P, tol, facets)
    try:
        if surplus:
            raise _NeedsBothPolytopes
        ix, zy, ly = _partners(lx, Q, tol)
    except _NeedsBothPolytopes:
        return _both_polytopes(zx, lx, Q, tol, runner)
    degenerate = bool(len(ly) and ly.sum(axis=1).max() > n)
    return _Matched(_normalised(zx[ix], lx[ix, :m]), _normalised(zy, ly[:, m:]), ix, _y_ids(ly, degenerate), degenerate)


def _pivoting_pairs(search_loop: Callable, A: np.ndarray, B: np.ndarray, tol: float, bar: object,
                    runner: Callable = _direct, exact_payoffs: Callable | None = None) -> _Matched:
    """Completely labelled pairs by the depth-first search of ``P``'s vertices (:mod:`._vertex_search`), ``m <= n``.

    ``search_loop`` is :func:`coordgame.solvers._vertex_search._search_loop`, compiled or not.
    When the search meets a vertex it cannot treat as simple (a degenerate game) or a partner it
    cannot decide, both polytopes are enumerated by Qhull and matched instead.  ``exact_payoffs()``
    gives ``(A, B)`` in Fractions, for settling rare vertices exactly (default: the floats read exactly).
    """
    from coordgame.solvers._vertex_search import search_pairs

    m = A.shape[0]
    P, Q = _unit_range(B).T, _unit_range(A)
    found = search_pairs(search_loop, P, Q, tol, bar, exact_payoffs or (lambda: (A, B)))
    if found is None:
        zx, lx, _ = _hull_vertices(P, tol, runner(lambda: _hull_facets(P)))
        return _both_polytopes(zx, lx, Q, tol, runner)
    strategies, labels, ids, degenerate = found
    return _Matched(strategies[:, :m], strategies[:, m:], ids, _y_ids(labels, degenerate), degenerate)


def _both_polytopes(zx: np.ndarray, lx: np.ndarray, Q: np.ndarray, tol: float, runner: Callable = _direct) -> _Matched:
    """Completely labelled pairs by enumerating ``Q`` too and matching label sets (any degeneracy)."""
    m, n = Q.shape
    zy, ly, _ = _hull_vertices(Q, tol, runner(lambda: _hull_facets(Q)))
    ly = _to_global(ly, n, False)
    ix, iy = _match(lx, ly, m, n)
    degenerate = bool((lx.sum(axis=1) > m).any() or (ly.sum(axis=1) > n).any())
    return _Matched(_normalised(zx[ix], lx[ix, :m]), _normalised(zy[iy], ly[iy, m:]), ix, iy, degenerate,
                    _missing_labels(lx, ly, m, n))


def _y_ids(ly: np.ndarray, degenerate: bool) -> np.ndarray:
    """Ids of the partners ``y`` found by the one-polytope shortcut, equal for equal vertices.

    Without surplus labels each ``y`` has one partner ``x``, so the ``y``'s are distinct vertices.
    """
    return _unique_rows(pack_labels(ly))[2] if degenerate else np.arange(len(ly))


def _loop_pairs(
    pairs_loop: Callable, facets: tuple[np.ndarray, float], P: np.ndarray, Q: np.ndarray, tol: float
) -> _Matched | None:
    """The one-polytope shortcut by ``pairs_loop`` (:func:`_pairs_loop`, compiled); None if it cannot decide."""
    equations, shift = facets
    # C-ordered operands: one compiled specialisation serves every game (P is a transpose).
    P, Q = np.ascontiguousarray(P), np.ascontiguousarray(Q)
    count, status, degenerate, strategies, labels, ids = pairs_loop(equations, shift, P, Q, tol)
    if status != _PAIRED:
        return None
    m = P.shape[1]
    strategies, labels = strategies[:count], labels[:count]
    return _Matched(strategies[:, :m], strategies[:, m:], ids[:count], _y_ids(labels, degenerate), degenerate)


def _missing_labels(lx: np.ndarray, ly: np.ndarray, m: int, n: int) -> bool:
    """Whether some vertex of ``P`` has fewer than ``m`` labels or some vertex of ``Q`` fewer than ``n``.

    A vertex of a ``d``-dimensional polytope has at least ``d`` tight constraints, so in exact
    arithmetic this never happens; in floating point it means that a tight constraint's slack
    exceeded ``tol`` (a ``tol`` too small for the rounding of the vertex coordinates).  Such a
    vertex cannot be completely labelled, so an equilibrium through it may be missing.
    """
    return bool((lx.sum(axis=1) < m).any() or (ly.sum(axis=1) < n).any())


def _match(lx: np.ndarray, ly: np.ndarray, m: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    return complete_pairs(pack_labels(lx), lx.sum(axis=1), pack_labels(ly), ly.sum(axis=1), m, n)
