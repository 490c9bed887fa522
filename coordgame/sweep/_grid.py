r"""The grid of a sweep: its points, their stable keys and their derived seeds.

A grid is either a dict of lists :math:`\{p_1: V_1, \dots, p_m: V_m\}`, meaning the cartesian
product :math:`V_1 \times \dots \times V_m` (the last parameter varies fastest), or a list of
dicts, meaning exactly those points.  A point's key is the first 16 hex digits of the SHA-256
of its canonical JSON text (keys sorted, numpy scalars turned into Python numbers), so it does
not depend on the order of the grid, the backend or the machine.  A point's seed is drawn from
``numpy.random.SeedSequence(base_seed, spawn_key=key)``: it depends only on the base seed and
the point.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import numbers
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from coordgame.errors import InvalidArgumentError

__all__ = ["expand_grid", "point_key", "derived_seed"]


def _plain(value: Any, name: str) -> Any:
    """Return ``value`` as a JSON-ready Python scalar (numpy scalars unwrapped)."""
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        x = float(value)
        if not math.isfinite(x):
            raise InvalidArgumentError(f"grid: parameter {name!r} has a non-finite value {value!r}")
        return x
    raise InvalidArgumentError(
        f"grid: parameter {name!r} must take numbers, strings, booleans or None, got {type(value).__name__} {value!r}"
    )


def _check_name(name: Any) -> str:
    if not isinstance(name, str) or not name.isidentifier():
        raise InvalidArgumentError(f"grid: parameter names must be Python identifiers, got {name!r}")
    return name


def expand_grid(grid: Mapping[str, Sequence[Any]] | Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """List the points of a grid.

    Parameters
    ----------
    grid : dict of lists or list of dicts
        ``{"a": [1, 2], "b": ["x"]}`` is the cartesian product (the last key varies fastest);
        ``[{"a": 1}, {"a": 5, "b": 2}]`` is an explicit list of points.

    Returns
    -------
    list of dict
        The points, each a dict of plain Python scalars.

    Raises
    ------
    InvalidArgumentError
        If the grid is empty, a value list is empty or not a list, a name is not an
        identifier, a value is not a scalar, or a point appears twice.

    Examples
    --------
    >>> expand_grid({"lam": [0.0, 0.5], "R": [5]})
    [{'lam': 0.0, 'R': 5}, {'lam': 0.5, 'R': 5}]
    >>> expand_grid([{"lam": 0.1}, {"lam": 0.2, "R": 3}])
    [{'lam': 0.1}, {'lam': 0.2, 'R': 3}]
    """
    if isinstance(grid, Mapping):
        points = _product_points(grid)
    elif isinstance(grid, Sequence) and not isinstance(grid, (str, bytes)):
        points = _explicit_points(grid)
    else:
        raise InvalidArgumentError(f"grid: expected a dict of lists or a list of dicts, got {type(grid).__name__}")
    if not points:
        raise InvalidArgumentError("grid: has no points")
    seen: dict[str, dict] = {}
    for point in points:
        key = point_key(point)
        if key in seen:
            raise InvalidArgumentError(f"grid: the point {point} appears more than once")
        seen[key] = point
    return points


def _product_points(grid: Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
    if not grid:
        return []
    names = [_check_name(name) for name in grid]
    axes = []
    for name in names:
        values = grid[name]
        if isinstance(values, (str, bytes)) or not isinstance(values, (Sequence, np.ndarray, range)):
            raise InvalidArgumentError(
                f"grid: the values of {name!r} must be a list (e.g. [{values!r}]), got {type(values).__name__}"
            )
        if len(values) == 0:
            raise InvalidArgumentError(f"grid: the values of {name!r} are empty")
        axes.append([_plain(v, name) for v in values])
    return [dict(zip(names, combo)) for combo in itertools.product(*axes)]


def _explicit_points(grid: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    points = []
    for j, point in enumerate(grid):
        if not isinstance(point, Mapping) or not point:
            raise InvalidArgumentError(f"grid[{j}]: expected a non-empty dict of parameter values, got {point!r}")
        points.append({_check_name(name): _plain(value, name) for name, value in point.items()})
    return points


def point_key(point: Mapping[str, Any]) -> str:
    """Stable 16-hex-digit key of a point: SHA-256 of its canonical JSON text.

    Examples
    --------
    >>> point_key({"b": 1, "a": 0.5}) == point_key({"a": 0.5, "b": 1})
    True
    >>> len(point_key({"a": 1}))
    16
    """
    text = json.dumps({k: _plain(v, k) for k, v in point.items()}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def derived_seed(base_seed: int, key: str) -> int:
    """Seed of the point with key ``key``: ``SeedSequence(base_seed, spawn_key=key)`` -> a 63-bit int.

    Examples
    --------
    >>> derived_seed(0, "00ff00ff00ff00ff") == derived_seed(0, "00ff00ff00ff00ff")
    True
    >>> derived_seed(0, "00ff00ff00ff00ff") != derived_seed(1, "00ff00ff00ff00ff")
    True
    """
    spawn_key = tuple(int(key[i : i + 8], 16) for i in range(0, len(key), 8))
    words = np.random.SeedSequence(base_seed, spawn_key=spawn_key).generate_state(2, dtype=np.uint32)
    return (int(words[0]) << 31) ^ int(words[1])
