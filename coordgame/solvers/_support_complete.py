r"""Batched solves for the complete N-player support enumeration (private).

:func:`coordgame.solvers.support_n.support_enumeration_n` solves the equalities of every support
profile :math:`S` (see its module docstring).  Most support profiles of a small game fall in a few
*kinds* whose systems all have the same small form, so every support profile of a size profile
is solved at once, in a handful of stacked numpy calls, instead of one Python call per support:

* **one mixer** :math:`i` (everyone else pure): the equalities say that player :math:`i`'s payoffs
  are equal on :math:`S_i` at the others' pure actions; no unknown enters.  Rows where they are
  (within the tolerance) are left to the one-at-a-time path, which reports the continuum.
* **two mixers on supports of unequal sizes**: the larger support overdetermines the other
  mixer's strategy; a batched QR gives each system's least-squares residual, and only rows where
  it is small (a degenerate game) are left to the one-at-a-time path.
* **two mixers on supports of equal size** :math:`k`: two square linear systems
  :math:`\begin{pmatrix} T & -\mathbf 1 \\ \mathbf 1^\top & 0 \end{pmatrix}(\sigma, w) = e_{k+1}`
  per row, one batched solve; rows whose systems are ill-conditioned are left over.
* **three mixers** :math:`a, b, c` **on supports of sizes** :math:`2 \times k \times k`: with
  :math:`\sigma_a = (1 - x, x)`, player :math:`b`'s equalities are linear in :math:`\sigma_c` and
  player :math:`c`'s in :math:`\sigma_b`, with bordered matrices :math:`B_b(x), B_c(x)` affine in
  :math:`x`.  By Cramer's rule :math:`\sigma_c = N_c(x) / \det B_b(x)` and
  :math:`\sigma_b = N_b(x) / \det B_c(x)`, numerators of degree :math:`k - 1`, so player
  :math:`a`'s single equality :math:`\sigma_b^\top \Delta U_a \sigma_c = 0` becomes the
  univariate polynomial

  .. math:: p(x) = N_b(x)^\top \Delta U_a\, N_c(x), \qquad \deg p \le 2(k - 1),

  whose degree is the multihomogeneous Bézout number of the support profile (2 for
  :math:`2 \times 2 \times 2`, 4 for :math:`2 \times 3 \times 3`).
* **three mixers on supports of sizes** :math:`2 \times 2 \times 3`: the size-3 player's two
  equalities are bilinear in :math:`(x, y) = (\sigma_{a,1}, \sigma_{b,1})`,
  :math:`\alpha_m(x) + \beta_m(x) y = 0`, and have a common root :math:`y` exactly where
  :math:`p(x) = \alpha_1 \beta_2 - \alpha_2 \beta_1 = 0` (degree 2); the size-3 strategy then
  solves a 3 x 3 linear system.
* **four mixers on binary supports**: given :math:`(x_1, x_2)` players 3 and 4's equalities
  are linear in :math:`\sigma_4` and :math:`\sigma_3`; players 2 and 1's then read
  :math:`p(x_1, x_2) = 0` (degree 2 in :math:`x_2`) and :math:`q(x_1, x_2) = 0` (degree 3), and
  their Sylvester resultant in :math:`x_2` is a polynomial of degree 13 in :math:`x_1` (the
  Bézout number 9 of the support profile, McKelvey & McLennan 1997, plus 4 spurious roots,
  which fail :math:`q = 0` or the polish and are dropped).

Each :math:`p` is sampled at Chebyshev points of :math:`[0, 1]` (batched determinants),
interpolated, and its roots are the eigenvalues of companion matrices (one stacked call).  A
solution of the equalities with :math:`x \in [0, 1]` whose linear systems are regular is a root of
:math:`p`, so nothing is lost on regular rows; rows where :math:`p` vanishes identically, its
leading coefficient is negligible, a linear system is ill-conditioned at a root, or Newton's
polish of a candidate inside the simplices does not converge are *left over* to the
one-at-a-time path (and its homotopy), which handles and reports degenerate games as before.
Candidates are polished by Newton's method on the whole square system and screened by their
regret; the caller verifies each equilibrium.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations

import numpy as np

from coordgame.solvers._multilinear import MultilinearGame
from coordgame.solvers._support_polynomial import bordered, four_binary, solve_bordered, two_k_k, two_two_three

__all__ = ["BatchOutcome", "batched_kind", "solve_batches"]

#: Newton steps polishing each candidate on the whole system.
POLISH_STEPS = 3


@dataclass
class BatchOutcome:
    """Screened solutions and the support profiles left over.

    ``found`` holds (support profile, flat profile, whether the system's Jacobian is singular there:
    a degenerate game).
    """

    rows: int
    found: list[tuple[list[np.ndarray], np.ndarray, bool]] = field(default_factory=list)
    leftover: list[list[np.ndarray]] = field(default_factory=list)


def batched_kind(sizes: Sequence[int]) -> str | None:
    """The kind of a size profile solved in batches, or None (solved one support at a time)."""
    mixed = sorted(k for k in sizes if k > 1)
    if len(mixed) == 1:
        return "one"
    if len(mixed) == 2:
        return "two" if mixed[0] == mixed[1] else "unequal"
    if len(mixed) == 3 and mixed[0] == 2 and mixed[1] == mixed[2]:
        return "2kk"
    if mixed == [2, 2, 3]:
        return "223"
    if mixed == [2, 2, 2, 2]:
        return "2222"
    return None


@lru_cache(maxsize=64)
def _supports(num_actions: tuple[int, ...], sizes: tuple[int, ...]) -> tuple[np.ndarray, ...]:
    """Every support profile of these sizes: per player, an array (rows, size) of its support actions."""
    combos = [np.array(list(combinations(range(n), k)), dtype=int).reshape(-1, k) for n, k in zip(num_actions, sizes)]
    grids = np.meshgrid(*[np.arange(len(c)) for c in combos], indexing="ij")
    out = tuple(c[g.ravel()] for c, g in zip(combos, grids))
    for array in out:
        array.flags.writeable = False
    return out


def _roles(sizes: Sequence[int]) -> list[int]:
    """The mixers in the order their kind's solver takes them (module docstring)."""
    mixers = [p for p, k in enumerate(sizes) if k > 1]
    kind = batched_kind(sizes)
    if kind == "2kk":
        a = next((p for p in mixers if sizes[p] == 2 and sorted(sizes[q] for q in mixers)[1] > 2), mixers[0])
        return [a] + [p for p in mixers if p != a]
    if kind == "223":
        c = next(p for p in mixers if sizes[p] == 3)
        return [p for p in mixers if p != c] + [c]
    if kind == "unequal":  # the larger support first: its player's indifference overdetermines the other
        return sorted(mixers, key=lambda p: -sizes[p])
    return mixers


