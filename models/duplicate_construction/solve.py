"""Every regime of one parameterisation at once: :func:`solve_model` and its :class:`ModelResult`."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from coordgame._checks import one_of
from coordgame.errors import InvalidArgumentError
from coordgame.metrics import ratio, welfare_loss
from coordgame.results import Result
from coordgame.tolerances import DEFAULT_TOL

from .economy import Economy, build_economy
from .local_competition import _local_competition
from .metrics import _market_summary, _pct, krugman_dissimilarity
from .parameters import Parameters
from .planner import _first_best_welfare, first_best, second_best
from .regimes import (
    QuotaOutcome,
    implementing_instrument,
    quota_equilibria,
    subsidised_equilibrium,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["ModelResult", "solve_model"]

#: What every regime of the model is optimised for and compared in (``metrics["objective"]``).
OBJECTIVE = "national welfare (consumer surplus + profits - fixed costs); officials' payoffs only decide equilibria"


@dataclass(frozen=True, eq=False)
class ModelResult(Result):
    """Everything :func:`solve_model` computed for one parameterisation.

    Attributes
    ----------
    params : Parameters
    economy : Economy
    metrics : dict
        Flat ``str -> float | int | str`` summary (see :func:`solve_model`).
    per_industry : pandas.DataFrame
        One row per industry.
    portfolios_nash, portfolios_second_best, portfolios_first_best, portfolios_quota : ndarray (R, K)
        0/1 portfolio matrices (``portfolios_nash`` is None if the dynamics found no
        equilibrium; ``portfolios_quota`` is the quota regime's *worst* equilibrium,
        ``quota.best`` its best, None if none was found).
    subsidy : ndarray (K,)
        Per-cluster instrument implementing the second best (negative: a **tax**; on the default
        calibration it is a tax in every industry); also available as :attr:`instrument`.
    nash : StructuredEquilibria
        Best-response dynamics record (starts, equilibria reached, cycles).
    quota : QuotaOutcome
        The quota regime: best and worst equilibria, method, and where each start led.

    Examples
    --------
    >>> from coordgame.models.duplicate_construction import Parameters, solve_model
    >>> res = solve_model(Parameters(num_regions=4, num_industries=2))
    >>> int(res.portfolios_nash.sum()), int(res.portfolios_second_best.sum()), round(res.metrics["welfare_loss_pct"], 2)
    (7, 4, 5.0)
    >>> res
    ModelResult(4 regions x 2 industries: welfare nash 3413.9 (exhaustive), second best 3593.54, loss 5%, entries 7 vs 4)
    """

    params: Parameters
    economy: Economy
    metrics: dict[str, Any]
    per_industry: pd.DataFrame
    portfolios_nash: np.ndarray | None
    portfolios_second_best: np.ndarray
    portfolios_first_best: np.ndarray
    portfolios_quota: np.ndarray | None
    subsidy: np.ndarray
    nash: Any
    quota: QuotaOutcome | None = None

    _dict_skip = ("economy",)  # derived from params (and large): rebuild it with build_economy(params)
    method = "solve_model"

    @property
    def instrument(self) -> np.ndarray:
        """The implementing per-cluster instrument (< 0: a tax, > 0: a subsidy), per industry."""
        return self.subsidy

    def __repr__(self) -> str:
        m = self.metrics
        return (f"ModelResult({self.economy.num_regions} regions x {self.economy.num_industries} industries: "
                f"welfare nash {m['welfare_nash']:.6g} ({m['nash_method']}), second best {m['welfare_second_best']:.6g}, "
                f"loss {m['welfare_loss_pct']:.3g}%, entries {m['entries_nash']:g} vs {m['entries_second_best']:g})")


def solve_model(params: Parameters | None = None, *, nash_method: str = "auto", exhaustive_max_regions: int = 10,
                num_random_starts: int = 2, max_nodes: int = 50_000, tol: float = DEFAULT_TOL) -> ModelResult:
    """Solve every regime of the model and measure what local competition costs.

    Parameters
    ----------
    params : Parameters, optional
        Default: ``Parameters()`` (31 regions x 8 industries).
    nash_method : {"auto", "exhaustive", "best_response"}
        ``"auto"``: exhaustive when ``num_regions <= exhaustive_max_regions`` (industry by
        industry; with a ``budget``, over the whole game when the first R-1 regions have at most
        20,000 joint portfolios), else best-response dynamics.
    exhaustive_max_regions : int, default 10
    num_random_starts : int, default 2
        Seeded (``cost_seed``) random starts of the dynamics, besides "nobody builds" and
        "everybody builds" (with a ``budget``: everyone's last portfolio in binary order, i.e.
        the ``budget`` highest-numbered industries).  Regions move in their order in the data.
        The quota regime's dynamics use as many seeded random feasible starts (:func:`quota_starts`).
    max_nodes : int, default 50_000
        Node limit of each industry's branch and bound (a certified gap is reported if it binds).
    tol : float, default 1e-9
        Relative equilibrium tolerance (times ``Economy.payoff_range``).

    Returns
    -------
    ModelResult
        ``metrics`` keys: ``welfare_nash`` (reference equilibrium: reached from "nobody
        builds"), ``welfare_nash_min`` / ``welfare_nash_max`` (over the equilibria found),
        ``welfare_second_best``, ``welfare_first_best``, ``welfare_loss`` (second best - Nash),
        ``welfare_loss_pct`` (% of the second best; NaN unless the second best is positive), ``welfare_loss_first_best_pct``,
        ``entries_nash``, ``entries_second_best``, ``entries_first_best``, ``excess_entry``,
        ``duplicated_fixed_cost``, ``krugman_nash``, ``krugman_second_best``,
        ``similarity_nash``, ``similarity_second_best`` (1 - KSI/2), ``concentration_nash``,
        ``concentration_second_best`` (mean output HHI), ``nash_method``, ``num_equilibria``,
        ``brd_cycles``, ``planner_method``, ``planner_gap``, ``planner_nodes``.  The
        implementing per-cluster instrument (:func:`implementing_instrument`; negative: a tax):
        ``instrument_kind`` (``"tax"``, ``"subsidy"``, ``"mixed"`` or ``"none"``),
        ``instrument_over_F_mean`` / ``_min`` / ``_max`` (per cluster, in units of F),
        ``instrument_implements`` (0/1), ``welfare_instrument``, ``fiscal_balance`` (taxes
        collected − subsidies paid at the plan); the former names ``subsidy_implements``,
        ``subsidy_total`` (= −``fiscal_balance``) and ``welfare_subsidy`` are kept as aliases.
        Prices and consumer surplus per regime: ``price_<regime>`` (average price paid, mean over
        industries) and ``consumer_surplus_<regime>`` for ``nash``, ``second_best``,
        ``first_best``, ``quota_best``, ``quota_worst``.  Every welfare figure is national welfare
        (consumer surplus + profits − fixed costs), not officials' payoffs; ``objective`` says so.
        ``price_of_anarchy`` (second best / Nash welfare, when both are
        positive).  The planners' certificates: ``planner_upper_bound`` (a valid bound on the
        second-best optimum), ``planner_gap`` / ``planner_relative_gap`` (to the welfare
        reported), ``planner_exact`` (0/1), ``planner_method``, ``planner_nodes``, and
        ``first_best_method``, ``first_best_gap``, ``first_best_relative_gap``,
        ``first_best_upper_bound``.  ``undefined`` says, for every metric that is NaN, why
        (``"name: reason; ..."``; empty when all are numbers).
        The quota regime (:func:`quota_equilibria`; quotas ``params.quota`` or the
        second-best numbers of clusters) has many equilibria, so both ends are reported:
        ``welfare_quota_best`` / ``welfare_quota_worst``, ``entries_quota_best`` /
        ``entries_quota_worst``, ``welfare_loss_quota_best_pct`` / ``welfare_loss_quota_worst_pct``,
        ``quota_method`` (``"exhaustive"``: over every equilibrium; ``"best_response"``: over
        those reached from the documented starts) and ``quota_num_equilibria`` (a float: the
        count can exceed 2^63).  ``welfare_quota``, ``entries_quota`` and
        ``welfare_loss_quota_pct`` are the worst equilibrium's (what the quota guarantees).

    Examples
    --------
    >>> import dataclasses
    >>> from coordgame.models.duplicate_construction import Parameters, solve_model
    >>> res = solve_model(Parameters(num_regions=6, num_industries=2))
    >>> res.metrics["nash_method"], res.metrics["excess_entry"] > 0
    ('exhaustive', True)
    >>> res.metrics["welfare_second_best"] >= res.metrics["welfare_nash"]
    True
    >>> res                                                          # doctest: +ELLIPSIS
    ModelResult(6 regions x 2 industries: welfare nash ... (exhaustive), second best ..., loss ...%, entries ... vs ...)
    """
    one_of(nash_method, "nash_method", ("auto", "exhaustive", "best_response"))
    if params is not None and not isinstance(params, Parameters):
        raise InvalidArgumentError(f"params: expected a Parameters instance, got {type(params).__name__}")
    outcome = _solve_regimes(Parameters() if params is None else params, nash_method=nash_method,
                             exhaustive_max_regions=exhaustive_max_regions, num_random_starts=num_random_starts,
                             max_nodes=max_nodes, tol=tol)
    return ModelResult(outcome.economy.params, outcome.economy, _metrics(outcome), _per_industry_table(outcome),
                       outcome.nash["x"], outcome.x_sb, outcome.x_fb, outcome.quota.worst, outcome.subsidy,
                       outcome.nash["dynamics"], outcome.quota)


@dataclass(frozen=True, eq=False)
class _Regimes:
    """What each regime produced for one economy (the raw material of the metrics)."""

    economy: Economy
    nash: dict[str, Any]  # _local_competition's record; "x" is the reference equilibrium (or None)
    x_sb: np.ndarray
    sb: dict[str, Any]
    x_fb: np.ndarray
    fb: dict[str, Any]
    subsidy: np.ndarray
    implementable: np.ndarray
    implements: bool
    welfare_subsidy: float
    quota: QuotaOutcome

    @functools.cached_property
    def summaries(self) -> dict[str, dict[str, np.ndarray]]:
        """Per-industry market summaries of local competition, the second best and the quota's best and worst.

        Computed once (the metrics and the per-industry table both use them).
        """
        sb = _market_summary(self.economy, self.x_sb)
        missing = dict.fromkeys(sb, np.full(self.economy.num_industries, np.nan))

        def summary(x):
            return _market_summary(self.economy, x) if x is not None else missing

        return {"nash": summary(self.nash["x"]), "second_best": sb, "quota_best": summary(self.quota.best),
                "quota_worst": summary(self.quota.worst)}


def _solve_regimes(p: Parameters, *, nash_method: str, exhaustive_max_regions: int, num_random_starts: int,
                   max_nodes: int, tol: float) -> _Regimes:
    """Local competition, both planners, the implementing subsidy and the quota regime of ``p``."""
    economy = build_economy(p)
    nash = _local_competition(economy, method=nash_method, exhaustive_max_regions=exhaustive_max_regions,
                              num_random_starts=num_random_starts, tol=tol)
    shown = [nash.get("x"), nash.get("best_x")]  # the planner never reports less than an equilibrium it could pick
    x_sb, sb = second_best(economy, max_nodes=max_nodes, tol=tol, candidates=shown)
    x_fb, fb = first_best(economy, tol=tol, candidates=[x_sb, *shown])
    subsidy, implementable, implements = implementing_instrument(economy, x_sb, tol=tol)
    if implements:
        welfare_subsidy = sb["welfare"]
    else:
        x_sub = subsidised_equilibrium(economy, subsidy, tol=tol)
        welfare_subsidy = economy.welfare(x_sub) if x_sub is not None else float("nan")
    quota = quota_equilibria(economy, p.quota_vector() if p.quota is not None else x_sb.sum(axis=0), x_sb,
                             num_random_starts=num_random_starts, tol=tol)
    return _Regimes(economy, nash, x_sb, sb, x_fb, fb, subsidy, implementable, implements, welfare_subsidy, quota)


def _mean_hhi(summary: dict[str, np.ndarray]) -> float:
    return float(np.nanmean(summary["hhi"])) if np.isfinite(summary["hhi"]).any() else float("nan")


def _metrics(out: _Regimes) -> dict[str, Any]:
    """The flat ``metrics`` dict of :func:`solve_model` (keys documented there)."""
    p, nash, sb, fb, quota = out.economy.params, out.nash, out.sb, out.fb, out.quota
    s = out.summaries
    n_summary, sb_summary = s["nash"], s["second_best"]
    x_nash, x_sb = nash["x"], out.x_sb
    excess = n_summary["entries"] - sb_summary["entries"]
    w_nash = float(np.sum(n_summary["welfare"]))
    w_sb, w_fb = sb["welfare"], fb["welfare"]
    metrics: dict[str, Any] = {
        "welfare_nash": w_nash,
        "welfare_nash_min": nash["welfare_min"],
        "welfare_nash_max": nash["welfare_max"],
        "welfare_second_best": w_sb,
        "welfare_first_best": w_fb,
        "welfare_loss": welfare_loss(w_sb, w_nash).absolute,
        "welfare_loss_pct": _pct(w_sb, w_nash),
        "welfare_loss_first_best_pct": _pct(w_fb, w_nash),
        "entries_nash": float(np.sum(n_summary["entries"])),
        "entries_second_best": int(x_sb.sum()),
        "entries_first_best": int(out.x_fb.sum()),
        "excess_entry": float(np.sum(excess)),
        "duplicated_fixed_cost": float(p.fixed_cost * np.sum(np.maximum(excess, 0))),
        "krugman_nash": krugman_dissimilarity(x_nash) if x_nash is not None else float("nan"),
        "krugman_second_best": krugman_dissimilarity(x_sb),
        "concentration_nash": _mean_hhi(n_summary),
        "concentration_second_best": _mean_hhi(sb_summary),
        "nash_method": nash["method"],
        "num_equilibria": int(nash["num_equilibria"]),
        "brd_cycles": int(nash["brd_cycles"]),
        "planner_method": sb["method"],
        "planner_gap": float(sb["gap"]),
        "planner_relative_gap": float(sb["relative_gap"]),
        "planner_upper_bound": float(sb["upper_bound"]),
        "planner_exact": int(sb["exact"]),
        "planner_nodes": int(sb["nodes"]),
        "first_best_method": fb["method"],
        "first_best_gap": float(fb["gap"]),
        "first_best_relative_gap": float(fb["relative_gap"]),
        "first_best_upper_bound": float(fb["upper_bound"]),
        "subsidy_implements": int(out.implements),
        "subsidy_total": float(out.subsidy @ x_sb.sum(axis=0)),
        "welfare_subsidy": float(out.welfare_subsidy),
        "welfare_quota_best": quota.welfare_best,
        "welfare_quota_worst": quota.welfare_worst,
        "entries_quota_best": float(np.sum(s["quota_best"]["entries"])),
        "entries_quota_worst": float(np.sum(s["quota_worst"]["entries"])),
        "welfare_loss_quota_best_pct": _pct(w_sb, quota.welfare_best),
        "welfare_loss_quota_worst_pct": _pct(w_sb, quota.welfare_worst),
        "quota_method": quota.method,
        "quota_num_equilibria": float(quota.num_equilibria),
        # the former single quota figures, now explicitly the worst equilibrium (what the quota guarantees)
        "welfare_quota": quota.welfare_worst,
        "entries_quota": float(np.sum(s["quota_worst"]["entries"])),
        "welfare_loss_quota_pct": _pct(w_sb, quota.welfare_worst),
        "price_of_anarchy": ratio(w_sb, w_nash).value,
    }
    metrics["objective"] = OBJECTIVE
    metrics.update(_instrument_metrics(out))
    metrics.update(_market_metrics(out, s))
    metrics["similarity_nash"] = 1.0 - metrics["krugman_nash"] / 2.0
    metrics["similarity_second_best"] = 1.0 - metrics["krugman_second_best"] / 2.0
    metrics["undefined"] = _undefined_reasons(out, metrics)
    return metrics


def _undefined_reasons(out: _Regimes, metrics: dict[str, Any]) -> str:
    """Why each NaN metric is undefined, as ``"name: reason; ..."`` (empty when every metric is a number)."""
    w_sb = metrics["welfare_second_best"]
    why_pct = (f"the second best's welfare is {w_sb:.6g}, not positive: a loss in % of it is undefined"
               if not w_sb > 0 else "")
    nobody = "nobody builds (no portfolio to compare)"
    reasons = {
        "welfare_nash": "local competition reached no pure equilibrium",
        "krugman_nash": nobody if out.nash["x"] is not None else "local competition reached no pure equilibrium",
        "krugman_second_best": nobody,
        "concentration_nash": "no industry has a producer under local competition",
        "concentration_second_best": "no industry has a producer in the second best",
        "welfare_subsidy": "the game with the instrument reached no pure equilibrium",
        "welfare_instrument": "the game with the instrument reached no pure equilibrium",
        "welfare_quota_best": "the quota regime reached no equilibrium",
        "welfare_quota_worst": "the quota regime reached no equilibrium",
        "price_of_anarchy": (f"needs positive welfare in both the second best ({w_sb:.6g}) "
                             f"and local competition ({metrics['welfare_nash']:.6g})"),
    }
    for key in ("welfare_loss_pct", "welfare_loss_first_best_pct", "welfare_loss_quota_best_pct",
                "welfare_loss_quota_worst_pct", "welfare_loss_quota_pct"):
        reasons[key] = why_pct or "the compared regime's welfare is undefined"
    reasons["similarity_nash"], reasons["similarity_second_best"] = reasons["krugman_nash"], reasons["krugman_second_best"]
    reasons["welfare_quota"], reasons["welfare_nash_min"] = reasons["welfare_quota_worst"], reasons["welfare_nash"]
    reasons["welfare_nash_max"] = reasons["welfare_nash"]
    found = [f"{key}: {reasons.get(key, 'undefined')}" for key, value in metrics.items()
             if isinstance(value, float) and np.isnan(value)]
    return "; ".join(found)


def _instrument_metrics(out: _Regimes) -> dict[str, Any]:
    """The implementing per-cluster instrument in units of F, its kind, and the fiscal balance at the plan."""
    F = out.economy.params.fixed_cost
    s = out.subsidy
    kind = "tax" if (s < 0).all() else "subsidy" if (s > 0).all() else "none" if not s.any() else "mixed"
    per_F = s / F if F > 0 else np.full_like(s, np.nan)
    return {"instrument_kind": kind, "instrument_over_F_mean": float(per_F.mean()),
            "instrument_over_F_min": float(per_F.min()), "instrument_over_F_max": float(per_F.max()),
            "instrument_implements": int(out.implements), "welfare_instrument": float(out.welfare_subsidy),
            "fiscal_balance": float(-s @ out.x_sb.sum(axis=0))}


def _market_metrics(out: _Regimes, s: dict[str, dict[str, np.ndarray]]) -> dict[str, Any]:
    """Average price paid (mean over industries) and consumer surplus (sum over industries) per regime.

    First best: price = marginal cost, so consumer surplus is the whole surplus (welfare + F n);
    its price is the cheapest built cluster's cost in the national market (NaN with regional
    markets, where each market has its own).
    """
    from .comparison import regime_markets

    metrics: dict[str, Any] = {}
    for name, x in (("nash", out.nash["x"]), ("second_best", out.x_sb), ("quota_best", out.quota.best),
                    ("quota_worst", out.quota.worst)):
        values = regime_markets(out.economy, x) if x is not None else {"price": np.nan, "consumer_surplus": np.nan}
        metrics[f"price_{name}"], metrics[f"consumer_surplus_{name}"] = values["price"], values["consumer_surplus"]
    economy, x_fb = out.economy, out.x_fb
    metrics["consumer_surplus_first_best"] = float(out.fb["welfare"] + economy.params.fixed_cost * x_fb.sum())
    if economy.segmented or not x_fb.any():
        metrics["price_first_best"] = float("nan")
    else:
        costs = np.where(x_fb.T > 0, economy.costs(x_fb.T.astype(float)), np.inf).min(axis=-1)
        metrics["price_first_best"] = float(np.where(np.isfinite(costs), costs, economy.params.demand_intercept).mean())
    return metrics


def _per_industry_table(out: _Regimes) -> pd.DataFrame:
    """The ``per_industry`` table of :func:`solve_model`: one row per industry."""
    import pandas as pd

    s = out.summaries
    n_summary, sb_summary = s["nash"], s["second_best"]
    return pd.DataFrame({
        "industry": out.economy.industries,
        "entries_nash": n_summary["entries"],
        "entries_second_best": sb_summary["entries"],
        "entries_first_best": out.x_fb.sum(axis=0),
        "entries_quota_best": s["quota_best"]["entries"],
        "entries_quota_worst": s["quota_worst"]["entries"],
        "excess_entry": n_summary["entries"] - sb_summary["entries"],
        "active_nash": n_summary["active"],
        "hhi_nash": n_summary["hhi"],
        "hhi_second_best": sb_summary["hhi"],
        "price_nash": n_summary["price"],
        "price_second_best": sb_summary["price"],
        "welfare_nash": n_summary["welfare"],
        "welfare_second_best": sb_summary["welfare"],
        "welfare_first_best": _first_best_welfare(out.economy, out.x_fb.T.astype(float)),
        "welfare_quota_best": s["quota_best"]["welfare"],
        "welfare_quota_worst": s["quota_worst"]["welfare"],
        "subsidy": out.subsidy,
        "instrument_over_F": out.subsidy / out.economy.params.fixed_cost if out.economy.params.fixed_cost > 0
        else np.nan,
        "subsidy_implementable": out.implementable,
    })
