r"""Promotion tournaments: effort, welfare loss and cooperation, and the bridge to the flagship's θ.

The closed forms live in the library (:mod:`coordgame.games.tournament`: Lazear–Rosen, logit
tournaments of N officials, cooperation under a zero-sum ranking); this model adds

* :func:`tournament_outcome`: for a prize and a number of officials, the Nash effort against the
  planner's, the welfare loss and the equilibrium help between two rival officials;
* :mod:`.bridge`: the flagship's weight on relative output θ as the marginal expected prize,
  :math:`\theta = (V/s)(N-1)/N^2`, and the flagship's over-entry at that θ.

Calibration (assumptions): effort cost :math:`c = 1` and output one per unit of effort, so the
planner's effort is one; noise scale :math:`s = 1` (prizes are in units of the noise); help raises
the helper's output by :math:`\rho = 0.5` and the rival's by :math:`b = 1`, weight on own output
:math:`a = 1`, help cost :math:`k = 1`.
"""

from __future__ import annotations

from coordgame.models.tournament.bridge import flagship_over_entry, prize_to_noise_for_theta, theta_from_tournament

from coordgame.games import tournament as _tm

__all__ = ["tournament_outcome", "theta_from_tournament", "prize_to_noise_for_theta", "flagship_over_entry",
           "CALIBRATION"]

#: The model's assumptions (see the module docstring).
CALIBRATION = {"cost": 1.0, "noise_scale": 1.0, "own_benefit": 0.5, "rival_benefit": 1.0, "local_weight": 1.0,
               "help_cost": 1.0}


def tournament_outcome(prize: float, num_officials: int) -> dict[str, float]:
    """Nash and planner effort, welfare loss and cooperation at one prize and number of officials.

    Examples
    --------
    >>> out = tournament_outcome(4.0, 2)
    >>> out["effort_nash"], out["welfare_loss_share"], out["help_nash"]
    (1.0, 0.0, 0.0)
    """
    c, s = CALIBRATION["cost"], CALIBRATION["noise_scale"]
    effort = _tm.logit_tournament_effort(prize, num_officials, s, c)
    planner = _tm.planner_effort(c)
    help_args = (CALIBRATION["own_benefit"], CALIBRATION["rival_benefit"], CALIBRATION["local_weight"])
    return {
        "effort_nash": effort,
        "effort_planner": planner,
        "effort_ratio": effort / planner,
        # per official, relative to the first-best surplus 1/(2c): (c e* - 1)^2
        "welfare_loss_share": (c * effort - 1.0) ** 2,
        "help_nash": _tm.cooperation_help(prize, s, *help_args, CALIBRATION["help_cost"]),
        "help_planner": _tm.planner_help(*help_args, CALIBRATION["help_cost"]),
        "collapse_prize": _tm.cooperation_collapse_prize(s, *help_args),
        "theta": theta_from_tournament(prize / s, num_officials),
    }
