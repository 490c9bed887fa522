"""Benchmark: a 200-point sweep of the default 31 x 8 duplicate-construction instance.

Sweeps (λ, θ) over a 10 x 20 grid of the default calibration, each point a full solve
(equilibrium + planner + metrics), on the ``processes`` backend with 2 workers (the target
is at most 3 minutes), and compares the backends (serial, processes, dask) on a subset in
the same run: medians of several repeats, ratios against serial.  Sweeps write their store
to a temporary folder, as experiments do.  There is no peer library for sweeps, so the
reference is a bare Python loop over the same points (no store, no progress bar): the
``serial`` row against it is the sweep machinery's overhead.

Run ``PYTHONPATH=. python benchmarks/bench_sweep.py [--quick]``; the table is printed and
written to ``benchmarks/results/sweep.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from _common import write_result  # benchmarks/ is on sys.path when a script runs
from coordgame.experiments._common import model_metrics

from coordgame.sweep import expand_grid, sweep


def point(lam: float, theta: float) -> dict:
    """One full solve of the default instance at (λ, θ)."""
    return model_metrics(lam=lam, theta=theta)


def lam_theta_grid(num_lam: int, num_theta: int) -> dict[str, list[float]]:
    lam = np.round(np.linspace(0.0, 1.0, num_lam), 4)
    theta = np.round(np.linspace(0.0, 0.5, num_theta), 4)
    return {"lam": lam.tolist(), "theta": theta.tolist()}


def timed_sweep(grid, backend: str, workers: int) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        table = sweep(point, grid, store=Path(folder) / "store.jsonl", backend=backend, workers=workers, progress=False)
        elapsed = time.perf_counter() - start
    return elapsed, int(table["error"].notna().sum())


def timed_plain_loop(grid) -> tuple[float, int]:
    """The reference: a bare Python loop over the points, no store, no progress bar, no error capture."""
    points = expand_grid(grid)
    start = time.perf_counter()
    for params in points:
        point(**params)
    return time.perf_counter() - start, 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a 20-point sweep and fewer repeats")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=None)
    args = parser.parse_args(argv)
    repeats = args.repeats or (2 if args.quick else 3)
    subset = lam_theta_grid(2, 5) if args.quick else lam_theta_grid(4, 5)
    big = lam_theta_grid(4, 5) if args.quick else lam_theta_grid(10, 20)
    num_subset, num_big = len(subset["lam"]) * len(subset["theta"]), len(big["lam"]) * len(big["theta"])

    load_before = os.getloadavg()[0]
    point(0.5, 0.1)  # warm caches (data files, numba compilation if any) outside the timings
    times, _ = zip(*(timed_plain_loop(subset) for _ in range(repeats)))
    rows = [(f"{num_subset} points", "plain loop", 1, statistics.median(times), 0)]
    print(rows[-1], flush=True)
    for backend in ("serial", "processes", "dask"):
        workers = 1 if backend == "serial" else args.workers
        times, failures = zip(*(timed_sweep(subset, backend, workers) for _ in range(repeats)))
        rows.append((f"{num_subset} points", backend, workers, statistics.median(times), max(failures)))
        print(rows[-1], flush=True)
    big_time, big_failures = timed_sweep(big, "processes", args.workers)
    rows.append((f"{num_big} points", "processes", args.workers, big_time, big_failures))
    print(rows[-1], flush=True)

    reference = rows[0][3]
    lines = [
        f"# Sweep benchmark ({'quick' if args.quick else 'full'})",
        "",
        f"Default 31 x 8 instance, one full solve per point; {os.cpu_count()} CPUs visible, machine shared; "
        f"Python {platform.python_version()} on {platform.machine()}. Subset timings are medians of {repeats} runs; "
        f"the large sweep ran once. Load average (1 min) {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end "
        "(other jobs were running on the same cores).",
        "",
        "| sweep | backend | workers | time (s) | s / point | speed-up vs plain loop | failed points |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, backend, workers, seconds, failed in rows:
        points = int(label.split()[0])
        speedup = f"{reference / seconds * points / num_subset:.2f}"
        lines.append(f"| {label} | {backend} | {workers} | {seconds:.2f} | {seconds / points:.3f} | {speedup} | {failed} |")
    verdict = "meets" if big_time <= 180 else "misses"
    lines += ["", f"{num_big}-point sweep on {args.workers} workers: {big_time:.1f} s ({verdict} the 180 s target)."]
    text = "\n".join(lines) + "\n"
    write_result("sweep", text.rstrip("\n"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
