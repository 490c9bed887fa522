"""Tournament closed forms against the library's continuous-game solvers.

Sources: E. Lazear and S. Rosen (1981), "Rank-Order Tournaments as Optimum Labor Contracts",
JPE 89(5): 841–864 (the symmetric equilibrium c'(e*) = ΔW g(0), efficiency at ΔW = 1/g(0));
D. McFadden (1974) for the logit ranking probabilities of iid Gumbel noise.
"""

from __future__ import annotations

import numpy as np
import pytest

from coordgame.errors import InvalidArgumentError
from coordgame.games import tournament as tm
from coordgame.solvers import best_response_regrets, continuous_nash


def grid_regrets(game, profile, points=2001):
    """Each player's gain from the best deviation on a fine grid of its own box (no derivatives)."""
    profile = np.asarray(profile, dtype=float)
    base = game.payoffs(profile)
    gains = []
    for i, box in enumerate(game.action_sets):
        trial = np.repeat(profile[None, :], points, axis=0)
        trial[:, i] = np.linspace(box.lower[0], box.upper[0], points)
        gains.append(max(0.0, max(game.payoffs(t)[i] for t in trial) - base[i]))
    return np.array(gains)


@pytest.mark.parametrize("noise", tm.NOISES)
@pytest.mark.parametrize(("spread", "scale", "cost"), [(1.0, 1.0, 1.0), (2.0, 1.5, 0.5), (0.5, 0.4, 2.0)])
def test_lazear_rosen_closed_form_is_the_solvers_equilibrium(noise, spread, scale, cost):
    effort = tm.lazear_rosen_effort(spread, scale, cost, noise)
    assert effort * cost == pytest.approx(spread * tm.win_density_at_zero(scale, noise))
    game = tm.lazear_rosen_game(spread, scale, cost, noise)
    eq = continuous_nash(game, initial=[0.1, 0.7])
    assert eq.converged
    np.testing.assert_allclose(eq.profile, [effort, effort], atol=1e-6)
    assert best_response_regrets(game, [effort, effort]).max() <= 1e-9
    assert grid_regrets(game, [effort, effort]).max() <= 1e-9


def test_lazear_rosen_efficient_prize_spread():
    # Lazear and Rosen (1981): the spread 1/g(0) makes the tournament efficient (e* = 1/c).
    for noise in tm.NOISES:
        spread = 1.0 / tm.win_density_at_zero(1.0, noise)
        assert tm.lazear_rosen_effort(spread, 1.0, 2.0, noise) == pytest.approx(tm.planner_effort(2.0))


@pytest.mark.parametrize(("prize", "officials"), [(1.0, 2), (3.0, 3), (5.0, 5), (8.0, 10)])
def test_logit_tournament_closed_form_is_the_solvers_equilibrium(prize, officials):
    effort = tm.logit_tournament_effort(prize, officials, 1.5, 1.0)
    assert effort == pytest.approx(prize * (officials - 1) / (officials ** 2 * 1.5))
    game = tm.logit_tournament_game(prize, officials, 1.5, 1.0)
    eq = continuous_nash(game)
    assert eq.converged
    np.testing.assert_allclose(eq.profile, np.full(officials, effort), atol=1e-6)
    assert grid_regrets(game, np.full(officials, effort), points=801).max() <= 1e-9


def test_logit_win_probabilities_by_simulation():
    # McFadden: the first of iid Gumbel draws added to efforts wins with the logit probability.
    rng = np.random.default_rng(0)
    efforts, scale = np.array([0.0, 0.5, 1.0]), 0.8
    draws = efforts + rng.gumbel(0.0, scale, size=(200_000, 3))
    simulated = np.bincount(draws.argmax(axis=1), minlength=3) / draws.shape[0]
    np.testing.assert_allclose(simulated, np.exp(efforts / scale) / np.exp(efforts / scale).sum(), atol=0.005)
    # and the two-official difference of Gumbel noise is logistic: G(d) = expit(d/s)
    d = 0.3
    assert (draws[:, 1] - 0.5 - draws[:, 0] + d > 0).mean() == pytest.approx(
        float(tm.win_probability(d, scale, "logistic")), abs=0.005)


@pytest.mark.parametrize("prize", [0.0, 1.0, 3.0, 3.9, 4.5, 8.0])
def test_cooperation_closed_form_is_the_solvers_equilibrium(prize):
    help_ = tm.cooperation_help(prize, 1.0, 0.5, 1.0)
    game = tm.cooperation_game(prize, 1.0, 0.5, 1.0)
    eq = continuous_nash(game, initial=[0.3, 0.9])
    assert eq.converged
    np.testing.assert_allclose(eq.profile, [help_, help_], atol=1e-6)
    assert grid_regrets(game, [help_, help_]).max() <= 1e-9
    if prize >= tm.cooperation_collapse_prize(1.0, 0.5, 1.0, 1.0):
        assert help_ == 0.0  # the zero-sum ranking kills cooperation
    assert help_ < tm.planner_help(0.5, 1.0)


def test_cooperation_never_collapses_when_help_does_not_favour_the_rival():
    assert tm.cooperation_collapse_prize(1.0, 1.0, 0.5, 1.0) == np.inf


BAD = [
    (lambda: tm.logit_tournament_effort(1.0, 1, 1.0, 1.0), "num_players"),
    (lambda: tm.logit_tournament_game(1.0, 1, 1.0, 1.0), "num_players"),
    (lambda: tm.lazear_rosen_effort(1.0, 0.0, 1.0), "noise_scale"),
    (lambda: tm.lazear_rosen_effort(1.0, 1.0, 1.0, "cauchy"), "noise"),
    (lambda: tm.lazear_rosen_effort(1.0, 1.0, 0.0), "cost"),
    (lambda: tm.lazear_rosen_effort(-1.0, 1.0, 1.0), "prize_spread"),
    (lambda: tm.lazear_rosen_effort(40.0, 0.1, 1.0), "noise_scale"),  # too little noise: no pure equilibrium
    (lambda: tm.logit_tournament_effort(100.0, 2, 0.1, 1.0), "noise_scale"),
    (lambda: tm.cooperation_help(1.0, 0.0, 0.5, 1.0), "noise_scale"),
    (lambda: tm.cooperation_help(1.0, 1.0, -0.5, 1.0), "own_benefit"),
]


@pytest.mark.parametrize(("call", "argument"), BAD, ids=[f"{b[1]}{i}" for i, b in enumerate(BAD)])
def test_degenerate_inputs_raise_naming_the_argument(call, argument):
    with pytest.raises(InvalidArgumentError, match=argument):
        call()
