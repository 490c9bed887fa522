"""Equilibrium solvers: one module per family of algorithms."""

from coordgame.solvers.correlated import correlated_equilibrium, correlated_welfare_range
from coordgame.solvers.planner import social_optimum
from coordgame.solvers.pure import pure_nash

__all__ = ["pure_nash", "correlated_equilibrium", "correlated_welfare_range", "social_optimum"]
