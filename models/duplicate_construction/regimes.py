"""Regimes between local competition and planning: an entry subsidy (or tax) and per-industry quotas."""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from coordgame._checks import as_generator
from coordgame.errors import InvalidArgumentError
from coordgame.games.structured import num_portfolios
from coordgame.results import Result
from coordgame.solvers.pure import pure_nash
from coordgame.tolerances import DEFAULT_TOL, absolute_tolerance

from .economy import Economy
from .game import entry_game
from .local_competition import (
    _industry_extremes,
    _reached_from_nobody,
    industry_equilibria,
    num_entry_columns,
)
from .planner import second_best
from .portfolio import (
    _Gains,
    entry_gains,
    matrix_of,
    portfolio_dynamics,
    portfolio_regrets,
    verify_portfolio,
)
from .portfolio_kernels import as_kernel_array, kernels_for

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["implementing_instrument",
           "implementing_subsidy", "subsidised_equilibrium", "quota_equilibrium", "QuotaOutcome", "quota_starts",
           "quota_equilibria"]


def implementing_subsidy(economy: Economy, x: np.ndarray, *, tol: float = DEFAULT_TOL) -> tuple[np.ndarray, np.ndarray, bool]:
    """Deprecated name of :func:`implementing_instrument` (the instrument is usually a tax).

    Examples
    --------
    >>> import warnings
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy, second_best, implementing_subsidy
    >>> e = build_economy(Parameters(num_regions=4, num_industries=1))
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     s = implementing_subsidy(e, second_best(e)[0])[0]
    >>> caught[0].category.__name__
    'DeprecationWarning'
    """
    warnings.warn("implementing_subsidy is deprecated: use implementing_instrument (negative values are a tax)",
                  DeprecationWarning, stacklevel=2)
    return implementing_instrument(economy, x, tol=tol)


def implementing_instrument(economy: Economy, x: np.ndarray, *, tol: float = DEFAULT_TOL
                            ) -> tuple[np.ndarray, np.ndarray, bool]:
    r"""Per-industry uniform per-cluster entry instruments :math:`s_k` making ``x`` an equilibrium, if any.

    :math:`s_k > 0` is a subsidy, :math:`s_k < 0` a tax on each cluster of industry k.  On the
    default calibration it is a tax of several times F in every industry: the plan is
    implemented by taxing entry, not by subsidising it.

    With :math:`\Delta_{rk}` region r's private gain from entering k at ``x`` (others fixed),
    ``x`` is an equilibrium of the subsidised game iff
    :math:`\max_{r: x_{rk}=1} (-\Delta_{rk}) \le s_k \le \min_{r: x_{rk}=0} (-\Delta_{rk})` for
    every k (payoffs separate across industries; with a budget this is checked afterwards).
    The subsidy chosen is the one in the interval closest to zero, moved inside by a small
    margin so that every region strictly prefers its planned choice; when the interval is
    empty, the midpoint (smallest largest violation) is reported.

    Returns
    -------
    subsidy : ndarray (K,)
        Per-cluster subsidy (negative: a tax).
    implementable : ndarray (K,) of bool
        Whether industry k's interval is non-empty.
    implements : bool
        Whether ``x`` passes the equilibrium check of the subsidised game over full action sets.

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy, second_best, implementing_instrument
    >>> e = build_economy(Parameters(num_regions=5, num_industries=1))
    >>> s, ok, implements = implementing_instrument(e, second_best(e)[0])
    >>> bool(s[0] < 0), implements    # a tax on entry implements the planner's choice
    (True, True)
    """
    x = np.asarray(x, dtype=np.int64)
    gains = entry_gains(economy, x)
    need = -gains
    lo = np.where(x == 1, need, -np.inf).max(axis=0)
    hi = np.where(x == 0, need, np.inf).min(axis=0)
    implementable = lo <= hi
    margin = np.minimum(1e-6 * economy.payoff_range, 0.25 * np.where(np.isfinite(hi - lo), hi - lo, np.inf))
    inside = np.clip(0.0, lo + margin, hi - margin)
    midpoint = np.where(np.isfinite(lo) & np.isfinite(hi), 0.5 * (lo + hi), np.where(np.isfinite(lo), lo, hi))
    subsidy = np.where(implementable, inside, midpoint)
    implements = portfolio_regrets(economy, x, subsidy=subsidy).max() <= absolute_tolerance(tol, economy)
    return subsidy, implementable, bool(implements)


