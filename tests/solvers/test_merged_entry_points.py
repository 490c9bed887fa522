"""One entry point per concept: every old route gives the same answer through the new one.

Best-response dynamics (normal-form and structured games share one implementation), pure
equilibria (``pure_nash`` on a structured game), the planner (``social_optimum`` on finite and
continuous games with closed-form optima) and the Cournot closed form (vectorised over markets,
absent firms at cost ``inf``).
"""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coordgame as cg
from coordgame.games.structured import StructuredGame
from coordgame.solvers.structured import exhaustive_pure_nash


def _entry_game() -> StructuredGame:
    # two firms: entering alone pays 2, entering together -1 each
    return StructuredGame([[0, 1], [0, 1]], lambda p: np.array([a * (2.0 if sum(p) == 1 else -1.0) for a in p]))


# ------------------------------------------------------------------ best-response dynamics
@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("mode", ["sequential", "simultaneous"])
def test_best_response_dynamics_same_path_on_both_representations(seed, mode):
    game = cg.games.random_game((3, 3, 2), seed=seed, integers=4)
    start = tuple(int(a) for a in np.random.default_rng(seed).integers(0, 2, size=3))
    normal = cg.solvers.best_response_dynamics(game, initial=start, mode=mode)
    structured = cg.solvers.best_response_dynamics(StructuredGame.from_normal_form(game), initial=start, mode=mode)
    np.testing.assert_array_equal(normal.profiles, structured.profiles)
    assert normal.converged == structured.converged and normal.cycle_detected == structured.cycle_detected
    assert normal.max_regret == pytest.approx(structured.max_regret)
    if normal.converged:
        assert normal.equilibrium.pure_profile == structured.equilibrium.profile
        assert normal.equilibrium.pure_profile in cg.pure_nash(game).pure_profiles()


def test_best_response_dynamics_on_a_structured_game_with_known_equilibria():
    result = cg.solvers.best_response_dynamics(_entry_game(), initial=(1, 1))
    assert result.converged and result.equilibrium.profile == (0, 1)
    assert result.equilibrium.regret == 0.0


def test_best_response_equilibria_on_normal_form_and_structured_games_agree():
    game = cg.games.minimum_effort(3)
    starts = [(k,) * 3 for k in range(game.num_actions[0])] + ["first", "last"]
    direct = cg.solvers.best_response_equilibria(game, starts=starts)
    wrapped = cg.solvers.best_response_equilibria(StructuredGame.from_normal_form(game), starts=starts)
    assert direct.profiles() == wrapped.profiles()
    assert sorted(direct.profiles()) == cg.pure_nash(game).pure_profiles()
    assert [s.rounds for s in direct.starts][:3] == [1, 1, 1]  # every start is already an equilibrium


def test_best_response_equilibria_reports_the_cycle_of_matching_pennies():
    result = cg.solvers.best_response_equilibria(cg.games.matching_pennies(), starts=("first",))
    assert len(result) == 0 and result.starts[0].outcome == "cycle"
    single = cg.solvers.best_response_dynamics(cg.games.matching_pennies(), initial=(0, 0))
    assert [list(p) for p in result.cycles[0]] == single.cycle.tolist()


def test_best_response_entry_points_refuse_other_games():
    with pytest.raises(cg.errors.InvalidArgumentError, match="game"):
        cg.solvers.best_response_dynamics(cg.games.cournot(10, 1, [1, 1]))
    with pytest.raises(cg.errors.InvalidArgumentError, match="game"):
        cg.solvers.best_response_equilibria(np.eye(2))


# ------------------------------------------------------------------ pure equilibria
@pytest.mark.parametrize("seed", range(6))
def test_pure_nash_on_a_structured_game_is_the_exhaustive_search(seed):
    game = cg.games.random_game((3, 2, 3), seed=seed, integers=3)
    structured = StructuredGame.from_normal_form(game)
    found = cg.pure_nash(structured)
    assert found.complete and found.profiles() == cg.pure_nash(game).pure_profiles()
    assert found.profiles() == exhaustive_pure_nash(structured).profiles()


def test_pure_nash_limit_on_a_structured_game():
    game = StructuredGame.from_normal_form(cg.games.minimum_effort(3))
    every = cg.pure_nash(game)
    first = cg.pure_nash(game, limit=2)
    assert first.profiles() == every.profiles()[:2] and not first.complete and every.complete


