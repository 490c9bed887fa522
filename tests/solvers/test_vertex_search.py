"""vertex_enumeration's pivoting search (algorithm="pivoting") against Qhull, QuantEcon, pygambit and exact mode."""

from __future__ import annotations

import importlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coordgame as cg
from coordgame._progress import _NoBar
from coordgame.errors import Interrupted, InvalidArgumentError
from coordgame.solvers import _vertex_search
from coordgame.solvers._vertex_polytopes import _unit_range
from coordgame.solvers._vertex_search import (
    _exact_unit_range,
    _inserted,
    _pushed,
    _rehashed,
    _search_loop,
    _settled_exactly,
    search_pairs,
)
from tests.conftest import needs_numba, require_numba

VE = importlib.import_module("coordgame.solvers.vertex_enumeration")  # the module, not the function

# von Stengel (2007), Algorithmic Game Theory ch. 3, fig. 3.4: degenerate, a segment of equilibria.
VON_STENGEL = ([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]])
# Avis, Rosenberg, Savani & von Stengel (2010), Economic Theory 42, and the solver guide: 2 x 3,
# degenerate, 5 extreme equilibria (support enumeration finds 3).
FIVE_EXTREME = ([[1, 2, 1], [2, 0, 1]], [[2, 2, 1], [1, 1, 1]])


def rounded_set(eqs) -> set:
    return {tuple(np.round(np.concatenate(eq.strategies), 7)) for eq in eqs}


def random_bimatrix(shape: tuple[int, int], seed: int, integers: int | None = None) -> cg.NormalFormGame:
    return cg.games.random_game(shape, seed=seed, integers=integers)


@settings(max_examples=8, deadline=None)
@given(m=st.integers(2, 4), n=st.integers(2, 5), seed=st.integers(0, 10_000))
def test_uncompiled_search_equals_the_hull_on_random_games(m, n, seed):
    """The loop form as plain Python (no numba needed): the same extreme equilibria as Qhull."""
    game = random_bimatrix((m, n), seed)
    pivoting = cg.vertex_enumeration(game, algorithm="pivoting", backend="numpy", components=True)
    hull = cg.vertex_enumeration(game, algorithm="hull", backend="numpy", components=True)
    assert rounded_set(pivoting) == rounded_set(hull) and len(pivoting) >= 1
    assert pivoting.complete and all(eq.regret <= eq.tol for eq in pivoting)
    assert (pivoting.components, pivoting.maximal_subsets) == (hull.components, hull.maximal_subsets)


@needs_numba
@settings(max_examples=15, deadline=None)
@given(m=st.integers(2, 8), n=st.integers(2, 8), seed=st.integers(0, 10_000), ties=st.sampled_from([None, 2, 3]))
def test_compiled_search_equals_the_hull(m, n, seed, ties):
    """Random games, and games with ties (payoffs in {0, .., ties - 1}: often degenerate)."""
    game = random_bimatrix((m, n), seed, ties)
    pivoting = cg.vertex_enumeration(game, algorithm="pivoting", backend="numba")
    hull = cg.vertex_enumeration(game, algorithm="hull", backend="numpy")
    assert rounded_set(pivoting) == rounded_set(hull)
    assert pivoting.complete == hull.complete and all(eq.regret <= eq.tol for eq in pivoting)
    assert pivoting.parameters["degenerate"] == hull.parameters["degenerate"]


@pytest.mark.slow
@needs_numba
@settings(max_examples=30, deadline=None)
@given(m=st.integers(2, 10), n=st.integers(2, 10), seed=st.integers(0, 10_000))
def test_compiled_search_equals_quantecon(m, n, seed):
    """QuantEcon's vertex enumeration (both polytopes by Qhull) on random, non-degenerate games."""
    qe = pytest.importorskip("quantecon.game_theory", reason="needs the 'peers' extra: pip install -e '.[peers]'")
    game = random_bimatrix((m, n), seed)
    A, B = (np.asarray(p, dtype=float) for p in game.payoffs)
    theirs = qe.vertex_enumeration(qe.NormalFormGame([qe.Player(A), qe.Player(B.T)]))
    ours = cg.vertex_enumeration(game, algorithm="pivoting", backend="numba")
    assert {tuple(np.round(np.concatenate(p), 7)) for p in theirs} == rounded_set(ours)


