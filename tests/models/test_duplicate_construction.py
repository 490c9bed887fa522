"""The duplicate-construction model: Mankiw-Whinston special case, comparative statics,
cross-checks against the foundation solvers, the Cournot stage, the planner's search."""

import dataclasses
import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from coordgame.models.duplicate_construction import (
    INDUSTRIES,
    Parameters,
    build_economy,
    entry_game,
    first_best,
    implementing_instrument,
    industry_equilibria,
    krugman_dissimilarity,
    load_regions,
    market_outcome,
    quota_equilibria,
    quota_starts,
    second_best,
    solve_model,
)
from coordgame.models.duplicate_construction.planner import _second_best_bound
from hypothesis import given, settings
from hypothesis import strategies as st

import coordgame as cg
from coordgame.games.structured import binary_portfolios
from coordgame.solvers.structured import exhaustive_pure_nash


def mankiw_whinston(fixed_cost, num_regions=6, **changes):
    """K = 1, identical regions (no cost dispersion), no spillovers, lam = theta = 0; P = 10 - Q, c = 0."""
    base = dict(num_regions=num_regions, num_industries=1, sigma=0.0, lam=0.0, theta=0.0, cost_dispersion=0.0,
                cost_mean=0.0, demand_intercept=10.0, demand_slope=1.0, fixed_cost=fixed_cost)
    return Parameters(**(base | changes))


# ------------------------------------------------------------------ Mankiw and Whinston (1986)
# Mankiw, N. G. and Whinston, M. D. (1986), "Free entry and social inefficiency", RAND Journal
# of Economics 17(1), 48-58.  Homogeneous Cournot, P = a - bQ, cost c: each of n firms earns
# pi(n) = (a - c)^2 / (b (n+1)^2).  Free entry: n_e = largest n with pi(n) >= F.  Second best:
# n* maximises W(n) = CS + n pi(n) - n F.  Theorem: n_e >= n* - 1.
def test_mankiw_whinston_excess_entry_worked_instance():
    # a = 10, b = 1, c = 0, F = 3: pi(4) = 100/25 = 4 >= 3 > pi(5) = 100/36, so n_e = 4.
    # W(n) = 50 n^2/(n+1)^2 + 100 n/(n+1)^2 - 3n: W(1) = 34.5, W(2) = 346/9 = 38.44,
    # W(3) = 37.875, W(4) = 36, so n* = 2 < n_e = 4 (excess entry).
    res = solve_model(mankiw_whinston(3.0))
    m = res.metrics
    assert m["nash_method"] == "exhaustive"
    assert m["entries_nash"] == 4 and m["entries_second_best"] == 2 and m["excess_entry"] == 2
    assert m["num_equilibria"] == math.comb(6, 4)  # any 4 of the 6 identical regions
    assert m["welfare_nash"] == pytest.approx(36.0)
    assert m["welfare_nash_min"] == pytest.approx(36.0) and m["welfare_nash_max"] == pytest.approx(36.0)
    assert m["welfare_second_best"] == pytest.approx(346 / 9)
    assert m["welfare_loss"] == pytest.approx(346 / 9 - 36)
    assert m["duplicated_fixed_cost"] == pytest.approx(6.0)
    # first best: one firm at price = marginal cost 0 serves Q = 10: 50 - 3
    assert m["welfare_first_best"] == pytest.approx(47.0) and m["entries_first_best"] == 1
    assert m["planner_gap"] == 0.0


def test_mankiw_whinston_integer_effect_instance():
    # F = 30: a monopolist earns 25 < 30, so nobody enters (n_e = 0), yet W(1) = 12.5 + 25 - 30
    # = 7.5 > 0 = W(0): n* = 1 = n_e + 1, the integer effect the theorem allows.
    m = solve_model(mankiw_whinston(30.0)).metrics
    assert m["entries_nash"] == 0 and m["entries_second_best"] == 1
    assert m["welfare_nash"] == 0.0 and m["welfare_second_best"] == pytest.approx(7.5)
    assert m["num_equilibria"] == 1


