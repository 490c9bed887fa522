"""Selective vs market-enhancing policy when the centre sees regions' costs with noise.

On the duplicate-construction economy (:mod:`coordgame.models.duplicate_construction.information`):
the centre observes base costs with Gaussian noise of standard deviation s (in units of the
spread of the true base costs).  *Selective* policy licenses the clusters of the planner's
solution on the noisy costs; *market-enhancing* policy announces the uniform per-industry entry
tax/subsidy that would implement that noisy plan and lets regions self-select on their true
costs; local competition and the full-information planner are the benchmarks.  Panel (a): mean
true national welfare of each against s, with the 10–90% band over noise draws; panel (b):
clusters built.  Panels (c) and (d): regions that misreport their base costs, as a game
(:mod:`coordgame.models.duplicate_construction.reporting`; no noise): on a small economy and
over draws of the true costs, (c) the true-welfare loss of each policy at a verified equilibrium
of its reporting game against truthful reports, and (d) the incentive to lie (what a region gains
by its best report when the others tell the truth), both against the promotion weight θ.  The
note gives the noise levels where selective policy falls below market-enhancing policy and below
local competition (interpolated on the means).
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
from coordgame.experiments._common import WELFARE_UNIT, main
from coordgame.models.duplicate_construction.reporting import REPORT_GRID

REPORT_GRID_TEXT = ", ".join(f"{u:g}" for u in sorted(REPORT_GRID))

NAME = "selective_vs_market"
ORDER = 31
DESCRIPTION = "selective vs market-enhancing policy: true welfare against the noise in the centre's cost information"

POLICIES = {"selective": ("selective (licenses the noisy plan)", "C3"),
            "market": ("market-enhancing (uniform tax from the noisy plan)", "C0"),
            "local": ("local competition", "0.4"), "planner": ("planner, full information", "C2")}

COLUMNS = {
    "num_regions": ("count", "regions in the economy (first N of the default calibration)", "assumption"),
    "relative_noise": ("1", "s divided by the standard deviation of the true base costs", "assumption"),
    "noise_sd": ("cost units", "s, standard deviation of the centre's observation noise on each base cost", "computed"),
    "cost_spread": ("cost units", "standard deviation of the true base costs over regions and industries", "computed"),
    "seed": ("1", "seed of the noise draw", "assumption"),
    "welfare_selective": (WELFARE_UNIT, "true national welfare of the selective policy", "computed"),
    "welfare_market": (WELFARE_UNIT, "true national welfare of the market-enhancing policy", "computed"),
    "welfare_local": (WELFARE_UNIT, "true national welfare of local competition (no policy)", "computed"),
    "welfare_planner": (WELFARE_UNIT, "true national welfare of the full-information second-best planner", "computed"),
    "entries_selective": ("clusters", "clusters built under the selective policy", "computed"),
    "entries_market": ("clusters", "clusters built under the market-enhancing policy", "computed"),
    "entries_local": ("clusters", "clusters built under local competition", "computed"),
    "entries_planner": ("clusters", "clusters of the full-information plan", "computed"),
    "implementable": ("bool", "a uniform tax implements the noisy plan in the noisy economy, every industry", "computed"),
    "market_found": ("bool", "the market-enhancing equilibrium was reached (no best-response cycle)", "computed"),
    # reporting-game rows (panels c, d); empty on the noise rows above
    "num_industries": ("count", "reporting rows: industries of the small economy (first K of the default list)",
                       "assumption"),
    "theta": ("1", "reporting rows: promotion-tournament weight θ of the regions' objective", "assumption"),
    "cost_seed": ("1", "reporting rows: seed of the draw of the true base costs", "assumption"),
    "grid_max_understatement": ("1", "reporting rows: largest understatement allowed, in cost spreads (grid "
                                f"{REPORT_GRID_TEXT})", "assumption"),
    **{f"{column}_{policy}": (unit, f"reporting rows, {policy} policy: {meaning}", "computed")
       for policy in ("selective", "market") for column, (unit, meaning) in {
           "report_loss_pct": ("%", "true welfare at the equilibrium reports below that at truthful reports, "
                               "in % of the full-information plan's welfare (empty: no equilibrium found)"),
           "report_gain_pct": ("%", "mean over regions of the gain from the best report when the others tell "
                               "the truth (summed over industries), in % of the payoff range a²/b"),
           "report_liars": ("1", "share of region-industry pairs not reporting the truth at the equilibrium"),
           "report_verified": ("bool", "an equilibrium was found in every industry and no region gains more than "
                               "1e-9 a²/b by another report on the grid"),
           "report_cycles": ("count", "starts of the best-response dynamic that cycled (all industries)"),
           "report_loss_on_cycle_pct": ("%", "when some industry's dynamic only cycled: the loss averaged along its "
                                        "first cycle, in % of the plan's welfare (not an equilibrium; else empty)"),
       }.items()},
    "report_loss_market_at_selective_reports_pct": ("%", "reporting rows: loss of the market-enhancing policy fed "
                                                    "the selective equilibrium's reports, in % of the plan's welfare",
                                                    "computed"),
}


def grid(quick: bool) -> list[dict[str, Any]]:
    """Noise levels × draws: 12 regions, 4 levels × 3 draws quick; 31 regions, 9 levels × 20 draws full.

    Reporting game: 4 regions × 2 industries, θ in {0, 0.5} × one cost draw (seed 1) quick; 6 regions ×
    2 industries, θ in {0, 0.1, 0.25, 0.5} × 20 cost draws full.
    """
    if quick:
        levels, draws, regions = [0.0, 0.5, 1.0, 2.0], 3, 12
        thetas, cost_draws, small = [0.0, 0.5], [1], 4
    else:
        levels, draws, regions = [0.0, 0.1, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0], 20, 31
        thetas, cost_draws, small = [0.0, 0.1, 0.25, 0.5], range(20), 6
    points = [{"num_regions": regions, "relative_noise": s, "seed": d} for s in levels for d in range(draws)]
    return points + [{"num_regions": small, "num_industries": 2, "theta": t, "cost_seed": c}
                     for t in thetas for c in cost_draws]


@functools.lru_cache(maxsize=4)
def _economy_and_reference(num_regions: int) -> tuple[Any, Any]:
    from coordgame.models.duplicate_construction import Parameters, build_economy
    from coordgame.models.duplicate_construction.information import _full_information

    economy = build_economy(Parameters(num_regions=num_regions))
    return economy, _full_information(economy)


def point(num_regions: int, relative_noise: float | None = None, seed: int = 0, *, num_industries: int | None = None,
          theta: float | None = None, cost_seed: int | None = None) -> dict[str, Any]:
    """True welfare and entries of the four policies for one noise draw; or, given θ, the reporting game."""
    from coordgame.models.duplicate_construction.information import policies_under_noise

    if theta is not None:
        return _reporting_point(num_regions, num_industries, theta, cost_seed)
    economy, reference = _economy_and_reference(num_regions)
    spread = float(economy.base_cost.std())
    out = policies_under_noise(economy, relative_noise * spread, seed, reference=reference).to_dict()
    keep = [c for c in COLUMNS if c in out and c not in ("noise_sd", "seed")]  # the grid already has the seed
    return {"noise_sd": relative_noise * spread, "cost_spread": spread, **{k: out[k] for k in keep}}


def _reporting_point(num_regions: int, num_industries: int, theta: float, cost_seed: int) -> dict[str, Any]:
    """Both policies' reporting equilibria on one draw of the true costs (no noise), in % of the plan's welfare."""
    from coordgame.models.duplicate_construction import Parameters, build_economy
    from coordgame.models.duplicate_construction.reporting import policy_outcome, reporting_equilibrium

    economy = build_economy(Parameters(num_regions=num_regions, num_industries=num_industries, theta=theta,
                                       cost_seed=cost_seed))
    row: dict[str, Any] = {"grid_max_understatement": max(REPORT_GRID)}
    outcomes = {}
    for policy in ("selective", "market"):
        out = outcomes[policy] = reporting_equilibrium(economy, policy)
        plan = out.welfare_planner
        row |= {f"report_loss_pct_{policy}": 100 * out.loss / plan,
                f"report_gain_pct_{policy}": 100 * float(out.gain_from_lying.mean()) / economy.payoff_range,
                f"report_liars_{policy}": out.num_liars / out.understatement.size,
                f"report_verified_{policy}": out.verified, f"report_cycles_{policy}": out.cycles,
                f"report_loss_on_cycle_pct_{policy}": 100 * out.loss_on_cycle / plan}
    selective = outcomes["selective"]
    x, _ = policy_outcome(economy, selective.understatement, "market")
    row["report_loss_market_at_selective_reports_pct"] = (
        100 * (outcomes["market"].welfare_truthful - economy.welfare(x)) / selective.welfare_planner
        if selective.verified else float("nan"))
    return row


def _crossing(levels: np.ndarray, gap: np.ndarray) -> float:
    """First noise level where ``gap`` (selective minus other) turns negative, linearly interpolated; nan if never."""
    below = np.flatnonzero(gap < 0)
    if below.size == 0:
        return float("nan")
    i = below[0]
    if i == 0:
        return float(levels[0])
    return float(levels[i - 1] + (levels[i] - levels[i - 1]) * gap[i - 1] / (gap[i - 1] - gap[i]))


def crossings(table: Any) -> dict[str, float]:
    """Noise levels (relative) where mean selective welfare falls below market-enhancing and below local competition."""
    means = _truthful(table).groupby("relative_noise")[[f"welfare_{p}" for p in POLICIES]].mean().sort_index()
    levels = means.index.to_numpy(dtype=float)
    return {other: _crossing(levels, (means["welfare_selective"] - means[f"welfare_{other}"]).to_numpy())
            for other in ("market", "local")}


def _truthful(table: Any) -> Any:
    """The noise rows (not the reporting game's)."""
    if "theta" not in table:
        return table
    return table[table["theta"].isna()]


def _reporting(table: Any) -> Any:
    return table[table["theta"].notna()] if "theta" in table else table.iloc[:0]


def _draw_reporting(table: Any, loss_ax: Any, gain_ax: Any) -> str:
    """(c) equilibrium losses per cost draw and their means; (d) the incentive to lie; returns the note's finding."""
    rows = _reporting(table)
    if rows.empty:
        return "Reporting game not run."
    thetas = np.sort(rows["theta"].unique())
    offset = {"selective": -0.006, "market": 0.006}
    for policy in ("selective", "market"):
        label, colour = POLICIES[policy]
        loss = rows[f"report_loss_pct_{policy}"]
        loss_ax.scatter(rows["theta"] + offset[policy], loss, s=9, color=colour, alpha=0.45, linewidths=0)
        if f"report_loss_on_cycle_pct_{policy}" in rows:  # absent when every game reached an equilibrium
            loss_ax.scatter(rows["theta"] + offset[policy], rows[f"report_loss_on_cycle_pct_{policy}"], s=14,
                            facecolors="none", edgecolors=colour, linewidths=0.7)
        loss_ax.plot(thetas, rows.groupby("theta")[f"report_loss_pct_{policy}"].mean().reindex(thetas), color=colour,
                     marker="o", markersize=3, label=label.split(" (")[0])
        gain = rows.groupby("theta")[f"report_gain_pct_{policy}"]
        gain_ax.plot(thetas, gain.mean().reindex(thetas), color=colour, marker="o", markersize=3, label=label.split(" (")[0])
        gain_ax.fill_between(thetas, gain.quantile(0.1).reindex(thetas), gain.quantile(0.9).reindex(thetas), color=colour,
                             alpha=0.15, linewidth=0)
    loss_ax.plot(thetas, rows.groupby("theta")["report_loss_market_at_selective_reports_pct"].mean().reindex(thetas),
                 color=POLICIES["market"][1], linestyle="--", label="market-enhancing, fed the selective reports")
    loss_ax.axhline(0.0, color="0.6", linewidth=0.6)
    regions, industries = int(rows["num_regions"].iloc[0]), int(rows["num_industries"].iloc[0])
    draws = int(rows.groupby("theta").size().min())
    for ax in (loss_ax, gain_ax):
        ax.set_xlabel("promotion weight θ of the regions' objective")
    loss_ax.set_ylabel("true welfare lost to misreporting\n(% of the full-information plan)")
    loss_ax.set_title(f"(c) misreporting at equilibrium ({regions} regions × {industries} industries)\n"
                      f"{draws} cost draw{'s' if draws > 1 else ''}: dots; lines: means; rings: average along a cycle",
                      fontsize=10)
    loss_ax.legend(fontsize=7, frameon=False, loc="upper left")
    gain_ax.set_ylabel("gain from the best lie when others are truthful\n(% of the payoff range a²/b, mean over regions)")
    gain_ax.set_title("(d) the incentive to lie (mean, 10–90% band over draws)", fontsize=10)
    unverified = int((~rows["report_verified_selective"].astype(bool)).sum()
                     + (~rows["report_verified_market"].astype(bool)).sum())
    means = rows[["report_loss_pct_selective", "report_loss_pct_market", "report_gain_pct_selective",
                  "report_gain_pct_market"]].mean()  # the losses over the games with an equilibrium
    ratio = means["report_gain_pct_selective"] / means["report_gain_pct_market"]
    return (f"Reporting game (no noise; lies on a grid up to {max(REPORT_GRID):g} cost spreads): a lie pays {ratio:.0f}× "
            f"more under selective policy (d), yet at equilibrium the mean loss is "
            f"{means['report_loss_pct_selective']:.2f}% (selective) vs {means['report_loss_pct_market']:.2f}% "
            "(market-enhancing) (c):\nevery region pays the uniform tax, which is set by the marginal regions' "
            f"reports, and they shade them to pull it towards zero. {unverified} of {2 * len(rows)} games without "
            "an equilibrium found\n(best responses cycle): rings, left out of the means.")


def draw(table: Any) -> Any:
    """Welfare bands and clusters against the relative noise; welfare against misreporting."""
    from coordgame.plot import new_axes

    axes = new_axes(2, 2, width=6.0, height=4.3).ravel()
    reporting_note = _draw_reporting(table, axes[2], axes[3])
    table = _truthful(table)
    grouped = table.groupby("relative_noise")
    for policy, (label, colour) in POLICIES.items():
        for ax, prefix in zip(axes, ("welfare", "entries")):
            column = f"{prefix}_{policy}"
            mean = grouped[column].mean()
            ax.plot(mean.index, mean.to_numpy(), color=colour, label=label, marker="o", markersize=3)
            if prefix == "welfare":
                ax.fill_between(mean.index, grouped[column].quantile(0.1).to_numpy(), grouped[column].quantile(0.9).to_numpy(),
                                color=colour, alpha=0.15, linewidth=0)
    regions, draws = int(table["num_regions"].iloc[0]), int(grouped.size().min())
    spread = float(table["cost_spread"].iloc[0])
    for ax in axes[:2]:
        ax.set_xlabel(f"centre's noise s (in cost spreads; spread = {spread:.1f} cost units)")
    axes[0].set_ylabel(f"true national welfare\n({WELFARE_UNIT})")
    axes[0].set_title(f"(a) welfare: mean and 10–90% band over {draws} draws")
    axes[1].set_ylabel("clusters built (all industries)")
    axes[1].set_title("(b) clusters built (means)")
    figure = axes[0].figure
    axes[1].legend(loc="center right", fontsize=8, frameon=False)
    figure.suptitle(f"Selective vs market-enhancing policy: (a, b) noisy cost information ({regions} regions × 8 "
                    "industries); (c, d) regions misreporting their costs")
    cross = crossings(table)

    def said(value: float) -> str:
        if np.isnan(value):
            return "nowhere on the grid"
        return "for every s > 0 on the grid (equal at s = 0)" if value == 0.0 else f"from s ≈ {value:.2f}"

    figure.get_layout_engine().set(rect=(0.0, 0.07, 1.0, 0.94))
    figure.text(0.005, 0.005, f"(a, b) Selective policy falls below market-enhancing {said(cross['market'])} and below "
                f"local competition {said(cross['local'])} (means).\n(c, d) {reporting_note}\n"
                "Not captured: the centre's own objectives, noise in demand or spillovers, noise together with "
                "misreporting, costly or audited lies, dynamic entry.", fontsize=7, color="0.3")
    return axes


if __name__ == "__main__":
    raise SystemExit(main(NAME))
