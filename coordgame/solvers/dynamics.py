r"""Learning and evolutionary dynamics on finite N-player games.

Each function simulates one adjustment process and returns a :class:`DynamicsResult` holding the
path (plain numpy arrays) and convergence diagnostics.  With :math:`v_i(k, \sigma_{-i})` the value
of player *i*'s pure action *k* against the others' strategies (see
:mod:`coordgame.games.normal_form`):

* **Best-response dynamics** over pure profiles.  A player whose current action is not a best
  response switches to its lowest-index best response; *simultaneous* moves every such player at
  once, *sequential* lets one player revise per step (round-robin or uniformly random order).  A
  profile from which nobody moves is a pure Nash equilibrium and is returned verified.  Revisiting
  a profile after strict improvements exhibits a best-response cycle; in a finite (generalised
  ordinal) potential game no such cycle exists (Monderer & Shapley 1996), so sequential dynamics
  reach a pure equilibrium.
* **Fictitious play** (Brown 1951): every period each player best-responds to the product of the
  opponents' empirical action frequencies.  Empirical frequencies converge to Nash equilibrium in
  two-player zero-sum games (Robinson 1951), 2×2 games (Miyasawa 1961) and potential games
  (Monderer & Shapley 1996), but may cycle in general (Shapley 1964).
* **Replicator dynamics** (Taylor & Jonker 1978), integrated with ``scipy.integrate.solve_ivp``
  or, on request, ``scipy.integrate.odeint``.
  One population playing the symmetric game with matrix :math:`A`:
  :math:`\dot x_k = x_k\,((Ax)_k - x^\top A x)`; multi-population (one population per player):
  :math:`\dot\sigma_{i,k} = \sigma_{i,k}\,(v_i(k, \sigma_{-i}) - U_i(\sigma))`.  Interior rest
  points are Nash equilibria; boundary rest points need not be (the folk theorem of evolutionary
  game theory, Hofbauer & Sigmund 1998, Thm. 7.2.1), so the result reports the regret of the state
  it stopped at.
* **Logit dynamics** (Blume 1993): each step one uniformly chosen player revises, choosing action
  *k* with probability :math:`\propto \exp(\beta\, u_i(k, a_{-i}))`.  The process is an ergodic
  Markov chain; in a potential game with potential :math:`\Phi` its stationary distribution is
  the Gibbs measure :math:`\propto \exp(\beta \Phi(a))`.  The result reports the empirical
  occupation distribution over profiles.
* **Regret matching** (Hart & Mas-Colell 2000).  *Unconditional*: each player plays action *k*
  with probability proportional to the positive part of its average regret for not having always
  played *k*; the empirical joint distribution of play converges to the coarse correlated
  equilibrium (Hannan) set.  *Conditional*: having played *j*, a player switches to *k* with
  probability :math:`R_t(j, k)^+ / \mu` (stays otherwise); the empirical joint distribution
  converges to the correlated equilibrium set.  The result reports that distribution and its
  CCE and CE violations computed from the payoffs by :func:`cce_violation` / :func:`ce_violation`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from coordgame._arguments import checked_arguments
from coordgame._checks import as_generator, one_of, positive_float, positive_int
from coordgame.equilibrium import DEFAULT_TOL, Equilibrium, verify
from coordgame.errors import InvalidArgumentError, InvalidGameError, InvalidProfileError, UnsupportedGameError
from coordgame.games.normal_form import NormalFormGame, as_game
from coordgame.results import Result, Verification

__all__ = [
    "DynamicsResult",
    "best_response_dynamics",
    "fictitious_play",
    "replicator_dynamics",
    "logit_dynamics",
    "regret_matching",
    "cce_violation",
    "ce_violation",
]


@dataclass(frozen=True, eq=False)
class DynamicsResult(Result):
    """The path of a learning dynamic and its convergence diagnostics.

    Attributes
    ----------
    method : str
        The dynamic that produced it.
    strategies : tuple of ndarray
        One array of shape ``(T + 1, n_i)`` per player (per population): the state after each
        recorded step — pure actions one-hot, empirical frequencies (fictitious play) or
        population shares (replicator).  For one-population replicator dynamics there is one array.
    times : ndarray
        Step numbers (discrete dynamics) or ODE times (replicator) of the recorded states.
    converged : bool
        Whether the dynamic met its stopping criterion (see each function).
    iterations : int
        Steps taken (revision opportunities, periods, or ODE right-hand-side evaluations).
    max_regret : float
        Largest regret (absolute) of any player at the final state, as a mixed profile.
    distance : float
        Size of the last change of the state (max-norm); for replicator dynamics the speed
        :math:`\\|\\dot x\\|_\\infty` at the final state.
    cycle_detected : bool
        Best-response dynamics: whether a profile was revisited after strict improvements.
    profiles : ndarray, optional
        ``(T + 1, N)`` pure profiles played (best-response, logit, regret matching).
    cycle : ndarray, optional
        The profiles forming the detected cycle, in order.
    equilibrium : Equilibrium, optional
        The final state verified as a Nash equilibrium (only when it passes :func:`verify`).
    joint_distribution : ndarray, optional
        Empirical distribution over pure profiles, shape ``(n_1, ..., n_N)`` (logit dynamics,
        regret matching).
    cce_violation, ce_violation : float, optional
        For regret matching: the joint distribution's largest coarse correlated / correlated
        equilibrium constraint violation (absolute payoff units).
    parameters : dict
        The arguments the dynamic ran with.
    notes : tuple of str
    """

    method: str
    strategies: tuple[np.ndarray, ...]
    times: np.ndarray
    converged: bool
    iterations: int
    max_regret: float
    distance: float
    cycle_detected: bool = False
    profiles: np.ndarray | None = None
    cycle: np.ndarray | None = None
    equilibrium: Equilibrium | None = None
    joint_distribution: np.ndarray | None = None
    cce_violation: float | None = None
    ce_violation: float | None = None
    parameters: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    @property
    def verification(self) -> Verification:
        """The final state's largest regret, passed when it was verified as an equilibrium."""
        tol = None if self.equilibrium is None else self.equilibrium.tol
        return Verification("regret", self.max_regret, tol, self.equilibrium is not None)

    @property
    def final(self) -> tuple[np.ndarray, ...]:
        """The final state: one probability vector per player (population)."""
        return tuple(s[-1].copy() for s in self.strategies)

    def __repr__(self) -> str:
        final = ", ".join(np.array2string(s, precision=4, separator=", ") for s in self.final)
        extra = ", cycle detected" if self.cycle_detected else ""
        return (f"DynamicsResult({self.method!r}, converged={self.converged}, iterations={self.iterations}, "
                f"max_regret={self.max_regret:.3g}{extra}, final=({final}))")

    def _payload(self) -> dict[str, Any]:
        """The final state and diagnostics, not the whole path."""
        return {
            "method": self.method,
            "final": [s.tolist() for s in self.final],
            "converged": self.converged,
            "iterations": self.iterations,
            "max_regret": self.max_regret,
            "distance": self.distance,
            "cycle_detected": self.cycle_detected,
            "cycle": None if self.cycle is None else self.cycle.tolist(),
            "equilibrium": None if self.equilibrium is None else self.equilibrium.to_dict(),
            "cce_violation": self.cce_violation,
            "ce_violation": self.ce_violation,
            "parameters": dict(self.parameters),
            "notes": list(self.notes),
        }


