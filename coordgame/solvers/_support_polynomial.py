r"""The polynomial kinds of the batched complete N-player support enumeration (private).

Solvers for the support profiles where three or four players mix on small supports, used by
:mod:`coordgame.solvers._support_complete` (whose docstring states the mathematics): every
support profile of a size profile at once, by a polynomial in one variable.

* :func:`two_k_k`: three mixers on supports of sizes :math:`2 \times k \times k`,
  :math:`p(x) = N_b(x)^\top \Delta U_a N_c(x)` of degree :math:`2(k - 1)` by Cramer's rule;
* :func:`two_two_three`: sizes :math:`2 \times 2 \times 3`, :math:`p(x) = \alpha_1 \beta_2 -
  \alpha_2 \beta_1` of degree 2;
* :func:`four_binary`: four binary mixers, a Sylvester resultant of degree 13.

Polynomials are sampled at Chebyshev points of :math:`[0, 1]` (batched determinants) and rooted
by companion or colleague eigenvalues (one stacked call).  Each solver returns the support
profile (row) of every candidate, the candidate's strategies in role order, and the rows left to
the one-at-a-time path (a vanishing polynomial, a negligible leading coefficient, an
ill-conditioned linear system at a root).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

__all__ = ["bordered", "solve_bordered", "solve_regular", "real_roots", "two_k_k", "two_two_three", "four_binary"]

#: Linear systems with a larger condition number are left to the one-at-a-time path.
MAX_CONDITION = 1e9
#: Roots with a larger imaginary part are complex (candidates are polished and screened afterwards).
IMAGINARY = 1e-6
#: A polynomial whose leading coefficient is below this (relative to its largest) is left over.
NEGLIGIBLE = 1e-9


def bordered(table: np.ndarray) -> np.ndarray:
    """``[T, -1; 1, 0]`` for a stack of tables T (..., k, m)."""
    k, m = table.shape[-2:]
    out = np.zeros((*table.shape[:-2], k + 1, m + 1))
    out[..., :k, :m] = table
    out[..., :k, m] = -1.0
    out[..., k, :m] = 1.0
    return out

def solve_regular(systems: np.ndarray, rhs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Solutions of the stacked square systems and which of them are well-conditioned.

    Conditioning is judged by the Hadamard ratio |det A| / prod_r ||A_r|| (1 for orthogonal rows,
    0 for a singular matrix): a cheap stand-in for the condition number on these tiny systems.
    """
    with np.errstate(invalid="ignore", over="ignore"):
        ratio = np.abs(np.linalg.det(systems)) / np.prod(np.linalg.norm(systems, axis=-1), axis=-1)
    regular = np.isfinite(ratio) & (ratio >= 1.0 / MAX_CONDITION)
    solution = np.full(rhs.shape, np.nan)
    if regular.any():
        solution[regular] = np.linalg.solve(systems[regular], rhs[regular][..., None])[..., 0]
    return solution, regular

