"""Benchmark: one Nash equilibrium of random 3-player games, against pygambit and QuantEcon.

Each instance is ``random_game((n, n, n), seed=s)`` (payoffs uniform on [0, 1)) for n = 3, 4, 5.
The same instances go to

* coordgame ``logit_solve`` (principal logit QRE branch, limit refined and verified to regret
  <= 1e-9 relative),
* coordgame ``support_enumeration_n(stop_after=1)`` (Porter–Nudelman–Shoham order: the first
  verified equilibrium; Newton first on supports where three players mix, the homotopy only
  when Newton finds nothing),
* pygambit 16 ``nash.logit_solve`` (stops on the branch at regret <= 1e-8),
  ``nash.gnm_solve`` (global Newton; returns every equilibrium on its path) and
  ``nash.simpdiv_solve`` (simplicial subdivision from the centroid, rational arithmetic; it
  runs in a child process, is timed inside it, and is stopped after ``BUDGET`` = 30 s: such a
  call counts as infinitely slow and still enters the median),
* QuantEcon ``mclennan_tourky`` (numba; JIT warmed up first; default ``epsilon=1e-3``: it
  returns a 1e-3-equilibrium, a weaker answer than the others' 1e-8 / 1e-9 — its regret is
  reported).

All methods are timed in turn on each instance, ``--repeats`` times (a call slower than
``SLOW_CALL`` = 2 s only once); the table gives, per size,
the median over instances of the per-instance median time, and the ratio to the fastest peer.

Run ``PYTHONPATH=. python benchmarks/bench_nplayer.py [--quick]``; the table is printed and written
to ``benchmarks/results/nplayer.md``.
"""

from __future__ import annotations

import argparse
import multiprocessing
import platform
import statistics
import time
from dataclasses import dataclass

import numpy as np
import pygambit as gbt
import quantecon
import quantecon.game_theory as qe
from _common import write_result  # benchmarks/ is on sys.path when a script runs

import coordgame as cg
from coordgame.games.random import random_game

SIZES = (3, 4, 5)
OURS = ("coordgame logit_solve", "coordgame support_enumeration_n (first)")
#: Calls slower than this (seconds) are not repeated.
SLOW_CALL = 2.0
#: simpdiv_solve runs in a child process and is stopped after this many seconds (reported as inf).
BUDGET = 30.0
PEERS = ("pygambit logit_solve", "pygambit gnm_solve", "pygambit simpdiv_solve", "QuantEcon mclennan_tourky")


def to_gambit(game: cg.NormalFormGame) -> gbt.Game:
    return gbt.Game.from_arrays(*[np.asarray(game.payoffs[i]) for i in range(game.num_players)])


def to_quantecon(game: cg.NormalFormGame) -> qe.NormalFormGame:
    return qe.NormalFormGame(np.moveaxis(np.asarray(game.payoffs), 0, -1))


def gambit_strategies(gambit_game: gbt.Game, profile) -> list[np.ndarray]:
    return [np.array([float(profile[s]) for s in p.strategies]) for p in gambit_game.players]


def _simpdiv_child(payoffs: np.ndarray, queue) -> None:
    gambit_game = to_gambit(cg.NormalFormGame(payoffs))
    start = time.perf_counter()
    result = gbt.nash.simpdiv_solve(gambit_game.mixed_strategy_profile(rational=True))
    elapsed = time.perf_counter() - start
    queue.put((elapsed, gambit_strategies(gambit_game, result.equilibria[0])))


class OverBudget(Exception):
    pass


@dataclass
class TimedInChild:
    elapsed: float
    profile: list[np.ndarray]


def simpdiv_with_budget(game: cg.NormalFormGame):
    """simpdiv_solve in a child process (it can run for minutes); timed inside the child."""
    queue = multiprocessing.get_context("fork").Queue()
    child = multiprocessing.get_context("fork").Process(target=_simpdiv_child, args=(np.asarray(game.payoffs), queue))
    child.start()
    child.join(BUDGET)
    if child.is_alive():
        child.terminate()
        child.join()
        raise OverBudget
    return TimedInChild(*queue.get())