def quota_equilibrium(economy: Economy, quota: Any, *, tol: float = DEFAULT_TOL) -> np.ndarray | None:
    """One equilibrium under per-industry quotas: the one reached from "nobody builds".

    Regions take turns (in data order) choosing their best feasible portfolio; entry into k is
    feasible only while fewer than ``quota[k]`` others have entered.  Returns the verified
    equilibrium portfolio matrix, or None if the dynamics cycle.  The licences go to the first
    movers that want them, not to the regions that value them most: this is one selection among
    many equilibria, not the quota regime's outcome — for that see :func:`quota_equilibria`
    (best and worst equilibria).

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy, quota_equilibrium
    >>> x = quota_equilibrium(build_economy(Parameters(num_regions=6, num_industries=2)), [1, 2])
    >>> x.sum(axis=0).tolist()
    [1, 2]
    """
    return _reached_from_nobody(economy, quota=_quota_limits(quota, economy.num_industries), tol=tol)


def subsidised_equilibrium(economy: Economy, subsidy: Any, *, tol: float = DEFAULT_TOL) -> np.ndarray | None:
    """Local competition with per-cluster entry subsidies: the equilibrium reached from "nobody builds".

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy, subsidised_equilibrium
    >>> e = build_economy(Parameters(num_regions=6, num_industries=1))
    >>> int(subsidised_equilibrium(e, [-10_000.0]).sum())   # a prohibitive tax: nobody builds
    0
    """
    return _reached_from_nobody(economy, subsidy=subsidy, tol=tol)


@dataclass(frozen=True, eq=False)
class QuotaOutcome(Result):
    """Pure equilibria of the quota-constrained entry game and the two selections reported.

    Attributes
    ----------
    quota : ndarray (K,)
        At most ``quota[k]`` clusters in industry k.
    method : str
        ``"exhaustive"`` (every equilibrium: industry by industry, or over the whole game with a
        budget) or ``"best_response"`` (the equilibria reached from :attr:`starts`).
    complete : bool
        Whether the best and worst are over every equilibrium (exhaustive) or over those found.
    num_equilibria : int
        Number of equilibria (exhaustive) or of distinct equilibria reached (dynamics).
    best, worst : ndarray (R, K) of int or None
        The verified equilibria of highest and lowest national welfare (None: none found).
    welfare_best, welfare_worst : float
        Their national welfare (NaN when none was found).
    dynamics : StructuredEquilibria
        Best-response dynamics of the constrained game from the documented starts.
    starts : pandas.DataFrame
        One row per start: ``start``, ``outcome``, ``rounds``, ``welfare``, ``entries`` of the
        equilibrium reached (NaN after a cycle).

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy, quota_equilibria
    >>> out = quota_equilibria(build_economy(Parameters(num_regions=4, num_industries=2)), [1, 1])
    >>> out.method, out.complete, out.num_equilibria, out.best.sum(axis=0).tolist()
    ('exhaustive', True, 16, [1, 1])
    >>> round(out.welfare_best, 2), round(out.welfare_worst, 2)
    (3302.76, 1616.85)
    """

    quota: np.ndarray
    method: str
    complete: bool
    num_equilibria: int
    best: np.ndarray | None
    worst: np.ndarray | None
    welfare_best: float
    welfare_worst: float
    dynamics: Any
    starts: pd.DataFrame

    def __repr__(self) -> str:
        return (f"QuotaOutcome(quota {self.quota.tolist()}: welfare {self.welfare_worst:.6g} (worst) .. "
                f"{self.welfare_best:.6g} (best) over {self.num_equilibria} equilibria, {self.method})")


