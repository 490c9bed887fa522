"""The :func:`sweep` function: a grid, a backend and a store put together."""

from __future__ import annotations

import functools
import math
import numbers
import os
import pickle
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from coordgame._checks import one_of, positive_int
from coordgame._progress import show_progress
from coordgame.errors import Interrupted, InvalidArgumentError
from coordgame.sweep._backends import PointRunner, run_processes, run_serial
from coordgame.sweep._dask import check_scheduler, run_dask
from coordgame.sweep._grid import derived_seed, expand_grid, point_key
from coordgame.sweep._store import SweepStore, table_rows

__all__ = ["sweep", "BACKENDS"]

BACKENDS = ("serial", "processes", "dask")
_RUNNERS = {"serial": run_serial, "processes": run_processes, "dask": run_dask}


def _takes_seed(func: Callable) -> bool:
    import inspect

    try:
        parameters = inspect.signature(func).parameters
    except (TypeError, ValueError):
        return False
    return "seed" in parameters


def _with_seeds(points: list[dict], func: Callable, seed: int) -> list[dict]:
    """Add each point's derived seed when ``func`` takes one and the grid does not set it."""
    if not _takes_seed(func) or any("seed" in p for p in points):
        return points
    return [{**p, "seed": derived_seed(seed, point_key(p))} for p in points]


def _check_options(func, backend, errors, workers, scheduler, chunksize, seed, cost) -> int | None:
    """Validate the options (naming the argument at fault); return the worker count to use."""
    if not callable(func):
        raise InvalidArgumentError(f"func: expected a callable, got {type(func).__name__}")
    one_of(backend, "backend", BACKENDS)
    one_of(errors, "errors", ("record", "raise"))
    if workers is not None:
        workers = positive_int(workers, "workers")
    if chunksize is not None:
        positive_int(chunksize, "chunksize")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise InvalidArgumentError(f"seed: expected an integer >= 0, got {seed!r}")
    if cost is not None and not callable(cost):
        raise InvalidArgumentError(f"cost: expected a function of a point's parameters, got {type(cost).__name__}")
    if scheduler is not None:
        if backend != "dask":
            raise InvalidArgumentError(f"scheduler: only backend='dask' runs on a scheduler, got backend={backend!r}")
        check_scheduler(scheduler)
        if workers is not None:
            raise InvalidArgumentError("workers: a running dask cluster has its own workers; give workers or scheduler")
        return None
    if backend != "serial":
        _check_picklable(func, backend)
    return workers if workers is not None else (os.cpu_count() or 1)


def _check_picklable(func: Callable, backend: str) -> None:
    if backend == "dask":
        return  # dask pickles with cloudpickle, which sends lambdas and local functions by value
    try:
        pickle.dumps(func)
    except Exception as exc:
        raise InvalidArgumentError(
            f"func: backend={backend!r} sends func to worker processes, so it must be picklable "
            f"(a function defined at module level, not a lambda or local function): {exc}"
        ) from None


def _start_order(todo: list[tuple[str, dict]], cost: Callable[..., float] | None) -> list[tuple[str, dict]]:
    """The points in the order they start: largest estimated cost first (stable), or grid order."""
    if cost is None:
        return todo
    estimates = []
    for _, point in todo:
        value = cost(**point)
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
            raise InvalidArgumentError(f"cost: must return a finite number for every point, got {value!r} at {point}")
        estimates.append(float(value))
    order = sorted(range(len(todo)), key=lambda j: -estimates[j])
    return [todo[j] for j in order]