@pytest.mark.parametrize("payoffs", [VON_STENGEL, FIVE_EXTREME], ids=["von_stengel_3x2", "five_extreme_2x3"])
def test_degenerate_published_games_equal_exact_mode(payoffs):
    game = cg.NormalFormGame.from_bimatrix(*payoffs)
    exact = cg.vertex_enumeration(game, exact=True)
    pivoting = cg.vertex_enumeration(game, algorithm="pivoting", backend="numpy")
    assert rounded_set(pivoting) == rounded_set(exact)
    assert len(pivoting) == (3 if payoffs is VON_STENGEL else 5)
    assert pivoting.parameters["degenerate"] and pivoting.complete


def test_search_declines_a_degenerate_polytope_and_the_solver_falls_back():
    """Player 2's duplicated column makes P degenerate: the search stops, both polytopes are matched."""
    A = np.array([[3.0, 1.0, 1.0], [0.0, 2.0, 2.0]])
    B = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 1.0]])  # columns 2 and 3 identical: a vertex with surplus labels
    assert search_pairs(_search_loop, _unit_range(B).T, _unit_range(A), 1e-9, _NoBar()) is None
    game = cg.NormalFormGame.from_bimatrix(A, B)
    pivoting = cg.vertex_enumeration(game, algorithm="pivoting", backend="numpy")
    assert rounded_set(pivoting) == rounded_set(cg.vertex_enumeration(game, exact=True))
    assert pivoting.parameters["degenerate"]


@pytest.mark.slow
def test_pygambit_agrees_on_random_games():
    gbt = pytest.importorskip("pygambit", reason="needs the 'peers' extra: pip install -e '.[peers]'")
    for seed in range(4):
        game = random_bimatrix((5, 6), seed)
        A, B = (np.asarray(p, dtype=float) for p in game.payoffs)
        gambit_game = gbt.Game.from_arrays(A, B)
        found = gbt.nash.enummixed_solve(gambit_game, rational=False).equilibria
        theirs = {tuple(np.round([float(eq[p][s]) for p in gambit_game.players for s in p.strategies], 7))
                  for eq in found}
        assert theirs == rounded_set(cg.vertex_enumeration(game, algorithm="pivoting", backend="numpy"))


@pytest.mark.parametrize("steps", [0, 3, 9])
def test_a_vertex_undecided_in_floating_point_is_settled_exactly_and_the_search_resumes(steps):
    """As when, among millions of vertices, one lies within rounding of degeneracy: the search
    hands the vertex on top of its stack back, it is decided in rational arithmetic, and the
    search goes on from it; the pairs are those of an undisturbed search."""
    game = random_bimatrix((5, 6), 3)
    A, B = (np.asarray(p, dtype=float) for p in game.payoffs)
    P, Q = _unit_range(B).T, _unit_range(A)
    reference = search_pairs(_search_loop, P, Q, 1e-9, _NoBar())
    calls = {"n": 0}

    def loop_undecided_once(P, Q, tol, keys, filled, stack, top, visited, budget, settled):
        calls["n"] += 1
        if calls["n"] > 1:
            return _search_loop(P, Q, tol, keys, filled, stack, top, visited, budget, settled)
        found = _search_loop(P, Q, tol, keys, filled, stack, top, visited, steps, settled)
        return (_vertex_search._UNDECIDED, *found[1:])  # the vertex on top is left undecided

    resumed = search_pairs(loop_undecided_once, P, Q, 1e-9, _NoBar())
    assert calls["n"] >= 2
    assert {tuple(np.round(r, 8)) for r in resumed[0]} == {tuple(np.round(r, 8)) for r in reference[0]}
    assert len(resumed[0]) == len(reference[0]) >= 3


def test_a_degeneracy_hidden_by_rounding_is_found_on_the_exact_payoffs():
    """Payoffs 0..3 rescaled to [1, 2] become thirds, which floats round: x = (1/2, 1/2) has three
    best responses exactly, not two. Settled on the exact rescaling, the game is degenerate and
    all five extreme equilibria are found (one was missed when settled on the rounded floats)."""
    game = cg.NormalFormGame.from_bimatrix([[3, 1, 2, 0, 1], [2, 2, 1, 2, 2]], [[2, 1, 3, 1, 0], [1, 1, 0, 0, 3]])
    pivoting = cg.vertex_enumeration(game, algorithm="pivoting", backend="numpy")
    assert rounded_set(pivoting) == rounded_set(cg.vertex_enumeration(game, exact=True))
    assert ((0.5, 0.5, 0.5, 0.0, 0.0, 0.0, 0.5)) in rounded_set(pivoting) and pivoting.parameters["degenerate"]


