"""
Stag hunt: which equilibrium is selected?
=========================================

The stag hunt has two pure equilibria: (Stag, Stag) pays more, (Hare, Hare) is safer.
Payoff dominance picks the first, risk dominance (Harsanyi–Selten) the second, and so does the
stochastically stable state of logit learning. The logit QRE path shows where boundedly rational
play goes as precision λ grows.
"""

import matplotlib.pyplot as plt

import coordgame as cg
from coordgame import selection

game = cg.games.stag_hunt()
print(game.payoffs[0])
print("payoff dominant:", selection.payoff_dominance(game).dominant.pure_profile)
print("risk dominant:  ", selection.risk_dominance(game).winner)
print("stochastically stable under logit noise:", selection.stochastic_stability(game).stable)

# %%
# The principal branch of logit quantal response equilibria, from uniform play at λ = 0.
path = cg.solvers.logit_path(game)
print("limit:", path.equilibrium)

fig, ax = plt.subplots(figsize=(6, 3.2))
ax.plot(path.lambdas, path.profiles[0][:, 0], marker=".")
ax.set_xscale("symlog", linthresh=1.0)
ax.set_xlabel("logit precision λ")
ax.set_ylabel("probability of Stag")
ax.set_ylim(0, 1)
ax.set_title("The logit path selects the risk-dominant (Hare, Hare)")
fig.tight_layout()
