"""Property tests of the Shapley and Banzhaf axioms, and of the core relations, on random games."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from coordgame.coop import TUGame, banzhaf_value, core_check, least_core, nucleolus, shapley_value
from coordgame.coop.tu_game import coalition_sums, popcounts

values = st.floats(-10, 10, allow_nan=False, allow_infinity=False)


@st.composite
def tu_games(draw, min_players=1, max_players=5):
    n = draw(st.integers(min_players, max_players))
    v = draw(st.lists(values, min_size=2**n - 1, max_size=2**n - 1))
    return TUGame([0.0, *v])


@st.composite
def convex_games(draw, max_players=5):
    """Convex games as positive combinations of unanimity games u_T(S) = 1[T subset S] (each convex)."""
    n = draw(st.integers(2, max_players))
    masks = np.arange(2**n)
    v = np.zeros(2**n)
    for _ in range(draw(st.integers(1, 6))):
        t = draw(st.integers(1, 2**n - 1))
        v += draw(st.floats(0.1, 5)) * ((masks & t) == t)
    v += coalition_sums(draw(st.lists(values, min_size=n, max_size=n)))  # plus an additive game
    return TUGame(v)


@settings(max_examples=60, deadline=None)
@given(tu_games())
def test_shapley_efficiency(game):
    phi = shapley_value(game)
    assert abs(phi.value.sum() - game.grand_value) <= 1e-9 * game.payoff_range
    assert phi.verification.passed


@settings(max_examples=40, deadline=None)
@given(tu_games(2, 5), st.data())
def test_symmetry_and_null_player(game, data):
    n = game.num_players
    i, j = data.draw(st.sampled_from([(a, b) for a in range(n) for b in range(a + 1, n)]))
    masks = np.arange(2**n)
    # Make i and j symmetric: v(S + i) = v(S + j) for S without both, by copying.
    v = game.values.copy()
    swap = masks ^ ((((masks >> i) ^ (masks >> j)) & 1) * ((1 << i) | (1 << j)))
    v = (v + v[swap]) / 2
    sym = TUGame(v)
    for value in (shapley_value(sym).value, banzhaf_value(sym).value):
        assert abs(value[i] - value[j]) <= 1e-9 * sym.payoff_range
    # Make player k null: v(S + k) = v(S).
    k = data.draw(st.integers(0, n - 1))
    null = v.copy()
    null[masks >> k & 1 == 1] = null[(masks & ~(1 << k))[masks >> k & 1 == 1]]
    null_game = TUGame(null)
    assert abs(shapley_value(null_game).value[k]) <= 1e-9 * null_game.payoff_range
    assert abs(banzhaf_value(null_game).value[k]) <= 1e-9 * null_game.payoff_range


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 5).flatmap(lambda n: st.tuples(*(st.lists(values, min_size=2**n - 1, max_size=2**n - 1)
                                                         for _ in range(2)))))
def test_additivity(pair):
    a, b = TUGame([0.0, *pair[0]]), TUGame([0.0, *pair[1]])
    total = a + b
    scale = total.payoff_range + a.payoff_range + b.payoff_range
    for value in (shapley_value, banzhaf_value):
        np.testing.assert_allclose(value(total).value, value(a).value + value(b).value, atol=1e-9 * scale)


@settings(max_examples=25, deadline=None)
@given(convex_games())
def test_convex_game_shapley_in_core_and_nucleolus_in_core(game):
    # Shapley (1971): a convex game's core contains its Shapley value.
    assert game.is_convex()
    assert core_check(game, shapley_value(game).value, tol=1e-8).in_core
    lc = least_core(game)
    assert lc.epsilon <= 1e-8 * game.payoff_range and not lc.core_empty
    nu = nucleolus(game)
    assert core_check(game, nu.allocation, tol=1e-7).in_core
    assert nu.verification.passed


@settings(max_examples=25, deadline=None)
@given(tu_games(2, 5))
def test_least_core_and_nucleolus_relations(game):
    lc = least_core(game)
    assert lc.verification.passed
    # The least core's epsilon is the smallest for which the epsilon-core is non-empty.
    assert core_check(game, lc.allocation, epsilon=lc.epsilon, tol=1e-7).in_core
    pre = nucleolus(game, prenucleolus=True)
    assert abs(pre.levels[0] - lc.epsilon) <= 1e-7 * game.payoff_range  # level 1 is the least core
    assert pre.verification.passed
    if lc.core_empty:  # the balanced collection certifies emptiness (Bondareva-Shapley)
        rows = np.array([[1.0 if str(i) in c else 0.0 for i in range(game.num_players)]
                         for c in lc.balanced_collection])
        np.testing.assert_allclose(lc.balancing_weights @ rows, 1.0, atol=1e-7)
        assert lc.balanced_surplus > 0
    else:  # the (pre)nucleolus lies in a non-empty core
        assert core_check(game, pre.allocation, tol=1e-7).in_core


def test_popcounts_and_sums_agree_with_a_loop():
    for m in range(32):
        assert popcounts(5)[m] == bin(m).count("1")
    x = np.array([1.0, 2.0, 4.0, 8.0, 16.0])
    assert coalition_sums(x).tolist() == [float(m) for m in range(32)]
