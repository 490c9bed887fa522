"""Sharing the gains of coordination: who loses from the plan, and what it costs to compensate them.

For a sub-economy (the first R regions by GB/T 2260 code, all 8 industries, default
calibration otherwise) each region's contribution to national welfare under local competition
and under the second-best plan, and after budget-balanced transfers that give (a) the Shapley
value of the regions' γ-characteristic function, (b) the cheapest compensation that leaves no
region below local competition (an LP), (c) the nucleolus; plus the least core (is the core
empty?).  Panel per economy: each region's gain over local competition under each scheme.  Last
panel: each scheme's transfer budget against the welfare gain of the plan.

Quick: 6 regions (exact).  Full: 10 regions, exact, with the outsiders' worst and best
equilibria (``selection``), and the 31-region default economy with coalition values on demand
(every equilibrium verified over all 31 regions), a sampled Shapley value and a local-search
least core (see :mod:`coordgame.models.duplicate_construction.sharing`).
"""

from __future__ import annotations

from typing import Any

from coordgame.experiments._common import WELFARE_UNIT, main

NAME = "benefit_sharing"
ORDER = 5
DESCRIPTION = "per-region gains from the plan with and without transfers (Shapley, cheapest compensation, nucleolus)"

#: separates a per-region column's quantity from the region, e.g. ``gain_plan|Beijing``.
SEPARATOR = "|"
SCHEMES = {"gain_plan": "plan, no transfers", "gain_shapley": "plan + Shapley transfers",
           "gain_minimal": "plan + cheapest compensation", "gain_nucleolus": "plan + nucleolus transfers"}
PER_REGION = ("local", "plan", "shapley", "shapley_std_error", "minimal", "nucleolus", *SCHEMES)
SCALARS = ("welfare_gain", "budget_shapley", "budget_minimal", "budget_nucleolus", "least_core_epsilon", "core_empty",
           "shapley_in_core", "minimal_in_core", "exact_values", "shapley_samples", "pairs", "verified", "unverified",
           "no_equilibrium", "multiple", "coalitions_evaluated", "pair_deviations")
#: Accuracy figures of the core and of the approximate values guiding the 31-region search (NaN where not applicable).
ACCURACY = ("least_core_rounds", "least_core_converged", "least_core_max_excess", "shapley_largest_excess",
            "minimal_largest_excess", "guide_max_error", "guide_mean_error", "guide_share_exact", "shapley_guide_samples")
#: Shapley orders of exact values, and the guided search's budget of approximate values per round, at 31 regions
#: (an exact value costs ~0.1 s, an approximate one ~0.1 ms).
SAMPLES_31, CORE_EVALUATIONS_31 = 40, 20_000

COLUMNS = {
    "num_regions": ("regions", "size of the economy: the first num_regions regions by GB/T 2260 code, 8 industries",
                    "assumption (sub-economy for exact coalition values)"),
    "selection": ("-", "which outsiders' equilibrium fixes a coalition's value when there are several (worst/best "
                  "for the coalition)", "assumption"),
    "region": ("-", "region name, or 'all' for a quantity of the whole economy", "models/data/china_provincial_capitals.csv"),
    "quantity": ("-", "local / plan / shapley / minimal / nucleolus: payoff (welfare contribution) under local "
                 "competition, the second-best plan, and the plan plus each transfer scheme; gain_*: that minus "
                 "local; welfare_gain, budget_*: the plan's gain and each scheme's total transfers paid; "
                 "least_core_epsilon (exact, or with values on demand a lower bound: the LP over every coalition "
                 "valued; positive = core empty, certified); core_empty, *_in_core (1/0; with values on demand "
                 "from the coalitions valued: a blocked verdict is certified, an unblocked one is not proven); "
                 "exact_values (1: every coalition value exact by exhaustive tables; 0: values on demand, each the "
                 "worst equilibrium found and verified over all regions); shapley_samples (0: exact; else orders of "
                 "exact values, with the approximate values as control variate); pairs: coalition-industry pairs "
                 "valued; verified / unverified: pairs whose equilibria were / were not verified over all regions; "
                 "no_equilibrium: pairs without a pure partial-agreement equilibrium (alpha value); multiple: "
                 "pairs with several equilibria of different value to the coalition; coalitions_evaluated: "
                 "coalitions valued on demand; pair_deviations: equilibria at which only the check of two excluded "
                 "members' clusters added at once found a violator (values on demand; 0 otherwise); "
                 "least_core_rounds, least_core_converged (1: the guided search found "
                 "no violated constraint at the end; exact: 1), least_core_max_excess (largest excess found at the "
                 "least-core allocation: equals epsilon when converged); shapley_largest_excess, "
                 "minimal_largest_excess (largest excess v(S) - y(S) found at the Shapley / compensation "
                 "allocation; > 0: blocked by that coalition); guide_max_error, guide_mean_error (|exact - "
                 "approximate value| over the coalitions valued exactly; approximate = fixed 10-candidate tables), "
                 "guide_share_exact (share of those coalitions where they agree), shapley_guide_samples (orders "
                 "of the approximate values); NaN: not applicable", "computed (coordgame.coop, model)"),
    "value": (WELFARE_UNIT + " (counts and 1/0 flags for those quantities)", "the quantity's value", "computed"),
    "std_error": (WELFARE_UNIT, "standard error of a sampled Shapley payoff (0 when exact or not sampled)", "computed"),
}


