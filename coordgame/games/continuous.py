r"""Games with continuous action sets (quantities, capacities, efforts, contributions).

Player :math:`i = 1, \dots, N` chooses :math:`x_i \in X_i \subset \mathbb{R}^{d_i}`, a closed
convex set: a box :math:`\{l \le x \le u\}` (bounds may be infinite), a scaled simplex
:math:`\{x \ge 0, \sum_k x_k = s\}`, or any convex set given by its Euclidean projection.  A
profile is stored as one flat vector :math:`x = (x_1, \dots, x_N) \in \mathbb{R}^D`,
:math:`D = \sum_i d_i`.  Payoffs :math:`u_i(x)` are given by one callable returning all *N* of
them; the **pseudo-gradient**

.. math:: F(x) = \big(\nabla_{x_1} u_1(x), \dots, \nabla_{x_N} u_N(x)\big) \in \mathbb{R}^D

(each player's gradient in its own action) is given analytically or computed by central finite
differences.  A Nash equilibrium is a solution of the variational inequality
:math:`\langle F(x^*), y - x^* \rangle \le 0` for all :math:`y \in X = \prod_i X_i` when every
:math:`u_i` is concave in :math:`x_i` (Rosen 1965), i.e. a zero of the natural residual
:math:`x - \Pi_X(x + F(x))`; the solvers are in :mod:`coordgame.solvers.continuous`.

*Vectorised callables.*  With ``vectorized=True`` the payoff (and gradient) callables also accept a
2-D array of profiles, one per row, and return one row per profile.  The game then evaluates the
:math:`N` unilateral deviations :math:`u_i(y_i, x_{-i})` needed for verification in one call, so
games with thousands of players need no Python loop over players.  Aggregative games can supply
``deviation_payoff(y, x)`` (all :math:`u_i(y_i, x_{-i})` at once) and ``deviation_gradient`` directly.

The constructors at the bottom build published examples with their closed forms:
:func:`cournot` (linear demand, heterogeneous costs), :func:`public_good_game`
(Bergstrom, Blume & Varian 1986), :func:`tullock_contest` (Tullock 1980) and :func:`team_effort`
(Holmström 1982).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from coordgame._checks import positive_float, positive_int
from coordgame.errors import InvalidArgumentError, InvalidGameError, InvalidProfileError

__all__ = [
    "ActionSet",
    "Box",
    "Simplex",
    "ConvexSet",
    "ContinuousGame",
    "cournot",
    "cournot_equilibrium",
    "public_good_game",
    "tullock_contest",
    "team_effort",
]


# --------------------------------------------------------------------------- action sets
class ActionSet:
    """A closed convex action set of dimension ``dim`` with a Euclidean projection."""

    dim: int

    def project(self, x: np.ndarray) -> np.ndarray:  # pragma: no cover - interface
        """Euclidean projection of ``x`` (shape ``(..., dim)``) onto the set."""
        raise NotImplementedError

    def contains(self, x: Any, *, tol: float = 1e-9) -> bool:
        """Whether ``x`` lies in the set within ``tol``."""
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
    >>> from coordgame.games.continuous import Box
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
    >>> from coordgame.games.continuous import Simplex
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
    >>> from coordgame.games.continuous import ConvexSet
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


# --------------------------------------------------------------------------- the game
class ContinuousGame:
    """An N-player game with continuous (convex) action sets.

    Parameters
    ----------
    action_sets : sequence
        One :class:`Box`, :class:`Simplex` or :class:`ConvexSet` per player; a pair
        ``(lower, upper)`` is a one-dimensional box.
    payoff : callable
        ``payoff(x) -> (N,)``: every player's payoff at the flat profile ``x`` (length ``D``).
        With ``vectorized=True`` also ``payoff(X) -> (K, N)`` for ``X`` of shape ``(K, D)``.
    gradient : callable, optional
        The pseudo-gradient ``gradient(x) -> (D,)`` (each player's payoff gradient in its own
        coordinates; ``(K, D) -> (K, D)`` when vectorised).  Default: central differences.
    jacobian : callable, optional
        ``jacobian(x) -> (D, D)``, the Jacobian of the pseudo-gradient (used by the Newton
        refinement), as an array or a ``scipy.sparse.linalg.LinearOperator`` (then the Newton
        systems of box-constrained games are solved matrix-free by GMRES, which keeps structured
        games with thousands of players cheap).  Default: central differences of the
        pseudo-gradient.
    vectorized : bool, default False
        Whether ``payoff`` and ``gradient`` accept 2-D batches of profiles.
    deviation_payoff, deviation_gradient : callable, optional
        ``deviation_payoff(y, x) -> (N,)``, the payoffs :math:`u_i(y_i, x_{-i})` of all unilateral
        deviations at once, and ``deviation_gradient(y, x) -> (D,)`` their gradients in ``y``.
        Default: built from ``payoff`` / ``gradient``.
    welfare_gradient : callable, optional
        ``welfare_gradient(x, w) -> (D,)``: the gradient of the weighted welfare
        :math:`\\sum_i w_i u_i(x)` in the *whole* profile (every player's effect on everyone, not
        only the own-action derivatives of the pseudo-gradient); used by
        :func:`coordgame.solvers.planner_optimum`.  Default: finite differences of the payoffs (central,
        one-sided at an active bound), all :math:`2D` shifted profiles in batched calls when vectorised.
    potential : callable, optional
        An exact potential :math:`\\Phi(x)` (Monderer & Shapley 1996), and optionally
        ``potential_gradient``; used by :func:`coordgame.solvers.potential_nash`.
    cvxpy_potential : callable, optional
        ``cvxpy_potential(v) -> expression``: the potential as a concave cvxpy expression of a
        cvxpy Variable ``v`` of length ``D``; then the potential is maximised with cvxpy.
    player_names : sequence of str, optional
    title : str, optional
    fd_step : float, default 1e-6
        Relative step of the central differences.

    Raises
    ------
    InvalidGameError
        If an action set is malformed, a callable is missing, or ``payoff`` does not return
        ``N`` finite numbers at the default starting profile.

    Examples
    --------
    >>> import numpy as np
    >>> import coordgame as cg
    >>> # Two firms, inverse demand 10 - Q, unit cost 1: the symmetric Cournot game.
    >>> g = cg.ContinuousGame([(0, 10), (0, 10)], lambda q: q * (10 - q.sum()) - q)
    >>> g.num_players, g.dim, g.payoffs([3, 3]).tolist()
    (2, 2, [9.0, 9.0])
    >>> g.pseudo_gradient([3, 3]).round(6).tolist()  # d u_i / d q_i = 9 - Q - q_i
    [0.0, 0.0]
    """

    def __init__(
        self,
        action_sets: Sequence[Any],
        payoff: Callable[[np.ndarray], Any],
        gradient: Callable[[np.ndarray], Any] | None = None,
        *,
        jacobian: Callable[[np.ndarray], Any] | None = None,
        vectorized: bool = False,
        deviation_payoff: Callable[[np.ndarray, np.ndarray], Any] | None = None,
        deviation_gradient: Callable[[np.ndarray, np.ndarray], Any] | None = None,
        welfare_gradient: Callable[[np.ndarray, np.ndarray], Any] | None = None,
        potential: Callable[[np.ndarray], Any] | None = None,
        potential_gradient: Callable[[np.ndarray], Any] | None = None,
        cvxpy_potential: Callable[[Any], Any] | None = None,
        player_names: Sequence[str] | None = None,
        title: str = "",
        fd_step: float = 1e-6,
    ) -> None:
        try:
            specs = list(action_sets)
        except TypeError:
            raise InvalidGameError(f"action_sets: expected one action set per player, got {action_sets!r}") from None
        if not specs:
            raise InvalidGameError("action_sets: a game needs at least one player")
        self.action_sets = tuple(_as_action_set(s, i) for i, s in enumerate(specs))
        for name, fn in [("payoff", payoff), ("gradient", gradient), ("jacobian", jacobian),
                         ("deviation_payoff", deviation_payoff), ("deviation_gradient", deviation_gradient),
                         ("welfare_gradient", welfare_gradient),
                         ("potential", potential), ("potential_gradient", potential_gradient),
                         ("cvxpy_potential", cvxpy_potential)]:
            if fn is not None and not callable(fn):
                raise InvalidGameError(f"{name}: expected a callable, got {type(fn).__name__}")
        if payoff is None:
            raise InvalidGameError("payoff: a callable returning every player's payoff is required")
        self._payoff, self._gradient, self._jacobian = payoff, gradient, jacobian
        self._deviation_payoff, self._deviation_gradient = deviation_payoff, deviation_gradient
        self._welfare_gradient = welfare_gradient
        self.potential, self.potential_gradient, self.cvxpy_potential = potential, potential_gradient, cvxpy_potential
        self.vectorized = bool(vectorized)
        self.fd_step = positive_float(fd_step, "fd_step")
        self.title = str(title)
        n = len(self.action_sets)
        if player_names is None:
            player_names = [f"Player {k + 1}" for k in range(n)]
        self.player_names = tuple(str(p) for p in player_names)
        if len(self.player_names) != n or len(set(self.player_names)) != n:
            raise InvalidGameError(f"player_names: expected {n} distinct names, got {list(self.player_names)}")
        dims = np.array([s.dim for s in self.action_sets])
        self.dims = tuple(int(d) for d in dims)
        self.owner = np.repeat(np.arange(n), dims)
        self._offsets = np.concatenate([[0], np.cumsum(dims)])
        self._all_boxes = all(isinstance(s, Box) for s in self.action_sets)
        if self._all_boxes:
            self._lower = np.concatenate([s.lower for s in self.action_sets])
            self._upper = np.concatenate([s.upper for s in self.action_sets])
            self._product_box = Box(self._lower, self._upper)
        start = self.center()
        values = np.asarray(self._payoff(start), dtype=float)
        if values.shape != (n,) or not np.all(np.isfinite(values)):
            raise InvalidGameError(f"payoff: expected {n} finite payoffs at the profile {start.tolist()}, got {values!r}")

    # ------------------------------------------------------------------ structure
    @property
    def num_players(self) -> int:
        """Number of players *N*."""
        return len(self.action_sets)

    @property
    def dim(self) -> int:
        """Length *D* of a flat profile."""
        return int(self._offsets[-1])

    @property
    def all_boxes(self) -> bool:
        """Whether every action set is a box (then projections and searches are fully vectorised)."""
        return self._all_boxes

    def __repr__(self) -> str:
        title = f" {self.title!r}" if self.title else ""
        return f"ContinuousGame{title}({self.num_players} players, dim {self.dim})"

    def split(self, x: Any) -> tuple[np.ndarray, ...]:
        """The per-player blocks of a flat profile."""
        x = np.asarray(x, dtype=float)
        return tuple(x[..., lo:hi] for lo, hi in zip(self._offsets[:-1], self._offsets[1:]))

    def as_profile(self, x: Any, *, tol: float = 1e-9) -> np.ndarray:
        """Validate a profile (flat vector or one block per player) and return it flat.

        Raises ``InvalidProfileError`` if it has the wrong length, is not finite, or leaves an
        action set by more than ``tol``.
        """
        try:
            if isinstance(x, (list, tuple)) and len(x) == self.num_players and self.dim != self.num_players:
                flat = np.concatenate([np.atleast_1d(np.asarray(b, dtype=float)) for b in x])
            else:
                flat = np.asarray(x, dtype=float).reshape(-1)
        except (TypeError, ValueError):
            raise InvalidProfileError(f"profile: expected {self.dim} numbers, got {x!r}") from None
        if flat.shape != (self.dim,) or not np.all(np.isfinite(flat)):
            raise InvalidProfileError(f"profile: expected {self.dim} finite numbers, got {np.asarray(x).tolist()}")
        if float(np.abs(self.project(flat) - flat).max()) > tol * max(1.0, float(np.abs(flat).max())):
            raise InvalidProfileError(f"profile: {flat.tolist()} is outside the action sets")
        return flat

    def project(self, x: Any) -> np.ndarray:
        """Project a flat profile (or a ``(K, D)`` batch) onto the product of the action sets."""
        x = np.asarray(x, dtype=float)
        if self._all_boxes:
            return np.clip(x, self._lower, self._upper)
        return np.concatenate([s.project(b) for s, b in zip(self.action_sets, self.split(x))], axis=-1)

    def center(self) -> np.ndarray:
        """A default starting profile (box midpoints / finite bounds, simplex barycentres)."""
        return np.concatenate([s.center() for s in self.action_sets])

    def sample(self, rng: np.random.Generator, around: np.ndarray) -> np.ndarray:
        """A random profile of the action sets near ``around``."""
        if self._all_boxes:
            return Box.sample(self._product_box, rng, np.asarray(around, dtype=float))
        return np.concatenate([s.sample(rng, b) for s, b in zip(self.action_sets, self.split(around))])

    def free_coordinates(self, z: np.ndarray) -> np.ndarray:
        """For an all-box game: mask of the coordinates of ``z`` strictly inside their bounds."""
        return (z > self._lower) & (z < self._upper)

    def projection_jacobian(self, z: np.ndarray) -> np.ndarray | None:
        """A generalised Jacobian of the projection at ``z`` (None when a set cannot give one)."""
        if self._all_boxes:
            return np.diag(self.free_coordinates(z).astype(float))
        blocks = [s.projection_jacobian(b) for s, b in zip(self.action_sets, self.split(z))]
        if any(b is None for b in blocks):
            return None
        from scipy.linalg import block_diag

        return block_diag(*blocks)

    # ------------------------------------------------------------------ payoffs and derivatives
    def payoffs(self, x: Any) -> np.ndarray:
        """Every player's payoff at the flat profile ``x``."""
        return np.asarray(self._payoff(np.asarray(x, dtype=float)), dtype=float)

    def welfare(self, x: Any, weights: Any = None) -> float:
        """Utilitarian (or ``weights``-weighted) welfare :math:`\\sum_i w_i u_i(x)`."""
        values = self.payoffs(x)
        return float(values.sum() if weights is None else np.asarray(weights, dtype=float) @ values)

    def welfare_gradient(self, x: Any, weights: Any = None) -> np.ndarray:
        """Gradient of the weighted welfare :math:`\\sum_i w_i u_i` in the whole profile (length *D*).

        The game's analytic ``welfare_gradient`` when it has one, else finite differences of the
        payoffs (central inside the box, one-sided at an active bound): the :math:`2D` shifted
        profiles go to a vectorised payoff in blocks of at most about four million numbers,
        otherwise one call each.

        Examples
        --------
        >>> import coordgame as cg
        >>> g = cg.games.cournot(10, 1, [1, 2])  # d/dq_k: P - c_k - Q = 10 - 2Q - c_k
        >>> g.welfare_gradient([2, 3]).tolist()
        [-1.0, -2.0]
        """
        x = np.asarray(x, dtype=float)
        w = np.ones(self.num_players) if weights is None else np.asarray(weights, dtype=float)
        if self._welfare_gradient is not None:
            return np.asarray(self._welfare_gradient(x, w), dtype=float)
        if self.vectorized:
            return self._difference_gradient(lambda X: np.asarray(self._payoff(X), dtype=float) @ w, x, batched=True)
        return self._difference_gradient(lambda z: self.payoffs(z) @ w, x)

    def _difference_gradient(self, value: Callable[[np.ndarray], Any], x: Any, *, batched: bool = False) -> np.ndarray:
        """Finite-difference gradient of a scalar function of the flat profile (length *D*).

        Coordinate :math:`k` is differenced over :math:`[\\max(x_k - h_k, l_k), \\min(x_k + h_k, u_k)]`
        with :math:`h_k` = ``fd_step`` :math:`\\cdot \\max(1, |x_k|)`: a central difference inside a
        box, a one-sided one (stepping inward) at an active bound, so ``value`` is never
        evaluated outside the box.  Sets that are not boxes are differenced centrally.  With
        ``batched=True``, ``value`` maps a ``(K, D)`` batch of profiles to ``K`` values and the
        :math:`2D` shifted profiles go to it in blocks of at most about four million numbers;
        otherwise it is called once per shifted profile.

        Examples
        --------
        >>> import numpy as np
        >>> import coordgame as cg
        >>> g = cg.ContinuousGame([(0, 1), (0, 1)], lambda x: x)
        >>> g._difference_gradient(lambda x: float(np.sqrt(x.sum())), [0.0, 0.25]).round(5).tolist()  # x1 at 0: forward
        [1.0, 1.0]
        """
        x = np.asarray(x, dtype=float)
        up, down, width, fixed = self._difference_interval(x)
        if not batched:
            grad = np.empty(self.dim)
            for k in range(self.dim):
                hi, lo = x.copy(), x.copy()
                hi[k], lo[k] = up[k], down[k]
                grad[k] = (float(value(hi)) - float(value(lo))) / width[k]
            return np.where(fixed, 0.0, grad)
        grad = np.empty(self.dim)
        block = max(1, 2**21 // (self.dim * self.num_players))  # 2 * block profiles per call
        for first in range(0, self.dim, block):
            rows = np.arange(first, min(first + block, self.dim))
            shifted = np.tile(x, (2 * rows.size, 1))
            shifted[np.arange(rows.size), rows] = up[rows]
            shifted[rows.size + np.arange(rows.size), rows] = down[rows]
            values = np.asarray(value(shifted), dtype=float)
            grad[rows] = (values[:rows.size] - values[rows.size:]) / width[rows]
        return np.where(fixed, 0.0, grad)

    def _difference_interval(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Per coordinate, the ends ``up`` and ``down`` of a finite difference at ``x``, its ``width``, and
        whether the coordinate is ``fixed``.

        The interval is :math:`[\\max(x_k - h_k, l_k), \\min(x_k + h_k, u_k)]` with :math:`h_k` =
        ``fd_step`` :math:`\\cdot \\max(1, |x_k|)` on a product of boxes (central inside, one-sided at
        an active bound: the box is never left), :math:`[x_k - h_k, x_k + h_k]` on other sets.  A
        coordinate whose box is a single point is ``fixed``: its interval is ``[x_k, x_k]`` with
        width 1, so its difference is 0.
        """
        h = self.fd_step * np.maximum(1.0, np.abs(x))
        lower, upper = (self._lower, self._upper) if self._all_boxes else (-np.inf, np.inf)
        up, down = np.minimum(x + h, upper), np.maximum(x - h, lower)
        width = up - down
        fixed = width <= 0
        return np.where(fixed, x, up), np.where(fixed, x, down), np.where(fixed, 1.0, width), fixed

    def _difference_midpoint(self, x: np.ndarray) -> np.ndarray:
        """Per coordinate, the midpoint of the difference interval at ``x`` (``x`` itself away from a bound)."""
        up, down, _, _ = self._difference_interval(x)
        return 0.5 * (up + down)

    def _deviation_batch(self, y: np.ndarray, x: np.ndarray) -> np.ndarray:
        """Row i: the profile x with player i's block replaced by y's."""
        batch = np.tile(x, (self.num_players, 1))
        batch[self.owner, np.arange(self.dim)] = y[np.arange(self.dim)]
        return batch

    def deviation_payoffs(self, y: Any, x: Any) -> np.ndarray:
        """:math:`u_i(y_i, x_{-i})` for every player *i* (length *N*)."""
        y, x = np.asarray(y, dtype=float), np.asarray(x, dtype=float)
        if self._deviation_payoff is not None:
            return np.asarray(self._deviation_payoff(y, x), dtype=float)
        batch = self._deviation_batch(y, x)
        if self.vectorized:
            return np.diagonal(np.asarray(self._payoff(batch), dtype=float)).copy()
        return np.array([self.payoffs(row)[i] for i, row in enumerate(batch)])

    def deviation_gradient(self, y: Any, x: Any) -> np.ndarray:
        """:math:`\\nabla_{y_i} u_i(y_i, x_{-i})` for every player, stacked (length *D*)."""
        y, x = np.asarray(y, dtype=float), np.asarray(x, dtype=float)
        if self._deviation_gradient is not None:
            return np.asarray(self._deviation_gradient(y, x), dtype=float)
        if self._gradient is not None:
            batch = self._deviation_batch(y, x)
            if self.vectorized:
                return np.asarray(self._gradient(batch), dtype=float)[self.owner, np.arange(self.dim)]
            blocks = [self.split(np.asarray(self._gradient(row), dtype=float))[i] for i, row in enumerate(batch)]
            return np.concatenate(blocks)
        return self._fd_deviation_gradient(y, x)

    def _fd_deviation_gradient(self, y: np.ndarray, x: np.ndarray) -> np.ndarray:
        # Deviation payoffs are separable across players, so the j-th coordinate of every player
        # can be perturbed at once: 2 * max(d_i) evaluations instead of 2 * D.
        grad = np.empty(self.dim)
        local = np.arange(self.dim) - self._offsets[self.owner]
        up, down, width, _ = self._difference_interval(y)
        for j in range(max(self.dims)):
            coords = np.flatnonzero(local == j)
            hi, lo = y.copy(), y.copy()
            hi[coords], lo[coords] = up[coords], down[coords]
            difference = self.deviation_payoffs(hi, x) - self.deviation_payoffs(lo, x)
            grad[coords] = difference[self.owner[coords]] / width[coords]
        return grad

    def pseudo_gradient(self, x: Any) -> np.ndarray:
        """:math:`F(x)`: each player's payoff gradient in its own coordinates (length *D*)."""
        x = np.asarray(x, dtype=float)
        if self._gradient is not None:
            return np.asarray(self._gradient(x), dtype=float)
        return self.deviation_gradient(x, x)

    def pseudo_jacobian(self, x: Any) -> Any:
        """The ``(D, D)`` Jacobian of the pseudo-gradient (analytic, or finite differences that stay in the box).

        An ndarray, or the game's own ``LinearOperator`` when its ``jacobian`` returns one.
        """
        x = np.asarray(x, dtype=float)
        if self._jacobian is not None:
            J = self._jacobian(x)
            return J if hasattr(J, "matvec") and not isinstance(J, np.ndarray) else np.asarray(J, dtype=float)
        up, down, width, _ = self._difference_interval(x)
        diagonal = np.arange(self.dim)
        highs, lows = np.tile(x, (self.dim, 1)), np.tile(x, (self.dim, 1))
        highs[diagonal, diagonal], lows[diagonal, diagonal] = up, down
        if self._gradient is not None and self.vectorized:
            up_values = np.asarray(self._gradient(highs), dtype=float)
            down_values = np.asarray(self._gradient(lows), dtype=float)
        else:
            up_values = np.array([self.pseudo_gradient(row) for row in highs])
            down_values = np.array([self.pseudo_gradient(row) for row in lows])
        jacobian = (up_values - down_values) / width[:, None]  # row k: the difference along x_k
        if self._gradient is None and self._deviation_gradient is None:
            # F_k itself is a difference over an interval around x_k, so it approximates the derivative at
            # that interval's midpoint; at a bound the midpoints of up_k and down_k are not width apart.
            spacing = self._difference_midpoint(up) - self._difference_midpoint(down)
            usable = spacing > 0
            jacobian[diagonal[usable], diagonal[usable]] *= width[usable] / spacing[usable]
        return jacobian.T


# --------------------------------------------------------------------------- published examples
def _costs(costs: Any, name: str = "costs") -> np.ndarray:
    c = np.atleast_1d(np.asarray(costs, dtype=float))
    if c.ndim != 1 or c.size == 0 or not np.all(np.isfinite(c)) or np.any(c < 0):
        raise InvalidArgumentError(f"{name}: expected a non-empty list of finite non-negative numbers, got {costs!r}")
    return c


def cournot(intercept: float, slope: float, costs: Any, *, quadratic_cost: float = 0.0,
            capacity: float = np.inf) -> ContinuousGame:
    r"""Cournot oligopoly (or capacity game) with linear inverse demand :math:`P(Q) = a - bQ`.

    Firm (region) *i* chooses a quantity or capacity :math:`q_i \in [0, \bar q]` and earns
    :math:`q_i (a - bQ) - c_i q_i - \tfrac d2 q_i^2`: heterogeneous unit costs :math:`c_i` and,
    with ``quadratic_cost`` :math:`d > 0`, convex costs of building capacity.  The game is an
    exact potential game with the concave potential
    :math:`\Phi(q) = aQ - \tfrac b2 (Q^2 + \sum_i q_i^2) - \sum_i (c_i q_i + \tfrac d2 q_i^2)`
    (Monderer & Shapley 1996), and all callables are vectorised (the Jacobian is matrix-free),
    so thousands of firms are cheap.  Capacities that are then sold at the market-clearing price
    give the same game (Kreps & Scheinkman 1983).  The equilibrium is :func:`cournot_equilibrium`.

    Examples
    --------
    >>> import coordgame as cg
    >>> g = cg.games.cournot(10, 1, [1, 1])
    >>> g.payoffs([3, 3]).tolist()
    [9.0, 9.0]
    """
    a, b = float(intercept), positive_float(slope, "slope")
    if not np.isfinite(a) or a <= 0:
        raise InvalidArgumentError(f"intercept: expected a finite positive number, got {intercept!r}")
    c = _costs(costs)
    d = positive_float(quadratic_cost, "quadratic_cost", allow_zero=True)
    cap = positive_float(capacity, "capacity") if np.isfinite(capacity) else np.inf
    n = c.size

    def payoff(q):
        return q * (a - b * q.sum(axis=-1, keepdims=True)) - c * q - 0.5 * d * q**2

    def gradient(q):
        return a - b * q.sum(axis=-1, keepdims=True) - (b + d) * q - c

    def jacobian(q):
        # -b 1 1^T - (b + d) I, applied matrix-free: O(n) per product instead of an n x n matrix.
        from scipy.sparse.linalg import LinearOperator

        def matvec(v):
            v = np.asarray(v, dtype=float).reshape(-1)
            return -b * v.sum() - (b + d) * v

        return LinearOperator((n, n), matvec=matvec, rmatvec=matvec, dtype=float)

    def deviation_payoff(y, q):
        others = q.sum() - q
        return y * (a - b * (others + y)) - c * y - 0.5 * d * y**2

    def deviation_gradient(y, q):
        others = q.sum() - q
        return a - b * (others + y) - (b + d) * y - c

    def welfare_gradient(q, w):
        # d/dq_k sum_i w_i u_i = w_k (P - c_k - d q_k) - b sum_i w_i q_i: the price effect on everyone.
        return w * (a - b * q.sum() - c - d * q) - b * (w @ q)

    def potential(q):
        return a * q.sum() - 0.5 * b * (q.sum() ** 2 + q @ q) - c @ q - 0.5 * d * q @ q

    def potential_gradient(q):
        return a - b * q.sum() - (b + d) * q - c

    def cvxpy_potential(v):
        import cvxpy as cp

        return a * cp.sum(v) - 0.5 * b * (cp.square(cp.sum(v)) + cp.sum_squares(v)) - c @ v - 0.5 * d * cp.sum_squares(v)

    title = "Cournot oligopoly" if d == 0 else "Capacity game"
    return ContinuousGame([Box(0.0, cap) for _ in range(n)], payoff, gradient, jacobian=jacobian, vectorized=True,
                          deviation_payoff=deviation_payoff, deviation_gradient=deviation_gradient,
                          welfare_gradient=welfare_gradient, potential=potential, potential_gradient=potential_gradient,
                          cvxpy_potential=cvxpy_potential,
                          player_names=[f"Firm {k + 1}" for k in range(n)], title=f"{title} ({n} firms)")


def cournot_equilibrium(intercept: float, slope: float, costs: Any, *, quadratic_cost: float = 0.0) -> np.ndarray:
    r"""Closed-form equilibrium of :func:`cournot` (no capacity limits).

    Firm *i*'s first-order condition is :math:`a - c_i - bQ - (b + d) q_i = 0` when it produces.
    With the active firms :math:`S`, summing gives
    :math:`Q = \sum_{j \in S} (a - c_j) / (b + d + |S| b)` and
    :math:`q_i = \max(0, a - c_i - bQ) / (b + d)`.  :math:`S` consists of the :math:`m` cheapest
    firms for the largest :math:`m` whose :math:`m`-th cheapest firm still has
    :math:`a - c_{(m)} - b Q_m > 0`; costlier firms produce nothing.  For :math:`d = 0` this is the
    textbook price :math:`p^* = (a + \sum_{j \in S} c_j) / (|S| + 1)` with
    :math:`q_i = (p^* - c_i)/b` (e.g. Vives 1999, *Oligopoly Pricing*, §4.1).

    Examples
    --------
    >>> import coordgame as cg
    >>> cg.games.cournot_equilibrium(12, 1, [1, 2, 8]).tolist()  # the 8-cost firm stays out
    [4.0, 3.0, 0.0]
    >>> cg.games.cournot_equilibrium(12, 1, [1, 2, 8], quadratic_cost=1).tolist()
    [2.875, 2.375, 0.0]
    """
    a, b = float(intercept), positive_float(slope, "slope")
    c = _costs(costs)
    d = positive_float(quadratic_cost, "quadratic_cost", allow_zero=True)
    sorted_costs = np.sort(c)
    m = np.arange(1, c.size + 1)
    totals = np.cumsum(a - sorted_costs) / (b + d + m * b)
    active = np.flatnonzero(a - sorted_costs - b * totals > 0)
    if active.size == 0:
        return np.zeros(c.size)
    total = totals[active[-1]]
    return np.maximum(a - c - b * total, 0.0) / (b + d)


def public_good_game(valuations: Any, endowments: Any) -> ContinuousGame:
    """Voluntary contributions to a public good (Bergstrom, Blume & Varian 1986).

    Player *i* contributes :math:`x_i \\in [0, w_i]` and earns :math:`w_i - x_i + \\alpha_i \\ln(1 + X)`,
    :math:`X = \\sum_j x_j`.  With endowments large enough, in every Nash equilibrium the total is
    :math:`X^* = \\max(\\alpha_{\\max} - 1, 0)`, supplied by the players with the largest valuation
    alone (everyone else free-rides), while the utilitarian optimum provides
    :math:`\\sum_i \\alpha_i - 1`.  With equal valuations the game has the concave potential
    :math:`\\alpha \\ln(1 + X) - X`.

    Examples
    --------
    >>> import coordgame as cg
    >>> g = cg.games.public_good_game([2, 3], [10, 10])
    >>> g.payoffs([0, 2]).round(4).tolist()
    [12.1972, 11.2958]
    """
    alpha, w = _costs(valuations, "valuations"), _costs(endowments, "endowments")
    if alpha.shape != w.shape:
        raise InvalidArgumentError(f"valuations and endowments: expected equal lengths, got {alpha.size} and {w.size}")
    if np.any(w <= 0):
        raise InvalidArgumentError("endowments: expected positive numbers")

    def payoff(x):
        return w - x + alpha * np.log1p(x.sum(axis=-1, keepdims=True))

    def gradient(x):
        return -1.0 + alpha / (1.0 + x.sum(axis=-1, keepdims=True))

    def jacobian(x):
        return -np.outer(alpha, np.ones(alpha.size)) / (1.0 + x.sum()) ** 2

    def welfare_gradient(x, weights):
        return -weights + (weights @ alpha) / (1.0 + x.sum())

    extra: dict[str, Any] = {}
    if np.all(alpha == alpha[0]):
        def potential(x):
            return alpha[0] * np.log1p(x.sum()) - x.sum()

        def cvxpy_potential(v):
            import cvxpy as cp

            return alpha[0] * cp.log(1 + cp.sum(v)) - cp.sum(v)

        extra = {"potential": potential, "cvxpy_potential": cvxpy_potential}
    return ContinuousGame([Box(0.0, wi) for wi in w], payoff, gradient, jacobian=jacobian, vectorized=True,
                          welfare_gradient=welfare_gradient, title=f"Public-good contributions ({alpha.size} players)", **extra)


def tullock_contest(num_players: int = 2, value: float = 1.0, *, max_effort: float | None = None) -> ContinuousGame:
    """The Tullock (1980) lottery contest with ratio :math:`r = 1`.

    Player *i* spends effort :math:`x_i \\in [0, V]` and wins the prize *V* with probability
    :math:`x_i / X` (each wins with probability :math:`1/n` when nobody spends):
    :math:`u_i = V x_i / X - x_i`.  The unique equilibrium is symmetric,
    :math:`x^* = (n - 1) V / n^2`, so total rent dissipation is :math:`(n-1)/n` of the prize.

    Examples
    --------
    >>> import coordgame as cg
    >>> g = cg.games.tullock_contest(2, 1.0)
    >>> g.payoffs([0.25, 0.25]).tolist()
    [0.25, 0.25]
    """
    n = positive_int(num_players, "num_players", minimum=2)
    V = positive_float(value, "value")
    cap = V if max_effort is None else positive_float(max_effort, "max_effort")
    tiny = 1e-300

    def payoff(x):
        total = x.sum(axis=-1, keepdims=True)
        share = np.where(total > 0, x / np.maximum(total, tiny), 1.0 / n)
        return V * share - x

    def gradient(x):
        total = np.maximum(x.sum(axis=-1, keepdims=True), V * 1e-12)
        return V * (total - x) / total**2 - 1.0

    return ContinuousGame([Box(0.0, cap) for _ in range(n)], payoff, gradient, vectorized=True,
                          title=f"Tullock contest ({n} players)")


def team_effort(num_players: int = 2, productivity: float = 1.0, cost: float = 1.0) -> ContinuousGame:
    """Moral hazard in teams (Holmström 1982): output shared equally, effort privately costly.

    Player *i* chooses effort :math:`e_i \\ge 0`; output :math:`a \\sum_j e_j` is split equally and
    effort costs :math:`c e_i^2 / 2`: :math:`u_i = (a/n) \\sum_j e_j - c e_i^2/2`.  The equilibrium
    effort is :math:`a / (n c)`, the efficient effort :math:`a / c`: each player gets only a
    :math:`1/n` share of its marginal product.  Potential :math:`(a/n)\\sum_j e_j - (c/2)\\sum_j e_j^2`.

    Examples
    --------
    >>> import coordgame as cg
    >>> cg.games.team_effort(2, 1.0, 1.0).payoffs([0.5, 0.5]).tolist()
    [0.375, 0.375]
    """
    n = positive_int(num_players, "num_players", minimum=1)
    a, c = positive_float(productivity, "productivity"), positive_float(cost, "cost")

    def payoff(e):
        return (a / n) * e.sum(axis=-1, keepdims=True) - 0.5 * c * e**2

    def gradient(e):
        return a / n - c * e

    def cvxpy_potential(v):
        import cvxpy as cp

        return (a / n) * cp.sum(v) - 0.5 * c * cp.sum_squares(v)

    return ContinuousGame([Box(0.0, np.inf) for _ in range(n)], payoff, gradient,
                          jacobian=lambda e: -c * np.eye(n), vectorized=True,
                          welfare_gradient=lambda e, w: (a / n) * w.sum() - c * w * e,
                          potential=lambda e: (a / n) * e.sum() - 0.5 * c * e @ e, cvxpy_potential=cvxpy_potential,
                          title=f"Team effort ({n} players)")
