r"""Welfare functions: how a planner (or a comparison) scores the players' payoff vector.

A welfare function maps the players' payoff vector :math:`u \in \mathbb{R}^N`
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

This module is a leaf: solvers that optimise welfare import it, and nothing here imports a solver.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from coordgame.errors import InvalidArgumentError

if TYPE_CHECKING:  # pragma: no cover
    from coordgame.games.normal_form import NormalFormGame

__all__ = ["Welfare", "WelfareLike", "as_welfare", "utilitarian", "rawlsian", "nash_product", "player_payoff"]


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
    >>> from coordgame.welfare import Welfare
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
        >>> cg.welfare.rawlsian().over_profiles(cg.games.chicken().payoffs).tolist()
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
    >>> from coordgame import welfare
    >>> welfare.utilitarian()([7.0, 2.0])
    9.0
    >>> welfare.utilitarian([1, 0.5])([7.0, 2.0])
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
    >>> from coordgame import welfare
    >>> welfare.player_payoff(1)([7.0, 2.0])
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
    >>> from coordgame import welfare
    >>> welfare.rawlsian()([7.0, 2.0])
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
    >>> from coordgame import welfare
    >>> welfare.nash_product()([7.0, 2.0])
    14.0
    >>> welfare.nash_product()([7.0, 0.0])
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
    >>> from coordgame.welfare import as_welfare
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
