"""vertex_enumeration: published equilibria, degenerate games, components, exact mode, invariances."""

from __future__ import annotations

import importlib
import subprocess
import sys
import warnings
from fractions import Fraction as F
from functools import cache

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coordgame as cg
from coordgame.solvers import _numba, _vertex_enumeration_numba, _vertex_polytopes
from coordgame.solvers._bimatrix import components_and_maximal_subsets, pack_labels
from coordgame.solvers._exact import exact_vertices, integer_matrix
from coordgame.solvers._vertex_loop import _PAIRED, _UNDECIDED, _pairs_loop, _solve_loop
from coordgame.solvers._vertex_polytopes import (
    _bounds,
    _facet_equations,
    _float_pairs,
    _full_systems_solutions,
    _hull_facets,
    _hull_vertices,
    _loop_pairs,
    _missing_labels,
    _NeedsBothPolytopes,
    _reduced_systems_solutions,
    _solve,
    _unit_range,
)
from tests.conftest import needs_numba, require_numba

VE = importlib.import_module("coordgame.solvers.vertex_enumeration")  # the module, not the function

# von Stengel (2007), "Equilibrium computation for two-player games in strategic and extensive
# form", Algorithmic Game Theory ch. 3, fig. 3.4: a degenerate 3x2 game.
VON_STENGEL_A = [[3, 3], [2, 5], [0, 6]]
VON_STENGEL_B = [[3, 3], [2, 6], [3, 1]]

# nashpy issue #82 (players minimise costs): eight extreme equilibria, listed in the issue.
ISSUE_82_COSTS_A = np.array([[0, 0, 6, 0, 0], [0, 0, 3, 2, 1], [4, 3, 0, 0, 1]])
ISSUE_82_COSTS_B = np.array([[3, 0, 2, 1, 0], [0, 2, 0, 0, 4], [4, 0, 2, 4, 4]])
ISSUE_82_EQUILIBRIA = {
    ((1, 0, 0), (0, 1, 0, 0, 0)),
    ((1, 0, 0), (0, 0, 0, 0, 1)),
    ((F(2, 3), F(1, 3), 0), (0, 1, 0, 0, 0)),
    ((F(1, 3), F(1, 2), F(1, 6)), (0, F(4, 9), F(2, 9), F(1, 3), 0)),
    ((0, F(1, 2), F(1, 2)), (0, F(1, 2), F(1, 2), 0, 0)),
    ((0, 1, 0), (F(3, 7), 0, F(4, 7), 0, 0)),
    ((0, 1, 0), (1, 0, 0, 0, 0)),
    ((0, 1, 0), (F(3, 8), 0, F(1, 4), F(3, 8), 0)),
}


def exact_set(eqs):
    return {tuple(tuple(s) for s in eq.exact) for eq in eqs}


def rounded_set(eqs, digits=7):
    return {tuple(tuple(np.round(s, digits).tolist()) for s in eq.strategies) for eq in eqs}


@pytest.mark.parametrize("exact", [False, True])
def test_battle_of_the_sexes(exact):
    # Osborne & Rubinstein (1994), A Course in Game Theory, ex. 34.1: two pure equilibria and
    # the mixed one in which each player goes to its favourite event with probability 3/5.
    eqs = cg.vertex_enumeration(cg.games.battle_of_the_sexes(), exact=exact)
    assert eqs.complete and len(eqs) == 3
    assert rounded_set(eqs) == {((1.0, 0.0), (1.0, 0.0)), ((0.6, 0.4), (0.4, 0.6)), ((0.0, 1.0), (0.0, 1.0))}
    if exact:
        assert ((F(3, 5), F(2, 5)), (F(2, 5), F(3, 5))) in exact_set(eqs)


def test_stag_hunt_exact():
    # Stag hunt [[4, 0], [3, 2]]: hunt stag with probability 2/3 in the mixed equilibrium
    # (indifference 4p = 3p + 2(1 - p)).
    eqs = cg.vertex_enumeration(cg.games.stag_hunt(), exact=True)
    assert exact_set(eqs) == {((1, 0), (1, 0)), ((F(2, 3), F(1, 3)), (F(2, 3), F(1, 3))), ((0, 1), (0, 1))}
    assert all(isinstance(p, F) for eq in eqs for s in eq.exact for p in s)


