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
    """Base class of every error raised by coordgame."""


class InvalidGameError(CoordgameError, ValueError):
    """A game's payoffs or description are malformed (shape, NaN/inf, empty action set)."""


class InvalidArgumentError(CoordgameError, ValueError):
    """A keyword argument has a value outside what the function accepts."""


class NotAGameError(InvalidGameError, InvalidArgumentError):
    """The ``game`` argument is neither a game nor a payoff array a game can be made of (e.g. a string, None)."""


class InvalidProfileError(CoordgameError, ValueError):
    """A strategy profile does not fit the game (length, shape, not a probability vector)."""


class UnsupportedGameError(CoordgameError, ValueError):
    """The method cannot handle this kind of game (e.g. a two-player method on three players)."""


class VerificationError(CoordgameError, ArithmeticError):
    """A computed profile failed verification: some player's regret exceeds the tolerance."""


class ConvergenceError(CoordgameError, RuntimeError):
    """An iterative method did not reach the requested accuracy within its budget."""


class InfeasibleError(CoordgameError, RuntimeError):
    """An optimisation problem has no feasible point (or the solver could not find one)."""


class FileFormatError(CoordgameError, ValueError):
    """A game file is malformed; ``line`` is the 1-based line number where parsing failed."""

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
    """An optional package (a peer library used for conversion) is not installed."""


class StoreLockedError(CoordgameError, RuntimeError):
    """A sweep store is being written by another process (one store, one writer); ``holder`` says which."""

    def __init__(self, message: str, *, holder: str | None = None) -> None:
        super().__init__(message)
        self.holder = holder


class DegenerateGameWarning(UserWarning):
    """The game is degenerate, so a method that assumes non-degeneracy may miss equilibria."""


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
