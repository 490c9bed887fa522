r"""Parameter sweeps with a persistent, resumable store, on one machine or a dask cluster.

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
file as one line ``{"key", "point", "result", "error", "elapsed", "provenance"}``, written in
one ``write`` call by the sweeping process and flushed to disk (``fsync``) before the next
point is recorded.  A sweep that is killed loses at most the points in flight; a rerun with
the same grid reads the store, skips the keys already there and runs only the missing points.
A line cut short by a crash (the last line only) is dropped with a warning and the file is
rewritten atomically; a corrupt line elsewhere is an error.  One store has one writer: a
sweep holds an operating-system lock on ``<store>.lock`` while it runs, and a second sweep on
the same store is refused with :class:`~coordgame.errors.StoreLockedError`.

**Provenance.**  Every stored record says which code computed it (coordgame version, git
commit, the function and its repository's commit), where (host, process, dask worker), when
(UTC start) and with which base seed; :meth:`SweepStore.to_frame` shows it as ``run_*``
columns, and :func:`write_table` exports a table to CSV or Parquet.

**Seeds.**  When ``func`` takes a ``seed`` argument that the grid does not set, each point
receives its own seed drawn from ``numpy.random.SeedSequence(seed, spawn_key=key)``: it
depends only on the base seed and the point, never on the backend or the order in which
points run.  The derived seed is part of the stored point, so a different base seed gives
different keys and reruns the points.

**Backends.**  ``"serial"`` runs in this process; ``"processes"`` sends points to a
:class:`concurrent.futures.ProcessPoolExecutor`; ``"dask"`` submits them as tasks to a
dask.distributed cluster (a ``LocalCluster`` sized to the machine, or any scheduler given by
address or client: ``scheduler=``) and records them as they complete (``as_completed``); a
worker that dies has its points run again elsewhere.  Each backend records every point, and
moves the progress bar, as it finishes; all three give the same table.  Points of uneven cost
balance by dynamic dispatch, and start largest first given a ``cost`` estimate (greedy list
scheduling: wall time at most :math:`\sum_j c_j / m + \max_j c_j` on :math:`m` workers).

**Failures.**  An exception inside ``func`` is recorded in the ``error`` column as
``"TypeName: message"`` and the other points go on (``errors="record"``); with
``errors="raise"`` the first exception propagates.  Failed points are run again on resume
unless ``retry_failed=False``.  ``KeyboardInterrupt`` (Ctrl-C) always stops the sweep: the
store keeps every finished point (each record is written whole before the next), so a rerun
resumes, and the interrupt is re-raised as :class:`coordgame.errors.Interrupted` whose
``partial`` is the table of the finished points (``partial.attrs["complete"]`` is False).
"""

from __future__ import annotations

from coordgame.sweep._dask import dask_client
from coordgame.sweep._grid import derived_seed, expand_grid, point_key
from coordgame.sweep._provenance import PROVENANCE_FIELDS, git_commit
from coordgame.sweep._store import ELAPSED_COLUMN, ERROR_COLUMN, PROVENANCE_PREFIX, SweepStore, write_table
from coordgame.sweep._sweep import BACKENDS, sweep

__all__ = ["sweep", "expand_grid", "point_key", "derived_seed", "SweepStore", "write_table", "dask_client",
           "git_commit", "BACKENDS", "ERROR_COLUMN", "ELAPSED_COLUMN", "PROVENANCE_FIELDS", "PROVENANCE_PREFIX"]