def _private_entry_order(economy: Economy, x: np.ndarray, limit: np.ndarray, budget: int | None) -> np.ndarray:
    """Fill each industry up to its quota, one region at a time, taking the largest private entry gain (> 0)."""
    tracker = _Gains(economy, np.ascontiguousarray(x, dtype=np.int8).copy(), np.zeros(economy.num_industries))
    x = tracker.x
    gains = entry_gains(economy, x)
    while True:
        room = (x.sum(axis=0) < limit)[None, :] & (x == 0)
        if budget is not None:
            room &= (x.sum(axis=1) < budget)[:, None]
        gains = np.where(room, gains, -np.inf)
        k = int(np.argmax(gains.max(axis=0)))
        if not gains[:, k].max() > 0.0:
            return x.astype(np.int64)
        r = int(np.argmax(gains[:, k]))
        row = x[r].copy()
        row[k] = 1
        tracker.move(r, row)
        gains[:, k] = tracker.industry(k)  # payoffs separate: only industry k's gains move


def _within_limits(x: np.ndarray, limit: np.ndarray, budget: int | None, priority: np.ndarray) -> np.ndarray:
    """Drop the lowest-``priority`` clusters of x until every industry meets its quota and every region its budget."""
    x = x.copy()
    for k in range(x.shape[1]):
        built = np.flatnonzero(x[:, k])
        if built.size > limit[k]:
            x[built[np.argsort(priority[built, k], kind="stable")[: built.size - limit[k]]], k] = 0
    if budget is not None:
        for r in np.flatnonzero(x.sum(axis=1) > budget):
            built = np.flatnonzero(x[r])
            x[r, built[np.argsort(priority[r, built], kind="stable")[: built.size - budget]]] = 0
    return x


def _quota_limits(quota: Any, num_industries: int) -> np.ndarray:
    """``quota`` as one non-negative integer per industry, or InvalidArgumentError."""
    values = np.atleast_1d(np.asarray(quota))
    if values.ndim != 1 or values.size not in (1, num_industries) or values.dtype.kind not in "iu" or (values < 0).any():
        raise InvalidArgumentError(f"quota: expected a non-negative int or {num_industries} of them, got {quota!r}")
    return np.broadcast_to(values.astype(np.int64), (num_industries,)).copy()


def quota_starts(economy: Economy, quota: Any, planned: np.ndarray, *, num_random_starts: int = 2,
                 seed: int | None = None) -> dict[str, np.ndarray]:
    """The documented starts of the quota regime's dynamics, each feasible (quota and budget).

    * ``"nobody builds"``;
    * ``"second-best portfolio"``: the planner's ``planned`` x (feasible by construction when
      the quotas are the planner's numbers; otherwise trimmed, least private value first);
    * ``"greedy by private value"``: licences handed out one at a time to the region that gains
      most from entering, given the licences already handed out, while some region gains;
    * ``"random i"``: in each industry a uniformly random number (0..quota) of uniformly random
      regions, drawn with ``seed`` (then trimmed to the budget).

    Private value: a region's gain :math:`U_r(x_{rk}=1) - U_r(x_{rk}=0)` with the others fixed.

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy, quota_starts, second_best
    >>> e = build_economy(Parameters(num_regions=6, num_industries=2))
    >>> starts = quota_starts(e, [1, 2], second_best(e)[0], seed=0)
    >>> list(starts), [s.sum(axis=0).tolist() for s in starts.values()][2]
    (['nobody builds', 'second-best portfolio', 'greedy by private value', 'random 0', 'random 1'], [1, 2])
    """
    R, K = economy.num_regions, economy.num_industries
    budget = economy.params.budget
    limit = _quota_limits(quota, K)
    priority = entry_gains(economy, np.zeros((R, K), dtype=np.int64))
    nobody = np.zeros((R, K), dtype=np.int64)
    starts = {"nobody builds": nobody,
              "second-best portfolio": _within_limits(np.asarray(planned, dtype=np.int64), limit, budget, priority),
              "greedy by private value": _private_entry_order(economy, nobody, limit, budget)}
    rng = as_generator(seed)
    for i in range(num_random_starts):
        x = np.zeros((R, K), dtype=np.int64)
        for k in range(K):
            x[rng.permutation(R)[: int(rng.integers(0, min(limit[k], R) + 1))], k] = 1
        starts[f"random {i}"] = _within_limits(x, limit, budget, rng.random((R, K)))
    return starts


