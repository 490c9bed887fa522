"""The README and the documentation pages show what the code does: their examples run.

Every ``>>>`` example in README.md and in the MyST pages under docs/ is run as a doctest (ELLIPSIS and
NORMALIZE_WHITESPACE), from the repository root, so a page that shows output the code
no longer prints fails here. The README also stays short and keeps the two commands .ci/run runs.
"""

from __future__ import annotations

import doctest
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(p for p in (ROOT / "docs").rglob("*.md") if "_build" not in p.parts)
FLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS


def _run_doctests(path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> doctest.TestResults:
    monkeypatch.chdir(ROOT)
    # examples that write files write them under tmp_path (the page names it OUTPUT)
    return doctest.testfile(str(path), module_relative=False, optionflags=FLAGS, globs={"OUTPUT": tmp_path}, verbose=False)


def test_readme_examples_run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    result = _run_doctests(ROOT / "README.md", monkeypatch, tmp_path)
    assert result.attempted >= 5, "the README's python example is written as a doctest and must be found"
    assert result.failed == 0


def test_readme_is_short_and_keeps_the_two_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 200
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for command in ('pip install -e ".[dev,peers,numba]" && coordgame reproduce --quick', "python -m pytest -q"):
        assert command in text
        assert command.split(" && ")[0] in ci
    assert "python -m sphinx -W --keep-going -b html docs docs/_build/html" in text


# The pages solve models and run dynamics (seconds each): they run with --runslow, as in .ci/run.
@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_documentation_page_examples_run(page: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    result = _run_doctests(page, monkeypatch, tmp_path)
    assert result.failed == 0, f"{page.relative_to(ROOT)}: {result.failed} of {result.attempted} examples failed"
