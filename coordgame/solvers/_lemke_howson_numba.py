"""Optional numba compilation of the Lemke–Howson pivoting functions (imported lazily).

The functions compiled here are the ones in :mod:`coordgame.solvers.lemke_howson`, not a port:
each is re-bound to a namespace in which its helpers are the compiled versions, and the only
function replaced is the rank-one update, by an explicit loop that avoids the ``outer``
temporary.  When numba is not installed :func:`compiled_path` returns ``None`` and the numpy
path is used.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from functools import cache

__all__ = ["compiled_path"]


def _rank_one_update_loop(D, col, row):
    """``D -= outer(col, row)`` in place, skipping rows with a zero multiplier."""
    for i in range(D.shape[0]):
        multiplier = col[i]
        if multiplier != 0:
            for j in range(D.shape[1]):
                D[i, j] -= multiplier * row[j]


@cache
def compiled_path() -> Callable | None:
    """The compiled ``_complementary_path`` (same signature), or None without numba."""
    try:
        import numba
    except ImportError:
        return None
    from coordgame.solvers import lemke_howson as source

    namespace = dict(vars(source))

    def compile_into(name, function):
        rebound = types.FunctionType(function.__code__, namespace, name, function.__defaults__)
        namespace[name] = numba.njit(cache=False, nogil=True)(rebound)

    compile_into("_rank_one_update", _rank_one_update_loop)
    compile_into("_pivot", source._pivot)
    compile_into("_ratio_row", source._ratio_row)
    compile_into("_complementary_path", source._complementary_path)
    return namespace["_complementary_path"]
