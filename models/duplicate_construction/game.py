"""Stage 1: the entry game among regional governments (portfolios of clusters), stage 2 solved."""

from __future__ import annotations

from typing import Any

import numpy as np

from coordgame.games.structured import StructuredGame, binary_portfolios, portfolio_index, portfolio_row

from .economy import Economy

__all__ = ["entry_game"]


def _portfolio_matrix(portfolios: np.ndarray, profile: tuple[int, ...]) -> np.ndarray:
    return portfolios[np.asarray(profile)].astype(float)


def entry_game(economy: Economy, *, subsidy: Any = 0.0, quota: Any = None) -> StructuredGame:
    """The stage-1 entry game as a :class:`~coordgame.games.structured.StructuredGame`.

    Each region's actions are the 0/1 portfolios of :func:`coordgame.games.structured.binary_portfolios`
    (with at most ``budget`` ones); payoffs are the reduced-form :math:`U_r` with stage 2 solved.
    Listing the portfolios limits it to K <= 24 industries (and it is slow well before that):
    the model's own regimes compute best responses from entry gains instead
    (:mod:`~coordgame.models.duplicate_construction.portfolio`, any K); this game is for the
    library's generic solvers and for cross-checks on small instances.

    The players' payoffs are *officials'* payoffs (profit plus the weight λ on local output
    value and the tournament term θ), not national welfare: a library regime applied to this
    game with its default ``welfare="utilitarian"`` (e.g. :class:`coordgame.mechanisms.Mediator`,
    :class:`coordgame.mechanisms.CentralPlanning`) optimises the *sum of officials' payoffs*.
    The model's own regimes (:func:`solve_model`, :func:`compare_regimes`) optimise and compare
    national welfare (:meth:`Economy.welfare`); use those for statements about the economy.

    Parameters
    ----------
    economy : Economy
    subsidy : float or array (K,), default 0
        Entry subsidy per cluster of each industry (negative: a tax).
    quota : array (K,) of int, optional
        At most ``quota[k]`` clusters in industry k (a shared constraint: entry is feasible
        only while the quota is not full).

    Examples
    --------
    >>> import coordgame as cg
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy, entry_game
    >>> game = entry_game(build_economy(Parameters(num_regions=3, num_industries=1)))
    >>> game.num_actions
    (2, 2, 2)
    >>> len(cg.pure_nash(game.to_normal_form())) >= 1
    True
    """
    p = economy.params
    portfolios = binary_portfolios(economy.num_industries, p.budget)
    subsidy = np.broadcast_to(np.asarray(subsidy, dtype=float), (economy.num_industries,)).copy()

    def payoff(profile):
        return economy.payoffs(_portfolio_matrix(portfolios, profile), subsidy)

    def deviation(profile, r):
        values = economy.entry_values(_portfolio_matrix(portfolios, profile), [r], subsidy)[:, 0, :]  # (2, K)
        return values[0].sum() + portfolios @ (values[1] - values[0])

    feasible = None
    if quota is not None:
        limit = np.broadcast_to(np.asarray(quota, dtype=np.int64), (economy.num_industries,))

        def feasible(profile, r):
            x = portfolios[np.asarray(profile)]
            room = limit - (x.sum(axis=0) - x[r])
            return np.all(portfolios <= room, axis=1)

    return StructuredGame([portfolios] * economy.num_regions, payoff, deviation_payoffs=deviation, feasible=feasible,
                          payoff_range=economy.payoff_range, player_names=economy.regions,
                          title="duplicate construction entry game")


def _profile_of(x: np.ndarray, budget: int | None, K: int) -> tuple[int, ...]:
    """Action indices of the rows of x in binary_portfolios(K, budget) (computed, not looked up: any K)."""
    return tuple(portfolio_index(row, budget) for row in np.asarray(x).reshape(-1, K))


def _matrix_of(economy: Economy, profile: Any) -> np.ndarray:
    """The (R, K) 0/1 portfolio matrix of a profile of action indices (the inverse of :func:`_profile_of`)."""
    K = economy.num_industries
    return np.array([portfolio_row(a, K, economy.params.budget) for a in profile], dtype=np.int64).reshape(-1, K)
