r"""Regions that misreport their base costs to the centre: the reporting game and its equilibrium.

The centre knows everything but the base costs :math:`\bar c_{rk}`, which it asks the regions
to report.  Region r's strategy is an **understatement** :math:`u_{rk}` per industry, taken from
a finite grid :math:`G \ni 0` (cost units; a negative value overstates), and it reports

.. math:: \hat c_{rk} = \max(0,\ \bar c_{rk} - u_{rk}).

A policy maps the reports :math:`\hat c` (the economy :math:`\hat E` with those base costs) to
a portfolio :math:`x` and a per-cluster instrument :math:`s` (a subsidy, negative: a tax):

* **selective**: the centre licenses its plan on the reports, :math:`x = x^*(\hat E)`
  (exact by default: by listing every set of clusters up to
  :data:`ENUMERATION_MAX_REGIONS` regions, else by
  :func:`~coordgame.models.duplicate_construction.second_best`),
  and the licensed regions build; :math:`s = 0`;
* **market** (market-enhancing): the centre computes on the reports the uniform per-industry
  instrument :math:`s_k(\hat c)` that would implement :math:`x^*(\hat E)`
  (:func:`~coordgame.models.duplicate_construction.implementing_instrument`) and regions then
  enter on their **true** costs: :math:`x` is the equilibrium of the true entry game with
  :math:`s` reached from "nobody builds"
  (:func:`~coordgame.models.duplicate_construction.subsidised_equilibrium`).

Region r's payoff is its officials' objective in the **true** economy at that outcome,
:math:`U_r(x) + \sum_k s_k x_{rk}` (own profit, the weight :math:`\lambda` on local output, the
promotion tournament :math:`\theta`; see the model's docstring).  Reports are cheap talk: lying
costs nothing but what it does to the outcome.

*Separation.* Without a binding ``budget``, the plan, the instrument, the entry equilibrium,
:math:`U_r` and national welfare :math:`W` all separate across industries, so the reporting
game is the product of K industry games :math:`\Gamma_k` (players: the regions, actions: the
grid); :math:`u` is a Nash equilibrium of the whole game iff each column :math:`u_{\cdot k}` is
one of :math:`\Gamma_k`, and region r's regret in the whole game is the sum of its regrets in
the :math:`\Gamma_k`.

*Equilibrium.* Sequential best-response dynamics
(:func:`coordgame.solvers.dynamics.best_response_equilibria`) from truthful reports, the grid
ordered by :math:`|u|` (truth first, understatement before overstatement), so a region moves
only when it gains strictly and then to the smallest lie that is a best response.  Regions
revise in turn (round robin); if that cycles (the market policy's games often do: the region
that sets the tax and the regions it keeps out chase each other), the dynamic is rerun from
truth with a random region revising at each step (seeded), which leaves most such cycles.  An
industry where every run cycles has no equilibrium found (``found`` False, the truthful column
is kept, the loss is not reported, and the welfare averaged along the first cycle is).  Every equilibrium is verified: no
region gains more than ``tol * payoff_range`` by changing any report on the grid.

*Loss.* :math:`W` (true economy) of the policy's outcome at the equilibrium reports, against the
same policy at truthful reports (which is the full-information plan for both policies when the
plan is implementable).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np

from coordgame.errors import InvalidArgumentError
from coordgame.games.structured import StructuredGame, binary_portfolios
from coordgame.results import Result
from coordgame.solvers.dynamics import best_response_dynamics, best_response_equilibria
from coordgame.tolerances import DEFAULT_TOL, absolute_tolerance, check_tolerance

from .economy import Economy
from .planner import second_best
from .regimes import implementing_instrument, subsidised_equilibrium

__all__ = ["REPORTING_POLICIES", "REPORT_GRID", "ReportingEquilibrium", "policy_outcome", "report_grid", "reporting_equilibrium",
           "reporting_game"]

#: The policies of the reporting game.
REPORTING_POLICIES = ("selective", "market")
#: Default understatements, in standard deviations of the true base costs (an assumption).
REPORT_GRID = (0.0, 0.25, 0.5, 1.0, 2.0, -0.25, -0.5, -1.0)


def _ordered(grid: np.ndarray) -> np.ndarray:
    """Truth first, then by |u|, understatement before overstatement (the tie-break of the dynamics)."""
    return grid[np.lexsort((-grid, np.abs(grid)))]


def report_grid(economy: Economy, relative: Sequence[float] = REPORT_GRID) -> np.ndarray:
    """Understatements in cost units: ``relative`` times the spread of the true base costs, truth first.

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy
    >>> from coordgame.models.duplicate_construction.reporting import report_grid
    >>> e = build_economy(Parameters(num_regions=4, num_industries=2))
    >>> spread = e.base_cost.std()
    >>> report_grid(e, [1.0, 0.0, -0.5]).tolist() == [0.0, -0.5 * spread, spread]   # ordered by size
    True
    """
    _check_economy(economy)
    values = np.asarray(relative, dtype=float).reshape(-1)
    if values.size == 0 or not np.isfinite(values).all() or not (values == 0).any():
        raise InvalidArgumentError(f"relative: expected finite numbers including 0 (truth), got {relative!r}")
    return _checked_grid(values * float(economy.base_cost.std()), "relative")


def _checked_grid(grid: Any, name: str = "grid") -> np.ndarray:
    values = np.asarray(grid, dtype=float).reshape(-1)
    if values.size == 0 or not np.isfinite(values).all() or not (values == 0).any():
        raise InvalidArgumentError(f"{name}: expected finite understatements including 0 (truth), got {grid!r}")
    if np.unique(values).size != values.size:
        raise InvalidArgumentError(f"{name}: understatements must be distinct, got {grid!r}")
    out = _ordered(values)
    out.setflags(write=False)
    return out


def _check_economy(economy: Any) -> None:
    if not isinstance(economy, Economy):
        raise InvalidArgumentError(f"economy: expected an Economy, got {type(economy).__name__}")
    budget = economy.params.budget
    if budget is not None and budget < economy.num_industries:
        raise InvalidArgumentError(f"economy: a binding budget ({budget} < {economy.num_industries} industries) couples "
                                   "the industries; the reporting game needs them separate")


def _check_policy(policy: Any) -> str:
    if policy not in REPORTING_POLICIES:
        raise InvalidArgumentError(f"policy: expected one of {REPORTING_POLICIES}, got {policy!r}")
    return str(policy)


def _industry(economy: Economy, k: int, base_cost: np.ndarray | None = None) -> Economy:
    """Industry k alone (an economy with one industry), optionally with other base costs."""
    column = economy.base_cost[:, [k]] if base_cost is None else np.asarray(base_cost, dtype=float).reshape(-1, 1)
    column = np.array(column)
    column.setflags(write=False)
    return dataclasses.replace(economy, base_cost=column, industries=(economy.industries[k],))


#: Up to this many regions the centre's plan of one industry is found by listing every set of clusters.
ENUMERATION_MAX_REGIONS = 10


def _plan(reported: Economy, relative_gap: float) -> np.ndarray:
    """The centre's plan (R, 1) of a one-industry economy: exact by enumeration when small, else second best."""
    R = reported.num_regions
    if relative_gap > 0 or R > ENUMERATION_MAX_REGIONS or reported.segmented:
        return second_best(reported, relative_gap=relative_gap)[0]
    masks = binary_portfolios(R)  # row 0: nobody; ties go to the lowest binary code
    value = reported.industry_welfare(masks[:, None, :].astype(float))[:, 0]
    return masks[int(np.argmax(value))].astype(np.int64)[:, None]


