"""Local competition: pure equilibria of the entry game, exhaustively industry by industry or by best-response dynamics."""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np

from coordgame.errors import InvalidArgumentError
from coordgame.games.structured import binary_portfolios, num_portfolios
from coordgame.solvers.pure import pure_nash
from coordgame.tolerances import DEFAULT_TOL, absolute_tolerance

from .economy import Economy
from .game import entry_game
from .market import market_outcome
from .portfolio import matrix_of, portfolio_dynamics, verify_portfolio

__all__ = ["num_entry_columns", "industry_equilibria"]


def _entry_columns(num_regions: int, max_entrants: int | None):
    """Every 0/1 entry column over the regions with at most ``max_entrants`` ones, as int8 rows.

    Yields blocks of columns: without a cap all :math:`2^R` columns at once; with one, a block
    per number of entrants n = 0..max_entrants (every n-subset of the regions).
    """
    if max_entrants is None:
        yield binary_portfolios(num_regions)
        return
    for n in range(min(max_entrants, num_regions) + 1):
        chosen = np.array(list(itertools.combinations(range(num_regions), n)), dtype=np.int64)
        chosen = chosen.reshape(math.comb(num_regions, n), n)
        block = np.zeros((len(chosen), num_regions), dtype=np.int8)
        np.put_along_axis(block, chosen, 1, axis=1)
        yield block


def num_entry_columns(num_regions: int, max_entrants: int | None = None) -> int:
    """How many entry columns :func:`industry_equilibria` checks: :math:`\\sum_{j \\le m} \\binom{R}{j}`.

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import num_entry_columns
    >>> num_entry_columns(31, 3), num_entry_columns(4)
    (4992, 16)
    """
    m = num_regions if max_entrants is None else min(int(max_entrants), num_regions)
    return sum(math.comb(num_regions, j) for j in range(m + 1))


