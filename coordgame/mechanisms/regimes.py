"""The regimes and their common result: what players reach on their own, and what a planner chooses.

Each regime is a small object whose :meth:`~Regime.solve` takes a game and returns an
:class:`Outcome`.  Every outcome says how it was selected: ``selection`` (the rule: ``"worst"``,
``"best"``, ``"first"``, ``"all"`` over the equilibria found, ``"optimum"`` for the planner,
``"best correlated"`` / ``"worst correlated"`` for the mediator), ``equilibrium_count`` (how
many equilibria survive in the game the players face), ``complete`` (whether that set is known to
be every equilibrium) and ``method``.  Local competition, quotas and transfers select among the
equilibria by the same rule, so their welfare is comparable.

:class:`LocalCompetition` and :class:`CentralPlanning` also take a
:class:`~coordgame.games.continuous.ContinuousGame` (one equilibrium by
:func:`~coordgame.solvers.continuous.continuous_nash`, never known to be the only one; the
planner's optimum by :func:`~coordgame.solvers.planner.social_optimum`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from coordgame._arguments import check_options, checked_arguments, keyword_names
from coordgame._checks import one_of
from coordgame.equilibrium import EquilibriumSet
from coordgame.errors import InvalidArgumentError, UnsupportedGameError
from coordgame.games.continuous import ContinuousGame
from coordgame.games.normal_form import NormalFormGame, as_game
from coordgame.results import Result, Verification, _combined
from coordgame.solvers.correlated import correlated_equilibrium
from coordgame.solvers.nash import ALIASES, METHODS, nash
from coordgame.solvers.planner import social_optimum
from coordgame.tolerances import DEFAULT_TOL, check_tolerance
from coordgame.welfare import Welfare, WelfareLike, as_welfare

__all__ = ["Outcome", "Regime", "LocalCompetition", "CentralPlanning", "Mediator", "Quota", "SELECT"]

#: The selection rules among the equilibria found.
SELECT = ("worst", "best", "first", "all")


def _checked_method(method: str) -> str:
    """Validate a Nash ``method`` name at construction (``coordgame.nash`` would only at solve time)."""
    known = ("auto", "pure", *METHODS, *ALIASES)
    if method not in known:
        raise InvalidArgumentError(f"method: expected one of {sorted(set(known))}, got {method!r}")
    return method


def _options(options: Any) -> dict[str, Any]:
    if options is None:
        return {}
    if not isinstance(options, dict):
        raise InvalidArgumentError(f"options: expected a dict of keyword arguments, got {type(options).__name__}")
    return dict(options)


# ------------------------------------------------------------------------- outcomes
@dataclass(frozen=True, eq=False)
class Outcome(Result):
    """What a regime achieves in a game, and how it was selected.

    Attributes
    ----------
    regime : str
        Short label (a table row name), e.g. ``"local competition (worst)"``.
    description : str
        One sentence: what was computed.
    payoffs : ndarray
        Each player's expected payoff (before any transfers).
    welfare : float
        The regime's welfare function at ``payoffs``.
    welfare_name : str
    strategies : tuple of ndarray, optional
        Independent mixed strategies, when the outcome is a (mixed) profile.
    distribution : ndarray, optional
        The joint distribution over profiles, when the outcome is correlated or a lottery.
    equilibria : EquilibriumSet, optional
        The equilibrium set the regime computed (local competition, quota, transfers).
    cost : float
        Money the centre pays at the outcome (transfers, in expectation); 0 otherwise.
    details : dict
        Regime-specific extras (the transfer scheme, the correlated equilibrium, ...).
    selection : str
        How the outcome was chosen: ``"worst"``, ``"best"``, ``"first"`` or ``"all"`` among
        the equilibria found, ``"optimum"`` (planner), ``"best correlated"`` /
        ``"worst correlated"`` (mediator).
    equilibrium_count : int or None
        The number of equilibria found in the game the players face (after quotas or
        transfers); None when the regime does not compute equilibria (planner, mediator).
    complete : bool or None
        Whether those are known to be all the equilibria (of the class searched); when False
        the ``"worst"`` / ``"best"`` selection is over the equilibria found only.
    method : str
        The algorithm that produced the outcome.

    Examples
    --------
    >>> import coordgame as cg
    >>> out = cg.mechanisms.Mediator().solve(cg.games.chicken())
    >>> out.regime, out.selection, round(out.welfare, 6), out.distribution.round(6).tolist()
    ('mediator (best)', 'best correlated', 10.5, [[0.0, 0.25], [0.25, 0.5]])
    """

    regime: str
    description: str
    payoffs: np.ndarray
    welfare: float
    welfare_name: str
    strategies: tuple[np.ndarray, ...] | None = None
    distribution: np.ndarray | None = None
    equilibria: EquilibriumSet | None = None
    cost: float = 0.0
    details: dict[str, Any] = field(default_factory=dict)
    selection: str = ""
    equilibrium_count: int | None = None
    complete: bool | None = None
    method: str = ""

    @property
    def verification(self) -> Verification | None:
        """The checks of the equilibria and of any solver result in ``details``, combined."""
        parts = [self.equilibria, *(v for v in self.details.values() if isinstance(v, Result))]
        return _combined([v for r in parts if isinstance(r, Result) and (v := r.verification) is not None])

    def __repr__(self) -> str:
        pay = np.array2string(np.asarray(self.payoffs), precision=4, separator=", ")
        extra = f", cost={self.cost:.6g}" if self.cost else ""
        survive = "" if self.equilibrium_count is None else (
            f", {self.selection} of {self.equilibrium_count} equilibri{'um' if self.equilibrium_count == 1 else 'a'}"
            + ("" if self.complete else " (not known complete)"))
        return f"Outcome({self.regime!r}: payoffs={pay}, {self.welfare_name}={self.welfare:.6g}{extra}{survive})"

    def _payload(self) -> dict[str, Any]:
        """The outcome without the equilibrium set and details (see :meth:`to_dict`)."""
        return {
            "regime": self.regime,
            "description": self.description,
            "payoffs": np.asarray(self.payoffs).tolist(),
            "welfare": self.welfare,
            "welfare_name": self.welfare_name,
            "strategies": None if self.strategies is None else [s.tolist() for s in self.strategies],
            "distribution": None if self.distribution is None else self.distribution.tolist(),
            "cost": self.cost,
            "selection": self.selection,
            "equilibrium_count": self.equilibrium_count,
            "complete": self.complete,
            "method": self.method,
        }


def _frozen(array: Any) -> np.ndarray:
    out = np.array(array, dtype=np.float64)
    out.setflags(write=False)
    return out


class Regime:
    """Base class of the regimes: ``solve(game) -> Outcome``.

    Subclasses implement :meth:`outcomes`; :meth:`solve` returns its single outcome.

    Examples
    --------
    >>> import coordgame as cg
    >>> regime = cg.mechanisms.CentralPlanning()  # a concrete regime
    >>> isinstance(regime, cg.mechanisms.Regime), regime.solve(cg.games.stag_hunt()).welfare
    (True, 8.0)
    """

    welfare: WelfareLike = "utilitarian"
    #: Whether the regime also takes a ContinuousGame.
    continuous = False

    def outcomes(self, game: NormalFormGame) -> list[Outcome]:  # pragma: no cover - abstract
        """Every outcome this regime produces in ``game`` (one, except with ``select="all"``)."""
        raise NotImplementedError

    def _check_game(self, game: Any) -> NormalFormGame | ContinuousGame:
        """``game`` as a NormalFormGame (payoff arrays are accepted), or a ContinuousGame if this regime takes one."""
        if isinstance(game, ContinuousGame):
            if not self.continuous:
                raise UnsupportedGameError(f"game: {type(self).__name__} needs a finite NormalFormGame; for a "
                                           "ContinuousGame use LocalCompetition and CentralPlanning")
            return game
        return as_game(game)

    def solve(self, game: NormalFormGame) -> Outcome:
        """The outcome of this regime in ``game``."""
        game = self._check_game(game)
        found = self.outcomes(game)
        if len(found) != 1:
            raise InvalidArgumentError(f"{type(self).__name__}.solve gives one outcome; this regime has {len(found)}: "
                                       "use .outcomes(game)")
        return found[0]

    __call__ = solve


def _selected(values: np.ndarray, select: str, eqs: EquilibriumSet) -> list[int]:
    """Indices of the equilibria ``select`` picks, by their welfare ``values``."""
    if len(values) == 0:
        raise UnsupportedGameError(
            f"no equilibrium found by method {eqs.method!r} (notes: {'; '.join(eqs.notes) or 'none'}); "
            "choose a method that finds mixed equilibria"
        )
    if select == "worst":
        return [int(np.argmin(values))]
    if select == "best":
        return [int(np.argmax(values))]
    if select == "first":
        return [0]
    return list(range(len(values)))


def _selection_phrase(select: str, k: int, count: int, w: Welfare, eqs: EquilibriumSet) -> str:
    what = f"equilibrium {k}" if select in ("all", "first") else f"the {select} equilibrium"
    return (f"{what} by {w.name} welfare of {count} found by {eqs.method}"
            + ("" if eqs.complete else " (not known to be all of them: the selection is over those found)"))


class LocalCompetition(Regime):
    """Every player maximises its own payoff: a Nash equilibrium.

    Parameters
    ----------
    select : {"worst", "best", "first", "all"}, default "worst"
        Which equilibrium: least or greatest welfare among those found, the solver's first,
        or all of them (use :meth:`outcomes`).  When the method does not find every equilibrium
        (``Outcome.complete`` False) "worst" and "best" are over those found.
    method : str, default "auto"
        Passed to :func:`coordgame.nash` (finite games).
    welfare : str, Welfare or callable, default "utilitarian"
        Ranks the equilibria for ``select`` and is reported.
    tol : float, default 1e-9
        Relative verification tolerance.
    options : dict, optional
        Further keyword arguments for :func:`coordgame.nash`, or for
        :func:`~coordgame.solvers.continuous.continuous_nash` in a ContinuousGame, which gives
        one equilibrium: the outcome then reports ``selection="first"`` and ``complete=False``
        whatever ``select`` is.

    Examples
    --------
    >>> import coordgame as cg
    >>> out = cg.mechanisms.LocalCompetition("worst", method="pure").solve(cg.games.stag_hunt())
    >>> out.regime, out.welfare, out.selection, out.equilibrium_count, out.complete
    ('local competition (worst)', 4.0, 'worst', 2, True)
    """

    continuous = True

    @checked_arguments
    def __init__(self, select: str = "worst", *, method: str = "auto", welfare: WelfareLike = "utilitarian",
                 tol: float = DEFAULT_TOL, options: dict[str, Any] | None = None) -> None:
        self.select = one_of(select, "select", SELECT)
        self.method = _checked_method(method)
        self.welfare = as_welfare(welfare)
        self.tol = check_tolerance(tol, "tol", positive=True)
        self.options = _options(options)

    def __repr__(self) -> str:
        return f"LocalCompetition(select={self.select!r}, method={self.method!r})"

    def outcomes(self, game: NormalFormGame | ContinuousGame) -> list[Outcome]:
        game = self._check_game(game)
        if isinstance(game, ContinuousGame):
            return [self._continuous(game)]
        eqs = nash(game, self.method, tol=self.tol, **self.options)
        return self._from_set(eqs, "local competition")

    def _from_set(self, eqs: EquilibriumSet, label: str, **extra: Any) -> list[Outcome]:
        w = self.welfare
        values = np.array([w(eq.payoffs) for eq in eqs])
        outs = []
        for k in _selected(values, self.select, eqs):
            eq = eqs[k]
            tag = f"{label} (equilibrium {k})" if self.select == "all" else f"{label} ({self.select})"
            description = f"Nash equilibrium: {_selection_phrase(self.select, k, len(eqs), w, eqs)}"
            outs.append(Outcome(regime=tag, description=description, payoffs=_frozen(eq.payoffs), welfare=w(eq.payoffs),
                                welfare_name=w.name, strategies=eq.strategies, equilibria=eqs, selection=self.select,
                                equilibrium_count=len(eqs), complete=eqs.complete, method=eqs.method, **extra))
        return outs

    def _continuous(self, game: ContinuousGame) -> Outcome:
        from coordgame.solvers.continuous import continuous_nash

        check_options(self.options, keyword_names(continuous_nash), "continuous_nash", "options")
        eq = continuous_nash(game, **self.options)
        w = self.welfare
        payoffs = _frozen(eq.payoffs)
        verified = "verified" if eq.converged else f"NOT verified (regret {eq.regret:.3g} above {eq.tol:.3g})"
        # One equilibrium is computed whatever `select` asks, so the selection reported is "first".
        description = f"one Nash equilibrium found by {eq.method}, {verified}; other equilibria are not searched"
        return Outcome(regime="local competition", description=description, payoffs=payoffs, welfare=w(payoffs),
                       welfare_name=w.name, strategies=eq.strategies, details={"equilibrium": eq},
                       selection="first", equilibrium_count=1 if eq.converged else 0, complete=False,
                       method=eq.method)


class Quota(LocalCompetition):
    """The centre restricts each player's actions; the players then compete locally.

    Parameters
    ----------
    allowed : sequence
        One entry per player: the allowed action indices or names, or ``None`` for all.
    select, method, welfare, tol, options
        As for :class:`LocalCompetition` (the selection is among the equilibria of the
        restricted game).

    The outcome's strategies are given in the full game (zero probability on removed actions).

    Examples
    --------
    >>> import coordgame as cg
    >>> out = cg.mechanisms.Quota([["Stag"], ["Stag"]]).solve(cg.games.stag_hunt())
    >>> out.welfare, out.equilibrium_count
    (8.0, 1)
    """

    continuous = False

    @checked_arguments
    def __init__(self, allowed: Sequence[Sequence[int | str] | None], select: str = "worst", *, method: str = "auto",
                 welfare: WelfareLike = "utilitarian", tol: float = DEFAULT_TOL,
                 options: dict[str, Any] | None = None) -> None:
        super().__init__(select, method=method, welfare=welfare, tol=tol, options=options)
        if isinstance(allowed, (str, bytes)) or not isinstance(allowed, Sequence):
            raise InvalidArgumentError(f"allowed: expected one list of actions (or None) per player, got {allowed!r}")
        self.allowed = [None if a is None else list(a) for a in allowed]

    def __repr__(self) -> str:
        return f"Quota(allowed={self.allowed!r}, select={self.select!r})"

    def _indices(self, game: NormalFormGame) -> list[list[int] | None]:
        if len(self.allowed) != game.num_players:
            raise InvalidArgumentError(f"allowed: expected {game.num_players} entries (one per player), got {len(self.allowed)}")
        out = []
        for i, entries in enumerate(self.allowed):
            if entries is None:
                out.append(None)
                continue
            names = game.action_names[i]
            indices = []
            for a in entries:
                if isinstance(a, str):
                    if a not in names:
                        raise InvalidArgumentError(f"allowed[{i}]: no action named {a!r}; actions are {list(names)}")
                    indices.append(names.index(a))
                else:
                    indices.append(a)
            out.append(indices)
        return out

    def outcomes(self, game: NormalFormGame) -> list[Outcome]:
        game = self._check_game(game)
        kept = self._indices(game)
        sub = game.restrict(kept)
        eqs = nash(sub, self.method, tol=self.tol, **self.options)
        outs = self._from_set(eqs, "quota")
        full_index = [np.arange(n) if k is None else np.asarray(k) for k, n in zip(kept, game.num_actions)]
        lifted = []
        for out in outs:
            strategies = []
            for s, idx, n in zip(out.strategies, full_index, game.num_actions):
                full = np.zeros(n)
                full[idx] = s
                strategies.append(_frozen(full))
            described = out.description + f"; allowed actions {[list(map(int, k)) for k in full_index]}"
            lifted.append(dataclasses.replace(out, strategies=tuple(strategies), description=described,
                                              details={"restricted_game": sub}))
        return lifted


class CentralPlanning(Regime):
    """A planner dictates the welfare-maximising profile (or lottery, if it helps).

    Parameters
    ----------
    welfare : str, Welfare or callable, default "utilitarian"
    randomize : bool, default True
        Allow the planner a lottery over profiles when that raises the (ex-ante) welfare,
        which happens for the Rawlsian welfare and the Nash product (finite games).
    options : dict, optional
        Keyword arguments for :func:`~coordgame.solvers.planner.social_optimum` in a
        ContinuousGame.

    Examples
    --------
    >>> import coordgame as cg
    >>> cg.mechanisms.CentralPlanning().solve(cg.games.chicken()).welfare
    12.0
    """

    continuous = True

    @checked_arguments
    def __init__(self, welfare: WelfareLike = "utilitarian", *, randomize: bool = True,
                 options: dict[str, Any] | None = None) -> None:
        self.welfare = as_welfare(welfare)
        self.randomize = bool(randomize)
        self.options = _options(options)

    def __repr__(self) -> str:
        return f"CentralPlanning(welfare={self.welfare.name!r})"

    def outcomes(self, game: NormalFormGame | ContinuousGame) -> list[Outcome]:
        game = self._check_game(game)
        if isinstance(game, ContinuousGame):
            return [self._continuous(game)]
        opt = social_optimum(game, self.welfare)
        if self.randomize and opt.randomization_gain > 0:
            return [Outcome("central planning", f"planner's lottery maximising {self.welfare.name} welfare "
                            f"(best pure profile gives {opt.welfare:.6g})", opt.distribution_payoffs,
                            opt.distribution_welfare, self.welfare.name, distribution=opt.distribution,
                            details={"optimum": opt}, selection="optimum", method="social_optimum")]
        strategies = tuple(_frozen(np.eye(n)[a]) for n, a in zip(game.num_actions, opt.profile))
        ties = f" ({len(opt.profiles)} tied)" if len(opt.profiles) > 1 else ""
        return [Outcome("central planning", f"planner's profile {opt.profile}{ties} maximising {self.welfare.name} welfare",
                        opt.payoffs, opt.welfare, self.welfare.name, strategies=strategies, details={"optimum": opt},
                        selection="optimum", method="social_optimum")]

    def _continuous(self, game: ContinuousGame) -> Outcome:
        opt = planner_optimum_for(game, self.welfare, self.options)
        payoffs = _frozen(opt.payoffs)
        certified = "certified stationary point" if opt.converged else "NOT certified (" + "; ".join(opt.notes) + ")"
        return Outcome("central planning", f"planner's optimum of {self.welfare.name} welfare by {opt.method}, {certified}",
                       payoffs, self.welfare(payoffs), self.welfare.name, strategies=opt.strategies,
                       details={"optimum": opt}, selection="optimum", method=opt.method)


def planner_optimum_for(game: ContinuousGame, w: Welfare, options: dict[str, Any]):
    """The planner's optimum of a continuous game for a welfare of the payoffs (weights when linear)."""
    check_options(options, keyword_names(social_optimum, exclude=("game", "welfare", "objective")), "social_optimum",
                  "options")
    if w.is_linear:
        return social_optimum(game, w, **options)
    return social_optimum(game, objective=lambda x: w(game.payoffs(x)), **options)


