"""Equilibrium solvers: one module per family of algorithms."""

from coordgame.solvers.lemke_howson import lemke_howson, lemke_howson_all
from coordgame.solvers.pure import pure_nash

__all__ = ["pure_nash", "lemke_howson", "lemke_howson_all"]