def quota_equilibria(economy: Economy, quota: Any, planned: np.ndarray | None = None, *, num_random_starts: int = 2,
                     max_columns: int = 1 << 16, max_whole_game: int = 20_000, tol: float = DEFAULT_TOL) -> QuotaOutcome:
    r"""The quota regime: pure equilibria of the quota-constrained entry game, best and worst.

    Under quotas :math:`m_k` a region may enter industry k only while fewer than :math:`m_k`
    others have entered (a generalised game: :func:`entry_game` with ``quota``).  Equilibria are
    typically many — with a binding quota *any* :math:`m_k` regions that each prefer keeping
    their licence to leaving form one — and which of them the quota delivers depends on who gets
    the licences, so both ends are reported:

    * **Exhaustive** when possible: without a budget, industry by industry over every entry
      column with at most :math:`m_k` entrants (:func:`industry_equilibria`, at most
      ``max_columns`` each); the best (worst) equilibrium combines each industry's best (worst).
      With a budget, over the whole game by :func:`~coordgame.solvers.pure.pure_nash`
      when the first R-1 regions have at most ``max_whole_game`` joint portfolios.
    * Otherwise over the equilibria that best-response dynamics (regions moving in data order,
      each to its best feasible portfolio) reach from the documented starts of
      :func:`quota_starts`; cycles are recorded.

    The dynamics are run in both cases, so :attr:`QuotaOutcome.starts` says which start leads
    where; every reported equilibrium is verified over the feasible deviations.

    Parameters
    ----------
    economy : Economy
    quota : int or array (K,) of int
    planned : ndarray (R, K), optional
        The planner's portfolio used as a start; default: :func:`second_best`.
    num_random_starts : int, default 2
        Seeded (``cost_seed``) random feasible starts.
    max_columns, max_whole_game : int
        Size limits of the exhaustive searches (see above).
    tol : float, default 1e-9
        Relative equilibrium tolerance (times ``Economy.payoff_range``).

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy, quota_equilibria
    >>> out = quota_equilibria(build_economy(Parameters(num_regions=6, num_industries=2)), [1, 2])
    >>> out.method, out.complete, out.welfare_best >= out.welfare_worst
    ('exhaustive', True, True)
    >>> out.best.sum(axis=0).tolist()
    [1, 2]
    """
    p = economy.params
    R, K = economy.num_regions, economy.num_industries
    limit = _quota_limits(quota, K)
    if planned is None:
        planned = second_best(economy, tol=tol)[0]
    planned = np.asarray(planned)
    if planned.shape != (R, K) or not np.isin(planned, (0, 1)).all():
        raise InvalidArgumentError(f"planned: expected a 0/1 matrix of shape {(R, K)}, got shape {planned.shape}")
    starts = quota_starts(economy, limit, planned, num_random_starts=num_random_starts, seed=p.cost_seed)
    dynamics = portfolio_dynamics(economy, starts, quota=limit, tol=tol)
    method, complete, count, candidates = _quota_candidates(economy, limit, dynamics, max_columns=max_columns,
                                                            max_whole_game=max_whole_game, tol=tol)
    if candidates:
        values = np.array([economy.welfare(x) for x in candidates])
        best, worst = candidates[int(np.argmax(values))], candidates[int(np.argmin(values))]
        for x in (best, worst):
            verify_portfolio(economy, x, method=method, quota=limit, tol=tol)
        w_best, w_worst = float(values.max()), float(values.min())
    else:
        best = worst = None
        w_best = w_worst = float("nan")
    return QuotaOutcome(limit, method, complete, int(count), best, worst, w_best, w_worst, dynamics,
                        _start_outcomes(economy, dynamics))



