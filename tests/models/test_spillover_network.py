"""The spillover-network model and its experiment: kernels, scaling, closed forms, the data dictionary."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from coordgame.experiments import network_spillovers
from coordgame.models.duplicate_construction.geography import spillover_weights
from coordgame.models.spillover_network import Calibration, regions, solve_spillovers, spillover_matrix

from coordgame.errors import InvalidArgumentError
from coordgame.games.network import spectral_radius
from coordgame.reproduce import run_experiment

NAMES, COORDINATES, DISTANCES = regions()
OFF = ~np.eye(len(NAMES), dtype=bool)


@pytest.mark.parametrize("phi", [0.0, 0.3, 1.0])
def test_flagship_kernel_is_the_flagship_models(phi):
    assert np.array_equal(spillover_matrix(DISTANCES, phi), spillover_weights(DISTANCES, 1200.0, phi))


def test_kernels_agree_at_the_ends_of_reach():
    # At reach 0 both are 2^(-d/h) (exp(-d ln2 / h)); at reach 1 both are the complete network.
    assert np.allclose(spillover_matrix(DISTANCES, 0.0, kernel="exponential"), spillover_matrix(DISTANCES, 0.0))
    for kernel in ("flagship", "exponential"):
        assert np.allclose(spillover_matrix(DISTANCES, 1.0, kernel=kernel), OFF.astype(float))


@pytest.mark.parametrize("kernel", ["flagship", "exponential"])
def test_mean_preserving_holds_the_level_and_raw_raises_it(kernel):
    level = spillover_matrix(DISTANCES, 0.0, kernel=kernel)[OFF].mean()
    raw_means = []
    for phi in (0.0, 0.25, 0.5, 0.75, 1.0):
        g = spillover_matrix(DISTANCES, phi, kernel=kernel, mean_preserving=True)
        assert g[OFF].mean() == pytest.approx(level, rel=1e-12)
        assert g.max() <= 1.0 + 1e-12 and np.all(np.diag(g) == 0)
        raw_means.append(spillover_matrix(DISTANCES, phi, kernel=kernel)[OFF].mean())
    assert np.all(np.diff(raw_means) > 0)


@pytest.mark.parametrize("kernel", ["flagship", "exponential"])
@pytest.mark.parametrize("mean_preserving", [False, True])
def test_scaling_keeps_both_spectral_conditions(kernel, mean_preserving):
    # delta = s beta / (n - 1) with s = 0.45 and weights in [0, 1]: delta rho(G + G') <= 2 s < 1 everywhere.
    for phi in np.linspace(0, 1, 6):
        out = solve_spillovers(phi, kernel=kernel, mean_preserving=mean_preserving)
        g = spillover_matrix(DISTANCES, phi, kernel=kernel, mean_preserving=mean_preserving)
        assert out.delta * spectral_radius(g + g.T) < 1.0
        assert out.spectral_condition <= 0.45 + 1e-12
        assert out.verification.passed and out.equilibrium.interior


def test_complete_network_closed_form_at_full_reach():
    # At reach 1 (raw kernels) G is the complete network, delta (n-1) = s: Nash x = 1/(1-s), planner x = 1/(1-2s),
    # each region's payoff x - x^2/2 + s x^2, so the efficiency ratio is a closed form; every region ties as key.
    s = 0.45
    out = solve_spillovers(1.0)
    nash, planner = 1 / (1 - s), 1 / (1 - 2 * s)
    payoff = lambda x: x - (0.5 - s) * x**2  # noqa: E731
    assert np.allclose(out.equilibrium.profile, nash) and np.allclose(out.optimum.profile, planner)
    assert out.efficiency_ratio == pytest.approx(payoff(nash) / payoff(planner), rel=1e-12)
    assert out.key_region == "(tie)"


def test_planner_beats_nash_and_reach_without_level_barely_moves_the_ratio():
    base = solve_spillovers(0.0)
    assert 0 < base.efficiency_ratio < 1 and base.activity_ratio < 1
    level = solve_spillovers(0.75).efficiency_ratio
    reach = solve_spillovers(0.75, mean_preserving=True).efficiency_ratio
    assert level < base.efficiency_ratio - 0.2  # more spillover in total: a larger loss
    assert abs(reach - base.efficiency_ratio) < 0.02  # same level, wider reach: about the same loss


def test_key_region_is_the_centre_and_moves_with_short_decay():
    assert solve_spillovers(0.0).key_region == "Henan"
    short = Calibration(half_distance_km=300.0)
    assert solve_spillovers(0.0, calibration=short).key_region == "Hebei"
    assert solve_spillovers(0.5, kernel="exponential", mean_preserving=True, calibration=short).key_region == "Henan"


@pytest.mark.parametrize(("call", "pattern"), [
    (lambda: Calibration(strength=0.5), r"^strength: expected a number in \(0, 0.5\)"),
    (lambda: Calibration(half_distance_km=-1), r"^half_distance_km: "),
    (lambda: spillover_matrix(DISTANCES, 1.5), r"^reach: expected a number in \[0, 1\]"),
    (lambda: spillover_matrix(DISTANCES, 0.5, kernel="gravity"), r"^kernel: "),
])
def test_bad_input(call, pattern):
    with pytest.raises(InvalidArgumentError, match=pattern):
        call()


def test_experiment_end_to_end_and_its_data_dictionary(tmp_path):
    grid = {"kernel": ["flagship"], "mean_preserving": [False, True], "half_distance_km": [1200.0], "phi": [0.0, 1.0]}
    result = run_experiment(network_spillovers, tmp_path, grid=grid, progress=False)
    table = pd.read_csv(result.data)
    assert len(table) == 4 and table["verified"].all()
    assert set(table.columns) <= set(network_spillovers.COLUMNS)
    assert all(len(v) == 3 and all(isinstance(t, str) and t for t in v) for v in network_spillovers.COLUMNS.values())
    assert result.figure.read_bytes()[:4] == b"\x89PNG"
    quick = network_spillovers.grid(True)
    assert len(quick["phi"]) * 8 == 40
