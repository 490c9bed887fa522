r"""Newton's method for the indifference system of a support profile (private).

For supports :math:`S_1, \dots, S_N` a profile :math:`\sigma` with :math:`\sigma_{i,a} = 0` off
:math:`S_i` is a Nash equilibrium iff, for values :math:`w_i`,

.. math:: v_{i,a}(\sigma_{-i}) = w_i \ (a \in S_i), \qquad \sum_{a \in S_i} \sigma_{i,a} = 1,
          \qquad \sigma \ge 0, \qquad v_{i,a}(\sigma_{-i}) \le w_i \ (a \notin S_i).

The equalities are a square polynomial system in :math:`(\sigma_S, w)`, multilinear in the
players' blocks.  It is solved by Newton's method with the analytic Jacobian
(:meth:`MultilinearGame.value_jacobian`), from a batch of starting points at once (one batched
LU solve per iteration); the inequalities are checked afterwards by the caller's
:func:`coordgame.verify`.  When at most two players mix, every equation that involves a mixed
strategy is linear in the unknowns (a player's values depend on the other mixer only), so Newton
converges in at most two steps from any start.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from coordgame.solvers._multilinear import MultilinearGame

__all__ = ["solve_indifference", "solve_two_mixers", "singular_at"]


def _layout(mg: MultilinearGame, supports: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Flat indices of the support actions (grouped by player), their owners, and group starts."""
    idx = np.concatenate([mg.offsets[i] + np.asarray(s, dtype=int) for i, s in enumerate(supports)])
    owner = mg.owner[idx]
    starts = np.concatenate([[0], np.cumsum([len(s) for s in supports])[:-1]])
    return idx, owner, starts


def _constant_jacobian(k: int, n: int, owner: np.ndarray, batch: int) -> np.ndarray:
    jac = np.zeros((batch, k + n, k + n))
    jac[:, np.arange(k), k + owner] = -1.0
    jac[:, k + owner, np.arange(k)] = 1.0
    return jac


def solve_indifference(
    mg: MultilinearGame,
    supports: Sequence[np.ndarray],
    starts: np.ndarray,
    *,
    residual_tol: float,
    max_iter: int = 25,
) -> np.ndarray:
    """Solve the indifference system on ``supports`` by Newton from each flat profile in ``starts``.

    Parameters
    ----------
    starts : ndarray, shape (size,) or (B, size)
        Starting profiles; they are projected onto the supports' simplices.
    residual_tol : float
        Absolute tolerance on the residual of the value equations.

    Returns
    -------
    ndarray, shape (B', size)
        The flat profiles Newton converged to that are non-negative (probabilities off the
        supports are zero; tiny negative ones are clipped).  Not deduplicated, not verified.
    """
    idx, owner, groups = _layout(mg, supports)
    k, n = idx.size, mg.num_players
    counts = np.diff(np.append(groups, k))
    sigma = np.zeros((np.atleast_2d(starts).shape[0], mg.size))
    start = np.atleast_2d(starts)[:, idx]
    totals = np.add.reduceat(start, groups, axis=1)[:, owner]
    sigma[:, idx] = np.where(totals > 0, start / np.where(totals > 0, totals, 1.0), 1.0 / counts[owner])
    jac = _constant_jacobian(k, n, owner, sigma.shape[0])
    residual = np.empty((sigma.shape[0], k + n))
    w = None
    for _ in range(max_iter):
        M = mg.value_jacobian(sigma)
        values = mg.values_from_jacobian(M, sigma)[:, idx]
        if w is None:
            w = np.add.reduceat(values, groups, axis=1) / counts
        residual[:, :k] = values - w[:, owner]
        residual[:, k:] = np.add.reduceat(sigma[:, idx], groups, axis=1) - 1.0
        converged = np.abs(residual).max(axis=1) <= residual_tol
        if converged.all():
            break
        jac[:, :k, :k] = M[:, idx[:, None], idx[None, :]]
        step = _batched_solve(jac, residual)
        step[converged] = 0.0
        sigma[:, idx] -= step[:, :k]
        w = w - step[:, k:]
        # Far outside the simplices Newton is chasing a solution that is no equilibrium: drop it.
        keep = np.isfinite(sigma).all(axis=1) & (np.abs(sigma[:, idx] - 0.5).max(axis=1) <= 5.0)
        if not keep.all():
            sigma, w, jac, residual, converged = sigma[keep], w[keep], jac[keep], residual[keep], converged[keep]
            if not keep.any():
                return sigma
    else:
        sigma = sigma[converged]
    return _nonnegative_normalised(sigma, idx, owner, groups, residual_tol)


