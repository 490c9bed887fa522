r"""The planner: second best (chooses clusters, the market stays Cournot) and first best (also sets output).

Both return the portfolio matrix and a certificate: ``welfare``, a valid ``upper_bound`` on the
optimum, their ``gap`` (absolute) and ``relative_gap`` (of ``|welfare|``), whether the optimum
is ``exact`` (gap within the tolerance), the ``method`` and the search's ``nodes``.

*Without a budget* welfare separates across industries.  The second best of industry k is a
set-function maximisation solved by branch and bound with the bounds of
:mod:`~coordgame.models.duplicate_construction.planner_bounds`; with ``relative_gap > 0`` the
search stops once the optimum is certified within that fraction (the default 1e-3 certifies
0.1%, what the figures need) of the *total* welfare: industries proved optimal leave their
share of that slack to the others (:func:`_allocated_second_best`).  With numba and at least
:data:`COMPILED_MIN_REGIONS` regions the search is compiled
(:func:`~coordgame.models.duplicate_construction.planner_kernels.search_loops`):
one depth-first tree per cluster count t (the bound then uses one t, and the last regions of a
branch are decided by counting), a margin bound anchored on the regions fixed in, and an
incumbent improved by local search (additions, removals, swaps) when a short first pass does not
certify.  Otherwise :func:`coordgame.solvers.subset_search.branch_and_bound_subsets` (best first)
runs the same bounds in numpy.  The first best is exact by enumeration of
(producer, helpers) pairs (:func:`first_best`).

*With a budget* the industries are coupled; :mod:`~coordgame.models.duplicate_construction.planner_budget`
solves that problem exactly by dynamic programming on small economies and otherwise by a
Lagrangian relaxation with a certified gap.  Caller-supplied ``candidates`` (the equilibria of
local competition, the other planner's choice) are always among the profiles considered, so a
planner never reports less welfare than a feasible profile it was shown.

With segmented regional markets (``economy.segmented``) the second best's node bound is the
national argument applied market by market
(:func:`~coordgame.models.duplicate_construction.markets.segmented_second_best_bound`), in array
form (the compiled loops assume one national price), and the first best is a local search from
the second best's choice with a certified gap
(:func:`~coordgame.models.duplicate_construction.markets.segmented_first_best`); with a binding
budget it is coupled like the others (exact programme, or the Lagrangian with
:func:`_segmented_first_best_relaxed`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from coordgame.errors import InvalidArgumentError
from coordgame.solvers.subset_search import branch_and_bound_subsets
from coordgame.tolerances import DEFAULT_TOL, absolute_tolerance

from .economy import Economy
from .markets import segmented_first_best, segmented_first_best_welfare, segmented_second_best_bound
from .planner_bounds import national_bound
from .planner_budget import DP_MAX_TRANSITIONS, all_sets, budget_dp, dp_size, lagrangian
from .planner_kernels import kernels

__all__ = ["second_best", "first_best"]

def _industry_value(economy: Economy, k: int, masks: np.ndarray, extra: np.ndarray | None = None) -> np.ndarray:
    """Second-best welfare of industry k for boolean region masks (..., R), net of ``extra`` fixed costs."""
    masks = np.asarray(masks, dtype=float)
    value = economy.industry_welfare(masks, k)
    return value if extra is None else value - masks @ extra


def _second_best_bound(economy: Economy, k: int, inside: np.ndarray, outside: np.ndarray,
                       extra: np.ndarray | None = None) -> float:
    """Valid upper bound on industry k's welfare over all sets T with I ⊆ T ⊆ I ∪ U (see planner_bounds)."""
    if economy.segmented:
        # ``extra`` (Lagrange multipliers, >= 0) adds fixed costs: T contains I, so they cost at least I's.
        bound = segmented_second_best_bound(economy, k, inside, outside)
        return bound if extra is None else bound - float(extra[np.asarray(inside, dtype=bool)].sum())
    fixed = np.full(economy.num_regions, economy.params.fixed_cost)
    if extra is not None:
        fixed = fixed + extra
    return national_bound(economy, k, np.asarray(inside, dtype=bool), np.asarray(outside, dtype=bool), fixed)


