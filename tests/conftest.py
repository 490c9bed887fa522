"""Shared test helpers."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")


def brute_force_pure_nash(game, atol=1e-12):
    """Pure equilibria by checking every profile with an explicit loop (the slow, obvious way)."""
    import itertools


    found = []
    for profile in itertools.product(*[range(n) for n in game.num_actions]):
        ok = True
        for i in range(game.num_players):
            line = list(profile)
            line[i] = slice(None)
            values = game.payoffs[i][tuple(line)]
            if values.max() > values[profile[i]] + atol:
                ok = False
                break
        if ok:
            found.append(tuple(profile))
    assert all(isinstance(p, tuple) for p in found)
    return found
