r"""All isolated solutions of an indifference system by a multihomogeneous homotopy (private).

On supports :math:`S_1, \dots, S_N` write each mixing player's strategy as
:math:`\sigma_i = (1 - \textstyle\sum_m x_{i,m},\ x_{i,1}, \dots, x_{i,k_i - 1})` on :math:`S_i`.
The indifference equations :math:`f_{i,m}(x) = v_{i,s_m} - v_{i,s_0} = 0` are then
:math:`D = \sum_i (k_i - 1)` equations in :math:`D` unknowns, and equation :math:`(i, m)` has
degree at most one in the variables of every other mixing player and degree zero in its own:
a *multihomogeneous* structure.  The start system replaces each :math:`f_{i,m}` by a product of
random complex affine forms, one per other mixing player,

.. math:: g_{i,m}(x) = \prod_{l \ne i} (a_{i,m,l} \cdot x_l + b_{i,m,l}),

whose solutions are found by choosing one factor per equation so that every player :math:`l` is
chosen exactly :math:`k_l - 1` times and solving the resulting linear systems.  Their number is
the multihomogeneous Bézout number, which bounds the number of isolated solutions of *any*
system of this structure (McKelvey & McLennan 1997, "The maximal number of regular totally mixed
Nash equilibria", *JET* 72, compute it for games).  The paths of

.. math:: H(x, t) = (1 - t)\,\gamma\,g(x) + t\,f(x), \qquad t: 0 \to 1,

with a random complex :math:`\gamma` (the "gamma trick") are smooth for :math:`t < 1` with
probability one, and every isolated nonsingular solution of :math:`f` is the end of exactly one
path (Morgan & Sommese 1987, "A homotopy for solving general polynomial systems that respects
m-homogeneous structures", *Appl. Math. Comput.* 24; Sommese & Wampler 2005, *The Numerical
Solution of Systems of Polynomials*, ch. 8).  The start system's coefficients are drawn once per
variable layout from a fixed seed and cached with its solutions; the random :math:`\gamma` of
each homotopy supplies the genericity.  Paths are tracked by an Euler predictor and Newton
corrector with adaptive steps in :math:`t`: with numba installed, one path at a time in compiled
scalar loops (:mod:`coordgame.solvers._path_tracker`, microseconds per step on these tiny
systems), otherwise all at once in batched numpy complex linear algebra (the same rules).

The report says whether the tracking can be trusted: every path must either end at a nonsingular
solution or diverge, and no two paths may end at the same point (which would reveal a path jump).
A path is classed as diverging once a coordinate exceeds 1e6 in modulus (equilibrium
probabilities are at most 1), or when its step underflows beyond 1e4; an endpoint at t = 1 with a
coordinate beyond 10 cannot be an equilibrium and needs no convergence check.
Real solutions in the simplices are returned for verification by the caller.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

import numpy as np

from coordgame.errors import MissingDependencyError
from coordgame.solvers import _path_tracker
from coordgame.solvers._multilinear import MultilinearGame

__all__ = ["homotopy_solutions", "HomotopyReport"]

#: Endpoints with a coordinate beyond this modulus cannot be equilibria (probabilities lie in [0, 1]), so an
#: endpoint there that Newton cannot polish (typically a path on its way to infinity) does not count as a failure.
FAR = 10.0
#: Refuse start systems with more factor choices than this (the enumeration of assignments).
MAX_ASSIGNMENT_CHOICES = 200_000
#: Seed of the start systems' random coefficients (one start system per variable layout).
START_SYSTEM_SEED = 20_240_601


@dataclass
class HomotopyReport:
    """Real candidate solutions and what the tracking guarantees."""

    solutions: np.ndarray  # (R, size) real flat profiles, not verified
    paths: int
    reliable: bool
    message: str


class _System:
    """f, its Jacobian and the start system g for several support profiles of equal sizes (batched).

    All support profiles share the sizes, hence the variable layout and the (random) start
    system; a path ``p`` belongs to support profile ``owner[p]``, whose indices are looked up per row.
    """

    def __init__(self, mg: MultilinearGame, support_profiles: Sequence[Sequence[np.ndarray]]) -> None:
        self.mg = mg
        self.supports = [[np.asarray(s) for s in supports] for supports in support_profiles]
        first = support_profiles[0]
        self.mixing = [i for i, s in enumerate(first) if len(s) > 1]
        # variable <-> (player, support action s_m, m >= 1); s_0 is the player's reference action
        self.var_player = np.concatenate([[i] * (len(first[i]) - 1) for i in self.mixing])
        self.dim = self.var_player.size
        self.group_start = np.concatenate([[0], np.cumsum([len(first[i]) - 1 for i in self.mixing])[:-1]])
        Q = len(support_profiles)
        self.var_index = np.empty((Q, self.dim), dtype=int)
        self.ref_index = np.empty((Q, self.dim), dtype=int)
        self.base = np.zeros((Q, mg.size))  # pure players' fixed strategies
        for q, supports in enumerate(support_profiles):
            self.var_index[q] = np.concatenate([mg.offsets[i] + np.asarray(supports[i][1:]) for i in self.mixing])
            self.ref_index[q] = [mg.offsets[i] + supports[i][0] for i in self.var_player]
            for i, s in enumerate(supports):
                if len(s) == 1:
                    self.base[q, mg.offsets[i] + s[0]] = 1.0
        self.group_ref = self.ref_index[:, self.group_start]
        self.A, self.B, self._starts = _start_system(tuple(self.mixing), tuple(int(v) for v in self.var_player))

    def profile(self, x: np.ndarray, owner: np.ndarray) -> np.ndarray:
        sigma = self.base[owner].astype(x.dtype)
        np.put_along_axis(sigma, self.var_index[owner], x, axis=1)
        np.put_along_axis(sigma, self.group_ref[owner], 1.0 - np.add.reduceat(x, self.group_start, axis=1), axis=1)
        return sigma

    def target(self, x: np.ndarray, owner: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        sigma = self.profile(x, owner)
        M = self.mg.value_jacobian(sigma)
        v = self.mg.values_from_jacobian(M, sigma)
        vi, ri = self.var_index[owner], self.ref_index[owner]
        f = np.take_along_axis(v, vi, axis=1) - np.take_along_axis(v, ri, axis=1)
        rows = np.take_along_axis(M, vi[:, :, None], axis=1) - np.take_along_axis(M, ri[:, :, None], axis=1)
        # chain rule through sigma_{l, s_0} = 1 - sum_m x_{l, m}
        jac = np.take_along_axis(rows, vi[:, None, :], axis=2) - np.take_along_axis(rows, ri[:, None, :], axis=2)
        return f, jac

    def start(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        factors = np.einsum("elv,pv->pel", self.A, x) + self.B  # (P, E, L)
        ones = np.ones_like(factors[..., :1])
        before = np.cumprod(np.concatenate([ones, factors[..., :-1]], axis=-1), axis=-1)
        after = np.cumprod(np.concatenate([ones, factors[..., :0:-1]], axis=-1), axis=-1)[..., ::-1]
        others = before * after  # product of all factors but one
        g = before[..., -1] * factors[..., -1]
        jac = np.einsum("pel,elv->pev", others, self.A)
        return g, jac

    def start_solutions(self) -> np.ndarray | None:
        return self._starts


@lru_cache(maxsize=256)
def _start_system(mixing: tuple[int, ...], var_player: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """The random product start system of a variable layout and its solutions (``None``: too many choices).

    Factor l of equation e is A[e, l] . x + B[e, l], with A[e, l] zero outside player l's variables;
    the factor of the equation's own player is the constant 1.  The coefficients are drawn once
    per layout from a fixed seed and reused for every game and support profile of that layout:
    genericity with respect to the target system is then supplied by the random ``gamma`` of
    each homotopy (the gamma trick holds for all but finitely many gamma on the unit circle).
    """
    rng = np.random.default_rng(START_SYSTEM_SEED)
    players, dim = np.array(var_player), len(var_player)
    A = np.zeros((dim, len(mixing), dim), dtype=complex)
    B = np.ones((dim, len(mixing)), dtype=complex)
    for e in range(dim):
        for c, l in enumerate(mixing):
            if l != players[e]:
                cols = players == l
                A[e, c, cols] = rng.normal(size=cols.sum()) + 1j * rng.normal(size=cols.sum())
                B[e, c] = complex(rng.normal(), rng.normal())
    options = [[l for l in mixing if l != players[e]] for e in range(dim)]
    if np.prod([len(o) for o in options], dtype=float) > MAX_ASSIGNMENT_CHOICES:
        return A, B, None
    need = {l: int((players == l).sum()) for l in mixing}
    solutions = []
    for choice in product(*options):
        if any(choice.count(l) != need[l] for l in mixing):
            continue
        x = np.zeros(dim, dtype=complex)
        for l in mixing:
            eqs = [e for e in range(dim) if choice[e] == l]
            c, cols = mixing.index(l), players == l
            x[cols] = np.linalg.solve(A[eqs, c][:, cols], -B[eqs, c])
        solutions.append(x)
    starts = np.array(solutions).reshape(-1, dim)
    for array in (A, B, starts):
        array.flags.writeable = False
    return A, B, starts


def homotopy_solutions(
    mg: MultilinearGame, support_profiles: Sequence[Sequence[np.ndarray]], rng: np.random.Generator, *,
    max_steps: int = 3000, compiled: bool | None = None,
) -> list[HomotopyReport] | None:
    """Track the homotopy paths of several support profiles with equal sizes (one report each).

    ``compiled``: track with the numba tracker (:mod:`coordgame.solvers._path_tracker`; True
    needs numba), or the numpy one (False); default ``None`` uses numba when it is installed.
    Returns ``None`` if the start system has too many factor choices to enumerate.
    """
    system = _System(mg, support_profiles)
    starts = system.start_solutions()
    if starts is None:
        return None
    Q, B = len(support_profiles), starts.shape[0]
    if B == 0:
        return [HomotopyReport(np.zeros((0, mg.size)), 0, True, "Bezout number 0: no isolated solutions")] * Q
    gamma = np.exp(2j * np.pi * rng.random())
    owner = np.repeat(np.arange(Q, dtype=np.int64), B)

    def H(x, t, rows):
        f, fx = system.target(x, owner[rows])
        g, gx = system.start(x)
        tt = t[:, None]
        return (1 - tt) * gamma * g + tt * f, (1 - tt[..., None]) * gamma * gx + tt[..., None] * fx, f - gamma * g

    kernels = None if compiled is False else _path_tracker.kernels()
    if kernels is None and compiled:
        raise MissingDependencyError("compiled=True needs the optional package numba: pip install 'coordgame[numba]'")
    arrays = _compiled_arrays(system) if kernels is not None else None
    if kernels is not None:
        ends, codes, _ = kernels["track_paths"](np.tile(starts, (Q, 1)), owner, complex(gamma), system.A, system.B,
                                                   arrays, int(max_steps))
        state = _STATES[codes]
    else:
        ends, state = _track(H, np.tile(starts, (Q, 1)), max_steps)
    finished = np.flatnonzero(state == "finished")
    x, f, fx = _polish(system, ends[finished], owner[finished], kernels, arrays)
    scale = max(1.0, float(np.abs(mg.payoffs).max()))
    converged = np.abs(f).max(axis=1) <= 1e-9 * scale if len(x) else np.zeros(0, bool)
    singular = _relative_smallest_singular(fx) <= 1e-8
    real = converged & (np.abs(x.imag).max(axis=1) <= 1e-7) if len(x) else np.zeros(0, bool)
    far = np.abs(x).max(axis=1) > FAR if len(x) else np.zeros(0, bool)
    profiles = system.profile(x.real, owner[finished])
    reports = []
    for q in range(Q):
        mine = owner[finished] == q
        problems = []
        failed = int((state[owner == q] == "failed").sum())
        if failed:
            problems.append(f"{failed} paths failed")
        # endpoints far outside the simplices (|x| > FAR) cannot be equilibria, whether or not
        # Newton converges there
        bad = int((mine & (~converged | singular) & ~far).sum())
        if bad:
            problems.append(f"{bad} singular or unconverged endpoints")
        good = x[mine & converged & ~singular]
        if len(good) > 1:
            gaps = np.abs(good[:, None, :] - good[None, :, :]).max(axis=2) + np.eye(len(good))
            if gaps.min() <= 1e-7:
                problems.append("two paths reached the same solution (a path jump)")
        reports.append(HomotopyReport(profiles[mine & real], B, not problems, "; ".join(problems) or f"{B} paths"))
    return reports


_STATES = np.array(["finished", "diverged", "failed"], dtype=object)  # the tracker's state codes


def _compiled_arrays(system: _System) -> tuple:
    r"""The target system in monomial form, as the compiled tracker takes it (see :mod:`._path_tracker`).

    For mixing player :math:`i` and support action :math:`s_m` the coefficients are the payoff
    differences :math:`u_i(s_m, \cdot) - u_i(s_0, \cdot)` on the other mixers' supports (pure
    players at their actions), re-expressed along every other mixer's axis in its extended
    coordinates :math:`(1, x_{l,1}, \dots)`: entry 0 stays, entry :math:`m \ge 1` becomes its
    difference with entry 0 (from :math:`\sigma_{l,s_0} = 1 - \sum_m x_{l,m}`).  So each
    coefficient is a signed sum of payoffs, whose pattern (:func:`_monomials`) depends on the
    support sizes only; here the payoffs are gathered into it.
    """
    mg, mixing = system.mg, system.mixing
    n, Q = mg.num_players, len(system.supports)
    stacked = [np.array([supports[p] for supports in system.supports]).reshape(Q, -1) for p in range(n)]
    sizes = tuple(stacked[p].shape[1] for p in mixing)
    strides = [int(np.prod(mg.num_actions[p + 1 :])) for p in range(n)]
    cells = np.zeros((Q,) + (1,) * len(mixing), dtype=int)  # pure profiles of each product, axes = mixers
    for p, s in enumerate(stacked):
        shape = [Q] + [1] * len(mixing)
        if p in mixing:
            shape[1 + mixing.index(p)] = s.shape[1]
        cells = cells + strides[p] * s.reshape(shape)
    position, player, sign, idx = _monomials(sizes)
    payoffs = np.append(mg.payoffs.reshape(-1), 0.0)  # a zero entry for the padding terms
    cell_count = int(np.prod(mg.num_actions))
    terms = cells.reshape(Q, -1)[:, position] + (np.asarray(mixing)[player] * cell_count)
    terms[:, sign == 0] = payoffs.size - 1
    coef = (payoffs[terms] * sign).sum(axis=-1)
    group_size = np.diff(np.append(system.group_start, system.dim))
    return (np.ascontiguousarray(coef), idx, np.ascontiguousarray(system.group_start, dtype=np.int64),
            np.ascontiguousarray(group_size, dtype=np.int64))


@lru_cache(maxsize=256)
def _monomials(sizes: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    r"""The signed-sum pattern of the monomial coefficients for mixers with these support sizes.

    Equation e (mixer i, support action m >= 1) and monomial r (an action a_l of every other mixer
    l, 0 meaning the constant coordinate) have the coefficient
    :math:`\sum_t \mathrm{sign}[e, r, t]\, u_i(\mathrm{cell}[\mathrm{position}[e, r, t]])`
    over the terms t that pick, per axis, the entry itself (+) or entry 0 (-, only where
    :math:`a_l \ge 1`, and always for the own axis: m against 0).  Returns position (flat index
    into the mixers' product of supports), the player of each equation (index into the mixers),
    sign, and idx (D, monomials, factors): the X = (1, x) index of each monomial's factors.
    """
    mixers = len(sizes)
    first = np.concatenate([[1], 1 + np.cumsum([k - 1 for k in sizes])])[:-1]  # X index of x_{l,1}
    width = max(int(np.prod([sizes[l] for l in range(mixers) if l != i])) for i in range(mixers))
    equations = [(i, m) for i in range(mixers) for m in range(1, sizes[i])]
    position = np.zeros((len(equations), width, 2**mixers), dtype=np.int64)
    sign = np.zeros(position.shape)
    idx = np.zeros((len(equations), width, mixers - 1), dtype=np.int64)
    player = np.zeros(len(equations), dtype=np.int64)
    for e, (i, m) in enumerate(equations):
        player[e] = i
        others = [l for l in range(mixers) if l != i]
        for r, actions in enumerate(product(*[range(sizes[l]) for l in others])):
            idx[e, r] = [0 if a == 0 else first[l] + a - 1 for l, a in zip(others, actions)]
            for t, bits in enumerate(product((0, 1), repeat=mixers)):
                cell, value = [0] * mixers, 1.0
                cell[i], value = (m, value) if bits[i] == 0 else (0, -value)
                for l, a in zip(others, actions):
                    if bits[l] == 1 and a == 0:
                        value = 0.0
                    cell[l], value = (a, value) if bits[l] == 0 else (0, -value)
                position[e, r, t] = np.ravel_multi_index(cell, sizes)
                sign[e, r, t] = value
    for array in (position, sign, idx, player):
        array.flags.writeable = False
    return position, player[:, None, None], sign, idx


def _polish(system: _System, x: np.ndarray, owner: np.ndarray, kernels: dict | None,
            arrays: tuple | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Newton on f itself from the endpoints; the points, f and its Jacobian there (max |f| when compiled)."""
    if kernels is not None:
        x, residual, fx = kernels["polish_endpoints"](np.ascontiguousarray(x), owner, arrays, 8)
        return x, residual[:, None], fx
    for _ in range(8):
        f, fx = system.target(x, owner)
        try:
            x = x - np.linalg.solve(fx, f[..., None])[..., 0]
        except np.linalg.LinAlgError:
            break
    f, fx = system.target(x, owner)
    return x, f, fx


def _relative_smallest_singular(matrices: np.ndarray) -> np.ndarray:
    """Smallest over largest singular value of each matrix (0 for a zero matrix)."""
    if not len(matrices):
        return np.zeros(0)
    finite = np.isfinite(matrices).all(axis=(1, 2))
    s = np.linalg.svd(np.where(finite[:, None, None], matrices, 0.0), compute_uv=False)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(s[:, 0] > 0, s[:, -1] / s[:, 0], 0.0)


def _track(H, x0: np.ndarray, max_steps: int) -> tuple[np.ndarray, np.ndarray]:
    """Euler–Newton tracking of all paths from t = 0 to 1 (batched); returns endpoints and states."""
    P = x0.shape[0]
    x, t = x0.copy(), np.zeros(P)
    step = np.full(P, 0.05)
    state = np.array(["active"] * P, dtype=object)
    streak = np.zeros(P, dtype=int)
    # Jacobians at the current points, kept from the last corrector step (a predictor needs no new evaluation)
    cached_hx = np.empty((P, x0.shape[1], x0.shape[1]), dtype=complex)
    cached_ht = np.empty((P, x0.shape[1]), dtype=complex)
    have = np.zeros(P, dtype=bool)
    for _ in range(max_steps):
        active = np.flatnonzero(state == "active")
        if active.size == 0:
            break
        missing = active[~have[active]]
        if missing.size:
            _, cached_hx[missing], cached_ht[missing] = H(x[missing], t[missing], missing)
            have[missing] = True
        xa, ta, ha = x[active], t[active], step[active]
        Hx, Ht = cached_hx[active], cached_ht[active]
        try:
            velocity = -np.linalg.solve(Hx, Ht[..., None])[..., 0]
        except np.linalg.LinAlgError:
            velocity = -np.stack([np.linalg.lstsq(a, b, rcond=None)[0] for a, b in zip(Hx, Ht)])
        t_new = np.minimum(ta + ha, 1.0)
        z = xa + (t_new - ta)[:, None] * velocity
        first = None
        for iteration in range(4):
            h, hx, ht = H(z, t_new, active)
            try:
                delta = np.linalg.solve(hx, h[..., None])[..., 0]
            except np.linalg.LinAlgError:
                delta = np.stack([np.linalg.lstsq(a, b, rcond=None)[0] for a, b in zip(hx, h)])
            size = np.abs(delta).max(axis=1) / (1.0 + np.abs(z).max(axis=1))
            z = z - delta
            if iteration == 0:
                first = size
            if iteration >= 1 and np.all(~np.isfinite(size) | (size <= 1e-11) | (first > 0.1)):
                break  # every row has converged (or is rejected anyway)
        ok = np.isfinite(size) & (first <= 0.1) & (size <= 1e-9 + 1e-3 * first)
        accepted, rejected = active[ok], active[~ok]
        x[accepted], t[accepted] = z[ok], t_new[ok]
        cached_hx[accepted], cached_ht[accepted] = hx[ok], ht[ok]  # at the last iterate: within 1e-9
        streak[accepted] += 1
        grow = accepted[streak[accepted] >= 2]
        step[grow] = np.minimum(step[grow] * 2.0, 0.25)
        streak[grow] = 0
        step[rejected] *= 0.5
        streak[rejected] = 0
        state[accepted[t[accepted] >= 1.0]] = "finished"
        state[active[np.abs(x[active]).max(axis=1) > 1e6]] = "diverged"
        # a path whose step underflows is diverging to infinity if already large, else it failed
        tiny = active[step[active] < 1e-13]
        state[tiny[np.abs(x[tiny]).max(axis=1) > 1e4]] = "diverged"
        state[tiny[np.abs(x[tiny]).max(axis=1) <= 1e4]] = "failed"
    state[state == "active"] = "failed"
    return x, state
