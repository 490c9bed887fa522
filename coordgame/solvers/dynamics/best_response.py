r"""Best-response dynamics over pure profiles."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from coordgame._checks import as_generator, one_of, positive_float, positive_int
from coordgame.equilibrium import DEFAULT_TOL
from coordgame.games.normal_form import NormalFormGame
from coordgame.solvers.dynamics._common import (
    DynamicsResult,
    _check_game,
    _initial_pure,
    _one_hot_path,
    _pure_values,
    _try_verify,
)

__all__ = ["best_response_dynamics"]


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
    game : NormalFormGame
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
    >>> r = cg.best_response_dynamics(cg.games.minimum_effort(3, efforts=4), initial=(3, 1, 2))
    >>> r.converged, r.equilibrium.pure_profile
    (True, (1, 1, 1))
    >>> r = cg.best_response_dynamics(cg.games.matching_pennies(), initial=(0, 0))
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
