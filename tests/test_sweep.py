"""Tests of coordgame.sweep: grids, the store, resume after a crash, backends, failures, seeds."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coordgame.errors import FileFormatError, InvalidArgumentError, MissingDependencyError
from coordgame.sweep import SweepStore, derived_seed, expand_grid, point_key, sweep

ROOT = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------- functions swept
# Module level so that worker processes can import them.
def noisy_model(x, label, seed):
    """A stand-in for a model: a deterministic part and a seeded random part."""
    rng = np.random.default_rng(seed)
    return {"y": x * 2.0, "noise": float(rng.normal()), "tag": f"{label}-{x}"}


def plain(x):
    return {"y": x + 1}


def fails_on_odd(x):
    if x % 2:
        raise ValueError(f"odd x={x}")
    return {"y": x}


def interrupted_at_7(x):
    if x == 7:
        raise KeyboardInterrupt
    return {"y": x + 1}


class CallLog:
    """Counts the points a sweep actually evaluates."""

    def __init__(self):
        self.calls = []

    def __call__(self, x):
        self.calls.append(x)
        return {"y": x + 1}


def without_timing(table: pd.DataFrame) -> pd.DataFrame:
    return table.drop(columns="elapsed")


# --------------------------------------------------------------------------- grids
def test_product_grid_last_parameter_fastest():
    points = expand_grid({"a": [1, 2], "b": ["u", "v", "w"]})
    assert points == [{"a": a, "b": b} for a in (1, 2) for b in ("u", "v", "w")]


def test_explicit_grid_kept_in_order_and_numpy_values_unwrapped():
    points = expand_grid([{"a": np.int64(3)}, {"a": np.float64(0.5), "b": True}])
    assert points == [{"a": 3}, {"a": 0.5, "b": True}]
    assert type(points[0]["a"]) is int and type(points[1]["a"]) is float


def test_numpy_array_and_range_values_accepted():
    assert expand_grid({"a": np.array([0.0, 1.0]), "b": range(2)}) == [
        {"a": 0.0, "b": 0}, {"a": 0.0, "b": 1}, {"a": 1.0, "b": 0}, {"a": 1.0, "b": 1}]


@pytest.mark.parametrize(
    ("grid", "message"),
    [
        ({}, "no points"),
        ([], "no points"),
        ({"a": []}, "'a' are empty"),
        ({"a": 3}, "must be a list"),
        ({"a": "abc"}, "must be a list"),
        ({"not a name": [1]}, "identifiers"),
        ({"a": [float("nan")]}, "non-finite"),
        ({"a": [[1, 2]]}, "numbers, strings"),
        ([{"a": 1}, {"a": 1}], "more than once"),
        ([{"a": 1}, 5], r"grid\[1\]"),
        (42, "dict of lists or a list of dicts"),
    ],
)
def test_bad_grids_raise_invalid_argument(grid, message):
    with pytest.raises(InvalidArgumentError, match=message):
        expand_grid(grid)
    with pytest.raises(InvalidArgumentError, match=message):
        sweep(plain, grid, progress=False)


scalars = st.one_of(st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=5),
                    st.booleans(), st.none())
grids = st.dictionaries(st.sampled_from(["a", "b", "c", "lam"]), st.lists(scalars, min_size=1, max_size=4, unique_by=repr),
                        min_size=1)


@settings(max_examples=60, deadline=None)
@given(grids)
def test_product_grid_size_keys_and_order_free_keys(grid):
    points = expand_grid(grid)  # values distinct by repr are distinct as JSON too (1, 1.0 and True differ)
    assert len(points) == int(np.prod([len(v) for v in grid.values()]))
    keys = [point_key(p) for p in points]
    assert len(set(keys)) == len(points)
    assert keys == [point_key(dict(reversed(list(p.items())))) for p in points]


def test_point_key_is_order_free_and_type_aware():
    assert point_key({"a": 1, "b": 2.0}) == point_key({"b": 2.0, "a": 1})
    assert point_key({"a": 1}) == point_key({"a": np.int32(1)})
    assert point_key({"a": 1}) != point_key({"a": 1.5})


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"backend": "threads"}, "backend"),
        ({"errors": "ignore"}, "errors"),
        ({"workers": 0}, "workers"),
        ({"chunksize": -1}, "chunksize"),
        ({"seed": -1}, "seed"),
    ],
)
def test_bad_options_raise_invalid_argument(options, message):
    with pytest.raises(InvalidArgumentError, match=message):
        sweep(plain, {"x": [1]}, progress=False, **options)


def test_unpicklable_func_rejected_for_process_backends():
    with pytest.raises(InvalidArgumentError, match="picklable"):
        sweep(lambda x: {"y": x}, {"x": [1, 2]}, backend="processes", progress=False)


# --------------------------------------------------------------------------- results table
def test_table_has_parameters_results_and_error_columns_in_grid_order():
    table = sweep(plain, {"x": [3, 1, 2]}, progress=False)
    assert list(table.columns) == ["x", "y", "error", "elapsed"]
    assert table["x"].tolist() == [3, 1, 2]
    assert table["y"].tolist() == [4, 2, 3]
    assert table["error"].isna().all()


def test_result_named_like_a_parameter_is_prefixed():
    table = sweep(lambda x: {"x": x * 10}, {"x": [1, 2]}, progress=False)
    assert table["x"].tolist() == [1, 2]
    assert table["result_x"].tolist() == [10, 20]


def test_numpy_results_are_stored_as_plain_values(tmp_path):
    table = sweep(lambda x: {"y": np.float64(x) / 2, "v": np.arange(2) * x}, {"x": [1]}, store=tmp_path / "s.jsonl",
                  progress=False)
    assert table["y"].tolist() == [0.5]
    assert table["v"].tolist() == [[0, 1]]


# --------------------------------------------------------------------------- failures
def test_failures_are_recorded_and_other_points_finish(tmp_path):
    table = sweep(fails_on_odd, {"x": list(range(6))}, store=tmp_path / "s.jsonl", progress=False)
    odd = table["x"] % 2 == 1
    assert table.loc[odd, "error"].tolist() == [f"ValueError: odd x={x}" for x in (1, 3, 5)]
    assert table.loc[~odd, "error"].isna().all()
    assert table.loc[~odd, "y"].tolist() == [0, 2, 4]
    assert table.loc[odd, "y"].isna().all()


def test_func_returning_a_non_dict_is_a_recorded_failure():
    table = sweep(lambda x: x, {"x": [1]}, progress=False)
    assert "must return a dict" in table["error"].iloc[0]


def test_errors_raise_propagates_the_first_exception():
    with pytest.raises(ValueError, match="odd x=1"):
        sweep(fails_on_odd, {"x": [0, 1, 2]}, errors="raise", progress=False)


def test_failed_points_are_retried_on_resume_unless_asked_not_to(tmp_path):
    store = tmp_path / "s.jsonl"
    sweep(fails_on_odd, {"x": [0, 1, 2, 3]}, store=store, progress=False)
    kept = CallLog()
    sweep(kept, {"x": [0, 1, 2, 3]}, store=store, retry_failed=False, progress=False)
    assert kept.calls == []
    retried = CallLog()
    table = sweep(retried, {"x": [0, 1, 2, 3]}, store=store, progress=False)
    assert retried.calls == [1, 3]
    assert table["error"].isna().all()
    assert table["y"].tolist() == [0, 2, 2, 4]


@pytest.mark.parametrize("backend", ["processes", "dask"])
def test_failures_recorded_on_parallel_backends(backend, request):
    where = {"workers": 2} if backend == "processes" else {"scheduler": request.getfixturevalue("dask_threads")}
    table = sweep(fails_on_odd, {"x": list(range(5))}, backend=backend, progress=False, **where)
    assert table["error"].notna().tolist() == [False, True, False, True, False]


def needs_dask() -> None:
    pytest.importorskip("dask", reason="backend='dask' needs the 'dask' extra: pip install -e '.[dask]'")
    pytest.importorskip("distributed", reason="backend='dask' needs the 'dask' extra: pip install -e '.[dask]'")


@pytest.fixture(scope="module")
def dask_threads():
    """A dask.distributed cluster of two single-thread workers inside this process: it starts in a
    fraction of a second, so the default suite exercises the dask backend; tests/test_sweep_cluster.py
    runs the same backend on worker processes (slow)."""
    needs_dask()
    import logging

    import distributed

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None,
                                  silence_logs=logging.ERROR) as cluster, distributed.Client(cluster) as client:
        yield client


# --------------------------------------------------------------------------- store and resume
def read_lines(store: Path) -> list[dict]:
    return [json.loads(line) for line in store.read_text().splitlines()]


def test_store_has_one_line_per_point_and_resume_runs_nothing(tmp_path):
    store = tmp_path / "sub" / "runs.jsonl"
    first = sweep(plain, {"x": list(range(5))}, store=store, progress=False)
    lines = read_lines(store)
    assert [rec["point"] for rec in lines] == [{"x": x} for x in range(5)]
    assert {rec["key"] for rec in lines} == {point_key({"x": x}) for x in range(5)}
    log = CallLog()
    again = sweep(log, {"x": list(range(5))}, store=store, progress=False)
    assert log.calls == []
    pd.testing.assert_frame_equal(first, again)
    assert len(read_lines(store)) == 5


def test_resume_false_reruns_everything(tmp_path):
    store = tmp_path / "runs.jsonl"
    sweep(plain, {"x": [1, 2]}, store=store, progress=False)
    log = CallLog()
    sweep(log, {"x": [1, 2]}, store=store, resume=False, progress=False)
    assert log.calls == [1, 2]


def test_growing_grid_runs_only_the_new_points(tmp_path):
    store = tmp_path / "runs.jsonl"
    sweep(plain, {"x": [1, 2, 3]}, store=store, progress=False)
    log = CallLog()
    table = sweep(log, {"x": [0, 1, 2, 3, 4]}, store=store, progress=False)
    assert log.calls == [0, 4]
    assert table["y"].tolist() == [1, 2, 3, 4, 5]


def assert_resumed_exactly(store: Path, grid_values: list[int], finished_before: set[int]) -> None:
    """Rerun after an interruption: only missing points run, every point appears once, nothing lost."""
    before = read_lines(store)
    assert {rec["point"]["x"] for rec in before} == finished_before
    log = CallLog()
    table = sweep(log, {"x": grid_values}, store=store, progress=False)
    assert sorted(log.calls) == sorted(set(grid_values) - finished_before)
    assert table["x"].tolist() == grid_values
    assert table["y"].tolist() == [x + 1 for x in grid_values]
    after = read_lines(store)
    assert after[: len(before)] == before  # nothing finished was rewritten or lost
    assert len(after) == len(grid_values) == len({rec["key"] for rec in after})  # and nothing duplicated


def test_resume_after_keyboard_interrupt_serial(tmp_path):
    store = tmp_path / "runs.jsonl"
    with pytest.raises(KeyboardInterrupt):
        sweep(interrupted_at_7, {"x": list(range(12))}, store=store, progress=False)
    assert_resumed_exactly(store, list(range(12)), set(range(7)))


def test_resume_after_keyboard_interrupt_in_a_worker_process(tmp_path):
    store = tmp_path / "runs.jsonl"
    with pytest.raises(KeyboardInterrupt):
        sweep(interrupted_at_7, {"x": list(range(12))}, store=store, backend="processes", workers=2, chunksize=1,
              progress=False)
    finished = {rec["point"]["x"] for rec in read_lines(store)}
    assert 7 not in finished
    assert_resumed_exactly(store, list(range(12)), finished)


KILLED_SWEEP = textwrap.dedent(
    """
    import os, signal, sys
    from coordgame.sweep import sweep

    def plain_until_kill(x):
        if x == int(sys.argv[2]):
            os.kill(os.getpid(), signal.SIGKILL)  # as if the machine died: no cleanup at all
        return {"y": x + 1}

    sweep(plain_until_kill, {"x": list(range(10))}, store=sys.argv[1], progress=False)
    """
)


def test_resume_after_sigkill(tmp_path):
    script = tmp_path / "killed.py"
    script.write_text(KILLED_SWEEP)
    store = tmp_path / "runs.jsonl"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, str(script), str(store), "6"], env=env, capture_output=True, timeout=60)
    assert done.returncode == -9, done.stderr.decode()
    assert_resumed_exactly(store, list(range(10)), set(range(6)))


SLOW_PARALLEL_SWEEP = textwrap.dedent(
    """
    import sys, time
    from coordgame.sweep import sweep

    def slow(x):
        time.sleep(0.1)
        return {"y": x + 1}

    sweep(slow, {"x": list(range(40))}, store=sys.argv[1], backend="processes", workers=2, chunksize=1, progress=False)
    """
)


def test_resume_after_sigkill_of_a_parallel_sweep_and_its_workers(tmp_path):
    script = tmp_path / "parallel.py"
    script.write_text(SLOW_PARALLEL_SWEEP)
    store = tmp_path / "runs.jsonl"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    job = subprocess.Popen([sys.executable, str(script), str(store)], env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (not store.exists() or len(store.read_text().splitlines()) < 6):
            time.sleep(0.05)
    finally:
        os.killpg(job.pid, signal.SIGKILL)  # the sweep and its worker processes, with no cleanup
        job.wait(timeout=30)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # should the kill cut a line, it is repaired (tested below)
        finished = {rec["point"]["x"] for rec in SweepStore(store).load().values()}
    assert 6 <= len(finished) < 40
    assert_resumed_exactly(store, list(range(40)), finished)


def test_incomplete_last_line_is_dropped_with_a_warning_and_repaired(tmp_path):
    store = tmp_path / "runs.jsonl"
    sweep(plain, {"x": [1, 2, 3]}, store=store, progress=False)
    with open(store, "a") as fh:
        fh.write('{"key": "abc", "point": {"x"')  # a write cut short by a crash
    with pytest.warns(RuntimeWarning, match="incomplete last record"):
        records = SweepStore(store).load()
    assert len(records) == 3
    assert store.read_text().endswith("\n") and len(read_lines(store)) == 3
    assert_resumed_exactly(store, [1, 2, 3, 4], {1, 2, 3})


def test_corrupt_line_in_the_middle_is_a_file_format_error(tmp_path):
    store = tmp_path / "runs.jsonl"
    sweep(plain, {"x": [1, 2]}, store=store, progress=False)
    lines = store.read_text().splitlines(keepends=True)
    store.write_text(lines[0] + "garbage\n" + lines[1])
    with pytest.raises(FileFormatError, match=r"runs\.jsonl:2"):
        sweep(plain, {"x": [1, 2]}, store=store, progress=False)


# --------------------------------------------------------------------------- backends and seeds
GRID = {"x": [0, 1, 2, 3, 4, 5, 6], "label": ["a", "b"]}


def test_processes_and_dask_agree_with_serial(tmp_path, dask_threads):
    serial = sweep(noisy_model, GRID, progress=False)
    processes = sweep(noisy_model, GRID, backend="processes", workers=2, chunksize=3, progress=False)
    dask = sweep(noisy_model, GRID, backend="dask", scheduler=dask_threads, store=tmp_path / "d.jsonl", progress=False)
    pd.testing.assert_frame_equal(without_timing(serial), without_timing(processes))
    pd.testing.assert_frame_equal(without_timing(serial), without_timing(dask))
    assert len(read_lines(tmp_path / "d.jsonl")) == len(serial)


def test_dask_backend_resumes_from_a_serial_store(tmp_path, dask_threads):
    store = tmp_path / "runs.jsonl"
    sweep(noisy_model, {"x": [0, 1], "label": ["a"]}, store=store, progress=False)
    table = sweep(noisy_model, {"x": [0, 1, 2, 3], "label": ["a"]}, store=store, backend="dask", scheduler=dask_threads,
                  progress=False)
    assert table["x"].tolist() == [0, 1, 2, 3]
    assert len(read_lines(store)) == 4


def test_missing_dask_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "dask", None)
    with pytest.raises(MissingDependencyError, match=r"coordgame\[dask\]"):
        sweep(plain, {"x": [1]}, backend="dask", progress=False)


def test_missing_distributed_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(MissingDependencyError, match=r"distributed: pip install 'coordgame\[dask\]'"):
        sweep(plain, {"x": [1]}, backend="dask", scheduler="tcp://127.0.0.1:1", progress=False)


def test_seeds_depend_on_point_and_base_seed_not_on_order():
    forward = sweep(noisy_model, GRID, progress=False)
    reverse = sweep(noisy_model, expand_grid(GRID)[::-1], progress=False).iloc[::-1].reset_index(drop=True)
    pd.testing.assert_frame_equal(without_timing(forward), without_timing(reverse))
    assert forward["seed"].nunique() == len(forward)
    expected = [derived_seed(0, point_key(p)) for p in expand_grid(GRID)]
    assert forward["seed"].tolist() == expected
    other = sweep(noisy_model, GRID, seed=1, progress=False)
    assert not np.intersect1d(other["seed"], forward["seed"]).size


def test_seed_given_in_the_grid_is_used_as_is():
    table = sweep(noisy_model, {"x": [1], "label": ["a"], "seed": [5, 6]}, progress=False)
    assert table["seed"].tolist() == [5, 6]
    assert table["noise"].tolist() == [float(np.random.default_rng(s).normal()) for s in (5, 6)]


def test_changing_the_base_seed_reruns_points_from_the_store(tmp_path):
    store = tmp_path / "runs.jsonl"
    sweep(noisy_model, {"x": [1, 2], "label": ["a"]}, store=store, progress=False)
    sweep(noisy_model, {"x": [1, 2], "label": ["a"]}, store=store, seed=9, progress=False)
    assert len(read_lines(store)) == 4


def test_interrupt_carries_the_finished_points_marked_incomplete(tmp_path):
    from coordgame.errors import Interrupted

    store = tmp_path / "runs.jsonl"
    with pytest.raises(Interrupted) as caught:
        sweep(interrupted_at_7, {"x": list(range(12))}, store=store, progress=False)
    partial = caught.value.partial
    assert partial["x"].tolist() == list(range(7)) and partial["y"].tolist() == list(range(1, 8))
    assert partial.attrs["complete"] is False and "7 of 12" in partial.attrs["note"]
    assert "rerun resumes" in str(caught.value)
    log = CallLog()
    table = sweep(log, {"x": list(range(12))}, store=store, progress=False)
    assert sorted(log.calls) == list(range(7, 12)) and len(table) == 12


def test_progress_none_and_bad_progress(capsys):
    table = sweep(plain, {"x": [1, 2]}, progress=None)  # stderr is not a terminal under pytest: no bar
    assert table["y"].tolist() == [2, 3] and "sweep" not in capsys.readouterr().err
    with pytest.raises(InvalidArgumentError, match="progress"):
        sweep(plain, {"x": [1]}, progress="yes")
