"""Continuous-action games: closed forms from the literature, verification, properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coordgame as cg
from coordgame.games.continuous import Box, ConvexSet, Simplex


def compare_regimes(game):
    """Local competition against central planning, by ``cg.compare``, under the names the tests read."""
    from types import SimpleNamespace

    comparison = cg.compare(game)
    local, planner = comparison.outcome("local competition"), comparison.outcome("central planning")
    row = comparison.table.iloc[0]
    return SimpleNamespace(
        nash=local.details["equilibrium"], optimum=planner.details["optimum"], nash_welfare=local.welfare,
        optimum_welfare=comparison.optimum, welfare_loss=row["loss"], relative_loss=row["relative_loss"],
        ratio=row["ratio"], reason="; ".join([row["ratio_note"], *comparison.notes]).strip("; "),
        to_dict=comparison.to_dict,
    )


def cournot_best_response_regrets(a, b, c, q):
    """Exact Cournot regrets from the analytic best response max(0, (a - c_i - b Q_-i) / 2b)."""
    others = q.sum() - q
    best = np.maximum(0.0, (a - c - b * others) / (2 * b))
    value = lambda y: y * (a - b * (others + y)) - c * y  # noqa: E731
    return value(best) - value(q)


# ----------------------------------------------------------------------------- Cournot
def test_cournot_textbook_symmetric_duopoly():
    # P = 10 - Q, c = 1: q* = (a - c) / (3b) = 3 each (e.g. Tirole 1988, §5.4).
    eq = cg.continuous_nash(cg.games.cournot(10, 1, [1, 1]))
    assert eq.converged and np.allclose(eq.profile, 3.0, atol=1e-10)
    assert np.allclose(eq.payoffs, 9.0)


@pytest.mark.parametrize("quadratic_cost", [0.0, 0.7])
@pytest.mark.parametrize("seed", range(8))
def test_cournot_heterogeneous_costs_match_the_closed_form_including_zero_producers(seed, quadratic_cost):
    rng = np.random.default_rng(seed)
    n = [3, 5, 12, 40][seed % 4]
    a, b = 20.0, rng.uniform(0.5, 2.0)
    costs = rng.uniform(0.0, 15.0, size=n)
    expected = cg.games.cournot_equilibrium(a, b, costs, quadratic_cost=quadratic_cost)
    eq = cg.continuous_nash(cg.games.cournot(a, b, costs, quadratic_cost=quadratic_cost))
    assert eq.converged and eq.regret <= eq.tol
    np.testing.assert_allclose(eq.profile, expected, atol=1e-9)
    assert np.all(eq.regrets >= 0)
    if seed % 4 >= 2:
        assert (expected == 0).any()  # enough firms that the costliest stay out


def test_capacity_game_closed_form_by_hand():
    # a = 12, b = 1, d = 1, costs 1, 2, 8: Q = (11 + 10) / (1 + 1 + 2) = 5.25, q_i = (a - c_i - Q) / 2.
    np.testing.assert_allclose(cg.games.cournot_equilibrium(12, 1, [1, 2, 8], quadratic_cost=1), [2.875, 2.375, 0.0])
    eq = cg.solvers.potential_nash(cg.games.cournot(12, 1, [1, 2, 8], quadratic_cost=1))
    assert eq.converged
    np.testing.assert_allclose(eq.profile, [2.875, 2.375, 0.0], atol=1e-9)


def test_cournot_closed_form_satisfies_first_order_conditions():
    a, b, c = 30.0, 1.5, np.array([1.0, 4.0, 9.0, 25.0, 3.0])
    q = cg.games.cournot_equilibrium(a, b, c)
    price = a - b * q.sum()
    active = q > 0
    np.testing.assert_allclose(price - c[active] - b * q[active], 0.0, atol=1e-12)
    assert np.all(price - c[~active] <= 0)
    assert np.allclose(cournot_best_response_regrets(a, b, c, q), 0.0, atol=1e-12)


@pytest.mark.parametrize("use_cvxpy", [True, False])
def test_cournot_potential_maximiser_is_the_equilibrium(use_cvxpy):
    costs = [2.0, 3.0, 5.0, 14.0]
    eq = cg.solvers.potential_nash(cg.games.cournot(15, 1, costs), use_cvxpy=use_cvxpy)
    assert eq.converged
    np.testing.assert_allclose(eq.profile, cg.games.cournot_equilibrium(15, 1, costs), atol=1e-9)


def test_cournot_regimes_symmetric_ratio():
    # Symmetric Cournot: NE profits n (a-c)^2 / ((n+1)^2 b), joint monopoly (a-c)^2 / (4b).
    n, a, b, c = 4, 10.0, 1.0, 2.0
    comp = compare_regimes(cg.games.cournot(a, b, [c] * n))
    assert comp.nash.converged
    assert comp.nash_welfare == pytest.approx(n * (a - c) ** 2 / ((n + 1) ** 2 * b), rel=1e-9)
    assert comp.optimum_welfare == pytest.approx((a - c) ** 2 / (4 * b), rel=1e-7)
    assert comp.ratio == pytest.approx((n + 1) ** 2 / (4 * n), rel=1e-7)
    assert comp.welfare_loss == pytest.approx(comp.optimum_welfare - comp.nash_welfare)


def test_planner_with_consumer_surplus_produces_at_marginal_cost():
    # Total surplus with linear demand is maximised where price = marginal cost: Q = (a - c) / b.
    a, b, c = 10.0, 1.0, 2.0
    game = cg.games.cournot(a, b, [c, c])

    def surplus(q):
        Q = q.sum()
        return float(game.payoffs(q).sum() + 0.5 * b * Q**2)

    opt = cg.social_optimum(game, objective=surplus)
    assert opt.profile.sum() == pytest.approx((a - c) / b, rel=1e-6)


def test_thousand_firm_cournot_reaches_high_accuracy():
    rng = np.random.default_rng(0)
    costs = rng.uniform(0, 5, 1000)
    eq = cg.continuous_nash(cg.games.cournot(60.0, 1.0, costs))
    assert eq.converged and eq.regret <= 1e-8
    np.testing.assert_allclose(eq.profile, cg.games.cournot_equilibrium(60.0, 1.0, costs), atol=1e-10)


# ----------------------------------------------------------------------------- the planner on Cournot markets
def cournot_instance(n, spread, seed=0):
    """The benchmark markets: P = 60 - Q, costs U(0, 5) (many firms out at Nash) or U(0, 0.05) (all in)."""
    return 60.0, 1.0, np.random.default_rng(seed).uniform(0.0, spread, n)


def cheapest_firm_output(costs, total):
    q = np.zeros(costs.size)
    q[np.argmin(costs)] = total
    return q


def total_surplus(a, b, costs):
    """Profits plus consumer surplus b Q^2 / 2 under P = a - bQ, and its gradient a - bQ - c_k."""
    def value(q):
        Q = q.sum()
        return float((a - b * Q) * Q - costs @ q + 0.5 * b * Q**2)

    return value, lambda q: a - b * q.sum() - costs


@pytest.mark.slow
@pytest.mark.parametrize("spread", [5.0, 0.05])
@pytest.mark.parametrize("n", [100, 1000])
def test_cournot_joint_profit_optimum_is_the_cheapest_firm_monopoly(n, spread):
    # max (a - bQ) Q - sum c_i q_i: for any Q the cost is least with all output at the cheapest
    # firm (a multiplant monopoly with constant marginal costs), whose monopoly output is
    # Q = (a - c_min) / (2b) with profit (a - c_min)^2 / (4b) (Tirole 1988, section 1.1).
    a, b, costs = cournot_instance(n, spread)
    game = cg.games.cournot(a, b, costs)
    opt = cg.social_optimum(game)
    c_min = costs.min()
    assert opt.converged and opt.residual <= 1e-6 * max(1.0, opt.profile.max())
    np.testing.assert_allclose(opt.profile, cheapest_firm_output(costs, (a - c_min) / (2 * b)), atol=1e-8)
    assert opt.welfare == pytest.approx((a - c_min) ** 2 / (4 * b), rel=1e-12)
    nash_welfare = game.welfare(cg.games.cournot_equilibrium(a, b, costs))
    assert opt.welfare >= nash_welfare


@pytest.mark.slow
@pytest.mark.parametrize("spread", [5.0, 0.05])
@pytest.mark.parametrize("n", [100, 1000])
def test_cournot_total_surplus_optimum_prices_at_the_least_marginal_cost(n, spread):
    # Total surplus (a - c_min) Q - b Q^2 / 2 with all output at the cheapest firm peaks where the
    # price equals marginal cost: P = c_min, Q = (a - c_min) / b, surplus (a - c_min)^2 / (2b).
    a, b, costs = cournot_instance(n, spread)
    game = cg.games.cournot(a, b, costs)
    surplus, gradient = total_surplus(a, b, costs)
    opt = cg.social_optimum(game, objective=surplus, objective_gradient=gradient)
    c_min = costs.min()
    assert opt.converged
    np.testing.assert_allclose(opt.profile, cheapest_firm_output(costs, (a - c_min) / b), atol=1e-8)
    # The residual's coordinate at the cheapest firm is P - c_min itself, so the certificate bounds it.
    price = a - b * opt.profile.sum()
    assert abs(price - c_min) <= opt.residual + 1e-12 and price == pytest.approx(c_min, abs=1e-7)
    assert opt.welfare == pytest.approx((a - c_min) ** 2 / (2 * b), rel=1e-12)
    assert opt.welfare >= surplus(cg.games.cournot_equilibrium(a, b, costs))


def test_thousand_firm_regimes_planner_beats_local_competition():
    a, b, costs = cournot_instance(1000, 5.0)
    comp = compare_regimes(cg.games.cournot(a, b, costs))
    assert comp.nash.converged and comp.optimum.converged and not comp.reason
    assert comp.optimum_welfare == pytest.approx((a - costs.min()) ** 2 / (4 * b), rel=1e-12)
    assert comp.welfare_loss > 0 and comp.ratio > 1


def test_joint_profit_with_capacities_fills_the_cheapest_firms_first():
    # P = 12 - Q, costs 1, 2, 8, capacity 3: marginal revenue 12 - 2Q exceeds cost 1 up to Q = 5.5,
    # so firm 1 runs at capacity; firm 2 produces until 12 - 2Q = 2, i.e. Q = 5; firm 3 stays out.
    # Profit (12 - 5) 5 - 1 * 3 - 2 * 2 = 28.
    opt = cg.social_optimum(cg.games.cournot(12, 1, [1, 2, 8], capacity=3))
    assert opt.converged
    np.testing.assert_allclose(opt.profile, [3.0, 2.0, 0.0], atol=1e-9)
    assert opt.welfare == pytest.approx(28.0, rel=1e-12)


def test_planner_with_finite_difference_gradient_on_a_plain_game():
    # The same market without any derivative or vectorisation: central differences throughout.
    a, b, c = 12.0, 1.0, np.array([1.0, 2.0, 3.0])
    plain = cg.ContinuousGame([(0, 100)] * 3, lambda q: q * (a - b * q.sum()) - c * q)
    opt = cg.social_optimum(plain)
    assert opt.converged
    np.testing.assert_allclose(opt.profile, [5.5, 0.0, 0.0], atol=1e-7)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["simplex", "disc"])
def test_planner_on_non_box_sets_is_the_projection_of_the_targets(kind):
    # u_i = -|x_i - t_i|^2 is separable, so the welfare optimum is each target's projection: onto
    # {x >= 0, x_1 + x_2 = 1}, [0.8, 0.5] -> [0.65, 0.35] and [0.1, 0.2] -> [0.45, 0.55]; onto
    # the unit disc, [2, 0] -> [1, 0] while [0, 0.5] stays.
    if kind == "simplex":
        sets, targets, expected = [Simplex(2), Simplex(2)], [[0.8, 0.5], [0.1, 0.2]], [0.65, 0.35, 0.45, 0.55]
    else:
        disc = ConvexSet(lambda v: v / max(1.0, float(np.linalg.norm(v))), dim=2, name="disc")
        sets, targets, expected = [disc, disc], [[2.0, 0.0], [0.0, 0.5]], [1.0, 0.0, 0.0, 0.5]
    t = np.array(targets)
    game = cg.ContinuousGame(sets, lambda x: -np.array([np.sum((x[:2] - t[0]) ** 2), np.sum((x[2:] - t[1]) ** 2)]))
    opt = cg.social_optimum(game)
    assert opt.converged and opt.method == ("planner[slsqp]" if kind == "simplex" else "planner[projected]")
    np.testing.assert_allclose(opt.profile, expected, atol=1e-7)


@pytest.mark.slow
def test_planner_reports_an_unbounded_welfare():
    # Welfare sum(e) on [0, inf)^2 has no maximum: the search exhausts its budget while still rising.
    game = cg.games.team_effort(2)
    opt = cg.social_optimum(game, objective=lambda e: float(e.sum()), objective_gradient=lambda e: np.ones(2),
                            num_random_starts=0)
    assert not opt.converged and any("unbounded" in note for note in opt.notes)


def test_planner_does_not_certify_a_huge_profile_of_an_unbounded_welfare():
    # W = 2 x0 + x1 on [0, inf)^2 has gradient (2, 1) everywhere: L-BFGS-B runs off to ~1e80,
    # where x + grad W rounds back to x; the residual must still be 2 and the result unconverged.
    game = cg.ContinuousGame([Box(0, np.inf)] * 2, lambda x: np.array([x[0] + x[1], x[0]]))
    opt = cg.social_optimum(game)
    assert not opt.converged and opt.residual == 2.0 and np.abs(opt.profile).max() > 1e10
    assert any("unbounded" in note for note in opt.notes)
    assert not any("stationary point" in note for note in opt.notes)


def test_box_residual_does_not_cancel_at_a_huge_profile():
    from coordgame.solvers.continuous._optimize import _box_residual

    game = cg.ContinuousGame([Box(0, np.inf), Box(-1, 1)], lambda x: x.copy())
    x, g = np.array([1e76, 1.0]), np.array([2.0, 3.0])
    assert float(np.abs(x - game.project(x + g)).max()) == 0.0  # the naive form cancels
    assert _box_residual(game, x, g) == 2.0  # upper bound of x1 active: its component is clipped to 0
    assert np.isnan(_box_residual(game, x, np.array([np.nan, 0.0])))


def test_planner_reports_a_nan_residual():
    game = cg.ContinuousGame([Box(0, 10)] * 2, lambda x: x.copy())
    opt = cg.social_optimum(game, objective=lambda e: -float(e.sum()), objective_gradient=lambda e: np.full(2, np.nan),
                             num_random_starts=0)
    assert not opt.converged and np.isnan(opt.residual)
    assert any("residual nan" in note for note in opt.notes)
    assert not any("stationary point" in note for note in opt.notes)


def test_planner_differences_step_inward_at_the_bounds():
    # W = -sqrt(x0 + x1) is maximised at the corner 0, where a central difference would
    # evaluate sqrt of a negative number: the one-sided difference keeps every call in the box.
    seen = []

    def welfare(e):
        seen.append(e.min())
        return -float(np.sqrt(e.sum()))

    game = cg.ContinuousGame([Box(0, 10)] * 2, lambda x: x.copy())
    opt = cg.social_optimum(game, objective=welfare, initial=[0, 0], num_random_starts=0)
    assert opt.converged and opt.residual == 0.0 and min(seen) >= 0.0
    np.testing.assert_array_equal(opt.profile, [0.0, 0.0])


@pytest.mark.parametrize("vectorized", [False, True])
def test_finite_difference_welfare_gradient_is_one_sided_at_bounds(vectorized):
    # u = (sqrt(x0) x1, x1^2) on [0, 4]^2, weights (1, 1): grad W = (x1 / (2 sqrt x0), sqrt x0 + 2 x1).
    seen = []

    def payoff(x):
        seen.append(np.min(x))
        x = np.asarray(x)
        return np.stack([np.sqrt(x[..., 0]) * x[..., 1], x[..., 1] ** 2], axis=-1)

    game = cg.ContinuousGame([Box(0, 4)] * 2, payoff, vectorized=vectorized)
    seen.clear()
    np.testing.assert_allclose(game.welfare_gradient([1.0, 4.0]), [2.0, 9.0], rtol=1e-5)  # x1 at its upper bound
    np.testing.assert_allclose(game.welfare_gradient([4.0, 0.0]), [0.0, 2.0], atol=1e-5)  # x0 upper, x1 lower
    assert min(seen) >= 0.0
    np.testing.assert_allclose(game.welfare_gradient([1.0, 2.0]), [1.0, 5.0], rtol=1e-8)  # interior: central


def test_potential_search_is_one_run_and_the_planner_restarts():
    # The planner's restarts serve its certificate; potential_nash polishes with Newton instead.
    from coordgame.solvers.continuous._optimize import _maximize

    costs = np.random.default_rng(1).uniform(0.0, 0.05, 200)
    game = cg.games.cournot(60.0, 1.0, costs)
    potential = _maximize(game, game.potential, game.potential_gradient, game.center())
    assert potential.runs == 1 and potential.method == "l-bfgs-b"
    eq = cg.solvers.potential_nash(game, use_cvxpy=False)
    np.testing.assert_allclose(eq.profile, cg.games.cournot_equilibrium(60.0, 1.0, costs), atol=1e-9)
    opt = cg.social_optimum(game)
    assert opt.converged and opt.method == "planner[l-bfgs-b]" and "run(s)" in opt.notes[0]


def capacity_joint_profit_optimum(a, b, costs, capacity):
    """Fill the cheapest firms first until marginal revenue a - 2bQ falls to the next firm's cost."""
    q, total = np.zeros(costs.size), 0.0
    for k in np.argsort(costs):
        wanted = max(0.0, (a - costs[k]) / (2 * b) - total)
        q[k] = min(capacity, wanted)
        total += q[k]
        if wanted <= capacity:
            break
    return q