# --------------------------------------------------------------------------- helpers
def _check_game(game: Any) -> NormalFormGame:
    return as_game(game)


def _initial_pure(game: NormalFormGame, initial: Sequence[int] | None, rng: np.random.Generator) -> tuple[int, ...]:
    if initial is None:
        return tuple(int(rng.integers(n)) for n in game.num_actions)
    return game.as_pure_profile(initial)


def _pure_values(payoffs: np.ndarray, profile: Sequence[int], i: int) -> np.ndarray:
    """Player ``i``'s payoff to each of its actions when the others play ``profile``."""
    index = (i, *profile[:i], slice(None), *profile[i + 1:])
    return payoffs[index]


def _one_hot_path(profiles: np.ndarray, num_actions: Sequence[int]) -> tuple[np.ndarray, ...]:
    return tuple(np.eye(n)[profiles[:, i]] for i, n in enumerate(num_actions))


def _try_verify(game: NormalFormGame, profile: Sequence[Any], method: str, tol: float) -> Equilibrium | None:
    if game.max_regret(profile) > tol * game.payoff_scale:
        return None
    return verify(game, profile, method=method, tol=tol)


# --------------------------------------------------------------------------- best-response dynamics
@checked_arguments
def best_response_dynamics(
    game: NormalFormGame,
    initial: Sequence[int] | None = None,
    *,
    mode: str = "sequential",
    order: str = "round_robin",
    max_iter: int = 10_000,
    tol: float = DEFAULT_TOL,
    seed: int | np.random.Generator | None = None,
) -> DynamicsResult:
    """Best-response dynamics over pure profiles, with cycle detection.

    A player revises only when its current action is not a best response (regret above
    ``tol * game.payoff_scale``), and then moves to its lowest-index best response.

    Parameters
    ----------
    game : NormalFormGame or array_like
        The game, or its payoffs: see :func:`coordgame.games.as_game`.
    initial : sequence of int, optional
        Starting pure profile (default: drawn uniformly with ``seed``).
    mode : {"sequential", "simultaneous"}
        One player revises per step, or every player with positive regret at once.
    order : {"round_robin", "random"}
        Sequential mode: who gets the revision opportunity (ignored when simultaneous).
    max_iter : int, default 10000
        Maximum number of steps (revision opportunities).
    tol : float, default 1e-9
        Relative regret tolerance (times ``game.payoff_scale``).
    seed : int or Generator, optional
        For the initial profile and the random order.

    Returns
    -------
    DynamicsResult
        ``converged`` is True when the dynamic stopped at a pure Nash equilibrium, which is then
        in ``equilibrium`` (verified).  ``cycle_detected`` is True when a profile was revisited
        after strict improvements; deterministic schedules (simultaneous, round-robin) then stop
        and ``cycle`` holds the profiles of the cycle; the random order keeps going (it may
        still leave the cycle).

    Examples
    --------
    >>> import coordgame as cg
    >>> r = cg.solvers.best_response_dynamics(cg.games.minimum_effort(3, efforts=4), initial=(3, 1, 2))
    >>> r.converged, r.equilibrium.pure_profile
    (True, (1, 1, 1))
    >>> r = cg.solvers.best_response_dynamics(cg.games.matching_pennies(), initial=(0, 0))
    >>> r.converged, r.cycle_detected, r.cycle.tolist()
    (False, True, [[0, 0], [0, 1], [1, 1], [1, 0]])
    """
    game = _check_game(game)
    one_of(mode, "mode", ("sequential", "simultaneous"))
    one_of(order, "order", ("round_robin", "random"))
    max_iter = positive_int(max_iter, "max_iter")
    positive_float(tol, "tol", allow_zero=True)
    rng = as_generator(seed)
    payoffs, n = game.payoffs, game.num_players
    atol = tol * game.payoff_scale
    profile = _initial_pure(game, initial, rng)
    deterministic = mode == "simultaneous" or order == "round_robin"

    def improvement(p: tuple[int, ...], i: int) -> int | None:
        values = _pure_values(payoffs, p, i)
        best = values.max()
        if values[p[i]] >= best - atol:
            return None
        return int(np.flatnonzero(values >= best - atol)[0])

    path = [profile]
    entered = {profile: 0}  # profile -> index in path where a move last entered it
    # Deterministic schedules repeat forever once their state (profile, next mover) repeats.
    states = {(profile, 0)}
    cycle = None
    cycle_detected = converged = False
    steps = 0
    for steps in range(1, max_iter + 1):
        if mode == "simultaneous":
            moves = {i: improvement(profile, i) for i in range(n)}
            moves = {i: a for i, a in moves.items() if a is not None}
            if not moves:
                converged = True
                break
            profile = tuple(moves.get(i, a) for i, a in enumerate(profile))
        else:
            i = (steps - 1) % n if order == "round_robin" else int(rng.integers(n))
            a = improvement(profile, i)
            if a is None:
                path.append(profile)
                if all(improvement(profile, j) is None for j in range(n)):
                    converged = True
                    break
                continue
            profile = (*profile[:i], a, *profile[i + 1:])
        path.append(profile)
        if profile in entered and cycle is None:
            cycle_detected = True
            start = entered[profile]
            segment = path[start:-1]
            cycle = np.array([p for k, p in enumerate(segment) if k == 0 or p != segment[k - 1]], dtype=np.int64)
        entered[profile] = len(path) - 1
        state = (profile, steps % n if mode == "sequential" else 0)
        if deterministic and state in states:
            break
        states.add(state)
    profiles = np.array(path, dtype=np.int64)
    final = tuple(int(a) for a in profiles[-1])
    equilibrium = _try_verify(game, final, "best_response_dynamics", tol) if converged else None
    return DynamicsResult(
        method="best_response_dynamics",
        strategies=_one_hot_path(profiles, game.num_actions),
        times=np.arange(len(profiles), dtype=float),
        converged=converged,
        iterations=steps,
        max_regret=game.max_regret(final),
        distance=float(np.any(profiles[-1] != profiles[-2])) if len(profiles) > 1 else 0.0,
        cycle_detected=cycle_detected,
        profiles=profiles,
        cycle=cycle,
        equilibrium=equilibrium,
        parameters={"mode": mode, "order": order, "max_iter": max_iter, "tol": tol, "initial": list(path[0])},
    )