def solvers(game: cg.NormalFormGame):
    """name -> zero-argument callable returning one mixed profile (list of arrays)."""
    gambit_game, qe_game = to_gambit(game), to_quantecon(game)
    return {
        OURS[0]: lambda: cg.solvers.logit_solve(game).strategies,
        OURS[1]: lambda: cg.solvers.support_enumeration_n(game, stop_after=1)[0].strategies,
        PEERS[0]: lambda: gambit_strategies(gambit_game, gbt.nash.logit_solve(gambit_game).equilibria[0]),
        PEERS[1]: lambda: gambit_strategies(gambit_game, gbt.nash.gnm_solve(gambit_game).equilibria[0]),
        PEERS[2]: lambda: simpdiv_with_budget(game),
        PEERS[3]: lambda: list(qe.mclennan_tourky(qe_game)),
    }


def measure(n: int, seeds: range, repeats: int) -> tuple[dict[str, list[float]], dict[str, float]]:
    times: dict[str, list[float]] = {name: [] for name in OURS + PEERS}
    worst_regret: dict[str, float] = dict.fromkeys(OURS + PEERS, 0.0)
    for seed in seeds:
        game = random_game((n, n, n), seed=seed)
        runs = solvers(game)
        samples: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(repeats):
            for name, run in runs.items():
                if samples[name] and samples[name][0] > SLOW_CALL:
                    continue  # one run of a call this slow is measurement enough
                start = time.perf_counter()
                try:
                    profile = run()
                except OverBudget:
                    samples[name].append(float("inf"))
                    continue
                elapsed = time.perf_counter() - start
                if isinstance(profile, TimedInChild):
                    elapsed, profile = profile.elapsed, profile.profile
                samples[name].append(elapsed)
                worst_regret[name] = max(worst_regret[name], game.max_regret(profile))
        for name in runs:
            times[name].append(statistics.median(samples[name]))
    return times, worst_regret


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 games per size, 2 repeats")
    parser.add_argument("--games", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    games, repeats = (3, 2) if args.quick else (args.games, args.repeats)
    qe.mclennan_tourky(to_quantecon(random_game((3, 3, 3), seed=12345)))  # warm the numba JIT

    lines = [
        "# One equilibrium of random 3-player games",
        "",
        f"`random_game((n, n, n), seed=s)`, s = 0..{games - 1}; per game the median of {repeats} runs (one run for "
        f"calls slower than {SLOW_CALL:g} s), then the "
        "median over games (milliseconds); the 90th percentile over games shows the slow tail. Ratio = median time / "
        "fastest peer's median time (< 1: faster than every peer). "
        "Worst regret = largest max-regret of a returned profile over all runs (payoffs in [0, 1)).",
        "",
        "| n | method | median ms | ratio to fastest peer | 90th pct ms | worst regret |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for n in SIZES:
        times, regret = measure(n, range(games), repeats)
        medians = {name: 1e3 * statistics.median(values) for name, values in times.items()}
        tails = {name: 1e3 * float(np.percentile(values, 90, method="higher")) for name, values in times.items()}
        fastest = min(medians[name] for name in PEERS)
        for name in OURS + PEERS:
            lines.append(f"| {n} | {name} | {medians[name]:.2f} | {medians[name] / fastest:.2f} | {tails[name]:.2f} "
                         f"| {regret[name]:.1e} |")
        print("\n".join(lines[-len(OURS + PEERS):]), flush=True)
    lines += [
        "",
        f"Machine: {platform.machine()}, Python {platform.python_version()}, numpy {np.__version__}, "
        f"pygambit {gbt.__version__}, quantecon {quantecon.__version__}.",
        "McLennan–Tourky runs with its default epsilon=1e-3 (an approximate equilibrium); the other methods "
        "return equilibria with regret at most about 1e-8 (pygambit) or 1e-9 (coordgame, verified).",
    ]
    table = "\n".join(lines) + "\n"
    write_result("nplayer", table.rstrip("\n"))


if __name__ == "__main__":
    main()
