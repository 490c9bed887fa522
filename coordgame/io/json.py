"""JSON for games and results.

A game is stored as the object produced by :meth:`NormalFormGame.to_dict`::

    {"title": str, "player_names": [str, ...], "action_names": [[str, ...], ...],
     "payoffs": nested lists of shape (N, n_1, ..., n_N),
     "exact_payoffs": the same nesting of "p/q" strings (only for a game with exact payoffs)}

Python's :mod:`json` writes every float in its shortest round-trip form, and a game's
:attr:`~coordgame.NormalFormGame.exact_payoffs` (``1/3`` read from a ``.nfg`` file, or
Fractions given to the constructor) are written as strings beside the floats, so
``game_from_json(game_to_json(game)) == game`` holds exactly, exact payoffs included.  Results (``Equilibrium``,
``EquilibriumSet`` and anything else with a ``to_dict()``) are written with :func:`to_json`;
they are records, not meant to be read back into objects.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import numpy as np

from coordgame.errors import FileFormatError, InvalidArgumentError, InvalidGameError
from coordgame.games.normal_form import NormalFormGame

__all__ = ["game_to_json", "game_from_json", "game_from_dict", "to_json"]

_GAME_KEYS = ("title", "player_names", "action_names", "payoffs", "exact_payoffs")


def _plain(value: Any) -> Any:
    """``json.dumps`` fallback for numpy scalars/arrays, fractions and tuples-of-sets."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"cannot write a {type(value).__name__} as JSON")


def to_json(obj: Any, *, indent: int | None = None) -> str:
    """JSON text of a game, a result, or any object with a ``to_dict()`` method.

    numpy scalars and arrays become numbers and lists, fractions become ``"p/q"`` strings.

    Examples
    --------
    >>> import json, coordgame as cg
    >>> result = cg.pure_nash(cg.games.prisoners_dilemma())
    >>> json.loads(cg.io.to_json(result))["equilibria"][0]["strategies"]
    [[0.0, 1.0], [0.0, 1.0]]
    """
    record = obj.to_dict() if hasattr(obj, "to_dict") else obj
    try:
        return json.dumps(record, indent=indent, default=_plain, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise InvalidArgumentError(f"obj: cannot be written as JSON ({exc})") from None


def game_to_json(game: NormalFormGame, *, indent: int | None = None) -> str:
    """JSON text of a game (the object of :meth:`NormalFormGame.to_dict`).

    Examples
    --------
    >>> import coordgame as cg
    >>> g = cg.games.stag_hunt()
    >>> cg.io.game_from_json(cg.io.game_to_json(g)) == g
    True
    """
    if not isinstance(game, NormalFormGame):
        raise InvalidArgumentError(f"game: expected a NormalFormGame, got {type(game).__name__}")
    return json.dumps(game.to_dict(), indent=indent, allow_nan=False)


def game_from_dict(record: Mapping[str, Any]) -> NormalFormGame:
    """The game described by a :meth:`NormalFormGame.to_dict` record.

    Only ``payoffs`` is required; missing names take their defaults.  An ``exact_payoffs``
    entry (strings ``"p/q"`` or integers, nested as ``payoffs``) makes a game with
    :attr:`~coordgame.NormalFormGame.exact_payoffs`; each float of ``payoffs`` must then be
    the one nearest its exact value.

    Raises
    ------
    InvalidGameError
        If ``record`` is not a mapping, has unknown keys, or describes an invalid game.

    Examples
    --------
    >>> import coordgame as cg
    >>> cg.io.game_from_dict({"payoffs": [[[1, 0]], [[0, 1]]]}).num_actions
    (1, 2)
    >>> g = cg.io.game_from_dict({"payoffs": [[0.3333333333333333, 1.0]], "exact_payoffs": [["1/3", "1"]]})
    >>> g.exact_payoffs.tolist()
    [[Fraction(1, 3), Fraction(1, 1)]]
    """
    if not isinstance(record, Mapping):
        raise InvalidGameError(f"record: expected a mapping with a 'payoffs' entry, got {type(record).__name__}")
    unknown = sorted(set(record) - set(_GAME_KEYS))
    if unknown:
        raise InvalidGameError(f"record: unknown key(s) {unknown}; expected some of {list(_GAME_KEYS)}")
    if "payoffs" not in record:
        raise InvalidGameError("record: missing the 'payoffs' entry")
    payoffs = record["payoffs"]
    if record.get("exact_payoffs") is not None:
        payoffs = _exact_payoffs(record["exact_payoffs"], payoffs)
    return NormalFormGame(
        payoffs,
        player_names=record.get("player_names"),
        action_names=record.get("action_names"),
        title=record.get("title", ""),
    )


def _exact_payoffs(entries: Any, payoffs: Any) -> np.ndarray:
    """The ``exact_payoffs`` entry as Fractions, checked against the floats of ``payoffs``."""
    try:
        exact = np.array(entries, dtype=object)
        floats = np.array(payoffs, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InvalidGameError(f"record: 'exact_payoffs' and 'payoffs' must be nested lists of one shape ({exc})") from None
    if exact.shape != floats.shape:
        raise InvalidGameError(f"record: 'exact_payoffs' has shape {exact.shape}, 'payoffs' {floats.shape}")
    flat = exact.ravel()
    for k, entry in enumerate(flat.tolist()):
        if isinstance(entry, bool) or not isinstance(entry, (str, int)):
            raise InvalidGameError(f"record: 'exact_payoffs' entries must be strings 'p/q' or integers, got {entry!r}")
        try:
            flat[k] = Fraction(entry)
        except (ValueError, ZeroDivisionError):
            raise InvalidGameError(f"record: 'exact_payoffs' entry {entry!r} is not a rational number") from None
    exact = flat.reshape(floats.shape)
    nearest = NormalFormGame(exact).payoffs  # validates the exact values (finite as floats)
    if not np.array_equal(nearest, floats):
        index = tuple(int(i) for i in np.argwhere(nearest != floats)[0])
        raise InvalidGameError(
            f"record: 'payoffs' {floats[index]!r} at index {index} is not the float nearest its exact value {exact[index]}"
        )
    return exact


def game_from_json(text: str) -> NormalFormGame:
    """Read a game written by :func:`game_to_json`.

    Raises
    ------
    FileFormatError
        If ``text`` is not JSON (naming the line) or does not describe a valid game.

    Examples
    --------
    >>> import coordgame as cg
    >>> cg.io.game_from_json('{"payoffs": [[[3, 0], [0, 2]], [[2, 0], [0, 3]]]}').payoff((1, 1)).tolist()
    [2.0, 3.0]
    """
    if not isinstance(text, (str, bytes, bytearray)):
        raise InvalidArgumentError(f"text: expected JSON text, got {type(text).__name__}")
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileFormatError(f"not valid JSON: {exc.msg} (column {exc.colno})", line=exc.lineno) from None
    try:
        return game_from_dict(record)
    except InvalidGameError as exc:
        raise FileFormatError(f"not a game: {exc}") from None