def test_matching_pennies_and_chicken():
    eqs = cg.vertex_enumeration(cg.games.matching_pennies(), exact=True)
    assert exact_set(eqs) == {((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))}
    # Chicken (Aumann 1974's payoffs [[0, 7], [2, 6]]): mixed equilibrium (1/3, 2/3) each,
    # since 7(1 - p) = 2p + 6(1 - p) at p = 1/3.
    eqs = cg.vertex_enumeration(cg.games.chicken(), exact=True)
    assert ((F(1, 3), F(2, 3)), (F(1, 3), F(2, 3))) in exact_set(eqs)
    assert sorted(eqs.pure_profiles()) == [(0, 1), (1, 0)]


@pytest.mark.parametrize("exact", [False, True])
def test_von_stengel_degenerate_game(exact):
    game = cg.NormalFormGame.from_bimatrix(VON_STENGEL_A, VON_STENGEL_B)
    eqs = cg.vertex_enumeration(game, exact=exact, components=True)
    assert eqs.complete and len(eqs) == 3
    assert eqs.parameters["degenerate"] and any("degenerate" in note for note in eqs.notes)
    expected = {((1.0, 0.0, 0.0), (1.0, 0.0)), ((1.0, 0.0, 0.0), (0.6666667, 0.3333333)),
                ((0.0, 0.3333333, 0.6666667), (0.3333333, 0.6666667))}
    assert rounded_set(eqs) == expected
    # The endpoints of the continuum ((1,0,0), (y, 1-y)), y in [2/3, 1], form one component
    # and one maximal Nash subset; the isolated equilibrium is alone.
    continuum = tuple(k for k, eq in enumerate(eqs) if eq.strategies[0][0] == 1.0)
    isolated = tuple(k for k, eq in enumerate(eqs) if eq.strategies[0][0] == 0.0)
    assert sorted(eqs.components) == sorted([continuum, isolated])
    assert sorted(eqs.maximal_subsets) == sorted([continuum, isolated])
    if exact:
        assert ((1, 0, 0), (F(2, 3), F(1, 3))) in exact_set(eqs)
    # every convex combination inside the maximal subset is an equilibrium
    a, b = (eqs[k] for k in continuum)
    mid = [0.5 * (s + t) for s, t in zip(a.strategies, b.strategies)]
    assert game.is_nash(mid)


@pytest.mark.parametrize("exact", [False, True])
def test_nashpy_issue_82_all_eight_extreme_equilibria(exact):
    game = cg.NormalFormGame.from_bimatrix(-ISSUE_82_COSTS_A, -ISSUE_82_COSTS_B)
    eqs = cg.vertex_enumeration(game, exact=exact, components=True)
    expected = {tuple(tuple(float(p) for p in s) for s in eq) for eq in ISSUE_82_EQUILIBRIA}
    assert {tuple(tuple(np.round(s, 12).tolist()) for s in eq.strategies) for eq in eqs} == {
        tuple(tuple(round(p, 12) for p in s) for s in eq) for eq in expected
    }
    if exact:
        assert exact_set(eqs) == {tuple(tuple(F(p) for p in s) for s in eq) for eq in ISSUE_82_EQUILIBRIA}
    # Player 2's pure action 0 against player 1's action 1 continues into a 2-dimensional
    # face (three extreme equilibria sharing x = (0, 1, 0)): one maximal subset.
    x_middle = tuple(k for k, eq in enumerate(eqs) if eq.strategies[0].tolist() == [0.0, 1.0, 0.0])
    assert len(x_middle) == 3 and x_middle in eqs.maximal_subsets and x_middle in eqs.components


def test_components_on_biclique_graph():
    # x0 - {y0, y1}, x1 - {y1}: one component, maximal bicliques {x0} x {y0, y1} and {x0, x1} x {y1}
    components, subsets = components_and_maximal_subsets(np.array([0, 0, 1]), np.array([0, 1, 1]))
    assert components == ((0, 1, 2),)
    assert sorted(subsets) == [(0, 1), (1, 2)]


