"""The ``coordgame`` command.

Subcommands are listed in :data:`SUBCOMMANDS`; each names a module that provides
``add_arguments(parser)`` and ``run(args) -> int``.  Modules are imported only when their
subcommand runs, so ``coordgame --help`` is fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from coordgame.errors import CoordgameError

#: name -> (one-line help, "module" providing add_arguments/run)
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "solve": ("compute the Nash equilibria of a game (.nfg file or built-in)", "coordgame.cli.solve"),
    "games": ("list the built-in games", "coordgame.cli.solve"),
    "compare": ("compare regimes: local competition, mediator, transfers, central planning", "coordgame.cli.compare"),
    "reproduce": ("run the experiments: figures (PNG) and their data (CSV)", "coordgame.cli.reproduce"),
}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand (modules imported to add their arguments)."""
    parser = argparse.ArgumentParser(
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


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``coordgame`` console script; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "handler", None) is None:
        parser.print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except CoordgameError as exc:
        print(f"coordgame {args.command}: error: {exc}", file=sys.stderr)
        return 1

