"""The vectorised first pass of ``support_enumeration_n(stop_after=...)``: published answers,
cross-checks against the one-support-at-a-time solvers and pygambit, and properties."""

from __future__ import annotations

from itertools import product

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coordgame as cg
from coordgame.solvers._indifference import solve_two_mixers
from coordgame.solvers._multilinear import MultilinearGame
from coordgame.solvers._support_batch import (
    _newton_candidates,
    _schedule,
    _support_masks,
    _two_mixer_candidates,
    _two_mixer_plan,
    batched_first_pass,
)
from coordgame.tolerances import absolute_tolerance, normalized_payoffs


def jordan_game() -> cg.NormalFormGame:
    """Jordan's three-player matching pennies (Jordan 1993, "Three problems in learning mixed-strategy
    Nash equilibria", GEB 5): 1 wants to match 2, 2 to match 3, 3 to mismatch 1.  Its only Nash
    equilibrium has every player mixing (1/2, 1/2)."""
    payoffs = np.zeros((3, 2, 2, 2))
    for a, b, c in product(range(2), repeat=3):
        payoffs[:, a, b, c] = [a == b, b == c, c != a]
    return cg.NormalFormGame(payoffs)


def test_jordan_game_unique_totally_mixed_equilibrium_is_found_by_the_newton_batch():
    result = cg.solvers.support_enumeration_n(jordan_game(), stop_after=1)
    assert len(result) == 1 and not result.complete
    assert np.allclose(np.concatenate(result[0].strategies), 0.5, atol=1e-12)
    assert any("vectorised first pass" in note for note in result.notes)
    # the complete enumeration agrees that it is the only equilibrium
    assert len(cg.solvers.support_enumeration_n(jordan_game())) == 1


@pytest.mark.parametrize(("players", "benefit", "cost"), [(3, 1.0, 0.25), (4, 2.0, 0.5)])
def test_newton_batch_on_the_full_support_is_diekmanns_symmetric_equilibrium(players, benefit, cost):
    # Diekmann (1985): each player waits with probability (c / b) ** (1 / (N - 1)) in the symmetric
    # mixed equilibrium of the volunteer's dilemma, its only totally mixed one.
    game = cg.games.volunteers_dilemma(players, benefit=benefit, cost=cost)
    mg = MultilinearGame(normalized_payoffs(game.payoffs))
    masks = _support_masks(mg.num_actions, mg.offsets, (2,) * players)
    found = np.concatenate(list(_newton_candidates(mg, masks, 4, np.random.default_rng(0), 1e-12, 20)))
    assert len(found)
    wait = (cost / benefit) ** (1 / (players - 1))
    assert np.allclose(found[:, 1::2], wait, atol=1e-9)


@pytest.mark.parametrize("shape", [(3, 3, 3), (2, 4, 3), (3, 3, 2, 2)])
def test_batched_two_mixer_solutions_equal_the_one_support_solver(shape):
    # Cross-check of two methods: every balanced two-mixer support solved in the padded batch gives
    # the point the per-support linear solver returns when that point is a non-negative profile.
    game = cg.games.random_game(shape, seed=3)
    mg = MultilinearGame(normalized_payoffs(game.payoffs))
    groups, _ = _schedule(mg.num_actions)
    plan = _two_mixer_plan(mg.num_actions, tuple(k for group in groups for k in group))
    flat = _two_mixer_candidates(mg, plan)
    checked = 0
    for row, solution in zip(range(len(flat)), flat):
        supports = [np.flatnonzero(b > 0) if (b > 0).sum() else np.array([0]) for b in mg.blocks(solution)]
        if solution.min() < 0 or any(s.size != plan.valid[row].sum() for s in supports if s.size > 1):
            continue  # a negative probability or a zero inside the support: not comparable
        direct = solve_two_mixers(mg, supports, 1e-12)
        if direct is not None and len(direct):
            assert np.allclose(direct[0], solution, atol=1e-9)
            checked += 1
    assert checked > 0


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 100_000), shape=st.sampled_from([(2, 2, 2), (3, 3, 3), (4, 3, 2), (3, 3, 3, 3),
                                                            (2, 2, 2, 2, 2)]),
       integers=st.sampled_from([None, 3]))
def test_first_equilibrium_is_verified(seed, shape, integers):
    game = cg.games.random_game(shape, seed=seed, integers=integers)
    result = cg.solvers.support_enumeration_n(game, stop_after=1)
    assert len(result) == 1  # every finite game has an equilibrium (Nash 1951)
    assert game.max_regret(result[0].strategies) <= absolute_tolerance(1e-9, game.payoffs)


@pytest.mark.slow
@pytest.mark.parametrize("shape", [(2, 2, 2), (2, 2, 2, 2), (3, 3, 2)])
def test_first_equilibria_are_among_all_equilibria(shape):
    for seed in range(3):
        game = cg.games.random_game(shape, seed=seed)
        everything = cg.solvers.support_enumeration_n(game)
        first = cg.solvers.support_enumeration_n(game, stop_after=2)
        for eq in first:
            assert any(all(np.allclose(a, b, atol=1e-7) for a, b in zip(eq.strategies, other.strategies))
                       for other in everything)


def test_first_pass_offers_only_screened_profiles_and_stops_when_told():
    game = cg.games.random_game((3, 3, 3), seed=2)
    mg = MultilinearGame(normalized_payoffs(game.payoffs))
    offered = []

    def accept(flat):
        offered.append(flat)
        return True

    assert batched_first_pass(mg, 1e-9, np.random.default_rng(0), 4, 12, accept)
    assert len(offered) == 1 and (mg.max_regret(offered[0]) <= 1e-9).all()


@pytest.mark.slow
@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 100_000))
def test_mckelvey_mclennan_bound_on_totally_mixed_equilibria_of_2x2x2_games(seed):
    # McKelvey & McLennan (1997, JET 72): a generic 3-player game with two actions each has at most two
    # regular totally mixed equilibria.
    result = cg.solvers.support_enumeration_n(cg.games.random_game((2, 2, 2), seed=seed))
    assert result.complete
    assert sum(all(s.min() > 0 for s in eq.strategies) for eq in result) <= 2


def test_all_payoffs_equal_returns_a_pure_equilibrium_first():
    result = cg.solvers.support_enumeration_n(cg.NormalFormGame(np.zeros((3, 2, 2, 2))), stop_after=1)
    assert result[0].is_pure and result[0].regret == 0


@pytest.mark.slow
@pytest.mark.peers
def test_first_equilibrium_is_an_equilibrium_for_pygambit():
    gbt = pytest.importorskip("pygambit", reason="needs the 'peers' extra: pip install -e '.[peers]'")
    for shape, seed in [((3, 3, 3), 2), ((4, 4, 4), 14), ((3, 3, 3, 3), 11), ((2, 2, 2, 2, 2), 20)]:
        game = cg.games.random_game(shape, seed=seed)
        eq = cg.solvers.support_enumeration_n(game, stop_after=1)[0]
        gambit_game = gbt.Game.from_arrays(*[np.asarray(game.payoffs[i]) for i in range(game.num_players)])
        profile = gambit_game.mixed_strategy_profile()
        for player, strategy in zip(gambit_game.players, eq.strategies):
            for action, p in zip(player.strategies, strategy):
                profile[action] = float(p)
        assert profile.max_regret() <= 1e-9