# ------------------------------------------------------------------ planner
def test_social_optimum_on_a_finite_game_with_a_closed_form():
    opt = cg.social_optimum(cg.games.prisoners_dilemma())
    assert opt.profiles == ((0, 0),) and opt.welfare == 4.0


@pytest.mark.parametrize("n, productivity, cost", [(2, 1.0, 1.0), (4, 2.0, 1.0), (3, 1.5, 0.5)])
def test_social_optimum_on_team_effort_is_a_over_c(n, productivity, cost):
    opt = cg.social_optimum(cg.games.team_effort(n, productivity=productivity, cost=cost))
    assert isinstance(opt, cg.solvers.ContinuousOptimum) and opt.converged
    np.testing.assert_allclose(opt.profile, productivity / cost, rtol=1e-6)


def test_social_optimum_on_a_cournot_market_is_the_cheapest_monopoly():
    a, b, costs = 12.0, 1.0, [1.0, 2.0, 8.0]
    opt = cg.social_optimum(cg.games.cournot(a, b, costs))
    assert opt.converged
    np.testing.assert_allclose(opt.profile, [(a - 1.0) / (2 * b), 0.0, 0.0], atol=1e-7)
    assert opt.welfare == pytest.approx((a - 1.0) ** 2 / (4 * b))


def test_social_optimum_welfare_weights_on_a_continuous_game():
    # weight 0 on firm 2: the planner maximises firm 1's profit, whose best is firm 2 out, firm 1 a monopolist
    game = cg.games.cournot(10.0, 1.0, [1.0, 1.0])
    opt = cg.social_optimum(game, cg.welfare.utilitarian([1.0, 0.0]))
    assert opt.converged
    np.testing.assert_allclose(opt.profile, [4.5, 0.0], atol=1e-6)


def test_social_optimum_smooth_nonlinear_welfare_on_a_continuous_game():
    # team effort with u_i = a E / n - c e_i^2 / 2 ... W = sum log(u_i + k) is maximised at the same symmetric point
    game = cg.games.team_effort(2, productivity=1.0, cost=1.0)
    utilitarian = cg.social_optimum(game)
    log_sum = cg.social_optimum(game, lambda u: float(np.log(u + 10.0).sum()))
    np.testing.assert_allclose(log_sum.profile, utilitarian.profile, atol=1e-4)


def test_social_optimum_refuses_continuous_options_on_a_finite_game():
    with pytest.raises(cg.errors.InvalidArgumentError, match="objective"):
        cg.social_optimum(cg.games.chicken(), objective=lambda x: 0.0)
    with pytest.raises(cg.errors.InvalidArgumentError, match="num_random_starts"):
        cg.social_optimum(cg.games.chicken(), num_random_starts=2)
    with pytest.raises(cg.errors.InvalidArgumentError, match="objective_gradient"):
        cg.social_optimum(cg.games.team_effort(2), objective_gradient=lambda x: x)
    with pytest.raises(cg.errors.InvalidArgumentError, match="game"):
        cg.social_optimum("not a game")


# ------------------------------------------------------------------ Cournot closed form
def _reference_cournot(costs, a, b):
    """Price and quantities by enumerating the active set (absent firms: inf)."""
    costs = list(costs)
    present = [i for i, c in enumerate(costs) if np.isfinite(c)]
    for k in range(len(present), -1, -1):
        for active in itertools.combinations(present, k):
            price = (a + sum(costs[i] for i in active)) / (k + 1)
            q = np.zeros(len(costs))
            for i in active:
                q[i] = (price - costs[i]) / b
            if (q[list(active)] > 0).all() and all(costs[i] >= price for i in present if i not in active):
                return price, q
    raise AssertionError("no Cournot equilibrium")


@pytest.mark.parametrize("seed", range(10))
def test_cournot_equilibrium_vectorised_with_absent_firms_matches_enumeration(seed):
    rng = np.random.default_rng(seed)
    costs = rng.uniform(0, 120, size=(5, 4))
    costs[rng.random(costs.shape) < 0.3] = np.inf
    a, b = 100.0, float(rng.uniform(0.2, 3))
    q = cg.games.cournot_equilibrium(a, b, costs)
    assert q.shape == costs.shape
    for market, row in zip(q, costs):
        price, expected = _reference_cournot(row, a, b)
        np.testing.assert_allclose(market, expected, atol=1e-9)
        assert a - b * market.sum() == pytest.approx(price, abs=1e-9)


