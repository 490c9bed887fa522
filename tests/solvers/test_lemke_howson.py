"""Lemke–Howson: published games, degeneracy, exact arithmetic, errors, the numba/numpy paths.

References: von Stengel, "Computing equilibria for two-person games", Handbook of Game Theory
vol. 3 (2002), ch. 45, and "Equilibrium computation for two-player games in strategic and
extensive form", Algorithmic Game Theory (2007), ch. 3 (the 3x2 example and its degenerate
variant); Shapley (1974) for the index of Lemke–Howson endpoints.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import warnings
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coordgame as cg
from coordgame.solvers import _lemke_howson_numba
from tests.conftest import needs_numba

LH = importlib.import_module("coordgame.solvers.lemke_howson")
TABLEAU = importlib.import_module("coordgame.solvers._lemke_howson_tableau")  # the pivoting functions

# von Stengel's 3x2 example game (Handbook 2002; AGT 2007, ch. 3) and its degenerate variant.
VS_A = [[3, 3], [2, 5], [0, 6]]
VS_B = [[3, 2], [2, 6], [3, 1]]
VS_B_DEGENERATE = [[3, 3], [2, 6], [3, 1]]
VS_EQUILIBRIA = [
    ((F(1), F(0), F(0)), (F(1), F(0))),
    ((F(4, 5), F(1, 5), F(0)), (F(2, 3), F(1, 3))),
    ((F(0), F(1, 3), F(2, 3)), (F(1, 3), F(2, 3))),
]

# A small-integer 4x3 game (found by a search over random {0,1,2} games) on which the path of label 0
# cycles when ratio ties are broken by taking the last tied row instead of lexicographically.
CYCLING_A = [[2, 1, 0], [1, 0, 2], [2, 2, 1], [1, 1, 0]]
CYCLING_B = [[2, 2, 2], [2, 0, 1], [2, 0, 0], [2, 1, 1]]


def exact_endpoint(game, label):
    return cg.lemke_howson(game, label, exact=True).exact


def exact_regrets(game, exact):
    """Both players' regrets at an exact profile, in rational arithmetic (payoffs are integers here)."""
    A, B = ([[F(int(v)) for v in row] for row in game.payoffs[i]] for i in range(2))
    x, y = exact
    row_values = [sum(a * q for a, q in zip(row, y)) for row in A]
    col_values = [sum(B[i][j] * x[i] for i in range(len(x))) for j in range(len(y))]
    return (max(row_values) - sum(v * p for v, p in zip(row_values, x)),
            max(col_values) - sum(v * q for v, q in zip(col_values, y)))


def contains(equilibria, strategies, atol=1e-9):
    return any(all(np.allclose(s, t, atol=atol) for s, t in zip(eq.strategies, strategies)) for eq in equilibria)


# --- published answers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "mixed"),
    [
        # Battle of the sexes [[3,0],[0,2]] / [[2,0],[0,3]]: the mixed equilibrium is ((3/5, 2/5), (2/5, 3/5)).
        (cg.games.battle_of_the_sexes, ((0.6, 0.4), (0.4, 0.6))),
        # Stag hunt [[4,0],[3,2]] (symmetric): each player hunts the stag with probability 2/3.
        (cg.games.stag_hunt, ((2 / 3, 1 / 3), (2 / 3, 1 / 3))),
    ],
)
def test_coordination_games_reach_only_pure_equilibria(make, mixed):
    game = make()
    found = cg.solvers.lemke_howson_all(game)
    assert sorted(found.pure_profiles()) == [(0, 0), (1, 1)]
    assert len(found) == 2
    # The mixed equilibrium has index -1: no Lemke-Howson path from the artificial equilibrium ends there.
    assert game.is_nash(mixed)
    assert not contains(found, mixed, atol=1e-3)
    assert found.complete is False and any("index +1" in note for note in found.notes)
    # Label k and its partner reach the equilibrium where action k is played.
    assert [cg.lemke_howson(game, k).pure_profile for k in range(4)] == [(0, 0), (1, 1), (0, 0), (1, 1)]


@pytest.mark.parametrize("make", [cg.games.battle_of_the_sexes, cg.games.stag_hunt])
def test_recursive_search_reaches_the_mixed_equilibrium(make):
    found = cg.solvers.lemke_howson_all(make(), recursive=True, exact=True)
    assert len(found) == 3
    assert sum(not eq.is_pure for eq in found) == 1
    assert found.parameters["labels"][2] == []  # reached from an equilibrium, not from the artificial one