# --------------------------------------------------------------------------- fictitious play
@checked_arguments
def fictitious_play(
    game: NormalFormGame,
    initial: Sequence[int] | None = None,
    *,
    max_iter: int = 10_000,
    tol: float = 1e-2,
    tie_break: str = "first",
    seed: int | np.random.Generator | None = None,
) -> DynamicsResult:
    """Discrete-time simultaneous fictitious play (Brown 1951), N players.

    Period 0 plays ``initial``; in every later period each player best-responds to the product
    of its opponents' empirical action frequencies so far.

    Parameters
    ----------
    game : NormalFormGame or array_like
        The game, or its payoffs: see :func:`coordgame.games.as_game`.
    initial : sequence of int, optional
        The period-0 pure profile (default: drawn uniformly with ``seed``).
    max_iter : int, default 10000
        Maximum number of periods after period 0.
    tol : float, default 1e-2
        Relative regret (times ``game.payoff_scale``) at which the empirical frequencies count
        as converged and the run stops.  Empirical frequencies approach equilibrium at rate
        about :math:`t^{-1/2}`, so tolerances far below ``1 / sqrt(max_iter)`` are not reached.
    tie_break : {"first", "random"}
        Among tied best responses take the lowest index, or one uniformly at random (``seed``).
    seed : int or Generator, optional

    Returns
    -------
    DynamicsResult
        ``strategies[i][t]`` is player *i*'s empirical frequency after period *t* and
        ``iterations`` the number of periods after period 0; ``max_regret``
        is the regret of the final empirical profile; ``equilibrium`` is set (verified at
        ``tol``) when it converged.

    Examples
    --------
    >>> import coordgame as cg
    >>> r = cg.solvers.fictitious_play(cg.games.matching_pennies(), initial=(0, 0), max_iter=20000, tol=1e-2)
    >>> r.converged, [s.round(1).tolist() for s in r.final]
    (True, [[0.5, 0.5], [0.5, 0.5]])
    """
    game = _check_game(game)
    max_iter = positive_int(max_iter, "max_iter")
    positive_float(tol, "tol", allow_zero=True)
    one_of(tie_break, "tie_break", ("first", "random"))
    rng = as_generator(seed)
    n, sizes = game.num_players, game.num_actions
    threshold = tol * game.payoff_scale
    counts = [np.zeros(k) for k in sizes]
    start = _initial_pure(game, initial, rng)
    for i, a in enumerate(start):
        counts[i][a] = 1.0
    history = [[c.copy()] for c in counts]
    converged = False
    regret = np.inf
    t = 0
    if n == 2:  # two players: plain matrix-vector products, far cheaper than the general contraction
        A, B = game.payoffs

        def action_values(beliefs):
            return [A @ beliefs[1], beliefs[0] @ B]
    else:
        def action_values(beliefs):
            return [game._action_values(beliefs, i) for i in range(n)]
    for t in range(1, max_iter + 1):
        beliefs = tuple(c / t for c in counts)
        values = action_values(beliefs)
        # The values against the empirical frequencies give the empirical profile's regret for free.
        regret = max(float(v.max() - v @ b) for v, b in zip(values, beliefs))
        if regret <= threshold:
            converged = True
            break
        for i, v in enumerate(values):
            best = np.flatnonzero(v >= v.max() - 1e-12 * game.payoff_scale)
            a = best[0] if tie_break == "first" or best.size == 1 else rng.choice(best)
            counts[i][a] += 1.0
            history[i].append(counts[i] / (t + 1))
    strategies = tuple(np.array(h) for h in history)
    final = tuple(s[-1] for s in strategies)
    if not converged:
        regret = game.max_regret(final)
    distance = max(float(np.abs(s[-1] - s[-2]).max()) for s in strategies) if len(strategies[0]) > 1 else 0.0
    equilibrium = _try_verify(game, final, "fictitious_play", tol) if converged else None
    return DynamicsResult(
        method="fictitious_play",
        strategies=strategies,
        times=np.arange(len(strategies[0]), dtype=float),
        converged=converged,
        iterations=len(strategies[0]) - 1,
        max_regret=float(regret),
        distance=distance,
        equilibrium=equilibrium,
        parameters={"max_iter": max_iter, "tol": tol, "tie_break": tie_break, "initial": list(start)},
    )


