r"""The least core, by linear programming with constraint generation; an empty core certified.

The :math:`\varepsilon`-core (Shapley & Shubik 1966) relaxes every coalition's constraint by
:math:`\varepsilon`; the **least core** (Maschler, Peleg & Shapley 1979) is the smallest
non-empty one, the solution of the linear programme

.. math:: \varepsilon^* = \min_{x, \varepsilon}\ \varepsilon \quad\text{s.t.}\quad
          x(S) + \varepsilon \ge v(S)\ \ \forall\, \emptyset \ne S \subsetneq N, \qquad x(N) = v(N).

The core is non-empty iff :math:`\varepsilon^* \le 0`.  By LP duality the optimal multipliers
:math:`\lambda_S \ge 0` (summing to 1) cover every player equally, :math:`\sum_{S \ni i}
\lambda_S = c`, so :math:`\delta_S = \lambda_S / c` is a **balanced collection** and

.. math:: \sum_S \delta_S\, v(S) - v(N) = \varepsilon^* / c ,

which is Bondareva–Shapley's theorem: when :math:`\varepsilon^* > 0` the weights
:math:`\delta` prove the core empty (the coalitions could jointly promise their members more
than :math:`v(N)`), and the result reports them.

**Constraint generation.**  With :math:`2^n - 2` constraints the LP cannot be written down for
large :math:`n`.  :func:`least_core` starts from the singletons and their complements, solves
the LP (``scipy.optimize.linprog``, HiGHS), asks the separation oracle
(:func:`~coordgame.coop.core.most_violated`) for the coalitions whose constraint the solution
violates most, adds up to ``batch`` of them and repeats until none is violated by more than the
tolerance.  The oracle is exact enumeration for an array game or up to 20 players, so the
answer is the least core exactly; for larger callable games it is a local search, so
:math:`\varepsilon^*` is a **lower bound** (a relaxation): a positive value still proves the core
empty with its balanced collection, but a non-positive one only says that no blocking
coalition was found (``exact=False``, ``core_status`` says so).  Games of up to
``direct_max`` = 12 players with an array are solved with every constraint at once.

Examples
--------
>>> from coordgame.coop import examples, least_core
>>> lc = least_core(examples.majority_game(3))
>>> round(lc.epsilon, 6), lc.core_empty, lc.allocation.round(6).tolist()
(0.333333, True, [0.333333, 0.333333, 0.333333])
>>> [(c, round(float(w), 6)) for c, w in zip(lc.balanced_collection, lc.balancing_weights)]
[(('0', '1'), 0.5), (('0', '2'), 0.5), (('1', '2'), 0.5)]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from scipy.optimize import linprog

from coordgame._arguments import checked_arguments
from coordgame.errors import ConvergenceError, InfeasibleError, InvalidArgumentError
from coordgame.results import Result

from ._checks import checked_game
from .core import CORE_TOL, most_violated
from .tu_game import TUGame, coalition_sums

__all__ = ["LeastCore", "least_core", "coalition_matrix"]

#: Array games with at most this many players get every constraint at once.
DIRECT_MAX = 12


@dataclass(frozen=True, repr=False)
class LeastCore(Result):
    """The least core's :math:`\\varepsilon^*`, one allocation in it, and the certificate of (non-)emptiness.

    Attributes
    ----------
    epsilon : float
        :math:`\\varepsilon^*` (a lower bound when ``exact`` is False).
    allocation : ndarray (n,)
        An allocation of the least core (not unique in general; the nucleolus is one of them).
    core_empty : bool
        True when :math:`\\varepsilon^* > \\text{tol}`: certified by the balanced collection.
    core_status : str
        ``"empty"``, ``"non-empty"`` or ``"no blocking coalition found"`` (inexact search).
    balanced_collection : tuple of tuple of str
        The coalitions with positive dual weight.
    balancing_weights : ndarray
        Their weights :math:`\\delta_S` (:math:`\\sum_{S \\ni i} \\delta_S = 1` for every player).
    balanced_surplus : float
        :math:`\\sum_S \\delta_S v(S) - v(N)` (positive exactly when the core is empty).
    max_excess : float
        The largest excess of the allocation found by the final oracle call.
    num_constraints, num_rounds : int
        Coalition constraints in the final LP; LP solves.
    method : str
        ``"lp"`` (all constraints), ``"constraint_generation"`` (exact oracle) or
        ``"constraint_generation+local_search"``.
    exact : bool
    tol : float
        Absolute threshold (relative tolerance times the payoff range).

    Examples
    --------
    >>> from coordgame.coop import examples, least_core
    >>> lc = least_core(examples.majority_game(3))  # the core of three-player majority is empty
    >>> lc.core_status, round(lc.epsilon, 6), lc.allocation.round(6).tolist()
    ('empty', 0.333333, [0.333333, 0.333333, 0.333333])
    """

    epsilon: float
    allocation: np.ndarray
    core_empty: bool
    core_status: str
    balanced_collection: tuple[tuple[str, ...], ...]
    balancing_weights: np.ndarray
    balanced_surplus: float
    max_excess: float
    num_constraints: int
    num_rounds: int
    method: str
    exact: bool
    tol: float
    efficiency_residual: float

    _verified_by: ClassVar = ("least-core constraint violation", "violation", "tol", None)
    _dict_extras: ClassVar[tuple[str, ...]] = ("violation",)

    @property
    def violation(self) -> float:
        """How far the allocation is from feasibility: :math:`\\max(0, \\max_S e(S,x) - \\varepsilon^*, |x(N) - v(N)|)`."""
        return max(0.0, self.max_excess - self.epsilon, self.efficiency_residual)


def coalition_matrix(masks: np.ndarray, num_players: int) -> np.ndarray:
    """Rows :math:`1_S` (0/1 indicators) of the coalitions given by bitmask.

    Examples
    --------
    >>> coalition_matrix(np.array([1, 6]), 3).tolist()
    [[1.0, 0.0, 0.0], [0.0, 1.0, 1.0]]
    """
    return ((np.asarray(masks, dtype=np.int64)[:, None] >> np.arange(num_players)) & 1).astype(float)


@checked_arguments
def least_core(game: TUGame, *, tol: float = CORE_TOL, batch: int = 20, max_rounds: int = 500,
               restarts: int = 20, max_evaluations: int = 20_000, seed: int | None = 0) -> LeastCore:
    """The least core by LP, with constraint generation when :math:`2^n` constraints are too many.

    Parameters
    ----------
    game : TUGame
    tol : float
        Relative tolerance (times the payoff range): a constraint violated by less counts as met.
    batch : int, default 20
        Most violated coalitions added per round.
    max_rounds : int, default 500
        LP solves before :class:`~coordgame.errors.ConvergenceError`.
    restarts, max_evaluations, seed
        The local-search oracle of a large callable game (see :mod:`coordgame.coop.core`).

    Returns
    -------
    LeastCore

    Examples
    --------
    >>> from coordgame.coop import examples, least_core
    >>> lc = least_core(examples.glove_game(1, 2))
    >>> round(lc.epsilon, 9), lc.core_status, lc.allocation.round(9).tolist()
    (0.0, 'non-empty', [1.0, 0.0, 0.0])
    """
    game = checked_game(game)
    for name, value in (("batch", batch), ("max_rounds", max_rounds)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InvalidArgumentError(f"{name}: expected an integer >= 1, got {value!r}")
    n, unit = game.num_players, tol * game.payoff_range
    if n == 1:
        return _one_player(game, unit)
    if game.has_array and n <= DIRECT_MAX:
        masks = np.arange(1, game.grand_coalition)
        solution = _solve(game, masks)
        return _result(game, masks, solution, 1, "lp", True, unit, restarts, max_evaluations, seed)
    singles = 1 << np.arange(n, dtype=np.int64)
    masks = np.unique(np.concatenate([singles, game.grand_coalition ^ singles]))
    for rounds in range(1, max_rounds + 1):
        solution = _solve(game, masks)
        x, eps = solution[0], solution[1]
        found, excess, exact = most_violated(game, x, count=batch, restarts=restarts,
                                             max_evaluations=max_evaluations, seed=seed)
        new = found[(excess > eps + unit) & ~np.isin(found, masks)]
        if new.size == 0:
            method = "constraint_generation" if exact else "constraint_generation+local_search"
            return _result(game, masks, solution, rounds, method, exact, unit, restarts, max_evaluations, seed)
        masks = np.concatenate([masks, new])
    raise ConvergenceError(f"least_core: constraint generation did not converge in max_rounds={max_rounds} LP solves")


def _solve(game: TUGame, masks: np.ndarray) -> tuple[np.ndarray, float, np.ndarray]:
    """Solve the LP over the coalitions ``masks``: (x, epsilon, dual multipliers lambda_S >= 0)."""
    n = game.num_players
    rows = coalition_matrix(masks, n)
    a_ub = -np.hstack([rows, np.ones((rows.shape[0], 1))])  # -(x(S) + eps) <= -v(S)
    b_ub = -game.evaluate(masks)
    a_eq = np.append(np.ones(n), 0.0)[None, :]
    objective = np.zeros(n + 1)
    objective[-1] = 1.0
    res = linprog(objective, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=[game.grand_value],
                  bounds=[(None, None)] * (n + 1), method="highs")
    if res.status != 0:
        raise InfeasibleError(f"least_core: the LP solver failed ({res.message})")
    return res.x[:n], float(res.x[n]), np.maximum(0.0, -np.asarray(res.ineqlin.marginals))


def _result(game: TUGame, masks: np.ndarray, solution: tuple, rounds: int, method: str, exact: bool, unit: float,
            restarts: int, max_evaluations: int, seed: int | None) -> LeastCore:
    x, eps, duals = solution
    if exact and game.enumerable:
        largest = float((game.values - coalition_sums(x))[1:-1].max())
    else:
        _, excess, _ = most_violated(game, x, count=1, restarts=restarts, max_evaluations=max_evaluations, seed=seed)
        largest = float(excess[0])
    collection, weights, surplus = _balanced_collection(game, masks, duals)
    empty = eps > unit
    status = "empty" if empty else "non-empty" if exact else "no blocking coalition found"
    return LeastCore(eps, x, bool(empty), status, collection, weights, surplus, largest, int(masks.size), rounds,
                     method, exact, unit, abs(float(x.sum()) - game.grand_value))


def _balanced_collection(game: TUGame, masks: np.ndarray, duals: np.ndarray):
    """The dual weights rescaled to a balanced collection, and its surplus :math:`\\sum \\delta_S v(S) - v(N)`."""
    keep = duals > 1e-12 * max(1.0, float(duals.max(initial=0.0)))
    if not keep.any():
        return (), np.zeros(0), 0.0
    rows = coalition_matrix(masks[keep], game.num_players)
    coverage = float((duals[keep] @ rows).mean())  # equal for every player at an optimum
    weights = duals[keep] / coverage
    surplus = float(weights @ game.evaluate(masks[keep]) - game.grand_value)
    collection = tuple(game.member_names(int(m)) for m in masks[keep])
    return collection, weights, surplus


def _one_player(game: TUGame, unit: float) -> LeastCore:
    x = np.array([game.grand_value])
    return LeastCore(0.0, x, False, "non-empty", (), np.zeros(0), 0.0, 0.0, 0, 0, "lp", True, unit, 0.0)

