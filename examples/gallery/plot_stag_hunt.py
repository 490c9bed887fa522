"""
Stag hunt
=========

Test.
"""
import coordgame as cg

print(cg.nash(cg.games.stag_hunt()).to_frame())