# --------------------------------------------------------------------------- replicator dynamics
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


# --------------------------------------------------------------------------- logit dynamics
def _occupation(profiles: np.ndarray, sizes: Sequence[int]) -> np.ndarray:
    flat = np.ravel_multi_index(tuple(profiles.T), tuple(sizes))
    return np.bincount(flat, minlength=int(np.prod(sizes))).reshape(tuple(sizes)) / len(profiles)


@checked_arguments
def logit_dynamics(
    game: NormalFormGame,
    initial: Sequence[int] | None = None,
    *,
    beta: float = 1.0,
    num_steps: int = 10_000,
    tol: float = 0.05,
    seed: int | np.random.Generator | None = None,
) -> DynamicsResult:
    """Asynchronous logit (log-linear) dynamics of Blume (1993).

    Each step one player, chosen uniformly, redraws its action from the logit choice
    :math:`P(k) \\propto \\exp(\\beta\\, u_i(k, a_{-i}))`.

    Parameters
    ----------
    game : NormalFormGame or array_like
        The game, or its payoffs: see :func:`coordgame.games.as_game`.
    initial : sequence of int, optional
        Starting pure profile (default: drawn uniformly with ``seed``).
    beta : float, default 1
        Precision (inverse noise); ``beta -> inf`` approaches best-response dynamics.
    num_steps : int, default 10000
    tol : float, default 0.05
        Mixing diagnostic: ``converged`` is True when the total-variation distance between the
        occupation distributions of the first and second halves of the run is at most ``tol``
        (the chain has no fixed point; this says whether the run is long enough for its
        empirical distribution to have settled).
    seed : int or Generator, optional

    Returns
    -------
    DynamicsResult
        ``profiles`` is the path; ``joint_distribution`` the occupation distribution over profiles;
        ``strategies`` the one-hot path; ``max_regret`` the regret of the last profile;
        ``distance`` the split-half total-variation distance.

    Examples
    --------
    >>> import coordgame as cg
    >>> r = cg.solvers.logit_dynamics(cg.games.stag_hunt(), beta=2.0, num_steps=50000, seed=1)
    >>> r.converged, r.joint_distribution.round(1).tolist()  # Gibbs: [[.12, .02], [.02, .85]]
    (True, [[0.1, 0.0], [0.0, 0.8]])
    """
    game = _check_game(game)
    beta = positive_float(beta, "beta", allow_zero=True)
    num_steps = positive_int(num_steps, "num_steps")
    tol = positive_float(tol, "tol", allow_zero=True)
    rng = as_generator(seed)
    payoffs, n, sizes = game.payoffs, game.num_players, game.num_actions
    profile = list(_initial_pure(game, initial, rng))
    movers = rng.integers(n, size=num_steps)
    draws = rng.random(num_steps)
    profiles = np.empty((num_steps + 1, n), dtype=np.int64)
    profiles[0] = profile
    for t in range(num_steps):
        i = movers[t]
        z = beta * _pure_values(payoffs, profile, i)
        weights = np.exp(z - z.max())
        cumulative = np.cumsum(weights)
        profile[i] = min(int(np.searchsorted(cumulative, draws[t] * cumulative[-1], side="right")), sizes[i] - 1)
        profiles[t + 1] = profile
    half = (num_steps + 1) // 2
    split_tv = 0.5 * float(np.abs(_occupation(profiles[:half], sizes) - _occupation(profiles[half:], sizes)).sum())
    final = tuple(int(a) for a in profiles[-1])
    return DynamicsResult(
        method="logit_dynamics",
        strategies=_one_hot_path(profiles, sizes),
        times=np.arange(num_steps + 1, dtype=float),
        converged=split_tv <= tol,
        iterations=num_steps,
        max_regret=game.max_regret(final),
        distance=split_tv,
        profiles=profiles,
        joint_distribution=_occupation(profiles, sizes),
        parameters={"beta": beta, "num_steps": num_steps, "tol": tol, "initial": profiles[0].tolist()},
    )


