"""Welfare loss and duplicate construction against the digital share φ of knowledge spillovers.

Spillover weights are w_rr' = (1 - φ)·2^(-d_rr'/h) + φ: at φ = 0 spillovers decay with
distance, at φ = 1 every cluster of an industry learns from every other one equally.  Draws
welfare by regime, the welfare loss of local competition and the clusters built as φ
goes from 0 to 1 on the default calibration.
"""

from __future__ import annotations

from typing import Any

from coordgame.experiments._common import draw_against, main, model_metrics

NAME = "digital_share"
ORDER = 4
DESCRIPTION = "welfare loss and excess entry against the digital share of spillovers phi"


def grid(quick: bool) -> dict[str, list]:
    """Digital shares φ in [0, 1]."""
    return {"phi": [0.0, 0.25, 0.5, 0.75, 1.0] if quick else [round(0.05 * i, 2) for i in range(21)]}


def point(phi: float) -> dict[str, Any]:
    """Model metrics with digital share ``phi``."""
    return model_metrics(phi=phi)


def draw(table: Any) -> Any:
    """Three panels against φ."""
    return draw_against(table, "phi", "digital share of spillovers φ", "Regional entry game: spillovers carried by digital space")


if __name__ == "__main__":
    raise SystemExit(main(NAME))
