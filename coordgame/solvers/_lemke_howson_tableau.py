"""The Lemke–Howson tableaux and complementary pivoting behind :mod:`coordgame.solvers.lemke_howson`.

The functions on the two tableau buffers — the per-pivot steps in their array forms (numpy,
float64 or Fraction) and loop forms, the path function :func:`_complementary_path` and the
endpoint reader :func:`_endpoint_loop` — are the ones :mod:`coordgame.solvers._lemke_howson_numba`
compiles; :class:`_Tableaux` and :class:`_Start` hold a path's state.  The algorithm, and the
public functions, are in :mod:`coordgame.solvers.lemke_howson`.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from coordgame.games.normal_form import NormalFormGame

#: Status codes of :func:`_complementary_path`.
_CONVERGED, _BUDGET, _RAY = 0, 1, 2


# --- pivoting: array forms (numpy, float64 or Fraction) and loop forms (compiled by numba) -------


def _pivot(D, r, c):
    """Exchange basic row ``r`` and non-basic column ``c`` of the compact tableau ``D`` in place.

    ``D`` stores :math:`B^{-1} N` and :math:`B^{-1} q` (last column); after the pivot column ``c``
    holds the column of the variable that left the basis.
    """
    col = D[:, c].copy()
    p = col[r]
    row = D[r, :] / p
    D -= np.outer(col, row)
    D[r, :] = row
    D[:, c] = -col / p
    D[r, c] = 1 / p


def _pivot_loop(D, r, c):
    """:func:`_pivot` as loops, for the compiled path: one temporary (the pivot row), zero rows skipped."""
    p = D[r, c]
    row = D[r, :] / p
    for i in range(D.shape[0]):
        multiplier = D[i, c]
        if i != r and multiplier != 0:
            for j in range(D.shape[1]):
                D[i, j] -= multiplier * row[j]
            D[i, c] = -multiplier / p
    D[r, :] = row
    D[r, c] = 1 / p


def _ratio_row(D, c, pos, slack_start, num_slack, tol_piv, tol_tie):
    """The row leaving when column ``c`` enters: lexicographic minimum-ratio test (-1: a ray).

    Rows are first compared on ``rhs / D[:, c]``; rows that tie are compared on the columns of
    :math:`B^{-1}` (the slack variables, in label order), which are unit vectors for basic
    slacks and tableau columns for non-basic ones, until one row is left.
    """
    col = D[:, c]
    rows = np.flatnonzero(col > tol_piv)
    if rows.size == 0:
        return -1
    ratios = D[rows, -1] / col[rows]
    best = ratios.min()
    rows = rows[ratios <= best + tol_tie * (1 + abs(best))]
    label = slack_start
    while rows.size > 1 and label < slack_start + num_slack:
        where = pos[label]
        if where >= 0:
            # Basic slack, unit column at row `where`: that row has the only positive ratio.
            rows = rows[rows != where]
        else:
            ratios = D[rows, ~where] / col[rows]
            best = ratios.min()
            rows = rows[ratios <= best + tol_tie * (1 + abs(best))]
        label += 1
    return rows[0]


def _ratio_row_loop(D, c, pos, slack_start, num_slack, tol_piv, tol_tie):
    """:func:`_ratio_row` as loops, for the compiled path (the same ratios and tie rule, so the same row).

    A first pass finds the two smallest ratios: when the second one does not tie with the
    smallest, no row does (the usual case: one division per row, no temporary).  Otherwise the
    tied rows are gathered and filtered column by column as in :func:`_ratio_row`.
    """
    rhs = D.shape[1] - 1
    best, second, first, ties = np.inf, np.inf, -1, 0
    for i in range(D.shape[0]):
        if D[i, c] > tol_piv:
            ratio = D[i, rhs] / D[i, c]
            if first < 0 or ratio < best:
                best, second, first = ratio, best, i
            elif ratio < second:
                second = ratio
    if first < 0:
        return -1
    bound = best + tol_tie * (1 + abs(best))
    if second > bound:
        return first
    rows = np.empty(D.shape[0], dtype=np.int64)  # the tied rows (at least two), in row order
    for i in range(D.shape[0]):
        if D[i, c] > tol_piv and D[i, rhs] / D[i, c] <= bound:
            rows[ties] = i
            ties += 1
    label = slack_start
    while ties > 1 and label < slack_start + num_slack:
        where, kept = pos[label], 0
        if where >= 0:  # basic slack: as in _ratio_row, drop its row
            for t in range(ties):
                if rows[t] != where:
                    rows[kept] = rows[t]
                    kept += 1
        else:
            best = np.inf
            for t in range(ties):
                best = min(best, D[rows[t], ~where] / D[rows[t], c])
            bound = best + tol_tie * (1 + abs(best))
            for t in range(ties):
                if D[rows[t], ~where] / D[rows[t], c] <= bound:
                    rows[kept] = rows[t]
                    kept += 1
        ties = kept
        label += 1
    return rows[0]


def _views(values, indices, m, n):
    """The tableaux ``D0`` (``n x (m+1)``), ``D1`` (``m x (n+1)``) and ``basis0, basis1, pos0, pos1``, cut from two buffers."""
    split = n * (m + 1)
    k = m + n
    return (values[:split].reshape(n, m + 1), values[split:].reshape(m, n + 1),
            indices[:n], indices[n:k], indices[k : 2 * k], indices[2 * k :])


def _complementary_path(values, indices, m, n, label, max_pivots, tol_piv, tol_tie):
    """Complementary pivoting from the current bases, dropping ``label``, in place.

    Tableau 0 belongs to ``P`` (rows: the column player's actions, slack labels ``m..m+n-1``),
    tableau 1 to ``Q`` (rows: the row player's actions, slack labels ``0..m-1``).  ``basis_p[r]``
    is the label of the basic variable of row ``r``; ``pos_p[k]`` is the row of label ``k`` when
    it is basic and ``~column`` when it is not (see :func:`_views` for the layout of the two
    buffers ``values`` and ``indices``).  Returns ``(status, pivots)``.
    """
    D0, D1, basis0, basis1, pos0, pos1 = _views(values, indices, m, n)
    entering = label
    player = 0 if pos0[label] < 0 else 1
    for pivots in range(max_pivots):
        if player == 0:
            D, basis, pos, slack_start, num_slack = D0, basis0, pos0, m, n
        else:
            D, basis, pos, slack_start, num_slack = D1, basis1, pos1, 0, m
        c = ~pos[entering]
        r = _ratio_row(D, c, pos, slack_start, num_slack, tol_piv, tol_tie)
        if r < 0:
            return _RAY, pivots
        leaving = basis[r]
        _pivot(D, r, c)
        basis[r] = entering
        pos[entering] = r
        pos[leaving] = ~c
        if leaving == label:
            return _CONVERGED, pivots + 1
        entering = leaving
        player = 1 - player
    return _BUDGET, max_pivots


# --- the state of a path: two compact tableaux and their bases ------------------------------------


class _Tableaux:
    """The two compact tableaux of an ``m x n`` bimatrix game and their bases (float64 or Fraction).

    They live in two flat buffers, ``values`` (both tableaux) and ``indices`` (the four index
    arrays), which is all the path function is passed; :func:`_views` cuts the arrays from them.
    """

    __slots__ = ("indices", "m", "n", "values")

    def __init__(self, values: np.ndarray, indices: np.ndarray, m: int, n: int):
        self.values, self.indices, self.m, self.n = values, indices, m, n

    @classmethod
    def initial(cls, A: np.ndarray, B: np.ndarray) -> _Tableaux:
        """The artificial equilibrium: every slack basic, ``D0 = [B^T | 1]``, ``D1 = [A | 1]``."""
        return _Start(A, B).tableaux()

    def copy(self) -> _Tableaux:
        return _Tableaux(self.values.copy(), self.indices.copy(), self.m, self.n)

    def buffers(self) -> tuple[np.ndarray, np.ndarray, int, int]:
        """The arguments of :func:`_complementary_path` before the label."""
        return self.values, self.indices, self.m, self.n

    def arrays(self) -> tuple[np.ndarray, ...]:
        """``D0, D1, basis0, basis1, pos0, pos1`` (views)."""
        return _views(*self.buffers())

    @property
    def exact(self) -> bool:
        """Whether the tableaux hold exact fractions (``object`` arrays) rather than float64."""
        return self.values.dtype == object

    def key(self) -> tuple[frozenset, frozenset]:
        """The pair of bases (as label sets), which identifies the vertex pair reached."""
        _, _, basis0, basis1, _, _ = self.arrays()
        return frozenset(basis0.tolist()), frozenset(basis1.tolist())

    def unnormalised(self) -> tuple[np.ndarray, np.ndarray]:
        """The vertex pair ``(x, y)`` of the current bases (basic values, zero elsewhere), fresh arrays."""
        D0, D1, basis0, basis1, _, _ = self.arrays()
        # Indexed by label: the basic values land on their labels, the slacks' on labels that are dropped.
        m, n = self.m, self.n
        by_label0 = np.zeros(m + n, dtype=self.values.dtype)
        by_label1 = np.zeros(m + n, dtype=self.values.dtype)
        by_label0[basis0] = D0[:, -1]
        by_label1[basis1] = D1[:, -1]
        return by_label0[:m], by_label1[m:]

    def is_artificial(self) -> bool:
        """Whether the bases are back at the artificial equilibrium (every slack of ``P`` basic)."""
        _, _, basis0, _, _, _ = self.arrays()
        return bool(np.all(basis0 >= self.m))


class _Start:
    """The preprocessed game: matrices ``A``, ``B`` and the artificial-equilibrium tableaux.

    ``game``, the game they come from, is needed only by :attr:`payoffs` (the compiled endpoint).
    """

    def __init__(self, A: np.ndarray, B: np.ndarray, game: NormalFormGame | None = None):
        m, n = A.shape
        self.A, self.B, self.shape, self.game, self._payoffs = A, B, (m, n), game, None
        self.values = np.empty(n * (m + 1) + m * (n + 1), dtype=A.dtype)
        labels = np.arange(m + n, dtype=np.int64)
        # basis0 | basis1 | pos0 | pos1 (pos: row of a basic label, ~column of a non-basic one)
        self.indices = np.concatenate([labels[m:], labels[:m], ~labels[:m], labels[:n], labels[:m], ~labels[:n]])
        D0, D1, _, _, _, _ = _views(self.values, self.indices, m, n)
        one = Fraction(1) if A.dtype == object else 1.0
        D0[:, :m], D0[:, m] = B.T, one
        D1[:, :n], D1[:, n] = A, one

    def tableaux(self) -> _Tableaux:
        """A fresh copy of the artificial equilibrium's tableaux (two buffer copies)."""
        return _Tableaux(self.values.copy(), self.indices.copy(), *self.shape)

    @property
    def payoffs(self) -> np.ndarray:
        """A writable copy of the game's payoff array, for the compiled endpoint; made on first use.

        numba handles read-only arrays, like a game's payoffs, as a distinct type with a slower
        dispatch, so the compiled endpoint is given this copy (kept with the cached start).
        """
        if self._payoffs is None:
            self._payoffs = np.array(self.game.payoffs)
        return self._payoffs


# --- reading an endpoint (the compiled path's form) ------------------------------------------------


def _endpoint_loop(values, indices, m, n, payoffs):
    """The endpoint of the current bases as a profile, with what verifying it needs.

    The compiled path's form of what the numpy path does with :meth:`_Tableaux.unnormalised`
    and :func:`~coordgame.equilibrium._verify_bimatrix_weights`: the basic values of the
    players' actions, clipped at zero and normalised, give ``x`` and ``y``; then, with
    ``A @ y`` and ``x @ B`` from the game's own payoffs ``payoffs = (A, B)`` (not the shifted
    and scaled tableau matrices), returns ``(x, y, x @ A @ y, x @ B @ y, max(A @ y), max(x @ B))``.
    A zero total gives NaN, which fails verification.
    """
    D0, D1, basis0, basis1, _, _ = _views(values, indices, m, n)
    x, y = np.zeros(m), np.zeros(n)
    for r in range(n):
        if basis0[r] < m:
            x[basis0[r]] = max(D0[r, m], 0.0)
    for r in range(m):
        if basis1[r] >= m:
            y[basis1[r] - m] = max(D1[r, n], 0.0)
    x_total, y_total = x.sum(), y.sum()
    for i in range(m):
        x[i] = x[i] / x_total if x_total > 0 else np.nan
    for j in range(n):
        y[j] = y[j] / y_total if y_total > 0 else np.nan
    A, B = payoffs[0], payoffs[1]
    col_values = np.zeros(n)
    row_payoff, row_best = 0.0, -np.inf
    for i in range(m):
        value = 0.0
        for j in range(n):
            value += A[i, j] * y[j]
        row_payoff += x[i] * value
        row_best = max(row_best, value)
        if x[i] != 0:
            for j in range(n):
                col_values[j] += x[i] * B[i, j]
    col_payoff, col_best = 0.0, -np.inf
    for j in range(n):
        col_payoff += col_values[j] * y[j]
        col_best = max(col_best, col_values[j])
    return x, y, row_payoff, col_payoff, row_best, col_best
