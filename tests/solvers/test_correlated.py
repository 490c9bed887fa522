"""Correlated and coarse correlated equilibria: textbook values, the sparse LP, HiGHS vs cvxpy."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import scipy.sparse as sp

import coordgame as cg
from coordgame import welfare as wf
from coordgame.solvers.correlated import incentive_constraints, incentive_violation


def dense_ce_rows(game, coarse=False):
    """The incentive constraints written out with explicit loops over profiles (the slow, obvious way)."""
    shape = game.num_actions
    profiles = list(itertools.product(*[range(n) for n in shape]))
    rows = []
    for i, n in enumerate(shape):
        if coarse:
            for dev in range(n):
                row = np.zeros(len(profiles))
                for m, a in enumerate(profiles):
                    b = list(a)
                    b[i] = dev
                    row[m] = game.payoffs[(i, *a)] - game.payoffs[(i, *b)]
                rows.append(row)
            continue
        for k in range(n):
            for dev in range(n):
                if dev == k:
                    continue
                row = np.zeros(len(profiles))
                for m, a in enumerate(profiles):
                    if a[i] == k:
                        b = list(a)
                        b[i] = dev
                        row[m] = game.payoffs[(i, *a)] - game.payoffs[(i, *b)]
                rows.append(row)
    return np.array(rows)


# --------------------------------------------------------------------------- textbook answers
def test_aumann_chicken_best_correlated_equilibrium():
    # Aumann (1974): with payoffs Dare/Chicken [[0, 7], [2, 6]] the Nash equilibria give welfare 9
    # (pure) and 28/3 (mixed, each dares w.p. 1/3).  The welfare-maximising correlated
    # equilibrium (the LP solved by hand: the "told C" constraints bind, 2 p(CD) = p(CC))
    # puts 1/2 on (C, C) and 1/4 on each asymmetric profile: 5.25 each, welfare 10.5 -- the
    # standard illustration of Aumann's example (e.g. the "Correlated equilibrium" entry of
    # Wikipedia, which gives the same distribution and payoff 5.25).
    ce = cg.correlated_equilibrium(cg.games.chicken())
    np.testing.assert_allclose(ce.distribution, [[0, 0.25], [0.25, 0.5]], atol=1e-9)
    np.testing.assert_allclose(ce.payoffs, [5.25, 5.25], atol=1e-9)
    assert ce.welfare == pytest.approx(10.5)
    assert ce.max_violation <= ce.tol
    nash_welfare = [eq.welfare for eq in cg.pure_nash(cg.games.chicken())] + [28 / 3]
    assert ce.welfare > max(nash_welfare)


def test_chicken_uniform_correlation_is_a_correlated_equilibrium():
    # Aumann's original device: (C,C), (D,C), (C,D) with probability 1/3 each, welfare 10.
    g = cg.games.chicken()
    assert incentive_violation(g, [[0, 1 / 3], [1 / 3, 1 / 3]]) == pytest.approx(0.0, abs=1e-12)
    assert incentive_violation(g, [[0.5, 0], [0, 0.5]]) > 0


def test_chicken_worst_correlated_equilibrium():
    # Minimising 9 (p(DC) + p(CD)) + 12 p(CC) subject to p(DC), p(CD) >= 2 p(DD) and
    # p(CC) <= 2 p(CD), 2 p(DC): the minimum puts 1/5 on the crash and 2/5 on each asymmetric profile.
    ce = cg.correlated_equilibrium(cg.games.chicken(), maximize=False)
    np.testing.assert_allclose(ce.distribution, [[0.2, 0.4], [0.4, 0.0]], atol=1e-9)
    assert ce.welfare == pytest.approx(7.2)


def test_prisoners_dilemma_only_correlated_equilibrium_is_mutual_defection():
    # Defect is strictly dominant, so the CE (and CCE) polytope is the single point (D, D).
    game = cg.games.prisoners_dilemma()
    for coarse in (False, True):
        r = cg.solvers.correlated_welfare_range(game, coarse=coarse)
        assert r.low == pytest.approx(2.0) and r.high == pytest.approx(2.0)
        np.testing.assert_allclose(r.best.distribution, [[0, 0], [0, 1]], atol=1e-9)


@pytest.mark.parametrize("seed", range(4))
def test_cce_welfare_range_contains_ce_range(seed):
    # every CE is a CCE (Moulin & Vial 1978), so the CCE welfare range contains the CE range
    game = cg.games.random_game((3, 3), seed=seed)
    ce = cg.solvers.correlated_welfare_range(game)
    cce = cg.solvers.correlated_welfare_range(game, coarse=True)
    assert cce.high >= ce.high - 1e-9 and cce.low <= ce.low + 1e-9


def test_player_payoff_and_weighted_objectives():
    game = cg.games.battle_of_the_sexes()
    best_for_row = cg.correlated_equilibrium(game, wf.player_payoff(0))
    assert best_for_row.payoffs[0] == pytest.approx(3.0)
    weighted = cg.correlated_equilibrium(game, wf.utilitarian([1.0, 0.0]))
    assert weighted.objective_value == pytest.approx(3.0)


def test_nash_product_needs_positive_payoffs():
    with pytest.raises(cg.errors.InvalidArgumentError, match="Nash product"):
        cg.correlated_equilibrium(cg.games.chicken(), "nash_product")
    shifted = cg.NormalFormGame(cg.games.chicken().payoffs + 1)
    ce = cg.correlated_equilibrium(shifted, "nash_product")
    assert ce.solver == "cvxpy" and ce.max_violation <= ce.tol
    # symmetric game, concave symmetric objective: the optimum treats the players alike
    assert ce.payoffs[0] == pytest.approx(ce.payoffs[1], abs=1e-6)
    assert ce.objective_value >= cg.correlated_equilibrium(shifted).payoffs.prod() - 1e-6


def test_bad_arguments():
    game = cg.games.chicken()
    with pytest.raises(cg.errors.InvalidArgumentError, match="solver"):
        cg.correlated_equilibrium(game, solver="glpk")
    with pytest.raises(cg.errors.InvalidArgumentError, match="welfare"):
        cg.correlated_equilibrium(game, lambda u: u[0])
    with pytest.raises(cg.errors.InvalidArgumentError, match="welfare"):
        cg.correlated_equilibrium(game, "fairness")
    with pytest.raises(cg.errors.InvalidArgumentError, match="maximize"):
        cg.correlated_equilibrium(cg.NormalFormGame(game.payoffs + 1), "nash_product", maximize=False)
    with pytest.raises(cg.errors.InvalidProfileError, match="distribution"):
        incentive_violation(game, [0.5, 0.5])


# --------------------------------------------------------------------------- the sparse program
@pytest.mark.parametrize("shape", [(2, 2), (3, 4), (2, 3, 2), (3, 2, 2, 2)])
@pytest.mark.parametrize("coarse", [False, True])
def test_sparse_constraints_equal_loop_construction(shape, coarse):
    game = cg.games.random_game(shape, seed=sum(shape))
    A = incentive_constraints(game.payoffs, coarse=coarse)
    assert sp.issparse(A)
    np.testing.assert_allclose(A.toarray(), dense_ce_rows(game, coarse=coarse), atol=1e-12)


def test_violation_matches_constraint_matrix():
    rng = np.random.default_rng(3)
    game = cg.games.random_game((3, 4, 2), seed=3)
    for coarse in (False, True):
        A = incentive_constraints(game.payoffs, coarse=coarse)
        for _ in range(5):
            p = rng.dirichlet(np.ones(game.num_profiles))
            assert incentive_violation(game, p.reshape(game.num_actions), coarse=coarse) == pytest.approx(
                max(0.0, float(-(A @ p).min())), abs=1e-12)


def test_every_nash_equilibrium_satisfies_the_constraints():
    game = cg.games.stag_hunt()
    mixed = ([2 / 3, 1 / 3], [2 / 3, 1 / 3])  # the mixed equilibrium of the default stag hunt
    joint = np.multiply.outer(*mixed)
    assert incentive_violation(game, joint) == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("seed", range(8))
def test_highs_and_cvxpy_agree(seed):
    shapes = [(3, 3), (5, 4), (2, 3, 2), (6, 6), (3, 3, 3), (4, 7), (2, 2, 2, 2), (8, 5)]
    game = cg.games.random_game(shapes[seed], seed=seed)
    weighted = wf.utilitarian(np.arange(1, game.num_players + 1))
    for objective in ("utilitarian", "rawlsian", wf.player_payoff(0), weighted):
        for coarse in (False, True):
            for maximize in (True, False):
                a = cg.correlated_equilibrium(game, objective, coarse=coarse, maximize=maximize, solver="highs")
                b = cg.correlated_equilibrium(game, objective, coarse=coarse, maximize=maximize, solver="cvxpy")
                assert a.objective_value == pytest.approx(b.objective_value, rel=1e-6, abs=1e-7)


def test_larger_games_solve_and_verify():
    for shape in [(40, 40), (6, 6, 6, 6)]:
        game = cg.games.random_game(shape, seed=11)
        ce = cg.correlated_equilibrium(game)
        assert ce.distribution.shape == shape
        assert ce.max_violation <= ce.tol
        assert ce.distribution.sum() == pytest.approx(1.0)
        # a pure Nash equilibrium, if any, is a CE, so it cannot beat the best CE
        for eq in cg.pure_nash(game):
            assert eq.welfare <= ce.welfare + 1e-7


def test_result_helpers():
    ce = cg.correlated_equilibrium(cg.games.chicken())
    assert [p for p, _ in ce.support()] == [(0, 1), (1, 0), (1, 1)]
    np.testing.assert_allclose(ce.marginals()[0], [0.25, 0.75])
    d = ce.to_dict()
    assert d["welfare"] == pytest.approx(10.5) and d["coarse"] is False
    assert "CorrelatedEquilibrium" in repr(ce)
    with pytest.raises(ValueError):
        ce.distribution[0, 0] = 1.0
