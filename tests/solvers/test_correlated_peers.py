"""Peer cross-checks: every Nash equilibrium nashpy and pygambit find lies in coordgame's CE polytope.

None of the peers computes correlated equilibria, so the check is the inclusion NE ⊂ CE: the
product distribution of each peer equilibrium satisfies every incentive constraint, and its
welfare lies within the CE welfare range coordgame computes.
"""

from __future__ import annotations

import nashpy
import numpy as np
import pytest

import coordgame as cg
from coordgame.solvers.correlated import incentive_violation

gbt = pytest.importorskip("pygambit", reason="needs the 'peers' extra: pip install -e '.[peers]'")

pytestmark = pytest.mark.peers

SHAPES = [(2, 2), (3, 3), (3, 4), (4, 4), (5, 3)]


def joint(strategies):
    out = np.asarray(strategies[0], dtype=float)
    for s in strategies[1:]:
        out = np.multiply.outer(out, np.asarray(s, dtype=float))
    return out


@pytest.mark.parametrize("seed", range(20))
def test_nashpy_equilibria_are_correlated_equilibria(seed):
    game = cg.games.random_game(SHAPES[seed % len(SHAPES)], seed=500 + seed)
    ce = cg.solvers.correlated_welfare_range(game)
    found = list(nashpy.Game(game.payoffs[0], game.payoffs[1]).vertex_enumeration())
    assert found
    for sigma in found:
        p = np.clip(joint(sigma), 0.0, None)  # nashpy's vertex enumeration leaks -1e-17 probabilities
        assert incentive_violation(game, p) <= 1e-8
        welfare = float(np.sum(p * game.payoffs.sum(axis=0)))
        assert ce.low - 1e-7 <= welfare <= ce.high + 1e-7


@pytest.mark.parametrize("seed", range(10))
def test_pygambit_three_player_equilibria_are_correlated_equilibria(seed):
    game = cg.games.random_game((2, 2, 2), seed=900 + seed, integers=6)
    g = gbt.Game.from_arrays(*[game.payoffs[i].astype(int) for i in range(3)])
    result = gbt.nash.logit_solve(g)
    ce = cg.solvers.correlated_welfare_range(game)
    cce = cg.solvers.correlated_welfare_range(game, coarse=True)
    for eq in result.equilibria:
        sigma = [[float(eq[s]) for s in player.strategies] for player in g.players]
        p = joint(sigma)
        violation = incentive_violation(game, p)
        assert violation <= 1e-5 * game.payoff_scale  # logit tracing stops at regret ~1e-8 per unit payoff
        welfare = float(np.sum(p * game.payoffs.sum(axis=0)))
        assert ce.low - 1e-4 <= welfare <= ce.high + 1e-4
        assert cce.low <= ce.low + 1e-7 and ce.high <= cce.high + 1e-7
