"""The arrays of one parameterisation (base costs, distances, spillover weights) and the payoffs they imply."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from coordgame.errors import InvalidArgumentError

from .geography import _coordinates, _populations, great_circle_km, spillover_weights
from .market import market_outcome
from .markets import delivery_costs, market_slopes, segmented_cournot
from .parameters import INDUSTRIES, Parameters, industry_names
from .portfolio_kernels import as_kernel_array, kernels_for
from .regions import table_draw

__all__ = ["Economy", "build_economy"]


@lru_cache(maxsize=64)
def _base_draw(seed: int) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal((31, len(INDUSTRIES)))


@dataclass(frozen=True, eq=False)
class Economy:
    """The primitives of one parameterisation, as arrays (built by :func:`build_economy`).

    Attributes
    ----------
    params : Parameters
    regions, industries : tuple of str
    base_cost : ndarray (R, K)
        :math:`\\bar c_{rk}`.
    weights : ndarray (R, R)
        Spillover weights :math:`w_{rr'}` (zero diagonal).
    distances : ndarray (R, R)
        Great-circle distances (km).
    market_sizes : ndarray (R,)
        Each region's share of national demand (population shares, ``population_10k_2020``).
    coordinates : ndarray (R, 2) or None
        (latitude, longitude) of each region in degrees (None for economies built without them).
    delivery : ndarray (R, R) or None
        Per-unit delivery costs :math:`\tau_{rm}` from cluster region r to market m when markets
        are segmented (:attr:`Parameters.segmented`); None: one national market.

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy
    >>> economy = build_economy(Parameters(num_regions=4, num_industries=2))
    >>> economy.regions, economy.num_industries, economy.base_cost.shape, economy.segmented
    (('Beijing', 'Tianjin', 'Hebei', 'Shanxi'), 2, (4, 2), False)
    """

    params: Parameters
    regions: tuple[str, ...]
    industries: tuple[str, ...]
    base_cost: np.ndarray
    weights: np.ndarray
    distances: np.ndarray
    market_sizes: np.ndarray | None = None
    delivery: np.ndarray | None = None
    coordinates: np.ndarray | None = None

    @property
    def segmented(self) -> bool:
        """Whether each region is its own market (delivery costs), rather than one national market."""
        return self.delivery is not None

    @property
    def num_markets(self) -> int:
        """Markets per industry: R when segmented, else 1."""
        return self.num_regions if self.segmented else 1

    @property
    def num_regions(self) -> int:
        return len(self.regions)

    @property
    def num_industries(self) -> int:
        return len(self.industries)

    @property
    def payoff_range(self) -> float:
        """The unit of relative tolerances: the largest possible surplus of an industry, ``a**2 / b``.

        It bounds the spread of a region's payoffs in one industry and scales with the payoffs'
        unit (see :mod:`coordgame.tolerances`).
        """
        p = self.params
        return p.demand_intercept**2 / p.demand_slope

    # ---- markets: ``built`` has shape (..., K, R) (industry-major columns of x) -------------
    def costs(self, built: np.ndarray, industries: Any = slice(None)) -> np.ndarray:
        """Marginal costs, shape like ``built`` (..., K', R), of the industries selected."""
        R = self.num_regions
        spill = (built.reshape(-1, R) @ self.weights).reshape(built.shape)  # 2-D matmul: far faster than batched
        return np.maximum(0.0, self.base_cost.T[industries] - self.params.sigma * spill)

    def market(self, built: np.ndarray, industries: Any = slice(None)):
        """(price (..., K'), quantities (..., K', R)) of the Cournot markets for ``built``.

        With segmented markets the price is the average price paid (sales-weighted over the
        regional markets; ``a`` if nothing is sold) and a cluster's quantity its total sales.
        """
        price, quantity, *_ = self.outcome(built, industries)
        return price, quantity

    def outcome(self, built: np.ndarray, industries: Any = slice(None)):
        """(price, quantities, sales value, profit, consumer surplus) of the markets for ``built``.

        Shapes (..., K'), (..., K', R), (..., K', R), (..., K', R), (..., K').  Profits are net
        of production and delivery costs (not of the fixed cost).
        """
        p = self.params
        costs = np.where(built > 0, self.costs(built, industries), np.inf)
        if not self.segmented:
            price, q = _national_markets(p.demand_intercept, p.demand_slope, costs)
            total = q.sum(axis=-1)
            return price, q, price[..., None] * q, p.demand_slope * q**2, 0.5 * p.demand_slope * total**2
        out = segmented_cournot(p.demand_intercept, self.market_slopes, costs, self.delivery)
        q = out.quantities.sum(axis=-2)
        sold = q.sum(axis=-1)
        price = np.where(sold > 0, out.value.sum(axis=-1) / np.where(sold > 0, sold, 1.0), p.demand_intercept)
        return price, q, out.value, out.profit, out.surplus

    @property
    def market_slopes(self) -> np.ndarray:
        """Regional inverse-demand slopes :math:`b/s_m` (segmented markets)."""
        return market_slopes(self.params.demand_slope, self.market_sizes)

    def parts(self, built: np.ndarray, industries: Any = slice(None), subsidy: Any = 0.0) -> np.ndarray:
        """Industry k's part of each region's payoff for ``built`` (..., K', R), markets solved."""
        _, _, value, profit, _ = self.outcome(built, industries)
        return self._combine(built, value, profit, subsidy)

    def regional_parts(self, built: np.ndarray, price: np.ndarray, quantity: np.ndarray,
                       subsidy: Any = 0.0) -> np.ndarray:
        """Industry k's part of each region's payoff, shape (..., K', R); ``subsidy`` per cluster.

        From one national market's price and quantities; with segmented markets use :meth:`parts`.
        """
        if self.segmented:
            raise InvalidArgumentError("regional_parts: markets are segmented; use Economy.parts(built, industries)")
        return self._combine(built, price[..., None] * quantity, self.params.demand_slope * quantity**2, subsidy)

    def _combine(self, built: np.ndarray, value: np.ndarray, profit: np.ndarray, subsidy: Any) -> np.ndarray:
        """Own profit, weighted output value, fixed cost and instrument, plus the tournament term."""
        p = self.params
        own = built * (profit + p.lam * value - p.fixed_cost + np.asarray(subsidy)[..., None])
        R = self.num_regions
        if R == 1 or p.theta == 0.0:
            return own
        others = (value.sum(axis=-1, keepdims=True) - value) / (R - 1)
        return own + p.theta * (value - others)

    def industry_welfare(self, built: np.ndarray, industries: Any = slice(None)) -> np.ndarray:
        """National welfare of each industry, shape (..., K')."""
        p = self.params
        if self.segmented:
            _, _, _, profit, surplus = self.outcome(built, industries)
            return surplus + profit.sum(axis=-1) - p.fixed_cost * built.sum(axis=-1)
        _, q = self.market(built, industries)
        total = q.sum(axis=-1)
        return p.demand_slope * (0.5 * total**2 + (q**2).sum(axis=-1)) - p.fixed_cost * built.sum(axis=-1)

    def welfare(self, x: np.ndarray) -> float:
        """National welfare :math:`W(x)` of a portfolio matrix ``x`` (R, K).

        With one national market per industry and numba installed, computed by compiled loops
        over the built clusters (the planners' local searches call it thousands of times);
        otherwise from :meth:`industry_welfare`.
        """
        compiled = None if self.segmented else kernels_for(self.num_regions)
        if compiled is None:
            return float(self.industry_welfare(np.asarray(x, dtype=float).T).sum())
        p = self.params
        built = as_kernel_array(x, np.int8)
        if built.shape != (self.num_regions, self.num_industries):
            raise InvalidArgumentError(f"x: expected shape {(self.num_regions, self.num_industries)}, got {built.shape}")
        R = self.num_regions
        return float(compiled["welfare_loops"](float(p.demand_intercept), float(p.demand_slope), float(p.sigma),
                                               float(p.fixed_cost), self._contiguous("base_cost"),
                                               self._contiguous("weights"), built, np.empty(R, dtype=np.int64),
                                               np.empty(R)))

    def _contiguous(self, name: str) -> np.ndarray:
        """A C-contiguous float copy of an array attribute, cached (the compiled loops need that layout)."""
        cache = self.__dict__.setdefault("_contiguous_arrays", {})
        if name not in cache:
            cache[name] = as_kernel_array(getattr(self, name), float)
        return cache[name]

    def payoffs(self, x: np.ndarray, subsidy: Any = 0.0) -> np.ndarray:
        """Each region's payoff :math:`U_r(x)` (plus entry subsidies), shape (R,)."""
        built = np.asarray(x, dtype=float).T
        return self.parts(built, subsidy=subsidy).sum(axis=0)

    def entry_values(self, x: np.ndarray, regions: Any = slice(None), subsidy: Any = 0.0) -> np.ndarray:
        """Region r's industry-k payoff part with :math:`x_{rk}` set to 0 and to 1, others fixed.

        Returns shape (2, R', K) for the selected regions.
        """
        built = np.asarray(x, dtype=float).T  # (K, R)
        idx = np.arange(self.num_regions)[regions]
        trial = np.broadcast_to(built, (2, idx.size, *built.shape)).copy()  # (2, R', K, R)
        trial[:, np.arange(idx.size), :, idx] = np.array([0.0, 1.0])[None, :, None]  # advanced axes come first
        parts = self.parts(trial, subsidy=subsidy)  # (2, R', K, R)
        return parts[:, np.arange(idx.size), :, idx].transpose(1, 0, 2)  # (2, R', K)

    def entry_gains(self, x: np.ndarray, subsidy: Any = 0.0) -> np.ndarray:
        """:math:`U_r(x_{rk}=1) - U_r(x_{rk}=0)`, others fixed, shape (R, K)."""
        values = self.entry_values(x, subsidy=subsidy)
        return values[1] - values[0]


def _national_markets(intercept: float, slope: float, costs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`market_outcome` of every market in ``costs`` (..., R): by compiled loops when numba is installed."""
    compiled = kernels_for(costs.shape[-1])
    if compiled is None or costs.size == 0:
        return market_outcome(intercept, slope, costs)
    flat = as_kernel_array(costs.reshape(-1, costs.shape[-1]), float)
    price, q = np.empty(flat.shape[0]), np.empty(flat.shape)
    compiled["cournot_rows_loops"](float(intercept), float(slope), flat, price, q, np.empty(flat.shape[1]))
    return price.reshape(costs.shape[:-1]), q.reshape(costs.shape)


def _capital_draw(seed: int, rows: np.ndarray, num_industries: int) -> np.ndarray:
    """z (R, K) for the provincial capitals: the original 31 x 8 draw, then one seeded column per further industry."""
    first = _base_draw(seed)[rows, : min(num_industries, len(INDUSTRIES))]
    if num_industries <= len(INDUSTRIES):
        return first
    extra = table_draw(seed, 31, num_industries)[rows, len(INDUSTRIES):]
    return np.hstack([first, extra])


def build_economy(params: Parameters | None = None) -> Economy:
    """Arrays of one parameterisation: base costs, distances, spillover weights.

    The regions are the provincial capitals, or the rows of ``params.region_table``.

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy
    >>> e = build_economy(Parameters(num_regions=3, num_industries=2))
    >>> e.regions, e.base_cost.shape, e.weights.diagonal().tolist()
    (('Beijing', 'Tianjin', 'Hebei'), (3, 2), [0.0, 0.0, 0.0])
    >>> sub = build_economy(Parameters(regions=("Hebei", "Guangdong"), num_industries=2))
    >>> sub.regions, bool((sub.base_cost[0] == e.base_cost[2]).all())
    (('Hebei', 'Guangdong'), True)
    >>> build_economy(Parameters(num_regions=3, num_industries=30)).industries[-1]
    'industry 30'
    """
    p = Parameters() if params is None else params
    K = p.num_industries
    s = p.cost_dispersion
    table = p.region_table
    if table is None:
        names, coords = _coordinates()
        rows = np.arange(p.num_regions) if p.regions is None else np.array([names.index(n) for n in p.regions])
        z = _capital_draw(p.cost_seed, rows, K) if p.base_costs is None else None
        populations = _populations()[rows]
    else:
        names, coords = table.names, table.coordinates
        rows = np.arange(table.num_regions) if p.regions is None else np.array([names.index(n) for n in p.regions])
        z = table_draw(p.cost_seed, table.num_regions, K)[rows] if p.base_costs is None else None
        populations = np.asarray(table.size, dtype=float)[rows]
    if p.base_costs is not None:
        base = np.array(p.base_costs, dtype=float)
    elif table is not None and table.base_costs is not None:
        base = np.array(table.base_costs, dtype=float)[rows]
    else:
        base = p.cost_mean * np.exp(s * z - s * s / 2)
    distances = great_circle_km(coords[rows])
    weights = spillover_weights(distances, p.half_distance_km, p.phi, p.spillover_form)
    sizes = populations / populations.sum()
    delivery = delivery_costs(distances, p.trade_cost, p.phi_market) if p.segmented else None
    located = coords[rows]
    for a in (base, weights, distances, sizes, delivery, located):
        if a is not None:
            a.setflags(write=False)
    return Economy(p, tuple(names[r] for r in rows), industry_names(K), base, weights, distances, sizes, delivery,
                   located)
