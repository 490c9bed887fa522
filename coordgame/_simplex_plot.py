r"""Trajectories of learning dynamics drawn on the strategy simplex (matplotlib, imported lazily).

* one population or one player with **two** actions: the share of the first action against time
  (the simplex is the unit interval);
* **two players with two actions each**: the path in the unit square
  :math:`(\sigma_1(a_1), \sigma_2(a_1))`;
* **three** actions: the path in the triangle, with barycentric coordinates mapped to the plane
  by :math:`(x_1, x_2, x_3) \mapsto (x_2 + x_3/2, \tfrac{\sqrt3}{2} x_3)` (vertex *k* = action *k*).

Re-exported by :mod:`coordgame.plot`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from coordgame.errors import InvalidArgumentError, UnsupportedGameError

__all__ = ["simplex_coordinates", "plot_trajectory"]

_TRIANGLE = np.array([[0.0, 0.0], [1.0, 0.0], [0.5, np.sqrt(3) / 2]])


def simplex_coordinates(points: Any) -> np.ndarray:
    """Map points of the 2-simplex (rows of three probabilities) to the plane (rows of x, y).

    Examples
    --------
    >>> from coordgame.plot import simplex_coordinates
    >>> simplex_coordinates([[1, 0, 0], [1 / 3, 1 / 3, 1 / 3]]).round(4).tolist()
    [[0.0, 0.0], [0.5, 0.2887]]
    """
    p = np.atleast_2d(np.asarray(points, dtype=float))
    if p.shape[-1] != 3:
        raise InvalidArgumentError(f"points: expected rows of 3 probabilities, got shape {p.shape}")
    return p @ _TRIANGLE


def _paths(result: Any) -> tuple[list[np.ndarray], np.ndarray | None, str]:
    if hasattr(result, "strategies") and hasattr(result, "times"):
        return [np.asarray(s, dtype=float) for s in result.strategies], np.asarray(result.times), str(result.method)
    arrays = [np.asarray(result, dtype=float)] if np.ndim(result) == 2 else [np.asarray(s, dtype=float) for s in result]
    if not arrays or any(a.ndim != 2 for a in arrays):
        raise InvalidArgumentError("result: expected a DynamicsResult or arrays of shape (T, n) (one per player)")
    return arrays, None, ""


def _triangle_frame(ax: Any, labels: Sequence[str]) -> None:
    corners = np.vstack([_TRIANGLE, _TRIANGLE[:1]])
    ax.plot(corners[:, 0], corners[:, 1], color="0.3", linewidth=0.8)
    for (x, y), label, dy in zip(_TRIANGLE, labels, (-0.05, -0.05, 0.03)):
        ax.annotate(label, (x, y + dy), ha="center", va="center")
    ax.set_aspect("equal")
    ax.set_xlim(-0.08, 1.08)
    ax.set_ylim(-0.1, 0.95)
    ax.axis("off")


def plot_trajectory(
    result: Any,
    ax: Any = None,
    *,
    player: int | None = None,
    action_labels: Sequence[str] | None = None,
    **line_kwargs: Any,
) -> Any:
    """Draw a dynamics trajectory on the simplex and return the matplotlib Axes.

    Parameters
    ----------
    result : DynamicsResult or sequence of arrays
        A result of :mod:`coordgame.solvers.dynamics`, or per-player arrays of shape ``(T, n)``.
    ax : matplotlib Axes, optional
        Drawn into; default: a new :class:`matplotlib.figure.Figure` that pyplot does not
        manage (``plt.show()`` does not display it: save it with
        :func:`coordgame.plot.save_figure`, or pass an ``ax`` from ``plt.subplots``).
    player : int, optional
        Draw only this player's (population's) path.  Default: the unit square for two players
        with two actions each, else every path on a common interval (2 actions) or triangle (3).
    action_labels : sequence of str, optional
        Labels of the actions (vertices); default ``"0"``, ``"1"``, ``"2"``.
    **line_kwargs
        Passed to ``Axes.plot``.

    Raises
    ------
    UnsupportedGameError
        For paths with more than three actions (no planar simplex picture).

    Examples
    --------
    >>> import numpy as np
    >>> import coordgame as cg
    >>> from coordgame.plot import plot_trajectory
    >>> rps = np.array([[0, -1, 2], [2, 0, -1], [-1, 2, 0]])
    >>> r = cg.solvers.replicator_dynamics(rps, [0.6, 0.3, 0.1], population="single", t_max=30)
    >>> ax = plot_trajectory(r)
    >>> len(ax.lines) >= 2
    True
    """
    paths, times, method = _paths(result)
    if player is not None:
        if not 0 <= player < len(paths):
            raise InvalidArgumentError(f"player: expected an index in 0..{len(paths) - 1}, got {player!r}")
        paths = [paths[player]]
    sizes = {p.shape[1] for p in paths}
    if len(sizes) != 1 or sizes.pop() not in (2, 3):
        raise UnsupportedGameError("plot_trajectory draws 2- and 3-action paths only (all paths of one size)")
    n = paths[0].shape[1]
    labels = list(action_labels) if action_labels is not None else [str(k) for k in range(n)]
    if len(labels) != n:
        raise InvalidArgumentError(f"action_labels: expected {n} labels, got {len(labels)}")
    if ax is None:  # a Figure of its own, not pyplot's global state (as in coordgame.plot)
        from matplotlib.figure import Figure

        ax = Figure(figsize=(5, 4.5), layout="constrained").subplots()
    if n == 2 and len(paths) == 2:
        ax.plot(paths[0][:, 0], paths[1][:, 0], **line_kwargs)
        ax.plot(paths[0][-1, 0], paths[1][-1, 0], "o", color=ax.lines[-1].get_color())
        ax.set_xlim(-0.02, 1.02)
        ax.set_ylim(-0.02, 1.02)
        ax.set_aspect("equal")
        ax.set_xlabel(f"player 1: probability of action {labels[0]}")
        ax.set_ylabel(f"player 2: probability of action {labels[0]}")
    elif n == 2:
        t = times if times is not None and len(times) == len(paths[0]) else np.arange(len(paths[0]))
        for k, path in enumerate(paths):
            ax.plot(t, path[:, 0], label=f"player {k + 1}" if len(paths) > 1 else None, **line_kwargs)
        ax.set_ylim(-0.02, 1.02)
        ax.set_xlabel("time")
        ax.set_ylabel(f"probability of action {labels[0]}")
        if len(paths) > 1:
            ax.legend()
    else:
        _triangle_frame(ax, labels)
        for k, path in enumerate(paths):
            xy = simplex_coordinates(path)
            ax.plot(xy[:, 0], xy[:, 1], label=f"player {k + 1}" if len(paths) > 1 else None, **line_kwargs)
            ax.plot(xy[-1, 0], xy[-1, 1], "o", color=ax.lines[-1].get_color())
        if len(paths) > 1:
            ax.legend()
    if method:
        ax.set_title(method)
    return ax
