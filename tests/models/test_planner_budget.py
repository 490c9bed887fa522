"""The budget-coupled planner (planner_budget): repair and local search from per-industry values, the
Lagrangian certificate against the exact dynamic programme, and the national-scale run (31 x 64, budget 3)."""

import numpy as np
import pytest
from coordgame.models.duplicate_construction import Parameters, build_economy, second_best, solve_model
from coordgame.models.duplicate_construction import planner as planner_module
from coordgame.models.duplicate_construction.planner import _first_best_welfare, _industry_value
from coordgame.models.duplicate_construction.planner_budget import (
    _Columns,
    all_sets,
    budget_dp,
    lagrangian,
    local_search,
    repair,
)
from hypothesis import given, settings
from hypothesis import strategies as st

SMALL = st.fixed_dictionaries({
    "num_regions": st.integers(3, 6),
    "num_industries": st.integers(2, 4),
    "sigma": st.floats(0.0, 3.0),
    "phi": st.floats(0.0, 1.0),
    "cost_seed": st.integers(0, 500),
    "fixed_cost": st.floats(20.0, 400.0),
    "budget": st.integers(1, 2),
})


def _neighbours(x, capacity):
    """Every profile one drop, addition or within-region move away from x (budget respected)."""
    for r in range(x.shape[0]):
        on, off = np.flatnonzero(x[r]), np.flatnonzero(x[r] == 0)
        for k in on:
            y = x.copy()
            y[r, k] = 0
            yield y
            for j in off:
                z = y.copy()
                z[r, j] = 1
                yield z
        if x[r].sum() < capacity:
            for j in off:
                y = x.copy()
                y[r, j] = 1
                yield y


@settings(max_examples=30, deadline=None)
@given(changes=SMALL, seed=st.integers(0, 10_000))
def test_column_values_repair_and_local_search(changes, seed):
    """W(x) is the sum of its columns' values; flips match direct evaluation; the search ends feasible and local-optimal."""
    e = build_economy(Parameters(**changes))
    B = e.params.budget
    x = (np.random.default_rng(seed).random((e.num_regions, e.num_industries)) < 0.6).astype(np.int64)
    columns = _Columns(x, e.welfare)
    assert columns.value.sum() == pytest.approx(e.welfare(x), rel=1e-9, abs=1e-9)
    r, k = seed % e.num_regions, seed % e.num_industries
    y = x.copy()
    y[r, k] ^= 1
    assert columns.flip[r, k] == pytest.approx(e.welfare(y) - e.welfare(x), rel=1e-9, abs=1e-6)
    fixed = repair(x, B, e.welfare)
    assert (fixed.sum(axis=1) <= B).all() and ((fixed <= x).all())  # only drops
    best, value = local_search(fixed, B, e.welfare)
    assert value == pytest.approx(e.welfare(best)) and value >= e.welfare(fixed) - 1e-9
    assert (best.sum(axis=1) <= B).all()
    tol = 1e-9 * e.payoff_range
    assert all(e.welfare(z) <= value + tol for z in _neighbours(best, B))


@settings(max_examples=25, deadline=None)
@given(changes=SMALL)
def test_lagrangian_brackets_the_exact_programme(changes):
    """The Lagrangian's feasible welfare <= the dynamic programme's optimum <= its dual bound (both planners)."""
    e = build_economy(Parameters(**changes))
    R, K, B = e.num_regions, e.num_industries, e.params.budget
    sets = all_sets(R)
    tol = 1e-9 * e.payoff_range

    def fb_welfare(z):
        return float(_first_best_welfare(e, np.asarray(z, dtype=float).T).sum())

    table = np.stack([_industry_value(e, k, sets) for k in range(K)])
    _, optimum = budget_dp(table, R, min(B, K))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(planner_module, "DP_MAX_TRANSITIONS", 0)  # force the relaxation
        x, info = second_best(e)
    assert (x.sum(axis=1) <= B).all() and info["welfare"] == pytest.approx(e.welfare(x))
    if B < K:
        assert info["method"].startswith("Lagrangian")
    assert info["welfare"] <= optimum + tol <= info["upper_bound"] + 2 * tol
    # the first best's relaxation through the same machinery
    fb_table = np.stack([planner_module._first_best_industry_value(e, k, sets) for k in range(K)])
    _, fb_optimum = budget_dp(fb_table, R, min(B, K))
    out = lagrangian(lambda extra: planner_module._first_best_relaxed(e, extra), fb_welfare, R, min(B, K),
                     [np.zeros((R, K), dtype=np.int64)])
    assert out["welfare"] <= fb_optimum + tol <= out["upper_bound"] + 2 * tol
    assert (out["x"].sum(axis=1) <= B).all() and out["welfare"] == pytest.approx(fb_welfare(out["x"]))


@pytest.mark.slow
def test_national_scale_with_a_budget_is_certified():
    """31 capitals x 64 industries, at most 3 clusters per region: every regime, both planners within 0.1%."""
    p = Parameters(num_industries=64, budget=3)
    res = solve_model(p)
    m = res.metrics
    assert m["planner_relative_gap"] <= 1e-3 and m["first_best_relative_gap"] <= 1e-3
    assert m["planner_method"].startswith("Lagrangian")
    for x in (res.portfolios_second_best, res.portfolios_first_best, res.portfolios_nash):
        assert x.sum(axis=1).max() <= 3
    assert m["welfare_second_best"] >= m["welfare_nash_max"] - 1e-9 * res.economy.payoff_range
    assert m["welfare_second_best"] == pytest.approx(res.economy.welfare(res.portfolios_second_best))
    assert m["planner_upper_bound"] >= m["welfare_second_best"]
