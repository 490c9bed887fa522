"""Equilibrium solvers: one module per family of algorithms."""

from coordgame.solvers.pure import pure_nash

__all__ = ["pure_nash"]