def test_exact_settlement_agrees_with_floating_point_at_every_vertex():
    game = random_bimatrix((5, 6), 3)
    A, B = (np.asarray(p, dtype=float) for p in game.payoffs)
    P, Q = np.ascontiguousarray(_unit_range(B).T), _unit_range(A)
    origin = (1 << 5) - 1
    keys, stack = np.zeros(1 << 12, dtype=np.int64), np.array([origin] + [0] * 1023, dtype=np.int64)
    _inserted(keys, origin)
    found = _search_loop(P, Q, 1e-9, keys, 1, stack, 1, 0, 10**6, -1)
    pairs = {tuple(np.round(r, 8)) for r in found[2]}
    exact = _exact_unit_range(B.T), _exact_unit_range(A)
    settled = [_settled_exactly(exact, Q, 1e-9, int(mask)) for mask in found[5] if mask != 0]
    assert None not in settled and len(settled) == found[6] > 20
    assert {tuple(np.round(pair[0], 8)) for pair in settled if pair} == pairs


def test_hash_set_and_stack_grow_without_losing_entries():
    rng = np.random.default_rng(0)
    masks = rng.integers(1, 2**62, size=3000, dtype=np.int64)
    keys, stack, top = np.zeros(16, dtype=np.int64), np.empty(4, dtype=np.int64), 0
    for mask in masks:
        assert _inserted(keys, mask)
        if 2 * np.count_nonzero(keys) > len(keys):
            keys = _rehashed(keys)
        stack = _pushed(stack, top, mask)
        top += 1
    assert not any(_inserted(keys, mask) for mask in masks[:100])  # already there
    assert set(keys[keys != 0]) == set(masks) and list(stack[:top]) == list(masks)


def test_search_visits_every_vertex_once_across_chunks(monkeypatch):
    """Chunks of 3 vertices give what one chunk gives; the bar counts vertices visited of those met."""
    game = random_bimatrix((4, 5), 7)
    A, B = (np.asarray(p, dtype=float) for p in game.payoffs)
    P, Q = _unit_range(B).T, _unit_range(A)
    whole_bar, chunked_bar = _NoBar(), _NoBar()
    whole = search_pairs(_search_loop, P, Q, 1e-9, whole_bar)
    monkeypatch.setattr(_vertex_search, "CHUNK", 3)
    chunked = search_pairs(_search_loop, P, Q, 1e-9, chunked_bar)
    assert all(np.array_equal(a, b) for a, b in zip(whole[:3], chunked[:3]))
    assert whole_bar.n == whole_bar.total == chunked_bar.n == chunked_bar.total > 4


def test_progress_bar_and_interrupt(monkeypatch, capsys):
    game = random_bimatrix((6, 6), 3)
    shown = cg.vertex_enumeration(game, algorithm="pivoting", backend="numpy", progress=True)
    assert "vertex" in capsys.readouterr().err  # the bar counts vertices
    assert rounded_set(shown) == rounded_set(cg.vertex_enumeration(game, algorithm="hull"))
    monkeypatch.setattr(_vertex_search, "CHUNK", 5)
    calls = {"n": 0}

    def interrupted_loop(*args):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return _search_loop(*args)

    monkeypatch.setattr(VE, "_search_loop", lambda algorithm, backend, shape: interrupted_loop)
    with pytest.raises(Interrupted) as caught:
        cg.vertex_enumeration(game, progress=False)
    assert caught.value.partial.complete is False and calls["n"] == 2


def test_algorithm_is_validated_and_auto_chooses_by_backend(monkeypatch):
    game = random_bimatrix((3, 3), 0)
    with pytest.raises(InvalidArgumentError, match="algorithm"):
        cg.vertex_enumeration(game, algorithm="lrs")
    assert VE._search_loop("hull", "numba", (20, 20)) is None
    assert VE._search_loop("auto", "numpy", (20, 20)) is None  # Qhull without the compiled search
    assert VE._search_loop("pivoting", "numpy", (4, 4)) is _search_loop  # plain Python on request
    assert VE._search_loop("pivoting", "numba", (40, 40)) is None  # beyond the int64 cobasis masks
    require_numba()
    assert VE._search_loop("auto", "auto", (16, 16)) is not None
    assert VE._search_loop("auto", "auto", (8, 8)) is None  # below NUMBA_AUTO_ACTIONS


@pytest.mark.slow
@needs_numba
def test_sixteen_actions_pivoting_equals_hull():
    """The default at 16 x 16 (the compiled search) against the method it replaced, on three games."""
    for seed in range(3):
        game = random_bimatrix((16, 16), seed)
        found = cg.vertex_enumeration(game)
        assert rounded_set(found) == rounded_set(cg.vertex_enumeration(game, algorithm="hull"))
        assert found.complete and len(found) >= 1
