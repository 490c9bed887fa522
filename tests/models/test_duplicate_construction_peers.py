"""The model's small entry games against the peers: pygambit and QuantEcon enumerate the pure
equilibria of the expanded normal form; coordgame's structured search and the model's
industry-by-industry enumeration must find the same profiles."""

import dataclasses
import itertools

import numpy as np
import pytest
from coordgame.models.duplicate_construction import Parameters, build_economy, entry_game, industry_equilibria

from coordgame.solvers.structured import exhaustive_pure_nash

gbt = pytest.importorskip("pygambit", reason="needs the 'peers' extra: pip install -e '.[peers]'")
qe = pytest.importorskip("quantecon", reason="needs the 'peers' extra: pip install -e '.[peers]'")

pytestmark = pytest.mark.peers


def gambit_pure_profiles(normal):
    game = gbt.Game.from_arrays(*[normal.payoffs[i] for i in range(normal.num_players)])
    found = []
    for eq in gbt.nash.enumpure_solve(game).equilibria:
        profile = []
        for player in game.players:
            probs = [float(eq[strategy]) for strategy in player.strategies]
            profile.append(int(np.argmax(probs)))
        found.append(tuple(profile))
    return sorted(found)


@pytest.mark.parametrize(("seed", "nearly_identical"), [(s, False) for s in range(6)] + [(s, True) for s in range(6)])
def test_entry_games_agree_with_pygambit_and_quantecon(seed, nearly_identical):
    # nearly identical regions and high fixed costs give many equilibria (who enters is open)
    rng = np.random.default_rng(seed)
    fixed_cost = rng.uniform(600, 1500) if nearly_identical else rng.uniform(50, 500)
    dispersion = rng.uniform(0, 0.05) if nearly_identical else rng.uniform(0, 0.6)
    params = dataclasses.replace(
        Parameters(num_regions=4, num_industries=2, cost_seed=seed),
        lam=float(rng.uniform(0, 1)), theta=float(rng.uniform(0, 1)), sigma=float(rng.uniform(0, 4)),
        phi=float(rng.uniform(0, 1)), fixed_cost=float(fixed_cost), cost_dispersion=float(dispersion))
    economy = build_economy(params)
    game = entry_game(economy)
    normal = game.to_normal_form()
    ours = sorted(exhaustive_pure_nash(game).profiles())
    assert gambit_pure_profiles(normal) == ours
    quant = qe.game_theory.NormalFormGame(np.moveaxis(normal.payoffs, 0, -1))
    assert sorted(qe.game_theory.pure_nash_brute(quant)) == ours
    per_industry = [industry_equilibria(economy, k) for k in range(2)]
    combined = sorted(tuple(game.action_index(r, [col[r] for col in cols]) for r in range(4))
                      for cols in itertools.product(*per_industry))
    assert combined == ours
