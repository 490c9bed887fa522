r"""Threshold equilibria of binary global games (:class:`~coordgame.games.global_game.GlobalGame`).

**Threshold equilibrium.**  If every other player joins iff her private signal exceeds
:math:`x^*`, another player joins at state :math:`\theta` with probability
:math:`p(\theta) = \Phi((\theta - x^*)/\sigma_x)`; the share of the others who join is
:math:`\ell = p(\theta)` in a continuum and :math:`K/(N-1)`, :math:`K \sim \mathrm{Bin}(N-1,
p(\theta))`, with :math:`N` players.  A player with signal :math:`x` expects the gain

.. math:: G(x; x^*) = \mathbb E\big[g(\theta, \ell) \mid x\big],
          \qquad \theta \mid x \sim N(m(x), s^2)

(Gauss–Hermite quadrature over the posterior, exact binomial sums over :math:`K`).  Because
:math:`g` rises in :math:`\theta` and :math:`\ell`, :math:`G` rises in the own signal, so the
threshold strategy :math:`x^*` is an equilibrium iff :math:`G(x^*; x^*) = 0`.
:func:`threshold_equilibria` finds **every** root: it scans :math:`G(x; x)` on a grid spanning
the dominance bounds widened by the posterior spread, refines each sign change by Brent's
method, and verifies each threshold as a best response (regret over a grid of own signals,
relative to the payoff range).  The **state threshold** reported is the marginal player's
posterior mean :math:`\theta^* = m(x^*)`; as :math:`\sigma_x \to 0` everybody joins iff
:math:`\theta > \theta^*`.

**Closed forms it reproduces** (tests): in the linear game :math:`g = \theta + r\ell - c` without
an announcement the marginal player's belief about :math:`\ell` is uniform (the *Laplacian*
belief; discrete uniform on :math:`\{0, \frac1{N-1}, \dots, 1\}` with :math:`N` players), so
:math:`x^* = \theta^* = c - r/2` for every :math:`\sigma_x` and :math:`N` (Morris & Shin 2003,
§2; Carlsson & van Damme 1993).  With an announcement of precision :math:`\alpha_y` and private
precision :math:`\alpha_x`, :math:`\theta^*` solves

.. math:: \theta^* = c - r\,\Phi\big(\kappa\,(y - \theta^*)\big), \qquad
          \kappa = \frac{\alpha_y}{\sqrt{\alpha_x}} \sqrt{\frac{\alpha_x + \alpha_y}{2\alpha_x + \alpha_y}},

so the equilibrium is unique iff :math:`r\,\kappa \le \sqrt{2\pi}` (the slope of the right side
never exceeds 1); a precise public signal (large :math:`\alpha_y` relative to
:math:`\sqrt{\alpha_x}`) restores multiplicity (Morris & Shin 2003, §3).

**The planner** chooses a common threshold with the same information to maximise expected welfare
(per capita) :math:`w(\theta, p) = p\,\mathbb E[u_1] + (1 - p)\,\mathbb E[u_0]`.  Differentiating
under the integral, a stationary threshold solves :math:`\mathbb E[\partial w/\partial p \mid x_P]
= 0`: the marginal player's own gain plus the externality of her joining on everybody else
(:func:`planner_thresholds`; in the linear game :math:`x_P = c - r`: the planner adopts wherever
joining is not dominated).
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Any, ClassVar

import numpy as np
from scipy.optimize import brentq
from scipy.special import gammaln, ndtr, xlog1py, xlogy

from coordgame._arguments import checked_arguments
from coordgame.errors import InvalidArgumentError, VerificationError
from coordgame.games.global_game import GlobalGame, dominance_bounds
from coordgame.results import Result
from coordgame.tolerances import CONTINUOUS_TOL, check_tolerance, payoff_range

__all__ = ["ThresholdEquilibrium", "ThresholdSet", "expected_gain", "threshold_equilibria", "planner_thresholds",
           "adoption_outcome", "outcome_curves"]

#: Gauss–Hermite nodes over the posterior of θ (the integrands are smooth in θ).
NUM_NODES = 64
#: Points of the scan for sign changes of the fixed-point function.
GRID_SIZE = 240


@dataclasses.dataclass(frozen=True, repr=False)
class ThresholdEquilibrium(Result):
    """One threshold strategy: join iff the private signal exceeds ``signal_threshold``.

    Attributes
    ----------
    signal_threshold : float
        :math:`x^*`.
    state_threshold : float
        :math:`\\theta^*`, the marginal player's posterior mean of the fundamental.
    regret : float
        Largest gain from deviating at any own signal on the check grid (payoff units).
    threshold_tol : float
        The absolute bound ``regret`` was checked against (``tol`` times the payoff range).
    method : str
        ``"equilibrium"`` or ``"planner"`` (a stationary point of expected welfare).

    Examples
    --------
    >>> from coordgame.games.global_game import linear_adoption_game
    >>> from coordgame.solvers.global_game import threshold_equilibria
    >>> eq = threshold_equilibria(linear_adoption_game(private_sd=0.1))[0]
    >>> round(eq.signal_threshold, 9), round(eq.state_threshold, 9), bool(eq.regret <= eq.threshold_tol)
    (0.5, 0.5, True)
    """

    signal_threshold: float
    state_threshold: float
    regret: float
    threshold_tol: float
    method: str = "equilibrium"

    _verified_by: ClassVar = ("regret", "regret", "threshold_tol", None)


@dataclasses.dataclass(frozen=True, repr=False)
class ThresholdSet(Result):
    """Every threshold found for one game (one when the equilibrium is unique).

    Attributes
    ----------
    thresholds : tuple of ThresholdEquilibrium
        In increasing order of ``signal_threshold``.
    game : GlobalGame
    uniqueness_index : float or None
        :math:`r\\kappa / \\sqrt{2\\pi}` for the linear game with an announcement (unique iff ≤ 1);
        ``None`` otherwise.

    Examples
    --------
    >>> from coordgame.games.global_game import linear_adoption_game
    >>> from coordgame.solvers.global_game import threshold_equilibria
    >>> noisy = linear_adoption_game(private_sd=0.1, public_sd=0.05, public_signal=0.5)
    >>> found = threshold_equilibria(noisy)  # a precise public signal restores multiplicity
    >>> found.num_thresholds, found.unique, [round(t.signal_threshold, 4) for t in found.thresholds]
    (3, False, [-2.0, 0.5, 3.0])
    """

    thresholds: tuple[ThresholdEquilibrium, ...]
    game: GlobalGame
    method: str = "equilibrium"

    _members: ClassVar = "thresholds"
    _frame_by_member: ClassVar = True
    _dict_skip: ClassVar = ("game",)
    _dict_extras: ClassVar = ("unique", "num_thresholds")

    @property
    def unique(self) -> bool:
        """Whether exactly one threshold was found."""
        return len(self.thresholds) == 1

    @property
    def num_thresholds(self) -> int:
        return len(self.thresholds)

    def __getitem__(self, index: int) -> ThresholdEquilibrium:
        return self.thresholds[index]

    def __len__(self) -> int:
        return len(self.thresholds)


# ---------------------------------------------------------------------- integration
@functools.lru_cache(maxsize=16)
def _nodes(num_nodes: int) -> tuple[np.ndarray, np.ndarray]:
    z, w = np.polynomial.hermite_e.hermegauss(num_nodes)
    w = w / w.sum()
    z.setflags(write=False)
    w.setflags(write=False)
    return z, w


def _over_share(game: GlobalGame, theta: np.ndarray, p: np.ndarray, func: Any, *, others: int | None = None) -> np.ndarray:
    """:math:`\\mathbb E[f(\\theta, \\ell)]` over the share of the others who join, given join probability ``p``."""
    if game.num_players is None:
        return func(theta, p)
    n = game.num_players - 1 if others is None else others
    k = np.arange(n + 1)
    log_choose = gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1)
    pmf = np.exp(log_choose + xlogy(k, p[..., None]) + xlog1py(n - k, -p[..., None]))
    return (pmf * func(theta[..., None], k / (game.num_players - 1))).sum(axis=-1)


def expected_gain(game: GlobalGame, signal: Any, threshold: Any, *, num_nodes: int = NUM_NODES) -> np.ndarray:
    """:math:`G(x; x^*)`: expected gain from joining at own signal ``signal`` when the others use ``threshold``.

    ``signal`` and ``threshold`` broadcast together.

    Examples
    --------
    >>> from coordgame.games.global_game import linear_adoption_game
    >>> from coordgame.solvers.global_game import expected_gain
    >>> g = linear_adoption_game(private_sd=0.2)
    >>> round(float(expected_gain(g, 0.5, 0.5)), 12)  # the Laplacian marginal player: 0.5 + 1/2 - 1
    0.0
    """
    x, threshold = np.broadcast_arrays(np.asarray(signal, dtype=float), np.asarray(threshold, dtype=float))
    mean, sd = game.posterior(x)
    z, w = _nodes(num_nodes)
    theta = np.asarray(mean)[..., None] + sd * z
    p = ndtr((theta - threshold[..., None]) / game.private_sd)
    return (_over_share(game, theta, p, game.gain) * w).sum(axis=-1)


def _marginal_welfare(game: GlobalGame, theta: np.ndarray, p: np.ndarray) -> np.ndarray:
    """:math:`\\partial w / \\partial p` at ``(theta, p)``: own gain plus the externality on the others."""
    u1, u0 = game.join_payoff, game.stay_payoff
    if game.num_players is None:
        h = 1e-6
        up, down = np.minimum(p + h, 1.0), np.maximum(p - h, 0.0)

        def slope(u: Any) -> np.ndarray:
            return (u(theta, up) - u(theta, down)) / (up - down)

        return game.gain(theta, p) + p * slope(u1) + (1 - p) * slope(u0)
    n, scale = game.num_players - 1, game.num_players - 1.0
    own = _over_share(game, theta, p, game.gain)

    def step(u: Any) -> Any:
        return lambda t, share: u(t, share + 1.0 / scale) - u(t, share)

    spill = n * (p * _over_share(game, theta, p, step(u1), others=n - 1)
                 + (1 - p) * _over_share(game, theta, p, step(u0), others=n - 1))
    return own + spill


def _expected_marginal_welfare(game: GlobalGame, signal: np.ndarray, num_nodes: int) -> np.ndarray:
    mean, sd = game.posterior(signal)
    z, w = _nodes(num_nodes)
    theta = np.asarray(mean)[..., None] + sd * z
    p = ndtr((theta - np.asarray(signal)[..., None]) / game.private_sd)
    return (_marginal_welfare(game, theta, p) * w).sum(axis=-1)


# ---------------------------------------------------------------------- roots
def _signal_window(game: GlobalGame) -> tuple[float, float]:
    """Own signals whose posterior mean covers the dominance bounds widened by 10 posterior sds."""
    low, high = dominance_bounds(game)
    _, sd = game.posterior(0.0)
    spread = max(10 * sd, 10 * game.private_sd, 1e-3 * max(1.0, high - low))
    w, y = game.private_weight, game.public_signal
    return (low - spread - (1 - w) * y) / w, (high + spread - (1 - w) * y) / w


def _roots(func: Any, lo: float, hi: float, grid_size: int, *, upward_only: bool = False) -> list[float]:
    """Every zero of ``func`` on ``[lo, hi]``: exact zeros of the scan, then Brent on each strict sign change."""
    grid = np.linspace(lo, hi, grid_size)
    values = func(grid)
    out = [float(x) for x in grid[values == 0.0]]
    for i in np.flatnonzero(values[:-1] * values[1:] < 0):
        if upward_only and values[i] > values[i + 1]:
            continue
        out.append(float(brentq(lambda x: float(func(np.array([x]))[0]), grid[i], grid[i + 1], xtol=1e-13, rtol=1e-13)))
    return sorted(out)


def _payoff_unit(game: GlobalGame) -> float:
    low, high = dominance_bounds(game)
    spread = max(high - low, 4 * game.private_sd)
    theta = np.linspace(low - spread, high + spread, 41)[:, None]
    share = np.linspace(0.0, 1.0, 11)[None, :]
    return payoff_range(np.stack(np.broadcast_arrays(game.join_payoff(theta, share), game.stay_payoff(theta, share))))


def _check(game: GlobalGame, x_star: float, num_nodes: int, tol: float) -> ThresholdEquilibrium:
    """Regret of the threshold strategy against itself over own signals around ``x_star``."""
    _, sd = game.posterior(0.0)
    spread = 8 * sd / game.private_weight
    own = np.concatenate([np.linspace(x_star - spread, x_star + spread, 121), [x_star]])
    gain = expected_gain(game, own, x_star, num_nodes=num_nodes)
    joins = own >= x_star
    regret = float(np.max(np.where(joins, np.maximum(-gain, 0.0), np.maximum(gain, 0.0))))
    mean, _ = game.posterior(x_star)
    return ThresholdEquilibrium(x_star, float(mean), regret, tol * _payoff_unit(game))


def _validated(game: Any, tol: Any, num_nodes: Any, grid_size: Any) -> float:
    if not isinstance(game, GlobalGame):
        raise InvalidArgumentError(f"game: expected a GlobalGame, got {type(game).__name__}")
    for name, value, least in (("num_nodes", num_nodes, 8), ("grid_size", grid_size, 20)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < least:
            raise InvalidArgumentError(f"{name}: expected an integer >= {least}, got {value!r}")
    return check_tolerance(tol, "tol", positive=True)


@checked_arguments
def threshold_equilibria(game: GlobalGame, *, tol: float = CONTINUOUS_TOL, num_nodes: int = NUM_NODES,
                         grid_size: int = GRID_SIZE) -> ThresholdSet:
    """Every symmetric threshold equilibrium of ``game``, each verified as a best response.

    Parameters
    ----------
    game : GlobalGame
    tol : float
        Relative tolerance: the largest regret allowed, as a share of the payoff range (payoffs
        over the dominance region widened by the signal noise).
    num_nodes : int
        Gauss–Hermite nodes over the posterior.
    grid_size : int
        Points of the scan for sign changes (two roots closer than its spacing may merge).

    Returns
    -------
    ThresholdSet
        ``.unique`` says whether the equilibrium is unique.

    Raises
    ------
    VerificationError
        If a root fails the best-response check (the quadrature is too coarse for the game).

    Examples
    --------
    >>> from coordgame.games.global_game import linear_adoption_game
    >>> from coordgame.solvers.global_game import threshold_equilibria
    >>> eq = threshold_equilibria(linear_adoption_game(private_sd=0.1))
    >>> eq.unique, round(eq[0].signal_threshold, 9), eq.verification.passed
    (True, 0.5, True)
    >>> noisy = linear_adoption_game(private_sd=0.1, public_sd=0.05, public_signal=0.5)
    >>> threshold_equilibria(noisy).num_thresholds   # a precise announcement: multiplicity again
    3
    """
    tol = _validated(game, tol, num_nodes, grid_size)
    lo, hi = _signal_window(game)
    roots = _roots(lambda x: expected_gain(game, x, x, num_nodes=num_nodes), lo, hi, grid_size)
    found = tuple(_check(game, x, num_nodes, tol) for x in roots)
    failed = [t for t in found if not t.verification.passed]
    if failed:
        raise VerificationError(f"threshold {failed[0].signal_threshold:.6g}: regret {failed[0].regret:.3g} exceeds "
                                f"{failed[0].threshold_tol:.3g}; raise num_nodes")
    return ThresholdSet(found, game)


@checked_arguments
def planner_thresholds(game: GlobalGame, *, tol: float = CONTINUOUS_TOL, num_nodes: int = NUM_NODES,
                       grid_size: int = GRID_SIZE) -> ThresholdSet:
    """The welfare-maximising common thresholds (local maxima of expected welfare), with the players' information.

    Each returned threshold solves :math:`\\mathbb E[\\partial w/\\partial p \\mid x_P] = 0` with
    the derivative changing sign from minus to plus in :math:`x_P` (a local maximum of expected
    welfare).  Its ``regret`` is the residual :math:`|\\mathbb E[\\partial w/\\partial p \\mid
    x_P]|`: the planner's threshold is not an equilibrium, so no best-response check applies.

    Examples
    --------
    >>> from coordgame.games.global_game import linear_adoption_game
    >>> from coordgame.solvers.global_game import planner_thresholds
    >>> round(planner_thresholds(linear_adoption_game(private_sd=0.1))[0].signal_threshold, 9)
    0.0
    """
    tol = _validated(game, tol, num_nodes, grid_size)
    lo, hi = _signal_window(game)
    lo -= (hi - lo)  # the planner's threshold can lie below the lower dominance bound's window
    func = lambda x: _expected_marginal_welfare(game, x, num_nodes)  # noqa: E731
    roots = _roots(func, lo, hi, grid_size, upward_only=True)
    unit = _payoff_unit(game)
    found = tuple(ThresholdEquilibrium(x, float(game.posterior(x)[0]), float(abs(func(np.array([x]))[0])), tol * unit,
                                       method="planner") for x in roots)
    return ThresholdSet(found, game, method="planner")


# ---------------------------------------------------------------------- outcomes
def adoption_outcome(game: GlobalGame, theta: Any, threshold: Any) -> tuple[np.ndarray, np.ndarray]:
    """Adoption probability and expected welfare per player at fundamental ``theta`` under a threshold.

    Each player joins with probability :math:`p = \\Phi((\\theta - x^*)/\\sigma_x)`; welfare per
    player is :math:`p\\,\\mathbb E[u_1(\\theta, \\ell)] + (1-p)\\,\\mathbb E[u_0(\\theta, \\ell)]`
    with the others' share :math:`\\ell` as in the game (continuum or binomial).

    Examples
    --------
    >>> from coordgame.games.global_game import linear_adoption_game
    >>> from coordgame.solvers.global_game import adoption_outcome
    >>> p, w = adoption_outcome(linear_adoption_game(private_sd=0.1), [0.5, 2.0], 0.5)
    >>> p.round(3).tolist(), w.round(3).tolist()
    ([0.5, 1.0], [0.0, 2.0])
    """
    theta, threshold = np.broadcast_arrays(np.asarray(theta, dtype=float), np.asarray(threshold, dtype=float))
    p = ndtr((theta - threshold) / game.private_sd)
    if game.num_players is None:
        welfare = p * game.join_payoff(theta, p) + (1 - p) * game.stay_payoff(theta, p)
    else:
        welfare = p * _over_share(game, theta, p, game.join_payoff) + (1 - p) * _over_share(game, theta, p, game.stay_payoff)
    return p, np.asarray(welfare, dtype=float)


def _pick(found: ThresholdSet, selection: str) -> float:
    xs = [t.signal_threshold for t in found.thresholds]
    return xs[-1] if selection == "highest" else xs[0]


@checked_arguments
def outcome_curves(game: GlobalGame, theta: Any, *, planner: bool = False, selection: str = "highest",
                   num_public: int = 241, num_announcements: int = 80, **options: Any) -> dict[str, np.ndarray]:
    """Adoption probability and expected welfare per player against the true fundamental ``theta``.

    Without an announcement the threshold is one number.  With one, the announcement
    :math:`y = \\theta + \\sigma_y\\eta` is random given :math:`\\theta`: the thresholds
    :math:`x^*(y)` are solved on a grid of announcements and the outcome is averaged over
    :math:`\\eta` (an equally spaced rule on [-6, 6], ``num_public`` points; at most ``num_announcements`` solves,
    interpolated linearly).  Where several thresholds exist,
    ``selection`` picks the ``"highest"`` (least adoption) or ``"lowest"``; ``multiple`` in the
    output is the probability (over the announcement) that the equilibrium was not unique.

    Returns
    -------
    dict
        ``adoption``, ``welfare``, ``multiple`` (arrays like ``theta``).

    Examples
    --------
    >>> import numpy as np
    >>> from coordgame.games.global_game import linear_adoption_game
    >>> from coordgame.solvers.global_game import outcome_curves
    >>> out = outcome_curves(linear_adoption_game(private_sd=0.1), np.array([0.0, 0.5, 1.0]))
    >>> out["adoption"].round(3).tolist()
    [0.0, 0.5, 1.0]
    """
    if selection not in ("highest", "lowest"):
        raise InvalidArgumentError(f"selection: expected 'highest' or 'lowest', got {selection!r}")
    solve = planner_thresholds if planner else threshold_equilibria
    theta = np.asarray(theta, dtype=float)
    if game.public_sd is None:
        found = solve(game, **options)
        p, w = adoption_outcome(game, theta, _pick(found, selection))
        return {"adoption": p, "welfare": w, "multiple": np.full(theta.shape, float(not found.unique))}
    # An equally spaced rule in η, not Gauss–Hermite: x*(y) can be steep (the planner's especially),
    # and a few Gauss–Hermite nodes would turn each steep part into a visible staircase in θ.
    z = np.linspace(-6.0, 6.0, num_public)
    weight = np.exp(-0.5 * z**2)
    weight /= weight.sum()
    ys = np.linspace(theta.min() + z.min() * game.public_sd, theta.max() + z.max() * game.public_sd,
                     int(np.clip(3 * (np.ptp(theta) / game.public_sd + 2 * z.max()), 10, num_announcements)))
    sets = [solve(game.with_announcement(y), **options) for y in ys]
    x_of_y = np.array([_pick(s, selection) for s in sets])
    multiple_of_y = np.array([float(not s.unique) for s in sets])
    y = theta[..., None] + game.public_sd * z
    x = np.interp(y, ys, x_of_y)
    p, w = adoption_outcome(game, np.broadcast_to(theta[..., None], y.shape), x)
    return {"adoption": (p * weight).sum(axis=-1), "welfare": (w * weight).sum(axis=-1),
            "multiple": (np.interp(y, ys, multiple_of_y) * weight).sum(axis=-1)}