def grid(quick: bool) -> list[dict[str, Any]]:
    """Economies: 6 regions (quick); 10 regions with both selections and the 31-region default (full)."""
    if quick:
        return [{"num_regions": 6, "selection": "worst"}]
    return [{"num_regions": 10, "selection": "worst"}, {"num_regions": 10, "selection": "best"},
            {"num_regions": 31, "selection": "worst"}]


def point(num_regions: int, selection: str) -> dict[str, Any]:
    """Benefit sharing on the first ``num_regions`` regions."""
    from coordgame.models.duplicate_construction import Parameters, build_economy
    from coordgame.models.duplicate_construction.sharing import benefit_sharing

    large = {"num_samples": SAMPLES_31, "core_evaluations": CORE_EVALUATIONS_31} if num_regions > 10 else {}
    result = benefit_sharing(build_economy(Parameters(num_regions=num_regions)), selection=selection, **large)
    out: dict[str, Any] = {name: getattr(result, name) for name in SCALARS[:10]}
    out.update({name: result.counts.get(name, 0) for name in SCALARS[10:]})
    if result.exact_values:
        out["verified"] = out["pairs"] - out["no_equilibrium"]
    out.update({name: float(result.accuracy.get(name, float("nan"))) for name in ACCURACY})
    frame = result.regions_frame()
    for row in frame.to_dict("records"):
        for quantity in PER_REGION:
            out[f"{quantity}{SEPARATOR}{row['region']}"] = row[quantity]
    return out


def tidy(table: Any) -> Any:
    """The CSV: one row per (economy, region, quantity), with the Shapley standard errors beside."""
    import pandas as pd

    rows = []
    for record in table.to_dict("records"):
        key = {"num_regions": record["num_regions"], "selection": record["selection"]}
        for name in (*SCALARS, *ACCURACY):
            if name in record:
                rows.append({**key, "region": "all", "quantity": name, "value": float(record[name]), "std_error": 0.0})
        for column, value in record.items():
            if SEPARATOR not in str(column) or column.startswith("shapley_std_error"):
                continue
            quantity, region = column.split(SEPARATOR, 1)
            error = record.get(f"shapley_std_error{SEPARATOR}{region}", 0.0) if quantity in ("shapley", "gain_shapley") else 0.0
            rows.append({**key, "region": region, "quantity": quantity, "value": float(value), "std_error": float(error)})
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _regions(table: Any, row: Any) -> Any:
    import pandas as pd

    regions = [c.split(SEPARATOR, 1)[1] for c in table.columns if c.startswith(f"local{SEPARATOR}")
               and pd.notna(row[c])]
    return pd.DataFrame({"region": regions, **{s: [row[f"{s}{SEPARATOR}{r}"] for r in regions] for s in SCHEMES}})


