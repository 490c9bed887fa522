r"""Regimes: what players reach on their own, what a planner chooses, and what lies between.

Each regime is a small object whose :meth:`~Regime.solve` takes a game and returns an
:class:`Outcome` (strategies or a joint distribution, each player's expected payoff, welfare,
a description):

* :class:`LocalCompetition` — every player maximises its own payoff: a Nash equilibrium
  (the worst, the best, or all of those found);
* :class:`CentralPlanning` — a planner dictates the profile (or lottery) maximising welfare;
* :class:`Mediator` — a centre that only *recommends*, so every player must be willing to obey:
  the best (or worst) correlated equilibrium (Aumann 1974);
* :class:`Transfers` — a centre that commits to payments making the planner's profile (or a
  given target) an equilibrium, at the least cost actually paid on the equilibrium path;
* :class:`Quota` — the centre removes actions, then the players compete locally.

**Transfers.**  For a pure target :math:`z`, player *i*'s *regret* at :math:`z` is
:math:`r_i(z) = \max_k u_i(k, z_{-i}) - u_i(z)`.

* ``kind="profile"`` (Monderer & Tennenholtz 2004, "k-Implementation", *JAIR* 21): the centre
  commits to non-negative payments :math:`t_i(a)` at every profile.  The least-cost scheme
  making :math:`z` an equilibrium solves the linear program
  :math:`\min \sum_i t_i(z)` s.t. :math:`u_i(z) + t_i(z) \ge u_i(k, z_{-i}) + t_i(k, z_{-i})`,
  :math:`t \ge 0`, whose value is :math:`\sum_i r_i(z)`.  Promises off the equilibrium path
  cost nothing when kept, so the scheme also pays player *i* at :math:`(z_i, a_{-i})` the
  amount :math:`\max_k u_i(k, a_{-i}) - u_i(z_i, a_{-i})` plus a premium: :math:`z_i` then
  (weakly) dominates every other action, strictly off the path — :math:`z` is the only
  profile of undominated strategies, Monderer & Tennenholtz's implementation — while the cost
  stays :math:`\sum_i r_i(z)`.  That scheme is the componentwise-least feasible one plus the
  free premium, so it solves the LP for any non-negative objective.  ``margin > 0`` adds a
  paid on-path margin making :math:`z_i` strictly dominant, so :math:`z` is the unique
  equilibrium.
* ``kind="action"``: payments :math:`s_i(k)` depend only on a player's own action (a subsidy,
  or a tax down to ``-max_tax``, per industry).  The LP
  :math:`\min \sum_i s_i(z_i)` s.t. :math:`s_i(z_i) - s_i(k) \ge u_i(k, z_{-i}) - u_i(z)`,
  :math:`s \ge -\text{max\_tax}` is solved with HiGHS.  Such a scheme cannot separate paths,
  so other equilibria may survive or appear: the equilibrium set of the transformed game is
  computed and reported.

Transfers move money between the centre and the players, so the outcome's welfare is the
welfare of the *original* payoffs at the target; the cost is reported separately.

:func:`compare` runs several regimes on one game and returns a :class:`Comparison` with a
tidy table (welfare, payoffs, loss against the planner, ratio) and a bar plot.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from coordgame._arguments import check_options, checked_arguments, keyword_names
from coordgame._checks import one_of, positive_float
from coordgame.equilibrium import EquilibriumSet, verify
from coordgame.errors import InfeasibleError, InvalidArgumentError, UnsupportedGameError
from coordgame.games.continuous import ContinuousGame
from coordgame.games.normal_form import NormalFormGame, as_game
from coordgame.metrics import ratio, welfare_loss
from coordgame.results import Result, Verification, _combined
from coordgame.solvers.continuous import ContinuousEquilibrium, ContinuousOptimum, continuous_nash
from coordgame.solvers.correlated import correlated_equilibrium
from coordgame.solvers.nash import ALIASES, METHODS, nash
from coordgame.solvers.planner import social_optimum
from coordgame.tolerances import DEFAULT_TOL, TIE_TOL, check_tolerance
from coordgame.welfare import WelfareLike, as_welfare, utilitarian

if TYPE_CHECKING:  # pragma: no cover
    import matplotlib.axes
    import pandas as pd

__all__ = [
    "Outcome",
    "Regime",
    "LocalCompetition",
    "CentralPlanning",
    "Mediator",
    "Transfers",
    "RegimeComparison",
    "compare_regimes",
    "Quota",
    "Comparison",
    "compare",
    "cost_of_implementation",
    "profile_transfers",
    "action_transfers",
]


def _checked_method(method: str) -> str:
    """Validate a Nash ``method`` name at construction (``coordgame.nash`` would only at solve time)."""
    known = ("auto", "pure", *METHODS, *ALIASES)
    if method not in known:
        raise InvalidArgumentError(f"method: expected one of {sorted(set(known))}, got {method!r}")
    return method


# ------------------------------------------------------------------------- outcomes
@dataclass(frozen=True, eq=False)
class Outcome(Result):
    """What a regime achieves in a game.

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
        Money the centre pays on the equilibrium path (transfers); 0 otherwise.
    details : dict
        Regime-specific extras (the transfer scheme, the correlated equilibrium, ...).
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

    @property
    def method(self) -> str:
        """The regime's label."""
        return self.regime

    @property
    def verification(self) -> Verification | None:
        """The checks of the equilibria and of any solver result in ``details``, combined."""
        parts = [self.equilibria, *(v for v in self.details.values() if isinstance(v, Result))]
        return _combined([v for r in parts if isinstance(r, Result) and (v := r.verification) is not None])

    def __repr__(self) -> str:
        pay = np.array2string(np.asarray(self.payoffs), precision=4, separator=", ")
        extra = f", cost={self.cost:.6g}" if self.cost else ""
        return f"Outcome({self.regime!r}: payoffs={pay}, {self.welfare_name}={self.welfare:.6g}{extra})"

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
        }


