"""One comparison of regimes for finite and continuous games: :func:`compare` and its :class:`Comparison`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from coordgame._arguments import check_options, checked_arguments, keyword_names
from coordgame.errors import InvalidArgumentError
from coordgame.games.continuous import ContinuousGame
from coordgame.games.normal_form import NormalFormGame, as_game
from coordgame.mechanisms.regimes import CentralPlanning, LocalCompetition, Mediator, Outcome, Regime, planner_optimum_for
from coordgame.mechanisms.transfers import Transfers
from coordgame.metrics import ratio, welfare_loss
from coordgame.results import Result
from coordgame.solvers.planner import social_optimum
from coordgame.welfare import Welfare, WelfareLike, as_welfare

if TYPE_CHECKING:  # pragma: no cover
    import matplotlib.axes
    import pandas as pd

__all__ = ["Comparison", "compare", "COLUMNS"]

#: The columns of :attr:`Comparison.table`, in order (``payoff[<player>]`` stands for one column per player).
COLUMNS = ("regime", "description", "welfare", "payoff[<player>]", "cost", "loss", "relative_loss", "ratio",
           "ratio_note", "selection", "equilibrium_count", "complete", "method")


def _default_regimes(game: Any, w: Welfare, method: str, nash_options: dict | None,
                     planner_options: dict | None) -> list[Regime]:
    if isinstance(game, ContinuousGame):
        return [LocalCompetition("first", welfare=w, options=nash_options), CentralPlanning(w, options=planner_options)]
    return [LocalCompetition("worst", method=method, welfare=w, options=nash_options),
            LocalCompetition("best", method=method, welfare=w, options=nash_options),
            Mediator(w if w.kind != "custom" else "utilitarian"),
            Transfers(welfare=w, method=method), Transfers(welfare=w, strict=True, method=method), CentralPlanning(w)]


@dataclass(frozen=True, eq=False)
class Comparison(Result):
    """The outcomes of several regimes in one game, measured against the planner.

    Attributes
    ----------
    game : NormalFormGame or ContinuousGame
    outcomes : tuple of Outcome
    welfare_name : str
    optimum : float
        The planner's best welfare (with a lottery if that helps), the reference for losses.
    table : pandas.DataFrame
        One row per outcome, the columns of :data:`COLUMNS`: ``regime``, ``description``,
        ``welfare``, one ``payoff[<player>]`` column per player, ``cost`` (transfers: the cost
        of implementation, paid at the target), ``loss`` (optimum - welfare),
        ``relative_loss`` (loss / optimum, NaN unless the optimum is positive), ``ratio``
        (optimum / welfare, NaN unless both are positive), ``ratio_note`` (why a ratio is NaN,
        or a caveat), ``selection`` (how the row's outcome was chosen: worst/best/first/all
        equilibrium, optimum, best correlated), ``equilibrium_count`` (equilibria found in the
        game the players face; missing for the planner and the mediator), ``complete``
        (whether those are known to be all) and ``method``.
    notes : tuple of str
        Caveats about the reference optimum (e.g. a continuous planner not certified).

    Examples
    --------
    >>> import coordgame as cg
    >>> c = cg.compare(cg.games.chicken(), [cg.mechanisms.Mediator(), cg.mechanisms.CentralPlanning()])
    >>> c.optimum, [round(o.welfare, 4) for o in c.outcomes], c.table["loss"].round(4).tolist()
    (12.0, [10.5, 12.0], [1.5, 0.0])
    """

    game: NormalFormGame | ContinuousGame
    outcomes: tuple[Outcome, ...]
    welfare_name: str
    optimum: float
    table: pd.DataFrame
    notes: tuple[str, ...] = ()

    method = "compare"
    _members = "outcomes"
    _dict_skip = ("game",)

    def __repr__(self) -> str:
        return f"Comparison({len(self.outcomes)} outcomes, {self.welfare_name} optimum {self.optimum:.6g})"

    def outcome(self, regime: str) -> Outcome:
        """The outcome whose ``regime`` label is ``regime`` (or starts with it, when that is unambiguous).

        Examples
        --------
        >>> import coordgame as cg
        >>> cg.compare(cg.games.stag_hunt()).outcome("central planning").welfare
        8.0
        """
        exact = [o for o in self.outcomes if o.regime == regime]
        prefix = [o for o in self.outcomes if o.regime.startswith(regime)]
        found = exact or prefix
        if len(found) != 1:
            raise InvalidArgumentError(f"regime: expected one of {[o.regime for o in self.outcomes]}, got {regime!r}")
        return found[0]

    def to_frame(self) -> pd.DataFrame:
        """The comparison table (:attr:`table`), a copy."""
        return self.table.copy()

    def plot(self, ax: matplotlib.axes.Axes | None = None) -> matplotlib.axes.Axes:
        """Bar chart of each regime's welfare with the planner's optimum as a line; returns the Axes.

        Without ``ax`` the chart is drawn on a new :class:`matplotlib.figure.Figure` that pyplot
        does not manage (as in :mod:`coordgame.plot`).
        """
        if ax is None:
            from matplotlib.figure import Figure

            ax = Figure(figsize=(1.2 + 1.1 * len(self.outcomes), 3.2), layout="constrained").subplots()
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
def compare(game: NormalFormGame | ContinuousGame, regimes: Sequence[Regime] | None = None, *,
            welfare: WelfareLike = "utilitarian", method: str = "auto", nash_options: dict[str, Any] | None = None,
            planner_options: dict[str, Any] | None = None) -> Comparison:
    """Run several regimes on ``game`` and tabulate their welfare against the planner's.

    Parameters
    ----------
    game : NormalFormGame or ContinuousGame
    regimes : sequence of Regime, optional
        Default for a finite game: worst and best local competition, the best mediator, weak
        and strict transfers implementing the planner's profile (each reporting the worst
        surviving equilibrium), central planning.  For a continuous game: local competition
        (one equilibrium by :func:`~coordgame.solvers.continuous.continuous_nash`) and
        central planning (:func:`~coordgame.solvers.planner.social_optimum`); the other
        regimes need a finite game.
    welfare : str, Welfare or callable, default "utilitarian"
        The welfare of the players' payoffs every row is measured by (whatever each regime
        optimised); weighted utilitarian welfare (:func:`coordgame.welfare.utilitarian`) gives
        a continuous planner its weights.
    method : str, default "auto"
        The Nash method (:func:`coordgame.nash`) of the default regimes of a finite game: local
        competition and the equilibria that survive transfers.
    nash_options, planner_options : dict, optional
        Keyword arguments for the default regimes' equilibrium solver (:func:`coordgame.nash`
        or ``continuous_nash``) and, in a continuous game, for ``social_optimum``.

    Returns
    -------
    Comparison
        Every row says its selection rule, how many equilibria survive, whether that set is
        complete and the method.

    Examples
    --------
    >>> import coordgame as cg
    >>> c = cg.compare(cg.games.chicken(), [cg.mechanisms.LocalCompetition("worst", method="pure"),
    ...                                      cg.mechanisms.Mediator(), cg.mechanisms.CentralPlanning()])
    >>> print(c.table[["regime", "selection", "equilibrium_count", "welfare", "loss", "ratio"]].round(4).to_string(index=False))
                       regime       selection  equilibrium_count  welfare  loss  ratio
    local competition (worst)           worst                  2      9.0   3.0 1.3333
              mediator (best) best correlated               <NA>     10.5   1.5 1.1429
             central planning         optimum               <NA>     12.0   0.0 1.0000

    A continuous game: Holmström's team, equilibrium effort 1/2 against the efficient 1.

    >>> c = cg.compare(cg.games.team_effort(2, productivity=1.0, cost=1.0))
    >>> c.table[["regime", "welfare", "ratio"]].round(6).values.tolist()
    [['local competition', 0.75, 1.333333], ['central planning', 1.0, 1.0]]
    """
    import pandas as pd

    if not isinstance(game, ContinuousGame):
        game = as_game(game)  # a NormalFormGame, or payoff arrays
    else:
        from coordgame.solvers.continuous import continuous_nash

        check_options(dict(nash_options or {}), keyword_names(continuous_nash), "continuous_nash", "nash_options")
        check_options(dict(planner_options or {}), keyword_names(social_optimum, exclude=("game", "welfare", "objective")),
                      "social_optimum", "planner_options")
    w = as_welfare(welfare)
    chosen = _default_regimes(game, w, method, nash_options, planner_options) if regimes is None else list(regimes)
    if not all(isinstance(r, Regime) for r in chosen):
        raise InvalidArgumentError("regimes: expected Regime objects (LocalCompetition(), Mediator(), ...)")
    for regime in chosen:
        regime._check_game(game)
    outcomes = tuple(out for regime in chosen for out in regime.outcomes(game))
    notes: list[str] = []
    if isinstance(game, ContinuousGame):
        reference = planner_optimum_for(game, w, dict(planner_options or {}))
        optimum = float(w(game.payoffs(reference.profile)))
        if not reference.converged:
            notes.append("the planner's optimum is not certified: " + "; ".join(reference.notes))
    else:
        optimum = social_optimum(game, w).best_welfare
    rows = []
    for out in outcomes:
        value = w(out.payoffs)
        loss = welfare_loss(optimum, value)
        r = ratio(optimum, value)
        caveat = [r.reason] if r.reason else []
        if out.complete is False and out.selection in ("worst", "best"):
            caveat.append(f"{out.selection} of the equilibria found, which may not be all")
        if out.equilibrium_count == 0:
            caveat.append("the equilibrium did not pass verification")
        row = {"regime": out.regime, "description": out.description, "welfare": value}
        row.update({f"payoff[{name}]": float(p) for name, p in zip(game.player_names, out.payoffs)})
        row.update(cost=out.cost, loss=loss.absolute, relative_loss=loss.relative, ratio=r.value,
                   ratio_note="; ".join(caveat), selection=out.selection, equilibrium_count=out.equilibrium_count,
                   complete=out.complete, method=out.method)
        rows.append(row)
    table = pd.DataFrame(rows)
    table["equilibrium_count"] = table["equilibrium_count"].astype("Int64")
    table["complete"] = table["complete"].astype("boolean")
    return Comparison(game=game, outcomes=outcomes, welfare_name=w.name, optimum=optimum, table=table, notes=tuple(notes))
