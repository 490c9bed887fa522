r"""Welfare functions and the losses of decentralisation.

**Welfare.**  A welfare function maps the players' payoff vector :math:`u \in \mathbb{R}^N`
to a number:

* utilitarian, optionally weighted: :math:`W(u) = \sum_i w_i u_i` (default :math:`w_i = 1`);
* Rawlsian (max-min): :math:`W(u) = \min_i u_i`;
* Nash product: :math:`W(u) = \prod_i u_i`, defined for positive payoffs only;
* any user callable ``f(u) -> float``.

Every ``welfare=`` argument in coordgame accepts a name (``"utilitarian"``, ``"rawlsian"``,
``"nash_product"``), a :class:`Welfare` object, or such a callable; :func:`as_welfare`
normalises them.  The welfare of a *random* outcome (a mixed profile or a correlated
distribution) is the welfare of the players' **expected** payoffs (ex-ante welfare).  For the
utilitarian welfare this equals the expected welfare; for the Rawlsian welfare and the Nash
product it can be strictly larger, which is why a planner may gain by randomising.

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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from coordgame.errors import InvalidArgumentError
from coordgame.tolerances import DEFAULT_TOL

if TYPE_CHECKING:  # pragma: no cover
    from coordgame.games.normal_form import NormalFormGame

__all__ = [
    "Welfare",
    "WelfareLike",
    "as_welfare",
    "utilitarian",
    "rawlsian",
    "nash_product",
    "player_payoff",
    "Ratio",
    "ratio",
    "welfare_loss",
    "WelfareLoss",
    "equilibrium_welfare",
    "price_of_anarchy",
    "price_of_stability",
    "value_of_mediation",
    "value_of_enforcement",
    "cost_of_implementation",
]


@dataclass(frozen=True, eq=False)
class Welfare:
    """A welfare function of the players' payoff vector.

    Parameters
    ----------
    name : str
        Shown in tables and results.
    function : callable
        ``function(u)`` for a payoff array ``u`` of shape ``(N,)`` returns a float.  With
        ``vectorized=True`` it receives an array of shape ``(N, ...)`` and returns the welfare
        of each column (shape ``(...)``).
    kind : {"linear", "rawlsian", "nash_product", "custom"}
        Tells the optimisers how to treat the function: linear welfare gives a linear
        program, Rawlsian a max-min linear program, the Nash product a concave (log) program;
        a custom function can only be evaluated, not optimised over distributions.
    weights : array_like, optional
        For ``kind="linear"``: the weights :math:`w` of :math:`W(u) = w \\cdot u`; ``None``
        weighs every player 1.
    vectorized : bool, default False
    player : int, optional
        For ``kind="linear"``: the welfare is this one player's payoff.

    Examples
    --------
    >>> import numpy as np
    >>> from coordgame.metrics import Welfare
    >>> spread = Welfare("spread", lambda u: -float(np.ptp(u)))
    >>> spread([3.0, 1.0])
    -2.0
    """

    name: str
    function: Callable[[np.ndarray], Any]
    kind: str = "custom"
    weights: np.ndarray | None = field(default=None)
    vectorized: bool = False
    player: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("linear", "rawlsian", "nash_product", "custom"):
            raise InvalidArgumentError(f"kind: expected 'linear', 'rawlsian', 'nash_product' or 'custom', got {self.kind!r}")
        if not callable(self.function):
            raise InvalidArgumentError(f"function: expected a callable, got {type(self.function).__name__}")

    @property
    def is_linear(self) -> bool:
        """Whether :math:`W(u) = w \\cdot u` (then the welfare of a distribution is its expectation)."""
        return self.kind == "linear"

    def weight_vector(self, num_players: int) -> np.ndarray:
        """The weights :math:`w` of a linear welfare for a game with ``num_players`` players."""
        if not self.is_linear:
            raise InvalidArgumentError(f"welfare: {self.name!r} is not linear, it has no weight vector")
        if self.player is not None:
            if self.player >= num_players:
                raise InvalidArgumentError(f"player: index {self.player} but the game has {num_players} players")
            return np.eye(num_players)[self.player]
        if self.weights is None:
            return np.ones(num_players)
        w = np.asarray(self.weights, dtype=np.float64)
        if w.size != num_players:
            raise InvalidArgumentError(f"weights: {w.size} weights for a game with {num_players} players")
        return w

    def __call__(self, payoffs: Any) -> float:
        """Welfare of one payoff vector (length N)."""
        u = np.asarray(payoffs, dtype=np.float64).reshape(-1)
        value = self.function(u[:, None])[0] if self.vectorized else self.function(u)
        return float(value)

    def over_profiles(self, table: np.ndarray) -> np.ndarray:
        """Welfare at every pure profile: ``table`` has shape ``(N, n_1, ..., n_N)``.

        Built-in welfare functions are vectorised; a plain user callable is applied
        profile by profile (pass ``vectorized=True`` to avoid that loop).

        Examples
        --------
        >>> import coordgame as cg
        >>> cg.metrics.rawlsian().over_profiles(cg.games.chicken().payoffs).tolist()
        [[0.0, 2.0], [2.0, 6.0]]
        """
        table = np.asarray(table, dtype=np.float64)
        if self.vectorized:
            return np.asarray(self.function(table), dtype=np.float64).reshape(table.shape[1:])
        flat = table.reshape(table.shape[0], -1)
        values = np.array([float(self.function(flat[:, m])) for m in range(flat.shape[1])])
        return values.reshape(table.shape[1:])

    def check_game(self, game: NormalFormGame) -> None:
        """Raise if this welfare cannot be used on ``game`` (the Nash product needs positive payoffs)."""
        if self.kind == "nash_product" and not game.payoffs.min() > 0:
            raise InvalidArgumentError(
                f"welfare: the Nash product needs every payoff positive, but the game has payoff {game.payoffs.min():g}; "
                "shift the payoffs (e.g. subtract each player's disagreement payoff and keep the positive region) "
                "or use another welfare"
            )

    def __repr__(self) -> str:
        return f"Welfare({self.name!r}, kind={self.kind!r})"


#: What a ``welfare=`` argument accepts.
WelfareLike = str | Welfare | Callable[[np.ndarray], float]


def _weighted_sum(weights: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    def total(u: np.ndarray) -> np.ndarray:
        if u.shape[0] != weights.size:
            raise InvalidArgumentError(f"weights: {weights.size} weights for {u.shape[0]} players")
        return np.tensordot(weights, u, axes=(0, 0))

    return total


def utilitarian(weights: Sequence[float] | None = None) -> Welfare:
    """Utilitarian welfare :math:`\\sum_i w_i u_i` (plain sum by default).

    Parameters
    ----------
    weights : sequence of float, optional
        Non-negative player weights, not all zero.  ``None`` weighs every player 1.

    Examples
    --------
    >>> from coordgame import metrics
    >>> metrics.utilitarian()([7.0, 2.0])
    9.0
    >>> metrics.utilitarian([1, 0.5])([7.0, 2.0])
    8.0
    """
    if weights is None:
        return Welfare("utilitarian", lambda u: u.sum(axis=0), kind="linear", vectorized=True)
    w = np.asarray(weights, dtype=np.float64).reshape(-1)
    if w.size == 0 or not np.all(np.isfinite(w)) or w.min() < 0 or not w.max() > 0:
        raise InvalidArgumentError(f"weights: expected finite non-negative weights, not all zero, got {list(weights)}")
    w.setflags(write=False)
    return Welfare(f"utilitarian{tuple(w.tolist())}", _weighted_sum(w), kind="linear", weights=w, vectorized=True)


def player_payoff(player: int) -> Welfare:
    """One player's payoff as the objective (a utilitarian welfare with a unit weight).

    Examples
    --------
    >>> from coordgame import metrics
    >>> metrics.player_payoff(1)([7.0, 2.0])
    2.0
    """
    if isinstance(player, bool) or not isinstance(player, (int, np.integer)) or player < 0:
        raise InvalidArgumentError(f"player: expected a player index >= 0, got {player!r}")
    p = int(player)

    def payoff_of(u: np.ndarray) -> np.ndarray:
        if p >= u.shape[0]:
            raise InvalidArgumentError(f"player: index {p} but the game has {u.shape[0]} players")
        return u[p]

    return Welfare(f"payoff[{p}]", payoff_of, kind="linear", vectorized=True, player=p)


def rawlsian() -> Welfare:
    """Rawlsian (max-min) welfare: the smallest payoff.

    Examples
    --------
    >>> from coordgame import metrics
    >>> metrics.rawlsian()([7.0, 2.0])
    2.0
    """
    return Welfare("rawlsian", lambda u: u.min(axis=0), kind="rawlsian", vectorized=True)


def _product_of_positive(u: np.ndarray) -> np.ndarray:
    if not np.all(u > 0):
        raise InvalidArgumentError(
            f"welfare: the Nash product needs positive payoffs, got {np.asarray(u).min():g}"
        )
    return np.prod(u, axis=0)


def nash_product() -> Welfare:
    """Nash product :math:`\\prod_i u_i` (Nash 1950 bargaining); payoffs must be positive.

    Examples
    --------
    >>> from coordgame import metrics
    >>> metrics.nash_product()([7.0, 2.0])
    14.0
    >>> metrics.nash_product()([7.0, 0.0])
    Traceback (most recent call last):
    ...
    coordgame.errors.InvalidArgumentError: welfare: the Nash product needs positive payoffs, got 0
    """
    return Welfare("nash_product", _product_of_positive, kind="nash_product", vectorized=True)


_BY_NAME: dict[str, Callable[[], Welfare]] = {
    "utilitarian": utilitarian,
    "rawlsian": rawlsian,
    "nash_product": nash_product,
}


def as_welfare(welfare: WelfareLike) -> Welfare:
    """Normalise a ``welfare=`` argument to a :class:`Welfare`.

    Parameters
    ----------
    welfare : str, Welfare or callable
        ``"utilitarian"``, ``"rawlsian"``, ``"nash_product"``, a :class:`Welfare`, or a
        callable taking the payoff vector and returning a float.

    Examples
    --------
    >>> from coordgame.metrics import as_welfare
    >>> as_welfare("rawlsian")
    Welfare('rawlsian', kind='rawlsian')
    >>> as_welfare(lambda u: u[0] - u[1]).kind
    'custom'
    """
    if isinstance(welfare, Welfare):
        return welfare
    if isinstance(welfare, str):
        if welfare not in _BY_NAME:
            raise InvalidArgumentError(f"welfare: expected one of {sorted(_BY_NAME)}, a Welfare or a callable, got {welfare!r}")
        return _BY_NAME[welfare]()
    if callable(welfare):
        return Welfare(getattr(welfare, "__name__", "custom"), welfare)
    raise InvalidArgumentError(f"welfare: expected a name, a Welfare or a callable, got {type(welfare).__name__}")


# ---------------------------------------------------------------------------------- ratios
@dataclass(frozen=True)
class Ratio:
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

    def __float__(self) -> float:
        return self.value

    @property
    def difference(self) -> float:
        """``numerator - denominator`` (always defined)."""
        return self.numerator - self.denominator

    def to_dict(self) -> dict[str, Any]:
        """Plain-Python description."""
        return {"value": self.value, "numerator": self.numerator, "denominator": self.denominator,
                "reason": self.reason, "notes": list(self.notes)}


def ratio(numerator: float, denominator: float, *, notes: Sequence[str] = (), what: str = "welfare") -> Ratio:
    """``numerator / denominator`` when both are positive, else NaN with the reason."""
    a, b = float(numerator), float(denominator)
    if not (np.isfinite(a) and np.isfinite(b)):
        return Ratio(math.nan, a, b, f"{what} values must be finite; got {a:g} and {b:g}", tuple(notes))
    if not (a > 0 and b > 0):
        return Ratio(math.nan, a, b, f"{what} values must be positive for a ratio; got {a:g} and {b:g}", tuple(notes))
    return Ratio(a / b, a, b, "", tuple(notes))


@dataclass(frozen=True)
class WelfareLoss:
    """The loss of an outcome against a reference (usually the planner's optimum).

    ``absolute = reference - achieved`` is always defined; ``relative = absolute / reference``
    only when ``reference > 0`` (else NaN and ``reason``).
    """

    absolute: float
    relative: float
    reference: float
    achieved: float
    reason: str = ""


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
    ref, got = float(reference), float(achieved)
    absolute = ref - got
    if ref > 0 and np.isfinite(ref):
        return WelfareLoss(absolute, absolute / ref, ref, got)
    return WelfareLoss(absolute, math.nan, ref, got, f"relative loss needs a positive reference welfare; got {ref:g}")


# ---------------------------------------------------------------------------------- losses
def _sense(sense: str) -> float:
    if sense not in ("welfare", "cost"):
        raise InvalidArgumentError(f"sense: expected 'welfare' or 'cost', got {sense!r}")
    return 1.0 if sense == "welfare" else -1.0


def equilibrium_welfare(
    game: NormalFormGame, welfare: WelfareLike = "utilitarian", *, equilibria: str = "all", method: str = "auto",
    tol: float = DEFAULT_TOL,
) -> tuple[np.ndarray, tuple[str, ...]]:
    """Welfare of each equilibrium of ``game`` found by the chosen enumeration, with notes.

    Parameters
    ----------
    equilibria : {"all", "pure"}
        ``"pure"``: every pure equilibrium (complete).  ``"all"``: the equilibria of
        ``coordgame.nash(game, method=method)`` (for two players, all extreme equilibria;
        utilitarian welfare is bilinear, so its extremes over the equilibrium set are
        attained there).

    Returns
    -------
    (ndarray, tuple of str)
        The welfare values and notes on completeness.

    Examples
    --------
    >>> import coordgame as cg
    >>> values, notes = cg.metrics.equilibrium_welfare(cg.games.stag_hunt(), equilibria="pure")
    >>> values.tolist()
    [8.0, 4.0]
    """
    from coordgame.mechanisms import find_equilibria

    w = as_welfare(welfare)
    w.check_game(game)
    if equilibria not in ("all", "pure"):
        raise InvalidArgumentError(f"equilibria: expected 'all' or 'pure', got {equilibria!r}")
    eqs = find_equilibria(game, method="pure" if equilibria == "pure" else method, tol=tol)
    notes = [] if eqs.complete else [f"equilibria from method {eqs.method!r}, which does not guarantee completeness"]
    notes += [f"equilibria searched: {eqs.method}"]
    if not w.is_linear and equilibria == "all" and game.num_players == 2:
        notes.append("non-linear welfare: extremes over the equilibrium set may lie between extreme equilibria")
    return np.array([w(eq.payoffs) for eq in eqs]), tuple(notes)


def _optimum(game: NormalFormGame, w: Welfare) -> float:
    from coordgame.solvers.planner import social_optimum

    return social_optimum(game, w).best_welfare


def _equilibrium_ratio(game, welfare, equilibria, sense, method, tol, pick) -> Ratio:
    sign = _sense(sense)
    w = as_welfare(welfare)
    values, notes = equilibrium_welfare(game, w, equilibria=equilibria, method=method, tol=tol)
    if values.size == 0:
        return Ratio(math.nan, math.nan, math.nan, "no equilibrium was found by the chosen method", notes)
    optimum = _optimum(game, w)
    chosen = pick(values)
    if sign > 0:
        return ratio(optimum, chosen, notes=notes)
    return ratio(-chosen, -optimum, notes=notes, what="cost")


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
        NaN with a reason when a welfare (cost) value is not positive.

    Examples
    --------
    >>> import coordgame as cg
    >>> float(cg.metrics.price_of_anarchy(cg.games.stag_hunt(), equilibria="pure"))
    2.0
    """
    # the worst equilibrium has the least welfare, i.e. the largest social cost
    return _equilibrium_ratio(game, welfare, equilibria, sense, method, tol, np.min)


def price_of_stability(
    game: NormalFormGame, welfare: WelfareLike = "utilitarian", *, equilibria: str = "all", sense: str = "welfare",
    method: str = "auto", tol: float = DEFAULT_TOL,
) -> Ratio:
    """Optimum welfare over the best equilibrium's welfare (or best-equilibrium cost over optimal cost).

    Parameters are as for :func:`price_of_anarchy`.

    Examples
    --------
    >>> import coordgame as cg
    >>> float(cg.metrics.price_of_stability(cg.games.stag_hunt(), equilibria="pure"))
    1.0
    """
    return _equilibrium_ratio(game, welfare, equilibria, sense, method, tol, np.max)


def value_of_mediation(
    game: NormalFormGame, welfare: WelfareLike = "utilitarian", *, coarse: bool = False, equilibria: str = "all",
    method: str = "auto", tol: float = DEFAULT_TOL,
) -> Ratio:
    """Best correlated-equilibrium welfare over best Nash-equilibrium welfare.

    Ashlagi, Monderer & Tennenholtz (2008) call this the *mediation value*; it is ``>= 1``
    whenever defined, since every Nash equilibrium is a correlated equilibrium.
    ``Ratio.difference`` is the absolute gain from mediation.

    Examples
    --------
    >>> import coordgame as cg
    >>> r = cg.metrics.value_of_mediation(cg.games.chicken(), equilibria="pure")
    >>> r.numerator, r.denominator
    (10.5, 9.0)
    """
    from coordgame.solvers.correlated import correlated_equilibrium

    w = as_welfare(welfare)
    values, notes = equilibrium_welfare(game, w, equilibria=equilibria, method=method, tol=tol)
    best_ce = correlated_equilibrium(game, w, coarse=coarse).objective_value
    if values.size == 0:
        return Ratio(math.nan, best_ce, math.nan, "no equilibrium was found by the chosen method", notes)
    return ratio(best_ce, float(values.max()), notes=notes)


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


def cost_of_implementation(game: NormalFormGame, target: Sequence[int] | None = None, *, kind: str = "profile",
                           welfare: WelfareLike = "utilitarian") -> float:
    """The least total transfer paid on the equilibrium path to make ``target`` an equilibrium.

    A shortcut for ``Transfers(target, kind=kind).solve(game).cost``; ``target=None`` takes
    the planner's profile.  See :class:`coordgame.mechanisms.Transfers`.

    Examples
    --------
    >>> import coordgame as cg
    >>> cg.metrics.cost_of_implementation(cg.games.prisoners_dilemma(), (0, 0))
    2.0
    """
    from coordgame.mechanisms import Transfers

    return Transfers(target=target, kind=kind, welfare=welfare).solve(game).cost
