r"""The Lemke–Howson algorithm for two-player games.

Let the row player have ``m`` actions and payoff matrix :math:`A`, the column player ``n``
actions and payoff matrix :math:`B` (both ``m x n``).  Adding a constant to a player's payoffs
changes no best response, so both matrices are first shifted to be positive (by
:math:`1 - \min` when their minimum is not positive, as QuantEcon does; in floating point
they are then also divided by their largest entry, which changes no best response either).
The best-response polytopes are then

.. math::

    P = \{x \in \mathbb{R}^m : x \ge 0,\ B^\top x \le 1\}, \qquad
    Q = \{y \in \mathbb{R}^n : y \ge 0,\ A y \le 1\}.

Label ``i < m`` stands for the row player's action ``i`` and label ``m + j`` for the column
player's action ``j``.  A point of :math:`P` has label ``i`` when :math:`x_i = 0` and label
``m + j`` when the slack :math:`s_j` of :math:`(B^\top x)_j \le 1` is zero (action ``j`` is a best
response to ``x``); a point of :math:`Q` has label ``i`` when the slack :math:`r_i` of
:math:`(A y)_i \le 1` is zero and label ``m + j`` when :math:`y_j = 0`.  A vertex pair
:math:`(x, y) \ne (0, 0)` carrying every label is, after normalisation, a Nash equilibrium; the
origin pair :math:`(0, 0)` is the *artificial equilibrium*.

Lemke and Howson (1964) start at :math:`(0, 0)` and drop one label ``k``: the variable with
label ``k`` enters the basis of its polytope's tableau, the minimum-ratio test picks the
variable that leaves, and the variable complementary to the one that left enters the other
tableau — *complementary pivoting* — until the variable that leaves has label ``k`` itself.
The endpoint is completely labelled, hence an equilibrium.  Each tableau is kept in compact
(dictionary) form: one row per basic variable and one column per non-basic variable, so a
pivot on player ``p``'s tableau is a rank-one update of an array of about
:math:`\tfrac{mn}{2}` entries, half the size of the textbook ``[M | I]`` tableau.

**Degeneracy.** When several rows tie in the minimum-ratio test the path is not determined
and plain pivoting can cycle.  The *lexicographic* minimum-ratio test breaks ties by
comparing the rows of :math:`B^{-1}` (read from the slack columns) divided by the pivot
column, which amounts to a symbolic perturbation of the right-hand side by
:math:`(\varepsilon, \varepsilon^2, \dots)`; it always selects a unique row, so every path
is finite (von Stengel 2002, section 3.5).

**Which equilibria.** Every Lemke–Howson path from the artificial equilibrium ends at an
equilibrium of index :math:`+1` (Shapley 1974), so an equilibrium of index :math:`-1` — like
the mixed equilibrium of a 2x2 coordination game — is never the endpoint of a path from the
artificial equilibrium.  :func:`lemke_howson_all` runs every label; with ``recursive=True``
it also restarts from every equilibrium found with every label (the "all accessible"
search of Shapley 1974), which reaches further equilibria (of either index) but still
not necessarily all of them.

**Arithmetic.** In floating point (default) each pivot is one rank-one update; when numba is
installed and the game is large the same path function runs compiled, with the two per-pivot
steps in their loop forms (same comparisons, no temporaries), and the endpoint with the
action values its verification needs is read in the same compiled code.  With
``exact=True`` the array forms run on ``object`` arrays of :class:`fractions.Fraction` with
zero tolerances, and the equilibrium is returned as exact fractions.

References
----------
C. E. Lemke and J. T. Howson, "Equilibrium points of bimatrix games", SIAM J. Appl. Math. 12
(1964), 413–423.  L. S. Shapley, "A note on the Lemke–Howson algorithm", Math. Programming
Study 1 (1974), 175–189.  B. von Stengel, "Computing equilibria for two-person games",
Handbook of Game Theory vol. 3 (2002), ch. 45.
"""

from __future__ import annotations

import numbers
from collections import OrderedDict
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np

