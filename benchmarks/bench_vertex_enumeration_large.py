"""Vertex enumeration at 16 x 16 to 20 x 20: coordgame's pivoting search against QuantEcon, same run.

Run ``PYTHONPATH=. python benchmarks/bench_vertex_enumeration_large.py [--quick]``.  For each n
and seed one game with independent uniform [0, 1) payoffs (the generator of
``bench_vertex_enumeration.py``) is solved, one call each, in turn:

* coordgame ``vertex_enumeration`` with its defaults (``algorithm="pivoting"`` from 16 actions
  when numba is installed: the depth-first search of one polytope's vertices),
* coordgame with ``algorithm="hull"`` (the method before the search: Qhull on one polytope, the
  compiled partner loop) up to ``HULL_MAX_N`` actions,
* QuantEcon ``game_theory.vertex_enumeration`` in a child process (its numba code warmed up in
  that process before the timed call), stopped after ``QUANTECON_TIMEOUT`` seconds.

Calls take seconds to minutes, so each is timed once; the libraries alternate game by game, so
that the machine's load falls on all alike.  The table gives the median time per library, the
ratio of the medians QuantEcon / coordgame and the smallest per-game ratio; where QuantEcon was
stopped, its time is the timeout and the ratio a lower bound (marked ">").  Equilibria are
compared as sets (to 1e-6) between all methods that finished.  Results:
``benchmarks/results/vertex_enumeration_large.md``.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time

import numpy as np
from _common import markdown_table, write_result  # benchmarks/ is on sys.path when a script runs

import coordgame as cg

#: QuantEcon's call is stopped after this many seconds (it enumerates both polytopes with Qhull).
QUANTECON_TIMEOUT = 420.0
#: Qhull on one polytope (coordgame's method before the search) is run up to this many actions.
HULL_MAX_N = 18

_QUANTECON_CHILD = """
import json, sys, time
import numpy as np
import quantecon.game_theory as qe
n, seed = int(sys.argv[1]), int(sys.argv[2])
qe.vertex_enumeration(qe.NormalFormGame([qe.Player(np.eye(3)), qe.Player(np.eye(3))]))  # JIT warm-up
rng = np.random.default_rng([n, seed])
A, B = rng.random((n, n)), rng.random((n, n))
start = time.perf_counter()
found = qe.vertex_enumeration(qe.NormalFormGame([qe.Player(A), qe.Player(B.T)]))
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "profiles": [np.concatenate(p).tolist() for p in found]}))
"""


def _as_set(rows) -> frozenset:
    return frozenset(tuple(np.round(np.asarray(row, dtype=float), 6)) for row in rows)


def quantecon(n: int, seed: int) -> tuple[float | None, frozenset | None]:
    """QuantEcon's time and equilibria on game (n, seed), or (None, None) when stopped at the timeout."""
    try:
        out = subprocess.run([sys.executable, "-c", _QUANTECON_CHILD, str(n), str(seed)], capture_output=True,
                             text=True, timeout=QUANTECON_TIMEOUT, check=True)
    except subprocess.TimeoutExpired:
        return None, None
    answer = json.loads(out.stdout.strip().splitlines()[-1])
    return answer["seconds"], _as_set(answer["profiles"])


def coordgame(A: np.ndarray, B: np.ndarray, algorithm: str) -> tuple[float, frozenset, int]:
    game = cg.NormalFormGame.from_bimatrix(A, B)
    start = time.perf_counter()
    found = cg.vertex_enumeration(game, algorithm=algorithm, backend="numba", progress=False)
    elapsed = time.perf_counter() - start
    assert found.complete and all(eq.regret <= eq.tol for eq in found)
    return elapsed, _as_set(np.concatenate(eq.strategies) for eq in found), len(found)


def measure(n: int, seeds: range) -> list[object]:
    times: dict[str, list[float]] = {"pivoting": [], "hull": [], "quantecon": []}
    ratios, stopped, counts, same = [], 0, [], True
    for seed in seeds:
        rng = np.random.default_rng([n, seed])
        A, B = rng.random((n, n)), rng.random((n, n))
        seconds, reference, count = coordgame(A, B, "pivoting")
        times["pivoting"].append(seconds)
        counts.append(count)
        if n <= HULL_MAX_N:
            hull_seconds, hull_set, _ = coordgame(A, B, "hull")
            times["hull"].append(hull_seconds)
            same = same and hull_set == reference
        qe_seconds, qe_set = quantecon(n, seed)
        if qe_seconds is None:
            stopped += 1
            qe_seconds = QUANTECON_TIMEOUT
        else:
            same = same and qe_set == reference
        times["quantecon"].append(qe_seconds)
        ratios.append(qe_seconds / seconds)
        print(f"n={n} seed={seed}: " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in times.items() if v),
              file=sys.stderr, flush=True)
    bound = ">" if stopped else ""
    median = {k: float(np.median(v)) if v else None for k, v in times.items()}
    return [n, counts, f"{median['pivoting']:.2f}",
            f"{median['hull']:.2f} ({len(times['hull'])} games)" if times["hull"] else "—",
            f"{bound}{median['quantecon']:.2f}" + (f" ({stopped} stopped)" if stopped else ""),
            f"{bound}{median['quantecon'] / median['pivoting']:.2f}", f"{bound}{min(ratios):.2f}",
            f"{median['hull'] / median['pivoting']:.2f}" if times["hull"] else "—",
            "yes" if same else "NO"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="n = 12, 14; two seeds")
    parser.add_argument("--sizes", type=int, nargs="+", help="only these n (their results file is named after them)")
    args = parser.parse_args()
    plan = {12: range(2), 14: range(2)} if args.quick else {16: range(5), 18: range(3), 20: range(2)}
    if args.sizes:
        plan = {n: plan.get(n, range(2)) for n in args.sizes}
    cg.vertex_enumeration(cg.games.random_game((16, 16), seed=0), backend="numba", progress=False)  # numba load
    cg.vertex_enumeration(cg.games.random_game((16, 16), seed=0), algorithm="hull", backend="numba", progress=False)
    started = time.perf_counter()
    rows = [measure(n, seeds) for n, seeds in plan.items()]
    header = ["n", "equilibria per game", "coordgame s (pivoting)", "coordgame s (hull, before)",
              "quantecon s", "quantecon / coordgame (ratio of medians)", "quantecon / coordgame (smallest per game)",
              "hull / pivoting", "same equilibria (all that finished)"]
    text = (
        "# Vertex enumeration on random n x n games at 16 to 20 actions (uniform [0, 1) payoffs)\n\n"
        f"One call per library and game, the libraries alternating game by game; median wall time over the games "
        f"({', '.join(f'{len(s)} at n = {n}' for n, s in plan.items())}). QuantEcon runs in a child process, its "
        f"numba code warmed up there first, and is stopped after {QUANTECON_TIMEOUT:g} s (then its time counts as "
        f"{QUANTECON_TIMEOUT:g} s and the ratio is a lower bound, marked >). coordgame with its defaults uses the "
        f"pivoting search (numba); 'hull' is the method before it (Qhull on one polytope), run up to "
        f"n = {HULL_MAX_N}. Python {platform.python_version()}, {platform.machine()}, on a 2-core machine "
        f"shared with other jobs (ratios from the same run are what count); whole run "
        f"{time.perf_counter() - started:.0f} s.\n\n" + markdown_table(header, rows) + "\n"
    )
    suffix = "_quick" if args.quick else "_n" + "_".join(map(str, args.sizes)) if args.sizes else ""
    write_result("vertex_enumeration_large" + suffix, text.rstrip("\n"))


if __name__ == "__main__":
    main()
