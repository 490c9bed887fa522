"""Cooperative (TU) games: values, the core and the least core, the nucleolus, bargaining.

Modules, one concept each (their docstrings state the mathematics):

* :mod:`~coordgame.coop.tu_game` — :class:`TUGame`, the characteristic function (an array over
  the :math:`2^n` coalitions by bitmask, or a cached callable);
* :mod:`~coordgame.coop.examples` — textbook games with published solutions;
* :mod:`~coordgame.coop.values` — :func:`shapley_value`, :func:`banzhaf_value` (exact or sampled);
* :mod:`~coordgame.coop.core` — :func:`core_check` (membership, with the most violated coalition);
* :mod:`~coordgame.coop.least_core` — :func:`least_core` (LP with constraint generation; an empty
  core certified by a balanced collection);
* :mod:`~coordgame.coop.nucleolus` — :func:`nucleolus` (a sequence of LPs);
* :mod:`~coordgame.coop.bargaining` — :func:`nash_bargaining`, :func:`kalai_smorodinsky`.

Examples
--------
>>> from coordgame import coop
>>> g = coop.examples.glove_game(left=1, right=2)
>>> coop.shapley_value(g).value.round(3).tolist(), coop.nucleolus(g).allocation.round(6).tolist()
([0.667, 0.167, 0.167], [1.0, 0.0, 0.0])
"""

from __future__ import annotations

from . import examples
from .bargaining import BargainingSolution, LinearFrontier, kalai_smorodinsky, nash_bargaining
from .core import CoreCheck, core_check
from .least_core import LeastCore, least_core
from .nucleolus import Nucleolus, nucleolus
from .tu_game import ENUMERATION_MAX, TUGame
from .values import CoalitionValue, banzhaf_value, shapley_value

__all__ = [
    "TUGame",
    "ENUMERATION_MAX",
    "examples",
    "CoalitionValue",
    "shapley_value",
    "banzhaf_value",
    "CoreCheck",
    "core_check",
    "LeastCore",
    "least_core",
    "Nucleolus",
    "nucleolus",
    "BargainingSolution",
    "LinearFrontier",
    "nash_bargaining",
    "kalai_smorodinsky",
]
