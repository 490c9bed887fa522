"""The ``coordgame reproduce`` subcommand: run the experiments and say where their outputs went.

``coordgame reproduce [NAME ...] [--quick] [--output DIR] [--backend serial|processes|dask] [--workers N]
[--scheduler ADDRESS]`` runs the named experiments (all registered ones by default, see
:func:`coordgame.reproduce.find_experiments`) into ``DIR`` (``coordgame-output/``),
one progress bar per experiment, then lists the figures (PNG) and data (CSV) it wrote.
Each experiment keeps a sweep store in ``DIR/store/``, so an interrupted run resumes.

With ``--backend dask`` the experiments share one dask cluster: the one at ``--scheduler
ADDRESS`` (``tcp://host:8786``; ``--scheduler`` alone implies ``--backend dask``), or a
``LocalCluster`` of ``--workers`` processes started for the run.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from collections.abc import Iterator
from typing import Any

from coordgame.cli import UsageError
from coordgame.reproduce import DEFAULT_OUTPUT, find_experiments, run_experiment

__all__ = ["add_reproduce_arguments", "run_reproduce"]


def _positive_int(text: str) -> int:
    """An argparse ``type``: an integer >= 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected an integer >= 1, got {text!r}")
    return value


def add_reproduce_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the ``reproduce`` arguments to ``parser`` and return it.

    Examples
    --------
    >>> args = add_reproduce_arguments(argparse.ArgumentParser()).parse_args(["num_regions", "--quick"])
    >>> args.names, args.quick, args.output, args.backend
    (['num_regions'], True, 'coordgame-output', 'serial')
    """
    parser.add_argument("names", nargs="*", metavar="NAME", help="experiments to run (default: all)")
    parser.add_argument("--quick", action="store_true", help="small grids: the whole set finishes in about a minute")
    parser.add_argument("--output", default=DEFAULT_OUTPUT, help=f"output folder (default: {DEFAULT_OUTPUT}/)")
    parser.add_argument("--backend", default="serial", choices=("serial", "processes", "dask"),
                        help="where the sweep points run (default: serial)")
    parser.add_argument("--workers", type=_positive_int, default=None,
                        help="worker processes for processes/dask (default: all cores)")
    parser.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="run the points on the dask cluster whose scheduler is at ADDRESS, "
                             "e.g. tcp://10.0.0.5:8786 (implies --backend dask)")
    parser.add_argument("--list", action="store_true", help="list the experiments and exit")
    return parser


def run_reproduce(args: argparse.Namespace) -> int:
    """Run the experiments named in ``args``; return the exit status.

    0 when every point of every experiment succeeded; 1 when an experiment could not run or
    some of its points failed (each still writes what it has); 2 for an unknown name (a usage
    error, reported as one line on stderr).

    Examples
    --------
    >>> import argparse, contextlib, io
    >>> parser = add_reproduce_arguments(argparse.ArgumentParser(prog="coordgame reproduce"))
    >>> listing = io.StringIO()
    >>> with contextlib.redirect_stdout(listing):
    ...     status = run_reproduce(parser.parse_args(["--list"]))
    >>> status, next(line for line in listing.getvalue().splitlines() if line.startswith("num_regions"))
    (0, 'num_regions        welfare loss and excess entry against the number of regions (random subsets of regions)')
    >>> run_reproduce(parser.parse_args(["no_such_experiment"]))  # a usage error, reported on stderr
    2
    """
    experiments = find_experiments()
    if args.list:
        for name, module in experiments.items():
            print(f"{name:18s} {module.DESCRIPTION}")
        return 0
    unknown = [name for name in args.names if name not in experiments]
    if unknown:
        print(f"coordgame reproduce: error: NAME: unknown experiment(s) {unknown}; choose from {list(experiments)}",
              file=sys.stderr)
        return 2
    names = args.names or list(experiments)
    backend = _backend(args)
    start = time.perf_counter()
    results, broken = [], []
    with _shared_dask_client(backend, args) as client:
        workers = None if client is not None else args.workers
        for name in names:
            try:
                results.append(run_experiment(experiments[name], args.output, quick=args.quick, backend=backend,
                                              workers=workers, scheduler=client))
            except Exception as exc:  # one broken experiment must not stop the others; reported below
                broken.append((name, f"{type(exc).__name__}: {exc}"))
    print(f"\n{len(results)} experiment(s) in {time.perf_counter() - start:.1f} s; outputs in {args.output}/")
    for result in results:
        failed = f", {result.failed} failed" if result.failed else ""
        print(f"  {result.name:18s} figure {result.figure}  data {result.data}  ({result.points} points{failed})")
    for name, message in broken:
        print(f"  {name:18s} FAILED: {message}")
    return 1 if broken or any(result.failed for result in results) else 0


def _backend(args: argparse.Namespace) -> str:
    """The backend the options ask for: ``--scheduler`` means dask."""
    scheduler = getattr(args, "scheduler", None)
    if scheduler is None:
        return args.backend
    if args.backend == "processes":
        raise UsageError("--scheduler runs the points on a dask cluster; it does not go with --backend processes")
    if args.workers is not None:
        raise UsageError("--workers: a running dask cluster has its own workers; give --workers or --scheduler")
    return "dask"


@contextlib.contextmanager
def _shared_dask_client(backend: str, args: argparse.Namespace) -> Iterator[Any]:
    """One dask client for every experiment of the run (starting a cluster takes seconds), or None."""
    if backend != "dask":
        yield None
        return
    from coordgame.sweep import dask_client

    with dask_client(getattr(args, "scheduler", None), args.workers) as client:
        yield client
