"""Welfare loss and duplicate construction against the number of regions R.

The first R regions of the default calibration play the entry game; everything else is at
its default.  Draws welfare by regime, the welfare loss of local competition and the
clusters built (Nash against the second-best planner) as R grows.
"""

from __future__ import annotations

from typing import Any

from coordgame.experiments._common import draw_against, main, model_metrics

NAME = "num_regions"
ORDER = 3
DESCRIPTION = "welfare loss and excess entry against the number of regions"


def grid(quick: bool) -> dict[str, list]:
    """Numbers of regions: six in the quick run, every one of 2..31 otherwise."""
    return {"num_regions": [3, 6, 10, 16, 24, 31] if quick else list(range(2, 32))}


def point(num_regions: int) -> dict[str, Any]:
    """Model metrics with ``num_regions`` regions."""
    return model_metrics(num_regions=num_regions)


def draw(table: Any) -> Any:
    """Three panels against R."""
    return draw_against(table, "num_regions", "number of regions R (first R by region code)",
                        "Regional entry game: effect of the number of regions")


if __name__ == "__main__":
    raise SystemExit(main(NAME))
