"""Equilibrium solvers: one module per family of algorithms.

Every solver here takes a game (or plain payoffs, see :func:`coordgame.games.as_game`) and
returns a result that follows the protocol of :mod:`coordgame.results`; the result classes are
importable from here too (``from coordgame.solvers import CorrelatedEquilibrium``).
"""

import functools
import warnings
from typing import Any

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
    incentive_violation,
)
from coordgame.solvers.dynamics import (
    DynamicsResult,
    best_response_dynamics,
    best_response_equilibria,
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
    "incentive_violation",
]


#: Old names of :func:`incentive_violation`, and the ``coarse`` flag each one meant.
_RENAMED = {"ce_violation": False, "cce_violation": True}


def __getattr__(name: str) -> Any:
    """``ce_violation`` / ``cce_violation``: now :func:`incentive_violation`, with a DeprecationWarning."""
    if name not in _RENAMED:
        raise AttributeError(f"module 'coordgame.solvers' has no attribute {name!r}")
    coarse = _RENAMED[name]
    warnings.warn(f"coordgame.solvers.{name}(game, z) is now coordgame.solvers.incentive_violation(game, z"
                  f"{', coarse=True' if coarse else ''}); the old name will be removed", DeprecationWarning, stacklevel=2)
    return functools.partial(incentive_violation, coarse=coarse)
