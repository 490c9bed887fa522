"""Result types and verification."""

from __future__ import annotations

import json
from fractions import Fraction

import numpy as np
import pytest

import coordgame as cg
from coordgame.errors import VerificationError


def test_verify_rejects_non_equilibrium_and_names_method():
    with pytest.raises(VerificationError, match="method 'test'"):
        cg.verify(cg.games.prisoners_dilemma(), (0, 0), method="test")


def test_verify_exact_strategies():
    g = cg.games.battle_of_the_sexes()
    eq = cg.verify(g, None, method="exact", exact=[[Fraction(3, 5), Fraction(2, 5)], [Fraction(2, 5), Fraction(3, 5)]])
    assert eq.strategies[0].tolist() == [0.6, 0.4]
    assert eq.to_dict()["exact"] == [["3/5", "2/5"], ["2/5", "3/5"]]


def test_equilibrium_properties_and_immutability():
    eq = cg.pure_nash(cg.games.stag_hunt())[0]
    assert eq.is_pure and eq.pure_profile == (0, 0)
    assert [s.tolist() for s in eq.supports] == [[0], [0]]
    with pytest.raises(ValueError):
        eq.strategies[0][0] = 0.5
    with pytest.raises(AttributeError):
        eq.method = "other"
    assert "pure (0, 0)" in repr(eq)


def test_set_serialises_to_json():
    result = cg.pure_nash(cg.games.minimum_effort(num_players=3, efforts=2))
    text = json.dumps(result.to_dict())
    assert json.loads(text)["complete"] is True
    assert len(result) == 2 and result[1].pure_profile == (1, 1, 1)
    assert np.allclose(result.welfare, [2.1, 2.4])
    assert "EquilibriumSet(2 equilibria" in repr(result)
