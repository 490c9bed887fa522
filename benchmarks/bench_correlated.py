"""Correlated-equilibrium LP: coordgame's sparse HiGHS program against a dense cvxpy formulation.

Both solve the same problem — the welfare-maximising correlated equilibrium of a seeded random
game — in the same run.  The reference is the formulation a user would write in cvxpy
directly: for each player the (n_i x |A_-i|) matrix X_i of probabilities (a reshaped view of
the distribution), the dense matrix of "told k, play k'" values G_i = X_i U_i^T, and the
constraints diag(G_i) >= G_i row by row, solved by cvxpy's default LP solver (Clarabel).
coordgame builds the constraint matrix directly in sparse form with numpy index arithmetic and
calls HiGHS.  Both optimal values are printed and must agree.

Run:  PYTHONPATH=. python benchmarks/bench_correlated.py [--quick] [--repeats R]
Writes benchmarks/results/correlated.md.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import platform
import statistics
import time

import cvxpy as cp
import numpy as np
import scipy
from _common import write_result  # benchmarks/ is on sys.path when a script runs

import coordgame as cg

SEED = 2024


def dense_cvxpy_ce(game: cg.NormalFormGame) -> float:
    """Max-welfare CE written directly in cvxpy with dense matrix expressions."""
    shape = game.num_actions
    num_profiles = game.num_profiles
    p = cp.Variable(num_profiles, nonneg=True)
    flat_index = np.arange(num_profiles).reshape(shape)
    constraints = [cp.sum(p) == 1]
    for i, n in enumerate(shape):
        U = np.moveaxis(game.payoffs[i], i, 0).reshape(n, -1)
        order = np.moveaxis(flat_index, i, 0).reshape(-1)
        X = cp.reshape(p[order], (n, U.shape[1]), order="C")
        G = X @ U.T
        constraints.append(cp.reshape(cp.diag(G), (n, 1), order="C") @ np.ones((1, n)) >= G)
    welfare = game.payoffs.sum(axis=0).reshape(-1)
    problem = cp.Problem(cp.Maximize(welfare @ p), constraints)
    problem.solve()
    return float(problem.value)


def _dense_child(shape, seed, queue) -> None:
    game = cg.games.random_game(shape, seed=seed)
    start = time.perf_counter()
    value = dense_cvxpy_ce(game)
    queue.put((time.perf_counter() - start, value))


def timed_dense(shape, seed, repeats: int, limit: float) -> tuple[float, float | None]:
    """Median time of the dense formulation, each run in a child process stopped after ``limit`` seconds."""
    ctx = multiprocessing.get_context("fork")
    times, value = [], None
    for _ in range(repeats):
        queue = ctx.Queue()
        child = ctx.Process(target=_dense_child, args=(shape, seed, queue))
        child.start()
        child.join(limit)
        if child.is_alive():
            child.terminate()
            child.join()
            return math.inf, None
        elapsed, value = queue.get()
        times.append(elapsed)
    return statistics.median(times), value


def timed(fn, repeats: int) -> tuple[float, float]:
    times, value = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only")
    parser.add_argument("--repeats", type=int, default=3, help="repetitions per case (median reported)")
    parser.add_argument("--dense-limit", type=float, default=900.0,
                        help="seconds after which a dense cvxpy run is stopped (reported as '> limit')")
    args = parser.parse_args()
    cases = [(10, 10), (30, 30), (5, 5, 5)] if args.quick else [(10, 10), (50, 50), (100, 100), (20, 20, 20),
                                                                 (10, 10, 10, 10)]
    rows = []
    for shape in cases:
        game = cg.games.random_game(shape, seed=SEED)
        ours, ours_value = timed(lambda g=game: cg.correlated_equilibrium(g).objective_value, args.repeats)
        # the dense formulation is slow at the large sizes: fewer repeats there
        reps = args.repeats if game.num_profiles <= 2500 else 1
        dense, dense_value = timed_dense(shape, SEED, reps, args.dense_limit)
        if dense_value is None:
            dense, agree = args.dense_limit, None
        else:
            agree = abs(ours_value - dense_value) <= 1e-5 * max(1.0, abs(ours_value))
        label = "x".join(map(str, shape))
        rows.append((label, game.num_profiles, ours, dense, dense / ours, ours_value, dense_value, agree, reps))
        print(f"{label}: coordgame {ours:.3f}s, dense cvxpy {dense:.3f}s{'+' if agree is None else ''}, "
              f"ratio {dense / ours:.1f}x, values {ours_value:.6f} / {dense_value}", flush=True)
    lines = [
        "# Correlated equilibrium LP: sparse HiGHS (coordgame) vs dense cvxpy formulation",
        "",
        f"Max-welfare correlated equilibrium of seeded random games (`random_game(shape, seed=2024)`). "
        f"Median wall time of {args.repeats} runs (1 run for the dense formulation above 2,500 profiles). "
        f"numpy {np.__version__}, scipy {scipy.__version__}, cvxpy {cp.__version__}, Python {platform.python_version()}, "
        "machine shared with other jobs (absolute times are noisy; ratios are from the same run).",
        "",
        "| game | profiles | coordgame sparse HiGHS (s) | dense cvxpy (s) | speed-up | optimal welfare (ours / cvxpy) | agree |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for label, profiles, ours, dense, speedup, v1, v2, agree, _ in rows:
        if agree is None:  # the dense run was stopped at the limit: the speed-up is a lower bound
            lines.append(f"| {label} | {profiles} | {ours:.3f} | > {dense:.0f} (stopped) | > {speedup:.0f}x | "
                         f"{v1:.6f} / — | — |")
        else:
            lines.append(f"| {label} | {profiles} | {ours:.3f} | {dense:.3f} | {speedup:.1f}x | {v1:.6f} / {v2:.6f} | "
                         f"{'yes' if agree else 'NO'} |")
    lines += [
        "",
        "Other programs on the same games (coordgame only; no peer computes them): coarse correlated",
        "equilibrium (dense rows, HiGHS interior point) and max-min fairness (HiGHS dual simplex).",
        "",
        "| game | max-welfare CE (s) | max-welfare CCE (s) | max-min CE (s) |",
        "|---|---:|---:|---:|",
    ]
    for shape, (label, _, ours, *_rest) in zip(cases, rows):
        game = cg.games.random_game(shape, seed=SEED)
        cce, _ = timed(lambda g=game: cg.correlated_equilibrium(g, coarse=True).objective_value, 1)
        fair, _ = timed(lambda g=game: cg.correlated_equilibrium(g, "rawlsian").objective_value, 1)
        lines.append(f"| {label} | {ours:.3f} | {cce:.3f} | {fair:.3f} |")
        print(f"{label}: CCE {cce:.3f}s, max-min {fair:.3f}s", flush=True)
    table = "\n".join(lines) + "\n"
    print()
    write_result("correlated", table.rstrip("\n"))


if __name__ == "__main__":
    main()