def _frozen(array: Any) -> np.ndarray:
    out = np.array(array, dtype=np.float64)
    out.setflags(write=False)
    return out


class Regime:
    """Base class of the regimes: ``solve(game) -> Outcome``.

    Subclasses implement :meth:`outcomes`; :meth:`solve` returns its single outcome.
    """

    welfare: WelfareLike = "utilitarian"

    def outcomes(self, game: NormalFormGame) -> list[Outcome]:  # pragma: no cover - abstract
        """Every outcome this regime produces in ``game`` (one, except ``LocalCompetition(select="all")``)."""
        raise NotImplementedError

    def solve(self, game: NormalFormGame) -> Outcome:
        """The outcome of this regime in ``game``."""
        game = as_game(game)
        found = self.outcomes(game)
        if len(found) != 1:
            raise InvalidArgumentError(f"{type(self).__name__}.solve gives one outcome; this regime has {len(found)}: "
                                       "use .outcomes(game)")
        return found[0]

    __call__ = solve

    def _outcome_from_equilibrium(self, eq, label: str, description: str, equilibria: EquilibriumSet,
                                  **extra: Any) -> Outcome:
        w = as_welfare(self.welfare)
        return Outcome(regime=label, description=description, payoffs=_frozen(eq.payoffs), welfare=w(eq.payoffs),
                       welfare_name=w.name, strategies=eq.strategies, equilibria=equilibria, **extra)


_SELECT = ("worst", "best", "first", "all")


def _selected(eqs: EquilibriumSet, select: str, welfare) -> list[int]:
    if len(eqs) == 0:
        raise UnsupportedGameError(
            f"no equilibrium found by method {eqs.method!r} (notes: {'; '.join(eqs.notes) or 'none'}); "
            "choose a method that finds mixed equilibria"
        )
    values = np.array([welfare(eq.payoffs) for eq in eqs])
    if select == "worst":
        return [int(np.argmin(values))]
    if select == "best":
        return [int(np.argmax(values))]
    if select == "first":
        return [0]
    return list(range(len(eqs)))


