"""Game representations, classic games and random games."""

from coordgame.games.action_sets import Box, ConvexSet, Simplex
from coordgame.games.classic import (
    CLASSIC_GAMES,
    battle_of_the_sexes,
    chicken,
    matching_pennies,
    minimum_effort,
    prisoners_dilemma,
    public_goods,
    stag_hunt,
    volunteers_dilemma,
)
from coordgame.games.continuous import ContinuousGame
from coordgame.games.continuous_examples import (
    cournot,
    cournot_equilibrium,
    public_good_game,
    team_effort,
    tullock_contest,
)
from coordgame.games.dominance import dominated_actions, iterated_elimination
from coordgame.games.normal_form import NormalFormGame, as_game
from coordgame.games.random import covariance_game, random_game
from coordgame.games.structured import StructuredGame, binary_portfolios

__all__ = [
    "NormalFormGame",
    "as_game",
    "StructuredGame",
    "binary_portfolios",
    "ContinuousGame",
    "Box",
    "Simplex",
    "ConvexSet",
    "cournot",
    "cournot_equilibrium",
    "public_good_game",
    "tullock_contest",
    "team_effort",
    "CLASSIC_GAMES",
    "battle_of_the_sexes",
    "chicken",
    "matching_pennies",
    "minimum_effort",
    "prisoners_dilemma",
    "public_goods",
    "stag_hunt",
    "volunteers_dilemma",
    "covariance_game",
    "random_game",
    "dominated_actions",
    "iterated_elimination",
]
