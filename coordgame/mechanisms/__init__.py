r"""Regimes: what players reach on their own, what a planner chooses, and what lies between.

Each regime is a small object whose :meth:`~Regime.solve` takes a game and returns an
:class:`Outcome` (strategies or a joint distribution, each player's expected payoff, welfare,
a description, and how it was selected):

* :class:`LocalCompetition` — every player maximises its own payoff: a Nash equilibrium
  (the worst, the best, the first, or all of those found);
* :class:`CentralPlanning` — a planner dictates the profile (or lottery) maximising welfare;
* :class:`Mediator` — a centre that only *recommends*, so every player must be willing to obey:
  the best (or worst) correlated equilibrium (Aumann 1974);
* :class:`Transfers` — a centre that commits to payments making the planner's profile (or a
  given target) an equilibrium (weak implementation) or the unique one (strict
  implementation, ``strict=True``), at the least cost;
* :class:`Quota` — the centre removes actions, then the players compete locally.

**Selection.**  Where equilibria are computed (local competition, quotas, transfers) the
outcome follows one rule, ``select`` (``"worst"`` by default): the worst equilibrium found by
welfare.  A transfer scheme that makes the target *an* equilibrium therefore reports the worst
surviving equilibrium of the transformed game, not the target, unless the target is the only
one.  Every outcome carries ``selection``, ``equilibrium_count``, ``complete`` and ``method``,
and so does every row of the table of :func:`compare`.

**Comparison.**  :func:`compare` runs several regimes on one finite game
(:class:`~coordgame.games.normal_form.NormalFormGame`) or continuous game
(:class:`~coordgame.games.continuous.ContinuousGame`) and returns a :class:`Comparison` with
one table (welfare, payoffs, cost, loss against the planner, ratio, selection) and a bar plot.

Submodules: :mod:`~coordgame.mechanisms.regimes` (outcomes and the regimes),
:mod:`~coordgame.mechanisms.transfers` (transfer schemes, with the mathematics),
:mod:`~coordgame.mechanisms.compare`.
"""

from coordgame.mechanisms.compare import Comparison, compare
from coordgame.mechanisms.regimes import CentralPlanning, LocalCompetition, Mediator, Outcome, Quota, Regime
from coordgame.mechanisms.transfers import (
    STRICT_MARGIN,
    Transfers,
    action_transfers,
    cost_of_implementation,
    profile_transfers,
)

__all__ = [
    "Outcome",
    "Regime",
    "LocalCompetition",
    "CentralPlanning",
    "Mediator",
    "Transfers",
    "STRICT_MARGIN",
    "Quota",
    "Comparison",
    "compare",
    "cost_of_implementation",
    "profile_transfers",
    "action_transfers",
]
