r"""Following the principal branch of the logit QRE correspondence, for :mod:`coordgame.solvers.logit`.

:class:`_QRESystem` is the system :math:`H(x, \lambda) = 0` in log-probabilities with its analytic
Jacobian; :func:`_trace` follows its solution curve from the centroid by predictor–corrector
continuation with arc-length steps (the method is described in :mod:`coordgame.solvers.logit`).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from coordgame.solvers._multilinear import MultilinearGame


class _QRESystem:
    """H(x, lam) and its analytic Jacobian for a game (see the module docstring)."""

    def __init__(self, mg: MultilinearGame) -> None:
        self.mg = mg
        self.first = mg.offsets[:-1]  # row of each player's normalisation equation
        self.base = mg.offsets[mg.owner]  # index of the reference action of each row's player
        self.diff = np.eye(mg.size)
        self.diff[np.arange(mg.size), self.base] -= 1.0
        self.diff[self.first] = 0.0
        self.own = (mg.owner[:, None] == mg.owner[None, :]).astype(float)[self.first]

    def evaluate(self, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Residual (size,) and Jacobian (size, size + 1) at y = (x, lam)."""
        x, lam = y[:-1], y[-1]
        sigma = np.exp(x)
        M = self.mg.value_jacobian(sigma)
        v = self.mg.values_from_jacobian(M, sigma)
        h = (x - x[self.base]) - lam * (v - v[self.base])
        h[self.first] = np.bincount(self.mg.owner, weights=sigma) - 1.0
        jac = np.empty((self.mg.size, self.mg.size + 1))
        jac[:, :-1] = self.diff - lam * (M - M[self.base]) * sigma
        jac[:, -1] = -(v - v[self.base])
        jac[self.first, :-1] = self.own * sigma
        jac[self.first, -1] = 0.0
        return h, jac


def _newton_direction(jac: np.ndarray, h: np.ndarray, tangent: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Newton step and unit tangent of the (m, m+1) Jacobian, from the augmented square system.

    With the rows of ``jac`` completed by a previous tangent ``t`` (Allgower & Georg 1990,
    ch. 2-3), ``[J; t] d = [h; 0]`` gives the Newton step orthogonal to ``t`` and
    ``[J; t] s = [0; 1]`` a tangent of the curve; one LU factorisation serves both.
    """
    m = jac.shape[0]
    square = np.empty((m + 1, m + 1))
    square[:m] = jac
    square[m] = tangent
    rhs = np.zeros((m + 1, 2))
    rhs[:m, 0] = h
    rhs[m, 1] = 1.0
    solution = np.linalg.solve(square, rhs)
    new_tangent = solution[:, 1] / np.linalg.norm(solution[:, 1])
    return solution[:, 0], new_tangent


def _initial_tangent(jac: np.ndarray) -> np.ndarray:
    """Unit null vector of the (m, m+1) Jacobian with increasing lambda (from a full QR)."""
    q = np.linalg.qr(jac.T, mode="complete")[0]
    tangent = q[:, -1]
    return tangent * (np.sign(tangent[-1]) or 1.0)


def _trace(
    system: _QRESystem, *, first_step: float, max_accel: float, max_steps: int, corrector_tol: float
) -> Iterator[tuple[np.ndarray, str, bool]]:
    """Yield the accepted points (x, lam) of the principal branch, a message saying why the tracing
    ended (empty until then), and whether a bifurcation point was crossed since the last point."""
    mg = system.mg
    y = np.append(-np.log(np.asarray(mg.num_actions, dtype=float))[mg.owner], 0.0)
    jac = system.evaluate(y)[1]
    tangent = _initial_tangent(jac)
    orientation = float(np.sign(np.linalg.det(np.vstack([jac, tangent]))))
    yield y, "", False
    step = first_step
    for _ in range(max_steps):
        y_new, t_new, curvature, sign = _corrected_step(system, y, tangent, step, corrector_tol)
        # curvature estimates kappa * step; aim at CURVATURE_TARGET, grow by at most max_accel.
        factor = min(max_accel, CURVATURE_TARGET / max(curvature, 1e-12))
        if y_new is None:
            step *= min(0.5, factor)
            if step < 1e-12:
                yield y, "the step size underflowed (a bifurcation or a singular point on the branch)", False
                return
            continue
        y, tangent = y_new, t_new
        step *= max(factor, 0.5)
        crossed = sign * orientation < 0
        orientation = sign or orientation
        yield y, "", crossed
    yield y, f"max_steps={max_steps} reached", False


#: Target of the per-step turning of the curve (radians, and first correction / step length):
#: small enough that the corrector cannot jump to a neighbouring branch of the QRE correspondence.
CURVATURE_TARGET = 0.05
#: A step whose turning exceeds REJECT_FACTOR * CURVATURE_TARGET is retried shorter.
REJECT_FACTOR = 3.0


def _corrected_step(
    system: _QRESystem, y: np.ndarray, tangent: np.ndarray, step: float, corrector_tol: float
) -> tuple[np.ndarray | None, np.ndarray, float, float]:
    """Euler predictor of arc length ``step`` and Newton corrections back onto the curve.

    Returns the new point (``None`` when rejected), its tangent, an estimate of
    ``curvature * step`` (the larger of the first correction relative to the step and the angle
    between the tangents), and the sign of the orientation determinant ``det [J; t]`` at the new
    point (0 when rejected): it changes sign exactly when the path crosses a simple bifurcation
    point (Allgower & Georg 1990, ch. 8).  A step is rejected when the curvature estimate exceeds
    ``REJECT_FACTOR`` times the target or the corrector contracts slowly: either means the step
    was too long to stay on one branch.
    """
    z = y + step * tangent
    previous, first = np.inf, None
    for _ in range(8):
        h, jac = system.evaluate(z)
        try:
            delta, t_new = _newton_direction(jac, h, tangent)
        except np.linalg.LinAlgError:
            return None, tangent, REJECT_FACTOR * CURVATURE_TARGET, 0.0
        size = np.abs(delta).max()
        first = size / step if first is None else first
        if not np.isfinite(size) or size > 0.3 * previous or first > REJECT_FACTOR * CURVATURE_TARGET:
            return None, tangent, max(first, REJECT_FACTOR * CURVATURE_TARGET), 0.0
        z = z - delta
        previous = size
        if size <= corrector_tol * max(1.0, np.abs(z).max()):
            # The last correction was negligible, so the tangent at the previous iterate is the
            # tangent at z to within corrector_tol: no further factorisation is needed.
            t_new *= np.sign(t_new @ tangent) or 1.0
            angle = float(np.arccos(min(1.0, t_new @ tangent)))
            curvature = max(first, angle)
            if curvature > REJECT_FACTOR * CURVATURE_TARGET:
                return None, tangent, curvature, 0.0
            orientation = float(np.sign(np.linalg.det(np.vstack([jac, t_new]))))
            return z, t_new, curvature, orientation
    return None, tangent, REJECT_FACTOR * CURVATURE_TARGET, 0.0
