"""Promotion tournaments: effort and welfare loss against the prize and the number of officials,
cooperation against the prize, and the bridge to the flagship's over-entry.

Closed forms from :mod:`coordgame.games.tournament` (each checked as a global equilibrium; the
tests also check them against the continuous solvers); the bridge maps a prize-to-noise ratio
V/s and N competing officials to the flagship's θ = (V/s)(N-1)/N² and solves the flagship there.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from coordgame.experiments._common import main

NAME = "tournaments"
ORDER = 21
DESCRIPTION = "promotion tournaments: effort, welfare loss and cooperation vs prize and officials; bridge to theta"

OFFICIALS = (2, 3, 5, 10)
BRIDGE_OFFICIALS = (5, 31)

COLUMNS: dict[str, tuple[str, str, str]] = {
    "kind": ("label", "'tournament' rows: closed forms at (prize, officials); 'bridge' rows: the flagship at theta",
             "assumption"),
    "prize": ("prize / noise scale", "promotion prize V in units of the noise scale s (tournament rows)", "assumption"),
    "officials": ("count", "officials competing for the promotion, N (tournament rows)", "assumption"),
    "pure_equilibrium": ("bool", "whether the closed-form symmetric effort is a global equilibrium", "closed form check"),
    "effort_nash": ("effort, planner = 1", "symmetric Nash effort V(N-1)/(N^2 s c) of the logit tournament", "closed form"),
    "effort_ratio": ("ratio", "Nash effort over the planner's effort 1/c", "closed form"),
    "welfare_loss_share": ("share of first-best surplus", "(c e* - 1)^2, per official", "closed form"),
    "effort_lazear_rosen_normal": ("effort, planner = 1", "two officials, normal noise, prize spread = prize: "
                                   "ΔW g(0)/c with g(0) = 1/(2 s sqrt(pi))", "Lazear and Rosen (1981)"),
    "help_nash": ("help, no prize = 0.5", "equilibrium help between two rival officials", "closed form"),
    "help_ratio": ("ratio", "equilibrium help over the planner's help a(rho + b)/k", "closed form"),
    "theta": ("flagship payoff weight", "theta = (V/s)(N-1)/N^2 (tournament rows) or the flagship's theta (bridge rows)",
              "calibration bridge"),
    "entries_nash": ("clusters", "flagship: clusters built under local competition at theta", "flagship model"),
    "entries_second_best": ("clusters", "flagship: clusters the second-best planner builds", "flagship model"),
    "excess_entry": ("clusters", "flagship: entries_nash - entries_second_best", "flagship model"),
    "welfare_loss_pct": ("% of second-best welfare", "flagship: loss from local competition at theta", "flagship model"),
}


def grid(quick: bool) -> list[dict[str, Any]]:
    """Prizes × officials for the closed forms; a few θ for the flagship (two when quick)."""
    prizes = np.linspace(0.0, 12.0, 13 if quick else 49)
    thetas = [0.0, 0.3] if quick else [0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0]
    return ([{"kind": "tournament", "prize": round(float(v), 4), "officials": n} for n in OFFICIALS for v in prizes]
            + [{"kind": "bridge", "theta": t} for t in thetas])


def point(kind: str, prize: float | None = None, officials: int | None = None, theta: float | None = None) -> dict[str, Any]:
    """Closed forms at one (prize, officials), or the flagship's entry at one θ."""
    from coordgame.models.tournament import flagship_over_entry, tournament_outcome

    if kind == "bridge":
        return {"theta": theta, **flagship_over_entry(theta)}
    from coordgame.errors import InvalidArgumentError
    from coordgame.games.tournament import lazear_rosen_effort

    try:
        out = tournament_outcome(prize, officials)
        pure = True
    except InvalidArgumentError:  # too little noise for the prize: no symmetric pure equilibrium
        out, pure = {}, False
    try:
        lazear_rosen = lazear_rosen_effort(prize, 1.0, 1.0, "normal") if officials == 2 else math.nan
    except InvalidArgumentError:
        lazear_rosen = math.nan
    help_ratio = out["help_nash"] / out["help_planner"] if out else math.nan
    from coordgame.models.tournament import theta_from_tournament

    return {"pure_equilibrium": pure, "effort_nash": out.get("effort_nash", math.nan),
            "effort_ratio": out.get("effort_ratio", math.nan), "welfare_loss_share": out.get("welfare_loss_share", math.nan),
            "effort_lazear_rosen_normal": lazear_rosen, "help_nash": out.get("help_nash", math.nan), "help_ratio": help_ratio,
            "theta": theta_from_tournament(prize, officials)}


