r"""Result types and helpers shared by the continuous-game solvers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from coordgame.errors import InvalidArgumentError
from coordgame.games.continuous import ContinuousGame
from coordgame.results import Result

__all__ = ["ContinuousEquilibrium", "ContinuousOptimum", "CONTINUOUS_TOL"]


#: Default relative regret tolerance of the continuous solvers.
CONTINUOUS_TOL = 1e-8


@dataclass(frozen=True, eq=False)
class ContinuousEquilibrium(Result):
    """A candidate Nash equilibrium of a continuous game with its verification.

    Attributes
    ----------
    profile : ndarray
        The flat profile :math:`x` (length ``D``).
    strategies : tuple of ndarray
        Per-player blocks of ``profile``.
    payoffs : ndarray
        Each player's payoff.
    regret : float
        Largest best-response regret found (absolute payoff units).
    regrets : ndarray
        Each player's regret.
    residual : float
        Max-norm of the natural residual :math:`x - \\Pi_X(x + F(x))`.
    tol : float
        The absolute regret threshold applied (``tol * max(1, max |u_i|)``).
    converged : bool
        Whether ``regret <= tol``: the profile is a verified equilibrium.
    iterations : int
        First-order iterations; ``newton_iterations`` the refinement steps.
    method : str
    notes : tuple of str
    """

    profile: np.ndarray
    strategies: tuple[np.ndarray, ...]
    payoffs: np.ndarray
    regret: float
    regrets: np.ndarray
    residual: float
    tol: float
    converged: bool
    iterations: int
    newton_iterations: int
    method: str
    notes: tuple[str, ...] = ()

    _verified_by = ("regret", "regret", "tol", "converged")
    _dict_extras = ("welfare",)

    @property
    def welfare(self) -> float:
        """Utilitarian welfare: the sum of the players' payoffs."""
        return float(self.payoffs.sum())

    def __repr__(self) -> str:
        x = np.array2string(self.profile, precision=4, separator=", ", threshold=8)
        return (f"ContinuousEquilibrium({x}, regret={self.regret:.2g}, converged={self.converged}, "
                f"method={self.method!r})")



@dataclass(frozen=True, eq=False, repr=False)
class ContinuousOptimum(Result):
    """The planner's optimum of a continuous game.

    Attributes
    ----------
    profile, strategies, payoffs :
        As in :class:`ContinuousEquilibrium`.
    welfare : float
        The maximised welfare value.
    residual : float
        Max-norm of the projected-gradient residual :math:`x - \\Pi_X(x + \\nabla W(x))`, zero
        at a stationary point (a maximum when the welfare is concave).
    converged : bool
        Whether ``residual`` is at most ``tol * max(1, max |∇W(x)|)``, the search did not stop on
        its iteration budget and the welfare is finite: a certified stationary point, the global
        maximum when the welfare is concave (see :func:`coordgame.social_optimum`).
    method : str
    notes : tuple of str
    """

    profile: np.ndarray
    strategies: tuple[np.ndarray, ...]
    payoffs: np.ndarray
    welfare: float
    residual: float
    converged: bool
    method: str
    notes: tuple[str, ...] = ()

    _verified_by = ("residual", "residual", None, "converged")


# --------------------------------------------------------------------------- helpers
def _check_game(game: Any) -> ContinuousGame:
    if not isinstance(game, ContinuousGame):
        raise InvalidArgumentError(f"game: expected a ContinuousGame, got {type(game).__name__}")
    return game


def _start(game: ContinuousGame, initial: Any) -> np.ndarray:
    if initial is None:
        return game.center()
    return game.as_profile(game.project(game.as_profile(initial, tol=np.inf)))


def _residual(game: ContinuousGame, x: np.ndarray, F: np.ndarray) -> np.ndarray:
    return x - game.project(x + F)
