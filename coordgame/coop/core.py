r"""The core of a TU game: membership, and the search for the most violated coalition.

An *allocation* :math:`x \in \mathbb{R}^n` is efficient when :math:`x(N) = v(N)`, where
:math:`x(S) = \sum_{i \in S} x_i`.  The *excess* of coalition :math:`S` at :math:`x` is

.. math:: e(S, x) = v(S) - x(S),

what :math:`S` could gain by leaving.  The **core** (Gillies 1959) is the set of efficient
allocations no coalition can improve upon,

.. math:: C(v) = \{x : x(N) = v(N),\ e(S, x) \le 0 \ \ \forall S \subsetneq N\}.

:func:`core_check` tests membership and returns, as a certificate, the coalition of largest
excess (any coalition with positive excess *blocks* :math:`x`).

**Finding the most violated coalition** (the *separation oracle*, also used by
:func:`~coordgame.coop.least_core.least_core`), :func:`most_violated`:

* ``"enumeration"`` (an array game, or at most 20 players): :math:`x(S)` for every bitmask by
  doubling and one vectorised maximum — exact;
* ``"local_search"`` (larger callable games): steepest ascent of :math:`e(S, x)` over
  single-player additions and removals, started from every singleton, every complement of a
  singleton and ``restarts`` seeded random coalitions, within a budget of evaluations of
  :math:`v`.  It finds a local maximum only: a coalition it reports as blocking does block
  (a valid certificate that :math:`x \notin C(v)`), but finding none does not prove
  membership, and the result says so (``exact=False``).  A mixed-integer programme would be
  exact but needs :math:`v` in closed form, which a callable game does not give.

Examples
--------
>>> from coordgame.coop import core_check, examples
>>> g = examples.glove_game(left=1, right=2)
>>> core_check(g, [1, 0, 0]).in_core, core_check(g, [0.5, 0.25, 0.25]).most_violated
(True, ('L1', 'R1'))
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from coordgame._arguments import checked_arguments
from coordgame.errors import InvalidArgumentError
from coordgame.results import Result

from ._checks import checked_allocation, checked_game
from .tu_game import TUGame, coalition_sums

__all__ = ["CoreCheck", "core_check", "most_violated"]

#: Default relative tolerance of core membership (times the game's payoff range).
CORE_TOL = 1e-9


@dataclass(frozen=True, repr=False)
class CoreCheck(Result):
    """Whether an allocation is in the core, with the most violated coalition as certificate.

    Attributes
    ----------
    allocation : ndarray (n,)
    in_core : bool
        Efficient within ``tol`` and no coalition's excess above ``epsilon + tol`` (among those
        searched when ``exact`` is False).
    max_excess : float
        The largest excess :math:`v(S) - x(S)` over proper coalitions found.
    most_violated : tuple of str
        The coalition of largest excess (player names).
    most_violated_mask : int
    efficiency_residual : float
        :math:`|x(N) - v(N)|`.
    method : str
        ``"enumeration"`` or ``"local_search"``.
    exact : bool
        Whether every coalition was examined.
    tol : float
        The absolute threshold (relative tolerance times the payoff range).

    Examples
    --------
    >>> from coordgame.coop import core_check, examples
    >>> check = core_check(examples.glove_game(1, 2), [1.0, 0.0, 0.0])  # the glove owner takes all
    >>> check.in_core, round(check.max_excess, 9), check.exact
    (True, 0.0, True)
    """

    allocation: np.ndarray
    in_core: bool
    max_excess: float
    most_violated: tuple[str, ...]
    most_violated_mask: int
    efficiency_residual: float
    method: str
    exact: bool
    tol: float
    epsilon: float = 0.0

    _verified_by: ClassVar = ("core violation", "violation", "tol", "in_core")
    _dict_extras: ClassVar[tuple[str, ...]] = ("violation",)

    @property
    def violation(self) -> float:
        """:math:`\\max(0, \\text{largest excess} - \\varepsilon, |x(N) - v(N)|)`."""
        return max(0.0, self.max_excess - self.epsilon, self.efficiency_residual)


@checked_arguments
def core_check(game: TUGame, allocation: Any, *, epsilon: float = 0.0, tol: float = CORE_TOL, restarts: int = 20,
               max_evaluations: int = 20_000, seed: int | None = 0) -> CoreCheck:
    """Test whether ``allocation`` is in the core; certify a violation by the most violated coalition.

    Parameters
    ----------
    game : TUGame
    allocation : array_like (n,)
    epsilon : float, default 0
        Test membership of the :math:`\\varepsilon`-core instead, :math:`e(S, x) \\le \\varepsilon`
        for every proper :math:`S` (Shapley & Shubik 1966); 0 is the core.
    tol : float
        Relative tolerance (times the game's payoff range) on the excesses and on efficiency.
    restarts, max_evaluations, seed
        The local search of a game too large to enumerate (see the module docstring).

    Returns
    -------
    CoreCheck

    Examples
    --------
    >>> from coordgame.coop import core_check, examples
    >>> check = core_check(examples.majority_game(3), [1/3, 1/3, 1/3])
    >>> check.in_core, round(check.max_excess, 4), check.exact
    (False, 0.3333, True)
    """
    game = checked_game(game)
    x = checked_allocation(allocation, game)
    masks, excesses, exact = most_violated(game, x, count=1, restarts=restarts, max_evaluations=max_evaluations,
                                           seed=seed)
    unit = tol * game.payoff_range
    residual = abs(float(x.sum()) - game.grand_value)
    top = int(masks[0]) if masks.size else 0
    largest = float(excesses[0]) if excesses.size else -np.inf
    if isinstance(epsilon, bool) or not isinstance(epsilon, (int, float)) or not np.isfinite(epsilon):
        raise InvalidArgumentError(f"epsilon: expected a finite number, got {epsilon!r}")
    inside = residual <= unit and largest <= epsilon + unit
    return CoreCheck(x, bool(inside), largest, game.member_names(top), top, residual,
                     "enumeration" if exact else "local_search", exact, unit, float(epsilon))


def most_violated(game: TUGame, x: np.ndarray, *, count: int = 1, restarts: int = 20,
                  max_evaluations: int = 20_000, seed: int | None = 0) -> tuple[np.ndarray, np.ndarray, bool]:
    """The ``count`` proper coalitions of largest excess :math:`v(S) - x(S)`, largest first.

    Returns ``(masks, excesses, exact)``: ``exact`` is True when every coalition was examined
    (enumeration), False for the local search (see the module docstring).

    Examples
    --------
    >>> import numpy as np
    >>> from coordgame.coop import examples
    >>> masks, excess, exact = most_violated(examples.majority_game(3), np.zeros(3), count=2)
    >>> masks.tolist(), excess.tolist(), exact
    ([3, 5], [1.0, 1.0], True)
    """
    n = game.num_players
    if n == 1:
        return np.zeros(0, dtype=np.int64), np.zeros(0), True
    if game.enumerable:
        excess = game.values - coalition_sums(x)
        proper = excess[1:-1]  # neither the empty nor the grand coalition
        count = min(count, proper.size)
        top = np.argpartition(-proper, count - 1)[:count]
        top = top[np.lexsort((top, -proper[top]))]  # largest excess first, ties by mask
        return top + 1, proper[top], True
    found = _local_search(game, x, restarts, max_evaluations, seed)
    ranked = sorted(found.items(), key=lambda item: (-item[1], item[0]))[:count]
    return (np.array([m for m, _ in ranked], dtype=np.int64), np.array([e for _, e in ranked]), False)


def _local_search(game: TUGame, x: np.ndarray, restarts: int, max_evaluations: int,
                  seed: int | None) -> dict[int, float]:
    """Excess of every coalition visited by steepest ascent from singletons, co-singletons and random starts."""
    if not isinstance(restarts, int) or restarts < 0:
        raise InvalidArgumentError(f"restarts: expected an integer >= 0, got {restarts!r}")
    if not isinstance(max_evaluations, int) or max_evaluations < 1:
        raise InvalidArgumentError(f"max_evaluations: expected an integer >= 1, got {max_evaluations!r}")
    n, full = game.num_players, game.grand_coalition
    rng = np.random.default_rng(seed)
    singles = [1 << i for i in range(n)]
    starts = singles + [full ^ s for s in singles]
    starts += [int(m) for m in (rng.random((restarts, n)) < 0.5).astype(np.int64) @ (1 << np.arange(n, dtype=np.int64))
               if 0 < m < full]
    seen: dict[int, float] = {}
    budget = [max_evaluations]

    def excess(mask: int) -> float:
        if mask not in seen:
            budget[0] -= 1
            seen[mask] = game.value(mask) - float(x[list(game.members(mask))].sum())
        return seen[mask]

    for start in starts:
        current = start
        while budget[0] > 0:
            neighbours = [current ^ s for s in singles if 0 < current ^ s < full]
            best = max(neighbours, key=excess, default=current)
            if excess(best) <= excess(current):
                break
            current = best
        if budget[0] <= 0:
            break
    return seen
