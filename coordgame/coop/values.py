r"""The Shapley and Banzhaf values: exact by a pass over the subsets, or sampled.

**Shapley value** (Shapley 1953).  Player :math:`i`'s expected marginal contribution when the
players arrive in a uniformly random order:

.. math:: \phi_i(v) = \sum_{S \subseteq N \setminus \{i\}}
          \frac{|S|!\,(n - |S| - 1)!}{n!}\,\big(v(S \cup \{i\}) - v(S)\big).

It is the unique allocation that is efficient (:math:`\sum_i \phi_i = v(N)`), symmetric, gives
a null player 0 and is additive in :math:`v`.

**Banzhaf value** (Banzhaf 1965; Owen 1975): the same marginal contributions weighted equally,

.. math:: \beta_i(v) = \frac{1}{2^{n-1}} \sum_{S \subseteq N \setminus \{i\}} \big(v(S \cup \{i\}) - v(S)\big),

symmetric, null-player and additive but not efficient in general (the *normalised* Banzhaf
index of a simple game rescales it to sum to 1).

**Exact** (``method="exact"``, an array game or at most
:data:`~coordgame.coop.tu_game.ENUMERATION_MAX` = 20 players): for each player, one vectorised
pass over the :math:`2^{n-1}` coalitions without :math:`i` — :math:`O(n\,2^n)` operations on
arrays indexed by bitmask.

**Sampled** (``method="sampling"``, any :math:`n`; the default above 20 players).  Shapley: draw
:math:`m` uniform random orders (seeded); each gives every player one marginal contribution
and the contributions of one order sum to :math:`v(N)`, so the estimate is exactly efficient;
the standard error of :math:`\hat\phi_i` is the sample standard deviation of its contributions
over :math:`\sqrt{m}` (Castro, Gómez & Tejada 2009).  Banzhaf: draw :math:`m` uniform random
coalitions :math:`R` (each player in with probability ½); player :math:`i`'s draw is
:math:`v(R \cup \{i\}) - v(R \setminus \{i\})`, an unbiased draw of :math:`\beta_i`.  A sampled
Shapley value costs :math:`m\,n` evaluations of :math:`v` (fewer with the cache of a callable
game), a sampled Banzhaf value :math:`m\,(n+1)`.

Both return a :class:`CoalitionValue` (the result protocol of :mod:`coordgame.results`): the
value, its standard errors (zero when exact), the sample size, the method, and the efficiency
residual :math:`|\sum_i \phi_i - v(N)|` as verification (Shapley only).

Examples
--------
>>> from coordgame.coop import shapley_value, examples
>>> shapley_value(examples.glove_game(1, 2)).value.round(4).tolist()
[0.6667, 0.1667, 0.1667]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from coordgame._arguments import checked_arguments
from coordgame.errors import InvalidArgumentError
from coordgame.results import Result
from coordgame.tolerances import DEFAULT_TOL

from ._checks import checked_game
from .tu_game import ENUMERATION_MAX, TUGame, popcounts

__all__ = ["CoalitionValue", "shapley_value", "banzhaf_value"]

#: Default number of sampled orders (Shapley) or coalitions (Banzhaf).
DEFAULT_SAMPLES = 2000


@dataclass(frozen=True, repr=False)
class CoalitionValue(Result):
    """A value of a TU game (Shapley or Banzhaf), exact or sampled.

    Attributes
    ----------
    value : ndarray (n,)
        The value of each player (an estimate when sampled).
    std_error : ndarray (n,)
        Standard errors of the estimates (zeros when exact).
    num_samples : int
        Orders (Shapley) or coalitions (Banzhaf) sampled; 0 when exact.
    method : str
        ``"exact"`` or ``"sampling"``.
    solution : str
        ``"shapley"`` or ``"banzhaf"``.
    names : tuple of str
    grand_value : float
        :math:`v(N)`.
    efficiency_residual : float
        :math:`|\\sum_i x_i - v(N)|` (a Banzhaf value need not be efficient: not verified).
    tol : float
        The absolute threshold of the efficiency check (relative ``tol`` times the payoff range).

    Examples
    --------
    >>> from coordgame.coop import examples, shapley_value
    >>> r = shapley_value(examples.glove_game(1, 2))  # one left glove, two right gloves
    >>> r.value.round(6).tolist(), r.solution, r.method, r.grand_value
    ([0.666667, 0.166667, 0.166667], 'shapley', 'exact', 1.0)
    """

    value: np.ndarray
    std_error: np.ndarray
    num_samples: int
    method: str
    solution: str
    names: tuple[str, ...]
    grand_value: float
    efficiency_residual: float
    tol: float

    _dict_extras: ClassVar[tuple[str, ...]] = ("max_std_error",)

    @property
    def max_std_error(self) -> float:
        """The largest standard error (0 when exact)."""
        return float(np.max(self.std_error)) if self.std_error.size else 0.0

    @property
    def verification(self):  # type: ignore[override]
        from coordgame.results import Verification

        if self.solution != "shapley":
            return None
        return Verification("efficiency residual", self.efficiency_residual, self.tol,
                            self.efficiency_residual <= self.tol)

    def as_dict(self) -> dict[str, float]:
        """``{player name: value}``."""
        return dict(zip(self.names, map(float, self.value)))


@checked_arguments
def shapley_value(game: TUGame, *, method: str | None = None, num_samples: int = DEFAULT_SAMPLES,
                  seed: int | None = 0, tol: float = DEFAULT_TOL) -> CoalitionValue:
    """The Shapley value, exact or by permutation sampling (see the module docstring).

    Parameters
    ----------
    game : TUGame
    method : {"exact", "sampling"}, optional
        Default: exact when the game is enumerable (an array game, or at most 20 players).
    num_samples : int, default 2000
        Random orders drawn (``method="sampling"``).
    seed : int or None, default 0
        Seed of the sampled orders (deterministic by default).
    tol : float
        Relative tolerance of the efficiency check (times the game's payoff range).

    Returns
    -------
    CoalitionValue

    Examples
    --------
    >>> from coordgame.coop import examples, shapley_value
    >>> phi = shapley_value(examples.un_security_council())
    >>> round(float(phi.value[0]), 4), round(float(phi.value[5]), 5), phi.method
    (0.1963, 0.00186, 'exact')
    >>> est = shapley_value(examples.glove_game(1, 2), method="sampling", num_samples=4000)
    >>> bool(abs(est.value[0] - 2 / 3) < 4 * est.std_error[0]), est.num_samples
    (True, 4000)
    """
    game = checked_game(game)
    chosen = _checked_method(method, game)
    unit = tol * game.payoff_range
    if chosen == "exact":
        value, errors, m = _exact(game, _shapley_weights(game.num_players)), np.zeros(game.num_players), 0
    else:
        m = _checked_samples(num_samples)
        value, errors = _sampled_shapley(game, m, seed)
    residual = abs(float(value.sum()) - game.grand_value)
    return CoalitionValue(value, errors, m, chosen, "shapley", game.names, game.grand_value, residual, unit)


@checked_arguments
def banzhaf_value(game: TUGame, *, method: str | None = None, num_samples: int = DEFAULT_SAMPLES,
                  seed: int | None = 0, normalized: bool = False, tol: float = DEFAULT_TOL) -> CoalitionValue:
    """The Banzhaf value, exact or by sampling coalitions (see the module docstring).

    Parameters
    ----------
    game : TUGame
    method : {"exact", "sampling"}, optional
    num_samples : int, default 2000
    seed : int or None, default 0
    normalized : bool, default False
        Rescale to sum to :math:`v(N)` (the normalised Banzhaf index of a simple game); standard
        errors are then those of the unnormalised estimates, rescaled.
    tol : float
        Relative tolerance recorded with the result.

    Examples
    --------
    >>> from coordgame.coop import banzhaf_value, examples
    >>> b = banzhaf_value(examples.un_security_council())
    >>> round(float(b.value[0]) * 2**14), round(float(b.value[5]) * 2**14)  # swings: 848 and 84
    (848, 84)
    >>> round(float(banzhaf_value(examples.un_security_council(), normalized=True).value[0]), 4)
    0.1669
    """
    game = checked_game(game)
    chosen = _checked_method(method, game)
    n = game.num_players
    if chosen == "exact":
        value, errors, m = _exact(game, np.full(n, 0.5 ** (n - 1))), np.zeros(n), 0
    else:
        m = _checked_samples(num_samples)
        value, errors = _sampled_banzhaf(game, m, seed)
    if normalized:
        total = float(value.sum())
        if total == 0.0:
            raise InvalidArgumentError("normalized: the Banzhaf values sum to 0; they cannot be normalised")
        factor = game.grand_value / total if game.grand_value != 0 else 1.0 / total
        value, errors = value * factor, errors * abs(factor)
    residual = abs(float(value.sum()) - game.grand_value)
    return CoalitionValue(value, errors, m, chosen, "banzhaf", game.names, game.grand_value, residual,
                          tol * game.payoff_range)


# ---------------------------------------------------------------------- exact
def _shapley_weights(n: int) -> np.ndarray:
    """:math:`|S|!(n-|S|-1)!/n!` for :math:`|S| = 0..n-1`."""
    return np.array([1.0 / (n * math.comb(n - 1, s)) for s in range(n)])


def _exact(game: TUGame, weight_by_size: np.ndarray) -> np.ndarray:
    """:math:`\\sum_{S \\not\\ni i} w_{|S|} (v(S \\cup i) - v(S))` for every player, over bitmask arrays."""
    v = game.values
    n = game.num_players
    sizes = popcounts(n)
    masks = np.arange(v.size)
    out = np.empty(n)
    for i in range(n):
        without = masks[(masks >> i & 1) == 0]
        out[i] = float(weight_by_size[sizes[without]] @ (v[without | 1 << i] - v[without]))
    return out


# ---------------------------------------------------------------------- sampled
def _sampled_shapley(game: TUGame, m: int, seed: int | None) -> tuple[np.ndarray, np.ndarray]:
    n = game.num_players
    rng = np.random.default_rng(seed)
    orders = np.argsort(rng.random((m, n)), axis=1)  # m uniform random permutations
    prefix = np.cumsum(np.left_shift(1, orders, dtype=np.int64), axis=1)  # distinct bits: sum = union
    values = game.evaluate(prefix)  # v of each order's growing coalition
    marginal = np.diff(values, axis=1, prepend=0.0)  # player orders[:, k]'s contribution
    contributions = np.empty((m, n))
    np.put_along_axis(contributions, orders, marginal, axis=1)
    return contributions.mean(axis=0), _standard_errors(contributions)


def _sampled_banzhaf(game: TUGame, m: int, seed: int | None) -> tuple[np.ndarray, np.ndarray]:
    n = game.num_players
    rng = np.random.default_rng(seed)
    bits = rng.random((m, n)) < 0.5
    draws = (bits.astype(np.int64) << np.arange(n, dtype=np.int64)).sum(axis=1)
    single = np.left_shift(1, np.arange(n, dtype=np.int64))
    with_i = game.evaluate(draws[:, None] | single[None, :])
    without_i = game.evaluate(draws[:, None] & ~single[None, :])
    contributions = with_i - without_i
    return contributions.mean(axis=0), _standard_errors(contributions)


def _standard_errors(draws: np.ndarray) -> np.ndarray:
    m = draws.shape[0]
    if m < 2:
        return np.full(draws.shape[1], np.inf)
    return draws.std(axis=0, ddof=1) / math.sqrt(m)


# ---------------------------------------------------------------------- arguments
def _checked_method(method: Any, game: TUGame) -> str:
    if method is None:
        return "exact" if game.enumerable else "sampling"
    if method not in ("exact", "sampling"):
        raise InvalidArgumentError(f"method: expected 'exact' or 'sampling', got {method!r}")
    if method == "exact" and not game.enumerable:
        raise InvalidArgumentError(f"method: 'exact' enumerates 2^n coalitions, at most {ENUMERATION_MAX} players "
                                   f"for a callable game; this one has {game.num_players}: use 'sampling'")
    return method


def _checked_samples(num_samples: Any) -> int:
    if isinstance(num_samples, bool) or not isinstance(num_samples, (int, np.integer)) or num_samples < 2:
        raise InvalidArgumentError(f"num_samples: expected an integer >= 2, got {num_samples!r}")
    return int(num_samples)

