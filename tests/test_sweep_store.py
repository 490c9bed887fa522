"""Tests of a sweep store's one-writer lock, its provenance, its export, and the start order of points."""

from __future__ import annotations

import datetime
import json
import os
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

import coordgame
from coordgame.errors import InvalidArgumentError, MissingDependencyError, StoreLockedError
from coordgame.sweep import PROVENANCE_FIELDS, SweepStore, git_commit, point_key, sweep, write_table

ROOT = Path(__file__).resolve().parents[1]


def plain(x):
    return {"y": x + 1}


def seeded(x, seed):
    return {"y": x + 1, "s": seed % 7}


def read_lines(store: Path) -> list[dict]:
    return [json.loads(line) for line in store.read_text().splitlines()]


# --------------------------------------------------------------------------- one store, one writer
SLOW_WRITER = textwrap.dedent(
    """
    import sys, time
    from coordgame.sweep import sweep

    def slow(x):
        time.sleep(0.05)
        return {"y": x + 1}

    sweep(slow, {"x": list(range(40))}, store=sys.argv[1], progress=False)
    """
)


def test_a_second_process_writing_the_same_store_is_refused(tmp_path):
    script = tmp_path / "writer.py"
    script.write_text(SLOW_WRITER)
    store = tmp_path / "runs.jsonl"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writer = subprocess.Popen([sys.executable, str(script), str(store)], env=env, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (not store.exists() or len(store.read_text().splitlines()) < 2):
            time.sleep(0.02)
        assert writer.poll() is None, "the first writer finished before the second started; slow it down"
        log = []
        with pytest.raises(StoreLockedError, match=rf"pid {writer.pid}\b.*one store has one writer") as caught:
            sweep(lambda x: log.append(x) or {"y": x + 1}, {"x": list(range(40))}, store=store, progress=False)
        assert log == []  # refused before computing anything
        assert caught.value.holder == f"host {socket.gethostname()} pid {writer.pid}"
    finally:
        _, stderr = writer.communicate(timeout=120)
    assert writer.returncode == 0, stderr.decode()
    lines = read_lines(store)
    assert len(lines) == 40 == len({rec["key"] for rec in lines})  # every key written once, by the first writer
    again = sweep(plain, {"x": list(range(40))}, store=store, progress=False)  # the lock went with the writer
    assert again["y"].tolist() == list(range(1, 41)) and len(read_lines(store)) == 40


def test_two_sweeps_in_one_process_on_one_store_are_refused(tmp_path):
    store = tmp_path / "runs.jsonl"
    holder = SweepStore(store)
    with holder.lock:
        with pytest.raises(StoreLockedError, match="this process"):
            sweep(plain, {"x": [1]}, store=store, progress=False)
        with pytest.raises(StoreLockedError):
            SweepStore(store).append({"key": "k", "point": {}, "result": {}, "error": None})
    sweep(plain, {"x": [1]}, store=store, progress=False)  # released: the next sweep may write
    assert len(read_lines(store)) == 1


def test_a_reader_never_rewrites_a_store_being_written(tmp_path):
    store = tmp_path / "runs.jsonl"
    sweep(plain, {"x": [1, 2]}, store=store, progress=False)
    with open(store, "a") as fh:
        fh.write('{"key": "abc", "point"')  # as a writer's line would look mid-write
    text = store.read_text()
    with SweepStore(store).lock:  # the writer
        assert len(SweepStore(store).load()) == 2  # the reader skips the unfinished line
        assert store.read_text() == text


# --------------------------------------------------------------------------- provenance
def check_provenance(record: dict, *, base_seed: int, parent_pid_expected: bool) -> None:
    info = record["provenance"]
    assert tuple(info) == PROVENANCE_FIELDS
    assert info["version"] == coordgame.__version__
    assert info["commit"] == git_commit(str(Path(coordgame.__file__).parent))
    assert info["function"].endswith(".seeded")
    assert info["host"] == socket.gethostname()
    assert (info["pid"] == os.getpid()) is parent_pid_expected
    assert info["worker"] is None
    assert info["base_seed"] == base_seed
    started = datetime.datetime.fromisoformat(info["started"])
    assert abs((datetime.datetime.now(datetime.timezone.utc) - started).total_seconds()) < 600
    assert record["elapsed"] >= 0 and set(record["point"]) == {"x", "seed"}


@pytest.mark.parametrize("backend", ["serial", "processes"])
def test_every_stored_point_carries_its_provenance(tmp_path, backend):
    store = tmp_path / "runs.jsonl"
    sweep(seeded, {"x": [1, 2, 3]}, store=store, backend=backend, workers=2, seed=4, progress=False)
    for record in read_lines(store):
        check_provenance(record, base_seed=4, parent_pid_expected=backend == "serial")


def test_provenance_columns_of_the_table_and_of_the_store(tmp_path):
    store = tmp_path / "runs.jsonl"
    table = sweep(seeded, {"x": [1, 2]}, store=store, provenance=True, progress=False)
    columns = [f"run_{name}" for name in PROVENANCE_FIELDS]
    assert list(table.columns) == ["x", "seed", "y", "s", "error", "elapsed", *columns]
    assert (table["run_version"] == coordgame.__version__).all()
    stored = SweepStore(store).to_frame()
    pd.testing.assert_frame_equal(stored, table)


def test_commit_is_found_in_a_git_checkout_and_is_none_elsewhere(tmp_path):
    assert git_commit(str(tmp_path)) is None
    if (ROOT / ".git").exists():
        commit = git_commit(str(ROOT / "coordgame"))
        assert commit is not None and len(commit.removesuffix("-dirty")) == 40


def test_an_old_store_without_provenance_still_loads_and_resumes(tmp_path):
    store = tmp_path / "old.jsonl"
    old = [{"key": point_key({"x": x}), "point": {"x": x}, "result": {"y": x + 1}, "error": None, "elapsed": 0.1}
           for x in (1, 2)]
    store.write_text("".join(json.dumps(rec) + "\n" for rec in old))
    table = sweep(plain, {"x": [1, 2, 3]}, store=store, provenance=True, progress=False)
    assert table["y"].tolist() == [2, 3, 4]
    assert table["run_version"].isna().tolist() == [True, True, False]
    assert read_lines(store)[:2] == old
    assert SweepStore(store).to_frame()["run_host"].isna().sum() == 2


# --------------------------------------------------------------------------- export
def test_table_exports_to_csv_and_parquet(tmp_path):
    table = sweep(seeded, {"x": [1, 2, 3]}, provenance=True, progress=False)
    csv = pd.read_csv(write_table(table, tmp_path / "t.csv"))
    assert csv["y"].tolist() == [2, 3, 4] and "run_commit" in csv
    pytest.importorskip("pyarrow", reason="Parquet needs the 'parquet' extra: pip install -e '.[parquet]'")
    back = pd.read_parquet(write_table(table, tmp_path / "sub" / "t.parquet"))
    pd.testing.assert_frame_equal(back, table)


def test_export_errors_name_the_path(tmp_path, monkeypatch):
    table = pd.DataFrame({"x": [1]})
    with pytest.raises(InvalidArgumentError, match=r"^path: .*\.xlsx"):
        write_table(table, tmp_path / "t.xlsx")
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(MissingDependencyError, match=r"coordgame\[parquet\]"):
        write_table(table, tmp_path / "t.parquet")


# --------------------------------------------------------------------------- start order and delivery
def test_cost_starts_the_largest_points_first_and_keeps_the_table_in_grid_order():
    calls = []

    def logged(x):
        calls.append(x)
        return {"y": x + 1}

    table = sweep(logged, {"x": [3, 1, 4, 1.5, 9, 2]}, cost=lambda x: x, progress=False)
    assert calls == [9, 4, 3, 2, 1.5, 1]
    assert table["x"].tolist() == [3, 1, 4, 1.5, 9, 2]


@pytest.mark.parametrize(("options", "message"), [
    ({"cost": 3}, "^cost: "),
    ({"cost": lambda x: float("nan")}, "^cost: .*finite"),
    ({"cost": lambda x: "big"}, "^cost: "),
    ({"scheduler": "tcp://127.0.0.1:8786"}, "^scheduler: only backend='dask'"),
    ({"backend": "dask", "scheduler": 42}, "^scheduler: expected"),
    ({"backend": "dask", "scheduler": "tcp://127.0.0.1:8786", "workers": 2}, "^workers: "),
])
def test_bad_sweep_options_name_the_argument(options, message):
    with pytest.raises(InvalidArgumentError, match=message):
        sweep(plain, {"x": [1, 2]}, progress=False, **options)


def test_a_point_delivered_twice_is_stored_once(tmp_path, monkeypatch):
    from coordgame.sweep import _sweep

    def twice(run, todo, record, **_):
        for key, point in todo:
            record([run(key, point)])
            record([run(key, point)])  # as after a worker's death, should a result arrive again

    monkeypatch.setitem(_sweep._RUNNERS, "serial", twice)
    store = tmp_path / "runs.jsonl"
    table = sweep(plain, {"x": [1, 2, 3]}, store=store, progress=False)
    assert table["y"].tolist() == [2, 3, 4]
    assert [rec["point"]["x"] for rec in read_lines(store)] == [1, 2, 3]


def test_parallel_backends_send_one_point_per_task_by_default(tmp_path, monkeypatch):
    from coordgame.sweep import _backends

    sizes = []
    cut = _backends.chunks

    def logged_chunks(todo, size):
        pieces = cut(todo, size)
        sizes.extend(len(piece) for piece in pieces)
        return pieces

    monkeypatch.setattr(_backends, "chunks", logged_chunks)
    sweep(plain, {"x": list(range(6))}, store=tmp_path / "a.jsonl", backend="processes", workers=2, progress=False)
    assert sizes == [1] * 6  # each point is recorded, and moves the bar, as it finishes
    sweep(plain, {"x": list(range(6))}, store=tmp_path / "b.jsonl", backend="processes", workers=2, chunksize=4,
          progress=False)
    assert sizes[6:] == [4, 2]
