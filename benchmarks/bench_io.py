"""Benchmark: reading and writing Gambit .nfg files, coordgame against pygambit.

Instances are ``random_game(shape, seed=0)`` with integer payoffs (``integers=1000``) and with
full-precision floats (uniform on [0, 1), 17 significant digits).  For each instance:

* **write**: coordgame ``write_nfg(game, format="outcomes")`` against pygambit ``Game.to_nfg()``
  (the pygambit game built beforehand with ``to_pygambit``); both produce the outcome version;
* **read**: coordgame ``read_nfg`` and pygambit ``read_nfg`` on the *same* text, once for the
  file pygambit wrote (outcome version; ``to_pygambit`` hands pygambit exact rationals, so it
  writes ``p/q``) and once for the file coordgame writes (payoff version, shortest decimals);
  each result is checked to hold the instance's payoffs exactly.

Times are medians of ``--repeats`` runs, each call timed on its own.  Run
``PYTHONPATH=. python benchmarks/bench_io.py [--quick]``; the table is printed and written to
``benchmarks/results/io.md``.
"""

from __future__ import annotations

import argparse
import io
import platform
import statistics
import time

import numpy as np
import pygambit as gbt
from _common import write_result  # benchmarks/ is on sys.path when a script runs

import coordgame as cg
from coordgame.games.random import random_game

SHAPES = ((20, 20), (60, 60), (6, 6, 6), (5, 5, 5, 5))
QUICK_SHAPES = ((10, 10), (4, 4, 4))


def median_time(fn, repeats: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def gambit_payoffs(game: gbt.Game) -> np.ndarray:
    players = list(game.players)
    shape = tuple(len(p.strategies) for p in players)
    out = np.empty((len(players), *shape))
    for profile in np.ndindex(*shape):
        out[(slice(None), *profile)] = [float(game[profile][p]) for p in players]
    return out


def bench(shape: tuple[int, ...], kind: str, repeats: int) -> dict[str, object]:
    game = random_game(shape, seed=0, integers=1000 if kind == "integers" else None)
    theirs = cg.io.to_pygambit(game)
    write_ours, _ = median_time(lambda: cg.write_nfg(game, format="outcomes"), repeats)
    write_theirs, text = median_time(theirs.to_nfg, repeats)
    reads = []
    for source in (text, cg.write_nfg(game)):
        read_ours, ours = median_time(lambda source=source: cg.read_nfg(source), repeats)
        read_theirs, back = median_time(lambda source=source: gbt.read_nfg(io.StringIO(source)), repeats)
        assert np.array_equal(ours.payoffs, game.payoffs), "coordgame read different payoffs"
        assert np.array_equal(gambit_payoffs(back), game.payoffs), "pygambit read different payoffs"
        reads.append((len(source), read_ours, read_theirs))
    label = "x".join(map(str, shape))
    return {"game": f"{label} {kind}", "write": (write_ours, write_theirs), "reads": reads}


def table(rows: list[dict[str, object]], repeats: int) -> str:
    lines = [
        f"Gambit .nfg I/O, medians of {repeats} runs (seconds); ratio = pygambit / coordgame "
        f"(> 1: coordgame faster). Python {platform.python_version()}, pygambit {gbt.__version__}, "
        f"numpy {np.__version__}.",
        "",
        "| game | write: coordgame | write: pygambit | ratio | file read | size | read: coordgame | read: pygambit | ratio |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        wo, wt = row["write"]
        write = f"{wo:.4f} | {wt:.4f} | {wt / wo:.1f}"
        for which, (size, ro, rt) in zip(("pygambit's (p/q outcomes)", "coordgame's (decimal payoffs)"), row["reads"]):
            read = f"{size / 1024:.0f} KiB | {ro:.4f} | {rt:.4f} | {rt / ro:.1f}"
            lines.append(f"| {row['game']} | {write} | {which} | {read} |")
            write = " | | "
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small games, few repeats")
    parser.add_argument("--repeats", type=int, default=None)
    args = parser.parse_args()
    repeats = args.repeats or (3 if args.quick else 5)
    shapes = QUICK_SHAPES if args.quick else SHAPES
    rows = [bench(shape, kind, repeats) for shape in shapes for kind in ("integers", "floats")]
    text = table(rows, repeats)
    write_result("io", text.rstrip("\n"))


if __name__ == "__main__":
    main()
