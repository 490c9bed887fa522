"""Long computations: progress bars, and Ctrl-C returning what was found, marked incomplete.

The interrupts are raised deterministically (a patched step raises KeyboardInterrupt), never timed.
"""

from __future__ import annotations

import importlib
import threading

import numpy as np
import pytest

import coordgame as cg
from coordgame._progress import run_in_thread, show_progress
from coordgame.errors import Interrupted

support_n = importlib.import_module("coordgame.solvers.support_n")
vertex = importlib.import_module("coordgame.solvers.vertex_enumeration")


def raising_after(function, calls):
    """``function``, except that call number ``calls`` raises KeyboardInterrupt."""
    count = {"n": 0}

    def wrapped(*args, **kwargs):
        count["n"] += 1
        if count["n"] == calls:
            raise KeyboardInterrupt
        return function(*args, **kwargs)

    return wrapped


def test_support_enumeration_n_interrupted_returns_what_it_found(monkeypatch):
    game = cg.games.volunteers_dilemma(3, benefit=1.0, cost=0.25)
    full = cg.solvers.support_enumeration_n(game)
    # interrupted while keeping the second mixed equilibrium (the mixed supports are solved in batches,
    # and every verified candidate, the pure ones first, is kept one by one)
    calls = len(full.pure_profiles()) + 2
    monkeypatch.setattr(support_n._Collector, "keep", raising_after(support_n._Collector.keep, calls))
    with pytest.raises(KeyboardInterrupt) as caught:
        cg.solvers.support_enumeration_n(game)
    assert isinstance(caught.value, Interrupted)
    partial = caught.value.partial
    assert partial.complete is False and "interrupted" in partial.notes[0] and "not all" in partial.notes[0]
    # the pure equilibria come first; what was found is a verified subset of the full answer
    assert partial.pure_profiles() == full.pure_profiles() and 0 < len(partial) < len(full)


def test_vertex_enumeration_interrupted_is_marked_incomplete(monkeypatch):
    monkeypatch.setattr(vertex, "_float_pairs", raising_after(vertex._float_pairs, 1))
    with pytest.raises(Interrupted) as caught:
        cg.vertex_enumeration(cg.games.random_game((4, 4), seed=1))
    partial = caught.value.partial
    assert len(partial) == 0 and partial.complete is False and "interrupted" in partial.notes[0]


def test_nash_routes_progress_and_interrupts(monkeypatch, capsys):
    game = cg.games.random_game((5, 6), seed=2)
    quiet = cg.nash(game, "vertex", progress=False)
    shown = cg.nash(game, "vertex", progress=True)  # Qhull in a worker thread, a bar on stderr
    assert [eq.strategies[0].tolist() for eq in shown] == [eq.strategies[0].tolist() for eq in quiet]
    assert "vertex enumeration" in capsys.readouterr().err
    assert cg.nash(game, "vertex").complete  # progress=None off a terminal: no bar
    assert "vertex enumeration" not in capsys.readouterr().err
    with pytest.raises(cg.errors.InvalidArgumentError, match="progress"):
        cg.nash(game, "lemke_howson", progress="yes")
    monkeypatch.setattr(vertex, "_float_pairs", raising_after(vertex._float_pairs, 1))
    with pytest.raises(Interrupted):
        cg.nash(game)


def test_support_enumeration_n_progress_bar(capsys):
    game = cg.games.minimum_effort(num_players=3, efforts=2)
    shown = cg.solvers.support_enumeration_n(game, progress=True)
    assert len(shown) == len(cg.solvers.support_enumeration_n(game, progress=False))
    assert "support enumeration" in capsys.readouterr().err


def test_run_in_thread_lets_an_interrupt_through_at_once():
    release = threading.Event()
    ticks = []

    def tick():
        ticks.append(1)
        if len(ticks) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_in_thread(release.wait, tick, interval=0.01)  # the worker is still blocked
    release.set()
    assert run_in_thread(lambda: np.arange(3).sum(), lambda: None) == 3
    with pytest.raises(ZeroDivisionError):
        run_in_thread(lambda: 1 / 0, lambda: None)


def test_show_progress_rules():
    assert show_progress(None, False) is False and show_progress(True, False) is True
    with pytest.raises(cg.errors.InvalidArgumentError, match="progress"):
        show_progress(1, True)


@pytest.mark.parametrize(
    ("result", "complete"),
    [
        (lambda g: cg.nash(g, "lemke_howson"), False),
        (lambda g: cg.nash(g, "logit"), False),
        (lambda g: cg.pure_nash(g, limit=1), False),
        (lambda g: cg.solvers.support_enumeration_n(cg.games.minimum_effort(num_players=3, efforts=2), stop_after=1), False),
    ],
)
def test_one_equilibrium_routes_say_not_all(result, complete):
    eqs = result(cg.games.stag_hunt())
    assert eqs.complete is complete and any("not all" in note for note in eqs.notes)
