r"""Shared machinery of the two-player enumeration solvers.

Labels.  Let player 1 have ``m`` actions and player 2 ``n``.  With payoff matrices shifted to
be positive, the best-response polytopes are

.. math::

    P = \{x \in \mathbb{R}^m : x \ge 0,\ B^\top x \le 1\}, \qquad
    Q = \{y \in \mathbb{R}^n : A y \le 1,\ y \ge 0\}.

A point carries label ``i < m`` when player 1's action ``i`` is unplayed (in ``P``) or a best
response (in ``Q``), and label ``m + j`` when player 2's action ``j`` is a best response (in
``P``) or unplayed (in ``Q``).  A pair of vertices ``(x, y) != (0, 0)`` is *completely labelled*
(every one of the ``m + n`` labels appears at ``x`` or at ``y``) exactly when the normalised pair
is a Nash equilibrium; the extreme equilibria are the completely labelled vertex pairs
(von Stengel 2007, *Algorithmic Game Theory*, ch. 3).

Label sets are stored as bitmasks: one row of ``uint64`` words per vertex, so that matching
vertex pairs is integer arithmetic on whole arrays.
"""

from __future__ import annotations

from itertools import combinations
from math import comb

import numpy as np

from coordgame.errors import UnsupportedGameError
from coordgame.games.normal_form import NormalFormGame

__all__ = [
    "bimatrix",
    "pack_labels",
    "complete_pairs",
    "support_index_sets",
    "components_and_maximal_subsets",
]


def bimatrix(game: NormalFormGame, solver: str) -> tuple[np.ndarray, np.ndarray]:
    """The payoff matrices ``(A, B)`` of a two-player game (``B[i, j]`` is player 2's payoff)."""
    if not isinstance(game, NormalFormGame):
        raise UnsupportedGameError(f"game: {solver} expects a NormalFormGame, got {type(game).__name__}")
    if game.num_players != 2:
        raise UnsupportedGameError(
            f"game: {solver} is for two-player games; this game has {game.num_players} players"
        )
    return game.payoffs[0], game.payoffs[1]


