r"""Compiled (numba) tracking of the homotopy paths of :mod:`coordgame.solvers._homotopy` (private).

The same homotopy :math:`H(x, t) = (1 - t)\gamma g(x) + t f(x)` and the same Euler predictor /
Newton corrector with adaptive steps as the numpy tracker ``_homotopy._track``, written one path
at a time in scalar loops.  The systems are tiny (a 3 x 3 x 3 game has at most 6 unknowns), so
the numpy version spends nearly all its time in per-call overhead; compiled, a path costs
microseconds.

Target system on support profile :math:`q`, in *monomial form*: with :math:`X = (1, x_1, \dots,
x_D)`, each equation (player :math:`i`'s value of a support action minus that of its reference
action) is multilinear in the other mixing players' extended coordinates
:math:`(1, x_{l,1}, \dots, x_{l,k_l - 1})`,

.. math:: f_e(x) = \sum_r c_{q,e,r} \prod_{j} X_{\mathrm{idx}[e, r, j]},

one factor per other mixing player.  The coefficients are the payoff differences on the supports
after the change of variables :math:`\sigma_{l,s_0} = 1 - \sum_m x_{l,m}` (computed in numpy by
:func:`coordgame.solvers._homotopy._compiled_arrays`), so an evaluation of :math:`f` and its
Jacobian costs a few hundred multiplications.  The start system's factor for player :math:`l`
involves only :math:`l`'s variables, a contiguous range, which the Jacobian loops use.  Linear
systems are solved by Gaussian
elimination with partial pivoting; a singular matrix gives NaN, which rejects the step (the
step size halves, and a path whose step underflows is reported failed or diverging exactly as
in the numpy tracker).

numba is an optional dependency (``pip install coordgame[numba]``): :func:`kernels` compiles
these loop forms (via :mod:`coordgame.solvers._numba`, cached on disk) or returns None, and then
the numpy tracker is used.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from coordgame.solvers._numba import compile_functions

__all__ = ["kernels", "FINISHED", "DIVERGED", "FAILED"]

FINISHED, DIVERGED, FAILED = 0, 1, 2
#: Largest step in t.  Steps double after two accepted ones and halve on a rejection; a step is
#: accepted only when Newton's first correction is at most 0.1 (relative) and then converges,
#: which is what keeps a path from jumping to another (and jumps are checked for afterwards).
MAX_STEP = 0.25


@lru_cache(maxsize=1)
def kernels() -> dict | None:
    """The compiled ``track_paths`` and ``polish_endpoints`` (helpers first); None without numba.

    numba is imported here, on the first homotopy, never on ``import coordgame``.
    """
    return compile_functions(__name__, {name: name for name in (
        "_solve", "_workspace", "_target", "_homotopy", "_largest", "track_paths", "polish_endpoints")})


def _solve(matrix, rhs, a, out):  # pragma: no cover - compiled by kernels()
    """``out`` = the solution of ``matrix @ out = rhs`` (small, complex; ``a`` is scratch) by partial
    pivoting; False (and NaN in ``out``) if the matrix is singular."""
    n = rhs.shape[0]
    a[:, :] = matrix
    out[:] = rhs
    for c in range(n):
        pivot, best = c, abs(a[c, c])
        for r in range(c + 1, n):
            if abs(a[r, c]) > best:
                pivot, best = r, abs(a[r, c])
        if not best > 0.0:  # zero or NaN
            out[:] = np.nan
            return False
        if pivot != c:
            for k in range(n):
                a[c, k], a[pivot, k] = a[pivot, k], a[c, k]
            out[c], out[pivot] = out[pivot], out[c]
        for r in range(c + 1, n):
            factor = a[r, c] / a[c, c]
            if factor != 0:
                for k in range(c, n):
                    a[r, k] -= factor * a[c, k]
                out[r] -= factor * out[c]
    for c in range(n - 1, -1, -1):
        total = out[c]
        for k in range(c + 1, n):
            total -= a[c, k] * out[k]
        out[c] = total / a[c, c]
    return True


def _workspace(dim, factors):
    """Scratch arrays for one path at a time (allocated once per call)."""
    complex_ = np.complex128
    return (np.empty(dim + 1, complex_), np.empty(factors + 1, complex_), np.empty(factors, complex_),
            np.empty(dim, complex_), np.empty((dim, dim), complex_), np.empty((dim, dim), complex_))


def _target(x, q, layout, work, f, fx):  # pragma: no cover - compiled by kernels()
    """f and its Jacobian at the unknowns ``x`` of support profile ``q``, into ``f`` and ``fx``."""
    coef, idx = layout[0], layout[1]
    X, before = work[0], work[1]
    dim, monomials, factors = idx.shape
    X[0] = 1.0
    for d in range(dim):
        X[d + 1] = x[d]
    for e in range(dim):
        total = 0.0j
        for d in range(dim):
            fx[e, d] = 0.0
        for r in range(monomials):
            c = coef[q, e, r]
            if c == 0.0:
                continue
            # prefix products, then one pass from the right for the products without factor j
            before[0] = c
            for j in range(factors):
                before[j + 1] = before[j] * X[idx[e, r, j]]
            total += before[factors]
            after = 1.0 + 0.0j
            for j in range(factors - 1, -1, -1):
                v = idx[e, r, j]
                if v > 0:
                    fx[e, v - 1] += before[j] * after
                after *= X[v]
        f[e] = total


def _homotopy(x, t, q, gamma, A, B, layout, work, h, hx, ht):  # pragma: no cover - compiled by kernels()
    """H, its x-Jacobian and its t-derivative at (x, t), into ``h``, ``hx``, ``ht``."""
    group_start, group_size = layout[2], layout[3]
    factors, f, fx = work[2], work[3], work[4]
    _target(x, q, layout, work, f, fx)
    dim, factors_per = B.shape
    s, r = (1.0 - t) * gamma, t
    for e in range(dim):
        g = 1.0 + 0.0j
        for c in range(factors_per):
            total = B[e, c]
            for v in range(group_start[c], group_start[c] + group_size[c]):
                total += A[e, c, v] * x[v]
            factors[c] = total
            g *= total
        h[e] = s * g + r * f[e]
        ht[e] = f[e] - gamma * g
        for v in range(dim):
            hx[e, v] = r * fx[e, v]
        for c in range(factors_per):
            others = s
            for c2 in range(factors_per):
                if c2 != c:
                    others *= factors[c2]
            for v in range(group_start[c], group_start[c] + group_size[c]):
                hx[e, v] += others * A[e, c, v]


def _largest(z):  # pragma: no cover - compiled by kernels()
    out = 0.0
    for v in z:
        out = max(out, abs(v))
    return out


def track_paths(starts, owner, gamma, A, B, layout, max_steps):  # pragma: no cover - compiled by kernels()
    """Track every path from ``starts[p]`` (support profile ``owner[p]``); endpoints, states and work done.

    ``layout`` = (coef (Q, D, monomials), idx (D, monomials, factors) into X = (1, x), group_start,
    group_size (the variables of each mixing player, in the order of the start system's factors)).
    """
    paths, dim = starts.shape
    work = _workspace(dim, max(B.shape[1], layout[1].shape[2]))
    ends = starts.copy()
    states = np.full(paths, FAILED, dtype=np.int8)
    counts = np.zeros((paths, 2), dtype=np.int64)  # steps tried, homotopy evaluations
    h, hx, ht = np.empty(dim, np.complex128), np.empty((dim, dim), np.complex128), np.empty(dim, np.complex128)
    new_hx, new_ht = np.empty((dim, dim), np.complex128), np.empty(dim, np.complex128)
    velocity, delta, z = np.empty(dim, np.complex128), np.empty(dim, np.complex128), np.empty(dim, np.complex128)
    scratch = work[5]
    for p in range(paths):
        q = owner[p]
        x, t, step, streak = starts[p].copy(), 0.0, 0.05, 0
        _homotopy(x, t, q, gamma, A, B, layout, work, h, hx, ht)
        for _ in range(max_steps):
            counts[p, 0] += 1
            _solve(hx, ht, scratch, velocity)
            t_new = min(t + step, 1.0)
            for d in range(dim):
                z[d] = x[d] - (t_new - t) * velocity[d]
            first, size = 0.0, 0.0
            for iteration in range(4):
                _homotopy(z, t_new, q, gamma, A, B, layout, work, h, new_hx, new_ht)
                counts[p, 1] += 1
                _solve(new_hx, h, scratch, delta)
                size = _largest(delta) / (1.0 + _largest(z))
                for d in range(dim):
                    z[d] -= delta[d]
                if iteration == 0:
                    first = size
                # stop once the step would be accepted (or is rejected anyway)
                if not np.isfinite(size) or size <= 1e-9 + 1e-3 * first or first > 0.1:
                    break
            if np.isfinite(size) and first <= 0.1 and size <= 1e-9 + 1e-3 * first:
                x[:] = z
                t = t_new
                hx[:, :] = new_hx  # Jacobians at the last iterate: within 1e-9
                ht[:] = new_ht
                streak += 1
                if streak >= 2:
                    step, streak = min(step * 2.0, MAX_STEP), 0
            else:
                step, streak = step * 0.5, 0
            if t >= 1.0:
                states[p] = FINISHED
                break
            big = _largest(x)
            if big > 1e6:
                states[p] = DIVERGED
                break
            if step < 1e-13:  # underflow: diverging to infinity if already large, else a failure
                states[p] = DIVERGED if big > 1e4 else FAILED
                break
        ends[p] = x
    return ends, states, counts


def polish_endpoints(points, owner, layout, iterations):  # pragma: no cover - compiled by kernels()
    """Newton on the target system from each endpoint; the points, max |f| and the Jacobians there."""
    count, dim = points.shape
    work = _workspace(dim, layout[1].shape[2])
    out = points.copy()
    residual = np.empty(count)
    jacobians = np.empty((count, dim, dim), dtype=np.complex128)
    f, fx, delta = np.empty(dim, np.complex128), np.empty((dim, dim), np.complex128), np.empty(dim, np.complex128)
    for p in range(count):
        x = points[p].copy()
        for _ in range(iterations):
            _target(x, owner[p], layout, work, f, fx)
            if not _solve(fx, f, work[5], delta):
                break
            x -= delta
        _target(x, owner[p], layout, work, f, fx)
        out[p], residual[p], jacobians[p] = x, _largest(f), fx
    return out, residual, jacobians
