"""Global games: closed forms of Morris & Shin (2003) and Carlsson & van Damme (1993), uniqueness, finite N."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.optimize import brentq
from scipy.stats import norm

from coordgame.errors import InvalidArgumentError, InvalidGameError
from coordgame.games.global_game import (
    GlobalGame,
    common_knowledge_equilibria,
    dominance_bounds,
    linear_adoption_game,
)
from coordgame.solvers.global_game import (
    adoption_outcome,
    expected_gain,
    outcome_curves,
    planner_thresholds,
    threshold_equilibria,
)


def _kappa(alpha_x: float, alpha_y: float) -> float:
    return alpha_y / math.sqrt(alpha_x) * math.sqrt((alpha_x + alpha_y) / (2 * alpha_x + alpha_y))


def _closed_form_state_thresholds(r: float, c: float, alpha_x: float, alpha_y: float, y: float) -> list[float]:
    """Every root of θ = c - r Φ(κ(y - θ)) (Morris & Shin 2003, §3, public and private signals)."""
    kappa = _kappa(alpha_x, alpha_y)
    f = lambda t: t - c + r * norm.cdf(kappa * (y - t))  # noqa: E731
    grid = np.linspace(c - r - 1, c + 1, 200001)
    values = f(grid)
    roots = [float(t) for t in grid[values == 0.0]]
    roots += [brentq(f, grid[i], grid[i + 1], xtol=1e-14) for i in np.flatnonzero(values[:-1] * values[1:] < 0)]
    return sorted(roots)


# ---------------------------------------------------------------------- common knowledge
def test_common_knowledge_multiplicity_between_the_dominance_bounds():
    game = linear_adoption_game(network_effect=0.6, cost=0.9)
    assert dominance_bounds(game) == pytest.approx((0.3, 0.9))
    assert common_knowledge_equilibria(game, 0.29) == ["none join"]
    assert common_knowledge_equilibria(game, 0.6) == ["all join", "none join"]
    assert common_knowledge_equilibria(game, 0.91) == ["all join"]


# ---------------------------------------------------------------------- Laplacian threshold
@pytest.mark.parametrize("num_players", [None, 2, 3, 10, 40])
@pytest.mark.parametrize(("r", "c", "sd"), [(1.0, 1.0, 0.1), (0.5, 0.8, 0.3), (2.0, 0.5, 0.02)])
def test_laplacian_threshold_of_the_linear_game(num_players, r, c, sd):
    """Morris & Shin (2003) §2: without public information x* = θ* = c - r/2, for any noise and any N."""
    eq = threshold_equilibria(linear_adoption_game(network_effect=r, cost=c, private_sd=sd, num_players=num_players))
    assert eq.unique
    assert eq[0].signal_threshold == pytest.approx(c - r / 2, abs=1e-9)
    assert eq[0].state_threshold == pytest.approx(c - r / 2, abs=1e-9)
    assert eq.verification.passed


def _quadratic_game(num_players: int | None) -> GlobalGame:
    return GlobalGame(lambda t, l: t + l**2 - 0.5, num_players=num_players, private_sd=0.2)


@pytest.mark.parametrize("num_players", [2, 3, 5, 20, 100])
def test_finite_players_discrete_laplacian_belief(num_players):
    """With N players the marginal player's count of joiners is uniform on {0..N-1}: x* = 1/2 - mean (k/(N-1))²."""
    expected = 0.5 - (2 * num_players - 1) / (6 * (num_players - 1))
    assert threshold_equilibria(_quadratic_game(num_players))[0].signal_threshold == pytest.approx(expected, abs=1e-9)


def test_finite_players_converge_to_the_continuum():
    continuum = threshold_equilibria(_quadratic_game(None))[0].signal_threshold
    assert continuum == pytest.approx(0.5 - 1 / 3, abs=1e-9)
    gaps = [abs(threshold_equilibria(_quadratic_game(n))[0].signal_threshold - continuum) for n in (3, 10, 30, 100)]
    assert np.all(np.diff(gaps) < 0)
    assert gaps[-1] < 2e-3


