"""The ``coordgame`` command.

Subcommands are listed in :data:`SUBCOMMANDS`; each names a module that provides
``add_arguments(parser)`` and ``run(args) -> int``.  Modules are imported only when their
subcommand runs, so ``coordgame --help`` is fast.

Exit status: 0 on success; 2 for a command line that does not make sense (an unknown option or
game parameter, a value of the wrong type, options that do not go together), as argparse
does; 1 for any other error (a malformed file, a method that fails on this game); 130 when
interrupted (Ctrl-C).  Every error is reported as one line on stderr, never a traceback; set
the environment variable ``COORDGAME_TRACEBACK=1`` to see the traceback of an unexpected one.
Warnings are one line each too (``coordgame solve: warning: DegenerateGameWarning: ...``).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import warnings
from collections.abc import Sequence
from typing import NoReturn

from coordgame.errors import CoordgameError, InvalidArgumentError

__all__ = ["SUBCOMMANDS", "UsageError", "build_parser", "main"]

#: name -> (one-line help, "module" providing add_arguments/run)
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "solve": ("compute the Nash equilibria of a game (.nfg file or built-in)", "coordgame.cli.solve"),
    "games": ("list the built-in games", "coordgame.cli.solve"),
    "compare": ("compare regimes: local competition, mediator, transfers, central planning", "coordgame.cli.compare"),
    "reproduce": ("run the experiments: figures (PNG) and their data (CSV)", "coordgame.cli.reproduce"),
}

#: Exit status of a usage error (as argparse), of any other error, and of an interrupted command.
EXIT_USAGE, EXIT_ERROR, EXIT_INTERRUPTED = 2, 1, 130


class UsageError(InvalidArgumentError):
    """A command line that does not make sense; the command exits with status 2.

    Examples
    --------
    >>> from coordgame.cli import main
    >>> from coordgame.cli.solve import game_parameters
    >>> game_parameters("stag_hunt", ["both_stag"])  # a parameter without its value
    Traceback (most recent call last):
    ...
    coordgame.cli.UsageError: --param: expected NAME=VALUE, got 'both_stag'; stag_hunt takes both_stag=4.0, ...
    >>> main(["solve", "--game", "stag_hunt", "--param", "both_stag"])  # the command reports it on stderr
    2
    """


class _Parser(argparse.ArgumentParser):
    """An argument parser that reports a usage error as one line (argparse prints the usage too)."""

    def error(self, message: str) -> NoReturn:
        _report(f"{self.prog}: error: {message} (see '{self.prog} --help')")
        raise SystemExit(EXIT_USAGE)


def _report(line: str) -> None:
    """Write ``line`` to stderr as exactly one line."""
    print(" ".join(line.split()), file=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand (modules imported to add their arguments).

    Examples
    --------
    >>> build_parser().parse_args(["solve", "--game", "chicken"]).game
    'chicken'
    """
    parser = _Parser(
        prog="coordgame",
        description="Equilibria of collective-action games: local competition vs central planning.",
    )
    from coordgame import __version__

    parser.add_argument("--version", action="version", version=f"coordgame {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_text, module) in SUBCOMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=help_text[0].upper() + help_text[1:] + ".")
        mod = importlib.import_module(module)
        getattr(mod, f"add_{name}_arguments")(command)
        command.set_defaults(handler=getattr(mod, f"run_{name}"))
    return parser


def _one_line_warning(prog: str):
    """A ``warnings.showwarning`` that reports a warning as one line on stderr, as errors are."""

    def show(message, category, filename, lineno, file=None, line=None) -> None:
        _report(f"{prog}: warning: {category.__name__}: {message}")

    return show


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that flushing it at exit raises no second BrokenPipeError."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout is not a real file (captured)
        pass


def _exit_status(code: object) -> int:
    """The integer status of a ``SystemExit`` code (None is 0; a message is 1, as Python does)."""
    if code is None:
        return 0
    return code if isinstance(code, int) else EXIT_ERROR


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``coordgame`` console script; returns the exit status.

    Examples
    --------
    A bad parameter is a usage error, reported as one line on stderr:

    >>> main(["solve", "--game", "chicken", "--param", "crash=abc"])
    2
    """
    prog = "coordgame"
    try:
        parser = build_parser()
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # --help, --version, or a usage error already reported
            return _exit_status(exc.code)
        if getattr(args, "handler", None) is None:
            parser.print_help()
            return EXIT_USAGE
        prog = f"coordgame {args.command}"
        with warnings.catch_warnings():
            warnings.showwarning = _one_line_warning(prog)
            return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        _report(f"{prog}: interrupted")
        return EXIT_INTERRUPTED
    except UsageError as exc:
        _report(f"{prog}: error: {exc} (see '{prog} --help')")
        return EXIT_USAGE
    except CoordgameError as exc:
        _report(f"{prog}: error: {exc}")
        return EXIT_ERROR
    except BrokenPipeError:  # the reader of stdout went away (``| head``): stop quietly
        _silence_stdout()
        return EXIT_ERROR
    except OSError as exc:  # a file that cannot be read or written
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        _report(f"{prog}: error: {where}{exc.strerror or exc}")
        return EXIT_ERROR
    except Exception as exc:  # a bug: one line all the same, the traceback on request
        if os.environ.get("COORDGAME_TRACEBACK"):
            raise
        _report(f"{prog}: internal error: {type(exc).__name__}: {exc} "
                "(set COORDGAME_TRACEBACK=1 to see the traceback, and please report it)")
        return EXIT_ERROR
