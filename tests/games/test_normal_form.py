"""NormalFormGame: construction, validation, payoffs, regrets, derived games."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coordgame as cg
from coordgame.errors import InvalidArgumentError, InvalidGameError, InvalidProfileError


def expected_payoffs_brute(game, mixed):
    total = np.zeros(game.num_players)
    for profile in itertools.product(*[range(n) for n in game.num_actions]):
        weight = np.prod([mixed[i][a] for i, a in enumerate(profile)])
        total += weight * game.payoffs[(slice(None), *profile)]
    return total


class TestValidation:
    def test_nan_payoff_named(self):
        payoffs = np.zeros((2, 2, 2))
        payoffs[1, 0, 1] = np.nan
        with pytest.raises(InvalidGameError, match=r"payoffs: .*finite.*\(1, 0, 1\)"):
            cg.NormalFormGame(payoffs)

    def test_inf_payoff(self):
        with pytest.raises(InvalidGameError, match="finite"):
            cg.NormalFormGame.from_bimatrix([[1, np.inf]], [[0, 0]])

    def test_wrong_leading_axis(self):
        with pytest.raises(InvalidGameError, match="first axis must have length 2"):
            cg.NormalFormGame(np.zeros((3, 2, 2)))

    def test_too_few_dimensions(self):
        with pytest.raises(InvalidGameError, match="shape"):
            cg.NormalFormGame([1.0, 2.0])

    def test_empty_action_set(self):
        with pytest.raises(InvalidGameError, match="empty action set"):
            cg.NormalFormGame(np.zeros((2, 0, 3)))

    def test_non_numeric(self):
        with pytest.raises(InvalidGameError, match="numeric"):
            cg.NormalFormGame([["a", "b"], ["c", "d"]])

    def test_bimatrix_shape_mismatch(self):
        with pytest.raises(InvalidGameError, match="shapes differ"):
            cg.NormalFormGame.from_bimatrix(np.zeros((2, 2)), np.zeros((2, 3)))

    def test_names_checked(self):
        with pytest.raises(InvalidGameError, match="player_names"):
            cg.NormalFormGame(np.zeros((2, 2, 2)), player_names=["a"])
        with pytest.raises(InvalidGameError, match="distinct"):
            cg.NormalFormGame(np.zeros((2, 2, 2)), action_names=[["x", "x"], ["y", "z"]])

    def test_errors_are_builtin_value_errors(self):
        with pytest.raises(ValueError):
            cg.NormalFormGame(np.zeros((3, 2, 2)))

    def test_payoffs_read_only(self):
        g = cg.games.stag_hunt()
        with pytest.raises(ValueError):
            g.payoffs[0, 0, 0] = 1.0

    def test_bad_profiles(self):
        g = cg.games.stag_hunt()
        with pytest.raises(InvalidProfileError, match="expected 2"):
            g.payoff((0,))
        with pytest.raises(InvalidProfileError, match=r"profile\[1\]"):
            g.payoff((0, 2))
        with pytest.raises(InvalidProfileError, match="summing to 1"):
            g.expected_payoffs(([0.5, 0.6], [1, 0]))
        with pytest.raises(InvalidProfileError, match="non-negative"):
            g.expected_payoffs(([1.5, -0.5], [1, 0]))
        with pytest.raises(InvalidProfileError, match="2 probabilities"):
            g.expected_payoffs(([1.0], [1, 0]))
        with pytest.raises(InvalidArgumentError, match="player"):
            g.action_values((0, 0), player=5)


class TestPayoffs:
    @settings(max_examples=40, deadline=None)
    @given(st.lists(st.integers(1, 3), min_size=1, max_size=4), st.integers(0, 2**32 - 1))
    def test_expected_payoffs_match_brute_force(self, shape, seed):
        game = cg.games.random_game(shape, seed=seed)
        rng = np.random.default_rng(seed)
        mixed = [rng.dirichlet(np.ones(n)) for n in shape]
        assert np.allclose(game.expected_payoffs(mixed), expected_payoffs_brute(game, mixed))

    @settings(max_examples=40, deadline=None)
    @given(st.lists(st.integers(1, 3), min_size=2, max_size=4), st.integers(0, 2**32 - 1))
    def test_action_values_against_pure_deviations(self, shape, seed):
        game = cg.games.random_game(shape, seed=seed)
        rng = np.random.default_rng(seed)
        mixed = [rng.dirichlet(np.ones(n)) for n in shape]
        mixed[1] = np.eye(shape[1])[0]  # one opponent pure: exercises the indexing fast path
        for i in range(len(shape)):
            values = game.action_values(mixed, i)
            for k in range(shape[i]):
                deviated = list(mixed)
                deviated[i] = np.eye(shape[i])[k]
                assert values[k] == pytest.approx(expected_payoffs_brute(game, deviated)[i])

    def test_regret_zero_exactly_at_equilibrium(self):
        g = cg.games.battle_of_the_sexes()
        assert g.max_regret(([0.6, 0.4], [0.4, 0.6])) == pytest.approx(0.0, abs=1e-15)
        assert g.regrets((0, 1)).tolist() == [2.0, 2.0]
        assert g.is_nash((1, 1)) and not g.is_nash((0, 1))

    def test_best_responses_with_tie(self):
        g = cg.games.stag_hunt()
        # against Stag with probability 2/3 the row player is indifferent
        assert g.best_responses([0, [2 / 3, 1 / 3]], 0).tolist() == [0, 1]
        assert g.best_responses([0, [1, 0]], "Row").tolist() == [0]


class TestConstructors:
    def test_from_function_vectorised_equals_loop(self):
        def cournot(a, b):
            return a * (6 - a - b) - a, b * (6 - a - b) - b

        loop = cg.NormalFormGame.from_function((4, 3), cournot)
        vectorised = cg.NormalFormGame.from_function((4, 3), cournot, vectorized=True)
        assert loop == vectorised
        assert loop.payoff((2, 1)).tolist() == [4.0, 2.0]

    def test_from_bimatrix_zero_sum_default(self):
        g = cg.NormalFormGame.from_bimatrix([[1, 2], [3, 4]])
        assert np.array_equal(g.payoffs[0], -g.payoffs[1])

    def test_defaults_and_repr(self):
        g = cg.NormalFormGame(np.zeros((3, 2, 2, 2)))
        assert g.player_names == ("Player 1", "Player 2", "Player 3")
        assert g.action_names[2] == ("0", "1")
        assert g.num_profiles == 8
        assert "3 players" in repr(g)

    def test_payoff_range(self):
        # the unit of relative tolerances: max - min over all players (was payoff_scale, max(1, max |u|))
        assert cg.NormalFormGame.from_bimatrix([[-7, 0]], [[0.5, 0]]).payoff_range == 7.5
        assert cg.NormalFormGame.from_bimatrix([[0.1]], [[0.2]]).payoff_range == pytest.approx(0.1, rel=1e-12)
        # constant games: the payoffs' magnitude, or 1 when all are zero
        assert cg.NormalFormGame.from_bimatrix([[-3.0]], [[-3.0]]).payoff_range == 3.0
        assert cg.NormalFormGame.from_bimatrix([[0.0]], [[0.0]]).payoff_range == 1.0


class TestDerivedGames:
    def test_restrict_keeps_names_and_payoffs(self):
        g = cg.games.minimum_effort(num_players=3, efforts=4)
        sub = g.restrict([[1, 3], None, [0]])
        assert sub.num_actions == (2, 4, 1)
        assert sub.action_names[0] == ("2", "4")
        assert np.array_equal(sub.payoffs[:, 1, 2, 0], g.payoffs[:, 3, 2, 0])

    def test_restrict_rejects_bad_subsets(self):
        g = cg.games.stag_hunt()
        with pytest.raises(InvalidArgumentError, match="at least one"):
            g.restrict([[], None])
        with pytest.raises(InvalidArgumentError, match="distinct"):
            g.restrict([[0, 0], None])

    def test_permute_players_three(self):
        g = cg.games.random_game((2, 3, 4), seed=3)
        h = g.permute(players=[2, 0, 1])
        assert h.num_actions == (4, 2, 3)
        for a in itertools.product(range(2), range(3), range(4)):
            new = (a[2], a[0], a[1])
            assert np.array_equal(h.payoffs[(slice(None), *new)], g.payoffs[(slice(None), *a)][[2, 0, 1]])

    def test_permute_actions(self):
        g = cg.games.stag_hunt()
        h = g.permute(actions=[[1, 0], [1, 0]])
        assert h.action_names[0] == ("Hare", "Stag")
        assert h.payoff((1, 1)).tolist() == [4.0, 4.0]

    def test_to_dict_round_trip(self):
        g = cg.games.chicken()
        d = g.to_dict()
        assert cg.NormalFormGame(d["payoffs"], d["player_names"], d["action_names"], d["title"]) == g
