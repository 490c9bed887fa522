"""Where the regions are: the calibration data (provincial capitals), distances and spillover weights."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import as_file, files
from typing import TYPE_CHECKING

import numpy as np

from coordgame._checks import one_of, positive_float
from coordgame.errors import InvalidArgumentError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["EARTH_RADIUS_KM", "load_regions", "great_circle_km", "spillover_weights"]

#: The regions' data file, inside the package ``coordgame.models.data`` (see ``SOURCES.md`` there).
DATA_FILE = files("coordgame.models.data").joinpath("china_provincial_capitals.csv")

EARTH_RADIUS_KM = 6371.0


def load_regions() -> pd.DataFrame:
    """The 31 provincial-level regions with their capitals' coordinates (degrees).

    Columns: ``code`` (GB/T 2260), ``region``, ``capital``, ``latitude``, ``longitude``,
    ``population_10k_2020`` (resident population at the 2020 census, 10,000 persons: the size
    of the region's market when markets are segmented); rows in code order, which is the order
    ``Parameters.num_regions`` truncates.  Sources and units: ``models/data/SOURCES.md``.

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import load_regions
    >>> regions = load_regions()
    >>> len(regions), regions.region.iloc[0], regions.capital.iloc[-1]
    (31, 'Beijing', 'Urumqi')
    """
    import pandas as pd

    with as_file(DATA_FILE) as path:
        return pd.read_csv(path)


@lru_cache(maxsize=1)
def _coordinates() -> tuple[tuple[str, ...], np.ndarray]:
    frame = load_regions()
    return tuple(frame.region), frame[["latitude", "longitude"]].to_numpy(dtype=float)


@lru_cache(maxsize=1)
def _populations() -> np.ndarray:
    return load_regions()["population_10k_2020"].to_numpy(dtype=float)


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


def spillover_weights(distances: np.ndarray, half_distance_km: float, phi: float,
                      form: str = "additive") -> np.ndarray:
    r"""Spillover weights, zero on the diagonal, in one of two forms.

    ``"additive"``: :math:`w_{rr'} = (1-\varphi)\, 2^{-d_{rr'}/h} + \varphi` — a geographic
    part that halves every ``half_distance_km`` (:math:`h`) and a share ``phi``
    (:math:`\varphi`) carried by digital space regardless of distance.  Raising φ raises every
    weight (the mean off-diagonal weight :math:`\bar w` goes from :math:`\bar g` to 1,
    :math:`g_{rr'} = 2^{-d_{rr'}/h}`): more reach *and* a higher level of spillovers.

    ``"mean_preserving"``: the additive kernel rescaled so that its mean off-diagonal weight
    stays at the geographic mean :math:`\bar g` for every φ,

    .. math:: w_{rr'} = \frac{\bar g}{(1-\varphi)\bar g + \varphi}\,
              \big((1-\varphi)\, 2^{-d_{rr'}/h} + \varphi\big):

    raising φ flattens the kernel (distant regions learn more, near ones less) without
    changing the total amount of spillover — reach without level.  At φ = 0 both forms agree;
    at φ = 1 every weight is :math:`\bar g`.

    Parameters
    ----------
    distances : ndarray (R, R)
        Distances in km (:func:`great_circle_km`).
    half_distance_km : float
        :math:`h > 0`.
    phi : float
        :math:`\varphi \in [0, 1]`.
    form : {"additive", "mean_preserving"}, default "additive"

    Examples
    --------
    >>> import numpy as np
    >>> from coordgame.models.duplicate_construction import spillover_weights
    >>> spillover_weights(np.array([[0.0, 1200.0], [1200.0, 0.0]]), 1200.0, 0.2).tolist()
    [[0.0, 0.6], [0.6, 0.0]]
    >>> d = np.array([[0.0, 600.0, 2400.0], [600.0, 0.0, 1800.0], [2400.0, 1800.0, 0.0]])
    >>> [round(float(spillover_weights(d, 1200.0, f, "mean_preserving")[~np.eye(3, dtype=bool)].mean()), 6)
    ...  for f in (0.0, 0.5, 1.0)]
    [0.436887, 0.436887, 0.436887]
    """
    one_of(form, "form", ("additive", "mean_preserving"))
    distances = np.asarray(distances, dtype=float)
    if distances.ndim != 2 or distances.shape[0] != distances.shape[1]:
        raise InvalidArgumentError(f"distances: expected a square matrix, got shape {distances.shape}")
    positive_float(half_distance_km, "half_distance_km")
    if not 0.0 <= float(phi) <= 1.0:
        raise InvalidArgumentError(f"phi: expected a number in [0, 1], got {phi!r}")
    geographic = np.exp2(-distances / half_distance_km)
    weights = (1 - phi) * geographic + phi
    np.fill_diagonal(weights, 0.0)
    n = distances.shape[0]
    if form == "mean_preserving" and n > 1:
        off = ~np.eye(n, dtype=bool)
        weights *= geographic[off].mean() / weights[off].mean()
    return weights
