r"""Asynchronous logit (log-linear) dynamics of Blume (1993)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from coordgame._arguments import checked_arguments
from coordgame._checks import as_generator, positive_float, positive_int
from coordgame.games.normal_form import NormalFormGame
from coordgame.solvers.dynamics._common import (
    DynamicsResult,
    _check_game,
    _initial_pure,
    _occupation,
    _one_hot_path,
    _pure_values,
)

__all__ = ["logit_dynamics"]


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
