r"""Logit quantal response equilibria and the logit solution of N-player games.

A logit quantal response equilibrium (QRE) at precision :math:`\lambda \ge 0` (McKelvey &
Palfrey 1995, "Quantal response equilibria for normal form games", *GEB* 10) is a profile with

.. math:: \sigma_{i,a} = \frac{\exp(\lambda v_{i,a}(\sigma_{-i}))}{\sum_b \exp(\lambda v_{i,b}(\sigma_{-i}))}
          \quad \text{for every player } i \text{ and action } a .

In log-probabilities :math:`x_{i,a} = \log \sigma_{i,a}` this is the system
:math:`H(x, \lambda) = 0` of :math:`\sum_i n_i` equations

.. math:: x_{i,a} - x_{i,0} - \lambda\,(v_{i,a} - v_{i,0}) = 0 \ (a \ge 1), \qquad
          \sum_a e^{x_{i,a}} - 1 = 0 ,

whose Jacobian is analytic: with :math:`M = \partial v / \partial \sigma` (see
:mod:`coordgame.solvers._multilinear`) the :math:`x`-derivative of the first rows is
:math:`E - \lambda\,(M_{ia,\cdot} - M_{i0,\cdot})\,\mathrm{diag}(\sigma)` and the
:math:`\lambda`-derivative is :math:`-(v_{i,a} - v_{i,0})`.  Working in log-probabilities keeps
the problem well scaled when probabilities become tiny.

At :math:`\lambda = 0` the unique solution is the centroid.  For generic games the solutions
containing it form a smooth curve, the *principal branch*, along which :math:`\lambda \to \infty`
and which converges to a Nash equilibrium: the *logit solution* (McKelvey & Palfrey 1995), a
selection that is unique for generic games.  :func:`logit_path` follows it by
predictor–corrector continuation in :math:`(x, \lambda)` with arc-length steps (Allgower & Georg,
*Introduction to Numerical Continuation Methods*; for the QRE correspondence Turocy 2005, "A
dynamic homotopy interpretation of the logistic quantal response equilibrium correspondence",
*GEB* 51): an Euler predictor along the tangent (the null vector of the Jacobian) and Newton
corrections orthogonal to it, both from one LU factorisation of the Jacobian augmented by the
previous tangent.  Step lengths adapt to the curve's turning (a few degrees per step) so that
the corrector stays on its branch of the QRE correspondence.  The curve may turn back in
:math:`\lambda`; arc-length parametrisation follows it through such folds.

The limit is not read off the path: once :math:`\lambda` is large the support suggested by the
path is fixed, the indifference system on that support is solved by Newton's method, and the
result is accepted only if it lies within ``LIMIT_DISTANCE`` (1e-3, max-norm) of the path's
last point and passes :func:`coordgame.verify` (largest regret reported).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from coordgame._arguments import check_options, checked_arguments, keyword_names
from coordgame._checks import positive_float, positive_int
from coordgame.equilibrium import Equilibrium, EquilibriumSet, verify
from coordgame.errors import ConvergenceError, InvalidProfileError, VerificationError
from coordgame.games.normal_form import NormalFormGame, as_game
from coordgame.results import Result, Verification
from coordgame.solvers._indifference import solve_indifference
from coordgame.solvers._logit_continuation import CURVATURE_TARGET as CURVATURE_TARGET  # re-exported
from coordgame.solvers._logit_continuation import REJECT_FACTOR as REJECT_FACTOR  # re-exported
from coordgame.solvers._logit_continuation import _QRESystem, _trace
from coordgame.solvers._multilinear import MultilinearGame
from coordgame.tolerances import DEFAULT_TOL, check_tolerance, normalized_payoffs

__all__ = ["LogitQRE", "LogitPath", "logit_qre", "logit_path", "logit_solve", "logit_equilibria"]

#: A refined limit must lie this close (max-norm) to the path's last point to be accepted as its limit.
LIMIT_DISTANCE = 1e-3
#: Probabilities below this on the path are taken to be off the limit's support.
SUPPORT_THRESHOLD = 1e-6


@dataclass(frozen=True, eq=False, repr=False)
class LogitQRE(Result):
    """A logit quantal response equilibrium.

    Attributes
    ----------
    lam : float
        The precision.
    strategies : tuple of ndarray
        Each player's choice probabilities.
    residual : float
        Largest absolute residual of the log-probability fixed-point equations.
    tol : float, optional
        The absolute tolerance ``residual`` was solved to.

    Examples
    --------
    >>> import coordgame as cg
    >>> qre = cg.solvers.logit_qre(cg.games.stag_hunt(), 0.0)  # lambda = 0: uniform play
    >>> qre.lam, [s.round(6).tolist() for s in qre.strategies], bool(qre.residual <= qre.tol)
    (0.0, [[0.5, 0.5], [0.5, 0.5]], True)
    """

    lam: float
    strategies: tuple[np.ndarray, ...]
    residual: float
    tol: float | None = None

    _verified_by = ("fixed-point residual", "residual", "tol", None)
    method = "logit_qre"


@dataclass(frozen=True, eq=False, repr=False)
class LogitPath(Result):
    """The principal branch of logit QREs and its limit.

    Attributes
    ----------
    lambdas : ndarray, shape (steps,)
        Precision at each accepted point of the path (starts at 0; not necessarily monotone).
    profiles : tuple of ndarray
        For each player an array of shape ``(steps, n_i)``: its strategy at each point.
    equilibrium : Equilibrium or None
        The verified Nash equilibrium the branch converges to, or ``None`` when the limit could
        not be verified (then ``converged`` is False).
    converged : bool
    message : str
        Why the tracing stopped, and any bifurcation crossed.
    bifurcations : tuple of float
        Precisions near which the path crossed a bifurcation point of the QRE correspondence
        (detected by a sign change of the orientation determinant).  Generic games have none;
        symmetric games can (e.g. the battle of the sexes near 0.808), and there the branch is
        followed straight through, so other tracers may leave it onto a symmetry-breaking branch.

    Examples
    --------
    >>> import coordgame as cg
    >>> path = cg.solvers.logit_path(cg.games.stag_hunt())  # the tracing selects (Hare, Hare)
    >>> path.equilibrium.pure_profile, path.converged, float(path.lambdas[0])
    ((1, 1), True, 0.0)
    >>> path.profiles[0][0].tolist(), path.profiles[0][-1].round(6).tolist()  # player 0: uniform, then Hare
    ([0.5, 0.5], [0.0, 1.0])
    """

    lambdas: np.ndarray
    profiles: tuple[np.ndarray, ...]
    equilibrium: Equilibrium | None
    converged: bool
    message: str
    bifurcations: tuple[float, ...] = ()

    method = "logit_path"
    _dict_extras = ("regret",)

    @property
    def verification(self) -> Verification:
        """The limit equilibrium's regret check; failed (NaN) when no limit was verified."""
        if self.equilibrium is None:
            return Verification("regret", float("nan"), None, False)
        return self.equilibrium.verification

    @property
    def regret(self) -> float:
        """Largest regret of the limit equilibrium (``nan`` when it was not found)."""
        return float("nan") if self.equilibrium is None else self.equilibrium.regret


