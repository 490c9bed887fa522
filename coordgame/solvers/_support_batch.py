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
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import combinations, product
from math import comb, prod

import numpy as np

from coordgame.solvers._indifference import _batched_solve
from coordgame.solvers._multilinear import MultilinearGame

__all__ = ["batched_first_pass"]

#: Size profiles with more support profiles than this are left to the (pruned) complete pass.
MAX_BATCH_SUPPORTS = 20_000
#: Two-mixer support sizes are merged into one batched solve while it has at most this many rows.
TWO_MIXER_ROWS = 600
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


@dataclass
class _TwoMixerPlan:
    """Index arrays of every two-mixer support profile of a game shape, padded to one system size.

    Row ``q`` has mixers ``own[q] < other[q]`` on supports of size ``k_q <= K``; ``linear[q, r, c]``
    is the index (into the flattened payoff tensor) of the pure profile in which the mixers play
    the ``r``-th and ``c``-th actions of their supports and everyone else plays their pure action;
    ``valid[q, r]`` is ``r < k_q``; ``base`` holds the pure players' strategies and
    ``position_own``/``position_other`` the flat columns of the mixers' support actions (padding
    points at an extra, dropped column).  It depends on the shape only, so it is built once.
    """

    own: np.ndarray
    other: np.ndarray
    linear: np.ndarray
    valid: np.ndarray
    base: np.ndarray
    position_own: np.ndarray
    position_other: np.ndarray

    @cached_property
    def mask(self) -> np.ndarray:
        return self.valid[:, :, None] & self.valid[:, None, :]

    @cached_property
    def pad(self) -> np.ndarray:
        """Identity entries on the padding slots: they pin the padded unknowns to zero."""
        return np.eye(self.valid.shape[1]) * ~self.valid[:, None, :]

    @cached_property
    def borders(self) -> np.ndarray:
        return np.concatenate([self.valid, self.valid]).astype(float)


@lru_cache(maxsize=32)
def _two_mixer_plan(num_actions: tuple[int, ...], ks: tuple[int, ...]) -> _TwoMixerPlan:
    n, K = len(num_actions), max(ks)
    offsets = np.concatenate([[0], np.cumsum(num_actions)])
    size, strides = int(offsets[-1]), np.array([int(np.prod(num_actions[p + 1 :])) for p in range(n)])
    parts: dict[str, list[np.ndarray]] = {key: [] for key in ("own", "other", "linear", "valid", "base", "po", "pt")}
    for k in ks:
        for i, j in combinations(range(n), 2):
            if k > min(num_actions[i], num_actions[j]):
                continue
            pure_players = [p for p in range(n) if p not in (i, j)]
            si, sj = _combos(num_actions[i], k), _combos(num_actions[j], k)
            pure = np.array(list(product(*[range(num_actions[p]) for p in pure_players])), dtype=int).reshape(
                -1, len(pure_players))
            qi, qj, qp = (g.ravel() for g in np.indices((len(si), len(sj), len(pure))))
            padded_i = np.pad(si[qi], ((0, 0), (0, K - k)))
            padded_j = np.pad(sj[qj], ((0, 0), (0, K - k)))
            pure_part = (pure[qp] * strides[pure_players]).sum(axis=1) if pure_players else np.zeros(qi.size, int)
            parts["linear"].append(pure_part[:, None, None] + strides[i] * padded_i[:, :, None]
                                   + strides[j] * padded_j[:, None, :])
            parts["valid"].append(np.broadcast_to(np.arange(K) < k, (qi.size, K)))
            parts["own"].append(np.full(qi.size, i))
            parts["other"].append(np.full(qi.size, j))
            base = np.zeros((qi.size, size + 1))
            for column, p in enumerate(pure_players):
                base[np.arange(qi.size), offsets[p] + pure[qp, column]] = 1.0
            parts["base"].append(base)
            parts["po"].append(np.where(np.arange(K) < k, offsets[i] + padded_i, size))
            parts["pt"].append(np.where(np.arange(K) < k, offsets[j] + padded_j, size))
    joined = {key: np.concatenate(value) for key, value in parts.items()}
    return _TwoMixerPlan(joined["own"], joined["other"], joined["linear"], joined["valid"], joined["base"],
                         joined["po"], joined["pt"])


def _two_mixer_candidates(mg: MultilinearGame, plan: _TwoMixerPlan) -> np.ndarray:
    """Flat profiles solving the two square linear systems of every support profile in ``plan``.

    Both systems of all rows go to one batched solve; padding slots are pinned to zero by
    identity rows, so supports of every size share the system size ``K + 1``.
    """
    Q, K = plan.valid.shape
    payoffs = mg.payoffs.reshape(mg.num_players, -1)
    mask, pad, valid = plan.mask, plan.pad, plan.borders
    system = np.zeros((2 * Q, K + 1, K + 1))
    # own's values on its support as functions of other's strategy, and other's as functions of own's
    system[:Q, :K, :K] = np.where(mask, payoffs[plan.own[:, None, None], plan.linear], pad)
    system[Q:, :K, :K] = np.where(mask, payoffs[plan.other[:, None, None], plan.linear], pad).swapaxes(1, 2)
    system[:, :K, K] = -valid
    system[:, K, :K] = valid
    rhs = np.zeros((2 * Q, K + 1))
    rhs[:, K] = 1.0
    solution = _batched_solve(system, rhs)[:, :K]
    flat = plan.base.copy()
    rows = np.arange(Q)[:, None]
    flat[rows, plan.position_other] = solution[:Q]
    flat[rows, plan.position_own] = solution[Q:]
    return flat[:, :-1]


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
    groups, more = _schedule(mg.num_actions)
    for ks in groups:
        flat = _screened(mg, _two_mixer_candidates(mg, _two_mixer_plan(mg.num_actions, ks)), atol)
        if len(flat) and accept(flat):
            return True
    per_batch = max(1, NEWTON_ROWS // (starts + 1))
    pending: list[np.ndarray] = []
    for position, sizes in enumerate(more):
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


@lru_cache(maxsize=64)
def _schedule(num_actions: tuple[int, ...]) -> tuple[list[tuple[int, ...]], list[tuple[int, ...]]]:
    """The two-mixer size groups and the size profiles with three or more mixers, in search order (per shape)."""
    two, more = _ordered_size_profiles(num_actions)
    counts: dict[int, float] = {}
    for sizes in two:
        counts[max(sizes)] = counts.get(max(sizes), 0.0) + _count(num_actions, sizes)
    return _groups(counts), [sizes for sizes in more if _count(num_actions, sizes) <= MAX_BATCH_SUPPORTS]


def _groups(counts: dict[int, float]) -> list[tuple[int, ...]]:
    """Support sizes ``k`` in increasing order (PNS), consecutive ones merged while a batch stays small.

    One solve call per batch saves overhead on small games; on large ones a batch of small
    supports is not padded to (and slowed by) the largest size.
    """
    groups: list[list[int]] = []
    rows = 0.0
    for k in sorted(counts):
        if counts[k] > MAX_BATCH_SUPPORTS:
            continue
        if groups and rows + counts[k] <= TWO_MIXER_ROWS:
            groups[-1].append(k)
            rows += counts[k]
        else:
            groups.append([k])
            rows = counts[k]
    return [tuple(group) for group in groups]


def _count(num_actions: tuple[int, ...], sizes: tuple[int, ...]) -> float:
    return float(prod(comb(n, k) for n, k in zip(num_actions, sizes)))
