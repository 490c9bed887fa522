"""Payoff validation and coercion behind :class:`~coordgame.games.normal_form.NormalFormGame`.

Reading payoff arrays (float and exact), the bimatrix shorthand and player/action names.
The public names are re-exported by :mod:`coordgame.games.normal_form`.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np

from coordgame.errors import InvalidGameError

#: Largest number of payoff entries (``N * n_1 * ... * n_N``) a game may have: 10**8 float64 take 800 MB.
MAX_PAYOFF_ENTRIES = 10**8


def _check_payoff_entries(num_actions: Sequence[int], name: str) -> None:
    """Refuse action counts whose payoff array would not fit in memory, before anything is allocated."""
    entries = len(num_actions)
    for n in num_actions:
        entries *= int(n)
    if entries > MAX_PAYOFF_ENTRIES:
        raise InvalidGameError(
            f"{name}: {len(num_actions)} players with {'x'.join(map(str, num_actions))} actions need {entries:.3g} "
            f"payoff entries, more than the {MAX_PAYOFF_ENTRIES:.0e} a normal-form game may hold"
        )


def _numeric_array(payoffs: Any, name: str = "payoffs") -> np.ndarray:
    """``payoffs`` as a float64 array, refusing ragged nesting, strings, complex numbers and other non-reals.

    Booleans are accepted as 0 and 1 (numpy's reading); exact numbers (``Fraction``, ``Decimal``) are
    rounded to the nearest float.
    """
    if isinstance(payoffs, np.ndarray) and payoffs.dtype.kind in "biuf":
        return np.array(payoffs, dtype=np.float64)
    if isinstance(payoffs, (str, bytes)):
        raise InvalidGameError(f"{name}: expected a numeric array, got a {type(payoffs).__name__}")
    try:
        raw = np.asarray(payoffs)
    except (TypeError, ValueError) as exc:
        detail = "ragged nesting: the nested lists must form a regular shape" if "inhomogeneous" in str(exc) \
            else str(exc)
        raise InvalidGameError(f"{name}: expected a numeric array; {detail}") from None
    kind = raw.dtype.kind
    if kind in "biuf":
        return np.array(raw, dtype=np.float64)
    if kind == "c":
        raise InvalidGameError(f"{name}: expected a numeric array of real numbers, got complex numbers")
    if kind in "USV":
        raise InvalidGameError(f"{name}: expected a numeric array, got text (dtype {raw.dtype})")
    if kind == "O":
        for index, value in np.ndenumerate(raw):
            if isinstance(value, (bool, np.bool_)) or isinstance(value, (numbers.Real, Decimal)):
                continue
            what = "a nested sequence of another length (ragged nesting)" if isinstance(value, (list, tuple)) \
                else f"{value!r} ({type(value).__name__})"
            raise InvalidGameError(f"{name}: expected a numeric array of real numbers; found {what} at index {index}")
        try:
            return np.array(raw, dtype=np.float64)
        except (TypeError, ValueError, OverflowError) as exc:
            raise InvalidGameError(f"{name}: could not convert to floating point ({exc})") from None
    raise InvalidGameError(f"{name}: expected a numeric array, got values of dtype {raw.dtype}")


def _validated_payoffs(payoffs: Any) -> np.ndarray:
    array = _numeric_array(payoffs)
    if array.ndim < 2:
        raise InvalidGameError(
            f"payoffs: expected an array of shape (N, n_1, ..., n_N), got {array.ndim} dimension(s)"
        )
    num_players = array.ndim - 1
    if array.shape[0] != num_players:
        raise InvalidGameError(
            f"payoffs: shape {array.shape} has {num_players} action axes, so its first axis must "
            f"have length {num_players} (one payoff table per player), not {array.shape[0]}"
        )
    if any(n == 0 for n in array.shape[1:]):
        empty = [i for i, n in enumerate(array.shape[1:]) if n == 0]
        raise InvalidGameError(f"payoffs: player(s) {empty} have an empty action set")
    if not np.all(np.isfinite(array)):
        bad = tuple(int(x) for x in np.argwhere(~np.isfinite(array))[0])
        raise InvalidGameError(
            f"payoffs: every payoff must be finite; found {array[bad]} at index {bad} "
            f"(player {bad[0]}, profile {bad[1:]})"
        )
    # Tolerances are relative to the range, and welfare adds the players' payoffs: both must
    # be representable, or every later comparison would be with inf or NaN.
    high, low = float(array.max()), float(array.min())
    if not np.isfinite(high - low):
        raise InvalidGameError(
            f"payoffs: the payoff range max - min = {high:.3g} - ({low:.3g}) overflows float64; "
            "rescale the payoffs (equilibria do not depend on their unit)"
        )
    if not np.isfinite(num_players * max(abs(high), abs(low))):
        raise InvalidGameError(
            f"payoffs: the sum of {num_players} players' payoffs (welfare) overflows float64 at payoffs "
            f"of magnitude {max(abs(high), abs(low)):.3g}; rescale the payoffs (equilibria do not depend on their unit)"
        )
    array.setflags(write=False)
    return array


def decimal_fraction(value: float) -> Fraction:
    """The exact rational of a float's shortest round-tripping decimal: ``0.7`` is 7/10, as written.

    (``Fraction(0.7)`` would be the binary fraction stored, 3152519739159347/4503599627370496.)
    This is how exact methods read a payoff given as a float.

    Examples
    --------
    >>> from coordgame.games.normal_form import decimal_fraction
    >>> decimal_fraction(0.7), decimal_fraction(-2.0)
    (Fraction(7, 10), Fraction(-2, 1))
    """
    return Fraction(repr(float(value)))


def _exact_entries(payoffs: Any, *, force: bool = False) -> np.ndarray | None:
    """``payoffs`` as an object array of Fractions if it holds a Fraction (or ``force``), else None.

    Rationals (Fractions, integers) are kept as they are, finite floats read as their shortest
    decimal.  None also when an entry is neither, or the array is malformed: the float
    validation then names the problem.
    """
    if isinstance(payoffs, np.ndarray) and payoffs.dtype != object and not force:
        return None
    try:
        raw = np.array(payoffs, dtype=object)
    except (TypeError, ValueError):
        return None
    flat = raw.ravel().tolist()
    if not force and not any(isinstance(x, Fraction) for x in flat):
        return None
    for k, x in enumerate(flat):
        if isinstance(x, numbers.Rational):
            flat[k] = Fraction(x)
        elif isinstance(x, numbers.Real) and math.isfinite(x):
            flat[k] = decimal_fraction(x)
        else:
            return None
    exact = np.empty(len(flat), dtype=object)
    exact[:] = flat
    return exact.reshape(raw.shape)


def _nearest_floats(exact: np.ndarray) -> np.ndarray:
    """The float64 nearest each Fraction (an infinity past the float range, refused by validation)."""

    def nearest(x: Fraction) -> float:
        try:
            return float(x)
        except OverflowError:
            return math.inf if x > 0 else -math.inf

    return np.array([nearest(x) for x in exact.ravel().tolist()]).reshape(exact.shape)


def _kept_exact(exact: np.ndarray | None, floats: np.ndarray) -> np.ndarray | None:
    """``exact`` if some entry differs from its float's shortest decimal, else None (nothing to keep)."""
    if exact is None:
        return None
    for x, f in zip(exact.ravel().tolist(), floats.ravel().tolist()):
        if x.denominator == 1 and abs(x.numerator) <= 2**53:
            continue  # an integer the float holds exactly, and prints as
        if decimal_fraction(f) != x:
            exact.setflags(write=False)
            return exact
    return None


def _is_numeric_matrix(value: Any) -> bool:
    """Whether ``value`` reads as a 2-D numeric array (a payoff matrix, not a list of names)."""
    if value is None or isinstance(value, str):
        return False
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):
        return False
    if array.ndim != 2:
        return False
    if array.dtype.kind == "O":  # exact payoffs: Fractions (or ints) in an object array
        return all(isinstance(x, numbers.Real) for x in array.ravel())
    return array.dtype.kind in "biuf"


def _bimatrix_payoffs(A: Any, B: Any) -> np.ndarray:
    """The (2, m, n) payoff array of the bimatrix game (A, B), refusing matrices of different shapes."""
    A, B = np.asarray(A), np.asarray(B)
    if A.shape != B.shape:
        raise InvalidGameError(f"payoffs: the two payoff matrices must have the same shape, got "
                               f"{A.shape} and {B.shape}")
    if A.dtype.kind == "O" or B.dtype.kind == "O":  # keep exact entries for the exact methods
        return np.stack([A.astype(object), B.astype(object)])
    return np.stack([A.astype(np.float64), B.astype(np.float64)])


def _validated_names(
    names: Sequence[str] | None, count: int, what: str, default: Callable[[int], str]
) -> tuple[str, ...]:
    if names is None:
        return tuple(default(k) for k in range(count))
    names = tuple(str(n) for n in names)
    if len(names) != count:
        raise InvalidGameError(f"{what}: expected {count} names, got {len(names)}")
    if len(set(names)) != count:
        raise InvalidGameError(f"{what}: names must be distinct, got {list(names)}")
    return names
