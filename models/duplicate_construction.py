r"""Duplicate construction: regional governments choosing industrial clusters.

The model
---------
Regions :math:`r = 1..R` (default: mainland China's 31 provincial-level regions at their
capitals, :func:`load_regions`) and industries :math:`k = 1..K` (default: the 8 strategic
emerging industries in :data:`INDUSTRIES`).

*Stage 1.* Each regional government chooses a portfolio :math:`x_r \in \{0,1\}^K` (optionally at
most :math:`B` clusters: ``budget``).

*Stage 2.* In each industry the built clusters compete à la Cournot in one national market with
inverse demand :math:`P_k = a - b Q_k`.  Cluster :math:`(r,k)` has marginal cost

.. math:: c_{rk} = \max\big(0,\ \bar c_{rk} - \sigma \textstyle\sum_{r' \ne r} w_{rr'} x_{r'k}\big),
   \qquad w_{rr'} = (1-\varphi)\, 2^{-d_{rr'}/h} + \varphi,

a comparative-advantage base cost :math:`\bar c_{rk}` lowered by knowledge spillovers from the
other clusters of the industry: geographic decay with half-distance :math:`h` (great-circle
distance :math:`d`) and a share :math:`\varphi` carried by digital space regardless of distance.
The Cournot equilibrium with heterogeneous costs is solved exactly (:func:`cournot`): with costs
sorted, :math:`c_{(1)} \le c_{(2)} \le \dots`, the :math:`m`-th cheapest firm produces iff
:math:`c_{(m)} < P^{(m-1)} = (a + \sum_{j<m} c_{(j)})/m`; with the :math:`n` active firms
:math:`P = (a + \sum_{j \le n} c_{(j)})/(n+1)`, :math:`q_r = (P - c_r)^+/b`, :math:`\pi_r = b q_r^2`.

*Payoffs.* Regional government :math:`r` maximises

.. math:: U_r = \sum_k x_{rk}\,\big(\pi_{rk} + \lambda\, P_k q_{rk} - F\big)
          + \theta \Big(Y_r - \frac{1}{R-1}\sum_{r' \ne r} Y_{r'}\Big), \qquad Y_r = \sum_k P_k q_{rk},

(:math:`\lambda`: weight on local output — tax base, jobs; :math:`\theta`: promotion tournament
on relative output).  National welfare counts what the economy gets, not what officials value:

.. math:: W = \sum_k \Big(\tfrac{b}{2} Q_k^2 + \sum_r \pi_{rk}\Big) - F \sum_{r,k} x_{rk}.

Because :math:`U_r` and :math:`W` are sums over industries of terms that depend on industry
:math:`k`'s column :math:`x_{\cdot k}` only, a region's best response and the planner's problem
separate across industries (unless a ``budget`` couples a region's choices).

Regimes
-------
* **Local competition**: pure Nash equilibria of the entry game.  For at most
  ``exhaustive_max_regions`` regions all of them (``nash_method = 'exhaustive'``): industry by
  industry, or with a budget by :func:`coordgame.solvers.structured.exhaustive_pure_nash` on the
  whole game when it is small; otherwise those reached by best-response dynamics
  (:func:`coordgame.solvers.structured.structured_best_response_dynamics`) from: nobody builds, everybody
  builds, and seeded random starts (``'best_response'``), cycles reported.  The *reference*
  equilibrium used for the headline metrics is the one reached from "nobody builds" (regions
  entering one by one in code order from an empty economy).
* **Second best**: the planner chooses :math:`x`, the market stays Cournot.  Exact, industry by
  industry, by branch and bound (:func:`coordgame.solvers.subset_search.branch_and_bound_subsets`)
  with the bound of :func:`_second_best_bound`; a certified gap is reported if a node limit binds.
* **First best**: the planner also sets quantities, so only the cheapest built cluster produces
  at price = marginal cost; the planner chooses the set, others built only for their
  spillovers.  Exact by enumeration of (producer, number of helpers) — see :func:`first_best`.
* **Entry subsidy / tax** :math:`s_k` per cluster of industry :math:`k` (uniform across regions)
  that makes the second-best :math:`x^*` an equilibrium, when one exists (see
  :func:`implementing_subsidy`).
* **Quota**: at most :math:`m_k` clusters per industry (default: the second-best numbers
  :math:`n^*_k`); local competition under the quota is the generalised game in which a region
  may enter only while the quota is not full.  It has many equilibria — with the quota full,
  any :math:`m_k` regions that each prefer keeping their cluster to leaving form one — and the
  quota alone does not say who gets the licences, so the regime is reported as the **best and
  worst** equilibria (:func:`quota_equilibria`): over every equilibrium when the
  quota-constrained game can be searched exhaustively (industry by industry: every set of at
  most :math:`m_k` regions, :math:`\sum_{j \le m_k} \binom{R}{j}` columns — 4,992 for
  R = 31, :math:`m_k = 3`, so the default calibration is exhaustive), otherwise over those
  best-response dynamics reach from documented starts (nobody builds; the planner's
  portfolio; licences handed out greedily by private value; seeded random feasible starts).
  If the planner's :math:`x^*` is itself a quota equilibrium (every planned cluster's owner
  prefers keeping it), the best equals the second best.

Metrics (:func:`solve_model` ``.metrics``): welfare per regime, welfare loss (absolute and % of
the second-best optimum), entries and excess entry, duplicated fixed cost
:math:`F \sum_k (n^{N}_k - n^{*}_k)^+`, portfolio similarity (mean pairwise Krugman dissimilarity
:math:`\mathrm{KSI}_{rr'} = \sum_k |s_{rk} - s_{r'k}|` of portfolios normalised to shares
:math:`s_{rk} = x_{rk}/\sum_j x_{rj}`, over regions with a non-empty portfolio; similarity
:math:`= 1 - \overline{\mathrm{KSI}}/2 \in [0, 1]`), and concentration (output HHI per industry).
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from coordgame._checks import as_generator
from coordgame.errors import InvalidArgumentError
from coordgame.games.structured import StructuredGame, binary_portfolios
from coordgame.solvers.structured import exhaustive_pure_nash, structured_best_response_dynamics, verify_profile
from coordgame.solvers.subset_search import branch_and_bound_subsets
from coordgame.tolerances import DEFAULT_TOL, absolute_tolerance

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "INDUSTRIES",
    "Parameters",
    "Economy",
    "ModelResult",
    "load_regions",
    "cournot",
    "build_economy",
    "entry_game",
    "second_best",
    "first_best",
    "implementing_subsidy",
    "quota_equilibrium",
    "QuotaOutcome",
    "quota_starts",
    "quota_equilibria",
    "num_entry_columns",
    "subsidised_equilibrium",
    "industry_equilibria",
    "krugman_dissimilarity",
    "solve_model",
]

DATA_FILE = Path(__file__).with_name("data") / "china_provincial_capitals.csv"

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

EARTH_RADIUS_KM = 6371.0


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
        _check_int(self.num_regions, "num_regions", 1, 31)
        _check_int(self.num_industries, "num_industries", 1, len(INDUSTRIES))
        for name in ("lam", "theta", "sigma", "fixed_cost", "cost_mean", "cost_dispersion"):
            _check_float(getattr(self, name), name, 0.0)
        _check_float(self.phi, name="phi", low=0.0, high=1.0)
        for name in ("half_distance_km", "demand_intercept", "demand_slope"):
            _check_float(getattr(self, name), name, 0.0, strict=True)
        _check_int(self.cost_seed, "cost_seed", 0, None)
        if self.budget is not None:
            _check_int(self.budget, "budget", 0, None)
        if self.quota is not None:
            values = (self.quota,) if isinstance(self.quota, (int, np.integer)) else tuple(self.quota)
            if len(values) not in (1, self.num_industries):
                raise InvalidArgumentError(f"quota: expected an int or {self.num_industries} ints, got {self.quota!r}")
            for v in values:
                _check_int(v, "quota", 0, None)
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


def _check_int(value: Any, name: str, low: int, high: int | None) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low or (high is not None and value > high):
        bound = f"{low}..{high}" if high is not None else f">= {low}"
        raise InvalidArgumentError(f"{name}: expected an integer {bound}, got {value!r}")


def _check_float(value: Any, name: str, low: float, high: float | None = None, *, strict: bool = False) -> None:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise InvalidArgumentError(f"{name}: expected a number, got {value!r}") from None
    if not math.isfinite(x) or x < low or (strict and x == low) or (high is not None and x > high):
        rel = ">" if strict else ">="
        raise InvalidArgumentError(f"{name}: expected a finite number {rel} {low}"
                                   f"{'' if high is None else f' and <= {high}'}, got {value!r}")


# ---------------------------------------------------------------------------------- data
def load_regions() -> pd.DataFrame:
    """The 31 provincial-level regions with their capitals' coordinates (degrees).

    Columns: ``code`` (GB/T 2260), ``region``, ``capital``, ``latitude``, ``longitude``; rows in
    code order, which is the order ``Parameters.num_regions`` truncates.  Source:
    ``models/data/SOURCES.md``.

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import load_regions
    >>> regions = load_regions()
    >>> len(regions), regions.region.iloc[0], regions.capital.iloc[-1]
    (31, 'Beijing', 'Urumqi')
    """
    import pandas as pd

    return pd.read_csv(DATA_FILE)


@lru_cache(maxsize=1)
def _coordinates() -> tuple[tuple[str, ...], np.ndarray]:
    frame = load_regions()
    return tuple(frame.region), frame[["latitude", "longitude"]].to_numpy(dtype=float)


def great_circle_km(coords: np.ndarray) -> np.ndarray:
    """Pairwise great-circle distances (km) between (latitude, longitude) rows in degrees.

    Examples
    --------
    >>> import numpy as np
    >>> from coordgame.models.duplicate_construction import great_circle_km
    >>> d = great_circle_km(np.array([[39.90, 116.41], [31.23, 121.47]]))  # Beijing, Shanghai
    >>> round(float(d[0, 1]))
    1067
    """
    lat, lon = np.radians(coords[:, 0]), np.radians(coords[:, 1])
    dlat = lat[:, None] - lat[None, :]
    dlon = lon[:, None] - lon[None, :]
    h = np.sin(dlat / 2) ** 2 + np.cos(lat[:, None]) * np.cos(lat[None, :]) * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


@lru_cache(maxsize=64)
def _base_draw(seed: int) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal((31, len(INDUSTRIES)))


# ---------------------------------------------------------------------------------- Cournot
def cournot(costs: Any, intercept: Any, slope: Any) -> tuple[np.ndarray, np.ndarray]:
    r"""Exact Cournot equilibrium with linear demand and heterogeneous constant marginal costs.

    Vectorised over leading axes: ``costs[..., i]`` is firm ``i``'s marginal cost in market
    ``...`` (``inf`` for a firm that is absent).  Firms whose cost is at or above the price
    produce zero.

    Parameters
    ----------
    costs : array_like, shape (..., n)
        Non-negative marginal costs (``inf`` = not in the market).
    intercept, slope : array_like, broadcastable to ``costs.shape[:-1]``
        Inverse demand ``P = intercept - slope * Q`` (``slope > 0``).

    Returns
    -------
    price : ndarray, shape (...)
    quantities : ndarray, shape (..., n)

    Examples
    --------
    Costs 10, 20 and 60 with ``P = 100 - Q``: the third firm stays out (60 > price 43.3).

    >>> from coordgame.models.duplicate_construction import cournot
    >>> price, q = cournot([10.0, 20.0, 60.0], 100.0, 1.0)
    >>> round(float(price), 4), q.round(4).tolist()
    (43.3333, [33.3333, 23.3333, 0.0])
    """
    costs = np.asarray(costs, dtype=np.float64)
    a = np.asarray(intercept, dtype=np.float64)
    b = np.asarray(slope, dtype=np.float64)
    ordered = np.sort(costs, axis=-1)
    finite = np.isfinite(ordered)
    running = np.cumsum(np.where(finite, ordered, 0.0), axis=-1)
    before = running - np.where(finite, ordered, 0.0)  # sum of the cheaper firms' costs
    m = np.arange(1, costs.shape[-1] + 1)
    # the m-th cheapest firm is active iff its cost is below the price set by the m-1 cheaper ones
    enters = finite & (ordered * m < a[..., None] + before)
    enters = np.logical_and.accumulate(enters, axis=-1)
    active = enters.sum(axis=-1)
    total = np.take_along_axis(running, np.maximum(active - 1, 0)[..., None], axis=-1)[..., 0]
    price = (a + np.where(active > 0, total, 0.0)) / (active + 1)
    margin = np.where(np.isfinite(costs), price[..., None] - costs, 0.0)
    quantities = np.maximum(margin, 0.0) / b[..., None]
    return price, quantities


# ---------------------------------------------------------------------------------- economy
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
        return cournot(np.where(built > 0, c, np.inf), p.demand_intercept, p.demand_slope)

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
    weights = (1 - p.phi) * np.exp2(-distances / p.half_distance_km) + p.phi
    np.fill_diagonal(weights, 0.0)
    for a in (base, weights, distances):
        a.setflags(write=False)
    return Economy(p, tuple(names[r] for r in rows), INDUSTRIES[:K], base, weights, distances)


# ---------------------------------------------------------------------------------- the game
def _portfolio_matrix(portfolios: np.ndarray, profile: tuple[int, ...]) -> np.ndarray:
    return portfolios[np.asarray(profile)].astype(float)


def entry_game(economy: Economy, *, subsidy: Any = 0.0, quota: Any = None) -> StructuredGame:
    """The stage-1 entry game as a :class:`~coordgame.games.structured.StructuredGame`.

    Each region's actions are the 0/1 portfolios of :func:`coordgame.games.structured.binary_portfolios`
    (with at most ``budget`` ones); payoffs are the reduced-form :math:`U_r` with stage 2 solved.

    Parameters
    ----------
    economy : Economy
    subsidy : float or array (K,), default 0
        Entry subsidy per cluster of each industry (negative: a tax).
    quota : array (K,) of int, optional
        At most ``quota[k]`` clusters in industry k (a shared constraint: entry is feasible
        only while the quota is not full).

    Examples
    --------
    >>> import coordgame as cg
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy, entry_game
    >>> game = entry_game(build_economy(Parameters(num_regions=3, num_industries=1)))
    >>> game.num_actions
    (2, 2, 2)
    >>> len(cg.pure_nash(game.to_normal_form())) >= 1
    True
    """
    p = economy.params
    portfolios = binary_portfolios(economy.num_industries, p.budget)
    subsidy = np.broadcast_to(np.asarray(subsidy, dtype=float), (economy.num_industries,)).copy()

    def payoff(profile):
        return economy.payoffs(_portfolio_matrix(portfolios, profile), subsidy)

    def deviation(profile, r):
        values = economy.entry_values(_portfolio_matrix(portfolios, profile), [r], subsidy)[:, 0, :]  # (2, K)
        return values[0].sum() + portfolios @ (values[1] - values[0])

    feasible = None
    if quota is not None:
        limit = np.broadcast_to(np.asarray(quota, dtype=np.int64), (economy.num_industries,))

        def feasible(profile, r):
            x = portfolios[np.asarray(profile)]
            room = limit - (x.sum(axis=0) - x[r])
            return np.all(portfolios <= room, axis=1)

    return StructuredGame([portfolios] * economy.num_regions, payoff, deviation_payoffs=deviation, feasible=feasible,
                          payoff_range=economy.payoff_range, player_names=economy.regions,
                          title="duplicate construction entry game")


def _profile_of(x: np.ndarray, budget: int | None, K: int) -> tuple[int, ...]:
    """Action indices of the rows of x in binary_portfolios(K, budget)."""
    codes = (np.asarray(x, dtype=np.int64) << np.arange(K)).sum(axis=1)
    if budget is None:
        return tuple(int(c) for c in codes)
    all_codes = (binary_portfolios(K, budget).astype(np.int64) << np.arange(K)).sum(axis=1)
    lookup = {int(c): i for i, c in enumerate(all_codes)}
    return tuple(lookup[int(c)] for c in codes)


# ---------------------------------------------------------------------------------- planner
def _industry_value(economy: Economy, k: int, masks: np.ndarray) -> np.ndarray:
    """Second-best welfare of industry k for boolean region masks (..., R)."""
    return economy.industry_welfare(np.asarray(masks, dtype=float), k)


def _second_best_bound(economy: Economy, k: int, inside: np.ndarray, outside: np.ndarray) -> float:
    r"""Valid upper bound on industry k's Cournot welfare over all sets T with I ⊆ T ⊆ I ∪ U.

    Fix the number of clusters :math:`t = |T|`.  No cluster's cost can be below
    :math:`\ell_r(t) = \max(0, \bar c_r - \sigma(\sum_{I} w_{rr'} + \text{the } t-|I| \text{ largest } w_{rr'}, r' \in U))`.
    In a Cournot equilibrium with price P the margins :math:`m_r = P - c_r` of the active
    clusters sum to :math:`a - P`, lie in :math:`[0, P - \ell_r]`, and
    :math:`W(T) = (a-P)^2/2b + \sum m_r^2/b - F t`.  Maximising the convex function
    :math:`\sum m_r^2` over that box-and-budget polytope fills the largest caps first; as a function
    of P the resulting value is convex between the prices :math:`P_J` at which the J cheapest
    clusters (at costs :math:`\ell(t)`) exactly exhaust the budget — the J-firm Cournot prices — so
    its maximum over :math:`P \le P_{hi}` (the price of I alone at its own costs, an upper bound
    on the price of any T) is attained at some :math:`P_J` (value: the Cournot welfare of the J
    cheapest at costs :math:`\ell(t)`) or at :math:`P_{hi}`.  The bound is the largest over t of
    that value minus :math:`F t`, and :math:`-F|I|` (nothing produced).
    """
    p = economy.params
    a, b, F, sigma = p.demand_intercept, p.demand_slope, p.fixed_cost, p.sigma
    free = ~inside & ~outside
    members = np.flatnonzero(inside | free)
    n_in = int(inside.sum())
    empty_value = 0.0 if n_in == 0 else -F * n_in
    if members.size == 0:
        return empty_value
    weights = economy.weights[members]
    top = -np.sort(-weights[:, free], axis=1)
    top_sums = np.concatenate([np.zeros((members.size, 1)), np.cumsum(top, axis=1)], axis=1)  # (M, |U|+1)
    sizes = np.arange(max(n_in, 1), members.size + 1)  # t
    extra = np.minimum(sizes - n_in, top_sums.shape[1] - 1)
    spill = weights[:, inside].sum(axis=1)[None, :] + top_sums[:, extra].T  # (T, M)
    low = np.sort(np.maximum(0.0, economy.base_cost[members, k][None, :] - sigma * spill), axis=1)
    if n_in:
        high = economy.costs(inside.astype(float), k)
        p_hi = float(cournot(np.where(inside, high, np.inf), a, b)[0])
    else:
        p_hi = a
    J = np.arange(1, members.size + 1)
    S = np.cumsum(low, axis=1)
    prices = (a + S) / (J + 1)
    before = np.concatenate([np.full((low.shape[0], 1), a), prices[:, :-1]], axis=1)
    active = np.logical_and.accumulate(low < before, axis=1)
    gross = (a - prices) ** 2 / (2 * b) + (J * prices**2 - 2 * prices * S + np.cumsum(low**2, axis=1)) / b
    usable = active & (J[None, :] <= sizes[:, None]) & (prices <= p_hi * (1 + 1e-12) + 1e-12)
    kinks = np.where(usable, gross, -np.inf).max(axis=1)
    budget = a - p_hi
    caps = np.maximum(p_hi - low, 0.0)
    fill = np.clip(budget - (np.cumsum(caps, axis=1) - caps), 0.0, caps)
    endpoint = budget**2 / (2 * b) + np.cumsum(fill**2, axis=1)[np.arange(sizes.size), sizes - 1] / b
    return float(max(empty_value, (np.maximum(kinks, endpoint) - F * sizes).max()))


def _greedy_set(economy: Economy, k: int) -> np.ndarray:
    """Add the region that raises industry k's welfare most, while some region does."""
    R = economy.num_regions
    mask = np.zeros(R, dtype=bool)
    current = 0.0
    while not mask.all():
        trials = np.repeat(mask[None, :], R, axis=0)
        trials[np.arange(R), np.arange(R)] = True
        values = np.where(mask, -np.inf, _industry_value(economy, k, trials))
        best = int(np.argmax(values))
        if values[best] <= current:
            break
        mask, current = trials[best], float(values[best])
    return mask