def _nonnegative_normalised(sigma: np.ndarray, idx: np.ndarray, owner: np.ndarray, groups: np.ndarray,
                            residual_tol: float) -> np.ndarray:
    """The rows with no probability below ``-1e3 * residual_tol``, clipped at 0 and renormalised on the supports."""
    sigma = sigma[sigma[:, idx].min(axis=1) >= -1e3 * residual_tol]
    sigma = np.clip(sigma, 0.0, None)
    sigma[:, idx] /= np.add.reduceat(sigma[:, idx], groups, axis=1)[:, owner]
    return sigma


def solve_two_mixers(mg: MultilinearGame, supports: Sequence[np.ndarray], residual_tol: float) -> np.ndarray | None:
    r"""The solution when exactly two players mix, or ``None`` when Newton's method is needed.

    With every other player pure, mixer :math:`i`'s values on its support are
    :math:`T_i[S_i, S_j] \sigma_j` for the table :math:`T_i` of its payoffs at the pure players'
    actions, so :math:`(\sigma_j, w_i)` solves a small linear system (:math:`|S_i|` value equations
    and :math:`\sum \sigma_j = 1`) and :math:`(\sigma_i, w_j)` another.  On supports of equal size
    both are square: their solution is the point Newton's method reaches from any start, without
    its iterations.  On supports of unequal size one system is overdetermined; when its
    least-squares residual exceeds ``residual_tol`` (the generic case) there is no solution.
    ``None`` (use :func:`solve_indifference`) for other supports, a singular square system, or a
    consistent overdetermined one (a degenerate game).  Returns shape ``(1, size)`` or
    ``(0, size)`` (no solution on these supports), like :func:`solve_indifference`.
    """
    mixers = [i for i, s in enumerate(supports) if s.size > 1]
    if len(mixers) != 2:
        return None
    at_pure = tuple(slice(None) if s.size > 1 else int(s[0]) for s in supports)
    i, j = mixers
    # (mixer whose indifference is imposed, mixer whose strategy it determines, the first's payoff table)
    roles = [(i, j, mg.payoffs[i][at_pure]), (j, i, mg.payoffs[j][at_pure].T)]
    sigma = np.zeros((1, mg.size))
    if supports[i].size != supports[j].size:  # the larger support overdetermines the other mixer's strategy
        own, other, table = max(roles, key=lambda role: supports[role[0]].size)
        system, rhs = _mixer_system(table, supports[own], supports[other])
        solution = np.linalg.lstsq(system, rhs, rcond=None)[0]
        return sigma[:0] if np.abs(system @ solution - rhs).max() > residual_tol else None
    for own, other, table in roles:
        try:
            solution = np.linalg.solve(*_mixer_system(table, supports[own], supports[other]))
        except np.linalg.LinAlgError:
            return None
        if not np.isfinite(solution).all():
            return None
        sigma[0, mg.offsets[other] + supports[other]] = solution[:-1]
    for p, s in enumerate(supports):
        if s.size == 1:
            sigma[0, mg.offsets[p] + s[0]] = 1.0
    return _nonnegative_normalised(sigma, *_layout(mg, supports), residual_tol)


def _mixer_system(table: np.ndarray, own: np.ndarray, other: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``[T[own, other], -1; 1, 0] (sigma_other, w) = (0, 1)``: indifference on ``own``, sum to one."""
    k, m = own.size, other.size
    system = np.zeros((k + 1, m + 1))
    system[:k, :m] = table[np.ix_(own, other)]
    system[:k, m] = -1.0
    system[k, :m] = 1.0
    rhs = np.zeros(k + 1)
    rhs[k] = 1.0
    return system, rhs


def singular_at(mg: MultilinearGame, supports: Sequence[np.ndarray], sigma: np.ndarray) -> np.ndarray:
    """Whether the indifference system's Jacobian is numerically singular at each profile of ``sigma``.

    A relative smallest singular value below 1e-10 at a *solution* means it is not a regular,
    isolated solution: the game is degenerate there (e.g. a continuum of equilibria).
    """
    idx, owner, _ = _layout(mg, supports)
    k, n = idx.size, mg.num_players
    jac = _constant_jacobian(k, n, owner, sigma.shape[0])
    jac[:, :k, :k] = mg.value_jacobian(sigma)[:, idx[:, None], idx[None, :]]
    spectrum = np.linalg.svd(jac, compute_uv=False)
    return spectrum[:, -1] <= 1e-10 * spectrum[:, 0]


def _batched_solve(jac: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    """Solve each system; singular ones by least squares (a step along a continuum of solutions)."""
    try:
        return np.linalg.solve(jac, rhs[..., None])[..., 0]
    except np.linalg.LinAlgError:
        return np.stack([np.linalg.lstsq(a, b, rcond=None)[0] for a, b in zip(jac, rhs)])
