"""The optional numba compilation shared by the solvers that have a compiled path.

A solver's compiled path is its own loop-form functions (plain Python written in the subset of
the language numba compiles), re-bound to a namespace in which their helpers are the compiled
versions: the compiled code is the module's code, not a port, and numba's on-disk cache
(``cache=True``) is invalidated whenever that module's source file changes.

``backend`` selects the path: ``"numpy"`` never compiles, ``"numba"`` always does (and needs
numba), and ``"auto"`` uses the compiled path when numba is installed and the game is large
enough for one call to pay for importing numba and loading the compiled code (a threshold on a
measure of size that each solver sets).  The choice depends on the call alone, never on what
ran before in the process: a sweep over many small games, where the compiled path pays over
many calls, asks for it with ``backend="numba"``.
"""

from __future__ import annotations

import importlib
import types
from collections.abc import Callable
from typing import Any

from coordgame.errors import MissingDependencyError

__all__ = ["compile_functions", "select"]


def compile_functions(module: str, functions: dict[str, str]) -> dict[str, Callable] | None:
    """Compile functions of ``module`` into one namespace; None without numba.

    ``functions`` maps the name each compiled function takes in the namespace to the name of
    the module's function compiled under it (so a loop form can replace an array form that the
    other functions call).  They are compiled in the order given, helpers first.
    """
    try:
        import numba
    except Exception:  # absent, or present but broken (e.g. an llvmlite mismatch): use numpy
        return None
    source = importlib.import_module(module)
    namespace = dict(vars(source))
    for name, original in functions.items():
        function = getattr(source, original)
        rebound = types.FunctionType(function.__code__, namespace, name, function.__defaults__)
        try:
            namespace[name] = numba.njit(cache=True, nogil=True)(rebound)
        except RuntimeError:  # no writable cache location: compile in every process instead
            namespace[name] = numba.njit(nogil=True)(rebound)
    return namespace


def select(loader: Callable[[], Any], backend: str, size: int, auto_size: int) -> Any:
    """The compiled kernels that ``backend`` asks for, or None for the numpy path.

    ``loader`` is a solver's cached loader (None without numba); ``size`` is the game's size in
    the solver's measure and ``auto_size`` the size from which ``"auto"`` uses the kernels.
    """
    if backend == "numpy" or (backend == "auto" and size < auto_size):
        return None
    kernels = loader()
    if kernels is None and backend == "numba":
        raise MissingDependencyError(
            "backend='numba' needs the optional package numba: pip install 'coordgame[numba]'"
        )
    return kernels
