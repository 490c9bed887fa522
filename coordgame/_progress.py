"""Progress bars (tqdm) for long computations, and the ``progress=`` keyword they share.

``progress=True`` always shows a bar, ``False`` never, ``None`` (the solvers' default) only for
a run estimated to be long *and* when standard error is a terminal, so that tests, logs and
pipelines stay quiet.  tqdm is imported only when a bar is shown.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Any

from coordgame.errors import InvalidArgumentError

__all__ = ["show_progress", "progress_bar", "run_in_thread"]


def show_progress(progress: bool | None, long_run: bool) -> bool:
    """Whether to show a bar: ``progress`` if given, else for a long run on a terminal.

    Examples
    --------
    >>> show_progress(False, True), show_progress(True, False)
    (False, True)
    """
    if progress is None:
        return bool(long_run) and _stderr_is_terminal()
    if not isinstance(progress, bool):
        raise InvalidArgumentError(f"progress: expected True, False or None, got {progress!r}")
    return progress


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (AttributeError, ValueError):  # a replaced or closed stream
        return False


class _NoBar:
    """Stands for a tqdm bar when none is shown."""

    def update(self, n: float = 1) -> None:
        pass

    def refresh(self) -> None:
        pass

    def set_postfix_str(self, text: str) -> None:
        pass

    def close(self) -> None:
        pass

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: Any) -> None:
        pass


def progress_bar(enabled: bool, **options: Any) -> Any:
    """A tqdm bar with ``options`` (``total``, ``desc``, ``unit``) when ``enabled``, else a silent stand-in.

    Examples
    --------
    >>> with progress_bar(False, total=3) as bar:
    ...     bar.update(1)
    """
    if not enabled:
        return _NoBar()
    from tqdm.auto import tqdm

    return tqdm(**options)


def run_in_thread(function: Callable[[], Any], tick: Callable[[], None], interval: float = 0.2) -> Any:
    """``function()`` in a worker thread, calling ``tick()`` every ``interval`` seconds until it returns.

    For a long call into compiled code that releases the GIL (Qhull): the calling thread keeps
    running Python, so Ctrl-C is handled at once (the KeyboardInterrupt propagates from here,
    and the abandoned worker, a daemon thread, finishes in the background), and ``tick`` can
    refresh a progress bar.  Exceptions of ``function`` are re-raised here.

    Examples
    --------
    >>> run_in_thread(lambda: 6 * 7, tick=lambda: None)
    42
    """
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = function()
        except BaseException as exc:  # handed to the calling thread
            outcome["error"] = exc

    worker = threading.Thread(target=target, name="coordgame-worker", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(interval)
        tick()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
