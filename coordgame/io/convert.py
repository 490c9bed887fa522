r"""Converters between :class:`NormalFormGame` and the peer libraries' game objects.

All three peers describe the same object, a payoff function :math:`u_i(a_1, \dots, a_N)`, but
lay it out differently:

* **nashpy** (two players): ``nashpy.Game(A, B)`` with ``A[r, c] = u_1(r, c)`` and
  ``B[r, c] = u_2(r, c)``, i.e. ``A = payoffs[0]``, ``B = payoffs[1]``.
* **QuantEcon** (``quantecon.game_theory.NormalFormGame``): player *i*'s ``payoff_array`` is
  indexed from its own action onwards, cyclically,

  .. math::

      \texttt{payoff\_array}_i[a_i, a_{i+1}, \dots, a_N, a_1, \dots, a_{i-1}] = u_i(a),

  so it is ``payoffs[i]`` with its axes rotated by *i*.
* **pygambit** (``pygambit.Game`` in strategic form): exact payoffs (``Rational``/``Decimal``),
  labelled players and strategies.  A game's exact payoffs
  (:attr:`~coordgame.NormalFormGame.exact_payoffs`) go to pygambit as they are, and each
  float without them as the exact rational of its shortest decimal form; pygambit's payoffs
  come back as the nearest float64 and, where the float does not say them (``1/3``), as exact
  payoffs, so that ``from_pygambit(to_pygambit(g)) == g`` exactly.

Names: nashpy and QuantEcon keep none, so games converted from them get the default names;
pygambit labels become player and action names (and back).  Peers are imported only when a
converter is called; a missing one raises :class:`~coordgame.errors.MissingDependencyError`.
"""

from __future__ import annotations

import importlib
import itertools
from fractions import Fraction
from types import ModuleType
from typing import Any

import numpy as np

from coordgame.errors import InvalidArgumentError, InvalidGameError, MissingDependencyError, UnsupportedGameError
from coordgame.games.normal_form import NormalFormGame, decimal_fraction

__all__ = ["from_nashpy", "to_nashpy", "from_quantecon", "to_quantecon", "from_pygambit", "to_pygambit"]

_INSTALL = {
    "nashpy": 'pip install nashpy (a core dependency of coordgame: pip install coordgame)',
    "quantecon.game_theory": 'pip install "coordgame[peers]"',
    "pygambit": 'pip install "coordgame[peers]"',
}


def _peer(module: str) -> ModuleType:
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingDependencyError(f"{module} is needed for this conversion but cannot be imported ({exc}); "
                                     f"install it with: {_INSTALL[module]}") from exc


def _check_game(game: Any) -> NormalFormGame:
    if not isinstance(game, NormalFormGame):
        raise InvalidArgumentError(f"game: expected a coordgame NormalFormGame, got {type(game).__name__}")
    return game


def _cyclic_axes(i: int, num_players: int) -> list[int]:
    """Axis order (i, i+1, ..., N-1, 0, ..., i-1): QuantEcon's layout of player i's payoffs."""
    return [(i + k) % num_players for k in range(num_players)]


# ---------------------------------------------------------------------------- nashpy
def to_nashpy(game: NormalFormGame) -> Any:
    """The two-player game as ``nashpy.Game(A, B)`` with ``A = payoffs[0]``, ``B = payoffs[1]``.

    Raises
    ------
    UnsupportedGameError
        If the game does not have exactly two players.

    Examples
    --------
    >>> import coordgame as cg
    >>> nash_game = cg.io.to_nashpy(cg.games.battle_of_the_sexes())
    >>> [m.tolist() for m in nash_game.payoff_matrices]
    [[[3.0, 0.0], [0.0, 2.0]], [[2.0, 0.0], [0.0, 3.0]]]
    """
    game = _check_game(game)
    if game.num_players != 2:
        raise UnsupportedGameError(f"game: nashpy handles two-player games only, this one has {game.num_players} players")
    nashpy = _peer("nashpy")
    return nashpy.Game(np.array(game.payoffs[0]), np.array(game.payoffs[1]))


def from_nashpy(game: Any) -> NormalFormGame:
    """A :class:`NormalFormGame` from a ``nashpy.Game`` (default names).

    Examples
    --------
    >>> import nashpy, coordgame as cg
    >>> cg.io.from_nashpy(nashpy.Game([[1, -1], [-1, 1]])).payoffs[1].tolist()
    [[-1.0, 1.0], [1.0, -1.0]]
    """
    nashpy = _peer("nashpy")
    if not isinstance(game, nashpy.Game):
        raise InvalidArgumentError(f"game: expected a nashpy.Game, got {type(game).__name__}")
    A, B = game.payoff_matrices
    return NormalFormGame.from_bimatrix(A, B)


# ---------------------------------------------------------------------------- QuantEcon
def to_quantecon(game: NormalFormGame) -> Any:
    """The game as ``quantecon.game_theory.NormalFormGame`` (player i's axes rotated to start at i).

    Examples
    --------
    >>> import coordgame as cg
    >>> q = cg.io.to_quantecon(cg.NormalFormGame([[[1, 2]], [[3, 4]]]))
    >>> q.nums_actions, q.players[1].payoff_array.tolist()
    ((1, 2), [[3.0], [4.0]])
    """
    game = _check_game(game)
    gt = _peer("quantecon.game_theory")
    n = game.num_players
    players = tuple(gt.Player(np.transpose(game.payoffs[i], _cyclic_axes(i, n)).copy()) for i in range(n))
    return gt.NormalFormGame(players)


