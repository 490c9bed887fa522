r"""Equilibria and optima of continuous-action games (:class:`~coordgame.ContinuousGame`).

**Nash equilibrium as a variational inequality.**  When each payoff :math:`u_i` is concave in the
player's own action, :math:`x^*` is a Nash equilibrium iff it solves
:math:`\mathrm{VI}(X, -F)`: :math:`\langle F(x^*), y - x^* \rangle \le 0` for all :math:`y \in X`,
with :math:`F` the pseudo-gradient — equivalently iff the natural residual
:math:`r(x) = x - \Pi_X(x + F(x))` vanishes.  :func:`continuous_nash` solves it in two phases:

1. Tseng's forward–backward–forward method (Tseng 2000, *SIAM J. Control Optim.* 38(2)) with an
   adaptive step: :math:`y = \Pi_X(x + \lambda F(x))`,
   :math:`x^+ = \Pi_X(y + \lambda (F(y) - F(x)))`, the step halved until
   :math:`\lambda \|F(y) - F(x)\| \le \theta \|y - x\|` and enlarged again after acceptance.  It
   converges for monotone Lipschitz :math:`-F` (Rosen's diagonal strict concavity) without
   knowing the Lipschitz constant.
2. A semismooth Newton refinement on the natural residual (Qi & Sun 1993; Facchinei & Pang 2003,
   ch. 7–8): :math:`(I - D(I + J_F))\,d = -r(x)` with :math:`D` an element of the generalised
   Jacobian of :math:`\Pi_X` at :math:`x + F(x)` (a 0/1 diagonal for boxes, the face projector
   for simplices) and a backtracking line search on :math:`\|r\|`.  Near a solution it converges
   quadratically, which is what takes the residual from ~1e-5 to machine precision.

**Verification.**  Whatever the algorithm, the returned profile is checked by solving each
player's best-response problem :math:`\max_{y_i \in X_i} u_i(y_i, x_{-i})` with scipy (the current
action plus several random starts) and reporting the regret
:math:`\max(0, \max_{y_i} u_i(y_i, x_{-i}) - u_i(x))`.  For payoffs concave in the own action the
local searches find the global best response, so the regret is exact; otherwise it is a lower
bound found by multi-start search (stated in the result's notes).  Tolerances are relative, as
for finite games: the threshold is ``tol * max(1, max_i |u_i(x)|)``.

**Potential games and the planner.**  :func:`potential_nash` maximises an exact potential (with
cvxpy when the game supplies a concave cvxpy expression, else with scipy) and then verifies the
maximiser as above; :func:`planner_optimum` maximises utilitarian (or weighted, or any) welfare
:math:`W` over the same action sets; :func:`coordgame.compare` puts the two regimes side by side.

**The planner's certificate.**  :math:`x` is a stationary point of :math:`W` on :math:`X` iff the
projected-gradient residual :math:`x - \Pi_X(x + \nabla W(x))` vanishes (the same natural
residual, with :math:`\nabla W` in place of :math:`F`); for concave :math:`W` that is the global
maximum.  On boxes :math:`W` is maximised by L-BFGS-B (Byrd, Lu, Nocedal & Zhu 1995) with the
exact bounds and the game's analytic welfare gradient when it has one.  A welfare that is concave
but not strictly concave, like the joint profit :math:`(a - bQ)Q - \sum_i c_i q_i` of a Cournot
market (maximised by the cheapest firm's monopoly output :math:`(a - c_{\min}) / 2b`), has
nearly flat directions along which a quasi-Newton run scaled by the steep direction stalls; the
run is restarted from its own result, which drops that scaling, while the welfare still rises.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from coordgame._arguments import checked_arguments
from coordgame._checks import as_generator, positive_float, positive_int
from coordgame.errors import ConvergenceError, InvalidArgumentError, UnsupportedGameError
from coordgame.games.continuous import Box, ContinuousGame, Simplex
from coordgame.results import Result

__all__ = [
    "ContinuousEquilibrium",
    "ContinuousOptimum",
    "continuous_nash",
    "potential_nash",
    "planner_optimum",
    "best_response_regrets",
]

#: Default relative regret tolerance of the continuous solvers.
CONTINUOUS_TOL = 1e-8


@dataclass(frozen=True, eq=False)
class ContinuousEquilibrium(Result):
    """A candidate Nash equilibrium of a continuous game with its verification.

    Attributes
    ----------
    profile : ndarray
        The flat profile :math:`x` (length ``D``).
    strategies : tuple of ndarray
        Per-player blocks of ``profile``.
    payoffs : ndarray
        Each player's payoff.
    regret : float
        Largest best-response regret found (absolute payoff units).
    regrets : ndarray
        Each player's regret.
    residual : float
        Max-norm of the natural residual :math:`x - \\Pi_X(x + F(x))`.
    tol : float
        The absolute regret threshold applied (``tol * max(1, max |u_i|)``).
    converged : bool
        Whether ``regret <= tol``: the profile is a verified equilibrium.
    iterations : int
        First-order iterations; ``newton_iterations`` the refinement steps.
    method : str
    notes : tuple of str
    """

    profile: np.ndarray
    strategies: tuple[np.ndarray, ...]
    payoffs: np.ndarray
    regret: float
    regrets: np.ndarray
    residual: float
    tol: float
    converged: bool
    iterations: int
    newton_iterations: int
    method: str
    notes: tuple[str, ...] = ()

    _verified_by = ("regret", "regret", "tol", "converged")
    _dict_extras = ("welfare",)

    @property
    def welfare(self) -> float:
        """Utilitarian welfare: the sum of the players' payoffs."""
        return float(self.payoffs.sum())

    def __repr__(self) -> str:
        x = np.array2string(self.profile, precision=4, separator=", ", threshold=8)
        return (f"ContinuousEquilibrium({x}, regret={self.regret:.2g}, converged={self.converged}, "
                f"method={self.method!r})")


