r"""Textbook TU games with published solutions (used in the tests and the guide).

* **Glove game** (e.g. Maschler, Solan & Zamir 2013, *Game Theory*, ch. 17): players hold a left
  or a right glove, a pair is worth 1: :math:`v(S) = \min(|S \cap L|, |S \cap R|)`.
* **Weighted majority game** :math:`[q; w_1, \dots, w_n]`: :math:`v(S) = 1` if
  :math:`\sum_{i \in S} w_i \ge q`, else 0 (a simple game; its Shapley value is the
  Shapley–Shubik power index, its normalised Banzhaf value the Banzhaf index).
* **UN Security Council** (since 1965): 5 permanent members with a veto and 10 elected ones; a
  resolution passes with 9 votes including all 5 permanent members — the weighted majority game
  :math:`[39; 7,7,7,7,7,1,\dots,1]`.  Shapley–Shubik index 421/2145 ≈ 0.1963 per permanent
  member and 4/2145 ≈ 0.00186 per elected member (Shapley & Shubik 1954's method; e.g.
  Straffin 1993, *Game Theory and Strategy*, ch. 11).
* **Airport game** (Littlechild & Owen 1973): planes need runways of costs
  :math:`c_1 \le \dots \le c_n`; a coalition's cost is the longest runway it needs,
  :math:`c(S) = \max_{i \in S} c_i`.  Its Shapley value shares each runway segment equally among
  the planes that use it: :math:`\phi_i = \sum_{j \le i} (c_j - c_{j-1}) / (n - j + 1)`.
  (A cost game; the library's solvers are linear in :math:`v`, so they apply to :math:`c` as is.)
* **Bankruptcy game** (O'Neill 1982; Aumann & Maschler 1985): an estate :math:`E` and claims
  :math:`d_i` with :math:`\sum d_i \ge E`; :math:`v(S) = \max(0, E - \sum_{i \notin S} d_i)`.
  Convex; its nucleolus is the Talmud rule (Aumann & Maschler 1985): with claims 100, 200, 300
  and estates 100, 200, 300 it is (33⅓, 33⅓, 33⅓), (50, 75, 75) and (50, 100, 150).
* **Three-player majority game**: :math:`v(S) = 1` if :math:`|S| \ge 2`; its core is empty (the
  balanced collection {12, 13, 23} with weights ½ certifies it) and the least core is
  :math:`\varepsilon = 1/3` at :math:`(1/3, 1/3, 1/3)`.

Examples
--------
>>> from coordgame.coop import examples
>>> examples.glove_game(left=1, right=2).values.tolist()
[0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from coordgame.errors import InvalidArgumentError

from .tu_game import ARRAY_MAX, TUGame, coalition_sums, popcounts

__all__ = ["glove_game", "weighted_majority_game", "un_security_council", "airport_game", "bankruptcy_game",
           "majority_game"]


def glove_game(left: int, right: int) -> TUGame:
    """Players ``0..left-1`` hold a left glove, the next ``right`` players a right glove; a pair is worth 1.

    Examples
    --------
    >>> glove_game(1, 2).grand_value
    1.0
    """
    for name, count in (("left", left), ("right", right)):
        if not isinstance(count, int) or count < 0:
            raise InvalidArgumentError(f"{name}: expected a number of players >= 0, got {count!r}")
    n = left + right
    _check_size(n)
    lefts = coalition_sums([1.0] * left + [0.0] * right)
    rights = coalition_sums([0.0] * left + [1.0] * right)
    names = [f"L{i + 1}" for i in range(left)] + [f"R{i + 1}" for i in range(right)]
    return TUGame(np.minimum(lefts, rights), names=names)


def weighted_majority_game(quota: float, weights: Sequence[float]) -> TUGame:
    """The simple game :math:`[q; w]`: a coalition wins (value 1) when its weight reaches the quota.

    Examples
    --------
    >>> weighted_majority_game(3, [2, 1, 1]).values.tolist()
    [0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0]
    """
    w = np.asarray(weights, dtype=float)
    if w.ndim != 1 or w.size == 0 or not np.all(np.isfinite(w)) or np.any(w < 0):
        raise InvalidArgumentError(f"weights: expected non-negative finite weights, got {weights!r}")
    if not np.isfinite(quota) or quota <= 0:
        raise InvalidArgumentError(f"quota: expected a positive number, got {quota!r}")
    _check_size(w.size)
    return TUGame((coalition_sums(w) >= quota).astype(float))


def un_security_council() -> TUGame:
    """The UN Security Council (15 members, 5 with a veto, 9 votes to pass): :math:`[39; 7^5, 1^{10}]`.

    Examples
    --------
    >>> g = un_security_council()
    >>> g.num_players, g.names[0], g.names[5]
    (15, 'P1', 'E1')
    """
    game = weighted_majority_game(39, [7] * 5 + [1] * 10)
    return TUGame(game.values, names=[f"P{i + 1}" for i in range(5)] + [f"E{i + 1}" for i in range(10)])


def airport_game(costs: Sequence[float]) -> TUGame:
    """The airport cost game :math:`c(S) = \\max_{i \\in S} c_i` (Littlechild & Owen 1973).

    Examples
    --------
    >>> airport_game([1.0, 3.0]).values.tolist()
    [0.0, 1.0, 3.0, 3.0]
    """
    c = np.asarray(costs, dtype=float)
    if c.ndim != 1 or c.size == 0 or not np.all(np.isfinite(c)) or np.any(c < 0):
        raise InvalidArgumentError(f"costs: expected non-negative finite costs, got {costs!r}")
    _check_size(c.size)
    values = np.zeros(1)
    for ci in c:  # doubling: the new half adds player i, whose runway may be the longest
        values = np.concatenate([values, np.maximum(values, ci)])
    return TUGame(values)


def bankruptcy_game(estate: float, claims: Sequence[float]) -> TUGame:
    """O'Neill's bankruptcy game :math:`v(S) = \\max(0, E - \\sum_{i \\notin S} d_i)`.

    Examples
    --------
    >>> bankruptcy_game(200, [100, 200, 300]).values.tolist()
    [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 100.0, 200.0]
    """
    d = np.asarray(claims, dtype=float)
    if d.ndim != 1 or d.size == 0 or not np.all(np.isfinite(d)) or np.any(d < 0):
        raise InvalidArgumentError(f"claims: expected non-negative finite claims, got {claims!r}")
    if not np.isfinite(estate) or estate < 0 or estate > d.sum():
        raise InvalidArgumentError(f"estate: expected 0 <= estate <= total claims {d.sum()}, got {estate!r}")
    _check_size(d.size)
    inside = coalition_sums(d)
    return TUGame(np.maximum(0.0, estate - (d.sum() - inside)))


def majority_game(num_players: int = 3) -> TUGame:
    """:math:`v(S) = 1` when :math:`S` holds a strict majority of the players (empty core for odd n >= 3).

    Examples
    --------
    >>> majority_game(3).values.tolist()
    [0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 1.0]
    """
    if not isinstance(num_players, int) or num_players < 1:
        raise InvalidArgumentError(f"num_players: expected an integer >= 1, got {num_players!r}")
    _check_size(num_players)
    return TUGame((2 * popcounts(num_players) > num_players).astype(float))


def _check_size(n: int) -> None:
    if not 1 <= n <= ARRAY_MAX:
        raise InvalidArgumentError(f"num_players: expected 1..{ARRAY_MAX} players, got {n}")
