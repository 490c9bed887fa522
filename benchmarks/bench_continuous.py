"""Benchmark: continuous Cournot games with up to 1,000 firms, and learning dynamics against nashpy.

1. ``continuous_nash`` (forward-backward-forward + semismooth Newton, then verification by the
   best-response search) on Cournot oligopolies with linear demand and seeded heterogeneous costs,
   one instance where many firms produce zero and one where all produce; target: 1,000 firms to
   regret <= 1e-8 in <= 1 s.  No peer library solves continuous games, so the reference is
   ``potential_nash`` (the same game's concave potential maximised by cvxpy/Clarabel, then
   polished and verified) and the closed form for the accuracy.
2. ``social_optimum`` on the same markets: the joint profit (closed form: the cheapest firm's
   monopoly output (a - c_min) / 2b) and the total surplus with its analytic gradient (closed
   form: price = c_min, Q = (a - c_min) / b); target: comparable to ``continuous_nash``, <= 1 s
   at 1,000 firms.  The reference is the joint-profit QP solved directly by cvxpy (Clarabel).
3. Replicator dynamics (one population, Rock-Paper-Scissors variant) and fictitious play (random
   10 x 10 bimatrix game) against nashpy's ``replicator_dynamics`` and ``fictitious_play`` in the
   same run.

Run ``OPENBLAS_NUM_THREADS=1 PYTHONPATH=. python benchmarks/bench_continuous.py [--quick]``; the tables are
printed and written to ``benchmarks/results/continuous.md`` (the header records the BLAS thread setting).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys

import nashpy
import numpy as np

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent))
from _common import fmt, markdown_table, median_time, write_result

import coordgame as cg


def cournot_instance(n: int, all_active: bool, seed: int = 0) -> tuple[float, float, np.ndarray]:
    rng = np.random.default_rng(seed)
    costs = rng.uniform(0.0, 0.05, n) if all_active else rng.uniform(0.0, 5.0, n)
    return 60.0, 1.0, costs


def cournot_rows(sizes: list[int], repeats: int) -> tuple[list[list[object]], dict[tuple[int, bool], float]]:
    rows, nash_times = [], {}
    for n in sizes:
        for all_active in (False, True):
            a, b, costs = cournot_instance(n, all_active)
            game = cg.games.cournot(a, b, costs)
            exact = cg.games.cournot_equilibrium(a, b, costs)
            eq = cg.continuous_nash(game)
            ours = median_time(lambda game=game: cg.continuous_nash(game), repeats)
            nash_times[n, all_active] = ours
            pot = cg.solvers.potential_nash(game)
            cvx = median_time(lambda game=game: cg.solvers.potential_nash(game), max(1, repeats // 2), budget=20)
            rows.append([n, int((exact > 0).sum()), fmt(ours), f"{eq.regret:.1e}", eq.converged,
                         f"{np.abs(eq.profile - exact).max():.1e}", fmt(cvx), f"{pot.regret:.1e}", f"{cvx / ours:.1f}"])
            print(rows[-1], flush=True)
    return rows, nash_times


def cvxpy_joint_profit(a: float, b: float, costs: np.ndarray) -> np.ndarray:
    import cvxpy as cp

    v = cp.Variable(costs.size)
    problem = cp.Problem(cp.Maximize(a * cp.sum(v) - b * cp.square(cp.sum(v)) - costs @ v), [v >= 0])
    problem.solve(solver=cp.CLARABEL)
    return np.asarray(v.value)


def planner_rows(sizes: list[int], repeats: int, nash_times: dict[tuple[int, bool], float]) -> list[list[object]]:
    rows = []
    for n in sizes:
        for all_active in (False, True):
            a, b, costs = cournot_instance(n, all_active)
            game = cg.games.cournot(a, b, costs)
            c_min, cheapest = costs.min(), np.arange(n) == np.argmin(costs)
            nash_welfare = game.welfare(cg.games.cournot_equilibrium(a, b, costs))
            joint = cg.social_optimum(game)
            t_joint = median_time(lambda game=game: cg.social_optimum(game), repeats)
            joint_error = np.abs(joint.profile - np.where(cheapest, (a - c_min) / (2 * b), 0.0)).max()

            def surplus(q, a=a, b=b, costs=costs):
                return float((a - b * q.sum()) * q.sum() - costs @ q + 0.5 * b * q.sum() ** 2)

            def surplus_gradient(q, a=a, b=b, costs=costs):
                return a - b * q.sum() - costs

            def run_surplus(game=game, surplus=surplus, surplus_gradient=surplus_gradient):
                return cg.social_optimum(game, objective=surplus, objective_gradient=surplus_gradient)

            total = run_surplus()
            t_total = median_time(run_surplus, repeats)
            total_error = np.abs(total.profile - np.where(cheapest, (a - c_min) / b, 0.0)).max()
            reference = cvxpy_joint_profit(a, b, costs)
            t_cvx = median_time(lambda a=a, b=b, costs=costs: cvxpy_joint_profit(a, b, costs), max(1, repeats // 2),
                                budget=20)
            cvx_error = np.abs(reference - np.where(cheapest, (a - c_min) / (2 * b), 0.0)).max()
            rows.append([n, "U(0, 0.05)" if all_active else "U(0, 5)", fmt(t_joint), joint.converged,
                         f"{joint.residual:.1e}", f"{joint_error:.1e}", joint.welfare >= nash_welfare, fmt(t_total),
                         total.converged, f"{total_error:.1e}", f"{t_joint / nash_times[n, all_active]:.1f}", fmt(t_cvx),
                         f"{cvx_error:.1e}", f"{t_cvx / t_joint:.1f}"])
            print(rows[-1], flush=True)
    return rows


def dynamics_rows(repeats: int) -> list[list[object]]:
    rows = []
    A = np.array([[0, -1, 2], [2, 0, -1], [-1, 2, 0]], dtype=float)
    x0 = np.array([0.6, 0.3, 0.1])
    times = np.linspace(0, 100, 201)
    # Reference path: DOP853 at rtol 1e-13, atol 1e-15 (the orbit stays inside the simplex).
    reference = cg.solvers.replicator_dynamics(A, x0, population="single", t_max=100, num_points=201, rtol=1e-13,
                                       atol=1e-15).strategies[0]
    theirs = nashpy.Game(A, A.T).replicator_dynamics(y0=x0, timepoints=times)
    t_theirs = median_time(lambda: nashpy.Game(A, A.T).replicator_dynamics(y0=x0, timepoints=times), repeats)
    their_error = np.abs(theirs - reference).max()
    for label, options in [("default: DOP853, rtol 1e-8, atol 1e-10", {}),
                           ("method='odeint', rtol 1e-10, atol 1e-12", {"method": "odeint", "rtol": 1e-10, "atol": 1e-12})]:
        def run(options=options):
            return cg.solvers.replicator_dynamics(A, x0, population="single", t_max=100, num_points=201, **options)

        ours = run()
        t_ours = median_time(run, repeats)
        rows.append([f"replicator, RPS 3x3, t in [0, 100], 201 points ({label})", fmt(t_ours), fmt(t_theirs),
                     f"{t_ours / t_theirs:.2f}",
                     f"max path error vs reference: ours {np.abs(ours.strategies[0] - reference).max():.1e}, "
                     f"nashpy (odeint, rtol = atol = 1.5e-8) {their_error:.1e}"])
        print(rows[-1], flush=True)

    game = cg.games.random_game((10, 10), seed=3)
    A, B = game.payoffs
    iterations = 2000

    def nashpy_fp():
        np.random.seed(0)  # noqa: NPY002 -- nashpy breaks ties with the global numpy state
        *_, last = nashpy.Game(A, B).fictitious_play(iterations=iterations)
        return last

    ours = cg.solvers.fictitious_play(game, (0, 0), max_iter=iterations, tol=0.0)
    counts = nashpy_fp()
    freq = [c / c.sum() for c in counts]
    t_ours = median_time(lambda: cg.solvers.fictitious_play(game, (0, 0), max_iter=iterations, tol=0.0), repeats)
    t_theirs = median_time(nashpy_fp, repeats)
    rows.append([f"fictitious play, random 10x10, {iterations} periods", fmt(t_ours), fmt(t_theirs),
                 f"{t_ours / t_theirs:.2f}",
                 f"final empirical regret: ours {ours.max_regret:.3f}, nashpy {game.max_regret(freq):.3f}"])
    print(rows[-1], flush=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer sizes and repeats")
    args = parser.parse_args(argv)
    repeats = 3 if args.quick else 7
    sizes = [100, 1000] if args.quick else [10, 100, 1000]
    cg.continuous_nash(cg.games.cournot(10.0, 1.0, [1.0, 2.0]))  # imports (scipy, cvxpy) outside the timings
    cg.solvers.potential_nash(cg.games.cournot(10.0, 1.0, [1.0, 2.0]))
    cg.social_optimum(cg.games.cournot(10.0, 1.0, [1.0, 2.0]))
    cournot, nash_times = cournot_rows(sizes, repeats)
    planner = planner_rows(sizes, repeats, nash_times)
    dynamics = dynamics_rows(repeats)
    text = "\n".join([
        f"# Continuous games and dynamics ({'quick' if args.quick else 'full'})",
        "",
        f"Medians of {repeats} runs; {os.cpu_count()} CPUs visible, machine shared; Python {platform.python_version()}, "
        f"nashpy {nashpy.__version__}; measured with OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}.",
        "",
        "## Cournot oligopoly, linear demand P = 60 - Q, seeded costs (U(0, 5): many firms out; U(0, 0.05): all produce)",
        "",
        "`continuous_nash` time includes the verification (best-response search from 4 starts). `potential_nash` maximises",
        "the concave potential with cvxpy (Clarabel), then polishes and verifies: an in-library reference, not a peer.",
        "",
        markdown_table(["firms", "producing", "continuous_nash", "regret", "verified", "max error vs closed form",
                        "potential_nash (cvxpy)", "regret (cvxpy)", "cvxpy / ours"], cournot),
        "",
        "## Planner optimum on the same markets (`social_optimum`)",
        "",
        "Joint profit of the firms (closed form: all output (a - c_min) / 2b at the cheapest firm) and total surplus",
        "with its analytic gradient (closed form: price = c_min, Q = (a - c_min) / b). `converged` is the certificate",
        "projected-gradient residual <= 1e-6 * max(1, max |grad W|) with the search not out of iterations; the errors",
        "are max-norm distances to the closed form.",
        "Reference: the joint-profit QP solved directly with cvxpy (Clarabel), in the same run.",
        "",
        markdown_table(["firms", "costs", "joint profit", "converged", "residual", "error vs closed form",
                        "welfare >= Nash", "total surplus", "converged (surplus)", "error (surplus)",
                        "joint profit / continuous_nash", "cvxpy QP", "error (cvxpy)", "cvxpy / ours"], planner),
        "",
        "## Dynamics against nashpy (same run)",
        "",
        markdown_table(["task", "coordgame", "nashpy", "ratio (coordgame / nashpy)", "notes"], dynamics),
    ])
    write_result("continuous", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
