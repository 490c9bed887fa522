r"""Duplicate construction: regional governments choosing industrial clusters.

The model
---------
Regions :math:`r = 1..R` (default: mainland China's 31 provincial-level regions at their
capitals, :func:`load_regions`) and industries :math:`k = 1..K` (default: the 8 strategic
emerging industries in :data:`INDUSTRIES`).

*Stage 1.* Each regional government chooses a portfolio :math:`x_r \in \{0,1\}^K` (optionally at
most :math:`B` clusters: ``budget``).

*Stage 2.* In each industry the built clusters compete à la Cournot — by default in one national
market with inverse demand :math:`P_k = a - b Q_k`.  Cluster :math:`(r,k)` has marginal cost

.. math:: c_{rk} = \max\big(0,\ \bar c_{rk} - \sigma \textstyle\sum_{r' \ne r} w_{rr'} x_{r'k}\big),

a comparative-advantage base cost :math:`\bar c_{rk}` (a seeded log-normal draw, ``cost_seed``,
or a user-supplied matrix, :func:`load_cost_matrix`) lowered by knowledge spillovers from the
other clusters of the industry, with geographic decay :math:`g_{rr'} = 2^{-d_{rr'}/h}`
(half-distance :math:`h`, great-circle distance :math:`d`).  The Cournot equilibrium with
heterogeneous costs is solved exactly (:func:`market_outcome`, by
:func:`coordgame.games.cournot_equilibrium`): with costs sorted,
:math:`c_{(1)} \le c_{(2)} \le \dots`, the :math:`m`-th cheapest firm produces iff
:math:`c_{(m)} < P^{(m-1)} = (a + \sum_{j<m} c_{(j)})/m`; with the :math:`n` active firms
:math:`P = (a + \sum_{j \le n} c_{(j)})/(n+1)`, :math:`q_r = (P - c_r)^+/b`, :math:`\pi_r = b q_r^2`.

Digital connectivity acts through two channels, each with its own parameter:

* **Knowledge reach** (φ, ``phi``; :func:`spillover_weights`).  ``spillover_form="additive"``
  (the original form): :math:`w_{rr'} = (1-\varphi) g_{rr'} + \varphi` — raising φ raises every
  weight, so it mixes more reach with a higher *level* of spillovers.
  ``spillover_form="mean_preserving"``: :math:`w_{rr'} = \kappa(\varphi)\,((1-\varphi) g_{rr'} + \varphi)`
  with :math:`\kappa(\varphi) = \bar g / ((1-\varphi)\bar g + \varphi)`, :math:`\bar g` the mean
  off-diagonal :math:`g`: the mean weight stays at :math:`\bar g` for every φ, so φ moves
  reach alone (distant regions learn more, near ones less).
* **Market access** (:math:`t` ``trade_cost``, :math:`\varphi_m` ``phi_market``;
  :mod:`~coordgame.models.duplicate_construction.markets`).  With :math:`t > 0` demand is
  segmented into regional markets :math:`m`, of size :math:`s_m` (population shares, 2020
  census): :math:`P_{km} = a - (b/s_m) Q_{km}`, served from every cluster at delivery cost
  :math:`\tau_{rm} = t (1-\varphi_m) d_{rm}/\bar d` per unit (:math:`\bar d` the mean distance).
  Each market is Cournot with delivered costs :math:`c_{rk} + \tau_{rm}`, solved exactly
  (clusters whose delivered cost exceeds the market's price sell nothing there).  A cluster's
  profit is :math:`\pi_{rk} = \sum_m (b/s_m) q_{rkm}^2` (net of delivery costs, which are real
  resource costs), its output value :math:`Y_{rk} = \sum_m P_{km} q_{rkm}`.  :math:`t(1-\varphi_m) = 0`
  is exactly the one national market (every market has price :math:`a - bQ`, :math:`q_{rm} = s_m q_r`).

*Payoffs.* Regional government :math:`r` maximises

.. math:: U_r = \sum_k x_{rk}\,\big(\pi_{rk} + \lambda\, P_k q_{rk} - F\big)
          + \theta \Big(Y_r - \frac{1}{R-1}\sum_{r' \ne r} Y_{r'}\Big), \qquad Y_r = \sum_k P_k q_{rk},

(:math:`\lambda`: weight on local output — tax base, jobs; :math:`\theta`: promotion tournament
on relative output).  National welfare counts what the economy gets, not what officials value:

.. math:: W = \sum_k \Big(CS_k + \sum_r \pi_{rk}\Big) - F \sum_{r,k} x_{rk},
   \qquad CS_k = \tfrac{b}{2} Q_k^2 \ \text{(national market)}, \quad
   CS_k = \textstyle\sum_m \tfrac{b}{2 s_m} Q_{km}^2 \ \text{(regional markets)}.

Every regime is compared in national welfare :math:`W`; officials' payoffs :math:`U_r` only
decide what local competition (and the regimes that leave entry to regions: instrument,
quotas) produce.

Because :math:`U_r` and :math:`W` are sums over industries of terms that depend on industry
:math:`k`'s column :math:`x_{\cdot k}` only, a region's best response and the planner's problem
separate across industries (unless a ``budget`` couples a region's choices).

Regimes
-------
* **Local competition**: pure Nash equilibria of the entry game.  For at most
  ``exhaustive_max_regions`` regions all of them (``nash_method = 'exhaustive'``): industry by
  industry, or with a budget by :func:`coordgame.pure_nash` on the
  whole game when it is small; otherwise those reached by best-response dynamics
  (:func:`coordgame.solvers.best_response_equilibria`) from: nobody builds, everybody
  builds, and seeded random starts (``'best_response'``), cycles reported.  The *reference*
  equilibrium used for the headline metrics is the one reached from "nobody builds" (regions
  entering one by one in code order from an empty economy).
* **Second best**: the planner chooses :math:`x`, the market stays Cournot.  Industry by
  industry, by best-first branch and bound (:func:`coordgame.solvers.subset_search.branch_and_bound_subsets`)
  with the bounds of :mod:`~coordgame.models.duplicate_construction.planner_bounds`, certified
  within ``relative_gap`` (default 0.1%; 0 proves optimality); with a budget, exactly by dynamic
  programming or with a certified gap by Lagrangian relaxation
  (:mod:`~coordgame.models.duplicate_construction.planner_budget`).  The certificate (upper
  bound, gap, method, nodes) is in the result and in the metrics.
* **First best**: the planner also sets quantities, so only the cheapest built cluster produces
  at price = marginal cost; the planner chooses the set, others built only for their
  spillovers.  Exact by enumeration of (producer, number of helpers) — see :func:`first_best`.
* **Implementing instrument** :math:`s_k` per cluster of industry :math:`k` (uniform across
  regions; :math:`s_k < 0` is a **tax**, :math:`> 0` a subsidy) that makes the second-best
  :math:`x^*` an equilibrium, when one exists (:func:`implementing_instrument`; the old name
  ``implementing_subsidy`` still works with a DeprecationWarning).  On the default calibration it
  is a tax of about 3.5 F per cluster: the plan is implemented by taxing entry.
* **Quota**: at most :math:`m_k` clusters per industry (default: the second-best numbers
  :math:`n^*_k`); local competition under the quota is the generalised game in which a region
  may enter only while the quota is not full.  It has many equilibria — with the quota full,
  any :math:`m_k` regions that each prefer keeping their cluster to leaving form one — and the
  quota alone does not say who gets the licences, so the regime is reported as the **best and
  worst** equilibria (:func:`quota_equilibria`): over every equilibrium when the
  quota-constrained game can be searched exhaustively (industry by industry: every set of at
  most :math:`m_k` regions, :math:`\sum_{j \le m_k} \binom{R}{j}` columns — 4,992 for
  R = 31, :math:`m_k = 3`, so the default calibration is exhaustive), otherwise over those
  best-response dynamics reach from documented starts (nobody builds; the planner's
  portfolio; licences handed out greedily by private value; seeded random feasible starts).
  If the planner's :math:`x^*` is itself a quota equilibrium (every planned cluster's owner
  prefers keeping it), the best equals the second best.

Metrics (:func:`solve_model` ``.metrics``): welfare per regime, welfare loss (absolute and % of
the second-best optimum), entries and excess entry, duplicated fixed cost
:math:`F \sum_k (n^{N}_k - n^{*}_k)^+`, portfolio similarity (mean pairwise Krugman dissimilarity
:math:`\mathrm{KSI}_{rr'} = \sum_k |s_{rk} - s_{r'k}|` of portfolios normalised to shares
:math:`s_{rk} = x_{rk}/\sum_j x_{rj}`, over regions with a non-empty portfolio; similarity
:math:`= 1 - \overline{\mathrm{KSI}}/2 \in [0, 1]`), and concentration (output HHI per industry).

Modules
-------
* :mod:`~coordgame.models.duplicate_construction.parameters` — :class:`Parameters`, :data:`INDUSTRIES`;
* :mod:`~coordgame.models.duplicate_construction.geography` — the regions' data (:func:`load_regions`),
  great-circle distances, spillover weights;
* :mod:`~coordgame.models.duplicate_construction.market` — stage 2, the Cournot market (:func:`market_outcome`);
* :mod:`~coordgame.models.duplicate_construction.markets` — regional markets with delivery costs
  (:func:`segmented_cournot`), and the planner's bounds for them;
* :mod:`~coordgame.models.duplicate_construction.comparison` — :func:`compare_regimes`, the lean
  Nash-against-plan comparison the sweeps over draws use;
* :mod:`~coordgame.models.duplicate_construction.distribution` — who gains and who loses from
  the plan (:func:`regional_gains`);
* :mod:`~coordgame.models.duplicate_construction.economy` — :class:`Economy` (costs, payoffs, welfare)
  and :func:`build_economy`;
* :mod:`~coordgame.models.duplicate_construction.game` — stage 1, the entry game (:func:`entry_game`);
* :mod:`~coordgame.models.duplicate_construction.local_competition` — its pure equilibria
  (:func:`industry_equilibria`, best-response dynamics);
* :mod:`~coordgame.models.duplicate_construction.portfolio` — best responses from entry gains
  (per industry, or a unit-weight knapsack under a budget) and the dynamics built on them
  (:func:`portfolio_dynamics`), for any number of industries; compiled loops in
  ``portfolio_kernels``;
* :mod:`~coordgame.models.duplicate_construction.regions` — regions from your own table
  (:func:`load_region_table`, :meth:`Parameters.from_regions`), e.g. ~300 prefecture-level cities;
* :mod:`~coordgame.models.duplicate_construction.planner` — :func:`second_best`, :func:`first_best`
  (bounds in ``planner_bounds``, compiled loops in ``planner_kernels``, budgets in ``planner_budget``);
* :mod:`~coordgame.models.duplicate_construction.synthetic` — :func:`synthetic_regions` (a seeded
  region table of any size) and :func:`synthetic_economy` (seeded economies for the planners);
* :mod:`~coordgame.models.duplicate_construction.regimes` — entry subsidy and quotas;
* :mod:`~coordgame.models.duplicate_construction.metrics` — similarity, concentration, losses;
* :mod:`~coordgame.models.duplicate_construction.solve` — :func:`solve_model`, :class:`ModelResult`;
* :mod:`~coordgame.models.duplicate_construction.coalitions` — coalition values of the regions (γ and α
  characteristic functions, :func:`coalition_values`);
* :mod:`~coordgame.models.duplicate_construction.coalition_oracle` — γ-values on demand at full size, each
  equilibrium verified over all regions (:class:`OnDemandValues`);
* :mod:`~coordgame.models.duplicate_construction.sharing` — :func:`benefit_sharing`: payoffs under local
  competition and the plan, transfers (Shapley, cheapest compensation, nucleolus), the core.
* :mod:`~coordgame.models.duplicate_construction.sharing_guided` — Shapley value and least core at full
  size: cheap approximate values guide, exact ones decide (:func:`guided_shapley`, :func:`guided_least_core`).
* :mod:`~coordgame.models.duplicate_construction.information` — selective vs market-enhancing policy
  when the centre sees costs with noise (:func:`policies_under_noise`);
* :mod:`~coordgame.models.duplicate_construction.reporting` — regions that misreport their costs to
  the centre, as a game (:func:`reporting_equilibrium`).

Everything public is importable from the package itself
(``from coordgame.models.duplicate_construction import solve_model``).
"""

