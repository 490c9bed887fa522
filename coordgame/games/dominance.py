r"""Iterated elimination of strictly dominated actions.

Action :math:`k` of player :math:`i` is strictly dominated by a mixed strategy :math:`p`
over i's other remaining actions when

.. math:: \sum_j p_j\, u_i(j, a_{-i}) > u_i(k, a_{-i}) \quad \text{for every } a_{-i}.

Whether such a :math:`p` exists is the linear program
:math:`\max_{p \in \Delta, \varepsilon} \varepsilon` subject to
:math:`\sum_j p_j u_i(j, a_{-i}) \ge u_i(k, a_{-i}) + \varepsilon`; the action is dominated
when the optimum :math:`\varepsilon` exceeds the tolerance.  Domination by a pure action is
the special case of a vertex :math:`p` and is tested without an LP.  Eliminating strictly
dominated actions never removes a Nash equilibrium, and the order of elimination does not
change the result (Gilboa, Kalai & Zemel 1990).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from coordgame.tolerances import DEFAULT_TOL, check_tolerance

if TYPE_CHECKING:  # pragma: no cover
    from coordgame.games.normal_form import NormalFormGame

__all__ = ["iterated_elimination", "dominated_actions"]


def _rows(game: NormalFormGame, i: int, low: float, unit: float) -> np.ndarray:
    """Player i's payoffs as a matrix, one row per own action, one column per a_{-i}, in units of ``unit`` from ``low``.

    Measured in the payoff range from the smallest payoff, the relative tolerance is an absolute
    one and the linear programs see numbers in ``[0, 1]`` whatever the payoffs' unit.
    """
    return (np.moveaxis(game.payoffs[i], i, 0).reshape(game.num_actions[i], -1) - low) / unit


def _dominated_by_pure(rows: np.ndarray, atol: float) -> np.ndarray:
    # better[k, j] is True when row j beats row k by more than atol everywhere
    better = (rows[None, :, :] > rows[:, None, :] + atol).all(axis=2)
    return better.any(axis=1)


def _dominated_by_mixed(rows: np.ndarray, k: int, atol: float) -> bool:
    from scipy.optimize import linprog

    others = np.delete(rows, k, axis=0)
    if others.shape[0] == 0:
        return False
    m, cols = others.shape
    # variables (p_1..p_m, eps); maximise eps  <=>  minimise -eps
    cost = np.zeros(m + 1)
    cost[-1] = -1.0
    a_ub = np.hstack([-others.T, np.ones((cols, 1))])  # eps - sum_j p_j u_j <= -u_k
    b_ub = -rows[k]
    a_eq = np.append(np.ones(m), 0.0)[None, :]
    bounds = [(0, None)] * m + [(None, None)]
    span = float(np.ptp(rows)) + 1.0
    bounds[-1] = (None, span)  # keeps the LP bounded
    result = linprog(cost, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=[1.0], bounds=bounds, method="highs")
    return bool(result.status == 0 and -result.fun > atol)


def dominated_actions(game: NormalFormGame, player: int, *, mixed: bool = True, tol: float = DEFAULT_TOL) -> np.ndarray:
    """Indices of ``player``'s actions strictly dominated in ``game`` (one round, no iteration).

    Parameters
    ----------
    game : NormalFormGame
    player : int
    mixed : bool, default True
        Also test domination by mixed strategies (one small LP per undominated action).
    tol : float, default 1e-9
        Relative margin: dominance must hold by more than ``tol * game.payoff_range``.

    Examples
    --------
    >>> import coordgame as cg
    >>> # action 2 is beaten by the 50/50 mix of actions 0 and 1, but by neither alone
    >>> g = cg.NormalFormGame.from_bimatrix([[3, 0], [0, 3], [1, 1]], [[1, 1], [1, 1], [1, 1]])
    >>> dominated_actions(g, 0, mixed=False).tolist(), dominated_actions(g, 0).tolist()
    ([], [2])
    """
    tol = check_tolerance(tol, "tol")
    return _dominated(game, game._player_index(player), mixed, tol, float(game.payoffs.min()), game.payoff_range)


def _dominated(game: NormalFormGame, player: int, mixed: bool, tol: float, low: float, unit: float) -> np.ndarray:
    """:func:`dominated_actions` with the margin ``tol * unit`` (``unit`` from the game elimination started with)."""
    rows = _rows(game, player, low, unit)
    dominated = _dominated_by_pure(rows, tol)
    if mixed:
        for k in np.flatnonzero(~dominated):
            dominated[k] = _dominated_by_mixed(rows, int(k), tol)
    return np.flatnonzero(dominated)


def iterated_elimination(
    game: NormalFormGame, *, mixed: bool = True, tol: float = DEFAULT_TOL
) -> tuple[NormalFormGame, tuple[np.ndarray, ...]]:
    """Remove strictly dominated actions until none is left.

    Parameters
    ----------
    game : NormalFormGame
    mixed : bool, default True
        Test domination by mixed strategies as well as by pure actions.
    tol : float, default 1e-9
        Relative margin (see :func:`dominated_actions`), measured in the payoff range of
        ``game`` in every round (not in the shrinking range of the reduced games).

    Returns
    -------
    reduced : NormalFormGame
        The game on the surviving actions (names kept).
    kept : tuple of ndarray
        For each player, the surviving actions' indices in the original game.

    Examples
    --------
    >>> import coordgame as cg
    >>> reduced, kept = iterated_elimination(cg.games.prisoners_dilemma())
    >>> reduced.action_names
    (('Defect',), ('Defect',))
    """
    tol = check_tolerance(tol, "tol")
    low, unit = float(game.payoffs.min()), game.payoff_range
    kept = [np.arange(n) for n in game.num_actions]
    current = game
    changed = True
    while changed:
        changed = False
        for i in range(game.num_players):
            if current.num_actions[i] == 1:
                continue
            drop = _dominated(current, i, mixed, tol, low, unit)
            if drop.size:
                keep = np.setdiff1d(np.arange(current.num_actions[i]), drop)
                kept[i] = kept[i][keep]
                current = current.restrict([keep if j == i else None for j in range(game.num_players)])
                changed = True
    return current, tuple(kept)