@pytest.mark.slow
@settings(max_examples=30, deadline=None)
@given(fixed_cost=st.fractions(Fraction(1, 10), Fraction(40)))
def test_mankiw_whinston_theorem_holds_and_counts_match_closed_forms(fixed_cost):
    F = float(fixed_cost)
    profit = [Fraction(100, (n + 1) ** 2) for n in range(9)]
    free_entry = max([n for n in range(1, 9) if profit[n] >= fixed_cost], default=0)
    welfare = [Fraction(50 * n * n, (n + 1) ** 2) + n * profit[n] - n * fixed_cost for n in range(9)]
    best = max(welfare)
    optima = [n for n in range(9) if welfare[n] == best]  # e.g. F = 11/18: W(4) = W(5) exactly
    if any(abs(float(profit[n] - fixed_cost)) < 1e-6 for n in range(9)):
        return  # exact indifference: both entry decisions are equilibria
    m = solve_model(mankiw_whinston(F, num_regions=8)).metrics
    assert m["entries_nash"] == free_entry
    assert m["entries_second_best"] in optima
    assert free_entry >= m["entries_second_best"] - 1
    assert m["welfare_second_best"] == pytest.approx(float(best))


# ------------------------------------------------------------------ comparative statics
def test_local_output_weight_raises_entry_in_the_symmetric_case():
    # (1 + lam) * 100/(n+1)^2 >= 3: lam = 0 gives n = 4, lam = 0.5 gives (n+1)^2 <= 50, n = 6
    assert solve_model(mankiw_whinston(3.0, num_regions=8)).metrics["entries_nash"] == 4
    assert solve_model(mankiw_whinston(3.0, num_regions=8, lam=0.5)).metrics["entries_nash"] == 6


@pytest.mark.parametrize("field", ["lam", "theta"])
def test_officials_weights_raise_entry_on_a_calibrated_instance(field):
    base = Parameters(num_regions=9, num_industries=3, **{"lam": 0.0, "theta": 0.0})
    entries = []
    for value in (0.0, 0.3, 0.8):
        m = solve_model(dataclasses.replace(base, **{field: value})).metrics
        assert m["nash_method"] == "exhaustive"
        entries.append((m["entries_nash"], m["welfare_nash_min"]))
    counts = [e for e, _ in entries]
    assert counts[0] < counts[1] <= counts[2]
    # the planner does not care about lam or theta
    sb = {solve_model(dataclasses.replace(base, **{field: v})).metrics["welfare_second_best"] for v in (0.0, 0.8)}
    assert len({round(w, 9) for w in sb}) == 1


# ------------------------------------------------------------------ cross-checks on small instances
SMALL = [
    dict(num_regions=3, num_industries=2),
    dict(num_regions=4, num_industries=2, lam=0.6, theta=0.4, sigma=3.0),
    dict(num_regions=5, num_industries=1, phi=0.9, sigma=5.0, fixed_cost=300.0),
    dict(num_regions=5, num_industries=2, cost_dispersion=0.6, cost_seed=3),
    dict(num_regions=4, num_industries=2, fixed_cost=20.0, theta=1.0, cost_seed=11),
]


def national_welfare_table(economy, game):
    portfolios = game.actions(0)
    values = np.empty(game.num_actions)
    for profile in itertools.product(*(range(n) for n in game.num_actions)):
        values[profile] = economy.welfare(portfolios[np.asarray(profile)])
    return values