@dataclass(frozen=True, eq=False, repr=False)
class ContinuousOptimum(Result):
    """The planner's optimum of a continuous game.

    Attributes
    ----------
    profile, strategies, payoffs :
        As in :class:`ContinuousEquilibrium`.
    welfare : float
        The maximised welfare value.
    residual : float
        Max-norm of the projected-gradient residual :math:`x - \\Pi_X(x + \\nabla W(x))`, zero
        at a stationary point (a maximum when the welfare is concave).
    converged : bool
        Whether ``residual`` is at most ``tol * max(1, max |∇W(x)|)``, the search did not stop on
        its iteration budget and the welfare is finite: a certified stationary point, the global
        maximum when the welfare is concave (see :func:`planner_optimum`).
    method : str
    notes : tuple of str
    """

    profile: np.ndarray
    strategies: tuple[np.ndarray, ...]
    payoffs: np.ndarray
    welfare: float
    residual: float
    converged: bool
    method: str
    notes: tuple[str, ...] = ()

    _verified_by = ("residual", "residual", None, "converged")


# --------------------------------------------------------------------------- helpers
def _check_game(game: Any) -> ContinuousGame:
    if not isinstance(game, ContinuousGame):
        raise InvalidArgumentError(f"game: expected a ContinuousGame, got {type(game).__name__}")
    return game


def _start(game: ContinuousGame, x0: Any) -> np.ndarray:
    if x0 is None:
        return game.center()
    return game.as_profile(game.project(game.as_profile(x0, tol=np.inf)))


def _residual(game: ContinuousGame, x: np.ndarray, F: np.ndarray) -> np.ndarray:
    return x - game.project(x + F)


