"""Tests of coordgame.plot: what each helper draws, its labels, saving, and lazy matplotlib."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest

from coordgame.errors import InvalidArgumentError
from coordgame.plot import axis_label, bar_chart, heatmap, line_plot, new_axes, save_figure

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def sweep_table():
    lam = np.repeat([0.0, 0.5, 1.0], 2)
    theta = np.tile([0.0, 0.2], 3)
    return pd.DataFrame({"lam": lam, "theta": theta, "nash": 10 - lam - theta, "planner": 11 + 0 * lam,
                         "loss": 1 + lam + 10 * theta})


def legend_texts(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


def test_line_plot_one_line_per_column_with_labels_and_data(sweep_table):
    data = sweep_table[sweep_table.theta == 0]
    ax = line_plot(data, "lam", ["nash", "planner"], labels={"nash": "local competition"},
                   xlabel=axis_label("λ"), ylabel=axis_label("welfare", "bn"), title="t")
    assert legend_texts(ax) == ["local competition", "planner"]
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == ("λ", "welfare (bn)", "t")
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), [10.0, 9.5, 9.0])


def test_line_plot_hue_draws_one_sorted_line_per_group(sweep_table):
    shuffled = sweep_table.sample(frac=1.0, random_state=0)
    ax = line_plot(shuffled, "lam", "loss", hue="theta")
    assert legend_texts(ax) == ["theta = 0.0", "theta = 0.2"]
    np.testing.assert_array_equal(ax.lines[1].get_xdata(), [0.0, 0.5, 1.0])
    np.testing.assert_allclose(ax.lines[1].get_ydata(), [3.0, 3.5, 4.0])
    assert ax.get_ylabel() == "loss"


def test_single_series_has_no_legend(sweep_table):
    assert line_plot(sweep_table, "lam", "nash").get_legend() is None


def test_bar_chart_grouped_bars(sweep_table):
    data = pd.DataFrame({"industry": ["AI", "EV", "biotech"], "nash": [5, 7, 2], "planner": [2, 3, 1]})
    ax = bar_chart(data, "industry", ["nash", "planner"], ylabel="clusters", annotate=True)
    assert len(ax.patches) == 6
    assert [p.get_height() for p in ax.patches] == [5, 7, 2, 2, 3, 1]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["AI", "EV", "biotech"]
    assert legend_texts(ax) == ["nash", "planner"]


def test_heatmap_cells_match_the_pivoted_table_and_colorbar_is_labelled(sweep_table):
    ax = heatmap(sweep_table, "lam", "theta", "loss", value_label="welfare loss (%)")
    cells = ax.images[0].get_array()
    np.testing.assert_allclose(cells, [[1.0, 1.5, 2.0], [3.0, 3.5, 4.0]])  # rows: theta, columns: lam
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0", "0.5", "1"]
    colorbar_axes = [a for a in ax.figure.axes if a is not ax]
    assert colorbar_axes[0].get_ylabel() == "welfare loss (%)"
    assert len(ax.texts) == 6


@pytest.mark.parametrize("draw", [
    lambda d: line_plot(d, "lam", "missing"),
    lambda d: bar_chart(d, "nope", "nash"),
    lambda d: heatmap(d, "lam", "theta", "missing"),
    lambda d: line_plot(d, "lam", ["nash", "planner"], hue="theta"),
    lambda d: line_plot(d, "lam", []),
])
def test_bad_columns_raise_invalid_argument(sweep_table, draw):
    with pytest.raises(InvalidArgumentError):
        draw(sweep_table)


def test_save_figure_writes_a_png_from_axes_or_axes_array(tmp_path, sweep_table):
    axes = new_axes(2)
    line_plot(sweep_table, "lam", "nash", ax=axes[0])
    for target, name in ((axes, "a.png"), (axes[1], "sub/b.png")):
        path = save_figure(target, tmp_path / name)
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_importing_coordgame_plot_and_sweep_does_not_import_matplotlib_or_pandas():
    code = "import sys, coordgame, coordgame.plot, coordgame.sweep; print('matplotlib' in sys.modules, 'pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_heatmap_center_is_the_middle_colour(sweep_table):
    data = sweep_table.assign(excess=sweep_table["loss"] - 2.0)  # from -1 to 2
    norm = heatmap(data, "lam", "theta", "excess", cmap="RdBu_r", center=0.0).images[0].norm
    assert (norm.vmin, norm(0.0), norm.vmax) == (-1.0, 0.5, 2.0)
    image = heatmap(sweep_table, "lam", "theta", "loss", cmap="RdBu_r", center=0.0).images[0]  # all above the centre
    assert (image.norm.vmin, image.norm.vmax) == (0.0, 4.0)
    np.testing.assert_allclose(image.cmap(0.0), matplotlib.colormaps["RdBu_r"](0.5), atol=0.01)  # white at the centre


def test_helpers_leave_pyplot_alone():
    # The module promises figures built without pyplot's global state, the simplex plot included.
    import matplotlib.pyplot as plt

    from coordgame.plot import plot_trajectory

    before = plt.get_fignums()
    ax = plot_trajectory([np.array([[0.5, 0.5], [0.9, 0.1]]), np.array([[0.5, 0.5], [0.2, 0.8]])])
    line_plot(pd.DataFrame({"x": [0, 1], "y": [1, 2]}), "x", "y")
    assert plt.get_fignums() == before and len(ax.lines) >= 2
