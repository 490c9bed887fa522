"""What the experiments share: the model call, regime labels, the figure layout and notes.

Each experiment module defines what :mod:`coordgame.reproduce` expects (``NAME``,
``DESCRIPTION``, ``grid``, ``point``, ``draw``) and is registered in ``pyproject.toml`` under
the ``coordgame.experiments`` entry-point group, which ``coordgame reproduce`` reads.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from coordgame.reproduce import experiment_main


def main(name: str, argv: list[str] | None = None) -> int:
    """Command line of ``python experiments/<name>.py [--quick] [--output DIR] [--backend ...] [--workers N]``."""
    return experiment_main(f"coordgame.experiments.{name}", argv)


def model_metrics(**changes: Any) -> dict[str, Any]:
    """Solve the duplicate-construction model with ``changes`` to the default parameters; return its metrics."""
    from coordgame.models.duplicate_construction import Parameters, solve_model

    return dict(solve_model(dataclasses.replace(Parameters(), **changes)).metrics)


REGIME_LABELS = {
    "welfare_nash": "local competition (Nash)",
    "welfare_second_best": "planner, second best (chooses clusters)",
    "welfare_first_best": "planner, first best (also sets output)",
    "entries_nash": "local competition (Nash)",
    "entries_second_best": "planner, second best",
}
WELFARE_UNIT = "money units ≈ 10⁸ yuan/yr"


#: How the model's method codes read in a figure.
METHOD_NAMES = {"best_response": "best-response dynamics", "exhaustive": "exhaustive search"}


def method_note(figure: Any, table: Any, *, quota: bool = False) -> None:
    """Say at the foot of the figure how the equilibria and optima behind it were computed.

    With ``quota``, also how the quota regime's best and worst equilibria were found.
    """

    def used(column: str) -> str:
        names = sorted(map(str, table[column].dropna().unique())) if column in table else ["?"]
        return " and ".join(METHOD_NAMES.get(name, name.replace("_", " ")) for name in names)

    gap = table["planner_gap"].max() if "planner_gap" in table else float("nan")
    gap_note = f"{gap:.3g} money units"
    if "planner_relative_gap" in table:  # the certificate as a share of the welfare found
        gap_note = f"{100 * table['planner_relative_gap'].max():.3g}% of welfare"
    elif "planner_gap_pct" in table:
        gap_note = f"{table['planner_gap_pct'].max():.3g}% of welfare"
    # Reserve a strip at the bottom so the layout engine keeps axes labels clear of the note.
    figure.get_layout_engine().set(rect=(0.0, 0.035, 1.0, 0.965))
    note = (f"Nash equilibria by {used('nash_method')}; planner's optimum by {used('planner_method')}, "
            f"largest certified gap {gap_note}")
    if quota and "quota_method" in table:
        count = table["quota_num_equilibria"].max() if "quota_num_equilibria" in table else float("nan")
        scope = "all" if set(table["quota_method"].dropna()) == {"exhaustive"} else "the reached"
        note += f"; quota regime: best and worst of {scope} {count:.3g} equilibria, by {used('quota_method')}"
    figure.text(0.005, 0.005, note, fontsize=7, color="0.35")


def draw_against(table: Any, x: str, xlabel: str, title: str) -> Any:
    """Three panels against one parameter: welfare by regime, welfare loss, clusters built."""
    from coordgame.plot import line_plot, new_axes

    axes = new_axes(3, width=4.6, height=3.8)
    line_plot(table, x, ["welfare_nash", "welfare_second_best", "welfare_first_best"], labels=REGIME_LABELS,
              xlabel=xlabel, ylabel=f"national welfare\n({WELFARE_UNIT})", title="(a) welfare by regime", ax=axes[0])
    line_plot(table, x, "welfare_loss_pct", xlabel=xlabel, ylabel="welfare loss (% of second-best welfare)",
              title="(b) loss from local competition", ax=axes[1])
    line_plot(table, x, ["entries_nash", "entries_second_best"], labels=REGIME_LABELS, xlabel=xlabel,
              ylabel="clusters built (all industries)", title="(c) duplicate construction", ax=axes[2])
    # One legend for the figure: the regimes keep their colours in (a) and (c).
    for ax in axes[[0, 2]]:
        ax.get_legend().remove()
    figure = axes[0].figure
    figure.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncol=3, frameon=False)
    figure.suptitle(title)
    method_note(figure, table)
    return axes


#: The data dictionary of the planners' certificate and of the reasons columns that
#: ``solve_model``'s metrics carry (for an experiment's ``COLUMNS``).
PLANNER_COLUMNS: dict[str, tuple[str, str, str]] = {
    "planner_method": ("text", "how the second best was solved (branch and bound, dynamic programming, Lagrangian)",
                       "computed"),
    "planner_gap": ("money units", "certified upper bound minus second-best welfare (0: proved optimal)", "computed"),
    "planner_relative_gap": ("share", "planner_gap / |second-best welfare|", "computed"),
    "planner_upper_bound": ("money units", "a valid upper bound on the second-best optimum", "computed"),
    "planner_exact": ("0/1", "1 if the second best is proved optimal (gap within tolerance)", "computed"),
    "planner_nodes": ("count", "bound evaluations (branch and bound), states or iterations of the method", "computed"),
    "first_best_method": ("text", "how the first best was solved", "computed"),
    "first_best_gap": ("money units", "certified upper bound minus first-best welfare", "computed"),
    "first_best_relative_gap": ("share", "first_best_gap / |first-best welfare|", "computed"),
    "first_best_upper_bound": ("money units", "a valid upper bound on the first-best optimum", "computed"),
    "undefined": ("text", "for every NaN metric of the row, why it is undefined ('name: reason; ...')", "computed"),
}

_OUT = "model output"
#: The data dictionary of :func:`coordgame.models.duplicate_construction.solve_model`'s metrics (one CSV column each).
MODEL_METRIC_COLUMNS: dict[str, tuple[str, str, str]] = {
    "welfare_nash": (WELFARE_UNIT, "national welfare, local competition (equilibrium reached from 'nobody builds')", _OUT),
    "welfare_nash_min": (WELFARE_UNIT, "lowest national welfare over the equilibria found", _OUT),
    "welfare_nash_max": (WELFARE_UNIT, "highest national welfare over the equilibria found", _OUT),
    "welfare_second_best": (WELFARE_UNIT, "national welfare, second-best planner (chooses clusters)", _OUT),
    "welfare_first_best": (WELFARE_UNIT, "national welfare, first-best planner (also sets output)", _OUT),
    "welfare_loss": (WELFARE_UNIT, "second-best minus Nash welfare", _OUT),
    "welfare_loss_pct": ("% of second-best welfare", "welfare loss of local competition", _OUT),
    "welfare_loss_first_best_pct": ("% of first-best welfare", "loss of local competition against the first best",
                                    _OUT),
    "entries_nash": ("clusters", "clusters built under local competition", _OUT),
    "entries_second_best": ("clusters", "clusters built by the second-best planner", _OUT),
    "entries_first_best": ("clusters", "clusters built by the first-best planner", _OUT),
    "excess_entry": ("clusters", "Nash minus second-best clusters (> 0 over-building)", _OUT),
    "duplicated_fixed_cost": (WELFARE_UNIT, "F times the clusters in excess of the planner's, summed over industries",
                              _OUT),
    "krugman_nash": ("index in [0, 2]", "mean pairwise Krugman dissimilarity of portfolios, Nash", _OUT),
    "krugman_second_best": ("index in [0, 2]", "the same for the planner", _OUT),
    "similarity_nash": ("index in [0, 1]", "1 − krugman_nash / 2", _OUT),
    "similarity_second_best": ("index in [0, 1]", "1 − krugman_second_best / 2", _OUT),
    "concentration_nash": ("HHI in [0, 1]", "mean output Herfindahl index over industries, Nash", _OUT),
    "concentration_second_best": ("HHI in [0, 1]", "the same for the planner", _OUT),
    "nash_method": ("label", "how the equilibria were found", _OUT),
    "num_equilibria": ("count", "pure equilibria found", _OUT),
    "brd_cycles": ("count", "best-response dynamics runs that cycled", _OUT),
    "planner_method": ("label", "how the second best was found", _OUT),
    "planner_gap": (WELFARE_UNIT, "certified gap of the second best (0: exact)", _OUT),
    "planner_nodes": ("count", "branch-and-bound nodes", _OUT),
    "first_best_gap": (WELFARE_UNIT, "certified gap of the first best (0: exact)", _OUT),
    "subsidy_implements": ("0/1", "former name of instrument_implements", _OUT),
    "subsidy_total": (WELFARE_UNIT, "former name: instrument paid at the plan (= −fiscal_balance; < 0 a tax)", _OUT),
    "welfare_subsidy": (WELFARE_UNIT, "former name of welfare_instrument", _OUT),
    "welfare_quota_best": (WELFARE_UNIT, "national welfare, best equilibrium under quotas", _OUT),
    "welfare_quota_worst": (WELFARE_UNIT, "national welfare, worst equilibrium under quotas", _OUT),
    "entries_quota_best": ("clusters", "clusters, best quota equilibrium", _OUT),
    "entries_quota_worst": ("clusters", "clusters, worst quota equilibrium", _OUT),
    "welfare_loss_quota_best_pct": ("% of second-best welfare", "loss of the best quota equilibrium", _OUT),
    "welfare_loss_quota_worst_pct": ("% of second-best welfare", "loss of the worst quota equilibrium", _OUT),
    "quota_method": ("label", "how the quota equilibria were found", _OUT),
    "quota_num_equilibria": ("count", "quota equilibria found", _OUT),
    "welfare_quota": (WELFARE_UNIT, "former name of welfare_quota_worst", _OUT),
    "entries_quota": ("clusters", "former name of entries_quota_worst", _OUT),
    "welfare_loss_quota_pct": ("% of second-best welfare", "former name of welfare_loss_quota_worst_pct", _OUT),
    "price_of_anarchy": ("ratio", "second-best over Nash welfare (when both are positive)", _OUT),
    "objective": ("label", "what the planner maximises and regimes are compared in (national welfare)", _OUT),
    "instrument_kind": ("label", "tax, subsidy, mixed or none: the per-cluster instrument implementing the plan", _OUT),
    "instrument_over_F_mean": ("multiples of F", "implementing instrument per cluster, mean over industries "
                               "(< 0 a tax)", _OUT),
    "instrument_over_F_min": ("multiples of F", "smallest (most negative) over industries", _OUT),
    "instrument_over_F_max": ("multiples of F", "largest over industries", _OUT),
    "instrument_implements": ("0/1", "whether the instrument makes the plan an equilibrium", _OUT),
    "welfare_instrument": (WELFARE_UNIT, "national welfare with the instrument", _OUT),
    "fiscal_balance": (WELFARE_UNIT, "instrument revenue at the plan (taxes − subsidies)", _OUT),
    **{f"price_{r}": ("money units per output unit", f"average price paid, mean over industries: {r.replace('_', ' ')}",
                      _OUT) for r in ("nash", "second_best", "first_best", "quota_best", "quota_worst")},
    **{f"consumer_surplus_{r}": (WELFARE_UNIT, f"consumer surplus, all industries: {r.replace('_', ' ')}", _OUT)
       for r in ("nash", "second_best", "first_best", "quota_best", "quota_worst")},
    **PLANNER_COLUMNS,  # the certificate columns, described where they are defined
}