@pytest.mark.parametrize("changes", SMALL)
def test_small_instances_agree_with_the_foundation_solvers(changes):
    params = Parameters(**changes)
    economy = build_economy(params)
    game = entry_game(economy)
    normal = game.to_normal_form()
    expected = sorted(cg.pure_nash(normal).pure_profiles())
    # exhaustive structured search on the same game
    assert sorted(exhaustive_pure_nash(game).profiles()) == expected
    # the model's industry-by-industry enumeration: all combinations of industry equilibria
    per_industry = [industry_equilibria(economy, k) for k in range(economy.num_industries)]
    combined = sorted(
        tuple(game.action_index(r, [col[r] for col in cols]) for r in range(economy.num_regions))
        for cols in itertools.product(*per_industry)
    )
    assert combined == expected
    res = solve_model(params)
    assert res.metrics["num_equilibria"] == len(expected)
    assert res.metrics["nash_method"] == "exhaustive"
    nash_profile = tuple(game.action_index(r, row) for r, row in enumerate(res.portfolios_nash))
    assert nash_profile in expected
    # planner: the best national welfare over every profile of the normal form
    table = national_welfare_table(economy, game)
    assert res.metrics["welfare_second_best"] == pytest.approx(table.max(), abs=1e-9)
    assert res.metrics["planner_gap"] == 0.0
    welfare_at_equilibria = [table[p] for p in expected]
    assert res.metrics["welfare_nash_min"] == pytest.approx(min(welfare_at_equilibria))
    assert res.metrics["welfare_nash_max"] == pytest.approx(max(welfare_at_equilibria))


@pytest.mark.parametrize("changes", SMALL)
def test_first_best_equals_brute_force_over_sets(changes):
    economy = build_economy(Parameters(**changes))
    x, info = first_best(economy)
    R = economy.num_regions
    for k in range(economy.num_industries):
        best = 0.0
        for mask in binary_portfolios(R).astype(bool)[1:]:
            cost = np.maximum(0, economy.base_cost[mask, k] - economy.params.sigma * (mask @ economy.weights)[mask]).min()
            best = max(best, max(0.0, 100.0 - cost) ** 2 / 2 - economy.params.fixed_cost * mask.sum())
        chosen = x[:, k].astype(bool)
        got = 0.0
        if chosen.any():
            cost = np.maximum(0, economy.base_cost[chosen, k] - economy.params.sigma * (chosen @ economy.weights)[chosen]).min()
            got = max(0.0, 100.0 - cost) ** 2 / 2 - economy.params.fixed_cost * chosen.sum()
        assert got == pytest.approx(best)
    assert info["exact"]


def test_budget_game_agrees_with_pure_nash():
    params = Parameters(num_regions=4, num_industries=3, budget=1, lam=0.5)
    game = entry_game(build_economy(params))
    assert game.num_actions == (4,) * 4
    assert sorted(exhaustive_pure_nash(game).profiles()) == sorted(cg.pure_nash(game.to_normal_form()).pure_profiles())
    expected = sorted(cg.pure_nash(game.to_normal_form()).pure_profiles())
    res = solve_model(params)
    assert res.metrics["nash_method"] == "exhaustive" and res.metrics["num_equilibria"] == len(expected)
    assert tuple(game.action_index(r, row) for r, row in enumerate(res.portfolios_nash)) in expected
    assert solve_model(params, nash_method="best_response").metrics["nash_method"] == "best_response"
    assert (res.portfolios_nash.sum(axis=1) <= 1).all() and (res.portfolios_second_best.sum(axis=1) <= 1).all()


