"""Equilibrium solvers: one module per family of algorithms."""

from coordgame.solvers.logit import LogitPath, LogitQRE, logit_path, logit_qre, logit_solve
from coordgame.solvers.pure import pure_nash
from coordgame.solvers.support_n import support_enumeration_n

__all__ = ["pure_nash", "logit_qre", "logit_path", "logit_solve", "LogitQRE", "LogitPath", "support_enumeration_n"]
