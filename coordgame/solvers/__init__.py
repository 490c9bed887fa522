"""Equilibrium solvers: one module per family of algorithms."""

from coordgame.solvers.pure import pure_nash
from coordgame.solvers.structured import (
    StructuredEquilibria,
    StructuredEquilibrium,
    best_response_dynamics,
    exhaustive_pure_nash,
    verify_profile,
)
from coordgame.solvers.subset_search import SubsetSearchResult, branch_and_bound_subsets

__all__ = [
    "pure_nash",
    "StructuredEquilibria",
    "StructuredEquilibrium",
    "best_response_dynamics",
    "exhaustive_pure_nash",
    "verify_profile",
    "SubsetSearchResult",
    "branch_and_bound_subsets",
]
