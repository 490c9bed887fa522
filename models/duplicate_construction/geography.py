"""Where the regions are: the calibration data (provincial capitals), distances and spillover weights."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import as_file, files
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["EARTH_RADIUS_KM", "load_regions", "great_circle_km", "spillover_weights"]

#: The regions' data file, inside the package ``coordgame.models.data`` (see ``SOURCES.md`` there).
DATA_FILE = files("coordgame.models.data").joinpath("china_provincial_capitals.csv")

EARTH_RADIUS_KM = 6371.0


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

    with as_file(DATA_FILE) as path:
        return pd.read_csv(path)


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


def spillover_weights(distances: np.ndarray, half_distance_km: float, phi: float) -> np.ndarray:
    r"""Spillover weights :math:`w_{rr'} = (1-\varphi)\, 2^{-d_{rr'}/h} + \varphi`, zero on the diagonal.

    A geographic part that halves every ``half_distance_km`` (:math:`h`) and a share ``phi``
    (:math:`\varphi`) carried by digital space regardless of distance.

    Parameters
    ----------
    distances : ndarray (R, R)
        Distances in km (:func:`great_circle_km`).
    half_distance_km : float
        :math:`h > 0`.
    phi : float
        :math:`\varphi \in [0, 1]`.

    Examples
    --------
    >>> import numpy as np
    >>> from coordgame.models.duplicate_construction import spillover_weights
    >>> spillover_weights(np.array([[0.0, 1200.0], [1200.0, 0.0]]), 1200.0, 0.2).tolist()
    [[0.0, 0.6], [0.6, 0.0]]
    """
    weights = (1 - phi) * np.exp2(-np.asarray(distances, dtype=float) / half_distance_km) + phi
    np.fill_diagonal(weights, 0.0)
    return weights