class LocalCompetition(Regime):
    """Every player maximises its own payoff: a Nash equilibrium.

    Parameters
    ----------
    select : {"worst", "best", "first", "all"}, default "worst"
        Which equilibrium: least or greatest welfare among those found, the solver's first,
        or all of them (use :meth:`outcomes`).
    method : str, default "auto"
        Passed to :func:`coordgame.nash`.
    welfare : str, Welfare or callable, default "utilitarian"
        Ranks the equilibria for ``select`` and is reported.
    tol : float, default 1e-9
        Relative verification tolerance.

    Examples
    --------
    >>> import coordgame as cg
    >>> out = cg.mechanisms.LocalCompetition("worst", method="pure").solve(cg.games.stag_hunt())
    >>> out.regime, out.welfare
    ('local competition (worst)', 4.0)
    """

    @checked_arguments
    def __init__(self, select: str = "worst", *, method: str = "auto", welfare: WelfareLike = "utilitarian",
                 tol: float = DEFAULT_TOL) -> None:
        self.select = one_of(select, "select", _SELECT)
        self.method = _checked_method(method)
        self.welfare = as_welfare(welfare)
        self.tol = check_tolerance(tol, "tol", positive=True)

    def __repr__(self) -> str:
        return f"LocalCompetition(select={self.select!r}, method={self.method!r})"

    def outcomes(self, game: NormalFormGame) -> list[Outcome]:
        eqs = nash(game, self.method, tol=self.tol)
        return self._from_set(eqs, "local competition")

    def _from_set(self, eqs: EquilibriumSet, label: str, **extra: Any) -> list[Outcome]:
        chosen = _selected(eqs, self.select, self.welfare)
        outs = []
        for k in chosen:
            tag = f"{label} (equilibrium {k})" if self.select == "all" else f"{label} ({self.select})"
            what = "all" if self.select == "all" else self.select
            description = (f"Nash equilibrium {k} ({what} by {self.welfare.name} welfare) of {len(eqs)} found by "
                           f"{eqs.method}{'' if eqs.complete else ' (not guaranteed complete)'}")
            outs.append(self._outcome_from_equilibrium(eqs[k], tag, description, eqs, **extra))
        return outs


