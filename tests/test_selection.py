"""Equilibrium selection: published answers and identities."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coordgame as cg
from coordgame import selection


def test_stag_hunt_payoff_dominant_stag_risk_dominant_hare():
    # Harsanyi & Selten (1988): with [[4, 0], [3, 2]], (Stag, Stag) pays 4 > 2 but the deviation-loss
    # products are (4 - 3)^2 = 1 for Stag and (2 - 0)^2 = 4 for Hare, so (Hare, Hare) risk-dominates.
    game = cg.games.stag_hunt()
    A = game.payoffs[0]
    stag_product = (A[0, 0] - A[1, 0]) ** 2
    hare_product = (A[1, 1] - A[0, 1]) ** 2
    assert hare_product > stag_product
    rd = selection.risk_dominance(game)
    assert rd.winner == (1, 1) and rd.scores == (stag_product, hare_product)
    assert selection.payoff_dominance(game).dominant.pure_profile == (0, 0)


def test_battle_of_the_sexes_has_no_payoff_dominant_equilibrium():
    pd = selection.payoff_dominance(cg.games.battle_of_the_sexes())
    assert pd.dominant is None
    assert sorted(eq.pure_profile for eq in pd.efficient) == [(0, 0), (1, 1)]


def test_chicken_risk_dominance_of_asymmetric_equilibria_ties():
    # Chicken's pure equilibria are mirror images: their Nash products are equal.
    game = cg.games.chicken()
    rd = selection.risk_dominance(game, (0, 1), (1, 0))
    assert rd.winner is None and rd.scores[0] == rd.scores[1]


def symmetric_binary_game(players, payoff_a, payoff_b):
    """u(A; k others on A) = payoff_a[k], u(B; k others on A) = payoff_b[k]."""
    payoff_a, payoff_b = np.asarray(payoff_a, float), np.asarray(payoff_b, float)

    def u(*actions):
        acts = np.broadcast_arrays(*actions)
        on_a = sum((a == 0).astype(int) for a in acts)
        return np.stack([np.where(a == 0, payoff_a[on_a - 1], payoff_b[np.minimum(on_a, players - 1)]) for a in acts])

    return cg.NormalFormGame.from_function((2,) * players, u, vectorized=True)


@settings(max_examples=30, deadline=None)
@given(a=st.floats(1, 10), b=st.floats(-5, 5), c=st.floats(-5, 5), d=st.floats(1, 10))
def test_n_player_criterion_reduces_to_nash_product_for_two_players(a, b, c, d):
    # Symmetric 2x2 coordination game [[a', b], [c, d']] with strict diagonal equilibria.
    a, d = c + a, b + d
    game = cg.NormalFormGame.from_bimatrix([[a, b], [c, d]], [[a, c], [b, d]])
    rd = selection.risk_dominance(game)
    gain = ((a - c) + (b - d)) / 2  # uniform-belief gain of action 0 over action 1
    expected = (0, 0) if gain > 1e-9 * game.payoff_scale else (1, 1) if gain < -1e-9 * game.payoff_scale else None
    assert rd.winner == expected


def test_symmetric_three_player_stag_hunt():
    # Three-player stag hunt: Stag pays 4 only if both others hunt stag, else 0; Hare pays 3.
    # Against uniform beliefs Stag earns 4/4 = 1 < 3: Hare risk-dominates, and Stag is payoff-dominant.
    game = symmetric_binary_game(3, payoff_a=[0, 0, 4], payoff_b=[3, 3, 3])
    rd = selection.risk_dominance(game)
    assert rd.winner == (1, 1, 1) and rd.scores[0] == pytest.approx(1 - 3)
    assert rd.larger_basin == (1, 1, 1)
    assert selection.payoff_dominance(game).dominant.pure_profile == (0, 0, 0)


def test_risk_dominance_rejects_non_equilibria_and_asymmetric_games():
    with pytest.raises(cg.errors.InvalidArgumentError, match="first"):
        selection.risk_dominance(cg.games.prisoners_dilemma())
    symmetric = cg.games.minimum_effort(num_players=3, efforts=2, gain=0.3)
    assert selection.risk_dominance(symmetric).winner == (0, 0, 0)
    # scaling one player's payoffs keeps both strict equilibria but breaks the symmetry
    asymmetric = cg.NormalFormGame(symmetric.payoffs * np.array([1.0, 2.0, 1.0])[:, None, None, None])
    with pytest.raises(cg.errors.UnsupportedGameError, match="symmetric"):
        selection.risk_dominance(asymmetric)


def test_logit_selection_is_the_logit_solution():
    assert selection.logit_selection(cg.games.stag_hunt()).pure_profile == (1, 1)


@pytest.mark.parametrize("players", [3, 4])
def test_minimum_effort_logit_stochastic_stability_selects_lowest_effort(players):
    # The minimum-effort game is a potential game with potential P(e) = gain * min(e) - cost * sum(e);
    # under logit revision the stationary distribution is the Gibbs measure exp(P / eta) (Blume 1993),
    # so the stable states maximise P on the equilibria: P(common e) = e (gain - N cost), decreasing in e
    # when N cost > gain (VHBB: 0.2 < N * 0.1 for N >= 3): the lowest effort.
    game = cg.games.minimum_effort(num_players=players, efforts=4)
    result = selection.stochastic_stability(game)
    assert result.stable == [(0,) * players]


def test_minimum_effort_two_players_ties():
    # N = 2 with gain = 2 cost: P(common e) = 0 for every e, so all common efforts are stable.
    game = cg.games.minimum_effort(num_players=2, efforts=4)
    assert selection.stochastic_stability(game).stable == [(k, k) for k in range(4)]


def test_logit_chain_stationary_distribution_is_gibbs_for_potential_games():
    game = cg.games.minimum_effort(num_players=3, efforts=3)
    levels = np.stack(np.unravel_index(np.arange(game.num_profiles), game.num_actions), axis=1) + 1
    potential = 0.2 * levels.min(axis=1) - 0.1 * levels.sum(axis=1)
    for eta in (0.5, 0.05):
        pi = selection.stationary_distribution(selection.revision_chain(game, eta))
        gibbs = np.exp((potential - potential.max()) / eta)
        np.testing.assert_allclose(pi, gibbs / gibbs.sum(), atol=1e-12)


def test_stationary_distribution_concentrates_on_stable_states_as_noise_vanishes():
    game = cg.games.random_game((3, 3), seed=8, integers=5)
    stable = selection.stochastic_stability(game).stable
    index = [np.ravel_multi_index(p, game.num_actions) for p in stable]
    masses = [selection.stationary_distribution(selection.revision_chain(game, eta))[index].sum()
              for eta in (0.5, 0.2, 0.1, 0.05)]
    assert masses[-1] > 0.99 and np.all(np.diff(masses) > -1e-12)


def test_stationary_distribution_matches_eigenvector():
    P = selection.revision_chain(cg.games.random_game((2, 3, 2), seed=2), 0.3, dynamics="mistakes")
    values, vectors = np.linalg.eig(P.T)
    v = np.real(vectors[:, np.argmin(np.abs(values - 1))])
    np.testing.assert_allclose(selection.stationary_distribution(P), v / v.sum(), atol=1e-12)


def test_volunteers_dilemma_stochastic_stability_is_symmetric():
    result = selection.stochastic_stability(cg.games.volunteers_dilemma(3))
    assert result.stable == [(0, 1, 1), (1, 0, 1), (1, 1, 0)]


def test_stochastic_stability_bad_arguments():
    with pytest.raises(cg.errors.InvalidArgumentError, match="dynamics"):
        selection.stochastic_stability(cg.games.stag_hunt(), dynamics="replicator")
    with pytest.raises(cg.errors.InvalidArgumentError, match="noise"):
        selection.revision_chain(cg.games.stag_hunt(), 1.5, dynamics="mistakes")
    with pytest.raises(cg.errors.InvalidArgumentError, match="max_profiles"):
        selection.stochastic_stability(cg.games.random_game((5, 5, 5), seed=0), max_profiles=100)
