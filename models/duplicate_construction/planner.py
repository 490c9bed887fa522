"""The planner: second best (chooses clusters, the market stays Cournot) and first best (also sets output)."""

from __future__ import annotations

from typing import Any

import numpy as np

from coordgame.solvers.subset_search import branch_and_bound_subsets
from coordgame.tolerances import DEFAULT_TOL, absolute_tolerance

from .economy import Economy
from .market import market_outcome
from .markets import segmented_first_best, segmented_first_best_welfare, segmented_second_best_bound

__all__ = ["second_best", "first_best"]


def _industry_value(economy: Economy, k: int, masks: np.ndarray) -> np.ndarray:
    """Second-best welfare of industry k for boolean region masks (..., R)."""
    return economy.industry_welfare(np.asarray(masks, dtype=float), k)


def _second_best_bound(economy: Economy, k: int, inside: np.ndarray, outside: np.ndarray) -> float:
    r"""Valid upper bound on industry k's Cournot welfare over all sets T with I ⊆ T ⊆ I ∪ U.

    Fix the number of clusters :math:`t = |T|`.  No cluster's cost can be below
    :math:`\ell_r(t) = \max(0, \bar c_r - \sigma(\sum_{I} w_{rr'} + \text{the } t-|I| \text{ largest } w_{rr'}, r' \in U))`.
    In a Cournot equilibrium with price P the margins :math:`m_r = P - c_r` of the active
    clusters sum to :math:`a - P`, lie in :math:`[0, P - \ell_r]`, and
    :math:`W(T) = (a-P)^2/2b + \sum m_r^2/b - F t`.  Maximising the convex function
    :math:`\sum m_r^2` over that box-and-budget polytope fills the largest caps first; as a function
    of P the resulting value is convex between the prices :math:`P_J` at which the J cheapest
    clusters (at costs :math:`\ell(t)`) exactly exhaust the budget — the J-firm Cournot prices — so
    its maximum over :math:`P \le P_{hi}` (the price of I alone at its own costs, an upper bound
    on the price of any T) is attained at some :math:`P_J` (value: the Cournot welfare of the J
    cheapest at costs :math:`\ell(t)`) or at :math:`P_{hi}`.  The bound is the largest over t of
    that value minus :math:`F t`, and :math:`-F|I|` (nothing produced).
    """
    if economy.segmented:  # regional markets: the same argument market by market
        return segmented_second_best_bound(economy, k, inside, outside)
    p = economy.params
    a, b, F, sigma = p.demand_intercept, p.demand_slope, p.fixed_cost, p.sigma
    free = ~inside & ~outside
    members = np.flatnonzero(inside | free)
    n_in = int(inside.sum())
    empty_value = 0.0 if n_in == 0 else -F * n_in
    if members.size == 0:
        return empty_value
    weights = economy.weights[members]
    top = -np.sort(-weights[:, free], axis=1)
    top_sums = np.concatenate([np.zeros((members.size, 1)), np.cumsum(top, axis=1)], axis=1)  # (M, |U|+1)
    sizes = np.arange(max(n_in, 1), members.size + 1)  # t
    extra = np.minimum(sizes - n_in, top_sums.shape[1] - 1)
    spill = weights[:, inside].sum(axis=1)[None, :] + top_sums[:, extra].T  # (T, M)
    low = np.sort(np.maximum(0.0, economy.base_cost[members, k][None, :] - sigma * spill), axis=1)
    if n_in:
        high = economy.costs(inside.astype(float), k)
        p_hi = float(market_outcome(a, b, np.where(inside, high, np.inf))[0])
    else:
        p_hi = a
    J = np.arange(1, members.size + 1)
    S = np.cumsum(low, axis=1)
    prices = (a + S) / (J + 1)
    before = np.concatenate([np.full((low.shape[0], 1), a), prices[:, :-1]], axis=1)
    active = np.logical_and.accumulate(low < before, axis=1)
    gross = (a - prices) ** 2 / (2 * b) + (J * prices**2 - 2 * prices * S + np.cumsum(low**2, axis=1)) / b
    usable = active & (J[None, :] <= sizes[:, None]) & (prices <= p_hi * (1 + 1e-12) + 1e-12)
    kinks = np.where(usable, gross, -np.inf).max(axis=1)
    budget = a - p_hi
    caps = np.maximum(p_hi - low, 0.0)
    fill = np.clip(budget - (np.cumsum(caps, axis=1) - caps), 0.0, caps)
    endpoint = budget**2 / (2 * b) + np.cumsum(fill**2, axis=1)[np.arange(sizes.size), sizes - 1] / b
    return float(max(empty_value, (np.maximum(kinks, endpoint) - F * sizes).max()))


def _greedy_set(economy: Economy, k: int) -> np.ndarray:
    """Add the region that raises industry k's welfare most, while some region does."""
    R = economy.num_regions
    mask = np.zeros(R, dtype=bool)
    current = 0.0
    while not mask.all():
        trials = np.repeat(mask[None, :], R, axis=0)
        trials[np.arange(R), np.arange(R)] = True
        values = np.where(mask, -np.inf, _industry_value(economy, k, trials))
        best = int(np.argmax(values))
        if values[best] <= current:
            break
        mask, current = trials[best], float(values[best])
    return mask