class Quota(LocalCompetition):
    """The centre restricts each player's actions; the players then compete locally.

    Parameters
    ----------
    allowed : sequence
        One entry per player: the allowed action indices or names, or ``None`` for all.
    select, method, welfare, tol
        As for :class:`LocalCompetition`.

    The outcome's strategies are given in the full game (zero probability on removed actions).

    Examples
    --------
    >>> import coordgame as cg
    >>> out = cg.mechanisms.Quota([["Stag"], ["Stag"]]).solve(cg.games.stag_hunt())
    >>> out.welfare
    8.0
    """

    @checked_arguments
    def __init__(self, allowed: Sequence[Sequence[int | str] | None], select: str = "worst", *, method: str = "auto",
                 welfare: WelfareLike = "utilitarian", tol: float = DEFAULT_TOL) -> None:
        super().__init__(select, method=method, welfare=welfare, tol=tol)
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
        kept = self._indices(game)
        sub = game.restrict(kept)
        eqs = nash(sub, self.method, tol=self.tol)
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
        which happens for the Rawlsian welfare and the Nash product.

    Examples
    --------
    >>> import coordgame as cg
    >>> cg.mechanisms.CentralPlanning().solve(cg.games.chicken()).welfare
    12.0
    """

    @checked_arguments
    def __init__(self, welfare: WelfareLike = "utilitarian", *, randomize: bool = True) -> None:
        self.welfare = as_welfare(welfare)
        self.randomize = bool(randomize)

    def __repr__(self) -> str:
        return f"CentralPlanning(welfare={self.welfare.name!r})"

    def outcomes(self, game: NormalFormGame) -> list[Outcome]:
        opt = social_optimum(game, self.welfare)
        if self.randomize and opt.randomization_gain > 0:
            return [Outcome("central planning", f"planner's lottery maximising {self.welfare.name} welfare "
                            f"(best pure profile gives {opt.welfare:.6g})", opt.distribution_payoffs,
                            opt.distribution_welfare, self.welfare.name, distribution=opt.distribution,
                            details={"optimum": opt})]
        strategies = tuple(_frozen(np.eye(n)[a]) for n, a in zip(game.num_actions, opt.profile))
        ties = f" ({len(opt.profiles)} tied)" if len(opt.profiles) > 1 else ""
        return [Outcome("central planning", f"planner's profile {opt.profile}{ties} maximising {self.welfare.name} welfare",
                        opt.payoffs, opt.welfare, self.welfare.name, strategies=strategies, details={"optimum": opt})]


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
    >>> round(cg.mechanisms.Mediator().solve(cg.games.chicken()).welfare, 6)
    10.5
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
        ce = correlated_equilibrium(game, self.welfare, coarse=self.coarse, maximize=self.maximize, solver=self.solver)
        kind = "coarse correlated" if self.coarse else "correlated"
        which = "best" if self.maximize else "worst"
        label = f"mediator ({'coarse, ' if self.coarse else ''}{which})"
        return [Outcome(label, f"{which} {kind} equilibrium by {self.welfare.name} welfare "
                        f"(support {len(ce.support())} profiles)", ce.payoffs, ce.objective_value, self.welfare.name,
                        distribution=ce.distribution, details={"correlated_equilibrium": ce})]


class Transfers(Regime):
    """The cheapest transfers that make the planner's profile (or ``target``) an equilibrium.

    Parameters
    ----------
    target : sequence of int, optional
        The pure profile to implement; default: the planner's optimal profile for ``welfare``
        (among tied optima, the cheapest to implement).
    budget : float, optional
        The most the centre may pay on the equilibrium path; a dearer target raises
        :class:`~coordgame.errors.InfeasibleError`.
    kind : {"profile", "action"}, default "profile"
        Payments that may depend on the whole profile (Monderer–Tennenholtz), or only on each
        player's own action (a subsidy or tax per action).
    welfare : str, Welfare or callable, default "utilitarian"
    margin : float, default 0
        Extra on-path payment, relative to the payoff range, making the target strict
        (``kind="profile"``: strictly dominant, hence the unique equilibrium); it is paid.
    premium : float, default 0.01
        ``kind="profile"`` only: off-path premium (relative to the payoff range) that makes
        the target's actions strictly better away from the target; promised, never paid.
    max_tax : float, default 0
        ``kind="action"`` only: the largest tax per action (``s_i(k) >= -max_tax``).
    method : str, default "auto"
        Method for the equilibrium set of the transformed game.

    The outcome's ``details`` hold ``transfers`` (the scheme: an array shaped like the
    payoffs for ``"profile"``, a list of per-action vectors for ``"action"``),
    ``transformed_game`` and ``target_equilibrium`` (the verified target).

    Examples
    --------
    Prisoners' dilemma: mutual cooperation needs 1 per player on the path.  At that least
    cost the defector is indifferent, so two weak equilibria survive beside the target; a small
    paid margin makes cooperation strictly dominant and the target the only equilibrium.

    >>> import coordgame as cg
    >>> out = cg.mechanisms.Transfers(method="pure").solve(cg.games.prisoners_dilemma())
    >>> out.cost, out.welfare, out.equilibria.pure_profiles()
    (2.0, 4.0, [(0, 0), (0, 1), (1, 0)])
    >>> out = cg.mechanisms.Transfers(margin=0.01, method="pure").solve(cg.games.prisoners_dilemma())
    >>> round(out.cost, 9), out.equilibria.pure_profiles()
    (2.06, [(0, 0)])
    """

    @checked_arguments
    def __init__(self, target: Sequence[int] | None = None, *, budget: float | None = None, kind: str = "profile",
                 welfare: WelfareLike = "utilitarian", margin: float = 0.0, premium: float = 0.01, max_tax: float = 0.0,
                 method: str = "auto", tol: float = DEFAULT_TOL) -> None:
        self.target = None if target is None else tuple(target)
        self.budget = None if budget is None else positive_float(budget, "budget", allow_zero=True)
        self.kind = one_of(kind, "kind", ("profile", "action"))
        self.welfare = as_welfare(welfare)
        self.margin = positive_float(margin, "margin", allow_zero=True)
        self.premium = positive_float(premium, "premium")
        self.max_tax = positive_float(max_tax, "max_tax", allow_zero=True)
        self.method = _checked_method(method)
        self.tol = check_tolerance(tol, "tol", positive=True)

    def __repr__(self) -> str:
        return f"Transfers(target={self.target}, kind={self.kind!r}, budget={self.budget})"

    def _target(self, game: NormalFormGame) -> tuple[int, ...]:
        if self.target is not None:
            return game.as_pure_profile(self.target)
        optima = social_optimum(game, self.welfare).profiles
        regret_sums = [float(game.regrets(z).sum()) for z in optima]
        return optima[int(np.argmin(regret_sums))]

    def outcomes(self, game: NormalFormGame) -> list[Outcome]:
        z = self._target(game)
        if self.kind == "profile":
            scheme, cost, transformed = profile_transfers(game, z, margin=self.margin, premium=self.premium)
        else:
            scheme, cost, transformed = action_transfers(game, z, margin=self.margin, max_tax=self.max_tax)
        if self.budget is not None and cost > self.budget + TIE_TOL * game.payoff_range:
            raise InfeasibleError(
                f"budget: making {z} an equilibrium with {self.kind} transfers costs at least {cost:.6g} on the "
                f"equilibrium path, more than the budget {self.budget:.6g}"
            )
        target_eq = verify(transformed, z, method=f"transfers ({self.kind})", tol=self.tol)
        eqs = nash(transformed, self.method, tol=self.tol)
        w = self.welfare
        payoffs = game.payoff(z)
        unique = eqs.pure_profiles() == [z] and len(eqs) == 1
        description = (f"{self.kind} transfers costing {cost:.6g} make {z} an equilibrium; the transformed game has "
                       f"{len(eqs)} equilibri{'um' if len(eqs) == 1 else 'a'} ({eqs.method})"
                       + (" - the target is the only one" if unique else ""))
        strategies = tuple(_frozen(np.eye(n)[a]) for n, a in zip(game.num_actions, z))
        return [Outcome(f"transfers ({self.kind})", description, _frozen(payoffs), w(payoffs), w.name,
                        strategies=strategies, equilibria=eqs, cost=cost,
                        details={"transfers": scheme, "transformed_game": transformed, "target": z,
                                 "target_equilibrium": target_eq})]


def profile_transfers(game: NormalFormGame, target: Sequence[int], *, margin: float = 0.0,
                      premium: float = 0.01) -> tuple[np.ndarray, float, NormalFormGame]:
    """The least-cost non-negative profile-contingent transfers implementing ``target`` (see module docs).

    Returns the transfer array ``t`` (shape of the payoffs), the on-path cost
    :math:`\\sum_i t_i(z)` and the transformed game ``u + t``.

    Examples
    --------
    >>> import coordgame as cg
    >>> from coordgame.mechanisms import profile_transfers
    >>> t, cost, _ = profile_transfers(cg.games.prisoners_dilemma(), (0, 0), premium=0.5)
    >>> t[0].tolist(), cost
    ([[1.0, 2.5], [0.0, 0.0]], 2.0)
    """
    z = game.as_pure_profile(target)
    margin = check_tolerance(margin, "margin")
    scale = game.payoff_range
    transfers = np.zeros_like(game.payoffs)
    for i in range(game.num_players):  # a loop over players; each step is a whole-tensor operation
        own = np.moveaxis(game.payoffs[i], i, 0)
        top_up = own.max(axis=0) - own[z[i]]  # what z_i lacks against the best reply, at every a_-i
        bonus = top_up + premium * scale
        on_path = tuple(a for j, a in enumerate(z) if j != i)
        bonus[on_path] = top_up[on_path] + margin * scale
        np.moveaxis(transfers[i], i, 0)[z[i]] = bonus
    cost = float(sum(transfers[(i, *z)] for i in range(game.num_players)))
    return transfers, cost, NormalFormGame(game.payoffs + transfers, game.player_names, game.action_names, game.title)


def action_transfers(game: NormalFormGame, target: Sequence[int], *, margin: float = 0.0,
                     max_tax: float = 0.0) -> tuple[list[np.ndarray], float, NormalFormGame]:
    """The least-cost per-action subsidies (taxes down to ``-max_tax``) making ``target`` an equilibrium.

    Solves the LP of the module docs with HiGHS.  Returns one vector :math:`s_i` per player,
    the on-path cost :math:`\\sum_i s_i(z_i)` and the transformed game
    :math:`u_i(a) + s_i(a_i)`.

    Examples
    --------
    >>> import coordgame as cg
    >>> from coordgame.mechanisms import action_transfers
    >>> s, cost, g = action_transfers(cg.games.prisoners_dilemma(), (0, 0))
    >>> [(v.round(9) + 0.0).tolist() for v in s], round(cost, 9)
    ([[1.0, 0.0], [1.0, 0.0]], 2.0)

    A subsidy for cooperating is paid whatever the other does, so here it leaves every
    player indifferent and every profile an equilibrium:

    >>> cg.pure_nash(g).pure_profiles()
    [(0, 0), (0, 1), (1, 0), (1, 1)]
    """
    import scipy.sparse as sp
    from scipy.optimize import linprog

    z = game.as_pure_profile(target)
    margin = check_tolerance(margin, "margin")
    sizes = np.asarray(game.num_actions)
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    rows, cols, vals, rhs = [], [], [], []
    for i in range(game.num_players):
        line = list(z)
        line[i] = slice(None)
        values = game.payoffs[i][tuple(line)]  # u_i(k, z_-i) for every k
        others = np.flatnonzero(np.arange(sizes[i]) != z[i])
        r = len(rhs) + np.arange(others.size)
        # s_i(k) - s_i(z_i) <= u_i(z) - u_i(k, z_-i) - margin
        rows += [r, r]
        cols += [offsets[i] + others, np.full(others.size, offsets[i] + z[i])]
        vals += [np.ones(others.size), -np.ones(others.size)]
        rhs += list(values[z[i]] - values[others] - margin * game.payoff_range)
    c = np.zeros(int(sizes.sum()))
    c[offsets + np.asarray(z)] = 1.0
    A = sp.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(len(rhs), c.size)) \
        if rhs else sp.csr_matrix((0, c.size))
    # Solved in units of the payoff range, so that HiGHS's absolute tolerances are relative ones.
    unit = game.payoff_range
    result = linprog(c, A_ub=A, b_ub=np.asarray(rhs) / unit, bounds=(-max_tax / unit, None), method="highs")
    if result.status != 0:
        raise InfeasibleError(f"action_transfers: the linear program failed ({result.message})")
    s = [result.x[o:o + n] * unit for o, n in zip(offsets, sizes)]
    shifted = game.payoffs.copy()
    for i, si in enumerate(s):
        shape = [1] * game.num_players
        shape[i] = sizes[i]
        shifted[i] += si.reshape(shape)
    cost = float(sum(si[a] for si, a in zip(s, z)))
    return s, cost, NormalFormGame(shifted, game.player_names, game.action_names, game.title)


# ------------------------------------------------------------------------- comparison
def _default_regimes(welfare) -> list[Regime]:
    return [LocalCompetition("worst", welfare=welfare), LocalCompetition("best", welfare=welfare),
            Mediator(welfare if as_welfare(welfare).kind != "custom" else "utilitarian"),
            Transfers(welfare=welfare), CentralPlanning(welfare)]


@dataclass(frozen=True, eq=False)
class Comparison(Result):
    """The outcomes of several regimes in one game, measured against the planner.

    Attributes
    ----------
    game : NormalFormGame
    outcomes : tuple of Outcome
    welfare_name : str
    optimum : float
        The planner's best welfare (with a lottery if that helps), the reference for losses.
    table : pandas.DataFrame
        One row per outcome: ``regime``, ``description``, ``welfare``, one ``payoff[<player>]``
        column per player, ``cost``, ``loss`` (optimum - welfare), ``relative_loss``
        (loss / optimum, NaN unless the optimum is positive), ``ratio`` (optimum / welfare,
        NaN unless both are positive) and ``ratio_note`` (why a ratio is NaN).
    """

    game: NormalFormGame
    outcomes: tuple[Outcome, ...]
    welfare_name: str
    optimum: float
    table: pd.DataFrame

    method = "compare"
    _members = "outcomes"
    _dict_skip = ("game",)

    def __repr__(self) -> str:
        return f"Comparison({len(self.outcomes)} outcomes, {self.welfare_name} optimum {self.optimum:.6g})"

    def to_frame(self) -> pd.DataFrame:
        """The comparison table (:attr:`table`)."""
        return self.table.copy()

    def plot(self, ax: matplotlib.axes.Axes | None = None) -> matplotlib.axes.Axes:
        """Bar chart of each regime's welfare with the planner's optimum as a line; returns the Axes."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(1.2 + 1.1 * len(self.outcomes), 3.2))
        labels = list(self.table["regime"])
        ax.bar(range(len(labels)), self.table["welfare"], color="tab:blue")
        ax.axhline(self.optimum, color="tab:red", linestyle="--", linewidth=1, label="planner's optimum")
        ax.set_xticks(range(len(labels)))
        ax.set_xticklabels(labels, rotation=30, ha="right")
        ax.set_ylabel(f"{self.welfare_name} welfare")
        ax.set_title(self.game.title or "welfare by regime")
        ax.legend(loc="best")
        return ax