# ------------------------------------------------------------------ second-best search
@pytest.mark.parametrize("seed", range(6))
def test_second_best_branch_and_bound_equals_brute_force(seed):
    rng = np.random.default_rng(seed)
    params = Parameters(num_regions=9, num_industries=2, sigma=float(rng.uniform(0, 4)), phi=float(rng.uniform(0, 1)),
                        fixed_cost=float(rng.uniform(20, 300)), cost_dispersion=float(rng.uniform(0, 0.6)), cost_seed=seed)
    economy = build_economy(params)
    masks = binary_portfolios(9).astype(float)
    x, info = second_best(economy, relative_gap=0.0)  # prove optimality (the default certifies 0.1%)
    assert economy.welfare(x) == pytest.approx(info["welfare"])
    brute = sum(economy.industry_welfare(masks, k).max() for k in range(2))
    assert info["exact"] and info["gap"] == 0.0
    assert info["welfare"] == pytest.approx(brute, abs=1e-9)
    _, default = second_best(economy)
    assert default["welfare"] <= brute + 1e-9 <= default["upper_bound"] + 1e-6
    assert default["relative_gap"] <= 1e-3 and default["welfare"] >= brute * (1 - 1e-3) - 1e-9


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), states=st.lists(st.integers(0, 2), min_size=7, max_size=7))
def test_second_best_bound_is_valid(seed, states):
    rng = np.random.default_rng(seed)
    params = Parameters(num_regions=7, num_industries=1, sigma=float(rng.uniform(0, 5)), phi=float(rng.uniform(0, 1)),
                        fixed_cost=float(rng.uniform(10, 400)), cost_dispersion=float(rng.uniform(0, 0.8)), cost_seed=seed)
    economy = build_economy(params)
    states = np.array(states)
    inside, outside = states == 1, states == 2
    masks = binary_portfolios(7).astype(bool)
    allowed = masks[np.all(masks[:, inside], axis=1) & ~np.any(masks[:, outside], axis=1)]
    best = economy.industry_welfare(allowed.astype(float), 0).max()
    assert _second_best_bound(economy, 0, inside, outside) >= best - 1e-9


# ------------------------------------------------------------------ Cournot stage
def cournot_by_enumeration(costs, a, b):
    """Try every active set: interior solution on it, keep the one satisfying all KKT conditions."""
    n = len(costs)
    for size in range(n, -1, -1):
        for active in itertools.combinations(range(n), size):
            price = (a + sum(costs[i] for i in active)) / (len(active) + 1)
            q = np.zeros(n)
            for i in active:
                q[i] = (price - costs[i]) / b
            if (q[list(active)] > 0).all() and all(costs[i] >= price for i in range(n) if i not in active):
                return price, q
    raise AssertionError("no Cournot equilibrium found")


@settings(max_examples=60, deadline=None)
@given(costs=st.lists(st.floats(0, 120, allow_nan=False), min_size=1, max_size=6),
       a=st.floats(1, 100), b=st.floats(0.1, 5))
def test_market_outcome_satisfies_kkt_and_matches_enumeration(costs, a, b):
    costs = np.array(costs)
    price, q = market_outcome(a, b, costs)
    total = q.sum()
    assert price == pytest.approx(a - b * total, abs=1e-9)
    assert (q >= 0).all()
    # KKT of each firm's problem max_q (P(Q) - c) q: marginal profit zero if q > 0, <= 0 if q = 0
    marginal = price - costs - b * q
    assert np.all(np.where(q > 1e-12, np.abs(marginal) <= 1e-8, marginal <= 1e-8))
    ref_price, ref_q = cournot_by_enumeration(list(costs), a, b)
    assert price == pytest.approx(ref_price, abs=1e-9)
    np.testing.assert_allclose(q, ref_q, atol=1e-9)


def test_market_outcome_is_vectorised_and_handles_absent_firms():
    costs = np.array([[10.0, 20.0, np.inf], [np.inf, np.inf, np.inf], [90.0, 95.0, 99.0]])
    price, q = market_outcome(100.0, 1.0, costs)
    assert price[0] == pytest.approx(130 / 3) and q[0, 2] == 0.0
    assert price[1] == 100.0 and (q[1] == 0).all()
    # alone the cost-90 firm sets P = (100 + 90)/2 = 95, which the cost-95 firm cannot undercut
    assert price[2] == pytest.approx(95.0) and q[2].tolist() == pytest.approx([5.0, 0.0, 0.0])


