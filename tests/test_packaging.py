"""The wheel's package list: every package of the source tree is installed, under coordgame."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    tomllib = pytest.importorskip("tomli", reason="reading pyproject.toml on Python 3.10 needs tomli")

ROOT = Path(__file__).resolve().parents[1]


def installed_packages() -> tuple[set[str], dict[str, str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    return set(config["packages"]), dict(config.get("package-dir", {}))


def source_packages(mapping: dict[str, str]) -> set[str]:
    """Every folder with an __init__.py, named as it installs (models/ is coordgame.models, ...)."""
    roots = {"coordgame": "coordgame", **mapping}
    found = set()
    for name, folder in roots.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            parts = init.parent.relative_to(ROOT / folder).parts
            found.add(".".join((name, *parts)))
    return found


def test_every_source_package_is_in_the_wheel():
    listed, mapping = installed_packages()
    missing = source_packages(mapping) - listed
    assert not missing, f"add to [tool.setuptools] packages in pyproject.toml: {sorted(missing)}"


def test_the_wheel_installs_nothing_but_coordgame():
    listed, mapping = installed_packages()
    assert {name.split(".")[0] for name in listed} == {"coordgame"}
    assert all(name.startswith("coordgame.") for name in mapping)