def test_von_stengel_3x2_paths():
    game = cg.NormalFormGame.from_bimatrix(VS_A, VS_B)
    # Labels 0, 2, 3 lead to the pure equilibrium, labels 1 and 4 to ((0, 1/3, 2/3), (1/3, 2/3));
    # the middle equilibrium ((4/5, 1/5, 0), (2/3, 1/3)) has index -1 and ends no path.
    ends = [exact_endpoint(game, k) for k in range(5)]
    assert ends == [VS_EQUILIBRIA[0], VS_EQUILIBRIA[2], VS_EQUILIBRIA[0], VS_EQUILIBRIA[0], VS_EQUILIBRIA[2]]
    # Dropping label 1 (player 1's second action) takes 4 pivots (QuantEcon's documented run).
    A, B = LH._matrices(game, exact=False)
    state = LH._Tableaux.initial(A, B)
    assert LH._run(state, 1, None) == 4
    # The recursive search from the two endpoints finds the index -1 equilibrium as well.
    found = cg.solvers.lemke_howson_all(game, recursive=True, exact=True)
    assert sorted(eq.exact for eq in found) == sorted(VS_EQUILIBRIA)


def test_von_stengel_degenerate_game_terminates_at_an_extreme_equilibrium():
    # Against player 1's top row player 2 is indifferent: the equilibria are the segment
    # (1,0,0) x {y : y_1 <= 1/3} and ((0, 1/3, 2/3), (1/3, 2/3)); ties in the ratio test occur.
    game = cg.NormalFormGame.from_bimatrix(VS_A, VS_B_DEGENERATE)
    for k in range(5):
        exact = exact_endpoint(game, k)
        float_eq = cg.lemke_howson(game, k)
        assert exact == ((F(0), F(1, 3), F(2, 3)), (F(1, 3), F(2, 3)))
        assert all(np.allclose(s, [float(p) for p in e]) for s, e in zip(float_eq.strategies, exact))


def naive_ratio_row(D, c, pos, slack_start, num_slack, tol_piv, tol_tie):
    """Minimum-ratio test that breaks ties by taking the last tied row (no lexicographic rule)."""
    col = D[:, c]
    rows = np.flatnonzero(col > tol_piv)
    ratios = D[rows, -1] / col[rows]
    return rows[np.flatnonzero(ratios <= ratios.min() + 1e-12)[-1]]


def bases_visited(game, label, pivots):
    """The pair of bases after each of the first ``pivots`` pivots of the path of ``label``."""
    A, B = LH._matrices(game, exact=False)
    keys = []
    for t in range(1, pivots + 1):
        state = LH._Tableaux.initial(A, B)
        status, _ = TABLEAU._complementary_path(*state.buffers(), label, t, LH.PIVOT_TOL, LH.TIE_TOL)
        if status == TABLEAU._CONVERGED:
            return keys, True
        keys.append(state.key())
    return keys, False


def test_naive_tie_breaking_cycles_where_lexicographic_pivoting_terminates(monkeypatch):
    game = cg.NormalFormGame.from_bimatrix(CYCLING_A, CYCLING_B)
    with monkeypatch.context() as patch:
        patch.setattr(TABLEAU, "_ratio_row", naive_ratio_row)
        keys, converged = bases_visited(game, 0, 40)
    # A deterministic rule that revisits a pair of bases loops for ever.
    assert not converged and len(set(keys)) < len(keys)
    keys, converged = bases_visited(game, 0, 40)
    assert converged and len(set(keys)) == len(keys)
    eq = cg.lemke_howson(game, 0, exact=True)
    assert exact_regrets(game, eq.exact) == (0, 0)


# --- exact and float modes ------------------------------------------------------------------------


small_integer_games = st.tuples(st.integers(2, 4), st.integers(2, 4), st.integers(2, 6), st.integers(0, 2**32 - 1)).map(
    lambda t: cg.games.random_game((t[0], t[1]), seed=t[3], integers=t[2])
)


@settings(max_examples=40, deadline=None)
@given(game=small_integer_games, label=st.integers(0, 7))
def test_exact_and_float_modes_agree(game, label):
    label %= sum(game.num_actions)
    exact = cg.lemke_howson(game, label, exact=True)
    floating = cg.lemke_howson(game, label, backend="numpy")
    assert exact_regrets(game, exact.exact) == (0, 0)
    assert all(np.allclose(s, t, atol=1e-9) for s, t in zip(exact.strategies, floating.strategies))


