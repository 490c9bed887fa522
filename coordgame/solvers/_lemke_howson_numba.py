"""Optional numba compilation of the Lemke–Howson functions (imported lazily).

The functions compiled here are the ones in :mod:`coordgame.solvers._lemke_howson_tableau`, not a port
(see :mod:`coordgame.solvers._numba`): the two per-pivot steps are replaced by their loop forms
``_pivot_loop`` and ``_ratio_row_loop`` of the same module (the same arithmetic without the
temporaries that the array forms allocate on every pivot, and one division per row when the
ratio test has no tie).  ``_endpoint_loop`` reads the endpoint and computes the action values
that verification needs in the same compiled code.  When numba is not installed
:func:`compiled_kernels` returns ``None`` and the numpy path is used.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from coordgame.solvers._numba import compile_functions

__all__ = ["compiled_kernels"]


@cache
def compiled_kernels() -> tuple[Callable, Callable] | None:
    """The compiled ``(_complementary_path, _endpoint_loop)`` (same signatures), or None without numba."""
    namespace = compile_functions(
        "coordgame.solvers._lemke_howson_tableau",
        {
            "_views": "_views",
            "_pivot": "_pivot_loop",
            "_ratio_row": "_ratio_row_loop",
            "_complementary_path": "_complementary_path",
            "_endpoint_loop": "_endpoint_loop",
        },
    )
    if namespace is None:
        return None
    return namespace["_complementary_path"], namespace["_endpoint_loop"]
