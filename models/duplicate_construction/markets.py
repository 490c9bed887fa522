r"""The market-access channel: segmented regional markets served at a delivery cost.

Each industry's demand is split into regional markets :math:`m = 1..R` (one per region of the
economy) in proportion to a size measure :math:`s_m` (population shares,
:math:`\sum_m s_m = 1`): inverse demand :math:`P_m = a - (b/s_m) Q_m`, so that at a common
price the regional demands add up to the national demand :math:`Q = (a - P)/b`.  A cluster in
region r delivers to market m at its marginal cost plus

.. math:: \tau_{rm} = t\,(1-\varphi_m)\, d_{rm} / \bar d \qquad (\tau_{rr} = 0),

:math:`\bar d` the mean distance between distinct regions, t the delivery cost per unit at
that distance and :math:`\varphi_m` the share of it removed by digital connectivity.  Each
market is a Cournot market with heterogeneous delivered costs :math:`c_r + \tau_{rm}`, solved
exactly by :func:`coordgame.games.cournot_equilibrium` (all markets at once; clusters whose
delivered cost is above the market's price sell nothing there).  With
:math:`\beta_m = b/s_m`:

.. math:: \pi_r = \sum_m \beta_m q_{rm}^2, \qquad Y_r = \sum_m P_m q_{rm}, \qquad
          CS = \sum_m \tfrac{\beta_m}{2} Q_m^2,

and welfare :math:`W = CS + \sum_r \pi_r - F n`.  Delivery costs are real resource costs
(transport, distribution, the cost of reaching distant customers): they are paid out of the
margins, so :math:`\pi_r` is already net of them and :math:`W` counts them once as a loss.
When :math:`t(1-\varphi_m) = 0` every market has the same price :math:`a - bQ` and
:math:`q_{rm} = s_m q_r`, which is the single national market; the model then uses the
national formulas themselves (:attr:`Parameters.segmented` is False), so t = 0 reproduces the
one-market model exactly.

Two symmetric regions (:math:`s_m = 1/2`, slope :math:`\beta` in each market) give Brander and
Krugman's (1983, *J. Int. Econ.* 15, "A 'reciprocal dumping' model of international trade")
reciprocal markets: local sales :math:`(a-c+\tau)/3\beta`, exports :math:`(a-c-2\tau)/3\beta`,
none when :math:`\tau \ge (a-c)/2`.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from coordgame.errors import InvalidArgumentError
from coordgame.games import cournot_equilibrium

__all__ = ["SegmentedOutcome", "segmented_cournot", "delivery_costs", "market_slopes"]


class SegmentedOutcome(NamedTuple):
    """The Cournot equilibrium of every regional market (shapes: ``...`` the batch, M markets, R clusters).

    Examples
    --------
    Brander–Krugman with two symmetric regions (a = 100, c = 40, β = 1, τ = 6): each firm sells
    (a−c+τ)/3 = 22 at home and (a−c−2τ)/3 = 16 abroad.

    >>> from coordgame.models.duplicate_construction.markets import segmented_cournot
    >>> out = segmented_cournot(100.0, [1.0, 1.0], [40.0, 40.0], [[0.0, 6.0], [6.0, 0.0]])
    >>> out.quantities.round(9).tolist(), out.prices.round(9).tolist(), out.profit.round(9).tolist()
    ([[22.0, 16.0], [16.0, 22.0]], [62.0, 62.0], [740.0, 740.0])
    """

    prices: np.ndarray  # (..., M)
    quantities: np.ndarray  # (..., M, R): cluster r's sales in market m
    value: np.ndarray  # (..., R): sales value sum_m P_m q_rm
    profit: np.ndarray  # (..., R): net of production and delivery costs
    surplus: np.ndarray  # (...): consumer surplus, all markets
    delivery: np.ndarray  # (..., R): delivery costs paid


def delivery_costs(distances: Any, trade_cost: float, phi_market: float) -> np.ndarray:
    r"""Per-unit delivery costs :math:`\tau_{rm} = t (1-\varphi_m) d_{rm}/\bar d`, shape (R, R).

    Examples
    --------
    >>> import numpy as np
    >>> from coordgame.models.duplicate_construction.markets import delivery_costs
    >>> delivery_costs(np.array([[0.0, 800.0], [800.0, 0.0]]), 10.0, 0.25).tolist()
    [[0.0, 7.5], [7.5, 0.0]]
    """
    d = np.asarray(distances, dtype=float)
    if d.ndim != 2 or d.shape[0] != d.shape[1] or (d < 0).any():
        raise InvalidArgumentError(f"distances: expected a square non-negative matrix, got shape {d.shape}")
    if trade_cost < 0 or not 0.0 <= phi_market <= 1.0:
        raise InvalidArgumentError(f"trade_cost, phi_market: expected t >= 0 and phi_market in [0, 1], "
                                   f"got {trade_cost!r}, {phi_market!r}")
    n = d.shape[0]
    mean = d[~np.eye(n, dtype=bool)].mean() if n > 1 else 1.0
    return trade_cost * (1.0 - phi_market) * d / (mean if mean > 0 else 1.0)


def market_slopes(slope: float, sizes: Any) -> np.ndarray:
    """Regional inverse-demand slopes :math:`b / s_m` for sizes normalised to shares.

    Examples
    --------
    >>> from coordgame.models.duplicate_construction.markets import market_slopes
    >>> market_slopes(1.0, [1.0, 3.0]).tolist()
    [4.0, 1.3333333333333333]
    """
    s = np.asarray(sizes, dtype=float)
    if s.ndim != 1 or not (s > 0).all():
        raise InvalidArgumentError(f"sizes: expected positive market sizes, got {sizes!r}")
    return slope / (s / s.sum())


def segmented_cournot(intercept: float, slopes: Any, costs: Any, delivery: Any) -> SegmentedOutcome:
    r"""Cournot equilibria of the regional markets for production costs ``costs`` (``inf``: not built).

    Parameters
    ----------
    intercept : float
        :math:`a`, the same in every market.
    slopes : array_like (M,)
        :math:`\beta_m` (:func:`market_slopes`).
    costs : array_like (..., R)
        Production marginal costs; ``inf`` for a cluster not built.
    delivery : array_like (R, M)
        Per-unit delivery costs :math:`\tau_{rm}` (:func:`delivery_costs`).

    Examples
    --------
    Brander–Krugman: two symmetric regions, a = 100, c = 40, β = 1, τ = 6: local sales
    (a−c+τ)/3 = 22, exports (a−c−2τ)/3 = 16.

    >>> from coordgame.models.duplicate_construction.markets import segmented_cournot
    >>> out = segmented_cournot(100.0, [1.0, 1.0], [40.0, 40.0], [[0.0, 6.0], [6.0, 0.0]])
    >>> out.quantities.round(9).tolist(), out.prices.round(9).tolist()
    ([[22.0, 16.0], [16.0, 22.0]], [62.0, 62.0])
    """
    slopes = np.asarray(slopes, dtype=float)
    delivery = np.asarray(delivery, dtype=float)
    costs = np.asarray(costs, dtype=float)
    delivered = costs[..., None, :] + delivery.T  # (..., M, R)
    q = cournot_equilibrium(intercept, slopes, delivered)
    total = q.sum(axis=-1)
    prices = intercept - slopes * total
    margins = np.where(q > 0, slopes[:, None] * q, 0.0)
    return SegmentedOutcome(prices, q, (prices[..., None] * q).sum(axis=-2), (margins * q).sum(axis=-2),
                            (0.5 * slopes * total**2).sum(axis=-1), (delivery.T * q).sum(axis=-2))


# ---- the planner's problems with segmented markets (dispatched to from planner.py) ----------
def _kink_bound(intercept: float, slopes: np.ndarray, low: np.ndarray, p_hi: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    r"""Upper bound on one market's Cournot welfare (CS + profits) per candidate size t and market m.

    ``low`` (T, M, N): lower bounds on the delivered costs of the N candidate clusters, sorted
    along the last axis; ``p_hi`` (M,): an upper bound on each market's price; ``sizes`` (T,):
    the numbers of clusters.  The argument of :func:`~coordgame.models.duplicate_construction.planner._second_best_bound`
    applied to each market with its own slope :math:`\beta_m` (margins :math:`m_r = \beta q_r`
    sum to :math:`a - P`, welfare :math:`(a-P)^2/2\beta + \sum m_r^2/\beta`).
    """
    a = intercept
    beta = slopes[None, :, None]
    J = np.arange(1, low.shape[-1] + 1)
    S = np.cumsum(low, axis=-1)
    prices = (a + S) / (J + 1)
    before = np.concatenate([np.full((*low.shape[:-1], 1), a), prices[..., :-1]], axis=-1)
    active = np.logical_and.accumulate(low < before, axis=-1)
    gross = (a - prices) ** 2 / (2 * beta) + (J * prices**2 - 2 * prices * S + np.cumsum(low**2, axis=-1)) / beta
    usable = active & (J[None, None, :] <= sizes[:, None, None]) & (prices <= p_hi[None, :, None] * (1 + 1e-12) + 1e-12)
    kinks = np.where(usable, gross, -np.inf).max(axis=-1)
    budget = (a - p_hi)[None, :]
    caps = np.maximum(p_hi[None, :, None] - low, 0.0)
    fill = np.clip(budget[..., None] - (np.cumsum(caps, axis=-1) - caps), 0.0, caps)
    filled = np.take_along_axis(np.cumsum(fill**2, axis=-1), (sizes - 1)[:, None, None], axis=-1)[..., 0]
    endpoint = budget**2 / (2 * slopes[None, :]) + filled / slopes[None, :]
    return np.maximum(kinks, endpoint)  # (T, M)


def segmented_second_best_bound(economy: Any, k: int, inside: np.ndarray, outside: np.ndarray) -> float:
    r"""Valid upper bound on industry k's welfare over all sets T, I ⊆ T ⊆ I ∪ U, with segmented markets.

    For :math:`|T| = t` no cluster's production cost is below :math:`\ell_r(t)` (its base cost
    less the spillovers of I and of the t − |I| largest weights in U), so its delivered cost in
    market m is at least :math:`\ell_r(t) + \tau_{rm}`; no market's price exceeds its price
    with I alone at I's own costs (more clusters and lower costs lower a Cournot price).
    Each market's welfare is then bounded as in the one-market bound, and the bound is the
    largest over t of the sum over markets minus :math:`F t` (or :math:`-F|I|`, nothing sold).
    """
    p = economy.params
    a, F, sigma = p.demand_intercept, p.fixed_cost, p.sigma
    free = ~inside & ~outside
    members = np.flatnonzero(inside | free)
    n_in = int(inside.sum())
    empty_value = 0.0 if n_in == 0 else -F * n_in
    if members.size == 0:
        return empty_value
    weights = economy.weights[members]
    top = -np.sort(-weights[:, free], axis=1)
    top_sums = np.concatenate([np.zeros((members.size, 1)), np.cumsum(top, axis=1)], axis=1)
    sizes = np.arange(max(n_in, 1), members.size + 1)
    extra = np.minimum(sizes - n_in, top_sums.shape[1] - 1)
    spill = weights[:, inside].sum(axis=1)[None, :] + top_sums[:, extra].T  # (T, N)
    low = np.maximum(0.0, economy.base_cost[members, k][None, :] - sigma * spill)
    delivered = np.sort(low[:, None, :] + economy.delivery[members].T[None, :, :], axis=-1)  # (T, M, N)
    slopes = economy.market_slopes
    if n_in:
        high = np.where(inside, economy.costs(inside.astype(float), k), np.inf)
        p_hi = segmented_cournot(a, slopes, high, economy.delivery).prices
    else:
        p_hi = np.full(slopes.shape, float(a))
    total = _kink_bound(a, slopes, delivered, p_hi, sizes).sum(axis=1)
    return float(max(empty_value, (total - F * sizes).max()))


def segmented_first_best_welfare(economy: Any, built: np.ndarray) -> np.ndarray:
    r"""First-best welfare per industry for ``built`` (..., K, R) with segmented markets.

    The planner sets quantities: each market m is supplied at price = the lowest delivered cost
    :math:`\min_r (c_r + \tau_{rm})` among built clusters, welfare
    :math:`\sum_m (a - \min_r(c_r+\tau_{rm}))_+^2 / 2\beta_m - F n`.
    """
    p = economy.params
    costs = np.where(built > 0, economy.costs(built), np.inf)  # (..., K, R)
    cheapest = (costs[..., None, :] + economy.delivery.T).min(axis=-1)  # (..., K, M)
    gap = np.where(np.isfinite(cheapest), np.maximum(p.demand_intercept - cheapest, 0.0), 0.0)
    return (gap**2 / (2 * economy.market_slopes)).sum(axis=-1) - p.fixed_cost * built.sum(axis=-1)


def segmented_first_best(economy: Any, starts: list[np.ndarray]) -> tuple[np.ndarray, dict[str, Any]]:
    r"""The first best with segmented markets: local search with a certified gap.

    From each start (R, K) portfolio matrix, industry by industry, single additions and
    removals are made while one raises first-best welfare.  The upper bound: with t clusters no
    production cost is below :math:`\ell_r(t)` (base cost less the t − 1 largest weights), so
    market m's welfare is at most :math:`(a - \min_r(\ell_r(t) + \tau_{rm}))^2/2\beta_m`; the
    bound is the largest over t of their sum minus :math:`F t` (or 0).
    """
    p = economy.params
    R, K = economy.num_regions, economy.num_industries
    best = np.zeros((R, K), dtype=np.int64)
    upper = 0.0
    w = economy.weights
    top = -np.sort(-w, axis=1)[:, : R - 1]
    spill = np.concatenate([np.zeros((R, 1)), np.cumsum(top, axis=1)], axis=1).T  # (t, R): t-1 helpers at most
    for k in range(K):
        candidates = [_improve(economy, k, np.asarray(s)[:, k].astype(bool)) for s in [*starts, np.zeros((R, K))]]
        values = [_fb_value(economy, k, c) for c in candidates]
        best[:, k] = candidates[int(np.argmax(values))]
        low = np.maximum(0.0, economy.base_cost[:, k][None, :] - p.sigma * spill)  # (R, R): t = 1..R
        cheapest = (low[:, None, :] + economy.delivery.T[None]).min(axis=-1)  # (T, M)
        gross = (np.maximum(p.demand_intercept - cheapest, 0.0) ** 2 / (2 * economy.market_slopes)).sum(axis=-1)
        upper += max(0.0, float((gross - p.fixed_cost * np.arange(1, R + 1)).max()))
    value = float(sum(_fb_value(economy, k, best[:, k].astype(bool)) for k in range(K)))
    return best, {"welfare": value, "upper_bound": max(upper, value), "gap": max(0.0, upper - value), "exact": False,
                  "method": "local search (segmented markets): certified gap"}


def _fb_value(economy: Any, k: int, mask: np.ndarray) -> float:
    built = np.zeros((economy.num_industries, economy.num_regions))
    built[k] = mask
    return float(segmented_first_best_welfare(economy, built)[k])


def _improve(economy: Any, k: int, mask: np.ndarray) -> np.ndarray:
    """Single additions/removals in industry k while one raises first-best welfare (best first)."""
    mask = mask.copy()
    current = _fb_value(economy, k, mask)
    while True:
        trials = np.repeat(mask[None, :], mask.size, axis=0)
        trials[np.arange(mask.size), np.arange(mask.size)] ^= True
        built = np.zeros((mask.size, economy.num_industries, mask.size))
        built[:, k, :] = trials
        values = segmented_first_best_welfare(economy, built)[:, k]
        j = int(np.argmax(values))
        if values[j] <= current + 1e-12 * economy.payoff_range:
            return mask
        mask, current = trials[j], float(values[j])