def _forward_backward_forward(game: ContinuousGame, x: np.ndarray, *, target: float, max_iter: int,
                              theta: float = 0.9) -> tuple[np.ndarray, int]:
    """Tseng's FBF with an adaptive step, until ``||r(x)||_inf <= target``."""
    F = game.pseudo_gradient(x)
    step = 1.0 / max(1.0, float(np.abs(F).max()))
    for k in range(max_iter):
        if float(np.abs(_residual(game, x, F)).max()) <= target:
            return x, k
        while True:
            y = game.project(x + step * F)
            Fy = game.pseudo_gradient(y)
            moved = float(np.linalg.norm(y - x))
            if step * float(np.linalg.norm(Fy - F)) <= theta * moved or moved == 0.0 or step < 1e-14:
                break
            step *= 0.5
        x = game.project(y + step * (Fy - F))
        F = game.pseudo_gradient(x)
        step *= 1.5
    return x, max_iter


def _newton_direction(game: ContinuousGame, x: np.ndarray, F: np.ndarray, r: np.ndarray) -> np.ndarray | None:
    """Solve the semismooth Newton system ``(I - D (I + J_F)) d = -r`` (None if D is unknown)."""
    J_F = game.pseudo_jacobian(x)
    if game.all_boxes:
        # Clipped coordinates have the row e_k (d_k = -r_k); free ones the row -J_F[k]: only the
        # free block J_F[free, free] d_free = r_free + J_F[free, clipped] r_clipped is solved.
        free = game.free_coordinates(x + F)
        d = -r.copy()
        if not free.any():
            return d
        fixed = np.where(free, 0.0, d)
        if isinstance(J_F, np.ndarray):
            rhs = r[free] - (J_F[np.ix_(free, ~free)] @ d[~free])
            d[free] = _solve_dense(J_F[np.ix_(free, free)], rhs)
            return d
        from scipy.sparse.linalg import LinearOperator, gmres

        rhs = r[free] - J_F.matvec(fixed)[free]
        embedded = np.zeros(game.dim)

        def matvec(v: np.ndarray) -> np.ndarray:
            embedded[free] = np.ravel(v)
            return J_F.matvec(embedded)[free]

        size = int(free.sum())
        solution, _ = gmres(LinearOperator((size, size), matvec=matvec, dtype=float), rhs, rtol=1e-13, atol=0.0,
                            restart=min(size, 50), maxiter=20)
        d[free] = solution
        return d
    D = game.projection_jacobian(x + F)
    if D is None:
        return None
    if not isinstance(J_F, np.ndarray):
        J_F = J_F.matmat(np.eye(game.dim))
    eye = np.eye(game.dim)
    return _solve_dense(eye - D @ (eye + J_F), -r)


