"""Equilibrium solvers: one module per family of algorithms.

Every solver here takes a game (or plain payoffs, see :func:`coordgame.games.as_game`) and
returns a result that follows the protocol of :mod:`coordgame.results`; the result classes are
importable from here too (``from coordgame.solvers import CorrelatedEquilibrium``).
"""

from coordgame.solvers.continuous import (
    ContinuousEquilibrium,
    ContinuousOptimum,
    best_response_regrets,
    continuous_nash,
    potential_nash,
)
from coordgame.solvers.correlated import (
    CorrelatedEquilibrium,
    WelfareRange,
    correlated_equilibrium,
    correlated_welfare_range,
)
from coordgame.solvers.dynamics import (
    DynamicsResult,
    best_response_dynamics,
    best_response_equilibria,
    cce_violation,
    ce_violation,
    fictitious_play,
    logit_dynamics,
    regret_matching,
    replicator_dynamics,
)
from coordgame.solvers.lemke_howson import lemke_howson, lemke_howson_all
from coordgame.solvers.logit import LogitPath, LogitQRE, logit_path, logit_qre, logit_solve
from coordgame.solvers.planner import SocialOptimum, social_optimum
from coordgame.solvers.pure import pure_nash
from coordgame.solvers.structured import StructuredEquilibria, StructuredEquilibrium
from coordgame.solvers.subset_search import SubsetSearchResult, branch_and_bound_subsets
from coordgame.solvers.support_enumeration import support_enumeration
from coordgame.solvers.support_n import support_enumeration_n
from coordgame.solvers.vertex_enumeration import vertex_enumeration

__all__ = [
    "pure_nash",
    "support_enumeration",
    "vertex_enumeration",
    "lemke_howson",
    "lemke_howson_all",
    "logit_qre",
    "logit_path",
    "logit_solve",
    "LogitQRE",
    "LogitPath",
    "support_enumeration_n",
    "correlated_equilibrium",
    "correlated_welfare_range",
    "CorrelatedEquilibrium",
    "WelfareRange",
    "social_optimum",
    "SocialOptimum",
    "StructuredEquilibria",
    "StructuredEquilibrium",
    "best_response_equilibria",
    "SubsetSearchResult",
    "branch_and_bound_subsets",
    "ContinuousEquilibrium",
    "ContinuousOptimum",
    "continuous_nash",
    "potential_nash",
    "best_response_regrets",
    "DynamicsResult",
    "best_response_dynamics",
    "fictitious_play",
    "replicator_dynamics",
    "logit_dynamics",
    "regret_matching",
    "cce_violation",
    "ce_violation",
]