def test_expected_gain_agrees_with_monte_carlo():
    """The quadrature of G(x; x*) against a simulation of the finite game (5 players, announcement)."""
    game = GlobalGame(lambda t, l: t + l**2 - 0.5, num_players=5, private_sd=0.3, public_sd=0.4, public_signal=0.1)
    rng = np.random.default_rng(0)
    signal, threshold, draws = 0.2, 0.35, 400_000
    mean, sd = game.posterior(signal)
    theta = mean + sd * rng.standard_normal(draws)
    others = theta[:, None] + game.private_sd * rng.standard_normal((draws, 4))
    share = (others > threshold).mean(axis=1)
    sample = game.gain(theta, share)
    assert float(expected_gain(game, signal, threshold)) == pytest.approx(sample.mean(), abs=4 * sample.std() / math.sqrt(draws))


# ---------------------------------------------------------------------- public signal
@pytest.mark.parametrize(("sd_x", "sd_y", "y"), [(0.1, 1.0, 0.2), (0.1, 0.3, 0.8), (0.05, 0.5, -0.3), (0.3, 0.2, 0.5)])
@pytest.mark.parametrize("num_players", [None, 7])
def test_public_signal_threshold_matches_morris_shin(sd_x, sd_y, y, num_players):
    r, c = 1.0, 1.0
    game = linear_adoption_game(private_sd=sd_x, public_sd=sd_y, public_signal=y, num_players=num_players)
    expected = _closed_form_state_thresholds(r, c, sd_x**-2, sd_y**-2, y)
    found = threshold_equilibria(game)
    assert [t.state_threshold for t in found.thresholds] == pytest.approx(expected, abs=1e-8)
    alpha_x, alpha_y = sd_x**-2, sd_y**-2
    for t in found.thresholds:  # the signal threshold from θ* = (α_x x* + α_y y) / (α_x + α_y)
        assert t.signal_threshold == pytest.approx(((alpha_x + alpha_y) * t.state_threshold - alpha_y * y) / alpha_x, abs=1e-8)


def _boundary_public_precision(alpha_x: float, r: float = 1.0) -> float:
    return brentq(lambda a: r * _kappa(alpha_x, a) - math.sqrt(2 * math.pi), 1e-6, 1e6)


@pytest.mark.parametrize("sd_x", [0.05, 0.1, 0.2])
def test_uniqueness_boundary(sd_x):
    """Unique iff rκ ≤ √(2π); just above it a precise announcement at y = c - r/2 gives three thresholds."""
    alpha_x = sd_x**-2
    boundary = _boundary_public_precision(alpha_x)
    y = 0.5
    below = linear_adoption_game(private_sd=sd_x, public_sd=(0.9 * boundary) ** -0.5, public_signal=y)
    above = linear_adoption_game(private_sd=sd_x, public_sd=(1.3 * boundary) ** -0.5, public_signal=y)
    assert threshold_equilibria(below).num_thresholds == 1
    many = threshold_equilibria(above)
    assert many.num_thresholds == 3
    assert many.verification.passed  # every one of them is a best response to itself
    assert [t.state_threshold for t in many.thresholds] == pytest.approx(
        _closed_form_state_thresholds(1.0, 1.0, alpha_x, 1.3 * boundary, y), abs=1e-8)


def test_the_boundary_approaches_root_two_pi_times_root_two_for_precise_private_signals():
    """For α_x ≫ α_y, κ → α_y / √(2 α_x), so the boundary on α_y/√α_x tends to 2√π."""
    alpha_x = 1e8
    assert _boundary_public_precision(alpha_x) / math.sqrt(alpha_x) == pytest.approx(2 * math.sqrt(math.pi), rel=1e-3)


def test_a_wrong_threshold_is_not_a_best_response():
    game = linear_adoption_game(private_sd=0.1, num_players=4)
    x_star = threshold_equilibria(game)[0].signal_threshold
    assert abs(float(expected_gain(game, x_star, x_star))) < 1e-12
    # others at x* + 0.05: the marginal player then strictly prefers to stay out
    assert float(expected_gain(game, x_star + 0.05, x_star + 0.05)) > 0.04


