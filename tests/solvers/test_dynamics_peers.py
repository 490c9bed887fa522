"""Cross-checks of the dynamics against QuantEcon (fictitious play) and nashpy (replicator dynamics)."""

from __future__ import annotations

import nashpy
import numpy as np
import pytest

import coordgame as cg

qe = pytest.importorskip("quantecon.game_theory", reason="needs the 'peers' extra: pip install -e '.[peers]'")

pytestmark = pytest.mark.peers

SHAPES = [(3, 3), (4, 2), (2, 2, 2), (3, 2, 3), (5, 5), (2, 3, 2, 2)]


@pytest.mark.parametrize("seed", range(12))
def test_fictitious_play_path_equals_quantecon(seed):
    # Same process: beliefs start at the initial pure profile, step 1/(t+1), smallest-index ties.
    game = cg.games.random_game(SHAPES[seed % len(SHAPES)], seed=seed)
    start = tuple(int(x) for x in np.random.default_rng(seed).integers(game.num_actions))
    periods = 300
    theirs = qe.FictitiousPlay(cg.io.to_quantecon(game)).time_series(periods, init_actions=start)
    ours = cg.solvers.fictitious_play(game, start, max_iter=periods, tol=0.0)
    m = min(len(theirs[0]), len(ours.strategies[0]))
    assert ours.converged or m == periods  # ours stops early only at an exact equilibrium
    for t, s in zip(theirs, ours.strategies):
        np.testing.assert_allclose(s[:m], t[:m], atol=1e-12)
    if ours.converged:  # stopped at a pure equilibrium: QuantEcon's beliefs stay there
        for t, s in zip(theirs, ours.final):
            np.testing.assert_allclose(t[-1], s, atol=1e-12)


@pytest.mark.parametrize("method", ["DOP853", "odeint"])
@pytest.mark.parametrize("seed", range(6))
def test_single_population_replicator_path_equals_nashpy(seed, method):
    rng = np.random.default_rng(seed)
    n = 3 + seed % 3
    A = rng.uniform(-1, 1, (n, n))
    x0 = rng.dirichlet(np.ones(n))
    times = np.linspace(0, 10, 51)
    theirs = nashpy.Game(A, A.T).replicator_dynamics(y0=x0, timepoints=times)
    ours = cg.solvers.replicator_dynamics(A, x0, population="single", t_max=10, num_points=51, rtol=1e-10, atol=1e-12,
                                  method=method)
    np.testing.assert_allclose(ours.times, times)
    np.testing.assert_allclose(ours.strategies[0], theirs, atol=1e-6)
