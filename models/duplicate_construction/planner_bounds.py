r"""Valid upper bounds for the second-best planner's branch and bound (one national Cournot market).

Industry k's second best chooses the set :math:`T` of regions that build; the clusters then
compete à la Cournot with costs :math:`c_r(T) = \max(0, \bar c_r - \sigma \sum_{r' \in T} w_{rr'})`
and welfare is :math:`W(T) = \frac{(a-P)^2}{2b} + \sum_{r \in T} \frac{m_r^2}{b} - \sum_{r \in T} F_r`,
:math:`m_r = (P - c_r)^+`, :math:`P = P(T)` the equilibrium price (:math:`F_r`: the fixed
cost, region-specific when a budget's multipliers are added to it).

A node of the search fixes the regions :math:`I` in and leaves :math:`U` undecided; its bound
must exceed :math:`W(T)` for every :math:`I \subseteq T \subseteq I \cup U`.  For every size
:math:`t = |T|` the bound uses, per candidate region, the lowest and highest cost it can have
in a set of that size — :math:`\ell_r(t)` (the spillovers of :math:`I` and of the
:math:`t - |I|` (or :math:`t-|I|-1` for :math:`r \in U`) largest weights from :math:`U`) and
:math:`u_r(t)` (the smallest) — and two facts of Cournot competition with linear demand:

* The equilibrium price minimises the convex function
  :math:`\Psi_T(P) = \tfrac12 (a-P)^2 + \tfrac12 \sum_{r \in T} ((P - c_r)^+)^2`
  (its derivative is :math:`\sum_r (P-c_r)^+ - (a-P)`, zero exactly at the equilibrium), and
  :math:`b\,S(T) = 2 \Psi_T(P(T)) - \tfrac12 (a - P(T))^2` for the gross surplus :math:`S`.
  Since :math:`\Psi_T \le \bar\Psi_t` pointwise (:math:`\bar\Psi_t`: the market of :math:`I` and
  the :math:`t - |I|` cheapest of :math:`U` at costs :math:`\ell(t)`) and the price is at most
  :math:`\bar P_t` (the price of :math:`I` and the :math:`t-|I|` dearest of :math:`U` at costs
  :math:`u(t)`; the price rises with every cost and falls with every firm),
  :math:`W(T) \le (2 \min \bar\Psi_t - \tfrac12 (a - \bar P_t)^2)/b - F_t`, :math:`F_t` the
  fixed costs of :math:`I` and the :math:`t-|I|` smallest of :math:`U` (the *potential bound*).
* With the price :math:`P \le \bar P_t`, the margins of the producers sum to :math:`a - P` and
  lie in :math:`[0, P - \ell_r(t)]`; maximising the convex :math:`\sum m_r^2` over that
  polytope (the *margin bound*, :func:`_margin_bound`) gives the best of the Cournot welfare of
  the :math:`J \le t` cheapest at costs :math:`\ell(t)` and the fill at :math:`\bar P_t`.

The bound is the largest over :math:`t` of the smaller of the two, and :math:`-F(I)` (nothing
produced).  At a leaf (:math:`U = \emptyset`) both equal :math:`W(I)`.

Both rest on one national market per industry (a single price).  With segmented regional
markets (delivery costs) they do not hold as stated; the planner then searches without them
(see :mod:`~coordgame.models.duplicate_construction.planner`).
"""

from __future__ import annotations

import numpy as np

__all__: list[str] = []


def _cournot_prices(a: float, costs: np.ndarray) -> np.ndarray:
    """Cournot prices of the markets in the rows of ``costs`` (inf: absent): :math:`\\min_J (a + S_J)/(J+1)`."""
    c = np.sort(costs, axis=-1)
    finite = np.isfinite(c)
    sums = np.cumsum(np.where(finite, c, 0.0), axis=-1)
    J = np.arange(1, c.shape[-1] + 1)
    prices = np.where(finite, (a + sums) / (J + 1), np.inf)
    return np.minimum(a, prices.min(axis=-1))


