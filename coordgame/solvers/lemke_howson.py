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
from coordgame._checks import one_of, positive_int
from coordgame.equilibrium import (
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
from coordgame.solvers._lemke_howson_tableau import (
    _BUDGET,
    _RAY,
    _complementary_path,
    _Start,
    _Tableaux,
)
from coordgame.tolerances import DEDUPE_TOL, DEFAULT_TOL, PIVOT_TOL, TIE_TOL, check_tolerance

__all__ = ["lemke_howson", "lemke_howson_all"]

METHOD = "lemke_howson"

#: Games with at most this many labels (m + n) are re-solved exactly when a float path fails
#: verification; larger ones raise VerificationError.
EXACT_FALLBACK_LABELS = 40
#: With ``backend="auto"``, the compiled path is used (when numba is installed) from this many
#: labels on; on smaller games importing numba and loading the compiled functions costs more than
#: their faster pivots save in one call.
NUMBA_AUTO_LABELS = 20


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


def _unit_interval_plus_one(matrix: np.ndarray) -> np.ndarray:
    """``matrix`` mapped affinely onto ``[1, 2]`` (a constant matrix onto ones)."""
    low, spread = float(matrix.min()), float(matrix.max() - matrix.min())
    return (matrix - low) / (spread if spread > 0 else 1.0) + 1.0


def _matrices(game: NormalFormGame, exact: bool) -> tuple[np.ndarray, np.ndarray]:
    """The payoff matrices made positive: exactly, shifted; in floating point, mapped onto ``[1, 2]``.

    Neither map changes a best response (nor, therefore, the pivot sequence); the floating-point
    map takes out the payoffs' unit and origin, so the absolute tolerances ``PIVOT_TOL`` and
    ``TIE_TOL`` mean the same for every game (see :mod:`coordgame.tolerances`).
    """
    if exact:  # the game's exact payoffs, or each float as the decimal it prints as (0.1 is 1/10)
        A, B = exact_payoffs(game)
        return _shifted(A), _shifted(B)
    A, B = game.payoffs[0], game.payoffs[1]
    return _unit_interval_plus_one(A), _unit_interval_plus_one(B)


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
    tol = check_tolerance(tol, "tol", positive=True)
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
        Relative regret tolerance of the verification (times ``game.payoff_range``).
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
    dedupe_tol: float = DEDUPE_TOL,
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
    dedupe_tol = check_tolerance(dedupe_tol, "dedupe_tol", positive=True)
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