def _greedy_set(economy: Economy, k: int, extra: np.ndarray | None = None) -> np.ndarray:
    """Add the region that raises industry k's welfare most, while some region does."""
    R = economy.num_regions
    mask = np.zeros(R, dtype=bool)
    current = 0.0
    while not mask.all():
        trials = np.repeat(mask[None, :], R, axis=0)
        trials[np.arange(R), np.arange(R)] = True
        values = np.where(mask, -np.inf, _industry_value(economy, k, trials, extra))
        best = int(np.argmax(values))
        if values[best] <= current:
            break
        mask, current = trials[best], float(values[best])
    return mask


#: Default node limit of each industry's numpy search.
NUMPY_MAX_NODES = 50_000
#: The compiled search's node limit is this multiple of the numpy one (a compiled node costs ~1/100 of a numpy node).
COMPILED_NODE_FACTOR = 100
#: Economies with fewer regions are searched by the numpy code (fast enough; no compile time to pay).
COMPILED_MIN_REGIONS = 12
#: Nodes the compiled search spends proving optimality from the greedy incumbent before it improves the
#: incumbent by local search and certifies within ``relative_gap``.
_FIRST_PASS_NODES = 5_000
#: The largest relative gap one industry is searched to when others leave it their slack (the total stays within the
#: requested gap; this only keeps one industry's search from stopping on a bound far above its incumbent).
_MAX_INDUSTRY_GAP = 0.05


def _compiled(economy: Economy):
    """The compiled kernels when they pay: numba installed, one national market, at least :data:`COMPILED_MIN_REGIONS`."""
    if economy.segmented or economy.num_regions < COMPILED_MIN_REGIONS:  # small: numpy is quick, no compile
        return None
    return kernels()


def _industry_second_best(economy: Economy, k: int, extra: np.ndarray | None, *, max_nodes: int | None,
                          relative_gap: float, atol: float):
    """Industry k's certified second best with fixed costs raised by ``extra``: (mask, value, upper bound, nodes)."""
    kern = _compiled(economy)
    if kern is not None:
        limit = COMPILED_NODE_FACTOR * (max_nodes or NUMPY_MAX_NODES)
        return _compiled_second_best(economy, k, extra, kern, limit, relative_gap, atol)
    R = economy.num_regions
    value, bound = _industry_functions(economy, k, extra)
    res = branch_and_bound_subsets(
        R, value, bound, order=np.argsort(economy.base_cost[:, k], kind="stable"),
        initial=_greedy_set(economy, k, extra), max_nodes=max_nodes or NUMPY_MAX_NODES, tol=atol,
        relative_gap=relative_gap, strategy="best_first")
    return res.best, res.value, res.upper_bound, res.nodes


def _compiled_second_best(economy: Economy, k: int, extra: np.ndarray | None, kern: dict, max_nodes: int,
                          relative_gap: float, atol: float):
    """The compiled search (:func:`~.planner_kernels.search_loops`): a short pass, then local search and a full one.

    Most economies are proved optimal within a few thousand nodes from the greedy incumbent.  The
    hard ones (strong spillovers: many clusters, many producers) need a near-optimal incumbent
    to prune with, which best-improvement local search (additions, removals, swaps) from
    several starts supplies before the full search.
    """
    start = _compiled_start(economy, k, extra, kern, max_nodes, atol)
    if start["complete"]:
        return start["mask"], start["value"], start["upper"], start["nodes"]
    return _compiled_finish(start, kern, max_nodes, relative_gap, atol)


