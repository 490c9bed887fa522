"""Every public function and class has a numpy-style ``Examples`` section with a runnable doctest.

"Public" means named in the ``__all__`` of a public module (no path component after the top
package starts with an underscore) and defined in that module, over ``coordgame``,
``coordgame.models`` and ``coordgame.experiments``.  The doctests themselves run in the default
suite (``--doctest-modules``); this test keeps them from going missing.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest

TOP_PACKAGES = ("coordgame", "coordgame.models", "coordgame.experiments")

#: A numpy-style ``Examples`` heading, then (anywhere after it) a doctest prompt.
EXAMPLES_SECTION = re.compile(r"^Examples\n-{8,}\n(?:.*\n)*?>>> ", re.MULTILINE)


def public_modules() -> list[str]:
    """The importable names of every public module under the top packages."""
    names = set()
    for top in TOP_PACKAGES:
        package = importlib.import_module(top)
        names.add(top)
        names.update(info.name for info in pkgutil.walk_packages(package.__path__, top + "."))
    return sorted(name for name in names if not any(part.startswith("_") for part in name.split(".")[1:]))


def public_objects() -> list[tuple[str, object]]:
    """``(qualified name, object)`` of every public function and class (defined where it is exported)."""
    found = []
    for module_name in public_modules():
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if (inspect.isfunction(obj) or inspect.isclass(obj)) and obj.__module__ == module_name:
                found.append((f"{module_name}.{name}", obj))
    return found


PUBLIC = public_objects()


def test_the_walk_finds_the_library_the_models_and_the_experiments():
    names = [name for name, _ in PUBLIC]
    assert len(names) > 200
    assert "coordgame.coop.values.shapley_value" in names
    assert "coordgame.errors.InvalidArgumentError" in names
    assert any(name.startswith("coordgame.models.duplicate_construction.") for name in names)
    assert not any("._" in name for name in names)  # private modules and names stay out
    # experiment scripts export nothing (no __all__) but are walked, so an export would be checked
    assert "coordgame.experiments.num_regions" in public_modules()


@pytest.mark.parametrize("name, obj", PUBLIC, ids=[name for name, _ in PUBLIC])
def test_public_object_has_an_example(name, obj):
    doc = inspect.getdoc(obj) or ""
    assert EXAMPLES_SECTION.search(doc + "\n"), f"{name}: the docstring needs an 'Examples' section with a '>>>' doctest"


def test_the_check_rejects_a_docstring_without_a_doctest():
    assert not EXAMPLES_SECTION.search("Summary.\n\nExamples\n--------\nSee the guide.\n")
    assert not EXAMPLES_SECTION.search("Summary.\n\n>>> 1 + 1\n2\n")  # a prompt outside an Examples section
    assert EXAMPLES_SECTION.search("Summary.\n\nExamples\n--------\nA sentence first.\n\n>>> 1 + 1\n2\n")