# Nearly tied cheapest firms make the welfare flat to within (cost gap x output): the certificate
# (residual <= tol = 1e-6 relative) bounds the welfare error there, not machine precision.
@settings(max_examples=25, deadline=None)
@given(st.floats(5, 50), st.floats(0.2, 5), st.lists(st.floats(0, 10), min_size=1, max_size=12),
       st.one_of(st.just(np.inf), st.floats(0.5, 20)))
def test_joint_profit_optimum_fills_the_cheapest_capacity_and_beats_nash(a, b, costs, capacity):
    costs = np.array(costs)
    game = cg.games.cournot(a, b, costs, capacity=capacity)
    opt = cg.social_optimum(game, num_random_starts=0)
    assert opt.converged
    expected = game.welfare(capacity_joint_profit_optimum(a, b, costs, capacity))
    if np.isinf(capacity):  # the cheapest firm's monopoly; nobody produces when its cost is above a
        assert expected == pytest.approx(max(a - costs.min(), 0.0) ** 2 / (4 * b), rel=1e-12, abs=1e-12)
    assert opt.welfare == pytest.approx(expected, rel=1e-6, abs=1e-12)
    if np.isinf(capacity):
        assert opt.welfare >= game.welfare(cg.games.cournot_equilibrium(a, b, costs)) - 1e-9 * opt.welfare


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from(["cournot", "capacity", "public_good", "team"]))
def test_analytic_welfare_gradient_matches_central_differences(seed, kind):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 7))
    game = {"cournot": lambda: cg.games.cournot(20.0, rng.uniform(0.5, 2), rng.uniform(0, 5, n)),
            "capacity": lambda: cg.games.cournot(20.0, 1.0, rng.uniform(0, 5, n), quadratic_cost=0.7, capacity=4.0),
            "public_good": lambda: cg.games.public_good_game(rng.uniform(0.5, 4, n), np.full(n, 5.0)),
            "team": lambda: cg.games.team_effort(n, 2.0, rng.uniform(0.2, 2))}[kind]()
    numeric = cg.ContinuousGame(game.action_sets, game._payoff, vectorized=True)  # no analytic welfare gradient
    x = game.project(rng.uniform(0, 4, game.dim))
    w = rng.uniform(0.2, 3, game.num_players)
    np.testing.assert_allclose(game.welfare_gradient(x, w), numeric.welfare_gradient(x, w), atol=1e-6)


