"""Equilibrium solvers: one module per family of algorithms."""

from coordgame.solvers.dynamics import (
    DynamicsResult,
    best_response_dynamics,
    cce_violation,
    ce_violation,
    fictitious_play,
    logit_dynamics,
    regret_matching,
    replicator_dynamics,
)
from coordgame.solvers.pure import pure_nash

__all__ = [
    "pure_nash",
    "DynamicsResult",
    "best_response_dynamics",
    "fictitious_play",
    "replicator_dynamics",
    "logit_dynamics",
    "regret_matching",
    "cce_violation",
    "ce_violation",
]
