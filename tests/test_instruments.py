"""Weitzman (1974), prices vs quantities: the closed form against exact integration and Monte Carlo."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate, stats

from coordgame.errors import InvalidArgumentError
from coordgame.instruments import instrument_welfare, price_advantage

CASES = [(-1.0, 2.0, 0.5), (-3.0, 1.0, 2.0), (-0.5, 0.5, 1.0), (0.0, 4.0, 0.3), (-2.0, 2.0, 1.7)]


def _advantage_at(b2: float, c2: float, theta: float) -> float:
    out = instrument_welfare(b2, c2, [theta])
    return float(out["price"][0] - out["quantity"][0])


@pytest.mark.parametrize(("b2", "c2", "sd"), CASES)
def test_exact_integration_reproduces_weitzman(b2, c2, sd):
    """Weitzman (1974), eq. (19): Δ = σ² (B'' + C'') / (2 C''²), integrated exactly over a normal shock."""
    value, _ = integrate.quad(lambda t: _advantage_at(b2, c2, t) * stats.norm.pdf(t, scale=sd), -12 * sd, 12 * sd,
                              epsabs=1e-13, epsrel=1e-12)
    assert value == pytest.approx(price_advantage(b2, c2, sd**2), rel=1e-9, abs=1e-12)


@pytest.mark.parametrize(("b2", "c2", "sd"), CASES)
def test_monte_carlo_reproduces_weitzman_for_a_non_normal_shock(b2, c2, sd):
    """The result needs only the variance: a uniform shock with variance σ² gives the same Δ."""
    rng = np.random.default_rng(7)
    half_width = sd * math.sqrt(3.0)
    shocks = rng.uniform(-half_width, half_width, 400_000)
    out = instrument_welfare(b2, c2, shocks)
    sample = out["price"] - out["quantity"]
    error = 4 * sample.std() / math.sqrt(shocks.size) + 1e-15
    assert sample.mean() == pytest.approx(price_advantage(b2, c2, sd**2), abs=error)


def test_sign_follows_the_relative_curvatures():
    assert price_advantage(-1.0, 2.0, 1.0) > 0 > price_advantage(-2.0, 1.0, 1.0)
    assert price_advantage(-1.5, 1.5, 1.0) == 0.0


def test_price_output_clears_marginal_cost():
    out = instrument_welfare(-1.0, 2.0, np.array([-1.0, 0.5]))
    assert out["output_under_price"].tolist() == [0.5, -0.25]


@pytest.mark.parametrize(("call", "match"), [
    (lambda: price_advantage(1.0, 2.0, 1.0), r"^benefit_curvature: "),
    (lambda: price_advantage(-1.0, 0.0, 1.0), r"^cost_curvature: "),
    (lambda: price_advantage(-1.0, 1.0, -1.0), r"^variance: "),
    (lambda: price_advantage("a", 1.0, 1.0), r"^benefit_curvature: "),
    (lambda: instrument_welfare(-1.0, 1.0, [np.nan]), r"^shocks: "),
])
def test_bad_input(call, match):
    with pytest.raises(InvalidArgumentError, match=match):
        call()
