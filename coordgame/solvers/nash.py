"""One entry point for Nash equilibria: :func:`nash` picks a sound method and says which.

Methods are registered by name in :data:`METHODS`; each is a function
``(game, *, tol, **options) -> EquilibriumSet`` imported only when used, so that
``import coordgame`` stays fast.  ``method="auto"`` chooses:

* **two players, small** (at most ``VERTEX_AUTO_LIMIT`` actions for the smaller side):
  vertex enumeration, which returns *every* extreme equilibrium, degenerate games included;
* **two players, large**: Lemke–Howson from the first label (one equilibrium, fast);
* **N players**: every pure equilibrium (complete), plus mixed methods where registered.
"""

from __future__ import annotations

import importlib
from typing import Any

from coordgame.equilibrium import DEFAULT_TOL, EquilibriumSet
from coordgame.errors import InvalidArgumentError
from coordgame.games.normal_form import NormalFormGame

__all__ = ["ALIASES", "METHODS", "VERTEX_AUTO_LIMIT", "nash"]

#: Method name -> "module:function" of a solver returning an EquilibriumSet.
METHODS: dict[str, str] = {
    "pure_nash": "coordgame.solvers.pure:pure_nash",
    "vertex_enumeration": "coordgame.solvers.vertex_enumeration:vertex_enumeration",
    "support_enumeration": "coordgame.solvers.support_enumeration:support_enumeration",
    "lemke_howson": "coordgame.solvers.nash:lemke_howson_once",
    "lemke_howson_all": "coordgame.solvers.lemke_howson:lemke_howson_all",
}

#: Short names accepted for ``method``.
ALIASES: dict[str, str] = {"pure": "pure_nash", "vertex": "vertex_enumeration", "support": "support_enumeration"}

#: With two players, ``auto`` uses vertex enumeration when the smaller action count is at most this.
VERTEX_AUTO_LIMIT = 12


def lemke_howson_once(game: NormalFormGame, *, tol: float = DEFAULT_TOL, initial_label: int = 0,
                      **options: Any) -> EquilibriumSet:
    """The one equilibrium at the end of the Lemke–Howson path from ``initial_label``, as a set.

    """
    from coordgame.solvers.lemke_howson import lemke_howson

    found = lemke_howson(game, initial_label, tol=tol, **options)
    return EquilibriumSet((found,), game, method="lemke_howson", complete=False,
                          notes=(f"one equilibrium: the end of the Lemke-Howson path from label {initial_label}",),
                          parameters={"tol": tol, "initial_label": initial_label, **options})


def _solver(name: str):
    module, function = METHODS[name].split(":")
    return getattr(importlib.import_module(module), function)


def _auto_method(game: NormalFormGame) -> str:
    if game.num_players == 2:
        return "vertex_enumeration" if min(game.num_actions) <= VERTEX_AUTO_LIMIT else "lemke_howson"
    return "pure_nash"


def nash(game: NormalFormGame, method: str = "auto", *, tol: float = DEFAULT_TOL, **options: Any) -> EquilibriumSet:
    """Nash equilibria of ``game`` by the named method (or a sound automatic choice).

    Parameters
    ----------
    game : NormalFormGame
    method : str, default "auto"
        ``"auto"``, a key of :data:`METHODS` (``"pure_nash"``, ``"vertex_enumeration"``,
        ``"support_enumeration"``, ``"lemke_howson"``, ``"lemke_howson_all"``, ...) or a short
        alias (``"pure"``, ``"vertex"``, ``"support"``).
    tol : float, default 1e-9
        Relative regret tolerance used to verify every equilibrium.
    **options
        Passed to the chosen solver (e.g. ``exact=True`` for ``"vertex"``).

    Returns
    -------
    EquilibriumSet
        ``.method`` names the method actually used; ``.complete`` says whether it is
        guaranteed to contain every equilibrium of the class it searched.

    Examples
    --------
    >>> import coordgame as cg
    >>> eqs = cg.nash(cg.games.stag_hunt())
    >>> eqs.method, len(eqs), eqs.complete
    ('vertex_enumeration', 3, True)
    >>> cg.nash(cg.games.minimum_effort(num_players=3, efforts=3)).method
    'pure_nash'
    """
    if not isinstance(game, NormalFormGame):
        raise InvalidArgumentError(f"game: expected a NormalFormGame, got {type(game).__name__}")
    chosen = _auto_method(game) if method == "auto" else ALIASES.get(method, method)
    if chosen not in METHODS:
        raise InvalidArgumentError(f"method: expected 'auto' or one of {sorted(METHODS)}, got {method!r}")
    result = _solver(chosen)(game, tol=tol, **options)
    if method == "auto" and chosen == "pure_nash" and game.num_players > 2:
        result = EquilibriumSet(
            result.equilibria, game, method=result.method, complete=result.complete,
            notes=(*result.notes, "auto: pure equilibria only; mixed equilibria of N-player games were not searched"),
            parameters=result.parameters,
        )
    return result
