"""The second-best planner: certificate and time over the sigma x phi grid, and growth in R and K.

Run once: ``python benchmarks/bench_planner.py [--quick]``.  Writes benchmarks/results/planner.md.

* Grid: the default 31 x 8 economy at every sigma in {0, 0.25, ..., 2} and phi in
  {0, 0.25, ..., 1}: wall time of ``second_best`` (one run per point, the compiled kernels
  loaded first), certified relative gap, nodes, and whether the gap is within 0.1%; the load
  average at the start is recorded because the machine is shared.
* Scale: seeded synthetic economies (``synthetic_economy``) at the default parameters,
  R in {31, 62, 125, 250, 300} with K = 8 and K in {8, 16, 32, 64} with R = 31: time and the
  peak memory traced (tracemalloc) of ``second_best``; exponents fitted by least squares on
  log time against log R (log K).
"""

from __future__ import annotations

import dataclasses
import os
import statistics
import sys
import time
import tracemalloc

import numpy as np
from _common import markdown_table, write_result
from coordgame.models.duplicate_construction import Parameters, build_economy, second_best
from coordgame.models.duplicate_construction.synthetic import synthetic_economy

SIGMAS = [0.25 * i for i in range(9)]
PHIS = [0.25 * i for i in range(5)]


def timed(function):
    start = time.perf_counter()
    out = function()
    return out, time.perf_counter() - start


def grid_rows(quick: bool):
    rows, times = [], []
    second_best(build_economy(Parameters(num_regions=4, num_industries=1)))  # compile the kernels once
    for sigma in SIGMAS[::4] if quick else SIGMAS:
        for phi in PHIS[::2] if quick else PHIS:
            economy = build_economy(dataclasses.replace(Parameters(), sigma=sigma, phi=phi))
            (x, info), seconds = timed(lambda e=economy: second_best(e))
            times.append(seconds)
            rows.append([sigma, phi, f"{seconds:.3f}", f"{100 * info['relative_gap']:.4f}", info["nodes"],
                         int(x.sum()), "yes" if info["relative_gap"] <= 1e-3 else "**no**"])
    return rows, times


def scale_rows(sizes):
    rows, points = [], []
    for R, K in sizes:
        economy = synthetic_economy(R, K, seed=1)
        tracemalloc.start()
        (_, info), seconds = timed(lambda e=economy: second_best(e))
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        points.append((R, K, seconds))
        rows.append([R, K, f"{seconds:.2f}", f"{peak:.1f}", f"{100 * info['relative_gap']:.4f}", info["nodes"]])
    return rows, points


def exponent(xs, ys):
    return float(np.polyfit(np.log(xs), np.log(ys), 1)[0])


def main(quick: bool) -> None:
    load = os.getloadavg()[0]  # the times below scale with how busy the machine was
    grid, times = grid_rows(quick)
    q = np.quantile(times, [0.5, 0.95])
    text = ["# Second-best planner: certificate and time", "",
            f"Default 31 x 8 economy, one `second_best` call per point (relative_gap=1e-3); "
            f"median {q[0]:.3f} s, 95th percentile {q[1]:.3f} s, max {max(times):.2f} s; "
            f"load average {load:.1f} at the start (on 2 cores: above 2 the times are inflated).", "",
            markdown_table(["sigma", "phi", "seconds", "certified gap %", "nodes", "clusters", "gap <= 0.1%"], grid)]
    r_sizes = [(31, 8), (62, 8), (125, 8)] if quick else [(31, 8), (62, 8), (125, 8), (250, 8), (300, 8)]
    k_sizes = [(31, 8), (31, 16)] if quick else [(31, 8), (31, 16), (31, 32), (31, 64)]
    r_rows, r_points = scale_rows(r_sizes)
    k_rows, k_points = scale_rows(k_sizes)
    text += ["", "## Growth in R (K = 8) and K (R = 31): synthetic economies, default parameters", "",
             markdown_table(["R", "K", "seconds", "peak MiB (tracemalloc)", "certified gap %", "nodes"], r_rows + k_rows),
             "", f"Fitted exponents: time ~ R^{exponent([p[0] for p in r_points], [p[2] for p in r_points]):.2f}, "
             f"time ~ K^{exponent([p[1] for p in k_points], [p[2] for p in k_points]):.2f}.",
             "", f"Median of all grid times: {statistics.median(times):.3f} s."]
    write_result("planner", "\n".join(text))


if __name__ == "__main__":
    main("--quick" in sys.argv)