# ----------------------------------------------------------------------------- other published examples
@pytest.mark.parametrize("n", [2, 3, 4, 6])
def test_tullock_symmetric_equilibrium(n):
    # Tullock (1980) lottery contest, r = 1: x* = (n - 1) V / n^2.
    V = 3.0
    eq = cg.continuous_nash(cg.games.tullock_contest(n, V))
    assert eq.converged
    np.testing.assert_allclose(eq.profile, (n - 1) * V / n**2, atol=1e-9)


def test_public_good_only_the_highest_valuation_contributes():
    # Bergstrom, Blume & Varian (1986): equilibrium total alpha_max - 1, optimum sum(alpha) - 1.
    alpha = np.array([2.0, 3.5, 1.5])
    game = cg.games.public_good_game(alpha, [20, 20, 20])
    eq = cg.continuous_nash(game)
    assert eq.converged
    np.testing.assert_allclose(eq.profile, [0.0, 2.5, 0.0], atol=1e-9)
    opt = cg.social_optimum(game)
    assert opt.converged and opt.residual <= 1e-6 * max(1.0, opt.profile.max())
    assert opt.profile.sum() == pytest.approx(alpha.sum() - 1, rel=1e-6)


def test_public_good_equal_valuations_potential_with_cvxpy():
    eq = cg.solvers.potential_nash(cg.games.public_good_game([2.0, 2.0, 2.0], [5, 5, 5]))
    assert eq.converged and eq.profile.sum() == pytest.approx(1.0, abs=1e-9)