# ---------------------------------------------------------------------- planner
@pytest.mark.parametrize("num_players", [None, 2, 8])
@pytest.mark.parametrize(("r", "c"), [(1.0, 1.0), (0.4, 0.7)])
def test_planner_threshold_of_the_linear_game(num_players, r, c):
    """Marginal social value θ + 2rℓ - c, Laplacian E[ℓ] = 1/2: the planner's threshold is c - r."""
    game = linear_adoption_game(network_effect=r, cost=c, private_sd=0.15, num_players=num_players)
    planner = planner_thresholds(game)
    assert planner.unique
    assert planner[0].signal_threshold == pytest.approx(c - r, abs=1e-7)


@pytest.mark.parametrize("num_players", [None, 6])
def test_planner_threshold_maximises_expected_welfare(num_players):
    """Brute force over a grid of common thresholds, under the announcement as the prior."""
    game = linear_adoption_game(private_sd=0.2, public_sd=0.5, public_signal=0.4, num_players=num_players)
    z, w = np.polynomial.hermite_e.hermegauss(80)
    theta = game.public_signal + game.public_sd * z
    grid = np.linspace(-1.0, 1.5, 1251)
    welfare = np.array([(adoption_outcome(game, theta, x)[1] * w).sum() for x in grid])
    best = grid[np.argmax(welfare)]
    assert planner_thresholds(game)[0].signal_threshold == pytest.approx(best, abs=3e-3)
    equilibrium = threshold_equilibria(game)[0].signal_threshold
    assert equilibrium > best  # too little adoption in equilibrium: the network externality is ignored


def test_outcome_curves_integrate_over_the_announcement():
    game = linear_adoption_game(private_sd=0.1, public_sd=0.4)
    theta = np.linspace(-0.5, 1.5, 9)
    curves = outcome_curves(game, theta)
    assert np.all(np.diff(curves["adoption"]) >= -1e-12)
    assert curves["multiple"].max() == 0.0
    assert curves["adoption"][0] < 0.01 and curves["adoption"][-1] > 0.99
    planner = outcome_curves(game, theta, planner=True)
    assert np.all(planner["adoption"] >= curves["adoption"] - 1e-12)


# ---------------------------------------------------------------------- bad input
@pytest.mark.parametrize(("make", "match"), [
    (lambda: linear_adoption_game(private_sd=0.0), r"^private_sd: "),
    (lambda: linear_adoption_game(public_sd=-1.0), r"^public_sd: "),
    (lambda: linear_adoption_game(num_players=1), r"^num_players: "),
    (lambda: linear_adoption_game(network_effect=-1.0), r"^network_effect: "),
    (lambda: GlobalGame(3.0), r"^join_payoff: "),
    (lambda: threshold_equilibria("game"), r"^game: "),
    (lambda: threshold_equilibria(linear_adoption_game(), num_nodes=2), r"^num_nodes: "),
    (lambda: threshold_equilibria(linear_adoption_game(), tol=-1.0), r"^tol: "),
    (lambda: threshold_equilibria(linear_adoption_game(), nodes=3), r"unknown keyword"),
    (lambda: outcome_curves(linear_adoption_game(), [0.0], selection="middle"), r"^selection: "),
    (lambda: linear_adoption_game().with_announcement(0.3), r"^public_sd: "),
])
def test_bad_input(make, match):
    with pytest.raises((InvalidArgumentError, InvalidGameError), match=match):
        make()


def test_flat_gain_is_refused():
    with pytest.raises(InvalidGameError, match="never changes sign"):
        dominance_bounds(GlobalGame(lambda t, l: 1.0 + 0 * t * l))


def test_linear_payoffs_make_finite_and_continuum_outcomes_equal():
    """E[K/(N-1)] = p: with payoffs linear in the share, N players and a continuum give the same curves."""
    theta = np.linspace(-0.5, 1.5, 7)
    finite = outcome_curves(linear_adoption_game(private_sd=0.1, public_sd=0.3, num_players=31), theta, num_announcements=12)
    continuum = outcome_curves(linear_adoption_game(private_sd=0.1, public_sd=0.3), theta, num_announcements=12)
    for key in ("adoption", "welfare"):
        assert finite[key] == pytest.approx(continuum[key], abs=1e-9)
