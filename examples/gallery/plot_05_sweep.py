"""
A parameter sweep with a plot
=============================

How does the welfare loss of local competition depend on officials' weight λ on local output?
:func:`coordgame.sweep.sweep` runs the model over a grid and returns one table;
:func:`coordgame.plot.line_plot` draws it. The sweep runs here in this process on a 12-region
version of the model to keep the example fast; ``backend="processes"`` and ``store=`` make the
same call parallel and resumable.
"""

import dataclasses

import matplotlib.pyplot as plt
from coordgame.models.duplicate_construction import Parameters, solve_model

import coordgame.plot as cplot
from coordgame.sweep import sweep


def welfare_loss(lam: float) -> dict:
    """Welfare loss (% of the second-best optimum) and clusters built, at officials' weight lam."""
    params = dataclasses.replace(Parameters(num_regions=12), lam=lam)
    m = solve_model(params).metrics
    return {"loss_pct": m["welfare_loss_pct"], "entries_nash": m["entries_nash"],
            "entries_planner": m["entries_second_best"]}


table = sweep(welfare_loss, {"lam": [0.0, 0.2, 0.4, 0.6, 0.8]}, progress=False)
print(table[["lam", "loss_pct", "entries_nash", "entries_planner", "error"]].round(2).to_string(index=False))

# %%
fig, ax = plt.subplots(figsize=(6, 3.4))
cplot.line_plot(table, "lam", ["entries_nash", "entries_planner"],
                labels={"entries_nash": "local competition", "entries_planner": "planner (second best)"},
                xlabel="λ, weight of local output in officials' payoffs",
                ylabel="clusters built", title="12 regions x 8 industries", ax=ax)
fig.tight_layout()