def _start_outcomes(economy: Economy, dynamics: Any) -> pd.DataFrame:
    """One row per start of ``dynamics``: outcome, rounds, welfare and entries of the equilibrium reached (NaN after a cycle)."""
    import pandas as pd

    reached = [_matrix(economy, eq.profile) for eq in dynamics]
    rows = []
    for record in dynamics.starts:
        x = reached[record.equilibrium] if record.equilibrium is not None else None
        rows.append({"start": record.name, "outcome": record.outcome, "rounds": record.rounds,
                     "welfare": economy.welfare(x) if x is not None else float("nan"),
                     "entries": int(x.sum()) if x is not None else float("nan")})
    return pd.DataFrame(rows, columns=["start", "outcome", "rounds", "welfare", "entries"])


def _quota_candidates(economy: Economy, limit: np.ndarray, dynamics: Any, *, max_columns: int,
                      max_whole_game: int, tol: float) -> tuple[str, bool, int, list[np.ndarray]]:
    """(method, complete, number of equilibria, candidates for the best and worst) of the quota regime.

    Exhaustive industry by industry without a budget (the candidates: every industry's best
    combined, every industry's worst combined), over the whole game with a small budgeted game,
    else the equilibria the dynamics reached.
    """
    p = economy.params
    R, K = economy.num_regions, economy.num_industries
    exhaustive = p.budget is None and all(num_entry_columns(R, m) <= max_columns for m in limit)
    if exhaustive and not economy.segmented and kernels_for(R) is not None:
        return _compiled_quota_extremes(economy, limit, tol)
    if exhaustive:
        per_industry = [industry_equilibria(economy, k, quota=int(limit[k]), max_columns=max_columns, tol=tol)
                        for k in range(K)]
        _, best, worst = _industry_extremes(economy, per_industry)
        return "exhaustive", True, math.prod(len(e) for e in per_industry), [] if best is None else [best, worst]
    whole_game = p.budget is not None and num_portfolios(K, p.budget) ** (R - 1) <= max_whole_game
    found = pure_nash(entry_game(economy, quota=limit), tol=tol) if whole_game else dynamics
    return ("exhaustive" if whole_game else "best_response", whole_game, len(found),
            [_matrix(economy, eq.profile) for eq in found])


def _compiled_quota_extremes(economy: Economy, limit: np.ndarray, tol: float) -> tuple[str, bool, int, list[np.ndarray]]:
    """The exhaustive branch of :func:`_quota_candidates` by compiled loops over the sets (national markets)."""
    p = economy.params
    R, K = economy.num_regions, economy.num_industries
    atol = absolute_tolerance(tol, economy)
    best, worst = np.zeros((R, K), dtype=np.int64), np.zeros((R, K), dtype=np.int64)
    count = 1
    best_set, worst_set = np.empty(R + 1, dtype=np.int64), np.empty(R + 1, dtype=np.int64)
    for k in range(K):
        found, n_best, _, n_worst, _ = kernels_for(R)["quota_extremes_loops"](
            float(p.demand_intercept), float(p.demand_slope), float(p.sigma), float(p.lam), float(p.theta),
            float(p.fixed_cost), as_kernel_array(economy.base_cost[:, k], float), economy._contiguous("weights"),
            int(limit[k]), float(atol), best_set, worst_set)
        count *= int(found)
        if not found:
            return "exhaustive", True, 0, []
        best[best_set[:n_best], k] = 1
        worst[worst_set[:n_worst], k] = 1
    return "exhaustive", True, count, [best, worst]


def _matrix(economy: Economy, profile: Any) -> np.ndarray:
    """The (R, K) 0/1 portfolio matrix of a profile of action indices (binary-portfolio order)."""
    return matrix_of(profile, economy.num_industries, economy.params.budget)
