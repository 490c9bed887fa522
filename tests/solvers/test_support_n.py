"""N-player support enumeration: closed forms, completeness claims, verification."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coordgame as cg


@pytest.mark.parametrize(("players", "benefit", "cost"), [(3, 1.0, 0.5), (4, 2.0, 0.5), (4, 1.0, 0.2)])
def test_volunteers_dilemma_symmetric_mixed_equilibrium(players, benefit, cost):
    # Diekmann (1985): in the symmetric mixed equilibrium each player waits with probability
    # q = (c / b) ** (1 / (N - 1)), which makes volunteering (b - c) and waiting (b (1 - q^(N-1))) equal.
    game = cg.games.volunteers_dilemma(players, benefit=benefit, cost=cost)
    q = (cost / benefit) ** (1 / (players - 1))
    result = cg.solvers.support_enumeration_n(game)
    symmetric = [eq for eq in result if all(np.allclose(s, eq.strategies[0]) for s in eq.strategies)
                 and not eq.is_pure]
    assert len(symmetric) == 1
    assert symmetric[0].strategies[0][1] == pytest.approx(q, abs=1e-9)
    # the N pure equilibria with exactly one volunteer are there too
    assert sorted(result.pure_profiles()) == sorted(cg.pure_nash(game).pure_profiles())


def test_volunteers_dilemma_three_players_all_seven_equilibria():
    # b = 1, c = 1/4: three pure (one volunteer), three with one sure waiter and two players in the
    # two-player dilemma (wait with c/b = 1/4), and the symmetric one (wait with 1/2).
    result = cg.solvers.support_enumeration_n(cg.games.volunteers_dilemma(3, benefit=1.0, cost=0.25))
    assert len(result) == 7
    waits = sorted(tuple(np.round([s[1] for s in eq.strategies], 9)) for eq in result)
    assert waits == sorted([(0, 1, 1), (1, 0, 1), (1, 1, 0), (1, 0.25, 0.25), (0.25, 1, 0.25), (0.25, 0.25, 1),
                            (0.5, 0.5, 0.5)])


def test_minimum_effort_pure_equilibria_are_the_common_efforts():
    # Van Huyck, Battalio & Beil (1990): with gain > cost every common effort is a strict equilibrium
    # and no other pure profile is one.
    game = cg.games.minimum_effort(num_players=3, efforts=3)
    result = cg.solvers.support_enumeration_n(game, polynomial="newton")
    assert sorted(result.pure_profiles()) == [(0, 0, 0), (1, 1, 1), (2, 2, 2)]
    for eq in result:
        assert game.max_regret(eq.strategies) <= eq.tol


def test_two_player_games_are_complete_and_match_vertex_count():
    # Two players: every indifference system is linear, so the enumeration claims completeness; a
    # non-degenerate random bimatrix game's equilibria are counted by brute force over supports.
    game = cg.games.random_game((4, 4), seed=3)
    result = cg.solvers.support_enumeration_n(game)
    assert result.complete
    count = 0
    A, B = game.payoffs
    for k in range(1, 5):
        for rows, cols in itertools.product(itertools.combinations(range(4), k), repeat=2):
            # solve the square indifference systems directly
            M = np.zeros((k + 1, k + 1))
            M[:k, :k] = A[np.ix_(rows, cols)]
            M[:k, k] = -1
            M[k, :k] = 1
            N = np.zeros((k + 1, k + 1))
            N[:k, :k] = B[np.ix_(rows, cols)].T
            N[:k, k] = -1
            N[k, :k] = 1
            rhs = np.zeros(k + 1)
            rhs[k] = 1
            y, x = np.linalg.solve(M, rhs)[:k], np.linalg.solve(N, rhs)[:k]
            if x.min() < 0 or y.min() < 0:
                continue
            p, q = np.zeros(4), np.zeros(4)
            p[list(rows)], q[list(cols)] = x, y
            count += game.max_regret((p, q)) <= 1e-9
    assert len(result) == count


def test_stop_after_returns_the_first_equilibria():
    game = cg.games.random_game((3, 3, 3), seed=4)
    first = cg.solvers.support_enumeration_n(game, stop_after=1)
    assert len(first) == 1 and not first.complete
    assert any("stop_after" in note for note in first.notes)


def test_newton_multistart_makes_the_result_incomplete_and_says_so():
    result = cg.solvers.support_enumeration_n(cg.games.random_game((2, 2, 2), seed=1), polynomial="newton")
    assert not result.complete
    assert any("no guarantee" in note for note in result.notes)


@pytest.mark.parametrize("seed", range(4))
def test_homotopy_finds_what_newton_finds_and_claims_completeness(seed):
    game = cg.games.random_game([(2, 2, 2), (2, 2, 2, 2)][seed % 2], seed=seed)
    homotopy = cg.solvers.support_enumeration_n(game)
    newton = cg.solvers.support_enumeration_n(game, polynomial="newton", starts=30)
    assert homotopy.complete
    for eq in newton:
        assert min(max(np.abs(a - b).max() for a, b in zip(eq.strategies, other.strategies))
                   for other in homotopy) <= 1e-8


def test_homotopy_path_count_is_the_mckelvey_mclennan_bound():
    # The multihomogeneous Bezout number of the totally mixed system bounds the number of regular
    # totally mixed equilibria: 2 for 2x2x2, 9 for 2x2x2x2, 10 for 3x3x3 (McKelvey & McLennan 1997).
    from coordgame.solvers._homotopy import homotopy_solutions
    from coordgame.solvers._multilinear import MultilinearGame

    for shape, bound in [((2, 2, 2), 2), ((2, 2, 2, 2), 9), ((3, 3, 3), 10)]:
        game = cg.games.random_game(shape, seed=0)
        reports = homotopy_solutions(MultilinearGame(game.payoffs), [[np.arange(n) for n in shape]],
                                     np.random.default_rng(0))
        assert reports[0].paths == bound and reports[0].reliable


def test_degenerate_game_is_reported():
    # All payoffs equal: every profile is an equilibrium; the systems are singular.
    game = cg.NormalFormGame(np.zeros((3, 2, 2, 2)))
    result = cg.solvers.support_enumeration_n(game)
    assert not result.complete and any("singular" in note for note in result.notes)
    assert all(eq.regret == 0 for eq in result)


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 10_000), shape=st.sampled_from([(2, 2, 2), (3, 2, 2)]),
       integers=st.sampled_from([None, 3]))
def test_every_returned_profile_has_regret_within_tol(seed, shape, integers):
    game = cg.games.random_game(shape, seed=seed, integers=integers)
    result = cg.solvers.support_enumeration_n(game, tol=1e-9)
    assert len(result) >= 1
    for eq in result:
        assert game.max_regret(eq.strategies) <= 1e-9 * game.payoff_scale


def test_bad_arguments():
    game = cg.games.random_game((2, 2, 2), seed=0)
    with pytest.raises(cg.errors.InvalidArgumentError, match="polynomial"):
        cg.solvers.support_enumeration_n(game, polynomial="groebner")
    with pytest.raises(cg.errors.InvalidArgumentError, match="starts"):
        cg.solvers.support_enumeration_n(game, starts=-1)
    with pytest.raises(cg.errors.InvalidArgumentError, match="max_support_profiles"):
        cg.solvers.support_enumeration_n(cg.games.random_game((5, 5, 5), seed=0), max_support_profiles=100)


def test_nash_auto_for_n_players():
    small = cg.nash(cg.games.volunteers_dilemma(3))
    assert small.method == "support_enumeration_n" and len(small) == 7
    large = cg.nash(cg.games.random_game((4, 4, 4), seed=1))
    assert large.method == "pure_nash+logit"
    assert cg.nash(cg.games.stag_hunt(), method="logit").method == "logit"
    assert cg.nash(cg.games.volunteers_dilemma(3), method="support_n").method == "support_enumeration_n"


def _game_and_flat_profiles(shape, count, seed):
    """A random game, its multilinear form and ``count`` random flat mixed profiles."""
    from coordgame.solvers._multilinear import MultilinearGame

    game = cg.games.random_game(shape, seed=seed)
    rng = np.random.default_rng(seed)
    flat = np.concatenate([rng.dirichlet(np.ones(n), size=count) for n in shape], axis=1)
    return game, MultilinearGame(game.payoffs), flat


@pytest.mark.parametrize("shape", [(3, 3, 3), (2, 3, 4, 2)])
def test_action_values_without_the_jacobian_match_the_jacobian_route(shape):
    game, mg, flat = _game_and_flat_profiles(shape, 5, seed=3)
    direct = mg.values(flat)
    assert np.allclose(direct, mg.values_from_jacobian(mg.value_jacobian(flat), flat), atol=1e-13)
    by_game = np.concatenate([game.action_values(mg.blocks(flat[0]), i) for i in range(len(shape))])
    assert np.allclose(direct[0], by_game, atol=1e-13)


@pytest.mark.parametrize("seed", range(6))
def test_direct_two_mixer_solve_agrees_with_newton(seed):
    from itertools import combinations

    from coordgame.solvers._indifference import solve_indifference, solve_two_mixers
    from coordgame.solvers._multilinear import MultilinearGame

    game = cg.games.random_game((4, 4, 3), seed=seed)
    mg = MultilinearGame(game.payoffs)
    checked = 0
    for rows in combinations(range(4), 2):
        for cols in [*combinations(range(4), 2), *combinations(range(4), 3)]:
            supports = [np.array(rows), np.array(cols), np.array([seed % 3])]
            direct = solve_two_mixers(mg, supports, 1e-12)
            centroid = np.zeros(mg.size)
            for i, s in enumerate(supports):
                centroid[mg.offsets[i] + s] = 1 / s.size
            newton = solve_indifference(mg, supports, centroid, residual_tol=1e-12)
            assert direct is not None  # random payoffs: no singular or consistent overdetermined system
            assert direct.shape == newton.shape
            assert np.allclose(direct, newton, atol=1e-9)
            checked += len(direct)
    assert checked > 0  # some supports do have a solution with non-negative probabilities


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), shape=st.sampled_from([(3, 3, 3), (2, 4, 3), (2, 2, 2, 3)]),
       integers=st.sampled_from([None, 3]))
def test_bitset_pruning_equals_iterated_conditional_dominance(seed, shape, integers):
    from itertools import product as cartesian

    from coordgame.solvers.support_n import _Pruner

    game = cg.games.random_game(shape, seed=seed, integers=integers)
    rng = np.random.default_rng(seed)
    domains = tuple(tuple(sorted(rng.choice(n, size=rng.integers(1, n + 1), replace=False).tolist())) for n in shape)

    def reference(domains):
        domains = [list(d) for d in domains]
        changed = True
        while changed:
            changed = False
            for i, own in enumerate(domains):
                others = [list(cartesian(*domains[:i])), list(cartesian(*domains[i + 1 :]))]

                def u(a, i=i, others=others):
                    return np.array([game.payoffs[(i, *before, a, *after)] for before in others[0] for after in others[1]])

                kept = [a for a in own if not any((u(b) > u(a) + 1e-9).all() for b in own if b != a)]
                if len(kept) < len(own):
                    domains[i], changed = kept, True
        return tuple(tuple(d) for d in domains)

    assert _Pruner(game.payoffs, 1e-9)(domains) == reference(domains)


@pytest.mark.slow
@pytest.mark.parametrize("shape", [(3, 3, 3), (2, 3, 4)])
def test_first_equilibrium_is_one_of_all_and_linear_supports_come_first(shape):
    for seed in range(6):
        game = cg.games.random_game(shape, seed=seed)
        first = cg.solvers.support_enumeration_n(game, stop_after=1)[0]
        everything = cg.solvers.support_enumeration_n(game)
        assert any(all(np.allclose(a, b, atol=1e-7) for a, b in zip(first.strategies, eq.strategies))
                   for eq in everything)
        mixers = [sum(len(s) > 1 for s in eq.supports) for eq in everything]
        if min(mixers) <= 2:  # an equilibrium solvable by linear systems exists: one of those is returned
            assert sum(len(s) > 1 for s in first.supports) <= 2


@pytest.mark.parametrize("route", ["default", "pair tables", "einsum"])
@pytest.mark.parametrize("shape", [(3, 3, 3), (2, 4, 3), (2, 2, 3, 2)])
def test_value_jacobian_is_the_derivative_of_the_action_values(shape, route):
    # M[(i, a), (j, b)] = d v_{i,a} / d sigma_{j,b}, checked entry by entry against an explicit contraction
    game, mg, flat = _game_and_flat_profiles(shape, 3, seed=5)
    if route != "default":  # the routes taken for larger games
        mg._three_player_form = None
    if route == "einsum":
        mg._pair_tables = None
    M = mg.value_jacobian(flat)
    assert M.shape == (3, mg.size, mg.size)
    n = len(shape)
    for row in range(3):
        blocks = mg.blocks(flat[row])
        for i, j in itertools.permutations(range(n), 2):
            table = np.moveaxis(game.payoffs[i], (i, j), (0, 1))
            for k in sorted(set(range(n)) - {i, j}, reverse=True):  # contract the highest axes first
                axis = 2 + sum(m < k for m in range(n) if m not in (i, j))
                table = np.tensordot(table, blocks[k], axes=([axis], [0]))
            block = M[row, mg.offsets[i] : mg.offsets[i + 1], mg.offsets[j] : mg.offsets[j + 1]]
            assert np.allclose(block, table, atol=1e-13)
        for i in range(n):
            assert not M[row, mg.offsets[i] : mg.offsets[i + 1], mg.offsets[i] : mg.offsets[i + 1]].any()
    assert np.allclose(mg.value_jacobian(flat[0]), M[0], atol=1e-15)
    assert np.allclose(mg.value_jacobian(flat.astype(complex)).real, M, atol=1e-15)


def test_bad_seed_is_rejected_even_when_a_pure_equilibrium_ends_the_search():
    game = cg.games.stag_hunt()  # a pure equilibrium: the search stops before drawing any start
    with pytest.raises(cg.errors.InvalidArgumentError, match="seed"):
        cg.solvers.support_enumeration_n(game, stop_after=1, seed="zero")
    with pytest.raises(cg.errors.InvalidArgumentError, match="seed"):
        cg.solvers.support_enumeration_n(game, stop_after=1, seed=-1)
