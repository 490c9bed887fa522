"""The planners: bounds valid against brute force, budgets solved exactly or with a valid certificate,
planner >= every equilibrium, first best >= second best, undefined metrics explained."""

import itertools

import numpy as np
import pytest
from coordgame.models.duplicate_construction import (
    Parameters,
    build_economy,
    entry_game,
    first_best,
    second_best,
    solve_model,
    synthetic_economy,
)
from coordgame.models.duplicate_construction import planner as planner_module
from coordgame.models.duplicate_construction.planner import _first_best_welfare, _second_best_bound
from coordgame.models.duplicate_construction.planner_bounds import national_bound
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from coordgame.games.structured import binary_portfolios
from coordgame.solvers.structured import exhaustive_pure_nash
from coordgame.solvers.subset_search import branch_and_bound_subsets
from tests.conftest import require_numba

ECONOMIES = st.fixed_dictionaries({
    "num_regions": st.integers(2, 5),
    "num_industries": st.integers(1, 3),
    "sigma": st.floats(0.0, 3.0),
    "phi": st.floats(0.0, 1.0),
    "cost_dispersion": st.floats(0.0, 0.6),
    "cost_seed": st.integers(0, 500),
    "fixed_cost": st.floats(20.0, 400.0),
    "lam": st.floats(0.0, 1.0),
    "theta": st.floats(0.0, 0.3),
    "budget": st.integers(1, 2),
})


def brute_force(economy, welfare):
    """Best welfare over every budget-feasible profile (small economies only)."""
    R, K = economy.num_regions, economy.num_industries
    portfolios = binary_portfolios(K, economy.params.budget)
    best = -np.inf
    for profile in itertools.product(range(len(portfolios)), repeat=R):
        best = max(best, welfare(portfolios[list(profile)]))
    return best


def fb_welfare(economy):
    return lambda x: float(_first_best_welfare(economy, np.asarray(x, dtype=float).T).sum())


# ------------------------------------------------------------------ the bounds
@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), sigma=st.floats(0.0, 3.0), phi=st.floats(0.0, 1.0),
       dispersion=st.floats(0.0, 0.6), num_regions=st.integers(2, 8), uneven=st.booleans())
def test_second_best_bound_is_valid_on_every_node(seed, sigma, phi, dispersion, num_regions, uneven):
    rng = np.random.default_rng(seed)
    e = build_economy(Parameters(num_regions=num_regions, num_industries=1, sigma=sigma, phi=phi,
                                 cost_dispersion=dispersion, cost_seed=seed % 1000))
    R = num_regions
    extra = rng.uniform(0.0, 80.0, R) if uneven else np.zeros(R)
    masks = np.array(list(itertools.product([False, True], repeat=R)))
    values = e.industry_welfare(masks.astype(float), 0) - masks @ extra
    for _ in range(15):
        state = rng.integers(0, 3, R)
        inside, outside = state == 1, state == 2
        feasible = (masks[:, inside]).all(axis=1) & ~(masks[:, outside]).any(axis=1)
        bound = national_bound(e, 0, inside, outside, 100.0 + extra) if uneven else _second_best_bound(e, 0, inside, outside)
        assert bound >= values[feasible].max() - 1e-9 * e.payoff_range
        if not (~inside & ~outside).any():  # a leaf: the bound is the set's own welfare
            assert bound == pytest.approx(values[feasible].max(), abs=1e-6)


