r"""Best responses and best-response dynamics of the entry game without listing the :math:`2^K` portfolios.

Region r's payoff separates across industries, :math:`U_r(x) = \sum_k u_{rk}(x_{\cdot k})`, so
against the others' choices its payoff from a portfolio :math:`y \in \{0,1\}^K` is a constant
plus :math:`\sum_k y_k g_{rk}` with the **entry gains**
:math:`g_{rk} = u_{rk}(x_{rk}=1) - u_{rk}(x_{rk}=0)`.  Its feasible portfolios are those that
enter no industry whose quota the others have filled (:math:`\sum_{r' \ne r} x_{r'k} < m_k`)
and hold at most b clusters (the budget).  Hence

* without a budget the best response is decided industry by industry (enter iff
  :math:`g_{rk} > 0` and entry is allowed): :math:`O(K)` once the gains are known;
* with a budget it is a knapsack whose items all weigh one — take the b largest positive
  allowed gains — which is exact (any other feasible portfolio swaps in a smaller gain);
* region r's regret at x is :math:`\max_y \sum_k y_k g_{rk} - \sum_k x_{rk} g_{rk}` over the
  feasible y (:math:`+\infty` if :math:`x_r` itself is infeasible), the same number the
  enumeration of all portfolios gives.

Ties within the tolerance are broken as the enumerating dynamics
(:func:`~coordgame.solvers.dynamics.best_response_equilibria` on :func:`entry_game`) break
them, by the lowest portfolio index, so that for small K both give the same path.  A profile
is reported by its action indices in
:func:`~coordgame.games.structured.binary_portfolios` order
(:func:`~coordgame.games.structured.portfolio_index`: Python ints, any K).

Computing the K gains of one region takes two Cournot markets per industry; with numba they
are compiled loops over spillovers kept up to date move by move
(:mod:`~coordgame.models.duplicate_construction.portfolio_kernels`), otherwise
:meth:`Economy.entry_values`.  Every equilibrium reported is verified by
:func:`portfolio_regrets`, computed from :meth:`Economy.entry_values` (the array path),
against ``tol * payoff_range``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from coordgame._checks import as_generator, positive_int
from coordgame.errors import InvalidArgumentError, VerificationError
from coordgame.games.structured import num_portfolios, portfolio_index, portfolio_row
from coordgame.solvers.structured import StartRecord, StructuredEquilibria, StructuredEquilibrium
from coordgame.tolerances import DEFAULT_TOL, absolute_tolerance

from .economy import Economy
from .portfolio_kernels import as_kernel_array, best_portfolio_loops, kernels_for

__all__ = ["entry_gains", "best_portfolio", "portfolio_regrets", "verify_portfolio", "portfolio_dynamics"]

#: Largest number of floats in one block of :meth:`Economy.entry_values` when computing regrets.
_BLOCK = 1 << 22
#: Rounds the compiled dynamics run before a path is handed to the Python loop, which detects cycles.
_COMPILED_ROUNDS = 64


def _subsidy_vector(economy: Economy, subsidy: Any) -> np.ndarray:
    try:
        values = np.broadcast_to(np.asarray(subsidy, dtype=float), (economy.num_industries,)).copy()
    except (TypeError, ValueError):
        raise InvalidArgumentError(f"subsidy: expected a number or {economy.num_industries} numbers, "
                                   f"got {subsidy!r}") from None
    if not np.isfinite(values).all():
        raise InvalidArgumentError(f"subsidy: expected finite numbers, got {subsidy!r}")
    return values


def _limit_vector(economy: Economy, quota: Any) -> np.ndarray | None:
    if quota is None:
        return None
    values = np.atleast_1d(np.asarray(quota))
    if values.ndim != 1 or values.size not in (1, economy.num_industries) or values.dtype.kind not in "iu" \
            or (values < 0).any():
        raise InvalidArgumentError(f"quota: expected a non-negative int or {economy.num_industries} of them, "
                                   f"got {quota!r}")
    return np.broadcast_to(values.astype(np.int64), (economy.num_industries,)).copy()


def _budget_of(economy: Economy) -> int:
    """The budget as the kernels take it: -1 for none."""
    budget = economy.params.budget
    return -1 if budget is None else int(budget)


def best_portfolio(gains: Any, current: Any, *, allowed: Any = None, budget: int | None = None,
                   atol: float = 0.0) -> tuple[np.ndarray, float]:
    """A region's best portfolio given its entry gains, and its regret at ``current``.

    Parameters
    ----------
    gains : array (K,)
        Entry gains :math:`g_k` (payoff with the cluster minus without, others fixed).
    current : array (K,) of 0/1
        The region's portfolio now.
    allowed : array (K,) of bool, optional
        Industries it may enter (default all; a full quota forbids entry).
    budget : int, optional
        At most this many clusters.
    atol : float, default 0
        Absolute tolerance: the region keeps ``current`` when its regret is at most ``atol``;
        otherwise it takes the lowest-index portfolio (binary order) within ``atol`` of the best.

    Returns
    -------
    portfolio : ndarray (K,) of int8
    regret : float
        ``inf`` when ``current`` is infeasible.

    Examples
    --------
    >>> from coordgame.models.duplicate_construction.portfolio import best_portfolio
    >>> row, regret = best_portfolio([5.0, -1.0, 3.0, 4.0], [0, 0, 0, 0])
    >>> row.tolist(), regret
    ([1, 0, 1, 1], 12.0)
    >>> best_portfolio([5.0, -1.0, 3.0, 4.0], [0, 0, 0, 0], budget=2)[0].tolist()   # the two largest gains
    [1, 0, 0, 1]
    """
    g = np.asarray(gains, dtype=float).reshape(-1)
    cur = np.asarray(current, dtype=np.int8).reshape(-1)
    ok = np.ones(g.size, dtype=np.bool_) if allowed is None else np.asarray(allowed, dtype=np.bool_).reshape(-1)
    if cur.shape != g.shape or ok.shape != g.shape or not np.isfinite(g).all():
        raise InvalidArgumentError(f"gains: expected {cur.size} finite gains matching current and allowed, got {gains!r}")
    b = -1 if budget is None else positive_int(budget, "budget", minimum=0)
    out = np.empty(g.size, dtype=np.int8)
    regret, _ = best_portfolio_loops(g, ok, cur, b, float(atol), out, np.empty(g.size))
    return out, float(regret)


def _allowed(x: np.ndarray, limits: np.ndarray | None) -> np.ndarray:
    """(R, K) bool: whether each region may enter each industry, the others' clusters fixed."""
    if limits is None:
        return np.ones(x.shape, dtype=bool)
    return (x.sum(axis=0)[None, :] - x) < limits[None, :]


