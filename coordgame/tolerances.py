r"""Named tolerances, and the rule that makes them independent of the payoffs' unit.

**The convention.**  Every ``tol``-like argument of a function on a finite game is *relative*:
the absolute threshold it stands for is

.. math:: \text{tol} \times \Delta(u), \qquad
          \Delta(u) = \max_{i, a} u_i(a) - \min_{i, a} u_i(a),

the game's **payoff range** over all players and pure profiles (:func:`payoff_range`).  A
profile is an equilibrium when every player's regret is at most ``tol * payoff_range``; an
action is a best response when its value is within that threshold of the best; dominance must
hold by more than it.  Multiplying every payoff by a positive constant (a change of unit,
1e-12 or 1e12) or adding a constant to every payoff (a change of origin) therefore changes no
decision, only the absolute threshold, which is stored with each result
(:attr:`coordgame.Equilibrium.tol`).

A *constant* game (every payoff equal) has range zero; then the unit is the payoffs'
magnitude ``|c|``, or 1 when every payoff is zero, so that rounding in a mixed profile's
expected payoff (about ``1e-16 * |c|``) is still tolerated.

Tolerances on **probabilities** (:data:`PROBABILITY_TOL`, a probability counted as zero) are
absolute: probabilities have no unit.  Solvers that work internally on the game's payoffs
rescaled to ``[0, 1]`` (``(u - min) / range``, see :func:`normalized_payoffs`) use the
algorithmic constants below (pivots, ties, singularity) on that rescaled game, so they, too,
are unit-free.

**Continuous games** (:mod:`coordgame.solvers.continuous`) have no payoff table and so no
payoff range: their regret threshold is ``tol * max(1, max_i |u_i(x)|)``, relative to the
payoffs *at the solution* with a floor of 1 (equilibrium payoffs may be zero), and the
planner's is relative to the welfare gradient, ``tol * max(1, max |grad W(x)|)``.  Below payoffs
of order 1 these thresholds are absolute: state a continuous game's payoffs in a unit that
makes them of order 1 or larger.  **Structured games**
(:class:`coordgame.games.structured.StructuredGame`) cannot tabulate their payoffs, so the user
states their payoff range when constructing them (default 1).

Every tolerance argument is checked by :func:`check_tolerance`: a negative, NaN, infinite or
non-numeric value (a string, a bool) raises :class:`~coordgame.errors.InvalidArgumentError`
naming the argument.

Examples
--------
>>> import numpy as np
>>> from coordgame.tolerances import absolute_tolerance, payoff_range
>>> pd = np.array([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])  # prisoner's dilemma
>>> payoff_range(pd), payoff_range(pd * 1e-10) / 1e-10
(5.0, 5.0)
>>> absolute_tolerance(1e-9, pd * 1e-10)  # the threshold scales with the unit
5e-19
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

from coordgame.errors import InvalidArgumentError

__all__ = [
    "DEFAULT_TOL",
    "PROBABILITY_TOL",
    "CE_TOL",
    "DYNAMICS_TOL",
    "CONTINUOUS_TOL",
    "PLANNER_TOL",
    "PIVOT_TOL",
    "TIE_TOL",
    "SINGULAR_TOL",
    "DEDUPE_TOL",
    "check_tolerance",
    "payoff_range",
    "absolute_tolerance",
    "normalized_payoffs",
]

#: Default relative regret tolerance of every finite-game solver and of ``verify``: a
#: profile is an equilibrium when each regret is at most ``DEFAULT_TOL * payoff_range``.
DEFAULT_TOL = 1e-9

#: Absolute tolerance on probabilities: a vector is a probability vector when its entries
#: are ``>= -PROBABILITY_TOL`` and sum to one within ``PROBABILITY_TOL`` per entry.
PROBABILITY_TOL = 1e-9

#: Default relative tolerance of the correlated-equilibrium linear programs: the largest
#: incentive-constraint violation allowed, times the payoff range.  Interior-point and simplex
#: solvers meet the constraints only to their feasibility tolerance (about 1e-9 of the
#: rescaled payoffs), so 1e-7 leaves a margin.
CE_TOL = 1e-7

#: Default relative tolerance of the learning dynamics whose empirical frequencies approach an
#: equilibrium only at rate ``1/sqrt(t)`` (fictitious play, regret matching): converged when the
#: regret (CE/CCE violation) is at most ``DYNAMICS_TOL * payoff_range``.
DYNAMICS_TOL = 1e-2

#: Default relative regret tolerance of the continuous-game equilibrium solvers: converged when
#: every best-response regret is at most ``CONTINUOUS_TOL * max(1, max_i |u_i(x)|)`` (see
#: :mod:`coordgame.solvers.continuous`).
CONTINUOUS_TOL = 1e-8

#: Default tolerance of the continuous planner (``planner_optimum``): converged when the
#: projected-gradient residual is at most ``PLANNER_TOL * max(1, max |grad W(x)|)``.
PLANNER_TOL = 1e-6

#: Smallest pivot accepted by the Lemke-Howson ratio test, on payoffs rescaled to ``[0, 1]``.
PIVOT_TOL = 1e-10

#: Two ratios in a Lemke-Howson ratio test closer than this (relatively) are a tie, broken
#: lexicographically.
TIE_TOL = 1e-12

#: Two equilibria whose strategies differ by at most this (max-norm over probabilities) are
#: reported once (Lemke-Howson's ``dedupe_tol``, N-player support enumeration).
DEDUPE_TOL = 1e-6

#: A square linear system (an indifference system of support enumeration) counts as singular
#: when its determinant relative to the product of its rows' norms is below this.
SINGULAR_TOL = 1e-12


def check_tolerance(value: Any, name: str = "tol", *, positive: bool = False) -> float:
    """Check that ``value`` is a real, finite, non-negative number and return it as ``float``.

    Parameters
    ----------
    value : float
        The tolerance to check.
    name : str, default "tol"
        The argument's name, used in the error message.
    positive : bool, default False
        Refuse zero too (for iterative methods, which could never reach a zero tolerance).

    Returns
    -------
    float

    Raises
    ------
    InvalidArgumentError
        If ``value`` is not a real number (a string, a bool, a complex number, None), or is
        negative, NaN or infinite (or zero, with ``positive=True``).

    Examples
    --------
    >>> from coordgame.tolerances import check_tolerance
    >>> check_tolerance(1e-6)
    1e-06
    >>> check_tolerance(-1, "tol")
    Traceback (most recent call last):
    ...
    coordgame.errors.InvalidArgumentError: tol: expected a finite number >= 0, got -1
    """
    bound = "> 0" if positive else ">= 0"
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise InvalidArgumentError(f"{name}: expected a finite number {bound}, got {value!r}")
    x = float(value)
    if not math.isfinite(x) or x < 0 or (positive and x == 0):
        raise InvalidArgumentError(f"{name}: expected a finite number {bound}, got {value!r}")
    return x


def payoff_range(payoffs: Any) -> float:
    """The unit of every relative tolerance: max minus min over all players' payoffs.

    For a constant game (range zero) the unit is the payoffs' magnitude ``|c|``, or 1 when
    every payoff is zero.

    Parameters
    ----------
    payoffs : array_like
        Finite payoffs of any shape (for a finite game, ``(N, n_1, ..., n_N)``).

    Returns
    -------
    float
        A positive number; ``inf`` if the range overflows float64 (``NormalFormGame`` refuses
        such payoffs).

    Examples
    --------
    >>> from coordgame.tolerances import payoff_range
    >>> payoff_range([[-7, 0], [0.5, 0]]), payoff_range([[3.0, 3.0]]), payoff_range([0, 0])
    (7.5, 3.0, 1.0)
    """
    array = np.asarray(payoffs, dtype=np.float64)
    if array.size == 0:
        return 1.0
    high, low = float(array.max()), float(array.min())
    with np.errstate(over="ignore"):
        spread = high - low
    if spread > 0:
        return spread
    return abs(high) if high != 0 else 1.0


def absolute_tolerance(tol: Any, payoffs: Any, *, name: str = "tol") -> float:
    """The absolute threshold for a relative tolerance: ``tol * payoff_range``, ``tol`` checked.

    Parameters
    ----------
    tol : float
        A relative tolerance (checked by :func:`check_tolerance`).
    payoffs : array_like or object with a ``payoff_range`` attribute
        A game (``NormalFormGame``, ``StructuredGame``) or its payoff array.
    name : str, default "tol"
        The argument's name, for the error message.

    Returns
    -------
    float

    Examples
    --------
    >>> import coordgame as cg
    >>> from coordgame.tolerances import absolute_tolerance
    >>> absolute_tolerance(1e-3, cg.games.prisoners_dilemma())
    0.003
    """
    tol = check_tolerance(tol, name)
    unit = getattr(payoffs, "payoff_range", None)
    return tol * (payoff_range(payoffs) if unit is None else float(unit))


def normalized_payoffs(payoffs: Any) -> np.ndarray:
    """The payoffs rescaled to ``[0, 1]``: ``(u - min) / payoff_range``.

    The same affine map for every player, so Nash and correlated equilibria, dominance and
    the utilitarian ordering of profiles are unchanged; solvers that compare numbers against
    fixed algorithmic constants work on this array, so their answers do not depend on the
    payoffs' unit or origin.  (A constant game maps to zeros.)

    Examples
    --------
    >>> from coordgame.tolerances import normalized_payoffs
    >>> normalized_payoffs([[2e12, 4e12], [3e12, 6e12]]).tolist()
    [[0.0, 0.5], [0.25, 1.0]]
    """
    array = np.asarray(payoffs, dtype=np.float64)
    low = float(array.min()) if array.size else 0.0
    spread = float(array.max()) - low if array.size else 0.0
    if not spread > 0:
        return np.zeros_like(array)
    return (array - low) / spread
