"""Shared helpers of the benchmark scripts: timing by medians and markdown tables."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def median_time(function: Callable[[], object], repeats: int = 5, budget: float | None = None) -> float:
    """Median wall time of ``function()`` over ``repeats`` runs (fewer if ``budget`` seconds run out)."""
    times = []
    start = time.perf_counter()
    for _ in range(repeats):
        t = time.perf_counter()
        function()
        times.append(time.perf_counter() - t)
        if budget is not None and time.perf_counter() - start > budget:
            break
    return statistics.median(times)


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A GitHub-flavoured markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def write_result(topic: str, text: str) -> Path:
    """Print ``text`` and write it to ``benchmarks/results/<topic>.md``."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{topic}.md"
    path.write_text(text + "\n", encoding="utf-8")
    print(text)
    print(f"\n(written to {path})")
    return path


def fmt(seconds: float) -> str:
    """Seconds in a readable unit."""
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"
