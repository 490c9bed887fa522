"""Provenance of a stored point: which code computed it, where, when and with which seed.

Every record a sweep stores carries ``provenance``, a dict with

* ``version``: the coordgame version of the process that computed the point;
* ``commit``: the git commit of coordgame's source when it runs from a git checkout (with
  ``-dirty`` appended when tracked files differ from it), else None;
* ``function``: the swept function as ``module.qualname``, and ``function_commit``, the git
  commit of the checkout holding its source file (a paper's own repository), when there is one;
* ``host`` and ``pid`` of the process that ran it, and ``worker``: the dask worker's address
  (None on the serial and processes backends);
* ``started``: when the point started, UTC, ISO 8601;
* ``base_seed``: the sweep's base seed (a point's own seed is among its parameters).

The parameters and the elapsed time are in the record itself (``point``, ``elapsed``).  Git is
asked once per process and folder (``git describe``, a few milliseconds), never per point.
"""

from __future__ import annotations

import datetime as _dt
import functools
import inspect
import os
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["PROVENANCE_FIELDS", "point_provenance", "git_commit"]

#: The fields of a record's ``provenance``, in the order the table shows them.
PROVENANCE_FIELDS = ("version", "commit", "function", "function_commit", "host", "worker", "pid", "started",
                     "base_seed")


@functools.lru_cache(maxsize=64)
def git_commit(folder: str) -> str | None:
    """The commit checked out in the git work tree holding ``folder`` (``-dirty`` if modified), else None.

    Examples
    --------
    >>> import tempfile
    >>> git_commit(tempfile.mkdtemp()) is None
    True
    """
    path = Path(folder).resolve()
    # Look for the repository before starting a process: an installed wheel has none.
    if not any((parent / ".git").exists() for parent in (path, *path.parents)):
        return None
    try:
        done = subprocess.run(["git", "describe", "--always", "--dirty", "--abbrev=40"], cwd=path,
                              capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):  # no git executable, or it hangs
        return None
    commit = done.stdout.strip()
    return commit if done.returncode == 0 and commit else None


@functools.lru_cache(maxsize=1)
def _coordgame_version_and_commit() -> tuple[str, str | None]:
    from coordgame import __version__

    return __version__, git_commit(str(Path(__file__).resolve().parent))


@functools.lru_cache(maxsize=64)
def _function_identity(func: Callable) -> tuple[str, str | None]:
    name = f"{getattr(func, '__module__', None) or '?'}.{getattr(func, '__qualname__', type(func).__qualname__)}"
    try:
        source = inspect.getsourcefile(func)
    except TypeError:  # a builtin or a callable instance of a C type
        source = None
    return name, (git_commit(str(Path(source).parent)) if source else None)


def _dask_worker_address() -> str | None:
    distributed = sys.modules.get("distributed")  # a dask worker has imported it; never import it here (slow)
    if distributed is None:
        return None
    try:
        return distributed.get_worker().address
    except ValueError:  # not running inside a dask worker
        return None


def point_provenance(func: Callable, base_seed: int, started: float) -> dict[str, Any]:
    """The provenance of a point run by ``func`` in this process, started at ``started`` (a Unix time).

    Examples
    --------
    >>> info = point_provenance(point_provenance, 0, 0.0)
    >>> info["started"], info["base_seed"], info["pid"] == os.getpid()
    ('1970-01-01T00:00:00+00:00', 0, True)
    """
    version, commit = _coordgame_version_and_commit()
    try:
        function, function_commit = _function_identity(func)
    except TypeError:  # an unhashable callable: name it, skip the cache
        function, function_commit = _function_identity.__wrapped__(func)
    return {
        "version": version,
        "commit": commit,
        "function": function,
        "function_commit": function_commit,
        # Host and pid are read each time: a forked worker inherits the parent's caches.
        "host": socket.gethostname(),
        "worker": _dask_worker_address(),
        "pid": os.getpid(),
        "started": _dt.datetime.fromtimestamp(started, _dt.timezone.utc).isoformat(),
        "base_seed": base_seed,
    }