@pytest.mark.parametrize("n", [1, 2, 5])
def test_team_effort_equilibrium_and_optimum(n):
    # Holmström (1982): equilibrium a / (n c), efficient a / c; welfare ratio n^2 / (2n - 1).
    a, c = 2.0, 0.5
    comp = compare_regimes(cg.games.team_effort(n, a, c))
    np.testing.assert_allclose(comp.nash.profile, a / (n * c), atol=1e-9)
    np.testing.assert_allclose(comp.optimum.profile, a / c, rtol=1e-6)
    assert comp.optimum.converged and comp.nash.converged and not comp.reason
    assert comp.ratio == pytest.approx(n**2 / (2 * n - 1), rel=1e-7)


# ----------------------------------------------------------------------------- general games
def test_finite_difference_game_agrees_with_the_analytic_one():
    a, b, c = 12.0, 1.0, np.array([1.0, 2.0, 3.0])

    def payoff(q):  # scalar Python, no gradient, not vectorised
        Q = sum(q)
        return np.array([q[i] * (a - b * Q) - c[i] * q[i] for i in range(3)])

    plain = cg.ContinuousGame([(0, 100)] * 3, payoff)
    x = np.array([1.0, 2.0, 0.5])
    np.testing.assert_allclose(plain.pseudo_gradient(x), cg.games.cournot(a, b, c).pseudo_gradient(x), atol=1e-6)
    eq = cg.continuous_nash(plain)
    assert eq.converged
    np.testing.assert_allclose(eq.profile, cg.games.cournot_equilibrium(a, b, c), atol=1e-7)