# ------------------------------------------------------------------ mechanisms
def test_entry_tax_implements_the_second_best_in_the_mankiw_whinston_case():
    # at x* (2 firms) an insider earns pi(2) - F = 100/9 - 3, an outsider entering pi(3) - F = 3.25:
    # a tax s in [-(100/9 - 3), -3.25] implements x*; the smallest tax is just above 3.25
    economy = build_economy(mankiw_whinston(3.0))
    x, _ = second_best(economy)
    subsidy, implementable, implements = implementing_instrument(economy, x)
    assert implementable.all() and implements
    assert -(100 / 9 - 3) <= subsidy[0] < -3.25 and subsidy[0] == pytest.approx(-3.25, abs=1e-3)
    game = entry_game(economy, subsidy=subsidy)
    profile = tuple(game.action_index(r, row) for r, row in enumerate(x))
    assert game.is_nash(profile)


def test_quota_limits_entry_and_is_an_equilibrium_of_the_constrained_game():
    res = solve_model(dataclasses.replace(mankiw_whinston(3.0), quota=1))
    assert res.metrics["entries_quota"] == 1
    assert res.metrics["welfare_quota"] == pytest.approx(34.5)
    # default quota: the planner's numbers of clusters
    res = solve_model(mankiw_whinston(3.0))
    assert res.metrics["entries_quota"] == 2 and res.metrics["welfare_quota"] == pytest.approx(346 / 9)


# ------------------------------------------------------------------ quota regime
QUOTA_CASES = [  # (parameters, quota: None = the planner's numbers of clusters)
    (dict(num_regions=4, num_industries=2), None),
    (dict(num_regions=5, num_industries=2, theta=0.4), (1, 2)),
    (dict(num_regions=5, num_industries=1, cost_dispersion=0.0, lam=0.0, theta=0.0), (2,)),
    (dict(num_regions=4, num_industries=2, sigma=3.0, lam=0.0, theta=0.0), None),  # planner builds loss-making helpers
    (dict(num_regions=4, num_industries=2, budget=1), None),  # budget couples industries: whole-game search
    (dict(num_regions=4, num_industries=2, budget=1, sigma=3.0), (3, 1)),
]


def profiles_of(game, matrices):
    return {tuple(game.action_index(r, row) for r, row in enumerate(x)) for x in matrices}


@pytest.mark.parametrize(("changes", "quota"), QUOTA_CASES)
def test_quota_regime_equals_exhaustive_search_of_the_constrained_game(changes, quota):
    economy = build_economy(Parameters(**changes))
    planned, _ = second_best(economy)
    limit = np.array(quota) if quota is not None else planned.sum(axis=0)
    game = entry_game(economy, quota=limit)
    expected = exhaustive_pure_nash(game)
    welfare = {eq.profile: economy.welfare(game.actions(0)[np.asarray(eq.profile)]) for eq in expected}
    out = quota_equilibria(economy, limit, planned)
    assert out.method == "exhaustive" and out.complete
    assert out.num_equilibria == len(expected) > 0
    if economy.params.budget is None:  # the model's industry-by-industry enumeration gives the same set
        per_industry = [industry_equilibria(economy, k, quota=int(limit[k])) for k in range(economy.num_industries)]
        combined = profiles_of(game, (np.stack(cols, axis=1) for cols in itertools.product(*per_industry)))
        assert combined == set(welfare)
    # best and worst are equilibria of the constrained game with the extreme welfare
    (best,), (worst,) = profiles_of(game, [out.best]), profiles_of(game, [out.worst])
    assert best in welfare and worst in welfare
    assert out.welfare_best == pytest.approx(max(welfare.values())) and out.welfare_best == pytest.approx(welfare[best])
    assert out.welfare_worst == pytest.approx(min(welfare.values())) and out.welfare_worst == pytest.approx(welfare[worst])
    assert out.welfare_best >= out.welfare_worst
    # every equilibrium the dynamics reach is among them, and each start's record says where it went
    assert set(out.dynamics.profiles()) <= set(welfare)
    assert list(out.starts.start) == ["nobody builds", "second-best portfolio", "greedy by private value",
                                      "random 0", "random 1"]
    for row, record in zip(out.starts.itertuples(), out.dynamics.starts):
        if record.outcome == "converged":
            assert row.welfare == pytest.approx(welfare[out.dynamics[record.equilibrium].profile])
    # the starts respect the quota and the budget
    for x in quota_starts(economy, limit, planned, seed=3).values():
        assert (x.sum(axis=0) <= limit).all()
        assert economy.params.budget is None or (x.sum(axis=1) <= economy.params.budget).all()


