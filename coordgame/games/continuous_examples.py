r"""Published continuous games with closed forms.

:func:`cournot` (linear demand, heterogeneous costs) with its closed-form equilibrium
:func:`cournot_equilibrium` (same argument order: intercept, slope, costs), :func:`public_good_game`
(Bergstrom, Blume & Varian 1986), :func:`tullock_contest` (Tullock 1980) and :func:`team_effort`
(Holmström 1982).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from coordgame._checks import positive_float, positive_int
from coordgame.errors import InvalidArgumentError
from coordgame.games.action_sets import Box
from coordgame.games.continuous import ContinuousGame

__all__ = ["cournot", "cournot_equilibrium", "public_good_game", "tullock_contest", "team_effort"]


def _costs(costs: Any, name: str = "costs") -> np.ndarray:
    c = np.atleast_1d(np.asarray(costs, dtype=float))
    if c.ndim != 1 or c.size == 0 or not np.all(np.isfinite(c)) or np.any(c < 0):
        raise InvalidArgumentError(f"{name}: expected a non-empty list of finite non-negative numbers, got {costs!r}")
    return c


def cournot(intercept: float, slope: float, costs: Any, *, quadratic_cost: float = 0.0,
            capacity: float = np.inf) -> ContinuousGame:
    r"""Cournot oligopoly (or capacity game) with linear inverse demand :math:`P(Q) = a - bQ`.

    Firm (region) *i* chooses a quantity or capacity :math:`q_i \in [0, \bar q]` and earns
    :math:`q_i (a - bQ) - c_i q_i - \tfrac d2 q_i^2`: heterogeneous unit costs :math:`c_i` and,
    with ``quadratic_cost`` :math:`d > 0`, convex costs of building capacity.  The game is an
    exact potential game with the concave potential
    :math:`\Phi(q) = aQ - \tfrac b2 (Q^2 + \sum_i q_i^2) - \sum_i (c_i q_i + \tfrac d2 q_i^2)`
    (Monderer & Shapley 1996), and all callables are vectorised (the Jacobian is matrix-free),
    so thousands of firms are cheap.  Capacities that are then sold at the market-clearing price
    give the same game (Kreps & Scheinkman 1983).  The equilibrium is :func:`cournot_equilibrium`
    (same argument order: ``intercept, slope, costs``).

    Parameters
    ----------
    intercept, slope : float
        Inverse demand :math:`P = a - bQ` (``a > 0``, ``b > 0``).
    costs : array_like, shape (n,)
        Finite non-negative unit costs, one per firm.
    quadratic_cost : float, default 0
        The :math:`d` of the capacity cost :math:`\tfrac d2 q_i^2`.
    capacity : float, default inf
        Upper bound :math:`\bar q` of every firm's quantity.

    Examples
    --------
    >>> import coordgame as cg
    >>> g = cg.games.cournot(10, 1, [1, 1])
    >>> g.payoffs([3, 3]).tolist()
    [9.0, 9.0]
    """
    a, b = float(intercept), positive_float(slope, "slope")
    if not np.isfinite(a) or a <= 0:
        raise InvalidArgumentError(f"intercept: expected a finite positive number, got {intercept!r}")
    c = _costs(costs)
    d = positive_float(quadratic_cost, "quadratic_cost", allow_zero=True)
    cap = positive_float(capacity, "capacity") if np.isfinite(capacity) else np.inf
    n = c.size

    def payoff(q):
        return q * (a - b * q.sum(axis=-1, keepdims=True)) - c * q - 0.5 * d * q**2

    def gradient(q):
        return a - b * q.sum(axis=-1, keepdims=True) - (b + d) * q - c

    def jacobian(q):
        # -b 1 1^T - (b + d) I, applied matrix-free: O(n) per product instead of an n x n matrix.
        from scipy.sparse.linalg import LinearOperator

        def matvec(v):
            v = np.asarray(v, dtype=float).reshape(-1)
            return -b * v.sum() - (b + d) * v

        return LinearOperator((n, n), matvec=matvec, rmatvec=matvec, dtype=float)

    def deviation_payoff(y, q):
        others = q.sum() - q
        return y * (a - b * (others + y)) - c * y - 0.5 * d * y**2

    def deviation_gradient(y, q):
        others = q.sum() - q
        return a - b * (others + y) - (b + d) * y - c

    def welfare_gradient(q, w):
        # d/dq_k sum_i w_i u_i = w_k (P - c_k - d q_k) - b sum_i w_i q_i: the price effect on everyone.
        return w * (a - b * q.sum() - c - d * q) - b * (w @ q)

    def potential(q):
        return a * q.sum() - 0.5 * b * (q.sum() ** 2 + q @ q) - c @ q - 0.5 * d * q @ q

    def potential_gradient(q):
        return a - b * q.sum() - (b + d) * q - c

    def cvxpy_potential(v):
        import cvxpy as cp

        return a * cp.sum(v) - 0.5 * b * (cp.square(cp.sum(v)) + cp.sum_squares(v)) - c @ v - 0.5 * d * cp.sum_squares(v)

    title = "Cournot oligopoly" if d == 0 else "Capacity game"
    return ContinuousGame([Box(0.0, cap) for _ in range(n)], payoff, gradient, jacobian=jacobian, vectorized=True,
                          deviation_payoff=deviation_payoff, deviation_gradient=deviation_gradient,
                          welfare_gradient=welfare_gradient, potential=potential, potential_gradient=potential_gradient,
                          cvxpy_potential=cvxpy_potential,
                          player_names=[f"Firm {k + 1}" for k in range(n)], title=f"{title} ({n} firms)")


def _market_costs(costs: Any) -> np.ndarray:
    c = np.asarray(costs, dtype=float)
    if c.ndim == 0:
        c = c.reshape(1)
    if c.shape[-1] == 0 or np.isnan(c).any() or (c < 0).any():
        raise InvalidArgumentError(f"costs: expected non-negative marginal costs (inf: firm absent), one market per "
                                   f"row of the last axis, got {costs!r}")
    return c


def _market_parameter(value: Any, name: str, *, positive: bool) -> np.ndarray:
    v = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(v)) or (positive and not np.all(v > 0)):
        raise InvalidArgumentError(f"{name}: expected finite{' positive' if positive else ''} numbers, got {value!r}")
    return v


def cournot_equilibrium(intercept: Any, slope: Any, costs: Any, *, quadratic_cost: float = 0.0) -> np.ndarray:
    r"""Closed-form equilibrium quantities of :func:`cournot` (no capacity limits), vectorised over markets.

    Firm *i*'s first-order condition is :math:`a - c_i - bQ - (b + d) q_i = 0` when it produces.
    With the active firms :math:`S`, summing gives
    :math:`Q = \sum_{j \in S} (a - c_j) / (b + d + |S| b)` and
    :math:`q_i = \max(0, a - c_i - bQ) / (b + d)`.  :math:`S` consists of the :math:`m` cheapest
    firms for the largest :math:`m` whose :math:`m`-th cheapest firm still has
    :math:`a - c_{(m)} - b Q_m > 0`; costlier firms produce nothing.  For :math:`d = 0` this is the
    textbook price :math:`p^* = (a + \sum_{j \in S} c_j) / (|S| + 1)` with
    :math:`q_i = (p^* - c_i)/b` (e.g. Vives 1999, *Oligopoly Pricing*, §4.1).  The market price is
    ``intercept - slope * q.sum(axis=-1)``.

    Parameters
    ----------
    intercept, slope : float or array_like
        Inverse demand :math:`P = a - bQ` (``slope > 0``); arrays broadcast against
        ``costs.shape[:-1]`` (one value per market).
    costs : array_like, shape (..., n)
        Non-negative constant marginal costs; ``costs[..., i]`` is firm *i*'s cost in market
        ``...``; ``inf`` marks a firm that is absent from that market (it produces 0).
    quadratic_cost : float, default 0
        The :math:`d` of the cost :math:`\tfrac d2 q_i^2`.

    Returns
    -------
    ndarray, shape like ``costs``
        Each firm's equilibrium quantity.

    Examples
    --------
    >>> import numpy as np
    >>> import coordgame as cg
    >>> cg.games.cournot_equilibrium(12, 1, [1, 2, 8]).tolist()  # the 8-cost firm stays out
    [4.0, 3.0, 0.0]
    >>> cg.games.cournot_equilibrium(12, 1, [1, 2, 8], quadratic_cost=1).tolist()
    [2.875, 2.375, 0.0]
    >>> q = cg.games.cournot_equilibrium(100, 1, [[10, 20, 60], [10, np.inf, np.inf]])  # two markets
    >>> q.round(4).tolist(), (100 - q.sum(axis=-1)).round(4).tolist()  # quantities, prices
    ([[33.3333, 23.3333, 0.0], [45.0, 0.0, 0.0]], [43.3333, 55.0])
    """
    c = _market_costs(costs)
    a = _market_parameter(intercept, "intercept", positive=False)[..., None]
    b = _market_parameter(slope, "slope", positive=True)[..., None]
    d = positive_float(quadratic_cost, "quadratic_cost", allow_zero=True)
    ordered = np.sort(c, axis=-1)
    finite = np.isfinite(ordered)
    margins = np.where(finite, a - np.where(finite, ordered, 0.0), 0.0)
    m = np.arange(1, c.shape[-1] + 1)
    totals = np.cumsum(margins, axis=-1) / (b + d + m * b)  # total output if the m cheapest produce
    # the m cheapest are active while the m-th cheapest still has a positive margin at that output
    active = np.logical_and.accumulate(finite & (margins - b * totals > 0), axis=-1)
    count = active.sum(axis=-1)
    total = np.take_along_axis(totals, np.maximum(count - 1, 0)[..., None], axis=-1)
    total = np.where(count[..., None] > 0, total, 0.0)
    present = np.isfinite(c)
    return np.where(present, np.maximum(a - np.where(present, c, 0.0) - b * total, 0.0), 0.0) / (b + d)


def public_good_game(valuations: Any, endowments: Any) -> ContinuousGame:
    """Voluntary contributions to a public good (Bergstrom, Blume & Varian 1986).

    Player *i* contributes :math:`x_i \\in [0, w_i]` and earns :math:`w_i - x_i + \\alpha_i \\ln(1 + X)`,
    :math:`X = \\sum_j x_j`.  With endowments large enough, in every Nash equilibrium the total is
    :math:`X^* = \\max(\\alpha_{\\max} - 1, 0)`, supplied by the players with the largest valuation
    alone (everyone else free-rides), while the utilitarian optimum provides
    :math:`\\sum_i \\alpha_i - 1`.  With equal valuations the game has the concave potential
    :math:`\\alpha \\ln(1 + X) - X`.

    Examples
    --------
    >>> import coordgame as cg
    >>> g = cg.games.public_good_game([2, 3], [10, 10])
    >>> g.payoffs([0, 2]).round(4).tolist()
    [12.1972, 11.2958]
    """
    alpha, w = _costs(valuations, "valuations"), _costs(endowments, "endowments")
    if alpha.shape != w.shape:
        raise InvalidArgumentError(f"valuations and endowments: expected equal lengths, got {alpha.size} and {w.size}")
    if np.any(w <= 0):
        raise InvalidArgumentError("endowments: expected positive numbers")

    def payoff(x):
        return w - x + alpha * np.log1p(x.sum(axis=-1, keepdims=True))

    def gradient(x):
        return -1.0 + alpha / (1.0 + x.sum(axis=-1, keepdims=True))

    def jacobian(x):
        return -np.outer(alpha, np.ones(alpha.size)) / (1.0 + x.sum()) ** 2

    def welfare_gradient(x, weights):
        return -weights + (weights @ alpha) / (1.0 + x.sum())

    extra: dict[str, Any] = {}
    if np.all(alpha == alpha[0]):
        def potential(x):
            return alpha[0] * np.log1p(x.sum()) - x.sum()

        def cvxpy_potential(v):
            import cvxpy as cp

            return alpha[0] * cp.log(1 + cp.sum(v)) - cp.sum(v)

        extra = {"potential": potential, "cvxpy_potential": cvxpy_potential}
    return ContinuousGame([Box(0.0, wi) for wi in w], payoff, gradient, jacobian=jacobian, vectorized=True,
                          welfare_gradient=welfare_gradient, title=f"Public-good contributions ({alpha.size} players)", **extra)


def tullock_contest(num_players: int = 2, value: float = 1.0, *, max_effort: float | None = None) -> ContinuousGame:
    """The Tullock (1980) lottery contest with ratio :math:`r = 1`.

    Player *i* spends effort :math:`x_i \\in [0, V]` and wins the prize *V* with probability
    :math:`x_i / X` (each wins with probability :math:`1/n` when nobody spends):
    :math:`u_i = V x_i / X - x_i`.  The unique equilibrium is symmetric,
    :math:`x^* = (n - 1) V / n^2`, so total rent dissipation is :math:`(n-1)/n` of the prize.

    Examples
    --------
    >>> import coordgame as cg
    >>> g = cg.games.tullock_contest(2, 1.0)
    >>> g.payoffs([0.25, 0.25]).tolist()
    [0.25, 0.25]
    """
    n = positive_int(num_players, "num_players", minimum=2)
    V = positive_float(value, "value")
    cap = V if max_effort is None else positive_float(max_effort, "max_effort")
    tiny = 1e-300

    def payoff(x):
        total = x.sum(axis=-1, keepdims=True)
        share = np.where(total > 0, x / np.maximum(total, tiny), 1.0 / n)
        return V * share - x

    def gradient(x):
        total = np.maximum(x.sum(axis=-1, keepdims=True), V * 1e-12)
        return V * (total - x) / total**2 - 1.0

    return ContinuousGame([Box(0.0, cap) for _ in range(n)], payoff, gradient, vectorized=True,
                          title=f"Tullock contest ({n} players)")


def team_effort(num_players: int = 2, productivity: float = 1.0, cost: float = 1.0) -> ContinuousGame:
    """Moral hazard in teams (Holmström 1982): output shared equally, effort privately costly.

    Player *i* chooses effort :math:`e_i \\ge 0`; output :math:`a \\sum_j e_j` is split equally and
    effort costs :math:`c e_i^2 / 2`: :math:`u_i = (a/n) \\sum_j e_j - c e_i^2/2`.  The equilibrium
    effort is :math:`a / (n c)`, the efficient effort :math:`a / c`: each player gets only a
    :math:`1/n` share of its marginal product.  Potential :math:`(a/n)\\sum_j e_j - (c/2)\\sum_j e_j^2`.

    Examples
    --------
    >>> import coordgame as cg
    >>> cg.games.team_effort(2, 1.0, 1.0).payoffs([0.5, 0.5]).tolist()
    [0.375, 0.375]
    """
    n = positive_int(num_players, "num_players", minimum=1)
    a, c = positive_float(productivity, "productivity"), positive_float(cost, "cost")

    def payoff(e):
        return (a / n) * e.sum(axis=-1, keepdims=True) - 0.5 * c * e**2

    def gradient(e):
        return a / n - c * e

    def cvxpy_potential(v):
        import cvxpy as cp

        return (a / n) * cp.sum(v) - 0.5 * c * cp.sum_squares(v)

    return ContinuousGame([Box(0.0, np.inf) for _ in range(n)], payoff, gradient,
                          jacobian=lambda e: -c * np.eye(n), vectorized=True,
                          welfare_gradient=lambda e, w: (a / n) * w.sum() - c * w * e,
                          potential=lambda e: (a / n) * e.sum() - 0.5 * c * e @ e, cvxpy_potential=cvxpy_potential,
                          title=f"Team effort ({n} players)")