# ------------------------------------------------------------------ budgets
@pytest.mark.slow
@settings(max_examples=25, deadline=None)
@given(changes=ECONOMIES)
def test_budget_planners_exact_and_above_every_equilibrium(changes):
    e = build_economy(Parameters(**changes))
    x_sb, sb = second_best(e)
    x_fb, fb = first_best(e, candidates=[x_sb])
    for x in (x_sb, x_fb):
        assert (x.sum(axis=1) <= e.params.budget).all()
    assert sb["exact"] and sb["welfare"] == pytest.approx(brute_force(e, e.welfare), rel=1e-9, abs=1e-9)
    assert fb["welfare"] == pytest.approx(brute_force(e, fb_welfare(e)), rel=1e-9, abs=1e-9)
    assert fb["welfare"] >= sb["welfare"] - 1e-9 * e.payoff_range
    portfolios = binary_portfolios(e.num_industries, e.params.budget)
    for eq in exhaustive_pure_nash(entry_game(e)):
        assert sb["welfare"] >= e.welfare(portfolios[np.asarray(eq.profile)]) - 1e-9 * e.payoff_range


@pytest.mark.slow
@settings(max_examples=15, deadline=None)
@given(changes=ECONOMIES)
def test_lagrangian_certificate_is_valid(changes):
    assume(changes["budget"] < changes["num_industries"])  # the budget binds: industries coupled
    e = build_economy(Parameters(**changes))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(planner_module, "DP_MAX_TRANSITIONS", 0)  # force the relaxation
        x_sb, sb = second_best(e)
        _, fb = first_best(e, candidates=[x_sb])
    assert sb["method"].startswith("Lagrangian") and fb["method"].startswith("Lagrangian")
    optimum_sb, optimum_fb = brute_force(e, e.welfare), brute_force(e, fb_welfare(e))
    tol = 1e-9 * e.payoff_range
    assert sb["welfare"] <= optimum_sb + tol <= sb["upper_bound"] + 2 * tol
    assert fb["welfare"] <= optimum_fb + tol <= fb["upper_bound"] + 2 * tol
    assert sb["gap"] == pytest.approx(sb["upper_bound"] - sb["welfare"])
    assert fb["welfare"] >= sb["welfare"] - tol


def test_budget_small_instance_matches_brute_force():
    e = build_economy(Parameters(num_regions=4, num_industries=3, budget=1, sigma=1.5, phi=0.5))
    x_sb, sb = second_best(e)
    _, fb = first_best(e, candidates=[x_sb])
    assert sb["exact"] and sb["welfare"] == pytest.approx(brute_force(e, e.welfare))
    assert fb["welfare"] == pytest.approx(brute_force(e, fb_welfare(e))) and fb["welfare"] >= sb["welfare"]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(planner_module, "DP_MAX_TRANSITIONS", 0)
        _, relaxed = second_best(e)
    assert relaxed["welfare"] <= sb["welfare"] + 1e-9 <= relaxed["upper_bound"] + 1e-6


@pytest.mark.slow
def test_issue_example_eight_regions_budget_one():
    # Before: second best 11,567 below local competition's 13,075 and first best 10,817 (loss -13%).
    m = solve_model(Parameters(num_regions=8, budget=1)).metrics
    assert m["planner_exact"] == 1 and m["planner_gap"] == 0.0 and m["first_best_gap"] == 0.0
    assert m["welfare_second_best"] >= m["welfare_nash_max"] >= m["welfare_nash"]
    assert m["welfare_first_best"] >= m["welfare_second_best"]
    assert m["welfare_loss_pct"] >= 0.0
    assert m["undefined"] == ""


def test_shown_profiles_are_never_beaten():
    e = build_economy(Parameters(num_regions=6, num_industries=2))
    _, info = second_best(e)
    with pytest.raises(Exception, match="candidates"):
        second_best(e, candidates=[np.ones((3, 3))])
    assert info["welfare"] >= max(e.welfare(np.ones((6, 2))), e.welfare(np.zeros((6, 2))))


def test_nothing_built_says_why():
    m = solve_model(Parameters(num_regions=4, num_industries=1, fixed_cost=5000.0)).metrics
    assert m["entries_second_best"] == 0 and np.isnan(m["welfare_loss_pct"])
    assert "welfare_loss_pct: the second best's welfare is 0" in m["undefined"]
    assert "price_of_anarchy: needs positive welfare" in m["undefined"]