def tidy(table: Any) -> Any:
    """The documented columns, in the order of :data:`COLUMNS`, then the sweep's own."""
    from coordgame.reproduce import SWEEP_COLUMNS

    return table.reindex(columns=list(COLUMNS) + [c for c in SWEEP_COLUMNS if c in table])


def draw(table: Any) -> Any:
    """Effort, welfare loss, cooperation against the prize; the flagship's over-entry against V/s."""
    from coordgame.plot import new_axes

    axes = new_axes(4, width=4.2, height=3.6)
    rows = table[table["kind"] == "tournament"]
    for n in OFFICIALS:
        part = rows[rows["officials"] == n].sort_values("prize")
        axes[0].plot(part["prize"], part["effort_ratio"], label=f"N = {n} (logit)")
        axes[1].plot(part["prize"], 100 * part["welfare_loss_share"], label=f"N = {n}")
    two = rows[rows["officials"] == 2].sort_values("prize")
    axes[0].plot(two["prize"], two["effort_lazear_rosen_normal"], "k--", lw=1, label="N = 2, normal noise")
    axes[0].axhline(1.0, color="0.5", lw=0.8, ls=":")
    axes[0].set(xlabel="prize V / noise scale s", ylabel="Nash effort / planner's effort", title="(a) effort")
    axes[0].legend(fontsize=7)
    axes[1].set(xlabel="prize V / noise scale s", ylabel="welfare loss (% of first-best surplus)",
                title="(b) loss from the tournament")
    axes[1].legend(fontsize=7)
    axes[2].plot(two["prize"], two["help_ratio"], color="tab:red")
    collapse = 4 * 1.0 * 1.0 * 0.5 / (1.0 - 0.5)
    axes[2].axvline(collapse, color="0.5", lw=0.8, ls=":")
    axes[2].text(collapse, 0.25, f" V_c = 4saρ/(b-ρ) = {collapse:g}", fontsize=7)
    axes[2].set(xlabel="prize V / noise scale s", ylabel="equilibrium help / planner's help",
                title="(c) cooperation between rivals", ylim=(0, 0.5))
    bridge = table[table["kind"] == "bridge"].sort_values("theta")
    for n, style in zip(BRIDGE_OFFICIALS, ("o-", "s--")):
        ratio = bridge["theta"] * n ** 2 / (n - 1)
        axes[3].plot(ratio, bridge["excess_entry"], style, label=f"N = {n} officials per promotion")
    default = 0.1 * 31 ** 2 / 30
    axes[3].axvline(default, color="0.5", lw=0.8, ls=":")
    axes[3].text(default, axes[3].get_ylim()[0], " flagship default θ = 0.1\n (N = 31)", fontsize=7, va="bottom")
    axes[3].set(xlabel="prize V / noise scale s", ylabel="excess clusters (Nash - second best)",
                title="(d) bridge: flagship over-entry")
    axes[3].legend(fontsize=7, loc="center right")
    figure = axes[0].figure
    figure.get_layout_engine().set(rect=(0.0, 0.07, 1.0, 0.95))
    figure.suptitle("Promotion tournaments: over-investment, lost cooperation, and the flagship's θ")
    figure.text(0.005, 0.005, "Effort cost c = 1, output 1 per unit of effort (planner's effort 1), Gumbel noise of scale s = 1; "
                "help raises own output ρ = 0.5, the rival's b = 1 (assumptions). Lines stop where the closed form is no global "
                "equilibrium (too little noise).\n(d): θ = (V/s)(N-1)/N² matches the tournament's marginal incentives at a "
                "symmetric point (first order only); flagship solved at default parameters otherwise.", fontsize=7, color="0.35")
    return axes


if __name__ == "__main__":
    raise SystemExit(main(NAME))
