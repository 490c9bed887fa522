"""Selective vs market-enhancing policy when the centre sees regions' costs with noise.

On the duplicate-construction economy (:mod:`coordgame.models.duplicate_construction.information`):
the centre observes base costs with Gaussian noise of standard deviation s (in units of the
spread of the true base costs).  *Selective* policy licenses the clusters of the planner's
solution on the noisy costs; *market-enhancing* policy announces the uniform per-industry entry
tax/subsidy that would implement that noisy plan and lets regions self-select on their true
costs; local competition and the full-information planner are the benchmarks.  Panel (a): mean
true national welfare of each against s, with the 10–90% band over noise draws; panel (b):
clusters built; panel (c): the loss of each policy when regions that want a licence understate
their costs (a stylised rule, no noise; see ``misreported_economy``).  The note gives the noise
levels where selective policy falls below market-enhancing policy and below local competition (interpolated on the means).
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
from coordgame.experiments._common import WELFARE_UNIT, main

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
    "understatement": ("1", "panel (c): how far regions wanting a licence understate their base cost, in cost spreads "
                       "(empty: truthful reports)", "assumption"),
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
}


def grid(quick: bool) -> list[dict[str, Any]]:
    """Noise levels × draws: 12 regions, 4 levels × 3 draws quick; 31 regions, 9 levels × 20 draws full."""
    if quick:
        levels, draws, regions = [0.0, 0.5, 1.0, 2.0], 3, 12
    else:
        levels, draws, regions = [0.0, 0.1, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0], 20, 31
    points = [{"num_regions": regions, "relative_noise": s, "seed": d} for s in levels for d in range(draws)]
    lies = [1.0] if quick else [0.5, 1.0, 2.0]
    return points + [{"num_regions": regions, "relative_noise": 0.0, "seed": 0, "understatement": u} for u in lies]


@functools.lru_cache(maxsize=4)
def _economy_and_reference(num_regions: int) -> tuple[Any, Any]:
    from coordgame.models.duplicate_construction import Parameters, build_economy
    from coordgame.models.duplicate_construction.information import _full_information

    economy = build_economy(Parameters(num_regions=num_regions))
    return economy, _full_information(economy)


def point(num_regions: int, relative_noise: float, seed: int, understatement: float = 0.0) -> dict[str, Any]:
    """True welfare and entries of the four policies for one noise draw (and misreporting, in cost spreads)."""
    from coordgame.models.duplicate_construction.information import policies_under_noise

    economy, reference = _economy_and_reference(num_regions)
    spread = float(economy.base_cost.std())
    out = policies_under_noise(economy, relative_noise * spread, seed, understatement=understatement * spread,
                               reference=reference).to_dict()
    keep = [c for c in COLUMNS if c in out and c not in ("noise_sd", "seed")]  # the grid already has the seed
    return {"noise_sd": relative_noise * spread, "cost_spread": spread, **{k: out[k] for k in keep}}


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
    if "understatement" not in table:
        return table
    return table[table["understatement"].isna() | (table["understatement"] == 0)]


def _draw_misreporting(table: Any, ax: Any) -> None:
    lies = table[table["understatement"].notna()] if "understatement" in table else table.iloc[:0]
    base = _truthful(table)
    base = base[base["relative_noise"] == 0].iloc[:1].assign(understatement=0.0)
    rows = pd_concat([base, lies]).sort_values("understatement")
    for policy in ("selective", "market"):
        label, colour = POLICIES[policy]
        loss = 100 * (rows["welfare_planner"] - rows[f"welfare_{policy}"]) / rows["welfare_planner"]
        ax.plot(rows["understatement"], loss, color=colour, marker="o", markersize=3, label=label)
    ax.set_xlabel("understatement by regions wanting a licence\n(cost spreads; no noise)")
    ax.set_ylabel("loss against the full-information plan (%)")
    ax.set_title("(c) misreporting to the centre")


def pd_concat(frames: list[Any]) -> Any:
    import pandas as pd

    return pd.concat(frames, ignore_index=True)


def draw(table: Any) -> Any:
    """Welfare bands and clusters against the relative noise; welfare against misreporting."""
    from coordgame.plot import new_axes

    axes = new_axes(3, width=5.0, height=4.2)
    _draw_misreporting(table, axes[2])
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
    figure.suptitle(f"Selective vs market-enhancing policy with noisy cost information ({regions} regions × 8 industries)")
    cross = crossings(table)

    def said(value: float) -> str:
        if np.isnan(value):
            return "nowhere on the grid"
        return "for every s > 0 on the grid (equal at s = 0)" if value == 0.0 else f"from s ≈ {value:.2f}"

    figure.get_layout_engine().set(rect=(0.0, 0.07, 1.0, 0.95))
    figure.text(0.005, 0.005, f"Selective policy falls below market-enhancing {said(cross['market'])} and below local "
                f"competition {said(cross['local'])} (means).\nMisreporting only as a stylised understatement (c). "
                "Not captured: the centre's own objectives, noise in demand or spillovers, dynamic entry.",
                fontsize=7, color="0.3")
    return axes


if __name__ == "__main__":
    raise SystemExit(main(NAME))
