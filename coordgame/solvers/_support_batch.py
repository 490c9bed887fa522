r"""A vectorised first pass of the search for one equilibrium of an N-player game (private).

Porter, Nudelman & Shoham (2008) visit support profiles by increasing total size and imbalance
and solve them one at a time.  In a generic game two kinds of supports hold almost every
equilibrium found first, and both can be solved for *all* support profiles of a size profile at
once, with one batched linear-algebra call instead of a Python loop per support:

* **Two mixers** :math:`i, j` on supports of equal size :math:`k` (everyone else pure): the
  equilibrium conditions are two square linear systems,

  .. math:: \begin{pmatrix} A_i & -\mathbf 1 \\ \mathbf 1^\top & 0 \end{pmatrix}
            \begin{pmatrix} \sigma_j \\ w_i \end{pmatrix} = e_{k+1}, \qquad
            \begin{pmatrix} A_j^\top & -\mathbf 1 \\ \mathbf 1^\top & 0 \end{pmatrix}
            \begin{pmatrix} \sigma_i \\ w_j \end{pmatrix} = e_{k+1},

  with :math:`A_p = u_p[S_i, S_j]` at the pure players' actions; one ``numpy.linalg.solve`` over
  the stacked systems of every choice of :math:`(S_i, S_j)` and pure actions.  Supports of
  *unequal* sizes, or with one mixer only, have no solution in a generic game (an
  overdetermined linear system) and are left to the complete pass.
* **Three or more mixers**: Newton's method on the indifference equations in the reduced
  coordinates of :mod:`coordgame.solvers._homotopy` (:math:`\sigma_{l,s_0} = 1 - \sum_m
  x_{l,m}`), from the centroid and a few random points of every support profile of the size
  profile, all rows batched.

Each candidate is screened by its regret (batched) and then verified by the caller's collector.
This pass only *adds* candidates: whatever it misses (a degenerate game, an equilibrium Newton
does not reach) is found by the complete enumeration that follows it, so it changes the speed
of the search and never its soundness.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import combinations, product
from math import comb

import numpy as np

from coordgame.solvers._indifference import _batched_solve
from coordgame.solvers._multilinear import MultilinearGame

__all__ = ["batched_first_pass"]

#: Size profiles with more support profiles than this are left to the (pruned) complete pass.
MAX_BATCH_SUPPORTS = 20_000
#: Rows (support profiles x starts) per batched Newton run: bounds the memory of the Jacobians.
NEWTON_ROWS = 4_096


def _combos(n: int, k: int) -> np.ndarray:
    return np.array(list(combinations(range(n), k)), dtype=int).reshape(-1, k)


def _ordered_size_profiles(num_actions: tuple[int, ...]) -> tuple[list[tuple[int, ...]], list[tuple[int, ...]]]:
    """Balanced two-mixer size profiles, then those with three or more mixers; each by size, imbalance."""
    sizes = [s for s in product(*[range(1, n + 1) for n in num_actions])]
    two = [s for s in sizes if sum(k > 1 for k in s) == 2 and len({k for k in s if k > 1}) == 1]
    more = [s for s in sizes if sum(k > 1 for k in s) >= 3]
    def key(s: tuple[int, ...]) -> tuple:
        return sum(s), max(s) - min(s), s

    return sorted(two, key=key), sorted(more, key=key)


def _two_mixer_candidates(mg: MultilinearGame, sizes: tuple[int, ...]) -> np.ndarray:
    """Flat profiles solving the two square linear systems, for every support profile of ``sizes``."""
    n = mg.num_players
    i, j = (p for p in range(n) if sizes[p] > 1)
    k = sizes[i]
    pure_players = [p for p in range(n) if p not in (i, j)]
    si, sj = _combos(mg.num_actions[i], k), _combos(mg.num_actions[j], k)
    pure = np.array(list(product(*[range(mg.num_actions[p]) for p in pure_players])), dtype=int).reshape(
        -1, len(pure_players))
    qi, qj, qp = (g.ravel() for g in np.meshgrid(np.arange(len(si)), np.arange(len(sj)), np.arange(len(pure)),
                                                 indexing="ij"))
    index: list[np.ndarray] = []
    for p in range(n):
        if p == i:
            index.append(si[qi][:, :, None])
        elif p == j:
            index.append(sj[qj][:, None, :])
        else:
            index.append(pure[qp, pure_players.index(p)][:, None, None])
    Q = qi.size
    flat = np.zeros((Q, mg.size))
    for p in pure_players:
        flat[np.arange(Q), mg.offsets[p] + pure[qp, pure_players.index(p)]] = 1.0
    rhs = np.zeros((Q, k + 1))
    rhs[:, k] = 1.0
    for _, other, table, support in ((i, j, mg.payoffs[i][tuple(index)], sj[qj]),
                                         (j, i, np.swapaxes(mg.payoffs[j][tuple(index)], 1, 2), si[qi])):
        system = np.zeros((Q, k + 1, k + 1))
        system[:, :k, :k] = table  # owner's values on its support, as functions of the other's strategy
        system[:, :k, k] = -1.0
        system[:, k, :k] = 1.0
        strategy = _batched_solve(system, rhs)[:, :k]
        flat[np.arange(Q)[:, None], mg.offsets[other] + support] = strategy
    return flat


def _newton_candidates(mg: MultilinearGame, masks: np.ndarray, starts: int, rng: np.random.Generator,
                       residual_tol: float, iterations: int) -> Iterator[np.ndarray]:
    r"""Newton's solutions (flat profiles) of the indifference systems of the support profiles in ``masks``.

    ``masks[q]`` marks the flat actions in support profile ``q``; supports of any sizes share
    one batch, because off-support probabilities are unknowns pinned by the equations
    :math:`\sigma_a = 0`: every row solves the same square system in :math:`(\sigma, w)`,

    .. math:: v_a(\sigma) - w_{p(a)} = 0 \ (a \in S), \qquad \sigma_a = 0 \ (a \notin S),
              \qquad \textstyle\sum_{a \in A_p} \sigma_a = 1 .
    """
    size, n, owner = mg.size, mg.num_players, mg.owner
    masks = np.repeat(masks, starts + 1, axis=0)
    rows = masks.shape[0]
    sigma = np.where(masks, rng.exponential(size=masks.shape), 0.0)
    sigma[:: starts + 1] = masks[:: starts + 1]  # the centroid of every support profile first
    sigma /= np.add.reduceat(sigma, mg.offsets[:-1], axis=1)[:, owner]
    jac = np.zeros((rows, size + n, size + n))
    jac[:, size + owner, np.arange(size)] = 1.0  # the probabilities sum to one
    jac[:, np.arange(size), size + owner] = -masks.astype(float)  # -w_p in the value equations
    off = ~masks
    jac[:, np.arange(size), np.arange(size)] = off  # sigma_a = 0 off the supports
    in_support = masks.astype(float)
    w = np.zeros((rows, n))
    for iteration in range(iterations + 1):
        M = mg.value_jacobian(sigma)
        values = mg.values_from_jacobian(M, sigma)
        if iteration == 0:
            w = np.add.reduceat(values * in_support, mg.offsets[:-1], axis=1) / np.add.reduceat(
                in_support, mg.offsets[:-1], axis=1)
        residual = np.concatenate([np.where(masks, values - w[:, owner], sigma),
                                   np.add.reduceat(sigma, mg.offsets[:-1], axis=1) - 1.0], axis=1)
        done = np.abs(residual).max(axis=1) <= residual_tol
        if done.any():  # converged rows leave the batch at once: the caller may stop at the first equilibrium
            yield sigma[done]
        # equilibria lie in the simplices: rows far outside them are chasing something else
        keep = ~done & np.isfinite(sigma).all(axis=1) & (
            np.abs(sigma - 0.5).max(axis=1) <= (5.0 if iteration < 3 else 1.5))
        if iteration == iterations or not keep.any():
            return
        sigma, w, jac, masks, off, in_support, M, residual = (
            a[keep] for a in (sigma, w, jac, masks, off, in_support, M, residual))
        jac[:, :size, :size] = np.where(masks[:, :, None], M, jac[:, :size, :size] * off[:, :, None])
        step = _batched_solve(jac, residual)
        sigma, w = sigma - step[:, :size], w - step[:, size:]


def _support_masks(num_actions: tuple[int, ...], offsets: np.ndarray, sizes: tuple[int, ...]) -> np.ndarray:
    """Boolean flat masks of every support profile with these sizes (C order of the choices)."""
    combos = [_combos(n, k) for n, k in zip(num_actions, sizes)]
    grids = np.meshgrid(*[np.arange(len(c)) for c in combos], indexing="ij")
    masks = np.zeros((grids[0].size, int(offsets[-1])), dtype=bool)
    for p, (c, g) in enumerate(zip(combos, grids)):
        masks[np.arange(g.size)[:, None], offsets[p] + c[g.ravel()]] = True
    return masks


def _screened(mg: MultilinearGame, flat: np.ndarray, atol: float) -> np.ndarray:
    """The candidates with non-negative probabilities (clipped, renormalised) and regret at most ``atol``."""
    flat = flat[np.isfinite(flat).all(axis=1) & (flat.min(axis=1) >= -1e-3 * atol)]
    if not len(flat):
        return flat
    flat = np.clip(flat, 0.0, None)
    flat /= np.add.reduceat(flat, mg.offsets[:-1], axis=1)[:, mg.owner]  # rounding only
    return flat[mg.max_regret(flat) <= atol]


def batched_first_pass(mg: MultilinearGame, atol: float, rng: np.random.Generator, starts: int, iterations: int,
                       accept: Callable[[np.ndarray], bool]) -> bool:
    """Offer ``accept`` the screened candidates in Porter–Nudelman–Shoham order; True once it says stop.

    ``accept`` receives flat profiles (rows) whose regret in ``mg`` is at most ``atol``.  Balanced
    two-mixer size profiles come first (one exact batched solve each), then the support
    profiles where three or more players mix, gathered across size profiles into Newton batches.
    """
    two, more = _ordered_size_profiles(mg.num_actions)
    for k in sorted({max(sizes) for sizes in two}):  # equal k: equal total size and imbalance
        batch = [_two_mixer_candidates(mg, sizes) for sizes in two
                 if max(sizes) == k and _count(mg.num_actions, sizes) <= MAX_BATCH_SUPPORTS]
        flat = _screened(mg, np.concatenate(batch), atol) if batch else batch
        if len(flat) and accept(flat):
            return True
    per_batch = max(1, NEWTON_ROWS // (starts + 1))
    pending: list[np.ndarray] = []
    for position, sizes in enumerate(more):
        if _count(mg.num_actions, sizes) <= MAX_BATCH_SUPPORTS:
            pending.append(_support_masks(mg.num_actions, mg.offsets, sizes))
        if pending and (sum(len(m) for m in pending) >= per_batch or position == len(more) - 1):
            masks = np.concatenate(pending)
            pending = []
            for begin in range(0, len(masks), per_batch):
                for found in _newton_candidates(mg, masks[begin : begin + per_batch], starts, rng, 1e-3 * atol,
                                                iterations):
                    flat = _screened(mg, found, atol)
                    if len(flat) and accept(flat):
                        return True
    return False


def _count(num_actions: tuple[int, ...], sizes: tuple[int, ...]) -> float:
    return float(np.prod([comb(n, k) for n, k in zip(num_actions, sizes)], dtype=float))
