"""Regimes compared on the default calibration (31 regions x 8 industries).

One solve of the model at its default parameters.  Panel (a): national welfare under each
regime — local competition (the Nash equilibrium of the entry game), quotas (at most the
second-best number of clusters per industry; the quota-constrained entry game has many
equilibria, depending on who gets the licences, so its best and worst equilibria are two bars,
see :func:`coordgame.models.duplicate_construction.quota_equilibria`), the per-industry entry
subsidy/tax that implements the planner's choice, the second-best planner (chooses clusters,
the market stays Cournot) and the first-best planner (also sets output) — drawn relative to the
second-best optimum in % of it (so local competition's bar is minus its welfare loss).  Panel
(b): clusters built in each industry, local competition against the second-best planner.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from coordgame.experiments._common import REGIME_LABELS, WELFARE_UNIT, main, method_note

NAME = "regimes_default"
ORDER = 1
DESCRIPTION = "welfare under each regime and clusters per industry on the default calibration"

#: metric -> regime label, in the order drawn.
REGIMES = {
    "welfare_nash": "local competition",
    "welfare_quota_best": "quotas, best equilibrium",
    "welfare_quota_worst": "quotas, worst equilibrium",
    "welfare_subsidy": "per-cluster entry tax (or subsidy) implementing the plan",
    "welfare_second_best": "planner, second best",
    "welfare_first_best": "planner, first best",
}
COLUMNS = {
    "panel": ("label", "welfare (regime welfare) or entries (clusters per industry)", "assumption"),
    "category": ("label", "the regime (welfare panel) or the industry (entries panel)", "model output"),
    "series": ("label", "welfare; vs second best (%); entries_nash; entries_second_best", "model output"),
    "value": ("money units ≈ 10⁸ yuan/yr, %, or clusters (by series)", "the value drawn", "model output"),
}

#: separates a per-industry column's metric from the industry name, e.g. ``entries_nash|New materials``.
SEPARATOR = "|"


def grid(quick: bool) -> list[dict[str, Any]]:
    """One point: the default calibration (its headline parameters recorded in the CSV)."""
    from coordgame.models.duplicate_construction import Parameters

    p = Parameters()
    return [{"num_regions": p.num_regions, "num_industries": p.num_industries, "lam": p.lam, "theta": p.theta,
             "phi": p.phi}]


def point(**changes: Any) -> dict[str, Any]:
    """Welfare per regime and per-industry entries of the model at ``changes`` to the defaults."""
    from coordgame.models.duplicate_construction import Parameters, solve_model

    result = solve_model(dataclasses.replace(Parameters(), **changes))
    out = dict(result.metrics)
    for row in result.per_industry.to_dict("records"):
        for column in ("entries_nash", "entries_second_best"):
            out[f"{column}{SEPARATOR}{row['industry']}"] = row[column]
    return out


def industry_table(table: Any) -> Any:
    """Clusters per industry (rows) under local competition and the second-best planner (columns)."""
    import pandas as pd

    row = table.iloc[0]
    industries = [c.split(SEPARATOR, 1)[1] for c in table.columns if c.startswith(f"entries_nash{SEPARATOR}")]
    return pd.DataFrame({
        "industry": industries,
        "entries_nash": [row[f"entries_nash{SEPARATOR}{k}"] for k in industries],
        "entries_second_best": [row[f"entries_second_best{SEPARATOR}{k}"] for k in industries],
    })


def regime_table(table: Any) -> Any:
    """Welfare of each regime, and its difference from the second-best optimum in % of the optimum."""
    import pandas as pd

    row = table.iloc[0]
    optimum = row["welfare_second_best"]
    present = [m for m in REGIMES if m in table.columns and pd.notna(row[m])]
    return pd.DataFrame({
        "regime": [REGIMES[m] for m in present],
        "welfare": [float(row[m]) for m in present],
        "vs_second_best_pct": [100.0 * (row[m] - optimum) / abs(optimum) for m in present],
    })


def tidy(table: Any) -> Any:
    """The CSV: one row per (panel, category, series) with its value."""
    import pandas as pd

    regimes = regime_table(table)
    industries = industry_table(table)
    rows = [{"panel": "welfare", "category": r.regime, "series": "welfare", "value": r.welfare}
            for r in regimes.itertuples()]
    rows += [{"panel": "welfare", "category": r.regime, "series": "vs second best (%)", "value": r.vs_second_best_pct}
             for r in regimes.itertuples()]
    for column in ("entries_nash", "entries_second_best"):
        rows += [{"panel": "entries", "category": r["industry"], "series": column, "value": r[column]}
                 for r in industries.to_dict("records")]
    return pd.DataFrame(rows)


def draw(table: Any) -> Any:
    """Regime bars and per-industry entry bars, horizontal so the names stay readable."""
    from coordgame.plot import bar_chart, new_axes

    regimes = regime_table(table)
    regimes["label"] = [f"{r.regime}\nW = {r.welfare:,.0f}" for r in regimes.itertuples()]
    row = table.iloc[0]
    if "instrument_kind" in table.columns:  # call a tax a tax, with its size relative to F
        instrument = regimes["regime"] == REGIMES["welfare_subsidy"]
        regimes.loc[instrument, "label"] = (f"entry {row['instrument_kind']} implementing the plan\n"
                                            f"{row['instrument_over_F_mean']:+.1f} F per cluster, "
                                            f"W = {row['welfare_subsidy']:,.0f}")
    axes = new_axes(2, width=6.0, height=4.6)
    bar_chart(regimes, "label", "vs_second_best_pct", xlabel="regime",
              ylabel="welfare relative to the second-best optimum (%)",
              title=f"(a) welfare by regime (W in {WELFARE_UNIT})", annotate=True, horizontal=True, ax=axes[0])
    axes[0].margins(x=0.2)
    industries = industry_table(table)
    bar_chart(industries, "industry", ["entries_nash", "entries_second_best"], labels=REGIME_LABELS,
              xlabel="industry", ylabel="clusters built (number of regions)", title="(b) clusters per industry",
              annotate=True, horizontal=True, ax=axes[1])
    axes[1].get_legend().remove()  # a figure legend below the panels keeps the bars uncovered
    axes[1].figure.legend(*axes[1].get_legend_handles_labels(), loc="outside lower right", ncol=2, frameon=False)
    figure = axes[0].figure
    figure.suptitle("Regional entry game, default calibration: local competition against central planning")
    method_note(figure, table, quota=True)
    return axes


if __name__ == "__main__":
    raise SystemExit(main(NAME))