def second_best(economy: Economy, *, max_nodes: int = 5_000, tol: float = DEFAULT_TOL):
    """The planner's choice of clusters with the market left to Cournot (second best).

    Industry by industry, branch and bound over the set of regions that build, with the bound
    of :func:`_second_best_bound` and a greedy starting incumbent.  With a ``budget`` the
    industries are coupled; the per-industry optima are then an upper bound (a relaxation) and,
    if they break the budget, clusters are dropped greedily (least welfare lost first) and the
    gap to the relaxation is reported.

    Returns
    -------
    x : ndarray (R, K) of int
    info : dict
        ``welfare``, ``upper_bound``, ``gap`` (certified), ``exact`` (bool), ``method``, ``nodes``.

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy, second_best
    >>> x, info = second_best(build_economy(Parameters(num_regions=6, num_industries=2)))
    >>> x.shape, info["exact"], info["gap"]
    ((6, 2), True, 0.0)
    """
    R, K = economy.num_regions, economy.num_industries
    x = np.zeros((R, K), dtype=np.int64)
    upper, nodes, exact = 0.0, 0, True
    atol = absolute_tolerance(tol, economy)
    for k in range(K):
        res = branch_and_bound_subsets(
            R, lambda m, k=k: float(_industry_value(economy, k, m)),
            lambda i, o, k=k: _second_best_bound(economy, k, i, o),
            order=np.argsort(economy.base_cost[:, k], kind="stable"), initial=_greedy_set(economy, k),
            max_nodes=max_nodes, tol=atol)
        x[:, k] = res.best
        upper += res.upper_bound
        nodes += res.nodes
        exact &= res.exact
    method = "branch_and_bound" if exact else "branch_and_bound (node limit: certified gap)"
    x, upper, exact, method = _respect_budget(economy, x, upper, exact, method, economy.welfare)
    value = economy.welfare(x)
    gap = 0.0 if exact else max(0.0, upper - value)
    return x, {"welfare": value, "upper_bound": max(upper, value), "gap": gap, "exact": exact, "method": method,
               "nodes": nodes}


