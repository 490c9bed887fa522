"""Public-good contributions: closed forms against the library's continuous-game solvers."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from coordgame.errors import InvalidArgumentError
from coordgame.games.public_good import ContributionGame, public_good_outcomes
from coordgame.solvers import continuous_nash, social_optimum

CASES = [("log", [2.0, 3.0, 1.5], 1.0), ("log", [1.5, 1.5, 1.5, 1.5], 1.0), ("quadratic", [2.0, 3.0, 2.5], 0.5),
         ("quadratic", [4.0, 4.0], 1.0)]


@pytest.mark.parametrize(("benefit", "valuations", "curvature"), CASES)
def test_nash_provision_matches_the_continuous_solver(benefit, valuations, curvature):
    """Bergstrom, Blume & Varian (1986): only the largest valuation contributes, (1+m) b'(G) = 1."""
    game = ContributionGame(valuations, benefit=benefit, curvature=curvature)
    for match in (0.0, 0.5, game.implementing_match_rate()):
        eq = continuous_nash(game.contribution_game(match))
        assert eq.verification.passed
        total = (1 + match) * float(np.concatenate(eq.strategies).sum())
        assert total == pytest.approx(game.nash_provision(match), abs=1e-6)


@pytest.mark.parametrize(("benefit", "valuations", "curvature"), CASES)
def test_samuelson_provision_matches_the_planner(benefit, valuations, curvature):
    """The utilitarian optimum with regional money supplies G* with Σ b_i'(G*) = 1 (Samuelson 1954)."""
    game = ContributionGame(valuations, benefit=benefit, curvature=curvature)
    optimum = social_optimum(game.contribution_game(0.0))
    assert float(np.sum(optimum.profile)) == pytest.approx(game.samuelson_provision(), abs=1e-5)
    assert float(game.marginal_benefits(game.samuelson_provision()).sum()) == pytest.approx(1.0)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(1.05, 5.0), min_size=2, max_size=8), st.sampled_from(["log", "quadratic"]))
def test_implementing_match_rate_restores_the_optimum(valuations, benefit):
    game = ContributionGame(valuations, benefit=benefit, curvature=0.3)
    assume(float(game.marginal_benefits(game.nash_provision()).min()) >= 0)  # no region satiated: under-provision
    m = game.implementing_match_rate()
    assert game.nash_provision(m) == pytest.approx(game.samuelson_provision(), rel=1e-9, abs=1e-9)
    assert game.nash_provision() <= game.samuelson_provision() + 1e-12  # under-provision without help


def test_identical_regions_need_a_match_of_n_minus_one():
    assert ContributionGame([1.7] * 6).implementing_match_rate() == pytest.approx(5.0)


def test_matching_beats_the_central_budget_when_public_funds_are_costly():
    out = public_good_outcomes(ContributionGame([1.0, 2.0, 3.0], cost_of_public_funds=0.25))
    # at G*, matching needs less central money than a central budget; the Nash comparison depends on λ
    assert out["central"].welfare < out["matching"].welfare < out["samuelson"].welfare
    assert out["matching"].central_outlay < out["central"].central_outlay
    free = public_good_outcomes(ContributionGame([1.0, 2.0, 3.0]))
    assert free["matching"].welfare == pytest.approx(free["samuelson"].welfare)
    assert free["central"].welfare == pytest.approx(free["samuelson"].welfare)


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"valuations": [1.0, -1.0]}, r"^valuations: "),
    ({"valuations": []}, r"^valuations: "),
    ({"valuations": [1.0], "benefit": "cubic"}, r"^benefit: "),
    ({"valuations": [1.0], "curvature": 0.0}, r"^curvature: "),
    ({"valuations": [1.0], "cost_of_public_funds": -0.1}, r"^cost_of_public_funds: "),
])
def test_bad_input(kwargs, match):
    with pytest.raises(InvalidArgumentError, match=match):
        ContributionGame(**kwargs)
