r"""Rank-order tournaments (Lazear & Rosen 1981) with closed-form symmetric equilibria.

**Two officials (Lazear–Rosen).**  Official :math:`i` chooses effort :math:`e_i \ge 0` at cost
:math:`c e_i^2/2`; measured output is :math:`y_i = e_i + \varepsilon_i` with iid noise; the higher
output wins the prize spread :math:`\Delta W` (the loser's prize is a constant and drops out).
With :math:`G` the CDF of :math:`\varepsilon_j - \varepsilon_i` and :math:`g` its density,
:math:`u_i = \Delta W\, G(e_i - e_j) - c e_i^2/2` and the symmetric equilibrium solves
:math:`c e^* = \Delta W g(0)`:

* normal noise :math:`\varepsilon \sim N(0, s^2)`: :math:`g(0) = 1/(2 s \sqrt\pi)`;
* Gumbel noise of scale :math:`s` (so the difference is logistic): :math:`g(0) = 1/(4s)`.

Output is worth one per unit of effort and prizes are transfers, so the planner's effort is
:math:`e^{FB} = 1/c`; the tournament is efficient when :math:`\Delta W = 1/g(0)`.

**N officials, logit ranking.**  With iid Gumbel noise of scale :math:`s` and a prize :math:`V`
for the first, :math:`P_i = e^{e_i/s}/\sum_j e^{e_j/s}` (McFadden's logit), the first-order
condition :math:`V P_i (1 - P_i)/s = c e_i` gives the symmetric Nash effort

.. math:: e^* = \frac{V (N-1)}{N^2 s c},

against the planner's :math:`1/c`; the welfare loss per official relative to the first-best
surplus :math:`1/(2c)` is :math:`(c e^* - 1)^2`.  The marginal expected prize of one's own output
at the symmetric point is :math:`V(N-1)/(N^2 s)`, of a rival's :math:`-V/(N^2 s)`.

**Cooperation under a zero-sum ranking.**  Two officials; help :math:`h_i \ge 0` raises the
helper's output by :math:`\rho h_i` and the rival's by :math:`b h_i`, costs :math:`k h_i^2/2`;
official :math:`i` values his region's output with weight :math:`a` and the prize :math:`V` of a
logit ranking (scale :math:`s`): :math:`u_i = a(\rho h_i + b h_j) + V \Lambda((y_i - y_j)/s) - k h_i^2/2`.
The symmetric equilibrium help is

.. math:: h^* = \frac{1}{k}\Big(a\rho - \frac{V (b - \rho)}{4 s}\Big)^+ ,

which collapses to zero at the prize :math:`V_c = 4 s a \rho / (b - \rho)` (when :math:`b > \rho`),
against the planner's :math:`a(\rho + b)/k`.

Each closed form is checked for being a *global* equilibrium (no deviation on a fine grid of the
own action gains), since with little noise relative to the prize the payoff is not concave and
the first-order condition picks a point that is not an equilibrium; such inputs raise
:class:`~coordgame.errors.InvalidArgumentError`.  The games themselves (:func:`lazear_rosen_game`,
:func:`logit_tournament_game`, :func:`cooperation_game`) are :class:`~coordgame.ContinuousGame`
objects for the library's solvers.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from scipy.special import expit, ndtr

from coordgame._checks import positive_float
from coordgame.errors import InvalidArgumentError
from coordgame.games.continuous import ContinuousGame

__all__ = ["NOISES", "win_probability", "win_density_at_zero", "lazear_rosen_effort", "lazear_rosen_game",
           "logit_tournament_effort", "logit_tournament_game", "marginal_prize_value", "cooperation_help",
           "cooperation_collapse_prize", "cooperation_game", "planner_effort", "planner_help"]

NOISES = ("normal", "logistic")
_GRID = 4001


def _noise(noise: str, scale: float) -> tuple[str, float]:
    if noise not in NOISES:
        raise InvalidArgumentError(f"noise: expected one of {NOISES}, got {noise!r}")
    reason = " (without noise the better official wins for sure and no pure-strategy equilibrium exists)"
    return noise, positive_float(scale, "noise_scale", reason=reason)


def win_probability(difference: np.ndarray | float, noise_scale: float, noise: str = "normal") -> np.ndarray:
    """:math:`G(d)`, the probability of winning with an effort lead ``difference``.

    Examples
    --------
    >>> float(win_probability(0.0, 1.0)), round(float(win_probability(1.0, 1.0, "logistic")), 4)
    (0.5, 0.7311)
    """
    noise, s = _noise(noise, noise_scale)
    d = np.asarray(difference, dtype=float)
    return ndtr(d / (s * math.sqrt(2))) if noise == "normal" else expit(d / s)


def win_density_at_zero(noise_scale: float, noise: str = "normal") -> float:
    """:math:`g(0)`: :math:`1/(2s\\sqrt\\pi)` (normal) or :math:`1/(4s)` (logistic).

    Examples
    --------
    >>> win_density_at_zero(0.5, "logistic")
    0.5
    """
    noise, s = _noise(noise, noise_scale)
    return 1.0 / (2 * s * math.sqrt(math.pi)) if noise == "normal" else 1.0 / (4 * s)


def planner_effort(cost: float) -> float:
    """:math:`1/c`, the effort that maximises output minus effort cost.

    Examples
    --------
    >>> planner_effort(2.0)
    0.5
    """
    return 1.0 / positive_float(cost, "cost")


def _check_global(payoff: Callable[[np.ndarray], np.ndarray], candidate: float, upper: float, what: str) -> None:
    """Raise when a deviation on a fine grid of [0, upper] beats ``candidate`` (the closed form is not an equilibrium)."""
    grid = np.linspace(0.0, upper, _GRID)
    values = payoff(grid)
    here = float(payoff(np.array([candidate]))[0])
    scale = max(1.0, float(np.ptp(values)))
    if values.max() > here + 1e-9 * scale:
        raise InvalidArgumentError(
            f"noise_scale: too little noise for the prize: the first-order {what} {candidate:.4g} is not a global best "
            f"response (deviating to {grid[int(values.argmax())]:.4g} gains {values.max() - here:.3g}); no symmetric "
            "pure-strategy equilibrium of this form")


def lazear_rosen_effort(prize_spread: float, noise_scale: float, cost: float, noise: str = "normal") -> float:
    """The symmetric equilibrium effort :math:`\\Delta W g(0)/c` of the two-official tournament, checked global.

    Raises
    ------
    InvalidArgumentError
        Zero or negative noise or cost, an unknown noise, or a prize so large relative to the
        noise that the first-order effort is not a best response.

    Examples
    --------
    >>> round(lazear_rosen_effort(1.0, 1.0, 1.0, "logistic"), 6)
    0.25
    """
    spread = positive_float(prize_spread, "prize_spread", allow_zero=True)
    noise, s = _noise(noise, noise_scale)
    c = positive_float(cost, "cost")
    effort = spread * win_density_at_zero(s, noise) / c
    _check_global(lambda e: spread * win_probability(e - effort, s, noise) - c * e ** 2 / 2, effort,
                  max(4 * effort, 2 * math.sqrt(2 * spread / c)), "effort")
    return effort


def lazear_rosen_game(prize_spread: float, noise_scale: float, cost: float, noise: str = "normal",
                      max_effort: float | None = None) -> ContinuousGame:
    """The two-official tournament as a :class:`~coordgame.ContinuousGame` (efforts in ``[0, max_effort]``).

    Examples
    --------
    >>> game = lazear_rosen_game(1.0, 1.0, 1.0, "logistic")
    >>> game.payoffs([0.25, 0.25]).round(4).tolist()
    [0.4688, 0.4688]
    """
    spread = positive_float(prize_spread, "prize_spread", allow_zero=True)
    noise, s = _noise(noise, noise_scale)
    c = positive_float(cost, "cost")
    top = max_effort if max_effort is not None else max(1.0, 2 * math.sqrt(2 * spread / c))

    def payoff(e: np.ndarray) -> np.ndarray:
        lead = e - e[::-1]
        return spread * win_probability(lead, s, noise) - c * e ** 2 / 2

    return ContinuousGame([(0.0, top), (0.0, top)], payoff, title="Lazear-Rosen tournament")


def _players(num_players: int) -> int:
    if isinstance(num_players, bool) or int(num_players) != num_players or int(num_players) < 2:
        raise InvalidArgumentError(f"num_players: a tournament needs at least two officials, got {num_players!r}")
    return int(num_players)


def marginal_prize_value(prize: float, num_players: int, noise_scale: float) -> float:
    """:math:`V(N-1)/(N^2 s)`: the marginal expected prize of one's own output at the symmetric point.

    Examples
    --------
    >>> marginal_prize_value(4.0, 2, 1.0)
    1.0
    """
    n = _players(num_players)
    _, s = _noise("logistic", noise_scale)
    return positive_float(prize, "prize", allow_zero=True) * (n - 1) / (n ** 2 * s)


def logit_tournament_effort(prize: float, num_players: int, noise_scale: float, cost: float) -> float:
    """The symmetric Nash effort :math:`V(N-1)/(N^2 s c)` of an N-official logit tournament, checked global.

    Examples
    --------
    >>> logit_tournament_effort(9.0, 3, 1.0, 1.0)
    2.0
    """
    effort = marginal_prize_value(prize, num_players, noise_scale) / positive_float(cost, "cost")
    n, v, s, c = int(num_players), float(prize), float(noise_scale), float(cost)

    def deviation(e: np.ndarray) -> np.ndarray:
        return v * expit((e - effort) / s - math.log(n - 1)) - c * e ** 2 / 2

    _check_global(deviation, effort, max(4 * effort, 2 * math.sqrt(2 * v / c)), "effort")
    return effort


def logit_tournament_game(prize: float, num_players: int, noise_scale: float, cost: float,
                          max_effort: float | None = None) -> ContinuousGame:
    """The N-official logit tournament as a :class:`~coordgame.ContinuousGame`.

    Examples
    --------
    >>> logit_tournament_game(9.0, 3, 1.0, 1.0).payoffs([2.0, 2.0, 2.0]).tolist()
    [1.0, 1.0, 1.0]
    """
    n = _players(num_players)
    v, s = positive_float(prize, "prize", allow_zero=True), _noise("logistic", noise_scale)[1]
    c = positive_float(cost, "cost")
    top = max_effort if max_effort is not None else max(1.0, 2 * math.sqrt(2 * v / c))

    def payoff(e: np.ndarray) -> np.ndarray:
        z = (e - e.max()) / s
        return v * np.exp(z) / np.exp(z).sum() - c * e ** 2 / 2

    return ContinuousGame([(0.0, top)] * n, payoff, title=f"logit tournament of {n} officials")


def _cooperation(prize: float, noise_scale: float, own_benefit: float, rival_benefit: float, local_weight: float,
                 cost: float) -> tuple[float, float, float, float, float, float]:
    return (positive_float(prize, "prize", allow_zero=True), _noise("logistic", noise_scale)[1],
            positive_float(own_benefit, "own_benefit", allow_zero=True),
            positive_float(rival_benefit, "rival_benefit", allow_zero=True),
            positive_float(local_weight, "local_weight", allow_zero=True), positive_float(cost, "cost"))


def cooperation_collapse_prize(noise_scale: float, own_benefit: float, rival_benefit: float, local_weight: float) -> float:
    """:math:`V_c = 4 s a\\rho/(b - \\rho)`, the prize at which help stops (``inf`` if :math:`b \\le \\rho`).

    Examples
    --------
    >>> cooperation_collapse_prize(1.0, 0.5, 1.0, 1.0)
    4.0
    """
    _, s, rho, b, a, _ = _cooperation(0.0, noise_scale, own_benefit, rival_benefit, local_weight, 1.0)
    return math.inf if b <= rho else 4 * s * a * rho / (b - rho)


def cooperation_help(prize: float, noise_scale: float, own_benefit: float, rival_benefit: float,
                     local_weight: float = 1.0, cost: float = 1.0) -> float:
    """The symmetric equilibrium help :math:`(a\\rho - V(b-\\rho)/(4s))^+/k`, checked global.

    Examples
    --------
    >>> cooperation_help(1.0, 1.0, 0.5, 1.0), cooperation_help(5.0, 1.0, 0.5, 1.0)
    (0.375, 0.0)
    """
    v, s, rho, b, a, k = _cooperation(prize, noise_scale, own_benefit, rival_benefit, local_weight, cost)
    help_ = max(0.0, a * rho - v * (b - rho) / (4 * s)) / k

    def deviation(h: np.ndarray) -> np.ndarray:
        return a * rho * h + v * expit((rho - b) * (h - help_) / s) - k * h ** 2 / 2

    _check_global(deviation, help_, max(4 * help_, 4 * a * (rho + b) / k, 1.0), "help")
    return help_


def planner_help(own_benefit: float, rival_benefit: float, local_weight: float = 1.0, cost: float = 1.0) -> float:
    """:math:`a(\\rho + b)/k`: the help that maximises both regions' valued output minus its cost.

    Examples
    --------
    >>> planner_help(0.5, 1.0)
    1.5
    """
    _, _, rho, b, a, k = _cooperation(0.0, 1.0, own_benefit, rival_benefit, local_weight, cost)
    return a * (rho + b) / k


def cooperation_game(prize: float, noise_scale: float, own_benefit: float, rival_benefit: float,
                     local_weight: float = 1.0, cost: float = 1.0, max_help: float | None = None) -> ContinuousGame:
    """The two officials' help game as a :class:`~coordgame.ContinuousGame`.

    Examples
    --------
    >>> cooperation_game(0.0, 1.0, 0.5, 1.0).payoffs([0.5, 0.5]).tolist()
    [0.625, 0.625]
    """
    v, s, rho, b, a, k = _cooperation(prize, noise_scale, own_benefit, rival_benefit, local_weight, cost)
    top = max_help if max_help is not None else max(1.0, 2 * a * (rho + b) / k)

    def payoff(h: np.ndarray) -> np.ndarray:
        output = rho * h + b * h[::-1]
        return a * output + v * expit((output - output[::-1]) / s) - k * h ** 2 / 2

    return ContinuousGame([(0.0, top), (0.0, top)], payoff, title="cooperation under a zero-sum ranking")
