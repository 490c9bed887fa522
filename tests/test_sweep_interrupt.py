"""Ctrl-C during a sweep on worker processes: the parent stops cleanly, the workers stay quiet.

A terminal sends SIGINT to the whole foreground process group, workers included; this test
does the same to a child sweep started in its own session.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="process groups and SIGINT are POSIX")

SCRIPT = textwrap.dedent(
    """
    import sys, time
    from coordgame.errors import Interrupted
    from coordgame.sweep import sweep

    def slow(x):
        time.sleep(0.3 if x < 2 else 30.0)
        return {"y": x}

    if __name__ == "__main__":
        try:
            sweep(slow, {"x": list(range(8))}, store=sys.argv[1], backend="processes", workers=2, progress=False)
        except Interrupted as exc:
            print(f"stopped: {exc}", file=sys.stderr)
            sys.exit(130)
    """
)


def test_ctrl_c_stops_a_process_sweep_at_once_without_worker_tracebacks(tmp_path):
    script = tmp_path / "sweep_script.py"
    script.write_text(SCRIPT)
    store = tmp_path / "store.jsonl"
    child = subprocess.Popen([sys.executable, str(script), str(store)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, start_new_session=True, cwd=tmp_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (store.exists() and len(store.read_text().splitlines()) >= 2):
        time.sleep(0.1)
    assert store.exists(), "the sweep wrote nothing within a minute"
    time.sleep(0.5)  # the workers are now inside the 30-second points
    started = time.monotonic()
    os.killpg(child.pid, signal.SIGINT)
    try:
        _, stderr = child.communicate(timeout=20)
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
    assert time.monotonic() - started < 15, "the parent waited for the workers' points to finish"
    assert child.returncode == 130, stderr
    assert "Traceback" not in stderr, stderr
    assert stderr.strip().startswith("stopped: sweep: interrupted"), stderr
    kept = [json.loads(line) for line in store.read_text().splitlines()]
    assert sorted(r["point"]["x"] for r in kept) == [0, 1]
