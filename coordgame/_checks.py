"""Small argument checks shared across the package (private)."""

from __future__ import annotations

import inspect
import math
import numbers
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np

from coordgame.errors import InvalidArgumentError

SeedLike = "int | numpy.random.Generator | None"


def check_seed(seed: int | np.random.Generator | None) -> int | np.random.Generator | None:
    """Check that ``seed`` is a non-negative int, a Generator, or None (without building a Generator)."""
    if seed is None or isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, numbers.Integral) and not isinstance(seed, bool) and seed >= 0:
        return seed
    raise InvalidArgumentError(
        f"seed: expected a non-negative int, a numpy.random.Generator or None, got {seed!r}"
    )


def as_generator(seed: int | np.random.Generator | None) -> np.random.Generator:
    """Return a ``numpy.random.Generator`` for ``seed`` (a non-negative int, a Generator, or None)."""
    seed = check_seed(seed)
    return seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)


def positive_float(value: float, name: str, *, allow_zero: bool = False) -> float:
    """Check that ``value`` is a finite float > 0 (or >= 0) and return it as ``float``."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise InvalidArgumentError(f"{name}: expected a number, got {value!r}") from None
    if not math.isfinite(x) or x < 0 or (x == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise InvalidArgumentError(f"{name}: expected a finite number {bound}, got {value!r}")
    return x


def positive_int(value: int, name: str, *, minimum: int = 1) -> int:
    """Check that ``value`` is an integer >= ``minimum`` and return it."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise InvalidArgumentError(f"{name}: expected an integer >= {minimum}, got {value!r}")
    return int(value)


def one_of(value: str, name: str, options: tuple[str, ...]) -> str:
    """Check that ``value`` is one of ``options``."""
    if value not in options:
        raise InvalidArgumentError(f"{name}: expected one of {list(options)}, got {value!r}")
    return value


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
