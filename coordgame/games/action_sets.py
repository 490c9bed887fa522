r"""Closed convex action sets of continuous games: boxes, scaled simplices, and any convex set given by
its Euclidean projection (used by :class:`~coordgame.ContinuousGame`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from coordgame._checks import positive_float, positive_int
from coordgame.errors import InvalidGameError
from coordgame.tolerances import PROBABILITY_TOL, check_tolerance

__all__ = ["ActionSet", "Box", "Simplex", "ConvexSet"]


class ActionSet:
    """A closed convex action set of dimension ``dim`` with a Euclidean projection.

    Examples
    --------
    >>> from coordgame.games.action_sets import Box
    >>> box = Box([0.0, 0.0], [1.0, 2.0])  # a concrete action set
    >>> box.dim, box.project([3.0, -1.0]).tolist(), box.contains([0.5, 1.5])
    (2, [1.0, 0.0], True)
    """

    dim: int

    def project(self, x: np.ndarray) -> np.ndarray:  # pragma: no cover - interface
        """Euclidean projection of ``x`` (shape ``(..., dim)``) onto the set."""
        raise NotImplementedError

    def contains(self, x: Any, *, tol: float = PROBABILITY_TOL) -> bool:
        """Whether ``x`` lies in the set within ``tol`` (absolute, in the strategies' unit)."""
        tol = check_tolerance(tol, "tol")
        x = np.asarray(x, dtype=float)
        return bool(np.all(np.isfinite(x))) and float(np.abs(self.project(x) - x).max()) <= tol

    def center(self) -> np.ndarray:
        """A default starting point inside the set."""
        return self.project(np.zeros(self.dim))

    def sample(self, rng: np.random.Generator, around: np.ndarray) -> np.ndarray:
        """A random point of the set near ``around`` (used for multi-start searches)."""
        width = max(1.0, float(np.abs(around).max()))
        return self.project(around + rng.normal(scale=width, size=self.dim))

    def projection_jacobian(self, z: np.ndarray) -> np.ndarray | None:
        """An element of the generalised Jacobian of the projection at ``z`` (None if unknown)."""
        return None


class Box(ActionSet):
    """The box :math:`\\{x \\in \\mathbb{R}^d : l \\le x \\le u\\}`; bounds may be infinite.

    Examples
    --------
    >>> from coordgame.games.action_sets import Box
    >>> Box(0, 1).project([1.5]).tolist(), Box([0, 0], [1, float("inf")]).project([-1, 7]).tolist()
    ([1.0], [0.0, 7.0])
    """

    def __init__(self, lower: Any = -np.inf, upper: Any = np.inf, dim: int | None = None):
        lo = np.atleast_1d(np.asarray(lower, dtype=float))
        hi = np.atleast_1d(np.asarray(upper, dtype=float))
        size = dim if dim is not None else max(lo.size, hi.size)
        try:
            lo, hi = np.broadcast_to(lo, (size,)).copy(), np.broadcast_to(hi, (size,)).copy()
        except ValueError:
            raise InvalidGameError(f"Box: lower {lo.tolist()} and upper {hi.tolist()} have incompatible shapes") from None
        if size < 1 or np.any(np.isnan(lo)) or np.any(np.isnan(hi)) or np.any(lo > hi) or np.any(lo == np.inf) \
                or np.any(hi == -np.inf):
            raise InvalidGameError(f"Box: expected lower <= upper (not NaN), got lower={lo.tolist()}, upper={hi.tolist()}")
        self.lower, self.upper, self.dim = lo, hi, int(size)

    def __repr__(self) -> str:
        return f"Box(lower={self.lower.tolist()}, upper={self.upper.tolist()})"

    def project(self, x: Any) -> np.ndarray:
        return np.clip(np.asarray(x, dtype=float), self.lower, self.upper)

    def center(self) -> np.ndarray:
        finite_lo, finite_hi = np.isfinite(self.lower), np.isfinite(self.upper)
        return np.where(finite_lo & finite_hi, 0.5 * (self.lower + self.upper),
                        np.where(finite_lo, self.lower, np.where(finite_hi, self.upper, 0.0)))

    def sample(self, rng: np.random.Generator, around: np.ndarray) -> np.ndarray:
        width = np.maximum(1.0, np.abs(around))
        lo = np.where(np.isfinite(self.lower), self.lower, around - width)
        hi = np.where(np.isfinite(self.upper), self.upper, around + width)
        return rng.uniform(lo, hi)

    def projection_jacobian(self, z: np.ndarray) -> np.ndarray:
        return np.diag(((z > self.lower) & (z < self.upper)).astype(float))


def _project_simplex_rows(z: np.ndarray, total: float) -> np.ndarray:
    """Project each row of ``z`` onto ``{x >= 0, sum x = total}`` (sort-based, Held et al. 1974)."""
    z = np.atleast_2d(z)
    u = -np.sort(-z, axis=1)
    cumulative = np.cumsum(u, axis=1) - total
    k = np.arange(1, z.shape[1] + 1)
    rho = np.count_nonzero(u - cumulative / k > 0, axis=1)
    theta = cumulative[np.arange(z.shape[0]), rho - 1] / rho
    return np.maximum(z - theta[:, None], 0.0)


class Simplex(ActionSet):
    """The scaled simplex :math:`\\{x \\in \\mathbb{R}^d : x \\ge 0, \\sum_k x_k = s\\}`.

    Examples
    --------
    >>> from coordgame.games.action_sets import Simplex
    >>> Simplex(3).project([0.5, 0.5, 0.5]).round(6).tolist()
    [0.333333, 0.333333, 0.333333]
    """

    def __init__(self, dim: int, total: float = 1.0):
        self.dim = positive_int(dim, "dim")
        self.total = positive_float(total, "total")

    def __repr__(self) -> str:
        return f"Simplex(dim={self.dim}, total={self.total})"

    def project(self, x: Any) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        out = _project_simplex_rows(x.reshape(-1, self.dim), self.total)
        return out.reshape(x.shape)

    def center(self) -> np.ndarray:
        return np.full(self.dim, self.total / self.dim)

    def sample(self, rng: np.random.Generator, around: np.ndarray) -> np.ndarray:
        return self.total * rng.dirichlet(np.ones(self.dim))

    def projection_jacobian(self, z: np.ndarray) -> np.ndarray:
        support = (self.project(z) > 0).astype(float)
        return np.diag(support) - np.outer(support, support) / support.sum()


class ConvexSet(ActionSet):
    """A general closed convex set given by its Euclidean projection.

    Parameters
    ----------
    project : callable
        ``project(x) -> ndarray`` of shape ``(dim,)``: the nearest point of the set to ``x``.
    dim : int
    name : str, optional

    Examples
    --------
    >>> import numpy as np
    >>> from coordgame.games.action_sets import ConvexSet
    >>> disc = ConvexSet(lambda x: x / max(1.0, np.linalg.norm(x)), dim=2, name="unit disc")
    >>> disc.project([3.0, 4.0]).tolist(), disc.contains([0.6, 0.8])
    ([0.6, 0.8], True)
    """

    def __init__(self, project: Callable[[np.ndarray], Any], dim: int, name: str = "convex set"):
        if not callable(project):
            raise InvalidGameError(f"ConvexSet: project must be callable, got {type(project).__name__}")
        self._project, self.dim, self.name = project, positive_int(dim, "dim"), str(name)

    def __repr__(self) -> str:
        return f"ConvexSet({self.name!r}, dim={self.dim})"

    def project(self, x: Any) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        if x.ndim == 2:
            return np.array([self.project(row) for row in x])
        out = np.asarray(self._project(x.copy()), dtype=float).reshape(-1)
        if out.shape != (self.dim,) or not np.all(np.isfinite(out)):
            raise InvalidGameError(f"ConvexSet {self.name!r}: project returned {out!r}, expected {self.dim} finite numbers")
        return out


def _as_action_set(spec: Any, i: int) -> ActionSet:
    if isinstance(spec, ActionSet):
        return spec
    if isinstance(spec, tuple) and len(spec) == 2:
        return Box(*spec)
    raise InvalidGameError(f"action_sets[{i}]: expected a Box, Simplex, ConvexSet or a (lower, upper) pair, got {spec!r}")
