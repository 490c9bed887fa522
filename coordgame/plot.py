"""Plotting helpers built on matplotlib (imported lazily, inside the functions).

Dynamics: :func:`plot_trajectory` draws a learning path on the simplex (unit interval, unit
square or triangle); :func:`simplex_coordinates` maps 3-action mixed strategies to the plane.
"""

from coordgame._simplex_plot import plot_trajectory, simplex_coordinates

__all__ = ["plot_trajectory", "simplex_coordinates"]
