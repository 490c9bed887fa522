"""coordgame: equilibria of collective-action games under local competition and central planning.

The public surface:

* games: :class:`NormalFormGame`, :mod:`coordgame.games` (classic and random games);
* solvers: :func:`pure_nash`, ...;
* files: :func:`read_nfg`, :func:`write_nfg` (Gambit ``.nfg``), :mod:`coordgame.io` (JSON, peer converters);
* results: :class:`Equilibrium`, :class:`EquilibriumSet`, :func:`verify`;
* errors: :class:`CoordgameError` and its subclasses.
"""

from coordgame import games, selection
from coordgame.equilibrium import Equilibrium, EquilibriumSet, verify
from coordgame.errors import (
    ConvergenceError,
    CoordgameError,
    DegenerateGameWarning,
    FileFormatError,
    InfeasibleError,
    InvalidArgumentError,
    InvalidGameError,
    InvalidProfileError,
    MissingDependencyError,
    UnsupportedGameError,
    VerificationError,
)
from coordgame.games.continuous import ContinuousGame
from coordgame.games.normal_form import NormalFormGame
from coordgame.io.nfg import read_nfg, write_nfg
from coordgame.solvers.continuous import (
    ContinuousEquilibrium,
    ContinuousOptimum,
    RegimeComparison,
    best_response_regrets,
    compare_regimes,
    continuous_nash,
    planner_optimum,
    potential_nash,
)
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
from coordgame.solvers.logit import LogitPath, LogitQRE, logit_path, logit_qre, logit_solve
from coordgame.solvers.nash import nash
from coordgame.solvers.pure import pure_nash
from coordgame.solvers.support_n import support_enumeration_n

__version__ = "0.1.0"

__all__ = [
    "games",
    "selection",
    "NormalFormGame",
    "Equilibrium",
    "EquilibriumSet",
    "verify",
    "nash",
    "pure_nash",
    "ContinuousGame",
    "ContinuousEquilibrium",
    "ContinuousOptimum",
    "RegimeComparison",
    "continuous_nash",
    "potential_nash",
    "planner_optimum",
    "best_response_regrets",
    "compare_regimes",
    "DynamicsResult",
    "best_response_dynamics",
    "fictitious_play",
    "replicator_dynamics",
    "logit_dynamics",
    "regret_matching",
    "cce_violation",
    "ce_violation",
    "read_nfg",
    "write_nfg",
    "logit_qre",
    "logit_path",
    "logit_solve",
    "LogitQRE",
    "LogitPath",
    "support_enumeration_n",
    "CoordgameError",
    "ConvergenceError",
    "DegenerateGameWarning",
    "FileFormatError",
    "InfeasibleError",
    "InvalidArgumentError",
    "InvalidGameError",
    "InvalidProfileError",
    "MissingDependencyError",
    "UnsupportedGameError",
    "VerificationError",
]
