"""social_optimum: best pure profiles (all ties) and the planner's lottery for concave welfare."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import coordgame as cg
from coordgame import welfare as wf


def brute_force_optimum(game, welfare):
    w = wf.as_welfare(welfare)
    values = {a: w(game.payoffs[(slice(None), *a)]) for a in itertools.product(*[range(n) for n in game.num_actions])}
    best = max(values.values())
    return best, sorted(a for a, v in values.items() if v >= best - 1e-12)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("welfare", ["utilitarian", "rawlsian"])
def test_pure_optimum_matches_brute_force(seed, welfare):
    game = cg.games.random_game((3, 2, 4), seed=seed, integers=4)
    opt = cg.social_optimum(game, welfare)
    best, profiles = brute_force_optimum(game, welfare)
    assert opt.welfare == pytest.approx(best)
    assert list(opt.profiles) == profiles


def test_ties_and_custom_welfare():
    opt = cg.social_optimum(cg.games.battle_of_the_sexes())
    assert opt.profiles == ((0, 0), (1, 1)) and opt.welfare == 5.0
    assert opt.randomization_gain == 0.0
    spread = cg.social_optimum(cg.games.chicken(), lambda u: -abs(u[0] - u[1]))
    assert spread.profiles == ((0, 0), (1, 1))


def test_rawlsian_lottery_beats_pure_profiles():
    # Battle of the sexes: pure coordination gives the worse-off player 2; a fair coin between
    # (Opera, Opera) and (Football, Football) gives each 2.5, the max-min optimum.
    opt = cg.social_optimum(cg.games.battle_of_the_sexes(), "rawlsian")
    assert opt.welfare == 2.0
    assert opt.distribution_welfare == pytest.approx(2.5)
    np.testing.assert_allclose(opt.distribution_payoffs, [2.5, 2.5], atol=1e-9)
    assert opt.best_welfare == pytest.approx(2.5)


def test_nash_product_lottery():
    # payoffs (4, 1) and (1, 4) at the two coordinated profiles, 0.5 elsewhere: the product is
    # 4 at either profile and 6.25 for the fair lottery (2.5 each), the Nash-product optimum.
    A = np.array([[4.0, 0.5], [0.5, 1.0]])
    B = np.array([[1.0, 0.5], [0.5, 4.0]])
    opt = cg.social_optimum(cg.NormalFormGame.from_bimatrix(A, B), "nash_product")
    assert opt.welfare == pytest.approx(4.0)
    assert opt.distribution_welfare == pytest.approx(6.25, rel=1e-6)
    assert opt.randomization_gain == pytest.approx(2.25, rel=1e-5)


def test_linear_welfare_never_randomises():
    game = cg.games.random_game((4, 4), seed=1)
    opt = cg.social_optimum(game, wf.utilitarian([2.0, 1.0]))
    assert opt.distribution[opt.profile] == 1.0
    assert opt.to_dict()["profiles"] == [list(opt.profile)]
    assert "SocialOptimum" in repr(opt)
