"""Result types and verification."""

from __future__ import annotations

import json
import warnings
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import coordgame as cg
from coordgame.equilibrium import _verify_bimatrix, _verify_bimatrix_values, _verify_bimatrix_weights
from coordgame.errors import VerificationError


def test_verify_rejects_non_equilibrium_and_names_method():
    with pytest.raises(VerificationError, match="method 'test'"):
        cg.verify(cg.games.prisoners_dilemma(), (0, 0), method="test")


def test_verify_exact_strategies():
    g = cg.games.battle_of_the_sexes()
    eq = cg.verify(g, None, method="exact", exact=[[Fraction(3, 5), Fraction(2, 5)], [Fraction(2, 5), Fraction(3, 5)]])
    assert eq.strategies[0].tolist() == [0.6, 0.4]
    assert eq.to_dict()["exact"] == [["3/5", "2/5"], ["2/5", "3/5"]]


def test_equilibrium_properties_and_immutability():
    eq = cg.pure_nash(cg.games.stag_hunt())[0]
    assert eq.is_pure and eq.pure_profile == (0, 0)
    assert [s.tolist() for s in eq.supports] == [[0], [0]]
    with pytest.raises(ValueError):
        eq.strategies[0][0] = 0.5
    with pytest.raises(AttributeError):
        eq.method = "other"
    assert "pure (0, 0)" in repr(eq)


def test_set_serialises_to_json():
    result = cg.pure_nash(cg.games.minimum_effort(num_players=3, efforts=2))
    text = json.dumps(result.to_dict())
    assert json.loads(text)["complete"] is True
    assert len(result) == 2 and result[1].pure_profile == (1, 1, 1)
    assert np.allclose(result.welfare, [2.1, 2.4])
    assert "EquilibriumSet(2 equilibria" in repr(result)


# --- the lean two-player check used by bimatrix solvers that build their profile themselves ---------------


@settings(max_examples=40, deadline=None)
@given(shape=st.tuples(st.integers(1, 6), st.integers(1, 6)), seed=st.integers(0, 2**32 - 1),
       scale=st.floats(1e-3, 1e3))
def test_two_player_weights_check_accepts_what_verify_accepts(shape, seed, scale):
    game = cg.games.random_game(shape, seed=seed)
    reference = cg.lemke_howson(game, seed % sum(shape), backend="numpy")
    weights = [s * scale for s in reference.strategies]  # any positive multiple of the profile
    eq = _verify_bimatrix_weights(game, *weights, method="test")
    checked = cg.verify(game, eq.strategies, method="test")
    assert all(np.allclose(s, t, rtol=0, atol=1e-12) for s, t in zip(eq.strategies, reference.strategies))
    np.testing.assert_allclose(eq.payoffs, checked.payoffs, rtol=0, atol=1e-12)
    assert abs(eq.regret - checked.regret) <= 1e-12 and eq.tol == checked.tol
    assert not any(s.flags.writeable for s in eq.strategies) and not eq.payoffs.flags.writeable


@settings(max_examples=40, deadline=None)
@given(shape=st.tuples(st.integers(2, 6), st.integers(2, 6)), seed=st.integers(0, 2**32 - 1))
def test_two_player_weights_check_rejects_what_verify_rejects(shape, seed):
    game = cg.games.random_game(shape, seed=seed)
    rng = np.random.default_rng(seed)
    u, v = rng.random(shape[0]), rng.random(shape[1])
    profile = (u / u.sum(), v / v.sum())
    assume(game.max_regret(profile) > 1e-6)  # a random profile is an equilibrium only by a fluke
    with pytest.raises(VerificationError, match="method 'test'"):
        _verify_bimatrix_weights(game, u, v, method="test")


def test_two_player_weights_check_clips_rounding_and_refuses_zero_weights():
    game = cg.games.stag_hunt()
    eq = _verify_bimatrix_weights(game, np.array([2.0, -1e-17]), np.array([0.5, 0.0]), method="test")
    assert eq.pure_profile == (0, 0) and eq.strategies[0].tolist() == [1.0, 0.0]


@pytest.mark.parametrize("u", [[0.0, 0.0], [-1e-17, 0.0], [np.nan, 1.0], [np.inf, 1.0]])
def test_two_player_weights_check_refuses_weights_without_a_positive_finite_total(u):
    # Refused before any division: no RuntimeWarning (an error under -W error), a VerificationError instead.
    game = cg.games.stag_hunt()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(VerificationError, match=r"cannot be normalised.*method 'test'"):
            _verify_bimatrix_weights(game, np.array(u), np.array([1.0, 0.0]), method="test")
        with pytest.raises(VerificationError, match="cannot be normalised"):
            _verify_bimatrix_weights(game, np.array([1.0, 0.0]), np.array(u), method="test")


def test_bimatrix_checks_keep_the_message_and_threshold_of_verify():
    game = cg.games.battle_of_the_sexes()
    with pytest.raises(VerificationError) as from_verify:
        cg.verify(game, (0, 1), method="test")
    with pytest.raises(VerificationError) as from_weights:
        _verify_bimatrix_weights(game, np.array([1.0, 0.0]), np.array([0.0, 1.0]), method="test")
    assert str(from_weights.value) == str(from_verify.value)
    eqs, passed = _verify_bimatrix(game, [[1, 0], [1, 0]], [[0, 1], [1, 0]], method="test", tol=1e-3)
    assert passed.tolist() == [False, True] and [eq.pure_profile for eq in eqs] == [(0, 0)]
    assert eqs[0].tol == cg.verify(game, (0, 0), method="test", tol=1e-3).tol == 1e-3 * game.payoff_range


