"""Cross-checks of the N-player solvers against pygambit (logit_solve, logit_solve_lambda, enumpoly_solve)."""

from __future__ import annotations

import numpy as np
import pytest

import coordgame as cg

gbt = pytest.importorskip("pygambit", reason="needs the 'peers' extra: pip install -e '.[peers]'")

pytestmark = pytest.mark.peers


def to_gambit(game):
    return gbt.Game.from_arrays(*[np.asarray(game.payoffs[i]) for i in range(game.num_players)])


def gambit_profile(gambit_game, profile):
    return [np.array([float(profile[s]) for s in p.strategies]) for p in gambit_game.players]


def distance(a, b):
    return max(np.abs(x - y).max() for x, y in zip(a, b))


@pytest.mark.parametrize("seed", range(16))
def test_logit_limit_equals_gambit_logit_solve(seed):
    shape = [(3, 3, 3), (2, 3, 2), (2, 2, 2, 2), (3, 2, 2, 3)][seed % 4]
    game = cg.games.random_game(shape, seed=seed)
    ours = cg.solvers.logit_solve(game)
    gambit_game = to_gambit(game)
    theirs = gambit_profile(gambit_game, gbt.nash.logit_solve(gambit_game).equilibria[0])
    # pygambit stops on the branch at regret 1e-8 (not at the limit): agree to ~1e-5.
    assert distance(ours.strategies, theirs) <= 1e-5


@pytest.mark.parametrize("seed", range(6))
def test_logit_qre_equals_gambit_logit_solve_lambda(seed):
    game = cg.games.random_game([(3, 3, 3), (2, 2, 2, 2)][seed % 2], seed=100 + seed)
    gambit_game = to_gambit(game)
    for lam in (0.5, 2.0, 6.0):
        theirs = gambit_profile(gambit_game, gbt.qre.logit_solve_lambda(gambit_game, [lam])[0].profile)
        assert distance(cg.solvers.logit_qre(game, lam).strategies, theirs) <= 1e-6


@pytest.mark.parametrize("seed", range(16))
def test_support_enumeration_n_contains_gambit_enumpoly(seed):
    shape = [(2, 2, 2), (3, 3, 2), (2, 2, 2, 2), (3, 2, 2)][seed % 4]
    game = cg.games.random_game(shape, seed=200 + seed)
    ours = cg.solvers.support_enumeration_n(game)
    assert ours.complete  # generic payoffs: the homotopy's checks pass
    gambit_game = to_gambit(game)
    theirs = [gambit_profile(gambit_game, eq) for eq in gbt.nash.enumpoly_solve(gambit_game).equilibria]
    for eq in ours:  # every returned profile is an equilibrium (recomputed here, independently)
        assert game.max_regret(eq.strategies) <= 1e-9 * game.payoff_scale
    for profile in theirs:
        assert min(distance(profile, eq.strategies) for eq in ours) <= 1e-6


@pytest.mark.parametrize(("shape", "seed"), [((2, 2, 2), 1), ((2, 2, 2), 2), ((2, 2, 2), 3), ((3, 2, 2), 4),
                                             ((3, 2, 2), 5), ((2, 2, 2, 2), 6), ((3, 3, 2), 7)])
def test_support_enumeration_n_contains_gambit_gnm(shape, seed):
    # On random_game((2, 2, 2), seed=1) and seed=2 pygambit 16.7's enumpoly misses the totally
    # mixed equilibrium that gnm_solve finds (cf. its issue #474); support enumeration finds it.
    game = cg.games.random_game(shape, seed=seed)
    gambit_game = to_gambit(game)
    gnm = [gambit_profile(gambit_game, eq) for eq in gbt.nash.gnm_solve(gambit_game).equilibria]
    ours = cg.solvers.support_enumeration_n(game)
    assert ours.complete
    for profile in gnm:
        assert min(distance(profile, eq.strategies) for eq in ours) <= 1e-6
