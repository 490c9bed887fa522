"""pure_nash: every pure equilibrium, vectorised, verified."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coordgame as cg
from coordgame.solvers.pure import pure_equilibrium_indices
from tests.conftest import brute_force_pure_nash

shapes = st.lists(st.integers(1, 4), min_size=1, max_size=4)


@settings(max_examples=80, deadline=None)
@given(shapes, st.integers(0, 2**32 - 1), st.sampled_from([None, 2, 3]))
def test_matches_brute_force(shape, seed, integers):
    game = cg.games.random_game(shape, seed=seed, integers=integers)
    result = cg.pure_nash(game)
    assert result.pure_profiles() == brute_force_pure_nash(game)
    assert result.complete
    assert all(eq.regret <= eq.tol for eq in result)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=2, max_size=4), st.integers(0, 2**32 - 1), st.data())
def test_relabelling_permutes_equilibria(shape, seed, data):
    game = cg.games.random_game(shape, seed=seed, integers=3)
    players = data.draw(st.permutations(range(len(shape))))
    actions = [data.draw(st.permutations(range(n))) for n in shape]
    relabelled = game.permute(players=players, actions=actions)
    inverse = [{old: new for new, old in enumerate(a)} for a in actions]
    expected = {tuple(inverse[p][profile[p]] for p in players) for profile in cg.pure_nash(game).pure_profiles()}
    assert set(cg.pure_nash(relabelled).pure_profiles()) == expected


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=2, max_size=3), st.integers(0, 2**32 - 1),
       st.floats(-50, 50), st.floats(0.1, 20))
def test_affine_payoff_changes_leave_set_unchanged(shape, seed, shift, scale):
    game = cg.games.random_game(shape, seed=seed, integers=4)
    payoffs = game.payoffs.copy()
    payoffs[0] = scale * payoffs[0] + shift
    assert cg.pure_nash(cg.NormalFormGame(payoffs)).pure_profiles() == cg.pure_nash(game).pure_profiles()


def test_ties_count_as_best_responses():
    g = cg.NormalFormGame.from_bimatrix(np.zeros((3, 2)), np.zeros((3, 2)))
    assert len(cg.pure_nash(g)) == 6


def test_tolerance_is_relative_to_payoff_scale():
    eps = 1e-7
    g = cg.NormalFormGame.from_bimatrix([[1e3, 0], [1e3 + eps, 0]], [[1, 0], [1, 0]])
    assert cg.pure_nash(g, tol=1e-12).pure_profiles() == [(1, 0)]  # 1e-7 > 1e-12 * 1e3: a real gain
    assert cg.pure_nash(g).pure_profiles() == [(0, 0), (1, 0)]  # 1e-7 < 1e-9 * 1e3: within tolerance


@pytest.mark.parametrize("shape", [(12, 11, 10, 9, 8), (8, 9, 10, 11, 12), (300, 2, 400), (2, 70000), (70000, 3)])
def test_large_game_blocks_agree_with_unblocked(shape):
    # big enough that the first pass runs over several blocks, and both check paths are used
    game = cg.games.random_game(shape, seed=5, integers=4)
    mask = np.zeros(game.num_actions, dtype=bool).reshape(-1)
    mask[pure_equilibrium_indices(game.payoffs, 0.0)] = True
    expected = np.ones(game.num_actions, dtype=bool)
    for i in range(game.num_players):
        expected &= game.payoffs[i] >= game.payoffs[i].max(axis=i, keepdims=True)
    assert np.array_equal(mask, expected.reshape(-1))


def test_single_player_game():
    g = cg.NormalFormGame([[3.0, 5.0, 5.0]])
    assert cg.pure_nash(g).pure_profiles() == [(1,), (2,)]


def test_result_frame():
    frame = cg.pure_nash(cg.games.minimum_effort(num_players=3, efforts=3)).to_frame()
    assert list(frame["welfare"].round(6)) == pytest.approx([2.1, 2.4, 2.7])


def test_limit_returns_the_first_equilibria_and_says_the_set_is_incomplete():
    game = cg.games.minimum_effort(num_players=3, efforts=4)  # four pure equilibria: the common efforts
    every = cg.pure_nash(game)
    first = cg.pure_nash(game, limit=2)
    assert every.complete and len(every) == 4
    assert not first.complete and first.pure_profiles() == every.pure_profiles()[:2]
    assert any("limit" in note for note in first.notes)
    assert cg.pure_nash(game, limit=4).complete
    with pytest.raises(cg.errors.InvalidArgumentError, match="limit"):
        cg.pure_nash(game, limit=-1)
