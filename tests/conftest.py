"""Shared test helpers."""

from __future__ import annotations

import importlib.util
import os

import matplotlib
import pytest

matplotlib.use("Agg")

#: Marks a test (or a ``pytest.param``) that runs ``backend="numba"``: skipped without the numba extra.
needs_numba = pytest.mark.skipif(
    importlib.util.find_spec("numba") is None,
    reason="backend='numba' needs the 'numba' extra: pip install -e '.[numba]'",
)


def require_numba() -> None:
    """Skip the rest of a test (its earlier assertions have run) when numba is not installed."""
    pytest.importorskip("numba", reason=needs_numba.kwargs["reason"])


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


# Property tests draw the same examples on every run and machine (a failure seen once is seen
# again, and CI does not pass or fail by the luck of the draw); HYPOTHESIS_PROFILE=explore
# draws fresh examples to search for new counterexamples.
from hypothesis import settings  # noqa: E402

settings.register_profile("deterministic", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))
