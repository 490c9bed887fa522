r"""Reading and writing Gambit strategic-form files (``.nfg``, format version 1).

A ``.nfg`` file describes a finite game :math:`u : A_1 \times \dots \times A_N \to \mathbb{R}^N`
by its title, the players' names, their strategies, an optional comment, and the payoff
vector :math:`u(a)` of every pure profile :math:`a`.  Profiles are listed with the **first
player's strategy changing fastest**: profile number :math:`k = 0, 1, \dots` is

.. math::

    k = a_1 + n_1 a_2 + n_1 n_2 a_3 + \dots + n_1 \cdots n_{N-1} a_N,

i.e. column-major (Fortran) order over :math:`(a_1, \dots, a_N)`.  Two body variants exist:

* **payoff version** -- after the comment come :math:`N \prod_i n_i` numbers, the payoff
  vectors of the profiles in the order above::

      NFG 1 R "Selten (IJGT, 75), Figure 2" { "Player 1" "Player 2" } { 3 2 }
      ""
      1 1 0 2 0 2 1 1 0 3 2 0

* **outcome version** -- strategies are named, a block of outcomes ``{ "label" u_1, ..., u_N }``
  follows (payoffs separated by commas or whitespace), then one outcome number per profile in
  the order above; outcome ``0`` is the null outcome, with every payoff zero::

      NFG 1 R "Selten (IJGT, 75), Figure 2" { "Player 1" "Player 2" }
      { { "1" "2" "3" } { "1" "2" } }
      ""
      { { "" 1, 1 } { "" 0, 2 } { "" 0, 2 } { "" 1, 1 } { "" 0, 3 } { "" 2, 0 } }
      1 2 3 4 5 6

As Gambit does, the reader accepts either form of the strategy block (counts ``{ 3 2 }`` or
names) with either body, and a comma after an outcome's last payoff.  The header letter may
be ``R`` or ``D`` (an obsolete distinction).  Names need not be distinct nor non-empty (the
format does not ask it); since a :class:`NormalFormGame` needs distinct names, a repeated name
is made distinct as Gambit makes it (``""``, ``""`` become ``"_1"``, ``"_2"``; ``"defect"``,
``"defect"`` become ``"defect_1"``, ``"defect_2"``), see :meth:`NfgFile.game`; the
:class:`NfgFile` keeps the names as written.  Payoffs may be integers, decimals with an
optional exponent (``-2.5e-7``, ``1E-300``; exponents up to ``MAX_EXPONENT``) or rationals
``p/q``.  A string is enclosed in double quotes; inside it a backslash makes the next
character literal, so ``\"`` is a quote and ``\\`` a backslash.

Every number is kept as the exact rational it writes (``1/3``; ``0.1`` is 1/10):
:attr:`NfgFile.payoffs` holds the nearest float64 (``nan``, ``inf`` and numbers beyond the
float64 range are refused) and :meth:`NfgFile.exact_payoffs` the exact values; the game keeps
them as :attr:`NormalFormGame.exact_payoffs` when its floats do not say them, so the exact
methods (``vertex_enumeration(exact=True)``, ``lemke_howson(exact=True)``) solve the game the
file writes.  The writer prints every float in the shortest form that reads back to the same
float (Python's ``repr``; integral values below :math:`10^{16}` as integers; exponents without
a ``+``, as ``1e16``, since Gambit's reader refuses ``1e+16``) and an exact payoff its float
does not say as ``p/q``, so ``read_nfg(write_nfg(game)) == game`` holds exactly for every
game, exact payoffs included.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from coordgame.games.normal_form import NormalFormGame
from coordgame.io._nfg_parse import (
    MAX_EXPONENT as MAX_EXPONENT,  # re-exported: public here
)
from coordgame.io._nfg_parse import (
    _distinct,
    _float_is_exact,
    _Parser,
    _profile_rows_to_table,
    _read_source,
)
from coordgame.io._nfg_write import FORMATS as FORMATS  # re-exported: public here
from coordgame.io._nfg_write import write_nfg

__all__ = ["NfgFile", "parse_nfg", "read_nfg", "write_nfg"]


@dataclass(frozen=True, eq=False)
class NfgFile:
    """Everything a ``.nfg`` file says: the game plus what :class:`NormalFormGame` has no place for.

    Attributes
    ----------
    title, comment : str
        The title (kept by :meth:`game` as ``game.title``) and the comment string (``""`` if absent).
    player_names : tuple of str
        As written (possibly empty or repeated; :meth:`game` makes them distinct).
    strategy_names : tuple of tuples of str, or None
        As written; ``None`` when the file gives only strategy counts, and :meth:`game` then
        uses the default action names ``"0"``, ``"1"``, ....
    num_strategies : tuple of int
    format : {"payoffs", "outcomes"}
        Which body variant the file uses.
    payoffs : numpy.ndarray
        Float64 array of shape ``(N, n_1, ..., n_N)``, each entry the float nearest the number written.
    payoff_texts : numpy.ndarray
        The payoffs as written (strings; ``"0"`` for the null outcome), one row per profile,
        first player fastest: shape ``(num_profiles, N)``.  See :meth:`exact_payoffs`.

    Examples
    --------
    >>> from coordgame.io import parse_nfg
    >>> f = parse_nfg('NFG 1 R "PD" { "Row" "Col" } { 2 2 } "a comment" 3 3 4 0 0 4 1 1')
    >>> f.title, f.player_names, f.num_strategies, f.payoffs[1].tolist()
    ('PD', ('Row', 'Col'), (2, 2), [[3.0, 4.0], [0.0, 1.0]])
    """

    title: str
    comment: str
    player_names: tuple[str, ...]
    strategy_names: tuple[tuple[str, ...], ...] | None
    num_strategies: tuple[int, ...]
    format: str
    payoffs: np.ndarray = field(repr=False)
    payoff_texts: np.ndarray = field(repr=False)

    def game(self) -> NormalFormGame:
        """The game as a :class:`NormalFormGame`: title, names and exact payoffs kept.

        A name that occurs more than once among the players (or among one player's
        strategies) is made distinct as Gambit makes it: each occurrence gets the suffix
        ``_1``, ``_2``, ... (skipping names already present), so two players ``""`` become
        ``"_1"`` and ``"_2"``; a name that occurs once is kept as written, even ``""``.  When a
        payoff is written more precisely than its float says (``1/3``, or more than 15
        significant digits), the game keeps the exact payoffs
        (:attr:`NormalFormGame.exact_payoffs`), which the exact methods use.

        Examples
        --------
        >>> from coordgame.io import parse_nfg
        >>> g = parse_nfg('NFG 1 R "" { "" "" } { { "a" "a" } { "b" } } 1/3 1 0 0').game()
        >>> g.player_names, g.action_names, g.exact_payoffs[0].ravel().tolist()
        (('_1', '_2'), (('a_1', 'a_2'), ('b',)), [Fraction(1, 3), Fraction(0, 1)])
        """
        strategy_names = None if self.strategy_names is None else [_distinct(names) for names in self.strategy_names]
        texts = set(self.payoff_texts.ravel().tolist())
        payoffs = self.exact_payoffs() if not all(_float_is_exact(text) for text in texts) else self.payoffs
        return NormalFormGame(payoffs, _distinct(self.player_names), strategy_names, self.title)

    def exact_payoffs(self) -> np.ndarray:
        """The payoffs exactly as written: an object array of :class:`fractions.Fraction`.

        Examples
        --------
        >>> from coordgame.io import parse_nfg
        >>> f = parse_nfg('NFG 1 R "" { "A" "B" } { 1 1 } 1/3 0.1')
        >>> f.exact_payoffs().ravel().tolist()
        [Fraction(1, 3), Fraction(1, 10)]
        """
        exact = np.empty(self.payoff_texts.shape, dtype=object)
        exact.ravel()[:] = [Fraction(text) for text in self.payoff_texts.ravel().tolist()]
        return _profile_rows_to_table(exact, self.num_strategies)


def parse_nfg(source: Any) -> NfgFile:
    """Parse a Gambit ``.nfg`` file (either variant) into an :class:`NfgFile`.

    Parameters
    ----------
    source : str, path-like or file object
        A ``str`` whose first non-blank characters are the word ``NFG`` followed by a blank is
        the file's text itself; any other ``str`` or :class:`os.PathLike` is a path, read as
        UTF-8 (a byte-order mark is skipped); an object with a ``read()`` method is read to
        the end.

    Returns
    -------
    NfgFile

    Raises
    ------
    FileFormatError
        If the text is not a well-formed version-1 ``.nfg`` file; the message and the ``line``
        attribute give the (1-based) line, and ``path`` the file when one was read.
    InvalidArgumentError
        If ``source`` is a path that cannot be read (missing, a directory, no permission),
        or not a str, path or file object.

    Examples
    --------
    >>> from coordgame.io import parse_nfg
    >>> f = parse_nfg('NFG 1 R "PD" { "Row" "Col" } { 2 2 } "a comment" 3 3 4 0 0 4 1 1')
    >>> f.comment, f.format, f.payoffs[0].tolist()
    ('a comment', 'payoffs', [[3.0, 0.0], [4.0, 1.0]])
    """
    text, path = _read_source(source)
    parser = _Parser(text, path)
    title, players = parser.header()
    shape, strategy_names = parser.strategies(len(players))
    token = parser.peek()
    comment = parser.string("the comment") if token is not None and token.kind == "string" else ""
    outcome_format = parser.at_punct("{")
    body = parser.outcome_list if outcome_format else parser.payoff_list
    rows, texts = body(math.prod(shape), len(players))
    parser.end()
    return NfgFile(
        title=title,
        comment=comment,
        player_names=tuple(players),
        strategy_names=strategy_names,
        num_strategies=shape,
        format="outcomes" if outcome_format else "payoffs",
        payoffs=_profile_rows_to_table(rows, shape),
        payoff_texts=texts,
    )


def read_nfg(source: Any) -> NormalFormGame:
    """Read a game from a Gambit ``.nfg`` file (payoff or outcome version).

    The title becomes ``game.title``; player and strategy names become ``player_names`` and
    ``action_names`` (default action names when the file gives only counts; repeated names
    made distinct as Gambit does, see :meth:`NfgFile.game`).  Payoffs are the nearest
    float64, and the game keeps the exact payoffs (``game.exact_payoffs``) when a number is
    written more precisely than its float (``1/3``); use :func:`parse_nfg` for the comment
    and the names as written.

    Parameters
    ----------
    source : str, path-like or file object
        A ``str`` starting with the word ``NFG`` and a blank (after leading blanks) is the
        file's text; any other ``str`` or path-like is a path; a file object is read.

    Returns
    -------
    NormalFormGame

    Raises
    ------
    FileFormatError
        On a malformed file, naming the line (and the path when a file was read).
    InvalidArgumentError
        If ``source`` is a path that cannot be read.

    Examples
    --------
    >>> import coordgame as cg
    >>> g = cg.read_nfg('''NFG 1 R "Selten (IJGT, 75), Figure 2" { "Player 1" "Player 2" }
    ... { { "1" "2" "3" } { "1" "2" } }
    ... ""
    ... { { "" 1, 1 } { "" 0, 2 } { "" 0, 2 } { "" 1, 1 } { "" 0, 3 } { "" 2, 0 } }
    ... 1 2 3 4 5 6''')
    >>> g.num_actions, g.payoffs[0].tolist()
    ((3, 2), [[1.0, 1.0], [0.0, 0.0], [0.0, 2.0]])

    Exact payoffs reach the exact methods: here the column player mixes ``(3/4, 1/4)``.

    >>> g = cg.read_nfg('NFG 1 R "thirds" { "Row" "Column" } { 2 2 } 1/3 1 0 0 0 0 1 1/3')
    >>> [[str(p) for p in s] for s in cg.vertex_enumeration(g, exact=True)[1].exact]
    [['1/4', '3/4'], ['3/4', '1/4']]
    """
    return parse_nfg(source).game()
