r"""The losses of decentralisation: welfare loss, price of anarchy and of stability, and kin.

Welfare functions are in :mod:`coordgame.welfare`.

**Losses.**  With :math:`W^*` the planner's optimum, :math:`W_{\min}^{NE}` / :math:`W_{\max}^{NE}`
the worst / best equilibrium welfare and :math:`W_{\max}^{CE}` the best correlated equilibrium:

* price of anarchy :math:`\mathrm{PoA} = W^* / W_{\min}^{NE}`, price of stability
  :math:`\mathrm{PoS} = W^* / W_{\max}^{NE}` (Koutsoupias & Papadimitriou 1999; Anshelevich et
  al. 2004);
* value of mediation :math:`W_{\max}^{CE} / W_{\max}^{NE}` and value of enforcement
  :math:`W^* / W_{\max}^{CE}` (Ashlagi, Monderer & Tennenholtz 2008, "On the value of
  correlation", *JAIR* 33);
* the absolute loss :math:`W^* - W` and the relative loss :math:`(W^* - W) / W^*`.

Welfare may be zero or negative, so a ratio is reported only when both welfare values are
positive; otherwise its value is NaN and :attr:`Ratio.reason` says why.  For games whose
payoffs are negated *costs* (congestion games), pass ``sense="cost"``: the ratios are then
taken between social costs :math:`C = -W` (e.g. worst-equilibrium cost over optimal cost), the
convention of the routing literature (Roughgarden & Tardos 2002).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from coordgame._arguments import checked_arguments
from coordgame.errors import InvalidArgumentError
from coordgame.results import Result
from coordgame.tolerances import DEFAULT_TOL
from coordgame.welfare import Welfare, WelfareLike, as_welfare

if TYPE_CHECKING:  # pragma: no cover
    from coordgame.games.normal_form import NormalFormGame

__all__ = [
    "Ratio",
    "ratio",
    "welfare_loss",
    "WelfareLoss",
    "equilibrium_welfare",
    "price_of_anarchy",
    "price_of_stability",
    "value_of_mediation",
    "value_of_enforcement",
]


# ---------------------------------------------------------------------------------- ratios
@dataclass(frozen=True)
class Ratio(Result):
    """A welfare (or cost) ratio that is NaN, with a reason, when it would mislead.

    Attributes
    ----------
    value : float
        ``numerator / denominator``, or NaN.
    numerator, denominator : float
        The two welfare (or cost) values compared.
    reason : str
        Empty when the ratio is meaningful; otherwise why ``value`` is NaN.
    notes : tuple of str
        Caveats (e.g. "over pure equilibria only").
    complete : bool
        False when a value compared was taken over an equilibrium set not known to be complete
        (e.g. one Lemke–Howson equilibrium): the ratio is then a bound, not the value (the notes
        say which way).

    Examples
    --------
    >>> from coordgame.metrics import ratio
    >>> float(ratio(10.0, 8.0))
    1.25
    >>> ratio(1.0, -2.0).reason
    'welfare values must be positive for a ratio; got 1 and -2'
    """

    value: float
    numerator: float
    denominator: float
    reason: str = ""
    notes: tuple[str, ...] = ()
    complete: bool = True

    method = "ratio"
    _dict_extras = ("difference",)

    def __float__(self) -> float:
        return self.value

    @property
    def difference(self) -> float:
        """``numerator - denominator`` (always defined)."""
        return self.numerator - self.denominator


def _number(value: Any, name: str) -> float:
    """``value`` as a float (NaN and infinities included: the caller reports them); an error names ``name``."""
    if isinstance(value, (str, bytes)):
        raise InvalidArgumentError(f"{name}: expected a number, got {value!r}")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise InvalidArgumentError(f"{name}: expected a number, got {value!r}") from None


@checked_arguments
def ratio(numerator: float, denominator: float, *, notes: Sequence[str] = (), what: str = "welfare",
          complete: bool = True) -> Ratio:
    """``numerator / denominator`` when both are positive, else NaN with the reason.

    ``notes`` and ``complete`` are stored in the :class:`Ratio` as given.

    Examples
    --------
    >>> ratio(10.0, 8.0).value, ratio(1.0, 0.0).reason
    (1.25, 'welfare values must be positive for a ratio; got 1 and 0')
    """
    a, b = _number(numerator, "numerator"), _number(denominator, "denominator")
    if not (np.isfinite(a) and np.isfinite(b)):
        return Ratio(math.nan, a, b, f"{what} values must be finite; got {a:g} and {b:g}", tuple(notes), complete)
    if not (a > 0 and b > 0):
        return Ratio(math.nan, a, b, f"{what} values must be positive for a ratio; got {a:g} and {b:g}", tuple(notes),
                     complete)
    return Ratio(a / b, a, b, "", tuple(notes), complete)


@dataclass(frozen=True)
class WelfareLoss(Result):
    """The loss of an outcome against a reference (usually the planner's optimum).

    ``absolute = reference - achieved`` is always defined; ``relative = absolute / reference``
    only when ``reference > 0`` (else NaN and ``reason``).

    Examples
    --------
    >>> from coordgame.metrics import welfare_loss
    >>> loss = welfare_loss(12.0, 9.0)  # the optimum gives 12, the equilibrium 9
    >>> loss.absolute, loss.relative, loss.reason
    (3.0, 0.25, '')
    """

    absolute: float
    relative: float
    reference: float
    achieved: float
    reason: str = ""

    method = "welfare_loss"


@checked_arguments
def welfare_loss(reference: float, achieved: float) -> WelfareLoss:
    """Absolute and relative welfare loss of ``achieved`` against ``reference``.

    Examples
    --------
    >>> from coordgame.metrics import welfare_loss
    >>> loss = welfare_loss(12.0, 9.0)
    >>> loss.absolute, loss.relative
    (3.0, 0.25)
    >>> welfare_loss(0.0, -1.0).reason
    'relative loss needs a positive reference welfare; got 0'
    """
    ref, got = _number(reference, "reference"), _number(achieved, "achieved")
    absolute = ref - got
    if ref > 0 and np.isfinite(ref):
        return WelfareLoss(absolute, absolute / ref, ref, got)
    return WelfareLoss(absolute, math.nan, ref, got, f"relative loss needs a positive reference welfare; got {ref:g}")


# ---------------------------------------------------------------------------------- losses
def _sense(sense: str) -> float:
    if sense not in ("welfare", "cost"):
        raise InvalidArgumentError(f"sense: expected 'welfare' or 'cost', got {sense!r}")
    return 1.0 if sense == "welfare" else -1.0


def _equilibria(game: NormalFormGame, w: Welfare, equilibria: str, method: str, tol: float):
    """The equilibrium set the losses are taken over, its welfare values and notes on completeness."""
    from coordgame.solvers.nash import nash

    w.check_game(game)
    if equilibria not in ("all", "pure"):
        raise InvalidArgumentError(f"equilibria: expected 'all' or 'pure', got {equilibria!r}")
    eqs = nash(game, method="pure" if equilibria == "pure" else method, tol=tol)
    notes = [] if eqs.complete else [
        f"equilibria from method {eqs.method!r}, which does not guarantee completeness: {len(eqs)} found, "
        "others may exist"]
    notes += [f"equilibria searched: {eqs.method}"]
    if not w.is_linear and equilibria == "all" and game.num_players == 2:
        notes.append("non-linear welfare: extremes over the equilibrium set may lie between extreme equilibria")
    return eqs, np.array([w(eq.payoffs) for eq in eqs]), notes


def equilibrium_welfare(
    game: NormalFormGame, welfare: WelfareLike = "utilitarian", *, equilibria: str = "all", method: str = "auto",
    tol: float = DEFAULT_TOL,
) -> tuple[np.ndarray, tuple[str, ...]]:
    """Welfare of each equilibrium of ``game`` found by the chosen method, with notes on completeness.

    Parameters
    ----------
    equilibria : {"all", "pure"}
        ``"pure"``: every pure equilibrium (complete).  ``"all"``: the equilibria returned by
        ``coordgame.nash(game, method=method)``.  Whether these are all of them depends on the
        method: with ``method="auto"`` a two-player game with at most
        :data:`coordgame.solvers.nash.VERTEX_AUTO_LIMIT` actions for the smaller side gets
        vertex enumeration (every extreme equilibrium; utilitarian welfare is bilinear, so its
        extremes over the equilibrium set are attained there), but a larger one gets a single
        Lemke–Howson equilibrium, and an N-player game gets support enumeration or, when large,
        the pure equilibria plus the logit solution.  Pass ``method="vertex"`` (two players) or
        ``"support_enumeration_n"`` to search every equilibrium at a higher cost.

    Returns
    -------
    (ndarray, tuple of str)
        The welfare values and notes; the first note says so when the set is not known to be
        complete.

    Examples
    --------
    >>> import coordgame as cg
    >>> values, notes = cg.metrics.equilibrium_welfare(cg.games.stag_hunt(), equilibria="pure")
    >>> values.tolist()
    [8.0, 4.0]
    """
    _, values, notes = _equilibria(game, as_welfare(welfare), equilibria, method, tol)
    return values, tuple(notes)


def _optimum(game: NormalFormGame, w: Welfare) -> float:
    from coordgame.solvers.planner import social_optimum

    return social_optimum(game, w).best_welfare


def _equilibrium_ratio(game, welfare, equilibria, sense, method, tol, worst: bool) -> Ratio:
    sign = _sense(sense)
    w = as_welfare(welfare)
    eqs, values, notes = _equilibria(game, w, equilibria, method, tol)
    if values.size == 0:
        return Ratio(math.nan, math.nan, math.nan, "no equilibrium was found by the chosen method", tuple(notes),
                     complete=eqs.complete)
    if not eqs.complete:
        # The worst equilibrium found is no worse than the worst one, the best found no better than the best.
        bound = "a lower bound on the price of anarchy" if worst else "an upper bound on the price of stability"
        notes.append(f"computed from {len(values)} of the equilibria: {bound}")
    optimum = _optimum(game, w)
    chosen = float(values.min() if worst else values.max())
    if sign > 0:
        return ratio(optimum, chosen, notes=notes, complete=eqs.complete)
    return ratio(-chosen, -optimum, notes=notes, what="cost", complete=eqs.complete)


def price_of_anarchy(
    game: NormalFormGame, welfare: WelfareLike = "utilitarian", *, equilibria: str = "all", sense: str = "welfare",
    method: str = "auto", tol: float = DEFAULT_TOL,
) -> Ratio:
    """Optimum welfare over the worst equilibrium's welfare (or worst cost over optimal cost).

    Parameters
    ----------
    game : NormalFormGame
    welfare : str, Welfare or callable, default "utilitarian"
    equilibria : {"all", "pure"}, default "all"
        Which equilibria: see :func:`equilibrium_welfare`.
    sense : {"welfare", "cost"}, default "welfare"
        ``"cost"`` when payoffs are negated costs: the ratio is then (worst equilibrium
        social cost) / (optimal social cost), with social cost = -welfare.
    method : str, default "auto"
        Passed to ``coordgame.nash`` when ``equilibria="all"``.
    tol : float, default 1e-9
        Relative verification tolerance of the equilibria.

    Returns
    -------
    Ratio
        NaN with a reason when a welfare (cost) value is not positive.  ``complete`` is False
        when the method does not guarantee every equilibrium (e.g. Lemke–Howson, which
        ``method="auto"`` uses for two-player games above 12 actions): the value is then a
        lower bound on the price of anarchy, and a note says so.

    Examples
    --------
    >>> import coordgame as cg
    >>> poa = cg.metrics.price_of_anarchy(cg.games.stag_hunt(), equilibria="pure")
    >>> float(poa), poa.complete
    (2.0, True)
    >>> cg.metrics.price_of_anarchy(cg.games.stag_hunt(), method="lemke_howson").complete
    False
    """
    # the worst equilibrium has the least welfare, i.e. the largest social cost
    return _equilibrium_ratio(game, welfare, equilibria, sense, method, tol, worst=True)


def price_of_stability(
    game: NormalFormGame, welfare: WelfareLike = "utilitarian", *, equilibria: str = "all", sense: str = "welfare",
    method: str = "auto", tol: float = DEFAULT_TOL,
) -> Ratio:
    """Optimum welfare over the best equilibrium's welfare (or best-equilibrium cost over optimal cost).

    Parameters are as for :func:`price_of_anarchy`; with an equilibrium set not known to be
    complete (``Ratio.complete`` False) the value is an upper bound on the price of stability.

    Examples
    --------
    >>> import coordgame as cg
    >>> float(cg.metrics.price_of_stability(cg.games.stag_hunt(), equilibria="pure"))
    1.0
    """
    return _equilibrium_ratio(game, welfare, equilibria, sense, method, tol, worst=False)


def value_of_mediation(
    game: NormalFormGame, welfare: WelfareLike = "utilitarian", *, coarse: bool = False, equilibria: str = "all",
    method: str = "auto", tol: float = DEFAULT_TOL,
) -> Ratio:
    """Best correlated-equilibrium welfare over best Nash-equilibrium welfare.

    Ashlagi, Monderer & Tennenholtz (2008) call this the *mediation value*; it is ``>= 1``
    whenever defined, since every Nash equilibrium is a correlated equilibrium.
    ``Ratio.difference`` is the absolute gain from mediation.  With an equilibrium set not
    known to be complete (``Ratio.complete`` False) the value is an upper bound.

    Examples
    --------
    >>> import coordgame as cg
    >>> r = cg.metrics.value_of_mediation(cg.games.chicken(), equilibria="pure")
    >>> r.numerator, r.denominator
    (10.5, 9.0)
    """
    from coordgame.solvers.correlated import correlated_equilibrium

    w = as_welfare(welfare)
    eqs, values, notes = _equilibria(game, w, equilibria, method, tol)
    best_ce = correlated_equilibrium(game, w, coarse=coarse).objective_value
    if values.size == 0:
        return Ratio(math.nan, best_ce, math.nan, "no equilibrium was found by the chosen method", tuple(notes),
                     complete=eqs.complete)
    if not eqs.complete:
        notes.append(f"computed from {len(values)} of the equilibria: an upper bound on the value of mediation")
    return ratio(best_ce, float(values.max()), notes=notes, complete=eqs.complete)


def value_of_enforcement(game: NormalFormGame, welfare: WelfareLike = "utilitarian", *, coarse: bool = False) -> Ratio:
    """The planner's optimum over the best correlated-equilibrium welfare (the *enforcement value*).

    Examples
    --------
    >>> import coordgame as cg
    >>> r = cg.metrics.value_of_enforcement(cg.games.prisoners_dilemma())
    >>> r.numerator, r.denominator, r.value
    (4.0, 2.0, 2.0)
    """
    from coordgame.solvers.correlated import correlated_equilibrium

    w = as_welfare(welfare)
    return ratio(_optimum(game, w), correlated_equilibrium(game, w, coarse=coarse).objective_value)
