"""Stage 2: the Cournot market of one industry, solved exactly for heterogeneous costs."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["cournot"]


def cournot(costs: Any, intercept: Any, slope: Any) -> tuple[np.ndarray, np.ndarray]:
    r"""Exact Cournot equilibrium with linear demand and heterogeneous constant marginal costs.

    Vectorised over leading axes: ``costs[..., i]`` is firm ``i``'s marginal cost in market
    ``...`` (``inf`` for a firm that is absent).  Firms whose cost is at or above the price
    produce zero.

    Parameters
    ----------
    costs : array_like, shape (..., n)
        Non-negative marginal costs (``inf`` = not in the market).
    intercept, slope : array_like, broadcastable to ``costs.shape[:-1]``
        Inverse demand ``P = intercept - slope * Q`` (``slope > 0``).

    Returns
    -------
    price : ndarray, shape (...)
    quantities : ndarray, shape (..., n)

    Examples
    --------
    Costs 10, 20 and 60 with ``P = 100 - Q``: the third firm stays out (60 > price 43.3).

    >>> from coordgame.models.duplicate_construction import cournot
    >>> price, q = cournot([10.0, 20.0, 60.0], 100.0, 1.0)
    >>> round(float(price), 4), q.round(4).tolist()
    (43.3333, [33.3333, 23.3333, 0.0])
    """
    costs = np.asarray(costs, dtype=np.float64)
    a = np.asarray(intercept, dtype=np.float64)
    b = np.asarray(slope, dtype=np.float64)
    ordered = np.sort(costs, axis=-1)
    finite = np.isfinite(ordered)
    running = np.cumsum(np.where(finite, ordered, 0.0), axis=-1)
    before = running - np.where(finite, ordered, 0.0)  # sum of the cheaper firms' costs
    m = np.arange(1, costs.shape[-1] + 1)
    # the m-th cheapest firm is active iff its cost is below the price set by the m-1 cheaper ones
    enters = finite & (ordered * m < a[..., None] + before)
    enters = np.logical_and.accumulate(enters, axis=-1)
    active = enters.sum(axis=-1)
    total = np.take_along_axis(running, np.maximum(active - 1, 0)[..., None], axis=-1)[..., 0]
    price = (a + np.where(active > 0, total, 0.0)) / (active + 1)
    margin = np.where(np.isfinite(costs), price[..., None] - costs, 0.0)
    quantities = np.maximum(margin, 0.0) / b[..., None]
    return price, quantities
