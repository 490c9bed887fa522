r"""Vertex enumeration by pivoting: a depth-first search of one best-response polytope's vertex graph.

The polytope is ``P = {x >= 0, M x <= 1}`` (``M``: ``n x m``, entries in [1, 2], ``m <= n``),
with slack ``s = 1 - M x``.  A vertex is named by its *cobasis*, the ``m`` variables among
``x_0..x_{m-1}, s_0..s_{n-1}`` that are zero there, i.e. its labels, packed into one int64 bit
mask (``m + n <= 62``).  With ``S`` the support of ``x`` and ``R`` the rows whose slack is zero
(``|S| = |R| = k`` at a simple vertex), ``x_S = M[R, S]^{-1} 1``.  Releasing a cobasic variable
``e`` with column ``c`` of ``[M | I]`` moves along an edge with direction
``dx_S = -M[R, S]^{-1} c_R`` and slack rates ``-(c_j + M[j, S] dx_S)``; the ratio test (the
basic variable that reaches zero first) names the neighbouring vertex.  Starting from the origin
(cobasis: all of ``x``), a depth-first search with a hash set of the cobases met visits every
vertex once, as the vertex graph of a polytope is connected (Balinski 1961); this is the pivoting
("adjacency") enumeration of Dyer & Proll (1977), and the structure of ``lrsnash`` (Avis,
Rosenberg, Savani & von Stengel 2010, *Economic Theory* 42), which enumerates one polytope and
finds each vertex's partners in the other.

The search is run on simple vertices: when a basic variable is within ``tol`` of zero, a
system is singular up to rounding, or a partner lies just outside ``Q``, it stops with
``_UNDECIDED``, and :func:`search_pairs` settles that vertex in rational arithmetic
(:func:`_settled_exactly`) and resumes; only a true degeneracy (one vertex with several cobases,
or a partner set that is a face of ``Q``) makes the caller enumerate both polytopes.  For each vertex
its partner ``y`` in ``Q`` solves ``Q[S, R] y_R = 1`` (as in :mod:`coordgame.solvers._vertex_loop`).

The functions are plain Python in the subset numba compiles (see
:mod:`coordgame.solvers._vertex_enumeration_numba`); they also run uncompiled, slowly.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

import numpy as np

# _partner_loop calls _solve_loop: the compiled namespace built from this module must hold both
from coordgame.solvers._vertex_loop import (
    _CLOSE_CALL,
    _PAIRED,
    _SINGULAR_GAIN,
    _UNDECIDED,
    _partner_loop,
    _solve_loop,  # noqa: F401
)

#: Largest number of labels (m + n) that fit the int64 cobasis masks.
MAX_LABELS = 62



def _slot(mask: int, size: int) -> int:
    """The home slot of ``mask`` in a hash table of ``size`` (a power of two) slots.

    Multiplicative hashing of its two 30-bit halves (products below 2**62: no int64 overflow),
    then the high bits folded onto the low ones (a plain remainder clusters: masks share bits).
    """
    mixed = (mask & 0x3FFFFFFF) * 2654435761 + ((mask >> 30) & 0x3FFFFFFF) * 2246822519 + (mask >> 60)
    return (mixed ^ (mixed >> 31)) & (size - 1)


def _invert_loop(system: np.ndarray, inverse: np.ndarray, size: int) -> bool:
    """``inverse[:size, :size] = system[:size, :size]^{-1}`` by Gauss-Jordan elimination; False if near-singular.

    Partial pivoting; a pivot below ``1 / _SINGULAR_GAIN`` counts as zero (entries are in [1, 2]).
    ``system`` is overwritten.
    """
    for a in range(size):
        for b in range(size):
            inverse[a, b] = 1.0 if a == b else 0.0
    for c in range(size):
        pivot, largest = c, abs(system[c, c])
        for a in range(c + 1, size):
            if abs(system[a, c]) > largest:
                pivot, largest = a, abs(system[a, c])
        if largest * _SINGULAR_GAIN < 1.0:
            return False
        if pivot != c:
            for b in range(size):
                system[c, b], system[pivot, b] = system[pivot, b], system[c, b]
                inverse[c, b], inverse[pivot, b] = inverse[pivot, b], inverse[c, b]
        scale = 1.0 / system[c, c]
        for b in range(size):
            system[c, b] *= scale
            inverse[c, b] *= scale
        for a in range(size):
            if a != c and system[a, c] != 0.0:
                factor = system[a, c]
                for b in range(size):
                    system[a, b] -= factor * system[c, b]
                    inverse[a, b] -= factor * inverse[c, b]
    return True


def _inserted(keys: np.ndarray, mask: int) -> bool:
    """Insert ``mask`` into the open-addressing hash set ``keys`` (0 = empty); False if already there."""
    slot = _slot(mask, len(keys))
    while keys[slot] != 0:
        if keys[slot] == mask:
            return False
        slot = (slot + 1) & (len(keys) - 1)
    keys[slot] = mask
    return True


def _rehashed(keys: np.ndarray) -> np.ndarray:
    """The hash set ``keys`` in a table twice as large."""
    larger = np.zeros(2 * len(keys), dtype=np.int64)
    for key in keys:
        if key != 0:
            _inserted(larger, key)
    return larger


def _pushed(stack: np.ndarray, top: int, mask: int) -> np.ndarray:
    """``stack`` with ``mask`` at position ``top`` (grown when full)."""
    if top == len(stack):
        larger = np.empty(2 * len(stack), dtype=np.int64)
        larger[:top] = stack[:top]
        stack = larger
    stack[top] = mask
    return stack


def _simple_vertex(P: np.ndarray, mask: int, tol: float, S: np.ndarray, R: np.ndarray, x: np.ndarray,
                   slack: np.ndarray, system: np.ndarray, inverse: np.ndarray, strict: bool) -> int:
    """Decode cobasis ``mask`` into ``S``, ``R``, ``x`` and the slacks; the size ``k``, or -1 unless a simple vertex.

    ``inverse`` receives ``M[R, S]^{-1}``.  -1 when the system is near-singular or (when
    ``strict``) a basic variable (``x_S`` or a slack outside ``R``) is within ``tol`` of zero.
    """
    n, m = P.shape
    k, r = 0, 0
    for i in range(m):
        if (mask >> i) & 1 == 0:
            S[k] = i
            k += 1
    for j in range(n):
        if (mask >> (m + j)) & 1 == 1:
            R[r] = j
            r += 1
    for a in range(k):
        for b in range(k):
            system[a, b] = P[R[a], S[b]]
    if r != k or not _invert_loop(system, inverse, k):
        return -1
    x[:] = 0.0
    for b in range(k):
        value = 0.0
        for a in range(k):
            value += inverse[b, a]
        if strict and value <= tol:
            return -1
        x[S[b]] = value
    for j in range(n):
        value = 1.0
        for i in range(m):
            value -= P[j, i] * x[i]
        slack[j] = value
        if strict and (mask >> (m + j)) & 1 == 0 and value <= tol:
            return -1
    return k


def _ratio_test(x: np.ndarray, slack: np.ndarray, S: np.ndarray, rows: np.ndarray, k: int, size: int,
                x_rates: np.ndarray, slack_rates: np.ndarray, m: int) -> int:
    """The basic variable that reaches zero first along an edge (as a label), -1 if none decreases.

    ``x_rates[b]`` is the rate of ``x_{S[b]}``, ``slack_rates[t]`` that of the slack of row
    ``rows[t]`` (the ``size`` rows whose slack is basic).
    """
    best, leaving = np.inf, -1
    for b in range(k):
        if x_rates[b] < 0.0 and x[S[b]] < -x_rates[b] * best:
            best, leaving = x[S[b]] / -x_rates[b], S[b]
    for t in range(size):
        if slack_rates[t] < 0.0 and slack[rows[t]] < -slack_rates[t] * best:
            best, leaving = slack[rows[t]] / -slack_rates[t], m + rows[t]
    return leaving


def _neighbours(P: np.ndarray, mask: int, S: np.ndarray, R: np.ndarray, k: int, x: np.ndarray, slack: np.ndarray,
                inverse: np.ndarray, work: np.ndarray, rows: np.ndarray, out: np.ndarray) -> int:
    """The cobases of the vertex's ``m`` neighbours, written to ``out``; their number.

    Releasing cobasic ``e`` (column ``c`` of ``[M | I]``) moves ``x_S`` at rates
    ``-M[R, S]^{-1} c_R`` and the basic slack of row ``j`` at ``-c_j + W[j] c_R`` with
    ``W = M[:, S] M[R, S]^{-1}`` (restricted to the basic rows, computed once): for a released
    slack (``c = e_r``) the rates are a column of the inverse and of ``W``; for a released
    ``x_i``, ``c_R = M[R, i]``.  ``work`` is scratch of at least ``(n + 3, n)``.
    """
    n, m = P.shape
    size = 0
    for j in range(n):
        if (mask >> (m + j)) & 1 == 0:
            rows[size] = j
            size += 1
    W, c, x_rates, slack_rates = work[:size, :k], work[n, :k], work[n + 1, :k], work[n + 2, :size]
    for t in range(size):
        for a in range(k):
            W[t, a] = 0.0
        for b in range(k):
            p = P[rows[t], S[b]]
            for a in range(k):
                W[t, a] += p * inverse[b, a]
    count = 0
    for a in range(k):  # the slack of row R[a] enters
        for b in range(k):
            x_rates[b] = -inverse[b, a]
        for t in range(size):
            slack_rates[t] = W[t, a]
        leaving = _ratio_test(x, slack, S, rows, k, size, x_rates, slack_rates, m)
        if leaving >= 0:
            out[count] = (mask & ~(1 << (m + R[a]))) | (1 << leaving)
            count += 1
    for i in range(m):  # x_i enters (i outside the support)
        if (mask >> i) & 1 == 0:
            continue
        for a in range(k):
            c[a] = P[R[a], i]
        for b in range(k):
            value = 0.0
            for a in range(k):
                value -= inverse[b, a] * c[a]
            x_rates[b] = value
        for t in range(size):
            value = -P[rows[t], i]
            for a in range(k):
                value += W[t, a] * c[a]
            slack_rates[t] = value
        leaving = _ratio_test(x, slack, S, rows, k, size, x_rates, slack_rates, m)
        if leaving >= 0:  # always, as M > 0 bounds P
            out[count] = (mask & ~(1 << i)) | (1 << leaving)
            count += 1
    return count


def _search_loop(P: np.ndarray, Q: np.ndarray, tol: float, keys: np.ndarray, filled: int, stack: np.ndarray,
                 top: int, visited: int, budget: int, settled: int) -> tuple:
    """Up to ``budget`` steps of the depth-first search, from the state that the previous call returned.

    Returns ``(status, degenerate, strategies, labels, ids, keys, filled, stack, top, visited)``:
    the pairs ``[x | y]`` found in these steps (normalised), their partners' labels and the
    numbers of their ``x``'s in order of visit, and the search's state (hash set of cobases met,
    their count, the stack of cobases to visit, the number visited).  ``status`` is
    ``_UNDECIDED`` when a vertex is not simple within ``tol`` or its partner cannot be decided in
    floating point (see module): that vertex is then back on top of the stack, and the caller
    settles it (:func:`_settled_exactly`) and resumes with ``settled`` set to its cobasis, which
    is then searched from without these tests and without a partner.
    """
    n, m = P.shape
    strategies = np.zeros((8, m + n))
    labels = np.zeros((8, m + n), dtype=np.bool_)
    ids = np.zeros(8, dtype=np.int64)
    S, R = np.empty(m, dtype=np.int64), np.empty(m, dtype=np.int64)
    x, slack, y = np.empty(m), np.empty(n), np.empty(n)
    work, rows, neighbours = np.empty((n + 3, n)), np.empty(n, dtype=np.int64), np.empty(m, dtype=np.int64)
    tight = np.empty(m + n, dtype=np.bool_)
    system, inverse, rhs = np.empty((m, m)), np.empty((m, m)), np.empty(m)
    count, degenerate, steps = 0, False, 0
    while top > 0 and steps < budget:
        top -= 1
        mask = stack[top]
        steps += 1
        visited += 1
        k = _simple_vertex(P, mask, tol, S, R, x, slack, system, inverse, mask != settled)
        if k < 0:
            stack[top], top, visited = mask, top + 1, visited - 1
            return _UNDECIDED, degenerate, strategies[:count], labels[:count], ids[:count], keys, filled, stack, top, visited
        if k > 0 and mask != settled:
            found = _partner_loop(Q, tol, S, R, k, y, tight, system, rhs)
            if found < 0:
                stack[top], top, visited = mask, top + 1, visited - 1
                return _UNDECIDED, degenerate, strategies[:count], labels[:count], ids[:count], keys, filled, stack, top, visited
            if found > 0:
                if count == len(ids):
                    strategies, labels, ids = _grown_pairs(strategies, labels, ids)
                degenerate = _record_pair(strategies, labels, ids, count, x, y, tight, visited - 1, m, n) or degenerate
                count += 1
        for neighbour in neighbours[: _neighbours(P, mask, S, R, k, x, slack, inverse, work, rows, neighbours)]:
            if _inserted(keys, neighbour):
                filled += 1
                if 2 * filled > len(keys):
                    keys = _rehashed(keys)
                stack = _pushed(stack, top, neighbour)
                top += 1
    return _PAIRED, degenerate, strategies[:count], labels[:count], ids[:count], keys, filled, stack, top, visited


def _grown_pairs(strategies: np.ndarray, labels: np.ndarray, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The result arrays with twice the rows (the first rows kept)."""
    rows = 2 * len(ids)
    more_strategies = np.zeros((rows, strategies.shape[1]))
    more_labels = np.zeros((rows, labels.shape[1]), dtype=np.bool_)
    more_ids = np.zeros(rows, dtype=np.int64)
    more_strategies[: len(ids)] = strategies
    more_labels[: len(ids)] = labels
    more_ids[: len(ids)] = ids
    return more_strategies, more_labels, more_ids


