"""The nash() entry point."""

from __future__ import annotations

import pytest

import coordgame as cg
from coordgame.errors import InvalidArgumentError


def test_n_player_auto_enumerates_supports_of_small_games_and_says_so():
    # volunteer's dilemma, 3 players: 3 pure, 3 partly mixed and 1 symmetric mixed equilibrium
    result = cg.nash(cg.games.volunteers_dilemma(3))
    assert result.method == "support_enumeration_n"
    assert len(result) == 7 and result.complete
    assert len(result.pure_profiles()) == 3


def test_n_player_auto_on_larger_games_adds_the_logit_solution_to_pure_equilibria():
    game = cg.games.random_game((4, 4, 4), seed=1)
    result = cg.nash(game)
    assert result.method == "pure_nash+logit" and not result.complete
    assert any("logit" in note for note in result.notes)
    assert set(cg.pure_nash(game).pure_profiles()) <= set(result.pure_profiles())


def test_alias_and_canonical_name_agree():
    g = cg.games.minimum_effort(num_players=3, efforts=3)
    assert cg.nash(g, "pure").pure_profiles() == cg.nash(g, "pure_nash").pure_profiles()


def test_unknown_method():
    with pytest.raises(InvalidArgumentError, match="method"):
        cg.nash(cg.games.stag_hunt(), "simplex")


def test_not_a_game():
    with pytest.raises(InvalidArgumentError, match="game"):
        cg.nash([[1, 2], [3, 4]])
