"""Welfare loss and excess entry against the officials' motives λ (local output) and θ (promotion tournament).

A 2-D sweep over λ, the weight regional officials put on local output value, and θ, the
intensity of the tournament that judges them on output relative to other regions.  Two
heatmaps: the welfare loss of local competition (% of the planner's welfare) and the excess
entry (clusters built under local competition minus the second-best number).
"""

from __future__ import annotations

from typing import Any

from coordgame.experiments._common import MODEL_METRIC_COLUMNS, main, method_note, model_metrics

NAME = "lambda_theta"
ORDER = 2
DESCRIPTION = "welfare loss and excess entry against lambda (local-output weight) and theta (tournament intensity)"

COLUMNS = {
    "lam": ("weight", "λ: weight of local output value in an official's payoff", "assumption (sweep)"),
    "theta": ("weight", "θ: promotion-tournament intensity on relative output", "assumption (sweep)"),
    **MODEL_METRIC_COLUMNS,
}


def grid(quick: bool) -> dict[str, list]:
    """λ in [0, 1] and θ in [0, 0.5]: 4 x 4 in the quick run, 11 x 11 otherwise."""
    if quick:
        return {"lam": [0.0, 0.3, 0.6, 1.0], "theta": [0.0, 0.1, 0.3, 0.5]}
    return {"lam": [round(0.1 * i, 2) for i in range(11)], "theta": [round(0.05 * i, 2) for i in range(11)]}


def point(lam: float, theta: float) -> dict[str, Any]:
    """Model metrics at (``lam``, ``theta``)."""
    return model_metrics(lam=lam, theta=theta)


def draw(table: Any) -> Any:
    """Two heatmaps over (λ, θ)."""
    from coordgame.plot import heatmap, new_axes

    axes = new_axes(2, width=5.2, height=4.2)
    heatmap(table, "lam", "theta", "welfare_loss_pct", xlabel="weight on local output λ", ylabel="tournament intensity θ",
            value_label="welfare loss of local competition (% of second best)", title="(a) welfare loss", cmap="magma",
            ax=axes[0])
    heatmap(table, "lam", "theta", "excess_entry", xlabel="weight on local output λ", ylabel="tournament intensity θ",
            value_label="excess entry (clusters, Nash − second best)", title="(b) excess entry", cmap="RdBu_r", center=0.0,
            ax=axes[1])
    axes[0].figure.suptitle("Regional entry game: officials' motives and duplicate construction")
    method_note(axes[0].figure, table)
    return axes


if __name__ == "__main__":
    raise SystemExit(main(NAME))
