"""The second-best planner: certificate and time over the sigma x phi grid, and growth in R and K.

Run once: ``python benchmarks/bench_planner.py [--quick]``.  Writes benchmarks/results/planner.md.

* Grid: the default 31 x 8 economy at every sigma in {0, 0.25, ..., 2} and phi in
  {0, 0.25, ..., 1}: wall and CPU time of ``second_best`` (one run per point, the compiled
  kernels compiled or loaded from numba's disk cache first and timed apart), certified relative
  gap, nodes, and whether the gap is within 0.1%; the previous run's seconds and nodes (read from
  the results file before it is rewritten) stand next to them.  The load average at the start
  and end is recorded because the machine is shared: CPU time is less affected by other work
  than wall time.
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
from _common import RESULTS, markdown_table, write_result
from coordgame.models.duplicate_construction import Parameters, build_economy, second_best
from coordgame.models.duplicate_construction.synthetic import synthetic_economy

SIGMAS = [0.25 * i for i in range(9)]
PHIS = [0.25 * i for i in range(5)]


def timed(function):
    start = time.perf_counter()
    out = function()
    return out, time.perf_counter() - start


def previous_grid() -> dict[tuple[float, float], tuple[str, str]]:
    """(sigma, phi) -> (seconds, nodes) of the grid table in the results file of the previous run."""
    path = RESULTS / "planner.md"
    out = {}
    if not path.exists():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        try:
            key = (float(cells[0]), float(cells[1]))
        except (ValueError, IndexError):
            continue
        if len(cells) >= 5 and key not in out:
            out[key] = (cells[2], cells[5] if len(cells) > 8 else cells[4])  # this file's layout, or the older one
    return out


def warm_up() -> float:
    """Compile the kernels (or load them from numba's disk cache): a strong-spillover economy runs every kernel."""
    _, seconds = timed(lambda: second_best(build_economy(Parameters(num_regions=16, num_industries=2, sigma=2.0,
                                                                    phi=0.25))))
    return seconds


def grid_rows(quick: bool):
    rows, times, cpu = [], [], []
    before = previous_grid()
    for sigma in SIGMAS[::4] if quick else SIGMAS:
        for phi in PHIS[::2] if quick else PHIS:
            economy = build_economy(dataclasses.replace(Parameters(), sigma=sigma, phi=phi))
            start_cpu = time.process_time()
            (x, info), seconds = timed(lambda e=economy: second_best(e))
            used = time.process_time() - start_cpu
            times.append(seconds)
            cpu.append(used)
            old_seconds, old_nodes = before.get((sigma, phi), ("", ""))
            rows.append([sigma, phi, f"{seconds:.3f}", f"{used:.3f}", f"{100 * info['relative_gap']:.4f}", info["nodes"],
                         int(x.sum()), "yes" if info["relative_gap"] <= 1e-3 else "**no**", old_seconds, old_nodes])
    return rows, times, cpu


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
    compile_seconds = warm_up()
    grid, times, cpu = grid_rows(quick)
    q = np.quantile(times, [0.5, 0.95])
    qc = np.quantile(cpu, [0.5, 0.95])
    text = ["# Second-best planner: certificate and time", "",
            f"Default 31 x 8 economy, one `second_best` call per point (relative_gap=1e-3); wall time: "
            f"median {q[0]:.3f} s, 95th percentile {q[1]:.3f} s, max {max(times):.2f} s; CPU time: median "
            f"{qc[0]:.3f} s, 95th percentile {qc[1]:.3f} s, max {max(cpu):.2f} s.  Load average {load:.1f} at the "
            f"start and {os.getloadavg()[0]:.1f} at the end of the grid (on 2 cores: above 2 the wall times are "
            f"inflated).  Compiling the kernels or loading them from numba's disk cache took {compile_seconds:.2f} s "
            f"before the grid (not in the times).  The last two columns are the previous run's.", "",
            markdown_table(["sigma", "phi", "seconds", "CPU seconds", "certified gap %", "nodes", "clusters",
                            "gap <= 0.1%", "previous seconds", "previous nodes"], grid)]
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