def _compiled_start(economy: Economy, k: int, extra: np.ndarray | None, kern: dict, max_nodes: int,
                    atol: float) -> dict[str, Any]:
    """The short exact pass from the greedy incumbent, then (if it does not prove optimality) local search.

    Returns the search's state: ``mask``, ``value``, ``upper`` (valid whatever the incumbent),
    ``nodes``, ``complete`` and the kernel arguments that :func:`_compiled_finish` continues with.
    """
    p = economy.params
    R = economy.num_regions
    fixed = np.full(R, float(p.fixed_cost)) + (0.0 if extra is None else extra)
    base = np.ascontiguousarray(economy.base_cost[:, k], dtype=float)
    args = (float(p.demand_intercept), float(p.demand_slope), float(p.sigma), base,
            np.ascontiguousarray(economy.weights, dtype=float))
    order = np.argsort(base, kind="stable")
    greedy = _greedy_set(economy, k, extra)
    # the first pass tries to prove optimality: cheap where the bounds are tight (most economies)
    best, value, upper, nodes, complete = kern["search_loops"](*args, fixed, order, greedy, min(max_nodes, _FIRST_PASS_NODES),
                                                              atol, 0.0)
    state = {"mask": best, "value": value, "upper": upper, "nodes": nodes, "complete": bool(complete or nodes >= max_nodes),
             "args": args, "fixed": fixed, "order": order}
    if state["complete"]:
        return state
    starts = [best, greedy] + [np.isin(np.arange(R), order[:size]) for size in np.unique(np.linspace(1, R, 6).astype(int))]
    for start in starts:
        mask, found = kern["local_search_loops"](*args, fixed, np.asarray(start, dtype=np.bool_), atol)
        if found > state["value"]:
            state["mask"], state["value"] = mask, found
    return state


def _compiled_finish(state: dict[str, Any], kern: dict, max_nodes: int, relative_gap: float, atol: float):
    """The full search from :func:`_compiled_start`'s incumbent, certified within ``relative_gap``."""
    best, value, upper, more, _ = kern["search_loops"](*state["args"], state["fixed"], state["order"], state["mask"],
                                                       max_nodes - state["nodes"], atol, relative_gap)
    return best, value, upper, state["nodes"] + more


def _allocated_second_best(economy: Economy, kern: dict, max_nodes: int, relative_gap: float, atol: float):
    r"""Every industry's second best with the certificate's slack allotted on the total welfare.

    The certificate users see is on the total, :math:`\sum_k (U_k - W_k) \le g \sum_k W_k`.
    Industries proved optimal by the short exact pass use none of that slack, so the others
    share it: they are searched in increasing order of the gap the short pass left, each with
    an equal share of the slack still unused (an industry that certifies below its share leaves
    the rest to the later ones).  The slack is computed from the incumbents before the full
    searches; a search that raises its incumbent widens its own slack with it, so the total is
    checked at the end and, should it exceed ``g``, every industry above ``g`` on its own is
    searched again with ``g`` (each within ``g`` makes the total within ``g``).  Returns
    (masks, uppers, nodes) per industry.
    """
    K = economy.num_industries
    states = [_compiled_start(economy, k, None, kern, max_nodes, atol) for k in range(K)]
    results = [(s["mask"], s["value"], s["upper"], s["nodes"]) for s in states]
    slack = relative_gap * abs(sum(s["value"] for s in states))
    slack -= sum(max(s["upper"] - s["value"], 0.0) for s in states if s["complete"])
    hard = sorted((k for k in range(K) if not states[k]["complete"]), key=lambda k: states[k]["upper"] - states[k]["value"])
    for position, k in enumerate(hard):
        share = max(slack, 0.0) / (len(hard) - position)
        state = states[k]
        if state["upper"] - state["value"] > share:  # otherwise the short pass's bound certifies it already
            own = min(share / abs(state["value"]), _MAX_INDUSTRY_GAP) if state["value"] != 0 else 0.0
            results[k] = _compiled_finish(state, kern, max_nodes, max(own, relative_gap), atol)
        slack -= max(results[k][2] - results[k][1], 0.0)
    total = sum(r[1] for r in results)
    if sum(r[2] - r[1] for r in results) > relative_gap * abs(total) + atol:
        for k, (mask, value, upper, nodes) in enumerate(results):
            if upper - value > relative_gap * abs(value) + atol:
                states[k]["mask"], states[k]["value"], states[k]["nodes"] = mask, value, nodes
                results[k] = _compiled_finish(states[k], kern, max_nodes, relative_gap, atol)
    return results


