r"""Selection among pure equilibria by their payoffs: risk dominance, payoff dominance, the logit solution.

The criteria are stated in :mod:`coordgame.selection`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import comb

import numpy as np

from coordgame._arguments import checked_arguments
from coordgame.equilibrium import Equilibrium, EquilibriumSet
from coordgame.errors import InvalidArgumentError, UnsupportedGameError
from coordgame.games.normal_form import NormalFormGame, as_game
from coordgame.results import Result
from coordgame.selection.stability import stochastic_stability
from coordgame.tolerances import DEFAULT_TOL, absolute_tolerance

__all__ = ["RiskDominance", "risk_dominance", "PayoffDominance", "payoff_dominance", "logit_selection"]

PureProfile = tuple[int, ...]


# ---------------------------------------------------------------------------------- risk dominance
@dataclass(frozen=True)
class RiskDominance(Result):
    """Outcome of a risk-dominance comparison of two strict pure equilibria.

    Attributes
    ----------
    first, second : tuple of int
        The two equilibria compared.
    winner : tuple of int or None
        The risk-dominant one (``None`` on a tie).
    scores : tuple of float
        For two players, the Nash products of deviation losses of ``first`` and ``second``;
        for symmetric N-player games, the expected gain of ``first``'s action over ``second``'s
        under uniform beliefs, and its negative.
    larger_basin : tuple of int or None
        N-player symmetric games: the one of the two selected by the mistakes dynamics (the
        larger basin: more simultaneous mistakes are needed to leave it; Kandori, Mailath & Rob
        1993), from :func:`stochastic_stability`; ``None`` if neither alone.
    criterion : str

    Examples
    --------
    >>> import coordgame as cg
    >>> rd = cg.selection.risk_dominance(cg.games.stag_hunt())  # Nash products (4 - 3)^2 = 1 < (2 - 0)^2 = 4
    >>> rd.first, rd.second, rd.winner, rd.scores
    ((0, 0), (1, 1), (1, 1), (1.0, 4.0))
    """

    first: PureProfile
    second: PureProfile
    winner: PureProfile | None
    scores: tuple[float, float]
    larger_basin: PureProfile | None
    criterion: str

    @property
    def method(self) -> str:
        """The criterion applied."""
        return self.criterion


def _strict_equilibrium(game: NormalFormGame, profile: PureProfile) -> bool:
    for i in range(game.num_players):
        index = list(profile)
        index[i] = slice(None)
        column = game.payoffs[i][tuple(index)]
        others = np.delete(column, profile[i])
        if others.size and not column[profile[i]] > others.max():
            return False
    return True


def _is_symmetric(game: NormalFormGame, atol: float) -> bool:
    """Invariance of the payoffs under every adjacent transposition of players (they generate S_N)."""
    u = game.payoffs
    if len(set(game.num_actions)) != 1:
        return False
    for i in range(game.num_players - 1):
        swap = list(range(game.num_players))
        swap[i], swap[i + 1] = swap[i + 1], swap[i]
        swapped = np.transpose(u[swap], [0, *[a + 1 for a in swap]])
        if not np.allclose(swapped, u, rtol=0.0, atol=atol):
            return False
    return True


@checked_arguments
def risk_dominance(
    game: NormalFormGame, first: Sequence[int] | None = None, second: Sequence[int] | None = None, *,
    tol: float = DEFAULT_TOL,
) -> RiskDominance:
    """Compare two strict pure equilibria by Harsanyi–Selten risk dominance.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game, or a symmetric N-player game with two actions.
    first, second : pure profiles, optional
        The equilibria to compare.  Default: the all-0 and all-1 profiles (for a 2×2 game the
        diagonal equilibria ``(0, 0)`` and ``(1, 1)``).
    tol : float, default 1e-9
        Relative tolerance of the symmetry check and of ties.

    Returns
    -------
    RiskDominance

    Raises
    ------
    InvalidArgumentError
        If a profile is not a strict equilibrium, or the two share an action of some player.
    UnsupportedGameError
        For N > 2 players when the game is not symmetric with two actions, or the profiles
        compared are not the two symmetric ones.

    Examples
    --------
    The stag hunt of :func:`coordgame.games.stag_hunt` (``[[4, 0], [3, 2]]``): (Stag, Stag) pays
    more, but (Hare, Hare) risk-dominates, since (2 - 0)^2 = 4 > (4 - 3)^2 = 1.

    >>> import coordgame as cg
    >>> rd = cg.selection.risk_dominance(cg.games.stag_hunt())
    >>> rd.winner, rd.scores
    ((1, 1), (1.0, 4.0))
    """
    game = as_game(game)
    n = game.num_players
    first = tuple(int(a) for a in (first if first is not None else (0,) * n))
    second = tuple(int(a) for a in (second if second is not None else (1,) * n))
    for name, profile in (("first", first), ("second", second)):
        game.as_pure_profile(profile)
        if not _strict_equilibrium(game, profile):
            raise InvalidArgumentError(f"{name}: {profile} is not a strict pure equilibrium")
    if any(a == b for a, b in zip(first, second)):
        raise InvalidArgumentError(f"first, second: {first} and {second} share a player's action; "
                                   "risk dominance compares equilibria that differ in every action")
    atol = absolute_tolerance(tol, game)
    if n == 2:
        return _two_player_risk_dominance(game, first, second, atol)
    if game.num_actions != (2,) * n or not _is_symmetric(game, atol) or len(set(first)) != 1:
        raise UnsupportedGameError("game: risk dominance for N > 2 players is defined here for symmetric games with "
                                   "two actions, comparing the two symmetric pure profiles")
    return _symmetric_binary_risk_dominance(game, first, second, atol)


def _two_player_risk_dominance(game: NormalFormGame, a: PureProfile, b: PureProfile, atol: float) -> RiskDominance:
    u1, u2 = game.payoffs
    product_a = (u1[a] - u1[b[0], a[1]]) * (u2[a] - u2[a[0], b[1]])
    product_b = (u1[b] - u1[a[0], b[1]]) * (u2[b] - u2[b[0], a[1]])
    winner = a if product_a > product_b + atol else b if product_b > product_a + atol else None
    return RiskDominance(first=a, second=b, winner=winner, scores=(float(product_a), float(product_b)),
                         larger_basin=None, criterion="Nash product of deviation losses (Harsanyi-Selten 1988)")


def _symmetric_binary_risk_dominance(game: NormalFormGame, a: PureProfile, b: PureProfile, atol: float
                                     ) -> RiskDominance:
    n = game.num_players
    action_a, action_b = a[0], b[0]
    # delta[k]: player 0's gain from action_a over action_b when k of the others play action_a.
    delta = np.empty(n)
    for k in range(n):
        others = [action_a] * k + [action_b] * (n - 1 - k)
        delta[k] = game.payoffs[0][(action_a, *others)] - game.payoffs[0][(action_b, *others)]
    gain = float(sum(comb(n - 1, k) * delta[k] for k in range(n)) / 2 ** (n - 1))
    winner = a if gain > atol else b if gain < -atol else None
    stable = stochastic_stability(game, dynamics="mistakes", tol=atol / game.payoff_range).stable
    basin = a if stable == [a] else b if stable == [b] else None
    return RiskDominance(first=a, second=b, winner=winner, scores=(gain, -gain), larger_basin=basin,
                         criterion="best reply to uniform (1/2) beliefs: Harsanyi-Selten tracing from the centroid prior")


# -------------------------------------------------------------------------------- payoff dominance
@dataclass(frozen=True, eq=False)
class PayoffDominance(Result):
    """Pareto comparison of equilibria.

    Attributes
    ----------
    dominant : Equilibrium or None
        An equilibrium at least as good as every other one for every player (``None`` if none).
    efficient : tuple of Equilibrium
        The equilibria not Pareto-dominated by another one.

    Examples
    --------
    >>> import coordgame as cg
    >>> pd = cg.selection.payoff_dominance(cg.games.stag_hunt())
    >>> pd.dominant.pure_profile, [eq.pure_profile for eq in pd.efficient]
    ((0, 0), [(0, 0)])
    """

    dominant: Equilibrium | None
    efficient: tuple[Equilibrium, ...]

    method = "payoff_dominance"
    _members = "efficient"


@checked_arguments
def payoff_dominance(equilibria: EquilibriumSet | Sequence[Equilibrium] | NormalFormGame, *,
                     tol: float = DEFAULT_TOL) -> PayoffDominance:
    """The payoff-dominant (Pareto-best) equilibrium among ``equilibria``, and the efficient ones.

    Parameters
    ----------
    equilibria : EquilibriumSet, sequence of Equilibrium, or NormalFormGame
        The candidates; a game stands for its pure equilibria (:func:`coordgame.pure_nash`).
    tol : float, default 1e-9
        Relative tolerance of payoff comparisons: payoffs within
        ``tol * max(1, largest |payoff| among the candidates)`` count as equal.

    Examples
    --------
    >>> import coordgame as cg
    >>> cg.selection.payoff_dominance(cg.games.stag_hunt()).dominant.pure_profile
    (0, 0)
    """
    if isinstance(equilibria, NormalFormGame):
        from coordgame.solvers.pure import pure_nash

        equilibria = pure_nash(equilibria, tol=tol)
    if not isinstance(equilibria, (EquilibriumSet, Sequence)) or isinstance(equilibria, str) or not all(
            isinstance(eq, Equilibrium) for eq in equilibria):
        raise InvalidArgumentError("equilibria: expected an EquilibriumSet, a sequence of Equilibrium or a "
                                   f"NormalFormGame, got {type(equilibria).__name__}")
    candidates = tuple(equilibria)
    if not candidates:
        raise InvalidArgumentError("equilibria: expected at least one equilibrium")
    payoffs = np.array([eq.payoffs for eq in candidates])
    atol = tol * max(1.0, float(np.abs(payoffs).max()))
    weakly = (payoffs[:, None, :] >= payoffs[None, :, :] - atol).all(axis=2)  # [a, b]: a >= b for all players
    strictly = weakly & (payoffs[:, None, :] > payoffs[None, :, :] + atol).any(axis=2)
    efficient = tuple(eq for k, eq in enumerate(candidates) if not strictly[:, k].any())
    dominant = next((eq for k, eq in enumerate(candidates) if weakly[k].all()), None)
    return PayoffDominance(dominant=dominant, efficient=efficient)


def logit_selection(game: NormalFormGame, *, tol: float = DEFAULT_TOL) -> Equilibrium:
    """The logit solution (McKelvey & Palfrey 1995): the limit of the principal logit QRE branch.

    Examples
    --------
    >>> import coordgame as cg
    >>> cg.selection.logit_selection(cg.games.stag_hunt()).pure_profile
    (1, 1)
    """
    from coordgame.solvers.logit import logit_solve

    return logit_solve(game, tol=tol)
