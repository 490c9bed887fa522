r"""Random games, seeded.

* :func:`random_game`: payoffs drawn independently, uniform on [0, 1) or on the small
  integers ``0 .. integers - 1`` (ties make degenerate games common: a stress test).
* :func:`covariance_game`: GAMUT's *CovariantGame* (Nudelman et al. 2004): at every pure
  profile the N payoffs are jointly normal with mean 0, variance 1 and correlation
  :math:`\rho` between any two players, :math:`-1/(N-1) \le \rho \le 1`.  :math:`\rho = 1`
  gives common-interest games, :math:`\rho = -1` (two players) zero-sum games.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from coordgame._checks import as_generator, positive_int
from coordgame.errors import InvalidArgumentError
from coordgame.games.normal_form import NormalFormGame

__all__ = ["random_game", "covariance_game"]


def _action_counts(num_actions: Sequence[int] | int, num_players: int | None) -> tuple[int, ...]:
    if isinstance(num_actions, (int, np.integer)):
        if num_players is None:
            raise InvalidArgumentError("num_players: required when num_actions is a single integer")
        counts = (int(num_actions),) * positive_int(num_players, "num_players")
    else:
        counts = tuple(int(n) for n in num_actions)
    if not counts or any(n < 1 for n in counts):
        raise InvalidArgumentError(f"num_actions: expected positive action counts, got {num_actions!r}")
    return counts


def random_game(
    num_actions: Sequence[int] | int,
    num_players: int | None = None,
    *,
    seed: int | np.random.Generator | None = None,
    integers: int | None = None,
) -> NormalFormGame:
    """A game with independent random payoffs.

    Parameters
    ----------
    num_actions : sequence of int, or int
        Action counts per player, or one count shared by ``num_players`` players.
    num_players : int, optional
        Needed when ``num_actions`` is an int.
    seed : int or numpy.random.Generator, optional
        Same seed, same game, on every machine.
    integers : int, optional
        If given, payoffs are uniform on ``{0, ..., integers - 1}``; otherwise uniform on [0, 1).

    Examples
    --------
    >>> import coordgame as cg
    >>> g = cg.games.random_game((2, 3), seed=1, integers=5)
    >>> g.num_actions, bool(g.payoffs.max() <= 4)
    ((2, 3), True)
    """
    counts = _action_counts(num_actions, num_players)
    rng = as_generator(seed)
    shape = (len(counts), *counts)
    if integers is None:
        payoffs = rng.random(shape)
    else:
        payoffs = rng.integers(0, positive_int(integers, "integers"), size=shape).astype(np.float64)
    return NormalFormGame(payoffs, title="Random game")


def covariance_game(
    num_actions: Sequence[int] | int,
    rho: float,
    num_players: int | None = None,
    *,
    seed: int | np.random.Generator | None = None,
) -> NormalFormGame:
    """GAMUT's covariant game: payoffs correlated ``rho`` across players at every profile.

    Parameters
    ----------
    num_actions : sequence of int, or int
    rho : float
        Correlation between any two players' payoffs, in ``[-1/(N-1), 1]``.
    num_players : int, optional
        Needed when ``num_actions`` is an int.
    seed : int or numpy.random.Generator, optional

    Examples
    --------
    >>> import coordgame as cg
    >>> g = cg.games.covariance_game((3, 3), rho=-1.0, seed=0)
    >>> bool(abs(g.payoffs.sum(axis=0)).max() < 1e-12)    # rho = -1: zero-sum
    True
    """
    counts = _action_counts(num_actions, num_players)
    n = len(counts)
    lower = -1.0 / (n - 1) if n > 1 else -np.inf
    if not lower - 1e-12 <= rho <= 1.0:
        raise InvalidArgumentError(f"rho: expected a correlation in [{lower:g}, 1] for {n} players, got {rho}")
    covariance = (1.0 - rho) * np.eye(n) + rho * np.ones((n, n))
    values, vectors = np.linalg.eigh(covariance)
    root = vectors * np.sqrt(np.clip(values, 0.0, None))  # covariance = root @ root.T
    rng = as_generator(seed)
    noise = rng.standard_normal((n, int(np.prod(counts))))
    payoffs = (root @ noise).reshape(n, *counts)
    return NormalFormGame(payoffs, title=f"Covariance game (rho={rho:g})")