def second_best(economy: Economy, *, max_nodes: int = 5_000, tol: float = DEFAULT_TOL) -> tuple[np.ndarray, dict[str, Any]]:
    """The planner's choice of clusters with the market left to Cournot (second best).

    Industry by industry, branch and bound over the set of regions that build, with the bound
    of :func:`_second_best_bound` and a greedy starting incumbent.  With a ``budget`` the
    industries are coupled; the per-industry optima are then an upper bound (a relaxation) and,
    if they break the budget, clusters are dropped greedily (least welfare lost first) and the
    gap to the relaxation is reported.

    Returns
    -------
    x : ndarray (R, K) of int
    info : dict
        ``welfare``, ``upper_bound``, ``gap`` (certified), ``exact`` (bool), ``method``, ``nodes``.

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy, second_best
    >>> x, info = second_best(build_economy(Parameters(num_regions=6, num_industries=2)))
    >>> x.shape, info["exact"], info["gap"]
    ((6, 2), True, 0.0)
    """
    R, K = economy.num_regions, economy.num_industries
    x = np.zeros((R, K), dtype=np.int64)
    upper, nodes, exact = 0.0, 0, True
    atol = absolute_tolerance(tol, economy)
    for k in range(K):
        res = branch_and_bound_subsets(
            R, lambda m, k=k: float(_industry_value(economy, k, m)),
            lambda i, o, k=k: _second_best_bound(economy, k, i, o),
            order=np.argsort(economy.base_cost[:, k], kind="stable"), initial=_greedy_set(economy, k),
            max_nodes=max_nodes, tol=atol)
        x[:, k] = res.best
        upper += res.upper_bound
        nodes += res.nodes
        exact &= res.exact
    method = "branch_and_bound" if exact else "branch_and_bound (node limit: certified gap)"
    x, upper, exact, method = _respect_budget(economy, x, upper, exact, method, economy.welfare)
    value = economy.welfare(x)
    gap = 0.0 if exact else max(0.0, upper - value)
    return x, {"welfare": value, "upper_bound": max(upper, value), "gap": gap, "exact": exact, "method": method,
               "nodes": nodes}


def _respect_budget(economy: Economy, x: np.ndarray, upper: float, exact: bool, method: str, welfare_of):
    """Drop clusters (least welfare lost first) until every region is within the budget."""
    budget = economy.params.budget
    if budget is None or (x.sum(axis=1) <= budget).all():
        return x, upper, exact, method
    x = x.copy()
    while (x.sum(axis=1) > budget).any():
        r = int(np.argmax(x.sum(axis=1) - budget))
        options = []
        for k in np.flatnonzero(x[r]):
            trial = x.copy()
            trial[r, k] = 0
            options.append((welfare_of(trial), int(k)))
        x[r, max(options)[1]] = 0
    return x, upper, False, "per-industry optimum (relaxation) repaired to the budget: certified gap"


def _first_best_welfare(economy: Economy, built: np.ndarray) -> np.ndarray:
    """First-best welfare per industry for ``built`` (..., K, R): the cheapest built cluster produces at P = c."""
    if economy.segmented:
        return segmented_first_best_welfare(economy, built)
    p = economy.params
    c = np.where(built > 0, economy.costs(built), np.inf).min(axis=-1)
    surplus = np.where(np.isfinite(c), np.maximum(p.demand_intercept - c, 0.0) ** 2 / (2 * p.demand_slope), 0.0)
    return surplus - p.fixed_cost * built.sum(axis=-1)


def first_best(economy: Economy) -> tuple[np.ndarray, dict[str, Any]]:
    """The planner's choice of clusters *and* quantities (first best), exactly.

    Price equals the marginal cost of the cheapest built cluster, which supplies the market;
    other clusters are built only for the spillovers that lower its cost.  For a producer r
    with j helpers, the best helpers are the j with the largest weights :math:`w_{rr'}` (fixed
    cost is uniform and surplus rises with the cost reduction), so the optimum is the best of
    the :math:`R^2` pairs (r, j), or building nothing.  Exact; with a ``budget`` the per-industry
    optimum is repaired greedily and the gap to it reported.

    Returns
    -------
    x : ndarray (R, K) of int
    info : dict with ``welfare``, ``upper_bound``, ``gap``, ``exact``, ``method``

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy, first_best, second_best
    >>> e = build_economy(Parameters(num_regions=6, num_industries=2))
    >>> first_best(e)[1]["welfare"] >= second_best(e)[1]["welfare"]
    True
    """
    if economy.segmented:  # several producers may serve different markets: local search, certified gap
        return segmented_first_best(economy, [second_best(economy)[0]])
    p = economy.params
    R, K = economy.num_regions, economy.num_industries
    w = economy.weights.copy()
    np.fill_diagonal(w, -np.inf)
    helpers = np.argsort(-w, axis=1, kind="stable")[:, : R - 1]  # others, by decreasing weight
    top = np.take_along_axis(economy.weights, helpers, axis=1)
    spill = np.concatenate([np.zeros((R, 1)), np.cumsum(top, axis=1)], axis=1)  # (R, R): j helpers
    x = np.zeros((R, K), dtype=np.int64)
    for k in range(K):
        cost = np.maximum(0.0, economy.base_cost[:, k, None] - p.sigma * spill)
        value = np.maximum(p.demand_intercept - cost, 0.0) ** 2 / (2 * p.demand_slope) - p.fixed_cost * (1 + np.arange(R))
        r, j = np.unravel_index(int(np.argmax(value)), value.shape)
        if value[r, j] > 0.0:
            x[r, k] = 1
            x[helpers[r, :j], k] = 1
    upper = float(_first_best_welfare(economy, x.T.astype(float)).sum())
    x, upper, exact, method = _respect_budget(economy, x, upper, True, "exact (producer x helpers enumeration)",
                                              lambda z: float(_first_best_welfare(economy, z.T.astype(float)).sum()))
    value = float(_first_best_welfare(economy, x.T.astype(float)).sum())
    return x, {"welfare": value, "upper_bound": max(upper, value), "gap": 0.0 if exact else max(0.0, upper - value),
               "exact": exact, "method": method}
