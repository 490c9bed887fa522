r"""Equilibria of a non-degenerate two-player game by support enumeration.

In a *non-degenerate* game (no mixed strategy with ``k`` actions in its support has more than
``k`` pure best responses) both supports of every equilibrium have the same size ``k``, and
the equilibrium is the unique solution of the indifference conditions

.. math::

    \sum_{j \in J} A_{ij} y_j = v \ (i \in I), \quad \sum_{j \in J} y_j = 1, \qquad
    \sum_{i \in I} B_{ij} x_i = u \ (j \in J), \quad \sum_{i \in I} x_i = 1,

for its supports ``I`` (player 1) and ``J`` (player 2), with ``x, y >= 0`` and no action
outside a support doing better than ``v`` (resp. ``u``).  All
:math:`\sum_k \binom{m}{k}\binom{n}{k}` support pairs are tried (Nisan et al. 2007,
*Algorithmic Game Theory*, §3.3); the ``(k + 1) x (k + 1)`` systems of one size ``k`` are
solved together as a stacked ``numpy.linalg.solve``.

In a degenerate game support enumeration can miss equilibria (continua, and extreme
equilibria with unequal supports).  The solver watches for evidence of degeneracy — a
consistent singular indifference system, a best-response tie (more best responses than
support actions), a support probability that vanishes, an even number of equilibria (a
non-degenerate game has an odd number) — and then warns (``DegenerateGameWarning``), says so
in the notes and does not claim completeness: use
:func:`~coordgame.solvers.vertex_enumeration.vertex_enumeration`, which handles every game.
"""

from __future__ import annotations

import warnings

import numpy as np

from coordgame._arguments import checked_arguments
from coordgame._checks import positive_float
from coordgame.equilibrium import DEFAULT_TOL, EquilibriumSet, verify
from coordgame.errors import DegenerateGameWarning
from coordgame.games.normal_form import NormalFormGame, as_game
from coordgame.solvers._bimatrix import bimatrix, support_index_sets

__all__ = ["support_enumeration"]

_METHOD = "support_enumeration"

#: Support pairs solved per batch.
_BATCH = 1 << 14


