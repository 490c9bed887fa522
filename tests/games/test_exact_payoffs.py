"""Exact payoffs on a game: given as Fractions, kept through relabelling, used by the exact methods."""

from __future__ import annotations

import json
from fractions import Fraction

import numpy as np
import pytest

import coordgame as cg

THIRD = Fraction(1, 3)


def thirds_game() -> cg.NormalFormGame:
    # the coordination game of tests/io/test_nfg.py: mixed equilibrium ((1/4, 3/4), (3/4, 1/4))
    return cg.NormalFormGame.from_bimatrix([[THIRD, 0], [0, 1]], [[1, 0], [0, THIRD]], title="thirds")


def test_fractions_are_kept_and_floats_are_the_nearest():
    g = thirds_game()
    assert g.exact_payoffs.dtype == object and g.exact_payoffs.shape == g.payoffs.shape
    assert g.exact_payoffs[0].tolist() == [[THIRD, 0], [0, 1]]
    assert g.payoffs[0, 0, 0] == 1 / 3
    assert not g.exact_payoffs.flags.writeable
    same = cg.NormalFormGame(np.stack([g.exact_payoffs[0], g.exact_payoffs[1]]), title="thirds")
    assert same == g


def test_exact_payoffs_the_floats_say_are_not_kept():
    g = cg.NormalFormGame([[Fraction(1, 2), 3, 0.1]])
    assert g.exact_payoffs is None  # 1/2, 3 and 1/10 are the floats' shortest decimals
    assert g == cg.NormalFormGame([[0.5, 3.0, 0.1]])
    assert cg.NormalFormGame([[Fraction(1, 10), 2**60]]).exact_payoffs is not None  # 2**60 is not 1.152921504606847e18


def test_games_differ_by_their_exact_payoffs():
    g = thirds_game()
    floats = cg.NormalFormGame(g.payoffs, title="thirds")
    assert np.array_equal(g.payoffs, floats.payoffs) and g != floats


def test_relabelling_keeps_exact_payoffs_and_new_payoffs_drop_them():
    g = thirds_game()
    swapped = g.permute(players=[1, 0])
    assert swapped.exact_payoffs[0].tolist() == [[1, 0], [0, THIRD]]
    assert swapped.permute(players=[1, 0]) == g
    sub = g.restrict([[0], None])
    assert sub.exact_payoffs.tolist() == [[[THIRD, 0]], [[1, 0]]]
    assert g.restrict([[1], [1]]).exact_payoffs[1, 0, 0] == THIRD
    assert g.restrict([[0], [1]]).exact_payoffs is None  # only zeros left: the floats say them
    assert cg.NormalFormGame(g.payoffs * 2).exact_payoffs is None


def test_exact_methods_use_the_exact_payoffs():
    g = thirds_game()
    mixed = ((Fraction(1, 4), Fraction(3, 4)), (Fraction(3, 4), Fraction(1, 4)))
    assert mixed in [eq.exact for eq in cg.vertex_enumeration(g, exact=True)]
    assert mixed in [eq.exact for eq in cg.solvers.lemke_howson_all(g, exact=True, recursive=True)]
    # the float path agrees to rounding
    floats = [eq.strategies for eq in cg.vertex_enumeration(g)]
    assert any(np.allclose(x, [0.25, 0.75]) and np.allclose(y, [0.75, 0.25]) for x, y in floats)


def test_bad_exact_payoffs_name_the_argument():
    with pytest.raises(cg.errors.InvalidGameError, match="payoffs"):
        cg.NormalFormGame([[THIRD, float("nan")]])
    with pytest.raises(cg.errors.InvalidGameError, match="payoffs"):
        cg.NormalFormGame([[THIRD, Fraction(10**400)]])  # beyond the float range
    with pytest.raises(cg.errors.InvalidGameError, match="payoffs"):
        cg.NormalFormGame([[THIRD, "x"]])
    with pytest.raises(cg.errors.InvalidGameError, match="A, B"):
        cg.NormalFormGame.from_bimatrix([[THIRD, 0]], [[1], [0]])


def test_json_round_trip_keeps_exact_payoffs():
    g = thirds_game()
    record = json.loads(cg.io.game_to_json(g))
    assert record["exact_payoffs"][0] == [["1/3", "0"], ["0", "1"]]
    back = cg.io.game_from_json(cg.io.game_to_json(g))
    assert back == g and back.exact_payoffs.tolist() == g.exact_payoffs.tolist()
    assert "exact_payoffs" not in cg.games.stag_hunt().to_dict()


@pytest.mark.parametrize(
    ("exact", "message"),
    [
        ([["1/3", "1"]], "shape"),
        ([[["1/3", "x"]], [["1", "0"]]], "not a rational"),
        ([[["1/3", 0.5]], [["1", "0"]]], "strings"),
        ([[["1/3", "1/0"]], [["1", "0"]]], "not a rational"),
        ([[["1/4", "0"]], [["1", "0"]]], "not the float nearest"),
    ],
)
def test_json_exact_payoffs_are_checked(exact, message):
    record = {"payoffs": [[[1 / 3, 0.0]], [[1.0, 0.0]]], "exact_payoffs": exact}
    with pytest.raises(cg.errors.InvalidGameError, match=message):
        cg.io.game_from_dict(record)
