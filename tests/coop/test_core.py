"""Core membership, least core and nucleolus against published games."""

from __future__ import annotations

import numpy as np
import pytest

from coordgame.coop import TUGame, core_check, examples, least_core, nucleolus, shapley_value
from coordgame.errors import InfeasibleError, InvalidArgumentError


def test_glove_game_core_is_a_single_point():
    # One left, two right gloves: the core is {(1, 0, 0)} (Maschler, Solan & Zamir 2013, ch. 17).
    g = examples.glove_game(1, 2)
    assert core_check(g, [1, 0, 0]).in_core
    check = core_check(g, [0.9, 0.05, 0.05])
    assert not check.in_core and check.most_violated in {("L1", "R1"), ("L1", "R2")}
    assert check.max_excess == pytest.approx(0.05)
    assert not check.verification.passed
    lc = least_core(g)
    assert lc.epsilon == pytest.approx(0.0, abs=1e-9) and lc.core_status == "non-empty"
    np.testing.assert_allclose(nucleolus(g).allocation, [1, 0, 0], atol=1e-9)


def test_majority_game_empty_core_certificate():
    # v(S) = 1 iff |S| >= 2: empty core; the pairs with weights 1/2 are balanced and
    # 3 * 1/2 = 3/2 > v(N) = 1 (Bondareva-Shapley); least core eps = 1/3 at (1/3, 1/3, 1/3).
    lc = least_core(examples.majority_game(3))
    assert lc.core_empty and lc.core_status == "empty"
    assert lc.epsilon == pytest.approx(1 / 3)
    assert sorted(lc.balanced_collection) == [("0", "1"), ("0", "2"), ("1", "2")]
    np.testing.assert_allclose(lc.balancing_weights, 0.5)
    assert lc.balanced_surplus == pytest.approx(0.5)
    np.testing.assert_allclose(nucleolus(examples.majority_game(3), prenucleolus=True).allocation, 1 / 3)


@pytest.mark.parametrize(("estate", "talmud"), [(100, [100 / 3, 100 / 3, 100 / 3]), (200, [50, 75, 75]),
                                                 (300, [50, 100, 150])])
def test_bankruptcy_nucleolus_is_the_talmud_rule(estate, talmud):
    # Aumann & Maschler (1985), J. Econ. Theory 36, 195-213: the Talmud's divisions of an estate
    # among claims 100, 200, 300 are the nucleolus of the bankruptcy game.
    game = examples.bankruptcy_game(estate, [100, 200, 300])
    nu = nucleolus(game)
    np.testing.assert_allclose(nu.allocation, talmud, atol=1e-7)
    assert nu.verification.passed
    assert game.is_convex()  # bankruptcy games are convex (Curiel, Maschler & Tijs 1987)
    assert core_check(game, shapley_value(game).value).in_core


def test_airport_savings_game_nucleolus_splits_the_savings_equally():
    # A cost game c is solved through its savings game s(S) = sum_{i in S} c_i - c(S) (a value
    # game).  With two planes (c = 1, 3) the nucleolus is the standard two-player solution:
    # each keeps its stand-alone value and the surplus s(N) = 1 is split equally, so the cost
    # shares are (1/2, 5/2) -- the same as the Shapley value here (Littlechild & Owen 1973).
    costs = examples.airport_game([1.0, 3.0])
    stand_alone = np.array([1.0, 3.0])
    savings = TUGame(np.array([0.0, 1.0, 3.0, 4.0]) - costs.values)
    shares = stand_alone - nucleolus(savings).allocation
    np.testing.assert_allclose(shares, [0.5, 2.5])
    np.testing.assert_allclose(shapley_value(costs).value, shares)


def test_un_security_council_core():
    # A simple game with veto players has a non-empty core: allocations shared among the vetoes.
    g = examples.un_security_council()
    x = np.array([0.2] * 5 + [0.0] * 10)
    assert core_check(g, x).in_core
    assert not core_check(g, shapley_value(g).value).in_core  # elected members get a little
    lc = least_core(g)  # 15 players: constraint generation with exact enumeration
    assert lc.method == "constraint_generation" and lc.exact
    assert lc.epsilon == pytest.approx(0.0, abs=1e-9)


def test_constraint_generation_agrees_with_full_lp():
    rng = np.random.default_rng(7)
    for _ in range(5):
        v = np.concatenate([[0.0], rng.uniform(-1, 3, 2**6 - 1)])
        full = least_core(TUGame(v))
        assert full.method == "lp"
        generated = least_core(TUGame.from_function(lambda s, v=v: v[sum(1 << i for i in s)], 6))
        assert generated.method == "constraint_generation"
        assert generated.epsilon == pytest.approx(full.epsilon, abs=1e-8)
        assert generated.num_constraints <= 62


@pytest.mark.slow
def test_local_search_oracle_on_a_large_game_certifies_emptiness():
    # 25-player majority game (13 wins): empty core; the least core of a symmetric game is
    # the equal split with eps = max_s (1[s >= 13] - s/25) = 12/25.
    n = 25
    g = TUGame.from_function(lambda s: 1.0 if len(s) >= 13 else 0.0, n)
    lc = least_core(g, max_evaluations=3000)
    assert lc.method == "constraint_generation+local_search" and not lc.exact
    assert lc.core_empty  # a positive lower bound proves emptiness
    assert lc.epsilon <= 12 / 25 + 1e-9
    assert lc.epsilon == pytest.approx(12 / 25, abs=1e-6)
    np.testing.assert_allclose(lc.balancing_weights @ np.array(
        [[1.0 if str(i) in c else 0.0 for i in range(n)] for c in lc.balanced_collection]), 1.0, atol=1e-7)


def test_local_search_oracle_on_a_mid_sized_game():
    # 21 players (beyond enumeration for a callable game): majority game, eps* = max_s (1[s>=11] - s/21) = 10/21.
    n = 21
    lc = least_core(TUGame.from_function(lambda s: 1.0 if len(s) >= 11 else 0.0, n), max_evaluations=500, restarts=2)
    assert not lc.exact and lc.core_empty and lc.epsilon <= 10 / 21 + 1e-9


def test_core_check_on_a_large_callable_game_uses_local_search():
    w = np.linspace(1, 2, 30)
    g = TUGame.from_function(lambda s: float(w[list(s)].sum()) ** 1.5, 30)  # convex: supermodular
    phi = shapley_value(g, num_samples=400)
    check = core_check(g, np.full(30, g.grand_value / 30), max_evaluations=5000)
    assert check.method == "local_search" and not check.exact
    assert not check.in_core  # the heavy players block the equal split
    assert phi.method == "sampling"


def test_bad_inputs():
    g = examples.glove_game(1, 2)
    with pytest.raises(InvalidArgumentError, match="allocation"):
        core_check(g, [1, 0])
    with pytest.raises(InvalidArgumentError, match="epsilon"):
        core_check(g, [1, 0, 0], epsilon="x")
    with pytest.raises(InvalidArgumentError, match="batch"):
        least_core(g, batch=0)
    with pytest.raises(InfeasibleError, match="imputation"):
        nucleolus(TUGame([0, 1, 1, 1]))
    with pytest.raises(InvalidArgumentError, match="game"):
        nucleolus(TUGame.from_function(len, 17))
