r"""Parameter sweeps with a persistent, resumable store.

A sweep evaluates a function :math:`f` at every point :math:`x` of a grid
:math:`G = \{x^{(1)}, \dots, x^{(n)}\}` and collects the result dictionaries
:math:`f(x^{(j)})` into one table.  A grid is either

* a dict of lists :math:`\{p_1: V_1, \dots, p_m: V_m\}`, meaning the cartesian product
  :math:`V_1 \times \dots \times V_m` (the last parameter varies fastest), or
* a list of dicts, meaning exactly those points.

Every point is identified by a stable key, the first 16 hex digits of the SHA-256 of its
canonical JSON text (keys sorted, numpy scalars turned into Python numbers), so the key
does not depend on the order of the grid, the backend or the machine.

**Store and resume.**  With ``store=path`` every finished point is appended to a JSON-lines
file as one line ``{"key", "point", "result", "error", "elapsed"}``, written in one
``write`` call by the parent process and flushed to disk (``fsync``) before the next
point is recorded.  A sweep that is killed loses at most the points in flight (with the
process backends, the chunks being computed); a rerun with the same grid reads the store,
skips the keys already there and runs only the missing points.  A line cut short by a crash (the last line only) is dropped with a
warning and the file is rewritten atomically; a corrupt line elsewhere is an error.

**Seeds.**  When ``func`` takes a ``seed`` argument that the grid does not set, each point
receives its own seed drawn from ``numpy.random.SeedSequence(seed, spawn_key=key)``: it
depends only on the base seed and the point, never on the backend or the order in which
points run.  The derived seed is part of the stored point, so a different base seed gives
different keys and reruns the points.

**Backends.**  ``"serial"`` runs in this process; ``"processes"`` sends chunks of points to
a :class:`concurrent.futures.ProcessPoolExecutor` and records each chunk as it completes;
``"dask"`` builds one :func:`dask.delayed` task per chunk and computes them on dask's
local process scheduler, recording each chunk as it completes (``pip install coordgame[dask]``).
All three give the same table.

**Failures.**  An exception inside ``func`` is recorded in the ``error`` column as
``"TypeName: message"`` and the other points go on (``errors="record"``); with
``errors="raise"`` the first exception propagates.  Failed points are run again on resume
unless ``retry_failed=False``.  ``KeyboardInterrupt`` (Ctrl-C) always stops the sweep: the
store keeps every finished point (each record is written whole before the next), so a rerun
resumes, and the interrupt is re-raised as :class:`coordgame.errors.Interrupted` whose
``partial`` is the table of the finished points (``partial.attrs["complete"]`` is False).
"""

from __future__ import annotations

import hashlib
import inspect
import itertools
import json
import math
import numbers
import os
import pickle
import time
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from coordgame._checks import one_of, positive_int
from coordgame._progress import show_progress
from coordgame.errors import FileFormatError, Interrupted, InvalidArgumentError, MissingDependencyError

__all__ = ["sweep", "expand_grid", "point_key", "SweepStore"]

BACKENDS = ("serial", "processes", "dask")

#: Columns the sweep adds to every row besides parameters and results.
ERROR_COLUMN = "error"
ELAPSED_COLUMN = "elapsed"


# ----------------------------------------------------------------------------- grid
def _plain(value: Any, name: str) -> Any:
    """Return ``value`` as a JSON-ready Python scalar (numpy scalars unwrapped)."""
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        x = float(value)
        if not math.isfinite(x):
            raise InvalidArgumentError(f"grid: parameter {name!r} has a non-finite value {value!r}")
        return x
    raise InvalidArgumentError(
        f"grid: parameter {name!r} must take numbers, strings, booleans or None, got {type(value).__name__} {value!r}"
    )


def _check_name(name: Any) -> str:
    if not isinstance(name, str) or not name.isidentifier():
        raise InvalidArgumentError(f"grid: parameter names must be Python identifiers, got {name!r}")
    return name