def test_simplex_allocation_game_verified_against_a_grid_search():
    # Two regions split a unit budget over three sites; a site's value is shared in proportion
    # to (1 + own) / (2 + both) of the spending -- concave in own spending.
    values = np.array([3.0, 2.0, 1.0])

    def payoff(x):
        x1, x2 = x[:3], x[3:]
        share1 = (1 + x1) / (2 + x1 + x2)
        return np.array([values @ share1, values @ (1 - share1)])

    game = cg.ContinuousGame([Simplex(3), Simplex(3)], payoff)
    eq = cg.continuous_nash(game)
    assert eq.converged
    grid = np.linspace(0, 1, 201)
    for i in range(2):
        best = -np.inf
        for s in grid:
            for t in grid[grid <= 1 - s + 1e-12]:
                y = np.array([s, t, max(0.0, 1 - s - t)])
                z = eq.profile.copy()
                z[3 * i:3 * i + 3] = y
                best = max(best, payoff(z)[i])
        assert best <= eq.payoffs[i] + 1e-9


@pytest.mark.slow
def test_general_convex_set_game_is_solved_without_newton():
    # u_i = -|x_i - (t_i + 0.3 x_j)|^2 on the unit disc: best response = projection of the target.
    disc = ConvexSet(lambda v: v / max(1.0, float(np.linalg.norm(v))), dim=2, name="disc")
    targets = np.array([[2.0, 0.0], [0.0, 0.5]])

    def payoff(x):
        x1, x2 = x[:2], x[2:]
        return -np.array([np.sum((x1 - targets[0] - 0.3 * x2) ** 2), np.sum((x2 - targets[1] - 0.3 * x1) ** 2)])

    game = cg.ContinuousGame([disc, disc], payoff)
    eq = cg.continuous_nash(game)
    assert eq.converged and eq.newton_iterations == 0
    x1, x2 = np.zeros(2), np.zeros(2)
    for _ in range(200):  # the best-response map is a contraction here
        x1, x2 = disc.project(targets[0] + 0.3 * x2), disc.project(targets[1] + 0.3 * x1)
    np.testing.assert_allclose(eq.profile, np.concatenate([x1, x2]), atol=1e-7)


