"""Simplex plots of dynamics trajectories."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

import coordgame as cg
from coordgame.plot import plot_trajectory, simplex_coordinates


def test_simplex_coordinates_maps_vertices_and_barycentre():
    xy = simplex_coordinates(np.eye(3))
    np.testing.assert_allclose(xy, [[0, 0], [1, 0], [0.5, np.sqrt(3) / 2]])
    np.testing.assert_allclose(simplex_coordinates([1 / 3] * 3), [[0.5, np.sqrt(3) / 6]])


def test_two_by_two_path_is_drawn_in_the_unit_square():
    r = cg.solvers.replicator_dynamics(cg.games.stag_hunt(), ([0.9, 0.1], [0.8, 0.2]), t_max=10, num_points=11)
    ax = plot_trajectory(r)
    x, y = ax.lines[0].get_data()
    np.testing.assert_allclose(x, r.strategies[0][:, 0])
    np.testing.assert_allclose(y, r.strategies[1][:, 0])
    plt.close(ax.figure)


def test_single_population_two_actions_against_time():
    r = cg.solvers.replicator_dynamics(cg.games.stag_hunt(), [0.7, 0.3], population="single", t_max=10, num_points=11)
    ax = plot_trajectory(r)
    t, share = ax.lines[0].get_data()
    np.testing.assert_allclose(t, r.times)
    np.testing.assert_allclose(share, r.strategies[0][:, 0])
    plt.close(ax.figure)


def test_three_actions_in_the_triangle_for_each_player():
    # Shapley's (1964) game: fictitious play keeps cycling, so the path has every period.
    g = cg.NormalFormGame.from_bimatrix(np.eye(3), np.roll(np.eye(3), 1, axis=1))
    r = cg.solvers.fictitious_play(g, (0, 0), max_iter=100)
    assert len(r.strategies[0]) == 101
    ax = plot_trajectory(r, action_labels=["R", "P", "S"])
    paths = [line for line in ax.lines if len(line.get_xdata()) == len(r.strategies[0])]
    assert len(paths) == 2
    np.testing.assert_allclose(np.column_stack(paths[0].get_data()), simplex_coordinates(r.strategies[0]))
    plt.close(ax.figure)


def test_unsupported_sizes_and_bad_arguments():
    r = cg.solvers.fictitious_play(cg.games.minimum_effort(2, efforts=4), (0, 1), max_iter=5)
    with pytest.raises(cg.errors.UnsupportedGameError):
        plot_trajectory(r)
    with pytest.raises(cg.errors.InvalidArgumentError):
        plot_trajectory(cg.solvers.fictitious_play(cg.games.stag_hunt(), (0, 1), max_iter=5), player=3)
