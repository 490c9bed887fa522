"""Guided Shapley value and least core: against the exact answers where every coalition can be enumerated."""

from __future__ import annotations

import numpy as np
import pytest
from coordgame.models.duplicate_construction import Parameters, build_economy
from coordgame.models.duplicate_construction.coalitions import coalition_values, column_tables
from coordgame.models.duplicate_construction.sharing_guided import (
    GuidedGame,
    approximate_values,
    guided_excess,
    guided_least_core,
    guided_shapley,
)

from coordgame.coop import TUGame, least_core, shapley_value
from coordgame.coop.tu_game import coalition_sums
from coordgame.errors import InvalidArgumentError


@pytest.fixture(scope="module")
def setting():
    """Exact values of an 8-region economy, and a poor guide: each industry over its 4 cheapest regions."""
    economy = build_economy(Parameters(num_regions=8, num_industries=3))
    exact = coalition_values(column_tables(economy))
    guide = approximate_values(economy, num_candidates=4)
    return economy, exact, guide


def _guided(setting):
    economy, exact, guide = setting
    return GuidedGame(exact.value, guide, economy.regions)


def test_the_guide_is_inexact_so_the_tests_mean_something(setting):
    _, exact, guide = setting
    gap = np.abs(exact.array() - np.array([guide.value(mask) for mask in range(1 << 8)]))
    assert gap.max() > 10.0 and (gap > 1e-9).mean() > 0.05


def test_vectorised_guide_equals_the_tables(setting):
    guided = _guided(setting)
    masks = np.arange(1 << 8)
    np.testing.assert_allclose(guided.guide(masks), [setting[2].value(m) for m in masks], rtol=0, atol=1e-9)


def test_control_variate_shapley_is_unbiased_efficient_and_tighter(setting):
    # Two methods: the exact subset pass vs the guided sample; and the guided sample's standard errors
    # against plain permutation sampling with the same number of orders of exact values.
    _, exact, _ = setting
    game = TUGame(exact.array())
    truth = shapley_value(game, method="exact").value
    value, error = guided_shapley(_guided(setting), num_samples=30, guide_samples=20_000, seed=3)
    plain = shapley_value(game, method="sampling", num_samples=30, seed=3)
    assert value.sum() == pytest.approx(game.grand_value, rel=1e-9)
    assert np.all(np.abs(value - truth) <= 4 * error + 1e-9)
    assert error.mean() < 0.8 * plain.std_error.mean()  # even this poor guide removes a third of the error


def test_guided_least_core_is_a_lower_bound_and_here_exact(setting):
    _, exact, _ = setting
    truth = least_core(TUGame(exact.array()))
    guided = _guided(setting)
    lc = guided_least_core(guided, seed=0)
    unit = 1e-9 * guided.game.payoff_range
    assert lc.epsilon <= truth.epsilon + unit  # a relaxation: always
    assert lc.epsilon == pytest.approx(truth.epsilon, abs=1e-6)  # and the guided search reached the binding coalitions
    assert lc.method == "constraint_generation+guided_search" and not lc.exact
    assert lc.num_constraints < (1 << 8) - 2  # without writing every constraint down
    excess = (exact.array() - coalition_sums(lc.allocation))[1:-1]
    assert excess.max() == pytest.approx(lc.epsilon, abs=1e-6)
    if lc.core_empty:  # the balanced collection certifies it
        assert lc.balanced_surplus > 0


def test_guided_excess_reports_exact_excesses(setting):
    _, exact, _ = setting
    guided = _guided(setting)
    y = np.full(8, exact.value(255) / 8)
    masks, excess = guided_excess(guided, y, batch=10)
    truth = exact.array()[masks] - coalition_sums(y)[masks]
    np.testing.assert_allclose(excess, truth, rtol=0, atol=1e-9)
    assert np.all(np.diff(excess) <= 0)
    assert excess[0] == pytest.approx((exact.array() - coalition_sums(y))[1:-1].max(), abs=1e-9)


def test_bad_arguments(setting):
    economy = setting[0]
    guided = _guided(setting)
    for call, name in [(lambda: guided_shapley(guided, num_samples=1), "num_samples"),
                       (lambda: guided_shapley(guided, guide_samples=True), "guide_samples"),
                       (lambda: guided_least_core(guided, batch=0), "batch"),
                       (lambda: guided_least_core(guided, max_rounds=1.5), "max_rounds"),
                       (lambda: approximate_values(economy, num_candidates=13), "num_candidates"),
                       (lambda: approximate_values(economy, payoff="utility"), "payoff"),
                       (lambda: approximate_values(build_economy(Parameters(num_regions=3, num_industries=2, budget=1))),
                        "budget")]:
        with pytest.raises(InvalidArgumentError, match=name):
            call()
