"""
Converting to and from nashpy and QuantEcon
===========================================

coordgame's converters keep the payoff at every profile identical, so a game can be built in one
library and solved in another. Here the battle of the sexes goes to nashpy and back, and a
three-player game goes to QuantEcon (whose payoff arrays start with each player's own action) and
back. QuantEcon comes with the ``peers`` extra.
"""

import coordgame as cg

bos = cg.games.battle_of_the_sexes()
nashpy_game = cg.io.to_nashpy(bos)
print(nashpy_game)
print("nashpy's equilibria:", [tuple(s.round(3).tolist() for s in eq) for eq in nashpy_game.support_enumeration()])
print("coordgame's:        ", [tuple(s.round(3).tolist() for s in eq.strategies) for eq in cg.nash(bos)])
assert cg.io.from_nashpy(nashpy_game).payoffs.tolist() == bos.payoffs.tolist()

# %%
# A three-player game to QuantEcon and back.
volunteers = cg.games.volunteers_dilemma(3, benefit=1.0, cost=0.25)
qe_game = cg.io.to_quantecon(volunteers)
print(qe_game)
print("QuantEcon's pure equilibria:", sorted(map(tuple, __import__("quantecon").game_theory.pure_nash_brute(qe_game))))
print("coordgame's:                ", cg.pure_nash(volunteers).pure_profiles())
assert cg.io.from_quantecon(qe_game).payoffs.tolist() == volunteers.payoffs.tolist()
