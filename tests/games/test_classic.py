"""Classic games: published equilibria and parameter checks."""

from __future__ import annotations

import numpy as np
import pytest

import coordgame as cg
from coordgame.errors import InvalidArgumentError


def test_prisoners_dilemma_unique_defection():
    g = cg.games.prisoners_dilemma()
    assert cg.pure_nash(g).pure_profiles() == [(1, 1)]
    # mutual cooperation Pareto-dominates the equilibrium
    assert np.all(g.payoff((0, 0)) > g.payoff((1, 1)))


def test_stag_hunt_mixed_equilibrium_two_thirds():
    g = cg.games.stag_hunt()
    eq = cg.verify(g, ([2 / 3, 1 / 3], [2 / 3, 1 / 3]), method="closed form")
    assert eq.payoffs == pytest.approx([8 / 3, 8 / 3])


def test_battle_of_the_sexes_mixed():
    g = cg.games.battle_of_the_sexes()
    eq = cg.verify(g, ([3 / 5, 2 / 5], [2 / 5, 3 / 5]), method="closed form")
    assert eq.payoffs == pytest.approx([6 / 5, 6 / 5])
    assert cg.pure_nash(g).pure_profiles() == [(0, 0), (1, 1)]


def test_chicken_aumann_payoffs():
    g = cg.games.chicken()
    assert cg.pure_nash(g).pure_profiles() == [(0, 1), (1, 0)]
    # mixed equilibrium: dare with probability 1/3, payoff 14/3 each (Aumann 1974)
    eq = cg.verify(g, ([1 / 3, 2 / 3], [1 / 3, 2 / 3]), method="closed form")
    assert eq.payoffs == pytest.approx([14 / 3, 14 / 3])


def test_matching_pennies_only_mixed():
    g = cg.games.matching_pennies()
    assert cg.pure_nash(g).pure_profiles() == []
    assert cg.verify(g, ([0.5, 0.5], [0.5, 0.5]), method="closed form").payoffs == pytest.approx([0, 0])


@pytest.mark.parametrize("n", [2, 3, 4])
def test_minimum_effort_every_common_effort_is_strict(n):
    g = cg.games.minimum_effort(num_players=n, efforts=5)
    assert cg.pure_nash(g).pure_profiles() == [(k,) * n for k in range(5)]
    # Van Huyck et al. (1990): payoff at common effort e is 0.2e - 0.1e + 0.6
    for k in range(5):
        assert g.payoff((k,) * n) == pytest.approx([0.1 * (k + 1) + 0.6] * n)


def test_public_goods_free_riding():
    g = cg.games.public_goods(num_players=4, multiplier=2.0, levels=3)
    assert cg.pure_nash(g).pure_profiles() == [(0, 0, 0, 0)]
    everyone = g.payoff((2, 2, 2, 2))
    nobody = g.payoff((0, 0, 0, 0))
    assert everyone.sum() > nobody.sum()


@pytest.mark.parametrize("n", [2, 3, 5])
def test_volunteers_dilemma_closed_form(n):
    b, c = 1.0, 0.3
    g = cg.games.volunteers_dilemma(n, benefit=b, cost=c)
    pure = cg.pure_nash(g).pure_profiles()
    assert sorted(pure) == sorted(tuple(0 if j == i else 1 for j in range(n)) for i in range(n))
    wait = (c / b) ** (1 / (n - 1))  # Diekmann (1985)
    eq = cg.verify(g, [[1 - wait, wait]] * n, method="closed form")
    assert eq.payoffs == pytest.approx([b - c] * n)


@pytest.mark.parametrize(
    "call",
    [
        lambda: cg.games.prisoners_dilemma(reward=5),
        lambda: cg.games.stag_hunt(both_stag=1),
        lambda: cg.games.chicken(win=1),
        lambda: cg.games.battle_of_the_sexes(preferred=1),
        lambda: cg.games.matching_pennies(stake=0),
        lambda: cg.games.minimum_effort(num_players=1),
        lambda: cg.games.minimum_effort(gain=0.1, cost=0.2),
        lambda: cg.games.public_goods(levels=1),
        lambda: cg.games.volunteers_dilemma(cost=2),
    ],
)
def test_parameters_validated(call):
    with pytest.raises(InvalidArgumentError):
        call()


def test_registry_builds_every_game():
    for name, constructor in cg.games.CLASSIC_GAMES.items():
        g = constructor()
        assert isinstance(g, cg.NormalFormGame) and g.title, name