def _indices(num_actions: tuple[int, ...], supports: Sequence[np.ndarray], roles: Sequence[int]) -> list[np.ndarray]:
    """Indices into the flattened payoffs of each role player's payoffs on every support profile's
    product, axes (rows, role players' actions)."""
    n, rows = len(num_actions), supports[0].shape[0]
    cells = int(np.prod(num_actions))
    strides = [int(np.prod(num_actions[p + 1 :])) for p in range(n)]
    index = np.zeros((rows,) + (1,) * len(roles), dtype=int)
    for p, s in enumerate(supports):
        shape = [rows] + [1] * len(roles)
        if p in roles:
            shape[1 + roles.index(p)] = s.shape[1]
        index = index + strides[p] * s.reshape(shape)
    return [index + p * cells for p in roles]


@dataclass
class _Rows:
    """The support profiles of one or more size profiles of the same kind, stacked (per game shape)."""

    index: list[np.ndarray]  # role players' payoffs as indices into the flattened payoffs
    columns: list[np.ndarray]  # role players' support actions as flat columns, (rows, k)
    pure: np.ndarray  # the pure players' flat columns, (rows, N - roles)
    source: np.ndarray  # (rows, 2): size profile number, row within its size profile

    def flat(self, size: int, rows: np.ndarray, blocks: Sequence[np.ndarray]) -> np.ndarray:
        """Flat profiles of ``rows``: the role players' strategies ``blocks``, pure players' actions at 1."""
        sigma = np.zeros((rows.size, size))
        line = np.arange(rows.size)[:, None]
        sigma[line, self.pure[rows]] = 1.0
        for columns, block in zip(self.columns, blocks):
            sigma[line, columns[rows]] = block
        return sigma

    def masks(self, size: int, rows: np.ndarray) -> np.ndarray:
        return self.flat(size, rows, [np.ones(c.shape[1]) for c in self.columns]) > 0


