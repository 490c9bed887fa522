r"""Regret matching (Hart & Mas-Colell 2000) and the (coarse) correlated-equilibrium violations of a joint distribution."""

from __future__ import annotations

from typing import Any

import numpy as np

from coordgame._arguments import checked_arguments
from coordgame._checks import as_generator, positive_float, positive_int
from coordgame.errors import InvalidProfileError
from coordgame.games.normal_form import NormalFormGame
from coordgame.solvers.dynamics._common import DynamicsResult, _check_game, _occupation, _pure_values

__all__ = ["regret_matching", "cce_violation", "ce_violation"]


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
