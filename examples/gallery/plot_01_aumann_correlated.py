"""
Aumann's correlated equilibrium
===============================

Aumann (1974) showed that a mediator who privately recommends actions can do better than any
Nash equilibrium. In chicken — read here as two regions deciding whether to build the same
industry — a lottery over (Build, Wait), (Wait, Build) and (Wait, Wait) that tells each region
only its own part is obeyed by both, and raises welfare above every Nash equilibrium.
"""

import matplotlib.pyplot as plt

import coordgame as cg

game = cg.NormalFormGame(cg.games.chicken().payoffs, player_names=["North", "South"],
                         action_names=[["Build", "Wait"]] * 2, title="Chicken (Aumann 1974)")

# %%
# Every Nash equilibrium, and the best correlated equilibrium (a linear program, re-checked
# against every incentive constraint).
equilibria = cg.nash(game)
for eq in equilibria:
    print(eq.strategies[0].round(3), eq.strategies[1].round(3), "welfare", round(eq.welfare, 3))

best = cg.correlated_equilibrium(game)
print(best)
for profile, probability in best.support():
    print([game.action_names[i][a] for i, a in enumerate(profile)], round(probability, 3))

# %%
# The welfare each solution concept reaches, against the planner's optimum.
welfare_range = cg.solvers.correlated_welfare_range(game)
worst, best_value = welfare_range.low, welfare_range.high
labels = ["Nash (pure)", "Nash (mixed)", "worst CE", "best CE", "optimum"]
values = [max(eq.welfare for eq in equilibria if eq.is_pure),
          max(eq.welfare for eq in equilibria if not eq.is_pure),
          worst, best_value, cg.social_optimum(game).welfare]
fig, ax = plt.subplots(figsize=(6, 3.2))
ax.barh(labels, values, color=["#4477aa"] * 2 + ["#cc6677"] * 2 + ["#228833"])
for y, v in enumerate(values):
    ax.text(v + 0.1, y, f"{v:.2f}", va="center")
ax.set_xlabel("utilitarian welfare (sum of payoffs)")
ax.set_xlim(0, 14)
ax.set_title("A mediator's recommendation beats every Nash equilibrium")
fig.tight_layout()
