"""One entry point for Nash equilibria: :func:`nash` picks a sound method and says which.

Methods are registered by name in :data:`METHODS`; each is a function
``(game, *, tol, **options) -> EquilibriumSet`` imported only when used, so that
``import coordgame`` stays fast.  ``method="auto"`` chooses:

* **two players, small** (at most ``VERTEX_AUTO_LIMIT`` actions for the smaller side):
  vertex enumeration, which returns *every* extreme equilibrium, degenerate games included;
* **two players, large**: Lemke–Howson from the first label (one equilibrium, fast);
* **N players, small** (at most ``SUPPORT_N_AUTO_LIMIT`` support profiles): N-player support
  enumeration, which contains every pure equilibrium and searches every support profile;
* **N players, large**: every pure equilibrium (complete) plus the logit solution (the limit of
  the principal logit QRE branch), reported as ``"pure_nash+logit"``.
"""

from __future__ import annotations

import importlib
from typing import Any

from coordgame._arguments import check_options, checked_arguments, keyword_names
from coordgame.equilibrium import EquilibriumSet
from coordgame.errors import InvalidArgumentError
from coordgame.games.normal_form import NormalFormGame, as_game
from coordgame.tolerances import DEFAULT_TOL

__all__ = ["ALIASES", "METHODS", "PROGRESS_METHODS", "VERTEX_AUTO_LIMIT", "method_options", "nash", "resolve_method"]

#: Method name -> "module:function" of a solver returning an EquilibriumSet.
METHODS: dict[str, str] = {
    "pure_nash": "coordgame.solvers.pure:pure_nash",
    "vertex_enumeration": "coordgame.solvers.vertex_enumeration:vertex_enumeration",
    "support_enumeration": "coordgame.solvers.support_enumeration:support_enumeration",
    "lemke_howson": "coordgame.solvers.nash:lemke_howson_once",
    "lemke_howson_all": "coordgame.solvers.lemke_howson:lemke_howson_all",
    "logit": "coordgame.solvers.logit:logit_equilibria",
    "support_enumeration_n": "coordgame.solvers.support_n:support_enumeration_n",
    "pure_nash+logit": "coordgame.solvers.nash:pure_and_logit",
}

#: Methods whose ``**options`` are passed on to another function ("module:function"), whose keywords they accept.
_FORWARDS: dict[str, str] = {
    "lemke_howson": "coordgame.solvers.lemke_howson:lemke_howson",
    "logit": "coordgame.solvers.logit:logit_path",
    "pure_nash+logit": "coordgame.solvers.logit:logit_path",
}

#: Short names accepted for ``method``.
ALIASES: dict[str, str] = {"pure": "pure_nash", "vertex": "vertex_enumeration", "support": "support_enumeration",
                           "support_n": "support_enumeration_n", "logit_solve": "logit"}

#: With two players, ``auto`` uses vertex enumeration when the smaller action count is at most this.
VERTEX_AUTO_LIMIT = 12

#: With N > 2 players, ``auto`` enumerates supports when the game has at most this many support profiles.
SUPPORT_N_AUTO_LIMIT = 150

#: The methods that show a progress bar and stop cleanly on Ctrl-C (``progress=`` keyword).
PROGRESS_METHODS = ("vertex_enumeration", "support_enumeration_n")


def lemke_howson_once(game: NormalFormGame, *, tol: float = DEFAULT_TOL, initial_label: int = 0,
                      **options: Any) -> EquilibriumSet:
    """The one equilibrium at the end of the Lemke–Howson path from ``initial_label``, as a set.

    Examples
    --------
    >>> import coordgame as cg
    >>> result = lemke_howson_once(cg.games.battle_of_the_sexes())
    >>> result.complete, result[0].pure_profile
    (False, (0, 0))
    """
    from coordgame.solvers.lemke_howson import lemke_howson

    check_options(options, keyword_names(lemke_howson, exclude=("game", "initial_label", "tol")), "lemke_howson")
    found = lemke_howson(game, initial_label, tol=tol, **options)
    return EquilibriumSet((found,), game, method="lemke_howson", complete=False,
                          notes=(f"one equilibrium, not all: the end of the Lemke-Howson path from label {initial_label}",),
                          parameters={"tol": tol, "initial_label": initial_label, **options})


def pure_and_logit(game: NormalFormGame, *, tol: float = DEFAULT_TOL, **options: Any) -> EquilibriumSet:
    """Every pure equilibrium, plus the logit solution when it is not one of them.

    ``complete`` is False: mixed equilibria other than the logit solution are not searched.

    Examples
    --------
    In the battle of the sexes the logit solution is the mixed equilibrium:

    >>> import coordgame as cg
    >>> from coordgame.solvers.nash import pure_and_logit
    >>> result = pure_and_logit(cg.games.battle_of_the_sexes())
    >>> result.pure_profiles(), [s.round(6).tolist() for s in result[-1].strategies]
    ([(0, 0), (1, 1)], [[0.6, 0.4], [0.4, 0.6]])
    """
    from coordgame.solvers.logit import logit_path
    from coordgame.solvers.pure import pure_nash

    check_options(options, keyword_names(logit_path, exclude=("game", "tol")), "pure_nash+logit")
    pure = pure_nash(game, tol=tol)
    path = logit_path(game, tol=tol, **options)
    found = list(pure)
    notes = [*pure.notes, "pure equilibria: complete",
             "not all equilibria: of the mixed ones only the logit solution is searched"]
    if path.equilibrium is None:
        notes.append(f"logit: no verified limit ({path.message})")
    elif not path.equilibrium.is_pure:
        found.append(path.equilibrium)
        notes.append("logit: the limit of the principal logit QRE branch is the mixed equilibrium listed last")
    else:
        notes.append(f"logit: the principal logit QRE branch ends at the pure equilibrium {path.equilibrium.pure_profile}")
    return EquilibriumSet(tuple(found), game, method="pure_nash+logit", complete=False, notes=tuple(notes),
                          parameters={"tol": tol, **options})


