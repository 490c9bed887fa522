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

* :func:`dynamics_loops` runs a whole sequential best-response path (the caller re-runs a path
  that has not converged with cycle detection), :func:`cournot_rows_loops` the Cournot markets of
  :meth:`Economy.outcome`, :func:`quota_extremes_loops` the quota regime's search over licence sets.

The same functions run as plain Python when numba is absent, and economies with fewer than
:data:`COMPILED_MIN_REGIONS` regions use the array forms (:func:`kernels_for` returns None and
the caller computes the gains with :meth:`Economy.entry_values`).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

# One Cournot price loop for the model: the planner's.  The compiled namespace built from this module
# must hold the constant it reads too.
from .planner_kernels import INSERTION_SORT_MAX  # noqa: F401
from .planner_kernels import _price_of as _cournot_price

__all__: list[str] = []



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


def spill_loops(built, weights, spill):
    """Spillovers received, ``spill[k, j] = sum_i built[i, k] * weights[i, j]``, over the built entries only."""
    R, K = built.shape
    spill[:, :] = 0.0
    for i in range(R):
        for k in range(K):
            if built[i, k]:
                for j in range(R):
                    spill[k, j] += weights[i, j]


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


def all_gains_loops(a, b, sigma, lam, theta, fixed, subsidy, base, weights, built, spill, out, row, costs):
    """Every region's entry gains (R, K) into ``out``; ``row`` is a (K,) scratch array."""
    for r in range(base.shape[0]):
        region_gains_loops(a, b, sigma, lam, theta, fixed, subsidy, base, weights, built, spill, r, row, costs)
        out[r, :] = row


def industry_gains_loops(a, b, sigma, lam, theta, fixed, subsidy, base, weights, built, spill, k, out, costs):
    """Every region's entry gain in industry k alone, into ``out`` (R,)."""
    R = base.shape[0]
    tournament = theta if R > 1 else 0.0
    share = tournament / (R - 1) if R > 1 else 0.0
    for r in range(R):
        value, profit, total_in = _industry_part(a, b, sigma, base, weights, built, spill, r, k, 1, costs)
        _, _, total_out = _industry_part(a, b, sigma, base, weights, built, spill, r, k, 0, costs)
        out[r] = profit + lam * value - fixed + subsidy[k] + (tournament + share) * value - share * total_in \
            + share * total_out


def _set_value(a, b, costs, m):
    """Cournot price and output value of the market with the first ``m`` of ``costs`` (sorted in place)."""
    if m == 0:
        return a, 0.0
    p = _cournot_price(a, costs, m)
    total = 0.0
    for i in range(m):
        if costs[i] < p:
            total += (p - costs[i]) / b
    return p, p * total


def _members_spill(base, sigma, weights, members, n, spill, own):
    """Each member's spillover received within the set ``members[:n]`` and its marginal cost."""
    for i in range(n):
        j = members[i]
        s = 0.0
        for t in range(n):
            s += weights[members[t], j]  # zero diagonal
        spill[i] = s
        c = base[j] - sigma * s
        own[i] = c if c > 0.0 else 0.0


def _someone_leaves(a, b, sigma, lam, tournament, share, fixed, base, weights, members, n, spill, own, p, value,
                    atol, costs):
    """Whether some member of the set gains more than ``atol`` by leaving it (cheapest test first).

    A member's part with the set is ``with = b q^2 + lam v - F + (theta + share) v - share Y`` and
    without it ``-share Y'`` (``Y'``: the others' output value without it, >= 0), so a member
    with ``with >= -atol`` cannot gain; only the others need the market without them.
    """
    for i in range(n):
        q = (p - own[i]) / b if own[i] < p else 0.0
        v = p * q
        with_part = b * q * q + lam * v - fixed + (tournament + share) * v - share * value
        if with_part >= -atol:
            continue
        j = members[i]
        m = 0
        for t in range(n):
            if t != i:
                c = base[members[t]] - sigma * (spill[t] - weights[j, members[t]])
                costs[m] = c if c > 0.0 else 0.0
                m += 1
        _, value_out = _set_value(a, b, costs, m)
        if -share * value_out - with_part > atol:
            return True
    return False


def _someone_enters(a, b, sigma, lam, tournament, share, fixed, base, weights, members, n, spill, value, atol,
                    costs):
    """Whether some region outside the set ``members[:n]`` (ascending) gains more than ``atol`` by entering."""
    R = base.shape[0]
    inside = 0
    for o in range(R):
        if inside < n and members[inside] == o:
            inside += 1
            continue
        s = 0.0
        for t in range(n):
            j = members[t]
            c = base[j] - sigma * (spill[t] + weights[o, j])
            costs[t] = c if c > 0.0 else 0.0
            s += weights[j, o]
        c_o = base[o] - sigma * s
        c_o = c_o if c_o > 0.0 else 0.0
        costs[n] = c_o
        p2, value_in = _set_value(a, b, costs, n + 1)
        q = (p2 - c_o) / b if c_o < p2 else 0.0
        v = p2 * q
        entering = b * q * q + lam * v - fixed + (tournament + share) * v - share * value_in + share * value
        if entering > atol:
            return True
    return False


