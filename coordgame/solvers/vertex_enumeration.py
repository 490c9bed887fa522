r"""All extreme Nash equilibria of a two-player game by vertex enumeration.

Shift both payoff matrices to be positive (a positive affine change of a player's payoffs
changes no best response).  The best-response polytopes are

.. math::

    P = \{x \in \mathbb{R}^m : x \ge 0,\ B^\top x \le 1\}, \qquad
    Q = \{y \in \mathbb{R}^n : A y \le 1,\ y \ge 0\}.

Each of the ``m + n`` inequalities is a *label*: at a point ``x`` of ``P``, label ``i < m``
means player 1's action ``i`` is unplayed and label ``m + j`` that player 2's action ``j`` is a
best response to ``x``; in ``Q`` the roles are swapped.  A pair of vertices
``(x, y) != (0, 0)`` is *completely labelled* when every label appears at ``x`` or ``y``, and
then ``(x / sum(x), y / sum(y))`` is a Nash equilibrium; the equilibria so obtained are exactly
the extreme points of the equilibrium set (von Stengel 2007, "Equilibrium computation for
two-player games in strategic and extensive form", *Algorithmic Game Theory*, ch. 3; Avis,
Rosenberg, Savani & von Stengel 2010, *Economic Theory* 42).  This holds for degenerate games
too, provided a vertex's labels are *all* the constraints tight at it.

Float path.  After translating ``P`` so that an interior point ``c`` is the origin, it reads
``{w : D w <= 1}``, and by polar duality its vertices are the facets of the convex hull of the
rows of ``D``: a facet with outward normal ``a`` and offset ``b`` (``a . p + b = 0``) gives the
vertex ``w = -a / b``.  One Qhull call lists them.  Qhull triangulates non-simplicial facets, so
a degenerate vertex may appear several times with only part of its labels; the labels are
therefore recomputed from the vertex coordinates (every constraint with slack ``<= tol``) and
duplicates merged.  Only the polytope of the player with fewer actions is enumerated: a vertex
``x`` with exactly ``m`` labels leaves exactly ``n`` labels to its partner, and those ``n`` tight
constraints determine ``y`` (``Q[S, R] y_R = 1`` for the support ``S`` of ``x`` and the best
responses ``R`` to it), so all partners are found by batched ``numpy.linalg.solve`` calls and
kept when they lie in ``Q``.  When some vertex has surplus labels (or a system is singular up
to rounding, or a feasibility test is too close to call), both polytopes are enumerated instead
and their label sets, packed into ``uint64`` bitmasks, are matched: non-degenerate vertices by a
sorted look-up of the complementary mask, vertices with surplus labels by broadcasting
``(mask_x | mask_y) == all``.

With ``backend="numba"`` (optional dependency) the one-polytope shortcut runs as one compiled
loop over Qhull's facets (:func:`_pairs_loop`): each vertex's labels, its reduced system
``Q[S, R] y_R = 1`` solved by Gaussian elimination with partial pivoting, the test ``y`` in
``Q`` and the normalisation, with the tests and tolerances of the numpy shortcut.  Every case
that cannot be treated as a simple vertex with a unique partner (surplus or missing labels, a
system singular up to rounding, a partner just outside ``Q``) goes straight to the enumeration of
both polytopes.

Exact path (``exact=True``).  Payoffs are read as exact rationals (the game's
:attr:`~coordgame.NormalFormGame.exact_payoffs` when it has them, such as ``1/3`` read from a
``.nfg`` file, else each float as the decimal it prints as) and made positive integers;
every basis of each polytope is solved by fraction-free integer elimination
(:mod:`coordgame.solvers._exact`), so vertices, labels and equilibria are exact and the
enumeration is complete by construction, with no tolerance involved.  Its cost grows like
:math:`\binom{m+n}{m}`: it is meant for games up to about 10 x 10.

Components (``components=True``).  The extreme equilibria are the edges of a bipartite graph
on the vertices of ``P`` and ``Q``; its maximal bicliques are the maximal Nash subsets (convex
sets of equilibria) and its connected components the components of the equilibrium set
(Avis et al. 2010).
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from functools import cache
from typing import NamedTuple

import numpy as np

from coordgame._arguments import checked_arguments
from coordgame._checks import one_of
from coordgame._progress import progress_bar, run_in_thread, show_progress
from coordgame.equilibrium import EquilibriumSet, _verified_profiles
from coordgame.errors import Interrupted
from coordgame.games.normal_form import NormalFormGame, as_game
from coordgame.solvers import _numba, _vertex_enumeration_numba  # numba is imported only when asked for
from coordgame.solvers._bimatrix import bimatrix, complete_pairs, components_and_maximal_subsets, pack_labels
from coordgame.solvers._exact import exact_payoffs, exact_vertices, integer_matrix
from coordgame.tolerances import DEFAULT_TOL, check_tolerance

__all__ = ["vertex_enumeration"]

_METHOD = "vertex_enumeration"

#: Up to this many flops (vertices x n^3) the partner systems are solved as one batch of n x n
#: systems (fewest numpy calls); above, as reduced k x k systems batched by support size (least
#: LAPACK work).  The two cost the same at about 350 vertices of an 8 x 8 game.
_ONE_BATCH_FLOPS = 200_000

#: With ``backend="auto"``, the compiled partner loop is used (when numba is installed) when both
#: players have at least this many actions (the dimension of the enumerated polytope, which sets
#: the cost).  Importing numba and loading the compiled loop adds about 0.25 s to the first call
#: in a process; from 16 x 16 actions one call takes longer than that, while below it a single
#: call would be slowed down many times (sweeps of smaller games pass ``backend="numba"``).
NUMBA_AUTO_ACTIONS = 16

#: With ``progress=None`` a bar is shown (on a terminal), and Qhull runs in a worker thread so
#: that Ctrl-C is handled at once, when both players have at least this many actions: one Qhull
#: call then takes seconds (about 40 s at 20 x 20), below it milliseconds.
PROGRESS_ACTIONS = 14


def _direct(function: Callable[[], object]) -> object:
    """Run ``function`` here (the runner of short computations)."""
    return function()

#: A partner system is treated as singular when its inverse has an entry above this (numpy path),
#: or when elimination meets a pivot below its inverse (compiled loop): a system singular in exact
#: arithmetic gives entries of order 1e15, pivots of order 1e-16.
_SINGULAR_GAIN = 1e9

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


# --- the one-polytope shortcut in loop form (compiled by numba) -----------------------------------
#: Status codes of :func:`_pairs_loop`.
_PAIRED, _UNDECIDED = 0, 1


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


def _pairs_loop(
    equations: np.ndarray, shift: float, P: np.ndarray, Q: np.ndarray, tol: float
) -> tuple[int, int, bool, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_hull_vertices` and :func:`_partners` of ``P`` in one pass over Qhull's facets, in loop form.

    For each facet: its vertex ``x`` and labels; if ``x`` has exactly ``m`` labels and some
    payoff label (it is not the origin), its partner from the reduced system ``Q[S, R] y_R = 1``
    (:func:`_solve_loop`), kept when it lies in ``Q`` within ``tol``.  The tests, tolerances and
    normalisations are those of the array forms; the system is the reduced one.  Returns
    ``(count, status, degenerate, strategies, labels, ids)``: the first ``count`` rows of
    ``strategies`` are the normalised pairs ``[x | y]``, of ``labels`` the partners' labels (global
    order), of ``ids`` the facets of the ``x``'s.  ``status`` is ``_UNDECIDED`` (the caller
    enumerates both polytopes) when a vertex has surplus or missing labels, a system is singular,
    or a partner lies just outside ``Q`` (as :func:`_in_Q` refuses to guess).
    """
    facets, n, m = equations.shape[0], P.shape[0], P.shape[1]
    strategies = np.zeros((facets, m + n))
    labels = np.zeros((facets, m + n), dtype=np.bool_)
    ids = np.zeros(facets, dtype=np.int64)
    x, y, tight = np.empty(m), np.empty(n), np.empty(m + n, dtype=np.bool_)
    system, rhs = np.empty((m, m)), np.empty(m)
    rows, cols = np.empty(m, dtype=np.int64), np.empty(m, dtype=np.int64)
    count, degenerate = 0, False
    for f in range(facets):
        # the vertex x and its labels: x_i = 0 (in S's complement), (P x)_j = 1 (j in R)
        size, best = 0, 0
        for i in range(m):
            x[i] = shift - equations[f, i] / equations[f, m]
            if x[i] > tol:
                rows[size] = i
                size += 1
        for j in range(n):
            value = 0.0
            for i in range(m):
                value += P[j, i] * x[i]
            if value >= 1.0 - tol:
                if best == m:
                    return 0, _UNDECIDED, False, strategies, labels, ids
                cols[best] = j
                best += 1
        if best != size:  # surplus or missing labels: not a simple vertex
            return 0, _UNDECIDED, False, strategies, labels, ids
        if size == 0:  # the origin
            continue
        for a in range(size):
            rhs[a] = 1.0
            for b in range(size):
                system[a, b] = Q[rows[a], cols[b]]
        if not _solve_loop(system, rhs, size):
            return 0, _UNDECIDED, False, strategies, labels, ids
        y[:] = 0.0
        for b in range(size):
            y[cols[b]] = rhs[b]
        # y's excess over each constraint of Q: (Q y)_i - 1, then -y_j
        worst, surplus = -np.inf, 0
        for i in range(m):
            value = -1.0
            for j in range(n):
                value += Q[i, j] * y[j]
            worst = max(worst, value)
            tight[i] = value >= -tol
        for j in range(n):
            worst = max(worst, -y[j])
            tight[m + j] = -y[j] >= -tol
        if worst > tol:
            if worst < 1e-6:  # too close to call in floating point
                return 0, _UNDECIDED, False, strategies, labels, ids
            continue
        total_x, total_y = 0.0, 0.0
        for i in range(m):
            if x[i] > tol:
                strategies[count, i] = x[i]
                total_x += x[i]
        for j in range(n):
            if not tight[m + j]:
                strategies[count, m + j] = y[j]
                total_y += y[j]
        for i in range(m):
            strategies[count, i] /= total_x
        for j in range(n):
            strategies[count, m + j] /= total_y
        for label in range(m + n):
            labels[count, label] = tight[label]
            if tight[label]:
                surplus += 1
        degenerate = degenerate or surplus > n
        ids[count] = f
        count += 1
    return count, _PAIRED, degenerate, strategies, labels, ids


