r"""All pure-strategy Nash equilibria of an N-player game.

A pure profile :math:`a` is an equilibrium when for every player :math:`i`

.. math:: u_i(a) \ge \max_{k \in A_i} u_i(k, a_{-i}) - \varepsilon .

The search filters candidates one player at a time, with no Python loop over profiles:

1. For the first player, the maximum over its own axis is compared with its whole payoff
   table, block by block so each block is compared while still in cache.  What survives is a
   list of candidate profiles, typically a fraction :math:`1/n_1` of all profiles.
2. For each further player the candidates are checked against that player's best deviation:
   either from the maximum over its axis computed for the whole table in one streaming pass
   (when many candidates are left), or by gathering only the candidates' own lines of the table
   (when few are left, which is soon the case).

So the payoff tensor is streamed about twice in all, however many players there are:
usually less than one read of the whole ``(N, n_1, ..., n_N)`` tensor.
"""

from __future__ import annotations

import numpy as np

from coordgame.equilibrium import DEFAULT_TOL, EquilibriumSet, verify
from coordgame.games.normal_form import NormalFormGame

__all__ = ["pure_equilibrium_indices", "pure_nash"]

#: Elements per block of the first pass: 1 MiB of float64, so a block stays in cache.
_BLOCK_ELEMENTS = 1 << 17


def _block_best_responses(block: np.ndarray, atol: float) -> np.ndarray:
    """Flat indices (within the C-ordered ``(n, cols)`` block) of each column's best responses."""
    _n, cols = block.shape
    best_action = block.argmax(axis=0)
    columns = np.arange(cols)
    hits = block >= block[best_action, columns] - atol
    if np.count_nonzero(hits) == cols:  # no ties: the argmax is the only best response
        return best_action * cols + columns
    return np.flatnonzero(hits)


def _first_player_candidates(table: np.ndarray, atol: float) -> np.ndarray:
    """Flat indices of the profiles at which the player owning axis 1 of ``table`` best-responds.

    ``table`` is that player's payoffs viewed as ``(outer, n, inner)``.
    """
    outer, n, inner = table.shape
    found = []
    if inner >= _BLOCK_ELEMENTS // n or outer == 1:
        step = max(1, _BLOCK_ELEMENTS // n)
        for row in range(outer):
            for start in range(0, inner, step):
                block = table[row, :, start : start + step]
                local = _block_best_responses(block, atol)
                width = block.shape[1]
                found.append((row * n + local // width) * inner + start + local % width)
    else:
        # whole rows of the (outer, n * inner) view per block; move the player's axis first
        # so that each block is one (n, rows * inner) matrix of columns
        step = max(1, _BLOCK_ELEMENTS // (n * inner))
        for start in range(0, outer, step):
            block = table[start : start + step]
            rows = block.shape[0]
            local = _block_best_responses(block.transpose(1, 0, 2).reshape(n, rows * inner), atol)
            k, rest = local // (rows * inner), local % (rows * inner)
            found.append(((start + rest // inner) * n + k) * inner + rest % inner)
    return np.concatenate(found)


def _keep_best_responses(table: np.ndarray, candidates: np.ndarray, atol: float) -> np.ndarray:
    """The candidates (flat indices) at which the player owning axis 1 of ``table`` best-responds."""
    _outer, n, inner = table.shape
    flat = table.reshape(-1)
    own = (candidates // inner) % n
    if candidates.size * n <= flat.size // 2:
        # few candidates: gather each candidate's line along the player's axis
        line_start = candidates - own * inner
        lines = flat[line_start[:, None] + inner * np.arange(n)]
        best = lines.max(axis=1)
    else:
        # many candidates: one streaming pass for the maximum over the player's axis
        best_all = table.max(axis=1).reshape(-1)
        best = best_all[(candidates // (n * inner)) * inner + candidates % inner]
    return candidates[flat[candidates] >= best - atol]


def pure_equilibrium_indices(payoffs: np.ndarray, atol: float) -> np.ndarray:
    """Sorted flat (C-order) indices of the pure profiles where no player gains more than ``atol``.

    Parameters
    ----------
    payoffs : ndarray, shape (N, n_1, ..., n_N)
    atol : float
        Absolute tolerance on the gain from a unilateral deviation.

    Examples
    --------
    >>> import numpy as np
    >>> import coordgame as cg
    >>> flat = pure_equilibrium_indices(cg.games.stag_hunt().payoffs, 0.0)
    >>> [tuple(int(a) for a in p) for p in zip(*np.unravel_index(flat, (2, 2)))]
    [(0, 0), (1, 1)]
    """
    shape = payoffs.shape[1:]

    def view(i: int) -> np.ndarray:
        return payoffs[i].reshape(int(np.prod(shape[:i])), shape[i], int(np.prod(shape[i + 1 :])))

    # the player with the most actions goes first: it leaves the fewest candidates
    order = sorted(range(len(shape)), key=lambda i: (-shape[i], i))
    candidates = _first_player_candidates(view(order[0]), atol)
    for i in order[1:]:
        if candidates.size == 0:
            break
        candidates = _keep_best_responses(view(i), candidates, atol)
    return np.sort(candidates)


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
    flat = pure_equilibrium_indices(game.payoffs, tol * game.payoff_scale)
    profiles = np.column_stack(np.unravel_index(flat, game.num_actions)) if flat.size else np.empty((0, 0), int)
    found = tuple(verify(game, tuple(int(a) for a in p), method="pure_nash", tol=tol) for p in profiles)
    return EquilibriumSet(found, game, method="pure_nash", complete=True, parameters={"tol": tol})
