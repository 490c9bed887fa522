"""The crash-safe store of a sweep, its table, and the table's export to CSV or Parquet.

A store is a JSON-lines file with one record per finished point,
``{"key", "point", "result", "error", "elapsed", "provenance"}``, each written by one ``write``
call and forced to disk (``fsync``) before the next point is recorded; the last record of a key
wins.  A line cut short by a crash (the last line only) is dropped with a warning and the file
rewritten atomically (``os.replace``); a corrupt line elsewhere is an error.  Records written
before provenance was stored have no ``provenance`` and still load (their provenance columns
are empty).

One store has one writer: whoever appends holds the store's lock (:mod:`._lock`), so a second
sweep on the same store is refused with :class:`~coordgame.errors.StoreLockedError` instead of
computing every point again and writing every key twice.  Reading needs no lock.
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from coordgame.errors import FileFormatError, InvalidArgumentError, MissingDependencyError, StoreLockedError
from coordgame.sweep._lock import StoreLock
from coordgame.sweep._provenance import PROVENANCE_FIELDS

__all__ = ["SweepStore", "table_rows", "write_table", "ERROR_COLUMN", "ELAPSED_COLUMN", "PROVENANCE_PREFIX"]

#: Columns the sweep adds to every row besides parameters and results.
ERROR_COLUMN = "error"
ELAPSED_COLUMN = "elapsed"
#: Prefix of the provenance columns (``run_version``, ``run_host``, ...) of a table with provenance.
PROVENANCE_PREFIX = "run_"
_REQUIRED = frozenset({"key", "point", "result", "error"})


def json_default(value: Any) -> Any:
    """``json.dumps`` fallback: numpy scalars and arrays as plain Python values."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


class SweepStore:
    """A JSON-lines file with one record per finished point; the last record of a key wins.

    Parameters
    ----------
    path : str or Path
        The file; created (with its folder) on the first write.  Its lock is ``<path>.lock``.

    Examples
    --------
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "runs.jsonl")
    >>> store = SweepStore(path)
    >>> store.append({"key": "k1", "point": {"a": 1}, "result": {"y": 2}, "error": None, "elapsed": 0.0})
    >>> SweepStore(path).load()["k1"]["result"]
    {'y': 2}
    >>> SweepStore(path).to_frame()[["a", "y", "error"]].values.tolist()
    [[1, 2, None]]
    """

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self.lock = StoreLock(self.path)

    def load(self) -> dict[str, dict]:
        """Read the records, repairing a last line cut short by a crash."""
        if not self.path.exists():
            return {}
        lines = self.path.read_text(encoding="utf-8").splitlines(keepends=True)
        records: dict[str, dict] = {}
        for number, line in enumerate(lines, start=1):
            record = self._parse(line)
            if record is not None:
                records[record["key"]] = record
            elif number < len(lines):
                raise FileFormatError("not a sweep record (corrupt store)", path=str(self.path), line=number)
            else:
                self._drop_incomplete_last_line(lines, number)
        return records

    def _drop_incomplete_last_line(self, lines: list[str], number: int) -> None:
        try:
            self.lock.acquire()
        except StoreLockedError:  # a sweep is writing this line right now: read around it, rewrite nothing
            return
        try:
            warnings.warn(
                f"{self.path}:{number}: dropping an incomplete last record (the sweep was killed while writing it)",
                RuntimeWarning,
                stacklevel=4,
            )
            self._rewrite(lines[:-1])
        finally:
            self.lock.release()

    @staticmethod
    def _parse(line: str) -> dict | None:
        if not line.endswith("\n"):
            return None
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            return None
        if not isinstance(record, dict) or not _REQUIRED <= record.keys():
            return None
        return record

    def _rewrite(self, lines: list[str]) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.writelines(lines)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)

    def append(self, record: dict) -> None:
        """Append one record as a single line and force it to disk (taking the lock if not held)."""
        line = json.dumps(record, default=json_default, separators=(",", ":")) + "\n"
        with self.lock:
            with open(self.path, "a", encoding="utf-8") as fh:
                fh.write(line)
                fh.flush()
                os.fsync(fh.fileno())

    def to_frame(self, *, provenance: bool = True) -> Any:
        """The table of every stored point, in the order first stored, with provenance columns by default.

        Returns
        -------
        pandas.DataFrame
            Parameters, results, ``error``, ``elapsed`` and (``provenance=True``) the
            ``run_*`` columns; points from a store without provenance have them empty.
        """
        import pandas as pd

        records = self.load()
        points = [record["point"] for record in records.values()]
        return pd.DataFrame(table_rows(points, list(records), records, provenance=provenance))


def table_rows(points: Sequence[Mapping], keys: Sequence[str], records: Mapping[str, dict], *,
               provenance: bool = False) -> list[dict]:
    """One table row per point: parameters, results (``result_<name>`` if named like a parameter), error, elapsed."""
    rows = []
    for point, key in zip(points, keys):
        record = records[key]
        result = {(f"result_{k}" if k in point else k): v for k, v in record["result"].items()}
        row = {**point, **result, ERROR_COLUMN: record["error"], ELAPSED_COLUMN: record.get("elapsed")}
        if provenance:
            stored = record.get("provenance") or {}
            row.update({PROVENANCE_PREFIX + name: stored.get(name) for name in PROVENANCE_FIELDS})
        rows.append(row)
    return rows


def write_table(table: Any, path: str | os.PathLike) -> Path:
    """Write a sweep's table to ``path``: CSV for ``.csv``, Parquet for ``.parquet`` (needs pyarrow).

    Parameters
    ----------
    table : pandas.DataFrame
        A table from :func:`~coordgame.sweep.sweep` or :meth:`SweepStore.to_frame`.
    path : path
        Where to write; the suffix chooses the format.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    InvalidArgumentError
        For another suffix.
    MissingDependencyError
        For Parquet without pyarrow (``pip install 'coordgame[parquet]'``).

    Examples
    --------
    >>> import tempfile, os, pandas as pd
    >>> out = write_table(pd.DataFrame({"x": [1, 2]}), os.path.join(tempfile.mkdtemp(), "t.csv"))
    >>> out.read_text().split()
    ['x', '1', '2']
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".parquet", ".pq"):
        raise InvalidArgumentError(f"path: expected a .csv or .parquet file, got {str(path)!r}")
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        table.to_csv(path, index=False)
        return path
    try:
        import pyarrow  # noqa: F401
    except ImportError as exc:
        raise MissingDependencyError(
            "path: writing Parquet needs the optional dependency pyarrow: pip install 'coordgame[parquet]'"
        ) from exc
    table.to_parquet(path, index=False)
    return path
