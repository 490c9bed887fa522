r"""Replicator dynamics (Taylor & Jonker 1978), one- or multi-population."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from coordgame._arguments import checked_arguments
from coordgame._checks import one_of, positive_float, positive_int
from coordgame.equilibrium import verify
from coordgame.errors import InvalidArgumentError, InvalidGameError, UnsupportedGameError
from coordgame.games.normal_form import NormalFormGame
from coordgame.solvers.dynamics._common import DynamicsResult, _check_game

__all__ = ["replicator_dynamics"]


def _symmetric_matrix(game: NormalFormGame | Any) -> np.ndarray:
    if isinstance(game, NormalFormGame):
        if game.num_players != 2 or game.num_actions[0] != game.num_actions[1]:
            raise UnsupportedGameError("population='single' needs a symmetric two-player game (square payoff matrices)")
        A, B = game.payoffs
        if not np.allclose(B, A.T, rtol=0, atol=1e-12 * game.payoff_scale):
            raise UnsupportedGameError("population='single' needs a symmetric game: player 2's payoffs must be A transposed")
        return np.array(A)
    A = np.asarray(game, dtype=float)
    if A.ndim != 2 or A.shape[0] != A.shape[1] or A.shape[0] == 0 or not np.all(np.isfinite(A)):
        raise InvalidGameError(f"game: expected a NormalFormGame or a finite square payoff matrix, got shape {A.shape}")
    return A


def _initial_mixed(sizes: Sequence[int], initial: Sequence[Any] | None, validate) -> list[np.ndarray]:
    if initial is None:
        return [np.full(k, 1.0 / k) for k in sizes]
    return [np.asarray(s, dtype=float) for s in validate(initial)]


def _integrate(rhs, x0: np.ndarray, times: np.ndarray, *, method: str | type, rtol: float,
               atol: float) -> tuple[np.ndarray, np.ndarray, int, str | None]:
    """The path at ``times`` (rows), the times reached, the RHS evaluations and a failure message (None if fine)."""
    if method != "odeint":
        from scipy.integrate import solve_ivp

        sol = solve_ivp(rhs, (0.0, float(times[-1])), x0, method=method, t_eval=times, rtol=rtol, atol=atol)
        return sol.y.T, sol.t, int(sol.nfev), None if sol.success else str(sol.message)
    import warnings

    from scipy.integrate import odeint

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a failure is reported through the message below
        path, info = odeint(lambda x, t: rhs(t, x), x0, times, rtol=rtol, atol=atol, mxstep=100_000,
                            full_output=True)
    if info["message"] == "Integration successful.":
        return path, times, int(info["nfe"][-1]), None
    # Rows after a failure are not states: keep the leading ones whose time was reached.
    reached = np.asarray(info["tcur"]) >= times[1:]
    done = 1 + (int(np.argmin(reached)) if not reached.all() else reached.size)
    return path[:done], times[:done], int(np.max(info["nfe"][:done], initial=0)), str(info["message"])


_IVP_METHODS = ("DOP853", "RK45", "RK23", "Radau", "BDF", "LSODA")


def _check_integrator(method: Any) -> None:
    """A solve_ivp method name or OdeSolver subclass, or "odeint"; else InvalidArgumentError naming ``method``."""
    if isinstance(method, type):
        from scipy.integrate import OdeSolver

        if issubclass(method, OdeSolver):
            return
        raise InvalidArgumentError(f"method: expected a scipy.integrate.OdeSolver subclass, got {method.__name__}")
    if not isinstance(method, str):
        raise InvalidArgumentError(f"method: expected a solve_ivp method name, an OdeSolver subclass or 'odeint', got {method!r}")
    one_of(method, "method", (*_IVP_METHODS, "odeint"))


@checked_arguments
def replicator_dynamics(
    game: NormalFormGame | Any,
    initial: Sequence[Any] | None = None,
    *,
    population: str = "multi",
    t_max: float = 100.0,
    num_points: int = 201,
    tol: float = 1e-6,
    rtol: float = 1e-8,
    atol: float = 1e-10,
    method: str | type = "DOP853",
) -> DynamicsResult:
    """Replicator dynamics, one-population (symmetric game) or multi-population (N players).

    Parameters
    ----------
    game : NormalFormGame or array_like
        For ``population="multi"`` any finite game.  For ``population="single"`` a symmetric
        two-player game (``B = A.T``) or directly the square payoff matrix ``A``.
    initial : optional
        Starting state: a profile (multi; pure indices or probability vectors) or one probability
        vector (single).  Default: the uniform (barycentre) state.  A pure start is a rest point.
    population : {"multi", "single"}
    t_max : float, default 100
        Integration horizon.
    num_points : int, default 201
        Number of equally spaced recorded times in ``[0, t_max]``.
    tol : float, default 1e-6
        Relative tolerance (times the payoff scale): the state counts as a rest point when
        :math:`\\|\\dot x\\|_\\infty \\le` ``tol * scale``, and is returned as an equilibrium when
        its regret is within ``tol * scale``.
    rtol, atol : float, default 1e-8, 1e-10
        Relative and absolute error tolerances of each integration step, passed to the integrator.
    method : str or OdeSolver subclass, default "DOP853"
        A ``scipy.integrate.solve_ivp`` method: a name (``"DOP853"``, an explicit Runge-Kutta
        method of order 8, suits the smooth, rarely stiff replicator systems; ``"LSODA"``, ``"BDF"``
        or ``"Radau"`` suit stiff ones) or an ``OdeSolver`` subclass; or ``"odeint"`` for
        ``scipy.integrate.odeint`` (LSODA with automatic stiffness switching, its stepping loop in
        compiled code).

    Returns
    -------
    DynamicsResult
        ``converged`` means a rest point was reached by ``t_max``; ``max_regret`` says whether it
        is a Nash equilibrium (boundary rest points need not be).

    Examples
    --------
    >>> import numpy as np
    >>> import coordgame as cg
    >>> rps = np.array([[0, -1, 2], [2, 0, -1], [-1, 2, 0]])  # winning pays more than losing costs
    >>> r = cg.solvers.replicator_dynamics(rps, [0.6, 0.3, 0.1], population="single", t_max=200)
    >>> r.converged, r.final[0].round(4).tolist()
    (True, [0.3333, 0.3333, 0.3333])
    """
    one_of(population, "population", ("multi", "single"))
    _check_integrator(method)
    t_max = positive_float(t_max, "t_max")
    num_points = positive_int(num_points, "num_points", minimum=2)
    positive_float(tol, "tol", allow_zero=True)
    if population == "single":
        A = _symmetric_matrix(game)
        sym = NormalFormGame.from_bimatrix(A, A.T)
        sizes = (A.shape[0],)

        def validate(x):
            return sym.as_mixed_profile([x, x])[:1]

        def rhs(_t, x):
            fitness = A @ x
            return x * (fitness - x @ fitness)

        def regret_of(states):
            return sym.max_regret([states[0], states[0]])

        scale = max(1.0, float(np.abs(A).max()))
        check_game = sym
    else:
        check_game = _check_game(game)
        sizes = check_game.num_actions
        splits = np.cumsum(sizes)[:-1]
        validate = check_game.as_mixed_profile

        def rhs(_t, x):
            mixed = tuple(np.split(x, splits))
            parts = []
            for i, s in enumerate(mixed):
                v = check_game._action_values(mixed, i)
                parts.append(s * (v - v @ s))
            return np.concatenate(parts)

        def regret_of(states):
            return check_game.max_regret(states)

        scale = check_game.payoff_scale
    x0 = np.concatenate(_initial_mixed(sizes, initial, validate))
    times = np.linspace(0.0, t_max, num_points)
    path, reached, nfev, failure = _integrate(rhs, x0, times, method=method, rtol=rtol, atol=atol)
    path = np.clip(path, 0.0, None)
    strategies = tuple(part / part.sum(axis=1, keepdims=True) for part in np.split(path, np.cumsum(sizes)[:-1], axis=1))
    final = tuple(s[-1] for s in strategies)
    speed = float(np.abs(rhs(t_max, np.concatenate(final))).max())
    regret = float(regret_of(final))
    converged = failure is None and speed <= tol * scale
    equilibrium = None
    if converged and regret <= tol * scale:
        profile = [final[0], final[0]] if population == "single" else list(final)
        equilibrium = verify(check_game, profile, method=f"replicator_dynamics[{population}]", tol=tol)
    notes = () if failure is None else (f"{'odeint' if method == 'odeint' else 'solve_ivp'} failed: {failure}",)
    if not isinstance(method, str):
        method = method.__name__
    return DynamicsResult(
        method=f"replicator_dynamics[{population}]",
        strategies=strategies,
        times=reached,
        converged=converged,
        iterations=nfev,
        max_regret=regret,
        distance=speed,
        equilibrium=equilibrium,
        parameters={"population": population, "t_max": t_max, "tol": tol, "rtol": rtol, "atol": atol, "method": method},
        notes=notes,
    )