class Mediator(Regime):
    """A centre that only recommends: the best (or worst) correlated equilibrium.

    Parameters
    ----------
    welfare : str or Welfare, default "utilitarian"
        What the mediator optimises (see :func:`coordgame.correlated_equilibrium`); also the
        reported welfare.
    coarse : bool, default False
        Coarse correlated equilibrium (players commit before hearing the recommendation).
    maximize : bool, default True
        False gives the worst correlated equilibrium.
    solver : {"auto", "highs", "cvxpy"}, default "auto"

    Examples
    --------
    >>> import coordgame as cg
    >>> out = cg.mechanisms.Mediator().solve(cg.games.chicken())
    >>> round(out.welfare, 6), out.selection
    (10.5, 'best correlated')
    """

    @checked_arguments
    def __init__(self, welfare: WelfareLike = "utilitarian", *, coarse: bool = False, maximize: bool = True,
                 solver: str = "auto") -> None:
        self.welfare = as_welfare(welfare)
        self.coarse = bool(coarse)
        self.maximize = bool(maximize)
        self.solver = one_of(solver, "solver", ("auto", "highs", "cvxpy"))

    def __repr__(self) -> str:
        return f"Mediator(welfare={self.welfare.name!r}, coarse={self.coarse})"

    def outcomes(self, game: NormalFormGame) -> list[Outcome]:
        game = self._check_game(game)
        ce = correlated_equilibrium(game, self.welfare, coarse=self.coarse, maximize=self.maximize, solver=self.solver)
        kind = "coarse correlated" if self.coarse else "correlated"
        which = "best" if self.maximize else "worst"
        label = f"mediator ({'coarse, ' if self.coarse else ''}{which})"
        return [Outcome(label, f"{which} {kind} equilibrium by {self.welfare.name} welfare "
                        f"(support {len(ce.support())} profiles)", ce.payoffs, ce.objective_value, self.welfare.name,
                        distribution=ce.distribution, details={"correlated_equilibrium": ce},
                        selection=f"{which} {'coarse ' if self.coarse else ''}correlated",
                        method=f"{kind} equilibrium (linear program)")]