def _solve_loop(system: np.ndarray, rhs: np.ndarray, size: int) -> bool:
    """Solve ``system[:size, :size] z = rhs[:size]`` in place (``rhs`` becomes ``z``); False if near-singular.

    Gaussian elimination with partial pivoting, in loop form.  A pivot below ``1 / _SINGULAR_GAIN``
    (the entries are in [1, 2]) counts as zero: the system is singular or within rounding of it,
    and its solutions may form a segment (see :func:`_solve`).
    """
    for c in range(size):
        pivot, largest = c, abs(system[c, c])
        for a in range(c + 1, size):
            if abs(system[a, c]) > largest:
                pivot, largest = a, abs(system[a, c])
        if largest * _SINGULAR_GAIN < 1.0:  # singular, or within rounding of it
            return False
        if pivot != c:
            for b in range(c, size):
                system[c, b], system[pivot, b] = system[pivot, b], system[c, b]
            rhs[c], rhs[pivot] = rhs[pivot], rhs[c]
        for a in range(c + 1, size):
            factor = system[a, c] / system[c, c]
            for b in range(c + 1, size):
                system[a, b] -= factor * system[c, b]
            rhs[a] -= factor * rhs[c]
    for c in range(size - 1, -1, -1):
        value = rhs[c]
        for b in range(c + 1, size):
            value -= system[c, b] * rhs[b]
        rhs[c] = value / system[c, c]
    return True


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


