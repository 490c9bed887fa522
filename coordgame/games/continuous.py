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

The action sets are in :mod:`coordgame.games.action_sets` (re-exported here); published examples
with their closed forms (:func:`~coordgame.games.cournot`, :func:`~coordgame.games.public_good_game`,
:func:`~coordgame.games.tullock_contest`, :func:`~coordgame.games.team_effort`) in
:mod:`coordgame.games.continuous_examples`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from coordgame._checks import positive_float
from coordgame.errors import InvalidGameError, InvalidProfileError
from coordgame.games.action_sets import ActionSet, Box, ConvexSet, Simplex, _as_action_set

__all__ = ["ActionSet", "Box", "Simplex", "ConvexSet", "ContinuousGame"]


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
        :func:`coordgame.social_optimum`.  Default: finite differences of the payoffs (central,
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
