"""Optional numba compilation of the Lemke–Howson functions (imported lazily).

The functions compiled here are the ones in :mod:`coordgame.solvers.lemke_howson`, not a port:
each is re-bound to a namespace in which its helpers are the compiled versions, and the two
per-pivot steps are replaced by their loop forms ``_pivot_loop`` and ``_ratio_row_loop`` of the
same module (the same arithmetic without the temporaries that the array forms allocate on every
pivot, and one division per row when the ratio test has no tie).  ``_endpoint_loop`` reads the
endpoint and computes the action values that verification needs in the same compiled code.
Everything compiled lives in that one source file, so numba's
on-disk cache (``cache=True``) is invalidated whenever it changes.  When numba is not installed
:func:`compiled_kernels` returns ``None`` and the numpy path is used.
"""

from __future__ import annotations

import importlib
import types
from collections.abc import Callable
from functools import cache

__all__ = ["compiled_kernels"]


@cache
def compiled_kernels() -> tuple[Callable, Callable] | None:
    """The compiled ``(_complementary_path, _endpoint_loop)`` (same signatures), or None without numba."""
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

    compile_into("_views", source._views)
    compile_into("_pivot", source._pivot_loop)
    compile_into("_ratio_row", source._ratio_row_loop)
    compile_into("_complementary_path", source._complementary_path)
    compile_into("_endpoint_loop", source._endpoint_loop)
    return namespace["_complementary_path"], namespace["_endpoint_loop"]

