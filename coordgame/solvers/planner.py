r"""The planner's problem: the social optimum of a finite game.

A planner who can dictate every player's action chooses

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
from typing import TYPE_CHECKING

import numpy as np

from coordgame._arguments import checked_arguments
from coordgame.games.normal_form import as_game
from coordgame.results import Result
from coordgame.welfare import WelfareLike, as_welfare

if TYPE_CHECKING:  # pragma: no cover
    from coordgame.games.normal_form import NormalFormGame

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
def social_optimum(game: NormalFormGame, welfare: WelfareLike = "utilitarian", *, tol: float = 1e-9) -> SocialOptimum:
    """The welfare-maximising pure profiles and, for concave welfare, the best lottery.

    Parameters
    ----------
    game : NormalFormGame or array_like
        The game, or its payoffs: see :func:`coordgame.games.as_game`.
    welfare : str, Welfare or callable, default "utilitarian"
        See :func:`coordgame.welfare.as_welfare`.
    tol : float, default 1e-9
        Profiles whose welfare is within ``tol * game.payoff_scale`` of the best are all
        reported as optimal.

    Returns
    -------
    SocialOptimum

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
    """
    game = as_game(game)
    w = as_welfare(welfare)
    w.check_game(game)
    values = w.over_profiles(game.payoffs)
    best = float(values.max())
    ties = np.argwhere(values >= best - tol * game.payoff_scale)
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
