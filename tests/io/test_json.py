"""JSON for games (exact round trips) and for results (plain, serialisable records)."""

from __future__ import annotations

import json
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coordgame as cg
from coordgame.io import game_from_dict, game_from_json, game_to_json, to_json

_finite = st.floats(allow_nan=False, allow_infinity=False)


@st.composite
def games(draw):
    num_players = draw(st.integers(1, 4))
    shape = tuple(draw(st.lists(st.integers(1, 4), min_size=num_players, max_size=num_players)))
    values = draw(st.lists(_finite, min_size=num_players * math.prod(shape), max_size=num_players * math.prod(shape)))
    players = draw(st.lists(st.text(max_size=5), min_size=num_players, max_size=num_players, unique=True))
    return cg.NormalFormGame(np.array(values).reshape(num_players, *shape), players, title=draw(st.text(max_size=8)))


@settings(max_examples=100, deadline=None)
@given(games())
def test_game_json_round_trip_is_exact(game):
    back = game_from_json(game_to_json(game, indent=1))
    assert back == game and back.title == game.title
    assert np.array_equal(back.payoffs, game.payoffs)


def test_game_json_is_the_to_dict_record():
    game = cg.games.stag_hunt()
    assert json.loads(game_to_json(game)) == game.to_dict()
    assert json.loads(to_json(game)) == game.to_dict()
    assert game_from_dict(game.to_dict()) == game


def test_equilibrium_set_records_are_json_serialisable():
    game = cg.games.battle_of_the_sexes()
    result = cg.pure_nash(game)
    record = json.loads(json.dumps(result.to_dict()))  # plain json, no helper needed
    assert [eq["strategies"] for eq in record["equilibria"]] == [[[1.0, 0.0], [1.0, 0.0]], [[0.0, 1.0], [0.0, 1.0]]]
    assert record["complete"] is True
    mixed = cg.verify(game, [[0.6, 0.4], [0.4, 0.6]], method="by hand",
                      exact=[[Fraction(3, 5), Fraction(2, 5)], [Fraction(2, 5), Fraction(3, 5)]])
    many = cg.EquilibriumSet([mixed], game, "by hand", complete=False, parameters={"tol": 1e-9})
    record = json.loads(json.dumps(many.to_dict()))
    assert record["equilibria"][0]["exact"] == [["3/5", "2/5"], ["2/5", "3/5"]]
    assert record["equilibria"][0]["payoffs"] == pytest.approx([1.2, 1.2])
    assert json.loads(to_json(mixed))["method"] == "by hand"


def test_to_json_converts_numpy_values():
    record = {"n": np.int64(3), "x": np.float64(0.5), "v": np.arange(3), "f": Fraction(1, 3), "s": {2, 1}}
    assert json.loads(to_json(record)) == {"n": 3, "x": 0.5, "v": [0, 1, 2], "f": "1/3", "s": [1, 2]}
    with pytest.raises(cg.errors.InvalidArgumentError, match="JSON"):
        to_json({"bad": object()})
    with pytest.raises(cg.errors.InvalidArgumentError, match="JSON"):
        to_json({"nan": float("nan")})


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ('{"payoffs": [[[1, 2]]\n', "not valid JSON", 2),
        ('{\n"payoffs": [[[1, 2]], [[1]]]}', "not a game", None),
        ('{"title": "x"}', "missing the 'payoffs'", None),
        ('{"payoffs": [[1]], "colour": 1}', "unknown key", None),
        ('{"payoffs": [[NaN]]}', "finite", None),
        ("[1, 2]", "mapping", None),
    ],
)
def test_bad_json_raises_file_format_error(text, message, line):
    with pytest.raises(cg.errors.FileFormatError, match=message) as info:
        game_from_json(text)
    assert info.value.line == line


def test_wrong_argument_types():
    with pytest.raises(cg.errors.InvalidArgumentError, match="game"):
        game_to_json({"payoffs": [[1]]})
    with pytest.raises(cg.errors.InvalidArgumentError, match="text"):
        game_from_json({"payoffs": [[1]]})
    with pytest.raises(cg.errors.InvalidGameError, match="record"):
        game_from_dict([1])
