r"""All pure-strategy Nash equilibria of an N-player game.

A pure profile :math:`a` is an equilibrium when for every player :math:`i`

.. math:: u_i(a) \ge \max_{k \in A_i} u_i(k, a_{-i}) - \varepsilon .

For each player the maximum over its own axis is taken for the whole payoff tensor at once
and compared with the tensor, and the per-player masks are and-ed together.  The work is
done block by block so that each block of a player's payoff table is read from memory once
and the maximum and comparison run on data still in cache: one pass over the tensor in all.
There is no Python loop over profiles.
"""

from __future__ import annotations

import numpy as np

from coordgame.equilibrium import DEFAULT_TOL, EquilibriumSet, verify
from coordgame.games.normal_form import NormalFormGame

__all__ = ["pure_nash"]

#: Elements per block: about 1 MiB of float64, so a block stays in a core's L2 cache.
_BLOCK_ELEMENTS = 1 << 17


def _blocks(outer: int, inner: int, axis_len: int):
    """Yield (outer slice, inner slice) blocks of an (outer, axis_len, inner) array."""
    per_row = axis_len * inner
    if per_row >= _BLOCK_ELEMENTS or outer == 1:
        step = max(1, _BLOCK_ELEMENTS // axis_len)
        for start in range(0, outer):
            for b in range(0, inner, step):
                yield slice(start, start + 1), slice(b, b + step)
    else:
        step = max(1, _BLOCK_ELEMENTS // per_row)
        for start in range(0, outer, step):
            yield slice(start, start + step), slice(None)


def equilibrium_mask(payoffs: np.ndarray, atol: float) -> np.ndarray:
    """Boolean array over pure profiles: True where no player gains more than ``atol``.

    Parameters
    ----------
    payoffs : ndarray, shape (N, n_1, ..., n_N)
    atol : float
        Absolute tolerance on the gain from a unilateral deviation.

    Examples
    --------
    >>> import coordgame as cg
    >>> from coordgame.solvers.pure import equilibrium_mask
    >>> equilibrium_mask(cg.games.stag_hunt().payoffs, 0.0).tolist()
    [[True, False], [False, True]]
    """
    shape = payoffs.shape[1:]
    mask = np.ones(shape, dtype=bool)
    for i, n in enumerate(shape):
        outer, inner = int(np.prod(shape[:i])), int(np.prod(shape[i + 1 :]))
        table = payoffs[i].reshape(outer, n, inner)
        flags = mask.reshape(outer, n, inner)
        for rows, cols in _blocks(outer, inner, n):
            block = table[rows, :, cols]
            threshold = block.max(axis=1, keepdims=True)
            threshold -= atol
            flags[rows, :, cols] &= block >= threshold
    return mask


def pure_nash(game: NormalFormGame, *, tol: float = DEFAULT_TOL) -> EquilibriumSet:
    """Every pure-strategy Nash equilibrium of an N-player game.

    Parameters
    ----------
    game : NormalFormGame
    tol : float, default 1e-9
        Relative tolerance: a deviation must gain more than ``tol * game.payoff_scale`` to
        break an equilibrium.

    Returns
    -------
    EquilibriumSet
        Complete: every pure equilibrium, in lexicographic order of profiles, each verified.

    Examples
    --------
    >>> import coordgame as cg
    >>> eqs = cg.pure_nash(cg.games.stag_hunt())
    >>> eqs.pure_profiles()
    [(0, 0), (1, 1)]
    >>> [eq.welfare for eq in eqs]
    [8.0, 4.0]
    """
    mask = equilibrium_mask(game.payoffs, tol * game.payoff_scale)
    found = tuple(
        verify(game, tuple(int(a) for a in profile), method="pure_nash", tol=tol)
        for profile in np.argwhere(mask)
    )
    return EquilibriumSet(found, game, method="pure_nash", complete=True, parameters={"tol": tol})