def cost_ranges(economy, k: int, inside: np.ndarray, free: np.ndarray, sizes: np.ndarray):
    """Lowest and highest costs :math:`\\ell_r(t), u_r(t)` of the candidate regions, shape (len(sizes), M)."""
    sigma = economy.params.sigma
    members = np.flatnonzero(inside | free)
    n_in = int(inside.sum())
    weights = economy.weights[members]
    in_spill = weights[:, inside].sum(axis=1)
    wf = weights[:, free]
    own = free[members]
    largest = np.concatenate([np.zeros((members.size, 1)), np.cumsum(-np.sort(-wf, axis=1), axis=1)], axis=1)
    wf_others = np.where(members[:, None] == np.flatnonzero(free)[None, :], np.inf, wf)
    asc = np.sort(wf_others, axis=1)
    smallest = np.concatenate([np.zeros((members.size, 1)), np.cumsum(np.where(np.isfinite(asc), asc, 0.0), axis=1)],
                              axis=1)
    extra = np.clip(sizes[:, None] - n_in - own[None, :], 0, wf.shape[1])  # (T, M) helpers from U
    rows = np.arange(members.size)[None, :]
    base = economy.base_cost[members, k]
    low = np.maximum(0.0, base - sigma * (in_spill + largest[rows, extra]))
    high = np.maximum(0.0, base - sigma * (in_spill + smallest[rows, extra]))
    return members, low, high


def _potential_bound(a: float, b: float, low: np.ndarray, high: np.ndarray, forced: np.ndarray,
                     extra: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per size: the potential bound on the gross surplus, and the highest price :math:`\\bar P_t`."""
    big = np.inf
    # rank the undecided candidates: cheapest by low (for Psi), dearest by high (for the price)
    rank_low = np.argsort(np.argsort(np.where(forced, -big, low), axis=1, kind="stable"), axis=1)
    rank_high = np.argsort(np.argsort(np.where(forced, -big, -high), axis=1, kind="stable"), axis=1)
    n_in = int(forced[0].sum())
    take = n_in + extra[:, None]
    psi_costs = np.where(forced | (rank_low < take), low, np.inf)
    price_costs = np.where(forced | (rank_high < take), high, np.inf)
    p_hi = _cournot_prices(a, price_costs)
    p_psi = _cournot_prices(a, psi_costs)
    margins = np.maximum(p_psi[:, None] - psi_costs, 0.0)
    psi_min = 0.5 * (a - p_psi) ** 2 + 0.5 * (np.where(np.isfinite(psi_costs), margins, 0.0) ** 2).sum(axis=1)
    return (2.0 * psi_min - 0.5 * (a - p_hi) ** 2) / b, p_hi


def _margin_bound(a: float, b: float, low: np.ndarray, sizes: np.ndarray, p_hi: np.ndarray) -> np.ndarray:
    """Per size t: the largest :math:`(a-P)^2/2b + \\sum m_r^2/b` over margins in :math:`[0, P-\\ell_r]`.

    At most t producers, price :math:`P \\le \\bar P_t`.
    """
    low = np.sort(low, axis=1)
    M = low.shape[1]
    J = np.arange(1, M + 1)
    S = np.cumsum(low, axis=1)
    prices = (a + S) / (J + 1)
    before = np.concatenate([np.full((low.shape[0], 1), a), prices[:, :-1]], axis=1)
    active = np.logical_and.accumulate(low < before, axis=1)
    gross = (a - prices) ** 2 / (2 * b) + (J * prices**2 - 2 * prices * S + np.cumsum(low**2, axis=1)) / b
    usable = active & (J[None, :] <= sizes[:, None]) & (prices <= p_hi[:, None] * (1 + 1e-12) + 1e-12)
    kinks = np.where(usable, gross, -np.inf).max(axis=1)
    budget = a - p_hi
    caps = np.maximum(p_hi[:, None] - low, 0.0)
    fill = np.clip(budget[:, None] - (np.cumsum(caps, axis=1) - caps), 0.0, caps)
    endpoint = budget**2 / (2 * b) + np.cumsum(fill**2, axis=1)[np.arange(sizes.size), np.minimum(sizes, M) - 1] / b
    return np.maximum(kinks, endpoint)


def national_bound(economy, k: int, inside: np.ndarray, outside: np.ndarray, fixed: np.ndarray) -> float:
    """The bound of the module docstring for the node (``inside``, ``outside``), fixed costs ``fixed`` (R,)."""
    p = economy.params
    a, b = p.demand_intercept, p.demand_slope
    free = ~inside & ~outside
    n_in, n_free = int(inside.sum()), int(free.sum())
    empty_value = -float(fixed[inside].sum())
    if n_in + n_free == 0:
        return empty_value
    sizes = np.arange(max(n_in, 1), n_in + n_free + 1)
    extra = sizes - n_in
    members, low, high = cost_ranges(economy, k, inside, free, sizes)
    forced = np.broadcast_to(inside[members], low.shape)
    potential, p_hi = _potential_bound(a, b, low, high, forced, extra)
    margin = _margin_bound(a, b, low, sizes, p_hi)
    fixed_sizes = fixed[inside].sum() + np.concatenate([[0.0], np.cumsum(np.sort(fixed[free]))])[extra]
    return float(max(empty_value, (np.minimum(potential, margin) - fixed_sizes).max()))
