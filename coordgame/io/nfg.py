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
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, NamedTuple

import numpy as np

from coordgame.errors import FileFormatError, InvalidArgumentError
from coordgame.games.normal_form import NormalFormGame

__all__ = ["NfgFile", "parse_nfg", "read_nfg", "write_nfg"]

#: The two body variants of the format.
FORMATS = ("payoffs", "outcomes")

_TOKEN = re.compile(
    r"""\s+                                 # blanks (skipped)
      | (?P<string>"(?:[^"\\]|\\.)*")     # a quoted string, backslash escapes the next character
      | (?P<unterminated>")               # a quote that is never closed
      | (?P<punct>[{},])
      | (?P<word>[^\s{}",]+)              # numbers and the header words
    """,
    re.VERBOSE | re.DOTALL,
)  # every character matches one alternative, so finditer never skips text
_TEXT_START = re.compile(r"\ufeff?\s*NFG\s")  # a str that is the file's text, not a path
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_DECIMAL = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\Z")
_RATIONAL = re.compile(r"[-+]?\d+/\d+\Z")
_EXPONENT = re.compile(r"[eE]")
_EXPONENT_PART = re.compile(r"[eE][-+]?0*(\d+)\Z")
_SMALLEST_NORMAL = 2.2250738585072014e-308
#: Largest decimal exponent read (beyond it the exact value alone would take memory and time).
MAX_EXPONENT = 4000


# ---------------------------------------------------------------------------- reading
class _Token(NamedTuple):
    kind: str  # "string", "punct" or "word"
    text: str  # for strings: the unescaped content
    offset: int  # where it starts in the text; the line is worked out only for an error message


class _Irregular(Exception):
    """Raised by a fast path to hand over to the checked path, which reports the error."""


def _tokenize(text: str, path: str | None) -> list[_Token]:
    tokens = [_Token(m.lastgroup, m.group(), m.start()) for m in _TOKEN.finditer(text) if m.lastgroup]
    for k, (kind, value, offset) in enumerate(tokens):
        if kind == "string":
            tokens[k] = _Token(kind, _ESCAPE.sub(r"\1", value[1:-1]) if "\\" in value else value[1:-1], offset)
        elif kind == "unterminated":
            raise FileFormatError("a quoted string is never closed", path=path, line=text.count("\n", 0, offset) + 1)
    return tokens


def _parse_number(text: str) -> float:
    """The float nearest to a decimal or rational payoff; ValueError saying why if it is not one."""
    try:
        value = float(text)  # correctly rounded; float() also takes nan, inf, 1_000 and non-ASCII digits
    except ValueError:
        value = _parse_rational(text)
    else:
        if "_" in text or not text.isascii():
            raise ValueError(f"expected a numerical payoff, got {text!r}")
        exponent = _EXPONENT_PART.search(text)
        if exponent and (len(exponent.group(1)) > 6 or int(exponent.group(1)) > MAX_EXPONENT):
            raise ValueError(f"payoff {text!r}: exponents beyond ±{MAX_EXPONENT} are not read")
    if not math.isfinite(value):
        overflow = " (it overflows float64)" if _DECIMAL.match(text) or _RATIONAL.match(text) else ""
        raise ValueError(f"every payoff must be a finite number, got {text!r}{overflow}")
    return value


def _parse_rational(text: str) -> float:
    if not _RATIONAL.match(text):
        raise ValueError(f"expected a numerical payoff, got {text!r}")
    numerator, denominator = text.split("/")
    if int(denominator) == 0:
        raise ValueError(f"payoff {text!r} has a zero denominator")
    try:
        return float(Fraction(int(numerator), int(denominator)))
    except OverflowError:
        return math.inf