def sweep(
    func: Callable[..., Mapping[str, Any]],
    grid: Mapping[str, Sequence[Any]] | Sequence[Mapping[str, Any]],
    *,
    store: str | os.PathLike | None = None,
    backend: str = "serial",
    workers: int | None = None,
    scheduler: Any = None,
    progress: bool | None = True,
    resume: bool = True,
    seed: int = 0,
    errors: str = "record",
    retry_failed: bool = True,
    chunksize: int | None = None,
    cost: Callable[..., float] | None = None,
    provenance: bool = False,
    description: str = "sweep",
) -> Any:
    """Evaluate ``func`` on every point of ``grid``; return a table with one row per point.

    Parameters
    ----------
    func : callable
        ``func(**point) -> dict`` of results (numbers or strings).  For ``"processes"`` it must
        be picklable (a function defined at module level); for ``"dask"`` the workers must be
        able to import its module (on a cluster: the same environment on every machine).
    grid : dict of lists or list of dicts
        See :func:`expand_grid`.
    store : path, optional
        JSON-lines file where every finished point is recorded with its provenance; with
        ``resume=True`` the points already recorded there are not run again.  One sweep at a
        time may write a store: a second is refused (:class:`~coordgame.errors.StoreLockedError`).
    backend : {"serial", "processes", "dask"}
        Where the points run (default ``"serial"``): this process, a local process pool, or a
        dask.distributed cluster (``pip install 'coordgame[dask]'``).
    workers : int, optional
        Worker processes of the process pool, or of the local dask cluster started when no
        ``scheduler`` is given (default: ``os.cpu_count()``).
    scheduler : str, distributed.Client or cluster, optional
        For ``backend="dask"``: where the tasks run.  An address (``"tcp://10.0.0.5:8786"``),
        a ``distributed.Client`` (left open) or a cluster object (e.g. dask-jobqueue's
        ``SLURMCluster``).  None (default) starts a ``LocalCluster`` of ``workers`` processes.
    progress : bool or None
        Show a tqdm progress bar (default True); None: only when standard error is a terminal.
    resume : bool
        Reuse the records in ``store`` (default True); False runs every point again.
    seed : int
        Base seed for the per-point seeds when ``func`` takes ``seed`` (default 0).
    errors : {"record", "raise"}
        Record a point's exception in the ``error`` column and go on (default), or raise it.
    retry_failed : bool
        On resume, run again the points whose stored record is a failure (default True).
    chunksize : int, optional
        Points per task on ``"processes"`` and ``"dask"`` (default 1: each point is recorded,
        and moves the bar, as it finishes, and uneven points balance best).  Raise it only for
        thousands of points of milliseconds each, where the per-task overhead shows.
    cost : callable, optional
        ``cost(**point) -> float``, an estimate of a point's relative running time: points then
        start largest first, which keeps the last worker from finishing long after the others.
    provenance : bool
        Add the provenance columns (``run_version``, ``run_commit``, ``run_host``,
        ``run_worker``, ``run_started``, ...) to the table (default False).
    description : str
        Label of the progress bar.

    Returns
    -------
    pandas.DataFrame
        One row per grid point in grid order: the parameters (and ``seed`` when derived),
        the results (a result named like a parameter becomes ``result_<name>``), ``error``
        (None when the point succeeded) and ``elapsed`` (seconds spent in ``func``).

    Raises
    ------
    InvalidArgumentError
        For a bad grid or option, or a ``func`` that cannot be sent to worker processes.
    MissingDependencyError
        For ``backend="dask"`` when dask or distributed is not installed.
    StoreLockedError
        When another sweep is writing ``store``.
    coordgame.errors.Interrupted
        On Ctrl-C (a KeyboardInterrupt subclass), after the finished points are stored; its
        ``partial`` is their table, with ``partial.attrs["complete"] == False``.

    Examples
    --------
    >>> def square(x, shift=0):
    ...     return {"y": x * x + shift}
    >>> table = sweep(square, {"x": [1, 2, 3], "shift": [0, 10]}, progress=False)
    >>> table[["x", "shift", "y"]].values.tolist()
    [[1, 0, 1], [1, 10, 11], [2, 0, 4], [2, 10, 14], [3, 0, 9], [3, 10, 19]]
    >>> bool(table["error"].isna().all())
    True
    """
    workers = _check_options(func, backend, errors, workers, scheduler, chunksize, seed, cost)
    shown = show_progress(progress, True)
    points = _with_seeds(expand_grid(grid), func, int(seed))
    keys = [point_key(p) for p in points]
    run = PointRunner(func, errors == "raise", int(seed))
    launch = functools.partial(_RUNNERS[backend], workers=workers, chunksize=chunksize or 1, scheduler=scheduler)
    db = SweepStore(store) if store is not None else None
    if db is None:
        records: dict[str, dict] = {}
        _run(run, launch, points, keys, records, None, cost, shown, description)
    else:
        with db.lock:  # one writer: held from reading the store to the last record
            records = db.load() if resume else {}
            records = {k: r for k, r in records.items() if not (retry_failed and r["error"] is not None)}
            _run(run, launch, points, keys, records, db, cost, shown, description)
    import pandas as pd

    return pd.DataFrame(table_rows(points, keys, records, provenance=provenance))


def _run(run: PointRunner, launch: Callable, points: list[dict], keys: list[str], records: dict[str, dict],
         db: SweepStore | None, cost: Callable[..., float] | None, shown: bool, description: str) -> None:
    """Run the points not in ``records`` with ``launch`` (a backend), adding each record to ``records`` (and ``db``)."""
    todo = _start_order([(k, p) for k, p in zip(keys, points) if k not in records], cost)
    if not todo:
        return
    from tqdm.auto import tqdm

    done_now: set[str] = set()
    with tqdm(total=len(points), initial=len(points) - len(todo), desc=description, disable=not shown) as bar:

        def record(batch: list[dict]) -> None:
            for rec in batch:
                if rec["key"] in done_now:  # a backend delivering a point twice: store it once
                    continue
                if db is not None:
                    db.append(rec)
                records[rec["key"]] = rec
                done_now.add(rec["key"])
                bar.update(1)

        try:
            launch(run, todo, record)
        except KeyboardInterrupt as exc:
            raise _interrupted(points, keys, records, db) from exc


def _interrupted(points: list[dict], keys: list[str], records: dict[str, dict], db: SweepStore | None) -> Interrupted:
    import pandas as pd

    done = [(p, k) for p, k in zip(points, keys) if k in records]
    partial = pd.DataFrame(table_rows([p for p, _ in done], [k for _, k in done], records))
    note = f"interrupted (KeyboardInterrupt) after {len(done)} of {len(points)} points"
    partial.attrs.update(complete=False, note=note)
    where = f"; they are in {db.path}, a rerun resumes" if db is not None else ""
    return Interrupted(f"sweep: {note}{where}", partial=partial)