def from_quantecon(game: Any) -> NormalFormGame:
    """A :class:`NormalFormGame` from a ``quantecon.game_theory.NormalFormGame`` (default names).

    Examples
    --------
    >>> import quantecon.game_theory as gt, coordgame as cg
    >>> g = cg.io.from_quantecon(gt.NormalFormGame([[(3, 2), (0, 0)], [(0, 0), (2, 3)]]))
    >>> g.payoffs.tolist() == cg.games.battle_of_the_sexes().payoffs.tolist()
    True
    """
    gt = _peer("quantecon.game_theory")
    if not isinstance(game, gt.NormalFormGame):
        raise InvalidArgumentError(f"game: expected a quantecon.game_theory.NormalFormGame, got {type(game).__name__}")
    n = game.N
    tables = []
    for i, player in enumerate(game.players):
        own_first = np.asarray(player.payoff_array, dtype=np.float64).reshape([game.nums_actions[j] for j in _cyclic_axes(i, n)])
        tables.append(np.transpose(own_first, np.argsort(_cyclic_axes(i, n))))
    return NormalFormGame(np.stack(tables))


# ---------------------------------------------------------------------------- pygambit
def _exact(value: float) -> int | Fraction:
    # The rational of the float's shortest decimal form (0.1 -> 1/10, not the binary expansion),
    # which reads back to the same float; integers stay integers.
    exact = decimal_fraction(value)  # 1e300 is 10**300, not the float's binary integer
    return exact.numerator if exact.denominator == 1 else exact


def to_pygambit(game: NormalFormGame) -> Any:
    """The game as a strategic-form ``pygambit.Game``, keeping title, player and strategy labels.

    Examples
    --------
    >>> import coordgame as cg
    >>> gg = cg.io.to_pygambit(cg.games.stag_hunt())
    >>> [p.label for p in gg.players], gg.title
    (['Row', 'Column'], 'Stag hunt')
    """
    game = _check_game(game)
    gbt = _peer("pygambit")
    arrays = []
    for i, table in enumerate(game.payoffs):
        if game.exact_payoffs is not None:
            arrays.append(game.exact_payoffs[i])
            continue
        exact = np.empty(table.shape, dtype=object)
        exact.ravel()[:] = [_exact(x) for x in table.ravel().tolist()]
        arrays.append(exact)
    result = gbt.Game.from_arrays(*arrays, title=game.title)
    for player, name, action_names in zip(result.players, game.player_names, game.action_names):
        player.label = name
        for strategy, action in zip(player.strategies, action_names):
            strategy.label = action
    return result


def from_pygambit(game: Any) -> NormalFormGame:
    """A :class:`NormalFormGame` from a ``pygambit.Game``: float64 payoffs and, where those do not say them, exact ones.

    A game in extensive form is taken in its (reduced) strategic form, as pygambit builds it.
    Profiles with no outcome (Gambit's null outcome) have all payoffs zero.  Labels become names;
    if the players' labels (or one player's strategy labels) include an empty or repeated one,
    that list takes the default names instead (``Player 1``, ... / ``0``, ``1``, ...), since
    coordgame's names must be distinct.

    Examples
    --------
    >>> import pygambit, coordgame as cg
    >>> gg = pygambit.Game.from_arrays([[1, 0], [0, 1]], [[0, 1], [1, 0]], title="pennies")
    >>> g = cg.io.from_pygambit(gg)
    >>> g.title, g.payoffs[1].tolist()
    ('pennies', [[0.0, 1.0], [1.0, 0.0]])
    """
    gbt = _peer("pygambit")
    if not isinstance(game, gbt.Game):
        raise InvalidArgumentError(f"game: expected a pygambit.Game, got {type(game).__name__}")
    players = list(game.players)
    if not players:
        raise InvalidGameError("game: the pygambit game has no players")
    strategies = [list(p.strategies) for p in players]
    shape = tuple(len(s) for s in strategies)
    payoffs = np.full((len(players), *shape), Fraction(0), dtype=object)
    for profile in itertools.product(*(range(n) for n in shape)):
        outcome = game[profile]
        if outcome is not None:  # None is the null outcome: every payoff zero
            # Rational ("1/3") or Decimal ("0.1") payoffs, exactly
            payoffs[(slice(None), *profile)] = [Fraction(str(outcome[p])) for p in players]
    player_names = _labels([p.label for p in players], lambda k: f"Player {k + 1}")
    action_names = [_labels([s.label for s in ss], str) for ss in strategies]
    return NormalFormGame(payoffs, player_names, action_names, title=game.title)


def _labels(labels: list[str], default: Any) -> list[str]:
    # pygambit 16.7 keeps labels non-empty and distinct; earlier 16.x releases did not
    if all(labels) and len(set(labels)) == len(labels):
        return labels
    return [default(k) for k in range(len(labels))]
