"""Benchmark: one Nash equilibrium of random N-player games, against pygambit and QuantEcon.

Each instance is ``random_game(shape, seed=s)`` (payoffs uniform on [0, 1)), s = 0..GAMES-1, for
the shapes 3 x 3 x 3, 4 x 4 x 4, 5 x 5 x 5 (three players), 3 x 3 x 3 x 3 and 2 x 2 x 2 x 2 x 2.
The same instances go, in the same run and in turn, to

* coordgame ``support_enumeration_n(stop_after=1)`` (the first verified equilibrium: pure
  equilibria, then a vectorised pass over balanced two-mixer supports and a Newton batch over
  the supports where three or more mix, then the pruned complete enumeration),
* coordgame ``nash(game)`` (``method="auto"``: for these sizes every pure equilibrium plus the
  logit solution, ``"pure_nash+logit"``) and ``logit_solve`` (the principal logit branch),
* pygambit 16 ``nash.ipa_solve`` (iterated polymatrix approximation), ``gnm_solve`` (global
  Newton), ``logit_solve``, ``enumpoly_solve(stop_after=1)`` (support enumeration with
  polynomial systems) and ``simpdiv_solve`` (simplicial subdivision, rational arithmetic),
* QuantEcon ``mclennan_tourky`` (numba, JIT warmed up; its default ``epsilon=1e-3``: a
  1e-3-equilibrium, a weaker answer than the others' — its regret is reported).

Every pygambit call runs in a forked child process, is timed inside it and is stopped after
``BUDGET`` seconds (some ``gnm_solve`` and ``simpdiv_solve`` calls run for minutes): such a call
counts as infinitely slow and still enters the median and the 90th percentile.  Each call is
repeated ``--repeats`` times (once if slower than ``SLOW_CALL``) and its median kept; the table
gives, per shape, the median and the 90th percentile (``method="higher"``: an observed time)
over instances, each divided by the fastest peer's.  Worst regret = largest max-regret of a
returned profile (payoffs in [0, 1)); "no answer" counts calls over budget or returning nothing.

Run ``PYTHONPATH=. python benchmarks/bench_nplayer.py [--quick]``; the table is printed and written
to ``benchmarks/results/nplayer.md``.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import statistics
import time

import numpy as np
import pygambit as gbt
import quantecon
import quantecon.game_theory as qe
from _common import write_result  # benchmarks/ is on sys.path when a script runs

import coordgame as cg
from coordgame.games.random import random_game

SHAPES = ((3, 3, 3), (4, 4, 4), (5, 5, 5), (3, 3, 3, 3), (2, 2, 2, 2, 2))
OURS = ("coordgame support_enumeration_n (first)", "coordgame nash auto (pure_nash+logit)", "coordgame logit_solve")
GAMBIT = {
    "pygambit ipa_solve": lambda g: gbt.nash.ipa_solve(g),
    "pygambit gnm_solve": lambda g: gbt.nash.gnm_solve(g),
    "pygambit logit_solve": lambda g: gbt.nash.logit_solve(g),
    "pygambit enumpoly_solve (stop_after=1)": lambda g: gbt.nash.enumpoly_solve(g, stop_after=1),
    "pygambit simpdiv_solve": lambda g: gbt.nash.simpdiv_solve(g.mixed_strategy_profile(rational=True)),
}
PEERS = (*GAMBIT, "QuantEcon mclennan_tourky")
#: Calls slower than this (seconds) are not repeated.
SLOW_CALL = 0.5
#: A pygambit call is stopped after this many seconds (reported as inf).
BUDGET = 10.0


def to_gambit(game: cg.NormalFormGame) -> gbt.Game:
    return gbt.Game.from_arrays(*[np.asarray(game.payoffs[i]) for i in range(game.num_players)])


def to_quantecon(game: cg.NormalFormGame) -> qe.NormalFormGame:
    return qe.NormalFormGame(np.moveaxis(np.asarray(game.payoffs), 0, -1))


def gambit_strategies(gambit_game: gbt.Game, profile) -> list[np.ndarray]:
    return [np.array([float(profile[s]) for s in p.strategies]) for p in gambit_game.players]


def timed_runs(run, repeats: int) -> tuple[float, object]:
    """Median time of ``run()`` over ``repeats`` calls (one if slow) and the last answer."""
    samples, answer = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        answer = run()
        samples.append(time.perf_counter() - start)
        if samples[0] > SLOW_CALL:
            break
    return statistics.median(samples), answer


def _gambit_child(name: str, payoffs: np.ndarray, repeats: int, queue) -> None:
    gambit_game = to_gambit(cg.NormalFormGame(payoffs))
    elapsed, result = timed_runs(lambda: GAMBIT[name](gambit_game), repeats)
    profile = gambit_strategies(gambit_game, result.equilibria[0]) if result.equilibria else None
    queue.put((elapsed, profile))


def gambit_with_budget(name: str, game: cg.NormalFormGame, repeats: int) -> tuple[float, list | None]:
    """(median seconds, profile or None) of a pygambit solver in a child process; inf over budget."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_gambit_child, args=(name, np.asarray(game.payoffs), repeats, queue))
    child.start()
    child.join(BUDGET * repeats + 5.0)
    if child.is_alive() or child.exitcode != 0:
        child.terminate()
        child.join()
        return float("inf"), None
    elapsed, profile = queue.get()
    return (elapsed if elapsed <= BUDGET else float("inf")), profile


