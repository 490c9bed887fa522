"""The stacked batches of the complete N-player support enumeration against the one-at-a-time
path (linear solves, Newton and the homotopy), closed forms, and degenerate games."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coordgame as cg
from coordgame.solvers import support_n
from coordgame.solvers._homotopy import homotopy_solutions
from coordgame.solvers._multilinear import MultilinearGame
from coordgame.solvers._support_complete import batched_kind, solve_batches
from coordgame.solvers._support_polynomial import _chebyshev_roots, real_roots
from coordgame.tolerances import normalized_payoffs


def _one_at_a_time(game):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(support_n, "BATCHED", False)
        return cg.solvers.support_enumeration_n(game)


def _flat(result) -> np.ndarray:
    return np.array([np.concatenate(eq.strategies) for eq in result]).reshape(len(result), -1)


def _same_sets(a: np.ndarray, b: np.ndarray, tol: float = 1e-6) -> bool:
    return len(a) == len(b) and all(np.abs(b - x).max(axis=1).min() <= tol for x in a)


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 100_000), shape=st.sampled_from([(3, 3, 3), (2, 2, 2, 2), (2, 3, 3), (3, 2, 2), (2, 2, 3)]))
def test_batches_find_what_the_one_at_a_time_path_finds(seed, shape):
    game = cg.games.random_game(shape, seed=seed)
    batched = cg.solvers.support_enumeration_n(game)
    reference = _one_at_a_time(game)
    assert batched.complete and reference.complete
    assert _same_sets(_flat(batched), _flat(reference))
    assert any("stacked batches" in note for note in batched.notes)


@pytest.mark.parametrize("seed", range(3))
def test_degenerate_games_lose_nothing_the_one_at_a_time_path_finds(seed):
    # Payoffs in {0, 1, 2}: ties, singular systems and continua; the batches leave such rows to the
    # one-at-a-time path, so everything it finds is still found and the result is as complete as it is.
    game = cg.games.random_game((2, 2, 2, 2) if seed % 2 else (3, 3, 3), seed=seed, integers=3)
    batched = cg.solvers.support_enumeration_n(game)
    reference = _one_at_a_time(game)
    ours = _flat(batched)
    for x in _flat(reference):
        assert np.abs(ours - x).max(axis=1).min() <= 1e-6
    assert batched.complete == reference.complete
    for eq in batched:
        assert game.max_regret(eq.strategies) <= 1e-9 * game.payoff_range


def test_all_payoffs_equal_is_left_to_the_careful_path_and_reported():
    game = cg.NormalFormGame(np.zeros((4, 2, 2, 2, 2)))
    result = cg.solvers.support_enumeration_n(game)
    assert not result.complete and any("singular" in note for note in result.notes)
    assert all(eq.regret == 0 for eq in result)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 100_000), shape=st.sampled_from([(2, 2, 2), (2, 2, 2, 2), (2, 3, 3), (2, 2, 3)]))
def test_totally_mixed_solutions_equal_the_homotopy_ones(seed, shape):
    # The univariate polynomial (2 x k x k, 2 x 2 x 3) and the resultant (four binary mixers) against
    # the multihomogeneous homotopy on the totally mixed support profile: the same real solutions
    # in the simplices, and never more than the Bezout number (McKelvey & McLennan 1997, JET 72:
    # 2 for 2x2x2, 9 for 2x2x2x2).
    mg = MultilinearGame(normalized_payoffs(cg.games.random_game(shape, seed=seed).payoffs))
    sizes = tuple(shape)
    assert batched_kind(sizes) is not None
    outcome = solve_batches(mg, [sizes], 1e-9)[sizes]
    assert outcome.leftover == []
    ours = np.array([flat for _, flat, _ in outcome.found]).reshape(-1, mg.size)
    (report,) = homotopy_solutions(mg, [[np.arange(n) for n in shape]], np.random.default_rng(seed))
    assert report.reliable
    theirs = report.solutions[report.solutions.min(axis=1) >= -1e-9]
    theirs = theirs[mg.max_regret(np.clip(theirs, 0, None)) <= 1e-9] if len(theirs) else theirs
    assert _same_sets(ours, theirs)
    assert len(ours) <= report.paths


def test_chebyshev_and_companion_roots_of_known_polynomials():
    # Roots x = 0.25 and 0.6 in [0, 1] (y = 2x - 1 = -0.5, 0.2), the others complex or outside:
    # degree 13 sampled at 14 Chebyshev points (colleague matrix), degree 3 at 4 (companion matrix).
    pairs = 1.3 * np.exp(1j * np.linspace(0.4, 2.6, 5))
    for count, others, finder in [(14, [*pairs, *pairs.conj(), 2.5], _chebyshev_roots), (4, [-3.0], real_roots)]:
        y = np.cos(np.pi * (2 * np.arange(count) + 1) / (2 * count))
        values = np.real((y + 0.5) * (y - 0.2) * np.prod([y - r for r in others], axis=0))[None, :]
        owner, roots, left = finder(values, np.ones(1))
        assert left.size == 0 and np.all(owner == 0)
        assert np.allclose(np.sort(roots), [0.25, 0.6], atol=1e-10)


def test_zero_polynomial_is_left_over():
    owner, _, left = real_roots(np.zeros((1, 5)), np.ones(1))
    assert owner.size == 0 and left.tolist() == [0]


def test_kinds():
    assert batched_kind((1, 2, 1)) == "one"
    assert batched_kind((2, 2, 1)) == "two"
    assert batched_kind((2, 3, 1)) == "unequal"
    assert batched_kind((2, 3, 3)) == "2kk"
    assert batched_kind((3, 2, 2)) == "223"
    assert batched_kind((2, 2, 2, 2)) == "2222"
    assert batched_kind((3, 3, 3)) is None and batched_kind((2, 2, 4)) is None
