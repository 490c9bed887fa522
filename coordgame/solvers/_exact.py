r"""Exact vertex enumeration of a best-response polytope by integer basis enumeration.

For a polytope :math:`\{z \in \mathbb{R}^d : z \ge 0,\ M z \le 1\}` with an integer matrix
:math:`M` (``e x d``, positive entries), every vertex is the unique solution of ``d`` linearly
independent tight constraints.  Choosing the tight constraints is choosing a support
``I`` (the coordinates allowed to be non-zero) and an equal-size set ``J`` of rows of ``M``;
the vertex then solves :math:`M_{JI} z_I = 1`.  All :math:`\binom{d+e}{d}` such choices are
tried, batched by support size, with fraction-free Gauss-Jordan elimination (Bareiss): every
intermediate entry is a minor of the integer system, each division is exact, and the
result is :math:`z_I = r / D` with integers ``r`` and ``D = \pm \det M_{JI}``.  Feasibility
(:math:`z \ge 0`, :math:`M z \le 1`) and the full set of tight constraints are then decided in
integer arithmetic, so nothing depends on a floating-point tolerance: the enumeration is
complete and exact.  Entries are ``int64`` when Hadamard's bound proves no product can
overflow, Python integers (``object`` arrays) otherwise.

The cost grows like :math:`\binom{d+e}{d}` (12,870 bases for 8 x 8, 184,756 for 10 x 10),
which is why this path serves exact answers for small games.
"""

from __future__ import annotations

from fractions import Fraction
from math import comb, lcm, log2, sqrt

import numpy as np

from coordgame.games.normal_form import NormalFormGame, decimal_fraction
from coordgame.solvers._bimatrix import pack_labels, support_index_sets

__all__ = ["decimal_fraction", "exact_payoffs", "integer_matrix", "exact_vertices"]

#: Bases solved per batch (bounds memory: a batch holds ``_BATCH * k * (k + 1)`` integers).
_BATCH = 1 << 15


def exact_payoffs(game: NormalFormGame) -> np.ndarray:
    """The payoffs every exact method uses: an ``object`` array of :class:`~fractions.Fraction`.

    The game's own :attr:`~coordgame.NormalFormGame.exact_payoffs` when it has them (given as
    Fractions, or read as ``1/3`` from a ``.nfg`` file), else each float read as the decimal it
    prints as (:func:`decimal_fraction`: ``0.1`` is 1/10).

    Examples
    --------
    >>> from fractions import Fraction
    >>> import coordgame as cg
    >>> exact_payoffs(cg.NormalFormGame([[0.1, Fraction(1, 3)]])).tolist()
    [[Fraction(1, 10), Fraction(1, 3)]]
    >>> exact_payoffs(cg.NormalFormGame([[0.1, 1 / 3]])).tolist()[0][1]
    Fraction(3333333333333333, 10000000000000000)
    """
    if game.exact_payoffs is not None:
        return game.exact_payoffs
    return np.vectorize(decimal_fraction, otypes=[object])(game.payoffs)


def integer_matrix(matrix: np.ndarray) -> np.ndarray:
    """A positive integer matrix with the same best responses as ``matrix``.

    Fractions are taken as they are; each float is read as the exact rational of its shortest
    round-tripping decimal (``0.7`` is 7/10, as written, not the binary fraction nearest to
    it).  The entries are then shifted so the smallest is 1 and multiplied by the common
    denominator: a positive affine map, which changes no best response.

    Examples
    --------
    >>> integer_matrix(np.array([[0.5, -1.0], [2.0, 0.25]])).tolist()
    [[10, 4], [16, 9]]
    >>> integer_matrix(np.array([[Fraction(1, 3), 0], [0, 1]], dtype=object)).tolist()
    [[4, 3], [3, 6]]
    """
    fractions = [v if isinstance(v, Fraction) else decimal_fraction(v) for v in matrix.ravel().tolist()]
    low = min(fractions)
    shifted = [v - low + 1 for v in fractions]
    scale = lcm(*(v.denominator for v in shifted))
    ints = [int(v * scale) for v in shifted]
    return np.array(ints, dtype=np.int64 if max(ints) < 2**62 else object).reshape(matrix.shape)


def _needs_big_integers(matrix: np.ndarray, size: int) -> bool:
    """Whether a product of two minors of size ``<= size`` (with a column of ones) may overflow int64."""
    if matrix.dtype == object:  # entries of 2**62 or more (their float bound could overflow)
        return True
    largest = max(1, max(abs(int(v)) for v in matrix.ravel()))
    return 2 * size * log2(sqrt(size + 1) * largest) >= 62  # Hadamard's bound, squared, in logarithms


