"""Cross-checks of Lemke–Howson against pygambit (enummixed_solve) and QuantEcon (lemke_howson).

* Every endpoint, from every label, on 120 seeded games of sizes 2..10 (a third with payoffs in
  {0, 1, 2}, hence degenerate, a third in {0..3}, a third in {0..999}) is one of the extreme
  equilibria pygambit's vertex enumeration lists; on every second game, so is every equilibrium
  of the recursive search.
* On 60 seeded non-degenerate games (uniform real payoffs) the endpoint of every label equals
  QuantEcon's ``lemke_howson(g, init_pivot=label)`` (same label convention).
"""

from __future__ import annotations

import numpy as np
import pytest

import coordgame as cg

gbt = pytest.importorskip("pygambit", reason="needs the 'peers' extra: pip install -e '.[peers]'")
qe = pytest.importorskip("quantecon.game_theory", reason="needs the 'peers' extra: pip install -e '.[peers]'")

pytestmark = pytest.mark.peers


def gambit_extreme_equilibria(game) -> list[tuple[np.ndarray, np.ndarray]]:
    A, B = (np.asarray(game.payoffs[i]).astype(int) for i in range(2))
    g = gbt.Game.from_arrays(A, B)
    found = []
    for eq in gbt.nash.enummixed_solve(g, rational=True).equilibria:
        found.append(tuple(np.array([float(eq[s]) for s in player.strategies]) for player in g.players))
    return found


def listed(eq, equilibria, atol=1e-7) -> bool:
    return any(all(np.allclose(s, t, atol=atol) for s, t in zip(eq.strategies, other)) for other in equilibria)


@pytest.mark.parametrize("seed", range(120))
def test_every_endpoint_is_an_extreme_equilibrium_gambit_lists(seed):
    rng = np.random.default_rng(seed)
    m, n = (int(k) for k in rng.integers(2, 11, size=2))
    if m * n > 49:  # keep pygambit's enumeration quick: large games get small dimensions on one side
        n = min(n, 4)
    integers = (3, 4, 1000)[seed % 3]
    game = cg.games.random_game((m, n), seed=seed, integers=integers)
    reference = gambit_extreme_equilibria(game)
    for label in range(m + n):
        eq = cg.lemke_howson(game, label, backend="numpy")
        assert listed(eq, reference), (label, eq)
    if seed % 2 == 0:  # the recursive search stays within the extreme equilibria too
        for eq in cg.solvers.lemke_howson_all(game, recursive=True):
            assert listed(eq, reference)


@pytest.mark.parametrize("seed", range(60))
def test_endpoints_equal_quantecon_on_non_degenerate_games(seed):
    rng = np.random.default_rng(10_000 + seed)
    m, n = (int(k) for k in rng.integers(2, 11, size=2))
    game = cg.games.random_game((m, n), seed=10_000 + seed)
    qe_game = qe.NormalFormGame(np.stack(game.payoffs, axis=-1))
    for label in range(m + n):
        ours = cg.lemke_howson(game, label, backend="numpy")
        theirs = qe.lemke_howson(qe_game, init_pivot=label)
        assert all(np.allclose(s, t, atol=1e-9) for s, t in zip(ours.strategies, theirs)), label


@pytest.mark.parametrize("seed", range(4))
def test_compiled_path_equals_quantecon_on_larger_games(seed):
    game = cg.games.random_game((60, 60), seed=seed)
    qe_game = qe.NormalFormGame(np.stack(game.payoffs, axis=-1))
    for label in (0, 59, 60, 119):
        ours = cg.lemke_howson(game, label, backend="numba")
        theirs = qe.lemke_howson(qe_game, init_pivot=label)
        assert all(np.allclose(s, t, atol=1e-8) for s, t in zip(ours.strategies, theirs)), label
