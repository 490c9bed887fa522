"""Nash and Kalai-Smorodinsky bargaining: closed forms, a hull example, and the two methods agreeing."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coordgame.coop import LinearFrontier, kalai_smorodinsky, nash_bargaining
from coordgame.errors import InfeasibleError, InvalidArgumentError


def test_hull_method_agrees_with_the_closed_form_on_one_problem():
    # The fast twin of the property test below: a 3-player linear frontier written as a hull.
    a, d = np.array([1.0, 2.0, 0.5]), np.array([0.1, -0.2, 0.3])
    surplus = 2.0
    points = np.vstack([d, d + np.diag(surplus / a)])
    frontier = LinearFrontier(a, float(a @ d) + surplus)
    np.testing.assert_allclose(nash_bargaining(points, d).payoffs, nash_bargaining(frontier, d).payoffs, atol=1e-6)
    np.testing.assert_allclose(kalai_smorodinsky(points, d).payoffs, kalai_smorodinsky(frontier, d).payoffs, atol=1e-8)


def test_split_the_dollar():
    # Nash (1950): symmetric problem, equal split of the surplus over the disagreement point.
    sol = nash_bargaining(LinearFrontier.transferable(1.0, 2), [0.0, 0.0])
    np.testing.assert_allclose(sol.payoffs, [0.5, 0.5])
    assert sol.method == "closed_form" and sol.verification.passed


def test_asymmetric_nash_gives_shares_proportional_to_powers():
    # Asymmetric Nash solution (Kalai 1977; Osborne & Rubinstein 1990, Bargaining and Markets,
    # ch. 2): with a transferable surplus, player i gets d_i + w_i / sum(w) * (c - sum d).
    sol = nash_bargaining(LinearFrontier.transferable(10.0, 3), [1.0, 2.0, 0.0], bargaining_powers=[1, 2, 3])
    np.testing.assert_allclose(sol.payoffs, [1 + 7 / 6, 2 + 14 / 6, 21 / 6])


def test_kalai_smorodinsky_monotonicity_example():
    # Kalai & Smorodinsky (1975): F = conv{(0,0),(1,0),(0,1),(1,0.7)} contains
    # F' = conv{(0,0),(1,0),(0,1),(3/4,3/4)} with the same ideal point (1,1), yet Nash gives
    # player 2 less on F (0.7 at the corner (1, 0.7)) than on F' (3/4); KS gives 10/13 > 3/4.
    big = [[0, 0], [1, 0], [0, 1], [1, 0.7]]
    small = [[0, 0], [1, 0], [0, 1], [0.75, 0.75]]
    np.testing.assert_allclose(nash_bargaining(big, [0, 0]).payoffs, [1.0, 0.7], atol=1e-6)
    np.testing.assert_allclose(nash_bargaining(small, [0, 0]).payoffs, [0.75, 0.75], atol=1e-6)
    ks_big, ks_small = kalai_smorodinsky(big, [0, 0]), kalai_smorodinsky(small, [0, 0])
    np.testing.assert_allclose(ks_big.payoffs, [10 / 13, 10 / 13], atol=1e-9)
    np.testing.assert_allclose(ks_small.payoffs, [0.75, 0.75], atol=1e-9)
    np.testing.assert_allclose(ks_big.ideal, ks_small.ideal)
    assert all(s.verification.passed for s in (ks_big, ks_small))


@pytest.mark.slow
@settings(max_examples=25, deadline=None)
@given(st.integers(2, 4).flatmap(lambda n: st.tuples(
    st.lists(st.floats(0.2, 3), min_size=n, max_size=n),
    st.lists(st.floats(-2, 2), min_size=n, max_size=n),
    st.floats(1, 10))))
def test_hull_method_agrees_with_the_closed_form(problem):
    # A linear frontier a.u <= c is the hull of the points d + (c - a.d)/a_i e_i and d (with
    # free disposal): both solutions of the convex-programme path equal the closed forms.
    a, d, surplus = np.asarray(problem[0], dtype=float), np.asarray(problem[1], dtype=float), problem[2]
    c = float(a @ d) + surplus
    frontier = LinearFrontier(a, c)
    points = np.vstack([d, d + np.diag(surplus / a)])
    closed_nash, closed_ks = nash_bargaining(frontier, d), kalai_smorodinsky(frontier, d)
    np.testing.assert_allclose(nash_bargaining(points, d).payoffs, closed_nash.payoffs, atol=1e-5 * surplus / a.min())
    np.testing.assert_allclose(kalai_smorodinsky(points, d).payoffs, closed_ks.payoffs, atol=1e-7 * surplus / a.min())
    # With equal powers and a linear frontier the two solutions coincide.
    np.testing.assert_allclose(closed_nash.payoffs, closed_ks.payoffs)


def test_three_player_hull_nash_tangent_condition():
    rng = np.random.default_rng(0)
    points = rng.uniform(0, 1, (20, 3))
    sol = nash_bargaining(points, [0.05, 0.05, 0.05])
    assert sol.method == "convex_program" and sol.verification.passed
    # No point of the hull has a larger Nash product.
    lam = rng.dirichlet(np.ones(20), 2000)
    products = np.prod(lam @ points - 0.05, axis=1, where=(lam @ points > 0.05).all(axis=1, keepdims=True))
    assert np.prod(sol.payoffs - 0.05) >= products.max() - 1e-6


def test_bad_inputs():
    with pytest.raises(InfeasibleError, match="disagreement"):
        nash_bargaining(LinearFrontier.transferable(1.0, 2), [1.0, 1.0])
    with pytest.raises(InfeasibleError, match="disagreement"):
        kalai_smorodinsky([[0, 0], [1, 0]], [0, 0])  # nobody improves on d for both players
    with pytest.raises(InvalidArgumentError, match="disagreement"):
        nash_bargaining(LinearFrontier.transferable(1.0, 2), [0.0])
    with pytest.raises(InvalidArgumentError, match="bargaining_powers"):
        nash_bargaining(LinearFrontier.transferable(1.0, 2), [0, 0], bargaining_powers=[1, -1])
    with pytest.raises(InvalidArgumentError, match="weights"):
        LinearFrontier([1.0, 0.0], 1.0)
    with pytest.raises(InvalidArgumentError, match="feasible"):
        nash_bargaining("everything", [0, 0])
