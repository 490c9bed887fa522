"""The model's parameters (every field a sweep may vary) and the industries."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from coordgame._checks import positive_float, positive_int
from coordgame.errors import InvalidArgumentError

from .geography import _coordinates

__all__ = ["INDUSTRIES", "Parameters"]

#: The eight strategic emerging industries (State Council 2010 list of seven, with the digital
#: creative industries added in the 13th Five-Year Plan for strategic emerging industries, 2016).
INDUSTRIES: tuple[str, ...] = (
    "New-generation information technology",
    "High-end equipment manufacturing",
    "New materials",
    "Biotechnology",
    "New-energy vehicles",
    "New energy",
    "Energy saving and environmental protection",
    "Digital creative industries",
)


@dataclass(frozen=True)
class Parameters:
    """Parameters of the duplicate-construction model (every field a sweep may vary).

    Units: money in an abstract unit (think: 100 million yuan per year), quantities in output
    units, distances in km.  Demand, costs and fixed costs are the same for every industry
    unless noted; base costs differ by region and industry (comparative advantage).

    Attributes
    ----------
    num_regions : int, default 31
        Use the first ``num_regions`` regions of :func:`load_regions` (ordered by GB/T 2260
        division code: Beijing, Tianjin, Hebei, ...).  2..31.
    num_industries : int, default 8
        Use the first ``num_industries`` of :data:`INDUSTRIES`.  1..8.
    lam : float, default 0.3
        λ >= 0: weight of local output value :math:`P_k q_{rk}` in a government's payoff.
    theta : float, default 0.1
        θ >= 0: promotion-tournament intensity on relative output value.
    sigma : float, default 1.0
        σ >= 0: marginal-cost reduction per unit of spillover weight (cost units per cluster at
        distance 0).
    phi : float, default 0.2
        φ in [0, 1]: share of spillovers carried by digital space (distance-free).
    half_distance_km : float, default 1200
        h: distance at which the geographic part of a spillover halves (empirical work on
        Chinese knowledge spillovers puts it near 1,200 km).
    demand_intercept : float, default 100
        a: choke price of each industry's national inverse demand.
    demand_slope : float, default 1
        b: slope of inverse demand.
    fixed_cost : float, default 100
        F: per-period fixed cost of a cluster (same for every region and industry).
    cost_mean : float, default 40
        Mean of the base marginal costs :math:`\\bar c_{rk}`.
    cost_dispersion : float, default 0.25
        Log-standard deviation of base costs: :math:`\\bar c_{rk} = \\bar c\\, e^{s z_{rk} - s^2/2}`,
        :math:`z_{rk}` standard normal drawn with ``cost_seed`` for all 31 x 8 pairs (so a
        region's costs do not change when ``num_regions`` changes).  0 gives identical regions.
    cost_seed : int, default 20100
        Seed of the base-cost draw.
    budget : int, optional
        At most this many clusters per region (fiscal capacity).  None: no limit.
    quota : int or tuple of int, optional
        Quota regime: at most ``quota`` (or ``quota[k]``) clusters per industry.  None: the
        quota regime uses the second-best numbers of clusters :math:`n^*_k`.
    regions : tuple of str, optional
        A subset of the 31 regions by name (``load_regions().region``), in the order given
        (the order in which the dynamics let regions move).  When set, ``num_regions`` is set to
        its length.  Each region keeps its own base costs.

    Notes
    -----
    Default calibration.  With :math:`a - \bar c = 60` and :math:`b = 1`, a symmetric Cournot
    firm among :math:`n` earns :math:`3600/(n+1)^2`, so with :math:`F = 100` free entry alone
    (λ = θ = 0, σ = 0) supports 5 clusters per industry while the second best has 2 — the
    Mankiw–Whinston business-stealing margin.  Officials' weights λ = 0.3 (local output value
    counts 30% on top of profit) and θ = 0.1 push entry further: 6-8 clusters per industry
    (56 in all) against the planner's 2-3 (20).  Spillovers (σ = 1, φ = 0.2: a cluster
    1,200 km away lowers a neighbour's cost by 0.6, 1.5% of the mean cost; at σ >= 2 the planner
    wants many clusters for their spillovers and the exact search becomes hard) make some
    duplication useful, and cost dispersion (25%) makes *where* to build matter.  Local
    competition then loses about 11% of the second-best welfare (3% with λ = θ = 0: business
    stealing alone); the figures vary λ, θ, φ and R around this point.  Quotas at the
    planner's numbers range from no loss (the planner's own portfolio is a quota equilibrium)
    to a 74% loss (licences held by high-cost regions), depending on who holds the licences.

    Examples
    --------
    >>> import dataclasses
    >>> from coordgame.models.duplicate_construction import Parameters
    >>> p = dataclasses.replace(Parameters(), num_regions=5, num_industries=2)
    >>> p.num_regions, p.lam, p.half_distance_km
    (5, 0.3, 1200.0)
    """

    num_regions: int = 31
    num_industries: int = 8
    lam: float = 0.3
    theta: float = 0.1
    sigma: float = 1.0
    phi: float = 0.2
    half_distance_km: float = 1200.0
    demand_intercept: float = 100.0
    demand_slope: float = 1.0
    fixed_cost: float = 100.0
    cost_mean: float = 40.0
    cost_dispersion: float = 0.25
    cost_seed: int = 20100
    budget: int | None = None
    quota: int | tuple[int, ...] | None = None
    regions: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.regions is not None:
            names = tuple(str(n) for n in self.regions)
            known = _coordinates()[0]
            unknown = [n for n in names if n not in known]
            if unknown or not names or len(set(names)) != len(names):
                raise InvalidArgumentError(f"regions: expected distinct names among {list(known)}, got {list(names)}")
            object.__setattr__(self, "regions", names)
            object.__setattr__(self, "num_regions", len(names))
        _check_int_range(self.num_regions, "num_regions", 1, 31)
        _check_int_range(self.num_industries, "num_industries", 1, len(INDUSTRIES))
        for name in ("lam", "theta", "sigma", "fixed_cost", "cost_mean", "cost_dispersion"):
            positive_float(getattr(self, name), name, allow_zero=True)
        try:
            phi_ok = positive_float(self.phi, "phi", allow_zero=True) <= 1.0
        except InvalidArgumentError:
            phi_ok = False
        if not phi_ok:
            raise InvalidArgumentError(f"phi: expected a number in [0, 1], got {self.phi!r}")
        for name in ("half_distance_km", "demand_intercept", "demand_slope"):
            positive_float(getattr(self, name), name)
        positive_int(self.cost_seed, "cost_seed", minimum=0)
        if self.budget is not None:
            positive_int(self.budget, "budget", minimum=0)
        if self.quota is not None:
            single = isinstance(self.quota, (int, np.integer)) or not isinstance(self.quota, Iterable)
            values = (self.quota,) if single else tuple(self.quota)
            if len(values) not in (1, self.num_industries):
                raise InvalidArgumentError(f"quota: expected an int or {self.num_industries} ints, got {self.quota!r}")
            for v in values:
                positive_int(v, "quota", minimum=0)
        # store floats as floats so dataclasses.replace(p, lam=1) keeps the documented types
        for f in dataclasses.fields(self):
            if f.type == "float" and not isinstance(getattr(self, f.name), float):
                object.__setattr__(self, f.name, float(getattr(self, f.name)))

    def quota_vector(self) -> np.ndarray | None:
        """The quota as one integer per industry, or None."""
        if self.quota is None:
            return None
        values = np.atleast_1d(np.asarray(self.quota, dtype=np.int64))
        return np.broadcast_to(values, (self.num_industries,)).copy()


def _check_int_range(value: Any, name: str, low: int, high: int) -> None:
    try:
        ok = positive_int(value, name, minimum=low) <= high
    except InvalidArgumentError:
        ok = False
    if not ok:
        raise InvalidArgumentError(f"{name}: expected an integer {low}..{high}, got {value!r}")