class _Parser:
    """Recursive-descent parser over the token list; every error names the line.

    The two bulk parts of a file (the payoff list, the outcomes and outcome numbers) first go
    through a fast path over the raw tokens; at the first irregularity the checked path
    re-reads the part from its start and raises the error with its full description.
    """

    def __init__(self, text: str, path: str | None):
        self.text = text
        self.path = path
        self.tokens = _tokenize(text, path)
        self.pos = 0

    # -- primitives
    def error(self, message: str, token: _Token | None = None) -> FileFormatError:
        """The error at ``token``'s line, or at the last non-blank line when the file ended early."""
        offset = token.offset if token is not None else len(self.text.rstrip())
        line = self.text.count("\n", 0, offset) + 1
        return FileFormatError(message, path=self.path, line=line)

    def peek(self) -> _Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def next(self, expected: str) -> _Token:
        token = self.peek()
        if token is None:
            raise self.error(f"the file ends early: expected {expected}")
        self.pos += 1
        return token

    def expect_punct(self, char: str, expected: str) -> _Token:
        token = self.next(expected)
        if token.kind != "punct" or token.text != char:
            raise self.error(f"expected {expected}, got {_describe(token)}", token)
        return token

    def at_punct(self, char: str) -> bool:
        token = self.peek()
        return token is not None and token.kind == "punct" and token.text == char

    def string(self, expected: str) -> str:
        token = self.next(expected)
        if token.kind != "string":
            raise self.error(f"expected {expected} (a quoted string), got {_describe(token)}", token)
        return token.text

    def number(self, expected: str) -> tuple[float, str]:
        token = self.next(expected)
        if token.kind != "word":
            raise self.error(f"expected {expected}, got {_describe(token)}", token)
        try:
            return _parse_number(token.text), token.text
        except ValueError as exc:
            raise self.error(f"{exc} (reading {expected})", token) from None

    def integer(self, expected: str, low: int, high: int | None = None) -> int:
        token = self.next(expected)
        if token.kind != "word" or not token.text.isdigit():
            raise self.error(f"expected {expected} (a non-negative integer), got {_describe(token)}", token)
        value = int(token.text)
        if value < low or (high is not None and value > high):
            bound = f"in {low}..{high}" if high is not None else f">= {low}"
            raise self.error(f"expected {expected} {bound}, got {value}", token)
        return value

    def string_list(self, expected: str) -> tuple[list[str], _Token]:
        opening = self.expect_punct("{", f"'{{' opening {expected}")
        names = []
        while not self.at_punct("}"):
            names.append(self.string(f"a name in {expected} or '}}'"))
        self.pos += 1
        return names, opening

    def fast_or_checked(self, fast: Any, checked: Any, *args: Any) -> Any:
        start = self.pos
        try:
            return fast(*args)
        except (_Irregular, IndexError, ValueError):
            self.pos = start
            return checked(*args)

    # -- grammar
    def header(self) -> tuple[str, list[str]]:
        first = self.next("the header 'NFG 1 R'")
        if first.kind != "word" or first.text != "NFG":
            raise self.error(f"not a Gambit strategic-form file: expected 'NFG', got {_describe(first)}", first)
        version = self.next("the version number 1")
        if version.text != "1" or version.kind != "word":
            raise self.error(f"unsupported .nfg version {version.text!r}: only version 1 exists", version)
        letter = self.next("'R' or 'D' after the version")
        if letter.kind != "word" or letter.text not in ("R", "D"):
            raise self.error(f"expected 'R' or 'D' after 'NFG 1', got {_describe(letter)}", letter)
        title = self.string("the game's title")
        players, opening = self.string_list("the list of players")
        if not players:
            raise self.error("the game has no players", opening)
        return title, players

    def strategies(self, num_players: int) -> tuple[tuple[int, ...], tuple[tuple[str, ...], ...] | None]:
        self.expect_punct("{", "'{' opening the strategy counts or names")
        if self.at_punct("{"):
            names = []
            for i in range(num_players):
                player_names, inner = self.string_list(f"player {i + 1}'s strategy names")
                if not player_names:
                    raise self.error(f"player {i + 1} has no strategies", inner)
                names.append(tuple(player_names))
            self.expect_punct("}", f"'}}' closing the strategy names of {num_players} players")
            return tuple(len(n) for n in names), tuple(names)
        counts = tuple(self.integer(f"player {i + 1}'s number of strategies", 1) for i in range(num_players))
        self.expect_punct("}", f"'}}' after {num_players} strategy counts (one per player)")
        return counts, None

    # payoff version: N numbers per profile -> (values, texts), both of shape (num_profiles, N)
    def payoff_list(self, num_profiles: int, num_players: int) -> tuple[np.ndarray, np.ndarray]:
        return self.fast_or_checked(self._payoff_list_fast, self._payoff_list_checked, num_profiles, num_players)

    def _payoff_list_fast(self, num_profiles: int, num_players: int) -> tuple[np.ndarray, np.ndarray]:
        count = num_profiles * num_players
        chunk = self.tokens[self.pos : self.pos + count]
        if len(chunk) < count or any(token.kind != "word" for token in chunk):
            raise _Irregular
        texts = [token.text for token in chunk]
        values = np.array([_parse_number(text) for text in texts])
        self.pos += count
        return values.reshape(num_profiles, num_players), np.array(texts, dtype=object).reshape(num_profiles, num_players)

    def _payoff_list_checked(self, num_profiles: int, num_players: int) -> tuple[np.ndarray, np.ndarray]:
        # lists, not preallocated arrays: a truncated file may declare a huge game
        values, texts = [], []
        for profile in range(num_profiles):
            for player in range(num_players):
                value, text = self.number(f"player {player + 1}'s payoff at profile {profile + 1} of {num_profiles}")
                values.append(value)
                texts.append(text)
        return np.array(values).reshape(-1, num_players), np.array(texts, dtype=object).reshape(-1, num_players)

    # outcome version: a block of outcomes, then one outcome number per profile
    def outcome_list(self, num_profiles: int, num_players: int) -> tuple[np.ndarray, np.ndarray]:
        texts, values = self.fast_or_checked(self._outcomes_fast, self._outcomes_checked, num_players)
        # row 0 is the null outcome: every payoff zero
        texts = np.array([["0"] * num_players, *texts], dtype=object).reshape(-1, num_players)
        values = np.array([[0.0] * num_players, *values]).reshape(-1, num_players)
        numbers = self.fast_or_checked(self._outcome_numbers_fast, self._outcome_numbers_checked, num_profiles, len(texts) - 1)
        return values[numbers], texts[numbers]

    def _outcomes_fast(self, num_players: int) -> tuple[list[list[str]], list[list[float]]]:
        tokens, pos = self.tokens, self.pos
        if tokens[pos][:2] != ("punct", "{"):
            raise _Irregular
        pos += 1
        outcomes, values = [], []
        while tokens[pos][:2] != ("punct", "}"):
            if tokens[pos][:2] != ("punct", "{") or tokens[pos + 1].kind != "string":
                raise _Irregular
            pos += 2
            row: list[str] = []
            row_values: list[float] = []
            after_comma = False
            while True:  # number (","? number)* ","? "}" -- the language of _outcomes_checked
                kind, text, _ = tokens[pos]
                pos += 1
                if kind == "word":
                    row_values.append(_parse_number(text))
                    row.append(text)
                    after_comma = False
                elif kind == "punct" and text == "," and row and not after_comma:
                    after_comma = True
                elif kind == "punct" and text == "}" and row:  # a comma may follow the last payoff
                    break
                else:
                    raise _Irregular
            if len(row) != num_players:
                raise _Irregular
            outcomes.append(row)
            values.append(row_values)
        self.pos = pos + 1
        return outcomes, values

    def _outcomes_checked(self, num_players: int) -> tuple[list[list[str]], list[list[float]]]:
        self.expect_punct("{", "'{' opening the list of outcomes")
        outcomes, values = [], []
        while not self.at_punct("}"):
            opening = self.expect_punct("{", "'{' opening an outcome, or '}' closing the outcome list")
            number = len(outcomes) + 1
            self.string(f"outcome {number}'s label")
            row: list[str] = []
            row_values: list[float] = []
            while not self.at_punct("}"):
                if row and self.at_punct(","):
                    self.pos += 1
                    if self.at_punct("}"):  # a comma after the last payoff, as Gambit reads it
                        break
                value, text = self.number(f"a payoff of outcome {number} or '}}'")
                row.append(text)
                row_values.append(value)
            if len(row) != num_players:
                raise self.error(f"outcome {number} has {len(row)} payoffs, expected {num_players} (one per player)", opening)
            self.pos += 1
            outcomes.append(row)
            values.append(row_values)
        self.pos += 1
        return outcomes, values

    def _outcome_numbers_fast(self, num_profiles: int, num_outcomes: int) -> np.ndarray:
        chunk = self.tokens[self.pos : self.pos + num_profiles]
        if len(chunk) < num_profiles or any(token.kind != "word" or not token.text.isdigit() for token in chunk):
            raise _Irregular
        numbers = np.array([int(token.text) for token in chunk], dtype=np.int64)
        if numbers.size and numbers.max() > num_outcomes:
            raise _Irregular
        self.pos += num_profiles
        return numbers

    def _outcome_numbers_checked(self, num_profiles: int, num_outcomes: int) -> np.ndarray:
        return np.array(
            [self.integer(f"outcome number of profile {k + 1} of {num_profiles}", 0, num_outcomes) for k in range(num_profiles)],
            dtype=np.int64,
        )

    def end(self) -> None:
        token = self.peek()
        if token is not None:
            raise self.error(f"expected the end of the file, got {_describe(token)} (too many payoffs or outcomes?)", token)