@pytest.mark.parametrize(("changes", "quota"), [case for case in QUOTA_CASES if case[1] is None and "budget" not in case[0]])
def test_planner_portfolio_under_its_own_quota(changes, quota):
    # With quotas equal to the planner's numbers every industry is full, so the only feasible
    # deviations are leaving: x* is an equilibrium iff every planned cluster's owner gains from
    # keeping it (private entry gain >= 0).  Then the dynamics stay at x* and the best quota
    # equilibrium is the second best; otherwise they leave it.
    economy = build_economy(Parameters(**changes))
    planned, info = second_best(economy)
    gains = economy.entry_gains(planned)
    theory = bool((gains[planned == 1] >= -1e-9 * economy.payoff_range).all())
    game = entry_game(economy, quota=planned.sum(axis=0))
    (x_star,) = profiles_of(game, [planned])
    assert game.is_nash(x_star) == theory
    out = quota_equilibria(economy, planned.sum(axis=0), planned)
    record = out.dynamics.starts[1]
    assert record.name == "second-best portfolio" and record.start == x_star
    stayed = record.outcome == "converged" and out.dynamics[record.equilibrium].profile == x_star and record.rounds == 1
    assert stayed == theory
    assert out.welfare_best <= info["welfare"] + 1e-9 * economy.payoff_range  # no equilibrium beats the planner
    if theory:
        assert out.welfare_best == pytest.approx(info["welfare"])


def test_planner_portfolio_cases_cover_both_outcomes():
    # the cases above include a planner's portfolio that is an equilibrium and one that is not
    outcomes = set()
    for changes, quota in QUOTA_CASES:
        if quota is None and "budget" not in changes:
            economy = build_economy(Parameters(**changes))
            planned, _ = second_best(economy)
            outcomes.add(entry_game(economy, quota=planned.sum(axis=0)).is_nash(
                tuple(int(c) for c in (planned << np.arange(planned.shape[1])).sum(axis=1))))
    assert outcomes == {True, False}


def test_default_calibration_quota_range():
    m = solve_model().metrics
    assert m["quota_method"] == "exhaustive" and m["quota_num_equilibria"] > 1
    assert m["welfare_quota_worst"] <= m["welfare_quota_best"] <= m["welfare_second_best"] * (1 + 1e-12)
    assert m["entries_quota_best"] <= m["entries_second_best"] and m["entries_quota_worst"] <= m["entries_second_best"]
    assert m["welfare_quota"] == m["welfare_quota_worst"]
    assert m["welfare_loss_quota_best_pct"] <= m["welfare_loss_quota_worst_pct"]


@pytest.mark.parametrize("changes", [dict(num_regions=6, num_industries=2), dict(num_regions=5, theta=0.8, sigma=3.0),
                                     dict(num_regions=6, num_industries=1, lam=0.0, theta=0.0, fixed_cost=300.0)])
def test_a_quota_that_never_binds_leaves_the_equilibria_unchanged(changes):
    # quota = R: the quota path (member-set markets) must agree with the full-width enumeration
    economy = build_economy(Parameters(**changes))
    R = economy.num_regions
    for k in range(economy.num_industries):
        unconstrained = {tuple(c) for c in industry_equilibria(economy, k).tolist()}
        assert {tuple(c) for c in industry_equilibria(economy, k, quota=R).tolist()} == unconstrained


@pytest.mark.parametrize(("quota", "planned", "name"), [((1, 2, 3), None, "quota"), (-1, None, "quota"), (1.5, None, "quota"),
                                                     (1, np.ones((3, 2)), "planned")])
def test_quota_regime_rejects_bad_arguments(quota, planned, name):
    economy = build_economy(Parameters(num_regions=4, num_industries=2))
    with pytest.raises(cg.errors.InvalidArgumentError, match=name):
        quota_equilibria(economy, quota, planned)


