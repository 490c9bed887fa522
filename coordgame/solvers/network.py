r"""Equilibrium, planner's optimum and key players of linear–quadratic network games.

The game (:class:`~coordgame.games.network.LQNetworkGame`) and its closed forms are stated in
:mod:`coordgame.games.network`; here they are computed and verified.

**Nash equilibrium** (:func:`network_nash`).  The spectral condition :math:`\delta\rho(G) < \beta`
(Ballester, Calvó-Armengol & Zenou 2006, Theorem 1) is checked first; when it fails there is no
bounded equilibrium in general (with :math:`\gamma = 0` and :math:`\alpha > 0` activities
explode along the Perron vector) and :class:`~coordgame.errors.InvalidArgumentError` names
``delta``.  The interior solution :math:`B^{-1}\alpha` (the Bonacich closed form) is the
equilibrium when it is non-negative; otherwise the linear complementarity problem
:math:`\mathrm{LCP}(-\alpha, B)` is solved by Murty's least-index principal pivoting (Murty 1974;
Cottle, Pang & Stone 1992, §4.2), finite when :math:`B` is a P-matrix.

**Planner** (:func:`network_optimum`).  Maximises :math:`W = \alpha^\top x - \tfrac12 x^\top H x`
on :math:`x \ge 0`: the closed form :math:`H^{-1}\alpha` when non-negative, else
:math:`\mathrm{LCP}(-\alpha, H)`.  Needs :math:`H` positive definite (else the welfare is not
strictly concave and, with :math:`\gamma = 0`, unbounded: an error naming ``delta``).

**Key player** (:func:`key_player`).  The player whose removal (with its links) lowers the
aggregate equilibrium activity :math:`X^* = \sum_i x_i^*` most (Ballester et al. 2006, §4).
With :math:`\gamma = 0`, :math:`\alpha \ge 0` and :math:`M = (I - \tfrac\delta\beta G)^{-1}`,
removing *i* lowers :math:`X^*` by the **intercentrality**

.. math:: c_i = \frac{b_i\, \bar b_i}{\beta\, m_{ii}}, \qquad b = M\alpha,\quad \bar b = M^\top \mathbf 1 ,

which for a symmetric :math:`G`, :math:`\alpha = \mathbf 1` and :math:`\beta = 1` is their
:math:`b_i^2 / m_{ii}` (Theorem 3).  (Derivation: deleting row and column *i* of
:math:`I - aG` leaves the inverse :math:`m_{jk} - m_{ji} m_{ik} / m_{ii}` on the others, a Schur
complement; summing the difference gives :math:`c_i`.)  Otherwise (:math:`\gamma > 0`, some
:math:`\alpha_i < 0`, or ``method="removal"``) each removal is solved again, which is exact by
definition.  :func:`key_group` removes players greedily, one key player at a time (finding the
best group is NP-hard; Ballester, Calvó-Armengol & Zenou 2010), or exhaustively for small groups.

**Verification.**  Every equilibrium is checked by each player's exact best response
:math:`\max(0, (\alpha_i - \gamma\sum_{j\ne i} x_j + \delta (Gx)_i)/(\beta+\gamma))` (the payoff is
a concave parabola in the own action): the regret must be at most ``tol`` times the payoff unit
(:meth:`~coordgame.games.network.LQNetworkGame.payoff_unit`).  Every optimum carries a certified
upper bound on its welfare gap, from strong concavity with modulus :math:`\mu = \lambda_{\min}(H)`:
:math:`W^* - W(x) \le \sum_k \max_{y_k \ge 0}\{g_k (y_k - x_k) - \tfrac\mu2 (y_k - x_k)^2\}`,
:math:`g = \nabla W(x)`.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from coordgame._arguments import checked_arguments
from coordgame._checks import one_of, positive_int
from coordgame.errors import InvalidArgumentError, VerificationError
from coordgame.games.network import LQNetworkGame
from coordgame.results import Result
from coordgame.solvers._lcp import solve_lcp
from coordgame.tolerances import DEFAULT_TOL, check_tolerance

__all__ = ["NetworkEquilibrium", "NetworkOptimum", "KeyPlayer", "KeyGroup", "network_nash", "network_optimum",
           "intercentrality", "key_player", "key_group"]

#: Largest number of groups ``key_group(method="exhaustive")`` evaluates.
MAX_EXHAUSTIVE_GROUPS = 20_000


# --------------------------------------------------------------------------- results
@dataclass(frozen=True, eq=False)
class NetworkEquilibrium(Result):
    """The Nash equilibrium of an LQ network game, verified.

    Attributes
    ----------
    profile : ndarray
        Activities :math:`x^*`.
    payoffs : ndarray
    regret, regrets : float, ndarray
        Largest and per-player best-response regret (absolute payoff units).
    tol : float
        Absolute threshold: the relative ``tol`` times the payoff unit.
    converged : bool
        ``regret <= tol``.
    interior : bool
        Whether every activity is positive (the Bonacich closed form, no corner).
    spectral_condition : float
        :math:`\\delta\\rho(G)/\\beta`, below 1.
    method : str
        ``"bonacich"`` (closed form) or ``"lcp"`` (principal pivoting, with corners).
    names : tuple of str

    Examples
    --------
    >>> from coordgame.games.network import LQNetworkGame
    >>> from coordgame.solvers.network import network_nash
    >>> eq = network_nash(LQNetworkGame([[0, 1], [1, 0]], alpha=1.0, delta=0.25))  # x = 1 / (1 - delta) each
    >>> eq.profile.round(6).tolist(), round(eq.total_activity, 6), eq.interior
    ([1.333333, 1.333333], 2.666667, True)
    """

    profile: np.ndarray
    payoffs: np.ndarray
    regret: float
    regrets: np.ndarray
    tol: float
    converged: bool
    interior: bool
    spectral_condition: float
    method: str
    names: tuple[str, ...] = ()

    _verified_by = ("regret", "regret", "tol", "converged")
    _dict_extras = ("welfare", "total_activity")

    @property
    def welfare(self) -> float:
        """Utilitarian welfare: the sum of the payoffs."""
        return float(self.payoffs.sum())

    @property
    def total_activity(self) -> float:
        """Aggregate activity :math:`X^* = \\sum_i x^*_i`."""
        return float(self.profile.sum())


@dataclass(frozen=True, eq=False)
class NetworkOptimum(Result):
    """The utilitarian planner's optimum of an LQ network game, with a certified gap.

    Attributes
    ----------
    profile, payoffs : ndarray
    welfare : float
    gap : float
        Certified upper bound on :math:`W^* - W(x)` (absolute payoff units).
    tol : float
        Absolute threshold on ``gap`` (relative ``tol`` times the payoff unit).
    converged : bool
        ``gap <= tol``.
    interior : bool
    concavity : float
        :math:`\\lambda_{\\min}(H)`, the strong-concavity modulus (positive).
    method : str
        ``"bonacich"`` or ``"lcp"``.
    names : tuple of str

    Examples
    --------
    >>> from coordgame.games.network import LQNetworkGame
    >>> from coordgame.solvers.network import network_optimum
    >>> opt = network_optimum(LQNetworkGame([[0, 1], [1, 0]], alpha=1.0, delta=0.25))  # x = 1 / (1 - 2 delta)
    >>> opt.profile.round(9).tolist(), round(opt.welfare, 6), opt.converged
    ([2.0, 2.0], 2.0, True)
    """

    profile: np.ndarray
    payoffs: np.ndarray
    welfare: float
    gap: float
    tol: float
    converged: bool
    interior: bool
    concavity: float
    method: str
    names: tuple[str, ...] = ()

    _verified_by = ("welfare gap", "gap", "tol", "converged")
    _dict_extras = ("total_activity",)

    @property
    def total_activity(self) -> float:
        """Aggregate activity :math:`\\sum_i x^o_i`."""
        return float(self.profile.sum())


@dataclass(frozen=True, eq=False)
class KeyPlayer(Result):
    """The key player: whose removal lowers aggregate equilibrium activity most.

    Attributes
    ----------
    player : int
        Its index; ``name`` its name.
    reductions : ndarray
        For every player, the fall in aggregate activity when it is removed (the
        intercentralities, when computed in closed form).
    total_activity : float
        :math:`X^*` with everybody.
    equilibria : tuple of NetworkEquilibrium
        The equilibrium with everybody and the one without the key player (both verified).
    method : str
        ``"intercentrality"`` or ``"removal"``.

    Examples
    --------
    >>> import numpy as np
    >>> from coordgame.games.network import LQNetworkGame
    >>> from coordgame.solvers.network import key_player
    >>> line = np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]])  # the centre of a line of three is key
    >>> kp = key_player(LQNetworkGame(line, delta=0.2))
    >>> kp.player, kp.name, kp.reductions.round(6).tolist()
    (1, '2', [1.630435, 2.130435, 1.630435])
    """

    player: int
    name: str
    reductions: np.ndarray
    total_activity: float
    equilibria: tuple[NetworkEquilibrium, ...]
    method: str

    _members = "equilibria"


@dataclass(frozen=True, eq=False)
class KeyGroup(Result):
    """A key group: players whose joint removal lowers aggregate equilibrium activity most.

    Attributes
    ----------
    players : tuple of int
        Indices, in the order removed (greedy) or sorted (exhaustive); ``names`` their names.
    total_activity : float
        :math:`X^*` with everybody.
    remaining_activity : ndarray
        :math:`X^*` after removing the first 1, 2, ... players of ``players``.
    equilibria : tuple of NetworkEquilibrium
        Every equilibrium solved along the way (verified).
    method : str
        ``"greedy"`` or ``"exhaustive"``.

    Examples
    --------
    >>> import numpy as np
    >>> from coordgame.games.network import LQNetworkGame
    >>> from coordgame.solvers.network import key_group
    >>> line = np.diag(np.ones(4), 1) + np.diag(np.ones(4), -1)  # a line of five
    >>> group = key_group(LQNetworkGame(line, delta=0.3), 2)
    >>> group.names, group.remaining_activity.round(6).tolist()
    (('3', '1'), [5.714286, 3.857143])
    """

    players: tuple[int, ...]
    names: tuple[str, ...]
    total_activity: float
    remaining_activity: np.ndarray
    equilibria: tuple[NetworkEquilibrium, ...]
    method: str

    _members = "equilibria"


# --------------------------------------------------------------------------- helpers
def _check_game(game: Any) -> LQNetworkGame:
    if not isinstance(game, LQNetworkGame):
        raise InvalidArgumentError(f"game: expected an LQNetworkGame (coordgame.games.network), got {type(game).__name__}")
    return game


def _require_spectral_condition(game: LQNetworkGame) -> float:
    condition = game.delta * game.spectral_radius / game.beta
    if not condition < 1:
        raise InvalidArgumentError(
            f"delta: the equilibrium needs delta * spectral_radius(G) < beta (Ballester, Calvo-Armengol & Zenou 2006, "
            f"Theorem 1); got {game.delta:g} * {game.spectral_radius:.6g} = {game.delta * game.spectral_radius:.6g} "
            f">= {game.beta:g}: lower delta below {game.beta / game.spectral_radius:.6g} or rescale G")
    return condition


def _regrets(game: LQNetworkGame, x: np.ndarray) -> np.ndarray:
    """Exact regrets: each player's best-response payoff minus its payoff, all players at once.

    With the others fixed, player *i*'s payoff is ``y * pull_i - (beta + gamma) y^2 / 2`` (``g_ii = 0``, so
    ``pull_i`` does not depend on ``y``): the deviation payoffs need no loop over players.
    """
    pull = game.alpha - game.gamma * (x.sum() - x) + game.delta * (game.adjacency @ x)
    curvature = 0.5 * (game.beta + game.gamma)
    best = game.best_responses(x)
    deviation = best * pull - curvature * best**2
    current = x * pull - curvature * x**2
    return np.maximum(deviation - current, 0.0)


def _welfare_gap_bound(game: LQNetworkGame, x: np.ndarray, modulus: float) -> float:
    """Certified bound on W* - W(x) on x >= 0 from strong concavity (separable per coordinate)."""
    g = game.alpha - game.welfare_matrix @ x
    step = np.maximum(x + g / modulus, 0.0) - x
    return float(np.maximum(g * step - 0.5 * modulus * step**2, 0.0).sum())


# --------------------------------------------------------------------------- solvers
@checked_arguments
def network_nash(game: LQNetworkGame, *, tol: float = DEFAULT_TOL, max_pivots: int | None = None,
                 require_interior: bool = False) -> NetworkEquilibrium:
    """The Nash equilibrium of an LQ network game: Bonacich closed form, or LCP with corners; verified.

    Parameters
    ----------
    game : LQNetworkGame
    tol : float, default 1e-9
        Relative regret tolerance (times :meth:`~coordgame.games.network.LQNetworkGame.payoff_unit`).
    max_pivots : int, optional
        Budget of the principal pivoting (default ``10 n + 10``).
    require_interior : bool, default False
        Raise :class:`~coordgame.errors.InvalidArgumentError` naming ``alpha`` when some player
        is inactive (the Bonacich closed form does not apply).

    Raises
    ------
    InvalidArgumentError
        ``delta`` when :math:`\\delta\\rho(G) \\ge \\beta`; ``game`` when it is not an LQNetworkGame.
    VerificationError
        If the profile fails its regret check (never expected; a numerical failure).

    Examples
    --------
    >>> import numpy as np
    >>> from coordgame.games.network import LQNetworkGame
    >>> from coordgame.solvers.network import network_nash
    >>> star = np.array([[0, 1, 1], [1, 0, 0], [1, 0, 0]])  # centre first
    >>> eq = network_nash(LQNetworkGame(star, alpha=1.0, delta=0.25))
    >>> eq.profile.round(6).tolist(), eq.method, eq.converged  # (1 + 2d, 1 + d, 1 + d) / (1 - 2d^2)
    ([1.714286, 1.428571, 1.428571], 'bonacich', True)
    """
    game = _check_game(game)
    tol = check_tolerance(tol, "tol")
    pivots = 10 * game.num_players + 10 if max_pivots is None else positive_int(max_pivots, "max_pivots")
    condition = _require_spectral_condition(game)
    x, basis_interior = solve_lcp(game.equilibrium_matrix, game.alpha, max_pivots=pivots)
    interior = bool(np.all(x > 0))
    if require_interior and not interior:
        inactive = [game.names[k] for k in np.flatnonzero(x <= 0)]
        raise InvalidArgumentError(f"alpha: the equilibrium is not interior (inactive: {inactive}); "
                                   "the Bonacich closed form needs every activity positive")
    regrets = _regrets(game, x)
    threshold = tol * game.payoff_unit(x)
    regret = float(regrets.max())
    if not regret <= threshold:
        raise VerificationError(f"network_nash: regret {regret:.3g} exceeds {threshold:.3g} (numerical failure)")
    return NetworkEquilibrium(profile=x, payoffs=game.payoffs(x), regret=regret, regrets=regrets, tol=threshold,
                              converged=True, interior=interior, spectral_condition=condition,
                              method="bonacich" if basis_interior else "lcp", names=game.names)


@checked_arguments
def network_optimum(game: LQNetworkGame, *, tol: float = DEFAULT_TOL, max_pivots: int | None = None) -> NetworkOptimum:
    """The utilitarian planner's optimum of an LQ network game, with a certified welfare gap.

    Parameters
    ----------
    game : LQNetworkGame
    tol : float, default 1e-9
        Relative tolerance on the certified welfare gap (times the payoff unit).
    max_pivots : int, optional
        Budget of the principal pivoting (default ``10 n + 10``).

    Raises
    ------
    InvalidArgumentError
        ``delta`` when the welfare is not strictly concave (:math:`H` not positive definite; for
        :math:`\\gamma = 0`: :math:`\\delta\\rho(G + G^\\top) \\ge \\beta`).

    Examples
    --------
    >>> import numpy as np
    >>> from coordgame.games.network import LQNetworkGame
    >>> from coordgame.solvers.network import network_optimum
    >>> pair = LQNetworkGame([[0, 1], [1, 0]], alpha=1.0, delta=0.25)
    >>> opt = network_optimum(pair)  # x = 1 / (1 - 2 delta) each, against 1 / (1 - delta) in equilibrium
    >>> opt.profile.round(9).tolist(), opt.converged
    ([2.0, 2.0], True)
    """
    game = _check_game(game)
    tol = check_tolerance(tol, "tol")
    pivots = 10 * game.num_players + 10 if max_pivots is None else positive_int(max_pivots, "max_pivots")
    H = game.welfare_matrix
    modulus = float(np.linalg.eigvalsh(H).min())
    if not modulus > 1e-12 * float(np.abs(H).max()):
        rho_sym = float(np.abs(np.linalg.eigvalsh(game.adjacency + game.adjacency.T)).max())
        raise InvalidArgumentError(
            f"delta: the planner's welfare is not strictly concave (smallest eigenvalue of "
            f"(beta - gamma) I + 2 gamma 11' - delta (G + G') is {modulus:.3g}); with gamma = 0 it needs "
            f"delta * spectral_radius(G + G') < beta, got {game.delta:g} * {rho_sym:.6g} vs beta = {game.beta:g}")
    x, basis_interior = solve_lcp(H, game.alpha, max_pivots=pivots)
    gap = _welfare_gap_bound(game, x, modulus)
    threshold = tol * game.payoff_unit(x)
    return NetworkOptimum(profile=x, payoffs=game.payoffs(x), welfare=game.welfare(x), gap=gap, tol=threshold,
                          converged=gap <= threshold, interior=bool(np.all(x > 0)), concavity=modulus,
                          method="bonacich" if basis_interior else "lcp", names=game.names)


def intercentrality(game: LQNetworkGame) -> np.ndarray:
    """Every player's intercentrality :math:`b_i \\bar b_i / (\\beta m_{ii})`: the fall in :math:`X^*` when it leaves.

    The closed form of the module docstring; valid with :math:`\\gamma = 0` and
    :math:`\\alpha \\ge 0` (then every equilibrium, with or without a player, is interior).

    Raises
    ------
    InvalidArgumentError
        ``gamma`` positive or ``alpha`` with a negative entry (use :func:`key_player`, which
        then solves every removal), or ``delta`` breaking the spectral condition.

    Examples
    --------
    >>> import numpy as np
    >>> from coordgame.games.network import LQNetworkGame
    >>> from coordgame.solvers.network import intercentrality
    >>> line = np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]])
    >>> intercentrality(LQNetworkGame(line, delta=0.2)).round(6).tolist()  # 1.44 / 0.8832, 1.96 / 0.92
    [1.630435, 2.130435, 1.630435]
    """
    game = _check_game(game)
    if game.gamma != 0:
        raise InvalidArgumentError(f"gamma: intercentrality is the key-player closed form for gamma = 0, got {game.gamma:g}")
    if np.any(game.alpha < 0):
        raise InvalidArgumentError("alpha: intercentrality needs alpha >= 0 (every equilibrium interior)")
    _require_spectral_condition(game)
    n = game.num_players
    m = np.linalg.inv(np.eye(n) - (game.delta / game.beta) * game.adjacency)
    return (m @ game.alpha) * m.sum(axis=0) / (game.beta * np.diag(m))


@checked_arguments
def key_player(game: LQNetworkGame, *, method: str = "auto", tol: float = DEFAULT_TOL) -> KeyPlayer:
    """The key player (Ballester et al. 2006): whose removal lowers aggregate equilibrium activity most.

    Parameters
    ----------
    game : LQNetworkGame
        At least two players.
    method : {"auto", "intercentrality", "removal"}
        ``"intercentrality"``: the closed form (:func:`intercentrality`); ``"removal"``: solve the
        game without each player; ``"auto"``: the closed form when it applies.
    tol : float, default 1e-9
        Relative regret tolerance of the equilibria solved.

    Examples
    --------
    >>> import numpy as np
    >>> from coordgame.games.network import LQNetworkGame
    >>> from coordgame.solvers.network import key_player
    >>> line = np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]])
    >>> kp = key_player(LQNetworkGame(line, delta=0.2))
    >>> kp.name, kp.method, round(float(kp.reductions[kp.player]), 6)
    ('2', 'intercentrality', 2.130435)
    """
    game = _check_game(game)
    method = one_of(method, "method", ("auto", "intercentrality", "removal"))
    if game.num_players < 2:
        raise InvalidArgumentError("game: a key player needs at least two players (removing the only one leaves no game)")
    full = network_nash(game, tol=tol)
    closed_form = game.gamma == 0 and bool(np.all(game.alpha >= 0))
    if method == "auto":
        method = "intercentrality" if closed_form else "removal"
    if method == "intercentrality":
        reductions = intercentrality(game)
    else:
        reductions = np.array([full.total_activity - network_nash(game.without([i]), tol=tol).total_activity
                               for i in range(game.num_players)])
    best = int(np.argmax(reductions))
    after = network_nash(game.without([best]), tol=tol)
    return KeyPlayer(player=best, name=game.names[best], reductions=reductions, total_activity=full.total_activity,
                     equilibria=(full, after), method=method)


@checked_arguments
def key_group(game: LQNetworkGame, size: int, *, method: str = "greedy", tol: float = DEFAULT_TOL) -> KeyGroup:
    """A key group of ``size`` players: greedy (one key player at a time) or exhaustive.

    Parameters
    ----------
    game : LQNetworkGame
    size : int
        Group size, ``1 <= size < n``.
    method : {"greedy", "exhaustive"}
        Greedy removes the key player of what remains, ``size`` times (a heuristic: it can miss
        the best group); exhaustive solves every group (at most ``MAX_EXHAUSTIVE_GROUPS``).
    tol : float, default 1e-9
        Relative regret tolerance of the equilibria solved.

    Examples
    --------
    >>> import numpy as np
    >>> from coordgame.games.network import LQNetworkGame
    >>> from coordgame.solvers.network import key_group
    >>> line = np.diag(np.ones(4), 1) + np.diag(np.ones(4), -1)  # a line of five
    >>> group = key_group(LQNetworkGame(line, delta=0.3), 2)
    >>> group.names[0], group.remaining_activity.round(6).tolist()  # two pairs 1/(1-d), then 1 + 2/(1-d)
    ('3', [5.714286, 3.857143])
    """
    game = _check_game(game)
    method = one_of(method, "method", ("greedy", "exhaustive"))
    n = game.num_players
    size = positive_int(size, "size")
    if size >= n:
        raise InvalidArgumentError(f"size: expected 1 <= size < {n} (the number of players), got {size}")
    full = network_nash(game, tol=tol)
    if method == "exhaustive":
        return _exhaustive_group(game, size, full, tol)
    remaining, chosen, solved, totals = game, [], [full], []
    index = np.arange(n)
    for _ in range(size):
        kp = key_player(remaining, tol=tol)
        chosen.append(int(index[kp.player]))
        solved.append(kp.equilibria[1])
        totals.append(kp.equilibria[1].total_activity)
        index = np.delete(index, kp.player)
        remaining = remaining.without([kp.player])
    return KeyGroup(players=tuple(chosen), names=tuple(game.names[k] for k in chosen), total_activity=full.total_activity,
                    remaining_activity=np.array(totals), equilibria=tuple(solved), method="greedy")


def _exhaustive_group(game: LQNetworkGame, size: int, full: NetworkEquilibrium, tol: float) -> KeyGroup:
    count = math.comb(game.num_players, size)
    if count > MAX_EXHAUSTIVE_GROUPS:
        raise InvalidArgumentError(f"size: {count} groups exceed the exhaustive budget of {MAX_EXHAUSTIVE_GROUPS}; "
                                   "use method='greedy'")
    best: tuple[float, tuple[int, ...], NetworkEquilibrium] | None = None
    for group in itertools.combinations(range(game.num_players), size):
        eq = network_nash(game.without(group), tol=tol)
        if best is None or eq.total_activity < best[0]:
            best = (eq.total_activity, group, eq)
    assert best is not None
    total, group, eq = best
    return KeyGroup(players=group, names=tuple(game.names[k] for k in group), total_activity=full.total_activity,
                    remaining_activity=np.array([total]), equilibria=(full, eq), method="exhaustive")
