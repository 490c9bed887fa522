"""Argument checks every public solver and regime shares: unknown keywords and tolerances.

:func:`checked_arguments` wraps a public function (or a regime's ``__init__``) so that

* an unknown keyword raises :class:`~coordgame.errors.InvalidArgumentError` naming the valid
  ones (instead of Python's ``TypeError``);
* every tolerance argument (``tol``, ``rtol``, ``atol``, ``*_tol``) given is a finite number
  ``>= 0`` (not a string, a bool, NaN or infinite), else ``InvalidArgumentError`` naming it.

What a tolerance means, and whether 0 is allowed, stays the function's business.
:func:`keyword_names` and :func:`check_options` do the keyword check for options passed on
through ``**options`` to another function (``nash(game, method, **options)``).
"""

from __future__ import annotations

import functools
import inspect
import math
import numbers
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from coordgame.errors import InvalidArgumentError

__all__ = ["checked_arguments", "check_tolerance", "keyword_names", "check_options"]

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


def keyword_names(func: Callable[..., Any], *, exclude: Iterable[str] = ("game",)) -> tuple[str, ...]:
    """Names of the arguments of ``func`` that can be passed by keyword, without ``exclude``.

    Examples
    --------
    >>> def f(game, x=1, *, y=2, **options): ...
    >>> keyword_names(f)
    ('x', 'y')
    """
    skipped = set(exclude)
    kinds = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    return tuple(p.name for p in inspect.signature(func).parameters.values() if p.kind in kinds and p.name not in skipped)


def check_options(options: Mapping[str, Any], valid: Iterable[str], where: str, argument: str | None = None) -> None:
    """Raise :class:`InvalidArgumentError` naming every key of ``options`` not in ``valid``, and the valid ones.

    ``where`` names the function the options are for; the message starts with ``argument``
    (the dictionary argument that carried the options) or else the unknown names themselves.

    Examples
    --------
    >>> check_options({"tol": 1e-9}, ("tol", "limit"), "pure_nash")
    >>> check_options({"exact": True}, ("tol", "limit"), "pure_nash")
    Traceback (most recent call last):
    ...
    coordgame.errors.InvalidArgumentError: exact: pure_nash takes no option 'exact'; its options are tol, limit
    """
    allowed = tuple(valid)
    unknown = [name for name in options if name not in allowed]
    if unknown:
        listed = f"its options are {', '.join(allowed)}" if allowed else "it takes no options"
        what = "option " + ", ".join(map(repr, unknown)) if len(unknown) == 1 else "options " + ", ".join(map(repr, unknown))
        raise InvalidArgumentError(f"{argument or ', '.join(unknown)}: {where} takes no {what}; {listed}")