from coordgame._arguments import checked_arguments
from coordgame._checks import one_of, positive_float, positive_int
from coordgame.equilibrium import (
    DEFAULT_TOL,
    Equilibrium,
    EquilibriumSet,
    _verify_bimatrix_values,
    _verify_bimatrix_weights,
    verify,
)
from coordgame.errors import (
    ConvergenceError,
    InvalidArgumentError,
    UnsupportedGameError,
    VerificationError,
)
from coordgame.games.normal_form import NormalFormGame, as_game
from coordgame.solvers import _lemke_howson_numba, _numba  # numba is imported only when kernels are first asked for
from coordgame.solvers._exact import exact_payoffs

__all__ = ["lemke_howson", "lemke_howson_all"]

METHOD = "lemke_howson"

#: A float pivot-column entry must exceed this to count as positive (payoffs are scaled to max 1).
PIVOT_TOL = 1e-10
#: Two ratios closer than this, relative to ``1 + |ratio|``, tie and are compared lexicographically.
TIE_TOL = 1e-12
#: Games with at most this many labels (m + n) are re-solved exactly when a float path fails
#: verification; larger ones raise VerificationError.
EXACT_FALLBACK_LABELS = 40
#: With ``backend="auto"``, the compiled path is used (when numba is installed) from this many
#: labels on; on smaller games importing numba and loading the compiled functions costs more than
#: their faster pivots save in one call.
NUMBA_AUTO_LABELS = 20
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


#: Recently used float preprocessings, keyed by ``id(game)``; each entry holds the game itself, so
#: the id cannot be reused by another object while the entry exists (games are immutable: their
#: payoffs are read-only).  Games are neither hashable nor weak-referenceable, hence a small LRU
#: of strong references rather than a WeakKeyDictionary; only games up to ``_CACHE_MAX_ENTRIES``
#: payoff entries are kept (for larger ones the preprocessing is negligible next to the path).
_CACHE: OrderedDict[int, tuple[NormalFormGame, _Start]] = OrderedDict()
_CACHE_SIZE = 4
_CACHE_MAX_ENTRIES = 200 * 200


def _start(game: NormalFormGame, exact: bool) -> _Start:
    """The preprocessed ``game`` (cached for float arithmetic)."""
    if exact:
        return _Start(*_matrices(game, exact=True), game)
    entry = _CACHE.get(id(game))
    if entry is not None and entry[0] is game:
        _CACHE.move_to_end(id(game))
        return entry[1]
    start = _Start(*_matrices(game, exact=False), game)
    if game.num_profiles <= _CACHE_MAX_ENTRIES:
        _CACHE[id(game)] = (game, start)
        if len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return start


def _compiled(backend: str, num_labels: int) -> tuple[Callable, Callable] | None:
    """The numba-compiled ``(_complementary_path, _endpoint_loop)``, or None for the numpy path."""
    return _numba.select(_lemke_howson_numba.compiled_kernels, backend, num_labels, NUMBA_AUTO_LABELS)


def _run(state: _Tableaux, label: int, max_pivots: int | None, compiled: Callable | None = None) -> int:
    """Run the path of ``label`` from ``state`` (in place); return the number of pivots.

    Float tableaux use the tolerances ``PIVOT_TOL`` and ``TIE_TOL`` and the ``compiled`` path
    function when given; exact ones use zero tolerances and the numpy path.
    """
    budget = (1 << 62) if max_pivots is None else max_pivots
    if state.exact:
        tol_piv, tol_tie, path = Fraction(0), Fraction(0), _complementary_path
    else:
        tol_piv, tol_tie = PIVOT_TOL, TIE_TOL
        path = compiled if compiled is not None else _complementary_path
    status, pivots = path(*state.buffers(), label, budget, tol_piv, tol_tie)
    if status == _BUDGET:
        raise ConvergenceError(f"max_pivots: the Lemke-Howson path of label {label} needs more than {max_pivots} pivots")
    if status == _RAY:  # impossible with positive payoffs, short of numerical breakdown
        raise VerificationError(f"Lemke-Howson path of label {label} ran into a ray (numerical breakdown)")
    return int(pivots)


# --- turning an endpoint into a verified equilibrium ------------------------------------------------


