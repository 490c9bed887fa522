"""Matplotlib helpers for experiment figures: metric lines, regime bars, 2-D sweep heatmaps.

Every helper (the simplex plot :func:`plot_trajectory` included) draws onto a given
:class:`matplotlib.axes.Axes` or, without one, onto a new figure built with
:class:`matplotlib.figure.Figure` directly: no ``pyplot`` global state, so it works the same on
a headless machine, and ``plt.show()`` does not display such a figure (save it with
:func:`save_figure`, or pass an ``ax`` from ``plt.subplots`` to draw into a pyplot figure).
Each labels the axes (with units when given), adds a legend when there is more than one
series, and returns the axes.  :func:`save_figure` writes the PNG.  matplotlib is imported
only when a helper is called.

The inputs are pandas DataFrames in the shape :func:`coordgame.sweep.sweep` returns: one row
per point, one column per parameter or metric.

Dynamics: :func:`plot_trajectory` draws a learning path on the simplex (unit interval, unit
square or triangle); :func:`simplex_coordinates` maps 3-action mixed strategies to the plane
(both from :mod:`coordgame._simplex_plot`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from coordgame._simplex_plot import plot_trajectory, simplex_coordinates
from coordgame.errors import InvalidArgumentError

__all__ = ["new_axes", "line_plot", "bar_chart", "heatmap", "save_figure", "axis_label", "plot_trajectory", "simplex_coordinates"]

#: Colour-blind-safe palette (Okabe & Ito 2008), in a fixed order so a regime keeps its colour.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


def axis_label(name: str, unit: str | None = None) -> str:
    """``"name (unit)"``, or ``name`` alone when there is no unit.

    Examples
    --------
    >>> axis_label("welfare loss", "% of optimum")
    'welfare loss (% of optimum)'
    >>> axis_label("regions")
    'regions'
    """
    return f"{name} ({unit})" if unit else name


def new_axes(ncols: int = 1, nrows: int = 1, *, width: float = 5.5, height: float = 4.0) -> Any:
    """A new figure with ``nrows x ncols`` axes (each ``width x height`` inches); returns the axes array.

    Examples
    --------
    >>> axes = new_axes(2)
    >>> axes.shape
    (2,)
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width * ncols, height * nrows), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False)
    return axes[0] if nrows == 1 else (axes[:, 0] if ncols == 1 else axes)


def _axes(ax: Any) -> Any:
    return new_axes()[0] if ax is None else ax


def _require_columns(data: Any, columns: Sequence[str], name: str = "data") -> None:
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise InvalidArgumentError(f"{name}: missing column(s) {missing}; it has {list(data.columns)}")


def _decorate(ax: Any, xlabel: str | None, ylabel: str | None, title: str | None, legend: bool) -> None:
    if xlabel:
        ax.set_xlabel(xlabel)
    if ylabel:
        ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    if legend:
        ax.legend(frameon=False)
    ax.grid(True, alpha=0.3)


def line_plot(
    data: Any,
    x: str,
    y: str | Sequence[str],
    *,
    hue: str | None = None,
    labels: Mapping[str, str] | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    title: str | None = None,
    ax: Any = None,
) -> Any:
    """Lines of one or more metrics against a parameter, one line per column (or per ``hue`` value).

    Parameters
    ----------
    data : pandas.DataFrame
        One row per point.
    x : str
        The column on the horizontal axis.
    y : str or list of str
        The metric column(s); each is a line (a regime, say) unless ``hue`` is given.
    hue : str, optional
        Group rows by this column and draw one line per group (``y`` must then be one column).
    labels : dict, optional
        Legend labels for columns or ``hue`` values (default: the names themselves).
    xlabel, ylabel, title : str, optional
        Axis labels (default: the column names) and title.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"lam": [0, 0.5, 1], "nash": [3, 2, 1], "planner": [4, 4, 4]})
    >>> ax = line_plot(df, "lam", ["nash", "planner"], ylabel="welfare")
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['nash', 'planner']
    """
    ax = _axes(ax)
    labels = dict(labels or {})
    columns = [y] if isinstance(y, str) else list(y)
    if not columns:
        raise InvalidArgumentError("y: expected at least one column")
    _require_columns(data, [x, *columns, *([hue] if hue else [])])
    if hue is not None:
        if len(columns) != 1:
            raise InvalidArgumentError("y: with hue, give exactly one metric column")
        series = [(str(labels.get(value, f"{hue} = {value}")), group) for value, group in data.groupby(hue, sort=True)]
        series = [(label, group, columns[0]) for label, group in series]
    else:
        series = [(labels.get(c, c), data, c) for c in columns]
    for i, (label, frame, column) in enumerate(series):
        frame = frame.sort_values(x)
        ax.plot(
            frame[x], frame[column], label=label, color=PALETTE[i % len(PALETTE)], marker=MARKERS[i % len(MARKERS)],
            markersize=4, linewidth=1.6,
        )
    _decorate(ax, xlabel or x, ylabel or (columns[0] if len(columns) == 1 else None), title, len(series) > 1)
    return ax