@lru_cache(maxsize=64)
def _rows(num_actions: tuple[int, ...], members: tuple[tuple[int, ...], ...]) -> _Rows:
    """The stacked support profiles of ``members`` (size profiles of one kind and support sizes)."""
    offsets = np.concatenate([[0], np.cumsum(num_actions)]).astype(int)
    parts = []
    for number, sizes in enumerate(members):
        supports, roles = _supports(num_actions, sizes), _roles(sizes)
        rows = supports[0].shape[0]
        pure = [offsets[p] + supports[p] for p in range(len(num_actions)) if p not in roles]
        parts.append((_indices(num_actions, supports, roles), [offsets[p] + supports[p] for p in roles],
                      np.concatenate(pure, axis=1) if pure else np.zeros((rows, 0), int),
                      np.stack([np.full(rows, number), np.arange(rows)], axis=1)))
    return _Rows([np.concatenate(t) for t in zip(*[p[0] for p in parts])],
                 [np.concatenate(c) for c in zip(*[p[1] for p in parts])],
                 np.concatenate([p[2] for p in parts]), np.concatenate([p[3] for p in parts]))


@lru_cache(maxsize=64)
def _groups(size_profiles: tuple[tuple[int, ...], ...]) -> list[tuple[str, tuple[tuple[int, ...], ...]]]:
    """Size profiles grouped by kind and support sizes (each group is one batch)."""
    groups: dict[tuple, list[tuple[int, ...]]] = {}
    for sizes in size_profiles:
        kind = batched_kind(sizes)
        key = (kind, tuple(sorted(sizes)))
        groups.setdefault(key, []).append(sizes)
    return [(key[0], tuple(members)) for key, members in groups.items()]


def solve_batches(mg: MultilinearGame, size_profiles: Sequence[tuple[int, ...]],
                  atol: float) -> dict[tuple[int, ...], BatchOutcome]:
    """Solve every support profile of the given size profiles (kinds of :func:`batched_kind`).

    Size profiles of the same kind and support sizes are stacked into one batch; the candidates
    of all batches are then polished (those from polynomial roots), screened and checked for
    degeneracy together, one stacked call each.
    """
    payoffs = mg.payoffs.reshape(-1)
    outcomes: dict[tuple[int, ...], BatchOutcome] = {}
    candidates: list[tuple[np.ndarray, np.ndarray, np.ndarray, bool]] = []  # sigma, masks, (group, row), polish
    groups = _groups(tuple(size_profiles))
    for number, (kind, members) in enumerate(groups):
        rows = _rows(mg.num_actions, members)
        sigma, owner, left = _SOLVERS[kind](mg, rows, [payoffs[i] for i in rows.index], atol)
        for sizes in members:
            outcomes[sizes] = BatchOutcome(rows=_supports(mg.num_actions, sizes)[0].shape[0])
        _leave(outcomes, mg.num_actions, members, left)
        if len(sigma):
            where = np.column_stack((np.full(owner.size, number), owner))
            candidates.append((sigma, rows.masks(mg.size, owner), where, kind not in ("two", "one", "unequal")))
    if not candidates:
        return outcomes
    sigma, masks, where = (np.concatenate([c[i] for c in candidates]) for i in range(3))
    rough = np.concatenate([np.full(len(c[0]), c[3]) for c in candidates])
    mg = _DenseGame.of(mg)
    if rough.any():
        sigma[rough], converged = _polish(mg, masks[rough], sigma[rough], 1e-3 * atol)
        # a candidate inside the simplices that Newton cannot polish: leave its row to the careful path
        failed = np.flatnonzero(rough)[~converged]
        for number, row in where[failed]:
            _leave(outcomes, mg.num_actions, groups[number][1], np.array([row]))
        keep = np.ones(len(sigma), bool)
        keep[failed] = False
        sigma, masks, where = sigma[keep], masks[keep], where[keep]
    kept = _screened(mg, sigma, atol)
    singular = _singular(mg, masks[kept], sigma[kept])
    for (number, q), flat, flag in zip(where[kept], sigma[kept], singular):
        members = groups[number][1]
        member, row = _rows(mg.num_actions, members).source[q]
        supports = _supports(mg.num_actions, members[member])
        outcomes[members[member]].found.append(([s[row] for s in supports], flat, bool(flag)))
    return outcomes


