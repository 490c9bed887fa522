"""``coordgame solve`` and ``coordgame games``: equilibria of a game file or a built-in game."""

from __future__ import annotations

import argparse
import inspect
import json
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from coordgame.cli import UsageError
from coordgame.equilibrium import DEFAULT_TOL, EquilibriumSet
from coordgame.errors import InvalidArgumentError
from coordgame.games.classic import CLASSIC_GAMES
from coordgame.games.normal_form import NormalFormGame


def add_game_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments that select a game: a .nfg path or ``--game NAME [--param k=v ...]``."""
    parser.add_argument("file", nargs="?", help="a Gambit strategic-form file (.nfg)")
    parser.add_argument("--game", choices=sorted(CLASSIC_GAMES), help="a built-in game instead of a file")
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                        help="a parameter of the built-in game, e.g. --param num_players=3 (repeatable)")


def tolerance(text: str) -> float:
    """An argparse ``type``: a finite number >= 0 (argparse reports anything else as a usage error).

    Examples
    --------
    >>> tolerance("1e-6")
    1e-06
    """
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"expected a finite number >= 0, got {text!r}")
    return value


def _signature_text(name: str) -> str:
    parameters = inspect.signature(CLASSIC_GAMES[name]).parameters.values()
    return ", ".join(f"{p.name}={p.default!r}" for p in parameters)


def _parse_param(game: str, name: str, text: str, parameter: inspect.Parameter) -> Any:
    """``text`` read as the type of ``parameter``'s default (int or float); a usage error otherwise."""
    kind = type(parameter.default) if isinstance(parameter.default, (int, float)) else float
    try:
        return kind(text)
    except ValueError:
        noun = "an integer" if kind is int else "a number"
        raise UsageError(f"--param {name}={text}: {name} of {game} must be {noun}; "
                         f"{game} takes {_signature_text(game)}") from None


def game_parameters(game: str, items: Sequence[str]) -> dict[str, Any]:
    """The keyword arguments of built-in game ``game`` given as ``NAME=VALUE`` strings.

    Raises
    ------
    UsageError
        For an item that is not ``NAME=VALUE``, an unknown or repeated name, or a value of the
        wrong type; the message lists the game's parameters.

    Examples
    --------
    >>> game_parameters("minimum_effort", ["num_players=3", "gain=0.3"])
    {'num_players': 3, 'gain': 0.3}
    """
    accepted = inspect.signature(CLASSIC_GAMES[game]).parameters
    params: dict[str, Any] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name:
            raise UsageError(f"--param: expected NAME=VALUE, got {item!r}; {game} takes {_signature_text(game)}")
        if name not in accepted:
            raise UsageError(f"--param {name}: {game} has no parameter(s) [{name!r}]; "
                             f"it takes {_signature_text(game)}")
        if name in params:
            raise UsageError(f"--param {name}: given twice")
        params[name] = _parse_param(game, name, value, accepted[name])
    return params


def load_game(args: argparse.Namespace) -> NormalFormGame:
    """The game named by ``args`` (see :func:`add_game_arguments`).

    Raises
    ------
    UsageError
        If both or neither of a file and ``--game`` are given, or a ``--param`` is bad.
    FileFormatError
        If the file is not a valid .nfg file.

    Examples
    --------
    >>> load_game(argparse.Namespace(file=None, game="volunteers_dilemma", param=["num_players=4"])).num_players
    4
    """
    if (args.file is None) == (args.game is None):
        raise UsageError("give exactly one of a .nfg FILE or --game NAME")
    if args.file is not None:
        if args.param:
            raise UsageError("--param applies only to built-in games (--game)")
        from coordgame.io import read_nfg

        return read_nfg(args.file)
    params = game_parameters(args.game, args.param)
    try:
        return CLASSIC_GAMES[args.game](**params)
    except InvalidArgumentError as exc:  # a value of the right type but out of range
        raise UsageError(f"--param {exc}") from None


def add_solve_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``coordgame solve``."""
    from coordgame.solvers.nash import ALIASES, METHODS

    add_game_arguments(parser)
    parser.add_argument("--method", default="auto", choices=["auto", *sorted(METHODS), *sorted(ALIASES)],
                        help="equilibrium method (default: auto, which says what it chose)")
    parser.add_argument("--format", default="table", choices=["table", "json", "csv"], help="output format")
    parser.add_argument("--tol", type=tolerance, default=DEFAULT_TOL,
                        help="relative regret tolerance (default 1e-9)")
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


def solve_options(game: NormalFormGame, args: argparse.Namespace) -> dict[str, Any]:
    """The options ``--exact`` and ``--components`` ask of :func:`coordgame.nash`, checked against the method.

    Raises
    ------
    UsageError
        If the method chosen for this game (``--method``, or what ``auto`` picks) has no such option.

    Examples
    --------
    >>> from coordgame.games import chicken
    >>> solve_options(chicken(), argparse.Namespace(method="vertex", exact=True, components=False))
    {'exact': True}
    """
    from coordgame.solvers.nash import METHODS, method_options, resolve_method

    wanted = {flag: True for flag in ("exact", "components") if getattr(args, flag)}
    if not wanted:
        return {}
    method = resolve_method(game, args.method)
    accepted = method_options(method)
    for flag in wanted:
        if flag not in accepted:
            offer = [m for m in sorted(METHODS) if flag in method_options(m)]
            chosen = f"auto chose {method} for this {game.num_players}-player game" if args.method == "auto" \
                else f"method {method} has no such option"
            raise UsageError(f"--{flag}: not available: {chosen}; it is offered by "
                             f"{', '.join(offer)} (two-player games)")
    return wanted


def run_solve(args: argparse.Namespace) -> int:
    """Run ``coordgame solve``."""
    from coordgame.solvers.nash import nash

    game = load_game(args)
    options = solve_options(game, args)
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