def test_planner_reports_an_unconverged_search():
    # A (mis-specified) welfare gradient that never vanishes on the unbounded box has no
    # stationary point: the search must say it did not converge rather than return quietly.
    game = cg.games.team_effort(3, productivity=2.0, cost=1.0)
    slow = cg.social_optimum(game, objective=lambda e: float(game.payoffs(e).sum()),
                              objective_gradient=lambda e: np.full(3, 1e-3), num_random_starts=0)
    assert not slow.converged and slow.residual > 0 and any("not converged" in n for n in slow.notes)


def test_non_convergence_is_reported_and_raised_on_request():
    game = cg.games.cournot(10, 1, [1.0, 2.0, 3.0])
    eq = cg.continuous_nash(game, max_iter=1, refine=False)
    assert not eq.converged and any("not converged" in n for n in eq.notes)
    with pytest.raises(cg.errors.ConvergenceError):
        cg.continuous_nash(game, max_iter=1, refine=False, require_convergence=True)


def test_regrets_of_a_non_equilibrium_match_the_analytic_best_response():
    a, b, c = 10.0, 1.0, np.array([1.0, 2.0, 1.5])
    q = np.array([1.0, 3.0, 0.0])
    found = cg.solvers.best_response_regrets(cg.games.cournot(a, b, c), q)
    np.testing.assert_allclose(found, cournot_best_response_regrets(a, b, c, q), atol=1e-9)


