"""Coalition values on demand: agreement with the exhaustive tables, and the 31-region equilibria checked independently."""

from __future__ import annotations

import numpy as np
import pytest
from coordgame.models.duplicate_construction import Parameters, build_economy
from coordgame.models.duplicate_construction.coalition_oracle import OnDemandValues, _national_table
from coordgame.models.duplicate_construction.coalitions import (
    _industry_table,
    coalition_values,
    column_tables,
    portfolio_payoffs,
)
from coordgame.models.duplicate_construction.sharing import benefit_sharing

from coordgame.errors import InvalidArgumentError
from coordgame.tolerances import DEFAULT_TOL, absolute_tolerance


def _agreement(economy, payoff, selection, members, outsiders):
    """Largest |on-demand - exhaustive| over every coalition, and the oracle."""
    exact = coalition_values(column_tables(economy, payoff=payoff), selection=selection).array()
    oracle = OnDemandValues(economy, payoff=payoff, selection=selection, members=members, outsiders=outsiders)
    gaps = [abs(oracle.value(mask) - exact[mask]) for mask in range(1 << economy.num_regions)]
    return max(gaps), oracle


@pytest.mark.parametrize("payoff", ["welfare", "officials"])
@pytest.mark.parametrize("selection", ["worst", "best"])
def test_on_demand_values_equal_the_exhaustive_tables(payoff, selection):
    # Two methods on every coalition of a 6-region economy: the tables' search over all 2^6 columns
    # vs the on-demand search that starts from 1 member and 1 outsider and must widen its
    # candidates by verification alone to reach the same equilibria.
    economy = build_economy(Parameters(num_regions=6, num_industries=1))
    gap, oracle = _agreement(economy, payoff, selection, members=1, outsiders=1)
    assert gap <= 1e-9 * economy.payoff_range
    assert oracle.counts["expanded"] > 0 and oracle.counts["unverified"] == 0
    assert oracle.counts["pairs"] == 63


def test_a_bounded_table_cache_changes_no_value(monkeypatch):
    # Dropping tables (here: keep one at a time) only costs recomputation, never a different value;
    # the memory held stays within the bound plus the one table in use.
    from coordgame.models.duplicate_construction import coalition_oracle

    economy = build_economy(Parameters(num_regions=6, num_industries=2))
    gap, unbounded = _agreement(economy, "welfare", "worst", members=1, outsiders=1)
    monkeypatch.setattr(coalition_oracle, "_TABLE_CACHE_BYTES", 1)
    gap_bounded, bounded = _agreement(economy, "welfare", "worst", members=1, outsiders=1)
    assert gap <= 1e-9 * economy.payoff_range and gap_bounded <= 1e-9 * economy.payoff_range
    assert len(bounded._tables) == 1 < len(unbounded._tables)
    assert bounded.counts == unbounded.counts


@pytest.mark.slow
@pytest.mark.parametrize("start", [(1, 1), (4, 6)])
def test_on_demand_values_equal_the_exhaustive_tables_default_calibration(start):
    # Ten regions and all eight industries of the default calibration (8,184 coalition-industry pairs).
    economy = build_economy(Parameters(num_regions=10))
    for selection in ("worst", "best"):
        gap, oracle = _agreement(economy, "welfare", selection, *start)
        assert gap <= 1e-9 * economy.payoff_range
        assert oracle.counts["no_equilibrium"] == coalition_values(column_tables(economy)).counts["no_equilibrium"]


@pytest.mark.slow
def test_paired_additions_close_a_gap_single_additions_leave():
    # With strong spillovers (sigma = 3: an assumption chosen to make clusters complements) two
    # excluded members' clusters can pay for the coalition together while neither pays alone.
    # Verifying single additions only then accepts equilibria that are not the coalition's best
    # response and misvalues coalitions; checking pairs as well recovers the exhaustive tables.
    economy = build_economy(Parameters(num_regions=8, num_industries=2, sigma=3.0))
    exact = coalition_values(column_tables(economy)).array()
    gaps = {}
    for pairs in (False, True):
        oracle = OnDemandValues(economy, members=1, outsiders=1, pairs=pairs)
        gaps[pairs] = max(abs(oracle.value(mask) - exact[mask]) for mask in range(1 << economy.num_regions))
    assert gaps[False] > 1.0  # the gap the single-addition check leaves (28.7 here)
    assert gaps[True] <= 1e-9 * economy.payoff_range
    assert oracle.counts["pair_deviations"] > 0


@pytest.mark.parametrize("payoff", ["welfare", "officials"])
def test_candidate_market_table_matches_the_models_markets(payoff):
    # The oracle's candidates-only Cournot tables against the tables solved over all 31 regions.
    economy = build_economy(Parameters())
    candidates = np.array([0, 3, 7, 12, 20, 30])
    fast = _national_table(economy, 2, candidates, payoff)
    full = _industry_table(economy, 2, candidates, payoff, entry=False)
    for name in ("measure", "others", "official_gain"):
        np.testing.assert_allclose(getattr(fast, name), getattr(full, name), rtol=0, atol=1e-9)


def _switches(x, members):
    """Every single switch of a member's entry, and every swap of a built member for an unbuilt one."""
    for r in members:
        y = x.copy()
        y[r] = 1 - y[r]
        yield y
    for out in members[x[members] == 1]:
        for into in members[x[members] == 0]:
            y = x.copy()
            y[out], y[into] = 0, 1
            yield y


