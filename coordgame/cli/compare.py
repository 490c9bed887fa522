"""``coordgame compare``: every regime's welfare, payoffs and loss for one game, as a table."""

from __future__ import annotations

import argparse

from coordgame.cli.solve import add_game_arguments, load_game
from coordgame.mechanisms import compare

__all__ = ["add_compare_arguments", "run_compare"]


def add_compare_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``coordgame compare``: a game, the welfare, the output format.

    Examples
    --------
    >>> import argparse
    >>> parser = argparse.ArgumentParser(prog="coordgame compare")
    >>> add_compare_arguments(parser)
    >>> args = parser.parse_args(["--game", "stag_hunt", "--welfare", "rawlsian"])
    >>> args.game, args.welfare, args.method, args.format
    ('stag_hunt', 'rawlsian', 'auto', 'table')
    """
    add_game_arguments(parser)
    parser.add_argument("--welfare", default="utilitarian", choices=["utilitarian", "rawlsian", "nash_product"],
                        help="welfare function every regime is measured by (default: utilitarian)")
    from coordgame.solvers.nash import ALIASES, METHODS

    parser.add_argument("--method", default="auto", choices=["auto", *sorted(METHODS), *sorted(ALIASES)],
                        help="Nash equilibrium method for local competition (default: auto)")
    parser.add_argument("--format", default="table", choices=["table", "csv", "json"], help="output format")


def run_compare(args: argparse.Namespace) -> int:
    """``coordgame compare``: print the regime comparison table; returns the exit status.

    Examples
    --------
    >>> import argparse
    >>> parser = argparse.ArgumentParser(prog="coordgame compare")
    >>> add_compare_arguments(parser)
    >>> run_compare(parser.parse_args(["--game", "prisoners_dilemma"]))
    Prisoners' dilemma: utilitarian welfare by regime
        regime  welfare  payoff[Row]  payoff[Column]  cost  loss  relative_loss  ratio  selection ...
        local competition (worst)  2  1  1  0  2  0.5  2  worst ...
        central planning  4  2  2  0  0  0  1  optimum ...
    0
    """
    game = load_game(args)
    comparison = compare(game, welfare=args.welfare, method=args.method)  # the default regimes
    table = comparison.table
    if args.format == "csv":
        print(table.to_csv(index=False), end="")
    elif args.format == "json":
        print(table.to_json(orient="records", indent=2))
    else:
        shown = table.drop(columns=["description", "ratio_note"])
        print(f"{game.title or 'game'}: {args.welfare} welfare by regime")
        print(shown.to_string(index=False, float_format=lambda x: f"{x:.6g}", na_rep="nan"))
        notes = {n for n in table["ratio_note"] if n}
        notes |= {n for out in comparison.outcomes if out.equilibria is not None for n in out.equilibria.notes}
        for n in sorted(notes):
            print(f"note: {n}")
    return 0

