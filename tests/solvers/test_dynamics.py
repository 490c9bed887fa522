"""Learning dynamics: known behaviour from the literature, independent checks, properties."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coordgame as cg
from tests.conftest import brute_force_pure_nash


def congestion_game(num_players: int = 4, roads: int = 2) -> cg.NormalFormGame:
    """Each player picks a road; cost = number of users (Rosenthal 1973); payoff = -cost."""

    def payoff(*actions):
        acts = np.broadcast_arrays(*actions)
        load = [sum((a == r).astype(float) for a in acts) for r in range(roads)]
        return np.stack([-np.choose(a, load) for a in acts])

    return cg.NormalFormGame.from_function((roads,) * num_players, payoff, vectorized=True)


def rosenthal_potential(profile, roads=2):
    loads = np.bincount(np.asarray(profile), minlength=roads)
    return -sum(k * (k + 1) / 2 for k in loads)


# ----------------------------------------------------------------------------- best-response dynamics
@pytest.mark.parametrize("game", [cg.games.minimum_effort(3, efforts=4), congestion_game(4)], ids=["min_effort", "congestion"])
@pytest.mark.parametrize("order", ["round_robin", "random"])
def test_sequential_brd_reaches_a_pure_nash_of_potential_games(game, order):
    # Finite potential games have the finite improvement property (Monderer & Shapley 1996).
    pure = set(brute_force_pure_nash(game))
    for start in itertools.islice(itertools.product(*[range(n) for n in game.num_actions]), 0, None, 3):
        r = cg.solvers.best_response_dynamics(game, start, order=order, seed=7)
        assert r.converged and not r.cycle_detected
        assert r.equilibrium is not None and r.equilibrium.pure_profile in pure
        assert r.equilibrium.regret <= r.equilibrium.tol
        assert tuple(r.profiles[0]) == start and tuple(r.profiles[-1]) == r.equilibrium.pure_profile


def test_minimum_effort_brd_moves_to_the_lowest_effort_of_the_start():
    # Every player's best response to the others is the others' minimum effort (Van Huyck et al. 1990).
    r = cg.solvers.best_response_dynamics(cg.games.minimum_effort(4, efforts=7), (6, 2, 5, 4))
    assert r.equilibrium.pure_profile == (2, 2, 2, 2)


@pytest.mark.parametrize("mode", ["sequential", "simultaneous"])
def test_brd_detects_the_matching_pennies_cycle(mode):
    r = cg.solvers.best_response_dynamics(cg.games.matching_pennies(), (0, 0), mode=mode)
    assert r.cycle_detected and not r.converged and r.equilibrium is None
    assert len(r.cycle) == 4 and len({tuple(p) for p in r.cycle}) == 4
    assert r.max_regret == 2.0


def test_simultaneous_brd_cycles_in_a_coordination_game_where_sequential_converges():
    game = cg.NormalFormGame.from_bimatrix(np.eye(2), np.eye(2))
    sim = cg.solvers.best_response_dynamics(game, (0, 1), mode="simultaneous")
    assert sim.cycle_detected and sim.cycle.tolist() == [[0, 1], [1, 0]]
    seq = cg.solvers.best_response_dynamics(game, (0, 1), mode="sequential")
    assert seq.converged and seq.equilibrium.pure_profile in {(0, 0), (1, 1)}


def test_brd_random_order_is_reproducible_with_a_seed():
    g = congestion_game(5, roads=3)
    a = cg.solvers.best_response_dynamics(g, order="random", seed=3)
    b = cg.solvers.best_response_dynamics(g, order="random", seed=3)
    assert np.array_equal(a.profiles, b.profiles)


def test_brd_budget_exhaustion_is_reported():
    r = cg.solvers.best_response_dynamics(cg.games.matching_pennies(), (0, 0), order="random", max_iter=3, seed=0)
    assert not r.converged and r.iterations == 3


# ----------------------------------------------------------------------------- fictitious play
def test_fictitious_play_matching_pennies_frequencies_approach_one_half():
    # Robinson (1951): fictitious play converges in two-player zero-sum games.
    r = cg.solvers.fictitious_play(cg.games.matching_pennies(), (0, 0), max_iter=20000, tol=1e-6)
    for s in r.final:
        assert np.allclose(s, [0.5, 0.5], atol=0.02)
    assert r.max_regret < 0.05


def test_fictitious_play_zero_sum_2x2_mixed_equilibrium():
    # A = [[2, -1], [-1, 1]]: both players mix (2/5, 3/5); value 1/5.
    A = np.array([[2.0, -1.0], [-1.0, 1.0]])
    r = cg.solvers.fictitious_play(cg.NormalFormGame.from_bimatrix(A, -A), (0, 0), max_iter=20000, tol=1e-6)
    for s in r.final:
        assert np.allclose(s, [0.4, 0.6], atol=0.02)


def test_fictitious_play_converged_result_is_verified_at_its_tolerance():
    r = cg.solvers.fictitious_play(cg.games.matching_pennies(), (1, 0), max_iter=50000, tol=1e-2)
    assert r.converged and r.equilibrium is not None
    assert r.equilibrium.regret <= 1e-2 * cg.games.matching_pennies().payoff_range


def test_fictitious_play_fails_to_converge_in_shapleys_game():
    # Shapley (1964): play cycles through ever longer runs; the empirical regret stays large.
    A = np.eye(3)
    B = np.array([[0, 1, 0], [0, 0, 1], [1, 0, 0]], dtype=float)
    r = cg.solvers.fictitious_play(cg.NormalFormGame.from_bimatrix(A, B), (0, 0), max_iter=5000)
    assert not r.converged and r.max_regret > 0.1 and r.equilibrium is None


def test_fictitious_play_three_players_dominant_strategies():
    g = cg.games.public_goods(3)
    r = cg.solvers.fictitious_play(g, (1, 1, 1), max_iter=5000, tol=1e-3)
    assert r.converged
    assert all(s[0] > 0.99 for s in r.final)


def test_fictitious_play_history_shapes_and_random_ties():
    g = cg.games.minimum_effort(3, efforts=3)
    r = cg.solvers.fictitious_play(g, (0, 1, 2), max_iter=50, tie_break="random", seed=4, tol=0.0)
    assert [s.shape for s in r.strategies] == [(r.iterations + 1, 3)] * 3
    assert np.allclose([s.sum(axis=1) for s in r.strategies], 1.0)


# ----------------------------------------------------------------------------- replicator dynamics
def rps(win: float, lose: float) -> np.ndarray:
    return np.array([[0, -lose, win], [win, 0, -lose], [-lose, win, 0]], dtype=float)


def test_replicator_rps_with_larger_wins_converges_to_the_interior_nash():
    # Zeeman (1980); Hofbauer & Sigmund (1998, §7.7): the barycentre is globally stable when win > lose.
    r = cg.solvers.replicator_dynamics(rps(2, 1), [0.7, 0.2, 0.1], population="single", t_max=300)
    assert r.converged and r.equilibrium is not None
    assert np.allclose(r.final[0], 1 / 3, atol=1e-5)


def test_replicator_standard_rps_conserves_the_product_and_does_not_converge():
    # win == lose: x1 x2 x3 is a constant of motion; orbits are closed cycles around the Nash point.
    r = cg.solvers.replicator_dynamics(rps(1, 1), [0.5, 0.3, 0.2], population="single", t_max=50)
    products = r.strategies[0].prod(axis=1)
    assert np.allclose(products, 0.03, rtol=1e-5)
    assert not r.converged and r.equilibrium is None


def test_replicator_rps_with_larger_losses_moves_to_the_boundary():
    r = cg.solvers.replicator_dynamics(rps(1, 2), [0.3, 0.33, 0.37], population="single", t_max=60)
    products = r.strategies[0].prod(axis=1)
    assert products[-1] < 0.5 * products[0]


def test_replicator_rest_points_on_the_boundary_need_not_be_nash():
    g = cg.games.stag_hunt()
    r = cg.solvers.replicator_dynamics(g, (0, 1), t_max=5)  # (Stag, Hare): a rest point, not an equilibrium
    assert r.converged and r.max_regret == pytest.approx(2.0) and r.equilibrium is None


def test_multi_population_replicator_reaches_the_payoff_dominant_equilibrium_from_its_basin():
    g = cg.games.stag_hunt()
    r = cg.solvers.replicator_dynamics(g, ([0.9, 0.1], [0.9, 0.1]), t_max=60)
    assert r.converged and r.equilibrium is not None
    assert all(np.allclose(s, [1.0, 0.0], atol=1e-9) for s in r.equilibrium.strategies)


def test_single_population_stag_hunt_threshold_two_thirds():
    # Stag earns 4x, Hare x + 2: stag spreads only above x = 2/3.
    g = cg.games.stag_hunt()
    below = cg.solvers.replicator_dynamics(g, [0.6, 0.4], population="single", t_max=80)
    above = cg.solvers.replicator_dynamics(g, [0.7, 0.3], population="single", t_max=80)
    assert below.final[0][0] < 1e-6 and above.final[0][0] > 1 - 1e-6


def test_replicator_three_player_game_stays_on_the_simplices():
    g = cg.games.random_game((3, 2, 2), seed=5)
    r = cg.solvers.replicator_dynamics(g, t_max=20, num_points=21)
    for s in r.strategies:
        assert s.shape[0] == 21 and np.all(s >= 0) and np.allclose(s.sum(axis=1), 1.0)


@pytest.mark.parametrize("population, game, start", [
    ("single", rps(2, 1), [0.6, 0.3, 0.1]),
    ("single", rps(1, 1), [0.5, 0.3, 0.2]),
    ("multi", cg.games.random_game((3, 2, 2), seed=5), None),
])
def test_replicator_odeint_and_dop853_paths_agree(population, game, start):
    kwargs = {"population": population, "t_max": 50, "num_points": 101, "rtol": 1e-10, "atol": 1e-12}
    rk = cg.solvers.replicator_dynamics(game, start, method="DOP853", **kwargs)
    lsoda = cg.solvers.replicator_dynamics(game, start, method="odeint", **kwargs)
    assert lsoda.converged == rk.converged and not lsoda.notes and lsoda.iterations > 0
    np.testing.assert_allclose(lsoda.times, rk.times)
    for ours, theirs in zip(lsoda.strategies, rk.strategies):
        np.testing.assert_allclose(ours, theirs, atol=1e-7)


def test_replicator_odeint_conserves_the_rps_product():
    # As above with win == lose: x1 x2 x3 is a constant of motion.
    r = cg.solvers.replicator_dynamics(rps(1, 1), [0.5, 0.3, 0.2], population="single", t_max=50, method="odeint",
                               rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(r.strategies[0].prod(axis=1), 0.03, rtol=1e-7)


@pytest.mark.parametrize("method", ["odeint", "DOP853"])
def test_integrator_failure_keeps_only_the_states_it_reached(method):
    # x' = x^2, x(0) = 1 blows up at t = 1 (x = 1 / (1 - t)): the path stops before, with a message.
    from coordgame.solvers.dynamics.replicator import _integrate

    times = np.linspace(0, 2, 21)
    path, reached, nfev, failure = _integrate(lambda t, x: x**2, np.array([1.0]), times, method=method, rtol=1e-10,
                                              atol=1e-12)
    assert failure and nfev > 0 and reached[-1] <= 1.0 and path.shape == (reached.size, 1)
    np.testing.assert_allclose(path[:-1, 0], 1 / (1 - reached[:-1]), rtol=1e-6)


@pytest.mark.parametrize("solver", ["RK45", "DOP853"])
def test_replicator_accepts_an_ode_solver_class(solver):
    # solve_ivp takes an OdeSolver subclass as well as its name: both give the same path.
    from scipy import integrate

    kwargs = {"population": "single", "t_max": 20, "num_points": 41, "rtol": 1e-10, "atol": 1e-12}
    by_class = cg.solvers.replicator_dynamics(rps(2, 1), [0.6, 0.3, 0.1], method=getattr(integrate, solver), **kwargs)
    by_name = cg.solvers.replicator_dynamics(rps(2, 1), [0.6, 0.3, 0.1], method=solver, **kwargs)
    assert not by_class.notes and by_class.parameters["method"] == solver
    np.testing.assert_array_equal(by_class.strategies[0], by_name.strategies[0])


def test_replicator_rejects_an_unknown_integrator():
    with pytest.raises(cg.errors.InvalidArgumentError, match="method"):
        cg.solvers.replicator_dynamics(rps(2, 1), population="single", method="euler")
    with pytest.raises(cg.errors.InvalidArgumentError, match="method"):
        cg.solvers.replicator_dynamics(rps(2, 1), population="single", method=dict)


def test_replicator_single_population_rejects_asymmetric_games():
    with pytest.raises(cg.errors.UnsupportedGameError):
        cg.solvers.replicator_dynamics(cg.games.battle_of_the_sexes(), population="single")
    with pytest.raises(cg.errors.InvalidGameError):
        cg.solvers.replicator_dynamics(np.ones((2, 3)), population="single")


# ----------------------------------------------------------------------------- logit dynamics
def gibbs(game_potential, shape, beta):
    weights = np.zeros(shape)
    for profile in itertools.product(*[range(n) for n in shape]):
        weights[profile] = np.exp(beta * game_potential(profile))
    return weights / weights.sum()


def test_logit_dynamics_occupation_matches_the_gibbs_measure_of_the_stag_hunt():
    # Blume (1993): stationary distribution exp(beta * potential); stag hunt potential by hand.
    potential = {(0, 0): -1.0, (0, 1): -2.0, (1, 0): -2.0, (1, 1): 0.0}
    r = cg.solvers.logit_dynamics(cg.games.stag_hunt(), beta=1.5, num_steps=60000, seed=11)
    target = gibbs(lambda p: potential[p], (2, 2), 1.5)
    assert 0.5 * np.abs(r.joint_distribution - target).sum() < 0.02


def test_logit_dynamics_congestion_game_gibbs():
    g = congestion_game(3)
    r = cg.solvers.logit_dynamics(g, beta=1.0, num_steps=60000, seed=2)
    target = gibbs(rosenthal_potential, g.num_actions, 1.0)
    assert r.converged
    assert 0.5 * np.abs(r.joint_distribution - target).sum() < 0.03


def test_logit_dynamics_zero_beta_is_uniform_and_seeded():
    g = cg.games.minimum_effort(2, efforts=3)
    a = cg.solvers.logit_dynamics(g, beta=0.0, num_steps=30000, seed=5)
    b = cg.solvers.logit_dynamics(g, beta=0.0, num_steps=30000, seed=5)
    assert np.array_equal(a.profiles, b.profiles)
    assert np.allclose(a.joint_distribution, 1 / 9, atol=0.015)


# ----------------------------------------------------------------------------- regret matching
def loop_cce_violation(game, z):
    """Coarse correlated violation by explicit loops over profiles (the obvious way)."""
    worst = 0.0
    for i in range(game.num_players):
        for k in range(game.num_actions[i]):
            gain = 0.0
            for a in itertools.product(*[range(n) for n in game.num_actions]):
                dev = list(a)
                dev[i] = k
                gain += z[a] * (game.payoffs[i][tuple(dev)] - game.payoffs[i][a])
            worst = max(worst, gain)
    return worst


def loop_ce_violation(game, z):
    worst = 0.0
    for i in range(game.num_players):
        for j, k in itertools.product(range(game.num_actions[i]), repeat=2):
            gain = 0.0
            for a in itertools.product(*[range(n) for n in game.num_actions]):
                if a[i] != j:
                    continue
                dev = list(a)
                dev[i] = k
                gain += z[a] * (game.payoffs[i][tuple(dev)] - game.payoffs[i][a])
            worst = max(worst, gain)
    return worst


@pytest.mark.parametrize("seed", range(6))
def test_violation_functions_equal_explicit_loops(seed):
    rng = np.random.default_rng(seed)
    shape = [(2, 2), (3, 2), (2, 2, 2), (3, 2, 2)][seed % 4]
    g = cg.games.random_game(shape, seed=seed)
    z = rng.dirichlet(np.ones(int(np.prod(shape)))).reshape(shape)
    assert cg.solvers.incentive_violation(g, z, coarse=True) == pytest.approx(loop_cce_violation(g, z), abs=1e-12)
    assert cg.solvers.incentive_violation(g, z) == pytest.approx(loop_ce_violation(g, z), abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000))
def test_ce_implies_cce_bound(seed):
    # Summing the CE constraints over the recommended action gives the CCE constraint.
    rng = np.random.default_rng(seed)
    g = cg.games.random_game((3, 3), seed=seed)
    z = rng.dirichlet(np.ones(9)).reshape(3, 3)
    assert 0 <= cg.solvers.incentive_violation(g, z, coarse=True) <= 3 * cg.solvers.incentive_violation(g, z) + 1e-12


def test_product_of_a_nash_equilibrium_has_no_violation():
    g = cg.games.matching_pennies()
    z = np.outer([0.5, 0.5], [0.5, 0.5])
    assert cg.solvers.incentive_violation(g, z, coarse=True) == 0.0 and cg.solvers.incentive_violation(g, z) == 0.0


@pytest.mark.slow
@pytest.mark.parametrize("game", [cg.games.chicken(), cg.games.random_game((3, 3, 3), seed=1)], ids=["chicken", "random3"])
def test_unconditional_regret_matching_approaches_the_coarse_correlated_set(game):
    r = cg.solvers.regret_matching(game, num_steps=20000, tol=0.02, seed=0)
    assert r.converged
    assert r.cce_violation <= 0.02 * game.payoff_range
    assert r.cce_violation == pytest.approx(loop_cce_violation(game, r.joint_distribution), abs=1e-12)
    assert r.joint_distribution.sum() == pytest.approx(1.0)


@pytest.mark.slow
def test_conditional_regret_matching_approaches_the_correlated_set():
    game = cg.games.random_game((3, 3, 3), seed=1)
    r = cg.solvers.regret_matching(game, num_steps=20000, conditional=True, tol=0.02, seed=0)
    assert r.converged and r.ce_violation <= 0.02 * game.payoff_range
    assert r.ce_violation == pytest.approx(loop_ce_violation(game, r.joint_distribution), abs=1e-12)


def test_regret_matching_rejects_bad_arguments():
    with pytest.raises(cg.errors.InvalidArgumentError):
        cg.solvers.regret_matching(cg.games.chicken(), num_steps=0)
    with pytest.raises(cg.errors.InvalidProfileError):
        cg.solvers.incentive_violation(cg.games.chicken(), np.ones((3, 3)) / 9, coarse=True)


def test_the_old_violation_names_still_work_with_a_deprecation_warning():
    g, z = cg.games.chicken(), np.array([[0, 1], [1, 1]]) / 3
    with pytest.warns(DeprecationWarning, match=r"incentive_violation\(game, z, coarse=True\)"):
        coarse = cg.solvers.cce_violation
    with pytest.warns(DeprecationWarning, match=r"coordgame.ce_violation\(game, z\) is now"):
        exact = cg.ce_violation
    assert coarse(g, z) == cg.solvers.incentive_violation(g, z, coarse=True)
    assert exact(g, z) == cg.solvers.incentive_violation(g, z)


def test_bad_inputs_name_the_argument():
    with pytest.raises(cg.errors.InvalidArgumentError, match="mode"):
        cg.solvers.best_response_dynamics(cg.games.chicken(), mode="parallel")
    with pytest.raises(cg.errors.InvalidArgumentError, match="game"):
        cg.solvers.fictitious_play(np.eye(2))
    with pytest.raises(cg.errors.InvalidArgumentError, match="beta"):
        cg.solvers.logit_dynamics(cg.games.chicken(), beta=-1)


def test_results_serialise():
    r = cg.solvers.best_response_dynamics(cg.games.stag_hunt(), (0, 1))
    d = r.to_dict()
    assert d["converged"] and d["equilibrium"]["strategies"] and "DynamicsResult" in repr(r)
