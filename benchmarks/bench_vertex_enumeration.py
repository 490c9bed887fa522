"""Vertex enumeration on random n x n games: coordgame against QuantEcon, nashpy and pygambit.

Run ``PYTHONPATH=. python benchmarks/bench_vertex_enumeration.py [--quick]``.  For each n and
seed one game with independent uniform [0, 1) payoffs is solved by

* coordgame ``vertex_enumeration`` (float path), with ``backend="numba"`` (compiled code,
  loaded before timing, as QuantEcon's JIT is warmed: the pivoting search of one polytope's
  vertices since it was added; the committed table was recorded before, with Qhull and the
  compiled partner loop) and ``backend="numpy"``,
* QuantEcon ``game_theory.vertex_enumeration`` (numba + Qhull; its JIT is warmed first),
* nashpy ``Game.vertex_enumeration`` (only for small n: it is orders of magnitude slower),
* pygambit ``nash.enummixed_solve(rational=False)``,

each timed after one untimed warm-up call.  Calls under 50 ms are timed in 5 blocks of
back-to-back calls per library (as a loop over games would call them), the libraries' blocks
alternating so that machine load falls on all alike, with about a second of calls per library
(sub-millisecond calls need many for a stable median); slower calls 5 times, and a call slower
than 2 s once.  Per n the table gives the median wall time over seeds x calls, the ratios to
coordgame (of these medians, of the fastest calls, which are less sensitive to machine load, and
the smallest ratio of the per-seed medians), and whether each
library's equilibria equal pygambit's (as sets, to 1e-6; QuantEcon's for the seeds of a large n
left once pygambit has used its time budget).  The table is printed and written to
``benchmarks/results/vertex_enumeration.md``.  Games from 16 x 16 to 20 x 20 are measured by
``bench_vertex_enumeration_large.py``.
"""

from __future__ import annotations

import argparse
import importlib
import platform
import sys
import time
import warnings

import numpy as np
from _common import write_result  # benchmarks/ is on sys.path when a script runs

import coordgame as cg

#: A library whose single call takes longer than this is not repeated (and nashpy is skipped above NASHPY_MAX_N).
SLOW_CALL_SECONDS = 2.0
NASHPY_MAX_N = 8
#: Once pygambit has used this many seconds at one n, the remaining seeds of that n are checked
#: against QuantEcon's equilibria instead (pygambit's float enumeration takes minutes at n = 14).
PYGAMBIT_BUDGET_SECONDS = 90.0
#: Calls faster than this are timed in ``repeats`` alternating blocks of back-to-back calls, about
#: ROUND_SECONDS per library in all (at most MAX_CALLS per block); slower ones ``repeats`` times.
FAST_CALL_SECONDS = 0.05
MAX_CALLS = 200
ROUND_SECONDS = 1.0