def _respect_budget(economy: Economy, x: np.ndarray, upper: float, exact: bool, method: str, welfare_of):
    """Drop clusters (least welfare lost first) until every region is within the budget."""
    budget = economy.params.budget
    if budget is None or (x.sum(axis=1) <= budget).all():
        return x, upper, exact, method
    x = x.copy()
    while (x.sum(axis=1) > budget).any():
        r = int(np.argmax(x.sum(axis=1) - budget))
        options = []
        for k in np.flatnonzero(x[r]):
            trial = x.copy()
            trial[r, k] = 0
            options.append((welfare_of(trial), int(k)))
        x[r, max(options)[1]] = 0
    return x, upper, False, "per-industry optimum (relaxation) repaired to the budget: certified gap"


def _first_best_welfare(economy: Economy, built: np.ndarray) -> np.ndarray:
    """First-best welfare per industry for ``built`` (..., K, R): the cheapest built cluster produces at P = c."""
    p = economy.params
    c = np.where(built > 0, economy.costs(built), np.inf).min(axis=-1)
    surplus = np.where(np.isfinite(c), np.maximum(p.demand_intercept - c, 0.0) ** 2 / (2 * p.demand_slope), 0.0)
    return surplus - p.fixed_cost * built.sum(axis=-1)


def first_best(economy: Economy):
    """The planner's choice of clusters *and* quantities (first best), exactly.

    Price equals the marginal cost of the cheapest built cluster, which supplies the market;
    other clusters are built only for the spillovers that lower its cost.  For a producer r
    with j helpers, the best helpers are the j with the largest weights :math:`w_{rr'}` (fixed
    cost is uniform and surplus rises with the cost reduction), so the optimum is the best of
    the :math:`R^2` pairs (r, j), or building nothing.  Exact; with a ``budget`` the per-industry
    optimum is repaired greedily and the gap to it reported.

    Returns
    -------
    x : ndarray (R, K) of int
    info : dict with ``welfare``, ``upper_bound``, ``gap``, ``exact``, ``method``

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy, first_best, second_best
    >>> e = build_economy(Parameters(num_regions=6, num_industries=2))
    >>> first_best(e)[1]["welfare"] >= second_best(e)[1]["welfare"]
    True
    """
    p = economy.params
    R, K = economy.num_regions, economy.num_industries
    w = economy.weights.copy()
    np.fill_diagonal(w, -np.inf)
    helpers = np.argsort(-w, axis=1, kind="stable")[:, : R - 1]  # others, by decreasing weight
    top = np.take_along_axis(economy.weights, helpers, axis=1)
    spill = np.concatenate([np.zeros((R, 1)), np.cumsum(top, axis=1)], axis=1)  # (R, R): j helpers
    x = np.zeros((R, K), dtype=np.int64)
    for k in range(K):
        cost = np.maximum(0.0, economy.base_cost[:, k, None] - p.sigma * spill)
        value = np.maximum(p.demand_intercept - cost, 0.0) ** 2 / (2 * p.demand_slope) - p.fixed_cost * (1 + np.arange(R))
        r, j = np.unravel_index(int(np.argmax(value)), value.shape)
        if value[r, j] > 0.0:
            x[r, k] = 1
            x[helpers[r, :j], k] = 1
    upper = float(_first_best_welfare(economy, x.T.astype(float)).sum())
    x, upper, exact, method = _respect_budget(economy, x, upper, True, "exact (producer x helpers enumeration)",
                                              lambda z: float(_first_best_welfare(economy, z.T.astype(float)).sum()))
    value = float(_first_best_welfare(economy, x.T.astype(float)).sum())
    return x, {"welfare": value, "upper_bound": max(upper, value), "gap": 0.0 if exact else max(0.0, upper - value),
               "exact": exact, "method": method}


