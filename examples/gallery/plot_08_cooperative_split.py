"""
A cooperative split: the Shapley value, the core and the nucleolus of a joint project
=====================================================================================

Three regions can build a shared facility (a joint research centre, a pipeline); the value
created depends on who joins. :mod:`coordgame.coop` splits the value of the grand coalition
three ways: the Shapley value (each region's average marginal contribution over all orders of
joining), the nucleolus (the split that makes the most dissatisfied coalition as well off as
possible) and a check of whether a split is in the core (no coalition can do better on its own).
"""

import matplotlib.pyplot as plt
import numpy as np

from coordgame import coop

regions = ["North", "East", "West"]
# v(S) by bitmask (region i is bit i): the value a coalition creates on its own
# (an assumption for illustration, in 10^8 yuan).
values = np.zeros(8)
values[0b001], values[0b011], values[0b101], values[0b110], values[0b111] = 10, 40, 30, 20, 60
game = coop.TUGame(values, names=regions)

shapley = coop.shapley_value(game)
nucleolus = coop.nucleolus(game)
print("Shapley:", dict(zip(regions, shapley.value.round(3).tolist())))
print("nucleolus:", dict(zip(regions, nucleolus.allocation.round(3).tolist())))
check = coop.core_check(game, shapley.value)
print("Shapley value in the core:", check.in_core, "| largest excess:", round(check.max_excess, 6))

# %%
fig, ax = plt.subplots(figsize=(5.5, 3))
x = np.arange(len(regions))
ax.bar(x - 0.2, shapley.value, width=0.4, label="Shapley value", color="#4477aa")
ax.bar(x + 0.2, nucleolus.allocation, width=0.4, label="nucleolus", color="#ee6677")
ax.set_xticks(x, regions)
ax.set_ylabel("share of the value (10⁸ yuan)")
ax.set_title("Splitting a joint project's value of 60")
ax.legend(frameon=False)
fig.tight_layout()