def ours(game: cg.NormalFormGame) -> dict:
    return {
        OURS[0]: lambda: cg.solvers.support_enumeration_n(game, stop_after=1)[0].strategies,
        OURS[1]: lambda: cg.nash(game)[0].strategies,
        OURS[2]: lambda: cg.solvers.logit_solve(game).strategies,
    }


def measure(shape: tuple[int, ...], seeds: range, repeats: int):
    times = {name: [] for name in OURS + PEERS}
    regret = dict.fromkeys(OURS + PEERS, 0.0)
    failures = dict.fromkeys(OURS + PEERS, 0)
    for seed in seeds:
        game = random_game(shape, seed=seed)
        qe_game = to_quantecon(game)
        answers = {}
        for name, run in ours(game).items():
            answers[name] = timed_runs(run, repeats)
        answers[PEERS[-1]] = timed_runs(lambda g=qe_game: list(qe.mclennan_tourky(g)), repeats)
        for name in GAMBIT:
            answers[name] = gambit_with_budget(name, game, repeats)
        for name, (elapsed, profile) in answers.items():
            times[name].append(elapsed)
            if profile is None:
                failures[name] += 1
            else:
                regret[name] = max(regret[name], game.max_regret(profile))
    return times, regret, failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 games per shape, 2 repeats")
    parser.add_argument("--games", type=int, default=30)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    games, repeats = (3, 2) if args.quick else (args.games, args.repeats)
    qe.mclennan_tourky(to_quantecon(random_game((3, 3, 3), seed=12345)))  # warm the numba JIT
    cg.solvers.support_enumeration_n(random_game((3, 3, 3), seed=12345), stop_after=1)  # and the imports
    started = time.perf_counter()
    lines = [
        "# One equilibrium of random N-player games",
        "",
        f"`random_game(shape, seed=s)`, s = 0..{games - 1} per shape; per game the median of {repeats} runs (one "
        f"run for calls slower than {SLOW_CALL:g} s), then the median and the 90th percentile over games "
        f"(milliseconds). Ratios divide by the fastest peer's median (resp. 90th percentile) in the same run "
        "(< 1: faster than every peer). pygambit calls run in a child process with a budget of "
        f"{BUDGET:g} s (inf: over budget). Worst regret = largest max-regret of a returned profile "
        "(payoffs in [0, 1)); 'no answer' = calls over budget or returning no equilibrium.",
        "",
        "| shape | method | median ms | ratio | 90th pct ms | ratio (90th) | worst regret | no answer |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for shape in SHAPES:
        times, regret, failures = measure(shape, range(games), repeats)
        medians = {name: 1e3 * statistics.median(values) for name, values in times.items()}
        tails = {name: 1e3 * float(np.percentile(values, 90, method="higher")) for name, values in times.items()}
        fastest, fastest_tail = min(medians[p] for p in PEERS), min(tails[p] for p in PEERS)
        label = " x ".join(map(str, shape))
        for name in OURS + PEERS:
            lines.append(f"| {label} | {name} | {medians[name]:.2f} | {medians[name] / fastest:.2f} | "
                         f"{tails[name]:.2f} | {tails[name] / fastest_tail:.2f} | {regret[name]:.1e} | "
                         f"{failures[name]}/{games} |")
        print("\n".join(lines[-len(OURS + PEERS):]), flush=True)
    load = os.getloadavg()
    lines += [
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores shared with other jobs (load average "
        f"{load[0]:.1f} at the end of the run: absolute times are inflated and noisy, the ratios within this run "
        f"are what count), Python {platform.python_version()}, numpy {np.__version__}, pygambit {gbt.__version__}, "
        f"quantecon {quantecon.__version__}. Whole run: {time.perf_counter() - started:.0f} s.",
        "McLennan–Tourky runs with its default epsilon=1e-3 (an approximate equilibrium); pygambit's ipa_solve "
        "returns approximate equilibria (see its worst regret), its other solvers stop at regret about 1e-8 or "
        "better; every coordgame answer is verified (regret <= 1e-9 relative).",
    ]
    write_result("nplayer", "\n".join(lines))


if __name__ == "__main__":
    main()
