"""Production networks with wedges: the closed forms of E. Liu (2019), "Industrial Policies in
Production Networks", QJE 134(4): 1883–1948 (Lemma 2, Propositions 1–2), and Hulten's theorem
(Hulten 1978, REStud 45(3)), checked against finite differences of the solved equilibrium."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coordgame.errors import CoordgameError, InvalidArgumentError
from coordgame.games.production import (
    ProductionEquilibrium,
    distortion_centrality,
    domar_weights,
    influence_vector,
    production_network,
    solve_production,
    subsidy_value,
)


def random_network(seed: int, n: int = 5, distorted: bool = True):
    rng = np.random.default_rng(seed)
    sigma = rng.random((n, n)) * (rng.random((n, n)) < 0.6)
    rows = sigma.sum(axis=1, keepdims=True)
    sigma = np.where(rows > 0, sigma / np.where(rows > 0, rows, 1.0), 0.0) * rng.uniform(0.2, 0.7, (n, 1))
    beta = rng.random(n)
    wedges = rng.uniform(1.0, 1.6, n) if distorted else 1.0
    return production_network(sigma, beta / beta.sum(), wedges, rng.uniform(0.5, 2.0, n))


def finite_difference(f, x: np.ndarray, k: int, h: float = 1e-6) -> float:
    up, down = x.copy(), x.copy()
    up[k] += h
    down[k] -= h
    return (f(up) - f(down)) / (2 * h)


SEEDS = st.integers(min_value=0, max_value=10_000)


@settings(max_examples=25, deadline=None)
@given(SEEDS)
def test_equilibrium_is_verified_on_its_primitives(seed):
    eq = solve_production(random_network(seed))
    assert isinstance(eq, ProductionEquilibrium)
    assert eq.verification.passed and eq.residual <= 1e-10
    # National accounts: value added sums to GDP (household expenditure).
    assert eq.value_added.sum() == pytest.approx(eq.expenditure, rel=1e-10)


@settings(max_examples=25, deadline=None)
@given(SEEDS)
def test_lemma2_labour_weighted_distortion_centrality_averages_one(seed):
    # Liu (2019), Lemma 2: the distortion centralities weighted by the sectors' value added paid to
    # the primary factor (wage bills over GDP) average one.
    net = random_network(seed)
    eq = solve_production(net)
    weights = eq.labour / eq.expenditure  # w l_i / GDP, from the solved equilibrium
    xi = distortion_centrality(net)
    assert weights @ xi == pytest.approx(1.0, abs=1e-10)


@settings(max_examples=15, deadline=None)
@given(SEEDS)
def test_propositions_subsidy_value_equals_finite_differences(seed):
    # Liu (2019), Propositions 1-2: the first-order effect of a sectoral subsidy on log output
    # (welfare of the representative household) is the closed form; here checked against the
    # derivative of the equilibrium solved from the primitives.
    net = random_network(seed)
    s0 = np.zeros(net.num_sectors)
    closed = subsidy_value(net)
    numeric = [finite_difference(lambda s: solve_production(net, s).log_output, s0, k) for k in range(net.num_sectors)]
    np.testing.assert_allclose(closed, numeric, atol=1e-7)
    # And away from zero subsidies (the chain rule through m = mu (1 - s)).
    s1 = np.linspace(0.05, 0.2, net.num_sectors)
    numeric = [finite_difference(lambda s: solve_production(net, s).log_output, s1, k) for k in range(net.num_sectors)]
    np.testing.assert_allclose(subsidy_value(net, s1), numeric, atol=1e-7)


@settings(max_examples=15, deadline=None)
@given(SEEDS)
def test_hulten_without_distortions(seed):
    # Hulten (1978): without wedges, Domar weights = sales / GDP = the influence vector, and the
    # elasticity of output to a sector's productivity is its Domar weight.
    net = random_network(seed, distorted=False)
    eq = solve_production(net)
    sales_over_gdp = eq.prices * eq.outputs / eq.expenditure
    np.testing.assert_allclose(domar_weights(net), sales_over_gdp, atol=1e-12)
    np.testing.assert_allclose(influence_vector(net), sales_over_gdp, atol=1e-12)
    log_z = np.log(net.productivity)
    numeric = [finite_difference(lambda lz: solve_production(production_network(
        net.input_shares, net.final_shares, 1.0, np.exp(lz))).log_output, log_z, k) for k in range(net.num_sectors)]
    np.testing.assert_allclose(numeric, sales_over_gdp, atol=1e-7)
    # The efficient economy is a maximum: no subsidy has a first-order effect.
    np.testing.assert_allclose(subsidy_value(net), 0.0, atol=1e-12)
    np.testing.assert_allclose(distortion_centrality(net), 1.0, atol=1e-12)


def test_distorted_domar_weights_are_sales_over_gdp_and_influence_is_productivity_elasticity():
    net = random_network(7)
    eq = solve_production(net)
    np.testing.assert_allclose(domar_weights(net), eq.prices * eq.outputs / eq.expenditure, atol=1e-12)
    log_z = np.log(net.productivity)
    numeric = [finite_difference(lambda lz: solve_production(production_network(
        net.input_shares, net.final_shares, net.wedges, np.exp(lz))).log_output, log_z, k) for k in range(5)]
    np.testing.assert_allclose(numeric, influence_vector(net), atol=1e-7)


def test_upstream_sectors_are_the_sink_of_distortions():
    # Liu (2019), sec. III: with equal wedges along a chain, distortion centrality rises upstream
    # geometrically: xi_k = mu^(number of wedges between k and the household).
    n, share, mu = 4, 0.5, 1.3
    sigma = np.diag(np.full(n - 1, share), k=-1)  # sector k buys from k - 1
    beta = np.eye(n)[-1]
    xi = distortion_centrality(production_network(sigma, beta, mu))
    np.testing.assert_allclose(xi, mu ** np.arange(n, 0, -1), rtol=1e-12)


BAD = [
    (lambda: production_network([[0.5, 0.6], [0, 0]]), "input_shares"),
    (lambda: production_network([[0, 1], [0, 0]]), "input_shares"),
    (lambda: production_network([[-0.1, 0], [0, 0]]), "input_shares"),
    (lambda: production_network([1, 2]), "input_shares"),
    (lambda: production_network([[0, 0], [0, 0]], [0.7, 0.7]), "final_shares"),
    (lambda: production_network([[0, 0], [0, 0]], wedges=[1, 0]), "wedges"),
    (lambda: production_network([[0, 0], [0, 0]], productivity=-1), "productivity"),
    (lambda: solve_production(production_network([[0.0]]), [1.0]), "subsidies"),
    (lambda: solve_production("economy"), "net"),
    (lambda: solve_production(production_network([[0.0]]), tol=-1), "tol"),
]


@pytest.mark.parametrize(("call", "argument"), BAD, ids=[b[1] + str(i) for i, b in enumerate(BAD)])
def test_bad_input_names_the_argument(call, argument):
    with pytest.raises(CoordgameError, match=argument) as info:
        call()
    assert isinstance(info.value, InvalidArgumentError)


def test_result_protocol():
    eq = solve_production(random_network(3))
    record = eq.to_dict()
    assert record["verification"]["passed"] and record["method"] == "closed_form_prices"
    assert eq.to_frame().shape[0] == 1 and "ProductionEquilibrium" in eq.summary()
