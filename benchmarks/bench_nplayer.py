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
  ``nash.simpdiv_solve`` (simplicial subdivision from the centroid, rational arithmetic),
* QuantEcon ``mclennan_tourky`` (numba; JIT warmed up first; default ``epsilon=1e-3``: it
  returns a 1e-3-equilibrium, a weaker answer than the others' 1e-8 / 1e-9 — its regret is
  reported).

All methods are timed in turn on each instance, ``--repeats`` times; the table gives, per size,
the median over instances of the per-instance median time, and the ratio to the fastest peer.

Run ``PYTHONPATH=. python benchmarks/bench_nplayer.py [--quick]``; the table is printed and written
to ``benchmarks/results/nplayer.md``.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from pathlib import Path

import numpy as np
import pygambit as gbt
import quantecon
import quantecon.game_theory as qe

import coordgame as cg
from coordgame.games.random import random_game

SIZES = (3, 4, 5)
OURS = ("coordgame logit_solve", "coordgame support_enumeration_n (first)")
PEERS = ("pygambit logit_solve", "pygambit gnm_solve", "pygambit simpdiv_solve", "QuantEcon mclennan_tourky")


def to_gambit(game: cg.NormalFormGame) -> gbt.Game:
    return gbt.Game.from_arrays(*[np.asarray(game.payoffs[i]) for i in range(game.num_players)])


def to_quantecon(game: cg.NormalFormGame) -> qe.NormalFormGame:
    return qe.NormalFormGame(np.moveaxis(np.asarray(game.payoffs), 0, -1))


def gambit_strategies(gambit_game: gbt.Game, profile) -> list[np.ndarray]:
    return [np.array([float(profile[s]) for s in p.strategies]) for p in gambit_game.players]


def solvers(game: cg.NormalFormGame):
    """name -> zero-argument callable returning one mixed profile (list of arrays)."""
    gambit_game, qe_game = to_gambit(game), to_quantecon(game)
    return {
        OURS[0]: lambda: cg.logit_solve(game).strategies,
        OURS[1]: lambda: cg.support_enumeration_n(game, stop_after=1)[0].strategies,
        PEERS[0]: lambda: gambit_strategies(gambit_game, gbt.nash.logit_solve(gambit_game).equilibria[0]),
        PEERS[1]: lambda: gambit_strategies(gambit_game, gbt.nash.gnm_solve(gambit_game).equilibria[0]),
        PEERS[2]: lambda: gambit_strategies(
            gambit_game, gbt.nash.simpdiv_solve(gambit_game.mixed_strategy_profile(rational=True)).equilibria[0]),
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
                start = time.perf_counter()
                profile = run()
                samples[name].append(time.perf_counter() - start)
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
        f"`random_game((n, n, n), seed=s)`, s = 0..{games - 1}; per game the median of {repeats} runs, then the "
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
        tails = {name: 1e3 * float(np.percentile(values, 90)) for name, values in times.items()}
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
    print(table)
    out = Path(__file__).parent / "results" / "nplayer.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text(table)


if __name__ == "__main__":
    main()
