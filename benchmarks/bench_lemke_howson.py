"""Benchmark: Lemke–Howson on random n x n games against QuantEcon and nashpy.

Each instance is ``random_game((n, n), seed=s)`` (payoffs uniform on [0, 1)) with an initial
label ``k``; the same instances go to

* coordgame ``lemke_howson(g, k)`` (``backend="auto"``: numba-compiled pivoting when numba is
  installed and the game is large enough, including verification of the result),
* coordgame ``lemke_howson(g, k, backend="numpy")`` (the dependency-free path),
* QuantEcon ``lemke_howson(g, init_pivot=k)`` (numba; JIT warmed up first),
* nashpy ``Game.lemke_howson(initial_dropped_label=k)``.

coordgame and QuantEcon are timed in turn within each repeat (medians of ``--repeats``).
The numpy path and nashpy run in a child process with a time budget per call
(``--budget`` seconds); a call over budget is reported as ``> budget``, and nothing is
extrapolated.  Every endpoint is checked to be the same equilibrium as QuantEcon's.

Run ``PYTHONPATH=. python benchmarks/bench_lemke_howson.py [--quick]``; the table is printed
and written to ``benchmarks/results/lemke_howson.md``.
"""

from __future__ import annotations

import argparse
import multiprocessing
import platform
import statistics
import time
from functools import partial

import nashpy
import numpy as np
import quantecon
from _common import write_result  # benchmarks/ is on sys.path when a script runs
from quantecon.game_theory import NormalFormGame as QEGame
from quantecon.game_theory import lemke_howson as qe_lemke_howson

import coordgame as cg
from coordgame.games.random import random_game

SIZES = (50, 100, 200, 400)


def instances(n: int, quick: bool) -> list[tuple[int, int]]:
    """(seed, label) pairs: the first action of each player, on a few seeds.

    At n = 400 the path of (seed 0, label 400) has about 296,000 pivots (about a minute per
    call for each library on the reference machine), so it is left out to keep the run short.
    """
    if quick:
        return [(0, 0), (0, n)]
    if n >= 400:
        return [(0, 0), (1, 0), (1, n)]
    return [(s, k) for s in (0, 1, 2) for k in (0, n)]


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def _child_time(which: str, n: int, seed: int, label: int) -> tuple[float, np.ndarray]:
    game = random_game((n, n), seed=seed)
    if which == "nashpy":
        peer = nashpy.Game(game.payoffs[0], game.payoffs[1])
        elapsed, (x, _) = timed(lambda: peer.lemke_howson(initial_dropped_label=label))
    else:
        elapsed, eq = timed(lambda: cg.lemke_howson(game, label, backend="numpy"))
        x = eq.strategies[0]
    return elapsed, np.asarray(x)


def budgeted(which: str, n: int, seed: int, label: int, budget: float) -> tuple[float | str | None, np.ndarray | None]:
    """Time one call in a child process; (None, None) over ``budget`` seconds, ("failed", None) on an error."""
    context = multiprocessing.get_context("fork")
    with context.Pool(1) as pool:
        job = pool.apply_async(_child_time, (which, n, seed, label))
        try:
            return job.get(timeout=budget)
        except multiprocessing.TimeoutError:
            pool.terminate()
            return None, None
        except Exception as error:  # a peer that breaks down is reported, not fatal
            print(f"  {which} failed: {error!r}")
            return "failed", None


def fmt(seconds: float | str | None, budget: float) -> str:
    if isinstance(seconds, str):
        return seconds
    if seconds is None:
        return f"> {budget:g} s"
    if seconds < 1e-3:  # short paths take microseconds: "0.01 ms" would hide the difference
        return f"{seconds * 1e6:.1f} µs"
    return f"{seconds * 1e3:.2f} ms" if seconds < 1 else f"{seconds:.2f} s"


