"""Value chain vs value network: the regional subsidy game and Kremer's O-ring closed forms.

Sources: E. Liu (2019), "Industrial Policies in Production Networks", QJE 134(4) (the economy and
the social value of subsidies); M. Kremer (1993), "The O-Ring Theory of Economic Development",
QJE 108(3) (expected output is the product of the links' success probabilities).
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from coordgame.models.value_network import (
    Parameters,
    enumerated_output,
    input_shares,
    oring_output,
    platform_output,
    regional_game,
    regions_of,
    solve_value_network,
    weak_link_drag,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from coordgame.errors import InvalidArgumentError
from coordgame.games.production import production_network, solve_production, subsidy_value

PROBABILITY = st.floats(min_value=0.01, max_value=1.0)


# ------------------------------------------------------------------ O-ring
@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(PROBABILITY, min_size=1, max_size=3), min_size=1, max_size=4).filter(
    lambda rows: len({len(r) for r in rows}) == 1))
def test_oring_closed_form_equals_enumeration_of_states(rows):
    # Kremer (1993): expected output = product over links of P(link works); a link with several
    # suppliers works if any does.  Enumeration of every success/failure state is the check.
    assert oring_output(rows) == pytest.approx(enumerated_output(rows), abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.floats(0.05, 1.0), st.floats(0.0, 1.0), st.integers(1, 4), st.floats(0.0, 0.95), st.integers(2, 5))
def test_weak_link_drag_closed_forms(quality, weak_fraction, suppliers, platform, links):
    weak = quality * weak_fraction
    base = np.full((links, suppliers), quality)
    weakened = base.copy()
    weakened[0, 0] = weak
    assert weak_link_drag(quality, weak, suppliers=suppliers) == pytest.approx(
        oring_output(weakened) / oring_output(base), rel=1e-12)
    assert weak_link_drag(quality, weak, platform_quality=platform) == pytest.approx(
        platform_output(weakened[:, 0], platform) / platform_output(base[:, 0], platform), rel=1e-12)
    # The chain drags by q_w / q; alternatives (suppliers or a platform) only dampen the drag.
    chain = weak_link_drag(quality, weak)
    assert chain == pytest.approx(weak / quality, rel=1e-12)
    assert chain - 1e-12 <= weak_link_drag(quality, weak, suppliers=suppliers) <= 1 + 1e-12
    assert chain - 1e-12 <= weak_link_drag(quality, weak, platform_quality=platform) <= 1 + 1e-12


def test_platform_output_by_enumeration():
    # A platform backing up every link is a second supplier of quality q_p on each link.
    q, p = [0.9, 0.6, 0.8], 0.5
    assert platform_output(q, p) == pytest.approx(enumerated_output([[x, p] for x in q]), abs=1e-12)


def test_oring_bad_input():
    for call, name in [(lambda: oring_output([1.2]), "qualities"), (lambda: oring_output([]), "qualities"),
                       (lambda: weak_link_drag(0.9, 0.5, suppliers=0), "suppliers"),
                       (lambda: platform_output([0.5], 2.0), "platform_quality"),
                       (lambda: weak_link_drag(0.0, 0.0), "quality")]:
        with pytest.raises(InvalidArgumentError, match=name):
            call()


# ------------------------------------------------------------------ the economy
@pytest.mark.parametrize("topology", ["chain", "network"])
def test_topologies_have_the_same_size_and_total_input_share(topology):
    sigma = input_shares(Parameters(topology))
    assert sigma.shape == (6, 6)
    assert sigma.sum() == pytest.approx(5 * 0.5)
    assert np.all(np.triu(sigma) == 0)  # inputs flow downstream only


def _grid_best_response(game, profile, player, points=11):
    """The best payoff of ``player`` on a grid of its own box (a global check, no first-order condition)."""
    box = game.action_sets[player]
    axes = [np.linspace(lo, hi, points) for lo, hi in zip(box.lower, box.upper)]
    start = sum(game.dims[:player])
    best = -np.inf
    for point in itertools.product(*axes):
        trial = np.array(profile, dtype=float)
        trial[start:start + len(point)] = point
        best = max(best, game.payoffs(trial)[player])
    return best


@pytest.mark.slow
@pytest.mark.parametrize("topology", ["chain", "network"])
def test_regional_nash_is_a_global_best_response_and_the_centre_is_efficient(topology):
    parameters = Parameters(topology)
    out = solve_value_network(parameters)
    assert out.converged and out.verification.passed
    game = regional_game(parameters)
    value = game.payoffs(out.nash_subsidies)
    for region in range(game.num_players):
        assert _grid_best_response(game, out.nash_subsidies, region) <= value[region] + 1e-9
    # With the cap above 1 - 1/mu the centre removes every wedge: the efficient output (z = 1).
    assert out.output_central == pytest.approx(1.0, abs=1e-8)
    assert out.output_laissez_faire < out.output_nash < out.output_central
    assert out.output_laissez_faire < out.output_targeted
    assert 0 < out.local_loss < 0.05


def test_centre_targets_the_platform_in_the_network_and_upstream_in_the_chain():
    network = subsidy_value(production_network(input_shares(Parameters("network")), None, 1.3))
    assert int(np.argmax(network)) == 0  # the platform
    small = solve_value_network(Parameters("network", num_sectors=4, num_regions=2))
    assert small.targeted_sector == int(np.argmax(small.subsidy_value)) and small.verification.passed
    chain = subsidy_value(production_network(input_shares(Parameters("chain")), None, 1.3))
    assert int(np.argmax(chain)) < 3  # an upstream half sector, not the final one


def test_regional_payoffs_sum_to_output():
    parameters = Parameters("network")
    game = regional_game(parameters)
    s = np.linspace(0.0, 0.3, 6)
    net = production_network(input_shares(parameters), None, parameters.wedge)
    assert game.payoffs(s).sum() == pytest.approx(solve_production(net, s).real_output, rel=1e-12)
    assert [len(r) for r in regions_of(Parameters(num_regions=4))] == [2, 2, 1, 1]


@pytest.mark.parametrize(("change", "name"), [({"topology": "star"}, "topology"), ({"num_sectors": 1}, "num_sectors"),
                                              ({"num_regions": 9}, "num_regions"), ({"input_share": 1.0}, "input_share"),
                                              ({"wedge": 0.5}, "wedge"), ({"max_subsidy": 1.0}, "max_subsidy"),
                                              ({"platform_share": -0.1}, "platform_share")])
def test_bad_parameters_name_the_argument(change, name):
    with pytest.raises(InvalidArgumentError, match=name):
        Parameters(**change)


def test_outcome_follows_the_result_protocol():
    import json

    out = solve_value_network(Parameters("network", num_sectors=3, num_regions=3))
    record = out.to_dict()
    assert json.loads(json.dumps(record)).keys() == record.keys()
    assert record["verification"]["passed"] and out.verification.tolerance == out.threshold
    assert out.to_frame().shape[0] == 1 and "ValueNetworkOutcome" in out.summary() and repr(out).startswith("ValueNetworkOutcome")