# ---------------------------------------------------------------------------------- mechanisms
def implementing_subsidy(economy: Economy, x: np.ndarray, *, tol: float = DEFAULT_TOL):
    r"""Per-industry uniform entry subsidies :math:`s_k` making ``x`` an equilibrium, if any.

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
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy, second_best, implementing_subsidy
    >>> e = build_economy(Parameters(num_regions=5, num_industries=1))
    >>> s, ok, implements = implementing_subsidy(e, second_best(e)[0])
    >>> bool(s[0] < 0), implements    # a tax on entry implements the planner's choice
    (True, True)
    """
    x = np.asarray(x, dtype=np.int64)
    gains = economy.entry_gains(x)
    need = -gains
    lo = np.where(x == 1, need, -np.inf).max(axis=0)
    hi = np.where(x == 0, need, np.inf).min(axis=0)
    implementable = lo <= hi
    margin = np.minimum(1e-6 * economy.payoff_range, 0.25 * np.where(np.isfinite(hi - lo), hi - lo, np.inf))
    inside = np.clip(0.0, lo + margin, hi - margin)
    midpoint = np.where(np.isfinite(lo) & np.isfinite(hi), 0.5 * (lo + hi), np.where(np.isfinite(lo), lo, hi))
    subsidy = np.where(implementable, inside, midpoint)
    game = entry_game(economy, subsidy=subsidy)
    implements = game.is_nash(_profile_of(x, economy.params.budget, economy.num_industries), tol=tol)
    return subsidy, implementable, bool(implements)