def _bareiss_solve(systems: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Solve a stack of integer systems ``[M | b]`` of shape ``(K, k, k + 1)`` fraction-free.

    Returns ``(kept, numerators, determinants)``: the indices of the non-singular systems,
    and for those ``x = numerators / determinants[:, None]`` exactly.
    """
    count, k = systems.shape[:2]
    kept = np.arange(count)
    previous = np.ones(count, dtype=systems.dtype)
    for p in range(k):
        nonzero = systems[:, p:, p] != 0
        regular = nonzero.any(axis=1)
        if not regular.all():
            systems, previous, kept, nonzero = systems[regular], previous[regular], kept[regular], nonzero[regular]
        rows = p + nonzero.argmax(axis=1)
        swap = np.flatnonzero(rows != p)
        if swap.size:
            pivot_rows = systems[swap, p].copy()
            systems[swap, p] = systems[swap, rows[swap]]
            systems[swap, rows[swap]] = pivot_rows
        pivot_row = systems[:, p, :].copy()
        pivot = pivot_row[:, p]
        systems = (pivot[:, None, None] * systems - systems[:, :, p : p + 1] * pivot_row[:, None, :]) // previous[
            :, None, None
        ]
        systems[:, p, :] = pivot_row
        previous = pivot
    return kept, systems[:, :, k], previous


def _bases(d: int, e: int, k: int):
    """Batches of (support I, tight rows J) index arrays with ``|I| = |J| = k``."""
    supports, rows = support_index_sets(d, k), support_index_sets(e, k)
    total = len(supports) * len(rows)
    for start in range(0, total, _BATCH):
        flat = np.arange(start, min(total, start + _BATCH))
        yield supports[flat // len(rows)], rows[flat % len(rows)]


def exact_vertices(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All non-zero vertices of ``{z >= 0, matrix @ z <= 1}`` with their full label sets, exactly.

    Parameters
    ----------
    matrix : ndarray of int, shape (e, d)
        Positive integers (see :func:`integer_matrix`).

    Returns
    -------
    labels : ndarray of bool, shape (V, d + e)
        Tight constraints of each vertex: ``z_i = 0`` first, then ``(matrix @ z)_j = 1``.
    numerators : ndarray of object (Python int), shape (V, d)
    denominators : ndarray of object (Python int), shape (V,)
        ``z = numerators / denominators`` (denominators positive).

    Examples
    --------
    >>> labels, num, den = exact_vertices(np.array([[2, 1], [1, 2]]))
    >>> [[Fraction(int(a), int(b)) for a in row] for row, b in zip(num, den)]
    [[Fraction(1, 2), Fraction(0, 1)], [Fraction(0, 1), Fraction(1, 2)], [Fraction(1, 3), Fraction(1, 3)]]
    """
    e, d = matrix.shape
    work = matrix.astype(object) if _needs_big_integers(matrix, min(d, e)) else matrix.astype(np.int64)
    transposed = work.T
    found_labels, found_num, found_den = [], [], []
    for k in range(1, min(d, e) + 1):
        for supports, rows in _bases(d, e, k):
            systems = np.empty((len(supports), k, k + 1), dtype=work.dtype)
            systems[:, :, :k] = work[rows[:, :, None], supports[:, None, :]]
            systems[:, :, k] = 1
            kept, num, det = _bareiss_solve(systems)
            sign = np.where(det > 0, 1, -1).astype(work.dtype)
            num, det, supports = num * sign[:, None], det * sign, supports[kept]
            values = (num[:, :, None] * transposed[supports]).sum(axis=1)  # (K, e): det * (M z)
            feasible = (num >= 0).all(axis=1) & (values <= det[:, None]).all(axis=1)
            if not feasible.any():
                continue
            num, det, supports, values = num[feasible], det[feasible], supports[feasible], values[feasible]
            full = np.zeros((len(det), d), dtype=work.dtype)
            np.put_along_axis(full, supports, num, axis=1)
            in_support = np.zeros((len(det), d), dtype=bool)
            np.put_along_axis(in_support, supports, True, axis=1)
            zero = ~in_support | (full == 0)
            found_labels.append(np.concatenate([zero, values == det[:, None]], axis=1))
            found_num.append(full.astype(object))
            found_den.append(det.astype(object))
    if not found_labels:
        return np.zeros((0, d + e), dtype=bool), np.zeros((0, d), dtype=object), np.zeros(0, dtype=object)
    labels = np.concatenate(found_labels)
    # A vertex is determined by its tight constraints: degenerate vertices, found from several
    # bases, are merged by label set.
    _, first = np.unique(pack_labels(labels), axis=0, return_index=True)
    first.sort()
    return labels[first], np.concatenate(found_num)[first], np.concatenate(found_den)[first]


def comb_count(d: int, e: int) -> int:
    """Number of bases the exact enumeration tries for a ``d``-dimensional polytope with ``e`` rows."""
    return comb(d + e, d) - 1
