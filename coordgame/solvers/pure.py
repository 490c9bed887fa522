r"""All pure-strategy Nash equilibria of an N-player game.

A pure profile :math:`a` is an equilibrium when for every player :math:`i`

.. math:: u_i(a) \ge \max_{k \in A_i} u_i(k, a_{-i}) - \varepsilon .

The search filters candidates one player at a time, with no Python loop over profiles:

1. For the first player, the maximum over its own axis is compared with its whole payoff
   table, block by block so each block is compared while still in cache.  What survives is a
   list of candidate profiles, typically a fraction :math:`1/n_1` of all profiles.
2. For each further player the candidates are checked against that player's best deviation:
   by the same blocked pass while many candidates are left, and by gathering only the
   candidates' own lines of the table once few are left, which is soon the case.

So only the first players' tables are streamed; for games with more than two or three
players the work is less than one read of the whole ``(N, n_1, ..., n_N)`` tensor.
"""

from __future__ import annotations

import math

import numpy as np

from coordgame._arguments import checked_arguments
from coordgame._checks import positive_int
from coordgame.equilibrium import EquilibriumSet, verify
from coordgame.games.normal_form import NormalFormGame, as_game
from coordgame.games.structured import StructuredGame
from coordgame.solvers.structured import StructuredEquilibria, exhaustive_pure_nash
from coordgame.tolerances import DEFAULT_TOL, absolute_tolerance

__all__ = ["pure_equilibrium_indices", "pure_nash"]

#: Elements per block of the first pass: 1 MiB of float64, so a block stays in cache.
_BLOCK_ELEMENTS = 1 << 17


def _best_response_flags(table: np.ndarray, atol: float, out: np.ndarray) -> None:
    """Set ``out`` (bool, shaped like ``table``) to: the owner of axis 1 best-responds here.

    ``table`` is one player's payoffs viewed as ``(outer, n, inner)``.  Blocks of about
    ``_BLOCK_ELEMENTS`` are reduced and compared while they are in cache.
    """
    outer, n, inner = table.shape
    if inner * n >= _BLOCK_ELEMENTS or outer == 1:
        step = max(1, _BLOCK_ELEMENTS // n)
        for row in range(outer):
            for start in range(0, inner, step):
                block = table[row, :, start : start + step]
                np.greater_equal(block, block.max(axis=0) - atol, out=out[row, :, start : start + step])
    else:
        step = max(1, _BLOCK_ELEMENTS // (n * inner))
        for start in range(0, outer, step):
            block = table[start : start + step]
            np.greater_equal(block, block.max(axis=1, keepdims=True) - atol, out=out[start : start + step])


def _keep_best_responses(table: np.ndarray, candidates: np.ndarray, atol: float, flags: np.ndarray) -> np.ndarray:
    """The candidates (flat indices) at which the player owning axis 1 of ``table`` best-responds."""
    _, n, inner = table.shape
    if candidates.size * n <= table.size // 16:
        # few candidates: gather each candidate's line along the player's axis
        flat = table.reshape(-1)
        line_start = candidates - ((candidates // inner) % n) * inner
        best = flat[line_start[:, None] + inner * np.arange(n)].max(axis=1)
        return candidates[flat[candidates] >= best - atol]
    # many candidates: one blocked pass over the table, then look the candidates up
    _best_response_flags(table, atol, flags.reshape(table.shape))
    return candidates[flags[candidates]]


def pure_equilibrium_indices(payoffs: np.ndarray, atol: float) -> np.ndarray:
    """Sorted flat (C-order) indices of the pure profiles where no player gains more than ``atol``.

    Parameters
    ----------
    payoffs : ndarray, shape (N, n_1, ..., n_N)
    atol : float
        Absolute tolerance on the gain from a unilateral deviation (in the payoffs' unit; see
        :func:`coordgame.tolerances.absolute_tolerance`).

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
        return payoffs[i].reshape(math.prod(shape[:i]), shape[i], math.prod(shape[i + 1 :]))

    # the player with the most actions goes first: it leaves the fewest candidates
    order = sorted(range(len(shape)), key=lambda i: (-shape[i], i))
    flags = np.empty(math.prod(shape), dtype=bool)
    first = view(order[0])
    _best_response_flags(first, atol, flags.reshape(first.shape))
    candidates = np.flatnonzero(flags)
    for i in order[1:]:
        if candidates.size == 0:
            break
        candidates = _keep_best_responses(view(i), candidates, atol, flags)
    return candidates


@checked_arguments
def pure_nash(game: NormalFormGame | StructuredGame, *, tol: float = DEFAULT_TOL,
              limit: int | None = None) -> EquilibriumSet | StructuredEquilibria:
    """Every pure-strategy Nash equilibrium of an N-player game.

    Parameters
    ----------
    game : NormalFormGame, StructuredGame or array_like
        The game, or its payoffs (see :func:`coordgame.games.as_game`). A structured game is
        searched without expanding its payoff table (depth-first over the first N-1 players,
        only the last player's best responses as candidates; see
        :mod:`coordgame.solvers.structured`) and gives a
        :class:`~coordgame.solvers.structured.StructuredEquilibria`.
    tol : float, default 1e-9
        Relative tolerance: a deviation must gain more than ``tol * game.payoff_range`` to
        break an equilibrium.
    limit : int, optional
        Return only the first ``limit`` equilibria (in lexicographic order).

    Returns
    -------
    EquilibriumSet
        Every pure equilibrium, in lexicographic order of profiles, each verified; ``complete``
        is False when ``limit`` left some out.

    Examples
    --------
    >>> import coordgame as cg
    >>> eqs = cg.pure_nash(cg.games.stag_hunt())
    >>> eqs.pure_profiles()
    [(0, 0), (1, 1)]
    >>> [eq.welfare for eq in eqs]
    [8.0, 4.0]
    """
    limit = None if limit is None else positive_int(limit, "limit", minimum=0)
    if isinstance(game, StructuredGame):
        return exhaustive_pure_nash(game, tol=tol, limit=limit)
    game = as_game(game)
    every = pure_equilibrium_indices(game.payoffs, absolute_tolerance(tol, game))
    flat = every[:limit]
    profiles = np.column_stack(np.unravel_index(flat, game.num_actions)) if flat.size else np.empty((0, 0), int)
    found = tuple(verify(game, tuple(int(a) for a in p), method="pure_nash", tol=tol) for p in profiles)
    complete = flat.size == every.size
    notes = () if complete else (f"not all equilibria: stopped after {limit} of {every.size} pure equilibria (limit)",)
    return EquilibriumSet(found, game, method="pure_nash", complete=complete, notes=notes,
                          parameters={"tol": tol} if limit is None else {"tol": tol, "limit": limit})
