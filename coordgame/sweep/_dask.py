"""The ``dask`` backend: points as tasks on a dask.distributed cluster, streamed back as they finish.

Each chunk of points (one point by default) is one task, submitted with a priority that keeps
the sweep's start order; the scheduler hands tasks to free worker threads and steals work from
busy workers, so uneven points balance.  Results come back through ``as_completed`` and are
recorded in the sweeping process, so the store and the progress bar move task by task.

When a worker dies mid-task, the scheduler runs its tasks again on another worker (up to
``distributed.scheduler.allowed-failures`` times, 3 by default); a task that keeps killing
workers comes back as ``KilledWorker`` and is recorded as a failed point (run again on resume).
Only the sweeping process writes the store, once per key, so no point is lost or stored twice.

Where the tasks run (:func:`dask_client`): a ``distributed.Client`` given by the caller (used,
not closed), a cluster object (``LocalCluster``, a dask-jobqueue ``SLURMCluster``), a scheduler
address such as ``"tcp://10.0.0.5:8786"`` (connected for the sweep), or nothing: a
``LocalCluster`` of ``workers`` processes with one thread each, started for the sweep and
closed after.  Its worker processes are started with ``spawn``, so a script that sweeps must
keep its top-level code under ``if __name__ == "__main__":``.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Iterator
from types import ModuleType
from typing import Any

from coordgame.errors import InvalidArgumentError, MissingDependencyError
from coordgame.sweep._backends import PointRunner, Recorder, Todo, chunks

__all__ = ["dask_client", "run_dask", "check_scheduler"]

#: How long to wait for a scheduler given by address to answer.
CONNECT_TIMEOUT = "20s"


def import_distributed() -> ModuleType:
    """``distributed``, or a clear error naming the extra that installs it."""
    try:
        import dask  # noqa: F401
        import distributed
    except ImportError as exc:
        raise MissingDependencyError(
            "backend='dask' needs the optional dependencies dask and distributed: pip install 'coordgame[dask]'"
        ) from exc
    return distributed


def check_scheduler(scheduler: Any) -> None:
    """Reject a ``scheduler`` that is neither None, an address, a Client nor a cluster (before importing dask)."""
    if scheduler is None or hasattr(scheduler, "submit") or hasattr(scheduler, "scheduler_address"):
        return
    if not isinstance(scheduler, str) or not scheduler.strip():
        raise InvalidArgumentError(
            "scheduler: expected a dask scheduler address such as 'tcp://10.0.0.5:8786', a distributed.Client "
            f"or a cluster object, got {scheduler!r}"
        )


@contextlib.contextmanager
def dask_client(scheduler: Any = None, workers: int | None = None) -> Iterator[Any]:
    """A ``distributed.Client`` for ``scheduler`` for the duration of a ``with`` block.

    Parameters
    ----------
    scheduler : distributed.Client, cluster, str or None
        A client (yielded as is and left open), a cluster object (a client is opened on it), a
        scheduler address (``"tcp://host:8786"``; connected, closed after) or None: a
        ``LocalCluster`` of ``workers`` worker processes, one thread each (closed after).
    workers : int, optional
        Worker processes of the local cluster (default: ``os.cpu_count()``); only with
        ``scheduler=None``, since a running cluster has its own workers.

    Examples
    --------
    >>> with dask_client(workers=1) as client:  # doctest: +SKIP
    ...     client.submit(sum, [1, 2]).result()
    3
    """
    check_scheduler(scheduler)
    if scheduler is not None and workers is not None:
        raise InvalidArgumentError("workers: a running dask cluster has its own workers; give workers or scheduler, not both")
    distributed = import_distributed()
    if hasattr(scheduler, "submit"):
        yield scheduler
        return
    if scheduler is not None:
        try:
            client = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise InvalidArgumentError(f"scheduler: no dask scheduler answers at {scheduler!r} ({exc})") from exc
        with client:
            yield client
        return
    import os

    cluster = distributed.LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=logging.ERROR)
    with cluster, distributed.Client(cluster) as client:
        yield client


def run_dask(run: PointRunner, todo: Todo, record: Recorder, *, workers: int | None, chunksize: int,
             scheduler: Any = None, **_: Any) -> None:
    """Run the points as tasks on a dask cluster, recording each task's records as it finishes."""
    distributed = import_distributed()
    with dask_client(scheduler, workers) as client:
        _stream(client, distributed, run, chunks(todo, chunksize), record)


def _stream(client: Any, distributed: ModuleType, run: PointRunner, pieces: list[Todo], record: Recorder) -> None:
    # A fresh token per sweep: the same point swept twice on a shared cluster is two tasks, never one
    # task whose result both sweeps await (pure=False alone still lets explicit keys collide).
    token = uuid.uuid4().hex[:12]
    submitted: dict[Any, tuple[int, int]] = {}  # future -> (rank of its piece, attempt)
    finished = distributed.as_completed()

    def submit(rank: int, attempt: int) -> None:
        # Priority -rank keeps the sweep's start order (largest first when costs are given); one task per
        # chunk rather than dask's batching, so results and the progress bar come back task by task.
        future = client.submit(run.chunk, pieces[rank], key=f"coordgame-sweep-{token}-{rank}-{attempt}", pure=False,
                               priority=-rank)
        submitted[future] = (rank, attempt)
        finished.add(future)

    for rank in range(len(pieces)):
        submit(rank, 0)
    try:
        for future in finished:
            rank, attempt = submitted.pop(future)
            records = _records_of(future, pieces[rank], run, distributed, attempt)
            if records is None:  # the result was lost with its worker before it reached us: run it again
                submit(rank, attempt + 1)
            else:
                record(records)
            future.release()  # the cluster may forget the result: it is in the store now
    except BaseException:
        client.cancel(list(submitted))
        raise


#: Times a piece whose result is lost in transit (not a point's own failure) is submitted again.
MAX_RESUBMISSIONS = 3


def _records_of(future: Any, piece: Todo, run: PointRunner, distributed: ModuleType, attempt: int) -> list[dict] | None:
    """The records a finished task brought back, failure records for a task that kept killing workers, or
    None for a result lost on the way (a worker died holding it), to be computed again."""
    import time
    from concurrent.futures import CancelledError

    if future.status == "error":
        error = future.exception()
        if not isinstance(error, distributed.KilledWorker) or run.raise_errors:
            raise error  # errors="raise": the point's own exception
        # The task took down every worker it was given: a failed point, not a failed sweep.
        message = f"KilledWorker: the point killed dask workers repeatedly ({error})"
        return [run.record(key, point, {}, message, None, time.time()) for key, point in piece]
    try:
        return future.result()
    except (CancelledError, OSError) as lost:  # lost with its worker, or the connection dropped mid-transfer
        if attempt < MAX_RESUBMISSIONS:
            return None
        message = f"{type(lost).__name__}: the point's result was lost {attempt + 1} times ({lost})"
        return [run.record(key, point, {}, message, None, time.time()) for key, point in piece]
