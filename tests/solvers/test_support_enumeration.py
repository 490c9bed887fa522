"""support_enumeration: published equilibria, degeneracy detection, invariances, errors."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coordgame as cg


def rounded_set(eqs, digits=7):
    return {tuple(tuple(np.round(s, digits).tolist()) for s in eq.strategies) for eq in eqs}


def solve_quietly(game):
    with warnings.catch_warnings():
        warnings.simplefilter("error", cg.errors.DegenerateGameWarning)
        return cg.support_enumeration(game)


def test_battle_of_the_sexes():
    # Osborne & Rubinstein (1994), ex. 34.1: mixed equilibrium ((3/5, 2/5), (2/5, 3/5)).
    eqs = solve_quietly(cg.games.battle_of_the_sexes())
    assert eqs.complete and eqs.method == "support_enumeration"
    assert rounded_set(eqs) == {((1.0, 0.0), (1.0, 0.0)), ((0.6, 0.4), (0.4, 0.6)), ((0.0, 1.0), (0.0, 1.0))}


def test_stag_hunt_matching_pennies_chicken():
    assert ((0.6666667, 0.3333333), (0.6666667, 0.3333333)) in rounded_set(solve_quietly(cg.games.stag_hunt()))
    assert rounded_set(solve_quietly(cg.games.matching_pennies())) == {((0.5, 0.5), (0.5, 0.5))}
    chicken = solve_quietly(cg.games.chicken())
    assert ((0.3333333, 0.6666667), (0.3333333, 0.6666667)) in rounded_set(chicken)
    assert len(chicken) == 3


def test_prisoners_dilemma_single_pure_equilibrium():
    eqs = solve_quietly(cg.games.prisoners_dilemma())
    assert eqs.pure_profiles() == [(1, 1)] and len(eqs) == 1


def test_degenerate_game_warns_and_is_not_complete():
    # von Stengel (2007), fig. 3.4: a best-response tie at the pure equilibrium.
    game = cg.NormalFormGame.from_bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]])
    with pytest.warns(cg.errors.DegenerateGameWarning, match="vertex_enumeration"):
        eqs = cg.support_enumeration(game)
    assert not eqs.complete
    assert any("vertex_enumeration" in note for note in eqs.notes)
    assert all(game.is_nash(eq.strategies) for eq in eqs)


def test_degenerate_game_where_support_enumeration_misses_extreme_equilibria():
    # A 2x3 game whose extreme equilibria include ((1, 0), (2/3, 1/3, 0)) and ((0, 1), (2/3, 1/3, 0)):
    # unequal supports with a singular indifference system; vertex enumeration finds them.
    game = cg.NormalFormGame.from_bimatrix([[1, 2, 1], [2, 0, 1]], [[2, 2, 1], [1, 1, 1]])
    with pytest.warns(cg.errors.DegenerateGameWarning):
        partial = cg.support_enumeration(game)
    full = cg.vertex_enumeration(game)
    missing = rounded_set(full) - rounded_set(partial)
    assert missing == {((1.0, 0.0), (0.6666667, 0.3333333, 0.0)), ((0.0, 1.0), (0.6666667, 0.3333333, 0.0))}
    assert rounded_set(partial) <= rounded_set(full)


def test_agrees_with_vertex_enumeration_on_random_games():
    for seed in range(25):
        game = cg.games.random_game((2 + seed % 4, 2 + seed % 3), seed=seed)
        assert rounded_set(solve_quietly(game)) == rounded_set(cg.vertex_enumeration(game))


@settings(max_examples=30, deadline=None)
@given(m=st.integers(1, 4), n=st.integers(1, 4), seed=st.integers(0, 10**6), data=st.data())
def test_regret_and_permutation_invariance(m, n, seed, data):
    game = cg.games.random_game((m, n), seed=seed)
    eqs = solve_quietly(game)
    for eq in eqs:
        assert game.max_regret(eq.strategies) <= 1e-9 * game.payoff_scale
    rows = data.draw(st.permutations(range(m)))
    cols = data.draw(st.permutations(range(n)))
    A, B = game.payoffs
    permuted = cg.NormalFormGame.from_bimatrix(A[np.ix_(rows, cols)], B[np.ix_(rows, cols)])
    assert rounded_set(solve_quietly(permuted)) == {
        (tuple(x[i] for i in rows), tuple(y[j] for j in cols)) for x, y in rounded_set(eqs)
    }
    swapped = cg.NormalFormGame.from_bimatrix(B.T, A.T)
    assert rounded_set(solve_quietly(swapped)) == {(y, x) for x, y in rounded_set(eqs)}
    scaled = cg.NormalFormGame.from_bimatrix(3.0 * A - 1.0, B + 2.0)
    assert rounded_set(solve_quietly(scaled)) == rounded_set(eqs)


def test_errors():
    with pytest.raises(cg.errors.UnsupportedGameError, match="two-player"):
        cg.support_enumeration(cg.games.random_game(2, 3, seed=1))
    with pytest.raises(cg.errors.InvalidArgumentError, match="tol"):
        cg.support_enumeration(cg.games.stag_hunt(), tol="small")