def _record_pair(strategies: np.ndarray, labels: np.ndarray, ids: np.ndarray, row: int, x: np.ndarray,
                 y: np.ndarray, tight: np.ndarray, vertex: int, m: int, n: int) -> bool:
    """Write the normalised pair ``[x | y]``, ``y``'s labels and ``x``'s number to ``row``; whether ``y`` has surplus labels."""
    total_x, total_y, surplus = 0.0, 0.0, 0
    for i in range(m):
        total_x += x[i]
    for j in range(n):
        if not tight[m + j]:
            total_y += y[j]
    for i in range(m):
        strategies[row, i] = x[i] / total_x
    for j in range(n):
        strategies[row, m + j] = 0.0 if tight[m + j] else y[j] / total_y
    for label in range(m + n):
        labels[row, label] = tight[label]
        if tight[label]:
            surplus += 1
    ids[row] = vertex
    return surplus > n


#: Vertices visited per call of the search loop between progress updates (a few hundredths of a second).
CHUNK = 20_000


def search_pairs(search_loop: Callable, P: np.ndarray, Q: np.ndarray, tol: float, bar: object,
                 payoffs: Callable[[], tuple[np.ndarray, np.ndarray]] | None = None) -> tuple | None:
    """All pairs of a vertex of ``P`` and its partner in ``Q``, by the depth-first search; None if degenerate.

    ``search_loop`` is :func:`_search_loop`, compiled or not.  Returns ``(strategies, labels, ids,
    degenerate)`` as :func:`_search_loop` accumulates them, or None when the caller must enumerate
    both polytopes (:func:`_settled_exactly` found a degenerate vertex).  ``bar`` counts the
    vertices visited against those met so far (its total, a lower bound on the number of
    vertices that grows as the search proceeds); between calls of ``search_loop`` a
    KeyboardInterrupt is delivered.  ``payoffs()`` gives the matrices ``(A, B)`` that ``Q`` and
    ``P = B^T`` were rescaled from (``_unit_range``), in Fractions as exact mode reads them:
    undecided vertices are settled on their exact rescaling, so that a degeneracy of the payoffs
    is not hidden by the rounding of the rescaled floats (without them, on ``P`` and ``Q``).
    With ``tol`` above ``_CLOSE_CALL`` the
    tolerance, not rounding, makes a vertex undecided: then None, as for a degenerate game.
    """
    m = P.shape[1]
    P, Q = np.ascontiguousarray(P), np.ascontiguousarray(Q)
    keys, stack = np.zeros(1 << 12, dtype=np.int64), np.empty(1 << 10, dtype=np.int64)
    origin = (1 << m) - 1  # the cobasis of x = 0: every x_i is zero
    _inserted(keys, origin)
    stack[0] = origin
    filled, top, visited, settled = 1, 1, 0, -1
    parts, degenerate, exact = [], False, None
    while top > 0:
        status, surplus, strategies, labels, ids, keys, filled, stack, top, visited = search_loop(
            P, Q, tol, keys, filled, stack, top, visited, CHUNK, settled)
        degenerate = degenerate or surplus
        parts.append((strategies.copy(), labels.copy(), ids.copy()))
        if status != _PAIRED:
            if stack[top - 1] == settled or tol > _CLOSE_CALL:  # still undecided, or undecided by tol itself
                return None
            settled = int(stack[top - 1])
            if exact is None:
                A, B = payoffs() if payoffs else (Q, P.T)
                exact = _exact_unit_range(np.asarray(B).T), _exact_unit_range(A)
            pair = _settled_exactly(exact, Q, tol, settled)
            if pair is None:
                return None
            if pair:
                degenerate = degenerate or bool(pair[1].sum() > Q.shape[1])
                parts.append((pair[0][None, :], pair[1][None, :], np.array([visited])))
        bar.total, bar.n = filled, visited
        bar.refresh()
    strategies = np.concatenate([part[0] for part in parts])
    labels = np.concatenate([part[1] for part in parts])
    return strategies, labels, np.concatenate([part[2] for part in parts]), degenerate


