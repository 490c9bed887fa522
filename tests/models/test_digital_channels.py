"""The two channels of digital connectivity: knowledge reach (mean-preserving kernel) and market access."""

from __future__ import annotations

import dataclasses
import itertools
import warnings

import numpy as np
import pytest
from coordgame.models.duplicate_construction import (
    Parameters,
    build_economy,
    first_best,
    implementing_instrument,
    implementing_subsidy,
    load_cost_matrix,
    second_best,
    solve_model,
    spillover_weights,
)
from coordgame.models.duplicate_construction.comparison import compare_regimes
from coordgame.models.duplicate_construction.geography import _coordinates, great_circle_km
from coordgame.models.duplicate_construction.markets import (
    delivery_costs,
    segmented_cournot,
    segmented_second_best_bound,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from coordgame.errors import InvalidArgumentError

DISTANCES = great_circle_km(_coordinates()[1])
OFF = ~np.eye(31, dtype=bool)


# ---- knowledge reach -----------------------------------------------------------------------
@given(phi=st.floats(0.0, 1.0), h=st.floats(200.0, 5000.0))
@settings(max_examples=40, deadline=None)
def test_mean_preserving_kernel_keeps_the_mean_weight_fixed_across_phi(phi, h):
    reference = spillover_weights(DISTANCES, h, 0.0, "mean_preserving")[OFF].mean()
    weights = spillover_weights(DISTANCES, h, phi, "mean_preserving")
    assert weights[OFF].mean() == pytest.approx(reference, rel=1e-12)
    assert (np.diag(weights) == 0).all()
    # more reach: the weight of the farthest pair relative to the nearest never falls as phi rises
    farther = spillover_weights(DISTANCES, h, min(1.0, phi + 0.1), "mean_preserving")
    ratio = weights[OFF].min() / weights[OFF].max()
    assert farther[OFF].min() / farther[OFF].max() >= ratio - 1e-12


def test_additive_kernel_is_unchanged_and_default():
    w = spillover_weights(DISTANCES, 1200.0, 0.2)
    assert np.allclose(w[OFF], (0.8 * np.exp2(-DISTANCES / 1200.0) + 0.2)[OFF], rtol=0, atol=0)
    assert Parameters().spillover_form == "additive"
    assert np.array_equal(build_economy().weights, w)
    # the additive kernel's mean rises with phi (the level effect the mean-preserving form removes)
    assert spillover_weights(DISTANCES, 1200.0, 0.8)[OFF].mean() > w[OFF].mean()


def test_both_forms_agree_at_phi_zero_and_flatten_at_one():
    a = spillover_weights(DISTANCES, 1200.0, 0.0)
    b = spillover_weights(DISTANCES, 1200.0, 0.0, "mean_preserving")
    assert np.allclose(a, b, rtol=1e-14, atol=0)
    flat = spillover_weights(DISTANCES, 1200.0, 1.0, "mean_preserving")[OFF]
    assert np.allclose(flat, a[OFF].mean(), rtol=1e-12)


# ---- market access: Brander-Krugman reciprocal markets ----------------------------------------
@given(a=st.floats(50.0, 200.0), c=st.floats(0.0, 40.0), b=st.floats(0.2, 5.0), share=st.floats(0.0, 1.2))
@settings(max_examples=60, deadline=None)
def test_brander_krugman_closed_forms(a, c, b, share):
    """Brander and Krugman (1983, J. Int. Econ. 15: 313-321), two symmetric countries.

    Local sales (a-c+t)/3b, exports (a-c-2t)/3b for t < (a-c)/2; no exports for t >= (a-c)/2
    (then each firm is a local monopolist, (a-c)/2b).
    """
    t = share * (a - c) / 2
    out = segmented_cournot(a, [b, b], [c, c], [[0.0, t], [t, 0.0]])
    q = out.quantities  # (market, firm)
    scale = a / b
    if t < (a - c) / 2:
        assert q[0, 0] == pytest.approx((a - c + t) / (3 * b), abs=1e-9 * scale)
        assert q[0, 1] == pytest.approx((a - c - 2 * t) / (3 * b), abs=1e-9 * scale)
    else:
        assert q[0, 1] == 0.0 and q[1, 0] == 0.0
        assert q[0, 0] == pytest.approx((a - c) / (2 * b), abs=1e-9 * scale)
    assert np.allclose(q, q[::-1, ::-1])  # symmetric
    # welfare identity: CS + profits = sum over markets of the area under demand minus all costs
    total = q.sum(axis=1)
    gross = (a * total - 0.5 * b * total**2).sum()
    costs = (c * q).sum() + t * (q[0, 1] + q[1, 0])
    assert out.surplus + out.profit.sum() == pytest.approx(gross - costs, abs=1e-9 * a * scale)
    assert out.delivery.sum() == pytest.approx(t * (q[0, 1] + q[1, 0]), abs=1e-9 * a * scale)


@given(data=st.data())
@settings(max_examples=40, deadline=None)
def test_segmented_markets_satisfy_the_first_order_conditions(data):
    R = data.draw(st.integers(2, 6))
    costs = np.array(data.draw(st.lists(st.floats(0.0, 80.0), min_size=R, max_size=R)))
    built = np.array(data.draw(st.lists(st.booleans(), min_size=R, max_size=R)))
    tau = np.array(data.draw(st.lists(st.floats(0.0, 40.0), min_size=R * R, max_size=R * R))).reshape(R, R)
    np.fill_diagonal(tau, 0.0)
    slopes = np.array(data.draw(st.lists(st.floats(0.5, 4.0), min_size=R, max_size=R)))
    out = segmented_cournot(100.0, slopes, np.where(built, costs, np.inf), tau)
    margin = out.prices[:, None] - (costs[None, :] + tau.T)  # (M, R)
    q = out.quantities
    assert (q[:, ~built] == 0).all()
    assert np.allclose(np.where(q > 0, margin - slopes[:, None] * q, 0.0), 0.0, atol=1e-8)
    assert (np.where((q == 0) & built[None, :], margin, -1.0) <= 1e-8).all()  # zero sellers: no profitable sale


def test_delivery_costs_scale_with_distance_over_the_mean():
    tau = delivery_costs(DISTANCES, 10.0, 0.0)
    assert tau[OFF].mean() == pytest.approx(10.0)
    assert (np.diag(tau) == 0).all()
    assert np.allclose(delivery_costs(DISTANCES, 10.0, 0.6), 0.4 * tau)


# ---- t = 0 reproduces the one national market --------------------------------------------------
def test_no_delivery_cost_reproduces_the_national_model_exactly():
    base = solve_model(Parameters(num_regions=6, num_industries=2))
    for changes in ({"trade_cost": 0.0, "phi_market": 0.3}, {"trade_cost": 12.0, "phi_market": 1.0}):
        other = solve_model(Parameters(num_regions=6, num_industries=2, **changes))
        for key, value in base.metrics.items():
            assert other.metrics[key] == value or (value != value and other.metrics[key] != other.metrics[key]), key
        assert np.array_equal(other.portfolios_second_best, base.portfolios_second_best)


def test_segmented_formulas_with_zero_delivery_cost_equal_the_national_market():
    """Not a shortcut: the regional-market computation itself, with tau = 0, against the one-market formulas."""
    national = build_economy(Parameters(num_regions=7, num_industries=3))
    forced = dataclasses.replace(national, delivery=np.zeros((7, 7)))
    assert forced.segmented and not national.segmented
    rng = np.random.default_rng(3)
    x = rng.integers(0, 2, size=(20, 7, 3)).astype(float)
    scale = national.payoff_range
    for portfolio in x:
        assert forced.welfare(portfolio) == pytest.approx(national.welfare(portfolio), abs=1e-9 * scale)
        assert np.allclose(forced.payoffs(portfolio), national.payoffs(portfolio), atol=1e-9 * scale, rtol=0)
        assert np.allclose(forced.entry_gains(portfolio), national.entry_gains(portfolio), atol=1e-9 * scale, rtol=0)
        assert np.allclose(forced.market(portfolio.T)[0], national.market(portfolio.T)[0], atol=1e-9 * 100)
    assert np.array_equal(second_best(forced)[0], second_best(national)[0])


# ---- planners with segmented markets: cross-checked by enumeration ---------------------------------
def _all_sets(R):
    return np.array(list(itertools.product([0.0, 1.0], repeat=R)))


@pytest.mark.parametrize("trade_cost", [5.0, 20.0, 40.0])
def test_segmented_second_best_equals_enumeration_and_bound_is_valid(trade_cost):
    economy = build_economy(Parameters(num_regions=7, num_industries=2, trade_cost=trade_cost, sigma=1.5))
    x, info = second_best(economy, relative_gap=0.0)  # prove optimality (the default stops at 0.1%)
    masks = _all_sets(7)
    for k in range(2):
        values = economy.industry_welfare(masks, k)
        assert economy.industry_welfare(x[:, k].astype(float), k) == pytest.approx(values.max(), abs=1e-9 * 1e4)
        rng = np.random.default_rng(k)
        for _ in range(30):  # the bound is above every set in its subtree
            state = rng.integers(0, 3, size=7)
            inside, outside = state == 1, state == 2
            ok = (masks[:, inside] == 1).all(axis=1) & (masks[:, outside] == 0).all(axis=1)
            assert segmented_second_best_bound(economy, k, inside, outside) >= values[ok].max() - 1e-9 * 1e4
    assert info["exact"] and info["gap"] == 0.0


def test_segmented_first_best_is_certified_and_above_the_second_best():
    economy = build_economy(Parameters(num_regions=6, num_industries=2, trade_cost=15.0))
    x_fb, fb = first_best(economy)
    _, sb = second_best(economy)
    assert fb["welfare"] >= sb["welfare"] - 1e-9 * economy.payoff_range
    built = np.zeros((64, 2, 6))
    masks = _all_sets(6)
    from coordgame.models.duplicate_construction.markets import segmented_first_best_welfare

    for k in range(2):
        built[:] = 0
        built[:, k, :] = masks
        brute = segmented_first_best_welfare(economy, built)[:, k].max()
        assert segmented_first_best_welfare(economy, x_fb.T[None].astype(float))[0, k] <= brute + 1e-9
    assert fb["upper_bound"] >= fb["welfare"] and fb["gap"] >= 0


def test_market_access_changes_the_economy_and_stays_verified():
    res = solve_model(Parameters(num_regions=6, num_industries=2, trade_cost=15.0))
    m = res.metrics
    assert m["welfare_second_best"] >= m["welfare_nash"] - 1e-9
    national = solve_model(Parameters(num_regions=6, num_industries=2)).metrics
    assert m["welfare_second_best"] < national["welfare_second_best"]  # delivery costs are real costs


# ---- instrument, comparison, inputs ------------------------------------------------------------------
def test_instrument_is_a_tax_on_the_default_economy_and_old_name_warns():
    economy = build_economy(Parameters(num_regions=6, num_industries=2))
    x = second_best(economy)[0]
    s, _, implements = implementing_instrument(economy, x)
    assert implements and (s < 0).all()
    with pytest.warns(DeprecationWarning):
        old = implementing_subsidy(economy, x)[0]
    assert np.array_equal(old, s)
    m = compare_regimes(Parameters(num_regions=6, num_industries=2))
    assert m["fiscal_balance"] == pytest.approx(-(s @ x.sum(axis=0)))
    assert m["instrument_per_F"] == pytest.approx(s.mean() / 100.0)
    assert m["consumer_surplus_nash"] >= m["consumer_surplus_second_best"]  # more clusters, lower prices
    assert m["price_nash"] <= m["price_second_best"]


def test_user_cost_matrix_replaces_the_draw(tmp_path):
    path = tmp_path / "costs.csv"
    path.write_text("region,a\nHebei,31.5\nTianjin,50\n")
    costs = load_cost_matrix(str(path), ["Tianjin", "Hebei"])
    e = build_economy(Parameters(regions=("Tianjin", "Hebei"), num_industries=1, base_costs=costs))
    assert e.base_cost.tolist() == [[50.0], [31.5]]


@pytest.mark.parametrize(("call", "name"), [
    (lambda: Parameters(spillover_form="flat"), "spillover_form"),
    (lambda: Parameters(trade_cost=-1.0), "trade_cost"),
    (lambda: Parameters(phi_market=1.5), "phi_market"),
    (lambda: Parameters(num_regions=2, num_industries=1, base_costs=((1.0,),)), "base_costs"),
    (lambda: Parameters(num_regions=2, num_industries=1, base_costs=((1.0,), (-2.0,))), "base_costs"),
    (lambda: spillover_weights(DISTANCES, 1200.0, 0.5, "wide"), "form"),
    (lambda: spillover_weights(DISTANCES, 1200.0, 1.5), "phi"),
    (lambda: delivery_costs(DISTANCES, -1.0, 0.0), "trade_cost"),
    (lambda: load_cost_matrix("/nonexistent/costs.csv"), "path"),
    (lambda: compare_regimes("default"), "params"),
])
def test_bad_inputs_name_the_argument(call, name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(InvalidArgumentError, match=name):
            call()


# ---- distribution of gains -------------------------------------------------------------------------
@pytest.mark.parametrize("trade_cost", [0.0, 15.0])
def test_regional_welfare_adds_up_to_national_welfare(trade_cost):
    from coordgame.models.duplicate_construction import regional_welfare

    economy = build_economy(Parameters(num_regions=6, num_industries=3, trade_cost=trade_cost))
    rng = np.random.default_rng(5)
    for _ in range(10):
        x = rng.integers(0, 2, size=(6, 3))
        assert regional_welfare(economy, x).sum() == pytest.approx(economy.welfare(x), abs=1e-9 * economy.payoff_range)


def test_regional_gains_sum_to_the_national_gain_with_and_without_the_instrument():
    from coordgame.models.duplicate_construction import regional_gains

    params = Parameters(num_regions=8, num_industries=2)
    table = regional_gains(params)
    m = compare_regimes(params)
    national = m["welfare_second_best"] - m["welfare_nash"]
    assert table["gain_without_instrument"].sum() == pytest.approx(national, rel=1e-9)
    assert table["gain_with_instrument"].sum() == pytest.approx(national, rel=1e-9)
    assert table["instrument_paid"].sum() == pytest.approx(m["fiscal_balance"], rel=1e-9)
    assert (table["instrument_paid"] >= 0).all()  # a tax: regions pay on their planned clusters
    assert np.array_equal(table["clusters_plan"] > 0, table["instrument_paid"] > 0)


def test_solve_model_reports_instrument_fiscal_balance_prices_and_objective():
    m = solve_model(Parameters(num_regions=6, num_industries=2)).metrics
    assert m["instrument_kind"] == "tax" and m["instrument_over_F_max"] < 0
    assert m["fiscal_balance"] == pytest.approx(-m["subsidy_total"])
    assert m["welfare_instrument"] == m["welfare_subsidy"]
    assert m["objective"].startswith("national welfare")
    # first best: price = marginal cost, so its consumer surplus exceeds every other regime's
    assert m["consumer_surplus_first_best"] >= max(m["consumer_surplus_nash"], m["consumer_surplus_second_best"])
    assert m["price_first_best"] <= m["price_nash"] <= m["price_second_best"]


# ---- experiments -----------------------------------------------------------------------------------------
def test_num_regions_uses_seeded_random_subsets_not_code_order():
    from coordgame.experiments.num_regions import grid, subset_regions

    subsets = {subset_regions(10, s) for s in range(20)}
    assert len(subsets) == 20 and all(len(s) == 10 for s in subsets)
    assert subset_regions(10, 3) == subset_regions(10, 3)
    first_ten = tuple(build_economy(Parameters(num_regions=10)).regions)
    assert first_ten not in subsets
    full = grid(False)
    assert min(sum(1 for p in full if p["num_regions"] == r) for r in {p["num_regions"] for p in full} - {31}) >= 20


def test_digital_coordination_grid_has_twenty_draws_per_channel_point():
    from coordgame.experiments import digital_coordination as dc

    points = [p for p in dc.grid(False) if p["panel"] == "channels"]
    per = {}
    for p in points:
        per.setdefault((p["channel"], p["phi"]), set()).add(p["seed"])
    assert set(ch for ch, _ in per) == {"reach", "market", "both"}
    assert min(len(s) for s in per.values()) >= 20


@pytest.mark.slow
@pytest.mark.parametrize("name", ["digital_coordination", "distribution", "num_regions"])
def test_quick_experiments_write_documented_csvs(tmp_path, name):
    import importlib

    import pandas as pd

    from coordgame.reproduce import run_experiment

    module = importlib.import_module(f"coordgame.experiments.{name}")
    result = run_experiment(module, tmp_path, quick=True, progress=False)
    assert result.failed == 0
    dictionary = pd.read_csv(tmp_path / f"{name}.dictionary.csv")
    assert dictionary["column"].tolist() == pd.read_csv(result.data).columns.tolist()