@pytest.mark.slow
def test_31_region_equilibria_hold_over_every_region():
    # The 31-region claim, checked with the model's own payoff code (Economy.entry_gains,
    # portfolio_payoffs) rather than the oracle's: at every equilibrium the oracle reports for a
    # sample of coalitions, no outsider's official -- candidate or not -- gains by switching its
    # entry, the coalition gains nothing by switching or swapping any member's cluster, and the
    # value is the worst equilibrium's joint payoff.
    economy = build_economy(Parameters())
    R, K = economy.num_regions, economy.num_industries
    atol = absolute_tolerance(DEFAULT_TOL, economy)
    oracle = OnDemandValues(economy)
    rng = np.random.default_rng(7)
    masks = [int(sum(1 << int(r) for r in rng.choice(R, size, replace=False))) for size in (3, 10, 20, 28)]
    checked = 0
    for mask in masks:
        members = np.array([r for r in range(R) if mask >> r & 1])
        for k in range(K):
            value, status, _, columns = oracle.industry_value(k, mask)
            if status != "verified":
                continue
            joints = []
            for column in columns.astype(int):
                x = np.zeros((R, K), dtype=int)
                x[:, k] = column
                gains = economy.entry_gains(x)[:, k]  # U_r(x_rk = 1) - U_r(x_rk = 0)
                outsiders = np.setdiff1d(np.arange(R), members)
                switching = np.where(column[outsiders] == 1, -gains[outsiders], gains[outsiders])
                assert switching.max() <= atol
                joint = portfolio_payoffs(economy, x)[members].sum()
                for y in _switches(column, members):
                    x[:, k] = y
                    assert portfolio_payoffs(economy, x)[members].sum() <= joint + atol
                joints.append(joint)
                checked += 1
            assert value == pytest.approx(min(joints), abs=1e-9)
    assert checked >= 20


@pytest.mark.slow
def test_31_region_equilibria_survive_every_paired_addition():
    # Independent check of the paired-addition claim with the model's payoff code: at every verified
    # equilibrium of sampled coalitions, no two excluded members' clusters added together raise the
    # coalition's joint payoff.
    economy = build_economy(Parameters())
    R, K = economy.num_regions, economy.num_industries
    atol = absolute_tolerance(DEFAULT_TOL, economy)
    oracle = OnDemandValues(economy)
    rng = np.random.default_rng(11)
    checked = 0
    for size in (8, 16):
        mask = int(sum(1 << int(r) for r in rng.choice(R, size, replace=False)))
        members = np.array([r for r in range(R) if mask >> r & 1])
        for k in range(0, K, 3):
            _, status, chosen, columns = oracle.industry_value(k, mask)
            if status != "verified":
                continue
            excluded = np.setdiff1d(members, chosen)
            for column in columns.astype(int):
                x = np.zeros((R, K), dtype=int)
                x[:, k] = column
                joint = portfolio_payoffs(economy, x)[members].sum()
                for i, first in enumerate(excluded):
                    for second in excluded[i + 1:]:
                        y = x.copy()
                        y[[first, second], k] = 1
                        assert portfolio_payoffs(economy, y)[members].sum() <= joint + atol
                        checked += 1
    assert checked >= 100


@pytest.mark.slow
def test_benefit_sharing_at_31_regions_reports_its_accuracy():
    economy = build_economy(Parameters())
    out = benefit_sharing(economy, num_samples=3, core_evaluations=2000, core_rounds=2)
    assert not out.exact_values and out.value_method == "verified_equilibria"
    assert out.shapley_method.startswith("sampling") and out.shapley_samples == 3 and (out.shapley_std_error > 0).any()
    counts = out.counts
    assert counts["pairs"] == counts["verified"] + counts["unverified"] + counts["no_equilibrium"] > 0
    assert counts["coalitions_evaluated"] * economy.num_industries >= counts["pairs"]
    assert out.grand_value == pytest.approx(out.plan.sum(), abs=out.tol)  # v(N): the plan, at 31 regions
    assert out.shapley_final.sum() == pytest.approx(out.plan.sum(), rel=1e-9)
    assert np.all(out.minimal_final >= out.local - 1e-9)
    accuracy = out.accuracy
    assert out.shapley_method == "sampling+control_variate" and accuracy["shapley_guide_samples"] > 0
    assert 1 <= accuracy["least_core_rounds"] <= 2 and accuracy["least_core_constraints"] >= 2 * economy.num_regions
    assert accuracy["least_core_max_excess"] >= out.least_core_epsilon - out.tol  # epsilon: a lower bound
    assert 0.0 <= accuracy["guide_share_exact"] <= 1.0 and accuracy["guide_max_error"] >= accuracy["guide_mean_error"]
    for scheme in ("shapley", "minimal"):  # a blocking coalition found means "not in the core"
        assert getattr(out, f"{scheme}_in_core") == (accuracy[f"{scheme}_largest_excess"] <= 1e-7 * out.plan.sum())


def test_bad_arguments():
    economy = build_economy(Parameters(num_regions=4, num_industries=1))
    for kwargs, name in [({"payoff": "utility"}, "payoff"), ({"selection": "random"}, "selection"),
                         ({"members": -1}, "members"), ({"outsiders": 1.5}, "outsiders"),
                         ({"max_candidates": 0}, "max_candidates")]:
        with pytest.raises(InvalidArgumentError, match=name):
            OnDemandValues(economy, **kwargs)
    with pytest.raises(InvalidArgumentError, match="budget"):
        OnDemandValues(build_economy(Parameters(num_regions=3, num_industries=2, budget=1)))
    with pytest.raises(InvalidArgumentError, match="kind"):
        benefit_sharing(build_economy(Parameters(num_regions=12, num_industries=1)), kind="alpha")
    with pytest.raises(InvalidArgumentError, match="num_candidates"):
        benefit_sharing(economy, num_candidates=13)
