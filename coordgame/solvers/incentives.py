r"""The incentive constraints of (coarse) correlated equilibrium, as a matrix and as a check.

A joint distribution :math:`p` over pure profiles is a **correlated equilibrium** when no
player gains by disobeying a recommendation,

.. math:: \sum_{a_{-i}} p(k, a_{-i}) \, [u_i(k, a_{-i}) - u_i(k', a_{-i})] \ge 0
          \quad \text{for every } i,\ k \ne k',

and a **coarse correlated equilibrium** when no player gains by committing to :math:`k'`
before the recommendation, :math:`\sum_a p(a)\,[u_i(a) - u_i(k', a_{-i})] \ge 0`.

:func:`incentive_constraints` writes these rows as a sparse matrix for the linear programs of
:mod:`coordgame.solvers.correlated`; :func:`incentive_violation` measures a distribution's
largest violation from the payoff tensor by dense contractions, independently of that matrix,
which is how every program's answer is verified.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from coordgame.errors import InvalidProfileError
from coordgame.games.normal_form import as_game
from coordgame.tolerances import PROBABILITY_TOL

if TYPE_CHECKING:  # pragma: no cover
    import scipy.sparse

    from coordgame.games.normal_form import NormalFormGame

__all__ = ["incentive_constraints", "incentive_violation"]


def _player_tables(payoffs: np.ndarray, i: int) -> tuple[np.ndarray, np.ndarray]:
    """Player i's payoffs and the flat profile indices, both as (n_i, |A_-i|) with own action first."""
    shape = payoffs.shape[1:]
    flat_index = np.arange(int(np.prod(shape))).reshape(shape)
    n = shape[i]
    return np.moveaxis(payoffs[i], i, 0).reshape(n, -1), np.moveaxis(flat_index, i, 0).reshape(n, -1)


def incentive_constraints(payoffs: np.ndarray, *, coarse: bool = False) -> scipy.sparse.csr_matrix:
    """The incentive constraints ``A @ p >= 0`` as a sparse matrix over flat (C-order) profiles.

    Parameters
    ----------
    payoffs : ndarray, shape (N, n_1, ..., n_N)
    coarse : bool, default False
        Coarse correlated equilibrium constraints (one row per player and deviation) instead
        of correlated ones (one row per player and ordered pair of distinct own actions).

    Returns
    -------
    scipy.sparse.csr_matrix
        Shape ``(rows, n_1 * ... * n_N)``.  CE row :math:`(i, k, k')` has coefficient
        :math:`u_i(k, a_{-i}) - u_i(k', a_{-i})` at the profiles :math:`(k, a_{-i})`.

    Examples
    --------
    >>> import coordgame as cg
    >>> from coordgame.solvers.correlated import incentive_constraints
    >>> incentive_constraints(cg.games.chicken().payoffs).toarray().tolist()
    [[-2.0, 1.0, 0.0, 0.0], [0.0, 0.0, 2.0, -1.0], [-2.0, 0.0, 1.0, 0.0], [0.0, 2.0, 0.0, -1.0]]
    """
    import scipy.sparse as sp

    payoffs = np.asarray(payoffs, dtype=np.float64)
    num_profiles = int(np.prod(payoffs.shape[1:]))
    blocks = []
    for i, n in enumerate(payoffs.shape[1:]):  # a loop over players, not profiles
        table, index = _player_tables(payoffs, i)
        others = table.shape[1]
        if coarse:
            # row k': at profile (k, a_-i) the coefficient is u_i(k, a_-i) - u_i(k', a_-i)
            values = table[None, :, :] - table[:, None, :]
            rows = np.repeat(np.arange(n), n * others)
            cols = np.tile(index.ravel(), n)
            num_rows = n
        else:
            own, deviation = np.nonzero(~np.eye(n, dtype=bool))
            values = table[own] - table[deviation]
            rows = np.repeat(np.arange(own.size), others)
            cols = index[own].ravel()
            num_rows = own.size
        blocks.append(sp.coo_matrix((values.ravel(), (rows, cols)), shape=(num_rows, num_profiles)))
    return sp.vstack(blocks, format="csr")


def _check_distribution(game: NormalFormGame, distribution: Any) -> np.ndarray:
    z = np.asarray(distribution, dtype=float)
    if z.shape != game.num_actions:
        raise InvalidProfileError(f"distribution: expected shape {game.num_actions}, got {z.shape}")
    if not np.all(np.isfinite(z)) or z.min() < -PROBABILITY_TOL or abs(z.sum() - 1.0) > PROBABILITY_TOL:
        raise InvalidProfileError("distribution: expected non-negative probabilities summing to 1")
    return np.clip(z, 0.0, None)


def _gain_matrices(game: NormalFormGame, z: np.ndarray) -> list[np.ndarray]:
    """For each player i, ``G[j, k] = sum_{a: a_i = j} z(a) u_i(k, a_-i)``."""
    out = []
    for i, n_i in enumerate(game.num_actions):
        Z = np.moveaxis(z, i, 0).reshape(n_i, -1)
        U = np.moveaxis(game.payoffs[i], i, 0).reshape(n_i, -1)
        out.append(Z @ U.T)
    return out


def incentive_violation(game: NormalFormGame, distribution: Any, *, coarse: bool = False) -> float:
    """The largest gain any player gets from disobeying ``distribution`` (0 at a CE / CCE).

    For a correlated equilibrium (``coarse=False``), player *i*'s gain from playing :math:`k`
    when told :math:`j`,

    .. math:: \\max_i \\max_{j, k} \\sum_{a: a_i = j} z(a)\\,[u_i(k, a_{-i}) - u_i(j, a_{-i})];

    for a coarse correlated equilibrium (``coarse=True``), the gain from committing to
    :math:`k` before the recommendation,
    :math:`\\max_i \\max_k \\sum_a z(a)\\,[u_i(k, a_{-i}) - u_i(a)]`.  Both are floored at 0 and in
    the payoffs' own unit (divide by :func:`coordgame.tolerances.payoff_range` for a unit-free
    figure).  Computed from the payoff tensor by dense contractions, independently of the
    constraint matrix the programs use (:func:`incentive_constraints`), so it checks them.

    Parameters
    ----------
    game : NormalFormGame or payoff arrays
        The game.
    distribution : array_like
        A joint distribution over action profiles, of shape ``game.num_actions``.
    coarse : bool
        Measure the coarse (commit-before-recommendation) constraints instead.

    Returns
    -------
    float
        The largest violation, 0 exactly at a (coarse) correlated equilibrium.

    Examples
    --------
    >>> import coordgame as cg
    >>> from coordgame.solvers import incentive_violation
    >>> g = cg.games.chicken()
    >>> incentive_violation(g, [[0, 1/3], [1/3, 1/3]])  # Aumann's correlated equilibrium
    0.0
    >>> incentive_violation(g, [[0, 0], [0, 1]])
    1.0
    >>> incentive_violation(g, [[0, 0.5], [0.5, 0]], coarse=True)
    0.0
    """
    game = as_game(game)
    z = _check_distribution(game, distribution)
    worst = 0.0
    for G in _gain_matrices(game, z):
        gain = G.sum(axis=0).max() - np.trace(G) if coarse else (G - np.diag(G)[:, None]).max()
        worst = max(worst, float(gain))
    return worst