def _industry_functions(economy: Economy, k: int, extra: np.ndarray | None):
    """Industry k's value and node bound for the numpy search (no numba, or segmented markets)."""
    return (lambda m: float(_industry_value(economy, k, m, extra)),
            lambda i, o: _second_best_bound(economy, k, i, o, extra))


def _certificate(value: float, upper: float, atol: float, method: str, nodes: int) -> dict[str, Any]:
    upper = max(upper, value)
    gap = upper - value
    exact = gap <= atol
    gap = 0.0 if exact else gap
    relative = gap / abs(value) if value != 0 else (0.0 if gap == 0 else float("inf"))
    return {"welfare": value, "upper_bound": value + gap, "gap": gap, "relative_gap": relative, "exact": exact,
            "method": method, "nodes": nodes}


def _check_candidates(economy: Economy, candidates: Any) -> list[np.ndarray]:
    shape = (economy.num_regions, economy.num_industries)
    out = []
    for c in candidates or ():
        if c is None:
            continue
        c = np.asarray(c)
        if c.shape != shape or not np.isin(c, (0, 1)).all():
            raise InvalidArgumentError(f"candidates: expected 0/1 portfolio matrices of shape {shape}, got {c.shape}")
        out.append(c.astype(np.int64))
    return out


def second_best(economy: Economy, *, max_nodes: int | None = None, tol: float = DEFAULT_TOL, relative_gap: float = 1e-3,
                candidates: Any = None) -> tuple[np.ndarray, dict[str, Any]]:
    """The planner's choice of clusters with the market left to Cournot (second best), certified.

    Parameters
    ----------
    economy : Economy
    max_nodes : int, optional
        Node limit of each industry's numpy branch and bound (default :data:`NUMPY_MAX_NODES`);
        the compiled search (numba installed) may use :data:`COMPILED_NODE_FACTOR` times as
        many.  At the limit the open nodes' bounds enter the gap.
    tol : float, default 1e-9
        Relative to ``economy.payoff_range``: gaps below it count as exact.
    relative_gap : float, default 1e-3
        Stop proving once the optimum is certified within this fraction of the welfare found.
    candidates : sequence of (R, K) 0/1 arrays, optional
        Feasible profiles the planner must do at least as well as (e.g. equilibria).

    Returns
    -------
    x : ndarray (R, K) of int
    info : dict
        ``welfare``, ``upper_bound``, ``gap``, ``relative_gap``, ``exact``, ``method``, ``nodes``.

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy, second_best
    >>> economy = build_economy(Parameters(num_regions=6, num_industries=2))
    >>> x, info = second_best(economy)                      # certified within 0.1%
    >>> x.shape, info["relative_gap"] <= 1e-3, info["upper_bound"] >= info["welfare"]
    ((6, 2), True, True)
    >>> second_best(economy, relative_gap=0.0)[1]["exact"]   # proved optimal
    True
    """
    R, K = economy.num_regions, economy.num_industries
    atol = absolute_tolerance(tol, economy)
    shown = _check_candidates(economy, candidates)
    _check_search_options(max_nodes, relative_gap)
    budget = economy.params.budget
    if budget is not None and budget < K:
        return _coupled(economy, lambda x: economy.welfare(x), _industry_tables(economy, _industry_value), shown,
                        lambda extra: _relaxed_second_best(economy, extra, max_nodes, relative_gap, atol), atol,
                        "second best")
    x = np.zeros((R, K), dtype=np.int64)
    upper, nodes = 0.0, 0
    kern = _compiled(economy)
    if kern is not None:
        per_industry = _allocated_second_best(economy, kern, COMPILED_NODE_FACTOR * (max_nodes or NUMPY_MAX_NODES),
                                              relative_gap, atol)
    else:
        per_industry = [_industry_second_best(economy, k, None, max_nodes=max_nodes, relative_gap=relative_gap,
                                              atol=atol) for k in range(K)]
    for k, (mask, _, ub, n) in enumerate(per_industry):
        x[:, k] = mask
        upper += ub
        nodes += n
    for c in shown:  # a shown profile better than the search's (possible only within the certified gap)
        if economy.welfare(c) > economy.welfare(x):
            x = c
    if economy.segmented:
        method = "branch_and_bound (segmented markets)"
    elif _compiled(economy) is not None:
        method = "branch_and_bound by cluster count (compiled, local-search incumbent)"
    else:
        method = "branch_and_bound"
    return x, _certificate(economy.welfare(x), upper, atol, method, nodes)


