"""Coordinating expectations: 31 regions deciding whether to join a shared digital platform.

A global game (:mod:`coordgame.games.global_game`, solved by :mod:`coordgame.solvers.global_game`):
each of N = 31 regions joins the platform or not; joining pays θ + r·ℓ − c, with ℓ the share of
the other regions that join (r = c = 1, the linear game of Morris & Shin 2003, §2).  Each
region sees the fundamental θ with private noise σ_x; the centre may announce a public signal
y = θ + σ_y·η.  Panels: (a) probability that a region joins and (b) expected welfare per region,
against the true fundamental, for no announcement, a noisy announcement, a precise announcement
(which restores multiple equilibria: its worst and best equilibria are drawn), and the planner's
threshold with the same information; (c) every equilibrium state threshold θ* against the
precision of the announcement (announced value fixed), with the uniqueness bound; (d) the
voluntary funding of a shared generic technology (a public good) under Nash, matching grants
and a central budget (:mod:`coordgame.games.public_good`).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from coordgame.experiments._common import main

NAME = "platform_adoption"
ORDER = 30
DESCRIPTION = "platform adoption as a global game: adoption and welfare against the fundamental, with and without announcements"

#: Calibration (all assumptions: a unit-free illustration of Morris & Shin's linear game).
NUM_REGIONS = 31
PRIVATE_SD = 0.1
NOISY_SD = 0.25
PRECISE_SD = 0.04
ANNOUNCED = 0.4  # the announcement held fixed in panel (c)

SCENARIOS = {
    "none": ("no announcement (equilibrium)", None, False, "highest"),
    "noisy": (f"noisy announcement σ_y={NOISY_SD} (equilibrium)", NOISY_SD, False, "highest"),
    "precise_worst": (f"precise announcement σ_y={PRECISE_SD}, worst equilibrium", PRECISE_SD, False, "highest"),
    "precise_best": (f"precise announcement σ_y={PRECISE_SD}, best equilibrium", PRECISE_SD, False, "lowest"),
    "planner_none": ("planner, no announcement", None, True, "highest"),
    "planner_noisy": (f"planner, noisy announcement σ_y={NOISY_SD}", NOISY_SD, True, "highest"),
}

COLUMNS = {
    "panel": ("label", "which panel the row feeds: curve (a, b), precision (c) or public_good (d)", "assumption"),
    "scenario": ("label", "information and regime: see SCENARIOS in experiments/platform_adoption.py", "assumption"),
    "public_precision": ("1/θ-unit²", "precision α_y of the announcement in panel (c)", "assumption"),
    "theta": ("payoff units", "true fundamental θ (return of joining when nobody else joins, plus c)", "assumption"),
    "adoption": ("probability", "probability that a region joins, averaged over the announcement's noise", "computed"),
    "welfare": ("payoff units per region", "expected payoff per region, averaged over the announcement's noise", "computed"),
    "multiple": ("probability", "probability over the announcement that the equilibrium is not unique", "computed"),
    "state_thresholds": ("θ units", "every equilibrium state threshold θ* (panel c), ';'-separated", "computed"),
    "uniqueness_index": ("1", "r κ / √(2π): equilibrium unique iff ≤ 1 (Morris & Shin 2003, §3)", "computed"),
    "num_regions_pg": ("count", "regions funding the generic technology (panel d)", "assumption"),
    "provision": ("money units", "total provision of the generic technology (panel d)", "computed"),
    "pg_welfare": ("money units", "total welfare from the generic technology net of contributions (panel d)", "computed"),
    "regret": ("payoff units", "largest regret of the equilibria behind the row", "computed"),
}


def grid(quick: bool) -> list[dict[str, Any]]:
    """The six curve scenarios, the precisions of panel (c) and the public-good regimes of panel (d)."""
    precisions = np.geomspace(1.0, 1e4, 9 if quick else 41)
    points: list[dict[str, Any]] = [{"panel": "curve", "scenario": s, "quick": quick} for s in SCENARIOS]
    points += [{"panel": "precision", "scenario": "equilibrium", "public_precision": float(a)} for a in precisions]
    points += [{"panel": "public_good", "scenario": s} for s in ("nash", "matching", "central", "samuelson")]
    return points


def _game(public_sd: float | None) -> Any:
    """The linear game, solved as a continuum: payoffs linear in the share make N = 31 give the same
    thresholds and the same expected welfare per region (tests/solvers/test_global_game.py checks it)."""
    from coordgame.games.global_game import linear_adoption_game

    return linear_adoption_game(num_players=None, private_sd=PRIVATE_SD, public_sd=public_sd, public_signal=ANNOUNCED)


def point(panel: str, scenario: str, quick: bool = False, public_precision: float | None = None) -> dict[str, Any]:
    """One curve (lists over θ), one precision's thresholds, or one public-good regime."""
    if panel == "curve":
        from coordgame.solvers.global_game import outcome_curves

        _, sd, planner, selection = SCENARIOS[scenario]
        theta = np.linspace(-0.5, 1.5, 21 if quick else 81)
        out = outcome_curves(_game(sd), theta, planner=planner, selection=selection, num_announcements=20 if quick else 80)
        return {"theta": theta.tolist(), **{k: np.round(v, 12).tolist() for k, v in out.items()}}
    if panel == "precision":
        from coordgame.solvers.global_game import threshold_equilibria

        found = threshold_equilibria(_game(public_precision**-0.5))
        alpha_x, alpha_y = PRIVATE_SD**-2, public_precision
        kappa = alpha_y / math.sqrt(alpha_x) * math.sqrt((alpha_x + alpha_y) / (2 * alpha_x + alpha_y))
        return {"state_thresholds": ";".join(f"{t.state_threshold:.10g}" for t in found.thresholds),
                "uniqueness_index": kappa / math.sqrt(2 * math.pi), "regret": found.verification.value}
    from coordgame.experiments._public_good import public_good_row

    return public_good_row(scenario)


