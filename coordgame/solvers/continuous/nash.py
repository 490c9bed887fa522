r"""Nash equilibria of continuous games: the variational-inequality solver, the potential maximiser and the
best-response verification."""

from __future__ import annotations

from typing import Any

import numpy as np

from coordgame._arguments import checked_arguments
from coordgame._checks import as_generator, positive_float, positive_int
from coordgame.errors import ConvergenceError, UnsupportedGameError
from coordgame.games.continuous import ContinuousGame
from coordgame.solvers.continuous._common import CONTINUOUS_TOL, ContinuousEquilibrium, _check_game, _residual, _start
from coordgame.solvers.continuous._optimize import _box_bounds, _cvxpy_maximize, _maximize, _maximize_on_set, _player_objective

__all__ = ["continuous_nash", "potential_nash", "best_response_regrets"]


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


def best_response_regrets(
    game: ContinuousGame,
    profile: Any,
    *,
    num_random_starts: int = 3,
    seed: int | np.random.Generator | None = 0,
) -> np.ndarray:
    """Each player's regret at ``profile``, by solving its best-response problem numerically.

    :math:`\\rho_i = \\max(0, \\max_{y_i \\in X_i} u_i(y_i, x_{-i}) - u_i(x))`, the inner maximum
    searched with scipy from the current action and ``num_random_starts`` random points of :math:`X_i`.
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
    num_random_starts = positive_int(num_random_starts, "num_random_starts", minimum=0)
    rng = as_generator(seed)
    current = game.payoffs(x)
    initial = [x] + [game.sample(rng, x) for _ in range(num_random_starts)]
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
              num_random_starts: int, seed: Any, require_convergence: bool, notes: tuple[str, ...] = ()) -> ContinuousEquilibrium:
    payoffs = game.payoffs(x)
    regrets = best_response_regrets(game, x, num_random_starts=num_random_starts, seed=seed)
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
    initial: Any = None,
    *,
    tol: float = CONTINUOUS_TOL,
    max_iter: int = 20_000,
    refine: bool = True,
    num_random_starts: int = 3,
    seed: int | np.random.Generator | None = 0,
    require_convergence: bool = False,
) -> ContinuousEquilibrium:
    """A Nash equilibrium of a continuous game by a variational-inequality method, verified.

    Parameters
    ----------
    game : ContinuousGame
    initial : array_like, optional
        Starting profile (projected onto the action sets); default ``game.center()``.
    tol : float, default 1e-8
        Relative regret tolerance: converged when every player's best-response regret is at most
        ``tol * max(1, max_i |u_i(x)|)``.
    max_iter : int, default 20000
        Budget of the first-order (forward–backward–forward) phase.
    refine : bool, default True
        Run the semismooth Newton refinement (boxes and simplices).
    num_random_starts : int, default 3
        Random starts (besides the current action) of each best-response search.
    seed : int or Generator, default 0
        For the random starts of the verification.
    require_convergence : bool, default False
        Raise :class:`~coordgame.ConvergenceError` instead of returning an unconverged result.

    Returns
    -------
    ContinuousEquilibrium
        ``converged`` says whether the profile passed verification; a failure is reported in
        ``notes``, never hidden.

    Examples
    --------
    >>> import coordgame as cg
    >>> eq = cg.solvers.continuous_nash(cg.games.cournot(12, 1, [1, 2, 8]))  # the 8-cost firm stays out
    >>> eq.converged, eq.profile.round(8).tolist()
    (True, [4.0, 3.0, 0.0])
    """
    game = _check_game(game)
    tol = positive_float(tol, "tol")
    max_iter = positive_int(max_iter, "max_iter")
    x = _start(game, initial)
    x, iterations, newton = _solve_vi(game, x, tol=tol, max_iter=max_iter, refine=refine)
    method = "fbf+newton" if newton else "fbf"
    return _verified(game, x, method=method, tol=tol, iterations=iterations, newton=newton,
                     num_random_starts=num_random_starts, seed=seed, require_convergence=require_convergence)


@checked_arguments
def potential_nash(
    game: ContinuousGame,
    initial: Any = None,
    *,
    use_cvxpy: bool | None = None,
    refine: bool = True,
    tol: float = CONTINUOUS_TOL,
    num_random_starts: int = 3,
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
    initial : array_like, optional
        Start of the scipy maximisation (default ``game.center()``).
    use_cvxpy : bool, optional
        Default: cvxpy when the game supplies ``cvxpy_potential``.
    refine : bool, default True
        Polish the maximiser with the Newton step of :func:`continuous_nash` (solver accuracy
        of cvxpy is about 1e-8).
    tol, num_random_starts, seed, require_convergence :
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
        search = _maximize(game, game.potential, game.potential_gradient, _start(game, initial))
        x, method = search.x, "potential[scipy]"
    newton = 0
    if refine and game.projection_jacobian(x + game.pseudo_gradient(x)) is not None:
        x, newton = _newton_refine(game, x, target=1e-14 * max(1.0, float(np.abs(x).max())), max_iter=50)
    return _verified(game, x, method=method + ("+newton" if newton else ""), tol=tol, iterations=0, newton=newton,
                     num_random_starts=num_random_starts, seed=seed, require_convergence=require_convergence)
