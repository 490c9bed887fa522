"""The reporting game: regions that misreport their costs to the centre (models/duplicate_construction/reporting.py)."""

from __future__ import annotations

import dataclasses
import json
import math

import numpy as np
import pytest
from coordgame.models.duplicate_construction import Parameters, build_economy, second_best
from coordgame.models.duplicate_construction.reporting import (
    policy_outcome,
    report_grid,
    reporting_equilibrium,
    reporting_game,
)

import coordgame as cg
from coordgame.errors import InvalidArgumentError

SMALL = build_economy(Parameters(num_regions=4, num_industries=2))
GRID = [0.0, 4.0, -4.0]


# ------------------------------------------------------------ one region: the closed form
def _monopoly(cost: float, lam: float, a: float = 100.0, b: float = 1.0, fixed: float = 100.0) -> tuple[float, float]:
    """(private gain U, national welfare W) of a lone cluster of marginal cost ``cost`` (Cournot monopoly)."""
    q = (a - cost) / (2 * b)
    price = a - b * q
    return b * q * q + lam * price * q - fixed, 1.5 * b * q * q - fixed


def _lone_region(cost: float, lam: float) -> object:
    return build_economy(Parameters(num_regions=1, num_industries=1, lam=lam, theta=0.0, base_costs=((cost,),)))


@pytest.mark.parametrize("lam", [0.0, 0.05, 0.2, 0.3, 1.0])
@pytest.mark.parametrize("cost", [70.0, 81.0, 85.0, 88.0, 92.0])  # U = 0 exactly at c = 80, λ = 0
def test_a_lone_region_lies_exactly_as_far_as_the_licence_threshold(cost, lam):
    """Monopoly: q = (a-c)/2b, W = 3bq²/2 - F, so the centre licenses iff the report is below
    c* = a - sqrt(8bF/3); the region wants a licence iff U = bq² + λPq - F > 0 at its true cost.
    Its best report is the smallest grid lie on the right side of c* (truth if already there)."""
    grid = [0.0, 2.0, 4.0, 6.0, 8.0, -2.0, -4.0, -6.0]
    out = reporting_equilibrium(_lone_region(cost, lam), "selective", grid)
    threshold = 100.0 - math.sqrt(8 * 100.0 / 3)
    gain, welfare = _monopoly(cost, lam)
    licensed_truthfully = cost < threshold
    wanted = [u for u in sorted(grid, key=lambda u: (abs(u), -u))
              if (cost - u < threshold) == (gain > 0)]
    # truth when it already gets what it wants, or when no report on the grid changes the licence
    expected = 0.0 if licensed_truthfully == (gain > 0) or not wanted else wanted[0]
    assert out.verified
    assert out.understatement[0, 0] == expected
    assert out.portfolio[0, 0] == int(cost - expected < threshold)
    assert out.gain_from_lying[0] == pytest.approx(abs(gain) if expected != 0 else 0.0, abs=1e-9)
    assert out.welfare == pytest.approx(welfare if out.portfolio[0, 0] else 0.0, abs=1e-9)


def test_the_incentive_to_lie_grows_with_the_weight_on_output():
    """At c = 88 the licence is socially worthless (W < 0) and privately worth U = 36 + 564λ - 100."""
    gains = [reporting_equilibrium(_lone_region(88.0, lam), "selective", [0.0, 6.0]).gain_from_lying[0]
             for lam in (0.0, 0.1, 0.2, 0.5, 1.0)]
    assert gains == pytest.approx([max(0.0, 36 + 564 * lam - 100) for lam in (0.0, 0.1, 0.2, 0.5, 1.0)])


def test_a_lone_region_under_the_market_policy_hides_its_gain_to_escape_the_tax():
    """The implementing tax of an unplanned lone region is its reported gain: overstating lowers it."""
    out = reporting_equilibrium(_lone_region(88.0, 0.3), "market", [0.0, -5.0, -10.0, -20.0])
    gain, _ = _monopoly(88.0, 0.3)
    truthful_tax = policy_outcome(_lone_region(88.0, 0.3), np.zeros((1, 1)), "market")[1][0]
    assert truthful_tax == pytest.approx(-gain, abs=1.01e-6 * 1e4)  # truth: the tax just keeps it out (margin 1e-6 of the range)
    assert out.understatement[0, 0] < 0 and out.portfolio[0, 0] == 1
    assert out.payoffs[0] > 0 == out.payoffs_truthful[0]


# ------------------------------------------------------------ obvious answers
def test_worthless_licences_and_no_promotion_motive_make_truth_an_equilibrium():
    """F above the largest possible industry welfare 3a²/8b: the centre licenses nobody whatever is
    reported, no region wants to build, so every payoff is 0 and truth is an equilibrium."""
    e = build_economy(Parameters(num_regions=5, num_industries=2, lam=0.0, theta=0.0, fixed_cost=3800.0))
    for policy in ("selective", "market"):
        out = reporting_equilibrium(e, policy, GRID)
        assert out.verified and out.num_liars == 0 and out.loss == 0.0
        assert not out.gain_from_lying.any() and not out.portfolio.any()