@settings(max_examples=40, deadline=None)
@given(
    shape=st.tuples(st.integers(1, 7), st.integers(1, 7)),
    seed=st.integers(0, 2**32 - 1),
    label=st.integers(0, 13),
    scale=st.sampled_from([1e-3, 1.0, 1e4]),
)
def test_regret_is_within_tolerance(shape, seed, label, scale):
    payoffs = cg.games.random_game(shape, seed=seed).payoffs * scale - scale / 2
    game = cg.NormalFormGame(payoffs)
    label %= sum(shape)
    eq = cg.lemke_howson(game, label, tol=1e-9)
    assert game.max_regret(eq.strategies) <= 1e-9 * game.payoff_range
    assert eq.method == "lemke_howson" and eq.regret <= eq.tol


def test_exact_result_carries_fractions():
    game = cg.games.battle_of_the_sexes()
    found = cg.solvers.lemke_howson_all(game, exact=True, recursive=True)
    mixed = next(eq for eq in found if not eq.is_pure)
    assert mixed.exact == ((F(3, 5), F(2, 5)), (F(2, 5), F(3, 5)))
    assert mixed.to_dict()["exact"] == [["3/5", "2/5"], ["2/5", "3/5"]]


def test_non_integer_payoffs_in_exact_mode_are_read_as_written():
    game = cg.NormalFormGame.from_bimatrix([[0.1, 0.0], [0.0, 0.2]], [[0.2, 0.0], [0.0, 0.1]])
    eq = cg.lemke_howson(game, 0, exact=True)
    assert eq.pure_profile == (0, 0) and eq.exact[0] == (F(1), F(0))
    # 0.1 is 1/10 (not the binary fraction stored), so the endpoints have small denominators and
    # are vertex enumeration's exact equilibria of the same game.
    game = cg.NormalFormGame.from_bimatrix([[0.3, 0.1], [0.0, 0.2]], [[0.2, 0.0], [0.1, 0.3]])
    extreme = {eq.exact for eq in cg.vertex_enumeration(game, exact=True)}
    assert {eq.exact for eq in cg.solvers.lemke_howson_all(game, exact=True, recursive=True)} == extreme
    assert ((F(1, 2), F(1, 2)), (F(1, 4), F(3, 4))) in extreme


# --- the compiled path -------------------------------------------------------------------------------


@needs_numba
@pytest.mark.parametrize("seed", range(12))
def test_numba_and_numpy_paths_agree(seed):
    m, n = 2 + seed % 5, 3 + seed % 4
    game = cg.games.random_game((m, n), seed=seed, integers=None if seed % 2 else 3)
    A, B = LH._matrices(game, exact=False)
    compiled, _ = _lemke_howson_numba.compiled_kernels()
    for label in range(m + n):
        ends = []
        for path in (None, compiled):
            state = LH._Tableaux.initial(A, B)
            pivots = LH._run(state, label, None, path)
            ends.append((pivots, state.key(), *state.unnormalised()))
        assert ends[0][:2] == ends[1][:2]
        assert np.allclose(ends[0][2], ends[1][2]) and np.allclose(ends[0][3], ends[1][3])
        a = cg.lemke_howson(game, label, backend="numpy")
        b = cg.lemke_howson(game, label, backend="numba")
        assert all(np.allclose(s, t) for s, t in zip(a.strategies, b.strategies))


def run_path(game, label, exact, loop_forms):
    """Pivots, bases and tableau values at the end of a path, run uncompiled with the array or the loop forms."""
    with pytest.MonkeyPatch.context() as patch:
        if loop_forms:
            patch.setattr(TABLEAU, "_pivot", TABLEAU._pivot_loop)
            patch.setattr(TABLEAU, "_ratio_row", TABLEAU._ratio_row_loop)
        state = LH._Tableaux.initial(*LH._matrices(game, exact=exact))
        pivots = LH._run(state, label, None)
    return pivots, state.key(), state.values