from __future__ import annotations

from .coalition_oracle import VALUE_STATUSES, OnDemandValues
from .coalitions import (
    MAX_CANDIDATES,
    CoalitionValues,
    ColumnTables,
    IndustryTable,
    coalition_values,
    column_tables,
    portfolio_payoffs,
    region_payoffs,
)
from .comparison import compare_regimes, regime_markets
from .distribution import regional_gains, regional_welfare
from .economy import Economy, build_economy
from .game import entry_game
from .geography import (
    DATA_FILE,
    EARTH_RADIUS_KM,
    great_circle_km,
    load_regions,
    spillover_weights,
)
from .information import NoisyPolicyOutcome, misreported_economy, noisy_economy, policies_under_noise
from .local_competition import industry_equilibria, num_entry_columns
from .market import market_outcome
from .markets import SegmentedOutcome, delivery_costs, market_slopes, segmented_cournot
from .metrics import krugman_dissimilarity
from .parameters import INDUSTRIES, SPILLOVER_FORMS, Parameters, industry_names, load_cost_matrix
from .planner import first_best, second_best
from .portfolio import best_portfolio, entry_gains, portfolio_dynamics, portfolio_regrets, verify_portfolio
from .regimes import (
    QuotaOutcome,
    implementing_instrument,
    implementing_subsidy,
    quota_equilibria,
    quota_equilibrium,
    quota_starts,
    subsidised_equilibrium,
)
from .regions import RegionTable, load_region_table
from .reporting import (
    REPORT_GRID,
    REPORTING_POLICIES,
    ReportingEquilibrium,
    policy_outcome,
    report_grid,
    reporting_equilibrium,
    reporting_game,
)
from .sharing import BenefitSharing, benefit_sharing, cheapest_compensation, local_competition_portfolio
from .sharing_guided import (
    GUIDE_SAMPLES,
    GuidedGame,
    approximate_values,
    guided_excess,
    guided_least_core,
    guided_shapley,
)
from .solve import ModelResult, solve_model
from .synthetic import synthetic_economy, synthetic_regions

