r"""Bargaining solutions for n players: Nash (1950) and Kalai–Smorodinsky (1975).

A bargaining problem is a convex feasible set :math:`F \subset \mathbb{R}^n` of payoff vectors
and a disagreement point :math:`d \in F` with some :math:`u \in F`, :math:`u > d`.

* The (asymmetric) **Nash solution** with bargaining powers :math:`w_i > 0` maximises the Nash
  product, :math:`\max_{u \in F,\ u \ge d} \sum_i w_i \log(u_i - d_i)` (symmetric: :math:`w = 1`).
* The **Kalai–Smorodinsky solution** is the maximal point of :math:`F` on the segment from
  :math:`d` to the ideal (utopia) point :math:`b_i = \max\{u_i : u \in F,\ u \ge d\}`:
  :math:`u = d + t^*(b - d)`, :math:`t^* = \max\{t : d + t(b - d) \in F\}`.

**Feasible sets.**

* :class:`LinearFrontier` — :math:`F = \{u : a \cdot u \le c\}` with :math:`a > 0`
  (transferable utility when :math:`a = 1`, :math:`c = v(N)`).  Closed forms:
  Nash :math:`u_i = d_i + \frac{w_i}{\sum_j w_j}\,\frac{c - a \cdot d}{a_i}`; KS
  :math:`b_i = d_i + (c - a\cdot d)/a_i`, :math:`t^* = 1/n`, so
  :math:`u_i = d_i + \frac{c - a \cdot d}{n\,a_i}` — with equal powers the two coincide.
* An array of points, shape ``(m, n)``: :math:`F` is their convex hull with free disposal,
  :math:`\{u \le P^\top\lambda : \lambda \in \Delta_m\}`.  Nash is a convex (exponential-cone)
  programme solved with cvxpy; KS is :math:`n` linear programmes for the ideal point and one for
  :math:`t^*` (``scipy.optimize.linprog``, HiGHS).

**Verification.**  Nash: by concavity of the log-sum, :math:`u^*` is optimal iff the tangent
condition :math:`\sum_i w_i \frac{u_i - d_i}{u^*_i - d_i} \le \sum_i w_i` holds for every
:math:`u \in F` (at the vertices of a hull; for a linear frontier, :math:`w_i/(u^*_i - d_i)`
proportional to :math:`a_i`); the figure is the largest violation divided by
:math:`\sum_i w_i` (unit-free).  KS: the largest uniform improvement
:math:`\max\{s : u^* + s\,(b - d) \in F\}` (an LP, zero at a weakly Pareto-optimal point),
relative to :math:`\max_i (b_i - d_i)`.

Examples
--------
>>> from coordgame.coop import LinearFrontier, nash_bargaining
>>> nash_bargaining(LinearFrontier.transferable(10.0, 2), [2.0, 0.0]).payoffs.tolist()
[6.0, 4.0]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from scipy.optimize import linprog

from coordgame._arguments import checked_arguments
from coordgame.errors import InfeasibleError, InvalidArgumentError
from coordgame.results import Result

__all__ = ["LinearFrontier", "BargainingSolution", "nash_bargaining", "kalai_smorodinsky"]

#: Default tolerance of the bargaining verifications (unit-free: see the module docstring).
BARGAINING_TOL = 1e-6


@dataclass(frozen=True)
class LinearFrontier:
    """The feasible set :math:`\\{u : a \\cdot u \\le c\\}` (``weights`` :math:`a > 0`, ``total`` :math:`c`).

    Examples
    --------
    >>> LinearFrontier.transferable(1.0, 3).weights.tolist()
    [1.0, 1.0, 1.0]
    """

    weights: np.ndarray
    total: float

    def __post_init__(self) -> None:
        a = np.asarray(self.weights, dtype=float)
        if a.ndim != 1 or a.size == 0 or not np.all(np.isfinite(a)) or np.any(a <= 0):
            raise InvalidArgumentError(f"weights: expected positive finite frontier weights, got {self.weights!r}")
        if not np.isfinite(self.total):
            raise InvalidArgumentError(f"total: expected a finite number, got {self.total!r}")
        object.__setattr__(self, "weights", a)
        object.__setattr__(self, "total", float(self.total))

    @classmethod
    def transferable(cls, total: float, num_players: int) -> LinearFrontier:
        """Transferable utility: :math:`\\sum_i u_i \\le` ``total``."""
        if not isinstance(num_players, int) or num_players < 1:
            raise InvalidArgumentError(f"num_players: expected an integer >= 1, got {num_players!r}")
        return cls(np.ones(num_players), total)


@dataclass(frozen=True, repr=False)
class BargainingSolution(Result):
    """A bargaining solution: the payoffs, the disagreement point, and the optimality check.

    Attributes
    ----------
    payoffs : ndarray (n,)
    disagreement : ndarray (n,)
    ideal : ndarray (n,)
        The ideal point :math:`b` (Kalai–Smorodinsky; for Nash it is computed too, for reference).
    solution : str
        ``"nash"`` or ``"kalai_smorodinsky"``.
    method : str
        ``"closed_form"``, ``"convex_program"`` (cvxpy) or ``"linear_programs"``.
    optimality_residual : float
        The verification figure (see the module docstring), unit-free.
    tol : float

    Examples
    --------
    >>> from coordgame.coop import kalai_smorodinsky
    >>> ks = kalai_smorodinsky([[0, 0], [1, 0], [0, 1], [1, 0.7]], [0.2, 0])  # gains proportional to the ideal ones
    >>> ks.solution, ks.ideal.round(6).tolist(), ks.gains.round(6).tolist()  # gains 0.797 of (0.8, 0.94)
    ('kalai_smorodinsky', [1.0, 0.94], [0.637288, 0.748814])
    """

    payoffs: np.ndarray
    disagreement: np.ndarray
    ideal: np.ndarray
    solution: str
    method: str
    optimality_residual: float
    tol: float

    _verified_by: ClassVar = ("optimality residual", "optimality_residual", "tol", None)
    _dict_extras: ClassVar[tuple[str, ...]] = ("gains",)

    @property
    def gains(self) -> np.ndarray:
        """:math:`u - d`."""
        return self.payoffs - self.disagreement


@checked_arguments
def nash_bargaining(feasible: Any, disagreement: Any, *, bargaining_powers: Any = None,
                    tol: float = BARGAINING_TOL) -> BargainingSolution:
    """The (asymmetric) Nash bargaining solution (see the module docstring).

    Parameters
    ----------
    feasible : LinearFrontier or array_like (m, n)
        A linear frontier, or points whose convex hull (with free disposal) is the feasible set.
    disagreement : array_like (n,)
    bargaining_powers : array_like (n,), optional
        :math:`w_i > 0` (default all 1: the symmetric solution).
    tol : float
        Threshold of the tangent-condition check (unit-free).

    Examples
    --------
    >>> import numpy as np
    >>> from coordgame.coop import nash_bargaining
    >>> hull = [[0, 0], [1, 0], [0, 1], [1, 0.7]]
    >>> nash_bargaining(hull, [0, 0]).payoffs.round(6).tolist()
    [1.0, 0.7]
    """
    frontier, points, d = _checked_problem(feasible, disagreement)
    n = d.size
    w = np.ones(n) if bargaining_powers is None else _positive(bargaining_powers, n, "bargaining_powers")
    if frontier is not None:
        a, slack = frontier.weights, frontier.total - frontier.weights @ d
        u = d + (w / w.sum()) * slack / a
        ratio = w / (u - d)
        residual = float(np.abs(ratio / (ratio @ a / (a @ a)) - a).max() / a.max()) + abs(a @ u - frontier.total) / max(
            1.0, abs(frontier.total))
        return BargainingSolution(u, d, d + slack / a, "nash", "closed_form", residual, tol)
    u = _nash_on_hull(points, d, w)
    tangent = ((points - d) / (u - d)) @ w
    residual = max(0.0, float(tangent.max() - w.sum())) / w.sum()
    return BargainingSolution(u, d, _ideal(points, d), "nash", "convex_program", residual, tol)


@checked_arguments
def kalai_smorodinsky(feasible: Any, disagreement: Any, *, tol: float = BARGAINING_TOL) -> BargainingSolution:
    """The Kalai–Smorodinsky solution (see the module docstring).

    Examples
    --------
    >>> from coordgame.coop import kalai_smorodinsky
    >>> ks = kalai_smorodinsky([[0, 0], [1, 0], [0, 1], [1, 0.7]], [0, 0])
    >>> ks.payoffs.round(6).tolist(), ks.ideal.tolist()  # 10/13 each
    ([0.769231, 0.769231], [1.0, 1.0])
    """
    frontier, points, d = _checked_problem(feasible, disagreement)
    n = d.size
    if frontier is not None:
        a, slack = frontier.weights, frontier.total - frontier.weights @ d
        ideal = d + slack / a
        u = d + (ideal - d) / n
        residual = abs(float(a @ u) - frontier.total) / max(1.0, abs(frontier.total))
        return BargainingSolution(u, d, ideal, "kalai_smorodinsky", "closed_form", residual, tol)
    ideal = _ideal(points, d)
    t = _largest_step(points, d, ideal - d)
    u = d + t * (ideal - d)
    improvement = _largest_step(points, u, ideal - d)
    return BargainingSolution(u, d, ideal, "kalai_smorodinsky", "linear_programs", max(0.0, improvement), tol)


# ---------------------------------------------------------------------- convex hulls
def _nash_on_hull(points: np.ndarray, d: np.ndarray, w: np.ndarray) -> np.ndarray:
    import cvxpy as cp

    lam = cp.Variable(points.shape[0], nonneg=True)
    u = points.T @ lam
    scale = np.maximum(np.abs(points - d).max(axis=0), 1e-300)  # each player's gains in units of order 1
    problem = cp.Problem(cp.Maximize(w @ cp.log(cp.multiply(1.0 / scale, u - d))), [cp.sum(lam) == 1])
    try:  # tight interior-point tolerances: the tangent-condition check is strict
        problem.solve(solver=cp.CLARABEL, tol_gap_abs=1e-10, tol_gap_rel=1e-10, tol_feas=1e-10)
    except (cp.error.SolverError, ValueError):  # pragma: no cover - another conic solver
        problem.solve()
    if problem.status not in ("optimal", "optimal_inaccurate") or lam.value is None:
        raise InfeasibleError(f"nash_bargaining: the convex programme failed ({problem.status})")
    weights = np.maximum(lam.value, 0.0)
    return _polished(points, d, w, weights / max(weights.sum(), 1e-300))


def _polished(points: np.ndarray, d: np.ndarray, w: np.ndarray, lam: np.ndarray) -> np.ndarray:
    """Refine the interior-point answer on its support (SLSQP), keeping it if that does not help."""
    from scipy.optimize import minimize

    support = np.flatnonzero(lam > 1e-7 * lam.max())
    sub = points[support]

    def objective(z: np.ndarray) -> tuple[float, np.ndarray]:
        gains = np.maximum(z @ sub - d, 1e-300)
        return -float(w @ np.log(gains)), -sub @ (w / gains)

    res = minimize(objective, lam[support] / lam[support].sum(), jac=True, method="SLSQP",
                   bounds=[(0.0, 1.0)] * support.size, constraints=[{"type": "eq", "fun": lambda z: z.sum() - 1.0}],
                   options={"ftol": 1e-15, "maxiter": 200})
    start = points.T @ lam
    polished = sub.T @ np.clip(res.x, 0.0, None) / max(np.clip(res.x, 0.0, None).sum(), 1e-300)
    if np.all(polished > d) and w @ np.log(polished - d) >= w @ np.log(np.maximum(start - d, 1e-300)):
        return polished
    return start


def _ideal(points: np.ndarray, d: np.ndarray) -> np.ndarray:
    """:math:`b_i = \\max\\{u_i : u \\in F, u \\ge d\\}` by one LP per player."""
    m, n = points.shape
    ideal = np.empty(n)
    for i in range(n):
        res = linprog(-points[:, i], A_ub=-points.T, b_ub=-d, A_eq=np.ones((1, m)), b_eq=[1.0],
                      bounds=[(0, None)] * m, method="highs")
        if res.status != 0:
            raise InfeasibleError(f"disagreement: no feasible point weakly above it ({res.message})")
        ideal[i] = -res.fun
    return ideal


def _largest_step(points: np.ndarray, start: np.ndarray, direction: np.ndarray) -> float:
    """:math:`\\max\\{t : \\text{start} + t\\,\\text{direction} \\le P^\\top \\lambda,\\ \\lambda \\in \\Delta\\}`."""
    m = points.shape[0]
    objective = np.append(np.zeros(m), -1.0)
    a_ub = np.hstack([-points.T, direction[:, None]])
    res = linprog(objective, A_ub=a_ub, b_ub=-start, A_eq=np.append(np.ones(m), 0.0)[None, :], b_eq=[1.0],
                  bounds=[(0, None)] * m + [(None, None)], method="highs")
    if res.status != 0:
        raise InfeasibleError(f"kalai_smorodinsky: the LP failed ({res.message})")
    return float(-res.fun)


# ---------------------------------------------------------------------- arguments
def _checked_problem(feasible: Any, disagreement: Any):
    if isinstance(feasible, LinearFrontier):
        n = feasible.weights.size
        d = _vector(disagreement, n, "disagreement")
        if feasible.weights @ d >= feasible.total:
            raise InfeasibleError("disagreement: no feasible point gives every player more than it (a.d >= c)")
        return feasible, None, d
    try:
        points = np.array(feasible, dtype=float)
    except (TypeError, ValueError):
        raise InvalidArgumentError(f"feasible: expected a LinearFrontier or an (m, n) array of points, got "
                                   f"{type(feasible).__name__}") from None
    if points.ndim != 2 or points.shape[0] < 1 or points.shape[1] < 1 or not np.all(np.isfinite(points)):
        raise InvalidArgumentError(f"feasible: expected a LinearFrontier or a finite (m, n) array of points, "
                                   f"got shape {points.shape}")
    d = _vector(disagreement, points.shape[1], "disagreement")
    if _largest_step(points, d, np.ones_like(d)) <= 0:
        raise InfeasibleError("disagreement: no feasible point gives every player strictly more than it")
    return None, points, d


def _vector(value: Any, n: int, name: str) -> np.ndarray:
    try:
        v = np.array(value, dtype=float)
    except (TypeError, ValueError):
        raise InvalidArgumentError(f"{name}: expected {n} numbers, got {value!r}") from None
    if v.shape != (n,) or not np.all(np.isfinite(v)):
        raise InvalidArgumentError(f"{name}: expected {n} finite numbers, got {value!r}")
    return v


def _positive(value: Any, n: int, name: str) -> np.ndarray:
    v = _vector(value, n, name)
    if np.any(v <= 0):
        raise InvalidArgumentError(f"{name}: expected positive numbers, got {value!r}")
    return v