def pack_labels(labels: np.ndarray) -> np.ndarray:
    """Pack a boolean ``(V, L)`` label matrix into ``(V, W)`` ``uint64`` words (bit ``l`` = label ``l``).

    Examples
    --------
    >>> pack_labels(np.array([[True, False, True], [False, True, False]])).ravel().tolist()
    [5, 2]
    """
    count, width = labels.shape
    words = -(-width // 64) or 1
    padded = np.zeros((count, 64 * words), dtype=bool)
    padded[:, :width] = labels
    return np.packbits(padded, axis=1, bitorder="little").view("<u8").reshape(count, words)


def _exact_matches(keys_x: np.ndarray, keys_y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All index pairs ``(a, b)`` with ``keys_x[a] == keys_y[b]`` (rows of words; keys_y distinct)."""
    if keys_x.shape[1] == 1:
        kx, ky = keys_x[:, 0], keys_y[:, 0]
    else:  # several words: replace each row by its rank among all rows
        _, inverse = np.unique(np.concatenate([keys_x, keys_y]), axis=0, return_inverse=True)
        inverse = inverse.ravel()
        kx, ky = inverse[: len(keys_x)], inverse[len(keys_x) :]
    order = np.argsort(ky, kind="stable")
    sorted_y = ky[order]
    pos = np.searchsorted(sorted_y, kx)
    pos[pos == len(sorted_y)] = 0
    hit = np.flatnonzero(sorted_y[pos] == kx) if len(sorted_y) else np.empty(0, dtype=np.intp)
    return hit, order[pos[hit]]


def _covering_pairs(masks_x: np.ndarray, masks_y: np.ndarray, full: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All index pairs whose label union is ``full`` (broadcast in blocks of about 4M words)."""
    found_x, found_y = [], []
    step = max(1, (1 << 22) // max(1, masks_y.size))
    for start in range(0, len(masks_x), step):
        block = masks_x[start : start + step, None, :] | masks_y[None, :, :]
        a, b = np.nonzero((block == full).all(axis=2))
        found_x.append(a + start)
        found_y.append(b)
    if not found_x:
        return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.intp)
    return np.concatenate(found_x), np.concatenate(found_y)


def complete_pairs(
    masks_x: np.ndarray, counts_x: np.ndarray, masks_y: np.ndarray, counts_y: np.ndarray, m: int, n: int
) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs of completely labelled vertices, sorted.

    A vertex of ``P`` has at least ``m`` labels and one of ``Q`` at least ``n``.  When both have
    exactly that many (the non-degenerate case) the only possible partner of ``x`` is the vertex
    whose label set is the complement of ``x``'s: a sorted look-up.  Vertices with surplus labels
    are matched against the whole other side by broadcasting; there are few of them unless the
    game is very degenerate.

    Parameters
    ----------
    masks_x, masks_y : ndarray of uint64, shape (V, W)
        Packed label sets (see :func:`pack_labels`) of distinct vertices of ``P`` and ``Q``.
    counts_x, counts_y : ndarray of int
        The number of labels of each vertex.
    m, n : int
        Numbers of actions of the two players.

    Examples
    --------
    >>> mx = pack_labels(np.array([[1, 0, 1, 0], [0, 1, 0, 1]], dtype=bool))
    >>> my = pack_labels(np.array([[0, 1, 0, 1], [1, 0, 1, 0]], dtype=bool))
    >>> complete_pairs(mx, np.array([2, 2]), my, np.array([2, 2]), 2, 2)
    (array([0, 1]), array([0, 1]))
    """
    full = pack_labels(np.ones((1, m + n), dtype=bool))[0]
    simple_x, simple_y = counts_x == m, counts_y == n
    sx, sy = np.flatnonzero(simple_x), np.flatnonzero(simple_y)
    a, b = _exact_matches(masks_x[sx] ^ full, masks_y[sy])
    pairs_x, pairs_y = [sx[a]], [sy[b]]
    dx, dy = np.flatnonzero(~simple_x), np.flatnonzero(~simple_y)
    if len(dx):
        a, b = _covering_pairs(masks_x[dx], masks_y, full)
        pairs_x.append(dx[a])
        pairs_y.append(b)
    if len(dy) and len(sx):
        a, b = _covering_pairs(masks_x[sx], masks_y[dy], full)
        pairs_x.append(sx[a])
        pairs_y.append(dy[b])
    px, py = np.concatenate(pairs_x), np.concatenate(pairs_y)
    order = np.lexsort((py, px))
    return px[order], py[order]


def support_index_sets(size: int, k: int, limit: int | None = None) -> np.ndarray:
    """All ``k``-subsets of ``range(size)`` as rows of an int array, in lexicographic order.

    Examples
    --------
    >>> support_index_sets(4, 2).tolist()
    [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]]
    """
    count = comb(size, k)
    flat = np.fromiter((i for c in combinations(range(size), k) for i in c), dtype=np.intp, count=count * k)
    return flat.reshape(count, k)


def components_and_maximal_subsets(
    x_ids: np.ndarray, y_ids: np.ndarray
) -> tuple[tuple[tuple[int, ...], ...], tuple[tuple[int, ...], ...]]:
    """Connected components and maximal Nash subsets from the extreme equilibria ``(x_ids[k], y_ids[k])``.

    The extreme equilibria are the edges of a bipartite graph between the vertices of ``P`` and
    of ``Q``.  A *maximal Nash subset* is a maximal biclique ``X x Y`` of that graph: every
    convex combination of its ``x``'s paired with any of its ``y``'s is an equilibrium.  The
    connected components of the equilibrium set are the connected components of the graph
    (Avis, Rosenberg, Savani & von Stengel 2010, *Economic Theory* 42, 9-37).  Maximal
    bicliques are the pairs ``(X, Y)`` with ``Y`` an intersection of neighbourhoods of a
    non-empty set of ``x``'s and ``X`` every ``x`` adjacent to all of ``Y``; they are generated
    by closing the neighbourhoods under intersection.

    Returns
    -------
    components, maximal_subsets : tuple of tuple of int
        Indices of equilibria (edges), each group sorted, groups ordered by their first member.

    Examples
    --------
    >>> components_and_maximal_subsets(np.array([0, 0, 1]), np.array([0, 1, 2]))
    (((0, 1), (2,)), ((0, 1), (2,)))
    """
    edge_of = {(int(x), int(y)): k for k, (x, y) in enumerate(zip(x_ids, y_ids))}
    neighbours: dict[int, frozenset[int]] = {}
    for x, y in edge_of:
        neighbours[x] = neighbours.get(x, frozenset()) | {y}
    # Components: union-find over the edges (x and y vertices in separate name spaces).
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def root(node):
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for x, y in edge_of:
        parent[root(("x", x))] = root(("y", y))
    groups: dict[tuple[str, int], list[int]] = {}
    for (x, _), k in edge_of.items():
        groups.setdefault(root(("x", x)), []).append(k)
    components = sorted(tuple(sorted(g)) for g in groups.values())
    # Maximal bicliques: close the neighbourhood sets under intersection.
    closed = set(neighbours.values())
    frontier = set(closed)
    while frontier:
        new = {a & b for a in frontier for b in neighbours.values()} - closed - {frozenset()}
        closed |= new
        frontier = new
    subsets = set()
    for ys in closed:
        xs = [x for x, nb in neighbours.items() if ys <= nb]
        subsets.add(tuple(sorted(edge_of[(x, y)] for x in xs for y in ys)))
    return tuple(components), tuple(sorted(subsets))