# ----------------------------------------------------------------------------- properties
finite = st.floats(-50, 50, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(st.lists(finite, min_size=4, max_size=4), st.lists(st.floats(0, 5), min_size=4, max_size=4))
def test_box_projection_is_feasible_and_idempotent(point, widths):
    lower = np.array([-1.0, 0.0, -np.inf, 2.0])
    upper = lower + np.array(widths) + np.array([0, 0, 0, 1.0])
    upper[2] = 3.0
    box = Box(lower, upper)
    p = box.project(point)
    assert box.contains(p) and np.array_equal(box.project(p), p)


@settings(max_examples=60, deadline=None)
@given(st.lists(finite, min_size=5, max_size=5), st.floats(0.1, 10))
def test_simplex_projection_is_feasible_idempotent_and_nearest(point, total):
    simplex = Simplex(5, total)
    p = simplex.project(point)
    assert p.min() >= 0 and p.sum() == pytest.approx(total)
    np.testing.assert_allclose(simplex.project(p), p, atol=1e-12)
    # Variational characterisation of the projection: <x - p, y - p> <= 0 for y in the set.
    rng = np.random.default_rng(0)
    for y in total * rng.dirichlet(np.ones(5), size=20):
        assert (np.array(point) - p) @ (y - p) <= 1e-9 * (1 + np.abs(point).max())


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(0, 8), min_size=3, max_size=3), st.lists(st.floats(0, 6), min_size=3, max_size=3))
def test_verification_regret_is_nonnegative_and_exact_for_cournot(quantities, costs):
    a, b = 10.0, 1.0
    c, q = np.array(costs), np.array(quantities)
    found = cg.solvers.best_response_regrets(cg.games.cournot(a, b, c), q)
    assert np.all(found >= 0)
    np.testing.assert_allclose(found, cournot_best_response_regrets(a, b, c, q), atol=1e-8)


