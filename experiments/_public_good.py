"""Panel (d) of platform_adoption: funding a shared generic technology (a public good) under four regimes.

31 regions with log benefits :math:`a_i \\ln(1 + G)`, valuations spread evenly over [1, 3]
(an assumption: a unit-free illustration), and a marginal cost of public funds λ = 0.2 (an
assumption inside the range of estimates surveyed by Dahlby 2008, *The Marginal Cost of Public
Funds*).  See :mod:`coordgame.games.public_good`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

VALUATIONS = np.linspace(1.0, 3.0, 31)
COST_OF_PUBLIC_FUNDS = 0.2
LABELS = {"nash": "voluntary\n(Nash)", "matching": "matching\ngrant", "central": "central\nbudget",
          "samuelson": "Samuelson\noptimum"}


def public_good_row(regime: str) -> dict[str, Any]:
    """Provision and welfare of one regime."""
    from coordgame.games.public_good import ContributionGame, public_good_outcomes

    outcome = public_good_outcomes(ContributionGame(VALUATIONS, cost_of_public_funds=COST_OF_PUBLIC_FUNDS))[regime]
    return {"num_regions_pg": VALUATIONS.size, "provision": outcome.provision, "pg_welfare": outcome.welfare}


def draw_public_good(data: Any, ax: Any) -> None:
    """Bars: provision and welfare per regime."""
    order = [r for r in LABELS if r in set(data["scenario"])]
    rows = data.set_index("scenario").loc[order]
    x = np.arange(len(order))
    ax.bar(x - 0.2, rows["provision"], width=0.4, color="C4", label="provision G")
    ax.bar(x + 0.2, rows["pg_welfare"], width=0.4, color="C5", label="welfare W")
    ax.set_xticks(x, [LABELS[r] for r in order], fontsize=7)
    ax.set_ylabel("money units (assumption)")
    ax.set_title(f"(d) shared generic technology, {VALUATIONS.size} regions\n(cost of public funds λ = {COST_OF_PUBLIC_FUNDS})")
    ax.legend(fontsize=7, frameon=False)
