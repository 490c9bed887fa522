"""Benchmark: all Nash equilibria of small N-player games, against Gambit's polynomial enumeration.

The same games go to coordgame ``support_enumeration_n`` (support enumeration; the support
profiles of small kinds solved in stacked batches: linear systems where at most two players mix,
polynomials in one variable where three mix on 2 x k x k or 2 x 2 x 3 supports or four on binary
ones; every other support profile one at a time after conditional-dominance pruning, by a
multihomogeneous homotopy where three or more mix; every answer verified) and to pygambit 16 ``nash.enumpoly_solve``
(support enumeration with Gambit's polynomial-system solver; its default ``maxregret=1e-4``).

* Generic games: ``random_game(shape, seed=s)`` for 3 x 3 x 3 and 2 x 2 x 2 x 2, s = 0..GAMES-1
  (payoffs uniform on [0, 1): finitely many equilibria, all regular, with probability one).
* Degenerate games, to say what each method does: a game with all payoffs equal (every profile
  is an equilibrium), a 3-player game whose third player is indifferent everywhere (components of
  equilibria), random games with payoffs in {0, 1, 2} (ties), the minimum-effort game and the
  3-player volunteer's dilemma.

Per game: wall time of one call each (pygambit in a child process with a budget of ``BUDGET``
seconds), the number of equilibria each reports, how many of Gambit's ours lacks (``missing``:
no equilibrium of ours within ``MATCH`` in every probability) and how many of ours Gambit lacks
(``extra``), and the largest regret among Gambit's answers (ours are verified to 1e-9).

Run ``PYTHONPATH=. python benchmarks/bench_nplayer_all.py [--quick]``; the tables are printed
and written to ``benchmarks/results/nplayer_all.md``.
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
from _common import write_result  # benchmarks/ is on sys.path when a script runs

import coordgame as cg
from coordgame.games.random import random_game

SHAPES = ((3, 3, 3), (2, 2, 2, 2))
#: Two equilibria match when every probability differs by at most this.
MATCH = 1e-5
#: pygambit's enumpoly_solve is stopped after this many seconds.
BUDGET = 30.0


def to_gambit(game: cg.NormalFormGame) -> gbt.Game:
    return gbt.Game.from_arrays(*[np.asarray(game.payoffs[i]) for i in range(game.num_players)])


def _enumpoly_child(payoffs: np.ndarray, queue) -> None:
    gambit_game = to_gambit(cg.NormalFormGame(payoffs))
    start = time.perf_counter()
    result = gbt.nash.enumpoly_solve(gambit_game)
    elapsed = time.perf_counter() - start
    flats = [np.array([float(profile[s]) for p in gambit_game.players for s in p.strategies])
             for profile in result.equilibria]
    queue.put((elapsed, flats))


def enumpoly(game: cg.NormalFormGame) -> tuple[float, list[np.ndarray] | None]:
    """(seconds, flat equilibria) of Gambit's enumpoly_solve; (inf, None) over budget or on a crash."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_enumpoly_child, args=(np.asarray(game.payoffs), queue))
    child.start()
    child.join(BUDGET)
    if child.is_alive() or child.exitcode != 0:
        child.terminate()
        child.join()
        return float("inf"), None
    return queue.get()


def ours(game: cg.NormalFormGame) -> tuple[float, cg.EquilibriumSet]:
    start = time.perf_counter()
    result = cg.solvers.support_enumeration_n(game)
    return time.perf_counter() - start, result


def compare(game: cg.NormalFormGame) -> dict:
    gambit_time, gambit_flats = enumpoly(game)
    our_time, result = ours(game)
    our_flats = [np.concatenate(eq.strategies) for eq in result]
    gambit_flats = gambit_flats if gambit_flats is not None else []

    def within(x, pool):
        return any(np.abs(x - y).max() <= MATCH for y in pool)

    split = np.cumsum(game.num_actions)[:-1]
    return {
        "gambit_time": gambit_time, "our_time": our_time,
        "gambit_count": len(gambit_flats) if gambit_time < float("inf") else None, "our_count": len(our_flats),
        "missing": sum(not within(x, our_flats) for x in gambit_flats),
        "extra": sum(not within(y, gambit_flats) for y in our_flats),
        "gambit_regret": max((game.max_regret(np.split(x, split)) for x in gambit_flats), default=0.0),
        "complete": result.complete, "notes": result.notes,
    }


def percentile90(values: list[float]) -> float:
    return float(np.percentile(values, 90, method="higher"))