def _refined_limit(game: NormalFormGame, mg: MultilinearGame, sigma: np.ndarray, tol: float,
                   max_distance: float) -> Equilibrium | None:
    """The equilibrium on the support the path suggests, if it verifies and is close to the path."""
    supports = [np.flatnonzero(block >= SUPPORT_THRESHOLD) for block in mg.blocks(sigma)]
    # near the limit Newton converges in a few steps when the support is right; if not, give up early
    # ``mg`` holds the payoffs rescaled to [0, 1], so the relative tolerance is an absolute one there
    solutions = solve_indifference(mg, supports, sigma, residual_tol=1e-3 * tol, max_iter=8)
    if not len(solutions) or np.abs(solutions[0] - sigma).max() > max_distance:
        return None
    solved = solutions[0]
    try:
        return verify(game, mg.blocks(solved), method="logit", tol=tol)
    except VerificationError:
        return None


@checked_arguments
def logit_path(
    game: NormalFormGame,
    *,
    max_lambda: float = 1e7,
    tol: float = DEFAULT_TOL,
    max_steps: int = 2000,
    first_step: float = 0.03,
    max_accel: float = 1.5,
    corrector_tol: float = 1e-9,
) -> LogitPath:
    """Trace the principal branch of logit QREs from the centroid to its Nash-equilibrium limit.

    Parameters
    ----------
    game : NormalFormGame or array_like
        The game, or its payoffs: see :func:`coordgame.games.as_game`.
    max_lambda : float, default 1e7
        Stop tracing when the precision, relative to the payoff unit (``lam * game.payoff_range``),
        exceeds this value.
    tol : float, default 1e-9
        Relative regret tolerance of the limit equilibrium (see :func:`coordgame.verify`).
    max_steps : int, default 2000
        Largest number of predictor–corrector steps (accepted or rejected).
    first_step : float, default 0.03
        Initial arc length of a step.
    max_accel : float, default 1.5
        Factor by which a step grows after a corrector that converged in at most two iterations.
    corrector_tol : float, default 1e-9
        Newton corrections stop when the step is below ``corrector_tol * max(1, |y|)``.

    Returns
    -------
    LogitPath
        ``converged`` is False (and ``equilibrium`` None) when the limit could not be verified;
        ``message`` then says why.

    Examples
    --------
    >>> import coordgame as cg
    >>> path = cg.solvers.logit_path(cg.games.stag_hunt())
    >>> path.equilibrium.pure_profile, path.converged
    ((1, 1), True)
    >>> float(path.lambdas[0]), bool(path.lambdas[-1] > 10)
    (0.0, True)
    """
    game = as_game(game)
    max_lambda = positive_float(max_lambda, "max_lambda")
    tol = check_tolerance(tol, "tol", positive=True)
    max_steps = positive_int(max_steps, "max_steps")
    first_step = positive_float(first_step, "first_step")
    max_accel = positive_float(max_accel, "max_accel")
    corrector_tol = check_tolerance(corrector_tol, "corrector_tol", positive=True)
    # The branch is traced for the payoffs rescaled to [0, 1]: its precision lam * payoff_range is
    # unit-free, so step lengths, max_lambda and the refinement threshold mean the same at any unit.
    unit = game.payoff_range
    mg = MultilinearGame(normalized_payoffs(game.payoffs))
    points: list[np.ndarray] = []
    equilibrium, message = None, ""
    tracer = _trace(_QRESystem(mg), first_step=first_step, max_accel=max_accel, max_steps=max_steps,
                    corrector_tol=corrector_tol)
    support, tried_at = None, 0.0
    bifurcations: list[float] = []
    for y, message, crossed in tracer:
        if message:
            break
        if crossed:
            bifurcations.append(float(y[-1]) / unit)
        points.append(y)
        sigma = np.exp(y[:-1])
        # Refine once the branch is past its transient (lam * payoff_range large) and its support guess
        # is stable; retry the same support only after lam has doubled (the path is then closer).
        guess = tuple((sigma >= SUPPORT_THRESHOLD).tolist())
        if y[-1] >= 20.0 and guess == support and y[-1] >= 2.0 * tried_at:
            tried_at = y[-1]
            equilibrium = _refined_limit(game, mg, sigma, tol, LIMIT_DISTANCE)
            if equilibrium is not None:
                message = f"limit refined and verified at lambda={y[-1] / unit:.4g}"
                break
        if guess != support:
            support, tried_at = guess, 0.0
        if y[-1] > max_lambda:
            message = f"lambda * payoff_range exceeded max_lambda={max_lambda:g}"
            break
    if equilibrium is None:
        equilibrium = _refined_limit(game, mg, np.exp(points[-1][:-1]), tol, 10 * LIMIT_DISTANCE)
        if equilibrium is None:
            try:  # the path's last point itself may already be an equilibrium within tol
                equilibrium = verify(game, mg.blocks(np.exp(points[-1][:-1])), method="logit", tol=tol)
            except VerificationError:
                message += "; the limit could not be verified"
    trail = np.array(points)
    profiles = tuple(np.exp(trail[:, mg.offsets[i] : mg.offsets[i + 1]]) for i in range(mg.num_players))
    if bifurcations:
        message += ("; the branch crossed a bifurcation point near lambda = "
                    + ", ".join(f"{lam:.4g}" for lam in bifurcations)
                    + " (a non-generic game: the limit is that of the branch continued straight through)")
    return LogitPath(lambdas=trail[:, -1] / unit, profiles=profiles, equilibrium=equilibrium,
                     converged=equilibrium is not None, message=message, bifurcations=tuple(bifurcations))