def quota_extremes_loops(a, b, sigma, lam, theta, fixed, base, weights, quota, atol, best_set, worst_set):
    r"""Every equilibrium of one industry's entry game under a quota (national market), without listing them.

    Sets S of at most ``quota`` regions, by size and then in lexicographic order (as
    :func:`industry_equilibria` lists them).  S is stable when no member gains more than ``atol``
    by leaving and, while \|S\| < quota, no outsider gains more than ``atol`` by entering.
    Returns (number of equilibria, size and welfare of the best, size and welfare of the worst)
    and writes the best and worst sets (first found on ties) into ``best_set``/``worst_set``.

    Each set costs :math:`O(n^2)` for its members' spillovers and one market; a member's leaving
    is checked by a market without it only when its part with the set is negative, and an
    outsider's entry by one market with it, its costs shifted from the members' spillovers.
    """
    R = base.shape[0]
    tournament = theta if R > 1 else 0.0
    share = tournament / (R - 1) if R > 1 else 0.0
    costs = np.empty(R + 1)
    own = np.empty(R + 1)
    spill = np.empty(R + 1)
    members = np.empty(R + 1, np.int64)
    count = 0
    best_w = -np.inf
    worst_w = np.inf
    best_n = -1
    worst_n = -1
    top = quota if quota < R else R
    for n in range(top + 1):
        for i in range(n):
            members[i] = i
        while True:
            _members_spill(base, sigma, weights, members, n, spill, own)
            costs[:n] = own[:n]
            p, value = _set_value(a, b, costs, n)
            total = 0.0
            squares = 0.0
            for i in range(n):  # over the sorted costs, as the welfare of the array path sums them
                if costs[i] < p:
                    q = (p - costs[i]) / b
                    total += q
                    squares += q * q
            stable = not _someone_leaves(a, b, sigma, lam, tournament, share, fixed, base, weights, members, n,
                                         spill, own, p, value, atol, costs)
            if stable and n < quota:
                stable = not _someone_enters(a, b, sigma, lam, tournament, share, fixed, base, weights, members, n,
                                             spill, value, atol, costs)
            if stable:
                count += 1
                welfare = b * (0.5 * total * total + squares) - fixed * n
                if welfare > best_w:
                    best_w = welfare
                    best_n = n
                    best_set[:n] = members[:n]
                if welfare < worst_w:
                    worst_w = welfare
                    worst_n = n
                    worst_set[:n] = members[:n]
            # next n-subset in lexicographic order
            i = n - 1
            while i >= 0 and members[i] == R - n + i:
                i -= 1
            if i < 0:
                break
            members[i] += 1
            for t in range(i + 1, n):
                members[t] = members[t - 1] + 1
    return count, best_n, best_w, worst_n, worst_w


def welfare_loops(a, b, sigma, fixed, base, weights, built, members, costs):
    """National welfare of the portfolio matrix ``built`` (R, K), one national market per industry."""
    R, K = base.shape
    out = 0.0
    for k in range(K):
        n = 0
        for j in range(R):
            if built[j, k]:
                members[n] = j
                n += 1
        if n == 0:
            continue
        for i in range(n):
            j = members[i]
            s = 0.0
            for t in range(n):
                s += weights[members[t], j]  # zero diagonal
            c = base[j, k] - sigma * s
            costs[i] = c if c > 0.0 else 0.0
        p = _cournot_price(a, costs, n)
        total = 0.0
        squares = 0.0
        for i in range(n):
            q = (p - costs[i]) / b
            if q > 0.0:
                total += q
                squares += q * q
        out += b * (0.5 * total * total + squares) - fixed * n
    return out


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
    # sums taken in different orders differ by rounding: allow that much (a bound on it) on top of atol
    rounding = 0.0
    for k in range(K):
        rounding += abs(gains[k])
    rounding *= 4.0 * K * 2.220446049250313e-16
    if feasible and value >= best - atol - rounding:
        return (regret if regret > 0.0 else 0.0), False
    target = best - atol - rounding
    decided = 0.0
    used = 0
    for k in range(K - 1, -1, -1):
        left = budget - used if budget >= 0 else -1
        # a gain <= 0 never helps reach the target, so only positive gains are taken
        can_enter = allowed[k] and gains[k] > 0.0 and (budget < 0 or left > 0)
        if can_enter and decided + _top_value(gains, allowed, left, k, scratch) < target:
            out[k] = 1
            decided += gains[k]
            used += 1
        else:
            out[k] = 0
    return regret, True


