"""What every experiment shares: the output layout, the sweep call, the command line.

An experiment is a module with

* ``NAME`` and ``DESCRIPTION``;
* ``grid(quick: bool)`` -> the sweep grid (small when ``quick``);
* ``point(**params) -> dict`` -> the metrics of one grid point (module level, so worker
  processes can import it);
* ``draw(table) -> axes`` -> the figure drawn from the sweep table;
* optionally ``tidy(table) -> DataFrame`` -> the CSV written next to the figure (default: the table).

:func:`run_experiment` runs it into a folder::

    <output>/<NAME>.png            the figure
    <output>/<NAME>.csv            the data behind it
    <output>/store/<NAME>.jsonl    the sweep store: a rerun skips the points already there
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import warnings
from pathlib import Path
from types import ModuleType
from typing import Any

DEFAULT_OUTPUT = "coordgame-output"


@dataclasses.dataclass(frozen=True)
class ExperimentResult:
    """Where an experiment wrote its outputs, and how its points went."""

    name: str
    figure: Path
    data: Path
    store: Path
    points: int
    failed: int


def model_metrics(**changes: Any) -> dict[str, Any]:
    """Solve the duplicate-construction model with ``changes`` to the default parameters; return its metrics."""
    from models.duplicate_construction import Parameters, solve_model

    return dict(solve_model(dataclasses.replace(Parameters(), **changes)).metrics)


REGIME_LABELS = {
    "welfare_nash": "local competition (Nash)",
    "welfare_second_best": "planner, second best (chooses clusters)",
    "welfare_first_best": "planner, first best (also sets output)",
    "entries_nash": "local competition (Nash)",
    "entries_second_best": "planner, second best",
}
WELFARE_UNIT = "money units ≈ 10⁸ yuan/yr"


#: How the model's method codes read in a figure.
METHOD_NAMES = {"best_response": "best-response dynamics", "exhaustive": "exhaustive search"}


def method_note(figure: Any, table: Any, *, quota: bool = False) -> None:
    """Say at the foot of the figure how the equilibria and optima behind it were computed.

    With ``quota``, also how the quota regime's best and worst equilibria were found.
    """

    def used(column: str) -> str:
        names = sorted(map(str, table[column].dropna().unique())) if column in table else ["?"]
        return " and ".join(METHOD_NAMES.get(name, name.replace("_", " ")) for name in names)

    gap = table["planner_gap"].max() if "planner_gap" in table else float("nan")
    # Reserve a strip at the bottom so the layout engine keeps axes labels clear of the note.
    figure.get_layout_engine().set(rect=(0.0, 0.035, 1.0, 0.965))
    note = (f"Nash equilibria by {used('nash_method')}; planner's optimum by {used('planner_method')}, "
            f"largest certified gap {gap:.3g}")
    if quota and "quota_method" in table:
        count = table["quota_num_equilibria"].max() if "quota_num_equilibria" in table else float("nan")
        scope = "all" if set(table["quota_method"].dropna()) == {"exhaustive"} else "the reached"
        note += f"; quota regime: best and worst of {scope} {count:.3g} equilibria, by {used('quota_method')}"
    figure.text(0.005, 0.005, note, fontsize=7, color="0.35")


def draw_against(table: Any, x: str, xlabel: str, title: str) -> Any:
    """Three panels against one parameter: welfare by regime, welfare loss, clusters built."""
    from coordgame.plot import line_plot, new_axes

    axes = new_axes(3, width=4.6, height=3.8)
    line_plot(table, x, ["welfare_nash", "welfare_second_best", "welfare_first_best"], labels=REGIME_LABELS,
              xlabel=xlabel, ylabel=f"national welfare\n({WELFARE_UNIT})", title="(a) welfare by regime", ax=axes[0])
    line_plot(table, x, "welfare_loss_pct", xlabel=xlabel, ylabel="welfare loss (% of second-best welfare)",
              title="(b) loss from local competition", ax=axes[1])
    line_plot(table, x, ["entries_nash", "entries_second_best"], labels=REGIME_LABELS, xlabel=xlabel,
              ylabel="clusters built (all industries)", title="(c) duplicate construction", ax=axes[2])
    # One legend for the figure: the regimes keep their colours in (a) and (c).
    for ax in axes[[0, 2]]:
        ax.get_legend().remove()
    figure = axes[0].figure
    figure.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncol=3, frameon=False)
    figure.suptitle(title)
    method_note(figure, table)
    return axes


def run_experiment(
    module: ModuleType,
    output: str | Path = DEFAULT_OUTPUT,
    *,
    quick: bool = False,
    backend: str = "serial",
    workers: int | None = None,
    progress: bool = True,
    grid: Any = None,
) -> ExperimentResult:
    """Run one experiment module's sweep into ``output`` and draw its figure.

    Parameters
    ----------
    module : module
        An experiment (see the module docstring).
    output : path
        The output folder (created if needed).
    quick : bool
        Use the experiment's small grid.
    backend, workers, progress :
        Passed to :func:`coordgame.sweep.sweep`.
    grid : optional
        A grid replacing the experiment's own (for tests and custom runs).
    """
    from coordgame.plot import save_figure
    from coordgame.sweep import sweep

    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    name = module.NAME
    store = output / "store" / f"{name}.jsonl"
    table = sweep(
        module.point,
        module.grid(quick) if grid is None else grid,
        store=store,
        backend=backend,
        workers=workers,
        progress=progress,
        description=name,
    )
    failed = table["error"].notna()
    if failed.all():
        raise RuntimeError(f"experiment {name}: every point failed, e.g. {table['error'].iloc[0]}")
    if failed.any():
        warnings.warn(
            f"experiment {name}: {int(failed.sum())} of {len(table)} points failed (see the 'error' column of the CSV); "
            f"first error: {table.loc[failed, 'error'].iloc[0]}",
            RuntimeWarning,
            stacklevel=2,
        )
    data = output / f"{name}.csv"
    (getattr(module, "tidy", None) or (lambda t: t))(table).to_csv(data, index=False)
    figure = save_figure(module.draw(table[~failed].reset_index(drop=True)), output / f"{name}.png")
    return ExperimentResult(name, figure, data, store, len(table), int(failed.sum()))


def main(name: str, argv: list[str] | None = None) -> int:
    """Command line of ``python -m experiments.<name> [--quick] [--output DIR] [--backend ...] [--workers N]``."""
    module = importlib.import_module(f"experiments.{name}")
    parser = argparse.ArgumentParser(prog=f"python -m experiments.{name}", description=module.DESCRIPTION)
    parser.add_argument("--quick", action="store_true", help="small grid (seconds instead of minutes)")
    parser.add_argument("--output", default=DEFAULT_OUTPUT, help=f"output folder (default: {DEFAULT_OUTPUT}/)")
    parser.add_argument("--backend", default="serial", choices=("serial", "processes", "dask"))
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default: all cores)")
    args = parser.parse_args(argv)
    result = run_experiment(module, args.output, quick=args.quick, backend=args.backend, workers=args.workers)
    print(f"{name}: figure {result.figure}, data {result.data} ({result.points} points, {result.failed} failed)")
    return 0
