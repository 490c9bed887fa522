"""Coalition values of the duplicate-construction economy and the sharing of the plan's gains."""

from __future__ import annotations

import numpy as np
import pytest
from coordgame.models.duplicate_construction import (
    Parameters,
    build_economy,
    industry_equilibria,
    second_best,
    solve_model,
)
from coordgame.models.duplicate_construction.coalitions import (
    coalition_values,
    column_tables,
    region_payoffs,
)
from coordgame.models.duplicate_construction.sharing import (
    benefit_sharing,
    cheapest_compensation,
    local_competition_portfolio,
)

from coordgame.coop import TUGame, core_check
from coordgame.errors import InvalidArgumentError


@pytest.fixture(scope="module")
def economy():
    return build_economy(Parameters(num_regions=5, num_industries=3))


def test_grand_coalition_value_is_the_planners_optimum(economy):
    # Two methods: the tables' exhaustive optimum over 2^R columns vs the planner's branch and bound.
    for kind in ("gamma", "alpha"):
        v = coalition_values(column_tables(economy), kind=kind).array()
        assert v[0] == 0.0
        assert v[-1] == pytest.approx(second_best(economy)[1]["welfare"], rel=1e-12)


def test_welfare_contributions_add_up_to_national_welfare(economy):
    tables = column_tables(economy)
    rng = np.random.default_rng(0)
    for _ in range(5):
        x = rng.integers(0, 2, (economy.num_regions, economy.num_industries))
        assert region_payoffs(tables, x).sum() == pytest.approx(economy.welfare(x), rel=1e-12)
        officials = region_payoffs(column_tables(economy, payoff="officials"), x)
        np.testing.assert_allclose(officials, economy.payoffs(x), rtol=1e-12)


def test_switching_gains_agree_with_the_model(economy):
    tables = column_tables(economy)
    x = np.array([[1, 0, 1], [1, 1, 0], [0, 1, 1], [0, 0, 1], [1, 1, 1]])
    gains = economy.entry_gains(x)  # U_r(x_rk = 1) - U_r(x_rk = 0)
    for k, table in enumerate(tables.industries):
        column = int((x[:, k] << np.arange(5)).sum())
        switching = np.where(x[:, k] == 1, -gains[:, k], gains[:, k])
        np.testing.assert_allclose(table.official_gain[column], switching, atol=1e-9)


def test_officials_singletons_get_their_worst_nash_payoff(economy):
    # With payoff="officials" a singleton's partial-agreement equilibria are the Nash equilibria of
    # the entry game; the "worst" selection gives it its lowest equilibrium payoff, industry by
    # industry -- checked against the model's own exhaustive equilibrium search.
    tables = column_tables(economy, payoff="officials")
    v = coalition_values(tables, selection="worst")
    best = coalition_values(tables, selection="best")
    for r in range(economy.num_regions):
        expected_low = expected_high = 0.0
        for k in range(economy.num_industries):
            eqs = industry_equilibria(economy, k)
            parts = []
            for column in eqs:
                x = np.zeros((economy.num_regions, economy.num_industries), dtype=int)
                x[:, k] = column
                built = x.T.astype(float)
                price, q = economy.market(built[k:k + 1], k)
                parts.append(economy.regional_parts(built[k:k + 1], price, q)[0, r])
            expected_low += min(parts)
            expected_high += max(parts)
        assert v.value(1 << r) == pytest.approx(expected_low, abs=1e-9)
        assert best.value(1 << r) == pytest.approx(expected_high, abs=1e-9)


def test_candidate_tables_match_exact_tables_where_nobody_else_builds():
    economy = build_economy(Parameters(num_regions=7, num_industries=2))
    exact = coalition_values(column_tables(economy)).array()
    approx = coalition_values(column_tables(economy, num_candidates=6))
    assert not approx.exact
    assert approx.value((1 << 7) - 1) == pytest.approx(exact[-1], rel=1e-12)  # the planner's clusters are candidates
    with pytest.raises(InvalidArgumentError, match="exact"):
        approx.array()


def test_reference_equilibrium_is_the_models():
    params = Parameters(num_regions=5, num_industries=2)
    np.testing.assert_array_equal(local_competition_portfolio(build_economy(params)),
                                  solve_model(params).portfolios_nash)


def test_cheapest_compensation_lp():
    local, plan = np.array([5.0, 3.0, 2.0, 1.0]), np.array([4.0, 6.0, 1.5, 2.0])
    transfers, budget = cheapest_compensation(local, plan)
    assert budget == pytest.approx(1.5)  # the losers' losses: 1 + 0.5
    assert transfers.sum() == pytest.approx(0.0, abs=1e-12)
    assert np.all(plan + transfers >= local - 1e-12)
    np.testing.assert_allclose(transfers, [1.0, -1.5 * 3 / 4, 0.5, -1.5 / 4])


def test_benefit_sharing_schemes(economy):
    out = benefit_sharing(economy)
    total = out.plan.sum()
    assert out.verification.passed and out.exact_values
    for final in (out.shapley_final, out.minimal_final, out.nucleolus_final):
        assert final.sum() == pytest.approx(total, rel=1e-9)  # budget-balanced
    assert np.all(out.minimal_final >= out.local - 1e-9)
    assert out.welfare_gain == pytest.approx(total - out.local.sum()) and out.welfare_gain >= 0
    assert out.budget_minimal == pytest.approx(np.maximum(out.local - out.plan, 0).sum())
    frame = out.regions_frame()
    assert list(frame["region"]) == list(economy.regions) and len(frame) == economy.num_regions
    if not out.core_empty:  # the nucleolus then lies in the core
        game = TUGame(coalition_values(column_tables(economy)).array())
        assert core_check(game, out.nucleolus_final, tol=1e-7).in_core


def test_bad_arguments(economy):
    with pytest.raises(InvalidArgumentError, match="payoff"):
        column_tables(economy, payoff="utility")
    with pytest.raises(InvalidArgumentError, match="num_candidates"):
        column_tables(economy, num_candidates=13)
    with pytest.raises(InvalidArgumentError, match="budget"):
        column_tables(build_economy(Parameters(num_regions=3, num_industries=2, budget=1)))
    with pytest.raises(InvalidArgumentError, match="kind"):
        coalition_values(column_tables(economy), kind="delta")
    with pytest.raises(InvalidArgumentError, match="selection"):
        coalition_values(column_tables(economy), selection="random")
