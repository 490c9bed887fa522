"""Running points: one point's record, and the serial and process-pool backends.

A backend receives the points still to run, in the order they should start, and calls
``record(records)`` in the sweeping process as each task finishes.  Tasks are chunks of
``chunksize`` points (one point by default), handed to whichever worker is free: this is
greedy list scheduling, whose wall time on :math:`m` workers is at most
:math:`\\sum_j c_j / m + \\max_j c_j` for point costs :math:`c_j`, and within a factor
:math:`4/3 - 1/(3m)` of the best possible when the points start largest first (Graham 1969,
"Bounds on multiprocessing timing anomalies", SIAM J. Appl. Math. 17(2)): hence the ``cost``
argument of :func:`~coordgame.sweep.sweep`.
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Callable, Mapping
from typing import Any

from coordgame.sweep._provenance import point_provenance
from coordgame.sweep._store import json_default

__all__ = ["PointRunner", "chunks", "run_serial", "run_processes"]

#: A point to run: its key and its parameters.
Todo = list[tuple[str, dict]]
Recorder = Callable[[list[dict]], None]


@dataclasses.dataclass(frozen=True)
class PointRunner:
    """Evaluates ``func`` at a point and returns its store record (picklable when ``func`` is)."""

    func: Callable[..., Mapping]
    raise_errors: bool
    base_seed: int

    def __call__(self, key: str, point: dict) -> dict:
        """The record of ``point``: its result or error, elapsed seconds and provenance."""
        started, start = time.time(), time.perf_counter()
        try:
            result = self.func(**point)
            if not isinstance(result, Mapping):
                raise TypeError(f"func must return a dict of results, got {type(result).__name__}")
            result = json.loads(json.dumps(dict(result), default=json_default))
            error = None
        except Exception as exc:
            if self.raise_errors:
                raise
            result, error = {}, f"{type(exc).__name__}: {exc}"
        elapsed = time.perf_counter() - start
        return self.record(key, point, result, error, elapsed, started)

    def record(self, key: str, point: dict, result: dict, error: str | None, elapsed: float | None,
               started: float) -> dict:
        """A store record (also for a point that a backend, not ``func``, failed)."""
        provenance = point_provenance(self.func, self.base_seed, started)
        return {"key": key, "point": point, "result": result, "error": error, "elapsed": elapsed,
                "provenance": provenance}

    def chunk(self, todo: Todo) -> list[dict]:
        """The records of several points, run one after the other."""
        return [self(key, point) for key, point in todo]


def chunks(todo: Todo, size: int) -> list[Todo]:
    """``todo`` cut into consecutive pieces of ``size`` points."""
    return [todo[i : i + size] for i in range(0, len(todo), size)]


def run_serial(run: PointRunner, todo: Todo, record: Recorder, **_: Any) -> None:
    """Run the points in this process, recording each as it finishes."""
    for key, point in todo:
        record([run(key, point)])


def ignore_interrupts() -> None:
    """A worker process's initializer: Ctrl-C is the parent's to handle.

    A terminal sends SIGINT to the whole process group; without this every worker would stop
    mid-point and print its own traceback, while the parent already stops the sweep cleanly
    (the store keeps every finished point) and cancels the pending ones.
    """
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run_processes(run: PointRunner, todo: Todo, record: Recorder, *, workers: int, chunksize: int, **_: Any) -> None:
    """Run chunks on a process pool (the platform's start method), recording each chunk as it completes."""
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    with ProcessPoolExecutor(max_workers=workers, initializer=ignore_interrupts) as pool:
        # The pool starts calls in submission order, so the order of ``todo`` is the start order.
        pending = {pool.submit(run.chunk, chunk) for chunk in chunks(todo, chunksize)}
        try:
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    record(future.result())
        except BaseException:
            # Ctrl-C (or a failed record): cancel what has not started and stop the workers now
            # rather than after their current chunk; their unfinished points are not in the
            # store, so a rerun computes them.
            running = list((getattr(pool, "_processes", None) or {}).values())  # shutdown() forgets them
            pool.shutdown(wait=False, cancel_futures=True)
            for process in running:
                process.terminate()
            raise