def industry_equilibria(economy: Economy, k: int, *, quota: int | None = None, max_columns: int = 1 << 16,
                        tol: float = DEFAULT_TOL) -> np.ndarray:
    """Every pure equilibrium of industry k's entry game (no budget), as 0/1 rows over regions.

    Payoffs separate across industries, so the equilibria of the whole game are exactly the
    combinations of one equilibrium per industry.  Every entry column is checked (vectorised,
    in chunks): a column is an equilibrium when no region gains more than
    ``tol * payoff_range`` by switching its entry decision.  With a ``quota`` m only columns with
    at most m entrants are candidates and a region outside may switch to entering only while
    fewer than m others have entered (the quota-constrained game): with the quota full, any
    entrant that prefers staying to leaving is stable.

    Parameters
    ----------
    economy : Economy
    k : int
        Industry index.
    quota : int, optional
        At most this many clusters in industry k.
    max_columns : int, default 65_536
        Refuse (:class:`~coordgame.errors.InvalidArgumentError`) when more than this many
        columns would have to be checked (:func:`num_entry_columns`).
    tol : float, default 1e-9
        Relative tolerance (times ``Economy.payoff_range``).

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy, industry_equilibria
    >>> economy = build_economy(Parameters(num_regions=4, num_industries=1))
    >>> industry_equilibria(economy, 0).tolist()
    [[1, 1, 1, 1]]
    >>> industry_equilibria(economy, 0, quota=1).tolist()   # one licence: any holder is stable
    [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]
    """
    R = economy.num_regions
    needed = num_entry_columns(R, quota)
    if needed > max_columns:
        raise InvalidArgumentError(f"industry_equilibria: exhaustive search would check {needed} entry columns, "
                                   f"more than max_columns={max_columns}")
    atol = absolute_tolerance(tol, economy)
    check = _stable_columns if quota is None else _stable_sets
    chunk = max(1, (1 << 21) // (R * R * economy.num_markets))  # bounds the trial arrays to a few tens of MB
    found = [columns[start:start + chunk][check(economy, k, columns[start:start + chunk], quota, atol)]
             for columns in _entry_columns(R, quota) for start in range(0, len(columns), chunk)]
    return np.concatenate(found).astype(np.int64)


def _stable_columns(economy: Economy, k: int, block: np.ndarray, quota: None, atol: float) -> np.ndarray:
    """Which entry columns (P, R) of industry k no region leaves or enters with a gain > atol (full-width markets)."""
    P, R = block.shape
    built = block.astype(float)
    current = economy.parts(built, k)  # (P, R): each region's part at the column itself
    trial = np.broadcast_to(built[:, None, :], (P, R, R)).copy()
    diag = np.arange(R)
    trial[:, diag, diag] = 1.0 - built
    gain = economy.parts(trial, k)[:, diag, diag] - current  # (P, R): gain from switching
    return (gain <= atol).all(axis=1)


def _stable_sets(economy: Economy, k: int, block: np.ndarray, quota: int, atol: float) -> np.ndarray:
    """Which entry columns (P, R), all with the same number n of entrants, are stable under the quota.

    Entrants may leave; outsiders may enter only while n < quota.  Computed on the member sets
    (:func:`_leaving_gains`): an outsider's gain from joining S is minus its gain from leaving S + {r}.
    """
    P, R = block.shape
    members = np.nonzero(block)[1].reshape(P, -1)  # row-major: each row's entrants
    n = members.shape[1]
    stable = (_leaving_gains(economy, k, members) <= atol).all(axis=1)
    if n < quota:
        outsiders = np.nonzero(block == 0)[1].reshape(P, R - n)
        joined = np.concatenate([np.repeat(members[:, None, :], R - n, axis=1), outsiders[:, :, None]], axis=2)
        entering = -_leaving_gains(economy, k, joined.reshape(-1, n + 1))[:, -1].reshape(P, R - n)
        stable &= (entering <= atol).all(axis=1)
    return stable


def _leaving_gains(economy: Economy, k: int, members: np.ndarray) -> np.ndarray:
    r"""Each member's gain from leaving industry k's cluster set ``members`` (P, n), on the n members only.

    Same payoffs as :meth:`Economy.regional_parts`, computed on the member sets instead of
    full-width columns (the other regions produce nothing): member r's part with the set is
    :math:`b q_r^2 + \lambda P q_r - F + \theta (Y_r - (Y - Y_r)/(R-1))`, without it
    :math:`-\theta Y'/(R-1)` (:math:`Y, Y'`: industry output value with and without r).
    """
    p = economy.params
    P, n = members.shape
    if n == 0:
        return np.zeros((P, 0))
    if economy.segmented:  # regional markets: through full-width columns
        return _leaving_gains_segmented(economy, k, members)
    R = economy.num_regions
    w = economy.weights[members[:, :, None], members[:, None, :]]  # (P, n, n), zero diagonal
    base = economy.base_cost[members, k]  # (P, n)
    sigma = p.sigma
    cost_with = np.maximum(0.0, base - sigma * w.sum(axis=-1))
    price, q = market_outcome(p.demand_intercept, p.demand_slope, cost_with)
    value = price[:, None] * q
    share = p.theta / (R - 1) if R > 1 else 0.0
    part_with = p.demand_slope * q**2 + p.lam * value - p.fixed_cost + (p.theta + share) * value \
        - share * value.sum(axis=1, keepdims=True)
    # without member j: the others' costs lose j's spillover; j itself is absent (cost inf)
    cost_without = np.maximum(0.0, base[:, None, :] - sigma * (w.sum(axis=-1)[:, None, :] - w.transpose(0, 2, 1)))
    eye = np.eye(n, dtype=bool)
    cost_without = np.where(eye[None], np.inf, cost_without)  # (P, j, n)
    price_without, q_without = market_outcome(p.demand_intercept, p.demand_slope, cost_without)
    part_without = -share * (price_without[..., None] * q_without).sum(axis=-1)  # (P, j)
    return part_without - part_with


def _leaving_gains_segmented(economy: Economy, k: int, members: np.ndarray) -> np.ndarray:
    """:func:`_leaving_gains` for segmented markets, from full-width entry columns."""
    P, n = members.shape
    built = np.zeros((P, economy.num_regions))
    np.put_along_axis(built, members, 1.0, axis=1)
    trial = np.repeat(built[:, None, :], n, axis=1)
    np.put_along_axis(trial, members[:, :, None], 0.0, axis=2)
    with_ = np.take_along_axis(economy.parts(built, k), members, axis=1)
    without = np.take_along_axis(economy.parts(trial, k), members[:, :, None], axis=2)[..., 0]
    return without - with_


def _dynamics_starts(economy: Economy) -> dict[str, np.ndarray]:
    """"nobody builds" and "everybody builds" (with a budget: everyone's last portfolio in binary order)."""
    R, K = economy.num_regions, economy.num_industries
    budget = economy.params.budget
    everybody = np.ones((R, K), dtype=np.int64)
    if budget is not None and budget < K:  # the last row of binary_portfolios(K, budget): the highest industries
        everybody[:, : K - budget] = 0
    return {"nobody builds": np.zeros((R, K), dtype=np.int64), "everybody builds": everybody}


def _local_competition(economy: Economy, *, method: str, exhaustive_max_regions: int, num_random_starts: int,
                       tol: float) -> dict[str, Any]:
    p = economy.params
    R, K = economy.num_regions, economy.num_industries
    dynamics = portfolio_dynamics(economy, _dynamics_starts(economy), num_random_starts=num_random_starts,
                                  seed=p.cost_seed, tol=tol)
    first = dynamics.starts[0]
    converged = [s for s in dynamics.starts if s.outcome == "converged"]
    reference = None
    if converged:
        reference = _matrix(economy, dynamics[(first if first.outcome == "converged" else converged[0]).equilibrium].profile)
    out: dict[str, Any] = {"dynamics": dynamics, "brd_cycles": len(dynamics.cycles)}
    partial_profiles = num_portfolios(K, p.budget) ** (R - 1)
    by_industry = p.budget is None and (method == "exhaustive" or (method == "auto" and R <= exhaustive_max_regions))
    whole_game = p.budget is not None and (method == "exhaustive" or (method == "auto" and partial_profiles <= 20_000))
    if by_industry:
        per_industry = [industry_equilibria(economy, k, tol=tol) for k in range(K)]
        welfare, best, worst = _industry_extremes(economy, per_industry)
        out["best_x"] = None if best is None else _profile_matrix(best)
        out.update(method="exhaustive", num_equilibria=math.prod(len(e) for e in per_industry), per_industry=per_industry,
                   welfare_min=float(sum(w.min() for w in welfare)), welfare_max=float(sum(w.max() for w in welfare)))
        if reference is None and worst is not None:  # dynamics cycled everywhere: use the worst equilibrium
            reference = _profile_matrix(worst)
    else:
        # with a budget the industries are coupled: search the whole game (small games only), or follow the dynamics
        found = pure_nash(entry_game(economy), tol=tol) if whole_game else dynamics
        found_x = [_matrix(economy, eq.profile) for eq in found]
        values = np.array([economy.welfare(x) for x in found_x])
        if not len(values):
            values = np.array([np.nan])
        out.update(method="exhaustive" if whole_game else "best_response", num_equilibria=len(found),
                   welfare_min=float(values.min()), welfare_max=float(values.max()))
        if reference is None and whole_game and len(found):
            reference = found_x[int(np.argmin(values))]
        if len(found):
            out["best_x"] = found_x[int(np.argmax(values))]
    if reference is not None:
        verify_portfolio(economy, reference, method=out["method"], tol=tol)
        out["x"] = np.asarray(reference, dtype=np.int64)
    else:
        out["x"] = None
    return out


def _profile_matrix(columns: np.ndarray) -> np.ndarray:
    """An (R, K) 0/1 matrix from industry columns stacked as (R, K)."""
    return np.asarray(columns, dtype=np.int64)


def _industry_extremes(economy: Economy, per_industry: list[np.ndarray]
                       ) -> tuple[list[np.ndarray], np.ndarray | None, np.ndarray | None]:
    """Each industry's equilibrium welfare values, and the best and worst equilibria of the whole game.

    ``per_industry[k]``: industry k's equilibria (:func:`industry_equilibria`).  Payoffs and
    welfare separate across industries, so the whole game's best (worst) equilibrium combines
    each industry's best (worst).  An industry without equilibria gets welfare ``[nan]`` and
    the whole game none (best and worst None).
    """
    welfare = [economy.industry_welfare(e.astype(float), k) if len(e) else np.array([np.nan])
               for k, e in enumerate(per_industry)]
    if not all(len(e) for e in per_industry):
        return welfare, None, None
    best = np.stack([e[int(np.argmax(w))] for e, w in zip(per_industry, welfare)], axis=1)
    worst = np.stack([e[int(np.argmin(w))] for e, w in zip(per_industry, welfare)], axis=1)
    return welfare, best, worst


def _reached_from_nobody(economy: Economy, *, subsidy: Any = 0.0, quota: Any = None, tol: float) -> np.ndarray | None:
    """The equilibrium reached from "nobody builds" by best-response dynamics (verified), or None if they cycle."""
    start = {"nobody builds": np.zeros((economy.num_regions, economy.num_industries), dtype=np.int64)}
    result = portfolio_dynamics(economy, start, subsidy=subsidy, quota=quota, tol=tol)
    if not len(result):
        return None
    return _matrix(economy, result[0].profile)


def _matrix(economy: Economy, profile: Any) -> np.ndarray:
    """The (R, K) 0/1 portfolio matrix of a profile of action indices (binary-portfolio order)."""
    return matrix_of(profile, economy.num_industries, economy.params.budget)
