"""Reading ``.nfg`` text: the source, the tokenizer and the parser behind :func:`coordgame.io.nfg.parse_nfg`.

The public entry points, and the format's description, are in :mod:`coordgame.io.nfg`.
"""

from __future__ import annotations

import math
import os
import re
from collections import Counter
from fractions import Fraction
from typing import Any, NamedTuple

import numpy as np

from coordgame.errors import FileFormatError, InvalidArgumentError

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


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