@pytest.mark.parametrize("position", [0, 1])
def test_a_nan_regret_fails_whichever_player_it_belongs_to(position):
    game = cg.games.stag_hunt()
    payoffs = [4.0, 4.0]
    payoffs[position] = np.nan
    with pytest.raises(VerificationError, match="nan"):
        _verify_bimatrix_values(game, np.array([1.0, 0.0]), np.array([1.0, 0.0]), *payoffs, 4.0, 4.0, method="test")
    eq = _verify_bimatrix_values(game, np.array([1.0, 0.0]), np.array([1.0, 0.0]), 4.0, 4.0 + 1e-15, 4.0, 4.0, method="test")
    assert eq.regret == 0.0 and eq.pure_profile == (0, 0)  # a negative regret from rounding is reported as zero


# ------------------------------------------------------------------ the result protocol
def test_equilibrium_protocol():
    eq = cg.verify(cg.games.battle_of_the_sexes(), ([0.6, 0.4], [0.4, 0.6]), method="by hand")
    record = json.loads(json.dumps(eq.to_dict()))
    assert record["method"] == "by hand" and record["welfare"] == pytest.approx(2.4)
    assert record["verification"]["passed"] is True and record["verification"]["quantity"] == "regret"
    assert eq.verification.tolerance == eq.tol == eq.tolerances["threshold"]
    assert eq.to_frame().shape[0] == 1
    assert "Equilibrium" in eq.summary() and "regret" in eq.summary()


def test_equilibrium_set_protocol_aggregates_its_members():
    eqs = cg.nash(cg.games.chicken())
    assert eqs.verification.value == max(eq.regret for eq in eqs)
    assert eqs.verification.tolerance == min(eq.tol for eq in eqs)
    assert eqs.tolerances["tol"] == 1e-9  # the keyword the solver ran with
    assert eqs.to_frame().shape[0] == len(eqs)
    record = eqs.to_dict()
    assert "game" not in record and len(record["equilibria"]) == len(eqs)


def test_verify_on_plain_payoffs_and_invalid_tolerances():
    A, B = [[3, 0], [0, 2]], [[2, 0], [0, 3]]
    assert cg.verify((A, B), (0, 0)).method == "verify"
    assert cg.verify(np.array([A, B]), (1, 1)).pure_profile == (1, 1)
    for bad in (-1.0, float("nan"), "1e-9", True):
        with pytest.raises(cg.errors.InvalidArgumentError, match="tol"):
            cg.verify((A, B), (0, 0), tol=bad)
    with pytest.raises(cg.errors.InvalidArgumentError, match="game"):
        cg.verify("chicken", (0, 0))


def test_bimatrix_constructor_and_as_game():
    A, B = [[3, 0], [5, 1]], [[3, 5], [0, 1]]
    game = cg.NormalFormGame(A, B, player_names=["row", "column"])
    assert game.player_names == ("row", "column")
    assert np.array_equal(game.payoffs, cg.NormalFormGame.from_bimatrix(A, B).payoffs)
    assert cg.games.as_game(game) is game
    assert np.array_equal(cg.games.as_game((A, B)).payoffs, game.payoffs)
    with pytest.raises(cg.errors.InvalidGameError, match="same shape"):
        cg.NormalFormGame(A, [[1, 2, 3], [4, 5, 6]])
    with pytest.raises(cg.errors.InvalidGameError, match="game"):
        cg.games.as_game([[1, 2], [3, 4]])  # one matrix is not a game


def test_moved_names_still_resolve_with_a_warning():
    with pytest.warns(DeprecationWarning, match="coordgame.solvers.fictitious_play"):
        assert cg.fictitious_play is cg.solvers.fictitious_play
    with pytest.warns(DeprecationWarning, match="coordgame.errors"):
        assert cg.InvalidGameError is cg.errors.InvalidGameError
    with pytest.raises(AttributeError):
        cg.no_such_name
    assert len(cg.__all__) <= 26 and all(hasattr(cg, name) for name in cg.__all__)


# --------------------------------------------------------------------------- exact verification
def test_an_exact_profile_is_verified_in_rational_arithmetic_not_within_a_tolerance():
    from fractions import Fraction as F

    from coordgame.equilibrium import exact_regrets

    g = cg.games.battle_of_the_sexes()
    mixed = [(F(3, 5), F(2, 5)), (F(2, 5), F(3, 5))]
    assert cg.verify(g, (), exact=mixed).exact == tuple(mixed)
    # Off by 1e-13: inside the float tolerance, so the float check alone would accept it.
    near = [(F(3, 5) + F(1, 10**13), F(2, 5) - F(1, 10**13)), (F(2, 5), F(3, 5))]
    assert cg.verify(g, [[float(p) for p in s] for s in near]).regret <= 1e-9
    assert max(exact_regrets(g, near)) > 0
    with pytest.raises(cg.errors.VerificationError, match="exact regrets"):
        cg.verify(g, (), exact=near)


def test_exact_regrets_of_a_three_player_game_match_the_float_regrets():
    from fractions import Fraction as F

    from coordgame.equilibrium import exact_regrets

    g = cg.games.random_game((2, 3, 2), seed=4, integers=5)
    profile = [(F(1, 3), F(2, 3)), (F(1, 2), F(0), F(1, 2)), (F(1), F(0))]
    floats = g.regrets([[float(p) for p in s] for s in profile])
    assert np.allclose([float(r) for r in exact_regrets(g, profile)], floats, atol=1e-12)


def test_exact_methods_return_exactly_verified_equilibria():
    from coordgame.equilibrium import exact_regrets

    for seed in range(5):
        g = cg.games.random_game((4, 4), seed=seed, integers=6)
        for found in (cg.nash(g, method="vertex", exact=True), [cg.solvers.lemke_howson(g, exact=True)]):
            assert len(found) and all(not any(exact_regrets(g, eq.exact)) for eq in found), seed
