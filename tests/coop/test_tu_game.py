"""TUGame: bitmask indexing, validation, callables with caching, convexity."""

from __future__ import annotations

import numpy as np
import pytest

from coordgame.coop import TUGame, examples
from coordgame.coop.values import shapley_value
from coordgame.errors import InvalidArgumentError, InvalidGameError, NotAGameError


def test_bitmask_indexing_and_names():
    g = TUGame(np.arange(8, dtype=float), names=["a", "b", "c"])
    assert g.value({"a", "c"}) == 5.0 and g.value([0, 2]) == 5.0 and g.value(5) == 5.0
    assert g.members(6) == (1, 2) and g.member_names(6) == ("b", "c")
    assert g.grand_coalition == 7 and g.grand_value == 7.0


@pytest.mark.parametrize(("values", "match"), [
    ([0, 1, 2], "length 2"), ([[0, 1], [1, 2]], "1-D"), ([0, np.nan], "finite"), ([2, 1], "empty"),
    ("abc", "values"), (None, "values"), ([0, "x"], "numbers"),
])
def test_bad_values(values, match):
    with pytest.raises(InvalidGameError, match=match):
        TUGame(values)


def test_bad_names_and_coalitions():
    with pytest.raises(InvalidArgumentError, match="names"):
        TUGame([0, 1, 1, 2], names=["a", "a"])
    g = TUGame([0, 1, 1, 2], names=["a", "b"])
    for bad in (4, "a", {"z"}, [5], -1):
        with pytest.raises(InvalidArgumentError, match="coalition"):
            g.value(bad)


def test_callable_game_caches_and_checks():
    calls = []

    def v(s):
        calls.append(s)
        return float(len(s))

    g = TUGame.from_function(v, 4)
    assert g.value({0, 1}) == 2.0 and g.value(3) == 2.0
    assert len(calls) == 2  # v(empty) at construction, then {0, 1} once
    assert TUGame.from_function(lambda m: bin(m).count("1"), 3, coalition="mask").value(7) == 3.0
    with pytest.raises(InvalidGameError, match="empty"):
        TUGame.from_function(lambda s: 1.0, 3)
    with pytest.raises(InvalidGameError, match="finite"):
        TUGame.from_function(lambda s: float("inf") if s else 0.0, 3).value(1)
    with pytest.raises(InvalidArgumentError, match="function"):
        TUGame.from_function("v", 3)
    with pytest.raises(InvalidArgumentError, match="num_players"):
        TUGame.from_function(len, 0)
    with pytest.raises(InvalidArgumentError, match="too many"):
        _ = TUGame.from_function(len, 26).values


def test_convexity_and_superadditivity():
    assert examples.bankruptcy_game(200, [100, 200, 300]).is_convex()
    assert not examples.majority_game(3).is_convex() and examples.majority_game(3).is_superadditive()
    assert not examples.airport_game([1.0, 2.0]).is_superadditive()  # a cost game is subadditive


def test_solvers_refuse_what_is_not_a_game():
    with pytest.raises(NotAGameError, match="game"):
        shapley_value("glove")
    with pytest.raises(InvalidGameError, match="game"):
        shapley_value([0, 1, 2])
    np.testing.assert_allclose(shapley_value([0, 1, 1, 3]).value, [1.5, 1.5])
