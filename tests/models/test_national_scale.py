"""The duplicate-construction model at national scale: region tables, many industries, best responses
from entry gains (cross-checked against the enumeration of all 2^K portfolios on small instances)."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest
from coordgame.models.duplicate_construction import (
    INDUSTRIES,
    Parameters,
    best_portfolio,
    build_economy,
    compare_regimes,
    entry_gains,
    entry_game,
    first_best,
    implementing_instrument,
    industry_equilibria,
    industry_names,
    load_region_table,
    load_regions,
    portfolio_dynamics,
    portfolio_kernels,
    portfolio_regrets,
    quota_equilibria,
    second_best,
    solve_model,
    synthetic_regions,
    verify_portfolio,
)
from coordgame.models.duplicate_construction.local_competition import _industry_extremes
from coordgame.models.duplicate_construction.portfolio import matrix_of
from coordgame.models.duplicate_construction.portfolio_kernels import best_portfolio_loops
from coordgame.models.duplicate_construction.regimes import _compiled_quota_extremes
from hypothesis import given, settings
from hypothesis import strategies as st

import coordgame as cg
from coordgame.games.structured import binary_portfolios, num_portfolios, portfolio_index, portfolio_row
from coordgame.solvers.dynamics import best_response_equilibria
from tests.conftest import needs_numba


# ----------------------------------------------------------------- portfolio indices
@pytest.mark.parametrize(("K", "cap"), [(1, None), (4, None), (5, 2), (6, 0), (6, 6), (7, 3)])
def test_portfolio_index_and_row_invert_the_listing(K, cap):
    rows = binary_portfolios(K, cap)
    assert num_portfolios(K, cap) == len(rows)
    assert [portfolio_index(r, cap) for r in rows] == list(range(len(rows)))
    assert all(np.array_equal(portfolio_row(i, K, cap), r) for i, r in enumerate(rows))


def test_portfolio_index_works_beyond_the_listing_cap():
    assert portfolio_index(np.ones(64, dtype=int)) == 2**64 - 1
    assert num_portfolios(64, 3) == sum(math.comb(64, i) for i in range(4))
    last = portfolio_row(num_portfolios(64, 3) - 1, 64, 3)
    assert last.tolist() == [0] * 61 + [1, 1, 1]  # the highest three industries, as binary order says
    with pytest.raises(cg.errors.InvalidArgumentError, match="row"):
        portfolio_index([0, 2, 1])
    with pytest.raises(cg.errors.InvalidArgumentError, match="index"):
        portfolio_row(8, 3)


# ----------------------------------------------------------------- the best response itself
def _brute_force(gains, allowed, current, budget, atol):
    """The rule of the enumerating dynamics, over every listed portfolio."""
    K = len(gains)
    rows = binary_portfolios(K, budget)
    values = np.where((rows <= allowed).all(axis=1), rows @ gains, -np.inf)
    index = portfolio_index(current, budget) if budget is None or sum(current) <= budget else None
    best = values.max()
    now = values[index] if index is not None else -np.inf
    regret = np.inf if now == -np.inf else max(0.0, best - now)
    if now > -np.inf and now >= best - atol:
        return np.asarray(current), regret
    return rows[int(np.flatnonzero(values >= best - atol)[0])], regret


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 7).flatmap(lambda K: st.tuples(
    st.lists(st.sampled_from([-2.0, -1.0, 0.0, 0.5, 1.0, 1.0 + 1e-7, 2.0, 3.0]), min_size=K, max_size=K),
    st.lists(st.booleans(), min_size=K, max_size=K), st.lists(st.integers(0, 1), min_size=K, max_size=K),
    st.one_of(st.none(), st.integers(0, K)), st.sampled_from([0.0, 1e-6, 0.6]))))
def test_best_portfolio_matches_the_enumeration_of_every_portfolio(case):
    """Ties (equal gains, gains within atol) included: same portfolio, same regret."""
    gains, allowed, current, budget, atol = case
    if budget is not None and sum(current) > budget:
        current = [0] * len(current)
    expected, expected_regret = _brute_force(np.array(gains), np.array(allowed, dtype=int), current, budget, atol)
    row, regret = best_portfolio(gains, current, allowed=allowed, budget=budget, atol=atol)
    assert row.tolist() == list(expected)
    assert regret == pytest.approx(expected_regret, abs=1e-12)


def test_best_portfolio_is_linear_in_the_number_of_industries():
    """K = 64 without listing 2^64 portfolios: per industry without a budget, the b largest gains with one."""
    gains = np.random.default_rng(0).normal(size=64)
    row, regret = best_portfolio(gains, np.zeros(64, dtype=int))
    assert row.tolist() == (gains > 0).astype(int).tolist() and regret == pytest.approx(gains[gains > 0].sum())
    row, _ = best_portfolio(gains, np.zeros(64, dtype=int), budget=5)
    assert set(np.flatnonzero(row)) == set(np.argsort(gains)[-5:])
    out = np.empty(64, dtype=np.int8)
    _, moved = best_portfolio_loops(gains, np.ones(64, dtype=bool), row, 5, 0.0, out, np.empty(64))
    assert not moved  # the knapsack optimum is a best response: no move


# ----------------------------------------------------------------- dynamics and regrets against the enumeration
SMALL = [dict(num_regions=6, num_industries=3), dict(num_regions=7, num_industries=4, budget=2),
         dict(num_regions=6, num_industries=3, sigma=3.0, phi=0.8, theta=0.6),
         dict(num_regions=5, num_industries=3, cost_dispersion=0.0), dict(num_regions=5, num_industries=2, budget=1,
                                                                            cost_dispersion=0.0)]


@pytest.mark.parametrize("changes", SMALL)
def test_dynamics_retrace_the_enumerating_dynamics(changes):
    """Same starts, same equilibria, same outcomes and rounds as best_response_equilibria on entry_game."""
    e = build_economy(Parameters(**changes))
    game = entry_game(e)
    starts = {"nobody builds": (0,) * e.num_regions, "everybody builds": (game.num_actions[0] - 1,) * e.num_regions}
    old = best_response_equilibria(game, starts=starts, num_random_starts=3, seed=7)
    matrices = {name: matrix_of(s, e.num_industries, e.params.budget) for name, s in starts.items()}
    new = portfolio_dynamics(e, matrices, num_random_starts=3, seed=7)
    assert new.profiles() == old.profiles()
    assert [(s.start, s.outcome, s.equilibrium) for s in new.starts] == [(s.start, s.outcome, s.equilibrium)
                                                                       for s in old.starts]
    assert [s.rounds for s in new.starts if s.outcome == "converged"] == \
        [s.rounds for s in old.starts if s.outcome == "converged"]


@pytest.mark.parametrize("seed", range(4))
def test_regrets_equal_the_enumerated_regrets(seed):
    """Random profiles, subsidies, budgets and quotas: the regret over all feasible portfolios, two ways."""
    rng = np.random.default_rng(seed)
    R, K = 5, 3
    budget = [None, 1, 2, None][seed]
    e = build_economy(Parameters(num_regions=R, num_industries=K, budget=budget, cost_seed=seed, sigma=2.0))
    quota = rng.integers(1, R + 1, K) if seed % 2 else None
    subsidy = rng.normal(0, 50, K)
    x = (rng.random((R, K)) < 0.5).astype(int)
    if budget is not None:
        x[:, budget:] = 0
    game = entry_game(e, subsidy=subsidy, quota=quota)
    profile = tuple(portfolio_index(row, budget) for row in x)
    np.testing.assert_allclose(portfolio_regrets(e, x, subsidy=subsidy, quota=quota), game.regrets(profile),
                               atol=1e-9 * e.payoff_range)


@needs_numba
@pytest.mark.parametrize("seed", range(3))
def test_compiled_gains_welfare_and_quota_search_equal_the_array_path(seed, monkeypatch):
    rng = np.random.default_rng(seed)
    p = Parameters(num_regions=8, num_industries=3, cost_seed=seed, sigma=float(rng.uniform(0, 4)),
                   theta=float(rng.uniform(0, 1)), phi=float(rng.uniform(0, 1)))
    e = build_economy(p)
    x = (rng.random((8, 3)) < 0.4).astype(int)
    subsidy = [1.0, -2.0, 0.5]
    # the array path (8 regions: below the compiled threshold), then the compiled one on the same economy
    array_gains, array_welfare = e.entry_gains(x, subsidy), float(e.industry_welfare(x.T.astype(float)).sum())
    array_payoffs, array_market = e.payoffs(x, subsidy), e.market(x.T.astype(float))
    limit = rng.integers(0, 5, 3)
    per_industry = [industry_equilibria(e, k, quota=int(limit[k])) for k in range(3)]
    dynamics = portfolio_dynamics(e, {"nobody": np.zeros((8, 3), dtype=int), "x": x}, num_random_starts=2, seed=seed)
    monkeypatch.setattr(portfolio_kernels, "COMPILED_MIN_REGIONS", 0)
    np.testing.assert_allclose(entry_gains(e, x, subsidy=subsidy), array_gains, atol=1e-9)
    assert e.welfare(x) == pytest.approx(array_welfare, rel=1e-12)
    np.testing.assert_allclose(e.payoffs(x, subsidy), array_payoffs, rtol=1e-12, atol=1e-9)
    for compiled, array in zip(e.market(x.T.astype(float)), array_market):
        np.testing.assert_allclose(compiled, array, rtol=1e-12, atol=1e-9)
    compiled_dynamics = portfolio_dynamics(e, {"nobody": np.zeros((8, 3), dtype=int), "x": x}, num_random_starts=2,
                                           seed=seed)
    assert [s.outcome for s in compiled_dynamics.starts] == [s.outcome for s in dynamics.starts]
    assert [eq.profile for eq in compiled_dynamics] == [eq.profile for eq in dynamics]
    _, best, worst = _industry_extremes(e, per_industry)
    _, _, count, candidates = _compiled_quota_extremes(e, limit, 1e-9)
    assert count == math.prod(len(eq) for eq in per_industry)
    if best is not None:
        assert np.array_equal(candidates[0], best) and np.array_equal(candidates[1], worst)


def test_quota_regime_is_unchanged_by_the_search_without_listing():
    """The documented quota outcome (doctest of quota_equilibria) and its verification over feasible deviations."""
    out = quota_equilibria(build_economy(Parameters(num_regions=4, num_industries=2)), [1, 1])
    assert (out.method, out.complete, out.num_equilibria) == ("exhaustive", True, 16)
    assert round(out.welfare_best, 2) == 3302.76 and round(out.welfare_worst, 2) == 1616.85


# ----------------------------------------------------------------- region tables
def _capitals_table() -> pd.DataFrame:
    regions = load_regions()
    return pd.DataFrame({"name": regions.region, "longitude": regions.longitude, "latitude": regions.latitude,
                         "size": regions.population_10k_2020})


def test_the_capitals_as_a_table_give_the_default_model():
    """A table holding the 31 capitals and their drawn costs reproduces Parameters() exactly (second best, Nash)."""
    default = build_economy(Parameters(num_regions=8, num_industries=3))
    table = _capitals_table().iloc[:8].copy()
    for k in range(3):
        table[f"cost_{k + 1}"] = default.base_cost[:, k]
    mine = build_economy(Parameters.from_regions(table))
    np.testing.assert_allclose(mine.weights, default.weights)
    np.testing.assert_allclose(mine.market_sizes, default.market_sizes)
    a, b = solve_model(Parameters(num_regions=8, num_industries=3)), solve_model(Parameters.from_regions(table))
    for key in ("welfare_nash", "welfare_second_best", "welfare_first_best", "welfare_quota_worst", "entries_nash"):
        assert a.metrics[key] == pytest.approx(b.metrics[key], rel=1e-12), key


def test_region_table_from_csv_with_region_column_and_subset(tmp_path):
    path = tmp_path / "cities.csv"
    _capitals_table().iloc[:6].rename(columns={"name": "region"}).to_csv(path, index=False)
    p = Parameters.from_regions(path, regions=("Shanxi", "Beijing"), num_industries=2)
    e = build_economy(p)
    assert e.regions == ("Shanxi", "Beijing") and p.num_regions == 2
    assert e.coordinates[1].tolist() == pytest.approx([39.90, 116.41], abs=0.05)
    assert dataclasses.replace(p, sigma=2.0).region_table == p.region_table  # sweeps vary other fields
    hash(p)


def test_table_costs_stay_put_when_rows_or_industries_are_added():
    """Drawn costs: column k from (cost_seed, k), so a region keeps its costs as the table or K grows."""
    small = build_economy(Parameters.from_regions(synthetic_regions(10, seed=2), num_industries=3))
    large = build_economy(Parameters.from_regions(synthetic_regions(10, seed=2), num_industries=12))
    np.testing.assert_array_equal(small.base_cost, large.base_cost[:, :3])
    capitals = build_economy(Parameters(num_regions=5, num_industries=8))
    more = build_economy(Parameters(num_regions=5, num_industries=20))
    np.testing.assert_array_equal(capitals.base_cost, more.base_cost[:, :8])  # the original draw is kept
    assert more.industries[:8] == INDUSTRIES and industry_names(20)[-1] == "industry 20"


BAD_TABLES = [
    (pd.DataFrame({"name": ["A"], "longitude": [100.0], "latitude": [30.0]}), "size"),
    (pd.DataFrame({"name": ["A", "A"], "longitude": [100.0, 101], "latitude": [30.0, 31], "size": [1, 2]}), "name"),
    (pd.DataFrame({"name": ["A"], "longitude": [100.0], "latitude": [95.0], "size": [1]}), "latitude"),
    (pd.DataFrame({"name": ["A"], "longitude": [200.0], "latitude": [30.0], "size": [1]}), "longitude"),
    (pd.DataFrame({"name": ["A"], "longitude": [100.0], "latitude": [30.0], "size": [0.0]}), "size"),
    (pd.DataFrame({"name": ["A"], "longitude": ["east"], "latitude": [30.0], "size": [1]}), "longitude"),
    (pd.DataFrame({"name": ["A"], "longitude": [100.0], "latitude": [np.nan], "size": [1]}), "latitude"),
    (pd.DataFrame({"name": ["A"], "longitude": [100.0], "latitude": [30.0], "size": [1], "cost_1": [-1.0]}), "cost"),
    (pd.DataFrame({"name": [], "longitude": [], "latitude": [], "size": []}), "no rows"),
    (42, "table"),
    ("/nonexistent/regions.csv", "table"),
]


@pytest.mark.parametrize(("table", "what"), BAD_TABLES)
def test_bad_region_tables_name_the_argument_and_column(table, what):
    with pytest.raises(cg.errors.InvalidArgumentError, match="table") as error:
        load_region_table(table)
    assert what in str(error.value)
    with pytest.raises(cg.errors.InvalidArgumentError):
        Parameters(region_table=table)


def test_bad_region_parameters_name_the_field():
    table = pd.DataFrame({"name": ["A", "B"], "longitude": [100.0, 110.0], "latitude": [30.0, 35.0], "size": [1, 2],
                          "cost_1": [30.0, 40.0], "cost_2": [35.0, 45.0]})
    with pytest.raises(cg.errors.InvalidArgumentError, match="num_industries"):
        Parameters(region_table=table, num_industries=3)
    with pytest.raises(cg.errors.InvalidArgumentError, match="regions"):
        Parameters.from_regions(table, regions=("A", "Beijing"))
    with pytest.raises(cg.errors.InvalidArgumentError, match="num_industries"):
        Parameters(num_industries=0)
    assert Parameters.from_regions(table).num_industries == 2


# ----------------------------------------------------------------- scale
def test_many_industries_run_every_regime_on_a_small_economy():
    """K = 40 on 6 regions: every regime, every equilibrium verified, planner certified."""
    res = solve_model(Parameters(num_regions=6, num_industries=40))
    m = res.metrics
    assert res.portfolios_nash.shape == (6, 40) and m["planner_relative_gap"] <= 1e-3
    assert m["welfare_second_best"] >= m["welfare_nash"] and m["quota_method"] == "exhaustive"
    assert verify_portfolio(res.economy, res.portfolios_nash, method="check").regret <= 1e-9 * res.economy.payoff_range


@pytest.mark.slow
def test_k64_every_regime_runs_and_is_verified():
    """K = 64 at the 31 capitals: local competition, both planners, the instrument, quotas, the comparison."""
    p = Parameters(num_industries=64)
    res = solve_model(p)
    e, m = res.economy, res.metrics
    assert m["planner_relative_gap"] <= 1e-3 and m["first_best_relative_gap"] <= 1e-3
    assert portfolio_regrets(e, res.portfolios_nash).max() <= 1e-9 * e.payoff_range
    assert portfolio_regrets(e, res.quota.worst, quota=res.quota.quota).max() <= 1e-9 * e.payoff_range
    assert m["instrument_implements"] == 1 and m["welfare_first_best"] >= m["welfare_second_best"] - 1e-6
    assert implementing_instrument(e, res.portfolios_second_best)[2]
    assert compare_regimes(p)["welfare_second_best"] == pytest.approx(m["welfare_second_best"], rel=1e-3)
    # per-industry separability: the first 8 industries' equilibrium columns are those of the 8-industry model
    eight = solve_model(Parameters(num_industries=8))
    np.testing.assert_array_equal(res.portfolios_nash[:, :8], eight.portfolios_nash)


@pytest.mark.slow
def test_k64_with_a_budget_runs_local_competition_and_the_quota_regime():
    """The knapsack best response under a budget of 3 clusters per region, at K = 64 (the planners aside)."""
    e = build_economy(Parameters(num_industries=64, budget=3))
    out = portfolio_dynamics(e, {"nobody builds": np.zeros((31, 64), dtype=int)})
    x = matrix_of(out[0].profile, 64, 3)
    assert x.sum(axis=1).max() <= 3 and portfolio_regrets(e, x).max() <= 1e-9 * e.payoff_range
    quota = quota_equilibria(e, 2, x)
    assert quota.method == "best_response" and quota.worst.sum(axis=0).max() <= 2
    assert portfolio_regrets(e, quota.worst, quota=quota.quota).max() <= 1e-9 * e.payoff_range


@pytest.mark.slow
def test_three_hundred_synthetic_cities_solve_certified():
    p = Parameters.from_regions(synthetic_regions(300, seed=1))
    res = solve_model(p)
    m = res.metrics
    assert res.economy.num_regions == 300 and m["planner_relative_gap"] <= 1e-3
    assert np.isfinite(m["welfare_nash"]) and m["excess_entry"] > 0
    assert portfolio_regrets(res.economy, res.portfolios_nash).max() <= 1e-9 * res.economy.payoff_range
    x, info = second_best(res.economy)
    assert info["relative_gap"] <= 1e-3 and first_best(res.economy, candidates=[x])[1]["relative_gap"] <= 1e-3


@pytest.mark.slow
def test_small_economies_never_load_the_compiled_loops():
    """Below the compiled threshold (12 regions) every regime runs in numpy: numba is not even imported."""
    import subprocess
    import sys

    code = ("import sys\n"
            "from coordgame.models.duplicate_construction import Parameters, solve_model\n"
            "solve_model(Parameters(num_regions=10, num_industries=8))\n"
            "print('numba' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    assert portfolio_kernels.COMPILED_MIN_REGIONS == 12
