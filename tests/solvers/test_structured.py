"""Structured-game solvers: exhaustive search and best-response dynamics against pure_nash,
cycle detection, verification, and the subset branch and bound against brute force."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coordgame as cg
from coordgame.games.structured import StructuredGame
from coordgame.solvers.structured import verify_profile
from coordgame.solvers.subset_search import branch_and_bound_subsets
from tests.games.test_structured import wrap


@pytest.mark.parametrize("seed", range(20))
def test_exhaustive_search_equals_pure_nash_on_random_games(seed):
    rng = np.random.default_rng(seed)
    shape = tuple(int(n) for n in rng.integers(2, 5, size=int(rng.integers(2, 5))))
    game = cg.games.random_game(shape, seed=seed, integers=3)  # ties: many equilibria
    expected = cg.pure_nash(game).pure_profiles()
    found = cg.pure_nash(wrap(game))
    assert found.complete and found.method == "exhaustive"
    assert found.profiles() == expected
    for eq in found:
        assert eq.regret <= eq.tol
        np.testing.assert_allclose(eq.payoffs, game.payoff(eq.profile))


@pytest.mark.parametrize("seed", range(10))
def test_dynamics_reach_only_equilibria_of_the_normal_form(seed):
    game = cg.games.random_game((3, 3, 3), seed=seed)
    result = cg.solvers.best_response_equilibria(wrap(game), starts=("first", "last"), num_random_starts=5, seed=seed)
    assert not result.complete
    assert len(result.starts) == 7
    pure = set(cg.pure_nash(game).pure_profiles())
    assert set(result.profiles()) <= pure
    for record in result.starts:
        assert record.outcome in ("converged", "cycle")
        if record.outcome == "converged":
            assert result[record.equilibrium].profile in pure


def test_dynamics_find_every_equilibrium_of_a_coordination_game():
    # minimum-effort game: every common effort level is an equilibrium; start at each level
    game = cg.games.minimum_effort(3)
    n = game.num_actions[0]
    result = cg.solvers.best_response_equilibria(wrap(game), starts=[(k,) * 3 for k in range(n)])
    assert sorted(result.profiles()) == cg.pure_nash(game).pure_profiles()


def test_matching_pennies_cycles_and_the_cycle_is_reported():
    result = cg.solvers.best_response_equilibria(wrap(cg.games.matching_pennies()), starts=("first",))
    assert len(result) == 0 and result.starts[0].outcome == "cycle"
    (cycle,) = result.cycles
    assert len(cycle) >= 2 and len(set(cycle)) == len(cycle)
    assert result.to_dict()["cycles"]


def test_verify_profile_refuses_a_non_equilibrium():
    game = wrap(cg.games.prisoners_dilemma())
    assert verify_profile(game, (1, 1), method="by hand").payoffs.tolist() == [1.0, 1.0]
    with pytest.raises(cg.errors.VerificationError, match="not an equilibrium"):
        verify_profile(game, (0, 0), method="by hand")


def test_exhaustive_search_respects_shared_constraints():
    # three firms, room for two; entering pays 3 - (number of entrants)
    def payoff(profile):
        return np.array(profile, dtype=float) * (3.0 - sum(profile))

    def room(profile, i):
        return np.array([True, sum(profile) - profile[i] < 2])

    game = StructuredGame([[0, 1]] * 3, payoff, feasible=room)
    found = cg.pure_nash(game)
    assert sorted(found.profiles()) == [(0, 1, 1), (1, 0, 1), (1, 1, 0)]


def test_exhaustive_search_skips_profiles_that_break_a_shared_constraint():
    # one licence: staying out is feasible only while nobody else holds more than the licence allows,
    # so at (1, 1, 1) no player has a feasible action at all; such a profile is not an equilibrium
    def payoff(profile):
        return np.array(profile, dtype=float) * (2.0 - sum(profile))

    def room(profile, i):
        others = sum(profile) - profile[i]
        return np.array([others <= 1, others < 1])

    game = StructuredGame([[0, 1]] * 3, payoff, feasible=room)
    found = cg.pure_nash(game)
    assert sorted(found.profiles()) == [(0, 0, 1), (0, 1, 0), (1, 0, 0)]
    assert all(game.is_nash(p) for p in found.profiles()) and not game.is_nash((1, 1, 1))


# ------------------------------------------------------------------------- subset search
def brute_force_max(n, f):
    masks = [np.array(m, dtype=bool) for m in itertools.product([False, True], repeat=n)]
    return max(f(m) for m in masks)


def facility_problem(seed, n):
    """Choose facilities: value = sum over customers of the best chosen value - opening costs."""
    rng = np.random.default_rng(seed)
    utility = rng.uniform(0, 10, size=(6, n))
    cost = rng.uniform(2, 12, size=n)

    def f(mask):
        if not mask.any():
            return 0.0
        return float(utility[:, mask].max(axis=1).sum() - cost[mask].sum())

    def bound(inside, outside):
        allowed = ~outside
        best = utility[:, allowed].max(axis=1).sum() if allowed.any() else 0.0
        return float(best - cost[inside].sum())

    return f, bound


@pytest.mark.parametrize("seed", range(15))
def test_branch_and_bound_matches_brute_force(seed):
    n = 9
    f, bound = facility_problem(seed, n)
    result = branch_and_bound_subsets(n, f, bound)
    assert result.exact and result.gap == 0.0
    assert result.value == pytest.approx(brute_force_max(n, f), abs=1e-9)
    assert f(result.best) == pytest.approx(result.value)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), max_nodes=st.integers(1, 40))
def test_node_limit_gives_a_certified_gap(seed, max_nodes):
    n = 9
    f, bound = facility_problem(seed, n)
    result = branch_and_bound_subsets(n, f, bound, max_nodes=max_nodes)
    optimum = brute_force_max(n, f)
    assert result.value <= optimum + 1e-9
    assert result.upper_bound >= optimum - 1e-9  # the certificate holds
    assert result.gap == pytest.approx(result.upper_bound - result.value)
    if result.exact:
        assert result.value == pytest.approx(optimum)


def test_branch_and_bound_rejects_bad_arguments():
    f, bound = facility_problem(0, 3)
    with pytest.raises(cg.errors.InvalidArgumentError, match="order"):
        branch_and_bound_subsets(3, f, bound, order=[0, 0, 1])
    with pytest.raises(cg.errors.InvalidArgumentError, match="initial"):
        branch_and_bound_subsets(3, f, bound, initial=np.zeros(4, dtype=bool))
    with pytest.raises(cg.errors.InvalidArgumentError, match="max_nodes"):
        branch_and_bound_subsets(3, f, bound, max_nodes=0)
