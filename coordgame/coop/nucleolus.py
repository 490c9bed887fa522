r"""The nucleolus, by the sequence of linear programmes of Maschler, Peleg & Shapley (1979).

For an allocation :math:`x` let :math:`\theta(x)` be the vector of excesses
:math:`e(S, x) = v(S) - x(S)` of the proper coalitions sorted in decreasing order.  The
**nucleolus** (Schmeidler 1969) is the imputation (:math:`x(N) = v(N)`, :math:`x_i \ge v(\{i\})`)
that minimises :math:`\theta(x)` lexicographically; the **prenucleolus** does the same over all
efficient allocations.  Both are unique; they coincide when the core is non-empty, and then lie
in the core (in the least core always).

**The sequence of LPs.**  Level :math:`k` solves

.. math:: t_k = \min_{x, t}\ t \quad\text{s.t.}\quad e(S, x) \le t \ \ (S \in \mathcal F_k), \qquad
          e(S, x) = t_j \ \ (S \in \mathcal T_j,\ j < k), \qquad x(N) = v(N)\ [,\ x_i \ge v(\{i\})],

starting with :math:`\mathcal F_1` = every proper coalition (level 1 is the least core).  By
complementary slackness a constraint with a positive dual multiplier is tight at *every*
optimum, so those coalitions form :math:`\mathcal T_k` and are fixed at excess :math:`t_k`.
A free coalition whose indicator :math:`1_S` lies in the span of the fixed ones and
:math:`1_N` has a determined excess and leaves :math:`\mathcal F`; every level therefore raises
the rank of the fixed system, and after at most :math:`n - 1` levels :math:`x` is determined.
Each LP has :math:`2^n - 2` rows, so the method is **exact for array games up to 16 players**
(:data:`NUCLEOLUS_MAX`; 65,534 rows) and refuses larger ones.

The result is verified by recomputing every excess at :math:`x`: the largest must equal the
first level :math:`t_1` (the least-core value) within the tolerance, and :math:`x` must be
efficient (and individually rational for the nucleolus).

Examples
--------
>>> from coordgame.coop import examples, nucleolus
>>> nucleolus(examples.bankruptcy_game(200, [100, 200, 300])).allocation.round(6).tolist()
[50.0, 75.0, 75.0]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from scipy.optimize import linprog

from coordgame._arguments import checked_arguments
from coordgame.errors import InfeasibleError, InvalidArgumentError
from coordgame.results import Result

from ._checks import checked_game
from .core import CORE_TOL
from .least_core import coalition_matrix
from .tu_game import TUGame, coalition_sums

__all__ = ["Nucleolus", "nucleolus", "NUCLEOLUS_MAX"]

#: Largest number of players :func:`nucleolus` accepts (each LP has 2^n - 2 rows).
NUCLEOLUS_MAX = 16


@dataclass(frozen=True, repr=False)
class Nucleolus(Result):
    """The (pre)nucleolus of a TU game and the excess levels of its LP sequence.

    Attributes
    ----------
    allocation : ndarray (n,)
    levels : tuple of float
        :math:`t_1 > t_2 > \\dots`: the excess levels fixed one after the other (:math:`t_1` is
        the least-core value).
    tight_coalitions : tuple of tuple of tuple of str
        The coalitions fixed at each level.
    max_excess : float
        The largest excess at ``allocation``, recomputed over every coalition.
    efficiency_residual, rationality_violation : float
        :math:`|x(N) - v(N)|` and :math:`\\max_i (v(\\{i\\}) - x_i)^+` (0 for the prenucleolus).
    method : str
        ``"nucleolus"`` or ``"prenucleolus"`` (both by the sequence of LPs).
    tol : float

    Examples
    --------
    >>> from coordgame.coop import examples, nucleolus
    >>> nu = nucleolus(examples.majority_game(3))
    >>> nu.allocation.round(6).tolist(), round(nu.max_excess, 6)
    ([0.333333, 0.333333, 0.333333], 0.333333)
    """

    allocation: np.ndarray
    levels: tuple[float, ...]
    tight_coalitions: tuple[tuple[tuple[str, ...], ...], ...]
    max_excess: float
    efficiency_residual: float
    rationality_violation: float
    method: str
    tol: float

    _verified_by: ClassVar = ("excess residual", "residual", "tol", None)
    _dict_extras: ClassVar[tuple[str, ...]] = ("residual",)

    @property
    def residual(self) -> float:
        """:math:`\\max(|\\max_S e(S,x) - t_1|, |x(N) - v(N)|, \\text{rationality violation})`."""
        first = self.levels[0] if self.levels else self.max_excess
        return max(abs(self.max_excess - first), self.efficiency_residual, self.rationality_violation)


@checked_arguments
def nucleolus(game: TUGame, *, prenucleolus: bool = False, tol: float = CORE_TOL) -> Nucleolus:
    """The nucleolus (or prenucleolus) by the sequence of LPs (see the module docstring).

    Parameters
    ----------
    game : TUGame
        At most :data:`NUCLEOLUS_MAX` (16) players; with the imputation set non-empty
        (:math:`\\sum_i v(\\{i\\}) \\le v(N)`) unless ``prenucleolus``.
    prenucleolus : bool, default False
        Minimise over all efficient allocations (no individual rationality).
    tol : float
        Relative tolerance (times the payoff range) of the verification, and of the rank test.

    Returns
    -------
    Nucleolus

    Examples
    --------
    >>> from coordgame.coop import examples, nucleolus
    >>> nu = nucleolus(examples.glove_game(1, 2))
    >>> nu.allocation.round(9).tolist(), nu.verification.passed
    ([1.0, 0.0, 0.0], True)
    """
    game = checked_game(game)
    n = game.num_players
    if n > NUCLEOLUS_MAX:
        raise InvalidArgumentError(f"game: nucleolus enumerates 2^n coalitions; at most {NUCLEOLUS_MAX} players, got {n}")
    singles = game.evaluate(1 << np.arange(n, dtype=np.int64))
    if not prenucleolus and singles.sum() > game.grand_value + tol * game.payoff_range:
        raise InfeasibleError("game: the imputation set is empty (sum of v({i}) exceeds v(N)); use prenucleolus=True")
    unit = tol * game.payoff_range
    if n == 1:
        x = np.array([game.grand_value])
        return Nucleolus(x, (), (), 0.0, 0.0, 0.0, _method(prenucleolus), unit)
    x, levels, tight = _lp_sequence(game, None if prenucleolus else singles, unit)
    excess = (game.values - coalition_sums(x))[1:-1]
    violation = 0.0 if prenucleolus else float(np.maximum(0.0, singles - x).max())
    return Nucleolus(x, tuple(levels), tuple(tight), float(excess.max()), abs(float(x.sum()) - game.grand_value),
                     violation, _method(prenucleolus), unit)


def _method(prenucleolus: bool) -> str:
    return "prenucleolus" if prenucleolus else "nucleolus"


def _lp_sequence(game: TUGame, lower: np.ndarray | None, unit: float):
    """Run the levels until the fixed coalitions determine x; returns (x, levels, tight coalitions by name)."""
    n = game.num_players
    free = np.arange(1, game.grand_coalition, dtype=np.int64)
    fixed_rows, fixed_rhs = [np.ones(n)], [game.grand_value]
    levels: list[float] = []
    tight: list[tuple[tuple[str, ...], ...]] = []
    x = np.zeros(n)
    while free.size:
        x, t, duals = _level(game, free, np.array(fixed_rows), np.array(fixed_rhs), lower)
        positive = duals > 1e-9 * max(1.0, float(duals.max()))
        if not positive.any():  # cannot happen at an optimum (the duals sum to 1); guard against solver noise
            positive = duals >= duals.max()
        fixed = free[positive]
        rows = coalition_matrix(fixed, n)
        fixed_rows += list(rows)
        fixed_rhs += list(game.evaluate(fixed) - t)
        levels.append(t)
        tight.append(tuple(game.member_names(int(m)) for m in fixed))
        free = _undetermined(free[~positive], np.array(fixed_rows))
    return x, levels, tight


def _level(game: TUGame, free: np.ndarray, eq_rows: np.ndarray, eq_rhs: np.ndarray, lower: np.ndarray | None):
    n = game.num_players
    rows = coalition_matrix(free, n)
    a_ub = -np.hstack([rows, np.ones((rows.shape[0], 1))])  # -(x(S) + t) <= -v(S)
    a_eq = np.hstack([eq_rows, np.zeros((eq_rows.shape[0], 1))])
    objective = np.zeros(n + 1)
    objective[-1] = 1.0
    bounds = [(None, None)] * (n + 1) if lower is None else [(float(b), None) for b in lower] + [(None, None)]
    res = linprog(objective, A_ub=a_ub, b_ub=-game.evaluate(free), A_eq=a_eq, b_eq=eq_rhs, bounds=bounds,
                  method="highs")
    if res.status != 0:
        raise InfeasibleError(f"nucleolus: an LP of the sequence failed ({res.message})")
    return res.x[:n], float(res.x[n]), np.maximum(0.0, -np.asarray(res.ineqlin.marginals))


def _undetermined(masks: np.ndarray, fixed_rows: np.ndarray) -> np.ndarray:
    """The coalitions whose indicator is not in the row space of the fixed system."""
    if masks.size == 0:
        return masks
    basis = _row_basis(fixed_rows)
    if basis.shape[0] >= fixed_rows.shape[1]:
        return masks[:0]
    rows = coalition_matrix(masks, fixed_rows.shape[1])
    residual = rows - (rows @ basis.T) @ basis
    return masks[np.abs(residual).max(axis=1) > 1e-9]


def _row_basis(rows: np.ndarray) -> np.ndarray:
    """An orthonormal basis of the row space (by SVD)."""
    _, s, vt = np.linalg.svd(rows, full_matrices=False)
    rank = int((s > 1e-10 * max(1.0, s.max())).sum())
    return vt[:rank]
