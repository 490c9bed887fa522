"""Writing ``.nfg`` text: :func:`write_nfg`, re-exported by :mod:`coordgame.io.nfg`."""

from __future__ import annotations

import os
from fractions import Fraction

import numpy as np

from coordgame.errors import InvalidArgumentError
from coordgame.games.normal_form import NormalFormGame
from coordgame.io._nfg_parse import _quote

#: The two body variants of the format.
FORMATS = ("payoffs", "outcomes")


def _format_number(value: float) -> str:
    # repr is the shortest decimal that reads back to the same float; Gambit's reader does
    # not accept a '+' in an exponent ("1e+16"), so that sign is dropped ("1e16").
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value).replace("e+", "e")


def _profile_rows(tables: np.ndarray) -> np.ndarray:
    """Payoff vectors of all profiles, shape (num_profiles, N), first player fastest."""
    return np.stack([table.ravel(order="F") for table in tables], axis=1)


def _payoff_texts(game: NormalFormGame) -> list[list[str]]:
    """Each profile's payoffs as written: floats in shortest form; exact payoffs they do not say as ``p/q``."""
    floats = _profile_rows(game.payoffs).tolist()
    if game.exact_payoffs is None:
        return [[_format_number(x) for x in row] for row in floats]
    exact = _profile_rows(game.exact_payoffs).tolist()
    return [
        [_format_number(x) if Fraction(repr(x)) == q else str(q) for x, q in zip(row, exact_row)]
        for row, exact_row in zip(floats, exact)
    ]


def _default_action_names(game: NormalFormGame) -> bool:
    return all(names == tuple(str(k) for k in range(len(names))) for names in game.action_names)


def write_nfg(
    game: NormalFormGame,
    path: str | os.PathLike[str] | None = None,
    *,
    format: str = "payoffs",
    comment: str = "",
) -> str:
    """Write a game as a Gambit ``.nfg`` file (version 1).

    Parameters
    ----------
    game : NormalFormGame
    path : str or path-like, optional
        If given, the text is also written there (UTF-8).
    format : {"payoffs", "outcomes"}, default "payoffs"
        ``"payoffs"`` lists every profile's payoff vector; strategies are given as counts when
        the game uses the default action names ``"0"``, ``"1"``, ... (Gambit then labels them
        ``"1"``, ``"2"``, ...), else by name.  ``"outcomes"`` names the strategies, lists each
        distinct payoff vector once as an outcome (in order of first appearance) and gives each
        profile's outcome number; pygambit writes this variant (with one outcome per profile).
    comment : str, default ""
        The file's comment string.

    Returns
    -------
    str
        The file's text.  Floats are written in their shortest round-trip form and exact
        payoffs (:attr:`NormalFormGame.exact_payoffs`) that their floats do not say as
        ``p/q``, so ``read_nfg(write_nfg(game)) == game`` for every game, in both formats.

    Raises
    ------
    InvalidArgumentError
        If ``game`` is not a :class:`NormalFormGame`, ``format`` is unknown, or ``path`` cannot
        be written.

    Examples
    --------
    >>> import coordgame as cg
    >>> print(cg.write_nfg(cg.games.prisoners_dilemma()), end="")
    NFG 1 R "Prisoners' dilemma" { "Row" "Column" }
    { { "Cooperate" "Defect" } { "Cooperate" "Defect" } }
    ""
    2 2
    3 0
    0 3
    1 1
    >>> g = cg.NormalFormGame([[[0.1, 1e-300]], [[1e20, -2.5]]])
    >>> cg.read_nfg(cg.write_nfg(g, format="outcomes")) == g
    True
    """
    if not isinstance(game, NormalFormGame):
        raise InvalidArgumentError(f"game: expected a NormalFormGame, got {type(game).__name__}")
    if format not in FORMATS:
        raise InvalidArgumentError(f"format: expected one of {list(FORMATS)}, got {format!r}")
    players = " ".join(_quote(name) for name in game.player_names)
    lines = [f"NFG 1 R {_quote(game.title)} {{ {players} }}"]
    if format == "payoffs" and _default_action_names(game):
        lines.append("{ " + " ".join(str(n) for n in game.num_actions) + " }")
    else:
        blocks = ["{ " + " ".join(_quote(s) for s in names) + " }" for names in game.action_names]
        lines.append("{ " + " ".join(blocks) + " }")
    lines.append(_quote(str(comment)))
    rows = _payoff_texts(game)
    if format == "payoffs":
        lines.extend(" ".join(row) for row in rows)
    else:
        lines.extend(_outcome_body(rows))
    text = "\n".join(lines) + "\n"
    if path is not None:
        try:
            with open(os.fspath(path), "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except OSError as exc:
            raise InvalidArgumentError(f"path: cannot write the file {os.fspath(path)!r} ({exc.strerror or exc})") from exc
    return text


def _outcome_body(rows: list[list[str]]) -> list[str]:
    # One outcome per distinct payoff vector (as written), numbered by first appearance.  The
    # null outcome 0 is never written: pygambit 16.7's to_arrays fails on games that use it.
    numbers: dict[tuple[str, ...], int] = {}
    profile_outcomes = [numbers.setdefault(tuple(row), len(numbers) + 1) for row in rows]
    lines = ["{"]
    lines.extend('{ "" ' + ", ".join(row) + " }" for row in numbers)
    lines.append("}")
    lines.append(" ".join(map(str, profile_outcomes)))
    return lines