def _check_search_options(max_nodes: int | None, relative_gap: float) -> None:
    if max_nodes is not None and (isinstance(max_nodes, bool) or not isinstance(max_nodes, (int, np.integer))
                                  or max_nodes < 1):
        raise InvalidArgumentError(f"max_nodes: expected a positive integer or None, got {max_nodes!r}")
    if not 0.0 <= float(relative_gap) < 1.0:
        raise InvalidArgumentError(f"relative_gap: expected a number in [0, 1), got {relative_gap!r}")


def _relaxed_second_best(economy: Economy, extra: np.ndarray, max_nodes: int, relative_gap: float, atol: float):
    R, K = economy.num_regions, economy.num_industries
    x = np.zeros((R, K), dtype=np.int64)
    upper = 0.0
    for k in range(K):
        mask, _, ub, _ = _industry_second_best(economy, k, extra, max_nodes=max_nodes, relative_gap=relative_gap,
                                               atol=atol)
        x[:, k] = mask
        upper += ub
    return x, upper


def _industry_tables(economy: Economy, value_of) -> Any:
    """A function giving the (K, 2^R) table of industry values when the exact programme is affordable, else None."""
    R, K = economy.num_regions, economy.num_industries
    capacity = min(economy.params.budget, K)
    if dp_size(R, capacity) > DP_MAX_TRANSITIONS:
        return None

    def table() -> np.ndarray:
        sets = all_sets(R)
        return np.stack([value_of(economy, k, sets) for k in range(K)])

    return table


def _coupled(economy: Economy, welfare, table, shown: list[np.ndarray], relaxed, atol: float, what: str):
    """The budget-coupled planner: exact programme when affordable, else Lagrangian (see planner_budget)."""
    R, K = economy.num_regions, economy.num_industries
    capacity = min(economy.params.budget, K)
    if table is not None:
        x, value = budget_dp(table(), R, capacity)
        for c in shown:  # equal at best: the programme is exact
            if (c.sum(axis=1) <= capacity).all() and welfare(c) > welfare(x):
                x = c
        return x, _certificate(welfare(x), value, atol, "dynamic programming over used budgets (exact)",
                               (capacity + 1) ** R)
    start, _ = relaxed(np.zeros(R))
    out = lagrangian(relaxed, welfare, R, capacity, [start, *shown])
    info = _certificate(out["welfare"], out["upper_bound"], atol,
                        f"Lagrangian relaxation of the budget ({out['iterations']} iterations), repair and local search",
                        out["iterations"])
    return out["x"], info


def _first_best_welfare(economy: Economy, built: np.ndarray) -> np.ndarray:
    """First-best welfare per industry for ``built`` (..., K, R): the cheapest built cluster produces at P = c."""
    if economy.segmented:
        return segmented_first_best_welfare(economy, built)
    p = economy.params
    c = np.where(built > 0, economy.costs(built), np.inf).min(axis=-1)
    surplus = np.where(np.isfinite(c), np.maximum(p.demand_intercept - c, 0.0) ** 2 / (2 * p.demand_slope), 0.0)
    return surplus - p.fixed_cost * built.sum(axis=-1)