@lru_cache(maxsize=16)
def _dense_blocks(num_actions: tuple[int, ...]) -> list[tuple[int, tuple[int, ...], tuple[slice, ...]]]:
    """For each ordered pair of players (i, j): i, the axes (i, j, others increasing) and W's block there."""
    n, off = len(num_actions), np.cumsum((0, *num_actions)).tolist()
    out = []
    for i in range(n):
        for j in range(n):
            if i != j:
                axes = (i, j, *(k for k in range(n) if k not in (i, j)))
                out.append((i, axes, tuple(slice(off[p], off[p + 1]) for p in axes)))
    return out


class _DenseGame(MultilinearGame):
    r"""A game of four or more players whose value Jacobian is one product with a dense table.

    ``M[(i, a), (j, b)] = \sum u_i(a, b, a_{-ij}) \prod_{k \ne i, j} \sigma_{k, a_k}`` is linear in the
    Kronecker power :math:`\sigma^{\otimes (N - 2)}` of the flat profile: the table ``W`` holds
    ``u_i`` where the columns' players are the others of ``(i, j)`` in increasing order (0 elsewhere),
    so ``M = W \sigma^{\otimes (N - 2)}`` and the values are ``M \sigma / (N - 1)``.  For the few
    candidates of a small game's batches this is a couple of array operations, against one product
    per ordered pair of players; it is used only while ``W`` stays small.
    """

    #: Largest number of entries of W (size ** N).
    MAX_ENTRIES = 1_000_000

    def __init__(self, payoffs: np.ndarray) -> None:
        super().__init__(payoffs)
        dense = np.zeros((self.size,) * self.num_players)
        for i, axes, where in _dense_blocks(self.num_actions):
            dense[where] = self.payoffs[i].transpose(axes)
        self.dense = dense.reshape(self.size**2, -1)

    @classmethod
    def of(cls, mg: MultilinearGame) -> MultilinearGame:
        """``mg`` itself, or its dense form when it has four or more players and a small table."""
        if mg.num_players < 4 or mg.size**mg.num_players > cls.MAX_ENTRIES:
            return mg
        return cls(mg.payoffs)

    def value_jacobian(self, flat: np.ndarray) -> np.ndarray:
        """:meth:`MultilinearGame.value_jacobian` for a batch of flat profiles (B, size)."""
        weights = flat
        for _ in range(self.num_players - 3):
            weights = (weights[:, :, None] * flat[:, None, :]).reshape(len(flat), -1)
        return (weights @ self.dense.T).reshape(len(flat), self.size, self.size)

    def values(self, flat: np.ndarray) -> np.ndarray:
        return self.values_from_jacobian(self.value_jacobian(flat), flat)

    def max_regret(self, flat: np.ndarray) -> np.ndarray:
        values, starts = self.values(flat), self.offsets[:-1]
        regrets = np.maximum.reduceat(values, starts, axis=1) - np.add.reduceat(values * flat, starts, axis=1)
        return regrets.max(axis=1)