def bar_chart(
    data: Any,
    x: str,
    y: str | Sequence[str],
    *,
    labels: Mapping[str, str] | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    title: str | None = None,
    annotate: bool = False,
    horizontal: bool = False,
    ax: Any = None,
) -> Any:
    """Bars of one or more columns per category; several columns give grouped bars.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per category (a regime, an industry).
    x : str
        The category column.
    y : str or list of str
        Value column(s); several give side-by-side bars with a legend.
    labels : dict, optional
        Legend labels of the value columns.
    annotate : bool
        Write each bar's value at its end (default False).
    horizontal : bool
        Draw horizontal bars, categories top to bottom (default False): better for long names.
    xlabel, ylabel :
        Labels of the category axis and of the value axis (defaults: ``x`` and the value column).
    title, ax :
        As in :func:`line_plot`.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"regime": ["Nash", "planner"], "welfare": [9.0, 10.0]})
    >>> ax = bar_chart(df, "regime", "welfare", ylabel="welfare (bn CNY)")
    >>> len(ax.patches), ax.get_ylabel()
    (2, 'welfare (bn CNY)')
    >>> bar_chart(df, "regime", "welfare", ylabel="welfare (bn CNY)", horizontal=True).get_xlabel()
    'welfare (bn CNY)'
    """
    import numpy as np

    ax = _axes(ax)
    labels = dict(labels or {})
    columns = [y] if isinstance(y, str) else list(y)
    if not columns:
        raise InvalidArgumentError("y: expected at least one column")
    _require_columns(data, [x, *columns])
    positions = np.arange(len(data))
    width = 0.8 / len(columns)
    draw_bars = ax.barh if horizontal else ax.bar
    for i, column in enumerate(columns):
        offset = (i - (len(columns) - 1) / 2) * width
        color = PALETTE[i % len(PALETTE)]
        bars = draw_bars(positions + offset, data[column], width, label=labels.get(column, column), color=color)
        if annotate:
            ax.bar_label(bars, fmt="%.3g", fontsize=8, padding=2)
    names = [str(v) for v in data[x]]
    category_label, value_label = xlabel or x, ylabel or (columns[0] if len(columns) == 1 else None)
    if horizontal:
        ax.set_yticks(positions, names)
        ax.invert_yaxis()
        ax.axvline(0.0, color="black", linewidth=0.8)
        ax.margins(x=0.12)
        _decorate(ax, value_label, category_label, title, len(columns) > 1)
        ax.grid(False, axis="y")
    else:
        crowded = len(data) > 4
        ax.set_xticks(positions, names, rotation=30 if crowded else 0, ha="right" if crowded else "center")
        ax.axhline(0.0, color="black", linewidth=0.8)
        ax.margins(y=0.12)
        _decorate(ax, category_label, value_label, title, len(columns) > 1)
        ax.grid(False, axis="x")
    return ax


