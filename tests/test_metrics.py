"""Welfare functions and losses: stag hunt, prisoners' dilemma, Pigou, an atomic congestion game."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

import coordgame as cg
from coordgame import metrics
from coordgame import welfare as wf


# --------------------------------------------------------------------------- welfare functions
def test_welfare_functions():
    u = np.array([7.0, 2.0, 4.0])
    assert wf.utilitarian()(u) == 13.0
    assert wf.utilitarian([1, 0, 0.5])(u) == 9.0
    assert wf.rawlsian()(u) == 2.0
    assert wf.nash_product()(u) == 56.0
    assert wf.player_payoff(2)(u) == 4.0
    custom = wf.as_welfare(lambda v: float(v.max() - v.min()))
    assert custom(u) == 5.0 and custom.kind == "custom"


def test_over_profiles_matches_pointwise():
    game = cg.games.random_game((3, 2, 2), seed=5)
    for w in ("utilitarian", "rawlsian", wf.utilitarian([1, 2, 3]), wf.player_payoff(1),
              wf.as_welfare(lambda v: float(v[0] * v[1] - v[2]))):
        w = wf.as_welfare(w)
        table = w.over_profiles(game.payoffs)
        for a in itertools.product(*[range(n) for n in game.num_actions]):
            assert table[a] == pytest.approx(w(game.payoffs[(slice(None), *a)]))


def test_welfare_errors():
    with pytest.raises(cg.errors.InvalidArgumentError, match="positive payoffs"):
        wf.nash_product()([1.0, -1.0])
    with pytest.raises(cg.errors.InvalidArgumentError, match="welfare"):
        wf.as_welfare("egalitarian")
    with pytest.raises(cg.errors.InvalidArgumentError, match="welfare"):
        wf.as_welfare(3)
    with pytest.raises(cg.errors.InvalidArgumentError, match="weights"):
        wf.utilitarian([-1, 1])
    with pytest.raises(cg.errors.InvalidArgumentError, match="weights"):
        wf.utilitarian([1, 1, 1]).weight_vector(2)
    with pytest.raises(cg.errors.InvalidArgumentError, match="player"):
        wf.player_payoff(5).weight_vector(2)
    with pytest.raises(cg.errors.InvalidArgumentError, match="Nash product"):
        cg.social_optimum(cg.games.prisoners_dilemma(), "nash_product")


def test_ratio_is_nan_with_reason_unless_positive():
    assert metrics.ratio(6.0, 4.0).value == 1.5
    for a, b in [(1.0, 0.0), (0.0, 1.0), (-2.0, -1.0), (3.0, -1.0)]:
        r = metrics.ratio(a, b)
        assert math.isnan(r.value) and "positive" in r.reason
        assert r.difference == a - b
    loss = metrics.welfare_loss(-1.0, -3.0)
    assert loss.absolute == 2.0 and math.isnan(loss.relative) and loss.reason


# --------------------------------------------------------------------------- textbook losses
def test_stag_hunt_price_of_stability_one_anarchy_two():
    # Stag hunt [[4, 0], [3, 2]]: optimum (Stag, Stag) = 8 is an equilibrium (PoS = 1); the
    # worst pure equilibrium (Hare, Hare) = 4, so PoA = 2 over pure equilibria; the mixed
    # equilibrium (Stag w.p. 2/3) pays 8/3 each, welfare 16/3, so PoA = 1.5 over all.
    game = cg.games.stag_hunt()
    assert metrics.price_of_stability(game, equilibria="pure").value == pytest.approx(1.0)
    assert metrics.price_of_anarchy(game, equilibria="pure").value == pytest.approx(2.0)
    assert metrics.price_of_anarchy(game, equilibria="pure").value > 1


def test_prisoners_dilemma_losses():
    # unique equilibrium (D, D) = 2 against the optimum (C, C) = 4: PoA = PoS = 2; the only CE
    # is (D, D), so mediation is worth nothing (ratio 1) and enforcement everything (ratio 2).
    game = cg.games.prisoners_dilemma()
    assert metrics.price_of_anarchy(game).value == pytest.approx(2.0)
    assert metrics.price_of_stability(game).value == pytest.approx(2.0)
    assert metrics.value_of_mediation(game).value == pytest.approx(1.0)
    assert metrics.value_of_enforcement(game).value == pytest.approx(2.0)
    assert cg.mechanisms.cost_of_implementation(game) == pytest.approx(2.0)
    assert cg.mechanisms.cost_of_implementation(game, (1, 1)) == 0.0


def test_chicken_value_of_mediation():
    game = cg.games.chicken()
    r = metrics.value_of_mediation(game, equilibria="pure")
    assert r.value == pytest.approx(10.5 / 9) and r.difference == pytest.approx(1.5)
    assert metrics.value_of_enforcement(game).value == pytest.approx(12 / 10.5)


def pigou_game(num_players: int) -> cg.NormalFormGame:
    """Atomic Pigou network: each of n players (weight 1/n) takes the top link (latency 1) or the
    bottom link (latency k/n with k players on it); payoff = -latency."""
    n = num_players

    def payoff(*actions):
        acts = np.broadcast_arrays(*actions)
        on_bottom = sum(acts)
        return np.stack([-np.where(a == 1, on_bottom / n, 1.0) for a in acts])

    return cg.NormalFormGame.from_function((2,) * n, payoff, vectorized=True, title=f"Pigou ({n} players)")


@pytest.mark.parametrize("n", [2, 4, 8])
def test_pigou_price_of_anarchy_four_thirds(n):
    # Pigou (1920); Roughgarden & Tardos (2002): the non-atomic ratio is 4/3.  In this atomic
    # version with n even, everyone on the bottom link is an equilibrium (social cost n), and
    # the optimum sends n/2 players down: cost (n/2)^2/n + n/2 = 3n/4, so the ratio is exactly 4/3.
    game = pigou_game(n)
    poa = metrics.price_of_anarchy(game, equilibria="pure", sense="cost")
    assert poa.value == pytest.approx(4 / 3)
    assert poa.numerator == pytest.approx(n) and poa.denominator == pytest.approx(3 * n / 4)
    # measured as welfare (negative), the ratio would mislead: NaN with a reason
    wrong_sense = metrics.price_of_anarchy(game, equilibria="pure")
    assert math.isnan(wrong_sense.value) and "positive" in wrong_sense.reason


def congestion_game(strategies, num_resources):
    """Atomic congestion game with linear latencies l(x) = x; payoff = -(sum of loads on own resources)."""
    num_players = len(strategies)
    shape = tuple(len(s) for s in strategies)
    payoffs = np.zeros((num_players, *shape))
    for profile in itertools.product(*[range(n) for n in shape]):
        load = np.zeros(num_resources)
        for i, a in enumerate(profile):
            load[list(strategies[i][a])] += 1
        for i, a in enumerate(profile):
            payoffs[(i, *profile)] = -load[list(strategies[i][a])].sum()
    return cg.NormalFormGame(payoffs)


def test_atomic_congestion_five_halves():
    # Christodoulou & Koutsoupias (2005, STOC) lower-bound instance for linear atomic congestion
    # games (also Awerbuch, Azar & Epstein 2005): resources h_0..h_2 (0-2) and g_0..g_2 (3-5);
    # player i uses {h_i, g_i} (optimal, cost 2 each) or {h_{i+1}, h_{i+2}, g_{i+1}}.  All
    # taking the second strategy is an equilibrium with cost 5 each: 15 / 6 = 5/2, the tight bound.
    strategies = [[(i, 3 + i), ((i + 1) % 3, (i + 2) % 3, 3 + (i + 1) % 3)] for i in range(3)]
    game = congestion_game(strategies, 6)
    assert game.is_nash((1, 1, 1))
    assert game.payoff((1, 1, 1)).tolist() == [-5.0, -5.0, -5.0]
    poa = metrics.price_of_anarchy(game, equilibria="pure", sense="cost")
    assert poa.value == pytest.approx(2.5)
    pos = metrics.price_of_stability(game, equilibria="pure", sense="cost")
    assert pos.value == pytest.approx(1.0)  # (0, 0, 0) is an equilibrium too


def test_equilibrium_welfare_notes_and_bad_arguments():
    values, notes = metrics.equilibrium_welfare(cg.games.chicken(), equilibria="pure")
    assert sorted(values.tolist()) == [9.0, 9.0]
    assert any("pure_nash" in n for n in notes)
    with pytest.raises(cg.errors.InvalidArgumentError, match="equilibria"):
        metrics.price_of_anarchy(cg.games.chicken(), equilibria="mixed")
    with pytest.raises(cg.errors.InvalidArgumentError, match="sense"):
        metrics.price_of_anarchy(cg.games.chicken(), sense="utility")
    no_pure = metrics.price_of_anarchy(cg.games.matching_pennies(), equilibria="pure")
    assert math.isnan(no_pure.value) and "no equilibrium" in no_pure.reason


def test_price_of_anarchy_says_when_the_equilibrium_set_is_incomplete():
    # Lemke-Howson gives one equilibrium of the stag hunt (Stag, Stag), not the worst one:
    # the ratio is marked incomplete, and a note says it is only a bound.
    game = cg.games.stag_hunt()
    one = cg.metrics.price_of_anarchy(game, method="lemke_howson")
    full = cg.metrics.price_of_anarchy(game)
    assert full.complete and not one.complete
    assert one.value <= full.value
    assert any("lower bound on the price of anarchy" in note for note in one.notes)
    pos = cg.metrics.price_of_stability(game, method="lemke_howson")
    assert not pos.complete and any("upper bound" in note for note in pos.notes)
    assert not cg.metrics.value_of_mediation(game, method="lemke_howson").complete
    assert cg.metrics.price_of_anarchy(game).to_dict()["complete"] is True