def _timed(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def _as_set(profiles) -> set:
    return {tuple(np.round(np.concatenate([np.asarray(s, dtype=float) for s in p]), 6)) for p in profiles}


def solvers(A: np.ndarray, B: np.ndarray):
    """name -> zero-argument callable returning a list of (x, y) profiles."""
    import nashpy
    import pygambit as gbt
    import quantecon.game_theory as qe

    game = cg.NormalFormGame.from_bimatrix(A, B)
    qe_game = qe.NormalFormGame([qe.Player(A), qe.Player(B.T)])
    gbt_game = gbt.Game.from_arrays(A, B)
    np_game = nashpy.Game(A, B)

    def gambit():
        out = []
        for eq in gbt.nash.enummixed_solve(gbt_game, rational=False).equilibria:
            out.append(tuple([float(eq[p][s]) for s in p.strategies] for p in gbt_game.players))
        return out

    def nashpy_ve():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return list(np_game.vertex_enumeration())

    return {
        "coordgame numba": lambda: [eq.strategies for eq in cg.vertex_enumeration(game, backend="numba")],
        "coordgame numpy": lambda: [eq.strategies for eq in cg.vertex_enumeration(game, backend="numpy")],
        "quantecon": lambda: qe.vertex_enumeration(qe_game),
        "nashpy": nashpy_ve,
        "pygambit": gambit,
    }


def measure(n: int, seeds: range, repeats: int) -> dict:
    times: dict[str, list[float]] = {}
    per_seed: dict[str, list[float]] = {}  # each library's median call on each seed
    agree: dict[str, bool] = {}
    counts: list[int] = []
    gambit_seeds = 0
    for seed in seeds:
        rng = np.random.default_rng([n, seed])
        A, B = rng.random((n, n)), rng.random((n, n))
        calls = solvers(A, B)
        if n > NASHPY_MAX_N:
            del calls["nashpy"]
        if sum(times.get("pygambit", [])) > PYGAMBIT_BUDGET_SECONDS:
            del calls["pygambit"]
        else:
            gambit_seeds += 1
        before = {name: len(times.get(name, [])) for name in calls}
        results, first = {}, {}
        for name, call in calls.items():  # one untimed warm-up call each (it also gives the equilibria)
            start = time.perf_counter()
            results[name] = call()
            first[name] = time.perf_counter() - start
        for name, elapsed in first.items():
            if elapsed > SLOW_CALL_SECONDS:
                times.setdefault(name, []).append(elapsed)  # timed by that one call
            elif elapsed > FAST_CALL_SECONDS:
                times.setdefault(name, []).extend(_timed(calls[name]) for _ in range(repeats))
        # The fast ones are timed in blocks of back-to-back calls (as a loop over games would call
        # them), the libraries' blocks alternating so that machine load falls on all of them alike;
        # sub-millisecond calls get enough calls (about ROUND_SECONDS per library) for a stable median.
        for _ in range(repeats):
            for name in (k for k, elapsed in first.items() if elapsed <= FAST_CALL_SECONDS):
                count = min(MAX_CALLS, max(1, int(ROUND_SECONDS / (repeats * first[name]))))
                times.setdefault(name, []).extend(_timed(calls[name]) for _ in range(count))
        for name in calls:
            per_seed.setdefault(name, []).append(float(np.median(times[name][before.get(name, 0):])))
        reference = _as_set(results.get("pygambit", results["quantecon"]))
        counts.append(len(reference))
        for name, found in results.items():
            agree[name] = agree.get(name, True) and _as_set(found) == reference
        print(f"n={n} seed={seed}: " + ", ".join(f"{k} {1e3 * np.median(v):.2f} ms" for k, v in times.items()),
              file=sys.stderr, flush=True)
    return {"times": {k: float(np.median(v)) for k, v in times.items()},
            "fastest": {k: float(np.min(v)) for k, v in times.items()}, "agree": agree, "counts": counts,
            "worst": min(q / c for q, c in zip(per_seed["quantecon"], per_seed["coordgame numba"])),
            "gambit_seeds": gambit_seeds}


def table(rows: dict[int, dict]) -> str:
    names = ["coordgame numba", "coordgame numpy", "quantecon", "nashpy", "pygambit"]
    head = ("| n | equilibria per seed | seeds checked by pygambit | " + " | ".join(f"{k} ms" for k in names)
            + " | quantecon / coordgame numba (median) | quantecon / coordgame numba (fastest call)"
            + " | quantecon / coordgame numba (slowest seed) | quantecon / coordgame numpy (median)"
            + " | pygambit / coordgame numba | same equilibria as the reference |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for n, row in rows.items():
        t, fast = row["times"], row["fastest"]
        cells = [f"{1e3 * t[k]:.2f}" if k in t else "—" for k in names]
        same = ", ".join(f"{k} {'yes' if ok else 'NO'}" for k, ok in row["agree"].items() if k != "pygambit")
        lines.append(f"| {n} | {row['counts']} | {row['gambit_seeds']} of {len(row['counts'])} | " + " | ".join(cells)
                     + f" | {t['quantecon'] / t['coordgame numba']:.2f}"
                     + f" | {fast['quantecon'] / fast['coordgame numba']:.2f} | {row['worst']:.2f}"
                     + f" | {t['quantecon'] / t['coordgame numpy']:.2f}"
                     + f" | {t['pygambit'] / t['coordgame numba']:.1f} | {same} |")
    return "\n".join(lines)


def first_call_seconds(backend: str) -> float:
    """Wall time of the first vertex enumeration in a fresh process (for numba: import and cached code load)."""
    code = ("import time, coordgame as cg; g = cg.games.random_game((6, 6), seed=0); t = time.perf_counter(); "
            f"cg.vertex_enumeration(g, backend={backend!r}); print(time.perf_counter() - t)")
    import subprocess

    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)  # fills numba's disk cache
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return float(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="n = 6, 8, 10; two seeds; three repetitions")
    args = parser.parse_args()
    sizes = [6, 8, 10] if args.quick else [6, 8, 10, 12, 14]
    seeds = range(2) if args.quick else range(6)
    repeats = 3 if args.quick else 5
    import quantecon.game_theory as qe

    qe.vertex_enumeration(qe.NormalFormGame([qe.Player(np.eye(3)), qe.Player(np.eye(3))]))  # numba JIT warm-up
    first_call = {backend: first_call_seconds(backend) for backend in ("numpy", "numba")}
    auto_actions = importlib.import_module("coordgame.solvers.vertex_enumeration").NUMBA_AUTO_ACTIONS
    cg.vertex_enumeration(cg.games.random_game((3, 3), seed=0), backend="numba")  # imports scipy.spatial, loads the loop
    rows = {n: measure(n, seeds, repeats) for n in sizes}
    text = (
        f"# Vertex enumeration on random n x n games (uniform [0, 1) payoffs)\n\n"
        f"Median wall time over {len(seeds)} seeds x repeated calls after a warm-up call (calls under "
        f"{1e3 * FAST_CALL_SECONDS:g} ms in {repeats} alternating blocks of back-to-back calls per library, about "
        f"{ROUND_SECONDS:g} s of calls per library and seed; slower calls {repeats} times; a call slower than "
        f"{SLOW_CALL_SECONDS:g} s is not repeated; nashpy only up to n = {NASHPY_MAX_N}; pygambit is the reference "
        f"for the equality check until it has used {PYGAMBIT_BUDGET_SECONDS:g} s at one n, QuantEcon after that). "
        f"Python {platform.python_version()}, {platform.machine()}; ratios > 1 mean coordgame is faster. "
        f"The first call in a fresh process (scipy.spatial, and for numba its import and the cached compiled loop) "
        f"took {first_call['numpy']:.2f} s with backend='numpy' and {first_call['numba']:.2f} s with backend='numba'; "
        f"backend='auto' uses the compiled loop when both players have at least {auto_actions} actions.\n\n"
        + table(rows) + "\n"
    )
    write_result("vertex_enumeration", text.rstrip("\n"))


if __name__ == "__main__":
    main()
