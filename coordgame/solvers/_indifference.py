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

__all__ = ["solve_indifference", "singular_at"]


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
    sigma = sigma[sigma[:, idx].min(axis=1) >= -1e3 * residual_tol]
    sigma = np.clip(sigma, 0.0, None)
    sigma[:, idx] /= np.add.reduceat(sigma[:, idx], groups, axis=1)[:, owner]
    return sigma


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
