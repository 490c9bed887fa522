r"""Transferable-utility (TU) games: a characteristic function on coalitions.

A TU game on players :math:`N = \{0, \dots, n-1\}` is a function
:math:`v : 2^N \to \mathbb{R}` with :math:`v(\emptyset) = 0`; :math:`v(S)` is the total payoff
the members of coalition :math:`S` can secure and share among themselves in any way.

**Coalitions as bitmasks.**  Coalition :math:`S` is the integer
:math:`m(S) = \sum_{i \in S} 2^i` (player :math:`i` is bit :math:`i`), so the characteristic
function of a small game is an array ``values`` of length :math:`2^n` with
``values[m(S)] = v(S)`` and ``values[0] = 0``; ``{0, 2}`` is mask ``0b101 = 5`` and the grand
coalition is ``2**n - 1``.

**Two representations.**  :class:`TUGame` holds either

* the full array (``TUGame(values)``), for :math:`n` up to about 25 (:math:`2^{25}` floats is
  256 MB), on which every solver of :mod:`coordgame.coop` works exactly and vectorised; or
* a callable (``TUGame.from_function(f, n)``) evaluated on demand and cached, for games whose
  :math:`2^n` values cannot be written down (a coalition's value computed by solving a model).
  Solvers then sample (Shapley, Banzhaf) or generate constraints (least core), and say so.

Properties used by the solvers: :math:`v` is *superadditive* when
:math:`v(S \cup T) \ge v(S) + v(T)` for disjoint :math:`S, T`, and *convex* (supermodular) when
:math:`v(S \cup \{i\}) - v(S)` is non-decreasing in :math:`S` — equivalently
:math:`v(S \cup \{i\}) + v(S \cup \{j\}) \le v(S \cup \{i, j\}) + v(S)` for all :math:`S` and
:math:`i, j \notin S` (Shapley 1971); a convex game's core contains its Shapley value.

The unit of every relative tolerance (:mod:`coordgame.tolerances`) is :attr:`TUGame.payoff_range`:
the range of the values (with :math:`v(\emptyset) = 0`) for an array game; for a callable game
the range of :math:`v(N)`, the singletons' values and 0 (what can be known without enumeration).

Examples
--------
>>> from coordgame.coop import TUGame
>>> g = TUGame([0, 1, 1, 3], names=("left", "right"))
>>> g.num_players, g.value({"left", "right"}), g.value(0b01), g.grand_value
(2, 3.0, 1.0, 3.0)
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from coordgame.errors import InvalidArgumentError, InvalidGameError
from coordgame.tolerances import payoff_range

__all__ = ["TUGame", "ENUMERATION_MAX", "popcounts", "coalition_sums"]

#: Largest number of players whose :math:`2^n` coalitions the solvers enumerate (array of 8 MB).
ENUMERATION_MAX = 20

#: Largest number of players a full characteristic-function array may have.
ARRAY_MAX = 25


def popcounts(num_players: int) -> np.ndarray:
    """Size of every coalition, indexed by bitmask (length ``2**num_players``).

    Examples
    --------
    >>> popcounts(3).tolist()
    [0, 1, 1, 2, 1, 2, 2, 3]
    """
    sizes = np.zeros(1, dtype=np.int64)
    for _ in range(num_players):
        sizes = np.concatenate([sizes, sizes + 1])
    return sizes


def coalition_sums(x: Sequence[float]) -> np.ndarray:
    """:math:`x(S) = \\sum_{i \\in S} x_i` for every coalition, indexed by bitmask.

    Built by doubling (:math:`O(2^n)`), not by a :math:`2^n \\times n` product.

    Examples
    --------
    >>> coalition_sums([1.0, 10.0]).tolist()
    [0.0, 1.0, 10.0, 11.0]
    """
    sums = np.zeros(1)
    for xi in np.asarray(x, dtype=float):
        sums = np.concatenate([sums, sums + xi])
    return sums


class TUGame:
    """A transferable-utility game: :math:`v(S)` for every coalition :math:`S` (see the module docstring).

    Parameters
    ----------
    values : array_like
        :math:`v` over the :math:`2^n` coalitions indexed by bitmask (player :math:`i` is bit
        :math:`i`); ``values[0]`` must be 0.  Finite numbers, length a power of two
        (:math:`n \\ge 1`, at most :math:`2^{25}`).
    names : sequence of str, optional
        Player names (default ``"0"``, ``"1"``, ...); coalitions may be given by name.

    Examples
    --------
    >>> g = TUGame([0, 0, 0, 1])  # two players who produce 1 together
    >>> g.values.tolist(), g.is_convex(), g.is_superadditive()
    ([0.0, 0.0, 0.0, 1.0], True, True)
    >>> TUGame([1, 0, 0, 1])
    Traceback (most recent call last):
    ...
    coordgame.errors.InvalidGameError: values: v(empty coalition) must be 0, got 1.0
    """

    def __init__(self, values: Any, *, names: Sequence[str] | None = None) -> None:
        array = _checked_values(values)
        self._values: np.ndarray | None = array
        self._function: Callable[[int], float] | None = None
        self._cache: dict[int, float] = {}
        self._n = int(array.size).bit_length() - 1
        self._names = _checked_names(names, self._n)

    @classmethod
    def from_function(cls, function: Callable[[Any], float], num_players: int, *,
                      names: Sequence[str] | None = None, coalition: str = "frozenset") -> TUGame:
        """A game whose values are computed on demand by ``function`` and cached.

        Parameters
        ----------
        function : callable
            ``function(S)`` returns :math:`v(S)`; ``S`` is a ``frozenset`` of player indices
            (``coalition="frozenset"``) or the bitmask ``int`` (``coalition="mask"``).
            ``function`` of the empty coalition must be 0.
        num_players : int
            :math:`n \\ge 1`.
        names : sequence of str, optional
        coalition : {"frozenset", "mask"}

        Examples
        --------
        >>> g = TUGame.from_function(lambda s: len(s) ** 2, 30)
        >>> g.value(range(30)), g.num_players, g.has_array
        (900.0, 30, False)
        """
        if not callable(function):
            raise InvalidArgumentError(f"function: expected a callable v(S), got {type(function).__name__}")
        if coalition not in ("frozenset", "mask"):
            raise InvalidArgumentError(f"coalition: expected 'frozenset' or 'mask', got {coalition!r}")
        n = _checked_count(num_players)
        game = cls.__new__(cls)
        game._values = None
        game._n = n
        game._names = _checked_names(names, n)
        game._cache = {}
        if coalition == "mask":
            game._function = function
        else:
            game._function = lambda mask: function(frozenset(i for i in range(n) if mask >> i & 1))
        empty = game._evaluate_one(0)
        if empty != 0.0:
            raise InvalidGameError(f"function: v(empty coalition) must be 0, got {empty!r}")
        return game

    # ------------------------------------------------------------------ description
    @property
    def num_players(self) -> int:
        return self._n

    @property
    def names(self) -> tuple[str, ...]:
        return self._names

    @property
    def grand_coalition(self) -> int:
        """The bitmask of :math:`N`, ``2**n - 1``."""
        return (1 << self._n) - 1

    @property
    def grand_value(self) -> float:
        """:math:`v(N)`."""
        return self.value(self.grand_coalition)

    @property
    def has_array(self) -> bool:
        """Whether the full characteristic function is held as an array."""
        return self._values is not None

    @property
    def enumerable(self) -> bool:
        """Whether the solvers enumerate all coalitions (an array game, or at most :data:`ENUMERATION_MAX` players)."""
        return self._values is not None or self._n <= ENUMERATION_MAX

    @property
    def values(self) -> np.ndarray:
        """:math:`v` over all :math:`2^n` coalitions (evaluating a callable game everywhere, once)."""
        if self._values is None:
            if self._n > ARRAY_MAX:
                raise InvalidArgumentError(f"game: {self._n} players are too many to enumerate 2^n coalitions "
                                           f"(at most {ARRAY_MAX}); use the sampling or constraint-generation methods")
            self._values = self.evaluate(np.arange(1 << self._n))
            self._values.setflags(write=False)
        return self._values

    @property
    def payoff_range(self) -> float:
        """The unit of relative tolerances (see the module docstring)."""
        if self._values is not None:
            return payoff_range(self._values)
        singles = [self.value(1 << i) for i in range(self._n)]
        return payoff_range([0.0, self.grand_value, *singles])

    # ------------------------------------------------------------------ coalitions
    def mask(self, coalition: Any) -> int:
        """The bitmask of a coalition given as a mask, or an iterable of player indices or names."""
        if isinstance(coalition, (numbers.Integral, np.integer)) and not isinstance(coalition, bool):
            mask = int(coalition)
            if not 0 <= mask <= self.grand_coalition:
                raise InvalidArgumentError(f"coalition: mask {mask} outside 0..{self.grand_coalition}")
            return mask
        if isinstance(coalition, (str, bytes)) or not isinstance(coalition, Iterable):
            raise InvalidArgumentError(f"coalition: expected a bitmask or an iterable of players, got {coalition!r}")
        mask = 0
        for member in coalition:
            mask |= 1 << self._index(member)
        return mask

    def members(self, mask: int) -> tuple[int, ...]:
        """The player indices of a bitmask, ascending."""
        return tuple(i for i in range(self._n) if int(mask) >> i & 1)

    def member_names(self, mask: int) -> tuple[str, ...]:
        """The player names of a bitmask."""
        return tuple(self._names[i] for i in self.members(mask))

    def _index(self, member: Any) -> int:
        if isinstance(member, str):
            if member not in self._names:
                raise InvalidArgumentError(f"coalition: no player named {member!r}")
            return self._names.index(member)
        if isinstance(member, (numbers.Integral, np.integer)) and not isinstance(member, bool) and 0 <= member < self._n:
            return int(member)
        raise InvalidArgumentError(f"coalition: expected player indices 0..{self._n - 1} or names, got {member!r}")

    # ------------------------------------------------------------------ values
    def value(self, coalition: Any) -> float:
        """:math:`v(S)` of one coalition (a bitmask, or an iterable of indices or names)."""
        mask = self.mask(coalition)
        if self._values is not None:
            return float(self._values[mask])
        return self._evaluate_one(mask)

    def evaluate(self, masks: Any) -> np.ndarray:
        """:math:`v` at an array of bitmasks (vectorised for an array game, cached calls otherwise)."""
        masks = np.asarray(masks, dtype=np.int64)
        if self._values is not None:
            return self._values[masks]
        flat = [self._evaluate_one(int(m)) for m in masks.ravel()]
        return np.asarray(flat, dtype=float).reshape(masks.shape)

    @property
    def num_evaluations(self) -> int:
        """How many distinct coalitions a callable game has evaluated (0 for an array game)."""
        return len(self._cache)

    def _evaluate_one(self, mask: int) -> float:
        cached = self._cache.get(mask)
        if cached is not None:
            return cached
        assert self._function is not None
        raw = self._function(mask)
        try:
            value = float(raw)
        except (TypeError, ValueError):
            raise InvalidGameError(f"function: v({self.member_names(mask)}) is not a number: {raw!r}") from None
        if not math.isfinite(value):
            raise InvalidGameError(f"function: v({self.member_names(mask)}) is not finite: {value!r}")
        self._cache[mask] = value
        return value

    # ------------------------------------------------------------------ properties of v
    def is_superadditive(self, *, tol: float = 1e-9) -> bool:
        """Whether :math:`v(S \\cup T) \\ge v(S) + v(T)` for all disjoint :math:`S, T` (small games, :math:`3^n` pairs)."""
        v, unit = self._small_values("is_superadditive"), tol * self.payoff_range
        for s in range(1, v.size):
            complement = self.grand_coalition & ~s
            t = _submasks(complement)
            if np.any(v[s | t] < v[s] + v[t] - unit):
                return False
        return True

    def is_convex(self, *, tol: float = 1e-9) -> bool:
        """Whether :math:`v` is supermodular (convex): marginal contributions grow with the coalition."""
        v, unit = self._small_values("is_convex"), tol * self.payoff_range
        masks = np.arange(v.size)
        for i in range(self._n):
            for j in range(i + 1, self._n):
                s = masks[(masks >> i & 1 == 0) & (masks >> j & 1 == 0)]
                gap = v[s | 1 << i] + v[s | 1 << j] - v[s | 1 << i | 1 << j] - v[s]
                if np.any(gap > unit):
                    return False
        return True

    def _small_values(self, what: str) -> np.ndarray:
        if self._n > ENUMERATION_MAX:
            raise InvalidArgumentError(f"game: {what} enumerates coalitions; at most {ENUMERATION_MAX} players")
        return self.values

    # ------------------------------------------------------------------ algebra (for the axioms)
    def __add__(self, other: TUGame) -> TUGame:
        if not isinstance(other, TUGame) or other.num_players != self._n:
            return NotImplemented
        return TUGame(self.values + other.values, names=self._names)

    def __mul__(self, factor: float) -> TUGame:
        return TUGame(self.values * float(factor), names=self._names)

    __rmul__ = __mul__

    def __repr__(self) -> str:
        kind = "array" if self._values is not None else f"callable, {len(self._cache)} coalitions evaluated"
        return f"TUGame(num_players={self._n}, {kind})"


def _submasks(mask: int) -> np.ndarray:
    """Every submask of ``mask`` (including 0), as an array."""
    out = np.zeros(1, dtype=np.int64)
    for i in range(int(mask).bit_length()):
        if mask >> i & 1:
            out = np.concatenate([out, out | 1 << i])
    return out


def _checked_count(num_players: Any) -> int:
    if isinstance(num_players, bool) or not isinstance(num_players, (numbers.Integral, np.integer)) or num_players < 1:
        raise InvalidArgumentError(f"num_players: expected an integer >= 1, got {num_players!r}")
    return int(num_players)


def _checked_values(values: Any) -> np.ndarray:
    if isinstance(values, TUGame):
        return values.values
    if isinstance(values, (str, bytes)) or values is None:
        raise InvalidGameError(f"values: expected v over the 2^n coalitions as an array, got {values!r}")
    try:
        array = np.array(values, dtype=float)
    except (TypeError, ValueError):
        raise InvalidGameError(f"values: expected an array of numbers, got {type(values).__name__}") from None
    size = array.size
    if array.ndim != 1 or size < 2 or size & (size - 1) or size > 1 << ARRAY_MAX:
        raise InvalidGameError(f"values: expected a 1-D array of length 2^n (n = 1..{ARRAY_MAX}), got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise InvalidGameError("values: every v(S) must be finite")
    if array[0] != 0.0:
        raise InvalidGameError(f"values: v(empty coalition) must be 0, got {float(array[0])!r}")
    array.setflags(write=False)
    return array


def _checked_names(names: Sequence[str] | None, n: int) -> tuple[str, ...]:
    if names is None:
        return tuple(str(i) for i in range(n))
    if isinstance(names, str) or not isinstance(names, Iterable):
        raise InvalidArgumentError(f"names: expected {n} player names, got {names!r}")
    out = tuple(str(name) for name in names)
    if len(out) != n or len(set(out)) != n:
        raise InvalidArgumentError(f"names: expected {n} distinct player names, got {list(out)}")
    return out
