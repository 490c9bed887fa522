"""Cross-checks of pure_nash against pygambit's enumpure_solve and QuantEcon's pure_nash_brute."""

from __future__ import annotations

import numpy as np
import pytest

import coordgame as cg

gbt = pytest.importorskip("pygambit", reason="needs the 'peers' extra: pip install -e '.[peers]'")
qe = pytest.importorskip("quantecon.game_theory", reason="needs the 'peers' extra: pip install -e '.[peers]'")

pytestmark = pytest.mark.peers

SHAPES = [(2, 2), (3, 2), (4, 5), (2, 2, 2), (3, 2, 4), (2, 3, 2, 2), (3, 3, 3, 2), (2, 2, 2, 2, 2)]


def gambit_pure_profiles(game):
    arrays = [np.asarray(game.payoffs[i]).astype(int) for i in range(game.num_players)]
    g = gbt.Game.from_arrays(*arrays)
    found = []
    for eq in gbt.nash.enumpure_solve(g).equilibria:
        found.append(tuple(int(np.argmax([float(eq[s]) for s in p.strategies])) for p in g.players))
    return sorted(found)


@pytest.mark.parametrize("seed", range(120))
def test_pure_nash_equals_gambit_enumpure(seed):
    shape = SHAPES[seed % len(SHAPES)]
    # small integer payoffs: ties and several equilibria are common
    game = cg.games.random_game(shape, seed=seed, integers=3 + seed % 4)
    assert cg.pure_nash(game).pure_profiles() == gambit_pure_profiles(game)


@pytest.mark.parametrize("seed", range(30))
def test_pure_nash_equals_quantecon(seed):
    shape = SHAPES[seed % len(SHAPES)]
    game = cg.games.random_game(shape, seed=1000 + seed, integers=3)
    qe_game = qe.NormalFormGame(np.moveaxis(game.payoffs, 0, -1))
    assert cg.pure_nash(game).pure_profiles() == sorted(qe.pure_nash_brute(qe_game))