def test_results_are_clean_probability_vectors():
    for seed in range(10):
        game = cg.games.random_game((5, 4), seed=seed, integers=3)
        for eq in cg.vertex_enumeration(game):
            for s in eq.strategies:
                assert s.min() >= 0.0 and abs(s.sum() - 1.0) < 1e-12


def test_non_square_and_single_action_games():
    game = cg.NormalFormGame.from_bimatrix([[1, 0, 2]], [[3, 1, 3]])  # player 1 has one action
    eqs = cg.vertex_enumeration(game)
    assert rounded_set(eqs) == {((1.0,), (1.0, 0.0, 0.0)), ((1.0,), (0.0, 0.0, 1.0))}
    tall = cg.games.random_game((7, 3), seed=3)
    assert rounded_set(cg.vertex_enumeration(tall)) == rounded_set(cg.vertex_enumeration(tall, exact=True))


@pytest.mark.parametrize("shape", [(9, 9), (7, 11)])
def test_full_and_reduced_partner_systems_give_the_same_partners(shape):
    # The two batchings of the partner systems (n x n in one batch; k x k padded by the identity,
    # batched by support size) solve the same equations.
    game = cg.games.random_game(shape, seed=5)
    A, B = game.payoffs
    _, labels, surplus = _hull_vertices(_unit_range(B).T, 1e-9)
    assert not surplus
    Q = _unit_range(A)
    constraints = np.concatenate([Q, -np.eye(shape[1])])  # Q's constraints, constraints @ y <= bounds
    full = _full_systems_solutions(labels, constraints, _bounds(*shape))
    reduced = _reduced_systems_solutions(labels, Q)
    assert full.shape == reduced.shape == (len(labels), shape[1])
    np.testing.assert_allclose(reduced, full, atol=1e-9)
    # Outside the best responses to x the partner plays nothing, exactly.
    assert (reduced[~labels[:, shape[0]:]] == 0.0).all()


def test_vertices_with_too_few_labels_make_the_set_incomplete():
    # With tol far below the rounding of the vertex coordinates, tight constraints are missed: vertices
    # with fewer labels than their dimension cannot pair, and an equilibrium is missed.  The result
    # must say so rather than claim "these are all of them".
    game = cg.games.random_game((3, 4), seed=0)
    reference = cg.vertex_enumeration(game)
    assert reference.complete and len(reference) == 3
    starved = cg.vertex_enumeration(game, tol=1e-300)
    assert not starved.complete
    assert any("fewer labels than its dimension" in note for note in starved.notes)
    assert not any("all of them" in note for note in starved.notes)
    assert rounded_set(starved) <= rounded_set(reference)