def test_truthful_reports_give_the_full_information_plan():
    for policy in ("selective", "market"):
        x, _ = policy_outcome(SMALL, np.zeros((4, 2)), policy)
        assert np.array_equal(x, second_best(SMALL, relative_gap=0.0)[0])


# ------------------------------------------------------------ cross-checks and verification
@pytest.mark.parametrize("policy", ["selective", "market"])
def test_dynamics_reach_an_equilibrium_that_exhaustive_search_lists(policy):
    out = reporting_equilibrium(SMALL, policy, GRID)
    grid = out.grid.tolist()
    for k in range(SMALL.num_industries):
        game = reporting_game(SMALL, k, policy, GRID)
        every = cg.pure_nash(game)   # all 3^4 report profiles
        assert every.complete
        profile = tuple(grid.index(u) for u in out.understatement[:, k])
        assert profile in every.profiles()


@pytest.mark.parametrize("policy", ["selective", "market"])
def test_no_region_gains_by_changing_one_report_on_the_grid(policy):
    """Recompute every region's regret by brute force over its reports in every industry."""
    out = reporting_equilibrium(SMALL, policy, GRID)
    assert out.verification.passed and out.verification.tolerance == pytest.approx(1e-9 * SMALL.payoff_range)
    for r in range(SMALL.num_regions):
        for k in range(SMALL.num_industries):
            for u in GRID:
                trial = out.understatement.copy()
                trial[r, k] = u
                x, s = policy_outcome(SMALL, trial, policy)
                assert SMALL.payoffs(x, subsidy=s)[r] <= out.payoffs[r] + out.tol


def test_selective_loss_and_plan_bounds():
    out = reporting_equilibrium(SMALL, "selective", GRID)
    assert out.welfare <= out.welfare_planner + 1e-9 * SMALL.payoff_range
    assert out.welfare_truthful == pytest.approx(out.welfare_planner)


# ------------------------------------------------------------ the economics
@pytest.mark.parametrize("seed", range(3))
def test_a_lie_pays_more_under_selective_than_under_market_enhancing_policy(seed):
    """At truthful reports, a region's report decides its own licence under selective policy but
    only which region's reported gain sets the uniform tax under market-enhancing policy."""
    e = build_economy(Parameters(num_regions=5, num_industries=2, cost_seed=seed))
    grid = report_grid(e, [0.0, 0.5, 1.0, -0.5])
    selective, market = (reporting_equilibrium(e, p, grid) for p in ("selective", "market"))
    assert market.gain_from_lying.max() < selective.gain_from_lying.max()
    assert market.gain_from_lying.mean() < selective.gain_from_lying.mean()


def test_the_incentive_to_lie_to_a_selective_centre_grows_with_the_promotion_weight():
    gains = [reporting_equilibrium(build_economy(Parameters(num_regions=5, num_industries=2, theta=theta)),
                                   "selective", GRID).gain_from_lying.sum() for theta in (0.0, 0.1, 0.5, 1.0)]
    assert np.all(np.diff(gains) > 0)


# ------------------------------------------------------------ protocol and bad input
def test_result_protocol():
    out = reporting_equilibrium(SMALL, "market", GRID)
    record = out.to_dict()
    assert json.loads(json.dumps(record))["policy"] == "market"
    assert record["verification"]["passed"] and "loss" in record and "num_liars" in record
    assert out.to_frame().shape[0] == 1 and repr(out).startswith("ReportingEquilibrium(")
    assert out.grid[0] == 0.0 and list(np.abs(out.grid)) == sorted(np.abs(out.grid))


@pytest.mark.parametrize(("call", "match"), [
    (lambda: reporting_equilibrium("economy", "selective"), r"^economy: "),
    (lambda: reporting_equilibrium(SMALL, "picking"), r"^policy: "),
    (lambda: reporting_equilibrium(SMALL, "selective", [1.0, 2.0]), r"^grid: "),
    (lambda: reporting_equilibrium(SMALL, "selective", [0.0, 1.0, 1.0]), r"^grid: "),
    (lambda: reporting_equilibrium(SMALL, "selective", [0.0, float("nan")]), r"^grid: "),
    (lambda: reporting_equilibrium(SMALL, "selective", tol=-1.0), r"^tol"),
    (lambda: reporting_game(SMALL, 2, "selective"), r"^industry: "),
    (lambda: report_grid(SMALL, [0.5]), r"^relative: "),
    (lambda: policy_outcome(SMALL, np.zeros((3, 2)), "market"), r"^understatement: "),
    (lambda: reporting_equilibrium(build_economy(dataclasses.replace(Parameters(num_regions=4, num_industries=2),
                                                                     budget=1)), "selective"), r"^economy: "),
])
def test_bad_input(call, match):
    with pytest.raises(InvalidArgumentError, match=match):
        call()
