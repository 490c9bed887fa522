"""Random games: seeding and the covariance structure."""

from __future__ import annotations

import numpy as np
import pytest

import coordgame as cg
from coordgame.errors import InvalidArgumentError


def test_same_seed_same_game():
    assert cg.games.random_game((3, 4, 2), seed=7) == cg.games.random_game((3, 4, 2), seed=7)
    assert cg.games.random_game((3, 4), seed=7) != cg.games.random_game((3, 4), seed=8)


def test_generator_accepted():
    rng = np.random.default_rng(0)
    g = cg.games.random_game(3, num_players=3, seed=rng)
    assert g.num_actions == (3, 3, 3)


def test_integer_payoffs():
    g = cg.games.random_game((5, 5), seed=1, integers=3)
    assert set(np.unique(g.payoffs)) <= {0.0, 1.0, 2.0}


@pytest.mark.parametrize("rho", [-0.5, 0.0, 0.6, 1.0])
def test_covariance_game_correlation(rho):
    g = cg.games.covariance_game((30, 30, 30), rho, seed=2)
    flat = g.payoffs.reshape(3, -1)
    corr = np.corrcoef(flat)
    off_diagonal = corr[~np.eye(3, dtype=bool)]
    assert np.allclose(off_diagonal, rho, atol=0.03)
    assert np.allclose(flat.std(axis=1), 1.0, atol=0.03)


def test_covariance_game_zero_sum_two_players():
    g = cg.games.covariance_game((4, 6), -1.0, seed=0)
    assert np.allclose(g.payoffs.sum(axis=0), 0.0)


def test_covariance_bounds():
    with pytest.raises(InvalidArgumentError, match="rho"):
        cg.games.covariance_game((2, 2, 2), -0.9)
    with pytest.raises(InvalidArgumentError, match="num_players"):
        cg.games.random_game(3)
    with pytest.raises(InvalidArgumentError, match="seed"):
        cg.games.random_game((2, 2), seed="x")
