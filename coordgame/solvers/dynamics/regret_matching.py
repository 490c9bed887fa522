r"""Regret matching (Hart & Mas-Colell 2000): play whose empirical distribution approaches the coarse correlated equilibria."""

from __future__ import annotations

import numpy as np

from coordgame._arguments import checked_arguments
from coordgame._checks import as_generator, positive_float, positive_int
from coordgame.games.normal_form import NormalFormGame
from coordgame.solvers.dynamics._common import DynamicsResult, _check_game, _occupation, _pure_values
from coordgame.solvers.incentives import incentive_violation
from coordgame.tolerances import DYNAMICS_TOL, absolute_tolerance, check_tolerance

__all__ = ["regret_matching"]


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
    tol: float = DYNAMICS_TOL,
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
        positive regrets.  Default :math:`M (2 (n_i - 1) + 1)` with :math:`M` the payoff range
        (the largest payoff difference), which guarantees it and scales with the payoffs' unit.
    tol : float, default 1e-2
        ``converged`` is True when the empirical distribution's CCE violation (CE violation for
        the conditional procedure) is at most ``tol * game.payoff_range``.  The approach rate is
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
    check_tolerance(tol, "tol")
    rng = as_generator(seed)
    payoffs, n, sizes = game.payoffs, game.num_players, game.num_actions
    unit = game.payoff_range  # mu must exceed 2 (k - 1) times the largest payoff difference; +1 unit of slack
    if conditional:
        mu = positive_float(inertia, "inertia") if inertia is not None else [unit * (2 * (k - 1) + 1) for k in sizes]
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
    cce, ce = incentive_violation(game, z, coarse=True), incentive_violation(game, z)
    target = ce if conditional else cce
    freq = tuple(np.cumsum(np.eye(k)[profiles[:, i]], axis=0) / np.arange(1, num_steps + 1)[:, None]
                 for i, k in enumerate(sizes))
    final = tuple(f[-1] for f in freq)
    return DynamicsResult(
        method="regret_matching[conditional]" if conditional else "regret_matching",
        strategies=freq,
        times=np.arange(1, num_steps + 1, dtype=float),
        converged=target <= absolute_tolerance(tol, game),
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
