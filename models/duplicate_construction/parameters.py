"""The model's parameters (every field a sweep may vary) and the industries."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from coordgame._checks import one_of, positive_float, positive_int
from coordgame.errors import InvalidArgumentError

from .geography import _coordinates
from .regions import RegionTable, load_region_table

__all__ = ["INDUSTRIES", "Parameters", "SPILLOVER_FORMS", "industry_names", "load_cost_matrix"]

#: The forms of the spillover kernel (:func:`~coordgame.models.duplicate_construction.spillover_weights`).
SPILLOVER_FORMS: tuple[str, ...] = ("additive", "mean_preserving")

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
        division code: Beijing, Tianjin, Hebei, ...).  1..31.  With a ``region_table`` (or
        ``regions``) it is set to the number of regions used.
    num_industries : int, default 8
        Any number >= 1: the first ``num_industries`` of :data:`INDUSTRIES`, then
        "industry 9", "industry 10", ... (:func:`industry_names`).  Industries beyond the eighth
        draw their base costs like the first eight (same mean and dispersion: an assumption).
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
        h: distance at which the geographic part of a spillover halves.  1,200 km is Keller's
        (2002, *American Economic Review* 92(1), "Geographic localization of international
        technology diffusion") estimate for R&D spillovers among OECD countries — not an
        estimate for China; it is an assumption for Chinese regions, and the
        ``digital_coordination`` figure set shows how results move with h.
    spillover_form : {"additive", "mean_preserving"}, default "additive"
        How the digital share φ enters the spillover kernel
        (:func:`~coordgame.models.duplicate_construction.spillover_weights`):
        ``"additive"`` (:math:`w = (1-\\varphi) 2^{-d/h} + \\varphi`) raises every weight as φ
        grows — reach *and* level; ``"mean_preserving"`` rescales that kernel so the mean
        off-diagonal weight stays at its φ = 0 value — reach without level (the knowledge-reach
        channel alone).
    trade_cost : float, default 0
        t >= 0: the market-access channel.  0: one national market per industry (the original
        model).  t > 0: segmented regional markets (demand of region m proportional to its
        population, ``population_10k_2020`` in the data file), served from every cluster at delivery cost
        :math:`\\tau_{rm} = t (1-\\varphi_m) d_{rm}/\\bar d` per unit (:math:`\\bar d`: mean
        distance between distinct regions of the economy).  Assumption (no calibration source).
    phi_market : float, default 0
        :math:`\\varphi_m \\in [0, 1]`: the share of delivery cost that digital connectivity
        removes (platforms, e-commerce logistics); 1 makes the segmented markets one national
        market again.
    base_costs : tuple of tuples, optional
        A user-supplied base-cost matrix :math:`\\bar c_{rk}` (one row per region of the
        economy, one column per industry; see
        :func:`~coordgame.models.duplicate_construction.load_cost_matrix`), replacing the seeded
        draw.
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
        Seed of the base-cost draw (results should be read as distributions over seeds: the
        ``digital_coordination`` and ``num_regions`` experiments use 20 or more).
    budget : int, optional
        At most this many clusters per region (fiscal capacity).  None: no limit.
    quota : int or tuple of int, optional
        Quota regime: at most ``quota`` (or ``quota[k]``) clusters per industry.  None: the
        quota regime uses the second-best numbers of clusters :math:`n^*_k`.
    regions : tuple of str, optional
        A subset of the 31 regions by name (``load_regions().region``), or of the
        ``region_table``'s names, in the order given (the order in which the dynamics let
        regions move).  When set, ``num_regions`` is set to its length.  Each region keeps its
        own base costs.
    region_table : RegionTable, pandas.DataFrame or CSV path, optional
        Regions from a user-supplied table instead of the 31 provincial capitals (name,
        longitude, latitude, size measure, optional cost columns; see
        :func:`~coordgame.models.duplicate_construction.load_region_table`), e.g. ~300
        prefecture-level cities.  Stored validated as a :class:`RegionTable`.  Its cost columns,
        if any, give the base costs (and must number ``num_industries``); else they are drawn
        from ``cost_seed``.  :meth:`Parameters.from_regions` is the shorthand.

    Notes
    -----
    Default calibration.  With :math:`a - \bar c = 60` and :math:`b = 1`, a symmetric Cournot
    firm among :math:`n` earns :math:`3600/(n+1)^2`, so with :math:`F = 100` free entry alone
    (λ = θ = 0, σ = 0) supports 5 clusters per industry while the second best has 2 — the
    Mankiw–Whinston business-stealing margin.  Officials' weights λ = 0.3 (local output value
    counts 30% on top of profit) and θ = 0.1 push entry further: 6-8 clusters per industry
    (56 in all) against the planner's 2-3 (20).  Spillovers (σ = 1, φ = 0.2: a cluster
    1,200 km away lowers a neighbour's cost by 0.6, 1.5% of the mean cost; at σ >= 2 the planner
    wants many clusters for their spillovers — with high φ it wants *more* than local competition
    builds, see the ``digital_coordination`` phase diagram — and the exact search becomes hard) make some
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
    spillover_form: str = "additive"
    trade_cost: float = 0.0
    phi_market: float = 0.0
    demand_intercept: float = 100.0
    demand_slope: float = 1.0
    fixed_cost: float = 100.0
    cost_mean: float = 40.0
    cost_dispersion: float = 0.25
    cost_seed: int = 20100
    budget: int | None = None
    quota: int | tuple[int, ...] | None = None
    regions: tuple[str, ...] | None = None
    base_costs: tuple[tuple[float, ...], ...] | None = None
    region_table: RegionTable | None = None

    @classmethod
    def from_regions(cls, table: Any, **fields: Any) -> Parameters:
        """Parameters for the regions of a user-supplied table (DataFrame, CSV path or :class:`RegionTable`).

        ``fields`` are any other fields; ``num_industries`` defaults to the table's number of
        cost columns when it has some.

        Examples
        --------
        >>> from coordgame.models.duplicate_construction import Parameters, solve_model
        >>> from coordgame.models.duplicate_construction.synthetic import synthetic_regions
        >>> p = Parameters.from_regions(synthetic_regions(12, seed=3), num_industries=20)
        >>> p.num_regions, p.num_industries
        (12, 20)
        >>> solve_model(p).metrics["excess_entry"] > 0
        True
        """
        table = load_region_table(table)
        if table.base_costs is not None:
            fields.setdefault("num_industries", len(table.base_costs[0]))
        return cls(region_table=table, **fields)

    def __post_init__(self) -> None:
        if self.region_table is not None:
            object.__setattr__(self, "region_table", load_region_table(self.region_table))
        known = _coordinates()[0] if self.region_table is None else self.region_table.names
        if self.regions is not None:
            names = tuple(str(n) for n in self.regions)
            unknown = [n for n in names if n not in set(known)]
            if unknown or not names or len(set(names)) != len(names):
                shown = list(known) if len(known) <= 40 else f"the {len(known)} names of region_table"
                raise InvalidArgumentError(f"regions: expected distinct names among {shown}, got {list(names)}")
            object.__setattr__(self, "regions", names)
            object.__setattr__(self, "num_regions", len(names))
        elif self.region_table is not None:
            object.__setattr__(self, "num_regions", self.region_table.num_regions)
        _check_int_range(self.num_regions, "num_regions", 1, len(known))
        positive_int(self.num_industries, "num_industries", minimum=1)
        if self.region_table is not None and self.region_table.base_costs is not None \
                and len(self.region_table.base_costs[0]) != self.num_industries:
            raise InvalidArgumentError(f"num_industries: the region table has {len(self.region_table.base_costs[0])} "
                                       f"cost columns, got num_industries={self.num_industries}")
        for name in ("lam", "theta", "sigma", "fixed_cost", "cost_mean", "cost_dispersion"):
            positive_float(getattr(self, name), name, allow_zero=True)
        _check_share(self.phi, "phi")
        one_of(self.spillover_form, "spillover_form", SPILLOVER_FORMS)
        positive_float(self.trade_cost, "trade_cost", allow_zero=True)
        _check_share(self.phi_market, "phi_market")
        if self.base_costs is not None:
            object.__setattr__(self, "base_costs", _checked_base_costs(self.base_costs, self.num_regions,
                                                                       self.num_industries))
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

    @property
    def segmented(self) -> bool:
        """Whether markets are regional (``trade_cost > 0`` and ``phi_market < 1``) rather than national."""
        return self.trade_cost > 0.0 and self.phi_market < 1.0

    def quota_vector(self) -> np.ndarray | None:
        """The quota as one integer per industry, or None."""
        if self.quota is None:
            return None
        values = np.atleast_1d(np.asarray(self.quota, dtype=np.int64))
        return np.broadcast_to(values, (self.num_industries,)).copy()


def industry_names(num_industries: int) -> tuple[str, ...]:
    """Names of the first ``num_industries`` industries: :data:`INDUSTRIES`, then "industry 9", "industry 10", ...

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import industry_names
    >>> industry_names(10)[-3:]
    ('Digital creative industries', 'industry 9', 'industry 10')
    """
    K = positive_int(num_industries, "num_industries", minimum=1)
    return INDUSTRIES[:K] + tuple(f"industry {k + 1}" for k in range(len(INDUSTRIES), K))


def load_cost_matrix(path: str, regions: Iterable[str] | None = None) -> tuple[tuple[float, ...], ...]:
    """Read a user-supplied base-cost matrix from a CSV file, validated, for ``Parameters(base_costs=...)``.

    The file has a ``region`` column (names as in
    :func:`~coordgame.models.duplicate_construction.load_regions`) and one column per industry
    (in the order of :data:`INDUSTRIES`, any names), with finite non-negative costs in the
    model's money unit per unit of output.  Rows are returned in the order of ``regions``
    (default: the data file's order, all 31 regions).

    Examples
    --------
    >>> import tempfile, os
    >>> from coordgame.models.duplicate_construction import Parameters, load_cost_matrix
    >>> path = os.path.join(tempfile.mkdtemp(), "costs.csv")
    >>> _ = open(path, "w").write("region,it,equipment\\nTianjin,35,44\\nBeijing,30,50\\n")
    >>> costs = load_cost_matrix(path, ["Beijing", "Tianjin"])
    >>> costs
    ((30.0, 50.0), (35.0, 44.0))
    >>> Parameters(regions=("Beijing", "Tianjin"), num_industries=2, base_costs=costs).base_costs[1]
    (35.0, 44.0)
    """
    import pandas as pd

    try:
        frame = pd.read_csv(path)
    except (OSError, ValueError) as error:
        raise InvalidArgumentError(f"path: cannot read a cost matrix from {path!r}: {error}") from None
    if "region" not in frame.columns or frame.shape[1] < 2 or frame["region"].duplicated().any():
        raise InvalidArgumentError(f"path: expected a 'region' column (distinct names) and one column per industry, "
                                   f"got columns {list(frame.columns)}")
    names = list(_coordinates()[0]) if regions is None else [str(r) for r in regions]
    missing = [n for n in names if n not in set(frame["region"])]
    if missing:
        raise InvalidArgumentError(f"path: the cost matrix has no row for {missing}")
    matrix = frame.set_index("region").loc[names]
    try:
        values = matrix.to_numpy(dtype=float)
    except ValueError:
        raise InvalidArgumentError(f"path: non-numeric costs in {path!r}") from None
    return _checked_base_costs(values, len(names), values.shape[1])


def _check_share(value: Any, name: str) -> None:
    try:
        ok = positive_float(value, name, allow_zero=True) <= 1.0
    except InvalidArgumentError:
        ok = False
    if not ok:
        raise InvalidArgumentError(f"{name}: expected a number in [0, 1], got {value!r}")


def _checked_base_costs(values: Any, num_regions: int, num_industries: int) -> tuple[tuple[float, ...], ...]:
    """A (num_regions, num_industries) matrix of finite non-negative costs, as a tuple of tuples."""
    try:
        matrix = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise InvalidArgumentError(f"base_costs: expected a matrix of numbers, got {values!r}") from None
    if matrix.shape != (num_regions, num_industries) or not np.isfinite(matrix).all() or (matrix < 0).any():
        raise InvalidArgumentError(f"base_costs: expected a ({num_regions}, {num_industries}) matrix of finite "
                                   f"non-negative costs, got shape {matrix.shape}")
    return tuple(tuple(float(v) for v in row) for row in matrix)


def _check_int_range(value: Any, name: str, low: int, high: int) -> None:
    try:
        ok = positive_int(value, name, minimum=low) <= high
    except InvalidArgumentError:
        ok = False
    if not ok:
        raise InvalidArgumentError(f"{name}: expected an integer {low}..{high}, got {value!r}")