def _newton_at_fixed_lambda(system: _QRESystem, x: np.ndarray, lam: float, tol: float, max_iter: int) -> np.ndarray:
    for _ in range(max_iter):
        h, jac = system.evaluate(np.append(x, lam))
        if np.abs(h).max() <= tol:
            return x
        try:
            x = x - np.linalg.solve(jac[:, :-1], h)
        except np.linalg.LinAlgError:
            break
        if not np.all(np.isfinite(x)):
            break
    raise ConvergenceError(
        f"logit_qre: Newton's method did not converge at lam * payoff_range={lam:g} within {max_iter} iterations"
    )


@checked_arguments
def logit_qre(
    game: NormalFormGame,
    lam: float,
    *,
    tol: float = 1e-12,
    start: object | None = None,
    max_iter: int = 50,
) -> LogitQRE:
    """The logit quantal response equilibrium at precision ``lam``.

    Without ``start`` the principal branch is traced from the centroid until it first reaches
    ``lam`` and the crossing is polished by Newton's method at fixed ``lam`` (so the result is
    the principal-branch QRE).  With ``start`` (a mixed profile) Newton's method starts there.

    Parameters
    ----------
    game : NormalFormGame or array_like
        The game, or its payoffs: see :func:`coordgame.games.as_game`.
    lam : float
        Precision (>= 0); 0 gives the centroid.
    tol : float, default 1e-12
        Absolute tolerance on the residual of the log-probability equations.
    start : mixed profile, optional
        Starting point for Newton's method (must be interior: all probabilities > 0).
    max_iter : int, default 50
        Newton iterations.

    Returns
    -------
    LogitQRE

    Raises
    ------
    ConvergenceError
        If Newton's method does not converge.

    Examples
    --------
    >>> import coordgame as cg
    >>> qre = cg.solvers.logit_qre(cg.games.matching_pennies(), 2.0)
    >>> [s.round(6).tolist() for s in qre.strategies]
    [[0.5, 0.5], [0.5, 0.5]]
    """
    game = as_game(game)
    lam = positive_float(lam, "lam", allow_zero=True)
    tol = check_tolerance(tol, "tol", positive=True)
    max_iter = positive_int(max_iter, "max_iter")
    # Solved for the payoffs rescaled to [0, 1] at precision lam * payoff_range: the same equations
    # (only payoff differences times lam enter them), with the branch traced in unit-free steps.
    mg = MultilinearGame(normalized_payoffs(game.payoffs))
    system = _QRESystem(mg)
    lam_rescaled = lam * game.payoff_range
    if start is not None:
        profile = game.as_mixed_profile(start)
        if min(s.min() for s in profile) <= 0:
            raise InvalidProfileError("start: a logit QRE is interior; every probability must be positive")
        x = np.log(np.concatenate(profile))
    else:
        x = _branch_point(system, lam_rescaled)
    x = _newton_at_fixed_lambda(system, x, lam_rescaled, tol, max_iter)
    residual = float(np.abs(system.evaluate(np.append(x, lam_rescaled))[0]).max())
    sigma = np.exp(x)
    return LogitQRE(lam=lam, strategies=tuple(b.copy() for b in mg.blocks(sigma)), residual=residual, tol=tol)