def _shifted(matrix: np.ndarray) -> np.ndarray:
    """``matrix`` shifted to be positive (unchanged when it already is), keeping its dtype."""
    low = matrix.min()
    return matrix - low + 1 if low <= 0 else matrix


def _matrices(game: NormalFormGame, exact: bool) -> tuple[np.ndarray, np.ndarray]:
    """The payoff matrices shifted positive; in floating point also scaled to a largest entry of 1.

    Neither map changes a best response (nor, therefore, the pivot sequence); the scaling makes
    the absolute tolerances ``PIVOT_TOL`` and ``TIE_TOL`` mean the same for every game.
    """
    if exact:  # the game's exact payoffs, or each float as the decimal it prints as (0.1 is 1/10)
        A, B = exact_payoffs(game)
        return _shifted(A), _shifted(B)
    A, B = game.payoffs[0], game.payoffs[1]
    A, B = _shifted(A), _shifted(B)
    return A / A.max(), B / B.max()


def _normalised(v: np.ndarray) -> np.ndarray:
    return v / v.sum()


def _polished(state: _Tableaux, A: np.ndarray, B: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The vertex pair of the final bases re-solved from the payoffs (undoes accumulated rounding)."""
    m, n = A.shape
    full0 = np.concatenate([B.T, np.eye(n)], axis=1)  # columns indexed by label
    full1 = np.concatenate([np.eye(m), A], axis=1)
    _, _, basis0, basis1, _, _ = state.arrays()
    z0 = np.linalg.solve(full0[:, basis0], np.ones(n))
    z1 = np.linalg.solve(full1[:, basis1], np.ones(m))
    x, y = np.zeros(m), np.zeros(n)
    x[basis0[basis0 < m]] = z0[basis0 < m]
    y[basis1[basis1 >= m] - m] = z1[basis1 >= m]
    return np.maximum(x, 0), np.maximum(y, 0)


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


def _equilibrium(game: NormalFormGame, state: _Tableaux, start: _Start, tol: float,
                 endpoint: Callable | None = None) -> Equilibrium:
    """Verify the endpoint ``state``; a float one is read by the compiled ``endpoint`` when given, and polished if it falls short.

    An exact endpoint is verified with its fractions (``start`` and ``endpoint`` are then unused).
    """
    if state.exact:
        x, y = state.unnormalised()
        return verify(game, (), method=METHOD, tol=tol, exact=(tuple(_normalised(x)), tuple(_normalised(y))))
    try:
        if endpoint is not None:
            return _verify_bimatrix_values(game, *endpoint(*state.buffers(), start.payoffs), method=METHOD, tol=tol)
        return _verify_bimatrix_weights(game, *state.unnormalised(), method=METHOD, tol=tol)
    except VerificationError:
        x, y = _polished(state, start.A, start.B)
        return _verify_bimatrix_weights(game, x, y, method=METHOD, tol=tol)


# --- public API ----------------------------------------------------------------------------------------


def _check_game(game: Any) -> NormalFormGame:
    game = as_game(game)
    if game.num_players != 2:
        raise UnsupportedGameError(
            f"game: Lemke-Howson needs a two-player game, got {game.num_players} players"
        )
    return game


def _check_label(label: Any, game: NormalFormGame) -> int:
    total = sum(game.num_actions)
    if isinstance(label, bool) or not isinstance(label, numbers.Integral) or not 0 <= label < total:
        raise InvalidArgumentError(
            f"initial_label: expected an integer in [0, {total}) (row player's actions 0..{game.num_actions[0] - 1}, "
            f"then the column player's), got {label!r}"
        )
    return int(label)


def _solve_label(game, label, start, *, tol, max_pivots, kernels) -> tuple[Equilibrium, _Tableaux]:
    """One verified Lemke–Howson endpoint (re-run exactly if a small float path fails)."""
    path, endpoint = (None, None) if kernels is None else kernels
    state = start.tableaux()
    try:
        _run(state, label, max_pivots, path)
        return _equilibrium(game, state, start, tol, endpoint), state
    except VerificationError:  # numerical breakdown: a ray, or an endpoint that fails verification
        if state.exact or sum(game.num_actions) > EXACT_FALLBACK_LABELS:
            raise
    start = _start(game, exact=True)
    state = start.tableaux()
    _run(state, label, max_pivots)
    return _equilibrium(game, state, start, tol), state


def _options(tol, max_pivots, backend):
    tol = positive_float(tol, "tol")
    if max_pivots is not None:
        max_pivots = positive_int(max_pivots, "max_pivots")
    one_of(backend, "backend", ("auto", "numpy", "numba"))
    return tol, max_pivots


@checked_arguments
def lemke_howson(
    game: NormalFormGame,
    initial_label: int = 0,
    *,
    tol: float = DEFAULT_TOL,
    max_pivots: int | None = None,
    exact: bool = False,
    backend: str = "auto",
) -> Equilibrium:
    """One Nash equilibrium of a two-player game by the Lemke–Howson algorithm.

    Parameters
    ----------
    game : NormalFormGame or array_like
        The game, or its payoffs: see :func:`coordgame.games.as_game`.
        A two-player game (``m`` and ``n`` actions).
    initial_label : int, default 0
        The label dropped first: ``0..m-1`` are the row player's actions, ``m..m+n-1`` the
        column player's (the convention of nashpy and QuantEcon's ``init_pivot``).
    tol : float, default 1e-9
        Relative regret tolerance of the verification (times ``game.payoff_scale``).
    max_pivots : int, optional
        Budget of pivots; exceeding it raises :class:`ConvergenceError`.  ``None`` means no
        budget (with lexicographic pivoting every path is finite).
    exact : bool, default False
        Pivot in exact rational arithmetic and return :attr:`Equilibrium.exact`.  The game's
        :attr:`~coordgame.NormalFormGame.exact_payoffs` are used when it has them; otherwise
        each float payoff is read as the decimal it prints as (``0.1`` is 1/10, as in
        :func:`~coordgame.vertex_enumeration`); practical for small games.
    backend : {"auto", "numpy", "numba"}, default "auto"
        Float pivoting in numpy, or compiled by numba (optional dependency).  ``"auto"`` uses
        numba when it is installed and the game has at least ``NUMBA_AUTO_LABELS`` labels.

    Returns
    -------
    Equilibrium
        Verified; ``method == "lemke_howson"``.

    Raises
    ------
    UnsupportedGameError
        If the game does not have two players.
    InvalidArgumentError
        If ``initial_label`` is not in ``[0, m + n)`` or an option is malformed.
    ConvergenceError
        If the path needs more than ``max_pivots`` pivots.
    VerificationError
        If floating-point breakdown leaves an endpoint that is not an equilibrium and the game
        is too large (more than ``EXACT_FALLBACK_LABELS`` labels) to re-solve exactly.

    Examples
    --------
    The 3x2 example game of von Stengel (2002; 2007): dropping label 1 leads to the mixed
    equilibrium ``((0, 1/3, 2/3), (1/3, 2/3))``.

    >>> import coordgame as cg
    >>> g = cg.NormalFormGame.from_bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]])
    >>> eq = cg.lemke_howson(g, initial_label=1, exact=True)
    >>> [[str(p) for p in s] for s in eq.exact]
    [['0', '1/3', '2/3'], ['1/3', '2/3']]
    >>> cg.lemke_howson(g, initial_label=0).pure_profile
    (0, 0)
    """
    game = _check_game(game)
    label = _check_label(initial_label, game)
    tol, max_pivots = _options(tol, max_pivots, backend)
    kernels = None if exact else _compiled(backend, sum(game.num_actions))
    eq, _ = _solve_label(game, label, _start(game, exact), tol=tol, max_pivots=max_pivots, kernels=kernels)
    return eq


def _same(a: Equilibrium, b: Equilibrium, atol: float) -> bool:
    if a.exact is not None and b.exact is not None:
        return a.exact == b.exact
    return all(np.allclose(s, t, rtol=0, atol=atol) for s, t in zip(a.strategies, b.strategies))


@checked_arguments
def lemke_howson_all(
    game: NormalFormGame,
    *,
    tol: float = DEFAULT_TOL,
    recursive: bool = False,
    max_pivots: int | None = None,
    exact: bool = False,
    backend: str = "auto",
    dedupe_tol: float = 1e-6,
) -> EquilibriumSet:
    """The distinct equilibria reached by Lemke–Howson from every initial label.

    Parameters
    ----------
    game : NormalFormGame or array_like
        The game, or its payoffs: see :func:`coordgame.games.as_game`.
        A two-player game.
    tol : float, default 1e-9
        Relative regret tolerance of the verification.
    recursive : bool, default False
        Also restart from every equilibrium found, dropping every label, until no new
        equilibrium appears (the "all accessible equilibria" search of Shapley 1974).
    max_pivots : int, optional
        Budget of pivots per path (see :func:`lemke_howson`).
    exact : bool, default False
        Exact rational pivoting (see :func:`lemke_howson`).
    backend : {"auto", "numpy", "numba"}, default "auto"
        See :func:`lemke_howson`.
    dedupe_tol : float, default 1e-6
        Two float equilibria are the same when every probability differs by at most this.

    Returns
    -------
    EquilibriumSet
        ``method == "lemke_howson_all"`` and ``complete == False``: Lemke–Howson reaches only
        the accessible equilibria.  ``parameters["labels"][k]`` lists the initial labels
        whose path from the artificial equilibrium ended at equilibrium ``k``.

    Examples
    --------
    In the stag hunt, every path ends at a pure equilibrium; the mixed one has index -1.

    >>> import coordgame as cg
    >>> found = cg.solvers.lemke_howson_all(cg.games.stag_hunt())
    >>> sorted(found.pure_profiles()), found.complete
    ([(0, 0), (1, 1)], False)
    >>> len(cg.solvers.lemke_howson_all(cg.games.stag_hunt(), recursive=True))
    3
    """
    game = _check_game(game)
    tol, max_pivots = _options(tol, max_pivots, backend)
    dedupe_tol = positive_float(dedupe_tol, "dedupe_tol")
    start = _start(game, exact)
    num_labels = sum(game.num_actions)
    kernels = None if exact else _compiled(backend, num_labels)
    path, endpoint = (None, None) if kernels is None else kernels

    found: list[Equilibrium] = []
    labels: list[list[int]] = []
    states: list[_Tableaux] = []

    def record(eq: Equilibrium, state: _Tableaux) -> int | None:
        """Index of ``eq`` among those found; None when it is new (then it is appended)."""
        for k, other in enumerate(found):
            if _same(eq, other, dedupe_tol):
                return k
        found.append(eq)
        labels.append([])
        states.append(state)
        return None

    for label in range(num_labels):
        eq, state = _solve_label(game, label, start, tol=tol, max_pivots=max_pivots, kernels=kernels)
        k = record(eq, state)
        labels[len(found) - 1 if k is None else k].append(label)

    if recursive:
        seen = {state.key() for state in states}
        queue = list(states)
        while queue:
            origin = queue.pop()
            # An endpoint re-solved exactly after a float breakdown has Fraction tableaux: its copies go on exactly.
            for label in range(num_labels):
                state = origin.copy()
                _run(state, label, max_pivots, path)
                if state.is_artificial() or state.key() in seen:
                    continue
                seen.add(state.key())
                try:
                    eq = _equilibrium(game, state, start, tol, endpoint)
                except VerificationError:
                    continue  # a float breakdown on a side path: that endpoint is not reported
                if record(eq, state) is None:
                    queue.append(state)

    notes = (
        "Lemke-Howson reaches only accessible equilibria: every path from the artificial equilibrium "
        "ends at an equilibrium of index +1, and some equilibria lie on no path at all; the set may be incomplete.",
    )
    if recursive:
        notes += ("recursive: paths were restarted from every equilibrium found with every label (Shapley 1974).",)
    return EquilibriumSet(
        tuple(found),
        game,
        method="lemke_howson_all",
        complete=False,
        notes=notes,
        parameters={"labels": [list(v) for v in labels], "recursive": recursive, "exact": exact},
    )
