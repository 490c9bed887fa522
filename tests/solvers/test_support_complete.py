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


# --- the shortcuts that keep the per-game cost small, each against the general routine it replaces ---


def test_quadratic_roots_equal_the_companion_eigenvalues():
    from coordgame.solvers._support_polynomial import _companion_roots, _quadratic_roots

    rng = np.random.default_rng(7)
    monic = np.vstack([rng.normal(size=(300, 2)), [[0.0, 0.0], [1.0, 2.0], [1.0, 0.0], [1.0, -2.0], [0.0, 1e-9]]])
    real_part, imaginary = _quadratic_roots(monic[:, 1], monic[:, 0])
    ours, reference = real_part + 1j * imaginary, _companion_roots(monic)
    # the same two roots per row, in either order
    straight = np.abs(ours - reference).max(axis=1)
    crossed = np.abs(ours - reference[:, ::-1]).max(axis=1)
    assert (np.minimum(straight, crossed) <= 1e-7 * (1 + np.abs(reference).max(axis=1))).all()


def test_closed_form_2x2_systems_equal_the_lapack_solve():
    from coordgame.solvers._support_polynomial import _cramer, bordered, solve_bordered, solve_regular

    rng = np.random.default_rng(8)
    tables = rng.normal(size=(400, 2, 2))
    tables[0] = 1.0  # singular: all rows alike
    tables[1] = [[1.0, 2.0], [1.0, 2.0 + 1e-13]]  # ill-conditioned beyond MAX_CONDITION
    rhs = np.zeros((400, 3))
    rhs[:, 2] = 1.0
    ours, regular = solve_bordered(tables)
    reference, reference_regular = solve_regular(bordered(tables), rhs)
    assert (regular == reference_regular).all() and not regular[:2].any()
    assert np.allclose(ours[regular], reference[regular], atol=1e-8)
    numerators, determinants = _cramer(tables)
    assert np.allclose(determinants, np.linalg.det(bordered(tables)))
    assert np.allclose(numerators[regular] / determinants[regular, None], reference[regular, :2], atol=1e-8)
    # larger supports take the general path
    big = rng.normal(size=(20, 3, 3))
    rhs3 = np.zeros((20, 4))
    rhs3[:, 3] = 1.0
    assert np.allclose(solve_bordered(big)[0], solve_regular(bordered(big), rhs3)[0])


@pytest.mark.parametrize("shape", [(2, 2, 2, 2), (2, 3, 2, 2), (2, 2, 2, 2, 2)])
def test_dense_jacobian_table_equals_the_multilinear_game(shape):
    from coordgame.solvers._support_complete import _DenseGame

    game = MultilinearGame(cg.games.random_game(shape, seed=3).payoffs)
    dense = _DenseGame.of(game)
    assert isinstance(dense, _DenseGame)
    rng = np.random.default_rng(0)
    flat = np.concatenate([rng.dirichlet(np.ones(n), size=6) for n in shape], axis=1)
    assert np.allclose(dense.value_jacobian(flat), game.value_jacobian(flat), atol=1e-14)
    assert np.allclose(dense.values(flat), game.values(flat), atol=1e-14)
    assert np.allclose(dense.max_regret(flat), game.max_regret(flat), atol=1e-14)
    # three players keep their own dense form
    three = MultilinearGame(cg.games.random_game((3, 3, 3), seed=3).payoffs)
    assert _DenseGame.of(three) is three


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 100_000), shape=st.sampled_from([(2, 2), (3, 2, 4), (2, 2, 2, 2), (2, 3, 2, 2, 2), (4,)]))
def test_stacked_action_values_equal_action_values(seed, shape):
    from coordgame.games._profiles import action_values, stacked_action_values

    rng = np.random.default_rng(seed)
    payoffs = rng.normal(size=(len(shape), *shape))
    strategies = [rng.dirichlet(np.ones(n), size=5) for n in shape]
    strategies[0][0] = np.eye(shape[0])[0]  # a pure strategy among them
    values = stacked_action_values(payoffs, np.concatenate(strategies, axis=1))
    for k in range(5):
        profile = tuple(s[k] for s in strategies)
        expected = np.concatenate([action_values(payoffs, profile, i) for i in range(len(shape))])
        assert np.allclose(values[k], expected, atol=1e-13)


@pytest.mark.parametrize("shape", [(3, 3, 3), (2, 2, 2, 2)])
def test_stacked_verification_agrees_with_verify(shape):
    game = cg.games.random_game(shape, seed=11)
    result = cg.solvers.support_enumeration_n(game)
    assert result.complete and len(result)
    for eq in result:
        assert eq.method == "support_enumeration_n"
        reference = cg.verify(game, [s.copy() for s in eq.strategies])
        assert np.allclose(eq.payoffs, reference.payoffs, atol=1e-12)
        assert abs(eq.regret - reference.regret) <= 1e-12 and eq.tol == reference.tol
        assert all(not s.flags.writeable for s in eq.strategies) and not eq.payoffs.flags.writeable
    # the stacked check refuses what verify refuses: a non-equilibrium and a non-profile
    collector = support_n._Collector(game, 1e-9)
    size = sum(shape)
    centroid = np.concatenate([np.full(n, 1.0 / n) for n in shape])
    not_a_profile = np.full(size, 0.7)
    checked = collector.verified(np.vstack([np.concatenate(result[0].strategies), centroid, not_a_profile]))
    assert checked[0] is not None and checked[1] is None and checked[2] is None
    with pytest.raises(cg.errors.VerificationError):
        cg.verify(game, np.split(centroid, np.cumsum(shape)[:-1]))


def test_pure_equilibria_come_first_in_lexicographic_order_as_pure_nash():
    game = cg.games.random_game((2, 2, 2, 2), seed=5)
    pure = cg.pure_nash(game)
    result = cg.solvers.support_enumeration_n(game)
    assert len(pure) >= 1
    assert [eq.pure_profile for eq in result[: len(pure)]] == pure.pure_profiles()
    assert all(eq.pure_profile is None for eq in result[len(pure):])
