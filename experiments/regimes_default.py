"""Regimes compared on the default calibration (31 regions x 8 industries).

Placeholder until the model's regime outputs are settled.
"""

from __future__ import annotations

from typing import Any

from experiments._common import main, model_metrics

NAME = "regimes_default"
DESCRIPTION = "welfare under each regime and clusters per industry on the default calibration"


def grid(quick: bool) -> list[dict]:
    return [{"lam": 0.5}]


def point(lam: float) -> dict[str, Any]:
    return model_metrics(lam=lam)


def draw(table: Any) -> Any:
    raise NotImplementedError


if __name__ == "__main__":
    raise SystemExit(main(NAME))