@pytest.mark.parametrize(
    ("A", "B"), [(CYCLING_A, CYCLING_B), (VS_A, VS_B_DEGENERATE), ([[1, 1, 0], [1, 1, 1]], [[1, 1, 1], [0, 1, 1]])]
)
def test_loop_forms_of_the_pivoting_steps_equal_the_array_forms_exactly(A, B):
    # The compiled path runs _pivot_loop and _ratio_row_loop; run here uncompiled on Fractions (ties
    # are exact, so the lexicographic rule decides), they must take the same pivots to the same tableau.
    game = cg.NormalFormGame.from_bimatrix(A, B)
    for label in range(sum(game.num_actions)):
        arrays = run_path(game, label, True, False)
        loops = run_path(game, label, True, True)
        assert arrays[:2] == loops[:2] and arrays[2].tolist() == loops[2].tolist()


@settings(max_examples=30, deadline=None)
@given(game=small_integer_games, label=st.integers(0, 7))
def test_loop_forms_equal_the_array_forms_in_floating_point(game, label):
    label %= sum(game.num_actions)
    arrays = run_path(game, label, False, False)
    loops = run_path(game, label, False, True)
    assert arrays[:2] == loops[:2] and np.allclose(arrays[2], loops[2], rtol=0, atol=1e-12)


@pytest.mark.parametrize("seed", range(6))
def test_endpoint_loop_reads_the_profile_and_its_action_values(seed):
    game = cg.games.random_game((4 + seed, 7 - seed), seed=seed)
    A, B = game.payoffs
    for label in range(11):
        state = LH._Tableaux.initial(*LH._matrices(game, exact=False))
        LH._run(state, label, None)
        x, y = (v / v.sum() for v in state.unnormalised())
        # uncompiled here; the compiled copy is exercised by every backend="numba" call
        got_x, got_y, row_payoff, col_payoff, row_best, col_best = TABLEAU._endpoint_loop(*state.buffers(), game.payoffs)
        assert np.allclose(got_x, x, rtol=0, atol=1e-15) and np.allclose(got_y, y, rtol=0, atol=1e-15)
        assert np.allclose([row_payoff, col_payoff], [x @ A @ y, x @ B @ y], rtol=0, atol=1e-12)
        assert np.allclose([row_best, col_best], [(A @ y).max(), (x @ B).max()], rtol=0, atol=1e-12)


@needs_numba
def test_compiled_endpoint_that_fails_verification_is_polished_and_verified(monkeypatch):
    path, endpoint = _lemke_howson_numba.compiled_kernels()

    def understated(*args):  # as if rounding had spoiled the endpoint: the row player's regret is 1
        x, y, row_payoff, *rest = endpoint(*args)
        return (x, y, row_payoff - 1.0, *rest)

    game = cg.games.random_game((15, 15), seed=7)
    expected = cg.lemke_howson(game, 3, backend="numpy")
    monkeypatch.setattr(_lemke_howson_numba, "compiled_kernels", lambda: (path, understated))
    eq = cg.lemke_howson(game, 3, backend="numba")
    assert eq.regret <= eq.tol and game.max_regret(eq.strategies) <= eq.tol
    assert all(np.allclose(s, t, rtol=0, atol=1e-12) for s, t in zip(eq.strategies, expected.strategies))


@needs_numba
@pytest.mark.parametrize("seed", range(4))
def test_compiled_results_report_their_true_payoffs_and_regret(seed):
    game = cg.games.random_game((30, 25), seed=seed)
    A, B = game.payoffs
    for label in (0, 7, 30, 54):
        eq = cg.lemke_howson(game, label, backend="numba")
        x, y = eq.strategies
        assert np.allclose(eq.payoffs, [x @ A @ y, x @ B @ y], rtol=0, atol=1e-12)
        assert abs(eq.regret - game.max_regret(eq.strategies)) <= 1e-12 and eq.regret <= eq.tol
        assert np.isclose(x.sum(), 1, rtol=0, atol=1e-12) and x.min() >= 0 and np.isclose(y.sum(), 1) and y.min() >= 0


def test_without_numba_auto_uses_numpy_and_numba_backend_says_what_is_missing(monkeypatch):
    monkeypatch.setattr(_lemke_howson_numba, "compiled_kernels", lambda: None)
    game = cg.games.random_game((40, 40), seed=3)
    assert cg.lemke_howson(game, 5, backend="auto").regret <= 1e-9
    with pytest.raises(cg.errors.MissingDependencyError, match="numba"):
        cg.lemke_howson(game, 5, backend="numba")


def test_import_coordgame_does_not_import_numba():
    code = "import sys, coordgame; print('numba' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- verification and budgets ------------------------------------------------------------------------


