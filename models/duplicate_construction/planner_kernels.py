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

#: Price pieces of the anchored bound in the search by cluster count (0: off).  Finer pieces tighten it: on the
#: default economy's hardest industry at sigma = 2, phi = 0 the search needs 93k nodes with 16, 69k with 32, 59k
#: with 64 and 55k with 128; 64 took the least time (the pieces are re-sorted by insertion, nearly linear).
ANCHOR_INTERVALS = 64


#: Markets of at most this many firms are sorted by insertion: numba's ``sort`` on an array view costs
#: about a microsecond however short the view, an insertion sort of a few entries some nanoseconds.
INSERTION_SORT_MAX = 32


def _price_of(a, costs, n):
    """Cournot price of the first ``n`` entries of ``costs`` (sorted in place): min over J of (a + S_J)/(J+1).

    The planner's search and the model's portfolio loops both price markets with it.
    """
    if n > INSERTION_SORT_MAX:
        costs[:n].sort()
    else:
        for i in range(1, n):
            c = costs[i]
            j = i - 1
            while j >= 0 and costs[j] > c:
                costs[j + 1] = costs[j]
                j -= 1
            costs[j + 1] = c
    best = a
    total = 0.0
    for j in range(n):
        total += costs[j]
        p = (a + total) / (j + 2)
        if p < best:
            best = p
    return best


def neighbour_order(weights):
    """Each region's other regions by decreasing spillover weight, shape (R, R - 1)."""
    R = weights.shape[0]
    out = np.empty((R, max(R - 1, 0)), np.int64)
    for r in range(R):
        ranked = np.argsort(-weights[r], kind="mergesort")
        count = 0
        for j in ranked:
            if j != r:
                out[r, count] = j
                count += 1
    return out


def node_bound_loops(a, b, sigma, base, weights, inside, outside, fixed):
    """The node bound (see planner_bounds) for one industry: ``base`` (R,), ``weights`` (R, R)."""
    return sized_bound_loops(a, b, sigma, base, weights, neighbour_order(weights), inside, outside, fixed, 0,
                             base.shape[0], 0)


def sized_bound_loops(a, b, sigma, base, weights, neighbours, inside, outside, fixed, t_min, t_max, intervals):
    """The node bound over the sets T with ``t_min <= |T| <= t_max`` only (-inf when there are none).

    ``neighbours`` is :func:`neighbour_order` of ``weights``: walking it gives each candidate's
    largest and smallest spillovers from the undecided regions without sorting at every node.
    ``intervals > 0`` also applies :func:`_anchored_bound` on that many price intervals.
    """
    R = base.shape[0]
    members = np.empty(R, np.int64)
    frees = np.empty(R, np.int64)
    free = np.zeros(R, np.bool_)
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
            free[r] = True
            nf += 1
    if M < t_min or n_in > t_max:
        return -np.inf
    if n_in < t_min:
        empty_value = -np.inf  # T = I is too small
    if M == 0:
        return empty_value
    in_spill = np.zeros(M)
    largest = np.zeros((M, nf + 1))
    smallest = np.zeros((M, nf + 1))
    own = np.zeros(M, np.int64)
    for i in range(M):
        r = members[i]
        own[i] = 1 if free[r] else 0
        s = 0.0
        up = 0
        down = 0
        for idx in range(R - 1):
            j = neighbours[r, idx]
            if inside[j]:
                s += weights[r, j]
            elif free[j]:
                largest[i, up + 1] = largest[i, up] + weights[r, j]
                up += 1
            j = neighbours[r, R - 2 - idx]
            if free[j]:
                smallest[i, down + 1] = smallest[i, down] + weights[r, j]
                down += 1
        in_spill[i] = s
        for j in range(up, nf):
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
    if start < t_min:
        start = t_min
    for t in range(start, min(M, t_max) + 1):
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
        if intervals > 0 and n_forced > 0:
            anchored = _anchored_bound(a, b, low, high, own, M, p_psi, p_hi, intervals)
            if anchored < margin:
                margin = anchored
        value = (potential if potential < margin else margin) - fixed_t
        if value > best:
            best = value
    return best