def _exact_strategy(numerators: np.ndarray) -> tuple[Fraction, ...]:
    total = sum(int(v) for v in numerators)
    return tuple(Fraction(int(v), total) for v in numerators)


def _exact_pairs(A: np.ndarray, B: np.ndarray) -> _Matched:
    """Completely labelled pairs in exact rational arithmetic (``A``, ``B``: Fraction matrices)."""
    m, n = A.shape
    lx, num_x, _ = exact_vertices(integer_matrix(B.T))
    ly, num_y, _ = exact_vertices(integer_matrix(A))
    ly = _to_global(ly, n, False)
    ix, iy = _match(lx, ly, m, n)
    degenerate = bool((lx.sum(axis=1) > m).any() or (ly.sum(axis=1) > n).any())
    x = [_exact_strategy(num_x[a]) for a in ix]
    y = [_exact_strategy(num_y[b]) for b in iy]
    return _Matched(x, y, ix, iy, degenerate)


def _transposed(found: _Matched) -> _Matched:
    return _Matched(found.y, found.x, found.y_ids, found.x_ids, found.degenerate, found.missing_labels)


@checked_arguments
def vertex_enumeration(
    game: NormalFormGame,
    *,
    tol: float = DEFAULT_TOL,
    exact: bool = False,
    components: bool = False,
    backend: str = "auto",
    progress: bool | None = None,
) -> EquilibriumSet:
    """All extreme Nash equilibria of a two-player game, degenerate or not.

    Parameters
    ----------
    game : NormalFormGame or array_like
        The game, or its payoffs: see :func:`coordgame.games.as_game`.
        A two-player game.
    tol : float, default 1e-9
        Float path: a constraint of the (payoffs rescaled to [1, 2]) best-response polytopes
        counts as tight when its slack is at most ``tol``; every equilibrium is verified with
        regret at most ``tol * game.payoff_range``.  The exact path uses no tolerance.
    exact : bool, default False
        Enumerate in exact rational arithmetic, on the game's
        :attr:`~coordgame.NormalFormGame.exact_payoffs` when it has them (else each float
        read as the decimal it prints as: ``0.1`` is 1/10); each equilibrium then carries its
        :class:`~fractions.Fraction` strategies in ``Equilibrium.exact``.  The number of bases
        solved is ``C(m + n, m)``: use it for games up to about 10 x 10 actions.
    components : bool, default False
        Also group the extreme equilibria into connected components of the equilibrium set
        and maximal Nash subsets (``EquilibriumSet.components`` / ``.maximal_subsets``).
    backend : {"auto", "numpy", "numba"}, default "auto"
        Float path: find the partners of the enumerated polytope's vertices with numpy's batched
        solves, or in one loop compiled by numba (optional dependency; the same tests and
        tolerances, so the same equilibria up to rounding at the tolerance boundaries).
        ``"auto"`` uses numba when it is installed and both players have at least
        ``NUMBA_AUTO_ACTIONS`` actions; a sweep over many smaller games gains from ``"numba"``.
    progress : bool, optional
        Show a tqdm bar of the stages (convex hull, partners, verification) with the elapsed
        time, and run the Qhull calls in a worker thread so that Ctrl-C stops at once (the
        abandoned Qhull call finishes in the background).  Default None: only when both
        players have at least :data:`PROGRESS_ACTIONS` actions and standard error is a terminal.

    Returns
    -------
    EquilibriumSet
        The extreme equilibria, each verified, sorted with player 1's strategy in decreasing
        lexicographic order.  ``complete=True`` (these are all of them) unless, in floating
        point, a matched pair failed verification or a vertex was found with fewer labels than
        its dimension (``tol`` too small for the rounding); a note then says which.  A note says whether the
        game is degenerate (then the equilibria may form continua whose extreme points are listed).

    Raises
    ------
    UnsupportedGameError
        If the game does not have exactly two players.
    coordgame.errors.Interrupted
        On Ctrl-C (a KeyboardInterrupt subclass): no equilibrium is verified before the
        enumeration ends, so its ``partial`` is an empty EquilibriumSet with
        ``complete=False`` and a note.

    Examples
    --------
    A degenerate game (von Stengel 2007, fig. 3.4): a continuum of equilibria in which player 2
    mixes between 2/3 and 1 on its first action, and one isolated equilibrium.

    >>> import coordgame as cg
    >>> g = cg.NormalFormGame.from_bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]])
    >>> eqs = cg.vertex_enumeration(g, exact=True, components=True)
    >>> for eq in eqs:
    ...     print([[str(p) for p in s] for s in eq.exact])
    [['1', '0', '0'], ['1', '0']]
    [['1', '0', '0'], ['2/3', '1/3']]
    [['0', '1/3', '2/3'], ['1/3', '2/3']]
    >>> eqs.components, eqs.maximal_subsets
    (((0, 1), (2,)), ((0, 1), (2,)))
    """
    game = as_game(game)
    A, B = bimatrix(game, _METHOD)
    tol = check_tolerance(tol, "tol", positive=True)
    one_of(backend, "backend", ("auto", "numpy", "numba"))
    shown = show_progress(progress, min(A.shape) >= PROGRESS_ACTIONS)
    with progress_bar(shown, total=3, desc="vertex enumeration", unit="stage") as bar:
        try:
            return _enumerate(game, A, B, tol, exact, components, backend, bar, shown)
        except KeyboardInterrupt as exc:
            note = "interrupted (KeyboardInterrupt) before the enumeration ended: no equilibrium verified, not all equilibria"
            partial = EquilibriumSet((), game, method=_METHOD, complete=False, notes=(note,),
                                     parameters={"tol": tol, "exact": exact, "components": components})
            raise Interrupted(f"vertex_enumeration: {note}", partial=partial) from exc


