"""The dask backend on a real dask.distributed LocalCluster of worker processes on localhost.

Results equal to the serial backend, by address and by client; a worker killed mid-sweep loses
no point and stores none twice; records stream into the store as points finish; two workers
halve the wall time of a 40-point sweep whose points differ 10x in cost.  Starting a cluster
takes seconds, so every test here is slow (run with --runslow).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from coordgame.sweep import point_key, sweep

pytestmark = pytest.mark.slow
distributed = pytest.importorskip("distributed", reason="backend='dask' needs the 'dask' extra: pip install -e '.[dask]'")

#: Seconds of one cost unit of the uneven workload (points cost 1 to 10 units).
UNIT = 0.04


# --------------------------------------------------------------------------- functions swept (module level:
# the worker processes import them from this module)
def linear(x, label):
    return {"y": 2.0 * x, "tag": f"{label}-{x}", "pid": os.getpid()}


def slow(x):
    time.sleep(0.3)
    return {"y": x + 1}


def uneven(sigma, phi):
    """A σ × φ point whose cost grows tenfold with σ, as a planner search does (a sleep stands for it)."""
    time.sleep(UNIT * units(sigma, phi))
    return {"value": sigma * phi}


def units(sigma, phi):
    return 1.0 + 9.0 * sigma / 7.0


UNEVEN_GRID = {"sigma": list(range(8)), "phi": [0.1, 0.2, 0.3, 0.4, 0.5]}  # 40 points, 220 units: 8.8 s of work


def local_cluster(workers: int = 2):
    return distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                                    silence_logs=logging.ERROR)


@pytest.fixture(scope="module")
def client():
    with local_cluster() as cluster, distributed.Client(cluster) as client:
        yield client


def read_lines(store: Path) -> list[dict]:
    return [json.loads(line) for line in store.read_text().splitlines()]


GRID = {"x": [0, 1, 2, 3, 4, 5], "label": ["a", "b"]}


# --------------------------------------------------------------------------- equal to serial
def test_a_local_cluster_sized_by_workers_gives_the_serial_table(tmp_path):
    serial = sweep(linear, GRID, progress=False).drop(columns=["elapsed", "pid"])
    store = tmp_path / "runs.jsonl"
    table = sweep(linear, GRID, backend="dask", workers=2, store=store, progress=False)
    pd.testing.assert_frame_equal(table.drop(columns=["elapsed", "pid"]), serial)
    assert os.getpid() not in set(table["pid"]) and table["pid"].nunique() <= 2  # two worker processes
    workers = {rec["provenance"]["worker"] for rec in read_lines(store)}
    assert all(address.startswith("tcp://127.0.0.1:") for address in workers)


def test_a_scheduler_address_or_a_client_gives_the_serial_table(client):
    serial = sweep(linear, GRID, progress=False).drop(columns=["elapsed", "pid"])
    for scheduler in (client.scheduler.address, client):
        table = sweep(linear, GRID, backend="dask", scheduler=scheduler, progress=False)
        pd.testing.assert_frame_equal(table.drop(columns=["elapsed", "pid"]), serial)
    assert client.status == "running"  # a client given is used, not closed


def test_results_reach_the_store_while_points_still_run(tmp_path, client):
    store = tmp_path / "runs.jsonl"
    first_stored = []
    watcher = threading.Thread(target=_note_first_line, args=(store, first_stored), daemon=True)
    watcher.start()
    sweep(slow, {"x": list(range(8))}, backend="dask", scheduler=client, store=store, progress=False)
    watcher.join(timeout=5)
    last_start = max(rec["provenance"]["started"] for rec in read_lines(store))
    assert first_stored and first_stored[0] < pd.Timestamp(last_start).timestamp()


def _note_first_line(store: Path, out: list) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if store.exists() and store.read_text().count("\n") >= 1:
            out.append(time.time())
            return
        time.sleep(0.01)


# --------------------------------------------------------------------------- a worker dies
# The nanny restarts the killed worker with distributed's default HTTP port; when another test's
# cluster holds it, distributed moves to a free port and says so. Nothing about the sweep.
@pytest.mark.filterwarnings("ignore:Port 8787 is already in use:UserWarning")
def test_a_worker_killed_mid_sweep_loses_nothing_and_stores_nothing_twice(tmp_path):
    store = tmp_path / "runs.jsonl"
    grid = {"x": list(range(16))}
    killed = {}
    with local_cluster() as cluster, distributed.Client(cluster) as client:
        client.wait_for_workers(2)
        killer = threading.Thread(target=_kill_a_busy_worker, args=(client, store, killed), daemon=True)
        killer.start()
        table = sweep(slow, grid, backend="dask", scheduler=client, store=store, progress=False)
        killer.join(timeout=30)
    assert killed.get("pid"), "no worker was killed while it ran a point"
    assert table["error"].isna().all() and table["y"].tolist() == [x + 1 for x in grid["x"]]
    records = read_lines(store)
    assert sorted(rec["key"] for rec in records) == sorted(point_key({"x": x}) for x in grid["x"])  # once each
    after = [rec for rec in records[killed["stored_before"]:]]
    assert after and all(rec["provenance"]["pid"] != killed["pid"] for rec in after)


def _kill_a_busy_worker(client, store: Path, killed: dict) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not store.exists() or store.read_text().count("\n") < 2):
        time.sleep(0.01)
    busy = [address for address, tasks in client.processing().items() if tasks]
    if not busy:
        return
    pids = client.run(os.getpid, workers=busy[:1])
    killed["stored_before"] = store.read_text().count("\n")
    with contextlib.suppress(Exception):  # the worker dies before it can answer
        client.run(os._exit, 1, workers=busy[:1])
    killed["pid"] = pids[busy[0]]


# --------------------------------------------------------------------------- load balance
def work_per_process(table: pd.DataFrame) -> pd.Series:
    """Seconds spent inside the points by each worker process (a point's ``elapsed``, grouped by its pid)."""
    return table.groupby("run_pid")["elapsed"].sum()


def assert_balanced(table: pd.DataFrame) -> None:
    """Two processes shared the points as list scheduling does: their work differs by at most one point.

    A task goes to whichever worker is free, so the two workers' loads end at most one point apart
    (the largest, 0.4 s); a backend that batched the points ahead of time (dask's default) would leave
    one worker with about half the grid more than the other.  Measured in each point's own time, not
    in wall time, so a loaded machine does not decide the verdict (benchmarks/bench_sweep_balance.py
    reports the wall-time speed-ups).
    """
    loads = work_per_process(table)
    assert len(loads) == 2, loads
    largest = table["elapsed"].max()
    assert largest > 8 * table["elapsed"].min()  # the points do differ ~10x
    assert abs(loads.iloc[0] - loads.iloc[1]) <= largest + 0.05 * loads.sum(), loads


def started_order(table: pd.DataFrame) -> list[float]:
    """The points' costs in the order they started."""
    ordered = table.sort_values("run_started")
    return [units(s, p) for s, p in zip(ordered["sigma"], ordered["phi"], strict=True)]


@pytest.mark.parametrize("order", ["grid", "largest first"])
def test_two_workers_share_uneven_points_as_they_free_up(client, order):
    cost = units if order == "largest first" else None
    dask_table = sweep(uneven, UNEVEN_GRID, backend="dask", scheduler=client, cost=cost, progress=False,
                       provenance=True)
    pool_table = sweep(uneven, UNEVEN_GRID, backend="processes", workers=2, cost=cost, progress=False,
                       provenance=True)
    for table in (dask_table, pool_table):
        assert table["error"].isna().all()
        assert_balanced(table)
    if cost is not None:  # largest first: the dearest points start before any of the cheapest
        for table in (dask_table, pool_table):
            costs = started_order(table)
            assert min(costs[:5]) > max(costs[-5:]), costs
