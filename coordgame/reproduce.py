"""Run experiments: a sweep into a crash-safe store, the data as CSV, the figure as PNG.

An *experiment* is a module with

* ``NAME`` and ``DESCRIPTION``;
* ``grid(quick: bool)`` -> the sweep grid (small when ``quick``);
* ``point(**params) -> dict`` -> the metrics of one grid point (module level, so worker
  processes can import it);
* ``draw(table) -> axes`` -> the figure drawn from the sweep table;
* optionally ``tidy(table) -> DataFrame`` -> the CSV written next to the figure (default: the table);
* optionally ``ORDER`` -> a number placing it in ``coordgame reproduce``'s run order (default 1000,
  ties by name);
* ``COLUMNS`` -> the data dictionary of its CSV: ``{column: (unit, meaning, source)}`` for every
  column the experiment writes (the source is a citation, a data file, or ``"assumption"``).
  The sweep's own columns (:data:`SWEEP_COLUMNS`) are documented here once.

:func:`run_experiment` runs one into a folder::

    <output>/<NAME>.png            the figure
    <output>/<NAME>.csv            the data behind it
    <output>/<NAME>.dictionary.csv its data dictionary: column, unit, meaning, source
    <output>/store/<NAME>.jsonl    the sweep store: a rerun skips the points already there

Experiments are found through the ``coordgame.experiments`` entry-point group
(:func:`find_experiments`), so the library never imports them, and a paper's own package can
register its experiments for ``coordgame reproduce`` the same way::

    [project.entry-points."coordgame.experiments"]
    my_figure = "mypaper.experiments.my_figure"
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import warnings
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from coordgame.errors import InvalidArgumentError
from coordgame.results import Result

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DEFAULT_OUTPUT", "ENTRY_POINT_GROUP", "SWEEP_COLUMNS", "ExperimentResult", "data_dictionary",
           "find_experiments", "run_experiment", "experiment_main"]

DEFAULT_OUTPUT = "coordgame-output"
ENTRY_POINT_GROUP = "coordgame.experiments"

#: The columns :func:`coordgame.sweep.sweep` adds to every experiment's table.
SWEEP_COLUMNS: dict[str, tuple[str, str, str]] = {
    "error": ("text", "why the point failed (empty when it succeeded)", "computed"),
    "elapsed": ("s", "wall time of the point's computation", "measured"),
}


@dataclasses.dataclass(frozen=True)
class ExperimentResult(Result):
    """Where an experiment wrote its outputs, and how its points went.

    Examples
    --------
    >>> import tempfile, types
    >>> from coordgame.plot import line_plot
    >>> from coordgame.reproduce import run_experiment
    >>> square = types.SimpleNamespace(NAME="square", DESCRIPTION="x squared", grid=lambda quick: {"x": [1.0, 2.0]},
    ...                                point=lambda x: {"y": x * x}, draw=lambda table: line_plot(table, "x", "y"))
    >>> result = run_experiment(square, tempfile.mkdtemp(), progress=False)
    >>> result.name, result.points, result.failed, result.data.name, result.figure.name
    ('square', 2, 0, 'square.csv', 'square.png')
    """

    name: str
    figure: Path
    data: Path
    store: Path
    points: int
    failed: int

    @property
    def method(self) -> str:
        """``"experiment <name>"``."""
        return f"experiment {self.name}"


def find_experiments() -> dict[str, ModuleType]:
    """Every registered experiment, name -> module, ordered by the modules' ``ORDER``, then by name.

    Examples
    --------
    >>> list(find_experiments())[:2]
    ['regimes_default', 'lambda_theta']
    """
    found: dict[str, ModuleType] = {}
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        if entry.name not in found:  # the first registration of a name wins, as with console scripts
            found[entry.name] = entry.load()
    # Entry-point metadata is not ordered (setuptools sorts it by name), so the modules say.
    ordered = sorted(found.items(), key=lambda item: (getattr(item[1], "ORDER", 1000), item[0]))
    return dict(ordered)


def data_dictionary(module: ModuleType, columns: Any) -> pd.DataFrame:
    """The data dictionary of an experiment's CSV: one row per column, with unit, meaning and source.

    Parameters
    ----------
    module : module
        An experiment defining ``COLUMNS`` (see the module docstring).
    columns : iterable of str
        The columns of the CSV it writes.

    Returns
    -------
    pandas.DataFrame
        Columns ``column, unit, meaning, source``, in the CSV's column order.

    Raises
    ------
    InvalidArgumentError
        If the module has no ``COLUMNS`` or leaves a column undocumented (named in the message).

    Examples
    --------
    >>> import types
    >>> square = types.SimpleNamespace(NAME="square", COLUMNS={"x": ("1", "input", "assumption"),
    ...                                                        "y": ("1", "x squared", "computed")})
    >>> data_dictionary(square, ["x", "y", "error"])["unit"].tolist()
    ['1', '1', 'text']
    """
    import pandas as pd

    documented = {**SWEEP_COLUMNS, **getattr(module, "COLUMNS", {})}
    columns = list(columns)
    missing = [column for column in columns if column not in documented]
    if missing:
        raise InvalidArgumentError(f"COLUMNS: experiment {getattr(module, 'NAME', module)!r} does not document "
                                   f"the columns {missing} of its CSV (give each a (unit, meaning, source))")
    rows = [(column, *documented[column]) for column in columns]
    return pd.DataFrame(rows, columns=["column", "unit", "meaning", "source"])


def run_experiment(
    module: ModuleType,
    output: str | Path = DEFAULT_OUTPUT,
    *,
    quick: bool = False,
    backend: str = "serial",
    workers: int | None = None,
    progress: bool = True,
    grid: Any = None,
    scheduler: Any = None,
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
    backend, workers, progress, scheduler :
        Passed to :func:`coordgame.sweep.sweep` (``scheduler``: a dask scheduler address or
        client, with ``backend="dask"``).
    grid : optional
        A grid replacing the experiment's own (for tests and custom runs).

    Returns
    -------
    ExperimentResult
        The paths written and the number of points (and of failed points).

    Examples
    --------
    >>> import tempfile, types
    >>> square = types.SimpleNamespace(NAME="square", DESCRIPTION="x squared",
    ...     grid=lambda quick: {"x": [1.0, 2.0]}, point=lambda x: {"y": x * x},
    ...     draw=lambda table: __import__("coordgame.plot").plot.line_plot(table, "x", "y"))
    >>> run_experiment(square, tempfile.mkdtemp(), progress=False).points
    2
    """
    from coordgame.plot import save_figure
    from coordgame.sweep import sweep

    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    name = module.NAME
    store = output / "store" / f"{name}.jsonl"
    table = sweep(module.point, module.grid(quick) if grid is None else grid, store=store, backend=backend,
                  workers=workers, scheduler=scheduler, progress=progress, description=name)
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
    written = (getattr(module, "tidy", None) or (lambda t: t))(table)
    written.to_csv(data, index=False)
    if hasattr(module, "COLUMNS"):
        data_dictionary(module, written.columns).to_csv(output / f"{name}.dictionary.csv", index=False)
    figure = save_figure(module.draw(table[~failed].reset_index(drop=True)), output / f"{name}.png")
    return ExperimentResult(name, figure, data, store, len(table), int(failed.sum()))