def _enumerate(game: NormalFormGame, A: np.ndarray, B: np.ndarray, tol: float, exact: bool, components: bool,
               backend: str, bar: object, threaded: bool) -> EquilibriumSet:
    """The body of :func:`vertex_enumeration`; ``bar`` advances by stage, ``threaded`` runs Qhull in a thread."""
    notes: list[str] = []
    flip = A.shape[0] > A.shape[1]  # Qhull works in the smaller dimension
    A_, B_ = (B.T, A.T) if flip else (A, B)
    found = None
    bar.set_postfix_str("convex hull")
    if not exact and min(A.shape) > 1:  # Qhull needs at least two dimensions
        from scipy.spatial import QhullError

        runner = (lambda function: run_in_thread(function, bar.refresh)) if threaded else _direct
        try:
            compiled = _numba.select(_vertex_enumeration_numba.compiled_pairs, backend, min(A.shape), NUMBA_AUTO_ACTIONS)
            found = _float_pairs(A_, B_, tol, compiled, runner)
        except QhullError as exc:
            notes.append(f"Qhull failed ({str(exc).splitlines()[0]}); exact basis enumeration was used instead")
    if found is None:
        A_, B_ = exact_payoffs(game)
        found = _exact_pairs(B_.T, A_.T) if flip else _exact_pairs(A_, B_)
    bar.update(2)
    bar.set_postfix_str("verification")
    if flip:
        found = _transposed(found)
    result = _verified_set(game, found, tol, exact, components, notes)
    bar.update(1)
    return result


