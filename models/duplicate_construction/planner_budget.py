r"""The planner's problem with a per-region budget: industries coupled, solved exactly or certified.

Without a budget, welfare :math:`W(x) = \sum_k W_k(x_{\cdot k})` separates across industries and
each industry is solved on its own.  A budget (at most :math:`B` clusters per region) couples
them:

.. math:: \max_x \sum_k W_k(T_k) \quad \text{s.t.} \quad \textstyle\sum_k x_{rk} \le B \ \ \forall r,
   \qquad T_k = \{r : x_{rk} = 1\}.

Two methods, chosen by size:

* **Dynamic programming over the regions' used capacity** (exact).  With :math:`u \in \{0..B\}^R`
  the clusters each region has used in industries :math:`1..k-1`,
  :math:`V_k(u) = \max_{T:\, u_r < B\ \forall r \in T} W_k(T) + V_{k+1}(u + 1_T)`, :math:`V_{K+1} = 0`.
  It tabulates :math:`W_k` on all :math:`2^R` sets and visits :math:`(B+1)^R 2^R` transitions per
  industry, so it is used while that is at most :data:`DP_MAX_TRANSITIONS`.
* **Lagrangian relaxation** (certified gap).  For multipliers :math:`\mu \ge 0`,
  :math:`L(\mu) = \sum_k \max_T [W_k(T) - \sum_{r \in T} \mu_r] + B \sum_r \mu_r \ge` the optimum
  (weak duality), and each inner problem is the unconstrained industry problem with fixed cost
  :math:`F + \mu_r` — solved by the caller's certified search, whose *upper bound* enters
  :math:`L`.  Projected subgradient steps on :math:`\mu`; every relaxed solution is repaired to
  the budget (dropping the cluster whose loss of welfare is smallest) and improved by
  best-improvement local search (single drops, additions and moves within a region), as are the
  caller's candidate profiles (e.g. the equilibria of local competition).  Both use
  :math:`W(x) = \sum_k W(x^{(k)})` (:math:`x^{(k)}`: x restricted to industry k; an empty
  industry is worth 0): each industry's welfare and the change from flipping each entry are kept
  up to date, so a move re-evaluates only the (at most two) industries it touches.  The result is the best feasible profile
  found, the smallest :math:`L(\mu)` as its certified upper bound, and their gap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

__all__: list[str] = []

#: Largest number of (state, set) transitions per industry the exact dynamic programme takes on.
DP_MAX_TRANSITIONS = 1 << 24


def all_sets(num_regions: int) -> np.ndarray:
    """Every subset of the regions as a boolean mask, row i = binary digits of i, shape (2^R, R)."""
    return ((np.arange(1 << num_regions)[:, None] >> np.arange(num_regions)) & 1).astype(bool)


def dp_size(num_regions: int, capacity: int) -> int:
    """Transitions per industry of the exact programme, :math:`(B+1)^R 2^R`."""
    return (capacity + 1) ** num_regions * (1 << num_regions)


def budget_dp(values: np.ndarray, num_regions: int, capacity: int) -> tuple[np.ndarray, float]:
    """The exact optimum of the coupled problem from tabulated industry values ``values`` (K, 2^R).

    Returns the portfolio matrix (R, K) and its welfare.
    """
    K = values.shape[0]
    R, B = num_regions, capacity
    sets = all_sets(R)
    radix = (B + 1) ** np.arange(R)
    n_states = (B + 1) ** R
    digits = (np.arange(n_states)[:, None] // radix) % (B + 1)  # (S, R) used capacity
    step = sets.astype(np.int64) @ radix  # state increment of each set
    full = digits >= B  # (S, R): region r has no capacity left
    blocked = (full.astype(np.int64) @ (1 << np.arange(R)))  # (S,) bitmask of full regions
    set_bits = np.arange(1 << R)
    value_next = np.zeros(n_states)
    choices = np.zeros((K, n_states), dtype=np.int64)
    for k in range(K - 1, -1, -1):
        best = np.full(n_states, -np.inf)
        arg = np.zeros(n_states, dtype=np.int64)
        for T in set_bits:
            ok = (blocked & T) == 0
            states = np.flatnonzero(ok)
            cand = values[k, T] + value_next[states + step[T]]
            better = cand > best[states]
            best[states[better]] = cand[better]
            arg[states[better]] = T
        value_next, choices[k] = best, arg
    x = np.zeros((R, K), dtype=np.int64)
    state = 0
    for k in range(K):
        T = int(choices[k, state])
        x[:, k] = sets[T]
        state += int(step[T])
    return x, float(value_next[0])


class _Columns:
    r"""A profile with each industry's welfare and the change from flipping each entry, kept up to date.

    Welfare separates across industries and an industry nobody builds is worth 0, so
    :math:`W(x) = \sum_k W(x^{(k)})` with :math:`x^{(k)}` x restricted to column k.  A move of
    one region changes at most two columns, so after it only those columns' R + 1 values are
    recomputed, instead of the whole welfare of every neighbour.
    """

    def __init__(self, x: np.ndarray, welfare: Callable[[np.ndarray], float]) -> None:
        self.x = np.array(x, dtype=np.int64)
        self.welfare = welfare
        R, K = self.x.shape
        self.value = np.zeros(K)
        self.flip = np.zeros((R, K))  # welfare change from flipping x[r, k]
        for k in range(K):
            self._refresh(k)

    def _column(self, k: int, column: np.ndarray) -> float:
        z = np.zeros_like(self.x)
        z[:, k] = column
        return float(self.welfare(z))

    def _refresh(self, k: int) -> None:
        column = self.x[:, k].copy()
        self.value[k] = self._column(k, column)
        for r in range(column.size):
            column[r] ^= 1
            self.flip[r, k] = self._column(k, column) - self.value[k]
            column[r] ^= 1

    def set(self, r: int, k: int, bit: int) -> None:
        self.x[r, k] = bit
        self._refresh(k)


def _repair(columns: _Columns, capacity: int) -> None:
    """Drop clusters, least welfare lost first, from the region furthest over ``capacity`` until none is."""
    while True:
        load = columns.x.sum(axis=1)
        if (load <= capacity).all():
            return
        r = int(np.argmax(load - capacity))
        built = np.flatnonzero(columns.x[r])
        columns.set(r, int(built[np.argmax(columns.flip[r, built])]), 0)


def _improve(columns: _Columns, capacity: int, max_moves: int) -> None:
    """Best-improvement local search over single drops, additions and moves within a region's portfolio."""
    for _ in range(max_moves):
        x, flip = columns.x, columns.flip
        built = x == 1
        room = (x.sum(axis=1) < capacity)[:, None]
        drop = np.where(built, flip, -np.inf)
        enter = np.where(~built, flip, -np.inf)
        add = np.where(room, enter, -np.inf)
        move = drop.max(axis=1) + enter.max(axis=1)  # out of one industry, into another: two columns
        gains = (drop.max(), add.max(), move.max())
        kind = int(np.argmax(gains))
        current = float(columns.value.sum())
        if not gains[kind] > 1e-12 * max(1.0, abs(current)):
            return
        if kind == 0:
            r, k = np.unravel_index(int(np.argmax(drop)), drop.shape)
            columns.set(int(r), int(k), 0)
        elif kind == 1:
            r, k = np.unravel_index(int(np.argmax(add)), add.shape)
            columns.set(int(r), int(k), 1)
        else:
            r = int(np.argmax(move))
            k_out, k_in = int(np.argmax(drop[r])), int(np.argmax(enter[r]))
            columns.set(r, k_out, 0)
            columns.set(r, k_in, 1)


