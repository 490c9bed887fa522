"""Equilibrium solvers: one module per family of algorithms."""

from coordgame.solvers.pure import pure_nash
from coordgame.solvers.support_enumeration import support_enumeration
from coordgame.solvers.vertex_enumeration import vertex_enumeration

__all__ = ["pure_nash", "support_enumeration", "vertex_enumeration"]
