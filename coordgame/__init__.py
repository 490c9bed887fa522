"""coordgame: equilibria of collective-action games under local competition and central planning.

The top level holds what most work needs; everything else lives in a submodule:

* games: :class:`NormalFormGame`, :class:`StructuredGame`, :class:`ContinuousGame`,
  :mod:`coordgame.games` (classic and random games, :func:`~coordgame.games.as_game`);
* solvers: :func:`nash`, :func:`pure_nash`, :func:`support_enumeration`,
  :func:`vertex_enumeration`, :func:`lemke_howson`, :func:`correlated_equilibrium`,
  :func:`social_optimum`, :func:`continuous_nash`; the rest (dynamics, logit QRE, N-player
  support enumeration, structured games, result classes) in :mod:`coordgame.solvers`;
* results: :class:`Equilibrium`, :class:`EquilibriumSet`, the protocol :class:`Result` every
  result follows, and :func:`verify`, the one check of a profile;
* regimes: :func:`compare`, :class:`LocalCompetition`, :class:`CentralPlanning`,
  :class:`Mediator`, :class:`Transfers`, :class:`Quota`; the rest in :mod:`coordgame.mechanisms`;
  losses and ratios in :mod:`coordgame.metrics`, welfare functions in :mod:`coordgame.welfare`,
  equilibrium selection in :mod:`coordgame.selection`;
* files: :func:`read_nfg`, :func:`write_nfg` (Gambit ``.nfg``), :mod:`coordgame.io` (JSON, peer converters);
* errors: :class:`CoordgameError`; its subclasses in :mod:`coordgame.errors`.

Every solver accepts a :class:`NormalFormGame` or plain payoffs: an array of shape
``(N, n_1, ..., n_N)`` or a pair of matrices ``(A, B)``.

Examples
--------
>>> import coordgame as cg
>>> cg.nash(([[3, 0], [5, 1]], [[3, 5], [0, 1]])).pure_profiles()
[(1, 1)]
"""

import functools
import warnings
from typing import Any

# The submodules a user reaches through the package (``cg.games.chicken()``, ``cg.solvers.logit_qre``).
from coordgame import errors as errors
from coordgame import games as games
from coordgame import io as io
from coordgame import mechanisms as mechanisms
from coordgame import metrics as metrics
from coordgame import selection as selection
from coordgame import solvers as solvers
from coordgame import welfare as welfare
from coordgame.equilibrium import Equilibrium, EquilibriumSet, verify
from coordgame.errors import CoordgameError
from coordgame.games.continuous import ContinuousGame
from coordgame.games.normal_form import NormalFormGame
from coordgame.games.structured import StructuredGame
from coordgame.io.nfg import read_nfg, write_nfg
from coordgame.mechanisms import CentralPlanning, LocalCompetition, Mediator, Quota, Transfers, compare
from coordgame.results import Result
from coordgame.solvers import (
    continuous_nash,
    correlated_equilibrium,
    lemke_howson,
    pure_nash,
    social_optimum,
    support_enumeration,
    vertex_enumeration,
)
from coordgame.solvers.nash import nash

__version__ = "0.1.0"

__all__ = [
    # games
    "NormalFormGame",
    "StructuredGame",
    "ContinuousGame",
    # solvers
    "nash",
    "pure_nash",
    "support_enumeration",
    "vertex_enumeration",
    "lemke_howson",
    "correlated_equilibrium",
    "social_optimum",
    "continuous_nash",
    # results and their check
    "Equilibrium",
    "EquilibriumSet",
    "Result",
    "verify",
    # regimes
    "compare",
    "LocalCompetition",
    "CentralPlanning",
    "Mediator",
    "Transfers",
    "Quota",
    # files and errors
    "read_nfg",
    "write_nfg",
    "CoordgameError",
]

#: Names that were top-level before 0.2, and the submodule each lives in now.
_MOVED = {
    **dict.fromkeys(["correlated_welfare_range", "branch_and_bound_subsets", "ContinuousEquilibrium",
                     "ContinuousOptimum", "potential_nash", "best_response_regrets", "DynamicsResult", "best_response_dynamics",
                     "fictitious_play", "replicator_dynamics", "logit_dynamics", "regret_matching",
                     "lemke_howson_all", "logit_qre", "logit_path", "logit_solve", "LogitQRE",
                     "LogitPath", "support_enumeration_n"], "solvers"),
    **dict.fromkeys(["Comparison", "Outcome"], "mechanisms"),
    **dict.fromkeys(["ConvergenceError", "DegenerateGameWarning", "FileFormatError", "InfeasibleError",
                     "InvalidArgumentError", "InvalidGameError", "InvalidProfileError", "MissingDependencyError",
                     "UnsupportedGameError", "VerificationError"], "errors"),
}


def __getattr__(name: str) -> Any:
    """The names moved to submodules, still reachable here for one release, with a DeprecationWarning."""
    if name in solvers._RENAMED:  # moved and renamed: one warning, with the new call
        coarse = ", coarse=True" if solvers._RENAMED[name] else ""
        warnings.warn(f"coordgame.{name}(game, z) is now coordgame.solvers.incentive_violation(game, z{coarse}); "
                      "the old name will be removed", DeprecationWarning, stacklevel=2)
        return functools.partial(solvers.incentive_violation, coarse=bool(coarse))
    home = _MOVED.get(name)
    if home is None:
        raise AttributeError(f"module 'coordgame' has no attribute {name!r}")
    warnings.warn(f"coordgame.{name} moved to coordgame.{home}.{name}; the top-level name will be removed",
                  DeprecationWarning, stacklevel=2)
    return getattr(globals()[home], name)