def _first_best_industry_value(economy: Economy, k: int, masks: np.ndarray) -> np.ndarray:
    """First-best welfare of industry k for boolean region masks (N, R)."""
    built = np.zeros((masks.shape[0], economy.num_industries, economy.num_regions))
    built[:, k, :] = masks
    return _first_best_welfare(economy, built)[:, k]


def _first_best_relaxed(economy: Economy, extra: np.ndarray) -> tuple[np.ndarray, float]:
    r"""Per industry, the best (producer, helpers) with fixed costs :math:`F + \mu_r`, and an upper bound.

    For producer r the surplus :math:`g(s) = (a - \bar c_r + \sigma s)^2/2b` is convex in the
    spillover s it receives (ignoring the floor at zero cost, which only lowers the true value),
    so the best helper set is a prefix of the other regions sorted by :math:`w_{rh}/(F+\mu_h)`
    (by convex duality: for each slope of g the best set takes exactly the helpers whose weight
    per unit of cost passes a threshold).  The largest :math:`g - \text{cost}` over prefixes is
    the bound; the true first-best value of the chosen sets is the relaxed solution.
    """
    p = economy.params
    R, K = economy.num_regions, economy.num_industries
    cost = p.fixed_cost + extra
    x = np.zeros((R, K), dtype=np.int64)
    upper = 0.0
    ratio = np.where(np.eye(R, dtype=bool), -np.inf, economy.weights / cost[None, :])
    helpers = np.argsort(-ratio, axis=1, kind="stable")[:, : R - 1]
    spill = np.concatenate([np.zeros((R, 1)), np.cumsum(np.take_along_axis(economy.weights, helpers, 1), 1)], 1)
    paid = cost[:, None] + np.concatenate([np.zeros((R, 1)), np.cumsum(cost[helpers], 1)], 1)
    for k in range(K):
        unclipped = (p.demand_intercept - economy.base_cost[:, k, None] + p.sigma * spill) ** 2 / (2 * p.demand_slope)
        upper += max(0.0, float((unclipped - paid).max()))
        cost_now = np.maximum(0.0, economy.base_cost[:, k, None] - p.sigma * spill)
        value = np.maximum(p.demand_intercept - cost_now, 0.0) ** 2 / (2 * p.demand_slope) - paid
        r, j = np.unravel_index(int(np.argmax(value)), value.shape)
        if value[r, j] > 0.0:
            x[r, k] = 1
            x[helpers[r, :j], k] = 1
    return x, upper


def _segmented_first_best_relaxed(economy: Economy, extra: np.ndarray) -> tuple[np.ndarray, float]:
    r"""Per industry, a local optimum of the segmented first best with fixed costs :math:`F + \mu_r`, and a bound.

    The bound is :func:`~coordgame.models.duplicate_construction.markets.segmented_first_best`'s
    (with t clusters no production cost is below :math:`\ell_r(t)`, so market m's surplus is at
    most :math:`(a - \min_r(\ell_r(t) + \tau_{rm}))^2/2\beta_m`) less the t smallest fixed costs,
    the largest over t, or 0.  The search: single additions and removals from nothing and from
    the cheapest region, best first.
    """
    p = economy.params
    R, K = economy.num_regions, economy.num_industries
    cost = p.fixed_cost + extra
    paid = np.concatenate([[0.0], np.cumsum(np.sort(cost))])[1:]  # the t smallest fixed costs, t = 1..R
    top = -np.sort(-economy.weights, axis=1)[:, : R - 1]
    spill = np.concatenate([np.zeros((R, 1)), np.cumsum(top, axis=1)], axis=1).T  # (t, R): t - 1 helpers
    x = np.zeros((R, K), dtype=np.int64)
    upper = 0.0
    for k in range(K):
        low = np.maximum(0.0, economy.base_cost[:, k][None, :] - p.sigma * spill)
        cheapest = (low[:, None, :] + economy.delivery.T[None]).min(axis=-1)  # (t, M)
        gross = (np.maximum(p.demand_intercept - cheapest, 0.0) ** 2 / (2 * economy.market_slopes)).sum(axis=-1)
        upper += max(0.0, float((gross - paid).max()))
        starts = [np.zeros(R, dtype=bool), np.arange(R) == int(np.argmin(economy.base_cost[:, k]))]
        found = [_flip_search(economy, k, start, extra) for start in starts]
        x[:, k] = max(found, key=lambda pair: pair[1])[0]
    return x, upper


