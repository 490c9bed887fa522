"""Argument checks every public solver and regime shares: unknown keywords and tolerances.

:func:`checked_arguments` wraps a public function (or a regime's ``__init__``) so that

* an unknown keyword raises :class:`~coordgame.errors.InvalidArgumentError` naming the valid
  ones (instead of Python's ``TypeError``);
* every tolerance argument (``tol``, ``rtol``, ``atol``, ``*_tol``) given is a finite number
  ``>= 0`` (not a string, a bool, NaN or infinite), else ``InvalidArgumentError`` naming it.

What a tolerance means, and whether 0 is allowed, stays the function's business.
"""

from __future__ import annotations

import functools
import inspect
import math
import numbers
from collections.abc import Callable
from typing import Any, TypeVar

from coordgame.errors import InvalidArgumentError

__all__ = ["checked_arguments", "check_tolerance"]

F = TypeVar("F", bound=Callable[..., Any])


def _is_tolerance(name: str) -> bool:
    return name in ("tol", "rtol", "atol") or name.endswith("_tol")


def check_tolerance(value: Any, name: str = "tol") -> None:
    """Refuse a tolerance that is not a finite number ``>= 0`` (None passes: "the default").

    Examples
    --------
    >>> check_tolerance(1e-9)
    >>> check_tolerance(float("nan"))
    Traceback (most recent call last):
    ...
    coordgame.errors.InvalidArgumentError: tol: expected a finite number >= 0, got nan
    """
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InvalidArgumentError(f"{name}: expected a finite number >= 0, got {type(value).__name__} {value!r}")
    if not (math.isfinite(float(value)) and float(value) >= 0):
        raise InvalidArgumentError(f"{name}: expected a finite number >= 0, got {value!r}")


def checked_arguments(func: F) -> F:
    """Wrap ``func`` with the checks of this module (see the module docstring).

    Examples
    --------
    >>> @checked_arguments
    ... def solve(game, *, tol=1e-9, max_iter=10):
    ...     return tol
    >>> solve(None, tol=0.5)
    0.5
    >>> solve(None, tolerance=0.5)
    Traceback (most recent call last):
    ...
    coordgame.errors.InvalidArgumentError: solve: unknown keyword argument 'tolerance'; expected one of ['tol', 'max_iter']
    """
    parameters = inspect.signature(func).parameters
    open_ended = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values())
    named = [n for n, p in parameters.items()
             if p.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY) and n != "self"]
    keywords = [n for n in named if parameters[n].default is not inspect.Parameter.empty
                or parameters[n].kind is inspect.Parameter.KEYWORD_ONLY] or named
    positions = {n: k for k, n in enumerate(parameters) if parameters[n].kind is not inspect.Parameter.KEYWORD_ONLY}
    tolerances = [n for n in named if _is_tolerance(n)]
    label = func.__qualname__.replace(".__init__", "")

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not open_ended:
            for key in kwargs:
                if key not in parameters:
                    raise InvalidArgumentError(
                        f"{label}: unknown keyword argument {key!r}; expected one of {keywords}")
        for name in tolerances:
            if name in kwargs:
                check_tolerance(kwargs[name], name)
            elif name in positions and positions[name] < len(args):
                check_tolerance(args[positions[name]], name)
        return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