def _all_gains(economy: Economy, x: np.ndarray, subsidy: np.ndarray) -> np.ndarray:
    """(R, K) entry gains of every region at x: compiled loops, or :meth:`Economy.entry_values` in blocks of regions."""
    R, K = x.shape
    compiled = None if economy.segmented else kernels_for(economy.num_regions)
    if compiled is not None:
        gains = _Gains(economy, as_kernel_array(x, np.int8), subsidy)
        out = np.empty((R, K))
        compiled["all_gains_loops"](*gains.args, gains.x, gains.spill, out, np.empty(K), np.empty(R))
        return out
    step = max(1, _BLOCK // (2 * K * R * economy.num_markets))
    out = np.empty((R, K))
    for start in range(0, R, step):
        values = economy.entry_values(x, slice(start, start + step), subsidy)
        out[start:start + step] = values[1] - values[0]
    return out


def industry_gains(economy: Economy, x: np.ndarray, k: int) -> np.ndarray:
    """Every region's entry gain in industry k alone (no instrument), shape (R,): compiled, or from the arrays."""
    compiled = None if economy.segmented else kernels_for(economy.num_regions)
    if compiled is None:
        return entry_gains(economy, x)[:, k]
    gains = _Gains(economy, as_kernel_array(x, np.int8), np.zeros(economy.num_industries))
    out = np.empty(economy.num_regions)
    compiled["industry_gains_loops"](*gains.args, gains.x, gains.spill, int(k), out, np.empty(economy.num_regions))
    return out


def entry_gains(economy: Economy, x: Any, subsidy: Any = 0.0) -> np.ndarray:
    """:math:`U_r(x_{rk}=1) - U_r(x_{rk}=0)`, others fixed, shape (R, K): :meth:`Economy.entry_gains`, compiled when possible.

    Examples
    --------
    >>> import numpy as np
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy
    >>> from coordgame.models.duplicate_construction.portfolio import entry_gains
    >>> e = build_economy(Parameters(num_regions=5, num_industries=3))
    >>> x = np.eye(5, 3, dtype=int)
    >>> bool(np.allclose(entry_gains(e, x), e.entry_gains(x)))
    True
    """
    return _all_gains(economy, _checked_matrix(economy, x), _subsidy_vector(economy, subsidy))


def portfolio_regrets(economy: Economy, x: Any, *, subsidy: Any = 0.0, quota: Any = None) -> np.ndarray:
    """Each region's regret at the portfolio matrix x over all its feasible portfolios, shape (R,).

    Examples
    --------
    >>> import numpy as np
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy
    >>> from coordgame.models.duplicate_construction.portfolio import portfolio_regrets
    >>> e = build_economy(Parameters(num_regions=4, num_industries=3))
    >>> portfolio_regrets(e, np.ones((4, 3), dtype=int)).round(2).tolist()   # Shanxi would rather leave two industries
    [0.0, 0.0, 0.0, 126.38]
    """
    x = _checked_matrix(economy, x)
    gains = _all_gains(economy, x, _subsidy_vector(economy, subsidy))
    allowed = _allowed(x, _limit_vector(economy, quota))
    best = np.where(allowed & (gains > 0), gains, 0.0)
    budget = economy.params.budget
    if budget is not None:
        best = -np.sort(-best, axis=1)[:, :budget]
    regret = np.maximum(best.sum(axis=1) - (x * gains).sum(axis=1), 0.0)
    infeasible = (x.astype(bool) & ~allowed).any(axis=1)
    if budget is not None:
        infeasible |= x.sum(axis=1) > budget
    return np.where(infeasible, np.inf, regret)


def _checked_matrix(economy: Economy, x: Any) -> np.ndarray:
    x = np.asarray(x)
    shape = (economy.num_regions, economy.num_industries)
    if x.shape != shape or not ((x == 0) | (x == 1)).all():
        raise InvalidArgumentError(f"x: expected a 0/1 matrix of shape {shape}, got shape {x.shape}")
    return x.astype(np.int8)


def verify_portfolio(economy: Economy, x: Any, *, method: str, subsidy: Any = 0.0, quota: Any = None,
                     tol: float = DEFAULT_TOL) -> StructuredEquilibrium:
    """Check that x is an equilibrium (every regret within ``tol * payoff_range``) and wrap it.

    The profile is the regions' action indices in :func:`~coordgame.games.structured.binary_portfolios`
    order.  Raises :class:`~coordgame.errors.VerificationError` otherwise.

    Examples
    --------
    >>> import numpy as np
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy
    >>> from coordgame.models.duplicate_construction.portfolio import verify_portfolio
    >>> e = build_economy(Parameters(num_regions=4, num_industries=3))
    >>> x = np.array([[1, 1, 1], [1, 1, 1], [1, 1, 1], [1, 0, 0]])
    >>> verify_portfolio(e, x, method="by hand").profile   # binary numbers of the rows, industry 1 lowest
    (7, 7, 7, 1)
    """
    x = _checked_matrix(economy, x)
    regrets = portfolio_regrets(economy, x, subsidy=subsidy, quota=quota)
    threshold = absolute_tolerance(tol, economy)
    if not regrets.max() <= threshold:
        raise VerificationError(f"portfolio matrix is not an equilibrium within tolerance {threshold:.2g}: "
                                f"largest regret {regrets.max():.3g} (region {int(np.argmax(regrets))}, "
                                f"method {method!r})")
    payoffs = economy.payoffs(x, _subsidy_vector(economy, subsidy))
    return StructuredEquilibrium(profile=profile_of(x, economy.params.budget), payoffs=payoffs,
                                 regret=float(regrets.max()), tol=float(threshold), method=method)


def profile_of(x: np.ndarray, budget: int | None) -> tuple[int, ...]:
    """The regions' action indices (binary-portfolio order) of the rows of x."""
    x = np.asarray(x)
    if budget is None and x.shape[1] <= 62:  # the binary number each row spells, vectorised
        return tuple((x.astype(np.int64) << np.arange(x.shape[1])).sum(axis=1).tolist())
    return tuple(portfolio_index(row, budget) for row in x)


def matrix_of(profile: Any, num_industries: int, budget: int | None) -> np.ndarray:
    """The (R, K) 0/1 matrix of a profile of action indices (the inverse of :func:`profile_of`)."""
    if budget is None and num_industries <= 62:  # each index is the binary number its row spells
        codes = np.array([int(a) for a in profile], dtype=np.int64)
        return ((codes[:, None] >> np.arange(num_industries)) & 1).reshape(len(codes), num_industries)
    return np.array([portfolio_row(a, num_industries, budget) for a in profile], dtype=np.int64).reshape(
        len(profile), num_industries)


class _Gains:
    """Region r's K entry gains at the current x: compiled loops on kept-up-to-date spillovers, or arrays."""

    def __init__(self, economy: Economy, x: np.ndarray, subsidy: np.ndarray) -> None:
        self.economy, self.x, self.subsidy = economy, x, subsidy
        self.compiled = None if economy.segmented else kernels_for(economy.num_regions)
        if self.compiled is not None:
            p = economy.params
            self.args = (float(p.demand_intercept), float(p.demand_slope), float(p.sigma), float(p.lam),
                         float(p.theta), float(p.fixed_cost), subsidy, economy._contiguous("base_cost"),
                         economy._contiguous("weights"))
            self.spill = np.empty((x.shape[1], x.shape[0]))
            self.compiled["spill_loops"](x, self.args[-1], self.spill)
            self.out, self.costs = np.empty(x.shape[1]), np.empty(x.shape[0])

    def __call__(self, r: int) -> np.ndarray:
        if self.compiled is None:
            values = self.economy.entry_values(self.x, [r], self.subsidy)[:, 0, :]
            return values[1] - values[0]
        self.compiled["region_gains_loops"](*self.args, self.x, self.spill, r, self.out, self.costs)
        return self.out

    def industry(self, k: int) -> np.ndarray:
        """Every region's entry gain in industry k alone at the current x, shape (R,)."""
        if self.compiled is None:
            return entry_gains(self.economy, self.x, self.subsidy)[:, k]
        out = np.empty(self.x.shape[0])
        self.compiled["industry_gains_loops"](*self.args, self.x, self.spill, int(k), out, self.costs)
        return out

    def move(self, r: int, row: np.ndarray) -> None:
        if self.compiled is not None:
            change = row.astype(float) - self.x[r]
            for k in np.flatnonzero(change):
                self.spill[k] += change[k] * self.economy.weights[r]
        self.x[r] = row


def _run(economy: Economy, start: np.ndarray, subsidy: np.ndarray, limits: np.ndarray | None, atol: float,
         max_rounds: int) -> tuple[str, np.ndarray, int, list[np.ndarray] | None]:
    """Sequential round-robin best-response dynamics from ``start``: (outcome, last x, rounds, cycle or None).

    A region moves only when its regret exceeds ``atol``; the path has converged once every
    region in turn has declined to move, and cycles once a (profile, next mover) state entered by
    a move recurs.  ``cycle``: the distinct profiles from the first revisited one, in order.
    """
    R, K = start.shape
    x = np.ascontiguousarray(start, dtype=np.int8).copy()
    gains = _Gains(economy, x, subsidy)
    if gains.compiled is not None:  # the whole path compiled; a path that has not converged is re-run below
        limit = np.empty(0, dtype=np.int64) if limits is None else limits
        converged, last_move = gains.compiled["dynamics_loops"](*gains.args, gains.x, gains.spill, limit,
                                                                _budget_of(economy), atol,
                                                                min(max_rounds, _COMPILED_ROUNDS) * R)
        if converged:
            return "converged", gains.x, (math.ceil(last_move / R) + 1 if last_move else 1), None
        x = np.ascontiguousarray(start, dtype=np.int8).copy()
        gains = _Gains(economy, x, subsidy)
    best = gains.compiled["best_portfolio_loops"] if gains.compiled is not None else best_portfolio_loops
    budget = _budget_of(economy)
    colsum = x.sum(axis=0).astype(np.int64)
    row, scratch = np.empty(K, dtype=np.int8), np.empty(K)
    allowed = np.ones(K, dtype=np.bool_)
    visited, entered, states = [x.copy()], {x.tobytes(): 0}, set()
    cycle, streak, last_move, step = None, 0, 0, 0
    while streak < R:
        step += 1
        r = (step - 1) % R
        if limits is not None:
            allowed = (colsum - x[r]) < limits
        _, moved = best(gains(r), allowed, x[r], budget, atol, row, scratch)
        if not moved:
            streak += 1
            continue
        if step > max_rounds * R:
            return "max_rounds", x, math.ceil((step - 1) / R), None
        streak, last_move = 0, step
        colsum += row.astype(np.int64) - x[r]
        gains.move(r, row)
        key = x.tobytes()
        if key in entered and cycle is None:
            cycle = visited[entered[key]:]
        visited.append(x.copy())
        entered[key] = len(visited) - 1
        state = (key, step % R)
        if state in states:
            return "cycle", x, math.ceil(step / R), cycle
        states.add(state)
    return "converged", x, (math.ceil(last_move / R) + 1 if last_move else 1), None


def _random_start(rng: np.random.Generator, economy: Economy) -> np.ndarray:
    """A uniformly random portfolio per region (the same draws as the enumerating dynamics' random starts)."""
    K, budget = economy.num_industries, economy.params.budget
    count = num_portfolios(K, budget)
    if count < (1 << 62):
        return matrix_of([int(rng.integers(count)) for _ in range(economy.num_regions)], K, budget)
    rows = []
    for _ in range(economy.num_regions):  # too many to index with int64: uniform bits, or a size then a subset
        if budget is None:
            rows.append(rng.integers(0, 2, K))
            continue
        sizes = np.array([math.comb(K, i) for i in range(min(budget, K) + 1)], dtype=float)
        row = np.zeros(K, dtype=np.int64)
        row[rng.permutation(K)[: int(rng.choice(len(sizes), p=sizes / sizes.sum()))]] = 1
        rows.append(row)
    return np.array(rows, dtype=np.int64)


def portfolio_dynamics(economy: Economy, starts: Mapping[str, Any], *, num_random_starts: int = 0,
                       seed: int | None = None, subsidy: Any = 0.0, quota: Any = None, max_rounds: int = 1000,
                       tol: float = DEFAULT_TOL) -> StructuredEquilibria:
    """Pure equilibria reached by sequential best-response dynamics from named portfolio matrices.

    The same dynamics and record as :func:`~coordgame.solvers.dynamics.best_response_equilibria`
    on :func:`entry_game` (regions in data order, one move per turn, lowest-index best response,
    cycles detected), computed through entry gains instead of listing the portfolios.

    Parameters
    ----------
    economy : Economy
    starts : mapping of str to (R, K) 0/1 matrices
    num_random_starts : int, default 0
        More starts, each region's portfolio uniformly random (drawn with ``seed``).
    seed : int, optional
    subsidy : float or array (K,), default 0
        Per-cluster instrument (negative: a tax).
    quota : int or array (K,) of int, optional
        At most ``quota[k]`` clusters in industry k (entry allowed only while the others hold fewer).
    max_rounds : int, default 1000
    tol : float, default 1e-9
        Relative tolerance (times ``Economy.payoff_range``).

    Returns
    -------
    StructuredEquilibria
        Profiles are action indices in binary-portfolio order; each equilibrium verified by
        :func:`verify_portfolio`.

    Examples
    --------
    >>> import numpy as np
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy
    >>> from coordgame.models.duplicate_construction.portfolio import portfolio_dynamics
    >>> e = build_economy(Parameters(num_regions=5, num_industries=40))
    >>> out = portfolio_dynamics(e, {"nobody builds": np.zeros((5, 40), dtype=int)})
    >>> out.starts[0].outcome, len(out)
    ('converged', 1)
    """
    subsidy = _subsidy_vector(economy, subsidy)
    limits = _limit_vector(economy, quota)
    max_rounds = positive_int(max_rounds, "max_rounds")
    num_random_starts = positive_int(num_random_starts, "num_random_starts", minimum=0)
    atol = absolute_tolerance(tol, economy)
    named = [(str(name), _checked_matrix(economy, x)) for name, x in starts.items()]
    rng = as_generator(seed)
    named += [(f"random {i}", _random_start(rng, economy).astype(np.int8)) for i in range(num_random_starts)]
    budget = economy.params.budget
    found: dict[bytes, int] = {}
    equilibria, cycles, records = [], [], []
    for name, start in named:
        outcome, x, rounds, cycle = _run(economy, start, subsidy, limits, atol, max_rounds)
        eq_index = cycle_index = None
        if outcome == "converged":
            if x.tobytes() not in found:
                found[x.tobytes()] = len(equilibria)
                equilibria.append(verify_portfolio(economy, x, method="best_response", subsidy=subsidy,
                                                   quota=limits, tol=tol))
            eq_index = found[x.tobytes()]
        elif outcome == "cycle":
            cycle_index = len(cycles)
            cycles.append(tuple(profile_of(p, budget) for p in (cycle or [x])))
        records.append(StartRecord(name, profile_of(start, budget), outcome, rounds, eq_index, cycle_index))
    notes = ("equilibria reached by sequential best-response dynamics from the listed starts; others may exist",)
    return StructuredEquilibria(tuple(equilibria), method="best_response", complete=False, starts=tuple(records),
                                cycles=tuple(cycles), notes=notes,
                                parameters={"tol": tol, "max_rounds": max_rounds, "num_random_starts": num_random_starts})
