"""The import structure: no import cycles inside coordgame, deferred imports included.

The layer order itself is the import-linter contract in ``pyproject.toml`` (``lint-imports``);
a layers contract cannot see a cycle between two modules of one layer, which this test does.
"""

from __future__ import annotations

import pytest

grimp = pytest.importorskip("grimp", reason="grimp (installed with import-linter, the 'dev' extra) reads the import graph")


def strongly_connected_components(graph) -> list[set[str]]:
    """Tarjan's algorithm over the module graph (iterative: the graph has a few dozen nodes)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []
    counter = 0
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    components.append(component)
            elif child not in index:
                index[child] = low[child] = counter
                counter += 1
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return components


def test_tarjan_finds_a_planted_cycle():
    graph = grimp.ImportGraph()
    for name in ("p.a", "p.b", "p.c"):
        graph.add_module(name)
    graph.add_import(importer="p.a", imported="p.b")
    graph.add_import(importer="p.b", imported="p.a")
    graph.add_import(importer="p.b", imported="p.c")
    assert sorted(map(sorted, strongly_connected_components(graph))) == [["p.a", "p.b"], ["p.c"]]


def test_coordgame_has_no_import_cycles():
    graph = grimp.build_graph("coordgame", exclude_type_checking_imports=True)
    assert graph.direct_import_exists(importer="coordgame.metrics", imported="coordgame.solvers.nash")  # deferred: counted
    cycles = [sorted(c) for c in strongly_connected_components(graph) if len(c) > 1]
    assert cycles == []