def _column_outcome(true: Economy, reported: Economy, policy: str, relative_gap: float) -> tuple[np.ndarray, float, bool]:
    """(portfolio column (R,), instrument, entry resolved) of one industry for the reports."""
    plan = _plan(reported, relative_gap)
    if policy == "selective":
        return plan[:, 0], 0.0, True
    instrument, _, _ = implementing_instrument(reported, plan)
    entered = subsidised_equilibrium(true, instrument)
    if entered is None:  # the entry dynamics cycled: counted, and nobody builds
        return np.zeros(true.num_regions, dtype=np.int64), float(instrument[0]), False
    return entered[:, 0], float(instrument[0]), True


def policy_outcome(economy: Economy, understatement: Any, policy: str, *,
                   relative_gap: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """The portfolio (R, K) and instrument (K,) a policy produces from reports ``max(0, c̄ - understatement)``.

    Examples
    --------
    >>> import numpy as np
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy, second_best
    >>> from coordgame.models.duplicate_construction.reporting import policy_outcome
    >>> e = build_economy(Parameters(num_regions=5, num_industries=2))
    >>> x, s = policy_outcome(e, np.zeros((5, 2)), "selective")
    >>> bool((x == second_best(e, relative_gap=0.0)[0]).all()), s.tolist()
    (True, [0.0, 0.0])
    """
    _check_economy(economy)
    policy = _check_policy(policy)
    u = np.asarray(understatement, dtype=float)
    if u.shape != economy.base_cost.shape or not np.isfinite(u).all():
        raise InvalidArgumentError(f"understatement: expected finite numbers of shape {economy.base_cost.shape}, "
                                   f"got {np.shape(understatement)}")
    reported = np.maximum(economy.base_cost - u, 0.0)
    x = np.zeros(economy.base_cost.shape, dtype=np.int64)
    instrument = np.zeros(economy.num_industries)
    for k in range(economy.num_industries):
        x[:, k], instrument[k], _ = _column_outcome(_industry(economy, k), _industry(economy, k, reported[:, k]),
                                                    policy, relative_gap)
    return x, instrument


def reporting_game(economy: Economy, industry: int, policy: str, grid: Any = None, *,
                   relative_gap: float = 0.0) -> StructuredGame:
    r"""The reporting game :math:`\Gamma_k` of one industry: regions choose an understatement from ``grid``.

    Action j of every region is ``grid[j]`` of the ordered grid (:func:`report_grid`; truth is
    action 0).  Payoffs are the regions' true objectives at the policy's outcome (module
    docstring); they are cached by profile.  The game's ``payoff_range`` is the economy's.

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy
    >>> from coordgame.models.duplicate_construction.reporting import reporting_game
    >>> e = build_economy(Parameters(num_regions=4, num_industries=2))
    >>> g = reporting_game(e, 0, "selective", [0.0, 5.0])
    >>> g.num_players, g.num_actions
    (4, (2, 2, 2, 2))
    """
    _check_economy(economy)
    policy = _check_policy(policy)
    if isinstance(industry, bool) or not isinstance(industry, (int, np.integer)) \
            or not 0 <= industry < economy.num_industries:
        raise InvalidArgumentError(f"industry: expected an index in [0, {economy.num_industries}), got {industry!r}")
    grid = report_grid(economy) if grid is None else _checked_grid(grid)
    true = _industry(economy, int(industry))
    truth = true.base_cost[:, 0]
    cache: dict[tuple[int, ...], np.ndarray] = {}

    def payoff(profile: tuple[int, ...]) -> np.ndarray:
        key = tuple(int(a) for a in profile)
        if key not in cache:
            reported = _industry(economy, int(industry), np.maximum(truth - grid[list(key)], 0.0))
            column, instrument, _ = _column_outcome(true, reported, policy, relative_gap)
            cache[key] = true.payoffs(column[:, None], subsidy=np.array([instrument]))
        return cache[key]

    actions = [np.arange(grid.size)[:, None]] * economy.num_regions
    return StructuredGame(actions, payoff, payoff_range=economy.payoff_range, player_names=list(economy.regions),
                          title=f"reporting game, {economy.industries[industry]}, {policy} policy")


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class ReportingEquilibrium(Result):
    """An equilibrium of the reporting game and the true welfare it costs (module docstring).

    Attributes
    ----------
    policy : str
        ``"selective"`` or ``"market"``.
    grid : ndarray (G,)
        The understatements allowed (cost units), truth first.
    understatement : ndarray (R, K)
        Equilibrium understatement of each region in each industry (0 where none was found).
    portfolio, portfolio_truthful : ndarray (R, K)
        Clusters built at the equilibrium reports and at truthful reports.
    instrument : ndarray (K,)
        Per-cluster instrument at the equilibrium reports (0 under selective policy).
    found : ndarray (K,) of bool
        Whether an equilibrium was reached in each industry's game.
    regret : float
        Largest total regret of a region (sum over industries) on the grid, in payoff units.
    tol : float
        The threshold it was checked against (``tol * payoff_range``).
    welfare, welfare_truthful, welfare_planner : float
        True national welfare at the equilibrium reports, at truthful reports, and of the
        full-information plan.
    payoffs, payoffs_truthful : ndarray (R,)
        The regions' objectives at the equilibrium and at truth.
    gain_from_lying : ndarray (R,)
        What each region gains by its best report on the grid when all others tell the truth
        (its regret at truthful reports, summed over industries): the incentive to lie.
    cycles : int
        Runs of the dynamic (over all industries) that cycled or stopped without an equilibrium.
    welfare_on_cycle : float
        When some industry's dynamic only cycled: the true welfare averaged along its first cycle
        (each profile of the cycle equally weighted; the industries with an equilibrium at it),
        a description of where the reports keep moving, not an equilibrium.  NaN otherwise.
    unresolved : int
        Industries whose entry dynamics cycle at the equilibrium reports (market policy; then nobody builds there).

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy
    >>> from coordgame.models.duplicate_construction.reporting import reporting_equilibrium
    >>> out = reporting_equilibrium(build_economy(Parameters(num_regions=4, num_industries=2)), "selective")
    >>> out.verification.passed, out.found.tolist(), out.welfare <= out.welfare_truthful
    (True, [True, True], True)
    """

    policy: str
    grid: np.ndarray
    understatement: np.ndarray
    portfolio: np.ndarray
    portfolio_truthful: np.ndarray
    instrument: np.ndarray
    found: np.ndarray
    regret: float
    tol: float
    welfare: float
    welfare_truthful: float
    welfare_planner: float
    payoffs: np.ndarray
    payoffs_truthful: np.ndarray
    gain_from_lying: np.ndarray
    cycles: int
    unresolved: int
    welfare_on_cycle: float

    method: ClassVar[str] = "best-response dynamics on the report grid, from truthful reports"
    _verified_by: ClassVar = ("regret", "regret", "tol", "verified")
    _dict_extras: ClassVar = ("loss", "loss_on_cycle", "num_liars", "verified")

    @property
    def verified(self) -> bool:
        """An equilibrium was found in every industry and no region gains more than ``tol`` by another report."""
        return bool(self.found.all() and self.regret <= self.tol)

    @property
    def loss(self) -> float:
        """True welfare lost to misreporting: ``welfare_truthful - welfare`` (NaN when not verified)."""
        return self.welfare_truthful - self.welfare if self.verified else float("nan")

    @property
    def loss_on_cycle(self) -> float:
        """``welfare_truthful - welfare_on_cycle`` (NaN when every industry reached an equilibrium)."""
        return self.welfare_truthful - self.welfare_on_cycle

    @property
    def num_liars(self) -> int:
        """Region-industry pairs that do not report the truth."""
        return int((self.understatement != 0).sum())

    def __repr__(self) -> str:
        return (f"ReportingEquilibrium({self.policy}: welfare {self.welfare:.6g} vs {self.welfare_truthful:.6g} "
                f"truthful, {self.num_liars} misreports, regret {self.regret:.3g} <= {self.tol:.3g}: {self.verified})")


def _industry_equilibrium(game: StructuredGame, num_random_orders: int, max_rounds: int, tol: float,
                          seed: int) -> tuple[tuple[int, ...] | None, int, tuple[tuple[int, ...], ...]]:
    """(equilibrium or None, cycles seen, first cycle): round-robin from truth, then random revision orders from truth."""
    n = game.num_players
    truth = (0,) * n
    found = best_response_equilibria(game, starts={"truthful": truth}, max_rounds=max_rounds, tol=tol)
    if len(found):
        return found[0].profile, 0, ()
    cycles, first = len(found.cycles), found.cycles[0] if found.cycles else ()
    for attempt in range(num_random_orders):  # a random order of revisions can leave a round-robin cycle
        run = best_response_dynamics(game, truth, order="random", max_iter=4 * max_rounds * n, tol=tol,
                                     seed=seed + attempt)
        if run.equilibrium is not None:
            return run.equilibrium.profile, cycles, first
        cycles += 1
    return None, cycles, first


def reporting_equilibrium(economy: Economy, policy: str, grid: Any = None, *, tol: float = DEFAULT_TOL,
                          max_rounds: int = 50, num_random_orders: int = 3, seed: int = 0,
                          relative_gap: float = 0.0) -> ReportingEquilibrium:
    """An equilibrium of the reporting game under ``policy``, verified, and its true welfare.

    Parameters
    ----------
    economy : Economy
        Without a binding budget (the industries must separate).
    policy : {"selective", "market"}
    grid : sequence of float, optional
        Understatements in cost units, including 0 (default :func:`report_grid`).
    tol : float, default 1e-9
        Relative to ``economy.payoff_range``: a region moves only when it gains more, and the
        equilibrium is verified against it.
    max_rounds, num_random_orders, seed
        Of the dynamics (module docstring): rounds of the round-robin run (a random-order run may
        take ``4 * max_rounds * R`` single revisions), and how many seeded random-order runs follow
        when the round-robin run from truth cycles.
    relative_gap : float, default 0
        The centre's planner's certified gap (0: exact).

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy
    >>> from coordgame.models.duplicate_construction.reporting import reporting_equilibrium
    >>> e = build_economy(Parameters(num_regions=5, num_industries=2, theta=0.5))
    >>> sel, mkt = (reporting_equilibrium(e, p, [0.0, 4.0, 8.0, -4.0]) for p in ("selective", "market"))
    >>> sel.verified and mkt.verified, sel.num_liars, mkt.num_liars
    (True, 4, 6)
    >>> round(float(sel.gain_from_lying.max()), 1), round(float(mkt.gain_from_lying.max()), 1)  # a lie pays 7x more
    (1148.1, 164.5)
    >>> round(sel.loss, 1), round(mkt.loss, 1)   # but the market policy's tax moves with the marginal report
    (0.0, 201.2)
    """
    _check_economy(economy)
    policy = _check_policy(policy)
    check_tolerance(tol, "tol")
    grid = report_grid(economy) if grid is None else _checked_grid(grid)
    R, K = economy.base_cost.shape
    u = np.zeros((R, K))
    found = np.zeros(K, dtype=bool)
    regrets, gains = np.zeros(R), np.zeros(R)
    cycles = 0
    on_cycle: dict[int, list[np.ndarray]] = {}  # industry -> the report columns of the first cycle of its dynamic
    for k in range(K):
        game = reporting_game(economy, k, policy, grid, relative_gap=relative_gap)
        profile, seen, cycle = _industry_equilibrium(game, num_random_orders, max_rounds, tol, seed)
        cycles += seen
        if profile is None and cycle:
            on_cycle[k] = [grid[list(p)] for p in cycle]
        gains += game.regrets((0,) * R)  # evaluated by the dynamic's first round already (cached)
        if profile is not None:
            found[k] = True
            u[:, k] = grid[list(profile)]
            regrets += game.regrets(profile)
    x, instrument = policy_outcome(economy, u, policy, relative_gap=relative_gap)
    truthful, truthful_instrument = policy_outcome(economy, np.zeros((R, K)), policy, relative_gap=relative_gap)
    unresolved = _count_unresolved(economy, u, policy, relative_gap) if policy == "market" else 0
    planned = np.hstack([_plan(_industry(economy, k), relative_gap) for k in range(K)])
    return ReportingEquilibrium(
        policy, grid, u, x, truthful, instrument, found, float(regrets.max()), absolute_tolerance(tol, economy),
        economy.welfare(x), economy.welfare(truthful), economy.welfare(planned), economy.payoffs(x, subsidy=instrument),
        economy.payoffs(truthful, subsidy=truthful_instrument), gains, cycles, unresolved,
        _welfare_on_cycles(economy, u, on_cycle, policy, relative_gap))


def _welfare_on_cycles(economy: Economy, u: np.ndarray, on_cycle: dict[int, list[np.ndarray]], policy: str,
                       relative_gap: float) -> float:
    """Mean true welfare along the cycles (each industry's profiles equally weighted); NaN without cycles."""
    if not on_cycle:
        return float("nan")
    total = 0.0
    for k in range(economy.num_industries):
        columns = on_cycle.get(k, [u[:, k]])
        reported = [np.maximum(economy.base_cost[:, k] - c, 0.0) for c in columns]
        total += float(np.mean([
            _industry(economy, k).welfare(_column_outcome(_industry(economy, k), _industry(economy, k, r), policy,
                                                          relative_gap)[0][:, None]) for r in reported]))
    return total


def _count_unresolved(economy: Economy, u: np.ndarray, policy: str, relative_gap: float) -> int:
    """Industries whose entry dynamics cycle at the reports ``u`` (the outcome then is nobody builds)."""
    reported = np.maximum(economy.base_cost - u, 0.0)
    return sum(not _column_outcome(_industry(economy, k), _industry(economy, k, reported[:, k]), policy, relative_gap)[2]
               for k in range(economy.num_industries))
