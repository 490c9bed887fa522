r"""Structured games: finite games given by payoff functions over large action sets.

A normal-form tensor has :math:`\prod_i n_i` entries per player, which is hopeless when each
player chooses, say, a portfolio :math:`x_i \in \{0,1\}^K` (:math:`n_i = 2^K`) and there are
dozens of players.  A :class:`StructuredGame` instead stores

* for each player :math:`i` a finite action set given as the rows of an integer array
  ``actions[i]`` of shape :math:`(n_i, d_i)` (e.g. 0/1 portfolios);
* a payoff function :math:`u(a) \in \mathbb{R}^N` of a pure profile
  :math:`a = (a_1, \dots, a_N)` of action *indices*;
* optionally a vectorised **deviation** function returning player :math:`i`'s payoff to each
  of its actions against the others' fixed actions,

  .. math:: v_i(a_{-i}) = \big(u_i(k, a_{-i})\big)_{k = 0, \dots, n_i - 1},

  which is all that best responses and equilibrium checks need;
* optionally a **feasibility** rule: which of player :math:`i`'s actions are allowed given
  :math:`a_{-i}` (shared constraints such as "at most :math:`m` players enter", which make
  the game a generalised game).  Unilateral deviations are then only to feasible actions.

A pure profile :math:`a` is an equilibrium when every player's regret

.. math:: \rho_i(a) = \max_{k \text{ feasible}} v_i(a_{-i})_k - u_i(a) \le \varepsilon

with :math:`\varepsilon = \mathrm{tol} \cdot \mathrm{payoff\_range}`, checked over each player's
*full* action set.  Small games expand to a :class:`~coordgame.NormalFormGame`
(:meth:`StructuredGame.to_normal_form`) so that the foundation solvers cross-check the
structured solvers of :mod:`coordgame.solvers.structured`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from coordgame._checks import positive_float, positive_int
from coordgame.errors import InvalidArgumentError, InvalidGameError, InvalidProfileError, UnsupportedGameError
from coordgame.tolerances import DEFAULT_TOL, absolute_tolerance

__all__ = ["StructuredGame", "binary_portfolios", "num_portfolios", "portfolio_index", "portfolio_row"]

PayoffFunction = Callable[[tuple[int, ...]], Any]
DeviationFunction = Callable[[tuple[int, ...], int], Any]
FeasibleFunction = Callable[[tuple[int, ...], int], Any]


def binary_portfolios(length: int, max_ones: int | None = None) -> np.ndarray:
    """All 0/1 vectors of ``length`` entries with at most ``max_ones`` ones, as rows.

    Rows are in the order of the binary numbers they spell with entry 0 as the lowest bit, so
    row 0 is all zeros and, without a cap, the last row is all ones.

    Parameters
    ----------
    length : int
        Number of entries (e.g. industries), at least 1.
    max_ones : int, optional
        Keep only rows with at most this many ones (e.g. a budget).

    Returns
    -------
    ndarray of int8, shape (n, length)

    Examples
    --------
    >>> from coordgame.games.structured import binary_portfolios
    >>> binary_portfolios(2).tolist()
    [[0, 0], [1, 0], [0, 1], [1, 1]]
    >>> binary_portfolios(3, max_ones=1).tolist()
    [[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]]
    """
    length = positive_int(length, "length")
    if length > 24:
        raise InvalidArgumentError(f"length: at most 24 entries (2^24 rows), got {length}")
    codes = np.arange(1 << length)
    rows = ((codes[:, None] >> np.arange(length)) & 1).astype(np.int8)
    if max_ones is not None:
        max_ones = positive_int(max_ones, "max_ones", minimum=0)
        rows = rows[rows.sum(axis=1) <= max_ones]
    return rows


def num_portfolios(length: int, max_ones: int | None = None) -> int:
    """How many rows :func:`binary_portfolios` has: :math:`\\sum_{i \\le m} \\binom{K}{i}` (``2**length`` uncapped).

    A Python int, for any ``length`` (the rows themselves are only listed up to 24 entries).

    Examples
    --------
    >>> from coordgame.games.structured import num_portfolios
    >>> num_portfolios(3), num_portfolios(3, max_ones=1), num_portfolios(64) == 2**64
    (8, 4, True)
    """
    length = positive_int(length, "length")
    if max_ones is None:
        return 1 << length
    max_ones = positive_int(max_ones, "max_ones", minimum=0)
    return sum(math.comb(length, i) for i in range(min(max_ones, length) + 1))


def portfolio_index(row: Sequence[int], max_ones: int | None = None) -> int:
    """The index of the 0/1 vector ``row`` among the rows of ``binary_portfolios(len(row), max_ones)``.

    Computed without listing the rows (combinatorial ranking), so it works for any length: rows
    are in binary order (entry 0 the lowest bit), so without a cap the index is the binary
    number the row spells; with a cap it counts the rows of at most ``max_ones`` ones that
    spell smaller numbers.  The inverse is :func:`portfolio_row`.

    Examples
    --------
    >>> from coordgame.games.structured import binary_portfolios, portfolio_index
    >>> rows = binary_portfolios(4, max_ones=2)
    >>> [portfolio_index(r, 2) for r in rows] == list(range(len(rows)))
    True
    >>> portfolio_index([1] * 64) == 2**64 - 1
    True
    """
    bits = np.asarray(row).reshape(-1)
    if not ((bits == 0) | (bits == 1)).all():
        raise InvalidArgumentError(f"row: expected a 0/1 vector, got {row!r}")
    ones_at = np.flatnonzero(bits).tolist()
    if max_ones is None:
        return sum(1 << j for j in ones_at)
    max_ones = positive_int(max_ones, "max_ones", minimum=0)
    if len(ones_at) > max_ones:
        raise InvalidArgumentError(f"row: {len(ones_at)} ones exceed max_ones={max_ones}")
    index = 0
    for ones, j in enumerate(reversed(ones_at)):  # from the highest bit: rows with a 0 there (same above) come first
        index += sum(math.comb(j, i) for i in range(max_ones - ones + 1))
    return index


def portfolio_row(index: int, length: int, max_ones: int | None = None) -> np.ndarray:
    """Row ``index`` of ``binary_portfolios(length, max_ones)``, computed without listing the rows.

    Examples
    --------
    >>> from coordgame.games.structured import portfolio_row
    >>> portfolio_row(5, 3).tolist(), portfolio_row(3, 3, max_ones=1).tolist()
    ([1, 0, 1], [0, 0, 1])
    """
    length = positive_int(length, "length")
    total = num_portfolios(length, max_ones)
    index = int(index)
    if not 0 <= index < total:
        raise InvalidArgumentError(f"index: expected 0 <= index < {total}, got {index}")
    row = np.zeros(length, dtype=np.int8)
    ones = 0
    for j in range(length - 1, -1, -1):
        below = (1 << j) if max_ones is None else sum(math.comb(j, i) for i in range(max_ones - ones + 1))
        if index >= below:  # past every row with a 0 here
            row[j], index, ones = 1, index - below, ones + 1
    return row


def _validated_actions(actions: Sequence[Any]) -> tuple[np.ndarray, ...]:
    if len(actions) == 0:
        raise InvalidGameError("actions: expected one action array per player, got none")
    out = []
    for i, a in enumerate(actions):
        array = np.asarray(a)
        if array.ndim == 1:
            array = array[:, None]
        if array.ndim != 2 or array.shape[0] == 0:
            raise InvalidGameError(f"actions[{i}]: expected a non-empty 2-D array (one row per action), got shape {array.shape}")
        if not np.issubdtype(array.dtype, np.integer):
            raise InvalidGameError(f"actions[{i}]: expected integer rows, got dtype {array.dtype}")
        array = array.copy()
        array.setflags(write=False)
        out.append(array)
    return tuple(out)


class StructuredGame:
    """A finite N-player game given by payoff functions over (large) action sets.

    Parameters
    ----------
    actions : sequence of array_like
        ``actions[i]`` is an integer array of shape ``(n_i, d_i)`` (or ``(n_i,)``): player
        ``i``'s actions are its rows, and a pure profile is a tuple of row indices.
    payoff : callable
        ``payoff(profile) -> array of N payoffs`` at a pure profile (tuple of action indices).
    deviation_payoffs : callable, optional
        ``deviation_payoffs(profile, i) -> array of n_i payoffs``: player ``i``'s payoff to each
        of its actions while the others keep ``profile``.  Supply a vectorised one for speed;
        by default it calls ``payoff`` once per action.
    feasible : callable, optional
        ``feasible(profile, i) -> bool array of n_i``: which of player ``i``'s actions are
        allowed given the others' actions.  By default every action is.
    payoff_range : float, default 1.0
        The spread of the payoffs (max minus min, or an upper bound of it), which cannot be
        tabulated for a large game: the unit of every relative tolerance (``tol * payoff_range``,
        as for :attr:`NormalFormGame.payoff_range <coordgame.NormalFormGame.payoff_range>`).
    player_names : sequence of str, optional
    title : str, optional

    Examples
    --------
    A two-firm entry game: each firm enters (1) or not (0); entering alone earns 2, entering
    together earns -1 each.

    >>> import numpy as np
    >>> from coordgame.games.structured import StructuredGame
    >>> def payoff(profile):
    ...     n = sum(profile)
    ...     return np.array([a * (2.0 if n == 1 else -1.0) for a in profile])
    >>> g = StructuredGame([[0, 1], [0, 1]], payoff)
    >>> g.num_actions
    (2, 2)
    >>> g.deviation_payoffs((0, 1), 0).tolist()
    [0.0, -1.0]
    >>> g.is_nash((0, 1)), g.is_nash((1, 1))
    (True, False)
    >>> import coordgame as cg
    >>> cg.pure_nash(g.to_normal_form()).pure_profiles()
    [(0, 1), (1, 0)]
    """

    def __init__(
        self,
        actions: Sequence[Any],
        payoff: PayoffFunction,
        *,
        deviation_payoffs: DeviationFunction | None = None,
        feasible: FeasibleFunction | None = None,
        payoff_range: float = 1.0,
        player_names: Sequence[str] | None = None,
        title: str = "",
    ) -> None:
        self._actions = _validated_actions(actions)
        for name, fn in (("payoff", payoff), ("deviation_payoffs", deviation_payoffs), ("feasible", feasible)):
            if fn is not None and not callable(fn):
                raise InvalidArgumentError(f"{name}: expected a callable, got {type(fn).__name__}")
        self._payoff = payoff
        self._deviation = deviation_payoffs
        self._feasible = feasible
        self.payoff_range = positive_float(payoff_range, "payoff_range")
        n = len(self._actions)
        if player_names is None:
            player_names = [f"Player {i + 1}" for i in range(n)]
        if len(player_names) != n:
            raise InvalidGameError(f"player_names: expected {n} names, got {len(player_names)}")
        self.player_names = tuple(str(s) for s in player_names)
        self.title = str(title)
        self._index: list[dict[bytes, int] | None] = [None] * n

    @classmethod
    def from_normal_form(cls, game: Any) -> StructuredGame:
        """A :class:`~coordgame.NormalFormGame` seen as a structured game (actions = indices).

        Examples
        --------
        >>> import coordgame as cg
        >>> g = cg.StructuredGame.from_normal_form(cg.games.stag_hunt())
        >>> g.num_actions, g.is_nash((0, 0))
        ((2, 2), True)
        """
        from coordgame.games.normal_form import NormalFormGame

        if not isinstance(game, NormalFormGame):
            raise InvalidArgumentError(f"game: expected a NormalFormGame, got {type(game).__name__}")

        def deviation(profile: Sequence[int], i: int) -> np.ndarray:
            return game.action_values(list(profile), i)

        return cls([np.arange(n) for n in game.num_actions], game.payoff, deviation_payoffs=deviation,
                   payoff_range=game.payoff_range, player_names=game.player_names, title=game.title)

    # ------------------------------------------------------------------ shape
    @property
    def num_players(self) -> int:
        """Number of players N."""
        return len(self._actions)

    @property
    def num_actions(self) -> tuple[int, ...]:
        """Number of actions of each player."""
        return tuple(a.shape[0] for a in self._actions)

    @property
    def num_profiles(self) -> int:
        """Number of pure profiles (a Python int: it may be astronomically large)."""
        out = 1
        for n in self.num_actions:
            out *= n
        return out

    @property
    def has_constraints(self) -> bool:
        """Whether a feasibility rule restricts unilateral deviations."""
        return self._feasible is not None

    def actions(self, player: int) -> np.ndarray:
        """Player ``player``'s actions, one per row (read-only)."""
        return self._actions[self._player(player)]

    def action_index(self, player: int, row: Sequence[int]) -> int:
        """Index of the action equal to ``row`` in player ``player``'s action array.

        Examples
        --------
        >>> from coordgame.games.structured import StructuredGame, binary_portfolios
        >>> g = StructuredGame([binary_portfolios(3)], lambda p: [0.0])
        >>> g.action_index(0, [1, 0, 1])
        5
        """
        i = self._player(player)
        acts = self._actions[i]
        if self._index[i] is None:
            self._index[i] = {r.tobytes(): k for k, r in enumerate(acts)}
        key = np.asarray(row, dtype=acts.dtype).reshape(acts.shape[1]).tobytes()
        try:
            return self._index[i][key]
        except KeyError:
            raise InvalidProfileError(f"row: {list(row)} is not one of player {i}'s actions") from None

    def __repr__(self) -> str:
        constrained = ", constrained" if self.has_constraints else ""
        return f"StructuredGame({self.num_players} players, actions {self.num_actions}{constrained})"

    # ------------------------------------------------------------------ checks
    def _player(self, player: int) -> int:
        if isinstance(player, (bool, np.bool_)) or not isinstance(player, (int, np.integer)):
            raise InvalidArgumentError(f"player: expected an integer index, got {player!r}")
        if not 0 <= player < self.num_players:
            raise InvalidArgumentError(f"player: expected 0 <= player < {self.num_players}, got {player}")
        return int(player)

    def as_profile(self, profile: Sequence[int]) -> tuple[int, ...]:
        """Validate a pure profile (one action index per player) and return it as a tuple of int."""
        try:
            out = tuple(int(a) for a in profile)
        except (TypeError, ValueError):
            raise InvalidProfileError(f"profile: expected {self.num_players} action indices, got {profile!r}") from None
        if len(out) != self.num_players:
            raise InvalidProfileError(f"profile: expected {self.num_players} action indices, got {len(out)}")
        for i, (a, n) in enumerate(zip(out, self.num_actions)):
            if not 0 <= a < n:
                raise InvalidProfileError(f"profile: player {i}'s action {a} is outside 0..{n - 1}")
        return out

    # ------------------------------------------------------------------ payoffs
    def payoff(self, profile: Sequence[int]) -> np.ndarray:
        """Every player's payoff at a pure profile (length-N float array)."""
        profile = self.as_profile(profile)
        values = np.asarray(self._payoff(profile), dtype=np.float64).reshape(-1)
        if values.shape != (self.num_players,) or not np.all(np.isfinite(values)):
            raise InvalidGameError(f"payoff: expected {self.num_players} finite payoffs at {profile}, got {values}")
        return values

    def deviation_payoffs(self, profile: Sequence[int], player: int) -> np.ndarray:
        """Player ``player``'s payoff to each of its actions, the others keeping ``profile``."""
        profile = self.as_profile(profile)
        i = self._player(player)
        if self._deviation is None:
            values = np.array([self._payoff((*profile[:i], k, *profile[i + 1 :]))[i] for k in range(self.num_actions[i])],
                              dtype=np.float64)
        else:
            values = np.asarray(self._deviation(profile, i), dtype=np.float64).reshape(-1)
        if values.shape != (self.num_actions[i],) or not np.all(np.isfinite(values)):
            raise InvalidGameError(f"deviation_payoffs: expected {self.num_actions[i]} finite payoffs for player {i}, "
                                   f"got shape {values.shape}")
        return values

    def feasible_actions(self, profile: Sequence[int], player: int) -> np.ndarray:
        """Boolean mask of ``player``'s actions allowed given the others' actions in ``profile``."""
        profile = self.as_profile(profile)
        i = self._player(player)
        if self._feasible is None:
            return np.ones(self.num_actions[i], dtype=bool)
        mask = np.asarray(self._feasible(profile, i), dtype=bool).reshape(-1)
        if mask.shape != (self.num_actions[i],):
            raise InvalidGameError(f"feasible: expected {self.num_actions[i]} flags for player {i}, got shape {mask.shape}")
        return mask

    def _feasible_values(self, profile: tuple[int, ...], i: int) -> np.ndarray:
        values = self.deviation_payoffs(profile, i)
        if self._feasible is not None:
            values = np.where(self.feasible_actions(profile, i), values, -np.inf)
        return values

    def best_responses(self, profile: Sequence[int], player: int, *, tol: float = DEFAULT_TOL) -> np.ndarray:
        """Indices of ``player``'s feasible actions within ``tol * payoff_range`` of its best."""
        profile = self.as_profile(profile)
        values = self._feasible_values(profile, self._player(player))
        return np.flatnonzero(values >= values.max() - absolute_tolerance(tol, self))

    def regrets(self, profile: Sequence[int]) -> np.ndarray:
        """Each player's regret at a pure profile, over its full (feasible) action set.

        A player whose current action is infeasible given the others gets regret ``inf``.
        """
        profile = self.as_profile(profile)
        out = np.empty(self.num_players)
        for i in range(self.num_players):
            values = self._feasible_values(profile, i)
            current = values[profile[i]]
            out[i] = np.inf if current == -np.inf else max(0.0, float(values.max() - current))
        return out

    def is_nash(self, profile: Sequence[int], *, tol: float = DEFAULT_TOL) -> bool:
        """Whether no player gains more than ``tol * payoff_range`` by a feasible unilateral deviation."""
        return bool(self.regrets(profile).max() <= absolute_tolerance(tol, self))

    # ------------------------------------------------------------------ expansion
    def to_normal_form(self, *, max_profiles: int = 1_000_000):
        """The same game as a :class:`~coordgame.NormalFormGame` (only for small games).

        Raises
        ------
        UnsupportedGameError
            If the game has more than ``max_profiles`` profiles, or a feasibility rule (a
            generalised game has no normal form).
        """
        from coordgame.games.normal_form import NormalFormGame

        if self.has_constraints:
            raise UnsupportedGameError("to_normal_form: a game with shared constraints (feasible=) has no normal form")
        if self.num_profiles > max_profiles:
            raise UnsupportedGameError(f"to_normal_form: {self.num_profiles} profiles exceed max_profiles={max_profiles}")
        table = np.empty((self.num_players, *self.num_actions))
        for profile in itertools.product(*(range(n) for n in self.num_actions)):
            table[(slice(None), *profile)] = self.payoff(profile)
        names = [[",".join(str(v) for v in row) for row in acts] for acts in self._actions]
        if any(len(set(n)) != len(n) for n in names):
            names = None
        return NormalFormGame(table, player_names=self.player_names, action_names=names, title=self.title)