def _indifference_systems(matrix: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Stack of ``[[matrix[rows, cols], -1], [1, 0]]``: make every ``rows`` action earn the same value."""
    count, k = rows.shape
    systems = np.zeros((count, k + 1, k + 1))
    systems[:, :k, :k] = matrix[rows[:, :, None], cols[:, None, :]]
    systems[:, :k, k] = -1.0
    systems[:, k, :k] = 1.0
    return systems


def _solve(systems: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray, int]:
    """Solve ``systems @ z = e_last``.  Returns (solutions, regular mask, consistent singular count)."""
    count, size = systems.shape[:2]
    rhs = np.zeros((count, size))
    rhs[:, -1] = 1.0
    # Hadamard's inequality bounds |det| by the product of row norms: a tiny ratio means singular.
    scale = np.prod(np.linalg.norm(systems, axis=2), axis=1)
    sign, logdet = np.linalg.slogdet(systems)
    regular = (sign != 0) & (logdet - np.log(scale) > np.log(1e-12))
    solutions = np.full((count, size), np.nan)
    if regular.any():
        solutions[regular] = np.linalg.solve(systems[regular], rhs[regular, :, None])[:, :, 0]
    singular = ~regular
    consistent = 0
    if singular.any():
        guess = np.einsum("kij,kj->ki", np.linalg.pinv(systems[singular]), rhs[singular])
        residual = np.abs(np.einsum("kij,kj->ki", systems[singular], guess) - rhs[singular]).max(axis=1)
        consistent = int((residual <= tol).sum())
    return solutions, regular, consistent


def _candidates(A: np.ndarray, B: np.ndarray, k: int, tol: float, atol: float):
    """Equilibria with supports of size ``k``, and the degeneracy evidence met."""
    m, n = A.shape
    row_sets, col_sets = support_index_sets(m, k), support_index_sets(n, k)
    total = len(row_sets) * len(col_sets)
    found, evidence = [], []
    for start in range(0, total, _BATCH):
        pair = np.arange(start, min(total, start + _BATCH))
        rows, cols = row_sets[pair // len(col_sets)], col_sets[pair % len(col_sets)]
        sy, ok_y, sing_y = _solve(_indifference_systems(A, rows, cols), tol)
        sx, ok_x, sing_x = _solve(_indifference_systems(B.T, cols, rows), tol)
        if sing_x or sing_y:
            evidence.append(f"{sing_x + sing_y} singular but consistent indifference system(s) of support size {k}")
        keep = ok_x & ok_y & (sy[:, :k].min(axis=1) >= -tol) & (sx[:, :k].min(axis=1) >= -tol)
        if not keep.any():
            continue
        rows, cols, sx, sy = rows[keep], cols[keep], sx[keep], sy[keep]
        index = np.arange(len(rows))[:, None]
        x, y = np.zeros((len(rows), m)), np.zeros((len(rows), n))
        x[index, rows], y[index, cols] = np.clip(sx[:, :k], 0.0, None), np.clip(sy[:, :k], 0.0, None)
        x /= x.sum(axis=1, keepdims=True)
        y /= y.sum(axis=1, keepdims=True)
        values_1, values_2 = y @ A.T, x @ B
        best = (values_1.max(axis=1) <= sy[:, k] + atol) & (values_2.max(axis=1) <= sx[:, k] + atol)
        if not best.any():
            continue
        x, y, values_1, values_2 = x[best], y[best], values_1[best], values_2[best]
        ties = ((values_1 >= values_1.max(axis=1, keepdims=True) - atol).sum(axis=1) > k) | (
            (values_2 >= values_2.max(axis=1, keepdims=True) - atol).sum(axis=1) > k
        )
        if ties.any():
            evidence.append(f"a best-response tie at an equilibrium with supports of size {k}")
        if ((sx[best, :k].min(axis=1) <= tol) | (sy[best, :k].min(axis=1) <= tol)).any():
            evidence.append(f"a vanishing support probability at support size {k}")
        found.extend(zip(x, y))
    return found, evidence


@checked_arguments
def support_enumeration(game: NormalFormGame, *, tol: float = DEFAULT_TOL) -> EquilibriumSet:
    """All Nash equilibria of a non-degenerate two-player game, by support enumeration.

    Parameters
    ----------
    game : NormalFormGame or array_like
        The game, or its payoffs: see :func:`coordgame.games.as_game`.
        A two-player game.
    tol : float, default 1e-9
        Probabilities down to ``-tol`` count as zero; a deviation must gain more than
        ``tol * game.payoff_scale`` to break an equilibrium (the same threshold
        :func:`~coordgame.equilibrium.verify` applies).

    Returns
    -------
    EquilibriumSet
        Verified equilibria sorted with player 1's strategy in decreasing lexicographic order.
        ``complete=True`` only when no evidence of degeneracy was met.

    Warns
    -----
    DegenerateGameWarning
        When the game shows evidence of degeneracy (then some equilibria may be missing; use
        :func:`~coordgame.solvers.vertex_enumeration.vertex_enumeration`).

    Raises
    ------
    UnsupportedGameError
        If the game does not have exactly two players.

    Examples
    --------
    Battle of the sexes: two pure equilibria and one mixed (each player goes to its favourite
    event with probability 3/5).

    >>> import coordgame as cg
    >>> eqs = cg.support_enumeration(cg.games.battle_of_the_sexes())
    >>> [tuple(s.round(4).tolist() for s in eq.strategies) for eq in eqs]
    [([1.0, 0.0], [1.0, 0.0]), ([0.6, 0.4], [0.4, 0.6]), ([0.0, 1.0], [0.0, 1.0])]
    >>> eqs.complete
    True
    """
    game = as_game(game)
    A, B = bimatrix(game, _METHOD)
    tol = positive_float(tol, "tol")
    atol = tol * game.payoff_scale
    found, evidence = [], []
    for k in range(1, min(A.shape) + 1):
        more, why = _candidates(A, B, k, tol, atol)
        found += more
        evidence += why
    found = _distinct(found)
    if len(found) % 2 == 0:
        evidence.append(f"an even number ({len(found)}) of equilibria")
    equilibria = tuple(verify(game, profile, method=_METHOD, tol=tol) for profile in found)
    notes: tuple[str, ...] = ()
    if evidence:
        message = (
            "the game looks degenerate (" + "; ".join(dict.fromkeys(evidence)) + "): support enumeration may "
            "miss equilibria; use vertex_enumeration, which finds every extreme equilibrium"
        )
        warnings.warn(message, DegenerateGameWarning, stacklevel=2)
        notes = (message,)
    return EquilibriumSet(
        equilibria, game, method=_METHOD, complete=not evidence, notes=notes, parameters={"tol": tol}
    )


def _distinct(profiles: list) -> list:
    """Drop repeated profiles (a degenerate game can yield one from several support pairs); sort."""
    if not profiles:
        return []
    stacked = np.array([np.concatenate(p) for p in profiles])
    m = len(profiles[0][0])
    _, first = np.unique(np.round(stacked, 9), axis=0, return_index=True)
    kept = stacked[first]
    order = np.lexsort(-kept.T[::-1])
    return [(kept[k, :m], kept[k, m:]) for k in order]
