"""Logit QRE, the principal branch and the logit solution: published answers and identities."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coordgame as cg
from coordgame.solvers._multilinear import MultilinearGame
from coordgame.solvers.logit import _QRESystem


def softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()


def test_battle_of_the_sexes_branch_crosses_a_bifurcation_and_ends_at_the_mixed_equilibrium():
    # The game is symmetric under swapping the players and their actions.  On the symmetric QRE
    # branch sigma_1 = (p, 1 - p), sigma_2 = (1 - p, p) with p = 1 / (1 + exp(lam (5 p - 3))), and
    # a symmetry-breaking (pitchfork) bifurcation occurs where 5 lam p (1 - p) = 1 (lam ~ 0.81).
    # The tracer reports it and continues straight through, to the mixed equilibrium (3/5, 2/5),
    # (2/5, 3/5).  (pygambit's logit_solve turns onto the branch to (0, 0) there.)
    path = cg.solvers.logit_path(cg.games.battle_of_the_sexes())
    np.testing.assert_allclose(path.equilibrium.strategies[0], [0.6, 0.4], atol=1e-9)
    np.testing.assert_allclose(path.equilibrium.strategies[1], [0.4, 0.6], atol=1e-9)
    assert len(path.bifurcations) == 1 and "bifurcation" in path.message
    from scipy.optimize import brentq

    def branch_p(lam):
        return brentq(lambda p: p - 1 / (1 + np.exp(lam * (5 * p - 3))), 0.0, 1.0)

    critical = brentq(lambda lam: 5 * lam * branch_p(lam) * (1 - branch_p(lam)) - 1, 0.1, 2.0)
    k = int(np.flatnonzero(path.lambdas == path.bifurcations[0])[0])
    assert path.lambdas[k - 1] < critical <= path.lambdas[k]  # detected on the step that crossed it


def test_random_games_have_no_bifurcation_on_the_branch():
    for seed in range(6):
        assert cg.solvers.logit_path(cg.games.random_game((3, 3, 2), seed=seed)).bifurcations == ()


def test_stag_hunt_logit_limit_is_risk_dominant_hare():
    assert cg.solvers.logit_solve(cg.games.stag_hunt()).pure_profile == (1, 1)


def test_matching_pennies_qre_is_the_centroid_at_every_precision():
    for lam in (0.0, 0.5, 3.0, 40.0):
        qre = cg.solvers.logit_qre(cg.games.matching_pennies(), lam)
        for s in qre.strategies:
            np.testing.assert_allclose(s, [0.5, 0.5], atol=1e-10)


def test_volunteers_dilemma_logit_limit_is_the_symmetric_mixed_equilibrium():
    # Symmetric game: the branch stays symmetric, so its limit waits with (c/b)^(1/(N-1)).
    game = cg.games.volunteers_dilemma(4, benefit=1.0, cost=0.3)
    eq = cg.solvers.logit_solve(game)
    for s in eq.strategies:
        assert s[1] == pytest.approx(0.3 ** (1 / 3), abs=1e-8)


def test_path_starts_at_centroid_and_records_profiles():
    path = cg.solvers.logit_path(cg.games.random_game((3, 2, 4), seed=3))
    assert path.lambdas[0] == 0.0
    assert [p.shape[1] for p in path.profiles] == [3, 2, 4]
    assert all(p.shape[0] == path.lambdas.size for p in path.profiles)
    np.testing.assert_allclose(path.profiles[2][0], 0.25)
    assert path.converged and path.regret <= path.equilibrium.tol


@pytest.mark.parametrize("seed", range(4))
def test_logit_qre_is_the_softmax_fixed_point(seed):
    game = cg.games.random_game((3, 3, 2), seed=seed)
    qre = cg.solvers.logit_qre(game, 2.5)
    for i, s in enumerate(qre.strategies):
        np.testing.assert_allclose(s, softmax(2.5 * game.action_values(qre.strategies, i)), atol=1e-11)


def test_logit_qre_from_start_matches_branch_point():
    game = cg.games.random_game((2, 3, 2), seed=7)
    on_branch = cg.solvers.logit_qre(game, 1.5)
    from_start = cg.solvers.logit_qre(game, 1.5, start=[np.full(n, 1 / n) for n in game.num_actions])
    for a, b in zip(on_branch.strategies, from_start.strategies):
        np.testing.assert_allclose(a, b, atol=1e-10)


def test_analytic_jacobian_matches_finite_differences():
    game = cg.games.random_game((3, 2, 2, 3), seed=11)
    mg = MultilinearGame(game.payoffs)
    system = _QRESystem(mg)
    rng = np.random.default_rng(0)
    y = np.append(np.log(np.concatenate([rng.dirichlet(np.ones(n)) for n in game.num_actions])), 1.7)
    _, jac = system.evaluate(y)
    numeric = np.empty_like(jac)
    for k in range(y.size):
        step = np.zeros_like(y)
        step[k] = 1e-6
        numeric[:, k] = (system.evaluate(y + step)[0] - system.evaluate(y - step)[0]) / 2e-6
    np.testing.assert_allclose(jac, numeric, atol=1e-7)


def test_value_jacobian_batch_matches_action_values():
    game = cg.games.random_game((2, 3, 2, 2), seed=5)
    mg = MultilinearGame(game.payoffs)
    rng = np.random.default_rng(1)
    batch = np.stack([np.concatenate([rng.dirichlet(np.ones(n)) for n in game.num_actions]) for _ in range(3)])
    values = mg.values_from_jacobian(mg.value_jacobian(batch), batch)
    for b in range(3):
        profile = mg.blocks(batch[b])
        expected = np.concatenate([game.action_values(profile, i) for i in range(game.num_players)])
        np.testing.assert_allclose(values[b], expected, atol=1e-12)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), shape=st.sampled_from([(2, 2, 2), (3, 2, 2), (2, 2, 2, 2), (3, 3)]))
def test_logit_solution_regret_within_tolerance(seed, shape):
    game = cg.games.random_game(shape, seed=seed)
    eq = cg.solvers.logit_solve(game, tol=1e-9)
    assert game.max_regret(eq.strategies) <= 1e-9 * game.payoff_range
    assert eq.method == "logit"


def test_a_branch_it_cannot_follow_is_a_convergence_error_not_a_wrong_answer():
    # A known limit, found by the property test above: on this game the path meets a point where
    # the step size underflows. logit_solve says so rather than return an unverified profile.
    game = cg.games.random_game((2, 2, 2), seed=768)
    with pytest.raises(cg.errors.ConvergenceError, match="step size underflowed"):
        cg.solvers.logit_solve(game, tol=1e-9)
    assert len(cg.nash(game, "support_enumeration_n")) >= 1  # the game has equilibria: another method finds them


def test_bad_arguments_raise_named_errors():
    game = cg.games.stag_hunt()
    with pytest.raises(cg.errors.InvalidArgumentError, match="lam"):
        cg.solvers.logit_qre(game, -1.0)
    with pytest.raises(cg.errors.InvalidArgumentError, match="max_lambda"):
        cg.solvers.logit_path(game, max_lambda=0)
    with pytest.raises(cg.errors.InvalidProfileError, match="start"):
        cg.solvers.logit_qre(game, 1.0, start=[[1, 0], [0.5, 0.5]])
    with pytest.raises(cg.CoordgameError, match="game"):
        cg.solvers.logit_path([[1, 2], [3, 4]])


def test_unverifiable_limit_is_reported_not_hidden():
    path = cg.solvers.logit_path(cg.games.random_game((3, 3, 3), seed=0), max_steps=3)
    assert not path.converged and path.equilibrium is None and "max_steps" in path.message
    with pytest.raises(cg.errors.ConvergenceError):
        cg.solvers.logit_solve(cg.games.random_game((3, 3, 3), seed=0), max_steps=3)


def test_einsum_fallback_for_large_games_gives_the_same_jacobian():
    game = cg.games.random_game((2, 3, 2, 2), seed=1)
    mg = MultilinearGame(game.payoffs)
    rng = np.random.default_rng(0)
    batch = np.stack([np.concatenate([rng.dirichlet(np.ones(n)) for n in game.num_actions]) for _ in range(3)])
    tabled = mg.value_jacobian(batch)
    mg._pair_tables = None  # what games too large for the transposed copies use
    np.testing.assert_allclose(mg.value_jacobian(batch), tabled, atol=1e-14)