def dynamics_loops(a, b, sigma, lam, theta, fixed, subsidy, base, weights, x, spill, limits, budget, atol,
                   max_steps):
    """Sequential round-robin best-response dynamics from ``x`` (moved in place), as ``portfolio._run`` runs them.

    Region ``(step - 1) % R`` moves at each step to :func:`best_portfolio_loops`' choice when its
    regret exceeds ``atol``; ``spill`` (K, R) is kept equal to the spillovers of ``x``.  ``limits``
    (K,) are the quotas (empty: none), ``budget`` < 0: none.  Returns (converged, last step at
    which a region moved); stops unconverged once a move would come after ``max_steps`` (the
    caller then runs the path again with cycle detection).
    """
    R, K = x.shape
    gains = np.empty(K)
    costs = np.empty(R)
    row = np.empty(K, np.int8)
    scratch = np.empty(K)
    allowed = np.ones(K, np.bool_)
    colsum = np.zeros(K, np.int64)
    for i in range(R):
        for k in range(K):
            colsum[k] += x[i, k]
    quotas = limits.shape[0] > 0
    streak = 0
    step = 0
    last_move = 0
    while streak < R:
        step += 1
        r = (step - 1) % R
        if quotas:
            for k in range(K):
                allowed[k] = (colsum[k] - x[r, k]) < limits[k]
        region_gains_loops(a, b, sigma, lam, theta, fixed, subsidy, base, weights, x, spill, r, gains, costs)
        _, moved = best_portfolio_loops(gains, allowed, x[r], budget, atol, row, scratch)
        if not moved:
            streak += 1
            continue
        if step > max_steps:
            return False, last_move
        streak = 0
        last_move = step
        for k in range(K):
            change = row[k] - x[r, k]
            if change != 0:
                colsum[k] += change
                for j in range(R):
                    spill[k, j] += change * weights[r, j]
                x[r, k] = row[k]
    return True, last_move


def cournot_rows_loops(a, b, costs, price, quantities, scratch):
    r"""The Cournot market of every row of ``costs`` (N, n; ``inf``: absent): price (N,) and quantities (N, n).

    The price is :func:`_cournot_price` of the present firms (``a`` with none) and a firm's
    quantity :math:`\max(P - c, 0)/b`, as :func:`~coordgame.games.cournot_equilibrium` gives them.
    """
    N, n = costs.shape
    for i in range(N):
        m = 0
        for j in range(n):
            if costs[i, j] < np.inf:
                scratch[m] = costs[i, j]
                m += 1
        p = _cournot_price(a, scratch, m) if m > 0 else a
        price[i] = p
        for j in range(n):
            c = costs[i, j]
            quantities[i, j] = (p - c) / b if c < p else 0.0


#: Economies with fewer regions use the array forms throughout and never import numba: their calls take
#: milliseconds in numpy, while loading the compiled kernels from numba's cache takes seconds and compiling
#: them (a new environment, or after the source changes) a minute.  The planner's threshold is the same.
COMPILED_MIN_REGIONS = 12


def kernels_for(num_regions):
    """The compiled kernels for an economy of ``num_regions`` regions, or None for the array forms."""
    return kernels() if num_regions >= COMPILED_MIN_REGIONS else None


def as_kernel_array(a, dtype):
    """``a`` as a C-contiguous, writable array of ``dtype``.

    The compiled kernels are specialised, and cached on disk, per argument type, and numba
    types a read-only array apart from a writable one: passing one kind only keeps each
    kernel to one compiled version (a second would be compiled in every new cache).
    """
    out = np.ascontiguousarray(a, dtype=dtype)
    return out if out.flags.writeable else out.copy()


@lru_cache(maxsize=1)
def kernels():
    """The compiled kernels, or None without numba."""
    from coordgame.solvers._numba import compile_functions

    return compile_functions(__name__, {"_cournot_price": "_cournot_price", "_industry_part": "_industry_part",
                                        "region_gains_loops": "region_gains_loops", "all_gains_loops": "all_gains_loops",
                                        "industry_gains_loops": "industry_gains_loops", "spill_loops": "spill_loops",
                                        "welfare_loops": "welfare_loops",
                                        "_set_value": "_set_value", "_members_spill": "_members_spill",
                                        "_someone_leaves": "_someone_leaves", "_someone_enters": "_someone_enters",
                                        "quota_extremes_loops": "quota_extremes_loops", "_top_value": "_top_value",
                                        "best_portfolio_loops": "best_portfolio_loops",
                                        "dynamics_loops": "dynamics_loops",
                                        "cournot_rows_loops": "cournot_rows_loops"})
