"""Every regime of one parameterisation at once: :func:`solve_model` and its :class:`ModelResult`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from coordgame.errors import InvalidArgumentError

from .economy import Economy, build_economy
from .local_competition import _local_competition
from .metrics import _market_summary, krugman_dissimilarity
from .parameters import Parameters
from .planner import _first_best_welfare, first_best, second_best
from .regimes import (
    QuotaOutcome,
    implementing_subsidy,
    quota_equilibria,
    subsidised_equilibrium,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["ModelResult", "solve_model"]


@dataclass(frozen=True, eq=False)
class ModelResult:
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
        Per-cluster entry subsidy implementing the second best (negative: a tax).
    nash : StructuredEquilibria
        Best-response dynamics record (starts, equilibria reached, cycles).
    quota : QuotaOutcome
        The quota regime: best and worst equilibria, method, and where each start led.
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

    def __repr__(self) -> str:
        m = self.metrics
        return (f"ModelResult({self.economy.num_regions} regions x {self.economy.num_industries} industries: "
                f"welfare nash {m['welfare_nash']:.6g} ({m['nash_method']}), second best {m['welfare_second_best']:.6g}, "
                f"loss {m['welfare_loss_pct']:.3g}%, entries {m['entries_nash']:g} vs {m['entries_second_best']:g})")


def _pct(loss: float, reference: float) -> float:
    return 100.0 * loss / abs(reference) if reference != 0 else float("nan")


def solve_model(params: Parameters | None = None, *, nash_method: str = "auto", exhaustive_max_regions: int = 10,
                num_random_starts: int = 2, max_nodes: int = 5_000, tol: float = 1e-9) -> ModelResult:
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
    max_nodes : int, default 5_000
        Node limit of each industry's branch and bound (a certified gap is reported if it binds).
    tol : float, default 1e-9
        Relative equilibrium tolerance (times ``Economy.payoff_scale``).

    Returns
    -------
    ModelResult
        ``metrics`` keys: ``welfare_nash`` (reference equilibrium: reached from "nobody
        builds"), ``welfare_nash_min`` / ``welfare_nash_max`` (over the equilibria found),
        ``welfare_second_best``, ``welfare_first_best``, ``welfare_loss`` (second best - Nash),
        ``welfare_loss_pct`` (% of the second best), ``welfare_loss_first_best_pct``,
        ``entries_nash``, ``entries_second_best``, ``entries_first_best``, ``excess_entry``,
        ``duplicated_fixed_cost``, ``krugman_nash``, ``krugman_second_best``,
        ``similarity_nash``, ``similarity_second_best`` (1 - KSI/2), ``concentration_nash``,
        ``concentration_second_best`` (mean output HHI), ``nash_method``, ``num_equilibria``,
        ``brd_cycles``, ``planner_method``, ``planner_gap``, ``planner_nodes``,
        ``subsidy_implements`` (0/1), ``subsidy_total`` (paid at the planned entry),
        ``welfare_subsidy``, ``price_of_anarchy`` (second best / Nash welfare, when both are
        positive).  The quota regime (:func:`quota_equilibria`; quotas ``params.quota`` or the
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
    import pandas as pd

    if nash_method not in ("auto", "exhaustive", "best_response"):
        raise InvalidArgumentError(f"nash_method: expected 'auto', 'exhaustive' or 'best_response', got {nash_method!r}")
    p = Parameters() if params is None else params
    if not isinstance(p, Parameters):
        raise InvalidArgumentError(f"params: expected a Parameters instance, got {type(p).__name__}")
    economy = build_economy(p)
    K = economy.num_industries
    nash = _local_competition(economy, method=nash_method, exhaustive_max_regions=exhaustive_max_regions,
                              num_random_starts=num_random_starts, tol=tol)
    x_sb, sb = second_best(economy, max_nodes=max_nodes, tol=tol)
    x_fb, fb = first_best(economy)
    subsidy, implementable, implements = implementing_subsidy(economy, x_sb, tol=tol)
    if implements:
        welfare_subsidy = sb["welfare"]
    else:
        x_sub = subsidised_equilibrium(economy, subsidy, tol=tol)
        welfare_subsidy = economy.welfare(x_sub) if x_sub is not None else float("nan")
    quota = quota_equilibria(economy, p.quota_vector() if p.quota is not None else x_sb.sum(axis=0), x_sb,
                             num_random_starts=num_random_starts, tol=tol)

    x_nash = nash["x"]
    sb_summary = _market_summary(economy, x_sb)
    fb_entries = x_fb.sum(axis=0)
    nan_k = np.full(K, np.nan)
    n_summary = _market_summary(economy, x_nash) if x_nash is not None else dict.fromkeys(sb_summary, nan_k)
    q_best = _market_summary(economy, quota.best) if quota.best is not None else dict.fromkeys(sb_summary, nan_k)
    q_worst = _market_summary(economy, quota.worst) if quota.worst is not None else dict.fromkeys(sb_summary, nan_k)
    excess = n_summary["entries"] - sb_summary["entries"]
    w_nash = float(np.sum(n_summary["welfare"]))
    w_sb, w_fb = sb["welfare"], fb["welfare"]
    metrics: dict[str, Any] = {
        "welfare_nash": w_nash,
        "welfare_nash_min": nash["welfare_min"],
        "welfare_nash_max": nash["welfare_max"],
        "welfare_second_best": w_sb,
        "welfare_first_best": w_fb,
        "welfare_loss": w_sb - w_nash,
        "welfare_loss_pct": _pct(w_sb - w_nash, w_sb),
        "welfare_loss_first_best_pct": _pct(w_fb - w_nash, w_fb),
        "entries_nash": float(np.sum(n_summary["entries"])),
        "entries_second_best": int(x_sb.sum()),
        "entries_first_best": int(x_fb.sum()),
        "excess_entry": float(np.sum(excess)),
        "duplicated_fixed_cost": float(p.fixed_cost * np.sum(np.maximum(excess, 0))),
        "krugman_nash": krugman_dissimilarity(x_nash) if x_nash is not None else float("nan"),
        "krugman_second_best": krugman_dissimilarity(x_sb),
        "concentration_nash": float(np.nanmean(n_summary["hhi"])) if np.isfinite(n_summary["hhi"]).any() else float("nan"),
        "concentration_second_best": float(np.nanmean(sb_summary["hhi"])) if np.isfinite(sb_summary["hhi"]).any()
        else float("nan"),
        "nash_method": nash["method"],
        "num_equilibria": int(nash["num_equilibria"]),
        "brd_cycles": int(nash["brd_cycles"]),
        "planner_method": sb["method"],
        "planner_gap": float(sb["gap"]),
        "planner_nodes": int(sb["nodes"]),
        "first_best_gap": float(fb["gap"]),
        "subsidy_implements": int(implements),
        "subsidy_total": float(subsidy @ x_sb.sum(axis=0)),
        "welfare_subsidy": float(welfare_subsidy),
        "welfare_quota_best": quota.welfare_best,
        "welfare_quota_worst": quota.welfare_worst,
        "entries_quota_best": float(np.sum(q_best["entries"])),
        "entries_quota_worst": float(np.sum(q_worst["entries"])),
        "welfare_loss_quota_best_pct": _pct(w_sb - quota.welfare_best, w_sb),
        "welfare_loss_quota_worst_pct": _pct(w_sb - quota.welfare_worst, w_sb),
        "quota_method": quota.method,
        "quota_num_equilibria": float(quota.num_equilibria),
        # the former single quota figures, now explicitly the worst equilibrium (what the quota guarantees)
        "welfare_quota": quota.welfare_worst,
        "entries_quota": float(np.sum(q_worst["entries"])),
        "welfare_loss_quota_pct": _pct(w_sb - quota.welfare_worst, w_sb),
        "price_of_anarchy": w_sb / w_nash if w_sb > 0 and w_nash > 0 else float("nan"),
    }
    metrics["similarity_nash"] = 1.0 - metrics["krugman_nash"] / 2.0
    metrics["similarity_second_best"] = 1.0 - metrics["krugman_second_best"] / 2.0
    per_industry = pd.DataFrame({
        "industry": economy.industries,
        "entries_nash": n_summary["entries"],
        "entries_second_best": sb_summary["entries"],
        "entries_first_best": fb_entries,
        "entries_quota_best": q_best["entries"],
        "entries_quota_worst": q_worst["entries"],
        "excess_entry": excess,
        "active_nash": n_summary["active"],
        "hhi_nash": n_summary["hhi"],
        "hhi_second_best": sb_summary["hhi"],
        "price_nash": n_summary["price"],
        "price_second_best": sb_summary["price"],
        "welfare_nash": n_summary["welfare"],
        "welfare_second_best": sb_summary["welfare"],
        "welfare_first_best": _first_best_welfare(economy, x_fb.T.astype(float)),
        "welfare_quota_best": q_best["welfare"],
        "welfare_quota_worst": q_worst["welfare"],
        "subsidy": subsidy,
        "subsidy_implementable": implementable,
    })
    return ModelResult(p, economy, metrics, per_industry, x_nash, x_sb, x_fb, quota.worst, subsidy, nash["dynamics"],
                       quota)
