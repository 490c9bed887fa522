"""Optional numba compilation of the Lemke–Howson pivoting functions (imported lazily).

The functions compiled here are the ones in :mod:`coordgame.solvers.lemke_howson`, not a port:
each is re-bound to a namespace in which its helpers are the compiled versions, and the only
function replaced is the rank-one update, by the explicit loop ``_rank_one_update_loop`` of
the same module, which avoids the ``outer`` temporary.  Everything compiled lives in that one
source file, so numba's on-disk cache (``cache=True``) is invalidated whenever it changes.
When numba is not installed :func:`compiled_path` returns ``None`` and the numpy path is used.
"""

from __future__ import annotations

import importlib
import types
from collections.abc import Callable
from functools import cache

__all__ = ["compiled_path"]


@cache
def compiled_path() -> Callable | None:
    """The compiled ``_complementary_path`` (same signature), or None without numba."""
    try:
        import numba
    except Exception:  # absent, or present but broken (e.g. an llvmlite mismatch): use numpy
        return None
    # The module, not the function of the same name that coordgame.solvers re-exports.
    source = importlib.import_module("coordgame.solvers.lemke_howson")

    namespace = dict(vars(source))

    def compile_into(name, function):
        rebound = types.FunctionType(function.__code__, namespace, name, function.__defaults__)
        try:
            namespace[name] = numba.njit(cache=True, nogil=True)(rebound)
        except RuntimeError:  # no writable cache location: compile in every process instead
            namespace[name] = numba.njit(nogil=True)(rebound)

    compile_into("_rank_one_update", source._rank_one_update_loop)
    compile_into("_pivot", source._pivot)
    compile_into("_ratio_row", source._ratio_row)
    compile_into("_complementary_path", source._complementary_path)
    return namespace["_complementary_path"]