def _verified_set(
    game: NormalFormGame, found: _Matched, tol: float, exact: bool, components: bool, notes: list[str]
) -> EquilibriumSet:
    """Verify the matched pairs, sort them, group them, and say what was found."""
    m, n = game.num_actions
    if isinstance(found.x, np.ndarray):
        profiles, exact_profiles = np.concatenate([found.x, found.y], axis=1), None
    else:
        floats = [float(p) for x, y in zip(found.x, found.y) for p in (*x, *y)]
        profiles = np.array(floats).reshape(len(found.x), m + n)
        exact_profiles = list(zip(found.x, found.y)) if exact else None
    # Rows [x | y] sorted with player 1's strategy, then player 2's, in decreasing lexicographic order.
    order = np.lexsort(-profiles.T[::-1])
    profiles = profiles[order]
    sorted_exact = [exact_profiles[k] for k in order] if exact_profiles else None
    # The rows are probability vectors by construction (normalised, unplayed actions exactly 0),
    # so _verify_bimatrix's input checks are skipped; each profile's regret is still recomputed.
    equilibria, passed = _verified_profiles(game, profiles, method=_METHOD, tol=tol, exact=sorted_exact)
    all_passed = bool(passed.all())
    complete = all_passed and not found.missing_labels
    if not all_passed:
        for k in np.flatnonzero(~passed):
            notes.append(f"a completely labelled pair failed verification and was dropped: {profiles[k, :m]}, {profiles[k, m:]}")
    if found.missing_labels:
        notes.append(
            f"a vertex of a best-response polytope was found with fewer labels than its dimension (a tight constraint's "
            f"slack exceeded tol={tol:g}): it cannot be matched, so equilibria may be missing; use a larger tol or exact=True"
        )
    if found.degenerate:
        notes.append(
            "degenerate game: a vertex of a best-response polytope has surplus labels, so equilibria may form "
            "continua; their extreme points are listed" + ("" if components else " (components=True groups them)")
        )
    elif not found.missing_labels:
        notes.append("no degeneracy met: every equilibrium is isolated, and these are all of them")
    groups = subsets = None
    if components:
        kept = order[passed]
        groups, subsets = components_and_maximal_subsets(found.x_ids[kept], found.y_ids[kept])
    return EquilibriumSet(
        tuple(equilibria),
        game,
        method=_METHOD,
        complete=complete,
        notes=tuple(notes),
        components=groups,
        maximal_subsets=subsets,
        parameters={"tol": tol, "exact": exact, "components": components, "degenerate": found.degenerate},
    )
