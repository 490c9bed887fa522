r"""Correlated and coarse correlated equilibria by linear (and concave) programming.

A mediator draws a pure profile :math:`a` from a joint distribution :math:`p` over
:math:`A = A_1 \times \dots \times A_N` and privately recommends :math:`a_i` to player *i*
(Aumann 1974).  :math:`p` is a **correlated equilibrium** (CE) when obeying is optimal: for
every player *i* and every pair of own actions :math:`k \ne k'`,

.. math::

    \sum_{a_{-i}} p(k, a_{-i}) \, [u_i(k, a_{-i}) - u_i(k', a_{-i})] \ge 0 .

It is a **coarse correlated equilibrium** (CCE; Hannan 1957, Moulin & Vial 1978) when no player
gains by committing to a fixed action :math:`k'` *before* hearing the recommendation:

.. math::

    \sum_a p(a) \, [u_i(a) - u_i(k', a_{-i})] \ge 0 \quad \text{for every } i, k'.

Both sets are polytopes (every Nash equilibrium, as a product distribution, lies in the CE
polytope, which lies in the CCE polytope), so a linear objective — utilitarian or weighted
welfare, one player's payoff — is optimised by a linear program, here solved by HiGHS
(``scipy.optimize.linprog``).  Max-min fairness :math:`\max_p \min_i E_p u_i` is a linear
program too, with one auxiliary variable.  The Nash product :math:`\max_p \sum_i \log E_p u_i`
is concave and solved with cvxpy.

The constraint matrix has one row per :math:`(i, k, k')` (CE) or :math:`(i, k')` (CCE) and
one column per pure profile; it is built with numpy index arithmetic directly in sparse
(COO) form — row :math:`(i, k, k')` touches only the :math:`|A_{-i}|` profiles where *i*
plays *k* — so a 100×100 game (19,800 rows, 10^4 columns, 2·10^6 non-zeros) is assembled in
milliseconds with no Python loop over profiles.  Payoffs are rescaled to ``[0, 1]`` (minus
the smallest payoff, over the payoff range; :func:`coordgame.tolerances.normalized_payoffs`)
before solving, so that the solver's absolute tolerances are relative ones and the answer does
not depend on the payoffs' unit or origin (the Nash product, which depends on the origin, is
only divided by the largest payoff).  CE programs go
to HiGHS's dual simplex; CCE programs, whose rows are dense, to its interior-point method.
Dense rows make CCE and max-min programs several times slower than the linear CE program of
the same size.

Every returned distribution is **verified** independently of the program: the largest
incentive-constraint violation is recomputed from the payoff tensor with dense tensor
contractions and compared with ``tol * game.payoff_range``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from coordgame._arguments import checked_arguments
from coordgame.errors import ConvergenceError, InfeasibleError, InvalidArgumentError, VerificationError
from coordgame.games.normal_form import as_game
from coordgame.results import Result
from coordgame.solvers.incentives import incentive_constraints, incentive_violation
from coordgame.tolerances import CE_TOL, PROBABILITY_TOL, absolute_tolerance, check_tolerance, normalized_payoffs
from coordgame.welfare import Welfare, WelfareLike, as_welfare, player_payoff

if TYPE_CHECKING:  # pragma: no cover

    from coordgame.games.normal_form import NormalFormGame

__all__ = [
    "CorrelatedEquilibrium",
    "WelfareRange",
    "correlated_equilibrium",
    "correlated_welfare_range",
    "incentive_constraints",
    "incentive_violation",
]

_SOLVERS = ("auto", "highs", "cvxpy")


@dataclass(frozen=True, eq=False)
class CorrelatedEquilibrium(Result):
    """An optimal (coarse) correlated equilibrium, verified.

    Attributes
    ----------
    distribution : ndarray, shape (n_1, ..., n_N)
        The joint distribution :math:`p(a)` over pure profiles (read-only).
    payoffs : ndarray, shape (N,)
        Each player's expected payoff :math:`E_p u_i`.
    objective : str
        Name of the objective optimised.
    objective_value : float
        Its value at ``distribution`` (the welfare of the expected payoffs).
    maximize : bool
        Whether the objective was maximised (else minimised).
    coarse : bool
        Coarse correlated equilibrium (True) or correlated equilibrium (False).
    max_violation : float
        The largest incentive-constraint violation, recomputed independently (``<= tol``).
    tol : float
        The absolute threshold it was verified against.
    solver : str
        ``"highs"`` or ``"cvxpy"``.

    Examples
    --------
    >>> import coordgame as cg
    >>> ce = cg.correlated_equilibrium(cg.games.chicken())  # Aumann's traffic light
    >>> ce.distribution.round(6).tolist(), round(ce.welfare, 6), ce.payoffs.round(6).tolist()
    ([[0.0, 0.25], [0.25, 0.5]], 10.5, [5.25, 5.25])
    """

    distribution: np.ndarray
    payoffs: np.ndarray
    objective: str
    objective_value: float
    maximize: bool
    coarse: bool
    max_violation: float
    tol: float
    solver: str

    _verified_by = ("incentive violation", "max_violation", "tol", None)
    _dict_extras = ("welfare",)

    @property
    def method(self) -> str:
        """``"correlated_equilibrium[<solver>]"`` (``coarse_...`` for a coarse one)."""
        return f"{'coarse_' if self.coarse else ''}correlated_equilibrium[{self.solver}]"

    @property
    def welfare(self) -> float:
        """Utilitarian welfare: the sum of the expected payoffs."""
        return float(self.payoffs.sum())

    def support(self, *, threshold: float = PROBABILITY_TOL) -> list[tuple[tuple[int, ...], float]]:
        """The profiles drawn with probability above ``threshold``, with their probabilities."""
        threshold = check_tolerance(threshold, "threshold")
        return [(tuple(int(x) for x in a), float(self.distribution[tuple(a)]))
                for a in np.argwhere(self.distribution > threshold)]

    def marginals(self) -> tuple[np.ndarray, ...]:
        """Each player's marginal distribution over its own actions."""
        n = self.distribution.ndim
        return tuple(self.distribution.sum(axis=tuple(j for j in range(n) if j != i)) for i in range(n))

    def __repr__(self) -> str:
        kind = "CoarseCorrelatedEquilibrium" if self.coarse else "CorrelatedEquilibrium"
        sense = "max" if self.maximize else "min"
        pay = np.array2string(self.payoffs, precision=4, separator=", ")
        return (f"{kind}({sense} {self.objective} = {self.objective_value:.6g}, payoffs={pay}, "
                f"support={len(self.support())} profiles, violation={self.max_violation:.2g}, solver={self.solver!r})")

