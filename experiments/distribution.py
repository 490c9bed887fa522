"""Who gains and who loses from moving from local competition to the plan: a map of the 31 regions.

For each seeded base-cost draw, :func:`~coordgame.models.duplicate_construction.regional_gains`
splits national welfare by region (consumers by population share of the national market,
producers by where their clusters are) and measures each region's change from the equilibrium
reached from "nobody builds" to the certified second-best plan: without the implementing
instrument (the plan imposed), and with it (each region pays the per-cluster tax on its planned
clusters and receives its population share of the revenue — an assumption).  The map shows the
median change over the draws (colour) at each provincial capital (bubble area ∝ population); the
CSV lists every region's median, 10% and 90% change and the share of draws in which it loses.
"""

from __future__ import annotations

from typing import Any

from coordgame.experiments._common import WELFARE_UNIT, main

NAME = "distribution"
ORDER = 6
DESCRIPTION = "per-region gains and losses of moving from local competition to the plan (map, over cost draws)"

SEPARATOR = "|"
#: per-region quantities carried from point() to tidy()
FIELDS = ("gain_without_instrument", "gain_with_instrument", "clusters_nash", "clusters_plan", "instrument_paid")

COLUMNS = {
    "region": ("name", "provincial-level region", "models/data/china_provincial_capitals.csv"),
    "latitude": ("degrees north", "latitude of the capital", "models/data/SOURCES.md"),
    "longitude": ("degrees east", "longitude of the capital", "models/data/SOURCES.md"),
    "population_share": ("share", "population share (2020 census): consumers' share of national surplus",
                         "NBS, Seventh National Population Census (2021)"),
    "draws": ("count", "number of base-cost draws", "assumption"),
    "gain_without_instrument_median": (WELFARE_UNIT, "median change in the region's welfare, plan imposed without "
                                       "transfers", "model output"),
    "gain_without_instrument_p10": (WELFARE_UNIT, "10th percentile over draws", "model output"),
    "gain_without_instrument_p90": (WELFARE_UNIT, "90th percentile over draws", "model output"),
    "loses_without_instrument_share": ("share of draws", "draws in which the region loses (no instrument)",
                                       "model output"),
    "gain_with_instrument_median": (WELFARE_UNIT, "median change with the per-cluster tax paid and its revenue "
                                    "returned by population", "model output"),
    "gain_with_instrument_p10": (WELFARE_UNIT, "10th percentile over draws", "model output"),
    "gain_with_instrument_p90": (WELFARE_UNIT, "90th percentile over draws", "model output"),
    "loses_with_instrument_share": ("share of draws", "draws in which the region loses (with instrument)",
                                    "model output"),
    "clusters_nash_mean": ("clusters", "mean clusters under local competition", "model output"),
    "clusters_plan_mean": ("clusters", "mean clusters in the plan", "model output"),
    "instrument_paid_median": (WELFARE_UNIT, "median tax paid by the region on its planned clusters", "model output"),
}


def grid(quick: bool) -> dict[str, list]:
    """Base-cost draws: one quick, 20 otherwise."""
    return {"seed": [20100] if quick else [20100 + i for i in range(20)]}


def point(seed: int) -> dict[str, Any]:
    """Every region's gains for one cost draw, flattened as ``field|region``."""
    from coordgame.models.duplicate_construction import Parameters, regional_gains

    table = regional_gains(Parameters(cost_seed=seed))
    return {f"{field}{SEPARATOR}{row['region']}": float(row[field]) for row in table.to_dict("records")
            for field in FIELDS}


def tidy(table: Any) -> Any:
    """One row per region: medians, bands and losing shares over the draws."""
    import pandas as pd
    from coordgame.models.duplicate_construction import load_regions

    regions = load_regions()
    share = regions["population_10k_2020"] / regions["population_10k_2020"].sum()
    rows = []
    for i, name in enumerate(regions["region"]):
        row = {"region": name, "latitude": regions["latitude"][i], "longitude": regions["longitude"][i],
               "population_share": float(share[i]), "draws": len(table)}
        for kind in ("without", "with"):
            values = table[f"gain_{kind}_instrument{SEPARATOR}{name}"]
            row[f"gain_{kind}_instrument_median"] = float(values.median())
            row[f"gain_{kind}_instrument_p10"] = float(values.quantile(0.1))
            row[f"gain_{kind}_instrument_p90"] = float(values.quantile(0.9))
            row[f"loses_{kind}_instrument_share"] = float((values < 0).mean())
        row["clusters_nash_mean"] = float(table[f"clusters_nash{SEPARATOR}{name}"].mean())
        row["clusters_plan_mean"] = float(table[f"clusters_plan{SEPARATOR}{name}"].mean())
        row["instrument_paid_median"] = float(table[f"instrument_paid{SEPARATOR}{name}"].median())
        rows.append(row)
    return pd.DataFrame(rows)


def draw(table: Any) -> Any:
    """Two maps (without / with the instrument): bubbles at the capitals, colour = median gain."""
    import numpy as np

    from coordgame.plot import new_axes

    regions = tidy(table)
    axes = new_axes(2, width=6.4, height=5.4)
    limit = float(np.abs(regions[["gain_without_instrument_median", "gain_with_instrument_median"]].to_numpy()).max())
    for ax, kind, title in ((axes[0], "without", "(a) plan imposed, no transfers"),
                            (axes[1], "with", "(b) with the per-cluster tax, revenue returned per head")):
        column = f"gain_{kind}_instrument_median"
        image = ax.scatter(regions["longitude"], regions["latitude"], s=3000 * regions["population_share"] + 15,
                           c=regions[column], cmap="RdBu", vmin=-limit, vmax=limit, edgecolors="0.3", linewidths=0.5)
        for r in regions.itertuples():
            ax.annotate(r.region, (r.longitude, r.latitude), fontsize=6, xytext=(4, 3), textcoords="offset points")
        losers = int((regions[column] < 0).sum())
        shares = regions[f"loses_{kind}_instrument_share"]
        ax.set(xlabel="longitude (°E)", ylabel="latitude (°N)")
        ax.set_title(f"{title}\n{losers} of 31 regions lose at the median of {len(table)} draws;\n"
                     f"each region loses in {shares.min():.0%}–{shares.max():.0%} of the draws", fontsize=10)
        ax.set_aspect(1.2)
    axes[1].figure.colorbar(image, ax=axes, label=f"median change in regional welfare ({WELFARE_UNIT})\n"
                            "blue: gains, red: losses", shrink=0.8)
    figure = axes[0].figure
    figure.suptitle("Moving from local competition to the second-best plan: who gains, who loses "
                    "(bubble area ∝ population)")
    figure.get_layout_engine().set(rect=(0.0, 0.04, 1.0, 0.96))
    figure.text(0.005, 0.005, "Regional welfare = consumers' population share of national surplus + own clusters' "
                "profits − fixed costs.  Limits: one national market (t = 0), the equilibrium reached from 'nobody "
                "builds', revenue rebated per head (an assumption).", fontsize=7, color="0.35")
    return axes


if __name__ == "__main__":
    raise SystemExit(main(NAME))