def _leave(outcomes: dict[tuple[int, ...], BatchOutcome], num_actions: tuple[int, ...],
           members: tuple[tuple[int, ...], ...], left: np.ndarray) -> None:
    """Record the support profiles of ``left`` (rows of a batch) as left over, once each."""
    if not left.size:
        return
    rows = _rows(num_actions, members)
    for q in np.unique(left):
        member, row = rows.source[q]
        outcome = outcomes[members[member]]
        supports = [s[row] for s in _supports(num_actions, members[member])]
        if not any(all(np.array_equal(a, b) for a, b in zip(supports, other)) for other in outcome.leftover):
            outcome.leftover.append(supports)


def _screened(mg: MultilinearGame, sigma: np.ndarray, atol: float) -> np.ndarray:
    """Indices of the rows that are (after clipping rounding) in the simplices with regret at most ``atol``."""
    if not len(sigma):
        return np.zeros(0, int)
    ok = np.isfinite(sigma).all(axis=1) & (sigma.min(axis=1) >= -atol)
    sigma[~ok] = 0.0
    np.clip(sigma, 0.0, None, out=sigma)
    totals = np.add.reduceat(sigma, mg.offsets[:-1], axis=1)
    ok &= (totals > 0).all(axis=1)
    sigma[ok] /= totals[ok][:, mg.owner]
    candidates = np.flatnonzero(ok)
    if not candidates.size:
        return candidates
    return candidates[mg.max_regret(sigma[candidates]) <= atol]


_NONE = np.zeros(0, int)


