"""
A cooperative split: the Shapley value of a joint project
=========================================================

Three regions can build a shared facility (a joint research centre, a pipeline); the value
created depends on who joins. The Shapley value splits the value of the grand coalition by each
region's average marginal contribution over all orders of joining. This example computes it by
hand with numpy from the characteristic function, and checks efficiency and that the split is in
the core (no coalition can do better on its own).
"""

import itertools
import math

import matplotlib.pyplot as plt
import numpy as np

regions = ["North", "East", "West"]
# v(S): value a coalition creates on its own (an assumption for illustration, in 10^8 yuan).
value = {(): 0.0, (0,): 10.0, (1,): 0.0, (2,): 0.0,
         (0, 1): 40.0, (0, 2): 30.0, (1, 2): 20.0, (0, 1, 2): 60.0}


def v(members) -> float:
    return value[tuple(sorted(members))]


n = len(regions)
shapley = np.zeros(n)
for order in itertools.permutations(range(n)):
    joined = []
    for player in order:
        shapley[player] += v([*joined, player]) - v(joined)
        joined.append(player)
shapley /= math.factorial(n)
print({region: round(float(s), 3) for region, s in zip(regions, shapley)})
assert math.isclose(shapley.sum(), v(range(n)))          # efficiency: the whole value is split
in_core = all(shapley[list(S)].sum() >= v(S) - 1e-12
              for size in range(1, n) for S in itertools.combinations(range(n), size))
print("in the core:", in_core)

# %%
fig, ax = plt.subplots(figsize=(5, 3))
ax.bar(regions, shapley, color="#4477aa")
for x, s in enumerate(shapley):
    ax.text(x, s + 0.5, f"{s:.2f}", ha="center")
ax.set_ylabel("Shapley value (10⁸ yuan)")
ax.set_title("Splitting a joint project's value of 60")
fig.tight_layout()
