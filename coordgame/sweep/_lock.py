"""One store, one writer: an exclusive operating-system lock on a file next to the store.

The lock is an advisory lock held on ``<store>.lock`` (a POSIX record lock, ``fcntl.lockf``,
or ``msvcrt.locking`` on Windows) for as long as a sweep writes the store.  The operating
system drops it when the holder exits, however it exits (SIGKILL included), so a lock is never
stale: a crashed sweep does not keep the store locked.  The holder writes its host and process
id into the lock file, only so that a refused writer can say who holds it.

Record locks belong to a process and are not inherited by the worker processes it forks (an
``flock`` lock would be, and would outlive a killed sweep in its orphaned workers).  Within one
process they do not conflict, so the locks held by this process are also kept in a registry:
two sweeps in two threads are kept apart too.  Advisory locks
on network file systems (NFS) depend on the server; keep a store on a local disk of the machine
that runs the sweep (workers never touch the store: only the sweeping process writes it).
"""

from __future__ import annotations

import os
import socket
import sys
import threading
from pathlib import Path

from coordgame.errors import StoreLockedError

__all__ = ["StoreLock"]

#: Lock files this process holds (record locks do not conflict within a process).
_HELD_HERE: set[str] = set()
_REGISTRY_GUARD = threading.Lock()


class StoreLock:
    """An exclusive, non-blocking lock on the store ``store`` (held on ``<store>.lock``; re-entrant).

    Examples
    --------
    >>> import tempfile, os
    >>> store = os.path.join(tempfile.mkdtemp(), "runs.jsonl")
    >>> first, second = StoreLock(store), StoreLock(store)
    >>> first.acquire()
    >>> try:
    ...     second.acquire()
    ... except Exception as exc:
    ...     print(type(exc).__name__)
    StoreLockedError
    >>> first.release(); second.acquire(); second.release()
    """

    def __init__(self, store: str | os.PathLike) -> None:
        self.store = Path(store)
        self.path = self.store.with_name(self.store.name + ".lock")
        self._fd: int | None = None
        self._depth = 0
        self._name = ""

    @property
    def held(self) -> bool:
        """Whether this object holds the lock."""
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock, or raise :class:`~coordgame.errors.StoreLockedError` at once if another holder has it."""
        if self._fd is not None:
            self._depth += 1
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        name = str(self.path.resolve())
        with _REGISTRY_GUARD:
            if name in _HELD_HERE:
                raise self._refused(f"host {socket.gethostname()} pid {os.getpid()}, this process")
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                _lock(fd)
            except OSError:
                os.close(fd)  # never the holder's own descriptor: closing one would drop a record lock
                raise self._refused(_read_holder(self.path)) from None
            _HELD_HERE.add(name)
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, f"host {socket.gethostname()} pid {os.getpid()}\n".encode())
        self._fd, self._depth, self._name = fd, 1, name

    def _refused(self, holder: str) -> StoreLockedError:
        return StoreLockedError(
            f"store: {self.store} is being written by another sweep ({holder}); one store has "
            "one writer: wait for that sweep to finish, or give this one another store",
            holder=holder,
        )

    def release(self) -> None:
        """Drop the lock (once per :meth:`acquire`)."""
        if self._fd is None:
            return
        self._depth -= 1
        if self._depth > 0:
            return
        fd, self._fd = self._fd, None
        try:
            _unlock(fd)
        finally:
            os.close(fd)
            with _REGISTRY_GUARD:
                _HELD_HERE.discard(self._name)

    def __enter__(self) -> StoreLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _read_holder(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:  # Windows: the holder's byte lock forbids reading
        text = ""
    return text or "holder unknown"


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.lockf(fd, fcntl.LOCK_UN)