def _flip_search(economy: Economy, k: int, mask: np.ndarray, extra: np.ndarray) -> tuple[np.ndarray, float]:
    """Best-improvement single additions/removals for industry k's first best net of ``extra`` fixed costs."""
    R = economy.num_regions
    trials = np.repeat(mask[None, :], R + 1, axis=0)
    while True:
        trials[:] = mask
        trials[np.arange(R), np.arange(R)] ^= True  # the last row keeps mask itself
        values = _first_best_industry_value(economy, k, trials.astype(float)) - trials @ extra
        j = int(np.argmax(values))
        if j == R or values[j] <= values[R] + 1e-12 * economy.payoff_range:
            return mask, float(values[R])
        mask = trials[j].copy()


def first_best(economy: Economy, *, tol: float = DEFAULT_TOL, candidates: Any = None) -> tuple[np.ndarray, dict[str, Any]]:
    """The planner's choice of clusters *and* quantities (first best).

    Price equals the marginal cost of the cheapest built cluster, which supplies the market;
    other clusters are built only for the spillovers that lower its cost.  For a producer r
    with j helpers, the best helpers are the j with the largest weights :math:`w_{rr'}` (fixed
    cost is uniform and surplus rises with the cost reduction), so the optimum is the best of
    the :math:`R^2` pairs (r, j), or building nothing: exact.  With a ``budget`` the industries
    are coupled and solved as in :func:`second_best` (exact programme or Lagrangian relaxation);
    the ``candidates`` (e.g. the second best's choice: the first best values any profile at
    least as much as Cournot does) are always considered.

    Returns
    -------
    x : ndarray (R, K) of int
    info : dict with ``welfare``, ``upper_bound``, ``gap``, ``relative_gap``, ``exact``, ``method``, ``nodes``

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy, first_best, second_best
    >>> e = build_economy(Parameters(num_regions=6, num_industries=2))
    >>> first_best(e)[1]["welfare"] >= second_best(e)[1]["welfare"]
    True
    """
    R, K = economy.num_regions, economy.num_industries
    atol = absolute_tolerance(tol, economy)
    shown = _check_candidates(economy, candidates)
    if economy.segmented:  # several producers may serve different markets: local search, certified gap
        if economy.params.budget is not None and economy.params.budget < K:
            def segmented_welfare(z: np.ndarray) -> float:
                return float(_first_best_welfare(economy, z.T.astype(float)).sum())

            return _coupled(economy, segmented_welfare, _industry_tables(economy, _first_best_industry_value),
                            [second_best(economy)[0], *shown],
                            lambda extra: _segmented_first_best_relaxed(economy, extra), atol, "first best")
        x, info = segmented_first_best(economy, [second_best(economy)[0], *shown])
        return x, _certificate(info["welfare"], info["upper_bound"], atol, info["method"], 0)

    def welfare(z: np.ndarray) -> float:
        return float(_first_best_welfare(economy, z.T.astype(float)).sum())

    budget = economy.params.budget
    if budget is not None and budget < K:
        return _coupled(economy, welfare, _industry_tables(economy, _first_best_industry_value), shown,
                        lambda extra: _first_best_relaxed(economy, extra), atol, "first best")
    x, _ = _first_best_relaxed(economy, np.zeros(R))
    value = welfare(x)
    for c in shown:
        if welfare(c) > value:
            x, value = c, welfare(c)
    return x, _certificate(value, value, atol, "exact (producer x helpers enumeration)", R * R)

