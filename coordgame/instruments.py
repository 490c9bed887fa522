r"""Prices versus quantities under cost uncertainty (Weitzman 1974, *Rev. Econ. Stud.* 41(4)).

A regulator chooses either a **quantity** :math:`\hat q` or a **price** :math:`p` before the cost
shock :math:`\theta` (mean 0, variance :math:`\sigma^2`) is known; under a price, producers
then supply where marginal cost equals the price.  Around the certainty optimum :math:`\hat q`
(:math:`B'(\hat q) = C'(\hat q)`), with quadratic benefits and costs and an additive shock to
marginal cost,

.. math:: B(q) = B_1 (q - \hat q) + \tfrac12 B_2 (q - \hat q)^2, \qquad
          C(q, \theta) = (C_1 + \theta)(q - \hat q) + \tfrac12 C_2 (q - \hat q)^2,

:math:`B_2 < 0` (concave benefits), :math:`C_2 > 0` (convex costs), :math:`B_1 = C_1`.
The best quantity is :math:`\hat q` and the best price :math:`p = C_1`, under which output is
:math:`q(\theta) = \hat q - \theta / C_2`.  Welfare relative to the certainty optimum is 0 under
the quantity and :math:`\theta^2 (B_2 + C_2) / (2 C_2^2)` under the price, so the expected
advantage of the price instrument is

.. math:: \Delta = \frac{\sigma^2 (B_2 + C_2)}{2 C_2^2}

(Weitzman's eq. (19), with his :math:`B'' = B_2` and :math:`C'' = C_2`): prices are better iff
costs are more curved than benefits, :math:`C_2 > -B_2`.  The result holds for any shock
distribution with that variance.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from coordgame.errors import InvalidArgumentError

__all__ = ["price_advantage", "instrument_welfare"]


def _curvatures(benefit_curvature: Any, cost_curvature: Any) -> tuple[float, float]:
    for name, value in (("benefit_curvature", benefit_curvature), ("cost_curvature", cost_curvature)):
        if isinstance(value, bool) or not isinstance(value, (int, float, np.floating)) or not math.isfinite(value):
            raise InvalidArgumentError(f"{name}: expected a finite number, got {value!r}")
    if benefit_curvature > 0:
        raise InvalidArgumentError(f"benefit_curvature: expected B'' <= 0 (concave benefits), got {benefit_curvature!r}")
    if cost_curvature <= 0:
        raise InvalidArgumentError(f"cost_curvature: expected C'' > 0 (convex costs), got {cost_curvature!r}")
    return float(benefit_curvature), float(cost_curvature)


def price_advantage(benefit_curvature: float, cost_curvature: float, variance: float) -> float:
    """Weitzman's :math:`\\Delta = \\sigma^2 (B'' + C'') / (2 C''^2)`: expected welfare of prices minus quantities.

    Parameters
    ----------
    benefit_curvature : float
        :math:`B'' \\le 0`.
    cost_curvature : float
        :math:`C'' > 0`.
    variance : float
        :math:`\\sigma^2 \\ge 0` of the additive shock to marginal cost.

    Examples
    --------
    >>> from coordgame.instruments import price_advantage
    >>> price_advantage(-1.0, 2.0, 4.0)   # costs more curved than benefits: prices win
    0.5
    >>> price_advantage(-3.0, 1.0, 1.0)   # steep marginal damage: quantities win
    -1.0
    """
    b2, c2 = _curvatures(benefit_curvature, cost_curvature)
    if isinstance(variance, bool) or not isinstance(variance, (int, float, np.floating)) or not (math.isfinite(variance)
                                                                                              and variance >= 0):
        raise InvalidArgumentError(f"variance: expected a finite number >= 0, got {variance!r}")
    return float(variance) * (b2 + c2) / (2.0 * c2**2)


def instrument_welfare(benefit_curvature: float, cost_curvature: float, shocks: Any) -> dict[str, np.ndarray]:
    """Welfare (relative to the certainty optimum) of each instrument at each cost-shock realisation.

    Computed from the primitives, not from the closed form: under the quantity :math:`\\hat q`
    welfare is :math:`B(\\hat q) - C(\\hat q, \\theta)`; under the price :math:`p = C_1` producers
    supply :math:`q` solving :math:`C_q(q, \\theta) = p` and welfare is :math:`B(q) - C(q, \\theta)`.

    Returns
    -------
    dict
        ``"price"``, ``"quantity"`` and ``"output_under_price"`` (:math:`q - \\hat q`), arrays like ``shocks``.

    Examples
    --------
    >>> from coordgame.instruments import instrument_welfare
    >>> out = instrument_welfare(-1.0, 2.0, [-1.0, 0.0, 1.0])
    >>> out["price"].tolist(), out["quantity"].tolist()
    ([0.125, 0.0, 0.125], [0.0, 0.0, 0.0])
    """
    b2, c2 = _curvatures(benefit_curvature, cost_curvature)
    theta = np.asarray(shocks, dtype=float)
    if not np.all(np.isfinite(theta)):
        raise InvalidArgumentError("shocks: expected finite numbers")
    marginal = 1.0  # B_1 = C_1: any common value; deviations from q-hat are what matter

    def net(dq: np.ndarray) -> np.ndarray:
        benefit = marginal * dq + 0.5 * b2 * dq**2
        cost = (marginal + theta) * dq + 0.5 * c2 * dq**2
        return benefit - cost

    supplied = (marginal - (marginal + theta)) / c2  # C_q = C_1 + θ + C_2 dq = p = C_1
    return {"price": net(supplied), "quantity": net(np.zeros_like(theta)), "output_under_price": supplied}
