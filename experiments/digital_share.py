"""Welfare loss and duplicate construction against the digital share φ of knowledge spillovers.

Spillover weights are w_rr' = (1 - φ)·2^(-d_rr'/h) + φ: at φ = 0 spillovers decay with
distance, at φ = 1 every cluster of an industry learns from every other one equally.  Draws
welfare by regime, the welfare loss of local competition and the clusters built as φ
goes from 0 to 1 on the default calibration.  This additive kernel raises every spillover weight
with φ (the mean weight rises too), so the figure shows more spillover — reach *and* level — not
reach alone; ``digital_coordination`` separates the channels (mean weight held fixed).
"""

from __future__ import annotations

from typing import Any

from coordgame.experiments._common import MODEL_METRIC_COLUMNS, draw_against, main, model_metrics

NAME = "digital_share"
ORDER = 4
DESCRIPTION = "welfare loss and excess entry against the digital share of spillovers phi"

COLUMNS = {
    "phi": ("share in [0, 1]", "digital share φ of spillovers, additive kernel (reach and level together)",
            "assumption (sweep)"),
    **MODEL_METRIC_COLUMNS,
}


def grid(quick: bool) -> dict[str, list]:
    """Digital shares φ in [0, 1]."""
    return {"phi": [0.0, 0.25, 0.5, 0.75, 1.0] if quick else [round(0.05 * i, 2) for i in range(21)]}


def point(phi: float) -> dict[str, Any]:
    """Model metrics with digital share ``phi``."""
    return model_metrics(phi=phi)


def draw(table: Any) -> Any:
    """Three panels against φ."""
    return draw_against(table, "phi", "digital share φ (additive kernel)",
                        "Regional entry game: spillovers carried by digital space (reach and level together; "
                        "see digital_coordination for reach alone)")


if __name__ == "__main__":
    raise SystemExit(main(NAME))
