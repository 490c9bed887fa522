"""Benchmark: load balance of a 40-point σ × φ sweep whose points differ 10x in cost, on 2 workers.

The workload is synthetic, as the question is the scheduling, not the model: a point at σ sleeps
``UNIT * (1 + 9 σ / 7)`` seconds (σ = 0..7, five φ values: 40 points, 220 units in all), as a
planner search grows with σ.  A sleep uses no CPU, so the figures measure how well the backend
keeps two workers busy, even on a shared machine.  Rows: the serial backend; ``processes`` and
``dask`` (a LocalCluster of 2 worker processes, started before the clock) with 2 workers, in grid
order (the largest points last: greedy's worst case) and largest first (``cost=``).  Speed-up is
serial wall time over the backend's; 2 is the ideal, 220/110 units (the last column compares
with that ideal directly, free of the serial backend's own overhead).

Run ``PYTHONPATH=. python benchmarks/bench_sweep_balance.py [--unit SECONDS]``; the table is
printed and written to ``benchmarks/results/sweep_balance.md``.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import time

from _common import write_result  # benchmarks/ is on sys.path when a script runs

from coordgame.sweep import sweep

UNIT = 0.05
GRID = {"sigma": list(range(8)), "phi": [0.1, 0.2, 0.3, 0.4, 0.5]}


def units(sigma: float, phi: float) -> float:
    """A point's cost in units: 1 at σ = 0 to 10 at σ = 7."""
    return 1.0 + 9.0 * sigma / 7.0


def uneven(sigma: float, phi: float, unit: float) -> dict:
    time.sleep(unit * units(sigma, phi))
    return {"value": sigma * phi}


def cost(sigma: float, phi: float, unit: float) -> float:
    return units(sigma, phi)


def timed(unit: float, **options) -> float:
    grid = {**GRID, "unit": [unit]}
    start = time.perf_counter()
    table = sweep(uneven, grid, progress=False, **options)
    elapsed = time.perf_counter() - start
    assert table["error"].isna().all() and len(table) == 40
    return elapsed


def main(argv: list[str] | None = None) -> int:
    import distributed

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unit", type=float, default=UNIT, help=f"seconds per cost unit (default {UNIT})")
    args = parser.parse_args(argv)
    unit = args.unit
    load_before = os.getloadavg()[0]
    timed(0.0)  # imports (pandas, tqdm) before the clock: they are not the serial backend's cost
    serial = timed(unit)
    rows = [("serial", 1, "grid", serial)]
    for order, by_cost in (("grid", None), ("largest first", cost)):
        rows.append(("processes", 2, order, timed(unit, backend="processes", workers=2, cost=by_cost)))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None,
                                  silence_logs=logging.ERROR) as cluster, distributed.Client(cluster) as client:
        client.submit(uneven, 0, 0, 0.0).result()  # workers import the modules before the clock starts
        for order, by_cost in (("grid", None), ("largest first", cost)):
            rows.append(("dask", 2, order, timed(unit, backend="dask", scheduler=client, cost=by_cost)))
    ideal = 220 * unit / 2
    lines = [
        "# Load balance: 40 uneven points (costs 1 to 10 units) on 2 workers",
        "",
        f"Unit {unit} s: 220 units = {220 * unit:.1f} s of work; the ideal 2-worker wall time is {ideal:.2f} s. "
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, load average {load_before:.1f} "
        f"before the run (a shared machine). Wall times of one run each.",
        "",
        "| backend | workers | start order | wall time (s) | speed-up vs serial | vs ideal 2-worker time |",
        "|---|---|---|---|---|---|",
    ]
    for backend, workers, order, wall in rows:
        lines.append(f"| {backend} | {workers} | {order} | {wall:.2f} | {serial / wall:.2f} | {wall / ideal:.2f} |")
    write_result("sweep_balance", "\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