def test_exhaustive_quota_search_refuses_too_many_columns():
    economy = build_economy(Parameters(num_regions=20, num_industries=1))
    with pytest.raises(cg.errors.InvalidArgumentError, match="max_columns"):
        industry_equilibria(economy, 0)
    assert len(industry_equilibria(economy, 0, quota=1)) >= 1


# ------------------------------------------------------------------ metrics, data, parameters
def test_krugman_dissimilarity_of_simple_portfolios():
    assert krugman_dissimilarity([[1, 0, 0], [0, 1, 0]]) == 2.0
    assert krugman_dissimilarity([[1, 1], [1, 1]]) == 0.0
    # shares (1/2, 1/2, 0) and (0, 1/2, 1/2): |1/2| + 0 + |1/2| = 1
    assert krugman_dissimilarity([[1, 1, 0], [0, 1, 1], [0, 0, 0]]) == pytest.approx(1.0)
    assert math.isnan(krugman_dissimilarity([[1, 0], [0, 0]]))


def test_region_data_and_industries():
    regions = load_regions()
    assert len(regions) == 31 and regions.code.is_monotonic_increasing
    assert regions.latitude.between(18, 54).all() and regions.longitude.between(73, 136).all()
    assert len(INDUSTRIES) == 8


def test_default_calibration_shows_duplicate_construction():
    res = solve_model()
    m = res.metrics
    for key in ("welfare_nash", "welfare_second_best", "welfare_first_best", "welfare_loss", "welfare_loss_pct",
                "entries_nash", "entries_second_best", "excess_entry", "duplicated_fixed_cost", "similarity_nash",
                "similarity_second_best", "concentration_nash", "nash_method", "num_equilibria", "planner_method",
                "planner_gap", "brd_cycles"):
        assert key in m
    assert m["nash_method"] == "best_response" and m["planner_gap"] == 0.0
    assert m["excess_entry"] > 0 and m["welfare_loss_pct"] > 3.0
    assert m["welfare_first_best"] >= m["welfare_second_best"] >= m["welfare_nash"]
    assert res.portfolios_nash.shape == (31, 8) and set(np.unique(res.portfolios_nash)) <= {0, 1}
    assert list(res.per_industry.industry) == list(INDUSTRIES)
    assert (res.per_industry.entries_nash - res.per_industry.entries_second_best == res.per_industry.excess_entry).all()


@pytest.mark.parametrize(("changes", "name"), [
    (dict(num_regions=0), "num_regions"), (dict(num_regions=32), "num_regions"), (dict(num_industries=0), "num_industries"),
    (dict(num_industries=2.5), "num_industries"),
    (dict(lam=-0.1), "lam"), (dict(phi=1.5), "phi"), (dict(demand_slope=0.0), "demand_slope"),
    (dict(fixed_cost=float("nan")), "fixed_cost"), (dict(budget=-1), "budget"), (dict(quota=(1, 2)), "quota"),
    (dict(quota=1.5), "quota"), (dict(quota=(1, 2.5)), "quota"), (dict(num_regions=2.0), "num_regions"),
    (dict(phi="x"), "phi"), (dict(cost_seed=-1), "cost_seed"), (dict(half_distance_km=0), "half_distance_km"),
])
def test_bad_parameters_name_the_field(changes, name):
    with pytest.raises(cg.errors.InvalidArgumentError, match=name):
        Parameters(**changes)


def test_solve_model_rejects_unknown_method():
    with pytest.raises(cg.errors.InvalidArgumentError, match="nash_method"):
        solve_model(Parameters(num_regions=3, num_industries=1), nash_method="magic")


