"""The nash() entry point."""

from __future__ import annotations

import pytest

import coordgame as cg
from coordgame.errors import InvalidArgumentError


def test_n_player_auto_uses_pure_and_says_so():
    result = cg.nash(cg.games.volunteers_dilemma(3))
    assert result.method == "pure_nash"
    assert any("mixed equilibria" in note for note in result.notes)
    assert len(result) == 3


def test_alias_and_canonical_name_agree():
    g = cg.games.minimum_effort(num_players=3, efforts=3)
    assert cg.nash(g, "pure").pure_profiles() == cg.nash(g, "pure_nash").pure_profiles()


def test_unknown_method():
    with pytest.raises(InvalidArgumentError, match="method"):
        cg.nash(cg.games.stag_hunt(), "simplex")


def test_not_a_game():
    with pytest.raises(InvalidArgumentError, match="game"):
        cg.nash([[1, 2], [3, 4]])