@pytest.mark.parametrize("backend", ["numpy", pytest.param("numba", marks=needs_numba)])
def test_a_tol_as_large_as_the_coordinates_gives_verified_profiles_and_says_incomplete(backend):
    # tol = 0.3 makes every action of some partner look unplayed: that pair cannot be normalised,
    # fails verification and is dropped with a note, without a floating-point warning.
    game = cg.games.random_game((4, 4), seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        coarse = cg.vertex_enumeration(game, tol=0.3, backend=backend)
    assert not coarse.complete
    assert any("failed verification" in note for note in coarse.notes)
    assert all(game.max_regret(eq.strategies) <= 0.3 * game.payoff_range for eq in coarse)


def test_missing_labels_are_vertices_with_fewer_labels_than_the_dimension():
    full = np.array([[1, 0, 1, 0, 0], [0, 1, 1, 1, 0]], dtype=bool)  # m = 2: 2 and 3 labels
    assert not _missing_labels(full, full, 2, 2)
    assert _missing_labels(np.array([[1, 0, 0, 0, 0]], dtype=bool), full, 2, 2)
    assert _missing_labels(full, np.array([[0, 0, 1, 0, 0]], dtype=bool), 2, 2)


def test_facet_equations_without_scipys_private_qhull_use_convex_hull(monkeypatch):
    import scipy.spatial._qhull
    from scipy.spatial import ConvexHull

    points = np.random.default_rng(0).normal(size=(12, 5))
    expected = np.unique(np.round(ConvexHull(points).equations, 12), axis=0)
    assert np.array_equal(np.unique(np.round(_facet_equations(points), 12), axis=0), expected)
    game = cg.games.random_game((6, 6), seed=1)
    before = rounded_set(cg.vertex_enumeration(game))
    monkeypatch.delattr(scipy.spatial._qhull, "_Qhull")
    assert np.array_equal(np.unique(np.round(_facet_equations(points), 12), axis=0), expected)
    assert rounded_set(cg.vertex_enumeration(game)) == before


def test_exact_vertices_against_fractions():
    labels, num, den = exact_vertices(np.array([[2, 1], [1, 2]]))
    points = {tuple(F(int(a), int(d)) for a in row) for row, d in zip(num, den)}
    assert points == {(F(1, 2), 0), (0, F(1, 2)), (F(1, 3), F(1, 3))}
    assert labels.sum(axis=1).tolist() == [2, 2, 2]
    assert integer_matrix(np.array([[0.1, 0.2]])).tolist() == [[10, 11]]  # 1 and 1.1: decimals read as written


def test_pack_labels_beyond_64():
    labels = np.zeros((2, 70), dtype=bool)
    labels[0, 69] = labels[1, 0] = True
    packed = pack_labels(labels)
    assert packed.shape == (2, 2) and packed[0].tolist() == [0, 1 << 5] and packed[1].tolist() == [1, 0]


def test_more_than_two_players_is_unsupported():
    with pytest.raises(cg.errors.UnsupportedGameError, match="two-player"):
        cg.vertex_enumeration(cg.games.random_game(2, 3, seed=0))
    with pytest.raises(cg.errors.InvalidArgumentError, match="tol"):
        cg.vertex_enumeration(cg.games.stag_hunt(), tol=-1.0)


# --- the compiled partner loop (backend="numba") and its loop form ---------------------------------


def matched_rows(found):
    """The pairs [x | y] of a _Matched, rounded and sorted (the paths list them in different orders)."""
    return sorted(tuple(np.round(np.concatenate([x, y]), 9)) for x, y in zip(found.x, found.y))


@pytest.mark.parametrize("shape", [(2, 2), (3, 5), (4, 4), (5, 7), (6, 6)])
def test_uncompiled_pairs_loop_equals_the_numpy_shortcut(shape):
    # The loop form run by the interpreter (as numba compiles it) on non-degenerate games: the same
    # pairs, normalised the same way, and each x identified by its facet.
    for seed in range(3):
        A, B = cg.games.random_game(shape, seed=seed).payoffs
        P, Q = _unit_range(B).T, _unit_range(A)
        facets = _hull_facets(P)
        looped = _loop_pairs(_pairs_loop, facets, P, Q, 1e-9)
        reference = _float_pairs(A, B, 1e-9)
        assert looped is not None and not looped.degenerate
        assert matched_rows(looped) == matched_rows(reference)
        vertices = facets[1] - facets[0][:, : shape[0]] / facets[0][:, shape[0] :]
        x = vertices[looped.x_ids]
        np.testing.assert_allclose(looped.x, x / x.sum(axis=1, keepdims=True), atol=1e-12)


def test_pairs_loop_leaves_degenerate_vertices_to_the_numpy_path():
    # von Stengel's 3x2 game: player 1's pure strategy (1, 0, 0) has two best responses, a vertex
    # with a surplus label in player 1's polytope.
    A, B = np.array(VON_STENGEL_A, dtype=float), np.array(VON_STENGEL_B, dtype=float)
    P, Q = _unit_range(B).T, _unit_range(A)  # enumerating player 1's polytope meets that vertex
    count, status, *_ = _pairs_loop(*_hull_facets(P), P, Q, 1e-9)
    assert (count, status) == (0, _UNDECIDED)
    # From player 2's side (the smaller polytope, as vertex_enumeration takes it) every vertex is
    # simple: the loop decides, and reports the partner with a surplus label as degenerate.
    P, Q = _unit_range(A.T).T, _unit_range(B.T)
    count, status, degenerate, *_ = _pairs_loop(*_hull_facets(P), P, Q, 1e-9)
    assert (count, status, degenerate) == (3, _PAIRED, True)
    require_numba()
    game = cg.NormalFormGame.from_bimatrix(VON_STENGEL_A, VON_STENGEL_B)
    numba_set = cg.vertex_enumeration(game, backend="numba", components=True)
    numpy_set = cg.vertex_enumeration(game, backend="numpy", components=True)
    assert rounded_set(numba_set) == rounded_set(numpy_set) and len(numba_set) == 3
    assert numba_set.components == numpy_set.components == ((0, 1), (2,))


def test_pairs_loop_status_on_a_generic_game_is_paired():
    A, B = cg.games.random_game((4, 4), seed=7).payoffs
    P, Q = _unit_range(B).T, _unit_range(A)
    count, status, degenerate, strategies, labels, ids = _pairs_loop(*_hull_facets(P), P, Q, 1e-9)
    assert status == _PAIRED and count >= 1 and not degenerate
    # each row is a pair of probability vectors, and each partner has exactly n labels
    np.testing.assert_allclose(strategies[:count, :4].sum(axis=1), 1.0)
    np.testing.assert_allclose(strategies[:count, 4:].sum(axis=1), 1.0)
    assert (labels[:count].sum(axis=1) == 4).all() and (strategies[count:] == 0).all()
    assert len(set(ids[:count].tolist())) == count  # distinct facets: distinct vertices x


@pytest.mark.parametrize("size", [1, 2, 3, 6])
def test_solve_loop_equals_lapack(size):
    rng = np.random.default_rng(size)
    for _ in range(20):
        system, rhs = rng.normal(size=(size, size)), rng.normal(size=size)
        expected = np.linalg.solve(system, rhs)
        # only the leading size x size block is used: pad to check that
        padded_system, padded_rhs = np.full((size + 2, size + 2), np.nan), np.full(size + 2, np.nan)
        padded_system[:size, :size], padded_rhs[:size] = system, rhs
        assert _solve_loop(padded_system, padded_rhs, size)
        np.testing.assert_allclose(padded_rhs[:size], expected, rtol=1e-9, atol=1e-12)
    singular = np.array([[1.0, 2.0], [2.0, 4.0]])
    assert not _solve_loop(singular, np.ones(2), 2)


@needs_numba
@pytest.mark.parametrize("seed", range(40))
def test_numba_and_numpy_backends_give_the_same_result(seed):
    # Random shapes; small-integer payoffs (degenerate games are common) on odd seeds.
    rng = np.random.default_rng(seed)
    shape = tuple(int(k) for k in rng.integers(2, 9, size=2))
    game = cg.games.random_game(shape, seed=seed, integers=3 if seed % 2 else None)
    numpy_set = cg.vertex_enumeration(game, backend="numpy", components=True)
    numba_set = cg.vertex_enumeration(game, backend="numba", components=True)
    assert rounded_set(numba_set) == rounded_set(numpy_set)
    assert [eq.regret <= eq.tol for eq in numba_set] == [True] * len(numba_set)
    assert (numba_set.complete, numba_set.notes) == (numpy_set.complete, numpy_set.notes)
    assert (numba_set.components, numba_set.maximal_subsets) == (numpy_set.components, numpy_set.maximal_subsets)


def test_backend_is_validated_and_numba_is_required_only_when_asked_for(monkeypatch):
    game = cg.games.random_game((4, 4), seed=0)
    with pytest.raises(cg.errors.InvalidArgumentError, match="backend"):
        cg.vertex_enumeration(game, backend="gpu")
    reference = rounded_set(cg.vertex_enumeration(game, backend="numpy"))
    monkeypatch.setattr(VE, "NUMBA_AUTO_ACTIONS", 4)  # so that "auto" would compile for this game
    monkeypatch.setattr(_vertex_enumeration_numba, "compiled_pairs", lambda: None)  # as without numba
    monkeypatch.setattr(_vertex_enumeration_numba, "compiled_search", lambda: None)
    assert rounded_set(cg.vertex_enumeration(game, backend="auto")) == reference
    with pytest.raises(cg.errors.MissingDependencyError, match="numba"):
        cg.vertex_enumeration(game, backend="numba")
    assert len(cg.vertex_enumeration(game, backend="numba", exact=True)) >= 1  # the exact path compiles nothing


def test_auto_backend_depends_on_the_game_size_only():
    calls = []

    @cache
    def loader():
        calls.append(1)
        return "kernels"

    assert _numba.select(loader, "numpy", 100, 20) is None
    assert _numba.select(loader, "auto", 19, 20) is None and not calls  # small game: nothing loaded
    assert _numba.select(loader, "auto", 20, 20) == "kernels"  # large enough to pay for loading
    assert _numba.select(loader, "auto", 4, 20) is None  # loaded or not, a small game stays in numpy
    assert _numba.select(loader, "numba", 4, 20) == "kernels" and len(calls) == 1


def test_a_small_default_enumeration_does_not_import_numba():
    code = ("import sys, coordgame as cg; cg.vertex_enumeration(cg.games.random_game((6, 6), seed=0)); "
            "print('numba' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- partner systems that are singular in exact arithmetic ------------------------------------------


def test_a_system_singular_up_to_rounding_is_refused_by_both_solvers():
    # The third column is the mean of the first two: singular, but elimination leaves a pivot of
    # rounding size, and LAPACK returns a finite (meaningless) solution.
    system = np.array([[1.1, 1.7, 1.4], [1.3, 1.9, 1.6], [1.7, 1.2, 1.45]])
    assert not _solve_loop(system.copy(), np.ones(3), 3)
    with pytest.raises(_NeedsBothPolytopes):
        _solve(system[None], np.ones((1, 3)))
    well_posed = np.array([[2.0, 1.0], [1.0, 2.0]])
    np.testing.assert_allclose(_solve(well_posed[None], np.ones((1, 2)))[0], [1 / 3, 1 / 3])


SEGMENT_GAMES = [
    # column 2 of A is the mean of columns 0 and 1: the partners of one x form a segment
    ([[3, 2, 2.5], [0, 5, 2.5], [1, 4, 2.5]], [[0, 5, 4], [5, 3, 4], [5, 2, 2]]),
    ([[2, 3, 2.5], [2, 1, 1.5], [1, 0, 0.5]], [[0, 0, 3], [0, 3, 1], [2, 0, 1]]),
    # row 2 of A is an affine combination of rows 0 and 1 (weight 0.646950818097): elimination leaves
    # a pivot of about 1e-15, and the left null vector is nearly orthogonal to many fixed directions
    ([[5, 0, 8], [9, 3, 5], [6.412196727612, 1.059147545709, 6.940852454291]], [[5, 7, 0], [5, 8, 6], [5, 0, 9]]),
]


@pytest.mark.parametrize("backend", ["numpy", pytest.param("numba", marks=needs_numba)])
@pytest.mark.parametrize("A, B", SEGMENT_GAMES)
def test_segments_of_partners_are_enumerated_exactly(A, B, backend):
    game = cg.NormalFormGame.from_bimatrix(A, B)
    exact = cg.vertex_enumeration(game, exact=True, components=True)
    found = cg.vertex_enumeration(game, backend=backend, components=True)
    assert found.complete and rounded_set(found) == rounded_set(exact)
    assert (found.components, found.parameters["degenerate"]) == (exact.components, True)


@pytest.mark.parametrize("backend", ["numpy", pytest.param("numba", marks=needs_numba)])
def test_float_path_equals_exact_on_coarse_integer_games(backend):
    # Payoffs 0..k-1 with k = 4..7 (not dyadic once rescaled: singular systems leave rounding-size
    # pivots); seed 136 with k = 4 has a segment of partners.
    for seed in [136, *range(60)]:
        rng = np.random.default_rng(seed)
        shape = tuple(int(k) for k in rng.integers(2, 7, size=2))
        game = cg.games.random_game((4, 4) if seed == 136 else shape, seed=seed, integers=4 + seed % 4)
        exact = cg.vertex_enumeration(game, exact=True)
        found = cg.vertex_enumeration(game, backend=backend)
        assert found.complete and rounded_set(found) == rounded_set(exact), seed


def test_singular_systems_on_the_reduced_batches_are_refused_too(monkeypatch):
    # Force the k x k systems padded by identity blocks (the path for games with many vertices).
    monkeypatch.setattr(_vertex_polytopes, "_ONE_BATCH_FLOPS", 0)
    games = [cg.NormalFormGame.from_bimatrix(A, B) for A, B in SEGMENT_GAMES]
    games.append(cg.games.random_game((4, 4), seed=136, integers=4))
    for game in games:
        exact = cg.vertex_enumeration(game, exact=True)
        found = cg.vertex_enumeration(game, backend="numpy")
        assert found.complete and rounded_set(found) == rounded_set(exact)


def test_a_partner_just_outside_Q_is_left_to_both_polytopes():
    # y = e_0 / Q[0, 0] violates row 1 of Q by about 5e-9: more than tol, too little to call.
    A, B = np.array([[1.0, 0.0], [1.0 + 1e-8, 0.5]]), np.array([[1.0, 0.0], [0.0, 1.0]])
    P, Q = _unit_range(B).T, _unit_range(A)
    count, status, *_ = _pairs_loop(*_hull_facets(P), P, Q, 1e-9)
    assert (count, status) == (0, _UNDECIDED)
    game = cg.NormalFormGame.from_bimatrix(A, B)
    expected = rounded_set(cg.vertex_enumeration(game, exact=True))
    assert rounded_set(cg.vertex_enumeration(game, backend="numpy")) == expected
    require_numba()
    assert rounded_set(cg.vertex_enumeration(game, backend="numba")) == expected


small_int_games = st.tuples(st.integers(1, 4), st.integers(1, 4), st.integers(0, 10**6)).map(
    lambda t: cg.games.random_game((t[0], t[1]), seed=t[2], integers=3)
)
float_games = st.tuples(st.integers(2, 5), st.integers(2, 5), st.integers(0, 10**6)).map(
    lambda t: cg.games.random_game((t[0], t[1]), seed=t[2])
)


@settings(max_examples=40, deadline=None)
@given(game=st.one_of(small_int_games, float_games))
def test_every_returned_profile_has_small_regret(game):
    eqs = cg.vertex_enumeration(game)
    assert len(eqs) >= 1
    for eq in eqs:
        assert game.max_regret(eq.strategies) <= 1e-9 * game.payoff_range


@settings(max_examples=30, deadline=None)
@given(game=st.one_of(small_int_games, float_games), data=st.data())
def test_permuting_actions_and_players_permutes_the_set(game, data):
    m, n = game.num_actions
    rows = data.draw(st.permutations(range(m)))
    cols = data.draw(st.permutations(range(n)))
    permuted = cg.NormalFormGame.from_bimatrix(game.payoffs[0][np.ix_(rows, cols)], game.payoffs[1][np.ix_(rows, cols)])
    original = rounded_set(cg.vertex_enumeration(game))
    assert rounded_set(cg.vertex_enumeration(permuted)) == {
        (tuple(x[i] for i in rows), tuple(y[j] for j in cols)) for x, y in original
    }
    swapped = cg.NormalFormGame.from_bimatrix(game.payoffs[1].T, game.payoffs[0].T)
    assert rounded_set(cg.vertex_enumeration(swapped)) == {(y, x) for x, y in original}


@settings(max_examples=30, deadline=None)
@given(game=small_int_games, shift=st.integers(-5, 5), scale=st.sampled_from([0.5, 2.0, 7.0]))
def test_positive_affine_payoff_changes_leave_the_set_unchanged(game, shift, scale):
    A, B = game.payoffs
    moved = cg.NormalFormGame.from_bimatrix(A * scale + shift, B + shift)
    assert exact_set(cg.vertex_enumeration(moved, exact=True)) == exact_set(cg.vertex_enumeration(game, exact=True))