def test_a_subset_of_regions_keeps_their_costs_and_locations():
    full = build_economy(Parameters(num_industries=3))
    names = ("Guangdong", "Beijing", "Xinjiang")
    sub = build_economy(Parameters(regions=names, num_industries=3))
    assert sub.params.num_regions == 3 and sub.regions == names
    rows = [full.regions.index(n) for n in names]
    np.testing.assert_array_equal(sub.base_cost, full.base_cost[rows])
    np.testing.assert_allclose(sub.weights, full.weights[np.ix_(rows, rows)])
    with pytest.raises(cg.errors.InvalidArgumentError, match="regions"):
        Parameters(regions=("Atlantis",))


def test_a_uniform_subsidy_that_cannot_implement_the_plan_is_reported():
    # The planner builds two high-cost clusters only for their spillovers to a low-cost one and
    # keeps cheaper regions out: keeping the helpers in needs a subsidy, keeping the cheaper
    # regions out needs a tax, so no uniform per-cluster subsidy implements the plan.
    params = Parameters(num_regions=6, num_industries=1, lam=0.63, theta=0.81, sigma=4.35, phi=0.65, fixed_cost=184.0,
                        cost_dispersion=0.69, cost_seed=3804)
    economy = build_economy(params)
    x, _ = second_best(economy)
    gains = economy.entry_gains(x)[:, 0]
    planned = x[:, 0] == 1
    assert (-gains[planned]).max() > (-gains[~planned]).min()  # the interval is empty
    subsidy, implementable, implements = implementing_instrument(economy, x)
    assert not implementable[0] and not implements
    assert subsidy[0] == pytest.approx(0.5 * ((-gains[planned]).max() + (-gains[~planned]).min()))
    m = solve_model(params).metrics
    assert m["subsidy_implements"] == 0
    assert m["welfare_subsidy"] <= m["welfare_second_best"]


def test_documented_defaults_are_the_defaults():
    import re

    documented = dict(re.findall(r"^\s{4}(\w+) : \w+, default (\S+)$", Parameters.__doc__, flags=re.MULTILINE))
    fields = {f.name: f.default for f in dataclasses.fields(Parameters)}
    assert set(documented) <= set(fields) and len(documented) >= 12
    for name, text in documented.items():
        assert float(text) == float(fields[name]), name


def test_every_public_name_of_every_module_is_importable_from_the_package():
    import importlib
    import pkgutil

    import coordgame.models.duplicate_construction as dc

    names = [m.name for m in pkgutil.iter_modules(dc.__path__)]
    assert {"parameters", "geography", "market", "economy", "game", "local_competition", "planner", "regimes",
            "metrics", "solve"} <= set(names)
    for name in names:
        module = importlib.import_module(f"{dc.__name__}.{name}")
        for public in module.__all__:
            assert public in dc.__all__, (name, public)
            assert getattr(dc, public) is getattr(module, public)
    assert all(hasattr(dc, public) for public in dc.__all__)
    assert len(load_regions()) == 31 and dc.DATA_FILE.name == "china_provincial_capitals.csv"


@settings(max_examples=60, deadline=None)
@given(costs=st.lists(st.floats(0, 120, allow_nan=False), min_size=1, max_size=6),
       a=st.floats(1, 100), b=st.floats(0.1, 5))
def test_market_outcome_is_the_librarys_closed_form_equilibrium(costs, a, b):
    # the model's markets are coordgame.games.cournot_equilibrium's, with the price at their total
    price, q = market_outcome(a, b, costs)
    np.testing.assert_allclose(q, cg.games.cournot_equilibrium(a, b, costs), atol=1e-9)
    assert price == pytest.approx(a - b * q.sum(), abs=1e-9)


def test_model_results_follow_the_result_protocol():
    import json

    result = solve_model(Parameters(num_regions=4, num_industries=2))
    for record in (result, result.quota):
        assert isinstance(record, cg.Result)
        data = json.loads(json.dumps(record.to_dict()))
        assert data["method"] == record.method and record.to_frame().shape[0] == 1
        assert record.summary().startswith(type(record).__name__)
    data = result.to_dict()
    assert "economy" not in data and data["params"]["num_regions"] == 4
    assert data["metrics"]["welfare_nash"] == result.metrics["welfare_nash"]