def _anchored_bound(a, b, low, high, own, M, p_lo, p_hi, intervals):
    r"""A second margin bound that uses the regions fixed in: their margins are at least :math:`(P - u_r)^+`.

    The price lies in :math:`[\underline P, \bar P]` (``p_lo``: the Cournot price of I and the
    cheapest undecided candidates at costs :math:`\ell`; ``p_hi``: :math:`\bar P_t`).  On each of
    ``intervals`` equal pieces :math:`[P_1, P_2]` of that range every producer's margin lies in
    :math:`[\lambda_r, \eta_r]`, :math:`\eta_r = (P_2 - \ell_r)^+`, :math:`\lambda_r = (P_1 - u_r)^+`
    for a region of I (its cost is at most :math:`u_r`) and 0 otherwise, and the margins sum to
    :math:`a - P \le a - P_1`.  So :math:`bW \le \tfrac12 (a-P_1)^2 + \sum \lambda_r^2 + G`, G the
    largest gain of raising margins from :math:`\lambda` within the budget
    :math:`a - P_1 - \sum\lambda_r`; each margin's gain :math:`x(2\lambda_r + x)` lies below its
    chord :math:`x(\lambda_r + \eta_r)`, so the fractional knapsack by :math:`\lambda_r + \eta_r`
    bounds G.  A piece where the margins of I alone exceed :math:`a - P_1` holds no equilibrium.
    The bound is the largest over the pieces (``own[i] == 0`` marks the regions of I).
    """
    best = -np.inf
    lows = np.empty(M)
    highs = np.empty(M)
    keys = np.empty(M)
    ranked = np.arange(M)  # by increasing key; kept from piece to piece, where the order changes little
    if p_hi < p_lo:
        p_lo = p_hi
    for piece in range(intervals):
        p1 = p_lo + (p_hi - p_lo) * piece / intervals
        p2 = p_lo + (p_hi - p_lo) * (piece + 1) / intervals
        budget = a - p1
        used = 0.0
        squares = 0.0
        for i in range(M):
            lo = p1 - high[i] if own[i] == 0 else 0.0
            lo = lo if lo > 0.0 else 0.0
            hi = p2 - low[i]
            hi = hi if hi > lo else lo
            lows[i] = lo
            highs[i] = hi
            keys[i] = -(hi + lo)
            used += lo
            squares += lo * lo
        if used > budget * (1.0 + 1e-12) + 1e-12:
            continue
        room = budget - used
        gain = 0.0
        _insertion_sort(ranked, keys)
        for i in ranked:
            if room <= 0.0:
                break
            width = highs[i] - lows[i]
            take = width if width < room else room
            gain += take * (highs[i] + lows[i])
            room -= take
        value = (0.5 * budget * budget + squares + gain) / b
        if value > best:
            best = value
    return best


def _insertion_sort(ranked, keys):
    """Reorder the indices ``ranked`` by increasing ``keys`` (linear time when they are nearly in order)."""
    for j in range(1, ranked.shape[0]):
        item = ranked[j]
        key = keys[item]
        i = j - 1
        while i >= 0 and keys[ranked[i]] > key:
            ranked[i + 1] = ranked[i]
            i -= 1
        ranked[i + 1] = item


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


def local_search_loops(a, b, sigma, base, weights, fixed, mask, tol):
    """Best-improvement local search from ``mask``: single additions, removals and swaps, while one gains > tol."""
    R = base.shape[0]
    mask = mask.copy()
    current = market_welfare_loops(a, b, sigma, base, weights, mask, fixed)
    while True:
        best_gain = tol
        best_i = -1
        best_j = -1
        for i in range(R):  # flip one region: add or remove it
            mask[i] = not mask[i]
            gain = market_welfare_loops(a, b, sigma, base, weights, mask, fixed) - current
            mask[i] = not mask[i]
            if gain > best_gain:
                best_gain, best_i, best_j = gain, i, -1
        for i in range(R):  # swap a built region i for an unbuilt region j
            if not mask[i]:
                continue
            mask[i] = False
            for j in range(R):
                if mask[j] or j == i:
                    continue
                mask[j] = True
                gain = market_welfare_loops(a, b, sigma, base, weights, mask, fixed) - current
                mask[j] = False
                if gain > best_gain:
                    best_gain, best_i, best_j = gain, i, j
            mask[i] = True
        if best_i < 0:
            return mask, current
        mask[best_i] = not mask[best_i]
        if best_j >= 0:
            mask[best_j] = True
        current += best_gain


def _cut(bound, best_value, tol, relative_gap, pruned):
    """Whether a subtree with this bound is cut, and the largest bound cut above the incumbent so far.

    A subtree is cut when its bound is within the allowed gap (``relative_gap`` of the incumbent,
    at least ``tol``) of the incumbent; a bound cut while above the incumbent (by more than ``tol``)
    is what the certificate must still allow for, so the largest is kept.
    """
    if bound > best_value + max(tol, relative_gap * abs(best_value)):
        return False, pruned
    if bound > best_value + tol and bound > pruned:
        pruned = bound
    return True, pruned