@checked_arguments
def compare(game: NormalFormGame, regimes: Sequence[Regime] | None = None, *,
            welfare: WelfareLike = "utilitarian") -> Comparison:
    """Run several regimes on ``game`` and tabulate their welfare against the planner's.

    Parameters
    ----------
    game : NormalFormGame
    regimes : sequence of Regime, optional
        Default: worst and best local competition, the best mediator, transfers implementing
        the planner's profile, central planning.
    welfare : str, Welfare or callable, default "utilitarian"
        The welfare every row is measured by (whatever each regime optimised).

    Returns
    -------
    Comparison

    Examples
    --------
    >>> import coordgame as cg
    >>> c = cg.compare(cg.games.chicken(), [cg.mechanisms.LocalCompetition("worst", method="pure"),
    ...                                      cg.mechanisms.Mediator(), cg.mechanisms.CentralPlanning()])
    >>> print(c.table[["regime", "welfare", "loss", "ratio"]].round(4).to_string(index=False))
                       regime  welfare  loss  ratio
    local competition (worst)      9.0   3.0 1.3333
              mediator (best)     10.5   1.5 1.1429
             central planning     12.0   0.0 1.0000
    """
    import pandas as pd

    game = as_game(game)
    w = as_welfare(welfare)
    chosen = _default_regimes(w) if regimes is None else list(regimes)
    if not all(isinstance(r, Regime) for r in chosen):
        raise InvalidArgumentError("regimes: expected Regime objects (LocalCompetition(), Mediator(), ...)")
    optimum = social_optimum(game, w).best_welfare
    outcomes = tuple(out for regime in chosen for out in regime.outcomes(game))
    rows = []
    for out in outcomes:
        value = w(out.payoffs)
        loss = welfare_loss(optimum, value)
        r = ratio(optimum, value)
        row = {"regime": out.regime, "description": out.description, "welfare": value}
        row.update({f"payoff[{name}]": float(p) for name, p in zip(game.player_names, out.payoffs)})
        row.update(cost=out.cost, loss=loss.absolute, relative_loss=loss.relative, ratio=r.value,
                   ratio_note=r.reason)
        rows.append(row)
    table = pd.DataFrame(rows)
    return Comparison(game=game, outcomes=outcomes, welfare_name=w.name, optimum=optimum, table=table)


