"""The tournament model and its bridge to the flagship's θ (relative-output weight).

The bridge matches the flagship's payoff term θ(Y_r − Σ_{r'≠r} Y_{r'}/(R−1)) to the marginal
expected prize of a logit promotion tournament (Lazear and Rosen 1981; McFadden 1974 for the logit
probabilities): checked here by finite differences of the expected prize.
"""

from __future__ import annotations

import numpy as np
import pytest
from coordgame.models.tournament import (
    flagship_over_entry,
    prize_to_noise_for_theta,
    theta_from_tournament,
    tournament_outcome,
)

from coordgame.errors import InvalidArgumentError


def expected_prize(outputs: np.ndarray, prize: float, scale: float) -> np.ndarray:
    z = np.exp((outputs - outputs.max()) / scale)
    return prize * z / z.sum()


@pytest.mark.parametrize(("prize", "scale", "officials"), [(3.0, 1.0, 2), (10.0, 2.0, 5), (5.0, 0.5, 31)])
def test_theta_is_the_marginal_expected_prize_and_matches_the_rival_weight(prize, scale, officials):
    y, h = np.full(officials, 7.0), 1e-6
    up, down = y.copy(), y.copy()
    up[0] += h
    down[0] -= h
    own = (expected_prize(up, prize, scale)[0] - expected_prize(down, prize, scale)[0]) / (2 * h)
    rival = (expected_prize(up, prize, scale)[1] - expected_prize(down, prize, scale)[1]) / (2 * h)
    theta = theta_from_tournament(prize / scale, officials)
    assert own == pytest.approx(theta, rel=1e-6)
    # the flagship's weight on each rival's output is -theta/(R-1): the tournament's when N = R
    assert rival == pytest.approx(-theta / (officials - 1), rel=1e-6)
    assert prize_to_noise_for_theta(theta, officials) == pytest.approx(prize / scale)


def test_outcome_over_and_under_investment():
    # e* = V(N-1)/N^2 with c = s = 1: under-investment below V = N^2/(N-1), over-investment above.
    assert tournament_outcome(2.0, 2)["effort_ratio"] == pytest.approx(0.5)
    assert tournament_outcome(8.0, 3)["effort_ratio"] == pytest.approx(16 / 9)
    lows = [tournament_outcome(5.0, n)["effort_nash"] for n in (2, 3, 5, 10)]
    assert lows == sorted(lows, reverse=True)  # more officials, less effort per official at a fixed prize
    assert tournament_outcome(0.0, 2)["help_nash"] == pytest.approx(0.5)  # no prize: help a*rho/k


def test_bad_inputs():
    with pytest.raises(InvalidArgumentError, match="num_players"):
        tournament_outcome(1.0, 1)
    with pytest.raises(InvalidArgumentError, match="theta"):
        prize_to_noise_for_theta(-1.0, 5)
    with pytest.raises(InvalidArgumentError, match="params"):
        flagship_over_entry(0.1, {"num_regions": 4})


def test_flagship_over_entry_varies_theta_alone_in_the_economy_given():
    import dataclasses

    from coordgame.models.duplicate_construction import Parameters, solve_model

    small = Parameters(num_regions=4, num_industries=2, theta=0.3)
    for theta in (0.0, 1.0):
        metrics = solve_model(dataclasses.replace(small, theta=theta)).metrics
        got = flagship_over_entry(theta, small)
        assert got == {key: float(metrics[key]) for key in got}
    # theta moves the officials, not the planner: the plan's entries do not depend on it
    assert flagship_over_entry(0.0, small)["entries_second_best"] == flagship_over_entry(1.0, small)["entries_second_best"]


@pytest.mark.slow
def test_flagship_over_entry_rises_with_the_tournament_prize():
    low, high = flagship_over_entry(theta_from_tournament(0.0, 31)), flagship_over_entry(theta_from_tournament(20.0, 31))
    assert high["excess_entry"] >= low["excess_entry"]
    assert high["entries_nash"] > high["entries_second_best"]