def spoil_float_endpoints(monkeypatch):
    """Make every float endpoint (raw and polished) wrong, as numerical breakdown would."""
    original = LH._Tableaux.unnormalised

    def spoiled(self):
        x, y = original(self)
        if x.dtype == object:
            return x, y
        return x[::-1].copy(), y

    monkeypatch.setattr(LH._Tableaux, "unnormalised", spoiled)
    monkeypatch.setattr(LH, "_polished", lambda state, A, B: spoiled(state))


def test_failed_float_verification_is_rerun_exactly_on_small_games(monkeypatch):
    spoil_float_endpoints(monkeypatch)
    game = cg.NormalFormGame.from_bimatrix(VS_A, VS_B)
    eq = cg.lemke_howson(game, 1, backend="numpy")  # spoiled above: the compiled endpoint is not
    assert eq.exact == VS_EQUILIBRIA[2]


def test_failed_float_verification_raises_on_large_games(monkeypatch):
    spoil_float_endpoints(monkeypatch)
    game = cg.games.random_game((25, 25), seed=1)
    with pytest.raises(cg.errors.VerificationError):
        cg.lemke_howson(game, 0, backend="numpy")


@pytest.mark.parametrize("backend", ["numpy", pytest.param("numba", marks=needs_numba)])
def test_recursive_search_goes_on_exactly_from_endpoints_re_solved_exactly(backend, monkeypatch):
    spoil_float_endpoints(monkeypatch)
    if backend == "numba":  # the numpy path compiles nothing, so only the compiled endpoints need spoiling
        path, endpoint = _lemke_howson_numba.compiled_kernels()
        monkeypatch.setattr(_lemke_howson_numba, "compiled_kernels",
                            lambda: (path, lambda *args: (*endpoint(*args)[:2], -1.0, -1.0, 0.0, 0.0)))
    game = cg.NormalFormGame.from_bimatrix(VS_A, VS_B)
    found = cg.solvers.lemke_howson_all(game, recursive=True, backend=backend)
    # every float endpoint failed, so every equilibrium came from (and was continued in) exact arithmetic
    assert sorted(eq.exact for eq in found) == sorted(VS_EQUILIBRIA)
    assert all(s.dtype == np.float64 and eq.regret <= eq.tol for eq in found for s in eq.strategies)


def test_polishing_recovers_a_drifted_endpoint(monkeypatch):
    game = cg.games.random_game((6, 5), seed=4)
    original = LH._Tableaux.unnormalised
    def drifted(self):
        return tuple(v * (1 + 1e-3 * np.arange(v.size)) for v in original(self))

    monkeypatch.setattr(LH._Tableaux, "unnormalised", drifted)
    eq = cg.lemke_howson(game, 2)
    assert eq.exact is None and eq.regret <= eq.tol


