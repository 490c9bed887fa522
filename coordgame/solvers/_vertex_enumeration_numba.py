"""Optional numba compilation of vertex enumeration's one-polytope shortcut (imported lazily).

The function compiled here is :func:`coordgame.solvers._vertex_loop._pairs_loop` with its
helper ``_solve_loop``, not a port (see :mod:`coordgame.solvers._numba`).  When numba is not
installed :func:`compiled_pairs` returns ``None`` and the numpy path is used.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from coordgame.solvers._numba import compile_functions

__all__ = ["compiled_pairs", "compiled_search"]


@cache
def compiled_pairs() -> Callable | None:
    """The compiled ``_pairs_loop`` (same signature), or None without numba."""
    namespace = compile_functions(
        "coordgame.solvers._vertex_loop",
        {"_solve_loop": "_solve_loop", "_partner_loop": "_partner_loop", "_pairs_loop": "_pairs_loop"},
    )
    return None if namespace is None else namespace["_pairs_loop"]


@cache
def compiled_search() -> Callable | None:
    """The compiled ``_search_loop`` of :mod:`coordgame.solvers._vertex_search`, or None without numba."""
    namespace = compile_functions(
        "coordgame.solvers._vertex_search",
        {
            "_solve_loop": "_solve_loop",
            "_invert_loop": "_invert_loop",
            "_slot": "_slot",
            "_inserted": "_inserted",
            "_rehashed": "_rehashed",
            "_pushed": "_pushed",
            "_partner_loop": "_partner_loop",
            "_simple_vertex": "_simple_vertex",
            "_ratio_test": "_ratio_test",
            "_neighbours": "_neighbours",
            "_grown_pairs": "_grown_pairs",
            "_record_pair": "_record_pair",
            "_search_loop": "_search_loop",
        },
    )
    return None if namespace is None else namespace["_search_loop"]
