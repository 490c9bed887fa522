r"""Linear–quadratic games on weighted networks (Ballester, Calvó-Armengol & Zenou 2006).

**The game.**  Players :math:`i = 1, \dots, n` sit on the nodes of a weighted, possibly directed
network :math:`G = (g_{ij})` with :math:`g_{ij} \ge 0` and :math:`g_{ii} = 0`, and choose an
activity :math:`x_i \ge 0` (effort, R&D, investment).  Player *i*'s payoff is

.. math::

    u_i(x) = \alpha_i x_i - \tfrac12 (\beta + \gamma)\, x_i^2
             - \gamma \sum_{j \ne i} x_i x_j + \delta \sum_j g_{ij}\, x_i x_j ,

with a stand-alone return :math:`\alpha_i` (heterogeneous, as in Calvó-Armengol, Patacchini &
Zenou 2009), own concavity :math:`\beta > 0`, a global substitutability :math:`\gamma \ge 0` (every
other player's activity lowers *i*'s marginal return, as in a common market) and the local
complementarity :math:`\delta \ge 0` on the links (*i*'s marginal return rises with the activity
of its neighbours, weighted by :math:`g_{ij}`).  **Sign and direction conventions:** every
parameter enters with the sign shown (so :math:`\gamma, \delta \ge 0` mean substitutes and
complements); :math:`g_{ij}` is the weight with which *j*'s activity raises *i*'s marginal return,
i.e. row *i* of :math:`G` lists what *i* receives.  For a networkx ``DiGraph`` an edge
:math:`i \to j` is :math:`g_{ij}`; an undirected graph gives a symmetric :math:`G`.

With :math:`\beta = 1, \gamma = 0` this is :math:`u_i = \alpha_i x_i - \tfrac12 x_i^2 +
\delta \sum_j g_{ij} x_i x_j`.  In Ballester et al.'s notation (their eq. 1 with
:math:`\Sigma = -\beta I - \gamma U + \lambda G`) our :math:`\delta` is their :math:`\lambda`
and their :math:`\alpha` is a common :math:`\alpha_i`.

**Nash equilibrium** (:func:`coordgame.solvers.network.network_nash`).  Each payoff is strictly
concave in the own action, and the first-order conditions read :math:`B x = \alpha` with

.. math:: B = \beta I + \gamma \mathbf 1 \mathbf 1^\top - \delta G .

If :math:`\delta\, \rho(G) < \beta` (:math:`\rho` the spectral radius; Ballester et al. 2006,
Theorem 1) and :math:`\gamma = 0`, the interior solution is the weighted **Bonacich centrality**

.. math:: x^* = \tfrac1\beta\, b(G, \delta/\beta, \alpha), \qquad
          b(G, a, w) = (I - aG)^{-1} w = \sum_{k \ge 0} a^k G^k w ,

and with :math:`\gamma > 0`, :math:`x^* = \tfrac1\beta b(G, \delta/\beta, \alpha - \gamma X^* \mathbf 1)`
with aggregate :math:`X^* = \mathbf 1^\top M\alpha / (\beta + \gamma\, \mathbf 1^\top M \mathbf 1)`,
:math:`M = (I - \tfrac\delta\beta G)^{-1}` (their Theorem 1 for a common :math:`\alpha`).  It is
the equilibrium when it is non-negative (always, for :math:`\alpha \ge 0` and :math:`\gamma = 0`);
otherwise the equilibrium is the solution of the linear complementarity problem
:math:`x \ge 0,\ Bx - \alpha \ge 0,\ x^\top (Bx - \alpha) = 0`, unique when :math:`B` is a
P-matrix (which the spectral condition guarantees when :math:`\gamma = 0` or :math:`G` is
symmetric).

**Planner.**  Utilitarian welfare :math:`W(x) = \sum_i u_i(x) = \alpha^\top x - \tfrac12 x^\top H x`
with

.. math:: H = (\beta - \gamma) I + 2\gamma \mathbf 1 \mathbf 1^\top - \delta (G + G^\top),

strictly concave iff :math:`H` is positive definite (for :math:`\gamma = 0`: iff
:math:`\delta\, \rho(G + G^\top) < \beta`, i.e. :math:`2\delta\rho(G) < \beta` for a symmetric
:math:`G`, a stricter condition than the equilibrium's).  The interior optimum is
:math:`x^o = H^{-1}\alpha`, for :math:`\gamma = 0` the Bonacich centrality
:math:`\tfrac1\beta b(G + G^\top, \delta/\beta, \alpha)`: the planner internalises the
spillover each player gives as well as the one it receives.

Examples
--------
>>> import numpy as np
>>> from coordgame.games.network import LQNetworkGame
>>> line = np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]])  # a line of three players
>>> game = LQNetworkGame(line, alpha=1.0, delta=0.2)
>>> round(game.spectral_radius, 6), game.directed  # rho = sqrt(2)
(1.414214, False)
>>> game.payoffs([1.0, 1.0, 1.0]).round(3).tolist()  # 1 - 1/2 + 0.2 * neighbours
[0.7, 0.9, 0.7]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from coordgame._checks import positive_float
from coordgame.errors import InvalidArgumentError, InvalidGameError, InvalidProfileError
from coordgame.games.action_sets import Box
from coordgame.games.continuous import ContinuousGame

__all__ = ["LQNetworkGame", "adjacency_matrix", "spectral_radius", "bonacich_centrality"]


def _is_graph(value: Any) -> bool:
    """Duck-typed networkx graph: networkx stays an optional dependency."""
    return hasattr(value, "nodes") and hasattr(value, "edges") and hasattr(value, "is_directed")


def adjacency_matrix(network: Any, *, weight: str = "weight", name: str = "adjacency") -> np.ndarray:
    """The weighted adjacency matrix :math:`G` of a network, checked.

    Parameters
    ----------
    network : array_like (n, n) or networkx graph
        A square matrix of finite non-negative weights with a zero diagonal, or a networkx
        ``Graph``/``DiGraph`` (row order = ``list(graph.nodes)``; an edge ``i -> j`` of a
        ``DiGraph`` is :math:`g_{ij}`; edges without ``weight`` count 1).
    weight : str, default "weight"
        The edge attribute holding the weights of a networkx graph.
    name : str
        The argument's name, for error messages.

    Returns
    -------
    ndarray (n, n), float64

    Raises
    ------
    InvalidArgumentError
        If the matrix is not square, is empty, has NaN/inf or negative weights, or self-links.

    Examples
    --------
    >>> from coordgame.games.network import adjacency_matrix
    >>> adjacency_matrix([[0, 1], [1, 0]]).tolist()
    [[0.0, 1.0], [1.0, 0.0]]
    >>> adjacency_matrix([[0, -1], [1, 0]])
    Traceback (most recent call last):
    ...
    coordgame.errors.InvalidArgumentError: adjacency: link weights must be >= 0 (complements on links; ...
    """
    if _is_graph(network):
        import networkx as nx  # present: the caller built a networkx graph

        matrix = nx.to_numpy_array(network, nodelist=list(network.nodes), weight=weight, dtype=float)
    else:
        try:
            matrix = np.array(network, dtype=float)
        except (TypeError, ValueError):
            raise InvalidArgumentError(
                f"{name}: expected a square matrix of link weights or a networkx graph, got {type(network).__name__}"
            ) from None
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1] or matrix.shape[0] == 0:
        raise InvalidArgumentError(f"{name}: expected a non-empty square matrix, got shape {matrix.shape}")
    if not np.all(np.isfinite(matrix)):
        raise InvalidArgumentError(f"{name}: link weights must be finite (found NaN or inf)")
    if np.any(matrix < 0):
        i, j = np.argwhere(matrix < 0)[0]
        raise InvalidArgumentError(f"{name}: link weights must be >= 0 (complements on links; use gamma for "
                                   f"global substitutes), got g[{i}, {j}] = {matrix[i, j]}")
    if np.any(np.diag(matrix) != 0):
        i = int(np.flatnonzero(np.diag(matrix))[0])
        raise InvalidArgumentError(f"{name}: self-links are not allowed (g[{i}, {i}] = {matrix[i, i]}); "
                                   "own concavity is beta")
    return matrix


def spectral_radius(matrix: Any) -> float:
    """The spectral radius :math:`\\rho(G) = \\max |\\lambda_k(G)|`.

    For a non-negative matrix it is the Perron root (Perron–Frobenius), the largest real
    eigenvalue.

    Examples
    --------
    >>> import numpy as np
    >>> from coordgame.games.network import spectral_radius
    >>> round(spectral_radius(np.ones((4, 4)) - np.eye(4)), 12)  # complete graph K4: n - 1
    3.0
    """
    g = np.asarray(matrix, dtype=float)
    if g.size == 0:
        return 0.0
    if np.allclose(g, g.T):
        return float(np.abs(np.linalg.eigvalsh(g)).max())
    return float(np.abs(np.linalg.eigvals(g)).max())


def bonacich_centrality(network: Any, decay: float, weights: Any = 1.0) -> np.ndarray:
    r"""Weighted Bonacich centrality :math:`b(G, a, w) = (I - aG)^{-1} w = \sum_{k \ge 0} a^k G^k w`.

    Player *i*'s centrality counts the walks leaving *i*, a walk of length *k* discounted by
    :math:`a^k` and weighted by the value :math:`w_j` of its end node (Bonacich 1987; Ballester
    et al. 2006 use :math:`w = \mathbf 1`).

    Parameters
    ----------
    network : array_like (n, n) or networkx graph
        See :func:`adjacency_matrix`.
    decay : float
        :math:`a \ge 0` with :math:`a\,\rho(G) < 1` (the series converges).
    weights : float or array_like (n,), default 1
        :math:`w`.

    Raises
    ------
    InvalidArgumentError
        ``decay`` negative or with :math:`a\rho(G) \ge 1`; ``weights`` of the wrong length.

    Examples
    --------
    >>> import numpy as np
    >>> from coordgame.games.network import bonacich_centrality
    >>> star = np.array([[0, 1, 1], [1, 0, 0], [1, 0, 0]])  # centre 0, two leaves
    >>> bonacich_centrality(star, 0.25).round(6).tolist()  # (1 + 2a, 1 + a) / (1 - 2a^2)
    [1.714286, 1.428571, 1.428571]
    """
    g = adjacency_matrix(network)
    a = positive_float(decay, "decay", allow_zero=True)
    rho = spectral_radius(g)
    if a * rho >= 1:
        raise InvalidArgumentError(f"decay: Bonacich centrality needs decay * spectral_radius < 1, "
                                   f"got {a} * {rho:.6g} = {a * rho:.6g}")
    w = _vector(weights, g.shape[0], "weights")
    return np.linalg.solve(np.eye(g.shape[0]) - a * g, w)


def _vector(value: Any, n: int, name: str) -> np.ndarray:
    try:
        v = np.broadcast_to(np.asarray(value, dtype=float), (n,)).copy()
    except (TypeError, ValueError):
        raise InvalidArgumentError(f"{name}: expected a number or {n} numbers, got {value!r}") from None
    if not np.all(np.isfinite(v)):
        raise InvalidArgumentError(f"{name}: expected finite numbers, got {value!r}")
    return v


class LQNetworkGame:
    """A linear–quadratic game on a weighted network (see the module docstring for the payoffs).

    Parameters
    ----------
    adjacency : array_like (n, n) or networkx graph
        Link weights :math:`g_{ij} \\ge 0`, zero diagonal (:func:`adjacency_matrix`).
    alpha : float or array_like (n,), default 1
        Stand-alone marginal returns :math:`\\alpha_i` (any sign).
    delta : float, default 0.1
        Local complementarity :math:`\\delta \\ge 0` on the links.
    beta : float, default 1
        Own concavity :math:`\\beta > 0`.
    gamma : float, default 0
        Global substitutability :math:`\\gamma \\ge 0`.
    names : sequence of str, optional
        Player names (default: networkx node labels, else ``"1", ..., "n"``).
    weight : str, default "weight"
        Edge attribute of a networkx graph.

    Examples
    --------
    >>> from coordgame.games.network import LQNetworkGame
    >>> game = LQNetworkGame([[0, 1], [1, 0]], alpha=[1.0, 2.0], delta=0.5)
    >>> game.num_players, game.best_responses([0.0, 0.0]).tolist()  # alpha / (beta + gamma)
    (2, [1.0, 2.0])
    """

    def __init__(self, adjacency: Any, alpha: Any = 1.0, delta: float = 0.1, *, beta: float = 1.0, gamma: float = 0.0,
                 names: Sequence[str] | None = None, weight: str = "weight") -> None:
        self.adjacency = adjacency_matrix(adjacency, weight=weight)
        self.adjacency.setflags(write=False)
        n = self.adjacency.shape[0]
        self.alpha = _vector(alpha, n, "alpha")
        self.alpha.setflags(write=False)
        self.delta = positive_float(delta, "delta", allow_zero=True)
        self.beta = positive_float(beta, "beta")
        self.gamma = positive_float(gamma, "gamma", allow_zero=True)
        if names is None:
            names = [str(v) for v in adjacency.nodes] if _is_graph(adjacency) else [str(k + 1) for k in range(n)]
        self.names = tuple(str(s) for s in names)
        if len(self.names) != n or len(set(self.names)) != n:
            raise InvalidArgumentError(f"names: expected {n} distinct names, got {list(self.names)}")
        self.spectral_radius = spectral_radius(self.adjacency)
        self.directed = not bool(np.array_equal(self.adjacency, self.adjacency.T))

    def __repr__(self) -> str:
        kind = "directed" if self.directed else "undirected"
        return (f"LQNetworkGame({self.num_players} players, {kind}, delta={self.delta:g}, beta={self.beta:g}, "
                f"gamma={self.gamma:g}, rho(G)={self.spectral_radius:.4g})")

    @property
    def num_players(self) -> int:
        """Number of players *n*."""
        return int(self.adjacency.shape[0])

    @property
    def equilibrium_matrix(self) -> np.ndarray:
        """:math:`B = \\beta I + \\gamma \\mathbf 1\\mathbf 1^\\top - \\delta G` (first-order conditions :math:`Bx = \\alpha`)."""
        n = self.num_players
        return self.beta * np.eye(n) + self.gamma * np.ones((n, n)) - self.delta * self.adjacency

    @property
    def welfare_matrix(self) -> np.ndarray:
        """The welfare's Hessian, negated: :math:`W(x) = \\alpha^\\top x - x^\\top H x / 2`.

        :math:`H = (\\beta - \\gamma) I + 2\\gamma \\mathbf 1\\mathbf 1^\\top - \\delta (G + G^\\top)`.
        """
        n = self.num_players
        return ((self.beta - self.gamma) * np.eye(n) + 2 * self.gamma * np.ones((n, n))
                - self.delta * (self.adjacency + self.adjacency.T))

    def _profile(self, x: Any) -> np.ndarray:
        profile = np.asarray(x, dtype=float)
        if profile.shape != (self.num_players,) or not np.all(np.isfinite(profile)):
            raise InvalidProfileError(f"x: expected {self.num_players} finite activities, got shape {profile.shape}")
        return profile

    def payoffs(self, x: Any) -> np.ndarray:
        """Every player's payoff :math:`u_i(x)`."""
        x = self._profile(x)
        others = x.sum() - x
        return (self.alpha * x - 0.5 * (self.beta + self.gamma) * x**2 - self.gamma * x * others
                + self.delta * x * (self.adjacency @ x))

    def marginal_payoffs(self, x: Any) -> np.ndarray:
        """:math:`\\partial u_i / \\partial x_i = \\alpha_i - (Bx)_i`, the pseudo-gradient."""
        x = self._profile(x)
        return self.alpha - self.equilibrium_matrix @ x

    def best_responses(self, x: Any) -> np.ndarray:
        """Each player's best response to the others (the payoff is a concave parabola in the own action).

        :math:`\\max(0, (\\alpha_i - \\gamma \\sum_{j\\ne i} x_j + \\delta (Gx)_i)/(\\beta + \\gamma))`.
        """
        x = self._profile(x)
        pull = self.alpha - self.gamma * (x.sum() - x) + self.delta * (self.adjacency @ x)
        return np.maximum(0.0, pull / (self.beta + self.gamma))

    def welfare(self, x: Any) -> float:
        """Utilitarian welfare :math:`W(x) = \\sum_i u_i(x)`."""
        return float(self.payoffs(x).sum())

    def payoff_unit(self, x: Any = None) -> float:
        """The payoff scale tolerances are relative to.

        The largest of the stand-alone payoffs :math:`\\alpha_i^2 / 2(\\beta + \\gamma)` and of
        :math:`|u_i(x)|` (when ``x`` is given); :math:`\\beta` if all are zero.  Scaling every
        payoff (α, β, γ, δ by *c*) scales it by *c*, so relative tolerances are unit-free.
        """
        unit = float((self.alpha**2).max()) / (2 * (self.beta + self.gamma))
        if x is not None:
            unit = max(unit, float(np.abs(self.payoffs(x)).max()))
        return unit if unit > 0 else self.beta

    def without(self, players: Sequence[int]) -> LQNetworkGame:
        """The game with ``players`` (indices) removed with their links (the key-player experiment)."""
        drop = sorted({int(p) for p in players})
        if any(p < 0 or p >= self.num_players for p in drop):
            raise InvalidArgumentError(f"players: expected indices in [0, {self.num_players}), got {list(players)}")
        if len(drop) >= self.num_players:
            raise InvalidArgumentError("players: cannot remove every player")
        keep = np.setdiff1d(np.arange(self.num_players), drop)
        return LQNetworkGame(self.adjacency[np.ix_(keep, keep)], self.alpha[keep], self.delta, beta=self.beta,
                             gamma=self.gamma, names=[self.names[k] for k in keep])

    def to_continuous_game(self) -> ContinuousGame:
        """The same game as a :class:`~coordgame.games.continuous.ContinuousGame` on :math:`x_i \\in [0, \\infty)`.

        For cross-checks with :mod:`coordgame.solvers.continuous` (payoffs, pseudo-gradient and
        welfare gradient analytic, vectorised).

        Examples
        --------
        >>> from coordgame.games.network import LQNetworkGame
        >>> LQNetworkGame([[0, 1], [1, 0]]).to_continuous_game()
        ContinuousGame 'LQ network game'(2 players, dim 2)
        """
        if not self.num_players:  # pragma: no cover - adjacency_matrix refuses empty networks
            raise InvalidGameError("adjacency: empty network")
        g, alpha, b, c, d = self.adjacency, self.alpha, self.beta, self.gamma, self.delta
        B = self.equilibrium_matrix

        def payoff(x):
            others = x.sum(axis=-1, keepdims=True) - x
            return alpha * x - 0.5 * (b + c) * x**2 - c * x * others + d * x * (x @ g.T)

        def gradient(x):
            return alpha - x @ B.T

        def welfare_gradient(x, w):
            # d/dx_k sum_i w_i u_i: own terms, the substitution -gamma x_i x_k and the spillover delta g_ik x_i x_k.
            x_w = w * x
            return w * (alpha - B @ x) - c * (x_w.sum() - x_w) + d * (g.T @ x_w)

        return ContinuousGame([Box(0.0, np.inf) for _ in range(self.num_players)], payoff, gradient,
                              jacobian=lambda x: -B, vectorized=True, welfare_gradient=welfare_gradient,
                              player_names=self.names, title="LQ network game")
