r"""Fictitious play (Brown 1951)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from coordgame._arguments import checked_arguments
from coordgame._checks import as_generator, one_of, positive_float, positive_int
from coordgame.games.normal_form import NormalFormGame
from coordgame.solvers.dynamics._common import DynamicsResult, _check_game, _initial_pure, _try_verify

__all__ = ["fictitious_play"]


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