# --------------------------------------------------------------------------- regret matching
def _check_distribution(game: NormalFormGame, distribution: Any) -> np.ndarray:
    z = np.asarray(distribution, dtype=float)
    if z.shape != game.num_actions:
        raise InvalidProfileError(f"distribution: expected shape {game.num_actions}, got {z.shape}")
    if not np.all(np.isfinite(z)) or z.min() < -1e-12 or abs(z.sum() - 1.0) > 1e-9:
        raise InvalidProfileError("distribution: expected non-negative probabilities summing to 1")
    return np.clip(z, 0.0, None)


def _gain_matrices(game: NormalFormGame, z: np.ndarray) -> list[np.ndarray]:
    """For each player i, ``G[j, k] = sum_{a: a_i = j} z(a) u_i(k, a_-i)``."""
    out = []
    for i, n_i in enumerate(game.num_actions):
        Z = np.moveaxis(z, i, 0).reshape(n_i, -1)
        U = np.moveaxis(game.payoffs[i], i, 0).reshape(n_i, -1)
        out.append(Z @ U.T)
    return out


def cce_violation(game: NormalFormGame, distribution: Any) -> float:
    """Largest coarse-correlated-equilibrium constraint violation of a joint distribution.

    :math:`\\max_i \\max_k \\sum_a z(a)\\,[u_i(k, a_{-i}) - u_i(a)]`, floored at 0 (absolute
    payoff units).  Zero exactly when ``distribution`` is a coarse correlated equilibrium.

    Examples
    --------
    >>> import numpy as np
    >>> import coordgame as cg
    >>> cg.solvers.cce_violation(cg.games.chicken(), np.array([[0, 0.5], [0.5, 0]]))
    0.0
    """
    game = _check_game(game)
    z = _check_distribution(game, distribution)
    worst = 0.0
    for G in _gain_matrices(game, z):
        worst = max(worst, float(G.sum(axis=0).max() - np.trace(G)))
    return worst


