"""Exceptions and warnings raised by coordgame.

Every error caused by bad input is a subclass of :class:`CoordgameError` *and* of the
matching built-in exception, so ``except ValueError`` keeps working for callers that do
not know coordgame.  Messages name the offending argument and say what was expected.
"""

from __future__ import annotations

__all__ = [
    "CoordgameError",
    "InvalidGameError",
    "NotAGameError",
    "InvalidProfileError",
    "InvalidArgumentError",
    "UnsupportedGameError",
    "VerificationError",
    "ConvergenceError",
    "InfeasibleError",
    "FileFormatError",
    "MissingDependencyError",
    "StoreLockedError",
    "DegenerateGameWarning",
    "Interrupted",
]


class CoordgameError(Exception):
    """Base class of every error raised by coordgame.

    Every coordgame error derives from it (and from the matching built-in exception), so one
    ``except CoordgameError`` catches any of them:

    Examples
    --------
    >>> import coordgame as cg
    >>> try:
    ...     cg.lemke_howson(cg.games.chicken(), max_pivots=0)
    ... except cg.CoordgameError as exc:
    ...     print(type(exc).__name__, "-", exc)
    InvalidArgumentError - max_pivots: expected an integer >= 1, got 0
    """


class InvalidGameError(CoordgameError, ValueError):
    """A game's payoffs or description are malformed (shape, NaN/inf, empty action set).

    Examples
    --------
    >>> import numpy as np
    >>> from coordgame import NormalFormGame
    >>> NormalFormGame([[[1, np.nan], [0, 1]], [[1, 0], [0, 1]]])
    Traceback (most recent call last):
    ...
    coordgame.errors.InvalidGameError: payoffs: every payoff must be finite; found nan at index (0, 0, 1) ...
    """


class InvalidArgumentError(CoordgameError, ValueError):
    """A keyword argument has a value outside what the function accepts.

    Examples
    --------
    >>> import coordgame as cg
    >>> cg.lemke_howson(cg.games.chicken(), max_pivots=0)
    Traceback (most recent call last):
    ...
    coordgame.errors.InvalidArgumentError: max_pivots: expected an integer >= 1, got 0
    """


class NotAGameError(InvalidGameError, InvalidArgumentError):
    """The ``game`` argument is neither a game nor a payoff array a game can be made of (e.g. a string, None).

    Examples
    --------
    >>> import coordgame as cg
    >>> cg.pure_nash("chicken")
    Traceback (most recent call last):
    ...
    coordgame.errors.NotAGameError: game: expected a NormalFormGame, a payoff array ... got str
    """


class InvalidProfileError(CoordgameError, ValueError):
    """A strategy profile does not fit the game (length, shape, not a probability vector).

    Examples
    --------
    >>> import coordgame as cg
    >>> cg.verify(cg.games.chicken(), [[1, 0]])  # one strategy for a two-player game
    Traceback (most recent call last):
    ...
    coordgame.errors.InvalidProfileError: profile: expected 2 strategies, got 1
    """


class UnsupportedGameError(CoordgameError, ValueError):
    """The method cannot handle this kind of game (e.g. a two-player method on three players).

    Examples
    --------
    >>> import numpy as np
    >>> import coordgame as cg
    >>> cg.lemke_howson(cg.NormalFormGame(np.zeros((3, 2, 2, 2))))
    Traceback (most recent call last):
    ...
    coordgame.errors.UnsupportedGameError: game: Lemke-Howson needs a two-player game, got 3 players
    """


class VerificationError(CoordgameError, ArithmeticError):
    """A computed profile failed verification: some player's regret exceeds the tolerance.

    Solvers raise it rather than return an unverified answer; it signals a numerical failure
    (or a discretisation too coarse for the game), never bad input.

    Examples
    --------
    >>> from coordgame.errors import CoordgameError, VerificationError
    >>> issubclass(VerificationError, CoordgameError), issubclass(VerificationError, ArithmeticError)
    (True, True)
    """


class ConvergenceError(CoordgameError, RuntimeError):
    """An iterative method did not reach the requested accuracy within its budget.

    Examples
    --------
    >>> import coordgame as cg
    >>> cg.lemke_howson(cg.games.chicken(), max_pivots=1)
    Traceback (most recent call last):
    ...
    coordgame.errors.ConvergenceError: max_pivots: the Lemke-Howson path of label 0 needs more than 1 pivots
    """


