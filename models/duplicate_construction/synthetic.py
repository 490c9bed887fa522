r"""Seeded synthetic economies of any size, for tests and benchmarks of the planner at national scale.

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

import numpy as np

from coordgame._checks import positive_int

from .economy import Economy
from .geography import great_circle_km, spillover_weights
from .parameters import Parameters

__all__ = ["synthetic_economy"]

#: The box the synthetic regions are drawn in: (latitude, longitude) ranges in degrees (assumption).
SYNTHETIC_BOX = ((22.0, 42.0), (98.0, 122.0))


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