@dataclass(frozen=True, eq=False)
class WelfareRange(Result):
    """The worst and the best (coarse) correlated equilibrium for one welfare function.

    Examples
    --------
    >>> import coordgame as cg
    >>> r = cg.solvers.correlated_welfare_range(cg.games.chicken())
    >>> round(r.low, 6), round(r.high, 6), r.worst.distribution.round(6).tolist()
    (7.2, 10.5, [[0.2, 0.4], [0.4, 0.0]])
    """

    worst: CorrelatedEquilibrium
    best: CorrelatedEquilibrium

    _members = "pair"
    _frame_by_member = True
    _dict_extras = ("low", "high")

    @property
    def pair(self) -> tuple[CorrelatedEquilibrium, CorrelatedEquilibrium]:
        """``(worst, best)``."""
        return (self.worst, self.best)

    @property
    def method(self) -> str:
        """The method of both programs."""
        return self.best.method

    @property
    def low(self) -> float:
        """The least welfare over the polytope."""
        return self.worst.objective_value

    @property
    def high(self) -> float:
        """The greatest welfare over the polytope."""
        return self.best.objective_value

    def __repr__(self) -> str:
        return f"WelfareRange([{self.low:.6g}, {self.high:.6g}], {self.best.objective})"


# ------------------------------------------------------------------------- the programs
def _flat_payoffs(game: NormalFormGame, welfare: Welfare) -> np.ndarray:
    """The payoffs as the programs see them, one row per player, free of the payoffs' unit.

    Linear and max-min objectives have the same maximisers after any common affine map, so they
    get the payoffs rescaled to ``[0, 1]``.  The Nash product depends on the origin, so it is only
    divided by the largest payoff magnitude.
    """
    flat = game.payoffs.reshape(game.num_players, -1)
    if welfare.kind == "nash_product":
        return flat / float(np.abs(flat).max() or 1.0)
    return normalized_payoffs(flat)


