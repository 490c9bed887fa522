"""
Nash against the planner in the duplicate-construction model
============================================================

The flagship model: 31 regional governments choose which of 8 strategic emerging industries to
build a cluster in. Local competition (a pure Nash equilibrium of the entry game) is compared
with the second-best planner, who chooses the clusters while the market stays Cournot. Each
answer says how it was obtained.
"""

import matplotlib.pyplot as plt
import numpy as np
from coordgame.models.duplicate_construction import Parameters, solve_model

result = solve_model(Parameters())
metrics = result.metrics
print("clusters built: local competition", metrics["entries_nash"], "planner", metrics["entries_second_best"])
print(f"welfare lost under local competition: {metrics['welfare_loss_pct']:.1f} % of the optimum")
print("equilibrium found by", metrics["nash_method"], "| planner's certified gap", metrics["planner_gap"])

# %%
# Clusters per industry under each regime.
table = result.per_industry
y = np.arange(len(table))
fig, ax = plt.subplots(figsize=(7, 3.8))
ax.barh(y + 0.2, table["entries_nash"], height=0.4, label="local competition (Nash)")
ax.barh(y - 0.2, table["entries_second_best"], height=0.4, label="planner (second best)")
ax.set_yticks(y, table["industry"])
ax.invert_yaxis()
ax.set_xlabel("clusters built (number of regions)")
ax.legend(loc="lower right")
ax.set_title("Duplicate construction: too many clusters in every industry")
fig.tight_layout()
