r"""Linear complementarity problems by principal pivoting (Murty's least-index method).

Find :math:`x \ge 0` with :math:`w = Mx - \alpha \ge 0` and :math:`x^\top w = 0`: the
first-order conditions of a game (or a concave quadratic program) whose players choose
:math:`x_i \ge 0`.  Murty's least-index principal pivoting (Murty 1974; Cottle, Pang & Stone
1992, §4.2) changes, at each step, the side of the least index whose sign is wrong; from the basis
:math:`x = 0` it is finite on every P-matrix, for which the solution is unique.
"""

from __future__ import annotations

import numpy as np

from coordgame.errors import ConvergenceError

__all__ = ["solve_lcp", "pivot_from"]


def pivot_from(matrix: np.ndarray, alpha: np.ndarray, basic: np.ndarray, max_pivots: int) -> np.ndarray | None:
    """Murty's least-index principal pivoting from the complementary basis ``basic`` (x basic where True).

    Returns the LCP solution, or None when the budget runs out.
    """
    basic = basic.copy()
    w_slack = 1e-12 * max(float(np.abs(alpha).max()), 1e-300)  # relative: the payoffs' unit cancels
    for _ in range(max_pivots):
        x = np.zeros(alpha.size)
        if basic.any():
            x[basic] = np.linalg.solve(matrix[np.ix_(basic, basic)], alpha[basic])
        w = matrix @ x - alpha
        x_slack = 1e-12 * max(float(np.abs(x).max()), 1e-300)
        wrong = (basic & (x < -x_slack)) | (~basic & (w < -w_slack))
        if not wrong.any():
            return np.maximum(x, 0.0)
        basic[int(np.argmax(wrong))] ^= True  # the least index with the wrong sign changes side
    return None


def solve_lcp(matrix: np.ndarray, alpha: np.ndarray, *, max_pivots: int) -> tuple[np.ndarray, bool]:
    """Solve x >= 0, w = Mx - alpha >= 0, x'w = 0; return the solution and whether the interior basis solved it.

    First the interior basis (one solve: the closed form); then Murty's least-index method warm-started
    from the interior solution's positive part; if that runs out of pivots, the method from the basis
    x = 0, for which it is finite on every P-matrix (Murty 1974).
    """
    n = alpha.size
    interior = pivot_from(matrix, alpha, np.ones(n, dtype=bool), 1)
    if interior is not None:
        return interior, True
    guess = np.linalg.solve(matrix, alpha) > 0
    found = pivot_from(matrix, alpha, guess, max_pivots)
    if found is None:
        found = pivot_from(matrix, alpha, np.zeros(n, dtype=bool), max(max_pivots, 2 ** min(n, 16)))
    if found is None:
        raise ConvergenceError(f"max_pivots: principal pivoting did not finish in {max_pivots} pivots "
                               "(the first-order matrix may not be a P-matrix: gamma > 0 on a directed network?)")
    return found, False