# ------------------------------------------------------------------------- continuous games
@dataclass(frozen=True, eq=False)
class RegimeComparison(Result):
    """Local competition (Nash equilibrium) against central planning (welfare optimum).

    ``welfare_loss = optimum_welfare - nash_welfare`` is always defined; ``relative_loss``
    (divided by the optimum) and ``ratio`` (optimum / equilibrium welfare, the price of anarchy
    of this equilibrium) are NaN, with ``reason``, unless the welfare values are positive.
    """

    nash: ContinuousEquilibrium
    optimum: ContinuousOptimum
    nash_welfare: float
    optimum_welfare: float
    welfare_loss: float
    relative_loss: float
    ratio: float
    reason: str = ""
    parameters: dict[str, Any] = field(default_factory=dict)

    method = "compare_regimes"
    _members = "both"

    @property
    def both(self) -> tuple[ContinuousEquilibrium, ContinuousOptimum]:
        """``(nash, optimum)``."""
        return (self.nash, self.optimum)

    def _payload(self) -> dict[str, Any]:
        return {"nash": self.nash.to_dict(), "optimum": self.optimum.to_dict(), "nash_welfare": self.nash_welfare,
                "optimum_welfare": self.optimum_welfare, "welfare_loss": self.welfare_loss,
                "relative_loss": self.relative_loss, "ratio": self.ratio, "reason": self.reason}


