"""
Price of anarchy of a congestion game
=====================================

Pigou's example with N drivers (or N regions routing freight): route A costs k/N per user when
k users take it, route B always costs 1. Every user prefers A as long as k/N ≤ 1, so in
equilibrium everybody takes A (total cost N), while the planner splits them half and half
(total cost 3N/4 for even N). The price of anarchy — worst equilibrium cost over optimal cost —
is 4/3 for even N (slightly less for odd N, where the planner cannot split evenly), Pigou's
bound for affine costs.

Payoffs are minus costs, so welfare is negative and coordgame's welfare *ratio* is undefined
(it says so); the cost ratio is computed from the equilibria and the optimum directly.
"""

import itertools

import matplotlib.pyplot as plt
import numpy as np

import coordgame as cg


def pigou(num_players: int) -> cg.NormalFormGame:
    """Action 0: route A (cost k/N with k users), action 1: route B (cost 1)."""
    payoffs = np.zeros((num_players,) + (2,) * num_players)
    for profile in itertools.product((0, 1), repeat=num_players):
        on_a = profile.count(0)
        for i, route in enumerate(profile):
            payoffs[(i, *profile)] = -(on_a / num_players) if route == 0 else -1.0
    return cg.NormalFormGame(payoffs, title=f"Pigou, {num_players} users")


game = pigou(4)
print(cg.metrics.price_of_anarchy(game).reason)

# %%
# Pure equilibria exist (it is a potential game); compare their worst cost with the optimum.
rows = []
for n in range(2, 9):
    game = pigou(n)
    worst_cost = max(-eq.welfare for eq in cg.pure_nash(game))
    optimal_cost = -cg.social_optimum(game).welfare
    rows.append((n, worst_cost, optimal_cost, worst_cost / optimal_cost))
    print(f"N={n}: equilibrium cost {worst_cost:.3f}, optimal cost {optimal_cost:.3f}, PoA {worst_cost / optimal_cost:.3f}")

fig, ax = plt.subplots(figsize=(6, 3.2))
ax.plot([r[0] for r in rows], [r[3] for r in rows], marker="o", label="atomic game")
ax.axhline(4 / 3, color="grey", linestyle="--", label="4/3 (Pigou, nonatomic)")
ax.set_xlabel("number of users N")
ax.set_ylabel("price of anarchy (cost ratio)")
ax.legend()
ax.set_title("Selfish routing costs a third more than the planner's split")
fig.tight_layout()
