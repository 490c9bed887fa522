"""``coordgame solve`` and ``coordgame games``: equilibria of a game file or a built-in game."""

from __future__ import annotations

import argparse
import inspect
import json
from typing import Any

import numpy as np

from coordgame.equilibrium import EquilibriumSet
from coordgame.errors import InvalidArgumentError
from coordgame.games.classic import CLASSIC_GAMES
from coordgame.games.normal_form import NormalFormGame
from coordgame.tolerances import DEFAULT_TOL


def add_game_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments that select a game: a .nfg path or ``--game NAME [--param k=v ...]``."""
    parser.add_argument("file", nargs="?", help="a Gambit strategic-form file (.nfg)")
    parser.add_argument("--game", choices=sorted(CLASSIC_GAMES), help="a built-in game instead of a file")
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                        help="a parameter of the built-in game, e.g. --param num_players=3 (repeatable)")


def _parse_value(text: str) -> Any:
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def load_game(args: argparse.Namespace) -> NormalFormGame:
    """The game named by ``args`` (see :func:`add_game_arguments`)."""
    if (args.file is None) == (args.game is None):
        raise InvalidArgumentError("give exactly one of a .nfg FILE or --game NAME")
    if args.file is not None:
        if args.param:
            raise InvalidArgumentError("--param applies only to built-in games (--game)")
        from coordgame.io import read_nfg

        return read_nfg(args.file)
    params = {}
    for item in args.param:
        name, sep, value = item.partition("=")
        if not sep:
            raise InvalidArgumentError(f"--param: expected NAME=VALUE, got {item!r}")
        params[name.strip()] = _parse_value(value.strip())
    constructor = CLASSIC_GAMES[args.game]
    accepted = inspect.signature(constructor).parameters
    unknown = sorted(set(params) - set(accepted))
    if unknown:
        raise InvalidArgumentError(f"--param: {args.game} has no parameter(s) {unknown}; it takes {list(accepted)}")
    return constructor(**params)


def add_solve_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``coordgame solve``."""
    from coordgame.solvers.nash import ALIASES, METHODS

    add_game_arguments(parser)
    parser.add_argument("--method", default="auto", choices=["auto", *sorted(METHODS), *sorted(ALIASES)],
                        help="equilibrium method (default: auto, which says what it chose)")
    parser.add_argument("--format", default="table", choices=["table", "json", "csv"], help="output format")
    parser.add_argument("--tol", type=float, default=DEFAULT_TOL, help="relative regret tolerance (default 1e-9)")
    parser.add_argument("--exact", action="store_true", help="exact rational arithmetic (two-player vertex enumeration)")
    parser.add_argument("--components", action="store_true",
                        help="group extreme equilibria into connected components (two-player vertex enumeration)")


def _strategy_text(game: NormalFormGame, player: int, strategy: np.ndarray) -> str:
    names = game.action_names[player]
    support = np.flatnonzero(strategy > 0)
    if support.size == 1:
        return names[support[0]]
    return " ".join(f"{names[k]}:{strategy[k]:.4g}" for k in support)


def format_table(game: NormalFormGame, result: EquilibriumSet) -> str:
    """A plain-text table of the equilibria: strategies, payoffs, welfare, regret."""
    header = ["#", *[f"{p}" for p in game.player_names], *[f"u[{p}]" for p in game.player_names], "welfare", "regret"]
    rows = []
    for k, eq in enumerate(result):
        strategies = [_strategy_text(game, i, s) for i, s in enumerate(eq.strategies)]
        if eq.exact is not None:
            strategies = [" ".join(f"{game.action_names[i][j]}:{p}" for j, p in enumerate(s) if p != 0)
                          for i, s in enumerate(eq.exact)]
        rows.append([str(k), *strategies, *[f"{u:.6g}" for u in eq.payoffs], f"{eq.welfare:.6g}", f"{eq.regret:.1e}"])
    widths = [max(len(r[c]) for r in [header, *rows]) for c in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in [header, *rows]]
    title = game.title or "game"
    shape = "x".join(map(str, game.num_actions))
    summary = (f"{title} ({game.num_players} players, {shape}): {len(result)} equilibria, method {result.method}, "
               f"{'complete' if result.complete else 'not guaranteed complete'}")
    notes = [f"note: {n}" for n in result.notes]
    if result.components is not None:
        notes.append("components: " + "; ".join("{" + ", ".join(map(str, c)) + "}" for c in result.components))
    return "\n".join([summary, *lines, *notes])


def run_solve(args: argparse.Namespace) -> int:
    """Run ``coordgame solve``."""
    from coordgame.solvers.nash import nash

    game = load_game(args)
    options: dict[str, Any] = {}
    if args.exact:
        options["exact"] = True
    if args.components:
        options["components"] = True
    result = nash(game, args.method, tol=args.tol, **options)
    if args.format == "json":
        print(json.dumps({"game": {"title": game.title, "players": list(game.player_names),
                                   "actions": [list(a) for a in game.action_names]},
                          **result.to_dict()}, indent=2))
    elif args.format == "csv":
        print(result.to_frame().to_csv(), end="")
    else:
        print(format_table(game, result))
    return 0


def add_games_arguments(parser: argparse.ArgumentParser) -> None:
    """``coordgame games`` takes no arguments."""


def run_games(args: argparse.Namespace) -> int:
    """List the built-in games with their parameters and first docstring line."""
    for name, constructor in sorted(CLASSIC_GAMES.items()):
        params = ", ".join(f"{p.name}={p.default!r}" for p in inspect.signature(constructor).parameters.values())
        doc = (constructor.__doc__ or "").strip().splitlines()[0]
        print(f"{name}({params})\n    {doc}")
    return 0