def solve_bordered(tables: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`solve_regular` of the bordered systems ``[T, -1; 1, 0] (sigma, w) = e_last`` of tables T (..., k, k).

    For 2 x 2 tables ``T = [[a, b], [c, d]]`` in closed form: ``sigma = (d - b, a - c) / D`` with
    ``D = a - b - c + d`` and ``w = a sigma_1 + b sigma_2``, with the same conditioning test (one
    call to a batched LAPACK routine costs more than these few products on small stacks).
    """
    if tables.shape[-1] != 2:
        rhs = np.zeros((*tables.shape[:-2], tables.shape[-1] + 1))
        rhs[..., -1] = 1.0
        return solve_regular(bordered(tables), rhs)
    a, b, c, d = tables[..., 0, 0], tables[..., 0, 1], tables[..., 1, 0], tables[..., 1, 1]
    determinant = a - b - c + d
    norms = np.sqrt((a * a + b * b + 1.0) * (c * c + d * d + 1.0) * 2.0)  # the bordered rows' norms
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        regular = np.isfinite(norms) & (np.abs(determinant) >= norms / MAX_CONDITION)
        solution = np.empty((*tables.shape[:-2], 3))
        solution[..., 0], solution[..., 1] = (d - b) / determinant, (a - c) / determinant
        solution[..., 2] = a * solution[..., 0] + b * solution[..., 1]
    solution[~regular] = np.nan
    return solution, regular


def _simplex_pair(x: np.ndarray) -> np.ndarray:
    """``(1 - x, x)`` along a new last axis (two array operations rather than a stack)."""
    return x[..., None] * _SIGNS + _BASE


_SIGNS, _BASE = np.array([-1.0, 1.0]), np.array([1.0, 0.0])


@lru_cache(maxsize=8)
def _interpolation(degree: int) -> tuple[np.ndarray, np.ndarray]:
    """Chebyshev points y of [-1, 1] (x = (1 + y) / 2) and the inverse of their Vandermonde matrix."""
    y = np.cos(np.pi * (2 * np.arange(degree + 1) + 1) / (2 * degree + 2))
    inverse = np.linalg.inv(np.vander(y, increasing=True))
    for array in (y, inverse):
        array.flags.writeable = False
    return y, inverse


def real_roots(values: np.ndarray, scale: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Real roots x in [0, 1] of the polynomials sampled at the Chebyshev points.

    Returns (row of each root, the root, rows left over: zero polynomial or negligible leading
    coefficient).
    """
    degree = values.shape[1] - 1
    _, inverse = _interpolation(degree)
    coefficients = values @ inverse.T  # increasing powers of y
    largest = np.abs(coefficients).max(axis=1)
    regular = (np.abs(values).max(axis=1) > 1e-12 * scale) & (np.abs(coefficients[:, -1]) > NEGLIGIBLE * largest)
    good = np.flatnonzero(regular)
    if degree == 0 or not good.size:
        return np.zeros(0, int), np.zeros(0), np.flatnonzero(~regular)
    monic = coefficients[good, :-1] / coefficients[good, -1:]
    if degree == 2:  # the companion matrix's eigenvalues in closed form (one eigvals call costs more)
        real_part, imaginary = _quadratic_roots(monic[:, 1], monic[:, 0])
    else:
        roots = _companion_roots(monic)
        real_part, imaginary = roots.real, roots.imag
    real = (np.abs(imaginary) <= IMAGINARY * (1.0 + np.hypot(real_part, imaginary))) & (
        np.abs(real_part) <= 1.0 + 1e-6)
    owner, which = np.nonzero(real)
    x = (1.0 + real_part[owner, which]) / 2.0
    return good[owner], np.clip(x, 0.0, 1.0), np.flatnonzero(~regular)


def _quadratic_roots(b: np.ndarray, c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Real and imaginary parts of both roots of y^2 + b y + c, each of shape (rows, 2)."""
    discriminant = b * b - 4.0 * c
    root = np.sqrt(np.abs(discriminant))
    # real roots: q = -(b + sign(b) root) / 2 adds numbers of one sign (no cancellation); roots q and c / q
    q = -0.5 * (b + np.copysign(root, b))
    other = np.divide(c, q, out=np.zeros_like(q), where=q != 0)
    complex_pair = discriminant < 0  # then -b / 2 +- i root / 2
    real_part = np.where(complex_pair[:, None], (-0.5 * b)[:, None], np.stack([q, other], axis=1))
    imaginary = np.where(complex_pair[:, None], np.stack([0.5 * root, -0.5 * root], axis=1), 0.0)
    return real_part, imaginary


def _companion_roots(monic: np.ndarray) -> np.ndarray:
    """Eigenvalues of the companion matrices of the monic polynomials (lower coefficients ``monic``)."""
    degree = monic.shape[1]
    companion = np.zeros((len(monic), degree, degree))
    companion[:, 1:, :-1] = np.eye(degree - 1)
    companion[:, :, -1] = -monic
    return np.linalg.eigvals(companion)

def _cramer(tables: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Numerators (det with column m replaced by e_last, m < k) and determinants of the bordered
    systems of tables T (..., k, k) (see :func:`bordered`)."""
    if tables.shape[-1] == 2:  # T = [[a, b], [c, d]]: numerators (d - b, a - c), determinant a - b - c + d
        a, b, c, d = tables[..., 0, 0], tables[..., 0, 1], tables[..., 1, 0], tables[..., 1, 1]
        numerators = np.empty(tables.shape[:-1])
        numerators[..., 0], numerators[..., 1] = d - b, a - c
        return numerators, a - b - c + d
    systems = bordered(tables)
    size = systems.shape[-1]
    stacked = np.repeat(systems[..., None, :, :], size, axis=-3)
    for m in range(size - 1):
        stacked[..., m, :, m] = 0.0
        stacked[..., m, -1, m] = 1.0
    dets = np.linalg.det(stacked)
    return dets[..., :-1], dets[..., -1]


def _weighted(at: np.ndarray, table: np.ndarray, transpose: bool) -> np.ndarray:
    """Tables of a player whose values are mixed over ``sigma_a = (1 - x, x)``.

    ``at`` (rows, points) holds x, ``table`` (rows, 2, k_b, k_c) the player's payoffs; the
    result is T[b, c] (rows: b's actions) or, with ``transpose``, T[c, b].
    """
    mixed = np.einsum("rms,rsbc->rmbc", _simplex_pair(at), table)
    return mixed.swapaxes(-2, -1) if transpose else mixed


def two_k_k(u_a: np.ndarray, u_b: np.ndarray, u_c: np.ndarray) -> tuple[np.ndarray, list[np.ndarray], np.ndarray]:
    """Roots of p(x) = N_b(x)' dU_a N_c(x); the three strategies at each; rows left over."""
    rows, k = u_b.shape[0], u_b.shape[2]
    y, _ = _interpolation(2 * (k - 1))
    x = np.broadcast_to((1.0 + y) / 2.0, (rows, y.size))
    numerator_c, _ = _cramer(_weighted(x, u_b, False))  # sigma_c = numerator_c / det_b
    numerator_b, _ = _cramer(_weighted(x, u_c, True))
    gain = u_a[:, 1] - u_a[:, 0]  # player a's payoff gain of its second action, (rows, b, c)
    values = np.einsum("rnb,rbc,rnc->rn", numerator_b, gain, numerator_c)
    scale = np.einsum("rnb,rbc,rnc->rn", np.abs(numerator_b), np.abs(gain), np.abs(numerator_c)).max(axis=1)
    owner, roots, left = real_roots(values, scale)
    tables = np.concatenate([_weighted(roots[:, None], u_b[owner], False)[:, 0],
                             _weighted(roots[:, None], u_c[owner], True)[:, 0]])
    solved, regular = solve_bordered(tables)
    ok = regular[: roots.size] & regular[roots.size :]
    left = np.concatenate([left, owner[~ok]])
    sigma_c, sigma_b, x_ok = solved[: roots.size][ok, :k], solved[roots.size :][ok, :k], roots[ok]
    return owner[ok], [_simplex_pair(x_ok), sigma_b, sigma_c], left


def two_two_three(u_a: np.ndarray, u_b: np.ndarray,
                   u_c: np.ndarray) -> tuple[np.ndarray, list[np.ndarray], np.ndarray]:
    """Roots of p(x) = alpha_1 beta_2 - alpha_2 beta_1 (c's two equalities); y and sigma_c at each."""
    rows = u_a.shape[0]
    gain_c = u_c[..., 1:] - u_c[..., :1]  # (rows, a, b, m): c's equalities m = 1, 2

    def alpha_beta(at: np.ndarray, gains: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        weights = _simplex_pair(at)
        mixed = np.einsum("rns,rsbm->rnbm", weights, gains)  # (rows, points, b, m)
        return mixed[..., 0, :], mixed[..., 1, :] - mixed[..., 0, :]

    y_nodes, _ = _interpolation(2)
    alpha, beta = alpha_beta(np.broadcast_to((1.0 + y_nodes) / 2.0, (rows, 3)), gain_c)
    values = alpha[..., 0] * beta[..., 1] - alpha[..., 1] * beta[..., 0]
    scale = (np.abs(alpha[..., 0] * beta[..., 1]) + np.abs(alpha[..., 1] * beta[..., 0])).max(axis=1)
    owner, x, left = real_roots(values, scale)
    alpha, beta = (v[:, 0] for v in alpha_beta(x[:, None], gain_c[owner]))
    weight = (beta**2).sum(axis=1)
    steep = weight > 1e-12 * (1.0 + (alpha**2).sum(axis=1))
    y = -np.where(steep, (alpha * beta).sum(axis=1) / np.where(steep, weight, 1.0), 0.0)
    sigma_a, sigma_b = _simplex_pair(x), _simplex_pair(y)
    # sigma_c: a's and b's equalities and the sum, a 3 x 3 system
    system = np.ones((x.size, 3, 3))
    system[:, 0] = np.einsum("rb,rbc->rc", sigma_b, u_a[owner, 1] - u_a[owner, 0])
    system[:, 1] = np.einsum("ra,rac->rc", sigma_a, u_b[owner, :, 1] - u_b[owner, :, 0])
    rhs = np.zeros((x.size, 3))
    rhs[:, 2] = 1.0
    sigma_c, regular = solve_regular(system, rhs)
    ok = steep & regular
    left = np.concatenate([left, owner[~ok]])
    return owner[ok], [sigma_a[ok], sigma_b[ok], sigma_c[ok]], left


#: Degree in x_1 of the resultant of the four-binary-mixer kind (module docstring).
RESULTANT_DEGREE = 13


@lru_cache(maxsize=4)
def _colleague_frame(degree: int) -> tuple[np.ndarray, np.ndarray]:
    """The constant part and last-column scale of the colleague matrix (Chebyshev companion)."""
    frame = np.zeros((degree, degree))
    frame[np.arange(degree - 1), np.arange(1, degree)] = 0.5
    frame[np.arange(1, degree), np.arange(degree - 1)] = 0.5
    frame[0, 1] = frame[1, 0] = np.sqrt(0.5)
    scale = np.array([1.0] + [np.sqrt(0.5)] * (degree - 1))
    return frame, scale / scale[-1] * 0.5


@lru_cache(maxsize=4)
def _cosine_basis(count: int) -> np.ndarray:
    """The discrete cosine sums taking values at ``count`` Chebyshev points to Chebyshev coefficients."""
    angles = np.pi * (2 * np.arange(count) + 1) / (2 * count)
    basis = np.cos(np.outer(np.arange(count), angles)) * (2.0 / count)
    basis[0] /= 2.0
    basis.flags.writeable = False
    return basis


def _chebyshev_roots(values: np.ndarray, scale: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Real roots in [0, 1] of polynomials of degree ``values.shape[1] - 1`` sampled at Chebyshev points.

    The Chebyshev series comes from the discrete cosine sums, the roots from the colleague matrix
    (better conditioned than the monomial companion at this degree).  Returns (row of each root, the
    root, rows left over: a zero polynomial or a negligible leading coefficient).
    """
    count = values.shape[1]
    degree = count - 1
    series = values @ _cosine_basis(count).T
    largest = np.abs(series).max(axis=1)
    regular = (np.abs(values).max(axis=1) > 1e-12 * scale) & (np.abs(series[:, -1]) > NEGLIGIBLE * largest)
    good = np.flatnonzero(regular)
    frame, column = _colleague_frame(degree)
    matrices = np.broadcast_to(frame, (good.size, degree, degree)).copy()
    matrices[:, :, -1] -= series[good, :-1] / series[good, -1:] * column
    roots = np.linalg.eigvals(matrices) if good.size else np.zeros((0, degree), complex)
    real = (np.abs(roots.imag) <= IMAGINARY * (1.0 + np.abs(roots))) & (np.abs(roots.real) <= 1.0 + 1e-6)
    owner, which = np.nonzero(real)
    return good[owner], np.clip((1.0 + roots[owner, which].real) / 2.0, 0.0, 1.0), np.flatnonzero(~regular)


def _binary_pair(u: list[np.ndarray], x1: np.ndarray, x2: np.ndarray) -> tuple[np.ndarray, ...]:
    """For four binary mixers at (x_1, x_2): p, q and the Cramer numerators and determinants of
    sigma_3 (from player 4's equality) and sigma_4 (from player 3's); see :func:`four_binary`.

    ``u`` holds the four players' payoffs (rows, 2, 2, 2, 2); ``x1`` and ``x2`` are (rows, points).
    """
    rows, points = x1.shape
    s1, s2 = _simplex_pair(x1), _simplex_pair(x2)
    weights = (s1[..., :, None] * s2[..., None, :]).reshape(rows, points, 4)  # sigma_1 x sigma_2
    table_3 = (weights @ u[2].reshape(rows, 4, 4)).reshape(rows, points, 2, 2)  # player 3: rows c, columns d
    table_4 = (weights @ u[3].reshape(rows, 4, 4)).reshape(rows, points, 2, 2).swapaxes(-2, -1)
    numerator_4, det_3 = _cramer(table_3)
    numerator_3, det_4 = _cramer(table_4)
    gain_2 = (s1 @ (u[1][:, :, 1] - u[1][:, :, 0]).reshape(rows, 2, 4)).reshape(rows, points, 2, 2)
    pairs = (numerator_3[..., :, None] * numerator_4[..., None, :]).reshape(rows, points, 4)
    p = (pairs * gain_2.reshape(rows, points, 4)).sum(axis=-1)
    gain_1 = (u[0][:, 1] - u[0][:, 0]).reshape(rows, 2, 4)  # (b, cd)
    q = (s2 @ gain_1 * pairs).sum(axis=-1)
    scale = np.abs(pairs).sum(axis=-1)
    return p, q, scale, numerator_3, det_4, numerator_4, det_3


@lru_cache(maxsize=1)
def _binary_nodes() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Chebyshev points y_2 (4: cubic in y_2), the inverse of their Vandermonde matrix, and x_1's points."""
    nodes = np.cos(np.pi * (2 * np.arange(4) + 1) / 8)
    count = RESULTANT_DEGREE + 1
    y1 = np.cos(np.pi * (2 * np.arange(count) + 1) / (2 * count))
    out = (nodes, np.linalg.inv(np.vander(nodes, increasing=True)), y1)
    for array in out:
        array.flags.writeable = False
    return out


def four_binary(*u: np.ndarray) -> tuple[np.ndarray, list[np.ndarray], np.ndarray]:
    r"""Four mixers on binary supports: a resultant in :math:`x_1`, then :math:`x_2`, then the rest.

    Given :math:`(x_1, x_2)`, players 3 and 4's equalities are linear in :math:`\sigma_4` and
    :math:`\sigma_3` (Cramer numerators :math:`N_4, N_3` over determinants :math:`D_3, D_4`), and
    players 2 and 1's equalities become :math:`p = N_3^\top \Delta U_2(x_1) N_4` (degree 2 in
    :math:`x_2`) and :math:`q = \sum \sigma_2 N_3 N_4 \Delta U_1` (degree 3).  Their Sylvester
    resultant in :math:`x_2` has degree 13 in :math:`x_1` (the 9 solutions of the Bézout bound
    and 4 spurious ones, screened out below).
    """
    rows = u[0].shape[0]
    nodes, inverse, y1 = _binary_nodes()  # inverse: values at 4 points -> cubic in y_2
    count = y1.size
    x1 = np.broadcast_to(((1.0 + y1) / 2.0)[:, None], (rows, count, 4)).reshape(rows, -1)
    x2 = np.broadcast_to(((1.0 + nodes) / 2.0)[None, :], (rows, count, 4)).reshape(rows, -1)
    p, q = (v.reshape(rows, count, 4) for v in _binary_pair(u, x1, x2)[:2])
    p_series, q_series = p @ inverse.T, q @ inverse.T  # increasing powers of y_2; p's cubic term is rounding
    sylvester = np.zeros((rows, count, 5, 5))
    for shift in range(3):
        sylvester[..., shift, shift : shift + 3] = p_series[..., 2::-1]
    for shift in range(2):
        sylvester[..., 3 + shift, shift : shift + 4] = q_series[..., ::-1]
    resultant = np.linalg.det(sylvester)
    size = (np.abs(p_series).max(axis=-1) ** 2 * np.abs(q_series).max(axis=-1) ** 2).max(axis=1)
    owner, roots, left = _chebyshev_roots(resultant, size)
    # x_2: the real roots of p(x_1, .), a quadratic in y_2, where q vanishes too
    p_at = _binary_pair([t[owner] for t in u], np.broadcast_to(roots[:, None], (roots.size, 4)),
                                        np.broadcast_to((1.0 + nodes) / 2.0, (roots.size, 4)))[0]
    quadratic = (p_at @ inverse.T)[:, :3]
    steep = np.abs(quadratic[:, 2]) > NEGLIGIBLE * np.abs(quadratic).max(axis=1)
    left = np.concatenate([left, owner[~steep]])
    owner, roots, quadratic = owner[steep], roots[steep], quadratic[steep]
    discriminant = quadratic[:, 1] ** 2 - 4 * quadratic[:, 2] * quadratic[:, 0]
    root = np.sqrt(np.abs(discriminant))
    y2 = np.concatenate([(-quadratic[:, 1] + root) / (2 * quadratic[:, 2]),
                         (-quadratic[:, 1] - root) / (2 * quadratic[:, 2])])
    owner, x1_at = np.concatenate([owner, owner]), np.concatenate([roots, roots])
    close = np.concatenate([discriminant, discriminant]) >= -1e-6 * np.concatenate([root, root]) ** 2 - 1e-12
    keep = close & (np.abs(y2) <= 1.0 + 1e-6)
    owner, x1_at, x2_at = owner[keep], x1_at[keep], np.clip((1.0 + y2[keep]) / 2.0, 0.0, 1.0)
    _, q_value, scale_value, numerator_3, det_4, numerator_4, det_3 = (v[:, 0] for v in _binary_pair(
        [t[owner] for t in u], x1_at[:, None], x2_at[:, None]))
    common = np.abs(q_value) <= 1e-6 * np.maximum(scale_value, 1e-300)  # a root of p that is no root of q: spurious
    regular = (np.abs(det_3) > 1e-9 * np.abs(numerator_4).sum(axis=-1)) & (
        np.abs(det_4) > 1e-9 * np.abs(numerator_3).sum(axis=-1))
    left = np.concatenate([left, owner[common & ~regular]])
    ok = common & regular
    x1_ok, x2_ok = x1_at[ok], x2_at[ok]
    blocks = [_simplex_pair(x1_ok), _simplex_pair(x2_ok),
              numerator_3[ok] / det_4[ok, None], numerator_4[ok] / det_3[ok, None]]
    return owner[ok], blocks, left
