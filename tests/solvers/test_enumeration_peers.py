"""Cross-checks of vertex_enumeration and support_enumeration against pygambit's enummixed_solve.

pygambit enumerates the extreme equilibria of a two-player game exactly (lrs-style vertex
enumeration in rational arithmetic), so on every seeded game below the *set* of extreme
equilibria must agree: exactly (as Fractions) on small-integer games, where degeneracy is
common, and to 1e-7 on games with fine-grained payoffs.  On larger random games (9 to 12
actions, where pygambit takes seconds) the reference is QuantEcon's vertex enumeration, which
is exact on non-degenerate games.  nashpy's support enumeration is shown to miss equilibria of
nashpy issue #82 that vertex enumeration finds.
"""

from __future__ import annotations

import warnings
from fractions import Fraction

import nashpy
import numpy as np
import pytest

import coordgame as cg

gbt = pytest.importorskip("pygambit", reason="needs the 'peers' extra: pip install -e '.[peers]'")
qe = pytest.importorskip("quantecon.game_theory", reason="needs the 'peers' extra: pip install -e '.[peers]'")

pytestmark = pytest.mark.peers

#: (m, n) shapes: many small games, a few of 6-8 actions (pygambit's exact mode costs seconds there).
SMALL = [(m, n) for m in range(2, 6) for n in range(2, 6)]
LARGE = [(6, 6), (6, 7), (7, 5), (7, 7), (8, 6), (8, 8)]


def shape_for(seed):
    return LARGE[seed // 25 % len(LARGE)] if seed % 25 == 24 else SMALL[seed % len(SMALL)]


def gambit_extreme_equilibria(A, B):
    game = gbt.Game.from_arrays(A, B)
    found = set()
    for eq in gbt.nash.enummixed_solve(game).equilibria:
        found.add(tuple(tuple(Fraction(str(eq[p][s])) for s in p.strategies) for p in game.players))
    return found


def integer_game(seed):
    return cg.games.random_game(shape_for(seed), seed=seed, integers=4)  # payoffs 0..3


def fine_game(seed):
    rng = np.random.default_rng(10_000 + seed)
    m, n = shape_for(seed)
    return cg.NormalFormGame.from_bimatrix(rng.integers(0, 1000, (m, n)) / 1000, rng.integers(0, 1000, (m, n)) / 1000)


def as_float_set(profiles, digits=7):
    return {tuple(tuple(round(float(p), digits) for p in s) for s in eq) for eq in profiles}


def strategies_set(eqs, digits=7):
    return {tuple(tuple(round(float(p), digits) for p in s) for s in eq.strategies) for eq in eqs}


@pytest.mark.parametrize("seed", range(150))
def test_exact_vertex_enumeration_equals_gambit_on_integer_games(seed):
    game = integer_game(seed)
    A, B = (game.payoffs[i].astype(int) for i in range(2))
    expected = gambit_extreme_equilibria(A, B)
    exact = cg.vertex_enumeration(game, exact=True)
    assert exact.complete
    assert {eq.exact for eq in exact} == expected
    # the floating-point path finds the same set, degenerate games included, on both backends
    for backend in ("numpy", "numba"):
        assert strategies_set(cg.vertex_enumeration(game, backend=backend)) == as_float_set(expected)


@pytest.mark.parametrize("seed", range(150))
def test_float_vertex_enumeration_equals_gambit_on_fine_grained_games(seed):
    game = fine_game(seed)
    A, B = game.payoffs
    expected = gambit_extreme_equilibria(A, B)
    for backend in ("numpy", "numba"):
        assert strategies_set(cg.vertex_enumeration(game, backend=backend)) == as_float_set(expected)


@pytest.mark.parametrize("seed", range(0, 150, 3))
def test_support_enumeration_equals_gambit_on_non_degenerate_games(seed):
    game = fine_game(seed)
    A, B = game.payoffs
    expected = gambit_extreme_equilibria(A, B)
    with warnings.catch_warnings():
        warnings.simplefilter("error", cg.errors.DegenerateGameWarning)
        eqs = cg.support_enumeration(game)
    assert eqs.complete
    assert strategies_set(eqs) == as_float_set(expected)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(12))
def test_float_vertex_enumeration_equals_quantecon_on_larger_random_games(seed):
    # 9-12 actions: enough vertices for the partner systems to be solved in reduced batches.
    shape = [(9, 9), (10, 10), (12, 12), (9, 12), (12, 9), (11, 10)][seed % 6]
    game = cg.games.random_game(shape, seed=100 + seed)
    A, B = game.payoffs
    expected = qe.vertex_enumeration(qe.NormalFormGame([qe.Player(A), qe.Player(B.T)]))
    for backend in ("numpy", "numba"):
        assert strategies_set(cg.vertex_enumeration(game, backend=backend)) == as_float_set(expected)


def test_nashpy_support_enumeration_misses_issue_82_equilibria_vertex_enumeration_finds():
    costs_a = np.array([[0, 0, 6, 0, 0], [0, 0, 3, 2, 1], [4, 3, 0, 0, 1]])
    costs_b = np.array([[3, 0, 2, 1, 0], [0, 2, 0, 0, 4], [4, 0, 2, 4, 4]])
    expected = gambit_extreme_equilibria(-costs_a, -costs_b)
    assert len(expected) == 8
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        nashpy_found = list(nashpy.Game(-costs_a, -costs_b).support_enumeration())
    assert len(nashpy_found) < 8
    game = cg.NormalFormGame.from_bimatrix(-costs_a, -costs_b)
    assert {eq.exact for eq in cg.vertex_enumeration(game, exact=True)} == expected
