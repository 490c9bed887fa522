"""Shapley and Banzhaf values against published answers and closed forms."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from coordgame.coop import TUGame, banzhaf_value, examples, shapley_value
from coordgame.errors import InvalidArgumentError


def test_un_security_council_shapley_shubik_index():
    # Shapley-Shubik index of the post-1965 Security Council: 421/2145 per permanent member,
    # 4/2145 per elected member (Straffin 1993, Game Theory and Strategy, ch. 11; ~0.1963).
    phi = shapley_value(examples.un_security_council())
    assert phi.method == "exact" and phi.num_samples == 0
    np.testing.assert_allclose(phi.value[:5], 421 / 2145, rtol=1e-12)
    np.testing.assert_allclose(phi.value[5:], 4 / 2145, rtol=1e-12)
    assert round(phi.value[0], 4) == 0.1963
    assert phi.verification.passed


def test_un_security_council_banzhaf_swings():
    # Banzhaf: a permanent member swings in sum_{k>=4} C(10,k) = 848 coalitions of the other 14,
    # an elected member in C(9,3) = 84 (normalised index 0.1669 / 0.0165, Straffin 1993).
    swings_p = sum(math.comb(10, k) for k in range(4, 11))
    assert swings_p == 848 and math.comb(9, 3) == 84
    b = banzhaf_value(examples.un_security_council())
    np.testing.assert_allclose(b.value[:5], 848 / 2**14)
    np.testing.assert_allclose(b.value[5:], 84 / 2**14)
    normalised = banzhaf_value(examples.un_security_council(), normalized=True).value
    assert round(normalised[0], 4) == 0.1669 and round(normalised[5], 4) == 0.0165
    assert b.verification is None  # a Banzhaf value is not efficient: nothing to verify


def test_glove_game_shapley():
    # One left glove, two right gloves: (2/3, 1/6, 1/6) (Maschler, Solan & Zamir 2013, ch. 18).
    np.testing.assert_allclose(shapley_value(examples.glove_game(1, 2)).value, [2 / 3, 1 / 6, 1 / 6])


def _airport_closed_form(costs):
    c = np.sort(np.asarray(costs, dtype=float))
    n = c.size
    steps = np.diff(np.concatenate([[0.0], c]))
    return np.array([sum(steps[j] / (n - j) for j in range(i + 1)) for i in range(n)])


@pytest.mark.parametrize("costs", [[1.0, 3.0, 6.0], [2.0, 2.0, 5.0, 9.0, 10.0], list(range(1, 9))])
def test_airport_game_shapley_is_sequential_equal_sharing(costs):
    # Littlechild & Owen (1973): each runway segment is shared equally by the planes using it.
    np.testing.assert_allclose(shapley_value(examples.airport_game(costs)).value, _airport_closed_form(costs))


def test_weighted_majority_game_small_closed_form():
    # [3; 2, 1, 1]: player 0 is pivotal in 4 of 6 orders -> (2/3, 1/6, 1/6).
    phi = shapley_value(examples.weighted_majority_game(3, [2, 1, 1])).value
    assert [Fraction(x).limit_denominator(100) for x in phi] == [Fraction(2, 3), Fraction(1, 6), Fraction(1, 6)]


def test_sampled_shapley_within_standard_errors_of_exact():
    game = examples.airport_game([1.0, 2.0, 4.0, 4.5, 7.0, 9.0, 12.0])
    exact = shapley_value(game).value
    est = shapley_value(game, method="sampling", num_samples=3000, seed=1)
    assert est.method == "sampling" and est.num_samples == 3000
    assert np.all(np.abs(est.value - exact) <= 4 * est.std_error + 1e-12)
    assert abs(est.value.sum() - game.grand_value) <= 1e-9 * game.payoff_range  # exactly efficient
    assert est.verification.passed


def test_sampled_standard_errors_shrink_like_one_over_root_m():
    game = examples.un_security_council()  # permanent members: pivotal often enough for 500 orders
    small = shapley_value(game, method="sampling", num_samples=500, seed=2).std_error[:5]
    large = shapley_value(game, method="sampling", num_samples=8000, seed=2).std_error[:5]
    np.testing.assert_allclose(large / small, 0.25, rtol=0.2)


def test_sampled_banzhaf_within_standard_errors_of_exact():
    game = examples.un_security_council()
    exact = banzhaf_value(game).value
    est = banzhaf_value(game, method="sampling", num_samples=4000, seed=3)
    assert np.all(np.abs(est.value - exact) <= 4 * est.std_error + 1e-12)


def test_callable_game_matches_array_game_and_samples_beyond_twenty():
    weights = np.arange(1, 9, dtype=float)
    array = TUGame(np.array([sum(weights[i] for i in range(8) if m >> i & 1) for m in range(256)]) ** 2)
    fn = TUGame.from_function(lambda s: sum(weights[i] for i in s) ** 2, 8)
    np.testing.assert_allclose(shapley_value(fn).value, shapley_value(array).value)
    # v(S) = w(S)^2 has Shapley value phi_i = w_i * w(N) (each pair term shared equally).
    np.testing.assert_allclose(shapley_value(array).value, weights * weights.sum())
    big_w = np.linspace(0.5, 1.5, 30)
    big = TUGame.from_function(lambda s: float(sum(big_w[list(s)])) ** 2, 30)
    est = shapley_value(big, num_samples=200)
    assert est.method == "sampling"
    np.testing.assert_allclose(est.value, big_w * big_w.sum(), atol=5 * est.max_std_error + 1e-9)


def test_bad_arguments():
    with pytest.raises(InvalidArgumentError, match="method"):
        shapley_value(examples.glove_game(1, 1), method="monte_carlo")
    with pytest.raises(InvalidArgumentError, match="num_samples"):
        shapley_value(examples.glove_game(1, 1), method="sampling", num_samples=1)
    big = TUGame.from_function(len, 21)
    with pytest.raises(InvalidArgumentError, match="sampling"):
        shapley_value(big, method="exact")
