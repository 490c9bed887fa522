r"""Sharing the gains of coordination: who gains from the plan, and transfers that make everyone gain.

For an economy, with payoffs :math:`m_r` (:mod:`~coordgame.models.duplicate_construction.coalitions`;
national-welfare contributions by default):

* :math:`m_r(x^L)` under **local competition** — :math:`x^L` the model's reference equilibrium,
  reached by best-response dynamics from "nobody builds" (as in ``solve_model``);
* :math:`m_r(x^P)` under the **plan** — :math:`x^P` the second best (:func:`second_best`);
  the coordination gain is :math:`\Delta = \sum_r m_r(x^P) - \sum_r m_r(x^L) \ge 0` for welfare;
* after budget-balanced **transfers** :math:`t` (:math:`\sum_r t_r = 0`), region :math:`r` has
  :math:`m_r(x^P) + t_r`:

  (a) **Shapley**: the Shapley value of the gain game
      :math:`g(S) = v(S) - \sum_{r \in S} m_r(x^L)` (:math:`v` the γ-characteristic function),
      scaled to the plan's gain: :math:`m_r(x^L) + \phi_r(g)\,\Delta / g(N)` (with welfare payoffs
      :math:`g(N) = \Delta`, so this is just :math:`\phi_r(v)`);
  (b) **cheapest compensation**: the LP
      :math:`\min \sum_r t_r^+` s.t. :math:`\sum_r t_r = 0`,
      :math:`m_r(x^P) + t_r \ge m_r(x^L)` — its value is the losers' total loss
      :math:`\sum_r (m_r(x^L) - m_r(x^P))^+` (checked); among its solutions the one in which
      the winners pay in proportion to their gains is reported;
  (c) the **nucleolus** of :math:`v` (exact economies only), a core allocation when the core
      is non-empty;

  and whether the **core** of :math:`v` is empty (least core by LP; with 31 regions by
  constraint generation guided by approximate values, whose :math:`\varepsilon` is a lower
  bound: an empty verdict is certified, a non-empty one provisional).

With at most ``num_candidates`` regions everything is exact (the tables of
:mod:`~coordgame.models.duplicate_construction.coalitions`, the Shapley value by the subset
pass, the least core by the full LP, the nucleolus).  With more regions (31) the coalition values
are computed on demand for the coalitions asked for
(:class:`~coordgame.models.duplicate_construction.coalition_oracle.OnDemandValues`: every
equilibrium verified over all regions, ``value_method="verified_equilibria"``; the counts of
verified, unverified and no-equilibrium coalition-industry pairs are in ``counts``), and the
cheap fixed-candidate values guide the two searches that need many coalitions
(:mod:`~coordgame.models.duplicate_construction.sharing_guided`): the Shapley value is sampled
(``num_samples`` random orders of exact values, the approximate values as control variate,
standard errors reported), and the least core uses constraint generation whose separation
searches the approximate excess and values its best coalitions exactly (an "empty" verdict is
certified by the LP over the coalitions valued; "non-empty" is provisional).  ``accuracy``
holds the least core's rounds, convergence and largest excess found, each allocation's largest
excess found, and the approximate values' errors.  The local-competition and plan payoffs are exact at any size
(:func:`~coordgame.models.duplicate_construction.coalitions.portfolio_payoffs`), and so is the
cheapest compensation (b), which needs no coalition values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from scipy.optimize import linprog

from coordgame.coop import TUGame, least_core, nucleolus, shapley_value
from coordgame.coop.tu_game import coalition_sums
from coordgame.errors import InfeasibleError, InvalidArgumentError
from coordgame.games.structured import binary_portfolios
from coordgame.results import Result
from coordgame.solvers.dynamics import best_response_equilibria
from coordgame.tolerances import DEFAULT_TOL, absolute_tolerance

from .coalition_oracle import OnDemandValues
from .coalitions import MAX_CANDIDATES, coalition_values, column_tables, portfolio_payoffs
from .economy import Economy
from .game import entry_game
from .planner import second_best
from .sharing_guided import GUIDE_SAMPLES, GuidedGame, approximate_values, guided_excess, guided_least_core, guided_shapley

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["BenefitSharing", "benefit_sharing", "cheapest_compensation", "local_competition_portfolio"]


@dataclass(frozen=True, eq=False, repr=False)
class BenefitSharing(Result):
    """Payoffs per region under local competition, the plan, and each transfer scheme (see the module docstring).

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy
    >>> from coordgame.models.duplicate_construction.sharing import benefit_sharing
    >>> out = benefit_sharing(build_economy(Parameters(num_regions=4, num_industries=2)))
    >>> out.regions, round(out.welfare_gain, 2), out.core_status
    (('Beijing', 'Tianjin', 'Hebei', 'Shanxi'), 179.63, 'empty')
    >>> out.local.round(1).tolist(), out.shapley_final.round(1).tolist()  # the Shapley split of the plan
    ([948.6, 1239.4, 504.4, 721.5], [979.4, 1285.1, 618.6, 710.4])
    """

    regions: tuple[str, ...]
    payoff: str
    kind: str
    selection: str
    local: np.ndarray
    plan: np.ndarray
    shapley_final: np.ndarray
    shapley_std_error: np.ndarray
    shapley_method: str
    shapley_samples: int
    minimal_final: np.ndarray
    nucleolus_final: np.ndarray | None
    grand_value: float
    least_core_epsilon: float
    core_empty: bool
    core_status: str
    core_method: str
    shapley_in_core: bool
    minimal_in_core: bool
    exact_values: bool
    plan_residual: float
    tol: float
    counts: dict[str, int] = field(default_factory=dict)
    value_method: str = "exact"
    accuracy: dict[str, float] = field(default_factory=dict)
    method: str = "benefit_sharing"

    _verified_by: ClassVar = ("plan vs grand coalition", "plan_residual", "tol", None)
    _dict_extras: ClassVar[tuple[str, ...]] = ("welfare_gain", "budget_shapley", "budget_minimal", "budget_nucleolus")

    @property
    def welfare_gain(self) -> float:
        """:math:`\\Delta = \\sum_r m_r(x^P) - \\sum_r m_r(x^L)`."""
        return float(self.plan.sum() - self.local.sum())

    def _budget(self, final: np.ndarray | None) -> float:
        return float("nan") if final is None else float(np.maximum(final - self.plan, 0.0).sum())

    @property
    def budget_shapley(self) -> float:
        """Total paid to the regions receiving transfers under the Shapley scheme."""
        return self._budget(self.shapley_final)

    @property
    def budget_minimal(self) -> float:
        return self._budget(self.minimal_final)

    @property
    def budget_nucleolus(self) -> float:
        return self._budget(self.nucleolus_final)

    def regions_frame(self) -> pd.DataFrame:
        """One row per region: payoffs under each regime and scheme, and gains over local competition."""
        import pandas as pd

        frame = pd.DataFrame({"region": self.regions, "local": self.local, "plan": self.plan,
                              "shapley": self.shapley_final, "shapley_std_error": self.shapley_std_error,
                              "minimal": self.minimal_final})
        frame["nucleolus"] = np.nan if self.nucleolus_final is None else self.nucleolus_final
        for scheme in ("plan", "shapley", "minimal", "nucleolus"):
            frame[f"gain_{scheme}"] = frame[scheme] - frame["local"]
        return frame


def local_competition_portfolio(economy: Economy, *, tol: float = DEFAULT_TOL) -> np.ndarray:
    """The model's reference local-competition equilibrium: best-response dynamics from "nobody builds".

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy
    >>> from coordgame.models.duplicate_construction.sharing import local_competition_portfolio
    >>> local_competition_portfolio(build_economy(Parameters(num_regions=4, num_industries=1))).ravel().tolist()
    [1, 1, 1, 1]
    """
    game = entry_game(economy)
    found = best_response_equilibria(game, starts={"nobody builds": (0,) * economy.num_regions}, tol=tol)
    if not len(found):
        raise InfeasibleError("economy: best-response dynamics from 'nobody builds' reached no equilibrium (a cycle)")
    portfolios = binary_portfolios(economy.num_industries, economy.params.budget)
    return portfolios[np.asarray(found[0].profile)].astype(np.int64)


def cheapest_compensation(local: Any, plan: Any) -> tuple[np.ndarray, float]:
    """Budget-balanced transfers of least total payment that leave no region below ``local``.

    The LP :math:`\\min \\sum_r s_r` s.t. :math:`s \\ge t`, :math:`s \\ge 0`, :math:`\\sum_r t_r = 0`,
    :math:`t_r \\ge \\text{local}_r - \\text{plan}_r` (HiGHS); its optimum, the budget, must equal
    the losers' total loss (checked).  The transfers returned compensate each loser exactly and
    charge the winners in proportion to their gains.

    Returns
    -------
    transfers : ndarray (R,)
    budget : float
        :math:`\\sum_r t_r^+`.

    Examples
    --------
    >>> t, budget = cheapest_compensation([1.0, 1.0, 1.0], [0.0, 2.0, 4.0])
    >>> t.round(6).tolist(), round(budget, 6)
    ([1.0, -0.25, -0.75], 1.0)
    """
    local, plan = np.asarray(local, dtype=float), np.asarray(plan, dtype=float)
    if local.shape != plan.shape or local.ndim != 1:
        raise InvalidArgumentError(f"plan: expected one payoff per region, like local {local.shape}, got {plan.shape}")
    gain = plan - local
    if gain.sum() < -1e-12 * max(1.0, float(np.abs(plan).max())):
        raise InfeasibleError("plan: the plan's total payoff is below local competition's; no transfers compensate")
    R = local.size
    objective = np.concatenate([np.zeros(R), np.ones(R)])
    a_ub = np.vstack([np.hstack([np.eye(R), -np.eye(R)]),  # t - s <= 0
                      np.hstack([-np.eye(R), np.zeros((R, R))])])  # -t <= plan - local
    b_ub = np.concatenate([np.zeros(R), gain])
    a_eq = np.concatenate([np.ones(R), np.zeros(R)])[None, :]
    res = linprog(objective, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=[0.0],
                  bounds=[(None, None)] * R + [(0, None)] * R, method="highs")
    if res.status != 0:
        raise InfeasibleError(f"cheapest_compensation: the LP failed ({res.message})")
    budget = float(res.fun)
    losses = np.maximum(-gain, 0.0)
    assert abs(budget - losses.sum()) <= 1e-7 * max(1.0, float(np.abs(gain).max()) * R), "LP budget != total loss"
    winners = np.maximum(gain, 0.0)
    share = winners / winners.sum() if winners.sum() > 0 else np.zeros(R)
    return losses - losses.sum() * share, float(losses.sum())


def benefit_sharing(economy: Economy, *, payoff: str = "welfare", kind: str = "gamma", selection: str = "worst",
                    num_candidates: int = 10, num_samples: int = 2000, core_evaluations: int = 20_000,
                    core_rounds: int = 60, seed: int | None = 0, tol: float = DEFAULT_TOL) -> BenefitSharing:
    """Payoffs under local competition and the plan, and after each transfer scheme; the core's verdict.

    Parameters
    ----------
    economy : Economy
        Without a budget.
    payoff : {"welfare", "officials"}
        National-welfare contributions (default) or the officials' :math:`U_r`.
    kind, selection
        The characteristic function (:func:`~coordgame.models.duplicate_construction.coalitions.coalition_values`);
        ``kind="alpha"`` only for economies of at most ``num_candidates`` regions.
    num_candidates : int, default 10
        Economies with at most this many regions are tabulated exactly; larger ones use values on demand.
    num_samples : int, default 2000
        Random orders of exact values in the sampled Shapley value (larger economies; the
        approximate values are the control variate, :mod:`.sharing_guided`).
    core_evaluations : int, default 20000
        Approximate values the guided search of the least core may visit per round (larger
        economies), and of the core-membership checks of the Shapley and compensation allocations.
    core_rounds : int, default 60
        LP rounds of the least core's guided constraint generation before it stops unconverged
        (``accuracy["least_core_converged"] = 0``; its epsilon is still a lower bound).
    seed : int or None, default 0
    tol : float
        Relative tolerance (times ``Economy.payoff_range``).

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import Parameters, build_economy
    >>> from coordgame.models.duplicate_construction.sharing import benefit_sharing
    >>> out = benefit_sharing(build_economy(Parameters(num_regions=4, num_industries=2)))
    >>> out.exact_values, out.value_method, bool((out.minimal_final >= out.local - 1e-9).all()), out.verification.passed
    (True, 'exact', True, True)
    """
    guided, counts, exact = _value_game(economy, payoff, kind, selection, num_candidates, tol)
    game = guided if isinstance(guided, TUGame) else guided.game
    local = portfolio_payoffs(economy, local_competition_portfolio(economy, tol=tol), payoff=payoff)
    plan_x, _ = second_best(economy, tol=tol)
    plan = portfolio_payoffs(economy, plan_x, payoff=payoff)
    atol = absolute_tolerance(tol, economy) * economy.num_regions * economy.num_industries
    residual = abs(game.grand_value - float(plan.sum())) if payoff == "welfare" else 0.0
    if exact:
        phi = shapley_value(game, method="exact")
        phi_value, phi_error, phi_method = phi.value, phi.std_error, phi.method
    else:
        phi_value, phi_error = guided_shapley(guided, num_samples=num_samples, seed=seed)
        phi_method = "sampling+control_variate"
    gain_game_total = game.grand_value - float(local.sum())
    scale = (float(plan.sum() - local.sum()) / gain_game_total) if abs(gain_game_total) > atol else 1.0
    shapley_final = local + (phi_value - local) * scale
    minimal_final = plan + cheapest_compensation(local, plan)[0]
    lc, excesses, accuracy = _core_answers(game if exact else guided, (shapley_final, minimal_final),
                                           core_evaluations, core_rounds, seed)
    nucleolus_final = None
    if exact:
        singles_total = sum(game.value(1 << r) for r in range(game.num_players))
        nucleolus_final = nucleolus(game, prenucleolus=singles_total > game.grand_value).allocation
    in_core = [bool(e <= 1e-7 * game.payoff_range) for e in excesses]
    if not exact:
        counts = {**counts, "coalitions_evaluated": game.num_evaluations}
        accuracy.update(_guide_errors(guided), shapley_guide_samples=float(GUIDE_SAMPLES))
    return BenefitSharing(
        economy.regions, payoff, kind, selection, local, plan, shapley_final, phi_error * abs(scale), phi_method,
        0 if exact else num_samples, minimal_final, nucleolus_final, game.grand_value, lc.epsilon, lc.core_empty,
        lc.core_status, lc.method, in_core[0], in_core[1], exact, residual, atol, counts,
        "exact" if exact else "verified_equilibria", accuracy)


def _core_answers(game: TUGame | GuidedGame, allocations: tuple[np.ndarray, ...], core_evaluations: int,
                  core_rounds: int, seed: int | None) -> tuple[Any, list[float], dict[str, float]]:
    """The least core, each allocation's largest excess found, and the least core's accuracy figures."""
    if isinstance(game, TUGame):  # exact: the full LP, every excess enumerated
        lc = least_core(game, max_evaluations=core_evaluations)
        excesses = [float((game.values - coalition_sums(y))[1:-1].max()) for y in allocations]
    else:
        lc = guided_least_core(game, search_evaluations=core_evaluations, max_rounds=core_rounds, seed=seed)
        excesses = [float(guided_excess(game, y, search_evaluations=core_evaluations, seed=seed)[1][0])
                    for y in allocations]
    accuracy = {"least_core_rounds": float(lc.num_rounds), "least_core_constraints": float(lc.num_constraints),
                "least_core_converged": float(lc.exact or "unconverged" not in lc.method),
                "least_core_max_excess": lc.max_excess, "shapley_largest_excess": excesses[0],
                "minimal_largest_excess": excesses[1]}
    return lc, excesses, accuracy


def _guide_errors(guided: GuidedGame) -> dict[str, float]:
    """How far the approximate values were from the exact ones, over every coalition valued exactly."""
    masks = np.array(sorted(guided.known), dtype=np.int64)
    gap = np.abs(np.array([guided.known[int(m)] for m in masks]) - guided.guide(masks))
    return {"guide_max_error": float(gap.max()), "guide_mean_error": float(gap.mean()),
            "guide_share_exact": float((gap <= 1e-9 * guided.game.payoff_range).mean())}


def _value_game(economy: Economy, payoff: str, kind: str, selection: str, num_candidates: int,
                tol: float) -> tuple[TUGame | GuidedGame, dict[str, int], bool]:
    """The characteristic function as a game: tabulated (exact) or on demand; its counts; whether exact."""
    if isinstance(num_candidates, bool) or not isinstance(num_candidates, int) or not 1 <= num_candidates <= MAX_CANDIDATES:
        raise InvalidArgumentError(f"num_candidates: expected an integer 1..{MAX_CANDIDATES}, got {num_candidates!r}")
    if economy.num_regions <= num_candidates:
        values = coalition_values(column_tables(economy, payoff=payoff, num_candidates=num_candidates), kind=kind,
                                  selection=selection, tol=tol)
        pairs = ((1 << economy.num_regions) - 1) * economy.num_industries
        return TUGame(values.array(), names=economy.regions), {**values.counts, "pairs": pairs}, True
    if kind != "gamma":
        raise InvalidArgumentError(f"kind: {kind!r} needs at most num_candidates={num_candidates} regions; "
                                   f"larger economies have the gamma value on demand")
    oracle = OnDemandValues(economy, payoff=payoff, selection=selection, tol=tol)
    guide = approximate_values(economy, payoff=payoff, selection=selection, num_candidates=num_candidates, tol=tol)
    return GuidedGame(oracle.value, guide, economy.regions), oracle.counts, False  # live counts: they grow
