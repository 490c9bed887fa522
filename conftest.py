"""Test-run options shared by every package pytest collects (tests and doctests alike).

* Tests marked ``slow`` are skipped unless ``--runslow`` is given (``.ci/run`` gives it).
* Doctests that call an optional package are skipped, with the reason, when it is not installed.
  The test files do the same with ``pytest.importorskip``; a doctest cannot, so the check is here,
  at the repository root.
* Each pytest-xdist worker of a run gets its own numba cache folder: numba's on-disk cache (used
  by the compiled kernels here and by QuantEcon) is not safe for several processes writing the
  same entries at once; a cache so corrupted in a fresh environment made every later call of a
  cached QuantEcon function crash.
"""

from __future__ import annotations

import importlib.util
import os
import tempfile
from pathlib import Path

import pytest

if "PYTEST_XDIST_WORKER" in os.environ and "NUMBA_CACHE_DIR" not in os.environ:  # before numba is imported
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID", str(os.getppid()))  # one folder per worker of this run
    worker = os.environ["PYTEST_XDIST_WORKER"]
    os.environ["NUMBA_CACHE_DIR"] = str(Path(tempfile.gettempdir()) / f"coordgame-numba-{run}-{worker}")

#: Optional package -> the extra that installs it.  A doctest whose text names the package is skipped
#: without it (``to_quantecon`` names quantecon, ``backend="numba"`` names numba).
OPTIONAL = {"pygambit": "peers", "quantecon": "peers", "numba": "numba", "dask": "dask"}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--runslow", action="store_true", default=False, help="also run the tests marked slow")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("--runslow"):
        slow = pytest.mark.skip(reason="slow: run with --runslow (as .ci/run does)")
        for item in items:
            if "slow" in item.keywords:
                item.add_marker(slow)
    missing = {name: extra for name, extra in OPTIONAL.items() if importlib.util.find_spec(name) is None}
    if not missing:
        return
    for item in items:
        dtest = getattr(item, "dtest", None)  # set on doctest items only
        if dtest is None:
            continue
        text = "\n".join(example.source for example in dtest.examples)
        for name, extra in missing.items():
            if name in text:
                reason = f"doctest needs {name}: pip install -e '.[{extra}]'"
                item.add_marker(pytest.mark.skip(reason=reason))
                break
