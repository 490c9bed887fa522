r"""Finite N-player games in normal (strategic) form.

A game with players :math:`i = 1, \dots, N`, each with a finite action set
:math:`A_i = \{0, \dots, n_i - 1\}`, is given by one payoff array ``u`` of shape
:math:`(N, n_1, \dots, n_N)`: ``u[i][a_1, ..., a_N]`` is player *i*'s payoff at the pure
profile :math:`a = (a_1, \dots, a_N)`.  Player order is axis order.

A mixed profile :math:`\sigma = (\sigma_1, \dots, \sigma_N)` assigns each player a
probability vector over its actions.  The value to player *i* of its pure action
:math:`k` against the others' mixed strategies is

.. math::

    v_i(k, \sigma_{-i}) = \sum_{a_{-i}} u_i(k, a_{-i}) \prod_{j \ne i} \sigma_j(a_j),

player *i*'s expected payoff is :math:`U_i(\sigma) = \sum_k \sigma_i(k)\, v_i(k, \sigma_{-i})`
and its **regret** is :math:`\max_k v_i(k, \sigma_{-i}) - U_i(\sigma) \ge 0`.  A profile is a
Nash equilibrium exactly when every player's regret is zero; coordgame verifies every
equilibrium it returns by checking that the largest regret is within a tolerance.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from coordgame.errors import InvalidArgumentError, InvalidGameError, NotAGameError
from coordgame.games._payoffs import (
    MAX_PAYOFF_ENTRIES as MAX_PAYOFF_ENTRIES,  # re-exported: public here
)
from coordgame.games._payoffs import (
    _bimatrix_payoffs,
    _exact_entries,
    _is_numeric_matrix,
    _kept_exact,
    _nearest_floats,
    _numeric_array,
    _validated_payoffs,
    decimal_fraction,
)
from coordgame.games._profiles import (
    action_values,
    constructor_arguments,
    function_table,
    kept_actions,
    mixed_profile,
    pure_profile,
    validated_names,
)
from coordgame.tolerances import DEFAULT_TOL, PROBABILITY_TOL, absolute_tolerance, check_tolerance, payoff_range

__all__ = ["NormalFormGame", "MixedProfile", "PureProfile", "as_game", "decimal_fraction"]

PureProfile = tuple[int, ...]
MixedProfile = tuple[np.ndarray, ...]


class NormalFormGame:
    """A finite N-player game in normal form.

    Parameters
    ----------
    payoffs : array_like
        Payoff array of shape ``(N, n_1, ..., n_N)``; ``payoffs[i][a]`` is player ``i``'s
        payoff at pure profile ``a``.  Converted to read-only float64.  For a two-player game
        the row player's matrix ``A`` may be given alone, with the column player's matrix
        ``B`` as the second argument: ``NormalFormGame(A, B)``.  If it holds
        :class:`fractions.Fraction` entries, the game also keeps the exact values (see
        :attr:`exact_payoffs`), which the exact methods use.
    player_names : sequence of str, optional
        One distinct name per player (default ``"Player 1"``, ...).  In the bimatrix form
        ``NormalFormGame(A, B)`` the second argument is ``B``; pass names by keyword.
    action_names : sequence of sequences of str, optional
        For each player, one distinct name per action (default ``"0"``, ``"1"``, ...).
    title : str, optional
        A free-form title (kept by the Gambit ``.nfg`` reader and writer).

    Raises
    ------
    InvalidGameError
        If the shape is not ``(N, n_1, ..., n_N)``, an action set is empty, a payoff is NaN or
        infinite, or the names do not match the shape.

    Examples
    --------
    >>> import coordgame as cg
    >>> g = cg.NormalFormGame([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    >>> g.num_players, g.num_actions
    (2, (2, 2))
    >>> g == cg.NormalFormGame([[[3, 0], [0, 2]], [[2, 0], [0, 3]]])
    True
    >>> g.payoff((0, 0)).tolist()
    [3.0, 2.0]
    >>> g.expected_payoffs(([0.6, 0.4], [0.4, 0.6])).round(6).tolist()
    [1.2, 1.2]
    """

    __slots__ = ("_action_names", "_exact", "_payoffs", "_player_names", "_range", "title")

    def __init__(
        self,
        payoffs: Any,
        *positional: Any,
        player_names: Sequence[str] | None = None,
        action_names: Sequence[Sequence[str]] | None = None,
        title: str = "",
    ) -> None:
        payoffs, player_names, action_names, title = constructor_arguments(
            payoffs, positional, player_names=player_names, action_names=action_names, title=title)
        exact = _exact_entries(payoffs)
        self._payoffs = _validated_payoffs(payoffs if exact is None else _nearest_floats(exact))
        self._exact = _kept_exact(exact, self._payoffs)
        self._player_names, self._action_names = validated_names(player_names, action_names, self._payoffs.shape[1:])
        self.title = str(title)
        self._range: float | None = None

    # ------------------------------------------------------------------ constructors
    @classmethod
    def from_bimatrix(
        cls, A: Any, B: Any = None, **names: Any
    ) -> NormalFormGame:
        """Two-player game from the row player's matrix ``A`` and the column player's ``B``.

        Parameters
        ----------
        A, B : array_like, shape (m, n)
            ``A[r, c]`` and ``B[r, c]`` are the row and column player's payoffs.  If ``B`` is
            omitted the game is zero-sum, ``B = -A``.  Fractions are kept exact, as by the
            constructor.
        **names
            ``player_names``, ``action_names``, ``title`` as for :class:`NormalFormGame`.

        Examples
        --------
        >>> import coordgame as cg
        >>> g = cg.NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
        >>> g.payoffs[1].tolist()
        [[-1.0, 1.0], [1.0, -1.0]]
        """
        exact = any(M is not None and _exact_entries(M) is not None for M in (A, B))

        def matrix(M: Any, name: str) -> np.ndarray:  # Fractions anywhere: both kept exact (see exact_payoffs)
            kept = _exact_entries(M, force=True) if exact else None
            return _numeric_array(M, name) if kept is None else kept

        A = matrix(A, "A")
        B = -A if B is None else matrix(B, "B")
        if A.ndim != 2 or B.ndim != 2:
            raise InvalidGameError(f"A, B: expected two matrices, got {A.ndim}-D and {B.ndim}-D arrays")
        if A.shape != B.shape:
            raise InvalidGameError(f"A, B: shapes differ, {A.shape} and {B.shape}")
        return cls(np.stack([A, B]), **names)

    @classmethod
    def from_function(
        cls,
        num_actions: Sequence[int],
        payoff: Callable[..., Any],
        *,
        vectorized: bool = False,
        **names: Any,
    ) -> NormalFormGame:
        """Game whose payoffs are given by a function of the pure profile.

        Parameters
        ----------
        num_actions : sequence of int
            Number of actions of each player.
        payoff : callable
            ``payoff(a_1, ..., a_N)`` returns the N payoffs at that pure profile.  With
            ``vectorized=True`` it is called once with N integer arrays (an open mesh, as from
            ``numpy.ix_``-style broadcasting) and must return an array broadcastable to
            ``(N, n_1, ..., n_N)``.
        vectorized : bool, default False
            See ``payoff``.
        **names
            ``player_names``, ``action_names``, ``title`` as for :class:`NormalFormGame`.

        Examples
        --------
        >>> import coordgame as cg
        >>> # two firms, each builds 0, 1 or 2 plants; price 6 - total plants, unit cost 1
        >>> g = cg.NormalFormGame.from_function(
        ...     (3, 3), lambda a, b: (a * (6 - a - b) - a, b * (6 - a - b) - b))
        >>> g.payoff((2, 1)).tolist()
        [4.0, 2.0]
        """
        return cls(function_table(num_actions, payoff, vectorized), **names)

    @property
    def payoffs(self) -> np.ndarray:
        """Read-only float64 payoff array of shape ``(N, n_1, ..., n_N)``."""
        return self._payoffs

    @property
    def exact_payoffs(self) -> np.ndarray | None:
        """The exact payoffs, when the game was given some that its floats do not say.

        A read-only ``object`` array of :class:`fractions.Fraction` of the same shape as
        :attr:`payoffs` (each float is the nearest to its Fraction), kept when the payoffs were
        given as Fractions (or read as ``1/3`` from a ``.nfg`` file) and some entry is not the
        float's shortest decimal.  ``None`` otherwise: the exact methods then read each float
        as the decimal it prints as (``0.1`` is 1/10).  Kept by :meth:`restrict` and
        :meth:`permute`; a game built from new float payoffs has none.

        Examples
        --------
        >>> from fractions import Fraction
        >>> import coordgame as cg
        >>> g = cg.NormalFormGame.from_bimatrix([[Fraction(1, 3), 0], [0, 1]], [[1, 0], [0, Fraction(1, 3)]])
        >>> g.exact_payoffs[0, 0, 0], g.payoffs[0, 0, 0]
        (Fraction(1, 3), np.float64(0.3333333333333333))
        >>> cg.NormalFormGame([[Fraction(1, 2), 2]]).exact_payoffs is None  # 0.5 and 2 say it all
        True
        """
        return self._exact

    @property
    def num_players(self) -> int:
        """Number of players N."""
        return self._payoffs.shape[0]

    @property
    def num_actions(self) -> tuple[int, ...]:
        """Number of actions of each player, ``(n_1, ..., n_N)``."""
        return self._payoffs.shape[1:]

    @property
    def num_profiles(self) -> int:
        """Number of pure profiles, the product of the action counts."""
        return int(np.prod(self.num_actions))

    @property
    def player_names(self) -> tuple[str, ...]:
        """The players' names."""
        return self._player_names

    @property
    def action_names(self) -> tuple[tuple[str, ...], ...]:
        """Each player's action names."""
        return self._action_names

    @property
    def payoff_range(self) -> float:
        """Max minus min over all players' payoffs: the unit of every relative tolerance.

        A constant game falls back to the payoffs' magnitude, or 1 when every payoff is zero
        (see :func:`coordgame.tolerances.payoff_range`).

        Examples
        --------
        >>> import coordgame as cg
        >>> cg.NormalFormGame.from_bimatrix([[-7, 0]], [[0.5, 0]]).payoff_range
        7.5
        """
        if self._range is None:  # payoffs are read-only, so the range can be cached
            self._range = payoff_range(self._payoffs)
        return self._range

    def __repr__(self) -> str:
        title = f" {self.title!r}" if self.title else ""
        shape = "x".join(str(n) for n in self.num_actions)
        return f"<NormalFormGame{title}: {self.num_players} players, {shape} actions>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NormalFormGame):
            return NotImplemented
        return (
            self._payoffs.shape == other._payoffs.shape
            and bool(np.array_equal(self._payoffs, other._payoffs))
            and self._player_names == other._player_names
            and self._action_names == other._action_names
            and (self._exact is None) == (other._exact is None)
            and (self._exact is None or bool(np.array_equal(self._exact, other._exact)))
        )

    __hash__ = None  # type: ignore[assignment]  # games compare by value but are not hashable

    def _player_index(self, player: int | str) -> int:
        if isinstance(player, str):
            if player not in self._player_names:
                raise InvalidArgumentError(f"player: no player named {player!r}; players are {list(self._player_names)}")
            return self._player_names.index(player)
        if isinstance(player, bool) or not isinstance(player, numbers.Integral) or not 0 <= player < self.num_players:
            raise InvalidArgumentError(f"player: expected an index in 0..{self.num_players - 1} or a name, got {player!r}")
        return int(player)

    # ------------------------------------------------------------------ profiles
    def as_pure_profile(self, profile: Sequence[int]) -> PureProfile:
        """Validate a pure profile (one action index per player) and return it as a tuple.

        Examples
        --------
        >>> import coordgame as cg
        >>> cg.games.prisoners_dilemma().as_pure_profile([1, 1])
        (1, 1)
        """
        return pure_profile(profile, self.num_actions)

    def as_mixed_profile(self, profile: Sequence[Any], *, tol: float = PROBABILITY_TOL) -> MixedProfile:
        """Validate a profile and return it as a tuple of float64 probability vectors.

        Each entry may be an action index (a pure strategy) or a probability vector of the
        player's length.  Vectors must be non-negative and sum to one within ``tol``.

        Examples
        --------
        >>> import coordgame as cg
        >>> g = cg.games.matching_pennies()
        >>> [s.tolist() for s in g.as_mixed_profile([0, [0.5, 0.5]])]
        [[1.0, 0.0], [0.5, 0.5]]
        """
        if tol is not PROBABILITY_TOL:
            tol = check_tolerance(tol, "tol")
        return mixed_profile(profile, self.num_actions, tol)

    # ------------------------------------------------------------------ payoffs
    def payoff(self, profile: Sequence[int]) -> np.ndarray:
        """Every player's payoff at a pure profile (a length-N array).

        Examples
        --------
        >>> import coordgame as cg
        >>> cg.games.prisoners_dilemma().payoff((1, 1)).tolist()
        [1.0, 1.0]
        """
        return self._payoffs[(slice(None), *self.as_pure_profile(profile))].copy()

    def action_values(self, profile: Sequence[Any], player: int | str) -> np.ndarray:
        """Payoff to each of ``player``'s pure actions against the others' strategies in ``profile``.

        ``profile[player]`` itself is ignored.  Returns an array of length ``n_player``.

        Examples
        --------
        >>> import coordgame as cg
        >>> g = cg.games.stag_hunt()
        >>> g.action_values([0, [0.5, 0.5]], player=0).tolist()
        [2.0, 2.5]
        """
        i = self._player_index(player)
        return self._action_values(self.as_mixed_profile(profile), i)

    def _action_values(self, mixed: MixedProfile, i: int) -> np.ndarray:
        return action_values(self._payoffs, mixed, i)

    def expected_payoffs(self, profile: Sequence[Any]) -> np.ndarray:
        """Every player's expected payoff at a (mixed) profile.

        Examples
        --------
        >>> import coordgame as cg
        >>> cg.games.matching_pennies().expected_payoffs(([0.5, 0.5], [1, 0])).tolist()
        [0.0, 0.0]
        """
        mixed = self.as_mixed_profile(profile)
        return np.array([self._action_values(mixed, i) @ mixed[i] for i in range(self.num_players)])

    def regrets(self, profile: Sequence[Any]) -> np.ndarray:
        """Each player's regret: best pure-action value minus expected payoff (all ``>= 0``).

        Examples
        --------
        >>> import coordgame as cg
        >>> cg.games.prisoners_dilemma().regrets((0, 0)).tolist()
        [1.0, 1.0]
        """
        mixed = self.as_mixed_profile(profile)
        return self._regrets(mixed)

    def _regrets(self, mixed: MixedProfile) -> np.ndarray:
        out = np.empty(self.num_players)
        for i in range(self.num_players):
            values = self._action_values(mixed, i)
            out[i] = max(0.0, values.max() - values @ mixed[i])
        return out

    def max_regret(self, profile: Sequence[Any]) -> float:
        """The largest regret of any player (zero exactly at a Nash equilibrium).

        Examples
        --------
        >>> import coordgame as cg
        >>> cg.games.matching_pennies().max_regret(([0.5, 0.5], [0.5, 0.5]))
        0.0
        """
        return float(self.regrets(profile).max())

    def is_nash(self, profile: Sequence[Any], *, tol: float = DEFAULT_TOL) -> bool:
        """Whether ``profile`` is a Nash equilibrium: max regret ``<= tol * payoff_range``.

        Examples
        --------
        >>> import coordgame as cg
        >>> g = cg.games.prisoners_dilemma()
        >>> g.is_nash((1, 1)), g.is_nash((0, 0))
        (True, False)
        """
        return self.max_regret(profile) <= absolute_tolerance(tol, self)

    def best_responses(self, profile: Sequence[Any], player: int | str, *, tol: float = DEFAULT_TOL) -> np.ndarray:
        """Indices of ``player``'s pure best responses to the others' strategies.

        An action is a best response when its value is within ``tol * payoff_range`` of the
        best.

        Examples
        --------
        >>> import coordgame as cg
        >>> cg.games.stag_hunt().best_responses([0, 0], player=1).tolist()
        [0]
        """
        atol = absolute_tolerance(tol, self)
        values = self.action_values(profile, player)
        return np.flatnonzero(values >= values.max() - atol)

    # ------------------------------------------------------------------ derived games
    def restrict(self, actions: Sequence[Sequence[int] | None]) -> NormalFormGame:
        """The subgame in which player ``i`` may use only ``actions[i]`` (``None`` keeps all).

        Names and order are kept, so action ``k`` of the subgame is ``actions[i][k]`` of
        this game.

        Examples
        --------
        >>> import coordgame as cg
        >>> g = cg.games.stag_hunt().restrict([[1], None])
        >>> g.num_actions, g.action_names[0]
        ((1, 2), ('Hare',))
        """
        if len(actions) != self.num_players:
            raise InvalidArgumentError(f"actions: expected one entry per player ({self.num_players}), got {len(actions)}")
        kept = kept_actions(actions, self.num_actions)
        source = self._payoffs if self._exact is None else self._exact
        table = source[np.ix_(np.arange(self.num_players), *kept)]
        names = [tuple(self._action_names[i][k] for k in idx) for i, idx in enumerate(kept)]
        return NormalFormGame(table, self._player_names, names, self.title)

    def permute(
        self, players: Sequence[int] | None = None, actions: Sequence[Sequence[int]] | None = None
    ) -> NormalFormGame:
        """Relabel players and/or actions.

        Parameters
        ----------
        players : sequence of int, optional
            ``players[k]`` is the index (in this game) of the new game's player ``k``.
        actions : sequence of sequences of int, optional
            ``actions[i][k]`` is the index (in this game) of player ``i``'s new action ``k``
            (players indexed as in this game).

        Examples
        --------
        >>> import coordgame as cg
        >>> g = cg.games.battle_of_the_sexes().permute(players=[1, 0])
        >>> g.payoff((0, 0)).tolist()
        [2.0, 3.0]
        """
        relabelled = self if actions is None else self.restrict(actions)
        order = list(range(self.num_players)) if players is None else [int(p) for p in players]
        if sorted(order) != list(range(self.num_players)):
            raise InvalidArgumentError(f"players: expected a permutation of 0..{self.num_players - 1}, got {order}")
        source = relabelled.payoffs if relabelled.exact_payoffs is None else relabelled.exact_payoffs
        table = source[order].transpose(0, *[p + 1 for p in order])
        return NormalFormGame(
            table,
            [self._player_names[p] for p in order],
            [relabelled.action_names[p] for p in order],
            self.title,
        )

    def eliminate_dominated(
        self, *, mixed: bool = True, tol: float = DEFAULT_TOL
    ) -> tuple[NormalFormGame, tuple[np.ndarray, ...]]:
        """Iterated elimination of strictly dominated actions.

        See :func:`coordgame.games.iterated_elimination` for the parameters.

        Examples
        --------
        >>> import coordgame as cg
        >>> reduced, kept = cg.games.prisoners_dilemma().eliminate_dominated()
        >>> [k.tolist() for k in kept]
        [[1], [1]]
        """
        from coordgame.games.dominance import iterated_elimination

        return iterated_elimination(self, mixed=mixed, tol=tol)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready description of the game (payoffs as nested lists).

        A game with :attr:`exact_payoffs` also has an ``"exact_payoffs"`` entry: the same
        nesting, each payoff a string ``"p/q"`` (or ``"p"``).
        """
        record = {
            "title": self.title,
            "player_names": list(self._player_names),
            "action_names": [list(a) for a in self._action_names],
            "payoffs": self._payoffs.tolist(),
        }
        if self._exact is not None:
            record["exact_payoffs"] = np.vectorize(str, otypes=[object])(self._exact).tolist()
        return record


def as_game(game: Any, name: str = "game") -> NormalFormGame:
    """``game`` as a :class:`NormalFormGame`: the coercion every solver applies to its input.

    Parameters
    ----------
    game : NormalFormGame, array_like or tuple (A, B)
        A game (returned as is), a payoff array of shape ``(N, n_1, ..., n_N)``, or a pair of
        equally shaped payoff matrices of a two-player game.
    name : str, default "game"
        The argument's name, for the error message.

    Returns
    -------
    NormalFormGame

    Raises
    ------
    NotAGameError
        If ``game`` is none of these (another kind of game, or an array of the wrong shape,
        with non-numeric or non-finite payoffs); an ``InvalidGameError`` and an
        ``InvalidArgumentError``.

    Examples
    --------
    >>> from coordgame.games import as_game
    >>> as_game(([[3, 0], [5, 1]], [[3, 5], [0, 1]])).num_actions
    (2, 2)
    >>> as_game([[[1, 0], [0, 1]], [[1, 0], [0, 1]]]).num_players
    2
    >>> as_game("chicken")
    Traceback (most recent call last):
    ...
    coordgame.errors.NotAGameError: game: expected a NormalFormGame, a payoff array ... got str
    """
    if isinstance(game, NormalFormGame):
        return game
    expected = (f"{name}: expected a NormalFormGame, a payoff array of shape (N, n_1, ..., n_N) or a pair of "
                f"payoff matrices (A, B), got {type(game).__name__}")
    if isinstance(game, (str, bytes, dict, numbers.Number)) or not isinstance(game, (Sequence, np.ndarray)):
        raise NotAGameError(expected)
    if isinstance(game, tuple) and len(game) == 2 and all(_is_numeric_matrix(M) for M in game):
        return NormalFormGame(_bimatrix_payoffs(*game))
    try:
        return NormalFormGame(game)
    except InvalidGameError as exc:
        raise NotAGameError(f"{expected}: {exc}") from None