def _solve_dense(J: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    try:
        return np.linalg.solve(J, rhs)
    except np.linalg.LinAlgError:
        return np.linalg.lstsq(J, rhs, rcond=None)[0]


def _newton_refine(game: ContinuousGame, x: np.ndarray, *, target: float, max_iter: int) -> tuple[np.ndarray, int]:
    """Semismooth Newton on the natural residual, with backtracking on its norm."""
    F = game.pseudo_gradient(x)
    r = _residual(game, x, F)
    norm = float(np.linalg.norm(r))
    for k in range(max_iter):
        if float(np.abs(r).max()) <= target:
            return x, k
        d = _newton_direction(game, x, F, r)
        if d is None or not np.all(np.isfinite(d)):
            return x, k
        t = 1.0
        while t > 1e-6:
            trial = game.project(x + t * d)
            F_trial = game.pseudo_gradient(trial)
            r_trial = _residual(game, trial, F_trial)
            if float(np.linalg.norm(r_trial)) < (1 - 1e-4 * t) * norm:
                break
            t *= 0.5
        else:
            return x, k  # no decrease: the first-order point stands
        x, F, r = trial, F_trial, r_trial
        norm = float(np.linalg.norm(r))
    return x, max_iter


def _box_bounds(game: ContinuousGame) -> list[tuple[float | None, float | None]]:
    lo = [None if not np.isfinite(v) else float(v) for v in game._lower]
    hi = [None if not np.isfinite(v) else float(v) for v in game._upper]
    return list(zip(lo, hi))


def _best_response_values_boxes(game: ContinuousGame, x: np.ndarray, starts: list[np.ndarray]) -> np.ndarray:
    """Best deviation payoff of every player at once: the deviation problems are separable."""
    from scipy.optimize import minimize

    best = game.deviation_payoffs(x, x)
    bounds = _box_bounds(game)
    for y0 in starts:
        res = minimize(lambda y: -float(game.deviation_payoffs(y, x).sum()), y0,
                       jac=lambda y: -game.deviation_gradient(y, x), method="L-BFGS-B", bounds=bounds,
                       options={"ftol": 1e-15, "gtol": 1e-12, "maxiter": 2000})
        best = np.maximum(best, game.deviation_payoffs(game.project(res.x), x))
    return best


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


def best_response_regrets(
    game: ContinuousGame,
    profile: Any,
    *,
    starts: int = 3,
    seed: int | np.random.Generator | None = 0,
) -> np.ndarray:
    """Each player's regret at ``profile``, by solving its best-response problem numerically.

    :math:`\\rho_i = \\max(0, \\max_{y_i \\in X_i} u_i(y_i, x_{-i}) - u_i(x))`, the inner maximum
    searched with scipy from the current action and ``starts`` random points of :math:`X_i`.
    Exact when :math:`u_i` is concave in :math:`x_i`, a lower bound otherwise.  Games whose
    sets are all boxes are searched for all players in one separable problem.

    Examples
    --------
    >>> import coordgame as cg
    >>> g = cg.games.cournot(10, 1, [1, 1])
    >>> cg.solvers.best_response_regrets(g, [3, 3]).round(9).tolist(), cg.solvers.best_response_regrets(g, [1, 1]).tolist()
    ([0.0, 0.0], [9.0, 9.0])
    """
    game = _check_game(game)
    x = game.as_profile(profile)
    starts = positive_int(starts, "starts", minimum=0)
    rng = as_generator(seed)
    current = game.payoffs(x)
    initial = [x] + [game.sample(rng, x) for _ in range(starts)]
    if game.all_boxes:
        best = _best_response_values_boxes(game, x, initial)
    else:
        best = current.copy()
        for i, action_set in enumerate(game.action_sets):
            value, grad = _player_objective(game, x, i)
            for y0 in initial:
                yi = _maximize_on_set(action_set, value, grad, game.split(y0)[i].copy())
                best[i] = max(best[i], value(yi))
    return np.maximum(best - current, 0.0)


def _verified(game: ContinuousGame, x: np.ndarray, *, method: str, tol: float, iterations: int, newton: int,
              starts: int, seed: Any, require_convergence: bool, notes: tuple[str, ...] = ()) -> ContinuousEquilibrium:
    payoffs = game.payoffs(x)
    regrets = best_response_regrets(game, x, starts=starts, seed=seed)
    threshold = tol * max(1.0, float(np.abs(payoffs).max()))
    regret = float(regrets.max())
    converged = regret <= threshold
    residual = float(np.abs(_residual(game, x, game.pseudo_gradient(x))).max())
    notes = (*notes, "regret found by multi-start best-response search: exact for payoffs concave in own action, "
             "a lower bound otherwise")
    if not converged:
        notes = (*notes, f"not converged: regret {regret:.3g} exceeds tolerance {threshold:.3g}")
        if require_convergence:
            raise ConvergenceError(f"{method}: regret {regret:.3g} exceeds tolerance {threshold:.3g} "
                                   f"after {iterations} iterations (residual {residual:.3g})")
    return ContinuousEquilibrium(profile=x, strategies=game.split(x), payoffs=payoffs, regret=regret, regrets=regrets,
                                 residual=residual, tol=threshold, converged=converged, iterations=iterations,
                                 newton_iterations=newton, method=method, notes=notes)


def _solve_vi(game: ContinuousGame, x: np.ndarray, *, tol: float, max_iter: int, refine: bool) -> tuple[np.ndarray, int, int]:
    scale = max(1.0, float(np.abs(x).max()))
    final_target = 1e-2 * tol * scale
    can_refine = refine and game.projection_jacobian(x + game.pseudo_gradient(x)) is not None
    if not can_refine:
        return (*_forward_backward_forward(game, x, target=final_target, max_iter=max_iter), 0)
    # The first-order method only has to reach the basin of fast Newton convergence; when Newton
    # stalls (non-smooth point, singular Jacobian) it continues to a tighter target and retries.
    iterations = newton = 0
    for target in (1e-1, 1e-3, 1e-5, 1e-7, final_target / scale):
        x, used = _forward_backward_forward(game, x, target=max(target, tol) * scale, max_iter=max_iter - iterations)
        iterations += used
        x, steps = _newton_refine(game, x, target=1e-14 * scale, max_iter=50)
        newton += steps
        if float(np.abs(_residual(game, x, game.pseudo_gradient(x))).max()) <= final_target or iterations >= max_iter:
            break
    if float(np.abs(_residual(game, x, game.pseudo_gradient(x))).max()) > final_target and iterations < max_iter:
        x, used = _forward_backward_forward(game, x, target=final_target, max_iter=max_iter - iterations)
        iterations += used
    return x, iterations, newton


# --------------------------------------------------------------------------- solvers
@checked_arguments
def continuous_nash(
    game: ContinuousGame,
    x0: Any = None,
    *,
    tol: float = CONTINUOUS_TOL,
    max_iter: int = 20_000,
    refine: bool = True,
    starts: int = 3,
    seed: int | np.random.Generator | None = 0,
    require_convergence: bool = False,
) -> ContinuousEquilibrium:
    """A Nash equilibrium of a continuous game by a variational-inequality method, verified.

    Parameters
    ----------
    game : ContinuousGame
    x0 : array_like, optional
        Starting profile (projected onto the action sets); default ``game.center()``.
    tol : float, default 1e-8
        Relative regret tolerance: converged when every player's best-response regret is at most
        ``tol * max(1, max_i |u_i(x)|)``.
    max_iter : int, default 20000
        Budget of the first-order (forward–backward–forward) phase.
    refine : bool, default True
        Run the semismooth Newton refinement (boxes and simplices).
    starts : int, default 3
        Random starts (besides the current action) of each best-response search.
    seed : int or Generator, default 0
        For the random starts of the verification.
    require_convergence : bool, default False
        Raise :class:`~coordgame.errors.ConvergenceError` instead of returning an unconverged result.

    Returns
    -------
    ContinuousEquilibrium
        ``converged`` says whether the profile passed verification; a failure is reported in
        ``notes``, never hidden.

    Examples
    --------
    >>> import coordgame as cg
    >>> eq = cg.continuous_nash(cg.games.cournot(12, 1, [1, 2, 8]))  # the 8-cost firm stays out
    >>> eq.converged, eq.profile.round(8).tolist()
    (True, [4.0, 3.0, 0.0])
    """
    game = _check_game(game)
    tol = positive_float(tol, "tol")
    max_iter = positive_int(max_iter, "max_iter")
    x = _start(game, x0)
    x, iterations, newton = _solve_vi(game, x, tol=tol, max_iter=max_iter, refine=refine)
    method = "fbf+newton" if newton else "fbf"
    return _verified(game, x, method=method, tol=tol, iterations=iterations, newton=newton, starts=starts, seed=seed,
                     require_convergence=require_convergence)


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
    residual = float(np.abs(_residual(game, x, g)).max())
    return _Search(x, float(value(x)), residual, float(np.abs(g).max()), 1, stop, method)


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


@checked_arguments
def potential_nash(
    game: ContinuousGame,
    x0: Any = None,
    *,
    use_cvxpy: bool | None = None,
    refine: bool = True,
    tol: float = CONTINUOUS_TOL,
    starts: int = 3,
    seed: int | np.random.Generator | None = 0,
    require_convergence: bool = False,
) -> ContinuousEquilibrium:
    """A Nash equilibrium of a potential game: a maximiser of the potential, verified.

    Every maximiser of an exact potential :math:`\\Phi` over :math:`X` is a Nash equilibrium
    (Monderer & Shapley 1996); when :math:`\\Phi` is concave the maximisation is a convex problem.

    Parameters
    ----------
    game : ContinuousGame
        Must supply ``potential`` (callable) or ``cvxpy_potential``.
    x0 : array_like, optional
        Start of the scipy maximisation (default ``game.center()``).
    use_cvxpy : bool, optional
        Default: cvxpy when the game supplies ``cvxpy_potential``.
    refine : bool, default True
        Polish the maximiser with the Newton step of :func:`continuous_nash` (solver accuracy
        of cvxpy is about 1e-8).
    tol, starts, seed, require_convergence :
        As in :func:`continuous_nash`.

    Examples
    --------
    >>> import coordgame as cg
    >>> eq = cg.solvers.potential_nash(cg.games.team_effort(4, productivity=2.0, cost=1.0))
    >>> eq.converged, eq.profile.round(8).tolist()  # a / (n c)
    (True, [0.5, 0.5, 0.5, 0.5])
    """
    game = _check_game(game)
    tol = positive_float(tol, "tol")
    if use_cvxpy is None:
        use_cvxpy = game.cvxpy_potential is not None
    if use_cvxpy and game.cvxpy_potential is None:
        raise UnsupportedGameError("use_cvxpy=True needs a game built with cvxpy_potential=")
    if not use_cvxpy and game.potential is None:
        raise UnsupportedGameError("potential_nash needs a game built with potential= or cvxpy_potential=")
    if use_cvxpy:
        x, method = _cvxpy_maximize(game, game.cvxpy_potential), "potential[cvxpy]"
    else:
        search = _maximize(game, game.potential, game.potential_gradient, _start(game, x0))
        x, method = search.x, "potential[scipy]"
    newton = 0
    if refine and game.projection_jacobian(x + game.pseudo_gradient(x)) is not None:
        x, newton = _newton_refine(game, x, target=1e-14 * max(1.0, float(np.abs(x).max())), max_iter=50)
    return _verified(game, x, method=method + ("+newton" if newton else ""), tol=tol, iterations=0, newton=newton,
                     starts=starts, seed=seed, require_convergence=require_convergence)


@checked_arguments
def planner_optimum(
    game: ContinuousGame,
    *,
    weights: Any = None,
    welfare: Callable[[np.ndarray], float] | None = None,
    welfare_gradient: Callable[[np.ndarray], Any] | None = None,
    x0: Any = None,
    starts: int | None = None,
    seed: int | np.random.Generator | None = 0,
    tol: float = 1e-6,
) -> ContinuousOptimum:
    """The central planner's optimum: maximise welfare over the same action sets.

    **Method.**  The welfare gradient is the game's analytic one (``welfare_gradient`` of
    :class:`~coordgame.ContinuousGame`, supplied by :func:`~coordgame.games.cournot`,
    :func:`~coordgame.games.public_good_game` and :func:`~coordgame.games.team_effort`), else
    finite differences of the payoffs (batched when the game is vectorised), or for a custom
    ``welfare`` the given ``welfare_gradient``, else finite differences of ``welfare``
    (:math:`2D` calls per gradient: give the gradient for large games); the differences are
    central, and one-sided at an active bound, so the welfare is only evaluated on :math:`X`.  On boxes the welfare is
    maximised by L-BFGS-B with the exact bounds, restarted from its own result while the residual
    is above target and the welfare still rises (a concave welfare that is not strictly concave,
    such as the joint profit of a Cournot market, which puts all output on the cheapest firm, has
    flat directions on which a single run stalls); mixed box/simplex sets use SLSQP, other convex
    sets projected gradient ascent.

    **Certificate.**  ``converged`` means that (a) the projected-gradient residual
    :math:`\\|x - \\Pi_X(x + \\nabla W(x))\\|_\\infty` (on boxes computed as
    :math:`\\|\\mathrm{clip}(\\nabla W, l - x, u - x)\\|_\\infty`, which does not cancel at a huge
    :math:`x`) is at most ``tol * max(1, max |∇W(x)|)``, (b) the search did not stop on its
    iteration budget, and (c) the welfare is finite: ``x`` is then a stationary point of the
    welfare on :math:`X`.  When the welfare is concave (as the utilitarian welfare of the Cournot,
    public-good and team games is) a stationary point is a global maximum, so the optimum is
    exact up to that residual; otherwise it is the best stationary point found from the starts.
    Whenever ``converged`` is False, ``notes`` say which condition failed (a NaN residual
    included); an unbounded welfare shows as a residual that does not vanish at a huge profile.

    Parameters
    ----------
    game : ContinuousGame
    weights : array_like, optional
        Welfare weights :math:`w_i` of :math:`\\sum_i w_i u_i(x)` (default all ones).
    welfare : callable, optional
        Any welfare ``welfare(x) -> float`` of the flat profile instead (e.g. total surplus
        including consumers); then ``weights`` must be None.
    welfare_gradient : callable, optional
        Its gradient ``welfare_gradient(x) -> (D,)``; default as described under *Method*.
    x0 : array_like, optional
        A starting profile, used in addition to ``game.center()`` and ``starts`` random ones.
    starts : int, optional
        Random starts besides ``game.center()`` and ``x0``; each is a full local optimisation.
        Default 4 for games of dimension up to 100, else 0 (for a concave welfare one start is
        enough; large non-concave problems need an explicit choice).
    seed : int or Generator, default 0
    tol : float, default 1e-6
        ``converged`` requires the projected-gradient residual to be at most
        ``tol * max(1, max |∇W(x)|)`` (relative to the gradient's scale); a larger residual is
        reported in ``notes``.

    Examples
    --------
    >>> import coordgame as cg
    >>> opt = cg.solvers.planner_optimum(cg.games.team_effort(4, productivity=2.0, cost=1.0))
    >>> opt.profile.round(6).tolist(), round(opt.welfare, 6)  # efficient effort a / c
    ([2.0, 2.0, 2.0, 2.0], 8.0)
    >>> opt = cg.solvers.planner_optimum(cg.games.cournot(12, 1, [1, 2, 8]))  # joint profit: a monopoly of firm 1
    >>> opt.converged, opt.profile.round(8).tolist(), round(opt.welfare, 8)  # (a - c_min) / 2b, (a - c_min)^2 / 4b
    (True, [5.5, 0.0, 0.0], 30.25)
    """
    game = _check_game(game)
    starts = (4 if game.dim <= 100 else 0) if starts is None else positive_int(starts, "starts", minimum=0)
    tol = positive_float(tol, "tol")
    rng = as_generator(seed)
    if welfare is not None and weights is not None:
        raise InvalidArgumentError("weights: give either weights or a welfare callable, not both")
    if welfare_gradient is not None and not callable(welfare_gradient):
        raise InvalidArgumentError(f"welfare_gradient: expected a callable, got {type(welfare_gradient).__name__}")
    if welfare is None:
        w = np.ones(game.num_players) if weights is None else np.asarray(weights, dtype=float)
        if w.shape != (game.num_players,) or not np.all(np.isfinite(w)):
            raise InvalidArgumentError(f"weights: expected {game.num_players} finite numbers, got {weights!r}")

        def welfare(x: np.ndarray) -> float:
            return float(w @ game.payoffs(x))

        if welfare_gradient is None:
            def welfare_gradient(x: np.ndarray) -> np.ndarray:
                return game.welfare_gradient(x, w)
    elif not callable(welfare):
        raise InvalidArgumentError(f"welfare: expected a callable, got {type(welfare).__name__}")
    if welfare_gradient is None:
        welfare_gradient = _fd_gradient(game, welfare)
    candidates = [game.center()] + ([] if x0 is None else [_start(game, x0)])
    candidates += [game.sample(rng, candidates[-1]) for _ in range(starts)]
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
