r"""Seeded synthetic regions and economies of any size, for tests and benchmarks at national scale.

:func:`synthetic_regions` returns a region table (name, longitude, latitude, size) for
:meth:`Parameters.from_regions`, so that every regime of the model (:func:`solve_model`) runs
on, say, 300 synthetic "prefecture-level cities": locations uniform in the box below, sizes
log-normal with median 300 and log-standard deviation 0.8 (10,000 persons; an *assumption* of
roughly the spread of Chinese prefecture-level cities' populations, not data).  The same seed
gives the same locations as :func:`synthetic_economy`.

:func:`synthetic_economy` places :math:`R` regions uniformly at random in the box of longitudes
98°–122° E and latitudes 22°–42° N (an *assumption*: roughly where China's prefecture-level
cities lie; no real city data), draws base costs as the model does,
:math:`\bar c_{rk} = \bar c\, e^{s z_{rk} - s^2/2}` with :math:`z_{rk}` standard normal, and builds
distances and spillover weights with the model's own functions.  Everything else (demand,
fixed cost, σ, φ, h, budget) comes from a :class:`Parameters`; its ``num_regions`` and
``num_industries`` are ignored (the economy has ``num_regions`` × ``num_industries`` of its own,
beyond the 31 × 8 that ``Parameters`` accepts).  The result is an :class:`Economy` that the
planners (:func:`second_best`, :func:`first_best`) and the welfare functions accept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from coordgame._checks import positive_int

from .economy import Economy
from .geography import great_circle_km, spillover_weights
from .parameters import Parameters

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["synthetic_economy", "synthetic_regions"]

#: The box the synthetic regions are drawn in: (latitude, longitude) ranges in degrees (assumption).
SYNTHETIC_BOX = ((22.0, 42.0), (98.0, 122.0))


#: Median and log-standard deviation of the synthetic size measure (10,000 persons; assumption).
SYNTHETIC_SIZE = (300.0, 0.8)


def synthetic_regions(num_regions: int, *, seed: int = 0) -> pd.DataFrame:
    """A seeded random region table: columns ``name``, ``longitude``, ``latitude``, ``size``.

    Parameters
    ----------
    num_regions : int
        Any positive number (e.g. 300, about China's number of prefecture-level cities).
    seed : int, default 0

    Returns
    -------
    pandas.DataFrame
        For :meth:`Parameters.from_regions` (base costs are then drawn from ``cost_seed``).

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy
    >>> from coordgame.models.duplicate_construction.synthetic import synthetic_regions
    >>> table = synthetic_regions(300, seed=1)
    >>> list(table.columns), len(table)
    (['name', 'longitude', 'latitude', 'size'], 300)
    >>> build_economy(Parameters.from_regions(table, num_industries=64)).base_cost.shape
    (300, 64)
    """
    import pandas as pd

    R = positive_int(num_regions, "num_regions")
    rng = np.random.default_rng(positive_int(seed, "seed", minimum=0))
    (lat_lo, lat_hi), (lon_lo, lon_hi) = SYNTHETIC_BOX
    lat, lon = rng.uniform(lat_lo, lat_hi, R), rng.uniform(lon_lo, lon_hi, R)
    median, spread = SYNTHETIC_SIZE
    size = median * np.exp(spread * rng.standard_normal(R))
    return pd.DataFrame({"name": [f"city {i + 1}" for i in range(R)], "longitude": lon, "latitude": lat,
                         "size": size})


def synthetic_economy(num_regions: int, num_industries: int, *, seed: int = 0,
                      params: Parameters | None = None) -> Economy:
    """A seeded random economy of ``num_regions`` regions and ``num_industries`` industries.

    Parameters
    ----------
    num_regions, num_industries : int
        Any positive sizes.
    seed : int, default 0
        Seed of the locations and base costs (the same seed gives the same economy).
    params : Parameters, optional
        Demand, costs, spillovers and budget (default ``Parameters()``).

    Returns
    -------
    Economy

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import second_best
    >>> from coordgame.models.duplicate_construction.synthetic import synthetic_economy
    >>> e = synthetic_economy(40, 12, seed=1)
    >>> e.base_cost.shape, e.regions[:2]
    ((40, 12), ('region 1', 'region 2'))
    >>> x, info = second_best(e)
    >>> x.shape, info["relative_gap"] <= 1e-3
    ((40, 12), True)
    """
    R = positive_int(num_regions, "num_regions")
    K = positive_int(num_industries, "num_industries")
    seed = positive_int(seed, "seed", minimum=0)
    p = Parameters() if params is None else params
    rng = np.random.default_rng(seed)
    (lat_lo, lat_hi), (lon_lo, lon_hi) = SYNTHETIC_BOX
    coords = np.column_stack([rng.uniform(lat_lo, lat_hi, R), rng.uniform(lon_lo, lon_hi, R)])
    s = p.cost_dispersion
    base = p.cost_mean * np.exp(s * rng.standard_normal((R, K)) - s * s / 2)
    distances = great_circle_km(coords)
    weights = spillover_weights(distances, p.half_distance_km, p.phi)
    for a in (base, weights, distances):
        a.setflags(write=False)
    names = tuple(f"region {i + 1}" for i in range(R))
    industries = tuple(f"industry {k + 1}" for k in range(K))
    return Economy(p, names, industries, base, weights, distances)
