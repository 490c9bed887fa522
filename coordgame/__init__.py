"""coordgame: equilibria of collective-action games under local competition and central planning.

The public surface:

* games: :class:`NormalFormGame`, :mod:`coordgame.games` (classic and random games);
* solvers: :func:`nash`, :func:`pure_nash`, :func:`correlated_equilibrium`, :func:`social_optimum`, ...;
* regimes and losses: :mod:`coordgame.mechanisms` (:func:`compare`), :mod:`coordgame.metrics`;
* files: :func:`read_nfg`, :func:`write_nfg` (Gambit ``.nfg``), :mod:`coordgame.io` (JSON, peer converters);
* results: :class:`Equilibrium`, :class:`EquilibriumSet`, :func:`verify`;
* errors: :class:`CoordgameError` and its subclasses.
"""

from coordgame import games, mechanisms, metrics, selection
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
from coordgame.games.structured import StructuredGame
from coordgame.io.nfg import read_nfg, write_nfg
from coordgame.mechanisms import (
    CentralPlanning,
    Comparison,
    LocalCompetition,
    Mediator,
    Outcome,
    Quota,
    Transfers,
    compare,
)
from coordgame.solvers.continuous import (
    ContinuousEquilibrium,
    ContinuousOptimum,
    best_response_regrets,
    continuous_nash,
    planner_optimum,
    potential_nash,
)
from coordgame.solvers.correlated import correlated_equilibrium, correlated_welfare_range
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
from coordgame.solvers.lemke_howson import lemke_howson, lemke_howson_all
from coordgame.solvers.logit import LogitPath, LogitQRE, logit_path, logit_qre, logit_solve
from coordgame.solvers.nash import nash
from coordgame.solvers.planner import social_optimum
from coordgame.solvers.pure import pure_nash
from coordgame.solvers.structured import exhaustive_pure_nash, structured_best_response_dynamics
from coordgame.solvers.subset_search import branch_and_bound_subsets
from coordgame.solvers.support_enumeration import support_enumeration
from coordgame.solvers.support_n import support_enumeration_n
from coordgame.solvers.vertex_enumeration import vertex_enumeration

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
    "support_enumeration",
    "vertex_enumeration",
    "correlated_equilibrium",
    "correlated_welfare_range",
    "social_optimum",
    "metrics",
    "mechanisms",
    "compare",
    "Comparison",
    "Outcome",
    "LocalCompetition",
    "CentralPlanning",
    "Mediator",
    "Transfers",
    "Quota",
    "StructuredGame",
    "structured_best_response_dynamics",
    "exhaustive_pure_nash",
    "branch_and_bound_subsets",
    "ContinuousGame",
    "ContinuousEquilibrium",
    "ContinuousOptimum",
    "continuous_nash",
    "potential_nash",
    "planner_optimum",
    "best_response_regrets",
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
    "lemke_howson",
    "lemke_howson_all",
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
