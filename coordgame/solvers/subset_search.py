r"""Exact maximisation of a set function by branch and bound, with a certified gap.

A planner choosing *which* of :math:`n` players act (which regions build a cluster, which
firms enter) solves

.. math:: \max_{S \subseteq \{0, \dots, n-1\}} f(S).

:func:`branch_and_bound_subsets` searches the binary tree whose nodes fix some items *in*
(:math:`I`) and some *out* (:math:`O`), leaving :math:`U` undecided.  The caller supplies
``upper_bound(in_mask, out_mask)``, a **valid** bound

.. math:: \mathrm{ub}(I, O) \ge \max_{I \subseteq T \subseteq I \cup U} f(T).

A node is pruned when its bound
does not exceed the incumbent by more than ``max(tol, relative_gap * |incumbent|)``.  Every node's own set :math:`I` is a
candidate, so good incumbents arrive early; items are branched in the caller's ``order``
(include-first, depth-first).  The starting incumbent may be the caller's, or
``initial="greedy"``: starting from the empty set, add the item that raises :math:`f` most while
some item does (:func:`greedy_subset`).

The result carries the **certified** upper bound
:math:`\max(f(\text{incumbent}), \max_{\text{pruned or open nodes}} \mathrm{ub}) \ge \mathrm{OPT}`
and the gap to the incumbent.  With ``relative_gap = 0`` a finished search is exact (up to
``tol``); with ``relative_gap > 0`` (a MIP solver's "mip gap") it stops proving once every open
branch is within that fraction of the incumbent, and the gap it reports is the largest bound it
pruned on, never more than ``relative_gap * |incumbent|``.  If the search stops at
``max_nodes``, the open nodes' bounds enter the certificate.
The correctness of the certificate rests on the validity of the supplied bound.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from coordgame._arguments import checked_arguments
from coordgame._checks import one_of, positive_int
from coordgame.errors import InvalidArgumentError
from coordgame.results import Result
from coordgame.tolerances import DEFAULT_TOL, check_tolerance

__all__ = ["SubsetSearchResult", "branch_and_bound_subsets", "greedy_subset"]


@dataclass(frozen=True, eq=False, repr=False)
class SubsetSearchResult(Result):
    """Outcome of :func:`branch_and_bound_subsets`.

    Attributes
    ----------
    best : ndarray of bool
        The best set found, as a mask over the items.
    value : float
        Its value ``f(best)``.
    upper_bound : float
        A certified upper bound on the optimum.
    gap : float
        ``upper_bound - value`` (0 when the search was exhaustive).
    exact : bool
        Whether the incumbent is proved optimal up to ``tol`` (the certified gap is at most ``tol``).
    nodes : int
        Nodes whose bound was evaluated.
    complete : bool
        Whether the search finished within ``max_nodes`` (with ``relative_gap > 0`` a finished
        search certifies ``gap <= relative_gap * |value|``, not optimality).

    Examples
    --------
    >>> import numpy as np
    >>> from coordgame.solvers.subset_search import branch_and_bound_subsets
    >>> v = np.array([5.0, 4.0, -1.0])  # item values; each item picked costs 3
    >>> f = lambda m: float(v[m].sum() - 3 * m.sum())
    >>> ub = lambda inside, out: f(inside) + float(np.clip(v[~inside & ~out] - 3, 0, None).sum())
    >>> res = branch_and_bound_subsets(3, f, ub)
    >>> res.best.tolist(), res.value, res.gap, res.exact, res.complete
    ([True, True, False], 3.0, 0.0, True, True)
    """

    best: np.ndarray
    value: float
    upper_bound: float
    gap: float
    exact: bool
    nodes: int
    complete: bool = True

    _verified_by = ("optimality gap", "gap", None, "exact")
    method = "branch_and_bound_subsets"


@checked_arguments
def greedy_subset(num_items: int, value: Callable[[np.ndarray], Any], *, vectorized: bool = False) -> np.ndarray:
    """Greedy ascent over subsets: add the item that raises ``value`` most, while some item does.

    Parameters
    ----------
    num_items : int
    value : callable
        ``value(mask) -> float`` for a boolean mask; with ``vectorized=True``,
        ``value(masks) -> values`` for a ``(k, num_items)`` stack of masks (one call per step).
    vectorized : bool, default False

    Returns
    -------
    ndarray of bool
        The greedy set (a local optimum for single additions, not in general the optimum).

    Examples
    --------
    >>> import numpy as np
    >>> from coordgame.solvers.subset_search import greedy_subset
    >>> v = np.array([5.0, 4.0, -1.0])
    >>> greedy_subset(3, lambda m: float(v[m].sum() - 3 * m.sum())).tolist()
    [True, True, False]
    """
    n = positive_int(num_items, "num_items")
    if not callable(value):
        raise InvalidArgumentError(f"value: expected a callable, got {type(value).__name__}")
    mask = np.zeros(n, dtype=bool)
    current = float(np.asarray(value(mask[None, :] if vectorized else mask)).reshape(-1)[0])
    while not mask.all():
        trials = np.repeat(mask[None, :], n, axis=0)
        trials[np.arange(n), np.arange(n)] = True
        if vectorized:
            values = np.asarray(value(trials), dtype=float).reshape(n)
        else:
            values = np.array([float(value(t)) if not mask[k] else -np.inf for k, t in enumerate(trials)])
        values = np.where(mask, -np.inf, values)
        best = int(np.argmax(values))
        if not values[best] > current:
            break
        mask, current = trials[best], float(values[best])
    return mask


@checked_arguments
def branch_and_bound_subsets(
    num_items: int,
    value: Callable[[np.ndarray], float],
    upper_bound: Callable[[np.ndarray, np.ndarray], float],
    *,
    order: Sequence[int] | None = None,
    initial: np.ndarray | str | None = None,
    max_nodes: int = 200_000,
    tol: float = DEFAULT_TOL,
    relative_gap: float = 0.0,
    strategy: str = "depth_first",
) -> SubsetSearchResult:
    """Maximise a set function over subsets of ``num_items`` items by branch and bound.

    Parameters
    ----------
    num_items : int
    value : callable
        ``value(mask) -> float`` for a boolean mask of the chosen items.
    upper_bound : callable
        ``upper_bound(in_mask, out_mask) -> float``: a valid bound on ``value`` over every set
        containing ``in_mask`` and disjoint from ``out_mask`` (see the module docstring).
    order : sequence of int, optional
        Branching order of the items (default ``0..n-1``); put the most promising first.
    initial : ndarray of bool or "greedy", optional
        A starting incumbent, or ``"greedy"`` for :func:`greedy_subset` of ``value`` (default:
        the empty set).
    max_nodes : int, default 200_000
        Stop after this many bound evaluations and report the certified gap.
    tol : float, default 1e-9
        Absolute pruning tolerance.
    relative_gap : float, default 0
        Also prune a node whose bound is within ``relative_gap * |incumbent|`` of the incumbent
        (the certified gap then stays below that fraction; 0: prove optimality).
    strategy : {"depth_first", "best_first"}, default "depth_first"
        Which open node to expand next: the last pushed (little memory, good incumbents early)
        or the one with the largest bound (fewest nodes to close a gap; the open bounds then
        fall monotonically, so a node limit leaves the smallest certified gap).

    Returns
    -------
    SubsetSearchResult

    Examples
    --------
    Pick items with values 5, 4, -1 and a fixed cost 3 per item (optimum {0, 1}: 9 - 6 = 3).

    >>> import numpy as np
    >>> from coordgame.solvers.subset_search import branch_and_bound_subsets
    >>> v = np.array([5.0, 4.0, -1.0])
    >>> f = lambda m: float(v[m].sum() - 3 * m.sum())
    >>> ub = lambda i, o: f(i) + float(np.clip(v[~i & ~o] - 3, 0, None).sum())
    >>> res = branch_and_bound_subsets(3, f, ub)
    >>> res.best.tolist(), res.value, res.exact
    ([True, True, False], 3.0, True)
    """
    n = positive_int(num_items, "num_items")
    max_nodes = positive_int(max_nodes, "max_nodes")
    tol = check_tolerance(tol, "tol")
    relative_gap = float(relative_gap)
    if not 0.0 <= relative_gap < 1.0:
        raise InvalidArgumentError(f"relative_gap: expected a number in [0, 1), got {relative_gap!r}")
    one_of(strategy, "strategy", ("depth_first", "best_first"))
    order = list(range(n)) if order is None else [int(k) for k in order]
    if sorted(order) != list(range(n)):
        raise InvalidArgumentError(f"order: expected a permutation of 0..{n - 1}, got {order}")
    if isinstance(initial, str):
        if initial != "greedy":
            raise InvalidArgumentError(f"initial: expected a boolean mask or 'greedy', got {initial!r}")
        initial = greedy_subset(n, value)
    best = np.zeros(n, dtype=bool) if initial is None else np.asarray(initial, dtype=bool).copy()
    if best.shape != (n,):
        raise InvalidArgumentError(f"initial: expected a boolean mask of length {n}, got shape {best.shape}")
    best_value = float(value(best))
    empty = np.zeros(n, dtype=bool)
    if best.any():
        empty_value = float(value(empty))
        if empty_value > best_value:
            best, best_value = empty.copy(), empty_value
    # stack entries: (bound, in_mask, out_mask, depth); bound evaluated when pushed
    root_bound = float(upper_bound(empty, empty))
    stack = [(root_bound, empty, empty.copy(), 0)]
    nodes, pruned = 1, -np.inf  # pruned: the largest bound cut off with the relative slack

    def slack() -> float:
        return max(tol, relative_gap * abs(best_value))

    best_first = strategy == "best_first"
    counter = itertools.count()  # ties in the heap: first pushed first
    if best_first:
        stack = [(-root_bound, next(counter), empty, empty.copy(), 0)]
    while stack and nodes < max_nodes:
        if best_first:
            negative, _, inside, outside, depth = heapq.heappop(stack)
            bound = -negative
        else:
            bound, inside, outside, depth = stack.pop()
        if bound <= best_value + slack():
            pruned = _cut(pruned, bound, best_value + tol)
            continue
        candidate = float(value(inside))
        if candidate > best_value:
            best, best_value = inside, candidate
        if depth == n:
            continue
        item = order[depth]
        children = []
        for include in (False, True):  # pushed last = explored first: include
            child_in, child_out = inside.copy(), outside.copy()
            (child_in if include else child_out)[item] = True
            child_bound = float(upper_bound(child_in, child_out))
            nodes += 1
            if child_bound > best_value + slack():
                children.append((child_bound, child_in, child_out, depth + 1))
            else:
                pruned = _cut(pruned, child_bound, best_value + tol)
        if best_first:
            for child in children:
                heapq.heappush(stack, (-child[0], next(counter), *child[1:]))
        else:
            stack.extend(children)
    open_bounds = (-entry[0] for entry in stack) if best_first else (entry[0] for entry in stack)
    open_bound = max((b for b in open_bounds if b > best_value + slack()), default=-np.inf)
    complete = open_bound == -np.inf
    upper = max(best_value, open_bound, pruned)
    gap = upper - best_value
    return SubsetSearchResult(best=best, value=best_value, upper_bound=upper, gap=gap, exact=gap <= tol,
                              nodes=nodes, complete=complete)


def _cut(pruned: float, bound: float, exact_level: float) -> float:
    """The largest bound pruned so far, counting only bounds above ``exact_level`` (cut by the relative slack)."""
    return max(pruned, bound) if bound > exact_level else pruned