def ratio(ours: float, theirs: float | str | None) -> str:
    return f"{theirs / ours:.2f}x" if isinstance(theirs, float) else "n/a"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one seed, n <= 100, one repeat")
    parser.add_argument("--repeats", type=int, default=None)
    parser.add_argument("--budget", type=float, default=10.0, help="seconds per numpy-path / nashpy call")
    args = parser.parse_args(argv)
    def repeats_for(n: int) -> int:  # short runs are noisy on a shared machine: more repeats
        return args.repeats or (1 if args.quick else (9 if n <= 100 else 3))
    sizes = SIZES[:2] if args.quick else SIZES

    warm = random_game((4, 4), seed=0)
    start = time.perf_counter()
    cg.lemke_howson(random_game((64, 64), seed=0), 0)  # loads (or compiles) coordgame's numba kernel
    compile_seconds = time.perf_counter() - start
    qe_lemke_howson(QEGame(np.stack(warm.payoffs, axis=-1)), 0)

    rows = []
    for n in sizes:
        for seed, label in instances(n, args.quick):
            game = random_game((n, n), seed=seed)
            qe_game = QEGame(np.stack(game.payoffs, axis=-1))
            ours, theirs = [], []
            for _ in range(repeats_for(n)):
                t, eq = timed(partial(cg.lemke_howson, game, label))
                ours.append(t)
                t, (qe_x, _) = timed(partial(qe_lemke_howson, qe_game, init_pivot=label))
                theirs.append(t)
            _, qe_res = qe_lemke_howson(qe_game, init_pivot=label, full_output=True)
            agree = bool(np.allclose(eq.strategies[0], qe_x, atol=1e-6))
            numpy_t, numpy_x = budgeted("numpy", n, seed, label, args.budget)
            nashpy_t, nashpy_x = budgeted("nashpy", n, seed, label, args.budget)
            agree &= numpy_x is None or bool(np.allclose(numpy_x, qe_x, atol=1e-6))
            agree &= nashpy_x is None or bool(np.allclose(nashpy_x, qe_x, atol=1e-6))
            ours_t, qe_t = statistics.median(ours), statistics.median(theirs)
            rows.append((n, seed, label, qe_res.num_iter, ours_t, qe_t, numpy_t, nashpy_t, agree))
            print(f"n={n} seed={seed} label={label}: pivots={qe_res.num_iter} ours={fmt(ours_t, 0)} "
                  f"qe={fmt(qe_t, 0)} numpy={fmt(numpy_t, args.budget)} nashpy={fmt(nashpy_t, args.budget)} agree={agree}",
                  flush=True)

    lines = [
        "# Lemke–Howson: coordgame vs QuantEcon vs nashpy",
        "",
        "Random n x n games (uniform payoffs), `random_game((n, n), seed)`, initial label k; medians of "
        f"{', '.join(f'{repeats_for(n)} (n = {n})' for n in sizes)} repeats for coordgame (default backend) and "
        "QuantEcon, timed in turn in the same run; the coordgame numpy "
        f"path and nashpy once each in a child process with a {args.budget:g} s budget (`> budget` = stopped, not "
        "extrapolated; `failed` = the peer raised an error).  coordgame's time includes verifying the equilibrium "
        "(both players' action values and regrets recomputed from the payoffs, a few microseconds at n = 50, which "
        "QuantEcon does not do).  Ratios > 1 mean coordgame is faster.",
        "",
        f"Python {platform.python_version()}, numpy {np.__version__}, QuantEcon {quantecon.__version__}, "
        f"nashpy {nashpy.__version__}, {platform.machine()}; first coordgame call (imports numba and loads or "
        f"compiles the kernel, once per process, not in the table): {compile_seconds:.2f} s.",
        "",
        "| n | seed | label | pivots | coordgame | QuantEcon | QuantEcon / coordgame | coordgame numpy path "
        "| nashpy | nashpy / coordgame | same endpoint |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for n, seed, label, pivots, ours_t, qe_t, numpy_t, nashpy_t, agree in rows:
        lines.append(
            f"| {n} | {seed} | {label} | {pivots} | {fmt(ours_t, 0)} | {fmt(qe_t, 0)} | {ratio(ours_t, qe_t)} | "
            f"{fmt(numpy_t, args.budget)} | {fmt(nashpy_t, args.budget)} | {ratio(ours_t, nashpy_t)} | {agree} |"
        )
    lines += ["", "Per size (median over the instances above):", "",
              "| n | coordgame | QuantEcon | QuantEcon / coordgame |", "|---|---|---|---|"]
    for n in sizes:
        mine = statistics.median(r[4] for r in rows if r[0] == n)
        qe = statistics.median(r[5] for r in rows if r[0] == n)
        lines.append(f"| {n} | {fmt(mine, 0)} | {fmt(qe, 0)} | {ratio(mine, qe)} |")
    table = "\n".join(lines) + "\n"
    write_result("lemke_howson", table.rstrip("\n"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