def test_cournot_equilibrium_is_the_game_s_nash_equilibrium():
    costs = [1.0, 2.0, 8.0]
    eq = cg.continuous_nash(cg.games.cournot(12, 1, costs))
    np.testing.assert_allclose(eq.profile, cg.games.cournot_equilibrium(12, 1, costs), atol=1e-9)


def test_cournot_equilibrium_per_market_demand():
    q = cg.games.cournot_equilibrium([100.0, 50.0], 1.0, [[10.0, 10.0], [10.0, 10.0]])
    np.testing.assert_allclose(q, [[30.0, 30.0], [40 / 3, 40 / 3]])


@pytest.mark.parametrize("bad", [[-1.0], [np.nan], []])
def test_cournot_equilibrium_bad_costs_name_the_argument(bad):
    with pytest.raises(cg.errors.InvalidArgumentError, match="costs"):
        cg.games.cournot_equilibrium(10, 1, bad)


# ------------------------------------------------------------------ planner's subset search
@pytest.mark.parametrize("seed", range(6))
def test_greedy_incumbent_gives_the_same_optimum(seed):
    from coordgame.solvers.subset_search import branch_and_bound_subsets, greedy_subset

    rng = np.random.default_rng(seed)
    n = 7
    v = rng.normal(2.0, 2.0, n)
    pair = np.triu(rng.normal(-0.5, 0.5, (n, n)), 1)

    def f(m):
        x = m.astype(float)
        return float(v @ x + x @ pair @ x - 1.5 * x.sum())

    def bound(i, o):
        free = ~i & ~o
        return f(i) + float(np.clip(v[free] - 1.5, 0, None).sum() + np.clip(pair, 0, None)[:, free].sum()
                              + np.clip(pair, 0, None)[free].sum())

    brute = max(f(np.array(bits, dtype=bool)) for bits in itertools.product((0, 1), repeat=n))
    assert x_value(branch_and_bound_subsets(n, f, bound, initial="greedy")) == pytest.approx(brute)
    assert branch_and_bound_subsets(n, f, bound).value == pytest.approx(brute)
    greedy = greedy_subset(n, f)
    stacked = greedy_subset(n, lambda ms: np.array([f(m) for m in np.atleast_2d(ms)]), vectorized=True)
    np.testing.assert_array_equal(greedy, stacked)
    with pytest.raises(cg.errors.InvalidArgumentError, match="initial"):
        branch_and_bound_subsets(n, f, bound, initial="best")


def x_value(result):
    assert result.exact and result.gap == 0.0
    return result.value


# The model's Cournot tests, on the library's closed form (the model now calls it).
@settings(max_examples=60, deadline=None)
@given(costs=st.lists(st.floats(0, 120, allow_nan=False), min_size=1, max_size=6),
       a=st.floats(1, 100), b=st.floats(0.1, 5))
def test_cournot_equilibrium_satisfies_kkt_and_matches_enumeration(costs, a, b):
    costs = np.array(costs)
    q = cg.games.cournot_equilibrium(a, b, costs)
    price = a - b * q.sum()
    assert (q >= 0).all()
    # KKT of each firm's problem max_q (P(Q) - c) q: marginal profit zero if q > 0, <= 0 if q = 0
    marginal = price - costs - b * q
    assert np.all(np.where(q > 1e-12, np.abs(marginal) <= 1e-8, marginal <= 1e-8))
    ref_price, ref_q = _reference_cournot(list(costs), a, b)
    assert price == pytest.approx(ref_price, abs=1e-9)
    np.testing.assert_allclose(q, ref_q, atol=1e-9)


def test_cournot_equilibrium_is_vectorised_and_handles_absent_firms():
    costs = np.array([[10.0, 20.0, np.inf], [np.inf, np.inf, np.inf], [90.0, 95.0, 99.0]])
    q = cg.games.cournot_equilibrium(100.0, 1.0, costs)
    price = 100.0 - q.sum(axis=-1)
    assert price[0] == pytest.approx(130 / 3) and q[0, 2] == 0.0
    assert price[1] == 100.0 and (q[1] == 0).all()
    # alone the cost-90 firm sets P = (100 + 90)/2 = 95, which the cost-95 firm cannot undercut
    assert price[2] == pytest.approx(95.0) and q[2].tolist() == pytest.approx([5.0, 0.0, 0.0])