__all__ = [
    "INDUSTRIES",
    "Parameters",
    "load_cost_matrix",
    "industry_names",
    "RegionTable",
    "load_region_table",
    "synthetic_regions",
    "best_portfolio",
    "entry_gains",
    "portfolio_dynamics",
    "portfolio_regrets",
    "verify_portfolio",
    "Economy",
    "ModelResult",
    "load_regions",
    "great_circle_km",
    "spillover_weights",
    "EARTH_RADIUS_KM",
    "DATA_FILE",
    "market_outcome",
    "SegmentedOutcome",
    "segmented_cournot",
    "delivery_costs",
    "market_slopes",
    "compare_regimes",
    "regional_gains",
    "regional_welfare",
    "regime_markets",
    "SPILLOVER_FORMS",
    "build_economy",
    "entry_game",
    "second_best",
    "first_best",
    "implementing_instrument",
    "implementing_subsidy",
    "quota_equilibrium",
    "QuotaOutcome",
    "quota_starts",
    "quota_equilibria",
    "num_entry_columns",
    "subsidised_equilibrium",
    "industry_equilibria",
    "krugman_dissimilarity",
    "solve_model",
    "synthetic_economy",
    "MAX_CANDIDATES",
    "IndustryTable",
    "ColumnTables",
    "CoalitionValues",
    "column_tables",
    "coalition_values",
    "region_payoffs",
    "portfolio_payoffs",
    "OnDemandValues",
    "VALUE_STATUSES",
    "BenefitSharing",
    "benefit_sharing",
    "cheapest_compensation",
    "local_competition_portfolio",
    "GUIDE_SAMPLES",
    "GuidedGame",
    "approximate_values",
    "guided_excess",
    "guided_least_core",
    "guided_shapley",
    "NoisyPolicyOutcome",
    "noisy_economy",
    "misreported_economy",
    "policies_under_noise",
    "REPORT_GRID",
    "REPORTING_POLICIES",
    "ReportingEquilibrium",
    "policy_outcome",
    "report_grid",
    "reporting_equilibrium",
    "reporting_game",
]