def _describe(token: _Token) -> str:
    if token.kind == "string":
        return f"the string {_quote(token.text)}"
    return repr(token.text)


def _profile_rows_to_table(rows: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """(num_profiles, N) rows, first player fastest -> the (N, n_1, ..., n_N) payoff array."""
    return np.stack([rows[:, i].reshape(shape, order="F") for i in range(rows.shape[1])])


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


def _distinct(names: tuple[str, ...]) -> tuple[str, ...]:
    """Repeated names suffixed ``_1``, ``_2``, ... in order, skipping names already used (see :meth:`NfgFile.game`)."""
    counts = Counter(names)
    if len(counts) == len(names):
        return names
    used = set(names)
    suffix: Counter[str] = Counter()
    out = []
    for name in names:
        if counts[name] > 1:
            suffix[name] += 1
            while f"{name}_{suffix[name]}" in used:
                suffix[name] += 1
            name = f"{name}_{suffix[name]}"
            used.add(name)
        out.append(name)
    return tuple(out)


def _float_is_exact(text: str) -> bool:
    """Whether the shortest decimal of the float nearest ``text`` is the number ``text`` writes.

    True for a decimal of at most 15 significant digits in the range of normal floats (each
    such decimal is the shortest of its float); rationals and longer decimals are left to
    :class:`NormalFormGame`, which compares them exactly.
    """
    if "/" in text:
        return False
    digits = _EXPONENT.split(text, maxsplit=1)[0].lstrip("+-").replace(".", "").strip("0")
    return not digits or (len(digits) <= 15 and abs(float(text)) >= _SMALLEST_NORMAL)


def _read_source(source: Any) -> tuple[str, str | None]:
    if isinstance(source, str) and _TEXT_START.match(source):
        return _decoded(source, None), None
    if hasattr(source, "read"):
        text = source.read()
        name = getattr(source, "name", None)
        path = name if isinstance(name, str) else None
        return _decoded(text, path), path
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            raise InvalidArgumentError(
                f"source: cannot read the file {path!r} ({exc.strerror or exc}); a str is taken as the "
                "file's text only when it starts with the header word 'NFG' followed by a blank"
            ) from exc
        return _decoded(data, path), path
    raise InvalidArgumentError(
        f"source: expected the text of a .nfg file, a path or a file object, got {type(source).__name__}"
    )


def _decoded(data: str | bytes, path: str | None) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FileFormatError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", path=path, line=line) from None


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


# ---------------------------------------------------------------------------- writing
def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


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
