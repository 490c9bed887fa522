"""Time of ``import coordgame`` in a fresh interpreter (median of 7), against the peers.

Run: ``PYTHONPATH=. python benchmarks/bench_import.py``
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import markdown_table, write_result

ROOT = Path(__file__).resolve().parents[1]


def import_time(module: str, repeats: int = 7) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", f"import {module}"], check=True, cwd=ROOT)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    baseline = import_time("sys")
    rows = []
    for module in ["coordgame", "nashpy", "quantecon.game_theory", "pygambit"]:
        try:
            t = import_time(module)
        except subprocess.CalledProcessError:
            rows.append([module, "not installed", ""])
            continue
        rows.append([module, f"{t:.2f} s", f"{t - baseline:.2f} s"])
    text = "## import time (fresh interpreter, median of 7)\n\n" + markdown_table(
        ["module", "wall time", "minus bare interpreter start"], rows)
    write_result("import", text)


if __name__ == "__main__":
    main()
