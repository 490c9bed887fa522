"""Small argument checks shared across the package (private)."""

from __future__ import annotations

import math
import numbers

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


def positive_float(value: float, name: str, *, allow_zero: bool = False, reason: str = "") -> float:
    """Check that ``value`` is a finite float > 0 (or >= 0) and return it as ``float``; ``reason`` explains the bound."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise InvalidArgumentError(f"{name}: expected a number, got {value!r}") from None
    if not math.isfinite(x) or x < 0 or (x == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise InvalidArgumentError(f"{name}: expected a finite number {bound}{reason}, got {value!r}")
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