def expand_grid(grid: Mapping[str, Sequence[Any]] | Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """List the points of a grid.

    Parameters
    ----------
    grid : dict of lists or list of dicts
        ``{"a": [1, 2], "b": ["x"]}`` is the cartesian product (the last key varies fastest);
        ``[{"a": 1}, {"a": 5, "b": 2}]`` is an explicit list of points.

    Returns
    -------
    list of dict
        The points, each a dict of plain Python scalars.

    Raises
    ------
    InvalidArgumentError
        If the grid is empty, a value list is empty or not a list, a name is not an
        identifier, a value is not a scalar, or a point appears twice.

    Examples
    --------
    >>> expand_grid({"lam": [0.0, 0.5], "R": [5]})
    [{'lam': 0.0, 'R': 5}, {'lam': 0.5, 'R': 5}]
    >>> expand_grid([{"lam": 0.1}, {"lam": 0.2, "R": 3}])
    [{'lam': 0.1}, {'lam': 0.2, 'R': 3}]
    """
    if isinstance(grid, Mapping):
        points = _product_points(grid)
    elif isinstance(grid, Sequence) and not isinstance(grid, (str, bytes)):
        points = _explicit_points(grid)
    else:
        raise InvalidArgumentError(f"grid: expected a dict of lists or a list of dicts, got {type(grid).__name__}")
    if not points:
        raise InvalidArgumentError("grid: has no points")
    seen: dict[str, dict] = {}
    for point in points:
        key = point_key(point)
        if key in seen:
            raise InvalidArgumentError(f"grid: the point {point} appears more than once")
        seen[key] = point
    return points


def _product_points(grid: Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
    if not grid:
        return []
    names = [_check_name(name) for name in grid]
    axes = []
    for name in names:
        values = grid[name]
        if isinstance(values, (str, bytes)) or not isinstance(values, (Sequence, np.ndarray, range)):
            raise InvalidArgumentError(
                f"grid: the values of {name!r} must be a list (e.g. [{values!r}]), got {type(values).__name__}"
            )
        if len(values) == 0:
            raise InvalidArgumentError(f"grid: the values of {name!r} are empty")
        axes.append([_plain(v, name) for v in values])
    return [dict(zip(names, combo)) for combo in itertools.product(*axes)]


def _explicit_points(grid: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    points = []
    for j, point in enumerate(grid):
        if not isinstance(point, Mapping) or not point:
            raise InvalidArgumentError(f"grid[{j}]: expected a non-empty dict of parameter values, got {point!r}")
        points.append({_check_name(name): _plain(value, name) for name, value in point.items()})
    return points


def point_key(point: Mapping[str, Any]) -> str:
    """Stable 16-hex-digit key of a point: SHA-256 of its canonical JSON text.

    Examples
    --------
    >>> point_key({"b": 1, "a": 0.5}) == point_key({"a": 0.5, "b": 1})
    True
    >>> len(point_key({"a": 1}))
    16
    """
    text = json.dumps({k: _plain(v, k) for k, v in point.items()}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def derived_seed(base_seed: int, key: str) -> int:
    """Seed of the point with key ``key``: ``SeedSequence(base_seed, spawn_key=key)`` -> a 63-bit int.

    Examples
    --------
    >>> derived_seed(0, "00ff00ff00ff00ff") == derived_seed(0, "00ff00ff00ff00ff")
    True
    >>> derived_seed(0, "00ff00ff00ff00ff") != derived_seed(1, "00ff00ff00ff00ff")
    True
    """
    spawn_key = tuple(int(key[i : i + 8], 16) for i in range(0, len(key), 8))
    words = np.random.SeedSequence(base_seed, spawn_key=spawn_key).generate_state(2, dtype=np.uint32)
    return (int(words[0]) << 31) ^ int(words[1])


# ----------------------------------------------------------------------------- store
def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


class SweepStore:
    """A JSON-lines file with one record per finished point; the last record of a key wins.

    Parameters
    ----------
    path : str or Path
        The file; created (with its folder) on the first write.

    Examples
    --------
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "runs.jsonl")
    >>> store = SweepStore(path)
    >>> store.append({"key": "k1", "point": {"a": 1}, "result": {"y": 2}, "error": None, "elapsed": 0.0})
    >>> SweepStore(path).load()["k1"]["result"]
    {'y': 2}
    """

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)

    def load(self) -> dict[str, dict]:
        """Read the records, repairing a last line cut short by a crash."""
        if not self.path.exists():
            return {}
        lines = self.path.read_text(encoding="utf-8").splitlines(keepends=True)
        records: dict[str, dict] = {}
        for number, line in enumerate(lines, start=1):
            record = self._parse(line)
            if record is not None:
                records[record["key"]] = record
            elif number < len(lines):
                raise FileFormatError("not a sweep record (corrupt store)", path=str(self.path), line=number)
            else:
                warnings.warn(
                    f"{self.path}:{number}: dropping an incomplete last record (the sweep was killed while writing it)",
                    RuntimeWarning,
                    stacklevel=3,
                )
                self._rewrite(lines[:-1])
        return records

    @staticmethod
    def _parse(line: str) -> dict | None:
        if not line.endswith("\n"):
            return None
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            return None
        if not isinstance(record, dict) or not {"key", "point", "result", "error"} <= record.keys():
            return None
        return record

    def _rewrite(self, lines: list[str]) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.writelines(lines)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)

    def append(self, record: dict) -> None:
        """Append one record as a single line and force it to disk."""
        line = json.dumps(record, default=_json_default, separators=(",", ":")) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a", encoding="utf-8") as fh:
            fh.write(line)
            fh.flush()
            os.fsync(fh.fileno())


# ----------------------------------------------------------------------------- running points
def _run_point(func: Callable[..., Mapping], key: str, point: dict, raise_errors: bool) -> dict:
    """Evaluate ``func`` at one point and return its store record."""
    start = time.perf_counter()
    try:
        result = func(**point)
        if not isinstance(result, Mapping):
            raise TypeError(f"func must return a dict of results, got {type(result).__name__}")
        result = json.loads(json.dumps(dict(result), default=_json_default))
        error = None
    except Exception as exc:
        if raise_errors:
            raise
        result, error = {}, f"{type(exc).__name__}: {exc}"
    return {"key": key, "point": point, "result": result, "error": error, "elapsed": time.perf_counter() - start}


def _run_chunk(func: Callable[..., Mapping], chunk: list[tuple[str, dict]], raise_errors: bool) -> list[dict]:
    return [_run_point(func, key, point, raise_errors) for key, point in chunk]


def _chunks(todo: list[tuple[str, dict]], size: int) -> list[list[tuple[str, dict]]]:
    return [todo[i : i + size] for i in range(0, len(todo), size)]


def _serial(func, todo, record, raise_errors, workers, chunksize) -> None:
    for key, point in todo:
        record([_run_point(func, key, point, raise_errors)])


def _processes(func, todo, record, raise_errors, workers, chunksize) -> None:
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending = {pool.submit(_run_chunk, func, chunk, raise_errors) for chunk in _chunks(todo, chunksize)}
        try:
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    record(future.result())
        except BaseException:
            for future in pending:
                future.cancel()
            raise


def _dask(func, todo, record, raise_errors, workers, chunksize) -> None:
    try:
        import dask
        from dask.callbacks import Callback
    except ImportError as exc:
        raise MissingDependencyError(
            "backend='dask' needs the optional dependency dask: pip install 'coordgame[dask]'"
        ) from exc

    chunks = _chunks(todo, chunksize)
    tasks = [
        dask.delayed(_run_chunk, pure=False)(func, chunk, raise_errors, dask_key_name=f"sweep-chunk-{i}")
        for i, chunk in enumerate(chunks)
    ]
    prefix = "sweep-chunk-"

    class _Recorder(Callback):
        # posttask runs in this (the scheduling) process each time a task finishes,
        # so results reach the store as they complete, not only at the end.
        def _posttask(self, key, result, dsk, state, worker_id):
            if isinstance(key, str) and key.startswith(prefix):
                record(result)

    # Start workers the way the "processes" backend does (the platform's default start method),
    # rather than dask's own default (spawn), so both backends pay the same start-up cost.
    import multiprocessing

    with _Recorder(), dask.config.set({"multiprocessing.context": multiprocessing.get_start_method()}):
        dask.compute(*tasks, scheduler="processes", num_workers=workers)


_BACKEND_RUNNERS = {"serial": _serial, "processes": _processes, "dask": _dask}


# ----------------------------------------------------------------------------- sweep
def _takes_seed(func: Callable) -> bool:
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


def _rows(points: list[dict], keys: list[str], records: Mapping[str, dict]) -> list[dict]:
    rows = []
    for point, key in zip(points, keys):
        rec = records[key]
        result = {(f"result_{k}" if k in point else k): v for k, v in rec["result"].items()}
        rows.append({**point, **result, ERROR_COLUMN: rec["error"], ELAPSED_COLUMN: rec.get("elapsed")})
    return rows


def sweep(
    func: Callable[..., Mapping[str, Any]],
    grid: Mapping[str, Sequence[Any]] | Sequence[Mapping[str, Any]],
    *,
    store: str | os.PathLike | None = None,
    backend: str = "serial",
    workers: int | None = None,
    progress: bool | None = True,
    resume: bool = True,
    seed: int = 0,
    errors: str = "record",
    retry_failed: bool = True,
    chunksize: int | None = None,
    description: str = "sweep",
) -> Any:
    """Evaluate ``func`` on every point of ``grid``; return a table with one row per point.

    Parameters
    ----------
    func : callable
        ``func(**point) -> dict`` of results (numbers or strings).  For ``"processes"`` and
        ``"dask"`` it must be picklable: a function defined at module level.
    grid : dict of lists or list of dicts
        See :func:`expand_grid`.
    store : path, optional
        JSON-lines file where every finished point is recorded; with ``resume=True`` the
        points already recorded there are not run again.
    backend : {"serial", "processes", "dask"}
        Where the points run (default ``"serial"``).
    workers : int, optional
        Worker processes for ``"processes"`` and ``"dask"`` (default: ``os.cpu_count()``).
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
        Points sent to a worker at a time (default: about eight chunks per worker).
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
        For ``backend="dask"`` when dask is not installed.
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
    import pandas as pd

    if not callable(func):
        raise InvalidArgumentError(f"func: expected a callable, got {type(func).__name__}")
    one_of(backend, "backend", BACKENDS)
    one_of(errors, "errors", ("record", "raise"))
    workers = positive_int(workers, "workers") if workers is not None else (os.cpu_count() or 1)
    if chunksize is not None:
        chunksize = positive_int(chunksize, "chunksize")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise InvalidArgumentError(f"seed: expected an integer >= 0, got {seed!r}")
    if backend != "serial":
        _check_picklable(func, backend)
    shown = show_progress(progress, True)

    points = _with_seeds(expand_grid(grid), func, int(seed))
    keys = [point_key(p) for p in points]
    db = SweepStore(store) if store is not None else None
    records = db.load() if (db is not None and resume) else {}
    records = {k: r for k, r in records.items() if not (retry_failed and r["error"] is not None)}
    todo = [(k, p) for k, p in zip(keys, points) if k not in records]

    from tqdm.auto import tqdm

    with tqdm(total=len(points), initial=len(points) - len(todo), desc=description, disable=not shown) as bar:

        def record(batch: Iterable[dict]) -> None:
            for rec in batch:
                if db is not None:
                    db.append(rec)
                records[rec["key"]] = rec
                bar.update(1)

        if todo:
            size = chunksize or max(1, math.ceil(len(todo) / (8 * workers)))
            try:
                _BACKEND_RUNNERS[backend](func, todo, record, errors == "raise", workers, size)
            except KeyboardInterrupt as exc:
                done = [(p, k) for p, k in zip(points, keys) if k in records]
                partial = pd.DataFrame(_rows([p for p, _ in done], [k for _, k in done], records))
                note = f"interrupted (KeyboardInterrupt) after {len(done)} of {len(points)} points"
                partial.attrs.update(complete=False, note=note)
                where = f"; they are in {db.path}, a rerun resumes" if db is not None else ""
                raise Interrupted(f"sweep: {note}{where}", partial=partial) from exc
    return pd.DataFrame(_rows(points, keys, records))


def _check_picklable(func: Callable, backend: str) -> None:
    try:
        pickle.dumps(func)
    except Exception as exc:
        raise InvalidArgumentError(
            f"func: backend={backend!r} sends func to worker processes, so it must be picklable "
            f"(a function defined at module level, not a lambda or local function): {exc}"
        ) from None
