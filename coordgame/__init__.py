"""coordgame: equilibria of collective-action games under local competition and central planning.

The public surface:

* games: :class:`NormalFormGame`, :mod:`coordgame.games` (classic and random games);
* solvers: :func:`pure_nash`, ...;
* files: :func:`read_nfg`, :func:`write_nfg` (Gambit ``.nfg``), :mod:`coordgame.io` (JSON, peer converters);
* results: :class:`Equilibrium`, :class:`EquilibriumSet`, :func:`verify`;
* errors: :class:`CoordgameError` and its subclasses.
"""

from coordgame import games
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
from coordgame.io.nfg import read_nfg, write_nfg
from coordgame.solvers.nash import nash
from coordgame.solvers.pure import pure_nash
from coordgame.solvers.support_enumeration import support_enumeration
from coordgame.solvers.vertex_enumeration import vertex_enumeration

__version__ = "0.1.0"

__all__ = [
    "games",
    "NormalFormGame",
    "Equilibrium",
    "EquilibriumSet",
    "verify",
    "nash",
    "pure_nash",
    "support_enumeration",
    "vertex_enumeration",
    "read_nfg",
    "write_nfg",
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