def tidy(table: Any) -> Any:
    """One row per (scenario, θ) for the curves; the other panels as they are."""
    import pandas as pd

    curves = table[table["panel"] == "curve"]
    rows = []
    for record in curves.to_dict("records"):
        for i, t in enumerate(record["theta"]):
            rows.append({"panel": "curve", "scenario": record["scenario"], "theta": t, "adoption": record["adoption"][i],
                         "welfare": record["welfare"][i], "multiple": record["multiple"][i]})
    rest = table[table["panel"] != "curve"].drop(columns=["theta", "adoption", "welfare", "multiple", "quick"], errors="ignore")
    return pd.concat([pd.DataFrame(rows), rest], ignore_index=True)


STYLE = {"none": ("C0", "-"), "noisy": ("C1", "-"), "precise_worst": ("C3", ":"), "precise_best": ("C3", "--"),
         "planner_none": ("C2", "-."), "planner_noisy": ("C2", (0, (1, 1)))}


def _draw_curves(data: Any, axes: Any) -> None:
    for scenario, (label, *_rest) in SCENARIOS.items():
        rows = data[data["scenario"] == scenario]
        colour, dash = STYLE[scenario]
        for ax, column in zip(axes, ("adoption", "welfare")):
            ax.plot(rows["theta"], rows[column], color=colour, linestyle=dash, label=label)
    for ax in axes:
        ax.axvspan(0.0, 1.0, color="0.92", zorder=0)
        ax.set_xlabel("true fundamental θ")
    axes[0].set_ylabel("probability a region joins")
    axes[0].set_title("(a) adoption (grey: multiple equilibria\nunder common knowledge)")
    axes[1].set_ylabel("expected payoff per region")
    axes[1].set_title("(b) expected welfare")


def _draw_precision(data: Any, ax: Any) -> None:
    for record in data.sort_values("public_precision").to_dict("records"):
        values = [float(v) for v in str(record["state_thresholds"]).split(";") if v]
        ax.scatter([record["public_precision"]] * len(values), values, s=12,
                   color="C3" if len(values) > 1 else "C0")
    from scipy.optimize import brentq

    alpha_x = PRIVATE_SD**-2
    bound = brentq(lambda a: a / math.sqrt(alpha_x) * math.sqrt((alpha_x + a) / (2 * alpha_x + a)) - math.sqrt(2 * math.pi),
                   1e-9, 1e9)
    ax.axvline(bound, color="0.4", linestyle="--", linewidth=1, label=f"uniqueness bound α_y = {bound:.0f}")
    ax.axhline(ANNOUNCED, color="0.7", linewidth=0.8)
    ax.set_xscale("log")
    ax.set_xlabel(f"precision of the announcement α_y (private α_x = {PRIVATE_SD**-2:.0f})")
    ax.set_ylabel("equilibrium state threshold θ*")
    ax.set_title(f"(c) thresholds, announcement y = {ANNOUNCED}\n"
                 "(red: several equilibria; left of the dashed bound: unique for every y)", fontsize=9)
    ax.legend(fontsize=7, loc="center right", frameon=False)


def draw(table: Any) -> Any:
    """Four panels: adoption, welfare, thresholds against public precision, the public good."""
    from coordgame.experiments._public_good import draw_public_good

    from coordgame.plot import new_axes

    data = tidy(table)
    axes = new_axes(2, 2, width=5.6, height=4.0).ravel()
    _draw_curves(data[data["panel"] == "curve"], axes[:2])
    _draw_precision(data[data["panel"] == "precision"], axes[2])
    draw_public_good(data[data["panel"] == "public_good"], axes[3])
    figure = axes[0].figure
    axes[0].legend(loc="lower right", fontsize=6.5, framealpha=0.9)
    figure.get_layout_engine().set(rect=(0.0, 0.05, 1.0, 0.95))
    figure.text(0.005, 0.005, "Without an announcement regions join iff their signal exceeds ½ (risk dominance), the "
                "planner from 0 (wherever joining is not dominated):\nequilibrium adoption is too low on (0, ½). A noisy "
                "announcement keeps the equilibrium unique; a precise one (α_y above the bound) restores multiplicity. "
                "Continuum = N = 31 here (payoffs linear in ℓ).\nNot captured: heterogeneous regions, dynamics, "
                "the centre's incentive to bias announcements.",
                fontsize=7, color="0.3")
    figure.suptitle(f"Coordinating expectations: {NUM_REGIONS} regions joining a shared platform\n"
                    f"(join pays θ + ℓ − 1; private noise σ_x = {PRIVATE_SD})")
    return axes


if __name__ == "__main__":
    raise SystemExit(main(NAME))