def test_endpoint_with_zero_weights_is_polished_without_a_warning(monkeypatch):
    # A float endpoint whose row weights all rounded to zero is refused by the check itself (not by a
    # RuntimeWarning, which pytest's configuration and -W error turn into an exception), then polished.
    game = cg.games.random_game((6, 5), seed=4)
    expected = cg.lemke_howson(game, 2, backend="numpy")
    original = LH._Tableaux.unnormalised
    monkeypatch.setattr(LH._Tableaux, "unnormalised", lambda self: (np.zeros(self.m), original(self)[1]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        eq = cg.lemke_howson(game, 2, backend="numpy")
    assert eq.exact is None and eq.regret <= eq.tol
    assert all(np.allclose(s, t, rtol=0, atol=1e-12) for s, t in zip(eq.strategies, expected.strategies))


def test_tableaux_say_whether_they_are_exact_and_the_payoff_copy_is_made_once_when_needed():
    game = cg.games.random_game((6, 5), seed=2)
    assert LH._start(game, exact=True).tableaux().exact
    start = LH._start(game, exact=False)
    assert not start.tableaux().exact and start._payoffs is None  # the numpy path never needs the copy
    copy = start.payoffs
    assert copy.flags.writeable and np.array_equal(copy, game.payoffs) and start.payoffs is copy


def test_max_pivots_exceeded_raises_convergence_error():
    game = cg.NormalFormGame.from_bimatrix(VS_A, VS_B)
    with pytest.raises(cg.errors.ConvergenceError, match="max_pivots"):
        cg.lemke_howson(game, 1, max_pivots=3)
    assert cg.lemke_howson(game, 1, max_pivots=4).regret <= 1e-12


# --- errors --------------------------------------------------------------------------------------------


def test_three_players_are_unsupported():
    game = cg.games.random_game((2, 2, 2), seed=0)
    with pytest.raises(cg.errors.UnsupportedGameError, match="two-player"):
        cg.lemke_howson(game)
    with pytest.raises(cg.errors.UnsupportedGameError, match="two-player"):
        cg.solvers.lemke_howson_all(game)


@pytest.mark.parametrize("label", [-1, 5, 2.0, True, "0", None])
def test_bad_initial_label(label):
    game = cg.NormalFormGame.from_bimatrix(VS_A, VS_B)
    with pytest.raises(cg.errors.InvalidArgumentError, match="initial_label"):
        cg.lemke_howson(game, label)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [({"tol": 0}, "tol"), ({"tol": -1e-9}, "tol"), ({"max_pivots": 0}, "max_pivots"),
     ({"max_pivots": 2.5}, "max_pivots"), ({"backend": "cuda"}, "backend")],
)
def test_bad_options(kwargs, name):
    game = cg.games.stag_hunt()
    with pytest.raises(cg.errors.InvalidArgumentError, match=name):
        cg.lemke_howson(game, **kwargs)
    with pytest.raises(cg.errors.InvalidArgumentError, match=name):
        cg.solvers.lemke_howson_all(game, **kwargs)


def test_not_a_game():
    with pytest.raises(cg.errors.InvalidArgumentError, match="game"):
        cg.lemke_howson([[1, 0], [0, 1]])


# --- the set of equilibria ------------------------------------------------------------------------------


def test_lemke_howson_all_records_labels_and_dedupes():
    game = cg.NormalFormGame.from_bimatrix(VS_A, VS_B)
    found = cg.solvers.lemke_howson_all(game)
    assert len(found) == 2 and found.method == "lemke_howson_all" and not found.complete
    assert sorted(map(sorted, found.parameters["labels"])) == [[0, 2, 3], [1, 4]]
    frame = found.to_frame()
    assert len(frame) == 2


def test_nash_dispatches_to_lemke_howson():
    game = cg.NormalFormGame.from_bimatrix(VS_A, VS_B)
    result = cg.nash(game, method="lemke_howson", initial_label=1)
    assert result[0].pure_profile is None and result.method == "lemke_howson"
    assert len(cg.nash(game, method="lemke_howson_all")) == 2


def test_one_action_players():
    game = cg.NormalFormGame.from_bimatrix([[1.0, 2.0]], [[0.0, 5.0]])
    assert [cg.lemke_howson(game, k).pure_profile for k in range(3)] == [(0, 1)] * 3


@pytest.mark.parametrize("scale", [1e-14, 1e14])
def test_tiny_and_huge_payoffs(scale):
    # Positive payoffs are not shifted; scaling them to a largest entry of 1 keeps the tolerances meaningful.
    game = cg.NormalFormGame(cg.games.random_game((5, 4), seed=2).payoffs * scale + scale)
    for label in range(9):
        eq = cg.lemke_howson(game, label, backend="numpy")
        assert game.max_regret(eq.strategies) <= 1e-9 * game.payoff_range


def test_preprocessing_cache_is_per_game_and_bounded():
    """Cached preprocessing never leaks between games, and the cache keeps only a few games."""
    games = [cg.games.random_game((6, 5), seed=s) for s in range(LH._CACHE_SIZE + 3)]
    first = [cg.lemke_howson(g, 3, backend="numpy").strategies for g in games]
    again = [cg.lemke_howson(g, 3, backend="numpy").strategies for g in reversed(games)][::-1]
    for s, t in zip(first, again):
        assert all(np.array_equal(a, b) for a, b in zip(s, t))
    assert len(LH._CACHE) <= LH._CACHE_SIZE
    # The most recently used games (the first ones, solved last) are the ones kept, each under its own id.
    assert set(LH._CACHE) == {id(g) for g in games[: LH._CACHE_SIZE]}
    assert all(LH._CACHE[id(g)][0] is g for g in games[: LH._CACHE_SIZE])
    uncached = LH._Start(*LH._matrices(games[0], exact=False)).tableaux()
    LH._run(uncached, 3, None)
    x, _ = uncached.unnormalised()
    np.testing.assert_array_equal(x / x.sum(), first[0][0])

