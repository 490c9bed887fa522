"""Argument checks shared by the cooperative solvers."""

from __future__ import annotations

from typing import Any

import numpy as np

from coordgame.errors import InvalidArgumentError, InvalidGameError, NotAGameError

from .tu_game import TUGame


def checked_game(game: Any) -> TUGame:
    """``game`` as a :class:`TUGame` (a list or array of the 2^n values is wrapped); else an error naming ``game``."""
    if isinstance(game, TUGame):
        return game
    if isinstance(game, (list, tuple, np.ndarray)):
        try:
            return TUGame(game)
        except InvalidGameError as exc:
            raise InvalidGameError(f"game: {exc}") from None
    raise NotAGameError(f"game: expected a TUGame (or v over the 2^n coalitions as an array), got {type(game).__name__}")


def checked_allocation(allocation: Any, game: TUGame, name: str = "allocation") -> np.ndarray:
    """A finite payoff vector with one entry per player."""
    try:
        x = np.array(allocation, dtype=float)
    except (TypeError, ValueError):
        raise InvalidArgumentError(f"{name}: expected {game.num_players} numbers, got {allocation!r}") from None
    if x.shape != (game.num_players,) or not np.all(np.isfinite(x)):
        raise InvalidArgumentError(f"{name}: expected {game.num_players} finite numbers, got {allocation!r}")
    return x
