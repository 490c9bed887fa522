"""Selective vs market-enhancing policy under noisy cost information (models/duplicate_construction/information.py)."""

from __future__ import annotations

import numpy as np
import pytest
from coordgame.models.duplicate_construction import Parameters, build_economy
from coordgame.models.duplicate_construction.information import misreported_economy, noisy_economy, policies_under_noise

from coordgame.errors import InvalidArgumentError

ECONOMY = build_economy(Parameters(num_regions=7, num_industries=3))


def test_noise_has_the_stated_scale_and_is_reproducible():
    big = build_economy(Parameters())
    seen = noisy_economy(big, 2.0, seed=3)
    assert np.std(seen.base_cost - big.base_cost) == pytest.approx(2.0, rel=0.15)
    assert np.array_equal(seen.base_cost, noisy_economy(big, 2.0, seed=3).base_cost)
    assert seen.weights is big.weights  # only costs are misperceived


def test_without_noise_both_policies_reach_the_plan():
    out = policies_under_noise(ECONOMY, 0.0)
    assert out.welfare_selective == out.welfare_market == out.welfare_planner
    assert out.implementable and out.market_found
    assert out.welfare_local <= out.welfare_planner


@pytest.mark.parametrize("seed", range(4))
def test_no_policy_beats_the_full_information_planner(seed):
    """The second-best plan is certified optimal over portfolios, so noisy policies cannot exceed it."""
    out = policies_under_noise(ECONOMY, 8.0, seed)
    tolerance = 1e-9 * ECONOMY.payoff_range
    assert out.welfare_selective <= out.welfare_planner + tolerance
    assert out.welfare_market <= out.welfare_planner + tolerance
    assert out.welfare_local <= out.welfare_planner + tolerance


def test_only_regions_that_want_a_licence_understate():
    from coordgame.models.duplicate_construction import second_best

    plan = second_best(ECONOMY)[0]
    wants = ECONOMY.entry_gains(plan) > 0
    reported = misreported_economy(ECONOMY, 4.0, plan).base_cost
    assert np.array_equal(reported[~wants], ECONOMY.base_cost[~wants])
    assert np.allclose(reported[wants], np.maximum(ECONOMY.base_cost[wants] - 4.0, 0.0))
    assert wants[plan == 1].all()  # planned clusters are wanted by their regions


def test_misreporting_cannot_beat_the_plan():
    out = policies_under_noise(ECONOMY, 0.0, understatement=6.0)
    assert out.welfare_selective <= out.welfare_planner + 1e-9 * ECONOMY.payoff_range


def test_result_protocol():
    out = policies_under_noise(ECONOMY, 5.0, 1)
    assert out.to_dict()["method"] == "selective vs market-enhancing (noisy costs)"
    assert out.to_frame().shape[0] == 1


@pytest.mark.parametrize(("call", "match"), [
    (lambda: noisy_economy(ECONOMY, -1.0), r"^noise_sd: "),
    (lambda: noisy_economy(ECONOMY, float("nan")), r"^noise_sd: "),
    (lambda: policies_under_noise("economy", 1.0), r"^economy: "),
    (lambda: policies_under_noise(ECONOMY, 1.0, seed=-2), r"^seed: "),
    (lambda: misreported_economy(ECONOMY, -1.0), r"^understatement: "),
])
def test_bad_input(call, match):
    with pytest.raises(InvalidArgumentError, match=match):
        call()
