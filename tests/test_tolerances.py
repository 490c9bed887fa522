"""Tolerances: relative to the payoff range, validated everywhere, and no answer depends on the payoffs' unit.

Every finite-game solver must return the same equilibria (counts and profiles up to rounding)
when every payoff is multiplied by a constant from 1e-12 to 1e12, and, where the solution
concept is invariant under it, when a constant is added to every payoff.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coordgame as cg
from coordgame.errors import CoordgameError, InvalidArgumentError, InvalidGameError
from coordgame.games.dominance import dominated_actions, iterated_elimination
from coordgame.solvers.nash import METHODS as NASH_METHODS
from coordgame.tolerances import (
    DEFAULT_TOL,
    absolute_tolerance,
    check_tolerance,
    normalized_payoffs,
    payoff_range,
)

SCALES = [1e-12, 1e-9, 1e-6, 1e-3, 1e3, 1e6, 1e9, 1e12]
SHIFT = 1e3  # added to every payoff: large against the payoffs' spread, small enough to keep their digits


def _game(payoffs) -> cg.NormalFormGame:
    return cg.NormalFormGame(np.asarray(payoffs, dtype=float))


def _games() -> dict[str, cg.NormalFormGame]:
    rng = np.random.default_rng(11)
    return {
        "prisoners_dilemma": cg.games.prisoners_dilemma(),
        "coordination": cg.NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[2, 0], [0, 1]]),
        "battle_of_the_sexes": cg.games.battle_of_the_sexes(),
        "chicken": cg.games.chicken(),
        "random_4x4": _game(rng.integers(-5, 6, size=(2, 4, 4))),
        "random_3x3x2": _game(rng.integers(-3, 4, size=(3, 3, 3, 2))),
    }


GAMES = _games()
TWO_PLAYER = [name for name, g in GAMES.items() if g.num_players == 2]


def _scaled(game: cg.NormalFormGame, scale: float, shift: float = 0.0) -> cg.NormalFormGame:
    return cg.NormalFormGame(game.payoffs * scale + shift * scale)


def _profiles(result) -> list[tuple[float, ...]]:
    """The equilibria as sorted tuples of rounded probabilities (order-free comparison)."""
    return sorted(tuple(np.round(np.concatenate(eq.strategies), 6).tolist()) for eq in result)


def _assert_same_equilibria(reference, other):
    assert len(other) == len(reference)
    np.testing.assert_allclose(np.array(_profiles(other)), np.array(_profiles(reference)), atol=2e-6, rtol=0)


def _quiet(function, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cg.errors.DegenerateGameWarning)
        return function(*args, **kwargs)


# ----------------------------------------------------------------------------- the tolerance module
class TestToleranceModule:
    def test_payoff_range_is_max_minus_min_over_all_players(self):
        assert payoff_range([[[-7.0, 0.0]], [[0.5, 0.0]]]) == 7.5
        pd = cg.games.prisoners_dilemma()
        assert pd.payoff_range == float(pd.payoffs.max() - pd.payoffs.min()) > 0

    def test_constant_games_fall_back_to_the_magnitude_or_one(self):
        assert payoff_range(np.full((2, 2, 2), -4.0)) == 4.0
        assert payoff_range(np.full((2, 2, 2), 1e-20)) == 1e-20
        assert payoff_range(np.zeros((2, 2, 2))) == 1.0
        for value in (0.0, 1e-20, -3.0, 1e20):  # every profile of a constant game is an equilibrium
            game = _game(np.full((2, 2, 3), value))
            assert len(cg.pure_nash(game)) == 6
            assert cg.verify(game, ([0.3, 0.7], [0.2, 0.3, 0.5]), method="test").regret <= game.payoff_range * 1e-9

    def test_absolute_tolerance_scales_with_the_unit(self):
        game = cg.games.prisoners_dilemma()
        for scale in SCALES:
            threshold = absolute_tolerance(1e-9, _scaled(game, scale))
            assert threshold == pytest.approx(1e-9 * game.payoff_range * scale, rel=1e-12)

    def test_normalized_payoffs_lie_in_the_unit_interval(self):
        payoffs = GAMES["random_4x4"].payoffs * 1e12 + 3e12
        unit = normalized_payoffs(payoffs)
        assert unit.min() == 0.0 and unit.max() == 1.0
        np.testing.assert_allclose(unit, normalized_payoffs(GAMES["random_4x4"].payoffs), atol=1e-12)
        assert not normalized_payoffs(np.full((2, 2, 2), 7.0)).any()

    @pytest.mark.parametrize("bad", [-1, -1e-300, float("nan"), float("inf"), -float("inf"), "1e-9", "small",
                                     True, False, None, 1j, [1e-9], np.array([1e-9, 1e-9])])
    def test_check_tolerance_refuses_bad_values(self, bad):
        with pytest.raises(InvalidArgumentError, match="my_tol"):
            check_tolerance(bad, "my_tol")

    @pytest.mark.parametrize("good", [0, 0.0, 1e-300, 1e-9, 0.5, 3, np.float32(1e-6), np.float64(1e-3), np.int64(1)])
    def test_check_tolerance_accepts_real_non_negative_numbers(self, good):
        assert check_tolerance(good) == float(good)

    def test_positive_refuses_zero(self):
        with pytest.raises(InvalidArgumentError, match="> 0"):
            check_tolerance(0.0, "tol", positive=True)

    def test_one_name_per_concept(self):
        import coordgame.equilibrium
        import coordgame.games.normal_form
        import coordgame.solvers.correlated
        import coordgame.solvers.lemke_howson

        assert not hasattr(cg.NormalFormGame, "payoff_scale")
        for module in (coordgame.equilibrium, coordgame.games.normal_form, coordgame.solvers.correlated,
                       coordgame.solvers.lemke_howson):
            assert "DEFAULT_TOL" not in getattr(module, "__all__", ())
        assert not hasattr(coordgame.solvers.correlated, "DEFAULT_CE_TOL")


# ----------------------------------------------------------------------------- validation everywhere
def _structured_game():
    from coordgame.games.structured import StructuredGame

    def payoff(profile):
        n = sum(profile)
        return np.array([a * (2.0 if n == 1 else -1.0) for a in profile])

    return StructuredGame([[0, 1], [0, 1]], payoff)


def _tol_functions():
    from coordgame.solvers import structured as st_solvers

    g2, g3 = cg.games.battle_of_the_sexes(), GAMES["random_3x3x2"]
    return {
        "pure_nash": lambda tol: cg.pure_nash(g2, tol=tol),
        "support_enumeration": lambda tol: cg.support_enumeration(g2, tol=tol),
        "vertex_enumeration": lambda tol: cg.vertex_enumeration(g2, tol=tol),
        "lemke_howson": lambda tol: cg.lemke_howson(g2, tol=tol),
        "lemke_howson_all": lambda tol: cg.solvers.lemke_howson_all(g2, tol=tol),
        "lemke_howson_all.dedupe_tol": lambda tol: cg.solvers.lemke_howson_all(g2, dedupe_tol=tol),
        "support_enumeration_n": lambda tol: cg.solvers.support_enumeration_n(g3, tol=tol),
        "nash": lambda tol: cg.nash(g2, tol=tol),
        "nash.pure": lambda tol: cg.nash(g2, "pure", tol=tol),
        "verify": lambda tol: cg.verify(g2, (0, 0), method="test", tol=tol),
        "is_nash": lambda tol: g2.is_nash((0, 0), tol=tol),
        "best_responses": lambda tol: g2.best_responses((0, 0), 0, tol=tol),
        "as_mixed_profile": lambda tol: g2.as_mixed_profile([[0.5, 0.5], 0], tol=tol),
        "correlated_equilibrium": lambda tol: cg.correlated_equilibrium(g2, tol=tol),
        "social_optimum": lambda tol: cg.social_optimum(g2, tol=tol),
        "logit_solve": lambda tol: cg.solvers.logit_solve(g2, tol=tol),
        "logit_path": lambda tol: cg.solvers.logit_path(g2, tol=tol),
        "logit_qre": lambda tol: cg.solvers.logit_qre(g2, 1.0, tol=tol),
        "best_response_dynamics": lambda tol: cg.solvers.best_response_dynamics(g2, (0, 1), tol=tol),
        "fictitious_play": lambda tol: cg.solvers.fictitious_play(g2, (0, 1), max_iter=5, tol=tol),
        "regret_matching": lambda tol: cg.solvers.regret_matching(g2, num_steps=5, tol=tol, seed=0),
        "logit_dynamics": lambda tol: cg.solvers.logit_dynamics(g2, beta=1.0, num_steps=5, tol=tol, seed=0),
        "replicator_dynamics": lambda tol: cg.solvers.replicator_dynamics(g2, t_max=1.0, tol=tol),
        "dominated_actions": lambda tol: dominated_actions(g2, 0, tol=tol),
        "iterated_elimination": lambda tol: iterated_elimination(g2, tol=tol),
        "eliminate_dominated": lambda tol: g2.eliminate_dominated(tol=tol),
        "structured.is_nash": lambda tol: _structured_game().is_nash((0, 1), tol=tol),
        "structured.verify_profile": lambda tol: st_solvers.verify_profile(_structured_game(), (0, 1), method="t",
                                                                           tol=tol),
        "continuous_nash": lambda tol: cg.continuous_nash(cg.games.cournot(10, 1, [1.0, 2.0]), tol=tol),
        "social_optimum[continuous]": lambda tol: cg.social_optimum(cg.games.cournot(10, 1, [1.0, 2.0]), tol=tol),
    }


TOL_FUNCTIONS = _tol_functions()


@pytest.mark.parametrize("bad", [-1, float("nan"), float("inf"), "1e-9"], ids=["negative", "nan", "inf", "string"])
@pytest.mark.parametrize("name", sorted(TOL_FUNCTIONS))
def test_every_tolerance_argument_is_validated(name, bad):
    argument = "dedupe_tol" if name.endswith("dedupe_tol") else "tol"
    with pytest.raises(InvalidArgumentError, match=argument):
        _quiet(TOL_FUNCTIONS[name], bad)


def test_pure_nash_bad_tolerances_no_longer_return_an_empty_complete_set():
    game = cg.games.prisoners_dilemma()
    for bad in (-1, float("nan"), "0.1", True):
        with pytest.raises(InvalidArgumentError, match="tol"):
            cg.pure_nash(game, tol=bad)


# ----------------------------------------------------------------------------- overflow
class TestHugePayoffs:
    def test_a_range_that_overflows_is_refused_at_construction(self):
        with pytest.raises(InvalidGameError, match=r"payoff range .* overflows"):
            cg.NormalFormGame.from_bimatrix([[1.7e308, -1.7e308], [0, 0]], [[0, 0], [0, 0]])

    def test_a_welfare_that_overflows_is_refused_at_construction(self):
        with pytest.raises(InvalidGameError, match="welfare"):
            cg.NormalFormGame.from_bimatrix([[1.7e308, 1.6e308], [1.6e308, 1.7e308]], [[1.7e308, 1.6e308],
                                                                                        [1.6e308, 1.7e308]])

    @pytest.mark.parametrize("method", ["pure", "support_enumeration", "vertex_enumeration", "lemke_howson",
                                        "lemke_howson_all", "logit"])
    def test_huge_but_representable_payoffs_give_the_right_equilibria(self, method):
        base = GAMES["coordination"]
        reference = _quiet(cg.nash, base, method)
        huge = _scaled(base, 3e307)  # payoffs up to 6e307: range and welfare still finite
        _assert_same_equilibria(reference, _quiet(cg.nash, huge, method))

    def test_correlated_and_planner_with_huge_payoffs(self):
        base, huge = GAMES["chicken"], _scaled(GAMES["chicken"], 1e306)
        np.testing.assert_allclose(cg.correlated_equilibrium(huge).distribution,
                                   cg.correlated_equilibrium(base).distribution, atol=1e-7)
        assert cg.social_optimum(huge).profiles == cg.social_optimum(base).profiles

    @pytest.mark.parametrize("solver", ["vertex_enumeration", "lemke_howson"])
    def test_exact_mode_with_payoffs_near_1e300(self, solver):
        base = GAMES["battle_of_the_sexes"]
        big = cg.NormalFormGame(base.payoffs * 1e300)
        try:
            result = _quiet(getattr(cg, solver), big, exact=True)
        except CoordgameError as exc:  # acceptable: a clear library error naming what is wrong
            assert str(exc)
            return
        expected = _quiet(getattr(cg, solver), base, exact=True)
        if solver == "lemke_howson":
            result, expected = [result], [expected]
        _assert_same_equilibria(expected, result)
        assert all(eq.exact is not None for eq in result)


# ----------------------------------------------------------------------------- invariance
def _finite_solvers():
    """name -> (function of a game returning something comparable, shift-invariant?)."""
    def two(f):
        return lambda g: f(g) if g.num_players == 2 else None

    return {
        "pure_nash": (lambda g: _profiles(cg.pure_nash(g)), True),
        "support_enumeration": (two(lambda g: _profiles(_quiet(cg.support_enumeration, g))), True),
        "vertex_enumeration": (two(lambda g: _profiles(cg.vertex_enumeration(g))), True),
        "vertex_enumeration_exact": (two(lambda g: _profiles(cg.vertex_enumeration(g, exact=True))), True),
        "lemke_howson": (two(lambda g: [_profiles([cg.lemke_howson(g, k)]) for k in range(sum(g.num_actions))]), True),
        "lemke_howson_exact": (two(lambda g: _profiles([cg.lemke_howson(g, 1, exact=True)])), True),
        "lemke_howson_all": (two(lambda g: _profiles(cg.solvers.lemke_howson_all(g))), True),
        "support_enumeration_n": (lambda g: _profiles(cg.solvers.support_enumeration_n(g)), True),
        "nash_auto": (lambda g: _profiles(_quiet(cg.nash, g)), True),
        "nash_logit": (lambda g: _profiles(cg.nash(g, "logit")), True),
        "nash_pure_and_logit": (lambda g: _profiles(cg.nash(g, "pure_nash+logit")), True),
        "correlated_equilibrium": (lambda g: np.round(cg.correlated_equilibrium(g).distribution, 6).tolist(), True),
        "coarse_correlated_rawlsian": (
            lambda g: round(float(cg.correlated_equilibrium(g, "rawlsian", coarse=True).payoffs.min()
                                  - g.payoffs.min()) / g.payoff_range, 6), True),
        "social_optimum": (lambda g: cg.social_optimum(g).profiles, True),
        "social_optimum_rawlsian": (lambda g: cg.social_optimum(g, "rawlsian").profiles, True),
        "best_response_dynamics": (
            lambda g: [cg.solvers.best_response_dynamics(g, p).profiles.tolist() for p in np.ndindex(*g.num_actions)], True),
        "fictitious_play": (
            lambda g: np.round(np.concatenate(cg.solvers.fictitious_play(g, (0,) * g.num_players, max_iter=200,
                                                                 tol=0.0).final), 9).tolist(), True),
        "iterated_elimination": (lambda g: [k.tolist() for k in iterated_elimination(g)[1]], True),
        "dominated_actions_pure": (
            lambda g: [dominated_actions(g, i, mixed=False).tolist() for i in range(g.num_players)], True),
        "is_nash": (lambda g: [g.is_nash(p) for p in np.ndindex(*g.num_actions)], True),
        "best_responses": (
            lambda g: [g.best_responses(p, i).tolist() for p in np.ndindex(*g.num_actions)
                       for i in range(g.num_players)], True),
    }


FINITE_SOLVERS = _finite_solvers()


def _result_for(name: str, game: cg.NormalFormGame):
    return FINITE_SOLVERS[name][0](game)


_REFERENCE: dict[tuple[str, str], object] = {}


def _reference(solver: str, game_name: str):
    key = (solver, game_name)
    if key not in _REFERENCE:
        _REFERENCE[key] = _result_for(solver, GAMES[game_name])
    return _REFERENCE[key]


def _assert_same(reference, other):
    if isinstance(reference, list) and reference and isinstance(reference[0], tuple) \
            and all(isinstance(x, float) for x in reference[0]):
        assert len(other) == len(reference)
        np.testing.assert_allclose(np.array(other), np.array(reference), atol=2e-6, rtol=0)
    else:
        assert other == reference


#: Solvers that take a second or more per game: the default run checks them at the extreme
#: scales only, the others at four scales; the slow run checks every solver at every scale.
EXPENSIVE = {"support_enumeration_n", "nash_auto", "nash_logit", "nash_pure_and_logit", "iterated_elimination"}
DEFAULT_RUN_SCALES = (1e-12, 1e-6, 1e6, 1e12)


def _solver_scale_params(scales, extremes=(1e-12, 1e12)):
    def slow(solver, scale):
        return scale not in (extremes if solver in EXPENSIVE else DEFAULT_RUN_SCALES + extremes)

    return [pytest.param(solver, scale, id=f"{solver}-{scale:g}", marks=[pytest.mark.slow] if slow(solver, scale) else [])
            for solver in sorted(FINITE_SOLVERS) for scale in scales]


@pytest.mark.parametrize("game_name", sorted(GAMES))
@pytest.mark.parametrize(("solver", "scale"), _solver_scale_params(SCALES))
def test_scaling_the_payoffs_changes_nothing(solver, game_name, scale):
    reference = _reference(solver, game_name)
    _assert_same(reference, _result_for(solver, _scaled(GAMES[game_name], scale)))


@pytest.mark.parametrize("game_name", sorted(GAMES))
@pytest.mark.parametrize(("solver", "scale"), [p for p in _solver_scale_params([1e-12, 1.0, 1e12], extremes=(1.0,))
                                               if FINITE_SOLVERS[p.values[0]][1]])
def test_shifting_the_payoffs_changes_nothing(solver, game_name, scale):
    reference = _reference(solver, game_name)
    _assert_same(reference, _result_for(solver, _scaled(GAMES[game_name], scale, shift=SHIFT)))


@pytest.mark.parametrize("scale", SCALES)
def test_verify_threshold_and_verdict_scale_with_the_unit(scale):
    base = cg.games.battle_of_the_sexes()
    game = _scaled(base, scale)
    eq = cg.verify(game, ([0.6, 0.4], [0.4, 0.6]), method="test")
    assert eq.tol == pytest.approx(DEFAULT_TOL * 3.0 * scale, rel=1e-12)
    np.testing.assert_allclose(eq.payoffs, np.array([1.2, 1.2]) * scale, rtol=1e-9)
    with pytest.raises(cg.errors.VerificationError):
        cg.verify(game, (0, 1), method="test")
    # a deviation gain of 1e-6 of the range is refused at tol=1e-9 and accepted at tol=1e-5, at any unit
    near = ([0.6 + 1e-6, 0.4 - 1e-6], [0.4, 0.6])
    with pytest.raises(cg.errors.VerificationError):
        cg.verify(game, near, method="test", tol=1e-9)
    assert cg.verify(game, near, method="test", tol=1e-5).regret > 0


@pytest.mark.parametrize("scale", SCALES)
def test_logit_qre_at_scaled_precision_is_the_same_profile(scale):
    base = cg.games.battle_of_the_sexes()
    qre = cg.solvers.logit_qre(base, 0.7)
    scaled = cg.solvers.logit_qre(_scaled(base, scale, shift=SHIFT), 0.7 / scale)
    for s, t in zip(qre.strategies, scaled.strategies):
        np.testing.assert_allclose(s, t, atol=1e-9)


@pytest.mark.parametrize("scale", SCALES)
def test_regret_matching_and_logit_dynamics_are_unit_free(scale):
    base = cg.games.chicken()
    game = _scaled(base, scale)
    rm, rm_ref = (cg.solvers.regret_matching(g, num_steps=300, conditional=True, seed=3) for g in (game, base))
    assert rm.profiles.tolist() == rm_ref.profiles.tolist()
    assert rm.ce_violation == pytest.approx(rm_ref.ce_violation * scale, rel=1e-6, abs=1e-15 * scale)
    ld, ld_ref = (cg.solvers.logit_dynamics(g, beta=b, num_steps=300, seed=3) for g, b in ((game, 2.0 / scale), (base, 2.0)))
    assert ld.profiles.tolist() == ld_ref.profiles.tolist()


def test_issue_examples():
    pd = _scaled(cg.games.prisoners_dilemma(), 1e-10)
    result = cg.pure_nash(pd)
    assert result.pure_profiles() == [(1, 1)] and result.complete
    rng = np.random.default_rng(0)
    tiny = cg.NormalFormGame(rng.normal(size=(2, 4, 4)) * 1e-12)
    found = _quiet(cg.support_enumeration, tiny)
    assert len(found) == len(_quiet(cg.support_enumeration, cg.NormalFormGame(tiny.payoffs * 1e12)))
    assert all(eq.regret <= 1e-9 * tiny.payoff_range for eq in found)
    coordination = _scaled(GAMES["coordination"], 1e12)
    assert len(cg.support_enumeration(coordination)) == 3


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), shape=st.sampled_from([(2, 2), (2, 3), (3, 3), (3, 4), (4, 4)]),
       exponent=st.integers(-12, 12), shift=st.sampled_from([0.0, 1.0, -1e3]))
def test_two_player_enumerations_are_invariant_under_affine_maps(seed, shape, exponent, shift):
    base = cg.games.random_game(shape, seed=seed, integers=None)
    scale = 10.0 ** exponent
    game = _scaled(base, scale, shift=shift)
    for solve in (cg.pure_nash, cg.vertex_enumeration, lambda g: _quiet(cg.support_enumeration, g)):
        expected, got = solve(base), solve(game)
        _assert_same_equilibria(expected, got)
        assert got.complete == expected.complete


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), shape=st.sampled_from([(2, 2, 2), (3, 2, 2), (2, 2, 2, 2), (4, 4)]),
       exponent=st.integers(-12, 12))
def test_pure_nash_dominance_and_planner_are_invariant_under_scaling(seed, shape, exponent):
    base = cg.games.random_game(shape, seed=seed, integers=3)  # integer payoffs: many ties
    game = _scaled(base, 10.0 ** exponent)
    assert cg.pure_nash(game).pure_profiles() == cg.pure_nash(base).pure_profiles()
    assert [k.tolist() for k in iterated_elimination(game)[1]] == [k.tolist() for k in iterated_elimination(base)[1]]
    assert cg.social_optimum(game).profiles == cg.social_optimum(base).profiles
    assert math.isclose(cg.social_optimum(game).welfare, cg.social_optimum(base).welfare * 10.0 ** exponent,
                        rel_tol=1e-9, abs_tol=1e-300)


@pytest.mark.parametrize("scale", [1e-12, 1e12])
@pytest.mark.parametrize("game_name", ["battle_of_the_sexes", "random_4x4", "random_3x3x2"])
@pytest.mark.parametrize("method", sorted(NASH_METHODS))
def test_every_nash_method_is_unit_free(method, game_name, scale):
    base = GAMES[game_name]
    try:
        expected = _quiet(cg.nash, base, method)
    except cg.errors.UnsupportedGameError:
        with pytest.raises(cg.errors.UnsupportedGameError):
            _quiet(cg.nash, _scaled(base, scale), method)
        return
    _assert_same_equilibria(expected, _quiet(cg.nash, _scaled(base, scale, shift=SHIFT), method))


@pytest.mark.parametrize("scale", SCALES)
def test_structured_games_state_their_range(scale):
    from coordgame.games.structured import StructuredGame
    from coordgame.solvers.dynamics import best_response_equilibria
    from coordgame.solvers.structured import exhaustive_pure_nash

    def entry(c):
        def payoff(profile):
            n = sum(profile)
            return c * np.array([a * (2.0 if n == 1 else -1.0 + 1e-10) for a in profile])
        return payoff

    base = StructuredGame([[0, 1], [0, 1], [0, 1]], entry(1.0), payoff_range=3.0)
    game = StructuredGame([[0, 1], [0, 1], [0, 1]], entry(scale), payoff_range=3.0 * scale)
    assert exhaustive_pure_nash(game).profiles() == exhaustive_pure_nash(base).profiles()
    assert [game.is_nash(p) for p in np.ndindex(2, 2, 2)] == [base.is_nash(p) for p in np.ndindex(2, 2, 2)]
    found, expected = (best_response_equilibria(g, seed=0) for g in (game, base))
    assert found.profiles() == expected.profiles()
