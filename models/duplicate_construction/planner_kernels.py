"""Loop forms of the planner's node bound and of one market's welfare, compiled by numba when it is installed.

The same mathematics as :func:`~coordgame.models.duplicate_construction.planner_bounds.national_bound`
(one national market), written as plain loops so that numba compiles them
(:func:`coordgame.solvers._numba.compile_functions`); without numba the array forms are used.
A node's bound costs some microseconds compiled against about a millisecond in numpy, which
is what lets the branch and bound certify the hard high-spillover economies.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

__all__: list[str] = []


def _price_of(a, costs, n):
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


def node_bound_loops(a, b, sigma, base, weights, inside, outside, fixed):
    """The node bound (see planner_bounds) for one industry: ``base`` (R,), ``weights`` (R, R)."""
    R = base.shape[0]
    members = np.empty(R, np.int64)
    frees = np.empty(R, np.int64)
    M = 0
    nf = 0
    n_in = 0
    empty_value = 0.0
    for r in range(R):
        if inside[r]:
            members[M] = r
            M += 1
            n_in += 1
            empty_value -= fixed[r]
        elif not outside[r]:
            members[M] = r
            M += 1
            frees[nf] = r
            nf += 1
    if M == 0:
        return empty_value
    in_spill = np.zeros(M)
    largest = np.zeros((M, nf + 1))
    smallest = np.zeros((M, nf + 1))
    own = np.zeros(M, np.int64)
    row = np.empty(nf)
    for i in range(M):
        r = members[i]
        s = 0.0
        for j in range(R):
            if inside[j]:
                s += weights[r, j]
        in_spill[i] = s
        count = 0
        for j in range(nf):
            if frees[j] == r:
                own[i] = 1
            else:
                row[count] = weights[r, frees[j]]
                count += 1
        vals = np.sort(row[:count])
        for j in range(count):
            smallest[i, j + 1] = smallest[i, j] + vals[j]
            largest[i, j + 1] = largest[i, j] + vals[count - 1 - j]
        for j in range(count, nf):
            smallest[i, j + 1] = smallest[i, j]
            largest[i, j + 1] = largest[i, j]
    fixed_in = 0.0
    free_fixed = np.empty(nf)
    for j in range(nf):
        free_fixed[j] = fixed[frees[j]]
    free_fixed.sort()
    for i in range(M):
        if own[i] == 0:
            fixed_in += fixed[members[i]]
    low = np.empty(M)
    high = np.empty(M)
    work = np.empty(M)
    free_low = np.empty(M)
    free_high = np.empty(M)
    best = empty_value
    fixed_t = fixed_in
    start = n_in if n_in > 0 else 1
    for t in range(start, M + 1):
        extra = t - n_in
        if extra > 0:
            fixed_t = fixed_in
            for j in range(extra):
                fixed_t += free_fixed[j]
        n_forced = 0
        n_free_low = 0
        for i in range(M):
            e = extra - own[i]
            if e < 0:
                e = 0
            if e > nf:
                e = nf
            lo = base[members[i]] - sigma * (in_spill[i] + largest[i, e])
            hi = base[members[i]] - sigma * (in_spill[i] + smallest[i, e])
            low[i] = lo if lo > 0.0 else 0.0
            high[i] = hi if hi > 0.0 else 0.0
            if own[i] == 0:
                work[n_forced] = low[i]
                n_forced += 1
            else:
                free_low[n_free_low] = low[i]
                free_high[n_free_low] = high[i]
                n_free_low += 1
        # potential bound: I and the `extra` cheapest of U at low costs; price ceiling from high costs
        fl = np.sort(free_low[:n_free_low])
        fh = np.sort(free_high[:n_free_low])
        psi = np.empty(n_forced + extra)
        ceiling = np.empty(n_forced + extra)
        k = 0
        for i in range(M):
            if own[i] == 0:
                psi[k] = low[i]
                ceiling[k] = high[i]
                k += 1
        for j in range(extra):
            psi[k + j] = fl[j]
            ceiling[k + j] = fh[n_free_low - 1 - j]
        n_set = n_forced + extra
        p_psi = _price_of(a, psi, n_set)
        p_hi = _price_of(a, ceiling, n_set)
        psi_min = 0.5 * (a - p_psi) ** 2
        for j in range(n_set):
            m = p_psi - psi[j]
            if m > 0.0:
                psi_min += 0.5 * m * m
        potential = (2.0 * psi_min - 0.5 * (a - p_hi) ** 2) / b
        # margin bound over all members' low costs
        for i in range(M):
            work[i] = low[i]
        srt = np.sort(work[:M])
        kinks = -np.inf
        total = 0.0
        squares = 0.0
        before = a
        active = True
        for j in range(M):
            if srt[j] >= before:
                active = False
            total += srt[j]
            squares += srt[j] * srt[j]
            J = j + 1
            price = (a + total) / (J + 1)
            if active and J <= t and price <= p_hi * (1 + 1e-12) + 1e-12:
                gross = (a - price) ** 2 / (2 * b) + (J * price * price - 2 * price * total + squares) / b
                if gross > kinks:
                    kinks = gross
            before = price
        budget = a - p_hi
        endpoint = budget * budget / (2 * b)
        used = 0.0
        for j in range(min(t, M)):
            cap = p_hi - srt[j]
            if cap < 0.0:
                cap = 0.0
            fill = budget - used
            if fill > cap:
                fill = cap
            if fill < 0.0:
                fill = 0.0
            endpoint += fill * fill / b
            used += cap
        margin = kinks if kinks > endpoint else endpoint
        value = (potential if potential < margin else margin) - fixed_t
        if value > best:
            best = value
    return best


def market_welfare_loops(a, b, sigma, base, weights, mask, fixed):
    """Cournot welfare of one industry's built set ``mask`` net of ``fixed`` costs."""
    R = base.shape[0]
    costs = np.empty(R)
    n = 0
    paid = 0.0
    for r in range(R):
        if mask[r]:
            s = 0.0
            for j in range(R):
                if mask[j]:
                    s += weights[r, j]
            c = base[r] - sigma * s
            costs[n] = c if c > 0.0 else 0.0
            n += 1
            paid += fixed[r]
    if n == 0:
        return 0.0
    p = _price_of(a, costs, n)
    total = 0.0
    for j in range(n):
        m = p - costs[j]
        if m > 0.0:
            total += m * m
    return (a - p) ** 2 / (2 * b) + total / b - paid


@lru_cache(maxsize=1)
def kernels():
    """The compiled kernels, or None without numba."""
    from coordgame.solvers._numba import compile_functions

    return compile_functions(__name__, {"_price_of": "_price_of", "node_bound_loops": "node_bound_loops",
                                        "market_welfare_loops": "market_welfare_loops"})
