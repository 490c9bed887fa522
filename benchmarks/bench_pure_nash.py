"""pure_nash on random N-player games of 10^6-10^7 profiles, against the peers, same run.

Peers: pygambit ``enumpure_solve`` (C++; the time to build its game table is reported apart
and not counted) and QuantEcon ``pure_nash_brute`` (nashpy has no pure-equilibrium
enumeration).  Peers run on the 10^6-profile games only, each in a child process stopped after
``TIMEOUT`` seconds; a stopped peer is reported as "> TIMEOUT" and the ratio as a lower bound.
The memory-bandwidth baseline is one read of the payoff tensor at the bandwidth measured by
summing a 512 MiB array.

Run: ``PYTHONPATH=. python benchmarks/bench_pure_nash.py [--quick]``
"""

from __future__ import annotations

import argparse
import platform
import sys

import numpy as np

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent))
from _common import fmt, markdown_table, median_time, write_result

import coordgame as cg

SHAPES = [(32, 32, 32, 32), (10,) * 6, (16,) * 5, (4,) * 10, (56, 56, 56, 56), (10,) * 7, (4,) * 11]
QUICK_SHAPES = [(32, 32, 32, 32), (10,) * 6]

#: Seconds a peer may take on one game (building its game included) before it is stopped.
TIMEOUT = 120.0


def bandwidth() -> float:
    """Bytes per second for one streaming read (median of numpy sums of a 512 MiB array)."""
    big = np.random.default_rng(0).random(64 * 2**20)
    return big.nbytes / median_time(big.sum, repeats=7)


def _gambit(game: cg.NormalFormGame) -> tuple[float, float, int]:
    import time

    import pygambit as gbt

    t = time.perf_counter()
    g = gbt.Game.from_arrays(*[game.payoffs[i] for i in range(game.num_players)])
    build = time.perf_counter() - t
    found = []
    solve = median_time(lambda: found.append(len(gbt.nash.enumpure_solve(g).equilibria)), repeats=3, budget=30)
    return solve, build, found[-1]


def _quantecon(game: cg.NormalFormGame) -> tuple[float, int]:
    import quantecon.game_theory as qe

    g = qe.NormalFormGame(np.moveaxis(game.payoffs, 0, -1))
    found = []
    solve = median_time(lambda: found.append(len(qe.pure_nash_brute(g))), repeats=3, budget=30)
    return solve, found[-1]


def with_timeout(function, game: cg.NormalFormGame, seconds: float):
    """``function(game)`` in a forked child process; None if it has not returned after ``seconds``."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    with context.Pool(1) as pool:
        pending = pool.apply_async(function, (game,))
        try:
            return pending.get(timeout=seconds)
        except multiprocessing.TimeoutError:
            pool.terminate()
            return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="two shapes only")
    args = parser.parse_args()
    shapes = QUICK_SHAPES if args.quick else SHAPES
    bw = bandwidth()
    rows = []
    for k, shape in enumerate(shapes):
        game = cg.games.random_game(shape, seed=k)
        _ = game.payoff_range  # cached on the game; computed once like any payoff validation
        ours_found = []
        ours = median_time(lambda: ours_found.append(len(cg.pure_nash(game))), repeats=7)
        read = game.payoffs.nbytes / bw
        peers = game.num_profiles <= 1_100_000
        if peers:
            gambit = with_timeout(_gambit, game, TIMEOUT)
            quant = with_timeout(_quantecon, game, TIMEOUT)
            for result in (gambit, quant):
                if result is not None:
                    assert result[-1] == ours_found[-1], (result, ours_found[-1])
            # a peer stopped at the time limit took at least TIMEOUT: the ratio is then a lower bound
            times = [TIMEOUT if r is None else r[0] for r in (gambit, quant)]
            bound = ">" if min(times) == TIMEOUT else ""
            peer_cells = [f"> {TIMEOUT:.0f} s" if gambit is None else fmt(gambit[0]),
                          "" if gambit is None else fmt(gambit[1]),
                          f"> {TIMEOUT:.0f} s" if quant is None else fmt(quant[0]),
                          f"{bound}{min(times) / ours:.0f}×"]
        else:
            peer_cells = ["not run", "", "not run", ""]
        rows.append(["×".join(map(str, shape)), f"{game.num_profiles:,}", ours_found[-1], fmt(ours), fmt(read),
                     f"{ours / read:.2f}", *peer_cells])
    header = ["game", "profiles", "pure NE", "coordgame", "one read @ bandwidth", "coordgame / read",
              "pygambit enumpure", "(pygambit build)", "QuantEcon brute", "fastest peer / coordgame"]
    text = (f"## pure_nash: coordgame vs peers (medians; {platform.processor() or platform.machine()}, "
            f"bandwidth {bw / 1e9:.1f} GB/s)\n\n" + markdown_table(header, rows))
    write_result("pure_nash", text)


if __name__ == "__main__":
    main()
