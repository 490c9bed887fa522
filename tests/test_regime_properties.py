"""Identities between the regimes, as hypothesis properties on small random games.

* every Nash equilibrium is a correlated equilibrium and every CE a coarse CE, so the welfare
  ranges nest: NE welfare in [CE low, CE high] in [CCE low, CCE high];
* the best CE welfare is at most the planner's optimum;
* the planner's profile is a Nash equilibrium after the Transfers scheme (both kinds); weak
  transfers report the worst surviving equilibrium (never better than the target), strict ones
  leave the target the only equilibrium, at the target's regrets plus the margin;
* Quota with every action allowed is LocalCompetition.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import coordgame as cg
from coordgame.mechanisms import LocalCompetition, Quota, Transfers
from coordgame.solvers.correlated import incentive_violation

shapes = st.lists(st.integers(1, 3), min_size=2, max_size=3)
seeds = st.integers(0, 2**32 - 1)
payoff_kinds = st.sampled_from([None, 3])  # continuous, or small integers (ties, degenerate games)

TOL = 1e-7


@pytest.mark.slow
@settings(max_examples=30, deadline=None)
@given(shapes, seeds, payoff_kinds)
def test_welfare_ranges_nest(shape, seed, integers):
    game = cg.games.random_game(shape, seed=seed, integers=integers)
    ce = cg.solvers.correlated_welfare_range(game)
    cce = cg.solvers.correlated_welfare_range(game, coarse=True)
    assert cce.low <= ce.low + TOL and ce.high <= cce.high + TOL
    for eq in cg.nash(game, tol=1e-9):
        joint = eq.strategies[0]
        for s in eq.strategies[1:]:
            joint = np.multiply.outer(joint, s)
        assert incentive_violation(game, joint) <= TOL
        assert ce.low - TOL <= eq.welfare <= ce.high + TOL


@settings(max_examples=30, deadline=None)
@given(shapes, seeds, payoff_kinds, st.sampled_from(["utilitarian", "rawlsian"]))
def test_best_correlated_equilibrium_at_most_optimum(shape, seed, integers, welfare):
    game = cg.games.random_game(shape, seed=seed, integers=integers)
    best = cg.correlated_equilibrium(game, welfare, coarse=True)
    assert best.objective_value <= cg.social_optimum(game, welfare).best_welfare + TOL


@settings(max_examples=30, deadline=None)
@given(shapes, seeds, payoff_kinds, st.sampled_from(["profile", "action"]))
def test_planner_profile_is_equilibrium_after_transfers(shape, seed, integers, kind):
    game = cg.games.random_game(shape, seed=seed, integers=integers)
    out = Transfers(kind=kind, method="pure").solve(game)
    target = out.details["target"]
    assert target in cg.social_optimum(game).profiles
    assert out.details["transformed_game"].is_nash(target)
    assert target in out.equilibria.pure_profiles()
    assert out.cost >= -1e-9 and out.cost <= game.regrets(target).sum() + 1e-9


@settings(max_examples=30, deadline=None)
@given(shapes, seeds, payoff_kinds, st.sampled_from(["worst", "best", "first"]))
def test_quota_with_all_actions_is_local_competition(shape, seed, integers, select):
    game = cg.games.random_game(shape, seed=seed, integers=integers)
    assume(len(cg.pure_nash(game)) > 0)  # the regimes below search pure equilibria
    a = LocalCompetition(select, method="pure").solve(game)
    b = Quota([None] * game.num_players, select, method="pure").solve(game)
    np.testing.assert_array_equal(a.payoffs, b.payoffs)
    assert [s.tolist() for s in a.strategies] == [s.tolist() for s in b.strategies]
    listed = Quota([list(range(n)) for n in game.num_actions], select, method="pure").solve(game)
    np.testing.assert_array_equal(a.payoffs, listed.payoffs)


@settings(max_examples=30, deadline=None)
@given(shapes, seeds, payoff_kinds, st.sampled_from(["profile", "action"]))
def test_weak_transfers_report_the_worst_and_strict_ones_a_unique_target(shape, seed, integers, kind):
    game = cg.games.random_game(shape, seed=seed, integers=integers)
    weak = Transfers(kind=kind).solve(game)
    target = weak.details["target"]
    target_welfare = float(game.payoff(target).sum())
    assert weak.welfare <= target_welfare + TOL and weak.selection == "worst"
    assert weak.equilibrium_count == len(weak.equilibria) >= 1
    strict = Transfers(kind=kind, strict=True).solve(game)
    assert strict.details["target"] == target
    assert strict.equilibrium_count == 1 and strict.equilibria[0].pure_profile == target
    assert abs(strict.welfare - target_welfare) <= TOL
    if kind == "profile":
        expected = game.regrets(target).sum() + game.num_players * strict.details["margin"]
        assert abs(strict.cost - expected) <= TOL
