r"""Maximising a smooth function over the product of the players' action sets (boxes, simplices, convex sets)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from coordgame.errors import ConvergenceError, UnsupportedGameError
from coordgame.games.continuous import Box, ContinuousGame, Simplex
from coordgame.solvers.continuous._common import _residual


def _box_bounds(game: ContinuousGame) -> list[tuple[float | None, float | None]]:
    lo = [None if not np.isfinite(v) else float(v) for v in game._lower]
    hi = [None if not np.isfinite(v) else float(v) for v in game._upper]
    return list(zip(lo, hi))


def _player_objective(game: ContinuousGame, x: np.ndarray, i: int):
    lo, hi = game._offsets[i], game._offsets[i + 1]

    def value(yi: np.ndarray) -> float:
        z = x.copy()
        z[lo:hi] = yi
        return float(game.payoffs(z)[i])

    def grad(yi: np.ndarray) -> np.ndarray:
        z = x.copy()
        z[lo:hi] = yi
        return game.pseudo_gradient(z)[lo:hi]

    return value, grad


def _maximize_on_set(action_set: Any, value: Callable, grad: Callable, y0: np.ndarray) -> np.ndarray:
    """Maximise a smooth function over one action set (scipy for boxes/simplices, projected ascent else)."""
    from scipy.optimize import minimize

    if isinstance(action_set, Box):
        bounds = [(None if not np.isfinite(lo) else lo, None if not np.isfinite(hi) else hi)
                  for lo, hi in zip(action_set.lower, action_set.upper)]
        res = minimize(lambda y: -value(y), y0, jac=lambda y: -grad(y), method="L-BFGS-B", bounds=bounds,
                       options={"ftol": 1e-15, "gtol": 1e-12, "maxiter": 2000})
        return action_set.project(res.x)
    if isinstance(action_set, Simplex):
        cons = [{"type": "eq", "fun": lambda y: y.sum() - action_set.total, "jac": lambda y: np.ones_like(y)}]
        res = minimize(lambda y: -value(y), y0, jac=lambda y: -grad(y), method="SLSQP",
                       bounds=[(0.0, action_set.total)] * action_set.dim, constraints=cons,
                       options={"ftol": 1e-14, "maxiter": 500})
        return action_set.project(res.x)
    return _projected_ascent(action_set.project, value, grad, y0)[0]


def _projected_ascent(project: Callable, value: Callable, grad: Callable, y: np.ndarray,
                      max_iter: int = 2000) -> tuple[np.ndarray, str]:
    """Projected gradient ascent with an Armijo backtracking step (any set with a projection).

    Returns the last iterate and why the ascent stopped: ``"converged"`` when a step moved the
    point by less than ``1e-13`` of its scale (no ascent direction left at that resolution);
    when the ``max_iter`` iterations ran out first, ``"budget"`` if the value still rose over
    the last ``max_iter // 10`` iterations (by more than ``1e-12`` of its scale), else
    ``"stalled"`` (the steps jitter in place, e.g. on a finite-difference gradient's noise).
    """
    y = project(y)
    f, step = value(y), 1.0
    window = max(1, max_iter // 10)
    f_before = f
    for k in range(max_iter):
        if k == max_iter - window:
            f_before = f
        g = grad(y)
        while step > 1e-14:
            trial = project(y + step * g)
            f_trial = value(trial)
            if f_trial >= f + 1e-4 * float(g @ (trial - y)):
                break
            step *= 0.5
        if np.abs(trial - y).max() <= 1e-13 * max(1.0, float(np.abs(y).max())):
            return (trial if f_trial >= f else y), "converged"
        y, f, step = trial, f_trial, step * 2.0
    rising = f - f_before > 1e-12 * max(1.0, abs(float(f)))
    return y, "budget" if rising else "stalled"


def _fd_gradient(game: ContinuousGame, value: Callable) -> Callable[[np.ndarray], np.ndarray]:
    """Finite differences of a scalar function of the profile (2D calls, one-sided at active bounds)."""
    return lambda x: game._difference_gradient(value, x)


def _box_residual(game: ContinuousGame, x: np.ndarray, g: np.ndarray) -> float:
    """Max-norm of ``x - clip(x + g, l, u)``, computed as ``clip(g, l - x, u - x)``.

    The direct form cancels when ``|x|`` dwarfs ``g`` (``x + g`` rounds back to ``x``: a zero
    residual at a huge profile); the clipped gradient, the projected-gradient step of a box, does not.
    A NaN gradient gives a NaN residual.
    """
    return float(np.abs(np.clip(g, game._lower - x, game._upper - x)).max())


@dataclass(frozen=True)
class _Search:
    """Outcome of :func:`_maximize`."""

    x: np.ndarray
    value: float
    residual: float  # max-norm of the projected-gradient residual at x
    gradient_norm: float  # max-norm of the gradient at x
    runs: int
    stop: str  # "converged" (own test met), "stalled" (failed line search, no gain) or "budget" (iterations spent)
    method: str


def _maximize(game: ContinuousGame, value: Callable, grad: Callable | None, x0: np.ndarray, *,
              gtol: float = 1e-12, max_iter: int = 5000, restart: bool = False) -> _Search:
    """Maximise a smooth function of the whole profile over the product of the action sets.

    Boxes: L-BFGS-B with the exact bounds, ``gtol`` on its projected gradient.  Without
    ``restart`` one run, which also stops when the relative gain falls below 1e-15.  With
    ``restart`` (``ftol=0``) the run is repeated from its own result while the projected-gradient
    residual exceeds ``gtol``, the value still rises and the ``max_iter`` iterations shared by the
    runs last: a fresh run drops the curvature memory, whose scaling by the steepest direction
    otherwise makes steps along nearly flat directions (a concave but not strictly concave
    objective) vanish.  ``stop`` is "converged" when the residual reaches ``gtol`` or the last run
    met its own convergence test (status 0), "budget" when the iterations ran out, and "stalled"
    otherwise (a failed line search: the value no longer rises numerically, with the residual still
    above ``gtol``).  Mixed boxes and simplices: SLSQP; other sets: projected gradient ascent,
    "converged" when its steps stop moving the point, "budget" when ``max_iter`` iterations ran
    out while the value still rose, "stalled" when they ran out with the value standing still.
    """
    from scipy.optimize import minimize

    if grad is None:
        grad = _fd_gradient(game, value)
    if game.all_boxes:
        def negative(z: np.ndarray) -> float:
            return -float(value(z))

        def negative_gradient(z: np.ndarray) -> np.ndarray:
            return -np.asarray(grad(z), dtype=float)

        bounds, options = _box_bounds(game), {"ftol": 0.0 if restart else 1e-15, "gtol": gtol}
        x, f, g, runs, left = x0, -math.inf, None, 0, max_iter
        while left > 0:
            # L-BFGS-B keeps its iterates inside the bounds; fun and jac belong to res.x.
            res = minimize(negative, x, jac=negative_gradient, method="L-BFGS-B", bounds=bounds,
                           options={**options, "maxiter": left})
            runs, left = runs + 1, left - max(1, int(res.nit))
            if not -float(res.fun) > f:
                break  # no gain: x (and its gradient) stand
            x, f, g, status = res.x, -float(res.fun), -np.asarray(res.jac, dtype=float), int(res.status)
            if not restart or _box_residual(game, x, g) <= gtol:
                break
        if g is None:  # not even the first run gained
            f, g, status = float(value(x)), np.asarray(grad(x), dtype=float), int(res.status)
        residual = _box_residual(game, x, g)
        stop = "converged" if residual <= gtol or status == 0 else "budget" if status == 1 or left <= 0 else "stalled"
        return _Search(x, f, residual, float(np.abs(g).max()), runs, stop, "l-bfgs-b")
    if all(isinstance(s, (Box, Simplex)) for s in game.action_sets):
        bounds, cons = [], []
        for i, s in enumerate(game.action_sets):
            if isinstance(s, Box):
                bounds += [(None if not np.isfinite(lo) else lo, None if not np.isfinite(hi) else hi)
                           for lo, hi in zip(s.lower, s.upper)]
            else:
                bounds += [(0.0, s.total)] * s.dim
                lo, hi = game._offsets[i], game._offsets[i + 1]
                cons.append({"type": "eq", "fun": lambda x, lo=lo, hi=hi, t=s.total: x[lo:hi].sum() - t})
        res = minimize(lambda x: -value(x), x0, jac=lambda x: -grad(x), method="SLSQP", bounds=bounds,
                       constraints=cons, options={"ftol": 1e-14, "maxiter": 1000})
        x, method = game.project(res.x), "slsqp"
        stop = {0: "converged", 9: "budget"}.get(int(res.status), "stalled")
    else:
        (x, stop), method = _projected_ascent(game.project, value, grad, x0, max_iter=max_iter), "projected"
    g = np.asarray(grad(x), dtype=float)
    return _Search(x, float(value(x)), float(np.abs(_residual(game, x, g)).max()), float(np.abs(g).max()), 1, stop, method)


def _cvxpy_maximize(game: ContinuousGame, expression: Callable[[Any], Any]) -> np.ndarray:
    import cvxpy as cp

    v = cp.Variable(game.dim)
    constraints = []
    for i, s in enumerate(game.action_sets):
        block = v[int(game._offsets[i]):int(game._offsets[i + 1])]
        if isinstance(s, Box):
            finite_lo, finite_hi = np.isfinite(s.lower), np.isfinite(s.upper)
            if finite_lo.any():
                constraints.append(block[np.flatnonzero(finite_lo)] >= s.lower[finite_lo])
            if finite_hi.any():
                constraints.append(block[np.flatnonzero(finite_hi)] <= s.upper[finite_hi])
        elif isinstance(s, Simplex):
            constraints += [block >= 0, cp.sum(block) == s.total]
        else:
            raise UnsupportedGameError(f"cvxpy potential: action set {s!r} of player {i} is not a box or simplex")
    problem = cp.Problem(cp.Maximize(expression(v)), constraints)
    # Clarabel (an interior-point conic solver shipped with cvxpy) is deterministic and quiet.
    problem.solve(solver=cp.CLARABEL if "CLARABEL" in cp.installed_solvers() else None)
    if v.value is None or problem.status not in ("optimal", "optimal_inaccurate"):
        raise ConvergenceError(f"cvxpy could not maximise the potential (status {problem.status!r})")
    return game.project(np.asarray(v.value, dtype=float))