def _solve_highs(c, A_ub, b_ub, num_profiles, free_tail=0, dense_rows=False):
    """HiGHS LP over (p, t): p >= 0 sums to one; the last ``free_tail`` variables lie in [-1, 1].

    The tail variables are payoff levels of the rescaled game (payoffs in [0, 1]); boxing them
    instead of leaving them free makes the simplex method several times faster.

    Programs whose constraint rows are mostly dense (the CCE constraints) go to the
    interior-point method (with crossover to a vertex), which handles them faster than the
    dual simplex; the rest use HiGHS's default (dual simplex).
    """
    import scipy.sparse as sp
    from scipy.optimize import linprog

    A_eq = sp.csr_matrix(np.concatenate([np.ones(num_profiles), np.zeros(free_tail)])[None, :])
    bounds = [(0, None)] * num_profiles + [(-1.0, 1.0)] * free_tail if free_tail else (0, None)
    result = linprog(c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=[1.0], bounds=bounds, method="highs-ipm" if dense_rows else "highs",
                     options={"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10})
    if result.status == 2:
        raise InfeasibleError("correlated_equilibrium: the linear program is infeasible (this should not happen "
                              "for a finite game; check the payoffs)")
    if result.status != 0:
        raise ConvergenceError(f"correlated_equilibrium: HiGHS stopped with status {result.status}: {result.message}")
    return result.x


def optimize_distribution(
    game: NormalFormGame, welfare: Welfare, *, constraints: Any = None, maximize: bool = True, solver: str = "auto",
) -> tuple[np.ndarray, str]:
    """Optimise a welfare of the expected payoffs over joint distributions satisfying ``constraints``.

    ``constraints`` is a sparse matrix ``A`` with ``A @ p >= 0`` (e.g. from
    :func:`incentive_constraints` on the scaled payoffs) or ``None`` (the whole simplex: the
    planner's problem).  Returns the flat distribution and the solver used.  Shared by
    :func:`correlated_equilibrium` and :func:`coordgame.social_optimum`.
    """
    import scipy.sparse as sp

    if solver not in _SOLVERS:
        raise InvalidArgumentError(f"solver: expected one of {list(_SOLVERS)}, got {solver!r}")
    if welfare.kind == "custom":
        raise InvalidArgumentError(
            f"welfare: {welfare.name!r} is a plain callable, which cannot be optimised over distributions; "
            "use 'utilitarian', utilitarian(weights), player_payoff(i), 'rawlsian' or 'nash_product'"
        )
    welfare.check_game(game)
    U = _flat_payoffs(game, welfare)
    num_profiles = U.shape[1]
    A = sp.csr_matrix((0, num_profiles)) if constraints is None else constraints
    dense = A.shape[0] > 0 and A.nnz > 0.5 * A.shape[0] * A.shape[1]
    if welfare.kind == "nash_product":
        if not maximize:
            raise InvalidArgumentError("maximize: minimising the Nash product is not a convex problem; only maximize=True")
        if solver == "highs":
            raise InvalidArgumentError("solver: the Nash product is not linear; use solver='cvxpy' or 'auto'")
        return _solve_cvxpy(U, A, welfare, maximize), "cvxpy"
    used = "cvxpy" if solver == "cvxpy" else "highs"
    b = np.zeros(A.shape[0])
    if welfare.kind == "rawlsian" and not maximize:
        # min_p min_i E u_i = min_i min_p E u_i: one linear program per player (the direct
        # form minimises a concave function, which is not a convex program)
        if used == "cvxpy":
            candidates = [_solve_cvxpy(U, A, player_payoff(i), False) for i in range(game.num_players)]
        else:
            candidates = [_solve_highs(U[i], -A, b, num_profiles, dense_rows=dense) for i in range(game.num_players)]
        return min(candidates, key=lambda x: float((U @ x).min())), used
    if used == "cvxpy":
        return _solve_cvxpy(U, A, welfare, maximize), used
    if welfare.kind == "linear":
        c = welfare.weight_vector(game.num_players) @ U
        return _solve_highs(-c if maximize else c, -A, b, num_profiles, dense_rows=dense), used
    # max t  s.t.  t <= U_i p for every i; variables (p, t)
    rows = sp.vstack([sp.hstack([-A, sp.csr_matrix((A.shape[0], 1))]),
                      sp.hstack([sp.csr_matrix(-U), sp.csr_matrix(np.ones((U.shape[0], 1)))])], format="csr")
    c = np.zeros(num_profiles + 1)
    c[-1] = -1.0
    x = _solve_highs(c, rows, np.zeros(rows.shape[0]), num_profiles, free_tail=1)
    return x[:num_profiles], used


def _solve_cvxpy(U: np.ndarray, A: Any, welfare: Welfare, maximize: bool) -> np.ndarray:
    import cvxpy as cp

    p = cp.Variable(U.shape[1], nonneg=True)
    expected = U @ p
    constraints = [cp.sum(p) == 1]
    if A.shape[0]:
        constraints.append(A @ p >= 0)
    if welfare.kind == "linear":
        value = welfare.weight_vector(U.shape[0]) @ expected
    elif welfare.kind == "rawlsian":
        value = cp.min(expected)
    else:
        value = cp.sum(cp.log(expected))
    problem = cp.Problem(cp.Maximize(value) if maximize else cp.Minimize(value), constraints)
    try:
        problem.solve(solver=cp.CLARABEL, tol_feas=1e-10, tol_gap_abs=1e-10, tol_gap_rel=1e-10)
    except cp.error.SolverError as exc:
        raise ConvergenceError(f"correlated_equilibrium: cvxpy failed: {exc}") from None
    if problem.status not in ("optimal", "optimal_inaccurate") or p.value is None:
        raise ConvergenceError(f"correlated_equilibrium: cvxpy returned status {problem.status!r}")
    return np.asarray(p.value)


def _cleaned(x: np.ndarray) -> np.ndarray:
    """Remove the solver's tiny negative entries and renormalise."""
    x = np.clip(x, 0.0, None)
    return x / x.sum()


@checked_arguments
def correlated_equilibrium(
    game: NormalFormGame,
    welfare: WelfareLike = "utilitarian",
    *,
    coarse: bool = False,
    maximize: bool = True,
    solver: str = "auto",
    tol: float = CE_TOL,
) -> CorrelatedEquilibrium:
    """The correlated (or coarse correlated) equilibrium that optimises ``welfare``.

    Parameters
    ----------
    game : NormalFormGame or array_like
        The game, or its payoffs: see :func:`coordgame.games.as_game`.
    welfare : str, Welfare, default "utilitarian"
        ``"utilitarian"``, ``welfare.utilitarian(weights)``, ``welfare.player_payoff(i)``,
        ``"rawlsian"`` (max-min fairness) or ``"nash_product"``.  Plain callables cannot be
        optimised over distributions and are refused.
    coarse : bool, default False
        Optimise over coarse correlated equilibria.
    maximize : bool, default True
        Maximise (the best equilibrium) or minimise (the worst).  Minimising the Nash product
        is not a convex problem and is refused.
    solver : {"auto", "highs", "cvxpy"}, default "auto"
        ``"auto"`` uses HiGHS for linear and max-min objectives and cvxpy (Clarabel) for the
        Nash product; ``"cvxpy"`` forces cvxpy (useful as a cross-check).
    tol : float, default 1e-7
        Relative tolerance of the verification: the largest incentive-constraint violation
        must be at most ``tol * game.payoff_range``.

    Returns
    -------
    CorrelatedEquilibrium

    Raises
    ------
    VerificationError
        If the solver's distribution violates an incentive constraint by more than the tolerance.

    Examples
    --------
    Aumann's chicken: the best correlated equilibrium puts 1/2 on (Chicken, Chicken) and 1/4 on
    each asymmetric profile, welfare 10.5, above every Nash equilibrium (9 and 28/3).

    >>> import coordgame as cg
    >>> ce = cg.correlated_equilibrium(cg.games.chicken())
    >>> ce.distribution.round(6).tolist(), round(ce.welfare, 6)
    ([[0.0, 0.25], [0.25, 0.5]], 10.5)
    >>> round(cg.correlated_equilibrium(cg.games.chicken(), "rawlsian").objective_value, 6)
    5.25
    """
    game = as_game(game)
    welfare = as_welfare(welfare)
    check_tolerance(tol, "tol")
    A = incentive_constraints(normalized_payoffs(game.payoffs), coarse=coarse)
    x, used = optimize_distribution(game, welfare, constraints=A, maximize=maximize, solver=solver)
    return _verified(game, _cleaned(x), welfare, maximize=maximize, coarse=coarse, solver=used, tol=tol)


def _verified(game, x, welfare, *, maximize, coarse, solver, tol) -> CorrelatedEquilibrium:
    distribution = x.reshape(game.num_actions)
    violation = incentive_violation(game, distribution, coarse=coarse)
    threshold = absolute_tolerance(tol, game)
    if not violation <= threshold:
        raise VerificationError(
            f"correlated_equilibrium: the {solver} solution violates an incentive constraint by {violation:.3g} "
            f"> {threshold:.3g}; loosen tol or try another solver"
        )
    distribution.setflags(write=False)
    payoffs = game.payoffs.reshape(game.num_players, -1) @ x
    payoffs.setflags(write=False)
    return CorrelatedEquilibrium(
        distribution=distribution, payoffs=payoffs, objective=welfare.name, objective_value=welfare(payoffs),
        maximize=maximize, coarse=coarse, max_violation=violation, tol=threshold, solver=solver,
    )


@checked_arguments
def correlated_welfare_range(
    game: NormalFormGame, welfare: WelfareLike = "utilitarian", *, coarse: bool = False, solver: str = "auto",
    tol: float = CE_TOL,
) -> WelfareRange:
    """The worst and the best welfare over the whole CE (or CCE) polytope.

    Parameters are as for :func:`correlated_equilibrium`; the welfare must be linear or
    Rawlsian (the worst Nash-product equilibrium is not a convex problem).

    Examples
    --------
    In chicken the worst correlated equilibrium (crash with probability 1/5, each asymmetric
    outcome 2/5) is worse than every Nash equilibrium (welfare 9 and 28/3):

    >>> import coordgame as cg
    >>> r = cg.solvers.correlated_welfare_range(cg.games.chicken())
    >>> round(r.low, 6), round(r.high, 6)
    (7.2, 10.5)
    """
    game = as_game(game)
    worst = correlated_equilibrium(game, welfare, coarse=coarse, maximize=False, solver=solver, tol=tol)
    best = correlated_equilibrium(game, welfare, coarse=coarse, maximize=True, solver=solver, tol=tol)
    return WelfareRange(worst=worst, best=best)