def heatmap(
    data: Any,
    x: str,
    y: str,
    value: str,
    *,
    xlabel: str | None = None,
    ylabel: str | None = None,
    value_label: str | None = None,
    title: str | None = None,
    annotate: bool = True,
    cmap: str = "viridis",
    center: float | None = None,
    ax: Any = None,
) -> Any:
    """A 2-D sweep as a heatmap: ``value`` for each (``x``, ``y``) pair, with a labelled colour bar.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per (x, y) point (duplicates are averaged).
    x, y : str
        The parameter columns on the horizontal and vertical axes.
    value : str
        The metric column shown by colour.
    value_label : str, optional
        Colour-bar label (default: ``value``).
    annotate : bool
        Write the value in each cell when the grid is at most 12 x 12 (default True).
    cmap : str
        Matplotlib colour map (default ``"viridis"``).
    center : float, optional
        Put this value at the middle colour of the map, values above and below it scaled
        separately; when every value lies on one side only that half of the map is used (for a
        diverging map, e.g. ``"RdBu_r"``, and a metric whose sign matters).
    xlabel, ylabel, title, ax :
        As in :func:`line_plot`.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"lam": [0, 0, 1, 1], "theta": [0, 1, 0, 1], "loss": [0.0, 1.0, 2.0, 3.0]})
    >>> ax = heatmap(df, "lam", "theta", "loss")
    >>> ax.images[0].get_array().shape
    (2, 2)
    """
    import numpy as np

    ax = _axes(ax)
    _require_columns(data, [x, y, value])
    table = data.pivot_table(index=y, columns=x, values=value, aggfunc="mean").sort_index().sort_index(axis=1)
    grid = table.to_numpy(dtype=float)
    colors, norm = cmap, None
    if center is not None and np.isfinite(grid).any():
        colors, norm = _centred_colours(cmap, center, float(np.nanmin(grid)), float(np.nanmax(grid)))
    image = ax.imshow(grid, origin="lower", aspect="auto", cmap=colors, norm=norm, interpolation="nearest")
    ax.set_xticks(np.arange(grid.shape[1]), [f"{v:g}" for v in table.columns])
    ax.set_yticks(np.arange(grid.shape[0]), [f"{v:g}" for v in table.index])
    colorbar = ax.figure.colorbar(image, ax=ax)
    colorbar.set_label(value_label or value)
    if annotate and max(grid.shape) <= 12:
        for (i, j), v in np.ndenumerate(grid):
            if np.isfinite(v):
                red, green, blue, _ = image.cmap(image.norm(v))
                light = 0.299 * red + 0.587 * green + 0.114 * blue > 0.5  # perceived brightness of the cell
                ax.text(j, i, f"{v:.3g}", ha="center", va="center", fontsize=8, color="black" if light else "white")
    _decorate(ax, xlabel or x, ylabel or y, title, False)
    ax.grid(False)
    return ax


def _centred_colours(cmap: str, center: float, low: float, high: float) -> tuple[Any, Any]:
    """Colour map and norm putting ``center`` at the map's middle colour.

    Values on both sides: the two halves are scaled separately.  All on one side: only that
    half of the map is used, so no colour (or colour-bar length) is spent on absent values.
    """
    import matplotlib
    import numpy as np
    from matplotlib.colors import ListedColormap, Normalize, TwoSlopeNorm

    full = matplotlib.colormaps[cmap]
    if low < center < high:
        return full, TwoSlopeNorm(vcenter=center, vmin=low, vmax=high)
    if low >= center:
        half, limits = np.linspace(0.5, 1.0, 128), (center, max(high, center + 1e-12))
    else:
        half, limits = np.linspace(0.0, 0.5, 128), (min(low, center - 1e-12), center)
    return ListedColormap(full(half), name=f"{cmap}_half"), Normalize(*limits)


def save_figure(figure_or_axes: Any, path: str | os.PathLike, *, dpi: int = 150) -> Path:
    """Save a figure (or the figure of an axes) at ``path``, creating its folder.

    The format follows the path's suffix (``.png``, ``.pdf``, ``.svg``, ...); ``dpi`` applies
    to raster formats.

    Examples
    --------
    >>> import tempfile, os
    >>> ax = new_axes()[0]
    >>> out = save_figure(ax, os.path.join(tempfile.mkdtemp(), "fig.png"))
    >>> out.suffix, out.stat().st_size > 0
    ('.png', True)
    """
    figure = getattr(figure_or_axes, "figure", figure_or_axes)
    if hasattr(figure_or_axes, "flat"):
        figure = next(iter(figure_or_axes.flat)).figure
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=dpi)
    return path
