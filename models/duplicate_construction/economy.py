"""The arrays of one parameterisation (base costs, distances, spillover weights) and the payoffs they imply."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from .geography import _coordinates, great_circle_km, spillover_weights
from .market import market_outcome
from .parameters import INDUSTRIES, Parameters

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
    """

    params: Parameters
    regions: tuple[str, ...]
    industries: tuple[str, ...]
    base_cost: np.ndarray
    weights: np.ndarray
    distances: np.ndarray

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
        """(price (..., K'), quantities (..., K', R)) of the Cournot markets for ``built``."""
        c = self.costs(built, industries)
        p = self.params
        return market_outcome(p.demand_intercept, p.demand_slope, np.where(built > 0, c, np.inf))

    def regional_parts(self, built: np.ndarray, price: np.ndarray, quantity: np.ndarray,
                       subsidy: Any = 0.0) -> np.ndarray:
        """Industry k's part of each region's payoff, shape (..., K', R); ``subsidy`` per cluster."""
        p = self.params
        value = price[..., None] * quantity
        own = built * (p.demand_slope * quantity**2 + p.lam * value - p.fixed_cost + np.asarray(subsidy)[..., None])
        R = self.num_regions
        if R == 1 or p.theta == 0.0:
            return own
        others = (value.sum(axis=-1, keepdims=True) - value) / (R - 1)
        return own + p.theta * (value - others)

    def industry_welfare(self, built: np.ndarray, industries: Any = slice(None)) -> np.ndarray:
        """National welfare of each industry, shape (..., K')."""
        p = self.params
        _, q = self.market(built, industries)
        total = q.sum(axis=-1)
        return p.demand_slope * (0.5 * total**2 + (q**2).sum(axis=-1)) - p.fixed_cost * built.sum(axis=-1)

    def welfare(self, x: np.ndarray) -> float:
        """National welfare :math:`W(x)` of a portfolio matrix ``x`` (R, K)."""
        return float(self.industry_welfare(np.asarray(x, dtype=float).T).sum())

    def payoffs(self, x: np.ndarray, subsidy: Any = 0.0) -> np.ndarray:
        """Each region's payoff :math:`U_r(x)` (plus entry subsidies), shape (R,)."""
        built = np.asarray(x, dtype=float).T
        price, q = self.market(built)
        return self.regional_parts(built, price, q, subsidy).sum(axis=0)

    def entry_values(self, x: np.ndarray, regions: Any = slice(None), subsidy: Any = 0.0) -> np.ndarray:
        """Region r's industry-k payoff part with :math:`x_{rk}` set to 0 and to 1, others fixed.

        Returns shape (2, R', K) for the selected regions.
        """
        built = np.asarray(x, dtype=float).T  # (K, R)
        idx = np.arange(self.num_regions)[regions]
        trial = np.broadcast_to(built, (2, idx.size, *built.shape)).copy()  # (2, R', K, R)
        trial[:, np.arange(idx.size), :, idx] = np.array([0.0, 1.0])[None, :, None]  # advanced axes come first
        price, q = self.market(trial)
        parts = self.regional_parts(trial, price, q, subsidy)  # (2, R', K, R)
        return parts[:, np.arange(idx.size), :, idx].transpose(1, 0, 2)  # (2, R', K)

    def entry_gains(self, x: np.ndarray, subsidy: Any = 0.0) -> np.ndarray:
        """:math:`U_r(x_{rk}=1) - U_r(x_{rk}=0)`, others fixed, shape (R, K)."""
        values = self.entry_values(x, subsidy=subsidy)
        return values[1] - values[0]


def build_economy(params: Parameters | None = None) -> Economy:
    """Arrays of one parameterisation: base costs, distances, spillover weights.

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy
    >>> e = build_economy(Parameters(num_regions=3, num_industries=2))
    >>> e.regions, e.base_cost.shape, e.weights.diagonal().tolist()
    (('Beijing', 'Tianjin', 'Hebei'), (3, 2), [0.0, 0.0, 0.0])
    >>> sub = build_economy(Parameters(regions=("Hebei", "Guangdong"), num_industries=2))
    >>> sub.regions, bool((sub.base_cost[0] == e.base_cost[2]).all())
    (('Hebei', 'Guangdong'), True)
    """
    p = Parameters() if params is None else params
    names, coords = _coordinates()
    K = p.num_industries
    rows = np.arange(p.num_regions) if p.regions is None else np.array([names.index(n) for n in p.regions])
    s = p.cost_dispersion
    base = p.cost_mean * np.exp(s * _base_draw(p.cost_seed)[rows, :K] - s * s / 2)
    distances = great_circle_km(coords[rows])
    weights = spillover_weights(distances, p.half_distance_km, p.phi)
    for a in (base, weights, distances):
        a.setflags(write=False)
    return Economy(p, tuple(names[r] for r in rows), INDUSTRIES[:K], base, weights, distances)
