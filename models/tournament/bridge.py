r"""The flagship's θ as the reduced form of a promotion tournament (calibration bridge).

In :mod:`coordgame.models.duplicate_construction` official :math:`r` values

.. math:: \theta \Big(Y_r - \frac{1}{R-1}\sum_{r' \ne r} Y_{r'}\Big),

a linear reward for relative output.  Let the official instead compete with :math:`N - 1` others
for one promotion worth :math:`V` (in the flagship's money units), won by the highest measured
output :math:`Y_r + \varepsilon_r`, iid Gumbel noise of scale :math:`s` (same units): the expected
prize is :math:`V\,e^{Y_r/s} / \sum_j e^{Y_j/s}`.  At a symmetric point its derivatives are

.. math:: \frac{\partial}{\partial Y_r} = \frac{V (N-1)}{N^2 s}, \qquad
          \frac{\partial}{\partial Y_{r'}} = -\frac{V}{N^2 s},

which are the flagship's :math:`\theta` and :math:`-\theta/(R-1)` exactly when :math:`N = R` and

.. math:: \theta = \frac{V (N-1)}{N^2 s}.

So θ grows linearly with the prize-to-noise ratio :math:`V/s` and falls roughly as :math:`1/N`
with the number of officials competing for the same promotion.  The bridge is first order: it
matches the marginal incentives at a symmetric point, not the tournament's curvature (regions are
not symmetric in the flagship), and it takes the prize as money-equivalent to the official.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from coordgame.errors import InvalidArgumentError
from coordgame.games.tournament import marginal_prize_value

__all__ = ["theta_from_tournament", "prize_to_noise_for_theta", "flagship_over_entry"]


def theta_from_tournament(prize_to_noise: float, num_officials: int) -> float:
    """:math:`\\theta = (V/s)(N-1)/N^2`.

    Examples
    --------
    >>> round(theta_from_tournament(3.2, 31), 4)
    0.0999
    """
    return marginal_prize_value(prize_to_noise, num_officials, 1.0)


def prize_to_noise_for_theta(theta: float, num_officials: int) -> float:
    """The prize-to-noise ratio :math:`V/s = \\theta N^2/(N-1)` behind a flagship θ.

    Examples
    --------
    >>> round(prize_to_noise_for_theta(theta_from_tournament(2.5, 5), 5), 12)
    2.5
    """
    per_unit = theta_from_tournament(1.0, num_officials)
    if not theta >= 0:
        raise InvalidArgumentError(f"theta: expected theta >= 0, got {theta!r}")
    return float(theta) / per_unit


def flagship_over_entry(theta: float, params: Any = None, **solve_options: Any) -> dict[str, float]:
    """Clusters built under local competition and by the second-best planner at ``theta``.

    Parameters
    ----------
    theta : float
        The tournament intensity replacing ``params.theta``.
    params : coordgame.models.duplicate_construction.Parameters, optional
        The economy (default: the flagship's own ``Parameters()``, 31 regions, which takes
        seconds); everything but ``theta`` is kept.
    **solve_options
        Passed to :func:`coordgame.models.duplicate_construction.solve_model`.

    Returns
    -------
    dict
        The flagship's ``entries_nash``, ``entries_second_best``, ``excess_entry`` and
        ``welfare_loss_pct`` from :func:`~coordgame.models.duplicate_construction.solve_model`.

    Examples
    --------
    On a small economy, a stronger tournament (larger θ) adds clusters under local competition
    while the planner's plan does not change:

    >>> from coordgame.models.duplicate_construction import Parameters
    >>> small = Parameters(num_regions=4, num_industries=2)
    >>> weak, strong = (flagship_over_entry(theta, small) for theta in (0.0, 1.0))
    >>> weak["entries_nash"], strong["entries_nash"], weak["entries_second_best"], strong["entries_second_best"]
    (6.0, 7.0, 4.0, 4.0)
    """
    from coordgame.models.duplicate_construction import Parameters, solve_model

    base = Parameters() if params is None else params
    if not isinstance(base, Parameters):
        raise InvalidArgumentError(f"params: expected a duplicate_construction Parameters, got {type(base).__name__}")
    metrics = solve_model(dataclasses.replace(base, theta=float(theta)), **solve_options).metrics
    return {key: float(metrics[key]) for key in ("entries_nash", "entries_second_best", "excess_entry",
                                                 "welfare_loss_pct")}