# ------------------------------------------------------------------ relative gap of the search
def test_relative_gap_certificate_holds():
    rng = np.random.default_rng(3)
    n = 10
    v = rng.uniform(0, 10, n)
    pair = rng.uniform(-2, 2, (n, n))

    def f(m):
        return float(v[m].sum() - 4.0 * m.sum() + pair[np.ix_(m, m)].sum() / 4)

    def ub(i, o):
        free = ~i & ~o
        return f(i) + float(np.clip(v[free] - 4.0, 0, None).sum()) + float(np.abs(pair).sum()) / 4

    masks = np.array(list(itertools.product([False, True], repeat=n)))
    optimum = max(f(m) for m in masks)
    loose = branch_and_bound_subsets(n, f, ub, relative_gap=0.05)
    assert loose.value <= optimum <= loose.upper_bound + 1e-9
    assert loose.gap <= 0.05 * abs(loose.value) + 1e-9 and loose.complete
    exact = branch_and_bound_subsets(n, f, ub)
    assert exact.exact and exact.value == pytest.approx(optimum) and exact.gap == 0.0


@pytest.mark.parametrize(("call", "argument"), [
    (lambda e: second_best(e, candidates=[np.full((3, 2), 2)]), "candidates"),
    (lambda e: first_best(e, candidates=[np.ones((2, 2))]), "candidates"),
    (lambda e: second_best(e, relative_gap=1.5), "relative_gap"),
    (lambda e: synthetic_economy(0, 2), "num_regions"),
    (lambda e: synthetic_economy(3, 0), "num_industries"),
    (lambda e: synthetic_economy(3, 2, seed=-1), "seed"),
])
def test_bad_inputs_name_the_argument(call, argument):
    from coordgame.errors import InvalidArgumentError

    e = build_economy(Parameters(num_regions=3, num_industries=2))
    with pytest.raises(InvalidArgumentError, match=argument):
        call(e)


def test_synthetic_economy_is_seeded_and_solvable_beyond_the_named_regions():
    a, b = synthetic_economy(40, 10, seed=3), synthetic_economy(40, 10, seed=3)
    assert np.array_equal(a.base_cost, b.base_cost) and np.array_equal(a.weights, b.weights)
    assert not np.array_equal(a.base_cost, synthetic_economy(40, 10, seed=4).base_cost)
    x, info = second_best(a)
    assert x.shape == (40, 10) and info["relative_gap"] <= 1e-3
    assert info["welfare"] == pytest.approx(a.welfare(x)) and info["upper_bound"] >= info["welfare"]
    _, fb = first_best(a, candidates=[x])
    assert fb["welfare"] >= info["welfare"]


def test_compiled_node_bound_and_welfare_equal_the_array_forms():
    from coordgame.models.duplicate_construction.planner_kernels import kernels

    require_numba()  # without numba there are no compiled forms to compare
    kern = kernels()
    rng = np.random.default_rng(7)
    for _ in range(60):
        R = int(rng.integers(2, 31))
        sigma = float(rng.uniform(0, 3))
        e = build_economy(Parameters(num_regions=R, num_industries=1, sigma=sigma, phi=float(rng.uniform(0, 1))))
        fixed = 100.0 + rng.uniform(0, 50, R)
        state = rng.integers(0, 3, R)
        inside, outside = state == 1, state == 2
        args = (100.0, 1.0, sigma, np.ascontiguousarray(e.base_cost[:, 0]), e.weights)
        assert kern["node_bound_loops"](*args, inside, outside, fixed) == pytest.approx(
            national_bound(e, 0, inside, outside, fixed), rel=1e-12, abs=1e-9)
        mask = rng.integers(0, 2, R).astype(bool)
        expected = float(e.industry_welfare(mask.astype(float), 0)) - float(((fixed - 100.0) * mask).sum())
        assert kern["market_welfare_loops"](*args, mask, fixed) == pytest.approx(expected, rel=1e-12, abs=1e-9)
