"""Welfare loss and duplicate construction against the number of regions R, over random subsets.

For each R, seeded random subsets of R of the 31 regions play the entry game (not the first R by
region code, which would confound R with the coastal/inland order of the codes); each region
keeps its own base costs, everything else is at its default.  Each subset is solved by
:func:`~coordgame.models.duplicate_construction.compare_regimes` (the equilibrium reached from
"nobody builds" against the certified second-best plan, in national welfare).  Draws the welfare
loss of local competition and the clusters built (Nash against the planner) as R grows: median
and 10–90% band over the subsets.
"""

from __future__ import annotations

from typing import Any

from coordgame.experiments._common import WELFARE_UNIT, main, method_note

NAME = "num_regions"
ORDER = 3
DESCRIPTION = "welfare loss and excess entry against the number of regions (random subsets of regions)"

#: subsets per size in the full run (R = 31 has only one subset: all regions)
NUM_SUBSETS = 20

COLUMNS = {
    "num_regions": ("regions", "number of regions R in the subset", "assumption (sweep)"),
    "subset": ("integer", "index of the random subset (seed 7000 + subset)", "assumption"),
    "regions": ("names", "the regions of the subset, ';'-separated, in code order", "models/data/china_provincial_capitals.csv"),
    "welfare_nash": (WELFARE_UNIT, "national welfare, local competition", "model output"),
    "welfare_second_best": (WELFARE_UNIT, "national welfare, second-best planner", "model output"),
    "welfare_first_best": (WELFARE_UNIT, "national welfare, first-best planner", "model output"),
    "welfare_loss_pct": ("% of second-best welfare", "welfare loss of local competition", "model output"),
    "entries_nash": ("clusters", "clusters built under local competition", "model output"),
    "entries_second_best": ("clusters", "clusters the planner builds", "model output"),
    "excess_entry": ("clusters", "Nash minus planner clusters", "model output"),
    "similarity_nash": ("index in [0, 1]", "portfolio similarity, local competition", "model output"),
    "similarity_second_best": ("index in [0, 1]", "portfolio similarity, planner", "model output"),
    "price_nash": ("money units per output unit", "average price, mean over industries, Nash", "model output"),
    "price_second_best": ("money units per output unit", "the same, planner", "model output"),
    "consumer_surplus_nash": (WELFARE_UNIT, "consumer surplus, Nash", "model output"),
    "consumer_surplus_second_best": (WELFARE_UNIT, "consumer surplus, planner", "model output"),
    "instrument_per_F": ("multiples of F", "implementing per-cluster instrument (< 0 a tax)", "model output"),
    "instrument_implements": ("0/1", "whether the instrument implements the plan", "model output"),
    "fiscal_balance": (WELFARE_UNIT, "instrument revenue at the plan (taxes − subsidies)", "model output"),
    "planner_gap": (WELFARE_UNIT, "certified gap of the planner's optimum", "model output"),
    "planner_gap_pct": ("% of second-best welfare", "certified gap relative to the optimum", "model output"),
    "planner_upper_bound": (WELFARE_UNIT, "certified upper bound on second-best welfare", "model output"),
    "planner_method": ("label", "how the planner's optimum was found", "model output"),
    "nash_method": ("label", "how the equilibrium was found", "model output"),
    "objective": ("label", "what the planner maximises and regimes are compared in", "model output"),
    "error": ("text", "error message if the point failed", "sweep"),
}


def grid(quick: bool) -> list[dict[str, Any]]:
    """Sizes × subsets: 3 sizes × 2 subsets quick; 11 sizes × 20 subsets otherwise (one for R = 31)."""
    sizes = [3, 6, 10] if quick else [2, 4, 6, 8, 10, 12, 16, 20, 24, 28, 31]
    count = 2 if quick else NUM_SUBSETS
    return [{"num_regions": r, "subset": s} for r in sizes for s in range(1 if r == 31 else count)]


def subset_regions(num_regions: int, subset: int) -> tuple[str, ...]:
    """The regions of subset ``subset`` of size ``num_regions`` (seeded, in code order)."""
    import numpy as np
    from coordgame.models.duplicate_construction import load_regions

    names = list(load_regions()["region"])
    chosen = np.random.default_rng(7000 + subset).choice(len(names), size=num_regions, replace=False)
    return tuple(names[i] for i in sorted(chosen))


def point(num_regions: int, subset: int = 0) -> dict[str, Any]:
    """Local competition against the plan (and the first best) for one random subset of regions."""
    from coordgame.models.duplicate_construction import Parameters, build_economy, compare_regimes, first_best

    params = Parameters(regions=subset_regions(num_regions, subset))
    return {"regions": ";".join(params.regions), **compare_regimes(params),
            "welfare_first_best": first_best(build_economy(params))[1]["welfare"]}


def draw(table: Any) -> Any:
    """Loss and clusters against R: median and 10–90% band over the subsets."""
    from coordgame.plot import new_axes

    axes = new_axes(2, width=5.2, height=4.0)
    for ax, columns, ylabel, title in (
        (axes[0], {"welfare_loss_pct": "local competition"}, "welfare loss (% of second-best welfare)",
         "(a) loss from local competition"),
        (axes[1], {"entries_nash": "local competition (Nash)", "entries_second_best": "planner, second best"},
         "clusters built (all industries)", "(b) duplicate construction"),
    ):
        for (column, label), colour in zip(columns.items(), ("tab:red", "tab:blue")):
            stats = table.groupby("num_regions")[column].quantile([0.1, 0.5, 0.9]).unstack()
            ax.plot(stats.index, stats[0.5], marker="o", ms=3, color=colour, label=f"{label}, median")
            ax.fill_between(stats.index, stats[0.1], stats[0.9], color=colour, alpha=0.2, lw=0, label="10–90% of subsets")
        ax.set(xlabel="number of regions R (random subsets)", ylabel=ylabel, title=title)
        ax.legend(fontsize=7, frameon=False)
    figure = axes[0].figure
    count = int(table.groupby("num_regions")["subset"].nunique().max()) if "subset" in table else 1
    figure.suptitle(f"Regional entry game: effect of the number of regions ({count} random subsets per size)")
    method_note(figure, table)
    return axes


if __name__ == "__main__":
    raise SystemExit(main(NAME))