def experiment_main(module_name: str, argv: list[str] | None = None) -> int:
    """Command line of one experiment script: ``python experiments/NAME.py [--quick] [--output DIR] ...``.

    ``module_name`` is the experiment's importable name (``coordgame.experiments.num_regions``):
    the sweep's worker processes import ``point`` from there, not from the script's ``__main__``.

    Examples
    --------
    A throwaway experiment registered under an importable name (a real one is a module in
    ``experiments/``):

    >>> import sys, tempfile, types
    >>> from coordgame.plot import line_plot
    >>> square = types.ModuleType("square_experiment")
    >>> square.NAME, square.DESCRIPTION = "square", "x squared"
    >>> square.grid = lambda quick: {"x": [1.0, 2.0] if quick else [1.0, 2.0, 3.0]}
    >>> square.point = lambda x: {"y": x * x}
    >>> square.draw = lambda table: line_plot(table, "x", "y")
    >>> sys.modules["square_experiment"] = square
    >>> experiment_main("square_experiment", ["--quick", "--output", tempfile.mkdtemp()])
    square: figure .../square.png, data .../square.csv (2 points, 0 failed)
    0
    >>> del sys.modules["square_experiment"]
    >>> experiment_main("no_such_experiment")
    Traceback (most recent call last):
    ...
    coordgame.errors.InvalidArgumentError: module_name: cannot import experiment 'no_such_experiment' (...)
    """
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise InvalidArgumentError(f"module_name: cannot import experiment {module_name!r} ({exc})") from exc
    parser = argparse.ArgumentParser(prog=f"python experiments/{module.NAME}.py", description=module.DESCRIPTION)
    parser.add_argument("--quick", action="store_true", help="small grid (seconds instead of minutes)")
    parser.add_argument("--output", default=DEFAULT_OUTPUT, help=f"output folder (default: {DEFAULT_OUTPUT}/)")
    parser.add_argument("--backend", default="serial", choices=("serial", "processes", "dask"))
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default: all cores)")
    parser.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="run the points on the dask cluster at ADDRESS, e.g. tcp://10.0.0.5:8786 (implies --backend dask)")
    args = parser.parse_args(argv)
    if args.scheduler is not None:
        if args.backend == "processes" or args.workers is not None:
            parser.error("--scheduler runs the points on a dask cluster: it goes with neither --backend processes "
                         "nor --workers")
        args.backend = "dask"
    result = run_experiment(module, args.output, quick=args.quick, backend=args.backend, workers=args.workers,
                            scheduler=args.scheduler)
    print(f"{module.NAME}: figure {result.figure}, data {result.data} ({result.points} points, {result.failed} failed)")
    return 0