# ---------------------------------------------------------------------------------- local competition
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
    chunk = max(1, (1 << 21) // (R * R))  # bounds the trial arrays to a few tens of MB
    found = [columns[start:start + chunk][check(economy, k, columns[start:start + chunk], quota, atol)]
             for columns in _entry_columns(R, quota) for start in range(0, len(columns), chunk)]
    return np.concatenate(found).astype(np.int64)


def _stable_columns(economy: Economy, k: int, block: np.ndarray, quota: None, atol: float) -> np.ndarray:
    """Which entry columns (P, R) of industry k no region leaves or enters with a gain > atol (full-width markets)."""
    P, R = block.shape
    built = block.astype(float)
    price, q = economy.market(built, k)
    current = economy.regional_parts(built, price, q)  # (P, R): each region's part at the column itself
    trial = np.broadcast_to(built[:, None, :], (P, R, R)).copy()
    diag = np.arange(R)
    trial[:, diag, diag] = 1.0 - built
    price, q = economy.market(trial, k)
    gain = economy.regional_parts(trial, price, q)[:, diag, diag] - current  # (P, R): gain from switching
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
    R = economy.num_regions
    w = economy.weights[members[:, :, None], members[:, None, :]]  # (P, n, n), zero diagonal
    base = economy.base_cost[members, k]  # (P, n)
    sigma = p.sigma
    cost_with = np.maximum(0.0, base - sigma * w.sum(axis=-1))
    price, q = cournot(cost_with, p.demand_intercept, p.demand_slope)
    value = price[:, None] * q
    share = p.theta / (R - 1) if R > 1 else 0.0
    part_with = p.demand_slope * q**2 + p.lam * value - p.fixed_cost + (p.theta + share) * value \
        - share * value.sum(axis=1, keepdims=True)
    # without member j: the others' costs lose j's spillover; j itself is absent (cost inf)
    cost_without = np.maximum(0.0, base[:, None, :] - sigma * (w.sum(axis=-1)[:, None, :] - w.transpose(0, 2, 1)))
    eye = np.eye(n, dtype=bool)
    cost_without = np.where(eye[None], np.inf, cost_without)  # (P, j, n)
    price_without, q_without = cournot(cost_without, p.demand_intercept, p.demand_slope)
    part_without = -share * (price_without[..., None] * q_without).sum(axis=-1)  # (P, j)
    return part_without - part_with


def _local_competition(economy: Economy, *, method: str, exhaustive_max_regions: int, num_random_starts: int,
                       tol: float) -> dict[str, Any]:
    p = economy.params
    R, K = economy.num_regions, economy.num_industries
    game = entry_game(economy)
    starts = {"nobody builds": (0,) * R, "everybody builds": (len(binary_portfolios(K, p.budget)) - 1,) * R}
    dynamics = structured_best_response_dynamics(game, starts=starts, num_random_starts=num_random_starts,
                                                 seed=p.cost_seed, tol=tol)
    first = dynamics.starts[0]
    converged = [s for s in dynamics.starts if s.outcome == "converged"]
    reference = None
    if converged:
        reference = dynamics[(first if first.outcome == "converged" else converged[0]).equilibrium].profile
    portfolios = binary_portfolios(K, p.budget)
    out: dict[str, Any] = {"dynamics": dynamics, "brd_cycles": len(dynamics.cycles)}
    partial_profiles = len(portfolios) ** (R - 1)
    by_industry = p.budget is None and (method == "exhaustive" or (method == "auto" and R <= exhaustive_max_regions))
    whole_game = p.budget is not None and (method == "exhaustive" or (method == "auto" and partial_profiles <= 20_000))
    if by_industry:
        per_industry = [industry_equilibria(economy, k, tol=tol) for k in range(K)]
        counts = [len(e) for e in per_industry]
        welfare = [economy.industry_welfare(e.astype(float), k) if len(e) else np.array([np.nan])
                   for k, e in enumerate(per_industry)]
        out.update(method="exhaustive", num_equilibria=math.prod(counts), per_industry=per_industry,
                   welfare_min=float(sum(w.min() for w in welfare)), welfare_max=float(sum(w.max() for w in welfare)))
        if reference is None and all(counts):  # dynamics cycled everywhere: use the worst equilibrium
            x = np.stack([e[int(np.argmin(w))] for e, w in zip(per_industry, welfare)], axis=1)
            reference = _profile_of(x, None, K)
    else:
        # with a budget the industries are coupled: search the whole game, or follow the dynamics
        found = exhaustive_pure_nash(game, tol=tol) if whole_game else dynamics
        values = np.array([economy.welfare(portfolios[np.asarray(eq.profile)]) for eq in found])
        if not len(values):
            values = np.array([np.nan])
        out.update(method="exhaustive" if whole_game else "best_response", num_equilibria=len(found),
                   welfare_min=float(values.min()), welfare_max=float(values.max()))
        if reference is None and whole_game and len(found):
            reference = found[int(np.argmin(values))].profile
    if reference is not None:
        verify_profile(game, reference, method=out["method"], tol=tol)
        out["x"] = portfolios[np.asarray(reference)].astype(np.int64)
    else:
        out["x"] = None
    return out


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
    return _reached_from_nobody(economy, entry_game(economy, quota=quota), tol)


def subsidised_equilibrium(economy: Economy, subsidy: Any, *, tol: float = DEFAULT_TOL) -> np.ndarray | None:
    """Local competition with per-cluster entry subsidies: the equilibrium reached from "nobody builds".

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy, subsidised_equilibrium
    >>> e = build_economy(Parameters(num_regions=6, num_industries=1))
    >>> int(subsidised_equilibrium(e, [-10_000.0]).sum())   # a prohibitive tax: nobody builds
    0
    """
    return _reached_from_nobody(economy, entry_game(economy, subsidy=subsidy), tol)


def _reached_from_nobody(economy: Economy, game: StructuredGame, tol: float) -> np.ndarray | None:
    result = structured_best_response_dynamics(game, starts={"nobody builds": (0,) * economy.num_regions}, tol=tol)
    if not len(result):
        return None
    portfolios = binary_portfolios(economy.num_industries, economy.params.budget)
    return portfolios[np.asarray(result[0].profile)].astype(np.int64)


@dataclass(frozen=True, eq=False)
class QuotaOutcome:
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
    x = x.copy()
    while True:
        gains = economy.entry_gains(x)
        room = (x.sum(axis=0) < limit)[None, :] & (x == 0)
        if budget is not None:
            room &= (x.sum(axis=1) < budget)[:, None]
        gains = np.where(room, gains, -np.inf)
        k = int(np.argmax(gains.max(axis=0)))
        if not gains[:, k].max() > 0.0:
            return x
        x[int(np.argmax(gains[:, k])), k] = 1


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
    priority = economy.entry_gains(np.zeros((R, K), dtype=np.int64))
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
      With a budget, over the whole game by :func:`~coordgame.solvers.structured.exhaustive_pure_nash`
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
    import pandas as pd

    p = economy.params
    R, K = economy.num_regions, economy.num_industries
    limit = _quota_limits(quota, K)
    if planned is None:
        planned = second_best(economy, tol=tol)[0]
    planned = np.asarray(planned)
    if planned.shape != (R, K) or not np.isin(planned, (0, 1)).all():
        raise InvalidArgumentError(f"planned: expected a 0/1 matrix of shape {(R, K)}, got shape {planned.shape}")
    game = entry_game(economy, quota=limit)
    portfolios = binary_portfolios(K, p.budget)
    starts = quota_starts(economy, limit, planned, num_random_starts=num_random_starts, seed=p.cost_seed)
    dynamics = structured_best_response_dynamics(
        game, starts={name: _profile_of(x, p.budget, K) for name, x in starts.items()}, tol=tol)

    def matrix(profile):
        return portfolios[np.asarray(profile)].astype(np.int64)

    reached = [matrix(eq.profile) for eq in dynamics]
    rows = []
    for record in dynamics.starts:
        x = reached[record.equilibrium] if record.equilibrium is not None else None
        rows.append({"start": record.name, "outcome": record.outcome, "rounds": record.rounds,
                     "welfare": economy.welfare(x) if x is not None else float("nan"),
                     "entries": int(x.sum()) if x is not None else float("nan")})
    by_industry = p.budget is None and all(num_entry_columns(R, m) <= max_columns for m in limit)
    whole_game = p.budget is not None and len(portfolios) ** (R - 1) <= max_whole_game
    if by_industry:
        per_industry = [industry_equilibria(economy, k, quota=int(limit[k]), max_columns=max_columns, tol=tol)
                        for k in range(K)]
        method, complete, count = "exhaustive", True, math.prod(len(e) for e in per_industry)
        if count:
            welfare = [economy.industry_welfare(e.astype(float), k) for k, e in enumerate(per_industry)]
            best = np.stack([e[int(np.argmax(w))] for e, w in zip(per_industry, welfare)], axis=1)
            worst = np.stack([e[int(np.argmin(w))] for e, w in zip(per_industry, welfare)], axis=1)
            candidates = [best, worst]
        else:
            candidates = []
    else:
        found = exhaustive_pure_nash(game, tol=tol) if whole_game else dynamics
        method = "exhaustive" if whole_game else "best_response"
        complete, count = whole_game, len(found)
        candidates = [matrix(eq.profile) for eq in found]
    if candidates:
        values = np.array([economy.welfare(x) for x in candidates])
        best, worst = candidates[int(np.argmax(values))], candidates[int(np.argmin(values))]
        for x in (best, worst):
            verify_profile(game, _profile_of(x, p.budget, K), method=method, tol=tol)
        w_best, w_worst = float(values.max()), float(values.min())
    else:
        best = worst = None
        w_best = w_worst = float("nan")
    return QuotaOutcome(limit, method, complete, int(count), best, worst, w_best, w_worst, dynamics,
                        pd.DataFrame(rows, columns=["start", "outcome", "rounds", "welfare", "entries"]))


# ---------------------------------------------------------------------------------- metrics
def krugman_dissimilarity(x: np.ndarray) -> float:
    r"""Mean pairwise Krugman dissimilarity of 0/1 portfolios normalised to shares.

    :math:`s_{rk} = x_{rk} / \sum_j x_{rj}`, :math:`\mathrm{KSI}_{rr'} = \sum_k |s_{rk} - s_{r'k}|
    \in [0, 2]`, averaged over pairs of regions that build something (NaN if fewer than two).

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import krugman_dissimilarity
    >>> krugman_dissimilarity([[1, 0], [0, 1]]), krugman_dissimilarity([[1, 1], [1, 1], [0, 0]])
    (2.0, 0.0)
    """
    x = np.asarray(x, dtype=float)
    x = x[x.sum(axis=1) > 0]
    if x.shape[0] < 2:
        return float("nan")
    shares = x / x.sum(axis=1, keepdims=True)
    ksi = np.abs(shares[:, None, :] - shares[None, :, :]).sum(axis=-1)
    upper = np.triu_indices(x.shape[0], 1)
    return float(ksi[upper].mean())


def _market_summary(economy: Economy, x: np.ndarray) -> dict[str, np.ndarray]:
    built = x.T.astype(float)
    price, q = economy.market(built)
    total = q.sum(axis=-1)
    hhi = np.where(total > 0, ((q / np.where(total > 0, total, 1.0)[:, None]) ** 2).sum(axis=-1), np.nan)
    return {"entries": x.sum(axis=0), "active": (q > 0).sum(axis=-1), "price": price, "output": total, "hhi": hhi,
            "welfare": economy.industry_welfare(built)}


# ---------------------------------------------------------------------------------- solve
@dataclass(frozen=True, eq=False)
class ModelResult:
    """Everything :func:`solve_model` computed for one parameterisation.

    Attributes
    ----------
    params : Parameters
    economy : Economy
    metrics : dict
        Flat ``str -> float | int | str`` summary (see :func:`solve_model`).
    per_industry : pandas.DataFrame
        One row per industry.
    portfolios_nash, portfolios_second_best, portfolios_first_best, portfolios_quota : ndarray (R, K)
        0/1 portfolio matrices (``portfolios_nash`` is None if the dynamics found no
        equilibrium; ``portfolios_quota`` is the quota regime's *worst* equilibrium,
        ``quota.best`` its best, None if none was found).
    subsidy : ndarray (K,)
        Per-cluster entry subsidy implementing the second best (negative: a tax).
    nash : StructuredEquilibria
        Best-response dynamics record (starts, equilibria reached, cycles).
    quota : QuotaOutcome
        The quota regime: best and worst equilibria, method, and where each start led.
    """

    params: Parameters
    economy: Economy
    metrics: dict[str, Any]
    per_industry: pd.DataFrame
    portfolios_nash: np.ndarray | None
    portfolios_second_best: np.ndarray
    portfolios_first_best: np.ndarray
    portfolios_quota: np.ndarray | None
    subsidy: np.ndarray
    nash: Any
    quota: QuotaOutcome | None = None

    def __repr__(self) -> str:
        m = self.metrics
        return (f"ModelResult({self.economy.num_regions} regions x {self.economy.num_industries} industries: "
                f"welfare nash {m['welfare_nash']:.6g} ({m['nash_method']}), second best {m['welfare_second_best']:.6g}, "
                f"loss {m['welfare_loss_pct']:.3g}%, entries {m['entries_nash']:g} vs {m['entries_second_best']:g})")


def _pct(loss: float, reference: float) -> float:
    return 100.0 * loss / abs(reference) if reference != 0 else float("nan")


def solve_model(params: Parameters | None = None, *, nash_method: str = "auto", exhaustive_max_regions: int = 10,
                num_random_starts: int = 2, max_nodes: int = 5_000, tol: float = DEFAULT_TOL) -> ModelResult:
    """Solve every regime of the model and measure what local competition costs.

    Parameters
    ----------
    params : Parameters, optional
        Default: ``Parameters()`` (31 regions x 8 industries).
    nash_method : {"auto", "exhaustive", "best_response"}
        ``"auto"``: exhaustive when ``num_regions <= exhaustive_max_regions`` (industry by
        industry; with a ``budget``, over the whole game when the first R-1 regions have at most
        20,000 joint portfolios), else best-response dynamics.
    exhaustive_max_regions : int, default 10
    num_random_starts : int, default 2
        Seeded (``cost_seed``) random starts of the dynamics, besides "nobody builds" and
        "everybody builds" (with a ``budget``: everyone's last portfolio in binary order, i.e.
        the ``budget`` highest-numbered industries).  Regions move in their order in the data.
        The quota regime's dynamics use as many seeded random feasible starts (:func:`quota_starts`).
    max_nodes : int, default 5_000
        Node limit of each industry's branch and bound (a certified gap is reported if it binds).
    tol : float, default 1e-9
        Relative equilibrium tolerance (times ``Economy.payoff_range``).

    Returns
    -------
    ModelResult
        ``metrics`` keys: ``welfare_nash`` (reference equilibrium: reached from "nobody
        builds"), ``welfare_nash_min`` / ``welfare_nash_max`` (over the equilibria found),
        ``welfare_second_best``, ``welfare_first_best``, ``welfare_loss`` (second best - Nash),
        ``welfare_loss_pct`` (% of the second best), ``welfare_loss_first_best_pct``,
        ``entries_nash``, ``entries_second_best``, ``entries_first_best``, ``excess_entry``,
        ``duplicated_fixed_cost``, ``krugman_nash``, ``krugman_second_best``,
        ``similarity_nash``, ``similarity_second_best`` (1 - KSI/2), ``concentration_nash``,
        ``concentration_second_best`` (mean output HHI), ``nash_method``, ``num_equilibria``,
        ``brd_cycles``, ``planner_method``, ``planner_gap``, ``planner_nodes``,
        ``subsidy_implements`` (0/1), ``subsidy_total`` (paid at the planned entry),
        ``welfare_subsidy``, ``price_of_anarchy`` (second best / Nash welfare, when both are
        positive).  The quota regime (:func:`quota_equilibria`; quotas ``params.quota`` or the
        second-best numbers of clusters) has many equilibria, so both ends are reported:
        ``welfare_quota_best`` / ``welfare_quota_worst``, ``entries_quota_best`` /
        ``entries_quota_worst``, ``welfare_loss_quota_best_pct`` / ``welfare_loss_quota_worst_pct``,
        ``quota_method`` (``"exhaustive"``: over every equilibrium; ``"best_response"``: over
        those reached from the documented starts) and ``quota_num_equilibria`` (a float: the
        count can exceed 2^63).  ``welfare_quota``, ``entries_quota`` and
        ``welfare_loss_quota_pct`` are the worst equilibrium's (what the quota guarantees).

    Examples
    --------
    >>> import dataclasses
    >>> from coordgame.models.duplicate_construction import Parameters, solve_model
    >>> res = solve_model(Parameters(num_regions=6, num_industries=2))
    >>> res.metrics["nash_method"], res.metrics["excess_entry"] > 0
    ('exhaustive', True)
    >>> res.metrics["welfare_second_best"] >= res.metrics["welfare_nash"]
    True
    >>> res                                                          # doctest: +ELLIPSIS
    ModelResult(6 regions x 2 industries: welfare nash ... (exhaustive), second best ..., loss ...%, entries ... vs ...)
    """
    import pandas as pd

    if nash_method not in ("auto", "exhaustive", "best_response"):
        raise InvalidArgumentError(f"nash_method: expected 'auto', 'exhaustive' or 'best_response', got {nash_method!r}")
    p = Parameters() if params is None else params
    if not isinstance(p, Parameters):
        raise InvalidArgumentError(f"params: expected a Parameters instance, got {type(p).__name__}")
    economy = build_economy(p)
    K = economy.num_industries
    nash = _local_competition(economy, method=nash_method, exhaustive_max_regions=exhaustive_max_regions,
                              num_random_starts=num_random_starts, tol=tol)
    x_sb, sb = second_best(economy, max_nodes=max_nodes, tol=tol)
    x_fb, fb = first_best(economy)
    subsidy, implementable, implements = implementing_subsidy(economy, x_sb, tol=tol)
    if implements:
        welfare_subsidy = sb["welfare"]
    else:
        x_sub = subsidised_equilibrium(economy, subsidy, tol=tol)
        welfare_subsidy = economy.welfare(x_sub) if x_sub is not None else float("nan")
    quota = quota_equilibria(economy, p.quota_vector() if p.quota is not None else x_sb.sum(axis=0), x_sb,
                             num_random_starts=num_random_starts, tol=tol)

    x_nash = nash["x"]
    sb_summary = _market_summary(economy, x_sb)
    fb_entries = x_fb.sum(axis=0)
    nan_k = np.full(K, np.nan)
    n_summary = _market_summary(economy, x_nash) if x_nash is not None else dict.fromkeys(sb_summary, nan_k)
    q_best = _market_summary(economy, quota.best) if quota.best is not None else dict.fromkeys(sb_summary, nan_k)
    q_worst = _market_summary(economy, quota.worst) if quota.worst is not None else dict.fromkeys(sb_summary, nan_k)
    excess = n_summary["entries"] - sb_summary["entries"]
    w_nash = float(np.sum(n_summary["welfare"]))
    w_sb, w_fb = sb["welfare"], fb["welfare"]
    metrics: dict[str, Any] = {
        "welfare_nash": w_nash,
        "welfare_nash_min": nash["welfare_min"],
        "welfare_nash_max": nash["welfare_max"],
        "welfare_second_best": w_sb,
        "welfare_first_best": w_fb,
        "welfare_loss": w_sb - w_nash,
        "welfare_loss_pct": _pct(w_sb - w_nash, w_sb),
        "welfare_loss_first_best_pct": _pct(w_fb - w_nash, w_fb),
        "entries_nash": float(np.sum(n_summary["entries"])),
        "entries_second_best": int(x_sb.sum()),
        "entries_first_best": int(x_fb.sum()),
        "excess_entry": float(np.sum(excess)),
        "duplicated_fixed_cost": float(p.fixed_cost * np.sum(np.maximum(excess, 0))),
        "krugman_nash": krugman_dissimilarity(x_nash) if x_nash is not None else float("nan"),
        "krugman_second_best": krugman_dissimilarity(x_sb),
        "concentration_nash": float(np.nanmean(n_summary["hhi"])) if np.isfinite(n_summary["hhi"]).any() else float("nan"),
        "concentration_second_best": float(np.nanmean(sb_summary["hhi"])) if np.isfinite(sb_summary["hhi"]).any()
        else float("nan"),
        "nash_method": nash["method"],
        "num_equilibria": int(nash["num_equilibria"]),
        "brd_cycles": int(nash["brd_cycles"]),
        "planner_method": sb["method"],
        "planner_gap": float(sb["gap"]),
        "planner_nodes": int(sb["nodes"]),
        "first_best_gap": float(fb["gap"]),
        "subsidy_implements": int(implements),
        "subsidy_total": float(subsidy @ x_sb.sum(axis=0)),
        "welfare_subsidy": float(welfare_subsidy),
        "welfare_quota_best": quota.welfare_best,
        "welfare_quota_worst": quota.welfare_worst,
        "entries_quota_best": float(np.sum(q_best["entries"])),
        "entries_quota_worst": float(np.sum(q_worst["entries"])),
        "welfare_loss_quota_best_pct": _pct(w_sb - quota.welfare_best, w_sb),
        "welfare_loss_quota_worst_pct": _pct(w_sb - quota.welfare_worst, w_sb),
        "quota_method": quota.method,
        "quota_num_equilibria": float(quota.num_equilibria),
        # the former single quota figures, now explicitly the worst equilibrium (what the quota guarantees)
        "welfare_quota": quota.welfare_worst,
        "entries_quota": float(np.sum(q_worst["entries"])),
        "welfare_loss_quota_pct": _pct(w_sb - quota.welfare_worst, w_sb),
        "price_of_anarchy": w_sb / w_nash if w_sb > 0 and w_nash > 0 else float("nan"),
    }
    metrics["similarity_nash"] = 1.0 - metrics["krugman_nash"] / 2.0
    metrics["similarity_second_best"] = 1.0 - metrics["krugman_second_best"] / 2.0
    per_industry = pd.DataFrame({
        "industry": economy.industries,
        "entries_nash": n_summary["entries"],
        "entries_second_best": sb_summary["entries"],
        "entries_first_best": fb_entries,
        "entries_quota_best": q_best["entries"],
        "entries_quota_worst": q_worst["entries"],
        "excess_entry": excess,
        "active_nash": n_summary["active"],
        "hhi_nash": n_summary["hhi"],
        "hhi_second_best": sb_summary["hhi"],
        "price_nash": n_summary["price"],
        "price_second_best": sb_summary["price"],
        "welfare_nash": n_summary["welfare"],
        "welfare_second_best": sb_summary["welfare"],
        "welfare_first_best": _first_best_welfare(economy, x_fb.T.astype(float)),
        "welfare_quota_best": q_best["welfare"],
        "welfare_quota_worst": q_worst["welfare"],
        "subsidy": subsidy,
        "subsidy_implementable": implementable,
    })
    return ModelResult(p, economy, metrics, per_industry, x_nash, x_sb, x_fb, quota.worst, subsidy, nash["dynamics"],
                       quota)