def _exact_solve(rows: list[list[Fraction]]) -> list[Fraction] | None:
    """The solution of ``rows z = 1`` in rational arithmetic (Gauss-Jordan), None if singular."""
    size = len(rows)
    augmented = [[*row, Fraction(1)] for row in rows]
    for c in range(size):
        pivot = next((a for a in range(c, size) if augmented[a][c] != 0), None)
        if pivot is None:
            return None
        augmented[c], augmented[pivot] = augmented[pivot], augmented[c]
        lead = augmented[c][c]
        augmented[c] = [value / lead for value in augmented[c]]
        for a in range(size):
            if a != c and augmented[a][c] != 0:
                factor = augmented[a][c]
                augmented[a] = [value - factor * top for value, top in zip(augmented[a], augmented[c])]
    return [row[size] for row in augmented]


def _exact_unit_range(matrix: np.ndarray) -> list[list[Fraction]]:
    """``_unit_range(matrix)`` (onto [1, 2]) in rational arithmetic (Fractions kept, floats read exactly)."""
    exact = [[v if isinstance(v, Fraction) else Fraction(float(v)) for v in row] for row in matrix]
    low, high = min(map(min, exact)), max(map(max, exact))
    if high == low:
        return [[Fraction(1)] * len(row) for row in exact]
    return [[1 + (v - low) / (high - low) for v in row] for row in exact]