def generic_rows(games: int) -> list[str]:
    lines = ["| shape | method | median s | 90th pct s | equilibria (total) | games with more found by the "
             "other | missing from ours | extra in ours | complete | worst regret of Gambit's |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for shape in SHAPES:
        rows = [compare(random_game(shape, seed=s)) for s in range(games)]
        gambit_times, our_times = [r["gambit_time"] for r in rows], [r["our_time"] for r in rows]
        label = " x ".join(map(str, shape))
        gambit_total = sum(r["gambit_count"] or 0 for r in rows)
        lines.append(f"| {label} | pygambit enumpoly_solve | {statistics.median(gambit_times):.4f} | "
                     f"{percentile90(gambit_times):.4f} | {gambit_total} | "
                     f"{sum(r['missing'] > 0 for r in rows)} | – | – | – | "
                     f"{max(r['gambit_regret'] for r in rows):.1e} |")
        lines.append(f"| {label} | coordgame support_enumeration_n | {statistics.median(our_times):.4f} | "
                     f"{percentile90(our_times):.4f} | {sum(r['our_count'] for r in rows)} | "
                     f"{sum(r['extra'] > 0 for r in rows)} | {sum(r['missing'] for r in rows)} | "
                     f"{sum(r['extra'] for r in rows)} | {sum(r['complete'] for r in rows)}/{games} | – |")
        print("\n".join(lines[-2:]), flush=True)
    return lines


def indifferent_third_player() -> cg.NormalFormGame:
    """Players 1 and 2 play a coordination game whatever player 3 does; player 3 is indifferent."""
    payoffs = np.zeros((3, 2, 2, 2))
    payoffs[0, 0, 0, :] = payoffs[1, 0, 0, :] = 2.0
    payoffs[0, 1, 1, :] = payoffs[1, 1, 1, :] = 1.0
    return cg.NormalFormGame(payoffs)


DEGENERATE = {
    "all payoffs equal, 2 x 2 x 2": lambda: cg.NormalFormGame(np.zeros((3, 2, 2, 2))),
    "third player indifferent, 2 x 2 x 2": indifferent_third_player,
    "payoffs in {0,1,2}, 3 x 3 x 3, seed 0": lambda: random_game((3, 3, 3), seed=0, integers=3),
    "payoffs in {0,1,2}, 2 x 2 x 2 x 2, seed 0": lambda: random_game((2, 2, 2, 2), seed=0, integers=3),
    "minimum effort, 3 players x 2 efforts": lambda: cg.games.minimum_effort(num_players=3, efforts=2),
    "volunteer's dilemma, 3 players": lambda: cg.games.volunteers_dilemma(3, benefit=1.0, cost=0.25),
}


def degenerate_rows() -> list[str]:
    lines = ["| game | Gambit: equilibria, s | ours: equilibria, s | missing from ours | extra in ours | "
             "ours complete | what ours says |", "|---|---:|---:|---:|---:|---:|---|"]
    for name, build in DEGENERATE.items():
        row = compare(build())
        gambit = "over budget" if row["gambit_count"] is None else f"{row['gambit_count']}, {row['gambit_time']:.3f}"
        said = "; ".join(note for note in row["notes"] if "singular" in note or "failed" in note) or "regular solutions"
        lines.append(f"| {name} | {gambit} | {row['our_count']}, {row['our_time']:.3f} | {row['missing']} | "
                     f"{row['extra']} | {row['complete']} | {said} |")
        print(lines[-1], flush=True)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 games per shape")
    parser.add_argument("--games", type=int, default=20)
    args = parser.parse_args()
    games = 3 if args.quick else args.games
    cg.solvers.support_enumeration_n(random_game((2, 2, 2), seed=12345))  # warm the imports
    started = time.perf_counter()
    lines = ["# All equilibria of small N-player games", "",
             f"`random_game(shape, seed=s)`, s = 0..{games - 1}; one call per game and method (wall seconds). "
             f"Two equilibria match when every probability differs by at most {MATCH:g}. 'games with more found by "
             "the other': for Gambit, games where it found an equilibrium ours lacks; for coordgame, games where ours "
             "found one Gambit lacks. Every coordgame equilibrium is verified (regret <= 1e-9 relative).", ""]
    lines += generic_rows(games)
    lines += ["", "## Degenerate games", ""]
    lines += degenerate_rows()
    load = os.getloadavg()
    lines += ["", f"Machine: {platform.machine()}, {os.cpu_count()} cores shared with other jobs (load average "
              f"{load[0]:.1f} at the end: absolute times are inflated; compare within the run), Python "
              f"{platform.python_version()}, numpy {np.__version__}, pygambit {gbt.__version__}. Whole run: "
              f"{time.perf_counter() - started:.0f} s."]
    write_result("nplayer_all", "\n".join(lines))


if __name__ == "__main__":
    main()
