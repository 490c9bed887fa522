"""coordgame: equilibria of collective-action games under local competition and central planning.

The public surface:

* games: :class:`NormalFormGame`, :mod:`coordgame.games` (classic and random games);
* solvers: :func:`pure_nash`, ...;
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
from coordgame.games.normal_form import NormalFormGame
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