# ----------------------------------------------------------------------------- validation
def test_invalid_constructions_name_the_argument():
    with pytest.raises(cg.errors.InvalidGameError, match="Box"):
        Box(1.0, 0.0)
    with pytest.raises(cg.errors.InvalidGameError, match="payoff"):
        cg.ContinuousGame([(0, 1), (0, 1)], lambda x: x.sum())
    with pytest.raises(cg.errors.InvalidGameError, match="action_sets"):
        cg.ContinuousGame(["not a set"], lambda x: x)
    with pytest.raises(cg.errors.InvalidArgumentError, match="costs"):
        cg.games.cournot(10, 1, [1.0, -2.0])
    with pytest.raises(cg.errors.InvalidArgumentError, match="tol"):
        cg.continuous_nash(cg.games.cournot(10, 1, [1.0]), tol=-1)
    with pytest.raises(cg.errors.InvalidProfileError, match="outside"):
        cg.solvers.best_response_regrets(cg.games.cournot(10, 1, [1.0, 1.0]), [-1.0, 2.0])
    with pytest.raises(cg.errors.UnsupportedGameError, match="potential"):
        cg.solvers.potential_nash(cg.games.tullock_contest(2))
    with pytest.raises(cg.errors.InvalidArgumentError, match="weights"):
        cg.social_optimum(cg.games.cournot(10, 1, [1.0, 1.0]), cg.welfare.utilitarian([1.0]))


def test_result_dictionaries():
    eq = cg.continuous_nash(cg.games.cournot(10, 1, [1, 1]))
    d = eq.to_dict()
    assert d["converged"] and d["profile"] == pytest.approx([3.0, 3.0])
    comp = compare_regimes(cg.games.team_effort(2))
    assert set(comp.to_dict()) >= {"optimum", "outcomes", "welfare_name"}
    assert {"selection", "equilibrium_count", "complete", "welfare", "cost"} <= set(comp.to_dict()["outcomes"][0])


@pytest.mark.parametrize("vectorized", [False, True])
def test_deviation_gradient_and_pseudo_jacobian_differences_stay_in_the_box(vectorized):
    # u_0 = sqrt(x0) (1 + x1), u_1 = -(x1 - x0)^2 on [0, 4]^2: sqrt fails outside the box, so a
    # central difference at x0 = 0 or x0 = 4 would leave it.  F = (du0/dx0, du1/dx1).
    seen = []

    def payoff(x):
        x = np.asarray(x, dtype=float)
        seen.append(np.min(x))
        seen.append(-np.max(x - 4.0))
        return np.stack([np.sqrt(x[..., 0]) * (1 + x[..., 1]), -(x[..., 1] - x[..., 0]) ** 2], axis=-1)

    game = cg.ContinuousGame([Box(0, 4)] * 2, payoff, vectorized=vectorized)
    x = np.array([4.0, 1.0])  # x0 at its upper bound
    seen.clear()
    F = game.pseudo_gradient(x)
    np.testing.assert_allclose(F, [(1 + 1.0) / (2 * 2.0), -2 * (1.0 - 4.0)], rtol=1e-5)
    J = game.pseudo_jacobian(x)
    # dF0/dx0 = -(1 + x1) / (4 x0^1.5), dF0/dx1 = 1 / (2 sqrt x0), dF1/dx0 = 2, dF1/dx1 = -2
    np.testing.assert_allclose(J, [[-2.0 / 32.0, 0.25], [2.0, -2.0]], rtol=1e-3, atol=1e-6)
    assert min(seen) >= 0.0  # never below 0 nor above 4


def test_projected_ascent_reports_an_exhausted_budget():
    # Unbounded ascent (identity projection, linear value) cannot converge: the budget runs out
    # while the value still rises.  On the unit box the same ascent stops at the corner.
    from coordgame.solvers.continuous._optimize import _projected_ascent

    _, stop = _projected_ascent(lambda v: v, lambda v: float(v.sum()), np.ones_like, np.zeros(2), max_iter=5)
    assert stop == "budget"
    y, stop = _projected_ascent(lambda v: np.clip(v, 0.0, 1.0), lambda v: float(v.sum()), np.ones_like, np.zeros(2))
    assert stop == "converged" and y.tolist() == [1.0, 1.0]