def _solver(name: str, table: dict[str, str] = METHODS):
    module, function = table[name].split(":")
    return getattr(importlib.import_module(module), function)


def resolve_method(game: NormalFormGame, method: str = "auto") -> str:
    """The key of :data:`METHODS` that :func:`nash` uses for ``method`` on ``game``.

    Examples
    --------
    >>> import coordgame as cg
    >>> resolve_method(cg.games.stag_hunt()), resolve_method(cg.games.stag_hunt(), "pure")
    ('vertex_enumeration', 'pure_nash')
    """
    if not isinstance(method, str):
        raise InvalidArgumentError(f"method: expected a method name, got {type(method).__name__}")
    chosen = _auto_method(game) if method == "auto" else ALIASES.get(method, method)
    if chosen not in METHODS:
        raise InvalidArgumentError(f"method: expected 'auto' or one of {sorted(METHODS)}, got {method!r}")
    return chosen


def method_options(method: str) -> tuple[str, ...]:
    """The keyword options (besides ``tol``) that :func:`nash` accepts with ``method`` (a name or alias).

    Examples
    --------
    >>> method_options("pure")
    ('limit',)
    >>> "exact" in method_options("vertex_enumeration")
    True
    """
    name = ALIASES.get(method, method)
    if name not in METHODS:
        raise InvalidArgumentError(f"method: expected one of {sorted(METHODS)}, got {method!r}")
    names = keyword_names(_solver(name), exclude=("game", "tol"))
    if name in _FORWARDS:
        names += tuple(n for n in keyword_names(_solver(name, _FORWARDS), exclude=("game", "tol", "initial_label"))
                       if n not in names)
    return names


def _auto_method(game: NormalFormGame) -> str:
    if game.num_players == 2:
        return "vertex_enumeration" if min(game.num_actions) <= VERTEX_AUTO_LIMIT else "lemke_howson"
    if game.num_players == 1:
        return "pure_nash"
    from coordgame.solvers.support_n import support_profile_count

    return "support_enumeration_n" if support_profile_count(game) <= SUPPORT_N_AUTO_LIMIT else "pure_nash+logit"


@checked_arguments
def nash(game: NormalFormGame, method: str = "auto", *, tol: float = DEFAULT_TOL, progress: bool | None = None,
         **options: Any) -> EquilibriumSet:
    """Nash equilibria of ``game`` by the named method (or a sound automatic choice).

    Parameters
    ----------
    game : NormalFormGame or array_like
        The game, or its payoffs: see :func:`coordgame.games.as_game`.
    method : str, default "auto"
        ``"auto"``, a key of :data:`METHODS` (``"pure_nash"``, ``"vertex_enumeration"``,
        ``"support_enumeration"``, ``"lemke_howson"``, ``"lemke_howson_all"``, ...) or a short
        alias (``"pure"``, ``"vertex"``, ``"support"``).
    tol : float, default 1e-9
        Relative regret tolerance used to verify every equilibrium.
    progress : bool, optional
        For the long-running enumerations (:data:`PROGRESS_METHODS`): show a tqdm bar (True),
        never (False), or only for a long run on a terminal (None).  Other methods have no bar.
        On Ctrl-C these raise :class:`coordgame.errors.Interrupted` (a KeyboardInterrupt)
        whose ``partial`` holds the equilibria found so far, marked ``complete=False``.
    **options
        Passed to the chosen solver (e.g. ``exact=True`` for ``"vertex"``); see
        :func:`method_options` for what each method accepts.

    Returns
    -------
    EquilibriumSet
        ``.method`` names the method actually used; ``.complete`` says whether it is
        guaranteed to contain every equilibrium of the class it searched.  Methods that find
        one equilibrium (``"lemke_howson"``, ``"logit"``, ``pure_nash`` with ``limit``) return
        ``complete=False`` with a note saying "not all".

    Raises
    ------
    InvalidGameError
        If ``game`` is not a game.
    InvalidArgumentError
        If ``method`` is unknown, or an option is not one the chosen method accepts (the
        message lists the ones it does).

    Examples
    --------
    >>> import coordgame as cg
    >>> eqs = cg.nash(cg.games.stag_hunt())
    >>> eqs.method, len(eqs), eqs.complete
    ('vertex_enumeration', 3, True)
    >>> cg.nash(cg.games.minimum_effort(num_players=3, efforts=2)).method
    'support_enumeration_n'
    >>> cg.nash(cg.games.minimum_effort(num_players=3, efforts=5)).method
    'pure_nash+logit'
    """
    game = as_game(game)
    chosen = resolve_method(game, method)
    check_options(options, method_options(chosen), f"nash method {chosen!r}")
    from coordgame._progress import show_progress

    show_progress(progress, False)  # validates the keyword for every method
    if chosen in PROGRESS_METHODS:
        options["progress"] = progress
    return _solver(chosen)(game, tol=tol, **options)
