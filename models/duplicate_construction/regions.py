r"""Regions from a user-supplied table: any number of places (e.g. ~300 prefecture-level cities).

A region table has one row per region and the columns

* ``name`` (or ``region``): distinct, non-empty names;
* ``longitude``, ``latitude``: degrees (east and north positive), of the place whose distances
  define the spillover weights :math:`w_{rr'}` and delivery costs;
* ``size``: a positive size measure (e.g. resident population), the region's share of national
  demand when markets are segmented (:attr:`Parameters.segmented`) — only relative sizes matter;
* optionally cost columns ``cost_1``, ``cost_2``, ... (any names beginning with ``cost``, in
  column order): the base marginal costs :math:`\bar c_{rk}` of the region's industries
  (finite, non-negative), replacing the seeded draw.  Their number fixes ``num_industries``.

:func:`load_region_table` reads a pandas DataFrame or a CSV path into a validated, hashable
:class:`RegionTable` (tuples), which ``Parameters(region_table=...)`` stores (so sweeps can
vary every other field while the table stays fixed).  Without cost columns the base costs are
drawn as for the provincial capitals, :math:`\bar c_{rk} = \bar c\, e^{s z_{rk} - s^2/2}`, with
column k of :math:`z` drawn from ``cost_seed`` and k (so a region keeps its costs when rows are
appended or industries added).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from coordgame.errors import InvalidArgumentError

__all__ = ["RegionTable", "load_region_table"]

REQUIRED = ("longitude", "latitude", "size")


@dataclass(frozen=True)
class RegionTable:
    """A validated region table (see :mod:`~coordgame.models.duplicate_construction.regions`).

    Attributes
    ----------
    names : tuple of str
    longitude, latitude : tuple of float
        Degrees.
    size : tuple of float
        Positive size measures (market shares are ``size / sum(size)``).
    base_costs : tuple of tuples of float, optional
        One row per region, one column per industry.

    Examples
    --------
    >>> import pandas as pd
    >>> from coordgame.models.duplicate_construction import load_region_table
    >>> table = load_region_table(pd.DataFrame({"name": ["A", "B"], "longitude": [116.4, 121.5],
    ...                                         "latitude": [39.9, 31.2], "size": [2189, 2487]}))
    >>> table.names, table.num_regions, table.base_costs is None
    (('A', 'B'), 2, True)
    """

    names: tuple[str, ...]
    longitude: tuple[float, ...]
    latitude: tuple[float, ...]
    size: tuple[float, ...]
    base_costs: tuple[tuple[float, ...], ...] | None = None

    @property
    def num_regions(self) -> int:
        """Number of rows."""
        return len(self.names)

    @property
    def coordinates(self) -> np.ndarray:
        """(latitude, longitude) rows in degrees, shape (R, 2)."""
        return np.column_stack([self.latitude, self.longitude]).astype(float)

    def __repr__(self) -> str:
        costs = f", {len(self.base_costs[0])} cost columns" if self.base_costs is not None else ""
        return f"RegionTable({self.num_regions} regions{costs})"


def _read(table: Any) -> Any:
    import pandas as pd

    if isinstance(table, pd.DataFrame):
        return table
    if isinstance(table, (str, bytes)) or hasattr(table, "__fspath__"):
        try:
            return pd.read_csv(table)
        except (OSError, ValueError) as error:
            raise InvalidArgumentError(f"table: cannot read a region table from {table!r}: {error}") from None
    raise InvalidArgumentError(f"table: expected a pandas DataFrame, a CSV path or a RegionTable, "
                               f"got {type(table).__name__}")


def _column(frame: Any, name: str) -> np.ndarray:
    try:
        values = frame[name].to_numpy(dtype=float)
    except (TypeError, ValueError):
        raise InvalidArgumentError(f"table: column {name!r} must be numeric") from None
    if not np.isfinite(values).all():
        raise InvalidArgumentError(f"table: column {name!r} has missing or non-finite values")
    return values


def load_region_table(table: Any) -> RegionTable:
    """A validated :class:`RegionTable` from a pandas DataFrame, a CSV path, or a RegionTable.

    Raises :class:`~coordgame.errors.InvalidArgumentError` naming ``table`` and the offending
    column: a missing column, duplicate or empty names, non-numeric or non-finite values,
    latitudes outside [-90, 90], longitudes outside [-180, 180], sizes not positive, negative
    costs, or no rows.

    Examples
    --------
    >>> import os, tempfile
    >>> from coordgame.models.duplicate_construction import Parameters, load_region_table, solve_model
    >>> path = os.path.join(tempfile.mkdtemp(), "cities.csv")
    >>> _ = open(path, "w").write("name,longitude,latitude,size,cost_1,cost_2\\n"
    ...                           "Wuhan,114.3,30.6,1233,38,44\\nChangsha,113.0,28.2,1005,41,36\\n"
    ...                           "Nanchang,115.9,28.7,626,45,40\\n")
    >>> table = load_region_table(path)
    >>> table.names, table.base_costs[1]
    (('Wuhan', 'Changsha', 'Nanchang'), (41.0, 36.0))
    >>> p = Parameters.from_regions(path)
    >>> p.num_regions, p.num_industries
    (3, 2)
    """
    if isinstance(table, RegionTable):
        frame = None
        names, lon, lat, size = table.names, table.longitude, table.latitude, table.size
        costs = None if table.base_costs is None else np.array(table.base_costs, dtype=float)
    else:
        frame = _read(table)
        name_column = "name" if "name" in frame.columns else "region" if "region" in frame.columns else None
        missing = [c for c in REQUIRED if c not in frame.columns] + ([] if name_column else ["name"])
        if missing:
            raise InvalidArgumentError(f"table: missing column(s) {missing}; expected name, longitude, latitude, "
                                       f"size and optional cost_* columns, got {list(frame.columns)}")
        names = tuple(str(n).strip() for n in frame[name_column])
        lon, lat, size = (tuple(float(v) for v in _column(frame, c)) for c in ("longitude", "latitude", "size"))
        cost_columns = [c for c in frame.columns if str(c).lower().startswith("cost")]
        costs = np.column_stack([_column(frame, c) for c in cost_columns]) if cost_columns else None
    _check_values(names, np.asarray(lon, dtype=float), np.asarray(lat, dtype=float), np.asarray(size, dtype=float),
                  costs)
    base = None if costs is None else tuple(tuple(float(v) for v in row) for row in costs)
    return RegionTable(tuple(names), tuple(float(v) for v in lon), tuple(float(v) for v in lat),
                       tuple(float(v) for v in size), base)


def _check_values(names: tuple[str, ...], lon: np.ndarray, lat: np.ndarray, size: np.ndarray,
                  costs: np.ndarray | None) -> None:
    if not names:
        raise InvalidArgumentError("table: expected at least one region, got no rows")
    if any(not n or n.lower() == "nan" for n in names) or len(set(names)) != len(names):
        raise InvalidArgumentError("table: column 'name' must hold distinct, non-empty names")
    checks = [(lon.shape == (len(names),) and bool(np.all(np.abs(lon) <= 180)), "longitude", "in [-180, 180]"),
              (lat.shape == (len(names),) and bool(np.all(np.abs(lat) <= 90)), "latitude", "in [-90, 90]"),
              (size.shape == (len(names),) and bool(np.all(size > 0)), "size", "positive")]
    for ok, column, what in checks:
        if not ok:
            raise InvalidArgumentError(f"table: column {column!r} must be finite and {what}, one per region")
    if costs is not None and (costs.shape[0] != len(names) or not np.isfinite(costs).all() or (costs < 0).any()):
        raise InvalidArgumentError("table: cost columns must hold finite non-negative costs, one row per region")


def table_draw(seed: int, num_regions: int, num_industries: int) -> np.ndarray:
    """Standard normals z (R, K) for a region table: column k drawn from ``(seed, k)`` (stable as R or K grow)."""
    return np.column_stack([np.random.default_rng([seed, k]).standard_normal(num_regions)
                            for k in range(num_industries)]).reshape(num_regions, num_industries)
