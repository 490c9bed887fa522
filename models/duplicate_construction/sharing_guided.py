r"""Shapley value and least core when each coalition value is expensive: cheap approximate values guide, exact ones decide.

At 31 regions an exact coalition value :math:`v(S)`
(:class:`~coordgame.models.duplicate_construction.coalition_oracle.OnDemandValues`) costs about
0.1 s, while the fixed-candidate value :math:`g(S)` (each industry tabulated over its 10
cheapest regions, the others assumed never to build: :func:`approximate_values`) costs
microseconds but is wrong in about 11% of coalition-industry pairs.  Here :math:`g` only
*guides*: every reported number rests on exact values of :math:`v`.

**Shapley value with a control variate** (:func:`guided_shapley`).  The Shapley value is linear,
so :math:`\phi(v) = \phi(g) + \phi(v - g)`.  :math:`\phi(v - g)` is estimated from ``num_samples``
random orders (:math:`n` values of :math:`v` per order: the expensive part), :math:`\phi(g)`
from ``guide_samples`` independent orders (cheap).  Both estimates are unbiased, so their sum
is, and its standard error is :math:`\sqrt{s_{v-g}^2 + s_g^2}` (independent samples).  Where
:math:`g` is close to :math:`v` the marginal contributions of :math:`v - g` vary far less than
those of :math:`v`, and so does the estimate (the classical control variate; e.g. Glasserman
2003, *Monte Carlo Methods in Financial Engineering*, §4.1).  Efficiency holds in every sample:
each order's contributions to :math:`v - g` sum to :math:`v(N) - g(N)`, those to :math:`g` to
:math:`g(N)`.

**Least core by guided constraint generation** (:func:`guided_least_core`).  The LP of
:func:`~coordgame.coop.least_core` is solved over *every coalition whose exact value is known*
(the Shapley sample's included).  The separation step searches the **approximate** excess
:math:`g(S) - x(S)` by the local search of :func:`~coordgame.coop.core.most_violated` (a large
budget costs little), values its ``batch`` best coalitions exactly, and adds them.  It stops when
none of them violates its constraint by more than the tolerance (or after ``max_rounds``).  The
LP over a subset of the constraints is a relaxation, so its :math:`\varepsilon` is a **lower
bound** of the exact :math:`\varepsilon^*` at every round: a positive one proves the core empty
(for these values), with the balanced collection as certificate.  A blocking coalition that
the guided search does not reach can exist, so :math:`\varepsilon` is not proven equal to
:math:`\varepsilon^*` (``exact=False``).

**Core membership** of an allocation :math:`y` (:func:`guided_excess`): the largest exact
excess over every coalition valued so far and the ``batch`` best coalitions of the guided search
at :math:`y`.  A positive excess is a certificate that :math:`y` is blocked; none is evidence,
not proof, of membership.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from coordgame.coop import LeastCore, TUGame, shapley_value
from coordgame.coop.core import CORE_TOL, most_violated

# the restricted LP and its balanced collection are those of coop.least_core's constraint generation
from coordgame.coop.least_core import _balanced_collection, coalition_matrix
from coordgame.coop.least_core import _solve as _least_core_lp
from coordgame.errors import InvalidArgumentError

from .coalition_oracle import _national_table
from .coalitions import PAYOFFS, CoalitionValues, ColumnTables, _industry_table, coalition_values
from .economy import Economy

__all__ = ["GUIDE_SAMPLES", "GuidedGame", "approximate_values", "guided_excess", "guided_least_core", "guided_shapley"]


#: Orders of the approximate game in the control-variate Shapley value (cheap: vectorised table look-ups).
GUIDE_SAMPLES = 20_000


def approximate_values(economy: Economy, *, payoff: str = "welfare", selection: str = "worst",
                       num_candidates: int = 10, tol: float = 1e-9) -> CoalitionValues:
    """The fixed-candidate γ-values: each industry over its ``num_candidates`` cheapest regions only.

    Like :func:`~coordgame.models.duplicate_construction.coalitions.coalition_values` on
    :func:`~coordgame.models.duplicate_construction.coalitions.column_tables`, without the
    excluded regions' entry gains (which cost minutes at 31 regions and only count violations):
    an approximation of :math:`v`, exact when every region is a candidate.

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy
    >>> from coordgame.models.duplicate_construction.coalitions import coalition_values, column_tables
    >>> from coordgame.models.duplicate_construction.sharing_guided import approximate_values
    >>> economy = build_economy(Parameters(num_regions=5, num_industries=2))
    >>> exact = coalition_values(column_tables(economy)).array()
    >>> bool(abs(approximate_values(economy).array() - exact).max() < 1e-9)
    True
    """
    if payoff not in PAYOFFS:
        raise InvalidArgumentError(f"payoff: expected one of {PAYOFFS}, got {payoff!r}")
    if isinstance(num_candidates, bool) or not isinstance(num_candidates, int) or not 1 <= num_candidates <= 12:
        raise InvalidArgumentError(f"num_candidates: expected an integer 1..12, got {num_candidates!r}")
    if economy.params.budget is not None:
        raise InvalidArgumentError("economy: a budget couples the industries; coalition values need budget=None")
    size = min(num_candidates, economy.num_regions)
    build = _industry_table if economy.segmented else _national_table
    tables = tuple(build(economy, k, np.sort(np.argsort(economy.base_cost[:, k], kind="stable")[:size]), payoff,
                         entry=False) for k in range(economy.num_industries))
    return coalition_values(ColumnTables(economy, payoff, tables), selection=selection, tol=tol)


def _popcount(masks: np.ndarray, bits: int) -> np.ndarray:
    return ((masks[..., None] >> np.arange(bits, dtype=np.int64)) & 1).sum(axis=-1)


class GuidedGame:
    """An expensive exact game and a cheap approximation of it, over the same players.

    Parameters
    ----------
    exact : callable
        :math:`v` of a bitmask (cached here: each coalition is valued once).
    guide : CoalitionValues
        The approximation :math:`g` (:func:`approximate_values`), evaluated vectorised.
    names : sequence of str

    Attributes
    ----------
    game, guide_game : TUGame
        :math:`v` and :math:`g` as games (both cached).
    known : dict
        Every coalition valued exactly so far, and its value.

    Examples
    --------
    >>> import numpy as np
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy
    >>> from coordgame.models.duplicate_construction.sharing_guided import GuidedGame, approximate_values
    >>> economy = build_economy(Parameters(num_regions=5, num_industries=2))
    >>> values = approximate_values(economy)
    >>> guided = GuidedGame(values.value, approximate_values(economy, num_candidates=2), economy.regions)
    >>> guided.game.value(0b111) == values.value(0b111), sorted(guided.known)
    (True, [7])
    >>> bool(np.allclose(guided.guide(np.array([3, 31])), [guided.guide_game.value(3), guided.guide_game.value(31)]))
    True
    """

    def __init__(self, exact: Callable[[int], float], guide: CoalitionValues, names: tuple[str, ...]) -> None:
        self.known: dict[int, float] = {}
        self._exact, self._guide = exact, guide
        n = guide.num_regions
        self._positions = [np.asarray(c, dtype=np.int64) for c in guide.candidates]
        self.game = TUGame.from_function(self._record, n, names=names, coalition="mask")
        self.guide_game = TUGame.from_function(guide.value, n, names=names, coalition="mask")

    def _record(self, mask: int) -> float:
        value = 0.0 if mask == 0 else float(self._exact(mask))
        if mask:
            self.known[mask] = value
        return value

    def guide(self, masks: np.ndarray) -> np.ndarray:
        """:math:`g` at an array of bitmasks (vectorised over the tables)."""
        masks = np.asarray(masks, dtype=np.int64)
        n = self._guide.num_regions
        size = _popcount(masks, n)
        total = np.zeros(masks.shape)
        for positions, table in zip(self._positions, self._guide.tables):
            bits = (masks[..., None] >> positions) & 1
            column = (bits << np.arange(positions.size, dtype=np.int64)).sum(axis=-1)
            total += table[column, size - bits.sum(axis=-1)]
        return np.where(masks == 0, 0.0, total)

    def known_proper(self) -> np.ndarray:
        """The proper coalitions valued exactly so far, ascending."""
        full = (1 << self.game.num_players) - 1
        return np.array(sorted(m for m in self.known if m != full), dtype=np.int64)


def guided_shapley(guided: GuidedGame, *, num_samples: int = 40, guide_samples: int | None = None,
                   seed: int | None = 0) -> tuple[np.ndarray, np.ndarray]:
    """The Shapley value of :math:`v` with :math:`g` as control variate, and its standard errors.

    ``num_samples`` orders value :math:`v - g` (``num_samples`` × n exact values), ``guide_samples``
    independent orders value :math:`g` (see the module docstring).

    Examples
    --------
    With the exact values as their own guide the estimate is exact after one order:

    >>> import numpy as np
    >>> from coordgame.coop import TUGame, shapley_value
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy
    >>> from coordgame.models.duplicate_construction.sharing_guided import GuidedGame, approximate_values, guided_shapley
    >>> economy = build_economy(Parameters(num_regions=5, num_industries=2))
    >>> values = approximate_values(economy)
    >>> exact = shapley_value(TUGame(values.array()), method="exact").value
    >>> value, error = guided_shapley(GuidedGame(values.value, values, economy.regions), num_samples=2,
    ...                               guide_samples=50_000)
    >>> bool(np.abs(value - exact).max() < 4 * error.max() + 1e-9), bool(abs(value.sum() - exact.sum()) < 1e-6)
    (True, True)
    """
    guide_samples = GUIDE_SAMPLES if guide_samples is None else guide_samples
    for name, count in (("num_samples", num_samples), ("guide_samples", guide_samples)):
        if isinstance(count, bool) or not isinstance(count, int) or count < 2:
            raise InvalidArgumentError(f"{name}: expected an integer >= 2, got {count!r}")
    n = guided.game.num_players
    difference = TUGame.from_function(lambda mask: guided.game.value(mask) - float(guided.guide(np.array(mask))),
                                      n, coalition="mask")
    part = shapley_value(difference, method="sampling", num_samples=num_samples, seed=seed)
    rng = np.random.default_rng(None if seed is None else [seed, 1])  # independent of the orders above
    orders = np.argsort(rng.random((guide_samples, n)), axis=1)
    prefix = np.cumsum(np.left_shift(1, orders, dtype=np.int64), axis=1)
    marginal = np.diff(guided.guide(prefix), axis=1, prepend=0.0)
    contributions = np.empty((guide_samples, n))
    np.put_along_axis(contributions, orders, marginal, axis=1)
    guide_error = contributions.std(axis=0, ddof=1) / np.sqrt(guide_samples)
    return part.value + contributions.mean(axis=0), np.sqrt(part.std_error**2 + guide_error**2)


def guided_excess(guided: GuidedGame, allocation: np.ndarray, *, batch: int = 20, search_evaluations: int = 20_000,
                  restarts: int = 20, seed: int | None = 0) -> tuple[np.ndarray, np.ndarray]:
    """Exact excesses :math:`v(S) - y(S)` of the coalitions worth checking at ``allocation``, largest first.

    The coalitions: every one valued so far, and the ``batch`` best of the local search of the
    approximate excess :math:`g(S) - y(S)` (valued exactly here).

    Examples
    --------
    >>> import numpy as np
    >>> from coordgame.coop import TUGame, least_core
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy
    >>> from coordgame.models.duplicate_construction.sharing_guided import GuidedGame, approximate_values, guided_excess
    >>> economy = build_economy(Parameters(num_regions=5, num_industries=2))
    >>> values = approximate_values(economy)
    >>> lc = least_core(TUGame(values.array()))
    >>> masks, excess = guided_excess(GuidedGame(values.value, values, economy.regions), lc.allocation)
    >>> bool(abs(excess[0] - lc.epsilon) < 1e-6)  # the least core's binding coalitions are found
    True
    """
    y = np.asarray(allocation, dtype=float)
    found, _, _ = most_violated(guided.guide_game, y, count=batch, restarts=restarts,
                                max_evaluations=search_evaluations, seed=seed)
    guided.game.evaluate(found)
    masks = guided.known_proper()
    excess = np.array([guided.known[int(m)] for m in masks]) - coalition_matrix(masks, y.size) @ y
    order = np.argsort(-excess, kind="stable")
    return masks[order], excess[order]


def guided_least_core(guided: GuidedGame, *, tol: float = CORE_TOL, batch: int = 20, search_evaluations: int = 20_000,
                      restarts: int = 20, max_rounds: int = 60, seed: int | None = 0) -> LeastCore:
    """The least core by constraint generation whose separation searches :math:`g` and checks :math:`v`.

    Returns a :class:`~coordgame.coop.LeastCore` with ``exact=False``: ``epsilon`` is a lower bound
    of :math:`\\varepsilon^*` (a positive one certifies an empty core), ``max_excess`` the largest
    exact excess found at the allocation, ``method`` says whether the search converged within
    ``max_rounds`` (see the module docstring).

    Examples
    --------
    With the exact values as guide on 5 regions the exact least core is found:

    >>> from coordgame.coop import TUGame, least_core
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy
    >>> from coordgame.models.duplicate_construction.sharing_guided import GuidedGame, approximate_values, guided_least_core
    >>> economy = build_economy(Parameters(num_regions=5, num_industries=2))
    >>> values = approximate_values(economy)
    >>> lc = guided_least_core(GuidedGame(values.value, values, economy.regions))
    >>> bool(abs(lc.epsilon - least_core(TUGame(values.array())).epsilon) < 1e-6), lc.method
    (True, 'constraint_generation+guided_search')
    """
    for name, value in (("batch", batch), ("max_rounds", max_rounds)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InvalidArgumentError(f"{name}: expected an integer >= 1, got {value!r}")
    game, n = guided.game, guided.game.num_players
    unit = tol * game.payoff_range
    singles = 1 << np.arange(n, dtype=np.int64)
    game.evaluate(np.concatenate([singles, game.grand_coalition ^ singles]))
    method = "constraint_generation+guided_search(unconverged)"
    rounds = 0
    while rounds < max_rounds:
        rounds += 1
        masks = guided.known_proper()
        x, eps, duals = _least_core_lp(game, masks)
        _, excess = guided_excess(guided, x, batch=batch, search_evaluations=search_evaluations,
                                      restarts=restarts, seed=seed)
        if excess[0] <= eps + unit:  # every coalition valued, the search's new ones too, satisfied
            method = "constraint_generation+guided_search"
            break
    collection, weights, surplus = _balanced_collection(game, masks, duals)
    return LeastCore(eps, x, bool(eps > unit), "empty" if eps > unit else "no blocking coalition found", collection,
                     weights, surplus, float(excess[0]), int(masks.size), rounds, method, False, unit,
                     abs(float(x.sum()) - game.grand_value))