@checked_arguments
def compare_regimes(
    game: ContinuousGame,
    *,
    weights: Any = None,
    welfare: Callable[[np.ndarray], float] | None = None,
    nash_options: dict[str, Any] | None = None,
    planner_options: dict[str, Any] | None = None,
) -> RegimeComparison:
    """Local competition (the Nash equilibrium) vs central planning (the welfare optimum).

    Parameters
    ----------
    game : ContinuousGame
    weights, welfare :
        The planner's welfare weights (``coordgame.welfare.utilitarian(weights)``) or objective of
        the flat profile (``objective=`` of :func:`social_optimum`); the equilibrium is evaluated
        with the same welfare.
    nash_options, planner_options : dict, optional
        Keyword arguments for :func:`continuous_nash` and :func:`social_optimum`.

    Examples
    --------
    >>> import coordgame as cg
    >>> c = cg.mechanisms.compare_regimes(cg.games.team_effort(2, productivity=1.0, cost=1.0))
    >>> round(c.nash_welfare, 6), round(c.optimum_welfare, 6), round(c.ratio, 6)
    (0.75, 1.0, 1.333333)
    """
    if not isinstance(game, ContinuousGame):
        raise InvalidArgumentError(f"game: expected a ContinuousGame, got {type(game).__name__}")
    nash_options, planner_options = dict(nash_options or {}), dict(planner_options or {})
    check_options(nash_options, keyword_names(continuous_nash), "continuous_nash", "nash_options")
    check_options(planner_options, keyword_names(social_optimum, exclude=("game", "welfare", "objective")),
                  "social_optimum", "planner_options")
    nash = continuous_nash(game, **nash_options)
    planner_welfare = "utilitarian" if weights is None else utilitarian(weights)
    optimum = social_optimum(game, planner_welfare, objective=welfare, **planner_options)
    if welfare is not None:
        nash_welfare = float(welfare(nash.profile))
    else:
        nash_welfare = game.welfare(nash.profile, weights)
    loss = welfare_loss(optimum.welfare, nash_welfare)
    measured = ratio(optimum.welfare, nash_welfare)
    relative, value, reason = loss.relative, measured.value, measured.reason
    if not nash.converged:
        reason = (reason + "; " if reason else "") + "the equilibrium did not pass verification"
    return RegimeComparison(nash=nash, optimum=optimum, nash_welfare=nash_welfare, optimum_welfare=optimum.welfare,
                            welfare_loss=optimum.welfare - nash_welfare, relative_loss=relative, ratio=value,
                            reason=reason)


def cost_of_implementation(game: NormalFormGame, target: Sequence[int] | None = None, *, kind: str = "profile",
                           welfare: WelfareLike = "utilitarian") -> float:
    """The least total transfer paid on the equilibrium path to make ``target`` an equilibrium.

    A shortcut for ``Transfers(target, kind=kind).solve(game).cost``; ``target=None`` takes
    the planner's profile.  See :class:`Transfers`.

    Examples
    --------
    >>> import coordgame as cg
    >>> cg.mechanisms.cost_of_implementation(cg.games.prisoners_dilemma(), (0, 0))
    2.0
    """
    return Transfers(target=target, kind=kind, welfare=welfare).solve(game).cost