def _settled_exactly(exact: tuple[list, list], Q: np.ndarray, tol: float, mask: int) -> tuple | None:
    """Decide a vertex that floating point could not, in rational arithmetic on the floats given.

    At millions of vertices some basic variable lies within ``tol`` of zero, or some partner
    within rounding of ``Q``'s boundary, by chance.  ``exact`` holds ``P`` and ``Q`` in rational
    arithmetic (:func:`_exact_unit_range` of the payoffs), so the vertex and its partner are
    recomputed exactly: a basic variable exactly zero (or negative)
    or a singular system is a true degeneracy (None: enumerate both polytopes).  Otherwise
    returns ``()`` when the partner lies outside ``Q``, else the pair ``[x | y]`` (normalised, as
    floats) and the partner's labels (within ``tol``, as in :func:`_partner_loop`).
    """
    exact_P, exact_Q = exact
    m, n = Q.shape
    S = [i for i in range(m) if not (mask >> i) & 1]
    R = [j for j in range(n) if (mask >> (m + j)) & 1]
    x_S = _exact_solve([[exact_P[r][s] for s in S] for r in R]) if len(S) == len(R) else None
    if x_S is None or min(x_S, default=1) <= 0:
        return None
    slacks = [1 - sum(exact_P[j][s] * v for s, v in zip(S, x_S)) for j in range(n) if j not in R]
    if min(slacks, default=1) <= 0:
        return None
    if not S:  # the origin pairs with nothing
        return ()
    y_R = _exact_solve([[exact_Q[s][r] for r in R] for s in S])
    if y_R is None:
        return None
    if min(y_R) < 0 or any(sum(exact_Q[i][r] * v for r, v in zip(R, y_R)) > 1 for i in range(m)):
        return ()
    x, y = np.zeros(m), np.zeros(n)
    x[S], y[R] = [float(v) for v in x_S], [float(v) for v in y_R]
    labels = np.concatenate([Q @ y - 1.0 >= -tol, -y >= -tol])
    y[labels[m:]] = 0.0
    return np.concatenate([x / x.sum(), y / y.sum()]), labels
