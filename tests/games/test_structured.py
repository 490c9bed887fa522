"""StructuredGame: representation, deviations, feasibility and expansion to normal form."""

import numpy as np
import pytest

import coordgame as cg
from coordgame.games.structured import StructuredGame, binary_portfolios


def wrap(game: cg.NormalFormGame, vectorised: bool = True) -> StructuredGame:
    """A normal-form game seen as a structured game (actions = indices)."""
    actions = [np.arange(n) for n in game.num_actions]

    def payoff(profile):
        return game.payoff(profile)

    def deviation(profile, i):
        return game.action_values(list(profile), i)

    return StructuredGame(actions, payoff, deviation_payoffs=deviation if vectorised else None)


def test_binary_portfolios_enumerates_every_vector_once():
    rows = binary_portfolios(4)
    assert rows.shape == (16, 4)
    assert len({tuple(r) for r in rows}) == 16
    assert rows[0].tolist() == [0, 0, 0, 0] and rows[-1].tolist() == [1, 1, 1, 1]
    capped = binary_portfolios(4, max_ones=2)
    assert capped.shape == (1 + 4 + 6, 4) and capped.sum(axis=1).max() == 2


@pytest.mark.parametrize("seed", range(5))
def test_to_normal_form_round_trips_a_random_game(seed):
    game = cg.games.random_game((3, 2, 4), seed=seed)
    expanded = wrap(game).to_normal_form()
    np.testing.assert_array_equal(expanded.payoffs, game.payoffs)


@pytest.mark.parametrize("seed", range(5))
def test_default_deviation_payoffs_match_the_vectorised_ones(seed):
    game = cg.games.random_game((3, 3, 2), seed=seed)
    fast, slow = wrap(game), wrap(game, vectorised=False)
    for profile in [(0, 0, 0), (2, 1, 1), (1, 2, 0)]:
        for i in range(3):
            np.testing.assert_allclose(fast.deviation_payoffs(profile, i), slow.deviation_payoffs(profile, i))
        np.testing.assert_allclose(fast.regrets(profile), game.regrets(profile))


def test_is_nash_agrees_with_the_normal_form_on_every_profile():
    game = cg.games.random_game((3, 3, 3), seed=7, integers=4)
    structured = wrap(game)
    for profile in np.ndindex(3, 3, 3):
        assert structured.is_nash(profile) == game.is_nash(profile)


def test_feasibility_restricts_deviations_and_blocks_expansion():
    # two firms may enter (1) a market with room for one; entering alone pays 1
    def payoff(profile):
        return np.array([float(a) for a in profile]) * (1.0 if sum(profile) == 1 else -1.0)

    def room_for_one(profile, i):
        others = sum(profile) - profile[i]
        return np.array([True, others == 0])

    game = StructuredGame([[0, 1], [0, 1]], payoff, feasible=room_for_one)
    assert game.has_constraints
    assert game.feasible_actions((0, 1), 0).tolist() == [True, False]
    assert game.is_nash((0, 1)) and game.is_nash((1, 0)) and not game.is_nash((0, 0))
    assert game.regrets((1, 1)).tolist() == [np.inf, np.inf]  # each is entered where it may not be
    with pytest.raises(cg.errors.UnsupportedGameError, match="shared constraints"):
        game.to_normal_form()


def test_action_index_and_profile_validation():
    game = StructuredGame([binary_portfolios(3)] * 2, lambda p: np.zeros(2))
    assert game.action_index(1, [0, 1, 1]) == 6
    with pytest.raises(cg.errors.InvalidProfileError, match="row"):
        game.action_index(0, [2, 0, 0])
    with pytest.raises(cg.errors.InvalidProfileError, match="profile"):
        game.payoff((0,))
    with pytest.raises(cg.errors.InvalidProfileError, match="outside"):
        game.payoff((0, 8))
    with pytest.raises(cg.errors.InvalidArgumentError, match="player"):
        game.deviation_payoffs((0, 0), 2)


def test_bad_games_are_refused_with_the_argument_named():
    with pytest.raises(cg.errors.InvalidGameError, match="actions"):
        StructuredGame([], lambda p: [])
    with pytest.raises(cg.errors.InvalidGameError, match=r"actions\[0\]"):
        StructuredGame([[0.5, 1.5]], lambda p: [0.0])
    with pytest.raises(cg.errors.InvalidArgumentError, match="payoff"):
        StructuredGame([[0, 1]], "not callable")
    game = StructuredGame([[0, 1]], lambda p: [np.nan])
    with pytest.raises(cg.errors.InvalidGameError, match="finite"):
        game.payoff((0,))
    big = StructuredGame([binary_portfolios(10)] * 3, lambda p: np.zeros(3))
    with pytest.raises(cg.errors.UnsupportedGameError, match="max_profiles"):
        big.to_normal_form()
