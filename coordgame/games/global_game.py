r"""Binary-action global games: join or stay out, with a noisy fundamental.

The game
--------
:math:`N` players (or a continuum: ``num_players=None``) each choose to **join** (invest, adopt a
shared platform) or to **stay out**.  A player who joins earns :math:`u_1(\theta, \ell)`, one who
stays out :math:`u_0(\theta, \ell)`, where :math:`\theta` is the fundamental and :math:`\ell` the
share of the *other* players who join (:math:`k/(N-1)` with :math:`N` players).  The gain from
joining :math:`g(\theta, \ell) = u_1 - u_0` rises with :math:`\theta` and with :math:`\ell`
(strategic complements).  The standard example (Morris & Shin 2003, §2, "investment game") is

.. math:: u_1 = \theta + r\,\ell - c, \qquad u_0 = 0,

with :math:`r = c = 1` in the paper.

*Common knowledge.*  If :math:`\theta` is common knowledge, "everybody joins" is an equilibrium iff
:math:`g(\theta, 1) \ge 0` and "nobody joins" iff :math:`g(\theta, 0) \le 0`: on the intermediate
range :math:`[\underline\theta, \bar\theta]` between the **dominance bounds**
(:math:`g(\underline\theta, 1) = 0`, :math:`g(\bar\theta, 0) = 0`; :math:`[c - r, c]` in the
linear game) both are equilibria (:func:`dominance_bounds`,
:func:`common_knowledge_equilibria`).

*Information.*  Player :math:`i` observes a private signal :math:`x_i = \theta + \sigma_x
\varepsilon_i` and everybody a public signal (the central announcement) :math:`y = \theta +
\sigma_y \eta`, with independent standard normal noises and a flat (improper) prior on
:math:`\theta`.  So the public signal acts as a common normal prior :math:`\theta \sim N(y,
\sigma_y^2)`, and with precisions :math:`\alpha_x = \sigma_x^{-2}`, :math:`\alpha_y =
\sigma_y^{-2}` a player's posterior is

.. math:: \theta \mid x, y \sim N\Big(\frac{\alpha_x x + \alpha_y y}{\alpha_x + \alpha_y},\
          \frac{1}{\alpha_x + \alpha_y}\Big).

Without an announcement (``public_sd=None``) the posterior is :math:`N(x, \sigma_x^2)`.
The equilibria of this incomplete-information game (threshold strategies, their uniqueness, the
planner's threshold) are computed by :mod:`coordgame.solvers.global_game`.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from typing import Any

import numpy as np

from coordgame.errors import InvalidArgumentError, InvalidGameError

__all__ = ["GlobalGame", "linear_adoption_game", "dominance_bounds", "common_knowledge_equilibria"]

Payoff = Callable[[np.ndarray, np.ndarray], np.ndarray]


def _zero_payoff(theta: np.ndarray, share: np.ndarray) -> np.ndarray:
    return np.zeros(np.broadcast(theta, share).shape)


def _positive(value: Any, name: str, *, allow_none: bool = False) -> float | None:
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise InvalidArgumentError(f"{name}: expected a positive number, got {value!r}")
    if not (math.isfinite(float(value)) and float(value) > 0):
        raise InvalidArgumentError(f"{name}: expected a positive finite number, got {value!r}")
    return float(value)


@dataclasses.dataclass(frozen=True, eq=False)
class GlobalGame:
    """A binary-action global game (see the module docstring).

    Parameters
    ----------
    join_payoff : callable
        :math:`u_1(\\theta, \\ell)`, vectorised: arrays ``theta`` and ``share`` (broadcast together)
        to an array of payoffs.  ``share`` is the share of the *other* players who join.
    stay_payoff : callable, optional
        :math:`u_0(\\theta, \\ell)`; zero by default.
    num_players : int or None
        :math:`N \\ge 2`, or ``None`` for a continuum of players.
    private_sd : float
        :math:`\\sigma_x > 0`, the noise of the private signals.
    public_sd : float or None
        :math:`\\sigma_y > 0`, the noise of the public announcement; ``None``: no announcement
        (flat prior).
    public_signal : float
        The announced value :math:`y` (ignored without an announcement).
    name : str
        A label for results and figures.

    Examples
    --------
    >>> from coordgame.games.global_game import GlobalGame
    >>> g = GlobalGame(lambda t, l: t + l - 1, private_sd=0.1)
    >>> float(g.gain(0.5, 0.5)), g.posterior(0.3)
    (0.0, (0.3, 0.1))
    >>> g.with_announcement(0.2, public_sd=0.1).posterior(0.4)
    (0.30000000000000004, 0.07071067811865475)
    """

    join_payoff: Payoff
    stay_payoff: Payoff = _zero_payoff
    num_players: int | None = None
    private_sd: float = 0.1
    public_sd: float | None = None
    public_signal: float = 0.0
    name: str = "global game"

    def __post_init__(self) -> None:
        if not callable(self.join_payoff):
            raise InvalidGameError(f"join_payoff: expected a callable u1(theta, share), got {self.join_payoff!r}")
        if not callable(self.stay_payoff):
            raise InvalidGameError(f"stay_payoff: expected a callable u0(theta, share), got {self.stay_payoff!r}")
        n = self.num_players
        if n is not None and (isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 2):
            raise InvalidArgumentError(f"num_players: expected an integer >= 2 or None (a continuum), got {n!r}")
        _positive(self.private_sd, "private_sd")
        _positive(self.public_sd, "public_sd", allow_none=True)
        if not math.isfinite(float(self.public_signal)):
            raise InvalidArgumentError(f"public_signal: expected a finite number, got {self.public_signal!r}")
        probe = np.asarray(self.gain(np.array([0.0, 1.0]), np.array([0.0, 1.0])), dtype=float)
        if probe.shape != (2,) or not np.all(np.isfinite(probe)):
            raise InvalidGameError("join_payoff/stay_payoff: expected finite arrays shaped like the broadcast of (theta, share)")

    # ------------------------------------------------------------------ payoffs
    def gain(self, theta: Any, share: Any) -> np.ndarray:
        """:math:`g(\\theta, \\ell) = u_1 - u_0`, the gain from joining."""
        theta, share = np.asarray(theta, dtype=float), np.asarray(share, dtype=float)
        return np.asarray(self.join_payoff(theta, share), dtype=float) - np.asarray(self.stay_payoff(theta, share), dtype=float)

    # ------------------------------------------------------------------ information
    @property
    def private_precision(self) -> float:
        """:math:`\\alpha_x = \\sigma_x^{-2}`."""
        return self.private_sd**-2

    @property
    def public_precision(self) -> float:
        """:math:`\\alpha_y = \\sigma_y^{-2}` (0 without an announcement)."""
        return 0.0 if self.public_sd is None else self.public_sd**-2

    @property
    def private_weight(self) -> float:
        """Weight :math:`\\alpha_x / (\\alpha_x + \\alpha_y)` of the private signal in the posterior mean."""
        return self.private_precision / (self.private_precision + self.public_precision)

    def posterior(self, signal: Any) -> tuple[Any, float]:
        """Mean and standard deviation of :math:`\\theta` given private signal ``signal`` (and the announcement)."""
        w = self.private_weight
        mean = w * np.asarray(signal, dtype=float) + (1.0 - w) * self.public_signal
        mean = float(mean) if np.ndim(mean) == 0 else mean
        return mean, float((self.private_precision + self.public_precision) ** -0.5)

    def with_announcement(self, public_signal: float, public_sd: float | None = None) -> GlobalGame:
        """The same game after the announcement ``public_signal`` (with noise ``public_sd``, default: the game's)."""
        sd = self.public_sd if public_sd is None else public_sd
        if sd is None:
            raise InvalidArgumentError("public_sd: an announcement needs a noise level (the game has none)")
        return dataclasses.replace(self, public_signal=float(public_signal), public_sd=sd)

    def replace(self, **changes: Any) -> GlobalGame:
        """A copy with ``changes`` (dataclass fields), validated again."""
        return dataclasses.replace(self, **changes)

    def __repr__(self) -> str:
        players = "continuum" if self.num_players is None else f"N={self.num_players}"
        public = "no announcement" if self.public_sd is None else f"public_sd={self.public_sd:g}, y={self.public_signal:g}"
        return f"GlobalGame({self.name!r}, {players}, private_sd={self.private_sd:g}, {public})"


def linear_adoption_game(*, network_effect: float = 1.0, cost: float = 1.0, num_players: int | None = None,
                         private_sd: float = 0.1, public_sd: float | None = None, public_signal: float = 0.0) -> GlobalGame:
    """The linear adoption (investment) game :math:`u_1 = \\theta + r\\,\\ell - c`, :math:`u_0 = 0`.

    Morris & Shin (2003), "Global games: theory and applications", §2, with ``network_effect``
    :math:`r` and ``cost`` :math:`c` (both 1 there).  Dominance bounds :math:`[c - r, c]`.

    Examples
    --------
    >>> from coordgame.games.global_game import linear_adoption_game, dominance_bounds
    >>> g = linear_adoption_game(network_effect=1.0, cost=1.0, num_players=10)
    >>> dominance_bounds(g)
    (0.0, 1.0)
    """
    r = _positive(network_effect, "network_effect")
    if isinstance(cost, bool) or not isinstance(cost, (int, float)) or not math.isfinite(cost):
        raise InvalidArgumentError(f"cost: expected a finite number, got {cost!r}")

    def join(theta: np.ndarray, share: np.ndarray) -> np.ndarray:
        return theta + r * share - cost

    return GlobalGame(join, num_players=num_players, private_sd=private_sd, public_sd=public_sd,
                      public_signal=public_signal, name=f"linear adoption (r={r:g}, c={cost:g})")


def _root_in_theta(func: Callable[[float], float], name: str) -> float:
    """The fundamental where an increasing ``func`` crosses zero (bracket grown geometrically)."""
    from scipy.optimize import brentq

    lo, hi = -1.0, 1.0
    for _ in range(200):
        if func(lo) < 0 < func(hi):
            return float(brentq(func, lo, hi, xtol=1e-14, rtol=1e-14))
        if func(lo) >= 0:
            lo *= 2.0
        if func(hi) <= 0:
            hi *= 2.0
    raise InvalidGameError(f"{name}: the gain from joining never changes sign in theta (it must rise through zero)")


def dominance_bounds(game: GlobalGame) -> tuple[float, float]:
    """:math:`(\\underline\\theta, \\bar\\theta)`: joining is strictly dominated below, staying out above.

    :math:`g(\\underline\\theta, 1) = 0` (joining pays even if everybody joins only above it) and
    :math:`g(\\bar\\theta, 0) = 0` (above it joining pays even if nobody else joins).

    Examples
    --------
    >>> from coordgame.games.global_game import linear_adoption_game, dominance_bounds
    >>> dominance_bounds(linear_adoption_game(network_effect=0.5, cost=0.8))
    (0.3, 0.8)
    """
    if not isinstance(game, GlobalGame):
        raise InvalidArgumentError(f"game: expected a GlobalGame, got {type(game).__name__}")
    low = _root_in_theta(lambda t: float(game.gain(t, 1.0)), "dominance bound (everybody joins)")
    high = _root_in_theta(lambda t: float(game.gain(t, 0.0)), "dominance bound (nobody joins)")
    return round(low, 12) + 0.0, round(high, 12) + 0.0


def common_knowledge_equilibria(game: GlobalGame, theta: float) -> list[str]:
    """The symmetric pure equilibria when :math:`\\theta` is common knowledge: ``"all join"`` and/or ``"none join"``.

    Examples
    --------
    >>> from coordgame.games.global_game import linear_adoption_game, common_knowledge_equilibria
    >>> g = linear_adoption_game()
    >>> [common_knowledge_equilibria(g, t) for t in (-0.5, 0.5, 1.5)]
    [['none join'], ['all join', 'none join'], ['all join']]
    """
    if not isinstance(game, GlobalGame):
        raise InvalidArgumentError(f"game: expected a GlobalGame, got {type(game).__name__}")
    out = []
    if float(game.gain(theta, 1.0)) >= 0:
        out.append("all join")
    if float(game.gain(theta, 0.0)) <= 0:
        out.append("none join")
    return out
