"""Iterated elimination of strictly dominated actions."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import coordgame as cg
from coordgame.games import dominated_actions, iterated_elimination


def test_prisoners_dilemma_solved():
    reduced, kept = iterated_elimination(cg.games.prisoners_dilemma())
    assert reduced.num_actions == (1, 1)
    assert [k.tolist() for k in kept] == [[1], [1]]


def test_mixed_domination_needs_lp():
    g = cg.NormalFormGame.from_bimatrix([[3, 0], [0, 3], [1, 1]], [[1, 1], [1, 1], [1, 1]])
    assert dominated_actions(g, 0, mixed=False).tolist() == []
    assert dominated_actions(g, 0, mixed=True).tolist() == [2]


def test_iterated_textbook_example():
    # Gibbons (1992, Primer in Game Theory, fig. 1.1.1): Right is dominated by Middle for the
    # column player; then Down by Up; then Left by Middle, leaving (Up, Middle).
    A = [[1, 1, 0], [0, 0, 2]]
    B = [[0, 2, 1], [3, 1, 0]]
    _reduced, kept = iterated_elimination(cg.NormalFormGame.from_bimatrix(A, B), mixed=False)
    assert [k.tolist() for k in kept] == [[0], [1]]


def test_weak_domination_is_not_removed():
    g = cg.NormalFormGame.from_bimatrix([[1, 1], [1, 0]], [[1, 1], [1, 1]])
    _, kept = iterated_elimination(g)
    assert [k.tolist() for k in kept] == [[0, 1], [0, 1]]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=2, max_size=3), st.integers(0, 2**32 - 1))
def test_elimination_keeps_every_pure_equilibrium(shape, seed):
    game = cg.games.random_game(shape, seed=seed, integers=6)
    reduced, kept = iterated_elimination(game)
    original = set(cg.pure_nash(game).pure_profiles())
    mapped = {tuple(int(kept[i][a]) for i, a in enumerate(p)) for p in cg.pure_nash(reduced).pure_profiles()}
    assert mapped == original
    assert all(np.all(np.diff(k) > 0) for k in kept)