def repair(x: np.ndarray, capacity: int, welfare: Callable[[np.ndarray], float]) -> np.ndarray:
    """Drop clusters (least welfare lost first) until every region is within ``capacity``.

    ``welfare`` must separate across industries (columns), an empty column worth 0.
    """
    columns = _Columns(x, welfare)
    _repair(columns, capacity)
    return columns.x


def local_search(x: np.ndarray, capacity: int, welfare: Callable[[np.ndarray], float],
                 max_rounds: int = 50) -> tuple[np.ndarray, float]:
    """Best-improvement local search over single drops, additions and moves within a region's portfolio.

    At most ``max_rounds`` moves per region; returns the profile and its welfare (``welfare`` as
    in :func:`repair`).
    """
    columns = _Columns(x, welfare)
    _improve(columns, capacity, max_rounds * columns.x.shape[0])
    return columns.x, float(welfare(columns.x))


def _feasible_improved(x: np.ndarray, capacity: int, welfare: Callable[[np.ndarray], float]
                       ) -> tuple[np.ndarray, float]:
    """:func:`repair` then :func:`local_search`, sharing the column values."""
    columns = _Columns(x, welfare)
    _repair(columns, capacity)
    _improve(columns, capacity, 50 * columns.x.shape[0])
    return columns.x, float(welfare(columns.x))


def lagrangian(solve_industries: Callable[[np.ndarray], tuple[np.ndarray, float]], welfare: Callable[[np.ndarray], float],
               num_regions: int, capacity: int, candidates: Iterable[np.ndarray], *, iterations: int = 25,
               target_gap: float = 1e-3) -> dict:
    """Projected subgradient on the budget's multipliers; the best repaired profile and the smallest dual bound.

    ``solve_industries(extra)`` returns the relaxed optimum (R, K) with fixed costs raised by
    ``extra`` (R,) and a valid upper bound on its objective (the relaxed welfare net of ``extra``).
    """
    R, B = num_regions, capacity
    best_x, best_value = None, -np.inf
    for x0 in candidates:
        x1, v1 = _feasible_improved(np.asarray(x0, dtype=np.int64), B, welfare)
        if v1 > best_value:
            best_x, best_value = x1, v1
    mu = np.zeros(R)
    dual, iterations_run = np.inf, 0
    scale = None
    for it in range(iterations):
        iterations_run = it + 1
        x_rel, upper = solve_industries(mu)
        dual = min(dual, upper + B * float(mu.sum()))
        x_feasible, value = _feasible_improved(x_rel, B, welfare)
        if value > best_value:
            best_x, best_value = x_feasible, value
        if dual - best_value <= target_gap * abs(best_value):
            break
        g = x_rel.sum(axis=1) - B  # subgradient of L at mu (with sign for descent)
        if not g.any():
            break
        if scale is None:
            scale = max(abs(best_value), 1.0) / max(R, 1)
        step = (dual - best_value) / float(g @ g) if np.isfinite(best_value) else scale / (it + 1)
        mu = np.maximum(0.0, mu + step * g)
    return {"x": best_x, "welfare": best_value, "upper_bound": max(dual, best_value), "iterations": iterations_run}