def _one_mixer(mg: MultilinearGame, rows: _Rows, tables: list[np.ndarray],
               atol: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows where the mixer's payoffs on its support are equal (a solution may exist: left over)."""
    values = tables[0].reshape(tables[0].shape[0], -1)
    return np.zeros((0, mg.size)), _NONE, np.flatnonzero(values.max(axis=1) - values.min(axis=1) <= atol)


def _unequal(mg: MultilinearGame, rows: _Rows, tables: list[np.ndarray],
             atol: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows whose overdetermined system (the larger support's indifference) is consistent: left over."""
    system = bordered(tables[0])
    rhs = np.zeros(system.shape[:2])
    rhs[:, -1] = 1.0
    q, _ = np.linalg.qr(system)
    residual = rhs - np.einsum("rij,rj->ri", q, np.einsum("rji,rj->ri", q, rhs))
    return np.zeros((0, mg.size)), _NONE, np.flatnonzero(np.abs(residual).max(axis=1) <= 1e-3 * atol)


def _two_equal(mg: MultilinearGame, rows: _Rows, tables: list[np.ndarray],
               atol: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Both mixers' strategies from two square systems per row; ill-conditioned rows left over."""
    table_i, table_j = tables
    count, k = table_i.shape[:2]
    solution, regular = solve_bordered(np.concatenate([table_i, table_j.swapaxes(1, 2)]))
    regular = regular[:count] & regular[count:]
    good = np.flatnonzero(regular)
    sigma_j, sigma_i = solution[:count][good, :k], solution[count:][good, :k]
    inside = (sigma_i.min(axis=1) >= -atol) & (sigma_j.min(axis=1) >= -atol)  # the rest cannot be equilibria
    good, sigma_i, sigma_j = good[inside], sigma_i[inside], sigma_j[inside]
    return rows.flat(mg.size, good, [sigma_i, sigma_j]), good, np.flatnonzero(~regular)


def _three_mixers(mg: MultilinearGame, rows: _Rows, tables: list[np.ndarray], atol: float,
                  solve: Callable) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Candidates of a polynomial kind (module docstring), to be polished by the caller; rows left over."""
    owner, blocks, left = solve(*tables)
    # only candidates (nearly) inside the simplices can be equilibria
    inside = np.ones(owner.size, bool)
    for block in blocks:
        inside &= np.isfinite(block).all(axis=1) & (block.min(axis=1) >= -1e-6)
    owner, blocks = owner[inside], [block[inside] for block in blocks]
    return rows.flat(mg.size, owner, blocks), owner, left


def _jacobian_frame(mg: MultilinearGame, masks: np.ndarray) -> np.ndarray:
    """The constant part of the square system's Jacobian in (sigma, w): sums, -w, pinned zeros."""
    size, n = mg.size, mg.num_players
    jac = np.zeros((len(masks), size + n, size + n))
    jac[:, size + mg.owner, np.arange(size)] = 1.0
    jac[:, np.arange(size), size + mg.owner] = -masks.astype(float)
    jac[:, np.arange(size), np.arange(size)] = ~masks
    return jac


def _singular(mg: MultilinearGame, masks: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    """Whether the square system's Jacobian is numerically singular at each solution (as
    :func:`coordgame.solvers._indifference.singular_at`: smallest over largest singular value <= 1e-10)."""
    if not len(sigma):
        return np.zeros(0, bool)
    jac = _jacobian_frame(mg, masks)
    size = mg.size
    jac[:, :size, :size] = np.where(masks[:, :, None], mg.value_jacobian(sigma), jac[:, :size, :size])
    spectrum = np.linalg.svd(jac, compute_uv=False)
    return spectrum[:, -1] <= 1e-10 * spectrum[:, 0]


def _polish(mg: MultilinearGame, masks: np.ndarray, sigma: np.ndarray,
            residual_tol: float) -> tuple[np.ndarray, np.ndarray]:
    r"""Newton on each candidate's whole square system; the points and which converged.

    Off-support probabilities are unknowns pinned by :math:`\sigma_a = 0`, so every row solves a
    system of the same size in :math:`(\sigma, w)` (as in the first pass of the one-equilibrium search).
    """
    size, n, offsets = mg.size, mg.num_players, mg.offsets[:-1]
    if not len(sigma):
        return sigma, np.zeros(0, bool)
    in_support = masks.astype(float)
    jac: np.ndarray | None = None

    residual = np.zeros((len(sigma), size + n))
    for step in range(POLISH_STEPS + 1):
        values = mg.values(sigma)  # the Jacobian only when a step is needed: roots are usually accurate already
        if step == 0:
            w = np.add.reduceat(values * in_support, offsets, axis=1) / np.add.reduceat(in_support, offsets, axis=1)
        residual = np.concatenate([np.where(masks, values - w[:, mg.owner], sigma),
                                   np.add.reduceat(sigma, offsets, axis=1) - 1.0], axis=1)
        if step == POLISH_STEPS or (np.abs(residual).max(axis=1) <= residual_tol).all():
            break
        M = mg.value_jacobian(sigma)
        jac = _jacobian_frame(mg, masks) if jac is None else jac
        jac[:, :size, :size] = np.where(masks[:, :, None], M, jac[:, :size, :size] * ~masks[:, :, None])
        finite = np.isfinite(jac).all(axis=(1, 2)) & np.isfinite(residual).all(axis=1)
        jac[~finite], residual[~finite] = np.eye(size + n), 0.0
        try:
            delta = np.linalg.solve(jac, residual[..., None])[..., 0]
        except np.linalg.LinAlgError:
            break
        sigma, w = sigma - delta[:, :size], w - delta[:, size:]
    converged = np.isfinite(residual).all(axis=1) & (np.abs(np.nan_to_num(residual, nan=1.0)).max(axis=1)
                                                      <= residual_tol)
    return sigma, converged


_SOLVERS: dict[str, Callable] = {
    "one": _one_mixer, "unequal": _unequal, "two": _two_equal,
    "2kk": lambda mg, rows, tables, atol: _three_mixers(mg, rows, tables, atol, two_k_k),
    "223": lambda mg, rows, tables, atol: _three_mixers(mg, rows, tables, atol, two_two_three),
    "2222": lambda mg, rows, tables, atol: _three_mixers(mg, rows, tables, atol, four_binary),
}