def _branch_point(system: _QRESystem, lam: float) -> np.ndarray:
    """Log-probabilities on the principal branch where it first reaches ``lam`` (interpolated)."""
    previous = None
    for y, message, _ in _trace(system, first_step=0.03, max_accel=1.5, max_steps=5000, corrector_tol=1e-10):
        if y[-1] >= lam:
            if previous is None or y[-1] == previous[-1]:
                return y[:-1]
            share = (lam - previous[-1]) / (y[-1] - previous[-1])
            return previous[:-1] + share * (y[:-1] - previous[:-1])
        if message:
            raise ConvergenceError(f"logit_qre: the principal branch stopped before lam * payoff_range={lam:g}: {message}")
        previous = y
    raise ConvergenceError(f"logit_qre: the principal branch did not reach lam * payoff_range={lam:g}")  # pragma: no cover


@checked_arguments
def logit_solve(game: NormalFormGame, *, tol: float = DEFAULT_TOL, **options: float) -> Equilibrium:
    """The logit solution: the verified limit of the principal branch of logit QREs.

    Parameters
    ----------
    game : NormalFormGame or array_like
        The game, or its payoffs: see :func:`coordgame.games.as_game`.
    tol : float, default 1e-9
        Relative regret tolerance.
    **options
        Passed to :func:`logit_path`.

    Raises
    ------
    ConvergenceError
        If the branch's limit could not be verified.

    Examples
    --------
    The battle of the sexes is symmetric under swapping the players and their actions; its
    branch crosses a symmetry-breaking bifurcation near lambda = 0.81 (reported by
    :func:`logit_path`), is followed straight through, and ends at the symmetric mixed
    equilibrium, not a pure one:

    >>> import coordgame as cg
    >>> eq = cg.solvers.logit_solve(cg.games.battle_of_the_sexes())
    >>> [s.round(9).tolist() for s in eq.strategies], eq.method
    ([[0.6, 0.4], [0.4, 0.6]], 'logit')
    """
    game = as_game(game)
    check_options(options, keyword_names(logit_path, exclude=("game", "tol")), "logit_solve")
    path = logit_path(game, tol=tol, **options)
    if path.equilibrium is None:
        raise ConvergenceError(f"logit_solve: {path.message}")
    return path.equilibrium


def logit_equilibria(game: NormalFormGame, *, tol: float = DEFAULT_TOL, **options: float) -> EquilibriumSet:
    """:func:`logit_solve` as a solver of the :func:`coordgame.nash` registry (one equilibrium).

    Examples
    --------
    >>> import coordgame as cg
    >>> result = cg.solvers.logit.logit_equilibria(cg.games.stag_hunt())
    >>> len(result), result.complete, result.method
    (1, False, 'logit')
    """
    check_options(options, keyword_names(logit_path, exclude=("game", "tol")), "logit")
    path = logit_path(game, tol=tol, **options)
    if path.equilibrium is None:
        raise ConvergenceError(f"logit: {path.message}")
    notes = (f"one equilibrium, not all: the limit of the principal logit QRE branch ({path.message})",)
    return EquilibriumSet(equilibria=(path.equilibrium,), game=game, method="logit", complete=False, notes=notes,
                          parameters={"tol": tol, **options})
