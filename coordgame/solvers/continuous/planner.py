r"""The central planner's optimum of a continuous game: the continuous branch of :func:`coordgame.social_optimum`.

**Method.**  The planner maximises a welfare :math:`W(u(x))` of the players' payoffs (or any
``objective`` of the flat profile) over the product :math:`X` of the action sets.  The gradient
of a linear welfare :math:`\sum_i w_i u_i` is the game's analytic one (``welfare_gradient`` of
:class:`~coordgame.ContinuousGame`, supplied by :func:`~coordgame.games.cournot`,
:func:`~coordgame.games.public_good_game` and :func:`~coordgame.games.team_effort`), else finite
differences of the payoffs (batched when the game is vectorised); a non-linear welfare or an
``objective`` without ``objective_gradient`` is differenced (:math:`2D` calls per gradient: give
the gradient for large games).  The differences are central, and one-sided at an active bound, so
the welfare is only evaluated on :math:`X`.  On boxes the welfare is maximised by L-BFGS-B with
the exact bounds, restarted from its own result while the residual is above target and the
welfare still rises (a concave welfare that is not strictly concave, such as the joint profit of
a Cournot market, which puts all output on the cheapest firm, has flat directions on which a
single run stalls); mixed box/simplex sets use SLSQP, other convex sets projected gradient ascent.

**Certificate.**  ``converged`` means that (a) the projected-gradient residual
:math:`\|x - \Pi_X(x + \nabla W(x))\|_\infty` (on boxes computed as
:math:`\|\mathrm{clip}(\nabla W, l - x, u - x)\|_\infty`, which does not cancel at a huge
:math:`x`) is at most ``tol * max(1, max |∇W(x)|)``, (b) the search did not stop on its
iteration budget, and (c) the welfare is finite: ``x`` is then a stationary point of the welfare
on :math:`X`.  When the welfare is concave (as the utilitarian welfare of the Cournot,
public-good and team games is) a stationary point is a global maximum, so the optimum is exact up
to that residual; otherwise it is the best stationary point found from the starts.  Whenever
``converged`` is False, ``notes`` say which condition failed (a NaN residual included); an
unbounded welfare shows as a residual that does not vanish at a huge profile.  The Rawlsian
minimum is not differentiable where two payoffs tie, so its optimum is usually reported
unconverged: prefer a smooth welfare, or an ``objective`` with its gradient.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from coordgame._checks import as_generator, positive_float, positive_int
from coordgame.errors import InvalidArgumentError
from coordgame.games.continuous import ContinuousGame
from coordgame.solvers.continuous._common import ContinuousOptimum, _check_game, _start
from coordgame.solvers.continuous._optimize import _fd_gradient, _maximize, _Search
from coordgame.welfare import WelfareLike, as_welfare

__all__: list[str] = []

#: Default stationarity tolerance of the continuous planner (relative to the gradient's scale).
PLANNER_TOL = 1e-6


def _welfare_and_gradient(game: ContinuousGame, welfare: WelfareLike, objective: Any,
                          objective_gradient: Any) -> tuple[str, Callable, Callable]:
    """The planner's objective of the flat profile, its gradient, and its name."""
    if objective_gradient is not None and not callable(objective_gradient):
        raise InvalidArgumentError(f"objective_gradient: expected a callable, got {type(objective_gradient).__name__}")
    if objective is not None:
        if not callable(objective):
            raise InvalidArgumentError(f"objective: expected a callable of the flat profile, got {type(objective).__name__}")
        return "objective", objective, objective_gradient or _fd_gradient(game, objective)
    if objective_gradient is not None:
        raise InvalidArgumentError("objective_gradient: only meaningful with objective=")
    w = as_welfare(welfare)
    if w.is_linear:
        weights = w.weight_vector(game.num_players)
        if not np.all(np.isfinite(weights)):
            raise InvalidArgumentError(f"welfare: expected finite weights, got {weights.tolist()}")

        def linear(x: np.ndarray) -> float:
            return float(weights @ game.payoffs(x))

        return w.name, linear, lambda x: game.welfare_gradient(x, weights)

    def value(x: np.ndarray) -> float:
        return float(w(game.payoffs(x)))

    return w.name, value, _fd_gradient(game, value)


def _continuous_social_optimum(
    game: ContinuousGame,
    welfare: WelfareLike = "utilitarian",
    *,
    objective: Callable[[np.ndarray], float] | None = None,
    objective_gradient: Callable[[np.ndarray], Any] | None = None,
    initial: Any = None,
    num_random_starts: int | None = None,
    seed: int | np.random.Generator | None = 0,
    tol: float = PLANNER_TOL,
) -> ContinuousOptimum:
    """The planner's optimum of a continuous game; see :func:`coordgame.social_optimum` and the module docstring."""
    game = _check_game(game)
    if num_random_starts is None:
        num_random_starts = 4 if game.dim <= 100 else 0
    num_random_starts = positive_int(num_random_starts, "num_random_starts", minimum=0)
    tol = positive_float(tol, "tol")
    rng = as_generator(seed)
    _name, welfare, welfare_gradient = _welfare_and_gradient(game, welfare, objective, objective_gradient)
    candidates = [game.center()] + ([] if initial is None else [_start(game, initial)])
    candidates += [game.sample(rng, candidates[-1]) for _ in range(num_random_starts)]
    # The search aims well below the certificate, so the certified point is accurate, not borderline.
    best: _Search | None = None
    for start in candidates:
        search = _maximize(game, welfare, welfare_gradient, start, gtol=1e-3 * tol, restart=True)
        if best is None or search.value > best.value or math.isnan(best.value):
            best = search
    residual, x = best.residual, best.x
    # Relative to the gradient's scale, not to |x|: a huge profile of an unbounded welfare must not certify itself.
    threshold = tol * max(1.0, best.gradient_norm)
    finite = math.isfinite(best.value)
    # A stalled line search still certifies a point whose residual is within the threshold (the
    # precision limit of a flat welfare); an exhausted budget never does.
    converged = residual <= threshold and best.stop != "budget" and finite
    notes = [f"best of {len(candidates)} starts"]
    if best.method == "l-bfgs-b":
        notes[0] += f"; L-BFGS-B with the exact bounds, {best.runs} run(s) from the best"
    if converged:
        notes.append("a stationary point (projected-gradient residual); the global maximum when the welfare is concave")
    if not residual <= threshold:  # also catches a NaN residual
        notes.append(f"not converged: projected-gradient residual {residual:.3g} exceeds {threshold:.3g}")
    if best.stop == "budget":
        notes.append("not converged: the iteration budget ran out while the welfare still rose (unbounded?)")
    elif best.stop == "stalled" and not residual <= threshold:
        notes.append("not converged: the line search failed with the residual above the threshold (an unbounded welfare, or a "
                     "gradient that does not match it?)")
    if not finite:
        notes.append(f"not converged: the welfare is {best.value}")
    return ContinuousOptimum(profile=x, strategies=game.split(x), payoffs=game.payoffs(x), welfare=best.value,
                             residual=residual, converged=converged, method=f"planner[{best.method}]", notes=tuple(notes))