class InfeasibleError(CoordgameError, RuntimeError):
    """An optimisation problem has no feasible point (or the solver could not find one).

    Examples
    --------
    >>> from coordgame.coop import kalai_smorodinsky
    >>> kalai_smorodinsky([[0, 0], [1, 0], [0, 1]], [2, 2])  # the disagreement point is out of reach
    Traceback (most recent call last):
    ...
    coordgame.errors.InfeasibleError: disagreement: no feasible point gives every player strictly more than it
    """


class FileFormatError(CoordgameError, ValueError):
    """A game file is malformed; ``line`` is the 1-based line number where parsing failed.

    Examples
    --------
    >>> from coordgame.io import parse_nfg
    >>> parse_nfg('NFG 1 R "an unclosed title')
    Traceback (most recent call last):
    ...
    coordgame.errors.FileFormatError: line 1: a quoted string is never closed
    """

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        where = ""
        if path is not None:
            where += f"{path}"
        if line is not None:
            where += f"{':' if where else 'line '}{line}"
        super().__init__(f"{where}: {message}" if where else message)
        self.path = path
        self.line = line


class MissingDependencyError(CoordgameError, ImportError):
    """An optional package (a peer library used for conversion) is not installed.

    Examples
    --------
    >>> import sys
    >>> from coordgame import games
    >>> from coordgame.io import to_pygambit
    >>> saved = sys.modules.get("pygambit")
    >>> sys.modules["pygambit"] = None  # as if pygambit were not installed
    >>> try:
    ...     to_pygambit(games.chicken())
    ... finally:
    ...     _ = sys.modules.pop("pygambit") if saved is None else sys.modules.update(pygambit=saved)
    Traceback (most recent call last):
    ...
    coordgame.errors.MissingDependencyError: pygambit is needed for this conversion but cannot be imported ...
    """


class StoreLockedError(CoordgameError, RuntimeError):
    """A sweep store is being written by another process (one store, one writer); ``holder`` says which.

    Examples
    --------
    >>> import os, tempfile
    >>> from coordgame.sweep import sweep
    >>> store = os.path.join(tempfile.mkdtemp(), "runs.jsonl")
    >>> def nested(a):  # a second sweep writing the store the outer sweep holds
    ...     return {"rows": len(sweep(lambda b: {"z": b}, {"b": [1]}, store=store, progress=False))}
    >>> sweep(nested, {"a": [1]}, store=store, errors="raise", progress=False)
    Traceback (most recent call last):
    ...
    coordgame.errors.StoreLockedError: store: ... is being written by another sweep (...); one store has one writer: ...
    """

    def __init__(self, message: str, *, holder: str | None = None) -> None:
        super().__init__(message)
        self.holder = holder


class DegenerateGameWarning(UserWarning):
    """The game is degenerate, so a method that assumes non-degeneracy may miss equilibria.

    Examples
    --------
    >>> import warnings
    >>> import coordgame as cg
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     found = cg.support_enumeration(cg.NormalFormGame([[[1, 1], [1, 1]], [[1, 1], [1, 1]]]))
    >>> caught[0].category.__name__, found.complete  # every profile of a constant game is an equilibrium
    ('DegenerateGameWarning', False)
    """


class Interrupted(KeyboardInterrupt):
    """A long computation stopped by Ctrl-C (KeyboardInterrupt), carrying what it had found.

    A subclass of :class:`KeyboardInterrupt`, so an interrupted program still stops (and
    ``except KeyboardInterrupt`` still catches it); ``partial`` holds the result so far, marked
    incomplete (an :class:`~coordgame.equilibrium.EquilibriumSet` with ``complete=False`` and a
    note, or a sweep's table of the finished points).

    Examples
    --------
    >>> from coordgame.errors import Interrupted
    >>> try:
    ...     raise Interrupted("stopped", partial=[1, 2])
    ... except KeyboardInterrupt as exc:
    ...     print(exc.partial)
    [1, 2]
    """

    def __init__(self, message: str = "interrupted", *, partial: object = None) -> None:
        super().__init__(message)
        self.partial = partial