def ce_violation(game: NormalFormGame, distribution: Any) -> float:
    """Largest correlated-equilibrium constraint violation of a joint distribution.

    :math:`\\max_i \\max_{j, k} \\sum_{a: a_i = j} z(a)\\,[u_i(k, a_{-i}) - u_i(j, a_{-i})]`,
    floored at 0 (absolute payoff units).

    Examples
    --------
    >>> import numpy as np
    >>> import coordgame as cg
    >>> z = np.array([[0, 1], [1, 1]]) / 3  # Aumann's correlated equilibrium of chicken
    >>> round(cg.solvers.ce_violation(cg.games.chicken(), z), 12)
    0.0
    """
    game = _check_game(game)
    z = _check_distribution(game, distribution)
    worst = 0.0
    for G in _gain_matrices(game, z):
        worst = max(worst, float((G - np.diag(G)[:, None]).max()))
    return worst


def _regret_matching_choice(rng_draw: float, weights: np.ndarray, fallback: int | None) -> int:
    total = weights.sum()
    if total <= 0.0:
        return -1 if fallback is None else fallback
    return min(int(np.searchsorted(np.cumsum(weights), rng_draw * total, side="right")), weights.size - 1)


@checked_arguments
def regret_matching(
    game: NormalFormGame,
    *,
    num_steps: int = 10_000,
    conditional: bool = False,
    inertia: float | None = None,
    tol: float = 1e-2,
    seed: int | np.random.Generator | None = None,
) -> DynamicsResult:
    """Regret matching (Hart & Mas-Colell 2000) for N players.

    Parameters
    ----------
    game : NormalFormGame or array_like
        The game, or its payoffs: see :func:`coordgame.games.as_game`.
    num_steps : int, default 10000
        Number of periods played.
    conditional : bool, default False
        False: unconditional regret matching (play proportional to positive average regrets
        against each fixed action, uniformly when no regret is positive; empirical play
        approaches the coarse correlated set).
        True: the conditional procedure of Hart & Mas-Colell (switch from the last action *j* to
        *k* with probability :math:`R(j, k)^+ / \\mu`; approaches the correlated set).
    inertia : float, optional
        The constant :math:`\\mu` of the conditional procedure; it must exceed the sum of the
        positive regrets.  Default :math:`2 M (n_i - 1) + 1` with :math:`M` the largest payoff
        difference, which guarantees it.
    tol : float, default 1e-2
        ``converged`` is True when the empirical distribution's CCE violation (CE violation for
        the conditional procedure) is at most ``tol * game.payoff_scale``.  The approach rate is
        about :math:`t^{-1/2}`.
    seed : int or Generator, optional

    Returns
    -------
    DynamicsResult
        ``profiles`` (the play), ``joint_distribution`` (empirical distribution of play),
        ``cce_violation`` and ``ce_violation`` of that distribution; ``strategies`` are the
        players' empirical marginal frequencies over time.

    Examples
    --------
    >>> import coordgame as cg
    >>> r = cg.solvers.regret_matching(cg.games.chicken(), num_steps=20000, seed=0)
    >>> r.converged, r.cce_violation < 0.05
    (True, True)
    """
    game = _check_game(game)
    num_steps = positive_int(num_steps, "num_steps")
    positive_float(tol, "tol", allow_zero=True)
    rng = as_generator(seed)
    payoffs, n, sizes = game.payoffs, game.num_players, game.num_actions
    spread = float(payoffs.max() - payoffs.min())
    if conditional:
        mu = positive_float(inertia, "inertia") if inertia is not None else [2 * spread * (k - 1) + 1.0 for k in sizes]
        mu = [mu] * n if np.isscalar(mu) else mu
    # Cumulative regrets: unconditional D_i[k] = sum_t u_i(k, a_-i^t) - u_i(a^t);
    # conditional D_i[j, k] = sum_{t: a_i^t = j} u_i(k, a_-i^t) - u_i(a^t).
    regrets = [np.zeros((k, k)) if conditional else np.zeros(k) for k in sizes]
    draws = rng.random((num_steps, n))
    profiles = np.empty((num_steps, n), dtype=np.int64)
    profile = [int(rng.integers(k)) for k in sizes]
    for t in range(num_steps):
        if t > 0:
            for i in range(n):
                if conditional:
                    j = profile[i]
                    switch = np.clip(regrets[i][j] / t, 0.0, None) / mu[i]
                    switch[j] = 0.0
                    stay = 1.0 - switch.sum()
                    weights = switch.copy()
                    weights[j] = max(stay, 0.0)
                    profile[i] = _regret_matching_choice(draws[t, i], weights, j)
                else:
                    choice = _regret_matching_choice(draws[t, i], np.clip(regrets[i], 0.0, None), None)
                    profile[i] = choice if choice >= 0 else int(draws[t, i] * sizes[i])
        profiles[t] = profile
        for i in range(n):
            values = _pure_values(payoffs, profile, i)
            gain = values - values[profile[i]]
            if conditional:
                regrets[i][profile[i]] += gain
            else:
                regrets[i] += gain
    z = _occupation(profiles, sizes)
    cce, ce = cce_violation(game, z), ce_violation(game, z)
    target = ce if conditional else cce
    freq = tuple(np.cumsum(np.eye(k)[profiles[:, i]], axis=0) / np.arange(1, num_steps + 1)[:, None]
                 for i, k in enumerate(sizes))
    final = tuple(f[-1] for f in freq)
    return DynamicsResult(
        method="regret_matching[conditional]" if conditional else "regret_matching",
        strategies=freq,
        times=np.arange(1, num_steps + 1, dtype=float),
        converged=target <= tol * game.payoff_scale,
        iterations=num_steps,
        max_regret=game.max_regret(final),
        distance=max(float(np.abs(f[-1] - f[-2]).max()) for f in freq) if num_steps > 1 else 0.0,
        profiles=profiles,
        joint_distribution=z,
        cce_violation=cce,
        ce_violation=ce,
        parameters={"num_steps": num_steps, "conditional": conditional, "tol": tol,
                    "inertia": (list(mu) if conditional else None)},
    )
