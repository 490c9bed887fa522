"""
Importing a Gambit ``.nfg`` file
================================

:func:`coordgame.read_nfg` reads Gambit strategic-form files (both the payoff and the outcome
version), keeping exact rational payoffs, names and the title. Here the degenerate 3×2 game of
von Stengel (2007), whose equilibria are a segment plus an isolated point, shipped in
``examples/games/``; vertex enumeration in exact arithmetic finds the extreme equilibria and
groups them into components.
"""

from pathlib import Path

import coordgame as cg

try:
    here = Path(__file__).resolve().parent
except NameError:  # run interactively
    here = Path.cwd()
path = here.parent / "games" / "von_stengel_degenerate.nfg"
print(path.read_text())

# %%
game = cg.read_nfg(path)
print(game)
equilibria = cg.vertex_enumeration(game, exact=True, components=True)
for index, eq in enumerate(equilibria):
    print(index, [[str(p) for p in s] for s in eq.exact], "payoffs", eq.payoffs.round(4))
print("components:", equilibria.components)
print(equilibria.to_frame()[["component", "regret"]])

# %%
# Writing it back gives the same game, exactly.
text = cg.write_nfg(game)
assert cg.read_nfg(text) == game
print(text)
