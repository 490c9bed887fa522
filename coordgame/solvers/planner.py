r"""The planner's problem: the social optimum of a finite or a continuous game.

One entry point, :func:`social_optimum`, for every representation: a finite game
(:class:`~coordgame.NormalFormGame`) is solved here exactly; a continuous game
(:class:`~coordgame.ContinuousGame`) by the certified local search of
:mod:`coordgame.solvers.continuous.planner`.

**Finite games.**  A planner who can dictate every player's action chooses

.. math:: a^* \in \arg\max_{a \in A} W(u(a)),

found by evaluating :math:`W` at every pure profile at once (vectorised over the payoff
tensor) and keeping every profile within a tolerance of the best (ties are common in
symmetric games).

When :math:`W` is linear (utilitarian or weighted), the welfare of a lottery over profiles is
the expected welfare, so randomising never helps.  When :math:`W` is concave but not linear —
the Rawlsian minimum or the Nash product, both evaluated at the *expected* payoffs — a lottery
can do strictly better than every pure profile: in a game where one profile favours player 1
and another favours player 2, mixing them equalises expected payoffs.  The planner's best
joint distribution :math:`\max_{p \in \Delta(A)} W(E_p u)` is then a linear program (Rawlsian,
with one auxiliary variable; HiGHS) or a concave program (Nash product; cvxpy).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from coordgame._arguments import checked_arguments
from coordgame.errors import InvalidArgumentError
from coordgame.games.continuous import ContinuousGame
from coordgame.games.normal_form import NormalFormGame, as_game
from coordgame.results import Result
from coordgame.solvers.continuous._common import ContinuousOptimum
from coordgame.solvers.continuous.planner import _continuous_social_optimum
from coordgame.tolerances import DEFAULT_TOL, PLANNER_TOL, absolute_tolerance, check_tolerance
from coordgame.welfare import WelfareLike, as_welfare

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Callable

__all__ = ["SocialOptimum", "social_optimum"]


@dataclass(frozen=True, eq=False)
class SocialOptimum(Result):
    """The planner's choice.

    Attributes
    ----------
    welfare_name : str
    profiles : tuple of tuple of int
        Every pure profile attaining the best pure welfare (within the tolerance), in
        lexicographic order.
    payoffs : ndarray
        The payoffs at ``profiles[0]``.
    welfare : float
        The best welfare over pure profiles.
    distribution : ndarray, shape (n_1, ..., n_N)
        The planner's best joint distribution: a point mass on ``profiles[0]`` when
        randomising cannot help (linear or custom welfare), else the optimal lottery.
    distribution_payoffs : ndarray
        Expected payoffs under ``distribution``.
    distribution_welfare : float
        Welfare of those expected payoffs (``>= welfare``).

    Examples
    --------
    >>> import coordgame as cg
    >>> opt = cg.social_optimum(cg.games.battle_of_the_sexes(), "rawlsian")
    >>> opt.profiles, opt.welfare, round(opt.distribution_welfare, 6), round(opt.randomization_gain, 6)
    (((0, 0), (1, 1)), 2.0, 2.5, 0.5)
    """

    welfare_name: str
    profiles: tuple[tuple[int, ...], ...]
    payoffs: np.ndarray
    welfare: float
    distribution: np.ndarray
    distribution_payoffs: np.ndarray
    distribution_welfare: float

    #: Exhaustive: every pure profile's welfare is evaluated, so there is no figure to verify.
    method = "social_optimum"

    @property
    def profile(self) -> tuple[int, ...]:
        """The first optimal pure profile."""
        return self.profiles[0]

    @property
    def best_welfare(self) -> float:
        """The best welfare the planner can reach, with randomisation if it helps."""
        return max(self.welfare, self.distribution_welfare)

    @property
    def randomization_gain(self) -> float:
        """How much the best lottery beats the best pure profile (0 for linear welfare)."""
        return max(0.0, self.distribution_welfare - self.welfare)

    def __repr__(self) -> str:
        return (f"SocialOptimum({self.welfare_name}: profiles={list(self.profiles)}, welfare={self.welfare:.6g}, "
                f"with lottery {self.distribution_welfare:.6g})")




@checked_arguments
def social_optimum(
    game: NormalFormGame | ContinuousGame,
    welfare: WelfareLike = "utilitarian",
    *,
    tol: float | None = None,
    objective: Callable[[np.ndarray], float] | None = None,
    objective_gradient: Callable[[np.ndarray], Any] | None = None,
    initial: Any = None,
    num_random_starts: int | None = None,
    seed: int | np.random.Generator | None = 0,
) -> SocialOptimum | ContinuousOptimum:
    """The planner's optimum: the welfare-maximising profile(s) of a finite or continuous game.

    **Finite game** (:class:`~coordgame.NormalFormGame`): every pure profile within the tie
    tolerance of the best welfare and, for concave welfare (Rawlsian, Nash product), the best
    lottery over profiles (see the module docstring).  **Continuous game**
    (:class:`~coordgame.ContinuousGame`): the welfare maximised over the action sets by a
    certified local search (L-BFGS-B on boxes), reported with the projected-gradient residual
    that certifies a stationary point — the global maximum when the welfare is concave (see
    :mod:`coordgame.solvers.continuous.planner`).

    Parameters
    ----------
    game : NormalFormGame, ContinuousGame or array_like
        The game, or a finite game's payoffs (see :func:`coordgame.games.as_game`).
    welfare : str, Welfare or callable, default "utilitarian"
        A function of the players' payoff vector; see :func:`coordgame.welfare.as_welfare`
        (``coordgame.welfare.utilitarian(weights)`` for weights).
    tol : float, optional
        Finite game: profiles whose welfare is within ``tol * game.payoff_range`` of the best are
        all optimal (default 1e-9).  Continuous game: ``converged`` requires the
        projected-gradient residual to be at most ``tol * max(1, max |∇W(x)|)`` (default 1e-6).
    objective : callable, optional
        Continuous game only: a function ``objective(x) -> float`` of the flat profile maximised
        instead of ``welfare`` (e.g. total surplus including consumers, which is not a function
        of the players' payoffs).
    objective_gradient : callable, optional
        Continuous game only: the gradient ``(D,)`` of ``objective`` (default: finite differences).
    initial : array_like, optional
        Continuous game only: a starting profile, used in addition to ``game.center()`` and the
        random starts.
    num_random_starts : int, optional
        Continuous game only: random starts besides ``game.center()`` and ``initial``, each a full
        local optimisation.  Default 4 for games of dimension up to 100, else 0.
    seed : int or Generator, default 0
        Continuous game only: for the random starts.

    Returns
    -------
    SocialOptimum or ContinuousOptimum
        :class:`SocialOptimum` for a finite game, :class:`~coordgame.ContinuousOptimum` for a
        continuous one.

    Examples
    --------
    >>> import coordgame as cg
    >>> opt = cg.social_optimum(cg.games.prisoners_dilemma())
    >>> opt.profiles, opt.welfare
    (((0, 0),), 4.0)

    Battle of the sexes under max-min welfare: each pure coordination gives the worse-off
    player 2, while a fair coin between the two gives each 2.5.

    >>> opt = cg.social_optimum(cg.games.battle_of_the_sexes(), "rawlsian")
    >>> opt.profiles, opt.welfare, round(opt.distribution_welfare, 6)
    (((0, 0), (1, 1)), 2.0, 2.5)

    Continuous games: efficient team effort :math:`a / c`, and the joint profit of a Cournot
    market (a monopoly of the cheapest firm, :math:`(a - c_{\\min}) / 2b`).

    >>> opt = cg.social_optimum(cg.games.team_effort(4, productivity=2.0, cost=1.0))
    >>> opt.profile.round(6).tolist(), round(opt.welfare, 6)
    ([2.0, 2.0, 2.0, 2.0], 8.0)
    >>> opt = cg.social_optimum(cg.games.cournot(12, 1, [1, 2, 8]))
    >>> opt.converged, opt.profile.round(8).tolist(), round(opt.welfare, 8)
    (True, [5.5, 0.0, 0.0], 30.25)
    """
    if isinstance(game, ContinuousGame):
        return _continuous_social_optimum(game, welfare, objective=objective, objective_gradient=objective_gradient,
                                          initial=initial, num_random_starts=num_random_starts, seed=seed,
                                          tol=PLANNER_TOL if tol is None else tol)
    game = as_game(game)
    given = {"objective": objective, "objective_gradient": objective_gradient, "initial": initial,
             "num_random_starts": num_random_starts}
    for name, value in given.items():
        if value is not None:
            raise InvalidArgumentError(f"{name}: only for a continuous game; a finite game is solved exactly")
    tol = DEFAULT_TOL if tol is None else check_tolerance(tol, "tol")
    w = as_welfare(welfare)
    w.check_game(game)
    values = w.over_profiles(game.payoffs)
    best = float(values.max())
    ties = np.argwhere(values >= best - absolute_tolerance(tol, game))
    profiles = tuple(tuple(int(x) for x in a) for a in ties)
    first = game.payoffs[(slice(None), *profiles[0])].copy()
    point_mass = np.zeros(game.num_actions)
    point_mass[profiles[0]] = 1.0
    distribution, lottery_payoffs = point_mass, first
    if w.kind in ("rawlsian", "nash_product"):
        from coordgame.solvers.correlated import optimize_distribution

        x, _ = optimize_distribution(game, w, constraints=None, maximize=True)
        x = np.clip(x, 0.0, None)
        x /= x.sum()
        candidate = game.payoffs.reshape(game.num_players, -1) @ x
        if w(candidate) > best:  # keep the point mass when the solver's lottery is no better
            distribution, lottery_payoffs = x.reshape(game.num_actions), candidate
    for array in (first, distribution, lottery_payoffs):
        array.setflags(write=False)
    return SocialOptimum(
        welfare_name=w.name, profiles=profiles, payoffs=first, welfare=best, distribution=distribution,
        distribution_payoffs=lottery_payoffs, distribution_welfare=w(lottery_payoffs),
    )
