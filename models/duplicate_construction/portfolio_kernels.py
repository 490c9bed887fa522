r"""Loop forms of a region's entry gains and best portfolio, compiled by numba when it is installed.

Payoffs separate across industries: region r's payoff is :math:`U_r(x) = \sum_k u_{rk}(x_{\cdot k})`,
where :math:`u_{rk}` depends on industry k's column alone.  So a region's whole choice is
described by its **entry gains** :math:`g_k = u_{rk}(x_{rk}=1) - u_{rk}(x_{rk}=0)` (others fixed),
and the value of a portfolio :math:`y \in \{0,1\}^K` is a constant plus :math:`\sum_k y_k g_k`.

* :func:`region_gains_loops` computes the K gains of one region in the national markets
  (:math:`O(K R \log R)`: two Cournot markets per industry, with and without the region), from
  the spillovers received :math:`s_{kj} = \sum_i x_{ik} w_{ij}`, kept up to date by the caller.
* :func:`best_portfolio_loops` is the exact best response over all :math:`2^K` portfolios
  without listing them.  Without a budget it is per industry (enter iff the gain is positive);
  with a budget of b clusters it is a knapsack whose items all weigh one, solved exactly by
  taking the b largest positive gains.  Entry into an industry whose quota is full is not
  allowed.  Ties within the tolerance are broken as
  :func:`~coordgame.solvers.dynamics.best_response_equilibria` breaks them over the listed
  portfolios (:func:`~coordgame.games.structured.binary_portfolios`): the lowest index, i.e.
  deciding industries from the last to the first, leaving one out whenever the best completion
  without it is still within the tolerance of the best value.

The same functions run as plain Python when numba is absent (:func:`kernels` returns None and
the caller computes the gains with :meth:`Economy.entry_values`).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

__all__: list[str] = []


def _cournot_price(a, costs, n):
    """Cournot price of the first ``n`` entries of ``costs`` (sorted in place): min over J of (a + S_J)/(J+1)."""
    costs[:n].sort()
    best = a
    total = 0.0
    for j in range(n):
        total += costs[j]
        p = (a + total) / (j + 2)
        if p < best:
            best = p
    return best


def _industry_part(a, b, sigma, base, weights, built, spill, r, k, entered, costs):
    """(region r's output value, its profit, total output value) in industry k with r in (entered=1) or out (0)."""
    R = base.shape[0]
    n = 0
    own = np.inf
    was = built[r, k]
    for j in range(R):
        present = entered if j == r else built[j, k]
        if present:
            s = spill[k, j]
            if j != r:
                s += (entered - was) * weights[r, j]
            c = base[j, k] - sigma * s
            c = c if c > 0.0 else 0.0
            costs[n] = c
            n += 1
            if j == r:
                own = c
    if n == 0:
        return 0.0, 0.0, 0.0
    p = _cournot_price(a, costs, n)
    total = 0.0
    for j in range(n):
        m = p - costs[j]
        if m > 0.0:
            total += p * m / b
    q = (p - own) / b if own < p else 0.0
    return p * q, b * q * q, total


def region_gains_loops(a, b, sigma, lam, theta, fixed, subsidy, base, weights, built, spill, r, out, costs):
    """Region r's entry gain in every industry (national markets), written into ``out`` (K,).

    Region r's part of industry k is its profit, plus λ times its output value, minus F, plus
    the instrument, plus θ times its output value less the others' mean (the tournament term).
    """
    R, K = base.shape
    tournament = theta if R > 1 else 0.0
    share = tournament / (R - 1) if R > 1 else 0.0
    for k in range(K):
        value, profit, total_in = _industry_part(a, b, sigma, base, weights, built, spill, r, k, 1, costs)
        _, _, total_out = _industry_part(a, b, sigma, base, weights, built, spill, r, k, 0, costs)
        part_in = profit + lam * value - fixed + subsidy[k] + (tournament + share) * value - share * total_in
        out[k] = part_in + share * total_out


def _top_value(gains, allowed, budget, n, scratch):
    """The best value sum_k y_k g_k over the first ``n`` industries, at most ``budget`` ones (< 0: no budget)."""
    m = 0
    total = 0.0
    for k in range(n):
        if allowed[k] and gains[k] > 0.0:
            if budget < 0:
                total += gains[k]
            else:
                scratch[m] = gains[k]
                m += 1
    if budget < 0:
        return total
    if m > budget:
        scratch[:m].sort()
        for i in range(m - budget, m):
            total += scratch[i]
    else:
        for i in range(m):
            total += scratch[i]
    return total


def best_portfolio_loops(gains, allowed, current, budget, atol, out, scratch):
    """Region's regret at ``current`` and, when it exceeds ``atol``, its lowest-index best portfolio in ``out``.

    Returns (regret, moved).  ``regret`` is inf when ``current`` is infeasible (enters a full
    industry or exceeds the budget); ``out`` is ``current`` when the region does not move.
    """
    K = gains.shape[0]
    value = 0.0
    count = 0
    feasible = True
    for k in range(K):
        out[k] = current[k]
        if current[k]:
            count += 1
            value += gains[k]
            if not allowed[k]:
                feasible = False
    if budget >= 0 and count > budget:
        feasible = False
    best = _top_value(gains, allowed, budget, K, scratch)
    regret = best - value if feasible else np.inf
    if feasible and value >= best - atol:
        return (regret if regret > 0.0 else 0.0), False
    target = best - atol
    decided = 0.0
    used = 0
    for k in range(K - 1, -1, -1):
        left = budget - used if budget >= 0 else -1
        can_enter = allowed[k] and (budget < 0 or left > 0)
        if can_enter and decided + _top_value(gains, allowed, left, k, scratch) < target:
            out[k] = 1
            decided += gains[k]
            used += 1
        else:
            out[k] = 0
    return regret, True


@lru_cache(maxsize=1)
def kernels():
    """The compiled kernels, or None without numba."""
    from coordgame.solvers._numba import compile_functions

    return compile_functions(__name__, {"_cournot_price": "_cournot_price", "_industry_part": "_industry_part",
                                        "region_gains_loops": "region_gains_loops", "_top_value": "_top_value",
                                        "best_portfolio_loops": "best_portfolio_loops"})
