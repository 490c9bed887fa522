r"""All extreme Nash equilibria of a two-player game by vertex enumeration.

Shift both payoff matrices to be positive (a positive affine change of a player's payoffs
changes no best response).  The best-response polytopes are

.. math::

    P = \{x \in \mathbb{R}^m : x \ge 0,\ B^\top x \le 1\}, \qquad
    Q = \{y \in \mathbb{R}^n : A y \le 1,\ y \ge 0\}.

Each of the ``m + n`` inequalities is a *label*: at a point ``x`` of ``P``, label ``i < m``
means player 1's action ``i`` is unplayed and label ``m + j`` that player 2's action ``j`` is a
best response to ``x``; in ``Q`` the roles are swapped.  A pair of vertices
``(x, y) != (0, 0)`` is *completely labelled* when every label appears at ``x`` or ``y``, and
then ``(x / sum(x), y / sum(y))`` is a Nash equilibrium; the equilibria so obtained are exactly
the extreme points of the equilibrium set (von Stengel 2007, "Equilibrium computation for
two-player games in strategic and extensive form", *Algorithmic Game Theory*, ch. 3; Avis,
Rosenberg, Savani & von Stengel 2010, *Economic Theory* 42).  This holds for degenerate games
too, provided a vertex's labels are *all* the constraints tight at it.

Float path.  After translating ``P`` so that an interior point ``c`` is the origin, it reads
``{w : D w <= 1}``, and by polar duality its vertices are the facets of the convex hull of the
rows of ``D``: a facet with outward normal ``a`` and offset ``b`` (``a . p + b = 0``) gives the
vertex ``w = -a / b``.  One Qhull call lists them.  Qhull triangulates non-simplicial facets, so
a degenerate vertex may appear several times with only part of its labels; the labels are
therefore recomputed from the vertex coordinates (every constraint with slack ``<= tol``) and
duplicates merged.  Only the polytope of the player with fewer actions is enumerated: a vertex
``x`` with exactly ``m`` labels leaves exactly ``n`` labels to its partner, and those ``n`` tight
constraints determine ``y`` (``Q[S, R] y_R = 1`` for the support ``S`` of ``x`` and the best
responses ``R`` to it), so all partners are found by batched ``numpy.linalg.solve`` calls and
kept when they lie in ``Q``.  When some vertex has surplus labels (or a system is singular up
to rounding, or a feasibility test is too close to call), both polytopes are enumerated instead
and their label sets, packed into ``uint64`` bitmasks, are matched: non-degenerate vertices by a
sorted look-up of the complementary mask, vertices with surplus labels by broadcasting
``(mask_x | mask_y) == all``.

With ``backend="numba"`` (optional dependency) the one-polytope shortcut runs as one compiled
loop over Qhull's facets (:func:`coordgame.solvers._vertex_loop._pairs_loop`): each vertex's labels, its reduced system
``Q[S, R] y_R = 1`` solved by Gaussian elimination with partial pivoting, the test ``y`` in
``Q`` and the normalisation, with the tests and tolerances of the numpy shortcut.  Every case
that cannot be treated as a simple vertex with a unique partner (surplus or missing labels, a
system singular up to rounding, a partner just outside ``Q``) goes straight to the enumeration of
both polytopes.

Pivoting search (``algorithm="pivoting"``, the default with numba).  Qhull builds the whole
convex hull, with its ridges and neighbours, to list the vertices of ``P``; their number grows
exponentially (about 4,000 at 12 x 12, 60,000 to 180,000 at 16 x 16 for uniform random payoffs),
and the hull's bookkeeping per vertex grows with the dimension.  Instead the vertices are
visited one by one along the edges of ``P``, as the simplex method moves: a vertex is named by
its cobasis (its ``m`` labels, the variables among ``x`` and the slacks ``s = 1 - B^T x`` that
are zero there), packed into one 64-bit integer.  With ``S`` the support of ``x`` and ``R`` the
tight rows (``|S| = |R| = k`` at a simple vertex), ``x_S = (B^T)[R, S]^{-1} 1``; releasing one
label moves along an edge whose direction follows from the same inverse, and the ratio test
(the basic variable that first reaches zero) names the neighbour.  The vertex graph of a
polytope is connected (Balinski 1961), so a depth-first search from the origin, with a hash set
of the cobases met, visits every vertex exactly once (the pivoting or "adjacency" method of
vertex enumeration: Dyer & Proll 1977; Dyer 1983, *Math. Oper. Res.* 8).  At each vertex the
partner ``y`` is solved for as above, so ``Q`` is never enumerated: the structure of
``lrsnash`` (Avis et al. 2010), whose reverse search (Avis & Fukuda 1992) avoids the hash set's
memory (16 to 32 bytes per vertex, and up to 8 more for the stack) by recomputing parents.  Per vertex
the work is one ``k x k`` inversion, the product ``W = B^T[:, S] (B^T)[R, S]^{-1}`` shared by
the ``m`` ratio tests, and one ``k x k`` partner solve: ``O(n m k)`` flops, against the
growing cost per facet of a convex hull in ``m`` dimensions.  The search is run on simple
vertices.  A vertex that floating point cannot decide (a basic variable within ``tol`` of
zero, a near-singular system, a partner within rounding of ``Q``'s boundary: among millions of
vertices this happens by chance) is recomputed in rational arithmetic on the given floats
(which are exact rationals), with its partner; if it is simple there, the search goes on
from it.  Only a true degeneracy (a basic variable exactly zero, where one vertex has several
cobases and a partner set may be a face of ``Q``, or a singular system) sends the game to the
enumeration of both polytopes by Qhull, which handles degeneracy as described above.
The search runs compiled (numba), in chunks of
vertices between which a progress bar is updated and Ctrl-C is handled; the bar counts the
vertices visited against those met so far, a lower bound on the total that grows as the search
proceeds.

Exact path (``exact=True``).  Payoffs are read as exact rationals (the game's
:attr:`~coordgame.NormalFormGame.exact_payoffs` when it has them, such as ``1/3`` read from a
``.nfg`` file, else each float as the decimal it prints as) and made positive integers;
every basis of each polytope is solved by fraction-free integer elimination
(:mod:`coordgame.solvers._exact`), so vertices, labels and equilibria are exact and the
enumeration is complete by construction, with no tolerance involved.  Its cost grows like
:math:`\binom{m+n}{m}`: it is meant for games up to about 10 x 10.

Components (``components=True``).  The extreme equilibria are the edges of a bipartite graph
on the vertices of ``P`` and ``Q``; its maximal bicliques are the maximal Nash subsets (convex
sets of equilibria) and its connected components the components of the equilibrium set
(Avis et al. 2010).
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

import numpy as np

from coordgame._arguments import checked_arguments
from coordgame._checks import one_of
from coordgame._progress import progress_bar, run_in_thread, show_progress
from coordgame.equilibrium import EquilibriumSet, _verified_profiles
from coordgame.errors import Interrupted
from coordgame.games.normal_form import NormalFormGame, as_game
from coordgame.solvers import _numba, _vertex_enumeration_numba  # numba is imported only when asked for
from coordgame.solvers._bimatrix import bimatrix, components_and_maximal_subsets
from coordgame.solvers._exact import exact_payoffs, exact_vertices, integer_matrix
from coordgame.solvers._vertex_polytopes import _direct, _float_pairs, _match, _Matched, _pivoting_pairs, _to_global
from coordgame.solvers._vertex_search import MAX_LABELS
from coordgame.tolerances import DEFAULT_TOL, check_tolerance

__all__ = ["vertex_enumeration"]

_METHOD = "vertex_enumeration"

#: With ``backend="auto"``, the compiled partner loop is used (when numba is installed) when both
#: players have at least this many actions (the dimension of the enumerated polytope, which sets
#: the cost).  Importing numba and loading the compiled loop adds about 0.25 s to the first call
#: in a process; from 16 x 16 actions one call takes longer than that, while below it a single
#: call would be slowed down many times (sweeps of smaller games pass ``backend="numba"``).
NUMBA_AUTO_ACTIONS = 16

#: With ``progress=None`` a bar is shown (on a terminal), and Qhull runs in a worker thread so
#: that Ctrl-C is handled at once, when both players have at least this many actions: one Qhull
#: call then takes seconds (about 40 s at 20 x 20), below it milliseconds.
PROGRESS_ACTIONS = 14


def _exact_strategy(numerators: np.ndarray) -> tuple[Fraction, ...]:
    total = sum(int(v) for v in numerators)
    return tuple(Fraction(int(v), total) for v in numerators)


def _exact_pairs(A: np.ndarray, B: np.ndarray) -> _Matched:
    """Completely labelled pairs in exact rational arithmetic (``A``, ``B``: Fraction matrices)."""
    m, n = A.shape
    lx, num_x, _ = exact_vertices(integer_matrix(B.T))
    ly, num_y, _ = exact_vertices(integer_matrix(A))
    ly = _to_global(ly, n, False)
    ix, iy = _match(lx, ly, m, n)
    degenerate = bool((lx.sum(axis=1) > m).any() or (ly.sum(axis=1) > n).any())
    x = [_exact_strategy(num_x[a]) for a in ix]
    y = [_exact_strategy(num_y[b]) for b in iy]
    return _Matched(x, y, ix, iy, degenerate)


def _transposed(found: _Matched) -> _Matched:
    return _Matched(found.y, found.x, found.y_ids, found.x_ids, found.degenerate, found.missing_labels)


@checked_arguments
def vertex_enumeration(
    game: NormalFormGame,
    *,
    tol: float = DEFAULT_TOL,
    exact: bool = False,
    components: bool = False,
    backend: str = "auto",
    algorithm: str = "auto",
    progress: bool | None = None,
) -> EquilibriumSet:
    """All extreme Nash equilibria of a two-player game, degenerate or not.

    Parameters
    ----------
    game : NormalFormGame or array_like
        The game, or its payoffs: see :func:`coordgame.games.as_game`.
        A two-player game.
    tol : float, default 1e-9
        Float path: a constraint of the (payoffs rescaled to [1, 2]) best-response polytopes
        counts as tight when its slack is at most ``tol``; every equilibrium is verified with
        regret at most ``tol * game.payoff_range``.  The exact path uses no tolerance.
    exact : bool, default False
        Enumerate in exact rational arithmetic, on the game's
        :attr:`~coordgame.NormalFormGame.exact_payoffs` when it has them (else each float
        read as the decimal it prints as: ``0.1`` is 1/10); each equilibrium then carries its
        :class:`~fractions.Fraction` strategies in ``Equilibrium.exact``.  The number of bases
        solved is ``C(m + n, m)``: use it for games up to about 10 x 10 actions.
    components : bool, default False
        Also group the extreme equilibria into connected components of the equilibrium set
        and maximal Nash subsets (``EquilibriumSet.components`` / ``.maximal_subsets``).
    backend : {"auto", "numpy", "numba"}, default "auto"
        Float path: find the partners of the enumerated polytope's vertices with numpy's batched
        solves, or in one loop compiled by numba (optional dependency; the same tests and
        tolerances, so the same equilibria up to rounding at the tolerance boundaries).
        ``"auto"`` uses numba when it is installed and both players have at least
        ``NUMBA_AUTO_ACTIONS`` actions; a sweep over many smaller games gains from ``"numba"``.
    algorithm : {"auto", "pivoting", "hull"}, default "auto"
        Float path: how the vertices of the smaller player's best-response polytope are
        enumerated.  ``"pivoting"``: a depth-first search of its vertex graph by simplex pivots,
        each vertex's partner found by one linear solve (see the module docstring); compiled
        when the backend is numba, else run as plain Python (slow beyond about 8 x 8).
        ``"hull"``: one Qhull convex hull.  Both give the same equilibria, and both fall back
        on enumerating both polytopes with Qhull when the game is degenerate.  ``"auto"`` uses
        ``"pivoting"`` when the compiled code is used (see ``backend``) and the game has at most
        62 actions in all, else ``"hull"``.  Ignored by the exact path.
    progress : bool, optional
        Show a tqdm bar with the elapsed time and an estimate of the time left: of the vertices
        visited against those met so far (``"pivoting"``, a lower bound on the total that grows,
        so the estimate is a lower bound too), or of the stages (convex hull, partners,
        verification; the Qhull calls then run in a worker thread so that Ctrl-C stops at once,
        the abandoned Qhull call finishing in the background).  Default None: only when both
        players have at least :data:`PROGRESS_ACTIONS` actions and standard error is a terminal.

    Returns
    -------
    EquilibriumSet
        The extreme equilibria, each verified, sorted with player 1's strategy in decreasing
        lexicographic order.  ``complete=True`` (these are all of them) unless, in floating
        point, a matched pair failed verification or a vertex was found with fewer labels than
        its dimension (``tol`` too small for the rounding); a note then says which.  A note says whether the
        game is degenerate (then the equilibria may form continua whose extreme points are listed).

    Raises
    ------
    UnsupportedGameError
        If the game does not have exactly two players.
    coordgame.errors.Interrupted
        On Ctrl-C (a KeyboardInterrupt subclass): no equilibrium is verified before the
        enumeration ends, so its ``partial`` is an empty EquilibriumSet with
        ``complete=False`` and a note.

    Examples
    --------
    A degenerate game (von Stengel 2007, fig. 3.4): a continuum of equilibria in which player 2
    mixes between 2/3 and 1 on its first action, and one isolated equilibrium.

    >>> import coordgame as cg
    >>> g = cg.NormalFormGame.from_bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]])
    >>> eqs = cg.vertex_enumeration(g, exact=True, components=True)
    >>> for eq in eqs:
    ...     print([[str(p) for p in s] for s in eq.exact])
    [['1', '0', '0'], ['1', '0']]
    [['1', '0', '0'], ['2/3', '1/3']]
    [['0', '1/3', '2/3'], ['1/3', '2/3']]
    >>> eqs.components, eqs.maximal_subsets
    (((0, 1), (2,)), ((0, 1), (2,)))
    """
    game = as_game(game)
    A, B = bimatrix(game, _METHOD)
    tol = check_tolerance(tol, "tol", positive=True)
    one_of(backend, "backend", ("auto", "numpy", "numba"))
    one_of(algorithm, "algorithm", ("auto", "pivoting", "hull"))
    shown = show_progress(progress, min(A.shape) >= PROGRESS_ACTIONS)
    search = None if exact or min(A.shape) < 2 else _search_loop(algorithm, backend, A.shape)
    stages = {"total": 3, "unit": "stage"} if search is None else {"total": 1, "unit": "vertex"}
    with progress_bar(shown, desc="vertex enumeration", **stages) as bar:
        try:
            return _enumerate(game, A, B, tol, exact, components, backend, search, bar, shown)
        except KeyboardInterrupt as exc:
            note = "interrupted (KeyboardInterrupt) before the enumeration ended: no equilibrium verified, not all equilibria"
            partial = EquilibriumSet((), game, method=_METHOD, complete=False, notes=(note,),
                                     parameters={"tol": tol, "exact": exact, "components": components})
            raise Interrupted(f"vertex_enumeration: {note}", partial=partial) from exc


def _search_loop(algorithm: str, backend: str, shape: tuple[int, int]) -> Callable | None:
    """The depth-first search loop that ``algorithm`` and ``backend`` ask for (compiled or not), or None for Qhull."""
    if algorithm == "hull" or sum(shape) > MAX_LABELS:
        return None
    compiled = _numba.select(_vertex_enumeration_numba.compiled_search, backend, min(shape), NUMBA_AUTO_ACTIONS)
    if compiled is not None or algorithm == "auto":
        return compiled
    from coordgame.solvers._vertex_search import _search_loop as plain_loop

    return plain_loop


def _enumerate(game: NormalFormGame, A: np.ndarray, B: np.ndarray, tol: float, exact: bool, components: bool,
               backend: str, search: Callable | None, bar: object, threaded: bool) -> EquilibriumSet:
    """The body of :func:`vertex_enumeration`; ``bar`` advances by stage or vertex, ``threaded`` runs Qhull in a thread.

    ``search`` is the depth-first search loop (:func:`_search_loop`), or None for Qhull.
    """
    notes: list[str] = []
    flip = A.shape[0] > A.shape[1]  # Qhull works in the smaller dimension
    A_, B_ = (B.T, A.T) if flip else (A, B)
    found = None
    bar.set_postfix_str("convex hull" if search is None else "vertex search")
    if not exact and min(A.shape) > 1:  # Qhull needs at least two dimensions
        from scipy.spatial import QhullError

        runner = (lambda function: run_in_thread(function, bar.refresh)) if threaded else _direct
        try:
            if search is not None:
                def exact_pair() -> tuple:  # as exact mode reads the payoffs, flipped alike
                    exact_A, exact_B = exact_payoffs(game)
                    return (exact_B.T, exact_A.T) if flip else (exact_A, exact_B)

                found = _pivoting_pairs(search, A_, B_, tol, bar, runner, exact_pair)
            else:
                compiled = _numba.select(_vertex_enumeration_numba.compiled_pairs, backend, min(A.shape),
                                         NUMBA_AUTO_ACTIONS)
                found = _float_pairs(A_, B_, tol, compiled, runner)
        except QhullError as exc:
            notes.append(f"Qhull failed ({str(exc).splitlines()[0]}); exact basis enumeration was used instead")
    if found is None:
        A_, B_ = exact_payoffs(game)
        found = _exact_pairs(B_.T, A_.T) if flip else _exact_pairs(A_, B_)
    if search is None:
        bar.update(2)
    bar.set_postfix_str("verification")
    if flip:
        found = _transposed(found)
    result = _verified_set(game, found, tol, exact, components, notes)
    if search is None:
        bar.update(1)
    return result


def _verified_set(
    game: NormalFormGame, found: _Matched, tol: float, exact: bool, components: bool, notes: list[str]
) -> EquilibriumSet:
    """Verify the matched pairs, sort them, group them, and say what was found."""
    m, n = game.num_actions
    if isinstance(found.x, np.ndarray):
        profiles, exact_profiles = np.concatenate([found.x, found.y], axis=1), None
    else:
        floats = [float(p) for x, y in zip(found.x, found.y) for p in (*x, *y)]
        profiles = np.array(floats).reshape(len(found.x), m + n)
        exact_profiles = list(zip(found.x, found.y)) if exact else None
    # Rows [x | y] sorted with player 1's strategy, then player 2's, in decreasing lexicographic order.
    order = np.lexsort(-profiles.T[::-1])
    profiles = profiles[order]
    sorted_exact = [exact_profiles[k] for k in order] if exact_profiles else None
    # The rows are probability vectors by construction (normalised, unplayed actions exactly 0),
    # so _verify_bimatrix's input checks are skipped; each profile's regret is still recomputed.
    equilibria, passed = _verified_profiles(game, profiles, method=_METHOD, tol=tol, exact=sorted_exact)
    all_passed = bool(passed.all())
    complete = all_passed and not found.missing_labels
    if not all_passed:
        for k in np.flatnonzero(~passed):
            notes.append(f"a completely labelled pair failed verification and was dropped: {profiles[k, :m]}, {profiles[k, m:]}")
    if found.missing_labels:
        notes.append(
            f"a vertex of a best-response polytope was found with fewer labels than its dimension (a tight constraint's "
            f"slack exceeded tol={tol:g}): it cannot be matched, so equilibria may be missing; use a larger tol or exact=True"
        )
    if found.degenerate:
        notes.append(
            "degenerate game: a vertex of a best-response polytope has surplus labels, so equilibria may form "
            "continua; their extreme points are listed" + ("" if components else " (components=True groups them)")
        )
    elif not found.missing_labels:
        notes.append("no degeneracy met: every equilibrium is isolated, and these are all of them")
    groups = subsets = None
    if components:
        kept = order[passed]
        groups, subsets = components_and_maximal_subsets(found.x_ids[kept], found.y_ids[kept])
    return EquilibriumSet(
        tuple(equilibria),
        game,
        method=_METHOD,
        complete=complete,
        notes=tuple(notes),
        components=groups,
        maximal_subsets=subsets,
        parameters={"tol": tol, "exact": exact, "components": components, "degenerate": found.degenerate},
    )
