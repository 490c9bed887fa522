"""The compiled (numba) homotopy path tracker against the numpy one, against pygambit's enumpoly,
and against closed forms."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coordgame as cg
from coordgame.solvers import _homotopy, _path_tracker
from coordgame.solvers._homotopy import homotopy_solutions
from coordgame.solvers._multilinear import MultilinearGame
from coordgame.tolerances import normalized_payoffs
from tests.conftest import needs_numba

pytestmark = needs_numba


def _supports(rng: np.random.Generator, shape: tuple[int, ...], sizes: tuple[int, ...]) -> list[np.ndarray]:
    return [np.sort(rng.choice(n, size=k, replace=False)) for n, k in zip(shape, sizes)]


def _same_points(a: np.ndarray, b: np.ndarray, tol: float = 1e-7) -> bool:
    return len(a) == len(b) and all(np.abs(b - x).max(axis=1).min() <= tol for x in a)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), case=st.sampled_from([
    ((3, 3, 3), (2, 2, 2)), ((3, 3, 3), (3, 2, 3)), ((3, 3, 3), (3, 3, 3)), ((2, 2, 2, 2), (2, 2, 2, 1)),
    ((2, 2, 2, 2), (2, 2, 2, 2)), ((3, 2, 2), (3, 2, 2))]))
def test_compiled_system_and_jacobian_equal_the_numpy_ones(seed, case):
    shape, sizes = case
    rng = np.random.default_rng(seed)
    mg = MultilinearGame(normalized_payoffs(cg.games.random_game(shape, seed=seed).payoffs))
    profiles = [_supports(rng, shape, sizes) for _ in range(3)]
    system = _homotopy._System(mg, profiles)
    layout = _homotopy._compiled_arrays(system)
    x = rng.normal(size=(3, system.dim)) + 1j * rng.normal(size=(3, system.dim))
    f, fx = system.target(x, np.arange(3))
    points, residual, jacobians = _path_tracker.kernels()["polish_endpoints"](x, np.arange(3, dtype=np.int64), layout, 0)
    assert np.allclose(points, x)
    assert np.allclose(residual, np.abs(f).max(axis=1), atol=1e-12)
    assert np.allclose(jacobians, fx, atol=1e-12)


@pytest.mark.slow
@settings(max_examples=6, deadline=None)
@given(seed=st.integers(0, 10_000), shape=st.sampled_from([(3, 3, 3), (2, 2, 2, 2)]))
def test_compiled_tracker_finds_what_the_numpy_tracker_finds(seed, shape):
    # Same homotopy (start system and gamma) tracked both ways: the same real solutions, both reliable.
    rng = np.random.default_rng(seed)
    mg = MultilinearGame(normalized_payoffs(cg.games.random_game(shape, seed=seed).payoffs))
    sizes = (2, 2, 2) if len(shape) == 3 else (2, 2, 2, 2)
    profiles = [_supports(rng, shape, sizes) for _ in range(2)]
    compiled = homotopy_solutions(mg, profiles, np.random.default_rng(seed), compiled=True)
    plain = homotopy_solutions(mg, profiles, np.random.default_rng(seed), compiled=False)
    for ours, theirs in zip(compiled, plain):
        assert ours.paths == theirs.paths and ours.reliable and theirs.reliable
        assert _same_points(ours.solutions, theirs.solutions)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 100_000))
def test_generic_2x2x2_game_has_at_most_two_totally_mixed_equilibria(seed):
    # McKelvey & McLennan (1997, JET 72, Table 1): a generic 2 x 2 x 2 game has at most 2 regular
    # totally mixed equilibria; the homotopy tracks exactly that many paths.
    game = cg.games.random_game((2, 2, 2), seed=seed)
    mg = MultilinearGame(normalized_payoffs(game.payoffs))
    (report,) = homotopy_solutions(mg, [[np.arange(2)] * 3], np.random.default_rng(seed), compiled=True)
    assert report.paths == 2 and report.reliable and len(report.solutions) <= 2
    result = cg.solvers.support_enumeration_n(game)
    assert result.complete
    totally_mixed = [eq for eq in result if all(s.min() > 1e-9 for s in eq.strategies)]
    assert len(totally_mixed) <= 2
    inside = [x for x in report.solutions if x.min() >= 0]  # in the simplices: the totally mixed equilibria
    assert len(inside) == len(totally_mixed)


def _flat(result) -> list[np.ndarray]:
    return [np.concatenate(eq.strategies) for eq in result]


def _contains(ours: list[np.ndarray], theirs: list[np.ndarray], tol: float = 1e-6) -> bool:
    return all(any(np.abs(x - y).max() <= tol for y in ours) for x in theirs)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_enumeration_with_and_without_numba_agree_on_2x2x2(seed, monkeypatch):
    game = cg.games.random_game((2, 2, 2), seed=seed)
    compiled = cg.solvers.support_enumeration_n(game)
    monkeypatch.setattr(_path_tracker, "kernels", lambda: None)  # as on an install without numba
    plain = cg.solvers.support_enumeration_n(game)
    assert compiled.complete and plain.complete and len(compiled) == len(plain)
    assert _contains(_flat(compiled), _flat(plain)) and _contains(_flat(plain), _flat(compiled))


@pytest.mark.slow
@pytest.mark.parametrize("shape,seed", [((3, 3, 3), 3), ((2, 2, 2, 2), 4)])
def test_enumeration_with_and_without_numba_agree_on_the_benchmark_shapes(shape, seed, monkeypatch):
    game = cg.games.random_game(shape, seed=seed)
    compiled = cg.solvers.support_enumeration_n(game)
    monkeypatch.setattr(_path_tracker, "kernels", lambda: None)
    plain = cg.solvers.support_enumeration_n(game)
    assert compiled.complete and plain.complete and len(compiled) == len(plain)
    assert _contains(_flat(compiled), _flat(plain))


@pytest.mark.peers
@settings(max_examples=6, deadline=None)
@given(seed=st.integers(0, 10_000), shape=st.sampled_from([(3, 3, 3), (2, 2, 2, 2)]))
def test_compiled_enumeration_contains_every_equilibrium_gambit_enumpoly_finds(seed, shape):
    gbt = pytest.importorskip("pygambit", reason="needs the 'peers' extra: pip install -e '.[peers]'")
    game = cg.games.random_game(shape, seed=seed)
    gambit_game = gbt.Game.from_arrays(*[np.asarray(game.payoffs[i]) for i in range(game.num_players)])
    theirs = [np.array([float(eq[s]) for p in gambit_game.players for s in p.strategies])
              for eq in gbt.nash.enumpoly_solve(gambit_game).equilibria]
    ours = cg.solvers.support_enumeration_n(game)
    assert ours.complete and len(ours) >= len(theirs)
    assert _contains(_flat(ours), theirs, tol=1e-5)
    for eq in ours:  # every one verified on the game itself
        assert game.max_regret(eq.strategies) <= 1e-9 * game.payoff_range