def _sized_search(a, b, sigma, base, weights, neighbours, fixed, order, t, root_bound, best, best_value, max_nodes, tol,
                  relative_gap):
    """Depth-first branch and bound over the sets of size ``t`` (include first, items in ``order``).

    Returns (best mask, its value, largest bound cut by the relative slack, largest open bound, nodes).
    A child's bound is the smaller of its own and its parent's (both are valid for it).
    """
    R = base.shape[0]
    cap = 2 * R + 2
    st_in = np.zeros((cap, R), np.bool_)
    st_out = np.zeros((cap, R), np.bool_)
    st_depth = np.zeros(cap, np.int64)
    st_bound = np.zeros(cap)
    st_bound[0] = root_bound
    top = 1
    nodes = 0
    pruned = -np.inf
    while top > 0 and nodes < max_nodes:
        top -= 1
        bound = st_bound[top]
        cut, pruned = _cut(bound, best_value, tol, relative_gap, pruned)
        if cut:
            continue
        inside = st_in[top].copy()
        outside = st_out[top].copy()
        depth = st_depth[top]
        n_in = 0
        n_free = 0
        for r in range(R):
            if inside[r]:
                n_in += 1
            elif not outside[r]:
                n_free += 1
        if n_in + n_free == t:  # every undecided region is in: a leaf
            for r in range(R):
                if not outside[r]:
                    inside[r] = True
            n_in = t
        candidate = market_welfare_loops(a, b, sigma, base, weights, inside, fixed)
        if candidate > best_value:
            best, best_value = inside.copy(), candidate
        if n_in == t or depth == R:
            continue
        item = order[depth]
        for include in (False, True):  # pushed last = explored first: include
            child_in = inside.copy()
            child_out = outside.copy()
            if include:
                child_in[item] = True
            else:
                child_out[item] = True
            own_bound = sized_bound_loops(a, b, sigma, base, weights, neighbours, child_in, child_out, fixed, t, t,
                                          ANCHOR_INTERVALS)
            child_bound = min(bound, own_bound)
            nodes += 1
            slack = max(tol, relative_gap * abs(best_value))
            if child_bound > best_value + slack:
                st_in[top] = child_in
                st_out[top] = child_out
                st_depth[top] = depth + 1
                st_bound[top] = child_bound
                top += 1
            elif child_bound > best_value + tol and child_bound > pruned:
                pruned = child_bound
    open_bound = -np.inf
    for i in range(top):
        if st_bound[i] > open_bound:
            open_bound = st_bound[i]
    return best, best_value, pruned, open_bound, nodes


def search_loops(a, b, sigma, base, weights, fixed, order, initial, max_nodes, tol, relative_gap):
    """Branch and bound over the sets T of each size t in turn (largest root bound first), with a certificate.

    The same pruning rule and certificate as
    :func:`coordgame.solvers.subset_search.branch_and_bound_subsets`: a node is cut when its
    bound is within ``max(tol, relative_gap * |incumbent|)`` of the incumbent, and the certified
    upper bound is the largest of the incumbent's value, the bounds cut by the relative slack and
    the open nodes' bounds (at the node limit).  Fixing the size lets the bound use one t and
    decides the last regions of a branch by counting.  Returns (best mask, value, upper bound,
    nodes, complete).
    """
    R = base.shape[0]
    neighbours = neighbour_order(weights)
    best = initial.copy()
    best_value = market_welfare_loops(a, b, sigma, base, weights, best, fixed)
    empty = np.zeros(R, np.bool_)
    empty_value = market_welfare_loops(a, b, sigma, base, weights, empty, fixed)
    if empty_value > best_value:
        best, best_value = empty.copy(), empty_value
    roots = np.empty(R)
    for t in range(1, R + 1):
        roots[t - 1] = sized_bound_loops(a, b, sigma, base, weights, neighbours, empty, empty, fixed, t, t, ANCHOR_INTERVALS)
    nodes = R
    pruned = -np.inf
    open_bound = -np.inf
    for idx in np.argsort(-roots):
        t = idx + 1
        root = roots[idx]
        cut, pruned = _cut(root, best_value, tol, relative_gap, pruned)
        if cut:
            continue
        if nodes >= max_nodes:
            open_bound = max(open_bound, root)
            continue
        best, best_value, cut, left, used = _sized_search(a, b, sigma, base, weights, neighbours, fixed, order, t, root, best,
                                                          best_value, max_nodes - nodes, tol, relative_gap)
        nodes += used
        pruned = max(pruned, cut)
        open_bound = max(open_bound, left)
    slack = max(tol, relative_gap * abs(best_value))
    complete = open_bound <= best_value + slack
    return best, best_value, max(best_value, max(open_bound, pruned)), nodes, complete

@lru_cache(maxsize=1)
def kernels():
    """The compiled kernels, or None without numba."""
    from coordgame.solvers._numba import compile_functions

    return compile_functions(__name__, {"_price_of": "_price_of", "neighbour_order": "neighbour_order",
                                        "_insertion_sort": "_insertion_sort", "_anchored_bound": "_anchored_bound",
                                        "sized_bound_loops": "sized_bound_loops",
                                        "node_bound_loops": "node_bound_loops",
                                        "market_welfare_loops": "market_welfare_loops",
                                        "local_search_loops": "local_search_loops", "_cut": "_cut",
                                        "_sized_search": "_sized_search",
                                        "search_loops": "search_loops"})
