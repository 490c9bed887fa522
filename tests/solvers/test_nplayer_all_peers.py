"""All equilibria of N-player games against pygambit's enumpoly_solve: ours contains Gambit's, and
what ours finds beyond them is an equilibrium by pygambit's own regret."""

from __future__ import annotations

import numpy as np
import pytest

import coordgame as cg

gbt = pytest.importorskip("pygambit", reason="needs the 'peers' extra: pip install -e '.[peers]'")

pytestmark = [pytest.mark.peers, pytest.mark.slow]


def gambit_regret(gambit_game, strategies) -> float:
    profile = gambit_game.mixed_strategy_profile()
    for player, strategy in zip(gambit_game.players, strategies):
        for action, p in zip(player.strategies, strategy):
            profile[action] = float(p)
    return float(profile.max_regret())


def test_equilibria_enumpoly_misses_are_equilibria_for_pygambit_too():
    # random_game((3, 3, 3), seed=1): enumpoly_solve reports 4 equilibria, support enumeration with
    # the homotopy 5 (benchmarks/results/nplayer_all.md counts such games over 20 seeds).
    game = cg.games.random_game((3, 3, 3), seed=1)
    gambit_game = gbt.Game.from_arrays(*[np.asarray(game.payoffs[i]) for i in range(3)])
    theirs = [np.array([float(eq[s]) for p in gambit_game.players for s in p.strategies])
              for eq in gbt.nash.enumpoly_solve(gambit_game).equilibria]
    ours = cg.solvers.support_enumeration_n(game)
    assert ours.complete
    flats = [np.concatenate(eq.strategies) for eq in ours]
    assert all(any(np.abs(x - y).max() <= 1e-6 for y in flats) for x in theirs)  # ours contains Gambit's
    extra = [eq for eq, y in zip(ours, flats) if not any(np.abs(x - y).max() <= 1e-6 for x in theirs)]
    assert len(ours) > len(theirs) and extra
    for eq in extra:
        assert gambit_regret(gambit_game, eq.strategies) <= 1e-9