def draw(table: Any) -> Any:
    """A panel of per-region gains per economy, and the transfer budgets against the welfare gain."""
    import pandas as pd

    from coordgame.plot import bar_chart, new_axes

    points = list(table.to_dict("records"))
    tallest = max(int(p["num_regions"]) for p in points)
    axes = new_axes(len(points) + 1, width=5.2, height=max(4.6, 0.32 * tallest + 1.5))
    for ax, record in zip(axes, points):
        regions = _regions(table, pd.Series(record))
        if record["exact_values"]:
            kind = "exact values"
        else:
            error = max(float(record[c]) for c in table.columns if c.startswith(f"shapley_std_error{SEPARATOR}")
                        and pd.notna(record[c]))
            kind = (f"values verified in {record['verified'] / record['pairs']:.0%} of pairs;\n"
                    f"Shapley from {int(record['shapley_samples'])} orders (control variate), s.e. ≤ {error:.0f}")
        core = "core empty" if record["core_empty"] else "core non-empty"
        if not record["exact_values"]:
            core += (" (certified for these values)" if record["core_empty"]
                     else " (no blocking coalition found: not proven)")
        bar_chart(regions, "region", list(SCHEMES), labels=SCHEMES, xlabel="region",
                  ylabel=f"gain over local competition ({WELFARE_UNIT})", horizontal=True, ax=ax,
                  title=f"{int(record['num_regions'])} regions, outsiders' {record['selection']} equilibrium\n"
                        f"({kind})\n{core}, least-core ε {'=' if record['exact_values'] else '≥'} "
                        f"{record['least_core_epsilon']:.3g}")
        ax.axvline(0.0, color="black", linewidth=0.8)
        ax.get_legend().remove()
        errors = [float(record.get(f"shapley_std_error{SEPARATOR}{r}", 0.0)) for r in regions["region"]]
        if any(e > 0 for e in errors):  # ±2 standard errors of the sampled Shapley gains (the second bar of four)
            ax.errorbar(regions["gain_shapley"], [i - 0.1 for i in range(len(regions))], xerr=[2 * e for e in errors],
                        fmt="none", ecolor="black", elinewidth=0.7, capsize=1.5)
    budgets = pd.DataFrame({
        "economy": [f"{int(p['num_regions'])} regions\n({p['selection']})" for p in points],
        "welfare_gain": [p["welfare_gain"] for p in points],
        "budget_shapley": [p["budget_shapley"] for p in points],
        "budget_minimal": [p["budget_minimal"] for p in points],
        "budget_nucleolus": [p["budget_nucleolus"] for p in points],
    })
    labels = {"welfare_gain": "welfare gain of the plan", "budget_shapley": "transfers paid: Shapley",
              "budget_minimal": "transfers paid: cheapest compensation", "budget_nucleolus": "transfers paid: nucleolus"}
    bar_chart(budgets, "economy", list(labels), labels=labels, xlabel="economy", ylabel=WELFARE_UNIT,
              title="Transfers paid (sum of positive transfers)\nagainst the plan's welfare gain", horizontal=True,
              ax=axes[-1])
    for bars in axes[-1].containers:
        axes[-1].bar_label(bars, fmt="{:,.0f}", fontsize=8, padding=2)
    axes[-1].margins(x=0.18)
    axes[-1].get_legend().remove()
    figure = axes[0].figure
    handles, _ = axes[0].get_legend_handles_labels()  # same colours, same schemes, in both kinds of panel
    legend = ["plan, no transfers  |  right: the plan's welfare gain",
              "plan + Shapley transfers  |  right: Shapley transfers paid",
              "plan + cheapest compensation (LP)  |  right: its transfers",
              "plan + nucleolus transfers  |  right: its transfers"]
    figure.legend(handles, legend, loc="outside upper center", ncol=2, frameon=False,
                  title="Sharing the gains of coordination among regions (payoff: contribution to national welfare)",
                  title_fontproperties={"size": "large"})
    findings = "; ".join(f"{int(p['num_regions'])} regions ({p['selection']}): compensation costs "
                         f"{p['budget_minimal'] / p['welfare_gain']:.0%} of the gain, core "
                         f"{'empty' if p['core_empty'] else 'non-empty'}" for p in points)
    figure.supxlabel(f"Finding: {findings}.\n{NOTE}", fontsize=7.5, ha="center")  # the layout keeps room for it
    return axes


#: The figure's foot note: what the bars assume.
NOTE = ("Gain = payoff minus the payoff under local competition (best-response equilibrium from 'nobody builds').\n"
        "Coalition values: γ-characteristic function (the coalition coordinates, the others compete; the equilibrium "
        "worst or best for it).\nConsumer surplus is shared equally among regions (assumption).  Sub-economies: the "
        "first regions by code, exact.\n31 regions: each coalition valued on demand, its equilibria verified over all "
        "31 regions (the worst verified equilibrium: an upper bound\nwhere an unenumerated worse one exists); Shapley "
        "sampled with the approximate values as control variate (error bars: ±2 s.e.); least core by constraint "
        "generation\nguided by the approximate values (ε: a lower bound, from exact values only); no nucleolus.")

if __name__ == "__main__":
    raise SystemExit(main(NAME))
