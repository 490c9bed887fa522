"""Vertex enumeration's one-polytope shortcut in loop form, the code numba compiles.

:func:`_pairs_loop` does what :func:`coordgame.solvers._vertex_polytopes._hull_vertices` and
``_partners`` do with arrays, in one pass over Qhull's facets, with the same tests and
tolerances; :func:`coordgame.solvers._vertex_enumeration_numba.compiled_pairs` compiles it
(with its helper :func:`_solve_loop`) from this module's source.  The functions run as plain
Python too, which the tests use to check them against the array form.
"""

from __future__ import annotations

import numpy as np

#: A partner system is treated as singular when its inverse has an entry above this (numpy path),
#: or when elimination meets a pivot below its inverse (compiled loop): a system singular in exact
#: arithmetic gives entries of order 1e15, pivots of order 1e-16.
_SINGULAR_GAIN = 1e9

#: A partner this far outside ``Q`` or less (and more than ``tol``) is too close to call in floating point.
_CLOSE_CALL = 1e-6

#: Status codes of :func:`_pairs_loop`.
_PAIRED, _UNDECIDED = 0, 1


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
        found = _partner_loop(Q, tol, rows, cols, size, y, tight, system, rhs)
        if found < 0:
            return 0, _UNDECIDED, False, strategies, labels, ids
        if found == 0:
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
        surplus = 0
        for label in range(m + n):
            labels[count, label] = tight[label]
            if tight[label]:
                surplus += 1
        degenerate = degenerate or surplus > n
        ids[count] = f
        count += 1
    return count, _PAIRED, degenerate, strategies, labels, ids


def _partner_loop(Q: np.ndarray, tol: float, S: np.ndarray, R: np.ndarray, k: int,
                  y: np.ndarray, tight: np.ndarray, system: np.ndarray, rhs: np.ndarray) -> int:
    """The partner ``y`` of the vertex with support ``S`` and best responses ``R``: 1 found, 0 none, -1 undecided.

    ``y_R`` solves ``Q[S, R] y_R = 1``, zero elsewhere; it is kept when ``Q y <= 1`` and ``y >= 0``
    within ``tol`` (``tight`` receives its labels in global order).  Undecided: a singular system, or
    a partner just outside ``Q`` (as :func:`coordgame.solvers._vertex_polytopes._in_Q` refuses to guess).
    Both vertex enumerations use it: the Qhull pass (:func:`_pairs_loop`) and the pivoting search
    (:mod:`coordgame.solvers._vertex_search`).
    """
    m, n = Q.shape
    for a in range(k):
        rhs[a] = 1.0
        for b in range(k):
            system[a, b] = Q[S[a], R[b]]
    if not _solve_loop(system, rhs, k):
        return -1
    y[:] = 0.0
    for b in range(k):
        y[R[b]] = rhs[b]
    # y's excess over each constraint of Q: (Q y)_i - 1, then -y_j
    worst = -np.inf
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
        return -1 if worst < _CLOSE_CALL else 0
    return 1


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
